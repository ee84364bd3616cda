// SPDX-License-Identifier: MIT
/*
 * ringbuild.c - user-space twin of the BPF ring writer (ARCH.md §1): a
 * record that does not fit in the rest of the current block starts the
 * next one (block_seq++, index (block_seq-1) & (nblocks-1), fresh header,
 * overwriting the oldest block), every record or drop consumes a seq.
 * Stale bytes of an overwritten block beyond `used` are left in place,
 * as in the kernel.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "ringbuild.h"

struct tl_ringbuild {
	uint8_t *mem;
	uint32_t nblocks;
	uint32_t cpu;
	bool be;
	uint32_t reserve;
	uint64_t block_seq;		/* current block, 0 = none yet */
	uint32_t off;			/* write offset in the current block */
	uint32_t next_seq;
	uint64_t total;			/* seq numbers consumed (no wrap) */
	uint64_t lost_busy, lost_size;
	uint8_t rec[TL_BLOCK_SIZE];	/* record being assembled */
};

static void st16(struct tl_ringbuild *rb, uint8_t *p, uint16_t v)
{
	if (rb->be) {
		p[0] = (uint8_t)(v >> 8);
		p[1] = (uint8_t)v;
	} else {
		tl_put16(p, v);
	}
}

static void st32(struct tl_ringbuild *rb, uint8_t *p, uint32_t v)
{
	if (rb->be) {
		st16(rb, p, (uint16_t)(v >> 16));
		st16(rb, p + 2, (uint16_t)v);
	} else {
		tl_put32(p, v);
	}
}

static void st64(struct tl_ringbuild *rb, uint8_t *p, uint64_t v)
{
	if (rb->be) {
		st32(rb, p, (uint32_t)(v >> 32));
		st32(rb, p + 4, (uint32_t)v);
	} else {
		tl_put64(p, v);
	}
}

struct tl_ringbuild *tl_ringbuild__new(uint32_t cpu, uint32_t nblocks)
{
	struct tl_ringbuild *rb;

	if (!nblocks || (nblocks & (nblocks - 1)) || nblocks > (1u << 16)) {
		errno = EINVAL;
		return NULL;
	}
	rb = calloc(1, sizeof(*rb));
	if (!rb)
		return NULL;
	rb->mem = calloc(nblocks, TL_BLOCK_SIZE);
	if (!rb->mem) {
		free(rb);
		errno = ENOMEM;
		return NULL;
	}
	rb->nblocks = nblocks;
	rb->cpu = cpu;
	rb->next_seq = 1;
	rb->off = TL_BLOCK_SIZE;
	return rb;
}

void tl_ringbuild__free(struct tl_ringbuild *rb)
{
	if (!rb)
		return;
	free(rb->mem);
	free(rb);
}

void tl_ringbuild__set_big_endian(struct tl_ringbuild *rb, bool be)
{
	rb->be = be;
}

void tl_ringbuild__set_reserve(struct tl_ringbuild *rb, uint32_t w)
{
	rb->reserve = w > TL_BLOCK_DATA ? TL_BLOCK_DATA : w;
}

uint32_t tl_ringbuild__block_index(const struct tl_ringbuild *rb,
				   uint64_t seq)
{
	return (uint32_t)((seq - 1) & (rb->nblocks - 1));
}

static uint8_t *block_at(struct tl_ringbuild *rb, uint64_t seq)
{
	return rb->mem + (size_t)tl_ringbuild__block_index(rb, seq) *
			 TL_BLOCK_SIZE;
}

/* Fill the common header of the record in rb->rec; len = whole record. */
static void put_hdr(struct tl_ringbuild *rb, uint16_t type, uint16_t len,
		    uint64_t ts, uint32_t tid, uint32_t pid)
{
	st16(rb, rb->rec, type);
	st16(rb, rb->rec + 2, len);
	/* seq is filled by commit() */
	st64(rb, rb->rec + 8, ts);
	st32(rb, rb->rec + 16, tid);
	st32(rb, rb->rec + 20, pid);
}

/* Append rb->rec (len bytes, ts) to the ring, as the BPF program does. */
static int commit(struct tl_ringbuild *rb, uint32_t len, uint64_t ts)
{
	uint32_t seq = rb->next_seq++;
	uint32_t w = len > rb->reserve ? len : rb->reserve;
	uint8_t *blk;

	rb->total++;
	if (len > TL_BLOCK_DATA) {
		rb->lost_size++;
		return -E2BIG;
	}
	st32(rb, rb->rec + 4, seq);
	if (!rb->block_seq || rb->off + w > TL_BLOCK_SIZE) {
		rb->block_seq++;
		blk = block_at(rb, rb->block_seq);
		/* fresh header; block_seq last (the BPF program orders it
		 * with a barrier); old records past `used` stay as they are */
		st64(rb, blk + 8, 0);
		st32(rb, blk, TL_BLOCK_MAGIC);
		st32(rb, blk + 4, 0);
		st32(rb, blk + 16, seq);
		st32(rb, blk + 20, rb->cpu);
		st64(rb, blk + 24, ts);
		st64(rb, blk + 32, ts);
		memset(blk + 40, 0, 24);
		st64(rb, blk + 8, rb->block_seq);
		rb->off = sizeof(struct tl_block_hdr);
	}
	blk = block_at(rb, rb->block_seq);
	memcpy(blk + rb->off, rb->rec, len);
	rb->off += len;
	st32(rb, blk + 4, rb->off - (uint32_t)sizeof(struct tl_block_hdr));
	st64(rb, blk + 32, ts);
	return 0;
}

/* Append captures to rb->rec at *off. */
static int put_capts(struct tl_ringbuild *rb, uint32_t *off,
		     const struct tl_rb_capt *capt, unsigned n)
{
	unsigned i;

	if (n > TL_MAX_CAPT_PER_REC)
		return -EINVAL;
	for (i = 0; i < n; i++) {
		const struct tl_rb_capt *c = &capt[i];
		uint32_t alen = TL_CAPT_ALIGN(c->len);

		if (c->len && !c->data)
			return -EINVAL;
		if (*off + sizeof(struct tl_capt) + alen > sizeof(rb->rec))
			return -EINVAL;
		rb->rec[*off] = c->arg;
		rb->rec[*off + 1] = (uint8_t)((c->kind & TL_CAPT_KIND_MASK) |
					      (c->flags & ~TL_CAPT_KIND_MASK));
		st16(rb, rb->rec + *off + 2, c->len);
		st32(rb, rb->rec + *off + 4, c->full_len);
		*off += sizeof(struct tl_capt);
		if (c->len)
			memcpy(rb->rec + *off, c->data, c->len);
		memset(rb->rec + *off + c->len, 0, alen - c->len);
		*off += alen;
	}
	return 0;
}

static int sys_rec(struct tl_ringbuild *rb, uint16_t type, uint64_t ts,
		   uint32_t tid, uint32_t pid, uint8_t abi, uint16_t nr,
		   const uint64_t args[6], int64_t ret,
		   const struct tl_rb_capt *capt, unsigned ncapt)
{
	uint32_t off = type == TL_REC_SYS_ENTER ?
		       sizeof(struct tl_rec_sys_enter) :
		       sizeof(struct tl_rec_sys_exit);
	int err, i;

	if (ncapt && !capt)
		return -EINVAL;
	err = put_capts(rb, &off, capt, ncapt);
	if (err)
		return err;
	if (off > UINT16_MAX) {
		rb->next_seq++;
		rb->total++;
		rb->lost_size++;
		return -E2BIG;
	}
	put_hdr(rb, type, (uint16_t)off, ts, tid, pid);
	st16(rb, rb->rec + 24, nr);
	rb->rec[26] = abi;
	rb->rec[27] = (uint8_t)ncapt;
	st32(rb, rb->rec + 28, 0);
	if (type == TL_REC_SYS_ENTER) {
		for (i = 0; i < 6; i++)
			st64(rb, rb->rec + 32 + 8 * i, args ? args[i] : 0);
	} else {
		st64(rb, rb->rec + 32, (uint64_t)ret);
	}
	return commit(rb, off, ts);
}

int tl_ringbuild__enter(struct tl_ringbuild *rb, uint64_t ts, uint32_t tid,
			uint32_t pid, uint8_t abi, uint16_t nr,
			const uint64_t args[6], const struct tl_rb_capt *capt,
			unsigned ncapt)
{
	return sys_rec(rb, TL_REC_SYS_ENTER, ts, tid, pid, abi, nr, args, 0,
		       capt, ncapt);
}

int tl_ringbuild__exit(struct tl_ringbuild *rb, uint64_t ts, uint32_t tid,
		       uint32_t pid, uint8_t abi, uint16_t nr, int64_t ret,
		       const struct tl_rb_capt *capt, unsigned ncapt)
{
	return sys_rec(rb, TL_REC_SYS_EXIT, ts, tid, pid, abi, nr, NULL, ret,
		       capt, ncapt);
}

static void put_comm(uint8_t *dst, const char *comm)
{
	size_t n = comm ? strnlen(comm, 16) : 0;

	memset(dst, 0, 16);
	if (n)
		memcpy(dst, comm, n);
}

int tl_ringbuild__fork(struct tl_ringbuild *rb, uint64_t ts, uint32_t tid,
		       uint32_t pid, uint32_t child_tid, uint32_t child_pid,
		       const char *comm)
{
	put_hdr(rb, TL_REC_FORK, sizeof(struct tl_rec_fork), ts, tid, pid);
	st32(rb, rb->rec + 24, child_tid);
	st32(rb, rb->rec + 28, child_pid);
	put_comm(rb->rec + 32, comm);
	return commit(rb, sizeof(struct tl_rec_fork), ts);
}

int tl_ringbuild__exec(struct tl_ringbuild *rb, uint64_t ts, uint32_t tid,
		       uint32_t pid, uint32_t old_tid, const char *comm,
		       const char *filename)
{
	struct tl_rb_capt c = { .arg = 0, .kind = TL_CAPT_STR };
	uint32_t off = sizeof(struct tl_rec_exec);
	size_t n = filename ? strlen(filename) : 0;
	int err;

	if (n > TL_MAX_STR) {
		n = TL_MAX_STR;
		c.flags = TL_CAPTF_TRUNC;
	} else {
		c.full_len = (uint32_t)n;
	}
	if (!filename)
		c.flags = TL_CAPTF_FAULT;
	c.data = filename;
	c.len = (uint16_t)n;
	err = put_capts(rb, &off, &c, 1);
	if (err)
		return err;
	put_hdr(rb, TL_REC_EXEC, (uint16_t)off, ts, tid, pid);
	st32(rb, rb->rec + 24, old_tid);
	st32(rb, rb->rec + 28, 0);
	put_comm(rb->rec + 32, comm);
	return commit(rb, off, ts);
}

int tl_ringbuild__exit_task(struct tl_ringbuild *rb, uint64_t ts,
			    uint32_t tid, uint32_t pid, int32_t exit_code,
			    uint32_t flags, const char *comm)
{
	put_hdr(rb, TL_REC_EXIT, sizeof(struct tl_rec_exit), ts, tid, pid);
	st32(rb, rb->rec + 24, (uint32_t)exit_code);
	st32(rb, rb->rec + 28, flags);
	put_comm(rb->rec + 32, comm);
	return commit(rb, sizeof(struct tl_rec_exit), ts);
}

int tl_ringbuild__raw(struct tl_ringbuild *rb, uint16_t type, uint64_t ts,
		      uint32_t tid, uint32_t pid, const void *body,
		      size_t len)
{
	size_t total = sizeof(struct tl_rec_hdr) + TL_CAPT_ALIGN(len);

	if (total > UINT16_MAX || (len && !body))
		return -EINVAL;
	put_hdr(rb, type, (uint16_t)total, ts, tid, pid);
	if (len)
		memcpy(rb->rec + sizeof(struct tl_rec_hdr), body, len);
	memset(rb->rec + sizeof(struct tl_rec_hdr) + len, 0,
	       total - sizeof(struct tl_rec_hdr) - len);
	return commit(rb, (uint32_t)total, ts);
}

void tl_ringbuild__drop(struct tl_ringbuild *rb, uint32_t n)
{
	rb->next_seq += n;
	rb->total += n;
	rb->lost_busy += n;
}

void tl_ringbuild__blocks(struct tl_ringbuild *rb, const void **ptr,
			  size_t *len)
{
	*ptr = rb->mem;
	*len = (size_t)rb->nblocks * TL_BLOCK_SIZE;
}

void *tl_ringbuild__block(struct tl_ringbuild *rb, uint32_t i)
{
	if (i >= rb->nblocks)
		return NULL;
	return rb->mem + (size_t)i * TL_BLOCK_SIZE;
}

void tl_ringbuild__info(const struct tl_ringbuild *rb,
			struct tl_ring_info *ri)
{
	memset(ri, 0, sizeof(*ri));
	ri->cpu = rb->cpu;
	ri->kind = TL_RING_KIND_BLOCKS;
	ri->block_size = TL_BLOCK_SIZE;
	ri->nblocks = rb->nblocks;
	ri->head_block = rb->block_seq;
	ri->records = rb->total;
	ri->lost_busy = rb->lost_busy;
	ri->lost_size = rb->lost_size;
}

uint64_t tl_ringbuild__block_seq(const struct tl_ringbuild *rb)
{
	return rb->block_seq;
}

uint32_t tl_ringbuild__next_seq(const struct tl_ringbuild *rb)
{
	return rb->next_seq;
}
