/* SPDX-License-Identifier: MIT */
/*
 * jsonw.h - a small streaming JSON writer into a growable memory buffer.
 * Commas and nesting are tracked for the caller; strings of arbitrary
 * bytes are escaped so that the output is always valid JSON (RFC 8259):
 * valid UTF-8 is copied, control characters and '"' '\' are escaped, and
 * each byte that is not part of a valid UTF-8 sequence is written as the
 * code point U+0080..U+00FF of the same value ("\u00XX"), so nothing is
 * dropped and jq accepts every line.
 *
 * Owner: tl-convert's JSON output (convert/json.c); also used by the
 * SQLite output for its args column (convert/sqldb.c) and by tl-analyze's
 * --json. The buffer belongs to the struct; jsonw_release() frees it.
 *
 * Errors: allocation failure is sticky (w->err = -ENOMEM); every call
 * becomes a no-op afterwards and jsonw_flush() returns the error.
 */
#ifndef TL_JSONW_H
#define TL_JSONW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define JSONW_MAX_DEPTH	32

struct jsonw {
	char *buf;		/* output so far (not NUL-terminated) */
	size_t len, cap;
	int err;		/* -ENOMEM once an allocation failed */
	int depth;		/* open objects/arrays */
	bool first[JSONW_MAX_DEPTH];	/* nothing written yet at this level */
	bool after_key;		/* a key was written, its value comes next */
};

void jsonw_init(struct jsonw *w);
void jsonw_release(struct jsonw *w);
/* Forgets the output (keeps the buffer); the nesting must be closed. */
void jsonw_reset(struct jsonw *w);

void jsonw_obj_open(struct jsonw *w);
void jsonw_obj_close(struct jsonw *w);
void jsonw_arr_open(struct jsonw *w);
void jsonw_arr_close(struct jsonw *w);
/* Object member name; the next value call writes its value. */
void jsonw_key(struct jsonw *w, const char *key);

void jsonw_int(struct jsonw *w, int64_t v);
void jsonw_uint(struct jsonw *w, uint64_t v);
void jsonw_bool(struct jsonw *w, bool v);
void jsonw_null(struct jsonw *w);
/* A string of `len` arbitrary bytes (NUL bytes included). */
void jsonw_strn(struct jsonw *w, const void *s, size_t len);
/* A NUL-terminated string; NULL writes null. */
void jsonw_str(struct jsonw *w, const char *s);
/* `len` bytes as a string of lowercase hex digits. */
void jsonw_hex(struct jsonw *w, const void *p, size_t len);
/* Pre-formatted JSON text, written as one value (caller guarantees it). */
void jsonw_raw(struct jsonw *w, const char *json, size_t len);

/* key + value shorthands */
static inline void jsonw_kint(struct jsonw *w, const char *k, int64_t v)
{
	jsonw_key(w, k);
	jsonw_int(w, v);
}
static inline void jsonw_kuint(struct jsonw *w, const char *k, uint64_t v)
{
	jsonw_key(w, k);
	jsonw_uint(w, v);
}
static inline void jsonw_kstr(struct jsonw *w, const char *k, const char *s)
{
	jsonw_key(w, k);
	jsonw_str(w, s);
}
static inline void jsonw_kbool(struct jsonw *w, const char *k, bool v)
{
	jsonw_key(w, k);
	jsonw_bool(w, v);
}
static inline void jsonw_knull(struct jsonw *w, const char *k)
{
	jsonw_key(w, k);
	jsonw_null(w);
}

/* Appends a raw character / bytes (for separators such as '\n'). */
void jsonw_putc(struct jsonw *w, char c);

/* Writes the buffer to f and resets it. 0, w->err, or -EIO. */
int jsonw_flush(struct jsonw *w, FILE *f);

/* The output as a NUL-terminated string (valid until the next call);
 * NULL after an allocation failure. */
const char *jsonw_cstr(struct jsonw *w);

#endif /* TL_JSONW_H */
