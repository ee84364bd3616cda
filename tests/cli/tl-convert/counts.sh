#!/bin/bash
# SPDX-License-Identifier: MIT
# The same file gives the same number of syscalls and loss events in every
# format: strace text (one line per call, `<unfinished ...>` and `= ?`
# included, resumed lines not; like strace, no line for a child's return
# from clone/fork, and the other formats leave it out too), JSON lines
# (jq), SQLite (sqlite3) and
# pcapng (tshark: one enter block per call whose enter was recorded, one
# exit block per call that returned, one drop block per loss). Checked on
# the story, a bulk trace, the strace goldens' sample and every recorded
# sample in samples/.
. "$TL_TOP/tests/cli/tl-convert/conv2.inc" jq sqlite3 tshark
"$TL_BUILD/tests/mkevents" -n 3000 bulk.tlz || fail "mkevents -n"
files="story.tlz bulk.tlz"
if [ -x "$TL_BUILD/tests/mksample" ]; then
	"$TL_BUILD/tests/mksample" --lost mksample.tlz || fail mksample
	files="$files mksample.tlz"
fi
samples=$(ls "$TL_TOP"/samples/*.tlz 2>/dev/null)

# count FILE: prints "syscalls lost" for each format, one format a line
count() {
	local f=$1 n
	tl-convert "$f" >s.txt || fail "$f: strace exit $?"
	tl-convert -f json "$f" >s.jsonl || fail "$f: json exit $?"
	echo "strace $(grep -c -E '^ *[0-9]+ +[a-z_0-9]+\(' s.txt)" \
		"$(grep -c -E '^ *[0-9]+ +--- lost [0-9]+ record' s.txt)"
	echo "json $(jq -c 'select(.type == "syscall")' s.jsonl | wc -l)" \
		"$(jq -c 'select(.type == "lost")' s.jsonl | wc -l)"
	rm -f s.db
	tl-convert -f sqlite -o s.db "$f" || fail "$f: sqlite exit $?"
	echo "sqlite $(sqlite3 s.db 'SELECT count(*) FROM syscalls')" \
		"$(sqlite3 s.db 'SELECT count(*) FROM lost')"
	# pcapng: a call is an enter block, or only an exit block when its
	# enter record was lost (JSON's enter_lost)
	tl-convert -f pcapng -o s.pcapng "$f" || fail "$f: pcapng exit $?"
	tshark_r s.pcapng -T fields -e sysdig.event_type >types.txt
	n=$(grep -c -v -x -E '(1|3|5|7|9|19|23|103|148|186|223|225|227|293)' types.txt)
	n=$((n + $(jq -c 'select(.enter_lost)' s.jsonl | wc -l)))
	echo "pcapng $n $(grep -c -x 148 types.txt)"
}

# exit_blocks: syscall exit blocks (without the clone exits of fork
# events) and calls that returned, in the last converted file
exit_blocks() {
	local all forks
	all=$(grep -c -x -E '(1|3|5|7|9|19|23|103|223|225|227|293)' types.txt)
	forks=$(jq -c 'select(.type == "fork")' s.jsonl | wc -l)
	echo "$((all - forks))" \
		"$(jq -c 'select(.type == "syscall" and .ret != null)' s.jsonl | wc -l)"
}

for f in $files $samples; do
	count "$f" >counts.txt
	# all four formats agree on both numbers
	first=$(head -n 1 counts.txt | cut -d' ' -f2-)
	for fmt in json sqlite pcapng; do
		got=$(grep "^$fmt " counts.txt | cut -d' ' -f2-)
		[ "$got" = "$first" ] || {
			cat counts.txt >&2
			fail "$f: $fmt says '$got', strace says '$first'"
		}
	done
	# one pcapng exit block per call that returned
	read -r blocks returned < <(exit_blocks)
	[ "$blocks" = "$returned" ] ||
		fail "$f: $blocks pcapng exit blocks, $returned calls returned"
	case "$f" in
	"$TL_TOP"/*) echo "${f#"$TL_TOP"/}: $first" >&2 ;;
	*) echo "$f: $first" ;;
	esac
done
