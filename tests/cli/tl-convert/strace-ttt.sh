#!/bin/bash
# SPDX-License-Identifier: MIT
# -ttt: Unix time
. "$TL_TOP/tests/cli/tl-convert/common.inc"
tl-convert -ttt s.tlz | head -n 5
