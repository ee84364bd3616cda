// SPDX-License-Identifier: MIT
/*
 * analyze_io_test.c - files, net, last, slow and lost over hand-made
 * events: bytes followed through the fd table across dup and fork,
 * close-on-exec, sockets with decoded addresses and ECONNREFUSED, the
 * ring of the last N calls, durations, and loss per CPU.
 */
#include "analyze_fixture.h"
#include "queries.h"

#define AT_FDCWD_ ((uint64_t)(int64_t)-100)

static const uint8_t sa_lo9[16] = { 2, 0, 0, 9, 127, 0, 0, 1 };	/* 127.0.0.1:9 */
static const uint8_t sa_v6[28] = { 10, 0, 0x01, 0xbb, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 };		/* [::1]:443 */
static const uint8_t sa_peer[16] = { 2, 0, 0xd4, 0x31, 10, 1, 2, 3 };	/* 10.1.2.3:54321 */
static const char sa_un[] = "\x01\x00/run/x.sock";

static void feed_io(struct fx *x)
{
	static const int32_t pipefds[2] = { 5, 6 };

	fx_snapshot(x, 400, 1, "app", "/srv", NULL, 0, FX_T0 - 1000, false);
	/* a file read through a dup'd fd, written by a forked child */
	fx_sys(x, 10, 400, "openat", 3, 5, 4, AT_FDCWD_, 0x10, 02 | 0100, 0644);
	fx_str(x, 1, "data/log.txt");
	fx_feed(x);
	fx_sys(x, 20, 400, "read", 100, 5, 3, 3, 0x20, 4096);
	fx_feed(x);
	fx_sys(x, 30, 400, "dup2", 7, 5, 2, 3, 7);
	fx_feed(x);
	fx_sys(x, 40, 400, "read", 50, 5, 3, 7, 0x20, 4096);
	fx_feed(x);
	fx_fork(x, 50, 400, 401);
	fx_sys(x, 60, 401, "write", 25, 5, 3, 3, 0x20, 25);
	fx_feed(x);
	/* an fd opened O_CLOEXEC is gone after exec */
	fx_sys(x, 70, 401, "open", 4, 5, 3, 0x10, 02000000, 0);
	fx_str(x, 0, "/etc/hosts");
	fx_feed(x);
	fx_exec(x, 80, 401, "/bin/cat", "cat", "cat", 4, 1);
	fx_sys(x, 90, 401, "read", 9, 5, 3, 4, 0x20, 10);
	fx_feed(x);
	/* stdout inherited from before the trace */
	fx_sys(x, 95, 401, "write", 12, 5, 3, 1, 0x20, 12);
	fx_feed(x);
	fx_sys(x, 96, 401, "pipe2", 0, 5, 2, 0x30, 0);
	fx_capt(x, 0, TL_CAPT_BUF, TL_CAPTF_EXIT, pipefds, 8, 8);
	fx_feed(x);
	fx_sys(x, 97, 401, "write", 3, 5, 3, 6, 0x20, 3);
	fx_feed(x);

	/* sockets: a refused connect, a v6 connection with traffic, a
	 * unix socket that is not there, an accepted peer */
	fx_sys(x, 100, 400, "socket", 8, 5, 3, 2, 1, 0);
	fx_feed(x);
	fx_sys(x, 110, 400, "connect", -111, 40, 3, 8, 0x40, 16);
	fx_capt(x, 1, TL_CAPT_BUF, 0, sa_lo9, 16, 16);
	fx_feed(x);
	fx_sys(x, 115, 400, "connect", -111, 40, 3, 8, 0x40, 16);
	fx_capt(x, 1, TL_CAPT_BUF, 0, sa_lo9, 16, 16);
	fx_feed(x);
	fx_sys(x, 120, 400, "socket", 9, 5, 3, 10, 1 | 02000000, 0);
	fx_feed(x);
	fx_sys(x, 130, 400, "connect", 0, 40, 3, 9, 0x40, 28);
	fx_capt(x, 1, TL_CAPT_BUF, 0, sa_v6, 28, 28);
	fx_feed(x);
	fx_sys(x, 140, 400, "write", 100, 5, 3, 9, 0x20, 100);
	fx_feed(x);
	fx_sys(x, 150, 400, "recvfrom", 60, 5, 6, 9, 0x20, 4096, 0, 0, 0);
	fx_feed(x);
	fx_sys(x, 160, 400, "socket", 10, 5, 3, 1, 1, 0);
	fx_feed(x);
	fx_sys(x, 170, 400, "connect", -2, 5, 3, 10, 0x40, 14);
	fx_capt(x, 1, TL_CAPT_BUF, 0, sa_un, 14, 14);
	fx_feed(x);
	fx_sys(x, 180, 400, "accept4", 11, 20000, 4, 8, 0x40, 0x50, 0);
	fx_capt(x, 1, TL_CAPT_BUF, TL_CAPTF_EXIT, sa_peer, 16, 16);
	fx_feed(x);
	fx_sys(x, 190, 400, "read", 7, 5, 3, 11, 0x20, 100);
	fx_feed(x);
	fx_exit(x, 200, 401, 0);
	/* a call still in flight at the dump (10 s later) */
	fx_sys(x, 250, 400, "nanosleep", 0, 0, 2, 0x60, 0);
	x->ev.flags = TL_EVF_HAS_ENTER | TL_EVF_IN_FLIGHT;
	x->ev.enter_ts = x->ev.ts - 50000;
	fx_feed(x);
	fx_lost(x, 300, 1, TL_LOST_GAP, 17);
	fx_lost(x, 5, 0, TL_LOST_OVERWRITTEN, 1234);
}

static void test_files(void)
{
	struct fx x;
	const char *out;
	/* /etc/hosts was opened O_CLOEXEC: after the exec its fd 4 is
	 * unknown; the pipe's bytes are not a file's */
	const char *want =
"OPENS  FAILED  MODE      FLAGS               READ  WRITTEN  PROCESSES         PATH\n"
"    1       0  r         O_RDONLY|O_CLOEXEC     0        0  401 app           /etc/hosts\n"
"    1       0  rw,creat  O_RDWR|O_CREAT       150       25  400 app, 401 app  /srv/data/log.txt\n"
"    0       0  -         -                      0       12  401 cat           <fd 1> of 401\n"
"    0       0  -         -                      9        0  401 cat           <fd 4> of 401\n";

	fx_init(&x, &ana_q_files);
	fx_start(&x);
	feed_io(&x);
	out = fx_end(&x);
	ASSERT_STREQ(out, want, "files table");
	fx_free(&x);
}

static void test_net(void)
{
	struct fx x;
	const char *out;

	fx_init(&x, &ana_q_net);
	fx_start(&x);
	feed_io(&x);
	out = fx_end(&x);
	ASSERT_HAS(out, "400  app   tcp          connect      2  ECONNREFUSED (Connection refused)      0         0  127.0.0.1:9\n",
		   "refused connect, twice");
	ASSERT_HAS(out, "tcp6         connect      1  ok                                   100        60  [::1]:443\n",
		   "v6 connect with bytes both ways");
	ASSERT_HAS(out, "unix-stream  connect      1  ENOENT (No such file or directory)     0         0  /run/x.sock\n",
		   "unix socket missing");
	ASSERT_HAS(out, "tcp          accept       1  ok                                     0         7  10.1.2.3:54321\n",
		   "accepted peer and its bytes");
	fx_free(&x);

	fx_init(&x, &ana_q_net);
	x.opts.json = true;
	fx_start(&x);
	feed_io(&x);
	out = fx_end(&x);
	ASSERT_HAS(out, "\"op\":\"connect\",\"address\":\"127.0.0.1:9\",\"count\":2,"
		   "\"errno\":\"ECONNREFUSED\",\"message\":\"Connection refused\"", "json refused");
	fx_free(&x);
}

static void test_last(void)
{
	struct fx x;
	const char *out;

	fx_init(&x, &ana_q_last);
	x.opts.last_n = 2;
	fx_start(&x);
	feed_io(&x);
	out = fx_end(&x);
	/* 401 ended first (exited), then 400 (no exit, not alive at dump) */
	ASSERT_TRUE(strstr(out, "401 cat: exited with 0 at 22:13:20.000200 (last 2 of 7 syscalls)\n") == out,
		    "401 header");
	ASSERT_HAS(out, "  22:13:20.000091  0.000005  401  pipe2(0x30, 0) = 0\n"
		   "  22:13:20.000092  0.000005  401  write(6<pipe>, 0x20, 3) = 3\n", "401 calls");
	ASSERT_HAS(out, "400 app: no exit recorded (last 2 of 16 syscalls)\n", "400 header");
	ASSERT_HAS(out, "nanosleep(0x60, NULL) = ? <in flight at dump>", "in flight");
	fx_free(&x);
}

static void test_slow(void)
{
	struct fx x;
	const char *out;

	fx_init(&x, &ana_q_slow);
	x.opts.min_ns = 15000000;	/* 15ms */
	fx_start(&x);
	feed_io(&x);
	out = fx_end(&x);
	ASSERT_HAS(out, "22:13:19.980180      0.020000      400  app               accept4(8, {10.1.2.3:54321}, 0x50, 0) = 11\n",
		   "20ms accept");
	/* entered at 200us, in flight until the dump at 10 s */
	ASSERT_HAS(out, "22:13:20.000200      9.999800      400  app               nanosleep(0x60, NULL) = ? <in flight at dump> (still in the call at dump)\n",
		   "in flight");
	ASSERT_HASNT(out, "connect", "40us calls are not slow");
	fx_free(&x);
}

static void test_lost(void)
{
	struct fx x;
	const char *out;

	fx_init(&x, &ana_q_lost);
	fx_start(&x);
	feed_io(&x);
	out = fx_end(&x);
	/* cpu 0: pid 400's 15 returned calls and its fork; cpu 1: 401's 9
	 * events and the recorder's 2 busy drops from the TRACE chunk */
	ASSERT_HAS(out, "fixture    0  22:13:20.000010  22:13:20.000190      16         1234     0             0             0                0\n", "cpu 0");
	ASSERT_HAS(out, "fixture    1  22:13:20.000060  22:13:20.000200       9            0     1            17             2                0\n", "cpu 1");
	ASSERT_HAS(out, "Gaps:\nTRACE    CPU  TIME             RECORDS LOST\nfixture    1  22:13:20.000300            17\n", "gap list");
	ASSERT_HAS(out, "1251 records lost: 1234 overwritten before the oldest retained record, 17 in 1 gap\n", "total");
	fx_free(&x);
}

int main(void)
{
	RUN_TEST(test_files);
	RUN_TEST(test_net);
	RUN_TEST(test_last);
	RUN_TEST(test_slow);
	RUN_TEST(test_lost);
	return TEST_EXIT();
}
