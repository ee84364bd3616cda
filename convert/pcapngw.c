// SPDX-License-Identifier: MIT
/*
 * pcapngw.c - pcapng Section Header Block and Sysdig Event Block v2
 * (0x216) writer. Block layout (little-endian):
 *   u32 type | u32 total_len | u16 cpu | u64 ts | u64 tid | u32 event_len |
 *   u16 event_type | u32 nparams | u16 len[n] | params | pad to 4 | u32 total_len
 * with event_len = 26 + 2n + sum(len) (the cpu field is not counted).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "pcapngw.h"

#define SHB_OPT_USERAPPL	4
#define EV2_HDR			36	/* type .. nparams */
#define EVENT_HDR		26	/* ts .. nparams: counted in event_len */

static int put_bytes(struct pcapngw *w, const void *p, size_t len)
{
	if (w->err)
		return w->err;
	if (fwrite(p, 1, len, w->f) != len) {
		w->err = errno ? -errno : -EIO;
		return w->err;
	}
	return 0;
}

int pcapngw_init(struct pcapngw *w, FILE *f, const char *appl)
{
	uint8_t shb[28 + 4 + 256 + 4];
	size_t alen = appl ? strlen(appl) : 0;
	size_t off = 0, total;

	memset(w, 0, sizeof(*w));
	w->f = f;
	if (alen > 255)
		alen = 255;
	total = 28 + (alen ? 4 + ((alen + 3) & ~(size_t)3) + 4 : 0);
	memset(shb, 0, sizeof(shb));
	tl_put32(shb + off, PCAPNG_BT_SHB);
	tl_put32(shb + off + 4, (uint32_t)total);
	tl_put32(shb + off + 8, PCAPNG_BYTE_ORDER_MAGIC);
	tl_put16(shb + off + 12, 1);		/* major */
	tl_put16(shb + off + 14, 0);		/* minor */
	tl_put64(shb + off + 16, UINT64_MAX);	/* section length: unknown */
	off = 24;
	if (alen) {
		tl_put16(shb + off, SHB_OPT_USERAPPL);
		tl_put16(shb + off + 2, (uint16_t)alen);
		memcpy(shb + off + 4, appl, alen);
		off += 4 + ((alen + 3) & ~(size_t)3);
		off += 4;			/* opt_endofopt: zeros */
	}
	tl_put32(shb + off, (uint32_t)total);
	off += 4;
	return put_bytes(w, shb, off);
}

void pcapngw_begin(struct pcapngw *w, uint16_t type, uint16_t cpu,
		   uint64_t ts_ns, uint64_t tid)
{
	w->type = type;
	w->cpu = cpu;
	w->ts_ns = ts_ns;
	w->tid = tid;
	w->nparams = 0;
	w->len = 0;
}

void pcapngw_put_raw(struct pcapngw *w, const void *p, size_t len)
{
	if (w->nparams >= PCAPNGW_MAX_PARAMS) {
		if (!w->err)
			w->err = -EINVAL;
		return;
	}
	if (len > PCAPNGW_MAX_PARAM_LEN) {
		len = PCAPNGW_MAX_PARAM_LEN;
		w->cut_params++;
	}
	if (len && tl_grow((void **)&w->data, &w->cap, w->len + len, 1)) {
		if (!w->err)
			w->err = -ENOMEM;
		return;
	}
	if (len)
		memcpy(w->data + w->len, p, len);
	w->len += len;
	w->lens[w->nparams++] = (uint16_t)len;
}

void pcapngw_put_u8(struct pcapngw *w, uint8_t v)
{
	pcapngw_put_raw(w, &v, 1);
}

void pcapngw_put_u16(struct pcapngw *w, uint16_t v)
{
	uint8_t b[2];

	tl_put16(b, v);
	pcapngw_put_raw(w, b, sizeof(b));
}

void pcapngw_put_u32(struct pcapngw *w, uint32_t v)
{
	uint8_t b[4];

	tl_put32(b, v);
	pcapngw_put_raw(w, b, sizeof(b));
}

void pcapngw_put_u64(struct pcapngw *w, uint64_t v)
{
	uint8_t b[8];

	tl_put64(b, v);
	pcapngw_put_raw(w, b, sizeof(b));
}

void pcapngw_put_str(struct pcapngw *w, const char *s, size_t len)
{
	size_t start;

	if (!s) {
		pcapngw_put_raw(w, NULL, 0);
		return;
	}
	/* keep room for the NUL inside the u16 length */
	if (len > PCAPNGW_MAX_PARAM_LEN - 1) {
		len = PCAPNGW_MAX_PARAM_LEN - 1;
		w->cut_params++;
	}
	start = w->len;
	pcapngw_put_raw(w, s, len);
	if (w->err)
		return;
	if (tl_grow((void **)&w->data, &w->cap, w->len + 1, 1)) {
		w->err = -ENOMEM;
		return;
	}
	w->data[w->len++] = 0;
	w->lens[w->nparams - 1] = (uint16_t)(w->len - start);
}

void pcapngw_put_empty(struct pcapngw *w)
{
	pcapngw_put_raw(w, NULL, 0);
}

int pcapngw_end(struct pcapngw *w)
{
	size_t event_len, total, pad, off, i;
	uint8_t *b;

	if (w->err)
		return w->err;
	event_len = EVENT_HDR + 2 * (size_t)w->nparams + w->len;
	pad = (4 - (2 + event_len) % 4) % 4;
	total = 12 + 2 + event_len + pad;
	if (total > UINT32_MAX)
		return w->err = -EINVAL;
	if (tl_grow((void **)&w->blk, &w->blk_cap, total, 1))
		return w->err = -ENOMEM;
	b = w->blk;
	tl_put32(b, PCAPNG_BT_SYSDIG_EV2);
	tl_put32(b + 4, (uint32_t)total);
	tl_put16(b + 8, w->cpu);
	tl_put64(b + 10, w->ts_ns);
	tl_put64(b + 18, w->tid);
	tl_put32(b + 26, (uint32_t)event_len);
	tl_put16(b + 30, w->type);
	tl_put32(b + 32, w->nparams);
	off = EV2_HDR;
	for (i = 0; i < w->nparams; i++, off += 2)
		tl_put16(b + off, w->lens[i]);
	if (w->len)
		memcpy(b + off, w->data, w->len);
	off += w->len;
	memset(b + off, 0, pad);
	off += pad;
	tl_put32(b + off, (uint32_t)total);
	off += 4;
	if (put_bytes(w, b, off))
		return w->err;
	w->blocks++;
	return 0;
}

int pcapngw_release(struct pcapngw *w)
{
	int err = w->err;

	if (w->f && fflush(w->f) && !err)
		err = errno ? -errno : -EIO;
	free(w->data);
	free(w->blk);
	w->data = NULL;
	w->blk = NULL;
	w->cap = w->blk_cap = 0;
	return err;
}
