// SPDX-License-Identifier: MIT
/*
 * debugprint.c - `tl-record --debug-print FILE`: decoded events of a .tlz,
 * one per line (placeholder until the decoder lands).
 */
#include <stdio.h>

#include "tl.h"

int debug_print(const char *path);

int debug_print(const char *path)
{
	fprintf(stderr, "tl-record: '%s': --debug-print needs the decoder\n",
		path);
	return 1;
}
