#!/bin/bash
# SPDX-License-Identifier: MIT
# The committed syscall tables (format/systable_<abi>.c) are exactly what
# scripts/gen-systable.sh makes from the uapi headers, the committed tracefs
# snapshot and the annotations; the struct sizes of the annotations match
# sizeof() for every ABI a compiler is installed for.
set -u
top=${TL_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
if [ ! -r /usr/include/x86_64-linux-gnu/asm/unistd_64.h ] &&
   [ ! -r /usr/include/asm/unistd_64.h ]; then
	echo "no x86_64 uapi headers (linux-libc-dev) to regenerate from"
	exit 77
fi
exec "$top/scripts/gen-systable.sh" --check
