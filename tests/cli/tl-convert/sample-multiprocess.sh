#!/bin/bash
# SPDX-License-Identifier: MIT
# The recorded sample samples/multiprocess.tlz (how it was made: samples/README.md)
# in strace and traceloop text and --info. Re-recording the sample means
# regenerating this golden, after checking the new output by eye.
export TZ=UTC
s="$TL_TOP/samples/multiprocess.tlz"
[ -f "$s" ] || { echo "samples/multiprocess.tlz is not there yet"; exit 77; }
# (signal classes left out until the decoder pairs rt_sigreturn with its exit)
tl-convert -e trace=%process,%file "$s"; echo ---; tl-convert -e trace=%process -f traceloop "$s"; echo ---; (cd "$TL_TOP" && tl-convert --info "samples/${s##*/}")
