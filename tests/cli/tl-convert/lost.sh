#!/bin/bash
# SPDX-License-Identifier: MIT
# lost records: a line strace parsers skip
. "$TL_TOP/tests/cli/tl-convert/common.inc"
"$TL_BUILD/tests/mksample" --lost l.tlz && tl-convert l.tlz | sed -n 14,17p && tl-convert --info --scan l.tlz | tail -n 1
