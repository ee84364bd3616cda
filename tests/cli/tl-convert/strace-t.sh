#!/bin/bash
# SPDX-License-Identifier: MIT
# -t: time of day
. "$TL_TOP/tests/cli/tl-convert/common.inc"
tl-convert -t s.tlz | head -n 3
