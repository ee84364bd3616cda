#!/bin/bash
# SPDX-License-Identifier: MIT
# tshark -V on the pcapng of the story trace: every decoded parameter
# (frame and timing lines left out: they repeat the fields golden).
. "$TL_TOP/tests/cli/tl-convert/conv2.inc" tshark
tl-convert -f pcapng -o t.pcapng story.tlz || fail "tl-convert exit $?"
tshark_r t.pcapng -V -O sysdig | sed -n '/^Sysdig Event$/,/^$/p' |
	grep -v -e '^$' -e 'Parameter length'
