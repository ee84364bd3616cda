// SPDX-License-Identifier: MIT
/*
 * rawprint.c - `tl-record --debug-raw`: prints the raw records of ring
 * snapshots one per line, checking the framing of every block and the
 * per-ring seq order. A debugging aid for the BPF side that needs no
 * decoder; the decoder (format/decoder.c) is what tools use.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rawprint.h"

struct blkref {
	const uint8_t *b;
	uint64_t seq;
};

static int cmp_blk(const void *a, const void *b)
{
	const struct blkref *x = a, *y = b;

	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void print_capts(FILE *f, const uint8_t *p, const uint8_t *end,
			unsigned n, unsigned *bad)
{
	unsigned i;

	for (i = 0; i < n; i++) {
		const struct tl_capt *c = (const void *)p;
		unsigned k;

		if (p + sizeof(*c) > end ||
		    p + sizeof(*c) + TL_CAPT_ALIGN(c->len) > end) {
			fprintf(f, " capt%u:OVERRUN", i);
			(*bad)++;
			return;
		}
		fprintf(f, " a%u:k%u%s%s%s:len=%u/%u", c->arg,
			c->kind & TL_CAPT_KIND_MASK,
			c->kind & TL_CAPTF_TRUNC ? ":T" : "",
			c->kind & TL_CAPTF_FAULT ? ":F" : "",
			c->kind & TL_CAPTF_EXIT ? ":X" : "", c->len,
			c->full_len);
		if ((c->kind & TL_CAPT_KIND_MASK) == TL_CAPT_STR ||
		    (c->kind & TL_CAPT_KIND_MASK) == TL_CAPT_ARGV) {
			fputs(":\"", f);
			for (k = 0; k < c->len && k < 64; k++) {
				unsigned char ch = p[sizeof(*c) + k];

				if (ch == 0)
					fputs("\\0", f);
				else if (ch < 32 || ch > 126 || ch == '"')
					fprintf(f, "\\x%02x", ch);
				else
					fputc(ch, f);
			}
			fputs(k < c->len ? "\"..." : "\"", f);
		}
		p += sizeof(*c) + TL_CAPT_ALIGN(c->len);
	}
}

int tlr_rawprint(FILE *f, const struct recorder_snapshot *s, uint32_t trace)
{
	unsigned bad = 0;
	uint32_t r;

	for (r = 0; r < s->nrings; r++) {
		const struct tl_ring_data *rd = &s->rings[r];
		size_t nb = rd->len / TL_BLOCK_SIZE, i;
		struct blkref *bl = calloc(nb ? nb : 1, sizeof(*bl));
		uint32_t prev_seq = 0;

		if (!bl)
			return -1;
		for (i = 0; i < nb; i++) {
			bl[i].b = (const uint8_t *)rd->blocks + i * TL_BLOCK_SIZE;
			bl[i].seq = ((const struct tl_block_hdr *)bl[i].b)->block_seq;
		}
		qsort(bl, nb, sizeof(*bl), cmp_blk);
		fprintf(f, "ring trace=%u cpu=%u blocks=%zu records=%" PRIu64
			" lost_busy=%" PRIu64 " lost_size=%" PRIu64
			" lost_other=%" PRIu64 "\n", trace, rd->cpu, nb,
			s->info[r].records, s->info[r].lost_busy,
			s->info[r].lost_size, s->info[r].lost_other);
		for (i = 0; i < nb; i++) {
			const struct tl_block_hdr *h = (const void *)bl[i].b;
			const uint8_t *p = bl[i].b + sizeof(*h);
			const uint8_t *end = p + h->used;

			fprintf(f, "block seq=%" PRIu64 " used=%u first_seq=%u\n",
				(uint64_t)h->block_seq, h->used, h->first_seq);
			if (h->magic != TL_BLOCK_MAGIC || h->used > TL_BLOCK_DATA) {
				fprintf(f, "BAD block header\n");
				bad++;
				continue;
			}
			while (p < end) {
				const struct tl_rec_hdr *rh = (const void *)p;

				if (p + sizeof(*rh) > end || rh->len < sizeof(*rh) ||
				    rh->len % 8 || p + rh->len > end) {
					fprintf(f, "BAD record framing at %td\n",
						p - bl[i].b);
					bad++;
					break;
				}
				if (prev_seq && rh->seq != prev_seq + 1)
					fprintf(f, "GAP %u records\n",
						rh->seq - prev_seq - 1);
				prev_seq = rh->seq;
				fprintf(f, "rec seq=%u ts=%" PRIu64 " tid=%u pid=%u ",
					rh->seq, (uint64_t)rh->ts, rh->tid, rh->pid);
				switch (rh->type) {
				case TL_REC_SYS_ENTER: {
					const struct tl_rec_sys_enter *e = (const void *)p;

					fprintf(f, "ENTER nr=%u abi=%u args=%" PRIx64
						",%" PRIx64 ",%" PRIx64 " ncapt=%u",
						e->nr, e->abi, (uint64_t)e->args[0],
						(uint64_t)e->args[1], (uint64_t)e->args[2],
						e->ncapt);
					print_capts(f, p + sizeof(*e), p + rh->len,
						    e->ncapt, &bad);
					break;
				}
				case TL_REC_SYS_EXIT: {
					const struct tl_rec_sys_exit *x = (const void *)p;

					fprintf(f, "EXIT nr=%u abi=%u ret=%" PRId64
						" ncapt=%u", x->nr, x->abi,
						(int64_t)x->ret, x->ncapt);
					print_capts(f, p + sizeof(*x), p + rh->len,
						    x->ncapt, &bad);
					break;
				}
				case TL_REC_FORK: {
					const struct tl_rec_fork *k = (const void *)p;

					fprintf(f, "FORK child=%u/%u comm=%.16s",
						k->child_tid, k->child_pid, k->comm);
					break;
				}
				case TL_REC_EXEC: {
					const struct tl_rec_exec *x = (const void *)p;

					fprintf(f, "EXEC old_tid=%u comm=%.16s",
						x->old_tid, x->comm);
					print_capts(f, p + sizeof(*x), p + rh->len,
						    1, &bad);
					break;
				}
				case TL_REC_EXIT: {
					const struct tl_rec_exit *x = (const void *)p;

					fprintf(f, "PEXIT code=0x%x flags=%u comm=%.16s",
						(unsigned)x->exit_code, x->flags,
						x->comm);
					break;
				}
				default:
					fprintf(f, "UNKNOWN type=%u", rh->type);
					bad++;
				}
				fputc('\n', f);
				p += rh->len;
			}
		}
		free(bl);
	}
	return bad ? -1 : 0;
}
