#!/bin/bash
# SPDX-License-Identifier: MIT
# Every query over the real recordings in samples/ (see samples/README.md):
# what each story must show, checked with jq on --json, printed without
# pids and times so that the golden holds when the samples are re-recorded.
set -e
export TZ=UTC
S=$TL_TOP/samples
s1=$S/story1-bc-file.tlz s2=$S/story2-ls-grep-wget.tlz mp=$S/multiprocess.tlz
ok() { jq -e "$1" > /dev/null || { echo "FAIL: $2 ($1)"; exit 1; }; }

echo "story 1:"
tl-analyze failed-opens --json "$s1" | ok '.rows | any(.comm == "cat" and .syscall == "openat"
	and .path == "/tmp/file-3240" and .errno == "ENOENT")' "cat's failed open"
tl-analyze failed-opens --json "$s1" | jq -r '.rows[] | "  failed \(.comm) \(.syscall) \(.path) \(.errno)"'
tl-analyze exec-tree --json "$s1" | jq -r '.roots[] | .. | objects | select(.execs?) |
	"  process \(if (.execs | length) == 0 then "(fork)" else ([.execs[].comm] | join(">")) end) \(.end_text)"'
# the traced command's trace starts at its own execve: no comm is known
# before it, so its row is named after that exec (text and JSON alike)
tl-analyze exec-tree --json "$s1" | jq -r '.roots[0] | "  root named \(.comm) (JSON)"'
tl-analyze exec-tree "$s1" | awk 'NR == 2 { print "  root named " $2 " (text)" }'
tl-analyze files --json "$s1" | jq -r '.rows[] | select(.path == "/tmp/file-1889") |
	"  file \(.path) modes=\(.modes | join(",")) written=\(.bytes_written)"'
tl-analyze summary --json "$s1" | ok '.tables[0].rows | any(.syscall == "execve" and .calls == 3)' "3 execve"
tl-analyze lost "$s1" | tail -n 1 | sed 's/^/  /'

echo "story 2:"
tl-analyze exec-tree --json "$s2" | jq -r '.roots[] | .. | objects | select(.execs?) |
	"  process \(if (.execs | length) == 0 then "(fork)" else ([.execs[].comm] | join(">")) end) \(.end_text)"'
# ls -l stats and reads the xattrs of every file of /bin: many calls, all
# on paths under /bin
n=$(tl-analyze sql "SELECT count(*) FROM syscalls WHERE name IN ('statx', 'newfstatat', 'lstat') AND path LIKE '/bin/%'" "$s2" | sed -n 2p)
[ "$n" -gt 500 ] || { echo "FAIL: ls stat calls: $n"; exit 1; }
echo "  ls stat calls on /bin/*: more than 500"
tl-analyze errors --json "$s2" | ok '.rows[0].syscall == "lgetxattr" and .rows[0].errno == "ENODATA"
	and .rows[0].count > 500' "lgetxattr ENODATA is the biggest group"
tl-analyze failed-opens --json "$s2" | ok '.rows | all(.syscall | contains("xattr") | not)' "no xattr in failed-opens"
tl-analyze net --json "$s2" | jq -r '.rows[] | select(.op == "connect") | "  net \(.comm) \(.proto) \(.address) \(.errno)"' | sort -u
tl-analyze files --json --comm ls "$s2" | ok '.rows | any(.path == "/bin/" and (.modes | index("dir")))' "ls opened /bin/"

echo "multiprocess:"
tl-analyze exec-tree --json "$mp" > tree.json
jq -r '[.. | objects | select(.pid? and .children?)] | "  \(length) processes"' tree.json
jq -r '.roots[0] | "  root \([.execs[].comm] | join(">")) \(.end_text)"' tree.json
jq -r '[.. | objects | select(.execs? and (.execs | length > 0)) | .execs[-1].comm] | group_by(.) |
	map("  \(length) x \(.[0])") | .[]' tree.json
jq -e '[.. | objects | select(.execs? and (.execs | any(.comm == "sleep")))][0] | .signal == "SIGSEGV"' tree.json > /dev/null \
	|| { echo "FAIL: sleep killed by SIGSEGV"; exit 1; }
echo "  sleep killed by SIGSEGV"
tl-analyze files --json "$mp" | jq -r '.rows[] | select(.path // "" | startswith("/tmp/tlz-mp-")) |
	"  file \(.path) written=\(.bytes_written) read=\(.bytes_read)"'
tl-analyze last -n 1 --json --comm rm "$mp" | jq -r '[.processes[] | .calls[-1].syscall] | unique | "  rm ends with \(.)"'
tl-analyze report -o report.html "$mp"
grep -c '<svg[^>]*class="proc"' report.html | sed 's/^/  report timelines: /'
