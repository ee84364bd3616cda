// SPDX-License-Identifier: MIT
/*
 * damage_test.c - what the reader does with bad input (FORMAT.md §8):
 * every prefix of a file (truncation at each chunk boundary and inside
 * chunks), a flipped bit in every header and in payloads of each chunk
 * type, decompression failures, inserted garbage and foreign chunks,
 * unknown chunks and TLV tags, bound violations, versions. All in memory
 * except one pipe.
 */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <zstd.h>

#include "chunk.h"
#include "crc32c.h"
#include "internal.h"
#include "meta.h"
#include "tl.h"
#include "test.h"
#include "tlz_sample.h"

/* ------------------------------------------------------- log capture */

static char logbuf[16384];
static size_t loglen;

__attribute__((format(printf, 2, 0)))
static int capture(enum tl_print_level level, const char *fmt, va_list ap)
{
	int n;

	if (level != TL_WARN)
		return 0;
	n = vsnprintf(logbuf + loglen, sizeof(logbuf) - loglen, fmt, ap);
	if (n > 0)
		loglen += (size_t)n < sizeof(logbuf) - loglen ?
			  (size_t)n : sizeof(logbuf) - loglen - 1;
	return n;
}

static void log_reset(void)
{
	loglen = 0;
	logbuf[0] = '\0';
}

static int log_has(const char *s)
{
	return strstr(logbuf, s) != NULL;
}

/* ------------------------------------------------ reading everything */

#define MAXC 64

struct result {
	int rc;				/* last tl_reader__next_chunk() */
	int open_errno;			/* 0 when open worked */
	size_t n;
	uint64_t off[MAXC];
	uint32_t type[MAXC];
	uint32_t crc[MAXC];		/* of the decompressed payload */
	size_t len[MAXC];
	struct tl_reader_stats st;
};

static void read_all(const void *p, size_t len, struct result *res)
{
	const struct tl_chunk *c;
	struct tl_reader *r;

	memset(res, 0, sizeof(*res));
	r = tl_reader__open_mem(p, len, "t.tlz");
	if (!r) {
		res->open_errno = errno;
		return;
	}
	while ((res->rc = tl_reader__next_chunk(r, &c)) == 1 && res->n < MAXC) {
		res->off[res->n] = c->offset;
		res->type[res->n] = c->type;
		res->crc[res->n] = tl_crc32c(0, c->data, c->len);
		res->len[res->n] = c->len;
		res->n++;
	}
	tl_reader__stats(r, &res->st);
	tl_reader__close(r);
}

/* Every chunk of `want` except the one at offset `skip_off` (shifted by
 * `shift` after `at`) is in `got`, in order, with the same bytes. */
static int same_chunks(const struct result *want, const struct result *got,
		       uint64_t skip_off, uint64_t at, int64_t shift)
{
	size_t i, j = 0;

	for (i = 0; i < want->n; i++) {
		uint64_t off = want->off[i];

		if (off == skip_off)
			continue;
		if (off >= at)
			off = (uint64_t)((int64_t)off + shift);
		if (j >= got->n || got->off[j] != off ||
		    got->type[j] != want->type[i] ||
		    got->crc[j] != want->crc[i] || got->len[j] != want->len[i])
			return 0;
		j++;
	}
	return j == got->n;
}

static struct membuf small;		/* SAMPLE_SMALL, zstd */
static struct sample_layout lay;	/* its chunks */
static struct result ref;		/* its intact read */

/* ------------------------------------------------------------ tests */

/* §8.4, §8.5: every prefix of the file. */
static void test_truncate_every_prefix(void)
{
	struct result got;
	size_t len, k, want;
	int boundary, fails = 0;

	for (len = 0; len <= small.len && fails < 5; len++) {
		read_all(small.p, len, &got);
		if (len < TL_FILE_HDR_SIZE) {
			if (!ASSERT_EQ(got.open_errno, EBADMSG, "short header refused"))
				fails++;
			continue;
		}
		/* complete chunks (payload present; padding may be cut) */
		want = 0;
		boundary = len == TL_FILE_HDR_SIZE || len == lay.footer ||
			   len == small.len;
		for (k = 0; k < lay.n; k++) {
			if (lay.end[k] <= len &&
			    lay.type[k] != SAMPLE_CUSTOM_TYPE)
				want++;
			if (len == lay.end[k] || len == lay.pend[k])
				boundary = 1;
		}
		if (!ASSERT_EQ(got.open_errno, 0, "open") ||
		    !ASSERT_EQ(got.rc, 0, "never an error") ||
		    !ASSERT_EQ(got.n, want, "every complete chunk") ||
		    !ASSERT_EQ(got.st.truncated, !boundary, "truncation flagged") ||
		    !ASSERT_EQ(got.st.has_footer, len == small.len, "footer") ||
		    !ASSERT_TRUE(memcmp(got.crc, ref.crc, want * sizeof(got.crc[0])) == 0,
				 "chunk contents")) {
			fprintf(stderr, "  prefix length %zu of %zu\n", len, small.len);
			fails++;
		}
	}
}

/* §8.1: one flipped bit in any chunk header: that chunk is lost, the
 * others all read. */
static void test_flip_every_header_bit(void)
{
	struct result got;
	uint8_t *p = malloc(small.len);
	size_t k, bit;
	int fails = 0;

	memcpy(p, small.p, small.len);
	for (k = 0; k < lay.n && fails < 5; k++) {
		for (bit = 0; bit < TL_CHUNK_HDR_SIZE * 8; bit++) {
			p[lay.off[k] + bit / 8] ^= (uint8_t)(1u << (bit % 8));
			log_reset();
			read_all(p, small.len, &got);
			p[lay.off[k] + bit / 8] ^= (uint8_t)(1u << (bit % 8));
			if (!ASSERT_TRUE(same_chunks(&ref, &got, lay.off[k], 0, 0),
					 "the other chunks read") ||
			    !ASSERT_EQ(got.st.damaged_chunks, 1, "one damaged") ||
			    !ASSERT_TRUE(got.st.skipped_bytes >= lay.pend[k] - lay.off[k],
					 "the chunk's bytes skipped") ||
			    !ASSERT_EQ(got.st.has_footer,
				       (lay.type[k] & ~TL_CHUNK_CRITICAL) != TL_CHUNK_INDEX,
				       "footer unless the index is lost") ||
			    !ASSERT_TRUE(log_has("t.tlz: chunk at offset"), "message")) {
				fprintf(stderr, "  chunk %zu type %u, bit %zu\n", k,
					lay.type[k], bit);
				fails++;
				break;
			}
		}
	}
	free(p);
}

/* §8.2: a flipped payload bit in each chunk type. */
static void test_flip_payload_bits(void)
{
	struct result got;
	uint8_t *p = malloc(small.len);
	char want[96];
	size_t k, i;

	memcpy(p, small.p, small.len);
	for (k = 0; k < lay.n; k++) {
		size_t plen = lay.end[k] - lay.off[k] - TL_CHUNK_HDR_SIZE;
		size_t pos[3] = { 0, plen / 2, plen - 1 };

		for (i = 0; i < 3; i++) {
			uint8_t *b = p + lay.off[k] + TL_CHUNK_HDR_SIZE + pos[i];

			*b ^= (uint8_t)(0x80u >> i);
			log_reset();
			read_all(p, small.len, &got);
			*b ^= (uint8_t)(0x80u >> i);
			snprintf(want, sizeof(want), "t.tlz: chunk at offset %llu: payload CRC mismatch, skipped %llu bytes",
				 (unsigned long long)lay.off[k],
				 (unsigned long long)(lay.pend[k] - lay.off[k]));
			if (!ASSERT_TRUE(same_chunks(&ref, &got, lay.off[k], 0, 0),
					 "others read") ||
			    !ASSERT_EQ(got.st.damaged_chunks, 1, "one damaged") ||
			    !ASSERT_EQ(got.st.skipped_bytes, lay.pend[k] - lay.off[k],
				       "exactly the chunk skipped") ||
			    !ASSERT_TRUE(log_has(want), want))
				fprintf(stderr, "  chunk type %u byte %zu\n",
					lay.type[k], pos[i]);
		}
	}
	free(p);
}

/* Builds a chunk (header with right CRCs unless told otherwise). */
static size_t make_chunk(uint8_t *out, uint64_t file_id, uint32_t type,
			 uint8_t codec, const void *stored, size_t stored_len,
			 uint64_t raw_len)
{
	struct tl_chunk_hdr h = {
		.type = type, .codec = codec, .stored_len = stored_len,
		.raw_len = raw_len, .file_id = file_id,
		.payload_crc = tl_crc32c(0, stored, stored_len),
	};

	tl_chunk_hdr_encode(out, &h);
	memcpy(out + TL_CHUNK_HDR_SIZE, stored, stored_len);
	memset(out + TL_CHUNK_HDR_SIZE + stored_len, 0,
	       TL_PAD8(stored_len) - stored_len);
	return TL_CHUNK_HDR_SIZE + TL_PAD8(stored_len);
}

/* A copy of `small` with `ins` inserted at `at`. */
static uint8_t *with_insert(size_t at, const void *ins, size_t n, size_t *len)
{
	uint8_t *p = malloc(small.len + n);

	memcpy(p, small.p, at);
	memcpy(p + at, ins, n);
	memcpy(p + at + n, small.p + at, small.len - at);
	*len = small.len + n;
	return p;
}

static uint64_t small_file_id(void)
{
	return tl_get64(small.p + 24);
}

/* Inserts before the RING chunk, expects it skipped as damage. */
static void expect_skipped(const void *ins, size_t n, const char *msg,
			   const char *what)
{
	struct result got;
	size_t len, k;
	uint8_t *p;

	for (k = 0; k < lay.n; k++)
		if (sample_is_ring(lay.type[k]))
			break;
	p = with_insert(lay.off[k], ins, n, &len);
	log_reset();
	read_all(p, len, &got);
	ASSERT_EQ(got.rc, 0, what);
	ASSERT_TRUE(same_chunks(&ref, &got, ~0ull, lay.off[k], (int64_t)n), what);
	ASSERT_EQ(got.st.damaged_chunks, 1, what);
	ASSERT_EQ(got.st.skipped_bytes, n, what);
	if (!ASSERT_TRUE(log_has(msg), msg))
		fprintf(stderr, "  log: %s", logbuf);
	free(p);
}

/* §8.3: CRCs right, but the data does not decompress. */
static void test_decompression_failures(void)
{
	uint8_t chunk[4096], junk[200], frame[256];
	uint64_t id = small_file_id();
	size_t n, i, fn;

	for (i = 0; i < sizeof(junk); i++)
		junk[i] = (uint8_t)(i * 37 + 11);
	n = make_chunk(chunk, id, TL_CHUNK_PROCS, TL_CODEC_ZSTD, junk,
		       sizeof(junk), 1000);
	expect_skipped(chunk, n, "zstd decompression failed, skipped", "zstd junk");
	n = make_chunk(chunk, id, TL_CHUNK_PROCS, TL_CODEC_ZLIB, junk,
		       sizeof(junk), 1000);
	expect_skipped(chunk, n, "zlib decompression failed, skipped", "zlib junk");

	/* a real zstd frame whose size is not the announced raw_len */
	fn = ZSTD_compress(frame, sizeof(frame), junk, sizeof(junk), 3);
	if (!ASSERT_TRUE(!ZSTD_isError(fn), "zstd"))
		return;
	n = make_chunk(chunk, id, TL_CHUNK_PROCS, TL_CODEC_ZSTD, frame, fn,
		       sizeof(junk) + 1);
	expect_skipped(chunk, n, "zstd decompression failed", "raw_len mismatch");
	/* a frame followed by extra bytes */
	frame[fn] = 0;
	n = make_chunk(chunk, id, TL_CHUNK_PROCS, TL_CODEC_ZSTD, frame, fn + 1,
		       sizeof(junk));
	expect_skipped(chunk, n, "zstd decompression failed", "trailing bytes");
	/* an unknown codec */
	n = make_chunk(chunk, id, TL_CHUNK_PROCS, 9, junk, 16, 16);
	expect_skipped(chunk, n, "unknown codec 9, skipped", "codec 9");
}

/* §8.1, §8.6: garbage, false sync markers, foreign chunks, lengths out of
 * bounds with valid CRCs (never allocated). */
static void test_resync(void)
{
	uint8_t buf[4096], junk[64];
	uint64_t id = small_file_id();
	struct tl_chunk_hdr h = { 0 };
	size_t n;

	memset(buf, 0x5a, 1000);
	memcpy(buf + 100, TL_CHUNK_SYNC, 8);	/* a false sync marker */
	memcpy(buf + 997, TL_CHUNK_SYNC, 3);	/* and a partial one at the end */
	expect_skipped(buf, 1000, "no chunk sync marker; skipped 1000 bytes to the next chunk",
		       "garbage");

	memset(junk, 1, sizeof(junk));
	n = make_chunk(buf, id ^ 1, TL_CHUNK_MACHINE, TL_CODEC_NONE, junk,
		       sizeof(junk), sizeof(junk));
	expect_skipped(buf, n, "belongs to another file", "foreign chunk");

	/* huge lengths, valid header CRC: never allocated (§3.5) */
	h.type = TL_CHUNK_RING;
	h.codec = TL_CODEC_NONE;
	h.stored_len = h.raw_len = 1ull << 40;
	h.file_id = id;
	tl_chunk_hdr_encode(buf, &h);
	expect_skipped(buf, 48, "chunk length out of bounds", "stored_len 2^40");
	h.codec = TL_CODEC_ZSTD;
	h.stored_len = 16;
	h.raw_len = (1ull << 26) + 1;
	tl_chunk_hdr_encode(buf, &h);
	memset(buf + 48, 0, 16);
	expect_skipped(buf, 64, "chunk length out of bounds", "raw_len > 64 MiB");
	h.codec = TL_CODEC_NONE;
	h.raw_len = 17;
	tl_chunk_hdr_encode(buf, &h);
	expect_skipped(buf, 64, "stored and raw lengths differ", "none 16/17");
	/* reserved fields must be zero in a 1.0 file (§1.3) */
	n = make_chunk(buf, id, TL_CHUNK_MACHINE, TL_CODEC_NONE, junk, 8, 8);
	buf[13] = 1;
	tl_put32(buf + 44, tl_crc32c(0, buf, 44));
	expect_skipped(buf, n, "reserved header field is not zero", "reserved");
}

/* A file's max_chunk (§2.1) is a bound too. */
static void test_max_chunk_bound(void)
{
	uint8_t *p = malloc(small.len);
	struct result got;
	size_t i, k, want = 0;

	memcpy(p, small.p, small.len);
	tl_put32(p + 20, 300);			/* promise chunks <= 300 bytes */
	read_all(p, small.len, &got);
	/* both stored and raw lengths count: RING chunks (3 x 64 KiB raw)
	 * break it even though they compress to less */
	for (i = 0; i < ref.n; i++)
		for (k = 0; k < lay.n; k++)
			if (lay.off[k] == ref.off[i] && ref.len[i] <= 300 &&
			    lay.end[k] - lay.off[k] - 48 <= 300)
				want++;
	ASSERT_TRUE(want > 0 && want < ref.n, "some chunks are larger");
	ASSERT_EQ(got.n, want, "chunks over max_chunk skipped");
	ASSERT_TRUE(got.st.damaged_chunks > 0, "counted as damage");
	free(p);
}

/* §3.6: unknown chunks. */
static void test_unknown_chunks(void)
{
	uint8_t chunk[256], junk[32] = "payload of a future chunk";
	uint64_t id = small_file_id();
	struct result got;
	size_t n, len, k;
	uint8_t *p;

	for (k = 0; k < lay.n; k++)
		if (sample_is_ring(lay.type[k]))
			break;
	/* optional: skipped, counted, no warning */
	n = make_chunk(chunk, id, 0x777, TL_CODEC_NONE, junk, sizeof(junk),
		       sizeof(junk));
	p = with_insert(lay.off[k], chunk, n, &len);
	log_reset();
	read_all(p, len, &got);
	ASSERT_TRUE(same_chunks(&ref, &got, ~0ull, lay.off[k], (int64_t)n),
		    "everything else read");
	ASSERT_EQ(got.st.unknown_chunks, 2, "counted (with the sample's own)");
	ASSERT_EQ(got.st.damaged_chunks, 0, "not damage");
	ASSERT_EQ(loglen, 0, "no warning");
	free(p);

	/* critical: refused with -EOPNOTSUPP, after what came before */
	n = make_chunk(chunk, id, 0x777 | TL_CHUNK_CRITICAL, TL_CODEC_NONE,
		       junk, sizeof(junk), sizeof(junk));
	p = with_insert(lay.off[k], chunk, n, &len);
	log_reset();
	read_all(p, len, &got);
	ASSERT_EQ(got.rc, -EOPNOTSUPP, "critical chunk refused");
	ASSERT_EQ(got.n, k - 1, "chunks before it returned (minus the unknown one)");
	ASSERT_TRUE(log_has("unknown critical chunk type 1911 (0x80000777)"),
		    "message names the type");
	{
		const struct tl_chunk *c;
		struct tl_reader *r = tl_reader__open_mem(p, len, "t.tlz");
		int rc;

		while ((rc = tl_reader__next_chunk(r, &c)) == 1)
			;
		ASSERT_EQ(rc, -EOPNOTSUPP, "refused");
		ASSERT_EQ(tl_reader__next_chunk(r, &c), -EOPNOTSUPP, "sticky");
		/* a caller may step over it explicitly */
		ASSERT_OK(tl_reader__seek(r, lay.off[k] + n), "seek past it");
		ASSERT_EQ(tl_reader__next_chunk(r, &c), 1, "reads on");
		ASSERT_EQ(c->type, TL_CHUNK_RING, "the ring chunk");
		tl_reader__close(r);
	}
	free(p);
}

/* ------------------------------------------- TLV payloads by hand */

static void tlv(struct membuf *b, uint16_t tag, const void *v, uint32_t len)
{
	uint8_t h[8], zero[4] = { 0 };

	tl_put16(h, tag);
	tl_put16(h + 2, 0);
	tl_put32(h + 4, len);
	membuf_write(b, h, 8);
	membuf_write(b, v, len);
	membuf_write(b, zero, (4 - (len & 3)) & 3);
}

static void tlv32(struct membuf *b, uint16_t tag, uint32_t v)
{
	uint8_t x[4];

	tl_put32(x, v);
	tlv(b, tag, x, 4);
}

/* Parses `payload` as a chunk of `type` through a real reader. */
struct parsed {
	int rc;
	const struct tl_machine *m;
	const struct tl_systable *st;
	const struct tl_trace_info *tr;
	const struct tl_proc *procs;
	size_t nprocs;
	uint32_t trace_id;
	struct tl_ring_chunk ring;
	const struct tl_index_entry *ix;
	size_t nix;
};

static struct tl_reader *parse_reader;

static void parse(uint32_t type, const struct membuf *payload,
		  struct parsed *out)
{
	struct tl_chunk c = { .type = type, .data = payload->p,
			      .len = payload->len };

	memset(out, 0, sizeof(*out));
	switch (type) {
	case TL_CHUNK_MACHINE:
		out->rc = tl_reader__parse_machine(parse_reader, &c, &out->m); break;
	case TL_CHUNK_SYSTABLE:
		out->rc = tl_reader__parse_systable(parse_reader, &c, &out->st); break;
	case TL_CHUNK_TRACE:
		out->rc = tl_reader__parse_trace(parse_reader, &c, &out->tr); break;
	case TL_CHUNK_PROCS:
		out->rc = tl_reader__parse_procs(parse_reader, &c, &out->trace_id,
						 &out->procs, &out->nprocs); break;
	case TL_CHUNK_RING:
		out->rc = tl_reader__parse_ring(parse_reader, &c, &out->ring); break;
	case TL_CHUNK_INDEX:
		out->rc = tl_reader__parse_index(parse_reader, &c, &out->ix,
						 &out->nix); break;
	}
}

/* §5.1: unknown tags, at the top and inside groups, are skipped. */
static void test_unknown_tlv_tags(void)
{
	struct membuf b = { 0 }, g = { 0 }, g2 = { 0 };
	struct parsed r;

	tlv(&b, 999, "abcde", 5);
	tlv(&b, TL_MT_ARCH, "aarch64", 7);
	tlv(&g, 1, "nested", 6);
	tlv(&b, 1000, g.p, (uint32_t)g.len);		/* an unknown group */
	tlv32(&b, TL_MT_PAGE_SIZE, 16384);
	tlv(&b, 0xffff, "", 0);
	parse(TL_CHUNK_MACHINE, &b, &r);
	if (ASSERT_OK(r.rc, "machine with unknown tags")) {
		ASSERT_STREQ(r.m->arch, "aarch64", "arch");
		ASSERT_EQ(r.m->page_size, 16384, "page size");
		ASSERT_STREQ(r.m->hostname, "", "absent string is empty");
		ASSERT_TRUE(r.m->syscall_filter == NULL, "absent filter is NULL");
	}

	b.len = g.len = 0;
	tlv32(&b, TL_PS_TRACE_ID, 3);
	tlv32(&g, TL_PR_TID, 55);
	tlv(&g, 77, "zz", 2);				/* unknown in a group */
	tlv(&g, TL_PR_COMM, "cat", 3);
	tlv(&b, TL_PS_PROC, g.p, (uint32_t)g.len);
	tlv(&b, 78, "x", 1);
	parse(TL_CHUNK_PROCS, &b, &r);
	if (ASSERT_OK(r.rc, "procs with unknown tags") &&
	    ASSERT_EQ(r.nprocs, 1, "one proc")) {
		ASSERT_EQ(r.trace_id, 3, "trace id");
		ASSERT_EQ(r.procs[0].tid, 55, "tid");
		ASSERT_STREQ(r.procs[0].comm, "cat", "comm");
		ASSERT_EQ(r.procs[0].pid, 0, "absent pid is 0");
	}

	/* systable: unknown tag inside an ARG inside a SYSCALL */
	b.len = g.len = 0;
	{
		uint8_t abi = TL_ABI_I386, kind = 7;
		uint8_t nr[2] = { 3, 0 };

		tlv(&b, TL_ST_ABI, &abi, 1);
		tlv(&g2, TL_SA_NAME, "fd", 2);
		tlv(&g2, 40, "future", 6);
		tlv(&g2, TL_SA_KIND, &kind, 1);
		tlv(&g, TL_SY_NR, nr, 2);
		tlv(&g, TL_SY_NAME, "read", 4);
		tlv(&g, TL_SY_ARG, g2.p, (uint32_t)g2.len);
		tlv(&g, 41, "x", 1);
		tlv(&b, TL_ST_SYSCALL, g.p, (uint32_t)g.len);
	}
	parse(TL_CHUNK_SYSTABLE, &b, &r);
	if (ASSERT_OK(r.rc, "systable with unknown tags") &&
	    ASSERT_EQ(r.st->count, 1, "one call")) {
		ASSERT_EQ(r.st->abi, TL_ABI_I386, "abi");
		ASSERT_EQ(r.st->calls[0].nr, 3, "i386 read is 3");
		ASSERT_STREQ(r.st->calls[0].name, "read", "name");
		ASSERT_EQ(r.st->calls[0].nargs, 1, "nargs");
		ASSERT_EQ(r.st->calls[0].args[0].kind, 7, "kind");
		ASSERT_EQ(r.st->calls[0].args[0].len_arg, -1, "len_arg default");
	}
	free(b.p);
	free(g.p);
	free(g2.p);
}

/* §5.1 and §6.1 bounds: rejected with -EBADMSG and a message. */
static void test_tlv_bounds(void)
{
	struct membuf b = { 0 }, g = { 0 }, g2 = { 0 };
	uint8_t big[5000], hdr[8];
	struct parsed r;
	int i;

	/* a length far beyond the payload */
	tl_put16(hdr, TL_MT_ARCH);
	tl_put16(hdr + 2, 0);
	tl_put32(hdr + 4, 0xfffffff0u);
	membuf_write(&b, hdr, 8);
	membuf_write(&b, "x86_64\0\0", 8);
	log_reset();
	parse(TL_CHUNK_MACHINE, &b, &r);
	ASSERT_EQ(r.rc, -EBADMSG, "huge TLV length");
	ASSERT_TRUE(log_has("MACHINE chunk at offset 0: payload offset 0: tag 1: length 4294967280 beyond the 8 bytes left"),
		    "message");
	/* a string over its bound */
	b.len = 0;
	memset(big, 'a', sizeof(big));
	tlv(&b, TL_MT_ARCH, big, sizeof(big));
	parse(TL_CHUNK_MACHINE, &b, &r);
	ASSERT_EQ(r.rc, -EBADMSG, "string over 4096");
	/* an integer of the wrong size */
	b.len = 0;
	tlv(&b, TL_MT_ARCH, "x", 1);
	tlv(&b, TL_MT_PAGE_SIZE, "ab", 2);
	parse(TL_CHUNK_MACHINE, &b, &r);
	ASSERT_EQ(r.rc, -EBADMSG, "u32 of 2 bytes");
	/* missing padding at the end */
	b.len = 0;
	tlv(&b, TL_MT_ARCH, "x", 1);
	b.len -= 3;
	parse(TL_CHUNK_MACHINE, &b, &r);
	ASSERT_EQ(r.rc, -EBADMSG, "padding missing");
	/* a required tag missing */
	b.len = 0;
	tlv32(&b, TL_MT_PAGE_SIZE, 4096);
	parse(TL_CHUNK_MACHINE, &b, &r);
	ASSERT_EQ(r.rc, -EBADMSG, "no ARCH");
	/* a nonzero reserved field in a 1.0 file */
	b.len = 0;
	tlv(&b, TL_MT_ARCH, "x", 1);
	b.p[2] = 1;
	parse(TL_CHUNK_MACHINE, &b, &r);
	ASSERT_EQ(r.rc, -EBADMSG, "reserved");

	/* 7 arguments */
	b.len = g.len = g2.len = 0;
	{
		uint8_t abi = TL_ABI_X86_64;

		tlv(&b, TL_ST_ABI, &abi, 1);
	}
	tlv(&g2, TL_SA_NAME, "a", 1);
	tlv(&g, TL_SY_NR, "\1\0", 2);
	tlv(&g, TL_SY_NAME, "x", 1);
	for (i = 0; i < 7; i++)
		tlv(&g, TL_SY_ARG, g2.p, (uint32_t)g2.len);
	tlv(&b, TL_ST_SYSCALL, g.p, (uint32_t)g.len);
	parse(TL_CHUNK_SYSTABLE, &b, &r);
	ASSERT_EQ(r.rc, -EBADMSG, "7 arguments");
	/* the same nr twice */
	b.len = g.len = 0;
	{
		uint8_t abi = TL_ABI_X86_64;

		tlv(&b, TL_ST_ABI, &abi, 1);
	}
	tlv(&g, TL_SY_NR, "\1\0", 2);
	tlv(&g, TL_SY_NAME, "x", 1);
	tlv(&b, TL_ST_SYSCALL, g.p, (uint32_t)g.len);
	tlv(&b, TL_ST_SYSCALL, g.p, (uint32_t)g.len);
	parse(TL_CHUNK_SYSTABLE, &b, &r);
	ASSERT_EQ(r.rc, -EBADMSG, "duplicate nr");
	/* a group whose inner length breaks out of it */
	b.len = g.len = 0;
	tlv32(&b, TL_PS_TRACE_ID, 1);
	tlv32(&g, TL_PR_TID, 1);
	tl_put32(g.p + 4, 100);
	tlv(&b, TL_PS_PROC, g.p, (uint32_t)g.len);
	parse(TL_CHUNK_PROCS, &b, &r);
	ASSERT_EQ(r.rc, -EBADMSG, "inner length beyond its group");

	/* INDEX entry size */
	b.len = 0;
	tlv32(&b, TL_IX_ENTRY_SIZE, 39);
	tlv(&b, TL_IX_ENTRIES, big, 39);
	parse(TL_CHUNK_INDEX, &b, &r);
	ASSERT_EQ(r.rc, -EBADMSG, "index entry size 39");
	free(b.p);
	free(g.p);
	free(g2.p);
}

static void test_ring_bounds(void)
{
	struct membuf b = { 0 };
	struct parsed r;
	uint8_t *p;

	b.len = 0;
	membuf_write(&b, sample_blocks, TL_RING_HDR_SIZE + 4096);
	p = b.p;
	memset(p, 0, TL_RING_HDR_SIZE);
	tl_put32(p + 12, 4096);
	tl_put32(p + 16, 1);
	tl_put32(p + 20, TL_RING_HDR_SIZE);
	parse(TL_CHUNK_RING, &b, &r);
	ASSERT_OK(r.rc, "valid 4 KiB ring payload");
	ASSERT_TRUE(r.ring.blocks == b.p + TL_RING_HDR_SIZE, "blocks after header");

	tl_put32(p + 16, 0xffffffffu);
	parse(TL_CHUNK_RING, &b, &r);
	ASSERT_EQ(r.rc, -EBADMSG, "nblocks 2^32-1");
	tl_put32(p + 16, 2);
	parse(TL_CHUNK_RING, &b, &r);
	ASSERT_EQ(r.rc, -EBADMSG, "2 blocks in the bytes of 1");
	tl_put32(p + 16, 1);
	tl_put32(p + 12, 3000);
	parse(TL_CHUNK_RING, &b, &r);
	ASSERT_EQ(r.rc, -EBADMSG, "block size not a power of two");
	tl_put32(p + 12, 4096);
	tl_put32(p + 20, 0xfffffff8u);
	parse(TL_CHUNK_RING, &b, &r);
	ASSERT_EQ(r.rc, -EBADMSG, "header size 4 GiB");
	tl_put32(p + 20, TL_RING_HDR_SIZE);
	b.len = 20;
	parse(TL_CHUNK_RING, &b, &r);
	ASSERT_EQ(r.rc, -EBADMSG, "payload shorter than the header");
	free(b.p);
}

/* The writer refuses what the reader would refuse. */
static void test_writer_bounds(void)
{
	struct membuf mb = { 0 };
	struct tl_sink sink = { membuf_write, &mb };
	struct tl_writer *w = tl_writer__open_sink(&sink, NULL);
	struct tl_machine m = sample_machine;
	struct tl_syscall sc = sample_calls[0];
	struct tl_systable t = { .abi = TL_ABI_X86_64, .count = 1, .calls = &sc };
	char big[5000];

	if (!ASSERT_NONNULL(w, "open"))
		return;
	memset(big, 'h', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	m.hostname = big;
	ASSERT_EQ(tl_writer__add_machine(w, &m), -EINVAL, "hostname > 4096");
	sc.nargs = 7;
	ASSERT_EQ(tl_writer__add_systable(w, &t), -EINVAL, "7 arguments");
	sc.nargs = 3;
	sc.args[1].len_arg = 6;
	ASSERT_EQ(tl_writer__add_systable(w, &t), -EINVAL, "len_arg 6");
	ASSERT_EQ(tl_writer__add_chunk(w, TL_CHUNK_RING, big,
				       (size_t)TL_MAX_CHUNK + 1, 0, 0),
		  -EINVAL, "chunk > 64 MiB");
	ASSERT_EQ(tl_writer__add_chunk(w, 0, big, 10, 0, 0), -EINVAL, "type 0");
	ASSERT_EQ(tl_writer__add_ring(w, 1, 0, big, 4096), -EINVAL,
		  "ring not in whole blocks");
	/* refusals leave the writer usable */
	ASSERT_OK(tl_writer__add_machine(w, &sample_machine), "then a good one");
	ASSERT_OK(tl_writer__close(w), "close");
	free(mb.p);
}

/* §2.2: versions. */
static void test_versions(void)
{
	uint8_t *p = malloc(small.len + 16);
	struct result got;
	struct tl_reader *r;
	int major, minor;

	memcpy(p, small.p, small.len);
	tl_put16(p + 8, 2);
	tl_put16(p + 10, 0);
	log_reset();
	read_all(p, small.len, &got);
	ASSERT_EQ(got.open_errno, EOPNOTSUPP, "major 2 refused");
	ASSERT_TRUE(log_has("t.tlz: format version 2.0 is not supported"), "message");
	tl_put16(p + 8, 0);
	read_all(p, small.len, &got);
	ASSERT_EQ(got.open_errno, EOPNOTSUPP, "major 0 refused");

	/* a newer minor with a larger file header: 16 extra bytes */
	memcpy(p, small.p, 32);
	tl_put16(p + 10, 3);
	tl_put32(p + 12, 48);
	memset(p + 32, 0xee, 16);
	memcpy(p + 48, small.p + 32, small.len - 32);
	read_all(p, small.len + 16, &got);
	ASSERT_EQ(got.open_errno, 0, "minor 3 opened");
	ASSERT_TRUE(same_chunks(&ref, &got, ~0ull, 0, 16), "all chunks read");
	ASSERT_EQ(got.st.damaged_chunks, 0, "no damage");
	r = tl_reader__open_mem(p, small.len + 16, "t.tlz");
	if (ASSERT_NONNULL(r, "open")) {
		tl_reader__version(r, &major, &minor);
		ASSERT_TRUE(major == 1 && minor == 3, "version 1.3");
		tl_reader__close(r);
	}
	/* in a newer minor, nonzero reserved fields are not damage (§1.3) */
	p[48 + 13] = 1;
	tl_put32(p + 48 + 44, tl_crc32c(0, p + 48, 44));
	read_all(p, small.len + 16, &got);
	ASSERT_TRUE(same_chunks(&ref, &got, ~0ull, 0, 16), "reserved ignored");

	/* bad header sizes and magic */
	memcpy(p, small.p, small.len);
	tl_put32(p + 12, 20);
	read_all(p, small.len, &got);
	ASSERT_EQ(got.open_errno, EBADMSG, "header size 20");
	memcpy(p, small.p, small.len);
	p[4] = '\n';			/* "\r\n" -> "\n\n" style damage */
	log_reset();
	read_all(p, small.len, &got);
	ASSERT_EQ(got.open_errno, EBADMSG, "bad magic");
	ASSERT_TRUE(log_has("magic damaged"), "text-mode damage named");
	free(p);
}

/* After the footer, nothing is read; the rest is reported. */
static void test_after_footer(void)
{
	struct result got;
	uint8_t *p = malloc(small.len + 100);

	memcpy(p, small.p, small.len);
	memset(p + small.len, 'z', 100);
	log_reset();
	read_all(p, small.len + 100, &got);
	ASSERT_TRUE(same_chunks(&ref, &got, ~0ull, 0, 0), "all chunks");
	ASSERT_TRUE(got.st.has_footer, "footer seen reading forward");
	ASSERT_TRUE(log_has("data after the footer ignored"), "message");
	free(p);
}

struct pipe_job {
	int fd;
	const uint8_t *p;
	size_t len;
};

static void *pipe_feed(void *arg)
{
	struct pipe_job *j = arg;
	size_t off = 0;
	ssize_t n;

	while (off < j->len) {
		n = write(j->fd, j->p + off, j->len - off);
		if (n <= 0)
			break;
		off += (size_t)n;
	}
	close(j->fd);
	return NULL;
}

/* Truncation and damage through a pipe (the fd read path), and a header
 * with a valid CRC claiming 1 TiB: a pipe reader that believed it would
 * have to buffer it, so reading on shows nothing was allocated for it. */
static void test_pipe_damage(void)
{
	const struct tl_chunk *c;
	struct tl_reader_stats st;
	struct tl_chunk_hdr h = { 0 };
	size_t cuts[4], i, k, hlen;
	uint8_t *p = malloc(small.len), *huge, hb[48];

	for (k = 0; k < lay.n; k++)
		if (sample_is_ring(lay.type[k]))
			break;
	cuts[0] = lay.off[k] + 60;		/* inside the ring chunk */
	cuts[1] = lay.pend[k];			/* right after it */
	cuts[2] = small.len;			/* whole, with a flipped bit */
	memcpy(p, small.p, small.len);
	p[lay.off[k] + 50] ^= 4;
	h.type = TL_CHUNK_RING;
	h.stored_len = h.raw_len = 1ull << 40;
	h.file_id = small_file_id();
	tl_chunk_hdr_encode(hb, &h);
	huge = with_insert(lay.off[k], hb, sizeof(hb), &hlen);
	cuts[3] = hlen;
	for (i = 0; i < 4; i++) {
		static const int want_trunc[4] = { 1, 0, 0, 0 };
		static const int want_damage[4] = { 0, 0, 1, 1 };
		struct pipe_job j = { .p = i == 2 ? p : i == 3 ? huge : small.p,
				      .len = cuts[i] };
		int want_n[4] = { (int)k - 1, (int)k, (int)k, (int)ref.n };
		struct tl_reader *r;
		pthread_t th;
		int fds[2], n = 0, rc;

		if (!ASSERT_OK(pipe(fds), "pipe"))
			break;
		j.fd = fds[1];
		pthread_create(&th, NULL, pipe_feed, &j);
		r = tl_reader__open_fd(fds[0], "pipe");
		if (ASSERT_NONNULL(r, "open")) {
			while ((rc = tl_reader__next_chunk(r, &c)) == 1)
				n++;
			tl_reader__stats(r, &st);
			ASSERT_EQ(rc, 0, "clean end (no -ENOMEM)");
			ASSERT_EQ(n, want_n[i], "chunks before the cut / all but the damaged");
			ASSERT_EQ(st.truncated, want_trunc[i], "truncated");
			ASSERT_EQ(st.damaged_chunks, want_damage[i], "damage");
			tl_reader__close(r);
		}
		pthread_join(th, NULL);
		close(fds[0]);
	}
	free(huge);
	free(p);
}

int main(void)
{
	uint8_t hdr[32];
	struct tl_file_hdr h = { .major = 1, .header_size = 32,
				 .max_chunk = TL_MAX_CHUNK, .file_id = 5 };

	sample_init();
	tl_set_print(capture);
	if (sample_write(&small, TL_CODEC_ZSTD, 0, SAMPLE_SMALL))
		return 1;
	sample_layout(&small, &lay);
	read_all(small.p, small.len, &ref);
	if (ref.n < 6 || !ref.st.has_footer) {
		fprintf(stderr, "sample file does not read back\n");
		return 1;
	}
	tl_file_hdr_encode(hdr, &h);
	parse_reader = tl_reader__open_mem(hdr, sizeof(hdr), "t.tlz");

	RUN_TEST(test_truncate_every_prefix);
	RUN_TEST(test_flip_every_header_bit);
	RUN_TEST(test_flip_payload_bits);
	RUN_TEST(test_decompression_failures);
	RUN_TEST(test_resync);
	RUN_TEST(test_max_chunk_bound);
	RUN_TEST(test_unknown_chunks);
	RUN_TEST(test_unknown_tlv_tags);
	RUN_TEST(test_tlv_bounds);
	RUN_TEST(test_ring_bounds);
	RUN_TEST(test_writer_bounds);
	RUN_TEST(test_versions);
	RUN_TEST(test_after_footer);
	RUN_TEST(test_pipe_damage);

	tl_reader__close(parse_reader);
	free(small.p);
	free(sample_blocks);
	return TEST_EXIT();
}
