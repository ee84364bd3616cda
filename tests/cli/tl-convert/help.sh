#!/bin/bash
# SPDX-License-Identifier: MIT
# --help: synopsis, options, exit codes, examples. The list of formats
# depends on the emitters linked in; strace and traceloop are always there.
tl-convert --help > h.txt; echo "rc=$?"
grep -E '^ {27}(strace|traceloop) ' h.txt
grep -vE '^ {27}[a-z]+ ' h.txt
