// SPDX-License-Identifier: MIT
/*
 * ctl.c - `tl-record ctl`: the daemon's client (see ctl.h). Requests are
 * tiny (a method, a path and a query), so it speaks HTTP/1.1 itself: one
 * request per connection ("Connection: close"), and a strict incremental
 * parser for the response, whose body is streamed to its destination.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "ctl.h"

#define PROG		"tl-record"
#define EXIT_OK		0
#define EXIT_FAIL	1
#define EXIT_USAGE	2
#define IO_TIMEOUT_MS	120000	/* no byte from the daemon for this long */
#define MAX_LABELS	16

/* ------------------------------------------------------------ encoding */

void tlr_url_encode(struct tlr_sbuf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' ||
		    c == '_' || c == '~' || c == '/') {
			tlr_sbuf_add(b, s, 1);
		} else {
			char e[3] = { '%', hex[c >> 4], hex[c & 15] };

			tlr_sbuf_add(b, e, 3);
		}
	}
}

/* ------------------------------------------------------ response parser */

void tlr_hresp_init(struct tlr_hresp *p, bool head_request)
{
	memset(p, 0, sizeof(*p));
	p->content_length = -1;
	p->no_body = head_request;
}

static bool is_tchar(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || strchr("!#$%&'*+-.^_`|~", c);
}

/* The end of the head (after its blank line) in p->head, or 0. */
static size_t head_end(const struct tlr_hresp *p)
{
	size_t n = p->head_len;

	if (n >= 4 && memcmp(p->head + n - 4, "\r\n\r\n", 4) == 0)
		return n;
	if (n >= 2 && memcmp(p->head + n - 2, "\n\n", 2) == 0)
		return n;
	return 0;
}

static int parse_status(struct tlr_hresp *p, const char *l, size_t n)
{
	if (n < 12 || (memcmp(l, "HTTP/1.1 ", 9) && memcmp(l, "HTTP/1.0 ", 9)))
		return -EBADMSG;
	if (l[9] < '1' || l[9] > '5' || l[10] < '0' || l[10] > '9' ||
	    l[11] < '0' || l[11] > '9' || (n > 12 && l[12] != ' '))
		return -EBADMSG;
	p->status = (unsigned int)((l[9] - '0') * 100 + (l[10] - '0') * 10 +
				   (l[11] - '0'));
	return 0;
}

static int parse_header(struct tlr_hresp *p, const char *l, size_t n)
{
	const char *colon = memchr(l, ':', n), *v, *end = l + n;
	size_t nl, i;

	if (!colon || colon == l)
		return -EBADMSG;
	nl = (size_t)(colon - l);
	for (i = 0; i < nl; i++)
		if (!is_tchar(l[i]))
			return -EBADMSG;	/* also obs-fold lines */
	v = colon + 1;
	while (v < end && (*v == ' ' || *v == '\t'))
		v++;
	while (end > v && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	for (i = 0; v + i < end; i++)
		if ((unsigned char)v[i] < 0x20 && v[i] != '\t')
			return -EBADMSG;
	if (nl == 14 && !strncasecmp(l, "Content-Length", 14)) {
		uint64_t x = 0;
		const char *q;

		if (v == end)
			return -EBADMSG;
		for (q = v; q < end; q++) {
			if (*q < '0' || *q > '9' || x > (UINT64_MAX >> 4))
				return -EBADMSG;
			x = x * 10 + (uint64_t)(*q - '0');
		}
		if (x > INT64_MAX ||
		    (p->content_length >= 0 && (uint64_t)p->content_length != x))
			return -EBADMSG;
		p->content_length = (int64_t)x;
	} else if (nl == 17 && !strncasecmp(l, "Transfer-Encoding", 17)) {
		/* the last coding decides */
		const char *last = end;

		while (last > v && last[-1] != ',' && last[-1] != ' ')
			last--;
		p->chunked = end - last == 7 && !strncasecmp(last, "chunked", 7);
		if (!p->chunked)
			p->content_length = -2;	/* until close */
	} else if (nl == 19 && !strncasecmp(l, "Content-Disposition", 19)) {
		const char *f = NULL, *q;

		for (q = v; q + 10 <= end; q++)
			if (!strncasecmp(q, "filename=\"", 10)) {
				f = q + 10;
				break;
			}
		if (f) {
			const char *e = memchr(f, '"', (size_t)(end - f));

			if (e && (size_t)(e - f) < sizeof(p->filename)) {
				memcpy(p->filename, f, (size_t)(e - f));
				p->filename[e - f] = '\0';
			}
		}
	}
	return 0;
}

/* Parses p->head[0, n); sets the body state. 1: complete (no body). */
static int parse_head(struct tlr_hresp *p, size_t n)
{
	const char *s = p->head, *end = p->head + n;
	bool first = true;
	int ret;

	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t len;

		if (!nl)
			return -EBADMSG;
		len = (size_t)(nl - s);
		if (len && s[len - 1] == '\r')
			len--;
		if (len == 0)
			break;
		ret = first ? parse_status(p, s, len) : parse_header(p, s, len);
		if (ret)
			return ret;
		first = false;
		s = nl + 1;
	}
	if (first)
		return -EBADMSG;
	if (p->chunked)
		p->content_length = -1;
	if (p->content_length == -2)
		p->content_length = -1;
	if (p->no_body || p->status == 204 || p->status == 304) {
		p->state = TLR_HR_DONE;
		return 1;
	}
	if (p->chunked) {
		p->state = TLR_HR_CHUNK_SIZE;
	} else {
		p->state = TLR_HR_BODY;
		if (p->content_length >= 0) {
			p->left = (uint64_t)p->content_length;
			if (!p->left) {
				p->state = TLR_HR_DONE;
				return 1;
			}
		}
	}
	return 0;
}

/* Takes bytes up to '\n' into p->line; returns bytes used; *done when a
 * whole line is there (without its CR LF). */
static size_t take_line(struct tlr_hresp *p, const char *d, size_t len,
			bool *done, int *err)
{
	size_t i;

	*done = false;
	for (i = 0; i < len; i++) {
		if (d[i] == '\n') {
			if (p->line_len && p->line[p->line_len - 1] == '\r')
				p->line_len--;
			p->line[p->line_len] = '\0';
			*done = true;
			return i + 1;
		}
		if (p->line_len + 1 >= sizeof(p->line)) {
			*err = -EBADMSG;
			return i;
		}
		p->line[p->line_len++] = d[i];
	}
	return len;
}

static int chunk_size(struct tlr_hresp *p)
{
	uint64_t x = 0;
	size_t i;

	for (i = 0; i < p->line_len; i++) {
		char c = p->line[i];
		int v;

		if (c == ';' || c == ' ' || c == '\t')
			break;
		if (c >= '0' && c <= '9')
			v = c - '0';
		else if (c >= 'a' && c <= 'f')
			v = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v = c - 'A' + 10;
		else
			return -EBADMSG;
		if (x >> 59)
			return -EBADMSG;
		x = x << 4 | (uint64_t)v;
	}
	if (i == 0)
		return -EBADMSG;
	p->left = x;
	return 0;
}

int tlr_hresp_feed(struct tlr_hresp *p, const char *d, size_t len,
		   tlr_hresp_body_fn body, void *ctx)
{
	int ret;

	while (len || p->state == TLR_HR_DONE) {
		size_t n;
		bool done;
		int e = 0;

		switch (p->state) {
		case TLR_HR_HEAD:
			if (p->head_len == sizeof(p->head))
				return -E2BIG;
			p->head[p->head_len++] = *d++;
			len--;
			n = head_end(p);
			if (!n)
				break;
			ret = parse_head(p, n);
			if (ret < 0)
				return ret;
			if (p->status < 200) {
				/* an interim response: the real one follows */
				bool hr = p->no_body;

				tlr_hresp_init(p, hr);
				break;
			}
			if (ret == 1)
				return 1;
			break;
		case TLR_HR_BODY:
			n = len;
			if (p->content_length >= 0 && n > p->left)
				n = (size_t)p->left;
			ret = body ? body(ctx, d, n) : 0;
			if (ret)
				return ret;
			p->body_len += n;
			d += n;
			len -= n;
			if (p->content_length >= 0) {
				p->left -= n;
				if (!p->left)
					p->state = TLR_HR_DONE;
			}
			break;
		case TLR_HR_CHUNK_SIZE:
			n = take_line(p, d, len, &done, &e);
			if (e)
				return e;
			d += n;
			len -= n;
			if (!done)
				break;
			ret = chunk_size(p);
			p->line_len = 0;
			if (ret)
				return ret;
			p->state = p->left ? TLR_HR_CHUNK_DATA : TLR_HR_TRAILER;
			break;
		case TLR_HR_CHUNK_DATA:
			n = len < p->left ? len : (size_t)p->left;
			ret = body ? body(ctx, d, n) : 0;
			if (ret)
				return ret;
			p->body_len += n;
			d += n;
			len -= n;
			p->left -= n;
			if (!p->left)
				p->state = TLR_HR_CHUNK_CRLF;
			break;
		case TLR_HR_CHUNK_CRLF:
			n = take_line(p, d, len, &done, &e);
			if (e)
				return e;
			d += n;
			len -= n;
			if (!done)
				break;
			if (p->line_len)
				return -EBADMSG;
			p->state = TLR_HR_CHUNK_SIZE;
			break;
		case TLR_HR_TRAILER:
			n = take_line(p, d, len, &done, &e);
			if (e)
				return e;
			d += n;
			len -= n;
			if (!done)
				break;
			if (p->line_len == 0)
				p->state = TLR_HR_DONE;
			p->line_len = 0;
			break;
		case TLR_HR_DONE:
			return 1;
		}
	}
	return 0;
}

int tlr_hresp_eof(struct tlr_hresp *p)
{
	if (p->state == TLR_HR_DONE)
		return 1;
	if (p->state == TLR_HR_BODY && p->content_length < 0) {
		p->state = TLR_HR_DONE;
		return 1;
	}
	return -EPIPE;
}

/* -------------------------------------------------------------- client */

struct req {
	const char *socket;
	const char *method;
	struct tlr_sbuf target;		/* path?query */
	/* where the body goes */
	int out_fd;			/* -1: memory (errors, small answers) */
	struct tlr_sbuf mem;
	uint64_t written;
};

static int body_to(void *ctx, const char *data, size_t len)
{
	struct req *r = ctx;

	if (r->out_fd < 0) {
		/* error answers are one line; keep a bounded part */
		if (r->mem.len < 64 * 1024)
			tlr_sbuf_add(&r->mem, data, len);
		return r->mem.err;
	}
	while (len) {
		ssize_t n = write(r->out_fd, data, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		data += n;
		len -= (size_t)n;
		r->written += (uint64_t)n;
	}
	return 0;
}

static int send_all(int fd, const char *s, size_t len)
{
	while (len) {
		ssize_t n = send(fd, s, len, MSG_NOSIGNAL);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		s += n;
		len -= (size_t)n;
	}
	return 0;
}

/*
 * Does one request. Returns the HTTP status (body of a 2xx sent to
 * out_fd, or kept in r->mem), or -errno with a message printed.
 * A non-2xx answer's body always goes to r->mem.
 */
static int do_request(struct req *r, int out_fd)
{
	struct sockaddr_un sa;
	struct tlr_hresp *p = NULL;
	struct tlr_sbuf head = { 0 };
	char buf[65536];
	int fd = -1, ret, final_fd = out_fd;
	bool decided = false;

	r->out_fd = -1;
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	if (strlen(r->socket) >= sizeof(sa.sun_path)) {
		fprintf(stderr, PROG ": ctl: socket path '%s' is too long\n",
			r->socket);
		return -ENAMETOOLONG;
	}
	memcpy(sa.sun_path, r->socket, strlen(r->socket));
	p = malloc(sizeof(*p));
	if (!p) {
		ret = -ENOMEM;
		goto out;
	}
	tlr_hresp_init(p, false);
	if (r->target.err || !r->target.s) {
		ret = -ENOMEM;
		goto out;
	}
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		ret = -errno;
		fprintf(stderr, PROG ": ctl: cannot connect to '%s': %s%s\n",
			r->socket, strerror(errno),
			errno == ENOENT || errno == ECONNREFUSED ?
			" (is tl-record daemon running?)" : "");
		goto out;
	}
	tlr_sbuf_printf(&head, "%s %s HTTP/1.1\r\nHost: localhost\r\n"
			"User-Agent: tl-record-ctl/%s\r\nConnection: close\r\n%s\r\n",
			r->method, r->target.s, TL_VERSION,
			strcmp(r->method, "POST") ? "" : "Content-Length: 0\r\n");
	if (head.err) {
		ret = -ENOMEM;
		goto out;
	}
	ret = send_all(fd, head.s, head.len);
	if (ret) {
		fprintf(stderr, PROG ": ctl: cannot send to '%s': %s\n",
			r->socket, strerror(-ret));
		goto out;
	}
	for (;;) {
		struct pollfd pf = { .fd = fd, .events = POLLIN };
		ssize_t n;

		ret = poll(&pf, 1, IO_TIMEOUT_MS);
		if (ret < 0 && errno == EINTR)
			continue;
		if (ret == 0) {
			ret = -ETIMEDOUT;
			fprintf(stderr, PROG ": ctl: no answer from '%s' for %d s\n",
				r->socket, IO_TIMEOUT_MS / 1000);
			goto out;
		}
		n = recv(fd, buf, sizeof(buf), 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			ret = -errno;
			fprintf(stderr, PROG ": ctl: reading from '%s': %s\n",
				r->socket, strerror(errno));
			goto out;
		}
		if (n == 0) {
			ret = tlr_hresp_eof(p);
			if (ret < 0)
				fprintf(stderr, PROG ": ctl: the daemon closed the "
					"connection in the middle of the answer "
					"(%llu body bytes received)\n",
					(unsigned long long)p->body_len);
			break;
		}
		/* once the status is known, choose where the body goes; the
		 * head and the body may come in the same read */
		{
			const char *d = buf;
			size_t left = (size_t)n;

			while (left) {
				size_t step = decided ? left : 1;

				ret = tlr_hresp_feed(p, d, step, body_to, r);
				d += step;
				left -= step;
				if (ret)
					break;
				if (!decided && p->state != TLR_HR_HEAD) {
					decided = true;
					if (p->status >= 200 && p->status < 300)
						r->out_fd = final_fd;
				}
			}
		}
		if (ret < 0) {
			fprintf(stderr, PROG ": ctl: %s answer from '%s': %s\n",
				ret == -EBADMSG || ret == -E2BIG ? "malformed" :
				"cannot store the", r->socket, strerror(-ret));
			goto out;
		}
		if (ret == 1)
			break;
	}
	if (ret < 0)
		goto out;
	ret = (int)p->status;
out:
	tlr_sbuf_release(&head);
	free(p);
	if (fd >= 0)
		close(fd);
	return ret;
}

static void req_release(struct req *r)
{
	tlr_sbuf_release(&r->target);
	tlr_sbuf_release(&r->mem);
}

/* Prints the error line of a non-2xx answer. */
static int answer_error(struct req *r, int status)
{
	const char *s = r->mem.s ? r->mem.s : "";
	size_t n = strcspn(s, "\n");

	if (!strncmp(s, "error: ", 7)) {
		s += 7;
		n -= n >= 7 ? 7 : n;
	}
	fprintf(stderr, PROG ": ctl: %d: %.*s\n", status, (int)n,
		n ? s : "(no message)");
	return EXIT_FAIL;
}

/* Runs a request whose answer goes to stdout. */
static int simple(struct req *r)
{
	int st = do_request(r, STDOUT_FILENO);

	if (st < 0)
		return EXIT_FAIL;
	if (st < 200 || st >= 300)
		return answer_error(r, st);
	return EXIT_OK;
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/* ?name=X or ?id=N for a NAME|ID argument */
static void trace_query(struct req *r, const char *arg)
{
	tlr_sbuf_printf(&r->target, all_digits(arg) ? "?id=" : "?name=");
	tlr_url_encode(&r->target, arg);
}

static int cmd_dump(struct req *r, const char *arg, const char *out)
{
	char tmp[PATH_MAX];
	int fd, st, ret = EXIT_FAIL;
	bool to_stdout = strcmp(out, "-") == 0;

	tlr_sbuf_printf(&r->target, "/dump");
	trace_query(r, arg);
	if (to_stdout) {
		fd = STDOUT_FILENO;
	} else {
		/* only a complete file appears under its name */
		if (snprintf(tmp, sizeof(tmp), "%s.tmp.XXXXXX", out) >=
		    (int)sizeof(tmp)) {
			fprintf(stderr, PROG ": ctl: '%s': name too long\n", out);
			return EXIT_FAIL;
		}
		fd = mkostemp(tmp, O_CLOEXEC);
		if (fd < 0) {
			fprintf(stderr, PROG ": ctl: cannot create '%s': %s\n",
				tmp, strerror(errno));
			return EXIT_FAIL;
		}
		fchmod(fd, 0644);
	}
	st = do_request(r, fd);
	if (st >= 200 && st < 300 && !to_stdout) {
		if (fsync(fd) < 0 || close(fd) < 0) {
			fprintf(stderr, PROG ": ctl: cannot write '%s': %s\n",
				out, strerror(errno));
			fd = -1;
			goto fail;
		}
		fd = -1;
		if (rename(tmp, out) < 0) {
			fprintf(stderr, PROG ": ctl: cannot rename '%s' to '%s': %s\n",
				tmp, out, strerror(errno));
			goto fail;
		}
		return EXIT_OK;
	}
	if (st >= 200 && st < 300)
		return EXIT_OK;
	if (st >= 0)
		ret = answer_error(r, st);
fail:
	if (!to_stdout) {
		if (fd >= 0)
			close(fd);
		unlink(tmp);
	}
	return ret;
}

/* The caller's own cgroup below the mount ("/system.slice/x.service"),
 * without the ".control" sub-cgroup systemd runs ExecStartPre= in for
 * delegated units. */
static int current_cgroup(char *out, size_t outlen)
{
	char line[PATH_MAX + 8];
	FILE *f = fopen("/proc/self/cgroup", "re");
	int ret = -ENOENT;

	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		size_t n = strlen(line);

		if (n && line[n - 1] == '\n')
			line[--n] = '\0';
		if (strncmp(line, "0::", 3))
			continue;
		if (n > 3 + 9 && !strcmp(line + n - 9, "/.control"))
			line[n - 9] = '\0';
		if (snprintf(out, outlen, "%s", line[3] ? line + 3 : "/") >=
		    (int)outlen)
			ret = -ENAMETOOLONG;
		else
			ret = 0;
		break;
	}
	fclose(f);
	return ret;
}

static void usage(FILE *f)
{
	fprintf(f,
"Usage: tl-record ctl [--socket PATH] COMMAND [ARGS]\n"
"\n"
"Talks to tl-record daemon over its unix socket.\n"
"\n"
"Commands:\n"
"  list [--json]                  traces held: id, name, state (live/gone),\n"
"                                 events, bytes, loss, start, cgroup\n"
"  status [--json]                version, traces, memory, uptime, spool\n"
"  add NAME CGROUP                trace CGROUP (below the cgroup2 mount, or a\n"
"                                 full path under it) as NAME; prints its id\n"
"  add-current-cgroup NAME        trace the cgroup this command runs in\n"
"  add-current-cgroup --systemd   same, named UNIT_INVOCATIONID from the\n"
"                                 cgroup and $INVOCATION_ID (ExecStartPre=+)\n"
"  dump NAME|ID -o FILE           write the trace to FILE ('-': stdout)\n"
"                                 without stopping it\n"
"  close NAME|ID                  stop the trace and free it\n"
"\n"
"Options:\n"
"      --socket PATH   the daemon's socket (default " TLR_DAEMON_SOCKET ")\n"
"      --json          list, status: JSON\n"
"  -o, --output FILE   dump: where to write\n"
"      --kind KIND     add: command, cgroup, unit, container or pod\n"
"      --label K=V     add: a label stored in the trace (repeatable)\n"
"  -h, --help          show this help\n"
"\n"
"Exit status: 0 success, 1 failure (the message gives the daemon's HTTP\n"
"status and answer), 2 usage error.\n"
"\n"
"Examples:\n"
"  tl-record ctl add web /system.slice/nginx.service\n"
"  tl-record ctl list\n"
"  tl-record ctl dump web -o web.tlz && tl-convert web.tlz\n"
"  tl-record ctl close web\n"
"  # in a unit's drop-in: one trace per invocation of the unit\n"
"  ExecStartPre=+/usr/local/bin/tl-record ctl add-current-cgroup --systemd\n");
}

enum {
	OPT_SOCKET = 256,
	OPT_JSON,
	OPT_KIND,
	OPT_LABEL,
	OPT_SYSTEMD,
};

static const struct option long_opts[] = {
	{ "socket",	required_argument, NULL, OPT_SOCKET },
	{ "json",	no_argument,	   NULL, OPT_JSON },
	{ "output",	required_argument, NULL, 'o' },
	{ "kind",	required_argument, NULL, OPT_KIND },
	{ "label",	required_argument, NULL, OPT_LABEL },
	{ "systemd",	no_argument,	   NULL, OPT_SYSTEMD },
	{ "help",	no_argument,	   NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* One line: m1, then m2 quoted if given. */
static int bad_usage(const char *m1, const char *m2)
{
	if (m2)
		fprintf(stderr, PROG ": ctl: %s '%s'\nTry 'tl-record ctl --help'.\n",
			m1, m2);
	else
		fprintf(stderr, PROG ": ctl: %s\nTry 'tl-record ctl --help'.\n", m1);
	return EXIT_USAGE;
}

/* UNIT_INVOCATIONID for --systemd: characters a trace name may not have
 * (systemd's \x2d escapes) become '_'. */
static int systemd_name(const char *cg, char *out, size_t outlen)
{
	const char *unit = strrchr(cg, '/'), *inv = getenv("INVOCATION_ID");
	size_t i, n;

	unit = unit ? unit + 1 : cg;
	if (!inv || !*inv || !*unit)
		return -ENOENT;
	n = (size_t)snprintf(out, outlen, "%.*s_%.40s",
			     (int)(TLR_NAME_MAX - 41), unit, inv);
	if (n >= outlen)
		return -ENAMETOOLONG;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)out[i];

		if (c <= 0x20 || c >= 0x7f || c == '"' || c == '\\')
			out[i] = '_';
	}
	return 0;
}

int tlr_ctl_main(int argc, char **argv)
{
	const char *labels[MAX_LABELS], *kind = NULL, *output = NULL;
	int nlabels = 0, c, ret, i;
	bool json = false, sd = false;
	const char *cmd;
	struct req r;

	memset(&r, 0, sizeof(r));
	r.socket = TLR_DAEMON_SOCKET;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:h", long_opts, NULL)) != -1) {
		switch (c) {
		case OPT_SOCKET:
			r.socket = optarg;
			break;
		case OPT_JSON:
			json = true;
			break;
		case 'o':
			output = optarg;
			break;
		case OPT_KIND:
			kind = optarg;
			break;
		case OPT_LABEL:
			if (nlabels == MAX_LABELS)
				return bad_usage("too many --label options", NULL);
			labels[nlabels++] = optarg;
			break;
		case OPT_SYSTEMD:
			sd = true;
			break;
		case 'h':
			usage(stdout);
			return EXIT_OK;
		case ':':
			return bad_usage("option needs a value:", argv[optind - 1]);
		default:
			return bad_usage("unknown option", argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return bad_usage("no command (list, status, add, "
				 "add-current-cgroup, dump, close)", NULL);
	cmd = argv[optind++];
	argc -= optind;
	argv += optind;
#define NARGS(n) do { if (argc != (n)) { \
		ret = bad_usage("wrong number of arguments for", cmd); \
		goto out; } } while (0)

	if (!strcmp(cmd, "list") || !strcmp(cmd, "status")) {
		NARGS(0);
		r.method = "GET";
		tlr_sbuf_printf(&r.target, "/%s%s", cmd, json ? "?format=json" : "");
		ret = simple(&r);
	} else if (!strcmp(cmd, "add") || !strcmp(cmd, "add-current-cgroup")) {
		char cg[PATH_MAX], name[TLR_NAME_MAX + 1];
		const char *nm, *path;

		if (!strcmp(cmd, "add")) {
			NARGS(2);
			nm = argv[0];
			path = argv[1];
		} else {
			if (argc > 1 || (argc == 0 && !sd)) {
				ret = bad_usage("add-current-cgroup takes NAME or "
						"--systemd", NULL);
				goto out;
			}
			ret = current_cgroup(cg, sizeof(cg));
			if (ret) {
				fprintf(stderr, PROG ": ctl: cannot find the "
					"cgroup2 cgroup of this process in "
					"/proc/self/cgroup: %s\n", strerror(-ret));
				ret = EXIT_FAIL;
				goto out;
			}
			path = cg;
			nm = argc ? argv[0] : NULL;
			if (sd && !nm) {
				if (systemd_name(cg, name, sizeof(name))) {
					fprintf(stderr, PROG ": ctl: --systemd "
						"needs $INVOCATION_ID (set by "
						"systemd for the unit's commands)\n");
					ret = EXIT_FAIL;
					goto out;
				}
				nm = name;
			}
			if (sd && !kind)
				kind = "unit";
		}
		r.method = "POST";
		tlr_sbuf_printf(&r.target, "/add?name=");
		tlr_url_encode(&r.target, nm);
		tlr_sbuf_printf(&r.target, "&cgroup=");
		tlr_url_encode(&r.target, path);
		if (kind) {
			tlr_sbuf_printf(&r.target, "&kind=");
			tlr_url_encode(&r.target, kind);
		}
		if (sd) {
			const char *u = strrchr(path, '/');
			const char *inv = getenv("INVOCATION_ID");

			tlr_sbuf_printf(&r.target, "&label=");
			tlr_url_encode(&r.target, "unit=");
			tlr_url_encode(&r.target, u ? u + 1 : path);
			if (inv && *inv) {
				tlr_sbuf_printf(&r.target, "&label=");
				tlr_url_encode(&r.target, "invocation_id=");
				tlr_url_encode(&r.target, inv);
			}
		}
		for (i = 0; i < nlabels; i++) {
			tlr_sbuf_printf(&r.target, "&label=");
			tlr_url_encode(&r.target, labels[i]);
		}
		ret = simple(&r);
	} else if (!strcmp(cmd, "dump")) {
		NARGS(1);
		if (!output) {
			ret = bad_usage("dump needs -o FILE ('-' for stdout)", NULL);
			goto out;
		}
		r.method = "GET";
		ret = cmd_dump(&r, argv[0], output);
	} else if (!strcmp(cmd, "close")) {
		NARGS(1);
		r.method = "POST";
		tlr_sbuf_printf(&r.target, "/close");
		trace_query(&r, argv[0]);
		ret = simple(&r);
	} else {
		ret = bad_usage("unknown command", cmd);
	}
#undef NARGS
out:
	req_release(&r);
	return ret;
}
