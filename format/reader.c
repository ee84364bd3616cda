// SPDX-License-Identifier: MIT
/*
 * reader.c - reads .tlz files chunk by chunk (FORMAT.md §8) from memory,
 * a file, a pipe or stdin. Reading is strictly sequential (no seek is
 * needed, so pipes work); damage is skipped by resynchronising on the
 * next chunk sync marker, reported through pr_warn() with the input name
 * and offset, and counted in the stats. The footer and index (§7) are
 * used when the input is seekable and they are valid, never required.
 *
 * Memory: one chunk's stored bytes (input buffer) plus one chunk's raw
 * bytes (decompression buffer), both bounded by max_chunk (§3.5), plus
 * the arena holding parsed metadata until tl_reader__close().
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "chunk.h"
#include "compress.h"
#include "crc32c.h"
#include "internal.h"
#include "meta.h"
#include "ringdelta.h"

/* Bytes read from an fd at a time when scanning. */
#define READ_STEP		(256u << 10)

struct tl_reader {
	char *name;

	/* source: memory, or an fd read through buf */
	const uint8_t *mem;		/* NULL for an fd */
	size_t mem_len;
	int fd;
	bool own_fd;
	uint8_t *buf;
	size_t cap, start, end;		/* buf[start..end) = bytes at pos */
	bool eof;			/* the fd returned 0 */
	uint64_t pos;			/* file offset of the next byte */
	bool seekable;
	uint64_t base;			/* fd offset of file offset 0 */
	uint64_t size;			/* when seekable */

	struct tl_file_hdr hdr;
	uint32_t max_chunk;		/* §3.5 bound in force */
	int strict;			/* §1.3: check reserved fields */

	int fatal;			/* sticky -errno */
	bool done;
	struct tl_reader_stats st;

	struct tl_codec_ctx dctx;
	uint8_t *out;			/* decompressed payload */
	size_t out_cap;
	struct tl_chunk chunk;
	/* last INDEX chunk met sequentially, to match the footer (§7.3) */
	bool seen_index;
	uint64_t seen_index_off;
	uint32_t seen_index_crc;

	struct tl_arena arena;
	int index_state;		/* 0 not tried, 1 loaded, <0 -errno */
	const struct tl_index_entry *index;
	size_t nindex;
};

/* --------------------------------------------------------------- input */

static const uint8_t *cur(const struct tl_reader *r)
{
	if (r->mem)
		return r->mem + r->pos;
	return r->buf + r->start;
}

static size_t avail(const struct tl_reader *r)
{
	if (r->mem)
		return r->mem_len - (size_t)r->pos;
	return r->end - r->start;
}

static void consume(struct tl_reader *r, size_t n)
{
	if (n > avail(r))
		n = avail(r);
	r->pos += n;
	if (!r->mem)
		r->start += n;
}

/* Makes at least `need` bytes available unless the input ends first.
 * Returns the bytes available (maybe fewer at the end) or -errno. */
static long fill(struct tl_reader *r, size_t need)
{
	ssize_t n;

	if (r->mem)
		return (long)avail(r);
	if (r->end - r->start >= need || r->eof)
		return (long)(r->end - r->start);
	if (r->cap - r->start < need) {
		size_t ncap = need < READ_STEP ? READ_STEP : need;

		if (r->start) {
			memmove(r->buf, r->buf + r->start, r->end - r->start);
			r->end -= r->start;
			r->start = 0;
		}
		if (r->cap < ncap) {
			uint8_t *nb = realloc(r->buf, ncap);

			if (!nb)
				return -ENOMEM;
			r->buf = nb;
			r->cap = ncap;
		}
	}
	while (r->end - r->start < need) {
		n = read(r->fd, r->buf + r->end, r->cap - r->end);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			n = -errno;
			pr_warn("%s: read error at offset %llu: %s\n", r->name,
				(unsigned long long)(r->pos + r->end - r->start),
				strerror((int)-n));
			return (long)n;
		}
		if (n == 0) {
			r->eof = true;
			break;
		}
		r->end += (size_t)n;
	}
	return (long)(r->end - r->start);
}

/* Reads len bytes at file offset off of a seekable input, without moving
 * the sequential position. */
static int read_at(struct tl_reader *r, uint64_t off, void *dst, size_t len)
{
	uint8_t *p = dst;
	ssize_t n;

	if (off > r->size || len > r->size - off)
		return -EBADMSG;
	if (r->mem) {
		memcpy(dst, r->mem + off, len);
		return 0;
	}
	while (len) {
		n = pread(r->fd, p, len, (off_t)(r->base + off));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0)
			return -EBADMSG;
		p += n;
		off += (uint64_t)n;
		len -= (size_t)n;
	}
	return 0;
}

/* -------------------------------------------------------------- open */

static struct tl_reader *reader_new(const char *name)
{
	struct tl_reader *r = calloc(1, sizeof(*r));

	if (!r)
		return NULL;
	r->fd = -1;
	r->name = strdup(name ? name : "(input)");
	if (!r->name) {
		free(r);
		return NULL;
	}
	return r;
}

/* §2.1, §2.2: reads and checks the file header. 0 or -errno. */
static int read_file_header(struct tl_reader *r)
{
	long n = fill(r, TL_FILE_HDR_SIZE);
	struct tl_file_hdr *h = &r->hdr;

	if (n < 0)
		return (int)n;
	if (n == 0) {
		pr_warn("%s: empty input, not a .tlz file\n", r->name);
		return -EBADMSG;
	}
	if (n < (long)TL_FILE_HDR_SIZE) {
		if (memcmp(cur(r), TL_FILE_MAGIC,
			   (size_t)n < TL_FILE_MAGIC_LEN ? (size_t)n
							 : TL_FILE_MAGIC_LEN)) {
			pr_warn("%s: not a .tlz file (bad magic)\n", r->name);
		} else {
			pr_warn("%s: truncated: file header has %ld of %u bytes\n",
				r->name, n, TL_FILE_HDR_SIZE);
			r->st.truncated = true;
		}
		return -EBADMSG;
	}
	if (!tl_file_hdr_decode(cur(r), h)) {
		const uint8_t *b = cur(r);

		/* §2.1: the magic is built to show these kinds of damage. */
		if (b[0] == 0x89 && memcmp(b + 1, "TLZ", 3) == 0)
			pr_warn("%s: not a .tlz file: magic damaged (line-ending or text-mode conversion?)\n",
				r->name);
		else
			pr_warn("%s: not a .tlz file (bad magic)\n", r->name);
		return -EBADMSG;
	}
	if (h->major != TL_FORMAT_MAJOR) {	/* §2.2 */
		pr_warn("%s: format version %u.%u is not supported (this reader reads %u.x)\n",
			r->name, h->major, h->minor, TL_FORMAT_MAJOR);
		return -EOPNOTSUPP;
	}
	if (h->header_size < TL_FILE_HDR_SIZE ||
	    h->header_size > TL_FILE_HDR_MAX || h->header_size % 8) {
		pr_warn("%s: bad file header size %u\n", r->name,
			h->header_size);
		return -EBADMSG;
	}
	r->strict = h->minor <= TL_FORMAT_MINOR;
	r->max_chunk = h->max_chunk;
	if (h->max_chunk == 0 || h->max_chunk > TL_MAX_CHUNK) {	/* §3.5 */
		pr_warn("%s: file header: max_chunk %u out of range; using %u\n",
			r->name, h->max_chunk, TL_MAX_CHUNK);
		r->max_chunk = TL_MAX_CHUNK;
	}
	n = fill(r, h->header_size);
	if (n < 0)
		return (int)n;
	if (n < (long)h->header_size) {
		pr_warn("%s: truncated: file header has %ld of %u bytes\n",
			r->name, n, h->header_size);
		r->st.truncated = true;
		return -EBADMSG;
	}
	consume(r, h->header_size);
	return 0;
}

static struct tl_reader *reader_start(struct tl_reader *r)
{
	int err = read_file_header(r);

	if (err) {
		tl_reader__close(r);
		errno = -err;
		return NULL;
	}
	return r;
}

struct tl_reader *tl_reader__open_mem(const void *buf, size_t len,
				      const char *name)
{
	struct tl_reader *r;

	if (!buf && len) {
		errno = EINVAL;
		return NULL;
	}
	r = reader_new(name ? name : "(memory)");
	if (!r)
		return NULL;
	/* A zero-length input still needs a non-NULL base. */
	r->mem = buf ? buf : (const uint8_t *)"";
	r->mem_len = len;
	r->seekable = true;
	r->size = len;
	return reader_start(r);
}

static struct tl_reader *open_fd(int fd, const char *name, bool own)
{
	struct tl_reader *r;
	struct stat sb;
	off_t off;

	r = reader_new(name);
	if (!r) {
		if (own)
			close(fd);
		return NULL;
	}
	r->fd = fd;
	r->own_fd = own;
	if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode)) {
		off = lseek(fd, 0, SEEK_CUR);
		if (off >= 0 && off <= sb.st_size) {
			r->seekable = true;
			r->base = (uint64_t)off;
			r->size = (uint64_t)(sb.st_size - off);
		}
	}
	return reader_start(r);
}

struct tl_reader *tl_reader__open_fd(int fd, const char *name)
{
	char tmp[32];

	if (fd < 0) {
		errno = EBADF;
		return NULL;
	}
	if (!name) {
		snprintf(tmp, sizeof(tmp), "fd %d", fd);
		name = tmp;
	}
	return open_fd(fd, name, false);
}

struct tl_reader *tl_reader__open(const char *path)
{
	int fd, err;

	if (!path) {
		errno = EINVAL;
		return NULL;
	}
	if (strcmp(path, "-") == 0)
		return open_fd(STDIN_FILENO, "<stdin>", false);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		err = errno;
		pr_warn("cannot open '%s': %s\n", path, strerror(err));
		errno = err;
		return NULL;
	}
	return open_fd(fd, path, true);
}

void tl_reader__close(struct tl_reader *r)
{
	if (!r)
		return;
	if (r->own_fd && r->fd >= 0)
		close(r->fd);
	tl_codec_ctx_release(&r->dctx);
	tl_arena_release(&r->arena);
	free(r->buf);
	free(r->out);
	free(r->name);
	free(r);
}

const char *tl_reader__name(const struct tl_reader *r)
{
	return r ? r->name : NULL;
}

void tl_reader__version(const struct tl_reader *r, int *major, int *minor)
{
	if (major)
		*major = r ? r->hdr.major : 0;
	if (minor)
		*minor = r ? r->hdr.minor : 0;
}

void tl_reader__stats(const struct tl_reader *r, struct tl_reader_stats *st)
{
	if (!st)
		return;
	if (!r) {
		memset(st, 0, sizeof(*st));
		return;
	}
	*st = r->st;
}

/* ------------------------------------------------------------ chunks */

/*
 * §3.1-§3.5: is the header at the current position one we accept?
 * Returns 1 (ok), 0 (not a valid header: resync), with a reason.
 */
static int check_header(struct tl_reader *r, const uint8_t *p,
			struct tl_chunk_hdr *h, const char **why)
{
	if (memcmp(p, TL_CHUNK_SYNC, TL_CHUNK_SYNC_LEN)) {
		*why = "no chunk sync marker";
		return 0;
	}
	if (!tl_chunk_hdr_decode(p, h)) {
		*why = "header CRC mismatch";
		return 0;
	}
	if (h->file_id != r->hdr.file_id) {	/* §3.1 */
		*why = "chunk belongs to another file (file id differs)";
		return 0;
	}
	if (h->stored_len > r->max_chunk || h->raw_len > r->max_chunk) {
		*why = "chunk length out of bounds";	/* §3.5 */
		return 0;
	}
	if (h->codec == TL_CODEC_NONE && h->stored_len != h->raw_len) {
		*why = "stored and raw lengths differ for codec none";
		return 0;
	}
	if ((h->type & ~TL_CHUNK_CRITICAL) == 0) {
		*why = "chunk type 0";
		return 0;
	}
	return 1;
}

/*
 * §8.1: scan forward from file offset `from` (> the damaged position) for
 * the next chunk header that passes check_header(). Leaves the position
 * there (or at the end) and reports the damage once.
 */
static int resync(struct tl_reader *r, uint64_t damaged, uint64_t from,
		  const char *why)
{
	struct tl_chunk_hdr h;
	const uint8_t *p, *hit;
	const char *why2;
	long n;

	r->st.damaged_chunks++;
	consume(r, (size_t)(from - r->pos));
	for (;;) {
		n = fill(r, READ_STEP);
		if (n < 0)
			return (int)n;
		p = cur(r);
		hit = n >= (long)TL_CHUNK_SYNC_LEN ?
		      memmem(p, (size_t)n, TL_CHUNK_SYNC, TL_CHUNK_SYNC_LEN) :
		      NULL;
		if (!hit) {
			if (n < (long)READ_STEP && (r->mem || r->eof)) {
				consume(r, (size_t)n);	/* the end */
				break;
			}
			/* Keep a tail that may hold the start of a marker. */
			consume(r, (size_t)n - (TL_CHUNK_SYNC_LEN - 1));
			continue;
		}
		consume(r, (size_t)(hit - p));
		n = fill(r, TL_CHUNK_HDR_SIZE);
		if (n < 0)
			return (int)n;
		if (n >= (long)TL_CHUNK_HDR_SIZE &&
		    check_header(r, cur(r), &h, &why2))
			break;
		consume(r, 1);
	}
	r->st.skipped_bytes += r->pos - damaged;
	if (avail(r))
		pr_warn("%s: chunk at offset %llu: %s; skipped %llu bytes to the next chunk at offset %llu\n",
			r->name, (unsigned long long)damaged, why,
			(unsigned long long)(r->pos - damaged),
			(unsigned long long)r->pos);
	else
		pr_warn("%s: chunk at offset %llu: %s; no chunk follows, skipped %llu bytes to the end\n",
			r->name, (unsigned long long)damaged, why,
			(unsigned long long)(r->pos - damaged));
	return 0;
}

/* Skips a chunk whose header is valid (so its length can be trusted). */
static void skip_chunk(struct tl_reader *r, uint64_t off, uint64_t total,
		       const char *why)
{
	r->st.damaged_chunks++;
	r->st.skipped_bytes += total;
	consume(r, (size_t)total);
	pr_warn("%s: chunk at offset %llu: %s, skipped %llu bytes\n", r->name,
		(unsigned long long)off, why, (unsigned long long)total);
}

static bool known_type(uint32_t t)
{
	return t >= TL_CHUNK_MACHINE && t <= TL_CHUNK_RING_DELTA;
}

/* The decompression buffer, at least `len` bytes. 0 or -ENOMEM. */
static int out_reserve(struct tl_reader *r, uint64_t len)
{
	size_t ncap = len ? (size_t)len : 1;
	uint8_t *nb;

	if (r->out && r->out_cap >= ncap)
		return 0;
	nb = realloc(r->out, ncap);
	if (!nb)
		return -ENOMEM;
	r->out = nb;
	r->out_cap = ncap;
	return 0;
}

/*
 * At a chunk boundary with no sync marker: is this the footer (§7.2)?
 * A footer with a valid CRC that ends the input counts even when its
 * file size is stale (bytes were inserted or cut before it); one followed
 * by more data counts only when its file size matches (concatenation).
 */
static bool at_footer(struct tl_reader *r, long n)
{
	struct tl_footer f;
	bool at_end, size_ok;

	if (n < (long)TL_FOOTER_SIZE || !tl_footer_decode(cur(r), &f))
		return false;
	n = fill(r, TL_FOOTER_SIZE + 1);
	at_end = n == (long)TL_FOOTER_SIZE;
	size_ok = f.file_size == r->pos + TL_FOOTER_SIZE;
	if (!at_end && !size_ok)
		return false;
	if (size_ok && r->seen_index && f.index_offset == r->seen_index_off &&
	    f.index_crc == r->seen_index_crc)
		r->st.has_footer = true;
	else
		pr_info("%s: offset %llu: footer does not match the chunks before it; ignored\n",
			r->name, (unsigned long long)r->pos);
	consume(r, TL_FOOTER_SIZE);
	if (!at_end)
		pr_warn("%s: offset %llu: data after the footer ignored\n",
			r->name, (unsigned long long)r->pos);
	return true;
}

int tl_reader__next_chunk(struct tl_reader *r, const struct tl_chunk **chunk)
{
	const struct tl_codec_ops *ops;
	struct tl_chunk_hdr h;
	const uint8_t *p;
	const char *why;
	uint64_t off, total;
	uint32_t type;
	long n;
	int err;

	if (!r || !chunk)
		return -EINVAL;
	for (;;) {
		if (r->fatal)
			return r->fatal;
		if (r->done)
			return 0;
		off = r->pos;
		n = fill(r, TL_CHUNK_HDR_SIZE);
		if (n < 0)
			return r->fatal = (int)n;
		if (n == 0) {
			r->done = true;
			return 0;
		}
		p = cur(r);
		if (memcmp(p, TL_CHUNK_SYNC, n < TL_CHUNK_SYNC_LEN ?
					     (size_t)n : TL_CHUNK_SYNC_LEN) &&
		    at_footer(r, n)) {
			r->done = true;
			return 0;
		}
		if (n < (long)TL_CHUNK_HDR_SIZE) {
			/* §8.5: the input ends inside a chunk header. */
			r->st.truncated = true;
			r->st.skipped_bytes += (uint64_t)n;
			pr_warn("%s: offset %llu: truncated: %ld bytes at the end do not hold a chunk\n",
				r->name, (unsigned long long)off, n);
			consume(r, (size_t)n);
			r->done = true;
			return 0;
		}
		if (!check_header(r, p, &h, &why)) {
			err = resync(r, off, off + 1, why);	/* §8.1 */
			if (err)
				return r->fatal = err;
			continue;
		}
		total = TL_CHUNK_HDR_SIZE + h.stored_len;
		n = fill(r, (size_t)total);
		if (n < 0)
			return r->fatal = (int)n;
		if ((uint64_t)n < total) {
			/* §8.4: the input ends inside this chunk. */
			r->st.truncated = true;
			pr_warn("%s: chunk at offset %llu: truncated: %llu of %llu payload bytes present\n",
				r->name, (unsigned long long)off,
				(unsigned long long)(n - TL_CHUNK_HDR_SIZE),
				(unsigned long long)h.stored_len);
			r->st.damaged_chunks--;	/* resync counts it again */
			err = resync(r, off, off + 1, "truncated chunk");
			if (err)
				return r->fatal = err;
			continue;
		}
		p = cur(r);
		/* Padding (§3.2) is consumed when present; at the very end
		 * of the input it may be missing. */
		if ((uint64_t)fill(r, (size_t)TL_PAD8(total)) >= TL_PAD8(total))
			total = TL_PAD8(total);
		p = cur(r);
		if (tl_crc32c(0, p + TL_CHUNK_HDR_SIZE, h.stored_len) !=
		    h.payload_crc) {
			skip_chunk(r, off, total, "payload CRC mismatch");	/* §8.2 */
			continue;
		}
		if (r->strict && (h.reserved8 || h.reserved16)) {
			skip_chunk(r, off, total, "reserved header field is not zero");	/* §1.3 */
			continue;
		}
		type = h.type & ~TL_CHUNK_CRITICAL;
		if (!known_type(type)) {	/* §3.6 */
			if (h.type & TL_CHUNK_CRITICAL) {
				pr_warn("%s: chunk at offset %llu: unknown critical chunk type %u (0x%08x): this file needs a newer reader\n",
					r->name, (unsigned long long)off, type,
					h.type);
				return r->fatal = -EOPNOTSUPP;
			}
			pr_info("%s: chunk at offset %llu: unknown chunk type %u skipped\n",
				r->name, (unsigned long long)off, type);
			r->st.chunks++;
			r->st.unknown_chunks++;
			consume(r, (size_t)total);
			continue;
		}
		ops = tl_codec_get(h.codec);
		if (!ops) {	/* §3.4 */
			char why_buf[48];

			snprintf(why_buf, sizeof(why_buf), "unknown codec %u",
				 h.codec);
			skip_chunk(r, off, total, why_buf);
			continue;
		}
		r->chunk.type = type;
		r->chunk.stored_type = h.type;
		r->chunk.critical = !!(h.type & TL_CHUNK_CRITICAL);
		r->chunk.offset = off;
		r->chunk.len = (size_t)h.raw_len;
		if (ops->id == TL_CODEC_NONE && type != TL_CHUNK_RING_DELTA) {
			r->chunk.data = p + TL_CHUNK_HDR_SIZE;
		} else if (ops->id == TL_CODEC_NONE) {
			/* the delta coding is undone in place: copy first */
			if (out_reserve(r, h.raw_len))
				return -ENOMEM;
			memcpy(r->out, p + TL_CHUNK_HDR_SIZE, (size_t)h.raw_len);
			r->chunk.data = r->out;
		} else {
			if (out_reserve(r, h.raw_len))
				return -ENOMEM;
			err = ops->decompress(&r->dctx, r->out, (size_t)h.raw_len,
					      p + TL_CHUNK_HDR_SIZE,
					      (size_t)h.stored_len);
			if (err == -ENOMEM)
				return -ENOMEM;
			if (err) {
				char why_buf[64];

				snprintf(why_buf, sizeof(why_buf),
					 "%s decompression failed", ops->name);
				skip_chunk(r, off, total, why_buf);	/* §8.3 */
				continue;
			}
			r->chunk.data = r->out;
		}
		if (type == TL_CHUNK_RING_DELTA) {
			/* §6.8: handed on as the RING chunk it was made from.
			 * A damaged payload just gives damaged records. */
			tl_ring_delta(r->out, (size_t)h.raw_len,
				      TL_RING_DELTA_DECODE);
			r->chunk.type = TL_CHUNK_RING;
		}
		if (type == TL_CHUNK_INDEX) {
			r->seen_index = true;
			r->seen_index_off = off;
			r->seen_index_crc = h.payload_crc;
		}
		r->st.chunks++;
		consume(r, (size_t)total);
		*chunk = &r->chunk;
		return 1;
	}
}

/* ------------------------------------------------------ parse helpers */

/* Index entries of RING_DELTA chunks name the chunk as the reader returns
 * it: TL_CHUNK_RING, critical bit as stored (tl.h, FORMAT.md §6.8). */
static void index_as_returned(struct tl_index_entry *e, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((e[i].type & ~TL_CHUNK_CRITICAL) == TL_CHUNK_RING_DELTA)
			e[i].type = (e[i].type & TL_CHUNK_CRITICAL) |
				    TL_CHUNK_RING;
}

static int meta_ctx(struct tl_reader *r, const struct tl_chunk *c,
		    uint32_t type, struct tl_meta_ctx *mc, char *what,
		    size_t what_len)
{
	if (!r || !c || c->type != type || (c->len && !c->data))
		return -EINVAL;
	snprintf(what, what_len, "%s: %s chunk at offset %llu", r->name,
		 tl_chunk_type_name(type), (unsigned long long)c->offset);
	mc->arena = &r->arena;
	mc->what = what;
	mc->strict = r->strict;
	return 0;
}

#define WHAT_LEN 512

int tl_reader__parse_machine(struct tl_reader *r, const struct tl_chunk *c,
			     const struct tl_machine **m)
{
	struct tl_meta_ctx mc;
	struct tl_machine *out;
	char what[WHAT_LEN];
	int err;

	if (!m || (err = meta_ctx(r, c, TL_CHUNK_MACHINE, &mc, what,
				  sizeof(what))))
		return -EINVAL;
	err = tl_meta_decode_machine(&mc, c->data, c->len, &out);
	if (!err)
		*m = out;
	return err;
}

int tl_reader__parse_systable(struct tl_reader *r, const struct tl_chunk *c,
			      const struct tl_systable **t)
{
	struct tl_meta_ctx mc;
	struct tl_systable *out;
	char what[WHAT_LEN];
	int err;

	if (!t || (err = meta_ctx(r, c, TL_CHUNK_SYSTABLE, &mc, what,
				  sizeof(what))))
		return -EINVAL;
	err = tl_meta_decode_systable(&mc, c->data, c->len, &out);
	if (!err)
		*t = out;
	return err;
}

int tl_reader__parse_trace(struct tl_reader *r, const struct tl_chunk *c,
			   const struct tl_trace_info **t)
{
	struct tl_meta_ctx mc;
	struct tl_trace_info *out;
	char what[WHAT_LEN];
	int err;

	if (!t || (err = meta_ctx(r, c, TL_CHUNK_TRACE, &mc, what,
				  sizeof(what))))
		return -EINVAL;
	err = tl_meta_decode_trace(&mc, c->data, c->len, &out);
	if (!err)
		*t = out;
	return err;
}

int tl_reader__parse_procs(struct tl_reader *r, const struct tl_chunk *c,
			   uint32_t *trace_id, const struct tl_proc **procs,
			   size_t *n)
{
	struct tl_meta_ctx mc;
	struct tl_proc *out;
	char what[WHAT_LEN];
	int err;

	if (!trace_id || !procs || !n ||
	    (err = meta_ctx(r, c, TL_CHUNK_PROCS, &mc, what, sizeof(what))))
		return -EINVAL;
	err = tl_meta_decode_procs(&mc, c->data, c->len, trace_id, &out, n);
	if (!err)
		*procs = out;
	return err;
}

int tl_reader__parse_index(struct tl_reader *r, const struct tl_chunk *c,
			   const struct tl_index_entry **e, size_t *n)
{
	struct tl_meta_ctx mc;
	struct tl_index_entry *out;
	char what[WHAT_LEN];
	int err;

	if (!e || !n ||
	    (err = meta_ctx(r, c, TL_CHUNK_INDEX, &mc, what, sizeof(what))))
		return -EINVAL;
	err = tl_meta_decode_index(&mc, c->data, c->len, &out, n);
	if (!err) {
		index_as_returned(out, *n);
		*e = out;
	}
	return err;
}

__attribute__((format(printf, 3, 4)))
static int ring_bad(struct tl_reader *r, const struct tl_chunk *c,
		    const char *fmt, ...)
{
	char msg[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	pr_warn("%s: RING chunk at offset %llu: %s\n", r->name,
		(unsigned long long)c->offset, msg);
	return -EBADMSG;
}

/* §6.1 */
int tl_reader__parse_ring(struct tl_reader *r, const struct tl_chunk *c,
			  struct tl_ring_chunk *ring)
{
	const uint8_t *p;
	uint32_t hdr_size;

	if (!r || !c || !ring || c->type != TL_CHUNK_RING ||
	    (c->len && !c->data))
		return -EINVAL;
	p = c->data;
	if (c->len < TL_RING_HDR_SIZE)
		return ring_bad(r, c, "payload of %zu bytes is shorter than the %u-byte ring header",
				c->len, TL_RING_HDR_SIZE);
	ring->trace_id = tl_get32(p);
	ring->cpu = tl_get32(p + 4);
	ring->ring_kind = tl_get32(p + 8);
	ring->block_size = tl_get32(p + 12);
	ring->nblocks = tl_get32(p + 16);
	hdr_size = tl_get32(p + 20);
	ring->ts_min = (int64_t)tl_get64(p + 24);
	ring->ts_max = (int64_t)tl_get64(p + 32);
	if (hdr_size < TL_RING_HDR_SIZE || hdr_size > TL_RING_HDR_MAX ||
	    hdr_size % 8 || hdr_size > c->len)
		return ring_bad(r, c, "ring header size %u", hdr_size);
	if (r->strict && tl_get64(p + 40))
		return ring_bad(r, c, "reserved field is not zero");
	if (ring->block_size < TL_RING_MIN_BLOCK ||
	    ring->block_size > TL_RING_MAX_BLOCK ||
	    (ring->block_size & (ring->block_size - 1)))
		return ring_bad(r, c, "block size %u", ring->block_size);
	if (ring->nblocks == 0 || ring->nblocks > TL_RING_MAX_BLOCKS)
		return ring_bad(r, c, "%u blocks", ring->nblocks);
	if ((uint64_t)ring->nblocks * ring->block_size != c->len - hdr_size)
		return ring_bad(r, c, "%u blocks of %u bytes do not fill the %zu bytes after the header",
				ring->nblocks, ring->block_size,
				c->len - hdr_size);
	ring->blocks = p + hdr_size;
	return 0;
}

/* -------------------------------------------------- footer and index */

/* §7.3: loads the index through the footer. 0 or -errno. */
static int load_index(struct tl_reader *r)
{
	uint8_t fb[TL_FOOTER_SIZE], hb[TL_CHUNK_HDR_SIZE];
	const struct tl_codec_ops *ops;
	struct tl_index_entry *e;
	struct tl_meta_ctx mc;
	struct tl_chunk_hdr h;
	struct tl_footer f;
	uint8_t *stored = NULL, *raw = NULL;
	char what[WHAT_LEN];
	const char *why = "bad footer";
	size_t n, i;
	int err;

	if (r->size < r->hdr.header_size + TL_CHUNK_HDR_SIZE + TL_FOOTER_SIZE)
		return -ENOENT;
	err = read_at(r, r->size - TL_FOOTER_SIZE, fb, sizeof(fb));
	if (err)
		return err == -EBADMSG ? -ENOENT : err;
	if (!tl_footer_decode(fb, &f)) {
		why = "no valid footer";
		err = -ENOENT;
		goto bad;
	}
	err = -ENOENT;
	if (f.file_size != r->size) {
		why = "footer file size does not match the file (truncated or appended?)";
		goto bad;
	}
	if (f.index_offset < r->hdr.header_size ||
	    f.index_offset > r->size - TL_FOOTER_SIZE - TL_CHUNK_HDR_SIZE) {
		why = "footer index offset out of range";
		goto bad;
	}
	err = read_at(r, f.index_offset, hb, sizeof(hb));
	if (err)
		goto bad;
	err = -ENOENT;
	if (!check_header(r, hb, &h, &why))
		goto bad;
	if ((h.type & ~TL_CHUNK_CRITICAL) != TL_CHUNK_INDEX ||
	    f.index_offset + TL_CHUNK_HDR_SIZE + TL_PAD8(h.stored_len) !=
	    r->size - TL_FOOTER_SIZE || h.payload_crc != f.index_crc) {
		why = "footer does not point at the INDEX chunk";
		goto bad;
	}
	ops = tl_codec_get(h.codec);
	if (!ops) {
		why = "INDEX chunk has an unknown codec";
		goto bad;
	}
	stored = malloc(h.stored_len ? (size_t)h.stored_len : 1);
	raw = malloc(h.raw_len ? (size_t)h.raw_len : 1);
	if (!stored || !raw) {
		err = -ENOMEM;
		goto out;
	}
	err = read_at(r, f.index_offset + TL_CHUNK_HDR_SIZE, stored,
		      (size_t)h.stored_len);
	if (err)
		goto bad;
	err = -ENOENT;
	if (tl_crc32c(0, stored, h.stored_len) != h.payload_crc) {
		why = "INDEX chunk payload CRC mismatch";
		goto bad;
	}
	if (ops->decompress(&r->dctx, raw, (size_t)h.raw_len, stored,
			    (size_t)h.stored_len)) {
		why = "INDEX chunk does not decompress";
		goto bad;
	}
	snprintf(what, sizeof(what), "%s: INDEX chunk at offset %llu", r->name,
		 (unsigned long long)f.index_offset);
	mc.arena = &r->arena;
	mc.what = what;
	mc.strict = r->strict;
	if (tl_meta_decode_index(&mc, raw, (size_t)h.raw_len, &e, &n)) {
		why = "INDEX chunk is malformed";
		goto bad;
	}
	for (i = 0; i < n; i++) {
		if (e[i].offset < r->hdr.header_size ||
		    e[i].offset >= f.index_offset) {
			why = "index entry points outside the file";
			goto bad;
		}
	}
	index_as_returned(e, n);
	r->index = e;
	r->nindex = n;
	r->st.has_footer = true;
	err = 0;
	goto out;
bad:
	pr_info("%s: footer/index not used: %s\n", r->name, why);
out:
	free(stored);
	free(raw);
	return err;
}

int tl_reader__index(struct tl_reader *r, const struct tl_index_entry **e,
		     size_t *n)
{
	if (!r || !e || !n)
		return -EINVAL;
	if (!r->seekable)
		return -ESPIPE;
	if (r->index_state == 0) {
		int err = load_index(r);

		r->index_state = err ? err : 1;
	}
	if (r->index_state < 0)
		return r->index_state;
	*e = r->index;
	*n = r->nindex;
	return 0;
}

int tl_reader__seek(struct tl_reader *r, uint64_t offset)
{
	if (!r)
		return -EINVAL;
	if (!r->seekable)
		return -ESPIPE;
	if (offset < r->hdr.header_size || offset > r->size)
		return -EINVAL;
	if (!r->mem) {
		if (lseek(r->fd, (off_t)(r->base + offset), SEEK_SET) < 0)
			return -errno;
		r->start = r->end = 0;
		r->eof = false;
	}
	r->pos = offset;
	r->done = false;
	if (r->fatal == -EOPNOTSUPP)	/* a critical chunk can be stepped over */
		r->fatal = 0;
	return 0;
}
