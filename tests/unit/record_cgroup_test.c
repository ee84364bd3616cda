// SPDX-License-Identifier: MIT
/* Unit tests for cgroup path handling and /proc parsing in tl-record
 * (record/cgroup.c, record/procsnap.c): no file system access. */
#include <errno.h>

#include "cgroup.h"
#include "procsnap.h"
#include "test.h"

/* A hybrid layout as on Debian with systemd's legacy hierarchy. */
static const char hybrid[] =
	"sysfs /sys sysfs rw,nosuid,nodev,noexec,relatime 0 0\n"
	"tmpfs /sys/fs/cgroup tmpfs ro,nosuid,nodev,noexec,mode=755 0 0\n"
	"cgroup /sys/fs/cgroup/cpu cgroup rw,relatime,cpu 0 0\n"
	"cgroup2 /sys/fs/cgroup/unified cgroup2 rw,nosuid,nodev,noexec,relatime 0 0\n"
	"cgroup /sys/fs/cgroup/systemd cgroup rw,name=systemd 0 0\n";

static void test_mount_parse(void)
{
	char out[256];

	ASSERT_OK(tlr_cgroup2_mount_parse(hybrid, out, sizeof(out)), "hybrid");
	ASSERT_STREQ(out, "/sys/fs/cgroup/unified", "hybrid mount");
	ASSERT_OK(tlr_cgroup2_mount_parse(
			  "cgroup2 /sys/fs/cgroup cgroup2 rw 0 0", out,
			  sizeof(out)), "unified, no newline");
	ASSERT_STREQ(out, "/sys/fs/cgroup", "unified mount");
	ASSERT_OK(tlr_cgroup2_mount_parse(
			  "none /mnt/my\\040cg cgroup2 rw 0 0\n", out,
			  sizeof(out)), "escaped");
	ASSERT_STREQ(out, "/mnt/my cg", "octal escape decoded");
	ASSERT_EQ(tlr_cgroup2_mount_parse(
			  "cgroup /sys/fs/cgroup/cpu cgroup rw 0 0\n"
			  "none /x cgroup2fs rw 0 0\n", out, sizeof(out)),
		  -ENOENT, "v1 only");
	ASSERT_EQ(tlr_cgroup2_mount_parse("", out, sizeof(out)), -ENOENT,
		  "empty");
	ASSERT_EQ(tlr_cgroup2_mount_parse(hybrid, out, 8), -ENAMETOOLONG,
		  "small buffer");
}

static void test_join(void)
{
	const char *m = "/sys/fs/cgroup/unified";
	char out[256];

	ASSERT_OK(tlr_cgroup_join(m, "/system.slice/x.service", out, sizeof(out)),
		  "relative to the mount");
	ASSERT_STREQ(out, "/sys/fs/cgroup/unified/system.slice/x.service", "joined");
	ASSERT_OK(tlr_cgroup_join(m, "/sys/fs/cgroup/unified/a", out,
				  sizeof(out)), "full path");
	ASSERT_STREQ(out, "/sys/fs/cgroup/unified/a", "kept");
	ASSERT_OK(tlr_cgroup_join(m, "a/b", out, sizeof(out)), "no slash");
	ASSERT_STREQ(out, "/sys/fs/cgroup/unified/a/b", "slash added");
	/* a prefix that is not a path component is not the mount */
	ASSERT_OK(tlr_cgroup_join(m, "/sys/fs/cgroup/unifiedx", out,
				  sizeof(out)), "prefix");
	ASSERT_STREQ(out, "/sys/fs/cgroup/unified/sys/fs/cgroup/unifiedx",
		     "treated as relative");
	ASSERT_OK(tlr_cgroup_join("/sys/fs/cgroup/", "/a", out, sizeof(out)),
		  "mount with a trailing slash");
	ASSERT_STREQ(out, "/sys/fs/cgroup/a", "one slash");
	ASSERT_EQ(tlr_cgroup_join(m, "", out, sizeof(out)), -EINVAL, "empty");
	ASSERT_EQ(tlr_cgroup_join(m, "/a", out, 10), -ENAMETOOLONG, "too long");
}

static void test_rel(void)
{
	const char *m = "/sys/fs/cgroup/unified";
	char rel[256];
	uint32_t lv = 99;

	ASSERT_OK(tlr_cgroup_rel(m, "/sys/fs/cgroup/unified/a/b", rel,
				 sizeof(rel), &lv), "inside");
	ASSERT_STREQ(rel, "/a/b", "rel");
	ASSERT_EQ(lv, 2, "level 2");
	ASSERT_OK(tlr_cgroup_rel(m, m, rel, sizeof(rel), &lv), "root");
	ASSERT_STREQ(rel, "/", "root rel");
	ASSERT_EQ(lv, 0, "root level");
	ASSERT_OK(tlr_cgroup_rel(m, "/sys/fs/cgroup/unified/kubepods.slice/"
				 "kubepods-pod1.slice/cri-containerd-abc.scope",
				 rel, sizeof(rel), &lv), "deep");
	ASSERT_EQ(lv, 3, "level 3");
	ASSERT_EQ(tlr_cgroup_rel(m, "/sys/fs/cgroup/unifiedx/a", rel,
				 sizeof(rel), &lv), -EXDEV, "sibling prefix");
	ASSERT_EQ(tlr_cgroup_rel(m, "/etc", rel, sizeof(rel), &lv), -EXDEV,
		  "outside");
}

static void test_stat(void)
{
	/* comm with spaces and parentheses; field 4 ppid, field 22 start */
	const char *s = "1234 (a (b) c) S 77 1234 1234 0 -1 4194560 100 0 0 0 "
			"1 2 0 0 20 0 1 0 987654 1000000 200 18446744073709551615";
	char comm[32];
	uint32_t ppid = 0;
	uint64_t start = 0;

	ASSERT_OK(tlr_parse_stat(s, comm, sizeof(comm), &ppid, &start), "parse");
	ASSERT_STREQ(comm, "a (b) c", "comm");
	ASSERT_EQ(ppid, 77, "ppid");
	ASSERT_EQ(start, 987654, "start ticks");
	ASSERT_EQ(tlr_parse_stat("1234 (x) S 1 2", comm, sizeof(comm), &ppid,
				 &start), -EBADMSG, "truncated");
	ASSERT_EQ(tlr_parse_stat("garbage", comm, sizeof(comm), &ppid, &start),
		  -EBADMSG, "no comm");
}

int main(void)
{
	RUN_TEST(test_mount_parse);
	RUN_TEST(test_join);
	RUN_TEST(test_rel);
	RUN_TEST(test_stat);
	return TEST_EXIT();
}
