/* SPDX-License-Identifier: MIT */
/*
 * daemon.h - `tl-record daemon`: the always-on flight recorder. Keeps one
 * recorder (record/recorder.h) with traces added and removed at runtime
 * through an HTTP/1.1 API on a unix socket (record/http.h), follows the
 * cgroup tree (record/watch.h), and writes .tlz files into a bounded
 * spool (record/spool.h) when a traced cgroup goes away or, with
 * --dump-on-crash, when a traced process dies by a signal or exits
 * non-zero. docs/daemon.md describes the API.
 */
#ifndef TLR_DAEMON_H
#define TLR_DAEMON_H

/* argv[0] is "daemon". Returns the process exit status: 0 after
 * SIGTERM/SIGINT, 1 runtime failure, 2 usage, 3 BPF or cgroup2 cannot be
 * used here. */
int tlr_daemon_main(int argc, char **argv);

#endif /* TLR_DAEMON_H */
