// SPDX-License-Identifier: MIT
/*
 * procsnap.c - /proc snapshot and machine description (see procsnap.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"
#include "procsnap.h"

static void proc_release(struct tl_proc *p)
{
	free((char *)p->comm);
	free((char *)p->exe);
	free((char *)p->cwd);
	free((char *)p->argv);
	memset(p, 0, sizeof(*p));
}

void tlr_procsnap_free(struct tlr_procsnap *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		proc_release(&s->procs[i]);
	free(s->procs);
	memset(s, 0, sizeof(*s));
}

static struct tl_proc *find(struct tlr_procsnap *s, uint32_t tid)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->procs[i].tid == tid)
			return &s->procs[i];
	return NULL;
}

/* A slot for `tid`: the existing entry (released) or a new one. */
static struct tl_proc *slot(struct tlr_procsnap *s, uint32_t tid)
{
	struct tl_proc *p = find(s, tid);

	if (p) {
		proc_release(p);
		return p;
	}
	if (tl_grow((void **)&s->procs, &s->cap, s->n + 1, sizeof(*s->procs)))
		return NULL;
	p = &s->procs[s->n++];
	memset(p, 0, sizeof(*p));
	return p;
}

static char *dup_mem(const char *src, size_t n)
{
	char *d;

	if (!src)
		return NULL;
	d = malloc(n + 1);
	if (!d)
		return NULL;
	memcpy(d, src, n);
	d[n] = '\0';
	return d;
}

int tlr_procsnap_add_entry(struct tlr_procsnap *s, const struct tl_proc *src)
{
	struct tl_proc *p = slot(s, src->tid);

	if (!p)
		return -ENOMEM;
	*p = *src;
	p->comm = src->comm ? strdup(src->comm) : NULL;
	p->exe = src->exe ? strdup(src->exe) : NULL;
	p->cwd = src->cwd ? strdup(src->cwd) : NULL;
	p->argv = dup_mem(src->argv, src->argv_len);
	if ((src->comm && !p->comm) || (src->exe && !p->exe) ||
	    (src->cwd && !p->cwd) || (src->argv && !p->argv)) {
		proc_release(p);
		s->n--;
		return -ENOMEM;
	}
	return 0;
}

int tlr_procsnap_merge_old(struct tlr_procsnap *s,
			   const struct tlr_procsnap *from)
{
	size_t i;
	int err;

	for (i = 0; i < from->n; i++) {
		struct tl_proc p = from->procs[i];

		if (find(s, p.tid))
			continue;
		p.flags &= ~TL_PROC_ALIVE;
		err = tlr_procsnap_add_entry(s, &p);
		if (err)
			return err;
	}
	return 0;
}

/* Reads a whole small file (up to max bytes); returns bytes or -errno. */
static ssize_t read_file(const char *path, char *buf, size_t max)
{
	size_t len = 0;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	while (len < max) {
		ssize_t n = read(fd, buf + len, max - len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			n = -errno;
			close(fd);
			return n;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	return (ssize_t)len;
}

int tlr_parse_stat(const char *text, char *comm, size_t commlen,
		   uint32_t *ppid, uint64_t *start_ticks)
{
	const char *open = strchr(text, '('), *close = strrchr(text, ')');
	const char *p;
	unsigned long long v = 0;
	size_t n;
	int field;

	if (!open || !close || close < open)
		return -EBADMSG;
	n = (size_t)(close - open - 1);
	if (commlen) {
		if (n >= commlen)
			n = commlen - 1;
		memcpy(comm, open + 1, n);
		comm[n] = '\0';
	}
	/* after ") ": field 3 is state, 4 ppid, ..., 22 starttime */
	p = close + 1;
	for (field = 3; field <= 22; field++) {
		char *end;

		while (*p == ' ')
			p++;
		if (!*p)
			return -EBADMSG;
		if (field == 4 || field == 22) {
			errno = 0;
			v = strtoull(p, &end, 10);
			if (errno || end == p)
				return -EBADMSG;
			if (field == 4)
				*ppid = (uint32_t)v;
			else
				*start_ticks = v;
			p = end;
		} else {
			while (*p && *p != ' ')
				p++;
		}
	}
	return 0;
}

static uint32_t status_field(const char *status, const char *key)
{
	const char *p = strstr(status, key);

	if (!p)
		return 0;
	return (uint32_t)strtoul(p + strlen(key), NULL, 10);
}

static char *read_link(const char *path)
{
	char buf[PATH_MAX];
	ssize_t n = readlink(path, buf, sizeof(buf) - 1);

	if (n < 0)
		return NULL;
	buf[n] = '\0';
	return strdup(buf);
}

int tlr_procsnap_add(struct tlr_procsnap *s, pid_t tid)
{
	char path[64], buf[4096], comm[64];
	uint64_t ticks = 0;
	uint32_t ppid = 0;
	struct tl_proc *p;
	ssize_t n;
	long hz;
	int err;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)tid);
	n = read_file(path, buf, sizeof(buf) - 1);
	if (n < 0)
		return n == -ENOENT ? -ESRCH : (int)n;
	buf[n] = '\0';
	err = tlr_parse_stat(buf, comm, sizeof(comm), &ppid, &ticks);
	if (err)
		return err;
	p = slot(s, (uint32_t)tid);
	if (!p)
		return -ENOMEM;
	p->tid = (uint32_t)tid;
	p->ppid = ppid;
	p->flags = TL_PROC_ALIVE;
	hz = sysconf(_SC_CLK_TCK);
	if (hz > 0)
		p->start_ns = (int64_t)(ticks * (1000000000ull / (uint64_t)hz));
	p->comm = strdup(comm);

	snprintf(path, sizeof(path), "/proc/%d/status", (int)tid);
	n = read_file(path, buf, sizeof(buf) - 1);
	if (n > 0) {
		buf[n] = '\0';
		p->pid = status_field(buf, "\nTgid:");
		p->uid = status_field(buf, "\nUid:");
		p->gid = status_field(buf, "\nGid:");
	}
	if (!p->pid)
		p->pid = (uint32_t)tid;
	if (p->pid != p->tid)
		p->flags |= TL_PROC_THREAD;

	snprintf(path, sizeof(path), "/proc/%d/exe", (int)tid);
	p->exe = read_link(path);
	snprintf(path, sizeof(path), "/proc/%d/cwd", (int)tid);
	p->cwd = read_link(path);
	snprintf(path, sizeof(path), "/proc/%d/cmdline", (int)tid);
	n = read_file(path, buf, sizeof(buf) < TL_MAX_ARGV_BYTES ?
			  sizeof(buf) : TL_MAX_ARGV_BYTES);
	if (n > 0) {
		p->argv = dup_mem(buf, (size_t)n);
		p->argv_len = p->argv ? (uint32_t)n : 0;
	}
	if (!p->comm) {
		proc_release(p);
		s->n--;
		return -ENOMEM;
	}
	return 0;
}

static int64_t clock_ns(clockid_t id)
{
	struct timespec ts;

	if (clock_gettime(id, &ts))
		return 0;
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

void tlr_clock_snapshot(struct tl_clock_snapshot *c)
{
	/* boottime read between the two others: its offset to realtime is
	 * the one that matters, so keep the pair close */
	c->monotonic_ns = clock_ns(CLOCK_MONOTONIC);
	c->boottime_ns = clock_ns(CLOCK_BOOTTIME);
	c->realtime_ns = clock_ns(CLOCK_REALTIME);
}

void tlr_machine_fill(struct tl_machine *m, struct utsname *uts)
{
	long ps = sysconf(_SC_PAGESIZE);
	long nc = sysconf(_SC_NPROCESSORS_CONF);

	if (uname(uts))
		memset(uts, 0, sizeof(*uts));
	m->arch = uts->machine;
	m->kernel_release = uts->release;
	m->kernel_version = uts->version;
	m->hostname = uts->nodename;
	m->page_size = ps > 0 ? (uint32_t)ps : 4096;
	m->ncpus = nc > 0 ? (uint32_t)nc : 1;
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	m->big_endian = 1;
#else
	m->big_endian = 0;
#endif
	m->long_size = sizeof(long);
	m->record_layout = TL_RECORD_LAYOUT_VERSION;
	tlr_clock_snapshot(&m->clock_dump);
}
