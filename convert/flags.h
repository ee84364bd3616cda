/* SPDX-License-Identifier: MIT */
/*
 * flags.h - symbolic names for flag sets and enumerations as strace prints
 * them (open flags, mmap protections, clone flags, socket families ...).
 * Values are the Linux UAPI ones for x86_64 and the generic ABI; the
 * order of each table is the order in which strace prints the names.
 */
#ifndef TL_CONVERT_FLAGS_H
#define TL_CONVERT_FLAGS_H

#include <stdbool.h>
#include <stdint.h>

#include "sbuf.h"

struct xlat_ent {
	uint64_t val;
	const char *name;
};

struct xlat {
	const struct xlat_ent *e;
	unsigned int n;
	const char *unknown;	/* comment for unknown values: "O_???" */
	uint8_t dec;		/* enum printed in decimal when unknown */
};

/* The tables (flags.c). */
extern const struct xlat xl_open_access, xl_open_flags, xl_open_flags_generic,
	xl_at_flags, xl_faccessat_flags, xl_statx_flags, xl_statx_mask,
	xl_access_mode, xl_mmap_prot, xl_mmap_type, xl_mmap_flags,
	xl_clone_flags, xl_wait_options, xl_sock_family, xl_sock_type,
	xl_sock_flags, xl_ipproto, xl_msg_flags, xl_seek_whence,
	xl_fcntl_cmd, xl_fd_flags, xl_sigprocmask_how, xl_sa_flags,
	xl_rlimit, xl_arch_prctl, xl_futex_cmd, xl_poll_events,
	xl_epoll_events, xl_epoll_ctl, xl_cloexec_flags, xl_grnd_flags,
	xl_clock_ids, xl_timer_flags, xl_madvise, xl_fadvise, xl_seals,
	xl_ioctl_req, xl_shut_how, xl_sock_level, xl_sockopt, xl_ipopt,
	xl_ipv6opt, xl_tcpopt, xl_prctl_opt;

/* -X styles, same values as enum conv_xstyle. */
enum { XS_ABBREV = 0, XS_RAW = 1, XS_VERBOSE = 2 };

/* The table for a syscall table flag-set name ("open_flags"), or NULL. */
const struct xlat *xlat_by_fmt(const char *fmt);

/* Name of `val` in x, or NULL. */
const char *xlat_name(const struct xlat *x, uint64_t val);

/* One value: "SEEK_SET"; unknown: "0x9" plus a SEEK_??? comment (decimal when
 * x->dec). */
void print_xval(struct sbuf *sb, const struct xlat *x, uint64_t val,
		int xstyle);

/* A flag set: names OR-ed in table order, unknown remaining bits in hex
 * ("O_RDONLY|0x4000000"); no names at all: "0x4000000" plus an O_??? comment;
 * zero: the zero-valued name if the table has one, else "0". */
void print_flags(struct sbuf *sb, const struct xlat *x, uint64_t val,
		 int xstyle);

/* Core of print_flags without the -X handling: appends names and the hex
 * remainder, returns the number of items printed. */
unsigned int sprint_flags(struct sbuf *sb, const struct xlat *x,
			  uint64_t val);

/* open(2) flags: access mode first, then the other flags. `abi` selects
 * the architecture's values (aarch64 differs in four bits). */
void print_open_flags(struct sbuf *sb, uint64_t val, int abi, int xstyle);

/* st_mode / umode: "S_IFREG|0644", "0644", "S_IFDIR|S_ISVTX|0777". */
void print_mode_t(struct sbuf *sb, uint32_t mode, bool with_type, int xstyle);

/* Signal names: "SIGKILL", "SIGRTMIN", "SIGRT_3"; unknown: decimal. */
void print_signame(struct sbuf *sb, int sig, int xstyle);
/* Name in a sigset: "KILL", "RTMIN", "RT_1"; NULL when unknown. */
const char *sigset_name(int sig, char tmp[16]);

#endif /* TL_CONVERT_FLAGS_H */
