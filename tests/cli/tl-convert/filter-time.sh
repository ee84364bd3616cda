#!/bin/bash
# SPDX-License-Identifier: MIT
# --since/--until relative to the first event and absolute
. "$TL_TOP/tests/cli/tl-convert/common.inc"
tl-convert --since 30us --until 45us s.tlz; echo ---; tl-convert --since @1700000000.000070 s.tlz; echo ---; tl-convert --until 22:13:20.000010 s.tlz
