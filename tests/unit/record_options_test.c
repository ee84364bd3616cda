// SPDX-License-Identifier: MIT
/* Unit tests for tl-record's command line (record/options.c). */
#include <errno.h>

#include "options.h"
#include "test.h"

#define ARGV(...) ((char *[]){ "tl-record", __VA_ARGS__, NULL })
#define ARGC(a) ((int)(sizeof(a) / sizeof((a)[0])) - 1)

static int parse(int argc, char **argv, struct tlr_opts *o, char *err)
{
	return tlr_opts_parse(argc, argv, o, err, 256);
}

static void test_command(void)
{
	char *a[] = { "tl-record", "-o", "x.tlz", "-s", "64", "--no-data", "ls",
		      "-l", "/bin", NULL };
	struct tlr_opts o;
	char err[256];

	ASSERT_OK(parse(ARGC(a), a, &o, err), "parse");
	ASSERT_STREQ(o.output, "x.tlz", "output");
	ASSERT_EQ(o.ncmd, 3, "ncmd");
	ASSERT_STREQ(o.cmd[0], "ls", "cmd[0]");
	/* options after the command belong to it */
	ASSERT_STREQ(o.cmd[1], "-l", "cmd[1]");
	ASSERT_EQ(o.snaplen, 64, "snaplen");
	ASSERT_TRUE(o.no_data, "no-data");
	ASSERT_EQ(o.buffer_size, TLR_DEFAULT_BUFFER, "default buffer");
	ASSERT_EQ(o.codec, TL_CODEC_ZSTD, "default codec");
	ASSERT_EQ(o.level, 1, "default zstd level");
	ASSERT_STREQ(o.compress, "zstd:1", "default compress (MACHINE)");
	ASSERT_EQ(o.verbosity, TLR_V_WARN, "default verbosity");
}

/* zstd without a level is tl-record's level 1; a level given is kept */
static void test_zstd_level(void)
{
	char *a[] = { "tl-record", "-o", "x", "--compress", "zstd", "ls", NULL };
	char *b[] = { "tl-record", "-o", "x", "--compress", "zstd:7", "ls", NULL };
	struct tlr_opts o;
	char err[256];

	ASSERT_OK(parse(ARGC(a), a, &o, err), "parse zstd");
	ASSERT_EQ(o.level, 1, "zstd: level 1");
	ASSERT_STREQ(o.compress, "zstd:1", "zstd: compress");
	ASSERT_OK(parse(ARGC(b), b, &o, err), "parse zstd:7");
	ASSERT_EQ(o.level, 7, "zstd:7 kept");
	ASSERT_STREQ(o.compress, "zstd:7", "zstd:7 compress");
}

/* --format-version: 1.1 (delta-coded rings, the default) or 1.0 (plain
 * RING chunks: the writer's ring_delta < 0); nothing else */
static void test_format_version(void)
{
	char *a[] = { "tl-record", "-o", "x", "ls", NULL };
	char *b[] = { "tl-record", "-o", "x", "--format-version", "1.0", "ls", NULL };
	char *c[] = { "tl-record", "-o", "x", "--format-version", "1.1", "ls", NULL };
	char *d[] = { "tl-record", "-o", "x", "--format-version", "1.2", "ls", NULL };
	char *e[] = { "tl-record", "-o", "x", "--format-version", "1", "ls", NULL };
	struct tlr_opts o;
	char err[256];
	int rd = 7;

	ASSERT_OK(parse(ARGC(a), a, &o, err), "parse default");
	ASSERT_EQ(o.ring_delta, 0, "default: RING_DELTA");
	ASSERT_OK(parse(ARGC(b), b, &o, err), "parse 1.0");
	ASSERT_TRUE(o.ring_delta < 0, "1.0: plain RING chunks");
	ASSERT_OK(parse(ARGC(c), c, &o, err), "parse 1.1");
	ASSERT_EQ(o.ring_delta, 0, "1.1: RING_DELTA");
	ASSERT_EQ(parse(ARGC(d), d, &o, err), -EINVAL, "1.2 refused");
	ASSERT_STREQ(err, "invalid format version '1.2' (1.0, 1.1)", "1.2 message");
	ASSERT_EQ(parse(ARGC(e), e, &o, err), -EINVAL, "1 refused");
	ASSERT_EQ(tlr_format_version_parse("", &rd), -EINVAL, "empty refused");
	ASSERT_EQ(tlr_format_version_parse("1.0 ", &rd), -EINVAL, "trailing space refused");
	ASSERT_EQ(rd, 7, "unchanged on error");
}

static void test_dashdash_and_defaults(void)
{
	char *a[] = { "tl-record", "-o", "x", "--", "sh", "-c", "exit 3", NULL };
	struct tlr_opts o;
	char err[256];

	ASSERT_OK(parse(ARGC(a), a, &o, err), "parse");
	ASSERT_EQ(o.ncmd, 3, "ncmd");
	ASSERT_STREQ(o.cmd[2], "exit 3", "cmd[2]");
	ASSERT_EQ(o.snaplen, 256, "default snaplen");
}

static void test_cgroups(void)
{
	char *a[] = { "tl-record", "-o", "x", "--cgroup", "/a", "--cgroup",
		      "/b/c", "--duration", "1.5s", "--buffer-size", "256K",
		      "--compress", "zlib:9", "-vv", "-q", "--name", "n",
		      "--syscall-filters", "openat,read", NULL };
	struct tlr_opts o;
	char err[256];

	ASSERT_OK(parse(ARGC(a), a, &o, err), "parse");
	ASSERT_EQ(o.ncgroups, 2, "ncgroups");
	ASSERT_STREQ(o.cgroups[1], "/b/c", "cgroup 2");
	ASSERT_EQ(o.duration_ns, 1500000000ull, "duration");
	ASSERT_EQ(o.buffer_size, 256 * 1024, "buffer");
	ASSERT_EQ(o.codec, TL_CODEC_ZLIB, "codec");
	ASSERT_EQ(o.level, 9, "level");
	ASSERT_EQ(o.verbosity, TLR_V_WARN + 1, "-vv -q");
	ASSERT_STREQ(o.name, "n", "name");
	ASSERT_STREQ(o.filter, "openat,read", "filter");
	ASSERT_TRUE(o.cmd == NULL, "no command");
}

/* Each bad command line fails with -EINVAL and a message naming the
 * problem. */
static void test_usage_errors(void)
{
	static const struct {
		char *argv[8];
		const char *want;
	} cases[] = {
		{ { "tl-record", "ls", NULL }, "no output file" },
		{ { "tl-record", "-o", "x", NULL }, "nothing to record" },
		{ { "tl-record", "-o", "x", "--cgroup", "/a", "ls", NULL }, "not both" },
		{ { "tl-record", "-o", "x", "--duration", "1s", "ls", NULL }, "--cgroup mode only" },
		{ { "tl-record", "-o", "x", "-s", "0", "ls", NULL }, "snap length" },
		{ { "tl-record", "-o", "x", "-s", "4097", "ls", NULL }, "snap length" },
		{ { "tl-record", "-o", "x", "--buffer-size", "64K", "ls", NULL }, "buffer size" },
		{ { "tl-record", "-o", "x", "--buffer-size", "2G", "ls", NULL }, "buffer size" },
		{ { "tl-record", "-o", "x", "--compress", "lz4", "ls", NULL }, "compression" },
		{ { "tl-record", "-o", "x", "--duration", "soon", "--cgroup", "/", NULL }, "duration" },
		{ { "tl-record", "-o", "x", "--syscall-filters", ",", "ls", NULL }, "empty" },
		{ { "tl-record", "-o", "x", "--bogus", "ls", NULL }, "unknown option '--bogus'" },
		{ { "tl-record", "-o", "x", "-Z", "ls", NULL }, "unknown option '-Z'" },
		{ { "tl-record", "-o", NULL }, "needs a value" },
		{ { "tl-record", "-o", "-", "ls", NULL }, "stdout" },
	};
	unsigned i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct tlr_opts o;
		char err[256];
		int argc = 0;

		while (cases[i].argv[argc])
			argc++;
		ASSERT_EQ(parse(argc, (char **)cases[i].argv, &o, err), -EINVAL,
			  cases[i].want);
		if (!ASSERT_TRUE(strstr(err, cases[i].want) != NULL, cases[i].want))
			fprintf(stderr, "  message was: %s\n", err);
	}
}

static void test_help_version(void)
{
	char *a[] = { "tl-record", "--help", "--bogus", NULL };
	char *b[] = { "tl-record", "--version", NULL };
	struct tlr_opts o;
	char err[256];

	ASSERT_OK(parse(ARGC(a), a, &o, err), "help stops parsing");
	ASSERT_TRUE(o.help, "help");
	ASSERT_OK(parse(ARGC(b), b, &o, err), "version");
	ASSERT_TRUE(o.version, "version");
}

static void test_cgroup_stdout(void)
{
	char *a[] = { "tl-record", "-o", "-", "--cgroup", "/x", NULL };
	struct tlr_opts o;
	char err[256];

	ASSERT_OK(parse(ARGC(a), a, &o, err), "-o - with --cgroup");
}

int main(void)
{
	RUN_TEST(test_command);
	RUN_TEST(test_dashdash_and_defaults);
	RUN_TEST(test_zstd_level);
	RUN_TEST(test_format_version);
	RUN_TEST(test_cgroups);
	RUN_TEST(test_usage_errors);
	RUN_TEST(test_help_version);
	RUN_TEST(test_cgroup_stdout);
	return TEST_EXIT();
}
