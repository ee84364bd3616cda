#!/bin/bash
# SPDX-License-Identifier: MIT
# a truncated file still yields every intact event, with a warning
. "$TL_TOP/tests/cli/tl-convert/common.inc"
size=$(stat -c %s s.tlz)
head -c $((size - 200)) s.tlz > cut.tlz
tl-convert cut.tlz > cut.txt; echo "rc=$?"
tl-convert s.tlz > full.txt
# every line of the cut output is a line of the full one
grep -vxFf full.txt cut.txt; echo "extra lines: $?"
[ -s cut.txt ] && echo "has events"
