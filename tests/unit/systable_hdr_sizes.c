/* SPDX-License-Identifier: MIT */
/*
 * systable_hdr_sizes.c - native struct sizes from the uapi headers, for
 * systable_test.c (see systable_hdr.h); kept apart from libc headers,
 * whose struct timeval etc. clash with the uapi ones.
 */
#include <asm/stat.h>
#include <asm/statfs.h>
#include <linux/eventpoll.h>
#include <linux/poll.h>
#include <linux/resource.h>
#include <linux/sched.h>
#include <linux/stat.h>
#include <linux/time_types.h>
#include <linux/types.h>
#include <linux/utsname.h>

#include "systable_hdr.h"

const struct tl_test_size tl_test_sizes[] = {
	{ "newfstatat", "statbuf", sizeof(struct stat) },
	{ "statx", "buffer", sizeof(struct statx) },
	{ "statfs", "buf", sizeof(struct statfs) },
	{ "poll", "ufds", sizeof(struct pollfd) },
	{ "epoll_wait", "events", sizeof(struct epoll_event) },
	{ "getrusage", "ru", sizeof(struct rusage) },
	{ "getrlimit", "rlim", sizeof(struct rlimit) },
	{ "prlimit64", "old_rlim", sizeof(struct rlimit64) },
	{ "uname", "name", sizeof(struct new_utsname) },
	{ "nanosleep", "rqtp", sizeof(struct __kernel_timespec) },
	{ "gettimeofday", "tv", sizeof(struct __kernel_old_timeval) },
	{ "setitimer", "value", sizeof(struct __kernel_old_itimerval) },
	{ "timer_settime", "new_setting", sizeof(struct __kernel_itimerspec) },
	{ "clone3", "uargs", sizeof(struct clone_args) },
};
const unsigned int tl_test_sizes_count =
	sizeof(tl_test_sizes) / sizeof(tl_test_sizes[0]);
