/* SPDX-License-Identifier: MIT */
/*
 * filter.h - tl-convert's event filters, applied by the main loop to every
 * output format: --pid, --comm, --trace, -e trace=..., --failed, --since,
 * --until. Process and loss events pass the syscall filters.
 */
#ifndef TL_CONVERT_FILTER_H
#define TL_CONVERT_FILTER_H

#include <stdbool.h>
#include <stdint.h>

#include "hmap.h"
#include "tl.h"

enum conv_time_kind {
	CONV_AT_NONE = 0,
	CONV_AT_REL,		/* ns after the first event */
	CONV_AT_ABS,		/* Unix ns */
	CONV_AT_CLOCK,		/* ns since local midnight of the first event */
};

struct conv_time {
	int kind;
	int64_t ns;
};

struct conv_filter {
	uint32_t *pids;		/* --pid: pid or tid */
	unsigned int npids;
	char **comms;		/* --comm */
	unsigned int ncomms;
	char **traces;		/* --trace: name or id */
	unsigned int ntraces;
	char **names;		/* -e trace=NAME */
	unsigned int nnames;
	uint32_t classes;	/* -e trace=%class: TL_SC_* */
	bool sc_filter;		/* -e trace= given */
	bool sc_negate;		/* -e trace=!... */
	bool failed;		/* --failed */
	struct conv_time since, until;
	int64_t since_wall, until_wall;	/* resolved at the first event */
	bool resolved;
	struct hmap verdict;	/* tl_syscall * -> 1 pass, 2 drop */
};

/* Parsers for the options; 0 or -EINVAL (with a message in err[256]). */
int filter_add_pids(struct conv_filter *f, const char *list, char *err);
int filter_add_comms(struct conv_filter *f, const char *list, char *err);
int filter_add_traces(struct conv_filter *f, const char *list, char *err);
/* "trace=open,%file", "trace=!write", "open,read", "trace=all". */
int filter_set_syscalls(struct conv_filter *f, const char *expr, char *err);
/* "2s", "+1.5", "250ms" (after the first event), "@1700000000.25" (Unix),
 * "2024-05-01T10:00:00[.frac]" or "10:00:00[.frac]" (local time). */
int filter_parse_time(const char *s, struct conv_time *t, char *err);

/* Whether the filter needs the result of a call (then only exit events). */
bool filter_needs_exit(const struct conv_filter *f);
/* Whether ev passes. t0_wall: wall time of the first event. */
bool filter_match(struct conv_filter *f, const struct tl_event *ev,
		  int64_t t0_wall);
void filter_release(struct conv_filter *f);

#endif /* TL_CONVERT_FILTER_H */
