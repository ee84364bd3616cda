#!/bin/bash
# SPDX-License-Identifier: MIT
# The recorder's cgroup check keeps per-CPU answers keyed by the cgroup's
# address (bpf/recorder.bpf.c, struct tlr_cgc); a removed cgroup's address
# can be given to a new one, so every rmdir drops them (tl_cg_rmdir bumps
# the generation). Here untraced cgroups come and go while new cgroups
# appear below the traced one, on the same CPUs: every process below the
# traced cgroup is recorded, none of the others, and the generation in
# the recorder's .bss moves on each rmdir.
. "$(dirname "$0")/lib.bash"
command -v jq >/dev/null || fail "jq is not installed (scripts/deps.sh installs it)"

A=$(new_cgroup "tlz-test-r-$$")
CLEANUP=("find '$A' -depth -type d -exec rmdir {} +" "rmdir '$CG/tlz-test-rx-$$' 2>/dev/null")

"$TLR" -v --cgroup "/tlz-test-r-$$" -o "$T/r.tlz" 2>"$T/err" &
tlr=$!
CLEANUP+=("kill $tlr")
wait_for "$T/err" "recording 1 cgroup"

# the generation, read from the recorder's .bss (the newest recorder map)
bss=$(bpftool map show -j | jq -r '[.[] | select(.name | endswith(".bss")) | select(.name | startswith("recorder"))] | max_by(.id) | .id')
[ -n "$bss" ] && [ "$bss" != null ] || fail "no recorder .bss map found"
gen() { bpftool map dump id "$bss" -j | jq -r '.[0].formatted.value[".bss"][] | select(.hot) | .hot.gen'; }
g0=$(gen)
[ -n "$g0" ] && [ "$g0" != null ] || fail "cannot read hot.gen from map $bss"

n=20
for i in $(seq $n); do
	X=$(new_cgroup "tlz-test-rx-$$")
	run_in "$X" sh -c "cat /nonexistent/tlz-reuse-out-$i; cat /nonexistent/tlz-reuse-out-$i" 2>/dev/null
	rmdir "$X" || fail "rmdir $X"
	Y=$(new_cgroup "tlz-test-r-$$/y$i")
	run_in "$Y" sh -c "cat /nonexistent/tlz-reuse-in-$i" 2>/dev/null
done
g1=$(gen)
[ "$g1" -ge $((g0 + n)) ] || fail "generation $g0 -> $g1 after $n rmdirs"

kill -INT $tlr
wait $tlr
rc=$?
[ $rc = 0 ] || { cat "$T/err"; fail "tl-record exit $rc"; }
"$CHECK" "$T/r.tlz" >"$T/r.txt" || fail "tlcheck failed"
for i in $(seq $n); do
	expect "$T/r.txt" "openat ret=-2 err=ENOENT .*\"/nonexistent/tlz-reuse-in-$i\"$" "process in new cgroup y$i"
done
expect_none "$T/r.txt" "tlz-reuse-out-" "processes of the untraced cgroups"
echo "ok: $n new cgroups below the traced one recorded, $n untraced ones not; generation $g0 -> $g1"
