#!/bin/bash
# SPDX-License-Identifier: MIT
# A directory without .tlz files: exit 1.
mkdir spool
tl-analyze summary spool
