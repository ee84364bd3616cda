#!/bin/bash
# SPDX-License-Identifier: MIT
# Filters: --pid, --comm, --since/--until, --trace, --limit.
set -e
export TZ=UTC
"$TL_BUILD/tests/tl-analyze-gen" story story.tlz
echo "--pid 1003:"
tl-analyze failed-opens --pid 1003 story.tlz
echo "--comm bc,sh:"
tl-analyze failed-opens --comm bc,sh story.tlz
echo "--since 22:13:20.0005 --until 22:13:20.00085:"
tl-analyze failed-opens --since 22:13:20.0005 --until 22:13:20.00085 story.tlz
echo "--since 600us:"
tl-analyze failed-opens --since 600us story.tlz
echo "--trace nosuch:"
tl-analyze failed-opens --trace nosuch story.tlz
echo "--trace story --limit 1:"
tl-analyze failed-opens --trace story --limit 1 story.tlz
echo "exec-tree --pid 1002:"
tl-analyze exec-tree --pid 1002 story.tlz
