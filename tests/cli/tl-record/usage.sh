#!/bin/bash
# SPDX-License-Identifier: MIT
# Usage errors: one line naming the problem, a hint, exit status 2; they
# are found before anything is loaded (no root needed).
tl-record ls; echo "rc=$?"
tl-record -o x.tlz; echo "rc=$?"
tl-record -o x.tlz --cgroup /a ls; echo "rc=$?"
tl-record -o x.tlz -s 5000 ls; echo "rc=$?"
tl-record -o x.tlz --buffer-size 1K ls; echo "rc=$?"
tl-record -o x.tlz --compress lz4 ls; echo "rc=$?"
tl-record -o x.tlz --format-version 2 ls; echo "rc=$?"
tl-record -o x.tlz --format-version 1.1 --cgroup /a ls; echo "rc=$?"
tl-record -o x.tlz --duration 1s ls; echo "rc=$?"
tl-record -o x.tlz --frobnicate ls; echo "rc=$?"
tl-record -o; echo "rc=$?"
ls x.tlz 2>/dev/null; echo "files: $?"
