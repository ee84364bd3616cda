#!/bin/bash
# SPDX-License-Identifier: MIT
# Unknown query: exit 2.
tl-analyze frobnicate x.tlz
