#!/bin/bash
# SPDX-License-Identifier: MIT
# -s and --no-data: buffers are cut at the snap length or reduced to their
# lengths; paths are always kept whole; --compress writes a readable file.
. "$(dirname "$0")/lib.bash"

out=$("$TLR" -s 16 --compress zlib -o "$T/s.tlz" -- "$PROG/known" "$T")
[ $? = 5 ] || fail "exit status"
ids_from "$out"
"$CHECK" "$T/s.tlz" >"$T/s.txt" || fail "tlcheck"
expect "$T/s.txt" "^sys $pid $pid x86_64 write ret=10 .* c1=buf:10/10:\"hello tlz\\\\x0a\"$" "short buffer whole"
expect "$T/s.txt" "^sys $pid $pid x86_64 read ret=65536 .* c1=bufTX:16/65536:\"0123456789abcdef\"$" "cut at 16 bytes"
expect "$T/s.txt" "c1=str:30/30:\"/nonexistent/tlz-near-page-end\"$" "path not cut by -s"

out=$("$TLR" --no-data -o "$T/n.tlz" -- "$PROG/known" "$T")
[ $? = 5 ] || fail "exit status"
ids_from "$out"
"$CHECK" "$T/n.tlz" >"$T/n.txt" || fail "tlcheck"
expect "$T/n.txt" "^sys $pid $pid x86_64 write ret=10 .* c1=len:0/10:\"\"$" "write: length only"
expect "$T/n.txt" "^sys $pid $pid x86_64 read ret=65536 .* c1=lenX:0/65536:\"\"$" "read: length only"
expect "$T/n.txt" "c1=strX?:22/22:\"/nonexistent/tlz-known\"$" "paths kept"
expect_none "$T/n.txt" "hello tlz" "buffer contents present"
echo "ok"
