// SPDX-License-Identifier: MIT
/*
 * recorder.c - BPF object lifecycle, trace slots, ring snapshots and dumps
 * (see recorder.h; the ring protocol is ARCH.md §1 and format/tl_record.h).
 */
#include <errno.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "msg.h"
#include "capture.h"
#include "internal.h"
#include "procsnap.h"
#include "recorder.h"
#include "recorder.skel.h"

#define DEFAULT_BUFFER_SIZE	(1u << 20)

struct rtrace {
	int id;				/* 0: free slot */
	bool live;			/* its cgroup is in the cgroups map */
	char *name;
	uint32_t kind;
	struct tlr_cgroup cg;
	uint32_t nblocks;
	int map_fd;
	bool own_fd;			/* map_fd is ours (not ring0's) */
	uint8_t *mem;			/* read-only mapping of the ring map */
	size_t mem_len;
	int64_t start_ns;		/* CLOCK_BOOTTIME */
	int64_t end_ns;			/* stop time, 0 while live */
	struct tlr_procsnap seen;	/* threads seen at start, extra entries */
	struct tl_label *labels;	/* copies (key and value strings too) */
	uint32_t nlabels;
	/* the copy of the rings a snapshot fills, reused across dumps */
	uint8_t *copy;			/* ncpus * nblocks blocks; NULL: none yet */
	size_t copy_len;
	bool copy_busy;			/* lent to a live snapshot */
};

struct recorder {
	struct recorder_bpf *skel;
	uint32_t ncpus;
	uint32_t nslots;
	bool single;
	uint32_t single_nblocks;	/* ring0's blocks per CPU */
	bool attached;
	int next_id;
	uint32_t snaplen;
	bool no_data;
	char *filter;
	struct tl_clock_snapshot clock_start;
	struct rtrace *slots;
	struct ring_buffer *exits;	/* exit events (opts.exit_events) */
	int (*exit_fn)(const struct recorder_exit *e, void *ctx);
	void *exit_ctx;
	int exit_count;
	bool reserve_copy;		/* opts.reserve_dump_memory */
};


/* Blocks per CPU for a buffer size: a power of two >= 2 that fits in size
 * (sizes below two blocks: -EINVAL). */
static int size_to_nblocks(uint64_t size, uint32_t ncpus, uint32_t *nblocks)
{
	uint32_t n = 2;

	if (size < 2ull * TL_BLOCK_SIZE)
		return -EINVAL;
	while ((uint64_t)n * 2 * TL_BLOCK_SIZE <= size && n < (1u << 20))
		n *= 2;
	if ((uint64_t)n * ncpus > UINT32_MAX / TLR_ELEM_SIZE)
		return -E2BIG;
	*nblocks = n;
	return 0;
}

uint32_t recorder__ncpus(const struct recorder *r)
{
	return r->ncpus;
}

_Static_assert(sizeof(struct tlr_state) == 64,
	       "tlr_state is one cache line (tlr_hot.cpu[].st)");
_Static_assert(offsetof(struct tlr_hot, nr64) == 64,
	       "tlr_hot's per-CPU part starts on a cache line");

static int fill_sctab(struct recorder *r, const struct recorder_opts *o,
		      char *err, size_t errlen)
{
	struct tlr_capture_opts co = {
		.snaplen = r->snaplen,
		.no_data = o->no_data,
		.filter = o->syscall_filter,
	};
	struct tlr_sc *tab, zero;
	int fd = bpf_map__fd(r->skel->maps.sctab);
	uint32_t i;
	int ret;

	tab = calloc(TLR_SCTAB_LEN, sizeof(*tab));
	if (!tab)
		return -ENOMEM;
	ret = tlr_capture_build(&co, tab, err, errlen);
	if (ret)
		goto out;
	/* the x86_64 summary bytes, read before the table (tlr_hot.nr64) */
	for (i = 0; i < TLR_NR_MAX; i++)
		r->skel->bss->hot.nr64[i] =
			tlr_sc_info(&tab[TL_ABI_X86_64 * TLR_NR_MAX + i]);
	memset(&zero, 0, sizeof(zero));
	for (i = 0; i < TLR_SCTAB_LEN; i++) {
		if (!memcmp(&tab[i], &zero, sizeof(zero)))
			continue;
		if (bpf_map_update_elem(fd, &i, &tab[i], BPF_ANY)) {
			ret = -errno;
			tlr_errf(err, errlen, "cannot fill the capture table: %s",
				strerror(errno));
			goto out;
		}
	}
	ret = 0;
out:
	free(tab);
	return ret;
}

/* ring_buffer__consume() callback: one struct tlr_exit_event. */
static int exit_cb(void *ctx, void *data, size_t len)
{
	struct recorder *r = ctx;
	const struct tlr_exit_event *ev = data;
	struct recorder_exit e;
	struct rtrace *t;

	if (len < sizeof(*ev) || ev->slot >= r->nslots || !r->exit_fn)
		return 0;
	t = &r->slots[ev->slot];
	/* a trace removed, or a slot reused since the exit: skip it */
	if (!t->id || (int64_t)ev->ts < t->start_ns)
		return 0;
	memset(&e, 0, sizeof(e));
	e.id = t->id;
	e.pid = ev->pid;
	e.status = ev->exit_code;
	e.ts = (int64_t)ev->ts;
	memcpy(e.comm, ev->comm, sizeof(e.comm));
	e.comm[sizeof(e.comm) - 1] = '\0';
	r->exit_count++;
	return r->exit_fn(&e, r->exit_ctx);
}

int recorder__exits_fd(struct recorder *r)
{
	return r->exits ? ring_buffer__epoll_fd(r->exits) : -1;
}

int recorder__exits_consume(struct recorder *r,
			    int (*fn)(const struct recorder_exit *e, void *ctx),
			    void *ctx)
{
	int ret;

	if (!r->exits)
		return 0;
	r->exit_fn = fn;
	r->exit_ctx = ctx;
	r->exit_count = 0;
	ret = ring_buffer__consume(r->exits);
	r->exit_fn = NULL;
	r->exit_ctx = NULL;
	return ret < 0 ? ret : r->exit_count;
}

struct recorder *recorder__new(const struct recorder_opts *o, char *err,
			       size_t errlen)
{
	struct recorder *r;
	int ncpus, ret;

	r = calloc(1, sizeof(*r));
	if (!r) {
		errno = ENOMEM;
		return NULL;
	}
	ncpus = libbpf_num_possible_cpus();
	if (ncpus <= 0) {
		ret = ncpus ? ncpus : -EINVAL;
		tlr_errf(err, errlen, "cannot count the possible CPUs");
		goto fail;
	}
	r->ncpus = (uint32_t)ncpus;
	r->nslots = o->max_traces ? o->max_traces : TLR_DEFAULT_SLOTS;
	r->single = o->single != NULL;
	if (r->single)
		r->nslots = 1;
	r->snaplen = o->snaplen ? o->snaplen : 256;
	r->no_data = o->no_data;
	r->reserve_copy = o->reserve_dump_memory;
	if (o->syscall_filter && *o->syscall_filter) {
		r->filter = strdup(o->syscall_filter);
		if (!r->filter) {
			ret = -ENOMEM;
			goto fail;
		}
	}
	r->next_id = 1;
	r->slots = calloc(r->nslots, sizeof(*r->slots));
	if (!r->slots) {
		ret = -ENOMEM;
		goto fail;
	}

	r->skel = recorder_bpf__open();
	if (!r->skel) {
		ret = -errno;
		tlr_errf(err, errlen, "cannot open the BPF object: %s",
			strerror(errno));
		goto fail;
	}
	if (o->single) {
		ret = size_to_nblocks(o->single_buffer_size ?
				      o->single_buffer_size : DEFAULT_BUFFER_SIZE,
				      r->ncpus, &r->single_nblocks);
		if (ret) {
			tlr_errf(err, errlen, "bad buffer size %llu",
				(unsigned long long)o->single_buffer_size);
			goto fail;
		}
		r->skel->rodata->fast_cgid = o->single->id;
		r->skel->rodata->fast_level = o->single->level;
		r->skel->rodata->cg_owned = o->single_owned;
		bpf_map__set_max_entries(r->skel->maps.ring0,
					 r->single_nblocks * r->ncpus);
	}
	r->skel->rodata->filter_active = r->filter != NULL;
	r->skel->rodata->exit_events = o->exit_events;
	if (!o->exit_events)
		bpf_map__set_max_entries(r->skel->maps.exits, 4096);
	bpf_map__set_max_entries(r->skel->maps.cgroups, r->nslots);
	bpf_map__set_max_entries(r->skel->maps.state, r->nslots);
	bpf_map__set_max_entries(r->skel->maps.rings, r->nslots);

	ret = recorder_bpf__load(r->skel);
	if (ret) {
		tlr_errf(err, errlen, "cannot load the BPF programs: %s",
			strerror(-ret));
		goto fail;
	}
	ret = fill_sctab(r, o, err, errlen);
	if (ret)
		goto fail;
	if (o->exit_events) {
		r->exits = ring_buffer__new(bpf_map__fd(r->skel->maps.exits),
					    exit_cb, r, NULL);
		if (!r->exits) {
			ret = -errno;
			tlr_errf(err, errlen, "cannot open the exit ring: %s",
				strerror(errno));
			goto fail;
		}
	}
	return r;
fail:
	recorder__free(r);
	errno = -ret;
	return NULL;
}

int recorder__attach(struct recorder *r)
{
	int ret;

	if (r->attached)
		return 0;
	ret = recorder_bpf__attach(r->skel);
	if (ret)
		return ret;
	r->attached = true;
	tlr_clock_snapshot(&r->clock_start);
	return 0;
}

void recorder__detach(struct recorder *r)
{
	if (!r->attached)
		return;
	recorder_bpf__detach(r->skel);
	r->attached = false;
}

static struct rtrace *find_trace(struct recorder *r, int id)
{
	uint32_t i;

	if (id <= 0)
		return NULL;
	for (i = 0; i < r->nslots; i++)
		if (r->slots[i].id == id)
			return &r->slots[i];
	return NULL;
}

/* Rewrites the levels searched by the BPF programs: distinct levels of
 * live traces, deepest first. */
static void update_levels(struct recorder *r)
{
	uint32_t lv[TLR_MAX_LEVELS], n = 0, i, j;

	if (r->single)
		return;
	for (i = 0; i < r->nslots; i++) {
		struct rtrace *t = &r->slots[i];
		bool dup = false;

		if (!t->id || !t->live)
			continue;
		for (j = 0; j < n; j++)
			dup |= lv[j] == t->cg.level;
		if (!dup && n < TLR_MAX_LEVELS)
			lv[n++] = t->cg.level;
	}
	for (i = 1; i < n; i++)	/* insertion sort, descending */
		for (j = i; j > 0 && lv[j - 1] < lv[j]; j--) {
			uint32_t x = lv[j];

			lv[j] = lv[j - 1];
			lv[j - 1] = x;
		}
	/* fill the copy not in use, then switch to it: a program sees the
	 * old list or the new one, never a mix (updates are milliseconds
	 * apart, a program runs for a microsecond) */
	{
		uint32_t next = (r->skel->bss->levels_cur + 1) & 1;
		struct tlr_levels *l = &r->skel->bss->levels[next];

		for (i = 0; i < n; i++)
			l->level[i] = lv[i];
		l->n = n;
		__atomic_store_n(&r->skel->bss->levels_cur, next, __ATOMIC_SEQ_CST);
	}
	/* the programs' cached answers were for the old set */
	__atomic_fetch_add(&r->skel->bss->hot.gen, 1, __ATOMIC_SEQ_CST);
}

static int level_count(struct recorder *r, uint32_t level)
{
	uint32_t i, levels[TLR_MAX_LEVELS], n = 0, j;

	for (i = 0; i < r->nslots; i++) {
		struct rtrace *t = &r->slots[i];
		bool dup = false;

		if (!t->id || !t->live)
			continue;
		for (j = 0; j < n; j++)
			dup |= levels[j] == t->cg.level;
		if (!dup && n < TLR_MAX_LEVELS)
			levels[n++] = t->cg.level;
	}
	for (j = 0; j < n; j++)
		if (levels[j] == level)
			return (int)n;
	return (int)n + 1;
}

/*
 * The snapshot copy of trace t: one mapping for every CPU's blocks, kept
 * until the trace is removed, so that a dump copies each block once into
 * memory that is already mapped. The first write to a fresh page is what
 * costs: on our VM (paravirtual MMU) about 25 us per 4 KiB page, 110 ms
 * for 16 MiB, against 1 ms to copy 16 MiB into pages already written.
 * Huge pages where the kernel gives them, and every page written once here.
 */
static int alloc_copy(struct recorder *r, struct rtrace *t)
{
	size_t len = (size_t)r->ncpus * t->nblocks * TL_BLOCK_SIZE;
	void *p;

	if (t->copy)
		return 0;
	p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return -errno;
#ifdef MADV_HUGEPAGE
	madvise(p, len, MADV_HUGEPAGE);		/* a hint: may fail */
#endif
#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23			/* Linux 5.14 */
#endif
	madvise(p, len, MADV_POPULATE_WRITE);	/* 5.14+: huge pages at once */
	/* the kernel filling a page is not the same as this process having
	 * written it (a VM's shadow page tables): write each one */
	for (size_t off = 0; off < len; off += 4096)
		((volatile uint8_t *)p)[off] = 0;
	t->copy = p;
	t->copy_len = len;
	return 0;
}

static void free_trace(struct rtrace *t)
{
	if (t->copy)
		munmap(t->copy, t->copy_len);
	if (t->mem)
		munmap(t->mem, t->mem_len);
	if (t->own_fd)
		close(t->map_fd);
	free(t->name);
	for (uint32_t i = 0; i < t->nlabels; i++) {
		free((char *)t->labels[i].key);
		free((char *)t->labels[i].value);
	}
	free(t->labels);
	tlr_procsnap_free(&t->seen);
	memset(t, 0, sizeof(*t));
}

static int snap_cb(pid_t tid, void *ctx)
{
	tlr_procsnap_add(ctx, tid);	/* a thread that just ended is fine */
	return 0;
}

int recorder__add_cgroup(struct recorder *r, const struct tlr_cgroup *cg,
			 const struct recorder_trace_opts *o, char *err,
			 size_t errlen)
{
	uint64_t size = o && o->buffer_size ? o->buffer_size : DEFAULT_BUFFER_SIZE;
	struct tlr_state *st = NULL;
	struct rtrace *t = NULL;
	uint32_t slot, nblocks, i;
	int ret, key_fd;
	LIBBPF_OPTS(bpf_map_create_opts, mopts,
		    .map_flags = BPF_F_MMAPABLE | BPF_F_INNER_MAP);

	for (slot = 0; slot < r->nslots; slot++) {
		if (r->slots[slot].id && r->slots[slot].live &&
		    r->slots[slot].cg.id == cg->id) {
			tlr_errf(err, errlen, "cgroup '%s' is already traced",
				cg->rel);
			return -EEXIST;
		}
	}
	for (slot = 0; slot < r->nslots; slot++)
		if (!r->slots[slot].id)
			break;
	if (slot == r->nslots) {
		tlr_errf(err, errlen, "no free trace slot (%u in use)", r->nslots);
		return -ENOSPC;
	}
	if (r->single && cg->id != r->skel->rodata->fast_cgid) {
		tlr_errf(err, errlen, "this recorder traces one cgroup only");
		return -EINVAL;
	}
	if (!r->single && level_count(r, cg->level) > TLR_MAX_LEVELS) {
		tlr_errf(err, errlen, "traced cgroups at more than %d distinct levels",
			TLR_MAX_LEVELS);
		return -ENOSPC;
	}
	ret = size_to_nblocks(size, r->ncpus, &nblocks);
	if (ret) {
		tlr_errf(err, errlen, ret == -EINVAL ?
			"buffer size %llu below the minimum of 128 KiB" :
			"buffer size %llu too large",
			(unsigned long long)size);
		return ret;
	}
	if (r->single)
		nblocks = r->single_nblocks;	/* fixed when loading */

	t = &r->slots[slot];
	memset(t, 0, sizeof(*t));
	t->map_fd = -1;
	t->cg = *cg;
	t->kind = o && o->kind ? o->kind : TL_TRACE_CGROUP;
	t->nblocks = nblocks;
	t->name = strdup(o && o->name ? o->name : cg->rel);
	if (!t->name) {
		ret = -ENOMEM;
		goto fail;
	}
	if (o && o->nlabels) {
		t->labels = calloc(o->nlabels, sizeof(*t->labels));
		if (!t->labels) {
			ret = -ENOMEM;
			goto fail;
		}
		for (i = 0; i < o->nlabels; i++) {
			t->labels[i].key = strdup(o->labels[i].key);
			t->labels[i].value = strdup(o->labels[i].value);
			t->nlabels = i + 1;
			if (!t->labels[i].key || !t->labels[i].value) {
				ret = -ENOMEM;
				goto fail;
			}
		}
	}
	if (r->single) {
		t->map_fd = bpf_map__fd(r->skel->maps.ring0);
	} else {
		t->map_fd = bpf_map_create(BPF_MAP_TYPE_ARRAY, "tl_ring",
					   sizeof(__u32), TLR_ELEM_SIZE,
					   nblocks * r->ncpus, &mopts);
		t->own_fd = t->map_fd >= 0;
	}
	if (t->map_fd < 0) {
		ret = -errno;
		tlr_errf(err, errlen, "cannot create a %u x %u byte ring map: %s",
			nblocks * r->ncpus, TLR_ELEM_SIZE, strerror(errno));
		goto fail;
	}
	t->mem_len = (size_t)nblocks * r->ncpus * TLR_ELEM_SIZE;
	t->mem_len = (t->mem_len + 4095) & ~(size_t)4095;
	t->mem = mmap(NULL, t->mem_len, PROT_READ, MAP_SHARED | MAP_POPULATE,
		      t->map_fd, 0);
	if (t->mem == MAP_FAILED) {
		t->mem = NULL;
		ret = -errno;
		tlr_errf(err, errlen, "cannot map the ring: %s", strerror(errno));
		goto fail;
	}
	st = calloc(r->ncpus, sizeof(*st));
	if (!st) {
		ret = -ENOMEM;
		goto fail;
	}
	for (i = 0; i < r->ncpus; i++)
		st[i].nblocks_mask = nblocks - 1;
	if (bpf_map_update_elem(bpf_map__fd(r->skel->maps.state), &slot, st,
				BPF_ANY)) {
		ret = -errno;
		tlr_errf(err, errlen, "cannot reset the ring state: %s",
			strerror(errno));
		goto fail;
	}
	if (r->single)	/* the first CPUs' states are in the hot page */
		for (i = 0; i < r->ncpus && i < TLR_HOT_CPUS; i++)
			r->skel->bss->hot.cpu[i].st = st[i];
	key_fd = t->map_fd;
	if (!r->single &&
	    bpf_map_update_elem(bpf_map__fd(r->skel->maps.rings), &slot,
				&key_fd, BPF_ANY)) {
		ret = -errno;
		tlr_errf(err, errlen, "cannot install the ring: %s",
			strerror(errno));
		goto fail;
	}
	if (r->reserve_copy) {
		/* the ring mapping too: its pages were filled by the kernel but
		 * never read here, and reading one the first time costs as
		 * much as writing a fresh one (32 MiB: 100 ms in the dump) */
		for (size_t off = 0; off < t->mem_len; off += 4096)
			(void)((volatile const uint8_t *)t->mem)[off];
		ret = alloc_copy(r, t);
		if (ret) {
			tlr_errf(err, errlen, "cannot reserve %llu bytes for dumps: %s",
				(unsigned long long)r->ncpus * nblocks * TL_BLOCK_SIZE,
				strerror(-ret));
			goto fail;
		}
	}
	/* the /proc view of the cgroup before recording starts */
	tlr_cgroup_threads(cg->path, snap_cb, &t->seen);
	{
		struct tl_clock_snapshot c;

		tlr_clock_snapshot(&c);
		t->start_ns = c.boottime_ns;
	}
	if (!r->single) {
		if (bpf_map_update_elem(bpf_map__fd(r->skel->maps.cgroups),
					&t->cg.id, &slot, BPF_NOEXIST)) {
			ret = -errno;
			tlr_errf(err, errlen, "cannot add cgroup '%s': %s",
				cg->rel, strerror(errno));
			bpf_map_delete_elem(bpf_map__fd(r->skel->maps.rings), &slot);
			goto fail;
		}
	}
	t->live = true;
	t->id = r->next_id++;
	update_levels(r);
	free(st);
	return t->id;
fail:
	free(st);
	if (t)
		free_trace(t);
	return ret;
}

int recorder__stop(struct recorder *r, int id)
{
	struct rtrace *t = find_trace(r, id);
	struct tl_clock_snapshot c;

	if (!t)
		return -ENOENT;
	if (!t->live)
		return 0;
	if (!r->single)
		bpf_map_delete_elem(bpf_map__fd(r->skel->maps.cgroups), &t->cg.id);
	t->live = false;
	update_levels(r);
	tlr_clock_snapshot(&c);
	t->end_ns = c.boottime_ns;
	return 0;
}

int recorder__remove(struct recorder *r, int id)
{
	struct rtrace *t = find_trace(r, id);
	uint32_t slot;

	if (!t)
		return -ENOENT;
	recorder__stop(r, id);
	slot = (uint32_t)(t - r->slots);
	if (!r->single)
		bpf_map_delete_elem(bpf_map__fd(r->skel->maps.rings), &slot);
	free_trace(t);
	return 0;
}

int recorder__add_proc(struct recorder *r, int id, const struct tl_proc *p)
{
	struct rtrace *t = find_trace(r, id);

	if (!t)
		return -ENOENT;
	return tlr_procsnap_add_entry(&t->seen, p);
}

void recorder__free(struct recorder *r)
{
	uint32_t i;

	if (!r)
		return;
	if (r->skel)
		recorder__detach(r);
	for (i = 0; r->slots && i < r->nslots; i++)
		if (r->slots[i].id)
			free_trace(&r->slots[i]);
	ring_buffer__free(r->exits);
	recorder_bpf__destroy(r->skel);
	free(r->slots);
	free(r->filter);
	free(r);
}

/* ---------------------------------------------------------------- dump */

/* The per-CPU writer states of trace t (r->ncpus entries, malloc'ed). */
static struct tlr_state *read_states(struct recorder *r, struct rtrace *t,
				     int *err)
{
	uint32_t slot = (uint32_t)(t - r->slots);
	struct tlr_state *st = calloc(r->ncpus, sizeof(*st));

	if (!st) {
		*err = -ENOMEM;
		return NULL;
	}
	if (bpf_map_lookup_elem(bpf_map__fd(r->skel->maps.state), &slot, st)) {
		*err = -errno;
		free(st);
		return NULL;
	}
	/* single mode: the first CPUs' states are in the hot page, written
	 * by the programs while this reads them, field by field as the map
	 * copy above does (the dump orders its reads by block_seq) */
	if (r->single) {
		for (uint32_t c = 0; c < r->ncpus && c < TLR_HOT_CPUS; c++) {
			const volatile struct tlr_state *h =
				&r->skel->bss->hot.cpu[c].st;

			st[c].block_seq = __atomic_load_n(&h->block_seq,
							  __ATOMIC_ACQUIRE);
			st[c].off = h->off;
			st[c].idx = h->idx;
			st[c].nblocks_mask = h->nblocks_mask;
			st[c].busy = h->busy;
			st[c].nrec = h->nrec;
			st[c].lost_busy = h->lost_busy;
			st[c].lost_size = h->lost_size;
			st[c].lost_other = h->lost_other;
			st[c].ts_last = h->ts_last;
		}
	}
	return st;
}

static void fill_info(const struct rtrace *t, const struct tlr_state *st,
		      uint32_t ncpus, struct tl_ring_info *out)
{
	uint32_t c;

	for (c = 0; c < ncpus; c++) {
		struct tl_ring_info *ri = &out[c];

		memset(ri, 0, sizeof(*ri));
		ri->cpu = c;
		ri->kind = TL_RING_KIND_BLOCKS;
		ri->block_size = TL_BLOCK_SIZE;
		ri->nblocks = t->nblocks;
		ri->head_block = st[c].block_seq;
		ri->records = st[c].nrec + st[c].lost_busy;
		ri->lost_busy = st[c].lost_busy;
		ri->lost_size = st[c].lost_size;
		ri->lost_other = st[c].lost_other;
	}
}

int recorder__ring_info(struct recorder *r, int id, struct tl_ring_info *out)
{
	struct rtrace *t = find_trace(r, id);
	struct tlr_state *st;
	int err = 0;

	if (!t)
		return -ENOENT;
	st = read_states(r, t, &err);
	if (!st)
		return err;
	fill_info(t, st, r->ncpus, out);
	free(st);
	return 0;
}

/* ts of the last well-framed record in a block copy (0 if none). */
static uint64_t last_ts(const uint8_t *blk, uint32_t used)
{
	const uint8_t *p = blk + sizeof(struct tl_block_hdr), *end = p + used;
	uint64_t ts = 0;

	while (end - p >= (ptrdiff_t)sizeof(struct tl_rec_hdr)) {
		const struct tl_rec_hdr *h = (const void *)p;

		if (h->len < sizeof(*h) || h->len % 8 || h->len > end - p)
			break;
		ts = h->ts;
		p += h->len;
	}
	return ts;
}

/*
 * Copies one ring's blocks to out (nblocks * TL_BLOCK_SIZE bytes); returns
 * the bytes kept (valid blocks only, packed, oldest first).
 *
 * The blocks are taken newest first, from the block being written when the
 * writer state was read (st->block_seq) backwards, so that the oldest
 * blocks, the ones the writer recycles next, are copied last. Per block:
 * read block_seq and check it is the one expected, take the committed
 * length (the header's, or for the block being written the state's `off`),
 * copy, read block_seq again. The first block found recycled ends the copy:
 * every older block is gone too, and what was kept is one contiguous run of
 * blocks ending at the snapshot instant, so the decoder sees no gap.
 */
static size_t copy_ring(const struct rtrace *t, uint32_t cpu,
			const struct tlr_state *st, uint8_t *out)
{
	const size_t bsz = TL_BLOCK_SIZE;
	uint64_t cur = st->block_seq;
	uint32_t k, n = 0;

	for (k = 0; k < t->nblocks && cur > k; k++) {
		uint64_t seq = cur - k, s1, s2;
		uint32_t b = (uint32_t)((seq - 1) & (t->nblocks - 1));
		const uint8_t *e = t->mem +
			((size_t)cpu * t->nblocks + b) * TLR_ELEM_SIZE;
		const struct tl_block_hdr *h = (const void *)e;
		uint8_t *o = out + (size_t)(t->nblocks - 1 - k) * bsz;
		struct tl_block_hdr *oh = (void *)o;
		uint32_t used;

		s1 = __atomic_load_n(&h->block_seq, __ATOMIC_ACQUIRE);
		if (s1 != seq)
			break;
		used = __atomic_load_n(&h->used, __ATOMIC_ACQUIRE);
		/* the block being written: its length is in the state (the
		 * header's is 0 until the writer leaves it, then final) */
		if (k == 0 && st->off >= sizeof(*h) &&
		    st->off - (uint32_t)sizeof(*h) > used)
			used = st->off - (uint32_t)sizeof(*h);
		if (used > TL_BLOCK_DATA)
			used = TL_BLOCK_DATA;	/* the decoder flags the block */
		memcpy(oh, h, sizeof(*h));
		memcpy(o + sizeof(*h), e + sizeof(*h), used);
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		s2 = __atomic_load_n(&h->block_seq, __ATOMIC_ACQUIRE);
		if (s2 != seq)
			break;
		oh->block_seq = seq;
		oh->used = used;
		memset(o + sizeof(*h) + used, 0, TL_BLOCK_DATA - used);
		if (used) {
			uint64_t ts = last_ts(o, used);

			if (ts)
				oh->ts_last = ts;
		}
		n++;
	}
	if (n && n < t->nblocks)
		memmove(out, out + (size_t)(t->nblocks - n) * bsz, n * bsz);
	return (size_t)n * bsz;
}

void recorder__snapshot_free(struct recorder_snapshot *s)
{
	struct rtrace *t = s->lender;

	if (t)
		t->copy_busy = false;	/* the blocks are the trace's copy */
	else if (s->rings)
		free(s->copy);
	free(s->rings);
	free(s->info);
	memset(s, 0, sizeof(*s));
}

int recorder__snapshot(struct recorder *r, int id, struct recorder_snapshot *s)
{
	struct rtrace *t = find_trace(r, id);
	struct tlr_state *st = NULL;
	uint32_t c;
	int ret = 0;

	memset(s, 0, sizeof(*s));
	if (!t)
		return -ENOENT;
	s->rings = calloc(r->ncpus, sizeof(*s->rings));
	s->info = calloc(r->ncpus, sizeof(*s->info));
	if (!s->rings || !s->info) {
		ret = -ENOMEM;
		goto fail;
	}
	s->nrings = r->ncpus;
	/* the trace's own copy buffer unless a snapshot still holds it */
	if (!t->copy_busy && alloc_copy(r, t) == 0) {
		t->copy_busy = true;
		s->lender = t;
		s->copy = t->copy;
	} else {
		s->copy = malloc((size_t)r->ncpus * t->nblocks * TL_BLOCK_SIZE);
		if (!s->copy) {
			ret = -ENOMEM;
			goto fail;
		}
	}
	/* the writer states first: they give each current block's length */
	st = read_states(r, t, &ret);
	if (!st)
		goto fail;
	for (c = 0; c < r->ncpus; c++) {
		uint8_t *buf = s->copy + (size_t)c * t->nblocks * TL_BLOCK_SIZE;

		s->rings[c].cpu = c;
		s->rings[c].blocks = buf;
		s->rings[c].len = copy_ring(t, c, &st[c], buf);
	}
	/*
	 * The counters of the same instant: the copy stops where the states
	 * said the rings ended, so records written during the copy are
	 * neither kept nor counted (they would read as lost at the end). A
	 * record being written at that instant has its seq but is not in
	 * the copy: it is not counted either.
	 */
	for (c = 0; c < r->ncpus; c++)
		if (st[c].busy && st[c].nrec)
			st[c].nrec--;
	fill_info(t, st, r->ncpus, s->info);
	free(st);
	return 0;
fail:
	free(st);
	recorder__snapshot_free(s);
	return ret;
}

static int64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int snap_now_cb(pid_t tid, void *ctx)
{
	tlr_procsnap_add(ctx, tid);
	return 0;
}

int recorder__dump(struct recorder *r, struct tl_writer *w, const int *ids,
		   size_t n, const struct recorder_dump_opts *o)
{
	struct recorder_snapshot *snaps = NULL;
	struct tlr_procsnap *procs = NULL;
	struct tl_dump_trace *dt = NULL;
	struct recorder_dump_stats *stats = o ? o->stats : NULL;
	struct tl_machine m;
	struct utsname uts;
	size_t i, nt = 0;
	int64_t t0;
	int ret;

	if (stats)
		memset(stats, 0, sizeof(*stats));

	dt = calloc(r->nslots, sizeof(*dt));
	snaps = calloc(r->nslots, sizeof(*snaps));
	procs = calloc(r->nslots, sizeof(*procs));
	if (!dt || !snaps || !procs) {
		ret = -ENOMEM;
		goto out;
	}
	for (i = 0; i < r->nslots; i++) {
		struct rtrace *t = &r->slots[i];
		struct tl_dump_trace *d;
		bool want = n == 0;
		size_t k;

		if (!t->id)
			continue;
		for (k = 0; k < n; k++)
			want |= ids[k] == t->id;
		if (!want)
			continue;
		t0 = mono_ns();
		ret = recorder__snapshot(r, t->id, &snaps[nt]);
		if (ret)
			goto out;
		if (stats) {
			stats->copy_ns += mono_ns() - t0;
			for (k = 0; k < snaps[nt].nrings; k++)
				stats->copy_bytes += snaps[nt].rings[k].len;
			t0 = mono_ns();
		}
		if (t->live)
			tlr_cgroup_threads(t->cg.path, snap_now_cb, &procs[nt]);
		ret = tlr_procsnap_merge_old(&procs[nt], &t->seen);
		if (ret)
			goto out;
		if (stats)
			stats->procs_ns += mono_ns() - t0;
		d = &dt[nt];
		d->info.id = (uint32_t)t->id;
		d->info.kind = t->kind;
		d->info.name = t->name;
		d->info.cgroup_path = t->cg.rel;
		d->info.cgroup_id = t->cg.id;
		d->info.labels = t->labels;
		d->info.nlabels = t->nlabels;
		d->info.nrings = snaps[nt].nrings;
		d->info.rings = snaps[nt].info;
		d->info.start_ns = t->start_ns;
		d->info.end_ns = t->end_ns;
		d->procs = procs[nt].procs;
		d->nprocs = procs[nt].n;
		d->rings = snaps[nt].rings;
		d->nrings = snaps[nt].nrings;
		nt++;
	}
	memset(&m, 0, sizeof(m));
	tlr_machine_fill(&m, &uts);
	m.ncpus = r->ncpus;
	m.clock_start = r->clock_start;
	m.recorder = "tl-record " TL_VERSION;
	m.cmdline = o ? o->cmdline : NULL;
	m.snaplen = r->snaplen;
	m.no_data = r->no_data;
	m.buffer_size = 0;
	for (i = 0; i < r->nslots; i++)
		if (r->slots[i].id) {
			m.buffer_size = (uint64_t)r->slots[i].nblocks * TL_BLOCK_SIZE;
			break;
		}
	m.syscall_filter = r->filter;
	m.compress = o ? o->compress : NULL;
	for (i = 0; i < nt; i++)
		if (!dt[i].info.end_ns)
			dt[i].info.end_ns = m.clock_dump.boottime_ns;
	t0 = mono_ns();
	ret = tl_writer__write_dump(w, &m, dt, nt);
	if (stats)
		stats->write_ns = mono_ns() - t0;
out:
	for (i = 0; snaps && i < r->nslots; i++)
		recorder__snapshot_free(&snaps[i]);
	for (i = 0; procs && i < r->nslots; i++)
		tlr_procsnap_free(&procs[i]);
	free(snaps);
	free(procs);
	free(dt);
	return ret;
}
