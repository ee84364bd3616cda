#!/bin/bash
# SPDX-License-Identifier: MIT
# Story 1: failing syscalls grouped with examples.
set -e
export TZ=UTC
"$TL_BUILD/tests/tl-analyze-gen" story story.tlz
tl-analyze errors story.tlz
