#!/bin/bash
# SPDX-License-Identifier: MIT
# Story 1: bc's output reaches /tmp/file-1889 through dup2 and exec; cat's error goes to an inherited fd 2.
set -e
export TZ=UTC
"$TL_BUILD/tests/tl-analyze-gen" story story.tlz
tl-analyze files story.tlz
# JSON: the open flags by name, queried with jq
tl-analyze files --json story.tlz |
	jq -c '.rows[] | select(.flags | any(split("|") | index("O_CREAT"))) | [.path, .flags, .modes]'
