#!/bin/bash
# SPDX-License-Identifier: MIT
# Runs every test and prints one summary line "N passed, N failed, N skipped".
#
#   unit     build[/san]/tests/unit/*          C unit tests (exit 0 ok, 77 skip)
#   fuzz     build[/san]/tests/fuzz/*-replay   replay tests/fuzz/corpus/<target>/
#   cli      tests/cli/<tool>/<case>.sh        goldens: <case>.stdout, .stderr, .exit
#   bpf/e2e  tests/bpf/*.sh, tests/e2e/*.sh    live tests (exit 0 ok, 77 skip)
#
# Usage: tests/run.sh [-k PATTERN] [-v]   (PATTERN: substring of test names)
# Environment: TL_TEST_BUILDS="build build/san" (trees to test).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2

pattern=""
verbose=0
while [ $# -gt 0 ]; do
	case "$1" in
	-k) pattern=$2; shift 2 ;;
	-v) verbose=1; shift ;;
	*) echo "usage: tests/run.sh [-k PATTERN] [-v]" >&2; exit 2 ;;
	esac
done

builds=${TL_TEST_BUILDS:-}
if [ -z "$builds" ]; then
	builds=build
	[ -d build/san ] && builds="build build/san"
fi

pass=0 fail=0 skip=0
failed_names=""
tmp=$(mktemp -d /tmp/tl-tests.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

# report NAME RC LOGFILE
report() {
	local name=$1 rc=$2 log=$3
	if [ "$rc" = 0 ]; then
		pass=$((pass + 1))
		echo "PASS $name"
		[ $verbose = 1 ] && sed 's/^/    /' "$log"
	elif [ "$rc" = 77 ]; then
		skip=$((skip + 1))
		echo "SKIP $name: $(grep -v '^$' "$log" | tail -n 1)"
	else
		fail=$((fail + 1))
		failed_names="$failed_names $name"
		echo "FAIL $name (exit $rc)"
		tail -n 40 "$log" | sed 's/^/    /'
	fi
}

want() {
	[ -z "$pattern" ] && return 0
	case "$1" in *"$pattern"*) return 0 ;; esac
	return 1
}

# run_cmd NAME CMD...: a test whose exit status is the verdict
run_cmd() {
	local name=$1; shift
	want "$name" || return 0
	local log="$tmp/log"
	timeout 600 "$@" >"$log" 2>&1 </dev/null
	report "$name" $? "$log"
}

# run_cli BUILD SCRIPT: a golden test
run_cli() {
	local b=$1 script=$2
	local base=${script%.sh}
	local name="cli:${base#tests/cli/}@${b}"
	want "$name" || return 0
	local out="$tmp/out" err="$tmp/err" log="$tmp/log" rc=0 want_rc=0
	local wdir="$tmp/wd"
	rm -rf "$wdir" && mkdir -p "$wdir"
	(cd "$wdir" && TL_TOP="$top" TL_BUILD="$top/$b" PATH="$top/$b:$PATH" \
		timeout 300 bash "$top/$script" >"$out" 2>"$err" </dev/null)
	rc=$?
	[ -f "$base.exit" ] && want_rc=$(cat "$base.exit")
	: >"$log"
	local verdict=0
	if [ "$rc" != "$want_rc" ]; then
		echo "exit status $rc, expected $want_rc" >>"$log"
		verdict=1
	fi
	if [ -f "$base.stdout" ] && ! diff -u "$base.stdout" "$out" >>"$log"; then
		verdict=1
	fi
	if [ -f "$base.stderr" ] && ! diff -u "$base.stderr" "$err" >>"$log"; then
		verdict=1
	fi
	if [ $verdict = 1 ]; then
		echo "--- stderr:" >>"$log"; head -n 20 "$err" >>"$log"
	fi
	[ $rc = 77 ] && [ "$want_rc" != 77 ] && { cat "$err" >"$log"; verdict=77; }
	report "$name" $verdict "$log"
}

for b in $builds; do
	for t in "$b"/tests/unit/*; do
		[ -x "$t" ] || continue
		run_cmd "unit:$(basename "$t")@$b" "$t"
	done
	for t in "$b"/tests/fuzz/*-replay; do
		[ -x "$t" ] || continue
		target=$(basename "$t" -replay)
		dirs=""
		[ -d "tests/fuzz/corpus/$target" ] && dirs="tests/fuzz/corpus/$target"
		[ -d samples ] && dirs="$dirs samples"
		# shellcheck disable=SC2086
		run_cmd "fuzz-replay:$target@$b" "$t" $dirs
	done
	for s in $(find tests/cli -name '*.sh' 2>/dev/null | sort); do
		run_cli "$b" "$s"
	done
done

for s in $(find tests/bpf tests/e2e -name '*.sh' 2>/dev/null | sort); do
	name="${s#tests/}"
	want "$name" || continue
	log="$tmp/log"
	(TL_TOP="$top" TL_BUILD="$top/build" PATH="$top/build:$PATH" \
		timeout 600 bash "$s" >"$log" 2>&1 </dev/null)
	report "$name" $? "$log"
done

[ -n "$failed_names" ] && echo "failed:$failed_names"
if [ $skip -gt 0 ]; then
	echo "$pass passed, $fail failed, $skip skipped"
else
	echo "$pass passed, $fail failed"
fi
[ $fail = 0 ]
