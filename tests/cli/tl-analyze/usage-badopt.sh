#!/bin/bash
# SPDX-License-Identifier: MIT
# Bad option values: exit 2 each (the first failure ends the script).
tl-analyze last -n 0 x.tlz; echo "rc=$?"
tl-analyze slow --min soon x.tlz; echo "rc=$?"
tl-analyze summary --pid abc x.tlz; echo "rc=$?"
tl-analyze summary --since never x.tlz; echo "rc=$?"
tl-analyze summary --bogus x.tlz; echo "rc=$?"
tl-analyze summary; echo "rc=$?"
