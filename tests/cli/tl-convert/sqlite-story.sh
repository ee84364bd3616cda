#!/bin/bash
# SPDX-License-Identifier: MIT
# The story trace as a SQLite database, read with the sqlite3 client:
# tables, the failed_opens and exec_tree views, NULLs where nothing was
# recorded.
. "$TL_TOP/tests/cli/tl-convert/conv2.inc" sqlite3
tl-convert -f sqlite -o t.db story.tlz || fail "tl-convert exit $?"
[ -z "$(ls t.db.tmp.* 2>/dev/null)" ] || fail "temporary file left behind"
sqlite3 -batch -bail t.db <<'SQL' || fail "sqlite3 exit $?"
.headers on
.mode list
.nullvalue NULL
SELECT 'files' AS t, name, arch, hostname, recorder, snaplen FROM files;
SELECT id, trace_id, name, kind, cgroup_path, cgroup_id, labels, start_ns,
       end_ns, cpus, records, dropped FROM traces;
SELECT pid, ppid, comm, argv, argv_json, exe, cwd, start_ns, exit_status,
       exit_code, exit_signal, core_dumped, execs, threads, syscalls,
       in_snapshot FROM processes ORDER BY pid;
SELECT id, ts_ns, dur_ns, trace, cpu, pid, tid, comm, name, nr, abi, ret,
       errno, path, fd, args, state FROM syscalls ORDER BY id;
SELECT id, ts_ns, type, pid, tid, ppid, comm, child_pid, child_tid,
       filename, argv, exit_status, exit_code, exit_signal, group_dead
       FROM proc_events ORDER BY id;
SELECT * FROM lost;
SELECT * FROM failed_opens;
SELECT * FROM exec_tree;
SQL
# the symbolic arguments (argstr) and a query on a flag name
sqlite3 -batch -bail t.db <<'SQL' || fail "sqlite3 exit $?"
.headers on
.mode list
.nullvalue NULL
SELECT id, name, argstr FROM syscalls ORDER BY id;
SELECT pid, path, argstr->>'flags' AS flags, argstr->>'mode' AS mode,
       json_extract(args, '$.flags') AS raw
  FROM syscalls WHERE argstr->>'flags' LIKE '%O_CREAT%';
SELECT count(*) AS enter_lost_without_argstr FROM syscalls
  WHERE (args IS NULL) != (argstr IS NULL);
SQL
