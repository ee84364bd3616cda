/* SPDX-License-Identifier: MIT */
/*
 * info.h - tl-convert --info: a file's metadata (machine, recorder,
 * traces, time range, record counts, loss, damage) read through the
 * file's index, or chunk by chunk with the tl_reader, without pairing or
 * decoding events.
 */
#ifndef TL_CONVERT_INFO_H
#define TL_CONVERT_INFO_H

#include <stdbool.h>
#include <stdio.h>

/* Prints every file's summary to out; 0, or -errno after printing a
 * one-line error for the first file that cannot be read. A file with a
 * valid index is described from it (fast: ring data is not read) unless
 * `scan`; others are read chunk by chunk (exact record counts). */
int conv_info(char **files, int nfiles, bool scan, FILE *out);

#endif /* TL_CONVERT_INFO_H */
