// SPDX-License-Identifier: MIT
/*
 * runstat.c - runs a command and reports its wall time and the resources of
 * its process tree (wait4's rusage: peak RSS of the largest process, user
 * and system CPU time of all of them), for the decode and memory
 * benchmarks of bench/run.sh. The command's stdin, stdout and stderr are
 * left alone; the report goes to the file given with -o (default stderr):
 *
 *   wall_ns=812345678 maxrss_kb=10240 user_ns=790000000 sys_ns=20000000 status=0
 *
 * Usage: runstat [-o FILE] CMD [ARG...]
 * Exit status: CMD's (128+N if killed by signal N), 125 if runstat failed.
 *
 * Owner: bench.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PROG "runstat"

static int64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int64_t tv_ns(struct timeval tv)
{
	return (int64_t)tv.tv_sec * 1000000000 + (int64_t)tv.tv_usec * 1000;
}

int main(int argc, char **argv)
{
	const char *outpath = NULL;
	struct rusage ru;
	int64_t t0, t1;
	int status, code, argi = 1;
	FILE *out = stderr;
	pid_t pid;

	if (argc > 2 && strcmp(argv[1], "-o") == 0) {
		outpath = argv[2];
		argi = 3;
	}
	if (argi >= argc || argv[argi][0] == '-') {
		fprintf(stderr, "Usage: " PROG " [-o FILE] CMD [ARG...]\n");
		return 125;
	}
	t0 = mono_ns();
	pid = fork();
	if (pid < 0) {
		fprintf(stderr, PROG ": fork: %s\n", strerror(errno));
		return 125;
	}
	if (pid == 0) {
		execvp(argv[argi], argv + argi);
		fprintf(stderr, PROG ": cannot run '%s': %s\n", argv[argi],
			strerror(errno));
		_exit(127);
	}
	if (wait4(pid, &status, 0, &ru) != pid) {
		fprintf(stderr, PROG ": wait4: %s\n", strerror(errno));
		return 125;
	}
	t1 = mono_ns();
	/* the grandchildren's peak, if any outgrew the child */
	{
		struct rusage rc;

		if (getrusage(RUSAGE_CHILDREN, &rc) == 0 && rc.ru_maxrss > ru.ru_maxrss)
			ru.ru_maxrss = rc.ru_maxrss;
	}
	code = WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
	if (outpath && !(out = fopen(outpath, "w"))) {
		fprintf(stderr, PROG ": '%s': %s\n", outpath, strerror(errno));
		return 125;
	}
	fprintf(out, "wall_ns=%lld maxrss_kb=%ld user_ns=%lld sys_ns=%lld status=%d\n",
		(long long)(t1 - t0), ru.ru_maxrss, (long long)tv_ns(ru.ru_utime),
		(long long)tv_ns(ru.ru_stime), code);
	if (out != stderr && fclose(out)) {
		fprintf(stderr, PROG ": '%s': %s\n", outpath, strerror(errno));
		return 125;
	}
	return code;
}
