// SPDX-License-Identifier: MIT
/*
 * convert_sqldb_test.c - the SQLite database builder (convert/sqldb.c) in
 * memory: rows from hand-built events, the first path / fd columns, args
 * as JSON readable by SQLite's JSON functions, the failed_opens and
 * exec_tree views, process exit codes and signals, loss rows.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sqldb.h"
#include "test.h"

static const struct tl_syscall sc_openat = {
	.name = "openat", .nr = 257, .nargs = 4,
	.args = {
		{ "dfd", "int", NULL, TL_ARG_DIRFD, -1, 0 },
		{ "filename", "const char *", NULL, TL_ARG_PATH, -1, 0 },
		{ "flags", "int", "open_flags", TL_ARG_FLAGS, -1, 0 },
		{ "mode", "umode_t", NULL, TL_ARG_MODE, -1, 0 },
	},
};
static const struct tl_syscall sc_close = {
	.name = "close", .nr = 3, .nargs = 1,
	.args = { { "fd", "unsigned int", NULL, TL_ARG_FD, -1, 0 } },
};
static const struct tl_syscall sc_execve = {
	.name = "execve", .nr = 59, .nargs = 3,
	.args = {
		{ "filename", "const char *", NULL, TL_ARG_PATH, -1, 0 },
		{ "argv", "const char *const *", NULL, TL_ARG_ARGV, -1, 0 },
		{ "envp", "const char *const *", NULL, TL_ARG_ENVP, -1, 0 },
	},
};

static const struct tl_trace_info trace1 = {
	.id = 7, .kind = TL_TRACE_COMMAND, .name = "t1",
	.cgroup_path = "/tlz/t1", .start_ns = 500,
};
static const struct tl_trace_info *const traces[] = { &trace1 };
static const struct tl_file_info file1 = {
	.name = "one.tlz", .ntraces = 1, .traces = traces,
	.wall_offset_ns = 1000000,
};

static struct tl_event ev_at(int type, int64_t ts, uint32_t pid)
{
	struct tl_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.type = (uint32_t)type;
	ev.ts = ts;
	ev.wall_ns = ts + file1.wall_offset_ns;
	ev.tid = ev.pid = pid;
	ev.ppid = 1;
	ev.comm = "sh";
	ev.trace = &trace1;
	ev.file = &file1;
	ev.abi = TL_ABI_X86_64;
	return ev;
}

static struct tl_event ev_call(int64_t ts, uint32_t pid,
			       const struct tl_syscall *sc, int64_t ret)
{
	struct tl_event ev = ev_at(TL_EV_SYSCALL_EXIT, ts, pid);

	ev.flags = TL_EVF_HAS_ENTER | TL_EVF_HAS_RET;
	ev.sc = sc;
	ev.name = sc->name;
	ev.nr = sc->nr;
	ev.ret = ret;
	ev.enter_ts = ts - 10;
	ev.exit_ts = ts;
	return ev;
}

/* Column `col` of the first row of `sql` as text (malloc'd). */
static char *qn(sqlite3 *h, const char *sql, int col)
{
	sqlite3_stmt *st;
	char *r = NULL;

	if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK) {
		fprintf(stderr, "%s: %s\n", sql, sqlite3_errmsg(h));
		return strdup("(error)");
	}
	if (sqlite3_step(st) == SQLITE_ROW) {
		const unsigned char *t = sqlite3_column_text(st, col);

		r = strdup(t ? (const char *)t : "(null)");
	}
	sqlite3_finalize(st);
	return r ? r : strdup("(no row)");
}

#define CHECK_QN(h, sql, col, want) do {				\
	char *___r = qn((h), (sql), (col));					\
	ASSERT_STREQ(___r, (want), (sql));				\
	free(___r);							\
} while (0)
#define CHECK_Q(h, sql, want)	CHECK_QN(h, sql, 0, want)

static void test_build(void)
{
	static const char argv[] = "ls\0-l\0/no such";
	struct tl_capture c_path = { .arg = 1, .kind = TL_CAPT_STR, .len = 8,
				     .full_len = 8,
				     .data = (const uint8_t *)"/etc/foo" };
	struct tl_capture c_exec[2] = {
		{ .arg = 0, .kind = TL_CAPT_STR, .len = 7, .full_len = 7,
		  .data = (const uint8_t *)"/bin/ls" },
		{ .arg = 1, .kind = TL_CAPT_ARGV, .len = sizeof(argv),
		  .full_len = 3, .data = (const uint8_t *)argv },
	};
	struct tl_event evs[12];
	struct tl_sqldb *db;
	const char *msg;
	uint64_t nsys, nrows;
	sqlite3 *h;
	int i, err = 0;

	/* pid 100 opens /etc/foo twice (ENOENT) and once more (EACCES) */
	for (i = 0; i < 3; i++) {
		evs[i] = ev_call(1000 + 100 * i, 100, &sc_openat,
				 i < 2 ? -2 : -13);
		evs[i].args[0] = 0xffffff9c;
		evs[i].ncapt = 1;
		evs[i].capt = &c_path;
	}
	evs[3] = ev_call(1400, 100, &sc_close, 0);
	evs[3].args[0] = 3;
	/* pid 100 forks 200, which execs ls and is killed */
	evs[4] = ev_at(TL_EV_FORK, 1500, 100);
	evs[4].child_pid = evs[4].child_tid = 200;
	evs[5] = ev_at(TL_EV_EXEC, 1600, 200);
	evs[5].old_tid = 200;
	evs[5].ppid = 100;
	evs[5].comm = "ls";
	evs[5].filename = "/bin/ls";
	evs[6] = ev_call(1610, 200, &sc_execve, 0);
	evs[6].comm = "ls";
	evs[6].ncapt = 2;
	evs[6].capt = c_exec;
	evs[7] = ev_at(TL_EV_EXIT, 1700, 200);
	evs[7].exit_code = 9;
	evs[7].flags = TL_EVF_GROUP_DEAD;
	evs[8] = ev_at(TL_EV_LOST, 1800, 0);
	evs[8].lost = 17;
	evs[8].lost_kind = TL_LOST_GAP;
	evs[9] = ev_at(TL_EV_EXIT, 1900, 100);
	evs[9].exit_code = 1 << 8;
	evs[9].flags = TL_EVF_GROUP_DEAD;
	/* an enter alone is ignored: the exit carries the call */
	evs[10] = ev_at(TL_EV_SYSCALL_ENTER, 1950, 100);
	evs[10].sc = &sc_close;
	evs[10].name = "close";

	db = tl_sqldb__open(":memory:", &msg);
	ASSERT_NONNULL(db, msg);
	if (!db)
		return;
	ASSERT_OK(tl_sqldb__add_file(db, &file1), "add file");
	for (i = 0; i < 11 && !err; i++)
		err = tl_sqldb__add_event(db, &evs[i], NULL);
	ASSERT_OK(err, tl_sqldb__errmsg(db));
	ASSERT_OK(tl_sqldb__finish(db), tl_sqldb__errmsg(db));
	tl_sqldb__counts(db, &nsys, &nrows);
	ASSERT_EQ(nsys, 5, "syscall rows");
	h = tl_sqldb__handle(db);

	CHECK_Q(h, "SELECT count(*) FROM syscalls", "5");
	CHECK_Q(h, "SELECT name || ' ' || trace_id || ' ' || start_ns"
		" FROM traces", "t1 7 1000500");
	CHECK_Q(h, "SELECT ts_ns || ' ' || dur_ns || ' ' || ret || ' ' || errno"
		" || ' ' || path || ' ' || fd FROM syscalls ORDER BY id LIMIT 1",
		"1000990 10 -2 ENOENT /etc/foo -100");
	CHECK_Q(h, "SELECT json_extract(args, '$.filename') || ' ' ||"
		" json_extract(args, '$.dfd') FROM syscalls LIMIT 1",
		"/etc/foo -100");
	CHECK_Q(h, "SELECT fd FROM syscalls WHERE name = 'close'", "3");
	CHECK_Q(h, "SELECT count(*) FROM failed_opens", "2");
	CHECK_Q(h, "SELECT pid || ' ' || comm || ' ' || syscall || ' ' || path"
		" || ' ' || errno || ' ' || count FROM failed_opens LIMIT 1",
		"100 sh openat /etc/foo ENOENT 2");
	CHECK_Q(h, "SELECT group_concat(pid || ':' || depth || ':' ||"
		" ifnull(exit, '-'), ',') FROM exec_tree",
		"100:0:exited 1,200:1:killed by SIGKILL");
	CHECK_Q(h, "SELECT argv || '|' || exe || '|' || comm FROM processes"
		" WHERE pid = 200", "ls -l /no such|/bin/ls|ls");
	CHECK_Q(h, "SELECT json_array_length(argv_json) FROM processes"
		" WHERE pid = 200", "3");
	CHECK_Q(h, "SELECT argv FROM exec_tree WHERE pid = 200",
		"ls -l /no such");
	CHECK_Q(h, "SELECT ppid FROM processes WHERE pid = 200", "100");
	CHECK_Q(h, "SELECT group_concat(type, ',') FROM (SELECT type FROM"
		" proc_events ORDER BY ts_ns)", "fork,exec,exit,exit");
	CHECK_Q(h, "SELECT filename || ' ' || json_extract(argv_json, '$[2]')"
		" FROM proc_events WHERE type = 'exec'", "/bin/ls /no such");
	CHECK_Q(h, "SELECT kind || ' ' || count FROM lost", "gap 17");
	CHECK_Q(h, "SELECT value FROM tlz_meta WHERE key = 'schema_version'",
		"1");
	/* the indexes answer the usual questions */
	CHECK_Q(h, "SELECT count(*) FROM sqlite_master WHERE type = 'index'"
		" AND name LIKE 'syscalls_%'", "5");
	CHECK_QN(h, "EXPLAIN QUERY PLAN SELECT * FROM syscalls"
		 " WHERE errno = 'ENOENT'", 3,
		 "SEARCH syscalls USING INDEX syscalls_errno (errno=?)");
	CHECK_QN(h, "EXPLAIN QUERY PLAN SELECT * FROM syscalls"
		 " WHERE path = '/etc/foo'", 3,
		 "SEARCH syscalls USING INDEX syscalls_path (path=?)");
	tl_sqldb__close(db);
}

static void test_misuse(void)
{
	struct tl_event ev = ev_at(TL_EV_LOST, 1, 0);
	struct tl_sqldb *db = tl_sqldb__open(":memory:", NULL);

	ASSERT_NONNULL(db, "open");
	if (!db)
		return;
	/* a file not registered first is registered on the fly */
	ASSERT_OK(tl_sqldb__add_event(db, &ev, NULL), "lost");
	ASSERT_OK(tl_sqldb__finish(db), "finish");
	ASSERT_EQ(tl_sqldb__finish(db), -EINVAL, "finish twice");
	ASSERT_EQ(tl_sqldb__add_event(db, &ev, NULL), -EINVAL, "add after");
	CHECK_Q(tl_sqldb__handle(db), "SELECT count(*) FROM files", "1");
	CHECK_Q(tl_sqldb__handle(db), "SELECT trace FROM lost", "1");
	tl_sqldb__close(db);
	tl_sqldb__close(NULL);
}

int main(void)
{
	RUN_TEST(test_build);
	RUN_TEST(test_misuse);
	return TEST_EXIT();
}
