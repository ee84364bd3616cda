#!/bin/bash
# SPDX-License-Identifier: MIT
# --trace by name and id
. "$TL_TOP/tests/cli/tl-convert/common.inc"
tl-convert --trace cmd-sh s.tlz | wc -l; tl-convert --trace 1 s.tlz | wc -l; tl-convert --trace other s.tlz | wc -l
