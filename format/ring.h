/* SPDX-License-Identifier: MIT */
/*
 * ring.h - parsing and validation of raw ring bytes (the tl_record.h
 * layout, FORMAT.md §6): block headers, record framing, record contents
 * and captures. Every length is checked before it is used; nothing here
 * allocates or prints except tl_ring__warn(). Used by the decoder and by
 * tl_writer__write_dump(). Not part of the public API.
 *
 * Ownership: parsed blocks and records point into the caller's bytes and
 * live as long as those bytes.
 */
#ifndef TL_RING_H
#define TL_RING_H

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>

#include "internal.h"
#include "tl.h"

/* Names a ring in warnings:
 * "FILE: RING chunk at offset X: trace T cpu C block B offset O: why". */
struct tl_ring_where {
	const char *file;
	uint32_t trace_id;
	uint32_t cpu;
	int64_t chunk_off;		/* file offset of the RING chunk, -1 */
};

/* Emit one warning about a ring (block_seq 0 / off UINT32_MAX: omitted). */
__attribute__((format(printf, 4, 5)))
void tl_ring__warn(const struct tl_ring_where *w, uint64_t block_seq,
		   uint32_t off, const char *fmt, ...);

/* A validated block header. */
struct tl_blk {
	const uint8_t *base;		/* the block (header first) */
	uint64_t block_seq;
	uint32_t used;			/* record bytes after the header */
	uint32_t first_seq;
	uint32_t cpu;
	uint64_t ts_first, ts_last;
};

/*
 * Check the header of one block of `block_size` bytes (byte order `be`).
 * Returns 0 when the block is usable (*out set), 1 when it was never
 * written (block_seq 0: not an error), -EBADMSG when it is damaged (*why
 * says how). `cpu` is the ring's CPU (UINT32_MAX: do not check).
 */
int tl_ring__check_block(const void *blk, uint32_t block_size, bool be,
			 uint32_t cpu, struct tl_blk *out, const char **why);

/* Decoded record header. */
struct tl_rhdr {
	uint16_t type;
	uint16_t len;
	uint32_t seq;
	uint64_t ts;
	uint32_t tid;
	uint32_t pid;
};

static inline uint16_t tl_ring__ld16(const uint8_t *p, bool be)
{
	return be ? (uint16_t)(p[0] << 8 | p[1]) : tl_get16(p);
}
static inline uint32_t tl_ring__ld32(const uint8_t *p, bool be)
{
	return be ? (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
		    (uint32_t)p[2] << 8 | (uint32_t)p[3]
		  : tl_get32(p);
}
static inline uint64_t tl_ring__ld64(const uint8_t *p, bool be)
{
	return be ? (uint64_t)tl_ring__ld32(p, true) << 32 |
		    tl_ring__ld32(p + 4, true)
		  : tl_get64(p);
}

/*
 * Framing of the record at offset `off` (from the start of the records,
 * i.e. after the block header) of a block with `used` record bytes.
 * Returns 0 and *h set when the record's length is sound (>= header,
 * multiple of 8, inside `used`), 1 at the end (off == used), -EBADMSG
 * when the rest of the block cannot be framed (*why set).
 */
static inline int tl_ring__frame(const uint8_t *recs, uint32_t used,
				 uint32_t off, bool be, struct tl_rhdr *h,
				 const char **why)
{
	const uint8_t *p = recs + off;

	if (off >= used)
		return 1;
	if (used - off < sizeof(struct tl_rec_hdr)) {
		*why = "record header beyond the block's used bytes";
		return -EBADMSG;
	}
	h->type = tl_ring__ld16(p, be);
	h->len = tl_ring__ld16(p + 2, be);
	if (h->len < sizeof(struct tl_rec_hdr) || (h->len & 7)) {
		*why = "bad record length";
		return -EBADMSG;
	}
	if (h->len > used - off) {
		*why = "record length beyond the block's used bytes";
		return -EBADMSG;
	}
	h->seq = tl_ring__ld32(p + 4, be);
	h->ts = tl_ring__ld64(p + 8, be);
	h->tid = tl_ring__ld32(p + 16, be);
	h->pid = tl_ring__ld32(p + 20, be);
	return 0;
}

/* A fully parsed record; captures point into the record's bytes. */
struct tl_rec {
	struct tl_rhdr h;
	/* SYS_ENTER / SYS_EXIT */
	uint16_t nr;
	uint8_t abi;
	uint8_t ncapt;
	uint64_t args[6];		/* SYS_ENTER */
	int64_t ret;			/* SYS_EXIT */
	struct tl_capture capt[TL_MAX_CAPT_PER_REC];
	/* FORK */
	uint32_t child_tid, child_pid;
	/* EXEC */
	uint32_t old_tid;
	/* EXIT */
	int32_t exit_code;
	uint32_t exit_flags;
	/* FORK, EXEC, EXIT: NUL-terminated */
	char comm[17];
};

/*
 * Parse the contents of a framed record `p` (header `h` from
 * tl_ring__frame): fixed part, captures (count, kinds, flags, lengths
 * within the record and within tl_record.h's bounds), zero padding
 * fields. Returns 0 when valid, 1 for a record type this layout does not
 * know (skip it by its length), -EBADMSG when damaged (*why set).
 */
int tl_ring__parse(const uint8_t *p, const struct tl_rhdr *h, bool be,
		   struct tl_rec *rec, const char **why);

/*
 * Scan a block's records for framing: *end = bytes that frame correctly
 * (== used when the whole block is sound), *ts_min / *ts_max over those
 * records (unchanged when there are none), *nrec = their count. Returns 0,
 * or -EBADMSG with *why and *bad_off when framing stopped early.
 */
int tl_ring__scan(const struct tl_blk *b, bool be, uint32_t *end,
		  uint64_t *ts_min, uint64_t *ts_max, uint32_t *nrec,
		  uint32_t *bad_off, const char **why);

/* The native syscall ABI of a machine (uname -m), TL_ABI_UNKNOWN if not
 * known. */
int tl_abi_native(const char *arch);

#endif /* TL_RING_H */
