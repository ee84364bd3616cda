#!/bin/bash
# SPDX-License-Identifier: MIT
# A file that is not a .tlz: one line naming it, exit 1.
echo 'hello' > notes.tlz
tl-analyze summary notes.tlz
