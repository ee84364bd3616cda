#!/bin/bash
# SPDX-License-Identifier: MIT
# -e trace=%file
. "$TL_TOP/tests/cli/tl-convert/common.inc"
tl-convert -e trace=%file s.tlz
