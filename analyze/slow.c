// SPDX-License-Identifier: MIT
/*
 * slow.c - `tl-analyze slow [--min DURATION]`: syscalls that took at
 * least DURATION (default 10ms) from enter to exit, printed as they are
 * decoded (in exit order, constant memory), plus calls still in flight at
 * the dump that had already lasted that long (a process stuck in read()).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "ana.h"
#include "internal.h"
#include "queries.h"

#define DEFAULT_MIN_NS	10000000ull	/* 10ms */

struct ana_slow {
	uint64_t min_ns;
	uint64_t n;
	bool json;
	struct ana_jw w;
};

static int slow_begin(struct ana_ctx *c, void **state)
{
	struct ana_slow *s = calloc(1, sizeof(*s));

	if (!s)
		return -ENOMEM;
	s->min_ns = c->opts->min_ns ? c->opts->min_ns : DEFAULT_MIN_NS;
	s->json = c->opts->json;
	*state = s;
	return 0;
}

/* Duration of a call, -1 when unknown. In-flight calls last until the
 * end of their trace (the dump). */
static int64_t call_dur(const struct ana_ctx *c, const struct tl_event *ev)
{
	int64_t end;

	if (!(ev->flags & TL_EVF_HAS_ENTER) || !ev->enter_ts)
		return -1;
	if (ev->flags & TL_EVF_IN_FLIGHT) {
		end = ev->trace && ev->trace->end_ns ? ev->trace->end_ns : c->last_ts;
		return end >= ev->enter_ts ? end - ev->enter_ts : -1;
	}
	if (ev->flags & TL_EVF_NORETURN)
		return -1;
	return ev->exit_ts >= ev->enter_ts ? ev->exit_ts - ev->enter_ts : -1;
}

static int slow_event(struct ana_ctx *c, void *state, const struct tl_event *ev,
		      struct ana_proc *p)
{
	struct ana_slow *s = state;
	int64_t dur, start_wall;
	char tb[32], *text;

	if (ev->type != TL_EV_SYSCALL_EXIT)
		return 0;
	dur = call_dur(c, ev);
	if (dur < 0 || (uint64_t)dur < s->min_ns)
		return 0;
	text = ana_call_brief(c, ev, p, 200);
	if (!text)
		return -ENOMEM;
	start_wall = ev->wall_ns - (ev->ts - ev->enter_ts);
	if (s->json) {
		if (!s->n) {
			ana_jw_init(&s->w, c->out);
			ana_jw_obj(&s->w);
			ana_jw_kstr(&s->w, "query", "slow");
			ana_jw_kuint(&s->w, "min_ns", s->min_ns);
			ana_jw_key(&s->w, "rows");
			ana_jw_arr(&s->w);
		}
		ana_jw_obj(&s->w);
		ana_jw_kint(&s->w, "start_ns", start_wall);
		ana_jw_kint(&s->w, "dur_ns", dur);
		ana_jw_kuint(&s->w, "pid", ev->pid);
		ana_jw_kuint(&s->w, "tid", ev->tid);
		ana_jw_kstr(&s->w, "comm", ev->comm);
		ana_jw_kstr(&s->w, "syscall", ev->name);
		ana_jw_kbool(&s->w, "in_flight", ev->flags & TL_EVF_IN_FLIGHT);
		ana_jw_kstr(&s->w, "call", text);
		ana_jw_obj_end(&s->w);
	} else {
		if (!s->n)
			fprintf(c->out, "%-15s  %12s  %7s  %-16s  %s\n", "START",
				"DURATION", "TID", "COMM", "CALL");
		fprintf(c->out, "%-15s  %12.6f  %7u  %-16s  %s%s\n",
			ana_fmt_time(start_wall, tb, sizeof(tb)), dur / 1e9, ev->tid,
			ev->comm ? ev->comm : "?", text,
			ev->flags & TL_EVF_IN_FLIGHT ? " (still in the call at dump)" : "");
	}
	free(text);
	s->n++;
	return 0;
}

static int slow_end(struct ana_ctx *c, void *state)
{
	struct ana_slow *s = state;
	char db[32];

	if (s->json) {
		if (!s->n) {
			ana_jw_init(&s->w, c->out);
			ana_jw_obj(&s->w);
			ana_jw_kstr(&s->w, "query", "slow");
			ana_jw_kuint(&s->w, "min_ns", s->min_ns);
			ana_jw_key(&s->w, "rows");
			ana_jw_arr(&s->w);
		}
		ana_jw_arr_end(&s->w);
		ana_json_meta(c, &s->w);
		ana_jw_obj_end(&s->w);
	} else if (!s->n) {
		fprintf(c->out, "no syscall took %s or longer\n",
			ana_fmt_dur((int64_t)s->min_ns, db, sizeof(db)));
	}
	return 0;
}

static void slow_release(struct ana_ctx *c, void *state)
{
	(void)c;
	free(state);
}

const struct ana_query ana_q_slow = {
	.name = "slow",
	.args = "[--min DURATION]",
	.desc = "syscalls that took at least DURATION (default 10ms), in flight ones too",
	.example = "tl-analyze slow --min 100ms trace.tlz",
	.begin = slow_begin,
	.event = slow_event,
	.end = slow_end,
	.release = slow_release,
};
