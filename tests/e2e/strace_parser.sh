#!/bin/bash
# SPDX-License-Identifier: MIT
# tl-convert's strace text read by a real strace-log parser: b3
# (npm b3-strace-parser, shared/reference/strace.md §5), installed with npm
# into build/npm-b3 (reused when present). b3 rejects a few kinds of
# genuine strace lines (unfinished/resumed lines, abbreviated structs
# "...}", wait statuses "[{WIF...}]"); the test checks that
#   - b3 rejects those same kinds in a real strace log of this machine,
#   - every line of ours that b3 rejects is of one of those kinds,
#   - every line b3 accepts parses to our pid, syscall name and result.
# Skips (77) when node/npm are missing or the registry is unreachable.
set -u
build=${TL_BUILD:-$PWD/build}
top=${TL_TOP:-$PWD}
pkg=$build/npm-b3/node_modules/b3-strace-parser
command -v node >/dev/null && command -v npm >/dev/null ||
	{ echo "node or npm not installed"; exit 77; }
if [ ! -f "$pkg/lib/parser.js" ]; then
	mkdir -p "$build/npm-b3"
	if ! timeout 300 npm install --no-audit --no-fund --silent \
		--prefix "$build/npm-b3" b3-strace-parser@0.3.0 >/dev/null 2>&1; then
		echo "npm could not install b3-strace-parser (registry unreachable?)"
		exit 77
	fi
fi
mk=$build/tests/mksample
[ -x "$mk" ] || { echo "mksample is not built (needs format/ringbuild.h)"; exit 77; }
tmp=$(mktemp -d /tmp/tl-b3.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
classify() { node "$top/tests/e2e/b3-classify.js" "$pkg" < "$1" | paste -d '\t' "$1" -; }
# the kinds of lines b3 cannot parse (loss lines are meant to be skipped), genuine strace lines included
known='<unfinished \.\.\.>|<\.\.\. [a-z0-9_]+ resumed>|\.\.\.\}|\[\{W|<detached \.\.\.>'
fail=0

if command -v strace >/dev/null &&
	strace -f -qq -o real.txt sh -c 'ls / >/dev/null; cat /etc/hostname /nonexist >/dev/null 2>&1; true' 2>/dev/null; then
	classify real.txt > real.cls
	# b3's limits are b3's: real strace lines of those kinds are rejected too
	if ! awk -F '\t' '$2 == "0"' real.cls | grep -qE "$known"; then
		echo "b3 accepted every known-unparsable kind in real strace output"
		fail=1
	fi
	echo "real strace: $(awk -F '\t' '$2 != "0"' real.cls | wc -l) of $(wc -l < real.txt) lines accepted"
fi

"$mk" s.tlz && "$mk" --lost l.tlz || exit 1
for opts in "" "-T" "-s 200" "-X raw"; do
	# shellcheck disable=SC2086
	{ tl-convert $opts s.tlz && tl-convert $opts l.tlz; } > ours.txt ||
		{ echo "tl-convert failed"; exit 1; }
	classify ours.txt > ours.cls
	bad=$(awk -F '\t' '$2 == "0"' ours.cls | cut -f 1 | grep -vE "$known" | grep -v -- '--- lost')
	# the loss line is not taken for a syscall: b3 skips it
	if awk -F '\t' '$2 != "0"' ours.cls | grep -q -- '--- lost'; then
		echo "b3 took a loss line for an event"
		fail=1
	fi
	grep -q -- '--- lost' ours.txt || { echo "no loss line in the --lost sample"; fail=1; }
	if [ -n "$bad" ]; then
		echo "b3 rejects lines of ours (options '$opts') that are not of a kind it rejects in strace's own output:"
		echo "$bad"
		fail=1
	fi
	# accepted lines: same pid, syscall and result as we printed
	wrong=$(awk -F '\t' '$2 != "0" {
		line = $1; js = substr($2, 3)
		pid = line; sub(/ .*/, "", pid)
		rest = line; sub(/^[0-9]+ +/, "", rest)
		name = rest; sub(/\(.*/, "", name)
		if (index(js, "\"pid\":" pid ",") == 0 && index(js, "\"pid\":" pid "}") == 0) { print "pid: " line; next }
		if (rest ~ /^[a-z_]/ && index(js, "\"syscall\":\"" name "\"") == 0) { print "name: " line; next }
	}' ours.cls)
	if [ -n "$wrong" ]; then
		echo "b3 read lines of ours differently (options '$opts'):"
		echo "$wrong"
		fail=1
	fi
	echo "ours ('$opts'): $(awk -F '\t' '$2 != "0"' ours.cls | wc -l) of $(wc -l < ours.txt) lines accepted"
done
exit $fail
