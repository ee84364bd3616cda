#!/bin/bash
# SPDX-License-Identifier: MIT
# -xx: every string in hex
. "$TL_TOP/tests/cli/tl-convert/common.inc"
tl-convert -xx s.tlz | head -n 4
