#!/bin/bash
# SPDX-License-Identifier: MIT
# The daemon's in-kernel cgroup check keeps per-CPU answers per cgroup
# (bpf/recorder.bpf.c, match_cached) that must be dropped whenever the
# traced set changes: a process that ran untraced (its cgroup's answer
# cached as "not traced") is recorded as soon as its cgroup is added, and
# once its trace is closed its syscalls never land in the trace that takes
# the freed slot.
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/daemon_lib.bash"

cg_dir "tlzd-cache-$$"
mkdir "$D/a" "$D/b" "$D/c" || fail "mkdir"
start_daemon --buffer-size 1M
ctl add a "/tlzd-cache-$$/a" >/dev/null || fail "add a"

# b: a busy loop in one process, failing opens of a path of its own;
# counts its rounds in a file
run_in "$D/b" bash -c 'i=0; while :; do : </nonexistent/tlzd-cache-b; i=$((i + 1)); echo $i >"$0"; done' \
	"$T/count" 2>/dev/null &
loop=$!
CLEANUP=("echo 1 > '$D/b/cgroup.kill'" "wait $loop" "${CLEANUP[@]}")
# (read while the loop rewrites it: empty means not yet)
rounds() {
	local r
	r=$(cat "$T/count" 2>/dev/null)
	echo "${r:-0}"
}
# wait_rounds N: the loop has run N more rounds (on both CPUs' caches)
wait_rounds() {
	local want
	want=$(($(rounds) + $1))
	until_true 30 "$1 rounds of the loop" '[ "$(rounds)" -ge '"$want"' ]'
}

# untraced rounds first: b's answer "not traced" is cached
wait_rounds 300
ctl add b "/tlzd-cache-$$/b" >/dev/null || fail "add b"
wait_rounds 300
ctl dump b -o "$T/b.tlz" || fail "dump b"
"$CHECK" "$T/b.tlz" >"$T/b.txt" || fail "dump b does not decode"
n=$(grep -c 'openat ret=-2 err=ENOENT .*"/nonexistent/tlzd-cache-b"$' "$T/b.txt")
[ "$n" -ge 50 ] || fail "b added: only $n of its opens recorded (a stale cached 'not traced'?)"
expect_none "$T/b.txt" '^lost gap ' "events lost (a gap, not the ring's overwritten oldest)"

# b closed, c takes a slot: b's syscalls must not land in c
ctl close b >/dev/null || fail "close b"
ctl add c "/tlzd-cache-$$/c" >/dev/null || fail "add c"
wait_rounds 300
run_in "$D/c" sh -c 'cat /nonexistent/tlzd-cache-c' 2>/dev/null
ctl dump c -o "$T/c.tlz" || fail "dump c"
"$CHECK" "$T/c.tlz" >"$T/c.txt" || fail "dump c does not decode"
expect "$T/c.txt" '"/nonexistent/tlzd-cache-c"$' "c's own open"
expect_none "$T/c.txt" 'tlzd-cache-b' "b's syscalls recorded into c after b was closed"

# a, traced all along, still records
run_in "$D/a" sh -c 'cat /nonexistent/tlzd-cache-a' 2>/dev/null
ctl dump a -o "$T/a.tlz" || fail "dump a"
"$CHECK" "$T/a.tlz" >"$T/a.txt" || fail "dump a does not decode"
expect "$T/a.txt" '"/nonexistent/tlzd-cache-a"$' "a's open"
expect_none "$T/a.txt" 'tlzd-cache-[bc]' "other cgroups' syscalls in a"
stop_daemon
[ "$DRC" = 0 ] || fail "daemon exit status $DRC"
echo "ok: $n opens of b recorded once added; none in c after b was closed"
