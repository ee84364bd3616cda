#!/bin/bash
# SPDX-License-Identifier: MIT
# The three recorded samples in one SQLite database, queried with sqlite3:
# files and traces, the exec trees, failed opens and a strace -c summary
# per trace.
. "$TL_TOP/tests/cli/tl-convert/samples.inc" sqlite3
tl-convert -f sqlite -o all.db story1-bc-file.tlz multiprocess.tlz \
	story2-ls-grep-wget.tlz || fail "exit $?"
sqlite3 -batch -bail all.db <<'SQL' || fail "sqlite3 exit $?"
.headers on
.nullvalue NULL
SELECT id, name, arch, recorder FROM files;
SELECT t.id, t.file_id, t.name, t.kind, t.cpus, t.records, t.dropped,
       (SELECT count(*) FROM syscalls s WHERE s.trace = t.id) AS syscalls
FROM traces t;
SELECT trace, substr('                ', 1, 2 * depth) || pid AS pid, ppid,
       comm, argv, exit FROM exec_tree;
SELECT trace, pid, comm, syscall, path, errno, count FROM failed_opens
WHERE path NOT LIKE '/usr/lib/locale/%' ORDER BY trace, pid, path;
SELECT trace, name, count(*) AS calls, sum(errno IS NOT NULL) AS errors
FROM syscalls GROUP BY trace, name ORDER BY trace, calls DESC, name;
SELECT trace, kind, sum(count) FROM lost GROUP BY trace, kind;
SQL
