#!/bin/bash
# SPDX-License-Identifier: MIT
# --help: synopsis, options, exit status, examples; --version.
tl-record --help; echo "rc=$?"
tl-record --version | sed 's/ [0-9][0-9.]*$/ VERSION/'; echo "rc=$?"
