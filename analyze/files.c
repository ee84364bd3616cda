// SPDX-License-Identifier: MIT
/*
 * files.c - `tl-analyze files`: every path opened (open, openat, openat2,
 * creat), with the access modes seen, the open flags as strace prints them
 * (up to NFLAGS distinct sets), opens and failed opens, bytes read
 * and written through its fds (read/write/pread/readv/sendfile/splice...,
 * followed through the process model's fd table, across dup and fork),
 * and the processes involved. I/O on fds opened before the trace window
 * is listed as "<fd N>" of its process. Memory-mapped I/O is not seen.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "ana.h"
#include "flags.h"
#include "internal.h"
#include "queries.h"
#include "sbuf.h"

#define NPIDS 6
#define NFLAGS 3

enum {
	M_R = 1 << 0, M_W = 1 << 1, M_RW = 1 << 2, M_CREAT = 1 << 3,
	M_TRUNC = 1 << 4, M_APPEND = 1 << 5, M_DIR = 1 << 6, M_PATH = 1 << 7,
};

struct file_agg {
	struct ana_hnode hn;
	char *path;
	bool deferred;
	const struct ana_proc *proc;	/* deferred paths: whose cwd; unknown
					 * fds: whose fd */
	unsigned modes;
	char *flags[NFLAGS];		/* distinct open flag texts, in order */
	unsigned nflags;
	bool more_flags;
	uint64_t opens, failed;
	uint64_t bytes_read, bytes_written, reads, writes;
	int64_t first_wall;
	uint32_t pids[NPIDS];
	char comms[NPIDS][17];
	unsigned npids;
	bool more_pids;
};

struct ana_files {
	struct ana_htab aggs;
	struct file_agg **rows;
	size_t nrows;
};

struct fkey {
	const char *path;
	bool deferred;
	const struct ana_proc *proc;
};

static uint64_t fkey_hash(const struct fkey *k)
{
	return ana_hash_u64(ana_hash_str(ANA_HASH_SEED, k->path),
			    (uintptr_t)k->proc ^ k->deferred);
}

static int fkey_eq(const struct ana_hnode *n, const void *key)
{
	const struct file_agg *a = ana_container_of(n, struct file_agg, hn);
	const struct fkey *k = key;

	return a->proc == k->proc && a->deferred == k->deferred &&
	       strcmp(a->path, k->path) == 0;
}

static struct file_agg *agg_get(struct ana_htab *h, const struct fkey *k)
{
	uint64_t hash = fkey_hash(k);
	struct ana_hnode *n = ana_htab__find(h, hash, fkey_eq, k);
	struct file_agg *a;

	if (n)
		return ana_container_of(n, struct file_agg, hn);
	a = calloc(1, sizeof(*a));
	if (!a)
		return NULL;
	a->path = strdup(k->path);
	a->deferred = k->deferred;
	a->proc = k->proc;
	if (!a->path || ana_htab__add(h, &a->hn, hash)) {
		free(a->path);
		free(a);
		return NULL;
	}
	return a;
}

/* Remembers an open flag text (NFLAGS distinct ones, then more_flags). */
static int agg_flags(struct file_agg *a, const char *text)
{
	unsigned i;

	for (i = 0; i < a->nflags; i++)
		if (!strcmp(a->flags[i], text))
			return 0;
	if (a->nflags == NFLAGS) {
		a->more_flags = true;
		return 0;
	}
	a->flags[a->nflags] = strdup(text);
	if (!a->flags[a->nflags])
		return -ENOMEM;
	a->nflags++;
	return 0;
}

static void agg_free_flags(struct file_agg *a)
{
	unsigned i;

	for (i = 0; i < a->nflags; i++)
		free(a->flags[i]);
	a->nflags = 0;
}

static void agg_pid(struct file_agg *a, uint32_t pid, const char *comm)
{
	unsigned i;

	for (i = 0; i < a->npids; i++)
		if (a->pids[i] == pid)
			return;
	if (a->npids == NPIDS) {
		a->more_pids = true;
		return;
	}
	a->pids[a->npids] = pid;
	snprintf(a->comms[a->npids], 17, "%s", comm ? comm : "?");
	a->npids++;
}

static unsigned flag_modes(uint32_t fl)
{
	unsigned m = 0;

	if (fl & 010000000)		/* O_PATH */
		return M_PATH;
	switch (fl & 3) {
	case 0: m |= M_R; break;
	case 1: m |= M_W; break;
	default: m |= M_RW; break;
	}
	if (fl & 0100)
		m |= M_CREAT;
	if (fl & 01000)
		m |= M_TRUNC;
	if (fl & 02000)
		m |= M_APPEND;
	if (fl & 0200000)
		m |= M_DIR;
	return m;
}

int ana_files_begin(struct ana_ctx *c, void **state)
{
	(void)c;
	*state = calloc(1, sizeof(struct ana_files));
	return *state ? 0 : -ENOMEM;
}

/* The aggregate an fd's I/O goes to (NULL: not a file, or ENOMEM). */
static struct file_agg *fd_agg(struct ana_files *s, struct ana_proc *p,
			       int64_t fd)
{
	struct ana_fd *e = ana_proc__fd(p, (int32_t)fd);
	struct file_agg *a;
	struct fkey k;
	char lab[32];

	if (e) {
		if (e->kind != ANA_FD_FILE || !e->path)
			return NULL;
		if (e->files_agg)
			return e->files_agg;
		k.path = e->path;
		k.deferred = e->deferred;
		k.proc = e->deferred ? p : NULL;
		a = agg_get(&s->aggs, &k);
		e->files_agg = a;
		return a;
	}
	/* an fd we never saw opened (inherited before the window) */
	if ((int32_t)fd < 0)
		return NULL;
	snprintf(lab, sizeof(lab), "<fd %d>", (int32_t)fd);
	k.path = lab;
	k.deferred = false;
	k.proc = p;
	return agg_get(&s->aggs, &k);
}

static int io(struct ana_files *s, struct ana_proc *p,
	      const struct tl_event *ev, int64_t fd, int64_t bytes, bool wr)
{
	struct file_agg *a = fd_agg(s, p, fd);

	if (!a)
		return 0;
	if (wr) {
		a->bytes_written += (uint64_t)bytes;
		a->writes++;
	} else {
		a->bytes_read += (uint64_t)bytes;
		a->reads++;
	}
	if (!a->first_wall)
		a->first_wall = ev->wall_ns;
	agg_pid(a, ev->pid, ev->comm);
	return 0;
}

int ana_files_event(struct ana_ctx *c, void *state, const struct tl_event *ev,
		    struct ana_proc *p)
{
	struct ana_files *s = state;
	const uint64_t *a = ev->args;
	int op, err;

	if (ev->type != TL_EV_SYSCALL_EXIT || !p ||
	    !(ev->flags & TL_EVF_HAS_RET) || !(ev->flags & TL_EVF_HAS_ENTER))
		return 0;
	op = ana_procs__op(&c->procs, ev);
	switch (op) {
	case ANA_OP_OPEN:
	case ANA_OP_OPENAT:
	case ANA_OP_OPENAT2:
	case ANA_OP_CREAT: {
		struct ana_path_arg pa;
		struct file_agg *g;
		struct fkey k;
		uint32_t fl;
		bool failed = ana_ev_failed(ev, &err);

		if (ana_ev_paths(c, ev, p, &pa, 1) != 1)
			return 0;
		k.path = pa.path;
		k.deferred = pa.deferred;
		k.proc = pa.deferred ? p : NULL;
		g = agg_get(&s->aggs, &k);
		free(pa.path);
		if (!g)
			return -ENOMEM;
		if (op == ANA_OP_OPEN)
			fl = (uint32_t)a[1];
		else if (op == ANA_OP_OPENAT)
			fl = (uint32_t)a[2];
		else if (op == ANA_OP_CREAT)
			fl = 01 | 0100 | 01000;
		else {
			const struct tl_capture *cp = ana_capt(ev, 2, 0);

			fl = cp && cp->len >= 8 ? (uint32_t)cp->data[0] |
			     (uint32_t)cp->data[1] << 8 | (uint32_t)cp->data[2] << 16 |
			     (uint32_t)cp->data[3] << 24 : 0;
		}
		if (failed) {
			g->failed++;
		} else {
			struct sbuf sb = { 0 };

			g->opens++;
			g->modes |= flag_modes(fl);
			/* the names tl-convert prints: O_RDONLY|O_CLOEXEC */
			print_open_flags(&sb, fl, ev->abi, XS_ABBREV);
			sbuf_putc(&sb, 0);
			err = sb.err ? sb.err : agg_flags(g, sb.buf);
			sbuf_release(&sb);
			if (err)
				return err;
		}
		if (!g->first_wall)
			g->first_wall = ev->wall_ns;
		agg_pid(g, ev->pid, ev->comm);
		return 0;
	}
	case ANA_OP_READ:
	case ANA_OP_RECVFROM:
	case ANA_OP_RECVMSG:
		if (ev->ret > 0)
			return io(s, p, ev, (int64_t)a[0], ev->ret, false);
		return 0;
	case ANA_OP_WRITE:
	case ANA_OP_SENDTO:
	case ANA_OP_SENDMSG:
		if (ev->ret > 0)
			return io(s, p, ev, (int64_t)a[0], ev->ret, true);
		return 0;
	case ANA_OP_SENDFILE:
		if (ev->ret > 0) {
			err = io(s, p, ev, (int64_t)a[1], ev->ret, false);
			return err ?: io(s, p, ev, (int64_t)a[0], ev->ret, true);
		}
		return 0;
	case ANA_OP_SPLICE:
		if (ev->ret > 0) {
			err = io(s, p, ev, (int64_t)a[0], ev->ret, false);
			return err ?: io(s, p, ev, (int64_t)a[2], ev->ret, true);
		}
		return 0;
	default:
		return 0;
	}
}

static void agg_merge(struct file_agg *d, const struct file_agg *a)
{
	unsigned i;

	d->modes |= a->modes;
	for (i = 0; i < a->nflags; i++)
		if (agg_flags(d, a->flags[i]))
			d->more_flags = true;	/* out of memory: say so */
	if (a->more_flags)
		d->more_flags = true;
	d->opens += a->opens;
	d->failed += a->failed;
	d->bytes_read += a->bytes_read;
	d->bytes_written += a->bytes_written;
	d->reads += a->reads;
	d->writes += a->writes;
	if (!d->first_wall || (a->first_wall && a->first_wall < d->first_wall))
		d->first_wall = a->first_wall;
	for (i = 0; i < a->npids; i++)
		agg_pid(d, a->pids[i], a->comms[i]);
	if (a->more_pids)
		d->more_pids = true;
}

static void free_aggs(struct ana_htab *h)
{
	struct ana_hnode **v;
	size_t n, i;

	v = ana_htab__list(h, &n);
	for (i = 0; i < n; i++) {
		struct file_agg *a = ana_container_of(v[i], struct file_agg, hn);

		agg_free_flags(a);
		free(a->path);
		free(a);
	}
	free(v);
	ana_htab_release(h);
}

static int agg_cmp(const void *x, const void *y)
{
	const struct file_agg *a = *(struct file_agg *const *)x;
	const struct file_agg *b = *(struct file_agg *const *)y;
	int r = strcmp(a->path, b->path);

	if (r)
		return r;
	if (a->proc != b->proc)
		return (a->proc ? a->proc->id : 0) < (b->proc ? b->proc->id : 0) ? -1 : 1;
	return 0;
}

int ana_files_finish(struct ana_ctx *c, void *state)
{
	struct ana_files *s = state;
	struct ana_htab merged;
	struct ana_hnode **v;
	size_t n, i;

	(void)c;
	if (s->rows)
		return 0;
	ana_htab_init(&merged);
	v = ana_htab__list(&s->aggs, &n);
	if (!v && n)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		struct file_agg *a = ana_container_of(v[i], struct file_agg, hn), *d;
		bool unknown_fd = a->path[0] == '<';
		char *path = ana_proc__final_path(a->proc, a->path, a->deferred);
		struct fkey k = { path, false, unknown_fd ? a->proc : NULL };

		if (!path || !(d = agg_get(&merged, &k))) {
			free(path);
			free(v);
			free_aggs(&merged);
			return -ENOMEM;
		}
		free(path);
		agg_merge(d, a);
	}
	free(v);
	free_aggs(&s->aggs);
	s->aggs = merged;
	v = ana_htab__list(&s->aggs, &s->nrows);
	if (!v && s->nrows)
		return -ENOMEM;
	for (i = 0; i < s->nrows; i++)
		v[i] = (struct ana_hnode *)ana_container_of(v[i], struct file_agg, hn);
	if (s->nrows > 1)
		qsort(v, s->nrows, sizeof(*v), agg_cmp);
	s->rows = (struct file_agg **)v;
	return 0;
}

static void modes_text(unsigned m, char *buf, size_t len)
{
	static const struct {
		unsigned bit;
		const char *s;
	} names[] = {
		{ M_R, "r" }, { M_W, "w" }, { M_RW, "rw" }, { M_PATH, "path" },
		{ M_CREAT, "creat" }, { M_TRUNC, "trunc" }, { M_APPEND, "append" },
		{ M_DIR, "dir" },
	};
	size_t i, o = 0;

	buf[0] = 0;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if ((m & names[i].bit) && o < len)
			o += (size_t)snprintf(buf + o, len - o, "%s%s", o ? "," : "",
					      names[i].s);
}

static char *procs_text(const struct file_agg *a)
{
	char *buf = NULL;
	size_t len = 0;
	unsigned i;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return NULL;
	for (i = 0; i < a->npids; i++)
		fprintf(f, "%s%u %s", i ? ", " : "", a->pids[i], a->comms[i]);
	if (a->more_pids)
		fputs(", ...", f);
	if (fclose(f))
		return NULL;
	return buf;
}

enum { C_OPENS, C_FAILED, C_MODE, C_FLAGS, C_READ, C_WRITTEN, C_PROCS,
       C_PATH, NCOLS };

static const struct ana_col cols[NCOLS] = {
	[C_OPENS] = { "OPENS", "opens", ANA_RIGHT, false },
	[C_FAILED] = { "FAILED", "failed_opens", ANA_RIGHT, false },
	[C_MODE] = { "MODE", "modes", ANA_LEFT, false },
	[C_FLAGS] = { "FLAGS", NULL, ANA_LEFT, false },
	[C_READ] = { "READ", "bytes_read", ANA_RIGHT, false },
	[C_WRITTEN] = { "WRITTEN", "bytes_written", ANA_RIGHT, false },
	[C_PROCS] = { "PROCESSES", "processes", ANA_LEFT, false },
	[C_PATH] = { "PATH", "path", ANA_LEFT, false },
};

/* "O_RDONLY|O_CLOEXEC, O_WRONLY|O_CREAT|O_TRUNC, ..."; "-" when none. */
static char *flags_text(const struct file_agg *a)
{
	struct sbuf sb = { 0 };
	unsigned i;
	char *r;

	for (i = 0; i < a->nflags; i++) {
		if (i)
			sbuf_add(&sb, ", ", 2);
		sbuf_puts(&sb, a->flags[i]);
	}
	if (a->more_flags)
		sbuf_puts(&sb, ", ...");
	if (!sb.len)
		sbuf_putc(&sb, '-');
	sbuf_putc(&sb, 0);
	r = sb.err ? NULL : strdup(sb.buf);
	sbuf_release(&sb);
	return r;
}

struct ana_table *ana_files_table(struct ana_ctx *c, void *state)
{
	struct ana_files *s = state;
	struct ana_table *t = ana_table__new(cols, NCOLS);
	size_t i;
	int err = 0;

	if (!t)
		return NULL;
	for (i = 0; i < s->nrows && !err; i++) {
		const struct file_agg *a = s->rows[i];
		char mb[64], *procs = procs_text(a), *path = NULL;

		if (c->opts->limit && i >= c->opts->limit)
			break;
		modes_text(a->modes, mb, sizeof(mb));
		if (a->path[0] == '<' && a->proc) {
			if (asprintf(&path, "%s of %u", a->path, a->proc->pid) < 0)
				path = NULL;
		} else {
			path = strdup(a->path);
		}
		err = !procs || !path ? -ENOMEM : 0;
		err = err ?: ana_table__row(t);
		err = err ?: ana_table__uint(t, C_OPENS, a->opens);
		err = err ?: ana_table__uint(t, C_FAILED, a->failed);
		err = err ?: ana_table__str(t, C_MODE, mb[0] ? mb : "-");
		if (!err) {
			char *ft = flags_text(a);

			err = ft ? ana_table__str(t, C_FLAGS, ft) : -ENOMEM;
			free(ft);
		}
		err = err ?: ana_table__uint(t, C_READ, a->bytes_read);
		err = err ?: ana_table__uint(t, C_WRITTEN, a->bytes_written);
		err = err ?: ana_table__str(t, C_PROCS, procs);
		err = err ?: ana_table__str(t, C_PATH, path);
		free(procs);
		free(path);
	}
	if (err) {
		ana_table__free(t);
		return NULL;
	}
	return t;
}

static void files_json(struct ana_ctx *c, struct ana_files *s)
{
	struct ana_jw w;
	size_t i;
	unsigned k;
	char mb[64];

	ana_jw_init(&w, c->out);
	ana_jw_obj(&w);
	ana_jw_kstr(&w, "query", "files");
	ana_json_meta(c, &w);
	ana_jw_key(&w, "rows");
	ana_jw_arr(&w);
	for (i = 0; i < s->nrows; i++) {
		const struct file_agg *a = s->rows[i];
		bool unknown = a->path[0] == '<';

		if (c->opts->limit && i >= c->opts->limit)
			break;
		ana_jw_obj(&w);
		ana_jw_kstr(&w, "path", unknown ? NULL : a->path);
		if (unknown) {
			ana_jw_kint(&w, "fd", atoi(a->path + 4));
			ana_jw_kuint(&w, "fd_pid", a->proc ? a->proc->pid : 0);
		}
		ana_jw_kuint(&w, "opens", a->opens);
		ana_jw_kuint(&w, "failed_opens", a->failed);
		ana_jw_key(&w, "modes");
		ana_jw_arr(&w);
		modes_text(a->modes, mb, sizeof(mb));
		{
			char *p = mb, *e;

			while (*p) {
				e = strchr(p, ',');
				ana_jw_strn(&w, p, e ? (size_t)(e - p) : strlen(p));
				if (!e)
					break;
				p = e + 1;
			}
		}
		ana_jw_arr_end(&w);
		ana_jw_key(&w, "flags");
		ana_jw_arr(&w);
		for (k = 0; k < a->nflags; k++)
			ana_jw_str(&w, a->flags[k]);
		ana_jw_arr_end(&w);
		if (a->more_flags)
			ana_jw_kbool(&w, "more_flags", true);
		ana_jw_kuint(&w, "bytes_read", a->bytes_read);
		ana_jw_kuint(&w, "bytes_written", a->bytes_written);
		ana_jw_kuint(&w, "reads", a->reads);
		ana_jw_kuint(&w, "writes", a->writes);
		ana_jw_kint(&w, "first_ns", a->first_wall);
		ana_jw_key(&w, "processes");
		ana_jw_arr(&w);
		for (k = 0; k < a->npids; k++) {
			ana_jw_obj(&w);
			ana_jw_kuint(&w, "pid", a->pids[k]);
			ana_jw_kstr(&w, "comm", a->comms[k]);
			ana_jw_obj_end(&w);
		}
		ana_jw_arr_end(&w);
		ana_jw_kbool(&w, "more_processes", a->more_pids);
		ana_jw_obj_end(&w);
	}
	ana_jw_arr_end(&w);
	ana_jw_obj_end(&w);
}

static int files_end(struct ana_ctx *c, void *state)
{
	struct ana_table *t;
	int err = ana_files_finish(c, state);

	if (err)
		return err;
	if (c->opts->json) {
		files_json(c, state);
		return 0;
	}
	t = ana_files_table(c, state);
	if (!t)
		return -ENOMEM;
	if (t->nrows)
		ana_table__print_text(t, c->out, 0);
	else
		fprintf(c->out, "no files\n");
	ana_table__free(t);
	return 0;
}

void ana_files_release(struct ana_ctx *c, void *state)
{
	struct ana_files *s = state;

	(void)c;
	if (!s)
		return;
	free(s->rows);
	free_aggs(&s->aggs);
	free(s);
}

const struct ana_query ana_q_files = {
	.name = "files",
	.desc = "paths opened: modes, opens, failures, bytes read/written, processes",
	.example = "tl-analyze files --pid 1234 trace.tlz",
	.begin = ana_files_begin,
	.event = ana_files_event,
	.end = files_end,
	.release = ana_files_release,
};
