/* SPDX-License-Identifier: MIT */
/*
 * systable_test.c - the compiled-in syscall tables against the uapi
 * headers (numbers and names, at compile time and, where the headers are
 * installed, every entry at run time), their invariants, the argument
 * kinds of the hand-annotated syscalls, x86_64 struct sizes against
 * sizeof(), and the errno/signal names and messages against glibc.
 * i386 struct sizes: systable32_test.c.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/types.h>
#if __has_include(<asm/unistd_64.h>)
#include <asm/unistd_64.h>
#endif

#include "systable.h"
#include "systable_hdr.h"
#include "test.h"
#include "tl_record.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

static const int abis[] = { TL_ABI_X86_64, TL_ABI_I386, TL_ABI_AARCH64 };

static const struct tl_syscall *sc(int abi, const char *name)
{
	return tl_systable__find(tl_systable_builtin(abi), name);
}

static const struct tl_sysarg *arg(int abi, const char *name, int i)
{
	const struct tl_syscall *s = sc(abi, name);

	if (!s || i >= s->nargs) {
		fprintf(stderr, "no argument %d of %s in ABI %d\n", i, name, abi);
		return NULL;
	}
	return &s->args[i];
}

static void test_builtin(void)
{
	const struct tl_systable *t;

	t = tl_systable_builtin(TL_ABI_X86_64);
	if (ASSERT_NONNULL(t, "x86_64")) {
		ASSERT_EQ(t->abi, TL_ABI_X86_64, "abi");
		ASSERT_STREQ(t->arch, "x86_64", "arch");
	}
	t = tl_systable_builtin(TL_ABI_I386);
	if (ASSERT_NONNULL(t, "i386")) {
		ASSERT_EQ(t->abi, TL_ABI_I386, "abi");
		ASSERT_STREQ(t->arch, "i386", "arch");
	}
	t = tl_systable_builtin(TL_ABI_AARCH64);
	if (ASSERT_NONNULL(t, "aarch64")) {
		ASSERT_EQ(t->abi, TL_ABI_AARCH64, "abi");
		ASSERT_STREQ(t->arch, "aarch64", "arch");
	}
	ASSERT_TRUE(tl_systable_builtin(TL_ABI_UNKNOWN) == NULL, "unknown");
	ASSERT_TRUE(tl_systable_builtin(TL_ABI_X32) == NULL, "x32");
	ASSERT_TRUE(tl_systable_builtin(TL_ABI_ARM) == NULL, "arm");
	ASSERT_TRUE(tl_systable_builtin(-1) == NULL, "-1");
	ASSERT_TRUE(tl_systable_builtin(99) == NULL, "99");
}

/* Sorted, unique numbers and names, valid kinds, a consistent index, and
 * lookups that find every entry and nothing in the gaps. */
static void test_invariants(void)
{
	size_t a;

	for (a = 0; a < ARRAY_LEN(abis); a++) {
		const struct tl_systable *t = tl_systable_builtin(abis[a]);
		uint32_t i, j, holes = 0, nr;

		if (!ASSERT_NONNULL(t, "table"))
			continue;
		ASSERT_OK(tl_systable__validate(t), t->arch);
		ASSERT_TRUE(t->count > 300, "at least 300 syscalls");
		ASSERT_NONNULL(t->by_nr, "index");
		ASSERT_EQ(t->nr_max, t->calls[t->count - 1].nr, "nr_max");
		for (i = 0; i < t->count; i++) {
			const struct tl_syscall *s = &t->calls[i];

			if (i)
				ASSERT_TRUE(s->nr > t->calls[i - 1].nr, "sorted");
			ASSERT_TRUE(s->name && s->name[0], "name");
			ASSERT_TRUE(s->nargs <= 6, "nargs");
			ASSERT_TRUE(tl_systable__lookup(t, s->nr) == s, s->name);
			ASSERT_TRUE(tl_systable__find(t, s->name) == s, s->name);
			for (j = 0; j < i; j++)
				if (strcmp(t->calls[j].name, s->name) == 0)
					ASSERT_TRUE(0, s->name);
			for (j = 0; j < s->nargs; j++) {
				const struct tl_sysarg *g = &s->args[j];
				unsigned k = g->kind;

				ASSERT_TRUE(g->name && g->name[0], "arg name");
				ASSERT_TRUE(g->type && g->type[0], "arg type");
				ASSERT_TRUE(k < TL_ARG_KIND_MAX, "kind");
				if (k == TL_ARG_STRUCT_IN || k == TL_ARG_STRUCT_OUT ||
				    k == TL_ARG_ARRAY_IN || k == TL_ARG_ARRAY_OUT ||
				    k == TL_ARG_ARRAY_INOUT || k == TL_ARG_STRUCT_INOUT)
					ASSERT_TRUE(g->size > 0, s->name);
				else
					ASSERT_EQ(g->size, 0, s->name);
				if (k == TL_ARG_BUF_IN || k == TL_ARG_SOCKADDR_IN ||
				    k == TL_ARG_SOCKADDR_OUT || k == TL_ARG_IOV_IN ||
				    k == TL_ARG_IOV_OUT || k == TL_ARG_ARRAY_IN ||
				    k == TL_ARG_ARRAY_INOUT || k == TL_ARG_BUF_OUT_PLEN ||
				    k == TL_ARG_FDSET_INOUT)
					ASSERT_TRUE(g->len_arg >= 0 && g->len_arg < s->nargs,
						    s->name);
				if (g->fmt)
					ASSERT_TRUE(k == TL_ARG_FLAGS || k == TL_ARG_ENUM,
						    s->name);
			}
		}
		for (nr = 0; nr <= t->nr_max + 10; nr++) {
			const struct tl_syscall *s = tl_systable__lookup(t, nr);

			if (!s) {
				holes++;
				continue;
			}
			ASSERT_EQ(s->nr, nr, "lookup nr");
		}
		ASSERT_EQ(holes + t->count, t->nr_max + 11, "holes");
		ASSERT_TRUE(tl_systable__lookup(t, 100000) == NULL, "huge nr");
		ASSERT_TRUE(tl_systable__find(t, "no_such_call") == NULL, "find");
		ASSERT_TRUE(tl_systable__find(t, NULL) == NULL, "find NULL");
	}
	ASSERT_TRUE(tl_systable__lookup(NULL, 0) == NULL, "NULL table");
	/* gaps every table has */
	ASSERT_TRUE(tl_systable__lookup(tl_systable_builtin(TL_ABI_X86_64), 400) == NULL,
		    "x86_64 400 unused");
	ASSERT_TRUE(tl_systable__lookup(tl_systable_builtin(TL_ABI_I386), 222) == NULL,
		    "i386 222 unused");
	ASSERT_TRUE(tl_systable__lookup(tl_systable_builtin(TL_ABI_AARCH64), 300) == NULL,
		    "aarch64 300 unused");
}

/* Compile-time numbers from <asm/unistd_64.h> (x86_64 hosts). */
#if defined(__NR_newfstatat) && defined(__NR_arch_prctl)
#define N64(n) { #n, __NR_##n }
static const struct tl_test_nr nr_x86_64[] = {
	N64(read), N64(write), N64(open), N64(close), N64(stat), N64(fstat),
	N64(lstat), N64(poll), N64(lseek), N64(mmap), N64(mprotect),
	N64(munmap), N64(brk), N64(rt_sigaction), N64(rt_sigprocmask),
	N64(rt_sigreturn), N64(ioctl), N64(pread64), N64(writev),
	N64(access), N64(pipe), N64(select), N64(dup2), N64(getpid),
	N64(sendfile), N64(socket), N64(connect), N64(accept), N64(sendto),
	N64(recvfrom), N64(clone), N64(fork), N64(vfork), N64(execve),
	N64(exit), N64(wait4), N64(kill), N64(uname), N64(fcntl),
	N64(getdents), N64(getcwd), N64(readlink), N64(umask), N64(getuid),
	N64(arch_prctl), N64(umount2), N64(gettid), N64(futex),
	N64(getdents64), N64(set_tid_address), N64(clock_gettime),
	N64(exit_group), N64(epoll_wait), N64(tgkill), N64(openat),
	N64(newfstatat), N64(pselect6), N64(ppoll), N64(set_robust_list),
	N64(pipe2), N64(prlimit64), N64(getrandom), N64(execveat),
	N64(statx), N64(rseq), N64(pidfd_send_signal), N64(clone3),
	N64(close_range), N64(openat2), N64(faccessat2),
	N64(set_mempolicy_home_node),
};
#define NR_X86_64_COUNT ARRAY_LEN(nr_x86_64)
#else
static const struct tl_test_nr nr_x86_64[1];
#define NR_X86_64_COUNT 0
#endif

static void check_numbers(int abi, const struct tl_test_nr *list, size_t n)
{
	const struct tl_systable *t = tl_systable_builtin(abi);
	size_t i;

	if (n == 0) {
		fprintf(stderr, "note: no headers for ABI %d on this host\n", abi);
		return;
	}
	ASSERT_TRUE(n >= 40, "at least 40 names checked");
	for (i = 0; i < n; i++) {
		const struct tl_syscall *s = tl_systable__find(t, list[i].name);

		if (!ASSERT_NONNULL(s, list[i].name))
			continue;
		ASSERT_EQ(s->nr, list[i].nr, list[i].name);
		s = tl_systable__lookup(t, (unsigned)list[i].nr);
		if (ASSERT_NONNULL(s, list[i].name))
			ASSERT_STREQ(s->name, list[i].name, "name by number");
	}
}

static void test_numbers_compile_time(void)
{
	check_numbers(TL_ABI_X86_64, nr_x86_64, NR_X86_64_COUNT);
	check_numbers(TL_ABI_I386, tl_test_nr_i386, tl_test_nr_i386_count);
	check_numbers(TL_ABI_AARCH64, tl_test_nr_aarch64, tl_test_nr_aarch64_count);
}

/* Every "#define __NR_name nr" of an installed header must be in the
 * table with that number. Returns the number of entries checked. */
static int check_header(int abi, const char *path)
{
	const struct tl_systable *t = tl_systable_builtin(abi);
	char line[256], name[128];
	int nr, n = 0;
	FILE *f = fopen(path, "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		const struct tl_syscall *s;

		if (sscanf(line, "#define __NR_%127s %d", name, &nr) != 2)
			continue;
		n++;
		s = tl_systable__lookup(t, (unsigned)nr);
		if (!ASSERT_NONNULL(s, name))
			continue;
		ASSERT_STREQ(s->name, name, path);
	}
	fclose(f);
	return n;
}

static void test_numbers_headers(void)
{
	int n;

	n = check_header(TL_ABI_X86_64, "/usr/include/x86_64-linux-gnu/asm/unistd_64.h");
	if (n < 0)
		fprintf(stderr, "note: unistd_64.h not installed, run-time check skipped\n");
	else
		ASSERT_TRUE(n >= 360, "unistd_64.h entries");
	n = check_header(TL_ABI_I386, "/usr/include/x86_64-linux-gnu/asm/unistd_32.h");
	if (n < 0)
		fprintf(stderr, "note: unistd_32.h not installed, run-time check skipped\n");
	else
		ASSERT_TRUE(n >= 440, "unistd_32.h entries");
}

/* The same name means different numbers per ABI (issue 2: "i386 read is
 * 3, not close"). */
static void test_abi_numbers(void)
{
	const struct tl_syscall *s;

	ASSERT_EQ(sc(TL_ABI_X86_64, "read")->nr, 0, "x86_64 read");
	ASSERT_EQ(sc(TL_ABI_I386, "read")->nr, 3, "i386 read");
	ASSERT_EQ(sc(TL_ABI_AARCH64, "read")->nr, 63, "aarch64 read");
	s = tl_systable__lookup(tl_systable_builtin(TL_ABI_I386), 3);
	ASSERT_STREQ(s ? s->name : NULL, "read", "i386 3");
	s = tl_systable__lookup(tl_systable_builtin(TL_ABI_X86_64), 3);
	ASSERT_STREQ(s ? s->name : NULL, "close", "x86_64 3");
	s = tl_systable__lookup(tl_systable_builtin(TL_ABI_AARCH64), 56);
	ASSERT_STREQ(s ? s->name : NULL, "openat", "aarch64 56");
	/* aarch64 has no legacy calls */
	ASSERT_TRUE(sc(TL_ABI_AARCH64, "open") == NULL, "aarch64 open");
	ASSERT_TRUE(sc(TL_ABI_AARCH64, "fork") == NULL, "aarch64 fork");
	ASSERT_TRUE(sc(TL_ABI_AARCH64, "fcntl64") == NULL, "aarch64 fcntl64");
	ASSERT_TRUE(sc(TL_ABI_AARCH64, "clock_gettime64") == NULL, "no time64");
	ASSERT_NONNULL(sc(TL_ABI_AARCH64, "renameat"), "aarch64 renameat");
	ASSERT_NONNULL(sc(TL_ABI_AARCH64, "getrlimit"), "aarch64 getrlimit");
	ASSERT_NONNULL(sc(TL_ABI_AARCH64, "memfd_secret"), "aarch64 memfd_secret");
	/* newer than the 6.1 headers, from the annotations */
	ASSERT_EQ(sc(TL_ABI_X86_64, "mseal")->nr, 462, "mseal");
	ASSERT_EQ(sc(TL_ABI_I386, "mseal")->nr, 462, "mseal");
	ASSERT_EQ(sc(TL_ABI_AARCH64, "fchmodat2")->nr, 452, "fchmodat2");
	ASSERT_EQ(sc(TL_ABI_X86_64, "uretprobe")->nr, 335, "uretprobe");
	ASSERT_TRUE(sc(TL_ABI_I386, "uretprobe") == NULL, "i386 uretprobe");
}

/* expect(abi, syscall, arg index, name, kind, len_arg, size, fmt) */
static void expect(int abi, const char *call, int i, const char *name,
		   int kind, int len_arg, int size, const char *fmt)
{
	const struct tl_sysarg *a = arg(abi, call, i);
	char what[128];

	snprintf(what, sizeof(what), "%s.%s (abi %d)", call, name, abi);
	if (!ASSERT_NONNULL(a, what))
		return;
	ASSERT_STREQ(a->name, name, what);
	ASSERT_EQ(a->kind, kind, what);
	ASSERT_EQ(a->len_arg, len_arg, what);
	if (size >= 0)
		ASSERT_EQ(a->size, size, what);
	if (fmt)
		ASSERT_STREQ(a->fmt, fmt, what);
	else
		ASSERT_TRUE(a->fmt == NULL, what);
}

static void test_kinds_everyday(void)
{
	size_t k;

	for (k = 0; k < ARRAY_LEN(abis); k++) {
		int a = abis[k];

		ASSERT_EQ(sc(a, "openat")->nargs, 4, "openat nargs");
		expect(a, "openat", 0, "dfd", TL_ARG_DIRFD, -1, 0, NULL);
		expect(a, "openat", 1, "filename", TL_ARG_PATH, -1, 0, NULL);
		expect(a, "openat", 2, "flags", TL_ARG_FLAGS, -1, 0, "open_flags");
		expect(a, "openat", 3, "mode", TL_ARG_MODE, -1, 0, NULL);
		expect(a, "read", 0, "fd", TL_ARG_FD, -1, 0, NULL);
		expect(a, "read", 1, "buf", TL_ARG_BUF_OUT, 2, 0, NULL);
		expect(a, "write", 1, "buf", TL_ARG_BUF_IN, 2, 0, NULL);
		expect(a, "pread64", 1, "buf", TL_ARG_BUF_OUT, 2, 0, NULL);
		expect(a, "readlinkat", 2, "buf", TL_ARG_BUF_OUT, 3, 0, NULL);
		expect(a, "getcwd", 0, "buf", TL_ARG_STR_OUT, 1, 0, NULL);
		expect(a, "statx", 1, "filename", TL_ARG_PATH, -1, 0, NULL);
		expect(a, "statx", 4, "buffer", TL_ARG_STRUCT_OUT, -1, 256, NULL);
		expect(a, "execve", 0, "filename", TL_ARG_PATH, -1, 0, NULL);
		expect(a, "execve", 1, "argv", TL_ARG_ARGV, -1, 0, NULL);
		expect(a, "execve", 2, "envp", TL_ARG_ENVP, -1, 0, NULL);
		expect(a, "execveat", 0, "fd", TL_ARG_DIRFD, -1, 0, NULL);
		expect(a, "execveat", 4, "flags", TL_ARG_FLAGS, -1, 0, "at_flags");
		expect(a, "connect", 1, "uservaddr", TL_ARG_SOCKADDR_IN, 2, 0, NULL);
		expect(a, "bind", 1, "umyaddr", TL_ARG_SOCKADDR_IN, 2, 0, NULL);
		expect(a, "sendto", 1, "buff", TL_ARG_BUF_IN, 2, 0, NULL);
		expect(a, "sendto", 4, "addr", TL_ARG_SOCKADDR_IN, 5, 0, NULL);
		expect(a, "recvfrom", 1, "ubuf", TL_ARG_BUF_OUT, 2, 0, NULL);
		expect(a, "recvfrom", 4, "addr", TL_ARG_SOCKADDR_OUT, 5, 0, NULL);
		if (a != TL_ABI_I386)	/* i386: accept only via socketcall */
			expect(a, "accept", 1, "upeer_sockaddr", TL_ARG_SOCKADDR_OUT, 2, 0, NULL);
		expect(a, "accept4", 1, "upeer_sockaddr", TL_ARG_SOCKADDR_OUT, 2, 0, NULL);
		expect(a, "getsockname", 1, "usockaddr", TL_ARG_SOCKADDR_OUT, 2, 0, NULL);
		expect(a, "getpeername", 1, "usockaddr", TL_ARG_SOCKADDR_OUT, 2, 0, NULL);
		expect(a, "writev", 1, "vec", TL_ARG_IOV_IN, 2, 0, NULL);
		expect(a, "readv", 1, "vec", TL_ARG_IOV_OUT, 2, 0, NULL);
		expect(a, "pwritev", 1, "vec", TL_ARG_IOV_IN, 2, 0, NULL);
		expect(a, "ppoll", 0, "ufds", TL_ARG_ARRAY_INOUT, 1, 8, NULL);
		expect(a, "getsockopt", 3, "optval", TL_ARG_BUF_OUT_PLEN, 4, 0, NULL);
		expect(a, "getsockopt", 4, "optlen", TL_ARG_STRUCT_INOUT, -1, 4, NULL);
		expect(a, "recvfrom", 5, "addr_len", TL_ARG_STRUCT_INOUT, -1, 4, NULL);
		expect(a, "pselect6", 1, "inp", TL_ARG_FDSET_INOUT, 0, 0, NULL);
		expect(a, "epoll_pwait", 1, "events", TL_ARG_ARRAY_OUT, 2, -1, NULL);
		expect(a, "pipe2", 0, "fildes", TL_ARG_STRUCT_OUT, -1, 8, NULL);
		expect(a, "pipe2", 1, "flags", TL_ARG_FLAGS, -1, 0, "open_flags");
		expect(a, "wait4", 0, "upid", TL_ARG_PID, -1, 0, NULL);
		expect(a, "wait4", 1, "stat_addr", TL_ARG_STRUCT_OUT, -1, 4, NULL);
		expect(a, "wait4", 2, "options", TL_ARG_FLAGS, -1, 0, "wait_options");
		expect(a, "rt_sigaction", 0, "sig", TL_ARG_SIGNAL, -1, 0, NULL);
		expect(a, "rt_sigaction", 1, "act", TL_ARG_STRUCT_IN, -1, -1, NULL);
		expect(a, "rt_sigaction", 2, "oact", TL_ARG_STRUCT_OUT, -1, -1, NULL);
		expect(a, "rt_sigprocmask", 1, "nset", TL_ARG_STRUCT_IN, -1, 8, NULL);
		expect(a, "clone", 0, "clone_flags", TL_ARG_FLAGS, -1, 0, "clone_flags");
		expect(a, "clone3", 0, "uargs", TL_ARG_STRUCT_IN, 1, 88, NULL);
		expect(a, "mprotect", 2, "prot", TL_ARG_FLAGS, -1, 0, "mmap_prot");
		expect(a, "ioctl", 0, "fd", TL_ARG_FD, -1, 0, NULL);
		expect(a, "ioctl", 1, "cmd", TL_ARG_ENUM, -1, 0, "ioctl");
		expect(a, "kill", 0, "pid", TL_ARG_PID, -1, 0, NULL);
		expect(a, "kill", 1, "sig", TL_ARG_SIGNAL, -1, 0, NULL);
		expect(a, "tgkill", 2, "sig", TL_ARG_SIGNAL, -1, 0, NULL);
		expect(a, "socket", 0, "family", TL_ARG_ENUM, -1, 0, "socket_domain");
		expect(a, "socket", 1, "type", TL_ARG_FLAGS, -1, 0, "socket_type");
		expect(a, "getdents64", 1, "dirent", TL_ARG_BUF_OUT, 2, 0, NULL);
		expect(a, "exit_group", 0, "error_code", TL_ARG_INT, -1, 0, NULL);
		expect(a, "getrandom", 0, "ubuf", TL_ARG_BUF_OUT, 1, 0, NULL);
		expect(a, "prlimit64", 2, "new_rlim", TL_ARG_STRUCT_IN, -1, 16, NULL);
		expect(a, "fcntl", 1, "cmd", TL_ARG_ENUM, -1, 0, "fcntl_cmd");
		expect(a, "dup3", 0, "oldfd", TL_ARG_FD, -1, 0, NULL);
		expect(a, "close", 0, "fd", TL_ARG_FD, -1, 0, NULL);
		expect(a, "umask", 0, "mask", TL_ARG_MODE, -1, 0, NULL);
		expect(a, "setuid", 0, "uid", TL_ARG_UID, -1, 0, NULL);
		expect(a, "sched_getaffinity", 2, "user_mask_ptr", TL_ARG_BUF_OUT, 1, 0, NULL);
		expect(a, "faccessat2", 2, "mode", TL_ARG_FLAGS, -1, 0, "access_mode");
		expect(a, "unlinkat", 2, "flag", TL_ARG_FLAGS, -1, 0, "at_flags");
		expect(a, "set_robust_list", 0, "head", TL_ARG_PTR, -1, 0, NULL);
	}

	/* Native 64-bit ABIs */
	expect(TL_ABI_X86_64, "newfstatat", 2, "statbuf", TL_ARG_STRUCT_OUT, -1, 144, NULL);
	expect(TL_ABI_X86_64, "newfstatat", 3, "flag", TL_ARG_FLAGS, -1, 0, "at_flags");
	expect(TL_ABI_AARCH64, "newfstatat", 2, "statbuf", TL_ARG_STRUCT_OUT, -1, 128, NULL);
	expect(TL_ABI_X86_64, "fstat", 1, "statbuf", TL_ARG_STRUCT_OUT, -1, 144, NULL);
	expect(TL_ABI_AARCH64, "fstat", 1, "statbuf", TL_ARG_STRUCT_OUT, -1, 128, NULL);
	expect(TL_ABI_X86_64, "mmap", 2, "prot", TL_ARG_FLAGS, -1, 0, "mmap_prot");
	expect(TL_ABI_X86_64, "mmap", 3, "flags", TL_ARG_FLAGS, -1, 0, "mmap_flags");
	expect(TL_ABI_X86_64, "mmap", 4, "fd", TL_ARG_FD, -1, 0, NULL);
	expect(TL_ABI_AARCH64, "mmap", 3, "flags", TL_ARG_FLAGS, -1, 0, "mmap_flags");
	expect(TL_ABI_X86_64, "epoll_wait", 1, "events", TL_ARG_ARRAY_OUT, 2, 12, NULL);
	expect(TL_ABI_AARCH64, "epoll_pwait", 1, "events", TL_ARG_ARRAY_OUT, 2, 16, NULL);
	expect(TL_ABI_X86_64, "rt_sigaction", 1, "act", TL_ARG_STRUCT_IN, -1, 32, NULL);
	expect(TL_ABI_X86_64, "poll", 0, "ufds", TL_ARG_ARRAY_INOUT, 1, 8, NULL);
	expect(TL_ABI_X86_64, "ioctl", 2, "arg", TL_ARG_IOCTL_ARG, -1, 0, NULL);
	expect(TL_ABI_I386, "ioctl", 2, "arg", TL_ARG_IOCTL_ARG, -1, 0, NULL);
	expect(TL_ABI_AARCH64, "ioctl", 2, "arg", TL_ARG_IOCTL_ARG, -1, 0, NULL);
	expect(TL_ABI_X86_64, "pipe", 0, "fildes", TL_ARG_STRUCT_OUT, -1, 8, NULL);
	expect(TL_ABI_X86_64, "readlink", 0, "path", TL_ARG_PATH, -1, 0, NULL);
	expect(TL_ABI_X86_64, "readlink", 1, "buf", TL_ARG_BUF_OUT, 2, 0, NULL);
	expect(TL_ABI_X86_64, "access", 0, "filename", TL_ARG_PATH, -1, 0, NULL);
	expect(TL_ABI_X86_64, "arch_prctl", 0, "option", TL_ARG_ENUM, -1, 0, "arch_prctl_code");
	expect(TL_ABI_X86_64, "stat", 1, "statbuf", TL_ARG_STRUCT_OUT, -1, 144, NULL);
	expect(TL_ABI_X86_64, "wait4", 3, "ru", TL_ARG_STRUCT_OUT, -1, 144, NULL);
	expect(TL_ABI_X86_64, "clock_gettime", 1, "tp", TL_ARG_STRUCT_OUT, -1, 16, NULL);
	/* clone: tls is the 5th argument on x86_64, the 4th on i386/arm64 */
	expect(TL_ABI_X86_64, "clone", 3, "child_tidptr", TL_ARG_PTR, -1, 0, NULL);
	expect(TL_ABI_X86_64, "clone", 4, "tls", TL_ARG_HEX, -1, 0, NULL);
	expect(TL_ABI_I386, "clone", 3, "tls", TL_ARG_HEX, -1, 0, NULL);
	expect(TL_ABI_AARCH64, "clone", 3, "tls", TL_ARG_HEX, -1, 0, NULL);
	expect(TL_ABI_AARCH64, "clone", 4, "child_tidptr", TL_ARG_PTR, -1, 0, NULL);

	/* i386 specials */
	expect(TL_ABI_I386, "pread64", 3, "pos_lo", TL_ARG_UINT, -1, 0, NULL);
	expect(TL_ABI_I386, "pread64", 4, "pos_hi", TL_ARG_UINT, -1, 0, NULL);
	expect(TL_ABI_I386, "_llseek", 3, "result", TL_ARG_STRUCT_OUT, -1, 8, NULL);
	expect(TL_ABI_I386, "_llseek", 4, "whence", TL_ARG_ENUM, -1, 0, "lseek_whence");
	expect(TL_ABI_I386, "mmap2", 2, "prot", TL_ARG_FLAGS, -1, 0, "mmap_prot");
	expect(TL_ABI_I386, "mmap2", 5, "pgoff", TL_ARG_HEX, -1, 0, NULL);
	expect(TL_ABI_I386, "mmap", 0, "arg", TL_ARG_STRUCT_IN, -1, 24, NULL);
	expect(TL_ABI_I386, "select", 0, "arg", TL_ARG_STRUCT_IN, -1, 20, NULL);
	expect(TL_ABI_I386, "_newselect", 4, "tvp", TL_ARG_STRUCT_INOUT, -1, 8, NULL);
	expect(TL_ABI_I386, "socketcall", 0, "call", TL_ARG_ENUM, -1, 0, "socketcall_call");
	expect(TL_ABI_I386, "ipc", 0, "call", TL_ARG_ENUM, -1, 0, "ipc_call");
	expect(TL_ABI_I386, "stat64", 0, "filename", TL_ARG_PATH, -1, 0, NULL);
	expect(TL_ABI_I386, "stat64", 1, "statbuf", TL_ARG_STRUCT_OUT, -1, 96, NULL);
	expect(TL_ABI_I386, "fstat64", 0, "fd", TL_ARG_FD, -1, 0, NULL);
	expect(TL_ABI_I386, "fstatat64", 3, "flag", TL_ARG_FLAGS, -1, 0, "at_flags");
	expect(TL_ABI_I386, "fstat", 1, "statbuf", TL_ARG_STRUCT_OUT, -1, 64, NULL);
	expect(TL_ABI_I386, "rt_sigaction", 1, "act", TL_ARG_STRUCT_IN, -1, 20, NULL);
	expect(TL_ABI_I386, "sigaction", 1, "act", TL_ARG_STRUCT_IN, -1, 16, NULL);
	expect(TL_ABI_I386, "clock_gettime", 1, "tp", TL_ARG_STRUCT_OUT, -1, 8, NULL);
	expect(TL_ABI_I386, "clock_gettime64", 1, "tp", TL_ARG_STRUCT_OUT, -1, 16, NULL);
	expect(TL_ABI_I386, "wait4", 3, "ru", TL_ARG_STRUCT_OUT, -1, 72, NULL);
	ASSERT_EQ(sc(TL_ABI_I386, "getuid32")->nargs, 0, "getuid32");
	expect(TL_ABI_I386, "lchown", 1, "user", TL_ARG_UID, -1, 0, NULL);
	expect(TL_ABI_I386, "getgroups", 1, "grouplist", TL_ARG_ARRAY_OUT, 0, 2, NULL);
	expect(TL_ABI_I386, "getgroups32", 1, "grouplist", TL_ARG_ARRAY_OUT, 0, 4, NULL);
	expect(TL_ABI_I386, "waitpid", 1, "stat_addr", TL_ARG_STRUCT_OUT, -1, 4, NULL);
	ASSERT_EQ(sc(TL_ABI_I386, "sigreturn")->nargs, 0, "sigreturn");
	ASSERT_EQ(sc(TL_ABI_I386, "break")->nargs, 0, "break");
	ASSERT_EQ(sc(TL_ABI_I386, "fadvise64_64")->nargs, 6, "fadvise64_64");
	ASSERT_STREQ(sc(TL_ABI_I386, "getpmsg")->args[0].name, "arg1", "raw");
	ASSERT_EQ(sc(TL_ABI_I386, "getpmsg")->args[0].kind, TL_ARG_HEX, "raw");
}

/* Struct sizes on the native ABI, against the uapi headers' sizeof(). */
static void test_sizes_native(void)
{
	unsigned int i;
	int j;

	ASSERT_TRUE(tl_test_sizes_count >= 10, "sizes checked");
	for (i = 0; i < tl_test_sizes_count; i++) {
		const struct tl_test_size *z = &tl_test_sizes[i];
		const struct tl_syscall *s = sc(TL_ABI_X86_64, z->call);

		if (!ASSERT_NONNULL(s, z->call))
			continue;
		for (j = 0; j < s->nargs; j++)
			if (strcmp(s->args[j].name, z->arg) == 0)
				break;
		if (!ASSERT_TRUE(j < s->nargs, z->arg))
			continue;
		ASSERT_EQ(s->args[j].size, z->size, z->call);
	}
}

static void test_classes(void)
{
	size_t k;

	for (k = 0; k < ARRAY_LEN(abis); k++) {
		int a = abis[k];

		ASSERT_EQ(sc(a, "openat")->classes, TL_SC_FILE | TL_SC_DESC, "openat");
		ASSERT_EQ(sc(a, "read")->classes, TL_SC_DESC, "read");
		ASSERT_EQ(sc(a, "execve")->classes, TL_SC_FILE | TL_SC_PROCESS, "execve");
		ASSERT_EQ(sc(a, "exit_group")->classes, TL_SC_PROCESS | TL_SC_NORETURN,
			  "exit_group");
		ASSERT_EQ(sc(a, "socket")->classes, TL_SC_NETWORK, "socket");
		ASSERT_EQ(sc(a, "kill")->classes, TL_SC_PROCESS | TL_SC_SIGNAL, "kill");
		ASSERT_EQ(sc(a, "rt_sigaction")->classes, TL_SC_SIGNAL, "rt_sigaction");
		ASSERT_EQ(sc(a, "shmget")->classes, TL_SC_IPC, "shmget");
		ASSERT_EQ(sc(a, "brk")->classes, TL_SC_MEMORY, "brk");
		ASSERT_EQ(sc(a, "getuid")->classes, TL_SC_CREDS, "getuid");
		ASSERT_EQ(sc(a, "clock_gettime")->classes, TL_SC_CLOCK, "clock_gettime");
		ASSERT_EQ(sc(a, "newfstatat") ? sc(a, "newfstatat")->classes
					      : sc(a, "fstatat64")->classes,
			  TL_SC_FILE | TL_SC_DESC | TL_SC_STAT, "fstatat");
		ASSERT_EQ(sc(a, "getpid")->classes, 0, "getpid");
	}
	ASSERT_EQ(tl_sysclass_from_name("file"), TL_SC_FILE, "file");
	ASSERT_EQ(tl_sysclass_from_name("%net"), TL_SC_NETWORK, "%net");
	ASSERT_EQ(tl_sysclass_from_name("network"), TL_SC_NETWORK, "network");
	ASSERT_EQ(tl_sysclass_from_name("clock"), TL_SC_CLOCK, "clock");
	ASSERT_EQ(tl_sysclass_from_name("bogus"), 0, "bogus");
	ASSERT_EQ(tl_sysclass_from_name(NULL), 0, "NULL");
	ASSERT_STREQ(tl_arg_kind_name(TL_ARG_PATH), "PATH", "kind name");
	ASSERT_STREQ(tl_arg_kind_name(TL_ARG_STR_OUT), "STR_OUT", "kind name");
	ASSERT_STREQ(tl_arg_kind_name(TL_ARG_BUF_OUT_PLEN), "BUF_OUT_PLEN", "kind name");
	ASSERT_STREQ(tl_arg_kind_name(TL_ARG_IOCTL_ARG), "IOCTL_ARG", "kind name");
	ASSERT_STREQ(tl_arg_kind_name(TL_ARG_KIND_MAX), "?", "kind name");
	ASSERT_EQ(tl_arg_kind_reads(TL_ARG_PATH), TL_ARGR_ENTER, "path at enter");
	ASSERT_EQ(tl_arg_kind_reads(TL_ARG_BUF_OUT), TL_ARGR_EXIT, "buffer at exit");
	ASSERT_EQ(tl_arg_kind_reads(TL_ARG_FDSET_INOUT),
		  TL_ARGR_ENTER | TL_ARGR_EXIT, "in/out");
	ASSERT_EQ(tl_arg_kind_reads(TL_ARG_PTR), 0, "pointer not read");
	ASSERT_EQ(tl_arg_kind_reads(TL_ARG_INT), 0, "register");
	ASSERT_EQ(tl_arg_kind_reads(200), 0, "unknown kind");
}

/* A table assembled at run time: index, lookup, validation. */
static void test_runtime_table(void)
{
	struct tl_syscall calls[3] = {
		{ .name = "a", .nr = 2 },
		{ .name = "b", .nr = 7, .nargs = 1,
		  .args = { { .name = "x", .type = "int", .kind = TL_ARG_INT,
			      .len_arg = -1 } } },
		{ .name = "c", .nr = 300 },
	};
	struct tl_systable t = { .abi = TL_ABI_X86_64, .arch = "x86_64",
				 .count = 3, .calls = calls };
	uint16_t *idx;

	ASSERT_OK(tl_systable__validate(&t), "valid");
	ASSERT_TRUE(tl_systable__lookup(&t, 7) == &calls[1], "bsearch hit");
	ASSERT_TRUE(tl_systable__lookup(&t, 8) == NULL, "bsearch miss");
	ASSERT_TRUE(tl_systable__lookup(&t, 300) == &calls[2], "bsearch last");
	idx = tl_systable__make_index(&t);
	if (ASSERT_NONNULL(idx, "index")) {
		ASSERT_EQ(t.nr_max, 300, "nr_max");
		ASSERT_TRUE(tl_systable__lookup(&t, 2) == &calls[0], "index hit");
		ASSERT_TRUE(tl_systable__lookup(&t, 3) == NULL, "index miss");
		ASSERT_TRUE(tl_systable__lookup(&t, 301) == NULL, "beyond");
		ASSERT_OK(tl_systable__validate(&t), "valid with index");
		free(idx);
		t.by_nr = NULL;
	}
	calls[1].args[0].len_arg = 1;
	ASSERT_EQ(tl_systable__validate(&t), -EBADMSG, "len_arg out of range");
	calls[1].args[0].len_arg = -1;
	/* a kind from a newer writer: kept (decoders show it as hex) */
	calls[1].args[0].kind = 200;
	ASSERT_OK(tl_systable__validate(&t), "unknown kind");
	calls[1].args[0].kind = TL_ARG_INT;
	calls[1].nargs = 7;
	ASSERT_EQ(tl_systable__validate(&t), -EBADMSG, "nargs");
	calls[1].nargs = 1;
	calls[2].nr = 7;
	ASSERT_EQ(tl_systable__validate(&t), -EBADMSG, "duplicate nr");
	errno = 0;
	ASSERT_TRUE(tl_systable__make_index(&t) == NULL, "unsorted index");
	ASSERT_EQ(errno, EINVAL, "errno");
	ASSERT_TRUE(t.by_nr == NULL, "unchanged");

	/* caller-owned index memory */
	calls[2].nr = 300;
	{
		uint16_t buf[301];

		ASSERT_EQ(tl_systable__index_len(&t), 301, "index_len");
		ASSERT_EQ(tl_systable__build_index(&t, buf, 300), -EINVAL, "too small");
		ASSERT_TRUE(t.by_nr == NULL, "unchanged");
		ASSERT_OK(tl_systable__build_index(&t, buf, 301), "build_index");
		ASSERT_TRUE(tl_systable__lookup(&t, 300) == &calls[2], "hit");
		ASSERT_TRUE(tl_systable__lookup(&t, 299) == NULL, "miss");
		t.by_nr = NULL;
	}
}

static void test_errno(void)
{
	int e;

	ASSERT_STREQ(tl_errno_name(1), "EPERM", "1");
	ASSERT_STREQ(tl_errno_name(2), "ENOENT", "2");
	ASSERT_STREQ(tl_errno_msg(2), "No such file or directory", "2");
	ASSERT_STREQ(tl_errno_name(11), "EAGAIN", "11");
	ASSERT_STREQ(tl_errno_name(35), "EDEADLK", "35");
	ASSERT_STREQ(tl_errno_name(95), "EOPNOTSUPP", "95");
	ASSERT_STREQ(tl_errno_name(133), "EHWPOISON", "133");
	ASSERT_TRUE(tl_errno_name(0) == NULL, "0");
	ASSERT_TRUE(tl_errno_name(-2) == NULL, "-2");
	ASSERT_TRUE(tl_errno_name(41) == NULL, "41 unused");
	ASSERT_TRUE(tl_errno_name(58) == NULL, "58 unused");
	ASSERT_TRUE(tl_errno_msg(58) == NULL, "58 unused");
	ASSERT_TRUE(tl_errno_name(134) == NULL, "134");
	ASSERT_STREQ(tl_errno_name(512), "ERESTARTSYS", "512");
	ASSERT_STREQ(tl_errno_msg(512), "To be restarted if SA_RESTART is set", "512");
	ASSERT_STREQ(tl_errno_name(513), "ERESTARTNOINTR", "513");
	ASSERT_STREQ(tl_errno_msg(513), "To be restarted", "513");
	ASSERT_STREQ(tl_errno_name(514), "ERESTARTNOHAND", "514");
	ASSERT_STREQ(tl_errno_msg(514), "To be restarted if no handler", "514");
	ASSERT_STREQ(tl_errno_name(515), "ENOIOCTLCMD", "515");
	ASSERT_STREQ(tl_errno_name(516), "ERESTART_RESTARTBLOCK", "516");
	ASSERT_STREQ(tl_errno_msg(516), "Interrupted by signal", "516");
	ASSERT_STREQ(tl_errno_name(517), "EPROBE_DEFER", "517");
	ASSERT_STREQ(tl_errno_name(518), "EOPENSTALE", "518");
	ASSERT_STREQ(tl_errno_name(519), "ENOPARAM", "519");
	ASSERT_TRUE(tl_errno_name(520) == NULL, "520 unused");
	ASSERT_STREQ(tl_errno_name(521), "EBADHANDLE", "521");
	ASSERT_STREQ(tl_errno_name(524), "ENOTSUPP", "524");
	ASSERT_STREQ(tl_errno_msg(524), "Unknown error 524", "524");
	ASSERT_STREQ(tl_errno_name(530), "ERECALLCONFLICT", "530");
	ASSERT_TRUE(tl_errno_name(600) == NULL, "600");
#if defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 32)
	/* The embedded table is glibc's: compare with the host's. */
	for (e = 1; e <= 133; e++) {
		const char *n = strerrorname_np(e);

		if (!n) {
			ASSERT_TRUE(tl_errno_name(e) == NULL, "unused errno");
			continue;
		}
		ASSERT_STREQ(tl_errno_name(e), n, "errno name vs glibc");
		ASSERT_STREQ(tl_errno_msg(e), strerror(e), "errno text vs glibc");
	}
	/* strace prints glibc's text for the kernel-internal ones it has
	 * no text of its own for */
	for (e = 515; e <= 531; e++)
		if (tl_errno_name(e) && e != 516)
			ASSERT_STREQ(tl_errno_msg(e), strerror(e), "internal errno text");
#else
	(void)e;
	fprintf(stderr, "note: not glibc >= 2.32, host comparison skipped\n");
#endif
}

static void test_signals(void)
{
	int s;

	ASSERT_STREQ(tl_signal_name(1), "SIGHUP", "1");
	ASSERT_STREQ(tl_signal_name(6), "SIGABRT", "6");
	ASSERT_STREQ(tl_signal_name(9), "SIGKILL", "9");
	ASSERT_STREQ(tl_signal_msg(9), "Killed", "9");
	ASSERT_STREQ(tl_signal_name(11), "SIGSEGV", "11");
	ASSERT_STREQ(tl_signal_msg(11), "Segmentation fault", "11");
	ASSERT_STREQ(tl_signal_name(17), "SIGCHLD", "17");
	ASSERT_STREQ(tl_signal_name(29), "SIGIO", "29 (strace: SIGIO)");
	ASSERT_STREQ(tl_signal_name(31), "SIGSYS", "31");
	ASSERT_STREQ(tl_signal_name(32), "SIGRTMIN", "32");
	ASSERT_STREQ(tl_signal_name(33), "SIGRT_1", "33");
	ASSERT_STREQ(tl_signal_name(34), "SIGRT_2", "34");
	ASSERT_STREQ(tl_signal_name(64), "SIGRT_32", "64");
	ASSERT_TRUE(tl_signal_name(0) == NULL, "0");
	ASSERT_TRUE(tl_signal_name(65) == NULL, "65");
	ASSERT_TRUE(tl_signal_msg(-1) == NULL, "-1");
#if defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 32)
	for (s = 1; s <= 64; s++) {
		const char *abbrev = sigabbrev_np(s);
		char want[32];

		ASSERT_STREQ(tl_signal_msg(s), strsignal(s), "signal text vs glibc");
		if (!abbrev || s == 29)
			continue;
		snprintf(want, sizeof(want), "SIG%s", abbrev);
		ASSERT_STREQ(tl_signal_name(s), want, "signal name vs glibc");
	}
#else
	(void)s;
#endif
}

int main(void)
{
	RUN_TEST(test_builtin);
	RUN_TEST(test_invariants);
	RUN_TEST(test_numbers_compile_time);
	RUN_TEST(test_numbers_headers);
	RUN_TEST(test_abi_numbers);
	RUN_TEST(test_kinds_everyday);
	RUN_TEST(test_sizes_native);
	RUN_TEST(test_classes);
	RUN_TEST(test_runtime_table);
	RUN_TEST(test_errno);
	RUN_TEST(test_signals);
	return TEST_EXIT();
}
