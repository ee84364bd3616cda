/* SPDX-License-Identifier: MIT */
/*
 * dec_fixture.h - helpers for the ring, decoder and dump tests: small
 * syscall tables (numbers checked against asm/unistd_64.h,
 * asm/unistd_32.h and asm-generic/unistd.h), a trace made of ringbuild
 * rings, and event collection with copies of the strings events point
 * to. All static inline so that test files not using a helper still
 * build with -Werror.
 */
#ifndef TL_DEC_FIXTURE_H
#define TL_DEC_FIXTURE_H

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decoder.h"
#include "ringbuild.h"
#include "tl.h"

/* x86_64: read 0, write 1, open 2, close 3, rt_sigreturn 15, execve 59,
 * futex 202, exit_group 231, openat 257 */
static inline const struct tl_systable *fx_tab_x86_64(void)
{
	static const struct tl_syscall calls[] = {
		{ .name = "read", .nr = 0, .nargs = 3 },
		{ .name = "write", .nr = 1, .nargs = 3 },
		{ .name = "open", .nr = 2, .nargs = 3 },
		{ .name = "close", .nr = 3, .nargs = 1 },
		{ .name = "rt_sigreturn", .nr = 15, .nargs = 0 },
		{ .name = "execve", .nr = 59, .nargs = 3 },
		{ .name = "futex", .nr = 202, .nargs = 6 },
		{ .name = "exit_group", .nr = 231, .nargs = 1 },
		{ .name = "openat", .nr = 257, .nargs = 4 },
	};
	static const struct tl_systable t = {
		.abi = TL_ABI_X86_64, .arch = "x86_64",
		.count = sizeof(calls) / sizeof(calls[0]), .calls = calls,
	};
	return &t;
}

/* i386: exit 1, read 3, write 4, open 5, close 6, execve 11 */
static inline const struct tl_systable *fx_tab_i386(void)
{
	static const struct tl_syscall calls[] = {
		{ .name = "exit", .nr = 1, .nargs = 1 },
		{ .name = "read", .nr = 3, .nargs = 3 },
		{ .name = "write", .nr = 4, .nargs = 3 },
		{ .name = "open", .nr = 5, .nargs = 3 },
		{ .name = "close", .nr = 6, .nargs = 1 },
		{ .name = "execve", .nr = 11, .nargs = 3 },
	};
	static const struct tl_systable t = {
		.abi = TL_ABI_I386, .arch = "i386",
		.count = sizeof(calls) / sizeof(calls[0]), .calls = calls,
	};
	return &t;
}

/* aarch64: openat 56, close 57, read 63, write 64, exit_group 94,
 * execve 221 */
static inline const struct tl_systable *fx_tab_aarch64(void)
{
	static const struct tl_syscall calls[] = {
		{ .name = "openat", .nr = 56, .nargs = 4 },
		{ .name = "close", .nr = 57, .nargs = 1 },
		{ .name = "read", .nr = 63, .nargs = 3 },
		{ .name = "write", .nr = 64, .nargs = 3 },
		{ .name = "exit_group", .nr = 94, .nargs = 1 },
		{ .name = "execve", .nr = 221, .nargs = 3 },
	};
	static const struct tl_systable t = {
		.abi = TL_ABI_AARCH64, .arch = "aarch64",
		.count = sizeof(calls) / sizeof(calls[0]), .calls = calls,
	};
	return &t;
}

#define FX_MAX_RINGS 16

/* One trace of `n` rings (cpu i = rings[i]). */
struct fx {
	struct tl_ringbuild *rb[FX_MAX_RINGS];
	unsigned n;
	struct tl_ring_data rd[FX_MAX_RINGS];
	struct tl_ring_info ri[FX_MAX_RINGS];
	struct tl_dump_trace tr;
	struct tl_machine m;
	const struct tl_systable *tabs[TL_ABI_MAX];
};

static inline void fx_init(struct fx *x, unsigned ncpu, uint32_t nblocks)
{
	unsigned i;

	memset(x, 0, sizeof(*x));
	x->n = ncpu;
	for (i = 0; i < ncpu; i++)
		x->rb[i] = tl_ringbuild__new(i, nblocks);
	x->m.arch = "x86_64";
	x->m.kernel_release = "6.1.0-test";
	x->m.hostname = "fixture";
	x->m.page_size = 4096;
	x->m.ncpus = ncpu;
	x->m.long_size = 8;
	x->m.record_layout = TL_RECORD_LAYOUT_VERSION;
	x->m.clock_dump.realtime_ns = 1700000000000000000ll;
	x->m.clock_dump.boottime_ns = 1000000000ll;
	x->m.clock_dump.monotonic_ns = 900000000ll;
	x->m.recorder = "fixture";
	x->tabs[TL_ABI_X86_64] = fx_tab_x86_64();
	x->tabs[TL_ABI_I386] = fx_tab_i386();
	x->tr.info.id = 1;
	x->tr.info.kind = TL_TRACE_COMMAND;
	x->tr.info.name = "fixture";
	x->tr.info.cgroup_path = "/tlz/fixture";
}

/* Fill the ring data and infos from the ringbuilds (call before
 * decoding, after the last record). */
static inline void fx_finish(struct fx *x)
{
	unsigned i;

	for (i = 0; i < x->n; i++) {
		const void *p;

		tl_ringbuild__blocks(x->rb[i], &p, &x->rd[i].len);
		x->rd[i].blocks = p;
		x->rd[i].cpu = i;
		tl_ringbuild__info(x->rb[i], &x->ri[i]);
	}
	x->tr.rings = x->rd;
	x->tr.nrings = x->n;
	x->tr.info.rings = x->ri;
	x->tr.info.nrings = x->n;
}

static inline void fx_release(struct fx *x)
{
	unsigned i;

	for (i = 0; i < x->n; i++)
		tl_ringbuild__free(x->rb[i]);
}

static inline struct tl_decoder *fx_decoder(struct fx *x, bool no_enter)
{
	struct tl_decoder_opts o = { .sz = sizeof(o),
				     .no_enter_events = no_enter };
	struct tl_decoder *d = tl_decoder__new(&o);

	fx_finish(x);
	if (d && tl_decoder__add_dump(d, "fixture.tlz", &x->m, x->tabs,
				      &x->tr, 1)) {
		tl_decoder__free(d);
		return NULL;
	}
	return d;
}

/* ------------------------------------------------ files in memory */

struct fx_mem {
	uint8_t *p;
	size_t len, cap;
};

static inline int fx_mem_write(void *ctx, const void *buf, size_t len)
{
	struct fx_mem *m = ctx;

	if (m->len + len > m->cap) {
		size_t ncap = m->cap ? m->cap : 65536;
		uint8_t *np;

		while (ncap < m->len + len)
			ncap *= 2;
		np = realloc(m->p, ncap);
		if (!np)
			return -ENOMEM;
		m->p = np;
		m->cap = ncap;
	}
	memcpy(m->p + m->len, buf, len);
	m->len += len;
	return 0;
}

/* Write traces[] as a .tlz into *out with the given codec. 0 or -errno. */
static inline int fx_write_traces(const struct tl_machine *m,
				  const struct tl_dump_trace *tr, size_t n,
				  enum tl_codec codec, struct fx_mem *out)
{
	struct tl_sink sink = { fx_mem_write, out };
	struct tl_writer_opts o = { .sz = sizeof(o), .codec = codec };
	struct tl_writer *w = tl_writer__open_sink(&sink, &o);
	int err;

	if (!w)
		return -errno;
	err = tl_writer__write_dump(w, m, tr, n);
	if (err) {
		tl_writer__abort(w);
		return err;
	}
	return tl_writer__close(w);
}

static inline int fx_write(struct fx *x, enum tl_codec codec,
			   struct fx_mem *out)
{
	fx_finish(x);
	return fx_write_traces(&x->m, &x->tr, 1, codec, out);
}

/* A decoder over one in-memory file (NULL on failure). */
static inline struct tl_decoder *fx_file_decoder(const void *p, size_t len,
						 const char *name,
						 bool no_enter)
{
	struct tl_decoder_opts o = { .sz = sizeof(o),
				     .no_enter_events = no_enter };
	struct tl_decoder *d = tl_decoder__new(&o);
	struct tl_reader *r = tl_reader__open_mem(p, len, name);

	if (!d || !r || tl_decoder__add(d, r)) {
		tl_decoder__free(d);
		return NULL;
	}
	return d;
}

/* A copied event. */
struct fx_ev {
	struct tl_event ev;
	char comm[17];
	char name[40];
	char trace[40];
	char file[64];
	char fname[256];
	unsigned ncapt;
	struct tl_capture capt[12];
	char cdata[12][256];
};

struct fx_evs {
	struct fx_ev *v;
	size_t n;
	int rc;			/* last tl_decoder__next() result */
};

static inline void fx_copy(char *dst, size_t sz, const char *s)
{
	snprintf(dst, sz, "%s", s ? s : "(null)");
}

/* Read every event (at most `max`; 0 = no limit). */
static inline struct fx_evs fx_collect(struct tl_decoder *d, size_t max)
{
	struct fx_evs r = { 0 };
	const struct tl_event *ev;
	size_t cap = 0;

	while ((r.rc = tl_decoder__next(d, &ev)) == 1) {
		struct fx_ev *e;
		unsigned i;

		if (max && r.n >= max)
			continue;
		if (r.n == cap) {
			cap = cap ? 2 * cap : 64;
			r.v = realloc(r.v, cap * sizeof(*r.v));
		}
		e = &r.v[r.n++];
		memset(e, 0, sizeof(*e));
		e->ev = *ev;
		fx_copy(e->comm, sizeof(e->comm), ev->comm);
		fx_copy(e->name, sizeof(e->name), ev->name);
		fx_copy(e->trace, sizeof(e->trace), ev->trace ? ev->trace->name : NULL);
		fx_copy(e->file, sizeof(e->file), ev->file ? ev->file->name : NULL);
		fx_copy(e->fname, sizeof(e->fname), ev->filename);
		e->ncapt = ev->ncapt;
		for (i = 0; i < ev->ncapt && i < 12; i++) {
			size_t n = ev->capt[i].len < 255 ? ev->capt[i].len : 255;

			e->capt[i] = ev->capt[i];
			memcpy(e->cdata[i], ev->capt[i].data, n);
			e->cdata[i][n] = 0;
			e->capt[i].data = (const uint8_t *)e->cdata[i];
		}
		e->ev.comm = e->comm;
		e->ev.name = e->name;
		e->ev.capt = e->capt;
		e->ev.filename = ev->filename ? e->fname : NULL;
	}
	return r;
}

/* Same event content (strings compared, pointers not); 1 if equal. */
static inline int fx_same(const struct fx_ev *a, const struct fx_ev *b)
{
	const struct tl_event *x = &a->ev, *y = &b->ev;
	unsigned i;

	if (x->type != y->type || x->flags != y->flags || x->ts != y->ts ||
	    x->wall_ns != y->wall_ns || x->cpu != y->cpu ||
	    x->tid != y->tid || x->pid != y->pid || x->ppid != y->ppid ||
	    strcmp(a->comm, b->comm) || strcmp(a->trace, b->trace) ||
	    x->abi != y->abi || x->nr != y->nr || strcmp(a->name, b->name) ||
	    memcmp(x->args, y->args, sizeof(x->args)) || x->ret != y->ret ||
	    x->enter_ts != y->enter_ts || x->exit_ts != y->exit_ts ||
	    x->ncapt != y->ncapt || x->child_tid != y->child_tid ||
	    x->child_pid != y->child_pid || x->old_tid != y->old_tid ||
	    strcmp(a->fname, b->fname) || x->exit_code != y->exit_code ||
	    x->lost_kind != y->lost_kind || x->lost != y->lost)
		return 0;
	for (i = 0; i < x->ncapt && i < 12; i++) {
		if (a->capt[i].arg != b->capt[i].arg ||
		    a->capt[i].kind != b->capt[i].kind ||
		    a->capt[i].flags != b->capt[i].flags ||
		    a->capt[i].len != b->capt[i].len ||
		    a->capt[i].full_len != b->capt[i].full_len ||
		    memcmp(a->cdata[i], b->cdata[i],
			   a->capt[i].len < 255 ? a->capt[i].len : 255))
			return 0;
	}
	return 1;
}

static inline size_t fx_count(const struct fx_evs *r, uint32_t type)
{
	size_t i, n = 0;

	for (i = 0; i < r->n; i++)
		n += r->v[i].ev.type == type;
	return n;
}

/* First event of `type` (and tid, if non-zero) at index >= from, or -1. */
static inline long fx_find(const struct fx_evs *r, size_t from,
			   uint32_t type, uint32_t tid)
{
	size_t i;

	for (i = from; i < r->n; i++)
		if (r->v[i].ev.type == type && (!tid || r->v[i].ev.tid == tid))
			return (long)i;
	return -1;
}

/* Captured library messages. */
static char fx_log[1 << 16] __attribute__((unused));
static size_t fx_log_len __attribute__((unused));

__attribute__((format(printf, 2, 0)))
static inline int fx_print(enum tl_print_level level, const char *fmt,
			   va_list ap)
{
	int n;

	if (level != TL_WARN)
		return 0;
	n = vsnprintf(fx_log + fx_log_len, sizeof(fx_log) - fx_log_len, fmt, ap);
	if (n > 0)
		fx_log_len += (size_t)n;
	if (fx_log_len >= sizeof(fx_log))
		fx_log_len = sizeof(fx_log) - 1;
	if (getenv("FX_VERBOSE"))
		fputs(fx_log + fx_log_len - (n > 0 ? (size_t)n : 0), stderr);
	return 0;
}

static inline void fx_log_reset(void)
{
	fx_log_len = 0;
	fx_log[0] = 0;
	tl_set_print(fx_print);
}

/* Syscall arguments helper. */
static inline const uint64_t *fx_args(uint64_t a, uint64_t b, uint64_t c)
{
	static uint64_t v[6];

	v[0] = a;
	v[1] = b;
	v[2] = c;
	v[3] = v[4] = v[5] = 0;
	return v;
}

#endif /* TL_DEC_FIXTURE_H */
