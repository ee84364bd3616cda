#!/bin/bash
# SPDX-License-Identifier: MIT
# -tt -T: microseconds and durations
. "$TL_TOP/tests/cli/tl-convert/common.inc"
tl-convert -tt -T s.tlz
