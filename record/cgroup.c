// SPDX-License-Identifier: MIT
/*
 * cgroup.c - cgroup v2 helpers for tl-record (see cgroup.h).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cgroup.h"

/* Copies a /proc/mounts field, decoding \ooo escapes; NUL-terminates. */
static int mounts_field(const char *s, size_t n, char *out, size_t outlen)
{
	size_t i, o = 0;

	for (i = 0; i < n; i++) {
		char c = s[i];

		if (c == '\\' && i + 3 < n &&
		    s[i + 1] >= '0' && s[i + 1] <= '3' &&
		    s[i + 2] >= '0' && s[i + 2] <= '7' &&
		    s[i + 3] >= '0' && s[i + 3] <= '7') {
			c = (char)((s[i + 1] - '0') << 6 | (s[i + 2] - '0') << 3 |
				   (s[i + 3] - '0'));
			i += 3;
		}
		if (o + 1 >= outlen)
			return -ENAMETOOLONG;
		out[o++] = c;
	}
	out[o] = '\0';
	return 0;
}

int tlr_cgroup2_mount_parse(const char *mounts, char *out, size_t outlen)
{
	const char *line = mounts;

	while (line && *line) {
		const char *end = strchr(line, '\n');
		const char *f[3];
		size_t flen[3];
		const char *p = line;
		int i;

		if (!end)
			end = line + strlen(line);
		/* fields: device mountpoint fstype ... */
		for (i = 0; i < 3; i++) {
			while (p < end && *p == ' ')
				p++;
			f[i] = p;
			while (p < end && *p != ' ')
				p++;
			flen[i] = (size_t)(p - f[i]);
		}
		if (flen[2] == 7 && memcmp(f[2], "cgroup2", 7) == 0 &&
		    flen[1] > 0)
			return mounts_field(f[1], flen[1], out, outlen);
		line = *end ? end + 1 : NULL;
	}
	return -ENOENT;
}

int tlr_cgroup2_mount(char *out, size_t outlen)
{
	char *buf = NULL;
	size_t cap = 0, len = 0;
	FILE *f;
	int err;

	f = fopen("/proc/self/mounts", "re");
	if (!f)
		return -errno;
	for (;;) {
		size_t n;

		if (cap - len < 4096) {
			char *nb = realloc(buf, cap + 65536);

			if (!nb) {
				err = -ENOMEM;
				goto out;
			}
			buf = nb;
			cap += 65536;
		}
		n = fread(buf + len, 1, cap - len - 1, f);
		len += n;
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		err = -EIO;
		goto out;
	}
	buf[len] = '\0';
	err = tlr_cgroup2_mount_parse(buf, out, outlen);
out:
	fclose(f);
	free(buf);
	return err;
}

/* Length of `mount` without trailing slashes (keeps "/" as 1). */
static size_t mount_len(const char *mount)
{
	size_t n = strlen(mount);

	while (n > 1 && mount[n - 1] == '/')
		n--;
	return n;
}

/* Does `path` start with the directory `mount` (n bytes)? */
static int under(const char *path, const char *mount, size_t n)
{
	if (strncmp(path, mount, n) != 0)
		return 0;
	if (n == 1 && mount[0] == '/')
		return path[0] == '/';
	return path[n] == '\0' || path[n] == '/';
}

int tlr_cgroup_join(const char *mount, const char *user, char *out,
		    size_t outlen)
{
	size_t n = mount_len(mount);
	int r;

	if (!user || !*user)
		return -EINVAL;
	if (under(user, mount, n))
		r = snprintf(out, outlen, "%s", user);
	else
		r = snprintf(out, outlen, "%.*s%s%s", (int)n, mount,
			     user[0] == '/' ? "" : "/", user);
	if (r < 0 || (size_t)r >= outlen)
		return -ENAMETOOLONG;
	return 0;
}

int tlr_cgroup_rel(const char *mount, const char *resolved, char *rel,
		   size_t rellen, uint32_t *level)
{
	size_t n = mount_len(mount);
	const char *p;
	uint32_t lv = 0;
	int r;

	if (!under(resolved, mount, n))
		return -EXDEV;
	p = resolved + n;
	if (n == 1)	/* mount is "/" */
		p = resolved;
	while (*p == '/')
		p++;
	r = snprintf(rel, rellen, "/%s", p);
	if (r < 0 || (size_t)r >= rellen)
		return -ENAMETOOLONG;
	/* strip trailing slashes, count components */
	r = (int)strlen(rel);
	while (r > 1 && rel[r - 1] == '/')
		rel[--r] = '\0';
	for (p = rel; *p; p++)
		if (*p == '/' && p[1] && p[1] != '/')
			lv++;
	*level = lv;
	return 0;
}

static int cgroup_id(const char *path, uint64_t *id)
{
	struct {
		struct file_handle fh;
		unsigned char buf[64];
	} h;
	int mount_id;

	memset(&h, 0, sizeof(h));
	h.fh.handle_bytes = sizeof(h.buf);
	if (name_to_handle_at(AT_FDCWD, path, &h.fh, &mount_id, 0) < 0)
		return -errno;
	if (h.fh.handle_bytes != sizeof(uint64_t))
		return -EOPNOTSUPP;
	memcpy(id, h.fh.f_handle, sizeof(*id));
	return 0;
}

int tlr_cgroup_resolve(const char *mount, const char *user,
		       struct tlr_cgroup *cg)
{
	char joined[PATH_MAX], real_mount[PATH_MAX];
	struct stat st;
	int err;

	err = tlr_cgroup_join(mount, user, joined, sizeof(joined));
	if (err)
		return err;
	if (!realpath(mount, real_mount))
		return -errno;
	if (!realpath(joined, cg->path))
		return -errno;
	if (stat(cg->path, &st) < 0)
		return -errno;
	if (!S_ISDIR(st.st_mode))
		return -ENOTDIR;
	err = tlr_cgroup_rel(real_mount, cg->path, cg->rel, sizeof(cg->rel),
			     &cg->level);
	if (err)
		return err;
	/* inside the mount's directory tree, but is it the same fs? */
	{
		struct stat mst;

		if (stat(real_mount, &mst) < 0)
			return -errno;
		if (mst.st_dev != st.st_dev)
			return -EXDEV;
	}
	return cgroup_id(cg->path, &cg->id);
}

int tlr_cgroup_create(const char *mount, const char *name,
		      struct tlr_cgroup *cg)
{
	char path[PATH_MAX];
	int r;

	r = snprintf(path, sizeof(path), "%.*s/%s", (int)mount_len(mount),
		     mount, name);
	if (r < 0 || (size_t)r >= sizeof(path))
		return -ENAMETOOLONG;
	if (mkdir(path, 0755) < 0)
		return -errno;
	r = tlr_cgroup_resolve(mount, path, cg);
	if (r)
		rmdir(path);
	return r;
}

static int write_str(const char *path, const char *s)
{
	ssize_t n;
	int fd, err = 0;

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = write(fd, s, strlen(s));
	if (n < 0)
		err = -errno;
	else if ((size_t)n != strlen(s))
		err = -EIO;
	close(fd);
	return err;
}

int tlr_cgroup_move(const char *path, pid_t pid)
{
	char f[PATH_MAX], s[32];
	int r;

	r = snprintf(f, sizeof(f), "%s/cgroup.procs", path);
	if (r < 0 || (size_t)r >= sizeof(f))
		return -ENAMETOOLONG;
	snprintf(s, sizeof(s), "%d\n", (int)pid);
	return write_str(f, s);
}

static int move_cb(pid_t tid, void *ctx)
{
	/* moving any thread's process moves the whole process; ESRCH and
	 * EINVAL (zombie, already moved) are harmless */
	tlr_cgroup_move(ctx, tid);
	return 0;
}

/* Removes the directories below `path` (deepest first), then `path`. */
static int rmdir_tree(const char *path)
{
	struct dirent *de;
	DIR *d;
	int err = 0;

	d = opendir(path);
	if (!d)
		return -errno;
	while ((de = readdir(d))) {
		char sub[PATH_MAX];
		int r;

		if (de->d_type != DT_DIR || de->d_name[0] == '.')
			continue;
		r = snprintf(sub, sizeof(sub), "%s/%s", path, de->d_name);
		if (r < 0 || (size_t)r >= sizeof(sub))
			continue;
		r = rmdir_tree(sub);
		if (r && !err)
			err = r;
	}
	closedir(d);
	if (rmdir(path) < 0 && !err)
		err = -errno;
	return err;
}

int tlr_cgroup_destroy(const char *path, const char *fallback)
{
	int err;

	if (rmdir(path) == 0 || errno == ENOENT)
		return 0;
	if (fallback)
		tlr_cgroup_threads(path, move_cb, (void *)fallback);
	err = rmdir_tree(path);
	return err == -ENOENT ? 0 : err;
}

int tlr_cgroup_of(const char *mount, pid_t pid, char *out, size_t outlen)
{
	char f[64], line[PATH_MAX + 64];
	FILE *fp;
	int err = -ENOENT;

	if (pid)
		snprintf(f, sizeof(f), "/proc/%d/cgroup", (int)pid);
	else
		snprintf(f, sizeof(f), "/proc/self/cgroup");
	fp = fopen(f, "re");
	if (!fp)
		return -errno;
	while (fgets(line, sizeof(line), fp)) {
		size_t n = strlen(line);

		if (n && line[n - 1] == '\n')
			line[--n] = '\0';
		if (strncmp(line, "0::", 3) == 0) {
			err = tlr_cgroup_join(mount, line[3] ? line + 3 : "/",
					      out, outlen);
			break;
		}
	}
	fclose(fp);
	return err;
}

static int threads_file(const char *dir, int (*fn)(pid_t, void *), void *ctx)
{
	char f[PATH_MAX];
	FILE *fp;
	long v;
	int r;

	r = snprintf(f, sizeof(f), "%s/cgroup.threads", dir);
	if (r < 0 || (size_t)r >= sizeof(f))
		return -ENAMETOOLONG;
	fp = fopen(f, "re");
	if (!fp)
		return -errno;
	r = 0;
	while (fscanf(fp, "%ld", &v) == 1) {
		r = fn((pid_t)v, ctx);
		if (r)
			break;
	}
	fclose(fp);
	return r;
}

static int walk(const char *path, int depth, int (*fn)(pid_t, void *),
		void *ctx, int top)
{
	struct dirent *de;
	DIR *d;
	int r;

	r = threads_file(path, fn, ctx);
	if (r < 0)
		return top ? r : 0;	/* a vanished sub-cgroup is fine */
	if (r)
		return r;
	if (depth > 64)
		return 0;
	d = opendir(path);
	if (!d)
		return top ? -errno : 0;
	while ((de = readdir(d))) {
		char sub[PATH_MAX];
		int n;

		if (de->d_type != DT_DIR || de->d_name[0] == '.')
			continue;
		n = snprintf(sub, sizeof(sub), "%s/%s", path, de->d_name);
		if (n < 0 || (size_t)n >= sizeof(sub))
			continue;
		r = walk(sub, depth + 1, fn, ctx, 0);
		if (r)
			break;
	}
	closedir(d);
	return r;
}

int tlr_cgroup_threads(const char *path, int (*fn)(pid_t tid, void *ctx),
		       void *ctx)
{
	return walk(path, 0, fn, ctx, 1);
}
