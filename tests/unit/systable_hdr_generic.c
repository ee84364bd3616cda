/* SPDX-License-Identifier: MIT */
/*
 * systable_hdr_generic.c - aarch64 syscall numbers: <asm-generic/unistd.h>
 * with the __ARCH_WANT_* set of arm64's <asm/unistd.h>, for
 * systable_test.c (see systable_hdr.h). Built for a 64-bit host.
 */
#define __ARCH_WANT_RENAMEAT
#define __ARCH_WANT_NEW_STAT
#define __ARCH_WANT_SET_GET_RLIMIT
#define __ARCH_WANT_TIME32_SYSCALLS
#define __ARCH_WANT_SYS_CLONE3
#define __ARCH_WANT_MEMFD_SECRET
#include <asm-generic/unistd.h>

#include "systable_hdr.h"

#if __BITS_PER_LONG != 64
#error "systable_hdr_generic.c needs a 64-bit host"
#endif

#define E(n) { #n, __NR_##n }

const struct tl_test_nr tl_test_nr_aarch64[] = {
	E(io_setup), E(getcwd), E(epoll_ctl), E(dup), E(dup3), E(fcntl),
	E(ioctl), E(flock), E(mknodat), E(mkdirat), E(unlinkat),
	E(renameat), E(umount2), E(mount), E(statfs), E(fstatfs),
	E(truncate), E(ftruncate), E(faccessat), E(chdir), E(openat),
	E(close), E(pipe2), E(getdents64), E(lseek), E(read), E(write),
	E(readv), E(writev), E(pread64), E(pwrite64), E(sendfile),
	E(pselect6), E(ppoll), E(readlinkat), E(newfstatat), E(fstat),
	E(exit), E(exit_group), E(waitid), E(set_tid_address), E(futex),
	E(nanosleep), E(clock_gettime), E(kill), E(tgkill), E(rt_sigaction),
	E(rt_sigprocmask), E(rt_sigreturn), E(uname), E(getrlimit),
	E(setrlimit), E(getpid), E(getuid), E(socket), E(bind), E(connect),
	E(accept), E(sendto), E(recvfrom), E(brk), E(munmap), E(clone),
	E(execve), E(mmap), E(mprotect), E(accept4), E(wait4), E(prlimit64),
	E(getrandom), E(statx), E(rseq), E(memfd_secret), E(clone3),
	E(openat2), E(faccessat2), E(set_mempolicy_home_node),
};
const unsigned int tl_test_nr_aarch64_count =
	sizeof(tl_test_nr_aarch64) / sizeof(tl_test_nr_aarch64[0]);
