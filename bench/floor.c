// SPDX-License-Identifier: MIT
/*
 * floor - attaches bench/floor.bpf.c's programs until SIGINT/SIGTERM, for
 * bench/run.sh's floor rows (what the attach points alone cost, and with
 * one clock read per program).
 *
 *   floor empty|clock     prints "attached" on stderr once attached
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <bpf/libbpf.h>

#include "floor.skel.h"

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static int silent(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	(void)level;
	(void)fmt;
	(void)ap;
	return 0;
}

int main(int argc, char **argv)
{
	struct floor_bpf *skel = NULL;
	int ret = 1;

	if (argc != 2 || (strcmp(argv[1], "empty") && strcmp(argv[1], "clock"))) {
		fprintf(stderr, "usage: floor empty|clock\n");
		return 2;
	}
	libbpf_set_print(silent);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	skel = floor_bpf__open();
	if (!skel) {
		fprintf(stderr, "floor: cannot open the BPF object: %s\n", strerror(errno));
		goto out;
	}
	skel->rodata->mode = !strcmp(argv[1], "clock");
	if (floor_bpf__load(skel) || floor_bpf__attach(skel)) {
		fprintf(stderr, "floor: cannot load or attach: %s\n", strerror(errno));
		goto out;
	}
	fprintf(stderr, "attached\n");
	while (!stop)
		pause();
	ret = 0;
out:
	floor_bpf__destroy(skel);
	return ret;
}
