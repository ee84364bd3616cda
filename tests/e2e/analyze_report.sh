#!/bin/bash
# SPDX-License-Identifier: MIT
# tl-analyze report: one self-contained HTML page (no script, nothing
# fetched) that headless Chromium renders with every section, one SVG
# timeline per process, and a screenshot that is not blank.
set -eu
top=${TL_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
build=${TL_BUILD:-$top/build}
gen="$build/tests/tl-analyze-gen"
ana="$build/tl-analyze"

browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
	echo "chromium is not installed (Debian package chromium)"
	exit 77
fi
[ -x "$gen" ] && [ -x "$ana" ] || { echo "build tl-analyze and its tests first"; exit 1; }

tmp=$(mktemp -d /tmp/tl-analyze-report.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
export TZ=UTC

"$gen" story story.tlz
"$ana" report -o report.html story.tlz

fail() { echo "FAIL: $*"; exit 1; }

# self-contained: no script, no external reference of any kind
grep -qi '<script' report.html && fail "the page has a script"
grep -Eqi '(src|href)="?(https?:|//|file:)' report.html && fail "the page references something external"
grep -Eqi '@import|url\(' report.html && fail "the CSS loads something"

chrome() {
	timeout 120 "$browser" --headless --no-sandbox --disable-gpu \
		--disable-background-networking --disable-component-update \
		--disable-sync --no-first-run --user-data-dir="$tmp/profile" "$@" \
		2>>"$tmp/chromium.log"
}

chrome --dump-dom "file://$tmp/report.html" > dom.html || fail "chromium --dump-dom failed: $(tail -3 chromium.log)"
for id in metadata timeline exec-tree failed-opens errors summary files network lost; do
	grep -q "<section id=\"$id\">" dom.html || fail "section '$id' missing from the rendered DOM"
done
# the content, as the browser parsed it
grep -q '/tmp/file-3240' dom.html || fail "the failed open of /tmp/file-3240 is not shown"
grep -q 'ENOENT (No such file or directory)' dom.html || fail "errno text missing"
grep -q '100.00    0.000874' dom.html || fail "summary total line missing"
grep -q 'exec cat' dom.html || fail "exec chain missing"
n=$(grep -o '<svg[^>]*class="proc"' dom.html | wc -l)
[ "$n" = 4 ] || fail "expected 4 process timelines, found $n"

chrome --screenshot="$tmp/shot.png" --window-size=1280,2000 "file://$tmp/report.html" \
	> /dev/null || fail "chromium --screenshot failed: $(tail -3 chromium.log)"
[ -s shot.png ] || fail "no screenshot"
# not blank: decode the PNG's pixel data and count distinct colours
colours=$(python3 - shot.png <<'EOF'
import struct, sys, zlib
data = open(sys.argv[1], 'rb').read()
assert data[:8] == b'\x89PNG\r\n\x1a\n'
pos, idat, w, h, ctype = 8, b'', 0, 0, 0
while pos < len(data):
    n, t = struct.unpack('>I4s', data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if t == b'IHDR':
        w, h, depth, ctype = struct.unpack('>IIBB', body[:10])
    elif t == b'IDAT':
        idat += body
    pos += 12 + n
raw = zlib.decompress(idat)
bpp = {2: 3, 6: 4}[ctype]
stride = w * bpp
prev = bytearray(stride)
colours = set()
for y in range(h):
    f = raw[y * (stride + 1)]
    row = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for x in range(stride):
        a = row[x - bpp] if x >= bpp else 0
        b = prev[x]
        c = prev[x - bpp] if x >= bpp else 0
        if f == 1: row[x] = (row[x] + a) & 255
        elif f == 2: row[x] = (row[x] + b) & 255
        elif f == 3: row[x] = (row[x] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            row[x] = (row[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    if y % 4 == 0:
        for x in range(0, stride, bpp * 2):
            colours.add(bytes(row[x:x + 3]))
    prev = row
print(len(colours))
EOF
)
echo "screenshot: $(stat -c %s shot.png) bytes, $colours colours"
[ "$colours" -ge 20 ] || fail "the screenshot looks blank ($colours colours)"
echo "report renders: 9 sections, 4 timelines"
