#!/bin/bash
# SPDX-License-Identifier: MIT
# -s 8 -x: short strings, non-ASCII ones in hex
. "$TL_TOP/tests/cli/tl-convert/common.inc"
tl-convert -s 8 -x s.tlz
