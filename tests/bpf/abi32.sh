#!/bin/bash
# SPDX-License-Identifier: MIT
# i386 syscalls are recorded with their ABI and decoded with the i386
# table (read is 3 there, close on x86_64): a gcc -m32 program, and a
# 64-bit program using int $0x80.
. "$(dirname "$0")/lib.bash"

[ -x "$PROG/abi32" ] || fail "abi32 not built"
if ! "$PROG/abi32" >/dev/null 2>&1; then
	# e.g. "pvm-pv: IA-32 emulation off" in dmesg: i386 execve gives ENOEXEC
	skip "this kernel cannot run 32-bit programs (IA-32 emulation off; see dmesg)"
fi
out=$("$TLR" -o "$T/a.tlz" -- "$PROG/abi32")
[ $? = 0 ] || fail "exit status"
ids_from "$out"
"$CHECK" "$T/a.tlz" >"$T/a.txt" || fail "tlcheck"
A=$T/a.txt
expect "$A" "^sys $pid $pid i386 getppid ret=[1-9][0-9]* "
expect "$A" "^sys $pid $pid i386 open ret=-2 err=ENOENT .*\"/nonexistent/tlz-i386\"$"
expect "$A" "^sys $pid $pid i386 read ret=100 .* c1=bufX:100/100:\"(\\\\x00){100}\"$" "i386 read (3) with its buffer"
expect "$A" "^sys $pid $pid i386 write ret=11 .* c1=buf:11/11:\"i386 hello\\\\x0a\"$"
expect_none "$A" "^sys $pid $pid x86_64 (close|fstat|semget) " "i386 calls decoded as x86_64"

out=$("$TLR" -o "$T/i.tlz" -- "$PROG/int80")
[ $? = 0 ] || fail "int80 exit status"
ids_from "$out"
"$CHECK" "$T/i.tlz" >"$T/i.txt" || fail "tlcheck"
expect "$T/i.txt" "^sys $pid $pid i386 getpid ret=$pid " "int 0x80 from a 64-bit task is i386"
echo "ok"
