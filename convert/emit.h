/* SPDX-License-Identifier: MIT */
/*
 * emit.h - the interface between tl-convert's main loop (tl-convert.c:
 * options, inputs, filters, --redact) and its output formats (one module
 * per format). The main loop opens the inputs into one tl_decoder, calls
 * begin(), then event() for every event that passes the filters (in time
 * order), then end(). Emitters print nothing to stderr themselves: they
 * return -errno and log through tl_print-style messages only via the
 * main loop's conv_warn().
 */
#ifndef TL_CONVERT_EMIT_H
#define TL_CONVERT_EMIT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

#include "tl.h"

enum conv_time_fmt {
	CONV_TIME_NONE = 0,
	CONV_TIME_T,		/* -t    10:45:01 */
	CONV_TIME_TT,		/* -tt   10:45:01.123456 */
	CONV_TIME_TTT,		/* -ttt  1700000000.123456 */
	CONV_TIME_REL,		/* -r    relative to the previous line */
};

enum conv_xflag {
	CONV_X_NONE = 0,	/* escape like strace */
	CONV_X_NONASCII,	/* -x: non-ASCII strings in hex */
	CONV_X_ALL,		/* -xx: all strings in hex */
};

enum conv_xstyle {
	CONV_XS_ABBREV = 0,	/* -X abbrev (default): symbolic names */
	CONV_XS_RAW,		/* -X raw: numbers only */
	CONV_XS_VERBOSE,	/* -X verbose: number and names */
};

struct conv_opts {
	FILE *out;		/* where text goes (stdout or -o FILE) */
	const char *out_path;	/* -o argument, NULL for stdout */
	unsigned int snaplen;	/* -s: string/buffer bytes printed (strace: 32) */
	int time_fmt;		/* enum conv_time_fmt */
	bool show_dur;		/* -T */
	int xflag;		/* enum conv_xflag */
	int xstyle;		/* enum conv_xstyle */
	bool redact;		/* --redact: buffers dropped before emitters see them */
};

struct conv_ctx {
	const struct conv_opts *opts;
	struct tl_decoder *dec;	/* inputs: tl_decoder__file(), __proc() */
	void *priv;		/* the emitter's own state */
	/* Set by the main loop before the first event() call: the first
	 * decoded event (before filters), the origin of relative times. */
	int64_t t0_ts;		/* its ts (CLOCK_BOOTTIME ns) */
	int64_t t0_wall;	/* its wall_ns (Unix ns) */
	/* Set by conv_fail(): the emitter already printed the error line,
	 * the main loop prints none of its own (one line per error). */
	bool err_reported;
};

struct conv_emitter {
	const char *name;	/* -f NAME */
	const char *desc;	/* one line for --help */
	bool needs_path;	/* needs -o FILE (sqlite) */
	bool binary;		/* refuses to write to a terminal (pcapng) */
	bool wants_enter;	/* receives TL_EV_SYSCALL_ENTER events too */
	int (*begin)(struct conv_ctx *c);
	int (*event)(struct conv_ctx *c, const struct tl_event *ev);
	/* Called once after begin() succeeded, also after an error (`failed`
	 * true), to flush and free; returns 0 or -errno. */
	int (*end)(struct conv_ctx *c, bool failed);
};

/* Warning on stderr with the tool's prefix ("tl-convert: warning: ..."),
 * for emitters; implemented in convert/common.c. */
__attribute__((format(printf, 1, 2)))
void conv_warn(const char *fmt, ...);

/* Error line on stderr ("tl-convert: 'out.db': exists and ..."), for an
 * emitter failing with `err`: sets c->err_reported and returns err. */
__attribute__((format(printf, 3, 4)))
int conv_fail(struct conv_ctx *c, int err, const char *fmt, ...);

/* Tool-wide message level (zstd's: 1 errors, 2 warnings, 3 info, 4 debug)
 * and the tl_set_print() callback that honours it, prefixing messages
 * with "tl-convert: [warning: ]" instead of the library's "libtlz: ". */
extern int conv_verbosity;
__attribute__((format(printf, 2, 0)))
int conv_print_fn(enum tl_print_level level, const char *fmt, va_list ap);
/* tl_reader__open() that prints exactly one line on failure:
 * "tl-convert: cannot open 'x': No such file or directory" or
 * "tl-convert: 'x': not a .tlz file (bad magic)". NULL + errno then. */
struct tl_reader *conv_open_reader(const char *path);

/* Whether ev is a child's return from clone/clone3/fork/vfork (an exit
 * event without an entry, result 0), which strace does not print. */
bool conv_is_child_return(const struct tl_event *ev);

/* The emitter named `name`, or NULL (convert/common.c). */
const struct conv_emitter *conv_find_emitter(const char *name);
/* The built-in emitters, conv_nemitters entries; an entry is NULL when
 * that format is not linked in. */
extern const struct conv_emitter *const conv_emitters[];
extern const unsigned int conv_nemitters;

extern const struct conv_emitter conv_strace;
extern const struct conv_emitter conv_traceloop;
extern const struct conv_emitter conv_json;
extern const struct conv_emitter conv_sqlite;
extern const struct conv_emitter conv_pcapng;

#endif /* TL_CONVERT_EMIT_H */
