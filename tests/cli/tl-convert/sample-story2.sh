#!/bin/bash
# SPDX-License-Identifier: MIT
# The recorded sample samples/story2-ls-grep-wget.tlz (how it was made: samples/README.md)
# in strace and traceloop text and --info. Re-recording the sample means
# regenerating this golden, after checking the new output by eye.
export TZ=UTC
s="$TL_TOP/samples/story2-ls-grep-wget.tlz"
[ -f "$s" ] || { echo "samples/story2-ls-grep-wget.tlz is not there yet"; exit 77; }
tl-convert --failed "$s" | head -n 20; echo ---
tl-convert -e trace=%process -tt -T "$s"; echo ---
tl-convert --comm grep -e trace=read,write,openat "$s"; echo ---
tl-convert "$s" | wc -l
