// SPDX-License-Identifier: MIT
/*
 * mkevents.c - writes deterministic .tlz files for the JSON, SQLite and
 * pcapng tests and benchmarks, with the in-memory ring writer
 * (format/ringbuild.h) and tl_writer__write_dump().
 *
 *   mkevents OUT.tlz          the "story" below (every event kind)
 *   mkevents -n N OUT.tlz     N syscalls (openat/read/write/close/getpid
 *                             cycling over 8 processes on 2 CPUs): a big
 *                             trace for throughput measurements
 *
 * The story, on 2 CPUs: a shell (3000) opens and reads a file (binary
 * bytes), clones 3001 (which returns 0 from clone), fails one execve, execs curl, makes
 * sockets and connects (IPv4 refused, unix, IPv6), loses 3 records (ring
 * busy), fails an open(2) with EACCES and an openat twice with ENOENT,
 * creates a file, writes to stderr, calls getpid,
 * statx and a syscall number the table lacks, and exits 7; the shell
 * reaps it, vforks 3002, which is killed by SIGSEGV (core) inside
 * nanosleep; an i386 process (3003) opens and writes; the shell is still
 * inside read(0) at the dump.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ringbuild.h"
#include "tl.h"

#define T0	7000000000ull		/* boottime of the first record */
#define WALL0	1700000000000000000ll	/* its Unix time */

static struct tl_ringbuild *rb[2];
static uint64_t ts = T0;
static int failed;

static void check(int err, const char *what)
{
	if (err) {
		fprintf(stderr, "mkevents: %s: %s\n", what, strerror(-err));
		failed = 1;
	}
}

#define CAP(a, k, f, d, l, full) { .arg = (a), .kind = (k), .flags = (f), \
	.data = (d), .len = (uint16_t)(l), .full_len = (full) }
#define STR(a, s) CAP(a, TL_CAPT_STR, 0, s, strlen(s), strlen(s))

static uint16_t nr_of(int abi, const char *name)
{
	const struct tl_syscall *s =
		tl_systable__find(tl_systable_builtin(abi), name);

	if (!s) {
		fprintf(stderr, "mkevents: no syscall %s\n", name);
		exit(1);
	}
	return s->nr;
}

static void enter_abi(int cpu, int abi, uint32_t pid, uint16_t nr,
		      uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
		      const struct tl_rb_capt *c, unsigned n)
{
	uint64_t args[6] = { a0, a1, a2, a3, 0, 0 };

	ts += 1000;
	check(tl_ringbuild__enter(rb[cpu], ts, pid, pid, (uint8_t)abi, nr,
				  args, c, n), "enter");
}

static void leave_abi(int cpu, int abi, uint32_t pid, uint16_t nr,
		      int64_t ret, const struct tl_rb_capt *c, unsigned n)
{
	ts += 2000;
	check(tl_ringbuild__exit(rb[cpu], ts, pid, pid, (uint8_t)abi, nr, ret,
				 c, n), "exit");
}

static void enter(int cpu, uint32_t pid, const char *name, uint64_t a0,
		  uint64_t a1, uint64_t a2, uint64_t a3,
		  const struct tl_rb_capt *c, unsigned n)
{
	enter_abi(cpu, TL_ABI_X86_64, pid, nr_of(TL_ABI_X86_64, name), a0, a1,
		  a2, a3, c, n);
}

static void leave(int cpu, uint32_t pid, const char *name, int64_t ret,
		  const struct tl_rb_capt *c, unsigned n)
{
	leave_abi(cpu, TL_ABI_X86_64, pid, nr_of(TL_ABI_X86_64, name), ret, c,
		  n);
}

static void call(int cpu, uint32_t pid, const char *name, int64_t ret,
		 uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
		 const struct tl_rb_capt *c, unsigned n)
{
	enter(cpu, pid, name, a0, a1, a2, a3, c, n);
	leave(cpu, pid, name, ret, NULL, 0);
}

static void story(void)
{
	static const char curl_argv[] = "curl\0-s\0http://127.0.0.1:8080/";
	static const char msg[] =
		"curl: (7) Failed to connect to 127.0.0.1 port 8080\n";
	/* ELF header bytes, a NUL, an invalid byte and a valid "é" */
	static const unsigned char bin[16] = {
		0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0xff, 0xfe, 0xc3, 0xa9, 'x',
		'\n', '"', '\\',
	};
	static const unsigned char sin[16] = {
		2, 0, 0x1f, 0x90, 127, 0, 0, 1,		/* 127.0.0.1:8080 */
	};
	static const unsigned char sin6[28] = {
		10, 0, 0x01, 0xbb, 0, 0, 0, 0,		/* [::1]:443 */
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
	};
	unsigned char sun[110] = { 1, 0 };
	uint64_t args[6] = { 1, 2, 3, 0, 0, 0 };
	int i;

	memcpy(sun + 2, "/run/nscd/socket", 16);

	/* 3000 sh on cpu 0 */
	{
		struct tl_rb_capt c[] = { STR(1, "/etc/ld.so.cache") };
		call(0, 3000, "openat", 3, (uint64_t)-100 & 0xffffffff,
		     0x7f0000010000, 02000000, 0, c, 1);
	}
	{
		struct tl_rb_capt e[] = {
			CAP(1, TL_CAPT_BUF, TL_CAPTF_EXIT | TL_CAPTF_TRUNC, bin,
			    16, 832),
		};
		enter(0, 3000, "read", 3, 0x7ffd4000, 832, 0, NULL, 0);
		leave(0, 3000, "read", 832, e, 1);
	}
	call(0, 3000, "close", 0, 3, 0, 0, 0, NULL, 0);
	enter(0, 3000, "clone", 0x1200011, 0, 0, 0x7feadb0cba10, NULL, 0);
	ts += 500;
	check(tl_ringbuild__fork(rb[0], ts, 3000, 3000, 3001, 3001, "sh"),
	      "fork");
	leave(1, 3001, "clone", 0, NULL, 0);	/* the child's return */
	leave(0, 3000, "clone", 3001, NULL, 0);
	enter(0, 3000, "wait4", (uint64_t)-1, 0x7ffee3eb729c, 0, 0, NULL, 0);

	/* 3001 on cpu 1: a failed execve, then curl */
	{
		struct tl_rb_capt c[] = {
			STR(0, "/nonexistent/curl"),
			CAP(1, TL_CAPT_ARGV, 0, curl_argv, sizeof(curl_argv), 3),
			CAP(2, TL_CAPT_COUNT, 0, NULL, 0, 12),
		};
		call(1, 3001, "execve", -2, 0x55d1000, 0x55d2000, 0x55d3000, 0,
		     c, 3);
	}
	{
		struct tl_rb_capt c[] = {
			STR(0, "/usr/bin/curl"),
			CAP(1, TL_CAPT_ARGV, 0, curl_argv, sizeof(curl_argv), 3),
			CAP(2, TL_CAPT_COUNT, 0, NULL, 0, 12),
		};
		enter(1, 3001, "execve", 0x55d1100, 0x55d2000, 0x55d3000, 0, c,
		      3);
	}
	ts += 300;
	check(tl_ringbuild__exec(rb[1], ts, 3001, 3001, 3001, "curl",
				 "/usr/bin/curl"), "exec");
	leave(1, 3001, "execve", 0, NULL, 0);
	call(1, 3001, "socket", 3, 2, 0x80001, 6, 0, NULL, 0);
	{
		struct tl_rb_capt c[] = { CAP(1, TL_CAPT_BUF, 0, sin, 16, 16) };
		call(1, 3001, "connect", -111, 3, 0x7ffd0100, 16, 0, c, 1);
	}
	call(1, 3001, "socket", 4, 1, 0x80001, 0, 0, NULL, 0);
	{
		struct tl_rb_capt c[] = { CAP(1, TL_CAPT_BUF, 0, sun, 110, 110) };
		call(1, 3001, "connect", -2, 4, 0x7ffd0200, 110, 0, c, 1);
	}
	call(1, 3001, "socket", 5, 10, 0x80001, 6, 0, NULL, 0);
	{
		struct tl_rb_capt c[] = { CAP(1, TL_CAPT_BUF, 0, sin6, 28, 28) };
		call(1, 3001, "connect", -101, 5, 0x7ffd0300, 28, 0, c, 1);
	}
	tl_ringbuild__drop(rb[1], 3);
	{
		struct tl_rb_capt c[] = { STR(0, "/etc/curlrc") };
		call(1, 3001, "open", -13, 0x7ffd0400, 0, 0, 0, c, 1);
	}
	for (i = 0; i < 2; i++) {
		struct tl_rb_capt c[] = { STR(1, "/root/.curlrc") };
		call(1, 3001, "openat", -2, (uint64_t)-100 & 0xffffffff,
		     0x7ffd0410, 0, 0, c, 1);
	}
	{
		struct tl_rb_capt c[] = { STR(1, "/tmp/out.html") };
		call(1, 3001, "openat", 6, (uint64_t)-100 & 0xffffffff,
		     0x7ffd0420, 01 | 0100 | 01000 | 02000000, 0644, c, 1);
	}
	{
		struct tl_rb_capt c[] = {
			CAP(1, TL_CAPT_BUF, 0, msg, sizeof(msg) - 1,
			    sizeof(msg) - 1),
		};
		call(1, 3001, "write", sizeof(msg) - 1, 2, 0x7ffd6000,
		     sizeof(msg) - 1, 0, c, 1);
	}
	call(1, 3001, "getpid", 3001, 0, 0, 0, 0, NULL, 0);
	{
		struct tl_rb_capt c[] = { STR(1, "/tmp") };
		call(1, 3001, "statx", 0, (uint64_t)-100 & 0xffffffff,
		     0x7ffd0500, 0, 0xfff, c, 1);
	}
	/* a syscall number the table does not have */
	ts += 1000;
	check(tl_ringbuild__enter(rb[1], ts, 3001, 3001, TL_ABI_X86_64, 600,
				  args, NULL, 0), "enter 600");
	ts += 1000;
	check(tl_ringbuild__exit(rb[1], ts, 3001, 3001, TL_ABI_X86_64, 600,
				 -38, NULL, 0), "exit 600");
	enter(1, 3001, "exit_group", 7, 0, 0, 0, NULL, 0);
	ts += 4000;
	check(tl_ringbuild__exit_task(rb[1], ts, 3001, 3001, 7 << 8,
				      TL_EXITF_GROUP_DEAD, "curl"), "exit");

	/* the shell reaps it and vforks 3002, which crashes */
	{
		static const unsigned char status[4] = { 0, 7, 0, 0 };
		struct tl_rb_capt e[] = {
			CAP(1, TL_CAPT_BUF, TL_CAPTF_EXIT, status, 4, 4),
		};
		leave(0, 3000, "wait4", 3001, e, 1);
	}
	enter(0, 3000, "vfork", 0, 0, 0, 0, NULL, 0);
	ts += 500;
	check(tl_ringbuild__fork(rb[0], ts, 3000, 3000, 3002, 3002, "sh"),
	      "fork 3002");
	leave(1, 3002, "vfork", 0, NULL, 0);
	enter(1, 3002, "nanosleep", 0x7ffd0600, 0, 0, 0, NULL, 0);
	ts += 3000;
	check(tl_ringbuild__exit_task(rb[1], ts, 3002, 3002, 11 | 0x80,
				      TL_EXITF_GROUP_DEAD, "sh"), "exit 3002");
	leave(0, 3000, "vfork", 3002, NULL, 0);

	/* an i386 process */
	{
		struct tl_rb_capt c[] = { STR(0, "/etc/passwd") };
		enter_abi(0, TL_ABI_I386, 3003, nr_of(TL_ABI_I386, "open"),
			  0x8050000, 0, 0, 0, c, 1);
		leave_abi(0, TL_ABI_I386, 3003, nr_of(TL_ABI_I386, "open"), 3,
			  NULL, 0);
	}
	{
		struct tl_rb_capt c[] = { CAP(1, TL_CAPT_BUF, 0, "root\n", 5, 5) };
		enter_abi(0, TL_ABI_I386, 3003, nr_of(TL_ABI_I386, "write"), 1,
			  0x8060000, 5, 0, c, 1);
		leave_abi(0, TL_ABI_I386, 3003, nr_of(TL_ABI_I386, "write"), 5,
			  NULL, 0);
	}
	/* the shell waits for input when the dump is taken */
	enter(0, 3000, "read", 0, 0x7ffd7000, 1024, 0, NULL, 0);
}

/* N calls for throughput measurements. */
static void bulk(unsigned long n)
{
	static const char path[] = "/usr/lib/x86_64-linux-gnu/libc.so.6";
	static const char data[] = "0123456789abcdefghijklmnopqrstuvwxyz\n";
	unsigned long i;

	for (i = 0; i < n; i++) {
		int cpu = (int)(i / 5 % 2);
		uint32_t pid = 5000 + (uint32_t)(i / 5 % 8);

		switch (i % 5) {
		case 0: {
			struct tl_rb_capt c[] = { STR(1, path) };
			call(cpu, pid, "openat", i % 10 ? 3 : -2,
			     (uint64_t)-100 & 0xffffffff, 0x7f0000010000,
			     02000000, 0, c, 1);
			break;
		}
		case 1: {
			struct tl_rb_capt e[] = {
				CAP(1, TL_CAPT_BUF, TL_CAPTF_EXIT, data,
				    sizeof(data) - 1, sizeof(data) - 1),
			};
			enter(cpu, pid, "read", 3, 0x7ffd4000, 4096, 0, NULL, 0);
			leave(cpu, pid, "read", sizeof(data) - 1, e, 1);
			break;
		}
		case 2: {
			struct tl_rb_capt c[] = {
				CAP(1, TL_CAPT_BUF, 0, data, sizeof(data) - 1,
				    sizeof(data) - 1),
			};
			call(cpu, pid, "write", sizeof(data) - 1, 1, 0x7ffd6000,
			     sizeof(data) - 1, 0, c, 1);
			break;
		}
		case 3:
			call(cpu, pid, "close", 0, 3, 0, 0, 0, NULL, 0);
			break;
		default:
			call(cpu, pid, "getpid", pid, 0, 0, 0, 0, NULL, 0);
			break;
		}
	}
}

int main(int argc, char **argv)
{
	static const char sh_argv[] = "sh\0-c\0curl -s http://127.0.0.1:8080/";
	struct tl_machine m = { 0 };
	struct tl_ring_info ri[2];
	struct tl_ring_data rd[2];
	struct tl_proc procs[2];
	struct tl_dump_trace tr = { 0 };
	struct tl_writer_opts wo = { .sz = sizeof(wo), .codec = TL_CODEC_ZSTD };
	struct tl_writer *w;
	unsigned long n = 0;
	uint32_t nblocks = 4;
	const char *out = NULL;
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-n") && i + 1 < argc)
			n = strtoul(argv[++i], NULL, 10);
		else
			out = argv[i];
	}
	if (!out) {
		fprintf(stderr, "usage: mkevents [-n N] OUT.tlz\n");
		return 2;
	}
	/* about 300 ring bytes per call, split over two rings */
	while (n && (uint64_t)nblocks * TL_BLOCK_DATA < n * 160 + TL_BLOCK_SIZE)
		nblocks *= 2;
	rb[0] = tl_ringbuild__new(0, nblocks);
	rb[1] = tl_ringbuild__new(1, nblocks);
	if (!rb[0] || !rb[1]) {
		fprintf(stderr, "mkevents: out of memory\n");
		return 1;
	}
	if (n)
		bulk(n);
	else
		story();

	m.arch = "x86_64";
	m.kernel_release = "6.18.0-test";
	m.kernel_version = "#1 SMP";
	m.hostname = "node1";
	m.page_size = 4096;
	m.ncpus = 2;
	m.long_size = 8;
	m.record_layout = TL_RECORD_LAYOUT_VERSION;
	m.clock_start.boottime_ns = (int64_t)T0 - 1000000;
	m.clock_start.realtime_ns = WALL0 - 1000000;
	m.clock_start.monotonic_ns = (int64_t)T0 - 1000000;
	m.clock_dump.boottime_ns = (int64_t)ts + 1000000;
	m.clock_dump.realtime_ns = WALL0 + (int64_t)(ts - T0) + 1000000;
	m.clock_dump.monotonic_ns = (int64_t)ts + 1000000;
	m.recorder = "mkevents";
	m.cmdline = n ? "mkevents -n" : "mkevents";
	m.snaplen = 256;
	m.buffer_size = (uint64_t)nblocks * TL_BLOCK_SIZE;
	m.compress = "zstd:3";

	memset(procs, 0, sizeof(procs));
	procs[0].tid = procs[0].pid = 3000;
	procs[0].ppid = 1;
	procs[0].comm = "sh";
	procs[0].exe = "/usr/bin/dash";
	procs[0].cwd = "/root";
	procs[0].argv = sh_argv;
	procs[0].argv_len = sizeof(sh_argv);
	procs[0].flags = TL_PROC_ALIVE;
	procs[1].tid = procs[1].pid = 3003;
	procs[1].ppid = 1;
	procs[1].comm = "legacy";
	procs[1].exe = "/opt/legacy/bin/legacy";
	procs[1].cwd = "/srv";
	procs[1].flags = TL_PROC_ALIVE;
	for (i = 0; i < 2; i++) {
		tl_ringbuild__info(rb[i], &ri[i]);
		rd[i].cpu = (uint32_t)i;
		tl_ringbuild__blocks(rb[i], &rd[i].blocks, &rd[i].len);
	}
	tr.info.id = 1;
	tr.info.kind = TL_TRACE_COMMAND;
	tr.info.name = n ? "bulk" : "story";
	tr.info.cgroup_path = "/tlz/cmd-3000";
	tr.info.cgroup_id = 4343;
	tr.info.nrings = 2;
	tr.info.rings = ri;
	tr.info.start_ns = (int64_t)T0 - 1000000;
	tr.info.end_ns = (int64_t)ts + 1000000;
	tr.procs = n ? NULL : procs;
	tr.nprocs = n ? 0 : 2;
	tr.rings = rd;
	tr.nrings = 2;

	w = tl_writer__open(out, &wo);
	if (!w) {
		fprintf(stderr, "mkevents: cannot write '%s': %s\n", out,
			strerror(errno));
		return 1;
	}
	check(tl_writer__write_dump(w, &m, &tr, 1), "write_dump");
	check(tl_writer__close(w), "close");
	tl_ringbuild__free(rb[0]);
	tl_ringbuild__free(rb[1]);
	return failed;
}
