#!/bin/bash
# SPDX-License-Identifier: MIT
# Several --cgroup options (the runtime-configurable path the daemon will
# use): each cgroup's processes go to its own trace, a cgroup below a
# traced one belongs to the most specific traced cgroup, and an untraced
# cgroup leaves nothing.
. "$(dirname "$0")/lib.bash"

A=$(new_cgroup "tlz-test-ma-$$")
AS=$(new_cgroup "tlz-test-ma-$$/deep")
B=$(new_cgroup "tlz-test-mb-$$")
BS=$(new_cgroup "tlz-test-mb-$$/x")
BSS=$(new_cgroup "tlz-test-mb-$$/x/y")
C=$(new_cgroup "tlz-test-mc-$$")
CLEANUP=("rmdir '$AS'" "rmdir '$A'" "rmdir '$BSS'" "rmdir '$BS'" "rmdir '$B'" "rmdir '$C'")

# A at level 1, B/x at level 2 (B itself is not traced), A/deep inside A
"$TLR" -v --cgroup "/tlz-test-ma-$$" --cgroup "$BS" --cgroup "$AS" --name m \
	-o "$T/m.tlz" 2>"$T/err" &
tlr=$!
CLEANUP+=("kill $tlr")
wait_for "$T/err" "recording 3 cgroups"

pa=$(run_in "$A" sh -c 'echo $$')
pas=$(run_in "$AS" sh -c 'echo $$')
pb=$(run_in "$B" sh -c 'echo $$')
pbs=$(run_in "$BS" sh -c 'echo $$')
pbss=$(run_in "$BSS" sh -c 'echo $$')
pc=$(run_in "$C" sh -c 'echo $$')
kill -INT $tlr
wait $tlr
[ $? = 0 ] || { cat "$T/err"; fail "tl-record failed"; }
"$CHECK" "$T/m.tlz" >"$T/m.txt" || fail "tlcheck"
M=$T/m.txt
expect "$M" "^trace 1 m-1 kind=cgroup "
expect "$M" "^trace 2 m-2 kind=cgroup "
expect "$M" "^trace 3 m-3 kind=cgroup "
for p in $pa $pas $pbs $pbss; do
	expect "$M" "^exit $p $p code=0x0 group$" "pid $p recorded"
done
for p in $pb $pc; do
	expect_none "$M" "^(sys|exit|exec|fork) $p " "untraced pid $p"
done
# each trace alone
"$CHECK" --trace 1 "$T/m.tlz" >"$T/t1.txt" || fail "tlcheck --trace 1"
"$CHECK" --trace 2 "$T/m.tlz" >"$T/t2.txt" || fail "tlcheck --trace 2"
"$CHECK" --trace 3 "$T/m.tlz" >"$T/t3.txt" || fail "tlcheck --trace 3"
expect "$T/t1.txt" "^exit $pa $pa " "pid $pa in trace 1 (A)"
expect "$T/t3.txt" "^exit $pas $pas " "pid $pas in trace 3 (A/deep: the most specific)"
expect_none "$T/t1.txt" "^(sys|exit) $pas " "pid $pas not in trace 1"
for p in $pa $pas; do
	expect_none "$T/t2.txt" "^(sys|exit) $p " "pid $p not in trace 2"
done
for p in $pbs $pbss; do
	expect "$T/t2.txt" "^exit $p $p " "pid $p in trace 2 (B/x, and below it)"
	expect_none "$T/t1.txt" "^(sys|exit) $p " "pid $p not in trace 1"
done
echo "ok"
