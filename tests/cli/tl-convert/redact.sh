#!/bin/bash
# SPDX-License-Identifier: MIT
# --redact: no buffer contents, paths kept
. "$TL_TOP/tests/cli/tl-convert/common.inc"
tl-convert --redact s.tlz | grep -E "read|write|execve"
