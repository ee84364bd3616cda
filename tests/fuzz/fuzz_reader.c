// SPDX-License-Identifier: MIT
/*
 * fuzz_reader.c - libFuzzer target for the .tlz reader and every metadata
 * parser, over arbitrary bytes (tl_reader__open_mem only). Each input is
 * used three ways:
 *   1. as a file, read chunk by chunk, every chunk handed to its parser,
 *      plus the footer/index and seeks to indexed chunks;
 *   2. the same after recomputing the CRCs of every chunk header, payload
 *      and footer found in it, so mutations reach the codecs and parsers
 *      through the real read path instead of dying at a CRC check;
 *   3. bytes 1.. as the payload of a chunk whose type is chosen by byte 0,
 *      given straight to that type's parser;
 *   4. as the contents of a 4 KiB ring block in a RING payload, given to
 *      the RING_DELTA transform (FORMAT.md §6.8) both ways: decoding
 *      must undo encoding exactly and the other way round, whatever the
 *      bytes (the reader decodes untrusted payloads).
 * Files with RING_DELTA chunks in the corpus take mode 1 and 2 through
 * the reader's decoding.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chunk.h"
#include "crc32c.h"
#include "internal.h"
#include "ringdelta.h"
#include "tl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Formats every message (to exercise the format strings) and drops it. */
__attribute__((format(printf, 2, 0)))
static int quiet_print(enum tl_print_level level, const char *fmt, va_list ap)
{
	char buf[512];

	return vsnprintf(buf, sizeof(buf), fmt, ap);
}

static void parse_chunk(struct tl_reader *r, const struct tl_chunk *c)
{
	const struct tl_machine *m;
	const struct tl_systable *t;
	const struct tl_trace_info *tr;
	const struct tl_proc *procs;
	const struct tl_index_entry *ix;
	struct tl_ring_chunk ring;
	volatile uint64_t sink = 0;
	uint32_t trace_id;
	size_t n, i;

	switch (c->type) {
	case TL_CHUNK_MACHINE:
		if (!tl_reader__parse_machine(r, c, &m))
			sink += strlen(m->arch) + strlen(m->hostname) +
				strlen(m->recorder) + strlen(m->cmdline);
		break;
	case TL_CHUNK_SYSTABLE:
		if (!tl_reader__parse_systable(r, c, &t))
			for (i = 0; i < t->count; i++)
				sink += strlen(t->calls[i].name) +
					t->calls[i].nargs;
		break;
	case TL_CHUNK_TRACE:
		if (!tl_reader__parse_trace(r, c, &tr)) {
			for (i = 0; i < tr->nlabels; i++)
				sink += strlen(tr->labels[i].key) +
					strlen(tr->labels[i].value);
			for (i = 0; i < tr->nrings; i++)
				sink += tr->rings[i].cpu;
		}
		break;
	case TL_CHUNK_PROCS:
		if (!tl_reader__parse_procs(r, c, &trace_id, &procs, &n))
			for (i = 0; i < n; i++) {
				sink += strlen(procs[i].comm) + procs[i].argv_len;
				if (procs[i].argv_len)
					sink += (uint8_t)procs[i].argv[procs[i].argv_len - 1];
			}
		break;
	case TL_CHUNK_RING:
		if (!tl_reader__parse_ring(r, c, &ring)) {
			const uint8_t *b = ring.blocks;

			/* touch the last byte of the last block */
			sink += b[(size_t)ring.nblocks * ring.block_size - 1];
		}
		break;
	case TL_CHUNK_INDEX:
		if (!tl_reader__parse_index(r, c, &ix, &n))
			for (i = 0; i < n; i++)
				sink += ix[i].offset;
		break;
	}
	(void)sink;
}

static void read_file(const uint8_t *data, size_t size)
{
	const struct tl_index_entry *e;
	const struct tl_chunk *c;
	struct tl_reader_stats st;
	struct tl_reader *r;
	size_t n, i;
	int rc, guard = 0;

	r = tl_reader__open_mem(data, size, "fuzz");
	if (!r)
		return;
	while ((rc = tl_reader__next_chunk(r, &c)) == 1 && guard++ < 100000)
		parse_chunk(r, c);
	if (tl_reader__index(r, &e, &n) == 0) {
		for (i = 0; i < n && i < 8; i++) {
			if (tl_reader__seek(r, e[i].offset))
				continue;
			if (tl_reader__next_chunk(r, &c) == 1)
				parse_chunk(r, c);
		}
	}
	tl_reader__stats(r, &st);
	tl_reader__close(r);
}

/* Mode 2: make every header/payload/footer CRC right. */
static void fixup_and_read(const uint8_t *data, size_t size)
{
	uint8_t *buf;
	size_t off;
	uint64_t stored;

	if (size < TL_FILE_HDR_SIZE + TL_CHUNK_HDR_SIZE)
		return;
	buf = malloc(size);
	if (!buf)
		return;
	memcpy(buf, data, size);
	for (off = 0; off + TL_CHUNK_HDR_SIZE <= size; off++) {
		if (memcmp(buf + off, TL_CHUNK_SYNC, TL_CHUNK_SYNC_LEN))
			continue;
		/* same file id as the header, so the chunk is ours */
		memcpy(buf + off + 32, buf + 24, 8);
		stored = tl_get64(buf + off + 16);
		if (stored <= size - off - TL_CHUNK_HDR_SIZE)
			tl_put32(buf + off + 40,
				 tl_crc32c(0, buf + off + TL_CHUNK_HDR_SIZE,
					   (size_t)stored));
		tl_put32(buf + off + 44, tl_crc32c(0, buf + off, 44));
	}
	if (memcmp(buf + size - 8, TL_FOOTER_MAGIC, 8) == 0)
		tl_put32(buf + size - 12, tl_crc32c(0, buf + size - 32, 20));
	read_file(buf, size);
	free(buf);
}

/* Mode 3: straight to a parser, through a reader with a minimal header. */
static void parse_payload(const uint8_t *data, size_t size)
{
	static uint8_t hdr[TL_FILE_HDR_SIZE];
	struct tl_file_hdr h = {
		.major = TL_FORMAT_MAJOR, .minor = TL_FORMAT_MINOR,
		.header_size = TL_FILE_HDR_SIZE, .max_chunk = TL_MAX_CHUNK,
		.file_id = 1,
	};
	struct tl_chunk c = { 0 };
	struct tl_reader *r;

	if (size < 1)
		return;
	tl_file_hdr_encode(hdr, &h);
	r = tl_reader__open_mem(hdr, sizeof(hdr), "fuzz-payload");
	if (!r)
		return;
	c.type = data[0] % TL_CHUNK_INDEX + 1;
	c.data = data + 1;
	c.len = size - 1;
	parse_chunk(r, &c);
	tl_reader__close(r);
}

/* Mode 4. An even first byte makes the block header plausible (magic,
 * `used` = the input) so that the records are walked. */
static void ring_delta_both_ways(const uint8_t *data, size_t size)
{
	enum { BLK = 4096, LEN = TL_RING_HDR_SIZE + BLK };
	static uint8_t p[LEN], q[LEN];
	size_t n = size < BLK ? size : BLK;

	memset(p, 0, sizeof(p));
	tl_put32(p + 8, TL_RING_KIND_BLOCKS);
	tl_put32(p + 12, BLK);
	tl_put32(p + 16, 1);
	tl_put32(p + 20, TL_RING_HDR_SIZE);
	memcpy(p + TL_RING_HDR_SIZE, data, n);
	if (n && data[0] % 2 == 0) {
		tl_put32(p + TL_RING_HDR_SIZE, TL_BLOCK_MAGIC);
		tl_put32(p + TL_RING_HDR_SIZE + 4, n > 64 ? (uint32_t)n - 64 : 0);
	}
	memcpy(q, p, LEN);
	tl_ring_delta(q, LEN, TL_RING_DELTA_ENCODE);
	tl_ring_delta(q, LEN, TL_RING_DELTA_DECODE);
	if (memcmp(p, q, LEN))
		abort();	/* decode(encode(x)) != x */
	tl_ring_delta(q, LEN, TL_RING_DELTA_DECODE);
	tl_ring_delta(q, LEN, TL_RING_DELTA_ENCODE);
	if (memcmp(p, q, LEN))
		abort();	/* encode(decode(x)) != x */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	tl_set_print(quiet_print);
	read_file(data, size);
	fixup_and_read(data, size);
	parse_payload(data, size);
	ring_delta_both_ways(data, size);
	return 0;
}
