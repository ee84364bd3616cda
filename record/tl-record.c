// SPDX-License-Identifier: MIT
/*
 * tl-record - record the syscalls of a command or of existing cgroups into
 * a .tlz file with the BPF flight recorder.
 *
 * This file is main() and the command line: the launcher of the one-shot
 * command, signals, and the dump calls. The BPF side and the trace slots
 * are record/recorder.c; options are parsed by record/options.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <malloc.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/sched.h>	/* struct clone_args, CLONE_INTO_CGROUP */

#include <bpf/libbpf.h>

#include "msg.h"
#include "cgroup.h"
#include "ctl.h"
#include "daemon.h"
#include "options.h"
#include "procsnap.h"
#include "rawprint.h"
#include "recorder.h"
#include "tl.h"

#define PROG "tl-record"

/* exit codes besides CMD's own status */
enum {
	EXIT_OK		= 0,
	EXIT_FAIL	= 1,
	EXIT_USAGE	= 2,
	EXIT_NOBPF	= 3,	/* BPF or cgroup2 cannot be used here */
	EXIT_NOEXEC	= 126,	/* CMD found but could not be run */
	EXIT_NOTFOUND	= 127,	/* CMD not found */
};


#define err(...)	tlr_msg(TLR_V_ERROR, __VA_ARGS__)
#define warn(...)	tlr_msg(TLR_V_WARN, __VA_ARGS__)
#define info(...)	tlr_msg(TLR_V_INFO, __VA_ARGS__)

static void usage(FILE *f)
{
	fprintf(f,
"Usage: tl-record [OPTIONS] -o FILE [--] CMD [ARG...]\n"
"       tl-record [OPTIONS] -o FILE --cgroup PATH [--cgroup PATH...] [--duration T]\n"
"       tl-record daemon [OPTIONS]     (always on: see 'tl-record daemon --help')\n"
"       tl-record ctl COMMAND [ARGS]   (its client: see 'tl-record ctl --help')\n"
"\n"
"Record every syscall of a command (and all its descendants), or of existing\n"
"cgroups (and the cgroups below them), with a BPF flight recorder: per-CPU\n"
"ring buffers that keep the newest records, dumped raw into a .tlz file.\n"
"\n"
"With CMD, runs it in a new cgroup v2, records it from its first syscall\n"
"(its execve included), writes FILE when it exits and exits with its status.\n"
"With --cgroup, records until SIGINT/SIGTERM or the --duration, then writes\n"
"FILE; SIGUSR1 writes a snapshot to FILE.N.tlz (N = 1, 2, ...) and goes on.\n"
"\n"
"Options:\n"
"  -o, --output FILE          write the trace to FILE ('-': stdout, --cgroup only)\n"
"      --cgroup PATH          record this cgroup and its descendants; PATH is\n"
"                             below the cgroup2 mount (/system.slice/x.service)\n"
"                             or a full path under it\n"
"      --duration T           stop after T (10s, 500ms, 2m; --cgroup only)\n"
"      --syscall-filters LIST record only these syscalls (openat,read,...);\n"
"                             an unknown name is an error\n"
"      --buffer-size SIZE     ring size per cgroup per CPU (default 1M, 128K..1G,\n"
"                             rounded down to a power of two of 64K blocks)\n"
"  -s, --snaplen N            bytes of strings and buffers kept (default 256,\n"
"                             1..4096); paths are kept up to PATH_MAX\n"
"      --no-data              keep no buffer contents, only their lengths\n"
"                             (for traces that will be shared)\n"
"      --compress C           zstd[:LEVEL] (default, level 1), zlib[:LEVEL]\n"
"                             or none\n"
"      --format-version V     file format: 1.1 (default) or 1.0, plain RING\n"
"                             chunks instead of delta-coded ones, for tools\n"
"                             that read format 1.0 only (larger files)\n"
"      --name NAME            name of the trace in the file\n"
"  -q, --quiet                less output on stderr (repeat: silent)\n"
"  -v, --verbose              more output (-v: progress and summary,\n"
"                             -vv: libbpf debug output)\n"
"  -h, --help                 show this help\n"
"      --version              show the version\n"
"\n"
"Exit status:\n"
"  with CMD: CMD's exit status, 128+N if it was killed by signal N,\n"
"  126 if it could not be executed, 127 if it was not found;\n"
"  0 success, 1 failure (e.g. the file could not be written),\n"
"  2 usage error, 3 BPF cannot be used here (not root, no BTF, kernel\n"
"  lockdown, no cgroup2): the message says which and what to do.\n"
"\n"
"Examples:\n"
"  tl-record -o bc.tlz -- sh -c 'echo \"3*7*2\" | bc'\n"
"  tl-record -o ls.tlz --syscall-filters openat,newfstatat,getdents64 -- ls -l /bin\n"
"  tl-record -o share.tlz --no-data -s 64 -- make\n"
"  tl-record -o old.tlz --format-version 1.0 -- make   # for a 1.0 reader\n"
"  tl-record -o nginx.tlz --cgroup /system.slice/nginx.service --duration 30s\n"
"  tl-record -o pod.tlz --cgroup /kubepods.slice/kubepods-pod1234.slice &\n"
"  kill -USR1 %%1    # snapshot to pod.1.tlz, recording goes on\n"
"  tl-convert bc.tlz # show the trace (strace-like text)\n");
}

__attribute__((format(printf, 2, 0)))
static int libbpf_print(enum libbpf_print_level level, const char *fmt,
			va_list ap)
{
	if (level == LIBBPF_DEBUG && tlr_verbosity < TLR_V_DEBUG)
		return 0;
	if (level != LIBBPF_DEBUG && tlr_verbosity < TLR_V_INFO)
		return 0;
	return vfprintf(stderr, fmt, ap);
}

__attribute__((format(printf, 2, 0)))
static int tl_print_cb(enum tl_print_level level, const char *fmt, va_list ap)
{
	int need = level == TL_WARN ? TLR_V_WARN :
		   level == TL_INFO ? TLR_V_INFO : TLR_V_DEBUG;

	if (tlr_verbosity < need)
		return 0;
	return vfprintf(stderr, fmt, ap);
}

/* ------------------------------------------------------------ environment */

/* Can BPF tracing work here? 0, or EXIT_NOBPF after one clear line. */
static int check_env(char *mount, size_t mountlen)
{
	char buf[256];
	FILE *f;
	int ret;

	if (geteuid() != 0) {
		err("recording needs root (BPF and cgroup control: CAP_BPF, "
		    "CAP_PERFMON, CAP_SYS_ADMIN): run it as root, e.g. with sudo");
		return EXIT_NOBPF;
	}
	if (access("/sys/kernel/btf/vmlinux", R_OK) != 0) {
		err("the kernel has no BTF (/sys/kernel/btf/vmlinux: %s): use a "
		    "kernel built with CONFIG_DEBUG_INFO_BTF=y", strerror(errno));
		return EXIT_NOBPF;
	}
	f = fopen("/sys/kernel/security/lockdown", "re");
	if (f) {
		if (fgets(buf, sizeof(buf), f) &&
		    strstr(buf, "[confidentiality]")) {
			fclose(f);
			err("kernel lockdown is in confidentiality mode, which "
			    "forbids BPF tracing: boot with lockdown=integrity or none");
			return EXIT_NOBPF;
		}
		fclose(f);
	}
	ret = tlr_cgroup2_mount(mount, mountlen);
	if (ret) {
		err("no cgroup2 file system is mounted (%s): mount one, e.g. "
		    "'mount -t cgroup2 none /sys/fs/cgroup/unified'",
		    ret == -ENOENT ? "none in /proc/mounts" : strerror(-ret));
		return EXIT_NOBPF;
	}
	return 0;
}

/* Exit code for a failed recorder__new(). */
static int load_failed(const char *why, int e)
{
	if (e == EPERM || e == EACCES) {
		err("%s: the kernel refused BPF (%s): run as root, and check "
		    "kernel.unprivileged_bpf_disabled, lockdown and any LSM policy",
		    why, strerror(e));
		return EXIT_NOBPF;
	}
	err("%s", why);
	if (e == EINVAL && strstr(why, "unknown syscall"))
		return EXIT_USAGE;
	return EXIT_FAIL;
}

/* ------------------------------------------------------------------ dump */

static int64_t clock_ns(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int64_t now_ns(void)
{
	return clock_ns(CLOCK_MONOTONIC);
}

/*
 * The writer allocates its chunk buffers and the compressor its tables per
 * dump. Pages written for the first time cost about 25 us each on our VMs
 * (10 ms for the 2 x 1 MiB dump's few MiB of buffers, more than the
 * compression), so: keep freed memory in the heap (no mmap for large
 * blocks, no trimming) and write DUMP_HEAP bytes of it once at start; a
 * dump then runs in memory already written. The writer works chunk by
 * chunk (16 blocks), so what it needs does not grow with the rings.
 */
#define DUMP_HEAP	(16u << 20)

static void reserve_dump_heap(void)
{
	volatile uint8_t *p;
	size_t off;

	mallopt(M_MMAP_THRESHOLD, 256 << 20);
	mallopt(M_TRIM_THRESHOLD, 512 << 20);
	p = malloc(DUMP_HEAP);
	if (!p)
		return;
	for (off = 0; off < DUMP_HEAP; off += 4096)
		p[off] = 0;
	free((void *)p);
}

static char *join_args(int argc, char **argv)
{
	size_t len = 1;
	char *s, *p;
	int i;

	for (i = 0; i < argc; i++)
		len += strlen(argv[i]) + 1;
	s = malloc(len);
	if (!s)
		return NULL;
	p = s;
	for (i = 0; i < argc; i++) {
		size_t n = strlen(argv[i]);

		if (i)
			*p++ = ' ';
		memcpy(p, argv[i], n);
		p += n;
	}
	*p = '\0';
	return s;
}

struct ctx {
	struct tlr_opts opts;
	struct recorder *rec;
	char *cmdline;
	int nsnap;
};

/* Loss summary from the rings of every trace: warns when records were
 * dropped, and with -v says how much was kept. */
static void summary(struct ctx *c, const char *path, int64_t took_ns)
{
	uint32_t ncpus = recorder__ncpus(c->rec), i;
	struct tl_ring_info *ri;
	uint64_t rec = 0, busy = 0, size = 0, other = 0;
	int id;

	ri = calloc(ncpus, sizeof(*ri));
	if (!ri)
		return;
	for (id = 1; id < 1 + TLR_MAX_CGROUP_ARGS; id++) {
		if (recorder__ring_info(c->rec, id, ri))
			continue;
		for (i = 0; i < ncpus; i++) {
			rec += ri[i].records;
			busy += ri[i].lost_busy;
			size += ri[i].lost_size;
			other += ri[i].lost_other;
		}
	}
	free(ri);
	if (busy + size + other)
		warn("%llu of %llu records were dropped while recording "
		     "(ring busy %llu, too large %llu, other %llu)",
		     (unsigned long long)(busy + size + other),
		     (unsigned long long)rec, (unsigned long long)busy,
		     (unsigned long long)size, (unsigned long long)other);
	info("wrote '%s' in %.1f ms (%llu records made)", path,
	     (double)took_ns / 1e6, (unsigned long long)rec);
}

/* --debug-raw: the raw records of every trace as text */
static int write_raw(struct ctx *c, const char *path)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "we") : stdout;
	int id, ret = 0;

	if (!f) {
		err("cannot create '%s': %s", path, strerror(errno));
		return -errno;
	}
	for (id = 1; id < 1 + TLR_MAX_CGROUP_ARGS; id++) {
		struct recorder_snapshot s;

		if (recorder__snapshot(c->rec, id, &s))
			continue;
		if (tlr_rawprint(f, &s, (uint32_t)id))
			ret = -EBADMSG;
		recorder__snapshot_free(&s);
	}
	if (f != stdout && fclose(f))
		ret = -errno;
	if (ret)
		err("'%s': malformed records found", path);
	summary(c, path, 0);
	return ret;
}

static int write_dump(struct ctx *c, const char *path)
{
	struct tl_writer_opts wo = {
		.sz = sizeof(wo),
		.codec = c->opts.codec,
		.level = c->opts.level,
		.ring_delta = c->opts.ring_delta,
	};
	struct recorder_dump_stats ds;
	struct recorder_dump_opts dopts = {
		.sz = sizeof(dopts),
		.cmdline = c->cmdline,
		.compress = c->opts.compress,
		.stats = &ds,
	};
	struct tl_writer *w;
	int64_t t0 = now_ns(), cpu0 = clock_ns(CLOCK_PROCESS_CPUTIME_ID);
	int64_t t1, t2;
	int ret;

	if (c->opts.debug_raw)
		return write_raw(c, path);
	if (strcmp(path, "-") == 0)
		w = tl_writer__open_fd(STDOUT_FILENO, &wo);
	else
		w = tl_writer__open(path, &wo);
	if (!w) {
		err("cannot create '%s': %s", path, strerror(errno));
		return -errno;
	}
	t1 = now_ns();
	ret = recorder__dump(c->rec, w, NULL, 0, &dopts);
	if (ret) {
		tl_writer__abort(w);
		err("cannot write '%s': %s", path, strerror(-ret));
		return ret;
	}
	t2 = now_ns();
	ret = tl_writer__close(w);
	if (ret) {
		err("cannot write '%s': %s", path, strerror(-ret));
		return ret;
	}
	summary(c, path, now_ns() - t0);
	info("dump of '%s': open %.1f ms, ring copy %.1f ms (%.1f MiB), "
	     "/proc %.1f ms, encode+compress %.1f ms, close+fsync %.1f ms; "
	     "CPU %.1f ms", path, (double)(t1 - t0) / 1e6,
	     (double)ds.copy_ns / 1e6, (double)ds.copy_bytes / 1048576.0,
	     (double)ds.procs_ns / 1e6, (double)ds.write_ns / 1e6,
	     (double)(now_ns() - t2) / 1e6,
	     (double)(clock_ns(CLOCK_PROCESS_CPUTIME_ID) - cpu0) / 1e6);
	return 0;
}

/* Fails early (before running anything) when FILE cannot be written:
 * its directory must be writable and FILE must not be a directory. */
static int check_output(const char *path)
{
	char dir[PATH_MAX];
	struct stat st;
	char *slash;

	if (strcmp(path, "-") == 0)
		return 0;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		err("cannot write '%s': Is a directory", path);
		return -EISDIR;
	}
	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (!slash)
		snprintf(dir, sizeof(dir), ".");
	else if (slash == dir)
		dir[1] = '\0';
	else
		*slash = '\0';
	if (access(dir, W_OK | X_OK)) {
		err("cannot write '%s': %s", path, strerror(errno));
		return -errno;
	}
	return 0;
}

/* FILE.tlz -> FILE.N.tlz, other -> other.N */
static int snapshot_name(const char *out, int n, char *buf, size_t len)
{
	size_t l = strlen(out);
	int r;

	if (l > 4 && strcmp(out + l - 4, ".tlz") == 0)
		r = snprintf(buf, len, "%.*s.%d.tlz", (int)(l - 4), out, n);
	else
		r = snprintf(buf, len, "%s.%d", out, n);
	return r < 0 || (size_t)r >= len ? -ENAMETOOLONG : 0;
}

static void snapshot(struct ctx *c)
{
	char path[PATH_MAX];

	if (strcmp(c->opts.output, "-") == 0) {
		warn("SIGUSR1 ignored: snapshots need a file name (-o FILE)");
		return;
	}
	if (snapshot_name(c->opts.output, ++c->nsnap, path, sizeof(path))) {
		err("snapshot file name too long");
		return;
	}
	if (write_dump(c, path) == 0)
		warn("wrote snapshot '%s'", path);
}

/* ----------------------------------------------------------------- signals */

/*
 * INT, TERM, USR1 and HUP go through a self-pipe: a handler writes the
 * signal and its si_code, the poll loop reads them. Not blocked signals and
 * a signalfd: the launched command would have to unblock them between its
 * clone and its execve, a syscall recorded before the command's own (an
 * execve resets caught signals to their default, so the command starts
 * with the signal dispositions and mask it should have and does nothing
 * before its execve).
 */
static const int caught_signals[] = { SIGINT, SIGTERM, SIGUSR1, SIGHUP };
static int sig_pipe[2] = { -1, -1 };
static pid_t sig_owner;

struct sig_msg {
	int signo;
	int code;
};

static void on_signal(int sig, siginfo_t *si, void *uc)
{
	struct sig_msg m = { sig, si ? si->si_code : SI_USER };
	int saved = errno;
	ssize_t n;

	(void)uc;
	/* a launched child between its clone and its execve: not ours */
	if (getpid() == sig_owner) {
		n = write(sig_pipe[1], &m, sizeof(m));
		(void)n;	/* a full pipe: signals enough are queued */
	}
	errno = saved;
}

static int signals_fd(void)
{
	struct sigaction sa;
	size_t i;

	if (pipe2(sig_pipe, O_CLOEXEC | O_NONBLOCK))
		return -1;
	sig_owner = getpid();
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_signal;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(caught_signals) / sizeof(caught_signals[0]); i++)
		sigaddset(&sa.sa_mask, caught_signals[i]);
	for (i = 0; i < sizeof(caught_signals) / sizeof(caught_signals[0]); i++)
		if (sigaction(caught_signals[i], &sa, NULL))
			return -1;
	return sig_pipe[0];
}

/* After the loop: further signals are ignored (a late Ctrl-C does not cut
 * the clean-up short), then the pipe goes. */
static void signals_close(void)
{
	struct sigaction sa;
	size_t i;

	if (sig_pipe[0] < 0)
		return;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_IGN;
	for (i = 0; i < sizeof(caught_signals) / sizeof(caught_signals[0]); i++)
		sigaction(caught_signals[i], &sa, NULL);
	close(sig_pipe[0]);
	close(sig_pipe[1]);
	sig_pipe[0] = sig_pipe[1] = -1;
}

/* Next pending signal (0: none); *from_tty: sent by the terminal driver
 * (Ctrl-C, hangup) to the whole foreground process group, so the command
 * got it too. */
static int next_signal(int fd, bool *from_tty)
{
	struct sig_msg m;
	ssize_t n = read(fd, &m, sizeof(m));

	if (n != (ssize_t)sizeof(m))
		return 0;
	if (from_tty)
		*from_tty = m.code == SI_KERNEL;
	return m.signo;
}

/* ---------------------------------------------------------------- one-shot */

/*
 * The program CMD names, found as execvp() would, but here, before the
 * launch (as strace does): the trace then starts at the command's one
 * execve, not at the failed ones of a PATH search. A name with a slash is
 * used as it is (its execve, failed or not, is the command's). Otherwise
 * the first PATH entry (empty: the current directory; no PATH: confstr's
 * default) holding an executable regular file. -ENOENT none, -EACCES only
 * files that cannot be executed.
 */
static int resolve_cmd(const char *name, char *out, size_t len)
{
	const char *path = getenv("PATH"), *p, *end;
	char defpath[256];
	bool denied = false;
	struct stat st;

	if (!*name)
		return -ENOENT;
	if (strchr(name, '/')) {
		if (strlen(name) >= len)
			return -ENAMETOOLONG;
		strcpy(out, name);
		return 0;
	}
	if (!path) {
		if (!confstr(_CS_PATH, defpath, sizeof(defpath)))
			snprintf(defpath, sizeof(defpath), "/bin:/usr/bin");
		path = defpath;
	}
	for (p = path;; p = end + 1) {
		size_t dl;
		int r;

		end = strchr(p, ':');
		if (!end)
			end = p + strlen(p);
		dl = (size_t)(end - p);
		r = dl ? snprintf(out, len, "%.*s/%s", (int)dl, p, name)
		       : snprintf(out, len, "%s", name);
		if (r > 0 && (size_t)r < len && stat(out, &st) == 0 &&
		    S_ISREG(st.st_mode)) {
			if (access(out, X_OK) == 0)
				return 0;
			denied = true;
		}
		if (!*end)
			break;
	}
	return denied ? -EACCES : -ENOENT;
}

/*
 * Starts CMD (the program at `file`) directly inside the cgroup (clone3
 * CLONE_INTO_CGROUP), so that its first syscall is recorded; falls back to
 * fork + a pipe the child waits on until its pid is in cgroup.procs. The
 * child makes no syscall before its execve (signals are not blocked, see
 * signals_fd). Exec failures come back through a close-on-exec pipe as an
 * errno.
 */
static pid_t launch(const char *file, char **cmd, int ncmd,
		    const struct tlr_cgroup *cg, int *exec_errno)
{
	struct clone_args ca;
	int ep[2], gate[2] = { -1, -1 }, cgfd;
	char **sh_argv;
	pid_t pid;
	ssize_t n;
	int e = 0;

	*exec_errno = 0;
	/* execvp's fallback for a file without a #! line: sh runs it */
	sh_argv = calloc((size_t)ncmd + 2, sizeof(*sh_argv));
	if (!sh_argv)
		return -ENOMEM;
	sh_argv[0] = (char *)"sh";
	sh_argv[1] = (char *)file;
	memcpy(sh_argv + 2, cmd + 1, (size_t)(ncmd - 1) * sizeof(*cmd));
	if (pipe2(ep, O_CLOEXEC)) {
		free(sh_argv);
		return -errno;
	}
	cgfd = open(cg->path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	memset(&ca, 0, sizeof(ca));
	ca.flags = CLONE_INTO_CGROUP;
	ca.exit_signal = SIGCHLD;
	ca.cgroup = (__u64)cgfd;
	pid = cgfd >= 0 ? (pid_t)syscall(SYS_clone3, &ca, sizeof(ca)) : -1;
	if (pid < 0) {
		/* old kernel: fork, then move the child before it may exec */
		if (pipe2(gate, O_CLOEXEC)) {
			e = -errno;
			goto out;
		}
		pid = fork();
	}
	if (pid == 0) {
		char c;

		if (gate[0] >= 0) {
			close(gate[1]);
			if (read(gate[0], &c, 1) != 1)
				_exit(EXIT_NOEXEC);
		}
		execve(file, cmd, environ);
		e = errno;
		if (e == ENOEXEC) {
			execve("/bin/sh", sh_argv, environ);
			e = ENOEXEC;
		}
		n = write(ep[1], &e, sizeof(e));
		(void)n;
		_exit(e == ENOENT ? EXIT_NOTFOUND : EXIT_NOEXEC);
	}
	if (pid < 0) {
		e = -errno;
		goto out;
	}
	if (gate[1] >= 0) {
		e = tlr_cgroup_move(cg->path, pid);
		if (e) {
			kill(pid, SIGKILL);
			waitpid(pid, NULL, 0);
			goto out;
		}
		n = write(gate[1], "g", 1);
		(void)n;
	}
	close(ep[1]);
	ep[1] = -1;
	n = read(ep[0], exec_errno, sizeof(*exec_errno));
	if (n != (ssize_t)sizeof(*exec_errno))
		*exec_errno = 0;
	e = pid;
out:
	if (cgfd >= 0)
		close(cgfd);
	close(ep[0]);
	if (ep[1] >= 0)
		close(ep[1]);
	if (gate[0] >= 0)
		close(gate[0]);
	if (gate[1] >= 0)
		close(gate[1]);
	free(sh_argv);
	return e;
}

static const char *base_name(const char *p)
{
	const char *s = strrchr(p, '/');

	return s ? s + 1 : p;
}

static int run_command(struct ctx *c, const char *mount)
{
	struct tlr_opts *o = &c->opts;
	struct tlr_cgroup cg;
	struct recorder_opts ro = {
		.sz = sizeof(ro),
		.reserve_dump_memory = true,	/* dumps fast and cannot ENOMEM */
	};
	struct recorder_trace_opts to = { .sz = sizeof(to) };
	char name[64], errbuf[512], self_cg[PATH_MAX], cwd[PATH_MAX];
	char file[PATH_MAX];
	int sfd = -1, pidfd = -1, id, ret, status = 0, exec_errno = 0;
	int forwarded = 0, exit_code = EXIT_FAIL, last_sig = SIGTERM;
	bool waited = false, from_tty = false;
	pid_t pid = -1;

	ret = resolve_cmd(o->cmd[0], file, sizeof(file));
	if (ret) {
		/* before anything is set up, as a shell or strace would */
		err("cannot run '%s': %s", o->cmd[0], strerror(-ret));
		return ret == -ENOENT ? EXIT_NOTFOUND : EXIT_NOEXEC;
	}
	if (tlr_cgroup_of(mount, 0, self_cg, sizeof(self_cg)))
		self_cg[0] = '\0';
	snprintf(name, sizeof(name), "tl-record-%d", (int)getpid());
	ret = tlr_cgroup_create(mount, name, &cg);
	if (ret) {
		err("cannot create cgroup '%s/%s': %s", mount, name, strerror(-ret));
		return EXIT_NOBPF;
	}
	ro.single = &cg;
	ro.single_owned = true;	/* removed after recorder__free() */
	ro.single_buffer_size = o->buffer_size;
	ro.snaplen = o->snaplen;
	ro.no_data = o->no_data;
	ro.syscall_filter = o->filter;
	c->rec = recorder__new(&ro, errbuf, sizeof(errbuf));
	if (!c->rec) {
		exit_code = load_failed(errbuf, errno);
		goto out;
	}
	to.name = o->name ? o->name : base_name(o->cmd[0]);
	to.kind = TL_TRACE_COMMAND;
	to.buffer_size = o->buffer_size;
	id = recorder__add_cgroup(c->rec, &cg, &to, errbuf, sizeof(errbuf));
	if (id < 0) {
		err("%s", errbuf);
		goto out;
	}
	ret = recorder__attach(c->rec);
	if (ret) {
		exit_code = load_failed("cannot attach the BPF programs", -ret);
		goto out;
	}
	sfd = signals_fd();
	if (sfd < 0) {
		err("cannot set up signal handling: %s", strerror(errno));
		goto out;
	}
	pid = launch(file, o->cmd, o->ncmd, &cg, &exec_errno);
	if (pid < 0) {
		err("cannot start '%s': %s", o->cmd[0], strerror(-pid));
		goto out;
	}
	{
		/* the command as it was before its execve: /proc will not
		 * know it at dump time */
		struct tl_proc p = {
			.tid = (uint32_t)pid, .pid = (uint32_t)pid,
			.ppid = (uint32_t)getpid(),
			.uid = getuid(), .gid = getgid(),
			.comm = PROG,
		};
		char *argv = NULL;
		size_t len = 0;
		int i;

		for (i = 0; i < o->ncmd; i++)
			len += strlen(o->cmd[i]) + 1;
		argv = malloc(len ? len : 1);
		if (argv) {
			char *q = argv;

			for (i = 0; i < o->ncmd; i++) {
				size_t l = strlen(o->cmd[i]) + 1;

				memcpy(q, o->cmd[i], l);
				q += l;
			}
			p.argv = argv;
			p.argv_len = (uint32_t)len;
		}
		if (getcwd(cwd, sizeof(cwd)))
			p.cwd = cwd;
		recorder__add_proc(c->rec, id, &p);
		free(argv);
	}
	if (exec_errno)
		err("cannot run '%s': %s", o->cmd[0], strerror(exec_errno));
	else
		info("recording '%s' (pid %d) in cgroup %s", o->cmd[0], (int)pid,
		     cg.rel);
	pidfd = (int)syscall(SYS_pidfd_open, pid, 0);

	for (;;) {
		struct pollfd pf[2] = {
			{ .fd = sfd, .events = POLLIN },
			{ .fd = pidfd, .events = POLLIN },
		};
		int sig;

		if (pidfd < 0) {
			/* no pidfd (old kernel): poll the child every 100 ms */
			if (waitpid(pid, &status, WNOHANG) == pid) {
				waited = true;
				break;
			}
			poll(pf, 1, 100);
		} else if (poll(pf, 2, -1) < 0 && errno != EINTR) {
			break;
		}
		if (pidfd >= 0 && (pf[1].revents & POLLIN)) {
			if (waitpid(pid, &status, 0) == pid)
				waited = true;
			break;
		}
		while ((sig = next_signal(sfd, &from_tty)) != 0) {
			if (sig == SIGUSR1) {
				snapshot(c);
				continue;
			}
			/* INT, TERM, HUP: pass it on once (unless the terminal
			 * sent it to the command as well); a second one stops
			 * waiting for the command */
			last_sig = sig;
			if (forwarded++ == 0) {
				if (!from_tty) {
					info("got signal %d, passing it to %d",
					     sig, (int)pid);
					kill(pid, sig);
				}
			} else {
				warn("not waiting for '%s' (pid %d) any longer",
				     o->cmd[0], (int)pid);
				goto stop;
			}
		}
	}
stop:
	if (write_dump(c, o->output) == 0)
		exit_code = EXIT_OK;
	if (waited && exit_code == EXIT_OK) {
		if (WIFEXITED(status))
			exit_code = WEXITSTATUS(status);
		else if (WIFSIGNALED(status))
			exit_code = 128 + WTERMSIG(status);
	} else if (!waited && exit_code == EXIT_OK) {
		exit_code = 128 + last_sig;	/* gave up waiting */
	}
out:
	recorder__free(c->rec);
	c->rec = NULL;
	if (pidfd >= 0)
		close(pidfd);
	signals_close();
	ret = tlr_cgroup_destroy(cg.path, self_cg[0] ? self_cg : NULL);
	if (ret)
		warn("cannot remove cgroup '%s': %s", cg.path, strerror(-ret));
	return exit_code;
}

/* ----------------------------------------------------------- cgroup mode */

static int run_cgroups(struct ctx *c, const char *mount)
{
	struct tlr_opts *o = &c->opts;
	struct tlr_cgroup *cgs;
	struct recorder_opts ro = {
		.sz = sizeof(ro),
		.reserve_dump_memory = true,	/* dumps fast and cannot ENOMEM */
	};
	char errbuf[512];
	int64_t deadline = 0;
	int i, ret, sfd = -1, exit_code = EXIT_FAIL;

	cgs = calloc((size_t)o->ncgroups, sizeof(*cgs));
	if (!cgs) {
		err("out of memory");
		return EXIT_FAIL;
	}
	for (i = 0; i < o->ncgroups; i++) {
		ret = tlr_cgroup_resolve(mount, o->cgroups[i], &cgs[i]);
		if (ret) {
			err("cgroup '%s': %s", o->cgroups[i],
			    ret == -EXDEV ? "not inside the cgroup2 mount" :
			    strerror(-ret));
			exit_code = EXIT_USAGE;
			goto out;
		}
	}
	ro.single = o->ncgroups == 1 ? &cgs[0] : NULL;
	ro.single_buffer_size = o->buffer_size;
	ro.max_traces = (uint32_t)o->ncgroups;
	ro.snaplen = o->snaplen;
	ro.no_data = o->no_data;
	ro.syscall_filter = o->filter;
	c->rec = recorder__new(&ro, errbuf, sizeof(errbuf));
	if (!c->rec) {
		exit_code = load_failed(errbuf, errno);
		goto out;
	}
	for (i = 0; i < o->ncgroups; i++) {
		struct recorder_trace_opts to = { .sz = sizeof(to) };
		char name[256];

		if (o->name && o->ncgroups > 1)
			snprintf(name, sizeof(name), "%s-%d", o->name, i + 1);
		else
			snprintf(name, sizeof(name), "%s",
				 o->name ? o->name : cgs[i].rel);
		to.name = name;
		to.kind = TL_TRACE_CGROUP;
		to.buffer_size = o->buffer_size;
		ret = recorder__add_cgroup(c->rec, &cgs[i], &to, errbuf,
					   sizeof(errbuf));
		if (ret < 0) {
			err("%s", errbuf);
			goto out;
		}
	}
	sfd = signals_fd();
	if (sfd < 0) {
		err("cannot set up signal handling: %s", strerror(errno));
		goto out;
	}
	ret = recorder__attach(c->rec);
	if (ret) {
		exit_code = load_failed("cannot attach the BPF programs", -ret);
		goto out;
	}
	info("recording %d cgroup%s; SIGINT or SIGTERM stops, SIGUSR1 writes a snapshot",
	     o->ncgroups, o->ncgroups > 1 ? "s" : "");
	if (o->duration_ns)
		deadline = now_ns() + (int64_t)o->duration_ns;
	for (;;) {
		struct pollfd pf = { .fd = sfd, .events = POLLIN };
		int timeout = -1, sig, stop = 0;

		if (deadline) {
			int64_t left = deadline - now_ns();

			if (left <= 0)
				break;
			timeout = (int)((left + 999999) / 1000000);
		}
		if (poll(&pf, 1, timeout) < 0 && errno != EINTR)
			break;
		while ((sig = next_signal(sfd, NULL)) != 0) {
			if (sig == SIGUSR1)
				snapshot(c);
			else
				stop = 1;
		}
		if (stop)
			break;
	}
	if (write_dump(c, o->output) == 0)
		exit_code = EXIT_OK;
out:
	recorder__free(c->rec);
	c->rec = NULL;
	signals_close();
	free(cgs);
	return exit_code;
}

int main(int argc, char **argv)
{
	char mount[PATH_MAX], errbuf[512];
	struct ctx c;
	int ret;

	/* the always-on recorder and its client (record/daemon.c, ctl.c) */
	if (argc > 1 && strcmp(argv[1], "daemon") == 0)
		return tlr_daemon_main(argc - 1, argv + 1);
	if (argc > 1 && strcmp(argv[1], "ctl") == 0)
		return tlr_ctl_main(argc - 1, argv + 1);

	memset(&c, 0, sizeof(c));
	if (tlr_opts_parse(argc, argv, &c.opts, errbuf, sizeof(errbuf))) {
		fprintf(stderr, PROG ": %s\nTry 'tl-record --help'.\n", errbuf);
		return EXIT_USAGE;
	}
	if (c.opts.help) {
		usage(stdout);
		return EXIT_OK;
	}
	if (c.opts.version) {
		printf("tl-record %s\n", TL_VERSION);
		return EXIT_OK;
	}
	tlr_verbosity = c.opts.verbosity;
	tl_set_print(tl_print_cb);
	libbpf_set_print(libbpf_print);

	ret = check_env(mount, sizeof(mount));
	if (ret)
		return ret;
	if (check_output(c.opts.output))
		return EXIT_FAIL;
	c.cmdline = join_args(argc, argv);
	reserve_dump_heap();
	if (c.opts.cmd)
		ret = run_command(&c, mount);
	else
		ret = run_cgroups(&c, mount);
	free(c.cmdline);
	return ret;
}
