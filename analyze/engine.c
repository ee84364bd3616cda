// SPDX-License-Identifier: MIT
/*
 * engine.c - tl-analyze's per-event loop, shared by the tool and the unit
 * tests: keeps the time range, resolves --since/--until, feeds every event
 * to the process model and the events that pass the filters to the query.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ana.h"
#include "engine.h"
#include "internal.h"

int ana_ctx_init(struct ana_ctx *c, const struct ana_opts *o,
		 struct tl_decoder *dec, FILE *out)
{
	memset(c, 0, sizeof(*c));
	c->opts = o;
	c->dec = dec;
	c->out = out;
	c->since_wall = INT64_MIN;
	c->until_wall = INT64_MAX;
	return ana_procs_init(&c->procs, NULL, NULL);
}

void ana_ctx_release(struct ana_ctx *c)
{
	if (!c)
		return;
	ana_procs_release(&c->procs);
	free(c->files);
	c->files = NULL;
}

int ana_ctx__add_file(struct ana_ctx *c, const struct tl_file_info *f)
{
	const struct tl_file_info **v;

	v = tl_reallocarray(c->files, c->nfiles + 1, sizeof(*v));
	if (!v)
		return -ENOMEM;
	c->files = v;
	c->files[c->nfiles++] = f;
	return 0;
}

/* "HH:MM:SS[.frac]" on the local date of `ref_wall`. */
static int parse_clock(const char *s, int64_t ref_wall, int64_t *out)
{
	unsigned h, m, sec;
	int n = 0;
	double frac = 0;
	struct tm tm;
	time_t t = (time_t)(ref_wall / 1000000000);

	if (sscanf(s, "%2u:%2u:%2u%n", &h, &m, &sec, &n) != 3 || h > 23 ||
	    m > 59 || sec > 60)
		return -EINVAL;
	if (s[n] == '.') {
		char *end;

		frac = strtod(s + n, &end);
		if (*end)
			return -EINVAL;
	} else if (s[n]) {
		return -EINVAL;
	}
	if (!localtime_r(&t, &tm))
		return -EINVAL;
	tm.tm_hour = (int)h;
	tm.tm_min = (int)m;
	tm.tm_sec = (int)sec;
	tm.tm_isdst = -1;
	t = mktime(&tm);
	if (t == (time_t)-1)
		return -EINVAL;
	*out = (int64_t)t * 1000000000 + (int64_t)(frac * 1e9 + 0.5);
	return 0;
}

int ana_parse_time(const char *s, int64_t first_wall, int64_t *out)
{
	uint64_t ns;

	if (!s || !*s)
		return -EINVAL;
	if (s[0] == '@') {
		const char *p = s + 1;
		int64_t sec = 0, frac = 0, scale = 100000000;

		if (*p < '0' || *p > '9')
			return -EINVAL;
		for (; *p >= '0' && *p <= '9'; p++) {
			if (sec > (INT64_MAX / 1000000000 - 9) / 10)
				return -ERANGE;
			sec = sec * 10 + (*p - '0');
		}
		if (*p == '.')
			for (p++; *p >= '0' && *p <= '9'; p++, scale /= 10)
				frac += (*p - '0') * scale;
		if (*p)
			return -EINVAL;
		*out = sec * 1000000000 + frac;
		return 0;
	}
	if (strchr(s, ':'))
		return parse_clock(s, first_wall, out);
	if (s[0] == '+')
		s++;
	if (tl_parse_duration(s, &ns))
		return -EINVAL;
	*out = first_wall + (int64_t)ns;
	return 0;
}

static bool trace_ok(const struct ana_opts *o, const struct tl_event *ev)
{
	char idb[16];
	size_t i;

	if (!o->ntraces)
		return true;
	if (!ev->trace)
		return false;
	snprintf(idb, sizeof(idb), "%u", ev->trace->id);
	for (i = 0; i < o->ntraces; i++)
		if ((ev->trace->name && !strcmp(o->traces[i], ev->trace->name)) ||
		    !strcmp(o->traces[i], idb))
			return true;
	return false;
}

static bool who_ok(const struct ana_opts *o, const struct tl_event *ev)
{
	size_t i;
	bool ok;

	if (o->npids) {
		ok = false;
		for (i = 0; i < o->npids && !ok; i++)
			ok = o->pids[i] == ev->pid || o->pids[i] == ev->tid;
		if (!ok)
			return false;
	}
	if (o->ncomms) {
		ok = false;
		for (i = 0; i < o->ncomms && !ok; i++)
			ok = ev->comm && !strcmp(o->comms[i], ev->comm);
		if (!ok)
			return false;
	}
	return true;
}

int ana_ctx__event(struct ana_ctx *c, const struct ana_query *q, void *state,
		   const struct tl_event *ev)
{
	const struct ana_opts *o = c->opts;
	struct ana_proc *p;
	unsigned fi = 0;
	int err;

	c->nevents++;
	if (!c->first_ts || ev->ts < c->first_ts) {
		c->first_ts = ev->ts;
		c->first_wall = ev->wall_ns;
	}
	if (ev->ts >= c->last_ts) {
		c->last_ts = ev->ts;
		c->last_wall = ev->wall_ns;
	}
	if (!c->time_resolved) {
		c->time_resolved = true;
		if (o->since && ana_parse_time(o->since, ev->wall_ns, &c->since_wall))
			return -EINVAL;
		if (o->until && ana_parse_time(o->until, ev->wall_ns, &c->until_wall))
			return -EINVAL;
	}
	if (ev->type == TL_EV_LOST)
		c->lost_records += ev->lost;
	if (c->nfiles > 1)
		fi = ana_ctx__file_idx(c, ev->file);
	p = ana_procs__get(&c->procs, ev, fi);
	if (!p && ev->type != TL_EV_LOST)
		return -ENOMEM;
	if (trace_ok(o, ev) && ev->wall_ns >= c->since_wall &&
	    ev->wall_ns <= c->until_wall && (q->all_events || who_ok(o, ev))) {
		c->nmatched++;
		err = q->event(c, state, ev, p);
		if (err)
			return err;
	}
	return ana_procs__update(&c->procs, p, ev, fi);
}

int ana_ctx__finish(struct ana_ctx *c)
{
	return ana_procs__finish(&c->procs);
}
