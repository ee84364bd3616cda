// SPDX-License-Identifier: MIT
/*
 * fuzz_convert.c - libFuzzer target for tl-convert's machine-readable
 * outputs: whatever the decoder makes of an untrusted .tlz goes through the
 * JSON lines and pcapng emitters and the SQLite builder (in memory), so odd
 * captures (any kind, length, argument index, bytes) reach the code that
 * formats them. Three kinds of input, by their first bytes:
 *   "RB" + bytes: the records of one ring block (wrapped in a valid block
 *        header and written with tl_writer__write_dump), which skips the
 *        CRCs and puts arbitrary records in front of the decoder;
 *   "EV" + bytes: a list of events built field by field (run_events())
 *        and given straight to the emitters: any combination of kinds,
 *        flags, arguments and captures the decoder could produce;
 *   anything else: a .tlz file (the samples, damaged files).
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

/* ------------------------------------------------------ event mode */

struct rd {
	const uint8_t *p;
	size_t n;
};

static uint64_t take(struct rd *r, unsigned int bytes)
{
	uint64_t v = 0;
	unsigned int i;

	for (i = 0; i < bytes && r->n; i++, r->p++, r->n--)
		v |= (uint64_t)*r->p << (8 * i);
	return v;
}

#define MAX_EV		64
#define MAX_CAPT	8

static void run_events(const uint8_t *data, size_t size)
{
	static const struct tl_trace_info tr = { .id = 1, .name = "fuzz",
						 .cgroup_path = "/fuzz" };
	static struct tl_event evs[MAX_EV];
	static struct tl_capture capt[MAX_EV][MAX_CAPT];
	static char names[MAX_EV][24];
	const struct conv_emitter *ems[2] = { &conv_json, &conv_pcapng };
	struct rd r = { data, size };
	struct tl_sqldb *db;
	unsigned int n = 0, i, k, e;

	while (r.n && n < MAX_EV) {
		struct tl_event *ev = &evs[n];
		const struct tl_systable *t;
		unsigned int nc;

		memset(ev, 0, sizeof(*ev));
		ev->type = (uint32_t)take(&r, 1) % 7;
		ev->flags = (uint32_t)take(&r, 1);
		ev->abi = (uint8_t)(take(&r, 1) % TL_ABI_MAX);
		ev->nr = (uint16_t)take(&r, 2);
		ev->ts = (int64_t)(n * 1000 + take(&r, 1));
		ev->wall_ns = 1700000000000000000ll + ev->ts;
		ev->enter_ts = take(&r, 1) ? ev->ts - 500 : 0;
		ev->exit_ts = ev->ts;
		ev->cpu = (uint32_t)take(&r, 1);
		ev->tid = (uint32_t)take(&r, 2);
		ev->pid = take(&r, 1) ? ev->tid : (uint32_t)take(&r, 2);
		ev->ppid = (uint32_t)take(&r, 1);
		ev->comm = "fz";
		ev->trace = &tr;
		t = tl_systable_builtin(ev->abi);
		ev->sc = t ? tl_systable__lookup(t, ev->nr) : NULL;
		snprintf(names[n], sizeof(names[n]), "syscall_0x%x", ev->nr);
		ev->name = ev->sc ? ev->sc->name : names[n];
		for (k = 0; k < 6; k++)
			ev->args[k] = take(&r, 1) & 1 ? take(&r, 8) : take(&r, 1);
		ev->ret = (int64_t)take(&r, 8);
		nc = (unsigned int)take(&r, 1) % (MAX_CAPT + 1);
		for (k = 0; k < nc; k++) {
			struct tl_capture *c = &capt[n][k];
			size_t len;

			c->arg = (uint8_t)(take(&r, 1) % 8);
			c->kind = (uint8_t)take(&r, 1);
			c->flags = (uint8_t)take(&r, 1);
			c->full_len = (uint32_t)take(&r, 2);
			len = take(&r, 1);
			if (len > r.n)
				len = r.n;
			c->len = (uint32_t)len;
			c->data = r.p;
			r.p += len;
			r.n -= len;
		}
		ev->ncapt = nc;
		ev->capt = capt[n];
		ev->child_tid = (uint32_t)take(&r, 2);
		ev->child_pid = (uint32_t)take(&r, 2);
		ev->old_tid = ev->tid;
		ev->filename = "/fz";
		ev->exit_code = (int32_t)take(&r, 2);
		ev->lost_kind = (uint32_t)take(&r, 1) % 3;
		ev->lost = take(&r, 8);
		n++;
	}
	for (e = 0; e < 2; e++) {
		struct conv_opts o = { 0 };
		struct conv_ctx c = { 0 };
		char *buf = NULL;
		size_t blen = 0;
		int err;

		o.out = open_memstream(&buf, &blen);
		if (!o.out)
			return;
		c.opts = &o;
		err = ems[e]->begin(&c);
		if (!err) {
			for (i = 0; i < n && !err; i++)
				err = ems[e]->event(&c, &evs[i]);
			ems[e]->end(&c, err != 0);
		}
		fclose(o.out);
		free(buf);
	}
	db = tl_sqldb__open(":memory:", NULL);
	if (db) {
		for (i = 0; i < n; i++)
			if (tl_sqldb__add_event(db, &evs[i], NULL))
				break;
		tl_sqldb__finish(db);
		tl_sqldb__close(db);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct membuf m = { 0 };
	const uint8_t *tlz = data;
	size_t len = size;

	tl_set_print(quiet_print);
	if (size >= 2 && data[0] == 'E' && data[1] == 'V') {
		run_events(data + 2, size - 2);
		return 0;
	}
	if (size >= 2 && data[0] == 'R' && data[1] == 'B') {
		if (wrap_records(data + 2, size - 2, &m)) {
			free(m.p);
			return 0;
		}
		tlz = m.p;
		len = m.len;
	}
	run_emitter(&conv_json, tlz, len);
	run_emitter(&conv_pcapng, tlz, len);
	/* an SQLite database per input is slow: every third ring-records
	 * input, and every whole file */
	if (tlz == data || size % 3 == 0)
		run_sqldb(tlz, len);
	free(m.p);
	return 0;
}
