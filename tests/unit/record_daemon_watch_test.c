// SPDX-License-Identifier: MIT
/* Unit tests for tl-record daemon's --watch patterns and container / pod
 * naming (record/watch.c), on cgroup paths as Docker, containerd, CRI-O,
 * Podman and the kubelet (systemd and cgroupfs drivers) make them; and
 * the inotify part on a plain directory tree standing in for cgroupfs. */
#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tl.h"
#include "test.h"
#include "watch.h"

#define ID64 "4f2a9c1d0e8b7a6f5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b"
#define UID  "6b1d2c3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e"
#define UID_ "6b1d2c3e_4f5a_4b6c_8d7e_9f0a1b2c3d4e"

static void test_match(void)
{
	const char *docker = "/system.slice/docker-" ID64 ".scope";
	const char *k8s = "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod"
			  UID_ ".slice/cri-containerd-" ID64 ".scope";

	ASSERT_TRUE(tlr_watch_match("docker-*.scope", docker), "basename glob");
	ASSERT_TRUE(!tlr_watch_match("docker-*.scope", "/system.slice/docker.service"),
		    "docker.service is not a container");
	ASSERT_TRUE(!tlr_watch_match("docker-*.scope", "/docker-x.scope/init"),
		    "only the last component");
	ASSERT_TRUE(tlr_watch_match("cri-containerd-*.scope", k8s), "containerd");
	ASSERT_TRUE(tlr_watch_match("kubepods*", "/kubepods.slice"), "kubepods*");
	ASSERT_TRUE(tlr_watch_match("/kubepods.slice/*cri-containerd-*.scope", k8s),
		    "path glob, '*' spans '/'");
	ASSERT_TRUE(!tlr_watch_match("/kubepods.slice/*cri-containerd-*.scope", docker),
		    "path glob anchored");
	ASSERT_TRUE(!tlr_watch_match("/kubepods.slice", k8s), "path glob whole path");
	ASSERT_TRUE(tlr_watch_match("*", "/"), "root: empty last component matches *");
}

static void test_describe_docker(void)
{
	struct tlr_cgdesc d;

	tlr_cgroup_describe("/system.slice/docker-" ID64 ".scope", &d);
	ASSERT_EQ(d.kind, TL_TRACE_CONTAINER, "kind");
	ASSERT_STREQ(d.name, "docker-4f2a9c1d0e8b", "name");
	ASSERT_STREQ(d.container_id, ID64, "id");
	ASSERT_STREQ(d.runtime, "docker", "runtime");
	ASSERT_STREQ(d.pod_uid, "", "no pod");
	ASSERT_STREQ(d.qos_class, "", "no qos");

	/* cgroupfs driver */
	tlr_cgroup_describe("/docker/" ID64, &d);
	ASSERT_EQ(d.kind, TL_TRACE_CONTAINER, "cgroupfs kind");
	ASSERT_STREQ(d.runtime, "docker", "cgroupfs runtime");
	ASSERT_STREQ(d.name, "docker-4f2a9c1d0e8b", "cgroupfs name");

	tlr_cgroup_describe("/machine.slice/libpod-" ID64 ".scope", &d);
	ASSERT_STREQ(d.runtime, "podman", "podman");
	ASSERT_STREQ(d.name, "podman-4f2a9c1d0e8b", "podman name");

	/* not containers */
	tlr_cgroup_describe("/system.slice/docker.service", &d);
	ASSERT_EQ(d.kind, TL_TRACE_CGROUP, "docker.service kind");
	ASSERT_STREQ(d.name, "docker.service", "docker.service name");
	ASSERT_STREQ(d.container_id, "", "docker.service id");
	tlr_cgroup_describe("/system.slice/docker-xyz.scope", &d);
	ASSERT_EQ(d.kind, TL_TRACE_CGROUP, "non-hex id");
	tlr_cgroup_describe("/system.slice/docker-abc.scope", &d);
	ASSERT_EQ(d.kind, TL_TRACE_CGROUP, "too short an id");
	tlr_cgroup_describe("/", &d);
	ASSERT_STREQ(d.name, "root", "root name");
	tlr_cgroup_describe("/user.slice/user-0.slice/session-3.scope", &d);
	ASSERT_STREQ(d.name, "session-3.scope", "plain cgroup name");
}

static void test_describe_k8s(void)
{
	struct tlr_cgdesc d;

	/* systemd driver, burstable pod, containerd container */
	tlr_cgroup_describe("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod"
			    UID_ ".slice/cri-containerd-" ID64 ".scope", &d);
	ASSERT_EQ(d.kind, TL_TRACE_CONTAINER, "kind");
	ASSERT_STREQ(d.pod_uid, UID, "pod uid with dashes");
	ASSERT_STREQ(d.qos_class, "burstable", "qos");
	ASSERT_STREQ(d.runtime, "containerd", "runtime");
	ASSERT_STREQ(d.name, "k8s-" UID "-4f2a9c1d0e8b", "name");

	/* the pod's own cgroup; guaranteed QoS (directly below kubepods) */
	tlr_cgroup_describe("/kubepods.slice/kubepods-pod" UID_ ".slice", &d);
	ASSERT_EQ(d.kind, TL_TRACE_POD, "pod kind");
	ASSERT_STREQ(d.name, "k8s-pod-" UID, "pod name");
	ASSERT_STREQ(d.qos_class, "guaranteed", "guaranteed");
	ASSERT_STREQ(d.container_id, "", "pod has no container id");

	/* CRI-O, besteffort */
	tlr_cgroup_describe("/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod"
			    UID_ ".slice/crio-" ID64 ".scope", &d);
	ASSERT_STREQ(d.runtime, "cri-o", "cri-o");
	ASSERT_STREQ(d.qos_class, "besteffort", "besteffort");

	/* cgroupfs driver */
	tlr_cgroup_describe("/kubepods/burstable/pod" UID "/" ID64, &d);
	ASSERT_EQ(d.kind, TL_TRACE_CONTAINER, "cgroupfs kind");
	ASSERT_STREQ(d.pod_uid, UID, "cgroupfs pod");
	ASSERT_STREQ(d.qos_class, "burstable", "cgroupfs qos");
	ASSERT_STREQ(d.runtime, "", "cgroupfs: runtime unknown");
	ASSERT_STREQ(d.name, "k8s-" UID "-4f2a9c1d0e8b", "cgroupfs name");
	tlr_cgroup_describe("/kubepods/pod" UID, &d);
	ASSERT_EQ(d.kind, TL_TRACE_POD, "cgroupfs pod kind");
	ASSERT_STREQ(d.qos_class, "guaranteed", "cgroupfs guaranteed");

	/* the QoS level alone is no pod */
	tlr_cgroup_describe("/kubepods.slice/kubepods-burstable.slice", &d);
	ASSERT_EQ(d.kind, TL_TRACE_CGROUP, "qos slice kind");
	ASSERT_STREQ(d.pod_uid, "", "qos slice pod");
	/* "pod..." outside kubepods is not a pod */
	tlr_cgroup_describe("/system.slice/pod1234abcd", &d);
	ASSERT_EQ(d.kind, TL_TRACE_CGROUP, "pod outside kubepods");
	/* nested under a test directory (as the e2e test lays it out) */
	tlr_cgroup_describe("/tlzd-w-1/kubepods/besteffort/pod" UID "/" ID64, &d);
	ASSERT_STREQ(d.pod_uid, UID, "nested pod");
}

/* ------------------------------------------------------------- inotify */

struct events {
	char what[64][16];
	char rel[64][256];
	int n;
};

static int on_ev(void *ctx, int what, const char *rel)
{
	struct events *e = ctx;

	if (e->n < 64) {
		snprintf(e->what[e->n], sizeof(e->what[0]), "%s",
			 what == TLR_WATCH_CREATED ? "create" :
			 what == TLR_WATCH_DELETED ? "delete" : "overflow");
		snprintf(e->rel[e->n], sizeof(e->rel[0]), "%s", rel ? rel : "");
		e->n++;
	}
	return 0;
}

static bool seen(const struct events *e, const char *what, const char *rel)
{
	int i;

	for (i = 0; i < e->n; i++)
		if (!strcmp(e->what[i], what) && !strcmp(e->rel[i], rel))
			return true;
	return false;
}

static void test_inotify_tree(void)
{
	char root[] = "/tmp/tlzd-watch-test.XXXXXX", p[512];
	struct tlr_watch *w;
	struct events e;

	if (!ASSERT_NONNULL(mkdtemp(root), "mkdtemp"))
		return;
	snprintf(p, sizeof(p), "%s/pre", root);
	mkdir(p, 0755);
	snprintf(p, sizeof(p), "%s/pre/sub", root);
	mkdir(p, 0755);
	w = tlr_watch_new(root);
	if (!ASSERT_NONNULL(w, "new"))
		goto out;
	memset(&e, 0, sizeof(e));
	ASSERT_OK(tlr_watch_dir(w, "/", true, on_ev, &e), "watch tree");
	ASSERT_TRUE(seen(&e, "create", "/pre"), "existing dir reported");
	ASSERT_TRUE(seen(&e, "create", "/pre/sub"), "existing subdir reported");
	ASSERT_EQ(tlr_watch_count(w), 3, "3 dirs watched");

	/* a new tree: mkdir -p, then read: every level is reported */
	memset(&e, 0, sizeof(e));
	snprintf(p, sizeof(p), "%s/a", root);
	mkdir(p, 0755);
	snprintf(p, sizeof(p), "%s/a/b", root);
	mkdir(p, 0755);
	ASSERT_OK(tlr_watch_read(w, on_ev, &e), "read");
	ASSERT_TRUE(seen(&e, "create", "/a"), "new dir");
	ASSERT_TRUE(seen(&e, "create", "/a/b"), "its subdir (made before the watch)");
	/* a file is no cgroup */
	snprintf(p, sizeof(p), "%s/a/file", root);
	{
		FILE *f = fopen(p, "w");

		if (f)
			fclose(f);
	}
	snprintf(p, sizeof(p), "%s/a/b/c", root);
	mkdir(p, 0755);
	memset(&e, 0, sizeof(e));
	ASSERT_OK(tlr_watch_read(w, on_ev, &e), "read 2");
	ASSERT_TRUE(seen(&e, "create", "/a/b/c"), "deeper dir, via the new watch");
	ASSERT_TRUE(!seen(&e, "create", "/a/file"), "file not reported");
	/* removal */
	memset(&e, 0, sizeof(e));
	rmdir(p);
	snprintf(p, sizeof(p), "%s/a/file", root);
	unlink(p);
	ASSERT_OK(tlr_watch_read(w, on_ev, &e), "read 3");
	ASSERT_TRUE(seen(&e, "delete", "/a/b/c"), "removal reported");
	ASSERT_EQ(e.n, 1, "only the directory");
	/* watches of removed directories are dropped */
	snprintf(p, sizeof(p), "%s/a/b", root);
	rmdir(p);
	snprintf(p, sizeof(p), "%s/a", root);
	rmdir(p);
	memset(&e, 0, sizeof(e));
	ASSERT_OK(tlr_watch_read(w, on_ev, &e), "read 4");
	ASSERT_TRUE(seen(&e, "delete", "/a"), "a removed");
	ASSERT_EQ(tlr_watch_count(w), 3, "watches of a, a/b dropped");
	/* a single directory, not recursive, in a second watcher */
	{
		struct tlr_watch *w2 = tlr_watch_new(root);

		if (ASSERT_NONNULL(w2, "w2")) {
			ASSERT_OK(tlr_watch_dir(w2, "/pre", false, NULL, NULL), "one dir");
			ASSERT_OK(tlr_watch_dir(w2, "/pre", false, NULL, NULL), "again");
			ASSERT_EQ(tlr_watch_count(w2), 1, "one watch");
			ASSERT_OK(tlr_watch_dir(w2, "/gone", false, NULL, NULL),
				  "a missing directory is no error");
			snprintf(p, sizeof(p), "%s/pre/sub/deep", root);
			mkdir(p, 0755);
			snprintf(p, sizeof(p), "%s/pre/x", root);
			mkdir(p, 0755);
			memset(&e, 0, sizeof(e));
			ASSERT_OK(tlr_watch_read(w2, on_ev, &e), "read w2");
			ASSERT_TRUE(seen(&e, "create", "/pre/x"), "child seen");
			ASSERT_TRUE(!seen(&e, "create", "/pre/sub/deep"),
				    "not recursive");
			rmdir(p);
			snprintf(p, sizeof(p), "%s/pre/sub/deep", root);
			rmdir(p);
			tlr_watch_free(w2);
		}
	}
	tlr_watch_free(w);
out:
	snprintf(p, sizeof(p), "%s/pre/sub", root);
	rmdir(p);
	snprintf(p, sizeof(p), "%s/pre", root);
	rmdir(p);
	rmdir(root);
}

int main(void)
{
	RUN_TEST(test_match);
	RUN_TEST(test_describe_docker);
	RUN_TEST(test_describe_k8s);
	RUN_TEST(test_inotify_tree);
	return TEST_EXIT();
}
