#!/bin/bash
# SPDX-License-Identifier: MIT
# --info: metadata without decoding. A complete file is described through
# its index (ring chunks not read); --scan, a truncated file (no footer)
# and a file whose index is damaged are read chunk by chunk.
. "$TL_TOP/tests/cli/tl-convert/common.inc"
fail() { echo "FAIL: $*" >&2; exit 1; }

# offset of the first chunk of type $2 in file $1 (FORMAT.md §2.1, §3.1)
chunk_off() {
	local f=$1 want=$2 off=32 size type len
	size=$(stat -c %s "$f")
	while [ $((off + 48)) -le "$size" ]; do
		type=$(od -An -tu4 -j $((off + 8)) -N4 "$f" | tr -d ' ')
		len=$(od -An -tu8 -j $((off + 16)) -N8 "$f" | tr -d ' ')
		[ $((type & 0x7fffffff)) = "$want" ] && { echo $off; return; }
		off=$((off + 48 + (len + 7) / 8 * 8))
	done
	return 1
}
# overwrite the byte at offset $2 of file $1 with its complement
flip() {
	local b
	b=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ')
	printf "$(printf '\\%03o' $((255 - b)))" |
		dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}

echo "# indexed"
tl-convert --info s.tlz || fail "exit $?"
echo "# --scan"
tl-convert --info --scan s.tlz || fail "exit $?"

echo "# truncated (no footer, no index): scanned"
size=$(stat -c %s s.tlz)
head -c $((size - 20)) s.tlz >cut.tlz
tl-convert --info cut.tlz 2>err || fail "exit $?"
sed 's/^/  stderr: /' err

echo "# damaged index: scanned"
cp s.tlz badidx.tlz
idx=$(chunk_off badidx.tlz 6) || fail "no INDEX chunk"
flip badidx.tlz $((idx + 48))
tl-convert --info badidx.tlz 2>err || fail "exit $?"
sed 's/^/  stderr: /' err

echo "# a damaged ring chunk: unseen through the index, found by --scan"
cp s.tlz badring.tlz
# RING_DELTA (7) since format 1.1 (FORMAT.md §6.8), RING (5) before
ring=$(chunk_off badring.tlz 7 || chunk_off badring.tlz 5) || fail "no RING chunk"
flip badring.tlz $((ring + 48 + 16))
tl-convert --info badring.tlz 2>err >idx.out || fail "exit $?"
grep -q "read through it" idx.out || fail "index not used"
grep -q "damage" idx.out && fail "the index path read the ring chunk"
[ -s err ] && fail "index path warned: $(cat err)"
tl-convert --info --scan badring.tlz 2>err | grep "damage\|records" ||
	fail "--scan did not see the damage"
sed 's/^/  stderr: /' err

echo "# --scan without --info"
tl-convert --scan s.tlz 2>&1 >/dev/null; echo "exit $?"
