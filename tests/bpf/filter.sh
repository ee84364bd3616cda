#!/bin/bash
# SPDX-License-Identifier: MIT
# --syscall-filters: the in-kernel allow-list keeps only the named
# syscalls (process events stay); an unknown name is a usage error.
. "$(dirname "$0")/lib.bash"

out=$("$TLR" --syscall-filters openat,write -o "$T/f.tlz" -- "$PROG/known" "$T")
rc=$?
[ $rc = 5 ] || fail "exit status $rc, expected 5"
ids_from "$out"
"$CHECK" "$T/f.tlz" >"$T/f.txt" || fail "tlcheck failed"
F=$T/f.txt
expect "$F" "^sys $pid $pid x86_64 openat ret=-2 err=ENOENT .*\"/nonexistent/tlz-known\"$"
expect "$F" "^sys $pid $pid x86_64 write ret=10 .*\"hello tlz\\\\x0a\"$"
grep '^sys ' "$F" | awk '$5 != "openat" && $5 != "write"' >"$T/other"
[ -s "$T/other" ] && { head "$T/other"; fail "syscalls outside the filter recorded"; }
n=$(grep -c '^sys ' "$F")
[ "$n" -ge 4 ] || fail "only $n syscalls recorded"
# process events are not filtered
expect "$F" "^exec $pid $pid old=$pid comm=known "
expect "$F" "^fork $child $child child=$grandchild/$grandchild$"
expect "$F" "^exit $killed $killed code=0xf group$"
expect "$F" "^exit $pid $pid code=0x500 group$"
expect_none "$F" "^lost " "nothing lost"

# an unknown name: exit 2, one line naming it, no file
"$TLR" --syscall-filters openat,nosuchcall -o "$T/u.tlz" -- true 2>"$T/err"
rc=$?
[ $rc = 2 ] || fail "unknown syscall: exit $rc, expected 2"
expect "$T/err" "^tl-record: unknown syscall 'nosuchcall'$"
[ "$(wc -l <"$T/err")" = 1 ] || fail "more than one line on stderr"
[ -e "$T/u.tlz" ] && fail "a file was written"
echo "ok: $n syscalls, all openat or write"
