#!/bin/bash
# SPDX-License-Identifier: MIT
# two files merged in time order
. "$TL_TOP/tests/cli/tl-convert/common.inc"
"$TL_BUILD/tests/mksample" --second b.tlz && tl-convert s.tlz b.tlz | cut -c1-40 | head -n 14
