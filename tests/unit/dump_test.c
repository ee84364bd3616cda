// SPDX-License-Identifier: MIT
/*
 * dump_test.c - tl_writer__write_dump() and the decoder through real
 * .tlz bytes (writer -> memory -> reader -> decoder): the file decodes to
 * exactly what the in-memory dump decodes to, with every codec; the
 * syscall tables of the ABIs found (i386 read is 3, aarch64 read is 63);
 * the merged PROCS table; only written blocks stored, RING chunks in time
 * order; a truncated file yields every complete chunk's events; several
 * files merged; memory bounded by chunks, not by the file.
 */
#include "crc32c.h"
#include "dec_fixture.h"
#include "internal.h"
#include "test.h"

#define NR_READ		0
#define NR_OPENAT	257
#define NR_WAIT4	61
#define NR_EXIT_GROUP	231

static struct tl_proc snap[] = {
	{ .tid = 100, .pid = 100, .ppid = 1, .comm = "bash",
	  .exe = "/bin/bash", .cwd = "/root", .flags = TL_PROC_ALIVE },
};

/* A small but complete story on two CPUs. */
static void build_rich(struct fx *x)
{
	struct tl_rb_capt path = { .arg = 1, .kind = TL_CAPT_STR,
				   .data = "/tmp/file-123", .len = 13,
				   .full_len = 13 };
	struct tl_rb_capt buf = { .arg = 1, .kind = TL_CAPT_BUF,
				  .flags = TL_CAPTF_EXIT, .data = "42\n\0x",
				  .len = 5, .full_len = 5 };

	int i;

	fx_init(x, 2, 4);
	for (i = 1; i < TL_ABI_MAX; i++)
		x->tabs[i] = tl_systable_builtin(i);
	x->tr.procs = snap;
	x->tr.nprocs = 1;
	tl_ringbuild__exit(x->rb[0], 10, 100, 100, TL_ABI_X86_64, NR_READ, 1,
			   NULL, 0);
	tl_ringbuild__enter(x->rb[0], 20, 100, 100, TL_ABI_X86_64, NR_OPENAT,
			    fx_args((uint64_t)-100, 0x5000, 0), &path, 1);
	tl_ringbuild__drop(x->rb[0], 1);
	tl_ringbuild__exit(x->rb[1], 25, 100, 100, TL_ABI_X86_64, NR_OPENAT,
			   -2, NULL, 0);
	tl_ringbuild__fork(x->rb[0], 30, 100, 100, 101, 101, "bash");
	tl_ringbuild__exec(x->rb[1], 40, 101, 101, 101, "cat", "/bin/cat");
	tl_ringbuild__enter(x->rb[1], 41, 101, 101, TL_ABI_X86_64, NR_READ,
			    fx_args(3, 0x6000, 4096), NULL, 0);
	tl_ringbuild__exit(x->rb[1], 42, 101, 101, TL_ABI_X86_64, NR_READ, 5,
			   &buf, 1);
	tl_ringbuild__enter(x->rb[1], 60, 101, 101, TL_ABI_X86_64,
			    NR_EXIT_GROUP, fx_args(0, 0, 0), NULL, 0);
	tl_ringbuild__exit_task(x->rb[1], 61, 101, 101, 0, TL_EXITF_GROUP_DEAD,
				"cat");
	tl_ringbuild__enter(x->rb[0], 70, 100, 100, TL_ABI_X86_64, NR_WAIT4,
			    fx_args((uint64_t)-1, 0, 0), NULL, 0);
}

static void test_file_equals_memory(void)
{
	static const enum tl_codec codecs[] = {
		TL_CODEC_ZSTD, TL_CODEC_ZLIB, TL_CODEC_NONE,
	};
	struct fx x;
	struct fx_evs mem, file;
	struct tl_decoder *d;
	const struct tl_file_info *fi;
	size_t c, i;

	build_rich(&x);
	d = fx_decoder(&x, false);
	/* the memory dump uses the file's tables: the builtin ones */
	mem = fx_collect(d, 0);
	tl_decoder__free(d);
	ASSERT_EQ(mem.rc, 0, "memory decode");
	ASSERT_TRUE(mem.n >= 12, "events");

	for (c = 0; c < 3; c++) {
		struct fx_mem out = { 0 };
		bool same = true;

		ASSERT_OK(fx_write(&x, codecs[c], &out), "write_dump");
		d = fx_file_decoder(out.p, out.len, "rich.tlz", false);
		ASSERT_NONNULL(d, "decoder");
		if (!d)
			continue;
		fi = tl_decoder__file(d, 0);
		ASSERT_NONNULL(fi, "file info");
		if (fi) {
			ASSERT_TRUE(fi->machine && !strcmp(fi->machine->arch, "x86_64"),
				    "machine");
			ASSERT_EQ(fi->wall_offset_ns,
				  1700000000000000000ll - 1000000000ll, "clock");
			ASSERT_NONNULL(fi->systables[TL_ABI_X86_64], "native table");
			ASSERT_TRUE(fi->systables[TL_ABI_I386] == NULL,
				    "no i386 table without i386 records");
			ASSERT_EQ(fi->ntraces, 1, "one trace");
			if (fi->ntraces == 1) {
				ASSERT_STREQ(fi->traces[0]->name, "fixture", "trace name");
				ASSERT_EQ(fi->traces[0]->nrings, 2, "ring infos");
			}
		}
		file = fx_collect(d, 0);
		ASSERT_EQ(file.rc, 0, "file decode");
		ASSERT_EQ(file.n, mem.n, "same number of events");
		for (i = 0; i < file.n && i < mem.n; i++) {
			if (!fx_same(&file.v[i], &mem.v[i])) {
				fprintf(stderr, "event %zu differs (codec %d)\n", i,
					codecs[c]);
				same = false;
			}
		}
		ASSERT_TRUE(same, "file decodes like the memory dump");
		free(file.v);
		free(out.p);
		tl_decoder__free(d);
	}

	/* spot checks of the story, with the builtin tables' names */
	for (i = 0; i < mem.n; i++) {
		const struct fx_ev *e = &mem.v[i];

		if (e->ev.type == TL_EV_SYSCALL_EXIT && e->ev.tid == 100 &&
		    e->ev.nr == NR_OPENAT) {
			ASSERT_STREQ(e->name, "openat", "openat name");
			ASSERT_EQ(e->ev.ret, -2, "ENOENT");
			ASSERT_STREQ(e->cdata[0], "/tmp/file-123", "path");
			ASSERT_STREQ(e->comm, "bash", "comm from the snapshot");
		}
		if (e->ev.type == TL_EV_SYSCALL_EXIT && e->ev.tid == 101 &&
		    e->ev.nr == NR_READ) {
			ASSERT_EQ(e->ncapt, 1, "read buffer");
			ASSERT_TRUE(!memcmp(e->cdata[0], "42\n\0x", 5), "bytes");
			ASSERT_STREQ(e->comm, "cat", "comm after exec");
			ASSERT_EQ(e->ev.ppid, 100, "ppid from fork");
		}
		if (e->ev.type == TL_EV_SYSCALL_EXIT && e->ev.nr == NR_WAIT4)
			ASSERT_EQ(e->ev.flags, TL_EVF_HAS_ENTER | TL_EVF_IN_FLIGHT,
				  "wait4 in flight");
		if (e->ev.type == TL_EV_LOST)
			ASSERT_EQ(e->ev.lost, 1, "the dropped record");
	}
	ASSERT_EQ(fx_count(&mem, TL_EV_LOST), 1, "one loss");
	free(mem.v);
	fx_release(&x);
}

static void test_procs_chunk(void)
{
	struct fx x;
	struct fx_mem out = { 0 };
	struct tl_reader *r;
	const struct tl_chunk *c;
	const struct tl_proc *p = NULL;
	size_t n = 0, i;
	uint32_t id = 0;
	bool found = false;

	build_rich(&x);
	/* a thread seen only in syscall records */
	tl_ringbuild__exit(x.rb[0], 80, 102, 100, TL_ABI_X86_64, NR_READ, 0,
			   NULL, 0);
	ASSERT_OK(fx_write(&x, TL_CODEC_ZSTD, &out), "write");
	r = tl_reader__open_mem(out.p, out.len, "procs.tlz");
	while (r && tl_reader__next_chunk(r, &c) == 1) {
		if (c->type != TL_CHUNK_PROCS)
			continue;
		ASSERT_OK(tl_reader__parse_procs(r, c, &id, &p, &n), "parse");
		found = true;
		break;
	}
	ASSERT_TRUE(found, "PROCS chunk");
	ASSERT_EQ(id, 1, "trace id");
	ASSERT_EQ(n, 3, "snapshot + forked child + thread");
	for (i = 0; found && i < n; i++) {
		if (p[i].tid == 100) {
			ASSERT_STREQ(p[i].comm, "bash", "100 comm");
			ASSERT_EQ(p[i].ppid, 1, "100 ppid");
			ASSERT_STREQ(p[i].exe, "/bin/bash", "exe kept");
			ASSERT_EQ(p[i].flags, TL_PROC_ALIVE, "alive");
		} else if (p[i].tid == 101) {
			ASSERT_STREQ(p[i].comm, "bash", "comm at window start");
			ASSERT_EQ(p[i].pid, 101, "pid");
			ASSERT_EQ(p[i].ppid, 100, "ppid from fork");
			ASSERT_EQ(p[i].flags, TL_PROC_EXITED, "exited");
			ASSERT_EQ(p[i].exit_code, 0, "exit code");
			ASSERT_EQ(p[i].start_ns, 30, "fork time");
		} else {
			ASSERT_EQ(p[i].tid, 102, "thread");
			ASSERT_EQ(p[i].pid, 100, "its process");
			ASSERT_EQ(p[i].ppid, 1, "its process's parent");
			ASSERT_EQ(p[i].flags, TL_PROC_THREAD, "thread flag");
			ASSERT_STREQ(p[i].comm, "", "comm unknown");
		}
		if (i)
			ASSERT_TRUE(p[i - 1].tid < p[i].tid, "sorted by tid");
	}
	tl_reader__close(r);
	free(out.p);
	fx_release(&x);
}

static void test_abi_tables(void)
{
	struct fx x;
	struct fx_mem out = { 0 };
	struct tl_decoder *d;
	struct fx_evs r;
	const struct tl_file_info *fi;

	/* x86_64 machine running an i386 program */
	fx_init(&x, 1, 2);
	tl_ringbuild__exit(x.rb[0], 10, 9, 9, TL_ABI_I386, 3, 4, NULL, 0);
	tl_ringbuild__exit(x.rb[0], 11, 9, 9, TL_ABI_I386, 5, 3, NULL, 0);
	tl_ringbuild__exit(x.rb[0], 12, 9, 9, TL_ABI_X86_64, 3, 0, NULL, 0);
	ASSERT_OK(fx_write(&x, TL_CODEC_ZSTD, &out), "write");
	d = fx_file_decoder(out.p, out.len, "i386.tlz", true);
	fi = tl_decoder__file(d, 0);
	ASSERT_TRUE(fi && fi->systables[TL_ABI_I386], "i386 table stored");
	ASSERT_TRUE(fi && fi->systables[TL_ABI_X86_64], "native table stored");
	ASSERT_TRUE(fi && !fi->systables[TL_ABI_AARCH64], "no aarch64 table");
	r = fx_collect(d, 0);
	ASSERT_EQ(r.n, 3, "three calls");
	if (r.n == 3) {
		ASSERT_STREQ(r.v[0].name, "read", "i386 3 is read");
		ASSERT_STREQ(r.v[1].name, "open", "i386 5 is open");
		ASSERT_STREQ(r.v[2].name, "close", "x86_64 3 is close");
	}
	free(r.v);
	tl_decoder__free(d);
	free(out.p);
	fx_release(&x);

	/* an aarch64 machine, big-endian ring data declared as such */
	fx_init(&x, 1, 2);
	x.m.arch = "aarch64";
	x.m.big_endian = 1;
	tl_ringbuild__set_big_endian(x.rb[0], true);
	tl_ringbuild__exit(x.rb[0], 10, 9, 9, TL_ABI_AARCH64, 63, 7, NULL, 0);
	tl_ringbuild__exit(x.rb[0], 11, 9, 9, TL_ABI_AARCH64, 56, 3, NULL, 0);
	tl_ringbuild__fork(x.rb[0], 12, 9, 9, 10, 10, "init");
	tl_ringbuild__exit(x.rb[0], 13, 10, 10, TL_ABI_AARCH64, 221, 0, NULL, 0);
	memset(&out, 0, sizeof(out));
	ASSERT_OK(fx_write(&x, TL_CODEC_ZSTD, &out), "write");
	d = fx_file_decoder(out.p, out.len, "arm64.tlz", true);
	fi = tl_decoder__file(d, 0);
	ASSERT_TRUE(fi && fi->systables[TL_ABI_AARCH64], "aarch64 table");
	ASSERT_TRUE(fi && !fi->systables[TL_ABI_X86_64], "not the host's");
	r = fx_collect(d, 0);
	ASSERT_EQ(r.n, 4, "three calls and a fork");
	if (r.n == 4) {
		ASSERT_STREQ(r.v[0].name, "read", "aarch64 63 is read");
		ASSERT_EQ(r.v[0].ev.ret, 7, "ret in file byte order");
		ASSERT_STREQ(r.v[1].name, "openat", "aarch64 56 is openat");
		ASSERT_EQ(r.v[2].ev.child_tid, 10, "fork child");
		ASSERT_STREQ(r.v[3].name, "execve", "aarch64 221 is execve");
		ASSERT_EQ(r.v[3].ev.ppid, 9, "ppid through PROCS");
		ASSERT_STREQ(r.v[3].comm, "init", "comm through PROCS");
	}
	free(r.v);
	tl_decoder__free(d);
	free(out.p);
	fx_release(&x);
}

/* Walk the RING chunks of a file: blocks stored, records in them, and
 * whether the chunks are in ts_min order. */
static void ring_census(const void *p, size_t len, size_t *nchunks,
			size_t *nblocks, size_t *nrec, bool *ordered,
			uint64_t *chunk_end, size_t max_ends)
{
	struct tl_reader *r = tl_reader__open_mem(p, len, "census");
	const struct tl_chunk *c;
	int64_t last = INT64_MIN;
	size_t k = 0;

	*nchunks = *nblocks = *nrec = 0;
	*ordered = true;
	while (r && tl_reader__next_chunk(r, &c) == 1) {
		struct tl_ring_chunk rc;
		uint32_t i;

		if (chunk_end && k < max_ends)
			chunk_end[k++] = c->offset;
		if (c->type != TL_CHUNK_RING ||
		    tl_reader__parse_ring(r, c, &rc))
			continue;
		(*nchunks)++;
		*nblocks += rc.nblocks;
		if (rc.ts_min < last)
			*ordered = false;
		last = rc.ts_min;
		for (i = 0; i < rc.nblocks; i++) {
			const uint8_t *b = (const uint8_t *)rc.blocks +
					   (size_t)i * rc.block_size;
			uint32_t used = tl_get32(b + 4), off = 0;

			while (off + 24 <= used) {
				uint16_t l = tl_get16(b + 64 + off + 2);

				if (l < 24)
					break;
				off += l;
				(*nrec)++;
			}
		}
	}
	if (chunk_end && k < max_ends)
		chunk_end[k] = len;
	tl_reader__close(r);
}

static void test_only_written_blocks_in_order(void)
{
	struct fx x;
	struct fx_mem out = { 0 };
	size_t nchunks, nblocks, nrec;
	bool ordered;
	uint32_t i;

	/* 8-block rings: cpu0 writes 2 blocks, cpu1 wraps 3 times */
	fx_init(&x, 2, 8);
	for (i = 0; i < 2 * 1636; i++)
		tl_ringbuild__exit(x.rb[0], 10 + 4 * (uint64_t)i, 1, 1,
				   TL_ABI_X86_64, NR_READ, 0, NULL, 0);
	for (i = 0; i < 30 * 1636; i++)
		tl_ringbuild__exit(x.rb[1], 11 + (uint64_t)i, 2, 2,
				   TL_ABI_X86_64, NR_READ, 0, NULL, 0);
	ASSERT_OK(fx_write(&x, TL_CODEC_ZSTD, &out), "write");
	ring_census(out.p, out.len, &nchunks, &nblocks, &nrec, &ordered,
		    NULL, 0);
	ASSERT_EQ(nblocks, 2 + 8, "only written blocks");
	ASSERT_EQ(nchunks, 2, "one chunk per ring");
	ASSERT_EQ(nrec, 2 * 1636 + 8 * 1636, "records stored");
	ASSERT_TRUE(ordered, "RING chunks by time");
	free(out.p);
	fx_release(&x);
}

static void test_truncated_file(void)
{
	struct fx x;
	struct fx_mem out = { 0 };
	uint64_t ends[64];
	size_t nchunks, nblocks, nrec, k, nends;
	bool ordered;
	uint32_t i;
	size_t partial = 0;

	/* 2 CPUs x 40 blocks -> RING chunks of 16, 16, 8 per ring */
	fx_init(&x, 2, 64);
	for (i = 0; i < 40 * 1636; i++) {
		tl_ringbuild__exit(x.rb[0], 2ull * i, 1, 1, TL_ABI_X86_64,
				   NR_READ, i, NULL, 0);
		tl_ringbuild__exit(x.rb[1], 2ull * i + 1, 2, 2, TL_ABI_X86_64,
				   NR_READ, i, NULL, 0);
	}
	ASSERT_OK(fx_write(&x, TL_CODEC_NONE, &out), "write");
	memset(ends, 0, sizeof(ends));
	ring_census(out.p, out.len, &nchunks, &nblocks, &nrec, &ordered,
		    ends, 63);
	ASSERT_EQ(nchunks, 6, "six RING chunks");
	for (nends = 0; nends < 64 && ends[nends] != out.len; nends++)
		;
	/* cut at every chunk boundary and in the middle of every chunk */
	for (k = 1; k <= nends; k++) {
		uint64_t cuts[2] = { ends[k], ends[k - 1] + (ends[k] - ends[k - 1]) / 2 };
		unsigned j;

		for (j = 0; j < 2; j++) {
			struct tl_decoder *d;
			struct fx_evs r;
			size_t want, n2, b2;
			bool o2;
			size_t got;

			ring_census(out.p, cuts[j], &n2, &b2, &want, &o2, NULL, 0);
			fx_log_reset();
			d = fx_file_decoder(out.p, cuts[j], "cut.tlz", true);
			r = fx_collect(d, 1);
			{
				struct tl_decoder_stats st;

				tl_decoder__stats(d, &st);
				got = st.records;
			}
			ASSERT_EQ(r.rc, 0, "no fatal error");
			ASSERT_EQ(got, want, "every record of the complete chunks");
			if (want > 0 && want < nrec)
				partial++;
			free(r.v);
			tl_decoder__free(d);
		}
	}
	ASSERT_TRUE(partial >= 8, "cuts inside the RING chunks were tried");
	ASSERT_EQ(nrec, 2 * 40 * 1636, "all records in the whole file");
	free(out.p);
	fx_release(&x);
}

static void test_files_merged_bounded(void)
{
	struct fx a, b;
	struct fx_mem fa = { 0 }, fb = { 0 };
	struct tl_decoder *d;
	struct tl_decoder_stats st;
	const struct tl_event *ev;
	uint64_t n = 0, last = 0, from_b = 0;
	uint32_t i;
	bool ordered = true;

	fx_init(&a, 2, 64);
	fx_init(&b, 1, 64);
	for (i = 0; i < 48 * 1636; i++) {
		tl_ringbuild__exit(a.rb[0], 3ull * i, 1, 1, TL_ABI_X86_64,
				   NR_READ, i, NULL, 0);
		tl_ringbuild__exit(a.rb[1], 3ull * i + 1, 2, 2, TL_ABI_X86_64,
				   NR_READ, i, NULL, 0);
		tl_ringbuild__exit(b.rb[0], 3ull * i + 2, 3, 3, TL_ABI_X86_64,
				   NR_READ, i, NULL, 0);
	}
	ASSERT_OK(fx_write(&a, TL_CODEC_ZSTD, &fa), "write a");
	ASSERT_OK(fx_write(&b, TL_CODEC_ZSTD, &fb), "write b");
	d = tl_decoder__new(NULL);
	ASSERT_OK(tl_decoder__add(d, tl_reader__open_mem(fa.p, fa.len, "a.tlz")),
		  "add a");
	ASSERT_OK(tl_decoder__add(d, tl_reader__open_mem(fb.p, fb.len, "b.tlz")),
		  "add b");
	while (tl_decoder__next(d, &ev) == 1) {
		if ((uint64_t)ev->ts < last)
			ordered = false;
		last = (uint64_t)ev->ts;
		from_b += !strcmp(ev->file->name, "b.tlz");
		n++;
	}
	tl_decoder__stats(d, &st);
	ASSERT_EQ(n, 3ull * 48 * 1636, "all records of both files");
	ASSERT_EQ(from_b, 48ull * 1636, "b's records");
	ASSERT_TRUE(ordered, "merged in time order");
	ASSERT_EQ(st.ring_chunks, 9, "3 rings x 3 chunks");
	ASSERT_TRUE(st.max_chunks_held <= 3 + 2, "about one chunk per ring");
	tl_decoder__free(d);
	free(fa.p);
	free(fb.p);
	fx_release(&a);
	fx_release(&b);
}

/* Make the CRCs of the chunk holding file offset `at` right again. */
static void fix_chunk_crc(uint8_t *p, size_t len, size_t at)
{
	size_t off = at;

	while (off > 0 && memcmp(p + off, "TLZCHNK", 8))
		off--;
	tl_put32(p + off + 40, tl_crc32c(0, p + off + 48,
					 (size_t)tl_get64(p + off + 16)));
	tl_put32(p + off + 44, tl_crc32c(0, p + off, 44));
	(void)len;
}

static void test_damage_in_file(void)
{
	struct fx x;
	struct fx_mem out = { 0 };
	struct tl_decoder *d;
	struct fx_evs r;
	struct tl_decoder_stats st;
	uint8_t *blk;
	size_t i, found = 0;
	uint32_t k;

	/* a record with a bad length is stored as it is (the block is
	 * sound) and found by the decoder: the rest of the block goes */
	fx_init(&x, 1, 4);
	for (k = 1; k <= 10; k++)
		tl_ringbuild__exit(x.rb[0], 1000 + k, 9, 9, TL_ABI_X86_64,
				   NR_READ, k, NULL, 0);
	blk = tl_ringbuild__block(x.rb[0], 0);
	blk[64 + 4 * 40 + 2] = 44;
	ASSERT_OK(fx_write(&x, TL_CODEC_ZSTD, &out), "write");
	fx_log_reset();
	d = fx_file_decoder(out.p, out.len, "bad.tlz", true);
	r = fx_collect(d, 0);
	ASSERT_EQ(r.rc, 0, "not fatal");
	ASSERT_EQ(fx_count(&r, TL_EV_SYSCALL_EXIT), 4, "records before it");
	ASSERT_TRUE(r.n == 5 && r.v[4].ev.lost == 6, "the rest reported lost");
	ASSERT_TRUE(strstr(fx_log, "bad.tlz: RING chunk at offset ") != NULL,
		    "warning names the RING chunk");
	ASSERT_TRUE(strstr(fx_log, "trace 1 cpu 0 block 1 offset 160: bad record length") != NULL,
		    "and the block and record offset");
	free(r.v);
	tl_decoder__free(d);
	free(out.p);
	fx_release(&x);

	/* a block with a bad magic is not written at all */
	fx_init(&x, 1, 4);
	for (k = 1; k <= 3 * 1636; k++)
		tl_ringbuild__exit(x.rb[0], 1000 + k, 9, 9, TL_ABI_X86_64,
				   NR_READ, k, NULL, 0);
	((uint8_t *)tl_ringbuild__block(x.rb[0], 1))[0] ^= 0xff;
	memset(&out, 0, sizeof(out));
	fx_log_reset();
	ASSERT_OK(fx_write(&x, TL_CODEC_NONE, &out), "write");
	ASSERT_TRUE(strstr(fx_log, "block index 1 skipped: bad block magic") != NULL,
		    "writer says so");
	/* ... and damage made in the file after writing is found by the
	 * decoder: a non-zero reserved word in the last block */
	for (i = 0; i + 64 <= out.len; i += 8) {
		if (tl_get32(out.p + i) == TL_BLOCK_MAGIC &&
		    tl_get64(out.p + i + 8) == 3) {
			out.p[i + 48] = 1;
			fix_chunk_crc(out.p, out.len, i);
			found++;
		}
	}
	ASSERT_EQ(found, 1, "block 3 in the file");
	fx_log_reset();
	d = fx_file_decoder(out.p, out.len, "bad2.tlz", true);
	r = fx_collect(d, 0);
	tl_decoder__stats(d, &st);
	ASSERT_EQ(st.damaged_blocks, 1, "decoder skipped block 3");
	ASSERT_EQ(fx_count(&r, TL_EV_SYSCALL_EXIT), 1636, "block 1 decoded");
	ASSERT_EQ(fx_count(&r, TL_EV_LOST), 1, "blocks 2-3 lost at the end");
	ASSERT_TRUE(strstr(fx_log, "reserved block header fields not zero") != NULL,
		    "why");
	free(r.v);
	tl_decoder__free(d);
	free(out.p);
	fx_release(&x);
}

int main(void)
{
	RUN_TEST(test_file_equals_memory);
	RUN_TEST(test_procs_chunk);
	RUN_TEST(test_abi_tables);
	RUN_TEST(test_only_written_blocks_in_order);
	RUN_TEST(test_truncated_file);
	RUN_TEST(test_damage_in_file);
	RUN_TEST(test_files_merged_bounded);
	return TEST_EXIT();
}
