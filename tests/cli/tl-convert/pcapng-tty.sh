#!/bin/bash
# SPDX-License-Identifier: MIT
# pcapng refuses to write binary data to a terminal (script(1) gives the
# command a pseudo-terminal as stdout).
. "$TL_TOP/tests/cli/tl-convert/conv2.inc" script
script -eqc "tl-convert -f pcapng story.tlz" /dev/null | tr -d '\r'
echo "exit ${PIPESTATUS[0]}"
