// SPDX-License-Identifier: MIT
/*
 * writer_reader_test.c - the .tlz container end to end, in memory: every
 * chunk type through every codec and back, the metadata parsers, the
 * index and footer, pipes and stdin, temporary-file output.
 * Damage (truncation, bit flips, bounds) is in damage_test.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <dirent.h>

#include "tl.h"
#include "test.h"
#include "tlz_sample.h"

static const struct codec_case {
	const char *spec;
	enum tl_codec codec;
	int level;
} codecs[] = {
	{ "none", TL_CODEC_NONE, 0 },
	{ "zstd:1", TL_CODEC_ZSTD, 1 },
	{ "zstd:19", TL_CODEC_ZSTD, 19 },
	{ "zlib", TL_CODEC_ZLIB, 0 },
};

static void check_machine(const struct tl_machine *m)
{
	const struct tl_machine *e = &sample_machine;

	ASSERT_STREQ(m->arch, e->arch, "arch");
	ASSERT_STREQ(m->kernel_release, e->kernel_release, "release");
	ASSERT_STREQ(m->kernel_version, e->kernel_version, "version");
	ASSERT_STREQ(m->hostname, e->hostname, "hostname");
	ASSERT_EQ(m->page_size, e->page_size, "page size");
	ASSERT_EQ(m->ncpus, e->ncpus, "ncpus");
	ASSERT_EQ(m->big_endian, e->big_endian, "big endian");
	ASSERT_EQ(m->long_size, e->long_size, "long size");
	ASSERT_EQ(m->record_layout, e->record_layout, "layout");
	ASSERT_EQ(m->clock_start.realtime_ns, e->clock_start.realtime_ns, "rt0");
	ASSERT_EQ(m->clock_start.monotonic_ns, e->clock_start.monotonic_ns, "mono0");
	ASSERT_EQ(m->clock_start.boottime_ns, e->clock_start.boottime_ns, "boot0");
	ASSERT_EQ(m->clock_dump.realtime_ns, e->clock_dump.realtime_ns, "rt1");
	ASSERT_EQ(m->clock_dump.monotonic_ns, e->clock_dump.monotonic_ns, "mono1");
	ASSERT_EQ(m->clock_dump.boottime_ns, e->clock_dump.boottime_ns, "boot1");
	ASSERT_STREQ(m->recorder, e->recorder, "recorder");
	ASSERT_STREQ(m->cmdline, e->cmdline, "cmdline");
	ASSERT_EQ(m->snaplen, e->snaplen, "snaplen");
	ASSERT_EQ(m->no_data, e->no_data, "no_data");
	ASSERT_EQ(m->buffer_size, e->buffer_size, "buffer size");
	ASSERT_STREQ(m->syscall_filter, e->syscall_filter, "filter");
	ASSERT_STREQ(m->compress, e->compress, "compress");
}

static void check_systable(const struct tl_systable *t)
{
	const struct tl_systable *e = &sample_systable;
	uint32_t i;
	int a;

	ASSERT_EQ(t->abi, e->abi, "abi");
	ASSERT_STREQ(t->arch, e->arch, "arch");
	if (!ASSERT_EQ(t->count, e->count, "count"))
		return;
	for (i = 0; i < e->count; i++) {
		const struct tl_syscall *x = &t->calls[i], *y = &e->calls[i];

		ASSERT_EQ(x->nr, y->nr, "nr");
		ASSERT_STREQ(x->name, y->name, "name");
		ASSERT_EQ(x->classes, y->classes, "classes");
		if (!ASSERT_EQ(x->nargs, y->nargs, "nargs"))
			continue;
		for (a = 0; a < y->nargs; a++) {
			ASSERT_STREQ(x->args[a].name, y->args[a].name, "arg name");
			ASSERT_STREQ(x->args[a].type, y->args[a].type, "arg type");
			if (y->args[a].fmt)
				ASSERT_STREQ(x->args[a].fmt, y->args[a].fmt, "fmt");
			else
				ASSERT_TRUE(x->args[a].fmt == NULL, "no fmt");
			ASSERT_EQ(x->args[a].kind, y->args[a].kind, "kind");
			ASSERT_EQ(x->args[a].len_arg, y->args[a].len_arg, "len_arg");
			ASSERT_EQ(x->args[a].size, y->args[a].size, "size");
		}
	}
}

static void check_trace(const struct tl_trace_info *t)
{
	const struct tl_trace_info *e = &sample_trace;
	uint32_t i;

	ASSERT_EQ(t->id, e->id, "id");
	ASSERT_EQ(t->kind, e->kind, "kind");
	ASSERT_STREQ(t->name, e->name, "name");
	ASSERT_STREQ(t->cgroup_path, e->cgroup_path, "cgroup path");
	ASSERT_EQ(t->cgroup_id, e->cgroup_id, "cgroup id");
	ASSERT_EQ(t->start_ns, e->start_ns, "start");
	ASSERT_EQ(t->end_ns, e->end_ns, "end");
	if (ASSERT_EQ(t->nlabels, e->nlabels, "labels"))
		for (i = 0; i < e->nlabels; i++) {
			ASSERT_STREQ(t->labels[i].key, e->labels[i].key, "key");
			ASSERT_STREQ(t->labels[i].value, e->labels[i].value, "value");
		}
	if (ASSERT_EQ(t->nrings, e->nrings, "rings"))
		for (i = 0; i < e->nrings; i++)
			ASSERT_MEMEQ(&t->rings[i], &e->rings[i],
				     sizeof(e->rings[i]), "ring info");
}

static void check_procs(uint32_t trace_id, const struct tl_proc *p, size_t n)
{
	size_t i;

	ASSERT_EQ(trace_id, sample_trace.id, "procs trace id");
	if (!ASSERT_EQ(n, SAMPLE_NPROCS, "nprocs"))
		return;
	for (i = 0; i < n; i++) {
		const struct tl_proc *e = &sample_procs[i];

		ASSERT_EQ(p[i].tid, e->tid, "tid");
		ASSERT_EQ(p[i].pid, e->pid, "pid");
		ASSERT_EQ(p[i].ppid, e->ppid, "ppid");
		ASSERT_EQ(p[i].uid, e->uid, "uid");
		ASSERT_EQ(p[i].gid, e->gid, "gid");
		ASSERT_EQ(p[i].flags, e->flags, "flags");
		ASSERT_EQ(p[i].exit_code, e->exit_code, "exit code");
		ASSERT_STREQ(p[i].comm, e->comm, "comm");
		if (e->exe)
			ASSERT_STREQ(p[i].exe, e->exe, "exe");
		else
			ASSERT_TRUE(p[i].exe == NULL, "no exe");
		if (e->cwd)
			ASSERT_STREQ(p[i].cwd, e->cwd, "cwd");
		else
			ASSERT_TRUE(p[i].cwd == NULL, "no cwd");
		ASSERT_EQ(p[i].argv_len, e->argv_len, "argv len");
		if (e->argv && ASSERT_NONNULL(p[i].argv, "argv"))
			ASSERT_MEMEQ(p[i].argv, e->argv, e->argv_len, "argv");
		ASSERT_EQ(p[i].start_ns, e->start_ns, "start");
	}
}

/* Reads a whole sample file and checks every chunk against the input. */
static void check_sample_file(struct tl_reader *r)
{
	const struct tl_chunk *c;
	const struct tl_machine *m;
	const struct tl_systable *t;
	const struct tl_trace_info *tr;
	const struct tl_proc *procs;
	const struct tl_index_entry *ix;
	struct tl_ring_chunk ring;
	struct tl_reader_stats st;
	uint32_t trace_id, blocks_seen = 0, nchunks = 0;
	uint64_t prev_seq = 0;
	size_t n, nix = 0;
	int rc, types = 0;

	while ((rc = tl_reader__next_chunk(r, &c)) == 1) {
		nchunks++;
		types |= 1 << c->type;
		switch (c->type) {
		case TL_CHUNK_MACHINE:
			if (ASSERT_OK(tl_reader__parse_machine(r, c, &m), "machine"))
				check_machine(m);
			break;
		case TL_CHUNK_SYSTABLE:
			if (ASSERT_OK(tl_reader__parse_systable(r, c, &t), "systable"))
				check_systable(t);
			break;
		case TL_CHUNK_TRACE:
			if (ASSERT_OK(tl_reader__parse_trace(r, c, &tr), "trace"))
				check_trace(tr);
			break;
		case TL_CHUNK_PROCS:
			if (ASSERT_OK(tl_reader__parse_procs(r, c, &trace_id,
							     &procs, &n), "procs"))
				check_procs(trace_id, procs, n);
			break;
		case TL_CHUNK_RING:
			if (!ASSERT_OK(tl_reader__parse_ring(r, c, &ring), "ring"))
				break;
			ASSERT_EQ(ring.trace_id, sample_trace.id, "ring trace");
			ASSERT_EQ(ring.cpu, 1, "ring cpu");
			ASSERT_EQ(ring.ring_kind, TL_RING_KIND_BLOCKS, "ring kind");
			ASSERT_EQ(ring.block_size, TL_BLOCK_SIZE, "block size");
			ASSERT_TRUE(ring.nblocks >= 1 &&
				    ring.nblocks <= TL_RING_CHUNK_BLOCKS, "nblocks");
			for (uint32_t b = 0; b < ring.nblocks; b++) {
				const uint8_t *blk = (const uint8_t *)ring.blocks +
						     (size_t)b * TL_BLOCK_SIZE;
				uint64_t seq = sample_block_seq(blk);

				/* blocks come back whole, in block_seq order */
				ASSERT_TRUE(seq > prev_seq, "block order");
				prev_seq = seq;
				ASSERT_TRUE(sample_block_ok(blk, seq), "block bytes");
			}
			ASSERT_EQ(ring.ts_min, sample_block_ts(ring.blocks, 0), "ts_min");
			ASSERT_EQ(ring.ts_max,
				  sample_block_ts((const uint8_t *)ring.blocks +
						  (size_t)(ring.nblocks - 1) *
						  TL_BLOCK_SIZE, 1), "ts_max");
			blocks_seen += ring.nblocks;
			break;
		case TL_CHUNK_INDEX:
			if (ASSERT_OK(tl_reader__parse_index(r, c, &ix, &nix), "index"))
				ASSERT_EQ(nix, nchunks, "index lists the chunks before it (+1 unknown)");
			break;
		case SAMPLE_CUSTOM_TYPE:
			ASSERT_TRUE(0, "unknown chunk type returned");
			break;
		}
	}
	ASSERT_EQ(rc, 0, "clean end");
	ASSERT_EQ(types, (1 << TL_CHUNK_MACHINE) | (1 << TL_CHUNK_SYSTABLE) |
		  (1 << TL_CHUNK_TRACE) | (1 << TL_CHUNK_PROCS) |
		  (1 << TL_CHUNK_RING) | (1 << TL_CHUNK_INDEX), "every type");
	ASSERT_EQ(blocks_seen, SAMPLE_NBLOCKS, "every block");
	tl_reader__stats(r, &st);
	ASSERT_EQ(st.damaged_chunks, 0, "no damage");
	ASSERT_EQ(st.skipped_bytes, 0, "nothing skipped");
	ASSERT_EQ(st.unknown_chunks, 1, "one unknown chunk skipped");
	ASSERT_EQ(st.chunks, nchunks + 1, "chunks counted");
	ASSERT_TRUE(!st.truncated, "not truncated");
	ASSERT_TRUE(st.has_footer, "footer found");
}

static void test_roundtrip_codecs(void)
{
	size_t i, j;

	for (i = 0; i < sizeof(codecs) / sizeof(codecs[0]); i++) {
		struct membuf mb = { 0 };
		struct tl_reader *r;
		struct sample_layout lay;
		int major, minor, compressed = 0;

		if (!ASSERT_OK(sample_write(&mb, codecs[i].codec, codecs[i].level,
					    SAMPLE_ALL), codecs[i].spec))
			continue;
		/* The payloads really went through the codec (§3.4). */
		sample_layout(&mb, &lay);
		for (j = 0; j < lay.n; j++)
			if (lay.codec[j] != TL_CODEC_NONE) {
				compressed++;
				ASSERT_EQ(lay.codec[j], codecs[i].codec, "codec used");
			}
		if (codecs[i].codec == TL_CODEC_NONE)
			ASSERT_EQ(compressed, 0, "codec none stores");
		else
			ASSERT_TRUE(compressed >= 5, "most chunks compressed");
		r = tl_reader__open_mem(mb.p, mb.len, codecs[i].spec);
		if (ASSERT_NONNULL(r, "open")) {
			tl_reader__version(r, &major, &minor);
			ASSERT_EQ(major, TL_FORMAT_MAJOR, "major");
			ASSERT_EQ(minor, TL_FORMAT_MINOR, "minor");
			ASSERT_STREQ(tl_reader__name(r), codecs[i].spec, "name");
			check_sample_file(r);
			tl_reader__close(r);
		}
		free(mb.p);
	}
}

/* zstd level 19 writes a different (here: not larger) file than level 1,
 * so the level reaches the codec. */
static void test_zstd_levels_differ(void)
{
	struct membuf a = { 0 }, b = { 0 };

	ASSERT_OK(sample_write(&a, TL_CODEC_ZSTD, 1, SAMPLE_ALL), "zstd 1");
	ASSERT_OK(sample_write(&b, TL_CODEC_ZSTD, 19, SAMPLE_ALL), "zstd 19");
	ASSERT_TRUE(b.len <= a.len, "level 19 no larger than level 1");
	ASSERT_TRUE(a.len != b.len || memcmp(a.p + 32, b.p + 32, a.len - 32),
		    "levels produce different bytes");
	free(a.p);
	free(b.p);
}

static void test_codec_parse(void)
{
	enum tl_codec c;
	int level;

	ASSERT_OK(tl_codec_parse("zstd", &c, &level), "zstd");
	ASSERT_TRUE(c == TL_CODEC_ZSTD && level == 0, "zstd default");
	ASSERT_OK(tl_codec_parse("zstd:19", &c, &level), "zstd:19");
	ASSERT_TRUE(c == TL_CODEC_ZSTD && level == 19, "zstd 19");
	ASSERT_OK(tl_codec_parse("zlib:9", &c, &level), "zlib:9");
	ASSERT_TRUE(c == TL_CODEC_ZLIB && level == 9, "zlib 9");
	ASSERT_OK(tl_codec_parse("none", &c, &level), "none");
	ASSERT_TRUE(c == TL_CODEC_NONE && level == 0, "none");
	ASSERT_EQ(tl_codec_parse("zstd:23", &c, &level), -EINVAL, "level range");
	ASSERT_EQ(tl_codec_parse("zlib:0", &c, &level), -EINVAL, "zlib 0");
	ASSERT_EQ(tl_codec_parse("none:1", &c, &level), -EINVAL, "none level");
	ASSERT_EQ(tl_codec_parse("lz4", &c, &level), -EINVAL, "unknown");
	ASSERT_EQ(tl_codec_parse("zst", &c, &level), -EINVAL, "prefix");
	ASSERT_EQ(tl_codec_parse("zstd:", &c, &level), -EINVAL, "empty level");
	ASSERT_EQ(tl_codec_parse("zstd:3x", &c, &level), -EINVAL, "junk");
}

static void test_writer_opts(void)
{
	struct tl_writer_opts o = { .codec = TL_CODEC_ZLIB };
	struct membuf mb = { 0 };
	struct tl_sink sink = { membuf_write, &mb };
	struct tl_writer *w;

	w = tl_writer__open_sink(&sink, &o);
	ASSERT_TRUE(w == NULL && errno == EINVAL, "opts without sz refused");
	o.sz = sizeof(o);
	o.level = 10;
	w = tl_writer__open_sink(&sink, &o);
	ASSERT_TRUE(w == NULL && errno == EINVAL, "zlib level 10 refused");
	o.codec = (enum tl_codec)7;
	o.level = 0;
	w = tl_writer__open_sink(&sink, &o);
	ASSERT_TRUE(w == NULL && errno == EINVAL, "unknown codec refused");
	ASSERT_EQ(mb.len, 0, "nothing written");
	free(mb.p);
}

/* §7: the footer leads to an index that lists every chunk before it. */
static void test_index_footer(void)
{
	const struct tl_index_entry *e;
	const struct tl_chunk *c;
	struct tl_ring_chunk ring;
	struct sample_layout lay;
	struct membuf mb = { 0 };
	struct tl_reader *r;
	size_t n, i, k;
	uint32_t nring = 0;

	if (!ASSERT_OK(sample_write(&mb, TL_CODEC_ZSTD, 0, SAMPLE_ALL), "write"))
		return;
	sample_layout(&mb, &lay);
	r = tl_reader__open_mem(mb.p, mb.len, "index");
	if (!ASSERT_NONNULL(r, "open"))
		goto out;
	if (!ASSERT_OK(tl_reader__index(r, &e, &n), "index through footer"))
		goto out_r;
	/* every chunk but the INDEX itself, at the offsets they have */
	ASSERT_EQ(n, lay.n - 1, "entries");
	for (i = k = 0; i < n && k < lay.n; i++, k++) {
		ASSERT_EQ(e[i].offset, lay.off[k], "offset");
		/* a RING_DELTA chunk is listed as the RING chunk the
		 * reader returns, its critical bit kept */
		ASSERT_EQ(e[i].type, sample_is_ring(lay.type[k]) ?
			  (lay.type[k] & TL_CHUNK_CRITICAL) | TL_CHUNK_RING :
			  lay.type[k], "type");
		if (lay.type[k] == (TL_CHUNK_RING_DELTA | TL_CHUNK_CRITICAL))
			ASSERT_EQ(e[i].type, TL_CHUNK_RING | TL_CHUNK_CRITICAL,
				  "RING_DELTA listed as RING");
		if (sample_is_ring(e[i].type)) {
			nring++;
			ASSERT_EQ(e[i].cpu, 1, "ring cpu");
			ASSERT_EQ(e[i].trace_id, sample_trace.id, "ring trace");
			ASSERT_TRUE(e[i].ts_min > 0 && e[i].ts_min <= e[i].ts_max,
				    "ring time range");
		}
		if ((e[i].type & ~TL_CHUNK_CRITICAL) == TL_CHUNK_MACHINE)
			ASSERT_EQ(e[i].trace_id, TL_INDEX_NONE, "no trace");
	}
	ASSERT_EQ(nring, (SAMPLE_NBLOCKS + TL_RING_CHUNK_BLOCKS - 1) /
		  TL_RING_CHUNK_BLOCKS, "ring chunks");
	/* random access: jump to the last RING chunk */
	for (i = n; i-- > 0;)
		if (sample_is_ring(e[i].type))
			break;
	ASSERT_OK(tl_reader__seek(r, e[i].offset), "seek");
	ASSERT_EQ(tl_reader__next_chunk(r, &c), 1, "chunk after seek");
	ASSERT_EQ(c->type, TL_CHUNK_RING, "type after seek");
	ASSERT_EQ(c->offset, e[i].offset, "offset after seek");
	if (ASSERT_OK(tl_reader__parse_ring(r, c, &ring), "ring"))
		ASSERT_EQ(ring.ts_min, e[i].ts_min, "index ts_min = chunk ts_min");
	ASSERT_EQ(tl_reader__seek(r, mb.len + 1), -EINVAL, "seek beyond end");
out_r:
	tl_reader__close(r);

	/* A damaged footer: no index, but everything still reads. */
	mb.p[mb.len - 20] ^= 1;
	r = tl_reader__open_mem(mb.p, mb.len, "no footer");
	if (ASSERT_NONNULL(r, "open")) {
		struct tl_reader_stats st;

		ASSERT_EQ(tl_reader__index(r, &e, &n), -ENOENT, "no index");
		while (tl_reader__next_chunk(r, &c) == 1)
			;
		tl_reader__stats(r, &st);
		ASSERT_TRUE(!st.has_footer, "footer not trusted");
		ASSERT_EQ(st.chunks, lay.n, "all chunks");
		tl_reader__close(r);
	}
out:
	free(mb.p);
}

struct pipe_job {
	int fd;
	int err;
};

static void *pipe_writer(void *arg)
{
	struct pipe_job *job = arg;

	job->err = sample_write_fd(job->fd, TL_CODEC_NONE, 0, SAMPLE_ALL);
	close(job->fd);
	return NULL;
}

/* A pipe: no seeking; the uncompressed sample (> 1 MiB) is larger than
 * the pipe buffer, so reader and writer really run concurrently. */
static void test_pipe(void)
{
	const struct tl_index_entry *e;
	struct pipe_job job;
	struct tl_reader *r;
	pthread_t th;
	size_t n;
	int fds[2];

	if (!ASSERT_OK(pipe(fds), "pipe"))
		return;
	job.fd = fds[1];
	job.err = -1;
	if (!ASSERT_OK(pthread_create(&th, NULL, pipe_writer, &job), "thread"))
		return;
	r = tl_reader__open_fd(fds[0], "pipe");
	if (ASSERT_NONNULL(r, "open pipe")) {
		ASSERT_EQ(tl_reader__index(r, &e, &n), -ESPIPE, "no index on a pipe");
		ASSERT_EQ(tl_reader__seek(r, 32), -ESPIPE, "no seek on a pipe");
		check_sample_file(r);
		tl_reader__close(r);
	}
	pthread_join(th, NULL);
	ASSERT_OK(job.err, "writer into the pipe");
	close(fds[0]);
}

/* "-" is stdin; a child process writes into it. */
static void test_stdin(void)
{
	struct tl_reader *r;
	int fds[2], saved, status;
	pid_t pid;

	if (!ASSERT_OK(pipe(fds), "pipe"))
		return;
	pid = fork();
	if (pid == 0) {
		close(fds[0]);
		_exit(sample_write_fd(fds[1], TL_CODEC_ZLIB, 0, SAMPLE_ALL) ? 1 : 0);
	}
	close(fds[1]);
	saved = dup(STDIN_FILENO);
	dup2(fds[0], STDIN_FILENO);
	close(fds[0]);
	r = tl_reader__open("-");
	if (ASSERT_NONNULL(r, "open -")) {
		ASSERT_STREQ(tl_reader__name(r), "<stdin>", "name");
		check_sample_file(r);
		tl_reader__close(r);
	}
	dup2(saved, STDIN_FILENO);
	close(saved);
	waitpid(pid, &status, 0);
	ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child wrote");
}

static int count_dir(const char *dir)
{
	struct dirent *de;
	DIR *d = opendir(dir);
	int n = 0;

	if (!d)
		return -1;
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

/* Path output: a temporary name until close, then renamed; abort leaves
 * nothing. Reading the file back through a real fd uses the footer. */
static void test_file_output(void)
{
	const struct tl_index_entry *e;
	struct tl_writer_opts o = { .sz = sizeof(o), .codec = TL_CODEC_ZSTD };
	char dir[] = "/tmp/tlz-wr-test.XXXXXX", path[64];
	struct tl_writer *w;
	struct tl_reader *r;
	struct stat sb;
	size_t n;

	if (!ASSERT_NONNULL(mkdtemp(dir), "mkdtemp"))
		return;
	snprintf(path, sizeof(path), "%s/out.tlz", dir);
	w = tl_writer__open(path, &o);
	if (!ASSERT_NONNULL(w, "open path"))
		goto out;
	ASSERT_OK(sample_add_all(w, SAMPLE_ALL), "write chunks");
	ASSERT_TRUE(stat(path, &sb) < 0 && errno == ENOENT,
		    "final name absent while writing");
	ASSERT_EQ(count_dir(dir), 1, "one temporary file");
	ASSERT_OK(tl_writer__close(w), "close");
	ASSERT_OK(stat(path, &sb), "final name after close");
	ASSERT_EQ(count_dir(dir), 1, "temporary renamed, not copied");
	{
		mode_t mask = umask(022);

		umask(mask);
		ASSERT_EQ(sb.st_mode & 0777, 0666 & ~mask, "mode follows the umask");
	}

	r = tl_reader__open(path);
	if (ASSERT_NONNULL(r, "open file")) {
		ASSERT_OK(tl_reader__index(r, &e, &n), "footer on a file");
		ASSERT_TRUE(n >= 6, "index entries");
		check_sample_file(r);
		tl_reader__close(r);
	}
	unlink(path);

	w = tl_writer__open(path, &o);
	if (ASSERT_NONNULL(w, "open path again")) {
		ASSERT_OK(sample_add_all(w, SAMPLE_ALL), "write chunks");
		tl_writer__abort(w);
		ASSERT_EQ(count_dir(dir), 0, "abort leaves nothing");
	}
	ASSERT_TRUE(tl_writer__open("/nonexistent-dir/x.tlz", &o) == NULL &&
		    errno == ENOENT, "open in a missing directory fails");
	ASSERT_TRUE(tl_reader__open("/nonexistent-dir/x.tlz") == NULL &&
		    errno == ENOENT, "reading a missing file fails");
out:
	rmdir(dir);
}

/* A sink that fails: the error sticks and close reports it. */
static int failing_write(void *ctx, const void *buf, size_t len)
{
	int *budget = ctx;

	if (*budget <= 0)
		return -ENOSPC;
	(*budget)--;
	return 0;
}

static void test_sink_error(void)
{
	int budget = 1;		/* the file header only */
	struct tl_sink sink = { failing_write, &budget };
	struct tl_writer *w = tl_writer__open_sink(&sink, NULL);

	if (!ASSERT_NONNULL(w, "open"))
		return;
	ASSERT_EQ(tl_writer__add_trace(w, &sample_trace), -ENOSPC, "sink full");
	ASSERT_EQ(tl_writer__add_machine(w, &sample_machine), -ENOSPC, "sticky");
	ASSERT_EQ(tl_writer__close(w), -ENOSPC, "close reports it");
}

/* The real compiled-in tables survive the trip field by field, and
 * lookups in the parsed table name syscalls by the file's ABI. */
static void test_builtin_systables(void)
{
	static const int abis[] = { TL_ABI_X86_64, TL_ABI_I386, TL_ABI_AARCH64 };
	const struct tl_systable *in, *got;
	const struct tl_chunk *c;
	struct membuf mb = { 0 };
	struct tl_sink sink = { membuf_write, &mb };
	struct tl_reader *r;
	struct tl_writer *w;
	size_t i;
	uint32_t j;
	int a, n = 0, bad = 0;

	w = tl_writer__open_sink(&sink, NULL);
	if (!ASSERT_NONNULL(w, "open"))
		return;
	for (i = 0; i < 3; i++) {
		in = tl_systable_builtin(abis[i]);
		if (!ASSERT_NONNULL(in, "builtin table"))
			continue;
		ASSERT_OK(tl_writer__add_systable(w, in), "add");
	}
	ASSERT_OK(tl_writer__close(w), "close");
	r = tl_reader__open_mem(mb.p, mb.len, "systables");
	if (!ASSERT_NONNULL(r, "open"))
		goto out;
	while (tl_reader__next_chunk(r, &c) == 1) {
		if (c->type != TL_CHUNK_SYSTABLE)
			continue;
		if (!ASSERT_OK(tl_reader__parse_systable(r, c, &got), "parse"))
			continue;
		in = tl_systable_builtin(got->abi);
		n++;
		if (!ASSERT_NONNULL(in, "abi") ||
		    !ASSERT_EQ(got->count, in->count, "count"))
			continue;
		ASSERT_STREQ(got->arch, in->arch, "arch");
		for (j = 0; j < in->count && bad < 5; j++) {
			const struct tl_syscall *x = &got->calls[j], *y = &in->calls[j];
			int ok = x->nr == y->nr && !strcmp(x->name, y->name) &&
				 x->classes == y->classes && x->nargs == y->nargs;

			for (a = 0; ok && a < y->nargs; a++) {
				const struct tl_sysarg *p = &x->args[a], *q = &y->args[a];

				ok = !strcmp(p->name, q->name ? q->name : "") &&
				     !strcmp(p->type, q->type ? q->type : "") &&
				     (q->fmt ? p->fmt && !strcmp(p->fmt, q->fmt)
					     : !p->fmt) &&
				     p->kind == q->kind && p->len_arg == q->len_arg &&
				     p->size == q->size;
			}
			if (!ASSERT_TRUE(ok, y->name))
				bad++;
			if (!ASSERT_TRUE(tl_systable__lookup(got, y->nr) == x,
					 "lookup in the parsed table"))
				bad++;
		}
	}
	ASSERT_EQ(n, 3, "three tables");
	tl_reader__close(r);
	/* i386 read is 3 (not close, as in x86_64) in the parsed table too */
	r = tl_reader__open_mem(mb.p, mb.len, "systables");
	while (r && tl_reader__next_chunk(r, &c) == 1) {
		if (c->type == TL_CHUNK_SYSTABLE &&
		    !tl_reader__parse_systable(r, c, &got) &&
		    got->abi == TL_ABI_I386) {
			const struct tl_syscall *sc = tl_systable__lookup(got, 3);

			ASSERT_TRUE(sc && !strcmp(sc->name, "read"), "i386 3 = read");
		}
	}
	tl_reader__close(r);
out:
	free(mb.p);
}

static void put_be(uint8_t *p, uint64_t v, int n)
{
	for (int i = n - 1; i >= 0; i--, v >>= 8)
		p[i] = (uint8_t)v;
}

/* A file declared big-endian: add_ring reads block headers in that byte
 * order to sort blocks and compute time ranges (§6.1, §6.2). */
static void test_big_endian_ring(void)
{
	struct tl_machine m = sample_machine;
	struct membuf mb = { 0 };
	struct tl_sink sink = { membuf_write, &mb };
	struct tl_ring_chunk ring;
	const struct tl_chunk *c;
	struct tl_writer *w;
	struct tl_reader *r;
	uint8_t *blocks = calloc(20, TL_BLOCK_SIZE);
	uint64_t prev = 0, seq;
	int nchunks = 0;
	size_t i;

	for (i = 0; i < 20; i++) {
		uint8_t *b = blocks + i * TL_BLOCK_SIZE;

		seq = 250 + (i * 7) % 20;		/* crosses 256 */
		put_be(b, TL_BLOCK_MAGIC, 4);
		put_be(b + 4, 64, 4);
		put_be(b + 8, seq, 8);
		put_be(b + 24, 1000 * seq, 8);
		put_be(b + 32, 1000 * seq + 9, 8);
	}
	m.big_endian = 1;
	w = tl_writer__open_sink(&sink, NULL);
	if (!ASSERT_NONNULL(w, "open"))
		goto out;
	ASSERT_OK(tl_writer__add_machine(w, &m), "machine");
	ASSERT_OK(tl_writer__add_ring(w, 1, 0, blocks, 20 * TL_BLOCK_SIZE), "ring");
	ASSERT_OK(tl_writer__close(w), "close");
	r = tl_reader__open_mem(mb.p, mb.len, "be");
	while (r && tl_reader__next_chunk(r, &c) == 1) {
		if (c->type != TL_CHUNK_RING ||
		    !ASSERT_OK(tl_reader__parse_ring(r, c, &ring), "ring"))
			continue;
		nchunks++;
		for (i = 0; i < ring.nblocks; i++) {
			const uint8_t *b = (const uint8_t *)ring.blocks +
					   i * TL_BLOCK_SIZE;

			seq = 0;
			for (int k = 0; k < 8; k++)
				seq = seq << 8 | b[8 + k];
			ASSERT_TRUE(seq == (prev ? prev + 1 : 250), "block_seq order");
			prev = seq;
			if (i == 0)
				ASSERT_EQ(ring.ts_min, 1000 * seq, "ts_min");
		}
		ASSERT_EQ(ring.ts_max, 1000 * prev + 9, "ts_max");
	}
	ASSERT_EQ(nchunks, 2, "16 + 4 blocks");
	ASSERT_EQ(prev, 269, "all blocks");
	tl_reader__close(r);
out:
	free(mb.p);
	free(blocks);
}

static void test_names(void)
{
	ASSERT_STREQ(tl_abi_name(TL_ABI_X86_64), "x86_64", "x86_64");
	ASSERT_STREQ(tl_abi_name(TL_ABI_I386), "i386", "i386");
	ASSERT_STREQ(tl_abi_name(TL_ABI_AARCH64), "aarch64", "aarch64");
	ASSERT_STREQ(tl_abi_name(99), "unknown", "unknown abi");
	ASSERT_STREQ(tl_trace_kind_name(TL_TRACE_COMMAND), "command", "command");
	ASSERT_STREQ(tl_trace_kind_name(TL_TRACE_POD), "pod", "pod");
	ASSERT_STREQ(tl_trace_kind_name(0), "unknown", "unknown kind");
}

int main(void)
{
	sample_init();
	RUN_TEST(test_roundtrip_codecs);
	RUN_TEST(test_zstd_levels_differ);
	RUN_TEST(test_codec_parse);
	RUN_TEST(test_writer_opts);
	RUN_TEST(test_index_footer);
	RUN_TEST(test_pipe);
	RUN_TEST(test_stdin);
	RUN_TEST(test_file_output);
	RUN_TEST(test_sink_error);
	RUN_TEST(test_builtin_systables);
	RUN_TEST(test_big_endian_ring);
	RUN_TEST(test_names);
	return TEST_EXIT();
}
