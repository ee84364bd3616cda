/* SPDX-License-Identifier: MIT */
/*
 * ctl.h - `tl-record ctl`, the client of tl-record daemon: a small HTTP/1.1
 * client over the daemon's unix socket (one request per connection), the
 * commands list, status, add, add-current-cgroup, dump and close, and the
 * pieces it is built from that the unit tests check: %-encoding and an
 * incremental response parser (Content-Length, chunked, or until close).
 */
#ifndef TLR_CTL_H
#define TLR_CTL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "daemon_util.h"

/* argv[0] is "ctl". Returns the exit status: 0 success, 1 failure (the
 * daemon answered an error or cannot be reached), 2 usage error. */
int tlr_ctl_main(int argc, char **argv);

/* Appends s %-encoded for a query value (unreserved characters kept). */
void tlr_url_encode(struct tlr_sbuf *b, const char *s);

/* ------------------------------------------------------ response parser */

enum tlr_hresp_state {
	TLR_HR_HEAD = 0,	/* status line and headers */
	TLR_HR_BODY,		/* Content-Length or until the connection closes */
	TLR_HR_CHUNK_SIZE,
	TLR_HR_CHUNK_DATA,
	TLR_HR_CHUNK_CRLF,
	TLR_HR_TRAILER,
	TLR_HR_DONE,
};

#define TLR_HR_HEAD_MAX	16384	/* bytes of status line + headers */
#define TLR_HR_LINE_MAX	1024	/* chunk-size and trailer lines */

struct tlr_hresp {
	enum tlr_hresp_state state;
	unsigned int status;		/* 100..599 once the head is parsed */
	int64_t content_length;		/* -1: none */
	bool chunked;
	bool no_body;			/* 1xx, 204, 304, or a HEAD request */
	uint64_t left;			/* body or chunk bytes still expected */
	uint64_t body_len;		/* body bytes passed on so far */
	char head[TLR_HR_HEAD_MAX];
	size_t head_len;
	char line[TLR_HR_LINE_MAX];
	size_t line_len;
	char filename[128];		/* Content-Disposition filename, or "" */
};

/* Body bytes go to this callback; non-zero stops parsing (returned). */
typedef int (*tlr_hresp_body_fn)(void *ctx, const char *data, size_t len);

/* Starts a response; head_request: the request was HEAD (no body). */
void tlr_hresp_init(struct tlr_hresp *p, bool head_request);

/*
 * Feeds bytes received. Returns 0 (more wanted), 1 (the response is
 * complete: bytes after it are ignored), -EBADMSG (malformed: bad status
 * line, header, length or chunk), -E2BIG (head too large), or what the
 * body callback returned.
 */
int tlr_hresp_feed(struct tlr_hresp *p, const char *data, size_t len,
		   tlr_hresp_body_fn body, void *ctx);

/* The connection was closed: 1 when the response is complete (a body
 * without length ends here), -EPIPE when it was cut short. */
int tlr_hresp_eof(struct tlr_hresp *p);

#endif /* TLR_CTL_H */
