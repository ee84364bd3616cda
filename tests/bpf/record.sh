#!/bin/bash
# SPDX-License-Identifier: MIT
# One-shot recording of a program with known syscalls (tests/bpf/prog/
# known.c): every expected event is in the trace, with its arguments,
# captures, paired return value and the exit codes of every process; the
# command's exit status is passed through.
. "$(dirname "$0")/lib.bash"

out=$("$TLR" -o "$T/k.tlz" -- "$PROG/known" "$T" 2>"$T/err")
rc=$?
[ $rc = 5 ] || { cat "$T/err"; fail "exit status $rc, expected the command's 5"; }
[ -s "$T/err" ] && { cat "$T/err"; fail "unexpected messages on stderr"; }
ids_from "$out"
[ -n "${grandchild:-}" ] || fail "known printed no ids: $out"
"$CHECK" "$T/k.tlz" >"$T/k.txt" || fail "tlcheck failed"
K=$T/k.txt

expect "$K" "^file $T/k.tlz chunks=[0-9]+ footer=1 damaged=0 truncated=0$" "complete file"
expect "$K" "^trace 1 known kind=command records=[0-9]+ lost_busy=0 lost_size=0 lost_other=0$"
# the launch: execve recorded with its path and argv, then the EXEC event
expect "$K" "^sys $pid $pid x86_64 execve ret=0 .* c0=str:[0-9]+/[0-9]+:\"$PROG/known\" c1=argv:[0-9]+/2:\"$PROG/known\\\\x00$T\\\\x00\" c2=count:0/[1-9][0-9]*:\"\"$" "execve with argv"
expect "$K" "^exec $pid $pid old=$pid comm=known file=\"$PROG/known\"$"
# calls with known arguments and results
expect "$K" "^sys $pid $pid x86_64 getppid ret=[1-9][0-9]* a0="
expect "$K" "^sys $pid $pid x86_64 openat ret=-2 err=ENOENT a0=ffffff9c .* c1=strX?:22/22:\"/nonexistent/tlz-known\"$" "failing openat"
expect "$K" "^sys $pid $pid x86_64 write ret=10 a0=[0-9a-f]+ a1=[0-9a-f]+ a2=a .* c1=buf:10/10:\"hello tlz\\\\x0a\"$" "write data"
expect "$K" "^sys $pid $pid x86_64 read ret=65536 .* a2=10000 .* c1=bufTX:256/65536:\"(0123456789abcdef){16}\"$" "64 KiB read, 256 bytes kept at exit"
# the path ends on the last byte of a page; the next page is unmapped
expect "$K" "^sys $pid $pid x86_64 openat ret=-2 err=ENOENT .* c1=str:30/30:\"/nonexistent/tlz-near-page-end\"$" "path at a page end read whole at enter"
# a path on a page not faulted in at enter: read again at exit (X), and
# the retry is not taken again by the next syscall
expect "$K" "^sys $pid $pid x86_64 openat ret=-2 err=ENOENT .* c1=strX:29/29:\"/nonexistent/tlz-read-at-exit\"$" "path read again at exit"
[ "$(grep -c ' openat .*tlz-read-at-exit' "$K")" = 1 ] || fail "the retried path was captured more than once"
# thread, child, grandchild, killed child: forks and exit codes
expect "$K" "^fork $pid $pid child=$thread/$pid thread$"
expect "$K" "^exit $thread $pid code=0x0$" "thread exit (not the group)"
expect "$K" "^fork $pid $pid child=$child/$child$"
expect "$K" "^fork $child $child child=$grandchild/$grandchild$"
expect "$K" "^sys $grandchild $grandchild x86_64 getpid ret=$grandchild "
expect "$K" "^sys $grandchild $grandchild x86_64 exit_group ret=\\? noret a0=7 "
expect "$K" "^exit $grandchild $grandchild code=0x700 group$"
expect "$K" "^sys $child $child x86_64 wait4 ret=$grandchild .* c1=bufX:4/4:\"\\\\x00\\\\x07\\\\x00\\\\x00\"$" "wait status captured at exit"
expect "$K" "^exit $child $child code=0x300 group$"
expect "$K" "^sys $killed $killed x86_64 kill ret=0 a0=$(printf %x "$killed") a1=f "
expect "$K" "^exit $killed $killed code=0xf group$" "killed by SIGTERM"
expect "$K" "^sys $pid $pid x86_64 wait4 ret=$killed .* c1=bufX:4/4:\"\\\\x0f\\\\x00\\\\x00\\\\x00\"$"
expect "$K" "^sys $pid $pid x86_64 write ret=[0-9]+ a0=1 .*grandchild=$grandchild killed=$killed\\\\x0a\"$" "stdout write"
expect "$K" "^sys $pid $pid x86_64 exit_group ret=\\? noret a0=5 "
expect "$K" "^exit $pid $pid code=0x500 group$"
# pairing: every call has its enter and its return, except the first
# return of each new task (its clone started in the parent) and the calls
# that never return
expect_none "$K" "^lost " "nothing lost"
expect_none "$K" " inflight" "no call left open"
grep ' noenter' "$K" | grep -Ev "^sys [0-9]+ [0-9]+ x86_64 (clone|clone3) ret=0 noenter$" >"$T/bad" || true
[ -s "$T/bad" ] && { cat "$T/bad"; fail "returns without their enter"; }
grep ' noret' "$K" | grep -Ev " x86_64 (exit|exit_group) ret=\\? noret " >"$T/bad" || true
[ -s "$T/bad" ] && { cat "$T/bad"; fail "calls without their return"; }
# each task's first record is the return of its clone: one per task
for p in $pid $thread $child $grandchild $killed; do
	n=$(grep -c "^sys $p [0-9]* x86_64 clone3\{0,1\} ret=0 noenter$" "$K")
	[ "$n" = 1 ] || fail "$n clone returns without enter for tid $p, expected 1"
done
# the launch: the PATH search is done before the command starts, so its
# first syscall is the one execve of the program found (no failed execve of
# other PATH entries, no launcher syscall before it); its starting cwd is
# in the process table
TLC=$BUILD/tl-convert
want=$(PATH="/nonexistent/tlz-bin:/usr/bin:/bin" type -P true)
[ -n "$want" ] || fail "no 'true' in /usr/bin:/bin"
(cd "$T" && PATH="/nonexistent/tlz-bin:/usr/bin:/bin" "$TLR" -v -o "$T/p.tlz" -- true 2>"$T/perr") ||
	{ cat "$T/perr"; fail "tl-record -- true failed"; }
ppid=$(sed -n "s/.*recording 'true' (pid \([0-9]*\)).*/\1/p" "$T/perr")
[ -n "$ppid" ] || { cat "$T/perr"; fail "no pid for true"; }
"$TLC" -f strace "$T/p.tlz" >"$T/p.txt" || fail "tl-convert -f strace"
first=$(awk -v p="$ppid" '$1 == p' "$T/p.txt" | head -n1)
re="^$ppid +execve\\(\"$want\", \\[\"true\"\\], .*\\) = 0\$"
[[ $first =~ $re ]] ||
	fail "first syscall of $ppid is not the execve of $want: $first"
expect_none "$T/p.txt" "execve\(.*ENOENT" "no failed execve from a PATH search"
if command -v sqlite3 >/dev/null; then
	"$TLC" -f sqlite -o "$T/p.db" "$T/p.tlz" || fail "tl-convert -f sqlite"
	cwd=$(sqlite3 "$T/p.db" "select cwd from processes where pid = $ppid")
	[ "$cwd" = "$T" ] || fail "cwd of $ppid is '$cwd', expected '$T'"
fi
# a name found nowhere on PATH, or only as a file that cannot be run: the
# shell's statuses and a one-line error before anything is recorded
PATH="/nonexistent/tlz-bin:$T" "$TLR" -o "$T/q.tlz" -- tlz-no-such-cmd 2>"$T/qerr"
rc=$?
[ $rc = 127 ] || fail "command not on PATH: exit $rc, expected 127"
expect "$T/qerr" "^tl-record: cannot run 'tlz-no-such-cmd': No such file or directory$"
[ "$(wc -l <"$T/qerr")" = 1 ] || { cat "$T/qerr"; fail "more than one line"; }
[ -e "$T/q.tlz" ] && fail "a file was written for a command that was not found"
printf 'exit 0\n' >"$T/tlz-noexec"
chmod 644 "$T/tlz-noexec"
PATH="/nonexistent/tlz-bin:$T" "$TLR" -o "$T/q.tlz" -- tlz-noexec 2>"$T/qerr"
rc=$?
[ $rc = 126 ] || fail "not executable on PATH: exit $rc, expected 126"
expect "$T/qerr" "^tl-record: cannot run 'tlz-noexec': Permission denied$"
# a signal handler: its rt_sigreturn exits with orig_ax -1, which is no
# x32 call; the record keeps the task's x86_64 ABI (a dump once warned
# "no syscall table for ABI x32")
"$TLR" -o "$T/sig.tlz" -- bash -c 'trap "echo got" USR1; kill -USR1 $$' >"$T/sig.out" 2>"$T/sigerr" ||
	{ cat "$T/sigerr"; fail "signal handler run failed"; }
grep -qx got "$T/sig.out" || fail "the handler did not run"
[ -s "$T/sigerr" ] && { cat "$T/sigerr"; fail "messages while dumping a signal handler's trace"; }
"$CHECK" "$T/sig.tlz" >"$T/sig.txt" || fail "tlcheck sig"
expect "$T/sig.txt" "^sys [0-9]+ [0-9]+ x86_64 rt_sigreturn ret=0 " "rt_sigreturn as x86_64, paired"
expect_none "$T/sig.txt" "^sys [0-9]+ [0-9]+ x32 " "no x32 record"
echo "ok: $(grep -c '^sys ' "$K") syscalls checked"
