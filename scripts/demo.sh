#!/bin/bash
# SPDX-License-Identifier: MIT
# demo.sh - what `make demo` runs after building: records DESIGN.md's
# story 1 with tl-record (a real command, traced by BPF from its first
# syscall) and shows the trace with tl-convert: the file's metadata, then
# the syscalls that tell the story (bc writes "42" into one file, cat
# opens another one, which does not exist).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
B=${TL_BUILD:-$top/build}

if [ "$(id -u)" != 0 ]; then
	echo "demo.sh: tl-record needs root to load its BPF programs: run 'sudo make demo'" >&2
	exit 1
fi
out=$(mktemp -d /tmp/tlz-demo.XXXXXX)
trap 'rm -rf "$out" /tmp/file-1889' EXIT
cmd='echo "3*7*2" | bc > /tmp/file-1889 ; cat /tmp/file-3240'

run() {
	printf '\n$ %s\n' "$*"
	"$@"
}

echo "== A pod ran a command, printed an error, and is gone. What happened?"
printf "\n\$ tl-record -o %s/demo.tlz -- sh -c '%s'\n" "$out" "$cmd"
env -i PATH=/usr/bin:/bin HOME=/root LANG=C \
	"$B/tl-record" -o "$out/demo.tlz" -- sh -c "$cmd" 2>&1
echo "(exit status $?, the command's)"
run "$B/tl-convert" --info "$out/demo.tlz" || exit 1
echo
echo "== The processes, and every file they opened or wrote (strace format):"
run "$B/tl-convert" -e trace=execve,openat,write,exit_group "$out/demo.tlz" |
	grep -v -e 'ENOENT (No such file or directory)$' -e '/lib/' -e 'ld.so' \
		-e '/locale' -e 'gconv' -e '<unfinished' -e 'resumed>' || true
echo
echo "== The failed calls only:"
run "$B/tl-convert" --failed -e '!execve' "$out/demo.tlz"
echo
echo "bc wrote \"42\\n\" to /tmp/file-1889; cat opened /tmp/file-3240: ENOENT."
echo "More: tl-convert --help (JSON lines, SQLite, pcapng, traceloop text)."
