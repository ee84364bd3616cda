#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""ringdelta.py - how much smaller would .tlz RING chunks compress if each
record's seq and ts were stored as the difference to the previous record
of the same block (a reversible transform applied before compression)?

An experiment behind bench/analysis.md, not part of `make bench`. Needs
python3 and the zstd command-line tool. Input: .tlz files recorded with
`tl-record --compress none` (the ring blocks are then stored verbatim).
For each file it prints the raw ring bytes and their zstd -3 size in
1 MiB pieces (as the writer cuts RING chunks), untouched and delta-coded.

  tl-record --compress none --no-data --buffer-size 64M -o raw.tlz -- \\
      build/bench/sysbench getppid 100000
  bench/experiments/ringdelta.py raw.tlz
"""
import struct
import subprocess
import sys

BLOCK_MAGIC = 0x4B4C4254        # "TBLK", format/tl_record.h
BLOCK_SIZE = 65536
BLOCK_HDR = 64
CHUNK = 16 * BLOCK_SIZE


def blocks(data):
    """The ring blocks of an uncompressed .tlz: header + used bytes."""
    out, i = [], 0
    while True:
        i = data.find(struct.pack("<I", BLOCK_MAGIC), i)
        if i < 0:
            return out
        _, used, bseq = struct.unpack_from("<IIQ", data, i)
        if used <= BLOCK_SIZE - BLOCK_HDR and 0 < bseq < 1 << 40:
            out.append(data[i:i + BLOCK_HDR + used])
            i += BLOCK_HDR + used
        else:
            i += 4


def delta(block):
    """seq (u32 at +4) and ts (u64 at +8) of every record, as differences."""
    b = bytearray(block)
    off, pseq, pts = BLOCK_HDR, 0, 0
    while off + 24 <= len(b):
        _, ln, seq, ts = struct.unpack_from("<HHIQ", b, off)
        if ln < 24 or ln % 8 or off + ln > len(b):
            break
        struct.pack_into("<IQ", b, off + 4, (seq - pseq) & 0xFFFFFFFF,
                         (ts - pts) & 0xFFFFFFFFFFFFFFFF)
        pseq, pts = seq, ts
        off += ln
    return bytes(b)


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
