#!/bin/bash
# SPDX-License-Identifier: MIT
# A file cut inside its last ring chunk: every intact event still comes
# out (the lines of the cut output are lines of the whole file's output,
# but for a call whose exit was cut off), a warning says what was
# skipped, and the exit status is 0.
. "$TL_TOP/tests/cli/tl-convert/common.inc"
tl-convert s.tlz > full.txt
full=$(wc -l < full.txt)
size=$(stat -c %s s.tlz)
# the largest cut that loses events (the cut falls in the last RING chunk)
for ((n = size - 1; n > 0; n -= 61)); do
	head -c $n s.tlz > cut.tlz
	tl-convert cut.tlz > cut.txt 2> err.txt
	rc=$?
	lines=$(wc -l < cut.txt)
	[ "$lines" -lt "$full" ] && break
done
echo "rc=$rc"
sed 's/offset [0-9]*/offset N/g; s/[0-9]* of [0-9]*/M of N/g; s/skipped [0-9]* bytes/skipped N bytes/' err.txt
[ "$lines" -gt 0 ] && echo "some events"
grep -vxFf full.txt cut.txt
