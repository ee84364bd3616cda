/* SPDX-License-Identifier: MIT */
/*
 * evargs.h - syscall arguments of a decoded event (struct tl_event) for
 * the machine-readable outputs: the capture that belongs to an argument,
 * integer arguments cut to their C type's width, the first path and fd
 * argument, and the whole argument list as a JSON object (the `args` of
 * JSON lines and of the SQLite syscalls table, documented in
 * docs/sqlite-schema.md and docs/json.md).
 *
 * Owner: tl-convert's JSON/SQLite outputs (convert/json.c, convert/sqldb.c);
 * tl-analyze may use it too. Pointers returned point into the event and
 * are valid as long as the event is.
 */
#ifndef TL_EVARGS_H
#define TL_EVARGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "jsonw.h"
#include "sbuf.h"
#include "tl.h"

/* The capture of argument `arg`, or NULL. With several captures for one
 * argument (enter and exit), the exit one is preferred for output
 * arguments and the enter one otherwise. */
const struct tl_capture *evargs_capture(const struct tl_event *ev,
					unsigned int arg);

/* Argument i as the value its C type holds: int-sized kinds and types are
 * sign- or zero-extended from 32 bits (fd -100 stays -100 even when the
 * register's upper half is zero), and every argument of a 32-bit ABI is
 * cut to 32 bits. Returns true when the value is signed. */
bool evargs_value(const struct tl_event *ev, unsigned int i, int64_t *sval,
		  uint64_t *uval);

/* The first path argument (TL_ARG_PATH, else TL_ARG_STR for execve-like
 * calls) that was captured: *p and *len point into the capture. false if none. */
bool evargs_path(const struct tl_event *ev, const uint8_t **p, size_t *len);

/* The first file descriptor argument (TL_ARG_FD, else TL_ARG_DIRFD). */
bool evargs_fd(const struct tl_event *ev, int64_t *fd);

/* The capture of the first TL_ARG_ARGV argument (execve's argv) when it
 * is an argv capture, else NULL. */
const struct tl_capture *evargs_argv(const struct tl_event *ev);

/* Is ret an error (-4095..-1)? Its errno then is -ret. */
static inline bool evargs_is_err(int64_t ret)
{
	return ret < 0 && ret >= -4095;
}

/* Writes the arguments as one JSON object value:
 *   {"dfd": -100, "filename": "/etc/passwd", "flags": 524288, "mode": 0}
 * keyed by the file's syscall table parameter names ("arg0".."arg5" for
 * a syscall the table does not know); integers as numbers, strings and
 * buffers as strings, argv as an array of strings, sockaddrs decoded,
 * structs as hex; "<name>_truncated": true for a cut capture,
 * "<name>_fault": true when the recorder could not read the memory,
 * "<name>_len" when only the length was recorded (--no-data, --redact),
 * "<name>_count" for counted arrays (envp). Writes null when the enter
 * record was lost (no TL_EVF_HAS_ENTER). */
void evargs_json(struct jsonw *w, const struct tl_event *ev);

/* A sockaddr capture as JSON: {"family": "AF_INET", "addr": "127.0.0.1",
 * "port": 80}, {"family": "AF_UNIX", "path": "/run/x"} or
 * {"family": N, "hex": "..."}. `b` is in the recording's byte order
 * (little-endian). */
void evargs_sockaddr_json(struct jsonw *w, const uint8_t *b, size_t len);

/* The name of argument i as `args` keys it: the syscall table's
 * parameter name, "arg0".."arg5" when unknown. NULL for i >= 6. */
const char *evargs_name(const struct tl_event *ev, unsigned int i);

/* Writes the symbolic form of the arguments (convert/argfmt.h) as one
 * JSON object value keyed like `args`, only for the arguments that have
 * one:  {"dfd": "AT_FDCWD", "flags": "O_RDONLY|O_CLOEXEC"}  ({} when none;
 * null when the enter record was lost). `tmp` is scratch space (its
 * contents are replaced). 0 or -ENOMEM (tmp->err). */
int evargs_argstr_json(struct jsonw *w, const struct tl_event *ev,
		       struct sbuf *tmp);

#endif /* TL_EVARGS_H */
