// SPDX-License-Identifier: MIT
/*
 * known - makes a known set of syscalls for tests/bpf/record.sh to find in
 * the trace: a failing openat, a write with known data, a 64 KiB read, a
 * path that ends exactly at the end of a mapped page (the next page is
 * unmapped), a path in a file mapping not faulted in yet, a thread, a forked child with a grandchild, a child killed by
 * a signal. Prints the ids the test needs on stdout, then exits with 5.
 *
 *   known DIR      (DIR: a writable directory for the 64 KiB file)
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define BIG 65536

static void *thread_fn(void *arg)
{
	long *tid = arg;

	*tid = syscall(SYS_gettid);
	return NULL;
}

int main(int argc, char **argv)
{
	static char big[BIG];
	const char *near = "/nonexistent/tlz-near-page-end";
	const char *retried = "/nonexistent/tlz-read-at-exit";
	char path[4096], *page;
	long page_size = sysconf(_SC_PAGESIZE), ttid = 0;
	pid_t child, killed, grandchild = 0;
	pthread_t th;
	int fd, st, i, p[2];

	if (argc != 2) {
		fprintf(stderr, "usage: known DIR\n");
		return 2;
	}
	getppid();
	/* a failing call */
	if (openat(AT_FDCWD, "/nonexistent/tlz-known", O_RDONLY) >= 0 ||
	    errno != ENOENT)
		return 1;
	/* an input buffer */
	fd = open("/dev/null", O_WRONLY);
	if (fd < 0 || write(fd, "hello tlz\n", 10) != 10)
		return 1;
	close(fd);
	/* a large read: 64 KiB of "0123456789abcdef" */
	for (i = 0; i < BIG; i++)
		big[i] = "0123456789abcdef"[i % 16];
	snprintf(path, sizeof(path), "%s/known.dat", argv[1]);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || write(fd, big, BIG) != BIG)
		return 1;
	memset(big, 0, sizeof(big));
	if (lseek(fd, 0, SEEK_SET) != 0 || read(fd, big, BIG) != BIG)
		return 1;
	close(fd);
	unlink(path);
	/* a path whose NUL is the last byte of a page; the next page is
	 * unmapped, so reading one byte too many faults */
	page = mmap(NULL, 2 * page_size, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (page == MAP_FAILED || munmap(page + page_size, page_size))
		return 1;
	memcpy(page + page_size - strlen(near) - 1, near, strlen(near) + 1);
	if (open(page + page_size - strlen(near) - 1, O_RDONLY) >= 0)
		return 1;
	/* a path in a file mapping not touched yet: no page table entry,
	 * so the recorder cannot read it at enter (BPF cannot fault pages
	 * in) and reads it again at exit, after the kernel faulted it in */
	snprintf(path, sizeof(path), "%s/known.path", argv[1]);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || write(fd, retried, strlen(retried) + 1) !=
		      (ssize_t)strlen(retried) + 1)
		return 1;
	page = mmap(NULL, page_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	unlink(path);
	if (page == MAP_FAILED || open(page, O_RDONLY) >= 0)
		return 1;
	munmap(page, page_size);
	/* a thread */
	if (pthread_create(&th, NULL, thread_fn, &ttid) ||
	    pthread_join(th, NULL))
		return 1;
	/* a child with a grandchild: the grandchild exits 7, the child 3;
	 * the grandchild's pid comes back through a pipe */
	if (pipe(p))
		return 1;
	child = fork();
	if (child == 0) {
		pid_t g = fork();

		if (g == 0) {
			getpid();
			_exit(7);
		}
		if (write(p[1], &g, sizeof(g)) != sizeof(g))
			_exit(1);
		if (waitpid(g, &st, 0) != g || !WIFEXITED(st) ||
		    WEXITSTATUS(st) != 7)
			_exit(1);
		_exit(3);
	}
	if (child < 0 || read(p[0], &grandchild, sizeof(grandchild)) !=
	    sizeof(grandchild))
		return 1;
	if (waitpid(child, &st, 0) != child || !WIFEXITED(st) ||
	    WEXITSTATUS(st) != 3)
		return 1;
	/* a child killed by a signal */
	killed = fork();
	if (killed == 0) {
		kill(getpid(), SIGTERM);
		_exit(1);	/* not reached */
	}
	if (killed < 0 || waitpid(killed, &st, 0) != killed ||
	    !WIFSIGNALED(st) || WTERMSIG(st) != SIGTERM)
		return 1;
	printf("pid=%d thread=%ld child=%d grandchild=%d killed=%d\n",
	       (int)getpid(), ttid, (int)child, (int)grandchild, (int)killed);
	fflush(stdout);
	return 5;
}
