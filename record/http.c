// SPDX-License-Identifier: MIT
/*
 * http.c - libmicrohttpd glue for tl-record daemon (see http.h): the unix
 * socket, an external-poll (epoll) MHD daemon, and the translation of one
 * MHD request into a struct tlr_http_req and back.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <microhttpd.h>

#include "msg.h"
#include "http.h"

#define MAX_PARAMS	64
#define MAX_BODY	(64 * 1024)

struct tlr_http {
	struct MHD_Daemon *mhd;
	int listen_fd;			/* -1 once quiesced */
	tlr_http_handler handler;
	void *ctx;
};

/* Per-request state (MHD's con_cls). */
struct req_state {
	size_t body_len;
};


void tlr_http_reply(struct tlr_http_resp *resp, unsigned int status,
		    const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;
	int n;

	resp->status = status;
	free(resp->body);
	resp->body = NULL;
	resp->len = 0;
	resp->content_type = "text/plain; charset=utf-8";
	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	resp->body = s;
	resp->len = (size_t)n;
}

/* ---------------------------------------------------------------- socket */

int tlr_http_listen_unix(const char *path, int *lock_fd, char *err,
			 size_t errlen)
{
	struct sockaddr_un sa;
	char lockpath[sizeof(sa.sun_path) + 8];
	struct stat st;
	mode_t old_umask;
	int fd = -1, lfd = -1, ret;

	*lock_fd = -1;
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	if (!*path || strlen(path) >= sizeof(sa.sun_path)) {
		tlr_errf(err, errlen, "socket path '%s' is empty or longer than %zu bytes",
			path, sizeof(sa.sun_path) - 1);
		return -ENAMETOOLONG;
	}
	memcpy(sa.sun_path, path, strlen(path));
	snprintf(lockpath, sizeof(lockpath), "%s.lock", path);

	/* two daemons starting at once: only one gets the lock */
	lfd = open(lockpath, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (lfd < 0) {
		ret = -errno;
		tlr_errf(err, errlen, "cannot open '%s': %s", lockpath,
			strerror(errno));
		return ret;
	}
	if (flock(lfd, LOCK_EX | LOCK_NB) < 0) {
		ret = errno == EWOULDBLOCK ? -EADDRINUSE : -errno;
		tlr_errf(err, errlen, "'%s' is held by another tl-record daemon "
			"(lock '%s')", path, lockpath);
		goto fail;
	}

	if (lstat(path, &st) == 0) {
		if (!S_ISSOCK(st.st_mode)) {
			ret = -EEXIST;
			tlr_errf(err, errlen, "'%s' exists and is not a socket: "
				"not removing it", path);
			goto fail;
		}
		fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (fd < 0) {
			ret = -errno;
			tlr_errf(err, errlen, "socket: %s", strerror(errno));
			goto fail;
		}
		if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0) {
			ret = -EADDRINUSE;
			tlr_errf(err, errlen, "another server answers on '%s'",
				path);
			goto fail;
		}
		if (errno != ECONNREFUSED) {
			ret = -errno;
			tlr_errf(err, errlen, "cannot test socket '%s': %s", path,
				strerror(errno));
			goto fail;
		}
		/* nobody listens: a stale socket of a dead daemon */
		close(fd);
		fd = -1;
		if (unlink(path) < 0 && errno != ENOENT) {
			ret = -errno;
			tlr_errf(err, errlen, "cannot remove stale socket '%s': %s",
				path, strerror(errno));
			goto fail;
		}
	} else if (errno != ENOENT) {
		ret = -errno;
		tlr_errf(err, errlen, "'%s': %s", path, strerror(errno));
		goto fail;
	}

	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0) {
		ret = -errno;
		tlr_errf(err, errlen, "socket: %s", strerror(errno));
		goto fail;
	}
	/* no window in which the socket is more open than 0600 */
	old_umask = umask(0177);
	ret = bind(fd, (struct sockaddr *)&sa, sizeof(sa));
	if (ret < 0)
		ret = -errno;
	umask(old_umask);
	if (ret) {
		tlr_errf(err, errlen, "cannot bind '%s': %s", path, strerror(-ret));
		goto fail;
	}
	if (chmod(path, 0600) < 0 || listen(fd, 64) < 0) {
		ret = -errno;
		tlr_errf(err, errlen, "cannot listen on '%s': %s", path,
			strerror(errno));
		unlink(path);
		goto fail;
	}
	*lock_fd = lfd;
	return fd;
fail:
	if (fd >= 0)
		close(fd);
	close(lfd);
	return ret;
}

/* ---------------------------------------------------------------- server */

struct collect {
	struct tlr_http_param p[MAX_PARAMS];
	size_t n;
	int overflow;
};

static enum MHD_Result collect_arg(void *cls, enum MHD_ValueKind kind,
				   const char *key, size_t key_size,
				   const char *value, size_t value_size)
{
	struct collect *c = cls;

	(void)kind;
	(void)key_size;
	if (c->n == MAX_PARAMS) {
		c->overflow = 1;
		return MHD_NO;
	}
	c->p[c->n].key = key;
	c->p[c->n].value = value;
	c->p[c->n].vlen = value ? value_size : 0;
	c->n++;
	return MHD_YES;
}

/* Counts Content-Length and Transfer-Encoding headers. */
static enum MHD_Result count_framing(void *cls, enum MHD_ValueKind kind,
				     const char *key, const char *value)
{
	unsigned int *n = cls;

	(void)kind;
	(void)value;
	if (!strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH))
		n[0]++;
	else if (!strcasecmp(key, MHD_HTTP_HEADER_TRANSFER_ENCODING))
		n[1]++;
	return MHD_YES;
}

static void peer_creds(struct MHD_Connection *conn, struct tlr_http_req *req)
{
	const union MHD_ConnectionInfo *ci;
	struct ucred uc;
	socklen_t len = sizeof(uc);

	req->peer_uid = (uid_t)-1;
	req->peer_pid = 0;
	ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
	if (!ci)
		return;
	if (getsockopt(ci->connect_fd, SOL_SOCKET, SO_PEERCRED, &uc, &len) == 0) {
		req->peer_uid = uc.uid;
		req->peer_pid = uc.pid;
	}
}

static enum MHD_Result send_resp(struct MHD_Connection *conn,
				 struct tlr_http_resp *r)
{
	struct MHD_Response *mr;
	enum MHD_Result ret;

	if (r->body)
		mr = MHD_create_response_from_buffer_with_free_callback(
			r->len, r->body, free);
	else
		mr = MHD_create_response_from_buffer(0, (void *)"",
						     MHD_RESPMEM_PERSISTENT);
	if (!mr) {
		free(r->body);
		return MHD_NO;
	}
	r->body = NULL;		/* MHD's now */
	MHD_add_response_header(mr, MHD_HTTP_HEADER_CONTENT_TYPE,
				r->content_type ? r->content_type :
				"text/plain; charset=utf-8");
	if (r->allow)
		MHD_add_response_header(mr, MHD_HTTP_HEADER_ALLOW, r->allow);
	if (r->filename[0]) {
		char cd[sizeof(r->filename) + 32];

		snprintf(cd, sizeof(cd), "attachment; filename=\"%s\"",
			 r->filename);
		MHD_add_response_header(mr, MHD_HTTP_HEADER_CONTENT_DISPOSITION,
					cd);
	}
	ret = MHD_queue_response(conn, r->status, mr);
	MHD_destroy_response(mr);
	return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn,
				  const char *url, const char *method,
				  const char *version, const char *upload_data,
				  size_t *upload_data_size, void **con_cls)
{
	struct tlr_http *h = cls;
	struct req_state *rs = *con_cls;
	struct tlr_http_resp resp;
	struct tlr_http_req req;
	struct collect args;

	(void)version;
	(void)upload_data;
	if (!rs) {
		rs = calloc(1, sizeof(*rs));
		if (!rs)
			return MHD_NO;
		*con_cls = rs;
		return MHD_YES;
	}
	if (*upload_data_size) {
		/* requests carry their arguments in the query; a body is
		 * read and dropped (bounded) */
		rs->body_len += *upload_data_size;
		*upload_data_size = 0;
		return rs->body_len > MAX_BODY ? MHD_NO : MHD_YES;
	}

	memset(&resp, 0, sizeof(resp));
	memset(&req, 0, sizeof(req));
	memset(&args, 0, sizeof(args));
	MHD_get_connection_values_n(conn, MHD_GET_ARGUMENT_KIND, collect_arg,
				    &args);
	req.method = method;
	req.path = url;
	req.params = args.p;
	req.nparams = args.n;
	req.body_len = rs->body_len;
	peer_creds(conn, &req);
	{
		unsigned int framing[2] = { 0, 0 };

		MHD_get_connection_values(conn, MHD_HEADER_KIND, count_framing,
					  framing);
		/* ambiguous body framing: refuse rather than guess */
		if (framing[0] > 1 || framing[1] > 1 ||
		    (framing[0] && framing[1])) {
			tlr_http_reply(&resp, 400, "error: ambiguous message "
				       "framing (Content-Length/Transfer-Encoding)\n");
			return send_resp(conn, &resp);
		}
	}
	if (args.overflow)
		tlr_http_reply(&resp, 400, "error: more than %d query arguments\n",
			       MAX_PARAMS);
	else
		h->handler(h->ctx, &req, &resp);
	if (!resp.status)
		tlr_http_reply(&resp, 500, "error: no response\n");
	return send_resp(conn, &resp);
}

static void on_completed(void *cls, struct MHD_Connection *conn,
			 void **con_cls, enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)conn;
	(void)toe;
	free(*con_cls);
	*con_cls = NULL;
}

struct tlr_http *tlr_http_new(int listen_fd, unsigned int max_conns,
			      unsigned int timeout_s, tlr_http_handler handler,
			      void *ctx, char *err, size_t errlen)
{
	struct tlr_http *h;

	h = calloc(1, sizeof(*h));
	if (!h) {
		close(listen_fd);
		errno = ENOMEM;
		return NULL;
	}
	h->listen_fd = listen_fd;
	h->handler = handler;
	h->ctx = ctx;
	h->mhd = MHD_start_daemon(MHD_USE_EPOLL, 0, NULL, NULL,
				  on_request, h,
				  MHD_OPTION_LISTEN_SOCKET, (MHD_socket)listen_fd,
				  MHD_OPTION_CONNECTION_LIMIT, max_conns,
				  MHD_OPTION_CONNECTION_TIMEOUT, timeout_s,
				  MHD_OPTION_NOTIFY_COMPLETED, on_completed, h,
				  MHD_OPTION_SIGPIPE_HANDLED_BY_APP, 1,
				  MHD_OPTION_END);
	if (!h->mhd) {
		tlr_errf(err, errlen, "cannot start the HTTP server "
			"(libmicrohttpd %s)", MHD_get_version());
		close(listen_fd);
		free(h);
		errno = EIO;
		return NULL;
	}
	return h;
}

void tlr_http_free(struct tlr_http *h)
{
	if (!h)
		return;
	if (h->mhd) {
		tlr_http_quiesce(h);
		MHD_stop_daemon(h->mhd);
	}
	free(h);
}

int tlr_http_fd(struct tlr_http *h)
{
	const union MHD_DaemonInfo *di;

	di = MHD_get_daemon_info(h->mhd, MHD_DAEMON_INFO_EPOLL_FD);
	return di ? di->epoll_fd : -1;
}

int tlr_http_timeout_ms(struct tlr_http *h)
{
	MHD_UNSIGNED_LONG_LONG ms;

	if (MHD_get_timeout(h->mhd, &ms) != MHD_YES)
		return -1;
	return ms > 60000 ? 60000 : (int)ms;
}

void tlr_http_run(struct tlr_http *h)
{
	MHD_run(h->mhd);
}

void tlr_http_quiesce(struct tlr_http *h)
{
	MHD_socket s;

	if (h->listen_fd < 0)
		return;
	s = MHD_quiesce_daemon(h->mhd);
	if (s != MHD_INVALID_SOCKET)
		close(s);
	h->listen_fd = -1;
}

unsigned int tlr_http_connections(struct tlr_http *h)
{
	const union MHD_DaemonInfo *di;

	di = MHD_get_daemon_info(h->mhd, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
	return di ? di->num_connections : 0;
}
