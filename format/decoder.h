/* SPDX-License-Identifier: MIT */
/*
 * decoder.h - decoder entry points that are not part of the public API:
 * decoding a dump held in memory (the arguments tl_writer__write_dump()
 * takes) without writing a file. Used by tests and benchmarks to check
 * the decoder on its own, and by tools that want to look at rings
 * before (or instead of) writing them.
 */
#ifndef TL_DECODER_H
#define TL_DECODER_H

#include "tl.h"

/*
 * Adds an in-memory dump as one input, decoded exactly as the file
 * tl_writer__write_dump() would write (same PROCS merge, same chunk
 * order). Syscall names come from `systables` (by ABI; NULL entries or a
 * NULL array: no table for that ABI). Everything passed in is borrowed
 * and must outlive the decoder. 0 or -errno.
 */
int tl_decoder__add_dump(struct tl_decoder *d, const char *name,
			 const struct tl_machine *m,
			 const struct tl_systable *const *systables,
			 const struct tl_dump_trace *traces, size_t ntraces);

#endif /* TL_DECODER_H */
