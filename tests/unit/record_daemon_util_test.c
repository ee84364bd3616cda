// SPDX-License-Identifier: MIT
/* Unit tests for tl-record daemon's command line, trace names, query
 * argument checks and JSON text buffer (record/daemon_util.c). */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>

#include "daemon_util.h"
#include "options.h"
#include "test.h"

static int parse(struct tlr_daemon_opts *o, char *err, size_t errlen, ...)
{
	char *argv[32];
	int argc = 0;
	va_list ap;
	char *a;

	argv[argc++] = (char *)"daemon";
	va_start(ap, errlen);
	while ((a = va_arg(ap, char *)) && argc < 31)
		argv[argc++] = a;
	va_end(ap);
	argv[argc] = NULL;
	return tlr_daemon_opts_parse(argc, argv, o, err, errlen);
}

static void test_opts(void)
{
	struct tlr_daemon_opts o;
	char err[256];

	ASSERT_OK(parse(&o, err, sizeof(err), NULL), "no options");
	ASSERT_STREQ(o.socket, "/run/tl-record.sock", "default socket");
	ASSERT_STREQ(o.spool, TLR_DAEMON_SPOOL, "default spool");
	ASSERT_EQ(o.spool_max, 1024ull * 1024 * 1024, "default spool max");
	ASSERT_EQ(o.buffer_size, 1024 * 1024, "default buffer");
	ASSERT_EQ(o.max_traces, 1024, "default max traces");
	ASSERT_TRUE(!o.dump_on_crash && !o.nwatch, "defaults off");
	/* files say which level, as one-shot tl-record's do */
	ASSERT_STREQ(o.compress, "zstd:1", "default compress");
	ASSERT_EQ(o.level, 1, "default zstd level");
	ASSERT_OK(parse(&o, err, sizeof(err), "--compress", "zstd", NULL), "zstd");
	ASSERT_STREQ(o.compress, "zstd:1", "zstd: default level named");

	ASSERT_OK(parse(&o, err, sizeof(err), "--socket", "/tmp/s", "--spool",
			"/var/tmp/sp", "--spool-max", "10M", "--buffer-size",
			"256K", "--syscall-filters", "openat,execve", "-s", "64",
			"--no-data", "--compress", "zlib:9", "--watch",
			"docker-*.scope", "--watch", "kubepods*",
			"--dump-on-crash", "--max-traces", "2000", "-v", "-v",
			NULL), "all options");
	ASSERT_STREQ(o.socket, "/tmp/s", "socket");
	ASSERT_STREQ(o.spool, "/var/tmp/sp", "spool");
	ASSERT_EQ(o.spool_max, 10 * 1024 * 1024, "spool max");
	ASSERT_EQ(o.buffer_size, 256 * 1024, "buffer");
	ASSERT_STREQ(o.filter, "openat,execve", "filter");
	ASSERT_EQ(o.snaplen, 64, "snaplen");
	ASSERT_TRUE(o.no_data, "no data");
	ASSERT_EQ(o.codec, TL_CODEC_ZLIB, "codec");
	ASSERT_EQ(o.level, 9, "level");
	ASSERT_EQ(o.nwatch, 2, "two patterns");
	ASSERT_STREQ(o.watch[1], "kubepods*", "second pattern");
	ASSERT_TRUE(o.dump_on_crash, "crash");
	ASSERT_EQ(o.max_traces, 2000, "max traces");
	ASSERT_EQ(o.verbosity, TLR_V_WARN + 2, "verbosity");

	ASSERT_OK(parse(&o, err, sizeof(err), "--no-spool", NULL), "no spool");
	ASSERT_TRUE(o.spool == NULL, "spool off");
	ASSERT_OK(parse(&o, err, sizeof(err), "--help", "--bogus", NULL), "help first");
	ASSERT_TRUE(o.help, "help");

	ASSERT_EQ(parse(&o, err, sizeof(err), "--bogus", NULL), -EINVAL, "unknown");
	ASSERT_STREQ(err, "unknown option '--bogus'", "unknown message");
	ASSERT_EQ(parse(&o, err, sizeof(err), "--socket", NULL), -EINVAL, "no value");
	ASSERT_STREQ(err, "option '--socket' needs a value", "no value message");
	ASSERT_EQ(parse(&o, err, sizeof(err), "--buffer-size", "64K", NULL),
		  -EINVAL, "buffer too small");
	ASSERT_EQ(parse(&o, err, sizeof(err), "--spool", "", NULL), -EINVAL,
		  "empty spool");
	ASSERT_EQ(parse(&o, err, sizeof(err), "--max-traces", "0", NULL), -EINVAL,
		  "zero traces");
	ASSERT_EQ(parse(&o, err, sizeof(err), "--compress", "lz4", NULL), -EINVAL,
		  "bad codec");
	ASSERT_EQ(parse(&o, err, sizeof(err), "--syscall-filters", ",,", NULL),
		  -EINVAL, "empty filter");
	ASSERT_EQ(parse(&o, err, sizeof(err), "extra", NULL), -EINVAL, "argument");
	ASSERT_STREQ(err, "unexpected argument 'extra'", "argument message");
}

/* --format-version, parsed as tl-record's (options.c) */
static void test_format_version(void)
{
	struct tlr_daemon_opts o;
	char err[256];

	ASSERT_OK(parse(&o, err, sizeof(err), NULL), "no options");
	ASSERT_EQ(o.ring_delta, 0, "default: RING_DELTA chunks");
	ASSERT_OK(parse(&o, err, sizeof(err), "--format-version", "1.0", NULL), "1.0");
	ASSERT_TRUE(o.ring_delta < 0, "1.0: plain RING chunks");
	ASSERT_OK(parse(&o, err, sizeof(err), "--format-version", "1.1", NULL), "1.1");
	ASSERT_EQ(o.ring_delta, 0, "1.1");
	ASSERT_EQ(parse(&o, err, sizeof(err), "--format-version", "2.0", NULL),
		  -EINVAL, "2.0 refused");
	ASSERT_STREQ(err, "invalid format version '2.0' (1.0, 1.1)", "message");
}

static void test_names(void)
{
	char err[256], big[200];

	ASSERT_OK(tlr_name_check("web", err, sizeof(err)), "plain");
	ASSERT_OK(tlr_name_check("x.service_0123abcd", err, sizeof(err)), "unit");
	ASSERT_OK(tlr_name_check("k8s-6b1d/c@x:1", err, sizeof(err)), "punctuation");
	ASSERT_OK(tlr_name_check("1a", err, sizeof(err)), "digits and a letter");
	ASSERT_EQ(tlr_name_check("", err, sizeof(err)), -EINVAL, "empty");
	ASSERT_EQ(tlr_name_check("42", err, sizeof(err)), -EINVAL, "all digits");
	ASSERT_EQ(tlr_name_check("a b", err, sizeof(err)), -EINVAL, "space");
	ASSERT_EQ(tlr_name_check("a\"b", err, sizeof(err)), -EINVAL, "quote");
	ASSERT_EQ(tlr_name_check("a\\b", err, sizeof(err)), -EINVAL, "backslash");
	ASSERT_EQ(tlr_name_check("a\nb", err, sizeof(err)), -EINVAL, "newline");
	ASSERT_EQ(tlr_name_check("caf\xc3\xa9", err, sizeof(err)), -EINVAL, "non-ASCII");
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	ASSERT_EQ(tlr_name_check(big, err, sizeof(err)), -EINVAL, "too long");
	big[TLR_NAME_MAX] = '\0';
	ASSERT_OK(tlr_name_check(big, err, sizeof(err)), "longest");
	ASSERT_EQ(tlr_kind_parse("unit"), TL_TRACE_SYSTEMD_UNIT, "unit");
	ASSERT_EQ(tlr_kind_parse("pod"), TL_TRACE_POD, "pod");
	ASSERT_EQ(tlr_kind_parse("vm"), 0, "unknown kind");
	ASSERT_STREQ(tlr_kind_name(TL_TRACE_CONTAINER), "container", "kind name");
	ASSERT_STREQ(tlr_kind_name(99), "cgroup", "unknown kind name");
}

static void test_args(void)
{
	static const char *const allowed[] = { "name", "cgroup", "label", NULL };
	static const char *const multi[] = { "label", NULL };
	struct tlr_http_param p[4] = {
		{ "name", "web", 3 },
		{ "cgroup", "/a", 2 },
		{ "label", "a=1", 3 },
		{ "label", "b=2", 3 },
	};
	char err[256];

	ASSERT_OK(tlr_args_check(p, 4, allowed, multi, err, sizeof(err)), "good");
	ASSERT_STREQ(tlr_args_get(p, 4, "cgroup"), "/a", "get");
	ASSERT_TRUE(tlr_args_get(p, 4, "kind") == NULL, "absent");
	ASSERT_EQ(tlr_args_check(p, 4, allowed, NULL, err, sizeof(err)), -EINVAL,
		  "label twice without multi");
	ASSERT_STREQ(err, "argument 'label' given twice", "twice message");
	p[1].key = "cgrouppath";
	ASSERT_EQ(tlr_args_check(p, 2, allowed, multi, err, sizeof(err)), -EINVAL,
		  "unknown key");
	ASSERT_STREQ(err, "unknown argument 'cgrouppath'", "unknown message");
	p[1].key = "cgroup";
	p[1].vlen = 5;		/* "/a\0.." */
	ASSERT_EQ(tlr_args_check(p, 2, allowed, multi, err, sizeof(err)), -EINVAL,
		  "NUL in a value");
	p[1].value = NULL;
	p[1].vlen = 0;
	ASSERT_EQ(tlr_args_check(p, 2, allowed, multi, err, sizeof(err)), -EINVAL,
		  "no value");
}

static void test_sbuf_json(void)
{
	struct tlr_sbuf b = { 0 };
	size_t len;
	char *s;
	int i;

	tlr_sbuf_json(&b, "a\"b\\c\n\x01 \xc3\xa9 \xff \xed\xa0\x80 \xf0\x9f\x98\x80");
	s = tlr_sbuf_take(&b, &len);
	ASSERT_STREQ(s, "\"a\\\"b\\\\c\\u000a\\u0001 \xc3\xa9 \\ufffd \\ufffd\\ufffd\\ufffd "
		     "\xf0\x9f\x98\x80\"", "escaped, invalid UTF-8 replaced");
	ASSERT_EQ(len, strlen(s), "length");
	free(s);

	for (i = 0; i < 1000; i++)
		tlr_sbuf_printf(&b, "%d,", i);
	s = tlr_sbuf_take(&b, &len);
	ASSERT_TRUE(s && !strncmp(s, "0,1,2,", 6) && !strcmp(s + len - 4, "999,"),
		    "grows");
	free(s);
	s = tlr_sbuf_take(&b, &len);
	ASSERT_STREQ(s, "", "empty buffer gives an empty string");
	free(s);
	{
		char t[32];

		tlr_iso_time(1714557600LL * 1000000000, t, sizeof(t));
		ASSERT_STREQ(t, "2024-05-01T10:00:00Z", "iso time");
	}
}

int main(void)
{
	RUN_TEST(test_opts);
	RUN_TEST(test_format_version);
	RUN_TEST(test_names);
	RUN_TEST(test_args);
	RUN_TEST(test_sbuf_json);
	return TEST_EXIT();
}
