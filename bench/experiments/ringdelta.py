#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""ringdelta.py - how much smaller do .tlz RING chunks compress when each
record's seq and ts are stored as the difference to the previous record
of the same block (a reversible transform applied before compression)?

The experiment behind bench/analysis.md. Its result is now part of the
format: since format 1.1 the writer stores RING_DELTA chunks (FORMAT.md
§6.8) by default. This script stays as an independent re-implementation
of §6.8 in a few lines, to check it and to try variants.

Needs python3 and the zstd command-line tool. Input: .tlz files recorded
with `--compress none` (chunks stored uncompressed). It walks the chunks,
takes the ring blocks of RING and RING_DELTA chunks (undoing the delta
coding of the latter), and prints the raw ring bytes and their zstd -3
size in 1 MiB pieces (as the writer cuts RING chunks), plain and
delta-coded.

  tl-record --compress none --no-data --buffer-size 64M -o raw.tlz -- \\
      build/bench/sysbench getppid 100000
  bench/experiments/ringdelta.py raw.tlz
"""
import struct
import subprocess
import sys

BLOCK_MAGIC = 0x4B4C4254        # "TBLK", format/tl_record.h
BLOCK_HDR = 64
CHUNK = 16 * 65536
RING, RING_DELTA = 5, 7         # chunk types, FORMAT.md §4


def chunks(data):
    """(type without the critical bit, codec, payload) of each chunk."""
    off = struct.unpack_from("<I", data, 12)[0]     # file header_size
    while off + 48 <= len(data) and data[off:off + 8] == b"TLZCHNK\0":
        typ, codec = struct.unpack_from("<IB", data, off + 8)
        stored = struct.unpack_from("<Q", data, off + 16)[0]
        yield typ & 0x7FFFFFFF, codec, data[off + 48:off + 48 + stored]
        off += 48 + (stored + 7) // 8 * 8


def delta(block, decode=False):
    """FORMAT.md §6.8 on one block: seq (u32 at +4) and ts (u64 at +8) of
    every record as differences (or back)."""
    b = bytearray(block)
    magic, used = struct.unpack_from("<II", b, 0)
    if magic != BLOCK_MAGIC or used > len(b) - BLOCK_HDR:
        return bytes(b)
    off, end, pseq, pts = BLOCK_HDR, BLOCK_HDR + used, 0, 0
    while end - off >= 24:
        ln, seq, ts = struct.unpack_from("<HIQ", b, off + 2)
        if ln < 24 or ln % 8 or ln > end - off:
            break
        if decode:
            seq, ts = (seq + pseq) & 0xFFFFFFFF, (ts + pts) & (2**64 - 1)
            struct.pack_into("<IQ", b, off + 4, seq, ts)
        else:
            struct.pack_into("<IQ", b, off + 4, (seq - pseq) & 0xFFFFFFFF,
                             (ts - pts) & (2**64 - 1))
        pseq, pts = seq, ts
        off += ln
    return bytes(b)


def blocks(data):
    """The plain ring blocks (whole block_size bytes) of a codec-none file."""
    out = []
    for typ, codec, p in chunks(data):
        if typ not in (RING, RING_DELTA):
            continue
        if codec != 0:
            sys.exit("record with --compress none: a chunk is compressed")
        bsize, nblocks, hsize = struct.unpack_from("<III", p, 12)
        for i in range(nblocks):
            b = p[hsize + i * bsize:hsize + (i + 1) * bsize]
            out.append(delta(b, decode=True) if typ == RING_DELTA else b)
    return out


def zstd_size(data):
    return len(subprocess.run(["zstd", "-q", "-c", "-3"], input=data,
                              capture_output=True, check=True).stdout)


def packed(data):
    return sum(zstd_size(data[i:i + CHUNK]) for i in range(0, len(data), CHUNK))


def main(paths):
    for p in paths:
        with open(p, "rb") as f:
            bl = blocks(f.read())
        raw = b"".join(bl)
        dlt = b"".join(delta(b) for b in bl)
        print(f"{p}: {len(bl)} blocks, raw {len(raw)} B, zstd-3 {packed(raw)} B, "
              f"delta-coded zstd-3 {packed(dlt)} B")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: ringdelta.py FILE.tlz...")
    main(sys.argv[1:])
