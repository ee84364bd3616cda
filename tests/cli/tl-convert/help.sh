#!/bin/bash
# SPDX-License-Identifier: MIT
# --help: synopsis, options, exit codes, examples
tl-convert --help
