// SPDX-License-Identifier: MIT
/*
 * spool.c - the daemon's bounded spool directory (see spool.h).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"
#include "spool.h"

static int is_tlz(const char *name)
{
	size_t n = strlen(name);

	return n > 4 && strcmp(name + n - 4, ".tlz") == 0 && name[0] != '.';
}

static int is_leftover(const char *name)
{
	return strstr(name, ".tlz.tmp.") != NULL;
}

static int cmp_age(const void *a, const void *b)
{
	const struct tlr_spool_file *x = a, *y = b;

	if (x->mtime_ns != y->mtime_ns)
		return x->mtime_ns < y->mtime_ns ? -1 : 1;
	return strcmp(x->name, y->name);
}

static int push(struct tlr_spool *s, const char *name, uint64_t size,
		int64_t mtime_ns)
{
	void *arr = s->files;
	char *dup;

	if (tl_grow(&arr, &s->cap, s->n + 1, sizeof(*s->files)))
		return -ENOMEM;
	s->files = arr;
	dup = strdup(name);
	if (!dup)
		return -ENOMEM;
	s->files[s->n].name = dup;
	s->files[s->n].size = size;
	s->files[s->n].mtime_ns = mtime_ns;
	s->n++;
	s->total += size;
	return 0;
}

/* mkdir -p with mode 0700 for the directories it creates */
static int mkdirs(const char *dir)
{
	char p[PATH_MAX];
	size_t i, n = strlen(dir);

	if (n == 0 || n >= sizeof(p))
		return -ENAMETOOLONG;
	memcpy(p, dir, n + 1);
	for (i = 1; i <= n; i++) {
		if (p[i] != '/' && p[i] != '\0')
			continue;
		p[i] = '\0';
		if (mkdir(p, 0700) < 0 && errno != EEXIST)
			return -errno;
		p[i] = dir[i];
	}
	return 0;
}

int tlr_spool_init(struct tlr_spool *s, const char *dir, uint64_t max)
{
	struct dirent *de;
	struct stat st;
	DIR *d;
	int fd, err;

	memset(s, 0, sizeof(*s));
	s->max = max;
	s->dir = strdup(dir);
	if (!s->dir)
		return -ENOMEM;
	err = mkdirs(dir);
	if (err)
		goto fail;
	d = opendir(dir);
	if (!d) {
		err = -errno;
		goto fail;
	}
	fd = dirfd(d);
	while ((de = readdir(d))) {
		if (is_leftover(de->d_name)) {
			unlinkat(fd, de->d_name, 0);
			continue;
		}
		if (!is_tlz(de->d_name))
			continue;
		if (fstatat(fd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0 ||
		    !S_ISREG(st.st_mode))
			continue;
		err = push(s, de->d_name, (uint64_t)st.st_size,
			   (int64_t)st.st_mtim.tv_sec * 1000000000 +
			   st.st_mtim.tv_nsec);
		if (err) {
			closedir(d);
			goto fail;
		}
	}
	closedir(d);
	if (s->n)
		qsort(s->files, s->n, sizeof(*s->files), cmp_age);
	return 0;
fail:
	tlr_spool_release(s);
	return err;
}

void tlr_spool_release(struct tlr_spool *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->files[i].name);
	free(s->files);
	free(s->dir);
	memset(s, 0, sizeof(*s));
}

void tlr_spool_sanitize(const char *name, char *out, size_t outlen)
{
	size_t i, o = 0;

	if (!outlen)
		return;
	for (i = 0; name[i] && o + 1 < outlen && o < 100; i++) {
		char c = name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '.' || c == '_' ||
		      c == '@' || c == '+' || c == '-'))
			c = '_';
		/* no hidden files, no ".." */
		if (o == 0 && c == '.')
			c = '_';
		out[o++] = c;
	}
	if (o == 0 && outlen > 1)
		out[o++] = '_';
	out[o] = '\0';
}

int tlr_spool_path(struct tlr_spool *s, const char *name, int id,
		   const char *reason, time_t when, char *out, size_t outlen)
{
	char base[128], stamp[32];
	struct tm tm;
	struct stat st;
	int n, k;

	tlr_spool_sanitize(name, base, sizeof(base));
	if (!gmtime_r(&when, &tm))
		return -EINVAL;
	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm);
	for (k = 1; k < 1000; k++) {
		if (k == 1)
			n = snprintf(out, outlen, "%s/%s.%d.%s.%s.tlz", s->dir,
				     base, id, reason, stamp);
		else
			n = snprintf(out, outlen, "%s/%s.%d.%s.%s-%d.tlz",
				     s->dir, base, id, reason, stamp, k);
		if (n < 0 || (size_t)n >= outlen)
			return -ENAMETOOLONG;
		if (lstat(out, &st) < 0 && errno == ENOENT)
			return 0;
	}
	return -EEXIST;
}

static void drop(struct tlr_spool *s, size_t i)
{
	s->total -= s->files[i].size;
	free(s->files[i].name);
	memmove(&s->files[i], &s->files[i + 1],
		(s->n - i - 1) * sizeof(*s->files));
	s->n--;
}

int tlr_spool_add(struct tlr_spool *s, const char *path, int *kept,
		  void (*removed_cb)(const char *name, void *ctx), void *ctx)
{
	const char *name = strrchr(path, '/');
	struct stat st;
	int err;

	*kept = 0;
	name = name ? name + 1 : path;
	if (stat(path, &st) < 0)
		return -errno;
	err = push(s, name, (uint64_t)st.st_size,
		   (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec);
	if (err)
		return err;
	*kept = 1;
	while (s->max && s->total > s->max && s->n) {
		char victim[PATH_MAX];
		int last = s->n == 1;

		snprintf(victim, sizeof(victim), "%s/%s", s->dir,
			 s->files[0].name);
		if (unlink(victim) < 0 && errno != ENOENT)
			return -errno;
		if (removed_cb)
			removed_cb(s->files[0].name, ctx);
		drop(s, 0);
		s->removed++;
		if (last)
			*kept = 0;	/* the new file alone was over max */
	}
	return 0;
}
