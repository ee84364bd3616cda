// SPDX-License-Identifier: MIT
/*
 * common.c - what the emitters share with the main loop: the list of
 * output formats and conv_warn(). Formats living in other files are
 * referenced weakly, so a build without one of them still links.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "emit.h"

extern const struct conv_emitter conv_json __attribute__((weak));
extern const struct conv_emitter conv_sqlite __attribute__((weak));
extern const struct conv_emitter conv_pcapng __attribute__((weak));

const struct conv_emitter *const conv_emitters[] = {
	&conv_strace,
	&conv_traceloop,
	&conv_json,
	&conv_sqlite,
	&conv_pcapng,
};
const unsigned int conv_nemitters = sizeof(conv_emitters) / sizeof(conv_emitters[0]);

const struct conv_emitter *conv_find_emitter(const char *name)
{
	unsigned i;

	for (i = 0; i < conv_nemitters; i++) {
		const struct conv_emitter *e = conv_emitters[i];

		if (e && e->name && strcmp(e->name, name) == 0)
			return e;
	}
	return NULL;
}

void conv_warn(const char *fmt, ...)
{
	va_list ap;

	fputs("tl-convert: warning: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
