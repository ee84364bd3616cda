// SPDX-License-Identifier: MIT
/*
 * flags.c - flag and enum tables for the strace-style printers, and the
 * functions that print values through them with -X abbrev|raw|verbose.
 * Values come from the Linux UAPI headers (x86_64 unless noted); the
 * order of each table is the order strace 6.x prints the names in, checked
 * against Debian's strace where a test program could reach them.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "flags.h"
#include "tl.h"

#define XT(name, unk, ...)						\
	static const struct xlat_ent name##_e[] = { __VA_ARGS__ };	\
	const struct xlat name = { name##_e,				\
		sizeof(name##_e) / sizeof(name##_e[0]), unk, 0 }
#define XTD(name, unk, ...)						\
	static const struct xlat_ent name##_e[] = { __VA_ARGS__ };	\
	const struct xlat name = { name##_e,				\
		sizeof(name##_e) / sizeof(name##_e[0]), unk, 1 }
#define X(v) { (v), #v }
#define XN(v, n) { (v), n }

XT(xl_open_access, "O_???",
   XN(0, "O_RDONLY"), XN(1, "O_WRONLY"), XN(2, "O_RDWR"), XN(3, "O_ACCMODE"));

/* x86_64 (and i386) values */
XT(xl_open_flags, "O_???",
   XN(0100, "O_CREAT"), XN(0200, "O_EXCL"), XN(0400, "O_NOCTTY"),
   XN(01000, "O_TRUNC"), XN(02000, "O_APPEND"), XN(04000, "O_NONBLOCK"),
   XN(04010000, "O_SYNC"), XN(010000, "O_DSYNC"), XN(040000, "O_DIRECT"),
   XN(0100000, "O_LARGEFILE"), XN(0400000, "O_NOFOLLOW"),
   XN(01000000, "O_NOATIME"), XN(02000000, "O_CLOEXEC"),
   XN(010000000, "O_PATH"), XN(020200000, "O_TMPFILE"),
   XN(0200000, "O_DIRECTORY"), XN(020000, "FASYNC"));

/* aarch64 / arm: O_DIRECTORY, O_NOFOLLOW, O_DIRECT, O_LARGEFILE differ */
XT(xl_open_flags_generic, "O_???",
   XN(0100, "O_CREAT"), XN(0200, "O_EXCL"), XN(0400, "O_NOCTTY"),
   XN(01000, "O_TRUNC"), XN(02000, "O_APPEND"), XN(04000, "O_NONBLOCK"),
   XN(04010000, "O_SYNC"), XN(010000, "O_DSYNC"), XN(0200000, "O_DIRECT"),
   XN(0400000, "O_LARGEFILE"), XN(0100000, "O_NOFOLLOW"),
   XN(01000000, "O_NOATIME"), XN(02000000, "O_CLOEXEC"),
   XN(010000000, "O_PATH"), XN(020040000, "O_TMPFILE"),
   XN(040000, "O_DIRECTORY"), XN(020000, "FASYNC"));

XT(xl_at_flags, "AT_???",
   XN(0x100, "AT_SYMLINK_NOFOLLOW"), XN(0x200, "AT_REMOVEDIR"),
   XN(0x400, "AT_SYMLINK_FOLLOW"), XN(0x800, "AT_NO_AUTOMOUNT"),
   XN(0x1000, "AT_EMPTY_PATH"), XN(0x8000, "AT_RECURSIVE"));

XT(xl_faccessat_flags, "AT_???",
   XN(0x100, "AT_SYMLINK_NOFOLLOW"), XN(0x200, "AT_EACCESS"),
   XN(0x1000, "AT_EMPTY_PATH"));

XT(xl_statx_flags, "AT_???",
   XN(0x2000, "AT_STATX_FORCE_SYNC"), XN(0x4000, "AT_STATX_DONT_SYNC"),
   XN(0x100, "AT_SYMLINK_NOFOLLOW"), XN(0x200, "AT_REMOVEDIR"),
   XN(0x400, "AT_SYMLINK_FOLLOW"), XN(0x800, "AT_NO_AUTOMOUNT"),
   XN(0x1000, "AT_EMPTY_PATH"), XN(0x8000, "AT_RECURSIVE"));

XT(xl_statx_mask, "STATX_???",
   XN(0xfff, "STATX_ALL"), XN(0x7ff, "STATX_BASIC_STATS"),
   XN(0x1, "STATX_TYPE"), XN(0x2, "STATX_MODE"), XN(0x4, "STATX_NLINK"),
   XN(0x8, "STATX_UID"), XN(0x10, "STATX_GID"), XN(0x20, "STATX_ATIME"),
   XN(0x40, "STATX_MTIME"), XN(0x80, "STATX_CTIME"), XN(0x100, "STATX_INO"),
   XN(0x200, "STATX_SIZE"), XN(0x400, "STATX_BLOCKS"),
   XN(0x800, "STATX_BTIME"), XN(0x1000, "STATX_MNT_ID"),
   XN(0x2000, "STATX_DIOALIGN"));

XT(xl_access_mode, "?_OK",
   XN(0, "F_OK"), XN(4, "R_OK"), XN(2, "W_OK"), XN(1, "X_OK"));

XT(xl_mmap_prot, "PROT_???",
   XN(0, "PROT_NONE"), XN(1, "PROT_READ"), XN(2, "PROT_WRITE"),
   XN(4, "PROT_EXEC"), XN(8, "PROT_SEM"), XN(0x01000000, "PROT_GROWSDOWN"),
   XN(0x02000000, "PROT_GROWSUP"));

XT(xl_mmap_type, "MAP_???",
   XN(1, "MAP_SHARED"), XN(2, "MAP_PRIVATE"), XN(3, "MAP_SHARED_VALIDATE"));

XT(xl_mmap_flags, "MAP_???",
   XN(0x10, "MAP_FIXED"), XN(0x20, "MAP_ANONYMOUS"), XN(0x40, "MAP_32BIT"),
   XN(0x4000, "MAP_NORESERVE"), XN(0x8000, "MAP_POPULATE"),
   XN(0x10000, "MAP_NONBLOCK"), XN(0x100, "MAP_GROWSDOWN"),
   XN(0x800, "MAP_DENYWRITE"), XN(0x1000, "MAP_EXECUTABLE"),
   XN(0x2000, "MAP_LOCKED"), XN(0x20000, "MAP_STACK"),
   XN(0x40000, "MAP_HUGETLB"), XN(0x80000, "MAP_SYNC"),
   XN(0x100000, "MAP_FIXED_NOREPLACE"));

XT(xl_clone_flags, "CLONE_???",
   XN(0x100, "CLONE_VM"), XN(0x200, "CLONE_FS"), XN(0x400, "CLONE_FILES"),
   XN(0x800, "CLONE_SIGHAND"), XN(0x1000, "CLONE_PIDFD"),
   XN(0x2000, "CLONE_PTRACE"), XN(0x4000, "CLONE_VFORK"),
   XN(0x8000, "CLONE_PARENT"), XN(0x10000, "CLONE_THREAD"),
   XN(0x20000, "CLONE_NEWNS"), XN(0x40000, "CLONE_SYSVSEM"),
   XN(0x80000, "CLONE_SETTLS"), XN(0x100000, "CLONE_PARENT_SETTID"),
   XN(0x200000, "CLONE_CHILD_CLEARTID"), XN(0x800000, "CLONE_UNTRACED"),
   XN(0x1000000, "CLONE_CHILD_SETTID"), XN(0x2000000, "CLONE_NEWCGROUP"),
   XN(0x4000000, "CLONE_NEWUTS"), XN(0x8000000, "CLONE_NEWIPC"),
   XN(0x10000000, "CLONE_NEWUSER"), XN(0x20000000, "CLONE_NEWPID"),
   XN(0x40000000, "CLONE_NEWNET"), XN(0x80000000, "CLONE_IO"),
   XN(0x100000000ull, "CLONE_CLEAR_SIGHAND"),
   XN(0x200000000ull, "CLONE_INTO_CGROUP"));

XT(xl_wait_options, "W???",
   XN(1, "WNOHANG"), XN(4, "WEXITED"), XN(2, "WSTOPPED"),
   XN(8, "WCONTINUED"), XN(0x01000000, "WNOWAIT"),
   XN(0x80000000, "__WCLONE"), XN(0x40000000, "__WALL"),
   XN(0x20000000, "__WNOTHREAD"));

XT(xl_sock_family, "AF_???",
   XN(0, "AF_UNSPEC"), XN(1, "AF_UNIX"), XN(2, "AF_INET"), XN(3, "AF_AX25"),
   XN(4, "AF_IPX"), XN(5, "AF_APPLETALK"), XN(6, "AF_NETROM"),
   XN(7, "AF_BRIDGE"), XN(8, "AF_ATMPVC"), XN(9, "AF_X25"),
   XN(10, "AF_INET6"), XN(11, "AF_ROSE"), XN(12, "AF_DECnet"),
   XN(13, "AF_NETBEUI"), XN(14, "AF_SECURITY"), XN(15, "AF_KEY"),
   XN(16, "AF_NETLINK"), XN(17, "AF_PACKET"), XN(18, "AF_ASH"),
   XN(19, "AF_ECONET"), XN(20, "AF_ATMSVC"), XN(21, "AF_RDS"),
   XN(22, "AF_SNA"), XN(23, "AF_IRDA"), XN(24, "AF_PPPOX"),
   XN(25, "AF_WANPIPE"), XN(26, "AF_LLC"), XN(27, "AF_IB"),
   XN(28, "AF_MPLS"), XN(29, "AF_CAN"), XN(30, "AF_TIPC"),
   XN(31, "AF_BLUETOOTH"), XN(32, "AF_IUCV"), XN(33, "AF_RXRPC"),
   XN(34, "AF_ISDN"), XN(35, "AF_PHONET"), XN(36, "AF_IEEE802154"),
   XN(37, "AF_CAIF"), XN(38, "AF_ALG"), XN(39, "AF_NFC"),
   XN(40, "AF_VSOCK"), XN(41, "AF_KCM"), XN(42, "AF_QIPCRTR"),
   XN(43, "AF_SMC"), XN(44, "AF_XDP"), XN(45, "AF_MCTP"));

XT(xl_sock_type, "SOCK_???",
   XN(1, "SOCK_STREAM"), XN(2, "SOCK_DGRAM"), XN(3, "SOCK_RAW"),
   XN(4, "SOCK_RDM"), XN(5, "SOCK_SEQPACKET"), XN(6, "SOCK_DCCP"),
   XN(10, "SOCK_PACKET"));

XT(xl_sock_flags, "SOCK_???",
   XN(02000000, "SOCK_CLOEXEC"), XN(04000, "SOCK_NONBLOCK"));

XTD(xl_ipproto, "IPPROTO_???",
   XN(0, "IPPROTO_IP"), XN(1, "IPPROTO_ICMP"), XN(2, "IPPROTO_IGMP"),
   XN(4, "IPPROTO_IPIP"), XN(6, "IPPROTO_TCP"), XN(8, "IPPROTO_EGP"),
   XN(12, "IPPROTO_PUP"), XN(17, "IPPROTO_UDP"), XN(22, "IPPROTO_IDP"),
   XN(29, "IPPROTO_TP"), XN(33, "IPPROTO_DCCP"), XN(41, "IPPROTO_IPV6"),
   XN(46, "IPPROTO_RSVP"), XN(47, "IPPROTO_GRE"), XN(50, "IPPROTO_ESP"),
   XN(51, "IPPROTO_AH"), XN(58, "IPPROTO_ICMPV6"), XN(92, "IPPROTO_MTP"),
   XN(94, "IPPROTO_BEETPH"), XN(98, "IPPROTO_ENCAP"), XN(103, "IPPROTO_PIM"),
   XN(108, "IPPROTO_COMP"), XN(132, "IPPROTO_SCTP"),
   XN(136, "IPPROTO_UDPLITE"), XN(137, "IPPROTO_MPLS"),
   XN(143, "IPPROTO_ETHERNET"), XN(255, "IPPROTO_RAW"),
   XN(262, "IPPROTO_MPTCP"));

XT(xl_msg_flags, "MSG_???",
   XN(0x1, "MSG_OOB"), XN(0x2, "MSG_PEEK"), XN(0x4, "MSG_DONTROUTE"),
   XN(0x8, "MSG_CTRUNC"), XN(0x10, "MSG_PROBE"), XN(0x20, "MSG_TRUNC"),
   XN(0x40, "MSG_DONTWAIT"), XN(0x80, "MSG_EOR"), XN(0x100, "MSG_WAITALL"),
   XN(0x200, "MSG_FIN"), XN(0x400, "MSG_SYN"), XN(0x800, "MSG_CONFIRM"),
   XN(0x1000, "MSG_RST"), XN(0x2000, "MSG_ERRQUEUE"),
   XN(0x4000, "MSG_NOSIGNAL"), XN(0x8000, "MSG_MORE"),
   XN(0x10000, "MSG_WAITFORONE"), XN(0x20000, "MSG_SENDPAGE_NOTLAST"),
   XN(0x40000, "MSG_BATCH"), XN(0x80000, "MSG_NO_SHARED_FRAGS"),
   XN(0x4000000, "MSG_ZEROCOPY"), XN(0x20000000, "MSG_FASTOPEN"),
   XN(0x40000000, "MSG_CMSG_CLOEXEC"), XN(0x80000000, "MSG_CMSG_COMPAT"));

XT(xl_seek_whence, "SEEK_???",
   XN(0, "SEEK_SET"), XN(1, "SEEK_CUR"), XN(2, "SEEK_END"),
   XN(3, "SEEK_DATA"), XN(4, "SEEK_HOLE"));

XT(xl_fcntl_cmd, "F_???",
   XN(0, "F_DUPFD"), XN(1, "F_GETFD"), XN(2, "F_SETFD"), XN(3, "F_GETFL"),
   XN(4, "F_SETFL"), XN(5, "F_GETLK"), XN(6, "F_SETLK"), XN(7, "F_SETLKW"),
   XN(8, "F_SETOWN"), XN(9, "F_GETOWN"), XN(10, "F_SETSIG"),
   XN(11, "F_GETSIG"), XN(15, "F_SETOWN_EX"), XN(16, "F_GETOWN_EX"),
   XN(36, "F_OFD_GETLK"), XN(37, "F_OFD_SETLK"), XN(38, "F_OFD_SETLKW"),
   XN(1024, "F_SETLEASE"), XN(1025, "F_GETLEASE"), XN(1026, "F_NOTIFY"),
   XN(1030, "F_DUPFD_CLOEXEC"), XN(1031, "F_SETPIPE_SZ"),
   XN(1032, "F_GETPIPE_SZ"), XN(1033, "F_ADD_SEALS"),
   XN(1034, "F_GET_SEALS"));

XT(xl_fd_flags, "FD_???", XN(1, "FD_CLOEXEC"));

XT(xl_sigprocmask_how, "SIG_???",
   XN(0, "SIG_BLOCK"), XN(1, "SIG_UNBLOCK"), XN(2, "SIG_SETMASK"));

XT(xl_sa_flags, "SA_???",
   XN(0x04000000, "SA_RESTORER"), XN(0x08000000, "SA_ONSTACK"),
   XN(0x10000000, "SA_RESTART"), XN(0x40000000, "SA_NODEFER"),
   XN(0x80000000, "SA_RESETHAND"), XN(4, "SA_SIGINFO"),
   XN(1, "SA_NOCLDSTOP"), XN(2, "SA_NOCLDWAIT"));

XT(xl_rlimit, "RLIMIT_???",
   XN(0, "RLIMIT_CPU"), XN(1, "RLIMIT_FSIZE"), XN(2, "RLIMIT_DATA"),
   XN(3, "RLIMIT_STACK"), XN(4, "RLIMIT_CORE"), XN(5, "RLIMIT_RSS"),
   XN(6, "RLIMIT_NPROC"), XN(7, "RLIMIT_NOFILE"), XN(8, "RLIMIT_MEMLOCK"),
   XN(9, "RLIMIT_AS"), XN(10, "RLIMIT_LOCKS"), XN(11, "RLIMIT_SIGPENDING"),
   XN(12, "RLIMIT_MSGQUEUE"), XN(13, "RLIMIT_NICE"),
   XN(14, "RLIMIT_RTPRIO"), XN(15, "RLIMIT_RTTIME"));

XT(xl_arch_prctl, "ARCH_???",
   XN(0x1001, "ARCH_SET_GS"), XN(0x1002, "ARCH_SET_FS"),
   XN(0x1003, "ARCH_GET_FS"), XN(0x1004, "ARCH_GET_GS"),
   XN(0x1011, "ARCH_GET_CPUID"), XN(0x1012, "ARCH_SET_CPUID"),
   XN(0x2001, "ARCH_MAP_VDSO_X32"), XN(0x2002, "ARCH_MAP_VDSO_32"),
   XN(0x2003, "ARCH_MAP_VDSO_64"));

XT(xl_futex_cmd, "FUTEX_???",
   XN(0, "FUTEX_WAIT"), XN(1, "FUTEX_WAKE"), XN(2, "FUTEX_FD"),
   XN(3, "FUTEX_REQUEUE"), XN(4, "FUTEX_CMP_REQUEUE"),
   XN(5, "FUTEX_WAKE_OP"), XN(6, "FUTEX_LOCK_PI"), XN(7, "FUTEX_UNLOCK_PI"),
   XN(8, "FUTEX_TRYLOCK_PI"), XN(9, "FUTEX_WAIT_BITSET"),
   XN(10, "FUTEX_WAKE_BITSET"), XN(11, "FUTEX_WAIT_REQUEUE_PI"),
   XN(12, "FUTEX_CMP_REQUEUE_PI"), XN(13, "FUTEX_LOCK_PI2"));

XT(xl_poll_events, "POLL???",
   XN(0x1, "POLLIN"), XN(0x2, "POLLPRI"), XN(0x4, "POLLOUT"),
   XN(0x8, "POLLERR"), XN(0x10, "POLLHUP"), XN(0x20, "POLLNVAL"),
   XN(0x40, "POLLRDNORM"), XN(0x80, "POLLRDBAND"), XN(0x100, "POLLWRNORM"),
   XN(0x200, "POLLWRBAND"), XN(0x400, "POLLMSG"), XN(0x1000, "POLLREMOVE"),
   XN(0x2000, "POLLRDHUP"));

XT(xl_epoll_events, "EPOLL???",
   XN(0x1, "EPOLLIN"), XN(0x2, "EPOLLPRI"), XN(0x4, "EPOLLOUT"),
   XN(0x8, "EPOLLERR"), XN(0x10, "EPOLLHUP"), XN(0x20, "EPOLLNVAL"),
   XN(0x40, "EPOLLRDNORM"), XN(0x80, "EPOLLRDBAND"),
   XN(0x100, "EPOLLWRNORM"), XN(0x200, "EPOLLWRBAND"),
   XN(0x400, "EPOLLMSG"), XN(0x2000, "EPOLLRDHUP"),
   XN(0x10000000, "EPOLLEXCLUSIVE"), XN(0x20000000, "EPOLLWAKEUP"),
   XN(0x40000000, "EPOLLONESHOT"), XN(0x80000000, "EPOLLET"));

XT(xl_epoll_ctl, "EPOLL_CTL_???",
   XN(1, "EPOLL_CTL_ADD"), XN(2, "EPOLL_CTL_DEL"), XN(3, "EPOLL_CTL_MOD"));

XT(xl_cloexec_flags, "O_???", XN(02000000, "EPOLL_CLOEXEC"));

XT(xl_grnd_flags, "GRND_???",
   XN(1, "GRND_NONBLOCK"), XN(2, "GRND_RANDOM"), XN(4, "GRND_INSECURE"));

XT(xl_clock_ids, "CLOCK_???",
   XN(0, "CLOCK_REALTIME"), XN(1, "CLOCK_MONOTONIC"),
   XN(2, "CLOCK_PROCESS_CPUTIME_ID"), XN(3, "CLOCK_THREAD_CPUTIME_ID"),
   XN(4, "CLOCK_MONOTONIC_RAW"), XN(5, "CLOCK_REALTIME_COARSE"),
   XN(6, "CLOCK_MONOTONIC_COARSE"), XN(7, "CLOCK_BOOTTIME"),
   XN(8, "CLOCK_REALTIME_ALARM"), XN(9, "CLOCK_BOOTTIME_ALARM"),
   XN(11, "CLOCK_TAI"));

XT(xl_timer_flags, "TIMER_???", XN(1, "TIMER_ABSTIME"));

XT(xl_madvise, "MADV_???",
   XN(0, "MADV_NORMAL"), XN(1, "MADV_RANDOM"), XN(2, "MADV_SEQUENTIAL"),
   XN(3, "MADV_WILLNEED"), XN(4, "MADV_DONTNEED"), XN(8, "MADV_FREE"),
   XN(9, "MADV_REMOVE"), XN(10, "MADV_DONTFORK"), XN(11, "MADV_DOFORK"),
   XN(12, "MADV_MERGEABLE"), XN(13, "MADV_UNMERGEABLE"),
   XN(14, "MADV_HUGEPAGE"), XN(15, "MADV_NOHUGEPAGE"),
   XN(16, "MADV_DONTDUMP"), XN(17, "MADV_DODUMP"),
   XN(18, "MADV_WIPEONFORK"), XN(19, "MADV_KEEPONFORK"),
   XN(20, "MADV_COLD"), XN(21, "MADV_PAGEOUT"),
   XN(22, "MADV_POPULATE_READ"), XN(23, "MADV_POPULATE_WRITE"),
   XN(24, "MADV_DONTNEED_LOCKED"), XN(100, "MADV_HWPOISON"),
   XN(101, "MADV_SOFT_OFFLINE"));

XT(xl_fadvise, "POSIX_FADV_???",
   XN(0, "POSIX_FADV_NORMAL"), XN(1, "POSIX_FADV_RANDOM"),
   XN(2, "POSIX_FADV_SEQUENTIAL"), XN(3, "POSIX_FADV_WILLNEED"),
   XN(4, "POSIX_FADV_DONTNEED"), XN(5, "POSIX_FADV_NOREUSE"));

XT(xl_seals, "F_SEAL_???",
   XN(1, "F_SEAL_SEAL"), XN(2, "F_SEAL_SHRINK"), XN(4, "F_SEAL_GROW"),
   XN(8, "F_SEAL_WRITE"), XN(0x10, "F_SEAL_FUTURE_WRITE"));

/* The names strace prints for common requests; ambiguous numbers are
 * printed with every name joined by " or ", as strace does. */
XT(xl_ioctl_req, "",
   XN(0x5401, "TCGETS"), XN(0x5402, "SNDCTL_TMR_START or TCSETS"),
   XN(0x5403, "SNDCTL_TMR_STOP or TCSETSW"),
   XN(0x5404, "SNDCTL_TMR_CONTINUE or TCSETSF"),
   XN(0x5405, "TCGETA"), XN(0x5406, "TCSETA"), XN(0x5407, "TCSETAW"),
   XN(0x5408, "TCSETAF"), XN(0x5409, "TCSBRK"), XN(0x540a, "TCXONC"),
   XN(0x540b, "TCFLSH"), XN(0x540c, "TIOCEXCL"), XN(0x540d, "TIOCNXCL"),
   XN(0x540e, "TIOCSCTTY"), XN(0x540f, "TIOCGPGRP"),
   XN(0x5410, "TIOCSPGRP"), XN(0x5411, "TIOCOUTQ"), XN(0x5412, "TIOCSTI"),
   XN(0x5413, "TIOCGWINSZ"), XN(0x5414, "TIOCSWINSZ"),
   XN(0x5415, "TIOCMGET"), XN(0x5416, "TIOCMBIS"), XN(0x5417, "TIOCMBIC"),
   XN(0x5418, "TIOCMSET"), XN(0x541b, "FIONREAD"), XN(0x541c, "TIOCLINUX"),
   XN(0x541d, "TIOCCONS"), XN(0x5420, "TIOCPKT"), XN(0x5421, "FIONBIO"),
   XN(0x5422, "TIOCNOTTY"), XN(0x5423, "TIOCSETD"), XN(0x5424, "TIOCGETD"),
   XN(0x5425, "TCSBRKP"), XN(0x5429, "TIOCGSID"),
   XN(0x80045430, "TIOCGPTN"), XN(0x40045431, "TIOCSPTLCK"),
   XN(0x5441, "TIOCGPTPEER"), XN(0x5450, "FIONCLEX"),
   XN(0x5451, "FIOCLEX"), XN(0x5452, "FIOASYNC"), XN(0x5460, "FIOQSIZE"),
   XN(0x8901, "FIOSETOWN"), XN(0x8903, "FIOGETOWN"),
   XN(0x8910, "SIOCGIFNAME"), XN(0x8912, "SIOCGIFCONF"),
   XN(0x8913, "SIOCGIFFLAGS"), XN(0x8915, "SIOCGIFADDR"),
   XN(0x8927, "SIOCGIFHWADDR"), XN(0x8933, "SIOCGIFINDEX"),
   XN(0x541e, "TIOCGSERIAL"));

XT(xl_shut_how, "SHUT_???",
   XN(0, "SHUT_RD"), XN(1, "SHUT_WR"), XN(2, "SHUT_RDWR"));

XT(xl_sock_level, "SOL_???",
   XN(0, "SOL_IP"), XN(1, "SOL_SOCKET"), XN(6, "SOL_TCP"),
   XN(17, "SOL_UDP"), XN(41, "SOL_IPV6"), XN(58, "SOL_ICMPV6"),
   XN(255, "SOL_RAW"), XN(263, "SOL_PACKET"), XN(270, "SOL_NETLINK"));

XT(xl_sockopt, "SO_???",
   XN(1, "SO_DEBUG"), XN(2, "SO_REUSEADDR"), XN(3, "SO_TYPE"),
   XN(4, "SO_ERROR"), XN(5, "SO_DONTROUTE"), XN(6, "SO_BROADCAST"),
   XN(7, "SO_SNDBUF"), XN(8, "SO_RCVBUF"), XN(9, "SO_KEEPALIVE"),
   XN(10, "SO_OOBINLINE"), XN(11, "SO_NO_CHECK"), XN(12, "SO_PRIORITY"),
   XN(13, "SO_LINGER"), XN(14, "SO_BSDCOMPAT"), XN(15, "SO_REUSEPORT"),
   XN(16, "SO_PASSCRED"), XN(17, "SO_PEERCRED"), XN(18, "SO_RCVLOWAT"),
   XN(19, "SO_SNDLOWAT"), XN(20, "SO_RCVTIMEO_OLD"),
   XN(21, "SO_SNDTIMEO_OLD"),
   XN(22, "SO_SECURITY_AUTHENTICATION"),
   XN(23, "SO_SECURITY_ENCRYPTION_TRANSPORT"),
   XN(24, "SO_SECURITY_ENCRYPTION_NETWORK"), XN(25, "SO_BINDTODEVICE"),
   XN(26, "SO_ATTACH_FILTER"), XN(27, "SO_DETACH_FILTER"),
   XN(28, "SO_PEERNAME"), XN(29, "SO_TIMESTAMP_OLD"),
   XN(30, "SO_ACCEPTCONN"), XN(31, "SO_PEERSEC"), XN(32, "SO_SNDBUFFORCE"),
   XN(33, "SO_RCVBUFFORCE"), XN(34, "SO_PASSSEC"),
   XN(35, "SO_TIMESTAMPNS_OLD"), XN(36, "SO_MARK"),
   XN(37, "SO_TIMESTAMPING_OLD"), XN(38, "SO_PROTOCOL"),
   XN(39, "SO_DOMAIN"), XN(40, "SO_RXQ_OVFL"), XN(41, "SO_WIFI_STATUS"),
   XN(42, "SO_PEEK_OFF"), XN(43, "SO_NOFCS"), XN(44, "SO_LOCK_FILTER"),
   XN(45, "SO_SELECT_ERR_QUEUE"), XN(46, "SO_BUSY_POLL"),
   XN(47, "SO_MAX_PACING_RATE"), XN(48, "SO_BPF_EXTENSIONS"),
   XN(49, "SO_INCOMING_CPU"), XN(50, "SO_ATTACH_BPF"),
   XN(51, "SO_ATTACH_REUSEPORT_CBPF"), XN(52, "SO_ATTACH_REUSEPORT_EBPF"),
   XN(53, "SO_CNX_ADVICE"), XN(55, "SO_MEMINFO"),
   XN(56, "SO_INCOMING_NAPI_ID"), XN(57, "SO_COOKIE"),
   XN(59, "SO_PEERGROUPS"), XN(60, "SO_ZEROCOPY"), XN(61, "SO_TXTIME"),
   XN(62, "SO_BINDTOIFINDEX"), XN(63, "SO_TIMESTAMP_NEW"),
   XN(64, "SO_TIMESTAMPNS_NEW"), XN(65, "SO_TIMESTAMPING_NEW"),
   XN(66, "SO_RCVTIMEO_NEW"), XN(67, "SO_SNDTIMEO_NEW"),
   XN(68, "SO_DETACH_REUSEPORT_BPF"), XN(69, "SO_PREFER_BUSY_POLL"),
   XN(70, "SO_BUSY_POLL_BUDGET"), XN(71, "SO_NETNS_COOKIE"),
   XN(72, "SO_BUF_LOCK"), XN(73, "SO_RESERVE_MEM"), XN(74, "SO_TXREHASH"),
   XN(75, "SO_RCVMARK"));

XT(xl_ipopt, "IP_???",
   XN(1, "IP_TOS"), XN(2, "IP_TTL"), XN(3, "IP_HDRINCL"), XN(4, "IP_OPTIONS"),
   XN(6, "IP_RECVOPTS"), XN(7, "IP_RETOPTS"), XN(8, "IP_PKTINFO"),
   XN(10, "IP_MTU_DISCOVER"), XN(11, "IP_RECVERR"), XN(12, "IP_RECVTTL"),
   XN(13, "IP_RECVTOS"), XN(14, "IP_MTU"), XN(15, "IP_FREEBIND"),
   XN(19, "IP_TRANSPARENT"), XN(24, "IP_BIND_ADDRESS_NO_PORT"),
   XN(32, "IP_MULTICAST_IF"), XN(33, "IP_MULTICAST_TTL"),
   XN(34, "IP_MULTICAST_LOOP"), XN(35, "IP_ADD_MEMBERSHIP"),
   XN(36, "IP_DROP_MEMBERSHIP"));

XT(xl_ipv6opt, "IPV6_???",
   XN(16, "IPV6_UNICAST_HOPS"), XN(17, "IPV6_MULTICAST_IF"),
   XN(18, "IPV6_MULTICAST_HOPS"), XN(19, "IPV6_MULTICAST_LOOP"),
   XN(23, "IPV6_MTU_DISCOVER"), XN(24, "IPV6_MTU"), XN(25, "IPV6_RECVERR"),
   XN(26, "IPV6_V6ONLY"), XN(49, "IPV6_RECVPKTINFO"),
   XN(67, "IPV6_TCLASS"));

XT(xl_tcpopt, "TCP_???",
   XN(1, "TCP_NODELAY"), XN(2, "TCP_MAXSEG"), XN(3, "TCP_CORK"),
   XN(4, "TCP_KEEPIDLE"), XN(5, "TCP_KEEPINTVL"), XN(6, "TCP_KEEPCNT"),
   XN(7, "TCP_SYNCNT"), XN(8, "TCP_LINGER2"), XN(9, "TCP_DEFER_ACCEPT"),
   XN(10, "TCP_WINDOW_CLAMP"), XN(11, "TCP_INFO"), XN(12, "TCP_QUICKACK"),
   XN(13, "TCP_CONGESTION"), XN(18, "TCP_USER_TIMEOUT"),
   XN(23, "TCP_FASTOPEN"), XN(25, "TCP_NOTSENT_LOWAT"));

XT(xl_prctl_opt, "PR_???",
   XN(1, "PR_SET_PDEATHSIG"), XN(2, "PR_GET_PDEATHSIG"),
   XN(3, "PR_GET_DUMPABLE"), XN(4, "PR_SET_DUMPABLE"),
   XN(8, "PR_SET_KEEPCAPS"), XN(15, "PR_SET_NAME"), XN(16, "PR_GET_NAME"),
   XN(22, "PR_SET_SECCOMP"), XN(23, "PR_CAPBSET_READ"),
   XN(36, "PR_SET_CHILD_SUBREAPER"), XN(37, "PR_GET_CHILD_SUBREAPER"),
   XN(38, "PR_SET_NO_NEW_PRIVS"), XN(39, "PR_GET_NO_NEW_PRIVS"),
   XN(47, "PR_CAP_AMBIENT"), XN(0x59616d61, "PR_SET_PTRACER"));

const char *xlat_name(const struct xlat *x, uint64_t val)
{
	unsigned int i;

	for (i = 0; i < x->n; i++)
		if (x->e[i].val == val)
			return x->e[i].name;
	return NULL;
}

static void print_unknown_num(struct sbuf *sb, const struct xlat *x,
			      uint64_t val)
{
	if (x->dec)
		sbuf_u64(sb, val);
	else
		sbuf_hex(sb, val);
}

void print_xval(struct sbuf *sb, const struct xlat *x, uint64_t val,
		int xstyle)
{
	const char *name = xlat_name(x, val);

	if (xstyle == XS_RAW || (xstyle == XS_VERBOSE && name)) {
		print_unknown_num(sb, x, val);
		if (xstyle == XS_RAW)
			return;
		sbuf_puts(sb, " /* ");
		sbuf_puts(sb, name);
		sbuf_puts(sb, " */");
		return;
	}
	if (name) {
		sbuf_puts(sb, name);
		return;
	}
	print_unknown_num(sb, x, val);
	if (x->unknown && *x->unknown) {
		sbuf_puts(sb, " /* ");
		sbuf_puts(sb, x->unknown);
		sbuf_puts(sb, " */");
	}
}

unsigned int sprint_flags(struct sbuf *sb, const struct xlat *x, uint64_t val)
{
	unsigned int i, n = 0;

	for (i = 0; i < x->n && val; i++) {
		uint64_t v = x->e[i].val;

		if (v && (val & v) == v) {
			if (n++)
				sbuf_putc(sb, '|');
			sbuf_puts(sb, x->e[i].name);
			val &= ~v;
		}
	}
	if (val) {
		if (n++)
			sbuf_putc(sb, '|');
		sbuf_hex(sb, val);
	}
	return n;
}

/* Whether any name of x matches a bit of val. */
static bool any_flag(const struct xlat *x, uint64_t val)
{
	unsigned int i;

	for (i = 0; i < x->n; i++)
		if (x->e[i].val && (val & x->e[i].val) == x->e[i].val)
			return true;
	return false;
}

void print_flags(struct sbuf *sb, const struct xlat *x, uint64_t val,
		 int xstyle)
{
	const char *zero = x->n && x->e[0].val == 0 ? x->e[0].name : NULL;

	if (val == 0) {
		if (zero && xstyle != XS_RAW) {
			if (xstyle == XS_VERBOSE)
				sbuf_puts(sb, "0 /* ");
			sbuf_puts(sb, zero);
			if (xstyle == XS_VERBOSE)
				sbuf_puts(sb, " */");
		} else {
			sbuf_putc(sb, '0');
		}
		return;
	}
	if (xstyle == XS_RAW) {
		sbuf_hex(sb, val);
		return;
	}
	if (!any_flag(x, val)) {
		sbuf_hex(sb, val);
		if (xstyle != XS_VERBOSE && x->unknown && *x->unknown) {
			sbuf_puts(sb, " /* ");
			sbuf_puts(sb, x->unknown);
			sbuf_puts(sb, " */");
		}
		return;
	}
	if (xstyle == XS_VERBOSE) {
		sbuf_hex(sb, val);
		sbuf_puts(sb, " /* ");
		sprint_flags(sb, x, val);
		sbuf_puts(sb, " */");
		return;
	}
	sprint_flags(sb, x, val);
}

void print_open_flags(struct sbuf *sb, uint64_t val, int abi, int xstyle)
{
	const struct xlat *fl = (abi == TL_ABI_AARCH64 || abi == TL_ABI_ARM) ?
		&xl_open_flags_generic : &xl_open_flags;
	uint64_t rest = val & ~3ull;

	if (xstyle == XS_RAW) {
		sbuf_hex(sb, val);
		return;
	}
	if (xstyle == XS_VERBOSE)  {
		sbuf_hex(sb, val);
		sbuf_puts(sb, " /* ");
	}
	sbuf_puts(sb, xlat_name(&xl_open_access, val & 3));
	if (rest) {
		sbuf_putc(sb, '|');
		sprint_flags(sb, fl, rest);
	}
	if (xstyle == XS_VERBOSE)
		sbuf_puts(sb, " */");
}

static void put_oct_mode(struct sbuf *sb, uint32_t m)
{
	/* strace's %#03o: a leading 0, at least three characters */
	sbuf_putc(sb, '0');
	if (m < 010)
		sbuf_putc(sb, '0');
	if (m)
		sbuf_oct(sb, m);
	else
		sbuf_putc(sb, '0');
}

void print_mode_t(struct sbuf *sb, uint32_t mode, bool with_type, int xstyle)
{
	static const struct xlat_ent types[] = {
		{ 0140000, "S_IFSOCK" }, { 0120000, "S_IFLNK" },
		{ 0100000, "S_IFREG" }, { 060000, "S_IFBLK" },
		{ 040000, "S_IFDIR" }, { 020000, "S_IFCHR" },
		{ 010000, "S_IFIFO" },
	};
	uint32_t fmt = mode & 0170000;
	bool any = false;
	unsigned int i;

	if (xstyle == XS_RAW) {
		put_oct_mode(sb, mode);
		return;
	}
	if (with_type && fmt) {
		for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
			if (types[i].val == fmt) {
				sbuf_puts(sb, types[i].name);
				any = true;
				break;
			}
		}
		if (!any) {
			sbuf_oct(sb, fmt);
			any = true;
		}
		mode &= ~0170000u;
	}
	if (mode & 04000) {
		sbuf_puts(sb, any ? "|S_ISUID" : "S_ISUID");
		any = true;
	}
	if (mode & 02000) {
		sbuf_puts(sb, any ? "|S_ISGID" : "S_ISGID");
		any = true;
	}
	if (mode & 01000) {
		sbuf_puts(sb, any ? "|S_ISVTX" : "S_ISVTX");
		any = true;
	}
	mode &= 0777 | (with_type ? 0 : ~07777u);
	if (any)
		sbuf_putc(sb, '|');
	put_oct_mode(sb, mode);
}

static const char *const signames[32] = {
	"0", "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT",
	"SIGBUS", "SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2",
	"SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT", "SIGCHLD", "SIGCONT",
	"SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU",
	"SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR",
	"SIGSYS",
};

void print_signame(struct sbuf *sb, int sig, int xstyle)
{
	if (xstyle == XS_RAW || sig < 0 || sig > 64) {
		sbuf_i64(sb, sig);
		return;
	}
	if (xstyle == XS_VERBOSE) {
		sbuf_i64(sb, sig);
		sbuf_puts(sb, " /* ");
	}
	if (sig < 32) {
		sbuf_puts(sb, signames[sig]);
	} else if (sig == 32) {
		sbuf_puts(sb, "SIGRTMIN");
	} else {
		sbuf_puts(sb, "SIGRT_");
		sbuf_u64(sb, (uint64_t)(sig - 32));
	}
	if (xstyle == XS_VERBOSE)
		sbuf_puts(sb, " */");
}

const char *sigset_name(int sig, char tmp[16])
{
	if (sig <= 0 || sig > 64)
		return NULL;
	if (sig < 32)
		return signames[sig] + 3;
	if (sig == 32)
		return "RTMIN";
	snprintf(tmp, 16, "RT_%d", sig - 32);
	return tmp;
}

/* The file's syscall table names flag sets (tl_sysarg.fmt); these are the
 * ones with a table here. */
static const struct {
	const char *fmt;
	const struct xlat *x;
} by_fmt[] = {
	{ "access_mode", &xl_access_mode },
	{ "arch_prctl_code", &xl_arch_prctl },
	{ "at_flags", &xl_at_flags },
	{ "clockid", &xl_clock_ids },
	{ "clone_flags", &xl_clone_flags },
	{ "epoll_create_flags", &xl_cloexec_flags },
	{ "epoll_ctl_op", &xl_epoll_ctl },
	{ "fadvise_advice", &xl_fadvise },
	{ "fcntl_cmd", &xl_fcntl_cmd },
	{ "getrandom_flags", &xl_grnd_flags },
	{ "lseek_whence", &xl_seek_whence },
	{ "madvise_advice", &xl_madvise },
	{ "mmap_prot", &xl_mmap_prot },
	{ "msg_flags", &xl_msg_flags },
	{ "prctl_option", &xl_prctl_opt },
	{ "rlimit_resource", &xl_rlimit },
	{ "shutdown_how", &xl_shut_how },
	{ "sigprocmask_how", &xl_sigprocmask_how },
	{ "socket_domain", &xl_sock_family },
	{ "sockopt_level", &xl_sock_level },
	{ "statx_mask", &xl_statx_mask },
	{ "timer_flags", &xl_timer_flags },
	{ "wait_options", &xl_wait_options },
};

const struct xlat *xlat_by_fmt(const char *fmt)
{
	unsigned i;

	if (!fmt)
		return NULL;
	for (i = 0; i < sizeof(by_fmt) / sizeof(by_fmt[0]); i++)
		if (strcmp(by_fmt[i].fmt, fmt) == 0)
			return by_fmt[i].x;
	return NULL;
}
