// SPDX-License-Identifier: MIT
/*
 * watch.c - inotify on the cgroup2 tree, --watch patterns and container /
 * pod naming for tl-record daemon (see watch.h).
 */
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <unistd.h>

#include "internal.h"
#include "tl.h"
#include "watch.h"

/* ------------------------------------------------------------ patterns */

static const char *last_component(const char *rel)
{
	const char *s = strrchr(rel, '/');

	return s ? s + 1 : rel;
}

bool tlr_watch_match(const char *pattern, const char *rel)
{
	if (strchr(pattern, '/'))
		return fnmatch(pattern, rel, 0) == 0;
	return fnmatch(pattern, last_component(rel), 0) == 0;
}

static bool is_hex(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

/* Copies s[0, n) into out (NUL-terminated) if it fits. */
static bool copy_n(char *out, size_t outlen, const char *s, size_t n)
{
	if (n >= outlen)
		return false;
	memcpy(out, s, n);
	out[n] = '\0';
	return true;
}

/* A pod UID as found in a path: hex digits and '-' or '_' (systemd
 * escapes '-' as '_'), 8..64 characters. Copied with dashes. */
static bool pod_uid(const char *s, size_t n, char *out, size_t outlen)
{
	size_t i;

	if (n < 8 || n > 64 || n >= outlen)
		return false;
	for (i = 0; i < n; i++) {
		char c = s[i];

		if (c == '_')
			c = '-';
		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || c == '-'))
			return false;
		out[i] = c;
	}
	out[n] = '\0';
	return true;
}

static bool has_prefix(const char *s, size_t n, const char *p)
{
	size_t l = strlen(p);

	return n >= l && memcmp(s, p, l) == 0;
}

static bool has_suffix(const char *s, size_t n, const char *x)
{
	size_t l = strlen(x);

	return n >= l && memcmp(s + n - l, x, l) == 0;
}

struct runtime_scope {
	const char *prefix;
	const char *runtime;
};

static const struct runtime_scope scopes[] = {
	{ "docker-", "docker" },
	{ "cri-containerd-", "containerd" },
	{ "crio-", "cri-o" },
	{ "libpod-", "podman" },
};

/* Container id of one path component, if it names a container. */
static bool container_of(const char *c, size_t n, const char *parent,
			 size_t parent_n, bool in_k8s, struct tlr_cgdesc *d)
{
	size_t i;

	if (has_suffix(c, n, ".scope")) {
		for (i = 0; i < sizeof(scopes) / sizeof(scopes[0]); i++) {
			size_t pl = strlen(scopes[i].prefix);
			size_t idl = n - pl - strlen(".scope");

			if (!has_prefix(c, n, scopes[i].prefix) ||
			    n < pl + strlen(".scope") + 12)
				continue;
			if (!is_hex(c + pl, idl))
				continue;
			if (!copy_n(d->container_id, sizeof(d->container_id),
				    c + pl, idl))
				continue;
			snprintf(d->runtime, sizeof(d->runtime), "%s",
				 scopes[i].runtime);
			return true;
		}
		return false;
	}
	/* cgroupfs drivers: the bare id */
	if (n >= 12 && is_hex(c, n) &&
	    copy_n(d->container_id, sizeof(d->container_id), c, n)) {
		if (parent_n == 6 && memcmp(parent, "docker", 6) == 0)
			snprintf(d->runtime, sizeof(d->runtime), "docker");
		else
			d->runtime[0] = '\0';
		(void)in_k8s;
		return true;
	}
	return false;
}

/* Pod UID and QoS from one component of a Kubernetes path. */
static bool pod_of(const char *c, size_t n, struct tlr_cgdesc *d)
{
	const char *qos[] = { "burstable", "besteffort" };
	size_t i;

	/* systemd driver: kubepods-pod<uid>.slice,
	 * kubepods-<qos>-pod<uid>.slice */
	if (has_prefix(c, n, "kubepods-") && has_suffix(c, n, ".slice")) {
		const char *p = c + strlen("kubepods-");
		size_t m = n - strlen("kubepods-") - strlen(".slice");

		for (i = 0; i < 2; i++) {
			size_t l = strlen(qos[i]);

			if (m > l + 1 && memcmp(p, qos[i], l) == 0 && p[l] == '-') {
				p += l + 1;
				m -= l + 1;
				break;
			}
		}
		if (m > 3 && memcmp(p, "pod", 3) == 0)
			return pod_uid(p + 3, m - 3, d->pod_uid,
				       sizeof(d->pod_uid));
		return false;
	}
	/* cgroupfs driver: pod<uid> */
	if (has_prefix(c, n, "pod"))
		return pod_uid(c + 3, n - 3, d->pod_uid, sizeof(d->pod_uid));
	return false;
}

static void qos_of(const char *c, size_t n, struct tlr_cgdesc *d)
{
	if ((n == 9 && memcmp(c, "burstable", 9) == 0) ||
	    (n == 24 && memcmp(c, "kubepods-burstable.slice", 24) == 0))
		snprintf(d->qos_class, sizeof(d->qos_class), "burstable");
	else if ((n == 10 && memcmp(c, "besteffort", 10) == 0) ||
		 (n == 25 && memcmp(c, "kubepods-besteffort.slice", 25) == 0))
		snprintf(d->qos_class, sizeof(d->qos_class), "besteffort");
}

void tlr_cgroup_describe(const char *rel, struct tlr_cgdesc *d)
{
	const char *p = rel, *prev = "", *last;
	size_t prev_n = 0;
	bool in_k8s = false, pod_last = false, cont = false;

	memset(d, 0, sizeof(*d));
	d->kind = TL_TRACE_CGROUP;
	last = last_component(rel);
	while (*p) {
		const char *c;
		size_t n;

		while (*p == '/')
			p++;
		if (!*p)
			break;
		c = p;
		while (*p && *p != '/')
			p++;
		n = (size_t)(p - c);
		if ((n == 8 && memcmp(c, "kubepods", 8) == 0) ||
		    (n == 14 && memcmp(c, "kubepods.slice", 14) == 0)) {
			in_k8s = true;
		} else if (in_k8s) {
			qos_of(c, n, d);
			if (!d->pod_uid[0] && pod_of(c, n, d))
				pod_last = c == last;
		}
		if (c == last)
			cont = container_of(c, n, prev, prev_n, in_k8s, d);
		prev = c;
		prev_n = n;
	}
	if (d->pod_uid[0] && !d->qos_class[0])
		snprintf(d->qos_class, sizeof(d->qos_class), "guaranteed");
	if (cont) {
		char id12[13];

		d->kind = TL_TRACE_CONTAINER;
		snprintf(id12, sizeof(id12), "%.12s", d->container_id);
		if (d->pod_uid[0])
			snprintf(d->name, sizeof(d->name), "k8s-%s-%s",
				 d->pod_uid, id12);
		else
			snprintf(d->name, sizeof(d->name), "%s-%s",
				 d->runtime[0] ? d->runtime : "container", id12);
	} else if (pod_last) {
		d->kind = TL_TRACE_POD;
		snprintf(d->name, sizeof(d->name), "k8s-pod-%s", d->pod_uid);
	} else {
		snprintf(d->name, sizeof(d->name), "%s",
			 *last ? last : "root");
	}
}

/* -------------------------------------------------------------- inotify */

#define WATCH_MASK	(IN_CREATE | IN_DELETE | IN_ONLYDIR)
#define MAX_DEPTH	64

struct wentry {
	int wd;
	char *rel;
};

struct tlr_watch {
	int fd;
	char *mount;
	bool recursive;
	struct wentry *e;	/* sorted by wd */
	size_t n, cap;
};

struct tlr_watch *tlr_watch_new(const char *mount)
{
	struct tlr_watch *w = calloc(1, sizeof(*w));

	if (!w)
		return NULL;
	w->mount = strdup(mount);
	w->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (!w->mount || w->fd < 0) {
		int e = w->mount ? errno : ENOMEM;

		tlr_watch_free(w);
		errno = e;
		return NULL;
	}
	return w;
}

void tlr_watch_free(struct tlr_watch *w)
{
	size_t i;

	if (!w)
		return;
	if (w->fd >= 0)
		close(w->fd);
	for (i = 0; i < w->n; i++)
		free(w->e[i].rel);
	free(w->e);
	free(w->mount);
	free(w);
}

int tlr_watch_fd(const struct tlr_watch *w)
{
	return w->fd;
}

size_t tlr_watch_count(const struct tlr_watch *w)
{
	return w->n;
}

/* Index of wd, or where it goes (*found = false). */
static size_t find_wd(const struct tlr_watch *w, int wd, bool *found)
{
	size_t lo = 0, hi = w->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (w->e[mid].wd < wd)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = lo < w->n && w->e[lo].wd == wd;
	return lo;
}

static int join(char *out, size_t outlen, const char *dir, const char *name)
{
	int n;

	if (strcmp(dir, "/") == 0)
		n = snprintf(out, outlen, "/%s", name);
	else
		n = snprintf(out, outlen, "%s/%s", dir, name);
	return n < 0 || (size_t)n >= outlen ? -ENAMETOOLONG : 0;
}

static int abs_path(const struct tlr_watch *w, const char *rel, char *out,
		    size_t outlen)
{
	size_t n = strlen(w->mount);
	int r;

	while (n > 1 && w->mount[n - 1] == '/')
		n--;
	r = snprintf(out, outlen, "%.*s%s", (int)n, w->mount,
		     strcmp(rel, "/") ? rel : "");
	return r < 0 || (size_t)r >= outlen ? -ENAMETOOLONG : 0;
}

/* Adds one inotify watch; 0 also when the directory vanished. */
static int add_one(struct tlr_watch *w, const char *rel)
{
	char path[PATH_MAX];
	size_t i;
	bool found;
	void *arr;
	char *dup;
	int wd, err;

	err = abs_path(w, rel, path, sizeof(path));
	if (err)
		return err;
	wd = inotify_add_watch(w->fd, path, WATCH_MASK);
	if (wd < 0)
		return errno == ENOENT || errno == ENOTDIR ? 0 : -errno;
	i = find_wd(w, wd, &found);
	if (found)
		return 0;	/* the same directory again */
	dup = strdup(rel);
	arr = w->e;
	if (!dup || tl_grow(&arr, &w->cap, w->n + 1, sizeof(*w->e))) {
		free(dup);
		inotify_rm_watch(w->fd, wd);
		return -ENOMEM;
	}
	w->e = arr;
	memmove(&w->e[i + 1], &w->e[i], (w->n - i) * sizeof(*w->e));
	w->e[i].wd = wd;
	w->e[i].rel = dup;
	w->n++;
	return 0;
}

/* Watches rel and everything below it; cb gets CREATED for each
 * directory below rel (not rel itself). */
static int add_tree(struct tlr_watch *w, const char *rel, int depth,
		    tlr_watch_cb cb, void *ctx)
{
	char path[PATH_MAX];
	struct dirent *de;
	DIR *d;
	int err;

	err = add_one(w, rel);
	if (err || depth >= MAX_DEPTH)
		return err;
	/* after the watch: a subdirectory made meanwhile is seen here or
	 * reported by the watch (possibly both; callers accept repeats) */
	if (abs_path(w, rel, path, sizeof(path)))
		return 0;
	d = opendir(path);
	if (!d)
		return 0;
	while ((de = readdir(d))) {
		char sub[PATH_MAX];

		if (de->d_type != DT_DIR || !strcmp(de->d_name, ".") ||
		    !strcmp(de->d_name, ".."))
			continue;
		if (join(sub, sizeof(sub), rel, de->d_name))
			continue;
		if (cb && cb(ctx, TLR_WATCH_CREATED, sub)) {
			err = 1;
			break;
		}
		err = add_tree(w, sub, depth + 1, cb, ctx);
		if (err)
			break;
	}
	closedir(d);
	return err;
}

int tlr_watch_dir(struct tlr_watch *w, const char *rel, bool recursive,
		  tlr_watch_cb cb, void *ctx)
{
	if (!recursive)
		return add_one(w, rel);
	w->recursive = true;
	return add_tree(w, rel, 0, cb, ctx);
}

int tlr_watch_read(struct tlr_watch *w, tlr_watch_cb cb, void *ctx)
{
	char buf[64 * 1024] __attribute__((aligned(__alignof__(struct inotify_event))));

	for (;;) {
		ssize_t len = read(w->fd, buf, sizeof(buf));
		char *p;

		if (len < 0) {
			if (errno == EINTR)
				continue;
			return errno == EAGAIN ? 0 : -errno;
		}
		if (len == 0)
			return 0;
		for (p = buf; p < buf + len;) {
			const struct inotify_event *ev = (const void *)p;
			char rel[PATH_MAX];
			size_t i;
			bool found;
			int r = 0;

			p += sizeof(*ev) + ev->len;
			if (ev->mask & IN_Q_OVERFLOW) {
				r = cb(ctx, TLR_WATCH_OVERFLOW, NULL);
				if (r)
					return r;
				continue;
			}
			i = find_wd(w, ev->wd, &found);
			if (!found)
				continue;
			if (ev->mask & IN_IGNORED) {
				free(w->e[i].rel);
				memmove(&w->e[i], &w->e[i + 1],
					(w->n - i - 1) * sizeof(*w->e));
				w->n--;
				continue;
			}
			if (!(ev->mask & IN_ISDIR) || !ev->len)
				continue;
			if (join(rel, sizeof(rel), w->e[i].rel, ev->name))
				continue;
			if (ev->mask & IN_CREATE) {
				if (w->recursive) {
					r = cb(ctx, TLR_WATCH_CREATED, rel);
					if (!r)
						r = add_tree(w, rel, 1, cb, ctx);
				} else {
					r = cb(ctx, TLR_WATCH_CREATED, rel);
				}
			} else if (ev->mask & IN_DELETE) {
				r = cb(ctx, TLR_WATCH_DELETED, rel);
			}
			if (r)
				return r;
		}
	}
}
