// SPDX-License-Identifier: MIT
/*
 * errors.c - `tl-analyze errors`: every failing syscall grouped by syscall
 * and errno, most frequent first, with the processes involved, first and
 * last time, and up to three distinct example calls per group.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ana.h"
#include "internal.h"
#include "queries.h"

#define NEXAMPLES	3
#define NPIDS		6

struct err_example {
	uint32_t pid;
	char comm[17];
	int64_t wall;
	char *text;
};

struct err_group {
	struct ana_hnode hn;
	char *name;
	int err;
	uint64_t count;
	int64_t first_ts, first_wall, last_ts, last_wall;
	struct {
		uint32_t pid;
		char comm[17];
	} pids[NPIDS];
	unsigned npids;
	bool more_pids;
	struct err_example ex[NEXAMPLES];
	unsigned nex;
};

struct ana_errors {
	struct ana_htab groups;
	struct err_group **rows;
	size_t nrows;
};

struct ekey {
	const char *name;
	int err;
};

static int ekey_eq(const struct ana_hnode *n, const void *key)
{
	const struct err_group *g = ana_container_of(n, struct err_group, hn);
	const struct ekey *k = key;

	return g->err == k->err && strcmp(g->name, k->name) == 0;
}

int ana_errors_begin(struct ana_ctx *c, void **state)
{
	(void)c;
	*state = calloc(1, sizeof(struct ana_errors));
	return *state ? 0 : -ENOMEM;
}

int ana_errors_event(struct ana_ctx *c, void *state, const struct tl_event *ev,
		     struct ana_proc *p)
{
	struct ana_errors *s = state;
	struct ekey k;
	struct err_group *g;
	struct ana_hnode *n;
	uint64_t h;
	unsigned i;
	int err;

	if (!ana_ev_failed(ev, &err))
		return 0;
	k.name = ev->name ? ev->name : "?";
	k.err = err;
	h = ana_hash_u64(ana_hash_str(ANA_HASH_SEED, k.name), (uint64_t)err);
	n = ana_htab__find(&s->groups, h, ekey_eq, &k);
	if (n) {
		g = ana_container_of(n, struct err_group, hn);
	} else {
		g = calloc(1, sizeof(*g));
		if (!g || !(g->name = strdup(k.name)) ||
		    ana_htab__add(&s->groups, &g->hn, h)) {
			if (g)
				free(g->name);
			free(g);
			return -ENOMEM;
		}
		g->err = err;
		g->first_ts = ev->ts;
		g->first_wall = ev->wall_ns;
	}
	g->count++;
	g->last_ts = ev->ts;
	g->last_wall = ev->wall_ns;
	for (i = 0; i < g->npids; i++)
		if (g->pids[i].pid == ev->pid)
			break;
	if (i == g->npids) {
		if (g->npids < NPIDS) {
			g->pids[g->npids].pid = ev->pid;
			snprintf(g->pids[g->npids].comm, 17, "%s",
				 ev->comm ? ev->comm : "?");
			g->npids++;
		} else {
			g->more_pids = true;
		}
	}
	if (g->nex < NEXAMPLES) {
		char *text = ana_call_brief(c, ev, p, 160);

		if (!text)
			return -ENOMEM;
		for (i = 0; i < g->nex; i++)
			if (strcmp(g->ex[i].text, text) == 0)
				break;
		if (i < g->nex) {
			free(text);
		} else {
			struct err_example *x = &g->ex[g->nex++];

			x->pid = ev->pid;
			snprintf(x->comm, sizeof(x->comm), "%s", ev->comm ? ev->comm : "?");
			x->wall = ev->wall_ns;
			x->text = text;
		}
	}
	return 0;
}

static int grp_cmp(const void *a, const void *b)
{
	const struct err_group *x = *(struct err_group *const *)a;
	const struct err_group *y = *(struct err_group *const *)b;
	int r;

	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	r = strcmp(x->name, y->name);
	return r ? r : x->err - y->err;
}

int ana_errors_finish(struct ana_ctx *c, void *state)
{
	struct ana_errors *s = state;
	struct ana_hnode **v;
	size_t i;

	(void)c;
	if (s->rows)
		return 0;
	v = ana_htab__list(&s->groups, &s->nrows);
	if (!v && s->nrows)
		return -ENOMEM;
	for (i = 0; i < s->nrows; i++)
		v[i] = (struct ana_hnode *)ana_container_of(v[i], struct err_group, hn);
	if (s->nrows > 1)
		qsort(v, s->nrows, sizeof(*v), grp_cmp);
	s->rows = (struct err_group **)v;
	return 0;
}

size_t ana_errors_count(void *state)
{
	return ((struct ana_errors *)state)->nrows;
}

enum { C_COUNT, C_SYSCALL, C_ERROR, C_PROCS, C_FIRST, C_LAST, C_EXAMPLE, NCOLS };

static const struct ana_col cols[NCOLS] = {
	[C_COUNT] = { "COUNT", "count", ANA_RIGHT, false },
	[C_SYSCALL] = { "SYSCALL", "syscall", ANA_LEFT, false },
	[C_ERROR] = { "ERROR", "error", ANA_LEFT, false },
	[C_PROCS] = { "PROCESSES", "processes", ANA_LEFT, false },
	[C_FIRST] = { "FIRST", "first", ANA_LEFT, false },
	[C_LAST] = { "LAST", "last", ANA_LEFT, false },
	[C_EXAMPLE] = { "EXAMPLES", "example", ANA_LEFT, false },
};

static char *procs_text(const struct err_group *g)
{
	char *buf = NULL;
	size_t len = 0;
	unsigned i;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return NULL;
	for (i = 0; i < g->npids; i++)
		fprintf(f, "%s%u %s", i ? ", " : "", g->pids[i].pid, g->pids[i].comm);
	if (g->more_pids)
		fputs(", ...", f);
	if (fclose(f))
		return NULL;
	return buf;
}

struct ana_table *ana_errors_table(struct ana_ctx *c, void *state)
{
	struct ana_errors *s = state;
	struct ana_table *t = ana_table__new(cols, NCOLS);
	size_t i, n = s->nrows;
	int err = 0;

	if (!t)
		return NULL;
	if (c->opts->limit && n > c->opts->limit)
		n = c->opts->limit;
	for (i = 0; i < n && !err; i++) {
		const struct err_group *g = s->rows[i];
		char b1[32], b2[64], tb[32], *e = NULL, *procs;
		unsigned k;

		if (asprintf(&e, "%s (%s)", ana_errno_name(g->err, b1, sizeof(b1)),
			     ana_errno_msg(g->err, b2, sizeof(b2))) < 0)
			e = NULL;
		procs = procs_text(g);
		err = !e || !procs ? -ENOMEM : 0;
		err = err ?: ana_table__row(t);
		err = err ?: ana_table__uint(t, C_COUNT, g->count);
		err = err ?: ana_table__str(t, C_SYSCALL, g->name);
		err = err ?: ana_table__str(t, C_ERROR, e);
		err = err ?: ana_table__str(t, C_PROCS, procs);
		err = err ?: ana_table__str(t, C_FIRST, ana_fmt_time(g->first_wall, tb, sizeof(tb)));
		err = err ?: ana_table__str(t, C_LAST, ana_fmt_time(g->last_wall, tb, sizeof(tb)));
		for (k = 0; k < g->nex && !err; k++) {
			char *x = NULL;

			if (asprintf(&x, "%u %s: %s", g->ex[k].pid, g->ex[k].comm,
				     g->ex[k].text) < 0) {
				err = -ENOMEM;
				break;
			}
			if (k)
				err = ana_table__row(t);
			err = err ?: ana_table__str(t, C_EXAMPLE, x);
			free(x);
		}
		free(e);
		free(procs);
	}
	if (err) {
		ana_table__free(t);
		return NULL;
	}
	return t;
}

static void errors_json(struct ana_ctx *c, struct ana_errors *s)
{
	struct ana_jw w;
	size_t i, n = s->nrows;
	unsigned k;
	char b1[32], b2[64];

	if (c->opts->limit && n > c->opts->limit)
		n = c->opts->limit;
	ana_jw_init(&w, c->out);
	ana_jw_obj(&w);
	ana_jw_kstr(&w, "query", "errors");
	ana_json_meta(c, &w);
	ana_jw_key(&w, "rows");
	ana_jw_arr(&w);
	for (i = 0; i < n; i++) {
		const struct err_group *g = s->rows[i];

		ana_jw_obj(&w);
		ana_jw_kstr(&w, "syscall", g->name);
		ana_jw_kstr(&w, "errno", ana_errno_name(g->err, b1, sizeof(b1)));
		ana_jw_kint(&w, "errno_num", g->err);
		ana_jw_kstr(&w, "message", ana_errno_msg(g->err, b2, sizeof(b2)));
		ana_jw_kuint(&w, "count", g->count);
		ana_jw_kint(&w, "first_ns", g->first_wall);
		ana_jw_kint(&w, "last_ns", g->last_wall);
		ana_jw_key(&w, "processes");
		ana_jw_arr(&w);
		for (k = 0; k < g->npids; k++) {
			ana_jw_obj(&w);
			ana_jw_kuint(&w, "pid", g->pids[k].pid);
			ana_jw_kstr(&w, "comm", g->pids[k].comm);
			ana_jw_obj_end(&w);
		}
		ana_jw_arr_end(&w);
		ana_jw_kbool(&w, "more_processes", g->more_pids);
		ana_jw_key(&w, "examples");
		ana_jw_arr(&w);
		for (k = 0; k < g->nex; k++) {
			ana_jw_obj(&w);
			ana_jw_kuint(&w, "pid", g->ex[k].pid);
			ana_jw_kstr(&w, "comm", g->ex[k].comm);
			ana_jw_kint(&w, "ts_ns", g->ex[k].wall);
			ana_jw_kstr(&w, "call", g->ex[k].text);
			ana_jw_obj_end(&w);
		}
		ana_jw_arr_end(&w);
		ana_jw_obj_end(&w);
	}
	ana_jw_arr_end(&w);
	ana_jw_obj_end(&w);
}

static int errors_end(struct ana_ctx *c, void *state)
{
	struct ana_table *t;
	int err = ana_errors_finish(c, state);

	if (err)
		return err;
	if (c->opts->json) {
		errors_json(c, state);
		return 0;
	}
	t = ana_errors_table(c, state);
	if (!t)
		return -ENOMEM;
	if (t->nrows)
		ana_table__print_text(t, c->out, 0);
	else
		fprintf(c->out, "no failed syscalls\n");
	ana_table__free(t);
	return 0;
}

void ana_errors_release(struct ana_ctx *c, void *state)
{
	struct ana_errors *s = state;
	struct ana_hnode **v;
	size_t n, i;
	unsigned k;

	(void)c;
	if (!s)
		return;
	v = ana_htab__list(&s->groups, &n);
	for (i = 0; i < n; i++) {
		struct err_group *g = ana_container_of(v[i], struct err_group, hn);

		for (k = 0; k < g->nex; k++)
			free(g->ex[k].text);
		free(g->name);
		free(g);
	}
	free(v);
	free(s->rows);
	ana_htab_release(&s->groups);
	free(s);
}

const struct ana_query ana_q_errors = {
	.name = "errors",
	.desc = "failing syscalls grouped by syscall and errno, with examples",
	.example = "tl-analyze errors --limit 10 /var/lib/tlz/spool/",
	.begin = ana_errors_begin,
	.event = ana_errors_event,
	.end = errors_end,
	.release = ana_errors_release,
};
