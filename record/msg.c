// SPDX-License-Identifier: MIT
/* msg.c - see msg.h */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>

#include "msg.h"
#include "options.h"

int tlr_verbosity = TLR_V_WARN;

void tlr_msg(int level, const char *fmt, ...)
{
	va_list ap;

	if (tlr_verbosity < level)
		return;
	fputs("tl-record: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int tlr_errf(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err && errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}
