#!/bin/bash
# SPDX-License-Identifier: MIT
# sql: tl-convert's schema in memory; tables, views, several statements,
# --json rows (jq), filters applied before loading.
set -e
export TZ=UTC
"$TL_BUILD/tests/tl-analyze-gen" story story.tlz
tl-analyze sql "SELECT name, count(*) AS calls, sum(errno IS NOT NULL) AS failed FROM syscalls GROUP BY name ORDER BY calls DESC, name LIMIT 4" story.tlz
tl-analyze sql "SELECT pid, comm, syscall, path, errno, count FROM failed_opens; SELECT count(*) AS processes FROM processes" story.tlz
tl-analyze sql --pid 1002 "SELECT DISTINCT pid FROM syscalls" story.tlz
tl-analyze sql --json "SELECT pid, comm, exit FROM exec_tree ORDER BY pid" story.tlz | jq -c '.results[0][] | [.pid, .comm, .exit]'
