// SPDX-License-Identifier: MIT
/*
 * format_ringdelta_test.c - RING_DELTA chunks (FORMAT.md §6.8): the
 * transform on crafted blocks (empty, used = 0, truncated and misaligned
 * records, seq wrap, bad headers), its exact inverse on arbitrary bytes,
 * and real recorded rings (the .tlz files in samples/) rewritten with and without it:
 * the reader returns the same blocks and the decoder the same events.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "chunk.h"
#include "crc32c.h"
#include "internal.h"
#include "ringdelta.h"
#include "test.h"
#include "tlz_sample.h"

#define BS		TL_BLOCK_SIZE
#define HDR		TL_RING_HDR_SIZE

/* ------------------------------------------------- crafting payloads */

static uint8_t *payload_new(uint32_t nblocks, size_t *len)
{
	uint8_t *p;

	*len = HDR + (size_t)nblocks * BS;
	p = calloc(1, *len);
	if (!p)
		abort();
	tl_put32(p, 1);				/* trace_id */
	tl_put32(p + 4, 0);			/* cpu */
	tl_put32(p + 8, TL_RING_KIND_BLOCKS);
	tl_put32(p + 12, BS);
	tl_put32(p + 16, nblocks);
	tl_put32(p + 20, HDR);
	return p;
}

static uint8_t *block_of(uint8_t *p, uint32_t i)
{
	return p + HDR + (size_t)i * BS;
}

static void block_init(uint8_t *blk, uint32_t used)
{
	tl_put32(blk, TL_BLOCK_MAGIC);
	tl_put32(blk + 4, used);
	tl_put64(blk + 8, 1);
}

/* A record header at blk + off; the rest of the record is filled with a
 * pattern so that changes outside seq/ts would show. */
static void rec_put(uint8_t *blk, uint32_t off, uint16_t len, uint32_t seq,
		    uint64_t ts)
{
	uint32_t i;

	tl_put16(blk + off, TL_REC_SYS_ENTER);
	tl_put16(blk + off + 2, len);
	tl_put32(blk + off + 4, seq);
	tl_put64(blk + off + 8, ts);
	tl_put32(blk + off + 16, 4242);
	tl_put32(blk + off + 20, 4240);
	for (i = 24; i < len && off + i < BS; i++)
		blk[off + i] = (uint8_t)(i * 13 + off);
}

/* Encodes a copy, checks it against `want` records changed, decodes it
 * back and checks it is the original again. Returns the encoded copy. */
static uint8_t *roundtrip(const uint8_t *p, size_t len, size_t want,
			  const char *what)
{
	uint8_t *e = malloc(len);

	if (!e)
		abort();
	memcpy(e, p, len);
	ASSERT_EQ(tl_ring_delta(e, len, TL_RING_DELTA_ENCODE), want, what);
	ASSERT_EQ(tl_ring_delta(e, len, TL_RING_DELTA_DECODE), want, what);
	ASSERT_MEMEQ(e, p, len, what);
	memcpy(e, p, len);
	tl_ring_delta(e, len, TL_RING_DELTA_ENCODE);
	return e;
}

/* Bytes that differ between a and b, outside [from, to) ranges given as
 * record offsets in block 0 (each record's bytes 4..15 may differ). */
static size_t diff_outside(const uint8_t *a, const uint8_t *b, size_t len,
			   const uint32_t *recs, size_t nrecs)
{
	size_t i, k, n = 0;

	for (i = 0; i < len; i++) {
		int inside = 0;

		for (k = 0; k < nrecs; k++) {
			size_t s = HDR + recs[k] + 4;

			if (i >= s && i < s + 12)
				inside = 1;
		}
		if (!inside && a[i] != b[i])
			n++;
	}
	return n;
}

/* ------------------------------------------------------------ tests */

static void test_records_delta_coded(void)
{
	static const uint32_t offs[3] = { 64, 144, 184 };
	size_t len;
	uint8_t *p = payload_new(1, &len), *blk = block_of(p, 0), *e;

	/* §6.8's example: seq 41, 42, 43; ts 1000500, 1000900, 1002100 */
	block_init(blk, 80 + 40 + 48);
	rec_put(blk, 64, 80, 41, 1000500);
	rec_put(blk, 144, 40, 42, 1000900);
	rec_put(blk, 184, 48, 43, 1002100);
	e = roundtrip(p, len, 3, "three records");
	blk = block_of(e, 0);
	ASSERT_EQ(tl_get32(blk + 64 + 4), 41, "first seq kept");
	ASSERT_EQ(tl_get64(blk + 64 + 8), 1000500, "first ts kept");
	ASSERT_EQ(tl_get32(blk + 144 + 4), 1, "seq delta");
	ASSERT_EQ(tl_get64(blk + 144 + 8), 400, "ts delta");
	ASSERT_EQ(tl_get32(blk + 184 + 4), 1, "seq delta 2");
	ASSERT_EQ(tl_get64(blk + 184 + 8), 1200, "ts delta 2");
	ASSERT_EQ(diff_outside(p, e, len, offs, 3), 0,
		  "nothing but seq and ts changed");
	free(e);
	free(p);
}

static void test_seq_wrap_and_ts_backwards(void)
{
	static const uint32_t seqs[4] = { 0xfffffffeu, 0xffffffffu, 0, 1 };
	static const uint64_t tss[4] = { 5, UINT64_MAX, 3, 2 };
	size_t len, i;
	uint8_t *p = payload_new(1, &len), *blk = block_of(p, 0), *e;

	block_init(blk, 4 * 24);
	for (i = 0; i < 4; i++)
		rec_put(blk, 64 + 24 * (uint32_t)i, 24, seqs[i], tss[i]);
	e = roundtrip(p, len, 4, "wrap");
	blk = block_of(e, 0);
	ASSERT_EQ(tl_get32(blk + 64 + 4), 0xfffffffeu, "first");
	ASSERT_EQ(tl_get32(blk + 88 + 4), 1, "ffffffff - fffffffe");
	ASSERT_EQ(tl_get32(blk + 112 + 4), 1, "0 - ffffffff mod 2^32");
	ASSERT_EQ(tl_get32(blk + 136 + 4), 1, "1 - 0");
	ASSERT_TRUE(tl_get64(blk + 88 + 8) == UINT64_MAX - 5, "ts up");
	ASSERT_TRUE(tl_get64(blk + 112 + 8) == 4, "3 - (2^64 - 1) mod 2^64");
	ASSERT_TRUE(tl_get64(blk + 136 + 8) == UINT64_MAX, "2 - 3 mod 2^64");
	free(e);
	free(p);
}

static void test_blocks_left_alone(void)
{
	size_t len;
	uint8_t *p = payload_new(5, &len), *e;

	/* 0: used = 0; 1: never written (all zero); 2: bad magic;
	 * 3: used beyond the block; 4: used = 0 but stale records after */
	block_init(block_of(p, 0), 0);
	rec_put(block_of(p, 2), 64, 24, 7, 70);
	tl_put32(block_of(p, 2) + 4, 24);
	tl_put32(block_of(p, 2), TL_BLOCK_MAGIC ^ 1);
	block_init(block_of(p, 3), BS - 64 + 8);
	rec_put(block_of(p, 3), 64, 24, 7, 70);
	block_init(block_of(p, 4), 0);
	rec_put(block_of(p, 4), 64, 24, 7, 70);
	e = roundtrip(p, len, 0, "no block transformed");
	ASSERT_MEMEQ(e, p, len, "payload unchanged");
	free(e);
	free(p);
}

static void test_malformed_records_stop_the_block(void)
{
	static const uint16_t bad_len[] = { 0, 16, 23, 30, 36, 500 };
	static const uint32_t offs[1] = { 64 };
	size_t len, i;
	uint8_t *p, *blk, *e;

	for (i = 0; i < sizeof(bad_len) / sizeof(bad_len[0]); i++) {
		char what[64];

		snprintf(what, sizeof(what), "second record len %u", bad_len[i]);
		p = payload_new(2, &len);
		blk = block_of(p, 0);
		/* used = 24 + 40 + 48: the second record claims bad_len */
		block_init(blk, 24 + 40 + 48);
		rec_put(blk, 64, 24, 100, 1000);
		rec_put(blk, 88, 40, 101, 2000);
		tl_put16(blk + 88 + 2, bad_len[i]);
		rec_put(blk, 128, 48, 102, 3000);
		/* block 1 is fine and still transformed */
		block_init(block_of(p, 1), 24);
		rec_put(block_of(p, 1), 64, 24, 103, 4000);
		/* 500 runs past used: truncated; the others are malformed */
		e = roundtrip(p, len, 2, what);
		ASSERT_EQ(diff_outside(p, e, HDR + BS, offs, 1), 0,
			  "block 0: only its first record changed");
		ASSERT_EQ(tl_get32(block_of(e, 1) + 64 + 4), 103,
			  "block 1 starts from 0 again");
		free(e);
		free(p);
	}

	/* a tail shorter than a record header is left alone */
	p = payload_new(1, &len);
	blk = block_of(p, 0);
	block_init(blk, 24 + 16);
	rec_put(blk, 64, 24, 9, 90);
	memset(blk + 88, 0xab, 16);
	e = roundtrip(p, len, 1, "16-byte tail");
	ASSERT_EQ(diff_outside(p, e, len, offs, 1), 0, "tail unchanged");
	free(e);
	free(p);

	/* a record that ends exactly at the end of a full block */
	p = payload_new(1, &len);
	blk = block_of(p, 0);
	block_init(blk, BS - 64);
	rec_put(blk, 64, 24, 1, 10);
	rec_put(blk, 88, (uint16_t)(BS - 88 - 8), 2, 20);
	memset(blk + BS - 8, 0xcd, 8);	/* 8 bytes: too short, left */
	e = roundtrip(p, len, 2, "full block");
	free(e);
	free(p);
}

static void test_bad_ring_header(void)
{
	size_t len;
	uint8_t *p = payload_new(2, &len), *e;
	struct {
		size_t off;
		uint32_t val;
		const char *what;
	} bad[] = {
		{ 8, 2, "ring kind 2" },
		{ 12, 3 * 4096, "block size not a power of two" },
		{ 12, 2048, "block size too small" },
		{ 16, 0, "0 blocks" },
		{ 16, 3, "3 blocks in a 2-block payload" },
		{ 20, 40, "header size 40" },
		{ 20, 52, "header size not a multiple of 8" },
		{ 20, 56, "header size 56 does not add up" },
	};
	size_t i;

	block_init(block_of(p, 0), 24);
	rec_put(block_of(p, 0), 64, 24, 5, 50);
	e = roundtrip(p, len, 1, "good header");
	free(e);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		uint32_t old = tl_get32(p + bad[i].off);

		tl_put32(p + bad[i].off, bad[i].val);
		e = roundtrip(p, len, 0, bad[i].what);
		ASSERT_MEMEQ(e, p, len, bad[i].what);
		free(e);
		tl_put32(p + bad[i].off, old);
	}
	ASSERT_EQ(tl_ring_delta(p, HDR - 1, TL_RING_DELTA_ENCODE), 0,
		  "shorter than the header");
	ASSERT_EQ(tl_ring_delta(NULL, 0, TL_RING_DELTA_DECODE), 0, "NULL");
	free(p);
}

/* Any bytes: decode(encode(x)) = encode(decode(x)) = x. */
static void test_bijection_on_noise(void)
{
	uint64_t x = 0x9e3779b97f4a7c15ull;
	size_t len, i, round, total = 0;
	uint8_t *p = payload_new(3, &len), *q = malloc(len);

	for (round = 0; round < 40 && q; round++) {
		for (i = HDR; i < len; i++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			p[i] = (uint8_t)x;
		}
		/* mostly plausible blocks: magic right, used and lens
		 * random but often in range */
		for (i = 0; i < 3; i++) {
			uint8_t *blk = block_of(p, (uint32_t)i);
			uint32_t off;

			if (round % 5 == 0)
				continue;	/* pure noise */
			tl_put32(blk, TL_BLOCK_MAGIC);
			tl_put32(blk + 4, (uint32_t)(x >> 20) % (BS - 64 + 64));
			for (off = 64; off + 24 <= BS; off += tl_get16(blk + off + 2)) {
				uint16_t l = (uint16_t)(24 + 8 * ((x >> (off % 40)) % 12));

				if ((off / 8) % 97 == (round % 7))
					l = (uint16_t)(l + 3);	/* misaligned */
				tl_put16(blk + off + 2, l);
				if (l % 8)
					break;
			}
		}
		memcpy(q, p, len);
		total += tl_ring_delta(q, len, TL_RING_DELTA_ENCODE);
		tl_ring_delta(q, len, TL_RING_DELTA_DECODE);
		if (!ASSERT_MEMEQ(q, p, len, "decode(encode(x)) = x"))
			break;
		memcpy(q, p, len);
		tl_ring_delta(q, len, TL_RING_DELTA_DECODE);
		tl_ring_delta(q, len, TL_RING_DELTA_ENCODE);
		if (!ASSERT_MEMEQ(q, p, len, "encode(decode(x)) = x"))
			break;
	}
	ASSERT_TRUE(total > 1000, "the noise had records to transform");
	free(q);
	free(p);
}

/* ------------------------------------- real rings through the writer */

static int64_t file_ts_max;

/* Rewrites a .tlz: every chunk as it is, except RING chunks, whose blocks
 * go through tl_writer__add_ring() (ring_delta as given). */
static int rewrite(const char *path, struct membuf *mb, int ring_delta,
		   enum tl_codec codec)
{
	struct tl_writer_opts o = { .sz = sizeof(o), .codec = codec,
				    .ring_delta = ring_delta };
	struct tl_sink sink = { membuf_write, mb };
	struct tl_writer *w = tl_writer__open_sink(&sink, &o);
	struct tl_reader *r = tl_reader__open(path);
	const struct tl_chunk *c;
	struct tl_ring_chunk rc;
	int rc_next = 0, err = 0;

	if (!w || !r) {
		tl_writer__abort(w);
		tl_reader__close(r);
		return -ENOENT;
	}
	while (!err && (rc_next = tl_reader__next_chunk(r, &c)) == 1) {
		if (c->type == TL_CHUNK_INDEX)
			continue;
		if (c->type != TL_CHUNK_RING) {
			err = tl_writer__add_chunk(w, c->stored_type, c->data,
						   c->len, 0, 0);
			continue;
		}
		err = tl_reader__parse_ring(r, c, &rc);
		if (err)
			break;
		err = tl_writer__add_ring(w, rc.trace_id, rc.cpu, rc.blocks,
					  (size_t)rc.nblocks * rc.block_size);
		if (rc.ts_max > file_ts_max)
			file_ts_max = rc.ts_max;
	}
	tl_reader__close(r);
	if (err || rc_next < 0) {
		tl_writer__abort(w);
		return err ? err : rc_next;
	}
	return tl_writer__close(w);
}

struct ev_sum {
	size_t n;
	uint64_t hash;
};

static uint64_t mix(uint64_t h, uint64_t v)
{
	h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
	return h;
}

/* Decodes a file and folds every event field that comes from the ring
 * records (including seq-derived loss) into a hash. */
static int decode_sum(struct tl_reader *r, struct ev_sum *s)
{
	struct tl_decoder *d = tl_decoder__new(NULL);
	const struct tl_event *ev;
	struct tl_decoder_stats st;
	uint32_t i;
	int rc;

	memset(s, 0, sizeof(*s));
	if (!d || tl_decoder__add(d, r))
		return -ENOMEM;
	while ((rc = tl_decoder__next(d, &ev)) == 1) {
		uint64_t h = s->hash;

		h = mix(h, ev->type);
		h = mix(h, ev->flags);
		h = mix(h, (uint64_t)ev->ts);
		h = mix(h, ev->cpu);
		h = mix(h, ev->tid);
		h = mix(h, ev->pid);
		h = mix(h, ev->nr);
		h = mix(h, (uint64_t)ev->ret);
		h = mix(h, (uint64_t)ev->enter_ts);
		h = mix(h, (uint64_t)ev->exit_ts);
		h = mix(h, ev->lost_kind);
		h = mix(h, ev->lost);
		h = mix(h, ev->ncapt);
		for (i = 0; i < 6; i++)
			h = mix(h, ev->args[i]);
		for (i = 0; i < ev->ncapt; i++)
			h = mix(h, ev->capt[i].len ? ev->capt[i].data[0] : 0);
		s->hash = h;
		s->n++;
	}
	tl_decoder__stats(d, &st);
	s->hash = mix(s->hash, st.damaged_blocks);
	s->hash = mix(s->hash, st.damaged_records);
	tl_decoder__free(d);
	return rc;
}

/* The RING chunks as the reader returns them, concatenated. */
static int ring_bytes(const uint8_t *p, size_t len, struct membuf *out,
		      size_t *ndelta)
{
	struct tl_reader *r = tl_reader__open_mem(p, len, "mem");
	const struct tl_chunk *c;
	int rc;

	if (!r)
		return -errno;
	*ndelta = 0;
	while ((rc = tl_reader__next_chunk(r, &c)) == 1) {
		if (c->type != TL_CHUNK_RING)
			continue;
		if (c->stored_type == (TL_CHUNK_RING_DELTA | TL_CHUNK_CRITICAL))
			(*ndelta)++;
		membuf_write(out, c->data, c->len);
	}
	tl_reader__close(r);
	return rc;
}

static const char *top_path(const char *rel, char *buf, size_t n)
{
	const char *top = getenv("TL_TOP");

	snprintf(buf, n, "%s/%s", top && *top ? top : ".", rel);
	return buf;
}

static void test_real_rings(void)
{
	static const char *const samples[] = {
		"samples/story1-bc-file.tlz",
		"samples/story2-ls-grep-wget.tlz",
		"samples/multiprocess.tlz",
	};
	static const enum tl_codec codecs[] = {
		TL_CODEC_ZSTD, TL_CODEC_NONE, TL_CODEC_ZLIB,
	};
	size_t i, k;

	for (i = 0; i < sizeof(samples) / sizeof(samples[0]); i++) {
		char path[4096];
		struct ev_sum orig, got;
		struct tl_reader *r;

		top_path(samples[i], path, sizeof(path));
		r = tl_reader__open(path);
		if (!ASSERT_NONNULL(r, path))
			continue;
		if (!ASSERT_EQ(decode_sum(r, &orig), 0, "decode the sample"))
			continue;
		ASSERT_TRUE(orig.n > 50, "the sample has events");
		for (k = 0; k < sizeof(codecs) / sizeof(codecs[0]); k++) {
			struct membuf plain = { 0 }, delta = { 0 };
			struct membuf pb = { 0 }, db = { 0 };
			size_t nd_plain, nd_delta, nrec = 0, off;

			if (!ASSERT_OK(rewrite(path, &plain, -1, codecs[k]), "plain") ||
			    !ASSERT_OK(rewrite(path, &delta, 0, codecs[k]), "delta"))
				goto next;
			/* the reader hands back the very same blocks */
			ASSERT_OK(ring_bytes(plain.p, plain.len, &pb, &nd_plain), "read plain");
			ASSERT_OK(ring_bytes(delta.p, delta.len, &db, &nd_delta), "read delta");
			ASSERT_EQ(nd_plain, 0, "plain: RING chunks");
			ASSERT_TRUE(nd_delta > 0, "delta: RING_DELTA chunks");
			if (ASSERT_EQ(pb.len, db.len, "same ring bytes"))
				ASSERT_MEMEQ(pb.p, db.p, pb.len, "same ring bytes");
			/* the stored payloads really were delta-coded */
			for (off = 0; off + HDR <= pb.len;) {
				uint32_t nb = tl_get32(pb.p + off + 16);
				size_t l = HDR + (size_t)nb * BS;
				uint8_t *cp = malloc(l);

				if (!cp || off + l > pb.len) {
					free(cp);
					break;
				}
				memcpy(cp, pb.p + off, l);
				nrec += tl_ring_delta(cp, l, TL_RING_DELTA_ENCODE);
				tl_ring_delta(cp, l, TL_RING_DELTA_DECODE);
				ASSERT_MEMEQ(cp, pb.p + off, l, "real blocks round trip");
				free(cp);
				off += l;
			}
			ASSERT_TRUE(nrec > 50, "real records transformed");
			if (codecs[k] != TL_CODEC_NONE)
				ASSERT_TRUE(delta.len < plain.len,
					    "delta-coded file is smaller");
			/* and the decoder sees the same events as in the
			 * original sample */
			r = tl_reader__open_mem(delta.p, delta.len, "delta");
			if (ASSERT_NONNULL(r, "open delta") &&
			    ASSERT_EQ(decode_sum(r, &got), 0, "decode delta")) {
				ASSERT_EQ(got.n, orig.n, "events");
				ASSERT_TRUE(got.hash == orig.hash, "same events");
			}
			r = tl_reader__open_mem(plain.p, plain.len, "plain");
			if (ASSERT_NONNULL(r, "open plain") &&
			    ASSERT_EQ(decode_sum(r, &got), 0, "decode plain"))
				ASSERT_TRUE(got.hash == orig.hash, "same events (plain)");
next:
			free(plain.p);
			free(delta.p);
			free(pb.p);
			free(db.p);
		}
	}
	ASSERT_TRUE(file_ts_max > 0, "rings had a time range");
}

/* ------------------------------------------ the container around it */

/* The first chunk header of `type` (stored) in a written file, or 0. */
static size_t find_chunk(const struct membuf *mb, uint32_t stored_type)
{
	struct sample_layout lay;
	size_t k;

	sample_layout(mb, &lay);
	for (k = 0; k < lay.n; k++)
		if (lay.type[k] == stored_type)
			return lay.off[k];
	return 0;
}

static void test_writer_choices(void)
{
	struct tl_machine be = sample_machine;
	struct membuf mb = { 0 };
	struct tl_writer_opts o = { .sz = sizeof(o), .codec = TL_CODEC_NONE };
	struct tl_sink sink = { membuf_write, &mb };
	struct tl_writer *w;
	struct tl_reader *r;
	int major = 0, minor = 0;

	/* default: RING_DELTA, critical; the file says 1.1 */
	ASSERT_OK(sample_write(&mb, TL_CODEC_NONE, 0, SAMPLE_SMALL), "write");
	ASSERT_TRUE(find_chunk(&mb, TL_CHUNK_RING_DELTA | TL_CHUNK_CRITICAL),
		    "RING_DELTA with the critical bit");
	ASSERT_EQ(find_chunk(&mb, TL_CHUNK_RING), 0, "no plain RING chunk");
	r = tl_reader__open_mem(mb.p, mb.len, "v");
	if (ASSERT_NONNULL(r, "open")) {
		tl_reader__version(r, &major, &minor);
		ASSERT_TRUE(major == 1 && minor == 1, "version 1.1");
		tl_reader__close(r);
	}
	free(mb.p);

	/* big-endian ring data: plain RING chunks (§6.8 scope) */
	memset(&mb, 0, sizeof(mb));
	be.big_endian = true;
	w = tl_writer__open_sink(&sink, &o);
	if (ASSERT_NONNULL(w, "open")) {
		ASSERT_OK(tl_writer__add_machine(w, &be), "machine");
		ASSERT_OK(tl_writer__add_ring(w, 1, 1, sample_blocks, 2 * BS), "ring");
		ASSERT_OK(tl_writer__close(w), "close");
		ASSERT_TRUE(find_chunk(&mb, TL_CHUNK_RING), "plain RING");
		ASSERT_EQ(find_chunk(&mb, TL_CHUNK_RING_DELTA | TL_CHUNK_CRITICAL),
			  0, "no RING_DELTA");
	}
	free(mb.p);
}

/* Block block_seq `bseq` full of records (lens 24..80, seq and ts
 * growing), like a recorder's; `used` is where they end. */
static void make_rec_block(uint8_t *blk, uint64_t bseq)
{
	uint32_t off = 64, seq = (uint32_t)(bseq * 1000);
	uint64_t ts = 7000000000ull + bseq * 1000000;

	memset(blk, 0, BS);
	while (off + 80 <= BS - 64) {
		uint16_t len = (uint16_t)(24 + 8 * (seq % 8));

		rec_put(blk, off, len, seq++, ts);
		ts += 300 + seq % 50;
		off += len;
	}
	block_init(blk, off - 64);
	tl_put64(blk + 8, bseq);
}

/* Records whose bytes differ between two blocks: the first differing
 * byte's offset, or BS. */
static size_t first_diff(const uint8_t *a, const uint8_t *b)
{
	size_t i;

	for (i = 0; i < BS && a[i] == b[i]; i++)
		;
	return i;
}

static void test_reader_damage(void)
{
	struct tl_writer_opts o = { .sz = sizeof(o), .codec = TL_CODEC_NONE };
	uint8_t *blocks = malloc(2 * (size_t)BS);
	struct membuf mb = { 0 };
	struct tl_sink sink = { membuf_write, &mb };
	const struct tl_chunk *c;
	struct tl_ring_chunk rc;
	struct tl_writer *w;
	struct tl_reader *r;
	size_t off, blk0, rec, d;
	uint8_t *p;
	int n = 0;

	if (!blocks)
		abort();
	make_rec_block(blocks, 2);		/* out of order on purpose */
	make_rec_block(blocks + BS, 1);
	w = tl_writer__open_sink(&sink, &o);
	if (!ASSERT_NONNULL(w, "open") ||
	    !ASSERT_OK(tl_writer__add_ring(w, 3, 0, blocks, 2 * (size_t)BS), "ring") ||
	    !ASSERT_OK(tl_writer__close(w), "close"))
		goto out;
	off = find_chunk(&mb, TL_CHUNK_RING_DELTA | TL_CHUNK_CRITICAL);
	if (!ASSERT_TRUE(off > 0, "found"))
		goto out;
	/* stored delta-coded: the second record of block 1 says seq 1 */
	blk0 = off + TL_CHUNK_HDR_SIZE + HDR;
	ASSERT_EQ(tl_get32(mb.p + blk0 + 64 + 4), 1000, "stored first seq");
	rec = blk0 + 64 + tl_get16(mb.p + blk0 + 64 + 2);
	ASSERT_EQ(tl_get32(mb.p + rec + 4), 1, "stored seq delta");

	/* intact: the blocks come back as they were */
	r = tl_reader__open_mem(mb.p, mb.len, "ok");
	while (r && tl_reader__next_chunk(r, &c) == 1) {
		if (c->type != TL_CHUNK_RING)
			continue;
		ASSERT_EQ(c->stored_type, TL_CHUNK_RING_DELTA | TL_CHUNK_CRITICAL,
			  "stored type");
		if (ASSERT_OK(tl_reader__parse_ring(r, c, &rc), "parse") &&
		    ASSERT_EQ(rc.nblocks, 2, "blocks")) {
			ASSERT_MEMEQ(rc.blocks, blocks + BS, BS, "block 1");
			ASSERT_MEMEQ((const uint8_t *)rc.blocks + BS, blocks,
				     BS, "block 2");
			n++;
		}
	}
	tl_reader__close(r);
	ASSERT_EQ(n, 1, "one ring chunk");

	/* damage inside the delta-coded payload (CRCs made right): the
	 * len of block 1's 20th record. The reader still returns the chunk;
	 * block 1 is right up to that record, block 2 all right. */
	p = mb.p;
	for (rec = blk0 + 64, d = 0; d < 20; d++)
		rec += tl_get16(p + rec + 2);
	tl_put16(p + rec + 2, 0xfff8);
	tl_put32(p + off + 40, tl_crc32c(0, p + off + TL_CHUNK_HDR_SIZE,
					 tl_get64(p + off + 16)));
	tl_put32(p + off + 44, tl_crc32c(0, p + off, 44));
	r = tl_reader__open_mem(mb.p, mb.len, "damaged");
	n = 0;
	while (r && tl_reader__next_chunk(r, &c) == 1) {
		if (c->type != TL_CHUNK_RING ||
		    !ASSERT_OK(tl_reader__parse_ring(r, c, &rc), "still parses"))
			continue;
		d = first_diff(rc.blocks, blocks + BS);
		ASSERT_EQ(d, rec - blk0 + 2, "block 1 intact up to the damage");
		ASSERT_MEMEQ((const uint8_t *)rc.blocks + BS, blocks, BS,
			     "block 2 intact");
		n++;
	}
	tl_reader__close(r);
	ASSERT_EQ(n, 1, "the damaged chunk is returned");

	/* garbage `used`: block 1 is then returned as stored */
	tl_put32(p + blk0 + 4, 0xfffffff0u);
	tl_put32(p + off + 40, tl_crc32c(0, p + off + TL_CHUNK_HDR_SIZE,
					 tl_get64(p + off + 16)));
	/* and without the critical bit a 1.1 reader reads type 7 the same */
	tl_put32(p + off + 8, TL_CHUNK_RING_DELTA);
	tl_put32(p + off + 44, tl_crc32c(0, p + off, 44));
	r = tl_reader__open_mem(mb.p, mb.len, "noncritical");
	n = 0;
	while (r && tl_reader__next_chunk(r, &c) == 1) {
		if (c->type != TL_CHUNK_RING ||
		    !ASSERT_EQ(c->stored_type, TL_CHUNK_RING_DELTA, "type 7") ||
		    !ASSERT_OK(tl_reader__parse_ring(r, c, &rc), "parses"))
			continue;
		ASSERT_MEMEQ((const uint8_t *)rc.blocks + 8,
			     p + blk0 + 8, BS - 8, "block 1 as stored");
		ASSERT_MEMEQ((const uint8_t *)rc.blocks + BS, blocks, BS,
			     "block 2 intact");
		n++;
	}
	tl_reader__close(r);
	ASSERT_EQ(n, 1, "type 7 without the critical bit");
out:
	free(mb.p);
	free(blocks);
}

int main(void)
{
	sample_init();
	RUN_TEST(test_records_delta_coded);
	RUN_TEST(test_seq_wrap_and_ts_backwards);
	RUN_TEST(test_blocks_left_alone);
	RUN_TEST(test_malformed_records_stop_the_block);
	RUN_TEST(test_bad_ring_header);
	RUN_TEST(test_bijection_on_noise);
	RUN_TEST(test_real_rings);
	RUN_TEST(test_writer_choices);
	RUN_TEST(test_reader_damage);
	free(sample_blocks);
	return TEST_EXIT();
}
