#!/bin/bash
# SPDX-License-Identifier: MIT
# Every query's --json on every synthetic scenario is valid JSON (jq), and
# the answers hold what the scenario put in them.
set -e
export TZ=UTC
gen="$TL_BUILD/tests/tl-analyze-gen"
for s in story segv forkbomb refused execchain lost tree; do
	"$gen" $s $s.tlz
done
n=0
for s in story segv forkbomb refused execchain lost tree; do
	for q in failed-opens exec-tree summary errors files net last slow lost report; do
		tl-analyze $q --json $s.tlz > out.json
		jq -e ".query == \"$q\"" out.json > /dev/null || { echo "bad: $q $s"; exit 1; }
		n=$((n + 1))
	done
done
echo "$n answers are valid JSON"
# story: cat's open of the missing file, and who wrote what where
jq -c '.rows[] | select(.path == "/tmp/file-3240") | [.pid, .comm, .syscall, .errno, .count]' \
	< <(tl-analyze failed-opens --json story.tlz)
jq -c '.rows[] | select(.path == "/tmp/file-1889") | [.modes, .bytes_written, .processes[0].pid]' \
	< <(tl-analyze files --json story.tlz)
jq -c '.tables[0] | [.rows[0].syscall, .total.calls, .total.errors]' \
	< <(tl-analyze summary --json story.tlz)
jq -c '[.rows[] | [.syscall, .errno, .count]]' < <(tl-analyze errors --json story.tlz)
# segv: how each process ended and its very last call
jq -c '.processes[] | [.pid, .end, .signal, .calls[-1].syscall, .calls[-1].noreturn]' \
	< <(tl-analyze last --json segv.tlz)
# slow: in-flight call at the dump
jq -c '.rows[] | [.comm, .syscall, .in_flight, .dur_ns]' < <(tl-analyze slow --min 1ms --json tree.tlz)
# report --json: the sections are there
jq -c '[keys[], (.exec_tree | length), (.failed_opens | length)]' < <(tl-analyze report --json story.tlz)
