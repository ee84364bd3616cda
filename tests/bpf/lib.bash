# SPDX-License-Identifier: MIT
# lib.bash - sourced by tests/bpf/*.sh: environment checks (skip with 77
# only where BPF cannot load: not root, no BTF), paths, a temporary
# directory, assertions on tlcheck output, and waiting for a condition.
set -u

TOP=${TL_TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
BUILD=${TL_BUILD:-$TOP/build}
TLR=$BUILD/tl-record
PROG=$BUILD/tests/bpf/prog
CHECK=$PROG/tlcheck

skip() {
	echo "$*"
	exit 77
}

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

[ "$(id -u)" = 0 ] || skip "not root: BPF recording needs root"
[ -r /sys/kernel/btf/vmlinux ] || skip "no kernel BTF (/sys/kernel/btf/vmlinux)"
for f in "$TLR" "$CHECK" "$PROG/known" "$PROG/sysloop"; do
	[ -x "$f" ] || fail "$f not built (make all tests)"
done

T=$(mktemp -d /tmp/tl-bpf-test.XXXXXX)
CLEANUP=()
cleanup() {
	local rc=$? c
	for c in "${CLEANUP[@]}"; do eval "$c" 2>/dev/null; done
	# TL_KEEP=1: a failed test leaves its files for a look
	if [ "$rc" -ne 0 ] && [ -n "${TL_KEEP:-}" ]; then
		echo "kept $T" >&2
	else
		rm -rf "$T"
	fi
}
trap cleanup EXIT

# the cgroup2 mount point
CG=$(awk '$3 == "cgroup2" { print $2; exit }' /proc/mounts)

# expect FILE ERE [what]: a line of FILE matches
expect() {
	grep -Eq -- "$2" "$1" || {
		echo "no line of $1 matches: $2" >&2
		echo "--- $1 (first 60 lines):" >&2
		head -n 60 "$1" >&2
		fail "${3:-expected line missing}"
	}
}

# expect_none FILE ERE [what]: no line of FILE matches
expect_none() {
	if grep -Eq -- "$2" "$1"; then
		echo "lines of $1 that should not be there:" >&2
		grep -E -- "$2" "$1" | head -n 20 >&2
		fail "${3:-unexpected line}"
	fi
}

# wait_for FILE ERE [SECONDS]: polls FILE until a line matches (a
# condition, not a fixed delay); fails after SECONDS (default 30)
wait_for() {
	local deadline=$((SECONDS + ${3:-30}))
	until grep -Eq -- "$2" "$1" 2>/dev/null; do
		[ $SECONDS -lt $deadline ] || { cat "$1" >&2; fail "timed out waiting for '$2' in $1"; }
		sleep 0.05
	done
}

# new_cgroup NAME: creates $CG/NAME, prints its path
# (called as C=$(new_cgroup ...), a subshell: the caller adds the rmdir
# to CLEANUP itself)
new_cgroup() {
	mkdir -p "$CG/$1" || fail "cannot create cgroup $CG/$1"
	echo "$CG/$1"
}

# run_in CGPATH CMD...: runs CMD inside the cgroup (moved before exec)
run_in() {
	local cg=$1
	shift
	sh -c 'echo $$ > "$0/cgroup.procs" && exec "$@"' "$cg" "$@"
}

# ids_from "pid=1 child=2": sets shell variables pid, child, ...
ids_from() {
	local kv
	for kv in $1; do
		case $kv in
		*=*) eval "${kv%%=*}=${kv#*=}" ;;
		esac
	done
}
