/* SPDX-License-Identifier: MIT */
/*
 * recorder.h - the BPF recorder as a module: loads the BPF object, owns
 * the trace slots (one traced cgroup each, with its per-CPU block rings),
 * and dumps traces into a tl_writer. tl-record's one-shot and --cgroup
 * modes use it; an always-on daemon can add, stop, dump and remove traces
 * at runtime through the same calls.
 *
 * Conventions: 0 or -errno; functions returning a pointer return NULL and
 * set errno. The module never prints: a failure's details go into the
 * caller's error buffer (err, errlen) when one is given.
 *
 * Ownership: a struct recorder owns the BPF object, every trace's maps and
 * mappings, and the strings given to it (copied).
 */
#ifndef TLR_RECORDER_H
#define TLR_RECORDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cgroup.h"
#include "tl.h"

struct recorder_opts {
	size_t sz;			/* sizeof(struct recorder_opts) */
	uint32_t max_traces;		/* slots; 0 = TLR_DEFAULT_SLOTS */
	/* Exactly one trace, on this cgroup (and its descendants), known
	 * before loading: the cheapest in-kernel check. NULL: any number of
	 * traces added at runtime. */
	const struct tlr_cgroup *single;
	uint64_t single_buffer_size;	/* its ring size per CPU; 0 = 1 MiB */
	/* The caller created `single` and removes it only after
	 * recorder__free(): the programs may trust its address alone. */
	bool single_owned;
	uint32_t snaplen;		/* -s; 0 = 256 */
	bool no_data;			/* --no-data */
	const char *syscall_filter;	/* "openat,write" or NULL */
	/* Report non-zero process exits (recorder__exits_fd); default off:
	 * the exit ring shrinks to one page. */
	bool exit_events;
	/* Allocate (and fault in) each trace's dump copy when the trace is
	 * added, not at its first dump: a dump then cannot fail for memory
	 * and does not pay for page faults. Costs the ring size per trace. */
	bool reserve_dump_memory;
};

struct recorder_trace_opts {
	size_t sz;
	const char *name;		/* trace name; NULL = cgroup path */
	uint32_t kind;			/* TL_TRACE_*; 0 = TL_TRACE_CGROUP */
	uint64_t buffer_size;		/* per CPU; 0 = 1 MiB */
	/* TRACE labels (container id, pod uid...), copied; may be NULL */
	const struct tl_label *labels;
	uint32_t nlabels;
};

/* Where a dump's time went (CLOCK_MONOTONIC ns), for tl-record -v. */
struct recorder_dump_stats {
	int64_t copy_ns;		/* ring snapshots */
	int64_t procs_ns;		/* /proc snapshots of the cgroups */
	int64_t write_ns;		/* tl_writer__write_dump: encode, compress */
	uint64_t copy_bytes;		/* valid blocks copied */
};

struct recorder_dump_opts {
	size_t sz;
	const char *cmdline;		/* recorder command line (MACHINE) */
	const char *compress;		/* "zstd:3" (MACHINE) */
	struct recorder_dump_stats *stats;	/* filled when not NULL */
};

struct recorder;

/* Opens and loads the BPF object and fills the capture table; attaches
 * nothing yet. On failure errno is set and err says what failed. */
struct recorder *recorder__new(const struct recorder_opts *opts, char *err,
			       size_t errlen);
void recorder__free(struct recorder *r);

/* Attaches the programs (recording starts for every trace added). */
int recorder__attach(struct recorder *r);
/* Detaches them: nothing is recorded, untraced tasks pay nothing. */
void recorder__detach(struct recorder *r);

/* Starts a trace of cgroup `cg` (and its descendants). Returns the trace
 * id (>= 1) or -errno: -ENOSPC no free slot, -EEXIST cgroup already
 * traced, -EINVAL bad size or a second trace in single mode. */
int recorder__add_cgroup(struct recorder *r, const struct tlr_cgroup *cg,
			 const struct recorder_trace_opts *opts, char *err,
			 size_t errlen);

/* Stops recording trace `id` but keeps its buffers (it can be dumped). */
int recorder__stop(struct recorder *r, int id);
/* Stops and frees trace `id`. Its slot is reused by a later add, which
 * resets the slot's ring state: a BPF program that looked the old cgroup
 * up just before the removal could still write one record per CPU into the
 * new trace's ring (its seq then belongs to the new numbering). */
int recorder__remove(struct recorder *r, int id);

/* Adds a process entry to trace `id`'s process table (e.g. the launched
 * command before its execve, which /proc no longer shows at dump). */
int recorder__add_proc(struct recorder *r, int id, const struct tl_proc *p);

/* Ring statistics of trace `id` now (ncpus entries, caller's array of at
 * least recorder__ncpus()). */
int recorder__ring_info(struct recorder *r, int id, struct tl_ring_info *out);
uint32_t recorder__ncpus(const struct recorder *r);

/*
 * Copies the rings of trace `id` as they are now, while BPF keeps writing
 * (a block recycled during its copy is left out: it was the oldest).
 * snap->rings gets ncpus rings, snap->info the ring statistics. The blocks
 * live in the trace's copy buffer, kept and reused by the next snapshot
 * (a second snapshot taken while one is held gets a malloc'ed copy):
 * release with recorder__snapshot_free() before removing the trace.
 */
struct recorder_snapshot {
	uint32_t nrings;
	struct tl_ring_data *rings;
	struct tl_ring_info *info;
	/* private */
	uint8_t *copy;			/* every ring's blocks */
	void *lender;			/* the trace whose buffer copy is */
};
int recorder__snapshot(struct recorder *r, int id,
		       struct recorder_snapshot *snap);
void recorder__snapshot_free(struct recorder_snapshot *snap);

/* Dumps traces ids[0..n) (n == 0: every trace) into w: MACHINE, tables,
 * TRACE, PROCS (/proc snapshot of the cgroups now, merged with what was
 * seen when each trace started) and the rings. Does not close w. */
int recorder__dump(struct recorder *r, struct tl_writer *w, const int *ids,
		   size_t n, const struct recorder_dump_opts *opts);

/*
 * Exit events (opts.exit_events): a whole process of a traced cgroup ended
 * with a non-zero wait status (killed by a signal, or exit(N != 0)).
 * recorder__exits_fd() is a file descriptor to poll for POLLIN (-1 when
 * exit events are off); recorder__exits_consume() calls fn for every
 * pending event (events of traces removed meanwhile are skipped) and
 * returns how many it passed on, or -errno. fn returning non-zero stops.
 */
struct recorder_exit {
	int id;				/* trace id */
	uint32_t pid;
	int32_t status;			/* wait(2) status */
	int64_t ts;			/* CLOCK_BOOTTIME ns */
	char comm[16];
};
int recorder__exits_fd(struct recorder *r);
int recorder__exits_consume(struct recorder *r,
			    int (*fn)(const struct recorder_exit *e, void *ctx),
			    void *ctx);

#endif /* TLR_RECORDER_H */
