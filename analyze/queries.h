/* SPDX-License-Identifier: MIT */
/*
 * queries.h - the parts of tl-analyze's query modules that other modules
 * reuse: report (one HTML page from several queries) and the unit tests
 * drive them directly. Each query's state is opaque: begin() makes it,
 * event() feeds it, finish() settles it (sorting, resolving deferred
 * paths), table()/print() render it, release() frees it.
 *
 * Ownership: tables returned here belong to the caller
 * (ana_table__free()).
 */
#ifndef TL_ANA_QUERIES_H
#define TL_ANA_QUERIES_H

#include <stdio.h>

#include "ana.h"

/* failed-opens */
int ana_failed_begin(struct ana_ctx *c, void **state);
int ana_failed_event(struct ana_ctx *c, void *state, const struct tl_event *ev,
		     struct ana_proc *p);
int ana_failed_finish(struct ana_ctx *c, void *state);
struct ana_table *ana_failed_table(struct ana_ctx *c, void *state);
size_t ana_failed_count(void *state);
void ana_failed_release(struct ana_ctx *c, void *state);

/* exec-tree (works on c->procs after ana_procs__finish()) */
struct ana_table *ana_exectree_table(struct ana_ctx *c, size_t *nprocs);
int ana_exectree_json(struct ana_ctx *c, struct ana_jw *w);

/* summary */
int ana_summary_begin(struct ana_ctx *c, void **state);
int ana_summary_event(struct ana_ctx *c, void *state, const struct tl_event *ev,
		      struct ana_proc *p);
int ana_summary_print_text(struct ana_ctx *c, void *state, FILE *f);
void ana_summary_release(struct ana_ctx *c, void *state);

/* errors */
int ana_errors_begin(struct ana_ctx *c, void **state);
int ana_errors_event(struct ana_ctx *c, void *state, const struct tl_event *ev,
		     struct ana_proc *p);
int ana_errors_finish(struct ana_ctx *c, void *state);
struct ana_table *ana_errors_table(struct ana_ctx *c, void *state);
size_t ana_errors_count(void *state);
void ana_errors_release(struct ana_ctx *c, void *state);

/* files */
int ana_files_begin(struct ana_ctx *c, void **state);
int ana_files_event(struct ana_ctx *c, void *state, const struct tl_event *ev,
		    struct ana_proc *p);
int ana_files_finish(struct ana_ctx *c, void *state);
struct ana_table *ana_files_table(struct ana_ctx *c, void *state);
void ana_files_release(struct ana_ctx *c, void *state);

/* net */
int ana_net_begin(struct ana_ctx *c, void **state);
int ana_net_event(struct ana_ctx *c, void *state, const struct tl_event *ev,
		  struct ana_proc *p);
int ana_net_finish(struct ana_ctx *c, void *state);
struct ana_table *ana_net_table(struct ana_ctx *c, void *state);
void ana_net_release(struct ana_ctx *c, void *state);

/* lost */
int ana_lost_begin(struct ana_ctx *c, void **state);
int ana_lost_event(struct ana_ctx *c, void *state, const struct tl_event *ev,
		   struct ana_proc *p);
int ana_lost_print(struct ana_ctx *c, void *state, FILE *f, bool html);
void ana_lost_release(struct ana_ctx *c, void *state);

#endif /* TL_ANA_QUERIES_H */
