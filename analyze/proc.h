/* SPDX-License-Identifier: MIT */
/*
 * proc.h - tl-analyze's process model, fed by every decoded event: one
 * struct ana_proc per process instance (a reused pid gets a new one), with
 * its parent, start and end, exec chain, working directory and a table of
 * open file descriptors (paths, sockets), so that queries can resolve a
 * relative path or an fd to what it named at the time of the call.
 *
 * Memory grows with the number of processes and of open fds, never with
 * the number of events.
 *
 * Ownership: ana_procs owns every ana_proc and everything reachable from
 * it; they live until ana_procs_release(). Pointers to procs stay valid
 * that long (dead processes are kept for exec-tree and reports).
 */
#ifndef TL_ANA_PROC_H
#define TL_ANA_PROC_H

#include <stdbool.h>
#include <stdint.h>

#include "htab.h"
#include "tl.h"

#define ANA_NSLOTS	8		/* per-process slots for queries */
#define ANA_MAX_FD	65536		/* fds above this are not tracked */
#define ANA_MAX_EXECS	64		/* exec chain kept per process */

enum ana_fd_kind {
	ANA_FD_NONE = 0,
	ANA_FD_FILE,			/* open/openat/creat */
	ANA_FD_SOCKET,
	ANA_FD_PIPE,
	ANA_FD_OTHER,			/* eventfd, epoll, memfd, ... */
};

struct ana_fd {
	uint8_t kind;			/* enum ana_fd_kind */
	bool deferred;			/* path relative to the initial cwd */
	bool cloexec;
	uint8_t origin;			/* socket: ANA_OP_CONNECT/ACCEPT, 0 */
	uint32_t oflags;		/* open flags (files) */
	int32_t family, socktype, proto;	/* sockets */
	char *path;			/* file path, or a label ("pipe") */
	char *local;			/* socket: bound address */
	char *peer;			/* socket: connected/accepted peer */
	void *files_agg;		/* cache for the files query */
	void *net_agg;			/* cache for the net query */
};

struct ana_exec {
	int64_t ts, wall;
	char *filename;			/* bprm filename (EXEC event) */
	char *argv;			/* NUL-separated, argv_len bytes, or NULL */
	uint32_t argv_len;
	uint32_t argc;			/* as recorded (may exceed what is kept) */
	bool argv_trunc;
	char comm[17];			/* comm after exec */
};

/* How the process ended. */
enum ana_end {
	ANA_END_RUNNING = 0,		/* no exit in the trace */
	ANA_END_EXITED,			/* ended: wait status in exit_code */
};

struct ana_proc {
	struct ana_hnode hn;		/* live table (file, pid) */
	uint64_t id;			/* creation order, from 1 */
	unsigned file_idx;
	const struct tl_file_info *file;
	const struct tl_trace_info *trace;
	uint32_t pid, ppid;
	struct ana_proc *parent;	/* known parent process, or NULL */
	struct ana_proc *child, *sibling;	/* tree links (children in order) */
	struct ana_proc *last_child;

	char comm0[17];			/* comm at start (or first sight) */
	const char *comm;		/* current comm (comm0 or last exec) */
	bool forked;			/* its FORK is in the trace */
	bool snap;			/* found in the dump-time snapshot */
	bool anchor;			/* not traced: an ancestor from the snapshot */
	bool alive_at_dump;		/* TL_PROC_ALIVE in the snapshot */
	bool in_live;			/* linked in the live table */
	bool exec_pending;		/* EXEC seen, its execve exit not yet */
	int64_t start_ts, start_wall;	/* 0 = unknown */
	int64_t first_ts, first_wall;	/* first event seen */
	int64_t last_ts, last_wall;	/* last event seen */
	int end;			/* enum ana_end */
	int32_t exit_code;		/* wait status */
	int64_t end_ts, end_wall;
	char *argv0;			/* argv before any exec in the trace:
					 * inherited at fork or from the
					 * snapshot; NUL-separated */
	uint32_t argv0_len;
	struct ana_exec *execs;
	uint32_t nexecs, execs_cap;
	uint64_t execs_dropped;
	uint64_t nsyscalls, nerrors;

	/* working directory */
	char *cwd;			/* absolute, when known */
	char *snap_cwd;			/* /proc cwd at dump (snapshot) */
	struct ana_proc *cwd_parent;	/* initial cwd inherited from it */
	bool chdir_seen;		/* changed cwd during the trace */

	struct ana_fd *fds;
	uint32_t nfds;			/* entries allocated in fds[] */

	void *slot[ANA_NSLOTS];		/* per-query data (owned by the query) */
};

/* Snapshot lookup (tl_decoder__proc in the tool; a fake in unit tests). */
typedef const struct tl_proc *(*ana_snap_fn)(void *arg,
					      const struct tl_file_info *f,
					      uint32_t pid);

struct ana_procs {
	struct ana_htab live;		/* (file, pid) -> proc */
	struct ana_proc **all;		/* every proc, creation order */
	size_t nall, cap;
	ana_snap_fn snap;
	void *snap_arg;
	struct ana_htab ops;		/* syscall name -> op (private) */
	struct {
		const struct tl_syscall *sc;
		int op;
	} opcache[256];			/* by syscall table entry (private) */
	void *opnodes;			/* (private) */
};

int ana_procs_init(struct ana_procs *ps, ana_snap_fn snap, void *arg);
void ana_procs_release(struct ana_procs *ps);

/* The process an event belongs to (the parent for FORK), created on first
 * sight. NULL only on ENOMEM or for LOST events. Call before the queries
 * see the event. */
struct ana_proc *ana_procs__get(struct ana_procs *ps,
				const struct tl_event *ev, unsigned file_idx);
/* Applies the event to the model (fork, exec, exit, fds, cwd). Call after
 * the queries saw it. 0 or -ENOMEM. */
int ana_procs__update(struct ana_procs *ps, struct ana_proc *p,
		      const struct tl_event *ev, unsigned file_idx);
/* Adds the not-traced ancestors of traced processes found in the
 * snapshots (anchor processes) and links the tree. Call once at the end.
 * 0 or -ENOMEM. */
int ana_procs__finish(struct ana_procs *ps);

/* fd entry, or NULL when not known. */
struct ana_fd *ana_proc__fd(struct ana_proc *p, int64_t fd);

/* Resolves `path` given by a call of p, relative to dirfd (AT_FDCWD or an
 * fd) into a new string; *deferred is set when it stays relative to the
 * process's initial working directory, which only ana_proc__final_path()
 * can settle (at the end of the trace). NULL on ENOMEM. */
#define ANA_AT_FDCWD	((int64_t)-100)
char *ana_proc__resolve(struct ana_proc *p, int64_t dirfd, const char *path,
			bool *deferred);
/* Final form of a path returned by ana_proc__resolve() once the whole
 * trace is read: a deferred path joined with the initial cwd when that
 * can be known. New string, NULL on ENOMEM. */
char *ana_proc__final_path(const struct ana_proc *p, const char *path,
			   bool deferred);

/* Joins dir and a relative path, dropping "." components and repeated
 * slashes (".." is kept: symlinks make it ambiguous). New string. */
char *ana_path_join(const char *dir, const char *rel);

/* argv text: NUL-separated args joined by spaces, each quoted like a shell
 * would need ('a b'), at most about `max` bytes (then "..."). New string. */
char *ana_argv_text(const char *argv, uint32_t len, bool trunc, size_t max);

/* The argv a process showed last (last exec, else argv0); NULL if none. */
const char *ana_proc__argv(const struct ana_proc *p, uint32_t *len,
			   bool *trunc);

/* Which syscalls the model knows, by name (the op of a syscall). */
enum ana_op {
	ANA_OP_NONE = 0,
	ANA_OP_OPEN,		/* open(path, flags) */
	ANA_OP_OPENAT,		/* openat(dirfd, path, flags) */
	ANA_OP_OPENAT2,		/* openat2(dirfd, path, how) */
	ANA_OP_CREAT,		/* creat(path, mode) */
	ANA_OP_CLOSE,
	ANA_OP_CLOSE_RANGE,
	ANA_OP_DUP,
	ANA_OP_DUP2,		/* dup2, dup3 */
	ANA_OP_FCNTL,
	ANA_OP_CHDIR,
	ANA_OP_FCHDIR,
	ANA_OP_EXECVE,		/* execve, execveat */
	ANA_OP_SOCKET,
	ANA_OP_SOCKETPAIR,
	ANA_OP_PIPE,		/* pipe, pipe2 */
	ANA_OP_CONNECT,
	ANA_OP_BIND,
	ANA_OP_LISTEN,
	ANA_OP_ACCEPT,		/* accept, accept4 */
	ANA_OP_SENDTO,
	ANA_OP_RECVFROM,
	ANA_OP_SENDMSG,		/* sendmsg */
	ANA_OP_RECVMSG,		/* recvmsg */
	ANA_OP_READ,		/* read, pread64, readv, preadv, preadv2 */
	ANA_OP_WRITE,		/* write, pwrite64, writev, pwritev, pwritev2 */
	ANA_OP_SENDFILE,	/* sendfile(out, in): ret bytes both ways */
	ANA_OP_SPLICE,		/* splice, copy_file_range (in 0, out 2) */
	ANA_OP_OTHERFD,		/* eventfd, epoll_create, memfd_create, ... */
	ANA_OP_MAX
};

/* The op of an event's syscall (by name). */
int ana_procs__op(const struct ana_procs *ps, const struct tl_event *ev);

/* The first capture of argument `arg` (enter: want_exit 0, exit: 1,
 * either: -1), or NULL. */
const struct tl_capture *ana_capt(const struct tl_event *ev, unsigned arg,
				  int want_exit);
/* A STR capture of argument `arg` as a new NUL-terminated string, NULL
 * when not captured (or ENOMEM). */
char *ana_capt_str(const struct tl_event *ev, unsigned arg);

/* True when ev is a syscall exit that returned an error; *err = errno. */
bool ana_ev_failed(const struct tl_event *ev, int *err);

/* "exited with 1", "killed by SIGSEGV (core dumped)" into buf. */
const char *ana_wait_status(int32_t status, char *buf, size_t len);

#endif /* TL_ANA_PROC_H */
