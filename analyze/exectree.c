// SPDX-License-Identifier: MIT
/*
 * exectree.c - `tl-analyze exec-tree`: the process tree built by the
 * process model from fork/exec/exit events, with each process's pid,
 * comm, argv, start time, duration and end (exit code, signal, or still
 * running at dump), its exec chain in order, and processes that started
 * before the trace window anchored from the dump-time snapshot.
 *
 * --pid/--comm select subtrees (a matching process and everything below
 * it); --since/--until keep the processes alive in that window.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "ana.h"
#include "internal.h"
#include "queries.h"

#define MAX_DEPTH	1000
#define ARGV_TEXT_MAX	400
#define COMM_MAX	15		/* a kernel comm: TASK_COMM_LEN - 1 */

struct disp {
	struct ana_proc *p;
	size_t child, sibling, last;	/* indexes + 1 into the disp array */
};

struct tree {
	struct disp *d;			/* by proc id (1-based; [0] unused) */
	size_t n;
	size_t *roots;			/* disp indexes */
	size_t nroots;
};

static bool name_match(const struct ana_opts *o, const char *comm)
{
	size_t i;

	for (i = 0; i < o->ncomms; i++)
		if (strcmp(o->comms[i], comm) == 0)
			return true;
	return false;
}

static bool proc_match(const struct ana_opts *o, const struct ana_proc *p)
{
	size_t i;

	if (!o->npids && !o->ncomms)
		return true;
	for (i = 0; i < o->npids; i++)
		if (o->pids[i] == p->pid)
			return true;
	if (o->ncomms) {
		if (name_match(o, p->comm0))
			return true;
		for (i = 0; i < p->nexecs; i++)
			if (name_match(o, p->execs[i].comm))
				return true;
	}
	return false;
}

static bool trace_match(const struct ana_opts *o, const struct ana_proc *p)
{
	char idb[16];
	size_t i;

	if (!o->ntraces)
		return true;
	if (!p->trace)
		return false;
	snprintf(idb, sizeof(idb), "%u", p->trace->id);
	for (i = 0; i < o->ntraces; i++)
		if ((p->trace->name && !strcmp(o->traces[i], p->trace->name)) ||
		    !strcmp(o->traces[i], idb))
			return true;
	return false;
}

static int64_t proc_end_wall(const struct ana_ctx *c, const struct ana_proc *p)
{
	if (p->end == ANA_END_EXITED)
		return p->end_wall;
	if (p->trace && p->trace->end_ns && p->file)
		return p->trace->end_ns + p->file->wall_offset_ns;
	return c->last_wall;
}

static bool time_visible(const struct ana_ctx *c, const struct ana_proc *p)
{
	int64_t s = p->start_wall ? p->start_wall : p->first_wall;
	int64_t e = proc_end_wall(c, p);

	if (!c->time_resolved)
		return true;
	if (s && s > c->until_wall)
		return false;
	if (e && e < c->since_wall)
		return false;
	return true;
}

static int tree_add(struct tree *t, size_t parent, size_t idx)
{
	if (!parent) {
		size_t *v = tl_reallocarray(t->roots, t->nroots + 1, sizeof(*v));

		if (!v)
			return -ENOMEM;
		t->roots = v;
		t->roots[t->nroots++] = idx;
		return 0;
	}
	if (t->d[parent].last)
		t->d[t->d[parent].last].sibling = idx;
	else
		t->d[parent].child = idx;
	t->d[parent].last = idx;
	return 0;
}

/* Builds the displayed tree: nodes that pass the filters, each under its
 * nearest displayed ancestor. Iterative DFS over the real tree. */
static int tree_build(struct ana_ctx *c, struct tree *t)
{
	const struct ana_opts *o = c->opts;
	struct ana_procs *ps = &c->procs;
	struct frame {
		struct ana_proc *p;
		size_t disp_parent;
		bool matched;
	} *st = NULL;
	size_t nst = 0, cap = 0, i;
	int err = 0;

	memset(t, 0, sizeof(*t));
	t->n = ps->nall + 1;
	t->d = calloc(t->n, sizeof(*t->d));
	if (!t->d)
		return -ENOMEM;
	for (i = 0; i < ps->nall; i++) {
		struct ana_proc *r = ps->all[i];

		if (r->parent)
			continue;
		/* push the root */
		{
			void *v = st;

			if (tl_grow(&v, &cap, nst + 1, sizeof(*st)))
				goto nomem;
			st = v;
			st[nst++] = (struct frame){ r, 0, false };
		}
		while (nst) {
			struct frame f = st[--nst];
			struct ana_proc *p = f.p, *ch;
			bool show, matched = f.matched || proc_match(o, p);
			size_t dp = f.disp_parent, k, nkids = 0;

			show = matched && trace_match(o, p) && time_visible(c, p);
			if (show && p->id < t->n) {
				t->d[p->id].p = p;
				err = tree_add(t, dp, p->id);
				if (err)
					goto out;
				dp = p->id;
			}
			/* children pushed in reverse so they pop in order */
			for (ch = p->child; ch; ch = ch->sibling)
				nkids++;
			{
				void *v = st;

				if (tl_grow(&v, &cap, nst + nkids, sizeof(*st)))
					goto nomem;
				st = v;
			}
			k = nst + nkids;
			for (ch = p->child; ch; ch = ch->sibling)
				st[--k] = (struct frame){ ch, dp, matched };
			nst += nkids;
		}
	}
out:
	free(st);
	return err;
nomem:
	err = -ENOMEM;
	goto out;
}

static void tree_free(struct tree *t)
{
	free(t->d);
	free(t->roots);
}

/* "exited with 0" / "killed by SIGSEGV" / "still running" / ... */
static const char *end_text(const struct ana_proc *p, char *buf, size_t len)
{
	if (p->end == ANA_END_EXITED)
		return ana_wait_status(p->exit_code, buf, len);
	if (p->alive_at_dump || !p->snap)
		return "still running";
	return "no exit recorded";
}

static bool comm_known(const char *comm)
{
	return comm && comm[0] && strcmp(comm, "?") != 0;
}

/*
 * The name to show for a process: its comm at start (or first sight);
 * when that is unknown, as for the traced command, whose trace starts at
 * its own execve, the comm its first kept exec gave it, else the
 * basename of argv[0] cut like a comm; "?" when the trace has none.
 */
static const char *proc_name(const struct ana_proc *p, char *buf, size_t len)
{
	const char *a, *slash;
	size_t n;

	if (comm_known(p->comm0))
		return p->comm0;
	if (p->nexecs && comm_known(p->execs[0].comm))
		return p->execs[0].comm;
	if (p->argv0 && p->argv0_len && len) {
		n = strnlen(p->argv0, p->argv0_len);
		a = p->argv0;
		slash = memrchr(a, '/', n);
		if (slash) {
			n -= (size_t)(slash + 1 - a);
			a = slash + 1;
		}
		if (n > COMM_MAX)
			n = COMM_MAX;
		if (n >= len)
			n = len - 1;
		memcpy(buf, a, n);
		buf[n] = 0;
		if (comm_known(buf))
			return buf;
	}
	return p->comm0;
}

static char *proc_cmd(const struct ana_proc *p)
{
	if (p->argv0 && p->argv0_len)
		return ana_argv_text(p->argv0, p->argv0_len, false, ARGV_TEXT_MAX);
	return strdup(p->comm0);
}

enum { C_TREE, C_START, C_DUR, C_END, C_CMD, NCOLS };

static const struct ana_col cols[NCOLS] = {
	[C_TREE] = { "PROCESS", "process", ANA_LEFT, false },
	[C_START] = { "START", "start", ANA_LEFT, false },
	[C_DUR] = { "DURATION", "duration", ANA_RIGHT, false },
	[C_END] = { "END", "end", ANA_LEFT, false },
	[C_CMD] = { "COMMAND", "command", ANA_LEFT, false },
};

static int row_proc(struct ana_ctx *c, struct ana_table *t, const char *prefix,
		    const struct ana_proc *p)
{
	char tb[32], eb[64], nb[COMM_MAX + 1], *label = NULL, *cmd = NULL;
	int64_t start = p->start_wall ? p->start_wall : p->first_wall;
	int64_t end = proc_end_wall(c, p);
	int err;

	if (asprintf(&label, "%s%u %s", prefix, p->pid,
		     proc_name(p, nb, sizeof(nb))) < 0)
		return -ENOMEM;
	cmd = proc_cmd(p);
	err = ana_table__row(t);
	err = err ?: ana_table__str(t, C_TREE, label);
	if (!err) {
		ana_fmt_time(start, tb, sizeof(tb));
		if (!p->start_wall) {
			char b2[40];

			snprintf(b2, sizeof(b2), "<=%s", tb);
			err = ana_table__str(t, C_START, b2);
		} else {
			err = ana_table__str(t, C_START, tb);
		}
	}
	if (!err && start && end) {
		char db[40];

		snprintf(db, sizeof(db), "%s%.6f", p->start_wall ? "" : ">=",
			 (end - start) / 1e9);
		err = ana_table__str(t, C_DUR, db);
	}
	err = err ?: ana_table__str(t, C_END, end_text(p, eb, sizeof(eb)));
	err = err ?: ana_table__str(t, C_CMD, cmd ? cmd : "");
	free(label);
	free(cmd);
	return err;
}

static int row_exec(struct ana_table *t, const char *prefix,
		    const struct ana_exec *x)
{
	char tb[32], *label = NULL, *cmd;
	int err;

	if (asprintf(&label, "%s\u21b3 exec %s", prefix, x->comm) < 0)
		return -ENOMEM;
	if (x->argv)
		cmd = ana_argv_text(x->argv, x->argv_len, x->argv_trunc,
				    ARGV_TEXT_MAX);
	else
		cmd = strdup(x->filename ? x->filename : x->comm);
	err = ana_table__row(t);
	err = err ?: ana_table__str(t, C_TREE, label);
	err = err ?: ana_table__str(t, C_START, ana_fmt_time(x->wall, tb, sizeof(tb)));
	err = err ?: ana_table__str(t, C_CMD, cmd ? cmd : "");
	free(label);
	free(cmd);
	return err;
}

/* Appends a piece to a prefix string, returning a new one. */
static char *prefix_add(const char *pre, const char *piece)
{
	char *s = NULL;

	if (asprintf(&s, "%s%s", pre, piece) < 0)
		return NULL;
	return s;
}

static int tree_rows(struct ana_ctx *c, struct tree *t, struct ana_table *tab)
{
	struct frame {
		size_t idx;
		char *cont;		/* prefix for this node's own lines */
		char *mark;		/* prefix for its first line */
		int depth;
	} *st = NULL;
	size_t nst = 0, cap = 0, r;
	int err = 0;
	unsigned cur_file = (unsigned)-1;

	for (r = t->nroots; r-- > 0;) {
		void *v = st;

		if (tl_grow(&v, &cap, nst + 1, sizeof(*st)))
			goto nomem;
		st = v;
		st[nst++] = (struct frame){ t->roots[r], strdup(""), strdup(""), 0 };
	}
	while (nst) {
		struct frame f = st[--nst];
		struct ana_proc *p = t->d[f.idx].p;
		size_t ch, nk = 0, k;
		uint32_t i;

		if (!f.cont || !f.mark) {
			free(f.cont);
			free(f.mark);
			goto nomem;
		}
		if (c->nfiles > 1 && f.depth == 0 && p->file_idx != cur_file) {
			cur_file = p->file_idx;
			err = ana_table__row(tab);
			err = err ?: ana_table__str(tab, C_TREE,
				c->files[cur_file] ? c->files[cur_file]->name : "?");
		}
		err = err ?: row_proc(c, tab, f.mark, p);
		for (i = 0; i < p->nexecs && !err; i++) {
			/* exec lines hang under the process's own line */
			char *pre = prefix_add(f.cont, t->d[f.idx].child ?
					       "\u2502  " : "   ");

			if (!pre) {
				err = -ENOMEM;
				break;
			}
			err = row_exec(tab, pre, &p->execs[i]);
			free(pre);
			if (!err && i == 0 && p->execs_dropped) {
				char note[64];

				snprintf(note, sizeof(note), "(%" PRIu64
					 " more execs not kept)", p->execs_dropped);
				err = ana_table__row(tab);
				err = err ?: ana_table__str(tab, C_CMD, note);
			}
		}
		if (!err && f.depth >= MAX_DEPTH && t->d[f.idx].child) {
			err = ana_table__row(tab);
			err = err ?: ana_table__str(tab, C_TREE, "(deeper levels not shown)");
		} else if (!err) {
			for (ch = t->d[f.idx].child; ch; ch = t->d[ch].sibling)
				nk++;
			{
				void *v = st;

				if (tl_grow(&v, &cap, nst + nk, sizeof(*st)))
					err = -ENOMEM;
				else
					st = v;
			}
			k = nst + nk;
			for (ch = t->d[f.idx].child; ch && !err; ch = t->d[ch].sibling) {
				bool last = !t->d[ch].sibling;

				k--;
				st[k].idx = ch;
				st[k].depth = f.depth + 1;
				st[k].mark = prefix_add(f.cont, last ? "\u2514\u2500 " :
							"\u251c\u2500 ");
				st[k].cont = prefix_add(f.cont, last ? "   " : "\u2502  ");
			}
			if (!err)
				nst += nk;
		}
		free(f.cont);
		free(f.mark);
		if (err)
			break;
	}
	while (nst) {
		nst--;
		free(st[nst].cont);
		free(st[nst].mark);
	}
	free(st);
	return err;
nomem:
	err = -ENOMEM;
	while (nst) {
		nst--;
		free(st[nst].cont);
		free(st[nst].mark);
	}
	free(st);
	return err;
}

struct ana_table *ana_exectree_table(struct ana_ctx *c, size_t *nprocs)
{
	struct ana_table *tab;
	struct tree t;
	size_t i;
	int err;

	err = tree_build(c, &t);
	if (err) {
		tree_free(&t);
		return NULL;
	}
	if (nprocs) {
		*nprocs = 0;
		for (i = 1; i < t.n; i++)
			*nprocs += t.d[i].p != NULL;
	}
	tab = ana_table__new(cols, NCOLS);
	if (tab && tree_rows(c, &t, tab)) {
		ana_table__free(tab);
		tab = NULL;
	}
	tree_free(&t);
	return tab;
}

/* ------------------------------------------------------------ JSON */

static void json_argv(struct ana_jw *w, const char *argv, uint32_t len)
{
	uint32_t i = 0;

	ana_jw_arr(w);
	while (argv && i < len) {
		size_t n = strnlen(argv + i, len - i);

		ana_jw_strn(w, argv + i, n);
		i += (uint32_t)n + 1;
	}
	ana_jw_arr_end(w);
}

static void json_proc_open(struct ana_ctx *c, struct ana_jw *w,
			   const struct ana_proc *p)
{
	char eb[64], nb[COMM_MAX + 1];
	uint32_t i;

	ana_jw_obj(w);
	ana_jw_kuint(w, "pid", p->pid);
	ana_jw_kuint(w, "ppid", p->ppid);
	ana_jw_kstr(w, "comm", proc_name(p, nb, sizeof(nb)));
	ana_jw_key(w, "argv");
	if (p->argv0)
		json_argv(w, p->argv0, p->argv0_len);
	else
		ana_jw_null(w);
	if (c->nfiles > 1)
		ana_jw_kstr(w, "file", p->file ? p->file->name : NULL);
	ana_jw_key(w, "start_ns");
	if (p->start_wall)
		ana_jw_int(w, p->start_wall);
	else
		ana_jw_null(w);
	ana_jw_kint(w, "first_ns", p->first_wall);
	ana_jw_kbool(w, "forked_in_trace", p->forked);
	ana_jw_kbool(w, "before_trace", !p->forked);
	if (p->end == ANA_END_EXITED) {
		int sig = p->exit_code & 0x7f;

		ana_jw_kint(w, "end_ns", p->end_wall);
		if (p->start_wall)
			ana_jw_kint(w, "duration_ns", p->end_wall - p->start_wall);
		ana_jw_kstr(w, "end", sig ? "killed" : "exited");
		if (sig) {
			ana_jw_kstr(w, "signal", tl_signal_name(sig));
			ana_jw_kbool(w, "core_dumped", p->exit_code & 0x80);
		} else {
			ana_jw_kint(w, "exit_code", (p->exit_code >> 8) & 0xff);
		}
	} else {
		ana_jw_kstr(w, "end", strcmp(end_text(p, eb, sizeof(eb)),
					     "still running") ? "unknown" : "running");
	}
	ana_jw_kstr(w, "end_text", end_text(p, eb, sizeof(eb)));
	ana_jw_key(w, "execs");
	ana_jw_arr(w);
	for (i = 0; i < p->nexecs; i++) {
		const struct ana_exec *x = &p->execs[i];

		ana_jw_obj(w);
		ana_jw_kint(w, "ts_ns", x->wall);
		ana_jw_kstr(w, "filename", x->filename);
		ana_jw_kstr(w, "comm", x->comm);
		ana_jw_key(w, "argv");
		if (x->argv)
			json_argv(w, x->argv, x->argv_len);
		else
			ana_jw_null(w);
		ana_jw_kbool(w, "argv_truncated", x->argv_trunc);
		ana_jw_obj_end(w);
	}
	ana_jw_arr_end(w);
	if (p->execs_dropped)
		ana_jw_kuint(w, "execs_dropped", p->execs_dropped);
	ana_jw_key(w, "children");
	ana_jw_arr(w);
}

static int tree_json(struct ana_ctx *c, struct tree *t, struct ana_jw *w)
{
	/* iterative: each stack entry is a node still to open, or a close
	 * marker (idx 0) */
	size_t *st = NULL, nst = 0, cap = 0, r;
	int depth = 0;

	for (r = t->nroots; r-- > 0;) {
		void *v = st;

		if (tl_grow(&v, &cap, nst + 1, sizeof(*st)))
			goto nomem;
		st = v;
		st[nst++] = t->roots[r];
	}
	while (nst) {
		size_t idx = st[--nst], ch, nk = 0, k;

		if (idx == 0) {
			ana_jw_arr_end(w);	/* children */
			ana_jw_obj_end(w);
			depth--;
			continue;
		}
		json_proc_open(c, w, t->d[idx].p);
		depth++;
		if (depth < ANA_JW_DEPTH / 2 - 8)
			for (ch = t->d[idx].child; ch; ch = t->d[ch].sibling)
				nk++;
		{
			void *v = st;

			if (tl_grow(&v, &cap, nst + nk + 1, sizeof(*st)))
				goto nomem;
			st = v;
		}
		st[nst++] = 0;
		k = nst + nk;
		if (nk)
			for (ch = t->d[idx].child; ch; ch = t->d[ch].sibling)
				st[--k] = ch;
		nst += nk;
	}
	free(st);
	return 0;
nomem:
	free(st);
	return -ENOMEM;
}

int ana_exectree_json(struct ana_ctx *c, struct ana_jw *w)
{
	struct tree t;
	int err;

	err = tree_build(c, &t);
	if (!err) {
		ana_jw_arr(w);
		err = tree_json(c, &t, w);
		ana_jw_arr_end(w);
	}
	tree_free(&t);
	return err;
}

static int exectree_begin(struct ana_ctx *c, void **state)
{
	(void)c;
	*state = NULL;
	return 0;
}

static int exectree_event(struct ana_ctx *c, void *state,
			  const struct tl_event *ev, struct ana_proc *p)
{
	(void)c; (void)state; (void)ev; (void)p;
	return 0;
}

static int exectree_end(struct ana_ctx *c, void *state)
{
	struct ana_table *t;
	size_t n = 0;
	int err = 0;

	(void)state;
	if (c->opts->json) {
		struct ana_jw w;

		ana_jw_init(&w, c->out);
		ana_jw_obj(&w);
		ana_jw_kstr(&w, "query", "exec-tree");
		ana_json_meta(c, &w);
		ana_jw_key(&w, "roots");
		err = ana_exectree_json(c, &w);
		ana_jw_obj_end(&w);
		return err;
	}
	t = ana_exectree_table(c, &n);
	if (!t)
		return -ENOMEM;
	if (n)
		ana_table__print_text(t, c->out, 0);
	else
		fprintf(c->out, "no processes\n");
	ana_table__free(t);
	return 0;
}

static void exectree_release(struct ana_ctx *c, void *state)
{
	(void)c; (void)state;
}

const struct ana_query ana_q_exectree = {
	.name = "exec-tree",
	.desc = "process tree: fork/exec chain, argv, start, duration, exit code or signal",
	.example = "tl-analyze exec-tree --comm make trace.tlz",
	.all_events = true,
	.begin = exectree_begin,
	.event = exectree_event,
	.end = exectree_end,
	.release = exectree_release,
};
