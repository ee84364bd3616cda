#!/bin/bash
# SPDX-License-Identifier: MIT
# A small ring that overflows: the records overwritten before the window
# are reported as loss, and the counts add up exactly (one CPU, so one
# ring: records made = overwritten + gaps + records decoded).
. "$(dirname "$0")/lib.bash"

command -v taskset >/dev/null || skip "taskset not installed"
N=20000
taskset -c 0 "$TLR" --buffer-size 128K -o "$T/o.tlz" -- "$PROG/sysloop" getppid $N >/dev/null
rc=$?
[ $rc = 0 ] || fail "exit status $rc"
"$CHECK" "$T/o.tlz" >"$T/o.txt" || fail "tlcheck failed"
O=$T/o.txt
expect "$O" "^lost overwritten [1-9][0-9]* cpu=0 trace=1$" "overwritten records reported"
expect_none "$O" "cpu=1 " "records on another CPU"
records=$(sed -n 's/^trace .* records=\([0-9]*\) .*/\1/p' "$O")
over=$(awk '$1 == "lost" { n += $3 } END { print n + 0 }' "$O")
# records behind the decoded events: a call with enter and return is 2,
# a lone return or a call that never returns is 1, process events 1
seen=$(awk '$1 == "sys" { n += ($0 ~ / (noenter|noret|inflight)/) ? 1 : 2 }
	    $1 == "fork" || $1 == "exec" || $1 == "exit" { n++ }
	    END { print n + 0 }' "$O")
calls=$(grep -c ' getppid ' "$O")
echo "records=$records overwritten=$over decoded=$seen getppid=$calls"
[ "$records" -ge $((2 * N)) ] || fail "only $records records made for $N calls"
[ "$calls" -gt 100 ] && [ "$calls" -lt $N ] || fail "$calls getppid kept of $N"
[ $((over + seen)) = "$records" ] || fail "overwritten $over + decoded $seen != made $records"
