#!/bin/bash
# SPDX-License-Identifier: MIT
# DESIGN.md story 1 recorded for real: bc writes 42 to one file, cat opens
# another that is not there. failed-opens, exec-tree, files, summary,
# errors and last must say so.
. "$(dirname "$0")/analyze_lib.bash"

"$TLR" -q -o story.tlz -- sh -c 'echo "3*7*2" | bc > '"$T"'/file-1889 ; cat '"$T"'/file-3240' \
	> out.txt 2> err.txt && fail "the command should fail (cat exits 1)"
[ "$(cat file-1889)" = 42 ] || fail "bc did not write 42"

"$ANA" failed-opens --json story.tlz > fo.json
check "cat's failed open" '.rows | any(.comm == "cat" and .syscall == "openat" and
	.errno == "ENOENT" and .message == "No such file or directory" and
	(.path | endswith("/file-3240")))' fo.json
check "no failed open of the file bc wrote" '.rows | all(.path | endswith("/file-1889") | not)' fo.json
"$ANA" failed-opens story.tlz > fo.txt
has "text table" "^ +1 +[0-9]+ +cat +openat +ENOENT \(No such file or directory\) .*/file-3240$" fo.txt

"$ANA" exec-tree --json story.tlz > tree.json
check "root is sh, exited 1" '.roots | length == 1 and (.[0].execs | map(.comm) | index("sh") != null)
	and .[0].exit_code == 1' tree.json
check "bc exec'd in a child, exited 0" '[.. | objects | select(.execs? and (.execs | any(.comm == "bc")))]
	| length == 1 and .[0].exit_code == 0' tree.json
check "cat exec'd with its argv, exited 1" '[.. | objects | select(.execs? and (.execs | any(.comm == "cat")))]
	| length == 1 and .[0].exit_code == 1 and (.[0].execs[-1].argv[1] | endswith("/file-3240"))' tree.json
"$ANA" exec-tree story.tlz > tree.txt
has "tree drawing" "^[├└]─ [0-9]+ sh " tree.txt
has "exec line" "↳ exec cat .* cat $T/file-3240$" tree.txt

"$ANA" files --json story.tlz > files.json
check "3 bytes written to file-1889" '.rows | any((.path // "" | endswith("/file-1889"))
	and .bytes_written == 3 and (.modes | index("creat")))' files.json

"$ANA" summary story.tlz > sum.txt
has "summary header" '^% time     seconds  usecs/call     calls    errors syscall$' sum.txt
has "summary total" '^100\.00 +[0-9]+\.[0-9]{6} +[0-9]+ +[0-9]+ +[0-9]+ total$' sum.txt
has "execve in the summary" ' execve$' sum.txt

"$ANA" last -n 3 --json story.tlz > last.json
check "cat's last calls end in exit_group" '.processes | any(.comm == "cat" and .exit_code == 1
	and .calls[-1].syscall == "exit_group" and .calls[-1].noreturn)' last.json
"$ANA" report --json story.tlz | jq -e '.failed_opens | length > 0' >/dev/null || fail "report --json"
echo "ok: story"
