// SPDX-License-Identifier: MIT
/*
 * sql.c - `tl-analyze sql "SELECT ..."`: loads the events into an
 * in-memory SQLite database with tl-convert's schema (convert/sqldb.c,
 * documented in docs/sqlite-schema.md) and runs the statement(s), printing
 * each result set as a table (or JSON rows with --json).
 */
#include <errno.h>
#include <inttypes.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "ana.h"
#include "internal.h"
#include "sqldb.h"

struct ana_sql {
	struct tl_sqldb *db;
	bool files_added;
};

static int sql_begin(struct ana_ctx *c, void **state)
{
	struct ana_sql *s = calloc(1, sizeof(*s));
	const char *msg = NULL;
	unsigned i;
	int err;

	if (!s)
		return -ENOMEM;
	*state = s;
	s->db = tl_sqldb__open(":memory:", &msg);
	if (!s->db) {
		ana_msg(1, "sql: cannot create the database: %s", msg ? msg : strerror(errno));
		return -EIO;
	}
	for (i = 0; i < c->nfiles; i++) {
		err = tl_sqldb__add_file(s->db, c->files[i]);
		if (err) {
			ana_msg(1, "sql: %s", tl_sqldb__errmsg(s->db));
			return err;
		}
	}
	return 0;
}

static int sql_event(struct ana_ctx *c, void *state, const struct tl_event *ev,
		     struct ana_proc *p)
{
	struct ana_sql *s = state;
	int err;

	(void)p;
	err = tl_sqldb__add_event(s->db, ev, c->dec);
	if (err)
		ana_msg(1, "sql: %s", tl_sqldb__errmsg(s->db));
	return err;
}

/* Runs one prepared statement, printing its rows. */
static int run_stmt(struct ana_ctx *c, sqlite3 *h, sqlite3_stmt *st,
		    struct ana_jw *w, bool *first_set)
{
	int ncol = sqlite3_column_count(st), i, rc;
	struct ana_col *cols = NULL;
	struct ana_table *t = NULL;
	int err = 0;

	if (ncol > 0) {
		cols = calloc((size_t)ncol, sizeof(*cols));
		if (!cols)
			return -ENOMEM;
		for (i = 0; i < ncol; i++) {
			const char *name = sqlite3_column_name(st, i);

			cols[i].title = name ? name : "?";
			cols[i].key = cols[i].title;
		}
		t = ana_table__new(cols, (size_t)ncol);
		if (!t) {
			free(cols);
			return -ENOMEM;
		}
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && !err) {
		err = ana_table__row(t);
		for (i = 0; i < ncol && !err; i++) {
			switch (sqlite3_column_type(st, i)) {
			case SQLITE_INTEGER:
				err = ana_table__int(t, (size_t)i, sqlite3_column_int64(st, i));
				cols[i].align = ANA_RIGHT;
				break;
			case SQLITE_FLOAT: {
				double d = sqlite3_column_double(st, i);

				err = ana_table__double_fmt(t, (size_t)i, d, 6, "%g", d);
				cols[i].align = ANA_RIGHT;
				break;
			}
			case SQLITE_NULL:
				err = ana_table__null(t, (size_t)i, "NULL");
				break;
			case SQLITE_BLOB: {
				const unsigned char *b = sqlite3_column_blob(st, i);
				int n = sqlite3_column_bytes(st, i), k;
				char *hex = malloc((size_t)n * 2 + 1);

				if (!hex) {
					err = -ENOMEM;
					break;
				}
				for (k = 0; k < n; k++)
					sprintf(hex + 2 * k, "%02x", b[k]);
				hex[2 * n] = 0;
				err = ana_table__str(t, (size_t)i, hex);
				free(hex);
				break;
			}
			default:
				err = ana_table__str(t, (size_t)i,
					(const char *)sqlite3_column_text(st, i));
				break;
			}
		}
	}
	if (!err && rc != SQLITE_DONE && rc != SQLITE_ROW) {
		ana_msg(1, "sql: %s", sqlite3_errmsg(h));
		err = -EINVAL;
	}
	if (!err && t) {
		if (c->opts->json) {
			ana_table__print_json(t, w);
		} else {
			if (*first_set)
				fputc('\n', c->out);
			ana_table__print_text(t, c->out, 0);
			fprintf(c->out, "(%zu row%s)\n", t->nrows, t->nrows == 1 ? "" : "s");
		}
		*first_set = true;
	}
	ana_table__free(t);
	free(cols);
	return err;
}

static int sql_end(struct ana_ctx *c, void *state)
{
	struct ana_sql *s = state;
	const char *sqltext = c->opts->sql, *tail;
	struct ana_jw w;
	sqlite3 *h;
	bool first_set = false;
	int err;

	err = tl_sqldb__finish(s->db);
	if (err) {
		ana_msg(1, "sql: %s", tl_sqldb__errmsg(s->db));
		return err;
	}
	h = tl_sqldb__handle(s->db);
	if (c->opts->json) {
		ana_jw_init(&w, c->out);
		ana_jw_obj(&w);
		ana_jw_kstr(&w, "query", "sql");
		ana_jw_kstr(&w, "sql", sqltext);
		ana_jw_key(&w, "results");
		ana_jw_arr(&w);
	}
	while (sqltext && *sqltext) {
		sqlite3_stmt *st = NULL;

		if (sqlite3_prepare_v2(h, sqltext, -1, &st, &tail) != SQLITE_OK) {
			ana_msg(1, "sql: %s", sqlite3_errmsg(h));
			err = -EINVAL;
			break;
		}
		if (!st) {	/* whitespace or a comment */
			sqltext = tail;
			continue;
		}
		err = run_stmt(c, h, st, &w, &first_set);
		sqlite3_finalize(st);
		if (err)
			break;
		sqltext = tail;
	}
	if (c->opts->json) {
		ana_jw_arr_end(&w);
		ana_jw_obj_end(&w);
	}
	/* SQL errors were reported: exit 1 without a second message */
	return err == -EINVAL ? -ECANCELED : err;
}

static void sql_release(struct ana_ctx *c, void *state)
{
	struct ana_sql *s = state;

	(void)c;
	if (!s)
		return;
	tl_sqldb__close(s->db);
	free(s);
}

const struct ana_query ana_q_sql = {
	.name = "sql",
	.args = "\"SELECT ...\"",
	.desc = "SQL over an in-memory SQLite with tl-convert's schema (docs/sqlite-schema.md)",
	.example = "tl-analyze sql \"SELECT name, count(*) FROM syscalls GROUP BY name\" trace.tlz",
	.all_events = false,
	.begin = sql_begin,
	.event = sql_event,
	.end = sql_end,
	.release = sql_release,
};
