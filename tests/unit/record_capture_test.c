// SPDX-License-Identifier: MIT
/* Unit tests for the in-kernel capture table (record/capture.c), built
 * from the compiled-in syscall tables. */
#include <errno.h>
#include <stdlib.h>

#include "capture.h"
#include "test.h"

static struct tlr_sc *tab;

static const struct tlr_sc *entry(int abi, const char *name)
{
	const struct tl_systable *t = tl_systable_builtin(abi);
	const struct tl_syscall *c = t ? tl_systable__find(t, name) : NULL;

	if (!c) {
		fprintf(stderr, "no %s in ABI %d\n", name, abi);
		return NULL;
	}
	return &tab[abi * TLR_NR_MAX + c->nr];
}

static int build(uint32_t snap, bool no_data, const char *filter, char *err)
{
	struct tlr_capture_opts o = {
		.snaplen = snap, .no_data = no_data, .filter = filter,
	};

	return tlr_capture_build(&o, tab, err, 256);
}

static void test_kinds(void)
{
	const struct tlr_sc *e;
	char err[256];

	ASSERT_OK(build(256, false, NULL, err), "build");
	/* openat: the path at enter, up to PATH_MAX whatever the snaplen */
	e = entry(TL_ABI_X86_64, "openat");
	if (ASSERT_NONNULL(e, "openat")) {
		ASSERT_EQ(e->flags & TLR_SC_TRACED, TLR_SC_TRACED, "traced");
		ASSERT_EQ(e->nenter, 1, "one enter capture");
		ASSERT_EQ(e->nexit, 0, "no exit capture");
		ASSERT_EQ(e->c[0].arg, 1, "arg 1");
		ASSERT_EQ(e->c[0].kind, TLR_K_STR, "string");
		ASSERT_EQ(e->c[0].max, TL_MAX_STR, "PATH_MAX");
		/* 80-byte record + 8-byte capture header + 4096 chars + NUL,
		 * padded to 8 */
		ASSERT_EQ(e->w_enter, 80 + 8 + 4104, "worst enter");
		ASSERT_EQ(e->w_exit, 40, "worst exit");
	}
	/* write: input buffer, length from arg 2, cut at the snaplen */
	e = entry(TL_ABI_X86_64, "write");
	if (ASSERT_NONNULL(e, "write")) {
		ASSERT_EQ(e->c[0].kind, TLR_K_BUF_ARG, "buf at enter");
		ASSERT_EQ(e->c[0].len_arg, 2, "length in count");
		ASSERT_EQ(e->c[0].max, 256, "snaplen");
		ASSERT_EQ(e->w_enter, 80 + 8 + 256, "worst enter");
	}
	/* read: output buffer at exit, length = ret */
	e = entry(TL_ABI_X86_64, "read");
	if (ASSERT_NONNULL(e, "read")) {
		ASSERT_EQ(e->nenter, 0, "nothing at enter");
		ASSERT_EQ(e->nexit, 1, "one exit capture");
		ASSERT_EQ(e->c[0].kind, TLR_K_X_BUF_RET, "buf at exit");
		ASSERT_EQ(e->w_exit, 40 + 8 + 256, "worst exit");
	}
	/* i386 read is number 3 (close on x86_64) and captured the same way */
	e = entry(TL_ABI_I386, "read");
	if (ASSERT_NONNULL(e, "i386 read")) {
		ASSERT_EQ(e - tab, TL_ABI_I386 * TLR_NR_MAX + 3, "i386 nr 3");
		ASSERT_EQ(e->c[0].kind, TLR_K_X_BUF_RET, "i386 buf at exit");
	}
	ASSERT_EQ(tab[TL_ABI_X86_64 * TLR_NR_MAX + 3].nexit, 0,
		  "x86_64 nr 3 (close) has no output buffer");
	/* execve: path, bounded argv, envp counted */
	e = entry(TL_ABI_X86_64, "execve");
	if (ASSERT_NONNULL(e, "execve")) {
		ASSERT_EQ(e->nenter, 3, "three captures");
		ASSERT_EQ(e->c[1].kind, TLR_K_ARGV, "argv");
		ASSERT_EQ(e->c[1].max, 4096, "argv bytes = 16 x snaplen");
		ASSERT_EQ(e->c[2].kind, TLR_K_COUNT, "envp counted");
		ASSERT_EQ(e->w_enter, 80 + (8 + 4104) + (8 + 4096) + 8,
			  "worst execve");
	}
	/* wait4: status and rusage structs at exit */
	e = entry(TL_ABI_X86_64, "wait4");
	if (ASSERT_NONNULL(e, "wait4")) {
		ASSERT_EQ(e->nexit, 2, "two exit captures");
		ASSERT_EQ(e->c[0].kind, TLR_K_X_BUF_SIZE, "status struct");
		ASSERT_EQ(e->c[0].max, 4, "int");
	}
	/* accept: the sockaddr's length comes through a pointer, whose
	 * value is kept as passed and as the call left it ([128 => 16]) */
	e = entry(TL_ABI_X86_64, "accept");
	if (ASSERT_NONNULL(e, "accept")) {
		ASSERT_EQ(e->nenter, 1, "addrlen as passed");
		ASSERT_EQ(e->c[0].kind, TLR_K_BUF_SIZE, "addrlen in");
		ASSERT_EQ(e->c[0].arg, 2, "addrlen");
		ASSERT_EQ(e->nexit, 2, "sockaddr and addrlen");
		ASSERT_EQ(e->c[1].kind, TLR_K_X_BUF_PLEN, "sockaddr out");
		ASSERT_EQ(e->c[1].len_arg, 2, "addrlen pointer");
		ASSERT_EQ(e->c[1].max, TLR_SOCKADDR_MAX, "sockaddr_storage");
		ASSERT_EQ(e->c[2].kind, TLR_K_X_BUF_SIZE, "addrlen out");
		ASSERT_EQ(e->c[2].arg, 2, "addrlen");
	}
	/* poll: the pollfd array at enter (events) and again at exit
	 * (revents), nfds elements of 8 bytes each time */
	e = entry(TL_ABI_X86_64, "poll");
	if (ASSERT_NONNULL(e, "poll")) {
		ASSERT_EQ(e->nenter, 1, "array at enter");
		ASSERT_EQ(e->nexit, 1, "array at exit");
		ASSERT_EQ(e->c[0].kind, TLR_K_BUF_ARGN, "in");
		ASSERT_EQ(e->c[1].kind, TLR_K_X_BUF_ARGN, "out");
		ASSERT_EQ(e->c[1].arg, 0, "same argument");
		ASSERT_EQ(e->c[1].len_arg, 1, "nfds");
		ASSERT_EQ(e->c[1].size, 8, "struct pollfd");
		ASSERT_EQ(e->w_exit, 40 + 8 + 256, "worst exit");
	}
	/* ppoll on i386: the same, next to its timespec and sigset */
	e = entry(TL_ABI_I386, "ppoll");
	if (ASSERT_NONNULL(e, "i386 ppoll")) {
		ASSERT_EQ(e->nenter, 3, "array, timespec, sigset");
		ASSERT_EQ(e->nexit, 1, "array at exit");
		ASSERT_EQ(e->c[3].kind, TLR_K_X_BUF_ARGN, "out");
	}
	/* pselect6: three fd_sets (nfds bits) and the timeout at enter and
	 * again at exit, the sigmask pack at enter; the in/out ones are not
	 * read again at exit when they fault at enter */
	e = entry(TL_ABI_X86_64, "pselect6");
	if (ASSERT_NONNULL(e, "pselect6")) {
		ASSERT_EQ(e->nenter, 5, "sets, timeout, sigmask pack");
		ASSERT_EQ(e->nexit, 4, "sets and timeout");
		ASSERT_EQ(e->c[0].kind, TLR_K_FDSET, "fd_set in");
		ASSERT_EQ(e->c[0].len_arg, 0, "nfds");
		ASSERT_EQ(e->c[0].max, 128, "FD_SETSIZE bits");
		ASSERT_EQ(e->c[0].flags & TLR_CS_NORETRY, TLR_CS_NORETRY, "no retry");
		ASSERT_EQ(e->c[3].kind, TLR_K_BUF_SIZE, "timeout in");
		ASSERT_EQ(e->c[4].flags & TLR_CS_NORETRY, 0, "sigmask pack retried");
		ASSERT_EQ(e->c[5].kind, TLR_K_X_FDSET, "fd_set out");
		ASSERT_EQ(e->c[8].kind, TLR_K_X_BUF_SIZE, "time left");
		ASSERT_EQ(e->c[8].arg, 4, "tsp");
		ASSERT_EQ(e->w_retry, 8 + 16, "only the sigmask pack is retried");
	}
	/* getsockopt: the value, its length read through optlen at exit */
	e = entry(TL_ABI_X86_64, "getsockopt");
	if (ASSERT_NONNULL(e, "getsockopt")) {
		ASSERT_EQ(e->nenter, 1, "optlen as passed");
		ASSERT_EQ(e->nexit, 2, "value and length");
		ASSERT_EQ(e->c[1].arg, 3, "optval");
		ASSERT_EQ(e->c[1].kind, TLR_K_X_BUF_PLEN, "length via pointer");
		ASSERT_EQ(e->c[1].len_arg, 4, "optlen");
		ASSERT_EQ(e->c[1].max, 256, "snaplen");
		ASSERT_EQ(e->c[2].kind, TLR_K_X_BUF_SIZE, "optlen after");
	}
	/* ioctl: the argument at enter and at exit; the request picks
	 * which one reads (BPF), at most a struct winsize */
	e = entry(TL_ABI_X86_64, "ioctl");
	if (ASSERT_NONNULL(e, "ioctl")) {
		ASSERT_EQ(e->nenter, 1, "one enter capture");
		ASSERT_EQ(e->nexit, 1, "one exit capture");
		ASSERT_EQ(e->c[0].kind, TLR_K_IOCTL, "in");
		ASSERT_EQ(e->c[0].arg, 2, "arg");
		ASSERT_EQ(e->c[0].max, 8, "struct winsize");
		ASSERT_EQ(e->c[1].kind, TLR_K_X_IOCTL, "out");
		ASSERT_EQ(e->c[1].arg, 2, "same argument");
		ASSERT_EQ(e->c[1].max, 8, "struct winsize");
		ASSERT_EQ(e->w_enter, 80 + 8 + 8, "worst enter");
		ASSERT_EQ(e->w_exit, 40 + 8 + 8, "worst exit");
		ASSERT_EQ(e->flags & TLR_SC_RETRY, 0, "not read again at exit");
	}
	e = entry(TL_ABI_I386, "ioctl");
	if (ASSERT_NONNULL(e, "i386 ioctl"))
		ASSERT_EQ(e->c[1].kind, TLR_K_X_IOCTL, "i386 out");
	/* every worst case fits in a block */
	{
		unsigned i, bad = 0;

		for (i = 0; i < TLR_SCTAB_LEN; i++)
			bad += tab[i].w_enter > TL_BLOCK_DATA ||
			       tab[i].w_exit > TL_BLOCK_DATA;
		ASSERT_EQ(bad, 0, "records fit in a block");
	}
}

static void test_no_data(void)
{
	const struct tlr_sc *e;
	char err[256];

	ASSERT_OK(build(256, true, NULL, err), "build");
	e = entry(TL_ABI_X86_64, "write");
	if (ASSERT_NONNULL(e, "write")) {
		ASSERT_EQ(e->c[0].kind, TLR_K_LEN_ARG, "length only");
		ASSERT_EQ(e->w_enter, 80 + 8, "no data bytes");
	}
	e = entry(TL_ABI_X86_64, "read");
	if (ASSERT_NONNULL(e, "read"))
		ASSERT_EQ(e->c[0].kind, TLR_K_X_LEN_RET, "length only");
	/* poll's descriptors and a socket option's value are not payload */
	e = entry(TL_ABI_X86_64, "poll");
	if (ASSERT_NONNULL(e, "poll"))
		ASSERT_EQ(e->c[1].kind, TLR_K_X_BUF_ARGN, "revents kept");
	e = entry(TL_ABI_X86_64, "getsockopt");
	if (ASSERT_NONNULL(e, "getsockopt"))
		ASSERT_EQ(e->c[1].kind, TLR_K_X_BUF_PLEN, "value kept");
	e = entry(TL_ABI_X86_64, "ioctl");
	if (ASSERT_NONNULL(e, "ioctl"))
		ASSERT_EQ(e->c[1].kind, TLR_K_X_IOCTL, "ioctl value kept");
	/* paths are not buffer contents: still captured */
	e = entry(TL_ABI_X86_64, "openat");
	if (ASSERT_NONNULL(e, "openat"))
		ASSERT_EQ(e->c[0].kind, TLR_K_STR, "path kept");
}

static void test_filter(void)
{
	const struct tlr_sc *e;
	char err[256];
	unsigned i, traced = 0;

	ASSERT_OK(build(256, false, "openat, write", err), "build");
	for (i = 0; i < TLR_SCTAB_LEN; i++)
		traced += !!(tab[i].flags & TLR_SC_TRACED);
	/* openat and write exist in the x86_64 and i386 tables */
	ASSERT_EQ(traced, 4, "only the named syscalls");
	e = entry(TL_ABI_I386, "openat");
	if (ASSERT_NONNULL(e, "i386 openat"))
		ASSERT_EQ(e->flags & TLR_SC_TRACED, TLR_SC_TRACED, "i386 openat");
	e = entry(TL_ABI_X86_64, "read");
	if (ASSERT_NONNULL(e, "read")) {
		ASSERT_EQ(e->flags & TLR_SC_TRACED, 0, "read filtered out");
		ASSERT_EQ(e->nexit, 1, "captures still described");
	}
	/* a name found in one ABI only is fine */
	ASSERT_OK(build(256, false, "newfstatat", err), "x86_64-only name");
	ASSERT_EQ(build(256, false, "openat,nosuchcall", err), -EINVAL,
		  "unknown name");
	ASSERT_STREQ(err, "unknown syscall 'nosuchcall'", "message");
}

static void test_bad_snaplen(void)
{
	char err[256];

	ASSERT_EQ(build(0, false, NULL, err), -EINVAL, "snaplen 0");
	ASSERT_EQ(build(TL_MAX_SNAPLEN + 1, false, NULL, err), -EINVAL,
		  "snaplen too large");
	ASSERT_OK(build(TL_MAX_SNAPLEN, false, NULL, err), "max snaplen");
}

int main(void)
{
	tab = calloc(TLR_SCTAB_LEN, sizeof(*tab));
	if (!tab)
		return 1;
	RUN_TEST(test_kinds);
	RUN_TEST(test_no_data);
	RUN_TEST(test_filter);
	RUN_TEST(test_bad_snaplen);
	free(tab);
	return TEST_EXIT();
}
