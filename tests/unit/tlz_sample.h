/* SPDX-License-Identifier: MIT */
/*
 * tlz_sample.h - a known .tlz file for the container tests (header-only,
 * static: included by writer_reader_test.c and damage_test.c): metadata
 * of every kind, an unknown optional chunk, and ring blocks whose bytes
 * can be regenerated from their block_seq to check them after a round
 * trip. Also an in-memory sink and a walker over a valid file's chunk
 * headers (offsets, types, codecs) to compare the reader against.
 */
#ifndef TL_TLZ_SAMPLE_H
#define TL_TLZ_SAMPLE_H

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "tl.h"

#define __maybe_unused __attribute__((unused))

/* ------------------------------------------------------ memory sink */

struct membuf {
	uint8_t *p;
	size_t len, cap;
};

static __maybe_unused int membuf_write(void *ctx, const void *buf, size_t len)
{
	struct membuf *mb = ctx;

	if (mb->len + len > mb->cap) {
		size_t ncap = mb->cap ? mb->cap : 4096;
		uint8_t *np;

		while (ncap < mb->len + len)
			ncap *= 2;
		np = realloc(mb->p, ncap);
		if (!np)
			return -ENOMEM;
		mb->p = np;
		mb->cap = ncap;
	}
	memcpy(mb->p + mb->len, buf, len);
	mb->len += len;
	return 0;
}

/* ------------------------------------------------------- sample data */

#define SAMPLE_CUSTOM_TYPE	0x4242u		/* unknown, not critical */
#define SAMPLE_NBLOCKS		20u		/* -> RING chunks of 16 + 4 */
#define SAMPLE_SMALL_NBLOCKS	3u
#define SAMPLE_NPROCS		3u

enum {
	SAMPLE_ALL	= 0,		/* SAMPLE_NBLOCKS ring blocks */
	SAMPLE_SMALL	= 1,		/* SAMPLE_SMALL_NBLOCKS blocks */
	SAMPLE_TINY	= 2,		/* one ring block */
	SAMPLE_NORING	= 3,		/* no RING chunk */
};

static __maybe_unused size_t sample_nblocks(int flags)
{
	switch (flags) {
	case SAMPLE_SMALL:	return SAMPLE_SMALL_NBLOCKS;
	case SAMPLE_TINY:	return 1;
	case SAMPLE_NORING:	return 0;
	default:		return SAMPLE_NBLOCKS;
	}
}

static const struct tl_machine sample_machine = {
	.arch = "x86_64",
	.kernel_release = "6.18.0-test",
	.kernel_version = "#1 SMP PREEMPT_DYNAMIC",
	.hostname = "node-7",
	.page_size = 4096,
	.ncpus = 2,
	.big_endian = 0,
	.long_size = 8,
	.record_layout = TL_RECORD_LAYOUT_VERSION,
	.clock_start = { 1700000000123456789LL, 5000000000LL, 5100000000LL },
	.clock_dump = { 1700000010123456789LL, 15000000000LL, 15100000000LL },
	.recorder = "tl-record 0.1.0",
	.cmdline = "tl-record -o out.tlz -- sh -c 'echo hi'",
	.snaplen = 256,
	.no_data = 0,
	.buffer_size = 1u << 20,
	.syscall_filter = "openat,write",
	.compress = "zstd:3",
};

static const struct tl_syscall sample_calls[] = {
	{ .name = "read", .nr = 0, .nargs = 3, .classes = 2,
	  .args = {
		{ "fd", "unsigned int", NULL, 3, -1, 0 },
		{ "buf", "char *", NULL, 9, 2, 0 },
		{ "count", "size_t", NULL, 1, -1, 0 },
	  } },
	{ .name = "write", .nr = 1, .nargs = 3, .classes = 2,
	  .args = {
		{ "fd", "unsigned int", NULL, 3, -1, 0 },
		{ "buf", "const char *", NULL, 8, 2, 0 },
		{ "count", "size_t", NULL, 1, -1, 0 },
	  } },
	{ .name = "getpid", .nr = 39, .nargs = 0, .classes = 4 },
	{ .name = "openat", .nr = 257, .nargs = 4, .classes = 3,
	  .args = {
		{ "dfd", "int", NULL, 4, -1, 0 },
		{ "filename", "const char *", NULL, 7, -1, 0 },
		{ "flags", "int", "open_flags", 16, -1, 0 },
		{ "mode", "umode_t", NULL, 18, -1, 0 },
	  } },
	{ .name = "newfstatat", .nr = 262, .nargs = 4, .classes = 0x81,
	  .args = {
		{ "dfd", "int", NULL, 4, -1, 0 },
		{ "filename", "const char *", NULL, 7, -1, 0 },
		{ "statbuf", "struct stat *", NULL, 11, -1, 144 },
		{ "flag", "int", "at_flags", 16, -1, 0 },
	  } },
};

static const struct tl_systable sample_systable = {
	.abi = TL_ABI_X86_64,
	.arch = "x86_64",
	.count = sizeof(sample_calls) / sizeof(sample_calls[0]),
	.calls = sample_calls,
};

static const struct tl_label sample_labels[] = {
	{ "pod", "web-1" },
	{ "namespace", "" },
};

static const struct tl_ring_info sample_rings[] = {
	{ .cpu = 0, .kind = TL_RING_KIND_BLOCKS, .block_size = TL_BLOCK_SIZE,
	  .nblocks = 32, .head_block = 3, .records = 1000, .lost_busy = 1,
	  .lost_size = 2, .lost_other = 3 },
	{ .cpu = 1, .kind = TL_RING_KIND_BLOCKS, .block_size = TL_BLOCK_SIZE,
	  .nblocks = 32, .head_block = 20, .records = 123456789012ull },
};

static const struct tl_trace_info sample_trace = {
	.id = 7,
	.kind = TL_TRACE_POD,
	.name = "web-1",
	.cgroup_path = "/kubepods/pod1234/ctr",
	.cgroup_id = 0x1122334455667788ull,
	.labels = sample_labels,
	.nlabels = 2,
	.rings = sample_rings,
	.nrings = 2,
	.start_ns = 5100000000LL,
	.end_ns = 15100000000LL,
};

static const char sample_argv0[] = "sh\0-c\0echo hi > /tmp/x";

static const struct tl_proc sample_procs[SAMPLE_NPROCS] = {
	{ .tid = 100, .pid = 100, .ppid = 1, .uid = 1000, .gid = 1000,
	  .flags = 1, .comm = "sh", .exe = "/usr/bin/dash", .cwd = "/root",
	  .argv = sample_argv0, .argv_len = sizeof(sample_argv0),
	  .start_ns = 5200000000LL },
	{ .tid = 101, .pid = 101, .ppid = 100, .flags = 2,
	  .exit_code = 256, .comm = "echo" },
	{ .tid = 102, .pid = 100, .ppid = 1, .flags = 5, .exit_code = -1,
	  .comm = "sh-thread", .exe = "/usr/bin/dash" },
};

/* Ring blocks: block_seq s gets used = 800 + 40 * s bytes of records-like
 * bytes derived from s, ts_first = 1e9 + 1000 s, ts_last = +500. */
static uint8_t *sample_blocks;		/* SAMPLE_NBLOCKS blocks, shuffled */

static __maybe_unused uint8_t sample_byte(uint64_t seq, size_t i)
{
	uint32_t x = (uint32_t)(seq * 2654435761u + i / 24 * 40503u);

	/* record-like: a repeating 24-byte header pattern, some noise */
	return (uint8_t)(i % 24 < 8 ? i % 24 : (x >> (i % 3 * 8)) & 0x3f);
}

static __maybe_unused void sample_make_block(uint8_t *blk, uint64_t seq)
{
	struct tl_block_hdr h = {
		.magic = TL_BLOCK_MAGIC,
		.used = (uint32_t)(800 + 40 * seq),
		.block_seq = seq,
		.first_seq = (uint32_t)(seq * 10 + 1),
		.cpu = 1,
		.ts_first = 1000000000ull + 1000 * seq,
		.ts_last = 1000000000ull + 1000 * seq + 500,
	};
	size_t i;

	memset(blk, 0, TL_BLOCK_SIZE);
	memcpy(blk, &h, sizeof(h));
	for (i = 0; i < h.used; i++)
		blk[sizeof(h) + i] = sample_byte(seq, i);
}

static __maybe_unused uint64_t sample_block_seq(const uint8_t *blk)
{
	struct tl_block_hdr h;

	memcpy(&h, blk, sizeof(h));
	return h.block_seq;
}

static __maybe_unused int64_t sample_block_ts(const void *blk, int last)
{
	struct tl_block_hdr h;

	memcpy(&h, blk, sizeof(h));
	return (int64_t)(last ? h.ts_last : h.ts_first);
}

static __maybe_unused int sample_block_ok(const uint8_t *blk, uint64_t seq)
{
	static uint8_t want[TL_BLOCK_SIZE];

	sample_make_block(want, seq);
	return memcmp(blk, want, TL_BLOCK_SIZE) == 0;
}

static __maybe_unused void sample_init(void)
{
	size_t i;

	free(sample_blocks);
	sample_blocks = malloc((size_t)SAMPLE_NBLOCKS * TL_BLOCK_SIZE);
	if (!sample_blocks)
		abort();
	/* written out of order on purpose: the writer sorts by block_seq */
	for (i = 0; i < SAMPLE_NBLOCKS; i++)
		sample_make_block(sample_blocks + i * TL_BLOCK_SIZE,
				  (i * 7) % SAMPLE_NBLOCKS + 1);
}

static const uint8_t sample_custom[] = "an optional chunk a v1 reader does not know";

static __maybe_unused int sample_add_all(struct tl_writer *w, int flags)
{
	size_t nblocks = sample_nblocks(flags);
	int err;

	if ((err = tl_writer__add_machine(w, &sample_machine)) ||
	    (err = tl_writer__add_systable(w, &sample_systable)) ||
	    (err = tl_writer__add_trace(w, &sample_trace)) ||
	    (err = tl_writer__add_procs(w, sample_trace.id, sample_procs,
					SAMPLE_NPROCS)) ||
	    (err = tl_writer__add_chunk(w, SAMPLE_CUSTOM_TYPE, sample_custom,
					sizeof(sample_custom), 0, 0)) ||
	    (err = tl_writer__add_ring(w, sample_trace.id, 1, sample_blocks,
				       nblocks * TL_BLOCK_SIZE)))
		return err;
	return 0;
}

static __maybe_unused int sample_finish(struct tl_writer *w, int flags)
{
	int err;

	if (!w)
		return -errno;
	err = sample_add_all(w, flags);
	if (err) {
		tl_writer__abort(w);
		return err;
	}
	return tl_writer__close(w);
}

static __maybe_unused int sample_write(struct membuf *mb, enum tl_codec codec, int level,
			int flags)
{
	struct tl_writer_opts o = { .sz = sizeof(o), .codec = codec,
				    .level = level };
	struct tl_sink sink = { membuf_write, mb };

	return sample_finish(tl_writer__open_sink(&sink, &o), flags);
}

static __maybe_unused int sample_write_fd(int fd, enum tl_codec codec, int level, int flags)
{
	struct tl_writer_opts o = { .sz = sizeof(o), .codec = codec,
				    .level = level };

	return sample_finish(tl_writer__open_fd(fd, &o), flags);
}

/* ------------------------------------------------ walking a valid file */

#define SAMPLE_MAX_CHUNKS	64

struct sample_layout {
	size_t n;				/* chunks, INDEX included */
	uint64_t off[SAMPLE_MAX_CHUNKS];	/* chunk header offset */
	uint64_t end[SAMPLE_MAX_CHUNKS];	/* end of payload (no pad) */
	uint64_t pend[SAMPLE_MAX_CHUNKS];	/* end with padding */
	uint32_t type[SAMPLE_MAX_CHUNKS];
	uint8_t codec[SAMPLE_MAX_CHUNKS];
	uint64_t footer;			/* offset of the footer */
};

static __maybe_unused uint64_t sample_le64(const uint8_t *p)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static __maybe_unused void sample_layout(const struct membuf *mb, struct sample_layout *l)
{
	uint64_t off = 32, stored;

	memset(l, 0, sizeof(*l));
	while (off + 48 <= mb->len && memcmp(mb->p + off, "TLZCHNK", 8) == 0 &&
	       l->n < SAMPLE_MAX_CHUNKS) {
		stored = sample_le64(mb->p + off + 16);
		l->off[l->n] = off;
		l->type[l->n] = (uint32_t)sample_le64(mb->p + off + 8);
		l->codec[l->n] = mb->p[off + 12];
		l->end[l->n] = off + 48 + stored;
		l->pend[l->n] = off + 48 + ((stored + 7) & ~7ull);
		off = l->pend[l->n++];
	}
	l->footer = off;
}

/* A stored chunk type that the reader returns as a RING chunk: RING, or
 * RING_DELTA (FORMAT.md §6.8), which the writer uses by default. */
static __maybe_unused int sample_is_ring(uint32_t stored_type)
{
	uint32_t t = stored_type & ~TL_CHUNK_CRITICAL;

	return t == TL_CHUNK_RING || t == TL_CHUNK_RING_DELTA;
}

#endif /* TL_TLZ_SAMPLE_H */
