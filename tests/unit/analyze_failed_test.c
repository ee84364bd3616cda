// SPDX-License-Identifier: MIT
/*
 * analyze_failed_test.c - failed-opens and errors over hand-made event
 * sequences: grouping and order, path resolution against the cwd (known
 * after chdir, from the snapshot when never changed, inherited at fork)
 * and against a dirfd, and the JSON form.
 */
#include "analyze_fixture.h"
#include "queries.h"

#define AT_FDCWD_ ((uint64_t)(int64_t)-100)

static void feed_failures(struct fx *x)
{
	static const char argv[] = "sh\0-c\0make";

	fx_snapshot(x, 100, 1, "sh", "/home/u", argv, sizeof(argv), FX_T0 - 5000000, false);
	fx_comm(x, 102, "orphan");

	fx_sys(x, 10, 100, "openat", -2, 5, 3, AT_FDCWD_, 0x10, 0);
	fx_str(x, 1, "/etc/x");
	fx_feed(x);
	fx_sys(x, 20, 100, "openat", -2, 5, 3, AT_FDCWD_, 0x10, 0);
	fx_str(x, 1, "/etc/x");
	fx_feed(x);
	/* relative: settled at the end from the snapshot's cwd */
	fx_sys(x, 25, 100, "openat", -2, 5, 3, AT_FDCWD_, 0x10, 0);
	fx_str(x, 1, "rel/file");
	fx_feed(x);
	fx_sys(x, 30, 100, "openat", -2, 5, 3, AT_FDCWD_, 0x10, 0);
	fx_str(x, 1, "/etc/x");
	fx_feed(x);
	/* a directory fd, then a failure relative to it */
	fx_sys(x, 50, 100, "openat", 3, 5, 3, AT_FDCWD_, 0x10, 0200000);
	fx_str(x, 1, "/var/lib");
	fx_feed(x);
	fx_sys(x, 60, 100, "openat", -13, 5, 3, 3, 0x10, 0);
	fx_str(x, 1, "z");
	fx_feed(x);
	/* success: not listed */
	fx_sys(x, 65, 100, "openat", 4, 5, 3, AT_FDCWD_, 0x10, 0);
	fx_str(x, 1, "/etc/passwd");
	fx_feed(x);
	fx_fork(x, 70, 100, 101);
	/* the child changes directory: later relative paths are known */
	fx_sys(x, 80, 101, "chdir", 0, 5, 1, 0x20);
	fx_str(x, 0, "/tmp");
	fx_feed(x);
	fx_sys(x, 90, 101, "access", -2, 5, 2, 0x20, 0);
	fx_str(x, 0, "y");
	fx_feed(x);
	fx_sys(x, 95, 101, "newfstatat", -2, 5, 4, AT_FDCWD_, 0x20, 0x30, 0);
	fx_str(x, 1, "w");
	fx_feed(x);
	fx_sys(x, 100, 101, "execve", -2, 5, 3, 0x20, 0x30, 0x40);
	fx_str(x, 0, "/bin/nope");
	fx_feed(x);
	fx_sys(x, 110, 100, "stat", -2, 5, 2, 0x20, 0x30);
	fx_str(x, 0, "/nope");
	fx_feed(x);
	fx_sys(x, 120, 100, "unlink", -2, 5, 1, 0x20);
	fx_str(x, 0, "gone");
	fx_feed(x);
	/* a process with no snapshot and no fork: its cwd is unknown */
	fx_sys(x, 130, 102, "openat", -2, 5, 3, AT_FDCWD_, 0x20, 0);
	fx_str(x, 1, "rel2");
	fx_feed(x);
	/* a dirfd never seen opened */
	fx_sys(x, 140, 100, "openat", -2, 5, 3, 7, 0x20, 0);
	fx_str(x, 1, "q");
	fx_feed(x);
	/* a failure without a path: not a failed open */
	fx_sys(x, 150, 100, "read", -9, 5, 3, 42, 0x20, 10);
	fx_feed(x);
}

static void test_failed_text(void)
{
	struct fx x;
	const char *out;
	const char *want =
"COUNT  PID  COMM    SYSCALL     ERROR                               FIRST            LAST             FLAGS     PATH\n"
"    3  100  sh      openat      ENOENT (No such file or directory)  22:13:20.000010  22:13:20.000030  O_RDONLY  /etc/x\n"
"    1  100  sh      openat      ENOENT (No such file or directory)  22:13:20.000025  22:13:20.000025  O_RDONLY  /home/u/rel/file\n"
"    1  100  sh      openat      EACCES (Permission denied)          22:13:20.000060  22:13:20.000060  O_RDONLY  /var/lib/z\n"
"    1  101  sh      access      ENOENT (No such file or directory)  22:13:20.000090  22:13:20.000090  F_OK      /tmp/y\n"
"    1  101  sh      newfstatat  ENOENT (No such file or directory)  22:13:20.000095  22:13:20.000095  0         /tmp/w\n"
"    1  101  sh      execve      ENOENT (No such file or directory)  22:13:20.000100  22:13:20.000100  -         /bin/nope\n"
"    1  100  sh      stat        ENOENT (No such file or directory)  22:13:20.000110  22:13:20.000110  -         /nope\n"
"    1  100  sh      unlink      ENOENT (No such file or directory)  22:13:20.000120  22:13:20.000120  -         /home/u/gone\n"
"    1  102  orphan  openat      ENOENT (No such file or directory)  22:13:20.000130  22:13:20.000130  O_RDONLY  rel2\n"
"    1  100  sh      openat      ENOENT (No such file or directory)  22:13:20.000140  22:13:20.000140  O_RDONLY  <fd 7>/q\n";

	fx_init(&x, &ana_q_failed);
	fx_start(&x);
	feed_failures(&x);
	out = fx_end(&x);
	ASSERT_STREQ(out, want, "failed-opens table");
	fx_free(&x);
}

/* Calls that differ only by their flags are separate rows; the flags
 * column is the strace text of the flag and mode arguments. */
static void test_failed_flags(void)
{
	struct fx x;
	const char *out;

	fx_init(&x, &ana_q_failed);
	fx_start(&x);
	fx_sys(&x, 10, 100, "openat", -13, 5, 4, AT_FDCWD_, 0x10, 02000000, 0);
	fx_str(&x, 1, "/etc/x");
	fx_feed(&x);
	fx_sys(&x, 20, 100, "openat", -13, 5, 4, AT_FDCWD_, 0x10, 01101, 0640);
	fx_str(&x, 1, "/etc/x");
	fx_feed(&x);
	fx_sys(&x, 30, 100, "openat", -13, 5, 4, AT_FDCWD_, 0x10, 01101, 0640);
	fx_str(&x, 1, "/etc/x");
	fx_feed(&x);
	out = fx_end(&x);
	ASSERT_HAS(out, "    2  100  ?     openat   EACCES (Permission denied)  "
		   "22:13:20.000020  22:13:20.000030  O_WRONLY|O_CREAT|O_TRUNC, 0640  /etc/x\n",
		   "creating opens, with the mode");
	ASSERT_HAS(out, "    1  100  ?     openat   EACCES (Permission denied)  "
		   "22:13:20.000010  22:13:20.000010  O_RDONLY|O_CLOEXEC              /etc/x\n",
		   "a read-only open is another row");
	fx_free(&x);
}

static void test_failed_filters(void)
{
	struct fx x;
	uint32_t pid = 101;
	const char *out;

	fx_init(&x, &ana_q_failed);
	x.opts.pids = &pid;
	x.opts.npids = 1;
	fx_start(&x);
	feed_failures(&x);
	out = fx_end(&x);
	ASSERT_HAS(out, "/tmp/y", "pid filter keeps 101");
	ASSERT_HASNT(out, "/etc/x", "pid filter drops 100");
	fx_free(&x);

	/* --since 100us: only calls from then on */
	fx_init(&x, &ana_q_failed);
	x.opts.since = "90us";	/* after the first event (t=10) */
	fx_start(&x);
	feed_failures(&x);
	out = fx_end(&x);
	ASSERT_HAS(out, "/bin/nope", "since keeps t=100");
	ASSERT_HASNT(out, "/tmp/w", "since drops t=95");
	fx_free(&x);

	/* --comm orphan */
	fx_init(&x, &ana_q_failed);
	{
		char *comm = "orphan";

		x.opts.comms = &comm;
		x.opts.ncomms = 1;
		fx_start(&x);
		feed_failures(&x);
		out = fx_end(&x);
	}
	ASSERT_HAS(out, "rel2", "comm filter keeps orphan");
	ASSERT_HASNT(out, " sh ", "comm filter drops sh");
	fx_free(&x);
}

static void test_failed_json(void)
{
	struct fx x;
	const char *out;

	fx_init(&x, &ana_q_failed);
	x.opts.json = true;
	x.opts.limit = 2;
	fx_start(&x);
	feed_failures(&x);
	out = fx_end(&x);
	ASSERT_HAS(out, "\"query\":\"failed-opens\"", "query name");
	ASSERT_HAS(out, "{\"count\":3,\"pid\":100,\"comm\":\"sh\",\"syscall\":\"openat\","
		   "\"errno\":\"ENOENT\",\"message\":\"No such file or directory\","
		   "\"first_ns\":1700000000000010000,\"last_ns\":1700000000000030000,"
		   "\"flags\":\"O_RDONLY\",\"path\":\"/etc/x\"}", "first row");
	ASSERT_HASNT(out, "/var/lib/z", "limit 2");
	fx_free(&x);
}

static void test_errors(void)
{
	struct fx x;
	const char *out;

	fx_init(&x, &ana_q_errors);
	fx_start(&x);
	feed_failures(&x);
	out = fx_end(&x);
	/* openat ENOENT: 3 + 1 + 1 + 1 (pids 100, 102) */
	ASSERT_HAS(out, "    6  openat      ENOENT (No such file or directory)  100 sh, 102 orphan",
		   "openat ENOENT group");
	ASSERT_HAS(out, "openat(AT_FDCWD, \"/etc/x\", O_RDONLY, 0000) = -1 ENOENT", "example call");
	ASSERT_HAS(out, "    1  read        EBADF (Bad file descriptor)         100 sh", "read EBADF group");
	ASSERT_HAS(out, "100 sh: read(42, 0x20, 10) = -1 EBADF", "fd example");
	/* the first example of a group shares its line */
	ASSERT_HAS(out, "22:13:20.000140  100 sh: openat(", "example column");
	fx_free(&x);
}

int main(void)
{
	RUN_TEST(test_failed_text);
	RUN_TEST(test_failed_flags);
	RUN_TEST(test_failed_filters);
	RUN_TEST(test_failed_json);
	RUN_TEST(test_errors);
	return TEST_EXIT();
}
