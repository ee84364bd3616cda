#!/bin/bash
# SPDX-License-Identifier: MIT
# No query: one error line, a hint, exit 2.
tl-analyze
