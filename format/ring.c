// SPDX-License-Identifier: MIT
/*
 * ring.c - validation of raw ring bytes as the BPF recorder writes them
 * (tl_record.h, FORMAT.md §6): block headers, record framing, record
 * contents and capture bounds. Bad input gives -EBADMSG and a reason;
 * nothing is read before its length has been checked.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "ring.h"

void tl_ring__warn(const struct tl_ring_where *w, uint64_t block_seq,
		   uint32_t off, const char *fmt, ...)
{
	char what[256], where[96] = "", chunk[64] = "";
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	if (block_seq && off != UINT32_MAX)
		snprintf(where, sizeof(where), " block %llu offset %u",
			 (unsigned long long)block_seq, off);
	else if (block_seq)
		snprintf(where, sizeof(where), " block %llu",
			 (unsigned long long)block_seq);
	if (w->chunk_off >= 0)
		snprintf(chunk, sizeof(chunk), " RING chunk at offset %lld:",
			 (long long)w->chunk_off);
	pr_warn("%s:%s trace %u cpu %u%s: %s\n", w->file ? w->file : "?",
		chunk, w->trace_id, w->cpu, where, what);
}

int tl_ring__check_block(const void *blk, uint32_t block_size, bool be,
			 uint32_t cpu, struct tl_blk *out, const char **why)
{
	const uint8_t *p = blk;
	int i;

	if (block_size < sizeof(struct tl_block_hdr) + sizeof(struct tl_rec_hdr)) {
		*why = "block size too small";
		return -EBADMSG;
	}
	out->base = p;
	out->block_seq = tl_ring__ld64(p + 8, be);
	if (out->block_seq == 0)
		return 1;	/* never written (or header being written) */
	if (tl_ring__ld32(p, be) != TL_BLOCK_MAGIC) {
		*why = "bad block magic";
		return -EBADMSG;
	}
	out->used = tl_ring__ld32(p + 4, be);
	out->first_seq = tl_ring__ld32(p + 16, be);
	out->cpu = tl_ring__ld32(p + 20, be);
	out->ts_first = tl_ring__ld64(p + 24, be);
	out->ts_last = tl_ring__ld64(p + 32, be);
	if (out->used > block_size - sizeof(struct tl_block_hdr)) {
		*why = "block used bytes beyond the block";
		return -EBADMSG;
	}
	if (cpu != UINT32_MAX && out->cpu != cpu) {
		*why = "block belongs to another cpu";
		return -EBADMSG;
	}
	for (i = 0; i < 3; i++) {
		if (tl_ring__ld64(p + 40 + 8 * i, be)) {
			*why = "reserved block header fields not zero";
			return -EBADMSG;
		}
	}
	return 0;
}

/* Parse `n` captures starting at `off`; the record must end after them. */
static int parse_capts(const uint8_t *p, uint32_t len, uint32_t off,
		       unsigned n, bool be, struct tl_capture *capt,
		       const char **why)
{
	unsigned i;

	if (n > TL_MAX_CAPT_PER_REC) {
		*why = "too many captures";
		return -EBADMSG;
	}
	for (i = 0; i < n; i++) {
		uint32_t clen, max, alen;
		uint8_t kind, flags;

		if (len - off < sizeof(struct tl_capt)) {
			*why = "capture header beyond the record";
			return -EBADMSG;
		}
		kind = p[off + 1] & TL_CAPT_KIND_MASK;
		flags = p[off + 1] & ~TL_CAPT_KIND_MASK;
		clen = tl_ring__ld16(p + off + 2, be);
		if (p[off] > 5) {
			*why = "capture argument index above 5";
			return -EBADMSG;
		}
		if (flags & ~(TL_CAPTF_TRUNC | TL_CAPTF_FAULT | TL_CAPTF_EXIT)) {
			*why = "unknown capture flags";
			return -EBADMSG;
		}
		switch (kind) {
		case TL_CAPT_STR: max = TL_MAX_STR; break;
		case TL_CAPT_BUF: max = TL_MAX_SNAPLEN; break;
		case TL_CAPT_ARGV: max = TL_MAX_ARGV_BYTES; break;
		case TL_CAPT_COUNT:
		case TL_CAPT_LEN: max = 0; break;
		default:
			*why = "unknown capture kind";
			return -EBADMSG;
		}
		if (clen > max) {
			*why = "capture longer than its bound";
			return -EBADMSG;
		}
		if ((flags & TL_CAPTF_FAULT) && clen) {
			*why = "failed capture with data";
			return -EBADMSG;
		}
		alen = TL_CAPT_ALIGN(clen);
		if (alen > len - off - sizeof(struct tl_capt)) {
			*why = "capture data beyond the record";
			return -EBADMSG;
		}
		capt[i].arg = p[off];
		capt[i].kind = kind;
		capt[i].flags = flags;
		capt[i].pad = 0;
		capt[i].len = clen;
		capt[i].full_len = tl_ring__ld32(p + off + 4, be);
		capt[i].data = p + off + sizeof(struct tl_capt);
		off += sizeof(struct tl_capt) + alen;
	}
	if (off != len) {
		*why = "record length does not match its contents";
		return -EBADMSG;
	}
	return 0;
}

static void copy_comm(char dst[17], const uint8_t *src)
{
	memcpy(dst, src, 16);
	dst[16] = 0;
}

int tl_ring__parse(const uint8_t *p, const struct tl_rhdr *h, bool be,
		   struct tl_rec *rec, const char **why)
{
	uint32_t len = h->len;

	rec->h = *h;
	rec->ncapt = 0;
	switch (h->type) {
	case TL_REC_SYS_ENTER: {
		int i;

		if (len < sizeof(struct tl_rec_sys_enter))
			goto short_rec;
		rec->nr = tl_ring__ld16(p + 24, be);
		rec->abi = p[26];
		rec->ncapt = p[27];
		if (tl_ring__ld32(p + 28, be))
			goto pad;
		for (i = 0; i < 6; i++)
			rec->args[i] = tl_ring__ld64(p + 32 + 8 * i, be);
		rec->ret = 0;
		return parse_capts(p, len, sizeof(struct tl_rec_sys_enter),
				   rec->ncapt, be, rec->capt, why);
	}
	case TL_REC_SYS_EXIT:
		if (len < sizeof(struct tl_rec_sys_exit))
			goto short_rec;
		rec->nr = tl_ring__ld16(p + 24, be);
		rec->abi = p[26];
		rec->ncapt = p[27];
		if (tl_ring__ld32(p + 28, be))
			goto pad;
		rec->ret = (int64_t)tl_ring__ld64(p + 32, be);
		return parse_capts(p, len, sizeof(struct tl_rec_sys_exit),
				   rec->ncapt, be, rec->capt, why);
	case TL_REC_FORK:
		if (len != sizeof(struct tl_rec_fork))
			goto bad_len;
		rec->child_tid = tl_ring__ld32(p + 24, be);
		rec->child_pid = tl_ring__ld32(p + 28, be);
		copy_comm(rec->comm, p + 32);
		return 0;
	case TL_REC_EXEC: {
		int err;

		if (len < sizeof(struct tl_rec_exec))
			goto short_rec;
		rec->old_tid = tl_ring__ld32(p + 24, be);
		if (tl_ring__ld32(p + 28, be))
			goto pad;
		copy_comm(rec->comm, p + 32);
		err = parse_capts(p, len, sizeof(struct tl_rec_exec), 1, be,
				  rec->capt, why);
		if (err)
			return err;
		if (rec->capt[0].kind != TL_CAPT_STR) {
			*why = "exec filename is not a string capture";
			return -EBADMSG;
		}
		rec->ncapt = 1;
		return 0;
	}
	case TL_REC_EXIT:
		if (len != sizeof(struct tl_rec_exit))
			goto bad_len;
		rec->exit_code = (int32_t)tl_ring__ld32(p + 24, be);
		rec->exit_flags = tl_ring__ld32(p + 28, be);
		copy_comm(rec->comm, p + 32);
		return 0;
	default:
		return 1;
	}
short_rec:
	*why = "record shorter than its type's fixed part";
	return -EBADMSG;
bad_len:
	*why = "record length wrong for its type";
	return -EBADMSG;
pad:
	*why = "record padding not zero";
	return -EBADMSG;
}

int tl_ring__scan(const struct tl_blk *b, bool be, uint32_t *end,
		  uint64_t *ts_min, uint64_t *ts_max, uint32_t *nrec,
		  uint32_t *bad_off, const char **why)
{
	const uint8_t *recs = b->base + sizeof(struct tl_block_hdr);
	uint32_t off = 0, n = 0;
	struct tl_rhdr h;
	int err;

	for (;;) {
		err = tl_ring__frame(recs, b->used, off, be, &h, why);
		if (err)
			break;
		if (h.ts < *ts_min)
			*ts_min = h.ts;
		if (h.ts > *ts_max)
			*ts_max = h.ts;
		off += h.len;
		n++;
	}
	*end = off;
	*nrec = n;
	if (err < 0) {
		*bad_off = off;
		return err;
	}
	return 0;
}

int tl_abi_native(const char *arch)
{
	if (!arch)
		return TL_ABI_UNKNOWN;
	if (!strcmp(arch, "x86_64") || !strcmp(arch, "amd64"))
		return TL_ABI_X86_64;
	if (!strcmp(arch, "aarch64") || !strcmp(arch, "arm64"))
		return TL_ABI_AARCH64;
	if (!strcmp(arch, "i386") || !strcmp(arch, "i486") ||
	    !strcmp(arch, "i586") || !strcmp(arch, "i686"))
		return TL_ABI_I386;
	if (!strncmp(arch, "arm", 3))
		return TL_ABI_ARM;
	return TL_ABI_UNKNOWN;
}
