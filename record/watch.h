/* SPDX-License-Identifier: MIT */
/*
 * watch.h - what the daemon learns from the cgroup2 tree: inotify watches
 * on cgroup directories (a cgroup created or removed below a watched
 * one; the whole tree, recursively, for --watch), the --watch patterns,
 * and the names and labels of container and pod cgroups (Docker,
 * containerd, CRI-O, Podman; Kubernetes systemd and cgroupfs layouts).
 *
 * Paths are relative to the cgroup2 mount ("/system.slice/x.scope").
 * Functions return 0 or -errno and never print.
 */
#ifndef TLR_WATCH_H
#define TLR_WATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ------------------------------------------------------------ patterns */

/*
 * Does cgroup `rel` match `pattern` (fnmatch(3) globs)? A pattern
 * without '/' is matched against the last component ("docker-*.scope");
 * one with '/' against the whole path, where '*' also matches '/'
 * ("/kubepods.slice" followed by "*pod*.slice/cri-containerd-*.scope"
 * matches the containers of every pod).
 */
bool tlr_watch_match(const char *pattern, const char *rel);

/* What a cgroup path says about the container or pod it holds. */
struct tlr_cgdesc {
	uint32_t kind;			/* TL_TRACE_CONTAINER, _POD, _CGROUP */
	char name[160];			/* trace name (see tlr_cgroup_describe) */
	char container_id[136];		/* "" when none */
	char runtime[16];		/* docker, containerd, cri-o, podman, "" */
	char pod_uid[72];		/* with dashes; "" when none */
	char qos_class[16];		/* guaranteed, burstable, besteffort, "" */
};

/*
 * Describes cgroup `rel`: the container id from its last component
 * (docker-ID.scope, cri-containerd-ID.scope, crio-ID.scope,
 * libpod-ID.scope, or a bare hex ID of 12+ digits), the pod UID and QoS
 * class from a Kubernetes path (kubepods[-QOS]-podUID.slice with '_' for
 * '-', or kubepods/QOS/podUID). The name is
 *   k8s-POD_UID-ID12    a container of a pod
 *   RUNTIME-ID12        another container ("container-ID12" if unknown)
 *   k8s-pod-POD_UID     a pod's own cgroup
 *   LAST_COMPONENT      anything else
 * where ID12 is the first 12 digits of the container id.
 */
void tlr_cgroup_describe(const char *rel, struct tlr_cgdesc *d);

/* -------------------------------------------------------------- inotify */

enum {
	TLR_WATCH_CREATED	= 1,	/* a cgroup directory appeared */
	TLR_WATCH_DELETED	= 2,	/* one was removed */
	TLR_WATCH_OVERFLOW	= 3,	/* events were lost: rescan (rel NULL) */
};

/* Return non-zero to stop the walk or the event loop (returned). */
typedef int (*tlr_watch_cb)(void *ctx, int what, const char *rel);

struct tlr_watch;

/* `mount`: the cgroup2 mount point (copied). */
struct tlr_watch *tlr_watch_new(const char *mount);
void tlr_watch_free(struct tlr_watch *w);
/* The inotify fd to poll for POLLIN. */
int tlr_watch_fd(const struct tlr_watch *w);
/* Directories watched now. */
size_t tlr_watch_count(const struct tlr_watch *w);

/*
 * Watches directory `rel` for subdirectories created and removed.
 * recursive: also every directory below it, now and whenever one
 * appears (then cb, if given, gets TLR_WATCH_CREATED for every directory
 * found below `rel` now, parents first). A directory that vanished
 * meanwhile is not an error.
 */
int tlr_watch_dir(struct tlr_watch *w, const char *rel, bool recursive,
		  tlr_watch_cb cb, void *ctx);

/* Reads every pending event and calls cb for each (non-blocking). In
 * recursive watches, a new directory's TLR_WATCH_CREATED is passed on,
 * then it and everything below it are watched (with a CREATED for each
 * directory found below it). */
int tlr_watch_read(struct tlr_watch *w, tlr_watch_cb cb, void *ctx);

#endif /* TLR_WATCH_H */
