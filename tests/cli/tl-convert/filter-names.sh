#!/bin/bash
# SPDX-License-Identifier: MIT
# -e trace=NAME,NAME and negation
. "$TL_TOP/tests/cli/tl-convert/common.inc"
tl-convert -e trace=openat,close s.tlz; echo ---; tl-convert -e "trace=!write,read,openat" s.tlz
