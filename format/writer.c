// SPDX-License-Identifier: MIT
/*
 * writer.c - writes .tlz files (FORMAT.md §2, §3, §9): the file header,
 * one framed chunk per call (compressed unless that does not pay off),
 * and at close the INDEX chunk and the footer. Output goes to a sink
 * callback; file paths are written under a temporary name in the same
 * directory and renamed into place by tl_writer__close(). Nothing is ever
 * sought back: pipes work. Ring blocks are delta-coded (ringdelta.c) and
 * written as RING_DELTA chunks (§6.8) unless the caller asks for plain
 * RING chunks.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "chunk.h"
#include "compress.h"
#include "crc32c.h"
#include "internal.h"
#include "meta.h"
#include "ringdelta.h"

/* PROCS chunks are split at about this payload size (FORMAT.md §5.5). */
#define TL_PROCS_SPLIT		(8u << 20)

struct tl_writer {
	struct tl_sink sink;
	/* path output */
	char *path;			/* final name, or NULL */
	char *tmp_path;			/* temporary name while writing */
	int fd;				/* the fd we write to, else -1 */

	const struct tl_codec_ops *ops;
	int level;
	bool ring_delta;		/* write RING_DELTA chunks (§6.8) */
	struct tl_codec_ctx cctx;
	uint8_t *cbuf;			/* compression output */
	size_t cbuf_cap;

	uint64_t file_id;
	bool ring_be;			/* MACHINE said: big-endian ring data */
	uint64_t offset;		/* bytes written so far */
	int err;			/* sticky: first failure */

	struct tl_index_entry *index;
	size_t nindex, index_cap;
};

static int fd_write(void *ctx, const void *buf, size_t len)
{
	struct tl_writer *w = ctx;
	const uint8_t *p = buf;
	ssize_t n;

	while (len) {
		n = write(w->fd, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0)
			return -EIO;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static uint64_t random_u64(void)
{
	uint64_t v = 0;
	struct timespec ts;

	if (getrandom(&v, sizeof(v), GRND_NONBLOCK) == (ssize_t)sizeof(v) && v)
		return v;
	clock_gettime(CLOCK_REALTIME, &ts);
	v = (uint64_t)ts.tv_sec * 1000000007u ^ (uint64_t)ts.tv_nsec ^
	    (uint64_t)getpid() << 32;
	return v ? v : 1;
}

static int sink_write(struct tl_writer *w, const void *buf, size_t len)
{
	int err;

	if (w->err)
		return w->err;
	if (len == 0)
		return 0;
	err = w->sink.write(w->sink.ctx, buf, len);
	if (err) {
		w->err = err < 0 ? err : -EIO;
		return w->err;
	}
	w->offset += len;
	return 0;
}

static struct tl_writer *writer_new(const struct tl_writer_opts *opts)
{
	enum tl_codec codec = TL_CODEC_ZSTD;
	const struct tl_codec_ops *ops;
	struct tl_writer *w;
	int level = 0, ring_delta = 0;

	if (opts) {
		if (opts->sz < sizeof(size_t)) {
			pr_warn("tl_writer_opts.sz is not set\n");
			errno = EINVAL;
			return NULL;
		}
		if (opts->sz >= offsetof(struct tl_writer_opts, codec) +
				sizeof(opts->codec))
			codec = opts->codec;
		if (opts->sz >= offsetof(struct tl_writer_opts, level) +
				sizeof(opts->level))
			level = opts->level;
		if (opts->sz >= offsetof(struct tl_writer_opts, ring_delta) +
				sizeof(opts->ring_delta))
			ring_delta = opts->ring_delta;
	}
	ops = tl_codec_get(codec);
	if (!ops || (level && (level < ops->min_level ||
			       level > ops->max_level))) {
		pr_warn("invalid codec %d level %d\n", (int)codec, level);
		errno = EINVAL;
		return NULL;
	}
	w = calloc(1, sizeof(*w));
	if (!w)
		return NULL;
	w->fd = -1;
	w->ops = ops;
	w->level = level ? level : ops->default_level;
	w->ring_delta = ring_delta >= 0;
	w->file_id = random_u64();
	return w;
}

/* FORMAT.md §2.1 */
static int write_file_header(struct tl_writer *w)
{
	struct tl_file_hdr h = {
		.major = TL_FORMAT_MAJOR,
		.minor = TL_FORMAT_MINOR,
		.header_size = TL_FILE_HDR_SIZE,
		.flags = 0,
		.max_chunk = TL_MAX_CHUNK,
		.file_id = w->file_id,
	};
	uint8_t buf[TL_FILE_HDR_SIZE];

	tl_file_hdr_encode(buf, &h);
	return sink_write(w, buf, sizeof(buf));
}

static void writer_free(struct tl_writer *w)
{
	tl_codec_ctx_release(&w->cctx);
	free(w->cbuf);
	free(w->index);
	free(w->path);
	free(w->tmp_path);
	free(w);
}

struct tl_writer *tl_writer__open_sink(const struct tl_sink *sink,
				       const struct tl_writer_opts *opts)
{
	struct tl_writer *w;
	int err;

	if (!sink || !sink->write) {
		errno = EINVAL;
		return NULL;
	}
	w = writer_new(opts);
	if (!w)
		return NULL;
	w->sink = *sink;
	err = write_file_header(w);
	if (err) {
		writer_free(w);
		errno = -err;
		return NULL;
	}
	return w;
}

struct tl_writer *tl_writer__open_fd(int fd, const struct tl_writer_opts *opts)
{
	struct tl_writer *w;
	int err;

	if (fd < 0) {
		errno = EBADF;
		return NULL;
	}
	w = writer_new(opts);
	if (!w)
		return NULL;
	w->fd = fd;
	w->sink.write = fd_write;
	w->sink.ctx = w;
	err = write_file_header(w);
	if (err) {
		pr_warn("cannot write to fd %d: %s\n", fd, strerror(-err));
		writer_free(w);
		errno = -err;
		return NULL;
	}
	return w;
}

/* Creates `path`.tmp.XXXXXX with mode 0666 & ~umask (mkstemp would give
 * 0600, wrong for a file that is renamed into place). */
static int open_temp(struct tl_writer *w, const char *path)
{
	static const char hex[] = "0123456789abcdef";
	size_t n = strlen(path);
	int tries, i, fd;
	uint64_t r;

	w->tmp_path = malloc(n + sizeof(".tmp.XXXXXX"));
	if (!w->tmp_path)
		return -ENOMEM;
	for (tries = 0; tries < 100; tries++) {
		r = random_u64();
		memcpy(w->tmp_path, path, n);
		memcpy(w->tmp_path + n, ".tmp.", 5);
		for (i = 0; i < 6; i++)
			w->tmp_path[n + 5 + i] = hex[(r >> (4 * i)) & 15];
		w->tmp_path[n + 11] = '\0';
		fd = open(w->tmp_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
			  0666);
		if (fd >= 0)
			return fd;
		if (errno != EEXIST)
			return -errno;
	}
	return -EEXIST;
}

struct tl_writer *tl_writer__open(const char *path,
				  const struct tl_writer_opts *opts)
{
	struct tl_writer *w;
	int err, fd;

	if (!path || !*path) {
		errno = EINVAL;
		return NULL;
	}
	w = writer_new(opts);
	if (!w)
		return NULL;
	w->path = strdup(path);
	if (!w->path) {
		err = -ENOMEM;
		goto err_out;
	}
	fd = open_temp(w, path);
	if (fd < 0) {
		err = fd;
		pr_warn("cannot create a temporary file for '%s': %s\n", path,
			strerror(-err));
		free(w->tmp_path);
		w->tmp_path = NULL;	/* nothing to unlink */
		goto err_out;
	}
	w->fd = fd;
	w->sink.write = fd_write;
	w->sink.ctx = w;
	err = write_file_header(w);
	if (err) {
		pr_warn("%s: write failed: %s\n", w->tmp_path, strerror(-err));
		goto err_out;
	}
	return w;

err_out:
	tl_writer__abort(w);
	errno = -err;
	return NULL;
}

/* One chunk (§3.1). The payload is compressed when the codec makes it
 * smaller, else stored with codec none (§3.4). */
static int write_chunk(struct tl_writer *w, uint32_t type, const void *payload,
		       size_t len, uint32_t trace_id, uint32_t cpu,
		       int64_t ts_min, int64_t ts_max, uint32_t *crc_out)
{
	static const uint8_t zero[TL_CHUNK_ALIGN];
	struct tl_chunk_hdr h = { 0 };
	uint8_t hbuf[TL_CHUNK_HDR_SIZE];
	const void *stored = payload;
	size_t stored_len = len;
	long n;
	int err;

	if (w->err)
		return w->err;
	if ((type & ~TL_CHUNK_CRITICAL) == 0 || len > TL_MAX_CHUNK ||
	    (len && !payload)) {
		pr_warn("cannot write chunk type 0x%x of %zu bytes (at most %u)\n",
			type, len, TL_MAX_CHUNK);
		return -EINVAL;
	}
	h.codec = TL_CODEC_NONE;
	if (w->ops->id != TL_CODEC_NONE && len > 1) {
		/* Only a result shorter than the input is worth keeping. */
		if (w->cbuf_cap < len) {
			uint8_t *nb = realloc(w->cbuf, len);

			if (!nb)
				return -ENOMEM;
			w->cbuf = nb;
			w->cbuf_cap = len;
		}
		n = w->ops->compress(&w->cctx, w->level, w->cbuf, len - 1,
				     payload, len);
		if (n >= 0) {
			stored = w->cbuf;
			stored_len = (size_t)n;
			h.codec = (uint8_t)w->ops->id;
		} else if (n != -ENOSPC) {
			pr_warn("%s compression failed: %s\n", w->ops->name,
				strerror((int)-n));
			return (int)n;
		}
	}
	h.type = type;
	h.stored_len = stored_len;
	h.raw_len = len;
	h.file_id = w->file_id;
	h.payload_crc = tl_crc32c(0, stored, stored_len);
	tl_chunk_hdr_encode(hbuf, &h);

	if ((type & ~TL_CHUNK_CRITICAL) != TL_CHUNK_INDEX) {
		err = tl_grow((void **)&w->index, &w->index_cap, w->nindex + 1,
			      sizeof(*w->index));
		if (err)
			return err;
		w->index[w->nindex++] = (struct tl_index_entry){
			.offset = w->offset, .type = type,
			.trace_id = trace_id, .cpu = cpu,
			.ts_min = ts_min, .ts_max = ts_max,
		};
	}
	if ((err = sink_write(w, hbuf, sizeof(hbuf))) ||
	    (err = sink_write(w, stored, stored_len)) ||
	    (err = sink_write(w, zero, TL_PAD8(stored_len) - stored_len)))
		return err;
	if (crc_out)
		*crc_out = h.payload_crc;
	return 0;
}

int tl_writer__add_chunk(struct tl_writer *w, uint32_t type,
			 const void *payload, size_t len,
			 int64_t ts_min, int64_t ts_max)
{
	if (!w)
		return -EINVAL;
	return write_chunk(w, type, payload, len, TL_INDEX_NONE, TL_INDEX_NONE,
			   ts_min, ts_max, NULL);
}

/* Writes the encoded payload in b (unless encoding failed) as one chunk. */
static int write_meta(struct tl_writer *w, uint32_t type, struct tl_buf *b,
		      int enc_err, uint32_t trace_id, int64_t ts_min,
		      int64_t ts_max)
{
	int err = enc_err;

	if (!err && b->len > TL_MAX_CHUNK) {
		pr_warn("cannot write %s chunk: %zu bytes\n",
			tl_chunk_type_name(type), b->len);
		err = -EINVAL;
	}
	if (!err)
		err = write_chunk(w, type, b->p, b->len, trace_id,
				  TL_INDEX_NONE, ts_min, ts_max, NULL);
	tl_buf_release(b);
	return err;
}

int tl_writer__add_machine(struct tl_writer *w, const struct tl_machine *m)
{
	struct tl_buf b = { 0 };

	int err;

	if (!w || !m)
		return -EINVAL;
	err = write_meta(w, TL_CHUNK_MACHINE, &b, tl_meta_encode_machine(&b, m),
			 TL_INDEX_NONE, 0, 0);
	if (!err)
		w->ring_be = m->big_endian;
	return err;
}

int tl_writer__add_systable(struct tl_writer *w, const struct tl_systable *t)
{
	struct tl_buf b = { 0 };

	if (!w || !t)
		return -EINVAL;
	return write_meta(w, TL_CHUNK_SYSTABLE, &b,
			  tl_meta_encode_systable(&b, t), TL_INDEX_NONE, 0, 0);
}

int tl_writer__add_trace(struct tl_writer *w, const struct tl_trace_info *t)
{
	struct tl_buf b = { 0 };

	if (!w || !t)
		return -EINVAL;
	return write_meta(w, TL_CHUNK_TRACE, &b, tl_meta_encode_trace(&b, t),
			  t->id, t->start_ns, t->end_ns);
}

int tl_writer__add_procs(struct tl_writer *w, uint32_t trace_id,
			 const struct tl_proc *procs, size_t n)
{
	size_t done = 0, i = 0;
	int err;

	if (!w || (n && !procs))
		return -EINVAL;
	/* §5.5: a trace's processes may be spread over several chunks. */
	do {
		struct tl_buf b = { 0 };

		err = tl_meta_encode_procs(&b, trace_id, procs + i, n - i,
					   TL_PROCS_SPLIT, &done);
		err = write_meta(w, TL_CHUNK_PROCS, &b, err, trace_id, 0, 0);
		if (err)
			return err;
		i += done;
	} while (i < n);
	return 0;
}

static uint64_t ring_ld(const uint8_t *p, int n, bool be)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < n; i++)
		v |= (uint64_t)p[be ? n - 1 - i : i] << (8 * i);
	return v;
}

/* Block header fields, in the byte order of the recording machine, which
 * the MACHINE chunk declared (§5.2, §6.2). */
static void block_info(const uint8_t *blk, bool be, uint64_t *seq,
		       int64_t *first, int64_t *last, bool *valid)
{
	bool magic = ring_ld(blk, 4, be) == TL_BLOCK_MAGIC;
	uint32_t used = (uint32_t)ring_ld(blk + 4, 4, be);

	*seq = magic ? ring_ld(blk + 8, 8, be) : 0;
	*valid = magic && *seq != 0 && used != 0;
	*first = (int64_t)ring_ld(blk + 24, 8, be);
	*last = (int64_t)ring_ld(blk + 32, 8, be);
}

struct blk_ref {
	uint64_t seq;
	size_t idx;
};

static int cmp_blk(const void *a, const void *b)
{
	const struct blk_ref *x = a, *y = b;

	if (x->seq != y->seq)
		return x->seq < y->seq ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

int tl_writer__add_ring(struct tl_writer *w, uint32_t trace_id, uint32_t cpu,
			const void *blocks, size_t len)
{
	const uint8_t *base = blocks;
	struct blk_ref *refs = NULL;
	uint8_t *payload = NULL;
	size_t nblocks, i, j, k, plen;
	uint32_t type;
	int err = 0;

	if (!w || len % TL_BLOCK_SIZE || (len && !blocks)) {
		pr_warn("ring of trace %u cpu %u: %zu bytes is not a whole number of %u-byte blocks\n",
			trace_id, cpu, len, TL_BLOCK_SIZE);
		return -EINVAL;
	}
	nblocks = len / TL_BLOCK_SIZE;
	if (!nblocks)
		return 0;
	refs = calloc(nblocks, sizeof(*refs));
	payload = malloc(TL_RING_HDR_SIZE + (nblocks < TL_RING_CHUNK_BLOCKS ?
					     nblocks : TL_RING_CHUNK_BLOCKS) *
			 (size_t)TL_BLOCK_SIZE);
	if (!refs || !payload) {
		err = -ENOMEM;
		goto out;
	}
	/* §6.1: a ring's blocks are written in block_seq order. */
	for (i = 0; i < nblocks; i++) {
		int64_t a, b;
		bool valid;

		block_info(base + i * TL_BLOCK_SIZE, w->ring_be, &refs[i].seq,
			   &a, &b, &valid);
		refs[i].idx = i;
	}
	qsort(refs, nblocks, sizeof(*refs), cmp_blk);

	for (i = 0; i < nblocks; i += k) {
		int64_t ts_min = 0, ts_max = 0;
		bool have_ts = false;
		uint8_t *p;

		k = nblocks - i < TL_RING_CHUNK_BLOCKS ? nblocks - i
						      : TL_RING_CHUNK_BLOCKS;
		p = payload + TL_RING_HDR_SIZE;
		for (j = 0; j < k; j++, p += TL_BLOCK_SIZE) {
			const uint8_t *blk = base + refs[i + j].idx * TL_BLOCK_SIZE;
			int64_t first, last;
			uint64_t seq;
			bool valid;

			memcpy(p, blk, TL_BLOCK_SIZE);
			block_info(blk, w->ring_be, &seq, &first, &last, &valid);
			if (!valid)
				continue;
			if (!have_ts || first < ts_min)
				ts_min = first;
			if (!have_ts || last > ts_max)
				ts_max = last;
			have_ts = true;
		}
		/* §6.1 ring chunk header */
		tl_put32(payload, trace_id);
		tl_put32(payload + 4, cpu);
		tl_put32(payload + 8, TL_RING_KIND_BLOCKS);
		tl_put32(payload + 12, TL_BLOCK_SIZE);
		tl_put32(payload + 16, (uint32_t)k);
		tl_put32(payload + 20, TL_RING_HDR_SIZE);
		tl_put64(payload + 24, (uint64_t)ts_min);
		tl_put64(payload + 32, (uint64_t)ts_max);
		tl_put64(payload + 40, 0);
		plen = TL_RING_HDR_SIZE + k * TL_BLOCK_SIZE;
		type = TL_CHUNK_RING;
		/* §6.8: delta-coded, for little-endian ring data only */
		if (w->ring_delta && !w->ring_be) {
			tl_ring_delta(payload, plen, TL_RING_DELTA_ENCODE);
			type = TL_CHUNK_RING_DELTA | TL_CHUNK_CRITICAL;
		}
		err = write_chunk(w, type, payload, plen, trace_id, cpu,
				  ts_min, ts_max, NULL);
		if (err)
			goto out;
	}
out:
	free(refs);
	free(payload);
	return err;
}

/* §7: the INDEX chunk, then the footer. */
static int write_index_footer(struct tl_writer *w)
{
	struct tl_buf b = { 0 };
	struct tl_footer f = { 0 };
	uint8_t fbuf[TL_FOOTER_SIZE];
	uint64_t index_offset;
	uint32_t crc = 0;
	int err;

	if (w->nindex > TL_META_MAX_INDEX) {
		pr_warn("%zu chunks: too many for an index; writing none\n",
			w->nindex);
		return 0;
	}
	err = tl_meta_encode_index(&b, w->index, w->nindex);
	index_offset = w->offset;
	if (!err)
		err = write_chunk(w, TL_CHUNK_INDEX, b.p, b.len, TL_INDEX_NONE,
				  TL_INDEX_NONE, 0, 0, &crc);
	tl_buf_release(&b);
	if (err)
		return err;
	f.index_offset = index_offset;
	f.file_size = w->offset + TL_FOOTER_SIZE;
	f.index_crc = crc;
	tl_footer_encode(fbuf, &f);
	return sink_write(w, fbuf, sizeof(fbuf));
}

static void fsync_dir(const char *path)
{
	char *copy = strdup(path);
	int fd;

	if (!copy)
		return;
	fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);	/* best effort: the rename is already done */
		close(fd);
	}
	free(copy);
}

int tl_writer__close(struct tl_writer *w)
{
	int err;

	if (!w)
		return -EINVAL;
	err = w->err;
	if (!err)
		err = write_index_footer(w);
	if (!err && w->path && fsync(w->fd)) {
		err = -errno;
		pr_warn("%s: fsync failed: %s\n", w->tmp_path, strerror(-err));
	}
	if (w->path) {
		if (close(w->fd) && !err) {
			err = -errno;
			pr_warn("%s: close failed: %s\n", w->tmp_path,
				strerror(-err));
		}
		w->fd = -1;
		if (!err && rename(w->tmp_path, w->path)) {
			err = -errno;
			pr_warn("cannot rename '%s' to '%s': %s\n", w->tmp_path,
				w->path, strerror(-err));
		}
		if (err)
			unlink(w->tmp_path);
		else
			fsync_dir(w->path);
	} else if (err) {
		pr_warn("write failed: %s\n", strerror(-err));
	}
	writer_free(w);
	return err;
}

void tl_writer__abort(struct tl_writer *w)
{
	if (!w)
		return;
	if (w->path && w->fd >= 0) {
		close(w->fd);
		w->fd = -1;
	}
	if (w->tmp_path)
		unlink(w->tmp_path);
	writer_free(w);
}
