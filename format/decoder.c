// SPDX-License-Identifier: MIT
/*
 * decoder.c - the tl_decoder API (ARCH.md §3): reads each input's
 * metadata chunks, streams its RING chunks, validates every block and
 * record, merges the records of all rings of all inputs by timestamp
 * (ties: file, trace, cpu, seq), pairs SYS_ENTER/SYS_EXIT by thread,
 * follows FORK/EXEC/EXIT, and reports losses where they happened.
 *
 * Streaming: a record is output only when no chunk still unread can hold
 * an older one. Writers order RING chunks by their smallest timestamp, so
 * once a chunk starting at T has been read, everything older than T is
 * final. Memory is the ring chunks in flight (about one per ring) plus
 * per-thread state; nothing grows with the file. Per record there is no
 * allocation once the buffers have grown, no string hashing and an O(1)
 * syscall lookup.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decoder.h"
#include "dump.h"
#include "internal.h"
#include "ring.h"

#define DEC_MEM_LIMIT		(1ull << 30)
#define DEC_RING_WARN_MAX	20	/* warnings per ring before silence */
#define DEC_FREE_BUFS		4	/* chunk buffers kept for reuse */
#define DEC_BUF_MIN		((size_t)TL_RING_CHUNK_BLOCKS * TL_BLOCK_SIZE)
#define DEC_POOL_SHIFT		9	/* threads per pool chunk: 512 */
#define DEC_CAPT_MAX		(2 * TL_MAX_CAPT_PER_REC)
#define DEC_NR_NONE		0xffffu	/* syscall number -1 in a record */

/* A RING chunk's valid blocks, copied; freed when its last block is read. */
struct dec_buf {
	uint8_t *mem;
	size_t cap;
	size_t size;			/* bytes in use */
	uint32_t refs;			/* blocks not yet consumed */
	struct dec_buf *next;		/* free or retire list */
};

struct dec_block {
	struct dec_buf *buf;
	const uint8_t *recs;		/* first record (after the header) */
	uint64_t block_seq;
	int64_t chunk_off;		/* of its RING chunk in the file, -1 */
	uint32_t end;			/* bytes that frame correctly */
};

struct dec_file;

/* One (file, trace, cpu) ring: its queued blocks and read position. */
struct dec_ring {
	struct dec_file *f;
	uint32_t trace_id;
	uint32_t cpu;
	const struct tl_trace_info *trace;
	struct tl_ring_where where;
	struct dec_block *q;		/* q[qhead..qlen) in block_seq order */
	size_t qhead, qlen, qcap;
	uint32_t off;			/* next record in q[qhead] */
	struct tl_rhdr head;		/* that record, while in the heap */
	bool in_heap;
	uint64_t max_block_seq;		/* highest queued or read */
	uint64_t cur_block_seq;		/* block being read (0: none yet) */
	bool seen;			/* a record was read */
	uint32_t last_seq;
	unsigned nwarn;
	bool warned_unknown;
};

struct dec_call;

struct dec_thread {
	struct tl_proc p;
	char comm[17];			/* "" = unknown */
	uint32_t call;			/* pending call: index + 1, 0 = none */
};

/* A syscall whose SYS_ENTER was read and whose SYS_EXIT was not yet. */
struct dec_call {
	struct dec_thread *t;
	struct dec_file *f;
	uint32_t prev, next;		/* the file's pending list (index + 1) */
	uint16_t nr;
	uint8_t abi;
	uint8_t ncapt;
	uint32_t cpu;
	uint64_t ts;
	const struct tl_trace_info *trace;
	uint64_t args[6];
	struct tl_capture capt[TL_MAX_CAPT_PER_REC];
	uint8_t *buf;			/* capture data */
	size_t bufcap;
};

/* An in-memory dump as an input (tl_decoder__add_dump). */
struct dec_mem {
	const struct tl_machine *m;
	const struct tl_systable *tabs[TL_ABI_MAX];
	const struct tl_dump_trace *traces;
	size_t ntraces;
	struct tl_ring_group *groups;
	size_t ngroups, next_group;
	bool meta_sent;
};

struct dec_file {
	struct tl_decoder *d;
	unsigned idx;
	struct tl_reader *r;		/* or mem */
	struct dec_mem *mem;
	struct tl_file_info info;
	bool be;			/* ring data big-endian */
	bool meta_done;			/* a RING chunk was read, or EOF */
	bool eof;
	bool warned_order;
	uint64_t horizon;		/* no unread chunk holds older records */
	const struct tl_trace_info **traces;
	size_t tcap;
	struct tl_trace_info **fake;	/* for rings without a TRACE chunk */
	size_t nfake, fcap;
	const struct tl_syscall **sys[TL_ABI_MAX];
	uint32_t nsys[TL_ABI_MAX];
	struct dec_ring **rings;
	size_t nrings, rcap;
	struct dec_ring *last_ring;
	/* threads: pool of stable structs + open-addressing index by tid */
	struct dec_thread **pool;
	size_t nthreads, npool;
	uint32_t *slot;
	size_t nslot;
	struct dec_thread *last_thread;
	uint32_t pend_head, pend_tail;	/* pending calls, oldest first */
};

/* An event waiting to be returned, with the storage it points to. */
struct dec_qev {
	struct tl_event ev;
	struct tl_capture capt[DEC_CAPT_MAX];
	char comm[17];
	char name[24];
	bool own_name;
};

struct tl_decoder {
	struct tl_decoder_opts opts;
	struct dec_file **files;
	size_t nfiles, fcap;
	/* merge heap of rings that have a record to offer */
	struct dec_ring **heap;
	size_t nheap, hcap;
	uint64_t horizon;		/* min over open files */
	bool horizon_dirty;
	bool open;			/* some input not at its end */
	bool finished;
	int err;			/* deferred error of an input */
	bool warned_forced;
	/* events */
	struct dec_qev *q;
	size_t qlen, qpos, qcap;
	uint64_t last_ts;
	/* calls */
	struct dec_call *calls;
	size_t ncalls, ccap;
	uint32_t call_free;		/* free list through .next */
	uint32_t *retired;		/* calls freed once events are read */
	size_t nretired, retcap;
	/* chunk buffers */
	struct dec_buf *free_bufs;
	unsigned nfree_bufs;
	struct dec_buf *retired_bufs;
	size_t bytes_held;
	const uint8_t **bptr;		/* block pointers of the chunk read */
	size_t bpcap;
	struct tl_rec rec;		/* record being decoded */
	char fname[TL_MAX_STR + 1];
	struct tl_decoder_stats st;
};

/* ---------------------------------------------------------- helpers */

static void ring_warn(struct dec_ring *r, int64_t chunk_off,
		      uint64_t block_seq, uint32_t off, const char *why)
{
	r->where.chunk_off = chunk_off;
	if (r->nwarn < DEC_RING_WARN_MAX)
		tl_ring__warn(&r->where, block_seq, off, "%s", why);
	else if (r->nwarn == DEC_RING_WARN_MAX)
		tl_ring__warn(&r->where, 0, UINT32_MAX,
			      "more damage in this ring, not reported");
	r->nwarn++;
}

static const char *file_name(const struct dec_file *f)
{
	return f->info.name ? f->info.name : "?";
}

/* ---------------------------------------------------------- threads */

static uint32_t tid_hash(uint32_t x)
{
	x ^= x >> 16;
	x *= 0x7feb352dU;
	x ^= x >> 15;
	x *= 0x846ca68bU;
	x ^= x >> 16;
	return x;
}

static struct dec_thread *thread_at(const struct dec_file *f, size_t i)
{
	return &f->pool[i >> DEC_POOL_SHIFT][i & ((1u << DEC_POOL_SHIFT) - 1)];
}

static struct dec_thread *thread_find(struct dec_file *f, uint32_t tid)
{
	size_t m, i;

	if (f->last_thread && f->last_thread->p.tid == tid)
		return f->last_thread;
	if (!f->nslot)
		return NULL;
	m = f->nslot - 1;
	for (i = tid_hash(tid) & m; f->slot[i]; i = (i + 1) & m) {
		struct dec_thread *t = thread_at(f, f->slot[i] - 1);

		if (t->p.tid == tid) {
			f->last_thread = t;
			return t;
		}
	}
	return NULL;
}

static int thread_rehash(struct dec_file *f, size_t nslot)
{
	uint32_t *s = calloc(nslot, sizeof(*s));
	size_t i, j;

	if (!s)
		return -ENOMEM;
	for (i = 0; i < f->nthreads; i++) {
		for (j = tid_hash(thread_at(f, i)->p.tid) & (nslot - 1); s[j];
		     j = (j + 1) & (nslot - 1))
			;
		s[j] = (uint32_t)i + 1;
	}
	free(f->slot);
	f->slot = s;
	f->nslot = nslot;
	return 0;
}

/* The thread `tid`, created with `pid` when new. NULL on ENOMEM. */
static struct dec_thread *thread_get(struct dec_file *f, uint32_t tid,
				     uint32_t pid)
{
	struct dec_thread *t = thread_find(f, tid);
	size_t i, chunk = (size_t)1 << DEC_POOL_SHIFT;

	if (t) {
		if (pid)
			t->p.pid = pid;
		return t;
	}
	if (f->nthreads >= UINT32_MAX - 1)
		return NULL;
	if ((f->nthreads + 1) * 2 > f->nslot &&
	    thread_rehash(f, f->nslot ? f->nslot * 2 : 1024))
		return NULL;
	if (f->nthreads == f->npool * chunk) {
		struct dec_thread **np, *c;

		np = tl_reallocarray(f->pool, f->npool + 1, sizeof(*np));
		if (!np)
			return NULL;
		f->pool = np;
		c = calloc(chunk, sizeof(*c));
		if (!c)
			return NULL;
		f->pool[f->npool++] = c;
	}
	t = thread_at(f, f->nthreads);
	memset(t, 0, sizeof(*t));
	t->p.tid = tid;
	t->p.pid = pid;
	t->p.comm = t->comm;
	if (tid != pid)
		t->p.flags |= TL_PROC_THREAD;
	for (i = tid_hash(tid) & (f->nslot - 1); f->slot[i];
	     i = (i + 1) & (f->nslot - 1))
		;
	f->slot[i] = (uint32_t)++f->nthreads;
	f->last_thread = t;
	return t;
}

static void set_comm(struct dec_thread *t, const char *comm)
{
	size_t n = strnlen(comm, 16);

	memcpy(t->comm, comm, n);
	t->comm[n] = 0;
}

/* ------------------------------------------------------------ events */

/*
 * Timestamps come from the file: untrusted. Record times are kept below
 * 2^61 ns (73 years of uptime) and the wall-clock offset within +-2^61, so
 * that every sum and difference the decoder and converters make of them
 * (wall = ts + offset, exit - enter, wall - first wall) fits in int64.
 */
#define DEC_TS_MAX	((1ll << 61) - 1)

/* The data of empty captures that have no buffer behind them. */
static const uint8_t dec_empty[1];

/* A new queued event with the common fields; NULL on ENOMEM. The pointer
 * is valid until the next ev_new(). */
static struct dec_qev *ev_new(struct tl_decoder *d, struct dec_file *f,
			      uint32_t type, uint64_t ts, uint32_t cpu,
			      const struct tl_trace_info *trace,
			      const struct dec_thread *t)
{
	struct dec_qev *q;

	if (tl_grow((void **)&d->q, &d->qcap, d->qlen + 1, sizeof(*d->q)))
		return NULL;
	q = &d->q[d->qlen++];
	memset(&q->ev, 0, sizeof(q->ev));
	q->own_name = false;
	q->ev.type = type;
	q->ev.ts = (int64_t)ts;
	q->ev.wall_ns = (int64_t)ts + f->info.wall_offset_ns;
	q->ev.cpu = cpu;
	q->ev.file = &f->info;
	q->ev.trace = trace;
	if (t) {
		q->ev.tid = t->p.tid;
		q->ev.pid = t->p.pid;
		q->ev.ppid = t->p.ppid;
		if (t->comm[0]) {
			memcpy(q->comm, t->comm, sizeof(q->comm));
		} else {
			q->comm[0] = '?';
			q->comm[1] = 0;
		}
	} else {
		q->comm[0] = '?';
		q->comm[1] = 0;
	}
	return q;
}

static const struct tl_syscall *sys_lookup(const struct dec_file *f,
					   uint8_t abi, uint16_t nr)
{
	if (abi < TL_ABI_MAX && nr < f->nsys[abi])
		return f->sys[abi][nr];
	return NULL;
}

static void ev_sys(struct dec_qev *q, const struct dec_file *f, uint8_t abi,
		   uint16_t nr)
{
	const struct tl_syscall *sc = sys_lookup(f, abi, nr);

	q->ev.abi = abi;
	q->ev.nr = nr;
	q->ev.sc = sc;
	if (sc && sc->name && sc->name[0]) {
		q->ev.name = sc->name;
	} else {
		snprintf(q->name, sizeof(q->name), "syscall_0x%x", nr);
		q->own_name = true;
	}
}

static int ev_lost(struct tl_decoder *d, struct dec_ring *r, uint64_t ts,
		   uint32_t kind, uint64_t n)
{
	struct dec_qev *q = ev_new(d, r->f, TL_EV_LOST, ts, r->cpu, r->trace,
				   NULL);

	if (!q)
		return -ENOMEM;
	q->ev.lost_kind = kind;
	q->ev.lost = n;
	if (kind == TL_LOST_GAP)
		d->st.lost_gap += n;
	else
		d->st.lost_overwritten += n;
	return 0;
}

/* ------------------------------------------------------------- calls */

static struct dec_call *call_at(struct tl_decoder *d, uint32_t ci)
{
	return &d->calls[ci - 1];
}

static uint32_t call_alloc(struct tl_decoder *d)
{
	uint32_t ci;

	if (d->call_free) {
		ci = d->call_free;
		d->call_free = call_at(d, ci)->next;
		return ci;
	}
	if (d->ncalls >= UINT32_MAX - 1 ||
	    tl_grow((void **)&d->calls, &d->ccap, d->ncalls + 1,
		    sizeof(*d->calls)))
		return 0;
	memset(&d->calls[d->ncalls], 0, sizeof(*d->calls));
	return (uint32_t)++d->ncalls;
}

static void pend_link(struct tl_decoder *d, struct dec_file *f, uint32_t ci)
{
	struct dec_call *c = call_at(d, ci);

	c->prev = f->pend_tail;
	c->next = 0;
	if (f->pend_tail)
		call_at(d, f->pend_tail)->next = ci;
	else
		f->pend_head = ci;
	f->pend_tail = ci;
}

static void pend_unlink(struct tl_decoder *d, struct dec_file *f, uint32_t ci)
{
	struct dec_call *c = call_at(d, ci);

	if (c->prev)
		call_at(d, c->prev)->next = c->next;
	else
		f->pend_head = c->next;
	if (c->next)
		call_at(d, c->next)->prev = c->prev;
	else
		f->pend_tail = c->prev;
	c->prev = c->next = 0;
}

/* The call is done: off the pending list; its storage is reused only
 * after the events pointing to it have been read. */
static int call_retire(struct tl_decoder *d, struct dec_file *f, uint32_t ci)
{
	pend_unlink(d, f, ci);
	call_at(d, ci)->t->call = 0;
	call_at(d, ci)->t = NULL;
	if (tl_grow((void **)&d->retired, &d->retcap, d->nretired + 1,
		    sizeof(*d->retired)))
		return -ENOMEM;
	d->retired[d->nretired++] = ci;
	return 0;
}

/* Output the pending call `ci` as a SYSCALL_EXIT without a return value
 * (flags: NORETURN, IN_FLIGHT or none when its exit record is lost). */
static int call_flush(struct tl_decoder *d, struct dec_file *f, uint32_t ci,
		      uint32_t flags, uint64_t ts, uint64_t exit_ts,
		      uint32_t cpu)
{
	struct dec_call *c = call_at(d, ci);
	struct dec_qev *q;

	q = ev_new(d, f, TL_EV_SYSCALL_EXIT, ts, cpu, c->trace, c->t);
	if (!q)
		return -ENOMEM;
	c = call_at(d, ci);
	ev_sys(q, f, c->abi, c->nr);
	q->ev.flags = TL_EVF_HAS_ENTER | flags;
	memcpy(q->ev.args, c->args, sizeof(c->args));
	q->ev.enter_ts = (int64_t)c->ts;
	q->ev.exit_ts = (int64_t)exit_ts;
	q->ev.ncapt = c->ncapt;
	memcpy(q->capt, c->capt, c->ncapt * sizeof(c->capt[0]));
	return call_retire(d, f, ci);
}

/* Pending calls of the other threads of process `pid` end: those threads
 * were killed (exit_group, or execve in another thread). */
static int flush_process(struct tl_decoder *d, struct dec_file *f,
			 uint32_t pid, const struct dec_thread *keep,
			 uint64_t ts, uint32_t cpu)
{
	uint32_t ci = f->pend_head;
	int err;

	while (ci) {
		struct dec_call *c = call_at(d, ci);
		uint32_t next = c->next;

		if (c->t != keep && c->t->p.pid == pid) {
			err = call_flush(d, f, ci, TL_EVF_NORETURN, ts, ts, cpu);
			if (err)
				return err;
		}
		ci = next;
	}
	return 0;
}

/* ----------------------------------------------------------- records */

static int do_enter(struct tl_decoder *d, struct dec_ring *r,
		    const struct tl_rec *rec)
{
	struct dec_file *f = r->f;
	struct dec_thread *t = thread_get(f, rec->h.tid, rec->h.pid);
	struct dec_call *c;
	struct dec_qev *q;
	size_t need = 0, off = 0;
	uint32_t ci;
	unsigned i;
	int err;

	if (!t)
		return -ENOMEM;
	if (t->call) {
		/* its exit record is lost: the call ended unseen */
		err = call_flush(d, f, t->call, 0, rec->h.ts, 0, r->cpu);
		if (err)
			return err;
	}
	ci = call_alloc(d);
	if (!ci)
		return -ENOMEM;
	c = call_at(d, ci);
	for (i = 0; i < rec->ncapt; i++)
		need += TL_CAPT_ALIGN(rec->capt[i].len);
	if (need > c->bufcap) {
		uint8_t *nb = realloc(c->buf, need);

		if (!nb) {
			c->next = d->call_free;
			d->call_free = ci;
			return -ENOMEM;
		}
		c->buf = nb;
		c->bufcap = need;
	}
	c->t = t;
	c->f = f;
	c->nr = rec->nr;
	c->abi = rec->abi;
	c->ncapt = rec->ncapt;
	c->cpu = r->cpu;
	c->ts = rec->h.ts;
	c->trace = r->trace;
	memcpy(c->args, rec->args, sizeof(c->args));
	for (i = 0; i < rec->ncapt; i++) {
		c->capt[i] = rec->capt[i];
		if (rec->capt[i].len)
			memcpy(c->buf + off, rec->capt[i].data, rec->capt[i].len);
		/* no buffer yet when every capture is empty ("", --no-data):
		 * never NULL data, which consumers may pass to memcpy */
		c->capt[i].data = c->buf ? c->buf + off : dec_empty;
		off += TL_CAPT_ALIGN(rec->capt[i].len);
	}
	pend_link(d, f, ci);
	t->call = ci;

	if (d->opts.no_enter_events)
		return 0;
	q = ev_new(d, f, TL_EV_SYSCALL_ENTER, rec->h.ts, r->cpu, r->trace, t);
	if (!q)
		return -ENOMEM;
	ev_sys(q, f, rec->abi, rec->nr);
	q->ev.flags = TL_EVF_HAS_ENTER;
	memcpy(q->ev.args, rec->args, sizeof(rec->args));
	q->ev.enter_ts = (int64_t)rec->h.ts;
	q->ev.ncapt = rec->ncapt;
	memcpy(q->capt, rec->capt, rec->ncapt * sizeof(rec->capt[0]));
	return 0;
}

static bool is_exec_call(const struct dec_file *f, const struct dec_call *c)
{
	const struct tl_syscall *sc = sys_lookup(f, c->abi, c->nr);

	return sc && sc->name && (!strcmp(sc->name, "execve") ||
				  !strcmp(sc->name, "execveat"));
}

static int do_exit(struct tl_decoder *d, struct dec_ring *r,
		   const struct tl_rec *rec)
{
	struct dec_file *f = r->f;
	struct dec_thread *t = thread_get(f, rec->h.tid, rec->h.pid);
	struct dec_call *c = NULL;
	struct dec_qev *q;
	int err;

	if (!t)
		return -ENOMEM;
	if (t->call) {
		c = call_at(d, t->call);
		/* the exit of the pending call: same number and ABI; or an
		 * exec that changed the ABI; or number -1, which the kernel
		 * reports after rt_sigreturn restored a frame and when a
		 * tracer skipped the call */
		if (rec->nr != DEC_NR_NONE &&
		    (c->nr != rec->nr ||
		     (c->abi != rec->abi && !is_exec_call(f, c)))) {
			/* not this call's enter: that one lost its exit */
			err = call_flush(d, f, t->call, 0, rec->h.ts, 0, r->cpu);
			if (err)
				return err;
			c = NULL;
		}
	}
	q = ev_new(d, f, TL_EV_SYSCALL_EXIT, rec->h.ts, r->cpu, r->trace, t);
	if (!q)
		return -ENOMEM;
	q->ev.flags = TL_EVF_HAS_RET;
	q->ev.ret = rec->ret;
	q->ev.exit_ts = (int64_t)rec->h.ts;
	if (c) {
		c = call_at(d, t->call);
		ev_sys(q, f, c->abi, c->nr);
		q->ev.flags |= TL_EVF_HAS_ENTER;
		memcpy(q->ev.args, c->args, sizeof(c->args));
		q->ev.enter_ts = (int64_t)c->ts;
		memcpy(q->capt, c->capt, c->ncapt * sizeof(c->capt[0]));
		memcpy(q->capt + c->ncapt, rec->capt,
		       rec->ncapt * sizeof(rec->capt[0]));
		q->ev.ncapt = c->ncapt + rec->ncapt;
		return call_retire(d, f, t->call);
	}
	ev_sys(q, f, rec->abi, rec->nr);
	memcpy(q->capt, rec->capt, rec->ncapt * sizeof(rec->capt[0]));
	q->ev.ncapt = rec->ncapt;
	return 0;
}

static int do_fork(struct tl_decoder *d, struct dec_ring *r,
		   const struct tl_rec *rec)
{
	struct dec_file *f = r->f;
	struct dec_thread *p, *c;
	struct dec_qev *q;
	int err;

	p = thread_get(f, rec->h.tid, rec->h.pid);
	if (!p)
		return -ENOMEM;
	if (!p->comm[0])
		set_comm(p, rec->comm);
	c = thread_get(f, rec->child_tid, rec->child_pid);
	if (!c)
		return -ENOMEM;
	if (c->call && c != p) {
		/* a reused tid: the old thread died unseen */
		err = call_flush(d, f, c->call, TL_EVF_NORETURN, rec->h.ts,
				 rec->h.ts, r->cpu);
		if (err)
			return err;
	}
	if (c != p) {
		c->p.pid = rec->child_pid;
		c->p.ppid = rec->child_tid == rec->child_pid ? p->p.pid :
			    p->p.ppid;
		c->p.flags &= ~(TL_PROC_EXITED | TL_PROC_THREAD);
		if (rec->child_tid != rec->child_pid)
			c->p.flags |= TL_PROC_THREAD;
		c->p.exit_code = 0;
		c->p.start_ns = (int64_t)rec->h.ts;
		if (!c->p.exe && !c->p.argv && !c->p.cwd) {
			c->p.exe = p->p.exe;
			c->p.cwd = p->p.cwd;
			c->p.argv = p->p.argv;
			c->p.argv_len = p->p.argv_len;
			c->p.uid = p->p.uid;
			c->p.gid = p->p.gid;
		}
		set_comm(c, rec->comm);
	}
	q = ev_new(d, f, TL_EV_FORK, rec->h.ts, r->cpu, r->trace, p);
	if (!q)
		return -ENOMEM;
	q->ev.child_tid = rec->child_tid;
	q->ev.child_pid = rec->child_pid;
	if (rec->child_tid != rec->child_pid)
		q->ev.flags |= TL_EVF_THREAD;
	return 0;
}

static int do_exec(struct tl_decoder *d, struct dec_ring *r,
		   const struct tl_rec *rec)
{
	struct dec_file *f = r->f;
	uint64_t ts = rec->h.ts;
	struct dec_thread *t, *o;
	struct dec_qev *q;
	int err;

	t = thread_get(f, rec->h.tid, rec->h.pid);
	if (!t)
		return -ENOMEM;
	if (rec->old_tid != rec->h.tid) {
		/* a non-leader exec'd: the leader was killed, the caller
		 * takes over its tid with its pending execve */
		if (t->call) {
			err = call_flush(d, f, t->call, TL_EVF_NORETURN, ts, ts,
					 r->cpu);
			if (err)
				return err;
		}
		o = thread_find(f, rec->old_tid);
		if (o && o->call) {
			t->call = o->call;
			call_at(d, t->call)->t = t;
			o->call = 0;
		}
		if (o) {
			if (!t->p.ppid)
				t->p.ppid = o->p.ppid;
			o->p.flags |= TL_PROC_EXITED;
		}
	}
	err = flush_process(d, f, rec->h.pid, t, ts, r->cpu);
	if (err)
		return err;
	t->p.pid = rec->h.pid;
	t->p.flags &= ~(TL_PROC_EXITED | TL_PROC_THREAD);
	set_comm(t, rec->comm);

	q = ev_new(d, f, TL_EV_EXEC, ts, r->cpu, r->trace, t);
	if (!q)
		return -ENOMEM;
	q->ev.old_tid = rec->old_tid;
	q->ev.ncapt = 1;
	q->capt[0] = rec->capt[0];
	if (!(rec->capt[0].flags & TL_CAPTF_FAULT)) {
		memcpy(d->fname, rec->capt[0].data, rec->capt[0].len);
		d->fname[rec->capt[0].len] = 0;
		q->ev.filename = d->fname;
	}
	return 0;
}

static int do_exit_task(struct tl_decoder *d, struct dec_ring *r,
			const struct tl_rec *rec)
{
	struct dec_file *f = r->f;
	struct dec_thread *t = thread_get(f, rec->h.tid, rec->h.pid);
	struct dec_qev *q;
	int err;

	if (!t)
		return -ENOMEM;
	if (!t->comm[0])
		set_comm(t, rec->comm);
	if (t->call) {
		err = call_flush(d, f, t->call, TL_EVF_NORETURN, rec->h.ts,
				 rec->h.ts, r->cpu);
		if (err)
			return err;
	}
	if (rec->exit_flags & TL_EXITF_GROUP_DEAD) {
		err = flush_process(d, f, rec->h.pid, t, rec->h.ts, r->cpu);
		if (err)
			return err;
	}
	t->p.flags |= TL_PROC_EXITED;
	t->p.exit_code = rec->exit_code;
	q = ev_new(d, f, TL_EV_EXIT, rec->h.ts, r->cpu, r->trace, t);
	if (!q)
		return -ENOMEM;
	if (rec->comm[0])
		memcpy(q->comm, rec->comm, sizeof(q->comm));
	q->ev.exit_code = rec->exit_code;
	if (rec->exit_flags & TL_EXITF_GROUP_DEAD)
		q->ev.flags |= TL_EVF_GROUP_DEAD;
	return 0;
}

/* ------------------------------------------------------------- rings */

static void buf_unref(struct tl_decoder *d, struct dec_buf *b)
{
	if (--b->refs)
		return;
	b->next = d->retired_bufs;
	d->retired_bufs = b;
}

/* Point the ring at its next record; false when its queue is empty. */
static bool ring_load_head(struct dec_ring *r)
{
	while (r->qhead < r->qlen) {
		struct dec_block *b = &r->q[r->qhead];
		const char *why;

		if (r->cur_block_seq != b->block_seq) {
			if (r->cur_block_seq &&
			    b->block_seq != r->cur_block_seq + 1)
				pr_debug("%s: trace %u cpu %u: blocks %llu..%llu missing\n",
					 file_name(r->f), r->trace_id, r->cpu,
					 (unsigned long long)r->cur_block_seq + 1,
					 (unsigned long long)b->block_seq - 1);
			r->cur_block_seq = b->block_seq;
		}
		if (r->off < b->end &&
		    !tl_ring__frame(b->recs, b->end, r->off, r->f->be, &r->head,
				    &why))
			return true;
		buf_unref(r->f->d, b->buf);
		r->qhead++;
		r->off = 0;
	}
	r->qhead = r->qlen = 0;
	return false;
}

static bool ring_less(const struct dec_ring *a, const struct dec_ring *b)
{
	if (a->head.ts != b->head.ts)
		return a->head.ts < b->head.ts;
	if (a->f->idx != b->f->idx)
		return a->f->idx < b->f->idx;
	if (a->trace_id != b->trace_id)
		return a->trace_id < b->trace_id;
	if (a->cpu != b->cpu)
		return a->cpu < b->cpu;
	return a->head.seq < b->head.seq;
}

static int heap_push(struct tl_decoder *d, struct dec_ring *r)
{
	size_t i;

	if (tl_grow((void **)&d->heap, &d->hcap, d->nheap + 1,
		    sizeof(*d->heap)))
		return -ENOMEM;
	i = d->nheap++;
	while (i) {
		size_t parent = (i - 1) / 2;

		if (!ring_less(r, d->heap[parent]))
			break;
		d->heap[i] = d->heap[parent];
		i = parent;
	}
	d->heap[i] = r;
	r->in_heap = true;
	return 0;
}

/* The root's key changed (or the root left: r = NULL). */
static void heap_fix_root(struct tl_decoder *d, struct dec_ring *r)
{
	size_t i = 0, n;

	if (!r) {
		d->heap[0]->in_heap = false;
		r = d->heap[--d->nheap];
		if (!d->nheap)
			return;
	}
	n = d->nheap;
	for (;;) {
		size_t c = 2 * i + 1;

		if (c >= n)
			break;
		if (c + 1 < n && ring_less(d->heap[c + 1], d->heap[c]))
			c++;
		if (!ring_less(d->heap[c], r))
			break;
		d->heap[i] = d->heap[c];
		i = c;
	}
	d->heap[i] = r;
}

static struct dec_ring *ring_get(struct dec_file *f, uint32_t trace_id,
				 uint32_t cpu)
{
	struct dec_ring *r;
	size_t i;

	if (f->last_ring && f->last_ring->trace_id == trace_id &&
	    f->last_ring->cpu == cpu)
		return f->last_ring;
	for (i = 0; i < f->nrings; i++) {
		r = f->rings[i];
		if (r->trace_id == trace_id && r->cpu == cpu)
			return f->last_ring = r;
	}
	if (tl_grow((void **)&f->rings, &f->rcap, f->nrings + 1,
		    sizeof(*f->rings)))
		return NULL;
	r = calloc(1, sizeof(*r));
	if (!r)
		return NULL;
	r->f = f;
	r->trace_id = trace_id;
	r->cpu = cpu;
	r->where.file = file_name(f);
	r->where.trace_id = trace_id;
	r->where.cpu = cpu;
	r->where.chunk_off = -1;
	for (i = 0; i < f->info.ntraces; i++)
		if (f->traces[i]->id == trace_id)
			r->trace = f->traces[i];
	if (!r->trace) {
		struct tl_trace_info *t;

		if (tl_grow((void **)&f->fake, &f->fcap, f->nfake + 1,
			    sizeof(*f->fake)))
			goto fail;
		t = calloc(1, sizeof(*t));
		if (!t)
			goto fail;
		t->id = trace_id;
		t->name = "?";
		t->cgroup_path = "";
		f->fake[f->nfake++] = t;
		r->trace = t;
	}
	f->rings[f->nrings++] = r;
	return f->last_ring = r;
fail:
	free(r);
	return NULL;
}

static struct dec_buf *buf_get(struct tl_decoder *d, size_t size)
{
	struct dec_buf **pp, *b;

	for (pp = &d->free_bufs; *pp; pp = &(*pp)->next) {
		if ((*pp)->cap >= size) {
			b = *pp;
			*pp = b->next;
			d->nfree_bufs--;
			goto got;
		}
	}
	b = calloc(1, sizeof(*b));
	if (!b)
		return NULL;
	/* room for a whole RING chunk, so that every buffer can be reused
	 * (fresh memory costs page faults) */
	b->cap = size > DEC_BUF_MIN ? size : DEC_BUF_MIN;
	b->mem = malloc(b->cap);
	if (!b->mem) {
		free(b);
		return NULL;
	}
got:
	b->size = size;
	b->refs = 0;
	b->next = NULL;
	d->bytes_held += size;
	d->st.chunks_held++;
	if (d->st.chunks_held > d->st.max_chunks_held)
		d->st.max_chunks_held = d->st.chunks_held;
	if (d->bytes_held > d->st.max_bytes_held)
		d->st.max_bytes_held = d->bytes_held;
	return b;
}

static void buf_free(struct dec_buf *b)
{
	if (b) {
		free(b->mem);
		free(b);
	}
}

/* Put a block in the ring's queue in block_seq order (index or -1 when
 * it must be dropped: duplicate or older than what was read). */
static ssize_t ring_slot(struct dec_ring *r, uint64_t seq)
{
	size_t i;

	if (seq > r->max_block_seq)
		return (ssize_t)r->qlen;
	if (seq <= r->cur_block_seq)
		return -1;
	for (i = r->qhead; i < r->qlen; i++) {
		if (r->q[i].block_seq == seq)
			return -1;
		if (r->q[i].block_seq > seq)
			return (ssize_t)i;
	}
	return (ssize_t)r->qlen;
}

struct blk_pick {
	uint32_t i;
	struct tl_blk b;
};

/* Load one RING chunk's blocks into their ring. */
static int load_ring(struct tl_decoder *d, struct dec_file *f,
		     int64_t chunk_off, uint32_t trace_id, uint32_t cpu,
		     uint32_t kind,
		     uint32_t block_size, const uint8_t *const *blocks,
		     uint32_t nblocks)
{
	struct blk_pick *pick = NULL;
	uint64_t lo = UINT64_MAX, hi = 0;
	struct dec_ring *r;
	struct dec_buf *buf = NULL;
	uint32_t i, n = 0, j, kept = 0;
	size_t need = 0, used = 0;
	int err = 0;

	d->st.ring_chunks++;
	if (kind != TL_RING_KIND_BLOCKS || block_size != TL_BLOCK_SIZE) {
		pr_warn("%s: RING chunk at offset %lld: trace %u cpu %u: unknown ring kind %u or block size %u, skipped\n",
			file_name(f), (long long)chunk_off, trace_id, cpu, kind,
			block_size);
		d->st.damaged_blocks += nblocks;
		return 0;
	}
	r = ring_get(f, trace_id, cpu);
	if (!r)
		return -ENOMEM;
	pick = tl_reallocarray(NULL, nblocks ? nblocks : 1, sizeof(*pick));
	if (!pick)
		return -ENOMEM;
	for (i = 0; i < nblocks; i++) {
		const char *why;
		int rc;

		rc = tl_ring__check_block(blocks[i], block_size, f->be, cpu,
					  &pick[n].b, &why);
		if (rc == 1)
			continue;
		if (rc < 0) {
			char msg[96];

			snprintf(msg, sizeof(msg), "block %u of a chunk skipped: %s",
				 i, why);
			ring_warn(r, chunk_off, 0, UINT32_MAX, msg);
			d->st.damaged_blocks++;
			continue;
		}
		/* insertion sort by block_seq: chunks hold a few blocks */
		for (j = n; j > 0 && pick[j - 1].b.block_seq > pick[n].b.block_seq; j--)
			;
		if (j != n) {
			struct blk_pick tmp = pick[n];

			memmove(&pick[j + 1], &pick[j], (n - j) * sizeof(*pick));
			pick[j] = tmp;
		}
		pick[j].i = i;
		n++;
	}
	if (!n)
		goto out;
	/* only the header and the committed records are kept */
	for (i = 0; i < n; i++)
		need += sizeof(struct tl_block_hdr) + TL_CAPT_ALIGN(pick[i].b.used);
	buf = buf_get(d, need);
	if (!buf) {
		err = -ENOMEM;
		goto out;
	}
	for (i = 0; i < n; i++) {
		struct tl_blk *b = &pick[i].b;
		uint32_t end, nrec, bad;
		uint8_t *dst;
		const char *why;
		ssize_t at;

		at = ring_slot(r, b->block_seq);
		if (at < 0) {
			char msg[96];

			snprintf(msg, sizeof(msg),
				 "block %llu is a duplicate or out of order, skipped",
				 (unsigned long long)b->block_seq);
			ring_warn(r, chunk_off, 0, UINT32_MAX, msg);
			d->st.damaged_blocks++;
			continue;
		}
		dst = buf->mem + used;
		memcpy(dst, b->base, sizeof(struct tl_block_hdr) + b->used);
		used += sizeof(struct tl_block_hdr) + TL_CAPT_ALIGN(b->used);
		b->base = dst;
		if (tl_ring__scan(b, f->be, &end, &lo, &hi, &nrec, &bad, &why)) {
			char msg[128];

			snprintf(msg, sizeof(msg), "%s; the rest of the block is skipped",
				 why);
			ring_warn(r, chunk_off, b->block_seq, bad, msg);
			d->st.damaged_records++;
		}
		if (r->qhead && r->qlen == r->qcap) {
			memmove(r->q, r->q + r->qhead,
				(r->qlen - r->qhead) * sizeof(*r->q));
			r->qlen -= r->qhead;
			at -= (ssize_t)r->qhead;
			r->qhead = 0;
		}
		if (tl_grow((void **)&r->q, &r->qcap, r->qlen + 1, sizeof(*r->q))) {
			err = -ENOMEM;
			goto out;
		}
		memmove(&r->q[at + 1], &r->q[at],
			(r->qlen - (size_t)at) * sizeof(*r->q));
		r->qlen++;
		r->q[at].buf = buf;
		r->q[at].recs = dst + sizeof(struct tl_block_hdr);
		r->q[at].block_seq = b->block_seq;
		r->q[at].chunk_off = chunk_off;
		r->q[at].end = end;
		if (b->block_seq > r->max_block_seq)
			r->max_block_seq = b->block_seq;
		buf->refs++;
		kept++;
	}
	if (lo != UINT64_MAX) {
		if (lo < f->horizon && !f->warned_order) {
			pr_warn("%s: RING chunks are not in time order; output order may differ from time order\n",
				file_name(f));
			f->warned_order = true;
		}
		f->horizon = lo;
		d->horizon_dirty = true;
	}
	if (!r->in_heap && ring_load_head(r))
		err = heap_push(d, r);
out:
	if (buf && !kept) {
		/* nothing kept: give the buffer back */
		buf->refs = 1;
		buf_unref(d, buf);
	}
	free(pick);
	return err;
}

/* ---------------------------------------------------------- metadata */

static void install_machine(struct dec_file *f, const struct tl_machine *m)
{
	const struct tl_clock_snapshot *c = &m->clock_dump;
	int64_t off;

	f->info.machine = m;
	f->be = m->big_endian;
	if (!c->realtime_ns && !c->boottime_ns)
		c = &m->clock_start;
	off = (int64_t)((uint64_t)c->realtime_ns - (uint64_t)c->boottime_ns);
	if (off > DEC_TS_MAX || off < -DEC_TS_MAX)
		off = 0;	/* nonsense: wall clock unknown */
	f->info.wall_offset_ns = off;
}

static int install_systable(struct dec_file *f, const struct tl_systable *t)
{
	const struct tl_syscall **v;
	uint32_t i, max = 0;

	if (!t || t->abi == TL_ABI_UNKNOWN || t->abi >= TL_ABI_MAX)
		return 0;
	if (f->info.systables[t->abi])
		return 0;	/* the first table of an ABI wins */
	for (i = 0; i < t->count; i++)
		if (t->calls[i].nr > max)
			max = t->calls[i].nr;
	v = calloc((size_t)max + 1, sizeof(*v));
	if (!v)
		return -ENOMEM;
	for (i = 0; i < t->count; i++)
		if (!v[t->calls[i].nr])
			v[t->calls[i].nr] = &t->calls[i];
	f->sys[t->abi] = v;
	f->nsys[t->abi] = max + 1;
	f->info.systables[t->abi] = t;
	return 0;
}

static int install_trace(struct dec_file *f, const struct tl_trace_info *t)
{
	size_t i;

	for (i = 0; i < f->info.ntraces; i++)
		if (f->traces[i]->id == t->id)
			return 0;
	if (f->info.ntraces >= UINT32_MAX ||
	    tl_grow((void **)&f->traces, &f->tcap, f->info.ntraces + 1,
		    sizeof(*f->traces)))
		return -ENOMEM;
	f->traces[f->info.ntraces++] = t;
	f->info.traces = f->traces;
	for (i = 0; i < f->nrings; i++)
		if (f->rings[i]->trace_id == t->id && !strcmp(f->rings[i]->trace->name, "?"))
			f->rings[i]->trace = t;
	return 0;
}

static int install_procs(struct dec_file *f, const struct tl_proc *procs,
			 size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const struct tl_proc *p = &procs[i];
		struct dec_thread *t = thread_get(f, p->tid, p->pid);

		if (!t)
			return -ENOMEM;
		t->p = *p;
		t->p.comm = t->comm;
		t->p.flags &= ~TL_PROC_EXITED;
		t->p.exit_code = 0;
		set_comm(t, p->comm ? p->comm : "");
	}
	return 0;
}

static const char *chunk_name(uint32_t type)
{
	switch (type) {
	case TL_CHUNK_MACHINE: return "MACHINE";
	case TL_CHUNK_SYSTABLE: return "SYSTABLE";
	case TL_CHUNK_TRACE: return "TRACE";
	case TL_CHUNK_PROCS: return "PROCS";
	case TL_CHUNK_RING: return "RING";
	default: return "?";
	}
}

static int check_layout(struct dec_file *f)
{
	const struct tl_machine *m = f->info.machine;

	if (m && m->record_layout && m->record_layout != TL_RECORD_LAYOUT_VERSION) {
		pr_warn("%s: ring record layout %u is not supported (this build reads layout %u)\n",
			file_name(f), m->record_layout, TL_RECORD_LAYOUT_VERSION);
		return -EOPNOTSUPP;
	}
	return 0;
}

/* Read one chunk of a file input: 0 or -errno (fatal for that input). */
static int read_reader_chunk(struct tl_decoder *d, struct dec_file *f)
{
	const struct tl_chunk *c;
	int rc, err = 0;

	rc = tl_reader__next_chunk(f->r, &c);
	if (rc < 0)
		return rc;
	if (rc == 0) {
		f->eof = true;
		return 0;
	}
	switch (c->type) {
	case TL_CHUNK_MACHINE: {
		const struct tl_machine *m;

		err = tl_reader__parse_machine(f->r, c, &m);
		if (!err && !f->info.machine) {
			install_machine(f, m);
			return check_layout(f);
		}
		break;
	}
	case TL_CHUNK_SYSTABLE: {
		const struct tl_systable *t;

		err = tl_reader__parse_systable(f->r, c, &t);
		if (!err)
			err = install_systable(f, t);
		break;
	}
	case TL_CHUNK_TRACE: {
		const struct tl_trace_info *t;

		err = tl_reader__parse_trace(f->r, c, &t);
		if (!err)
			err = install_trace(f, t);
		break;
	}
	case TL_CHUNK_PROCS: {
		const struct tl_proc *p;
		uint32_t id;
		size_t n;

		err = tl_reader__parse_procs(f->r, c, &id, &p, &n);
		if (!err)
			err = install_procs(f, p, n);
		break;
	}
	case TL_CHUNK_RING: {
		struct tl_ring_chunk rc2;
		uint32_t i;

		f->meta_done = true;
		err = tl_reader__parse_ring(f->r, c, &rc2);
		if (err)
			break;
		if (rc2.block_size && rc2.nblocks > SIZE_MAX / rc2.block_size) {
			err = -EBADMSG;
			break;
		}
		if (tl_grow((void **)&d->bptr, &d->bpcap, rc2.nblocks + 1,
			    sizeof(*d->bptr)))
			return -ENOMEM;
		for (i = 0; i < rc2.nblocks; i++)
			d->bptr[i] = (const uint8_t *)rc2.blocks +
				     (size_t)i * rc2.block_size;
		return load_ring(d, f, (int64_t)c->offset, rc2.trace_id,
				 rc2.cpu, rc2.ring_kind,
				 rc2.block_size, d->bptr, rc2.nblocks);
	}
	default:
		break;
	}
	if (err == -ENOMEM)
		return err;
	if (err) {
		pr_warn("%s: %s chunk at offset %llu skipped: %s\n", file_name(f),
			chunk_name(c->type), (unsigned long long)c->offset,
			strerror(-err));
		if (c->type == TL_CHUNK_RING)
			d->st.ring_chunks++;
	}
	return 0;
}

static int read_mem_chunk(struct tl_decoder *d, struct dec_file *f)
{
	struct dec_mem *m = f->mem;
	struct tl_ring_group *g;
	size_t i, nbad;
	int err;

	if (!m->meta_sent) {
		m->meta_sent = true;
		if (m->m) {
			install_machine(f, m->m);
			err = check_layout(f);
			if (err)
				return err;
		}
		for (i = 0; i < TL_ABI_MAX; i++) {
			err = install_systable(f, m->tabs[i]);
			if (err)
				return err;
		}
		for (i = 0; i < m->ntraces; i++) {
			err = install_trace(f, &m->traces[i].info);
			if (err)
				return err;
		}
		for (i = 0; i < m->ntraces; i++) {
			struct tl_dump_procs p;

			err = tl_dump__procs(&m->traces[i], f->be, &p);
			if (err)
				return err;
			err = install_procs(f, p.procs, p.n);
			tl_dump__procs_release(&p);
			if (err)
				return err;
		}
		nbad = 0;
		err = tl_dump__plan(m->traces, m->ntraces, f->be, file_name(f),
				    &nbad, &m->groups, &m->ngroups);
		d->st.damaged_blocks += nbad;
		return err;
	}
	if (m->next_group >= m->ngroups) {
		f->eof = true;
		return 0;
	}
	g = &m->groups[m->next_group++];
	f->meta_done = true;
	return load_ring(d, f, -1, m->traces[g->trace].info.id,
			 m->traces[g->trace].rings[g->ring].cpu,
			 TL_RING_KIND_BLOCKS, TL_BLOCK_SIZE, g->blocks, g->nblocks);
}

/* Read the next chunk of f; a failing input ends (error kept for the
 * end), the others go on. Only -ENOMEM is returned. */
static int read_chunk(struct tl_decoder *d, struct dec_file *f)
{
	int err = f->mem ? read_mem_chunk(d, f) : read_reader_chunk(d, f);

	if (err == -ENOMEM)
		return err;
	if (err) {
		pr_warn("%s: cannot read further: %s\n", file_name(f),
			strerror(-err));
		if (!d->err)
			d->err = err;
		f->eof = true;
	}
	if (f->eof) {
		f->meta_done = true;
		d->horizon_dirty = true;
	}
	return 0;
}

/* ------------------------------------------------------------ driving */

/* The TRACE chunk's counters for this ring, or NULL. */
static const struct tl_ring_info *ring_info(const struct dec_ring *r)
{
	uint32_t i;

	for (i = 0; r->trace && i < r->trace->nrings; i++)
		if (r->trace->rings[i].cpu == r->cpu)
			return &r->trace->rings[i];
	return NULL;
}

static int do_record(struct tl_decoder *d, struct dec_ring *r)
{
	struct dec_block *b = &r->q[r->qhead];
	const uint8_t *p = b->recs + r->off;
	struct tl_rec *rec = &d->rec;
	const char *why;
	int rc, err = 0;

	d->st.records++;
	rc = tl_ring__parse(p, &r->head, r->f->be, rec, &why);
	if (rc < 0) {
		ring_warn(r, b->chunk_off, b->block_seq, r->off, why);
		d->st.damaged_records++;
		return 0;	/* its seq stays unseen: reported as a gap */
	}
	if (rec->h.ts > (uint64_t)DEC_TS_MAX)
		rec->h.ts = DEC_TS_MAX;
	if (!r->seen) {
		const struct tl_ring_info *ri = ring_info(r);
		uint64_t before = rec->h.seq - 1u;

		/* FORMAT.md §6.6: seq wraps; RECORDS does not */
		if (ri && ri->records > UINT32_MAX)
			before = ri->records - 1 -
				 (uint32_t)((uint32_t)ri->records - rec->h.seq);
		r->seen = true;
		if (before)
			err = ev_lost(d, r, rec->h.ts, TL_LOST_OVERWRITTEN, before);
	} else {
		uint32_t gap = rec->h.seq - r->last_seq - 1u;

		if (gap && gap < 0x80000000u) {
			err = ev_lost(d, r, rec->h.ts, TL_LOST_GAP, gap);
		} else if (gap) {
			ring_warn(r, b->chunk_off, b->block_seq, r->off,
				  "record seq goes backwards");
		}
	}
	if (err)
		return err;
	r->last_seq = rec->h.seq;
	if (rc == 1) {
		d->st.unknown_records++;
		if (!r->warned_unknown) {
			char msg[64];

			snprintf(msg, sizeof(msg),
				 "records of unknown type %u skipped",
				 rec->h.type);
			ring_warn(r, b->chunk_off, b->block_seq, r->off, msg);
			r->warned_unknown = true;
		}
		return 0;
	}
	switch (rec->h.type) {
	case TL_REC_SYS_ENTER: return do_enter(d, r, rec);
	case TL_REC_SYS_EXIT: return do_exit(d, r, rec);
	case TL_REC_FORK: return do_fork(d, r, rec);
	case TL_REC_EXEC: return do_exec(d, r, rec);
	case TL_REC_EXIT: return do_exit_task(d, r, rec);
	}
	return 0;
}

/* End of all inputs: losses after the last records, calls in flight. */
static int finish(struct tl_decoder *d)
{
	size_t fi, ti, ri, k;
	int err;

	for (fi = 0; fi < d->nfiles; fi++) {
		struct dec_file *f = d->files[fi];

		for (ti = 0; ti < f->info.ntraces; ti++) {
			const struct tl_trace_info *t = f->traces[ti];

			for (ri = 0; ri < t->nrings; ri++) {
				const struct tl_ring_info *ring = &t->rings[ri];
				struct dec_ring *r = NULL;
				uint64_t lost;

				for (k = 0; k < f->nrings; k++)
					if (f->rings[k]->trace_id == t->id &&
					    f->rings[k]->cpu == ring->cpu)
						r = f->rings[k];
				if (!ring->records)
					continue;
				if (!r) {
					r = ring_get(f, t->id, ring->cpu);
					if (!r)
						return -ENOMEM;
				}
				if (r->seen)
					lost = (uint32_t)((uint32_t)ring->records -
							  r->last_seq);
				else
					lost = ring->records;
				if (!lost || lost >= 0x80000000u)
					continue;
				err = ev_lost(d, r, d->last_ts, TL_LOST_GAP, lost);
				if (err)
					return err;
			}
		}
	}
	for (fi = 0; fi < d->nfiles; fi++) {
		struct dec_file *f = d->files[fi];

		while (f->pend_head) {
			struct dec_call *c = call_at(d, f->pend_head);

			err = call_flush(d, f, f->pend_head, TL_EVF_IN_FLIGHT,
					 d->last_ts, 0, c->cpu);
			if (err)
				return err;
		}
	}
	return 0;
}

static void update_horizon(struct tl_decoder *d)
{
	uint64_t h = UINT64_MAX;
	bool open = false;
	size_t i;

	for (i = 0; i < d->nfiles; i++) {
		if (d->files[i]->eof)
			continue;
		open = true;
		if (d->files[i]->horizon < h)
			h = d->files[i]->horizon;
	}
	d->horizon = open ? h : UINT64_MAX;
	d->open = open;
	d->horizon_dirty = false;
}

/* One step: decode a record, read a chunk, or finish. 0 or -ENOMEM. */
static int step(struct tl_decoder *d)
{
	struct dec_file *rf = NULL;
	struct dec_ring *top;
	size_t i;
	int err;

	if (d->horizon_dirty)
		update_horizon(d);
	top = d->nheap ? d->heap[0] : NULL;
	if (top) {
		bool go = !d->open || top->head.ts < d->horizon;

		if (!go && d->bytes_held > d->opts.mem_limit) {
			d->st.forced++;
			if (!d->warned_forced) {
				pr_warn("%s: more than %zu bytes of ring data held; decoding on, output may be out of time order\n",
					file_name(top->f), d->opts.mem_limit);
				d->warned_forced = true;
			}
			go = true;
		}
		if (go) {
			err = do_record(d, top);
			top->off += top->head.len;
			if (ring_load_head(top))
				heap_fix_root(d, top);
			else
				heap_fix_root(d, NULL);
			return err;
		}
	}
	for (i = 0; i < d->nfiles; i++) {
		struct dec_file *f = d->files[i];

		if (!f->eof && (!rf || f->horizon < rf->horizon))
			rf = f;
	}
	if (rf)
		return read_chunk(d, rf);
	if (!top) {
		d->finished = true;
		return finish(d);
	}
	return 0;
}

/* Events read: their storage can be reused. */
static void drain(struct tl_decoder *d)
{
	size_t i;

	d->qlen = d->qpos = 0;
	for (i = 0; i < d->nretired; i++) {
		struct dec_call *c = call_at(d, d->retired[i]);

		c->next = d->call_free;
		d->call_free = d->retired[i];
	}
	d->nretired = 0;
	while (d->retired_bufs) {
		struct dec_buf *b = d->retired_bufs;

		d->retired_bufs = b->next;
		d->bytes_held -= b->size;
		d->st.chunks_held--;
		if (d->nfree_bufs < DEC_FREE_BUFS) {
			b->next = d->free_bufs;
			d->free_bufs = b;
			d->nfree_bufs++;
		} else {
			buf_free(b);
		}
	}
}

int tl_decoder__next(struct tl_decoder *d, const struct tl_event **ev)
{
	int err;

	if (!d || !ev)
		return -EINVAL;
	for (;;) {
		if (d->qpos < d->qlen) {
			struct dec_qev *q = &d->q[d->qpos++];

			q->ev.capt = q->ev.ncapt ? q->capt : NULL;
			q->ev.comm = q->comm;
			if (q->own_name)
				q->ev.name = q->name;
			if (q->ev.ts > (int64_t)d->last_ts)
				d->last_ts = (uint64_t)q->ev.ts;
			d->st.events++;
			*ev = &q->ev;
			return 1;
		}
		drain(d);
		if (d->finished)
			return d->err;
		err = step(d);
		if (err)
			return err;
	}
}

/* -------------------------------------------------------- lifecycle */

struct tl_decoder *tl_decoder__new(const struct tl_decoder_opts *opts)
{
	struct tl_decoder *d = calloc(1, sizeof(*d));

	if (!d)
		return NULL;
	if (opts) {
		size_t n = opts->sz && opts->sz < sizeof(d->opts) ? opts->sz :
			   sizeof(d->opts);

		memcpy(&d->opts, opts, n);
	}
	d->opts.sz = sizeof(d->opts);
	if (!d->opts.mem_limit)
		d->opts.mem_limit = DEC_MEM_LIMIT;
	d->horizon_dirty = true;
	return d;
}

static struct dec_file *file_new(struct tl_decoder *d, const char *name)
{
	struct dec_file *f;

	if (d->finished || d->nfiles >= UINT32_MAX ||
	    tl_grow((void **)&d->files, &d->fcap, d->nfiles + 1,
		    sizeof(*d->files)))
		return NULL;
	f = calloc(1, sizeof(*f));
	if (!f)
		return NULL;
	f->d = d;
	f->idx = (unsigned)d->nfiles;
	f->info.name = name;
	d->files[d->nfiles++] = f;
	d->horizon_dirty = true;
	return f;
}

int tl_decoder__add(struct tl_decoder *d, struct tl_reader *r)
{
	struct dec_file *f;

	if (!d || !r) {
		tl_reader__close(r);
		return -EINVAL;
	}
	f = file_new(d, tl_reader__name(r));
	if (!f) {
		tl_reader__close(r);
		return d->finished ? -EINVAL : -ENOMEM;
	}
	f->r = r;
	return 0;
}

int tl_decoder__add_dump(struct tl_decoder *d, const char *name,
			 const struct tl_machine *m,
			 const struct tl_systable *const *systables,
			 const struct tl_dump_trace *traces, size_t ntraces)
{
	struct dec_mem *mem;
	struct dec_file *f;
	size_t i;

	if (!d || (ntraces && !traces))
		return -EINVAL;
	mem = calloc(1, sizeof(*mem));
	if (!mem)
		return -ENOMEM;
	mem->m = m;
	for (i = 0; systables && i < TL_ABI_MAX; i++)
		mem->tabs[i] = systables[i];
	mem->traces = traces;
	mem->ntraces = ntraces;
	f = file_new(d, name ? name : "(memory)");
	if (!f) {
		free(mem);
		return -ENOMEM;
	}
	f->mem = mem;
	return 0;
}

const struct tl_file_info *tl_decoder__file(struct tl_decoder *d, unsigned i)
{
	struct dec_file *f;

	if (!d || i >= d->nfiles)
		return NULL;
	f = d->files[i];
	while (!f->meta_done && !f->eof)
		if (read_chunk(d, f))
			return NULL;
	return &f->info;
}

unsigned tl_decoder__nfiles(const struct tl_decoder *d)
{
	return d ? (unsigned)d->nfiles : 0;
}

const struct tl_proc *tl_decoder__proc(struct tl_decoder *d,
				       const struct tl_file_info *fi,
				       uint32_t tid)
{
	struct dec_thread *t;
	struct dec_file *f = NULL;
	size_t i;

	if (!d || !d->nfiles)
		return NULL;
	if (!fi) {
		f = d->files[0];
	} else {
		for (i = 0; i < d->nfiles; i++)
			if (&d->files[i]->info == fi)
				f = d->files[i];
	}
	if (!f)
		return NULL;
	t = thread_find(f, tid);
	if (!t)
		return NULL;
	t->p.comm = t->comm[0] ? t->comm : "?";
	return &t->p;
}

void tl_decoder__stats(const struct tl_decoder *d, struct tl_decoder_stats *st)
{
	if (!d || !st)
		return;
	*st = d->st;
}

static void file_free(struct dec_file *f)
{
	size_t i;

	if (!f)
		return;
	tl_reader__close(f->r);
	if (f->mem) {
		free(f->mem->groups);
		free(f->mem);
	}
	for (i = 0; i < f->nrings; i++) {
		free(f->rings[i]->q);
		free(f->rings[i]);
	}
	free(f->rings);
	for (i = 0; i < f->nfake; i++)
		free(f->fake[i]);
	free(f->fake);
	free(f->traces);
	for (i = 0; i < TL_ABI_MAX; i++)
		free(f->sys[i]);
	for (i = 0; i < f->npool; i++)
		free(f->pool[i]);
	free(f->pool);
	free(f->slot);
	free(f);
}

void tl_decoder__free(struct tl_decoder *d)
{
	struct dec_buf *b;
	size_t i;

	if (!d)
		return;
	/* every block still queued holds a reference to its buffer */
	for (i = 0; i < d->nfiles; i++) {
		struct dec_file *f = d->files[i];
		size_t k, j;

		for (k = 0; k < f->nrings; k++)
			for (j = f->rings[k]->qhead; j < f->rings[k]->qlen; j++)
				buf_unref(d, f->rings[k]->q[j].buf);
	}
	for (i = 0; i < d->nfiles; i++)
		file_free(d->files[i]);
	free(d->files);
	while ((b = d->retired_bufs)) {
		d->retired_bufs = b->next;
		buf_free(b);
	}
	while ((b = d->free_bufs)) {
		d->free_bufs = b->next;
		buf_free(b);
	}
	for (i = 0; i < d->ncalls; i++)
		free(d->calls[i].buf);
	free(d->calls);
	free(d->retired);
	free(d->heap);
	free(d->q);
	free(d->bptr);
	free(d);
}
