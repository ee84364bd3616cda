# SPDX-License-Identifier: MIT
# daemon_lib.bash - sourced by tests/bpf/daemon_*.sh after lib.bash: start
# and stop a tl-record daemon on a private socket and spool, talk to it
# with curl (--unix-socket) and with `tl-record ctl`, and wait for
# conditions with bounded polling loops (never a fixed sleep).

command -v curl >/dev/null || fail "curl is not installed (scripts/deps.sh installs it)"
command -v jq >/dev/null || fail "jq is not installed (scripts/deps.sh installs it)"

SOCK=$T/tl.sock
SPOOL=$T/spool
DLOG=$T/daemon.log
DPID=

# start_daemon [ARGS...]: starts the daemon (with -v) on $SOCK and $SPOOL,
# waits until it answers /status
start_daemon() {
	"$TLR" daemon -v --socket "$SOCK" --spool "$SPOOL" "$@" >>"$DLOG" 2>&1 &
	DPID=$!
	CLEANUP+=("kill -KILL $DPID")
	local deadline=$((SECONDS + 30))
	until curl -sf --unix-socket "$SOCK" http://localhost/status >/dev/null 2>&1; do
		kill -0 "$DPID" 2>/dev/null || { cat "$DLOG" >&2; fail "the daemon exited at start"; }
		[ $SECONDS -lt $deadline ] || { cat "$DLOG" >&2; fail "the daemon did not answer within 30 s"; }
		sleep 0.05
	done
}

# stop_daemon: SIGTERM, waits (bounded) and sets DRC to its exit status
# shellcheck disable=SC2034
stop_daemon() {
	kill -TERM "$DPID" 2>/dev/null
	local deadline=$((SECONDS + 30))
	while kill -0 "$DPID" 2>/dev/null; do
		[ $SECONDS -lt $deadline ] || fail "the daemon did not exit within 30 s of SIGTERM"
		sleep 0.05
	done
	wait "$DPID"
	DRC=$?
}

# api METHOD PATH [CURL ARGS...]: the body goes to $T/body, prints the
# HTTP status
api() {
	local m=$1 p=$2
	shift 2
	curl -s --unix-socket "$SOCK" -X "$m" -o "$T/body" -w '%{http_code}' "$@" \
		"http://localhost$p"
}

# expect_status WANT METHOD PATH [CURL ARGS...]: the status is WANT; a 4xx
# or 5xx answer has a one-line body starting with "error: "
expect_status() {
	local want=$1 got
	shift
	got=$(api "$@")
	[ "$got" = "$want" ] || { cat "$T/body" >&2; fail "$1 $2: HTTP $got, expected $want"; }
	if [ "$want" -ge 400 ]; then
		[ "$(wc -l <"$T/body")" = 1 ] && grep -q '^error: ' "$T/body" ||
			{ cat "$T/body" >&2; fail "$1 $2: error body is not one 'error: ' line"; }
	fi
}

# ctl ARGS...: tl-record ctl on our socket
ctl() {
	"$TLR" ctl --socket "$SOCK" "$@"
}

# field ID KEY: a field of trace ID in /list?format=json
field() {
	curl -sf --unix-socket "$SOCK" 'http://localhost/list?format=json' |
		jq -r --argjson id "$1" ".[] | select(.id == \$id) | .$2"
}

# until_true SECONDS WHAT 'SHELL CODE': evaluates the code (again each
# time: quote it) until it succeeds
until_true() {
	local deadline=$((SECONDS + $1)) what=$2 code=$3
	until eval "$code"; do
		[ $SECONDS -lt $deadline ] || { tail -n 20 "$DLOG" >&2; fail "timed out waiting for: $what"; }
		sleep 0.05
	done
}

# link_count PID: BPF links held by PID (attached programs)
link_count() {
	local n=0 f
	for f in /proc/"$1"/fdinfo/*; do
		grep -q '^link_type:' "$f" 2>/dev/null && n=$((n + 1))
	done
	echo $n
}

# cg_dir NAME: makes a test cgroup tree root $CG/NAME, removed at exit
# (deepest first), and sets D to it (not in a $(...) subshell: the
# cleanup must be registered in this shell)
cg_dir() {
	D=$CG/$1
	mkdir -p "$D" || fail "cannot create $D"
	CLEANUP+=("find '$D' -depth -type d -exec rmdir {} + 2>/dev/null")
}
