#!/bin/bash
# SPDX-License-Identifier: MIT
# bench_smoke.sh - the benchmark harness works end to end: bench/run.sh in
# its quick mode (tiny sizes, one round, one loop mode and the tar
# workload) runs every section against the real recorders (tl-record,
# strace, perf trace record, trace-cmd), bench/report.sh writes every
# table and the chart, and the machine is left as it was (ftrace buffer
# size and tracing_on, bpf_stats, cgroups). No timing is asserted: the
# figures of a quick run mean nothing.
set -u
top=${TL_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
B=${TL_BUILD:-$top/build}

skip() { echo "$*"; exit 77; }
fail() { echo "FAIL: $*"; exit 1; }

[ "$(id -u)" = 0 ] || skip "not root: the benchmarks need BPF, tracefs and cgroups"
for t in strace perf trace-cmd bpftool jq; do
	command -v $t >/dev/null || skip "'$t' is not installed (scripts/deps.sh installs it)"
done
[ -x "$B/bench/sysbench" ] || fail "'$B/bench/sysbench' was not built by make"

T=$(mktemp -d /tmp/tl-bench-smoke.XXXXXX)
trap 'rm -rf "$T"' EXIT
TRACEFS=$(awk '$3 == "tracefs" { print $2; exit }' /proc/mounts)
CG=$(awk '$3 == "cgroup2" { print $2; exit }' /proc/mounts)
kb0=$([ -n "$TRACEFS" ] && cat "$TRACEFS/buffer_size_kb")
on0=$([ -n "$TRACEFS" ] && cat "$TRACEFS/tracing_on")
st0=$(sysctl -n kernel.bpf_stats_enabled)
cgs0=$(ls -d "$CG"/tlz-bench* "$CG"/tlz-idle-* 2>/dev/null | sort)

# sysbench itself: every mode prints its line, a bad mode is a usage error
for m in getppid write openclose readfile mix; do
	"$B/bench/sysbench" -f "$T/sb.dat" "$m" 10 >"$T/sb.out" || fail "sysbench $m failed"
	grep -q "^mode=$m n=10 syscalls=[0-9]* ns_per_op=[0-9.]* cpu_ns_per_op=[0-9.]*" "$T/sb.out" ||
		fail "sysbench $m printed: $(cat "$T/sb.out")"
done
[ "$(stat -c %s "$T/sb.dat")" = 4096 ] || fail "the data file is not 4 KiB"
"$B/bench/sysbench" nosuchmode 10 2>/dev/null
[ $? = 2 ] || fail "sysbench: an unknown mode is not a usage error"
"$B/bench/sysbench" run sh -c 'exit 3' >"$T/sb.out"
[ $? = 3 ] || fail "sysbench run: the command's status is not passed on"
grep -q '^mode=run .*status=3' "$T/sb.out" || fail "sysbench run printed: $(cat "$T/sb.out")"
"$B/bench/runstat" -o "$T/rs.out" sh -c 'exit 4'
[ $? = 4 ] || fail "runstat: the command's status is not passed on"
grep -q '^wall_ns=[0-9]* maxrss_kb=[0-9]* user_ns=[0-9]* sys_ns=[0-9]* status=4$' "$T/rs.out" ||
	fail "runstat printed: $(cat "$T/rs.out")"

BENCH_QUICK=1 BENCH_MODES=getppid BENCH_OUT="$T/run" TL_BUILD="$B" \
	"$top/bench/run.sh" >"$T/run.log" 2>&1
rc=$?
[ $rc = 75 ] && skip "another benchmark run holds the lock: $(tail -n 1 "$T/run.log")"
[ $rc = 0 ] || { cat "$T/run.log"; fail "bench/run.sh failed (exit $rc)"; }
BENCH_OUT="$T/run" BENCH_DOC="$T/PERFORMANCE.md" BENCH_SVG="$T/perf.svg" TL_BUILD="$B" \
	"$top/bench/report.sh" >>"$T/run.log" 2>&1 || { cat "$T/run.log"; fail "bench/report.sh failed"; }

R=$T/run/results.tsv
# has SECTION VARIANT MODE: a result line for it, with a value
has() {
	awk -F'\t' -v s="$1" -v v="$2" -v m="$3" '$1 == s && $3 == v && $4 == m && $5 ~ /=[0-9]/ { f = 1 } END { exit !f }' "$R" ||
		{ cat "$T/run.log"; fail "no result for $1 / $2 / $3"; }
}
for v in base tlr tlr-nodata strace perf trace-cmd; do
	has overhead $v getppid
	has overhead $v tar
done
for v in base u-tlr u-trace-cmd; do
	has untraced $v getppid
done
if "$B/tl-record" daemon --help >/dev/null 2>&1; then
	has untraced u-daemon getppid
fi
for v in tlr-zstd tlr-zstd-nodata tlr-zlib tlr-zlib-nodata perf trace-cmd; do
	has size $v getppid
	has size $v tar
	has size $v empty
done
for f in tl-2m tl-4m perf trace-cmd; do
	has decode $f info
done
for t in tl-convert-strace tl-convert-json tl-convert-sqlite tl-convert-pcapng tl-analyze-summary; do
	has decode $t 2m
	has decode $t 4m
done
for t in perf-script perf-trace-i trace-cmd-report; do
	has decode $t 2m
done
has dump tl-record 1M
has dump tl-record 16M
for v in tlr tlr-nodata u-tlr; do
	has profile $v getppid
done
# the recorded files hold what the workload did: the size runs of
# 4000 getppid calls are all in the .tlz, the trace.dat and the perf.data
awk -F'\t' '$1 == "size" && $4 == "getppid" {
	split($5, a, " "); for (i in a) { split(a[i], kv, "="); f[kv[1]] = kv[2] }
	if (f["syscalls"] < f["n"] || f["lost"] != 0) { print $3 ": " $5; bad = 1 }
} END { exit bad }' "$R" || fail "a size run lost syscalls"

D=$T/PERFORMANCE.md
for h in "## Summary against the targets" "## 1. Recording overhead" "## 2. Cost for untraced" \
	"## 3. File size" "## 4. Decode speed" "## 5. Dump latency" "## 6. Peak memory" \
	"## 7. Where the time goes" "## Machine, versions, commands"; do
	grep -q "^$h" "$D" || fail "the report has no '$h' section"
done
for row in "| tl-record (strings and buffers) | [0-9]" "| tl-record --no-data | [0-9]" \
	"| strace -f -s 256 -o FILE | [0-9]" "| perf trace record | [0-9]" \
	"| trace-cmd record -e raw_syscalls, pid filter | [0-9]" \
	"| tl-record --cgroup (another cgroup) | [0-9]" "| .tlz zstd, --no-data | [0-9]" \
	"| trace.dat (trace-cmd record) | [0-9]" "| \`tl-convert-strace\` | [0-9]" \
	"| \`trace-cmd-report\` | [0-9]" "| 2 x 1MiB | [0-9]" "| getppid | tlr | [0-9]" \
	"| traced overhead <= 1.35x" "| dump of 2 x 1 MiB < 20 ms |"; do
	grep -qF -- "${row% \[0-9\]}" "$D" || fail "the report has no row '$row'"
	case $row in *"[0-9]") grep -q -- "$(printf '%s' "$row" | sed 's/[|.()*]/\\&/g; s/\\\[0-9\\\]/[0-9]/')" "$D" ||
		fail "the row '${row% \[0-9\]}' has no figure" ;; esac
done
grep -q 'BENCH_QUICK=1 smoke run' "$D" || fail "the quick report does not say it is a smoke run"
head -c 5 "$T/perf.svg" | grep -q '<svg' || fail "the chart is not an SVG"
grep -q '<rect x=[^>]*><title>tl-record getppid' "$T/perf.svg" || fail "the chart has no tl-record bar"

# the machine as it was
if [ -n "$TRACEFS" ]; then
	[ "$(cat "$TRACEFS/buffer_size_kb")" = "$kb0" ] || [ "$(sed 's/.*expanded: *\([0-9]*\).*/\1/' <<<"$kb0")" = "$(cat "$TRACEFS/buffer_size_kb")" ] ||
		fail "buffer_size_kb was $kb0, is $(cat "$TRACEFS/buffer_size_kb")"
	[ "$(cat "$TRACEFS/tracing_on")" = "$on0" ] || fail "tracing_on was $on0, is $(cat "$TRACEFS/tracing_on")"
fi
[ "$(sysctl -n kernel.bpf_stats_enabled)" = "$st0" ] || fail "kernel.bpf_stats_enabled was not restored"
cgs1=$(ls -d "$CG"/tlz-bench* "$CG"/tlz-idle-* 2>/dev/null | sort)
[ "$cgs1" = "$cgs0" ] || fail "cgroups were left behind: $(comm -13 <(echo "$cgs0") <(echo "$cgs1") | tr '\n' ' ')"
echo "bench smoke: every section ran, the report has every table"
exit 0
