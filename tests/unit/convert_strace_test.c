// SPDX-License-Identifier: MIT
/*
 * convert_strace_test.c - the strace text emitter on constructed events.
 * Every expected line below was produced by Debian's strace 6.1 for the
 * same call (same argument values and memory contents) on this project's
 * machine; the pid, addresses and sizes are those of that run.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emit.h"
#include "escape.h"
#include "sbuf.h"
#include "sfmt.h"
#include "test.h"

static const struct tl_systable *tab;

struct evb {
	struct tl_event ev;
	struct tl_capture capt[8];
};

static struct tl_event *sc_ev(struct evb *b, int type, uint32_t tid,
			      const char *name, int64_t ret)
{
	memset(b, 0, sizeof(*b));
	b->ev.type = (uint32_t)type;
	b->ev.tid = b->ev.pid = tid;
	b->ev.comm = "t";
	b->ev.abi = TL_ABI_X86_64;
	b->ev.sc = tl_systable__find(tab, name);
	b->ev.name = b->ev.sc ? b->ev.sc->name : name;
	b->ev.nr = b->ev.sc ? b->ev.sc->nr : 0;
	b->ev.flags = TL_EVF_HAS_ENTER;
	if (type == TL_EV_SYSCALL_EXIT) {
		b->ev.flags |= TL_EVF_HAS_RET;
		b->ev.ret = ret;
	}
	b->ev.capt = b->capt;
	return &b->ev;
}

static void args(struct tl_event *ev, uint64_t a0, uint64_t a1, uint64_t a2,
		 uint64_t a3, uint64_t a4, uint64_t a5)
{
	ev->args[0] = a0; ev->args[1] = a1; ev->args[2] = a2;
	ev->args[3] = a3; ev->args[4] = a4; ev->args[5] = a5;
}

static void capt(struct tl_event *ev, int arg, int kind, bool at_exit,
		 const void *data, uint32_t len, uint32_t full_len)
{
	struct tl_capture *c = (struct tl_capture *)&ev->capt[ev->ncapt++];

	c->arg = (uint8_t)arg;
	c->kind = (uint8_t)kind;
	c->flags = at_exit ? TL_CAPTF_EXIT : 0;
	c->len = len;
	c->full_len = full_len;
	c->data = data;
}

/* Runs events through the strace emitter; returns malloc'ed output. */
static char *run(const struct conv_opts *o0, const struct tl_event **evs,
		 int n)
{
	struct conv_opts o = *o0;
	struct conv_ctx ctx = { 0 };
	char *buf = NULL;
	size_t len = 0;
	int i;

	o.out = open_memstream(&buf, &len);
	if (!o.snaplen)
		o.snaplen = 32;
	ctx.opts = &o;
	ASSERT_OK(conv_strace.begin(&ctx), "begin");
	for (i = 0; i < n; i++)
		ASSERT_OK(conv_strace.event(&ctx, evs[i]), "event");
	ASSERT_OK(conv_strace.end(&ctx, false), "end");
	fclose(o.out);
	return buf;
}

static const struct conv_opts dflt = { .snaplen = 32 };

static void expect1(const struct conv_opts *o, const struct tl_event *ev,
		    const char *want)
{
	const struct tl_event *evs[1] = { ev };
	char *out = run(o, evs, 1);

	ASSERT_STREQ(out, want, "line");
	free(out);
}

static void test_open_family(void)
{
	struct evb b;
	struct tl_event *ev;
	static const char p1[] = "/etc/ld.so.cache", p2[] = "/nonexist";

	ev = sc_ev(&b, TL_EV_SYSCALL_EXIT, 8056, "openat", 3);
	args(ev, (uint64_t)-100, 0x1000, 02000000, 0, 0, 0);
	capt(ev, 1, TL_CAPT_STR, false, p1, sizeof(p1) - 1, sizeof(p1) - 1);
	expect1(&dflt, ev, "8056  openat(AT_FDCWD, \"/etc/ld.so.cache\", O_RDONLY|O_CLOEXEC) = 3\n");

	ev = sc_ev(&b, TL_EV_SYSCALL_EXIT, 8057, "openat", -2);
	args(ev, (uint64_t)-100, 0x1000, 0, 0, 0, 0);
	capt(ev, 1, TL_CAPT_STR, false, p2, sizeof(p2) - 1, sizeof(p2) - 1);
	expect1(&dflt, ev, "8057  openat(AT_FDCWD, \"/nonexist\", O_RDONLY) = -1 ENOENT (No such file or directory)\n");

	ev = sc_ev(&b, TL_EV_SYSCALL_EXIT, 8056, "openat", 3);
	args(ev, (uint64_t)-100, 0x1000, 01101, 0666, 0, 0);
	capt(ev, 1, TL_CAPT_STR, false, "/dev/null", 9, 9);
	expect1(&dflt, ev, "8056  openat(AT_FDCWD, \"/dev/null\", O_WRONLY|O_CREAT|O_TRUNC, 0666) = 3\n");

	/* every flag bit: the order strace prints them in */
	ev = sc_ev(&b, TL_EV_SYSCALL_EXIT, 1, "openat", -2);
	args(ev, (uint64_t)-100, 0x1000, 0xfffffffc, 0777, 0, 0);
	capt(ev, 1, TL_CAPT_STR, false, "/nonexist/x", 11, 11);
	expect1(&dflt, ev, "1     openat(AT_FDCWD, \"/nonexist/x\", O_RDONLY|O_CREAT|O_EXCL|O_NOCTTY|O_TRUNC|O_APPEND|O_NONBLOCK|O_SYNC|O_DIRECT|O_LARGEFILE|O_NOFOLLOW|O_NOATIME|O_CLOEXEC|O_PATH|O_TMPFILE|FASYNC|0xff80003c, 0777) = -1 ENOENT (No such file or directory)\n");

	ev = sc_ev(&b, TL_EV_SYSCALL_EXIT, 1, "openat", -2);
	args(ev, 5, 0x1000, 0x4000000, 0, 0, 0);
	capt(ev, 1, TL_CAPT_STR, false, "/nonexist/x", 11, 11);
	expect1(&dflt, ev, "1     openat(5, \"/nonexist/x\", O_RDONLY|0x4000000) = -1 ENOENT (No such file or directory)\n");

	ev = sc_ev(&b, TL_EV_SYSCALL_EXIT, 8056, "access", -2);
	args(ev, 0x1000, 4, 0, 0, 0, 0);
	capt(ev, 0, TL_CAPT_STR, false, "/etc/ld.so.preload", 18, 18);
	expect1(&dflt, ev, "8056  access(\"/etc/ld.so.preload\", R_OK) = -1 ENOENT (No such file or directory)\n");

	/* no capture: the pointer */
	ev = sc_ev(&b, TL_EV_SYSCALL_EXIT, 8056, "close", 0);
	args(ev, 3, 0, 0, 0, 0, 0);
	expect1(&dflt, ev, "8056  close(3)                          = 0\n");
}

static void test_escape(void)
{
	struct evb b;
	struct tl_event *ev;
	static const char w[] = "\0018\0017\0" "9\x7f" "1\xff" "a\033[0m\"\\\t\n";
	static const char d40[] = "0123456789012345678901234567890123456789";
	struct conv_opts o = dflt;

	ev = sc_ev(&b, TL_EV_SYSCALL_EXIT, 1, "write", 17);
	args(ev, 3, 0x1000, 17, 0, 0, 0);
	capt(ev, 1, TL_CAPT_BUF, false, w, 17, 17);
	expect1(&dflt, ev, "1     write(3, \"\\18\\0017\\09\\1771\\377a\\33[0m\\\"\\\\\\t\", 17) = 17\n");
	o.xflag = CONV_X_NONASCII;
	expect1(&o, ev, "1     write(3, \"\\x01\\x38\\x01\\x37\\x00\\x39\\x7f\\x31\\xff\\x61\\x1b\\x5b\\x30\\x6d\\x22\\x5c\\x09\", 17) = 17\n");

	ev = sc_ev(&b, TL_EV_SYSCALL_EXIT, 1, "write", 8);
	args(ev, 3, 0x1000, 8, 0, 0, 0);
	capt(ev, 1, TL_CAPT_BUF, false, "abc\tdef\n", 8, 8);
	expect1(&o, ev, "1     write(3, \"abc\\tdef\\n\", 8)         = 8\n");

	ev = sc_ev(&b, TL_EV_SYSCALL_EXIT, 1, "write", 40);
	args(ev, 3, 0x1000, 40, 0, 0, 0);
	capt(ev, 1, TL_CAPT_BUF, false, d40, 40, 40);
	expect1(&dflt, ev, "1     write(3, \"01234567890123456789012345678901\"..., 40) = 40\n");
	ev->args[2] = 32;
	ev->ret = 32;
	expect1(&dflt, ev, "1     write(3, \"01234567890123456789012345678901\", 32) = 32\n");
	o = dflt;
	o.snaplen = 3;
	ev = sc_ev(&b, TL_EV_SYSCALL_EXIT, 1, "write", 6);
	args(ev, 1, 0x1000, 6, 0, 0, 0);
	capt(ev, 1, TL_CAPT_BUF, false, "hello\n", 6, 6);
	expect1(&o, ev, "1     write(1, \"hel\"..., 6)             = 6\n");
	/* captured less than the call wrote (recorder snaplen) */
	ev = sc_ev(&b, TL_EV_SYSCALL_EXIT, 1, "write", 6);
	args(ev, 1, 0x1000, 6, 0, 0, 0);
	capt(ev, 1, TL_CAPT_BUF, false, "hel", 3, 6);
	b.capt[0].flags |= TL_CAPTF_TRUNC;
	expect1(&dflt, ev, "1     write(1, \"hel\"..., 6)             = 6\n");
}

static void test_read_buffers(void)
{
	struct evb b;
	struct tl_event *ev;
	static const unsigned char elf[64] = {
		0x7f, 'E', 'L', 'F', 2, 1, 1, 3, 0, 0, 0, 0, 0, 0, 0, 0,
		3, 0, '>', 0, 1, 0, 0, 0, 0x10, 't', 2, 0, 0, 0, 0, 0,
	};

	ev = sc_ev(&b, TL_EV_SYSCALL_EXIT, 8056, "read", 832);
	args(ev, 3, 0x7ffe0000, 832, 0, 0, 0);
	capt(ev, 1, TL_CAPT_BUF, true, elf, 64, 832);
	expect1(&dflt, ev, "8056  read(3, \"\\177ELF\\2\\1\\1\\3\\0\\0\\0\\0\\0\\0\\0\\0\\3\\0>\\0\\1\\0\\0\\0\\20t\\2\\0\\0\\0\\0\\0\"..., 832) = 832\n");
	/* failed read: the pointer */
	ev = sc_ev(&b, TL_EV_SYSCALL_EXIT, 7298, "read", -512);
	args(ev, 3, 0x7ffe2927c9c0, 10, 0, 0, 0);
	expect1(&dflt, ev, "7298  read(3, 0x7ffe2927c9c0, 10)       = ? ERESTARTSYS (To be restarted if SA_RESTART is set)\n");
	ev = sc_ev(&b, TL_EV_SYSCALL_EXIT, 8057, "read", 0);
	args(ev, 3, 0x1000, 4096, 0, 0, 0);
	capt(ev, 1, TL_CAPT_BUF, true, "", 0, 0);
	expect1(&dflt, ev, "8057  read(3, \"\", 4096)                 = 0\n");
}

static void test_structs(void)
{
	struct evb b;
	struct tl_event *ev;
	unsigned char st[144] = { 0 }, sa[16] = { 0 }, act[32] = { 0 };
	unsigned char rl[16], set[8];

	/* struct stat: st_mode at 24, st_rdev at 40, st_size at 48 */
	st[24] = 0xa4; st[25] = 0x81;			/* 0100644 */
	st[48] = 0x27; st[49] = 0xb7;			/* 46887 */
	ev = sc_ev(&b, TL_EV_SYSCALL_EXIT, 8056, "newfstatat", 0);
	args(ev, 3, 0x1000, 0x2000, 0x1000, 0, 0);
	capt(ev, 1, TL_CAPT_STR, false, "", 0, 0);
	capt(ev, 2, TL_CAPT_BUF, true, st, 144, 144);
	expect1(&dflt, ev, "8056  newfstatat(3, \"\", {st_mode=S_IFREG|0644, st_size=46887, ...}, AT_EMPTY_PATH) = 0\n");
	memset(st, 0, sizeof(st));
	st[24] = 0xb6; st[25] = 0x21;			/* 020666 */
	st[40] = 0x03; st[41] = 0x01;			/* makedev(1, 3) */
	ev->args[0] = (uint64_t)-100;
	b.capt[0].data = (const uint8_t *)"/dev/null";
	b.capt[0].len = b.capt[0].full_len = 9;
	ev->args[3] = 0;
	expect1(&dflt, ev, "8056  newfstatat(AT_FDCWD, \"/dev/null\", {st_mode=S_IFCHR|0666, st_rdev=makedev(0x1, 0x3), ...}, 0) = 0\n");
	memset(st, 0, sizeof(st));
	st[24] = 0xff; st[25] = 0x43;			/* 041777 */
	st[48] = 0x00; st[49] = 0x10;
	b.capt[0].data = (const uint8_t *)"/tmp";
	b.capt[0].len = b.capt[0].full_len = 4;
	expect1(&dflt, ev, "8056  newfstatat(AT_FDCWD, \"/tmp\", {st_mode=S_IFDIR|S_ISVTX|0777, st_size=4096, ...}, 0) = 0\n");
	/* failing stat: address */
	ev = sc_ev(&b, TL_EV_SYSCALL_EXIT, 8056, "newfstatat", -2);
	args(ev, (uint64_t)-100, 0x1000, 0x7ffee3eb7310, 0, 0, 0);
	capt(ev, 1, TL_CAPT_STR, false, "/usr/sbin/cat", 13, 13);
	expect1(&dflt, ev, "8056  newfstatat(AT_FDCWD, \"/usr/sbin/cat\", 0x7ffee3eb7310, 0) = -1 ENOENT (No such file or directory)\n");

	/* sockaddr_in */
	sa[0] = 2; sa[3] = 1; sa[4] = 127; sa[7] = 1;
	ev = sc_ev(&b, TL_EV_SYSCALL_EXIT, 10156, "connect", -111);
	args(ev, 3, 0x1000, 16, 0, 0, 0);
	capt(ev, 1, TL_CAPT_BUF, false, sa, 16, 16);
	expect1(&dflt, ev, "10156 connect(3, {sa_family=AF_INET, sin_port=htons(1), sin_addr=inet_addr(\"127.0.0.1\")}, 16) = -1 ECONNREFUSED (Connection refused)\n");
	ev->args[2] = 4;
	ev->ret = -22;
	expect1(&dflt, ev, "10156 connect(3, {sa_family=AF_INET, sa_data=\"\\0\\1\"}, 4) = -1 EINVAL (Invalid argument)\n");

	/* rt_sigaction: handler, flags, restorer, mask */
	act[0] = 1;					/* SIG_IGN */
	act[11] = 0x14;					/* SA_RESTORER|SA_RESTART */
	act[16] = 0x50; act[17] = 0x10; act[18] = 0x80; act[19] = 0x46;
	act[20] = 0x18; act[21] = 0x7f;			/* 0x7f1846801050 */
	act[24] = 0x02;					/* SIGINT */
	act[28] = 0x10;					/* signal 37 = RT_5 */
	ev = sc_ev(&b, TL_EV_SYSCALL_EXIT, 10156, "rt_sigaction", 0);
	args(ev, 13, 0x1000, 0, 8, 0, 0);
	capt(ev, 1, TL_CAPT_BUF, false, act, 32, 32);
	expect1(&dflt, ev, "10156 rt_sigaction(SIGPIPE, {sa_handler=SIG_IGN, sa_mask=[INT RT_5], sa_flags=SA_RESTORER|SA_RESTART, sa_restorer=0x7f1846801050}, NULL, 8) = 0\n");

	/* sigsets, complement form */
	memset(set, 0xff, 8);
	set[3] &= (unsigned char)~0x80;			/* RTMIN (32) */
	set[4] &= (unsigned char)~0x01;			/* RT_1 (33) */
	ev = sc_ev(&b, TL_EV_SYSCALL_EXIT, 8056, "rt_sigprocmask", 0);
	args(ev, 2, 0x1000, 0, 8, 0, 0);
	capt(ev, 1, TL_CAPT_BUF, false, set, 8, 8);
	expect1(&dflt, ev, "8056  rt_sigprocmask(SIG_SETMASK, ~[RTMIN RT_1], NULL, 8) = 0\n");

	/* prlimit64 */
	memset(rl, 0, sizeof(rl));
	rl[2] = 0x80;					/* 8 MiB */
	memset(rl + 8, 0xff, 8);
	ev = sc_ev(&b, TL_EV_SYSCALL_EXIT, 8056, "prlimit64", 0);
	args(ev, 0, 3, 0, 0x2000, 0, 0);
	capt(ev, 3, TL_CAPT_BUF, true, rl, 16, 16);
	expect1(&dflt, ev, "8056  prlimit64(0, RLIMIT_STACK, NULL, {rlim_cur=8192*1024, rlim_max=RLIM64_INFINITY}) = 0\n");
}

static void test_memory_process(void)
{
	struct evb b;
	struct tl_event *ev;
	static const char argvb[] = "cat\0/etc/hostname\0/nonexist";
	static const unsigned char rnd[8] = { 0x12, 0xd4, 0xe3, 0x3f, 0x50, 0x4a, 0xe9, 0x97 };

	ev = sc_ev(&b, TL_EV_SYSCALL_EXIT, 8056, "mmap", 0x7feadb0f4000);
	args(ev, 0x7feadb0f4000, 1400832, 5, 0x812, 3, 0x26000);
	expect1(&dflt, ev, "8056  mmap(0x7feadb0f4000, 1400832, PROT_READ|PROT_EXEC, MAP_PRIVATE|MAP_FIXED|MAP_DENYWRITE, 3, 0x26000) = 0x7feadb0f4000\n");
	ev = sc_ev(&b, TL_EV_SYSCALL_EXIT, 8056, "mmap", 0x7feadb2bc000);
	args(ev, 0, 8192, 3, 0x22, (uint64_t)-1, 0);
	expect1(&dflt, ev, "8056  mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7feadb2bc000\n");
	ev = sc_ev(&b, TL_EV_SYSCALL_EXIT, 8056, "brk", 0x56327fb1e000);
	args(ev, 0, 0, 0, 0, 0, 0);
	expect1(&dflt, ev, "8056  brk(NULL)                         = 0x56327fb1e000\n");
	ev = sc_ev(&b, TL_EV_SYSCALL_EXIT, 8056, "arch_prctl", 0);
	args(ev, 0x1002, 0x7feadb0cb740, 0, 0, 0, 0);
	expect1(&dflt, ev, "8056  arch_prctl(ARCH_SET_FS, 0x7feadb0cb740) = 0\n");
	ev = sc_ev(&b, TL_EV_SYSCALL_EXIT, 8056, "rseq", 0);
	args(ev, 0x7feadb0cc060, 0x20, 0, 0x53053053, 0, 0);
	expect1(&dflt, ev, "8056  rseq(0x7feadb0cc060, 0x20, 0, 0x53053053) = 0\n");
	ev = sc_ev(&b, TL_EV_SYSCALL_EXIT, 8056, "getrandom", 8);
	args(ev, 0x1000, 8, 1, 0, 0, 0);
	capt(ev, 0, TL_CAPT_BUF, true, rnd, 8, 8);
	expect1(&dflt, ev, "8056  getrandom(\"\\x12\\xd4\\xe3\\x3f\\x50\\x4a\\xe9\\x97\", 8, GRND_NONBLOCK) = 8\n");

	ev = sc_ev(&b, TL_EV_SYSCALL_EXIT, 8057, "execve", 0);
	args(ev, 0x1000, 0x2000, 0x56327fb1eb70, 0, 0, 0);
	capt(ev, 0, TL_CAPT_STR, false, "/usr/bin/cat", 12, 12);
	capt(ev, 1, TL_CAPT_ARGV, false, argvb, sizeof(argvb), 3);
	capt(ev, 2, TL_CAPT_COUNT, false, NULL, 0, 41);
	expect1(&dflt, ev, "8057  execve(\"/usr/bin/cat\", [\"cat\", \"/etc/hostname\", \"/nonexist\"], 0x56327fb1eb70 /* 41 vars */) = 0\n");

	ev = sc_ev(&b, TL_EV_SYSCALL_EXIT, 10156, "clone", 10157);
	args(ev, 0x1200011, 0, 0, 0x7f18467c2a10, 0, 0);
	expect1(&dflt, ev, "10156 clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f18467c2a10) = 10157\n");

	ev = sc_ev(&b, TL_EV_SYSCALL_EXIT, 10156, "syscall_0x4cf", -38);
	ev->sc = NULL;
	ev->name = "syscall_0x4cf";
	args(ev, 1, 2, 0x7f18468c6829, 0, 0, 0);
	expect1(&dflt, ev, "10156 syscall_0x4cf(0x1, 0x2, 0x7f18468c6829, 0, 0, 0) = -1 ENOSYS (Function not implemented)\n");
}

static void test_interleave(void)
{
	struct evb e1, e2, e3, e4, e5, e6, e7, e8, e9, e10;
	static const char argvb[] = "cat\0/etc/hostname\0/nonexist";
	unsigned char empty[8] = { 0 }, most[8];
	unsigned char ws[4] = { 0x00, 0x01, 0, 0 };	/* exited with 1 */
	const struct tl_event *evs[10];
	struct tl_event *ev;
	char *out;

	memset(most, 0xff, 8);
	most[1] &= (unsigned char)~0x01;	/* KILL (9) */
	most[2] &= (unsigned char)~0x04;	/* STOP (19) */
	most[3] &= (unsigned char)~0x80;	/* RTMIN */
	most[4] &= (unsigned char)~0x01;	/* RT_1 */

	ev = sc_ev(&e1, TL_EV_SYSCALL_ENTER, 8056, "vfork", 0);
	evs[0] = ev;
	ev = sc_ev(&e2, TL_EV_SYSCALL_ENTER, 8057, "rt_sigprocmask", 0);
	args(ev, 2, 0x1000, 0x2000, 8, 0, 0);
	capt(ev, 1, TL_CAPT_BUF, false, empty, 8, 8);
	evs[1] = ev;
	ev = sc_ev(&e3, TL_EV_SYSCALL_EXIT, 8057, "rt_sigprocmask", 0);
	args(ev, 2, 0x1000, 0x2000, 8, 0, 0);
	capt(ev, 1, TL_CAPT_BUF, false, empty, 8, 8);
	capt(ev, 2, TL_CAPT_BUF, true, most, 8, 8);
	evs[2] = ev;
	ev = sc_ev(&e4, TL_EV_SYSCALL_ENTER, 8057, "execve", 0);
	args(ev, 0x1000, 0x2000, 0x56327fb1eb70, 0, 0, 0);
	capt(ev, 0, TL_CAPT_STR, false, "/usr/bin/cat", 12, 12);
	capt(ev, 1, TL_CAPT_ARGV, false, argvb, sizeof(argvb), 3);
	capt(ev, 2, TL_CAPT_COUNT, false, NULL, 0, 41);
	evs[3] = ev;
	ev = sc_ev(&e5, TL_EV_SYSCALL_EXIT, 8056, "vfork", 8057);
	evs[4] = ev;
	ev = sc_ev(&e6, TL_EV_SYSCALL_ENTER, 8056, "wait4", 0);
	args(ev, (uint64_t)-1, 0x7ffee3eb729c, 0, 0, 0, 0);
	evs[5] = ev;
	ev = sc_ev(&e7, TL_EV_SYSCALL_EXIT, 8057, "execve", 0);
	args(ev, 0x1000, 0x2000, 0x56327fb1eb70, 0, 0, 0);
	evs[6] = ev;
	ev = sc_ev(&e8, TL_EV_SYSCALL_EXIT, 8057, "exit_group", 0);
	args(ev, 1, 0, 0, 0, 0, 0);
	ev->flags = TL_EVF_HAS_ENTER | TL_EVF_NORETURN;
	evs[7] = ev;
	ev = &e9.ev;
	memset(&e9, 0, sizeof(e9));
	ev->type = TL_EV_EXIT;
	ev->tid = ev->pid = 8057;
	ev->exit_code = 0x100;
	evs[8] = ev;
	ev = sc_ev(&e10, TL_EV_SYSCALL_EXIT, 8056, "wait4", 8057);
	args(ev, (uint64_t)-1, 0x7ffee3eb729c, 0, 0, 0, 0);
	capt(ev, 1, TL_CAPT_BUF, true, ws, 4, 4);
	evs[9] = ev;
	out = run(&dflt, evs, 10);
	ASSERT_STREQ(out,
"8056  vfork( <unfinished ...>\n"
"8057  rt_sigprocmask(SIG_SETMASK, [], ~[KILL STOP RTMIN RT_1], 8) = 0\n"
"8057  execve(\"/usr/bin/cat\", [\"cat\", \"/etc/hostname\", \"/nonexist\"], 0x56327fb1eb70 /* 41 vars */ <unfinished ...>\n"
"8056  <... vfork resumed>)              = 8057\n"
"8056  wait4(-1,  <unfinished ...>\n"
"8057  <... execve resumed>)             = 0\n"
"8057  exit_group(1)                     = ?\n"
"8057  +++ exited with 1 +++\n"
"8056  <... wait4 resumed>[{WIFEXITED(s) && WEXITSTATUS(s) == 1}], 0, NULL) = 8057\n",
		      "interleaved lines");
	free(out);
}

/*
 * An input the recorder read again at exit (its page was not present at
 * entry: here a literal in .rodata written to a pipe). strace reads it at
 * entry; the line shows the data when the exit follows at once, and the
 * pointer when another thread's line cut the call in two.
 */
static void test_retried_input(void)
{
	struct evb e1, e2, e3, e4, e5, e6;
	const struct tl_event *evs[6];
	struct tl_event *ev;
	char *out;

	ev = sc_ev(&e1, TL_EV_SYSCALL_ENTER, 10013, "write", 0);
	args(ev, 4, 0x55a1334c5004, 1, 0, 0, 0);
	evs[0] = ev;
	ev = sc_ev(&e2, TL_EV_SYSCALL_EXIT, 10013, "write", 1);
	args(ev, 4, 0x55a1334c5004, 1, 0, 0, 0);
	capt(ev, 1, TL_CAPT_BUF, true, "x", 1, 1);
	evs[1] = ev;
	ev = sc_ev(&e3, TL_EV_SYSCALL_ENTER, 10013, "openat", 0);
	args(ev, (uint64_t)-100, 0x55a1334c5010, 0, 0, 0, 0);
	evs[2] = ev;
	ev = sc_ev(&e4, TL_EV_SYSCALL_ENTER, 10014, "getppid", 0);
	evs[3] = ev;
	ev = sc_ev(&e5, TL_EV_SYSCALL_EXIT, 10014, "getppid", 10013);
	evs[4] = ev;
	ev = sc_ev(&e6, TL_EV_SYSCALL_EXIT, 10013, "openat", -2);
	args(ev, (uint64_t)-100, 0x55a1334c5010, 0, 0, 0, 0);
	capt(ev, 1, TL_CAPT_STR, true, "/nonexistent", 12, 12);
	evs[5] = ev;
	out = run(&dflt, evs, 6);
	ASSERT_STREQ(out,
"10013 write(4, \"x\", 1)                  = 1\n"
"10013 openat(AT_FDCWD, 0x55a1334c5010, O_RDONLY <unfinished ...>\n"
"10014 getppid()                         = 10013\n"
"10013 <... openat resumed>)             = -1 ENOENT (No such file or directory)\n",
		      "retried input");
	free(out);
}

/* select's results: the sets left non-empty and the time left, read at
 * exit (strace 6.1's text for the same calls). */
static void test_select_results(void)
{
	static const uint8_t in34[8] = { 0x18 }, in3[8] = { 0x08 };
	static const uint8_t out4[8] = { 0x10 }, none[8] = { 0 };
	static const uint8_t ts5[16] = { 0, 0, 0, 0, 0, 0, 0, 0,
					 0x40, 0x4b, 0x4c, 0 };	/* 5000000 */
	static const uint8_t left[16] = { 0, 0, 0, 0, 0, 0, 0, 0,
					  0x9a, 0x4a, 0x4c, 0 };	/* 4999834 */
	static const uint8_t pack[16] = { 0, 0, 0, 0, 0, 0, 0, 0, 8 };
	struct evb b;
	struct tl_event *ev;

	ev = sc_ev(&b, TL_EV_SYSCALL_EXIT, 3554, "pselect6", 2);
	args(ev, 5, 0x7ffd1000, 0x7ffd1080, 0, 0x7ffd1100, 0x7ffd1180);
	capt(ev, 1, TL_CAPT_BUF, false, in34, 8, 8);
	capt(ev, 2, TL_CAPT_BUF, false, out4, 8, 8);
	capt(ev, 4, TL_CAPT_BUF, false, ts5, 16, 16);
	capt(ev, 5, TL_CAPT_BUF, false, pack, 16, 16);
	capt(ev, 1, TL_CAPT_BUF, true, in3, 8, 8);
	capt(ev, 2, TL_CAPT_BUF, true, out4, 8, 8);
	capt(ev, 4, TL_CAPT_BUF, true, left, 16, 16);
	expect1(&dflt, ev,
"3554  pselect6(5, [3 4], [4], NULL, {tv_sec=0, tv_nsec=5000000}, {sigmask=NULL, sigsetsize=8}) = 2 (in [3], out [4], left {tv_sec=0, tv_nsec=4999834})\n");
	/* no timeout; a set the call emptied is not listed */
	ev = sc_ev(&b, TL_EV_SYSCALL_EXIT, 3554, "pselect6", 1);
	args(ev, 5, 0x7ffd1000, 0x7ffd1080, 0, 0, 0);
	capt(ev, 1, TL_CAPT_BUF, false, in34, 8, 8);
	capt(ev, 2, TL_CAPT_BUF, false, out4, 8, 8);
	capt(ev, 1, TL_CAPT_BUF, true, in3, 8, 8);
	capt(ev, 2, TL_CAPT_BUF, true, none, 8, 8);
	expect1(&dflt, ev,
"3554  pselect6(5, [3 4], [4], NULL, NULL, NULL) = 1 (in [3])\n");
	/* a file recorded without the exit captures: the count alone */
	ev = sc_ev(&b, TL_EV_SYSCALL_EXIT, 3554, "pselect6", 1);
	args(ev, 5, 0x7ffd1000, 0, 0, 0, 0);
	capt(ev, 1, TL_CAPT_BUF, false, in34, 8, 8);
	expect1(&dflt, ev,
"3554  pselect6(5, [3 4], NULL, NULL, NULL, NULL) = 1\n");
}

static void test_deaths(void)
{
	struct evb e1, e2, e3, e4;
	const struct tl_event *evs[4];
	struct tl_event *ev;
	char *out;

	ev = sc_ev(&e1, TL_EV_SYSCALL_ENTER, 10158, "kill", 0);
	args(ev, 10158, 9, 0, 0, 0, 0);
	evs[0] = ev;
	ev = sc_ev(&e2, TL_EV_SYSCALL_EXIT, 10158, "kill", 0);
	args(ev, 10158, 9, 0, 0, 0, 0);
	ev->flags = TL_EVF_HAS_ENTER | TL_EVF_NORETURN;
	evs[1] = ev;
	memset(&e3, 0, sizeof(e3));
	e3.ev.type = TL_EV_EXIT;
	e3.ev.tid = e3.ev.pid = 10158;
	e3.ev.exit_code = 9;
	evs[2] = &e3.ev;
	memset(&e4, 0, sizeof(e4));
	e4.ev.type = TL_EV_EXIT;
	e4.ev.tid = e4.ev.pid = 7311;
	e4.ev.exit_code = 0x8b;			/* SIGSEGV, core */
	evs[3] = &e4.ev;
	out = run(&dflt, evs, 4);
	ASSERT_STREQ(out,
"10158 kill(10158, SIGKILL)              = ?\n"
"10158 +++ killed by SIGKILL +++\n"
"7311  +++ killed by SIGSEGV (core dumped) +++\n", "deaths");
	free(out);

	/* a read cut by death: strace's " <unfinished ...>)" */
	ev = sc_ev(&e1, TL_EV_SYSCALL_ENTER, 5, "read", 0);
	args(ev, 0, 0x1000, 10, 0, 0, 0);
	evs[0] = ev;
	ev = sc_ev(&e2, TL_EV_SYSCALL_EXIT, 5, "read", 0);
	args(ev, 0, 0x1000, 10, 0, 0, 0);
	ev->flags = TL_EVF_HAS_ENTER | TL_EVF_NORETURN;
	evs[1] = ev;
	out = run(&dflt, evs, 2);
	ASSERT_STREQ(out, "5     read(0,  <unfinished ...>)        = ?\n", "read killed");
	free(out);
}

static void test_options(void)
{
	struct evb b;
	struct tl_event *ev;
	struct conv_opts o = dflt;

	ev = sc_ev(&b, TL_EV_SYSCALL_EXIT, 7298, "alarm", 0);
	args(ev, 1, 0, 0, 0, 0, 0);
	ev->wall_ns = 1795373506194822000ll;
	ev->enter_ts = 1000;
	ev->exit_ts = 1000 + 22000;
	o.time_fmt = CONV_TIME_TTT;
	o.show_dur = true;
	expect1(&o, ev, "7298  1795373506.194822 alarm(1)        = 0 <0.000022>\n");
	o.time_fmt = CONV_TIME_REL;
	o.show_dur = false;
	expect1(&o, ev, "7298       0.000000 alarm(1)            = 0\n");

	o = dflt;
	ev = sc_ev(&b, TL_EV_SYSCALL_EXIT, 1, "openat", 3);
	args(ev, (uint64_t)-100, 0x1000, 02000000, 0, 0, 0);
	capt(ev, 1, TL_CAPT_STR, false, "/x", 2, 2);
	o.xstyle = CONV_XS_RAW;
	expect1(&o, ev, "1     openat(-100, \"/x\", 0x80000)       = 3\n");
	o.xstyle = CONV_XS_VERBOSE;
	expect1(&o, ev, "1     openat(-100 /* AT_FDCWD */, \"/x\", 0x80000 /* O_RDONLY|O_CLOEXEC */) = 3\n");
	o.xstyle = CONV_XS_ABBREV;
	o.xflag = CONV_X_ALL;
	expect1(&o, ev, "1     openat(AT_FDCWD, \"\\x2f\\x78\", O_RDONLY|O_CLOEXEC) = 3\n");
}

static void test_i386(void)
{
	const struct tl_systable *t32 = tl_systable_builtin(TL_ABI_I386);
	unsigned char st[96] = { 0 };
	struct evb b;
	struct tl_event *ev;

	if (!ASSERT_NONNULL(t32, "i386 table"))
		return;
	/* struct stat64: st_mode at 16, st_size at 44 */
	st[16] = 0xa4; st[17] = 0x81;
	st[44] = 0x27; st[45] = 0xb7;
	ev = sc_ev(&b, TL_EV_SYSCALL_EXIT, 42, "fstat64", 0);
	ev->abi = TL_ABI_I386;
	ev->sc = tl_systable__find(t32, "fstat64");
	if (!ASSERT_NONNULL(ev->sc, "fstat64 in the i386 table"))
		return;
	ev->name = ev->sc->name;
	args(ev, 3, 0xffd01234, 0, 0, 0, 0);
	capt(ev, 1, TL_CAPT_BUF, true, st, 96, 96);
	expect1(&dflt, ev, "42    fstat64(3, {st_mode=S_IFREG|0644, st_size=46887, ...}) = 0\n");
	/* 32-bit registers: -1 is 0xffffffff */
	ev = sc_ev(&b, TL_EV_SYSCALL_EXIT, 42, "close", -9);
	ev->abi = TL_ABI_I386;
	ev->sc = tl_systable__find(t32, "close");
	ev->name = ev->sc->name;
	args(ev, 0xffffffff, 0, 0, 0, 0, 0);
	ev->ret = 0xfffffff7;
	expect1(&dflt, ev, "42    close(-1)                         = -1 EBADF (Bad file descriptor)\n");
}

static void test_lost(void)
{
	struct evb b;

	memset(&b, 0, sizeof(b));
	b.ev.type = TL_EV_LOST;
	b.ev.lost = 12;
	b.ev.cpu = 1;
	b.ev.lost_kind = TL_LOST_GAP;
	expect1(&dflt, &b.ev, "0     --- lost 12 records on cpu 1 ---\n");
}
/* ioctl's argument, read at exit (results) or at enter (values passed)
 * by request; the failing TIOCGWINSZ has no capture: the pointer */
static void test_ioctl(void)
{
	struct evb b;
	struct tl_event *ev;
	static const unsigned char one[4] = { 1, 0, 0, 0 };
	static const unsigned char ws[8] = { 24, 0, 80, 0, 0, 0, 0, 0 };

	ev = sc_ev(&b, TL_EV_SYSCALL_EXIT, 8056, "ioctl", 0);
	args(ev, 3, 0x541b, 0x7ffe84fc4ca0, 0, 0, 0);
	capt(ev, 2, TL_CAPT_BUF, true, one, 4, 4);
	expect1(&dflt, ev, "8056  ioctl(3, FIONREAD, [1])           = 0\n");

	ev = sc_ev(&b, TL_EV_SYSCALL_EXIT, 8056, "ioctl", 0);
	args(ev, 1, 0x5413, 0x7ffe84fc4cb0, 0, 0, 0);
	capt(ev, 2, TL_CAPT_BUF, true, ws, 8, 8);
	expect1(&dflt, ev, "8056  ioctl(1, TIOCGWINSZ, {ws_row=24, ws_col=80, ws_xpixel=0, ws_ypixel=0}) = 0\n");

	ev = sc_ev(&b, TL_EV_SYSCALL_EXIT, 8056, "ioctl", 0);
	args(ev, 3, 0x5421, 0x7ffe84fc4ca8, 0, 0, 0);
	capt(ev, 2, TL_CAPT_BUF, false, one, 4, 4);
	expect1(&dflt, ev, "8056  ioctl(3, FIONBIO, [1])            = 0\n");

	/* a value passed is printed even when the call failed */
	ev = sc_ev(&b, TL_EV_SYSCALL_EXIT, 8056, "ioctl", -25);
	args(ev, 3, 0x5414, 0x7ffe84fc4cb0, 0, 0, 0);
	capt(ev, 2, TL_CAPT_BUF, false, ws, 8, 8);
	expect1(&dflt, ev, "8056  ioctl(3, TIOCSWINSZ, {ws_row=24, ws_col=80, ws_xpixel=0, ws_ypixel=0}) = -1 ENOTTY (Inappropriate ioctl for device)\n");

	ev = sc_ev(&b, TL_EV_SYSCALL_EXIT, 8056, "ioctl", -25);
	args(ev, 1, 0x5413, 0x7ffe84fc4cb0, 0, 0, 0);
	expect1(&dflt, ev, "8056  ioctl(1, TIOCGWINSZ, 0x7ffe84fc4cb0) = -1 ENOTTY (Inappropriate ioctl for device)\n");

	/* a file recorded before the capture existed: the pointer */
	ev = sc_ev(&b, TL_EV_SYSCALL_EXIT, 8056, "ioctl", 0);
	args(ev, 3, 0x5421, 0x7ffe84fc4ca8, 0, 0, 0);
	expect1(&dflt, ev, "8056  ioctl(3, FIONBIO, 0x7ffe84fc4ca8) = 0\n");
}

int main(void)
{
	tab = tl_systable_builtin(TL_ABI_X86_64);
	if (!ASSERT_NONNULL(tab, "x86_64 table"))
		return 1;
	RUN_TEST(test_open_family);
	RUN_TEST(test_escape);
	RUN_TEST(test_read_buffers);
	RUN_TEST(test_structs);
	RUN_TEST(test_memory_process);
	RUN_TEST(test_interleave);
	RUN_TEST(test_retried_input);
	RUN_TEST(test_select_results);
	RUN_TEST(test_deaths);
	RUN_TEST(test_options);
	RUN_TEST(test_i386);
	RUN_TEST(test_lost);
	RUN_TEST(test_ioctl);
	return TEST_EXIT();
}
