// SPDX-License-Identifier: MIT
/*
 * systable_stub.c - TEMPORARY: a handful of syscalls so tl-record can be
 * built and tested before the real tables (format/systable_*.c) land.
 * record/build.mk compiles it only while format/systable_x86_64.c does not
 * exist. Delete it then.
 */
#include <string.h>

#include "tl.h"

#define A(n, k) { .name = n, .type = "", .kind = k, .len_arg = -1 }
#define AL(n, k, l) { .name = n, .type = "", .kind = k, .len_arg = l }
#define AS(n, k, s) { .name = n, .type = "", .kind = k, .len_arg = -1, .size = s }

static const struct tl_syscall x64[] = {
	{ "read", 0, 3, 0, 0, { A("fd", TL_ARG_FD), A("buf", TL_ARG_BUF_OUT), A("count", TL_ARG_UINT) } },
	{ "write", 1, 3, 0, 0, { A("fd", TL_ARG_FD), AL("buf", TL_ARG_BUF_IN, 2), A("count", TL_ARG_UINT) } },
	{ "close", 3, 1, 0, 0, { A("fd", TL_ARG_FD) } },
	{ "getpid", 39, 0, 0, 0, { } },
	{ "execve", 59, 3, 0, 0, { A("filename", TL_ARG_PATH), A("argv", TL_ARG_ARGV), A("envp", TL_ARG_ENVP) } },
	{ "wait4", 61, 4, 0, 0, { A("pid", TL_ARG_PID), AS("stat_addr", TL_ARG_STRUCT_OUT, 4), A("options", TL_ARG_HEX), A("ru", TL_ARG_PTR) } },
	{ "getppid", 110, 0, 0, 0, { } },
	{ "openat", 257, 4, 0, 0, { A("dfd", TL_ARG_DIRFD), A("filename", TL_ARG_PATH), A("flags", TL_ARG_HEX), A("mode", TL_ARG_MODE) } },
	{ "newfstatat", 262, 4, 0, 0, { A("dfd", TL_ARG_DIRFD), A("filename", TL_ARG_PATH), AS("statbuf", TL_ARG_STRUCT_OUT, 144), A("flag", TL_ARG_HEX) } },
	{ "pipe2", 293, 2, 0, 0, { AS("fildes", TL_ARG_STRUCT_OUT, 8), A("flags", TL_ARG_HEX) } },
	{ "exit_group", 231, 1, 0, 0, { A("error_code", TL_ARG_INT) } },
};

static const struct tl_syscall i386[] = {
	{ "exit", 1, 1, 0, 0, { A("error_code", TL_ARG_INT) } },
	{ "read", 3, 3, 0, 0, { A("fd", TL_ARG_FD), A("buf", TL_ARG_BUF_OUT), A("count", TL_ARG_UINT) } },
	{ "write", 4, 3, 0, 0, { A("fd", TL_ARG_FD), AL("buf", TL_ARG_BUF_IN, 2), A("count", TL_ARG_UINT) } },
	{ "open", 5, 3, 0, 0, { A("filename", TL_ARG_PATH), A("flags", TL_ARG_HEX), A("mode", TL_ARG_MODE) } },
	{ "close", 6, 1, 0, 0, { A("fd", TL_ARG_FD) } },
	{ "execve", 11, 3, 0, 0, { A("filename", TL_ARG_PATH), A("argv", TL_ARG_ARGV), A("envp", TL_ARG_ENVP) } },
	{ "getpid", 20, 0, 0, 0, { } },
	{ "getppid", 64, 0, 0, 0, { } },
	{ "exit_group", 252, 1, 0, 0, { A("error_code", TL_ARG_INT) } },
	{ "openat", 295, 4, 0, 0, { A("dfd", TL_ARG_DIRFD), A("filename", TL_ARG_PATH), A("flags", TL_ARG_HEX), A("mode", TL_ARG_MODE) } },
};

static const struct tl_systable tabs[] = {
	{ TL_ABI_X86_64, "x86_64", sizeof(x64) / sizeof(x64[0]), x64 },
	{ TL_ABI_I386, "i386", sizeof(i386) / sizeof(i386[0]), i386 },
};

const struct tl_systable *tl_systable_builtin(int abi)
{
	unsigned i;

	for (i = 0; i < sizeof(tabs) / sizeof(tabs[0]); i++)
		if (tabs[i].abi == abi)
			return &tabs[i];
	return NULL;
}

const struct tl_syscall *tl_systable__lookup(const struct tl_systable *t,
					     unsigned int nr)
{
	uint32_t i;

	for (i = 0; i < t->count; i++)
		if (t->calls[i].nr == nr)
			return &t->calls[i];
	return NULL;
}

const struct tl_syscall *tl_systable__find(const struct tl_systable *t,
					   const char *name)
{
	uint32_t i;

	for (i = 0; i < t->count; i++)
		if (strcmp(t->calls[i].name, name) == 0)
			return &t->calls[i];
	return NULL;
}
