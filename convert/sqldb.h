/* SPDX-License-Identifier: MIT */
/*
 * sqldb.h - builds the tlz SQLite database (schema in docs/sqlite-schema.md)
 * from decoded events: tables files, traces, processes, syscalls,
 * proc_events and lost, their indexes and the views failed_opens and
 * exec_tree. Rows go in through prepared statements inside one
 * transaction; indexes are built at the end.
 *
 * Owner: tl-convert's SQLite output (convert/sqlite.c). tl-analyze's `sql`
 * query builds the same database in memory with it:
 *
 *	db = tl_sqldb__open(":memory:");
 *	for each input i: tl_sqldb__add_file(db, tl_decoder__file(dec, i));
 *	while (tl_decoder__next(dec, &ev) == 1) tl_sqldb__add_event(db, ev, dec);
 *	tl_sqldb__finish(db);
 *	sqlite3_exec(tl_sqldb__handle(db), "SELECT ...", ...);
 *	tl_sqldb__close(db);
 *
 * Errors: functions return 0 or -errno (-EIO for an SQLite failure,
 * -ENOMEM, -EINVAL for misuse); tl_sqldb__errmsg() says what failed.
 * The library prints nothing.
 */
#ifndef TL_SQLDB_H
#define TL_SQLDB_H

#include <sqlite3.h>

#include "tl.h"

#define TL_SQLDB_SCHEMA_VERSION	1

struct tl_sqldb;

/* Opens (creating if needed) the database at `path` (":memory:" for an
 * in-memory one), sets bulk-load pragmas, creates the schema and starts
 * the transaction. The file must be new or empty: the caller decides
 * about existing files (tl_sqldb_check_path()). NULL + errno on failure;
 * *errmsg (optional) then gets a static description. */
struct tl_sqldb *tl_sqldb__open(const char *path, const char **errmsg);

/* Registers one input's metadata (files and traces rows). Must be called
 * for every file before its events; events of an unregistered file are
 * registered on the fly. */
int tl_sqldb__add_file(struct tl_sqldb *db, const struct tl_file_info *f);

/* Adds one event. SYSCALL_ENTER events are ignored (the EXIT event
 * carries the whole call), and so is a child's return from clone/fork
 * (conv_is_child_return(): strace does not show it either; the fork
 * event is a proc_events row). `dec` (may be NULL) is asked for the
 * dump-time process snapshot of pids first seen. */
int tl_sqldb__add_event(struct tl_sqldb *db, const struct tl_event *ev,
			struct tl_decoder *dec);

/* Writes the processes table, builds indexes and views, commits. */
int tl_sqldb__finish(struct tl_sqldb *db);

/* Rows inserted so far (syscalls, all tables). */
void tl_sqldb__counts(const struct tl_sqldb *db, uint64_t *syscalls,
		      uint64_t *rows);

/* The open handle (owned by db, valid until __close). */
sqlite3 *tl_sqldb__handle(struct tl_sqldb *db);
/* What failed last, "" if nothing. Valid until the next call on db. */
const char *tl_sqldb__errmsg(const struct tl_sqldb *db);

/* Closes; an unfinished transaction is rolled back. Accepts NULL. */
void tl_sqldb__close(struct tl_sqldb *db);

/* May `path` be (re)written as a tlz database? 0: it does not exist, is
 * empty, or is a tlz database (schema table present); -EEXIST: it is
 * something else (a non-SQLite file, or another program's database);
 * other -errno: cannot be checked. */
int tl_sqldb_check_path(const char *path);

#endif /* TL_SQLDB_H */
