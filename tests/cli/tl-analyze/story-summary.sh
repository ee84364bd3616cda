#!/bin/bash
# SPDX-License-Identifier: MIT
# Story 1: strace -c -w's table.
set -e
export TZ=UTC
"$TL_BUILD/tests/tl-analyze-gen" story story.tlz
tl-analyze summary story.tlz
echo
tl-analyze summary --per-process --comm bc story.tlz
