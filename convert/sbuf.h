/* SPDX-License-Identifier: MIT */
/*
 * sbuf.h - a growable byte buffer with fast appenders for the text
 * emitters. Lines are built in place; nothing is allocated per event once
 * the buffer has reached its working size. An allocation failure sets
 * `err` and drops further output, so callers check once per event.
 */
#ifndef TL_CONVERT_SBUF_H
#define TL_CONVERT_SBUF_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct sbuf {
	char *buf;
	size_t len;
	size_t cap;
	int err;		/* 0 or -ENOMEM: output was dropped */
};

/* Starts with `cap` bytes (0: a default). 0 or -ENOMEM. */
int sbuf_init(struct sbuf *sb, size_t cap);
/* Frees the memory; accepts a zeroed struct. */
void sbuf_release(struct sbuf *sb);
/* Makes room for `n` more bytes; 0 or -ENOMEM (also stored in err). */
int sbuf__grow(struct sbuf *sb, size_t n);

/* Pointer to `n` writable bytes at the end, or NULL (err set). */
static inline char *sbuf_room(struct sbuf *sb, size_t n)
{
	if (sb->cap - sb->len < n && sbuf__grow(sb, n))
		return NULL;
	return sb->buf + sb->len;
}

static inline void sbuf_putc(struct sbuf *sb, char c)
{
	char *p = sbuf_room(sb, 1);

	if (p) {
		*p = c;
		sb->len++;
	}
}

static inline void sbuf_add(struct sbuf *sb, const void *s, size_t n)
{
	char *p = sbuf_room(sb, n);

	if (p) {
		memcpy(p, s, n);
		sb->len += n;
	}
}

static inline void sbuf_puts(struct sbuf *sb, const char *s)
{
	sbuf_add(sb, s, strlen(s));
}

/* Appends `n` copies of c. */
static inline void sbuf_pad(struct sbuf *sb, char c, size_t n)
{
	char *p = sbuf_room(sb, n);

	if (p) {
		memset(p, c, n);
		sb->len += n;
	}
}

/* Decimal, hex (lowercase, "0x" prefix when asked), octal. */
void sbuf_u64(struct sbuf *sb, uint64_t v);
void sbuf_i64(struct sbuf *sb, int64_t v);
void sbuf_hex(struct sbuf *sb, uint64_t v);		/* "0x1f"; 0 -> "0" */
void sbuf_hex_raw(struct sbuf *sb, uint64_t v);		/* "1f" */
void sbuf_oct(struct sbuf *sb, uint64_t v);		/* "755" */
/* Unsigned decimal padded with `fill` to at least `width` characters. */
void sbuf_u64_w(struct sbuf *sb, uint64_t v, unsigned width, char fill);
__attribute__((format(printf, 2, 3)))
void sbuf_printf(struct sbuf *sb, const char *fmt, ...);

#endif /* TL_CONVERT_SBUF_H */
