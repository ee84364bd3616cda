#!/bin/bash
# SPDX-License-Identifier: MIT
# --redact in the JSON, SQLite and pcapng outputs: no buffer contents
# (the story's write of curl's error message, the binary read) anywhere,
# lengths and paths kept.
. "$TL_TOP/tests/cli/tl-convert/conv2.inc" jq sqlite3 tshark
secret="Failed to connect"
tl-convert -f json story.tlz | grep -q "$secret" || fail "the story has no secret"

tl-convert --redact -f json story.tlz >r.jsonl || fail "json exit $?"
tl-convert --redact -f sqlite -o r.db story.tlz || fail "sqlite exit $?"
tl-convert --redact -f pcapng -o r.pcapng story.tlz || fail "pcapng exit $?"
for f in r.jsonl r.db r.pcapng; do
	! grep -a -q "$secret" $f || fail "$f holds buffer contents"
	! grep -a -q 'ELF' $f || fail "$f holds the binary read"
done
echo "# json: buffers by length, paths kept"
jq -c 'select(.syscall == "write" or .syscall == "read") |
	[.pid, .syscall, .args.buf, .args.buf_len, .ret]' r.jsonl
jq -r 'select(.args.filename != null) | .args.filename' r.jsonl | sort -u
echo "# sqlite"
sqlite3 r.db "SELECT name, json_extract(args, '$.buf_len'), ret FROM syscalls
	WHERE name IN ('read', 'write') ORDER BY id"
sqlite3 r.db "SELECT count(DISTINCT path) FROM syscalls"
echo "# pcapng: read/write exit data lengths"
tshark_r r.pcapng -Y 'sysdig.event_type == 7 || sysdig.event_type == 9' \
	-T fields -e sysdig.thread_id -e sysdig.event_type -e sysdig.param.lens
