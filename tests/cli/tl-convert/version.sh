#!/bin/bash
# SPDX-License-Identifier: MIT
# --version
tl-convert --version
