// SPDX-License-Identifier: MIT
/*
 * dump.c - tl_writer__write_dump(): one whole dump as tl-record writes
 * it. MACHINE, the syscall table of every ABI the rings use, each TRACE,
 * each trace's PROCS (the /proc snapshot merged with the rings' FORK,
 * EXEC and EXIT records, so a decoder knows comm and ppid before it
 * streams), then the valid ring blocks as RING chunks ordered by time
 * across traces and CPUs (FORMAT.md §4, ARCH.md §2).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "dump.h"
#include "internal.h"
#include "ring.h"

/* ------------------------------------------------------------ the plan */

struct blk_ref {
	const uint8_t *p;
	uint64_t seq;
	uint64_t ts_min;
	bool has_rec;
};

static int cmp_blk(const void *a, const void *b)
{
	const struct blk_ref *x = a, *y = b;

	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int cmp_group(const void *a, const void *b)
{
	const struct tl_ring_group *x = a, *y = b;

	if (x->ts_min != y->ts_min)
		return x->ts_min < y->ts_min ? -1 : 1;
	if (x->trace != y->trace)
		return x->trace < y->trace ? -1 : 1;
	if (x->ring != y->ring)
		return x->ring < y->ring ? -1 : 1;
	return x->seq0 < y->seq0 ? -1 : x->seq0 > y->seq0;
}

/* Valid written blocks of one ring, sorted by block_seq (malloc'ed). */
static int ring_blocks(const struct tl_dump_trace *t,
		       const struct tl_ring_data *rd, bool be, const char *name,
		       size_t *nbad, struct blk_ref **out, size_t *nout)
{
	struct tl_ring_where w = { name, t->info.id, rd->cpu, -1 };
	size_t nb = rd->len / TL_BLOCK_SIZE, i, n = 0;
	struct blk_ref *v;

	*out = NULL;
	*nout = 0;
	if (rd->len % TL_BLOCK_SIZE || (rd->len && !rd->blocks)) {
		pr_warn("%s: trace %u cpu %u: ring length %zu is not a multiple of the block size\n",
			name ? name : "dump", t->info.id, rd->cpu, rd->len);
		return -EINVAL;
	}
	if (!nb)
		return 0;
	v = tl_reallocarray(NULL, nb, sizeof(*v));
	if (!v)
		return -ENOMEM;
	for (i = 0; i < nb; i++) {
		const uint8_t *p = (const uint8_t *)rd->blocks + i * TL_BLOCK_SIZE;
		uint64_t lo = UINT64_MAX, hi = 0;
		uint32_t end, nrec, bad;
		const char *why;
		struct tl_blk b;
		int rc;

		rc = tl_ring__check_block(p, TL_BLOCK_SIZE, be, rd->cpu, &b, &why);
		if (rc == 1)
			continue;
		if (rc < 0) {
			if (name)
				tl_ring__warn(&w, 0, UINT32_MAX,
					      "block index %zu skipped: %s", i, why);
			if (nbad)
				(*nbad)++;
			continue;
		}
		tl_ring__scan(&b, be, &end, &lo, &hi, &nrec, &bad, &why);
		v[n].p = p;
		v[n].seq = b.block_seq;
		v[n].has_rec = nrec > 0;
		v[n].ts_min = nrec ? lo : b.ts_first;
		n++;
	}
	if (n)
		qsort(v, n, sizeof(*v), cmp_blk);
	*out = v;
	*nout = n;
	return 0;
}

int tl_dump__plan(const struct tl_dump_trace *traces, size_t ntraces,
		  bool be, const char *name, size_t *nbad,
		  struct tl_ring_group **groups, size_t *ngroups)
{
	struct tl_ring_group *g = NULL;
	size_t n = 0, cap = 0, ti, ri, i;
	struct blk_ref *v = NULL;
	size_t nv;
	int err = 0;

	for (ti = 0; ti < ntraces; ti++) {
		const struct tl_dump_trace *t = &traces[ti];

		for (ri = 0; ri < t->nrings; ri++) {
			err = ring_blocks(t, &t->rings[ri], be, name, nbad, &v, &nv);
			if (err)
				goto out;
			for (i = 0; i < nv; i += TL_RING_CHUNK_BLOCKS) {
				size_t k = nv - i, j;
				struct tl_ring_group *cur;
				uint64_t lo = UINT64_MAX;

				if (k > TL_RING_CHUNK_BLOCKS)
					k = TL_RING_CHUNK_BLOCKS;
				err = tl_grow((void **)&g, &cap, n + 1, sizeof(*g));
				if (err)
					goto out;
				cur = &g[n++];
				memset(cur, 0, sizeof(*cur));
				cur->trace = (uint32_t)ti;
				cur->ring = (uint32_t)ri;
				cur->seq0 = v[i].seq;
				cur->nblocks = (uint32_t)k;
				for (j = 0; j < k; j++) {
					cur->blocks[j] = v[i + j].p;
					if (v[i + j].has_rec && v[i + j].ts_min < lo)
						lo = v[i + j].ts_min;
				}
				/* a group without records sorts by its header */
				cur->ts_min = lo != UINT64_MAX ? lo : v[i].ts_min;
			}
			free(v);
			v = NULL;
		}
	}
	if (n)
		qsort(g, n, sizeof(*g), cmp_group);
out:
	free(v);
	if (err) {
		free(g);
		g = NULL;
		n = 0;
	}
	*groups = g;
	*ngroups = n;
	return err;
}

/* ------------------------------------------------------------- ABIs seen */

void tl_dump__abis(const struct tl_dump_trace *traces, size_t ntraces,
		   bool be, bool abis[TL_ABI_MAX])
{
	size_t ti, ri, i;

	for (ti = 0; ti < ntraces; ti++) {
		const struct tl_dump_trace *t = &traces[ti];

		for (ri = 0; ri < t->nrings; ri++) {
			const struct tl_ring_data *rd = &t->rings[ri];
			size_t nb = rd->blocks ? rd->len / TL_BLOCK_SIZE : 0;

			for (i = 0; i < nb; i++) {
				const uint8_t *recs;
				const char *why;
				struct tl_blk b;
				struct tl_rhdr h;
				uint32_t off = 0;

				if (tl_ring__check_block((const uint8_t *)rd->blocks +
							 i * TL_BLOCK_SIZE,
							 TL_BLOCK_SIZE, be, rd->cpu,
							 &b, &why))
					continue;
				recs = b.base + sizeof(struct tl_block_hdr);
				while (!tl_ring__frame(recs, b.used, off, be, &h,
						       &why)) {
					if ((h.type == TL_REC_SYS_ENTER ||
					     h.type == TL_REC_SYS_EXIT) &&
					    h.len >= sizeof(struct tl_rec_sys_exit) &&
					    recs[off + 26] < TL_ABI_MAX)
						abis[recs[off + 26]] = true;
					off += h.len;
				}
			}
		}
	}
	abis[TL_ABI_UNKNOWN] = false;
}

/* -------------------------------------------------------- process table */

struct pent {
	uint32_t tid, pid, ppid;
	bool start_known, exec_seen, exited, forked;
	int32_t exit_code;
	int64_t start_ns;
	char start[17];
};

struct ptab {
	struct pent *e;
	size_t n, cap;
	uint32_t *slot;			/* index + 1, open addressing */
	size_t nslot;
};

static uint32_t hash32(uint32_t x)
{
	x ^= x >> 16;
	x *= 0x7feb352dU;
	x ^= x >> 15;
	x *= 0x846ca68bU;
	x ^= x >> 16;
	return x;
}

static struct pent *ptab_find(const struct ptab *t, uint32_t tid)
{
	size_t m, i;

	if (!t->nslot)
		return NULL;
	m = t->nslot - 1;
	for (i = hash32(tid) & m; t->slot[i]; i = (i + 1) & m)
		if (t->e[t->slot[i] - 1].tid == tid)
			return &t->e[t->slot[i] - 1];
	return NULL;
}

static int ptab_rehash(struct ptab *t, size_t nslot)
{
	uint32_t *s = calloc(nslot, sizeof(*s));
	size_t i, j;

	if (!s)
		return -ENOMEM;
	for (i = 0; i < t->n; i++) {
		for (j = hash32(t->e[i].tid) & (nslot - 1); s[j];
		     j = (j + 1) & (nslot - 1))
			;
		s[j] = (uint32_t)i + 1;
	}
	free(t->slot);
	t->slot = s;
	t->nslot = nslot;
	return 0;
}

/* Entry for tid, created (pid set) when new; NULL on ENOMEM. */
static struct pent *ptab_get(struct ptab *t, uint32_t tid, uint32_t pid)
{
	struct pent *e = ptab_find(t, tid);
	size_t i;

	if (e)
		return e;
	if ((t->n + 1) * 2 > t->nslot &&
	    ptab_rehash(t, t->nslot ? t->nslot * 2 : 256))
		return NULL;
	if (t->n >= UINT32_MAX - 1 ||
	    tl_grow((void **)&t->e, &t->cap, t->n + 1, sizeof(*t->e)))
		return NULL;
	e = &t->e[t->n];
	memset(e, 0, sizeof(*e));
	e->tid = tid;
	e->pid = pid;
	for (i = hash32(tid) & (t->nslot - 1); t->slot[i];
	     i = (i + 1) & (t->nslot - 1))
		;
	t->slot[i] = (uint32_t)++t->n;
	return e;
}

/* A FORK, EXEC or EXIT record, in time order. */
struct pev {
	uint64_t ts;
	uint64_t ord;			/* ring traversal order */
	uint32_t cpu;
	struct tl_rec r;
};

static int cmp_pev(const void *a, const void *b)
{
	const struct pev *x = a, *y = b;

	if (x->r.h.ts != y->r.h.ts)
		return x->r.h.ts < y->r.h.ts ? -1 : 1;
	if (x->cpu != y->cpu)
		return x->cpu < y->cpu ? -1 : 1;
	return x->ord < y->ord ? -1 : x->ord > y->ord;
}

static void set_start(struct pent *e, const char *comm)
{
	if (e->start_known || e->exec_seen)
		return;
	memcpy(e->start, comm, sizeof(e->start));
	e->start_known = true;
}

static int apply_pev(struct ptab *t, const struct pev *v)
{
	const struct tl_rec *r = &v->r;
	struct pent *e, *c, *l;

	e = ptab_get(t, r->h.tid, r->h.pid);
	if (!e)
		return -ENOMEM;
	switch (r->h.type) {
	case TL_REC_FORK:
		set_start(e, r->comm);
		c = ptab_get(t, r->child_tid, r->child_pid);
		if (!c)
			return -ENOMEM;
		e = ptab_find(t, r->h.tid);	/* the table may have moved */
		if (c->forked)
			break;		/* a reused tid: keep the first one */
		c->forked = true;
		c->pid = r->child_pid;
		c->start_ns = (int64_t)r->h.ts;
		if (r->child_tid == r->child_pid) {
			c->ppid = r->h.pid;
		} else {
			l = ptab_find(t, r->h.pid);
			c->ppid = l && l->ppid ? l->ppid : e->ppid;
		}
		set_start(c, r->comm);
		break;
	case TL_REC_EXEC:
		e->exec_seen = true;
		if (r->old_tid != r->h.tid) {
			c = ptab_get(t, r->old_tid, r->h.pid);
			if (!c)
				return -ENOMEM;
			c->exec_seen = true;
		}
		break;
	case TL_REC_EXIT:
		set_start(e, r->comm);
		e->exited = true;
		e->exit_code = r->exit_code;
		break;
	}
	return 0;
}

/* A plan made for every trace, to reuse: trace `tidx`'s groups in it are
 * in the order a plan of that trace alone has. abis (may be NULL) gets the
 * ABIs of the syscall records seen on the way. */
struct plan_ref {
	const struct tl_ring_group *g;
	size_t ng;
	uint32_t tidx;
	bool *abis;
};

/* Walk one trace's records: register every tid, collect FORK/EXEC/EXIT. */
static int scan_trace(const struct tl_dump_trace *tr, bool be,
		      const struct plan_ref *pr, struct ptab *t,
		      struct pev **evs, size_t *nev)
{
	struct tl_ring_group *own = NULL;
	const struct tl_ring_group *g;
	size_t ng, gi, cap = 0, bi;
	bool *abis = pr ? pr->abis : NULL;
	uint64_t ord = 0;
	int err = 0;

	*evs = NULL;
	*nev = 0;
	if (pr) {
		g = pr->g;
		ng = pr->ng;
	} else {
		err = tl_dump__plan(tr, 1, be, NULL, NULL, &own, &ng);
		if (err)
			return err;
		g = own;
	}
	for (gi = 0; gi < ng; gi++) {
		uint32_t cpu = tr->rings[g[gi].ring].cpu;
		uint32_t last_tid = 0;
		bool have_last = false;

		if (pr && g[gi].trace != pr->tidx)
			continue;

		for (bi = 0; bi < g[gi].nblocks; bi++) {
			const uint8_t *recs;
			const char *why;
			struct tl_blk b;
			struct tl_rhdr h;
			uint32_t off = 0;

			if (tl_ring__check_block(g[gi].blocks[bi], TL_BLOCK_SIZE,
						 be, cpu, &b, &why))
				continue;
			recs = b.base + sizeof(struct tl_block_hdr);
			while (!tl_ring__frame(recs, b.used, off, be, &h, &why)) {
				const uint8_t *p = recs + off;

				off += h.len;
				ord++;
				if (abis && (h.type == TL_REC_SYS_ENTER ||
					     h.type == TL_REC_SYS_EXIT) &&
				    h.len >= sizeof(struct tl_rec_sys_exit) &&
				    p[26] < TL_ABI_MAX)
					abis[p[26]] = true;
				if (!have_last || h.tid != last_tid) {
					if (!ptab_get(t, h.tid, h.pid)) {
						err = -ENOMEM;
						goto out;
					}
					last_tid = h.tid;
					have_last = true;
				}
				if (h.type == TL_REC_FORK || h.type == TL_REC_EXEC ||
				    h.type == TL_REC_EXIT) {
					struct pev *v;

					err = tl_grow((void **)evs, &cap, *nev + 1,
						      sizeof(**evs));
					if (err)
						goto out;
					v = &(*evs)[*nev];
					if (tl_ring__parse(p, &h, be, &v->r, &why))
						continue;
					v->ord = ord;
					v->cpu = cpu;
					(*nev)++;
				}
			}
		}
	}
out:
	free(own);
	return err;
}

static int cmp_proc(const void *a, const void *b)
{
	const struct tl_proc *x = a, *y = b;

	return x->tid < y->tid ? -1 : x->tid > y->tid;
}

static int dump_procs(const struct tl_dump_trace *tr, bool be,
		      const struct plan_ref *pr, struct tl_dump_procs *out)
{
	struct ptab t = { 0 };
	struct pev *evs = NULL;
	size_t nev = 0, i, n, total;
	uint8_t *used = NULL;
	int err;

	memset(out, 0, sizeof(*out));
	err = scan_trace(tr, be, pr, &t, &evs, &nev);
	if (err)
		goto out;
	if (nev)
		qsort(evs, nev, sizeof(*evs), cmp_pev);
	for (i = 0; i < nev; i++) {
		err = apply_pev(&t, &evs[i]);
		if (err)
			goto out;
	}

	total = tr->nprocs + t.n;
	out->procs = tl_reallocarray(NULL, total ? total : 1, sizeof(*out->procs));
	out->comm = tl_reallocarray(NULL, total ? total : 1, sizeof(*out->comm));
	used = calloc(t.n ? t.n : 1, 1);
	if (!out->procs || !out->comm || !used) {
		err = -ENOMEM;
		goto out;
	}
	n = 0;
	for (i = 0; i < tr->nprocs; i++) {
		struct tl_proc *p = &out->procs[n];
		struct pent *e;

		*p = tr->procs[i];
		e = ptab_find(&t, p->tid);
		if (e) {
			used[e - t.e] = 1;
			if (!p->pid)
				p->pid = e->pid;
			if ((e->forked && e->ppid) || !p->ppid)
				p->ppid = e->ppid;
			if (e->start_known) {
				memcpy(out->comm[n], e->start, 17);
				p->comm = out->comm[n];
			} else if (e->exec_seen) {
				p->comm = NULL;	/* before the exec: unknown */
			}
			if (e->exited) {
				p->flags |= TL_PROC_EXITED;
				p->exit_code = e->exit_code;
			}
			if (e->forked && !p->start_ns)
				p->start_ns = e->start_ns;
		}
		if (p->tid != p->pid)
			p->flags |= TL_PROC_THREAD;
		n++;
	}
	for (i = 0; i < t.n; i++) {
		struct tl_proc *p = &out->procs[n];
		struct pent *e = &t.e[i];

		if (used[i])
			continue;
		memset(p, 0, sizeof(*p));
		p->tid = e->tid;
		p->pid = e->pid;
		p->ppid = e->ppid;
		if (e->start_known) {
			memcpy(out->comm[n], e->start, 17);
			p->comm = out->comm[n];
		}
		if (e->exited) {
			p->flags |= TL_PROC_EXITED;
			p->exit_code = e->exit_code;
		}
		if (p->tid != p->pid)
			p->flags |= TL_PROC_THREAD;
		p->start_ns = e->forked ? e->start_ns : 0;
		n++;
	}
	/* a thread's parent is its process's parent */
	for (i = 0; i < n; i++) {
		struct tl_proc *p = &out->procs[i];
		struct pent *l;
		size_t j;

		if (p->ppid || p->tid == p->pid)
			continue;
		l = ptab_find(&t, p->pid);
		if (l && l->ppid) {
			p->ppid = l->ppid;
			continue;
		}
		for (j = 0; j < tr->nprocs; j++) {
			if (tr->procs[j].tid == p->pid && tr->procs[j].ppid) {
				p->ppid = tr->procs[j].ppid;
				break;
			}
		}
	}
	qsort(out->procs, n, sizeof(*out->procs), cmp_proc);
	out->n = n;
out:
	free(used);
	free(evs);
	free(t.e);
	free(t.slot);
	if (err)
		tl_dump__procs_release(out);
	return err;
}

int tl_dump__procs(const struct tl_dump_trace *tr, bool be,
		   struct tl_dump_procs *out)
{
	return dump_procs(tr, be, NULL, out);
}

void tl_dump__procs_release(struct tl_dump_procs *p)
{
	if (!p)
		return;
	free(p->procs);
	free(p->comm);
	memset(p, 0, sizeof(*p));
}

/* ------------------------------------------------------------ the dump */

int tl_writer__write_dump(struct tl_writer *w, const struct tl_machine *m,
			  const struct tl_dump_trace *traces, size_t ntraces)
{
	struct tl_ring_group *g = NULL;
	struct tl_dump_procs *procs = NULL;
	bool abis[TL_ABI_MAX] = { 0 };
	uint8_t *scratch = NULL;
	size_t ng = 0, i, j;
	bool be;
	int native, err;

	if (!w || !m || (ntraces && !traces))
		return -EINVAL;
	be = m->big_endian;
	err = tl_writer__add_machine(w, m);
	if (err)
		goto out;

	/*
	 * One walk of the records, before anything else is written: the plan
	 * (block order, time ranges), then per trace the process table and the
	 * ABIs used. A dump's CPU time is mostly these walks and compression.
	 */
	err = tl_dump__plan(traces, ntraces, be, "tl_writer__write_dump", NULL,
			    &g, &ng);
	if (err)
		goto out;
	procs = calloc(ntraces ? ntraces : 1, sizeof(*procs));
	if (!procs) {
		err = -ENOMEM;
		goto out;
	}
	for (i = 0; i < ntraces; i++) {
		struct plan_ref pr = { g, ng, (uint32_t)i, abis };

		err = dump_procs(&traces[i], be, &pr, &procs[i]);
		if (err)
			goto out;
	}
	abis[TL_ABI_UNKNOWN] = false;
	native = tl_abi_native(m->arch);
	if (native != TL_ABI_UNKNOWN)
		abis[native] = true;
	for (i = 1; i < TL_ABI_MAX; i++) {
		const struct tl_systable *t;

		if (!abis[i])
			continue;
		t = tl_systable_builtin((int)i);
		if (!t) {
			pr_warn("dump: no syscall table for ABI %s; its calls will show as numbers\n",
				tl_abi_name((int)i));
			continue;
		}
		err = tl_writer__add_systable(w, t);
		if (err)
			goto out;
	}

	for (i = 0; i < ntraces; i++) {
		err = tl_writer__add_trace(w, &traces[i].info);
		if (err)
			goto out;
	}
	for (i = 0; i < ntraces; i++) {
		err = tl_writer__add_procs(w, traces[i].info.id, procs[i].procs,
					   procs[i].n);
		if (err)
			goto out;
	}

	for (i = 0; i < ng; i++) {
		const struct tl_dump_trace *t = &traces[g[i].trace];
		const uint8_t *src = g[i].blocks[0];

		/* A ring copied oldest first (tl-record's) gives groups of
		 * adjacent blocks: passed as they are. Others are gathered. */
		for (j = 1; j < g[i].nblocks; j++)
			if (g[i].blocks[j] != src + j * TL_BLOCK_SIZE)
				break;
		if (j < g[i].nblocks) {
			if (!scratch)
				scratch = malloc((size_t)TL_RING_CHUNK_BLOCKS *
						 TL_BLOCK_SIZE);
			if (!scratch) {
				err = -ENOMEM;
				goto out;
			}
			for (j = 0; j < g[i].nblocks; j++)
				memcpy(scratch + j * TL_BLOCK_SIZE,
				       g[i].blocks[j], TL_BLOCK_SIZE);
			src = scratch;
		}
		err = tl_writer__add_ring(w, t->info.id, t->rings[g[i].ring].cpu,
					  src,
					  (size_t)g[i].nblocks * TL_BLOCK_SIZE);
		if (err)
			goto out;
	}
out:
	for (i = 0; procs && i < ntraces; i++)
		tl_dump__procs_release(&procs[i]);
	free(procs);
	free(scratch);
	free(g);
	return err;
}
