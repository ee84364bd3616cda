#!/bin/bash
# SPDX-License-Identifier: MIT
# An exec chain in one pid: sh execs env which execs cat. exec-tree shows
# the three execs in order with their argv under one process.
. "$(dirname "$0")/analyze_lib.bash"

"$TLR" -q -o chain.tlz -- sh -c 'exec env FOO=1 cat /etc/hostname' > out.txt 2>&1 \
	|| fail "recording failed: $(cat out.txt)"
"$ANA" exec-tree --json chain.tlz > tree.json
check "one process" '.roots | length == 1 and (.[0].children | length == 0)' tree.json
check "sh, env, cat in order" '.roots[0].execs | map(.comm) == ["sh", "env", "cat"]' tree.json
check "env's argv" '.roots[0].execs[1].argv == ["env", "FOO=1", "cat", "/etc/hostname"]' tree.json
check "cat read the file" '.roots[0].exit_code == 0' tree.json
"$ANA" exec-tree chain.tlz > tree.txt
has "env line" '↳ exec env .* env FOO=1 cat /etc/hostname$' tree.txt
"$ANA" files --json --comm cat chain.tlz > files.json
check "cat read /etc/hostname" '.rows | any(.path == "/etc/hostname" and .bytes_read > 0)' files.json
echo "ok: exec chain"
