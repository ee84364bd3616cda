#!/bin/bash
# SPDX-License-Identifier: MIT
# connect to a closed port (ECONNREFUSED), a v6 connection with traffic, a missing unix socket.
set -e
export TZ=UTC
"$TL_BUILD/tests/tl-analyze-gen" refused net.tlz
tl-analyze net net.tlz
tl-analyze net --json net.tlz | jq -c '.rows[] | select(.errno) | [.op, .address, .errno, .message]'
