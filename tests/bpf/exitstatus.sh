#!/bin/bash
# SPDX-License-Identifier: MIT
# tl-record -- CMD exits like CMD: its status, 128+N when killed by signal
# N, 127 when not found, 126 when not executable; SIGTERM to tl-record is
# passed to CMD and a complete file is still written. Without root it
# says so in one line and exits 3.
. "$(dirname "$0")/lib.bash"

"$TLR" -o "$T/a.tlz" -- sh -c 'exit 7'
[ $? = 7 ] || fail "exit 7 not passed through"
"$TLR" -o "$T/b.tlz" -- sh -c 'kill -KILL $$'
[ $? = 137 ] || fail "SIGKILL: expected 137"
"$CHECK" "$T/b.tlz" >"$T/b.txt" || fail "tlcheck"
expect "$T/b.txt" "^exit [0-9]+ [0-9]+ code=0x9 group$" "killed by SIGKILL"

"$TLR" -o "$T/c.tlz" -- /nonexistent/tlz-cmd 2>"$T/err"
[ $? = 127 ] || fail "missing command: expected 127"
expect "$T/err" "^tl-record: cannot run '/nonexistent/tlz-cmd': No such file or directory$"
"$CHECK" "$T/c.tlz" >"$T/c.txt" || fail "tlcheck"
expect "$T/c.txt" "^sys [0-9]+ [0-9]+ x86_64 execve ret=-2 err=ENOENT .*\"/nonexistent/tlz-cmd\"" "the failed execve is in the trace"

printf 'not a program\n' >"$T/noexec"
"$TLR" -o "$T/d.tlz" -- "$T/noexec" 2>"$T/err"
[ $? = 126 ] || fail "not executable: expected 126"
expect "$T/err" "cannot run '$T/noexec': Permission denied"

# SIGTERM while the command runs: passed on, file complete, 128+15
"$TLR" -v -o "$T/e.tlz" -- sleep 1000 2>"$T/err2" &
tlr=$!
CLEANUP+=("kill -KILL $tlr")
wait_for "$T/err2" "recording 'sleep' \\(pid [0-9]+\\)"
spid=$(sed -n "s/.*recording 'sleep' (pid \\([0-9]*\\)).*/\\1/p" "$T/err2")
kill -TERM $tlr
wait $tlr
rc=$?
[ $rc = 143 ] || { cat "$T/err2"; fail "SIGTERM: exit $rc, expected 143"; }
"$CHECK" "$T/e.tlz" >"$T/e.txt" || fail "tlcheck after SIGTERM"
expect "$T/e.txt" "^file .* footer=1 damaged=0 truncated=0$" "complete file"
expect "$T/e.txt" "^exec $spid $spid old=$spid comm=sleep "
expect "$T/e.txt" "^exit $spid $spid code=0xf group$" "sleep ended by the forwarded SIGTERM"
# the sleep returns with a restart code before the signal kills it
expect "$T/e.txt" "^sys $spid $spid x86_64 clock_nanosleep ret=-516 err=ERESTART_RESTARTBLOCK " "the interrupted sleep"
[ -z "$(ls "$T" | grep '\.tmp')" ] || fail "temporary file left behind"

# an output that cannot be written: found before the command runs
"$TLR" -o /nonexistent/dir/x.tlz -- touch "$T/ran" 2>"$T/err4"
[ $? = 1 ] || fail "unwritable output: expected exit 1"
expect "$T/err4" "^tl-record: cannot write '/nonexistent/dir/x.tlz': No such file or directory$"
[ -e "$T/ran" ] && fail "the command ran although the output cannot be written"

# not root: one line, exit 3
if command -v setpriv >/dev/null; then
	setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$TLR" -o /nonexistent/x.tlz -- true 2>"$T/err3"
	rc=$?
	[ $rc = 3 ] || fail "not root: exit $rc, expected 3"
	expect "$T/err3" "^tl-record: recording needs root .*run it as root"
	[ "$(wc -l <"$T/err3")" = 1 ] || fail "more than one line"
fi
echo "ok"
