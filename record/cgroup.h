/* SPDX-License-Identifier: MIT */
/*
 * cgroup.h - cgroup v2 helpers for tl-record: find the cgroup2 mount,
 * resolve a user-given cgroup path to (path, id, level), create and remove
 * the one-shot cgroup, list the threads of a cgroup tree.
 *
 * Functions return 0 or -errno and never print.
 */
#ifndef TLR_CGROUP_H
#define TLR_CGROUP_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct tlr_cgroup {
	char path[PATH_MAX];	/* absolute, resolved: /sys/fs/cgroup/unified/a/b */
	char rel[PATH_MAX];	/* relative to the cgroup2 mount: "/a/b", "/" */
	uint64_t id;		/* cgroup id (kernfs inode number) */
	uint32_t level;		/* depth below the root cgroup: "/a/b" = 2 */
};

/* The mount point of the cgroup2 file system in `mounts` (the text of
 * /proc/mounts); octal escapes (\040) are decoded. 0, -ENOENT (no cgroup2)
 * or -ENAMETOOLONG. */
int tlr_cgroup2_mount_parse(const char *mounts, char *out, size_t outlen);

/* Same, reading /proc/self/mounts. */
int tlr_cgroup2_mount(char *out, size_t outlen);

/*
 * Joins a user-given cgroup path to the mount: a path that starts with
 * the mount point is taken as is, any other is relative to the mount
 * ("/system.slice/x.service", as in /proc/PID/cgroup). No file system
 * access. 0 or -ENAMETOOLONG / -EINVAL (empty).
 */
int tlr_cgroup_join(const char *mount, const char *user, char *out,
		    size_t outlen);

/*
 * The part of `resolved` (an absolute path without symlinks or ..) below
 * `mount`, as "/a/b" ("/" for the mount itself), and its level.
 * -EXDEV when `resolved` is not inside `mount`.
 */
int tlr_cgroup_rel(const char *mount, const char *resolved, char *rel,
		   size_t rellen, uint32_t *level);

/* Resolves `user` (see tlr_cgroup_join) to a cgroup inside `mount`:
 * realpath, inside check, id (name_to_handle_at), level. -ENOENT,
 * -EXDEV (outside the mount), -ENOTDIR, ... */
int tlr_cgroup_resolve(const char *mount, const char *user,
		       struct tlr_cgroup *cg);

/* Creates the cgroup `name` directly below the mount and resolves it. */
int tlr_cgroup_create(const char *mount, const char *name,
		      struct tlr_cgroup *cg);

/* Moves `pid` (a whole process) into the cgroup at `path`. */
int tlr_cgroup_move(const char *path, pid_t pid);

/* Removes a cgroup created by tlr_cgroup_create(); processes still in it
 * (or in cgroups below it) are moved to `fallback` first (absolute cgroup
 * path, e.g. the recorder's own). */
int tlr_cgroup_destroy(const char *path, const char *fallback);

/* The absolute path of the cgroup2 cgroup of `pid` (0 = self). */
int tlr_cgroup_of(const char *mount, pid_t pid, char *out, size_t outlen);

/*
 * Calls fn(tid, ctx) for every thread in the cgroup at `path` and in all
 * cgroups below it (cgroup.threads). Stops at the first non-zero return
 * of fn and returns it; 0 when done; -errno when `path` cannot be read
 * (cgroups that vanish while walking are skipped).
 */
int tlr_cgroup_threads(const char *path, int (*fn)(pid_t tid, void *ctx),
		       void *ctx);

#endif /* TLR_CGROUP_H */
