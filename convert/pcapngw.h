/* SPDX-License-Identifier: MIT */
/*
 * pcapngw.h - a minimal pcapng writer for syscall events: one Section
 * Header Block, then Sysdig Event Blocks v2 (block type 0x216), each with
 * a u16 length per parameter, exactly as Wireshark/tshark 4.0 reads them
 * (docs/pcapng.md; layout in shared/reference/formats.md §3.3). Always
 * little-endian. Written from the format description, no library.
 *
 * Owner: tl-convert's pcapng output (convert/pcapng.c). Usable by any tool
 * that wants to write Sysdig events.
 *
 * Use: pcapngw_init() (writes the SHB), then per event
 * pcapngw_begin(), pcapngw_put_*() for each parameter in order,
 * pcapngw_end(); finally pcapngw_release(). Errors are sticky: the first
 * write error is returned by pcapngw_end()/pcapngw_release() (-errno).
 */
#ifndef TL_PCAPNGW_H
#define TL_PCAPNGW_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define PCAPNG_BT_SHB		0x0A0D0D0Au
#define PCAPNG_BT_SYSDIG_EV2	0x00000216u
#define PCAPNG_BYTE_ORDER_MAGIC	0x1A2B3C4Du

/* Parameters per event the writer accepts (sysdig's largest is 31). */
#define PCAPNGW_MAX_PARAMS	32
/* A parameter's length is a u16: longer values are cut to this. */
#define PCAPNGW_MAX_PARAM_LEN	65535u

struct pcapngw {
	FILE *f;		/* borrowed: the caller opens and closes it */
	int err;		/* first error (-errno), sticky */
	/* the event being built */
	uint16_t cpu;
	uint16_t type;
	uint64_t ts_ns;
	uint64_t tid;
	uint32_t nparams;
	uint16_t lens[PCAPNGW_MAX_PARAMS];
	uint8_t *data;		/* parameter bytes, back to back */
	size_t len, cap;
	uint8_t *blk;		/* the whole block, assembled for one fwrite */
	size_t blk_cap;
	/* counters */
	uint64_t blocks;	/* event blocks written */
	uint64_t cut_params;	/* parameters cut to PCAPNGW_MAX_PARAM_LEN */
};

/* Writes the Section Header Block (version 1.0, section length -1, an
 * shb_userappl option naming `appl` when not NULL) to f. 0 or -errno. */
int pcapngw_init(struct pcapngw *w, FILE *f, const char *appl);

/* Starts an event block; parameters follow in order. */
void pcapngw_begin(struct pcapngw *w, uint16_t type, uint16_t cpu,
		   uint64_t ts_ns, uint64_t tid);

/* One parameter of `len` raw bytes (cut to PCAPNGW_MAX_PARAM_LEN). */
void pcapngw_put_raw(struct pcapngw *w, const void *p, size_t len);
void pcapngw_put_u8(struct pcapngw *w, uint8_t v);
void pcapngw_put_u16(struct pcapngw *w, uint16_t v);
void pcapngw_put_u32(struct pcapngw *w, uint32_t v);
void pcapngw_put_u64(struct pcapngw *w, uint64_t v);
/* PT_CHARBUF / PT_FSPATH: the bytes, then a NUL counted in the length;
 * s == NULL writes an empty (zero-length, "absent") parameter. NUL bytes
 * inside `len` are kept as they are (the reader stops at the first). */
void pcapngw_put_str(struct pcapngw *w, const char *s, size_t len);
/* A zero-length parameter (sysdig: "not available"). */
void pcapngw_put_empty(struct pcapngw *w);

/* Writes the block. 0 or the sticky -errno. */
int pcapngw_end(struct pcapngw *w);

/* Flushes and frees the buffers (not the FILE). Returns the sticky error
 * or the flush error. Accepts a zeroed struct. */
int pcapngw_release(struct pcapngw *w);

#endif /* TL_PCAPNGW_H */
