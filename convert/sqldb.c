// SPDX-License-Identifier: MIT
/*
 * sqldb.c - the tlz SQLite database: schema, bulk insertion of decoded
 * events with prepared statements in one transaction, per-process rows
 * gathered in memory and written at the end, then indexes and views.
 * docs/sqlite-schema.md documents every table; keep the two in step.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "emit.h"
#include "evargs.h"
#include "internal.h"
#include "jsonw.h"
#include "sqldb.h"

#define MAX_PENDING_EXEC	64

static const char schema_sql[] =
	"CREATE TABLE tlz_meta(key TEXT PRIMARY KEY, value TEXT);\n"
	"CREATE TABLE files(\n"
	"  id INTEGER PRIMARY KEY, name TEXT, arch TEXT, kernel_release TEXT,\n"
	"  hostname TEXT, recorder TEXT, cmdline TEXT, snaplen INTEGER,\n"
	"  no_data INTEGER, buffer_size INTEGER, syscall_filter TEXT,\n"
	"  wall_offset_ns INTEGER);\n"
	"CREATE TABLE traces(\n"
	"  id INTEGER PRIMARY KEY, file_id INTEGER REFERENCES files(id),\n"
	"  trace_id INTEGER, name TEXT, kind TEXT, cgroup_path TEXT,\n"
	"  cgroup_id INTEGER, labels TEXT, start_ns INTEGER, end_ns INTEGER,\n"
	"  cpus INTEGER, records INTEGER, dropped INTEGER);\n"
	"CREATE TABLE processes(\n"
	"  id INTEGER PRIMARY KEY, trace INTEGER REFERENCES traces(id),\n"
	"  pid INTEGER, ppid INTEGER, comm TEXT, argv TEXT, argv_json TEXT,\n"
	"  exe TEXT, cwd TEXT, uid INTEGER, gid INTEGER, start_ns INTEGER,\n"
	"  exit_ns INTEGER, exit_status INTEGER, exit_code INTEGER,\n"
	"  exit_signal TEXT, core_dumped INTEGER, execs INTEGER,\n"
	"  threads INTEGER, syscalls INTEGER, in_snapshot INTEGER);\n"
	"CREATE TABLE syscalls(\n"
	"  id INTEGER PRIMARY KEY, ts_ns INTEGER, dur_ns INTEGER,\n"
	"  trace INTEGER REFERENCES traces(id), cpu INTEGER, pid INTEGER,\n"
	"  tid INTEGER, comm TEXT, name TEXT, nr INTEGER, abi TEXT,\n"
	"  ret INTEGER, errno TEXT, path TEXT, fd INTEGER, args TEXT,\n"
	"  state TEXT, argstr TEXT);\n"
	"CREATE TABLE proc_events(\n"
	"  id INTEGER PRIMARY KEY, ts_ns INTEGER, type TEXT,\n"
	"  trace INTEGER REFERENCES traces(id), cpu INTEGER, pid INTEGER,\n"
	"  tid INTEGER, ppid INTEGER, comm TEXT, child_pid INTEGER,\n"
	"  child_tid INTEGER, filename TEXT, argv TEXT, argv_json TEXT,\n"
	"  exit_status INTEGER, exit_code INTEGER, exit_signal TEXT,\n"
	"  group_dead INTEGER);\n"
	"CREATE TABLE lost(\n"
	"  id INTEGER PRIMARY KEY, ts_ns INTEGER,\n"
	"  trace INTEGER REFERENCES traces(id), cpu INTEGER, kind TEXT,\n"
	"  count INTEGER);\n";

static const char index_sql[] =
	"CREATE INDEX syscalls_pid ON syscalls(pid, ts_ns);\n"
	"CREATE INDEX syscalls_name ON syscalls(name);\n"
	"CREATE INDEX syscalls_errno ON syscalls(errno) WHERE errno IS NOT NULL;\n"
	"CREATE INDEX syscalls_path ON syscalls(path) WHERE path IS NOT NULL;\n"
	"CREATE INDEX syscalls_ts ON syscalls(ts_ns);\n"
	"CREATE INDEX processes_pid ON processes(pid);\n"
	"CREATE INDEX processes_ppid ON processes(trace, ppid);\n"
	"CREATE INDEX proc_events_pid ON proc_events(pid, ts_ns);\n"
	"CREATE VIEW failed_opens AS\n"
	"  SELECT pid, comm, name AS syscall, path, errno, count(*) AS count,\n"
	"         trace, min(ts_ns) AS first_ns, max(ts_ns) AS last_ns,\n"
	"         json_extract(argstr, '$.flags') AS flags\n"
	"  FROM syscalls\n"
	"  WHERE errno IS NOT NULL\n"
	"    AND name IN ('open', 'openat', 'openat2', 'creat',\n"
	"                 'open_by_handle_at')\n"
	"  GROUP BY trace, pid, comm, name, path, errno,\n"
	"           json_extract(argstr, '$.flags')\n"
	"  ORDER BY count DESC, first_ns;\n"
	"CREATE VIEW exec_tree AS\n"
	"  WITH RECURSIVE tree(id, depth, sortkey) AS (\n"
	"    SELECT p.id, 0, printf('%08d.%010d', p.trace, p.pid)\n"
	"    FROM processes p\n"
	"    WHERE NOT EXISTS (SELECT 1 FROM processes q\n"
	"                      WHERE q.trace = p.trace AND q.pid = p.ppid\n"
	"                        AND q.pid != p.pid)\n"
	"    UNION ALL\n"
	"    SELECT c.id, t.depth + 1,\n"
	"           t.sortkey || '/' || printf('%010d', c.pid)\n"
	"    FROM tree t JOIN processes pp ON pp.id = t.id\n"
	"    JOIN processes c ON c.trace = pp.trace AND c.ppid = pp.pid\n"
	"                    AND c.pid != pp.pid\n"
	"    WHERE t.depth < 64)\n"
	"  SELECT p.pid, p.ppid, p.comm, p.argv,\n"
	"    CASE WHEN p.exit_signal IS NOT NULL THEN\n"
	"           'killed by ' || p.exit_signal ||\n"
	"           CASE WHEN p.core_dumped THEN ' (core dumped)' ELSE '' END\n"
	"         WHEN p.exit_code IS NOT NULL THEN 'exited ' || p.exit_code\n"
	"         ELSE NULL END AS exit,\n"
	"    t.depth, p.trace, p.exe, p.start_ns, p.exit_ns\n"
	"  FROM tree t JOIN processes p ON p.id = t.id\n"
	"  ORDER BY t.sortkey;\n";

struct file_map {
	const struct tl_file_info *f;
	int64_t id;
};

struct trace_map {
	const struct tl_trace_info *t;
	int64_t id;
};

struct proc_rec {
	int64_t trace;
	uint32_t pid;
	uint32_t ppid;
	uint32_t uid, gid;
	bool has_ids;
	bool in_snapshot;
	bool has_exit;
	char *comm;
	char *exe;
	char *cwd;
	char *argv;		/* NUL-separated */
	size_t argv_len;
	int64_t start_ns;	/* wall, 0 = unknown */
	int64_t exit_ns;
	int32_t exit_status;
	uint32_t execs;
	uint32_t threads;
	uint64_t syscalls;
};

struct pending_exec {
	int64_t trace;
	uint32_t tid;
	uint32_t pid;
	uint32_t ppid;
	uint32_t cpu;
	int64_t ts;
	char *comm;
	char *filename;
};

struct tl_sqldb {
	sqlite3 *h;
	bool in_txn;
	bool finished;
	sqlite3_stmt *ins_sys, *ins_pev, *ins_lost, *ins_file, *ins_trace,
		     *ins_proc;
	struct jsonw w, w2;
	struct sbuf tmp;		/* argstr scratch */
	char errbuf[512];

	struct file_map *files;
	size_t nfiles, cap_files;
	struct trace_map *traces;
	size_t ntraces, cap_traces;
	size_t last_trace;		/* cache */

	struct proc_rec **procs;	/* open addressing, power of 2 */
	size_t nprocs, cap_procs;

	struct pending_exec pend[MAX_PENDING_EXEC];
	unsigned int npend;

	uint64_t n_syscalls, n_rows;
};

static int fail(struct tl_sqldb *db, const char *what)
{
	snprintf(db->errbuf, sizeof(db->errbuf), "%s: %s", what,
		 db->h ? sqlite3_errmsg(db->h) : "no database");
	return -EIO;
}

static int fail_nomem(struct tl_sqldb *db)
{
	snprintf(db->errbuf, sizeof(db->errbuf), "out of memory");
	return -ENOMEM;
}

static int exec_sql(struct tl_sqldb *db, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(db->h, sql, NULL, NULL, &msg) != SQLITE_OK) {
		snprintf(db->errbuf, sizeof(db->errbuf), "%s",
			 msg ? msg : sqlite3_errmsg(db->h));
		sqlite3_free(msg);
		return -EIO;
	}
	return 0;
}

static int prepare(struct tl_sqldb *db, sqlite3_stmt **st, const char *sql)
{
	if (sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, st,
			       NULL) != SQLITE_OK)
		return fail(db, "prepare");
	return 0;
}

/* Finishes a statement: step, then reset for the next row. */
static int step(struct tl_sqldb *db, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_DONE)
		return fail(db, what);
	db->n_rows++;
	return 0;
}

/* ------------------------------------------------------------- binding */

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

static void bind_textn(sqlite3_stmt *st, int i, const void *s, size_t n)
{
	sqlite3_bind_text(st, i, s, (int)n, SQLITE_STATIC);
}

static void bind_nz(sqlite3_stmt *st, int i, int64_t v)
{
	if (v)
		sqlite3_bind_int64(st, i, v);
	else
		sqlite3_bind_null(st, i);
}

/* argv (NUL-separated) as text with spaces, and as a JSON array. The
 * strings live in db->w / db->w2 until the next call. */
static void argv_forms(struct tl_sqldb *db, const char *argv, size_t len,
		       const char **text, size_t *tlen, const char **json,
		       size_t *jlen)
{
	size_t i = 0, st;

	jsonw_reset(&db->w);
	jsonw_reset(&db->w2);
	jsonw_arr_open(&db->w2);
	while (i < len) {
		st = i;
		while (i < len && argv[i])
			i++;
		if (db->w.len)
			jsonw_putc(&db->w, ' ');
		/* the plain text form: bytes as they are */
		if (i > st && !db->w.err) {
			size_t k;

			for (k = st; k < i; k++)
				jsonw_putc(&db->w, argv[k]);
		}
		jsonw_strn(&db->w2, argv + st, i - st);
		i++;
	}
	jsonw_arr_close(&db->w2);
	*text = jsonw_cstr(&db->w);
	*tlen = db->w.len;
	*json = jsonw_cstr(&db->w2);
	*jlen = db->w2.len;
}

/* --------------------------------------------------------------- open */

struct tl_sqldb *tl_sqldb__open(const char *path, const char **errmsg)
{
	/* Bounded memory whatever the trace size: a 16 MiB page cache that
	 * spills dirty pages to the file (no journal: the file is a temporary
	 * one renamed when complete), temporary b-trees and the index sorter
	 * in files, not memory, and no mmap (its pages counted in the RSS and
	 * grew with the database). Measured on 1.2 M and 2.4 M syscalls: peak
	 * RSS 340 and 671 MiB before, 41 and 42 MiB after, CPU time 6% less
	 * (docs/sqlite-schema.md, "Speed"). */
	static const char *const pragmas =
		"PRAGMA journal_mode=OFF;"
		"PRAGMA synchronous=OFF;"
		"PRAGMA locking_mode=EXCLUSIVE;"
		"PRAGMA temp_store=FILE;"
		"PRAGMA cache_size=-16384;"
		"PRAGMA mmap_size=0;"
		"PRAGMA foreign_keys=OFF;";
	struct tl_sqldb *db = calloc(1, sizeof(*db));
	int err = 0;

	if (errmsg)
		*errmsg = "";
	if (!db) {
		if (errmsg)
			*errmsg = "out of memory";
		errno = ENOMEM;
		return NULL;
	}
	jsonw_init(&db->w);
	jsonw_init(&db->w2);
	if (sqlite3_open_v2(path, &db->h, SQLITE_OPEN_READWRITE |
			    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
			    NULL) != SQLITE_OK) {
		err = fail(db, "open");
		goto out;
	}
	err = exec_sql(db, pragmas);
	if (err)
		goto out;
	err = exec_sql(db, "BEGIN");
	if (err)
		goto out;
	db->in_txn = true;
	err = exec_sql(db, schema_sql);
	if (err)
		goto out;
	err = prepare(db, &db->ins_sys,
		"INSERT INTO syscalls(ts_ns, dur_ns, trace, cpu, pid, tid, comm,"
		" name, nr, abi, ret, errno, path, fd, args, state, argstr)"
		" VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
	if (!err)
		err = prepare(db, &db->ins_pev,
		"INSERT INTO proc_events(ts_ns, type, trace, cpu, pid, tid, ppid,"
		" comm, child_pid, child_tid, filename, argv, argv_json,"
		" exit_status, exit_code, exit_signal, group_dead)"
		" VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
	if (!err)
		err = prepare(db, &db->ins_lost,
		"INSERT INTO lost(ts_ns, trace, cpu, kind, count)"
		" VALUES(?,?,?,?,?)");
	if (!err)
		err = prepare(db, &db->ins_file,
		"INSERT INTO files(name, arch, kernel_release, hostname,"
		" recorder, cmdline, snaplen, no_data, buffer_size,"
		" syscall_filter, wall_offset_ns)"
		" VALUES(?,?,?,?,?,?,?,?,?,?,?)");
	if (!err)
		err = prepare(db, &db->ins_trace,
		"INSERT INTO traces(file_id, trace_id, name, kind, cgroup_path,"
		" cgroup_id, labels, start_ns, end_ns, cpus, records, dropped)"
		" VALUES(?,?,?,?,?,?,?,?,?,?,?,?)");
	if (!err)
		err = prepare(db, &db->ins_proc,
		"INSERT INTO processes(trace, pid, ppid, comm, argv, argv_json,"
		" exe, cwd, uid, gid, start_ns, exit_ns, exit_status, exit_code,"
		" exit_signal, core_dumped, execs, threads, syscalls,"
		" in_snapshot)"
		" VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
	if (err)
		goto out;
	{
		char v[16];

		snprintf(v, sizeof(v), "%d", TL_SQLDB_SCHEMA_VERSION);
		sqlite3_stmt *st = NULL;

		err = prepare(db, &st, "INSERT INTO tlz_meta VALUES(?, ?)");
		if (err)
			goto out;
		bind_text(st, 1, "schema_version");
		bind_text(st, 2, v);
		err = step(db, st, "insert tlz_meta");
		if (!err) {
			bind_text(st, 1, "tool");
			bind_text(st, 2, "tl-convert " TL_VERSION);
			err = step(db, st, "insert tlz_meta");
		}
		sqlite3_finalize(st);
		if (err)
			goto out;
	}
out:
	if (err) {
		static __thread char msg[512];

		snprintf(msg, sizeof(msg), "%s", db->errbuf);
		if (errmsg)
			*errmsg = msg;
		tl_sqldb__close(db);
		errno = -err;
		return NULL;
	}
	return db;
}

/* ------------------------------------------------------------ metadata */

static int64_t file_id(struct tl_sqldb *db, const struct tl_file_info *f)
{
	size_t i;

	for (i = 0; i < db->nfiles; i++)
		if (db->files[i].f == f)
			return db->files[i].id;
	return 0;
}

static int add_trace(struct tl_sqldb *db, int64_t fid,
		     const struct tl_file_info *f, const struct tl_trace_info *t)
{
	sqlite3_stmt *st = db->ins_trace;
	uint64_t records = 0, dropped = 0;
	const char *labels;
	uint32_t i;
	int err;

	if (tl_grow((void **)&db->traces, &db->cap_traces, db->ntraces + 1,
		    sizeof(db->traces[0])))
		return fail_nomem(db);
	jsonw_reset(&db->w);
	jsonw_obj_open(&db->w);
	for (i = 0; i < t->nlabels; i++)
		if (t->labels[i].key)
			jsonw_kstr(&db->w, t->labels[i].key, t->labels[i].value);
	jsonw_obj_close(&db->w);
	labels = jsonw_cstr(&db->w);
	if (!labels)
		return fail_nomem(db);
	for (i = 0; i < t->nrings; i++) {
		records += t->rings[i].records;
		dropped += t->rings[i].lost_busy + t->rings[i].lost_size +
			   t->rings[i].lost_other;
	}
	sqlite3_bind_int64(st, 1, fid);
	sqlite3_bind_int64(st, 2, t->id);
	bind_text(st, 3, t->name);
	bind_text(st, 4, tl_trace_kind_name((int)t->kind));
	bind_text(st, 5, t->cgroup_path);
	sqlite3_bind_int64(st, 6, (int64_t)t->cgroup_id);
	bind_text(st, 7, labels);
	if (t->start_ns)
		sqlite3_bind_int64(st, 8, t->start_ns + f->wall_offset_ns);
	if (t->end_ns)
		sqlite3_bind_int64(st, 9, t->end_ns + f->wall_offset_ns);
	sqlite3_bind_int64(st, 10, t->nrings);
	sqlite3_bind_int64(st, 11, (int64_t)records);
	sqlite3_bind_int64(st, 12, (int64_t)dropped);
	err = step(db, st, "insert into traces");
	if (err)
		return err;
	db->traces[db->ntraces].t = t;
	db->traces[db->ntraces].id = sqlite3_last_insert_rowid(db->h);
	db->ntraces++;
	return 0;
}

int tl_sqldb__add_file(struct tl_sqldb *db, const struct tl_file_info *f)
{
	const struct tl_machine *m = f ? f->machine : NULL;
	sqlite3_stmt *st = db->ins_file;
	int64_t fid;
	uint32_t i;
	int err;

	if (!f || db->finished)
		return -EINVAL;
	if (file_id(db, f))
		return 0;
	if (tl_grow((void **)&db->files, &db->cap_files, db->nfiles + 1,
		    sizeof(db->files[0])))
		return fail_nomem(db);
	bind_text(st, 1, f->name);
	if (m) {
		bind_text(st, 2, m->arch);
		bind_text(st, 3, m->kernel_release);
		bind_text(st, 4, m->hostname);
		bind_text(st, 5, m->recorder);
		bind_text(st, 6, m->cmdline);
		sqlite3_bind_int64(st, 7, m->snaplen);
		sqlite3_bind_int64(st, 8, m->no_data);
		sqlite3_bind_int64(st, 9, (int64_t)m->buffer_size);
		bind_text(st, 10, m->syscall_filter);
	}
	sqlite3_bind_int64(st, 11, f->wall_offset_ns);
	err = step(db, st, "insert into files");
	if (err)
		return err;
	fid = sqlite3_last_insert_rowid(db->h);
	db->files[db->nfiles].f = f;
	db->files[db->nfiles].id = fid;
	db->nfiles++;
	for (i = 0; i < f->ntraces; i++) {
		err = add_trace(db, fid, f, f->traces[i]);
		if (err)
			return err;
	}
	return 0;
}

/* The database id of an event's trace (0 = none), registering its file
 * when it was not added before. */
static int trace_id(struct tl_sqldb *db, const struct tl_event *ev,
		    int64_t *id)
{
	size_t i;
	int err;

	*id = 0;
	if (!ev->trace)
		return 0;
	if (db->last_trace < db->ntraces &&
	    db->traces[db->last_trace].t == ev->trace) {
		*id = db->traces[db->last_trace].id;
		return 0;
	}
	for (i = 0; i < db->ntraces; i++) {
		if (db->traces[i].t == ev->trace) {
			db->last_trace = i;
			*id = db->traces[i].id;
			return 0;
		}
	}
	if (ev->file && !file_id(db, ev->file)) {
		err = tl_sqldb__add_file(db, ev->file);
		if (err)
			return err;
		return trace_id(db, ev, id);
	}
	return 0;
}

/* ------------------------------------------------------------ processes */

static size_t proc_hash(int64_t trace, uint32_t pid)
{
	uint64_t h = (uint64_t)trace * 0x9e3779b97f4a7c15ull ^ pid;

	h ^= h >> 29;
	h *= 0xbf58476d1ce4e5b9ull;
	h ^= h >> 32;
	return (size_t)h;
}

static struct proc_rec *proc_find(struct tl_sqldb *db, int64_t trace,
				  uint32_t pid)
{
	size_t mask, i;

	if (!db->cap_procs)
		return NULL;
	mask = db->cap_procs - 1;
	for (i = proc_hash(trace, pid) & mask; db->procs[i];
	     i = (i + 1) & mask)
		if (db->procs[i]->pid == pid && db->procs[i]->trace == trace)
			return db->procs[i];
	return NULL;
}

static int proc_insert(struct tl_sqldb *db, struct proc_rec *r)
{
	size_t mask, i, j;

	if ((db->nprocs + 1) * 2 > db->cap_procs) {
		size_t ncap = db->cap_procs ? db->cap_procs * 2 : 256;
		struct proc_rec **n = calloc(ncap, sizeof(*n));

		if (!n)
			return -ENOMEM;
		for (j = 0; j < db->cap_procs; j++) {
			struct proc_rec *p = db->procs[j];

			if (!p)
				continue;
			for (i = proc_hash(p->trace, p->pid) & (ncap - 1); n[i];
			     i = (i + 1) & (ncap - 1))
				;
			n[i] = p;
		}
		free(db->procs);
		db->procs = n;
		db->cap_procs = ncap;
	}
	mask = db->cap_procs - 1;
	for (i = proc_hash(r->trace, r->pid) & mask; db->procs[i];
	     i = (i + 1) & mask)
		;
	db->procs[i] = r;
	db->nprocs++;
	return 0;
}

static void proc_free(struct proc_rec *r)
{
	if (!r)
		return;
	free(r->comm);
	free(r->exe);
	free(r->cwd);
	free(r->argv);
	free(r);
}

/* Replaces *dst with a copy of s (NULL keeps NULL). */
static int set_str(char **dst, const char *s)
{
	char *n = NULL;

	if (s && *dst && !strcmp(*dst, s))
		return 0;
	if (s) {
		n = strdup(s);
		if (!n)
			return -ENOMEM;
	}
	free(*dst);
	*dst = n;
	return 0;
}

static int set_argv(struct proc_rec *r, const void *argv, size_t len)
{
	char *n = NULL;

	if (len) {
		n = malloc(len);
		if (!n)
			return -ENOMEM;
		memcpy(n, argv, len);
	}
	free(r->argv);
	r->argv = n;
	r->argv_len = len;
	return 0;
}

/* The record of (trace, pid), created from the decoder's process state
 * (dump-time snapshot merged with the ring's events) when first seen. */
static struct proc_rec *proc_get(struct tl_sqldb *db, int64_t trace,
				 const struct tl_event *ev, uint32_t pid,
				 struct tl_decoder *dec)
{
	struct proc_rec *r = proc_find(db, trace, pid);
	const struct tl_proc *p = NULL;
	int64_t off = ev->file ? ev->file->wall_offset_ns : 0;

	if (r)
		return r;
	r = calloc(1, sizeof(*r));
	if (!r)
		return NULL;
	r->trace = trace;
	r->pid = pid;
	if (dec && ev->file)
		p = tl_decoder__proc(dec, ev->file, pid);
	if (p) {
		r->ppid = p->ppid;
		r->uid = p->uid;
		r->gid = p->gid;
		r->has_ids = true;
		r->in_snapshot = p->flags & TL_PROC_ALIVE;
		if (p->start_ns)
			r->start_ns = p->start_ns + off;
		if (set_str(&r->comm, p->comm) || set_str(&r->exe, p->exe) ||
		    set_str(&r->cwd, p->cwd) ||
		    (p->argv && set_argv(r, p->argv, p->argv_len)))
			goto fail;
	} else if (pid == ev->pid) {
		r->ppid = ev->ppid;
		if (set_str(&r->comm, ev->comm))
			goto fail;
	}
	if (proc_insert(db, r))
		goto fail;
	return r;
fail:
	proc_free(r);
	return NULL;
}

/* ---------------------------------------------------------- exec rows */

static void pend_free(struct pending_exec *p)
{
	free(p->comm);
	free(p->filename);
	memset(p, 0, sizeof(*p));
}

static int pend_insert(struct tl_sqldb *db, struct pending_exec *p,
		       const char *argv, size_t argv_len)
{
	sqlite3_stmt *st = db->ins_pev;
	const char *text, *json;
	size_t tlen, jlen;

	sqlite3_bind_int64(st, 1, p->ts);
	bind_text(st, 2, "exec");
	bind_nz(st, 3, p->trace);
	sqlite3_bind_int64(st, 4, p->cpu);
	sqlite3_bind_int64(st, 5, p->pid);
	sqlite3_bind_int64(st, 6, p->tid);
	bind_nz(st, 7, p->ppid);
	bind_text(st, 8, p->comm);
	bind_text(st, 11, p->filename);
	if (argv) {
		argv_forms(db, argv, argv_len, &text, &tlen, &json, &jlen);
		if (!text || !json)
			return fail_nomem(db);
		bind_textn(st, 12, text, tlen);
		bind_textn(st, 13, json, jlen);
	}
	return step(db, st, "insert into proc_events");
}

static struct pending_exec *pend_find(struct tl_sqldb *db, int64_t trace,
				      uint32_t tid)
{
	unsigned int i;

	for (i = 0; i < db->npend; i++)
		if (db->pend[i].tid == tid && db->pend[i].trace == trace)
			return &db->pend[i];
	return NULL;
}

static void pend_remove(struct tl_sqldb *db, struct pending_exec *p)
{
	unsigned int i = (unsigned int)(p - db->pend);

	pend_free(p);
	memmove(&db->pend[i], &db->pend[i + 1],
		(db->npend - i - 1) * sizeof(db->pend[0]));
	db->npend--;
	memset(&db->pend[db->npend], 0, sizeof(db->pend[0]));
}

/* Writes a pending exec row without argv and drops it. */
static int pend_flush(struct tl_sqldb *db, struct pending_exec *p)
{
	int err = pend_insert(db, p, NULL, 0);

	pend_remove(db, p);
	return err;
}

/* -------------------------------------------------------------- events */

static bool is_exec_call(const struct tl_event *ev)
{
	return ev->name && (!strcmp(ev->name, "execve") ||
			    !strcmp(ev->name, "execveat"));
}

static int add_syscall(struct tl_sqldb *db, int64_t trace,
		       const struct tl_event *ev, struct tl_decoder *dec)
{
	sqlite3_stmt *st = db->ins_sys;
	bool has_ret = (ev->flags & TL_EVF_HAS_RET) &&
		       !(ev->flags & (TL_EVF_NORETURN | TL_EVF_IN_FLIGHT));
	int64_t wall = ev->wall_ns, fd;
	struct proc_rec *r;
	const uint8_t *path;
	size_t plen;
	const char *args;
	int err;

	r = proc_get(db, trace, ev, ev->pid, dec);
	if (!r)
		return fail_nomem(db);
	r->syscalls++;
	if (ev->enter_ts && ev->enter_ts <= ev->ts)
		wall -= ev->ts - ev->enter_ts;
	sqlite3_bind_int64(st, 1, wall);
	if (ev->enter_ts && ev->exit_ts >= ev->enter_ts &&
	    !(ev->flags & (TL_EVF_NORETURN | TL_EVF_IN_FLIGHT)))
		sqlite3_bind_int64(st, 2, ev->exit_ts - ev->enter_ts);
	bind_nz(st, 3, trace);
	sqlite3_bind_int64(st, 4, ev->cpu);
	sqlite3_bind_int64(st, 5, ev->pid);
	sqlite3_bind_int64(st, 6, ev->tid);
	bind_text(st, 7, ev->comm);
	bind_text(st, 8, ev->name);
	sqlite3_bind_int64(st, 9, ev->nr);
	bind_text(st, 10, tl_abi_name(ev->abi));
	if (has_ret) {
		sqlite3_bind_int64(st, 11, ev->ret);
		if (evargs_is_err(ev->ret)) {
			const char *en = tl_errno_name((int)-ev->ret);
			char num[16];

			if (en) {
				bind_text(st, 12, en);
			} else {
				snprintf(num, sizeof(num), "%d", (int)-ev->ret);
				sqlite3_bind_text(st, 12, num, -1,
						  SQLITE_TRANSIENT);
			}
		}
	}
	if (evargs_path(ev, &path, &plen))
		bind_textn(st, 13, path, plen);
	if (evargs_fd(ev, &fd))
		sqlite3_bind_int64(st, 14, fd);
	if (ev->flags & TL_EVF_HAS_ENTER) {
		jsonw_reset(&db->w);
		evargs_json(&db->w, ev);
		args = jsonw_cstr(&db->w);
		if (!args)
			return fail_nomem(db);
		bind_textn(st, 15, args, db->w.len);
		jsonw_reset(&db->w2);
		if (evargs_argstr_json(&db->w2, ev, &db->tmp))
			return fail_nomem(db);
		args = jsonw_cstr(&db->w2);
		if (!args)
			return fail_nomem(db);
		bind_textn(st, 17, args, db->w2.len);
	}
	if (ev->flags & TL_EVF_NORETURN)
		bind_text(st, 16, "noreturn");
	else if (ev->flags & TL_EVF_IN_FLIGHT)
		bind_text(st, 16, "in_flight");
	else if (!(ev->flags & TL_EVF_HAS_ENTER))
		bind_text(st, 16, "enter_lost");
	else
		bind_text(st, 16, "returned");
	err = step(db, st, "insert into syscalls");
	if (err)
		return err;
	db->n_syscalls++;

	/* a successful execve completes the exec row with its argv */
	if (is_exec_call(ev) && has_ret && ev->ret == 0) {
		struct pending_exec *p = pend_find(db, trace, ev->tid);
		const struct tl_capture *c = evargs_argv(ev);

		if (c) {
			if (set_argv(r, c->data, c->len))
				return fail_nomem(db);
		}
		if (p) {
			err = pend_insert(db, p, c ? (const char *)c->data :
					  NULL, c ? c->len : 0);
			pend_remove(db, p);
		}
	}
	return err;
}

static int add_exec(struct tl_sqldb *db, int64_t trace,
		    const struct tl_event *ev, struct tl_decoder *dec)
{
	struct proc_rec *r = proc_get(db, trace, ev, ev->pid, dec);
	struct pending_exec *p;
	int err;

	if (!r)
		return fail_nomem(db);
	r->execs++;
	if (set_str(&r->comm, ev->comm) || set_str(&r->exe, ev->filename))
		return fail_nomem(db);
	p = pend_find(db, trace, ev->tid);
	if (p) {
		err = pend_flush(db, p);
		if (err)
			return err;
	}
	if (db->npend == MAX_PENDING_EXEC) {
		err = pend_flush(db, &db->pend[0]);
		if (err)
			return err;
	}
	p = &db->pend[db->npend];
	p->trace = trace;
	p->tid = ev->tid;
	p->pid = ev->pid;
	p->ppid = ev->ppid ? ev->ppid : r->ppid;
	p->cpu = ev->cpu;
	p->ts = ev->wall_ns;
	p->comm = ev->comm ? strdup(ev->comm) : NULL;
	p->filename = ev->filename ? strdup(ev->filename) : NULL;
	db->npend++;
	if ((ev->comm && !p->comm) || (ev->filename && !p->filename))
		return fail_nomem(db);
	return 0;
}

static int add_fork(struct tl_sqldb *db, int64_t trace,
		    const struct tl_event *ev, struct tl_decoder *dec)
{
	sqlite3_stmt *st = db->ins_pev;
	struct proc_rec *parent = proc_get(db, trace, ev, ev->pid, dec);
	struct proc_rec *c;

	if (!parent)
		return fail_nomem(db);
	if (ev->flags & TL_EVF_THREAD || ev->child_pid == ev->pid) {
		parent->threads++;
	} else if (!(c = proc_find(db, trace, ev->child_pid))) {
		c = calloc(1, sizeof(*c));
		if (!c)
			return fail_nomem(db);
		c->trace = trace;
		c->pid = ev->child_pid;
		c->ppid = ev->pid;
		c->start_ns = ev->wall_ns;
		c->uid = parent->uid;
		c->gid = parent->gid;
		c->has_ids = parent->has_ids;
		if (set_str(&c->comm, ev->comm) || set_str(&c->exe, parent->exe) ||
		    set_str(&c->cwd, parent->cwd) ||
		    (parent->argv && set_argv(c, parent->argv,
					      parent->argv_len)) ||
		    proc_insert(db, c)) {
			proc_free(c);
			return fail_nomem(db);
		}
	} else {
		/* known from the snapshot already: the fork is its start */
		c->ppid = ev->pid;
		if (!c->start_ns)
			c->start_ns = ev->wall_ns;
	}
	sqlite3_bind_int64(st, 1, ev->wall_ns);
	bind_text(st, 2, "fork");
	bind_nz(st, 3, trace);
	sqlite3_bind_int64(st, 4, ev->cpu);
	sqlite3_bind_int64(st, 5, ev->pid);
	sqlite3_bind_int64(st, 6, ev->tid);
	bind_nz(st, 7, ev->ppid);
	bind_text(st, 8, ev->comm);
	sqlite3_bind_int64(st, 9, ev->child_pid);
	sqlite3_bind_int64(st, 10, ev->child_tid);
	return step(db, st, "insert into proc_events");
}

static int add_exit(struct tl_sqldb *db, int64_t trace,
		    const struct tl_event *ev, struct tl_decoder *dec)
{
	sqlite3_stmt *st = db->ins_pev;
	struct proc_rec *r = proc_get(db, trace, ev, ev->pid, dec);
	int sig = ev->exit_code & 0x7f;
	struct pending_exec *p;
	int err;

	if (!r)
		return fail_nomem(db);
	if (ev->flags & TL_EVF_GROUP_DEAD) {
		r->has_exit = true;
		r->exit_ns = ev->wall_ns;
		r->exit_status = ev->exit_code;
	}
	p = pend_find(db, trace, ev->tid);
	if (p) {
		err = pend_flush(db, p);
		if (err)
			return err;
	}
	sqlite3_bind_int64(st, 1, ev->wall_ns);
	bind_text(st, 2, "exit");
	bind_nz(st, 3, trace);
	sqlite3_bind_int64(st, 4, ev->cpu);
	sqlite3_bind_int64(st, 5, ev->pid);
	sqlite3_bind_int64(st, 6, ev->tid);
	bind_nz(st, 7, ev->ppid);
	bind_text(st, 8, ev->comm);
	sqlite3_bind_int64(st, 14, ev->exit_code);
	if (sig) {
		const char *sn = tl_signal_name(sig);

		if (sn)
			bind_text(st, 16, sn);
		else
			sqlite3_bind_int64(st, 16, sig);
	} else {
		sqlite3_bind_int64(st, 15, (ev->exit_code >> 8) & 0xff);
	}
	sqlite3_bind_int64(st, 17, !!(ev->flags & TL_EVF_GROUP_DEAD));
	return step(db, st, "insert into proc_events");
}

static int add_lost(struct tl_sqldb *db, int64_t trace,
		    const struct tl_event *ev)
{
	sqlite3_stmt *st = db->ins_lost;

	sqlite3_bind_int64(st, 1, ev->wall_ns);
	bind_nz(st, 2, trace);
	sqlite3_bind_int64(st, 3, ev->cpu);
	bind_text(st, 4, ev->lost_kind == TL_LOST_OVERWRITTEN ?
			 "overwritten" : "gap");
	sqlite3_bind_int64(st, 5, (int64_t)ev->lost);
	return step(db, st, "insert into lost");
}

int tl_sqldb__add_event(struct tl_sqldb *db, const struct tl_event *ev,
			struct tl_decoder *dec)
{
	int64_t trace;
	int err;

	if (db->finished)
		return -EINVAL;
	/* the EXIT event carries the whole call; a child's return from
	 * clone/fork is not a call of its own (the fork row says it) */
	if (ev->type == TL_EV_SYSCALL_ENTER || conv_is_child_return(ev))
		return 0;
	err = trace_id(db, ev, &trace);
	if (err)
		return err;
	switch (ev->type) {
	case TL_EV_SYSCALL_EXIT:
		return add_syscall(db, trace, ev, dec);
	case TL_EV_EXEC:
		return add_exec(db, trace, ev, dec);
	case TL_EV_FORK:
		return add_fork(db, trace, ev, dec);
	case TL_EV_EXIT:
		return add_exit(db, trace, ev, dec);
	case TL_EV_LOST:
		return add_lost(db, trace, ev);
	}
	return 0;
}

/* -------------------------------------------------------------- finish */

static int write_proc(struct tl_sqldb *db, const struct proc_rec *r)
{
	sqlite3_stmt *st = db->ins_proc;
	const char *text, *json;
	size_t tlen, jlen;
	int sig = r->exit_status & 0x7f;

	bind_nz(st, 1, r->trace);
	sqlite3_bind_int64(st, 2, r->pid);
	bind_nz(st, 3, r->ppid);
	bind_text(st, 4, r->comm);
	if (r->argv) {
		argv_forms(db, r->argv, r->argv_len, &text, &tlen, &json, &jlen);
		if (!text || !json)
			return fail_nomem(db);
		bind_textn(st, 5, text, tlen);
		bind_textn(st, 6, json, jlen);
	}
	bind_text(st, 7, r->exe);
	bind_text(st, 8, r->cwd);
	if (r->has_ids) {
		sqlite3_bind_int64(st, 9, r->uid);
		sqlite3_bind_int64(st, 10, r->gid);
	}
	bind_nz(st, 11, r->start_ns);
	if (r->has_exit) {
		sqlite3_bind_int64(st, 12, r->exit_ns);
		sqlite3_bind_int64(st, 13, r->exit_status);
		if (sig) {
			const char *sn = tl_signal_name(sig);

			if (sn)
				bind_text(st, 15, sn);
			else
				sqlite3_bind_int64(st, 15, sig);
			sqlite3_bind_int64(st, 16, !!(r->exit_status & 0x80));
		} else {
			sqlite3_bind_int64(st, 14, (r->exit_status >> 8) & 0xff);
			sqlite3_bind_int64(st, 16, 0);
		}
	}
	sqlite3_bind_int64(st, 17, r->execs);
	sqlite3_bind_int64(st, 18, r->threads);
	sqlite3_bind_int64(st, 19, (int64_t)r->syscalls);
	sqlite3_bind_int64(st, 20, r->in_snapshot);
	return step(db, st, "insert into processes");
}

static int cmp_proc(const void *a, const void *b)
{
	const struct proc_rec *x = *(struct proc_rec *const *)a;
	const struct proc_rec *y = *(struct proc_rec *const *)b;

	if (x->trace != y->trace)
		return x->trace < y->trace ? -1 : 1;
	return x->pid < y->pid ? -1 : x->pid > y->pid;
}

int tl_sqldb__finish(struct tl_sqldb *db)
{
	struct proc_rec **list = NULL;
	size_t i, n = 0;
	int err = 0;

	if (db->finished)
		return -EINVAL;
	while (db->npend) {
		err = pend_flush(db, &db->pend[0]);
		if (err)
			return err;
	}
	/* processes in (trace, pid) order: stable output */
	if (db->nprocs) {
		list = calloc(db->nprocs, sizeof(*list));
		if (!list)
			return fail_nomem(db);
		for (i = 0; i < db->cap_procs; i++)
			if (db->procs[i])
				list[n++] = db->procs[i];
		qsort(list, n, sizeof(*list), cmp_proc);
		for (i = 0; i < n && !err; i++)
			err = write_proc(db, list[i]);
		free(list);
		if (err)
			return err;
	}
	err = exec_sql(db, index_sql);
	if (err)
		return err;
	err = exec_sql(db, "COMMIT");
	if (err)
		return err;
	db->in_txn = false;
	db->finished = true;
	return 0;
}

void tl_sqldb__counts(const struct tl_sqldb *db, uint64_t *syscalls,
		      uint64_t *rows)
{
	if (syscalls)
		*syscalls = db->n_syscalls;
	if (rows)
		*rows = db->n_rows;
}

sqlite3 *tl_sqldb__handle(struct tl_sqldb *db)
{
	return db->h;
}

const char *tl_sqldb__errmsg(const struct tl_sqldb *db)
{
	return db->errbuf;
}

void tl_sqldb__close(struct tl_sqldb *db)
{
	size_t i;

	if (!db)
		return;
	sqlite3_finalize(db->ins_sys);
	sqlite3_finalize(db->ins_pev);
	sqlite3_finalize(db->ins_lost);
	sqlite3_finalize(db->ins_file);
	sqlite3_finalize(db->ins_trace);
	sqlite3_finalize(db->ins_proc);
	if (db->h && db->in_txn)
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
	if (db->h)
		sqlite3_close(db->h);
	for (i = 0; i < db->cap_procs; i++)
		proc_free(db->procs[i]);
	free(db->procs);
	for (i = 0; i < db->npend; i++)
		pend_free(&db->pend[i]);
	free(db->files);
	free(db->traces);
	jsonw_release(&db->w);
	jsonw_release(&db->w2);
	sbuf_release(&db->tmp);
	free(db);
}

int tl_sqldb_check_path(const char *path)
{
	static const char magic[16] = "SQLite format 3";
	char head[16];
	sqlite3 *h = NULL;
	sqlite3_stmt *st = NULL;
	struct stat sb;
	ssize_t n;
	int fd, err = -EEXIST;

	if (stat(path, &sb)) {
		if (errno == ENOENT)
			return 0;
		return -errno;
	}
	if (!S_ISREG(sb.st_mode))
		return -EEXIST;
	if (sb.st_size == 0)
		return 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, head, sizeof(head));
	close(fd);
	if (n != (ssize_t)sizeof(head) || memcmp(head, magic, sizeof(magic)))
		return -EEXIST;
	if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		goto out;
	if (sqlite3_prepare_v2(h, "SELECT value FROM tlz_meta"
			       " WHERE key = 'schema_version'", -1, &st,
			       NULL) != SQLITE_OK)
		goto out;
	if (sqlite3_step(st) == SQLITE_ROW)
		err = 0;
out:
	sqlite3_finalize(st);
	sqlite3_close(h);
	return err;
}
