#!/bin/bash
# SPDX-License-Identifier: MIT
# Processes that started before the trace window, anchored from the dump-time snapshot; paths resolved against their cwd.
set -e
export TZ=UTC
"$TL_BUILD/tests/tl-analyze-gen" tree tree.tlz
tl-analyze exec-tree tree.tlz
tl-analyze failed-opens tree.tlz
tl-analyze exec-tree --json tree.tlz | jq -c '.roots[0] | [.pid, .comm, .before_trace, .end, .start_ns]'
