/* SPDX-License-Identifier: MIT */
/*
 * recorder.bpf.h - what bpf/recorder.bpf.c and record/ share besides the ring
 * layout (format/tl_record.h): the per-CPU ring state, the in-kernel
 * capture table and the sizes of the ring maps.
 *
 * Includes nothing: the includer provides __u8 ... __u64 (vmlinux.h in
 * BPF, <linux/types.h> in user space) and tl_record.h. Not stored in files:
 * this is the recorder's private ABI between its two halves, which are
 * always built together.
 */
#ifndef TL_RECORDER_BPF_H
#define TL_RECORDER_BPF_H

/*
 * Ring maps. Each trace slot owns one BPF_MAP_TYPE_ARRAY (BPF_F_MMAPABLE)
 * of ncpus * nblocks elements; CPU c's ring is elements [c * nblocks,
 * (c + 1) * nblocks). An element is a TL_BLOCK_SIZE block followed by a
 * guard that is never written: the verifier cannot relate a record's
 * runtime offset to the runtime length of a copy, so every copy is bounded
 * by constants (offset <= TL_BLOCK_SIZE, length <= TLR_MAX_COPY) and the
 * guard makes any such copy provably inside the element. The runtime
 * check (offset + worst-case record size <= TL_BLOCK_SIZE) keeps every
 * record inside the block itself. The dump copies the first TL_BLOCK_SIZE
 * bytes of each element.
 */
#define TLR_MAX_COPY		(TL_MAX_STR + 1)	/* longest single copy */
#define TLR_GUARD		(TLR_MAX_COPY + 8 + 80 + 7)
#define TLR_ELEM_SIZE		((TL_BLOCK_SIZE + TLR_GUARD + 7) & ~7u)

/* A ring map element and a syscall's registers, as global BPF functions
 * take them (sized pointers). a[6] and a[7] are zero. */
struct tlr_elem {
	__u8 b[TLR_ELEM_SIZE];
};

struct tlr_args {
	__u64 a[8];
	__s64 ret;		/* at exit */
	__u32 abi;
	__u32 at_exit;		/* 1 in sys_exit: captures get TL_CAPTF_EXIT */
};

/*
 * An input string or buffer that cannot be read at enter (its page is not
 * present yet: a literal in a binary's .rodata, a page not touched since
 * fork; BPF cannot fault pages in) is left out of the SYS_ENTER record and
 * read again at exit, after the kernel has faulted it in; the SYS_EXIT
 * record then carries it with TL_CAPTF_EXIT. The pending arguments live in
 * task-local storage. (execve's argv is not retried: on success the old
 * memory is gone; the EXEC record has the file name.)
 */
struct tlr_retry {
	__u32 nr;
	__u8 abi;
	__u8 mask;		/* arguments to read again at exit */
	__u16 pad;
};

/* Slots (traces) the maps are sized for by default. */
#define TLR_DEFAULT_SLOTS	64

/* Distinct cgroup levels searched for descendant matching. */
#define TLR_MAX_LEVELS		8

/* Levels of the traced cgroups, deepest first (the most specific cgroup
 * wins); two copies in BPF's .bss, the one in use named by levels_cur,
 * written by user space through the mmapped .bss. */
struct tlr_levels {
	__u32 n;
	__u32 level[TLR_MAX_LEVELS];
};


/*
 * Per-CPU, per-slot writer state (PERCPU_ARRAY `state` indexed by slot;
 * in single mode tlr_hot.cpu[cpu].st instead, for CPUs below TLR_HOT_CPUS).
 * Written only by the BPF programs after user space initialised it
 * (nblocks_mask); read by user space at dump time for the loss counters.
 * One cache line (64 bytes).
 */
struct tlr_state {
	__u64 block_seq;	/* current block's block_seq, 0 = none yet */
	__u32 off;		/* committed end of the current block: its
				 * header's `used` is off - 64 (the header is
				 * written only when the writer leaves it) */
	__u32 idx;		/* element index of the current block */
	__u32 nblocks_mask;	/* nblocks - 1 (nblocks a power of two) */
	__u32 busy;		/* writer active on this CPU (xchg) */
	__u64 nrec;		/* records given a seq by a writer that held
				 * the ring: written + lost_size + lost_other */
	__u64 lost_busy;	/* dropped: ring busy (atomic adds) */
	__u64 lost_size;	/* dropped: record larger than a block */
	__u64 lost_other;	/* dropped: block lookup failed */
	__u64 ts_last;		/* ts of the last committed record */
};

/*
 * In-kernel capture kinds (tlr_capt_spec.kind), derived in user space from
 * the syscall tables' argument kinds (record/capture.c).
 */
enum {
	TLR_K_NONE = 0,
	/* at enter */
	TLR_K_STR,		/* string, up to `max` characters */
	TLR_K_BUF_ARG,		/* bytes, length = args[len_arg] */
	TLR_K_BUF_SIZE,		/* bytes, length = size */
	TLR_K_BUF_ARGN,		/* bytes, length = args[len_arg] * size */
	TLR_K_LEN_ARG,		/* no bytes (--no-data), length = args[len_arg] */
	TLR_K_LEN_ARGN,		/* no bytes, length = args[len_arg] * size */
	TLR_K_ARGV,		/* NULL-terminated string array */
	TLR_K_COUNT,		/* NULL-terminated pointer array, counted */
	TLR_K_FDSET,		/* fd_set: args[len_arg] bits in whole longs */
	TLR_K_IOCTL,		/* ioctl's argument, bytes the request passes
				 * (FIONBIO's int, TIOCSWINSZ's winsize) */
	/* at exit; only when ret >= 0 */
	TLR_K_X_STR,		/* string */
	TLR_K_X_BUF_RET,	/* bytes, length = ret */
	TLR_K_X_BUF_SIZE,	/* bytes, length = size */
	TLR_K_X_BUF_RETN,	/* bytes, length = ret * size */
	TLR_K_X_BUF_PLEN,	/* bytes, length = *(int *)args[len_arg] */
	TLR_K_X_BUF_ARGN,	/* bytes, length = args[len_arg] * size */
	TLR_K_X_BUF_ARG,	/* bytes, length = args[len_arg] */
	TLR_K_X_LEN_RET,	/* no bytes (--no-data), length = ret */
	TLR_K_X_LEN_RETN,	/* no bytes, length = ret * size */
	TLR_K_X_FDSET,		/* fd_set as the call left it */
	TLR_K_X_IOCTL,		/* ioctl's argument, bytes the request returns
				 * (FIONREAD's int, TIOCGWINSZ's winsize) */
	TLR_K_MAX,
};
#define TLR_K_FIRST_EXIT	TLR_K_X_STR

/* tlr_capt_spec.flags */
#define TLR_CS_NORETRY		0x1	/* an enter capture of an argument the
					 * call writes back (in/out): not read
					 * again at exit, which would see the
					 * call's result instead */

struct tlr_capt_spec {
	__u8 arg;		/* argument index 0..5 */
	__u8 kind;		/* TLR_K_* */
	__u8 len_arg;		/* argument holding the length/count */
	__u8 flags;		/* TLR_CS_* */
	__u16 size;		/* struct or element size */
	__u16 max;		/* bytes (strings: characters) kept at most */
};

/* tlr_sc.flags */
#define TLR_SC_TRACED		0x1	/* passes the syscall filter */
#define TLR_SC_RETRY		0x2	/* has enter captures that can be retried */
#define TLR_SC_EXEC		0x4	/* success replaces the memory image:
					 * no retry at exit when ret == 0 */
#define TLR_SC_KNOWN		0x8	/* in the syscall table: nargs is valid */

/* Syscall numbers per ABI in the table; larger ones are recorded without
 * captures (and dropped when a filter is active). */
#define TLR_NR_MAX		1024
#define TLR_NABI		4	/* indexed by TL_ABI_* < 4 */

/* Capture specs per syscall: an argument has at most one at enter and one
 * at exit (in/out kinds have both: pselect6 takes nine), and a record at
 * most six (tl_record.h). */
#define TLR_SC_NCAPT		12

struct tlr_sc {
	__u8 flags;		/* TLR_SC_* */
	__u8 nenter;		/* enter captures: c[0, nenter) */
	__u8 nexit;		/* exit captures: c[nenter, nenter + nexit) */
	__u8 nargs;		/* arguments the syscall takes (TLR_SC_KNOWN):
				 * the other registers are stored as 0 */
	__u16 w_enter;		/* worst-case SYS_ENTER record size */
	__u16 w_exit;		/* worst-case SYS_EXIT record size */
	__u16 w_retry;		/* added to w_exit when captures are retried */
	__u16 pad2;
	struct tlr_capt_spec c[TLR_SC_NCAPT];
	__u32 pad3;
};

/* CPUs whose per-CPU part lives in the hot .bss area (struct tlr_hot);
 * others use the `state` map (single mode) or skip the cache (levels). */
#define TLR_HOT_CPUS		256

/* Cached cgroup answers per CPU (one cache line). */
#define TLR_CGC_N		4

/*
 * One cached answer of the cgroup check on one CPU: is the cgroup at
 * address `cg` traced, and in which slot (val: slot + 1, 0 = not traced),
 * valid while tlr_hot.gen == gen. The address is safe as a key because
 * gen changes whenever any cgroup is removed (tl_cg_rmdir), before that
 * cgroup can be freed and its address given to another: the programs run
 * in an RCU read-side section, which a cgroup's freeing waits for, and
 * read gen before the address.
 */
struct tlr_cgc {
	__u64 cg;
	__u32 gen;
	__u32 val;
};

/* The per-CPU part of the hot area: two cache lines. */
struct tlr_hot_cpu {
	struct tlr_state st;		/* single mode: slot 0's writer state */
	struct tlr_cgc cgc[TLR_CGC_N];	/* most recent first */
};

/*
 * What every syscall of every task reads first, at the start of .bss,
 * page-aligned. On this kind of machine (PTI without PCID: the TLB is
 * flushed on every kernel entry) each distinct page the programs touch
 * costs 10-50 ns, so a syscall's programs read, besides the task, its
 * css_set and its cgroup, only this page on the common paths:
 * - the check: in single mode the task's cgroup is compared with the
 *   traced cgroup's address, no cgroup id read (cgroup->kn->id is one more
 *   page); otherwise, and in levels mode (the daemon), a small per-CPU
 *   cache answers for the task's cgroup address (no read of the cgroup);
 * - nr64: a summary byte per x86_64 syscall (TLR_NI_*), so that syscalls
 *   without captures never read the capture table (sctab);
 * - single mode: the ring's per-CPU writer state.
 * The programs set the header up on their first run from the load-time
 * configuration; user space writes nr64 before attaching, the per-CPU
 * states before attaching (single mode), and bumps `gen` whenever the
 * traced cgroups change (every cached answer is dropped).
 */
struct tlr_hot {
	__u64 cg;		/* single mode: address of the traced cgroup
				 * (0: unknown, compare ids instead) */
	__u64 serial;		/* its css serial_nr: never reused, so a freed
				 * cgroup's address taken by a new cgroup does
				 * not match */
	__u32 mode;		/* TLR_HOT_* */
	__u32 gen;		/* cache generation: bumped by user space when
				 * the traced set changes, and by tl_cg_rmdir */
	__u32 retries;		/* tasks with a retry pending (struct
				 * tlr_retry.mask set): sys_exit reads task
				 * storage only when this is not 0 */
	__u32 pad1;
	__u64 pad[4];		/* the per-CPU part starts on a cache line */
	__u8 nr64[TLR_NR_MAX];	/* TLR_NI_* per x86_64 syscall number */
	struct tlr_hot_cpu cpu[TLR_HOT_CPUS];
};
#define TLR_HOT_UNSET		0	/* first run: set up from .rodata */
#define TLR_HOT_SINGLE		1	/* one traced cgroup (fast_cgid) */
#define TLR_HOT_LEVELS		2	/* the cgroups map at levels[] */

/* tlr_hot.nr64 bits: what a syscall needs besides its registers. */
#define TLR_NI_NARGS		0x07	/* arguments it takes (TLR_NI_KNOWN) */
#define TLR_NI_KNOWN		0x08	/* in the syscall table */
#define TLR_NI_TRACED		0x10	/* passes the syscall filter */
#define TLR_NI_ENTER		0x20	/* has enter captures */
#define TLR_NI_EXIT		0x40	/* has exit captures */
#define TLR_NI_RETRY		0x80	/* enter captures may be retried at exit */

/* The nr64 summary byte of a capture table entry. */
static inline __u8 tlr_sc_info(const struct tlr_sc *sc)
{
	__u8 i = 0;

	if (sc->flags & TLR_SC_KNOWN)
		i |= TLR_NI_KNOWN | (sc->nargs & TLR_NI_NARGS);
	if (sc->flags & TLR_SC_TRACED)
		i |= TLR_NI_TRACED;
	if (sc->nenter)
		i |= TLR_NI_ENTER;
	if (sc->nexit)
		i |= TLR_NI_EXIT;
	if (sc->flags & TLR_SC_RETRY)
		i |= TLR_NI_RETRY;
	return i;
}

/* A whole process of a traced cgroup ended with a non-zero wait status
 * (sched_process_exit, group_dead; only when exit_events is set): what
 * tl-record daemon --dump-on-crash waits for, through the `exits` ring
 * buffer, without reading any record. */
struct tlr_exit_event {
	__u32 slot;		/* trace slot */
	__u32 pid;
	__s32 exit_code;	/* wait(2) status */
	__u32 pad;
	__u64 ts;		/* CLOCK_BOOTTIME ns */
	char comm[16];
};

/* Bounds of the argv capture. */
#define TLR_ARGV_MAX_ARGS	64	/* strings copied */
#define TLR_COUNT_MAX		1024	/* pointers counted (argc, envc) */

#endif /* TL_RECORDER_BPF_H */
