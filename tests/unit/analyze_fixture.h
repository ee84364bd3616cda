/* SPDX-License-Identifier: MIT */
/*
 * analyze_fixture.h - builds struct tl_event sequences by hand for
 * tl-analyze's unit tests (no decoder, no file): a fake file and trace,
 * the built-in x86_64 syscall table, a fake dump-time snapshot, and
 * helpers that make syscall, fork, exec, exit and lost events and feed
 * them through the engine to one query, capturing its output in memory.
 */
#ifndef TL_ANALYZE_FIXTURE_H
#define TL_ANALYZE_FIXTURE_H

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ana.h"
#include "engine.h"
#include "test.h"

#define FX_T0		1000000000000ll		/* boottime of the first event */
#define FX_WALL		1700000000000000000ll	/* its wall clock: 22:13:20 UTC */
#define FX_MAXCAPT	6

struct fx {
	struct tl_machine machine;
	struct tl_file_info file;
	struct tl_trace_info trace;
	struct tl_ring_info rings[2];
	const struct tl_trace_info *traces[1];
	struct ana_opts opts;
	struct ana_ctx ctx;
	const struct ana_query *q;
	void *state;
	char *out;
	size_t outlen;
	FILE *f;
	struct tl_proc snaps[32];
	size_t nsnaps;
	char comms[2048][17];		/* by pid % 2048 */
	uint32_t ppids[2048];
	struct tl_capture capt[FX_MAXCAPT];
	struct tl_event ev;
	int err;			/* first error from the engine */
};

static const struct tl_proc *fx_snap(void *arg, const struct tl_file_info *f,
				     uint32_t pid)
{
	struct fx *x = arg;
	size_t i;

	(void)f;
	for (i = 0; i < x->nsnaps; i++)
		if (x->snaps[i].pid == pid)
			return &x->snaps[i];
	return NULL;
}

/* Sets the query; call fx_start() after adjusting x->opts. */
static inline void fx_init(struct fx *x, const struct ana_query *q)
{
	memset(x, 0, sizeof(*x));
	setenv("TZ", "UTC", 1);
	tzset();
	x->q = q;
	x->machine.arch = "x86_64";
	x->machine.hostname = "testhost";
	x->machine.kernel_release = "6.18.0";
	x->machine.ncpus = 2;
	x->file.name = "fixture.tlz";
	x->file.machine = &x->machine;
	x->file.wall_offset_ns = FX_WALL - FX_T0;
	x->file.systables[TL_ABI_X86_64] = tl_systable_builtin(TL_ABI_X86_64);
	x->trace.id = 1;
	x->trace.kind = TL_TRACE_COMMAND;
	x->trace.name = "fixture";
	x->trace.cgroup_path = "/tlz/fixture";
	x->trace.start_ns = FX_T0 - 1000000;
	x->trace.end_ns = FX_T0 + 10000000000ll;	/* dump 10 s later */
	x->rings[0].cpu = 0;
	x->rings[1].cpu = 1;
	x->rings[1].lost_busy = 2;
	x->trace.rings = x->rings;
	x->trace.nrings = 2;
	x->traces[0] = &x->trace;
	x->file.traces = x->traces;
	x->file.ntraces = 1;
}

static inline void fx_start(struct fx *x)
{
	x->f = open_memstream(&x->out, &x->outlen);
	ASSERT_OK(ana_ctx_init(&x->ctx, &x->opts, NULL, x->f), "ctx init");
	x->ctx.procs.snap = fx_snap;
	x->ctx.procs.snap_arg = x;
	ASSERT_OK(ana_ctx__add_file(&x->ctx, &x->file), "add file");
	ASSERT_OK(x->q->begin(&x->ctx, &x->state), "begin");
}

/* Runs end() and returns the output (owned by x). */
static inline const char *fx_end(struct fx *x)
{
	ASSERT_OK(x->err, "events");
	ASSERT_OK(ana_ctx__finish(&x->ctx), "finish");
	ASSERT_OK(x->q->end(&x->ctx, x->state), "end");
	fflush(x->f);
	return x->out ? x->out : "";
}

static inline void fx_free(struct fx *x)
{
	x->q->release(&x->ctx, x->state);
	ana_ctx_release(&x->ctx);
	fclose(x->f);
	free(x->out);
}

/* A process known from the dump-time snapshot. */
static inline void fx_snapshot(struct fx *x, uint32_t pid, uint32_t ppid,
			       const char *comm, const char *cwd,
			       const char *argv, uint32_t argv_len,
			       int64_t start_ts, bool alive)
{
	struct tl_proc *p = &x->snaps[x->nsnaps++];

	memset(p, 0, sizeof(*p));
	p->pid = p->tid = pid;
	p->ppid = ppid;
	p->comm = comm;
	p->cwd = cwd;
	p->argv = argv;
	p->argv_len = argv_len;
	p->start_ns = start_ts;
	p->flags = alive ? TL_PROC_ALIVE : 0;
	snprintf(x->comms[pid % 2048], 17, "%s", comm);
	x->ppids[pid % 2048] = ppid;
}

static inline void fx_comm(struct fx *x, uint32_t pid, const char *comm)
{
	snprintf(x->comms[pid % 2048], 17, "%s", comm);
}

/* ts in microseconds after the first event. */
static inline void fx_base(struct fx *x, int type, int64_t us, uint32_t pid,
			   uint32_t tid)
{
	memset(&x->ev, 0, sizeof(x->ev));
	x->ev.type = (uint32_t)type;
	x->ev.ts = FX_T0 + us * 1000;
	x->ev.wall_ns = x->ev.ts + x->file.wall_offset_ns;
	x->ev.pid = pid;
	x->ev.tid = tid ? tid : pid;
	x->ev.ppid = x->ppids[pid % 2048];
	x->ev.comm = x->comms[pid % 2048][0] ? x->comms[pid % 2048] : "?";
	x->ev.file = &x->file;
	x->ev.trace = &x->trace;
	x->ev.capt = x->capt;
	x->ev.cpu = pid % 2;
}

/* A syscall exit event of `name` that took dur_us, with up to 6 args. */
static inline struct tl_event *fx_sys(struct fx *x, int64_t us, uint32_t pid,
				      const char *name, int64_t ret,
				      int64_t dur_us, int nargs, ...)
{
	const struct tl_systable *t = x->file.systables[TL_ABI_X86_64];
	va_list ap;
	int i;

	fx_base(x, TL_EV_SYSCALL_EXIT, us, pid, 0);
	x->ev.abi = TL_ABI_X86_64;
	x->ev.sc = tl_systable__find(t, name);
	ASSERT_NONNULL(x->ev.sc, name);
	x->ev.nr = x->ev.sc ? x->ev.sc->nr : 0;
	x->ev.name = x->ev.sc ? x->ev.sc->name : name;
	x->ev.flags = TL_EVF_HAS_ENTER | TL_EVF_HAS_RET;
	x->ev.ret = ret;
	x->ev.exit_ts = x->ev.ts;
	x->ev.enter_ts = x->ev.ts - dur_us * 1000;
	va_start(ap, nargs);
	for (i = 0; i < nargs && i < 6; i++)
		x->ev.args[i] = va_arg(ap, uint64_t);
	va_end(ap);
	return &x->ev;
}

static inline void fx_capt(struct fx *x, unsigned arg, int kind, int flags,
			   const void *data, uint32_t len, uint32_t full_len)
{
	struct tl_capture *c = &x->capt[x->ev.ncapt++];

	c->arg = (uint8_t)arg;
	c->kind = (uint8_t)kind;
	c->flags = (uint8_t)flags;
	c->len = len;
	c->full_len = full_len;
	c->data = data;
}

static inline void fx_str(struct fx *x, unsigned arg, const char *s)
{
	fx_capt(x, arg, TL_CAPT_STR, 0, s, (uint32_t)strlen(s), (uint32_t)strlen(s));
}

static inline void fx_feed(struct fx *x)
{
	int err = ana_ctx__event(&x->ctx, x->q, x->state, &x->ev);

	if (err && !x->err)
		x->err = err;
}

/* Shorthands that build and feed. */
static inline void fx_fork(struct fx *x, int64_t us, uint32_t parent,
			   uint32_t child)
{
	fx_base(x, TL_EV_FORK, us, parent, 0);
	x->ev.child_pid = x->ev.child_tid = child;
	if (child % 2048 != parent % 2048)
		memcpy(x->comms[child % 2048], x->comms[parent % 2048], 17);
	x->ppids[child % 2048] = parent;
	fx_feed(x);
}

static inline void fx_exec(struct fx *x, int64_t us, uint32_t pid,
			   const char *filename, const char *comm,
			   const char *argv, uint32_t argv_len, uint32_t argc)
{
	fx_base(x, TL_EV_EXEC, us, pid, 0);
	fx_comm(x, pid, comm);
	x->ev.comm = x->comms[pid % 2048];
	x->ev.filename = filename;
	x->ev.old_tid = pid;
	fx_feed(x);
	fx_sys(x, us + 1, pid, "execve", 0, 50, 3, 0x1000, 0x2000, 0x3000);
	fx_str(x, 0, filename);
	if (argv)
		fx_capt(x, 1, TL_CAPT_ARGV, 0, argv, argv_len, argc);
	fx_feed(x);
}

static inline void fx_exit(struct fx *x, int64_t us, uint32_t pid,
			   int32_t status)
{
	fx_base(x, TL_EV_EXIT, us, pid, 0);
	x->ev.flags = TL_EVF_GROUP_DEAD;
	x->ev.exit_code = status;
	fx_feed(x);
}

static inline void fx_lost(struct fx *x, int64_t us, uint32_t cpu, int kind,
			   uint64_t n)
{
	fx_base(x, TL_EV_LOST, us, 0, 0);
	x->ev.cpu = cpu;
	x->ev.lost_kind = (uint32_t)kind;
	x->ev.lost = n;
	fx_feed(x);
}

/* Asserts that `hay` contains `needle`. */
#define ASSERT_HAS(hay, needle, what) ({				\
	const char *___h = (hay), *___n = (needle);			\
	int ___ok = ___h && strstr(___h, ___n) != NULL;			\
	if (!___ok) {							\
		test__failures++;					\
		fprintf(stderr, "%s:%d: %s: %s: missing \"%s\" in:\n%s\n", \
			__FILE__, __LINE__, test__current, (what), ___n, \
			___h ? ___h : "(null)");			\
	}								\
	___ok;								\
})

#define ASSERT_HASNT(hay, needle, what) ({				\
	const char *___h = (hay), *___n = (needle);			\
	int ___ok = ___h && strstr(___h, ___n) == NULL;			\
	if (!___ok) {							\
		test__failures++;					\
		fprintf(stderr, "%s:%d: %s: %s: unexpected \"%s\" in:\n%s\n", \
			__FILE__, __LINE__, test__current, (what), ___n, \
			___h ? ___h : "(null)");			\
	}								\
	___ok;								\
})

#endif /* TL_ANALYZE_FIXTURE_H */
