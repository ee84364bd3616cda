/* SPDX-License-Identifier: MIT */
/*
 * ringdelta.h - the delta coding of RING_DELTA chunks (FORMAT.md §6.8):
 * a reversible, length-preserving transform of a RING chunk payload that
 * stores each record's seq and ts as the difference to the previous
 * record of its block, so that the codec finds repeats. writer.c applies
 * it (TL_RING_DELTA_ENCODE) before compressing, reader.c undoes it
 * (TL_RING_DELTA_DECODE) after decompressing. Both walk the blocks and
 * records the same way and change only seq and ts, so any byte string,
 * however damaged, is mapped back and forth exactly and never read out
 * of bounds.
 */
#ifndef TL_RINGDELTA_H
#define TL_RINGDELTA_H

#include <stddef.h>

enum tl_ring_delta_dir {
	TL_RING_DELTA_ENCODE,	/* absolute -> differences (writer) */
	TL_RING_DELTA_DECODE,	/* differences -> absolute (reader) */
};

/*
 * Transforms the RING payload (§6.1 header + blocks, little-endian ring
 * data) of `len` bytes in place. A payload whose RING header breaks the
 * bounds of §6.1 is left alone. Returns the number of records changed.
 */
size_t tl_ring_delta(void *payload, size_t len, enum tl_ring_delta_dir dir);

#endif /* TL_RINGDELTA_H */
