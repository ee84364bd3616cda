// SPDX-License-Identifier: MIT
/*
 * summary.c - `tl-analyze summary`: strace -c's table (the -w variant:
 * time is each call's enter-to-exit wall time, which is what a trace
 * holds), one per trace, or per process with --per-process; calls of a
 * compat ABI (i386) get their own table as strace does. Calls that never
 * returned (exit_group, killed in the call, in flight at dump) are not
 * counted, as with strace -c -w.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "ana.h"
#include "internal.h"
#include "queries.h"

struct sum_row {
	struct ana_hnode hn;
	char *name;
	uint64_t calls, errors;
	uint64_t ns;
};

struct sum_tab {
	struct ana_hnode hn;
	const struct tl_trace_info *trace;
	const struct ana_proc *proc;	/* --per-process */
	int abi;
	unsigned file_idx;		/* input the trace belongs to */
	uint64_t order;			/* creation order */
	struct ana_htab rows;
};

struct ana_summary {
	bool per_process;
	struct ana_htab tabs;
	uint64_t ntabs;
	struct sum_tab *last;		/* cache */
	struct sum_row *last_row;
};

struct tab_key {
	const struct tl_trace_info *trace;
	const struct ana_proc *proc;
	int abi;
};

static uint64_t tab_hash(const struct tab_key *k)
{
	uint64_t h = ana_hash_u64(ANA_HASH_SEED, (uintptr_t)k->trace);

	h = ana_hash_u64(h, (uintptr_t)k->proc);
	return ana_hash_u64(h, (uint64_t)k->abi);
}

static int tab_eq(const struct ana_hnode *n, const void *key)
{
	const struct sum_tab *t = ana_container_of(n, struct sum_tab, hn);
	const struct tab_key *k = key;

	return t->trace == k->trace && t->proc == k->proc && t->abi == k->abi;
}

static int row_eq(const struct ana_hnode *n, const void *key)
{
	return strcmp(ana_container_of(n, struct sum_row, hn)->name, key) == 0;
}

int ana_summary_begin(struct ana_ctx *c, void **state)
{
	struct ana_summary *s = calloc(1, sizeof(*s));

	if (!s)
		return -ENOMEM;
	s->per_process = c->opts->per_process;
	*state = s;
	return 0;
}

int ana_summary_event(struct ana_ctx *c, void *state, const struct tl_event *ev,
		      struct ana_proc *p)
{
	struct ana_summary *s = state;
	struct tab_key k;
	struct sum_tab *t;
	struct sum_row *r;
	struct ana_hnode *n;
	uint64_t h;

	if (ev->type != TL_EV_SYSCALL_EXIT ||
	    (ev->flags & (TL_EVF_NORETURN | TL_EVF_IN_FLIGHT)) ||
	    !(ev->flags & TL_EVF_HAS_RET))
		return 0;
	k.trace = ev->trace;
	k.proc = s->per_process ? p : NULL;
	k.abi = ev->abi;
	t = s->last;
	if (!t || !tab_eq(&t->hn, &k)) {
		h = tab_hash(&k);
		n = ana_htab__find(&s->tabs, h, tab_eq, &k);
		if (n) {
			t = ana_container_of(n, struct sum_tab, hn);
		} else {
			t = calloc(1, sizeof(*t));
			if (!t)
				return -ENOMEM;
			t->trace = k.trace;
			t->proc = k.proc;
			t->abi = k.abi;
			t->file_idx = ana_ctx__file_idx(c, ev->file);
			t->order = s->ntabs++;
			if (ana_htab__add(&s->tabs, &t->hn, h)) {
				free(t);
				return -ENOMEM;
			}
		}
		s->last = t;
		s->last_row = NULL;
	}
	if (s->last_row && ev->name && !strcmp(s->last_row->name, ev->name)) {
		r = s->last_row;
	} else {
		const char *name = ev->name ? ev->name : "?";

		h = ana_hash_str(ANA_HASH_SEED, name);
		n = ana_htab__find(&t->rows, h, row_eq, name);
		if (n) {
			r = ana_container_of(n, struct sum_row, hn);
		} else {
			r = calloc(1, sizeof(*r));
			if (!r || !(r->name = strdup(name)) ||
			    ana_htab__add(&t->rows, &r->hn, h)) {
				if (r)
					free(r->name);
				free(r);
				return -ENOMEM;
			}
		}
		s->last_row = r;
	}
	r->calls++;
	if (ana_ev_failed(ev, NULL))
		r->errors++;
	if ((ev->flags & TL_EVF_HAS_ENTER) && ev->enter_ts &&
	    ev->exit_ts >= ev->enter_ts)
		r->ns += (uint64_t)(ev->exit_ts - ev->enter_ts);
	return 0;
}

static int srow_cmp(const void *a, const void *b)
{
	const struct sum_row *x = *(struct sum_row *const *)a;
	const struct sum_row *y = *(struct sum_row *const *)b;

	if (x->ns != y->ns)
		return x->ns > y->ns ? -1 : 1;
	if (x->calls != y->calls)
		return x->calls > y->calls ? -1 : 1;
	return strcmp(x->name, y->name);
}

static int stab_cmp(const void *a, const void *b)
{
	const struct sum_tab *x = *(struct sum_tab *const *)a;
	const struct sum_tab *y = *(struct sum_tab *const *)b;
	uint64_t xo = x->proc ? x->proc->id : 0, yo = y->proc ? y->proc->id : 0;

	if (x->file_idx != y->file_idx)
		return x->file_idx < y->file_idx ? -1 : 1;
	if (x->trace != y->trace) {
		uint32_t xi = x->trace ? x->trace->id : 0;
		uint32_t yi = y->trace ? y->trace->id : 0;

		if (xi != yi)
			return xi < yi ? -1 : 1;
		return x->order < y->order ? -1 : 1;
	}
	if (xo != yo)
		return xo < yo ? -1 : 1;
	if (x->abi != y->abi)
		return x->abi < y->abi ? -1 : 1;
	return 0;
}

static struct sum_tab **sorted_tabs(struct ana_summary *s, size_t *n)
{
	struct ana_hnode **v = ana_htab__list(&s->tabs, n);
	size_t i;

	for (i = 0; v && i < *n; i++)
		v[i] = (struct ana_hnode *)ana_container_of(v[i], struct sum_tab, hn);
	if (v)
		if (*n > 1)
			qsort(v, *n, sizeof(*v), stab_cmp);
	return (struct sum_tab **)v;
}

static struct sum_row **sorted_rows(struct sum_tab *t, size_t *n)
{
	struct ana_hnode **v = ana_htab__list(&t->rows, n);
	size_t i;

	for (i = 0; v && i < *n; i++)
		v[i] = (struct ana_hnode *)ana_container_of(v[i], struct sum_row, hn);
	if (v)
		if (*n > 1)
			qsort(v, *n, sizeof(*v), srow_cmp);
	return (struct sum_row **)v;
}

static bool is_compat(int abi)
{
	return abi == TL_ABI_I386 || abi == TL_ABI_X32 || abi == TL_ABI_ARM;
}

static int ndigits(uint64_t v)
{
	int n = 1;

	while (v >= 10) {
		v /= 10;
		n++;
	}
	return n;
}

static void dashes(FILE *f, int n)
{
	while (n-- > 0)
		fputc('-', f);
}

/* strace -c's table for one set of rows. */
static void print_strace_table(FILE *f, struct sum_row **rows, size_t n)
{
	uint64_t tot_ns = 0, tot_calls = 0, tot_err = 0, max_us = 0;
	int w_sec = 11, w_us = 11, w_calls = 9, w_err = 9, w_name = 16, len;
	char buf[64];
	size_t i;

	for (i = 0; i < n; i++) {
		uint64_t us = rows[i]->calls ? rows[i]->ns / 1000 / rows[i]->calls : 0;

		tot_ns += rows[i]->ns;
		tot_calls += rows[i]->calls;
		tot_err += rows[i]->errors;
		if (us > max_us)
			max_us = us;
		len = (int)strlen(rows[i]->name) + 1;
		if (len > w_name)
			w_name = len;
	}
	len = snprintf(buf, sizeof(buf), "%.6f", tot_ns / 1e9);
	if (len > w_sec)
		w_sec = len;
	if (ndigits(max_us) > w_us)
		w_us = ndigits(max_us);
	if (ndigits(tot_calls) > w_calls)
		w_calls = ndigits(tot_calls);
	if (ndigits(tot_err) > w_err)
		w_err = ndigits(tot_err);

	fprintf(f, "%6.6s %*s %*s %*s %*s %s\n", "% time", w_sec, "seconds",
		w_us, "usecs/call", w_calls, "calls", w_err, "errors", "syscall");
#define DASHROW() do {							\
		dashes(f, 6); fputc(' ', f); dashes(f, w_sec); fputc(' ', f); \
		dashes(f, w_us); fputc(' ', f); dashes(f, w_calls);	\
		fputc(' ', f); dashes(f, w_err); fputc(' ', f);		\
		dashes(f, w_name); fputc('\n', f);			\
	} while (0)
	DASHROW();
	for (i = 0; i < n; i++) {
		const struct sum_row *r = rows[i];
		double pct = tot_ns ? 100.0 * (double)r->ns / (double)tot_ns : 0.0;

		fprintf(f, "%6.2f %*.6f %*" PRIu64 " %*" PRIu64 " ", pct, w_sec,
			r->ns / 1e9, w_us, r->calls ? r->ns / 1000 / r->calls : 0,
			w_calls, r->calls);
		if (r->errors)
			fprintf(f, "%*" PRIu64, w_err, r->errors);
		else
			fprintf(f, "%*s", w_err, "");
		fprintf(f, " %s\n", r->name);
	}
	DASHROW();
#undef DASHROW
	fprintf(f, "%6.2f %*.6f %*" PRIu64 " %*" PRIu64 " ", 100.0, w_sec,
		tot_ns / 1e9, w_us, tot_calls ? tot_ns / 1000 / tot_calls : 0,
		w_calls, tot_calls);
	if (tot_err)
		fprintf(f, "%*" PRIu64, w_err, tot_err);
	else
		fprintf(f, "%*s", w_err, "");
	fprintf(f, " total\n");
}

static void tab_title(const struct ana_ctx *c, const struct sum_tab *t,
		      bool many_traces, char *buf, size_t len)
{
	size_t o = 0;

	buf[0] = 0;
	if (t->proc)
		o += (size_t)snprintf(buf + o, len - o, "Process %u (%s)",
				      t->proc->pid, t->proc->comm);
	if (many_traces && t->trace && o < len)
		o += (size_t)snprintf(buf + o, len - o, "%sTrace %s", o ? ", " : "",
				      t->trace->name ? t->trace->name : "?");
	(void)c;
}

int ana_summary_print_text(struct ana_ctx *c, void *state, FILE *f)
{
	struct ana_summary *s = state;
	struct sum_tab **tabs;
	size_t nt, i;
	bool many_traces = false;

	tabs = sorted_tabs(s, &nt);
	if (!tabs && nt)
		return -ENOMEM;
	for (i = 1; i < nt; i++)
		if (tabs[i]->trace != tabs[0]->trace)
			many_traces = true;
	if (!nt)
		fprintf(f, "no completed syscalls\n");
	for (i = 0; i < nt; i++) {
		struct sum_row **rows;
		size_t nr;
		char title[256];

		tab_title(c, tabs[i], many_traces, title, sizeof(title));
		if (i)
			fputc('\n', f);
		if (title[0])
			fprintf(f, "%s:\n", title);
		if (is_compat(tabs[i]->abi))
			fprintf(f, "System call usage summary for %s mode:\n",
				tabs[i]->abi == TL_ABI_X32 ? "x32" : "32 bit");
		rows = sorted_rows(tabs[i], &nr);
		if (!rows && nr) {
			free(tabs);
			return -ENOMEM;
		}
		print_strace_table(f, rows, nr);
		free(rows);
	}
	free(tabs);
	return 0;
}

static int summary_json(struct ana_ctx *c, struct ana_summary *s)
{
	struct sum_tab **tabs;
	struct ana_jw w;
	size_t nt, i, j;

	tabs = sorted_tabs(s, &nt);
	if (!tabs && nt)
		return -ENOMEM;
	ana_jw_init(&w, c->out);
	ana_jw_obj(&w);
	ana_jw_kstr(&w, "query", "summary");
	ana_json_meta(c, &w);
	ana_jw_kstr(&w, "time", "wall");
	ana_jw_key(&w, "tables");
	ana_jw_arr(&w);
	for (i = 0; i < nt; i++) {
		struct sum_tab *t = tabs[i];
		struct sum_row **rows;
		uint64_t tot_ns = 0, tot_calls = 0, tot_err = 0;
		size_t nr;

		rows = sorted_rows(t, &nr);
		if (!rows && nr)
			break;
		for (j = 0; j < nr; j++) {
			tot_ns += rows[j]->ns;
			tot_calls += rows[j]->calls;
			tot_err += rows[j]->errors;
		}
		ana_jw_obj(&w);
		ana_jw_kstr(&w, "trace", t->trace ? t->trace->name : NULL);
		ana_jw_kstr(&w, "abi", tl_abi_name(t->abi));
		if (t->proc) {
			ana_jw_kuint(&w, "pid", t->proc->pid);
			ana_jw_kstr(&w, "comm", t->proc->comm);
		}
		ana_jw_key(&w, "rows");
		ana_jw_arr(&w);
		for (j = 0; j < nr; j++) {
			const struct sum_row *r = rows[j];

			ana_jw_obj(&w);
			ana_jw_kstr(&w, "syscall", r->name);
			ana_jw_key(&w, "percent");
			ana_jw_double(&w, tot_ns ? 100.0 * (double)r->ns / (double)tot_ns : 0, 2);
			ana_jw_key(&w, "seconds");
			ana_jw_double(&w, r->ns / 1e9, 6);
			ana_jw_kuint(&w, "total_ns", r->ns);
			ana_jw_kuint(&w, "usecs_per_call", r->calls ? r->ns / 1000 / r->calls : 0);
			ana_jw_kuint(&w, "calls", r->calls);
			ana_jw_kuint(&w, "errors", r->errors);
			ana_jw_obj_end(&w);
		}
		ana_jw_arr_end(&w);
		ana_jw_key(&w, "total");
		ana_jw_obj(&w);
		ana_jw_key(&w, "seconds");
		ana_jw_double(&w, tot_ns / 1e9, 6);
		ana_jw_kuint(&w, "total_ns", tot_ns);
		ana_jw_kuint(&w, "usecs_per_call", tot_calls ? tot_ns / 1000 / tot_calls : 0);
		ana_jw_kuint(&w, "calls", tot_calls);
		ana_jw_kuint(&w, "errors", tot_err);
		ana_jw_obj_end(&w);
		ana_jw_obj_end(&w);
		free(rows);
	}
	ana_jw_arr_end(&w);
	ana_jw_obj_end(&w);
	free(tabs);
	return 0;
}

static int summary_end(struct ana_ctx *c, void *state)
{
	if (c->opts->json)
		return summary_json(c, state);
	return ana_summary_print_text(c, state, c->out);
}

void ana_summary_release(struct ana_ctx *c, void *state)
{
	struct ana_summary *s = state;
	struct ana_hnode **tv, **rv;
	size_t nt, nr, i, j;

	(void)c;
	if (!s)
		return;
	tv = ana_htab__list(&s->tabs, &nt);
	for (i = 0; i < nt; i++) {
		struct sum_tab *t = ana_container_of(tv[i], struct sum_tab, hn);

		rv = ana_htab__list(&t->rows, &nr);
		for (j = 0; j < nr; j++) {
			struct sum_row *r = ana_container_of(rv[j], struct sum_row, hn);

			free(r->name);
			free(r);
		}
		free(rv);
		ana_htab_release(&t->rows);
		free(t);
	}
	free(tv);
	ana_htab_release(&s->tabs);
	free(s);
}

const struct ana_query ana_q_summary = {
	.name = "summary",
	.args = "[--per-process]",
	.desc = "strace -c table: % time, seconds, usecs/call, calls, errors per syscall",
	.example = "tl-analyze summary --per-process trace.tlz",
	.begin = ana_summary_begin,
	.event = ana_summary_event,
	.end = summary_end,
	.release = ana_summary_release,
};
