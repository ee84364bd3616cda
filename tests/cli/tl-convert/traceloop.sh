#!/bin/bash
# SPDX-License-Identifier: MIT
# -f traceloop
. "$TL_TOP/tests/cli/tl-convert/common.inc"
tl-convert -f traceloop s.tlz
