// SPDX-License-Identifier: MIT
/*
 * sfmt.c - strace's argument decoders, re-done for recorded events. A
 * syscall's printer is a row of argument types (struct sc_printer): the
 * arguments before `exit_from` are printed at entry, the others at exit,
 * as strace's own decoders split them. Rows are sorted by name. Syscalls
 * without a row are printed from the file's syscall table (argument
 * kinds); unknown numbers as strace prints them: syscall_0xNNN(hex...).
 *
 * Captured memory (struct tl_capture) replaces a pointer by its contents
 * when present; without it the pointer is printed in hex, as strace does
 * for memory it cannot read. Struct layouts are the x86_64 ones, with the
 * aarch64 and i386 differences where the structs differ.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "flags.h"
#include "internal.h"
#include "argfmt.h"
#include "sfmt.h"

enum pt {
	PT_END = 0,
	PT_INT,		/* int, decimal */
	PT_UINT,	/* unsigned int, decimal */
	PT_LONG,	/* long, decimal */
	PT_ULONG,	/* unsigned long, decimal */
	PT_HEX,		/* hex, 0 as "0" */
	PT_PTR,		/* NULL or hex */
	PT_FD,
	PT_DIRFD,	/* AT_FDCWD or fd */
	PT_PATH,	/* path string, never cut by -s */
	PT_STR,		/* C string, cut at -s */
	PT_BUF_IN,	/* buffer read at entry, length = next argument */
	PT_BUF_OUT,	/* buffer filled by the call, length = ret */
	PT_BUF_OUT_HEX,	/* same, always in \x form (getrandom) */
	PT_STR_OUT,	/* string filled by the call (getcwd, readlink) */
	PT_MODE,	/* octal mode */
	PT_XVAL,	/* one named value of x */
	PT_FLAGS,	/* flag set of x */
	PT_OPEN_FLAGS,
	PT_SIG,
	PT_STAT_OUT,
	PT_STATX_OUT,
	PT_STATX_FLAGS,
	PT_SA_IN,	/* sockaddr, length = next argument */
	PT_SA_OUT,	/* sockaddr filled by the call + its length pointer */
	PT_SOCKLEN,	/* consumed by PT_SA_OUT */
	PT_ARGV,
	PT_ENVP,
	PT_SIGSET_IN,
	PT_SIGSET_OUT,
	PT_SIGACT_IN,
	PT_SIGACT_OUT,
	PT_RLIM_IN,
	PT_RLIM_OUT,
	PT_TS_IN,
	PT_TS_OUT,
	PT_INT_OUT,	/* [int] written by the call */
	PT_INT_IN,	/* [int] passed by the caller (FIONBIO's flag) */
	PT_WINSZ_IN,	/* struct winsize passed (TIOCSWINSZ) */
	PT_WINSZ_OUT,	/* struct winsize written by the call (TIOCGWINSZ) */
	PT_FDPAIR_OUT,
	PT_WSTATUS_OUT,
	PT_UTS_OUT,
	PT_DIRENTS_OUT,
	PT_SOCK_TYPE,	/* SOCK_STREAM|SOCK_CLOEXEC */
	PT_SOCK_PROTO,	/* by the family in args[0] */
	PT_MMAP_FLAGS,
	PT_CLONE_FLAGS,
	PT_IOCTL_REQ,
	PT_IOCTL_ARG,
	PT_FCNTL_ARG,
	PT_FUTEX_OP,
	PT_POLLFDS,
	PT_FDSET,
	PT_PSELECT_SIG,	/* pselect6's {sigmask, sigsetsize} */
	PT_TV_IN,
	PT_EPOLL_EV_IN,
	PT_EPOLL_EV_OUT,
	PT_SOCKOPT_NAME,
	PT_ARCH_PRCTL_ARG,
	PT_CLONE3_ARGS,
	PT_SOCKOPT_IN,	/* setsockopt optval: [int] or the bytes */
	PT_SOCKOPT_OUT,	/* getsockopt optval */
	PT_SYSINFO_OUT,
	PT_GROUPS_OUT,	/* getgroups list, count in args[0] */
	PT_CPUSET_OUT,	/* sched_getaffinity mask */
	PT_STATFS_OUT,
};

enum rv {
	RV_DEC = 0,
	RV_HEX,		/* brk, mmap */
	RV_OCT,		/* umask */
	RV_NONE,	/* exit, exit_group: "= ?" */
	RV_FCNTL,	/* F_GETFL "0x8002 (flags O_RDWR|O_LARGEFILE)" */
	RV_POLL,	/* "1 ([{fd=3, revents=POLLIN}])", "0 (Timeout)" */
	RV_SELECT,	/* "0 (Timeout)" */
	RV_UHEX,	/* unknown syscall: hex */
};

struct sc_arg {
	uint8_t pt;
	const struct xlat *x;
};

struct sc_printer {
	const char *name;
	uint8_t nargs;
	uint8_t exit_from;	/* first argument printed at exit */
	uint8_t rv;
	uint8_t custom;		/* CU_*: argument list computed per call */
	struct sc_arg a[6];
};

enum {
	CU_NONE = 0,
	CU_OPEN,	/* mode only with O_CREAT/O_TMPFILE */
	CU_CLONE,
	CU_FCNTL,	/* third argument by command */
	CU_IOCTL,
	CU_FUTEX,
	CU_SOCKET,
	CU_GENERIC,	/* from the file's syscall table */
	CU_UNKNOWN,	/* not in the table: syscall_0x.. */
	CU_ARCH_PRCTL,
	CU_RSEQ,
};

#define A(t) { PT_##t, NULL }
#define AX(t, x) { PT_##t, &x }

/* Sorted by name (checked at first use). */
static const struct sc_printer printers[] = {
	{ "accept", 3, 1, 0, 0, { A(FD), A(SA_OUT), A(SOCKLEN) } },
	{ "accept4", 4, 1, 0, 0, { A(FD), A(SA_OUT), A(SOCKLEN), AX(FLAGS, xl_sock_flags) } },
	{ "access", 2, 2, 0, 0, { A(PATH), AX(FLAGS, xl_access_mode) } },
	{ "arch_prctl", 2, 2, 0, CU_ARCH_PRCTL, { AX(XVAL, xl_arch_prctl), A(ARCH_PRCTL_ARG) } },
	{ "bind", 3, 3, 0, 0, { A(FD), A(SA_IN), A(UINT) } },
	{ "brk", 1, 1, RV_HEX, 0, { A(PTR) } },
	{ "chdir", 1, 1, 0, 0, { A(PATH) } },
	{ "chmod", 2, 2, 0, 0, { A(PATH), A(MODE) } },
	{ "chown", 3, 3, 0, 0, { A(PATH), A(INT), A(INT) } },
	{ "chroot", 1, 1, 0, 0, { A(PATH) } },
	{ "clock_gettime", 2, 1, 0, 0, { AX(XVAL, xl_clock_ids), A(TS_OUT) } },
	{ "clock_nanosleep", 4, 3, 0, 0, { AX(XVAL, xl_clock_ids), AX(FLAGS, xl_timer_flags), A(TS_IN), A(TS_OUT) } },
	{ "clone", 5, 2, 0, CU_CLONE, { A(PTR) } },
	{ "clone3", 2, 1, 0, 0, { A(CLONE3_ARGS), A(ULONG) } },
	{ "close", 1, 1, 0, 0, { A(FD) } },
	{ "connect", 3, 3, 0, 0, { A(FD), A(SA_IN), A(UINT) } },
	{ "copy_file_range", 6, 6, 0, 0, { A(FD), A(PTR), A(FD), A(PTR), A(ULONG), A(UINT) } },
	{ "creat", 2, 2, 0, 0, { A(PATH), A(MODE) } },
	{ "dup", 1, 1, 0, 0, { A(FD) } },
	{ "dup2", 2, 2, 0, 0, { A(FD), A(FD) } },
	{ "dup3", 3, 3, 0, 0, { A(FD), A(FD), AX(FLAGS, xl_open_flags) } },
	{ "epoll_create", 1, 1, 0, 0, { A(INT) } },
	{ "epoll_create1", 1, 1, 0, 0, { AX(FLAGS, xl_cloexec_flags) } },
	{ "epoll_ctl", 4, 4, 0, 0, { A(FD), AX(XVAL, xl_epoll_ctl), A(FD), A(EPOLL_EV_IN) } },
	{ "epoll_pwait", 6, 1, 0, 0, { A(FD), A(EPOLL_EV_OUT), A(INT), A(INT), A(PTR), A(ULONG) } },
	{ "epoll_wait", 4, 1, 0, 0, { A(FD), A(EPOLL_EV_OUT), A(INT), A(INT) } },
	{ "execve", 3, 3, 0, 0, { A(PATH), A(ARGV), A(ENVP) } },
	{ "execveat", 5, 5, 0, 0, { A(DIRFD), A(PATH), A(ARGV), A(ENVP), AX(FLAGS, xl_at_flags) } },
	{ "exit", 1, 1, RV_NONE, 0, { A(INT) } },
	{ "exit_group", 1, 1, RV_NONE, 0, { A(INT) } },
	{ "faccessat", 3, 3, 0, 0, { A(DIRFD), A(PATH), AX(FLAGS, xl_access_mode) } },
	{ "faccessat2", 4, 4, 0, 0, { A(DIRFD), A(PATH), AX(FLAGS, xl_access_mode), AX(FLAGS, xl_faccessat_flags) } },
	{ "fadvise64", 4, 4, 0, 0, { A(FD), A(LONG), A(LONG), AX(XVAL, xl_fadvise) } },
	{ "fchdir", 1, 1, 0, 0, { A(FD) } },
	{ "fchmod", 2, 2, 0, 0, { A(FD), A(MODE) } },
	{ "fchmodat", 3, 3, 0, 0, { A(DIRFD), A(PATH), A(MODE) } },
	{ "fchown", 3, 3, 0, 0, { A(FD), A(INT), A(INT) } },
	{ "fchownat", 5, 5, 0, 0, { A(DIRFD), A(PATH), A(INT), A(INT), AX(FLAGS, xl_at_flags) } },
	{ "fcntl", 3, 3, RV_FCNTL, CU_FCNTL, { A(FD), AX(XVAL, xl_fcntl_cmd), A(FCNTL_ARG) } },
	{ "fdatasync", 1, 1, 0, 0, { A(FD) } },
	{ "fstat", 2, 1, 0, 0, { A(FD), A(STAT_OUT) } },
	{ "fstat64", 2, 1, 0, 0, { A(FD), A(STAT_OUT) } },
	{ "fstatat64", 4, 2, 0, 0, { A(DIRFD), A(PATH), A(STAT_OUT), AX(FLAGS, xl_at_flags) } },
	{ "fstatfs", 2, 1, 0, 0, { A(FD), A(STATFS_OUT) } },
	{ "fsync", 1, 1, 0, 0, { A(FD) } },
	{ "ftruncate", 2, 2, 0, 0, { A(FD), A(LONG) } },
	{ "futex", 6, 6, 0, CU_FUTEX, { A(PTR), A(FUTEX_OP) } },
	{ "getcwd", 2, 0, 0, 0, { A(STR_OUT), A(ULONG) } },
	{ "getdents", 3, 1, 0, 0, { A(FD), A(DIRENTS_OUT), A(UINT) } },
	{ "getdents64", 3, 1, 0, 0, { A(FD), A(DIRENTS_OUT), A(UINT) } },
	{ "getgroups", 2, 1, 0, 0, { A(INT), A(GROUPS_OUT) } },
	{ "getpeername", 3, 1, 0, 0, { A(FD), A(SA_OUT), A(SOCKLEN) } },
	{ "getrandom", 3, 0, 0, 0, { A(BUF_OUT_HEX), A(ULONG), AX(FLAGS, xl_grnd_flags) } },
	{ "getrlimit", 2, 1, 0, 0, { AX(XVAL, xl_rlimit), A(RLIM_OUT) } },
	{ "getsockname", 3, 1, 0, 0, { A(FD), A(SA_OUT), A(SOCKLEN) } },
	{ "getsockopt", 5, 3, 0, 0, { A(FD), AX(XVAL, xl_sock_level), A(SOCKOPT_NAME), A(SOCKOPT_OUT), A(INT_OUT) } },
	{ "ioctl", 3, 2, 0, CU_IOCTL, { A(FD), A(IOCTL_REQ), A(IOCTL_ARG) } },
	{ "kill", 2, 2, 0, 0, { A(INT), A(SIG) } },
	{ "lchown", 3, 3, 0, 0, { A(PATH), A(INT), A(INT) } },
	{ "link", 2, 2, 0, 0, { A(PATH), A(PATH) } },
	{ "linkat", 5, 5, 0, 0, { A(DIRFD), A(PATH), A(DIRFD), A(PATH), AX(FLAGS, xl_at_flags) } },
	{ "listen", 2, 2, 0, 0, { A(FD), A(INT) } },
	{ "lseek", 3, 3, 0, 0, { A(FD), A(LONG), AX(XVAL, xl_seek_whence) } },
	{ "lstat", 2, 1, 0, 0, { A(PATH), A(STAT_OUT) } },
	{ "lstat64", 2, 1, 0, 0, { A(PATH), A(STAT_OUT) } },
	{ "madvise", 3, 3, 0, 0, { A(PTR), A(ULONG), AX(XVAL, xl_madvise) } },
	{ "mkdir", 2, 2, 0, 0, { A(PATH), A(MODE) } },
	{ "mkdirat", 3, 3, 0, 0, { A(DIRFD), A(PATH), A(MODE) } },
	{ "mmap", 6, 6, RV_HEX, 0, { A(PTR), A(ULONG), AX(FLAGS, xl_mmap_prot), A(MMAP_FLAGS), A(FD), A(HEX) } },
	{ "mprotect", 3, 3, 0, 0, { A(PTR), A(ULONG), AX(FLAGS, xl_mmap_prot) } },
	{ "munmap", 2, 2, 0, 0, { A(PTR), A(ULONG) } },
	{ "nanosleep", 2, 1, 0, 0, { A(TS_IN), A(TS_OUT) } },
	{ "newfstatat", 4, 2, 0, 0, { A(DIRFD), A(PATH), A(STAT_OUT), AX(FLAGS, xl_at_flags) } },
	{ "open", 3, 3, 0, CU_OPEN, { A(PATH), A(OPEN_FLAGS), A(MODE) } },
	{ "openat", 4, 4, 0, CU_OPEN, { A(DIRFD), A(PATH), A(OPEN_FLAGS), A(MODE) } },
	{ "pipe", 1, 0, 0, 0, { A(FDPAIR_OUT) } },
	{ "pipe2", 2, 0, 0, 0, { A(FDPAIR_OUT), AX(FLAGS, xl_open_flags) } },
	{ "poll", 3, 3, RV_POLL, 0, { A(POLLFDS), A(UINT), A(INT) } },
	{ "ppoll", 5, 5, RV_POLL, 0, { A(POLLFDS), A(UINT), A(TS_IN), A(SIGSET_IN), A(ULONG) } },
	{ "pread64", 4, 1, 0, 0, { A(FD), A(BUF_OUT), A(ULONG), A(LONG) } },
	{ "prlimit64", 4, 3, 0, 0, { A(INT), AX(XVAL, xl_rlimit), A(RLIM_IN), A(RLIM_OUT) } },
	{ "pselect6", 6, 6, RV_SELECT, 0, { A(INT), A(FDSET), A(FDSET), A(FDSET), A(TS_IN), A(PSELECT_SIG) } },
	{ "pwrite64", 4, 4, 0, 0, { A(FD), A(BUF_IN), A(ULONG), A(LONG) } },
	{ "read", 3, 1, 0, 0, { A(FD), A(BUF_OUT), A(ULONG) } },
	{ "readlink", 3, 1, 0, 0, { A(PATH), A(STR_OUT), A(ULONG) } },
	{ "readlinkat", 4, 2, 0, 0, { A(DIRFD), A(PATH), A(STR_OUT), A(ULONG) } },
	{ "recvfrom", 6, 1, 0, 0, { A(FD), A(BUF_OUT), A(ULONG), AX(FLAGS, xl_msg_flags), A(SA_OUT), A(SOCKLEN) } },
	{ "recvmsg", 3, 1, 0, 0, { A(FD), A(PTR), AX(FLAGS, xl_msg_flags) } },
	{ "rename", 2, 2, 0, 0, { A(PATH), A(PATH) } },
	{ "renameat", 4, 4, 0, 0, { A(DIRFD), A(PATH), A(DIRFD), A(PATH) } },
	{ "renameat2", 5, 5, 0, 0, { A(DIRFD), A(PATH), A(DIRFD), A(PATH), A(HEX) } },
	{ "rmdir", 1, 1, 0, 0, { A(PATH) } },
	{ "rseq", 4, 4, 0, CU_RSEQ, { A(PTR), A(HEX), A(HEX), A(HEX) } },
	{ "rt_sigaction", 4, 2, 0, 0, { A(SIG), A(SIGACT_IN), A(SIGACT_OUT), A(ULONG) } },
	{ "rt_sigprocmask", 4, 2, 0, 0, { AX(XVAL, xl_sigprocmask_how), A(SIGSET_IN), A(SIGSET_OUT), A(ULONG) } },
	{ "sched_getaffinity", 3, 2, 0, 0, { A(INT), A(UINT), A(CPUSET_OUT) } },
	{ "select", 5, 5, RV_SELECT, 0, { A(INT), A(FDSET), A(FDSET), A(FDSET), A(TV_IN) } },
	{ "sendmsg", 3, 3, 0, 0, { A(FD), A(PTR), AX(FLAGS, xl_msg_flags) } },
	{ "sendto", 6, 6, 0, 0, { A(FD), A(BUF_IN), A(ULONG), AX(FLAGS, xl_msg_flags), A(SA_IN), A(UINT) } },
	{ "set_robust_list", 2, 2, 0, 0, { A(PTR), A(ULONG) } },
	{ "set_tid_address", 1, 1, 0, 0, { A(PTR) } },
	{ "setrlimit", 2, 2, 0, 0, { AX(XVAL, xl_rlimit), A(RLIM_IN) } },
	{ "setsockopt", 5, 5, 0, 0, { A(FD), AX(XVAL, xl_sock_level), A(SOCKOPT_NAME), A(SOCKOPT_IN), A(UINT) } },
	{ "shutdown", 2, 2, 0, 0, { A(FD), AX(XVAL, xl_shut_how) } },
	{ "socket", 3, 3, 0, 0, { AX(XVAL, xl_sock_family), A(SOCK_TYPE), A(SOCK_PROTO) } },
	{ "socketpair", 4, 3, 0, 0, { AX(XVAL, xl_sock_family), A(SOCK_TYPE), A(SOCK_PROTO), A(FDPAIR_OUT) } },
	{ "stat", 2, 1, 0, 0, { A(PATH), A(STAT_OUT) } },
	{ "stat64", 2, 1, 0, 0, { A(PATH), A(STAT_OUT) } },
	{ "statfs", 2, 1, 0, 0, { A(PATH), A(STATFS_OUT) } },
	{ "statx", 5, 4, 0, 0, { A(DIRFD), A(PATH), A(STATX_FLAGS), AX(FLAGS, xl_statx_mask), A(STATX_OUT) } },
	{ "symlink", 2, 2, 0, 0, { A(PATH), A(PATH) } },
	{ "symlinkat", 3, 3, 0, 0, { A(PATH), A(DIRFD), A(PATH) } },
	{ "sysinfo", 1, 0, 0, 0, { A(SYSINFO_OUT) } },
	{ "tgkill", 3, 3, 0, 0, { A(INT), A(INT), A(SIG) } },
	{ "tkill", 2, 2, 0, 0, { A(INT), A(SIG) } },
	{ "truncate", 2, 2, 0, 0, { A(PATH), A(LONG) } },
	{ "umask", 1, 1, RV_OCT, 0, { A(MODE) } },
	{ "uname", 1, 0, 0, 0, { A(UTS_OUT) } },
	{ "unlink", 1, 1, 0, 0, { A(PATH) } },
	{ "unlinkat", 3, 3, 0, 0, { A(DIRFD), A(PATH), AX(FLAGS, xl_at_flags) } },
	{ "wait4", 4, 1, 0, 0, { A(INT), A(WSTATUS_OUT), AX(FLAGS, xl_wait_options), A(PTR) } },
	{ "write", 3, 3, 0, 0, { A(FD), A(BUF_IN), A(ULONG) } },
};

static const struct sc_printer generic_printer = { "", 0, 0, 0, CU_GENERIC, { A(END) } };
static const struct sc_printer unknown_printer = { "", 6, 6, RV_UHEX, CU_UNKNOWN, { A(END) } };

static int cmp_printer(const void *key, const void *elem)
{
	return strcmp(key, ((const struct sc_printer *)elem)->name);
}

int sfmt_check_table(void)
{
	size_t i, n = sizeof(printers) / sizeof(printers[0]);

	for (i = 1; i < n; i++)
		if (strcmp(printers[i - 1].name, printers[i].name) >= 0)
			return (int)i;
	return -1;
}

const struct sc_printer *sfmt_lookup(const char *name)
{
	if (!name)
		return NULL;
	return bsearch(name, printers, sizeof(printers) / sizeof(printers[0]),
		       sizeof(printers[0]), cmp_printer);
}

void sfmt_init(struct sfmt *f, struct sbuf *sb, const struct conv_opts *o,
	       const struct tl_event *ev, const struct sc_printer *p)
{
	f->sb = sb;
	f->ev = ev;
	f->abi = ev->abi;
	f->xstyle = o->xstyle;
	f->xflag = o->xflag;
	f->strmax = o->snaplen;
	f->has_args = ev->flags & TL_EVF_HAS_ENTER;
	f->has_ret = (ev->flags & TL_EVF_HAS_RET) &&
		     !(ev->flags & (TL_EVF_NORETURN | TL_EVF_IN_FLIGHT));
	if (!p) {
		if (!ev->sc)
			p = &unknown_printer;
		else
			p = sfmt_lookup(ev->sc->name);
		if (!p)
			p = &generic_printer;
	}
	f->p = p;
}

/* ------------------------------------------------------------ helpers */

const struct tl_capture *sfmt_capt(const struct tl_event *ev, int arg,
				   bool at_exit)
{
	const struct tl_capture *any = NULL;
	uint32_t i;

	for (i = 0; i < ev->ncapt; i++) {
		const struct tl_capture *c = &ev->capt[i];

		if (c->arg != arg)
			continue;
		if (!!(c->flags & TL_CAPTF_EXIT) == at_exit)
			return c;
		any = c;
	}
	return any;
}

static bool is_err(int64_t ret)
{
	return ret < 0 && ret >= -4095;
}

static bool wide_abi(int abi)
{
	return abi != TL_ABI_I386 && abi != TL_ABI_ARM && abi != TL_ABI_X32;
}

static uint64_t argv_(struct sfmt *f, int i)
{
	uint64_t v = f->ev->args[i];

	if (!wide_abi(f->abi) && f->abi != TL_ABI_X32)
		v &= 0xffffffffu;
	return v;
}

/* Data of a usable capture (not faulted, has bytes or is a count). */
static const struct tl_capture *cap(struct sfmt *f, int i, bool at_exit)
{
	const struct tl_capture *c = sfmt_capt(f->ev, i, at_exit);

	if (!c || (c->flags & TL_CAPTF_FAULT))
		return NULL;
	if ((c->kind & TL_CAPT_KIND_MASK) == TL_CAPT_LEN)
		return NULL;
	return c;
}

/* Only a capture taken at exit (results written by the call). */
static const struct tl_capture *cap_exit(struct sfmt *f, int i)
{
	const struct tl_capture *c = cap(f, i, true);

	return c && (c->flags & TL_CAPTF_EXIT) ? c : NULL;
}

static void put_unavail(struct sfmt *f)
{
	sbuf_add(f->sb, "???", 3);
}

static void put_ptr(struct sfmt *f, int i)
{
	uint64_t v;

	if (!f->has_args) {
		put_unavail(f);
		return;
	}
	v = argv_(f, i);
	if (!v)
		sbuf_add(f->sb, "NULL", 4);
	else
		sbuf_hex(f->sb, v);
}

static void put_int(struct sfmt *f, int i)
{
	if (!f->has_args)
		put_unavail(f);
	else
		sbuf_i64(f->sb, (int32_t)f->ev->args[i]);
}

static void put_fd(struct sfmt *f, int i)
{
	put_int(f, i);
}

static void put_dirfd(struct sfmt *f, int i)
{
	int32_t fd = (int32_t)f->ev->args[i];

	if (!f->has_args) {
		put_unavail(f);
		return;
	}
	if (fd != -100) {
		sbuf_i64(f->sb, fd);
		return;
	}
	if (f->xstyle == XS_RAW)
		sbuf_add(f->sb, "-100", 4);
	else if (f->xstyle == XS_VERBOSE)
		sbuf_puts(f->sb, "-100 /* AT_FDCWD */");
	else
		sbuf_add(f->sb, "AT_FDCWD", 8);
}

static void put_long(struct sfmt *f, int i)
{
	if (!f->has_args)
		put_unavail(f);
	else if (wide_abi(f->abi))
		sbuf_i64(f->sb, (int64_t)f->ev->args[i]);
	else
		sbuf_i64(f->sb, (int32_t)f->ev->args[i]);
}

static void put_ulong(struct sfmt *f, int i)
{
	if (!f->has_args)
		put_unavail(f);
	else
		sbuf_u64(f->sb, argv_(f, i));
}

static void put_uint(struct sfmt *f, int i)
{
	if (!f->has_args)
		put_unavail(f);
	else
		sbuf_u64(f->sb, (uint32_t)f->ev->args[i]);
}

static void put_hex(struct sfmt *f, int i)
{
	if (!f->has_args)
		put_unavail(f);
	else
		sbuf_hex(f->sb, argv_(f, i));
}

static void put_path_capt(struct sfmt *f, const struct tl_capture *c)
{
	quote_str(f->sb, c->data, c->len, SIZE_MAX,
		  (c->flags & TL_CAPTF_TRUNC) != 0,
		  f->xflag == QX_ALL ? QX_ALL : f->xflag, true);
}

static void put_path(struct sfmt *f, int i, bool at_exit)
{
	const struct tl_capture *c = cap(f, i, at_exit);

	if (c)
		put_path_capt(f, c);
	else
		put_ptr(f, i);
}

static void put_str(struct sfmt *f, int i, bool at_exit)
{
	const struct tl_capture *c = cap(f, i, at_exit);

	if (!c) {
		put_ptr(f, i);
		return;
	}
	quote_str(f->sb, c->data, c->len, f->strmax,
		  (c->flags & TL_CAPTF_TRUNC) != 0, f->xflag, true);
}

static void put_buf_capt(struct sfmt *f, const struct tl_capture *c,
			 uint64_t len, bool hex)
{
	size_t n = c->len;
	bool more = false;

	if (n > len)
		n = (size_t)len;
	if (n < len)
		more = true;
	if (hex)
		quote_hex(f->sb, c->data, n, f->strmax, more);
	else
		quote_str(f->sb, c->data, n, f->strmax, more, f->xflag, false);
}

static void put_buf_in(struct sfmt *f, int i)
{
	const struct tl_capture *c = cap(f, i, false);
	uint64_t len;

	if (!c) {
		put_ptr(f, i);
		return;
	}
	len = f->has_args ? argv_(f, i + 1) : c->full_len;
	if (c->full_len && c->full_len < len)
		len = c->full_len;
	put_buf_capt(f, c, len, false);
}

static void put_buf_out(struct sfmt *f, int i, bool hex)
{
	const struct tl_capture *c;

	if (!f->has_ret || is_err(f->ev->ret)) {
		put_ptr(f, i);
		return;
	}
	c = cap(f, i, true);
	if (!c) {
		put_ptr(f, i);
		return;
	}
	put_buf_capt(f, c, (uint64_t)f->ev->ret, hex);
}

static void put_str_out(struct sfmt *f, int i)
{
	const struct tl_capture *c;

	if (!f->has_ret || is_err(f->ev->ret)) {
		put_ptr(f, i);
		return;
	}
	c = cap(f, i, true);
	if (!c) {
		put_ptr(f, i);
		return;
	}
	quote_str(f->sb, c->data, c->len, SIZE_MAX,
		  (c->flags & TL_CAPTF_TRUNC) != 0, f->xflag, true);
}

static void put_mode(struct sfmt *f, int i)
{
	if (!f->has_args)
		put_unavail(f);
	else
		print_mode_t(f->sb, (uint32_t)f->ev->args[i] & 07777, false,
			     XS_RAW);
}

static void put_xval(struct sfmt *f, int i, const struct xlat *x)
{
	if (!f->has_args)
		put_unavail(f);
	else
		print_xval(f->sb, x, (uint32_t)f->ev->args[i], f->xstyle);
}

static void put_flags(struct sfmt *f, int i, const struct xlat *x)
{
	if (!f->has_args)
		put_unavail(f);
	else
		print_flags(f->sb, x, argv_(f, i) & 0xffffffffu, f->xstyle);
}

static void put_sig(struct sfmt *f, int i)
{
	if (!f->has_args)
		put_unavail(f);
	else
		print_signame(f->sb, (int32_t)f->ev->args[i], f->xstyle);
}

static uint64_t get_uint(const uint8_t *p, unsigned size)
{
	switch (size) {
	case 1: return p[0];
	case 2: return tl_get16(p);
	case 4: return tl_get32(p);
	default: return tl_get64(p);
	}
}

/* ---------------------------------------------------------- structs */

static void put_dev(struct sbuf *sb, uint64_t dev)
{
	uint64_t major = ((dev >> 8) & 0xfff) | ((dev >> 32) & ~0xfffull);
	uint64_t minor = (dev & 0xff) | ((dev >> 12) & ~0xffull);

	sbuf_add(sb, "makedev(", 8);
	sbuf_hex(sb, major);
	sbuf_add(sb, ", ", 2);
	sbuf_hex(sb, minor);
	sbuf_putc(sb, ')');
}

static void put_stat_fields(struct sfmt *f, uint32_t mode, uint64_t rdev,
			    int64_t size)
{
	uint32_t fmt = mode & 0170000;

	sbuf_add(f->sb, "{st_mode=", 9);
	print_mode_t(f->sb, mode, true, f->xstyle);
	if (fmt == 020000 || fmt == 060000) {
		sbuf_add(f->sb, ", st_rdev=", 10);
		put_dev(f->sb, rdev);
	} else {
		sbuf_add(f->sb, ", st_size=", 10);
		sbuf_i64(f->sb, size);
	}
	sbuf_add(f->sb, ", ...}", 6);
}

static void put_stat_out(struct sfmt *f, int i)
{
	const struct tl_capture *c;
	const uint8_t *d;

	if (!f->has_ret || f->ev->ret != 0 || !(c = cap(f, i, true))) {
		put_ptr(f, i);
		return;
	}
	d = c->data;
	if (f->abi == TL_ABI_X86_64 && c->len >= 64) {
		put_stat_fields(f, tl_get32(d + 24), tl_get64(d + 40),
				(int64_t)tl_get64(d + 48));
	} else if ((f->abi == TL_ABI_AARCH64 || f->abi == TL_ABI_X32) &&
		   c->len >= 64) {
		put_stat_fields(f, tl_get32(d + 16), tl_get64(d + 32),
				(int64_t)tl_get64(d + 48));
	} else if ((f->abi == TL_ABI_I386 || f->abi == TL_ABI_ARM) &&
		   c->len >= 52) {
		/* struct stat64 */
		put_stat_fields(f, tl_get32(d + 16), tl_get64(d + 32),
				(int64_t)tl_get64(d + 44));
	} else {
		put_ptr(f, i);
	}
}

static void put_statx_flags(struct sfmt *f, int i)
{
	uint32_t v = (uint32_t)f->ev->args[i];

	if (!f->has_args) {
		put_unavail(f);
		return;
	}
	if (f->xstyle != XS_ABBREV) {
		print_flags(f->sb, &xl_statx_flags, v, f->xstyle);
		return;
	}
	if (!(v & 0x6000)) {
		sbuf_puts(f->sb, "AT_STATX_SYNC_AS_STAT");
		if (v) {
			sbuf_putc(f->sb, '|');
			sprint_flags(f->sb, &xl_statx_flags, v);
		}
		return;
	}
	sprint_flags(f->sb, &xl_statx_flags, v);
}

static void put_statx_out(struct sfmt *f, int i)
{
	static const struct xlat_ent attr_e[] = {
		{ 0x4, "STATX_ATTR_COMPRESSED" }, { 0x10, "STATX_ATTR_IMMUTABLE" },
		{ 0x20, "STATX_ATTR_APPEND" }, { 0x40, "STATX_ATTR_NODUMP" },
		{ 0x800, "STATX_ATTR_ENCRYPTED" }, { 0x1000, "STATX_ATTR_AUTOMOUNT" },
		{ 0x2000, "STATX_ATTR_MOUNT_ROOT" }, { 0x100000, "STATX_ATTR_VERITY" },
		{ 0x200000, "STATX_ATTR_DAX" },
	};
	static const struct xlat attrs = { attr_e, 9, "STATX_ATTR_???", 0 };
	const struct tl_capture *c;
	const uint8_t *d;

	if (!f->has_ret || f->ev->ret != 0 || !(c = cap(f, i, true)) ||
	    c->len < 48) {
		put_ptr(f, i);
		return;
	}
	d = c->data;
	sbuf_puts(f->sb, "{stx_mask=");
	print_flags(f->sb, &xl_statx_mask, tl_get32(d), f->xstyle);
	sbuf_puts(f->sb, ", stx_attributes=");
	print_flags(f->sb, &attrs, tl_get64(d + 8), f->xstyle);
	sbuf_puts(f->sb, ", stx_mode=");
	print_mode_t(f->sb, tl_get16(d + 28), true, f->xstyle);
	sbuf_puts(f->sb, ", stx_size=");
	sbuf_u64(f->sb, tl_get64(d + 40));
	sbuf_puts(f->sb, ", ...}");
}

static void put_sockaddr_data(struct sfmt *f, const uint8_t *d, size_t len)
{
	uint16_t fam;
	char buf[64];

	if (len < 2) {
		sbuf_puts(f->sb, "{sa_family=");
		if (len)
			sbuf_u64(f->sb, d[0]);
		sbuf_putc(f->sb, '}');
		return;
	}
	fam = tl_get16(d);
	sbuf_puts(f->sb, "{sa_family=");
	print_xval(f->sb, &xl_sock_family, fam, f->xstyle);
	if (fam == 2 && len >= 16) {
		sbuf_puts(f->sb, ", sin_port=htons(");
		sbuf_u64(f->sb, (uint16_t)(d[2] << 8 | d[3]));
		sbuf_puts(f->sb, "), sin_addr=inet_addr(\"");
		inet_ntop(AF_INET, d + 4, buf, sizeof(buf));
		sbuf_puts(f->sb, buf);
		sbuf_puts(f->sb, "\")}");
		return;
	}
	if (fam == 10 && len >= 24) {
		sbuf_puts(f->sb, ", sin6_port=htons(");
		sbuf_u64(f->sb, (uint16_t)(d[2] << 8 | d[3]));
		sbuf_puts(f->sb, "), sin6_flowinfo=htonl(");
		sbuf_u64(f->sb, (uint32_t)d[4] << 24 | (uint32_t)d[5] << 16 |
				(uint32_t)d[6] << 8 | d[7]);
		sbuf_puts(f->sb, "), inet_pton(AF_INET6, \"");
		inet_ntop(AF_INET6, d + 8, buf, sizeof(buf));
		sbuf_puts(f->sb, buf);
		sbuf_puts(f->sb, "\", &sin6_addr)");
		if (len >= 28) {
			sbuf_puts(f->sb, ", sin6_scope_id=");
			sbuf_u64(f->sb, tl_get32(d + 24));
		}
		sbuf_putc(f->sb, '}');
		return;
	}
	if (fam == 1) {
		size_t n = len - 2;

		if (n == 0) {
			sbuf_putc(f->sb, '}');
			return;
		}
		sbuf_puts(f->sb, ", sun_path=");
		if (d[2] == 0) {
			sbuf_putc(f->sb, '@');
			quote_str(f->sb, d + 3, n - 1, SIZE_MAX, false,
				  f->xflag, false);
		} else {
			quote_str(f->sb, d + 2, n, SIZE_MAX, false, f->xflag,
				  true);
		}
		sbuf_putc(f->sb, '}');
		return;
	}
	if (fam == 16 && len >= 12) {
		sbuf_puts(f->sb, ", nl_pid=");
		sbuf_u64(f->sb, tl_get32(d + 4));
		sbuf_puts(f->sb, ", nl_groups=");
		sbuf_printf(f->sb, "%08x", tl_get32(d + 8));
		sbuf_putc(f->sb, '}');
		return;
	}
	sbuf_puts(f->sb, ", sa_data=");
	quote_str(f->sb, d + 2, len - 2, f->strmax, false, f->xflag, false);
	sbuf_putc(f->sb, '}');
}

static void put_sa_in(struct sfmt *f, int i)
{
	const struct tl_capture *c = cap(f, i, false);
	uint64_t len;

	if (!c || !f->has_args || !argv_(f, i)) {
		put_ptr(f, i);
		return;
	}
	len = (uint32_t)f->ev->args[i + 1];
	if (len > c->len)
		len = c->len;
	put_sockaddr_data(f, c->data, (size_t)len);
}

/* The int at argument i as passed (a capture taken at entry), or NULL. */
static const struct tl_capture *cap_in_int(struct sfmt *f, int i)
{
	const struct tl_capture *c = cap(f, i, false);

	return c && !(c->flags & TL_CAPTF_EXIT) && c->len >= 4 ? c : NULL;
}

/* A value-result int, as strace shows it: "[16]", "[128 => 16]" when the
 * call changed it, "[128]" when only the value passed is known (the call
 * failed); false when neither is. */
static bool put_inout_int(struct sfmt *f, const struct tl_capture *in,
			  bool have_out, int64_t out)
{
	if (!in && !have_out)
		return false;
	sbuf_putc(f->sb, '[');
	if (in) {
		int64_t v = (int32_t)tl_get32(in->data);

		sbuf_i64(f->sb, v);
		if (have_out && v != out) {
			sbuf_add(f->sb, " => ", 4);
			sbuf_i64(f->sb, out);
		}
	} else {
		sbuf_i64(f->sb, out);
	}
	sbuf_putc(f->sb, ']');
	return true;
}

/* sockaddr written by the call (accept, recvfrom, getsockname) and the
 * socklen_t pointer after it: "{sa_family=...}, [16]". */
static void put_sa_out(struct sfmt *f, int i)
{
	const struct tl_capture *c = NULL;

	if (f->has_ret && !is_err(f->ev->ret))
		c = cap_exit(f, i);
	if (c && f->has_args && argv_(f, i)) {
		size_t n = c->len;

		if (c->full_len < n)
			n = c->full_len;
		if (n)
			put_sockaddr_data(f, c->data, n);
		else	/* no address (a connected stream socket) */
			put_ptr(f, i);
		sbuf_add(f->sb, ", ", 2);
		put_inout_int(f, cap_in_int(f, i + 1), true, c->full_len);
		return;
	}
	put_ptr(f, i);
	sbuf_add(f->sb, ", ", 2);
	if (!f->has_args || !argv_(f, i + 1) ||
	    !put_inout_int(f, cap_in_int(f, i + 1), false, 0))
		put_ptr(f, i + 1);
}

static void put_argv(struct sfmt *f, int i)
{
	const struct tl_capture *c = cap(f, i, false);
	const uint8_t *p, *end;
	uint32_t n = 0;

	if (!c || (c->kind & TL_CAPT_KIND_MASK) != TL_CAPT_ARGV) {
		put_ptr(f, i);
		return;
	}
	p = c->data;
	end = p + c->len;
	sbuf_putc(f->sb, '[');
	while (p < end && n < c->full_len) {
		const uint8_t *z = memchr(p, 0, (size_t)(end - p));
		size_t len = z ? (size_t)(z - p) : (size_t)(end - p);

		if (n)
			sbuf_add(f->sb, ", ", 2);
		if (n >= f->strmax) {
			sbuf_add(f->sb, "...", 3);
			n = c->full_len;
			break;
		}
		quote_str(f->sb, p, len, f->strmax, !z, f->xflag, false);
		n++;
		p += len + 1;
	}
	if (n < c->full_len) {
		if (n)
			sbuf_add(f->sb, ", ", 2);
		sbuf_add(f->sb, "...", 3);
	}
	sbuf_putc(f->sb, ']');
}

static void put_envp(struct sfmt *f, int i)
{
	const struct tl_capture *c = sfmt_capt(f->ev, i, false);
	uint32_t n = 0;

	put_ptr(f, i);
	if (!c || (c->flags & TL_CAPTF_FAULT) || !f->has_args || !argv_(f, i))
		return;
	switch (c->kind & TL_CAPT_KIND_MASK) {
	case TL_CAPT_COUNT:
	case TL_CAPT_ARGV:
		n = c->full_len;
		break;
	default:
		return;
	}
	sbuf_add(f->sb, " /* ", 4);
	sbuf_u64(f->sb, n);
	sbuf_puts(f->sb, n == 1 ? " var" : " vars");
	if (c->flags & TL_CAPTF_TRUNC)
		sbuf_puts(f->sb, ", unterminated");
	sbuf_add(f->sb, " */", 3);
}

static void put_sigset_data(struct sfmt *f, const uint8_t *d, size_t len)
{
	unsigned nsig = (unsigned)(len * 8), sig, set = 0;
	bool invert, first = true;
	char tmp[16];

	if (nsig > 64)
		nsig = 64;
	for (sig = 1; sig <= nsig; sig++)
		if (d[(sig - 1) / 8] & (1u << ((sig - 1) % 8)))
			set++;
	invert = set * 3 > nsig * 2;
	if (invert)
		sbuf_putc(f->sb, '~');
	sbuf_putc(f->sb, '[');
	for (sig = 1; sig <= nsig; sig++) {
		bool on = d[(sig - 1) / 8] & (1u << ((sig - 1) % 8));
		const char *name;

		if (on == invert)
			continue;
		if (!first)
			sbuf_putc(f->sb, ' ');
		first = false;
		name = sigset_name((int)sig, tmp);
		if (name)
			sbuf_puts(f->sb, name);
		else
			sbuf_u64(f->sb, sig);
	}
	sbuf_putc(f->sb, ']');
}

static void put_sigset(struct sfmt *f, int i, bool at_exit)
{
	const struct tl_capture *c = cap(f, i, at_exit);

	if (at_exit && (!f->has_ret || f->ev->ret != 0))
		c = NULL;
	if (!c || !c->len || (f->has_args && !argv_(f, i))) {
		put_ptr(f, i);
		return;
	}
	put_sigset_data(f, c->data, c->len > 8 ? 8 : c->len);
}

static void put_sigaction(struct sfmt *f, int i, bool at_exit)
{
	const struct tl_capture *c = cap(f, i, at_exit);
	bool wide = wide_abi(f->abi);
	unsigned w = wide ? 8 : 4, need = wide ? 32 : 20;
	uint64_t handler, flags, restorer;
	const uint8_t *d;

	if (at_exit && (!f->has_ret || f->ev->ret != 0))
		c = NULL;
	if (!c || c->len < need || (f->has_args && !argv_(f, i))) {
		put_ptr(f, i);
		return;
	}
	d = c->data;
	handler = get_uint(d, w);
	flags = get_uint(d + w, w);
	restorer = get_uint(d + 2 * w, w);
	sbuf_puts(f->sb, "{sa_handler=");
	if (handler == 0)
		sbuf_puts(f->sb, "SIG_DFL");
	else if (handler == 1)
		sbuf_puts(f->sb, "SIG_IGN");
	else
		sbuf_hex(f->sb, handler);
	sbuf_puts(f->sb, ", sa_mask=");
	put_sigset_data(f, d + 3 * w, 8);
	sbuf_puts(f->sb, ", sa_flags=");
	print_flags(f->sb, &xl_sa_flags, flags, f->xstyle);
	if (flags & 0x04000000) {
		sbuf_puts(f->sb, ", sa_restorer=");
		sbuf_hex(f->sb, restorer);
	}
	sbuf_putc(f->sb, '}');
}

static void put_rlim_val(struct sbuf *sb, uint64_t v)
{
	if (v == UINT64_MAX) {
		sbuf_puts(sb, "RLIM64_INFINITY");
	} else if (v > 1024 && v % 1024 == 0) {
		sbuf_u64(sb, v / 1024);
		sbuf_puts(sb, "*1024");
	} else {
		sbuf_u64(sb, v);
	}
}

static void put_rlim(struct sfmt *f, int i, bool at_exit)
{
	const struct tl_capture *c = cap(f, i, at_exit);

	if (at_exit && (!f->has_ret || f->ev->ret != 0))
		c = NULL;
	if (!c || c->len < 16 || (f->has_args && !argv_(f, i))) {
		put_ptr(f, i);
		return;
	}
	sbuf_puts(f->sb, "{rlim_cur=");
	put_rlim_val(f->sb, tl_get64(c->data));
	sbuf_puts(f->sb, ", rlim_max=");
	put_rlim_val(f->sb, tl_get64(c->data + 8));
	sbuf_putc(f->sb, '}');
}

/* {tv_sec=.., tv_nsec=..} (tv_usec=) from c; false: c is too short. */
static bool put_timespec_capt(struct sfmt *f, const struct tl_capture *c,
			      bool usec)
{
	bool wide = wide_abi(f->abi);
	unsigned w = wide ? 8 : 4;

	if (c->len < 2 * w)
		return false;
	sbuf_puts(f->sb, "{tv_sec=");
	sbuf_i64(f->sb, wide ? (int64_t)tl_get64(c->data) :
			       (int32_t)tl_get32(c->data));
	sbuf_puts(f->sb, usec ? ", tv_usec=" : ", tv_nsec=");
	sbuf_i64(f->sb, wide ? (int64_t)tl_get64(c->data + 8) :
			       (int32_t)tl_get32(c->data + 4));
	sbuf_putc(f->sb, '}');
	return true;
}

static void put_timespec(struct sfmt *f, int i, bool at_exit, bool usec)
{
	const struct tl_capture *c = cap(f, i, at_exit);

	if (at_exit && (!f->has_ret || f->ev->ret != 0))
		c = NULL;
	if (!c || (f->has_args && !argv_(f, i)) || !put_timespec_capt(f, c, usec))
		put_ptr(f, i);
}

/* [int] written by the call; "[in => out]" when the value passed was
 * recorded too (a value-result argument: getsockopt's optlen). */
static void put_int_out(struct sfmt *f, int i)
{
	const struct tl_capture *c = NULL, *in = NULL;

	if (f->has_ret && !is_err(f->ev->ret))
		c = cap_exit(f, i);
	if (c && c->len < 4)
		c = NULL;
	if (f->has_args && argv_(f, i))
		in = cap_in_int(f, i);
	if (!put_inout_int(f, in, c != NULL,
			   c ? (int32_t)tl_get32(c->data) : 0))
		put_ptr(f, i);
}

/* [int] the caller passed (ioctl's FIONBIO), or the pointer when it was
 * not recorded. */
static void put_int_in(struct sfmt *f, int i)
{
	if (!f->has_args || !argv_(f, i) ||
	    !put_inout_int(f, cap_in_int(f, i), false, 0))
		put_ptr(f, i);
}

/* struct winsize (four unsigned shorts), passed (TIOCSWINSZ) or written
 * by the call when it succeeded (TIOCGWINSZ); else the pointer. */
static void put_winsize(struct sfmt *f, int i, bool at_exit)
{
	const struct tl_capture *c = NULL;
	const uint8_t *d;

	if (!at_exit) {
		c = cap(f, i, false);
		if (c && (c->flags & TL_CAPTF_EXIT))
			c = NULL;
	} else if (f->has_ret && !is_err(f->ev->ret)) {
		c = cap_exit(f, i);
	}
	if (!c || c->len < 8 || !f->has_args || !argv_(f, i)) {
		put_ptr(f, i);
		return;
	}
	d = c->data;
	sbuf_puts(f->sb, "{ws_row=");
	sbuf_u64(f->sb, tl_get16(d));
	sbuf_puts(f->sb, ", ws_col=");
	sbuf_u64(f->sb, tl_get16(d + 2));
	sbuf_puts(f->sb, ", ws_xpixel=");
	sbuf_u64(f->sb, tl_get16(d + 4));
	sbuf_puts(f->sb, ", ws_ypixel=");
	sbuf_u64(f->sb, tl_get16(d + 6));
	sbuf_putc(f->sb, '}');
}

static void put_fdpair(struct sfmt *f, int i)
{
	const struct tl_capture *c = NULL;

	if (f->has_ret && f->ev->ret == 0)
		c = cap(f, i, true);
	if (!c || c->len < 8) {
		put_ptr(f, i);
		return;
	}
	sbuf_putc(f->sb, '[');
	sbuf_i64(f->sb, (int32_t)tl_get32(c->data));
	sbuf_add(f->sb, ", ", 2);
	sbuf_i64(f->sb, (int32_t)tl_get32(c->data + 4));
	sbuf_putc(f->sb, ']');
}

static void put_wstatus(struct sfmt *f, int i)
{
	const struct tl_capture *c = NULL;
	uint32_t s;

	if (f->has_ret && f->ev->ret > 0)
		c = cap(f, i, true);
	if (!c || c->len < 4) {
		put_ptr(f, i);
		return;
	}
	s = tl_get32(c->data);
	sbuf_puts(f->sb, "[{");
	if ((s & 0x7f) == 0) {
		sbuf_puts(f->sb, "WIFEXITED(s) && WEXITSTATUS(s) == ");
		sbuf_u64(f->sb, (s >> 8) & 0xff);
	} else if ((s & 0xff) == 0x7f) {
		sbuf_puts(f->sb, "WIFSTOPPED(s) && WSTOPSIG(s) == ");
		print_signame(f->sb, (int)((s >> 8) & 0xff), f->xstyle);
		if (s >> 16) {
			sbuf_puts(f->sb, " && s >> 16 == ");
			sbuf_u64(f->sb, s >> 16);
		}
	} else if (s == 0xffff) {
		sbuf_puts(f->sb, "WIFCONTINUED(s)");
	} else {
		sbuf_puts(f->sb, "WIFSIGNALED(s) && WTERMSIG(s) == ");
		print_signame(f->sb, (int)(s & 0x7f), f->xstyle);
		if (s & 0x80)
			sbuf_puts(f->sb, " && WCOREDUMP(s)");
	}
	sbuf_puts(f->sb, "}]");
}

static void put_uts(struct sfmt *f, int i)
{
	const struct tl_capture *c = NULL;

	if (f->has_ret && f->ev->ret == 0)
		c = cap(f, i, true);
	if (!c || c->len < 130) {
		put_ptr(f, i);
		return;
	}
	sbuf_puts(f->sb, "{sysname=");
	quote_str(f->sb, c->data, 65, 65, false, f->xflag, true);
	sbuf_puts(f->sb, ", nodename=");
	quote_str(f->sb, c->data + 65, 65, 65, false, f->xflag, true);
	sbuf_puts(f->sb, ", ...}");
}

static void put_dirents(struct sfmt *f, int i)
{
	const struct tl_capture *c = NULL;
	uint64_t n = 0, off = 0, len;

	put_ptr(f, i);
	if (!f->has_ret || is_err(f->ev->ret))
		return;
	len = (uint64_t)f->ev->ret;
	c = cap(f, i, true);
	if (len && (!c || c->len < len))
		return;
	while (off + 19 <= len) {
		uint16_t reclen = tl_get16(c->data + off + 16);

		if (reclen < 19)
			return;
		off += reclen;
		n++;
	}
	sbuf_add(f->sb, " /* ", 4);
	sbuf_u64(f->sb, n);
	sbuf_puts(f->sb, n == 1 ? " entry */" : " entries */");
}

static void put_sock_type(struct sfmt *f, int i)
{
	uint32_t v = (uint32_t)f->ev->args[i], t = v & 0xf, fl = v & ~0xfu;
	const char *name;

	if (!f->has_args) {
		put_unavail(f);
		return;
	}
	if (f->xstyle == XS_RAW) {
		sbuf_hex(f->sb, v);
		return;
	}
	name = xlat_name(&xl_sock_type, t);
	if (name) {
		sbuf_puts(f->sb, name);
		if (fl) {
			sbuf_putc(f->sb, '|');
			sprint_flags(f->sb, &xl_sock_flags, fl);
		}
	} else {
		if (!sprint_flags(f->sb, &xl_sock_flags, v))
			sbuf_putc(f->sb, '0');
	}
}

static void put_sock_proto(struct sfmt *f, int i)
{
	uint32_t fam = (uint32_t)f->ev->args[0], v = (uint32_t)f->ev->args[i];

	if (!f->has_args) {
		put_unavail(f);
		return;
	}
	if (fam == 2 || fam == 10) {
		print_xval(f->sb, &xl_ipproto, v, f->xstyle);
	} else if (fam == 16 && v == 0 && f->xstyle != XS_RAW) {
		sbuf_puts(f->sb, "NETLINK_ROUTE");
	} else if (fam == 17 && v == 0x300 && f->xstyle != XS_RAW) {
		sbuf_puts(f->sb, "htons(ETH_P_ALL)");
	} else {
		sbuf_u64(f->sb, v);
	}
}

static void put_mmap_flags(struct sfmt *f, int i)
{
	uint64_t v = (uint32_t)f->ev->args[i];
	uint64_t t = v & 0xf, huge = (v >> 26) & 0x3f, rest = v & ~0xfull & ~(0x3full << 26);
	const char *tn;

	if (!f->has_args) {
		put_unavail(f);
		return;
	}
	if (f->xstyle == XS_RAW) {
		sbuf_hex(f->sb, v);
		return;
	}
	if (f->xstyle == XS_VERBOSE) {
		sbuf_hex(f->sb, v);
		sbuf_puts(f->sb, " /* ");
	}
	tn = xlat_name(&xl_mmap_type, t);
	if (tn) {
		sbuf_puts(f->sb, tn);
	} else {
		sbuf_hex(f->sb, t);
		sbuf_puts(f->sb, " /* MAP_??? */");
	}
	if (rest) {
		sbuf_putc(f->sb, '|');
		sprint_flags(f->sb, &xl_mmap_flags, rest);
	}
	if (huge) {
		sbuf_putc(f->sb, '|');
		sbuf_u64(f->sb, huge);
		sbuf_puts(f->sb, "<<MAP_HUGE_SHIFT");
	}
	if (f->xstyle == XS_VERBOSE)
		sbuf_puts(f->sb, " */");
}

static void put_pollfds(struct sfmt *f, int i, bool revents)
{
	const struct tl_capture *c = revents ? cap_exit(f, i) : cap(f, i, false);
	uint64_t n, k, shown = 0;

	if (!f->has_args || !c || !argv_(f, i)) {
		put_ptr(f, i);
		return;
	}
	n = (uint32_t)f->ev->args[i + 1];
	if (n > c->len / 8)
		n = c->len / 8;
	sbuf_putc(f->sb, '[');
	for (k = 0; k < n; k++) {
		const uint8_t *d = c->data + 8 * k;
		int32_t fd = (int32_t)tl_get32(d);
		uint16_t ev = tl_get16(d + (revents ? 6 : 4));

		if (revents && !ev)
			continue;
		if (shown++)
			sbuf_add(f->sb, ", ", 2);
		if (!revents && k >= f->strmax) {
			sbuf_add(f->sb, "...", 3);
			break;
		}
		sbuf_puts(f->sb, "{fd=");
		sbuf_i64(f->sb, fd);
		if (fd >= 0) {
			sbuf_puts(f->sb, revents ? ", revents=" : ", events=");
			print_flags(f->sb, &xl_poll_events, ev, f->xstyle);
		}
		sbuf_putc(f->sb, '}');
	}
	sbuf_putc(f->sb, ']');
}

/* The descriptors set in an fd_set capture, below nfds: "[3 5]". With
 * count: only how many (0: print nothing). */
static int put_fdset_bits(struct sfmt *f, const struct tl_capture *c,
			  int32_t nfds, bool count)
{
	int fd, n = 0;

	if (!count)
		sbuf_putc(f->sb, '[');
	for (fd = 0; fd < nfds && (size_t)fd / 8 < c->len; fd++) {
		if (!(c->data[fd / 8] & (1u << (fd % 8))))
			continue;
		if (!count) {
			if (n)
				sbuf_putc(f->sb, ' ');
			sbuf_i64(f->sb, fd);
		}
		n++;
	}
	if (!count)
		sbuf_putc(f->sb, ']');
	return n;
}

static void put_fdset(struct sfmt *f, int i)
{
	const struct tl_capture *c = cap(f, i, false);
	int32_t nfds = (int32_t)f->ev->args[0];

	if (!f->has_args || !c || !argv_(f, i) || nfds < 0) {
		put_ptr(f, i);
		return;
	}
	put_fdset_bits(f, c, nfds, false);
}

/* pselect6's last argument, a pointer to {const sigset_t *, size_t}:
 * "{sigmask=NULL, sigsetsize=8}" (the set itself is not recorded: its
 * address is shown). */
static void put_pselect_sig(struct sfmt *f, int i)
{
	const struct tl_capture *c = cap(f, i, false);
	bool wide = wide_abi(f->abi);
	unsigned w = wide ? 8 : 4;
	uint64_t ss, len;

	if (!f->has_args || !c || !argv_(f, i) || c->len < 2 * w) {
		put_ptr(f, i);
		return;
	}
	ss = wide ? tl_get64(c->data) : tl_get32(c->data);
	len = wide ? tl_get64(c->data + 8) : tl_get32(c->data + 4);
	sbuf_puts(f->sb, "{sigmask=");
	if (ss)
		sbuf_hex(f->sb, ss);
	else
		sbuf_puts(f->sb, "NULL");
	sbuf_puts(f->sb, ", sigsetsize=");
	sbuf_u64(f->sb, len);
	sbuf_putc(f->sb, '}');
}

/* select's and pselect6's results after "= N": the sets the call left
 * non-empty and the time left, " (in [3], left {tv_sec=0, tv_usec=998})",
 * from the captures taken at exit (files without them: nothing). */
static void put_select_result(struct sfmt *f)
{
	static const char *const set[3] = { "in", "out", "except" };
	const struct tl_capture *c;
	int32_t nfds = (int32_t)f->ev->args[0];
	bool any = false;
	int k;

	if (!f->has_args)
		return;
	for (k = 0; k < 3 && nfds > 0; k++) {
		c = cap_exit(f, k + 1);
		if (!c || !argv_(f, k + 1) || !put_fdset_bits(f, c, nfds, true))
			continue;
		sbuf_puts(f->sb, any ? ", " : " (");
		sbuf_puts(f->sb, set[k]);
		sbuf_putc(f->sb, ' ');
		put_fdset_bits(f, c, nfds, false);
		any = true;
	}
	c = cap_exit(f, 4);
	if (c && argv_(f, 4)) {
		size_t mark = f->sb->len;

		sbuf_puts(f->sb, any ? ", left " : " (left ");
		if (put_timespec_capt(f, c, strncmp(f->ev->name, "pselect", 7)))
			any = true;
		else
			f->sb->len = mark;
	}
	if (any)
		sbuf_putc(f->sb, ')');
}

static void put_epoll_event(struct sfmt *f, const uint8_t *d)
{
	uint64_t data = tl_get64(d + 4);

	sbuf_puts(f->sb, "{events=");
	print_flags(f->sb, &xl_epoll_events, tl_get32(d), f->xstyle);
	sbuf_puts(f->sb, ", data={u32=");
	sbuf_u64(f->sb, (uint32_t)data);
	sbuf_puts(f->sb, ", u64=");
	sbuf_u64(f->sb, data);
	sbuf_puts(f->sb, "}}");
}

static void put_epoll_in(struct sfmt *f, int i)
{
	const struct tl_capture *c = cap(f, i, false);

	if (!c || c->len < 12 || !f->has_args || !argv_(f, i)) {
		put_ptr(f, i);
		return;
	}
	put_epoll_event(f, c->data);
}

static void put_epoll_out(struct sfmt *f, int i)
{
	const struct tl_capture *c = NULL;
	uint64_t n, k;

	if (f->has_ret && !is_err(f->ev->ret))
		c = cap(f, i, true);
	if (!c) {
		put_ptr(f, i);
		return;
	}
	n = (uint64_t)f->ev->ret;
	if (n > c->len / 12)
		n = c->len / 12;
	sbuf_putc(f->sb, '[');
	for (k = 0; k < n; k++) {
		if (k)
			sbuf_add(f->sb, ", ", 2);
		if (k >= f->strmax) {
			sbuf_add(f->sb, "...", 3);
			break;
		}
		put_epoll_event(f, c->data + 12 * k);
	}
	sbuf_putc(f->sb, ']');
}

static void put_clone3(struct sfmt *f, int i)
{
	const struct tl_capture *c = cap(f, i, false);
	const uint8_t *d;
	uint64_t fl;

	if (!c || c->len < 64 || !f->has_args || !argv_(f, i)) {
		put_ptr(f, i);
		return;
	}
	d = c->data;
	fl = tl_get64(d);
	sbuf_puts(f->sb, "{flags=");
	print_flags(f->sb, &xl_clone_flags, fl, f->xstyle);
	if (fl & 0x1000) {
		sbuf_puts(f->sb, ", pidfd=");
		sbuf_hex(f->sb, tl_get64(d + 8));
	}
	if (fl & (0x1000000 | 0x200000)) {
		sbuf_puts(f->sb, ", child_tid=");
		sbuf_hex(f->sb, tl_get64(d + 16));
	}
	if (fl & 0x100000) {
		sbuf_puts(f->sb, ", parent_tid=");
		sbuf_hex(f->sb, tl_get64(d + 24));
	}
	sbuf_puts(f->sb, ", exit_signal=");
	if (tl_get64(d + 32))
		print_signame(f->sb, (int)tl_get64(d + 32), f->xstyle);
	else
		sbuf_putc(f->sb, '0');
	sbuf_puts(f->sb, ", stack=");
	sbuf_hex(f->sb, tl_get64(d + 40));
	sbuf_puts(f->sb, ", stack_size=");
	sbuf_hex(f->sb, tl_get64(d + 48));
	if (fl & 0x80000) {
		sbuf_puts(f->sb, ", tls=");
		sbuf_hex(f->sb, tl_get64(d + 56));
	}
	sbuf_putc(f->sb, '}');
}

static void put_sockopt_name_lv(struct sfmt *f, int i)
{
	uint32_t level = (uint32_t)f->ev->args[1];
	const struct xlat *x = level == 1 ? &xl_sockopt : level == 0 ? &xl_ipopt :
			       level == 6 ? &xl_tcpopt : level == 41 ? &xl_ipv6opt :
			       NULL;

	if (!f->has_args)
		put_unavail(f);
	else if (x)
		print_xval(f->sb, x, (uint32_t)f->ev->args[i], f->xstyle);
	else
		sbuf_u64(f->sb, (uint32_t)f->ev->args[i]);
}

/*
 * SOL_SOCKET values strace shows as structs or names (the numbers are the
 * same on every ABI here): SO_LINGER {l_onoff, l_linger}, SO_PEERCRED
 * {pid, uid, gid}, SO_ERROR an errno name. false: not one of them.
 */
static bool put_sockopt_known(struct sfmt *f, const struct tl_capture *c,
			      uint64_t len)
{
	uint32_t level = (uint32_t)f->ev->args[1];
	uint32_t name = (uint32_t)f->ev->args[2];
	const uint8_t *d = c->data;

	if (level != 1)
		return false;
	if (name == 13 && len == 8 && c->len >= 8) {		/* SO_LINGER */
		sbuf_puts(f->sb, "{l_onoff=");
		sbuf_i64(f->sb, (int32_t)tl_get32(d));
		sbuf_puts(f->sb, ", l_linger=");
		sbuf_i64(f->sb, (int32_t)tl_get32(d + 4));
		sbuf_putc(f->sb, '}');
		return true;
	}
	if (name == 17 && len == 12 && c->len >= 12) {	/* SO_PEERCRED */
		sbuf_puts(f->sb, "{pid=");
		sbuf_i64(f->sb, (int32_t)tl_get32(d));
		sbuf_puts(f->sb, ", uid=");
		sbuf_u64(f->sb, tl_get32(d + 4));
		sbuf_puts(f->sb, ", gid=");
		sbuf_u64(f->sb, tl_get32(d + 8));
		sbuf_putc(f->sb, '}');
		return true;
	}
	if (name == 4 && len == 4 && c->len >= 4) {		/* SO_ERROR */
		int32_t e = (int32_t)tl_get32(d);
		const char *en = e > 0 ? tl_errno_name(e) : NULL;

		sbuf_putc(f->sb, '[');
		if (en)
			sbuf_puts(f->sb, en);
		else
			sbuf_i64(f->sb, e);
		sbuf_putc(f->sb, ']');
		return true;
	}
	return false;
}

/* An option value: "[1]" for an int, a few structs, else the bytes. */
static void put_sockopt_val(struct sfmt *f, int i, const struct tl_capture *c,
			    uint64_t len)
{
	if (!c || !f->has_args || !argv_(f, i)) {
		put_ptr(f, i);
		return;
	}
	if (f->xstyle != XS_RAW && put_sockopt_known(f, c, len))
		return;
	if (len == 4 && c->len >= 4) {
		sbuf_putc(f->sb, '[');
		sbuf_i64(f->sb, (int32_t)tl_get32(c->data));
		sbuf_putc(f->sb, ']');
		return;
	}
	put_buf_capt(f, c, len, false);
}

static void put_sockopt_in(struct sfmt *f, int i)
{
	put_sockopt_val(f, i, cap(f, i, false), (uint32_t)f->ev->args[i + 1]);
}

static void put_sockopt_out(struct sfmt *f, int i)
{
	const struct tl_capture *c = NULL, *lc;
	uint64_t len = 0;

	if (f->has_ret && f->ev->ret == 0) {
		c = cap_exit(f, i);
		lc = cap_exit(f, i + 1);
		if (lc && lc->len >= 4)
			len = tl_get32(lc->data);
		else if (c)
			len = c->len;
	}
	put_sockopt_val(f, i, c, len);
}

static void put_sysinfo(struct sfmt *f, int i)
{
	static const char *const names[] = {
		"totalram", "freeram", "sharedram", "bufferram", "totalswap",
		"freeswap",
	};
	const struct tl_capture *c = NULL;
	const uint8_t *d;
	unsigned k;

	if (f->has_ret && f->ev->ret == 0)
		c = cap_exit(f, i);
	if (!c || c->len < 108 || !wide_abi(f->abi)) {
		put_ptr(f, i);
		return;
	}
	d = c->data;
	sbuf_puts(f->sb, "{uptime=");
	sbuf_i64(f->sb, (int64_t)tl_get64(d));
	sbuf_puts(f->sb, ", loads=[");
	for (k = 0; k < 3; k++) {
		if (k)
			sbuf_add(f->sb, ", ", 2);
		sbuf_u64(f->sb, tl_get64(d + 8 + 8 * k));
	}
	sbuf_putc(f->sb, ']');
	for (k = 0; k < 6; k++) {
		sbuf_add(f->sb, ", ", 2);
		sbuf_puts(f->sb, names[k]);
		sbuf_putc(f->sb, '=');
		sbuf_u64(f->sb, tl_get64(d + 32 + 8 * k));
	}
	sbuf_puts(f->sb, ", procs=");
	sbuf_u64(f->sb, tl_get16(d + 80));
	sbuf_puts(f->sb, ", totalhigh=");
	sbuf_u64(f->sb, tl_get64(d + 88));
	sbuf_puts(f->sb, ", freehigh=");
	sbuf_u64(f->sb, tl_get64(d + 96));
	sbuf_puts(f->sb, ", mem_unit=");
	sbuf_u64(f->sb, tl_get32(d + 104));
	sbuf_putc(f->sb, '}');
}

static void put_groups(struct sfmt *f, int i)
{
	const struct tl_capture *c = NULL;
	uint64_t n, k;

	if (f->has_args && !argv_(f, i)) {
		sbuf_add(f->sb, "NULL", 4);
		return;
	}
	if (f->has_args && (int32_t)f->ev->args[0] == 0 && f->has_ret &&
	    f->ev->ret >= 0) {
		sbuf_add(f->sb, "[]", 2);
		return;
	}
	if (f->has_ret && f->ev->ret > 0)
		c = cap_exit(f, i);
	if (!c) {
		put_ptr(f, i);
		return;
	}
	n = (uint64_t)f->ev->ret;
	if (n > c->len / 4)
		n = c->len / 4;
	sbuf_putc(f->sb, '[');
	for (k = 0; k < n; k++) {
		if (k)
			sbuf_add(f->sb, ", ", 2);
		if (k >= f->strmax) {
			sbuf_add(f->sb, "...", 3);
			break;
		}
		sbuf_u64(f->sb, tl_get32(c->data + 4 * k));
	}
	sbuf_putc(f->sb, ']');
}

static void put_cpuset(struct sfmt *f, int i)
{
	const struct tl_capture *c = NULL;
	uint64_t n, bit;
	bool first = true;

	if (f->has_ret && f->ev->ret > 0)
		c = cap_exit(f, i);
	if (!c) {
		put_ptr(f, i);
		return;
	}
	n = (uint64_t)f->ev->ret;
	if (n > c->len)
		n = c->len;
	sbuf_putc(f->sb, '[');
	for (bit = 0; bit < n * 8; bit++) {
		if (!(c->data[bit / 8] & (1u << (bit % 8))))
			continue;
		if (!first)
			sbuf_putc(f->sb, ' ');
		first = false;
		sbuf_u64(f->sb, bit);
	}
	sbuf_putc(f->sb, ']');
}

static void put_statfs(struct sfmt *f, int i)
{
	static const struct xlat_ent magic_e[] = {
		{ 0xef53, "EXT2_SUPER_MAGIC" }, { 0x01021994, "TMPFS_MAGIC" },
		{ 0x9fa0, "PROC_SUPER_MAGIC" }, { 0x62656572, "SYSFS_MAGIC" },
		{ 0x794c7630, "OVERLAYFS_SUPER_MAGIC" },
		{ 0x58465342, "XFS_SUPER_MAGIC" },
		{ 0x9123683e, "BTRFS_SUPER_MAGIC" },
		{ 0x63677270, "CGROUP2_SUPER_MAGIC" },
		{ 0x27e0eb, "CGROUP_SUPER_MAGIC" }, { 0x6969, "NFS_SUPER_MAGIC" },
		{ 0x1cd1, "DEVPTS_SUPER_MAGIC" }, { 0x858458f6, "RAMFS_MAGIC" },
		{ 0x65735546, "FUSE_SUPER_MAGIC" }, { 0x73717368, "SQUASHFS_MAGIC" },
		{ 0x4d44, "MSDOS_SUPER_MAGIC" }, { 0xcafe4a11, "BPF_FS_MAGIC" },
		{ 0x74726163, "TRACEFS_MAGIC" }, { 0x64626720, "DEBUGFS_MAGIC" },
	};
	static const struct xlat magic = { magic_e, 18, "", 0 };
	static const struct xlat_ent st_e[] = {
		{ 1, "ST_RDONLY" }, { 2, "ST_NOSUID" }, { 4, "ST_NODEV" },
		{ 8, "ST_NOEXEC" }, { 16, "ST_SYNCHRONOUS" }, { 0x20, "ST_VALID" },
		{ 64, "ST_MANDLOCK" }, { 0x400, "ST_NOATIME" },
		{ 0x800, "ST_NODIRATIME" }, { 0x1000, "ST_RELATIME" },
	};
	static const struct xlat stf = { st_e, 10, "ST_???", 0 };
	static const char *const names[] = {
		"f_bsize", "f_blocks", "f_bfree", "f_bavail", "f_files", "f_ffree",
	};
	const struct tl_capture *c = NULL;
	const uint8_t *d;
	unsigned k;

	if (f->has_ret && f->ev->ret == 0)
		c = cap_exit(f, i);
	if (!c || c->len < 88 || f->abi != TL_ABI_X86_64) {
		put_ptr(f, i);
		return;
	}
	d = c->data;
	sbuf_puts(f->sb, "{f_type=");
	print_xval(f->sb, &magic, tl_get64(d), f->xstyle);
	for (k = 0; k < 6; k++) {
		sbuf_add(f->sb, ", ", 2);
		sbuf_puts(f->sb, names[k]);
		sbuf_putc(f->sb, '=');
		sbuf_u64(f->sb, tl_get64(d + 8 + 8 * k));
	}
	sbuf_puts(f->sb, ", f_fsid={val=[");
	sbuf_hex(f->sb, tl_get32(d + 56));
	sbuf_add(f->sb, ", ", 2);
	sbuf_hex(f->sb, tl_get32(d + 60));
	sbuf_puts(f->sb, "]}, f_namelen=");
	sbuf_u64(f->sb, tl_get64(d + 64));
	sbuf_puts(f->sb, ", f_frsize=");
	sbuf_u64(f->sb, tl_get64(d + 72));
	sbuf_puts(f->sb, ", f_flags=");
	print_flags(f->sb, &stf, tl_get64(d + 80), f->xstyle);
	sbuf_putc(f->sb, '}');
}

/* ------------------------------------------------------ the printers */

/* One argument of a table row. */
static void put_arg(struct sfmt *f, const struct sc_arg *a, int i)
{
	switch (a->pt) {
	case PT_INT: put_int(f, i); break;
	case PT_UINT: put_uint(f, i); break;
	case PT_LONG: put_long(f, i); break;
	case PT_ULONG: put_ulong(f, i); break;
	case PT_HEX: put_hex(f, i); break;
	case PT_PTR: put_ptr(f, i); break;
	case PT_FD: put_fd(f, i); break;
	case PT_DIRFD: put_dirfd(f, i); break;
	case PT_PATH: put_path(f, i, false); break;
	case PT_STR: put_str(f, i, false); break;
	case PT_BUF_IN: put_buf_in(f, i); break;
	case PT_BUF_OUT: put_buf_out(f, i, false); break;
	case PT_BUF_OUT_HEX: put_buf_out(f, i, true); break;
	case PT_STR_OUT: put_str_out(f, i); break;
	case PT_MODE: put_mode(f, i); break;
	case PT_XVAL: put_xval(f, i, a->x); break;
	case PT_FLAGS: put_flags(f, i, a->x); break;
	case PT_OPEN_FLAGS:
		if (!f->has_args)
			put_unavail(f);
		else
			print_open_flags(f->sb, (uint32_t)f->ev->args[i],
					 f->abi, f->xstyle);
		break;
	case PT_SIG: put_sig(f, i); break;
	case PT_STAT_OUT: put_stat_out(f, i); break;
	case PT_STATX_OUT: put_statx_out(f, i); break;
	case PT_STATX_FLAGS: put_statx_flags(f, i); break;
	case PT_SA_IN: put_sa_in(f, i); break;
	case PT_SA_OUT: put_sa_out(f, i); break;
	case PT_ARGV: put_argv(f, i); break;
	case PT_ENVP: put_envp(f, i); break;
	case PT_SIGSET_IN: put_sigset(f, i, false); break;
	case PT_SIGSET_OUT: put_sigset(f, i, true); break;
	case PT_SIGACT_IN: put_sigaction(f, i, false); break;
	case PT_SIGACT_OUT: put_sigaction(f, i, true); break;
	case PT_RLIM_IN: put_rlim(f, i, false); break;
	case PT_RLIM_OUT: put_rlim(f, i, true); break;
	case PT_TS_IN: put_timespec(f, i, false, false); break;
	case PT_TS_OUT: put_timespec(f, i, true, false); break;
	case PT_TV_IN: put_timespec(f, i, false, true); break;
	case PT_INT_OUT: put_int_out(f, i); break;
	case PT_INT_IN: put_int_in(f, i); break;
	case PT_WINSZ_IN: put_winsize(f, i, false); break;
	case PT_WINSZ_OUT: put_winsize(f, i, true); break;
	case PT_FDPAIR_OUT: put_fdpair(f, i); break;
	case PT_WSTATUS_OUT: put_wstatus(f, i); break;
	case PT_UTS_OUT: put_uts(f, i); break;
	case PT_DIRENTS_OUT: put_dirents(f, i); break;
	case PT_SOCK_TYPE: put_sock_type(f, i); break;
	case PT_SOCK_PROTO: put_sock_proto(f, i); break;
	case PT_MMAP_FLAGS: put_mmap_flags(f, i); break;
	case PT_POLLFDS: put_pollfds(f, i, false); break;
	case PT_FDSET: put_fdset(f, i); break;
	case PT_PSELECT_SIG: put_pselect_sig(f, i); break;
	case PT_EPOLL_EV_IN: put_epoll_in(f, i); break;
	case PT_EPOLL_EV_OUT: put_epoll_out(f, i); break;
	case PT_SOCKOPT_NAME: put_sockopt_name_lv(f, i); break;
	case PT_CLONE3_ARGS: put_clone3(f, i); break;
	case PT_SOCKOPT_IN: put_sockopt_in(f, i); break;
	case PT_SOCKOPT_OUT: put_sockopt_out(f, i); break;
	case PT_SYSINFO_OUT: put_sysinfo(f, i); break;
	case PT_GROUPS_OUT: put_groups(f, i); break;
	case PT_CPUSET_OUT: put_cpuset(f, i); break;
	case PT_STATFS_OUT: put_statfs(f, i); break;
	default: put_hex(f, i); break;
	}
}

/* Argument list of this call: the row, or one adapted to the call. */
struct arglist {
	uint8_t n;
	uint8_t exit_from;
	struct sc_arg a[6];
	const char *label[6];	/* "child_stack=" ... for clone */
};

static uint8_t generic_pt(const struct tl_sysarg *sa, bool *out)
{
	bool wide = sa->type && (strstr(sa->type, "long") ||
				 strstr(sa->type, "off_t") ||
				 strstr(sa->type, "size_t"));

	*out = false;
	switch (sa->kind) {
	case TL_ARG_INT: return wide ? PT_LONG : PT_INT;
	case TL_ARG_PID: return PT_INT;
	case TL_ARG_UID: return PT_INT;
	case TL_ARG_UINT: return wide ? PT_ULONG : PT_UINT;
	case TL_ARG_FD: return PT_FD;
	case TL_ARG_DIRFD: return PT_DIRFD;
	case TL_ARG_STR: return PT_STR;
	case TL_ARG_PATH: return PT_PATH;
	case TL_ARG_BUF_IN: return PT_BUF_IN;
	case TL_ARG_BUF_OUT: *out = true; return PT_BUF_OUT;
	case TL_ARG_STRUCT_OUT: case TL_ARG_ARRAY_OUT: case TL_ARG_IOV_OUT:
	case TL_ARG_STRUCT_INOUT:
		*out = true; return PT_PTR;
	case TL_ARG_SOCKADDR_IN: return PT_SA_IN;
	case TL_ARG_SOCKADDR_OUT: case TL_ARG_BUF_OUT_PLEN:
		*out = true; return PT_PTR;
	case TL_ARG_STR_OUT: *out = true; return PT_STR_OUT;
	case TL_ARG_ARGV: return PT_ARGV;
	case TL_ARG_ENVP: return PT_ENVP;
	case TL_ARG_MODE: return PT_MODE;
	case TL_ARG_SIGNAL: return PT_SIG;
	case TL_ARG_PTR: case TL_ARG_STRUCT_IN: case TL_ARG_IOV_IN:
	case TL_ARG_ARRAY_IN: case TL_ARG_ARRAY_INOUT: case TL_ARG_FDSET_INOUT:
		return PT_PTR;
	default: return PT_HEX;
	}
}

static void build_args(struct sfmt *f, struct arglist *al)
{
	const struct sc_printer *p = f->p;
	const struct tl_event *ev = f->ev;
	unsigned i;

	memset(al, 0, sizeof(*al));
	if (p->custom == CU_GENERIC) {
		const struct tl_syscall *sc = ev->sc;
		bool out;

		al->n = sc && sc->nargs <= 6 ? sc->nargs : 0;
		al->exit_from = al->n;
		for (i = 0; i < al->n; i++) {
			const struct tl_sysarg *sa = &sc->args[i];

			al->a[i].pt = generic_pt(sa, &out);
			if (sa->kind == TL_ARG_FLAGS || sa->kind == TL_ARG_ENUM) {
				if (sa->fmt && strcmp(sa->fmt, "open_flags") == 0) {
					al->a[i].pt = PT_OPEN_FLAGS;
				} else if (sa->fmt && strcmp(sa->fmt, "socket_type") == 0) {
					al->a[i].pt = PT_SOCK_TYPE;
				} else if ((al->a[i].x = xlat_by_fmt(sa->fmt))) {
					al->a[i].pt = sa->kind == TL_ARG_FLAGS ?
						PT_FLAGS : PT_XVAL;
				}
			}
			if (out && al->exit_from == al->n)
				al->exit_from = (uint8_t)i;
		}
		return;
	}
	if (p->custom == CU_UNKNOWN) {
		al->n = al->exit_from = 6;
		for (i = 0; i < 6; i++)
			al->a[i].pt = PT_HEX;
		return;
	}
	al->n = p->nargs;
	al->exit_from = p->exit_from;
	memcpy(al->a, p->a, sizeof(al->a));
	switch (p->custom) {
	case CU_OPEN: {
		unsigned fi = al->n - 2;	/* flags argument */
		uint64_t fl = ev->args[fi];
		uint64_t tmp = (f->abi == TL_ABI_AARCH64 || f->abi == TL_ABI_ARM) ?
			020040000 : 020200000;

		if (!f->has_args || !((fl & 0100) || (fl & tmp) == tmp))
			al->n = al->exit_from = (uint8_t)(fi + 1);
		break;
	}
	case CU_CLONE: {
		/* x86_64: flags, stack, ptid, ctid, tls; others: flags,
		 * stack, ptid, tls, ctid */
		bool backwards = f->abi != TL_ABI_X86_64 && f->abi != TL_ABI_X32;
		uint64_t fl = ev->args[0];
		unsigned k = 2;
		static const uint8_t map_x86[] = { 2, 4, 3 }, map_bw[] = { 2, 3, 4 };
		const uint8_t *map = backwards ? map_bw : map_x86;

		al->label[0] = "child_stack=";
		al->a[0].pt = PT_PTR;
		al->label[1] = "flags=";
		al->a[1].pt = PT_CLONE_FLAGS;
		al->exit_from = 2;
		if (f->has_args && (fl & 0x100000)) {
			al->label[k] = "parent_tid=";
			al->a[k++].pt = PT_PTR;
		}
		if (f->has_args && (fl & 0x80000)) {
			al->label[k] = "tls=";
			al->a[k++].pt = PT_PTR;
		}
		if (f->has_args && (fl & (0x1000000 | 0x200000))) {
			al->label[k] = "child_tidptr=";
			al->a[k++].pt = PT_PTR;
		}
		al->n = (uint8_t)k;
		/* argument indexes for the labels (stored in x as a hack-free
		 * side table: see put_clone_arg) */
		(void)map;
		break;
	}
	case CU_FCNTL: {
		uint32_t cmd = (uint32_t)ev->args[1];

		switch (cmd) {
		case 1: case 3: case 9: case 11: case 1025: case 1032:
		case 1034:
			al->n = al->exit_from = 2;	/* no argument */
			break;
		case 2:
			al->a[2].pt = PT_FLAGS;
			al->a[2].x = &xl_fd_flags;
			break;
		case 4:
			al->a[2].pt = PT_OPEN_FLAGS;
			break;
		case 1033:
			al->a[2].pt = PT_FLAGS;
			al->a[2].x = &xl_seals;
			break;
		case 5: case 6: case 7: case 36: case 37: case 38:
		case 15: case 16:
			al->a[2].pt = PT_PTR;
			break;
		case 10:
			al->a[2].pt = PT_SIG;
			break;
		default:
			al->a[2].pt = PT_INT;
		}
		if (!f->has_args)
			al->a[2].pt = PT_HEX;
		break;
	}
	case CU_IOCTL: {
		uint32_t req = (uint32_t)ev->args[1];

		/* the recorder reads the argument of these requests at exit
		 * (results) or at enter (values passed): TL_ARG_IOCTL_ARG;
		 * files without the capture show the pointer */
		switch (req) {
		case 0x541b: case 0x5411: case 0x540f: case 0x5429:
		case 0x80045430:
			/* FIONREAD, TIOCOUTQ, TIOCGPGRP, TIOCGSID, TIOCGPTN */
			al->exit_from = 2;
			al->a[2].pt = PT_INT_OUT;
			break;
		case 0x5413:	/* TIOCGWINSZ */
			al->exit_from = 2;
			al->a[2].pt = PT_WINSZ_OUT;
			break;
		case 0x5421: case 0x5452: case 0x5410:
			/* FIONBIO, FIOASYNC, TIOCSPGRP */
			al->exit_from = 3;
			al->a[2].pt = PT_INT_IN;
			break;
		case 0x5414:	/* TIOCSWINSZ */
			al->exit_from = 3;
			al->a[2].pt = PT_WINSZ_IN;
			break;
		case 0x5401:
			al->a[2].pt = PT_PTR;
			break;
		case 0x5450: case 0x5451: case 0x5422: case 0x540c:
		case 0x540d:
			al->n = al->exit_from = 2;
			break;
		default:
			al->exit_from = 3;
			al->a[2].pt = PT_HEX;
		}
		break;
	}
	case CU_FUTEX: {
		uint32_t op = (uint32_t)ev->args[1], cmd = op & 0x7f;

		al->a[2].pt = PT_UINT;
		switch (cmd) {
		case 0:		/* WAIT: val, timeout */
			al->n = al->exit_from = 4;
			al->a[3].pt = PT_TS_IN;
			break;
		case 9:		/* WAIT_BITSET: val, timeout, -, mask */
			al->n = al->exit_from = 6;
			al->a[3].pt = PT_TS_IN;
			al->a[4].pt = PT_END;	/* skipped */
			al->a[5].pt = PT_HEX;
			break;
		case 1: case 7: case 8: case 6:
			al->n = al->exit_from = cmd == 1 ? 3 : 2;
			if (cmd == 6) {
				al->n = al->exit_from = 4;
				al->a[3].pt = PT_TS_IN;
			}
			break;
		case 10:	/* WAKE_BITSET: val, -, -, mask */
			al->n = al->exit_from = 6;
			al->a[3].pt = PT_END;
			al->a[4].pt = PT_END;
			al->a[5].pt = PT_HEX;
			break;
		case 3: case 4: case 5:
			al->n = al->exit_from = cmd == 3 ? 5 : 6;
			al->a[3].pt = PT_UINT;
			al->a[4].pt = PT_PTR;
			al->a[5].pt = PT_UINT;
			break;
		default:
			al->n = al->exit_from = 6;
			al->a[3].pt = al->a[4].pt = al->a[5].pt = PT_HEX;
		}
		break;
	}
	case CU_ARCH_PRCTL: {
		uint32_t code = (uint32_t)ev->args[0];

		if (code == 0x1003 || code == 0x1004) {
			al->exit_from = 1;
			al->a[1].pt = PT_INT_OUT;
		} else {
			al->a[1].pt = PT_HEX;
		}
		break;
	}
	default:
		break;
	}
}

static void put_futex_op(struct sfmt *f, int i)
{
	uint32_t op = (uint32_t)f->ev->args[i], cmd = op & 0x7f;
	const char *name = xlat_name(&xl_futex_cmd, cmd);

	if (!f->has_args) {
		put_unavail(f);
		return;
	}
	if (f->xstyle == XS_RAW || !name || (op & ~0x1ffu)) {
		sbuf_u64(f->sb, op);
		return;
	}
	sbuf_puts(f->sb, name);
	if (op & 128)
		sbuf_puts(f->sb, "_PRIVATE");
	if (op & 256)
		sbuf_puts(f->sb, "|FUTEX_CLOCK_REALTIME");
}

static void put_ioctl_req(struct sfmt *f, int i)
{
	uint32_t req = (uint32_t)f->ev->args[i];
	const char *name = xlat_name(&xl_ioctl_req, req);
	static const char *const dirs[] = {
		"_IOC_NONE", "_IOC_WRITE", "_IOC_READ", "_IOC_READ|_IOC_WRITE"
	};

	if (!f->has_args) {
		put_unavail(f);
		return;
	}
	if (name && f->xstyle == XS_ABBREV) {
		sbuf_puts(f->sb, name);
		return;
	}
	if (f->xstyle != XS_ABBREV) {
		sbuf_hex(f->sb, req);
		if (f->xstyle == XS_RAW || !name)
			return;
		sbuf_puts(f->sb, " /* ");
		sbuf_puts(f->sb, name);
		sbuf_puts(f->sb, " */");
		return;
	}
	sbuf_puts(f->sb, "_IOC(");
	sbuf_puts(f->sb, dirs[req >> 30]);
	sbuf_add(f->sb, ", ", 2);
	sbuf_hex(f->sb, (req >> 8) & 0xff);
	sbuf_add(f->sb, ", ", 2);
	sbuf_hex(f->sb, req & 0xff);
	sbuf_add(f->sb, ", ", 2);
	sbuf_hex(f->sb, (req >> 16) & 0x3fff);
	sbuf_putc(f->sb, ')');
}

static void put_clone_flags(struct sfmt *f, int i)
{
	uint64_t fl = f->ev->args[i], rest = fl & ~0xffull;
	int sig = (int)(fl & 0xff);

	if (!f->has_args) {
		put_unavail(f);
		return;
	}
	if (f->xstyle != XS_ABBREV) {
		sbuf_hex(f->sb, fl);
		if (f->xstyle == XS_RAW || !fl)
			return;
		sbuf_puts(f->sb, " /* ");
	}
	if (rest) {
		sprint_flags(f->sb, &xl_clone_flags, rest);
		if (sig)
			sbuf_putc(f->sb, '|');
	}
	if (sig)
		print_signame(f->sb, sig, XS_ABBREV);
	if (!fl)
		sbuf_putc(f->sb, '0');
	if (f->xstyle == XS_VERBOSE)
		sbuf_puts(f->sb, " */");
}

static int clone_arg_index(struct sfmt *f, const char *label)
{
	bool backwards = f->abi != TL_ABI_X86_64 && f->abi != TL_ABI_X32;

	switch (label[0]) {
	case 'c':
		return label[1] == 'h' && label[6] == 's' ? 1 :
		       (backwards ? 4 : 3);	/* child_stack / child_tidptr */
	case 'f': return 0;
	case 'p': return 2;
	case 't': return backwards ? 3 : 4;
	}
	return 0;
}

static void print_range(struct sfmt *f, const struct arglist *al,
			unsigned from, unsigned to, bool sep_first)
{
	unsigned i;
	bool first = !sep_first;

	for (i = from; i < to; i++) {
		const struct sc_arg *a = &al->a[i];
		int idx = (int)i;

		if (a->pt == PT_END)
			continue;	/* argument not shown for this op */
		if (a->pt == PT_SOCKLEN)
			continue;	/* printed with the sockaddr */
		if (!first)
			sbuf_add(f->sb, ", ", 2);
		first = false;
		if (al->label[i]) {
			sbuf_puts(f->sb, al->label[i]);
			idx = clone_arg_index(f, al->label[i]);
		}
		switch (a->pt) {
		case PT_FUTEX_OP: put_futex_op(f, idx); break;
		case PT_IOCTL_REQ: put_ioctl_req(f, idx); break;
		case PT_CLONE_FLAGS: put_clone_flags(f, idx); break;
		default: put_arg(f, a, idx);
		}
	}
}

void sfmt_enter(struct sfmt *f)
{
	struct arglist al;

	build_args(f, &al);
	print_range(f, &al, 0, al.exit_from, false);
	if (al.exit_from < al.n && al.exit_from > 0 && !al.label[al.exit_from])
		sbuf_add(f->sb, ", ", 2);
}

void sfmt_exit(struct sfmt *f)
{
	struct arglist al;

	build_args(f, &al);
	if (al.exit_from >= al.n)
		return;
	print_range(f, &al, al.exit_from, al.n, al.label[al.exit_from] != NULL);
}

bool sfmt_has_exit_part(const struct sfmt *f)
{
	struct arglist al;

	build_args((struct sfmt *)f, &al);
	return al.exit_from < al.n;
}

bool sfmt_enter_late(const struct sfmt *f)
{
	const struct tl_event *ev = f->ev;
	struct arglist al;
	uint32_t i;
	bool any = false;

	for (i = 0; i < ev->ncapt && !any; i++)
		any = ev->capt[i].flags & TL_CAPTF_EXIT;
	if (!any)
		return false;
	build_args((struct sfmt *)f, &al);
	for (i = 0; i < ev->ncapt; i++) {
		const struct tl_capture *c = &ev->capt[i];

		if ((c->flags & TL_CAPTF_EXIT) && c->arg < al.exit_from &&
		    !(c->flags & TL_CAPTF_FAULT) &&
		    sfmt_capt(ev, c->arg, false) == c)
			return true;
	}
	return false;
}

bool sfmt_noreturn(const struct sfmt *f)
{
	return f->p->rv == RV_NONE;
}

/* ------------------------------------------------------- return values */

void sfmt_errno(struct sbuf *sb, int err)
{
	const char *name, *msg;

	switch (err) {
	case 512: sbuf_puts(sb, "ERESTARTSYS (To be restarted if SA_RESTART is set)"); return;
	case 513: sbuf_puts(sb, "ERESTARTNOINTR (To be restarted)"); return;
	case 514: sbuf_puts(sb, "ERESTARTNOHAND (To be restarted if no handler)"); return;
	case 516: sbuf_puts(sb, "ERESTART_RESTARTBLOCK (Interrupted by signal)"); return;
	}
	name = tl_errno_name(err);
	msg = tl_errno_msg(err);
	if (!name) {
		sbuf_puts(sb, "(errno ");
		sbuf_i64(sb, err);
		sbuf_putc(sb, ')');
		return;
	}
	sbuf_puts(sb, name);
	sbuf_add(sb, " (", 2);
	if (msg) {
		sbuf_puts(sb, msg);
	} else {
		sbuf_puts(sb, "Unknown error ");
		sbuf_i64(sb, err);
	}
	sbuf_putc(sb, ')');
}

void sfmt_retval(struct sfmt *f)
{
	const struct tl_event *ev = f->ev;
	int64_t ret = ev->ret;

	if (!f->has_ret) {
		sbuf_putc(f->sb, '?');
		return;
	}
	if (!wide_abi(f->abi))
		ret = (int32_t)ret;
	if (is_err(ret)) {
		int err = (int)-ret;

		if (err >= 512 && err <= 516 && err != 515)
			sbuf_add(f->sb, "? ", 2);
		else
			sbuf_add(f->sb, "-1 ", 3);
		sfmt_errno(f->sb, err);
		return;
	}
	switch (f->p->rv) {
	case RV_HEX:
	case RV_UHEX:
		sbuf_hex(f->sb, (uint64_t)ret);
		return;
	case RV_OCT:
		sbuf_putc(f->sb, '0');
		if (ret)
			sbuf_oct(f->sb, (uint64_t)ret);
		if (ret < 010)
			sbuf_putc(f->sb, '0');
		return;
	case RV_FCNTL: {
		uint32_t cmd = (uint32_t)ev->args[1];

		if (f->has_args && cmd == 3) {		/* F_GETFL */
			sbuf_hex(f->sb, (uint64_t)ret);
			sbuf_puts(f->sb, " (flags ");
			print_open_flags(f->sb, (uint64_t)ret, f->abi, XS_ABBREV);
			sbuf_putc(f->sb, ')');
			return;
		}
		if (f->has_args && cmd == 1 && ret) {	/* F_GETFD */
			sbuf_hex(f->sb, (uint64_t)ret);
			sbuf_puts(f->sb, " (flags ");
			sprint_flags(f->sb, &xl_fd_flags, (uint64_t)ret);
			sbuf_putc(f->sb, ')');
			return;
		}
		break;
	}
	case RV_POLL:
		sbuf_i64(f->sb, ret);
		if (ret == 0) {
			sbuf_puts(f->sb, " (Timeout)");
		} else if (cap_exit(f, 0) && f->has_args) {
			sbuf_add(f->sb, " (", 2);
			put_pollfds(f, 0, true);
			sbuf_putc(f->sb, ')');
		}
		return;
	case RV_SELECT:
		sbuf_i64(f->sb, ret);
		if (ret == 0)
			sbuf_puts(f->sb, " (Timeout)");
		else
			put_select_result(f);
		return;
	default:
		break;
	}
	sbuf_i64(f->sb, ret);
}

/* --------------------------------------------- symbolic argument text */

/* Argument types whose strace text carries names (flags, enums, modes,
 * signals), as opposed to numbers, pointers, strings and structs. */
static bool pt_symbolic(uint8_t pt)
{
	switch (pt) {
	case PT_DIRFD: case PT_MODE: case PT_XVAL: case PT_FLAGS:
	case PT_OPEN_FLAGS: case PT_SIG: case PT_STATX_FLAGS:
	case PT_SOCK_TYPE: case PT_SOCK_PROTO: case PT_MMAP_FLAGS:
	case PT_CLONE_FLAGS: case PT_IOCTL_REQ: case PT_FUTEX_OP:
		return true;
	default:
		return false;
	}
}

unsigned int argfmt_event(const struct tl_event *ev, struct sbuf *sb,
			  struct argfmt_spans *out)
{
	static const struct conv_opts defaults = { .snaplen = 32 };
	struct sfmt f;
	struct arglist al;
	unsigned int i;

	memset(out, 0, sizeof(*out));
	if (ev->type != TL_EV_SYSCALL_EXIT && ev->type != TL_EV_SYSCALL_ENTER)
		return 0;
	if (!(ev->flags & TL_EVF_HAS_ENTER))
		return 0;
	sfmt_init(&f, sb, &defaults, ev, NULL);
	build_args(&f, &al);
	for (i = 0; i < al.n && i < 6; i++) {
		const struct sc_arg *a = &al.a[i];
		int idx = (int)i;
		size_t start = sb->len;

		if (!pt_symbolic(a->pt))
			continue;
		if (al.label[i])
			idx = clone_arg_index(&f, al.label[i]);
		if (idx < 0 || idx >= 6 || (out->mask & (1u << idx)))
			continue;
		if (a->pt == PT_DIRFD && (int32_t)ev->args[idx] != -100)
			continue;	/* a plain descriptor */
		switch (a->pt) {
		case PT_FUTEX_OP: put_futex_op(&f, idx); break;
		case PT_IOCTL_REQ: put_ioctl_req(&f, idx); break;
		case PT_CLONE_FLAGS: put_clone_flags(&f, idx); break;
		default: put_arg(&f, a, idx);
		}
		if (sb->err)
			return 0;
		out->mask |= 1u << idx;
		out->off[idx] = (uint32_t)start;
		out->len[idx] = (uint32_t)(sb->len - start);
	}
	return out->mask;
}

bool argfmt_arg(const struct tl_event *ev, unsigned int arg,
		struct sbuf *sb)
{
	struct argfmt_spans sp;
	size_t start = sb->len;

	if (arg >= 6 || !(argfmt_event(ev, sb, &sp) & (1u << arg))) {
		sb->len = start;
		return false;
	}
	/* keep only argument `arg`'s text */
	memmove(sb->buf + start, sb->buf + sp.off[arg], sp.len[arg]);
	sb->len = start + sp.len[arg];
	return true;
}
