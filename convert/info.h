/* SPDX-License-Identifier: MIT */
/*
 * info.h - tl-convert --info: a file's metadata (machine, recorder,
 * traces, time range, record counts, loss, damage) read chunk by chunk
 * with the tl_reader, without pairing or decoding events.
 */
#ifndef TL_CONVERT_INFO_H
#define TL_CONVERT_INFO_H

#include <stdio.h>

/* Prints every file's summary to out; 0, or -errno after printing a
 * one-line error for the first file that cannot be read. */
int conv_info(char **files, int nfiles, FILE *out);

#endif /* TL_CONVERT_INFO_H */
