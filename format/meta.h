/* SPDX-License-Identifier: MIT */
/*
 * meta.h - the TLV encoding of metadata chunk payloads (FORMAT.md §5.1)
 * and the encoders/decoders of MACHINE, SYSTABLE, TRACE, PROCS (§5.2-5.5)
 * and INDEX (§7.1). Internal to libtlz: writer.c encodes with these,
 * reader.c's tl_reader__parse_*() decode with them.
 *
 * Ownership: a struct tl_buf owns its bytes (tl_buf_release frees them).
 * Decoded structs live in the reader's arena (tl_arena) and stay valid
 * until the reader is closed.
 */
#ifndef TL_META_H
#define TL_META_H

#include <stddef.h>
#include <stdint.h>

#include "chunk.h"
#include "tl.h"

/* §5.1 tag numbers, per chunk type. */
enum {	/* MACHINE (§5.2) */
	TL_MT_ARCH = 1, TL_MT_KERNEL_RELEASE = 2, TL_MT_KERNEL_VERSION = 3,
	TL_MT_HOSTNAME = 4, TL_MT_PAGE_SIZE = 5, TL_MT_NCPUS = 6,
	TL_MT_BIG_ENDIAN = 7, TL_MT_LONG_SIZE = 8, TL_MT_RECORD_LAYOUT = 9,
	TL_MT_CLOCK_START = 10, TL_MT_CLOCK_DUMP = 11, TL_MT_RECORDER = 12,
	TL_MT_CMDLINE = 13, TL_MT_SNAPLEN = 14, TL_MT_NO_DATA = 15,
	TL_MT_BUFFER_SIZE = 16, TL_MT_SYSCALL_FILTER = 17, TL_MT_COMPRESS = 18,
};
enum {	/* SYSTABLE (§5.3) */
	TL_ST_ABI = 1, TL_ST_ARCH = 2, TL_ST_SYSCALL = 3,
	/* in TL_ST_SYSCALL */
	TL_SY_NR = 1, TL_SY_NAME = 2, TL_SY_CLASSES = 3, TL_SY_ARG = 4,
	/* in TL_SY_ARG */
	TL_SA_NAME = 1, TL_SA_TYPE = 2, TL_SA_FMT = 3, TL_SA_KIND = 4,
	TL_SA_LEN_ARG = 5, TL_SA_SIZE = 6,
};
enum {	/* TRACE (§5.4) */
	TL_TR_ID = 1, TL_TR_KIND = 2, TL_TR_NAME = 3, TL_TR_CGROUP_PATH = 4,
	TL_TR_CGROUP_ID = 5, TL_TR_LABEL = 6, TL_TR_RING = 7,
	TL_TR_START_NS = 8, TL_TR_END_NS = 9,
	/* in TL_TR_LABEL */
	TL_LB_KEY = 1, TL_LB_VALUE = 2,
	/* in TL_TR_RING */
	TL_RI_CPU = 1, TL_RI_KIND = 2, TL_RI_BLOCK_SIZE = 3, TL_RI_NBLOCKS = 4,
	TL_RI_HEAD_BLOCK = 5, TL_RI_RECORDS = 6, TL_RI_LOST_BUSY = 7,
	TL_RI_LOST_SIZE = 8, TL_RI_LOST_OTHER = 9,
};
enum {	/* PROCS (§5.5) */
	TL_PS_TRACE_ID = 1, TL_PS_PROC = 2,
	/* in TL_PS_PROC */
	TL_PR_TID = 1, TL_PR_PID = 2, TL_PR_PPID = 3, TL_PR_UID = 4,
	TL_PR_GID = 5, TL_PR_FLAGS = 6, TL_PR_EXIT_CODE = 7, TL_PR_COMM = 8,
	TL_PR_EXE = 9, TL_PR_CWD = 10, TL_PR_ARGV = 11, TL_PR_START_NS = 12,
};
enum {	/* INDEX (§7.1) */
	TL_IX_ENTRY_SIZE = 1, TL_IX_ENTRIES = 2,
};

/* §5.1 bounds */
#define TL_TLV_HDR_SIZE		8u
#define TL_TLV_MAX_DEPTH	3	/* chunk -> group -> group */
#define TL_META_STR_MAX		4096u	/* names, paths, hostnames, ... */
#define TL_META_NAME_MAX	256u	/* syscall/argument names, types, keys */
#define TL_META_LONG_MAX	(256u << 10)	/* cmdline, argv */
#define TL_META_MAX_LABELS	1024u
#define TL_META_MAX_RINGS	8192u
#define TL_META_MAX_SYSCALLS	65536u
#define TL_META_MAX_PROCS	(1u << 20)
#define TL_META_MAX_INDEX	(TL_MAX_CHUNK / 40u)

/* Growable byte buffer with a sticky error. */
struct tl_buf {
	uint8_t *p;
	size_t len, cap;
	int err;		/* first -errno, then every put is a no-op */
};

void tl_buf_release(struct tl_buf *b);
void tl_buf_put(struct tl_buf *b, const void *p, size_t n);

/* Bump allocator whose blocks are freed together. */
struct tl_arena {
	struct tl_arena_blk *head;
	size_t used;		/* bytes used in head */
};
/* Zeroed, 8-byte aligned memory; NULL on ENOMEM. */
void *tl_arena_alloc(struct tl_arena *a, size_t size);
void tl_arena_release(struct tl_arena *a);

/* Encoders: append the payload to b. 0 or -EINVAL (a value breaks a
 * bound of §5; the message says which) / -ENOMEM. */
int tl_meta_encode_machine(struct tl_buf *b, const struct tl_machine *m);
int tl_meta_encode_systable(struct tl_buf *b, const struct tl_systable *t);
int tl_meta_encode_trace(struct tl_buf *b, const struct tl_trace_info *t);
/* Encodes procs[0..n) for trace_id; *done is set to how many fit before
 * the payload reached `limit` bytes (at least one). */
int tl_meta_encode_procs(struct tl_buf *b, uint32_t trace_id,
			 const struct tl_proc *procs, size_t n, size_t limit,
			 size_t *done);
int tl_meta_encode_index(struct tl_buf *b, const struct tl_index_entry *e,
			 size_t n);

/* Decoders. `what` names the input and chunk for messages ("t.tlz:
 * MACHINE chunk at offset 80"); `strict` = check reserved fields (§1.3).
 * 0 or -EBADMSG (reported through pr_warn) / -ENOMEM. */
struct tl_meta_ctx {
	struct tl_arena *arena;
	const char *what;
	int strict;
};
int tl_meta_decode_machine(const struct tl_meta_ctx *mc, const void *p,
			   size_t len, struct tl_machine **out);
int tl_meta_decode_systable(const struct tl_meta_ctx *mc, const void *p,
			    size_t len, struct tl_systable **out);
int tl_meta_decode_trace(const struct tl_meta_ctx *mc, const void *p,
			 size_t len, struct tl_trace_info **out);
int tl_meta_decode_procs(const struct tl_meta_ctx *mc, const void *p,
			 size_t len, uint32_t *trace_id,
			 struct tl_proc **procs, size_t *n);
int tl_meta_decode_index(const struct tl_meta_ctx *mc, const void *p,
			 size_t len, struct tl_index_entry **e, size_t *n);

#endif /* TL_META_H */
