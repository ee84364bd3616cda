#!/bin/bash
# SPDX-License-Identifier: MIT
# A directory means every .tlz in it, merged in time order.
mkdir spool
set -e
export TZ=UTC
"$TL_BUILD/tests/tl-analyze-gen" story spool/a.tlz
set -e
export TZ=UTC
"$TL_BUILD/tests/tl-analyze-gen" refused spool/b.tlz
touch spool/readme.txt
tl-analyze exec-tree spool
tl-analyze errors spool
