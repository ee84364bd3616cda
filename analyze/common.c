// SPDX-License-Identifier: MIT
/*
 * common.c - helpers shared by tl-analyze's queries: time, duration and
 * errno formatting, the path arguments of a call (resolved through the
 * process model), a one-line call description for examples, messages.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ana.h"
#include "argfmt.h"
#include "sbuf.h"
#include "internal.h"
#include "sockaddr.h"

int ana_verbose = 2;

void ana_msg(int level, const char *fmt, ...)
{
	va_list ap;

	if (level > ana_verbose)
		return;
	fputs("tl-analyze: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int ana_ctx__slot(struct ana_ctx *c)
{
	if (c->nslots >= ANA_NSLOTS)
		return -ENOSPC;
	return (int)c->nslots++;
}

unsigned ana_ctx__file_idx(const struct ana_ctx *c,
			   const struct tl_file_info *f)
{
	unsigned i;

	for (i = 0; i < c->nfiles; i++)
		if (c->files[i] == f)
			return i;
	return 0;
}

const char *ana_fmt_time(int64_t wall_ns, char *buf, size_t len)
{
	time_t s;
	struct tm tm;
	int64_t us;

	if (!wall_ns) {
		snprintf(buf, len, "?");
		return buf;
	}
	s = (time_t)(wall_ns / 1000000000);
	us = (wall_ns % 1000000000) / 1000;
	if (us < 0) {
		us += 1000000;
		s--;
	}
	if (!localtime_r(&s, &tm)) {
		snprintf(buf, len, "%" PRId64, wall_ns);
		return buf;
	}
	snprintf(buf, len, "%02d:%02d:%02d.%06" PRId64, tm.tm_hour, tm.tm_min,
		 tm.tm_sec, us);
	return buf;
}

const char *ana_fmt_dur(int64_t ns, char *buf, size_t len)
{
	if (ns < 0)
		ns = 0;
	if (ns >= 1000000000)
		snprintf(buf, len, "%.6fs", ns / 1e9);
	else if (ns >= 1000000)
		snprintf(buf, len, "%.3fms", ns / 1e6);
	else
		snprintf(buf, len, "%.3fus", ns / 1e3);
	return buf;
}

const char *ana_errno_name(int err, char *buf, size_t len)
{
	const char *n = tl_errno_name(err);

	if (n)
		return n;
	snprintf(buf, len, "E%d", err);
	return buf;
}

const char *ana_errno_msg(int err, char *buf, size_t len)
{
	const char *m = tl_errno_msg(err);

	if (m)
		return m;
	snprintf(buf, len, "Unknown error %d", err);
	return buf;
}

const char *ana_proc_label(const struct ana_proc *p, char *buf, size_t len)
{
	snprintf(buf, len, "%u %s", p->pid, p->comm);
	return buf;
}

int ana_arg_kind(const struct tl_event *ev, unsigned i)
{
	if (!ev->sc || i >= ev->sc->nargs || i >= 6)
		return -1;
	return ev->sc->args[i].kind;
}

/* Path arguments of well-known syscalls: (path arg, its dirfd arg or -1),
 * used before the file's table (whose kinds may be coarser). */
static const struct path_call {
	const char *name;
	int8_t p0, d0, p1, d1;
} path_calls[] = {
	{ "open", 0, -1, -1, -1 }, { "creat", 0, -1, -1, -1 },
	{ "openat", 1, 0, -1, -1 }, { "openat2", 1, 0, -1, -1 },
	{ "access", 0, -1, -1, -1 }, { "faccessat", 1, 0, -1, -1 },
	{ "faccessat2", 1, 0, -1, -1 }, { "stat", 0, -1, -1, -1 },
	{ "lstat", 0, -1, -1, -1 }, { "stat64", 0, -1, -1, -1 },
	{ "lstat64", 0, -1, -1, -1 }, { "newfstatat", 1, 0, -1, -1 },
	{ "fstatat64", 1, 0, -1, -1 }, { "statx", 1, 0, -1, -1 },
	{ "execve", 0, -1, -1, -1 }, { "execveat", 1, 0, -1, -1 },
	{ "readlink", 0, -1, -1, -1 }, { "readlinkat", 1, 0, -1, -1 },
	{ "unlink", 0, -1, -1, -1 }, { "unlinkat", 1, 0, -1, -1 },
	{ "mkdir", 0, -1, -1, -1 }, { "mkdirat", 1, 0, -1, -1 },
	{ "rmdir", 0, -1, -1, -1 }, { "chdir", 0, -1, -1, -1 },
	{ "rename", 0, -1, 1, -1 }, { "renameat", 1, 0, 3, 2 },
	{ "renameat2", 1, 0, 3, 2 }, { "link", 0, -1, 1, -1 },
	{ "linkat", 1, 0, 3, 2 }, { "symlink", 1, -1, -1, -1 },
	{ "symlinkat", 2, 1, -1, -1 }, { "chmod", 0, -1, -1, -1 },
	{ "fchmodat", 1, 0, -1, -1 }, { "fchmodat2", 1, 0, -1, -1 },
	{ "chown", 0, -1, -1, -1 }, { "lchown", 0, -1, -1, -1 },
	{ "fchownat", 1, 0, -1, -1 }, { "truncate", 0, -1, -1, -1 },
	{ "utimensat", 1, 0, -1, -1 }, { "utimes", 0, -1, -1, -1 },
	{ "utime", 0, -1, -1, -1 }, { "futimesat", 1, 0, -1, -1 },
	{ "mknod", 0, -1, -1, -1 }, { "mknodat", 1, 0, -1, -1 },
	{ "statfs", 0, -1, -1, -1 }, { "chroot", 0, -1, -1, -1 },
	{ "getxattr", 0, -1, -1, -1 }, { "lgetxattr", 0, -1, -1, -1 },
	{ "setxattr", 0, -1, -1, -1 }, { "lsetxattr", 0, -1, -1, -1 },
	{ "listxattr", 0, -1, -1, -1 }, { "llistxattr", 0, -1, -1, -1 },
	{ "removexattr", 0, -1, -1, -1 }, { "lremovexattr", 0, -1, -1, -1 },
	{ "inotify_add_watch", 1, -1, -1, -1 }, { "uselib", 0, -1, -1, -1 },
	{ "acct", 0, -1, -1, -1 }, { "swapon", 0, -1, -1, -1 },
	{ "swapoff", 0, -1, -1, -1 }, { "umount2", 0, -1, -1, -1 },
	{ "mount", 1, -1, -1, -1 }, { "pivot_root", 0, -1, 1, -1 },
	{ "name_to_handle_at", 1, 0, -1, -1 }, { "open_tree", 1, 0, -1, -1 },
	{ "fspick", 1, 0, -1, -1 }, { "mount_setattr", 1, 0, -1, -1 },
	{ "move_mount", 1, 0, 3, 2 }, { "quotactl", 1, -1, -1, -1 },
};

static const struct path_call *find_path_call(const char *name)
{
	static const struct path_call *last;
	size_t i;

	if (!name)
		return NULL;
	if (last && strcmp(last->name, name) == 0)
		return last;
	for (i = 0; i < sizeof(path_calls) / sizeof(path_calls[0]); i++) {
		if (strcmp(path_calls[i].name, name) == 0) {
			last = &path_calls[i];
			return last;
		}
	}
	return NULL;
}

static int add_path(struct ana_proc *p, const struct tl_event *ev, int pa,
		    int da, struct ana_path_arg *out)
{
	char *raw = ana_capt_str(ev, (unsigned)pa);
	int64_t dirfd = ANA_AT_FDCWD;

	if (!raw)
		return 0;
	if (da >= 0 && (ev->flags & TL_EVF_HAS_ENTER))
		dirfd = (int64_t)ev->args[da];
	out->arg = (unsigned)pa;
	out->path = p ? ana_proc__resolve(p, dirfd, raw, &out->deferred) :
			strdup(raw);
	if (!p)
		out->deferred = false;
	free(raw);
	return out->path ? 1 : 0;
}

int ana_ev_paths(struct ana_ctx *c, const struct tl_event *ev,
		 struct ana_proc *p, struct ana_path_arg *out, int max)
{
	const struct path_call *pc = find_path_call(ev->name);
	int n = 0;
	unsigned i;

	(void)c;
	if (pc) {
		if (pc->p0 >= 0 && n < max)
			n += add_path(p, ev, pc->p0, pc->d0, &out[n]);
		if (pc->p1 >= 0 && n < max)
			n += add_path(p, ev, pc->p1, pc->d1, &out[n]);
		return n;
	}
	if (!ev->sc)
		return 0;
	for (i = 0; i < ev->sc->nargs && i < 6 && n < max; i++) {
		int da = -1;

		if (ev->sc->args[i].kind != TL_ARG_PATH)
			continue;
		if (i > 0 && ev->sc->args[i - 1].kind == TL_ARG_DIRFD)
			da = (int)i - 1;
		n += add_path(p, ev, (int)i, da, &out[n]);
	}
	return n;
}

/* A bounded string builder: output beyond the buffer is dropped. */
struct bb {
	char *p;
	size_t len, cap;
};

__attribute__((format(printf, 2, 3)))
static void bb_printf(struct bb *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->len + 1 >= b->cap)
		return;
	va_start(ap, fmt);
	n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		b->len = b->len + (size_t)n < b->cap ? b->len + (size_t)n : b->cap - 1;
}

static void bb_putc(struct bb *b, char c)
{
	if (b->len + 1 < b->cap) {
		b->p[b->len++] = c;
		b->p[b->len] = 0;
	}
}

static void bb_puts(struct bb *b, const char *s)
{
	size_t n = strlen(s);

	if (b->len + 1 >= b->cap)
		return;
	if (n > b->cap - 1 - b->len)
		n = b->cap - 1 - b->len;
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = 0;
}

static void brief_str(struct bb *f, const uint8_t *s, size_t n, size_t max,
		      bool more)
{
	size_t i;

	bb_putc(f, '"');
	for (i = 0; i < n && i < max; i++) {
		unsigned char ch = s[i];

		if (ch == '"' || ch == '\\')
			bb_printf(f, "\\%c", ch);
		else if (ch == '\n')
			bb_puts(f, "\\n");
		else if (ch == '\t')
			bb_puts(f, "\\t");
		else if (ch < 0x20 || ch >= 0x7f)
			bb_printf(f, "\\%o", ch);
		else
			bb_putc(f, ch);
	}
	bb_putc(f, '"');
	if (more || n > max)
		bb_puts(f, "...");
}

/* Does argument a hold a 32-bit C type (int, pid_t, unsigned int...)?
 * Registers carry such values without sign extension. */
static bool arg_is32(const struct tl_event *ev, const struct tl_sysarg *a)
{
	static const char *const wide[] = {
		"*", "long", "size_t", "off_t", "u64", "aio_context_t", "loff_t",
	};
	size_t i;

	if (ev->abi == TL_ABI_I386 || ev->abi == TL_ABI_ARM)
		return true;
	if (!a->type)
		return false;
	for (i = 0; i < sizeof(wide) / sizeof(wide[0]); i++)
		if (strstr(a->type, wide[i]))
			return false;
	return true;
}

size_t ana_call_brief_buf(struct ana_ctx *c, const struct tl_event *ev,
			 struct ana_proc *p, char *buf, size_t size)
{
	struct bb bf = { buf, 0, size }, *f = &bf;
	size_t max = size > 48 ? size - 48 : size;
	struct argfmt_spans sp;
	struct sbuf sym = { 0 };
	unsigned i, nargs, mask;
	char eb[16];
	int err;

	(void)c;
	if (!size)
		return 0;
	/* flags, enums, modes and signals by name, as tl-convert prints them */
	mask = argfmt_event(ev, &sym, &sp);
	buf[0] = 0;
	bb_printf(f, "%s(", ev->name ? ev->name : "?");
	nargs = ev->sc ? ev->sc->nargs : 0;
	if (!(ev->flags & TL_EVF_HAS_ENTER)) {
		bb_puts(f, "?");
		nargs = 0;
	}
	for (i = 0; i < nargs && i < 6; i++) {
		const struct tl_capture *cp = ana_capt(ev, i, -1);
		int kind = ev->sc->args[i].kind;
		uint64_t v = ev->args[i];

		if (arg_is32(ev, &ev->sc->args[i]))
			v = kind == TL_ARG_UINT || kind == TL_ARG_UID ||
			    kind == TL_ARG_HEX || kind == TL_ARG_FLAGS ||
			    kind == TL_ARG_MODE ? (uint64_t)(uint32_t)v :
			    (uint64_t)(int64_t)(int32_t)v;

		if (i)
			bb_puts(f, ", ");
		if (f->len > max) {
			bb_puts(f, "...");
			break;
		}
		if (cp && !(cp->flags & TL_CAPTF_FAULT) &&
		    (kind == TL_ARG_SOCKADDR_IN || kind == TL_ARG_SOCKADDR_OUT) &&
		    (cp->kind & TL_CAPT_KIND_MASK) == TL_CAPT_BUF && cp->len >= 2) {
			char sb[160];

			ana_sockaddr_str(cp->data, cp->len, sb, sizeof(sb));
			bb_printf(f, "{%s}", sb);
			continue;
		}
		if (cp && !(cp->flags & TL_CAPTF_FAULT) &&
		    (cp->kind & TL_CAPT_KIND_MASK) == TL_CAPT_ARGV) {
			uint32_t k = 0, n = 0;

			bb_putc(f, '[');
			while (k < cp->len && n < 8) {
				size_t l = strnlen((const char *)cp->data + k, cp->len - k);

				if (n++)
					bb_puts(f, ", ");
				brief_str(f, cp->data + k, l, 40, false);
				k += (uint32_t)l + 1;
			}
			if (k < cp->len || (cp->flags & TL_CAPTF_TRUNC))
				bb_puts(f, ", ...");
			bb_putc(f, ']');
			continue;
		}
		if (cp && (cp->kind & TL_CAPT_KIND_MASK) == TL_CAPT_COUNT) {
			bb_printf(f, "%#" PRIx64 " /* %u vars */", v, cp->full_len);
			continue;
		}
		if (cp && !(cp->flags & TL_CAPTF_FAULT) &&
		    ((cp->kind & TL_CAPT_KIND_MASK) == TL_CAPT_STR ||
		     ((cp->kind & TL_CAPT_KIND_MASK) == TL_CAPT_BUF &&
		      (kind == TL_ARG_BUF_IN || kind == TL_ARG_BUF_OUT)))) {
			brief_str(f, cp->data, cp->len, 40,
				  !!(cp->flags & TL_CAPTF_TRUNC));
			continue;
		}
		if (mask & (1u << i)) {
			bb_printf(f, "%.*s", (int)sp.len[i], sym.buf + sp.off[i]);
			continue;
		}
		switch (kind) {
		case TL_ARG_DIRFD:
			if ((int32_t)v == -100) {
				bb_puts(f, "AT_FDCWD");
				break;
			}
			/* fall through */
		case TL_ARG_FD: {
			struct ana_fd *e = p ? ana_proc__fd(p, (int32_t)v) : NULL;

			bb_printf(f, "%d", (int32_t)v);
			if (e && (e->path || e->peer))
				bb_printf(f, "<%s>", e->path ? e->path : e->peer);
			break;
		}
		case TL_ARG_INT:
		case TL_ARG_PID:
		case TL_ARG_SIGNAL:
			bb_printf(f, "%" PRId64, (int64_t)v);
			break;
		case TL_ARG_UINT:
		case TL_ARG_UID:
			bb_printf(f, "%" PRIu64, v);
			break;
		case TL_ARG_MODE:
			bb_printf(f, "0%03" PRIo64, v);
			break;
		case TL_ARG_HEX:
		case TL_ARG_FLAGS:
		case TL_ARG_ENUM:
		case TL_ARG_IOCTL_ARG:	/* an int or a pointer, by request */
			bb_printf(f, "%#" PRIx64, v);
			break;
		default:	/* pointers */
			if (v == 0)
				bb_puts(f, "NULL");
			else
				bb_printf(f, "%#" PRIx64, v);
			break;
		}
	}
	bb_putc(f, ')');
	if (ev->flags & TL_EVF_NORETURN)
		bb_puts(f, " = ?");
	else if (ev->flags & TL_EVF_IN_FLIGHT)
		bb_puts(f, " = ? <in flight at dump>");
	else if (!(ev->flags & TL_EVF_HAS_RET))
		bb_puts(f, " = ?");
	else if (ana_ev_failed(ev, &err) && err >= 512 && err <= 530)
		/* kernel-internal restart codes: the call will be restarted or
		 * the signal ends the process; strace prints "= ?" too */
		bb_printf(f, " = ? %s", ana_errno_name(err, eb, sizeof(eb)));
	else if (ana_ev_failed(ev, &err))
		bb_printf(f, " = -1 %s", ana_errno_name(err, eb, sizeof(eb)));
	else if (ev->name && (!strcmp(ev->name, "mmap") || !strcmp(ev->name, "mmap2") ||
			      !strcmp(ev->name, "mremap") || !strcmp(ev->name, "brk") ||
			      !strcmp(ev->name, "shmat")))
		bb_printf(f, " = %#" PRIx64, (uint64_t)ev->ret);	/* addresses */
	else
		bb_printf(f, " = %" PRId64, ev->ret);
	sbuf_release(&sym);
	return bf.len;
}

char *ana_call_brief(struct ana_ctx *c, const struct tl_event *ev,
		     struct ana_proc *p, size_t max)
{
	char buf[1024];

	ana_call_brief_buf(c, ev, p, buf, max + 48 < sizeof(buf) ? max + 48 : sizeof(buf));
	return strdup(buf);
}

void ana_json_meta(struct ana_ctx *c, struct ana_jw *w)
{
	unsigned i;

	ana_jw_key(w, "files");
	ana_jw_arr(w);
	for (i = 0; i < c->nfiles; i++) {
		const struct tl_file_info *f = c->files[i];
		uint32_t t;

		ana_jw_obj(w);
		ana_jw_kstr(w, "name", f ? f->name : NULL);
		if (f && f->machine) {
			ana_jw_kstr(w, "hostname", f->machine->hostname);
			ana_jw_kstr(w, "arch", f->machine->arch);
			ana_jw_kstr(w, "kernel", f->machine->kernel_release);
		}
		ana_jw_key(w, "traces");
		ana_jw_arr(w);
		for (t = 0; f && t < f->ntraces; t++) {
			ana_jw_obj(w);
			ana_jw_kuint(w, "id", f->traces[t]->id);
			ana_jw_kstr(w, "name", f->traces[t]->name);
			ana_jw_kstr(w, "cgroup", f->traces[t]->cgroup_path);
			ana_jw_obj_end(w);
		}
		ana_jw_arr_end(w);
		ana_jw_obj_end(w);
	}
	ana_jw_arr_end(w);
	ana_jw_kint(w, "first_ns", c->first_wall);
	ana_jw_kint(w, "last_ns", c->last_wall);
	ana_jw_kuint(w, "events", c->nevents);
	ana_jw_kuint(w, "matched", c->nmatched);
	ana_jw_kuint(w, "lost_records", c->lost_records);
}
