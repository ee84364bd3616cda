#!/bin/bash
# SPDX-License-Identifier: MIT
# -X raw and -X verbose
. "$TL_TOP/tests/cli/tl-convert/common.inc"
tl-convert -X raw s.tlz | sed -n 3,8p; tl-convert -X verbose s.tlz | sed -n 3,8p
