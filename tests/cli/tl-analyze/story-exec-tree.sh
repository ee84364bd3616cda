#!/bin/bash
# SPDX-License-Identifier: MIT
# Story 1: sh forks the pipe's sides and cat, with exec chains and exit codes.
set -e
export TZ=UTC
"$TL_BUILD/tests/tl-analyze-gen" story story.tlz
tl-analyze exec-tree story.tlz
