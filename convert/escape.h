/* SPDX-License-Identifier: MIT */
/*
 * escape.h - strings and buffers quoted exactly as strace quotes them:
 * "\"", "\\", "\f\n\r\t\v", other non-printable bytes in octal with the
 * fewest digits (three when an octal digit follows), optional hex forms
 * (-x, -xx), and "..." after the closing quote when data was cut.
 */
#ifndef TL_CONVERT_ESCAPE_H
#define TL_CONVERT_ESCAPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sbuf.h"

enum {
	QX_NONE = 0,		/* strace default */
	QX_NONASCII = 1,	/* -x: whole string in \xNN if any byte needs it */
	QX_ALL = 2,		/* -xx: every string in \xNN */
};

/*
 * Appends "..." for the first min(len, max) bytes of s; then "..." if
 * len > max or `more` (the data had been cut before it reached us).
 * `cstr`: a NUL ends the string (C strings); otherwise NULs are data.
 */
void quote_str(struct sbuf *sb, const uint8_t *s, size_t len, size_t max,
	       bool more, int xflag, bool cstr);

/* Quotes every byte in \xNN form (getrandom buffers, -xx). */
void quote_hex(struct sbuf *sb, const uint8_t *s, size_t len, size_t max,
	       bool more);

/* JSON-free plain escaping used by the traceloop format (Go's %q rules
 * for ASCII: \a\b\f\n\r\t\v, \\ \", other bytes \xNN). */
void quote_go(struct sbuf *sb, const uint8_t *s, size_t len);

#endif /* TL_CONVERT_ESCAPE_H */
