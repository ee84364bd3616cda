// SPDX-License-Identifier: MIT OR GPL-2.0-only
/*
 * recorder.bpf.c - the in-kernel half of tl-record.
 *
 * For every syscall of a traced cgroup (or a descendant of one) it writes
 * a SYS_ENTER and a SYS_EXIT record, and for process lifetimes FORK, EXEC
 * and EXIT records, straight into that trace's per-CPU block ring
 * (format/tl_record.h, ARCH.md §1). Nothing in user space runs per event;
 * user space reads the rings through mmap at dump time.
 *
 * Hot path: a cgroup check first (untraced tasks return here, at enter and
 * at exit): in single mode it reads one .bss page (struct tlr_hot), the
 * task, its css_set and its cgroup, and compares the cgroup's address with
 * the traced cgroup's (no helper call, no cgroup id: reading kn->id costs
 * one more page); for any other cgroup, and in levels mode (the daemon),
 * a per-CPU cache in the same page answers for the cgroup's address (not
 * reading the cgroup at all). Then the syscall's summary
 * byte (hot page; the capture table only for syscalls with captures), the
 * ring state (hot page in single mode, else an inlined per-CPU array
 * lookup), the busy flag (one xchg), the clock and the block (an inlined
 * lookup in ring0 in single mode, else one lookup in the trace's inner
 * map), then plain stores into the block.
 * Captures copy exactly the bytes the syscall names, bounded by the
 * per-argument maximum from the capture table (record/capture.c).
 *
 * Where the time goes on the project's machine (a PVM guest with PTI and
 * no PCID: the TLB is flushed on every kernel entry, so the first touch of
 * each page in a syscall costs 10-100 ns, code pages included; kvm-clock),
 * from `make bench` on 2026-11-23 (docs/PERFORMANCE.md, bench/analysis.md):
 * - the floor: empty programs on these two attach points cost every task
 *   1.10-1.16x; the same programs reading the clock once each (as every
 *   record must) 1.20-1.36x, 140-200 ns per syscall for the two reads.
 *   tl-record traced: 1.30-1.44x with data, 1.28-1.35x with --no-data,
 *   50-100 ns per syscall above that floor on getppid and write (two
 *   campaigns).
 * - bpf_stats per traced syscall (its own clock reads add ~40 ns per run):
 *   getppid 185 + 78 ns, write 278 + 80 (195 + 67 with --no-data: the
 *   64-byte copy of a user page the kernel never touches for /dev/null),
 *   pread 200 + 172 (256 bytes copied at exit); untraced tasks 86-114 +
 *   40-52 ns (the cache keyed by address, both modes alike).
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

#include "tl_record.h"
#include "recorder.bpf.h"

char LICENSE[] SEC("license") = "Dual MIT/GPL";

#define TS_COMPAT		0x0002		/* thread_info.status: 32-bit syscall */
#define X32_SYSCALL_BIT		0x40000000

#define barrier()		asm volatile("" ::: "memory")
#define WRITE_ONCE(x, v)	(*(volatile typeof(x) *)&(x) = (v))
#define READ_ONCE(x)		(*(volatile typeof(x) *)&(x))

/*
 * Load-time configuration. fast_cgid != 0: exactly one traced cgroup (and
 * its descendants), slot 0, the cheapest check (one-shot and single
 * --cgroup mode). Otherwise the cgroups map is searched at the levels in
 * levels[levels_cur] (runtime-changeable: a daemon adds and removes
 * traces; user space fills the other copy, then flips levels_cur, so a
 * program never sees a half-written list).
 */
const volatile __u64 fast_cgid = 0;
const volatile __u32 fast_level = 0;
const volatile __u32 filter_active = 0;	/* drop syscalls without TLR_SC_TRACED */
/* Single mode: tl-record created the traced cgroup and removes it only
 * after unloading the programs, so while they run its address belongs to
 * it: the address compare alone says traced (no serial number read, one
 * page fewer per traced syscall). */
const volatile __u32 cg_owned = 0;
/* Report whole-process exits with a non-zero status (killed by a signal,
 * exit(N != 0)) of traced tasks into `exits` (tl-record daemon
 * --dump-on-crash). Only sched_process_exit reads it: no per-syscall cost. */
const volatile __u32 exit_events = 0;

struct tlr_levels levels[2] = {};
__u32 levels_cur = 0;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, TLR_DEFAULT_SLOTS);
	__type(key, __u64);		/* cgroup id */
	__type(value, __u32);		/* trace slot */
} cgroups SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, TLR_DEFAULT_SLOTS);
	__type(key, __u32);
	__type(value, struct tlr_state);
} state SEC(".maps");

struct ring_map {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(map_flags, BPF_F_MMAPABLE | BPF_F_INNER_MAP);
	__uint(max_entries, 1);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, TLR_ELEM_SIZE);
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, TLR_DEFAULT_SLOTS);
	__type(key, __u32);
	__array(values, struct ring_map);
} rings SEC(".maps");

/* The ring of the single trace in single mode (resized before loading). */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(map_flags, BPF_F_MMAPABLE);
	__uint(max_entries, 1);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, TLR_ELEM_SIZE);
} ring0 SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct tlr_retry);
} retry SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, TLR_NABI * TLR_NR_MAX);
	__type(key, __u32);
	__type(value, struct tlr_sc);
} sctab SEC(".maps");

/* struct tlr_exit_event per reported exit (exit_events); user space
 * shrinks it to one page when exit_events is off. */
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 64 * 1024);
} exits SEC(".maps");

/* ------------------------------------------------------------ cgroups */

extern struct cgroup *bpf_cgroup_from_id(__u64 cgid) __ksym;
extern void bpf_cgroup_release(struct cgroup *cgrp) __ksym;

/* page-aligned: its header and nr64 share the first page (the verifier
 * and libbpf keep .bss's layout as the compiler gives it) */
struct tlr_hot hot __attribute__((aligned(4096))) = {};

/* First run on any CPU: copies the configuration into `hot` and looks up
 * the traced cgroup's address. Several CPUs may do it at once; they write
 * the same values, and the xchg publishes cg after serial. */
static __noinline int hot_setup(void)
{
	struct cgroup *c;

	if (!fast_cgid) {
		__sync_lock_test_and_set(&hot.mode, TLR_HOT_LEVELS);
		return 0;
	}
	c = bpf_cgroup_from_id(fast_cgid);
	if (c) {
		hot.serial = c->self.serial_nr;
		__sync_lock_test_and_set(&hot.cg, (__u64)c);
		bpf_cgroup_release(c);
	}
	__sync_lock_test_and_set(&hot.mode, TLR_HOT_SINGLE);
	return 0;
}

static __noinline int match_levels(__u32 *slot)
{
	const struct tlr_levels *lv = &levels[READ_ONCE(levels_cur) & 1];
	__u32 n = lv->n;
	int i;

	for (i = 0; i < TLR_MAX_LEVELS; i++) {
		__u64 id;
		__u32 *s;

		if (i >= n)
			break;
		id = bpf_get_current_ancestor_cgroup_id(lv->level[i]);
		if (!id)
			continue;
		s = bpf_map_lookup_elem(&cgroups, &id);
		if (s) {
			*slot = *s;
			return 1;
		}
	}
	return 0;
}

/*
 * This CPU's cached answer for the cgroup at `cg` in generation gen: 1
 * traced (*slot set), 0 not traced, -1 not cached. A pointer compare: the
 * cgroup itself is not read.
 */
static __always_inline int cgc_get(__u32 cpu, struct cgroup *cg, __u32 gen,
				   __u32 *slot)
{
	struct tlr_cgc *e;
	int i;

	if (cpu >= TLR_HOT_CPUS)
		return -1;
	e = hot.cpu[cpu].cgc;
	for (i = 0; i < TLR_CGC_N; i++) {
		if (e[i].cg == (__u64)cg && e[i].gen == gen) {
			if (!e[i].val)
				return 0;
			*slot = e[i].val - 1;
			return 1;
		}
	}
	return -1;
}

/* Keeps an answer, most recent first (the oldest entry goes). */
static __always_inline void cgc_put(__u32 cpu, struct cgroup *cg, __u32 gen,
				    int hit, __u32 slot)
{
	struct tlr_cgc *e;
	int i;

	if (cpu >= TLR_HOT_CPUS)
		return;
	e = hot.cpu[cpu].cgc;
	for (i = TLR_CGC_N - 1; i > 0; i--)
		e[i] = e[i - 1];
	e[0].cg = (__u64)cg;
	e[0].gen = gen;
	e[0].val = hit ? slot + 1 : 0;
}

/*
 * Levels mode (several traces, the daemon): the cached answer for the
 * task's cgroup, else match_levels() (a helper call and a hash lookup per
 * traced level) and the answer kept. gen is read before the cgroup's
 * address (see struct tlr_cgc) and before the search, so an answer
 * computed from an older traced set is never kept as a newer one.
 */
static __always_inline int match_cached(__u32 *slot)
{
	__u32 gen = READ_ONCE(hot.gen), cpu = bpf_get_smp_processor_id();
	struct task_struct *task;
	struct cgroup *cg;
	int hit;

	barrier();
	task = bpf_get_current_task_btf();
	cg = task->cgroups->dfl_cgrp;
	hit = cgc_get(cpu, cg, gen, slot);
	if (hit >= 0)
		return hit;
	hit = match_levels(slot);
	/* moved to another cgroup meanwhile: the answer is not this one's */
	if (task->cgroups->dfl_cgrp != cg)
		return hit;
	cgc_put(cpu, cg, gen, hit, *slot);
	return hit;
}

/* Single mode by cgroup id (the traced cgroup's address is not known). */
static __noinline int match_id(void)
{
	return bpf_get_current_ancestor_cgroup_id(fast_level) == fast_cgid;
}

/*
 * Is the current task in a traced cgroup? Sets *slot. Single mode: the
 * task's cgroup is the traced one, or is deeper and has it as ancestor
 * (read with a helper: only tasks below the traced level pay for it).
 */
static __always_inline int match(__u32 *slot)
{
	struct task_struct *task;
	struct cgroup *cg;
	__u64 want, anc = 0;
	__u32 lv, cpu, gen, mode = READ_ONCE(hot.mode);
	int hit;

	*slot = 0;
	if (mode != TLR_HOT_SINGLE) {
		if (mode == TLR_HOT_UNSET) {
			hot_setup();
			mode = READ_ONCE(hot.mode);
		}
		if (mode != TLR_HOT_SINGLE)
			return match_cached(slot);
	}
	want = READ_ONCE(hot.cg);
	if (!want)
		return match_id();
	gen = READ_ONCE(hot.gen);
	barrier();
	task = bpf_get_current_task_btf();
	cg = task->cgroups->dfl_cgrp;
	if ((__u64)cg == want)
		return cg_owned || cg->self.serial_nr == hot.serial;
	/* another cgroup: known from an earlier syscall on this CPU, or read
	 * (its level, its ancestor at the traced level) and kept */
	cpu = bpf_get_smp_processor_id();
	hit = cgc_get(cpu, cg, gen, slot);
	if (hit >= 0)
		return hit;
	hit = 0;
	lv = fast_level;
	if (cg->level > (int)lv) {
		lv &= 0xffff;
		if (!bpf_core_read(&anc, sizeof(anc), &cg->ancestors[lv]) &&
		    anc == want) {
			struct cgroup *a = (struct cgroup *)anc;

			hit = BPF_CORE_READ(a, self.serial_nr) == hot.serial;
		}
	}
	cgc_put(cpu, cg, gen, hit, 0);
	return hit;
}

/* --------------------------------------------------------------- ring */

struct wr {
	struct tlr_state *st;
	__u8 *blk;		/* the block (map element) */
	__u32 off;		/* record offset in the block */
	__u32 seq;
	__u64 ts;
};

/* Element `idx` of trace `slot`'s ring map. Single mode: the global ring
 * map (inlined lookup); otherwise the trace's map in `rings`. */
static __always_inline __u8 *block_at(__u32 slot, __u32 idx)
{
	void *inner;

	if (fast_cgid)	/* known at load time: the other path is removed */
		return bpf_map_lookup_elem(&ring0, &idx);
	inner = bpf_map_lookup_elem(&rings, &slot);
	if (!inner)
		return NULL;
	return bpf_map_lookup_elem(inner, &idx);
}

/*
 * Takes the ring of `slot` on this CPU and makes room for a record of at
 * most `w` bytes. 0: wr is set, the caller writes at wr->blk + wr->off and
 * calls ring_commit(). Otherwise the record is dropped, counted, and has
 * consumed its seq.
 *
 * The current block's committed length lives in the per-CPU state (off),
 * not in the block header: one page fewer touched per record. A block's
 * header gets its final `used` and ts_last when the writer leaves it; the
 * dump takes the current block's length from the state (recorder.c).
 */
static __always_inline int ring_begin(__u32 slot, __u32 w, struct wr *wr)
{
	struct tlr_state *st;
	struct tl_block_hdr *h;
	__u8 *blk;
	__u32 off, cpu = bpf_get_smp_processor_id(), idx;
	__u64 ts, seq, bs;

	/* single mode: the state is in the hot page (known at load time) */
	if (fast_cgid && cpu < TLR_HOT_CPUS)
		st = &hot.cpu[cpu].st;
	else
		st = bpf_map_lookup_elem(&state, &slot);
	if (!st)
		return -1;
	if (__sync_lock_test_and_set(&st->busy, 1)) {
		__sync_fetch_and_add(&st->lost_busy, 1);
		return -1;
	}
	ts = bpf_ktime_get_boot_ns();
	seq = ++st->nrec + READ_ONCE(st->lost_busy);
	if (w > TL_BLOCK_DATA) {
		st->lost_size++;
		goto drop;
	}
	off = st->off;
	if (st->block_seq && off + w <= TL_BLOCK_SIZE) {
		blk = block_at(slot, st->idx);
		if (!blk)
			goto other;
		goto out;
	}
	/* leaving the current block: publish its final length */
	if (st->block_seq) {
		blk = block_at(slot, st->idx);
		if (!blk)
			goto other;
		h = (void *)blk;
		h->ts_last = st->ts_last;
		WRITE_ONCE(h->used, off - (__u32)sizeof(*h));
	}
	bs = st->block_seq + 1;
	idx = cpu * (st->nblocks_mask + 1) + ((__u32)(bs - 1) & st->nblocks_mask);
	blk = block_at(slot, idx);
	if (!blk)
		goto other;
	h = (void *)blk;
	/* Recycle: invalidate, rewrite the header, publish the new block_seq
	 * last; a reader comparing block_seq before and after its copy sees
	 * the change. xchg = full barrier. */
	__sync_lock_test_and_set(&h->block_seq, 0);
	h->magic = TL_BLOCK_MAGIC;
	h->used = 0;
	h->first_seq = (__u32)seq;
	h->cpu = cpu;
	h->ts_first = ts;
	h->ts_last = ts;
	h->reserved[0] = 0;
	h->reserved[1] = 0;
	h->reserved[2] = 0;
	__sync_lock_test_and_set(&h->block_seq, bs);
	st->off = sizeof(struct tl_block_hdr);
	barrier();
	st->idx = idx;
	WRITE_ONCE(st->block_seq, bs);
	off = sizeof(struct tl_block_hdr);
out:
	wr->st = st;
	wr->blk = blk;
	wr->off = off;
	wr->seq = (__u32)seq;
	wr->ts = ts;
	return 0;
other:
	st->lost_other++;
drop:
	barrier();
	WRITE_ONCE(st->busy, 0);
	return -1;
}

/* Publishes a record of `len` bytes (multiple of 8) and releases the ring. */
static __always_inline void ring_commit(struct wr *wr, __u32 len)
{
	struct tlr_state *st = wr->st;

	st->ts_last = wr->ts;
	barrier();
	WRITE_ONCE(st->off, wr->off + len);
	barrier();
	WRITE_ONCE(st->busy, 0);
}

/* tid/pid read from the task we already have: no helper call */
static __always_inline void fill_hdr(struct tl_rec_hdr *rh, struct wr *wr,
				     __u16 type, struct task_struct *task)
{
	rh->type = type;
	rh->seq = wr->seq;
	rh->ts = wr->ts;
	rh->tid = task->pid;
	rh->pid = task->tgid;
}

/* ----------------------------------------------------------- captures */

/*
 * Zeroes the padding after `n` data bytes that start at blk + pos (up to
 * the next multiple of 8), so that old ring bytes never leak into a record.
 */
static __always_inline void zero_pad(__u8 *blk, __u32 pos, __u32 n)
{
	__u32 r = n & 7, p = pos + (n & ~7u);

	if (r && p <= TL_BLOCK_SIZE + TLR_MAX_COPY) {
		__u64 *w = (__u64 *)(blk + p);

		*w &= (1ull << (r * 8)) - 1;	/* little-endian: low bytes first */
	}
}

/* Drops a record after ring_begin() succeeded (a bound check failed). */
static __always_inline void ring_abort(struct wr *wr)
{
	wr->st->lost_other++;
	barrier();
	WRITE_ONCE(wr->st->busy, 0);
}

/*
 * Copies a user string of at most `max` characters to dst (which has room
 * for max + 1 bytes). Returns the characters kept; sets *flags (TRUNC,
 * FAULT) and *full (characters when complete, else 0).
 */
static __always_inline __u32 copy_str(__u8 *dst, __u32 max, const void *src,
				      __u8 *flags, __u32 *full)
{
	__u32 sz = max + 1;
	long r;

	if (sz > TLR_MAX_COPY)
		sz = TLR_MAX_COPY;
	if (sz < 1)
		sz = 1;
	r = bpf_probe_read_user_str(dst, sz, src);
	if (r <= 0) {
		*flags |= TL_CAPTF_FAULT;
		*full = 0;
		return 0;
	}
	if ((__u32)r == sz) {
		/* buffer full: exactly sz - 1 characters, or more? */
		char c = 1;

		if (bpf_probe_read_user(&c, 1, (const char *)src + sz - 1) || c) {
			*flags |= TL_CAPTF_TRUNC;
			*full = 0;
			return sz - 1;
		}
	}
	*full = (__u32)r - 1;
	return (__u32)r - 1;
}

/* Copies min(full, max) bytes; returns the bytes kept. */
static __always_inline __u32 copy_buf(__u8 *dst, __u64 full, __u32 max,
				      const void *src, __u8 *flags)
{
	__u32 n = max;

	if (full < max)
		n = (__u32)full;
	else if (full > max)
		*flags |= TL_CAPTF_TRUNC;
	if (n > TLR_MAX_COPY)
		n = TLR_MAX_COPY;
	if (n && bpf_probe_read_user(dst, n, src)) {
		*flags |= TL_CAPTF_FAULT;
		return 0;
	}
	return n;
}

static __always_inline __u32 clamp32(__u64 v)
{
	return v > 0xffffffffull ? 0xffffffffu : (__u32)v;
}

struct argv_ctx {
	__u8 *blk;
	__u64 base;		/* user address of the pointer array */
	__u32 psize;		/* 8 or 4 (i386) */
	__u32 pos;		/* absolute offset of the next string in blk */
	__u32 room;		/* bytes left for strings */
	__u32 count;		/* non-NULL pointers seen */
	__u32 copy;		/* still copying strings */
	__u8 flags;
	__u8 done;		/* NULL found */
};

static __always_inline int read_ptr(struct argv_ctx *x, __u32 i, __u64 *p)
{
	*p = 0;
	return bpf_probe_read_user(p, x->psize == 4 ? 4 : 8,
				   (const void *)(x->base + (__u64)i * x->psize));
}

static int argv_step(__u32 i, struct argv_ctx *x)
{
	__u64 p;
	__u32 pos, sz;
	long r;

	if (read_ptr(x, i, &p)) {
		x->flags |= TL_CAPTF_FAULT;
		return 1;
	}
	if (!p) {
		x->done = 1;
		return 1;
	}
	x->count++;
	if (!x->copy)
		return 0;
	if (i >= TLR_ARGV_MAX_ARGS || x->room == 0) {
		x->copy = 0;
		x->flags |= TL_CAPTF_TRUNC;
		return 0;
	}
	pos = x->pos;
	if (pos > TL_BLOCK_SIZE)
		return 1;
	sz = x->room;
	if (sz > TLR_MAX_COPY)
		sz = TLR_MAX_COPY;
	if (sz < 1)
		sz = 1;
	r = bpf_probe_read_user_str(x->blk + pos, sz, (const void *)p);
	if (r <= 0) {
		x->flags |= TL_CAPTF_FAULT;
		x->copy = 0;
		return 0;
	}
	if ((__u32)r == sz) {
		/* the buffer is full: the string was cut (or fits exactly);
		 * keep what fits, stop copying */
		x->flags |= TL_CAPTF_TRUNC;
		x->copy = 0;
	}
	x->pos += (__u32)r;
	x->room -= (__u32)r;
	return 0;
}

/*
 * execve-style argv at `base`: NUL-terminated strings back to back, at most
 * `max` bytes; returns the bytes kept, sets *full = argc (counted up to
 * TLR_COUNT_MAX) and *flags. With max == 0 only counts (envp).
 */
static __always_inline __u32 copy_argv(__u8 *blk, __u32 pos, __u64 base,
				       __u32 max, __u8 abi, __u8 *flags,
				       __u32 *full)
{
	struct argv_ctx x = {
		.blk = blk,
		.base = base,
		.psize = abi == TL_ABI_I386 ? 4 : 8,
		.pos = pos,
		.room = max,
		.copy = max != 0,
	};

	bpf_loop(TLR_COUNT_MAX, argv_step, &x, 0);
	if (!x.done && !(x.flags & TL_CAPTF_FAULT))
		x.flags |= TL_CAPTF_TRUNC;	/* more than TLR_COUNT_MAX */
	*flags |= x.flags;
	*full = x.count;
	return x.pos - pos;
}

/*
 * Bytes ioctl's argument points to for the requests the recorder knows,
 * read at exit for those that return a value and at enter for those that
 * take one; 0 for any other request, whose argument may not even be a
 * pointer. The numbers are the asm-generic ones (x86_64, i386, arm64).
 */
static __always_inline __u32 ioctl_size(__u32 req, int at_exit)
{
	switch (req) {
	case 0x541b:		/* FIONREAD */
	case 0x5411:		/* TIOCOUTQ */
	case 0x540f:		/* TIOCGPGRP */
	case 0x5429:		/* TIOCGSID */
	case 0x80045430:	/* TIOCGPTN */
		return at_exit ? 4 : 0;
	case 0x5413:		/* TIOCGWINSZ: struct winsize */
		return at_exit ? 8 : 0;
	case 0x5421:		/* FIONBIO */
	case 0x5452:		/* FIOASYNC */
	case 0x5410:		/* TIOCSPGRP */
		return at_exit ? 0 : 4;
	case 0x5414:		/* TIOCSWINSZ */
		return at_exit ? 0 : 8;
	}
	return 0;
}

/* Enter captures that can be read again at exit (the kernel does not
 * change them). */
static __always_inline int retryable(__u8 kind)
{
	return kind == TLR_K_STR || kind == TLR_K_BUF_ARG ||
	       kind == TLR_K_BUF_SIZE || kind == TLR_K_BUF_ARGN;
}

/*
 * One capture at blk->b + pos. A global function: the verifier checks it
 * once, not once per loop iteration and call site. Returns the bytes it
 * took (header + padded data), 0 when the argument has nothing to capture,
 * -1 when it could not be read at enter (to be read again at exit).
 */
__noinline int capture_one(struct tlr_elem *blk, __u32 pos,
			   const struct tlr_capt_spec *cs,
			   const struct tlr_args *args)
{
	struct tl_capt *c;
	__u8 *dst;
	__u32 len = 0, full = 0, max, abi;
	__u8 kind, ck = TL_CAPT_BUF, flags = 0;
	__u64 a, l;
	long ret;

	if (!blk || !cs || !args || pos > TL_BLOCK_SIZE)
		return 0;
	ret = args->ret;
	abi = args->abi;
	kind = cs->kind;
	max = cs->max;
	a = args->a[cs->arg & 7];
	if (!a)
		return 0;	/* NULL pointer: nothing to read */
	c = (struct tl_capt *)(blk->b + pos);
	dst = blk->b + pos + sizeof(*c);

	switch (kind) {
	case TLR_K_STR:
	case TLR_K_X_STR:
		ck = TL_CAPT_STR;
		len = copy_str(dst, max, (const void *)a, &flags, &full);
		break;
	case TLR_K_BUF_ARG:
	case TLR_K_X_BUF_ARG:
		l = args->a[cs->len_arg & 7];
		if (abi == TL_ABI_I386)
			l = (__u32)l;
		full = clamp32(l);
		len = copy_buf(dst, l, max, (const void *)a, &flags);
		break;
	case TLR_K_BUF_SIZE:
	case TLR_K_X_BUF_SIZE:
		full = cs->size;
		len = copy_buf(dst, cs->size, max, (const void *)a, &flags);
		break;
	case TLR_K_BUF_ARGN:
	case TLR_K_X_BUF_ARGN:
		l = args->a[cs->len_arg & 7];
		if (abi == TL_ABI_I386)
			l = (__u32)l;
		l = l > 0xffffffffull ? l : l * cs->size;
		full = clamp32(l);
		len = copy_buf(dst, l, max, (const void *)a, &flags);
		break;
	case TLR_K_LEN_ARG:
		ck = TL_CAPT_LEN;
		l = args->a[cs->len_arg & 7];
		full = clamp32(abi == TL_ABI_I386 ? (__u32)l : l);
		break;
	case TLR_K_LEN_ARGN:
		ck = TL_CAPT_LEN;
		l = args->a[cs->len_arg & 7];
		if (abi == TL_ABI_I386)
			l = (__u32)l;
		full = clamp32(l > 0xffffffffull ? l : l * cs->size);
		break;
	case TLR_K_ARGV:
		ck = TL_CAPT_ARGV;
		len = copy_argv(blk->b, pos + sizeof(*c), a, max, abi, &flags,
				&full);
		break;
	case TLR_K_COUNT:
		ck = TL_CAPT_COUNT;
		copy_argv(blk->b, pos + sizeof(*c), a, 0, abi, &flags, &full);
		break;
	case TLR_K_FDSET:
	case TLR_K_X_FDSET:
		/* what the kernel copies: nfds bits in whole longs */
		l = args->a[cs->len_arg & 7];
		l = (__s32)l > 0 ? (__u32)l : 0;
		l = abi == TL_ABI_I386 ? (l + 31) / 32 * 4 : (l + 63) / 64 * 8;
		full = clamp32(l);
		len = copy_buf(dst, l, max, (const void *)a, &flags);
		break;
	case TLR_K_X_BUF_RET:
		full = clamp32(ret);
		len = copy_buf(dst, ret, max, (const void *)a, &flags);
		break;
	case TLR_K_X_BUF_RETN:
		l = (__u64)ret * cs->size;
		full = clamp32(l);
		len = copy_buf(dst, l, max, (const void *)a, &flags);
		break;
	case TLR_K_X_BUF_PLEN: {
		__u32 plen = 0;

		if (bpf_probe_read_user(&plen, sizeof(plen),
					(const void *)args->a[cs->len_arg & 7])) {
			flags |= TL_CAPTF_FAULT;
			break;
		}
		full = plen;
		len = copy_buf(dst, plen, max, (const void *)a, &flags);
		break;
	}
	case TLR_K_IOCTL:
	case TLR_K_X_IOCTL:
		full = ioctl_size((__u32)args->a[1], kind == TLR_K_X_IOCTL);
		if (!full)
			return 0;	/* not a request we know, or not now */
		len = copy_buf(dst, full, max, (const void *)a, &flags);
		break;
	case TLR_K_X_LEN_RET:
		ck = TL_CAPT_LEN;
		full = clamp32(ret);
		break;
	case TLR_K_X_LEN_RETN:
		ck = TL_CAPT_LEN;
		full = clamp32((__u64)ret * cs->size);
		break;
	default:
		return 0;
	}
	if ((flags & TL_CAPTF_FAULT) && !args->at_exit && retryable(kind) &&
	    !(cs->flags & TLR_CS_NORETRY))
		return -1;	/* read it again at exit */
	if (len > TL_MAX_ARGV_BYTES)
		len = 0;	/* cannot happen: every copy is bounded */
	zero_pad(blk->b, pos + sizeof(*c), len);
	if (kind >= TLR_K_FIRST_EXIT || args->at_exit)
		flags |= TL_CAPTF_EXIT;
	c->arg = cs->arg;
	c->kind = ck | flags;
	c->len = (__u16)len;
	c->full_len = full;
	return sizeof(*c) + TL_CAPT_ALIGN(len);
}

/*
 * Writes the captures c[first, first + n) at pos; returns the end offset.
 * With only != 0: just the enter captures of the arguments in that mask
 * (the retry at exit). *retry gets the arguments whose capture faulted.
 */
static __always_inline __u32 capture(__u8 *blk, __u32 pos,
				     const struct tlr_sc *sc, __u32 first,
				     __u32 n, const struct tlr_args *args,
				     __u8 only, __u8 *ncapt, __u8 *retry)
{
	__u32 i;

	for (i = 0; i < 6; i++) {	/* at most six per record */
		const struct tlr_capt_spec *cs;
		__u32 k = first + i;
		int w;

		if (i >= n || k >= TLR_SC_NCAPT)
			break;
		cs = &sc->c[k];
		if (only && (!retryable(cs->kind) ||
			     !((only >> (cs->arg & 7)) & 1)))
			continue;
		w = capture_one((struct tlr_elem *)blk, pos, cs, args);
		if (w > 0) {
			pos += w;
			(*ncapt)++;
		} else if (w < 0) {
			*retry |= 1 << (cs->arg & 7);
		}
	}
	return pos;
}

/* ----------------------------------------------------------- syscalls */

static __always_inline __u8 sys_abi(struct task_struct *t, long id, __u32 *nr)
{
	if (t->thread_info.status & TS_COMPAT) {
		*nr = (__u32)id;
		return TL_ABI_I386;
	}
	/* orig_ax is -1 after rt_sigreturn (no restart): not an x32 call */
	if (id >= 0 && (id & X32_SYSCALL_BIT)) {
		*nr = (__u32)id & ~X32_SYSCALL_BIT;
		return TL_ABI_X32;
	}
	*nr = (__u32)id;
	return TL_ABI_X86_64;
}

static __always_inline void sys_args(struct pt_regs *regs, __u8 abi,
				     struct tlr_args *x)
{
	__u64 *args = x->a;

	if (abi == TL_ABI_I386) {
		args[0] = (__u32)regs->bx;
		args[1] = (__u32)regs->cx;
		args[2] = (__u32)regs->dx;
		args[3] = (__u32)regs->si;
		args[4] = (__u32)regs->di;
		args[5] = (__u32)regs->bp;
	} else {
		args[0] = regs->di;
		args[1] = regs->si;
		args[2] = regs->dx;
		args[3] = regs->r10;
		args[4] = regs->r8;
		args[5] = regs->r9;
	}
	args[6] = 0;
	args[7] = 0;
	x->abi = abi;
	x->at_exit = 0;
}

static __always_inline const struct tlr_sc *sys_entry(__u8 abi, __u32 nr)
{
	__u32 key;

	if (nr >= TLR_NR_MAX || abi >= TLR_NABI)
		return NULL;
	key = abi * TLR_NR_MAX + nr;
	return bpf_map_lookup_elem(&sctab, &key);
}

/*
 * The summary byte (TLR_NI_*) of (abi, nr): for x86_64 from the hot page,
 * without reading the capture table; for the other ABIs from the table
 * entry, which is then left in *sc (else *sc is NULL: call sys_entry()
 * when the captures are needed).
 */
static __always_inline __u8 sys_info(__u8 abi, __u32 nr,
				     const struct tlr_sc **sc)
{
	const struct tlr_sc *e;

	*sc = NULL;
	if (abi == TL_ABI_X86_64 && nr < TLR_NR_MAX)
		return hot.nr64[nr];
	e = sys_entry(abi, nr);
	if (!e)
		return 0;
	*sc = e;
	return tlr_sc_info(e);
}

SEC("tp_btf/sys_enter")
int BPF_PROG(tl_sys_enter, struct pt_regs *regs, long id)
{
	const struct tlr_sc *sc;
	struct tl_rec_sys_enter *r;
	struct task_struct *task;
	struct wr wr;
	struct tlr_args args;
	__u32 slot, nr, w, end;
	__u8 abi, info, ncapt = 0, rmask = 0;

	if (!match(&slot))
		return 0;
	task = bpf_get_current_task_btf();
	abi = sys_abi(task, id, &nr);
	info = sys_info(abi, nr, &sc);
	if (filter_active && !(info & TLR_NI_TRACED))
		return 0;
	if ((info & TLR_NI_ENTER) && !sc)
		sc = sys_entry(abi, nr);
	w = sc ? sc->w_enter : sizeof(*r);
	if (w < sizeof(*r))
		w = sizeof(*r);
	if (ring_begin(slot, w, &wr))
		return 0;
	if (wr.off > TL_BLOCK_SIZE - sizeof(*r)) {
		ring_abort(&wr);	/* cannot happen: w was checked */
		return 0;
	}
	r = (void *)(wr.blk + wr.off);
	sys_args(regs, abi, &args);
	fill_hdr(&r->h, &wr, TL_REC_SYS_ENTER, task);
	r->nr = (__u16)nr;
	r->abi = abi;
	r->pad = 0;
	/* registers the syscall does not take hold leftovers: stored as 0
	 * (they mean nothing, and zeros compress) */
	if (info & TLR_NI_KNOWN) {
		__u8 n = info & TLR_NI_NARGS;

		r->args[0] = n > 0 ? args.a[0] : 0;
		r->args[1] = n > 1 ? args.a[1] : 0;
		r->args[2] = n > 2 ? args.a[2] : 0;
		r->args[3] = n > 3 ? args.a[3] : 0;
		r->args[4] = n > 4 ? args.a[4] : 0;
		r->args[5] = n > 5 ? args.a[5] : 0;
	} else {
		r->args[0] = args.a[0];
		r->args[1] = args.a[1];
		r->args[2] = args.a[2];
		r->args[3] = args.a[3];
		r->args[4] = args.a[4];
		r->args[5] = args.a[5];
	}
	end = wr.off + sizeof(*r);
	if (sc && sc->nenter) {
		args.ret = 0;
		end = capture(wr.blk, end, sc, 0, sc->nenter, &args, 0, &ncapt,
			      &rmask);
	}
	r->ncapt = ncapt;
	r->h.len = (__u16)(end - wr.off);
	ring_commit(&wr, end - wr.off);
	if (rmask) {
		struct tlr_retry *rt;

		rt = bpf_task_storage_get(&retry, task, 0,
					  BPF_LOCAL_STORAGE_GET_F_CREATE);
		if (rt) {
			if (!rt->mask)	/* one count per pending mask */
				__sync_fetch_and_add(&hot.retries, 1);
			rt->nr = nr;
			rt->abi = abi;
			rt->mask = rmask;
		}
	}
	return 0;
}

/* Drops the task's pending retry mask, if any, and its count. */
static __always_inline void retry_drop(struct task_struct *task)
{
	struct tlr_retry *rt;

	rt = bpf_task_storage_get(&retry, task, 0, 0);
	if (!rt || !rt->mask)
		return;
	rt->mask = 0;
	__sync_fetch_and_sub(&hot.retries, 1);
}

SEC("tp_btf/sys_exit")
int BPF_PROG(tl_sys_exit, struct pt_regs *regs, long ret)
{
	const struct tlr_sc *sc;
	struct tl_rec_sys_exit *r;
	struct task_struct *task;
	struct wr wr;
	struct tlr_args args;
	__u32 slot, nr, w, end;
	__u8 abi, info, ncapt = 0, rmask = 0, unused = 0;

	if (!match(&slot))
		return 0;
	task = bpf_get_current_task_btf();
	abi = sys_abi(task, regs->orig_ax, &nr);
	info = sys_info(abi, nr, &sc);
	if (filter_active && !(info & TLR_NI_TRACED))
		return 0;
	/* task storage only while some task has a retry pending: hot.retries
	 * counts the pending masks (most of the time none) */
	if ((info & TLR_NI_RETRY) && READ_ONCE(hot.retries)) {
		struct tlr_retry *rt = bpf_task_storage_get(&retry, task, 0, 0);

		if (rt && rt->mask) {
			if (!sc)
				sc = sys_entry(abi, nr);
			if (sc && rt->nr == nr && rt->abi == abi &&
			    !((sc->flags & TLR_SC_EXEC) && ret == 0))
				rmask = rt->mask;
			rt->mask = 0;
			__sync_fetch_and_sub(&hot.retries, 1);
		}
	}
	/* the capture table only for captures: most exits have none */
	if (!sc && (rmask || ((info & TLR_NI_EXIT) && ret >= 0)))
		sc = sys_entry(abi, nr);
	w = sc && ret >= 0 ? sc->w_exit : sizeof(*r);
	if (w < sizeof(*r))
		w = sizeof(*r);
	if (rmask && sc)
		w += sc->w_retry;
	if (ring_begin(slot, w, &wr))
		return 0;
	if (wr.off > TL_BLOCK_SIZE - sizeof(*r)) {
		ring_abort(&wr);
		return 0;
	}
	r = (void *)(wr.blk + wr.off);
	fill_hdr(&r->h, &wr, TL_REC_SYS_EXIT, task);
	r->nr = (__u16)nr;
	r->abi = abi;
	r->pad = 0;
	r->ret = ret;
	end = wr.off + sizeof(*r);
	if (sc && ((sc->nexit && ret >= 0) || rmask)) {
		sys_args(regs, abi, &args);
		args.ret = ret;
		args.at_exit = 1;
		if (rmask)
			end = capture(wr.blk, end, sc, 0, sc->nenter, &args,
				      rmask, &ncapt, &unused);
		if (sc->nexit && ret >= 0)
			end = capture(wr.blk, end, sc, sc->nenter, sc->nexit,
				      &args, 0, &ncapt, &unused);
	}
	r->ncapt = ncapt;
	r->h.len = (__u16)(end - wr.off);
	ring_commit(&wr, end - wr.off);
	return 0;
}

/* ---------------------------------------------------------- processes */

/* Any cgroup removed: its address may be given to a new cgroup once it is
 * freed (after the programs running now), so the cached answers, keyed by
 * address, are dropped (struct tlr_cgc). Rare: one add per rmdir. */
SEC("tp_btf/cgroup_rmdir")
int BPF_PROG(tl_cg_rmdir, struct cgroup *cgrp, const char *path)
{
	__sync_fetch_and_add(&hot.gen, 1);
	return 0;
}

SEC("tp_btf/sched_process_fork")
int BPF_PROG(tl_fork, struct task_struct *parent, struct task_struct *child)
{
	struct tl_rec_fork *r;
	struct wr wr;
	__u32 slot;

	if (!match(&slot))
		return 0;
	if (ring_begin(slot, sizeof(*r), &wr))
		return 0;
	if (wr.off > TL_BLOCK_SIZE - sizeof(*r)) {
		ring_abort(&wr);
		return 0;
	}
	r = (void *)(wr.blk + wr.off);
	fill_hdr(&r->h, &wr, TL_REC_FORK, parent);
	r->h.len = sizeof(*r);
	r->child_tid = child->pid;
	r->child_pid = child->tgid;
	__builtin_memset(r->comm, 0, sizeof(r->comm));
	bpf_get_current_comm(r->comm, sizeof(r->comm));
	ring_commit(&wr, sizeof(*r));
	return 0;
}

SEC("tp_btf/sched_process_exec")
int BPF_PROG(tl_exec, struct task_struct *p, pid_t old_pid,
	     struct linux_binprm *bprm)
{
	struct tl_rec_exec *r;
	struct tl_capt *c;
	struct wr wr;
	__u32 slot, len = 0, end;
	__u8 flags = 0;
	long n;

	if (!match(&slot))
		return 0;
	if (ring_begin(slot, sizeof(*r) + sizeof(*c) +
			     TL_CAPT_ALIGN(TL_MAX_STR + 1), &wr))
		return 0;
	if (wr.off > TL_BLOCK_SIZE - sizeof(*r) - sizeof(*c)) {
		ring_abort(&wr);
		return 0;
	}
	r = (void *)(wr.blk + wr.off);
	fill_hdr(&r->h, &wr, TL_REC_EXEC, p);
	r->old_tid = old_pid;
	r->pad = 0;
	__builtin_memset(r->comm, 0, sizeof(r->comm));
	bpf_get_current_comm(r->comm, sizeof(r->comm));
	c = (void *)(r + 1);
	n = bpf_probe_read_kernel_str((__u8 *)(c + 1), TL_MAX_STR + 1,
				      bprm->filename);
	if (n <= 0) {
		flags = TL_CAPTF_FAULT;
	} else {
		len = (__u32)n - 1;
		if (len >= TL_MAX_STR)
			flags = TL_CAPTF_TRUNC;
		zero_pad(wr.blk, wr.off + sizeof(*r) + sizeof(*c), len);
	}
	c->arg = 0;
	c->kind = TL_CAPT_STR | flags;
	c->len = (__u16)len;
	c->full_len = flags ? 0 : len;
	r->h.len = sizeof(*r) + sizeof(*c) + TL_CAPT_ALIGN(len);
	end = r->h.len;
	ring_commit(&wr, end);
	return 0;
}

SEC("tp_btf/sched_process_exit")
int BPF_PROG(tl_exit, struct task_struct *p, bool group_dead)
{
	struct tl_rec_exit *r;
	struct wr wr;
	__u32 slot;

	/* a thread that ends inside a syscall whose retry was pending (its
	 * sys_exit never runs) gives its count back */
	if (READ_ONCE(hot.retries))
		retry_drop(p);
	if (!match(&slot))
		return 0;
	if (ring_begin(slot, sizeof(*r), &wr))
		goto notify;
	if (wr.off > TL_BLOCK_SIZE - sizeof(*r)) {
		ring_abort(&wr);
		goto notify;
	}
	r = (void *)(wr.blk + wr.off);
	fill_hdr(&r->h, &wr, TL_REC_EXIT, p);
	r->h.len = sizeof(*r);
	r->exit_code = p->exit_code;
	r->flags = group_dead ? TL_EXITF_GROUP_DEAD : 0;
	__builtin_memset(r->comm, 0, sizeof(r->comm));
	bpf_get_current_comm(r->comm, sizeof(r->comm));
	ring_commit(&wr, sizeof(*r));
notify:
	/* after the EXIT record is committed: a dump it triggers has it */
	if (exit_events && group_dead && p->exit_code) {
		struct tlr_exit_event e = {};

		e.slot = slot;
		e.pid = bpf_get_current_pid_tgid() >> 32;
		e.exit_code = p->exit_code;
		e.ts = bpf_ktime_get_boot_ns();
		bpf_get_current_comm(e.comm, sizeof(e.comm));
		bpf_ringbuf_output(&exits, &e, sizeof(e), 0);
	}
	return 0;
}
