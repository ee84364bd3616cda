/* SPDX-License-Identifier: MIT */
/*
 * daemon_util.h - the pure parts of tl-record daemon, unit-tested without
 * BPF: its command line, trace name rules, query argument checks, and a
 * growable text buffer with JSON string escaping for the API's answers.
 *
 * Functions return 0 or -errno and never print; messages go into the
 * caller's buffer (one line, no program name, no newline).
 */
#ifndef TLR_DAEMON_UTIL_H
#define TLR_DAEMON_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "http.h"
#include "tl.h"

#define TLR_DAEMON_SOCKET	"/run/tl-record.sock"
#define TLR_DAEMON_SPOOL	"/var/lib/tl-record/spool"
#define TLR_DAEMON_SPOOL_MAX	(1024ull * 1024 * 1024)
#define TLR_DAEMON_BUFFER	(1024 * 1024)
#define TLR_DAEMON_MAX_TRACES	1024
#define TLR_DAEMON_MAX_WATCH	32
#define TLR_NAME_MAX		128

struct tlr_daemon_opts {
	const char *socket;		/* --socket */
	const char *spool;		/* --spool; NULL with --no-spool */
	uint64_t spool_max;		/* --spool-max, bytes */
	uint64_t buffer_size;		/* --buffer-size, per trace per CPU */
	const char *filter;		/* --syscall-filters */
	uint32_t snaplen;		/* -s */
	bool no_data;			/* --no-data */
	const char *compress;		/* --compress as given */
	enum tl_codec codec;
	int level;
	int ring_delta;			/* --format-version (options.h) */
	const char *watch[TLR_DAEMON_MAX_WATCH];	/* --watch */
	int nwatch;
	bool dump_on_crash;		/* --dump-on-crash */
	uint32_t max_traces;		/* --max-traces */
	int verbosity;			/* TLR_V_* (options.h) */
	bool help;
	bool version;
};

/* Parses `tl-record daemon`'s arguments (argv[0] is "daemon"). 0, or
 * -EINVAL with the message in err. --help/--version return 0 at once. */
int tlr_daemon_opts_parse(int argc, char **argv, struct tlr_daemon_opts *o,
			  char *err, size_t errlen);

/* Trace names: 1..TLR_NAME_MAX printable ASCII characters without space,
 * '"' or '\\', not all digits (ids are). 0 or -EINVAL with a message. */
int tlr_name_check(const char *name, char *err, size_t errlen);

/* Trace kinds by name ("command", "cgroup", "unit", "container", "pod")
 * and back; 0 for an unknown name. */
uint32_t tlr_kind_parse(const char *s);
const char *tlr_kind_name(uint32_t kind);

/*
 * Query arguments: every key must be in `allowed` (NULL-terminated), at
 * most once unless it is in `multi` (NULL-terminated, may be NULL), with
 * a value without NUL bytes. 0 or -EINVAL with a message.
 */
int tlr_args_check(const struct tlr_http_param *p, size_t n,
		   const char *const *allowed, const char *const *multi,
		   char *err, size_t errlen);
/* The value of `key`, or NULL. */
const char *tlr_args_get(const struct tlr_http_param *p, size_t n,
			 const char *key);

/* A growable NUL-terminated text buffer; an allocation failure sticks in
 * `err` and makes later calls no-ops. */
struct tlr_sbuf {
	char *s;
	size_t len, cap;
	int err;
};

__attribute__((format(printf, 2, 3)))
void tlr_sbuf_printf(struct tlr_sbuf *b, const char *fmt, ...);
void tlr_sbuf_add(struct tlr_sbuf *b, const void *data, size_t len);
/* s as a JSON string, quotes included; bytes < 0x20, '"' and '\\' are
 * escaped, bytes >= 0x80 that are not valid UTF-8 become U+FFFD. */
void tlr_sbuf_json(struct tlr_sbuf *b, const char *s);
/* Hands the buffer over (caller frees); NULL after an allocation failure
 * (the buffer is then freed). */
char *tlr_sbuf_take(struct tlr_sbuf *b, size_t *len);
void tlr_sbuf_release(struct tlr_sbuf *b);

/* Formats a CLOCK_REALTIME ns as "2024-05-01T10:00:00Z" (UTC). */
void tlr_iso_time(int64_t ns, char *out, size_t outlen);

#endif /* TLR_DAEMON_UTIL_H */
