// SPDX-License-Identifier: MIT
/*
 * fuzz_roundtrip.c - libFuzzer target: build metadata (MACHINE, SYSTABLE,
 * TRACE, PROCS) and ring blocks from the input bytes, write them with the
 * writer into memory with a codec the input picks, read the file back and
 * require every value to come back unchanged. What the writer refuses
 * (values beyond the bounds of FORMAT.md §5) must simply be absent from the
 * file: the writer never writes what the reader would reject.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct in {
	const uint8_t *p;
	size_t n;
	/* strings live here until the input is done */
	char *pool[512];
	int npool;
	size_t long_budget;	/* bytes of long strings left */
};

static uint8_t u8(struct in *in)
{
	uint8_t v = 0;

	if (in->n) {
		v = *in->p++;
		in->n--;
	}
	return v;
}

static uint16_t u16(struct in *in)
{
	return (uint16_t)(u8(in) | u8(in) << 8);
}

static uint32_t u32(struct in *in)
{
	return (uint32_t)u16(in) | (uint32_t)u16(in) << 16;
}

static uint64_t u64(struct in *in)
{
	return (uint64_t)u32(in) | (uint64_t)u32(in) << 32;
}

/* NULL, a short string from the input, or a long run of one byte. */
static const char *str(struct in *in)
{
	uint8_t mode = u8(in);
	size_t len, i;
	char *s;

	if (mode == 0 || in->npool == 512)
		return NULL;
	if (mode & 0x80) {
		uint8_t c = u8(in) | 1;		/* never NUL */

		len = u16(in) * 5u;		/* up to ~320 KiB: beyond bounds */
		if (len > in->long_budget)
			len = in->long_budget;
		in->long_budget -= len;
		s = malloc(len + 1);
		if (!s)
			return NULL;
		memset(s, c, len);
	} else {
		len = (mode & 0x7f) - 1u;
		s = malloc(len + 1);
		if (!s)
			return NULL;
		for (i = 0; i < len; i++) {
			uint8_t c = u8(in);

			s[i] = c ? (char)c : '?';
		}
	}
	s[len] = '\0';
	in->pool[in->npool++] = s;
	return s;
}

static int same_str(const char *got, const char *want, int null_is_empty)
{
	if (!want)
		return null_is_empty ? got && !*got : got == NULL;
	return got && strcmp(got, want) == 0;
}

#define CHECK(cond) do { if (!(cond)) { \
	fprintf(stderr, "fuzz_roundtrip: %s:%d: %s\n", __FILE__, __LINE__, #cond); \
	abort(); } } while (0)

__attribute__((format(printf, 2, 0)))
static int quiet(enum tl_print_level level, const char *fmt, va_list ap)
{
	char buf[256];

	return vsnprintf(buf, sizeof(buf), fmt, ap);
}

struct membuf {
	uint8_t *p;
	size_t len, cap;
};

static int mb_write(void *ctx, const void *buf, size_t len)
{
	struct membuf *mb = ctx;

	if (mb->len + len > mb->cap) {
		size_t ncap = mb->cap ? mb->cap : 65536;
		uint8_t *np;

		while (ncap < mb->len + len)
			ncap *= 2;
		np = realloc(mb->p, ncap);
		if (!np)
			return -12;
		mb->p = np;
		mb->cap = ncap;
	}
	memcpy(mb->p + mb->len, buf, len);
	mb->len += len;
	return 0;
}

#define MAXN 40
#define LONG_MAX_ (256u << 10)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct in in = { .p = data, .n = size, .long_budget = 600u << 10 };
	struct tl_machine m = { 0 };
	struct tl_syscall calls[MAXN];
	struct tl_systable st = { 0 };
	struct tl_label labels[MAXN];
	struct tl_ring_info rings[MAXN];
	struct tl_trace_info tr = { 0 };
	struct tl_proc procs[MAXN];
	struct tl_writer_opts o = { .sz = sizeof(o) };
	struct membuf mb = { 0 };
	struct tl_sink sink = { mb_write, &mb };
	struct tl_writer *w;
	struct tl_reader *r;
	const struct tl_chunk *c;
	uint8_t *blocks = NULL;
	size_t nblocks, i, nprocs_seen = 0;
	int ok_m, ok_s, ok_t, ok_p, ok_r, seen_m = 0, seen_s = 0, seen_t = 0;
	uint32_t nb_seen = 0;
	uint8_t sel;

	tl_set_print(quiet);
	memset(calls, 0, sizeof(calls));
	memset(labels, 0, sizeof(labels));
	memset(rings, 0, sizeof(rings));
	memset(procs, 0, sizeof(procs));

	sel = u8(&in);
	o.codec = (enum tl_codec)(sel % 3);
	o.level = o.codec == TL_CODEC_ZSTD ? (sel >> 2) % 5 + 1 :
		  o.codec == TL_CODEC_ZLIB ? (sel >> 2) % 9 + 1 : 0;

	m.arch = str(&in);
	m.kernel_release = str(&in);
	m.kernel_version = str(&in);
	m.hostname = str(&in);
	m.page_size = u32(&in);
	m.ncpus = u32(&in);
	m.big_endian = u8(&in) & 3;
	m.long_size = u8(&in);
	m.record_layout = u16(&in);
	m.clock_start.realtime_ns = (int64_t)u64(&in);
	m.clock_dump.boottime_ns = (int64_t)u64(&in);
	m.recorder = str(&in);
	m.cmdline = str(&in);
	m.snaplen = u32(&in);
	m.buffer_size = u64(&in);
	m.syscall_filter = str(&in);
	m.compress = str(&in);

	st.abi = u8(&in) % 4;
	st.arch = str(&in);
	st.count = u8(&in) % MAXN;
	st.calls = calls;
	for (i = 0; i < st.count; i++) {
		calls[i].nr = (uint16_t)(i ? calls[i - 1].nr + u8(&in) : u16(&in));
		calls[i].name = str(&in);
		calls[i].classes = u32(&in);
		calls[i].nargs = u8(&in) % 8;
		for (int a = 0; a < calls[i].nargs && a < 6; a++) {
			calls[i].args[a].name = str(&in);
			calls[i].args[a].type = str(&in);
			calls[i].args[a].fmt = str(&in);
			calls[i].args[a].kind = u8(&in);
			calls[i].args[a].len_arg = (int8_t)(u8(&in) % 8) - 1;
			calls[i].args[a].size = u16(&in);
		}
	}

	tr.id = u32(&in);
	tr.kind = u32(&in);
	tr.name = str(&in);
	tr.cgroup_path = str(&in);
	tr.cgroup_id = u64(&in);
	tr.nlabels = u8(&in) % MAXN;
	tr.labels = labels;
	for (i = 0; i < tr.nlabels; i++) {
		labels[i].key = str(&in);
		labels[i].value = str(&in);
	}
	tr.nrings = u8(&in) % MAXN;
	tr.rings = rings;
	for (i = 0; i < tr.nrings; i++) {
		rings[i].cpu = u32(&in);
		rings[i].records = u64(&in);
		rings[i].lost_busy = u64(&in);
	}
	tr.start_ns = (int64_t)u64(&in);
	tr.end_ns = (int64_t)u64(&in);

	size_t nprocs = u8(&in) % MAXN;
	for (i = 0; i < nprocs; i++) {
		procs[i].tid = u32(&in);
		procs[i].pid = u32(&in);
		procs[i].ppid = u32(&in);
		procs[i].exit_code = (int32_t)u32(&in);
		procs[i].comm = str(&in);
		procs[i].exe = str(&in);
		procs[i].cwd = str(&in);
		procs[i].argv = str(&in);
		procs[i].argv_len = procs[i].argv ? (uint32_t)strlen(procs[i].argv) + 1 : 0;
		procs[i].start_ns = (int64_t)u64(&in);
	}

	/* ring blocks: the rest of the input spread over up to 3 blocks */
	nblocks = u8(&in) % 4;
	if (nblocks) {
		blocks = calloc(nblocks, TL_BLOCK_SIZE);
		if (!blocks)
			goto out;
		for (i = 0; i < nblocks; i++) {
			struct tl_block_hdr h = {
				.magic = TL_BLOCK_MAGIC, .used = 64,
				.block_seq = nblocks - i, .cpu = 1,
				.ts_first = 1000 * (nblocks - i),
				.ts_last = 1000 * (nblocks - i) + 1,
			};
			size_t take = in.n < 4096 ? in.n : 4096;

			memcpy(blocks + i * TL_BLOCK_SIZE, &h, sizeof(h));
			memcpy(blocks + i * TL_BLOCK_SIZE + 64, in.p, take);
			in.p += take;
			in.n -= take;
		}
	}

	w = tl_writer__open_sink(&sink, &o);
	CHECK(w);
	ok_m = tl_writer__add_machine(w, &m) == 0;
	ok_s = tl_writer__add_systable(w, &st) == 0;
	ok_t = tl_writer__add_trace(w, &tr) == 0;
	ok_p = tl_writer__add_procs(w, tr.id, procs, nprocs) == 0;
	ok_r = tl_writer__add_ring(w, 7, 1, blocks, nblocks * TL_BLOCK_SIZE) == 0;
	CHECK(ok_r);
	CHECK(tl_writer__close(w) == 0);

	r = tl_reader__open_mem(mb.p, mb.len, "roundtrip");
	CHECK(r);
	while (tl_reader__next_chunk(r, &c) == 1) {
		if (c->type == TL_CHUNK_MACHINE) {
			const struct tl_machine *g;

			CHECK(tl_reader__parse_machine(r, c, &g) == 0);
			seen_m++;
			CHECK(same_str(g->arch, m.arch, 1));
			CHECK(same_str(g->kernel_release, m.kernel_release, 1));
			CHECK(same_str(g->kernel_version, m.kernel_version, 1));
			CHECK(same_str(g->hostname, m.hostname, 1));
			CHECK(same_str(g->recorder, m.recorder, 1));
			/* command lines are cut to 256 KiB (FORMAT.md §5.1) */
			CHECK(m.cmdline ? strlen(g->cmdline) ==
				(strlen(m.cmdline) < LONG_MAX_ ? strlen(m.cmdline)
							       : LONG_MAX_) &&
				!strncmp(g->cmdline, m.cmdline, LONG_MAX_)
				: !*g->cmdline);
			CHECK(same_str(g->syscall_filter, m.syscall_filter, 0));
			CHECK(same_str(g->compress, m.compress, 0));
			CHECK(g->page_size == m.page_size && g->ncpus == m.ncpus &&
			      g->big_endian == m.big_endian &&
			      g->long_size == m.long_size &&
			      g->record_layout == m.record_layout &&
			      g->clock_start.realtime_ns == m.clock_start.realtime_ns &&
			      g->clock_dump.boottime_ns == m.clock_dump.boottime_ns &&
			      g->snaplen == m.snaplen &&
			      g->buffer_size == m.buffer_size);
		} else if (c->type == TL_CHUNK_SYSTABLE) {
			const struct tl_systable *g;

			CHECK(tl_reader__parse_systable(r, c, &g) == 0);
			seen_s++;
			CHECK(g->abi == st.abi && g->count == st.count);
			CHECK(same_str(g->arch, st.arch, 1));
			for (i = 0; i < st.count; i++) {
				const struct tl_syscall *x = &g->calls[i], *y = &calls[i];

				CHECK(x->nr == y->nr && same_str(x->name, y->name, 0) &&
				      x->classes == y->classes && x->nargs == y->nargs);
				CHECK(tl_systable__lookup(g, y->nr) == x);
				for (int a = 0; a < y->nargs; a++) {
					CHECK(same_str(x->args[a].name, y->args[a].name, 1));
					CHECK(same_str(x->args[a].type, y->args[a].type, 1));
					CHECK(same_str(x->args[a].fmt, y->args[a].fmt, 0));
					CHECK(x->args[a].kind == y->args[a].kind &&
					      x->args[a].len_arg == y->args[a].len_arg &&
					      x->args[a].size == y->args[a].size);
				}
			}
		} else if (c->type == TL_CHUNK_TRACE) {
			const struct tl_trace_info *g;

			CHECK(tl_reader__parse_trace(r, c, &g) == 0);
			seen_t++;
			CHECK(g->id == tr.id && g->kind == tr.kind &&
			      g->cgroup_id == tr.cgroup_id &&
			      g->start_ns == tr.start_ns && g->end_ns == tr.end_ns &&
			      g->nlabels == tr.nlabels && g->nrings == tr.nrings);
			CHECK(same_str(g->name, tr.name, 1));
			CHECK(same_str(g->cgroup_path, tr.cgroup_path, 1));
			for (i = 0; i < tr.nlabels; i++)
				CHECK(same_str(g->labels[i].key, labels[i].key, 1) &&
				      same_str(g->labels[i].value, labels[i].value, 1));
			for (i = 0; i < tr.nrings; i++)
				CHECK(!memcmp(&g->rings[i], &rings[i], sizeof(rings[i])));
		} else if (c->type == TL_CHUNK_PROCS) {
			const struct tl_proc *g;
			uint32_t id;
			size_t n;

			CHECK(tl_reader__parse_procs(r, c, &id, &g, &n) == 0);
			CHECK(id == tr.id && nprocs_seen + n <= nprocs);
			for (i = 0; i < n; i++) {
				const struct tl_proc *x = &g[i], *y = &procs[nprocs_seen + i];

				CHECK(x->tid == y->tid && x->pid == y->pid &&
				      x->ppid == y->ppid && x->exit_code == y->exit_code &&
				      x->start_ns == y->start_ns);
				CHECK(same_str(x->comm, y->comm, 1));
				CHECK(same_str(x->exe, y->exe, 0));
				CHECK(same_str(x->cwd, y->cwd, 0));
				CHECK(x->argv_len == (y->argv_len > LONG_MAX_ ?
						      LONG_MAX_ : y->argv_len));
				CHECK(!y->argv || !memcmp(x->argv, y->argv, x->argv_len));
			}
			nprocs_seen += n;
		} else if (c->type == TL_CHUNK_RING) {
			struct tl_ring_chunk rc;

			CHECK(tl_reader__parse_ring(r, c, &rc) == 0);
			CHECK(rc.trace_id == 7 && rc.cpu == 1);
			for (uint32_t b = 0; b < rc.nblocks; b++) {
				/* in block_seq order: block_seq s was written at
				 * index nblocks - s */
				uint64_t seq = nb_seen + b + 1;

				CHECK(!memcmp((const uint8_t *)rc.blocks +
					      (size_t)b * TL_BLOCK_SIZE,
					      blocks + (nblocks - seq) * TL_BLOCK_SIZE,
					      TL_BLOCK_SIZE));
			}
			nb_seen += rc.nblocks;
		}
	}
	CHECK(seen_m == ok_m && seen_s == ok_s && seen_t == ok_t);
	CHECK(nprocs_seen == (ok_p ? nprocs : nprocs_seen));
	CHECK(nb_seen == nblocks);
	{
		struct tl_reader_stats rs;

		tl_reader__stats(r, &rs);
		CHECK(rs.has_footer && !rs.damaged_chunks && !rs.truncated);
	}
	tl_reader__close(r);
out:
	free(blocks);
	free(mb.p);
	for (int k = 0; k < in.npool; k++)
		free(in.pool[k]);
	return 0;
}
