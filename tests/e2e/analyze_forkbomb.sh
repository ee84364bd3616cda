#!/bin/bash
# SPDX-License-Identifier: MIT
# A fork bomb of 200 processes, each exiting with 3: exec-tree has them
# all under the shell, with their exit codes; summary counts the clones.
. "$(dirname "$0")/analyze_lib.bash"

"$TLR" -q --buffer-size 8M -o bomb.tlz -- sh -c \
	'i=0; while [ $i -lt 200 ]; do ( exit 3 ) & i=$((i+1)); done; wait' \
	> out.txt 2>&1 || fail "recording failed: $(cat out.txt)"
"$ANA" exec-tree --json bomb.tlz > tree.json
check "200 children" '.roots[0].children | length == 200' tree.json
check "all exited with 3" '.roots[0].children | all(.end == "exited" and .exit_code == 3)' tree.json
check "parent exited 0" '.roots[0].exit_code == 0' tree.json
"$ANA" exec-tree bomb.tlz > tree.txt
[ "$(grep -c '^[├└]─ [0-9]* sh .* exited with 3 ' tree.txt)" = 200 ] || { head tree.txt; fail "200 tree lines"; }
"$ANA" lost --json bomb.tlz > lost.json
check "nothing lost" '.total_lost == 0' lost.json
"$ANA" summary --json bomb.tlz > sum.json
check "200 clones" '[.tables[0].rows[] | select(.syscall | test("^(clone|clone3|fork|vfork)$")) | .calls] | add >= 200' sum.json
echo "ok: fork bomb"
