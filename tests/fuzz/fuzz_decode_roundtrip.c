// SPDX-License-Identifier: MIT
/*
 * fuzz_decode_roundtrip.c - libFuzzer target: bytes -> a program of ring writes
 * (ringbuild: syscalls, forks, execs, exits, drops, bursts that wrap the
 * ring, records of unknown type) -> tl_writer__write_dump() -> reader ->
 * decoder, then compared with what was written:
 *   - every record still in the ring comes back once, in (ts, cpu, seq)
 *     order, with its fields, captures and filename;
 *   - per CPU, records decoded + records reported lost == records written;
 *   - no damage reported, time never goes back.
 * Any difference aborts.
 *
 * Input: byte 0 = options (bits 0-1 CPUs - 1, bits 2-3 blocks 1/2/4/1,
 * bits 4-5 codec, bit 6 big-endian, bit 7 no enter events), then ops
 * {u8 op | cpu << 3, u8 dts, operands...} as parsed below.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "ringbuild.h"
#include "tl.h"

#define RT_MAX_RECS	40000
#define RT_MAX_CAPT	2
#define RT_CAPT_MAX_LEN	64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

__attribute__((format(printf, 2, 0)))
static int quiet_print(enum tl_print_level level, const char *fmt,
		       va_list ap)
{
	char buf[512];

	return vsnprintf(buf, sizeof(buf), fmt, ap);
}

#define CHECK(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "fuzz_decode_roundtrip: %s:%d: %s\n", __FILE__,	\
			__LINE__, #cond);				\
		abort();						\
	}								\
} while (0)

struct rt_rec {
	uint16_t type;
	uint32_t cpu;
	uint32_t seq;
	uint64_t ts;
	uint64_t block;
	uint32_t tid, pid;
	uint16_t nr;
	uint8_t abi;
	int64_t ret;
	uint64_t args[6];
	uint8_t ncapt;
	struct tl_rb_capt capt[RT_MAX_CAPT];
	uint8_t cdata[RT_MAX_CAPT][RT_CAPT_MAX_LEN];
	uint32_t child_tid, child_pid, old_tid;
	char fname[RT_CAPT_MAX_LEN + 1];
	int32_t code;
	uint32_t flags;
};

struct rt {
	const uint8_t *p;
	size_t len, off;
	struct rt_rec *recs;
	size_t nrecs, cap;
};

/* Room for one more record (the array grows; CHECK on ENOMEM). */
static struct rt_rec *rt_slot(struct rt *s)
{
	if (s->nrecs == s->cap) {
		size_t ncap = s->cap ? 2 * s->cap : 256;
		struct rt_rec *n = realloc(s->recs, ncap * sizeof(*n));

		CHECK(n);
		s->recs = n;
		s->cap = ncap;
	}
	return &s->recs[s->nrecs];
}

static uint8_t get8(struct rt *s)
{
	return s->off < s->len ? s->p[s->off++] : 0;
}

static const uint16_t rt_nrs[8] = { 0, 1, 3, 59, 202, 231, 257, 0x1b2 };

static uint32_t rt_tid(uint8_t idx)
{
	return 100 + (idx & 7);
}

static uint32_t rt_pid(uint8_t idx)
{
	return 100 + (idx & 4);
}

static void get_capts(struct rt *s, struct rt_rec *r, unsigned max)
{
	unsigned i;

	r->ncapt = get8(s) % (max + 1);
	for (i = 0; i < r->ncapt; i++) {
		struct tl_rb_capt *c = &r->capt[i];
		uint8_t k = get8(s), n = get8(s) % (RT_CAPT_MAX_LEN + 1);
		size_t j;

		c->arg = k % 6;
		c->kind = (k >> 3) % 3 ? TL_CAPT_STR : TL_CAPT_BUF;
		c->flags = k & 0x80 ? TL_CAPTF_TRUNC : 0;
		for (j = 0; j < n; j++)
			r->cdata[i][j] = get8(s);
		c->len = n;
		c->full_len = n + (k & 0x80 ? 100 : 0);
		c->data = r->cdata[i];
	}
}

/* Run the program; every written record is appended to s->recs. */
static void run_ops(struct rt *s, struct tl_ringbuild **rb, unsigned ncpu)
{
	uint64_t ts[4] = { 1000, 1000, 1000, 1000 };

	while (s->off < s->len && s->nrecs < RT_MAX_RECS) {
		uint8_t op = get8(s), t = get8(s);
		unsigned cpu = (unsigned)(op >> 3) % ncpu, i, n;
		struct rt_rec *r = rt_slot(s);
		int err = 0;

		ts[cpu] += t;
		memset(r, 0, sizeof(*r));
		r->cpu = cpu;
		r->ts = ts[cpu];
		r->seq = tl_ringbuild__next_seq(rb[cpu]);
		switch (op & 7) {
		case 0:		/* syscall enter */
		case 1: {	/* syscall exit */
			uint8_t who = get8(s), sel = get8(s);

			r->tid = rt_tid(who);
			r->pid = rt_pid(who);
			r->nr = rt_nrs[sel & 7];
			/* mostly an ABI without a table: writing and reading
			 * the big tables would dominate each run */
			r->abi = sel & 8 ? TL_ABI_I386 : sel & 0x30 ?
				 TL_ABI_X32 : TL_ABI_X86_64;
			if ((op & 7) == 0) {
				r->type = TL_REC_SYS_ENTER;
				for (i = 0; i < 6; i++)
					r->args[i] = (uint64_t)get8(s) << (i * 8);
				get_capts(s, r, RT_MAX_CAPT);
				err = tl_ringbuild__enter(rb[cpu], r->ts, r->tid,
							  r->pid, r->abi, r->nr,
							  r->args, r->capt, r->ncapt);
			} else {
				r->type = TL_REC_SYS_EXIT;
				r->ret = (int8_t)get8(s);
				get_capts(s, r, 1);
				err = tl_ringbuild__exit(rb[cpu], r->ts, r->tid,
							 r->pid, r->abi, r->nr,
							 r->ret, r->capt, r->ncapt);
			}
			break;
		}
		case 2: {	/* fork */
			uint8_t who = get8(s), child = get8(s);

			r->type = TL_REC_FORK;
			r->tid = rt_tid(who);
			r->pid = rt_pid(who);
			r->child_tid = rt_tid(child);
			r->child_pid = child & 0x80 ? r->pid : r->child_tid;
			err = tl_ringbuild__fork(rb[cpu], r->ts, r->tid, r->pid,
						 r->child_tid, r->child_pid,
						 "parent");
			break;
		}
		case 3: {	/* exec, maybe by a non-leader thread */
			uint8_t who = get8(s);

			r->type = TL_REC_EXEC;
			r->pid = rt_pid(who);
			r->tid = r->pid;
			r->old_tid = rt_tid(who);
			n = get8(s) % (RT_CAPT_MAX_LEN + 1);
			for (i = 0; i < n; i++)
				r->fname[i] = (char)(get8(s) % 94 + 33);
			r->fname[n] = 0;
			err = tl_ringbuild__exec(rb[cpu], r->ts, r->tid, r->pid,
						 r->old_tid, "new", r->fname);
			break;
		}
		case 4: {	/* task exit */
			uint8_t who = get8(s);

			r->type = TL_REC_EXIT;
			r->tid = rt_tid(who);
			r->pid = rt_pid(who);
			r->code = get8(s) << 8;
			r->flags = who & 0x80 ? TL_EXITF_GROUP_DEAD : 0;
			err = tl_ringbuild__exit_task(rb[cpu], r->ts, r->tid,
						      r->pid, r->code, r->flags,
						      "gone");
			break;
		}
		case 5:		/* busy drops */
			tl_ringbuild__drop(rb[cpu], get8(s) % 8 + 1);
			continue;
		case 6:		/* a burst of exits: wraps small rings */
			n = (get8(s) + 1u) * 16;
			for (i = 0; i < n && s->nrecs < RT_MAX_RECS; i++) {
				r = rt_slot(s);
				memset(r, 0, sizeof(*r));
				r->type = TL_REC_SYS_EXIT;
				r->cpu = cpu;
				r->ts = ts[cpu];
				r->seq = tl_ringbuild__next_seq(rb[cpu]);
				r->tid = rt_tid((uint8_t)i);
				r->pid = rt_pid((uint8_t)i);
				r->ret = (int64_t)i;
				CHECK(!tl_ringbuild__exit(rb[cpu], r->ts, r->tid,
							  r->pid, r->abi, 0,
							  r->ret, NULL, 0));
				r->block = tl_ringbuild__block_seq(rb[cpu]);
				s->nrecs++;
				ts[cpu] += i & 1;
			}
			continue;
		default: {	/* a record of a type the decoder skips */
			uint64_t body[2] = { get8(s), 0 };

			r->type = 99;
			r->tid = 1;
			err = tl_ringbuild__raw(rb[cpu], 99, r->ts, 1, 1, body,
						sizeof(body));
			break;
		}
		}
		CHECK(err == 0);
		r->block = tl_ringbuild__block_seq(rb[cpu]);
		s->nrecs++;
	}
}

static int cmp_rec(const void *a, const void *b, void *ctx)
{
	const struct rt_rec *recs = ctx;
	const struct rt_rec *x = &recs[*(const uint32_t *)a];
	const struct rt_rec *y = &recs[*(const uint32_t *)b];

	if (x->ts != y->ts)
		return x->ts < y->ts ? -1 : 1;
	if (x->cpu != y->cpu)
		return x->cpu < y->cpu ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* The event a record turns into (type), or 0 when it gives none. */
static uint32_t rec_event(const struct rt_rec *r, bool no_enter)
{
	switch (r->type) {
	case TL_REC_SYS_ENTER: return no_enter ? 0 : TL_EV_SYSCALL_ENTER;
	case TL_REC_SYS_EXIT: return TL_EV_SYSCALL_EXIT;
	case TL_REC_FORK: return TL_EV_FORK;
	case TL_REC_EXEC: return TL_EV_EXEC;
	case TL_REC_EXIT: return TL_EV_EXIT;
	default: return 0;
	}
}

static bool from_record(const struct tl_event *ev)
{
	if (ev->type == TL_EV_LOST)
		return false;
	if (ev->type == TL_EV_SYSCALL_EXIT)
		return ev->flags & TL_EVF_HAS_RET;
	return true;
}

static void check_capts(const struct tl_capture *got,
			const struct rt_rec *r)
{
	unsigned i;

	for (i = 0; i < r->ncapt; i++) {
		CHECK(got[i].arg == r->capt[i].arg);
		CHECK(got[i].kind == r->capt[i].kind);
		CHECK(got[i].flags == r->capt[i].flags);
		CHECK(got[i].len == r->capt[i].len);
		CHECK(got[i].full_len == r->capt[i].full_len);
		CHECK(!memcmp(got[i].data, r->cdata[i], r->capt[i].len));
	}
}

static void check_event(const struct tl_event *ev, const struct rt_rec *r)
{
	CHECK(ev->type == rec_event(r, false));
	CHECK((uint64_t)ev->ts == r->ts);
	CHECK(ev->cpu == r->cpu);
	CHECK(ev->tid == r->tid);
	switch (r->type) {
	case TL_REC_SYS_ENTER:
		CHECK(ev->nr == r->nr && ev->abi == r->abi);
		CHECK(!memcmp(ev->args, r->args, sizeof(r->args)));
		CHECK(ev->ncapt == r->ncapt);
		check_capts(ev->capt, r);
		break;
	case TL_REC_SYS_EXIT:
		CHECK(ev->ret == r->ret);
		CHECK((uint64_t)ev->exit_ts == r->ts);
		CHECK(ev->ncapt >= r->ncapt);
		check_capts(ev->capt + ev->ncapt - r->ncapt, r);
		if (!(ev->flags & TL_EVF_HAS_ENTER))
			CHECK(ev->nr == r->nr && ev->abi == r->abi);
		break;
	case TL_REC_FORK:
		CHECK(ev->child_tid == r->child_tid);
		CHECK(ev->child_pid == r->child_pid);
		break;
	case TL_REC_EXEC:
		CHECK(ev->old_tid == r->old_tid);
		CHECK(ev->filename && !strcmp(ev->filename, r->fname));
		CHECK(!strcmp(ev->comm, "new"));
		break;
	case TL_REC_EXIT:
		CHECK(ev->exit_code == r->code);
		CHECK(!!(ev->flags & TL_EVF_GROUP_DEAD) ==
		      !!(r->flags & TL_EXITF_GROUP_DEAD));
		break;
	}
}

struct rt_mem {
	uint8_t *p;
	size_t len, cap;
};

static int rt_write(void *ctx, const void *buf, size_t len)
{
	struct rt_mem *m = ctx;

	if (m->len + len > m->cap) {
		size_t ncap = m->cap ? m->cap * 2 : 1 << 16;
		uint8_t *np;

		while (ncap < m->len + len)
			ncap *= 2;
		np = realloc(m->p, ncap);
		if (!np)
			return -12;
		m->p = np;
		m->cap = ncap;
	}
	memcpy(m->p + m->len, buf, len);
	m->len += len;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum tl_codec codecs[4] = {
		TL_CODEC_NONE, TL_CODEC_ZLIB, TL_CODEC_ZSTD, TL_CODEC_NONE,
	};	/* zlib is slow: one case in four */
	static const uint32_t nblocks[4] = { 1, 2, 4, 1 };
	struct tl_ringbuild *rb[4] = { 0 };
	struct tl_ring_data rd[4];
	struct tl_ring_info ri[4];
	struct tl_dump_trace tr = { 0 };
	struct tl_machine m = { 0 };
	struct rt s = { 0 };
	struct rt_mem out = { 0 };
	struct tl_sink sink = { rt_write, &out };
	struct tl_writer_opts wo = { .sz = sizeof(wo) };
	struct tl_decoder_opts dopt = { .sz = sizeof(dopt) };
	struct tl_decoder_stats st;
	const struct tl_event *ev;
	struct tl_decoder *d;
	struct tl_writer *w;
	uint64_t lost[4] = { 0 }, kept[4] = { 0 }, last_ts = 0;
	size_t i, k = 0, nkept = 0;
	uint32_t *order;
	unsigned ncpu;
	bool be, no_enter;
	int rc;

	if (size < 1)
		return 0;
	tl_set_print(quiet_print);
	ncpu = (data[0] & 3) + 1;
	be = data[0] & 0x40;
	no_enter = data[0] & 0x80;
	wo.codec = codecs[(data[0] >> 4) & 3];
	/* fast levels: the codecs' own tests cover the others */
	wo.level = wo.codec == TL_CODEC_NONE ? 0 : 1;
	dopt.no_enter_events = no_enter;
	s.p = data;
	s.len = size;
	s.off = 1;
	for (i = 0; i < ncpu; i++) {
		rb[i] = tl_ringbuild__new((uint32_t)i, nblocks[(data[0] >> 2) & 3]);
		CHECK(rb[i]);
		tl_ringbuild__set_big_endian(rb[i], be);
	}
	run_ops(&s, rb, ncpu);

	m.arch = "fuzz";	/* no native table: only the ABIs used */
	m.hostname = "fuzz";
	m.big_endian = be;
	m.record_layout = TL_RECORD_LAYOUT_VERSION;
	m.clock_dump.realtime_ns = 1000000;
	for (i = 0; i < ncpu; i++) {
		const void *p;

		tl_ringbuild__blocks(rb[i], &p, &rd[i].len);
		rd[i].blocks = p;
		rd[i].cpu = (uint32_t)i;
		tl_ringbuild__info(rb[i], &ri[i]);
	}
	tr.info.id = 7;
	tr.info.name = "rt";
	tr.info.rings = ri;
	tr.info.nrings = ncpu;
	tr.rings = rd;
	tr.nrings = ncpu;
	w = tl_writer__open_sink(&sink, &wo);
	CHECK(w);
	CHECK(tl_writer__write_dump(w, &m, &tr, 1) == 0);
	CHECK(tl_writer__close(w) == 0);

	/* records still in the rings, in decoding order */
	order = malloc((s.nrecs + 1) * sizeof(*order));
	CHECK(order);
	for (i = 0; i < s.nrecs; i++) {
		struct rt_rec *r = &s.recs[i];
		uint64_t head = tl_ringbuild__block_seq(rb[r->cpu]);
		uint32_t nb = nblocks[(data[0] >> 2) & 3];

		if (head > nb && r->block <= head - nb)
			continue;
		kept[r->cpu]++;
		order[nkept++] = (uint32_t)i;
	}
	if (nkept)
		qsort_r(order, nkept, sizeof(*order), cmp_rec, s.recs);
#define REC(j) (&s.recs[order[j]])

	d = tl_decoder__new(&dopt);
	CHECK(d);
	CHECK(!tl_decoder__add(d, tl_reader__open_mem(out.p, out.len, "rt.tlz")));
	k = 0;
	while ((rc = tl_decoder__next(d, &ev)) == 1) {
		CHECK((uint64_t)ev->ts >= last_ts);
		last_ts = (uint64_t)ev->ts;
		if (ev->type == TL_EV_LOST) {
			CHECK(ev->cpu < ncpu);
			lost[ev->cpu] += ev->lost;
			continue;
		}
		if (!from_record(ev)) {
			CHECK(ev->type == TL_EV_SYSCALL_EXIT);
			CHECK(ev->flags & TL_EVF_HAS_ENTER);
			continue;
		}
		while (k < nkept && !rec_event(REC(k), no_enter))
			k++;
		CHECK(k < nkept);
		check_event(ev, REC(k));
		k++;
	}
	CHECK(rc == 0);
	while (k < nkept && !rec_event(REC(k), no_enter))
		k++;
	CHECK(k == nkept);
	tl_decoder__stats(d, &st);
	CHECK(st.damaged_blocks == 0 && st.damaged_records == 0);
	for (i = 0; i < ncpu; i++)
		CHECK(lost[i] + kept[i] == tl_ringbuild__next_seq(rb[i]) - 1u);
	tl_decoder__free(d);
	for (i = 0; i < ncpu; i++)
		tl_ringbuild__free(rb[i]);
	free(out.p);
	free(order);
	free(s.recs);
	return 0;
}
