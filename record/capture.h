/* SPDX-License-Identifier: MIT */
/*
 * capture.h - builds the in-kernel capture table (struct tlr_sc per ABI and
 * syscall number, bpf/recorder.h) from the syscall tables' argument kinds
 * (format/systable.h), the snap length, --no-data and the syscall filter.
 * Pure computation: no BPF, no I/O.
 */
#ifndef TLR_CAPTURE_H
#define TLR_CAPTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/types.h>

#include "tl.h"
#include "recorder.bpf.h"

#define TLR_SCTAB_LEN	(TLR_NABI * TLR_NR_MAX)

/* Sockaddr bytes kept (sizeof(struct sockaddr_storage)). */
#define TLR_SOCKADDR_MAX	128

struct tlr_capture_opts {
	uint32_t snaplen;	/* bytes of strings and buffers (1..TL_MAX_SNAPLEN) */
	bool no_data;		/* buffers: lengths only (TL_CAPT_LEN) */
	const char *filter;	/* "openat,write" or NULL/"" = every syscall */
	/* tables by ABI; NULL entries: tl_systable_builtin() */
	const struct tl_systable *tables[TLR_NABI];
};

/*
 * Fills tab[TLR_SCTAB_LEN] (index abi * TLR_NR_MAX + nr). Returns 0,
 * -EINVAL for a bad option or a filter name found in no table (err gets
 * "unknown syscall 'foo'"), -ENOENT when there is no table at all.
 */
int tlr_capture_build(const struct tlr_capture_opts *o, struct tlr_sc *tab,
		      char *err, size_t errlen);

/* The captures of one argument into spec[0..1]; returns how many: 0
 * (nothing to capture), 1, or 2 (ARRAY_INOUT, STRUCT_INOUT, IOCTL_ARG: at
 * enter and at exit). */
int tlr_capture_arg(const struct tl_sysarg *a, uint8_t idx,
		    const struct tlr_capture_opts *o,
		    struct tlr_capt_spec spec[2]);

/* Bytes a capture of `spec` can take in a record (header + data). */
uint32_t tlr_capture_worst(const struct tlr_capt_spec *spec);

#endif /* TLR_CAPTURE_H */
