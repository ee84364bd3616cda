/* SPDX-License-Identifier: MIT */
/*
 * argfmt.h - the symbolic text of a syscall's arguments, exactly as
 * tl-convert's strace output prints them ("O_RDONLY|O_CLOEXEC",
 * "PROT_READ|PROT_WRITE", "AT_FDCWD", "SIGTERM", "0644", "F_SETFD"),
 * for the outputs that otherwise show numbers: JSON lines (`argstr`),
 * the SQLite syscalls.argstr column and tl-analyze.
 *
 * Only arguments with a symbolic form get a text: flag sets, enumerations,
 * modes, signals, ioctl requests, futex operations, and a dirfd equal to
 * AT_FDCWD. Plain numbers, descriptors, pointers, strings, buffers and
 * structs get none (their raw values are in `args`). Which arguments
 * are shown follows strace (openat's mode only with O_CREAT/O_TMPFILE,
 * fcntl's third argument by command). Implemented in convert/sfmt.c with
 * the strace printers; the text never depends on tl-convert's -X option.
 *
 * Owner: tl-convert (convert/). Library code: never prints.
 */
#ifndef TL_CONVERT_ARGFMT_H
#define TL_CONVERT_ARGFMT_H

#include <stdbool.h>
#include <stdint.h>

#include "sbuf.h"
#include "tl.h"

/* Where each argument's text is in the sbuf (bit i of mask set). */
struct argfmt_spans {
	unsigned int mask;
	uint32_t off[6];	/* offset in sb->buf */
	uint32_t len[6];
};

/* Appends the symbolic text of every argument of syscall event ev
 * (TL_EV_SYSCALL_EXIT or _ENTER with its enter part known) to sb and
 * returns the mask of the arguments that have one (0: none, also when
 * the enter record was lost or on allocation failure, sb->err set).
 * Texts are not separated or NUL-terminated: use out->off/len. */
unsigned int argfmt_event(const struct tl_event *ev, struct sbuf *sb,
			  struct argfmt_spans *out);

/* Appends argument `arg`'s symbolic text alone; false (sb unchanged)
 * when it has none. */
bool argfmt_arg(const struct tl_event *ev, unsigned int arg,
		struct sbuf *sb);

#endif /* TL_CONVERT_ARGFMT_H */
