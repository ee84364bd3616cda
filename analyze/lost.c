// SPDX-License-Identifier: MIT
/*
 * lost.c - `tl-analyze lost`: where a trace has holes. Per trace and CPU
 * ring: the time span its retained events cover, how many records were
 * overwritten before the oldest retained one (the ring wrapped), the gaps
 * between retained records (time and records lost, from the per-ring
 * sequence numbers) and the recorder's own drop counters (ring busy,
 * record too big) from the file's TRACE chunk.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "ana.h"
#include "internal.h"
#include "queries.h"

#define MAX_GAPS_KEPT	50	/* per ring; the rest are only counted */

struct gap {
	int64_t wall;
	uint64_t n;
};

struct ring_stat {
	struct ana_hnode hn;
	const struct tl_trace_info *trace;
	const struct tl_file_info *file;
	uint32_t cpu;
	uint64_t events;
	int64_t first_ts, first_wall, last_ts, last_wall;
	uint64_t overwritten;
	uint64_t ngaps, gap_records;
	struct gap gaps[MAX_GAPS_KEPT];
	unsigned nkept;
};

struct ana_lost {
	struct ana_htab rings;
	struct ring_stat *last;
};

struct rkey {
	const struct tl_trace_info *trace;
	uint32_t cpu;
};

static int rkey_eq(const struct ana_hnode *n, const void *key)
{
	const struct ring_stat *r = ana_container_of(n, struct ring_stat, hn);
	const struct rkey *k = key;

	return r->trace == k->trace && r->cpu == k->cpu;
}

static int lost_begin(struct ana_ctx *c, void **state)
{
	(void)c;
	*state = calloc(1, sizeof(struct ana_lost));
	return *state ? 0 : -ENOMEM;
}

static int lost_event(struct ana_ctx *c, void *state, const struct tl_event *ev,
		      struct ana_proc *p)
{
	struct ana_lost *s = state;
	struct ring_stat *r = s->last;
	struct rkey k = { ev->trace, ev->cpu };

	(void)c;
	(void)p;
	if (!r || r->trace != k.trace || r->cpu != k.cpu) {
		uint64_t h = ana_hash_u64(ana_hash_u64(ANA_HASH_SEED,
						       (uintptr_t)k.trace), k.cpu);
		struct ana_hnode *n = ana_htab__find(&s->rings, h, rkey_eq, &k);

		if (n) {
			r = ana_container_of(n, struct ring_stat, hn);
		} else {
			r = calloc(1, sizeof(*r));
			if (!r)
				return -ENOMEM;
			r->trace = k.trace;
			r->cpu = k.cpu;
			r->file = ev->file;
			if (ana_htab__add(&s->rings, &r->hn, h)) {
				free(r);
				return -ENOMEM;
			}
		}
		s->last = r;
	}
	if (ev->type == TL_EV_LOST) {
		if (ev->lost_kind == TL_LOST_OVERWRITTEN) {
			r->overwritten += ev->lost;
		} else {
			r->ngaps++;
			r->gap_records += ev->lost;
			if (r->nkept < MAX_GAPS_KEPT)
				r->gaps[r->nkept++] = (struct gap){ ev->wall_ns, ev->lost };
		}
		return 0;
	}
	if (ev->type == TL_EV_SYSCALL_EXIT && (ev->flags & (TL_EVF_NORETURN |
							   TL_EVF_IN_FLIGHT)))
		return 0;	/* synthesized, not a record of this ring */
	r->events++;
	if (!r->first_ts || ev->ts < r->first_ts) {
		r->first_ts = ev->ts;
		r->first_wall = ev->wall_ns;
	}
	if (ev->ts >= r->last_ts) {
		r->last_ts = ev->ts;
		r->last_wall = ev->wall_ns;
	}
	return 0;
}

static const struct tl_ring_info *ring_info(const struct ring_stat *r)
{
	uint32_t i;

	if (!r->trace)
		return NULL;
	for (i = 0; i < r->trace->nrings; i++)
		if (r->trace->rings[i].cpu == r->cpu)
			return &r->trace->rings[i];
	return NULL;
}

static int rs_cmp(const void *a, const void *b)
{
	const struct ring_stat *x = *(struct ring_stat *const *)a;
	const struct ring_stat *y = *(struct ring_stat *const *)b;
	uint32_t xi = x->trace ? x->trace->id : 0, yi = y->trace ? y->trace->id : 0;

	if (x->file != y->file)
		return (uintptr_t)x->file < (uintptr_t)y->file ? -1 : 1;
	if (xi != yi)
		return xi < yi ? -1 : 1;
	return x->cpu < y->cpu ? -1 : x->cpu > y->cpu;
}

static struct ring_stat **sorted(struct ana_lost *s, size_t *n)
{
	struct ana_hnode **v = ana_htab__list(&s->rings, n);
	size_t i;

	for (i = 0; v && i < *n; i++)
		v[i] = (struct ana_hnode *)ana_container_of(v[i], struct ring_stat, hn);
	if (v)
		if (*n > 1)
			qsort(v, *n, sizeof(*v), rs_cmp);
	return (struct ring_stat **)v;
}

enum { C_TRACE, C_CPU, C_FROM, C_TO, C_EVENTS, C_OVER, C_GAPS, C_GAPREC,
       C_BUSY, C_BIG, NCOLS };

static const struct ana_col cols[NCOLS] = {
	[C_TRACE] = { "TRACE", NULL, ANA_LEFT, false },
	[C_CPU] = { "CPU", NULL, ANA_RIGHT, false },
	[C_FROM] = { "RETAINED FROM", NULL, ANA_LEFT, false },
	[C_TO] = { "TO", NULL, ANA_LEFT, false },
	[C_EVENTS] = { "EVENTS", NULL, ANA_RIGHT, false },
	[C_OVER] = { "OVERWRITTEN", NULL, ANA_RIGHT, false },
	[C_GAPS] = { "GAPS", NULL, ANA_RIGHT, false },
	[C_GAPREC] = { "LOST IN GAPS", NULL, ANA_RIGHT, false },
	[C_BUSY] = { "DROPPED BUSY", NULL, ANA_RIGHT, false },
	[C_BIG] = { "DROPPED TOO BIG", NULL, ANA_RIGHT, false },
};

enum { G_TRACE, G_CPU, G_TIME, G_LOST, GCOLS };

static const struct ana_col gcols[GCOLS] = {
	[G_TRACE] = { "TRACE", NULL, ANA_LEFT, false },
	[G_CPU] = { "CPU", NULL, ANA_RIGHT, false },
	[G_TIME] = { "TIME", NULL, ANA_LEFT, false },
	[G_LOST] = { "RECORDS LOST", NULL, ANA_RIGHT, false },
};

/* Writes the text (or HTML when html) answer to f. */
int ana_lost_print(struct ana_ctx *c, void *state, FILE *f, bool html)
{
	struct ana_lost *s = state;
	struct ring_stat **v;
	struct ana_table *t, *g;
	uint64_t over = 0, gaprec = 0, ngaps = 0, more = 0;
	size_t n, i;
	unsigned k;
	int err = 0;

	v = sorted(s, &n);
	if (!v && n)
		return -ENOMEM;
	t = ana_table__new(cols, NCOLS);
	g = ana_table__new(gcols, GCOLS);
	if (!t || !g)
		err = -ENOMEM;
	for (i = 0; i < n && !err; i++) {
		const struct ring_stat *r = v[i];
		const struct tl_ring_info *ri = ring_info(r);
		const char *tn = r->trace && r->trace->name ? r->trace->name : "?";
		char tb[32];

		over += r->overwritten;
		gaprec += r->gap_records;
		ngaps += r->ngaps;
		more += r->ngaps - r->nkept;
		err = ana_table__row(t);
		err = err ?: ana_table__str(t, C_TRACE, tn);
		err = err ?: ana_table__uint(t, C_CPU, r->cpu);
		err = err ?: ana_table__str(t, C_FROM, ana_fmt_time(r->first_wall, tb, sizeof(tb)));
		err = err ?: ana_table__str(t, C_TO, ana_fmt_time(r->last_wall, tb, sizeof(tb)));
		err = err ?: ana_table__uint(t, C_EVENTS, r->events);
		err = err ?: ana_table__uint(t, C_OVER, r->overwritten);
		err = err ?: ana_table__uint(t, C_GAPS, r->ngaps);
		err = err ?: ana_table__uint(t, C_GAPREC, r->gap_records);
		if (ri) {
			err = err ?: ana_table__uint(t, C_BUSY, ri->lost_busy);
			err = err ?: ana_table__uint(t, C_BIG, ri->lost_size);
		}
		for (k = 0; k < r->nkept && !err; k++) {
			err = ana_table__row(g);
			err = err ?: ana_table__str(g, G_TRACE, tn);
			err = err ?: ana_table__uint(g, G_CPU, r->cpu);
			err = err ?: ana_table__str(g, G_TIME,
				ana_fmt_time(r->gaps[k].wall, tb, sizeof(tb)));
			err = err ?: ana_table__uint(g, G_LOST, r->gaps[k].n);
		}
	}
	if (!err) {
		if (html) {
			if (n)
				ana_table__print_html(t, f, NULL);
			if (g->nrows)
				ana_table__print_html(g, f, NULL);
			fputs("<p>", f);
		} else {
			if (n)
				ana_table__print_text(t, f, 0);
			if (g->nrows) {
				fputs("\nGaps:\n", f);
				ana_table__print_text(g, f, 0);
				if (more)
					fprintf(f, "(%" PRIu64 " more gaps not listed)\n", more);
			}
			if (n)
				fputc('\n', f);
		}
		if (!over && !gaprec)
			fprintf(f, "no records lost");
		else
			fprintf(f, "%" PRIu64 " records lost: %" PRIu64
				" overwritten before the oldest retained record, %"
				PRIu64 " in %" PRIu64 " gap%s", over + gaprec, over,
				gaprec, ngaps, ngaps == 1 ? "" : "s");
		fputs(html ? "</p>\n" : "\n", f);
	}
	ana_table__free(t);
	ana_table__free(g);
	free(v);
	return err;
}

static int lost_json(struct ana_ctx *c, struct ana_lost *s)
{
	struct ring_stat **v;
	struct ana_jw w;
	uint64_t over = 0, gaprec = 0;
	size_t n, i;
	unsigned k;

	v = sorted(s, &n);
	if (!v && n)
		return -ENOMEM;
	ana_jw_init(&w, c->out);
	ana_jw_obj(&w);
	ana_jw_kstr(&w, "query", "lost");
	ana_json_meta(c, &w);
	ana_jw_key(&w, "rings");
	ana_jw_arr(&w);
	for (i = 0; i < n; i++) {
		const struct ring_stat *r = v[i];
		const struct tl_ring_info *ri = ring_info(r);

		over += r->overwritten;
		gaprec += r->gap_records;
		ana_jw_obj(&w);
		ana_jw_kstr(&w, "trace", r->trace ? r->trace->name : NULL);
		ana_jw_kuint(&w, "cpu", r->cpu);
		ana_jw_kint(&w, "first_ns", r->first_wall);
		ana_jw_kint(&w, "last_ns", r->last_wall);
		ana_jw_kuint(&w, "events", r->events);
		ana_jw_kuint(&w, "overwritten", r->overwritten);
		ana_jw_kuint(&w, "gaps", r->ngaps);
		ana_jw_kuint(&w, "lost_in_gaps", r->gap_records);
		if (ri) {
			ana_jw_kuint(&w, "dropped_busy", ri->lost_busy);
			ana_jw_kuint(&w, "dropped_too_big", ri->lost_size);
			ana_jw_kuint(&w, "dropped_other", ri->lost_other);
			ana_jw_kuint(&w, "records_written", ri->records);
		}
		ana_jw_key(&w, "gap_list");
		ana_jw_arr(&w);
		for (k = 0; k < r->nkept; k++) {
			ana_jw_obj(&w);
			ana_jw_kint(&w, "ts_ns", r->gaps[k].wall);
			ana_jw_kuint(&w, "records", r->gaps[k].n);
			ana_jw_obj_end(&w);
		}
		ana_jw_arr_end(&w);
		ana_jw_obj_end(&w);
	}
	ana_jw_arr_end(&w);
	ana_jw_kuint(&w, "total_overwritten", over);
	ana_jw_kuint(&w, "total_lost_in_gaps", gaprec);
	ana_jw_kuint(&w, "total_lost", over + gaprec);
	ana_jw_obj_end(&w);
	free(v);
	return 0;
}

static int lost_end(struct ana_ctx *c, void *state)
{
	if (c->opts->json)
		return lost_json(c, state);
	return ana_lost_print(c, state, c->out, false);
}

static void lost_release(struct ana_ctx *c, void *state)
{
	struct ana_lost *s = state;
	struct ana_hnode **v;
	size_t n, i;

	(void)c;
	if (!s)
		return;
	v = ana_htab__list(&s->rings, &n);
	for (i = 0; i < n; i++)
		free(ana_container_of(v[i], struct ring_stat, hn));
	free(v);
	ana_htab_release(&s->rings);
	free(s);
}

const struct ana_query ana_q_lost = {
	.name = "lost",
	.desc = "gaps per CPU (time, records) and records overwritten before the oldest",
	.example = "tl-analyze lost trace.tlz",
	.all_events = true,
	.begin = lost_begin,
	.event = lost_event,
	.end = lost_end,
	.release = lost_release,
};

/* For report: the whole-trace state is built the same way. */
int ana_lost_begin(struct ana_ctx *c, void **state)
{
	return lost_begin(c, state);
}

int ana_lost_event(struct ana_ctx *c, void *state, const struct tl_event *ev,
		   struct ana_proc *p)
{
	return lost_event(c, state, ev, p);
}

void ana_lost_release(struct ana_ctx *c, void *state)
{
	lost_release(c, state);
}
