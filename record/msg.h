/* SPDX-License-Identifier: MIT */
/*
 * msg.h - tl-record's two ways of saying something: a line on stderr when
 * the verbosity allows it (the tools: tl-record, its daemon), and a
 * one-line message written into the caller's buffer (the modules, which
 * never print: options, recorder, http).
 */
#ifndef TLR_MSG_H
#define TLR_MSG_H

#include <stddef.h>

/* TLR_V_* (options.h); the tool sets it from its options. */
extern int tlr_verbosity;

/* "tl-record: MESSAGE\n" on stderr if tlr_verbosity >= level. */
__attribute__((format(printf, 2, 3)))
void tlr_msg(int level, const char *fmt, ...);

/* Formats a message into err (when err and errlen are given: one line,
 * no program name, no newline). Returns -EINVAL, for `return tlr_errf()`. */
__attribute__((format(printf, 3, 4)))
int tlr_errf(char *err, size_t errlen, const char *fmt, ...);

#endif /* TLR_MSG_H */
