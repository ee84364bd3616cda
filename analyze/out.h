/* SPDX-License-Identifier: MIT */
/*
 * out.h - tl-analyze's output helpers: a streaming JSON writer, HTML
 * escaping, and tables that render as aligned text (default), as a JSON
 * array of objects (--json) or as an HTML <table> (report).
 *
 * Ownership: a table copies every string given to it and frees them in
 * ana_table__free(). The JSON writer writes straight to its FILE.
 */
#ifndef TL_ANA_OUT_H
#define TL_ANA_OUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* ------------------------------------------------------------ JSON */

#define ANA_JW_DEPTH 2048

struct ana_jw {
	FILE *f;
	int depth;
	bool need_comma[ANA_JW_DEPTH];
	bool after_key;
};

void ana_jw_init(struct ana_jw *w, FILE *f);
void ana_jw_obj(struct ana_jw *w);		/* { */
void ana_jw_obj_end(struct ana_jw *w);		/* } */
void ana_jw_arr(struct ana_jw *w);		/* [ */
void ana_jw_arr_end(struct ana_jw *w);		/* ] */
void ana_jw_key(struct ana_jw *w, const char *key);
void ana_jw_str(struct ana_jw *w, const char *s);	/* NULL -> null */
void ana_jw_strn(struct ana_jw *w, const char *s, size_t len);
void ana_jw_int(struct ana_jw *w, int64_t v);
void ana_jw_uint(struct ana_jw *w, uint64_t v);
void ana_jw_double(struct ana_jw *w, double v, int decimals);
void ana_jw_bool(struct ana_jw *w, bool v);
void ana_jw_null(struct ana_jw *w);
/* Shorthands: key + value. */
void ana_jw_kstr(struct ana_jw *w, const char *key, const char *s);
void ana_jw_kint(struct ana_jw *w, const char *key, int64_t v);
void ana_jw_kuint(struct ana_jw *w, const char *key, uint64_t v);
void ana_jw_kbool(struct ana_jw *w, const char *key, bool v);
/* Writes a JSON string body (escaped, without quotes). */
void ana_json_escape(FILE *f, const char *s, size_t len);

/* ------------------------------------------------------------ HTML */

/* Writes s with & < > " ' escaped; bytes that are not valid UTF-8 and
 * control characters become U+FFFD-free "\xNN" text. */
void ana_html_escape(FILE *f, const char *s);

/* ------------------------------------------------------------ tables */

enum ana_align {
	ANA_LEFT = 0,
	ANA_RIGHT = 1,
};

struct ana_col {
	const char *title;	/* text/HTML header, e.g. "ERRNO" */
	const char *key;	/* JSON key; NULL = not in JSON */
	int align;		/* enum ana_align */
	bool no_text;		/* JSON only (e.g. raw ns times) */
};

enum ana_jtype {
	ANA_J_NULL = 0,
	ANA_J_STR,
	ANA_J_INT,
	ANA_J_UINT,
	ANA_J_DOUBLE,
	ANA_J_RAW,		/* jstr is already JSON (arrays) */
};

struct ana_cell {
	char *text;		/* shown in text and HTML; NULL = "" */
	char *jstr;		/* ANA_J_STR / ANA_J_RAW */
	int jtype;
	int decimals;		/* ANA_J_DOUBLE */
	union {
		int64_t i;
		uint64_t u;
		double d;
	};
};

struct ana_table {
	const struct ana_col *cols;
	size_t ncols;
	size_t nrows, cap;
	struct ana_cell *cells;	/* nrows * ncols */
};

struct ana_table *ana_table__new(const struct ana_col *cols, size_t ncols);
void ana_table__free(struct ana_table *t);
/* Starts a new row (all cells null/empty). 0 or -ENOMEM. */
int ana_table__row(struct ana_table *t);
/* Setters act on the last row; they return 0 or -ENOMEM. */
int ana_table__str(struct ana_table *t, size_t col, const char *s);
int ana_table__int(struct ana_table *t, size_t col, int64_t v);
int ana_table__uint(struct ana_table *t, size_t col, uint64_t v);
/* Text shown differs from the JSON value. */
__attribute__((format(printf, 4, 5)))
int ana_table__int_fmt(struct ana_table *t, size_t col, int64_t v,
		       const char *fmt, ...);
__attribute__((format(printf, 4, 5)))
int ana_table__uint_fmt(struct ana_table *t, size_t col, uint64_t v,
			const char *fmt, ...);
__attribute__((format(printf, 5, 6)))
int ana_table__double_fmt(struct ana_table *t, size_t col, double v,
			  int decimals, const char *fmt, ...);
/* JSON null, text as given (may be NULL). */
int ana_table__null(struct ana_table *t, size_t col, const char *text);
/* A raw JSON value (e.g. an array built elsewhere) with its text form. */
int ana_table__raw(struct ana_table *t, size_t col, const char *json,
		   const char *text);

/* Aligned text: a header line, then one line per row; `indent` spaces
 * before each line; columns separated by two spaces; the last column is
 * not padded. Display width counts UTF-8 characters. */
void ana_table__print_text(const struct ana_table *t, FILE *f, int indent);
/* A JSON array of objects, one per row. */
void ana_table__print_json(const struct ana_table *t, struct ana_jw *w);
/* An HTML <table>, with class `cls` (may be NULL). */
void ana_table__print_html(const struct ana_table *t, FILE *f,
			   const char *cls);

/* Display width of a UTF-8 string (code points; box-drawing and Latin
 * characters are one column wide). */
size_t ana_utf8_width(const char *s);

#endif /* TL_ANA_OUT_H */
