// SPDX-License-Identifier: MIT
/* Unit tests for tl-record ctl's HTTP response parser and %-encoding
 * (record/ctl.c): every response is also fed split at every byte and one
 * byte at a time, and must give the same status and body. */
#include <errno.h>
#include <stdlib.h>

#include "ctl.h"
#include "test.h"

struct got {
	char body[4096];
	size_t len;
};

static int on_body(void *ctx, const char *d, size_t n)
{
	struct got *g = ctx;

	if (g->len + n > sizeof(g->body))
		return -ENOSPC;
	memcpy(g->body + g->len, d, n);
	g->len += n;
	return 0;
}

/* Feeds msg in pieces of `step` bytes (0: all at once), then EOF if the
 * parser still wants more. Returns the final result (1 = complete). */
static int parse(const char *msg, size_t len, size_t step, bool eof,
		 struct tlr_hresp *p, struct got *g)
{
	size_t off = 0;
	int ret = 0;

	tlr_hresp_init(p, false);
	memset(g, 0, sizeof(*g));
	if (!step)
		step = len ? len : 1;
	while (off < len) {
		size_t n = len - off < step ? len - off : step;

		ret = tlr_hresp_feed(p, msg + off, n, on_body, g);
		off += n;
		if (ret)
			return ret;
	}
	return eof ? tlr_hresp_eof(p) : ret;
}

/* The same outcome whatever the split. */
static void check(const char *what, const char *msg, bool eof, int want_ret,
		  unsigned int want_status, const char *want_body)
{
	size_t len = strlen(msg), step;

	for (step = 0; step <= len; step++) {
		struct tlr_hresp *p = malloc(sizeof(*p));
		struct got g;
		int ret;

		if (!ASSERT_NONNULL(p, "alloc"))
			return;
		ret = parse(msg, len, step, eof, p, &g);
		if (!ASSERT_EQ(ret, want_ret, what)) {
			fprintf(stderr, "  (split every %zu bytes)\n", step);
			free(p);
			return;
		}
		if (want_ret == 1) {
			ASSERT_EQ(p->status, want_status, what);
			ASSERT_EQ(g.len, strlen(want_body), what);
			ASSERT_MEMEQ(g.body, want_body, g.len, what);
		}
		free(p);
	}
}

static void test_content_length(void)
{
	check("content-length",
	      "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Type: text/plain\r\n\r\nhello",
	      false, 1, 200, "hello");
	/* bytes after the body are not part of it */
	check("extra bytes ignored",
	      "HTTP/1.1 404 Not Found\r\ncontent-length: 3\r\n\r\nabcXYZ", false,
	      1, 404, "abc");
	check("empty body", "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
	      false, 1, 200, "");
	check("HTTP/1.0, reason with spaces",
	      "HTTP/1.0 503 Service Unavailable\r\nContent-Length: 2\r\n\r\nno",
	      false, 1, 503, "no");
	check("bare LF lines", "HTTP/1.1 200 OK\nContent-Length: 2\n\nok",
	      false, 1, 200, "ok");
	check("same length twice",
	      "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nok",
	      false, 1, 200, "ok");
	/* cut short: EOF before the whole body */
	check("truncated body",
	      "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort", true,
	      -EPIPE, 0, "");
	check("truncated head", "HTTP/1.1 200 OK\r\nContent-Le", true, -EPIPE,
	      0, "");
}

static void test_until_close(void)
{
	check("no length: body until EOF",
	      "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nall of it", true, 1,
	      200, "all of it");
	check("204 has no body", "HTTP/1.1 204 No Content\r\n\r\n", false, 1,
	      204, "");
	check("interim 100 then the answer",
	      "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx",
	      false, 1, 200, "x");
}

static void test_chunked(void)
{
	check("chunked",
	      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
	      "5\r\nhello\r\n1;ext=1\r\n \r\nA\r\n0123456789\r\n0\r\n\r\n",
	      false, 1, 200, "hello 0123456789");
	check("chunked with trailer",
	      "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"
	      "2\r\nab\r\n0\r\nX-Trailer: 1\r\n\r\n",
	      false, 1, 200, "ab");
	check("chunked wins over length",
	      "HTTP/1.1 200 OK\r\nContent-Length: 99\r\nTransfer-Encoding: chunked\r\n\r\n"
	      "1\r\nz\r\n0\r\n\r\n", false, 1, 200, "z");
	check("chunked cut short",
	      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel",
	      true, -EPIPE, 0, "");
	check("bad chunk size",
	      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nxyz\r\n",
	      false, -EBADMSG, 0, "");
	check("chunk without CRLF after its data",
	      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nabc\r\n",
	      false, -EBADMSG, 0, "");
	check("huge chunk size",
	      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffff\r\n",
	      false, -EBADMSG, 0, "");
}

static void test_malformed(void)
{
	check("not HTTP", "SSH-2.0-OpenSSH\r\n\r\n", false, -EBADMSG, 0, "");
	check("bad status", "HTTP/1.1 2x0 OK\r\n\r\n", false, -EBADMSG, 0, "");
	check("status 600", "HTTP/1.1 600 Odd\r\n\r\n", false, -EBADMSG, 0, "");
	check("HTTP/2", "HTTP/2 200 OK\r\n\r\n", false, -EBADMSG, 0, "");
	check("header without colon", "HTTP/1.1 200 OK\r\nNoColon\r\n\r\n", false,
	      -EBADMSG, 0, "");
	check("folded header",
	      "HTTP/1.1 200 OK\r\nA: b\r\n c\r\nContent-Length: 0\r\n\r\n", false,
	      -EBADMSG, 0, "");
	check("space before colon", "HTTP/1.1 200 OK\r\nContent-Length : 1\r\n\r\nx",
	      false, -EBADMSG, 0, "");
	check("negative length", "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
	      false, -EBADMSG, 0, "");
	check("two lengths", "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nxy",
	      false, -EBADMSG, 0, "");
	check("length overflow",
	      "HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999999\r\n\r\n",
	      false, -EBADMSG, 0, "");
	check("control byte in a value", "HTTP/1.1 200 OK\r\nX: a\x01b\r\n\r\n",
	      false, -EBADMSG, 0, "");
}

static void test_head_limit(void)
{
	size_t n = TLR_HR_HEAD_MAX + 100, i;
	char *msg = malloc(n + 1);
	struct tlr_hresp *p = malloc(sizeof(*p));
	struct got g;

	if (!ASSERT_NONNULL(msg, "alloc") || !ASSERT_NONNULL(p, "alloc")) {
		free(msg);
		free(p);
		return;
	}
	memcpy(msg, "HTTP/1.1 200 OK\r\nX: ", 20);
	for (i = 20; i < n; i++)
		msg[i] = 'a';
	msg[n] = '\0';
	ASSERT_EQ(parse(msg, n, 0, false, p, &g), -E2BIG, "head too large");
	free(msg);
	free(p);
}

static void test_body_callback_error(void)
{
	static const char m[] = "HTTP/1.1 200 OK\r\nContent-Length: 8000\r\n\r\n";
	struct tlr_hresp *p = malloc(sizeof(*p));
	char big[8000];
	struct got g;
	int ret;

	if (!ASSERT_NONNULL(p, "alloc"))
		return;
	memset(big, 'x', sizeof(big));
	memset(&g, 0, sizeof(g));
	tlr_hresp_init(p, false);
	ret = tlr_hresp_feed(p, m, strlen(m), on_body, &g);
	ASSERT_EQ(ret, 0, "head");
	ret = tlr_hresp_feed(p, big, sizeof(big), on_body, &g);
	ASSERT_EQ(ret, -ENOSPC, "the callback's error stops parsing");
	free(p);
}

static void test_disposition(void)
{
	struct tlr_hresp *p = malloc(sizeof(*p));
	struct got g;
	static const char m[] =
		"HTTP/1.1 200 OK\r\nContent-Disposition: attachment; filename=\"web.tlz\"\r\n"
		"Content-Length: 0\r\n\r\n";

	if (!ASSERT_NONNULL(p, "alloc"))
		return;
	ASSERT_EQ(parse(m, strlen(m), 0, false, p, &g), 1, "parse");
	ASSERT_STREQ(p->filename, "web.tlz", "file name");
	free(p);
}

static void test_url_encode(void)
{
	struct tlr_sbuf b = { 0 };
	char *s;

	tlr_url_encode(&b, "/system.slice/a b@c.service");
	tlr_sbuf_add(&b, "|", 1);
	tlr_url_encode(&b, "k=v&x=%\xff~_-");
	s = tlr_sbuf_take(&b, NULL);
	ASSERT_STREQ(s, "/system.slice/a%20b%40c.service|k%3Dv%26x%3D%25%FF~_-",
		     "encoded");
	free(s);
}

int main(void)
{
	RUN_TEST(test_content_length);
	RUN_TEST(test_until_close);
	RUN_TEST(test_chunked);
	RUN_TEST(test_malformed);
	RUN_TEST(test_head_limit);
	RUN_TEST(test_body_callback_error);
	RUN_TEST(test_disposition);
	RUN_TEST(test_url_encode);
	return TEST_EXIT();
}
