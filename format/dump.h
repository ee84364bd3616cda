/* SPDX-License-Identifier: MIT */
/*
 * dump.h - the parts of tl_writer__write_dump() the decoder shares (it
 * can decode an in-memory dump the same way a file is written): which
 * ABIs the rings use, the process table merged from the /proc snapshot
 * and the rings' FORK/EXEC/EXIT records, and the plan of RING chunks in
 * time order. Not part of the public API.
 */
#ifndef TL_DUMP_H
#define TL_DUMP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tl.h"

/* One RING chunk to write: up to TL_RING_CHUNK_BLOCKS blocks of one ring,
 * in block_seq order. */
struct tl_ring_group {
	uint32_t trace;			/* index in traces[] */
	uint32_t ring;			/* index in traces[trace].rings[] */
	uint32_t nblocks;
	uint64_t ts_min;		/* smallest record ts (else ts_first) */
	uint64_t seq0;			/* block_seq of the first block */
	const uint8_t *blocks[TL_RING_CHUNK_BLOCKS];
};

/* The chunk plan: every ring's valid written blocks sorted by block_seq,
 * cut into groups, all groups ordered by (ts_min, trace, cpu, seq0).
 * Damaged blocks are left out, counted in *nbad (may be NULL) and, when
 * `name` is not NULL, reported as "NAME: trace T cpu C: ...". *groups is
 * malloc'ed (free() it). 0 or -ENOMEM / -EINVAL. */
int tl_dump__plan(const struct tl_dump_trace *traces, size_t ntraces,
		  bool be, const char *name, size_t *nbad,
		  struct tl_ring_group **groups, size_t *ngroups);

/* ABIs used by the syscall records of all rings: abis[TL_ABI_*] = true. */
void tl_dump__abis(const struct tl_dump_trace *traces, size_t ntraces,
		   bool be, bool abis[TL_ABI_MAX]);

/* A merged process table (procs[] sorted by tid; strings borrowed from
 * the snapshot or owned here). */
struct tl_dump_procs {
	struct tl_proc *procs;
	size_t n;
	char (*comm)[17];		/* comm storage for procs[] */
};
int tl_dump__procs(const struct tl_dump_trace *t, bool be,
		   struct tl_dump_procs *out);
void tl_dump__procs_release(struct tl_dump_procs *p);

#endif /* TL_DUMP_H */
