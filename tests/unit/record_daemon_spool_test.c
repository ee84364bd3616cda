// SPDX-License-Identifier: MIT
/* Unit tests for tl-record daemon's spool (record/spool.c) in a temporary
 * directory: index of existing files by age, leftovers of interrupted
 * writes removed, file names, the size bound (oldest first out, the new
 * file itself when it alone is too large). */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "spool.h"
#include "test.h"

static char dir[64];

/* Writes `size` bytes to DIR/name, with mtime `t` (seconds). */
static void put(const char *name, size_t size, time_t t)
{
	char p[256], buf[1024];
	struct timespec ts[2] = { { t, 0 }, { t, 0 } };
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	f = fopen(p, "w");
	if (!ASSERT_NONNULL(f, p))
		return;
	memset(buf, 'x', sizeof(buf));
	while (size) {
		size_t n = size < sizeof(buf) ? size : sizeof(buf);

		fwrite(buf, 1, n, f);
		size -= n;
	}
	fclose(f);
	utimensat(AT_FDCWD, p, ts, 0);
}

static bool exists(const char *name)
{
	char p[256];

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	return access(p, F_OK) == 0;
}

static int nremoved;

static void on_removed(const char *name, void *ctx)
{
	(void)name;
	(void)ctx;
	nremoved++;
}

static void test_index_and_bound(void)
{
	struct tlr_spool s;
	char path[512];
	int kept;

	put("b.tlz", 1000, 2000);
	put("a.tlz", 1000, 1000);	/* oldest */
	put("c.tlz", 1000, 3000);
	put("notes.txt", 5000, 500);	/* not a trace: ignored */
	put("x.tlz.tmp.AbC123", 100, 100);	/* interrupted write */
	put(".hidden.tlz", 100, 100);
	ASSERT_OK(tlr_spool_init(&s, dir, 3500), "init");
	ASSERT_EQ(s.n, 3, "three traces indexed");
	ASSERT_EQ(s.total, 3000, "total");
	ASSERT_STREQ(s.files[0].name, "a.tlz", "oldest first");
	ASSERT_STREQ(s.files[2].name, "c.tlz", "newest last");
	ASSERT_TRUE(!exists("x.tlz.tmp.AbC123"), "leftover removed");
	ASSERT_TRUE(exists("notes.txt"), "other files kept");

	/* a new 1000-byte file: 4000 > 3500, the oldest goes */
	put("d.tlz", 1000, 4000);
	snprintf(path, sizeof(path), "%s/d.tlz", dir);
	nremoved = 0;
	ASSERT_OK(tlr_spool_add(&s, path, &kept, on_removed, NULL), "add d");
	ASSERT_EQ(kept, 1, "d kept");
	ASSERT_EQ(nremoved, 1, "one removed");
	ASSERT_TRUE(!exists("a.tlz"), "oldest removed");
	ASSERT_TRUE(exists("b.tlz") && exists("c.tlz") && exists("d.tlz"), "others kept");
	ASSERT_EQ(s.total, 3000, "total after");
	ASSERT_EQ(s.removed, 1, "removed count");

	/* one file larger than the bound: everything goes, itself too */
	put("e.tlz", 4000, 5000);
	snprintf(path, sizeof(path), "%s/e.tlz", dir);
	nremoved = 0;
	ASSERT_OK(tlr_spool_add(&s, path, &kept, on_removed, NULL), "add e");
	ASSERT_EQ(kept, 0, "e not kept");
	ASSERT_EQ(nremoved, 4, "b, c, d, e removed");
	ASSERT_EQ(s.n, 0, "empty");
	ASSERT_EQ(s.total, 0, "total 0");
	ASSERT_TRUE(!exists("e.tlz"), "e removed");

	/* a file deleted behind our back is no error when its turn comes */
	put("f.tlz", 2000, 6000);
	snprintf(path, sizeof(path), "%s/f.tlz", dir);
	ASSERT_OK(tlr_spool_add(&s, path, &kept, NULL, NULL), "add f");
	unlink(path);
	put("g.tlz", 2000, 7000);
	snprintf(path, sizeof(path), "%s/g.tlz", dir);
	ASSERT_OK(tlr_spool_add(&s, path, &kept, NULL, NULL), "add g");
	ASSERT_EQ(kept, 1, "g kept");
	ASSERT_EQ(s.n, 1, "f dropped from the index");
	ASSERT_EQ(tlr_spool_add(&s, "/nonexistent/x.tlz", &kept, NULL, NULL),
		  -ENOENT, "missing new file");
	unlink(path);
	tlr_spool_release(&s);
	unlink("notes.txt");
}

static void test_unbounded(void)
{
	struct tlr_spool s;
	char path[512];
	int kept, i;

	ASSERT_OK(tlr_spool_init(&s, dir, 0), "init");
	for (i = 0; i < 5; i++) {
		char name[32];

		snprintf(name, sizeof(name), "u%d.tlz", i);
		put(name, 100000, 100 + i);
		snprintf(path, sizeof(path), "%s/%s", dir, name);
		ASSERT_OK(tlr_spool_add(&s, path, &kept, NULL, NULL), "add");
		ASSERT_EQ(kept, 1, "kept");
		unlink(path);
	}
	ASSERT_EQ(s.n, 5, "0 = no bound");
	tlr_spool_release(&s);
}

static void test_names(void)
{
	struct tlr_spool s;
	char out[512], want[512], base[128];

	tlr_spool_sanitize("web", base, sizeof(base));
	ASSERT_STREQ(base, "web", "plain");
	tlr_spool_sanitize("../../etc/passwd", base, sizeof(base));
	ASSERT_STREQ(base, "_._.._etc_passwd", "no path, no leading dot");
	tlr_spool_sanitize("a b\"c\\d/e@f+g", base, sizeof(base));
	ASSERT_STREQ(base, "a_b_c_d_e@f+g", "odd characters");
	tlr_spool_sanitize("", base, sizeof(base));
	ASSERT_STREQ(base, "_", "empty");
	{
		char longname[300];

		memset(longname, 'n', sizeof(longname) - 1);
		longname[sizeof(longname) - 1] = '\0';
		tlr_spool_sanitize(longname, base, sizeof(base));
		ASSERT_EQ(strlen(base), 100, "at most 100 kept");
	}
	ASSERT_OK(tlr_spool_init(&s, dir, 0), "init");
	/* 2024-05-01T10:00:00Z */
	ASSERT_OK(tlr_spool_path(&s, "web/1", 7, "gone", 1714557600, out,
				 sizeof(out)), "path");
	snprintf(want, sizeof(want), "%s/web_1.7.gone.20240501T100000Z.tlz", dir);
	ASSERT_STREQ(out, want, "name");
	put("web_1.7.gone.20240501T100000Z.tlz", 1, 1);
	ASSERT_OK(tlr_spool_path(&s, "web/1", 7, "gone", 1714557600, out,
				 sizeof(out)), "path 2");
	snprintf(want, sizeof(want), "%s/web_1.7.gone.20240501T100000Z-2.tlz", dir);
	ASSERT_STREQ(out, want, "same second: suffix");
	snprintf(want, sizeof(want), "%s/web_1.7.gone.20240501T100000Z.tlz", dir);
	unlink(want);
	ASSERT_EQ(tlr_spool_path(&s, "x", 1, "gone", 0, out, 20), -ENAMETOOLONG,
		  "small buffer");
	tlr_spool_release(&s);
}

static void test_mkdir(void)
{
	struct tlr_spool s;
	char sub[128];
	struct stat st;

	snprintf(sub, sizeof(sub), "%s/x/y", dir);
	ASSERT_OK(tlr_spool_init(&s, sub, 10), "init creates the directories");
	ASSERT_OK(stat(sub, &st), "stat");
	ASSERT_EQ(st.st_mode & 0777, 0700, "mode 0700");
	tlr_spool_release(&s);
	rmdir(sub);
	snprintf(sub, sizeof(sub), "%s/x", dir);
	rmdir(sub);
	ASSERT_EQ(tlr_spool_init(&s, "/proc/version/spool", 10), -ENOTDIR,
		  "cannot create");
}

int main(void)
{
	char notes[128];

	snprintf(dir, sizeof(dir), "/tmp/tlzd-spool-test.XXXXXX");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	RUN_TEST(test_index_and_bound);
	RUN_TEST(test_unbounded);
	RUN_TEST(test_names);
	RUN_TEST(test_mkdir);
	snprintf(notes, sizeof(notes), "%s/notes.txt", dir);
	unlink(notes);
	snprintf(notes, sizeof(notes), "%s/.hidden.tlz", dir);
	unlink(notes);
	if (rmdir(dir))
		fprintf(stderr, "warning: %s not empty\n", dir);
	return TEST_EXIT();
}
