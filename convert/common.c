// SPDX-License-Identifier: MIT
/*
 * common.c - what the emitters share with the main loop: the list of
 * output formats and conv_warn(). Formats living in other files are
 * referenced weakly, so a build without one of them still links.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "emit.h"

int conv_verbosity = 2;

/* Library messages held while an input is being opened: if the open
 * fails they become the one-line error, otherwise ordinary warnings. */
static struct {
	bool on;
	unsigned n;
	char msg[8][512];
} held;

static void print_msg(enum tl_print_level level, const char *msg)
{
	size_t n = strlen(msg);

	if (strncmp(msg, "libtlz: ", 8) == 0) {
		msg += 8;
		n -= 8;
	}
	if (n && msg[n - 1] == '\n')
		n--;
	fprintf(stderr, "tl-convert: %s%.*s\n",
		level == TL_WARN ? "warning: " : "", (int)n, msg);
}

int conv_print_fn(enum tl_print_level level, const char *fmt, va_list ap)
{
	char buf[512];

	if ((level == TL_WARN && conv_verbosity < 2) ||
	    (level == TL_INFO && conv_verbosity < 3) ||
	    (level == TL_DEBUG && conv_verbosity < 4))
		return 0;
	vsnprintf(buf, sizeof(buf), fmt, ap);
	if (held.on && level == TL_WARN) {
		if (held.n == 8) {
			memmove(held.msg[0], held.msg[1], sizeof(held.msg[0]) * 7);
			held.n = 7;
		}
		memcpy(held.msg[held.n++], buf, sizeof(buf));
		return 0;
	}
	print_msg(level, buf);
	return 0;
}

struct tl_reader *conv_open_reader(const char *path)
{
	struct tl_reader *r;
	const char *m, *name = strcmp(path, "-") ? path : "<stdin>";
	size_t len = strlen(name), n;
	unsigned i;
	int err;

	held.on = true;
	held.n = 0;
	r = tl_reader__open(path);
	err = errno;
	held.on = false;
	if (r) {
		for (i = 0; i < held.n; i++)
			print_msg(TL_WARN, held.msg[i]);
		return r;
	}
	if ((err != EBADMSG && err != EOPNOTSUPP) || !held.n) {
		fprintf(stderr, "tl-convert: cannot open '%s': %s\n", path,
			strerror(err));
	} else {
		/* the library's last word, without its "libtlz: NAME: " */
		m = held.msg[held.n - 1];
		if (strncmp(m, "libtlz: ", 8) == 0)
			m += 8;
		if (strncmp(m, name, len) == 0 && m[len] == ':' && m[len + 1] == ' ')
			m += len + 2;
		n = strlen(m);
		if (n && m[n - 1] == '\n')
			n--;
		fprintf(stderr, "tl-convert: '%s': %.*s\n", path, (int)n, m);
	}
	errno = err;
	return NULL;
}

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

int conv_fail(struct conv_ctx *c, int err, const char *fmt, ...)
{
	va_list ap;

	fputs("tl-convert: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	c->err_reported = true;
	return err;
}
