/* SPDX-License-Identifier: MIT */
/*
 * sfmt.h - strace-style argument and return value formatting for one
 * syscall event. Each syscall has a printer (a table entry in sfmt.c, or
 * the generic one driven by the file's syscall table) that knows which
 * arguments strace prints at entry and which at exit, so that a line cut
 * by another thread's line resumes exactly where strace resumes it.
 */
#ifndef TL_CONVERT_SFMT_H
#define TL_CONVERT_SFMT_H

#include <stdbool.h>
#include <stddef.h>

#include "emit.h"
#include "sbuf.h"

struct sc_printer;

struct sfmt {
	struct sbuf *sb;
	const struct tl_event *ev;	/* ENTER or EXIT event of the call */
	const struct sc_printer *p;
	int abi;
	int xstyle;			/* XS_* */
	int xflag;			/* QX_* */
	size_t strmax;			/* -s */
	bool has_args;			/* ev->flags & TL_EVF_HAS_ENTER */
	bool has_ret;			/* exit known: ret valid */
};

/* Printer for a syscall name, or NULL (the generic printer is used). The
 * result is static: callers cache it per syscall table entry. */
const struct sc_printer *sfmt_lookup(const char *name);

/* -1 when the printer table is sorted by name (bsearch needs it), else
 * the index of the first entry out of order. */
int sfmt_check_table(void);

/* Prepares f for ev (sets abi, has_args, has_ret, p = lookup(ev->name)
 * unless p was given). */
void sfmt_init(struct sfmt *f, struct sbuf *sb, const struct conv_opts *o,
	       const struct tl_event *ev, const struct sc_printer *p);

/* "name(" is the caller's. Entry part: the arguments strace prints at
 * entry, followed by ", " when more arguments are printed at exit. */
void sfmt_enter(struct sfmt *f);
/* Exit part: the rest of the arguments (no closing parenthesis). */
void sfmt_exit(struct sfmt *f);
/* Whether the exit part prints anything (strace's "not RVAL_DECODED"). */
bool sfmt_has_exit_part(const struct sfmt *f);
/* Whether the entry part of ev (a SYS_EXIT event, which carries both
 * halves) shows data that only its exit record has: an input string or
 * buffer the recorder could not read at entry and read again at exit
 * (its page was not present yet). The entry part printed at entry showed
 * the bare pointer; printed from ev it shows the data. */
bool sfmt_enter_late(const struct sfmt *f);
/* Return value after "= ": "3", "0x7f..", "-1 ENOENT (No such file or
 * directory)", "? ERESTARTSYS (...)", "0 (Timeout)". */
void sfmt_retval(struct sfmt *f);
/* Whether the syscall never returns on success (exit, exit_group). */
bool sfmt_noreturn(const struct sfmt *f);

/* Building blocks, exported for the unit tests and other emitters. */
void sfmt_errno(struct sbuf *sb, int err);	/* "ENOENT (No such file ...)" */
const struct tl_capture *sfmt_capt(const struct tl_event *ev, int arg,
				   bool at_exit);

#endif /* TL_CONVERT_SFMT_H */
