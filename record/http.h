/* SPDX-License-Identifier: MIT */
/*
 * http.h - the HTTP/1.1 server of tl-record daemon: libmicrohttpd driven
 * by the daemon's own poll loop (no threads), on a unix socket that this
 * module binds itself (mode 0600, stale socket removed, a live one
 * refused). Requests are handed to one callback as a parsed request; its
 * response (status, one buffer) is sent without blocking the loop.
 *
 * Functions return 0 or -errno (pointers: NULL and errno); details go
 * into the caller's error buffer. Nothing here prints.
 */
#ifndef TLR_HTTP_H
#define TLR_HTTP_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* One query argument, %-decoded. `value` is NUL-terminated; `vlen` is
 * its decoded length (a value with an embedded NUL has vlen >
 * strlen(value) and should be refused). */
struct tlr_http_param {
	const char *key;
	const char *value;
	size_t vlen;
};

/* A request; every pointer is borrowed for the duration of the call. */
struct tlr_http_req {
	const char *method;		/* "GET", "POST", "HEAD", ... */
	const char *path;		/* "/list" (no query) */
	const struct tlr_http_param *params;
	size_t nparams;
	size_t body_len;		/* bytes of request body (ignored) */
	uid_t peer_uid;			/* SO_PEERCRED; (uid_t)-1 unknown */
	pid_t peer_pid;
};

/* The response the handler fills. `body` is malloc'ed and taken over by
 * the module (freed once sent or when the client goes away). */
struct tlr_http_resp {
	unsigned int status;		/* 200, 400, ... */
	const char *content_type;	/* static string; NULL = text/plain */
	char *body;
	size_t len;
	const char *allow;		/* Allow header (405), static */
	char filename[128];		/* Content-Disposition, "" = none */
};

typedef void (*tlr_http_handler)(void *ctx, const struct tlr_http_req *req,
				 struct tlr_http_resp *resp);

struct tlr_http;

/*
 * Binds the unix socket `path`: refuses (-EADDRINUSE) when a server
 * answers on it (connect test) or when it is held by another daemon
 * starting at the same time (flock on PATH.lock, kept in *lock_fd);
 * removes a stale socket (nobody answers); refuses to remove anything
 * that is not a socket (-EEXIST). The socket gets mode 0600. Returns the
 * listening fd or -errno.
 */
int tlr_http_listen_unix(const char *path, int *lock_fd, char *err,
			 size_t errlen);

/* Starts serving on `listen_fd` (taken over). max_conns bounds the open
 * connections, timeout_s closes idle ones. */
struct tlr_http *tlr_http_new(int listen_fd, unsigned int max_conns,
			      unsigned int timeout_s, tlr_http_handler h,
			      void *ctx, char *err, size_t errlen);
void tlr_http_free(struct tlr_http *h);

/* The fd to poll for POLLIN, and the longest wait (ms, -1 = none) before
 * tlr_http_run() must be called anyway. */
int tlr_http_fd(struct tlr_http *h);
int tlr_http_timeout_ms(struct tlr_http *h);
/* Does all pending work (accepts, reads, calls the handler, writes). */
void tlr_http_run(struct tlr_http *h);

/* Stops accepting new connections (the listen socket is closed);
 * requests already received are finished by later tlr_http_run calls. */
void tlr_http_quiesce(struct tlr_http *h);
/* Open connections now. */
unsigned int tlr_http_connections(struct tlr_http *h);

/* Sets status and a one-line text body ("error: ..." for >= 400):
 * malloc'ed; on allocation failure the body stays empty. */
__attribute__((format(printf, 3, 4)))
void tlr_http_reply(struct tlr_http_resp *resp, unsigned int status,
		    const char *fmt, ...);

#endif /* TLR_HTTP_H */
