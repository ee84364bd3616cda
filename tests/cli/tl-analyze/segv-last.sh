#!/bin/bash
# SPDX-License-Identifier: MIT
# A process killed by SIGSEGV and one killed by SIGKILL inside read(): their last syscalls.
set -e
export TZ=UTC
"$TL_BUILD/tests/tl-analyze-gen" segv segv.tlz
tl-analyze last -n 4 segv.tlz
echo
tl-analyze exec-tree segv.tlz
