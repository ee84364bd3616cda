// SPDX-License-Identifier: MIT
/*
 * analyze_exectree_test.c - exec-tree over hand-made fork/exec/exit
 * sequences: tree shape and box drawing, exec chains in one pid, exit
 * codes and signals, still running at dump, processes that started
 * before the trace (snapshot start time, anchored parent), pid reuse,
 * subtree selection with --pid/--comm, and the JSON nesting.
 */
#include "analyze_fixture.h"
#include "queries.h"

static void feed_tree(struct fx *x)
{
	static const char bash_argv[] = "bash\0-l";
	static const char sh_argv[] = "sh\0-c\0echo 3*7*2 | bc";
	static const char cat_argv[] = "cat\0/tmp/file-3240";
	static const char bc_argv[] = "bc";
	static const char crash_argv[] = "./crash\0--now";

	/* 50 is the shell that started it all, alive at dump, seen only
	 * through the snapshot (it makes no syscall in the window) */
	fx_snapshot(x, 50, 1, "bash", "/root", bash_argv, sizeof(bash_argv),
		    FX_T0 - 60000000000ll, true);
	/* 100 started 2 s before the trace window */
	fx_snapshot(x, 100, 50, "sh", "/root", sh_argv, sizeof(sh_argv),
		    FX_T0 - 2000000000ll, false);
	fx_sys(x, 0, 100, "getpid", 100, 1, 0);
	fx_feed(x);
	fx_fork(x, 100, 100, 101);
	fx_exec(x, 200, 101, "/usr/bin/bc", "bc", bc_argv, sizeof(bc_argv), 1);
	fx_fork(x, 300, 100, 102);
	fx_exec(x, 400, 102, "/bin/sh", "sh", sh_argv, sizeof(sh_argv), 3);
	fx_exec(x, 500, 102, "/usr/bin/cat", "cat", cat_argv, sizeof(cat_argv), 2);
	fx_exit(x, 1100, 101, 0);		/* exited with 0 */
	fx_exit(x, 1300, 102, 1 << 8);		/* exited with 1 */
	fx_fork(x, 1400, 100, 103);
	fx_exec(x, 1500, 103, "./crash", "crash", crash_argv, sizeof(crash_argv), 2);
	fx_exit(x, 2500, 103, 11 | 0x80);	/* SIGSEGV, core dumped */
	fx_fork(x, 3000, 100, 104);		/* never exits: running at dump */
	fx_exit(x, 4000, 100, 0);
	/* pid 101 reused by a new child of 104 */
	fx_fork(x, 5000, 104, 101);
	fx_exit(x, 6000, 101, 9);		/* SIGKILL */
}

static void test_tree_text(void)
{
	struct fx x;
	const char *out;
	const char *want =
"PROCESS                START             DURATION  END                              COMMAND\n"
"50 bash                22:12:20.000000  70.000000  still running                    bash -l\n"
"\u2514\u2500 100 sh              22:13:18.000000   2.004000  exited with 0                    sh -c 'echo 3*7*2 | bc'\n"
"   \u251c\u2500 101 sh           22:13:20.000100   0.001000  exited with 0                    sh -c 'echo 3*7*2 | bc'\n"
"   \u2502     \u21b3 exec bc     22:13:20.000200                                              bc\n"
"   \u251c\u2500 102 sh           22:13:20.000300   0.001000  exited with 1                    sh -c 'echo 3*7*2 | bc'\n"
"   \u2502     \u21b3 exec sh     22:13:20.000400                                              sh -c 'echo 3*7*2 | bc'\n"
"   \u2502     \u21b3 exec cat    22:13:20.000500                                              cat /tmp/file-3240\n"
"   \u251c\u2500 103 sh           22:13:20.001400   0.001100  killed by SIGSEGV (core dumped)  sh -c 'echo 3*7*2 | bc'\n"
"   \u2502     \u21b3 exec crash  22:13:20.001500                                              ./crash --now\n"
"   \u2514\u2500 104 sh           22:13:20.003000   9.997000  still running                    sh -c 'echo 3*7*2 | bc'\n"
"      \u2514\u2500 101 sh        22:13:20.005000   0.001000  killed by SIGKILL                sh -c 'echo 3*7*2 | bc'\n";

	fx_init(&x, &ana_q_exectree);
	fx_start(&x);
	feed_tree(&x);
	out = fx_end(&x);
	ASSERT_STREQ(out, want, "exec-tree text");
	fx_free(&x);
}

static void test_tree_select(void)
{
	struct fx x;
	const char *out;
	uint32_t pid = 104;
	char *comm = "cat";

	fx_init(&x, &ana_q_exectree);
	x.opts.pids = &pid;
	x.opts.npids = 1;
	fx_start(&x);
	feed_tree(&x);
	out = fx_end(&x);
	/* 104's subtree only: 104 is the root, the reused 101 under it */
	ASSERT_TRUE(strncmp(out, "PROCESS", 7) == 0, "header");
	ASSERT_HAS(out, "\n104 sh ", "104 is a root");
	ASSERT_HAS(out, "\u2514\u2500 101 sh", "its child");
	ASSERT_HASNT(out, "bash", "no ancestors");
	ASSERT_HASNT(out, "crash", "no siblings");
	fx_free(&x);

	fx_init(&x, &ana_q_exectree);
	x.opts.comms = &comm;
	x.opts.ncomms = 1;
	fx_start(&x);
	feed_tree(&x);
	out = fx_end(&x);
	ASSERT_HAS(out, "\n102 sh ", "the process that exec'd cat is the root");
	ASSERT_HAS(out, "exec cat", "its chain");
	ASSERT_HASNT(out, "exec bc", "others dropped");
	fx_free(&x);
}

static void test_tree_json(void)
{
	struct fx x;
	const char *out;

	fx_init(&x, &ana_q_exectree);
	x.opts.json = true;
	fx_start(&x);
	feed_tree(&x);
	out = fx_end(&x);
	ASSERT_HAS(out, "\"roots\":[{\"pid\":50,\"ppid\":1,\"comm\":\"bash\",\"argv\":[\"bash\",\"-l\"]",
		   "root");
	ASSERT_HAS(out, "\"pid\":103,\"ppid\":100", "103");
	ASSERT_HAS(out, "\"end\":\"killed\",\"signal\":\"SIGSEGV\",\"core_dumped\":true", "signal");
	ASSERT_HAS(out, "\"end\":\"exited\",\"exit_code\":1", "exit code");
	ASSERT_HAS(out, "{\"ts_ns\":1700000000000500000,\"filename\":\"/usr/bin/cat\",\"comm\":\"cat\","
		   "\"argv\":[\"cat\",\"/tmp/file-3240\"],\"argv_truncated\":false}", "exec");
	ASSERT_HAS(out, "\"pid\":104,\"ppid\":100", "104");
	ASSERT_HAS(out, "\"end\":\"running\"", "running");
	ASSERT_HAS(out, "\"before_trace\":true", "before trace");
	fx_free(&x);
}

/*
 * A process whose comm at start is unknown ("?", as for the command
 * tl-record starts: its trace begins at its own execve) is named after
 * its first exec, else after argv[0]'s basename (cut like a comm), and
 * stays "?" when the trace holds neither.
 */
static void feed_unnamed(struct fx *x)
{
	static const char sh_argv[] = "sh\0-c\0exec true";
	static const char true_argv[] = "true";
	static const char long_argv[] = "/opt/x/long-running-daemon-name\0-v";

	/* 10: one call under no name, then sh, then true */
	fx_sys(x, 0, 10, "getpid", 10, 1, 0);
	fx_feed(x);
	fx_exec(x, 100, 10, "/usr/bin/sh", "sh", sh_argv, sizeof(sh_argv), 3);
	fx_exec(x, 200, 10, "/usr/bin/true", "true", true_argv, sizeof(true_argv), 1);
	fx_exit(x, 300, 10, 0);
	/* 20: in the snapshot without a comm, with its argv; no exec */
	fx_snapshot(x, 20, 1, "?", "/", long_argv, sizeof(long_argv),
		    FX_T0 - 1000000000ll, true);
	fx_sys(x, 400, 20, "getpid", 20, 1, 0);
	fx_feed(x);
	/* 30: nothing known at all */
	fx_sys(x, 500, 30, "getpid", 30, 1, 0);
	fx_feed(x);
}

static void test_tree_root_name(void)
{
	struct fx x;
	const char *out;

	fx_init(&x, &ana_q_exectree);
	fx_start(&x);
	feed_unnamed(&x);
	out = fx_end(&x);
	ASSERT_HAS(out, "\n10 sh ", "named after its first exec");
	ASSERT_HAS(out, "\u21b3 exec true ", "its second exec still listed");
	ASSERT_HAS(out, "\n20 long-running-da ", "argv[0]'s basename, cut at 15");
	ASSERT_HAS(out, "\n30 ? ", "nothing known: ?");
	fx_free(&x);

	fx_init(&x, &ana_q_exectree);
	x.opts.json = true;
	fx_start(&x);
	feed_unnamed(&x);
	out = fx_end(&x);
	ASSERT_HAS(out, "{\"pid\":10,\"ppid\":0,\"comm\":\"sh\",", "JSON: first exec");
	ASSERT_HAS(out, "{\"pid\":20,\"ppid\":1,\"comm\":\"long-running-da\",", "JSON: argv[0]");
	ASSERT_HAS(out, "{\"pid\":30,\"ppid\":0,\"comm\":\"?\",", "JSON: unknown");
	fx_free(&x);
}

/* 200 children of one parent (a fork bomb): all listed, in order. */
static void test_tree_many(void)
{
	struct fx x;
	const char *out, *p;
	int i, n = 0;

	fx_init(&x, &ana_q_exectree);
	fx_start(&x);
	fx_comm(&x, 10, "bomb");
	for (i = 0; i < 200; i++)
		fx_fork(&x, 10 + i, 10, 1000 + (uint32_t)i);
	for (i = 0; i < 200; i++)
		fx_exit(&x, 1000 + i, 1000 + (uint32_t)i, 0);
	out = fx_end(&x);
	for (p = out; (p = strstr(p, " bomb ")); p++)
		n++;
	ASSERT_EQ(n, 201, "201 processes");
	ASSERT_HAS(out, "\u251c\u2500 1000 bomb", "first child");
	ASSERT_HAS(out, "\u2514\u2500 1199 bomb", "last child");
	fx_free(&x);
}

int main(void)
{
	RUN_TEST(test_tree_text);
	RUN_TEST(test_tree_select);
	RUN_TEST(test_tree_json);
	RUN_TEST(test_tree_root_name);
	RUN_TEST(test_tree_many);
	return TEST_EXIT();
}
