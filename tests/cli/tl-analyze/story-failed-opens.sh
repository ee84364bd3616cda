#!/bin/bash
# SPDX-License-Identifier: MIT
# DESIGN.md story 1 (synthetic): the cat of a file that is not there.
set -e
export TZ=UTC
"$TL_BUILD/tests/tl-analyze-gen" story story.tlz
tl-analyze failed-opens story.tlz
# the flags column in JSON: the symbolic flags as strace prints them,
# null for a call without flag arguments
tl-analyze failed-opens --json story.tlz |
	jq -r '.rows[] | "\(.syscall) \(.flags) \(.path)"'
tl-analyze failed-opens --json story.tlz |
	jq -r '.rows[] | select(.flags // "" | split("|") | index("O_RDONLY")) | .path'
