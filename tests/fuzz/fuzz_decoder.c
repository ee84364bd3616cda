// SPDX-License-Identifier: MIT
/*
 * fuzz_decoder.c - libFuzzer target for the decoder over arbitrary bytes,
 * every event consumed and every pointer it carries read. Each input is
 * used two ways:
 *   1. as a .tlz file (tl_reader__open_mem -> tl_decoder), once as is and
 *      once with every chunk CRC made right, so that mutations reach the
 *      ring parser instead of stopping at a checksum;
 *   2. as raw ring blocks given to tl_decoder__add_dump(): byte 0 holds
 *      options (bit 0 big-endian, bit 1 no enter events, bit 2 tiny
 *      memory limit, bits 4-5 CPUs - 1), then repeated {u8 cpu, u16 n,
 *      n bytes}, each one block (zero-padded to TL_BLOCK_SIZE).
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crc32c.h"
#include "decoder.h"
#include "internal.h"
#include "tl.h"

#define FUZZ_MAX_BLOCKS	32
#define FUZZ_FILE_HDR	32u
#define FUZZ_CHUNK_HDR	48u

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Formats every message (to exercise the format strings) and drops it. */
__attribute__((format(printf, 2, 0)))
static int quiet_print(enum tl_print_level level, const char *fmt,
		       va_list ap)
{
	char buf[512];

	return vsnprintf(buf, sizeof(buf), fmt, ap);
}

static volatile uint64_t sink;

static void touch_str(const char *s)
{
	if (s)
		sink += strlen(s);
}

/* Read everything an event points to. */
static void touch(struct tl_decoder *d, const struct tl_event *ev)
{
	uint32_t i;

	touch_str(ev->comm);
	touch_str(ev->name);
	touch_str(ev->filename);
	if (ev->sc)
		touch_str(ev->sc->name);
	if (ev->trace)
		touch_str(ev->trace->name);
	if (ev->file) {
		touch_str(ev->file->name);
		if (ev->file->machine)
			touch_str(ev->file->machine->arch);
	}
	for (i = 0; i < ev->ncapt; i++) {
		const struct tl_capture *c = &ev->capt[i];

		sink += c->arg + c->kind + c->full_len;
		if (c->len)
			sink += c->data[0] + c->data[c->len - 1];
	}
	if (ev->tid && ev->file) {
		const struct tl_proc *p = tl_decoder__proc(d, ev->file, ev->tid);

		if (p)
			touch_str(p->comm);
	}
	sink += (uint64_t)ev->ts + ev->args[0] + (uint64_t)ev->ret + ev->lost;
}

static void drain(struct tl_decoder *d)
{
	const struct tl_event *ev;
	struct tl_decoder_stats st;
	unsigned i;
	int rc;

	for (i = 0; i < tl_decoder__nfiles(d); i++) {
		const struct tl_file_info *f = tl_decoder__file(d, i);

		if (f)
			sink += f->ntraces;
	}
	while ((rc = tl_decoder__next(d, &ev)) == 1)
		touch(d, ev);
	/* after the end it stays at the end */
	if (tl_decoder__next(d, &ev) == 1)
		abort();
	/* every buffer is released at the end */
	tl_decoder__stats(d, &st);
	if (rc >= 0 && st.chunks_held)
		abort();
}

static void decode_file(const uint8_t *data, size_t size, bool no_enter)
{
	struct tl_decoder_opts o = { .sz = sizeof(o),
				     .no_enter_events = no_enter };
	struct tl_decoder *d = tl_decoder__new(&o);
	struct tl_reader *r = tl_reader__open_mem(data, size, "fuzz.tlz");

	if (!d || !r || tl_decoder__add(d, r)) {
		tl_decoder__free(d);
		return;
	}
	/* a second input: the same bytes, merged with the first */
	if (size & 1)
		tl_decoder__add(d, tl_reader__open_mem(data, size, "again.tlz"));
	drain(d);
	tl_decoder__free(d);
}

/* Make the CRCs of every chunk header and payload right. */
static void decode_fixed_file(const uint8_t *data, size_t size)
{
	uint8_t *buf;
	size_t off;

	if (size < FUZZ_FILE_HDR + FUZZ_CHUNK_HDR)
		return;
	buf = malloc(size);
	if (!buf)
		return;
	memcpy(buf, data, size);
	for (off = FUZZ_FILE_HDR; off + FUZZ_CHUNK_HDR <= size; off += 8) {
		uint64_t stored;

		if (memcmp(buf + off, "TLZCHNK", 8))
			continue;
		memcpy(buf + off + 32, buf + 24, 8);	/* the file's id */
		stored = tl_get64(buf + off + 16);
		if (stored <= size - off - FUZZ_CHUNK_HDR)
			tl_put32(buf + off + 40,
				 tl_crc32c(0, buf + off + FUZZ_CHUNK_HDR,
					   (size_t)stored));
		tl_put32(buf + off + 44, tl_crc32c(0, buf + off, 44));
	}
	decode_file(buf, size, size & 2);
	free(buf);
}

/* Mode 2: raw blocks. */
static void decode_blocks(const uint8_t *data, size_t size)
{
	const struct tl_systable *tabs[TL_ABI_MAX] = { 0 };
	struct tl_ring_data rd[4] = { { 0 } };
	struct tl_ring_info ri[4] = { { 0 } };
	uint8_t *mem[4] = { 0 };
	size_t nb[4] = { 0 };
	struct tl_machine m = { 0 };
	struct tl_dump_trace tr = { 0 };
	struct tl_decoder_opts o = { .sz = sizeof(o) };
	struct tl_decoder *d;
	unsigned ncpu, i, total = 0;
	size_t off = 1;

	if (size < 1)
		return;
	ncpu = ((data[0] >> 4) & 3) + 1;
	m.arch = data[0] & 1 ? "aarch64" : "x86_64";
	m.big_endian = data[0] & 1;
	m.record_layout = TL_RECORD_LAYOUT_VERSION;
	o.no_enter_events = data[0] & 2;
	o.mem_limit = data[0] & 4 ? TL_BLOCK_SIZE : 0;
	for (i = 1; i < TL_ABI_MAX; i++)
		tabs[i] = tl_systable_builtin((int)i);
	while (off + 3 <= size && total < FUZZ_MAX_BLOCKS) {
		unsigned cpu = data[off] % ncpu;
		size_t n = tl_get16(data + off + 1);
		uint8_t *nm;

		off += 3;
		if (n > size - off)
			n = size - off;
		nm = realloc(mem[cpu], (nb[cpu] + 1) * TL_BLOCK_SIZE);
		if (!nm)
			break;
		mem[cpu] = nm;
		memset(nm + nb[cpu] * TL_BLOCK_SIZE, 0, TL_BLOCK_SIZE);
		memcpy(nm + nb[cpu] * TL_BLOCK_SIZE, data + off, n);
		nb[cpu]++;
		total++;
		off += n;
	}
	for (i = 0; i < ncpu; i++) {
		rd[i].cpu = i;
		rd[i].blocks = mem[i];
		rd[i].len = nb[i] * TL_BLOCK_SIZE;
		ri[i].cpu = i;
		ri[i].kind = TL_RING_KIND_BLOCKS;
		ri[i].block_size = TL_BLOCK_SIZE;
		ri[i].nblocks = (uint32_t)nb[i];
		ri[i].records = size > 7 ? tl_get32(data + size - 4) : 0;
	}
	tr.info.id = 1;
	tr.info.name = "fuzz";
	tr.info.rings = ri;
	tr.info.nrings = ncpu;
	tr.rings = rd;
	tr.nrings = ncpu;
	d = tl_decoder__new(&o);
	if (d && !tl_decoder__add_dump(d, "fuzz-blocks", &m, tabs, &tr, 1))
		drain(d);
	tl_decoder__free(d);
	for (i = 0; i < 4; i++)
		free(mem[i]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	tl_set_print(quiet_print);
	decode_file(data, size, false);
	decode_fixed_file(data, size);
	decode_blocks(data, size);
	return 0;
}
