// SPDX-License-Identifier: MIT
/*
 * convert_units_test.c - tl-convert's building blocks: strace string
 * quoting (checked against Debian's strace 6.1 output for the same bytes),
 * flag printing in the three -X styles, the u64 hash map, the printer
 * table order, and the filters (syscall names and classes, pids, comms,
 * --failed, time ranges), and the symbolic argument text (argfmt.h) that
 * JSON, SQLite and tl-analyze share with the strace output.
 */
#include <stdlib.h>
#include <string.h>

#include "argfmt.h"
#include "escape.h"
#include "filter.h"
#include "flags.h"
#include "hmap.h"
#include "sbuf.h"
#include "sfmt.h"
#include "test.h"

static char out[4096];

static const char *q(const void *s, size_t len, size_t max, bool more, int x,
		     bool cstr)
{
	struct sbuf sb;

	sbuf_init(&sb, 16);		/* small: exercises growth */
	quote_str(&sb, s, len, max, more, x, cstr);
	sbuf_putc(&sb, 0);
	snprintf(out, sizeof(out), "%s", sb.buf);
	sbuf_release(&sb);
	return out;
}

static void test_quote(void)
{
	/* strace -s 32 of write(3, "\0018\0017\0" "9\x7f" "1\xff" "a\033[0m\"\\\t\n", 17) */
	ASSERT_STREQ(q("\0018\0017\0" "9\x7f" "1\xff" "a\033[0m\"\\\t\n", 17, 32,
		       false, QX_NONE, false),
		     "\"\\18\\0017\\09\\1771\\377a\\33[0m\\\"\\\\\\t\"", "octal rules");
	ASSERT_STREQ(q("\1\2\3", 3, 32, false, QX_NONE, false), "\"\\1\\2\\3\"", "short octal");
	ASSERT_STREQ(q("abc\x80", 4, 32, false, QX_NONASCII, false),
		     "\"\\x61\\x62\\x63\\x80\"", "-x hex when non-ASCII");
	ASSERT_STREQ(q("abc\tdef\n", 8, 32, false, QX_NONASCII, false),
		     "\"abc\\tdef\\n\"", "-x keeps whitespace escapes");
	ASSERT_STREQ(q("", 0, 32, false, QX_NONE, false), "\"\"", "empty");
	ASSERT_STREQ(q("0123456789", 10, 4, false, QX_NONE, false), "\"0123\"...", "-s cut");
	ASSERT_STREQ(q("hello", 5, 5, false, QX_NONE, false), "\"hello\"", "exactly -s");
	ASSERT_STREQ(q("hel", 3, 32, true, QX_NONE, false), "\"hel\"...", "cut before us");
	ASSERT_STREQ(q("ab\0cd", 5, 32, true, QX_NONE, true), "\"ab\"", "C string ends at NUL");
	ASSERT_STREQ(q("/x", 2, 32, false, QX_ALL, true), "\"\\x2f\\x78\"", "-xx");
	ASSERT_STREQ(q("\x1b", 1, 32, false, QX_NONE, false), "\"\\33\"", "ESC");
	ASSERT_STREQ(q("\x1b" "7", 2, 32, false, QX_NONE, false), "\"\\0337\"", "ESC then digit");
}

static const char *fl(const struct xlat *x, uint64_t v, int style, bool xv)
{
	struct sbuf sb;

	sbuf_init(&sb, 0);
	if (xv)
		print_xval(&sb, x, v, style);
	else
		print_flags(&sb, x, v, style);
	sbuf_putc(&sb, 0);
	snprintf(out, sizeof(out), "%s", sb.buf);
	sbuf_release(&sb);
	return out;
}

static void test_flags(void)
{
	/* all as strace 6.1 printed them */
	ASSERT_STREQ(fl(&xl_mmap_prot, 0, XS_ABBREV, false), "PROT_NONE", "zero name");
	ASSERT_STREQ(fl(&xl_mmap_prot, 8, XS_ABBREV, false), "PROT_SEM", "one");
	ASSERT_STREQ(fl(&xl_wait_options, 0xffffffff, XS_ABBREV, false),
		     "WNOHANG|WEXITED|WSTOPPED|WCONTINUED|WNOWAIT|__WCLONE|__WALL|__WNOTHREAD|0x1efffff0",
		     "order and remainder");
	ASSERT_STREQ(fl(&xl_msg_flags, 0x4000, XS_ABBREV, false), "MSG_NOSIGNAL", "msg");
	ASSERT_STREQ(fl(&xl_epoll_ctl, 7, XS_ABBREV, true), "0x7 /* EPOLL_CTL_??? */", "unknown enum");
	ASSERT_STREQ(fl(&xl_seek_whence, 9, XS_ABBREV, true), "0x9 /* SEEK_??? */", "unknown whence");
	ASSERT_STREQ(fl(&xl_seek_whence, 2, XS_RAW, true), "0x2", "raw enum");
	ASSERT_STREQ(fl(&xl_seek_whence, 2, XS_VERBOSE, true), "0x2 /* SEEK_END */", "verbose enum");
	ASSERT_STREQ(fl(&xl_grnd_flags, 0xffffffff, XS_ABBREV, false),
		     "GRND_NONBLOCK|GRND_RANDOM|GRND_INSECURE|0xfffffff8", "grnd");
	ASSERT_STREQ(fl(&xl_grnd_flags, 0x100, XS_ABBREV, false), "0x100 /* GRND_??? */", "no name at all");
	ASSERT_STREQ(fl(&xl_grnd_flags, 3, XS_VERBOSE, false),
		     "0x3 /* GRND_NONBLOCK|GRND_RANDOM */", "verbose flags");
	ASSERT_STREQ(fl(&xl_ipproto, 17, XS_ABBREV, true), "IPPROTO_UDP", "ipproto");
	ASSERT_TRUE(xlat_by_fmt("at_flags") == &xl_at_flags, "fmt name");
	ASSERT_TRUE(xlat_by_fmt("nosuch") == NULL, "unknown fmt name");
}

static void test_hmap(void)
{
	struct hmap m = { 0 };
	uint64_t i, *v;
	int bad = 0;

	for (i = 1; i <= 5000; i++)
		ASSERT_OK(hmap_put(&m, i * 7919, i), "put");
	ASSERT_EQ(m.n, 5000, "count");
	for (i = 1; i <= 5000; i += 2)
		ASSERT_TRUE(hmap_del(&m, i * 7919), "del");
	ASSERT_TRUE(!hmap_del(&m, 7919), "del twice");
	for (i = 1; i <= 5000; i++) {
		v = hmap_get(&m, i * 7919);
		if ((i & 1) ? v != NULL : (!v || *v != i))
			bad++;
	}
	ASSERT_EQ(bad, 0, "lookups after deletes");
	ASSERT_EQ(m.n, 2500, "count after deletes");
	hmap_release(&m);
}

static void test_table(void)
{
	ASSERT_EQ(sfmt_check_table(), -1, "printer rows sorted by name");
	ASSERT_NONNULL(sfmt_lookup("openat"), "openat row");
	ASSERT_NONNULL(sfmt_lookup("write"), "last row");
	ASSERT_NONNULL(sfmt_lookup("accept"), "first row");
	ASSERT_TRUE(sfmt_lookup("nosuchcall") == NULL, "no row");
}

static void test_filters(void)
{
	const struct tl_systable *t = tl_systable_builtin(TL_ABI_X86_64);
	struct conv_filter f = { 0 };
	struct tl_event ev = { 0 };
	struct tl_trace_info tr = { .id = 7, .name = "web" };
	char err[256];

	ev.type = TL_EV_SYSCALL_EXIT;
	ev.flags = TL_EVF_HAS_ENTER | TL_EVF_HAS_RET;
	ev.sc = tl_systable__find(t, "openat");
	ev.name = "openat";
	ev.pid = 10;
	ev.tid = 11;
	ev.comm = "cat";
	ev.wall_ns = 1000000000;
	ev.trace = &tr;

	ASSERT_OK(filter_set_syscalls(&f, "trace=%file", err), "class");
	ASSERT_TRUE(filter_match(&f, &ev, 0), "openat is %file");
	ev.sc = tl_systable__find(t, "write");
	ev.name = "write";
	ASSERT_TRUE(!filter_match(&f, &ev, 0), "write is not %file");
	filter_release(&f);

	ASSERT_OK(filter_set_syscalls(&f, "trace=!write,read", err), "negation");
	ASSERT_TRUE(!filter_match(&f, &ev, 0), "write excluded");
	ev.sc = tl_systable__find(t, "close");
	ev.name = "close";
	ASSERT_TRUE(filter_match(&f, &ev, 0), "close passes");
	filter_release(&f);
	ASSERT_ERR(filter_set_syscalls(&f, "trace=nosuchcall", err), "bad name");
	ASSERT_ERR(filter_set_syscalls(&f, "trace=%nosuch", err), "bad class");
	filter_release(&f);

	ASSERT_OK(filter_add_pids(&f, "11,99", err), "pids");
	ASSERT_TRUE(filter_match(&f, &ev, 0), "tid matches");
	ev.tid = ev.pid = 12;
	ASSERT_TRUE(!filter_match(&f, &ev, 0), "other pid");
	ASSERT_ERR(filter_add_pids(&f, "x", err), "bad pid");
	filter_release(&f);

	ASSERT_OK(filter_add_comms(&f, "sh,cat", err), "comms");
	ASSERT_TRUE(filter_match(&f, &ev, 0), "comm");
	ev.comm = "ls";
	ASSERT_TRUE(!filter_match(&f, &ev, 0), "other comm");
	filter_release(&f);

	ASSERT_OK(filter_add_traces(&f, "web", err), "trace name");
	ASSERT_TRUE(filter_match(&f, &ev, 0), "trace by name");
	filter_release(&f);
	ASSERT_OK(filter_add_traces(&f, "7", err), "trace id");
	ASSERT_TRUE(filter_match(&f, &ev, 0), "trace by id");
	filter_release(&f);
	ASSERT_OK(filter_add_traces(&f, "db", err), "trace other");
	ASSERT_TRUE(!filter_match(&f, &ev, 0), "other trace");
	filter_release(&f);

	f.failed = true;
	ev.ret = 3;
	ASSERT_TRUE(!filter_match(&f, &ev, 0), "success dropped");
	ev.ret = -2;
	ASSERT_TRUE(filter_match(&f, &ev, 0), "failure kept");
	ev.type = TL_EV_EXIT;
	ASSERT_TRUE(filter_match(&f, &ev, 0), "process events pass");
	ev.type = TL_EV_SYSCALL_EXIT;
	filter_release(&f);

	ASSERT_OK(filter_parse_time("+500ms", &f.since, err), "relative");
	ASSERT_EQ(f.since.kind, CONV_AT_REL, "relative kind");
	ASSERT_OK(filter_parse_time("@1.25", &f.until, err), "absolute");
	ASSERT_EQ(f.until.ns, 1250000000, "absolute ns");
	ev.wall_ns = 500000000 + 400000000;	/* t0 + 400ms */
	ASSERT_TRUE(!filter_match(&f, &ev, 500000000), "before --since");
	f.resolved = false;
	ev.wall_ns = 500000000 + 600000000;
	ASSERT_TRUE(filter_match(&f, &ev, 500000000), "inside");
	ev.wall_ns = 1300000000;
	ASSERT_TRUE(!filter_match(&f, &ev, 500000000), "after --until");
	ASSERT_ERR(filter_parse_time("yesterday", &f.since, err), "bad time");
	ASSERT_OK(filter_parse_time("10:00:00.5", &f.since, err), "clock");
	ASSERT_EQ(f.since.ns, 36000500000000ll, "clock ns");
	filter_release(&f);
}

/* argfmt_arg() of argument i as a C string ("" when it has none). */
static const char *af(const struct tl_event *ev, unsigned int i)
{
	struct sbuf sb = { 0 };

	out[0] = 0;
	if (argfmt_arg(ev, i, &sb)) {
		sbuf_putc(&sb, 0);
		snprintf(out, sizeof(out), "%s", sb.buf);
	}
	sbuf_release(&sb);
	return out;
}

static void test_argfmt(void)
{
	const struct tl_systable *t = tl_systable_builtin(TL_ABI_X86_64);
	struct tl_event ev = { 0 };
	struct argfmt_spans sp;
	struct sbuf sb = { 0 };

	ev.type = TL_EV_SYSCALL_EXIT;
	ev.abi = TL_ABI_X86_64;
	ev.flags = TL_EVF_HAS_ENTER | TL_EVF_HAS_RET;
	ev.sc = tl_systable__find(t, "openat");
	ev.name = "openat";
	ev.args[0] = (uint32_t)-100;	/* upper half zero, as recorded */
	ev.args[2] = 02000000;		/* O_CLOEXEC */
	ev.args[3] = 0644;
	ASSERT_STREQ(af(&ev, 0), "AT_FDCWD", "dirfd AT_FDCWD");
	ASSERT_STREQ(af(&ev, 1), "", "path has no symbolic form");
	ASSERT_STREQ(af(&ev, 2), "O_RDONLY|O_CLOEXEC", "open flags");
	ASSERT_STREQ(af(&ev, 3), "", "mode hidden without O_CREAT (strace)");
	ev.args[2] = 01101;		/* O_WRONLY|O_CREAT|O_TRUNC */
	ASSERT_STREQ(af(&ev, 3), "0644", "mode with O_CREAT");
	ASSERT_EQ(argfmt_event(&ev, &sb, &sp), 0xdu, "mask: dfd, flags, mode");
	ASSERT_MEMEQ(sb.buf + sp.off[2], "O_WRONLY|O_CREAT|O_TRUNC",
		     sp.len[2], "span of flags");
	ASSERT_EQ(sp.len[2], 24u, "span length");
	ev.args[0] = 5;
	ASSERT_STREQ(af(&ev, 0), "", "a plain dirfd");
	ev.flags = TL_EVF_HAS_RET;	/* enter lost */
	sb.len = 0;
	ASSERT_EQ(argfmt_event(&ev, &sb, &sp), 0u, "nothing without the enter");
	ASSERT_EQ(sb.len, 0u, "nothing appended");

	ev.flags = TL_EVF_HAS_ENTER | TL_EVF_HAS_RET;
	ev.sc = tl_systable__find(t, "kill");
	ev.name = "kill";
	ev.args[0] = 42;
	ev.args[1] = 15;
	ASSERT_STREQ(af(&ev, 0), "", "pid");
	ASSERT_STREQ(af(&ev, 1), "SIGTERM", "signal");
	ev.sc = tl_systable__find(t, "mmap");
	ev.name = "mmap";
	ev.args[2] = 3;
	ev.args[3] = 0x22;
	ASSERT_STREQ(af(&ev, 2), "PROT_READ|PROT_WRITE", "mmap prot");
	ASSERT_STREQ(af(&ev, 3), "MAP_PRIVATE|MAP_ANONYMOUS", "mmap flags");
	ev.sc = tl_systable__find(t, "fcntl");
	ev.name = "fcntl";
	ev.args[1] = 4;			/* F_SETFL */
	ev.args[2] = 04000;		/* O_NONBLOCK */
	ASSERT_STREQ(af(&ev, 1), "F_SETFL", "fcntl command");
	ASSERT_STREQ(af(&ev, 2), "O_RDONLY|O_NONBLOCK", "F_SETFL argument");
	ev.args[1] = 0;			/* F_DUPFD: a number */
	ASSERT_STREQ(af(&ev, 2), "", "F_DUPFD argument");
	sbuf_release(&sb);
}

int main(void)
{
	RUN_TEST(test_quote);
	RUN_TEST(test_flags);
	RUN_TEST(test_hmap);
	RUN_TEST(test_table);
	RUN_TEST(test_filters);
	RUN_TEST(test_argfmt);
	return TEST_EXIT();
}
