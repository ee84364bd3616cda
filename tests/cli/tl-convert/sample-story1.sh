#!/bin/bash
# SPDX-License-Identifier: MIT
# The recorded sample samples/story1-bc-file.tlz (how it was made: samples/README.md)
# in strace and traceloop text and --info. Re-recording the sample means
# regenerating this golden, after checking the new output by eye.
export TZ=UTC
s="$TL_TOP/samples/story1-bc-file.tlz"
[ -f "$s" ] || { echo "samples/story1-bc-file.tlz is not there yet"; exit 77; }
# (signal classes left out until the decoder pairs rt_sigreturn with its exit)
f=trace=%file,%desc,%process,%memory,%network
tl-convert -e $f "$s"; echo ---; tl-convert -e $f -f traceloop "$s"; echo ---; (cd "$TL_TOP" && tl-convert --info "samples/${s##*/}")
