#!/bin/bash
# SPDX-License-Identifier: MIT
# 200 children of one process: all in the tree, one exited with 3.
set -e
export TZ=UTC
"$TL_BUILD/tests/tl-analyze-gen" forkbomb bomb.tlz
tl-analyze exec-tree bomb.tlz > tree.txt
echo "lines: $(wc -l < tree.txt)"
echo "children: $(grep -c "^[├└]─ " tree.txt)"
grep "exited with 3" tree.txt
tl-analyze exec-tree --json bomb.tlz | jq -c '[.roots[0].pid, (.roots[0].children | length), ([.roots[0].children[] | select(.exit_code == 3) | .pid])]'
tl-analyze summary bomb.tlz
