// SPDX-License-Identifier: MIT
/*
 * tl-analyze-gen.c - writes deterministic synthetic .tlz files for
 * tl-analyze's golden tests and measurements, built record by record
 * with format/ringbuild.h (the bytes the BPF recorder writes) and
 * written with tl_writer__write_dump() like tl-record does:
 *
 *   story      DESIGN.md story 1: sh | bc > file-1889; cat file-3240 (ENOENT)
 *   segv       a process killed by SIGSEGV, another by SIGKILL in read()
 *   forkbomb   one process forks 200 children
 *   refused    connect to a closed port (ECONNREFUSED), a v6 connection,
 *              a missing unix socket
 *   execchain  sh -> env -> cat in one pid, with a failed PATH lookup
 *   lost       a small ring that wrapped (overwritten) and dropped records
 *   tree       processes that started before the trace window (snapshot)
 *   big N      N syscalls by 64 processes on 2 CPUs (for measurements)
 *
 * Usage: tl-analyze-gen SCENARIO OUT.tlz [N]
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "ringbuild.h"
#include "tl.h"

#define NCPU		2
#define T_BASE		5000000000ll		/* boottime of the first record */
#define WALL_BASE	1700000000000000000ll	/* its wall clock */
#define AT_FDCWD_	((uint64_t)(int64_t)-100)

struct gen {
	struct tl_ringbuild *rb[NCPU];
	uint64_t ts;			/* current time (boottime ns) */
	const struct tl_systable *tab;
	struct tl_proc procs[64];	/* dump-time snapshot */
	size_t nprocs;
	int err;
};

static uint16_t nr_of(struct gen *g, const char *name)
{
	const struct tl_syscall *sc = tl_systable__find(g->tab, name);

	if (!sc) {
		fprintf(stderr, "tl-analyze-gen: no syscall '%s'\n", name);
		exit(1);
	}
	return sc->nr;
}

static void check(struct gen *g, int err)
{
	if (err && !g->err) {
		fprintf(stderr, "tl-analyze-gen: ring write: %s\n", strerror(-err));
		g->err = err;
	}
}

static struct tl_rb_capt c_str(unsigned arg, const char *s)
{
	struct tl_rb_capt c = { .arg = (uint8_t)arg, .kind = TL_CAPT_STR,
				.data = s, .len = (uint16_t)strlen(s),
				.full_len = (uint32_t)strlen(s) };
	return c;
}

static struct tl_rb_capt c_buf(unsigned arg, const void *p, size_t len,
			       bool at_exit)
{
	struct tl_rb_capt c = { .arg = (uint8_t)arg, .kind = TL_CAPT_BUF,
				.flags = at_exit ? TL_CAPTF_EXIT : 0, .data = p,
				.len = (uint16_t)len, .full_len = (uint32_t)len };
	return c;
}

static struct tl_rb_capt c_argv(unsigned arg, const char *p, size_t len,
				unsigned argc)
{
	struct tl_rb_capt c = { .arg = (uint8_t)arg, .kind = TL_CAPT_ARGV,
				.data = p, .len = (uint16_t)len, .full_len = argc };
	return c;
}

/*
 * One syscall on `cpu`: enter at the current time with the enter
 * captures, exit `dur` ns later with the exit captures (ret). Captures
 * flagged TL_CAPTF_EXIT go into the exit record. ret = INT64_MIN writes
 * the enter record only (the thread dies in the call).
 */
static void sys(struct gen *g, unsigned cpu, uint32_t pid, uint32_t tid,
		const char *name, int64_t ret, uint64_t dur,
		uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
		const struct tl_rb_capt *capt, unsigned ncapt)
{
	uint64_t args[6] = { a0, a1, a2, a3, 0, 0 };
	struct tl_rb_capt in[TL_MAX_CAPT_PER_REC], out[TL_MAX_CAPT_PER_REC];
	unsigned ni = 0, no = 0, i;
	uint16_t nr = nr_of(g, name);

	for (i = 0; i < ncapt; i++) {
		if (capt[i].flags & TL_CAPTF_EXIT)
			out[no++] = capt[i];
		else
			in[ni++] = capt[i];
	}
	check(g, tl_ringbuild__enter(g->rb[cpu], g->ts, tid ? tid : pid, pid,
				     TL_ABI_X86_64, nr, args, in, ni));
	g->ts += dur;
	if (ret != INT64_MIN)
		check(g, tl_ringbuild__exit(g->rb[cpu], g->ts, tid ? tid : pid,
					    pid, TL_ABI_X86_64, nr, ret, out, no));
	g->ts += 1000;
}

#define SYS(g, cpu, pid, name, ret, dur, a0, a1, a2, a3, ...) do {	\
	const struct tl_rb_capt _c[] = { __VA_ARGS__ };			\
	sys(g, cpu, pid, 0, name, ret, dur, a0, a1, a2, a3, _c,		\
	    sizeof(_c) / sizeof(_c[0]));				\
} while (0)
#define SYS0(g, cpu, pid, name, ret, dur, a0, a1, a2, a3)		\
	sys(g, cpu, pid, 0, name, ret, dur, a0, a1, a2, a3, NULL, 0)

static void fork_(struct gen *g, unsigned cpu, uint32_t parent,
		  uint32_t child, const char *comm)
{
	/* clone(): the FORK record comes inside the parent's call */
	uint16_t nr = nr_of(g, "clone");
	uint64_t args[6] = { 0x1200011, 0, 0, 0, 0, 0 };

	check(g, tl_ringbuild__enter(g->rb[cpu], g->ts, parent, parent,
				     TL_ABI_X86_64, nr, args, NULL, 0));
	g->ts += 20000;
	check(g, tl_ringbuild__fork(g->rb[cpu], g->ts, parent, parent, child,
				    child, comm));
	g->ts += 10000;
	check(g, tl_ringbuild__exit(g->rb[cpu], g->ts, parent, parent,
				    TL_ABI_X86_64, nr, child, NULL, 0));
	g->ts += 1000;
}

/* execve(filename, argv) that succeeds: enter (comm before), EXEC
 * record (comm after), exit 0. */
static void exec_(struct gen *g, unsigned cpu, uint32_t pid,
		  const char *filename, const char *comm, const char *argv,
		  size_t argv_len, unsigned argc)
{
	uint16_t nr = nr_of(g, "execve");
	uint64_t args[6] = { 0x5000, 0x6000, 0x7000, 0, 0, 0 };
	struct tl_rb_capt c[3] = { c_str(0, filename),
				   c_argv(1, argv, argv_len, argc),
				   { .arg = 2, .kind = TL_CAPT_COUNT, .full_len = 12 } };

	check(g, tl_ringbuild__enter(g->rb[cpu], g->ts, pid, pid, TL_ABI_X86_64,
				     nr, args, c, 3));
	g->ts += 150000;
	check(g, tl_ringbuild__exec(g->rb[cpu], g->ts, pid, pid, pid, comm,
				    filename));
	g->ts += 1000;
	check(g, tl_ringbuild__exit(g->rb[cpu], g->ts, pid, pid, TL_ABI_X86_64,
				    nr, 0, NULL, 0));
	g->ts += 1000;
}

static void exit_(struct gen *g, unsigned cpu, uint32_t pid, int code,
		  const char *comm)
{
	/* exit_group(code): enter only, then the task's exit */
	SYS0(g, cpu, pid, "exit_group", INT64_MIN, 5000, (uint64_t)code, 0, 0, 0);
	check(g, tl_ringbuild__exit_task(g->rb[cpu], g->ts, pid, pid,
					 (code & 0xff) << 8, TL_EXITF_GROUP_DEAD,
					 comm));
	g->ts += 1000;
}

static void killed(struct gen *g, unsigned cpu, uint32_t pid, int status,
		   const char *comm)
{
	check(g, tl_ringbuild__exit_task(g->rb[cpu], g->ts, pid, pid, status,
					 TL_EXITF_GROUP_DEAD, comm));
	g->ts += 1000;
}

/* The dynamic loader's usual start: a failed preload check, the cache. */
static void ld_start(struct gen *g, unsigned cpu, uint32_t pid)
{
	SYS(g, cpu, pid, "access", -2, 4000, 0x100, 4, 0, 0,
	    c_str(0, "/etc/ld.so.preload"));
	SYS(g, cpu, pid, "openat", 3, 6000, AT_FDCWD_, 0x101, 02000000, 0,
	    c_str(1, "/etc/ld.so.cache"));
	SYS0(g, cpu, pid, "close", 0, 2000, 3, 0, 0, 0);
	SYS(g, cpu, pid, "openat", 3, 5000, AT_FDCWD_, 0x102, 02000000, 0,
	    c_str(1, "/lib/x86_64-linux-gnu/libc.so.6"));
	{
		static uint8_t elf[832];

		memcpy(elf, "\177ELF\2\1\1", 7);
		SYS(g, cpu, pid, "read", 832, 3000, 3, 0x7ff0, 832, 0,
		    c_buf(1, elf, 64, true));
	}
	SYS0(g, cpu, pid, "close", 0, 2000, 3, 0, 0, 0);
}

/* ---------------------------------------------------------- scenarios */

static void snap(struct gen *g, uint32_t pid, uint32_t ppid, const char *comm,
		 const char *cwd, const char *argv, uint32_t argv_len,
		 int64_t start, bool alive)
{
	struct tl_proc *p = &g->procs[g->nprocs++];

	memset(p, 0, sizeof(*p));
	p->pid = p->tid = pid;
	p->ppid = ppid;
	p->comm = comm;
	p->cwd = cwd;
	p->argv = argv;
	p->argv_len = argv_len;
	p->start_ns = start;
	p->flags = alive ? TL_PROC_ALIVE : 0;
}

static void sc_story(struct gen *g)
{
	static const char sh_argv[] =
		"sh\0-c\0echo \"3*7*2\" | bc > /tmp/file-1889 ; cat /tmp/file-3240";
	static const char bc_argv[] = "bc";
	static const char cat_argv[] = "cat\0/tmp/file-3240";
	static const char msg[] = "cat: /tmp/file-3240: No such file or directory\n";
	static const int32_t pfd[2] = { 3, 4 };

	/* 1000: tl-record's child becomes sh */
	exec_(g, 0, 1000, "/bin/sh", "sh", sh_argv, sizeof(sh_argv) - 1 + 1, 3);
	ld_start(g, 0, 1000);
	SYS(g, 0, 1000, "pipe2", 0, 3000, 0x200, 0, 0, 0,
	    c_buf(0, pfd, 8, true));
	fork_(g, 0, 1000, 1001, "sh");
	/* 1001: the echo side of the pipe */
	SYS0(g, 1, 1001, "close", 0, 1000, 3, 0, 0, 0);
	SYS0(g, 1, 1001, "dup2", 1, 1000, 4, 1, 0, 0);
	SYS0(g, 1, 1001, "close", 0, 1000, 4, 0, 0, 0);
	SYS(g, 1, 1001, "write", 6, 8000, 1, 0x300, 6, 0, c_buf(1, "3*7*2\n", 6, false));
	exit_(g, 1, 1001, 0, "sh");
	fork_(g, 0, 1000, 1002, "sh");
	/* 1002: bc reading the pipe, writing the file */
	SYS0(g, 1, 1002, "dup2", 0, 1000, 3, 0, 0, 0);
	SYS0(g, 1, 1002, "close", 0, 1000, 3, 0, 0, 0);
	SYS0(g, 1, 1002, "close", 0, 1000, 4, 0, 0, 0);
	SYS(g, 1, 1002, "openat", 3, 9000, AT_FDCWD_, 0x400, 01 | 0100 | 01000, 0666,
	    c_str(1, "/tmp/file-1889"));
	SYS0(g, 1, 1002, "dup2", 1, 1000, 3, 1, 0, 0);
	SYS0(g, 1, 1002, "close", 0, 1000, 3, 0, 0, 0);
	exec_(g, 1, 1002, "/usr/bin/bc", "bc", bc_argv, sizeof(bc_argv), 1);
	ld_start(g, 1, 1002);
	SYS(g, 1, 1002, "read", 6, 40000, 0, 0x500, 4096, 0, c_buf(1, "3*7*2\n", 6, true));
	SYS0(g, 1, 1002, "read", 0, 2000, 0, 0x500, 4096, 0);
	SYS(g, 1, 1002, "write", 3, 7000, 1, 0x600, 3, 0, c_buf(1, "42\n", 3, false));
	exit_(g, 1, 1002, 0, "bc");
	SYS0(g, 0, 1000, "close", 0, 1000, 3, 0, 0, 0);
	SYS0(g, 0, 1000, "close", 0, 1000, 4, 0, 0, 0);
	SYS0(g, 0, 1000, "wait4", 1001, 30000, (uint64_t)-1, 0x700, 0, 0);
	SYS0(g, 0, 1000, "wait4", 1002, 90000, (uint64_t)-1, 0x700, 0, 0);
	fork_(g, 0, 1000, 1003, "sh");
	/* 1003: cat of a file that is not there */
	exec_(g, 1, 1003, "/usr/bin/cat", "cat", cat_argv, sizeof(cat_argv), 2);
	ld_start(g, 1, 1003);
	SYS(g, 1, 1003, "openat", -2, 7000, AT_FDCWD_, 0x800, 0, 0,
	    c_str(1, "/tmp/file-3240"));
	SYS(g, 1, 1003, "write", (int64_t)sizeof(msg) - 1, 9000, 2, 0x900,
	    sizeof(msg) - 1, 0, c_buf(1, msg, sizeof(msg) - 1, false));
	exit_(g, 1, 1003, 1, "cat");
	SYS0(g, 0, 1000, "wait4", 1003, 50000, (uint64_t)-1, 0x700, 0, 0);
	exit_(g, 0, 1000, 1, "sh");
}

static void sc_segv(struct gen *g)
{
	static const char argv[] = "./crash\0--config\0/etc/app.conf";
	static const char conf[] = "mode=fast\n";

	exec_(g, 0, 2000, "./crash", "crash", argv, sizeof(argv), 3);
	ld_start(g, 0, 2000);
	SYS(g, 0, 2000, "openat", 3, 8000, AT_FDCWD_, 0x100, 0, 0,
	    c_str(1, "/etc/app.conf"));
	SYS(g, 0, 2000, "read", 10, 6000, 3, 0x200, 4096, 0, c_buf(1, conf, 10, true));
	SYS0(g, 0, 2000, "close", 0, 1000, 3, 0, 0, 0);
	fork_(g, 0, 2000, 2001, "crash");
	SYS(g, 0, 2000, "write", 8, 5000, 1, 0x300, 8, 0, c_buf(1, "working\n", 8, false));
	SYS0(g, 0, 2000, "mmap", 0x7f0000000000, 4000, 0, 4096, 3, 0x22);
	/* the child blocks in read() of its stdin... */
	sys(g, 1, 2001, 0, "read", INT64_MIN, 1000, 0, 0x400, 1, 0, NULL, 0);
	/* ...the parent dies of SIGSEGV (core dumped) */
	g->ts += 200000;
	killed(g, 0, 2000, 11 | 0x80, "crash");
	/* the child is killed by SIGKILL while still in read() */
	g->ts += 300000;
	killed(g, 1, 2001, 9, "crash");
}

static void sc_forkbomb(struct gen *g)
{
	static const char argv[] = "bomb\0" "200";
	uint32_t i;

	exec_(g, 0, 3000, "./bomb", "bomb", argv, sizeof(argv), 2);
	for (i = 1; i <= 200; i++) {
		unsigned cpu = i % NCPU;

		fork_(g, 0, 3000, 3000 + i, "bomb");
		SYS0(g, cpu, 3000 + i, "getpid", 3000 + i, 1000, 0, 0, 0, 0);
		exit_(g, cpu, 3000 + i, i == 77 ? 3 : 0, "bomb");
	}
	for (i = 1; i <= 200; i++)
		SYS0(g, 0, 3000, "wait4", 3000 + i, 2000, (uint64_t)-1, 0x100, 0, 0);
	exit_(g, 0, 3000, 0, "bomb");
}

static void sc_refused(struct gen *g)
{
	static const char argv[] = "client\0--port\0001";
	static const uint8_t lo1[16] = { 2, 0, 0, 1, 127, 0, 0, 1 };
	static const uint8_t v6[28] = { 10, 0, 0x1f, 0x90, 0, 0, 0, 0,
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 };
	static const char un[] = "\x01\x00/run/nothere.sock";
	static const char req[] = "GET / HTTP/1.0\r\n\r\n";
	static const char resp[] = "HTTP/1.0 200 OK\r\n";

	exec_(g, 0, 4000, "/usr/bin/client", "client", argv, sizeof(argv), 3);
	SYS0(g, 0, 4000, "socket", 3, 5000, 2, 1 | 02000000, 0, 0);
	SYS(g, 0, 4000, "connect", -111, 60000, 3, 0x100, 16, 0, c_buf(1, lo1, 16, false));
	SYS0(g, 0, 4000, "close", 0, 2000, 3, 0, 0, 0);
	SYS0(g, 0, 4000, "socket", 3, 5000, 10, 1, 0, 0);
	SYS(g, 0, 4000, "connect", 0, 80000, 3, 0x100, 28, 0, c_buf(1, v6, 28, false));
	SYS(g, 0, 4000, "write", 18, 9000, 3, 0x200, 18, 0, c_buf(1, req, 18, false));
	SYS(g, 0, 4000, "read", 17, 250000, 3, 0x300, 4096, 0, c_buf(1, resp, 17, true));
	SYS0(g, 0, 4000, "close", 0, 2000, 3, 0, 0, 0);
	SYS0(g, 0, 4000, "socket", 4, 5000, 1, 1, 0, 0);
	SYS(g, 0, 4000, "connect", -2, 9000, 4, 0x100, sizeof(un) - 1, 0,
	    c_buf(1, un, sizeof(un) - 1, false));
	exit_(g, 0, 4000, 1, "client");
}

static void sc_execchain(struct gen *g)
{
	static const char sh_argv[] = "sh\0-c\0exec env FOO=1 cat /etc/hostname";
	static const char env_argv[] = "env\0FOO=1\0cat\0/etc/hostname";
	static const char cat_argv[] = "cat\0/etc/hostname";

	exec_(g, 0, 5000, "/bin/sh", "sh", sh_argv, sizeof(sh_argv), 3);
	ld_start(g, 0, 5000);
	exec_(g, 0, 5000, "/usr/bin/env", "env", env_argv, sizeof(env_argv), 4);
	ld_start(g, 0, 5000);
	/* env searches PATH: the first candidate does not exist */
	SYS(g, 0, 5000, "execve", -2, 9000, 0x100, 0x200, 0x300, 0,
	    c_str(0, "/usr/local/bin/cat"), c_argv(1, cat_argv, sizeof(cat_argv), 2));
	exec_(g, 0, 5000, "/usr/bin/cat", "cat", cat_argv, sizeof(cat_argv), 2);
	ld_start(g, 0, 5000);
	SYS(g, 0, 5000, "openat", 3, 7000, AT_FDCWD_, 0x400, 0, 0, c_str(1, "/etc/hostname"));
	SYS(g, 0, 5000, "read", 9, 4000, 3, 0x500, 131072, 0, c_buf(1, "testhost\n", 9, true));
	SYS(g, 0, 5000, "write", 9, 6000, 1, 0x500, 9, 0, c_buf(1, "testhost\n", 9, false));
	SYS0(g, 0, 5000, "read", 0, 2000, 3, 0x500, 131072, 0);
	SYS0(g, 0, 5000, "close", 0, 1000, 3, 0, 0, 0);
	exit_(g, 0, 5000, 0, "cat");
}

static void sc_lost(struct gen *g)
{
	static const char argv[] = "writer";
	uint32_t i;

	exec_(g, 0, 6000, "/usr/bin/writer", "writer", argv, sizeof(argv), 1);
	fork_(g, 0, 6000, 6001, "writer");
	for (i = 0; i < 3000; i++) {
		SYS(g, 0, 6000, "write", 64, 3000, 1, 0x100, 64, 0,
		    c_buf(1, "................................................................",
			  64, false));
		if (i == 2500)
			tl_ringbuild__drop(g->rb[0], 7);
		if (i % 10 == 0)
			SYS0(g, 1, 6001, "getppid", 6000, 1000, 0, 0, 0, 0);
		if (i == 200)
			tl_ringbuild__drop(g->rb[1], 3);
	}
	SYS0(g, 1, 6001, "nanosleep", 0, 1000, 0x200, 0, 0, 0);
}

static void sc_tree(struct gen *g)
{
	static const char svc_argv[] = "/usr/sbin/svc\0--foreground";
	static const char worker_argv[] = "svc-worker\0-n\0002";
	static const char tail_argv[] = "tail\0-f\0/var/log/svc.log";

	/* 7000 and 7001 ran before recording began; 7001 makes syscalls
	 * in the window, 7000 (its parent) does not */
	snap(g, 7000, 1, "svc", "/var/lib/svc", svc_argv, sizeof(svc_argv),
	     T_BASE - 3600000000000ll, true);
	snap(g, 7001, 7000, "svc-worker", "/var/lib/svc", worker_argv,
	     sizeof(worker_argv), T_BASE - 60000000000ll, true);
	snap(g, 7003, 7001, "tail", "/var/lib/svc", tail_argv, sizeof(tail_argv),
	     T_BASE + 20000000, true);
	SYS(g, 0, 7001, "openat", -2, 5000, AT_FDCWD_, 0x100, 0, 0, c_str(1, "state/pending.json"));
	fork_(g, 0, 7001, 7002, "svc-worker");
	exec_(g, 1, 7002, "/bin/gzip", "gzip", "gzip\0-9", 8, 2);
	SYS(g, 1, 7002, "openat", -13, 5000, AT_FDCWD_, 0x100, 01 | 0100, 0644, c_str(1, "archive.gz"));
	exit_(g, 1, 7002, 1, "gzip");
	g->ts = T_BASE + 20000000;
	fork_(g, 0, 7001, 7003, "svc-worker");
	exec_(g, 1, 7003, "/usr/bin/tail", "tail", tail_argv, sizeof(tail_argv), 3);
	sys(g, 1, 7003, 0, "read", INT64_MIN, 1000, 3, 0x100, 8192, 0, NULL, 0);
}

/* N syscalls (N/2 .. N decoded events with enter folded into exit) by 64
 * processes: opens that succeed and fail, reads, writes, closes, stats,
 * connects. */
static void sc_big(struct gen *g, uint64_t n)
{
	static const char *paths[] = { "/etc/passwd", "/etc/hosts", "/usr/lib/libfoo.so",
				       "/tmp/cache/a", "/var/log/app.log", "/nonexistent" };
	static const uint8_t lo[16] = { 2, 0, 0x1f, 0x90, 127, 0, 0, 1 };
	uint64_t i;
	uint32_t p;

	for (p = 0; p < 64; p++) {
		char argv[32];
		int len = snprintf(argv, sizeof(argv), "worker%u", p) + 1;

		fork_(g, p % NCPU, 9000, 9100 + p, "master");
		exec_(g, p % NCPU, 9100 + p, "/usr/bin/worker", "worker", argv, (size_t)len, 1);
	}
	for (i = 0; i < n; i++) {
		uint32_t pid = 9100 + (uint32_t)(i % 64);
		unsigned cpu = pid % NCPU;
		const char *path = paths[(i / 64) % 6];

		switch ((i / 64) % 8) {
		case 0:
			SYS(g, cpu, pid, "openat", path[1] == 'n' ? -2 : 5, 3000,
			    AT_FDCWD_, 0x100, 0, 0, c_str(1, path));
			break;
		case 1:
			SYS(g, cpu, pid, "read", 64, 2000, 5, 0x200, 4096, 0,
			    c_buf(1, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", 64, true));
			break;
		case 2:
			SYS(g, cpu, pid, "write", 32, 2500, 1, 0x300, 32, 0,
			    c_buf(1, "log line log line log line .....", 32, false));
			break;
		case 3:
			SYS0(g, cpu, pid, "close", i % 3 ? 0 : -9, 800, 5, 0, 0, 0);
			break;
		case 4:
			SYS(g, cpu, pid, "newfstatat", i % 5 ? 0 : -2, 1500, AT_FDCWD_,
			    0x100, 0x400, 0, c_str(1, path));
			break;
		case 5:
			SYS(g, cpu, pid, "connect", i % 7 ? 0 : -111, 30000, 6, 0x100, 16, 0,
			    c_buf(1, lo, 16, false));
			break;
		case 6:
			SYS0(g, cpu, pid, "futex", 0, (i % 100) * 1000, 0x700, 0, 1, 0);
			break;
		default:
			SYS0(g, cpu, pid, "getpid", pid, 300, 0, 0, 0, 0);
			break;
		}
		g->ts -= 900;	/* keep it dense */
	}
}

int main(int argc, char **argv)
{
	struct gen g;
	struct tl_machine m;
	struct tl_dump_trace tr;
	struct tl_ring_data rd[NCPU];
	struct tl_ring_info ri[NCPU];
	struct tl_writer_opts wo = { .sz = sizeof(wo), .codec = TL_CODEC_ZSTD };
	struct tl_writer *w;
	const char *sc;
	uint64_t n = 1000000;
	uint32_t nblocks = 16;
	unsigned i;
	int err;

	if (argc < 3) {
		fprintf(stderr, "usage: tl-analyze-gen story|segv|forkbomb|refused|"
			"execchain|lost|tree|big OUT.tlz [N]\n");
		return 2;
	}
	sc = argv[1];
	if (argc > 3 && tl_parse_u64(argv[3], 1, 100000000, &n)) {
		fprintf(stderr, "tl-analyze-gen: bad N '%s'\n", argv[3]);
		return 2;
	}
	memset(&g, 0, sizeof(g));
	g.ts = (uint64_t)T_BASE;
	g.tab = tl_systable_builtin(TL_ABI_X86_64);
	if (strcmp(sc, "lost") == 0)
		nblocks = 2;
	else if (strcmp(sc, "big") == 0)
		for (nblocks = 16; (uint64_t)nblocks * TL_BLOCK_DATA < n * 110; nblocks *= 2)
			;
	for (i = 0; i < NCPU; i++) {
		g.rb[i] = tl_ringbuild__new(i, nblocks);
		if (!g.rb[i]) {
			fprintf(stderr, "tl-analyze-gen: %s\n", strerror(errno));
			return 1;
		}
	}
	if (!strcmp(sc, "story"))
		sc_story(&g);
	else if (!strcmp(sc, "segv"))
		sc_segv(&g);
	else if (!strcmp(sc, "forkbomb"))
		sc_forkbomb(&g);
	else if (!strcmp(sc, "refused"))
		sc_refused(&g);
	else if (!strcmp(sc, "execchain"))
		sc_execchain(&g);
	else if (!strcmp(sc, "lost"))
		sc_lost(&g);
	else if (!strcmp(sc, "tree"))
		sc_tree(&g);
	else if (!strcmp(sc, "big"))
		sc_big(&g, n);
	else {
		fprintf(stderr, "tl-analyze-gen: unknown scenario '%s'\n", sc);
		return 2;
	}
	if (g.err)
		return 1;

	memset(&m, 0, sizeof(m));
	m.arch = "x86_64";
	m.kernel_release = "6.18.0-synthetic";
	m.kernel_version = "#1 SMP";
	m.hostname = "synthetic";
	m.page_size = 4096;
	m.ncpus = NCPU;
	m.long_size = 8;
	m.record_layout = TL_RECORD_LAYOUT_VERSION;
	m.clock_start.boottime_ns = T_BASE - 1000000;
	m.clock_start.realtime_ns = WALL_BASE - 1000000;
	m.clock_dump.boottime_ns = (int64_t)g.ts + 1000000;
	m.clock_dump.realtime_ns = WALL_BASE + ((int64_t)g.ts + 1000000 - T_BASE);
	m.clock_dump.monotonic_ns = m.clock_dump.boottime_ns;
	m.recorder = "tl-analyze-gen";
	m.cmdline = "tl-analyze-gen";
	m.buffer_size = (uint64_t)nblocks * TL_BLOCK_SIZE;
	m.compress = "zstd:3";

	memset(&tr, 0, sizeof(tr));
	tr.info.id = 1;
	tr.info.kind = TL_TRACE_COMMAND;
	tr.info.name = sc;
	tr.info.cgroup_path = "/tlz/synthetic";
	tr.info.start_ns = T_BASE - 1000000;
	tr.info.end_ns = (int64_t)g.ts + 1000000;
	for (i = 0; i < NCPU; i++) {
		const void *p;

		tl_ringbuild__blocks(g.rb[i], &p, &rd[i].len);
		rd[i].blocks = p;
		rd[i].cpu = i;
		tl_ringbuild__info(g.rb[i], &ri[i]);
	}
	tr.info.rings = ri;
	tr.info.nrings = NCPU;
	tr.rings = rd;
	tr.nrings = NCPU;
	tr.procs = g.procs;
	tr.nprocs = g.nprocs;

	w = tl_writer__open(argv[2], &wo);
	if (!w) {
		fprintf(stderr, "tl-analyze-gen: '%s': %s\n", argv[2], strerror(errno));
		return 1;
	}
	err = tl_writer__write_dump(w, &m, &tr, 1);
	if (err) {
		tl_writer__abort(w);
		fprintf(stderr, "tl-analyze-gen: '%s': %s\n", argv[2], strerror(-err));
		return 1;
	}
	err = tl_writer__close(w);
	if (err) {
		fprintf(stderr, "tl-analyze-gen: '%s': %s\n", argv[2], strerror(-err));
		return 1;
	}
	for (i = 0; i < NCPU; i++)
		tl_ringbuild__free(g.rb[i]);
	return 0;
}
