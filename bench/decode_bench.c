// SPDX-License-Identifier: MIT
/*
 * decode_bench.c - decoder throughput on a synthetic dump: builds rings
 * with ringbuild (a mix of openat/read/write/close calls with captures,
 * forks, execs and exits over several CPUs and threads), writes them with
 * tl_writer__write_dump() into memory, then times
 *   file:   reader + decompression + decoder over the .tlz bytes,
 *   memory: the decoder alone over the same rings (tl_decoder__add_dump),
 * each the best of several runs, one core. Prints events/s and records/s.
 *
 * Usage: decode_bench [-c CPUS] [-b BLOCKS_PER_RING] [-r RUNS] [-z CODEC]
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "decoder.h"
#include "internal.h"
#include "ringbuild.h"
#include "tl.h"

#define MAX_CPUS 64

struct mem {
	uint8_t *p;
	size_t len, cap;
};

static int mem_write(void *ctx, const void *buf, size_t len)
{
	struct mem *m = ctx;

	if (m->len + len > m->cap) {
		size_t ncap = m->cap ? m->cap : 1 << 20;
		uint8_t *np;

		while (ncap < m->len + len)
			ncap *= 2;
		np = realloc(m->p, ncap);
		if (!np)
			return -ENOMEM;
		m->p = np;
		m->cap = ncap;
	}
	memcpy(m->p + m->len, buf, len);
	m->len += len;
	return 0;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static uint64_t rnd_state = 88172645463325252ull;

static uint64_t rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return rnd_state;
}

/* Fill one ring until it has written `blocks` blocks (all retained). */
static void fill(struct tl_ringbuild *rb, unsigned cpu, uint32_t blocks)
{
	static const char *paths[] = {
		"/etc/ld.so.cache", "/lib/x86_64-linux-gnu/libc.so.6",
		"/usr/share/locale/locale.alias", "/tmp/file-12345",
		"/proc/self/status",
	};
	uint8_t data[256];
	uint64_t ts = 1000000 + cpu;
	uint32_t base = 1000 + cpu * 100;
	unsigned i;

	for (i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i * 7);
	while (tl_ringbuild__block_seq(rb) < blocks ||
	       tl_ringbuild__block_seq(rb) == 0) {
		uint32_t tid = base + (uint32_t)(rnd() % 16);
		uint32_t pid = base + (tid - base) / 4 * 4;
		uint64_t r = rnd() % 100;
		uint64_t args[6] = { 3, 0x7ffd0000, 4096, 0, 0, 0 };

		ts += 200 + rnd() % 800;
		if (r < 30) {
			const char *p = paths[rnd() % 5];
			struct tl_rb_capt c = { .arg = 1, .kind = TL_CAPT_STR,
						.data = p,
						.len = (uint16_t)strlen(p),
						.full_len = (uint32_t)strlen(p) };

			args[0] = (uint64_t)-100;
			tl_ringbuild__enter(rb, ts, tid, pid, TL_ABI_X86_64, 257,
					    args, &c, 1);
			tl_ringbuild__exit(rb, ts + 900, tid, pid, TL_ABI_X86_64,
					   257, r < 25 ? 3 : -2, NULL, 0);
		} else if (r < 60) {
			uint16_t n = (uint16_t)(rnd() % 128);
			struct tl_rb_capt c = { .arg = 1, .kind = TL_CAPT_BUF,
						.flags = TL_CAPTF_EXIT,
						.data = data, .len = n,
						.full_len = n };

			tl_ringbuild__enter(rb, ts, tid, pid, TL_ABI_X86_64, 0,
					    args, NULL, 0);
			tl_ringbuild__exit(rb, ts + 500, tid, pid, TL_ABI_X86_64,
					   0, n, &c, 1);
		} else if (r < 85) {
			uint16_t n = (uint16_t)(rnd() % 64);
			struct tl_rb_capt c = { .arg = 1, .kind = TL_CAPT_BUF,
						.data = data, .len = n,
						.full_len = n };

			args[0] = 1;
			args[2] = n;
			tl_ringbuild__enter(rb, ts, tid, pid, TL_ABI_X86_64, 1,
					    args, &c, 1);
			tl_ringbuild__exit(rb, ts + 700, tid, pid, TL_ABI_X86_64,
					   1, n, NULL, 0);
		} else if (r < 98) {
			tl_ringbuild__enter(rb, ts, tid, pid, TL_ABI_X86_64, 3,
					    args, NULL, 0);
			tl_ringbuild__exit(rb, ts + 300, tid, pid, TL_ABI_X86_64,
					   3, 0, NULL, 0);
		} else if (r < 99) {
			tl_ringbuild__fork(rb, ts, tid, pid, tid + 1000,
					   tid + 1000, "worker");
			tl_ringbuild__exec(rb, ts + 10, tid + 1000, tid + 1000,
					   tid + 1000, "cat", "/usr/bin/cat");
		} else {
			tl_ringbuild__exit_task(rb, ts, tid + 1000, tid + 1000,
						0, TL_EXITF_GROUP_DEAD, "cat");
		}
	}
}

struct result {
	double secs;
	uint64_t events, records;
};

static int run(struct tl_decoder *d, struct result *res)
{
	struct tl_decoder_stats st;
	const struct tl_event *ev;
	uint64_t n = 0, sum = 0;
	double t0 = now();
	int rc;

	while ((rc = tl_decoder__next(d, &ev)) == 1) {
		sum += ev->tid + (uint64_t)ev->ret + ev->ncapt;
		n++;
	}
	res->secs = now() - t0;
	tl_decoder__stats(d, &st);
	res->events = n;
	res->records = st.records;
	tl_decoder__free(d);
	if (sum == 42)	/* keep the loop's reads */
		fputc(' ', stderr);
	return rc;
}

int main(int argc, char **argv)
{
	struct tl_ringbuild *rb[MAX_CPUS] = { 0 };
	struct tl_ring_data rd[MAX_CPUS];
	struct tl_ring_info ri[MAX_CPUS];
	const struct tl_systable *tabs[TL_ABI_MAX] = { 0 };
	struct tl_writer_opts wo = { .sz = sizeof(wo), .codec = TL_CODEC_ZSTD };
	struct tl_machine m = { 0 };
	struct tl_dump_trace tr = { 0 };
	struct mem file = { 0 };
	struct tl_sink sink = { mem_write, &file };
	struct result best_file = { 1e9, 0, 0 }, best_mem = { 1e9, 0, 0 };
	unsigned ncpu = 4, runs = 5, i;
	uint32_t blocks = 256;
	struct tl_writer *w;
	double t0;
	int c, err;

	while ((c = getopt(argc, argv, "c:b:r:z:h")) != -1) {
		switch (c) {
		case 'c': ncpu = (unsigned)atoi(optarg); break;
		case 'b': blocks = (uint32_t)atoi(optarg); break;
		case 'r': runs = (unsigned)atoi(optarg); break;
		case 'z':
			if (tl_codec_parse(optarg, &wo.codec, &wo.level)) {
				fprintf(stderr, "decode_bench: bad codec '%s'\n", optarg);
				return 2;
			}
			break;
		default:
			fprintf(stdout, "usage: decode_bench [-c CPUS] [-b BLOCKS_PER_RING] [-r RUNS] [-z CODEC]\n");
			return c == 'h' ? 0 : 2;
		}
	}
	if (!ncpu || ncpu > MAX_CPUS || !blocks || (blocks & (blocks - 1)) ||
	    !runs) {
		fprintf(stderr, "decode_bench: CPUS 1..%d, BLOCKS a power of two, RUNS >= 1\n",
			MAX_CPUS);
		return 2;
	}

	t0 = now();
	for (i = 0; i < ncpu; i++) {
		const void *p;

		rb[i] = tl_ringbuild__new(i, blocks);
		if (!rb[i]) {
			fprintf(stderr, "decode_bench: out of memory\n");
			return 1;
		}
		fill(rb[i], i, blocks);
		tl_ringbuild__blocks(rb[i], &p, &rd[i].len);
		rd[i].blocks = p;
		rd[i].cpu = i;
		tl_ringbuild__info(rb[i], &ri[i]);
	}
	m.arch = "x86_64";
	m.hostname = "bench";
	m.record_layout = TL_RECORD_LAYOUT_VERSION;
	tr.info.id = 1;
	tr.info.name = "bench";
	tr.info.rings = ri;
	tr.info.nrings = ncpu;
	tr.rings = rd;
	tr.nrings = ncpu;
	for (i = 1; i < TL_ABI_MAX; i++)
		tabs[i] = tl_systable_builtin((int)i);
	fprintf(stderr, "decode_bench: built %u rings x %u blocks in %.2f s\n",
		ncpu, blocks, now() - t0);

	t0 = now();
	w = tl_writer__open_sink(&sink, &wo);
	err = w ? tl_writer__write_dump(w, &m, &tr, 1) : -errno;
	if (!err)
		err = tl_writer__close(w);
	else
		tl_writer__abort(w);
	if (err) {
		fprintf(stderr, "decode_bench: write_dump: %s\n", strerror(-err));
		return 1;
	}
	fprintf(stderr, "decode_bench: wrote %.1f MiB of ring data as %.1f MiB in %.2f s\n",
		ncpu * (double)blocks * TL_BLOCK_SIZE / 1048576.0,
		file.len / 1048576.0, now() - t0);

	for (i = 0; i < runs; i++) {
		struct tl_decoder *d;
		struct result r;

		d = tl_decoder__new(NULL);
		if (!d || tl_decoder__add(d, tl_reader__open_mem(file.p, file.len,
								 "bench.tlz")) ||
		    run(d, &r)) {
			fprintf(stderr, "decode_bench: file decode failed\n");
			return 1;
		}
		if (r.secs < best_file.secs)
			best_file = r;
		d = tl_decoder__new(NULL);
		if (!d || tl_decoder__add_dump(d, "bench", &m, tabs, &tr, 1) ||
		    run(d, &r)) {
			fprintf(stderr, "decode_bench: memory decode failed\n");
			return 1;
		}
		if (r.secs < best_mem.secs)
			best_mem = r;
	}
	printf("decode_bench: %u CPUs, %llu records, %llu events (enter + exit), best of %u\n",
	       ncpu, (unsigned long long)best_file.records,
	       (unsigned long long)best_file.events, runs);
	printf("file   (reader + %s + decoder): %.3f s  %6.2f M events/s  %6.2f M records/s\n",
	       wo.codec == TL_CODEC_ZSTD ? "zstd" : wo.codec == TL_CODEC_ZLIB ?
	       "zlib" : "none", best_file.secs,
	       best_file.events / best_file.secs / 1e6,
	       best_file.records / best_file.secs / 1e6);
	printf("memory (decoder only):          %.3f s  %6.2f M events/s  %6.2f M records/s\n",
	       best_mem.secs, best_mem.events / best_mem.secs / 1e6,
	       best_mem.records / best_mem.secs / 1e6);
	for (i = 0; i < ncpu; i++)
		tl_ringbuild__free(rb[i]);
	free(file.p);
	return 0;
}
