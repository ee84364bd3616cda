#!/bin/bash
# SPDX-License-Identifier: MIT
# --info: metadata without decoding
. "$TL_TOP/tests/cli/tl-convert/common.inc"
tl-convert --info s.tlz
