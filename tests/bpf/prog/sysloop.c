// SPDX-License-Identifier: MIT
/*
 * sysloop - a syscall loop timed from inside (CLOCK_MONOTONIC through the
 * vDSO, no syscall in the timing), for overhead checks and for tests that
 * need many syscalls (ring overflow).
 *
 *   sysloop MODE N      MODE: getppid | write | openclose | readfile
 *
 * Prints "MODE N WALL CPU" on stdout: ns per op of wall time and of the
 * process's CPU time (CLOCK_PROCESS_CPUTIME_ID: not inflated when other
 * tasks compete for the CPU). write: 64 bytes to /dev/null;
 * openclose: even iterations open a missing path (ENOENT), odd ones open
 * and close /dev/null (1.5 syscalls per op); readfile: pread 4 KiB at
 * offset 0 of a 4 KiB file made in $TMPDIR (or /tmp), already unlinked.
 * With SYSLOOP_READY=K set, first runs K untimed iterations, then prints
 * "ready" (flushed), then the timed loop of N.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

/* n iterations of mode; 0, or 1 when a call did not do what it should */
static int run(const char *mode, long n, int fd, char *buf)
{
	long i;

	if (!strcmp(mode, "getppid")) {
		for (i = 0; i < n; i++)
			getppid();
	} else if (!strcmp(mode, "write")) {
		for (i = 0; i < n; i++)
			if (write(fd, buf, 64) != 64)
				return 1;
	} else if (!strcmp(mode, "openclose")) {
		for (i = 0; i < n; i++) {
			if (i & 1) {
				int f = open("/dev/null", O_RDONLY);

				if (f >= 0)
					close(f);
			} else {
				open("/nonexistent/sysloop", O_RDONLY);
			}
		}
	} else {
		for (i = 0; i < n; i++)
			if (pread(fd, buf, 4096, 0) != (ssize_t)4096)
				return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static char buf[4096];
	char path[4096];
	const char *mode;
	long n;
	double t0, t1, c0, c1;
	int fd = -1;

	if (argc != 3) {
		fprintf(stderr, "usage: sysloop getppid|write|openclose|readfile N\n");
		return 2;
	}
	mode = argv[1];
	n = atol(argv[2]);
	if (n <= 0) {
		fprintf(stderr, "sysloop: bad N '%s'\n", argv[2]);
		return 2;
	}
	memset(buf, 'x', sizeof(buf));
	if (!strcmp(mode, "write")) {
		fd = open("/dev/null", O_WRONLY);
	} else if (!strcmp(mode, "readfile")) {
		const char *tmp = getenv("TMPDIR");

		snprintf(path, sizeof(path), "%s/sysloop.XXXXXX", tmp ? tmp : "/tmp");
		fd = mkstemp(path);
		if (fd >= 0) {
			if (write(fd, buf, sizeof(buf)) != (ssize_t)sizeof(buf)) {
				perror("sysloop: write");
				return 1;
			}
			unlink(path);
		}
	} else if (strcmp(mode, "getppid") && strcmp(mode, "openclose")) {
		fprintf(stderr, "sysloop: unknown mode '%s'\n", mode);
		return 2;
	}
	if ((!strcmp(mode, "write") || !strcmp(mode, "readfile")) && fd < 0) {
		perror("sysloop: open");
		return 1;
	}
	if (getenv("SYSLOOP_READY")) {
		long k = atol(getenv("SYSLOOP_READY"));

		if (k > 0 && run(mode, k, fd, buf))
			return 1;
		printf("ready\n");
		fflush(stdout);
	}
	c0 = now(CLOCK_PROCESS_CPUTIME_ID);
	t0 = now(CLOCK_MONOTONIC);
	if (run(mode, n, fd, buf))
		return 1;
	t1 = now(CLOCK_MONOTONIC);
	c1 = now(CLOCK_PROCESS_CPUTIME_ID);
	printf("%s %ld %.1f %.1f\n", mode, n, (t1 - t0) / n, (c1 - c0) / n);
	return 0;
}
