/* SPDX-License-Identifier: MIT */
/*
 * ana.h - what tl-analyze's main loop (tl-analyze.c) shares with its query
 * modules: options, the run context (inputs, process model, filters) and
 * the query interface. The main loop feeds every decoded event to the
 * process model and to the selected query; the query prints its answer
 * (text, --json, or HTML for report) in end().
 */
#ifndef TL_ANA_H
#define TL_ANA_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "out.h"
#include "proc.h"
#include "tl.h"

struct ana_opts {
	const char *query;
	uint32_t *pids;			/* --pid (pid or tid) */
	size_t npids;
	char **comms;			/* --comm */
	size_t ncomms;
	char **traces;			/* --trace NAME|ID */
	size_t ntraces;
	const char *since, *until;	/* as given */
	bool json;			/* --json */
	bool per_process;		/* summary --per-process */
	uint64_t last_n;		/* last -n */
	uint64_t min_ns;		/* slow --min */
	uint64_t limit;			/* --limit rows (0 = all) */
	const char *out_path;		/* -o (report; any query) */
	const char *sql;		/* sql "SELECT ..." */
	int verbose;			/* 0 silent .. 4 debug (default 2) */
};

struct ana_ctx {
	const struct ana_opts *opts;
	FILE *out;			/* stdout or -o */
	struct tl_decoder *dec;		/* NULL in unit tests */
	struct ana_procs procs;
	unsigned nslots;		/* per-process slots handed out */

	/* time range of everything decoded (not only what passed filters) */
	int64_t first_ts, last_ts;
	int64_t first_wall, last_wall;
	/* --since/--until in wall-clock ns (resolved at the first event) */
	bool time_resolved;
	int64_t since_wall, until_wall;	/* INT64_MIN / INT64_MAX when unset */

	uint64_t nevents;		/* all events */
	uint64_t nmatched;		/* events that passed the filters */
	uint64_t lost_records;		/* LOST events: records */
	unsigned nfiles;
	const struct tl_file_info **files;	/* by input index */
};

/* Hands out a per-process slot index (ana_proc.slot[]); -ENOSPC when all
 * are taken. */
int ana_ctx__slot(struct ana_ctx *c);
/* Input index of an event's file (0 if unknown). */
unsigned ana_ctx__file_idx(const struct ana_ctx *c,
			   const struct tl_file_info *f);

/* A query. begin() allocates its state; event() sees every event that
 * passed the filters (all events when `all_events`), with p = the process
 * (NULL for LOST); end() prints the answer; release() frees the state. */
struct ana_query {
	const char *name;
	const char *args;		/* extra synopsis: "[-n N]" */
	const char *desc;		/* one line */
	const char *example;		/* one command line */
	bool all_events;
	int (*begin)(struct ana_ctx *c, void **state);
	int (*event)(struct ana_ctx *c, void *state, const struct tl_event *ev,
		     struct ana_proc *p);
	int (*end)(struct ana_ctx *c, void *state);
	void (*release)(struct ana_ctx *c, void *state);
};

extern const struct ana_query ana_q_failed;
extern const struct ana_query ana_q_exectree;
extern const struct ana_query ana_q_summary;
extern const struct ana_query ana_q_errors;
extern const struct ana_query ana_q_files;
extern const struct ana_query ana_q_net;
extern const struct ana_query ana_q_last;
extern const struct ana_query ana_q_slow;
extern const struct ana_query ana_q_lost;
extern const struct ana_query ana_q_sql;
extern const struct ana_query ana_q_report;

/* ------------------------------------------------------- shared helpers */

/* "HH:MM:SS.uuuuuu" (local time) of a wall-clock ns; "?" for 0. */
const char *ana_fmt_time(int64_t wall_ns, char *buf, size_t len);
/* "1.234567s", "12.3ms", "45us" style duration. */
const char *ana_fmt_dur(int64_t ns, char *buf, size_t len);
/* "ENOENT" or "E123" when unknown. */
const char *ana_errno_name(int err, char *buf, size_t len);
/* strerror-like text (glibc's), "Unknown error N" when unknown. */
const char *ana_errno_msg(int err, char *buf, size_t len);
/* Process label "1234 sh". */
const char *ana_proc_label(const struct ana_proc *p, char *buf, size_t len);

/* Paths a syscall names: for each PATH argument with a captured string,
 * the path resolved against the process's cwd/dirfd. Fills up to `max`
 * entries; returns how many. Strings are new (caller frees). */
struct ana_path_arg {
	unsigned arg;
	char *path;
	bool deferred;
};
int ana_ev_paths(struct ana_ctx *c, const struct tl_event *ev,
		 struct ana_proc *p, struct ana_path_arg *out, int max);

/* The kind of argument i of ev's syscall (TL_ARG_*), from the file's
 * table, or -1 when unknown. */
int ana_arg_kind(const struct tl_event *ev, unsigned i);

/* One-line description of a call for examples: "openat(AT_FDCWD,
 * \"/etc/x\") = -1 ENOENT" style (short; captured strings quoted,
 * at most `max` bytes). */
char *ana_call_brief(struct ana_ctx *c, const struct tl_event *ev,
		     struct ana_proc *p, size_t max);
/* The same into buf (always NUL-terminated); returns the length. */
size_t ana_call_brief_buf(struct ana_ctx *c, const struct tl_event *ev,
			  struct ana_proc *p, char *buf, size_t size);

/* Prints "tl-analyze: " + message to stderr at or above `level`
 * (1 errors, 2 warnings, 3 info). */
__attribute__((format(printf, 2, 3)))
void ana_msg(int level, const char *fmt, ...);
extern int ana_verbose;

/* JSON "meta" fields common to every query's answer. */
void ana_json_meta(struct ana_ctx *c, struct ana_jw *w);

#endif /* TL_ANA_H */
