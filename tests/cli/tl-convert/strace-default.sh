#!/bin/bash
# SPDX-License-Identifier: MIT
# default strace text: pid column, alignment, unfinished/resumed, exits
. "$TL_TOP/tests/cli/tl-convert/common.inc"
tl-convert s.tlz
