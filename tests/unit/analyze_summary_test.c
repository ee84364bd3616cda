// SPDX-License-Identifier: MIT
/*
 * analyze_summary_test.c - summary reproduces strace -c's layout exactly
 * (columns, widths, blank zero errors, sort by time, totals line, a
 * separate table for i386 calls), --per-process, and the JSON form.
 * Expected numbers are worked out by hand in the comments.
 */
#include "analyze_fixture.h"
#include "queries.h"

/* write 1000us x1; openat 100+50+30us, one failed; read 10+20us; close
 * 2us; exit_group never returns (not counted, as strace -c -w). Total
 * 1212us over 7 calls: 173 usecs/call; write 1000/1212 = 82.51%, openat
 * 14.85%, read 2.48%, close 0.17%. */
static void feed_calls(struct fx *x)
{
	fx_comm(x, 200, "app");
	fx_comm(x, 201, "child");
	fx_sys(x, 100, 200, "openat", 3, 100, 3, -100, 0, 0);
	fx_feed(x);
	fx_sys(x, 200, 200, "openat", -2, 50, 3, -100, 0, 0);
	fx_feed(x);
	fx_sys(x, 300, 201, "openat", 4, 30, 3, -100, 0, 0);
	fx_feed(x);
	fx_sys(x, 400, 200, "read", 10, 10, 3, 3, 0, 10);
	fx_feed(x);
	fx_sys(x, 500, 201, "read", 0, 20, 3, 4, 0, 10);
	fx_feed(x);
	fx_sys(x, 2000, 200, "write", 5, 1000, 3, 1, 0, 5);
	fx_feed(x);
	fx_sys(x, 2100, 200, "close", 0, 2, 1, 3);
	fx_feed(x);
	fx_sys(x, 2200, 200, "exit_group", 0, 0, 1, 0);
	x->ev.flags = TL_EVF_HAS_ENTER | TL_EVF_NORETURN;
	fx_feed(x);
}

static void test_summary_layout(void)
{
	struct fx x;
	const char *out;
	const char *want =
"% time     seconds  usecs/call     calls    errors syscall\n"
"------ ----------- ----------- --------- --------- ----------------\n"
" 82.51    0.001000        1000         1           write\n"
" 14.85    0.000180          60         3         1 openat\n"
"  2.48    0.000030          15         2           read\n"
"  0.17    0.000002           2         1           close\n"
"------ ----------- ----------- --------- --------- ----------------\n"
"100.00    0.001212         173         7         1 total\n";

	fx_init(&x, &ana_q_summary);
	fx_start(&x);
	feed_calls(&x);
	out = fx_end(&x);
	ASSERT_STREQ(out, want, "strace -c layout");
	fx_free(&x);
}

static void test_summary_per_process(void)
{
	struct fx x;
	const char *out;
	/* child: openat 30us, read 20us: 60% / 40%, 25 usecs/call */
	const char *child =
"Process 201 (child):\n"
"% time     seconds  usecs/call     calls    errors syscall\n"
"------ ----------- ----------- --------- --------- ----------------\n"
" 60.00    0.000030          30         1           openat\n"
" 40.00    0.000020          20         1           read\n"
"------ ----------- ----------- --------- --------- ----------------\n"
"100.00    0.000050          25         2           total\n";

	fx_init(&x, &ana_q_summary);
	x.opts.per_process = true;
	fx_start(&x);
	feed_calls(&x);
	out = fx_end(&x);
	ASSERT_TRUE(strncmp(out, "Process 200 (app):\n", 19) == 0, "first table is 200");
	ASSERT_HAS(out, child, "child table");
	/* app: 1000 + 150 + 10 + 2 = 1162us over 5 calls */
	ASSERT_HAS(out, "100.00    0.001162         232         5         1 total\n", "app total");
	fx_free(&x);
}

static void test_summary_compat(void)
{
	struct fx x;
	const char *out;

	fx_init(&x, &ana_q_summary);
	fx_start(&x);
	fx_sys(&x, 100, 300, "read", 1, 7, 3, 0, 0, 1);
	fx_feed(&x);
	fx_sys(&x, 200, 300, "write", 1, 9, 3, 1, 0, 1);
	x.ev.abi = TL_ABI_I386;
	x.ev.name = "write";
	fx_feed(&x);
	out = fx_end(&x);
	ASSERT_HAS(out, "System call usage summary for 32 bit mode:\n% time", "compat header");
	ASSERT_HAS(out, "100.00    0.000009           9         1           write\n"
		   "------", "i386 table");
	ASSERT_TRUE(strstr(out, "read") < strstr(out, "32 bit mode"), "native first");
	fx_free(&x);
}

static void test_summary_json(void)
{
	struct fx x;
	const char *out;

	fx_init(&x, &ana_q_summary);
	x.opts.json = true;
	fx_start(&x);
	feed_calls(&x);
	out = fx_end(&x);
	ASSERT_HAS(out, "{\"syscall\":\"openat\",\"percent\":14.85,\"seconds\":0.000180,"
		   "\"total_ns\":180000,\"usecs_per_call\":60,\"calls\":3,\"errors\":1}",
		   "openat row");
	ASSERT_HAS(out, "\"total\":{\"seconds\":0.001212,\"total_ns\":1212000,"
		   "\"usecs_per_call\":173,\"calls\":7,\"errors\":1}", "total");
	fx_free(&x);
}

int main(void)
{
	RUN_TEST(test_summary_layout);
	RUN_TEST(test_summary_per_process);
	RUN_TEST(test_summary_compat);
	RUN_TEST(test_summary_json);
	return TEST_EXIT();
}
