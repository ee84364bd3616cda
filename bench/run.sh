#!/bin/bash
# SPDX-License-Identifier: MIT
# run.sh - the benchmark campaign of issue 7: tl-record side by side with
# strace, perf trace record and trace-cmd on this machine, in one run.
# Writes raw results to $BENCH_OUT/results.tsv (one line per run), the
# machine description to meta.txt and every command run to commands.log;
# bench/report.sh turns them into docs/PERFORMANCE.md and the chart.
# `make bench` runs both. Needs root (BPF, tracefs, cgroups).
#
# Sections (BENCH_SECTIONS, default all, in this order):
#   overhead  traced workloads: baseline vs tl-record (default, --no-data),
#             strace, perf trace record, trace-cmd (pid filter); and the
#             floor of the recorder's design: empty programs on its attach
#             points (floor-empty), and the same reading the clock
#             (floor-clock), bench/floor.bpf.c
#   untraced  workloads in another cgroup while tl-record, the daemon with
#             100 idle traced cgroups, or trace-cmd records something else
#   size      bytes per recorded syscall: .tlz (zstd, zlib, +-data),
#             perf.data, trace.dat
#   decode    events/s of tl-convert, tl-analyze, perf script, perf trace -i,
#             trace-cmd report on >= 2 M syscalls of the same workload; peak
#             RSS of tl-convert and tl-analyze on 2 M and 4 M syscalls
#   dump      tl-record's dump time of 2 CPUs x 1 MiB and 2 x 16 MiB
#   profile   BPF programs' run time per call (kernel.bpf_stats_enabled)
#
# Every figure is measured in BENCH_ROUNDS interleaved rounds (default 5):
# each round runs every variant once, in a shuffled (seeded) order.
#
# Environment: BENCH_QUICK=1 (tiny sizes, 1 round: a smoke run, figures
# meaningless), BENCH_MODES (loops, default "getppid write openclose
# readfile"; the tar workload always runs), BENCH_ROUNDS, BENCH_SECTIONS, BENCH_OUT (scratch and
# results, default build/bench-run), BENCH_SEED, BENCH_TAR_DIR (the
# realistic workload's input, default /usr/share/doc), BENCH_TC_BUF
# (trace-cmd -b, KiB per CPU, default 131072), BENCH_SCALE (percent of the
# loops' iteration counts, default 100), BENCH_SLOW_ROUNDS (rounds of
# `perf trace -i`, minutes per run here; default BENCH_ROUNDS).
#
# Usage: bench/run.sh          (then bench/report.sh)
# Exit status: 0 done (failed runs are left out and said on stderr),
# 1 cannot run here, 75 another run holds the lock (BENCH_LOCK_WAIT
# seconds to wait for it, default 0).
set -u
export LC_ALL=C

top=$(cd "$(dirname "$0")/.." && pwd)
B=${TL_BUILD:-$top/build}
TLR=$B/tl-record
TLC=$B/tl-convert
TLA=$B/tl-analyze
SB=$B/bench/sysbench
RS=$B/bench/runstat
FLOOR=$B/bench/floor
OUT=${BENCH_OUT:-$B/bench-run}
QUICK=${BENCH_QUICK:-0}
ROUNDS=${BENCH_ROUNDS:-5}
SEED=${BENCH_SEED:-7}
SECTIONS=${BENCH_SECTIONS:-overhead untraced size decode dump profile}
TAR_DIR=${BENCH_TAR_DIR:-/usr/share/doc}
TC_BUF=${BENCH_TC_BUF:-131072}
SCALE=${BENCH_SCALE:-100}
SLOW_ROUNDS=${BENCH_SLOW_ROUNDS:-$ROUNDS}
MODES=${BENCH_MODES:-getppid write openclose readfile}

# Iterations per mode (about 1-2 s untraced on this machine when it is
# idle). Slow tracers get fewer: ns/op does not depend on N.
# shellcheck disable=SC2034  # read through ${!v} in n_for
N_getppid=1000000 N_write=1000000 N_openclose=500000 N_readfile=1000000 N_tar=1
N_MEM2=340000 N_MEM4=680000	# mix: 6 syscalls each, 2.04 M and 4.08 M
N_SIZE_DIV=5		# size section: N / 5
DUMP_MIX_1M=20000 DUMP_MIX_16M=120000
if [ "$QUICK" = 1 ]; then
	ROUNDS=${BENCH_ROUNDS:-1}
	SLOW_ROUNDS=${BENCH_SLOW_ROUNDS:-1}
	# shellcheck disable=SC2034
	N_getppid=20000 N_write=20000 N_openclose=10000 N_readfile=20000
	N_MEM2=1000 N_MEM4=2000
	DUMP_MIX_1M=3000 DUMP_MIX_16M=3000
	TC_BUF=${BENCH_TC_BUF:-4096}
	TAR_DIR=${BENCH_TAR_DIR:-$top/format}
fi

die() { echo "bench: $*" >&2; exit 1; }
note() { echo "bench: $*" >&2; }

[ "$(id -u)" = 0 ] || die "needs root (BPF, tracefs, cgroups)"
for f in "$TLR" "$TLC" "$TLA" "$SB" "$RS"; do
	[ -x "$f" ] || die "'$f' is missing: run 'make' first"
done
for t in strace perf trace-cmd bpftool jq tar stdbuf shuf taskset; do
	command -v $t >/dev/null || die "'$t' is missing: run 'scripts/deps.sh'"
done
CG=$(awk '$3 == "cgroup2" { print $2; exit }' /proc/mounts)
[ -n "$CG" ] || die "no cgroup2 mount in /proc/mounts"
TRACEFS=$(awk '$3 == "tracefs" { print $2; exit }' /proc/mounts)
if [ -z "$TRACEFS" ]; then
	mount -t tracefs nodev /sys/kernel/tracing 2>/dev/null &&
		TRACEFS=/sys/kernel/tracing
fi
[ -n "$TRACEFS" ] || die "tracefs is not mounted and cannot be"

# One run at a time on this machine: ftrace and bpf_stats are global, and
# a second run would measure the first one's load.
LOCK=${BENCH_LOCK:-/run/lock/tlz-bench.lock}
exec 9>"$LOCK" || die "cannot open the lock '$LOCK'"
if ! flock -w "${BENCH_LOCK_WAIT:-0}" 9; then
	echo "bench: another benchmark run holds '$LOCK'" >&2
	exit 75
fi

mkdir -p "$OUT" || die "cannot create '$OUT'"
OUT=$(cd "$OUT" && pwd)
RES=$OUT/results.tsv
LOG=$OUT/commands.log
META=$OUT/meta.txt
DAT=$OUT/sysbench.dat
GATE=$OUT/gate
: >"$RES"
: >"$LOG"
# cgroups of this run: the traced one (the untraced section's recorder
# target) and the one where baseline and untraced workloads run
CGT=$CG/tlz-benchT-$$
CGO=$CG/tlz-benchO-$$
CGT_REL=/tlz-benchT-$$
IDLE=tlz-idle-$$
NIDLE=100
[ "$QUICK" = 1 ] && NIDLE=5

# ------------------------------------------------------------ clean-up

# ftrace state that trace-cmd changes and leaves behind
tc_kb_saved=$(sed -e 's/.*expanded: *\([0-9]*\).*/\1/' "$TRACEFS/buffer_size_kb")
tc_on_saved=$(cat "$TRACEFS/tracing_on")
tc_fork_saved=$(cat "$TRACEFS/options/event-fork")
bpfstats_saved=$(sysctl -n kernel.bpf_stats_enabled)
BG_PIDS=""		# recorders started in the background, ended by pid

restore_tracefs() {
	echo "$tc_kb_saved" >"$TRACEFS/buffer_size_kb" 2>/dev/null
	echo "$tc_on_saved" >"$TRACEFS/tracing_on" 2>/dev/null
	echo "$tc_fork_saved" >"$TRACEFS/options/event-fork" 2>/dev/null
	: >"$TRACEFS/set_event_pid" 2>/dev/null
	echo 0 >"$TRACEFS/events/raw_syscalls/filter" 2>/dev/null
}

cleanup() {
	local p
	for p in $BG_PIDS; do
		kill -INT "$p" 2>/dev/null
	done
	for p in $BG_PIDS; do
		kill -0 "$p" 2>/dev/null && sleep 1 && kill -KILL "$p" 2>/dev/null
	done
	restore_tracefs
	sysctl -qw kernel.bpf_stats_enabled="$bpfstats_saved"
	rmdir "$CGT" "$CGO" 2>/dev/null
	for p in "$CG/$IDLE"-*; do
		[ -d "$p" ] && rmdir "$p" 2>/dev/null
	done
	rm -f "$GATE"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir -p "$CGT" "$CGO" || die "cannot create cgroups under $CG"

# ------------------------------------------------------------- helpers

# res SECTION ROUND VARIANT MODE KEY=VALUE...: one result line
res() {
	local s=$1 r=$2 v=$3 m=$4
	shift 4
	printf '%s\t%s\t%s\t%s\t%s\n' "$s" "$r" "$v" "$m" "$*" >>"$RES"
}

# q ARG...: the arguments quoted for a shell, on one line
q() {
	local a out=""
	for a in "$@"; do
		if [[ $a =~ ^[][A-Za-z0-9_./=:,+@%^-]+$ ]]; then
			out="$out $a"
		else
			out="$out '$(printf '%s' "$a" | sed "s/'/'\\\\''/g")'"
		fi
	done
	echo "${out# }"
}

# logcmd SECTION VARIANT MODE CMDLINE: remember the exact command
logcmd() {
	local s=$1 v=$2 m=$3
	shift 3
	printf '%s\t%s\t%s\t%s\n' "$s" "$v" "$m" "$*" >>"$LOG"
}

# n_for MODE DIVISOR: the iteration count of MODE divided by DIVISOR
n_for() {
	local v="N_$1"
	local n=$(( ${!v} * SCALE / 100 / $2 ))
	[ $n -lt 1 ] && n=1
	echo $n
}

# shuffled WORD...: the words in a seeded random order (changes per call)
SHUF_N=0
shuffled() {
	SHUF_N=$((SHUF_N + 1))
	printf '%s\n' "$@" | shuf --random-source=<(yes "$SEED.$SHUF_N")
}

# wait_for FILE PATTERN SECONDS: until FILE has a line matching PATTERN
wait_for() {
	local i
	for i in $(seq $(($3 * 20))); do
		grep -q -- "$2" "$1" 2>/dev/null && return 0
		sleep 0.05
	done
	return 1
}

# The realistic workload: tar of TAR_DIR through a pipe (GNU tar skips
# reading the files when it writes to /dev/null itself), run and timed by
# `sysbench run`.
TAR_CMD="tar -cf - $TAR_DIR 2>/dev/null | cat > /dev/null"

# sb_cmd MODE N SBOPTS...: sets the array SBC to the sysbench command of
# MODE (a loop of N, or `run` of the tar workload) with options SBOPTS
sb_cmd() {
	local mode=$1 n=$2
	shift 2
	SBC=("$SB" -f "$DAT" "$@")
	if [ "$mode" = tar ]; then
		SBC+=(run sh -c "$TAR_CMD")
	else
		SBC+=("$mode" "$n")
	fi
}

# parse the sysbench line in FILE into "key=value ..." (empty if none)
sb_line() { grep -m1 '^mode=' "$1" 2>/dev/null; }

# trace-cmd: start recording (in the background) of pid $2 into $1, with
# an event filter on the pid, or with set_event_pid + event-fork (children
# followed) when $3 = fork. Sets TC_PID. Returns non-zero when it did not
# get ready.
tc_start() {
	local file=$1 pid=$2 how=${3:-filter} log=$OUT/tc.log attempt i
	local -a cmd
	rm -f "$file"
	TC_PRE=""
	if [ "$how" = fork ]; then
		echo "$pid" >"$TRACEFS/set_event_pid"
		echo 1 >"$TRACEFS/options/event-fork"
		TC_PRE="echo $pid > $TRACEFS/set_event_pid; echo 1 > $TRACEFS/options/event-fork; "
		cmd=(trace-cmd record -d --no-filter -b "$TC_BUF" -e raw_syscalls -o "$file")
	else
		cmd=(trace-cmd record -d --no-filter -b "$TC_BUF" -e raw_syscalls -f "common_pid==$pid" -o "$file")
	fi
	TC_CMD="$TC_PRE$(q "${cmd[@]}")"
	# trace-cmd 3.1.6 gives up ("error in size of file '/proc/kallsyms'")
	# when BPF programs come or go while it copies kallsyms, as they do on
	# a machine shared with BPF tests: try again, the workload still waits
	for attempt in 1 2 3 4 5; do
		stdbuf -oL "${cmd[@]}" >"$log" 2>&1 &
		TC_PID=$!
		BG_PIDS="$BG_PIDS $TC_PID"
		for i in $(seq 1200); do
			grep -q "Hit Ctrl" "$log" && return 0
			kill -0 "$TC_PID" 2>/dev/null || break
			sleep 0.05
		done
		wait "$TC_PID" 2>/dev/null
		BG_PIDS=${BG_PIDS/ $TC_PID/}
		note "trace-cmd did not start (attempt $attempt): $(tr '\n' ' ' <"$log" | tail -c 200)"
		rm -f "$file"
	done
	return 1
}

# trace-cmd: stop it, and end any recorder child it left behind (by pid)
tc_stop() {
	local kids p
	kids=$(pgrep -P "$TC_PID" 2>/dev/null)
	kill -INT "$TC_PID" 2>/dev/null
	wait "$TC_PID" 2>/dev/null	# exits 1 here (set_ftrace_filter EPERM)
	for p in $kids; do
		if kill -0 "$p" 2>/dev/null; then
			note "ending orphaned trace-cmd recorder $p"
			kill -KILL "$p" 2>/dev/null
		fi
	done
	BG_PIDS=${BG_PIDS/ $TC_PID/}
	restore_tracefs
}

# gated workload in the background: sets W_PID; its stdout goes to $1
gated_start() {	# OUTFILE SBARGS...
	local out=$1
	shift
	rm -f "$GATE"
	mkfifo "$GATE"
	"$@" >"$out" 2>"$out.err" &
	W_PID=$!
}
gate_open() { echo g >"$GATE"; }

# ------------------------------------------------------------ machine

meta() {
	local k=$1
	shift
	printf '%s\t%s\n' "$k" "$*" >>"$META"
}

describe_machine() {
	: >"$META"
	meta date "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
	meta host_kernel "$(uname -srm)"
	meta cpu "$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo) x $(nproc)"
	meta memory "$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
	meta os "$(. /etc/os-release && echo "$PRETTY_NAME")"
	meta hypervisor "$(dmesg 2>/dev/null | grep -m1 -o 'Hypervisor detected: .*' || echo unknown)"
	meta uptime_start "$(uptime)"
	meta tl_record "$("$TLR" --version 2>&1 | head -n1)"
	meta tl_convert "$("$TLC" --version 2>&1 | head -n1)"
	meta tl_analyze "$("$TLA" --version 2>&1 | head -n1)"
	meta git "$(cd "$top" && git rev-parse --short HEAD 2>/dev/null)$(cd "$top" && git diff --quiet HEAD 2>/dev/null || echo ' (modified)')"
	meta strace "$(strace -V | head -n1)"
	meta perf "$(perf version 2>&1 | head -n1)"
	meta trace_cmd "$(trace-cmd --version 2>&1 | grep -m1 version)"
	meta bpftool "$(bpftool version 2>&1 | head -n1)"
	meta libbpf "$(bpftool version 2>&1 | grep -m1 -o 'libbpf v[0-9.]*')"
	meta cc "$(${CC:-gcc} --version | head -n1)"
	meta tar "$(tar --version | head -n1)"
	meta quick "$QUICK"
	meta rounds "$ROUNDS"
	meta slow_rounds "$SLOW_ROUNDS"
	meta seed "$SEED"
	meta tc_buf "$TC_BUF"
	meta tar_dir "$TAR_DIR ($(du -sh "$TAR_DIR" 2>/dev/null | cut -f1), $(find "$TAR_DIR" -type f 2>/dev/null | wc -l) files)"
	meta n "getppid $(n_for getppid 1), write $(n_for write 1), openclose $(n_for openclose 1), readfile $(n_for readfile 1)"
	meta other_bpf "$(bpftool prog show 2>/dev/null | grep -c ' tracing \| raw_tracepoint \| tracepoint ') tracing/tracepoint BPF programs loaded by others at the start"
	meta mitigations "$(grep -r . /sys/devices/system/cpu/vulnerabilities/meltdown 2>/dev/null | sed 's/.*://')"
	meta cgroup2 "$CG"
	if "$TLR" daemon --help >/dev/null 2>&1; then
		meta daemon yes
	else
		meta daemon "no ('tl-record daemon' is not in this build)"
	fi
}

# --------------------------------------------------- 1. traced overhead

# overhead_run ROUND VARIANT MODE
overhead_run() {
	local r=$1 v=$2 m=$3 n out=$OUT/wl.out line rc=0
	local -a cmd
	rm -f "$out"
	case $v in
	base)
		n=$(n_for "$m" 1)
		sb_cmd "$m" "$n" -c "$CGO"
		cmd=("${SBC[@]}")
		;;
	floor-empty | floor-clock)
		# the loop untraced, while bench/floor's programs run for every
		# syscall of every task
		n=$(n_for "$m" 1)
		sb_cmd "$m" "$n" -c "$CGO"
		"$FLOOR" "${v#floor-}" 2>"$OUT/floor.log" &
		F_PID=$!
		BG_PIDS="$BG_PIDS $F_PID"
		if ! wait_for "$OUT/floor.log" attached 30; then
			note "overhead $v: floor did not attach: $(head -c 300 "$OUT/floor.log")"
			kill "$F_PID" 2>/dev/null
			wait "$F_PID" 2>/dev/null
			BG_PIDS=${BG_PIDS/ $F_PID/}
			return
		fi
		[ "$r" = 1 ] && logcmd overhead "$v" "$m" "$FLOOR ${v#floor-} & $(q "${SBC[@]}")"
		"${SBC[@]}" >"$out" 2>"$out.err" || rc=$?
		kill -INT "$F_PID"
		wait "$F_PID" 2>/dev/null
		BG_PIDS=${BG_PIDS/ $F_PID/}
		line=$(sb_line "$out")
		[ $rc = 0 ] && [ -n "$line" ] && res overhead "$r" "$v" "$m" "$line" ||
			note "overhead $v $m failed: $(cat "$out.err" 2>/dev/null)"
		return
		;;
	tlr | tlr-nodata)
		n=$(n_for "$m" 1)
		sb_cmd "$m" "$n"
		cmd=("$TLR" -q -o "$OUT/ovh.tlz")
		[ $v = tlr-nodata ] && cmd+=(--no-data)
		cmd+=(-- "${SBC[@]}")
		;;
	strace)
		n=$(n_for "$m" 40)
		sb_cmd "$m" "$n" -c "$CGO"
		cmd=(strace -f -s 256 -o "$OUT/strace.txt" "${SBC[@]}")
		;;
	perf)
		n=$(n_for "$m" 4)
		sb_cmd "$m" "$n" -c "$CGO"
		cmd=(perf trace record -q -o "$OUT/perf.data" -- "${SBC[@]}")
		;;
	trace-cmd)
		n=$(n_for "$m" 2)
		sb_cmd "$m" "$n" -c "$CGO" -g "$GATE"
		gated_start "$out" "${SBC[@]}"
		if [ "$m" = tar ]; then
			tc_start "$OUT/tc.dat" "$W_PID" fork
		else
			tc_start "$OUT/tc.dat" "$W_PID"
		fi || { note "trace-cmd did not start"; rc=1; }
		gate_open
		wait "$W_PID" || rc=1
		tc_stop
		[ "$r" = 1 ] && logcmd overhead "$v" "$m" "$(q "${SBC[@]}") & $TC_CMD"
		line=$(sb_line "$out")
		[ $rc = 0 ] && [ -n "$line" ] && res overhead "$r" "$v" "$m" "$line" ||
			note "overhead $v $m failed: $(cat "$out.err" 2>/dev/null)"
		return
		;;
	esac
	[ "$r" = 1 ] && logcmd overhead "$v" "$m" "$(q "${cmd[@]}")"
	"${cmd[@]}" >"$out" 2>"$out.err" || rc=$?
	line=$(sb_line "$out")
	if [ $rc = 0 ] && [ -n "$line" ]; then
		res overhead "$r" "$v" "$m" "$line"
	else
		note "overhead $v $m failed (exit $rc): $(head -c 300 "$out.err")"
	fi
}

section_overhead() {
	local r item v m floors=""
	[ -x "$FLOOR" ] && floors="floor-empty floor-clock"
	note "overhead: $ROUNDS rounds"
	# warm the page cache for tar
	tar -cf - "$TAR_DIR" 2>/dev/null | cat >/dev/null
	for r in $(seq "$ROUNDS"); do
		# shellcheck disable=SC2046  # words: variant:mode
		for item in $(shuffled $(for v in base tlr tlr-nodata strace perf trace-cmd $floors; do
				for m in $MODES tar; do echo "$v:$m"; done; done)); do
			overhead_run "$r" "${item%%:*}" "${item#*:}"
		done
		note "overhead: round $r done"
	done
	rm -f "$OUT/ovh.tlz" "$OUT/strace.txt" "$OUT/perf.data" "$OUT/tc.dat"
}

# -------------------------------------------------- 2. untraced processes

daemon_idle_start() {
	local i log=$OUT/daemon.log
	for i in $(seq -w 1 $NIDLE); do
		mkdir -p "$CG/$IDLE-$i"
	done
	rm -f "$OUT/d.sock"
	"$TLR" daemon -v --socket "$OUT/d.sock" --no-spool >"$log" 2>&1 &
	D_PID=$!
	BG_PIDS="$BG_PIDS $D_PID"
	wait_for "$log" "listening on" 30 || return 1
	for i in $(seq -w 1 $NIDLE); do
		"$TLR" ctl --socket "$OUT/d.sock" add "idle-$i" "/$IDLE-$i" \
			>/dev/null || return 1
	done
	U_CMD="$TLR daemon -v --socket $OUT/d.sock --no-spool; $TLR ctl --socket $OUT/d.sock add idle-NNN /$IDLE-NNN (x $NIDLE)"
}

daemon_idle_stop() {
	kill -TERM "$D_PID" 2>/dev/null
	wait "$D_PID" 2>/dev/null
	BG_PIDS=${BG_PIDS/ $D_PID/}
}

# untraced_tool_start VARIANT; untraced_tool_stop VARIANT
untraced_tool_start() {
	U_CMD=""
	case $1 in
	base) return 0 ;;
	u-tlr)
		rm -f "$OUT/u.tlz"
		"$TLR" -v --cgroup $CGT_REL -o "$OUT/u.tlz" 2>"$OUT/u.log" &
		U_PID=$!
		BG_PIDS="$BG_PIDS $U_PID"
		U_CMD="$TLR -v --cgroup $CGT_REL -o $OUT/u.tlz"
		wait_for "$OUT/u.log" "recording" 30
		;;
	u-daemon)
		daemon_idle_start
		;;
	u-trace-cmd)
		sleep 1000000 &
		S_PID=$!
		tc_start "$OUT/tco.dat" "$S_PID"
		U_CMD="sleep 1000000 & $TC_CMD"
		;;
	esac
}

untraced_tool_stop() {
	case $1 in
	u-tlr)
		kill -INT "$U_PID"
		wait "$U_PID"
		BG_PIDS=${BG_PIDS/ $U_PID/}
		;;
	u-daemon) daemon_idle_stop ;;
	u-trace-cmd)
		tc_stop
		kill "$S_PID"
		wait "$S_PID" 2>/dev/null
		;;
	esac
	return 0
}

section_untraced() {
	local r v m n out=$OUT/wl.out line variants="base u-tlr u-trace-cmd"
	"$TLR" daemon --help >/dev/null 2>&1 && variants="$variants u-daemon"
	note "untraced: $ROUNDS rounds ($variants)"
	for r in $(seq "$ROUNDS"); do
		for v in $(shuffled $variants); do
			if ! untraced_tool_start "$v"; then
				note "untraced: $v did not start"
				untraced_tool_stop "$v"
				continue
			fi
			[ "$r" = 1 ] && [ -n "$U_CMD" ] && logcmd untraced "$v" all "$U_CMD"
			for m in $(shuffled $MODES); do
				n=$(n_for "$m" 1)
				sb_cmd "$m" "$n" -c "$CGO"
				[ "$r" = 1 ] && [ "$v" = base ] && logcmd untraced "$v" "$m" "$(q "${SBC[@]}")"
				"${SBC[@]}" >"$out" 2>"$out.err"
				line=$(sb_line "$out")
				[ -n "$line" ] && res untraced "$r" "$v" "$m" "$line" ||
					note "untraced $v $m failed: $(cat "$out.err")"
			done
			untraced_tool_stop "$v"
		done
		note "untraced: round $r done"
	done
	rm -f "$OUT/u.tlz" "$OUT/tco.dat"
}

# ------------------------------------------------------------ 3. size

# syscalls in a recorded file
count_tlz() {	# enter records = syscalls started in the window
	"$TLC" --info --scan "$1" 2>/dev/null |
		sed -n 's/.*records: [0-9]* (\([0-9]*\) enter.*/\1/p' | awk '{ s += $1 } END { print s + 0 }'
}
lost_tlz() {
	"$TLC" --info --scan "$1" 2>/dev/null |
		sed -n 's/.*lost: \([0-9]*\) overwritten.*(ring busy \([0-9]*\), too large \([0-9]*\), other \([0-9]*\)).*/\1 \2 \3 \4/p' |
		awk '{ s += $1 + $2 + $3 + $4 } END { print s + 0 }'
}
count_perf() {	# samples / 2 (an enter and an exit sample per syscall)
	perf report -i "$1" --stats 2>/dev/null |
		awk '/SAMPLE events:/ { print int(($3 + 1) / 2); exit }'
}
count_tc() {
	trace-cmd report "$1" 2>/dev/null | grep -c 'sys_enter'
}

# size_run ROUND VARIANT MODE N [LABEL]: LABEL (default MODE) names the
# result
size_run() {
	local r=$1 v=$2 m=$3 n=$4 label=${5:-$3} out=$OUT/wl.out f rc=0 cnt=0 lost=0 bytes
	local -a cmd
	case $v in
	tlr-*) f=$OUT/size.tlz ;;
	perf) f=$OUT/size.data ;;
	trace-cmd) f=$OUT/size.dat ;;
	esac
	rm -f "$f"
	case $v in
	tlr-*)
		sb_cmd "$m" "$n"
		cmd=("$TLR" -q --buffer-size 256M -o "$f")
		case $v in *zlib*) cmd+=(--compress zlib) ;; esac
		case $v in *nodata*) cmd+=(--no-data) ;; esac
		cmd+=(-- "${SBC[@]}")
		;;
	perf)
		sb_cmd "$m" "$n" -c "$CGO"
		cmd=(perf trace record -q -o "$f" -- "${SBC[@]}")
		;;
	trace-cmd)
		sb_cmd "$m" "$n" -c "$CGO" -g "$GATE"
		gated_start "$out" "${SBC[@]}"
		if [ "$m" = tar ]; then
			tc_start "$f" "$W_PID" fork
		else
			tc_start "$f" "$W_PID"
		fi || rc=1
		gate_open
		wait "$W_PID" || rc=1
		tc_stop
		cmd=()
		[ "$r" = 1 ] && logcmd size "$v" "$m" "$(q "${SBC[@]}") & $TC_CMD"
		;;
	esac
	if [ ${#cmd[@]} -gt 0 ]; then
		[ "$r" = 1 ] && logcmd size "$v" "$m" "$(q "${cmd[@]}")"
		"${cmd[@]}" >"$out" 2>"$out.err" || rc=$?
	fi
	if [ $rc != 0 ] || [ ! -s "$f" ]; then
		note "size $v $m failed (exit $rc, file $(stat -c %s "$f" 2>/dev/null || echo missing)): $(head -c 300 "$out.err") $(tail -n 3 "$OUT/tc.log" 2>/dev/null | tr '\n' ' ')"
		if [ "${SIZE_RETRY:-0}" = 0 ]; then
			note "size $v $m: once more"
			SIZE_RETRY=1 size_run "$@"
		fi
		return
	fi
	bytes=$(stat -c %s "$f")
	case $v in
	tlr-*) cnt=$(count_tlz "$f"); lost=$(lost_tlz "$f") ;;
	perf) cnt=$(count_perf "$f") ;;
	trace-cmd) cnt=$(count_tc "$f") ;;
	esac
	res size "$r" "$v" "$label" "bytes=$bytes syscalls=$cnt lost=$lost n=$n"
	rm -f "$f"
}

section_size() {
	local r item v m n
	local variants="tlr-zstd tlr-zstd-nodata tlr-zlib tlr-zlib-nodata perf trace-cmd"
	note "size: $ROUNDS rounds"
	for r in $(seq "$ROUNDS"); do
		# shellcheck disable=SC2046
		for item in $(shuffled $(for v in $variants; do
				for m in $MODES tar empty; do echo "$v:$m"; done; done)); do
			v=${item%%:*} m=${item#*:}
			if [ "$m" = empty ]; then
				# the file of (almost) nothing: its fixed size
				[ "$r" = 1 ] || continue
				size_run "$r" "$v" getppid 1 empty
			elif [ "$m" = tar ]; then
				size_run "$r" "$v" tar 1
			else
				size_run "$r" "$v" "$m" "$(n_for "$m" $N_SIZE_DIV)"
			fi
		done
		note "size: round $r done"
	done
}

# ---------------------------------------------- 4./6. decode and memory

# records the decode traces once: tl (2 M and 4 M syscalls), perf, trace-cmd
decode_record() {
	local out=$OUT/wl.out n2=$N_MEM2 n4=$N_MEM4 rc=0
	local -a cmd
	note "decode: recording the traces (mix, $((n2 * 6)) and $((n4 * 6)) syscalls)"
	sb_cmd mix "$n2"
	cmd=("$TLR" -q --buffer-size 1G -o "$OUT/dec2.tlz" -- "${SBC[@]}")
	logcmd decode tl-record mix "$(q "${cmd[@]}")"
	"${cmd[@]}" >"$out" 2>"$out.err" || note "tl-record (2 M) failed: $(cat "$out.err")"
	sb_cmd mix "$n4"
	cmd=("$TLR" -q --buffer-size 1G -o "$OUT/dec4.tlz" -- "${SBC[@]}")
	logcmd decode tl-record mix "$(q "${cmd[@]}")"
	"${cmd[@]}" >"$out" 2>"$out.err" || note "tl-record (4 M) failed: $(cat "$out.err")"
	sb_cmd mix "$n2" -c "$CGO"
	cmd=(perf trace record -q -o "$OUT/dec.data" -- "${SBC[@]}")
	logcmd decode perf mix "$(q "${cmd[@]}")"
	"${cmd[@]}" >"$out" 2>"$out.err" || note "perf trace record failed: $(cat "$out.err")"
	sb_cmd mix "$n2" -c "$CGO" -g "$GATE"
	gated_start "$out" "${SBC[@]}"
	tc_start "$OUT/dec.dat" "$W_PID" || rc=1
	gate_open
	wait "$W_PID"
	tc_stop
	logcmd decode trace-cmd mix "$(q "${SBC[@]}") & $TC_CMD"
	[ $rc = 0 ] || note "trace-cmd record failed"
	res decode 0 tl-2m info "syscalls=$(count_tlz "$OUT/dec2.tlz") lost=$(lost_tlz "$OUT/dec2.tlz") bytes=$(stat -c %s "$OUT/dec2.tlz")"
	res decode 0 tl-4m info "syscalls=$(count_tlz "$OUT/dec4.tlz") lost=$(lost_tlz "$OUT/dec4.tlz") bytes=$(stat -c %s "$OUT/dec4.tlz")"
	res decode 0 perf info "syscalls=$(count_perf "$OUT/dec.data") bytes=$(stat -c %s "$OUT/dec.data")"
	res decode 0 trace-cmd info "syscalls=$(count_tc "$OUT/dec.dat") bytes=$(stat -c %s "$OUT/dec.dat")"
}

# decode_run ROUND TOOL SIZE: one decoder run under runstat
decode_run() {
	local r=$1 t=$2 sz=$3 tlz=$OUT/dec2.tlz st=$OUT/rs.txt rc=0
	local -a cmd
	[ "$sz" = 4m ] && tlz=$OUT/dec4.tlz
	rm -f "$OUT/dec.db"
	case $t in
	tl-convert-strace) cmd=("$TLC" -q "$tlz") ;;
	tl-convert-json) cmd=("$TLC" -q -f json "$tlz") ;;
	tl-convert-sqlite) cmd=("$TLC" -q -f sqlite -o "$OUT/dec.db" "$tlz") ;;
	tl-convert-pcapng) cmd=("$TLC" -q -f pcapng "$tlz") ;;
	tl-analyze-summary) cmd=("$TLA" summary -q "$tlz") ;;
	perf-script) cmd=(perf script -i "$OUT/dec.data") ;;
	perf-trace-i) cmd=(perf trace -i "$OUT/dec.data") ;;
	trace-cmd-report) cmd=(trace-cmd report "$OUT/dec.dat") ;;
	esac
	[ "$r" = 1 ] && logcmd decode "$t" "$sz" "$(q "${cmd[@]}") > /dev/null"
	"$RS" -o "$st" "${cmd[@]}" >/dev/null 2>"$OUT/dec.err" || rc=$?
	if [ $rc = 0 ] && [ -s "$st" ]; then
		res decode "$r" "$t" "$sz" "$(cat "$st")"
	else
		note "decode $t $sz failed (exit $rc): $(head -c 300 "$OUT/dec.err")"
	fi
	rm -f "$OUT/dec.db"
}

section_decode() {
	local r item slow
	decode_record
	note "decode: $ROUNDS rounds (perf trace -i: $SLOW_ROUNDS)"
	for r in $(seq "$ROUNDS"); do
		slow=""
		[ "$r" -le "$SLOW_ROUNDS" ] && slow=perf-trace-i:2m
		for item in $(shuffled tl-convert-strace:2m tl-convert-json:2m \
			tl-convert-sqlite:2m tl-convert-pcapng:2m tl-analyze-summary:2m \
			tl-convert-strace:4m tl-convert-json:4m tl-convert-sqlite:4m \
			tl-convert-pcapng:4m tl-analyze-summary:4m \
			perf-script:2m trace-cmd-report:2m $slow); do
			decode_run "$r" "${item%%:*}" "${item#*:}"
		done
		note "decode: round $r done"
	done
	rm -f "$OUT/dec2.tlz" "$OUT/dec4.tlz" "$OUT/dec.data" "$OUT/dec.dat"
}

# ------------------------------------------------------------ 5. dump

# dump_run ROUND SIZE: tl-record --cgroup with SIZE per CPU, both CPUs'
# rings filled by a pinned workload each, then SIGINT; the dump time is
# what tl-record -v reports ("wrote 'F' in X ms"), or else the time from
# SIGINT to its exit.
dump_run() {
	local r=$1 sz=$2 f=$OUT/dump.tlz log=$OUT/dump.log n c ms t0 t1 blocks cpu sync
	local -a pids
	n=$DUMP_MIX_1M
	[ "$sz" = 16M ] && n=$DUMP_MIX_16M
	rm -f "$f"
	"$TLR" -v --cgroup $CGT_REL --buffer-size "$sz" -o "$f" 2>"$log" &
	U_PID=$!
	BG_PIDS="$BG_PIDS $U_PID"
	[ "$r" = 1 ] && logcmd dump tl-record "$sz" "$TLR -v --cgroup $CGT_REL --buffer-size $sz -o $f; $SB -c $CGT -C 0|1 mix $n (both CPUs); kill -INT"
	if ! wait_for "$log" "recording" 30; then
		note "dump: tl-record did not start: $(cat "$log")"
		kill -INT "$U_PID"; wait "$U_PID"
		return
	fi
	pids=()
	for c in 0 1; do
		"$SB" -f "$DAT" -c "$CGT" -C "$c" mix "$n" >/dev/null &
		pids+=($!)
	done
	wait "${pids[@]}"
	t0=$(date +%s%N)
	kill -INT "$U_PID"
	wait "$U_PID"
	t1=$(date +%s%N)
	BG_PIDS=${BG_PIDS/ $U_PID/}
	ms=$(sed -n "s/.*wrote '.*' in \([0-9.]*\) ms.*/\1/p" "$log")
	# tl-record -v's breakdown: CPU time and close+fsync of the same dump
	cpu=$(sed -n "s/.*dump of '.*CPU \([0-9.]*\) ms.*/\1/p" "$log")
	sync=$(sed -n "s/.*dump of '.*close+fsync \([0-9.]*\) ms.*/\1/p" "$log")
	blocks=$("$TLC" --info --scan "$f" 2>/dev/null | sed -n 's/.* in \([0-9]*\) blocks on \([0-9]*\) cpus.*/\1 \2/p')
	if [ -n "$ms" ]; then
		res dump "$r" tl-record "$sz" "ms=$ms how=verbose blocks=${blocks% *} cpus=${blocks#* } bytes=$(stat -c %s "$f")${cpu:+ cpu_ms=$cpu}${sync:+ fsync_ms=$sync}"
	else
		res dump "$r" tl-record "$sz" "ms=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", (b - a) / 1e6 }') how=exit blocks=${blocks% *} cpus=${blocks#* } bytes=$(stat -c %s "$f" 2>/dev/null)"
	fi
	rm -f "$f"
}

section_dump() {
	local r sz
	note "dump: $ROUNDS rounds"
	for r in $(seq "$ROUNDS"); do
		for sz in $(shuffled 1M 16M); do
			dump_run "$r" "$sz"
		done
	done
}

# --------------------------------------------------------- 7. profile

# bpf_stats of our tl_sys_enter/tl_sys_exit over one loop: the program ids
# are those loaded after $1 (the highest id before the recorder started)
stats_json() { bpftool prog show -j 2>/dev/null; }
max_prog_id() { stats_json | jq '[.[].id] | max // 0'; }

# prof_delta BEFORE.json AFTER.json MINID: "enter_ns=.. enter_cnt=.. exit_ns=.. exit_cnt=.."
prof_delta() {
	jq -r -n --slurpfile a "$1" --slurpfile b "$2" --argjson min "$3" '
		def pick($s; $n): [$s[0][] | select(.id > $min and .name == $n)] | max_by(.id) // {};
		def d($n): (pick($b; $n).run_time_ns // 0) - (pick($a; $n).run_time_ns // 0);
		def c($n): (pick($b; $n).run_cnt // 0) - (pick($a; $n).run_cnt // 0);
		"enter_ns=\(d("tl_sys_enter")) enter_cnt=\(c("tl_sys_enter")) exit_ns=\(d("tl_sys_exit")) exit_cnt=\(c("tl_sys_exit"))"'
}

section_profile() {
	local m n min out=$OUT/wl.out v
	note "profile: BPF run time per call"
	sysctl -qw kernel.bpf_stats_enabled=1
	for m in $MODES; do
		n=$(n_for "$m" 1)
		for v in tlr tlr-nodata; do
			min=$(max_prog_id)
			sb_cmd "$m" "$n"
			local nd=""
			[ $v = tlr-nodata ] && nd=--no-data
			# shellcheck disable=SC2016
			"$TLR" -q $nd -o "$OUT/prof.tlz" -- sh -c 'bpftool prog show -j > "$1"; shift; "$@"; bpftool prog show -j > "$0"' \
				"$OUT/p1.json" "$OUT/p0.json" "${SBC[@]}" >"$out" 2>"$out.err" ||
				note "profile $v $m failed: $(cat "$out.err")"
			res profile 1 "$v" "$m" "$(prof_delta "$OUT/p0.json" "$OUT/p1.json" "$min") $(sb_line "$out")"
		done
		# untraced: the loop in another cgroup while tl-record records benchT
		min=$(max_prog_id)
		"$TLR" -v --cgroup $CGT_REL -o "$OUT/prof.tlz" 2>"$OUT/u.log" &
		U_PID=$!
		BG_PIDS="$BG_PIDS $U_PID"
		if wait_for "$OUT/u.log" "recording" 30; then
			sb_cmd "$m" "$n" -c "$CGO"
			stats_json >"$OUT/p0.json"
			"${SBC[@]}" >"$out"
			stats_json >"$OUT/p1.json"
			res profile 1 u-tlr "$m" "$(prof_delta "$OUT/p0.json" "$OUT/p1.json" "$min") $(sb_line "$out")"
		fi
		kill -INT "$U_PID"
		wait "$U_PID"
		BG_PIDS=${BG_PIDS/ $U_PID/}
	done
	sysctl -qw kernel.bpf_stats_enabled="$bpfstats_saved"
	logcmd profile tlr all "sysctl kernel.bpf_stats_enabled=1; $TLR -q -o F -- sh -c 'bpftool prog show -j > before; sysbench MODE N; bpftool prog show -j > after'; sysctl kernel.bpf_stats_enabled=$bpfstats_saved"
	# does bpftool prog profile work here? (Debian's bpftool: not built in)
	meta bpftool_profile "$(bpftool prog profile id 1 duration 1 cycles 2>&1 | head -n1)"
	rm -f "$OUT/prof.tlz" "$OUT/p0.json" "$OUT/p1.json"
}

# ---------------------------------------------------------------- main

describe_machine
note "results in $OUT (sections: $SECTIONS)"
for s in $SECTIONS; do
	case $s in
	overhead | untraced | size | decode | dump | profile) "section_$s" ;;
	*) die "unknown section '$s'" ;;
	esac
done
meta uptime_end "$(uptime)"
meta finished "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
note "done: $(wc -l <"$RES") results"
