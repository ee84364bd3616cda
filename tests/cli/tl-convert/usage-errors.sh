#!/bin/bash
# SPDX-License-Identifier: MIT
# usage errors exit 2 with one line and a hint
tl-convert; echo "rc=$?"; tl-convert -f nosuch x.tlz; echo "rc=$?"; tl-convert -X odd x.tlz; echo "rc=$?"; tl-convert -e trace=nosuchcall x.tlz; echo "rc=$?"; tl-convert --since yesterday x.tlz; echo "rc=$?"; tl-convert --pid abc x.tlz; echo "rc=$?"; tl-convert -f sqlite x.tlz 2>/dev/null; echo "rc=$?"
