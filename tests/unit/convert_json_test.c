// SPDX-License-Identifier: MIT
/*
 * convert_json_test.c - the JSON writer (escaping of arbitrary bytes,
 * nesting, numbers) and the JSON lines emitter on hand-built events
 * (syscall with captures, unknown syscall, lost enter, process events,
 * loss). Everything in memory (open_memstream).
 */
#include <stdlib.h>
#include <string.h>

#include "emit.h"
#include "evargs.h"
#include "jsonw.h"
#include "test.h"

static char *esc(const void *s, size_t n)
{
	struct jsonw w;
	char *r;

	jsonw_init(&w);
	jsonw_strn(&w, s, n);
	r = strdup(jsonw_cstr(&w));
	jsonw_release(&w);
	return r;
}

#define CHECK_ESC(in, want) do {					\
	char *___g = esc((in), sizeof(in) - 1);				\
	ASSERT_STREQ(___g, (want), "escape " #in);			\
	free(___g);							\
} while (0)

static void test_escape(void)
{
	CHECK_ESC("plain", "\"plain\"");
	CHECK_ESC("a\"b\\c", "\"a\\\"b\\\\c\"");
	CHECK_ESC("\n\t\r\b\f", "\"\\n\\t\\r\\b\\f\"");
	CHECK_ESC("\x01\x1f\x7f", "\"\\u0001\\u001f\\u007f\"");
	CHECK_ESC("nul\0in", "\"nul\\u0000in\"");
	/* valid UTF-8 kept: é (2), € (3), 😀 (4 bytes) */
	CHECK_ESC("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80",
		  "\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"");
	/* invalid bytes become U+00XX, one per byte */
	CHECK_ESC("\xff", "\"\\u00ff\"");
	CHECK_ESC("a\xe9z", "\"a\\u00e9z\"");
	CHECK_ESC("\xc0\x80", "\"\\u00c0\\u0080\"");		/* overlong */
	CHECK_ESC("\xed\xa0\x80", "\"\\u00ed\\u00a0\\u0080\"");	/* surrogate */
	CHECK_ESC("\xf4\x90\x80\x80", "\"\\u00f4\\u0090\\u0080\\u0080\"");
	CHECK_ESC("\xe2\x82", "\"\\u00e2\\u0082\"");	/* cut sequence */
	CHECK_ESC("\xe0\x9f\xbf", "\"\\u00e0\\u009f\\u00bf\"");	/* overlong 3 */
	CHECK_ESC("\xf0\x8f\xbf\xbf", "\"\\u00f0\\u008f\\u00bf\\u00bf\"");
}

static void test_structure(void)
{
	struct jsonw w;

	jsonw_init(&w);
	jsonw_obj_open(&w);
	jsonw_kint(&w, "a", -1);
	jsonw_key(&w, "b");
	jsonw_arr_open(&w);
	jsonw_uint(&w, 0);
	jsonw_int(&w, INT64_MIN);
	jsonw_uint(&w, UINT64_MAX);
	jsonw_obj_open(&w);
	jsonw_obj_close(&w);
	jsonw_arr_open(&w);
	jsonw_arr_close(&w);
	jsonw_null(&w);
	jsonw_bool(&w, true);
	jsonw_arr_close(&w);
	jsonw_key(&w, "k\"");
	jsonw_hex(&w, "\x00\xab", 2);
	jsonw_kstr(&w, "n", NULL);
	jsonw_obj_close(&w);
	ASSERT_STREQ(jsonw_cstr(&w),
		"{\"a\":-1,\"b\":[0,-9223372036854775808,18446744073709551615,"
		"{},[],null,true],\"k\\\"\":\"00ab\",\"n\":null}", "nesting");
	/* a second top-level value after reset starts clean */
	jsonw_reset(&w);
	jsonw_obj_open(&w);
	jsonw_kint(&w, "x", 1);
	jsonw_obj_close(&w);
	ASSERT_STREQ(jsonw_cstr(&w), "{\"x\":1}", "reset");
	jsonw_release(&w);
}

/* --------------------------------------------------- emitter fixtures */

static const struct tl_syscall sc_openat = {
	.name = "openat", .nr = 257, .nargs = 4,
	.args = {
		{ "dfd", "int", NULL, TL_ARG_DIRFD, -1, 0 },
		{ "filename", "const char *", NULL, TL_ARG_PATH, -1, 0 },
		{ "flags", "int", "open_flags", TL_ARG_FLAGS, -1, 0 },
		{ "mode", "umode_t", NULL, TL_ARG_MODE, -1, 0 },
	},
};

static const struct tl_syscall sc_read = {
	.name = "read", .nr = 0, .nargs = 3,
	.args = {
		{ "fd", "unsigned int", NULL, TL_ARG_FD, -1, 0 },
		{ "buf", "char *", NULL, TL_ARG_BUF_OUT, -1, 0 },
		{ "count", "size_t", NULL, TL_ARG_UINT, -1, 0 },
	},
};

static const struct tl_syscall sc_execve = {
	.name = "execve", .nr = 59, .nargs = 3,
	.args = {
		{ "filename", "const char *", NULL, TL_ARG_PATH, -1, 0 },
		{ "argv", "const char *const *", NULL, TL_ARG_ARGV, -1, 0 },
		{ "envp", "const char *const *", NULL, TL_ARG_ENVP, -1, 0 },
	},
};

static const struct tl_syscall sc_connect = {
	.name = "connect", .nr = 42, .nargs = 3,
	.args = {
		{ "fd", "int", NULL, TL_ARG_FD, -1, 0 },
		{ "uservaddr", "struct sockaddr *", NULL, TL_ARG_SOCKADDR_IN, 2, 0 },
		{ "addrlen", "int", NULL, TL_ARG_INT, -1, 0 },
	},
};

static const struct tl_trace_info trace1 = { .id = 1, .name = "t1" };

#define WALL0	1700000000000000000ll

static struct tl_event base_ev(int type, int64_t ts)
{
	struct tl_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.type = (uint32_t)type;
	ev.ts = ts;
	ev.wall_ns = WALL0 + ts;
	ev.cpu = 1;
	ev.tid = 101;
	ev.pid = 100;
	ev.ppid = 1;
	ev.comm = "cat";
	ev.trace = &trace1;
	ev.abi = TL_ABI_X86_64;
	return ev;
}

/* Runs the JSON emitter over evs with the origin of relative times at
 * ts t0 (the main loop's first decoded event); returns the output. */
static char *run_json(const struct tl_event *evs, int n, int64_t t0)
{
	struct conv_opts o = { 0 };
	struct conv_ctx c = { 0 };
	char *buf = NULL;
	size_t len = 0;
	int i, err;

	o.out = open_memstream(&buf, &len);
	c.opts = &o;
	c.t0_ts = t0;
	c.t0_wall = WALL0 + t0;
	err = conv_json.begin(&c);
	ASSERT_OK(err, "begin");
	for (i = 0; i < n && !err; i++)
		err = conv_json.event(&c, &evs[i]);
	ASSERT_OK(err, "event");
	ASSERT_OK(conv_json.end(&c, false), "end");
	fclose(o.out);
	return buf;
}

/* Line `n` (0-based) of text, malloc'd. */
static char *line(const char *text, int n)
{
	const char *p = text, *e;

	while (n-- > 0 && p) {
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	if (!p || !*p)
		return strdup("");
	e = strchr(p, '\n');
	return strndup(p, e ? (size_t)(e - p) : strlen(p));
}

static void test_syscalls(void)
{
	static const uint8_t rbuf[] = "root:x\0\xff";
	static const uint8_t sa[16] = { 2, 0, 0x1f, 0x90, 127, 0, 0, 1 };
	static const char argv[] = "ls\0-l\0/tmp";
	struct tl_capture c_open = { .arg = 1, .kind = TL_CAPT_STR, .len = 11,
				     .full_len = 11,
				     .data = (const uint8_t *)"/etc/passwd" };
	struct tl_capture c_read = { .arg = 1, .kind = TL_CAPT_BUF,
				     .flags = TL_CAPTF_EXIT | TL_CAPTF_TRUNC,
				     .len = 8, .full_len = 100, .data = rbuf };
	struct tl_capture c_exec[3] = {
		{ .arg = 0, .kind = TL_CAPT_STR, .len = 7, .full_len = 7,
		  .data = (const uint8_t *)"/bin/ls" },
		{ .arg = 1, .kind = TL_CAPT_ARGV, .len = sizeof(argv),
		  .full_len = 3, .data = (const uint8_t *)argv },
		{ .arg = 2, .kind = TL_CAPT_COUNT, .len = 0, .full_len = 12 },
	};
	struct tl_capture c_conn = { .arg = 1, .kind = TL_CAPT_BUF, .len = 16,
				     .full_len = 16, .data = sa };
	struct tl_event evs[8];
	char *out, *l;

	/* openat failing with ENOENT: dfd -100 arrives zero-extended */
	evs[0] = base_ev(TL_EV_SYSCALL_EXIT, 2000);
	evs[0].flags = TL_EVF_HAS_ENTER | TL_EVF_HAS_RET;
	evs[0].nr = 257;
	evs[0].sc = &sc_openat;
	evs[0].name = "openat";
	evs[0].args[0] = 0xffffff9c;
	evs[0].args[1] = 0x7ffd0000;
	evs[0].args[2] = 0x80000;
	evs[0].ret = -2;
	evs[0].enter_ts = 1500;
	evs[0].exit_ts = 2000;
	evs[0].ncapt = 1;
	evs[0].capt = &c_open;
	/* read: a truncated binary buffer */
	evs[1] = base_ev(TL_EV_SYSCALL_EXIT, 3000);
	evs[1].flags = TL_EVF_HAS_ENTER | TL_EVF_HAS_RET;
	evs[1].sc = &sc_read;
	evs[1].name = "read";
	evs[1].args[0] = 3;
	evs[1].args[1] = 0x1000;
	evs[1].args[2] = 100;
	evs[1].ret = 100;
	evs[1].enter_ts = 2500;
	evs[1].exit_ts = 3000;
	evs[1].ncapt = 1;
	evs[1].capt = &c_read;
	/* an unknown syscall whose enter was lost */
	evs[2] = base_ev(TL_EV_SYSCALL_EXIT, 4000);
	evs[2].flags = TL_EVF_HAS_RET;
	evs[2].nr = 0x1b2;
	evs[2].name = "syscall_0x1b2";
	evs[2].ret = 0;
	evs[2].exit_ts = 4000;
	/* execve that never returned (the process was killed) */
	evs[3] = base_ev(TL_EV_SYSCALL_EXIT, 5000);
	evs[3].flags = TL_EVF_HAS_ENTER | TL_EVF_NORETURN;
	evs[3].nr = 59;
	evs[3].sc = &sc_execve;
	evs[3].name = "execve";
	evs[3].enter_ts = 4500;
	evs[3].ncapt = 3;
	evs[3].capt = c_exec;
	/* connect to 127.0.0.1:8080 refused */
	evs[4] = base_ev(TL_EV_SYSCALL_EXIT, 6000);
	evs[4].flags = TL_EVF_HAS_ENTER | TL_EVF_HAS_RET;
	evs[4].nr = 42;
	evs[4].sc = &sc_connect;
	evs[4].name = "connect";
	evs[4].args[0] = 3;
	evs[4].args[2] = 16;
	evs[4].ret = -111;
	evs[4].enter_ts = 5900;
	evs[4].exit_ts = 6000;
	evs[4].ncapt = 1;
	evs[4].capt = &c_conn;

	out = run_json(evs, 5, 1500);
	l = line(out, 0);
	ASSERT_STREQ(l, "{\"type\":\"meta\",\"version\":1,\"tool\":\"tl-convert "
		     TL_VERSION "\",\"files\":[]}", "meta");
	free(l);
	l = line(out, 1);
	ASSERT_STREQ(l, "{\"type\":\"syscall\",\"ts\":1700000000000001500,"
		     "\"rel_ns\":0,\"cpu\":1,\"pid\":100,\"tid\":101,\"ppid\":1,"
		     "\"comm\":\"cat\",\"trace\":\"t1\",\"abi\":\"x86_64\","
		     "\"syscall\":\"openat\",\"nr\":257,\"args\":{\"dfd\":-100,"
		     "\"filename\":\"/etc/passwd\",\"flags\":524288,\"mode\":0},"
		     "\"argstr\":{\"dfd\":\"AT_FDCWD\","
		     "\"flags\":\"O_RDONLY|O_CLOEXEC\"},"
		     "\"ret\":-2,\"errno\":\"ENOENT\",\"dur_ns\":500}", "openat");
	free(l);
	l = line(out, 2);
	ASSERT_STREQ(l, "{\"type\":\"syscall\",\"ts\":1700000000000002500,"
		     "\"rel_ns\":1000,\"cpu\":1,\"pid\":100,\"tid\":101,"
		     "\"ppid\":1,\"comm\":\"cat\",\"trace\":\"t1\","
		     "\"abi\":\"x86_64\",\"syscall\":\"read\",\"nr\":0,"
		     "\"args\":{\"fd\":3,\"buf\":\"root:x\\u0000\\u00ff\","
		     "\"buf_truncated\":true,\"count\":100},\"argstr\":{},\"ret\":100,"
		     "\"errno\":null,\"dur_ns\":500}", "read");
	free(l);
	l = line(out, 3);
	ASSERT_STREQ(l, "{\"type\":\"syscall\",\"ts\":1700000000000004000,"
		     "\"rel_ns\":2500,\"cpu\":1,\"pid\":100,\"tid\":101,"
		     "\"ppid\":1,\"comm\":\"cat\",\"trace\":\"t1\","
		     "\"abi\":\"x86_64\",\"syscall\":\"syscall_0x1b2\","
		     "\"nr\":434,\"args\":null,\"argstr\":null,\"ret\":0,\"errno\":null,"
		     "\"dur_ns\":null,\"enter_lost\":true}", "unknown");
	free(l);
	l = line(out, 4);
	ASSERT_STREQ(l, "{\"type\":\"syscall\",\"ts\":1700000000000004500,"
		     "\"rel_ns\":3000,\"cpu\":1,\"pid\":100,\"tid\":101,"
		     "\"ppid\":1,\"comm\":\"cat\",\"trace\":\"t1\","
		     "\"abi\":\"x86_64\",\"syscall\":\"execve\",\"nr\":59,"
		     "\"args\":{\"filename\":\"/bin/ls\",\"argv\":[\"ls\",\"-l\","
		     "\"/tmp\"],\"envp_count\":12},\"argstr\":{},\"ret\":null,\"errno\":null,"
		     "\"dur_ns\":null,\"noreturn\":true}", "execve");
	free(l);
	l = line(out, 5);
	ASSERT_STREQ(l, "{\"type\":\"syscall\",\"ts\":1700000000000005900,"
		     "\"rel_ns\":4400,\"cpu\":1,\"pid\":100,\"tid\":101,"
		     "\"ppid\":1,\"comm\":\"cat\",\"trace\":\"t1\","
		     "\"abi\":\"x86_64\",\"syscall\":\"connect\",\"nr\":42,"
		     "\"args\":{\"fd\":3,\"uservaddr\":{\"family\":\"AF_INET\","
		     "\"addr\":\"127.0.0.1\",\"port\":8080},\"addrlen\":16},"
		     "\"argstr\":{},\"ret\":-111,\"errno\":\"ECONNREFUSED\",\"dur_ns\":100}",
		     "connect");
	free(l);
	l = line(out, 6);
	ASSERT_STREQ(l, "", "no more lines");
	free(l);
	free(out);
}

static void test_process_events(void)
{
	static const char argv[] = "sh\0-c\0echo hi";
	struct tl_capture c_exec[2] = {
		{ .arg = 0, .kind = TL_CAPT_STR, .len = 7, .full_len = 7,
		  .data = (const uint8_t *)"/bin/sh" },
		{ .arg = 1, .kind = TL_CAPT_ARGV | 0, .flags = 0,
		  .len = sizeof(argv), .full_len = 4,
		  .data = (const uint8_t *)argv },
	};
	struct tl_event evs[6];
	char *out, *l;

	evs[0] = base_ev(TL_EV_FORK, 1000);
	evs[0].child_pid = 200;
	evs[0].child_tid = 200;
	/* execve enter (argv remembered), the exec, then execve's exit */
	evs[1] = base_ev(TL_EV_SYSCALL_ENTER, 2000);
	evs[1].tid = evs[1].pid = 200;
	evs[1].flags = TL_EVF_HAS_ENTER;
	evs[1].sc = &sc_execve;
	evs[1].name = "execve";
	evs[1].nr = 59;
	evs[1].ncapt = 2;
	evs[1].capt = c_exec;
	evs[2] = base_ev(TL_EV_EXEC, 2500);
	evs[2].tid = evs[2].pid = evs[2].old_tid = 200;
	evs[2].ppid = 100;
	evs[2].comm = "sh";
	evs[2].filename = "/bin/sh";
	evs[3] = base_ev(TL_EV_EXIT, 3000);
	evs[3].tid = evs[3].pid = 200;
	evs[3].exit_code = 9 | 0x80;		/* SIGKILL, core */
	evs[3].flags = TL_EVF_GROUP_DEAD;
	evs[4] = base_ev(TL_EV_LOST, 3500);
	evs[4].lost_kind = TL_LOST_GAP;
	evs[4].lost = 42;
	evs[5] = base_ev(TL_EV_EXIT, 4000);
	evs[5].exit_code = 3 << 8;

	out = run_json(evs, 6, 1000);
	l = line(out, 1);
	ASSERT_STREQ(l, "{\"type\":\"fork\",\"ts\":1700000000000001000,"
		     "\"rel_ns\":0,\"cpu\":1,\"pid\":100,\"tid\":101,\"ppid\":1,"
		     "\"comm\":\"cat\",\"trace\":\"t1\",\"child_pid\":200,"
		     "\"child_tid\":200,\"thread\":false}", "fork");
	free(l);
	l = line(out, 2);
	ASSERT_STREQ(l, "{\"type\":\"exec\",\"ts\":1700000000000002500,"
		     "\"rel_ns\":1500,\"cpu\":1,\"pid\":200,\"tid\":200,"
		     "\"ppid\":100,\"comm\":\"sh\",\"trace\":\"t1\","
		     "\"old_tid\":200,\"filename\":\"/bin/sh\",\"argv\":[\"sh\","
		     "\"-c\",\"echo hi\"],\"argv_truncated\":true}", "exec");
	free(l);
	l = line(out, 3);
	ASSERT_STREQ(l, "{\"type\":\"exit\",\"ts\":1700000000000003000,"
		     "\"rel_ns\":2000,\"cpu\":1,\"pid\":200,\"tid\":200,"
		     "\"ppid\":1,\"comm\":\"cat\",\"trace\":\"t1\","
		     "\"status\":137,\"code\":null,\"signal\":\"SIGKILL\","
		     "\"core_dumped\":true,\"group_dead\":true}", "killed");
	free(l);
	l = line(out, 4);
	ASSERT_STREQ(l, "{\"type\":\"lost\",\"ts\":1700000000000003500,"
		     "\"rel_ns\":2500,\"cpu\":1,\"trace\":\"t1\",\"kind\":\"gap\","
		     "\"count\":42}", "lost");
	free(l);
	l = line(out, 5);
	ASSERT_STREQ(l, "{\"type\":\"exit\",\"ts\":1700000000000004000,"
		     "\"rel_ns\":3000,\"cpu\":1,\"pid\":100,\"tid\":101,"
		     "\"ppid\":1,\"comm\":\"cat\",\"trace\":\"t1\",\"status\":768,"
		     "\"code\":3,\"signal\":null,\"core_dumped\":false,"
		     "\"group_dead\":false}", "exit 3");
	free(l);
	free(out);
}

static void test_arg_values(void)
{
	struct tl_event ev = base_ev(TL_EV_SYSCALL_EXIT, 1);
	int64_t s;
	uint64_t u;

	ev.sc = &sc_read;
	ev.flags = TL_EVF_HAS_ENTER;
	ev.args[0] = 0xffffffff00000005ull;	/* garbage upper half */
	ev.args[2] = 0x100000000ull;		/* size_t keeps 64 bits */
	ASSERT_TRUE(evargs_value(&ev, 0, &s, &u), "fd is signed");
	ASSERT_EQ(s, 5, "fd cut to int");
	ASSERT_TRUE(!evargs_value(&ev, 2, &s, &u), "count unsigned");
	ASSERT_EQ(u, 0x100000000ull, "size_t wide");
	ev.abi = TL_ABI_I386;
	evargs_value(&ev, 2, &s, &u);
	ASSERT_EQ(u, 0, "i386: 32 bits");
	ASSERT_TRUE(evargs_is_err(-4095) && !evargs_is_err(-4096) &&
		    !evargs_is_err(0), "error range");
}

int main(void)
{
	RUN_TEST(test_escape);
	RUN_TEST(test_structure);
	RUN_TEST(test_syscalls);
	RUN_TEST(test_process_events);
	RUN_TEST(test_arg_values);
	return TEST_EXIT();
}
