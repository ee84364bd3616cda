// SPDX-License-Identifier: MIT
/*
 * fuzz_convert.c - libFuzzer target for tl-convert's machine-readable
 * outputs: whatever the decoder makes of an untrusted .tlz goes through the
 * JSON lines and pcapng emitters and the SQLite builder (in memory), so odd
 * captures (any kind, length, argument index, bytes) reach the code that
 * formats them. An input that starts with the .tlz magic is decoded as a
 * file; any other input becomes the records of one ring block (wrapped in
 * a valid block header and written with tl_writer__write_dump), which
 * skips the CRCs and puts arbitrary records in front of the decoder.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "tl.h"
#include "../../convert/emit.h"
#include "../../convert/sqldb.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* tl-convert's emitters report through conv_warn() (convert/common.c),
 * which prints: keep the fuzzer quiet. */
__attribute__((format(printf, 2, 0)))
static int quiet_print(enum tl_print_level level, const char *fmt, va_list ap)
{
	char buf[512];

	return vsnprintf(buf, sizeof(buf), fmt, ap);
}

struct membuf {
	uint8_t *p;
	size_t len, cap;
};

static int mem_write(void *ctx, const void *buf, size_t len)
{
	struct membuf *m = ctx;

	if (tl_grow((void **)&m->p, &m->cap, m->len + len, 1))
		return -12;
	memcpy(m->p + m->len, buf, len);
	m->len += len;
	return 0;
}

/* A .tlz (in m) holding `data` as the records of one block of cpu 0. */
static int wrap_records(const uint8_t *data, size_t size, struct membuf *m)
{
	static uint8_t block[TL_BLOCK_SIZE];
	struct tl_block_hdr *h = (struct tl_block_hdr *)block;
	size_t used = size > TL_BLOCK_DATA ? TL_BLOCK_DATA : size;
	struct tl_machine mach = {
		.arch = "x86_64", .kernel_release = "fuzz",
		.kernel_version = "fuzz", .hostname = "fuzz",
		.page_size = 4096, .ncpus = 1, .long_size = 8,
		.record_layout = TL_RECORD_LAYOUT_VERSION,
		.recorder = "fuzz", .cmdline = "fuzz", .compress = "none",
	};
	struct tl_ring_info ri = {
		.cpu = 0, .kind = TL_RING_KIND_BLOCKS,
		.block_size = TL_BLOCK_SIZE, .nblocks = 1, .head_block = 1,
	};
	struct tl_ring_data rd = { .cpu = 0, .blocks = block,
				   .len = TL_BLOCK_SIZE };
	struct tl_dump_trace tr = {
		.info = { .id = 1, .kind = TL_TRACE_COMMAND, .name = "fuzz",
			  .cgroup_path = "/fuzz", .nrings = 1, .rings = &ri,
			  .start_ns = 1, .end_ns = 1ll << 62 },
		.rings = &rd, .nrings = 1,
	};
	struct tl_writer_opts wo = { .sz = sizeof(wo), .codec = TL_CODEC_NONE };
	struct tl_sink sink = { .write = mem_write, .ctx = m };
	struct tl_writer *w;
	int err;

	used &= ~(size_t)7;
	memset(block, 0, sizeof(block));
	memcpy(block + sizeof(*h), data, used);
	h->magic = TL_BLOCK_MAGIC;
	h->used = (uint32_t)used;
	h->block_seq = 1;
	h->first_seq = used >= 8 ? tl_get32(data + 4) : 1;
	h->ts_first = used >= 16 ? tl_get64(data + 8) : 0;
	h->ts_last = UINT64_MAX >> 2;
	ri.records = h->first_seq + 1000;
	mach.clock_dump.realtime_ns = 1700000000000000000ll;
	w = tl_writer__open_sink(&sink, &wo);
	if (!w)
		return -1;
	err = tl_writer__write_dump(w, &mach, &tr, 1);
	if (err) {
		tl_writer__abort(w);
		return err;
	}
	return tl_writer__close(w);
}

static void run_emitter(const struct conv_emitter *em, const uint8_t *tlz,
			size_t len)
{
	struct tl_decoder_opts dopts = { .sz = sizeof(dopts) };
	struct conv_opts o = { 0 };
	struct conv_ctx c = { 0 };
	const struct tl_event *ev;
	struct tl_decoder *dec;
	struct tl_reader *r;
	char *buf = NULL;
	size_t blen = 0;
	bool t0 = false;
	int err;

	dopts.no_enter_events = !em->wants_enter;
	dec = tl_decoder__new(&dopts);
	r = tl_reader__open_mem(tlz, len, "fuzz.tlz");
	if (!dec || !r || tl_decoder__add(dec, r)) {
		if (!dec)
			tl_reader__close(r);
		tl_decoder__free(dec);
		return;
	}
	o.out = open_memstream(&buf, &blen);
	if (!o.out) {
		tl_decoder__free(dec);
		return;
	}
	c.opts = &o;
	c.dec = dec;
	err = em->begin(&c);
	if (!err) {
		while ((err = tl_decoder__next(dec, &ev)) == 1) {
			if (!t0) {
				c.t0_ts = ev->ts;
				c.t0_wall = ev->wall_ns;
				t0 = true;
			}
			err = em->event(&c, ev);
			if (err)
				break;
		}
		em->end(&c, err < 0);
	}
	fclose(o.out);
	free(buf);
	tl_decoder__free(dec);
}

static void run_sqldb(const uint8_t *tlz, size_t len)
{
	struct tl_decoder_opts dopts = { .sz = sizeof(dopts),
					 .no_enter_events = true };
	const struct tl_event *ev;
	struct tl_decoder *dec;
	struct tl_reader *r;
	struct tl_sqldb *db;
	unsigned int i;

	dec = tl_decoder__new(&dopts);
	r = tl_reader__open_mem(tlz, len, "fuzz.tlz");
	if (!dec || !r || tl_decoder__add(dec, r)) {
		if (!dec)
			tl_reader__close(r);
		tl_decoder__free(dec);
		return;
	}
	db = tl_sqldb__open(":memory:", NULL);
	if (db) {
		for (i = 0; i < tl_decoder__nfiles(dec); i++) {
			const struct tl_file_info *f = tl_decoder__file(dec, i);

			if (f)
				tl_sqldb__add_file(db, f);
		}
		while (tl_decoder__next(dec, &ev) == 1)
			if (tl_sqldb__add_event(db, ev, dec))
				break;
		tl_sqldb__finish(db);
		tl_sqldb__close(db);
	}
	tl_decoder__free(dec);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t magic[8] = { 0x89, 'T', 'L', 'Z', '\r', '\n',
					  0x1a, '\n' };
	struct membuf m = { 0 };
	const uint8_t *tlz = data;
	size_t len = size;

	tl_set_print(quiet_print);
	if (size < 8 || memcmp(data, magic, 8)) {
		if (wrap_records(data, size, &m)) {
			free(m.p);
			return 0;
		}
		tlz = m.p;
		len = m.len;
	}
	run_emitter(&conv_json, tlz, len);
	run_emitter(&conv_pcapng, tlz, len);
	/* an SQLite database per input is slow: every third record input,
	 * and every whole file */
	if (tlz == data || size % 3 == 0)
		run_sqldb(tlz, len);
	free(m.p);
	return 0;
}
