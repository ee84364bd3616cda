#!/bin/bash
# SPDX-License-Identifier: MIT
# A bad statement: SQLite's message on one line, exit 1.
set -e
"$TL_BUILD/tests/tl-analyze-gen" story story.tlz
tl-analyze sql "SELEC name FROM syscalls" story.tlz
