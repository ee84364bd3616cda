#!/bin/bash
# SPDX-License-Identifier: MIT
# DESIGN.md story 1 (synthetic): the cat of a file that is not there.
set -e
export TZ=UTC
"$TL_BUILD/tests/tl-analyze-gen" story story.tlz
tl-analyze failed-opens story.tlz
