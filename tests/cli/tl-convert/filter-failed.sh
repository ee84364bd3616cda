#!/bin/bash
# SPDX-License-Identifier: MIT
# --failed: only failing calls, whole lines
. "$TL_TOP/tests/cli/tl-convert/common.inc"
tl-convert --failed s.tlz
