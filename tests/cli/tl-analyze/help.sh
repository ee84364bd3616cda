#!/bin/bash
# SPDX-License-Identifier: MIT
# --help: synopsis, every query, options, examples and exit codes.
tl-analyze --help
