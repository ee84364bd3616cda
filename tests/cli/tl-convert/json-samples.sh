#!/bin/bash
# SPDX-License-Identifier: MIT
# JSON lines of the recorded samples, read with jq: every line valid; the
# whole of story 1 (DESIGN.md: bc writes "42\n" into one /tmp file, cat
# opens another); for the two bigger ones, what jq users ask first.
. "$TL_TOP/tests/cli/tl-convert/samples.inc" jq
for s in story1-bc-file multiprocess story2-ls-grep-wget; do
	tl-convert -f json $s.tlz >$s.jsonl || fail "$s: exit $?"
	jq -e -c . $s.jsonl >/dev/null || fail "$s: jq rejects the output"
done
echo "# story1: the whole output"
cat story1-bc-file.jsonl
echo "# story1: what bc wrote and what cat could not open"
jq -c 'select(.comm == "bc" and .syscall == "write") | [.args.fd, .args.buf, .ret]' story1-bc-file.jsonl
jq -c 'select(.comm == "cat" and .errno != null) | [.syscall, .args.filename, .errno]' story1-bc-file.jsonl
for s in multiprocess story2-ls-grep-wget; do
	echo "# $s: objects by type"
	jq -r .type $s.jsonl | sort | uniq -c
	echo "# $s: exec and exit"
	jq -c 'select(.type == "exec" or .type == "exit") |
		[.type, .pid, .tid, .filename, .argv, .code, .signal, .group_dead]' $s.jsonl
	echo "# $s: failed calls by syscall and errno"
	jq -r 'select(.errno != null) | "\(.syscall) \(.errno)"' $s.jsonl | sort | uniq -c
	echo "# $s: calls that never returned"
	jq -c 'select(.noreturn or .in_flight) | [.pid, .syscall, .noreturn, .in_flight]' $s.jsonl
done
echo "# story2: the wget lines, the point of the story"
jq -r 'select(.args.filename? // "" | test("wget")) | "\(.pid) \(.syscall) \(.args.filename) \(.ret)"' \
	story2-ls-grep-wget.jsonl
jq -c 'select(.comm == "grep" and .syscall == "write") | .args.buf' story2-ls-grep-wget.jsonl
