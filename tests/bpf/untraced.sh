#!/bin/bash
# SPDX-License-Identifier: MIT
# --cgroup mode: a traced cgroup's processes (and those of a cgroup below
# it) are recorded; a process in a cgroup that is not traced leaves no
# event at all.
. "$(dirname "$0")/lib.bash"

A=$(new_cgroup "tlz-test-a-$$")
SUB=$(new_cgroup "tlz-test-a-$$/sub")
B=$(new_cgroup "tlz-test-b-$$")
# rmdir order: the child cgroup first
CLEANUP=("rmdir '$SUB'" "rmdir '$A'" "rmdir '$B'")

"$TLR" -v --cgroup "/tlz-test-a-$$" -o "$T/u.tlz" 2>"$T/err" &
tlr=$!
CLEANUP+=("kill $tlr")
wait_for "$T/err" "recording 1 cgroup"

outb=$(run_in "$B" "$PROG/known" "$T")
[ $? = 5 ] || fail "known in B failed"
outa=$(run_in "$A" "$PROG/known" "$T")
[ $? = 5 ] || fail "known in A failed"
outs=$(run_in "$SUB" "$PROG/sysloop" getppid 10)
[ $? = 0 ] || fail "sysloop in A/sub failed"
subpid=$(run_in "$SUB" sh -c 'echo $$')

kill -INT $tlr
wait $tlr
rc=$?
[ $rc = 0 ] || { cat "$T/err"; fail "tl-record exit $rc"; }
"$CHECK" "$T/u.tlz" >"$T/u.txt" || fail "tlcheck failed"
U=$T/u.txt
expect "$U" "^trace 1 /tlz-test-a-$$ kind=cgroup "
ids_from "$outa"
expect "$U" "^exit $pid $pid code=0x500 group$" "process in the traced cgroup"
expect "$U" "^exit $grandchild $grandchild code=0x700 group$" "its grandchild"
expect "$U" "^sys $subpid $subpid x86_64 exit_group ret=\\? noret a0=0 " "process in a cgroup below"
expect "$U" "^sys [0-9]+ [0-9]+ x86_64 getppid " "sysloop below"
ids_from "$outb"
for p in $pid $thread $child $grandchild $killed; do
	expect_none "$U" "^(sys|fork|exec|exit) $p " "events of untraced pid $p"
	expect_none "$U" "child=$p/" "fork of untraced pid $p"
done
echo "ok: untraced pids $pid $child $grandchild absent"
