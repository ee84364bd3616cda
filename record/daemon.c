// SPDX-License-Identifier: MIT
/*
 * daemon.c - `tl-record daemon` (see daemon.h, docs/daemon.md): the trace
 * table, the HTTP API handlers, cgroup removal and --watch, the spool,
 * --dump-on-crash, and the single-threaded poll loop that drives them.
 *
 * Nothing here runs per recorded event: the kernel writes the rings, the
 * loop wakes only for requests, cgroup directory events, signals and (with
 * --dump-on-crash) non-zero process exits. The syscall programs are
 * attached only while at least one trace is live.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <linux/types.h>
#include <bpf/libbpf.h>

#include "msg.h"
#include "tl_record.h"
#include "recorder.bpf.h"

#include "cgroup.h"
#include "daemon.h"
#include "daemon_util.h"
#include "http.h"
#include "options.h"
#include "recorder.h"
#include "spool.h"
#include "watch.h"

#define PROG			"tl-record"
#define EXIT_OK			0
#define EXIT_FAIL		1
#define EXIT_USAGE		2
#define EXIT_NOBPF		3

#define MAX_LABELS		16
#define CRASH_INTERVAL_MS	1000	/* at most one crash dump per trace per s */
#define STOP_GRACE_MS		10000	/* requests still running at SIGTERM */
#define HTTP_MAX_CONNS		64
#define HTTP_TIMEOUT_S		60


#define err(...)	tlr_msg(TLR_V_ERROR, __VA_ARGS__)
#define warn(...)	tlr_msg(TLR_V_WARN, __VA_ARGS__)
#define info(...)	tlr_msg(TLR_V_INFO, __VA_ARGS__)
#define debug(...)	tlr_msg(TLR_V_DEBUG, __VA_ARGS__)

/* One trace held by the daemon (the recorder holds its rings). */
struct dtrace {
	int id;
	char *name;
	char *rel;			/* cgroup below the mount: "/a/b" */
	uint64_t cgid;
	uint32_t kind;			/* TL_TRACE_* */
	bool live;			/* false: its cgroup is gone */
	int64_t started_ns;		/* CLOCK_REALTIME */
	int64_t ended_ns;
	uint64_t ring_bytes;		/* ring memory (maps), all CPUs */
	char *spooled;			/* newest spool file written for it */
	bool need_spool;		/* gone, and not in the spool yet */
	int64_t crash_due_ms;		/* CLOCK_MONOTONIC ms; 0 = none */
	int64_t last_crash_ms;
	uint32_t crashes;
	uint32_t crash_pid;
	int32_t crash_status;
	char crash_comm[16];
	struct tl_label labels[MAX_LABELS];	/* strings owned */
	uint32_t nlabels;
};

struct daemon {
	struct tlr_daemon_opts o;
	char mount[PATH_MAX];
	char *cmdline;
	struct recorder *rec;
	uint32_t ncpus;
	bool attached;
	struct tlr_http *http;
	int lock_fd;
	struct tlr_watch *watch;
	struct tlr_spool spool;
	bool spool_on;
	int sfd;
	struct dtrace **t;		/* by id, ascending */
	size_t nt, cap;
	int nlive;
	int64_t start_mono_ns;
	bool stopping;
	bool bound;			/* the socket file is ours */
	bool bpf_refused;		/* recorder__new: EPERM/EACCES */
	uint64_t n_added, n_gone, n_spooled, n_spool_failed, n_crash_dumps;
	uint64_t n_evicted;
};

static int64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int64_t mono_ms(void)
{
	return mono_ns() / 1000000;
}

static int64_t real_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* ------------------------------------------------------------ trace table */

static struct dtrace *find_id(struct daemon *d, int id)
{
	size_t lo = 0, hi = d->nt;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (d->t[mid]->id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < d->nt && d->t[lo]->id == id ? d->t[lo] : NULL;
}

static struct dtrace *find_name(struct daemon *d, const char *name)
{
	size_t i;

	for (i = 0; i < d->nt; i++)
		if (strcmp(d->t[i]->name, name) == 0)
			return d->t[i];
	return NULL;
}

static struct dtrace *find_live_cgid(struct daemon *d, uint64_t cgid)
{
	size_t i;

	for (i = 0; i < d->nt; i++)
		if (d->t[i]->live && d->t[i]->cgid == cgid)
			return d->t[i];
	return NULL;
}

static void dtrace_free(struct dtrace *t)
{
	uint32_t i;

	if (!t)
		return;
	for (i = 0; i < t->nlabels; i++) {
		free((char *)t->labels[i].key);
		free((char *)t->labels[i].value);
	}
	free(t->name);
	free(t->rel);
	free(t->spooled);
	free(t);
}

/* Bytes the daemon keeps per trace besides the rings. */
static uint64_t dtrace_bookkeeping(const struct dtrace *t, uint32_t ncpus)
{
	uint64_t n = sizeof(*t) + strlen(t->name) + 1 + strlen(t->rel) + 1;
	uint32_t i;

	if (t->spooled)
		n += strlen(t->spooled) + 1;
	for (i = 0; i < t->nlabels; i++)
		n += strlen(t->labels[i].key) + strlen(t->labels[i].value) + 2;
	/* the recorder's slot: its per-CPU writer state, and the resolved
	 * cgroup (paths) it keeps */
	n += (uint64_t)ncpus * sizeof(struct tlr_state) + sizeof(struct tlr_cgroup);
	return n;
}

/* Attaches the syscall programs while some trace is live, detaches them
 * when none is: an idle daemon costs the other processes nothing. */
static void update_attach(struct daemon *d)
{
	int ret;

	if (d->nlive > 0 && !d->attached) {
		ret = recorder__attach(d->rec);
		if (ret) {
			err("cannot attach the BPF programs: %s", strerror(-ret));
			return;
		}
		d->attached = true;
		info("programs attached (%d live trace%s)", d->nlive,
		     d->nlive == 1 ? "" : "s");
	} else if (d->nlive == 0 && d->attached) {
		recorder__detach(d->rec);
		d->attached = false;
		info("no live trace: programs detached");
	}
}

/* ----------------------------------------------------------------- spool */

static void spool_removed(const char *name, void *ctx)
{
	(void)ctx;
	info("spool: removed '%s' (over --spool-max)", name);
}

static int write_dump(struct daemon *d, struct tl_writer *w, int id)
{
	struct recorder_dump_opts dopts = {
		.sz = sizeof(dopts),
		.cmdline = d->cmdline,
		.compress = d->o.compress,
	};
	int ret;

	ret = recorder__dump(d->rec, w, &id, 1, &dopts);
	if (ret) {
		tl_writer__abort(w);
		return ret;
	}
	return tl_writer__close(w);
}

/* Writes trace t into the spool; `reason` goes into the file name. */
static int spool_trace(struct daemon *d, struct dtrace *t, const char *reason)
{
	struct tl_writer_opts wo = {
		.sz = sizeof(wo),
		.codec = d->o.codec,
		.level = d->o.level,
		.ring_delta = d->o.ring_delta,
	};
	char path[PATH_MAX];
	struct tl_writer *w;
	int ret, kept = 0;

	if (!d->spool_on)
		return 0;
	ret = tlr_spool_path(&d->spool, t->name, t->id, reason,
			     (time_t)(real_ns() / 1000000000), path, sizeof(path));
	if (ret)
		goto fail;
	w = tl_writer__open(path, &wo);
	if (!w) {
		ret = -errno;
		goto fail;
	}
	ret = write_dump(d, w, t->id);
	if (ret)
		goto fail;
	ret = tlr_spool_add(&d->spool, path, &kept, spool_removed, d);
	if (ret)
		goto fail;
	d->n_spooled++;
	if (!kept) {
		warn("spool: '%s' alone is larger than --spool-max %llu: removed",
		     path, (unsigned long long)d->spool.max);
		return -EFBIG;
	}
	free(t->spooled);
	t->spooled = strdup(strrchr(path, '/') + 1);
	info("trace %d '%s': wrote '%s'", t->id, t->name, path);
	return 0;
fail:
	d->n_spool_failed++;
	warn("trace %d '%s': cannot write to the spool '%s': %s", t->id,
	     t->name, d->spool.dir, strerror(-ret));
	return ret;
}

/* ------------------------------------------------------------ add / gone */

static void mark_gone(struct daemon *d, struct dtrace *t)
{
	if (!t->live)
		return;
	recorder__stop(d->rec, t->id);
	t->live = false;
	t->ended_ns = real_ns();
	t->crash_due_ms = 0;
	d->nlive--;
	d->n_gone++;
	info("trace %d '%s': cgroup %s is gone", t->id, t->name, t->rel);
	update_attach(d);
	t->need_spool = d->spool_on;
	if (d->spool_on && spool_trace(d, t, "gone") == 0)
		t->need_spool = false;
}

/* Marks t gone when its cgroup no longer exists (or is another one now). */
static void check_gone(struct daemon *d, struct dtrace *t)
{
	struct tlr_cgroup *cg;
	int ret;

	if (!t->live)
		return;
	cg = malloc(sizeof(*cg));
	if (!cg)
		return;
	ret = tlr_cgroup_resolve(d->mount, t->rel, cg);
	if (ret == -ENOENT || ret == -ENOTDIR || (!ret && cg->id != t->cgid))
		mark_gone(d, t);
	free(cg);
}

static void remove_trace(struct daemon *d, struct dtrace *t)
{
	size_t i;

	recorder__remove(d->rec, t->id);
	if (t->live)
		d->nlive--;
	for (i = 0; i < d->nt; i++)
		if (d->t[i] == t)
			break;
	if (i < d->nt) {
		memmove(&d->t[i], &d->t[i + 1], (d->nt - i - 1) * sizeof(*d->t));
		d->nt--;
	}
	dtrace_free(t);
	update_attach(d);
}

/* Frees the oldest gone trace already in the spool: room for a new one. */
static bool evict_one(struct daemon *d)
{
	struct dtrace *old = NULL;
	size_t i;

	for (i = 0; i < d->nt; i++) {
		struct dtrace *t = d->t[i];

		if (t->live || !t->spooled || t->need_spool)
			continue;
		if (!old || t->ended_ns < old->ended_ns)
			old = t;
	}
	if (!old)
		return false;
	info("trace %d '%s': freed to make room (it is in the spool as '%s')",
	     old->id, old->name, old->spooled);
	remove_trace(d, old);
	d->n_evicted++;
	return true;
}

struct add_req {
	const char *cgroup;		/* as given */
	const char *name;		/* NULL: from the cgroup path */
	uint32_t kind;			/* 0: from the cgroup path */
	const struct tl_label *labels;
	uint32_t nlabels;
	bool quiet_exists;		/* --watch: already traced is fine */
};

/* Adds a trace. Returns its id, or -errno with an HTTP status in *status
 * and a message in err. */
static int add_trace(struct daemon *d, const struct add_req *a,
		     unsigned int *status, char *errbuf, size_t errlen)
{
	struct recorder_trace_opts to = { .sz = sizeof(to) };
	struct tl_label labels[MAX_LABELS + 8];
	struct tl_ring_info *ri = NULL;
	struct tlr_cgdesc desc;
	struct tlr_cgroup *cg = NULL;
	struct dtrace *t = NULL, *other;
	char lerr[256];
	uint32_t nl = 0, i;
	int ret, id = -1;
	bool already = false;
	char *slash;

	*status = 400;
	cg = calloc(1, sizeof(*cg));
	t = calloc(1, sizeof(*t));
	if (!cg || !t) {
		ret = -ENOMEM;
		*status = 503;
		snprintf(errbuf, errlen, "out of memory");
		goto out;
	}
	ret = tlr_cgroup_resolve(d->mount, a->cgroup, cg);
	if (ret) {
		if (ret == -ENOENT)
			*status = 404;
		snprintf(errbuf, errlen, "cgroup '%s': %s", a->cgroup,
			 ret == -EXDEV ? "not inside the cgroup2 mount" :
			 ret == -ENOTDIR ? "not a cgroup directory" :
			 strerror(-ret));
		if (ret == -EXDEV)
			snprintf(errbuf + strlen(errbuf), errlen - strlen(errbuf),
				 " %s", d->mount);
		goto out;
	}
	other = find_live_cgid(d, cg->id);
	if (other) {
		ret = -EEXIST;
		*status = 409;
		already = true;
		snprintf(errbuf, errlen, "cgroup %s is already traced as trace "
			 "%d '%s'", cg->rel, other->id, other->name);
		goto out;
	}
	tlr_cgroup_describe(cg->rel, &desc);
	t->name = strdup(a->name ? a->name : desc.name);
	t->rel = strdup(cg->rel);
	if (!t->name || !t->rel) {
		ret = -ENOMEM;
		*status = 503;
		snprintf(errbuf, errlen, "out of memory");
		goto out;
	}
	ret = tlr_name_check(t->name, lerr, sizeof(lerr));
	if (ret) {
		snprintf(errbuf, errlen, "%s", lerr);
		goto out;
	}
	if (find_name(d, t->name)) {
		ret = -EEXIST;
		*status = 409;
		snprintf(errbuf, errlen, "a trace named '%s' exists (close it "
			 "first or choose another name)", t->name);
		goto out;
	}
	t->kind = a->kind ? a->kind : desc.kind;
	/* labels: the caller's, then what the path says */
	for (i = 0; i < a->nlabels && nl < MAX_LABELS; i++)
		labels[nl++] = a->labels[i];
	if (desc.container_id[0])
		labels[nl++] = (struct tl_label){ "container_id", desc.container_id };
	if (desc.runtime[0])
		labels[nl++] = (struct tl_label){ "runtime", desc.runtime };
	if (desc.pod_uid[0])
		labels[nl++] = (struct tl_label){ "pod_uid", desc.pod_uid };
	if (desc.qos_class[0])
		labels[nl++] = (struct tl_label){ "qos_class", desc.qos_class };
	for (i = 0; i < nl && t->nlabels < MAX_LABELS; i++) {
		char *k = strdup(labels[i].key), *v = strdup(labels[i].value);

		if (!k || !v) {
			free(k);
			free(v);
			ret = -ENOMEM;
			*status = 503;
			snprintf(errbuf, errlen, "out of memory");
			goto out;
		}
		t->labels[t->nlabels].key = k;
		t->labels[t->nlabels].value = v;
		t->nlabels++;
	}
	if (d->nt == d->cap) {
		size_t ncap = d->cap ? d->cap * 2 : 64;
		struct dtrace **nt = realloc(d->t, ncap * sizeof(*nt));

		if (!nt) {
			ret = -ENOMEM;
			*status = 503;
			snprintf(errbuf, errlen, "out of memory");
			goto out;
		}
		d->t = nt;
		d->cap = ncap;
	}

	to.name = t->name;
	to.kind = t->kind;
	to.buffer_size = d->o.buffer_size;
	to.labels = t->labels;
	to.nlabels = t->nlabels;
	/* every slot in use: free the oldest gone trace already on disk */
	while (d->nt >= d->o.max_traces && evict_one(d))
		;
	id = recorder__add_cgroup(d->rec, cg, &to, lerr, sizeof(lerr));
	if (id < 0) {
		ret = id;
		*status = id == -ENOSPC || id == -ENOMEM || id == -E2BIG ? 503 :
			  id == -EEXIST ? 409 : id == -EINVAL ? 400 : 500;
		snprintf(errbuf, errlen, "%s", lerr);
		goto out;
	}
	t->id = id;
	t->cgid = cg->id;
	t->live = true;
	t->started_ns = real_ns();
	ri = calloc(d->ncpus, sizeof(*ri));
	if (ri && recorder__ring_info(d->rec, id, ri) == 0) {
		uint64_t b = (uint64_t)ri[0].nblocks * d->ncpus * TLR_ELEM_SIZE;

		t->ring_bytes = (b + 4095) & ~4095ull;
	}
	d->t[d->nt++] = t;	/* ids only grow: the table stays sorted */
	d->nlive++;
	d->n_added++;
	info("trace %d '%s': cgroup %s added", id, t->name, t->rel);
	update_attach(d);

	/* learn when the cgroup is removed: its parent directory's events */
	slash = strrchr(cg->rel, '/');
	if (slash && slash != cg->rel) {
		*slash = '\0';
		ret = tlr_watch_dir(d->watch, cg->rel, false, NULL, NULL);
	} else {
		ret = tlr_watch_dir(d->watch, "/", false, NULL, NULL);
	}
	if (ret)
		warn("trace %d: cannot watch the parent of %s: %s (its removal "
		     "will not be noticed)", id, t->rel, strerror(-ret));
	t = NULL;
	check_gone(d, find_id(d, id));	/* removed before the watch? */
	ret = id;
out:
	if (already && a->quiet_exists)
		*status = 0;	/* --watch found it again: fine */
	dtrace_free(t);
	free(ri);
	free(cg);
	return ret;
}

/* --------------------------------------------------------------- --watch */

/* "base", or "base-2", "base-3", ... whichever is free. */
static void unique_name(struct daemon *d, const char *base, char *out,
			size_t outlen)
{
	int k;

	snprintf(out, outlen, "%.*s", TLR_NAME_MAX, base);
	for (k = 2; find_name(d, out) && k < 100000; k++)
		snprintf(out, outlen, "%.*s-%d", TLR_NAME_MAX - 8, base, k);
}

static void watch_created(struct daemon *d, const char *rel)
{
	struct tlr_cgdesc desc;
	struct add_req a;
	char name[TLR_NAME_MAX + 1], ebuf[512];
	unsigned int status;
	int i, id;

	for (i = 0; i < d->o.nwatch; i++)
		if (tlr_watch_match(d->o.watch[i], rel))
			break;
	if (i == d->o.nwatch)
		return;
	tlr_cgroup_describe(rel, &desc);
	unique_name(d, desc.name, name, sizeof(name));
	memset(&a, 0, sizeof(a));
	a.cgroup = rel;
	a.name = name;
	a.quiet_exists = true;
	{
		struct tl_label l = { "watch", d->o.watch[i] };

		a.labels = &l;
		a.nlabels = 1;
		id = add_trace(d, &a, &status, ebuf, sizeof(ebuf));
	}
	if (id < 0 && status && status != 404)
		warn("--watch: cannot add %s: %s", rel, ebuf);
}

static int on_watch(void *ctx, int what, const char *rel)
{
	struct daemon *d = ctx;
	size_t i;

	switch (what) {
	case TLR_WATCH_CREATED:
		debug("cgroup %s created", rel);
		if (d->o.nwatch && !d->stopping)
			watch_created(d, rel);
		break;
	case TLR_WATCH_DELETED:
		debug("cgroup %s removed", rel);
		for (i = 0; i < d->nt; i++)
			if (d->t[i]->live && strcmp(d->t[i]->rel, rel) == 0)
				check_gone(d, d->t[i]);
		break;
	case TLR_WATCH_OVERFLOW:
		warn("cgroup events were lost (inotify queue overflow): rescanning");
		for (i = 0; i < d->nt; i++)
			check_gone(d, d->t[i]);
		if (d->o.nwatch && !d->stopping)
			tlr_watch_dir(d->watch, "/", true, on_watch, d);
		break;
	}
	return 0;
}

/* --------------------------------------------------------- --dump-on-crash */

static int on_exit_event(const struct recorder_exit *e, void *ctx)
{
	struct daemon *d = ctx;
	struct dtrace *t = find_id(d, e->id);
	int64_t now = mono_ms();

	if (!t || !t->live)
		return 0;
	t->crashes++;
	t->crash_pid = e->pid;
	t->crash_status = e->status;
	memcpy(t->crash_comm, e->comm, sizeof(t->crash_comm));
	if ((e->status & 0x7f) != 0)
		info("trace %d '%s': pid %u (%s) killed by signal %d", t->id,
		     t->name, e->pid, e->comm, e->status & 0x7f);
	else
		info("trace %d '%s': pid %u (%s) exited with status %d", t->id,
		     t->name, e->pid, e->comm, (e->status >> 8) & 0xff);
	if (!t->crash_due_ms) {
		int64_t due = now;

		if (t->last_crash_ms && due < t->last_crash_ms + CRASH_INTERVAL_MS)
			due = t->last_crash_ms + CRASH_INTERVAL_MS;
		t->crash_due_ms = due;
	}
	return 0;
}

/* Crash dumps that are due; returns ms until the next one (-1: none). */
static int run_crash_dumps(struct daemon *d)
{
	int64_t now = mono_ms(), next = -1;
	size_t i;

	for (i = 0; i < d->nt; i++) {
		struct dtrace *t = d->t[i];

		if (!t->crash_due_ms)
			continue;
		if (t->crash_due_ms > now) {
			if (next < 0 || t->crash_due_ms - now < next)
				next = t->crash_due_ms - now;
			continue;
		}
		t->crash_due_ms = 0;
		t->last_crash_ms = now;
		if (spool_trace(d, t, "crash") == 0)
			d->n_crash_dumps++;
	}
	return (int)next;
}

/* ----------------------------------------------------------------- API */

enum fmt { FMT_TEXT, FMT_JSON };

static int get_format(const struct tlr_http_req *q, struct tlr_http_resp *r,
		      enum fmt *f)
{
	const char *s = tlr_args_get(q->params, q->nparams, "format");

	*f = FMT_TEXT;
	if (!s || strcmp(s, "text") == 0)
		return 0;
	if (strcmp(s, "json") == 0) {
		*f = FMT_JSON;
		return 0;
	}
	tlr_http_reply(r, 400, "error: unknown format '%.32s' (text, json)\n", s);
	return -EINVAL;
}

static bool check_args(const struct tlr_http_req *q, struct tlr_http_resp *r,
		       const char *const *allowed, const char *const *multi)
{
	char e[256];

	if (tlr_args_check(q->params, q->nparams, allowed, multi, e, sizeof(e))) {
		tlr_http_reply(r, 400, "error: %s\n", e);
		return false;
	}
	return true;
}

static void set_body(struct tlr_http_resp *r, unsigned int status,
		     struct tlr_sbuf *b, const char *ctype)
{
	size_t len = 0;
	char *s = tlr_sbuf_take(b, &len);

	if (!s) {
		tlr_http_reply(r, 503, "error: out of memory\n");
		return;
	}
	free(r->body);
	r->status = status;
	r->body = s;
	r->len = len;
	r->content_type = ctype;
}

/* The trace named by ?name= or ?id= (exactly one); replies 400/404. */
static struct dtrace *trace_arg(struct daemon *d, const struct tlr_http_req *q,
				struct tlr_http_resp *r)
{
	const char *name = tlr_args_get(q->params, q->nparams, "name");
	const char *ids = tlr_args_get(q->params, q->nparams, "id");
	struct dtrace *t;
	char *end;
	long id;

	if (!!name == !!ids) {
		tlr_http_reply(r, 400, "error: give the trace as name=NAME or "
			       "id=ID (one of them)\n");
		return NULL;
	}
	if (name) {
		t = find_name(d, name);
		if (!t)
			tlr_http_reply(r, 404, "error: no trace named '%.128s'\n",
				       name);
		return t;
	}
	errno = 0;
	id = strtol(ids, &end, 10);
	if (errno || end == ids || *end || id <= 0 || id > INT32_MAX) {
		tlr_http_reply(r, 400, "error: invalid trace id '%.32s'\n", ids);
		return NULL;
	}
	t = find_id(d, (int)id);
	if (!t)
		tlr_http_reply(r, 404, "error: no trace with id %ld\n", id);
	return t;
}

static bool has_ctl(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return true;
	return false;
}

static void api_add(struct daemon *d, const struct tlr_http_req *q,
		    struct tlr_http_resp *r)
{
	static const char *const allowed[] = { "name", "cgroup", "kind",
					       "label", "format", NULL };
	static const char *const multi[] = { "label", NULL };
	struct tl_label labels[MAX_LABELS];
	char ebuf[PATH_MAX + 256];
	struct add_req a;
	struct tlr_sbuf b = { 0 };
	unsigned int status;
	const char *kind;
	enum fmt f;
	size_t i;
	int id;

	if (!check_args(q, r, allowed, multi) || get_format(q, r, &f))
		return;
	memset(&a, 0, sizeof(a));
	a.cgroup = tlr_args_get(q->params, q->nparams, "cgroup");
	a.name = tlr_args_get(q->params, q->nparams, "name");
	if (!a.cgroup || !*a.cgroup) {
		tlr_http_reply(r, 400, "error: missing cgroup=PATH\n");
		return;
	}
	kind = tlr_args_get(q->params, q->nparams, "kind");
	if (kind) {
		a.kind = tlr_kind_parse(kind);
		if (!a.kind) {
			tlr_http_reply(r, 400, "error: unknown kind '%.32s' "
				       "(command, cgroup, unit, container, pod)\n",
				       kind);
			return;
		}
	}
	for (i = 0; i < q->nparams; i++) {
		const char *v = q->params[i].value, *eq;
		size_t k;

		if (strcmp(q->params[i].key, "label"))
			continue;
		eq = strchr(v, '=');
		if (!eq || eq == v || a.nlabels == MAX_LABELS) {
			tlr_http_reply(r, 400, "error: %s\n", !eq || eq == v ?
				       "a label is KEY=VALUE" :
				       "too many labels");
			goto out;
		}
		for (k = 0; v + k < eq; k++) {
			char c = v[k];

			if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			      (c >= '0' && c <= '9') || c == '_' || c == '.' ||
			      c == '-' || c == '/'))
				break;
		}
		if (v + k != eq || k > 64 || strlen(eq + 1) > 256 ||
		    has_ctl(eq + 1)) {
			tlr_http_reply(r, 400, "error: bad label key (letters, "
				       "digits, '_', '.', '-', '/'; at most 64) "
				       "or value (at most 256 bytes, no control "
				       "characters)\n");
			goto out;
		}
		labels[a.nlabels].key = strndup(v, k);
		labels[a.nlabels].value = eq + 1;
		if (!labels[a.nlabels].key) {
			tlr_http_reply(r, 503, "error: out of memory\n");
			goto out;
		}
		a.nlabels++;
	}
	a.labels = labels;
	id = add_trace(d, &a, &status, ebuf, sizeof(ebuf));
	if (id < 0) {
		tlr_http_reply(r, status, "error: %s\n", ebuf);
		goto out;
	}
	if (f == FMT_JSON) {
		tlr_sbuf_printf(&b, "{\"id\":%d,\"name\":", id);
		tlr_sbuf_json(&b, find_id(d, id) ? find_id(d, id)->name : "");
		tlr_sbuf_printf(&b, "}\n");
		set_body(r, 200, &b, "application/json");
	} else {
		tlr_http_reply(r, 200, "%d\n", id);
	}
out:
	for (i = 0; i < a.nlabels; i++)
		free((char *)labels[i].key);
}

struct tstats {
	uint64_t events, loss;
};

static void trace_stats(struct daemon *d, struct dtrace *t, struct tstats *s,
			struct tl_ring_info *ri)
{
	uint32_t c;

	memset(s, 0, sizeof(*s));
	if (recorder__ring_info(d->rec, t->id, ri))
		return;
	for (c = 0; c < d->ncpus; c++) {
		s->events += ri[c].records;
		s->loss += ri[c].lost_busy + ri[c].lost_size + ri[c].lost_other;
	}
}

static void api_list(struct daemon *d, const struct tlr_http_req *q,
		     struct tlr_http_resp *r)
{
	static const char *const allowed[] = { "format", NULL };
	struct tlr_sbuf b = { 0 };
	struct tl_ring_info *ri;
	enum fmt f;
	size_t i;

	if (!check_args(q, r, allowed, NULL) || get_format(q, r, &f))
		return;
	ri = calloc(d->ncpus, sizeof(*ri));
	if (!ri) {
		tlr_http_reply(r, 503, "error: out of memory\n");
		return;
	}
	if (f == FMT_JSON)
		tlr_sbuf_printf(&b, "[");
	else
		tlr_sbuf_printf(&b, "%-5s %-24s %-5s %10s %10s %6s %-20s %s\n",
				"ID", "NAME", "STATE", "EVENTS", "BYTES", "LOSS",
				"STARTED", "CGROUP");
	for (i = 0; i < d->nt; i++) {
		struct dtrace *t = d->t[i];
		char started[32], ended[32];
		struct tstats s;
		uint32_t k;

		trace_stats(d, t, &s, ri);
		tlr_iso_time(t->started_ns, started, sizeof(started));
		tlr_iso_time(t->ended_ns, ended, sizeof(ended));
		if (f == FMT_TEXT) {
			tlr_sbuf_printf(&b, "%-5d %-24s %-5s %10llu %10llu %6llu "
					"%-20s %s\n", t->id, t->name,
					t->live ? "live" : "gone",
					(unsigned long long)s.events,
					(unsigned long long)t->ring_bytes,
					(unsigned long long)s.loss, started,
					t->rel);
			continue;
		}
		tlr_sbuf_printf(&b, "%s{\"id\":%d,\"name\":", i ? "," : "", t->id);
		tlr_sbuf_json(&b, t->name);
		tlr_sbuf_printf(&b, ",\"cgroup\":");
		tlr_sbuf_json(&b, t->rel);
		tlr_sbuf_printf(&b, ",\"cgroup_id\":%llu,\"kind\":\"%s\","
				"\"state\":\"%s\",\"events\":%llu,\"bytes\":%llu,"
				"\"loss\":%llu,\"started\":\"%s\"",
				(unsigned long long)t->cgid, tlr_kind_name(t->kind),
				t->live ? "live" : "gone",
				(unsigned long long)s.events,
				(unsigned long long)t->ring_bytes,
				(unsigned long long)s.loss, started);
		if (!t->live)
			tlr_sbuf_printf(&b, ",\"ended\":\"%s\"", ended);
		if (t->spooled) {
			tlr_sbuf_printf(&b, ",\"spooled\":");
			tlr_sbuf_json(&b, t->spooled);
		}
		if (t->crashes)
			tlr_sbuf_printf(&b, ",\"crashes\":%u,\"last_crash\":"
					"{\"pid\":%u,\"status\":%d}", t->crashes,
					t->crash_pid, t->crash_status);
		tlr_sbuf_printf(&b, ",\"labels\":{");
		for (k = 0; k < t->nlabels; k++) {
			if (k)
				tlr_sbuf_printf(&b, ",");
			tlr_sbuf_json(&b, t->labels[k].key);
			tlr_sbuf_printf(&b, ":");
			tlr_sbuf_json(&b, t->labels[k].value);
		}
		tlr_sbuf_printf(&b, "}}");
	}
	if (f == FMT_JSON)
		tlr_sbuf_printf(&b, "]\n");
	free(ri);
	set_body(r, 200, &b, f == FMT_JSON ? "application/json" :
		 "text/plain; charset=utf-8");
}

static int mem_sink(void *ctx, const void *buf, size_t len)
{
	struct tlr_sbuf *b = ctx;

	tlr_sbuf_add(b, buf, len);
	return b->err;
}

static void api_dump(struct daemon *d, const struct tlr_http_req *q,
		     struct tlr_http_resp *r)
{
	static const char *const allowed[] = { "name", "id", NULL };
	struct tl_writer_opts wo = {
		.sz = sizeof(wo),
		.codec = d->o.codec,
		.level = d->o.level,
		.ring_delta = d->o.ring_delta,
	};
	struct tlr_sbuf b = { 0 };
	struct tl_sink sink = { .write = mem_sink, .ctx = &b };
	struct tl_writer *w;
	struct dtrace *t;
	char base[128];
	int ret;

	if (!check_args(q, r, allowed, NULL))
		return;
	t = trace_arg(d, q, r);
	if (!t)
		return;
	/* the rings are copied as they are now while the kernel goes on
	 * writing; the file is built in memory and sent from there, so a
	 * slow or vanishing client never holds the recorder */
	w = tl_writer__open_sink(&sink, &wo);
	if (!w) {
		tlr_http_reply(r, 503, "error: out of memory\n");
		return;
	}
	ret = write_dump(d, w, t->id);
	if (ret) {
		tlr_sbuf_release(&b);
		tlr_http_reply(r, ret == -ENOMEM ? 503 : 500,
			       "error: cannot dump trace %d: %s\n", t->id,
			       strerror(-ret));
		return;
	}
	debug("trace %d '%s': dump of %zu bytes", t->id, t->name, b.len);
	set_body(r, 200, &b, "application/octet-stream");
	tlr_spool_sanitize(t->name, base, sizeof(base) - 5);
	snprintf(r->filename, sizeof(r->filename), "%.100s.tlz", base);
}

static void api_close(struct daemon *d, const struct tlr_http_req *q,
		      struct tlr_http_resp *r)
{
	static const char *const allowed[] = { "name", "id", NULL };
	struct dtrace *t;
	int id;

	if (!check_args(q, r, allowed, NULL))
		return;
	t = trace_arg(d, q, r);
	if (!t)
		return;
	id = t->id;
	info("trace %d '%s': closed", id, t->name);
	remove_trace(d, t);
	tlr_http_reply(r, 200, "closed %d\n", id);
}

static uint64_t rss_bytes(void)
{
	unsigned long long size = 0, res = 0;
	FILE *f = fopen("/proc/self/statm", "re");

	if (!f)
		return 0;
	if (fscanf(f, "%llu %llu", &size, &res) != 2)
		res = 0;
	fclose(f);
	return (uint64_t)res * (uint64_t)sysconf(_SC_PAGESIZE);
}

static void api_status(struct daemon *d, const struct tlr_http_req *q,
		       struct tlr_http_resp *r)
{
	static const char *const allowed[] = { "format", NULL };
	struct tlr_sbuf b = { 0 };
	uint64_t rings = 0, book = 0, rss = rss_bytes();
	int64_t up = (mono_ns() - d->start_mono_ns) / 1000000000;
	size_t i;
	enum fmt f;

	if (!check_args(q, r, allowed, NULL) || get_format(q, r, &f))
		return;
	for (i = 0; i < d->nt; i++) {
		rings += d->t[i]->ring_bytes;
		book += dtrace_bookkeeping(d->t[i], d->ncpus);
	}
	if (f == FMT_JSON) {
		tlr_sbuf_printf(&b, "{\"version\":\"%s\",\"uptime_s\":%lld,"
				"\"traces\":%zu,\"live\":%d,\"gone\":%zu,"
				"\"attached\":%s,\"memory_bytes\":%llu,"
				"\"ring_bytes\":%llu,\"bookkeeping_bytes\":%llu,"
				"\"rss_bytes\":%llu,\"max_traces\":%u,"
				"\"added\":%llu,\"evicted\":%llu,"
				"\"crash_dumps\":%llu,\"spool\":",
				TL_VERSION, (long long)up, d->nt, d->nlive,
				d->nt - (size_t)d->nlive,
				d->attached ? "true" : "false",
				(unsigned long long)(rings + book),
				(unsigned long long)rings,
				(unsigned long long)book,
				(unsigned long long)rss, d->o.max_traces,
				(unsigned long long)d->n_added,
				(unsigned long long)d->n_evicted,
				(unsigned long long)d->n_crash_dumps);
		if (d->spool_on) {
			tlr_sbuf_printf(&b, "{\"dir\":");
			tlr_sbuf_json(&b, d->spool.dir);
			tlr_sbuf_printf(&b, ",\"files\":%zu,\"bytes\":%llu,"
					"\"max_bytes\":%llu,\"written\":%llu,"
					"\"failed\":%llu,\"removed\":%llu}}\n",
					d->spool.n,
					(unsigned long long)d->spool.total,
					(unsigned long long)d->spool.max,
					(unsigned long long)d->n_spooled,
					(unsigned long long)d->n_spool_failed,
					(unsigned long long)d->spool.removed);
		} else {
			tlr_sbuf_printf(&b, "null}\n");
		}
		set_body(r, 200, &b, "application/json");
		return;
	}
	tlr_sbuf_printf(&b, "version: %s\nuptime: %lld s\ntraces: %zu "
			"(live %d, gone %zu, max %u)\nprograms: %s\n"
			"memory: %llu bytes (rings %llu, bookkeeping %llu)\n"
			"rss: %llu bytes\n",
			TL_VERSION, (long long)up, d->nt, d->nlive,
			d->nt - (size_t)d->nlive, d->o.max_traces,
			d->attached ? "attached" : "detached (nothing live)",
			(unsigned long long)(rings + book),
			(unsigned long long)rings, (unsigned long long)book,
			(unsigned long long)rss);
	if (d->spool_on)
		tlr_sbuf_printf(&b, "spool: %s (%zu files, %llu bytes, max %llu)\n",
				d->spool.dir, d->spool.n,
				(unsigned long long)d->spool.total,
				(unsigned long long)d->spool.max);
	else
		tlr_sbuf_printf(&b, "spool: off\n");
	set_body(r, 200, &b, "text/plain; charset=utf-8");
}

static void api_index(struct tlr_http_resp *r)
{
	tlr_http_reply(r, 200,
		"tl-record daemon %s\n"
		"POST /add?name=NAME&cgroup=PATH[&kind=K][&label=KEY=VALUE...]\n"
		"GET  /list[?format=json]\n"
		"GET  /dump?name=NAME|id=ID\n"
		"POST /close?name=NAME|id=ID\n"
		"GET  /status[?format=json]\n", TL_VERSION);
}

struct route {
	const char *path;
	const char *method;		/* GET also allows HEAD */
	void (*fn)(struct daemon *d, const struct tlr_http_req *q,
		   struct tlr_http_resp *r);
};

static const struct route routes[] = {
	{ "/add", "POST", api_add },
	{ "/list", "GET", api_list },
	{ "/dump", "GET", api_dump },
	{ "/close", "POST", api_close },
	{ "/status", "GET", api_status },
};

static void on_request(void *ctx, const struct tlr_http_req *q,
		       struct tlr_http_resp *r)
{
	struct daemon *d = ctx;
	size_t i;

	if (q->peer_uid != geteuid() && q->peer_uid != 0) {
		tlr_http_reply(r, 403, "error: uid %d may not use this daemon\n",
			       (int)q->peer_uid);
		return;
	}
	if (strcmp(q->path, "/") == 0) {
		if (strcmp(q->method, "GET") && strcmp(q->method, "HEAD")) {
			tlr_http_reply(r, 405, "error: method %.16s not allowed\n",
				       q->method);
			r->allow = "GET, HEAD";
			return;
		}
		api_index(r);
		return;
	}
	for (i = 0; i < sizeof(routes) / sizeof(routes[0]); i++) {
		const struct route *rt = &routes[i];
		bool ok;

		if (strcmp(q->path, rt->path))
			continue;
		ok = strcmp(q->method, rt->method) == 0 ||
		     (!strcmp(rt->method, "GET") && !strcmp(q->method, "HEAD"));
		if (!ok) {
			tlr_http_reply(r, 405, "error: %s needs %s, not %.16s\n",
				       rt->path, rt->method, q->method);
			r->allow = strcmp(rt->method, "GET") ? rt->method :
				   "GET, HEAD";
			return;
		}
		debug("%s %s from pid %d", q->method, q->path, (int)q->peer_pid);
		rt->fn(d, q, r);
		return;
	}
	tlr_http_reply(r, 404, "error: no such endpoint '%.64s' (see GET /)\n",
		       q->path);
}

/* ------------------------------------------------------------ startup */

static void usage(FILE *f)
{
	fprintf(f,
"Usage: tl-record daemon [OPTIONS]\n"
"\n"
"The always-on flight recorder: records the cgroups it is told about (over\n"
"an HTTP/1.1 API on a unix socket, see 'tl-record ctl') or that appear and\n"
"match --watch, keeps their last events in per-cgroup rings, and keeps a\n"
"trace after its cgroup is removed (state 'gone', also written to the\n"
"spool) until it is closed. With nothing live, no program is attached.\n"
"\n"
"Options:\n"
"      --socket PATH          API socket (default " TLR_DAEMON_SOCKET ", mode 0600)\n"
"      --spool DIR            where gone traces and crash dumps are written\n"
"                             (default " TLR_DAEMON_SPOOL ")\n"
"      --no-spool             write no spool files\n"
"      --spool-max SIZE       bound of the spool, oldest files removed first\n"
"                             (default 1G; 0 = no bound)\n"
"      --buffer-size SIZE     ring size per trace per CPU (default 1M, 128K..1G)\n"
"      --max-traces N         traces held at once (default %d); when full, the\n"
"                             oldest gone trace already in the spool is freed\n"
"      --syscall-filters LIST record only these syscalls (openat,read,...)\n"
"  -s, --snaplen N            bytes of strings and buffers kept (default 256)\n"
"      --no-data              keep no buffer contents, only their lengths\n"
"      --compress C           zstd[:LEVEL] (default, level 1), zlib[:LEVEL]\n"
"                             or none\n"
"      --format-version V     file format: 1.1 (default) or 1.0, plain RING\n"
"                             chunks instead of delta-coded ones, for tools\n"
"                             that read format 1.0 only (larger files)\n"
"      --watch PATTERN        trace every cgroup that appears (or exists) and\n"
"                             matches PATTERN (a glob on the last path\n"
"                             component, or on the whole path if it has a '/');\n"
"                             repeatable. Container and pod cgroups are named\n"
"                             from the container id and pod UID.\n"
"      --dump-on-crash        write a trace to the spool when one of its\n"
"                             processes is killed by a signal or exits non-zero\n"
"  -q, --quiet                less output on stderr\n"
"  -v, --verbose              more output (-v: traces added and gone, spool)\n"
"  -h, --help                 show this help\n"
"      --version              show the version\n"
"\n"
"Exit status: 0 after SIGTERM or SIGINT (requests finished, gone traces in\n"
"the spool), 1 failure (e.g. the socket is held by another daemon), 2 usage\n"
"error, 3 BPF or cgroup2 cannot be used here.\n"
"\n"
"Examples:\n"
"  tl-record daemon -v --watch 'docker-*.scope' --dump-on-crash\n"
"  tl-record daemon --watch 'cri-containerd-*.scope' --buffer-size 256K\n"
"  tl-record daemon --format-version 1.0   # every file readable by 1.0 tools\n"
"  tl-record ctl add web /system.slice/nginx.service\n"
"  curl --unix-socket /run/tl-record.sock -X POST \\\n"
"       'http://localhost/add?name=web&cgroup=/system.slice/nginx.service'\n"
"  curl --unix-socket /run/tl-record.sock http://localhost/list\n"
"  curl --unix-socket /run/tl-record.sock -o web.tlz 'http://localhost/dump?name=web'\n",
		TLR_DAEMON_MAX_TRACES);
}

__attribute__((format(printf, 2, 0)))
static int libbpf_print(enum libbpf_print_level level, const char *fmt,
			va_list ap)
{
	if (level == LIBBPF_DEBUG && tlr_verbosity < TLR_V_DEBUG + 1)
		return 0;
	if (level != LIBBPF_DEBUG && tlr_verbosity < TLR_V_INFO)
		return 0;
	return vfprintf(stderr, fmt, ap);
}

__attribute__((format(printf, 2, 0)))
static int tl_print_cb(enum tl_print_level level, const char *fmt, va_list ap)
{
	int need = level == TL_WARN ? TLR_V_WARN :
		   level == TL_INFO ? TLR_V_INFO : TLR_V_DEBUG;

	if (tlr_verbosity < need)
		return 0;
	return vfprintf(stderr, fmt, ap);
}

static int check_env(struct daemon *d)
{
	int ret;

	if (geteuid() != 0) {
		err("the daemon needs root (BPF and cgroup control): run it "
		    "as root, e.g. from its systemd unit");
		return EXIT_NOBPF;
	}
	if (access("/sys/kernel/btf/vmlinux", R_OK) != 0) {
		err("the kernel has no BTF (/sys/kernel/btf/vmlinux: %s): use a "
		    "kernel built with CONFIG_DEBUG_INFO_BTF=y", strerror(errno));
		return EXIT_NOBPF;
	}
	ret = tlr_cgroup2_mount(d->mount, sizeof(d->mount));
	if (ret) {
		err("no cgroup2 file system is mounted (%s)",
		    ret == -ENOENT ? "none in /proc/mounts" : strerror(-ret));
		return EXIT_NOBPF;
	}
	/* levels and paths are counted from the mount: it must show the
	 * whole hierarchy (root cgroup id 1), not a cgroup namespace's part */
	{
		struct tlr_cgroup *cg = malloc(sizeof(*cg));

		ret = cg ? tlr_cgroup_resolve(d->mount, "/", cg) : -ENOMEM;
		if (!ret && cg->id != 1) {
			err("the cgroup2 mount %s is not the root of the "
			    "hierarchy (a cgroup namespace?): mount the host's "
			    "cgroup2 file system there", d->mount);
			ret = -EXDEV;
		} else if (ret) {
			err("cannot read the cgroup2 mount %s: %s", d->mount,
			    strerror(-ret));
		}
		free(cg);
		if (ret)
			return EXIT_NOBPF;
	}
	return 0;
}

static char *join_args(int argc, char **argv)
{
	struct tlr_sbuf b = { 0 };
	int i;

	tlr_sbuf_printf(&b, "tl-record");
	for (i = 0; i < argc; i++)
		tlr_sbuf_printf(&b, " %s", argv[i]);
	return tlr_sbuf_take(&b, NULL);
}

/* One ring map fd per trace: make room for --max-traces of them. */
static void raise_nofile(uint32_t traces)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl))
		return;
	if (rl.rlim_cur < rl.rlim_max && rl.rlim_cur < (rlim_t)traces + 256) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	if (rl.rlim_cur < (rlim_t)traces + 64)
		warn("the open file limit (%llu) is below --max-traces %u: "
		     "adding traces will fail before that",
		     (unsigned long long)rl.rlim_cur, traces);
}

/* systemd's readiness protocol (Type=notify), when NOTIFY_SOCKET is set. */
static void sd_notify_msg(const char *m)
{
	const char *e = getenv("NOTIFY_SOCKET");
	struct sockaddr_un sa;
	socklen_t len;
	int fd;

	if (!e || (e[0] != '/' && e[0] != '@') || strlen(e) >= sizeof(sa.sun_path))
		return;
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	memcpy(sa.sun_path, e, strlen(e));
	if (e[0] == '@')
		sa.sun_path[0] = '\0';
	len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + strlen(e));
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return;
	if (sendto(fd, m, strlen(m), MSG_NOSIGNAL, (struct sockaddr *)&sa, len) < 0)
		debug("sd_notify: %s", strerror(errno));
	close(fd);
}

static int setup(struct daemon *d, char *ebuf, size_t elen)
{
	struct recorder_opts ro = { .sz = sizeof(ro) };
	sigset_t set;
	int fd, ret;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGUSR1);
	if (sigprocmask(SIG_BLOCK, &set, NULL))
		return -errno;
	signal(SIGPIPE, SIG_IGN);
	d->sfd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
	if (d->sfd < 0)
		return -errno;

	fd = tlr_http_listen_unix(d->o.socket, &d->lock_fd, ebuf, elen);
	if (fd < 0)
		return fd;
	d->bound = true;
	if (d->o.spool) {
		ret = tlr_spool_init(&d->spool, d->o.spool, d->o.spool_max);
		if (ret) {
			close(fd);
			snprintf(ebuf, elen, "spool '%s': %s", d->o.spool,
				 strerror(-ret));
			return ret;
		}
		d->spool_on = true;
	}
	ro.max_traces = d->o.max_traces;
	ro.snaplen = d->o.snaplen;
	ro.no_data = d->o.no_data;
	ro.syscall_filter = d->o.filter;
	ro.exit_events = d->o.dump_on_crash;
	d->rec = recorder__new(&ro, ebuf, elen);
	if (!d->rec) {
		ret = errno ? -errno : -EINVAL;
		d->bpf_refused = ret == -EPERM || ret == -EACCES;
		close(fd);
		return ret;
	}
	d->ncpus = recorder__ncpus(d->rec);
	d->http = tlr_http_new(fd, HTTP_MAX_CONNS, HTTP_TIMEOUT_S, on_request, d,
			       ebuf, elen);
	if (!d->http)
		return -errno;
	d->watch = tlr_watch_new(d->mount);
	if (!d->watch) {
		ret = -errno;
		snprintf(ebuf, elen, "inotify: %s", strerror(errno));
		return ret;
	}
	if (d->o.nwatch) {
		ret = tlr_watch_dir(d->watch, "/", true, on_watch, d);
		if (ret < 0) {
			snprintf(ebuf, elen, "cannot watch the cgroup tree %.256s: %s",
				 d->mount, strerror(-ret));
			return ret;
		}
		info("watching %zu cgroup directories for %d pattern%s",
		     tlr_watch_count(d->watch), d->o.nwatch,
		     d->o.nwatch == 1 ? "" : "s");
	}
	return 0;
}

static void teardown(struct daemon *d)
{
	size_t i;

	tlr_http_free(d->http);
	for (i = 0; i < d->nt; i++)
		dtrace_free(d->t[i]);
	free(d->t);
	recorder__free(d->rec);
	tlr_watch_free(d->watch);
	if (d->spool_on)
		tlr_spool_release(&d->spool);
	if (d->sfd >= 0)
		close(d->sfd);
	free(d->cmdline);
}

/* ------------------------------------------------------------- the loop */

static int run(struct daemon *d)
{
	int64_t stop_deadline = 0;
	size_t i;

	sd_notify_msg("READY=1");
	warn("listening on %s (cgroup2 at %s, %u CPUs, spool %s)", d->o.socket,
	     d->mount, d->ncpus, d->spool_on ? d->spool.dir : "off");
	for (;;) {
		struct pollfd pf[4] = {
			{ .fd = d->sfd, .events = POLLIN },
			{ .fd = tlr_http_fd(d->http), .events = POLLIN },
			{ .fd = tlr_watch_fd(d->watch), .events = POLLIN },
			{ .fd = recorder__exits_fd(d->rec), .events = POLLIN },
		};
		struct signalfd_siginfo si;
		int timeout = tlr_http_timeout_ms(d->http), next;

		next = run_crash_dumps(d);
		if (next >= 0 && (timeout < 0 || next < timeout))
			timeout = next;
		if (d->stopping) {
			int64_t left = stop_deadline - mono_ms();

			if (tlr_http_connections(d->http) == 0 || left <= 0)
				break;
			if (timeout < 0 || left < timeout)
				timeout = (int)left;
			if (timeout > 100 || timeout < 0)
				timeout = 100;
		}
		if (poll(pf, 4, timeout) < 0 && errno != EINTR) {
			err("poll: %s", strerror(errno));
			return EXIT_FAIL;
		}
		while (read(d->sfd, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
			if (si.ssi_signo == SIGTERM || si.ssi_signo == SIGINT) {
				if (!d->stopping) {
					info("signal %u: finishing requests, then "
					     "exiting", si.ssi_signo);
					sd_notify_msg("STOPPING=1");
					d->stopping = true;
					stop_deadline = mono_ms() + STOP_GRACE_MS;
					tlr_http_quiesce(d->http);
				}
			}
		}
		if (pf[2].revents & POLLIN)
			tlr_watch_read(d->watch, on_watch, d);
		if (pf[3].fd >= 0 && (pf[3].revents & POLLIN))
			recorder__exits_consume(d->rec, on_exit_event, d);
		tlr_http_run(d->http);
	}
	/* cgroups removed while we stopped, then every gone trace that is
	 * not in the spool yet */
	tlr_watch_read(d->watch, on_watch, d);
	for (i = 0; i < d->nt; i++)
		check_gone(d, d->t[i]);
	for (i = 0; i < d->nt; i++) {
		struct dtrace *t = d->t[i];

		if (t->need_spool && spool_trace(d, t, "gone") == 0)
			t->need_spool = false;
	}
	return EXIT_OK;
}

int tlr_daemon_main(int argc, char **argv)
{
	struct daemon d;
	char ebuf[1024];
	int ret, code;

	memset(&d, 0, sizeof(d));
	d.sfd = -1;
	d.lock_fd = -1;
	if (tlr_daemon_opts_parse(argc, argv, &d.o, ebuf, sizeof(ebuf))) {
		fprintf(stderr, PROG ": daemon: %s\nTry 'tl-record daemon --help'.\n",
			ebuf);
		return EXIT_USAGE;
	}
	if (d.o.help) {
		usage(stdout);
		return EXIT_OK;
	}
	if (d.o.version) {
		printf("tl-record %s\n", TL_VERSION);
		return EXIT_OK;
	}
	tlr_verbosity = d.o.verbosity;
	tl_set_print(tl_print_cb);
	libbpf_set_print(libbpf_print);
	code = check_env(&d);
	if (code)
		return code;
	raise_nofile(d.o.max_traces);
	d.cmdline = join_args(argc, argv);
	d.start_mono_ns = mono_ns();
	ebuf[0] = '\0';
	ret = setup(&d, ebuf, sizeof(ebuf));
	if (ret) {
		err("%s", ebuf[0] ? ebuf : strerror(-ret));
		code = d.bpf_refused ? EXIT_NOBPF : EXIT_FAIL;
	} else {
		code = run(&d);
	}
	teardown(&d);
	if (d.bound) {
		/* the socket and lock are ours only if we bound the socket */
		char lockpath[PATH_MAX];

		unlink(d.o.socket);
		snprintf(lockpath, sizeof(lockpath), "%s.lock", d.o.socket);
		unlink(lockpath);
	}
	if (d.lock_fd >= 0)
		close(d.lock_fd);
	if (!ret)
		info("exiting");
	return code;
}
