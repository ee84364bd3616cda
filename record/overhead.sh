#!/bin/bash
# SPDX-License-Identifier: MIT
# overhead.sh - a quick overhead check of tl-record while developing it
# (the real benchmarks are bench/'s). Runs tests/bpf/prog/sysloop in
# interleaved rounds: untraced with nothing attached (base), traced by a
# one-shot tl-record (traced), and untraced while tl-record records another
# cgroup (other); prints the median of the per-round ratios to base. Then
# the BPF programs' own cost (kernel.bpf_stats_enabled, ns per run).
# ns/op is the loop's CPU time (not inflated by other tasks on a busy
# machine; the BPF programs run in the syscall, so they are counted);
# OVH_WALL=1 uses wall time instead.
#
#   record/overhead.sh [ROUNDS [N]]      (root; build first)
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
B=${TL_BUILD:-$top/build}
TLR=$B/tl-record
LOOP=$B/tests/bpf/prog/sysloop
ROUNDS=${1:-5}
N=${2:-300000}
CG=$(awk '$3 == "cgroup2" { print $2; exit }' /proc/mounts)
T=$(mktemp -d)
mkdir -p "$CG/tlz-ovh-T" "$CG/tlz-ovh-O"
trap 'rmdir "$CG/tlz-ovh-T" "$CG/tlz-ovh-O" 2>/dev/null; rm -rf "$T"' EXIT

run_in() {	# CGROUP CMD...
	local cg=$1
	shift
	sh -c 'echo $$ > "$0/cgroup.procs" && exec "$@"' "$cg" "$@"
}
# ns/op: CPU time (column 4) unless OVH_WALL=1 (wall time, column 3)
nsop() { awk -v c=$((${OVH_WALL:-0} ? 3 : 4)) '{ print $c }'; }

for r in $(seq "$ROUNDS"); do
	for m in getppid write openclose readfile; do
		n=$N
		[ $m = openclose ] && n=$((N / 2))
		b=$(run_in "$CG/tlz-ovh-O" "$LOOP" $m $n | nsop)
		t=$("$TLR" -q -o "$T/t.tlz" -- "$LOOP" $m $n | nsop)
		"$TLR" -v --cgroup /tlz-ovh-T -o "$T/o.tlz" 2>"$T/err" &
		pid=$!
		until grep -q recording "$T/err"; do sleep 0.02; done
		o=$(run_in "$CG/tlz-ovh-O" "$LOOP" $m $n | nsop)
		kill -INT $pid
		wait $pid
		echo "$r $m $b $t $o"
	done
done >"$T/runs"

echo "median ns/op ($([ "${OVH_WALL:-0}" = 1 ] && echo wall || echo CPU) time) and median of per-round ratios ($ROUNDS rounds, N=$N):"
printf '%-10s %8s %8s %7s %8s %7s\n' mode base traced ratio other ratio
for m in getppid write openclose readfile; do
	awk -v m=$m '$2 == m { print $3, $4, $5, $4 / $3, $5 / $3 }' "$T/runs" |
	python3 -c '
import sys, statistics as s
rows = [list(map(float, l.split())) for l in sys.stdin]
med = [s.median(c) for c in zip(*rows)]
print("%-10s %8.0f %8.0f %6.2fx %8.0f %6.2fx" % (sys.argv[1], med[0], med[1], med[3], med[2], med[4]))' $m
done

echo "BPF programs, ns per run (traced loop, N=$N; includes untraced tasks' runs):"
old=$(sysctl -n kernel.bpf_stats_enabled)
for m in getppid write openclose readfile; do
	sysctl -qw kernel.bpf_stats_enabled=1
	"$TLR" -q -o "$T/s.tlz" -- sh -c "$LOOP $m $N >/dev/null; bpftool prog show -j > $T/stats.json"
	sysctl -qw kernel.bpf_stats_enabled="$old"
	python3 - "$m" "$T/stats.json" <<'P'
import json, sys
d = {p["name"]: p for p in json.load(open(sys.argv[2])) if p.get("name", "").startswith("tl_sys")}
e, x = d["tl_sys_enter"], d["tl_sys_exit"]
print("%-10s enter %5.0f  exit %5.0f" % (sys.argv[1], e["run_time_ns"] / e["run_cnt"], x["run_time_ns"] / x["run_cnt"]))
P
done
