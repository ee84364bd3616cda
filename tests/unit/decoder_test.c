// SPDX-License-Identifier: MIT
/*
 * decoder_test.c - the decoder on in-memory dumps built with ringbuild:
 * enter/exit pairing across CPUs, unfinished and in-flight calls,
 * NORETURN for exit_group and killed threads, execve by a non-leader,
 * loss reporting (gaps, overwritten, tail), damage skipped, ABI-correct
 * names, big-endian rings, comm/ppid tracking, multi-input merge order
 * and the memory bound.
 */
#include "dec_fixture.h"
#include "test.h"

#define NR_READ		0
#define NR_WRITE	1
#define NR_CLOSE	3
#define NR_EXECVE	59
#define NR_FUTEX	202
#define NR_EXIT_GROUP	231
#define NR_OPENAT	257

static void test_pair_across_cpus(void)
{
	struct tl_rb_capt path = { .arg = 1, .kind = TL_CAPT_STR,
				   .data = "/etc/passwd", .len = 11,
				   .full_len = 11 };
	struct fx x;
	struct fx_evs r;
	struct tl_decoder *d;
	long i;

	fx_init(&x, 2, 2);
	/* enter on cpu0, exit on cpu1 (the thread migrated) */
	tl_ringbuild__enter(x.rb[0], 1000, 100, 100, TL_ABI_X86_64, NR_OPENAT,
			    fx_args((uint64_t)-100, 0x7fff0000, 0), &path, 1);
	tl_ringbuild__exit(x.rb[1], 1500, 100, 100, TL_ABI_X86_64, NR_OPENAT,
			   3, NULL, 0);
	d = fx_decoder(&x, false);
	r = fx_collect(d, 0);
	ASSERT_EQ(r.rc, 0, "end of events");
	ASSERT_EQ(r.n, 2, "enter + exit");
	if (r.n == 2) {
		ASSERT_EQ(r.v[0].ev.type, TL_EV_SYSCALL_ENTER, "first is enter");
		ASSERT_STREQ(r.v[0].name, "openat", "enter name");
		ASSERT_EQ(r.v[0].ev.cpu, 0, "enter cpu");
		ASSERT_EQ(r.v[0].ev.ncapt, 1, "enter capture");
		ASSERT_STREQ(r.v[0].cdata[0], "/etc/passwd", "enter path");
		ASSERT_EQ(r.v[1].ev.type, TL_EV_SYSCALL_EXIT, "then exit");
		ASSERT_EQ(r.v[1].ev.flags, TL_EVF_HAS_ENTER | TL_EVF_HAS_RET,
			  "paired");
		ASSERT_EQ(r.v[1].ev.cpu, 1, "exit cpu");
		ASSERT_EQ(r.v[1].ev.ret, 3, "ret");
		ASSERT_EQ(r.v[1].ev.enter_ts, 1000, "enter ts");
		ASSERT_EQ(r.v[1].ev.exit_ts, 1500, "exit ts");
		ASSERT_EQ(r.v[1].ev.ts, 1500, "event ts");
		ASSERT_EQ(r.v[1].ev.args[1], 0x7fff0000, "args kept");
		ASSERT_EQ((int64_t)r.v[1].ev.args[0], -100, "dirfd");
		ASSERT_EQ(r.v[1].ev.ncapt, 1, "exit carries enter capture");
		ASSERT_STREQ(r.v[1].cdata[0], "/etc/passwd", "exit path");
		ASSERT_EQ(r.v[1].ev.wall_ns,
			  1500 + 1700000000000000000ll - 1000000000ll,
			  "wall time from the dump clock");
		ASSERT_STREQ(r.v[1].trace, "fixture", "trace");
		ASSERT_STREQ(r.v[1].file, "fixture.tlz", "file");
	}
	i = fx_find(&r, 0, TL_EV_LOST, 0);
	ASSERT_EQ(i, -1, "no loss");
	free(r.v);
	tl_decoder__free(d);

	/* same with no_enter_events: one event per call */
	d = fx_decoder(&x, true);
	r = fx_collect(d, 0);
	ASSERT_EQ(r.n, 1, "exit only");
	if (r.n == 1)
		ASSERT_EQ(r.v[0].ev.type, TL_EV_SYSCALL_EXIT, "exit");
	free(r.v);
	tl_decoder__free(d);
	fx_release(&x);
}

/* A first call whose only capture is empty (newfstatat(3, "", ...)): no
 * capture buffer is allocated, and none may be offset (UBSan: "applying
 * zero offset to null pointer", found by fuzz_decoder). */
static void test_empty_capture_first(void)
{
	struct tl_rb_capt empty = { .arg = 1, .kind = TL_CAPT_STR,
				    .data = "", .len = 0, .full_len = 0 };
	struct fx x;
	struct fx_evs r;
	struct tl_decoder *d;

	fx_init(&x, 1, 1);
	tl_ringbuild__enter(x.rb[0], 100, 9, 9, TL_ABI_X86_64, 262,
			    fx_args(3, 0x7fff0000, 0x7fff1000), &empty, 1);
	tl_ringbuild__exit(x.rb[0], 200, 9, 9, TL_ABI_X86_64, 262, 0, NULL, 0);
	d = fx_decoder(&x, true);
	r = fx_collect(d, 0);
	ASSERT_EQ(r.rc, 0, "end of events");
	ASSERT_EQ(r.n, 1, "one call");
	if (r.n == 1) {
		ASSERT_EQ(r.v[0].ev.ncapt, 1, "the empty capture");
		ASSERT_EQ(r.v[0].ev.capt[0].len, 0, "empty");
	}
	free(r.v);
	tl_decoder__free(d);
	fx_release(&x);
}

static void test_pairing_not_by_time(void)
{
	struct fx x;
	struct fx_evs r;
	struct tl_decoder *d;
	size_t i;

	/* two threads with calls interleaved at the same timestamps on
	 * two CPUs: pairs must follow the tid, not adjacency or time */
	fx_init(&x, 2, 2);
	tl_ringbuild__enter(x.rb[0], 100, 10, 10, TL_ABI_X86_64, NR_READ,
			    fx_args(5, 0, 0), NULL, 0);
	tl_ringbuild__enter(x.rb[1], 100, 11, 10, TL_ABI_X86_64, NR_WRITE,
			    fx_args(6, 0, 0), NULL, 0);
	tl_ringbuild__exit(x.rb[0], 200, 11, 10, TL_ABI_X86_64, NR_WRITE,
			   66, NULL, 0);
	tl_ringbuild__exit(x.rb[1], 200, 10, 10, TL_ABI_X86_64, NR_READ,
			   55, NULL, 0);
	d = fx_decoder(&x, true);
	r = fx_collect(d, 0);
	ASSERT_EQ(r.n, 2, "two exits");
	for (i = 0; i < r.n; i++) {
		const struct tl_event *e = &r.v[i].ev;

		ASSERT_EQ(e->flags, TL_EVF_HAS_ENTER | TL_EVF_HAS_RET, "paired");
		if (e->tid == 10) {
			ASSERT_STREQ(r.v[i].name, "read", "tid 10 read");
			ASSERT_EQ(e->ret, 55, "read ret");
			ASSERT_EQ(e->args[0], 5, "read fd");
		} else {
			ASSERT_STREQ(r.v[i].name, "write", "tid 11 write");
			ASSERT_EQ(e->ret, 66, "write ret");
			ASSERT_EQ(e->args[0], 6, "write fd");
		}
	}
	/* ties on ts: cpu order (trace equal) */
	if (r.n == 2) {
		ASSERT_EQ(r.v[0].ev.cpu, 0, "tie: cpu 0 first");
		ASSERT_EQ(r.v[1].ev.cpu, 1, "tie: cpu 1 second");
	}
	free(r.v);
	tl_decoder__free(d);
	fx_release(&x);
}

static void test_unfinished_and_in_flight(void)
{
	struct fx x;
	struct fx_evs r;
	struct tl_decoder *d;
	long i;

	fx_init(&x, 1, 2);
	/* an exit whose enter is before the window */
	tl_ringbuild__exit(x.rb[0], 50, 7, 7, TL_ABI_X86_64, NR_READ, 12,
			   NULL, 0);
	/* a call still running at the dump */
	tl_ringbuild__enter(x.rb[0], 60, 8, 8, TL_ABI_X86_64, NR_FUTEX,
			    fx_args(1, 2, 3), NULL, 0);
	tl_ringbuild__enter(x.rb[0], 70, 7, 7, TL_ABI_X86_64, NR_CLOSE,
			    fx_args(4, 0, 0), NULL, 0);
	tl_ringbuild__exit(x.rb[0], 80, 7, 7, TL_ABI_X86_64, NR_CLOSE, 0,
			   NULL, 0);
	d = fx_decoder(&x, true);
	r = fx_collect(d, 0);
	ASSERT_EQ(r.n, 3, "resumed exit, close, in-flight futex");
	if (r.n == 3) {
		ASSERT_EQ(r.v[0].ev.flags, TL_EVF_HAS_RET, "exit without enter");
		ASSERT_EQ(r.v[0].ev.enter_ts, 0, "enter unknown");
		ASSERT_EQ(r.v[0].ev.ret, 12, "ret");
		ASSERT_STREQ(r.v[0].name, "read", "name from exit record");
		ASSERT_STREQ(r.v[1].name, "close", "close");
		ASSERT_EQ(r.v[2].ev.tid, 8, "futex thread");
		ASSERT_STREQ(r.v[2].name, "futex", "in-flight name");
		ASSERT_EQ(r.v[2].ev.flags, TL_EVF_HAS_ENTER | TL_EVF_IN_FLIGHT,
			  "in flight, no ret");
		ASSERT_EQ(r.v[2].ev.enter_ts, 60, "in-flight enter ts");
		ASSERT_EQ(r.v[2].ev.exit_ts, 0, "no exit ts");
		ASSERT_TRUE(r.v[2].ev.ts >= 80, "reported at the end");
		ASSERT_EQ(r.v[2].ev.args[2], 3, "args");
	}
	i = fx_find(&r, 0, TL_EV_LOST, 0);
	ASSERT_EQ(i, -1, "nothing lost");
	free(r.v);
	tl_decoder__free(d);
	fx_release(&x);
}

static void test_sigreturn(void)
{
	/* after rt_sigreturn restores the interrupted frame, the kernel's
	 * sys_exit reports syscall number -1 and the restored ax */
	struct fx x;
	struct fx_evs r;
	struct tl_decoder *d;

	fx_init(&x, 1, 2);
	tl_ringbuild__enter(x.rb[0], 10, 5, 5, TL_ABI_X86_64, 15,
			    fx_args(0, 0, 0), NULL, 0);
	tl_ringbuild__exit(x.rb[0], 11, 5, 5, TL_ABI_X86_64, 0xffff, 0x3699,
			   NULL, 0);
	d = fx_decoder(&x, true);
	r = fx_collect(d, 0);
	ASSERT_EQ(r.n, 1, "one call");
	if (r.n == 1) {
		ASSERT_STREQ(r.v[0].name, "rt_sigreturn", "named by its enter");
		ASSERT_EQ(r.v[0].ev.nr, 15, "nr of the enter");
		ASSERT_EQ(r.v[0].ev.flags, TL_EVF_HAS_ENTER | TL_EVF_HAS_RET,
			  "paired");
		ASSERT_EQ(r.v[0].ev.ret, 0x3699, "restored return value");
	}
	free(r.v);
	tl_decoder__free(d);
	fx_release(&x);
}

static void test_exit_group_noreturn(void)
{
	struct fx x;
	struct fx_evs r;
	struct tl_decoder *d;
	long e, t;

	fx_init(&x, 2, 2);
	/* thread 301 of process 300 blocks in futex on cpu1 */
	tl_ringbuild__enter(x.rb[1], 10, 301, 300, TL_ABI_X86_64, NR_FUTEX,
			    fx_args(0, 0, 0), NULL, 0);
	/* the leader calls exit_group(3) on cpu0 */
	tl_ringbuild__enter(x.rb[0], 20, 300, 300, TL_ABI_X86_64,
			    NR_EXIT_GROUP, fx_args(3, 0, 0), NULL, 0);
	/* the kernel kills 301, then the leader exits last */
	tl_ringbuild__exit_task(x.rb[1], 30, 301, 300, 3 << 8, 0, "worker");
	tl_ringbuild__exit_task(x.rb[0], 40, 300, 300, 3 << 8,
				TL_EXITF_GROUP_DEAD, "main");
	d = fx_decoder(&x, true);
	r = fx_collect(d, 0);
	ASSERT_EQ(r.n, 4, "futex =?, exit 301, exit_group =?, exit 300");
	if (r.n == 4) {
		ASSERT_EQ(r.v[0].ev.type, TL_EV_SYSCALL_EXIT, "futex");
		ASSERT_EQ(r.v[0].ev.tid, 301, "futex tid");
		ASSERT_EQ(r.v[0].ev.flags, TL_EVF_HAS_ENTER | TL_EVF_NORETURN,
			  "futex noreturn");
		ASSERT_EQ(r.v[0].ev.exit_ts, 30, "ends at its thread's death");
		ASSERT_EQ(r.v[1].ev.type, TL_EV_EXIT, "thread exit");
		ASSERT_EQ(r.v[1].ev.flags, 0, "not the last thread");
		ASSERT_STREQ(r.v[1].comm, "worker", "comm from exit record");
		ASSERT_EQ(r.v[2].ev.type, TL_EV_SYSCALL_EXIT, "exit_group");
		ASSERT_STREQ(r.v[2].name, "exit_group", "name");
		ASSERT_EQ(r.v[2].ev.flags, TL_EVF_HAS_ENTER | TL_EVF_NORETURN,
			  "exit_group noreturn");
		ASSERT_EQ(r.v[2].ev.args[0], 3, "exit_group arg");
		ASSERT_EQ(r.v[3].ev.type, TL_EV_EXIT, "process exit");
		ASSERT_EQ(r.v[3].ev.flags, TL_EVF_GROUP_DEAD, "group dead");
		ASSERT_EQ(r.v[3].ev.exit_code, 3 << 8, "wait status");
	}
	e = fx_find(&r, 0, TL_EV_SYSCALL_EXIT, 0);
	t = fx_find(&r, 0, TL_EV_SYSCALL_EXIT, 0);
	ASSERT_EQ(e, t, "consistent");
	free(r.v);
	tl_decoder__free(d);

	/* without the killed thread's EXIT record, GROUP_DEAD still ends
	 * its call */
	fx_release(&x);
	fx_init(&x, 2, 2);
	tl_ringbuild__enter(x.rb[1], 10, 301, 300, TL_ABI_X86_64, NR_FUTEX,
			    fx_args(0, 0, 0), NULL, 0);
	tl_ringbuild__enter(x.rb[0], 20, 300, 300, TL_ABI_X86_64,
			    NR_EXIT_GROUP, fx_args(0, 0, 0), NULL, 0);
	tl_ringbuild__exit_task(x.rb[0], 40, 300, 300, 0, TL_EXITF_GROUP_DEAD,
				"main");
	d = fx_decoder(&x, true);
	r = fx_collect(d, 0);
	ASSERT_EQ(fx_count(&r, TL_EV_SYSCALL_EXIT), 2, "two calls end");
	e = fx_find(&r, 0, TL_EV_SYSCALL_EXIT, 301);
	ASSERT_TRUE(e >= 0 && r.v[e].ev.flags ==
			      (TL_EVF_HAS_ENTER | TL_EVF_NORETURN),
		    "killed thread's futex is noreturn");
	ASSERT_EQ(fx_find(&r, 0, TL_EV_SYSCALL_EXIT, 0) >= 0, 1, "found");
	free(r.v);
	tl_decoder__free(d);
	fx_release(&x);
}

static void test_exec_non_leader(void)
{
	struct fx x;
	struct fx_evs r;
	struct tl_decoder *d;
	struct tl_rb_capt fn = { .arg = 0, .kind = TL_CAPT_STR,
				 .data = "/bin/true", .len = 9,
				 .full_len = 9 };
	const struct tl_proc *p;
	long i;

	fx_init(&x, 2, 2);
	/* leader 500 waits in futex; thread 501 calls execve */
	tl_ringbuild__enter(x.rb[0], 10, 500, 500, TL_ABI_X86_64, NR_FUTEX,
			    fx_args(0, 0, 0), NULL, 0);
	tl_ringbuild__enter(x.rb[1], 20, 501, 500, TL_ABI_X86_64, NR_EXECVE,
			    fx_args(0x1000, 0x2000, 0x3000), &fn, 1);
	/* de_thread: the exec'ing thread takes the leader's tid */
	tl_ringbuild__exec(x.rb[1], 30, 500, 500, 501, "true", "/bin/true");
	tl_ringbuild__exit(x.rb[1], 31, 500, 500, TL_ABI_X86_64, NR_EXECVE,
			   0, NULL, 0);
	tl_ringbuild__enter(x.rb[1], 40, 500, 500, TL_ABI_X86_64, NR_CLOSE,
			    fx_args(3, 0, 0), NULL, 0);
	tl_ringbuild__exit(x.rb[1], 41, 500, 500, TL_ABI_X86_64, NR_CLOSE,
			   0, NULL, 0);
	d = fx_decoder(&x, true);
	r = fx_collect(d, 0);
	ASSERT_EQ(r.n, 4, "futex =?, exec, execve = 0, close");
	if (r.n == 4) {
		ASSERT_EQ(r.v[0].ev.type, TL_EV_SYSCALL_EXIT, "futex ends");
		ASSERT_STREQ(r.v[0].name, "futex", "futex");
		ASSERT_EQ(r.v[0].ev.tid, 500, "old leader");
		ASSERT_EQ(r.v[0].ev.flags, TL_EVF_HAS_ENTER | TL_EVF_NORETURN,
			  "leader killed in futex");
		ASSERT_EQ(r.v[1].ev.type, TL_EV_EXEC, "exec");
		ASSERT_EQ(r.v[1].ev.tid, 500, "exec tid is the leader's");
		ASSERT_EQ(r.v[1].ev.old_tid, 501, "old tid");
		ASSERT_STREQ(r.v[1].fname, "/bin/true", "filename");
		ASSERT_STREQ(r.v[1].comm, "true", "new comm");
		ASSERT_EQ(r.v[2].ev.type, TL_EV_SYSCALL_EXIT, "execve returns");
		ASSERT_STREQ(r.v[2].name, "execve", "execve");
		ASSERT_EQ(r.v[2].ev.tid, 500, "in the leader's tid");
		ASSERT_EQ(r.v[2].ev.flags, TL_EVF_HAS_ENTER | TL_EVF_HAS_RET,
			  "paired across the tid change");
		ASSERT_EQ(r.v[2].ev.enter_ts, 20, "enter ts of 501's call");
		ASSERT_EQ(r.v[2].ev.args[1], 0x2000, "args of 501's call");
		ASSERT_EQ(r.v[2].ev.ncapt, 1, "filename capture kept");
		ASSERT_STREQ(r.v[2].cdata[0], "/bin/true", "capture");
		ASSERT_STREQ(r.v[3].name, "close", "new image runs");
		ASSERT_STREQ(r.v[3].comm, "true", "comm after exec");
	}
	i = fx_find(&r, 0, TL_EV_SYSCALL_EXIT, 501);
	ASSERT_EQ(i, -1, "nothing left in 501");
	p = tl_decoder__proc(d, tl_decoder__file(d, 0), 500);
	ASSERT_TRUE(p && !strcmp(p->comm, "true"), "proc comm now");
	free(r.v);
	tl_decoder__free(d);
	fx_release(&x);
}

static void test_lost_records(void)
{
	struct fx x;
	struct fx_evs r;
	struct tl_decoder *d;
	struct tl_decoder_stats st;
	long i;

	fx_init(&x, 1, 2);
	tl_ringbuild__exit(x.rb[0], 10, 1, 1, TL_ABI_X86_64, NR_READ, 0, NULL, 0);
	tl_ringbuild__drop(x.rb[0], 3);		/* seq 2..4 dropped (busy) */
	tl_ringbuild__exit(x.rb[0], 20, 1, 1, TL_ABI_X86_64, NR_WRITE, 0, NULL, 0);
	tl_ringbuild__drop(x.rb[0], 2);		/* after the last record */
	d = fx_decoder(&x, true);
	r = fx_collect(d, 0);
	ASSERT_EQ(r.n, 4, "read, lost 3, write, lost 2");
	if (r.n == 4) {
		ASSERT_STREQ(r.v[0].name, "read", "first");
		ASSERT_EQ(r.v[1].ev.type, TL_EV_LOST, "gap");
		ASSERT_EQ(r.v[1].ev.lost_kind, TL_LOST_GAP, "gap kind");
		ASSERT_EQ(r.v[1].ev.lost, 3, "gap count");
		ASSERT_EQ(r.v[1].ev.ts, 20, "at the next record");
		ASSERT_EQ(r.v[1].ev.cpu, 0, "ring's cpu");
		ASSERT_STREQ(r.v[2].name, "write", "after the gap");
		ASSERT_EQ(r.v[3].ev.type, TL_EV_LOST, "tail loss");
		ASSERT_EQ(r.v[3].ev.lost, 2, "from the ring counters");
	}
	tl_decoder__stats(d, &st);
	ASSERT_EQ(st.lost_gap, 5, "stats gap");
	ASSERT_EQ(st.lost_overwritten, 0, "nothing overwritten");
	i = fx_find(&r, 0, TL_EV_LOST, 0);
	ASSERT_EQ(i, 1, "first loss");
	free(r.v);
	tl_decoder__free(d);
	fx_release(&x);
}

static void test_wrapped_ring(void)
{
	/* 40-byte exit records: (65536 - 64) / 40 = 1636 per block. 10000
	 * records into 2 blocks: blocks 1..7 were written (6 full + 184),
	 * blocks 6 and 7 remain: the oldest retained record is
	 * 5 * 1636 + 1 = 8181, so 8180 were overwritten and 1820 remain. */
	struct fx x;
	struct fx_evs r;
	struct tl_decoder *d;
	struct tl_decoder_stats st;
	uint32_t i;
	bool order = true;

	fx_init(&x, 1, 2);
	for (i = 1; i <= 10000; i++)
		tl_ringbuild__exit(x.rb[0], 1000 + i, 9, 9, TL_ABI_X86_64,
				   NR_READ, i, NULL, 0);
	ASSERT_EQ(tl_ringbuild__block_seq(x.rb[0]), 7, "7 blocks written");
	d = fx_decoder(&x, true);
	r = fx_collect(d, 0);
	ASSERT_EQ(r.n, 1 + 1820, "overwritten marker + retained records");
	if (r.n == 1821) {
		ASSERT_EQ(r.v[0].ev.type, TL_EV_LOST, "marker first");
		ASSERT_EQ(r.v[0].ev.lost_kind, TL_LOST_OVERWRITTEN, "kind");
		ASSERT_EQ(r.v[0].ev.lost, 8180, "overwritten count");
		ASSERT_EQ(r.v[1].ev.ret, 8181, "oldest retained");
		ASSERT_EQ(r.v[1820].ev.ret, 10000, "newest");
		for (i = 1; i < 1821; i++)
			if (r.v[i].ev.ret != 8180 + i)
				order = false;
		ASSERT_TRUE(order, "every retained record, in order");
	}
	ASSERT_EQ(fx_count(&r, TL_EV_LOST), 1, "one marker per ring");
	tl_decoder__stats(d, &st);
	ASSERT_EQ(st.lost_overwritten, 8180, "stats");
	ASSERT_EQ(st.records, 1820, "records read");
	free(r.v);
	tl_decoder__free(d);
	fx_release(&x);
}

static void test_seq_wrap(void)
{
	/* (2^32 - 1) + 5 records dropped before the window, so seq wrapped
	 * and the first kept record has seq 5; the TRACE chunk's 64-bit
	 * RECORDS (2^32 + 9 consumed) gives the true count (FORMAT.md §6.6) */
	struct fx x;
	struct fx_evs r;
	struct tl_decoder *d;

	fx_init(&x, 1, 2);
	tl_ringbuild__drop(x.rb[0], 0xffffffffu);
	tl_ringbuild__drop(x.rb[0], 5);
	tl_ringbuild__exit(x.rb[0], 10, 1, 1, TL_ABI_X86_64, NR_READ, 0, NULL, 0);
	tl_ringbuild__exit(x.rb[0], 11, 1, 1, TL_ABI_X86_64, NR_READ, 0, NULL, 0);
	tl_ringbuild__drop(x.rb[0], 2);
	tl_ringbuild__exit(x.rb[0], 12, 1, 1, TL_ABI_X86_64, NR_READ, 0, NULL, 0);
	fx_finish(&x);
	ASSERT_EQ(x.ri[0].records, (1ull << 32) + 9, "64-bit count of seqs");
	d = tl_decoder__new(NULL);
	ASSERT_OK(tl_decoder__add_dump(d, "wrap.tlz", &x.m, x.tabs, &x.tr, 1),
		  "add");
	r = fx_collect(d, 0);
	ASSERT_EQ(r.n, 5, "overwritten, 2 calls, gap, 1 call");
	if (r.n == 5) {
		ASSERT_EQ(r.v[0].ev.lost_kind, TL_LOST_OVERWRITTEN, "kind");
		ASSERT_EQ(r.v[0].ev.lost, (1ull << 32) + 4, "64-bit count");
		ASSERT_EQ(r.v[3].ev.lost_kind, TL_LOST_GAP, "gap");
		ASSERT_EQ(r.v[3].ev.lost, 2, "gap count");
	}
	free(r.v);
	tl_decoder__free(d);
	fx_release(&x);
}

static void test_damage_skipped(void)
{
	struct fx x;
	struct fx_evs r;
	struct tl_decoder *d;
	struct tl_decoder_stats st;
	uint8_t *blk;
	uint32_t i;
	long k;

	/* 4 blocks, 1636 records each; block 2 gets a bad magic */
	fx_init(&x, 1, 4);
	for (i = 1; i <= 4 * 1636; i++)
		tl_ringbuild__exit(x.rb[0], 1000 + i, 9, 9, TL_ABI_X86_64,
				   NR_READ, i, NULL, 0);
	blk = tl_ringbuild__block(x.rb[0], tl_ringbuild__block_index(x.rb[0], 2));
	blk[0] ^= 0xff;
	fx_log_reset();
	d = fx_decoder(&x, true);
	r = fx_collect(d, 0);
	ASSERT_EQ(r.rc, 0, "no fatal error");
	ASSERT_EQ(fx_count(&r, TL_EV_SYSCALL_EXIT), 3 * 1636, "other blocks");
	k = fx_find(&r, 0, TL_EV_LOST, 0);
	ASSERT_TRUE(k == 1636, "gap where the block was");
	if (k >= 0) {
		ASSERT_EQ(r.v[k].ev.lost, 1636, "the block's records");
		ASSERT_EQ(r.v[k + 1].ev.ret, 2 * 1636 + 1, "resumes in block 3");
	}
	ASSERT_TRUE(strstr(fx_log, "fixture.tlz: trace 1 cpu 0") != NULL,
		    "warning names file, trace, cpu");
	ASSERT_TRUE(strstr(fx_log, "bad block magic") != NULL, "and why");
	tl_decoder__stats(d, &st);
	ASSERT_EQ(st.damaged_blocks, 1, "one block skipped");
	free(r.v);
	tl_decoder__free(d);
	fx_release(&x);

	/* a record with a bad length: the rest of its block is skipped */
	fx_init(&x, 1, 2);
	for (i = 1; i <= 10; i++)
		tl_ringbuild__exit(x.rb[0], 1000 + i, 9, 9, TL_ABI_X86_64,
				   NR_READ, i, NULL, 0);
	blk = tl_ringbuild__block(x.rb[0], 0);
	/* record 5 starts at 64 + 4 * 40: len := 44 (not a multiple of 8) */
	blk[64 + 4 * 40 + 2] = 44;
	fx_log_reset();
	d = fx_decoder(&x, true);
	r = fx_collect(d, 0);
	ASSERT_EQ(fx_count(&r, TL_EV_SYSCALL_EXIT), 4, "records before it");
	ASSERT_EQ(fx_count(&r, TL_EV_LOST), 1, "tail loss reported");
	k = fx_find(&r, 0, TL_EV_LOST, 0);
	if (k >= 0)
		ASSERT_EQ(r.v[k].ev.lost, 6, "records 5..10");
	ASSERT_TRUE(strstr(fx_log, "block 1 offset 160: bad record length") != NULL,
		    "warning names block and offset");
	free(r.v);
	tl_decoder__free(d);
	fx_release(&x);

	/* a record with a bad capture: only that record is skipped */
	fx_init(&x, 1, 2);
	{
		struct tl_rb_capt c = { .arg = 1, .kind = TL_CAPT_STR,
					.data = "abc", .len = 3, .full_len = 3 };

		tl_ringbuild__enter(x.rb[0], 10, 9, 9, TL_ABI_X86_64, NR_OPENAT,
				    fx_args(0, 0, 0), &c, 1);
		tl_ringbuild__enter(x.rb[0], 11, 8, 8, TL_ABI_X86_64, NR_OPENAT,
				    fx_args(0, 0, 0), &c, 1);
		tl_ringbuild__exit(x.rb[0], 12, 8, 8, TL_ABI_X86_64, NR_OPENAT,
				   4, NULL, 0);
	}
	blk = tl_ringbuild__block(x.rb[0], 0);
	blk[64 + 80 + 1] = 9;	/* capture kind 9 in record 1 */
	fx_log_reset();
	d = fx_decoder(&x, true);
	r = fx_collect(d, 0);
	ASSERT_EQ(r.n, 2, "gap + the intact call");
	if (r.n == 2) {
		ASSERT_EQ(r.v[0].ev.type, TL_EV_LOST, "damaged record lost");
		ASSERT_EQ(r.v[0].ev.lost, 1, "one");
		ASSERT_EQ(r.v[1].ev.tid, 8, "next record decoded");
		ASSERT_EQ(r.v[1].ev.ret, 4, "ret");
	}
	ASSERT_TRUE(strstr(fx_log, "unknown capture kind") != NULL, "why");
	tl_decoder__stats(d, &st);
	ASSERT_EQ(st.damaged_records, 1, "counted");
	free(r.v);
	tl_decoder__free(d);
	fx_release(&x);
}

static void test_unknown_record_type(void)
{
	struct fx x;
	struct fx_evs r;
	struct tl_decoder *d;
	struct tl_decoder_stats st;
	uint64_t body[3] = { 1, 2, 3 };

	fx_init(&x, 1, 2);
	tl_ringbuild__exit(x.rb[0], 10, 9, 9, TL_ABI_X86_64, NR_READ, 1, NULL, 0);
	tl_ringbuild__raw(x.rb[0], 99, 11, 9, 9, body, sizeof(body));
	tl_ringbuild__exit(x.rb[0], 12, 9, 9, TL_ABI_X86_64, NR_READ, 2, NULL, 0);
	fx_log_reset();
	d = fx_decoder(&x, true);
	r = fx_collect(d, 0);
	ASSERT_EQ(r.n, 2, "both known records, no loss");
	tl_decoder__stats(d, &st);
	ASSERT_EQ(st.unknown_records, 1, "one unknown");
	ASSERT_TRUE(strstr(fx_log, "unknown type 99") != NULL, "warned");
	free(r.v);
	tl_decoder__free(d);
	fx_release(&x);
}

static void test_abi_names(void)
{
	struct fx x;
	struct fx_evs r;
	struct tl_decoder *d;

	fx_init(&x, 1, 2);
	tl_ringbuild__exit(x.rb[0], 10, 9, 9, TL_ABI_I386, 3, 1, NULL, 0);
	tl_ringbuild__exit(x.rb[0], 11, 9, 9, TL_ABI_I386, 5, 3, NULL, 0);
	tl_ringbuild__exit(x.rb[0], 12, 9, 9, TL_ABI_X86_64, 3, 0, NULL, 0);
	tl_ringbuild__exit(x.rb[0], 13, 9, 9, TL_ABI_X86_64, 0x1b2, 0, NULL, 0);
	tl_ringbuild__exit(x.rb[0], 14, 9, 9, TL_ABI_AARCH64, 63, 0, NULL, 0);
	d = fx_decoder(&x, true);
	r = fx_collect(d, 0);
	ASSERT_EQ(r.n, 5, "five calls");
	if (r.n == 5) {
		ASSERT_STREQ(r.v[0].name, "read", "i386 3 is read");
		ASSERT_EQ(r.v[0].ev.abi, TL_ABI_I386, "abi");
		ASSERT_STREQ(r.v[1].name, "open", "i386 5 is open");
		ASSERT_STREQ(r.v[2].name, "close", "x86_64 3 is close");
		ASSERT_STREQ(r.v[3].name, "syscall_0x1b2", "unknown number");
		ASSERT_TRUE(r.v[3].ev.sc == NULL, "no entry");
		/* the file has no aarch64 table: never the host's */
		ASSERT_STREQ(r.v[4].name, "syscall_0x3f", "no table, no name");
	}
	free(r.v);
	tl_decoder__free(d);
	fx_release(&x);
}

static void test_aarch64_big_endian(void)
{
	struct fx x;
	struct fx_evs r;
	struct tl_decoder *d;
	struct tl_decoder_stats st;
	struct tl_rb_capt buf = { .arg = 1, .kind = TL_CAPT_BUF,
				  .flags = TL_CAPTF_EXIT, .data = "hello",
				  .len = 5, .full_len = 5 };

	/* an aarch64 machine declaring big-endian ring data */
	fx_init(&x, 1, 2);
	x.m.arch = "aarch64";
	x.m.big_endian = 1;
	x.tabs[TL_ABI_X86_64] = NULL;
	x.tabs[TL_ABI_I386] = NULL;
	x.tabs[TL_ABI_AARCH64] = fx_tab_aarch64();
	tl_ringbuild__set_big_endian(x.rb[0], true);
	tl_ringbuild__enter(x.rb[0], 0x0102030405ull, 0x01020304, 0x01020304,
			    TL_ABI_AARCH64, 63, fx_args(3, 0xabcdef, 5), NULL, 0);
	tl_ringbuild__exit(x.rb[0], 0x0102030406ull, 0x01020304, 0x01020304,
			   TL_ABI_AARCH64, 63, 5, &buf, 1);
	d = fx_decoder(&x, true);
	r = fx_collect(d, 0);
	ASSERT_EQ(r.n, 1, "one call");
	if (r.n == 1) {
		ASSERT_STREQ(r.v[0].name, "read", "aarch64 63 is read");
		ASSERT_EQ(r.v[0].ev.tid, 0x01020304, "tid byte order");
		ASSERT_EQ(r.v[0].ev.ts, 0x0102030406ll, "ts byte order");
		ASSERT_EQ(r.v[0].ev.args[1], 0xabcdef, "args byte order");
		ASSERT_EQ(r.v[0].ev.ret, 5, "ret");
		ASSERT_EQ(r.v[0].ev.ncapt, 1, "capture");
		ASSERT_EQ(r.v[0].capt[0].full_len, 5, "capture length");
		ASSERT_STREQ(r.v[0].cdata[0], "hello", "capture bytes verbatim");
	}
	free(r.v);
	tl_decoder__free(d);

	/* the same bytes declared little-endian: every block rejected */
	x.m.big_endian = 0;
	fx_log_reset();
	d = fx_decoder(&x, true);
	r = fx_collect(d, 0);
	ASSERT_EQ(fx_count(&r, TL_EV_SYSCALL_EXIT), 0, "nothing decoded");
	tl_decoder__stats(d, &st);
	ASSERT_EQ(st.damaged_blocks, 1, "block rejected");
	free(r.v);
	tl_decoder__free(d);
	fx_release(&x);
}

static void test_comm_ppid_tracking(void)
{
	struct fx x;
	struct fx_evs r;
	struct tl_decoder *d;
	const struct tl_proc *p;
	struct tl_proc snap[1] = { {
		.tid = 700, .pid = 700, .ppid = 1, .comm = "sh",
		.exe = "/bin/sh", .flags = TL_PROC_ALIVE,
	} };
	long i;

	fx_init(&x, 1, 2);
	x.tr.procs = snap;
	x.tr.nprocs = 1;
	tl_ringbuild__exit(x.rb[0], 10, 700, 700, TL_ABI_X86_64, NR_READ, 1,
			   NULL, 0);
	tl_ringbuild__fork(x.rb[0], 20, 700, 700, 701, 701, "sh");
	tl_ringbuild__exit(x.rb[0], 30, 701, 701, TL_ABI_X86_64, NR_CLOSE, 0,
			   NULL, 0);
	tl_ringbuild__exec(x.rb[0], 40, 701, 701, 701, "cat", "/bin/cat");
	tl_ringbuild__exit(x.rb[0], 50, 701, 701, TL_ABI_X86_64, NR_READ, 0,
			   NULL, 0);
	tl_ringbuild__exit_task(x.rb[0], 60, 701, 701, 0, TL_EXITF_GROUP_DEAD,
				"cat");
	d = fx_decoder(&x, true);
	ASSERT_NONNULL(tl_decoder__file(d, 0), "file info");
	/* before any event, the PROCS chunk is known */
	p = tl_decoder__proc(d, NULL, 701);
	ASSERT_TRUE(p && !strcmp(p->comm, "sh"), "comm at window start");
	ASSERT_TRUE(p && p->ppid == 700, "ppid from the fork record");
	r = fx_collect(d, 0);
	ASSERT_EQ(r.n, 6, "six events");
	if (r.n == 6) {
		ASSERT_STREQ(r.v[0].comm, "sh", "snapshot comm");
		ASSERT_EQ(r.v[0].ev.ppid, 1, "snapshot ppid");
		ASSERT_EQ(r.v[1].ev.type, TL_EV_FORK, "fork");
		ASSERT_EQ(r.v[1].ev.child_tid, 701, "child");
		ASSERT_EQ(r.v[1].ev.flags, 0, "a process");
		ASSERT_STREQ(r.v[2].comm, "sh", "child before exec");
		ASSERT_EQ(r.v[2].ev.ppid, 700, "child's parent");
		ASSERT_EQ(r.v[3].ev.type, TL_EV_EXEC, "exec");
		ASSERT_STREQ(r.v[4].comm, "cat", "after exec");
		ASSERT_EQ(r.v[5].ev.type, TL_EV_EXIT, "exit");
	}
	p = tl_decoder__proc(d, NULL, 701);
	ASSERT_TRUE(p && (p->flags & TL_PROC_EXITED), "exited now");
	p = tl_decoder__proc(d, NULL, 700);
	ASSERT_TRUE(p && p->exe && !strcmp(p->exe, "/bin/sh"), "exe kept");
	ASSERT_TRUE(tl_decoder__proc(d, NULL, 4242) == NULL, "unknown tid");
	i = fx_find(&r, 0, TL_EV_LOST, 0);
	ASSERT_EQ(i, -1, "no loss");
	free(r.v);
	tl_decoder__free(d);
	fx_release(&x);
}

static void test_multi_input_merge(void)
{
	struct fx a, b;
	struct fx_evs r;
	struct tl_decoder *d;
	size_t i;
	bool ordered = true;

	fx_init(&a, 2, 2);
	fx_init(&b, 1, 2);
	b.tr.info.name = "other";
	for (i = 0; i < 100; i++) {
		tl_ringbuild__exit(a.rb[i % 2], 10 * i, 1, 1, TL_ABI_X86_64,
				   NR_READ, (int64_t)i, NULL, 0);
		tl_ringbuild__exit(b.rb[0], 10 * i + 5 * (i % 2), 2, 2,
				   TL_ABI_X86_64, NR_WRITE, (int64_t)i, NULL, 0);
	}
	fx_finish(&a);
	fx_finish(&b);
	d = tl_decoder__new(NULL);
	ASSERT_OK(tl_decoder__add_dump(d, "a.tlz", &a.m, a.tabs, &a.tr, 1), "a");
	ASSERT_OK(tl_decoder__add_dump(d, "b.tlz", &b.m, b.tabs, &b.tr, 1), "b");
	ASSERT_EQ(tl_decoder__nfiles(d), 2, "two inputs");
	r = fx_collect(d, 0);
	ASSERT_EQ(r.n, 200, "all events");
	for (i = 1; i < r.n; i++) {
		const struct tl_event *p = &r.v[i - 1].ev, *c = &r.v[i].ev;

		if (p->ts > c->ts)
			ordered = false;
		/* equal ts: the first input first */
		if (p->ts == c->ts && strcmp(r.v[i - 1].file, "a.tlz"))
			ordered = false;
	}
	ASSERT_TRUE(ordered, "time order, ties by input");
	ASSERT_STREQ(r.v[0].trace, "fixture", "trace of input a");
	ASSERT_STREQ(r.v[1].trace, "other", "trace of input b");
	free(r.v);
	tl_decoder__free(d);
	fx_release(&a);
	fx_release(&b);
}

static void test_memory_bound(void)
{
	/* 4 CPUs x 128 full blocks = 32 RING chunks of 16 blocks; records
	 * interleaved in time across CPUs. The decoder must not hold the
	 * whole dump: about one chunk per ring. */
	struct fx x;
	struct tl_decoder *d;
	struct tl_decoder_stats st;
	const struct tl_event *ev;
	uint64_t n = 0, last = 0;
	uint32_t i, c;
	bool ordered = true;

	fx_init(&x, 4, 128);
	for (i = 0; i < 128 * 1636; i++)
		for (c = 0; c < 4; c++)
			tl_ringbuild__exit(x.rb[c], 4ull * i + c + 1, 1 + c, 1 + c,
					   TL_ABI_X86_64, NR_READ, i, NULL, 0);
	d = fx_decoder(&x, true);
	while (tl_decoder__next(d, &ev) == 1) {
		if ((uint64_t)ev->ts < last)
			ordered = false;
		last = (uint64_t)ev->ts;
		n++;
	}
	tl_decoder__stats(d, &st);
	ASSERT_EQ(n, 4ull * 128 * 1636, "every record");
	ASSERT_TRUE(ordered, "time order");
	ASSERT_EQ(st.ring_chunks, 32, "32 chunks");
	ASSERT_TRUE(st.max_chunks_held <= 4 + 2, "about one chunk per ring");
	ASSERT_TRUE(st.max_bytes_held <= 6ull * 16 * TL_BLOCK_SIZE,
		    "bytes held bounded");
	ASSERT_EQ(st.forced, 0, "order never forced");
	ASSERT_EQ(st.chunks_held, 0, "all released at the end");
	tl_decoder__free(d);
	fx_release(&x);
}

int main(void)
{
	RUN_TEST(test_pair_across_cpus);
	RUN_TEST(test_empty_capture_first);
	RUN_TEST(test_pairing_not_by_time);
	RUN_TEST(test_unfinished_and_in_flight);
	RUN_TEST(test_sigreturn);
	RUN_TEST(test_exit_group_noreturn);
	RUN_TEST(test_exec_non_leader);
	RUN_TEST(test_lost_records);
	RUN_TEST(test_wrapped_ring);
	RUN_TEST(test_seq_wrap);
	RUN_TEST(test_damage_skipped);
	RUN_TEST(test_unknown_record_type);
	RUN_TEST(test_abi_names);
	RUN_TEST(test_aarch64_big_endian);
	RUN_TEST(test_comm_ppid_tracking);
	RUN_TEST(test_multi_input_merge);
	RUN_TEST(test_memory_bound);
	return TEST_EXIT();
}
