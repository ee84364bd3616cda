#!/bin/bash
# SPDX-License-Identifier: MIT
# -r: time since the previous line
. "$TL_TOP/tests/cli/tl-convert/common.inc"
tl-convert -r s.tlz | head -n 12
