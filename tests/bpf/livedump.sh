#!/bin/bash
# SPDX-License-Identifier: MIT
# Dumps while BPF keeps writing: snapshots taken during a busy syscall loop
# (the rings wrapping many times per second) decode cleanly: every block
# whole or left out, no damaged record, no gap, only records overwritten
# before each window.
. "$(dirname "$0")/lib.bash"

C=$(new_cgroup "tlz-test-live-$$")
"$TLR" -v --buffer-size 256K --cgroup "$C" -o "$T/l.tlz" 2>"$T/err" &
tlr=$!
CLEANUP=("kill $tlr" "rmdir '$C'")
wait_for "$T/err" "recording 1 cgroup"

SYSLOOP_READY=5000 run_in "$C" "$PROG/sysloop" write 100000000 >"$T/loop.out" &
loop=$!
# the loop runs as a child of a subshell: kill it through its cgroup
CLEANUP=("echo 1 > '$C/cgroup.kill'" "wait $loop" "${CLEANUP[@]}")
# 5000 writes made before the first snapshot: more than a 256 KiB ring keeps
wait_for "$T/loop.out" "^ready$"
for i in 1 2 3 4 5; do
	kill -USR1 $tlr
	wait_for "$T/err" "wrote snapshot '$T/l.$i.tlz'"
done
echo 1 >"$C/cgroup.kill"
wait $loop 2>/dev/null
kill -INT $tlr
wait $tlr || fail "tl-record failed"

for i in 1 2 3 4 5; do
	f=$T/l.$i.tlz
	"$CHECK" "$f" >"$T/c$i.txt" 2>"$T/w$i.txt" || fail "tlcheck $f"
	[ -s "$T/w$i.txt" ] && { cat "$T/w$i.txt"; fail "decoder warnings on $f"; }
	expect "$T/c$i.txt" "^file .* damaged=0 truncated=0$"
	expect "$T/c$i.txt" "^lost overwritten [1-9][0-9]* " "snapshot $i: overwritten records counted"
	expect_none "$T/c$i.txt" "^lost gap" "snapshot $i: no record missing inside the window"
	n=$(grep -c ' write ret=64 ' "$T/c$i.txt")
	[ "$n" -gt 100 ] || fail "snapshot $i: only $n writes"
	echo "snapshot $i: $n writes, $(grep '^lost' "$T/c$i.txt" | tr '\n' ' ')"
done
