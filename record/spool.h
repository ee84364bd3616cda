/* SPDX-License-Identifier: MIT */
/*
 * spool.h - the daemon's spool directory: .tlz files written without
 * anyone asking (a traced cgroup was removed, a traced process crashed),
 * bounded in total size, oldest first out.
 *
 * The spool keeps an index of its files (scanned once when opened, then
 * updated as files are added or removed); files removed by someone else
 * are dropped from the index when found missing. Only regular files named
 * *.tlz count; leftovers of interrupted writes (*.tlz.tmp.*) are removed
 * when the spool is opened. Functions return 0 or -errno, never print.
 */
#ifndef TLR_SPOOL_H
#define TLR_SPOOL_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct tlr_spool_file {
	char *name;		/* file name in the directory */
	uint64_t size;
	int64_t mtime_ns;
};

struct tlr_spool {
	char *dir;
	uint64_t max;		/* bytes; 0 = unbounded */
	uint64_t total;		/* bytes of the files in the index */
	struct tlr_spool_file *files;	/* oldest first */
	size_t n, cap;
	uint64_t removed;	/* files removed to stay under max */
};

/* Creates `dir` (mode 0700) if needed, removes interrupted writes and
 * indexes the *.tlz files there. */
int tlr_spool_init(struct tlr_spool *s, const char *dir, uint64_t max);
void tlr_spool_release(struct tlr_spool *s);

/*
 * A new file name for trace `name` (any bytes: characters outside
 * [A-Za-z0-9._@+-] become '_', at most 100 kept), written as
 * DIR/NAME.ID.REASON.YYYYmmddTHHMMSSZ.tlz (time in UTC; a -N suffix is
 * added before .tlz when that name exists). `out` gets the full path.
 */
int tlr_spool_path(struct tlr_spool *s, const char *name, int id,
		   const char *reason, time_t when, char *out, size_t outlen);

/*
 * Adds the file just written at `path` (inside the directory) to the
 * index as the newest one, then removes the oldest files until the total
 * is at most max (the new file too, if it alone is larger than max:
 * *kept is then 0). Calls removed_cb(name, ctx) for each file removed
 * (may be NULL).
 */
int tlr_spool_add(struct tlr_spool *s, const char *path, int *kept,
		  void (*removed_cb)(const char *name, void *ctx), void *ctx);

/* The name part for a trace name (the sanitising of tlr_spool_path). */
void tlr_spool_sanitize(const char *name, char *out, size_t outlen);

#endif /* TLR_SPOOL_H */
