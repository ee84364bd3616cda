/* SPDX-License-Identifier: MIT */
/*
 * systable_hdr32.c - i386 syscall numbers from <asm/unistd_32.h>, for
 * systable_test.c (see systable_hdr.h).
 */
#include "systable_hdr.h"

#if __has_include(<asm/unistd_32.h>)
#include <asm/unistd_32.h>

#define E(n) { #n, __NR_##n }

const struct tl_test_nr tl_test_nr_i386[] = {
	E(restart_syscall), E(exit), E(fork), E(read), E(write), E(open),
	E(close), E(waitpid), E(creat), E(link), E(unlink), E(execve),
	E(chdir), E(time), E(lchown), E(break), E(oldstat), E(lseek),
	E(getpid), E(umount), E(setuid), E(getuid), E(kill), E(pipe),
	E(brk), E(signal), E(ioctl), E(fcntl), E(dup2), E(sigaction),
	E(select), E(readdir), E(mmap), E(munmap), E(socketcall),
	E(stat), E(fstat), E(ipc), E(sigreturn), E(clone), E(uname),
	E(mprotect), E(_llseek), E(_newselect), E(writev), E(poll),
	E(rt_sigaction), E(rt_sigprocmask), E(pread64), E(getcwd),
	E(vfork), E(ugetrlimit), E(mmap2), E(stat64), E(fstat64),
	E(lchown32), E(getuid32), E(getdents64), E(fcntl64), E(gettid),
	E(futex), E(set_thread_area), E(exit_group), E(epoll_wait),
	E(set_tid_address), E(clock_gettime), E(statfs64), E(tgkill),
	E(openat), E(fstatat64), E(pselect6), E(ppoll), E(pipe2),
	E(prlimit64), E(socket), E(connect), E(sendto), E(recvfrom),
	E(getrandom), E(statx), E(arch_prctl), E(rseq), E(semget),
	E(clock_gettime64), E(futex_time64), E(pidfd_send_signal),
	E(clone3), E(faccessat2), E(set_mempolicy_home_node),
};
const unsigned int tl_test_nr_i386_count =
	sizeof(tl_test_nr_i386) / sizeof(tl_test_nr_i386[0]);
#else	/* not an x86 host: nothing to compare with */
const struct tl_test_nr tl_test_nr_i386[1];
const unsigned int tl_test_nr_i386_count;
#endif
