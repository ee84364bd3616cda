#!/bin/bash
# SPDX-License-Identifier: MIT
# --cgroup mode with snapshots: SIGUSR1 writes FILE.1.tlz and recording
# goes on; SIGTERM writes FILE with everything. --duration stops by itself.
. "$(dirname "$0")/lib.bash"

C=$(new_cgroup "tlz-test-snap-$$")
"$TLR" -v --cgroup "$C" -o "$T/s.tlz" 2>"$T/err" &
tlr=$!
CLEANUP=("kill $tlr" "rmdir '$C'")
wait_for "$T/err" "recording 1 cgroup"

out1=$(run_in "$C" "$PROG/known" "$T")
ids_from "$out1"
pid1=$pid
kill -USR1 $tlr
wait_for "$T/err" "wrote snapshot '$T/s.1.tlz'"
pid2=$(run_in "$C" sh -c 'echo $$')
kill -TERM $tlr
wait $tlr
rc=$?
[ $rc = 0 ] || { cat "$T/err"; fail "tl-record exit $rc"; }

"$CHECK" "$T/s.1.tlz" >"$T/s1.txt" || fail "tlcheck snapshot"
"$CHECK" "$T/s.tlz" >"$T/s.txt" || fail "tlcheck final"
expect "$T/s1.txt" "^file .* footer=1 damaged=0 truncated=0$"
expect "$T/s1.txt" "^exit $pid1 $pid1 code=0x500 group$" "first program in the snapshot"
expect_none "$T/s1.txt" "^(sys|exit) $pid2 " "second program not yet in the snapshot"
expect "$T/s.txt" "^exit $pid1 $pid1 code=0x500 group$" "first program in the final file"
expect "$T/s.txt" "^exit $pid2 $pid2 code=0x0 group$" "second program in the final file"
expect_none "$T/s.txt" "^lost " "nothing lost"

# --duration: stops and writes the file without a signal
"$TLR" --cgroup "$C" --duration 200ms -o "$T/d.tlz"
rc=$?
[ $rc = 0 ] || fail "--duration: exit $rc"
"$CHECK" "$T/d.tlz" >"$T/d.txt" || fail "tlcheck --duration file"
expect "$T/d.txt" "^trace 1 .* kind=cgroup "
echo "ok"
