# SPDX-License-Identifier: MIT
# analyze_lib.bash - sourced by tests/e2e/analyze_*.sh that record a real
# scenario with tl-record and check tl-analyze's answers: skips (77) only
# where BPF cannot load (not root, no kernel BTF), a temporary directory,
# assertions.
set -u
TOP=${TL_TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
BUILD=${TL_BUILD:-$TOP/build}
TLR=$BUILD/tl-record
ANA=$BUILD/tl-analyze
export TZ=UTC

skip() { echo "$*"; exit 77; }
fail() { echo "FAIL: $*"; exit 1; }

[ "$(id -u)" = 0 ] || skip "not root: BPF recording needs root"
[ -r /sys/kernel/btf/vmlinux ] || skip "no kernel BTF (/sys/kernel/btf/vmlinux)"
[ -x "$TLR" ] && [ -x "$ANA" ] || fail "build tl-record and tl-analyze first (make)"
command -v jq >/dev/null || fail "jq is missing (scripts/deps.sh installs it)"

T=$(mktemp -d /tmp/tl-analyze-e2e.XXXXXX)
trap 'rm -rf "$T"' EXIT
cd "$T" || fail "cannot enter $T"

# check WHAT JQ-EXPR FILE: the jq expression is true on the JSON file
check() {
	jq -e "$2" "$3" >/dev/null || {
		echo "--- $3:"; head -c 3000 "$3"; echo
		fail "$1 ($2)"
	}
}

# has WHAT ERE FILE: a line of FILE matches
has() {
	grep -Eq -- "$2" "$3" || { echo "--- $3:"; head -n 40 "$3"; fail "$1"; }
}
