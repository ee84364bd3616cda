// SPDX-License-Identifier: MIT
/*
 * sbuf.c - growth and number formatting for struct sbuf (convert/sbuf.h).
 * Numbers are formatted by hand: printf() per argument would cost more
 * than the rest of a strace line together.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "internal.h"
#include "sbuf.h"

int sbuf_init(struct sbuf *sb, size_t cap)
{
	memset(sb, 0, sizeof(*sb));
	if (!cap)
		cap = 4096;
	sb->buf = malloc(cap);
	if (!sb->buf) {
		sb->err = -ENOMEM;
		return -ENOMEM;
	}
	sb->cap = cap;
	return 0;
}

void sbuf_release(struct sbuf *sb)
{
	free(sb->buf);
	sb->buf = NULL;
	sb->len = sb->cap = 0;
}

int sbuf__grow(struct sbuf *sb, size_t n)
{
	size_t cap = sb->cap ? sb->cap : 256;
	char *p;

	if (sb->err)
		return sb->err;
	if (n > SIZE_MAX / 2 - sb->len)
		goto nomem;
	while (cap - sb->len < n)
		cap *= 2;
	p = tl_reallocarray(sb->buf, cap, 1);
	if (!p)
		goto nomem;
	sb->buf = p;
	sb->cap = cap;
	return 0;
nomem:
	sb->err = -ENOMEM;
	return -ENOMEM;
}

void sbuf_u64(struct sbuf *sb, uint64_t v)
{
	char tmp[24], *e = tmp + sizeof(tmp), *p = e;

	do {
		*--p = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	sbuf_add(sb, p, (size_t)(e - p));
}

void sbuf_u64_w(struct sbuf *sb, uint64_t v, unsigned width, char fill)
{
	char tmp[24], *e = tmp + sizeof(tmp), *p = e;

	do {
		*--p = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	if ((size_t)(e - p) < width)
		sbuf_pad(sb, fill, width - (size_t)(e - p));
	sbuf_add(sb, p, (size_t)(e - p));
}

void sbuf_i64(struct sbuf *sb, int64_t v)
{
	if (v < 0) {
		sbuf_putc(sb, '-');
		sbuf_u64(sb, -(uint64_t)v);
	} else {
		sbuf_u64(sb, (uint64_t)v);
	}
}

void sbuf_hex_raw(struct sbuf *sb, uint64_t v)
{
	static const char digits[] = "0123456789abcdef";
	char tmp[16], *e = tmp + sizeof(tmp), *p = e;

	do {
		*--p = digits[v & 15];
		v >>= 4;
	} while (v);
	sbuf_add(sb, p, (size_t)(e - p));
}

void sbuf_hex(struct sbuf *sb, uint64_t v)
{
	if (!v) {
		sbuf_putc(sb, '0');
		return;
	}
	sbuf_add(sb, "0x", 2);
	sbuf_hex_raw(sb, v);
}

void sbuf_oct(struct sbuf *sb, uint64_t v)
{
	char tmp[24], *e = tmp + sizeof(tmp), *p = e;

	do {
		*--p = (char)('0' + (v & 7));
		v >>= 3;
	} while (v);
	sbuf_add(sb, p, (size_t)(e - p));
}

void sbuf_printf(struct sbuf *sb, const char *fmt, ...)
{
	va_list ap;
	char *p;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	p = sbuf_room(sb, (size_t)n + 1);
	if (!p)
		return;
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	sb->len += (size_t)n;
}
