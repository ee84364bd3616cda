// SPDX-License-Identifier: MIT
/*
 * escape.c - strace's and Go's string quoting rules (convert/escape.h).
 * Table driven: one lookup per byte on the common printable path.
 */
#include "escape.h"

/* 0: printable as is; 1: named escape; 2: octal. */
static uint8_t qclass[256];
static char qname[256];
static bool qinit;

static void init_tables(void)
{
	int c;

	for (c = 0; c < 256; c++)
		qclass[c] = (c >= 0x20 && c < 0x7f) ? 0 : 2;
	qclass['"'] = 1; qname['"'] = '"';
	qclass['\\'] = 1; qname['\\'] = '\\';
	qclass['\f'] = 1; qname['\f'] = 'f';
	qclass['\n'] = 1; qname['\n'] = 'n';
	qclass['\r'] = 1; qname['\r'] = 'r';
	qclass['\t'] = 1; qname['\t'] = 't';
	qclass['\v'] = 1; qname['\v'] = 'v';
	qinit = true;
}

static const char hexd[] = "0123456789abcdef";

static bool needs_hex(const uint8_t *s, size_t n, bool cstr)
{
	size_t i;

	for (i = 0; i < n; i++) {
		uint8_t c = s[i];

		if (cstr && c == 0)
			break;
		if (c > 0x7e)
			return true;
		if (c < 0x20 && (unsigned)(c - 9) >= 5)
			return true;
	}
	return false;
}

void quote_hex(struct sbuf *sb, const uint8_t *s, size_t len, size_t max,
	       bool more)
{
	size_t n = len < max ? len : max, i;
	char *p = sbuf_room(sb, n * 4 + 5);

	if (!p)
		return;
	*p++ = '"';
	for (i = 0; i < n; i++) {
		*p++ = '\\';
		*p++ = 'x';
		*p++ = hexd[s[i] >> 4];
		*p++ = hexd[s[i] & 15];
	}
	*p++ = '"';
	sb->len = (size_t)(p - sb->buf);
	if (more || len > max)
		sbuf_add(sb, "...", 3);
}

void quote_str(struct sbuf *sb, const uint8_t *s, size_t len, size_t max,
	       bool more, int xflag, bool cstr)
{
	size_t n = len < max ? len : max, i;
	char *p;

	if (!qinit)
		init_tables();
	if (cstr) {
		const uint8_t *z = memchr(s, 0, n);

		if (z) {
			/* the string ends inside the shown part */
			n = (size_t)(z - s);
			len = n;
			more = false;
		}
	}
	if (xflag == QX_ALL || (xflag == QX_NONASCII && needs_hex(s, n, cstr))) {
		quote_hex(sb, s, n, n, more || len > max);
		return;
	}
	p = sbuf_room(sb, n * 4 + 5);
	if (!p)
		return;
	*p++ = '"';
	for (i = 0; i < n; i++) {
		uint8_t c = s[i];

		switch (qclass[c]) {
		case 0:
			*p++ = (char)c;
			break;
		case 1:
			*p++ = '\\';
			*p++ = qname[c];
			break;
		default:
			*p++ = '\\';
			if (i + 1 < n && s[i + 1] >= '0' && s[i + 1] <= '7') {
				*p++ = (char)('0' + (c >> 6));
				*p++ = (char)('0' + ((c >> 3) & 7));
				*p++ = (char)('0' + (c & 7));
			} else {
				if (c >> 6)
					*p++ = (char)('0' + (c >> 6));
				if (c >> 3)
					*p++ = (char)('0' + ((c >> 3) & 7));
				*p++ = (char)('0' + (c & 7));
			}
			break;
		}
	}
	*p++ = '"';
	sb->len = (size_t)(p - sb->buf);
	if (more || len > max)
		sbuf_add(sb, "...", 3);
}

void quote_go(struct sbuf *sb, const uint8_t *s, size_t len)
{
	char *p = sbuf_room(sb, len * 4 + 2);
	size_t i;

	if (!p)
		return;
	*p++ = '"';
	for (i = 0; i < len; i++) {
		uint8_t c = s[i];

		switch (c) {
		case '\a': *p++ = '\\'; *p++ = 'a'; break;
		case '\b': *p++ = '\\'; *p++ = 'b'; break;
		case '\f': *p++ = '\\'; *p++ = 'f'; break;
		case '\n': *p++ = '\\'; *p++ = 'n'; break;
		case '\r': *p++ = '\\'; *p++ = 'r'; break;
		case '\t': *p++ = '\\'; *p++ = 't'; break;
		case '\v': *p++ = '\\'; *p++ = 'v'; break;
		case '\\': *p++ = '\\'; *p++ = '\\'; break;
		case '"': *p++ = '\\'; *p++ = '"'; break;
		default:
			if (c >= 0x20 && c < 0x7f) {
				*p++ = (char)c;
			} else {
				*p++ = '\\';
				*p++ = 'x';
				*p++ = hexd[c >> 4];
				*p++ = hexd[c & 15];
			}
		}
	}
	*p++ = '"';
	sb->len = (size_t)(p - sb->buf);
}
