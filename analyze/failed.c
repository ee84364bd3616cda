// SPDX-License-Identifier: MIT
/*
 * failed.c - `tl-analyze failed-opens`: every failing call on a path
 * (open, openat, openat2, creat, access, faccessat, the stat family,
 * execve, readlink, unlink, mkdir, rename, ...: any syscall with a path
 * argument), grouped by process, comm, syscall, resolved path and errno,
 * and symbolic flags (the call's flag/mode arguments as strace prints
 * them: "O_WRONLY|O_CREAT|O_TRUNC, 0644", "R_OK", "AT_SYMLINK_NOFOLLOW"),
 * most frequent first, with first and last time.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ana.h"
#include "argfmt.h"
#include "internal.h"
#include "sbuf.h"
#include "queries.h"

struct fo_group {
	struct ana_hnode hn;
	const struct ana_proc *proc;	/* instance (for the final path) */
	uint32_t pid;
	char comm[17];
	char *name;			/* syscall */
	char *path;			/* resolved; "a -> b" for two paths */
	char *flags;			/* symbolic flag arguments, "" if none */
	bool deferred;
	int err;
	uint64_t count;
	int64_t first_ts, first_wall, last_ts, last_wall;
};

struct fo_key {
	const struct ana_proc *proc;
	uint32_t pid;
	const char *comm, *name, *path, *flags;
	bool deferred;
	int err;
};

struct ana_failed {
	struct ana_htab groups;
	struct fo_group **rows;		/* final, sorted (after finish) */
	size_t nrows;
	struct sbuf sb;			/* flags text scratch */
};

static uint64_t key_hash(const struct fo_key *k)
{
	uint64_t h = ana_hash_u64(ANA_HASH_SEED, (uintptr_t)k->proc);

	h = ana_hash_u64(h, k->pid);
	h = ana_hash_str(h, k->comm);
	h = ana_hash_str(h, k->name);
	h = ana_hash_str(h, k->path);
	h = ana_hash_str(h, k->flags);
	h = ana_hash_u64(h, (uint64_t)k->err << 1 | k->deferred);
	return h;
}

static int key_eq(const struct ana_hnode *n, const void *key)
{
	const struct fo_group *g = ana_container_of(n, struct fo_group, hn);
	const struct fo_key *k = key;

	return g->proc == k->proc && g->pid == k->pid && g->err == k->err &&
	       g->deferred == k->deferred && !strcmp(g->comm, k->comm) &&
	       !strcmp(g->name, k->name) && !strcmp(g->path, k->path) &&
	       !strcmp(g->flags, k->flags);
}

static void group_free(struct fo_group *g)
{
	if (!g)
		return;
	free(g->name);
	free(g->path);
	free(g->flags);
	free(g);
}

/* Adds `count` occurrences to the group of key k (created if needed). */
static int group_add(struct ana_htab *h, const struct fo_key *k,
		     uint64_t count, int64_t first_ts, int64_t first_wall,
		     int64_t last_ts, int64_t last_wall)
{
	uint64_t hash = key_hash(k);
	struct ana_hnode *n = ana_htab__find(h, hash, key_eq, k);
	struct fo_group *g;

	if (n) {
		g = ana_container_of(n, struct fo_group, hn);
	} else {
		g = calloc(1, sizeof(*g));
		if (!g)
			return -ENOMEM;
		g->proc = k->proc;
		g->pid = k->pid;
		snprintf(g->comm, sizeof(g->comm), "%s", k->comm);
		g->name = strdup(k->name);
		g->path = strdup(k->path);
		g->flags = strdup(k->flags);
		g->deferred = k->deferred;
		g->err = k->err;
		g->first_ts = first_ts;
		g->first_wall = first_wall;
		if (!g->name || !g->path || !g->flags || ana_htab__add(h, &g->hn, hash)) {
			group_free(g);
			return -ENOMEM;
		}
	}
	if (first_ts < g->first_ts) {
		g->first_ts = first_ts;
		g->first_wall = first_wall;
	}
	if (last_ts >= g->last_ts) {
		g->last_ts = last_ts;
		g->last_wall = last_wall;
	}
	g->count += count;
	return 0;
}

/* The call's symbolic flag arguments as strace prints them, joined with
 * ", " ("O_WRONLY|O_CREAT|O_TRUNC, 0644"), "" when it has none; AT_FDCWD is
 * left out (the path column is resolved). NUL-terminated in sb; NULL when
 * out of memory. */
static const char *flags_text(struct sbuf *sb, const struct tl_event *ev)
{
	struct argfmt_spans sp;
	struct sbuf tmp = { 0 };
	unsigned int i, mask;

	sb->len = 0;
	mask = argfmt_event(ev, &tmp, &sp);
	for (i = 0; i < 6; i++) {
		const struct tl_sysarg *a;

		if (!(mask & (1u << i)))
			continue;
		a = ev->sc && i < ev->sc->nargs ? &ev->sc->args[i] : NULL;
		if (a && a->kind == TL_ARG_DIRFD)
			continue;
		if (sb->len)
			sbuf_add(sb, ", ", 2);
		sbuf_add(sb, tmp.buf + sp.off[i], sp.len[i]);
	}
	sbuf_putc(sb, 0);
	if (tmp.err)
		sb->err = tmp.err;
	sbuf_release(&tmp);
	return sb->err ? NULL : sb->buf;
}

int ana_failed_begin(struct ana_ctx *c, void **state)
{
	struct ana_failed *s = calloc(1, sizeof(*s));

	(void)c;
	if (!s)
		return -ENOMEM;
	*state = s;
	return 0;
}

int ana_failed_event(struct ana_ctx *c, void *state, const struct tl_event *ev,
		     struct ana_proc *p)
{
	struct ana_failed *s = state;
	struct ana_path_arg pa[2];
	struct fo_key k;
	char *joined = NULL;
	int err, n, i, ret;

	if (!ana_ev_failed(ev, &err))
		return 0;
	/* extended attribute lookups fail with ENODATA on every file ls -l
	 * lists: they are not failed opens (errors lists them) */
	if (ev->name && strstr(ev->name, "xattr"))
		return 0;
	n = ana_ev_paths(c, ev, p, pa, 2);
	if (n <= 0)
		return 0;
	if (n == 2) {
		if (asprintf(&joined, "%s -> %s", pa[0].path, pa[1].path) < 0)
			joined = NULL;
	}
	k.proc = p;
	k.pid = ev->pid;
	k.comm = ev->comm ? ev->comm : "?";
	k.name = ev->name ? ev->name : "?";
	k.path = joined ? joined : pa[0].path;
	k.flags = flags_text(&s->sb, ev);
	if (!k.flags) {
		ret = -ENOMEM;
		goto out;
	}
	k.deferred = pa[0].deferred || (n == 2 && pa[1].deferred);
	k.err = err;
	/* two paths are settled now: a deferred pair stays as given */
	if (joined)
		k.deferred = false;
	ret = group_add(&s->groups, &k, 1, ev->ts, ev->wall_ns, ev->ts,
			ev->wall_ns);
out:
	free(joined);
	for (i = 0; i < n; i++)
		free(pa[i].path);
	return ret;
}

static int row_cmp(const void *a, const void *b)
{
	const struct fo_group *x = *(struct fo_group *const *)a;
	const struct fo_group *y = *(struct fo_group *const *)b;
	int r;

	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	if (x->first_ts != y->first_ts)
		return x->first_ts < y->first_ts ? -1 : 1;
	if (x->pid != y->pid)
		return x->pid < y->pid ? -1 : 1;
	r = strcmp(x->path, y->path);
	if (r)
		return r;
	r = strcmp(x->name, y->name);
	if (r)
		return r;
	r = strcmp(x->flags, y->flags);
	return r ? r : x->err - y->err;
}

static void free_all(struct ana_htab *h)
{
	struct ana_hnode **v;
	size_t n, i;

	v = ana_htab__list(h, &n);
	for (i = 0; i < n; i++)
		group_free(ana_container_of(v[i], struct fo_group, hn));
	free(v);
	ana_htab_release(h);
}

/* Settles deferred paths and merges groups that became equal; sorts. */
int ana_failed_finish(struct ana_ctx *c, void *state)
{
	struct ana_failed *s = state;
	struct ana_htab merged;
	struct ana_hnode **v;
	size_t n, i;
	int err = 0;

	(void)c;
	if (s->rows)
		return 0;
	ana_htab_init(&merged);
	v = ana_htab__list(&s->groups, &n);
	if (!v && n)
		return -ENOMEM;
	for (i = 0; i < n && !err; i++) {
		struct fo_group *g = ana_container_of(v[i], struct fo_group, hn);
		char *path = ana_proc__final_path(g->proc, g->path, g->deferred);
		struct fo_key k = {
			.proc = NULL, .pid = g->pid, .comm = g->comm,
			.name = g->name, .path = path, .flags = g->flags,
			.err = g->err,
		};

		if (!path) {
			err = -ENOMEM;
			break;
		}
		err = group_add(&merged, &k, g->count, g->first_ts,
				g->first_wall, g->last_ts, g->last_wall);
		free(path);
	}
	free(v);
	free_all(&s->groups);
	s->groups = merged;
	if (err)
		return err;
	v = ana_htab__list(&s->groups, &n);
	if (!v && n)
		return -ENOMEM;
	if (n > 1)
		qsort(v, n, sizeof(*v), row_cmp);
	s->rows = (struct fo_group **)v;
	for (i = 0; i < n; i++)
		s->rows[i] = ana_container_of(v[i], struct fo_group, hn);
	s->nrows = n;
	return 0;
}

enum { C_COUNT, C_PID, C_COMM, C_SYSCALL, C_ERRNO, C_MSG, C_ERROR, C_FIRST,
       C_LAST, C_FIRST_NS, C_LAST_NS, C_FLAGS, C_PATH, NCOLS };

static const struct ana_col cols[NCOLS] = {
	[C_COUNT] = { "COUNT", "count", ANA_RIGHT, false },
	[C_PID] = { "PID", "pid", ANA_RIGHT, false },
	[C_COMM] = { "COMM", "comm", ANA_LEFT, false },
	[C_SYSCALL] = { "SYSCALL", "syscall", ANA_LEFT, false },
	[C_ERRNO] = { "ERRNO", "errno", ANA_LEFT, true },
	[C_MSG] = { "MESSAGE", "message", ANA_LEFT, true },
	[C_ERROR] = { "ERROR", NULL, ANA_LEFT, false },
	[C_FIRST] = { "FIRST", NULL, ANA_LEFT, false },
	[C_LAST] = { "LAST", NULL, ANA_LEFT, false },
	[C_FIRST_NS] = { "FIRST_NS", "first_ns", ANA_LEFT, true },
	[C_LAST_NS] = { "LAST_NS", "last_ns", ANA_LEFT, true },
	[C_FLAGS] = { "FLAGS", "flags", ANA_LEFT, false },
	[C_PATH] = { "PATH", "path", ANA_LEFT, false },
};

struct ana_table *ana_failed_table(struct ana_ctx *c, void *state)
{
	struct ana_failed *s = state;
	struct ana_table *t;
	size_t i, n = s->nrows;
	int err = 0;

	if (c->opts->limit && n > c->opts->limit)
		n = c->opts->limit;
	t = ana_table__new(cols, NCOLS);
	if (!t)
		return NULL;
	for (i = 0; i < n && !err; i++) {
		const struct fo_group *g = s->rows[i];
		char b1[32], b2[64], tb[32];
		const char *en = ana_errno_name(g->err, b1, sizeof(b1));
		const char *em = ana_errno_msg(g->err, b2, sizeof(b2));

		err = ana_table__row(t);
		err = err ?: ana_table__uint(t, C_COUNT, g->count);
		err = err ?: ana_table__uint(t, C_PID, g->pid);
		err = err ?: ana_table__str(t, C_COMM, g->comm);
		err = err ?: ana_table__str(t, C_SYSCALL, g->name);
		err = err ?: ana_table__str(t, C_ERRNO, en);
		err = err ?: ana_table__str(t, C_MSG, em);
		err = err ?: ana_table__null(t, C_ERROR, NULL);
		if (!err) {
			char *e = NULL;

			if (asprintf(&e, "%s (%s)", en, em) < 0)
				err = -ENOMEM;
			else
				err = ana_table__str(t, C_ERROR, e);
			free(e);
		}
		err = err ?: ana_table__str(t, C_FIRST,
				ana_fmt_time(g->first_wall, tb, sizeof(tb)));
		err = err ?: ana_table__str(t, C_LAST,
				ana_fmt_time(g->last_wall, tb, sizeof(tb)));
		err = err ?: ana_table__int(t, C_FIRST_NS, g->first_wall);
		err = err ?: ana_table__int(t, C_LAST_NS, g->last_wall);
		if (g->flags[0])
			err = err ?: ana_table__str(t, C_FLAGS, g->flags);
		else
			err = err ?: ana_table__null(t, C_FLAGS, "-");
		err = err ?: ana_table__str(t, C_PATH, g->path);
	}
	if (err) {
		ana_table__free(t);
		return NULL;
	}
	return t;
}

size_t ana_failed_count(void *state)
{
	return ((struct ana_failed *)state)->nrows;
}

static int failed_end(struct ana_ctx *c, void *state)
{
	struct ana_table *t;
	int err;

	err = ana_failed_finish(c, state);
	if (err)
		return err;
	t = ana_failed_table(c, state);
	if (!t)
		return -ENOMEM;
	if (c->opts->json) {
		struct ana_jw w;

		ana_jw_init(&w, c->out);
		ana_jw_obj(&w);
		ana_jw_kstr(&w, "query", "failed-opens");
		ana_json_meta(c, &w);
		ana_jw_key(&w, "rows");
		ana_table__print_json(t, &w);
		ana_jw_obj_end(&w);
	} else if (t->nrows) {
		ana_table__print_text(t, c->out, 0);
	} else {
		fprintf(c->out, "no failed calls on paths\n");
	}
	ana_table__free(t);
	return 0;
}

void ana_failed_release(struct ana_ctx *c, void *state)
{
	struct ana_failed *s = state;

	(void)c;
	if (!s)
		return;
	free(s->rows);
	free_all(&s->groups);
	sbuf_release(&s->sb);
	free(s);
}

const struct ana_query ana_q_failed = {
	.name = "failed-opens",
	.desc = "failing calls on paths (open, stat, access, execve, unlink...), grouped",
	.example = "tl-analyze failed-opens trace.tlz",
	.begin = ana_failed_begin,
	.event = ana_failed_event,
	.end = failed_end,
	.release = ana_failed_release,
};
