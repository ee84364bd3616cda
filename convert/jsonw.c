// SPDX-License-Identifier: MIT
/*
 * jsonw.c - streaming JSON writer with byte-exact string escaping. The
 * escaping keeps valid UTF-8 (RFC 3629: no overlongs, no surrogates, at
 * most U+10FFFF), writes control characters and DEL as escapes, and maps
 * every other byte b >= 0x80 to "\u00XX".
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "jsonw.h"

void jsonw_init(struct jsonw *w)
{
	memset(w, 0, sizeof(*w));
	w->first[0] = true;
}

void jsonw_release(struct jsonw *w)
{
	free(w->buf);
	w->buf = NULL;
	w->len = w->cap = 0;
}

void jsonw_reset(struct jsonw *w)
{
	w->len = 0;
	w->depth = 0;
	w->first[0] = true;
	w->after_key = false;
}

static bool reserve(struct jsonw *w, size_t more)
{
	if (w->err)
		return false;
	if (w->len + more <= w->cap)
		return true;
	if (w->len + more < w->len ||
	    tl_grow((void **)&w->buf, &w->cap, w->len + more, 1)) {
		w->err = -ENOMEM;
		return false;
	}
	return true;
}

static inline void put(struct jsonw *w, const char *s, size_t n)
{
	if (!reserve(w, n))
		return;
	memcpy(w->buf + w->len, s, n);
	w->len += n;
}

void jsonw_putc(struct jsonw *w, char c)
{
	if (!reserve(w, 1))
		return;
	w->buf[w->len++] = c;
}

/* Before any value or key: the comma between siblings. */
static void sep(struct jsonw *w)
{
	if (w->after_key) {
		w->after_key = false;
		return;
	}
	if (w->depth < JSONW_MAX_DEPTH) {
		if (!w->first[w->depth])
			jsonw_putc(w, ',');
		w->first[w->depth] = false;
	}
}

static void open_level(struct jsonw *w, char c)
{
	sep(w);
	jsonw_putc(w, c);
	w->depth++;
	if (w->depth < JSONW_MAX_DEPTH)
		w->first[w->depth] = true;
}

static void close_level(struct jsonw *w, char c)
{
	if (w->depth > 0)
		w->depth--;
	jsonw_putc(w, c);
	if (w->depth == 0)
		w->first[0] = true;
}

void jsonw_obj_open(struct jsonw *w)
{
	open_level(w, '{');
}

void jsonw_obj_close(struct jsonw *w)
{
	close_level(w, '}');
}

void jsonw_arr_open(struct jsonw *w)
{
	open_level(w, '[');
}

void jsonw_arr_close(struct jsonw *w)
{
	close_level(w, ']');
}

static const char hexd[] = "0123456789abcdef";

/* Length of the valid UTF-8 sequence at s (n bytes left), 0 if invalid. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) {
		if (n >= 2 && (s[1] & 0xc0) == 0x80)
			return 2;
		return 0;
	}
	if (c >= 0xe0 && c <= 0xef) {
		if (n < 3 || (s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80)
			return 0;
		if (c == 0xe0 && s[1] < 0xa0)
			return 0;		/* overlong */
		if (c == 0xed && s[1] >= 0xa0)
			return 0;		/* UTF-16 surrogate */
		return 3;
	}
	if (c >= 0xf0 && c <= 0xf4) {
		if (n < 4 || (s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80 ||
		    (s[3] & 0xc0) != 0x80)
			return 0;
		if (c == 0xf0 && s[1] < 0x90)
			return 0;		/* overlong */
		if (c == 0xf4 && s[1] >= 0x90)
			return 0;		/* above U+10FFFF */
		return 4;
	}
	return 0;
}

static void put_escaped(struct jsonw *w, const unsigned char *s, size_t n)
{
	size_t i = 0, run;

	/* worst case 6 bytes per input byte, plus the quotes */
	if (!reserve(w, n * 6 + 2))
		return;
	w->buf[w->len++] = '"';
	while (i < n) {
		unsigned char c = s[i];
		char *o = w->buf + w->len;

		if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
			/* copy the plain ASCII run at once */
			run = i + 1;
			while (run < n && s[run] >= 0x20 && s[run] < 0x7f &&
			       s[run] != '"' && s[run] != '\\')
				run++;
			memcpy(o, s + i, run - i);
			w->len += run - i;
			i = run;
			continue;
		}
		if (c >= 0x80) {
			size_t ul = utf8_len(s + i, n - i);

			if (ul) {
				memcpy(o, s + i, ul);
				w->len += ul;
				i += ul;
				continue;
			}
			/* invalid byte: the code point of the same value */
		}
		o[0] = '\\';
		switch (c) {
		case '"':  o[1] = '"';  w->len += 2; break;
		case '\\': o[1] = '\\'; w->len += 2; break;
		case '\n': o[1] = 'n';  w->len += 2; break;
		case '\t': o[1] = 't';  w->len += 2; break;
		case '\r': o[1] = 'r';  w->len += 2; break;
		case '\b': o[1] = 'b';  w->len += 2; break;
		case '\f': o[1] = 'f';  w->len += 2; break;
		default:
			o[1] = 'u';
			o[2] = '0';
			o[3] = '0';
			o[4] = hexd[c >> 4];
			o[5] = hexd[c & 15];
			w->len += 6;
		}
		i++;
	}
	w->buf[w->len++] = '"';
}

void jsonw_key(struct jsonw *w, const char *key)
{
	sep(w);
	put_escaped(w, (const unsigned char *)key, strlen(key));
	jsonw_putc(w, ':');
	w->after_key = true;
}

void jsonw_strn(struct jsonw *w, const void *s, size_t len)
{
	sep(w);
	put_escaped(w, s, len);
}

void jsonw_str(struct jsonw *w, const char *s)
{
	if (!s) {
		jsonw_null(w);
		return;
	}
	jsonw_strn(w, s, strlen(s));
}

void jsonw_hex(struct jsonw *w, const void *p, size_t len)
{
	const unsigned char *b = p;
	size_t i;

	sep(w);
	if (!reserve(w, 2 * len + 2))
		return;
	w->buf[w->len++] = '"';
	for (i = 0; i < len; i++) {
		w->buf[w->len++] = hexd[b[i] >> 4];
		w->buf[w->len++] = hexd[b[i] & 15];
	}
	w->buf[w->len++] = '"';
}

/* Digits of v, written backwards into the end of tmp; returns the start. */
static char *utoa_rev(uint64_t v, char *end)
{
	char *p = end;

	do {
		*--p = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	return p;
}

void jsonw_uint(struct jsonw *w, uint64_t v)
{
	char tmp[24];
	char *p = utoa_rev(v, tmp + sizeof(tmp));

	sep(w);
	put(w, p, (size_t)(tmp + sizeof(tmp) - p));
}

void jsonw_int(struct jsonw *w, int64_t v)
{
	char tmp[24];
	uint64_t u = v < 0 ? -(uint64_t)v : (uint64_t)v;
	char *p = utoa_rev(u, tmp + sizeof(tmp));

	if (v < 0)
		*--p = '-';
	sep(w);
	put(w, p, (size_t)(tmp + sizeof(tmp) - p));
}

void jsonw_bool(struct jsonw *w, bool v)
{
	sep(w);
	if (v)
		put(w, "true", 4);
	else
		put(w, "false", 5);
}

void jsonw_null(struct jsonw *w)
{
	sep(w);
	put(w, "null", 4);
}

void jsonw_raw(struct jsonw *w, const char *json, size_t len)
{
	sep(w);
	put(w, json, len);
}

int jsonw_flush(struct jsonw *w, FILE *f)
{
	if (w->err)
		return w->err;
	errno = 0;
	if (w->len && fwrite(w->buf, 1, w->len, f) != w->len)
		return errno ? -errno : -EIO;
	w->len = 0;
	return 0;
}

const char *jsonw_cstr(struct jsonw *w)
{
	if (!reserve(w, 1))
		return NULL;
	w->buf[w->len] = '\0';
	return w->buf;
}
