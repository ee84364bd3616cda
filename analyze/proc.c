// SPDX-License-Identifier: MIT
/*
 * proc.c - the process model behind every tl-analyze query (see proc.h):
 * processes by (file, pid), their fork/exec/exit history, working
 * directory and fd table, maintained from decoded events.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "proc.h"
#include "sockaddr.h"

#define O_CLOEXEC_BIT	02000000u	/* O_CLOEXEC, SOCK_CLOEXEC (x86, arm64) */
#define F_DUPFD_	0
#define F_SETFD_	2
#define F_DUPFD_CLOEXEC_ 1030
#define CLOSE_RANGE_CLOEXEC_ 4

/* ------------------------------------------------------------ ops */

struct opnode {
	struct ana_hnode hn;
	const char *name;
	int op;
};

static const struct {
	const char *name;
	int op;
} op_names[] = {
	{ "open", ANA_OP_OPEN }, { "openat", ANA_OP_OPENAT },
	{ "openat2", ANA_OP_OPENAT2 }, { "creat", ANA_OP_CREAT },
	{ "close", ANA_OP_CLOSE }, { "close_range", ANA_OP_CLOSE_RANGE },
	{ "dup", ANA_OP_DUP }, { "dup2", ANA_OP_DUP2 }, { "dup3", ANA_OP_DUP2 },
	{ "fcntl", ANA_OP_FCNTL }, { "fcntl64", ANA_OP_FCNTL },
	{ "chdir", ANA_OP_CHDIR }, { "fchdir", ANA_OP_FCHDIR },
	{ "execve", ANA_OP_EXECVE }, { "execveat", ANA_OP_EXECVE },
	{ "socket", ANA_OP_SOCKET }, { "socketpair", ANA_OP_SOCKETPAIR },
	{ "pipe", ANA_OP_PIPE }, { "pipe2", ANA_OP_PIPE },
	{ "connect", ANA_OP_CONNECT }, { "bind", ANA_OP_BIND },
	{ "listen", ANA_OP_LISTEN }, { "accept", ANA_OP_ACCEPT },
	{ "accept4", ANA_OP_ACCEPT }, { "sendto", ANA_OP_SENDTO },
	{ "send", ANA_OP_SENDTO }, { "recvfrom", ANA_OP_RECVFROM },
	{ "recv", ANA_OP_RECVFROM }, { "sendmsg", ANA_OP_SENDMSG },
	{ "recvmsg", ANA_OP_RECVMSG },
	{ "read", ANA_OP_READ }, { "pread64", ANA_OP_READ },
	{ "readv", ANA_OP_READ }, { "preadv", ANA_OP_READ },
	{ "preadv2", ANA_OP_READ },
	{ "write", ANA_OP_WRITE }, { "pwrite64", ANA_OP_WRITE },
	{ "writev", ANA_OP_WRITE }, { "pwritev", ANA_OP_WRITE },
	{ "pwritev2", ANA_OP_WRITE },
	{ "sendfile", ANA_OP_SENDFILE }, { "sendfile64", ANA_OP_SENDFILE },
	{ "splice", ANA_OP_SPLICE }, { "copy_file_range", ANA_OP_SPLICE },
	{ "eventfd", ANA_OP_OTHERFD }, { "eventfd2", ANA_OP_OTHERFD },
	{ "epoll_create", ANA_OP_OTHERFD }, { "epoll_create1", ANA_OP_OTHERFD },
	{ "memfd_create", ANA_OP_OTHERFD }, { "timerfd_create", ANA_OP_OTHERFD },
	{ "signalfd", ANA_OP_OTHERFD }, { "signalfd4", ANA_OP_OTHERFD },
	{ "inotify_init", ANA_OP_OTHERFD }, { "inotify_init1", ANA_OP_OTHERFD },
	{ "fanotify_init", ANA_OP_OTHERFD }, { "userfaultfd", ANA_OP_OTHERFD },
	{ "perf_event_open", ANA_OP_OTHERFD }, { "pidfd_open", ANA_OP_OTHERFD },
	{ "io_uring_setup", ANA_OP_OTHERFD }, { "memfd_secret", ANA_OP_OTHERFD },
};
#define NOPS (sizeof(op_names) / sizeof(op_names[0]))

static int op_eq(const struct ana_hnode *n, const void *key)
{
	return strcmp(ana_container_of(n, struct opnode, hn)->name, key) == 0;
}

int ana_procs__op(const struct ana_procs *ps, const struct tl_event *ev)
{
	struct ana_procs *mps = (struct ana_procs *)ps;	/* cache only */
	struct ana_hnode *n;
	size_t slot = 0;
	int op;

	if (!ev->name)
		return ANA_OP_NONE;
	if (ev->sc) {
		/* table entries live as long as their file: cache by address */
		slot = ((uintptr_t)ev->sc / sizeof(*ev->sc)) % 256;
		if (ps->opcache[slot].sc == ev->sc)
			return ps->opcache[slot].op;
	}
	n = ana_htab__find(&ps->ops, ana_hash_str(ANA_HASH_SEED, ev->name),
			   op_eq, ev->name);
	op = n ? ana_container_of(n, struct opnode, hn)->op : ANA_OP_NONE;
	if (ev->sc) {
		mps->opcache[slot].sc = ev->sc;
		mps->opcache[slot].op = op;
	}
	return op;
}

/* ------------------------------------------------------------ helpers */

const struct tl_capture *ana_capt(const struct tl_event *ev, unsigned arg,
				  int want_exit)
{
	uint32_t i;

	for (i = 0; i < ev->ncapt; i++) {
		const struct tl_capture *c = &ev->capt[i];
		int is_exit = !!(c->flags & TL_CAPTF_EXIT);

		if (c->arg != arg)
			continue;
		if (want_exit >= 0 && is_exit != want_exit)
			continue;
		return c;
	}
	return NULL;
}

char *ana_capt_str(const struct tl_event *ev, unsigned arg)
{
	const struct tl_capture *c = ana_capt(ev, arg, -1);

	if (!c || (c->kind & TL_CAPT_KIND_MASK) != TL_CAPT_STR ||
	    (c->flags & TL_CAPTF_FAULT))
		return NULL;
	return strndup((const char *)c->data, c->len);
}

bool ana_ev_failed(const struct tl_event *ev, int *err)
{
	if (ev->type != TL_EV_SYSCALL_EXIT || !(ev->flags & TL_EVF_HAS_RET))
		return false;
	if (ev->ret < 0 && ev->ret >= -4095) {
		if (err)
			*err = (int)-ev->ret;
		return true;
	}
	return false;
}

const char *ana_wait_status(int32_t status, char *buf, size_t len)
{
	int sig = status & 0x7f;

	if (sig == 0) {
		snprintf(buf, len, "exited with %d", (status >> 8) & 0xff);
	} else {
		const char *name = tl_signal_name(sig);
		char nb[16];

		if (!name) {
			snprintf(nb, sizeof(nb), "signal %d", sig);
			name = nb;
		}
		snprintf(buf, len, "killed by %s%s", name,
			 status & 0x80 ? " (core dumped)" : "");
	}
	return buf;
}

char *ana_path_join(const char *dir, const char *rel)
{
	size_t dl = strlen(dir), rl = strlen(rel), o = 0;
	const char *p;
	char *out;

	out = malloc(dl + rl + 2);
	if (!out)
		return NULL;
	memcpy(out, dir, dl);
	o = dl;
	while (o > 1 && out[o - 1] == '/')
		o--;
	if (o == 1 && out[0] == '/')
		o = 0;		/* root: the loop below adds the slash */
	for (p = rel; *p;) {
		const char *e = strchr(p, '/');
		size_t n = e ? (size_t)(e - p) : strlen(p);

		if (n == 0 || (n == 1 && p[0] == '.')) {
			/* skip "" and "." */
		} else {
			out[o++] = '/';
			memcpy(out + o, p, n);
			o += n;
		}
		p += n;
		if (*p == '/')
			p++;
	}
	if (o == 0)
		out[o++] = dl && dir[0] == '/' ? '/' : '.';
	out[o] = 0;
	return out;
}

static bool shell_safe(const char *s, size_t n)
{
	size_t i;

	if (!n)
		return false;
	for (i = 0; i < n; i++) {
		unsigned char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || strchr("-_./=:,+@%^", c) ||
		      c >= 0x80))
			return false;
	}
	return true;
}

char *ana_argv_text(const char *argv, uint32_t len, bool trunc, size_t max)
{
	char *buf = NULL;
	size_t bl = 0, i = 0;
	FILE *f;
	bool first = true;

	f = open_memstream(&buf, &bl);
	if (!f)
		return NULL;
	while (i < len) {
		const char *a = argv + i;
		size_t n = strnlen(a, len - i), k;

		if ((size_t)ftell(f) >= max) {
			fputs(" ...", f);
			trunc = false;
			break;
		}
		if (!first)
			fputc(' ', f);
		first = false;
		if (shell_safe(a, n)) {
			fwrite(a, 1, n, f);
		} else {
			fputc('\'', f);
			for (k = 0; k < n; k++) {
				unsigned char c = a[k];

				if (c == '\'')
					fputs("'\\''", f);
				else if (c == '\n')
					fputs("\\n", f);
				else if (c < 0x20 || c == 0x7f)
					fprintf(f, "\\x%02x", c);
				else
					fputc(c, f);
			}
			fputc('\'', f);
		}
		i += n + 1;
	}
	if (trunc)
		fputs(" ...", f);
	if (fclose(f))
		return NULL;
	return buf;
}

/* ------------------------------------------------------------ procs */

int ana_procs_init(struct ana_procs *ps, ana_snap_fn snap, void *arg)
{
	struct opnode *nodes;
	size_t i;
	int err;

	memset(ps, 0, sizeof(*ps));
	ps->snap = snap;
	ps->snap_arg = arg;
	nodes = calloc(NOPS, sizeof(*nodes));
	if (!nodes)
		return -ENOMEM;
	ps->opnodes = nodes;
	for (i = 0; i < NOPS; i++) {
		nodes[i].name = op_names[i].name;
		nodes[i].op = op_names[i].op;
		err = ana_htab__add(&ps->ops, &nodes[i].hn,
				    ana_hash_str(ANA_HASH_SEED, nodes[i].name));
		if (err)
			return err;
	}
	return 0;
}

static void fd_clear(struct ana_fd *e)
{
	free(e->path);
	free(e->local);
	free(e->peer);
	memset(e, 0, sizeof(*e));
}

static void proc_free(struct ana_proc *p)
{
	uint32_t i;

	if (!p)
		return;
	for (i = 0; i < p->nfds; i++)
		fd_clear(&p->fds[i]);
	free(p->fds);
	for (i = 0; i < p->nexecs; i++) {
		free(p->execs[i].filename);
		free(p->execs[i].argv);
	}
	free(p->execs);
	free(p->argv0);
	free(p->cwd);
	free(p->snap_cwd);
	free(p);
}

void ana_procs_release(struct ana_procs *ps)
{
	size_t i;

	if (!ps)
		return;
	for (i = 0; i < ps->nall; i++)
		proc_free(ps->all[i]);
	free(ps->all);
	ana_htab_release(&ps->live);
	ana_htab_release(&ps->ops);
	free(ps->opnodes);
	memset(ps, 0, sizeof(*ps));
}

struct pkey {
	unsigned file_idx;
	uint32_t pid;
};

static uint64_t pkey_hash(unsigned file_idx, uint32_t pid)
{
	return ana_hash_u64(ana_hash_u64(ANA_HASH_SEED, file_idx), pid);
}

static int pkey_eq(const struct ana_hnode *n, const void *key)
{
	const struct ana_proc *p = ana_container_of(n, struct ana_proc, hn);
	const struct pkey *k = key;

	return p->file_idx == k->file_idx && p->pid == k->pid;
}

static struct ana_proc *live_find(const struct ana_procs *ps,
				  unsigned file_idx, uint32_t pid)
{
	struct pkey k = { file_idx, pid };
	struct ana_hnode *n;

	n = ana_htab__find(&ps->live, pkey_hash(file_idx, pid), pkey_eq, &k);
	return n ? ana_container_of(n, struct ana_proc, hn) : NULL;
}

static void live_del(struct ana_procs *ps, struct ana_proc *p)
{
	if (p->in_live) {
		ana_htab__del(&ps->live, &p->hn);
		p->in_live = false;
	}
}

static void set_comm(char dst[17], const char *src)
{
	snprintf(dst, 17, "%s", src ? src : "?");
}

/* A new process (not linked to a parent), with snapshot data if any. */
static struct ana_proc *proc_new(struct ana_procs *ps,
				 const struct tl_file_info *file,
				 unsigned file_idx, uint32_t pid)
{
	const struct tl_proc *sp = NULL;
	struct ana_proc *p, *old;
	void *all = ps->all;

	if (tl_grow(&all, &ps->cap, ps->nall + 1, sizeof(*ps->all)))
		return NULL;
	ps->all = all;
	p = calloc(1, sizeof(*p));
	if (!p)
		return NULL;
	p->file = file;
	p->file_idx = file_idx;
	p->pid = pid;
	p->id = ps->nall + 1;
	set_comm(p->comm0, "?");
	p->comm = p->comm0;
	if (ps->snap)
		sp = ps->snap(ps->snap_arg, file, pid);
	if (sp && sp->pid == pid) {
		p->snap = true;
		p->ppid = sp->ppid;
		p->alive_at_dump = !!(sp->flags & TL_PROC_ALIVE);
		if (sp->comm)
			set_comm(p->comm0, sp->comm);
		if (sp->start_ns) {
			p->start_ts = sp->start_ns;
			p->start_wall = sp->start_ns +
					(file ? file->wall_offset_ns : 0);
		}
		if (sp->cwd && !(p->snap_cwd = strdup(sp->cwd)))
			goto fail;
		if (sp->argv && sp->argv_len) {
			p->argv0 = malloc(sp->argv_len);
			if (!p->argv0)
				goto fail;
			memcpy(p->argv0, sp->argv, sp->argv_len);
			p->argv0_len = sp->argv_len;
		}
	}
	old = live_find(ps, file_idx, pid);
	if (old)
		live_del(ps, old);
	if (ana_htab__add(&ps->live, &p->hn, pkey_hash(file_idx, pid)))
		goto fail;
	p->in_live = true;
	ps->all[ps->nall++] = p;
	return p;
fail:
	proc_free(p);
	return NULL;
}

struct ana_proc *ana_procs__get(struct ana_procs *ps,
				const struct tl_event *ev, unsigned file_idx)
{
	struct ana_proc *p;

	if (ev->type == TL_EV_LOST)
		return NULL;
	p = live_find(ps, file_idx, ev->pid);
	if (p && p->end == ANA_END_EXITED) {
		/* events of a dead process: only what the decoder synthesizes
		 * for its last call; anything else is a reused pid whose
		 * fork we did not see */
		if (!(ev->type == TL_EV_SYSCALL_EXIT &&
		      (ev->flags & TL_EVF_NORETURN)) && ev->ts > p->end_ts)
			p = NULL;
	}
	if (!p) {
		p = proc_new(ps, ev->file, file_idx, ev->pid);
		if (!p)
			return NULL;
		p->trace = ev->trace;
		if (!p->snap) {
			p->ppid = ev->ppid;
			set_comm(p->comm0, ev->comm);
		}
		p->first_ts = ev->ts;
		p->first_wall = ev->wall_ns;
	}
	if (!p->trace)
		p->trace = ev->trace;
	return p;
}

/* ------------------------------------------------------------ fds */

struct ana_fd *ana_proc__fd(struct ana_proc *p, int64_t fd)
{
	if (fd < 0 || fd >= (int64_t)p->nfds || p->fds[fd].kind == ANA_FD_NONE)
		return NULL;
	return &p->fds[fd];
}

/* The entry for fd, cleared, allocating the table as needed. */
static struct ana_fd *fd_slot(struct ana_proc *p, int64_t fd)
{
	if (fd < 0 || fd >= ANA_MAX_FD)
		return NULL;
	if (fd >= (int64_t)p->nfds) {
		uint32_t n = p->nfds ? p->nfds : 16;
		struct ana_fd *v;

		while (n <= fd)
			n *= 2;
		v = tl_reallocarray(p->fds, n, sizeof(*v));
		if (!v)
			return NULL;
		memset(v + p->nfds, 0, (n - p->nfds) * sizeof(*v));
		p->fds = v;
		p->nfds = n;
	}
	fd_clear(&p->fds[fd]);
	return &p->fds[fd];
}

static int fd_copy(struct ana_fd *dst, const struct ana_fd *src)
{
	*dst = *src;
	dst->path = dst->local = dst->peer = NULL;
	if ((src->path && !(dst->path = strdup(src->path))) ||
	    (src->local && !(dst->local = strdup(src->local))) ||
	    (src->peer && !(dst->peer = strdup(src->peer)))) {
		fd_clear(dst);
		return -ENOMEM;
	}
	return 0;
}

static int fd_dup(struct ana_proc *p, int64_t from, int64_t to, bool cloexec)
{
	struct ana_fd *src = ana_proc__fd(p, from), tmp, *dst;
	int err;

	if (from == to)
		return 0;
	if (!src) {
		if (to >= 0 && to < (int64_t)p->nfds)
			fd_clear(&p->fds[to]);
		return 0;
	}
	err = fd_copy(&tmp, src);	/* before fd_slot may move the table */
	if (err)
		return err;
	dst = fd_slot(p, to);
	if (!dst) {
		fd_clear(&tmp);
		return to >= ANA_MAX_FD || to < 0 ? 0 : -ENOMEM;
	}
	*dst = tmp;
	dst->cloexec = cloexec;
	return 0;
}

static void fd_close(struct ana_proc *p, int64_t fd)
{
	if (fd >= 0 && fd < (int64_t)p->nfds)
		fd_clear(&p->fds[fd]);
}

/* ------------------------------------------------------------ paths */

char *ana_proc__resolve(struct ana_proc *p, int64_t dirfd, const char *path,
			bool *deferred)
{
	*deferred = false;
	if (path[0] == '/')
		return strdup(path);
	if ((int32_t)dirfd == -100) {
		if (p->cwd)
			return ana_path_join(p->cwd, path);
		if (!p->chdir_seen)
			*deferred = true;
		return strdup(path[0] ? path : ".");
	} else {
		struct ana_fd *e = ana_proc__fd(p, (int32_t)dirfd);
		char *s = NULL;

		if (e && e->kind == ANA_FD_FILE && e->path) {
			*deferred = e->deferred;
			if (!path[0])
				return strdup(e->path);
			if (e->path[0] == '/' || e->deferred)
				return ana_path_join(e->path, path);
		}
		if (asprintf(&s, "<fd %d>/%s", (int32_t)dirfd, path) < 0)
			return NULL;
		return s;
	}
}

char *ana_proc__final_path(const struct ana_proc *p, const char *path,
			   bool deferred)
{
	const struct ana_proc *q;
	int depth = 0;

	if (!deferred)
		return strdup(path);
	for (q = p; q && depth < 10000; q = q->cwd_parent, depth++) {
		if (!q->chdir_seen && q->snap_cwd)
			return ana_path_join(q->snap_cwd, path);
	}
	return strdup(path);
}

const char *ana_proc__argv(const struct ana_proc *p, uint32_t *len,
			   bool *trunc)
{
	*trunc = false;
	if (p->nexecs) {
		const struct ana_exec *x = &p->execs[p->nexecs - 1];

		if (x->argv) {
			*len = x->argv_len;
			*trunc = x->argv_trunc;
			return x->argv;
		}
		return NULL;
	}
	*len = p->argv0_len;
	return p->argv0;
}

/* ------------------------------------------------------------ update */

static int proc_fork(struct ana_procs *ps, struct ana_proc *parent,
		     const struct tl_event *ev, unsigned file_idx)
{
	struct ana_proc *c, *old;
	const char *argv;
	uint32_t alen, i, n;
	bool trunc;
	int err;

	old = live_find(ps, file_idx, ev->child_pid);
	if (old)
		live_del(ps, old);
	c = proc_new(ps, ev->file, file_idx, ev->child_pid);
	if (!c)
		return -ENOMEM;
	c->trace = ev->trace;
	c->forked = true;
	c->ppid = parent->pid;
	c->parent = parent;
	set_comm(c->comm0, ev->comm);
	c->comm = c->comm0;
	c->start_ts = c->first_ts = ev->ts;
	c->start_wall = c->first_wall = ev->wall_ns;
	/* argv as inherited from the parent */
	free(c->argv0);
	c->argv0 = NULL;
	c->argv0_len = 0;
	argv = ana_proc__argv(parent, &alen, &trunc);
	if (argv && alen) {
		c->argv0 = malloc(alen);
		if (!c->argv0)
			return -ENOMEM;
		memcpy(c->argv0, argv, alen);
		c->argv0_len = alen;
	}
	/* cwd */
	if (parent->cwd) {
		if (!(c->cwd = strdup(parent->cwd)))
			return -ENOMEM;
	} else if (!parent->chdir_seen) {
		c->cwd_parent = parent;
	} else {
		c->chdir_seen = true;	/* unknown, and not the snapshot's */
	}
	/* fds: copy up to the highest one in use */
	for (n = parent->nfds; n && parent->fds[n - 1].kind == ANA_FD_NONE; n--)
		;
	if (n) {
		c->fds = calloc(n, sizeof(*c->fds));
		if (!c->fds)
			return -ENOMEM;
		c->nfds = n;
		for (i = 0; i < n; i++) {
			if (parent->fds[i].kind == ANA_FD_NONE)
				continue;
			err = fd_copy(&c->fds[i], &parent->fds[i]);
			if (err)
				return err;
		}
	}
	/* tree */
	if (parent->last_child)
		parent->last_child->sibling = c;
	else
		parent->child = c;
	parent->last_child = c;
	return 0;
}

static int exec_push(struct ana_proc *p, const struct tl_event *ev,
		     const char *filename, const char *comm)
{
	struct ana_exec *x;
	uint32_t i;

	if (p->nexecs == ANA_MAX_EXECS) {
		/* keep the first ones and the latest: overwrite the last */
		x = &p->execs[p->nexecs - 1];
		free(x->filename);
		free(x->argv);
		p->execs_dropped++;
	} else {
		void *v = p->execs;
		size_t cap = p->execs_cap;

		if (tl_grow(&v, &cap, p->nexecs + 1, sizeof(*p->execs)))
			return -ENOMEM;
		p->execs = v;
		p->execs_cap = (uint32_t)cap;
		x = &p->execs[p->nexecs++];
	}
	memset(x, 0, sizeof(*x));
	x->ts = ev->ts;
	x->wall = ev->wall_ns;
	set_comm(x->comm, comm);
	p->comm = x->comm;
	if (filename && !(x->filename = strdup(filename)))
		return -ENOMEM;
	/* exec closes close-on-exec fds */
	for (i = 0; i < p->nfds; i++)
		if (p->fds[i].kind != ANA_FD_NONE && p->fds[i].cloexec)
			fd_clear(&p->fds[i]);
	return 0;
}

static int exec_argv(struct ana_proc *p, const struct tl_event *ev)
{
	struct ana_exec *x;
	uint32_t i;

	if (!p->nexecs)
		return 0;
	x = &p->execs[p->nexecs - 1];
	if (x->argv)
		return 0;
	for (i = 0; i < ev->ncapt; i++) {
		const struct tl_capture *c = &ev->capt[i];

		if ((c->kind & TL_CAPT_KIND_MASK) != TL_CAPT_ARGV ||
		    (c->flags & TL_CAPTF_FAULT))
			continue;
		x->argv = malloc(c->len ? c->len : 1);
		if (!x->argv)
			return -ENOMEM;
		memcpy(x->argv, c->data, c->len);
		x->argv_len = c->len;
		/* drop a trailing NUL so that splitting is uniform */
		while (x->argv_len && x->argv[x->argv_len - 1] == 0)
			x->argv_len--;
		x->argc = c->full_len;
		x->argv_trunc = !!(c->flags & TL_CAPTF_TRUNC);
		break;
	}
	return 0;
}

static char *sockaddr_capt(const struct tl_event *ev, unsigned arg, int *fam)
{
	const struct tl_capture *c = ana_capt(ev, arg, -1);
	char buf[160];

	*fam = 0;
	if (!c || !c->len || (c->flags & TL_CAPTF_FAULT))
		return NULL;
	*fam = ana_sockaddr_str(c->data, c->len, buf, sizeof(buf));
	return buf[0] ? strdup(buf) : NULL;
}

static int two_fds(const struct tl_event *ev, unsigned arg, int32_t out[2])
{
	const struct tl_capture *c = ana_capt(ev, arg, -1);

	if (!c || c->len < 8 || (c->flags & TL_CAPTF_FAULT))
		return -ENOENT;
	out[0] = (int32_t)tl_get32(c->data);
	out[1] = (int32_t)tl_get32(c->data + 4);
	return 0;
}

static int syscall_update(struct ana_procs *ps, struct ana_proc *p,
			  const struct tl_event *ev, int op)
{
	const uint64_t *a = ev->args;
	bool has_args = !!(ev->flags & TL_EVF_HAS_ENTER);
	int64_t ret = ev->ret;
	struct ana_fd *e;
	char *path = NULL, *s;
	bool deferred;
	int err = 0, fam;

	if (op == ANA_OP_CONNECT && has_args && ret == -115 /* EINPROGRESS */) {
		e = ana_proc__fd(p, (int32_t)a[0]);
		if (e && e->kind == ANA_FD_SOCKET && !e->peer) {
			e->peer = sockaddr_capt(ev, 1, &fam);
			e->origin = ANA_OP_CONNECT;
		}
		return 0;
	}
	if (ret < 0 || !has_args)
		return 0;
	switch (op) {
	case ANA_OP_OPEN:
	case ANA_OP_OPENAT:
	case ANA_OP_OPENAT2:
	case ANA_OP_CREAT: {
		int pa = op == ANA_OP_OPEN || op == ANA_OP_CREAT ? 0 : 1;
		int64_t dirfd = pa ? (int64_t)a[0] : ANA_AT_FDCWD;
		uint32_t flags;

		if (op == ANA_OP_OPEN)
			flags = (uint32_t)a[1];
		else if (op == ANA_OP_OPENAT)
			flags = (uint32_t)a[2];
		else if (op == ANA_OP_CREAT)
			flags = 01 | 0100 | 01000;	/* O_WRONLY|O_CREAT|O_TRUNC */
		else {
			const struct tl_capture *c = ana_capt(ev, 2, 0);

			flags = c && c->len >= 8 ? (uint32_t)tl_get64(c->data) : 0;
		}
		path = ana_capt_str(ev, pa);
		if (!path)
			break;
		s = ana_proc__resolve(p, dirfd, path, &deferred);
		if (!s) {
			err = -ENOMEM;
			break;
		}
		e = fd_slot(p, ret);
		if (!e) {
			free(s);
			break;
		}
		e->kind = ANA_FD_FILE;
		e->path = s;
		e->deferred = deferred;
		e->oflags = flags;
		e->cloexec = !!(flags & O_CLOEXEC_BIT);
		break;
	}
	case ANA_OP_CLOSE:
		fd_close(p, (int32_t)a[0]);
		break;
	case ANA_OP_CLOSE_RANGE: {
		uint64_t lo = (uint32_t)a[0], hi = (uint32_t)a[1], i;

		for (i = lo; i <= hi && i < p->nfds; i++) {
			if (a[2] & CLOSE_RANGE_CLOEXEC_)
				p->fds[i].cloexec = true;
			else
				fd_clear(&p->fds[i]);
		}
		break;
	}
	case ANA_OP_DUP:
		err = fd_dup(p, (int32_t)a[0], ret, false);
		break;
	case ANA_OP_DUP2:
		err = fd_dup(p, (int32_t)a[0], (int32_t)a[1],
			     strcmp(ev->name, "dup3") == 0 &&
			     (a[2] & O_CLOEXEC_BIT));
		break;
	case ANA_OP_FCNTL: {
		int cmd = (int)a[1];

		if (cmd == F_DUPFD_ || cmd == F_DUPFD_CLOEXEC_) {
			err = fd_dup(p, (int32_t)a[0], ret, cmd == F_DUPFD_CLOEXEC_);
		} else if (cmd == F_SETFD_) {
			e = ana_proc__fd(p, (int32_t)a[0]);
			if (e)
				e->cloexec = a[2] & 1;
		}
		break;
	}
	case ANA_OP_CHDIR:
		path = ana_capt_str(ev, 0);
		p->chdir_seen = true;
		free(p->cwd);
		p->cwd = NULL;
		if (path) {
			s = ana_proc__resolve(p, ANA_AT_FDCWD, path, &deferred);
			if (s && s[0] == '/' && !deferred)
				p->cwd = s;
			else
				free(s);
		}
		break;
	case ANA_OP_FCHDIR:
		e = ana_proc__fd(p, (int32_t)a[0]);
		p->chdir_seen = true;
		free(p->cwd);
		p->cwd = NULL;
		if (e && e->kind == ANA_FD_FILE && e->path && e->path[0] == '/' &&
		    !e->deferred)
			p->cwd = strdup(e->path);
		break;
	case ANA_OP_EXECVE:
		if (!p->exec_pending) {
			/* the EXEC record was lost: the call is the evidence */
			path = ana_capt_str(ev, strcmp(ev->name, "execveat") ? 0 : 1);
			err = exec_push(p, ev, path, ev->comm);
		}
		p->exec_pending = false;
		if (!err)
			err = exec_argv(p, ev);
		break;
	case ANA_OP_SOCKET:
		e = fd_slot(p, ret);
		if (!e)
			break;
		e->kind = ANA_FD_SOCKET;
		e->family = (int32_t)a[0];
		e->socktype = (int32_t)(a[1] & 0xf);
		e->proto = (int32_t)a[2];
		e->cloexec = !!(a[1] & O_CLOEXEC_BIT);
		break;
	case ANA_OP_SOCKETPAIR:
	case ANA_OP_PIPE: {
		int32_t fds[2];
		int k;

		if (two_fds(ev, op == ANA_OP_PIPE ? 0 : 3, fds))
			break;
		for (k = 0; k < 2; k++) {
			e = fd_slot(p, fds[k]);
			if (!e)
				continue;
			if (op == ANA_OP_PIPE) {
				e->kind = ANA_FD_PIPE;
				e->path = strdup("pipe");
				e->cloexec = strcmp(ev->name, "pipe2") == 0 &&
					     (a[1] & O_CLOEXEC_BIT);
			} else {
				e->kind = ANA_FD_SOCKET;
				e->family = (int32_t)a[0];
				e->socktype = (int32_t)(a[1] & 0xf);
				e->proto = (int32_t)a[2];
				e->peer = strdup("socketpair");
				e->cloexec = !!(a[1] & O_CLOEXEC_BIT);
			}
		}
		break;
	}
	case ANA_OP_CONNECT:
		e = ana_proc__fd(p, (int32_t)a[0]);
		if (e && e->kind == ANA_FD_SOCKET) {
			free(e->peer);
			e->peer = sockaddr_capt(ev, 1, &fam);
			e->origin = ANA_OP_CONNECT;
		}
		break;
	case ANA_OP_BIND:
		e = ana_proc__fd(p, (int32_t)a[0]);
		if (e && e->kind == ANA_FD_SOCKET) {
			free(e->local);
			e->local = sockaddr_capt(ev, 1, &fam);
		}
		break;
	case ANA_OP_ACCEPT: {
		struct ana_fd *l = ana_proc__fd(p, (int32_t)a[0]);
		struct ana_fd tmp;

		memset(&tmp, 0, sizeof(tmp));
		tmp.kind = ANA_FD_SOCKET;
		tmp.origin = ANA_OP_ACCEPT;
		if (l && l->kind == ANA_FD_SOCKET) {
			tmp.family = l->family;
			tmp.socktype = l->socktype;
			tmp.proto = l->proto;
			if (l->local)
				tmp.local = strdup(l->local);
		}
		tmp.peer = sockaddr_capt(ev, 1, &fam);
		if (fam && !tmp.family)
			tmp.family = fam;
		tmp.cloexec = strcmp(ev->name, "accept4") == 0 &&
			      (a[3] & O_CLOEXEC_BIT);
		e = fd_slot(p, ret);
		if (!e) {
			fd_clear(&tmp);
			break;
		}
		*e = tmp;
		break;
	}
	case ANA_OP_OTHERFD:
		e = fd_slot(p, ret);
		if (!e)
			break;
		e->kind = ANA_FD_OTHER;
		if (strcmp(ev->name, "memfd_create") == 0 &&
		    (path = ana_capt_str(ev, 0))) {
			if (asprintf(&e->path, "memfd:%s", path) < 0)
				e->path = NULL;
		} else if (asprintf(&e->path, "anon_inode:[%s]", ev->name) < 0) {
			e->path = NULL;
		}
		break;
	default:
		break;
	}
	free(path);
	(void)ps;
	return err;
}

int ana_procs__update(struct ana_procs *ps, struct ana_proc *p,
		      const struct tl_event *ev, unsigned file_idx)
{
	int err = 0;

	if (!p)
		return 0;
	switch (ev->type) {
	case TL_EV_FORK:
		if (!(ev->flags & TL_EVF_THREAD) && ev->child_pid != ev->pid)
			err = proc_fork(ps, p, ev, file_idx);
		break;
	case TL_EV_EXEC:
		err = exec_push(p, ev, ev->filename, ev->comm);
		p->exec_pending = true;
		break;
	case TL_EV_EXIT:
		if (ev->flags & TL_EVF_GROUP_DEAD) {
			p->end = ANA_END_EXITED;
			p->exit_code = ev->exit_code;
			p->end_ts = ev->ts;
			p->end_wall = ev->wall_ns;
		}
		break;
	case TL_EV_SYSCALL_EXIT: {
		int op = ana_procs__op(ps, ev);

		p->nsyscalls++;
		if (ana_ev_failed(ev, NULL))
			p->nerrors++;
		if (op && (ev->flags & TL_EVF_HAS_RET))
			err = syscall_update(ps, p, ev, op);
		break;
	}
	default:
		break;
	}
	if (ev->ts > p->last_ts) {
		p->last_ts = ev->ts;
		p->last_wall = ev->wall_ns;
	}
	return err;
}

/* ------------------------------------------------------------ finish */

static int start_cmp(const void *a, const void *b)
{
	const struct ana_proc *x = *(struct ana_proc *const *)a;
	const struct ana_proc *y = *(struct ana_proc *const *)b;
	int64_t xs = x->start_ts ? x->start_ts : x->first_ts;
	int64_t ys = y->start_ts ? y->start_ts : y->first_ts;

	if (xs != ys)
		return xs < ys ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

static void link_child(struct ana_proc *parent, struct ana_proc *c)
{
	c->parent = parent;
	c->sibling = NULL;
	if (parent->last_child)
		parent->last_child->sibling = c;
	else
		parent->child = c;
	parent->last_child = c;
}

int ana_procs__finish(struct ana_procs *ps)
{
	struct ana_proc **kids = NULL;
	size_t i, nk, cap = 0;
	void *v;
	int err = 0;

	/* parents of processes whose fork is not in the trace: a traced
	 * process with that pid, else an anchor from the snapshot */
	for (i = 0; i < ps->nall; i++) {
		struct ana_proc *p = ps->all[i], *q;

		if (p->parent || !p->ppid || p->ppid == p->pid)
			continue;
		q = live_find(ps, p->file_idx, p->ppid);
		if (q && q != p) {
			link_child(q, p);
			continue;
		}
		if (!ps->snap)
			continue;
		if (!ps->snap(ps->snap_arg, p->file, p->ppid))
			continue;
		q = proc_new(ps, p->file, p->file_idx, p->ppid);
		if (!q)
			return -ENOMEM;
		q->anchor = true;
		q->trace = p->trace;
		q->comm = q->comm0;
		/* ps->all may have moved; p stays valid */
		link_child(q, p);
	}
	/* children in start order */
	for (i = 0; i < ps->nall; i++) {
		struct ana_proc *p = ps->all[i], *c;
		size_t k;

		for (nk = 0, c = p->child; c; c = c->sibling) {
			v = kids;
			if (tl_grow(&v, &cap, nk + 1, sizeof(*kids))) {
				err = -ENOMEM;
				goto out;
			}
			kids = v;
			kids[nk++] = c;
		}
		if (nk < 2)
			continue;
		if (nk > 1)
			qsort(kids, nk, sizeof(*kids), start_cmp);
		p->child = kids[0];
		for (k = 0; k + 1 < nk; k++)
			kids[k]->sibling = kids[k + 1];
		kids[nk - 1]->sibling = NULL;
		p->last_child = kids[nk - 1];
	}
out:
	free(kids);
	return err;
}
