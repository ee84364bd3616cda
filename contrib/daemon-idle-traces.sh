#!/bin/bash
# SPDX-License-Identifier: MIT
# For benchmarks: a tl-record daemon with N idle traced cgroups (default
# 100), i.e. the programs attached and a cgroup lookup on every syscall of
# every process, while nothing traced runs: what untraced processes pay
# for an always-on daemon ("cost for untraced processes" in bench/).
#
#   contrib/daemon-idle-traces.sh start [N]   start it; prints PID and socket
#   contrib/daemon-idle-traces.sh status      the daemon's /status
#   contrib/daemon-idle-traces.sh stop        SIGTERM, remove the cgroups
#
# Environment: TL_RECORD (default: build/tl-record next to this script),
# TLZ_IDLE_DIR (state: socket, log, pid; default /tmp/tlz-idle),
# TLZ_IDLE_ARGS (extra daemon options, e.g. "--buffer-size 128K").
# The cgroups are DIR/c1..cN below the cgroup2 mount, DIR = tlz-idle-PID.
# Exit status: 0 done, 1 failure, 2 usage.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
TLR=${TL_RECORD:-$top/build/tl-record}
dir=${TLZ_IDLE_DIR:-/tmp/tlz-idle}
sock=$dir/tl.sock

die() { echo "daemon-idle-traces: $*" >&2; exit 1; }
cgmount() { awk '$3 == "cgroup2" { print $2; exit }' /proc/mounts; }

case ${1:-} in
start)
	n=${2:-100}
	case $n in ''|*[!0-9]*) echo "usage: $0 start [N]" >&2; exit 2 ;; esac
	[ -x "$TLR" ] || die "$TLR not built (make)"
	[ -e "$dir/pid" ] && die "already started ($dir/pid): stop it first"
	cg=$(cgmount)
	[ -n "$cg" ] || die "no cgroup2 mount"
	mkdir -p "$dir" || die "cannot create $dir"
	base=tlz-idle-$$
	mkdir "$cg/$base" || die "cannot create $cg/$base"
	echo "$cg/$base" >"$dir/cgroups"
	# shellcheck disable=SC2086
	"$TLR" daemon --socket "$sock" --no-spool --max-traces "$((n + 16))" \
		${TLZ_IDLE_ARGS:-} >"$dir/log" 2>&1 &
	echo $! >"$dir/pid"
	deadline=$((SECONDS + 30))
	until curl -sf --unix-socket "$sock" http://localhost/status >/dev/null 2>&1; do
		kill -0 "$(cat "$dir/pid")" 2>/dev/null || { cat "$dir/log" >&2; rm -f "$dir/pid"; die "the daemon exited"; }
		[ $SECONDS -lt $deadline ] || die "the daemon did not answer within 30 s"
		sleep 0.05
	done
	for i in $(seq "$n"); do
		mkdir "$cg/$base/c$i" || die "mkdir"
		echo "url = \"http://localhost/add?name=idle$i&cgroup=/$base/c$i\""
	done >"$dir/add.cfg"
	curl -s --unix-socket "$sock" -X POST -K "$dir/add.cfg" -w ' %{http_code}\n' |
		grep -cx ' 200' >"$dir/added"
	[ "$(cat "$dir/added")" = "$n" ] || die "only $(cat "$dir/added") of $n traces added"
	echo "pid $(cat "$dir/pid") socket $sock traces $n cgroups $cg/$base"
	;;
status)
	curl -sf --unix-socket "$sock" http://localhost/status || die "no daemon on $sock"
	;;
stop)
	[ -e "$dir/pid" ] || die "not started"
	pid=$(cat "$dir/pid")
	kill -TERM "$pid" 2>/dev/null
	deadline=$((SECONDS + 30))
	while kill -0 "$pid" 2>/dev/null; do
		[ $SECONDS -lt $deadline ] || die "daemon $pid still running"
		sleep 0.05
	done
	if [ -s "$dir/cgroups" ]; then
		find "$(cat "$dir/cgroups")" -depth -type d -exec rmdir {} + 2>/dev/null
	fi
	rm -f "$dir/pid" "$dir/cgroups" "$dir/add.cfg" "$dir/added"
	echo "stopped"
	;;
*)
	sed -n '3,16p' "$0" | sed 's/^# \{0,1\}//' >&2
	exit 2
	;;
esac
