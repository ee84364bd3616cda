// SPDX-License-Identifier: MIT
/*
 * log.c - libtlz's only way to say anything: the tl_set_print() callback.
 * The default callback prints nothing; tools install their own.
 */
#include <stdarg.h>

#include "internal.h"

static tl_print_fn_t print_fn;

tl_print_fn_t tl_set_print(tl_print_fn_t fn)
{
	tl_print_fn_t old = print_fn;

	print_fn = fn;
	return old;
}

void tl_print(enum tl_print_level level, const char *fmt, ...)
{
	va_list ap;

	if (!print_fn)
		return;
	va_start(ap, fmt);
	print_fn(level, fmt, ap);
	va_end(ap);
}
