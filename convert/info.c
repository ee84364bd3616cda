// SPDX-License-Identifier: MIT
/*
 * info.c - tl-convert --info (convert/info.h). Record counts come from a
 * walk over the record headers of each ring block (type and length only);
 * nothing is paired or decoded. Times are printed in UTC so that the
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
	uint64_t blocks, bad_blocks;
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

static int info_one(const char *path, FILE *out)
{
	struct tl_reader *r = conv_open_reader(path);
	const struct tl_machine *m = NULL;
	const struct tl_trace_info *traces[256];
	unsigned ntraces = 0, nsys = 0, i;
	struct info_acc acc = { 0 };
	const struct tl_chunk *c;
	struct tl_reader_stats st;
	int64_t off_ns = 0;
	int major, minor, err;

	if (!r)
		return -errno;
	while ((err = tl_reader__next_chunk(r, &c)) > 0) {
		switch (c->type) {
		case TL_CHUNK_MACHINE:
			if (tl_reader__parse_machine(r, c, &m) == 0)
				off_ns = m->clock_dump.realtime_ns -
					 m->clock_dump.boottime_ns;
			break;
		case TL_CHUNK_SYSTABLE:
			nsys++;
			break;
		case TL_CHUNK_TRACE: {
			const struct tl_trace_info *t;

			if (tl_reader__parse_trace(r, c, &t) == 0 && ntraces < 256)
				traces[ntraces++] = t;
			break;
		}
		case TL_CHUNK_RING: {
			struct tl_ring_chunk rc;
			struct ring_acc *ra;
			uint32_t k;

			if (tl_reader__parse_ring(r, c, &rc))
				break;
			ra = ring_of(&acc, rc.trace_id, rc.cpu);
			if (!ra)
				break;
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
	if (err < 0) {
		fprintf(stderr, "tl-convert: '%s': cannot read: %s\n", path,
			err == -EBADMSG ? "damaged beyond use" : strerror(-err));
		free(acc.rings);
		tl_reader__close(r);
		return err;
	}
	tl_reader__version(r, &major, &minor);
	tl_reader__stats(r, &st);
	fprintf(out, "file: %s\n", path);
	fprintf(out, "  format: %d.%d, %" PRIu64 " chunks, index %s\n", major,
		minor, st.chunks, st.has_footer ? "present" : "missing");
	if (st.damaged_chunks || st.skipped_bytes || st.truncated)
		fprintf(out, "  damage: %" PRIu64 " damaged chunks, %" PRIu64
			" bytes skipped%s\n", st.damaged_chunks,
			st.skipped_bytes, st.truncated ? ", truncated" : "");
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
	fprintf(out, "  syscall tables: %u\n", nsys);
	for (i = 0; i < ntraces; i++) {
		const struct tl_trace_info *t = traces[i];
		uint64_t recs[6] = { 0 }, over = 0, blocks = 0, bad = 0;
		uint64_t busy = 0, size = 0, other = 0;
		int64_t tmin = INT64_MAX, tmax = INT64_MIN;
		unsigned k, nr = 0;
		size_t j;

		for (j = 0; j < acc.nrings; j++) {
			struct ring_acc *ra = &acc.rings[j];

			if (ra->trace_id != t->id)
				continue;
			nr++;
			for (k = 0; k < 6; k++)
				recs[k] += ra->recs[k];
			if (ra->min_seq != UINT64_MAX)
				over += ra->min_seq - 1;
			blocks += ra->blocks;
			bad += ra->bad_blocks;
			if (ra->ts_min < tmin)
				tmin = ra->ts_min;
			if (ra->ts_max > tmax)
				tmax = ra->ts_max;
		}
		for (k = 0; k < t->nrings; k++) {
			busy += t->rings[k].lost_busy;
			size += t->rings[k].lost_size;
			other += t->rings[k].lost_other;
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
	free(acc.rings);
	tl_reader__close(r);
	return 0;
}

int conv_info(char **files, int nfiles, FILE *out)
{
	int i, err;

	for (i = 0; i < nfiles; i++) {
		err = info_one(files[i], out);
		if (err)
			return err;
	}
	if (fflush(out))
		return -errno;
	return 0;
}
