// SPDX-License-Identifier: MIT
/*
 * sysbench.c - the syscall-heavy workload of the benchmarks (bench/run.sh).
 *
 * Times only its loop, with CLOCK_MONOTONIC read through the vDSO (no
 * syscall inside the timing), and prints one line of key=value pairs:
 *
 *   mode=getppid n=1000000 syscalls=1000000 ns_per_op=1011.3
 *   cpu_ns_per_op=1003.0 ns=1011300000
 *
 * cpu_ns_per_op is the thread's own CPU time (user + system, which includes
 * the BPF programs and ftrace run in its syscalls) per op: it is less
 * disturbed by other load on the machine, but leaves out work done in other
 * processes (strace's, a recorder's).
 *
 * Everything that is not the loop happens before the timing starts: joining
 * a cgroup (-c), pinning to a CPU (-C), creating the data file, opening
 * /dev/null, then waiting on a FIFO gate (-g) so that a tracer can attach
 * to this pid first.
 *
 * Owner: bench.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PROG "sysbench"

enum mode { M_GETPPID, M_WRITE, M_OPENCLOSE, M_READFILE, M_MIX, M_RUN };

static const struct {
	const char *name;
	enum mode mode;
	double syscalls_per_op;
} modes[] = {
	{ "getppid", M_GETPPID, 1 },
	{ "write", M_WRITE, 1 },
	{ "openclose", M_OPENCLOSE, 1.5 },
	{ "readfile", M_READFILE, 1 },
	{ "pread", M_READFILE, 1 },
	{ "mix", M_MIX, 6 },
	{ "run", M_RUN, 0 },
};

static void usage(FILE *f)
{
	fprintf(f,
"Usage: " PROG " [OPTIONS] MODE N\n"
"       " PROG " [OPTIONS] run CMD [ARG...]\n"
"\n"
"Runs N iterations of a syscall loop and prints its time per iteration:\n"
"  getppid    getppid()\n"
"  write      write() of 64 bytes to /dev/null\n"
"  openclose  even iterations open a missing path (ENOENT), odd ones open\n"
"             the data file and close it (1.5 syscalls per iteration)\n"
"  readfile   pread() of 4 KiB at offset 0 of the 4 KiB data file\n"
"  mix        getppid, write 64 B, open+close, open missing, pread 4 KiB\n"
"             (6 syscalls per iteration)\n"
"  run        runs CMD once (fork, exec, wait) and prints its wall time;\n"
"             cpu_ns_per_op is then the CPU time of CMD and its waited-for\n"
"             descendants (getrusage RUSAGE_CHILDREN)\n"
"\n"
"Options (the environment variables in brackets set the same):\n"
"  -c, --cgroup DIR   join cgroup DIR (v2 directory) first  [SYSBENCH_CGROUP]\n"
"  -g, --gate FIFO    wait until one byte arrives on FIFO   [SYSBENCH_GATE]\n"
"  -f, --file PATH    data file (default ./sysbench.dat; created 4 KiB)\n"
"                                                           [SYSBENCH_FILE]\n"
"  -C, --cpu N        pin to CPU N\n"
"  -h, --help         this help\n"
"\n"
"Output: one line 'mode=M n=N syscalls=S ns_per_op=X cpu_ns_per_op=Y ns=T'.\n"
"Exit status: 0 ok, 1 a syscall failed unexpectedly, 2 usage error;\n"
"run: CMD's status (128+N if killed by signal N).\n"
"\n"
"Examples:\n"
"  " PROG " getppid 1000000\n"
"  mkfifo g; " PROG " -c /sys/fs/cgroup/unified/benchO -g g write 500000 &\n"
"  echo > g\n"
"  " PROG " run sh -c 'tar -cf - /usr/share/doc | cat > /dev/null'\n");
}

static int64_t clock_ns(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int join_cgroup(const char *dir)
{
	char path[4096], buf[32];
	int fd, n, ret = 0;

	snprintf(path, sizeof(path), "%s/cgroup.procs", dir);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = snprintf(buf, sizeof(buf), "%d\n", (int)getpid());
	if (write(fd, buf, (size_t)n) != n)
		ret = -errno;
	close(fd);
	return ret;
}

static int wait_gate(const char *fifo)
{
	char c;
	int fd = open(fifo, O_RDONLY | O_CLOEXEC);	/* blocks for a writer */
	ssize_t n;

	if (fd < 0)
		return -errno;
	do {
		n = read(fd, &c, 1);
	} while (n < 0 && errno == EINTR);
	close(fd);
	return n == 1 ? 0 : -EPIPE;
}

/* The data file: exactly 4 KiB, created when missing or of another size. */
static int prepare_file(const char *path)
{
	char buf[4096];
	struct stat st;
	int fd;

	if (stat(path, &st) == 0 && st.st_size == (off_t)sizeof(buf))
		return 0;
	memset(buf, 'x', sizeof(buf));
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	if (write(fd, buf, sizeof(buf)) != (ssize_t)sizeof(buf)) {
		close(fd);
		return -EIO;
	}
	return close(fd) ? -errno : 0;
}

static int run_cmd(char **argv)
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return -errno;
	if (pid == 0) {
		execvp(argv[0], argv);
		fprintf(stderr, PROG ": cannot run '%s': %s\n", argv[0],
			strerror(errno));
		_exit(errno == ENOENT ? 127 : 126);
	}
	if (waitpid(pid, &status, 0) != pid)
		return -errno;
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}

/* The loops. Each returns 0, or the iteration that failed + 1. */
static long loop_getppid(long n)
{
	for (long i = 0; i < n; i++)
		getppid();
	return 0;
}

static long loop_write(long n, int nullfd, const char *buf)
{
	for (long i = 0; i < n; i++)
		if (write(nullfd, buf, 64) != 64)
			return i + 1;
	return 0;
}

static long loop_openclose(long n, const char *file, const char *missing)
{
	for (long i = 0; i < n; i++) {
		if (i & 1) {
			int fd = open(file, O_RDONLY | O_CLOEXEC);

			if (fd < 0)
				return i + 1;
			close(fd);
		} else if (open(missing, O_RDONLY | O_CLOEXEC) >= 0) {
			return i + 1;
		}
	}
	return 0;
}

static long loop_readfile(long n, int fd, char *buf)
{
	for (long i = 0; i < n; i++)
		if (pread(fd, buf, 4096, 0) != 4096)
			return i + 1;
	return 0;
}

static long loop_mix(long n, int nullfd, int fd, const char *file,
		     const char *missing, char *buf)
{
	for (long i = 0; i < n; i++) {
		int f;

		getppid();
		if (write(nullfd, buf, 64) != 64)
			return i + 1;
		f = open(file, O_RDONLY | O_CLOEXEC);
		if (f < 0)
			return i + 1;
		close(f);
		if (open(missing, O_RDONLY | O_CLOEXEC) >= 0)
			return i + 1;
		if (pread(fd, buf, 4096, 0) != 4096)
			return i + 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "cgroup", required_argument, NULL, 'c' },
		{ "gate", required_argument, NULL, 'g' },
		{ "file", required_argument, NULL, 'f' },
		{ "cpu", required_argument, NULL, 'C' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *cgroup = getenv("SYSBENCH_CGROUP");
	const char *gate = getenv("SYSBENCH_GATE");
	const char *file = getenv("SYSBENCH_FILE");
	char missing[4096 + 16], *end;
	static char buf[4096];
	int64_t t0, t1, c0, c1;
	int opt, cpu = -1, nullfd = -1, fd = -1, ret;
	long n = 1, bad = 0;
	size_t i;
	enum mode mode;
	double per_op = 0;

	/* '+': stop at the first non-option (run's CMD has its own) */
	while ((opt = getopt_long(argc, argv, "+c:g:f:C:h", lopts, NULL)) != -1) {
		switch (opt) {
		case 'c': cgroup = optarg; break;
		case 'g': gate = optarg; break;
		case 'f': file = optarg; break;
		case 'C':
			cpu = (int)strtol(optarg, &end, 10);
			if (*end || cpu < 0 || cpu >= CPU_SETSIZE) {
				fprintf(stderr, PROG ": bad CPU '%s'\n", optarg);
				return 2;
			}
			break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (argc - optind < 2) {
		usage(stderr);
		return 2;
	}
	for (i = 0; i < sizeof(modes) / sizeof(modes[0]); i++)
		if (strcmp(argv[optind], modes[i].name) == 0)
			break;
	if (i == sizeof(modes) / sizeof(modes[0])) {
		fprintf(stderr, PROG ": unknown mode '%s'\n", argv[optind]);
		return 2;
	}
	mode = modes[i].mode;
	if (mode != M_RUN) {
		errno = 0;
		n = strtol(argv[optind + 1], &end, 10);
		if (errno || *end || n <= 0 || argc - optind != 2) {
			fprintf(stderr, PROG ": bad iteration count '%s'\n",
				argv[optind + 1]);
			return 2;
		}
	}
	if (!file || !*file)
		file = "sysbench.dat";

	if (cgroup && *cgroup && (ret = join_cgroup(cgroup))) {
		fprintf(stderr, PROG ": cannot join cgroup '%s': %s\n", cgroup,
			strerror(-ret));
		return 1;
	}
	if (cpu >= 0) {
		cpu_set_t set;

		CPU_ZERO(&set);
		CPU_SET(cpu, &set);
		if (sched_setaffinity(0, sizeof(set), &set)) {
			fprintf(stderr, PROG ": cannot pin to CPU %d: %s\n", cpu,
				strerror(errno));
			return 1;
		}
	}
	if (mode != M_RUN && mode != M_GETPPID) {
		if ((ret = prepare_file(file))) {
			fprintf(stderr, PROG ": '%s': %s\n", file, strerror(-ret));
			return 1;
		}
		snprintf(missing, sizeof(missing), "%s.missing", file);
		nullfd = open("/dev/null", O_WRONLY | O_CLOEXEC);
		fd = open(file, O_RDONLY | O_CLOEXEC);
		if (nullfd < 0 || fd < 0) {
			fprintf(stderr, PROG ": '%s': %s\n", file, strerror(errno));
			return 1;
		}
		memset(buf, 'a', sizeof(buf));
	}
	if (gate && *gate && (ret = wait_gate(gate))) {
		fprintf(stderr, PROG ": gate '%s': %s\n", gate, strerror(-ret));
		return 1;
	}

	c0 = clock_ns(CLOCK_THREAD_CPUTIME_ID);
	t0 = clock_ns(CLOCK_MONOTONIC);
	switch (mode) {
	case M_GETPPID: bad = loop_getppid(n); break;
	case M_WRITE: bad = loop_write(n, nullfd, buf); break;
	case M_OPENCLOSE: bad = loop_openclose(n, file, missing); break;
	case M_READFILE: bad = loop_readfile(n, fd, buf); break;
	case M_MIX: bad = loop_mix(n, nullfd, fd, file, missing, buf); break;
	case M_RUN: bad = run_cmd(argv + optind + 1); break;
	}
	t1 = clock_ns(CLOCK_MONOTONIC);
	c1 = clock_ns(CLOCK_THREAD_CPUTIME_ID);

	if (mode == M_RUN) {
		struct rusage ru;
		long long cpu_ns = 0;

		if (bad < 0) {
			fprintf(stderr, PROG ": cannot run '%s': %s\n",
				argv[optind + 1], strerror((int)-bad));
			return 1;
		}
		/* CPU time of the command and the descendants it waited for */
		if (getrusage(RUSAGE_CHILDREN, &ru) == 0)
			cpu_ns = (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000000LL +
				 (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1000LL;
		printf("mode=run n=1 syscalls=0 ns_per_op=%lld cpu_ns_per_op=%lld ns=%lld status=%ld\n",
		       (long long)(t1 - t0), cpu_ns, (long long)(t1 - t0), bad);
		return (int)bad;
	}
	if (bad) {
		fprintf(stderr, PROG ": %s: iteration %ld failed: %s\n",
			modes[i].name, bad - 1, strerror(errno));
		return 1;
	}
	per_op = (double)(t1 - t0) / (double)n;
	printf("mode=%s n=%ld syscalls=%.0f ns_per_op=%.1f cpu_ns_per_op=%.1f ns=%lld\n",
	       modes[i].name, n, modes[i].syscalls_per_op * (double)n, per_op,
	       (double)(c1 - c0) / (double)n, (long long)(t1 - t0));
	return 0;
}
