#!/bin/bash
# SPDX-License-Identifier: MIT
# sh execs env which execs cat in the same pid, after a failed PATH candidate.
set -e
export TZ=UTC
"$TL_BUILD/tests/tl-analyze-gen" execchain chain.tlz
tl-analyze exec-tree chain.tlz
tl-analyze failed-opens --comm env chain.tlz
tl-analyze exec-tree --json chain.tlz | jq -c '.roots[0].execs[] | [.filename, .comm, .argv]'
