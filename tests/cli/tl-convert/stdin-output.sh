#!/bin/bash
# SPDX-License-Identifier: MIT
# stdin and -o
. "$TL_TOP/tests/cli/tl-convert/common.inc"
tl-convert - < s.tlz | head -n 2; tl-convert -o out.txt s.tlz && wc -l < out.txt
