// SPDX-License-Identifier: MIT
/*
 * meta.c - TLV encoding (FORMAT.md §5.1) of the metadata chunks MACHINE,
 * SYSTABLE, TRACE, PROCS (§5.2-§5.5) and of the INDEX chunk (§7.1).
 * Decoders check every length against its bound before using it, copy
 * strings into the reader's arena, and skip tags they do not know.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "meta.h"

/* ------------------------------------------------------------ tl_buf */

void tl_buf_release(struct tl_buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
	b->err = 0;
}

void tl_buf_put(struct tl_buf *b, const void *p, size_t n)
{
	void *np = b->p;

	if (b->err || n == 0)
		return;
	if (n > SIZE_MAX - b->len) {
		b->err = -ENOMEM;
		return;
	}
	if (tl_grow(&np, &b->cap, b->len + n, 1)) {
		b->err = -ENOMEM;
		return;
	}
	b->p = np;
	memcpy(b->p + b->len, p, n);
	b->len += n;
}

/* ---------------------------------------------------------- tl_arena */

#define ARENA_BLOCK	(64u << 10)

struct tl_arena_blk {
	struct tl_arena_blk *next;
	size_t size;
	uint64_t data[];
};

void *tl_arena_alloc(struct tl_arena *a, size_t size)
{
	struct tl_arena_blk *blk;
	void *p;

	if (size > SIZE_MAX - 8 - sizeof(*blk)) {
		errno = ENOMEM;
		return NULL;
	}
	size = (size + 7) & ~(size_t)7;
	if (a->head && a->head->size - a->used >= size) {
		p = (uint8_t *)a->head->data + a->used;
		a->used += size;
		return p;
	}
	if (size > ARENA_BLOCK / 4) {
		/* Big: a block of its own, kept behind the current head so
		 * the head's free space stays usable. */
		blk = calloc(1, sizeof(*blk) + size);
		if (!blk)
			return NULL;
		blk->size = size;
		if (a->head) {
			blk->next = a->head->next;
			a->head->next = blk;
		} else {
			blk->next = NULL;
			a->head = blk;
			a->used = size;
		}
		return blk->data;
	}
	blk = calloc(1, sizeof(*blk) + ARENA_BLOCK);
	if (!blk)
		return NULL;
	blk->size = ARENA_BLOCK;
	blk->next = a->head;
	a->head = blk;
	a->used = size;
	return blk->data;
}

void tl_arena_release(struct tl_arena *a)
{
	struct tl_arena_blk *blk, *next;

	for (blk = a->head; blk; blk = next) {
		next = blk->next;
		free(blk);
	}
	a->head = NULL;
	a->used = 0;
}

/* ------------------------------------------------------- TLV encoding */

static void tlv_hdr(struct tl_buf *b, uint16_t tag, uint32_t len)
{
	uint8_t h[TL_TLV_HDR_SIZE];

	tl_put16(h, tag);
	tl_put16(h + 2, 0);		/* §1.3 reserved */
	tl_put32(h + 4, len);
	tl_buf_put(b, h, sizeof(h));
}

static void tlv_bytes(struct tl_buf *b, uint16_t tag, const void *p,
		      size_t n)
{
	static const uint8_t zero[4];

	tlv_hdr(b, tag, (uint32_t)n);
	tl_buf_put(b, p, n);
	tl_buf_put(b, zero, (4 - (n & 3)) & 3);	/* §5.1 pad to 4 */
}

static void tlv_u8(struct tl_buf *b, uint16_t tag, uint8_t v)
{
	tlv_bytes(b, tag, &v, 1);
}

static void tlv_u16(struct tl_buf *b, uint16_t tag, uint16_t v)
{
	uint8_t x[2];

	tl_put16(x, v);
	tlv_bytes(b, tag, x, 2);
}

static void tlv_u32(struct tl_buf *b, uint16_t tag, uint32_t v)
{
	uint8_t x[4];

	tl_put32(x, v);
	tlv_bytes(b, tag, x, 4);
}

static void tlv_u64(struct tl_buf *b, uint16_t tag, uint64_t v)
{
	uint8_t x[8];

	tl_put64(x, v);
	tlv_bytes(b, tag, x, 8);
}

/* Writes nothing for NULL. */
static void tlv_str(struct tl_buf *b, uint16_t tag, const char *s)
{
	if (s)
		tlv_bytes(b, tag, s, strlen(s));
}

static size_t tlv_begin(struct tl_buf *b, uint16_t tag)
{
	size_t pos = b->len;

	tlv_hdr(b, tag, 0);
	return pos;
}

static void tlv_end(struct tl_buf *b, size_t pos)
{
	if (b->err)
		return;
	/* Group values are whole padded items: a multiple of 4. */
	tl_put32(b->p + pos + 4, (uint32_t)(b->len - pos - TL_TLV_HDR_SIZE));
}

/* A string the writer must not write: longer than its bound (§5). */
static int check_str(const char *what, const char *s, size_t bound)
{
	size_t n;

	if (!s)
		return 0;
	n = strlen(s);
	if (n > bound) {
		pr_warn("cannot write %s: %zu bytes, the format allows %zu\n",
			what, n, bound);
		return -EINVAL;
	}
	return 0;
}

/* Long strings (command lines) are cut to the bound instead. */
static void tlv_str_cut(struct tl_buf *b, uint16_t tag, const char *s,
			size_t bound)
{
	size_t n;

	if (!s)
		return;
	n = strlen(s);
	tlv_bytes(b, tag, s, n > bound ? bound : n);
}

static void tlv_clock(struct tl_buf *b, uint16_t tag,
		      const struct tl_clock_snapshot *c)
{
	uint8_t x[24];

	tl_put64(x, (uint64_t)c->realtime_ns);
	tl_put64(x + 8, (uint64_t)c->monotonic_ns);
	tl_put64(x + 16, (uint64_t)c->boottime_ns);
	tlv_bytes(b, tag, x, sizeof(x));
}

int tl_meta_encode_machine(struct tl_buf *b, const struct tl_machine *m)
{
	int err;

	if (m->big_endian > 1) {
		pr_warn("cannot write machine: big_endian is %u\n", m->big_endian);
		return -EINVAL;
	}
	if ((err = check_str("machine arch", m->arch, TL_META_STR_MAX)) ||
	    (err = check_str("kernel release", m->kernel_release, TL_META_STR_MAX)) ||
	    (err = check_str("kernel version", m->kernel_version, TL_META_STR_MAX)) ||
	    (err = check_str("hostname", m->hostname, TL_META_STR_MAX)) ||
	    (err = check_str("recorder", m->recorder, TL_META_STR_MAX)) ||
	    (err = check_str("syscall filter", m->syscall_filter, TL_META_LONG_MAX)) ||
	    (err = check_str("compress option", m->compress, TL_META_STR_MAX)))
		return err;
	tlv_str(b, TL_MT_ARCH, m->arch ? m->arch : "");	/* §5.2 required */
	tlv_str(b, TL_MT_KERNEL_RELEASE, m->kernel_release);
	tlv_str(b, TL_MT_KERNEL_VERSION, m->kernel_version);
	tlv_str(b, TL_MT_HOSTNAME, m->hostname);
	tlv_u32(b, TL_MT_PAGE_SIZE, m->page_size);
	tlv_u32(b, TL_MT_NCPUS, m->ncpus);
	tlv_u8(b, TL_MT_BIG_ENDIAN, m->big_endian);
	tlv_u8(b, TL_MT_LONG_SIZE, m->long_size);
	tlv_u16(b, TL_MT_RECORD_LAYOUT, m->record_layout);
	tlv_clock(b, TL_MT_CLOCK_START, &m->clock_start);
	tlv_clock(b, TL_MT_CLOCK_DUMP, &m->clock_dump);
	tlv_str(b, TL_MT_RECORDER, m->recorder);
	tlv_str_cut(b, TL_MT_CMDLINE, m->cmdline, TL_META_LONG_MAX);
	tlv_u32(b, TL_MT_SNAPLEN, m->snaplen);
	tlv_u32(b, TL_MT_NO_DATA, m->no_data);
	tlv_u64(b, TL_MT_BUFFER_SIZE, m->buffer_size);
	tlv_str(b, TL_MT_SYSCALL_FILTER, m->syscall_filter);
	tlv_str(b, TL_MT_COMPRESS, m->compress);
	return b->err;
}

int tl_meta_encode_systable(struct tl_buf *b, const struct tl_systable *t)
{
	size_t i, g, ga;
	int a, err;

	if (t->abi == TL_ABI_UNKNOWN) {
		pr_warn("cannot write a syscall table without an ABI\n");
		return -EINVAL;
	}
	if (t->count > TL_META_MAX_SYSCALLS || (t->count && !t->calls)) {
		pr_warn("cannot write syscall table of ABI %u: %u entries\n",
			t->abi, t->count);
		return -EINVAL;
	}
	if ((err = check_str("syscall table arch", t->arch, TL_META_NAME_MAX)))
		return err;
	tlv_u8(b, TL_ST_ABI, t->abi);
	tlv_str(b, TL_ST_ARCH, t->arch);
	for (i = 0; i < t->count; i++) {
		const struct tl_syscall *sc = &t->calls[i];

		if (!sc->name || !sc->name[0] || sc->nargs > 6 ||
		    (i && sc->nr <= t->calls[i - 1].nr)) {
			pr_warn("cannot write syscall %u of ABI %u: %s\n",
				sc->nr, t->abi,
				!sc->name || !sc->name[0] ? "no name" :
				sc->nargs > 6 ? "more than 6 arguments" :
				"table not sorted by number, or a number twice");
			return -EINVAL;
		}
		if ((err = check_str("syscall name", sc->name, TL_META_NAME_MAX)))
			return err;
		g = tlv_begin(b, TL_ST_SYSCALL);
		tlv_u16(b, TL_SY_NR, sc->nr);
		tlv_str(b, TL_SY_NAME, sc->name);
		tlv_u32(b, TL_SY_CLASSES, sc->classes);
		for (a = 0; a < sc->nargs; a++) {
			const struct tl_sysarg *sa = &sc->args[a];

			if (sa->len_arg < -1 || sa->len_arg > 5) {
				pr_warn("cannot write syscall %s: argument %d: length argument %d\n",
					sc->name, a, sa->len_arg);
				return -EINVAL;
			}
			if ((err = check_str("argument name", sa->name, TL_META_NAME_MAX)) ||
			    (err = check_str("argument type", sa->type, TL_META_NAME_MAX)) ||
			    (err = check_str("argument format", sa->fmt, TL_META_NAME_MAX)))
				return err;
			ga = tlv_begin(b, TL_SY_ARG);
			tlv_str(b, TL_SA_NAME, sa->name);
			tlv_str(b, TL_SA_TYPE, sa->type);
			tlv_str(b, TL_SA_FMT, sa->fmt);
			tlv_u8(b, TL_SA_KIND, sa->kind);
			tlv_u8(b, TL_SA_LEN_ARG, (uint8_t)sa->len_arg);
			tlv_u16(b, TL_SA_SIZE, sa->size);
			tlv_end(b, ga);
		}
		tlv_end(b, g);
	}
	return b->err;
}

int tl_meta_encode_trace(struct tl_buf *b, const struct tl_trace_info *t)
{
	size_t i, g;
	int err;

	if (t->nlabels > TL_META_MAX_LABELS || t->nrings > TL_META_MAX_RINGS ||
	    (t->nlabels && !t->labels) || (t->nrings && !t->rings)) {
		pr_warn("cannot write trace %u: %u labels, %u rings\n",
			t->id, t->nlabels, t->nrings);
		return -EINVAL;
	}
	if ((err = check_str("trace name", t->name, TL_META_STR_MAX)) ||
	    (err = check_str("cgroup path", t->cgroup_path, TL_META_STR_MAX)))
		return err;
	tlv_u32(b, TL_TR_ID, t->id);
	tlv_u32(b, TL_TR_KIND, t->kind);
	tlv_str(b, TL_TR_NAME, t->name);
	tlv_str(b, TL_TR_CGROUP_PATH, t->cgroup_path);
	tlv_u64(b, TL_TR_CGROUP_ID, t->cgroup_id);
	for (i = 0; i < t->nlabels; i++) {
		if ((err = check_str("label key", t->labels[i].key, TL_META_NAME_MAX)) ||
		    (err = check_str("label value", t->labels[i].value, TL_META_STR_MAX)))
			return err;
		g = tlv_begin(b, TL_TR_LABEL);
		tlv_str(b, TL_LB_KEY, t->labels[i].key ? t->labels[i].key : "");
		tlv_str(b, TL_LB_VALUE, t->labels[i].value ? t->labels[i].value : "");
		tlv_end(b, g);
	}
	for (i = 0; i < t->nrings; i++) {
		const struct tl_ring_info *ri = &t->rings[i];

		g = tlv_begin(b, TL_TR_RING);
		tlv_u32(b, TL_RI_CPU, ri->cpu);
		tlv_u32(b, TL_RI_KIND, ri->kind);
		tlv_u32(b, TL_RI_BLOCK_SIZE, ri->block_size);
		tlv_u32(b, TL_RI_NBLOCKS, ri->nblocks);
		tlv_u64(b, TL_RI_HEAD_BLOCK, ri->head_block);
		tlv_u64(b, TL_RI_RECORDS, ri->records);
		tlv_u64(b, TL_RI_LOST_BUSY, ri->lost_busy);
		tlv_u64(b, TL_RI_LOST_SIZE, ri->lost_size);
		tlv_u64(b, TL_RI_LOST_OTHER, ri->lost_other);
		tlv_end(b, g);
	}
	tlv_u64(b, TL_TR_START_NS, (uint64_t)t->start_ns);
	tlv_u64(b, TL_TR_END_NS, (uint64_t)t->end_ns);
	return b->err;
}

int tl_meta_encode_procs(struct tl_buf *b, uint32_t trace_id,
			 const struct tl_proc *procs, size_t n, size_t limit,
			 size_t *done)
{
	size_t i, g;
	int err;

	tlv_u32(b, TL_PS_TRACE_ID, trace_id);
	for (i = 0; i < n && i < TL_META_MAX_PROCS; i++) {
		const struct tl_proc *p = &procs[i];

		if (i > 0 && b->len >= limit)
			break;
		if ((err = check_str("comm", p->comm, TL_META_NAME_MAX)) ||
		    (err = check_str("exe", p->exe, TL_META_STR_MAX)) ||
		    (err = check_str("cwd", p->cwd, TL_META_STR_MAX)))
			return err;
		g = tlv_begin(b, TL_PS_PROC);
		tlv_u32(b, TL_PR_TID, p->tid);
		tlv_u32(b, TL_PR_PID, p->pid);
		/* §5.5: an absent integer is 0, so zeros are left out. */
		if (p->ppid)
			tlv_u32(b, TL_PR_PPID, p->ppid);
		if (p->uid)
			tlv_u32(b, TL_PR_UID, p->uid);
		if (p->gid)
			tlv_u32(b, TL_PR_GID, p->gid);
		if (p->flags)
			tlv_u32(b, TL_PR_FLAGS, p->flags);
		if (p->exit_code)
			tlv_u32(b, TL_PR_EXIT_CODE, (uint32_t)p->exit_code);
		tlv_str(b, TL_PR_COMM, p->comm);
		tlv_str(b, TL_PR_EXE, p->exe);
		tlv_str(b, TL_PR_CWD, p->cwd);
		if (p->argv)
			tlv_bytes(b, TL_PR_ARGV, p->argv,
				  p->argv_len > TL_META_LONG_MAX ?
				  TL_META_LONG_MAX : p->argv_len);
		if (p->start_ns)
			tlv_u64(b, TL_PR_START_NS, (uint64_t)p->start_ns);
		tlv_end(b, g);
	}
	*done = i;
	return b->err;
}

int tl_meta_encode_index(struct tl_buf *b, const struct tl_index_entry *e,
			 size_t n)
{
	uint8_t x[TL_INDEX_ENTRY_SIZE];
	size_t i;

	if (n > TL_META_MAX_INDEX)
		return -EINVAL;
	tlv_u32(b, TL_IX_ENTRY_SIZE, TL_INDEX_ENTRY_SIZE);
	tlv_hdr(b, TL_IX_ENTRIES, (uint32_t)(n * TL_INDEX_ENTRY_SIZE));
	for (i = 0; i < n; i++) {
		tl_put64(x, e[i].offset);
		tl_put32(x + 8, e[i].type);
		tl_put32(x + 12, e[i].trace_id);
		tl_put32(x + 16, e[i].cpu);
		tl_put32(x + 20, 0);		/* §1.3 reserved */
		tl_put64(x + 24, (uint64_t)e[i].ts_min);
		tl_put64(x + 32, (uint64_t)e[i].ts_max);
		tl_buf_put(b, x, sizeof(x));
	}
	return b->err;		/* 40 * n is a multiple of 4: no padding */
}

/* ------------------------------------------------------- TLV decoding */

struct tlv_it {
	const struct tl_meta_ctx *mc;
	const uint8_t *p;
	size_t len, off;
	size_t base;		/* offset of p in the chunk payload */
};

struct tlv {
	uint16_t tag;
	uint32_t len;
	const uint8_t *v;
	size_t off;		/* payload offset of the item, for messages */
};

static void tlv_it_init(struct tlv_it *it, const struct tl_meta_ctx *mc,
			const void *p, size_t len, size_t base)
{
	it->mc = mc;
	it->p = p;
	it->len = len;
	it->off = 0;
	it->base = base;
}

/* The nested items of a group value. */
static void tlv_it_sub(struct tlv_it *sub, const struct tlv_it *it,
		       const struct tlv *t)
{
	tlv_it_init(sub, it->mc, t->v, t->len, t->off + TL_TLV_HDR_SIZE);
}

__attribute__((format(printf, 3, 4)))
static int bad(const struct tl_meta_ctx *mc, size_t off, const char *fmt, ...)
{
	char msg[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	pr_warn("%s: payload offset %zu: %s\n", mc->what, off, msg);
	return -EBADMSG;
}

/* 1 and *t = the next item, 0 at the end, -EBADMSG (§5.1). */
static int tlv_next(struct tlv_it *it, struct tlv *t)
{
	size_t rest = it->len - it->off, pad;
	const uint8_t *h = it->p + it->off;

	if (rest == 0)
		return 0;
	t->off = it->base + it->off;
	if (rest < TL_TLV_HDR_SIZE)
		return bad(it->mc, t->off, "%zu stray bytes after the last item",
			   rest);
	t->tag = tl_get16(h);
	t->len = tl_get32(h + 4);
	t->v = h + TL_TLV_HDR_SIZE;
	if (it->mc->strict && tl_get16(h + 2) != 0)	/* §1.3 */
		return bad(it->mc, t->off, "tag %u: reserved field is %u",
			   t->tag, tl_get16(h + 2));
	pad = (4 - (t->len & 3)) & 3;
	if (t->len > rest - TL_TLV_HDR_SIZE ||
	    pad > rest - TL_TLV_HDR_SIZE - t->len)	/* §5.1 bound */
		return bad(it->mc, t->off, "tag %u: length %u beyond the %zu bytes left",
			   t->tag, t->len, rest - TL_TLV_HDR_SIZE);
	it->off += TL_TLV_HDR_SIZE + t->len + pad;
	return 1;
}

static int get_uint(const struct tlv_it *it, const struct tlv *t,
		    unsigned int size, uint64_t *v)
{
	if (t->len != size)		/* §5.1: integers have their exact size */
		return bad(it->mc, t->off, "tag %u: length %u, expected %u",
			   t->tag, t->len, size);
	switch (size) {
	case 1: *v = t->v[0]; break;
	case 2: *v = tl_get16(t->v); break;
	case 4: *v = tl_get32(t->v); break;
	default: *v = tl_get64(t->v); break;
	}
	return 0;
}

#define GET_INT(it, t, field) ({					\
	uint64_t ___v = 0;						\
	int ___rc = get_uint((it), (t), sizeof(field), &___v);		\
	if (!___rc)							\
		(field) = (__typeof__(field))___v;			\
	___rc;								\
})

/* A copy of the bytes with a NUL added; `bound` from §5. */
static int get_bytes(const struct tlv_it *it, const struct tlv *t,
		     size_t bound, const char **out)
{
	char *s;

	if (t->len > bound)
		return bad(it->mc, t->off, "tag %u: %u bytes, at most %zu allowed",
			   t->tag, t->len, bound);
	s = tl_arena_alloc(it->mc->arena, (size_t)t->len + 1);
	if (!s)
		return -ENOMEM;
	memcpy(s, t->v, t->len);
	s[t->len] = '\0';
	*out = s;
	return 0;
}

static int get_clock(const struct tlv_it *it, const struct tlv *t,
		     struct tl_clock_snapshot *c)
{
	/* §5.2: at least 24 bytes; a newer minor may append fields. */
	if (t->len < 24)
		return bad(it->mc, t->off, "tag %u: clock snapshot of %u bytes",
			   t->tag, t->len);
	c->realtime_ns = (int64_t)tl_get64(t->v);
	c->monotonic_ns = (int64_t)tl_get64(t->v + 8);
	c->boottime_ns = (int64_t)tl_get64(t->v + 16);
	return 0;
}

static int missing(const struct tl_meta_ctx *mc, const char *what)
{
	pr_warn("%s: required %s is missing\n", mc->what, what);
	return -EBADMSG;
}

/* Counts the items tagged `tag` in a sequence, checking the framing. */
static int tlv_count(const struct tlv_it *it0, uint16_t tag, size_t max,
		     const char *what, size_t *count)
{
	struct tlv_it it = *it0;
	struct tlv t;
	size_t n = 0;
	int rc;

	while ((rc = tlv_next(&it, &t)) > 0) {
		if (t.tag != tag)
			continue;
		if (++n > max)
			return bad(it.mc, t.off, "more than %zu %s", max, what);
	}
	if (rc < 0)
		return rc;
	*count = n;
	return 0;
}

static const char *empty_if_null(const char *s)
{
	return s ? s : "";
}

int tl_meta_decode_machine(const struct tl_meta_ctx *mc, const void *p,
			   size_t len, struct tl_machine **out)
{
	struct tl_machine *m;
	struct tlv_it it;
	struct tlv t;
	int rc = 0, err = 0;

	m = tl_arena_alloc(mc->arena, sizeof(*m));
	if (!m)
		return -ENOMEM;
	tlv_it_init(&it, mc, p, len, 0);
	while (!err && (rc = tlv_next(&it, &t)) > 0) {
		switch (t.tag) {
		case TL_MT_ARCH:
			err = get_bytes(&it, &t, TL_META_STR_MAX, &m->arch); break;
		case TL_MT_KERNEL_RELEASE:
			err = get_bytes(&it, &t, TL_META_STR_MAX, &m->kernel_release); break;
		case TL_MT_KERNEL_VERSION:
			err = get_bytes(&it, &t, TL_META_STR_MAX, &m->kernel_version); break;
		case TL_MT_HOSTNAME:
			err = get_bytes(&it, &t, TL_META_STR_MAX, &m->hostname); break;
		case TL_MT_PAGE_SIZE:	err = GET_INT(&it, &t, m->page_size); break;
		case TL_MT_NCPUS:	err = GET_INT(&it, &t, m->ncpus); break;
		case TL_MT_BIG_ENDIAN:	err = GET_INT(&it, &t, m->big_endian); break;
		case TL_MT_LONG_SIZE:	err = GET_INT(&it, &t, m->long_size); break;
		case TL_MT_RECORD_LAYOUT: err = GET_INT(&it, &t, m->record_layout); break;
		case TL_MT_CLOCK_START:	err = get_clock(&it, &t, &m->clock_start); break;
		case TL_MT_CLOCK_DUMP:	err = get_clock(&it, &t, &m->clock_dump); break;
		case TL_MT_RECORDER:
			err = get_bytes(&it, &t, TL_META_STR_MAX, &m->recorder); break;
		case TL_MT_CMDLINE:
			err = get_bytes(&it, &t, TL_META_LONG_MAX, &m->cmdline); break;
		case TL_MT_SNAPLEN:	err = GET_INT(&it, &t, m->snaplen); break;
		case TL_MT_NO_DATA:	err = GET_INT(&it, &t, m->no_data); break;
		case TL_MT_BUFFER_SIZE:	err = GET_INT(&it, &t, m->buffer_size); break;
		case TL_MT_SYSCALL_FILTER:
			err = get_bytes(&it, &t, TL_META_LONG_MAX, &m->syscall_filter); break;
		case TL_MT_COMPRESS:
			err = get_bytes(&it, &t, TL_META_STR_MAX, &m->compress); break;
		default:
			break;		/* §5.1: unknown tags are skipped */
		}
	}
	if (err)
		return err;
	if (rc < 0)
		return rc;
	if (!m->arch)
		return missing(mc, "ARCH (tag 1)");
	if (m->big_endian > 1)
		return bad(mc, 0, "BIG_ENDIAN is %u, not 0 or 1", m->big_endian);
	m->kernel_release = empty_if_null(m->kernel_release);
	m->kernel_version = empty_if_null(m->kernel_version);
	m->hostname = empty_if_null(m->hostname);
	m->recorder = empty_if_null(m->recorder);
	m->cmdline = empty_if_null(m->cmdline);
	*out = m;
	return 0;
}

static int decode_sysarg(const struct tlv_it *it0, struct tl_sysarg *sa)
{
	struct tlv_it it = *it0;
	struct tlv t;
	uint8_t len_arg = 0xff;
	int rc = 0, err = 0;

	sa->len_arg = -1;
	while (!err && (rc = tlv_next(&it, &t)) > 0) {
		switch (t.tag) {
		case TL_SA_NAME:
			err = get_bytes(&it, &t, TL_META_NAME_MAX, &sa->name); break;
		case TL_SA_TYPE:
			err = get_bytes(&it, &t, TL_META_NAME_MAX, &sa->type); break;
		case TL_SA_FMT:
			err = get_bytes(&it, &t, TL_META_NAME_MAX, &sa->fmt); break;
		case TL_SA_KIND:	err = GET_INT(&it, &t, sa->kind); break;
		case TL_SA_LEN_ARG:
			err = GET_INT(&it, &t, len_arg);
			if (!err && len_arg != 0xff && len_arg > 5)
				err = bad(it.mc, t.off, "length argument %u",
					  len_arg);
			break;
		case TL_SA_SIZE:	err = GET_INT(&it, &t, sa->size); break;
		default:
			break;
		}
	}
	if (err)
		return err;
	if (rc < 0)
		return rc;
	sa->len_arg = (int8_t)len_arg;
	sa->name = empty_if_null(sa->name);
	sa->type = empty_if_null(sa->type);
	return 0;
}

static int decode_syscall(const struct tlv_it *it0, struct tl_syscall *sc)
{
	struct tlv_it it = *it0, sub;
	struct tlv t;
	bool have_nr = false;
	int rc = 0, err = 0;

	while (!err && (rc = tlv_next(&it, &t)) > 0) {
		switch (t.tag) {
		case TL_SY_NR:
			err = GET_INT(&it, &t, sc->nr);
			have_nr = true;
			break;
		case TL_SY_NAME:
			err = get_bytes(&it, &t, TL_META_NAME_MAX, &sc->name); break;
		case TL_SY_CLASSES:	err = GET_INT(&it, &t, sc->classes); break;
		case TL_SY_ARG:
			if (sc->nargs >= 6) {
				err = bad(it.mc, t.off, "syscall with more than 6 arguments");
				break;
			}
			tlv_it_sub(&sub, &it, &t);
			err = decode_sysarg(&sub, &sc->args[sc->nargs++]);
			break;
		default:
			break;
		}
	}
	if (err)
		return err;
	if (rc < 0)
		return rc;
	if (!have_nr)
		return missing(it.mc, "syscall NR");
	if (!sc->name || !sc->name[0])
		return missing(it.mc, "syscall NAME");
	return 0;
}

static int cmp_syscall(const void *a, const void *b)
{
	const struct tl_syscall *x = a, *y = b;

	return (int)x->nr - (int)y->nr;
}

int tl_meta_decode_systable(const struct tl_meta_ctx *mc, const void *p,
			    size_t len, struct tl_systable **out)
{
	struct tl_syscall *calls = NULL;
	struct tl_systable *st;
	struct tlv_it it, sub;
	struct tlv t;
	size_t n, i = 0;
	bool have_abi = false;
	int rc = 0, err = 0;

	tlv_it_init(&it, mc, p, len, 0);
	rc = tlv_count(&it, TL_ST_SYSCALL, TL_META_MAX_SYSCALLS, "syscalls", &n);
	if (rc)
		return rc;
	st = tl_arena_alloc(mc->arena, sizeof(*st));
	if (!st)
		return -ENOMEM;
	if (n) {
		calls = tl_arena_alloc(mc->arena, n * sizeof(*calls));
		if (!calls)
			return -ENOMEM;
	}
	while (!err && (rc = tlv_next(&it, &t)) > 0) {
		switch (t.tag) {
		case TL_ST_ABI:
			err = GET_INT(&it, &t, st->abi);
			have_abi = true;
			break;
		case TL_ST_ARCH:
			err = get_bytes(&it, &t, TL_META_NAME_MAX, &st->arch); break;
		case TL_ST_SYSCALL:
			tlv_it_sub(&sub, &it, &t);
			err = decode_syscall(&sub, &calls[i++]);
			break;
		default:
			break;
		}
	}
	if (err)
		return err;
	if (rc < 0)
		return rc;
	if (!have_abi || st->abi == TL_ABI_UNKNOWN)
		return missing(mc, "ABI (tag 1)");
	/* §5.3: entries sorted by nr, each nr once. */
	if (n)
		qsort(calls, n, sizeof(*calls), cmp_syscall);
	for (i = 1; i < n; i++)
		if (calls[i].nr == calls[i - 1].nr)
			return bad(mc, 0, "syscall %u listed twice", calls[i].nr);
	st->arch = empty_if_null(st->arch);
	st->count = (uint32_t)n;
	st->calls = calls;
	/* O(1) lookups by nr, like the compiled-in tables; without it
	 * (65535+ entries) tl_systable__lookup() searches. */
	{
		size_t ilen = tl_systable__index_len(st);
		uint16_t *idx = tl_arena_alloc(mc->arena, ilen * sizeof(*idx));

		if (!idx)
			return -ENOMEM;
		tl_systable__build_index(st, idx, ilen);
	}
	*out = st;
	return 0;
}

static int decode_label(const struct tlv_it *it0, struct tl_label *l)
{
	struct tlv_it it = *it0;
	struct tlv t;
	int rc = 0, err = 0;

	while (!err && (rc = tlv_next(&it, &t)) > 0) {
		if (t.tag == TL_LB_KEY)
			err = get_bytes(&it, &t, TL_META_NAME_MAX, &l->key);
		else if (t.tag == TL_LB_VALUE)
			err = get_bytes(&it, &t, TL_META_STR_MAX, &l->value);
	}
	if (err)
		return err;
	if (rc < 0)
		return rc;
	l->key = empty_if_null(l->key);
	l->value = empty_if_null(l->value);
	return 0;
}

static int decode_ring_info(const struct tlv_it *it0, struct tl_ring_info *ri)
{
	struct tlv_it it = *it0;
	struct tlv t;
	bool have_cpu = false;
	int rc = 0, err = 0;

	while (!err && (rc = tlv_next(&it, &t)) > 0) {
		switch (t.tag) {
		case TL_RI_CPU:
			err = GET_INT(&it, &t, ri->cpu);
			have_cpu = true;
			break;
		case TL_RI_KIND:	err = GET_INT(&it, &t, ri->kind); break;
		case TL_RI_BLOCK_SIZE:	err = GET_INT(&it, &t, ri->block_size); break;
		case TL_RI_NBLOCKS:	err = GET_INT(&it, &t, ri->nblocks); break;
		case TL_RI_HEAD_BLOCK:	err = GET_INT(&it, &t, ri->head_block); break;
		case TL_RI_RECORDS:	err = GET_INT(&it, &t, ri->records); break;
		case TL_RI_LOST_BUSY:	err = GET_INT(&it, &t, ri->lost_busy); break;
		case TL_RI_LOST_SIZE:	err = GET_INT(&it, &t, ri->lost_size); break;
		case TL_RI_LOST_OTHER:	err = GET_INT(&it, &t, ri->lost_other); break;
		default:
			break;
		}
	}
	if (err)
		return err;
	if (rc < 0)
		return rc;
	if (!have_cpu)
		return missing(it.mc, "ring CPU");
	return 0;
}

int tl_meta_decode_trace(const struct tl_meta_ctx *mc, const void *p,
			 size_t len, struct tl_trace_info **out)
{
	struct tl_label *labels = NULL;
	struct tl_ring_info *rings = NULL;
	struct tl_trace_info *tr;
	struct tlv_it it, sub;
	struct tlv t;
	size_t nl, nr, il = 0, ir = 0;
	bool have_id = false;
	int rc = 0, err = 0;

	tlv_it_init(&it, mc, p, len, 0);
	if ((rc = tlv_count(&it, TL_TR_LABEL, TL_META_MAX_LABELS, "labels", &nl)) ||
	    (rc = tlv_count(&it, TL_TR_RING, TL_META_MAX_RINGS, "rings", &nr)))
		return rc;
	tr = tl_arena_alloc(mc->arena, sizeof(*tr));
	if (!tr)
		return -ENOMEM;
	if (nl && !(labels = tl_arena_alloc(mc->arena, nl * sizeof(*labels))))
		return -ENOMEM;
	if (nr && !(rings = tl_arena_alloc(mc->arena, nr * sizeof(*rings))))
		return -ENOMEM;
	while (!err && (rc = tlv_next(&it, &t)) > 0) {
		switch (t.tag) {
		case TL_TR_ID:
			err = GET_INT(&it, &t, tr->id);
			have_id = true;
			break;
		case TL_TR_KIND:	err = GET_INT(&it, &t, tr->kind); break;
		case TL_TR_NAME:
			err = get_bytes(&it, &t, TL_META_STR_MAX, &tr->name); break;
		case TL_TR_CGROUP_PATH:
			err = get_bytes(&it, &t, TL_META_STR_MAX, &tr->cgroup_path); break;
		case TL_TR_CGROUP_ID:	err = GET_INT(&it, &t, tr->cgroup_id); break;
		case TL_TR_LABEL:
			tlv_it_sub(&sub, &it, &t);
			err = decode_label(&sub, &labels[il++]);
			break;
		case TL_TR_RING:
			tlv_it_sub(&sub, &it, &t);
			err = decode_ring_info(&sub, &rings[ir++]);
			break;
		case TL_TR_START_NS:	err = GET_INT(&it, &t, tr->start_ns); break;
		case TL_TR_END_NS:	err = GET_INT(&it, &t, tr->end_ns); break;
		default:
			break;
		}
	}
	if (err)
		return err;
	if (rc < 0)
		return rc;
	if (!have_id)
		return missing(mc, "trace ID (tag 1)");
	tr->name = empty_if_null(tr->name);
	tr->cgroup_path = empty_if_null(tr->cgroup_path);
	tr->labels = labels;
	tr->nlabels = (uint32_t)nl;
	tr->rings = rings;
	tr->nrings = (uint32_t)nr;
	*out = tr;
	return 0;
}

static int decode_proc(const struct tlv_it *it0, struct tl_proc *pr)
{
	struct tlv_it it = *it0;
	struct tlv t;
	bool have_tid = false;
	int rc = 0, err = 0;

	while (!err && (rc = tlv_next(&it, &t)) > 0) {
		switch (t.tag) {
		case TL_PR_TID:
			err = GET_INT(&it, &t, pr->tid);
			have_tid = true;
			break;
		case TL_PR_PID:		err = GET_INT(&it, &t, pr->pid); break;
		case TL_PR_PPID:	err = GET_INT(&it, &t, pr->ppid); break;
		case TL_PR_UID:		err = GET_INT(&it, &t, pr->uid); break;
		case TL_PR_GID:		err = GET_INT(&it, &t, pr->gid); break;
		case TL_PR_FLAGS:	err = GET_INT(&it, &t, pr->flags); break;
		case TL_PR_EXIT_CODE:	err = GET_INT(&it, &t, pr->exit_code); break;
		case TL_PR_COMM:
			err = get_bytes(&it, &t, TL_META_NAME_MAX, &pr->comm); break;
		case TL_PR_EXE:
			err = get_bytes(&it, &t, TL_META_STR_MAX, &pr->exe); break;
		case TL_PR_CWD:
			err = get_bytes(&it, &t, TL_META_STR_MAX, &pr->cwd); break;
		case TL_PR_ARGV:
			err = get_bytes(&it, &t, TL_META_LONG_MAX, &pr->argv);
			pr->argv_len = t.len;
			break;
		case TL_PR_START_NS:	err = GET_INT(&it, &t, pr->start_ns); break;
		default:
			break;
		}
	}
	if (err)
		return err;
	if (rc < 0)
		return rc;
	if (!have_tid)
		return missing(it.mc, "process TID");
	pr->comm = empty_if_null(pr->comm);
	return 0;
}

int tl_meta_decode_procs(const struct tl_meta_ctx *mc, const void *p,
			 size_t len, uint32_t *trace_id,
			 struct tl_proc **procs, size_t *n)
{
	struct tl_proc *pr = NULL;
	struct tlv_it it, sub;
	struct tlv t;
	size_t cnt, i = 0;
	uint32_t id = 0;
	bool have_id = false;
	int rc = 0, err = 0;

	tlv_it_init(&it, mc, p, len, 0);
	rc = tlv_count(&it, TL_PS_PROC, TL_META_MAX_PROCS, "processes", &cnt);
	if (rc)
		return rc;
	if (cnt && !(pr = tl_arena_alloc(mc->arena, cnt * sizeof(*pr))))
		return -ENOMEM;
	while (!err && (rc = tlv_next(&it, &t)) > 0) {
		switch (t.tag) {
		case TL_PS_TRACE_ID:
			err = GET_INT(&it, &t, id);
			have_id = true;
			break;
		case TL_PS_PROC:
			tlv_it_sub(&sub, &it, &t);
			err = decode_proc(&sub, &pr[i++]);
			break;
		default:
			break;
		}
	}
	if (err)
		return err;
	if (rc < 0)
		return rc;
	if (!have_id)
		return missing(mc, "TRACE_ID (tag 1)");
	*trace_id = id;
	*procs = pr;
	*n = cnt;
	return 0;
}

int tl_meta_decode_index(const struct tl_meta_ctx *mc, const void *p,
			 size_t len, struct tl_index_entry **out, size_t *nout)
{
	struct tl_index_entry *e = NULL;
	struct tlv_it it;
	struct tlv t, ent = { 0 };
	uint32_t esize = 0;
	bool have_ent = false;
	size_t n = 0, i;
	int rc = 0, err = 0;

	tlv_it_init(&it, mc, p, len, 0);
	while (!err && (rc = tlv_next(&it, &t)) > 0) {
		if (t.tag == TL_IX_ENTRY_SIZE) {
			err = GET_INT(&it, &t, esize);
		} else if (t.tag == TL_IX_ENTRIES) {
			ent = t;
			have_ent = true;
		}
	}
	if (err)
		return err;
	if (rc < 0)
		return rc;
	if (have_ent) {
		/* §7.1: entry_size in [40, 4096], a multiple of 8. */
		if (esize < TL_INDEX_ENTRY_SIZE || esize > 4096 || esize % 8)
			return bad(mc, 0, "index entry size %u", esize);
		if (ent.len % esize)
			return bad(mc, ent.off, "index of %u bytes is not a multiple of %u",
				   ent.len, esize);
		n = ent.len / esize;
		if (n > TL_META_MAX_INDEX)
			return bad(mc, ent.off, "%zu index entries", n);
	}
	if (n && !(e = tl_arena_alloc(mc->arena, n * sizeof(*e))))
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		const uint8_t *x = ent.v + i * esize;

		e[i].offset = tl_get64(x);
		e[i].type = tl_get32(x + 8);
		e[i].trace_id = tl_get32(x + 12);
		e[i].cpu = tl_get32(x + 16);
		e[i].ts_min = (int64_t)tl_get64(x + 24);
		e[i].ts_max = (int64_t)tl_get64(x + 32);
		if (i && e[i].offset <= e[i - 1].offset)
			return bad(mc, ent.off, "index entries out of order at %zu", i);
	}
	*out = e;
	*nout = n;
	return 0;
}

/* ------------------------------------------------------------ names */

const char *tl_abi_name(int abi)
{
	switch (abi) {
	case TL_ABI_X86_64:	return "x86_64";
	case TL_ABI_I386:	return "i386";
	case TL_ABI_X32:	return "x32";
	case TL_ABI_AARCH64:	return "aarch64";
	case TL_ABI_ARM:	return "arm";
	default:		return "unknown";
	}
}

const char *tl_trace_kind_name(int kind)
{
	switch (kind) {
	case TL_TRACE_COMMAND:		return "command";
	case TL_TRACE_CGROUP:		return "cgroup";
	case TL_TRACE_SYSTEMD_UNIT:	return "systemd-unit";
	case TL_TRACE_CONTAINER:	return "container";
	case TL_TRACE_POD:		return "pod";
	default:			return "unknown";
	}
}
