// SPDX-License-Identifier: MIT
/*
 * ringdelta.c - the RING_DELTA transform (FORMAT.md §6.8). See ringdelta.h.
 */
#include <stdint.h>

#include "chunk.h"
#include "internal.h"
#include "ringdelta.h"

/* Offsets inside a block header and a record header (FORMAT.md §6.2,
 * §6.3); spelled out because the transform is defined on bytes. */
#define BLK_MAGIC	0
#define BLK_USED	4
#define BLK_HDR		64u
#define REC_LEN		2
#define REC_SEQ		4
#define REC_TS		8
#define REC_HDR		24u

/* One block: the records in its first `used` bytes, up to the first one
 * whose len is malformed. */
static size_t delta_block(uint8_t *blk, uint32_t block_size,
			  enum tl_ring_delta_dir dir)
{
	uint32_t used = tl_get32(blk + BLK_USED), off, end, rlen;
	uint32_t prev_seq = 0, seq, v32;
	uint64_t prev_ts = 0, ts, v64;
	size_t n = 0;

	if (tl_get32(blk + BLK_MAGIC) != TL_BLOCK_MAGIC ||
	    used > block_size - BLK_HDR)
		return 0;
	end = BLK_HDR + used;
	for (off = BLK_HDR; end - off >= REC_HDR; off += rlen) {
		uint8_t *rec = blk + off;

		rlen = tl_get16(rec + REC_LEN);
		if (rlen < REC_HDR || rlen % 8 || rlen > end - off)
			break;
		v32 = tl_get32(rec + REC_SEQ);
		v64 = tl_get64(rec + REC_TS);
		if (dir == TL_RING_DELTA_ENCODE) {
			seq = v32;
			ts = v64;
			tl_put32(rec + REC_SEQ, (uint32_t)(seq - prev_seq));
			tl_put64(rec + REC_TS, ts - prev_ts);
		} else {
			seq = (uint32_t)(v32 + prev_seq);
			ts = v64 + prev_ts;
			tl_put32(rec + REC_SEQ, seq);
			tl_put64(rec + REC_TS, ts);
		}
		prev_seq = seq;
		prev_ts = ts;
		n++;
	}
	return n;
}

size_t tl_ring_delta(void *payload, size_t len, enum tl_ring_delta_dir dir)
{
	uint32_t kind, block_size, nblocks, hdr_size, i;
	uint8_t *p = payload;
	size_t n = 0;

	/* §6.1 bounds, as tl_reader__parse_ring() checks them */
	if (!p || len < TL_RING_HDR_SIZE)
		return 0;
	kind = tl_get32(p + 8);
	block_size = tl_get32(p + 12);
	nblocks = tl_get32(p + 16);
	hdr_size = tl_get32(p + 20);
	if (kind != TL_RING_KIND_BLOCKS ||
	    hdr_size < TL_RING_HDR_SIZE || hdr_size > TL_RING_HDR_MAX ||
	    hdr_size % 8 || hdr_size > len ||
	    block_size < TL_RING_MIN_BLOCK || block_size > TL_RING_MAX_BLOCK ||
	    (block_size & (block_size - 1)) ||
	    nblocks == 0 || nblocks > TL_RING_MAX_BLOCKS ||
	    (uint64_t)nblocks * block_size != len - hdr_size)
		return 0;
	for (i = 0; i < nblocks; i++)
		n += delta_block(p + hdr_size + (size_t)i * block_size,
				 block_size, dir);
	return n;
}
