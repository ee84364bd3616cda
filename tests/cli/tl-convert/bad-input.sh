#!/bin/bash
# SPDX-License-Identifier: MIT
# bad input: one line naming the file, exit 1
tl-convert nosuch.tlz; echo "rc=$?"; echo "hello" > text.tlz; tl-convert text.tlz; echo "rc=$?"; : > empty.tlz; tl-convert empty.tlz; echo "rc=$?"; tl-convert --info nosuch.tlz; echo "rc=$?"
