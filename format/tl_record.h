/* SPDX-License-Identifier: MIT */
/*
 * tl_record.h - the in-kernel ring layout, shared by bpf/recorder.bpf.c
 * (writer) and format/ (decoder). The ring bytes are stored verbatim in
 * .tlz files, so this layout is part of the file format (FORMAT.md §6):
 * change it only together with TL_RECORD_LAYOUT_VERSION.
 *
 * Includes nothing: the includer provides __u8 ... __u64 / __s32 / __s64
 * (vmlinux.h in BPF, <linux/types.h> in user space). All fields are
 * little-endian on x86_64/aarch64 (the ring byte order is recorded in the
 * file's MACHINE chunk), naturally aligned, with explicit padding.
 */
#ifndef TL_RECORD_H
#define TL_RECORD_H

#define TL_RECORD_LAYOUT_VERSION 1

/*
 * A ring is one per-CPU, per-trace sequence of fixed-size blocks, written
 * oldest-overwritten-first. Records never straddle blocks; a block holds a
 * tl_block_hdr followed by `used` bytes of records, each 8-byte aligned.
 * When a record does not fit in the rest of the current block the writer
 * starts the next block (wrapping, overwriting the oldest one).
 */
#define TL_BLOCK_SIZE		65536u
#define TL_BLOCK_MAGIC		0x4b4c4254u	/* "TBLK" little-endian */

/* Ring kinds (FORMAT.md §6.1); only the block ring is written today. */
#define TL_RING_KIND_BLOCKS	1	/* this file's block ring, layout v1 */

struct tl_block_hdr {
	__u32 magic;		/* TL_BLOCK_MAGIC */
	__u32 used;		/* bytes of committed records after this header */
	__u64 block_seq;	/* 1-based number of this block on its ring;
				 * 0 = never written */
	__u32 first_seq;	/* seq of the first record in the block */
	__u32 cpu;		/* CPU that owns the ring */
	__u64 ts_first;		/* ts of the first record */
	__u64 ts_last;		/* ts of the last committed record */
	__u64 reserved[3];	/* zero */
};
_Static_assert(sizeof(struct tl_block_hdr) == 64, "tl_block_hdr is 64 bytes");

#define TL_BLOCK_DATA		(TL_BLOCK_SIZE - sizeof(struct tl_block_hdr))

/* Record types (tl_rec_hdr.type). */
enum {
	TL_REC_SYS_ENTER	= 1,	/* struct tl_rec_sys_enter + captures */
	TL_REC_SYS_EXIT		= 2,	/* struct tl_rec_sys_exit + captures */
	TL_REC_FORK		= 3,	/* struct tl_rec_fork */
	TL_REC_EXEC		= 4,	/* struct tl_rec_exec + 1 capture (filename) */
	TL_REC_EXIT		= 5,	/* struct tl_rec_exit (task exit) */
};

/*
 * Every record starts with this header. `seq` counts records per ring
 * (per trace, per CPU) from 1; a record the writer had to drop (ring busy,
 * record too large) still consumes a sequence number, so a gap between two
 * consecutive records of a ring is exactly the number of records lost there,
 * and the first retained seq minus 1 is the number overwritten before it.
 */
struct tl_rec_hdr {
	__u16 type;		/* TL_REC_* */
	__u16 len;		/* whole record incl. captures; multiple of 8 */
	__u32 seq;		/* per-ring record sequence number, from 1 */
	__u64 ts;		/* CLOCK_BOOTTIME ns (bpf_ktime_get_boot_ns) */
	__u32 tid;		/* kernel pid of the thread */
	__u32 pid;		/* kernel tgid */
};
_Static_assert(sizeof(struct tl_rec_hdr) == 24, "tl_rec_hdr is 24 bytes");

/* ABI of a syscall record: which syscall table its nr belongs to. */
enum {
	TL_ABI_UNKNOWN	= 0,
	TL_ABI_X86_64	= 1,
	TL_ABI_I386	= 2,	/* x86 32-bit compat (int 0x80, sysenter, syscall32) */
	TL_ABI_X32	= 3,
	TL_ABI_AARCH64	= 4,
	TL_ABI_ARM	= 5,	/* aarch32 compat */
	TL_ABI_MAX	= 6,
};

struct tl_rec_sys_enter {
	struct tl_rec_hdr h;
	__u16 nr;		/* syscall number in `abi`'s table */
	__u8 abi;		/* TL_ABI_* */
	__u8 ncapt;		/* captures that follow */
	__u32 pad;		/* zero */
	__u64 args[6];		/* raw register arguments; tl-record stores 0
				 * for registers beyond the syscall's argument
				 * count when its table knows the syscall */
};
_Static_assert(sizeof(struct tl_rec_sys_enter) == 80, "sys_enter is 80 bytes");

struct tl_rec_sys_exit {
	struct tl_rec_hdr h;
	__u16 nr;
	__u8 abi;
	__u8 ncapt;
	__u32 pad;
	__s64 ret;		/* raw return value (-4095..-1 = -errno) */
};
_Static_assert(sizeof(struct tl_rec_sys_exit) == 40, "sys_exit is 40 bytes");

/*
 * A capture: user memory copied for one argument, followed by `len` bytes
 * of data and zero padding to a multiple of 8.
 */
struct tl_capt {
	__u8 arg;		/* argument index 0..5 */
	__u8 kind;		/* TL_CAPT_* (low 4 bits) | TL_CAPTF_* */
	__u16 len;		/* data bytes that follow */
	__u32 full_len;		/* see TL_CAPT_*; 0 = unknown */
};
_Static_assert(sizeof(struct tl_capt) == 8, "tl_capt is 8 bytes");

enum {
	/* NUL-terminated string; data holds the characters without the NUL;
	 * full_len = characters when complete, 0 when TRUNC. */
	TL_CAPT_STR	= 1,
	/* raw bytes; full_len = the length the syscall named (count, ret,
	 * struct size), data = its first min(full_len, snaplen) bytes. */
	TL_CAPT_BUF	= 2,
	/* execve-style argv: data = NUL-terminated strings back to back;
	 * full_len = argc (elements before the NULL, counted up to a bound). */
	TL_CAPT_ARGV	= 3,
	/* count of a NULL-terminated pointer array (envp); len = 0,
	 * full_len = count. */
	TL_CAPT_COUNT	= 4,
	/* buffer contents deliberately not captured (--no-data); len = 0,
	 * full_len = the length the syscall named. */
	TL_CAPT_LEN	= 5,
};
#define TL_CAPT_KIND_MASK	0x0f
#define TL_CAPTF_TRUNC		0x10	/* data is shorter than the original */
#define TL_CAPTF_FAULT		0x20	/* reading user memory failed; len 0 */
#define TL_CAPTF_EXIT		0x40	/* captured at syscall exit */
/*
 * Input captures (strings, paths, input buffers) are normally in the
 * SYS_ENTER record. One whose user page was not present at enter (BPF
 * cannot fault pages in) is left out of SYS_ENTER and read again at exit:
 * it is then in the SYS_EXIT record with TL_CAPTF_EXIT (and its usual
 * kind). A consumer looking for an argument's capture should therefore
 * take the enter one if present, else the exit one.
 */

#define TL_CAPT_ALIGN(n)	(((n) + 7u) & ~7u)

/* Static bounds the writer never exceeds (bounds checked by the reader). */
#define TL_MAX_STR		4096u	/* paths: PATH_MAX */
#define TL_MAX_SNAPLEN		4096u	/* -s/--snaplen upper bound */
#define TL_MAX_ARGV_BYTES	8192u	/* whole argv capture */
#define TL_MAX_CAPT_PER_REC	6u

struct tl_rec_fork {
	struct tl_rec_hdr h;	/* tid/pid: the parent */
	__u32 child_tid;
	__u32 child_pid;	/* == child_tid for a new process, else a thread */
	char comm[16];		/* parent's (and child's) comm at fork */
};
_Static_assert(sizeof(struct tl_rec_fork) == 48, "tl_rec_fork is 48 bytes");

struct tl_rec_exec {
	struct tl_rec_hdr h;	/* tid/pid after exec (tid == pid) */
	__u32 old_tid;		/* tid that called execve (differs when a
				 * non-leader thread exec'd) */
	__u32 pad;
	char comm[16];		/* comm after exec */
	/* followed by one tl_capt (TL_CAPT_STR, arg 0): bprm->filename */
};
_Static_assert(sizeof(struct tl_rec_exec) == 48, "tl_rec_exec is 48 bytes");

struct tl_rec_exit {
	struct tl_rec_hdr h;
	__s32 exit_code;	/* wait(2) status: (code << 8) or signal
				 * (| 0x80 core dumped) */
	__u32 flags;		/* TL_EXITF_* */
	char comm[16];
};
_Static_assert(sizeof(struct tl_rec_exit) == 48, "tl_rec_exit is 48 bytes");

#define TL_EXITF_GROUP_DEAD	0x1	/* last thread: the process ended */

#endif /* TL_RECORD_H */
