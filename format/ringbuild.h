/* SPDX-License-Identifier: MIT */
/*
 * ringbuild.h - an in-memory ring writer that produces exactly the bytes
 * the BPF recorder writes (ARCH.md §1, tl_record.h): the same block
 * advance, overwrite-oldest, per-ring seq and loss rules. Used by unit
 * tests, fuzz seeds, benchmarks and to make synthetic .tlz files (other
 * ABIs, big-endian rings, lost events). Not part of the public API.
 *
 * Ownership: the ring bytes belong to the tl_ringbuild and stay valid
 * until it is freed; strings and capture data passed in are copied.
 */
#ifndef TL_RINGBUILD_H
#define TL_RINGBUILD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tl.h"

struct tl_ringbuild;

/* One capture to write (tl_capt + data). */
struct tl_rb_capt {
	uint8_t arg;			/* 0..5 */
	uint8_t kind;			/* TL_CAPT_* */
	uint8_t flags;			/* TL_CAPTF_* */
	uint32_t full_len;
	const void *data;
	uint16_t len;			/* bytes of data */
};

/* A ring of `nblocks` (a power of two) TL_BLOCK_SIZE blocks for `cpu`.
 * NULL and errno = EINVAL/ENOMEM on failure. */
struct tl_ringbuild *tl_ringbuild__new(uint32_t cpu, uint32_t nblocks);
void tl_ringbuild__free(struct tl_ringbuild *rb);

/* Write the ring's integers big-endian (a big-endian machine's ring). */
void tl_ringbuild__set_big_endian(struct tl_ringbuild *rb, bool be);
/* Worst-case record size the writer reserves when deciding to start a
 * new block (the BPF program's per-syscall static bound); 0 = the
 * record's own length. */
void tl_ringbuild__set_reserve(struct tl_ringbuild *rb, uint32_t w);

/*
 * Record writers. Each consumes one seq number. Return 0 when written,
 * -E2BIG when the record is larger than a block (dropped and counted as
 * lost_size, as the BPF program does), -EINVAL for bad arguments (too
 * many captures, capture beyond tl_record.h's bounds).
 */
int tl_ringbuild__enter(struct tl_ringbuild *rb, uint64_t ts, uint32_t tid,
			uint32_t pid, uint8_t abi, uint16_t nr,
			const uint64_t args[6], const struct tl_rb_capt *capt,
			unsigned ncapt);
int tl_ringbuild__exit(struct tl_ringbuild *rb, uint64_t ts, uint32_t tid,
		       uint32_t pid, uint8_t abi, uint16_t nr, int64_t ret,
		       const struct tl_rb_capt *capt, unsigned ncapt);
int tl_ringbuild__fork(struct tl_ringbuild *rb, uint64_t ts, uint32_t tid,
		       uint32_t pid, uint32_t child_tid, uint32_t child_pid,
		       const char *comm);
int tl_ringbuild__exec(struct tl_ringbuild *rb, uint64_t ts, uint32_t tid,
		       uint32_t pid, uint32_t old_tid, const char *comm,
		       const char *filename);
int tl_ringbuild__exit_task(struct tl_ringbuild *rb, uint64_t ts,
			    uint32_t tid, uint32_t pid, int32_t exit_code,
			    uint32_t flags, const char *comm);
/* A record of any type: header + `len` bytes of body (padded to 8). */
int tl_ringbuild__raw(struct tl_ringbuild *rb, uint16_t type, uint64_t ts,
		      uint32_t tid, uint32_t pid, const void *body,
		      size_t len);
/* `n` records dropped by a busy ring: their seq numbers are consumed. */
void tl_ringbuild__drop(struct tl_ringbuild *rb, uint32_t n);

/* The whole ring (nblocks * TL_BLOCK_SIZE bytes, in block-index order,
 * never-written blocks zero). */
void tl_ringbuild__blocks(struct tl_ringbuild *rb, const void **ptr,
			  size_t *len);
/* Writable pointer to block index `i` (for damage in tests), or NULL. */
void *tl_ringbuild__block(struct tl_ringbuild *rb, uint32_t i);
/* Block index holding block_seq `seq` (it may have been overwritten). */
uint32_t tl_ringbuild__block_index(const struct tl_ringbuild *rb,
				   uint64_t seq);
/* The ring's dump-time counters, as tl-record fills tl_ring_info. */
void tl_ringbuild__info(const struct tl_ringbuild *rb,
			struct tl_ring_info *ri);
/* Current block_seq (0 before the first record) and next record seq. */
uint64_t tl_ringbuild__block_seq(const struct tl_ringbuild *rb);
uint32_t tl_ringbuild__next_seq(const struct tl_ringbuild *rb);

#endif /* TL_RINGBUILD_H */
