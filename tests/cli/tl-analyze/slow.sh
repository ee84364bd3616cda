#!/bin/bash
# SPDX-License-Identifier: MIT
# Calls that took at least --min, and calls in flight at the dump.
set -e
export TZ=UTC
"$TL_BUILD/tests/tl-analyze-gen" story story.tlz
tl-analyze slow --min 40us story.tlz
set -e
export TZ=UTC
"$TL_BUILD/tests/tl-analyze-gen" tree tree.tlz
tl-analyze slow --min 1ms tree.tlz
tl-analyze slow --min 1h tree.tlz
