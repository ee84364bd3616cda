/* SPDX-License-Identifier: MIT */
/*
 * systable32_test.c - struct sizes of the i386 table against sizeof() of
 * the uapi types under `gcc -m32`. Exits 77 (skip) when no 32-bit
 * compiler is installed (gcc-multilib). TL_CC32 overrides the compiler.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <linux/types.h>

#include "systable.h"
#include "test.h"
#include "tl_record.h"

/* i386 syscall argument -> the uapi type whose sizeof() it must have. The
 * test writes one _Static_assert per line with the table's value and
 * compiles it with -m32 (no need to run 32-bit code, which the kernel may
 * not allow). */
static const struct {
	const char *call, *arg, *type;
} checks[] = {
	{ "stat", "statbuf", "struct stat" },
	{ "fstat", "statbuf", "struct stat" },
	{ "stat64", "statbuf", "struct stat64" },
	{ "fstat64", "statbuf", "struct stat64" },
	{ "fstatat64", "statbuf", "struct stat64" },
	{ "oldstat", "statbuf", "struct __old_kernel_stat" },
	{ "statx", "buffer", "struct statx" },
	{ "statfs", "buf", "struct statfs" },
	{ "statfs64", "buf", "struct statfs64" },
	{ "sigaction", "act", "struct sigaction" },
	{ "sigaltstack", "uss", "stack_t" },
	{ "poll", "ufds", "struct pollfd" },
	{ "epoll_wait", "events", "struct epoll_event" },
	{ "wait4", "ru", "struct rusage" },
	{ "getrlimit", "rlim", "struct rlimit" },
	{ "prlimit64", "new_rlim", "struct rlimit64" },
	{ "sysinfo", "info", "struct sysinfo" },
	{ "times", "tbuf", "struct tms" },
	{ "utime", "times", "struct utimbuf" },
	{ "uname", "name", "struct new_utsname" },
	{ "olduname", "name", "struct old_utsname" },
	{ "oldolduname", "name", "struct oldold_utsname" },
	{ "gettimeofday", "tv", "struct __kernel_old_timeval" },
	{ "clock_gettime", "tp", "struct __kernel_old_timespec" },
	{ "nanosleep", "rqtp", "struct __kernel_old_timespec" },
	{ "clock_gettime64", "tp", "struct __kernel_timespec" },
	{ "futex_time64", "utime", "struct __kernel_timespec" },
	{ "getitimer", "value", "struct __kernel_old_itimerval" },
	{ "timer_settime64", "new_setting", "struct __kernel_itimerspec" },
	{ "adjtimex", "txc_p", "struct timex" },
	{ "clock_adjtime64", "utx", "struct __kernel_timex" },
	{ "mq_getsetattr", "u_mqstat", "struct mq_attr" },
	{ "set_thread_area", "u_info", "struct user_desc" },
	{ "time", "tloc", "__kernel_old_time_t" },
	{ "getgroups", "grouplist", "__kernel_old_gid_t" },
	{ "getgroups32", "grouplist", "__kernel_gid32_t" },
};

static const char *headers[] = {
	"asm/stat.h", "asm/statfs.h", "asm/signal.h", "asm/ldt.h",
	"linux/eventpoll.h", "linux/poll.h", "linux/resource.h",
	"linux/sysinfo.h", "linux/times.h", "linux/utime.h", "linux/utsname.h",
	"linux/time_types.h", "linux/timex.h", "linux/mqueue.h",
	"linux/futex.h", "linux/stat.h", "linux/posix_types.h",
};

static int run(const char *cmd)
{
	int st = system(cmd);

	return st == -1 || !WIFEXITED(st) ? -1 : WEXITSTATUS(st);
}

static const struct tl_sysarg *find_arg(const char *call, const char *name)
{
	const struct tl_syscall *s =
		tl_systable__find(tl_systable_builtin(TL_ABI_I386), call);
	int j;

	if (!ASSERT_NONNULL(s, call))
		return NULL;
	for (j = 0; j < s->nargs; j++)
		if (strcmp(s->args[j].name, name) == 0)
			return &s->args[j];
	ASSERT_TRUE(0, name);
	return NULL;
}

int main(void)
{
	const char *cc = getenv("TL_CC32");
	char dir[] = "/tmp/tl-systable32.XXXXXX";
	char cmd[1024], path[256];
	unsigned int i, n = 0;
	FILE *f;
	int rc;

	test__current = "i386 sizes";
	if (!cc)
		cc = "gcc";
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	snprintf(path, sizeof(path), "%s/empty.c", dir);
	f = fopen(path, "w");
	if (!f || fputs("#include <linux/types.h>\nint x;\n", f) < 0 || fclose(f)) {
		perror(path);
		return 1;
	}
	snprintf(cmd, sizeof(cmd), "%s -m32 -c -o %s/empty.o %s 2>/dev/null", cc, dir, path);
	if (run(cmd) != 0) {
		snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
		run(cmd);
		printf("no 32-bit compiler: '%s -m32' failed (install gcc-multilib)\n", cc);
		return 77;
	}

	snprintf(path, sizeof(path), "%s/sizes.c", dir);
	f = fopen(path, "w");
	if (!f) {
		perror(path);
		return 1;
	}
	for (i = 0; i < sizeof(headers) / sizeof(headers[0]); i++)
		fprintf(f, "#include <%s>\n", headers[i]);
	for (i = 0; i < sizeof(checks) / sizeof(checks[0]); i++) {
		const struct tl_sysarg *a = find_arg(checks[i].call, checks[i].arg);

		if (!a)
			continue;
		ASSERT_TRUE(a->size > 0, checks[i].call);
		fprintf(f, "_Static_assert(sizeof(%s) == %u, \"i386 %s.%s: table says %u\");\n",
			checks[i].type, a->size, checks[i].call, checks[i].arg, a->size);
		n++;
	}
	if (fclose(f)) {
		perror(path);
		return 1;
	}
	snprintf(cmd, sizeof(cmd), "%s -m32 -fsyntax-only %s", cc, path);
	rc = run(cmd);
	ASSERT_EQ(rc, 0, "gcc -m32 agrees with every i386 size in the table");
	fprintf(stderr, "%u i386 argument sizes checked with %s -m32\n", n, cc);
	ASSERT_TRUE(n >= 30, "sizes checked");
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	run(cmd);
	return TEST_EXIT();
}
