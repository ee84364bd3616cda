/* SPDX-License-Identifier: MIT */
/*
 * rawprint.h - raw record printer for `tl-record --debug-raw` (debugging
 * the BPF side without the decoder).
 */
#ifndef TLR_RAWPRINT_H
#define TLR_RAWPRINT_H

#include <stdio.h>

#include "recorder.h"

/* Prints every record of s, ring by ring, blocks in block_seq order.
 * Returns 0, or -1 when a block or record was malformed. */
int tlr_rawprint(FILE *f, const struct recorder_snapshot *s, uint32_t trace);

#endif /* TLR_RAWPRINT_H */
