// SPDX-License-Identifier: MIT
/*
 * mksample.c - writes a small deterministic .tlz for tl-convert's golden
 * tests, with the in-memory ring writer (format/ringbuild.h) and
 * tl_writer__write_dump(): a shell (pid 1000, cpu 0) forks a cat
 * (pid 1001, cpu 1) that opens, reads and writes files and fails one
 * open, while the shell waits; both exit. The calls, argument values and
 * memory contents are those strace showed for `sh -c 'cat /etc/hostname
 * /nonexist'` on the project machine.
 *
 *   mksample [--lost] [--second] OUT.tlz
 *     --lost    three records of cpu 1 are dropped (ring busy) mid-trace
 *     --second  pids 2000/2001, 20 us later, trace "cmd-sh2" (to merge)
 *     --calls N the cat also opens, reads, writes and closes N times
 *               (4 N more syscalls: a large trace for throughput checks)
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ringbuild.h"
#include "tl.h"

#define T0	5000000000ull		/* boottime of the first record */
#define WALL0	1700000000000000000ll	/* its Unix time */

static struct tl_ringbuild *rb[2];
static uint64_t ts = T0;
static uint32_t pid_off;		/* --second: 1000 */
static int failed;

static void check(int err, const char *what)
{
	if (err) {
		fprintf(stderr, "mksample: %s: %s\n", what, strerror(-err));
		failed = 1;
	}
}

#define CAP(a, k, f, d, l, full) { .arg = (a), .kind = (k), .flags = (f), \
	.data = (d), .len = (uint16_t)(l), .full_len = (full) }
#define STR(a, s) CAP(a, TL_CAPT_STR, 0, s, strlen(s), strlen(s))

static const struct tl_syscall *sc(const char *name)
{
	const struct tl_syscall *s =
		tl_systable__find(tl_systable_builtin(TL_ABI_X86_64), name);

	if (!s) {
		fprintf(stderr, "mksample: no syscall %s\n", name);
		exit(1);
	}
	return s;
}

static void enter(int cpu, uint32_t tid, const char *name, uint64_t a0,
		  uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
		  uint64_t a5, const struct tl_rb_capt *c, unsigned n)
{
	uint64_t args[6] = { a0, a1, a2, a3, a4, a5 };

	ts += 1000;
	tid += pid_off;
	check(tl_ringbuild__enter(rb[cpu], ts, tid, tid, TL_ABI_X86_64,
				  sc(name)->nr, args, c, n), name);
}

static void leave(int cpu, uint32_t tid, const char *name, int64_t ret,
		  const struct tl_rb_capt *c, unsigned n)
{
	ts += 2500;
	tid += pid_off;
	check(tl_ringbuild__exit(rb[cpu], ts, tid, tid, TL_ABI_X86_64,
				 sc(name)->nr, ret, c, n), name);
}

/* enter + exit, no exit captures */
static void call(int cpu, uint32_t tid, const char *name, int64_t ret,
		 uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
		 uint64_t a4, uint64_t a5, const struct tl_rb_capt *c,
		 unsigned n)
{
	enter(cpu, tid, name, a0, a1, a2, a3, a4, a5, c, n);
	leave(cpu, tid, name, ret, NULL, 0);
}

int main(int argc, char **argv)
{
	static const char sh_argv[] = "sh\0-c\0cat /etc/hostname /nonexist";
	static const char cat_argv[] = "cat\0/etc/hostname\0/nonexist";
	static const char msg[] = "cat: /nonexist: No such file or directory\n";
	static const unsigned char elf[64] = {
		0x7f, 'E', 'L', 'F', 2, 1, 1, 3, 0, 0, 0, 0, 0, 0, 0, 0,
		3, 0, '>', 0, 1, 0, 0, 0, 0x10, 't', 2, 0, 0, 0, 0, 0,
	};
	unsigned char st_reg[144] = { 0 }, st_dir[144] = { 0 };
	unsigned char status[4] = { 0, 1, 0, 0 };
	bool lost = false;
	unsigned long calls = 0, k;
	uint32_t nblocks = 4;
	const char *out = NULL;
	struct tl_machine m = { 0 };
	struct tl_ring_info ri[2];
	struct tl_ring_data rd[2];
	struct tl_proc procs[1] = { 0 };
	struct tl_dump_trace tr = { 0 };
	struct tl_writer_opts wo = { .sz = sizeof(wo), .codec = TL_CODEC_ZSTD };
	struct tl_writer *w;
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--lost") == 0) {
			lost = true;
		} else if (strcmp(argv[i], "--calls") == 0 && i + 1 < argc) {
			calls = strtoul(argv[++i], NULL, 10);
			while ((uint64_t)nblocks * TL_BLOCK_SIZE / 1000 < calls * 2 &&
			       nblocks < (1u << 16))
				nblocks *= 2;
		} else if (strcmp(argv[i], "--second") == 0) {
			pid_off = 1000;
			ts += 20000;
		}
		else
			out = argv[i];
	}
	if (!out) {
		fprintf(stderr, "usage: mksample [--lost] OUT.tlz\n");
		return 2;
	}
	rb[0] = tl_ringbuild__new(0, 4);
	rb[1] = tl_ringbuild__new(1, nblocks);
	if (!rb[0] || !rb[1])
		return 1;
	st_reg[24] = 0xa4; st_reg[25] = 0x81;	/* S_IFREG|0644 */
	st_reg[48] = 0x27; st_reg[49] = 0xb7;	/* 46887 */
	st_dir[24] = 0xed; st_dir[25] = 0x41;	/* S_IFDIR|0755 */
	st_dir[48] = 0x00; st_dir[49] = 0x10;	/* 4096 */

	{
		struct tl_rb_capt c[] = {
			STR(0, "/usr/bin/sh"),
			CAP(1, TL_CAPT_ARGV, 0, sh_argv, sizeof(sh_argv), 3),
			CAP(2, TL_CAPT_COUNT, 0, NULL, 0, 41),
		};
		call(0, 1000, "execve", 0, 0x7ffc1000, 0x7ffc2000,
		     0x7fff0af39508, 0, 0, 0, c, 3);
	}
	call(0, 1000, "brk", 0x56327fb1e000, 0, 0, 0, 0, 0, 0, NULL, 0);
	{
		struct tl_rb_capt c[] = { STR(0, "/etc/ld.so.preload") };
		call(0, 1000, "access", -2, 0x7f0000010000, 4, 0, 0, 0, 0, c, 1);
	}
	{
		struct tl_rb_capt c[] = { STR(1, "/etc/ld.so.cache") };
		call(0, 1000, "openat", 3, (uint64_t)-100, 0x7f0000010100,
		     02000000, 0, 0, 0, c, 1);
	}
	{
		struct tl_rb_capt c[] = { STR(1, "") };
		struct tl_rb_capt e[] = {
			CAP(2, TL_CAPT_BUF, TL_CAPTF_EXIT, st_reg, 144, 144),
		};
		enter(0, 1000, "newfstatat", 3, 0x7f0000010200, 0x7ffee3eb7310,
		      0x1000, 0, 0, c, 1);
		leave(0, 1000, "newfstatat", 0, e, 1);
	}
	call(0, 1000, "mmap", 0x7feadb2b0000, 0, 46887, 1, 2, 3, 0, NULL, 0);
	call(0, 1000, "close", 0, 3, 0, 0, 0, 0, 0, NULL, 0);
	/* the shell forks; the child runs on cpu 1 while the parent waits */
	enter(0, 1000, "clone", 0x1200011, 0, 0, 0x7feadb0cba10, 0, 0, NULL, 0);
	ts += 500;
	check(tl_ringbuild__fork(rb[0], ts, 1000 + pid_off,
				  1000 + pid_off, 1001 + pid_off,
				  1001 + pid_off, "sh"), "fork");
	ts += 300;
	check(tl_ringbuild__exec(rb[1], ts, 1001 + pid_off, 1001 + pid_off,
				 1001 + pid_off, "cat",
				 "/usr/bin/cat"), "exec");
	{
		struct tl_rb_capt c[] = {
			STR(0, "/usr/bin/cat"),
			CAP(1, TL_CAPT_ARGV, 0, cat_argv, sizeof(cat_argv), 3),
			CAP(2, TL_CAPT_COUNT, 0, NULL, 0, 41),
		};
		enter(1, 1001, "execve", 0x55d1000, 0x55d2000, 0x56327fb1eb70,
		      0, 0, 0, c, 3);
	}
	leave(0, 1000, "clone", 1001 + pid_off, NULL, 0);
	enter(0, 1000, "wait4", (uint64_t)-1, 0x7ffee3eb729c, 0, 0, 0, 0,
	      NULL, 0);
	leave(1, 1001, "execve", 0, NULL, 0);
	{
		struct tl_rb_capt c[] = { STR(1, "/etc/hostname") };
		call(1, 1001, "openat", 3, (uint64_t)-100, 0x7ffd0010, 0, 0, 0,
		     0, c, 1);
	}
	{
		struct tl_rb_capt e[] = {
			CAP(1, TL_CAPT_BUF, TL_CAPTF_EXIT, elf, 64, 832),
		};
		enter(1, 1001, "read", 3, 0x7ffd4000, 832, 0, 0, 0, NULL, 0);
		leave(1, 1001, "read", 832, e, 1);
	}
	if (lost)
		tl_ringbuild__drop(rb[1], 3);
	for (k = 0; k < calls; k++) {
		struct tl_rb_capt c[] = { STR(1, "/etc/hostname") };
		struct tl_rb_capt e[] = {
			CAP(1, TL_CAPT_BUF, TL_CAPTF_EXIT, "vm\n", 3, 3),
		};
		struct tl_rb_capt wr[] = { CAP(1, TL_CAPT_BUF, 0, "vm\n", 3, 3) };

		call(1, 1001, "openat", 4, (uint64_t)-100, 0x7ffd0010, 0, 0, 0,
		     0, c, 1);
		enter(1, 1001, "read", 4, 0x7f1b466fe000, 131072, 0, 0, 0,
		      NULL, 0);
		leave(1, 1001, "read", 3, e, 1);
		call(1, 1001, "write", 3, 1, 0x7f1b466fe000, 3, 0, 0, 0, wr, 1);
		call(1, 1001, "close", 0, 4, 0, 0, 0, 0, 0, NULL, 0);
	}
	{
		struct tl_rb_capt e[] = {
			CAP(1, TL_CAPT_BUF, TL_CAPTF_EXIT, "vm\n", 3, 3),
		};
		enter(1, 1001, "read", 3, 0x7f1b466fe000, 131072, 0, 0, 0,
		      NULL, 0);
		leave(1, 1001, "read", 3, e, 1);
	}
	{
		struct tl_rb_capt c[] = { CAP(1, TL_CAPT_BUF, 0, "vm\n", 3, 3) };
		call(1, 1001, "write", 3, 1, 0x7f1b466fe000, 3, 0, 0, 0, c, 1);
	}
	{
		struct tl_rb_capt e[] = {
			CAP(2, TL_CAPT_BUF, TL_CAPTF_EXIT, st_dir, 144, 144),
		};
		struct tl_rb_capt c[] = { STR(1, "/tmp") };
		enter(1, 1001, "newfstatat", (uint64_t)-100, 0x7ffd0020,
		      0x7ffd5000, 0, 0, 0, c, 1);
		leave(1, 1001, "newfstatat", 0, e, 1);
	}
	call(1, 1001, "close", 0, 3, 0, 0, 0, 0, 0, NULL, 0);
	{
		struct tl_rb_capt c[] = { STR(1, "/nonexist") };
		call(1, 1001, "openat", -2, (uint64_t)-100, 0x7ffd0030, 0, 0, 0,
		     0, c, 1);
	}
	{
		struct tl_rb_capt c[] = {
			CAP(1, TL_CAPT_BUF, 0, msg, sizeof(msg) - 1,
			    sizeof(msg) - 1),
		};
		call(1, 1001, "write", sizeof(msg) - 1, 2, 0x7ffd6000,
		     sizeof(msg) - 1, 0, 0, 0, c, 1);
	}
	enter(1, 1001, "exit_group", 1, 0, 0, 0, 0, 0, NULL, 0);
	ts += 4000;
	check(tl_ringbuild__exit_task(rb[1], ts, 1001 + pid_off,
				      1001 + pid_off, 0x100,
				      TL_EVF_GROUP_DEAD, "cat"), "exit");
	{
		struct tl_rb_capt e[] = {
			CAP(1, TL_CAPT_BUF, TL_CAPTF_EXIT, status, 4, 4),
		};
		leave(0, 1000, "wait4", 1001 + pid_off, e, 1);
	}
	call(0, 1000, "getpid", 1000 + pid_off, 0, 0, 0, 0, 0, 0, NULL, 0);
	/* a syscall number the table does not have */
	{
		uint64_t args[6] = { 1, 2, 0x7f18468c6829, 0, 0, 0 };

		ts += 1000;
		check(tl_ringbuild__enter(rb[0], ts, 1000 + pid_off,
					  1000 + pid_off, TL_ABI_X86_64,
					  1231, args, NULL, 0), "enter 1231");
		ts += 1000;
		check(tl_ringbuild__exit(rb[0], ts, 1000 + pid_off,
					 1000 + pid_off, TL_ABI_X86_64,
					 1231, -38, NULL, 0), "exit 1231");
	}
	enter(0, 1000, "exit_group", 0, 0, 0, 0, 0, 0, NULL, 0);
	ts += 4000;
	check(tl_ringbuild__exit_task(rb[0], ts, 1000 + pid_off,
				      1000 + pid_off, 0,
				      TL_EVF_GROUP_DEAD, "sh"), "exit");

	m.arch = "x86_64";
	m.kernel_release = "6.18.0-test";
	m.kernel_version = "#1 SMP";
	m.hostname = "vm";
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
	m.recorder = "mksample";
	m.cmdline = "mksample";
	m.snaplen = 256;
	m.buffer_size = (uint64_t)nblocks * TL_BLOCK_SIZE;
	m.compress = "zstd:3";

	procs[0].tid = procs[0].pid = 1000 + pid_off;
	procs[0].ppid = 999 + pid_off;
	procs[0].comm = "sh";
	procs[0].flags = TL_PROC_EXITED;
	for (i = 0; i < 2; i++) {
		tl_ringbuild__info(rb[i], &ri[i]);
		rd[i].cpu = (uint32_t)i;
		tl_ringbuild__blocks(rb[i], &rd[i].blocks, &rd[i].len);
	}
	tr.info.id = 1;
	tr.info.kind = TL_TRACE_COMMAND;
	tr.info.name = pid_off ? "cmd-sh2" : "cmd-sh";
	tr.info.cgroup_path = "/tlz/cmd-1000";
	tr.info.cgroup_id = 4242;
	tr.info.nrings = 2;
	tr.info.rings = ri;
	tr.info.start_ns = (int64_t)T0 - 1000000;
	tr.info.end_ns = (int64_t)ts + 1000000;
	tr.procs = procs;
	tr.nprocs = 1;
	tr.rings = rd;
	tr.nrings = 2;
	w = tl_writer__open(out, &wo);
	if (!w) {
		fprintf(stderr, "mksample: cannot write '%s': %s\n", out,
			strerror(errno));
		return 1;
	}
	check(tl_writer__write_dump(w, &m, &tr, 1), "write_dump");
	check(tl_writer__close(w), "close");
	tl_ringbuild__free(rb[0]);
	tl_ringbuild__free(rb[1]);
	return failed;
}
