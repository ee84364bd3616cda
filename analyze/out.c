// SPDX-License-Identifier: MIT
/*
 * out.c - JSON writer, HTML escaping and text/JSON/HTML tables for
 * tl-analyze (see out.h).
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "out.h"

/* Length of the valid UTF-8 sequence at s (at most `len` bytes), or 0. */
static size_t utf8_seq(const unsigned char *s, size_t len)
{
	size_t n, i;
	uint32_t cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	if (n > len)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

size_t ana_utf8_width(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t w = 0, len = strlen(s), n;

	while (len) {
		n = utf8_seq(p, len);
		if (!n)
			n = 1;
		p += n;
		len -= n;
		w++;
	}
	return w;
}

/* ------------------------------------------------------------ JSON */

void ana_json_escape(FILE *f, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n;

	while (len) {
		unsigned char c = *p;

		if (c == '"' || c == '\\') {
			fputc('\\', f);
			fputc(c, f);
			n = 1;
		} else if (c == '\n') {
			fputs("\\n", f);
			n = 1;
		} else if (c == '\t') {
			fputs("\\t", f);
			n = 1;
		} else if (c == '\r') {
			fputs("\\r", f);
			n = 1;
		} else if (c < 0x20 || c == 0x7f) {
			fprintf(f, "\\u%04x", c);
			n = 1;
		} else if (c < 0x80) {
			fputc(c, f);
			n = 1;
		} else {
			n = utf8_seq(p, len);
			if (n) {
				fwrite(p, 1, n, f);
			} else {
				/* not UTF-8: keep the byte as U+00XX */
				fprintf(f, "\\u%04x", c);
				n = 1;
			}
		}
		p += n;
		len -= n;
	}
}

void ana_jw_init(struct ana_jw *w, FILE *f)
{
	memset(w, 0, sizeof(*w));
	w->f = f;
}

static void jw_sep(struct ana_jw *w)
{
	if (w->after_key) {
		w->after_key = false;
		return;
	}
	if (w->depth > 0 && w->depth <= ANA_JW_DEPTH) {
		if (w->need_comma[w->depth - 1])
			fputc(',', w->f);
		w->need_comma[w->depth - 1] = true;
	}
}

static void jw_open(struct ana_jw *w, char c)
{
	jw_sep(w);
	fputc(c, w->f);
	if (w->depth < ANA_JW_DEPTH)
		w->need_comma[w->depth] = false;
	w->depth++;
}

static void jw_close(struct ana_jw *w, char c)
{
	if (w->depth > 0)
		w->depth--;
	fputc(c, w->f);
	if (w->depth == 0)
		fputc('\n', w->f);
}

void ana_jw_obj(struct ana_jw *w) { jw_open(w, '{'); }
void ana_jw_obj_end(struct ana_jw *w) { jw_close(w, '}'); }
void ana_jw_arr(struct ana_jw *w) { jw_open(w, '['); }
void ana_jw_arr_end(struct ana_jw *w) { jw_close(w, ']'); }

void ana_jw_key(struct ana_jw *w, const char *key)
{
	jw_sep(w);
	fputc('"', w->f);
	ana_json_escape(w->f, key, strlen(key));
	fputs("\":", w->f);
	w->after_key = true;
}

void ana_jw_strn(struct ana_jw *w, const char *s, size_t len)
{
	jw_sep(w);
	fputc('"', w->f);
	ana_json_escape(w->f, s, len);
	fputc('"', w->f);
}

void ana_jw_str(struct ana_jw *w, const char *s)
{
	if (!s) {
		ana_jw_null(w);
		return;
	}
	ana_jw_strn(w, s, strlen(s));
}

void ana_jw_int(struct ana_jw *w, int64_t v)
{
	jw_sep(w);
	fprintf(w->f, "%" PRId64, v);
}

void ana_jw_uint(struct ana_jw *w, uint64_t v)
{
	jw_sep(w);
	fprintf(w->f, "%" PRIu64, v);
}

void ana_jw_double(struct ana_jw *w, double v, int decimals)
{
	jw_sep(w);
	if (!isfinite(v))
		fputs("null", w->f);
	else
		fprintf(w->f, "%.*f", decimals, v);
}

void ana_jw_bool(struct ana_jw *w, bool v)
{
	jw_sep(w);
	fputs(v ? "true" : "false", w->f);
}

void ana_jw_null(struct ana_jw *w)
{
	jw_sep(w);
	fputs("null", w->f);
}

void ana_jw_kstr(struct ana_jw *w, const char *key, const char *s)
{
	ana_jw_key(w, key);
	ana_jw_str(w, s);
}

void ana_jw_kint(struct ana_jw *w, const char *key, int64_t v)
{
	ana_jw_key(w, key);
	ana_jw_int(w, v);
}

void ana_jw_kuint(struct ana_jw *w, const char *key, uint64_t v)
{
	ana_jw_key(w, key);
	ana_jw_uint(w, v);
}

void ana_jw_kbool(struct ana_jw *w, const char *key, bool v)
{
	ana_jw_key(w, key);
	ana_jw_bool(w, v);
}

/* ------------------------------------------------------------ HTML */

void ana_html_escape(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s), n;

	while (len) {
		unsigned char c = *p;

		n = 1;
		switch (c) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&#39;", f); break;
		case '\n': case '\t': fputc(c, f); break;
		default:
			if (c < 0x20 || c == 0x7f) {
				fprintf(f, "\\x%02x", c);
			} else if (c < 0x80) {
				fputc(c, f);
			} else {
				n = utf8_seq(p, len);
				if (n) {
					fwrite(p, 1, n, f);
				} else {
					fprintf(f, "\\x%02x", c);
					n = 1;
				}
			}
		}
		p += n;
		len -= n;
	}
}

/* ------------------------------------------------------------ tables */

struct ana_table *ana_table__new(const struct ana_col *cols, size_t ncols)
{
	struct ana_table *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->cols = cols;
	t->ncols = ncols;
	return t;
}

void ana_table__free(struct ana_table *t)
{
	size_t i;

	if (!t)
		return;
	for (i = 0; i < t->nrows * t->ncols; i++) {
		free(t->cells[i].text);
		free(t->cells[i].jstr);
	}
	free(t->cells);
	free(t);
}

int ana_table__row(struct ana_table *t)
{
	void *cells = t->cells;
	size_t cap = t->cap;
	int err;

	err = tl_grow(&cells, &cap, (t->nrows + 1) * t->ncols,
		      sizeof(struct ana_cell));
	if (err)
		return err;
	t->cells = cells;
	t->cap = cap;
	memset(&t->cells[t->nrows * t->ncols], 0,
	       t->ncols * sizeof(struct ana_cell));
	t->nrows++;
	return 0;
}

static struct ana_cell *cell(struct ana_table *t, size_t col)
{
	struct ana_cell *c;

	if (!t->nrows || col >= t->ncols)
		return NULL;
	c = &t->cells[(t->nrows - 1) * t->ncols + col];
	free(c->text);
	free(c->jstr);
	memset(c, 0, sizeof(*c));
	return c;
}

__attribute__((format(printf, 2, 0)))
static int set_text(struct ana_cell *c, const char *fmt, va_list ap)
{
	if (vasprintf(&c->text, fmt, ap) < 0) {
		c->text = NULL;
		return -ENOMEM;
	}
	return 0;
}

int ana_table__str(struct ana_table *t, size_t col, const char *s)
{
	struct ana_cell *c = cell(t, col);

	if (!c)
		return -EINVAL;
	if (!s)
		return 0;
	c->jtype = ANA_J_STR;
	c->text = strdup(s);
	c->jstr = strdup(s);
	return c->text && c->jstr ? 0 : -ENOMEM;
}

int ana_table__int(struct ana_table *t, size_t col, int64_t v)
{
	return ana_table__int_fmt(t, col, v, "%" PRId64, v);
}

int ana_table__uint(struct ana_table *t, size_t col, uint64_t v)
{
	return ana_table__uint_fmt(t, col, v, "%" PRIu64, v);
}

int ana_table__int_fmt(struct ana_table *t, size_t col, int64_t v,
		       const char *fmt, ...)
{
	struct ana_cell *c = cell(t, col);
	va_list ap;
	int err;

	if (!c)
		return -EINVAL;
	c->jtype = ANA_J_INT;
	c->i = v;
	va_start(ap, fmt);
	err = set_text(c, fmt, ap);
	va_end(ap);
	return err;
}

int ana_table__uint_fmt(struct ana_table *t, size_t col, uint64_t v,
			const char *fmt, ...)
{
	struct ana_cell *c = cell(t, col);
	va_list ap;
	int err;

	if (!c)
		return -EINVAL;
	c->jtype = ANA_J_UINT;
	c->u = v;
	va_start(ap, fmt);
	err = set_text(c, fmt, ap);
	va_end(ap);
	return err;
}

int ana_table__double_fmt(struct ana_table *t, size_t col, double v,
			  int decimals, const char *fmt, ...)
{
	struct ana_cell *c = cell(t, col);
	va_list ap;
	int err;

	if (!c)
		return -EINVAL;
	c->jtype = ANA_J_DOUBLE;
	c->d = v;
	c->decimals = decimals;
	va_start(ap, fmt);
	err = set_text(c, fmt, ap);
	va_end(ap);
	return err;
}

int ana_table__null(struct ana_table *t, size_t col, const char *text)
{
	struct ana_cell *c = cell(t, col);

	if (!c)
		return -EINVAL;
	if (text && !(c->text = strdup(text)))
		return -ENOMEM;
	return 0;
}

int ana_table__raw(struct ana_table *t, size_t col, const char *json,
		   const char *text)
{
	struct ana_cell *c = cell(t, col);

	if (!c)
		return -EINVAL;
	c->jtype = ANA_J_RAW;
	c->jstr = strdup(json);
	if (!c->jstr)
		return -ENOMEM;
	if (text && !(c->text = strdup(text)))
		return -ENOMEM;
	return 0;
}

static const char *ctext(const struct ana_cell *c)
{
	return c->text ? c->text : "";
}

static void pad(FILE *f, size_t n)
{
	while (n--)
		fputc(' ', f);
}

void ana_table__print_text(const struct ana_table *t, FILE *f, int indent)
{
	size_t *w, r, c, last = 0;

	w = calloc(t->ncols, sizeof(*w));
	if (!w)
		return;
	for (c = 0; c < t->ncols; c++) {
		if (t->cols[c].no_text)
			continue;
		last = c;
		w[c] = ana_utf8_width(t->cols[c].title);
		for (r = 0; r < t->nrows; r++) {
			size_t cw = ana_utf8_width(ctext(&t->cells[r * t->ncols + c]));

			if (cw > w[c])
				w[c] = cw;
		}
	}
	for (r = 0; r <= t->nrows; r++) {
		bool first = true;

		pad(f, indent);
		for (c = 0; c < t->ncols; c++) {
			const char *s;
			size_t sw;

			if (t->cols[c].no_text)
				continue;
			s = r == 0 ? t->cols[c].title :
				ctext(&t->cells[(r - 1) * t->ncols + c]);
			sw = ana_utf8_width(s);
			if (!first)
				fputs("  ", f);
			first = false;
			if (t->cols[c].align == ANA_RIGHT) {
				pad(f, w[c] - sw);
				fputs(s, f);
			} else {
				fputs(s, f);
				if (c != last)
					pad(f, w[c] - sw);
			}
		}
		fputc('\n', f);
	}
	free(w);
}

void ana_table__print_json(const struct ana_table *t, struct ana_jw *w)
{
	size_t r, c;

	ana_jw_arr(w);
	for (r = 0; r < t->nrows; r++) {
		ana_jw_obj(w);
		for (c = 0; c < t->ncols; c++) {
			const struct ana_cell *ce = &t->cells[r * t->ncols + c];

			if (!t->cols[c].key)
				continue;
			ana_jw_key(w, t->cols[c].key);
			switch (ce->jtype) {
			case ANA_J_STR: ana_jw_str(w, ce->jstr); break;
			case ANA_J_INT: ana_jw_int(w, ce->i); break;
			case ANA_J_UINT: ana_jw_uint(w, ce->u); break;
			case ANA_J_DOUBLE: ana_jw_double(w, ce->d, ce->decimals); break;
			case ANA_J_RAW:
				/* a value written elsewhere: emit verbatim */
				if (w->after_key)
					w->after_key = false;
				fputs(ce->jstr, w->f);
				break;
			default: ana_jw_null(w); break;
			}
		}
		ana_jw_obj_end(w);
	}
	ana_jw_arr_end(w);
}

void ana_table__print_html(const struct ana_table *t, FILE *f,
			   const char *cls)
{
	size_t r, c;

	if (cls)
		fprintf(f, "<table class=\"%s\">\n<thead><tr>", cls);
	else
		fputs("<table>\n<thead><tr>", f);
	for (c = 0; c < t->ncols; c++) {
		if (t->cols[c].no_text)
			continue;
		fputs(t->cols[c].align == ANA_RIGHT ? "<th class=\"r\">" : "<th>", f);
		ana_html_escape(f, t->cols[c].title);
		fputs("</th>", f);
	}
	fputs("</tr></thead>\n<tbody>\n", f);
	for (r = 0; r < t->nrows; r++) {
		fputs("<tr>", f);
		for (c = 0; c < t->ncols; c++) {
			if (t->cols[c].no_text)
				continue;
			fputs(t->cols[c].align == ANA_RIGHT ? "<td class=\"r\">" : "<td>", f);
			ana_html_escape(f, ctext(&t->cells[r * t->ncols + c]));
			fputs("</td>", f);
		}
		fputs("</tr>\n", f);
	}
	fputs("</tbody></table>\n", f);
}
