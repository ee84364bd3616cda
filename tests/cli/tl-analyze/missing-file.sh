#!/bin/bash
# SPDX-License-Identifier: MIT
# An input that does not exist: one line naming it, exit 1.
tl-analyze summary nope.tlz
