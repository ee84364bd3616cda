// SPDX-License-Identifier: MIT
/*
 * fuzz_text.c - libFuzzer target for tl-convert's text formats (strace
 * and traceloop emitters, with the argument decoders of convert/sfmt.c).
 * An input that starts with the .tlz magic is decoded as a file and
 * converted with options taken from its last byte. Any other input is
 * read as constructed events, so that every syscall printer meets
 * arbitrary arguments and captures without a decoder in between:
 *   byte 0: options (-X style, -x, -s, -t/-r, -T)
 *   then events: u8 type, u8 abi, u16 nr, u32 flags, u32 tid,
 *     u64 args[6], i64 ret, u8 ncapt, ncapt x { u8 arg, u8 kind,
 *     u8 flags, u16 len, len bytes }   (little-endian)
 * The syscall entry comes from the built-in table of the event's ABI
 * (unknown numbers print as syscall_0xNNN).
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "tl.h"
#include "../../convert/emit.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

__attribute__((format(printf, 2, 0)))
static int quiet_print(enum tl_print_level level, const char *fmt, va_list ap)
{
	char buf[512];

	return vsnprintf(buf, sizeof(buf), fmt, ap);
}

static void opts_from(uint8_t b, struct conv_opts *o)
{
	static const unsigned snap[4] = { 32, 0, 5, 4096 };

	memset(o, 0, sizeof(*o));
	o->xstyle = b % 3;
	o->xflag = (b >> 2) % 3;
	o->snaplen = snap[(b >> 4) & 3];
	o->time_fmt = (b >> 6) & 1 ? CONV_TIME_REL : ((b >> 5) & 1 ? CONV_TIME_TT : 0);
	o->show_dur = (b >> 7) & 1;
}

#define MAXEV 64

struct fev {
	struct tl_event ev;
	struct tl_capture capt[8];
	char name[24];
};

/* Parses constructed events; returns how many. */
static unsigned parse_events(const uint8_t *p, size_t n, struct fev *out)
{
	unsigned count = 0, k;
	size_t off = 0;

	while (count < MAXEV && off + 69 <= n) {
		struct fev *f = &out[count];
		const struct tl_systable *t;
		struct tl_event *ev = &f->ev;
		uint8_t nc;

		memset(f, 0, sizeof(*f));
		ev->type = p[off] % 7;
		ev->abi = (uint8_t)(p[off + 1] % TL_ABI_MAX);
		ev->nr = tl_get16(p + off + 2);
		ev->flags = tl_get32(p + off + 4) & 0x3f;
		ev->tid = ev->pid = tl_get32(p + off + 8) % 8;
		for (k = 0; k < 6; k++)
			ev->args[k] = tl_get64(p + off + 12 + 8 * k);
		ev->ret = (int64_t)tl_get64(p + off + 60);
		nc = p[off + 68] % 8;
		off += 69;
		ev->ts = ev->wall_ns = (int64_t)count * 1000;
		ev->enter_ts = ev->ts - 500;
		ev->exit_ts = ev->ts;
		ev->comm = "fuzz";
		ev->exit_code = (int32_t)ev->args[0];
		ev->lost = ev->args[1];
		ev->lost_kind = (uint32_t)(ev->args[2] & 3);
		t = tl_systable_builtin(ev->abi);
		ev->sc = t ? tl_systable__lookup(t, ev->nr) : NULL;
		if (ev->sc) {
			ev->name = ev->sc->name;
		} else {
			snprintf(f->name, sizeof(f->name), "syscall_%#x", ev->nr);
			ev->name = f->name;
		}
		for (k = 0; k < nc && off + 5 <= n; k++) {
			struct tl_capture *c = &f->capt[k];
			uint16_t len = tl_get16(p + off + 3);

			c->arg = p[off] % 6;
			c->kind = p[off + 1];
			c->flags = p[off + 2];
			off += 5;
			if (len > n - off)
				len = (uint16_t)(n - off);
			c->len = len;
			c->full_len = len + (p[off - 1] & 0x80 ? 100 : 0);
			c->data = p + off;
			off += len;
			ev->ncapt++;
		}
		ev->capt = f->capt;
		count++;
	}
	return count;
}

static void run_events(const struct conv_emitter *em, const struct conv_opts *o0,
		       const struct fev *evs, unsigned n)
{
	struct conv_opts o = *o0;
	struct conv_ctx c = { 0 };
	char *buf = NULL;
	size_t len = 0;
	unsigned i;

	o.out = open_memstream(&buf, &len);
	if (!o.out)
		return;
	c.opts = &o;
	if (!em->begin(&c)) {
		for (i = 0; i < n; i++)
			if (em->event(&c, &evs[i].ev))
				break;
		em->end(&c, i < n);
	}
	fclose(o.out);
	free(buf);
}

static void run_file(const struct conv_emitter *em, const struct conv_opts *o0,
		     const uint8_t *data, size_t size)
{
	struct tl_decoder_opts dopts = { .sz = sizeof(dopts) };
	struct conv_opts o = *o0;
	struct conv_ctx c = { 0 };
	const struct tl_event *ev;
	struct tl_decoder *dec = tl_decoder__new(&dopts);
	struct tl_reader *r = tl_reader__open_mem(data, size, "fuzz.tlz");
	char *buf = NULL;
	size_t len = 0;
	bool t0 = false;
	int err;

	if (!dec || !r || tl_decoder__add(dec, r)) {
		if (!dec)
			tl_reader__close(r);
		tl_decoder__free(dec);
		return;
	}
	o.out = open_memstream(&buf, &len);
	if (o.out) {
		c.opts = &o;
		c.dec = dec;
		if (!em->begin(&c)) {
			while ((err = tl_decoder__next(dec, &ev)) == 1) {
				if (!t0) {
					c.t0_ts = ev->ts;
					c.t0_wall = ev->wall_ns;
					t0 = true;
				}
				if (em->event(&c, ev))
					break;
			}
			em->end(&c, false);
		}
		fclose(o.out);
		free(buf);
	}
	tl_decoder__free(dec);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t magic[8] = { 0x89, 'T', 'L', 'Z', '\r', '\n',
					  0x1a, '\n' };
	static struct fev evs[MAXEV];
	struct conv_opts o;
	unsigned n;

	tl_set_print(quiet_print);
	if (size >= 8 && memcmp(data, magic, 8) == 0) {
		opts_from(data[size - 1], &o);
		run_file(&conv_strace, &o, data, size);
		run_file(&conv_traceloop, &o, data, size);
		return 0;
	}
	if (size < 1)
		return 0;
	opts_from(data[0], &o);
	n = parse_events(data + 1, size - 1, evs);
	run_events(&conv_strace, &o, evs, n);
	run_events(&conv_traceloop, &o, evs, n);
	return 0;
}
