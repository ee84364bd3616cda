#!/bin/bash
# SPDX-License-Identifier: MIT
# JSON lines of the story trace (every event kind), checked with jq: each
# line is valid JSON and the whole output is the golden.
. "$TL_TOP/tests/cli/tl-convert/conv2.inc" jq
tl-convert -f json story.tlz >out.jsonl || fail "tl-convert exit $?"
# jq parses every line (any invalid one is an error)
jq -e -c . out.jsonl >/dev/null || fail "jq rejects the output"
cat out.jsonl
