/* SPDX-License-Identifier: MIT */
/*
 * engine.h - the run context's lifecycle and per-event step (engine.c),
 * used by tl-analyze.c and by the unit tests, which feed constructed
 * events instead of a decoder.
 */
#ifndef TL_ANA_ENGINE_H
#define TL_ANA_ENGINE_H

#include <stdio.h>

#include "ana.h"

/* dec may be NULL. out is where answers go. The caller sets
 * c->procs.snap/snap_arg to look processes up in the dump-time snapshot
 * (the tool: tl_decoder__proc). */
int ana_ctx_init(struct ana_ctx *c, const struct ana_opts *o,
		 struct tl_decoder *dec, FILE *out);
void ana_ctx_release(struct ana_ctx *c);
/* Registers input i's metadata (in decoder order). */
int ana_ctx__add_file(struct ana_ctx *c, const struct tl_file_info *f);
/* One decoded event: model + filters + query. 0 or -errno (-EINVAL: bad
 * --since/--until). */
int ana_ctx__event(struct ana_ctx *c, const struct ana_query *q, void *state,
		   const struct tl_event *ev);
/* After the last event: links the process tree. */
int ana_ctx__finish(struct ana_ctx *c);

/* --since/--until: "@EPOCH[.frac]" (wall clock), "HH:MM:SS[.frac]" (local
 * time on the day of the first event), or a duration after the first
 * event ("1.5s", "+250ms"). */
int ana_parse_time(const char *s, int64_t first_wall, int64_t *out);

#endif /* TL_ANA_ENGINE_H */
