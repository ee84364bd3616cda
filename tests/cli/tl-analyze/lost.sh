#!/bin/bash
# SPDX-License-Identifier: MIT
# A ring that wrapped and dropped records: where events are missing.
set -e
export TZ=UTC
"$TL_BUILD/tests/tl-analyze-gen" lost lost.tlz
tl-analyze lost lost.tlz
tl-analyze lost --json lost.tlz | jq -c '[.total_overwritten, .total_lost_in_gaps, [.rings[] | [.cpu, .gaps, .dropped_busy]]]'
