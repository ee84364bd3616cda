#!/bin/bash
# SPDX-License-Identifier: MIT
# A file cut in the middle of its ring data: every intact event still
# comes out (the lines are a prefix-subset of the whole file's lines, the
# call whose exit was cut ends "<unfinished ...>"), a warning says what
# was skipped, and the exit status is 0.
. "$TL_TOP/tests/cli/tl-convert/common.inc"
size=$(stat -c %s s.tlz)
head -c $((size * 2 / 3)) s.tlz > cut.tlz
tl-convert s.tlz > full.txt
tl-convert cut.tlz > cut.txt 2> err.txt; echo "rc=$?"
sed 's/offset [0-9]*/offset N/g; s/[0-9]* of [0-9]*/M of N/g' err.txt
echo "lines: $(wc -l < cut.txt) of $(wc -l < full.txt)"
# every line but the last is a line of the full output
head -n -1 cut.txt | grep -vxFf full.txt; echo "lines not in the full output: $?"
tail -n 1 cut.txt
