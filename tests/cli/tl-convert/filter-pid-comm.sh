#!/bin/bash
# SPDX-License-Identifier: MIT
# --pid and --comm
. "$TL_TOP/tests/cli/tl-convert/common.inc"
tl-convert --pid 1001 s.tlz; echo ---; tl-convert --comm sh s.tlz
