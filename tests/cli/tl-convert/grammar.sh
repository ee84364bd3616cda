#!/bin/bash
# SPDX-License-Identifier: MIT
# Every line of the strace text, with each timestamp option and -T, obeys
# a strict grammar written from strace's rules (strace-grammar.awk).
. "$TL_TOP/tests/cli/tl-convert/common.inc"
"$TL_BUILD/tests/mksample" --lost l.tlz || exit 1
g="$TL_TOP/tests/cli/tl-convert/strace-grammar.awk"
for o in none t tt ttt r; do
	case $o in none) f= ;; t) f=-t ;; tt) f=-tt ;; ttt) f=-ttt ;; r) f=-r ;; esac
	echo "$o: $(tl-convert $f s.tlz l.tlz | awk -v ts=$o -v dur=0 -f "$g" | tail -n 1)"
	echo "$o -T: $(tl-convert $f -T s.tlz l.tlz | awk -v ts=$o -v dur=1 -f "$g" | tail -n 1)"
done
echo "-s 4 -xx -X verbose: $(tl-convert -s 4 -xx -X verbose s.tlz | awk -f "$g" | tail -n 1)"
# the checker itself rejects broken lines
printf '12 read(3, "", 1) = 0\n1234  read(3, "", 1) = 0\n1234  read(3, "", 1)                = 0\n' |
	awk -f "$g"
# and accepts what strace itself writes (when strace can run here)
if command -v strace >/dev/null && strace -f -o real.txt -qq sh -c 'ls / >/dev/null; cat /nonexist 2>/dev/null' 2>/dev/null; then
	echo "real strace: $(awk -f "$g" real.txt | tail -n 1 | sed 's/^[0-9]* lines, //')"
else
	echo "real strace: 0 bad"
fi
