// SPDX-License-Identifier: MIT
/*
 * last.c - `tl-analyze last [-n N]`: the last N syscalls of each process
 * before it exited or was killed (or before the dump, for processes still
 * running), with how it ended. A ring of N calls per process: memory is
 * N x processes, whatever the trace length.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "ana.h"
#include "internal.h"
#include "queries.h"

#define LAST_TEXT 248

struct last_call {
	int64_t wall;
	int64_t dur;			/* ns, -1 = unknown */
	int64_t ret;
	uint32_t flags;			/* TL_EVF_* */
	uint32_t tid;
	char name[32];
	char text[LAST_TEXT];
};

struct last_ring {
	struct ana_proc *p;
	uint64_t total;			/* calls seen */
	size_t head;			/* next slot */
	struct last_call *calls;	/* n slots */
};

struct ana_last {
	int slot;
	size_t n;
	struct last_ring **rings;	/* in creation order */
	size_t nrings, cap;
};

static int last_begin(struct ana_ctx *c, void **state)
{
	struct ana_last *s = calloc(1, sizeof(*s));

	if (!s)
		return -ENOMEM;
	s->n = c->opts->last_n ? c->opts->last_n : 10;
	s->slot = ana_ctx__slot(c);
	if (s->slot < 0) {
		free(s);
		return -ENOSPC;
	}
	*state = s;
	return 0;
}

static int last_event(struct ana_ctx *c, void *state, const struct tl_event *ev,
		      struct ana_proc *p)
{
	struct ana_last *s = state;
	struct last_ring *r;
	struct last_call *x;

	if (ev->type != TL_EV_SYSCALL_EXIT || !p)
		return 0;
	r = p->slot[s->slot];
	if (!r) {
		void *v = s->rings;

		if (tl_grow(&v, &s->cap, s->nrings + 1, sizeof(*s->rings)))
			return -ENOMEM;
		s->rings = v;
		r = calloc(1, sizeof(*r));
		if (!r)
			return -ENOMEM;
		r->calls = calloc(s->n, sizeof(*r->calls));
		if (!r->calls) {
			free(r);
			return -ENOMEM;
		}
		r->p = p;
		p->slot[s->slot] = r;
		s->rings[s->nrings++] = r;
	}
	x = &r->calls[r->head];
	ana_call_brief_buf(c, ev, p, x->text, sizeof(x->text));
	snprintf(x->name, sizeof(x->name), "%s", ev->name ? ev->name : "?");
	x->wall = (ev->flags & TL_EVF_HAS_ENTER) && ev->enter_ts ?
		  ev->wall_ns - (ev->ts - ev->enter_ts) : ev->wall_ns;
	x->dur = (ev->flags & TL_EVF_HAS_ENTER) && ev->enter_ts &&
		 !(ev->flags & (TL_EVF_NORETURN | TL_EVF_IN_FLIGHT)) ?
		 ev->exit_ts - ev->enter_ts : -1;
	x->ret = ev->ret;
	x->flags = ev->flags;
	x->tid = ev->tid;
	r->head = (r->head + 1) % s->n;
	r->total++;
	return 0;
}

static int ring_cmp(const void *a, const void *b)
{
	const struct last_ring *x = *(struct last_ring *const *)a;
	const struct last_ring *y = *(struct last_ring *const *)b;
	bool xe = x->p->end == ANA_END_EXITED, ye = y->p->end == ANA_END_EXITED;

	if (xe != ye)
		return xe ? -1 : 1;
	if (xe && x->p->end_ts != y->p->end_ts)
		return x->p->end_ts < y->p->end_ts ? -1 : 1;
	return x->p->id < y->p->id ? -1 : 1;
}

static const char *end_text(const struct ana_proc *p, char *buf, size_t len)
{
	if (p->end == ANA_END_EXITED)
		return ana_wait_status(p->exit_code, buf, len);
	if (p->alive_at_dump || !p->snap)
		return "still running at dump";
	return "no exit recorded";
}

/* The i-th oldest kept call of ring r. */
static struct last_call *ring_at(const struct ana_last *s,
				 const struct last_ring *r, size_t i)
{
	size_t kept = r->total < s->n ? r->total : s->n;
	size_t start = (r->head + s->n - kept) % s->n;

	return &r->calls[(start + i) % s->n];
}

enum { C_TIME, C_DUR, C_TID, C_CALL, NCOLS };

static const struct ana_col cols[NCOLS] = {
	[C_TIME] = { "TIME", NULL, ANA_LEFT, false },
	[C_DUR] = { "DURATION", NULL, ANA_RIGHT, false },
	[C_TID] = { "TID", NULL, ANA_RIGHT, false },
	[C_CALL] = { "CALL", NULL, ANA_LEFT, false },
};

static int last_text(struct ana_ctx *c, struct ana_last *s)
{
	size_t i, k, kept;
	int err = 0;

	if (!s->nrings)
		fprintf(c->out, "no syscalls\n");
	for (i = 0; i < s->nrings && !err; i++) {
		const struct last_ring *r = s->rings[i];
		const struct ana_proc *p = r->p;
		struct ana_table *t;
		char eb[64], tb[32];

		kept = r->total < s->n ? r->total : s->n;
		if (i)
			fputc('\n', c->out);
		fprintf(c->out, "%u %s: %s", p->pid, p->comm,
			end_text(p, eb, sizeof(eb)));
		if (p->end == ANA_END_EXITED)
			fprintf(c->out, " at %s", ana_fmt_time(p->end_wall, tb, sizeof(tb)));
		fprintf(c->out, " (last %zu of %" PRIu64 " syscalls)\n", kept, r->total);
		t = ana_table__new(cols, NCOLS);
		if (!t)
			return -ENOMEM;
		for (k = 0; k < kept && !err; k++) {
			const struct last_call *x = ring_at(s, r, k);

			err = ana_table__row(t);
			err = err ?: ana_table__str(t, C_TIME, ana_fmt_time(x->wall, tb, sizeof(tb)));
			if (!err && x->dur >= 0)
				err = ana_table__double_fmt(t, C_DUR, x->dur / 1e9, 6,
							    "%.6f", x->dur / 1e9);
			err = err ?: ana_table__uint(t, C_TID, x->tid);
			err = err ?: ana_table__str(t, C_CALL, x->text);
		}
		if (!err)
			ana_table__print_text(t, c->out, 2);
		ana_table__free(t);
	}
	return err;
}

static void last_json(struct ana_ctx *c, struct ana_last *s)
{
	struct ana_jw w;
	size_t i, k, kept;
	char eb[64];
	int e;

	ana_jw_init(&w, c->out);
	ana_jw_obj(&w);
	ana_jw_kstr(&w, "query", "last");
	ana_json_meta(c, &w);
	ana_jw_kuint(&w, "n", s->n);
	ana_jw_key(&w, "processes");
	ana_jw_arr(&w);
	for (i = 0; i < s->nrings; i++) {
		const struct last_ring *r = s->rings[i];
		const struct ana_proc *p = r->p;

		kept = r->total < s->n ? r->total : s->n;
		ana_jw_obj(&w);
		ana_jw_kuint(&w, "pid", p->pid);
		ana_jw_kstr(&w, "comm", p->comm);
		ana_jw_kstr(&w, "end", end_text(p, eb, sizeof(eb)));
		if (p->end == ANA_END_EXITED) {
			int sig = p->exit_code & 0x7f;

			ana_jw_kint(&w, "end_ns", p->end_wall);
			if (sig)
				ana_jw_kstr(&w, "signal", tl_signal_name(sig));
			else
				ana_jw_kint(&w, "exit_code", (p->exit_code >> 8) & 0xff);
		}
		ana_jw_kuint(&w, "syscalls", r->total);
		ana_jw_key(&w, "calls");
		ana_jw_arr(&w);
		for (k = 0; k < kept; k++) {
			const struct last_call *x = ring_at(s, r, k);
			bool has_ret = (x->flags & TL_EVF_HAS_RET) &&
				       !(x->flags & (TL_EVF_NORETURN | TL_EVF_IN_FLIGHT));

			ana_jw_obj(&w);
			ana_jw_kint(&w, "ts_ns", x->wall);
			ana_jw_key(&w, "dur_ns");
			if (x->dur >= 0)
				ana_jw_int(&w, x->dur);
			else
				ana_jw_null(&w);
			ana_jw_kuint(&w, "tid", x->tid);
			ana_jw_kstr(&w, "syscall", x->name);
			ana_jw_key(&w, "ret");
			if (has_ret)
				ana_jw_int(&w, x->ret);
			else
				ana_jw_null(&w);
			ana_jw_key(&w, "errno");
			e = (int)-x->ret;
			if (has_ret && x->ret < 0 && x->ret >= -4095)
				ana_jw_str(&w, ana_errno_name(e, eb, sizeof(eb)));
			else
				ana_jw_null(&w);
			ana_jw_kbool(&w, "noreturn", x->flags & TL_EVF_NORETURN);
			ana_jw_kbool(&w, "in_flight", x->flags & TL_EVF_IN_FLIGHT);
			ana_jw_kstr(&w, "call", x->text);
			ana_jw_obj_end(&w);
		}
		ana_jw_arr_end(&w);
		ana_jw_obj_end(&w);
	}
	ana_jw_arr_end(&w);
	ana_jw_obj_end(&w);
}

static int last_end(struct ana_ctx *c, void *state)
{
	struct ana_last *s = state;

	if (s->nrings > 1)
		qsort(s->rings, s->nrings, sizeof(*s->rings), ring_cmp);
	if (c->opts->json) {
		last_json(c, s);
		return 0;
	}
	return last_text(c, s);
}

static void last_release(struct ana_ctx *c, void *state)
{
	struct ana_last *s = state;
	size_t i;

	(void)c;
	if (!s)
		return;
	for (i = 0; i < s->nrings; i++) {
		free(s->rings[i]->calls);
		s->rings[i]->p->slot[s->slot] = NULL;
		free(s->rings[i]);
	}
	free(s->rings);
	free(s);
}

const struct ana_query ana_q_last = {
	.name = "last",
	.args = "[-n N]",
	.desc = "the last N syscalls (default 10) of each process before it ended",
	.example = "tl-analyze last -n 5 --comm myapp crash.tlz",
	.begin = last_begin,
	.event = last_event,
	.end = last_end,
	.release = last_release,
};
