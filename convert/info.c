// SPDX-License-Identifier: MIT
/*
 * info.c - tl-convert --info (convert/info.h). A complete file is read
 * through its index: only the MACHINE and TRACE chunks are decompressed,
 * the rings' chunks and time ranges come from the index entries. Without
 * a usable index (truncated or damaged file), or with --scan, every chunk
 * is read and record counts come from a walk over the record headers of
 * each ring block (type and length only); nothing is paired or decoded. Times are printed in UTC so that the
 * output does not depend on the reader's time zone.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "emit.h"
#include "info.h"
#include "internal.h"

struct ring_acc {
	uint32_t trace_id, cpu;
	uint64_t blocks, bad_blocks, chunks;
	uint64_t recs[6];		/* by TL_REC_* (0 = unknown) */
	uint64_t min_seq;		/* smallest first_seq seen */
	int64_t ts_min, ts_max;
};

struct info_acc {
	struct ring_acc *rings;
	size_t nrings, cap;
};

static struct ring_acc *ring_of(struct info_acc *a, uint32_t trace,
				uint32_t cpu)
{
	size_t i;

	for (i = 0; i < a->nrings; i++)
		if (a->rings[i].trace_id == trace && a->rings[i].cpu == cpu)
			return &a->rings[i];
	if (tl_grow((void **)&a->rings, &a->cap, a->nrings + 1,
		    sizeof(*a->rings)))
		return NULL;
	memset(&a->rings[a->nrings], 0, sizeof(a->rings[0]));
	a->rings[a->nrings].trace_id = trace;
	a->rings[a->nrings].cpu = cpu;
	a->rings[a->nrings].min_seq = UINT64_MAX;
	a->rings[a->nrings].ts_min = INT64_MAX;
	a->rings[a->nrings].ts_max = INT64_MIN;
	return &a->rings[a->nrings++];
}

static void count_block(struct ring_acc *ra, const uint8_t *b, uint32_t bsize)
{
	uint32_t used, off = 64;

	if (bsize < 64 || tl_get32(b) != TL_BLOCK_MAGIC) {
		ra->bad_blocks++;
		return;
	}
	used = tl_get32(b + 4);
	if (tl_get64(b + 8) == 0)
		return;		/* never written */
	if (used > bsize - 64) {
		ra->bad_blocks++;
		return;
	}
	ra->blocks++;
	if (tl_get32(b + 16) < ra->min_seq)
		ra->min_seq = tl_get32(b + 16);
	while (off + 24 <= 64 + used) {
		uint16_t type = tl_get16(b + off), len = tl_get16(b + off + 2);
		int64_t ts = (int64_t)tl_get64(b + off + 8);

		if (len < 24 || len % 8 || off + len > 64 + used)
			break;
		ra->recs[type < 6 ? type : 0]++;
		if (ts < ra->ts_min)
			ra->ts_min = ts;
		if (ts > ra->ts_max)
			ra->ts_max = ts;
		off += len;
	}
}

static void put_utc(FILE *out, int64_t ns)
{
	time_t sec = (time_t)(ns / 1000000000);
	struct tm tm;
	char buf[32];

	gmtime_r(&sec, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%S", &tm);
	fprintf(out, "%s.%09" PRId64 "Z", buf, ns % 1000000000);
}

static void put_size(FILE *out, uint64_t v)
{
	if (v && v % (1u << 20) == 0)
		fprintf(out, "%" PRIu64 " MiB", v >> 20);
	else if (v && v % 1024 == 0)
		fprintf(out, "%" PRIu64 " KiB", v >> 10);
	else
		fprintf(out, "%" PRIu64 " B", v);
}

/* What --info found in one file, by either path. */
struct info_data {
	const struct tl_machine *m;
	const struct tl_trace_info *traces[256];
	unsigned int ntraces, nsys;
	struct info_acc acc;
	struct tl_reader_stats st;
	bool indexed;		/* from the index: no record counts */
	uint64_t chunks;	/* indexed: chunks listed + the INDEX chunk */
};

static void add_trace(struct info_data *d, struct tl_reader *r,
		      const struct tl_chunk *c)
{
	const struct tl_trace_info *t;

	if (tl_reader__parse_trace(r, c, &t) == 0 && d->ntraces < 256)
		d->traces[d->ntraces++] = t;
}

/* Every chunk, every ring block walked: exact counts, damage found. */
static int info_scan(struct tl_reader *r, struct info_data *d)
{
	const struct tl_chunk *c;
	int err;

	while ((err = tl_reader__next_chunk(r, &c)) > 0) {
		switch (c->type) {
		case TL_CHUNK_MACHINE:
			tl_reader__parse_machine(r, c, &d->m);
			break;
		case TL_CHUNK_SYSTABLE:
			d->nsys++;
			break;
		case TL_CHUNK_TRACE:
			add_trace(d, r, c);
			break;
		case TL_CHUNK_RING: {
			struct tl_ring_chunk rc;
			struct ring_acc *ra;
			uint32_t k;

			if (tl_reader__parse_ring(r, c, &rc))
				break;
			ra = ring_of(&d->acc, rc.trace_id, rc.cpu);
			if (!ra)
				break;
			ra->chunks++;
			for (k = 0; k < rc.nblocks; k++)
				count_block(ra, (const uint8_t *)rc.blocks +
					    (size_t)k * rc.block_size,
					    rc.block_size);
			break;
		}
		default:
			break;
		}
	}
	tl_reader__stats(r, &d->st);
	return err;
}

/* Through the index (FORMAT.md §7): only the MACHINE and TRACE chunks are
 * read; rings and time ranges come from the index entries. 0, or -ENOENT
 * when the index is missing, invalid or does not match the chunks (the
 * caller then scans). */
static int info_indexed(struct tl_reader *r, struct info_data *d)
{
	const struct tl_index_entry *e;
	const struct tl_chunk *c;
	size_t n, i;
	int err;

	err = tl_reader__index(r, &e, &n);
	if (err)
		return -ENOENT;
	for (i = 0; i < n; i++) {
		uint32_t type = e[i].type & ~(uint32_t)TL_CHUNK_CRITICAL;

		if (type == TL_CHUNK_SYSTABLE) {
			d->nsys++;
		} else if (type == TL_CHUNK_RING) {
			struct ring_acc *ra = ring_of(&d->acc, e[i].trace_id,
						      e[i].cpu);

			if (!ra)
				return -ENOMEM;
			ra->chunks++;
			if (e[i].ts_min || e[i].ts_max) {
				if (e[i].ts_min < ra->ts_min)
					ra->ts_min = e[i].ts_min;
				if (e[i].ts_max > ra->ts_max)
					ra->ts_max = e[i].ts_max;
			}
		}
		if (type != TL_CHUNK_MACHINE && type != TL_CHUNK_TRACE)
			continue;
		if (tl_reader__seek(r, e[i].offset) ||
		    tl_reader__next_chunk(r, &c) <= 0 ||
		    c->offset != e[i].offset || c->type != type)
			return -ENOENT;	/* the index lies: scan instead */
		if (type == TL_CHUNK_MACHINE)
			tl_reader__parse_machine(r, c, &d->m);
		else
			add_trace(d, r, c);
	}
	d->indexed = true;
	d->chunks = n + 1;
	return 0;
}

static void print_info(const char *path, struct tl_reader *r,
		       const struct info_data *d, FILE *out)
{
	const struct tl_machine *m = d->m;
	const struct tl_reader_stats *st = &d->st;
	int64_t off_ns = 0;
	int major, minor;
	unsigned int i;

	if (m)
		off_ns = m->clock_dump.realtime_ns - m->clock_dump.boottime_ns;
	tl_reader__version(r, &major, &minor);
	fprintf(out, "file: %s\n", path);
	if (d->indexed)
		fprintf(out, "  format: %d.%d, %" PRIu64 " chunks, index present"
			" (read through it: ring contents not scanned)\n",
			major, minor, d->chunks);
	else
		fprintf(out, "  format: %d.%d, %" PRIu64 " chunks, index %s\n",
			major, minor, st->chunks,
			st->has_footer ? "present" : "missing");
	if (st->damaged_chunks || st->skipped_bytes || st->truncated)
		fprintf(out, "  damage: %" PRIu64 " damaged chunks, %" PRIu64
			" bytes skipped%s\n", st->damaged_chunks,
			st->skipped_bytes, st->truncated ? ", truncated" : "");
	if (m) {
		fprintf(out, "  machine: %s, %s %s, host %s, %u cpus\n",
			m->arch ? m->arch : "?",
			"Linux", m->kernel_release ? m->kernel_release : "?",
			m->hostname ? m->hostname : "?", m->ncpus);
		fprintf(out, "  recorder: %s", m->recorder ? m->recorder : "?");
		if (m->cmdline)
			fprintf(out, " (%s)", m->cmdline);
		fprintf(out, "\n  options: snaplen %u%s, buffer ", m->snaplen,
			m->no_data ? ", no data" : "");
		put_size(out, m->buffer_size);
		fprintf(out, " per cpu, syscalls %s, compression %s\n",
			m->syscall_filter ? m->syscall_filter : "all",
			m->compress ? m->compress : "?");
		fprintf(out, "  dumped: ");
		put_utc(out, m->clock_dump.realtime_ns);
		fputc('\n', out);
	} else {
		fprintf(out, "  machine: unknown (no MACHINE chunk)\n");
	}
	fprintf(out, "  syscall tables: %u\n", d->nsys);
	for (i = 0; i < d->ntraces; i++) {
		const struct tl_trace_info *t = d->traces[i];
		uint64_t recs[6] = { 0 }, over = 0, blocks = 0, bad = 0;
		uint64_t busy = 0, size = 0, other = 0, chunks = 0, written = 0;
		int64_t tmin = INT64_MAX, tmax = INT64_MIN;
		unsigned k, nr = 0;
		size_t j;

		for (j = 0; j < d->acc.nrings; j++) {
			struct ring_acc *ra = &d->acc.rings[j];

			if (ra->trace_id != t->id)
				continue;
			nr++;
			for (k = 0; k < 6; k++)
				recs[k] += ra->recs[k];
			if (ra->min_seq != UINT64_MAX)
				over += ra->min_seq - 1;
			blocks += ra->blocks;
			bad += ra->bad_blocks;
			chunks += ra->chunks;
			if (ra->ts_min < tmin)
				tmin = ra->ts_min;
			if (ra->ts_max > tmax)
				tmax = ra->ts_max;
		}
		for (k = 0; k < t->nrings; k++) {
			busy += t->rings[k].lost_busy;
			size += t->rings[k].lost_size;
			other += t->rings[k].lost_other;
			written += t->rings[k].records;
		}
		fprintf(out, "trace %u: %s (%s)\n", t->id, t->name ? t->name : "?",
			tl_trace_kind_name((int)t->kind));
		fprintf(out, "  cgroup: %s (id %" PRIu64 ")\n",
			t->cgroup_path ? t->cgroup_path : "?", t->cgroup_id);
		for (k = 0; k < t->nlabels; k++)
			fprintf(out, "  label: %s=%s\n", t->labels[k].key,
				t->labels[k].value);
		if (tmin <= tmax) {
			fprintf(out, "  events: ");
			put_utc(out, tmin + off_ns);
			fprintf(out, " .. ");
			put_utc(out, tmax + off_ns);
			fprintf(out, " (%.6f s)\n", (double)(tmax - tmin) / 1e9);
		} else {
			fprintf(out, "  events: none\n");
		}
		if (d->indexed) {
			fprintf(out, "  records: %" PRIu64 " written by the "
				"recorder, kept in %" PRIu64 " ring chunks on %u"
				" cpus (counts by type: --info --scan)\n",
				written, chunks, nr);
			fprintf(out, "  lost: %" PRIu64 " dropped (ring busy %"
				PRIu64 ", too large %" PRIu64 ", other %" PRIu64
				")\n", busy + size + other, busy, size, other);
			continue;
		}
		fprintf(out, "  records: %" PRIu64 " (%" PRIu64 " enter, %" PRIu64
			" exit, %" PRIu64 " fork, %" PRIu64 " exec, %" PRIu64
			" exit-process) in %" PRIu64 " blocks on %u cpus\n",
			recs[1] + recs[2] + recs[3] + recs[4] + recs[5] + recs[0],
			recs[1], recs[2], recs[3], recs[4], recs[5], blocks, nr);
		fprintf(out, "  lost: %" PRIu64 " overwritten before the window, %"
			PRIu64 " dropped (ring busy %" PRIu64 ", too large %"
			PRIu64 ", other %" PRIu64 ")\n", over,
			busy + size + other, busy, size, other);
		if (bad)
			fprintf(out, "  damaged blocks: %" PRIu64 "\n", bad);
	}
}

static int info_one(const char *path, bool scan, FILE *out)
{
	struct tl_reader *r = conv_open_reader(path);
	struct info_data *d;
	int err = -ENOENT;

	if (!r)
		return -errno;
	d = calloc(1, sizeof(*d));
	if (!d) {
		tl_reader__close(r);
		return -ENOMEM;
	}
	if (!scan)
		err = info_indexed(r, d);
	if (err == -ENOENT) {
		/* no usable index: start again and read every chunk */
		free(d->acc.rings);
		memset(d, 0, sizeof(*d));
		tl_reader__close(r);
		r = conv_open_reader(path);
		if (!r) {
			free(d);
			return -errno;
		}
		err = info_scan(r, d);
	}
	if (err < 0) {
		fprintf(stderr, "tl-convert: '%s': cannot read: %s\n", path,
			err == -EBADMSG ? "damaged beyond use" : strerror(-err));
	} else {
		print_info(path, r, d, out);
		err = 0;
	}
	free(d->acc.rings);
	free(d);
	tl_reader__close(r);
	return err;
}

int conv_info(char **files, int nfiles, bool scan, FILE *out)
{
	int i, err;

	for (i = 0; i < nfiles; i++) {
		err = info_one(files[i], scan, out);
		if (err)
			return err;
	}
	if (fflush(out))
		return -errno;
	return 0;
}
