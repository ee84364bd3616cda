#!/bin/bash
# SPDX-License-Identifier: MIT
# The whole tree (tools, unit tests, fuzz replayers) builds with clang as
# well as gcc, with the same -Wall -Wextra -Werror flags: clang warns about
# things gcc does not (-Wformat-nonliteral through -Wformat=2, for one).
# -O0 keeps it quick; the objects go to build/clang0, apart from the rest.
# `make fuzz` (the libFuzzer targets) must build too.
set -u
top=${TL_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
# tests/run.sh puts build/ first on PATH: look for the compiler elsewhere
cc=$(PATH=/usr/local/bin:/usr/bin:/bin command -v clang) ||
	{ echo "clang not installed"; exit 77; }
out=build/clang0
if ! make -C "$top" --no-print-directory -j2 CC="$cc" CLANG="$cc" OUT=$out CFLAGS="-O0" \
	all tests >"$top/$out.log" 2>&1; then
	grep -E "error|warning" "$top/$out.log" | head -n 20
	echo "FAIL: make CC=clang failed (whole log: $out.log)"
	exit 1
fi
# the libFuzzer targets (make fuzz: clang, ASan+UBSan, build/fuzz/)
if ! make -C "$top" --no-print-directory -j2 CLANG="$cc" fuzz \
	>"$top/$out-fuzz.log" 2>&1; then
	grep -E "error|warning" "$top/$out-fuzz.log" | head -n 20
	echo "FAIL: make fuzz failed (whole log: $out-fuzz.log)"
	exit 1
fi
echo "built with $("$cc" --version | head -n 1), and the fuzz targets"
