// SPDX-License-Identifier: MIT
/*
 * analyze_out_test.c - tl-analyze's helpers: JSON and HTML escaping,
 * table alignment with UTF-8, path joining, argv quoting, sockaddr
 * decoding, --since/--until parsing and the hash table.
 */
#include <stdlib.h>
#include <time.h>

#include "ana.h"
#include "engine.h"
#include "htab.h"
#include "out.h"
#include "sockaddr.h"
#include "test.h"

static char *capture_json(void (*fn)(struct ana_jw *w))
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct ana_jw w;

	ana_jw_init(&w, f);
	fn(&w);
	fclose(f);
	return buf;
}

static void json_doc(struct ana_jw *w)
{
	ana_jw_obj(w);
	ana_jw_kstr(w, "a", "q\"b\\s\n\x01");
	ana_jw_key(w, "bad");
	ana_jw_strn(w, "\xff\xc3\xa9", 3);	/* invalid byte, then é */
	ana_jw_key(w, "arr");
	ana_jw_arr(w);
	ana_jw_int(w, -1);
	ana_jw_uint(w, 18446744073709551615ull);
	ana_jw_null(w);
	ana_jw_bool(w, true);
	ana_jw_arr_end(w);
	ana_jw_kstr(w, "n", NULL);
	ana_jw_obj_end(w);
}

static void test_json(void)
{
	char *s = capture_json(json_doc);

	ASSERT_STREQ(s, "{\"a\":\"q\\\"b\\\\s\\n\\u0001\",\"bad\":\"\\u00ff\xc3\xa9\","
		     "\"arr\":[-1,18446744073709551615,null,true],\"n\":null}\n", "json");
	free(s);
}

static void test_table(void)
{
	static const struct ana_col cols[] = {
		{ "A", "a", ANA_RIGHT, false },
		{ "TREE", "t", ANA_LEFT, false },
		{ "HIDDEN", "h", ANA_LEFT, true },
		{ "LAST", "l", ANA_LEFT, false },
	};
	struct ana_table *t = ana_table__new(cols, 4);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ASSERT_OK(ana_table__row(t), "row");
	ASSERT_OK(ana_table__int(t, 0, 7), "int");
	ASSERT_OK(ana_table__str(t, 1, "\u251c\u2500 x"), "utf8");
	ASSERT_OK(ana_table__str(t, 2, "nope"), "hidden");
	ASSERT_OK(ana_table__str(t, 3, "end"), "last");
	ASSERT_OK(ana_table__row(t), "row");
	ASSERT_OK(ana_table__int(t, 0, 1234), "int");
	ASSERT_OK(ana_table__str(t, 1, "<&>"), "str");
	ana_table__print_text(t, f, 1);
	fflush(f);
	ASSERT_STREQ(buf, "    A  TREE  LAST\n"
			  "    7  \u251c\u2500 x  end\n"
			  " 1234  <&>   \n", "text");
	fclose(f);
	free(buf);
	buf = NULL;
	f = open_memstream(&buf, &len);
	ana_table__print_html(t, f, "k");
	fflush(f);
	ASSERT_TRUE(strstr(buf, "<td>&lt;&amp;&gt;</td>") != NULL, "html escaped");
	ASSERT_TRUE(strstr(buf, "HIDDEN") == NULL, "json-only column not in html");
	fclose(f);
	free(buf);
	ana_table__free(t);
}

static void test_paths(void)
{
	char *s;

	s = ana_path_join("/home/u", "a/./b//c");
	ASSERT_STREQ(s, "/home/u/a/b/c", "join");
	free(s);
	s = ana_path_join("/", "etc");
	ASSERT_STREQ(s, "/etc", "root");
	free(s);
	s = ana_path_join("/tmp/", "../x");
	ASSERT_STREQ(s, "/tmp/../x", ".. kept");
	free(s);
	s = ana_path_join("/tmp", ".");
	ASSERT_STREQ(s, "/tmp", "dot");
	free(s);
	s = ana_argv_text("sh\0-c\0echo 'hi' | bc\0", 21, false, 100);
	ASSERT_STREQ(s, "sh -c 'echo '\\''hi'\\'' | bc'", "quoting");
	free(s);
	s = ana_argv_text("ls\0", 3, true, 100);
	ASSERT_STREQ(s, "ls ...", "truncated");
	free(s);
}

static void test_sockaddr(void)
{
	static const uint8_t in4[16] = { 2, 0, 0x1f, 0x90, 192, 168, 0, 1 };
	static const uint8_t un_abs[8] = { 1, 0, 0, 'a', 'b', 'c' };
	static const uint8_t nl[12] = { 16, 0, 0, 0, 5, 0, 0, 0, 1, 0, 0, 0 };
	char buf[128];

	ASSERT_EQ(ana_sockaddr_str(in4, 16, buf, sizeof(buf)), 2, "inet");
	ASSERT_STREQ(buf, "192.168.0.1:8080", "inet text");
	ana_sockaddr_str(un_abs, 6, buf, sizeof(buf));
	ASSERT_STREQ(buf, "@abc", "abstract unix");
	ana_sockaddr_str(nl, 12, buf, sizeof(buf));
	ASSERT_STREQ(buf, "netlink:pid=5,groups=0x1", "netlink");
	ASSERT_EQ(ana_sockaddr_str(in4, 1, buf, sizeof(buf)), 0, "too short");
	ASSERT_STREQ(ana_sock_proto(2, 2, 0, buf, sizeof(buf)), "udp", "udp");
}

static void test_times(void)
{
	int64_t t;

	setenv("TZ", "UTC", 1);
	tzset();
	ASSERT_OK(ana_parse_time("1.5s", 1000, &t), "duration");
	ASSERT_EQ(t, 1500001000, "first + 1.5s");
	ASSERT_OK(ana_parse_time("@1700000000.25", 0, &t), "epoch");
	ASSERT_EQ(t, 1700000000250000000ll, "epoch value");
	ASSERT_OK(ana_parse_time("22:13:21.5", 1700000000000000000ll, &t), "clock");
	ASSERT_EQ(t, 1700000001500000000ll, "same day");
	ASSERT_ERR(ana_parse_time("soon", 0, &t), "garbage");
	ASSERT_ERR(ana_parse_time("25:00:00", 0, &t), "bad hour");
}

struct item {
	struct ana_hnode hn;
	int key;
};

static int item_eq(const struct ana_hnode *n, const void *k)
{
	return ana_container_of(n, struct item, hn)->key == *(const int *)k;
}

static void test_htab(void)
{
	static struct item items[1000];
	struct ana_htab h;
	struct ana_hnode **all;
	size_t n;
	int i, k;

	ana_htab_init(&h);
	for (i = 0; i < 1000; i++) {
		items[i].key = i;
		ASSERT_OK(ana_htab__add(&h, &items[i].hn, ana_hash_u64(1, (uint64_t)i)), "add");
	}
	k = 777;
	ASSERT_TRUE(ana_htab__find(&h, ana_hash_u64(1, 777), item_eq, &k) == &items[777].hn, "find");
	ana_htab__del(&h, &items[777].hn);
	ASSERT_TRUE(ana_htab__find(&h, ana_hash_u64(1, 777), item_eq, &k) == NULL, "deleted");
	all = ana_htab__list(&h, &n);
	ASSERT_EQ(n, 999, "list");
	free(all);
	ana_htab_release(&h);
}

int main(void)
{
	RUN_TEST(test_json);
	RUN_TEST(test_table);
	RUN_TEST(test_paths);
	RUN_TEST(test_sockaddr);
	RUN_TEST(test_times);
	RUN_TEST(test_htab);
	return TEST_EXIT();
}
