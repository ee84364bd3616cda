// SPDX-License-Identifier: MIT
/*
 * dec_corpus_test.c - the seed inputs of fuzz_decoder and fuzz_decode_roundtrip,
 * made with ringbuild and write_dump. Run without arguments it builds
 * them and checks that each decodes as intended (the seeds must reach
 * the decoder, not die at the first check); with `--write DIR` it also
 * writes them to DIR/fuzz_decoder/ and DIR/fuzz_decode_roundtrip/ (how the
 * committed corpus under tests/fuzz/corpus/ was made).
 */
#include <sys/stat.h>

#include "dec_fixture.h"
#include "internal.h"
#include "test.h"

static const char *outdir;

static void save(const char *target, const char *name, const void *p,
		 size_t len)
{
	char path[512];
	FILE *f;

	if (!outdir)
		return;
	snprintf(path, sizeof(path), "%s/%s", outdir, target);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/%s/%s", outdir, target, name);
	f = fopen(path, "wb");
	if (!ASSERT_NONNULL(f, path))
		return;
	ASSERT_EQ(fwrite(p, 1, len, f), len, "write seed");
	fclose(f);
}

/* A story touching every record kind and capture kind. */
static void story(struct fx *x, unsigned ncpu, bool be)
{
	struct tl_rb_capt c[3] = {
		{ .arg = 1, .kind = TL_CAPT_STR, .data = "/etc/ld.so.cache",
		  .len = 16, .full_len = 16 },
		{ .arg = 1, .kind = TL_CAPT_ARGV, .data = "ls\0-l\0", .len = 6,
		  .full_len = 2 },
		{ .arg = 2, .kind = TL_CAPT_COUNT, .full_len = 12 },
	};
	struct tl_rb_capt out = { .arg = 1, .kind = TL_CAPT_BUF,
				  .flags = TL_CAPTF_EXIT | TL_CAPTF_TRUNC,
				  .data = "\x7f" "ELF", .len = 4,
				  .full_len = 832 };
	unsigned i;

	fx_init(x, ncpu, 2);
	for (i = 1; i < TL_ABI_MAX; i++)
		x->tabs[i] = tl_systable_builtin((int)i);
	for (i = 0; i < ncpu; i++)
		tl_ringbuild__set_big_endian(x->rb[i], be);
	x->m.big_endian = be;
	tl_ringbuild__exit(x->rb[0], 5, 10, 10, TL_ABI_X86_64, 61, 11, NULL, 0);
	tl_ringbuild__fork(x->rb[0], 10, 10, 10, 11, 11, "sh");
	tl_ringbuild__enter(x->rb[ncpu - 1], 20, 11, 11, TL_ABI_X86_64, 59,
			    fx_args(1, 2, 3), &c[1], 2);
	tl_ringbuild__exec(x->rb[ncpu - 1], 30, 11, 11, 11, "ls", "/bin/ls");
	tl_ringbuild__exit(x->rb[ncpu - 1], 31, 11, 11, TL_ABI_X86_64, 59, 0,
			   NULL, 0);
	tl_ringbuild__enter(x->rb[0], 40, 11, 11, TL_ABI_X86_64, 257,
			    fx_args((uint64_t)-100, 5, 0), &c[0], 1);
	tl_ringbuild__drop(x->rb[0], 2);
	tl_ringbuild__exit(x->rb[0], 41, 11, 11, TL_ABI_X86_64, 257, 3, NULL, 0);
	tl_ringbuild__enter(x->rb[0], 42, 11, 11, TL_ABI_I386, 3,
			    fx_args(3, 9, 832), NULL, 0);
	tl_ringbuild__exit(x->rb[0], 43, 11, 11, TL_ABI_I386, 3, 832, &out, 1);
	tl_ringbuild__fork(x->rb[0], 44, 11, 11, 12, 11, "ls");
	tl_ringbuild__enter(x->rb[0], 50, 12, 11, TL_ABI_X86_64, 202,
			    fx_args(0, 0, 0), NULL, 0);
	tl_ringbuild__enter(x->rb[0], 60, 11, 11, TL_ABI_X86_64, 231,
			    fx_args(0, 0, 0), NULL, 0);
	tl_ringbuild__exit_task(x->rb[0], 61, 12, 11, 0, 0, "ls");
	tl_ringbuild__exit_task(x->rb[0], 62, 11, 11, 0, TL_EXITF_GROUP_DEAD,
				"ls");
	tl_ringbuild__enter(x->rb[0], 70, 10, 10, TL_ABI_X86_64, 61,
			    fx_args((uint64_t)-1, 0, 0), NULL, 0);
}

static void decoder_file_seeds(void)
{
	static const char *names[] = { "story-1cpu.tlz", "story-2cpu.tlz" };
	unsigned n;

	for (n = 1; n <= 2; n++) {
		struct fx x;
		struct fx_mem m = { 0 };
		struct tl_decoder *d;
		struct fx_evs r;

		story(&x, n, false);
		ASSERT_OK(fx_write(&x, TL_CODEC_ZSTD, &m), "write");
		d = fx_file_decoder(m.p, m.len, names[n - 1], false);
		r = fx_collect(d, 0);
		ASSERT_EQ(r.rc, 0, "decodes");
		ASSERT_TRUE(r.n >= 15, "events");
		ASSERT_EQ(fx_count(&r, TL_EV_LOST), 1, "the drop");
		save("fuzz_decoder", names[n - 1], m.p, m.len);
		free(r.v);
		tl_decoder__free(d);
		free(m.p);
		fx_release(&x);
	}
}

/* The compact block format of fuzz_decoder (mode 2). */
static void put_block(struct fx_mem *m, uint8_t cpu, const uint8_t *blk,
		      bool be)
{
	uint32_t used = be ? (uint32_t)blk[4] << 24 | blk[5] << 16 |
			     blk[6] << 8 | blk[7] : tl_get32(blk + 4);
	uint16_t n = (uint16_t)(64 + used);
	uint8_t h[3] = { cpu, (uint8_t)n, (uint8_t)(n >> 8) };

	fx_mem_write(m, h, 3);
	fx_mem_write(m, blk, n);
}

static void decoder_block_seeds(void)
{
	unsigned v;

	for (v = 0; v < 4; v++) {
		bool be = v & 1, two = v & 2;
		struct fx x;
		struct fx_mem m = { 0 };
		uint8_t opt = (uint8_t)((be ? 1 : 0) | (v == 3 ? 4 : 0) |
					(two ? 0x10 : 0));
		unsigned c;
		char name[32];

		story(&x, two ? 2 : 1, be);
		fx_mem_write(&m, &opt, 1);
		for (c = 0; c < x.n; c++)
			put_block(&m, (uint8_t)c, tl_ringbuild__block(x.rb[c], 0),
				  be);
		snprintf(name, sizeof(name), "blocks-%u", v);
		ASSERT_TRUE(m.len > 100, "seed has blocks");
		save("fuzz_decoder", name, m.p, m.len);
		free(m.p);
		fx_release(&x);
	}
}

/* Programs for fuzz_decode_roundtrip (see its header for the encoding). */
static void roundtrip_seeds(void)
{
	static const uint8_t basic[] = {
		0x01,				/* 2 CPUs, 1 block, no codec */
		0, 1, 0, 6, 1, 2, 3, 4, 5, 6, 1, 0x08, 4, 'p', 'a', 't', 'h',
		1 | 8, 2, 0, 6, 3, 0,		/* exit on cpu 1 */
		2, 1, 0, 1,			/* fork 100 -> 101 */
		3, 1, 1, 7, '/', 'b', 'i', 'n', '/', 's', 'h', /* exec */
		5, 1, 3,			/* 4 drops */
		0, 1, 1, 0x0b, 0, 0, 0, 0, 0, 0, 0, /* i386 enter */
		1, 1, 1, 0x0b, 0xfe, 1, 0x10, 3, 'a', 'b', 'c',
		4, 1, 0x85, 1,			/* exit_task, group dead */
		7, 1, 9,			/* unknown record */
		0, 1, 2, 4, 0, 0, 0, 0, 0, 0, 0, /* in flight */
	};
	static const uint8_t wrap[] = {
		0x59,		/* 2 CPUs, 4 blocks, zlib, big-endian */
		6, 0, 200,	/* a burst of 3216 exits on cpu 0 */
		6 | 8, 1, 255,	/* 4096 on cpu 1 */
		0, 1, 3, 6, 0, 0, 0, 0, 0, 0, 0,
		6, 0, 255, 6, 0, 255, 6, 0, 255, 6, 0, 255, 6, 0, 255,
		6, 0, 255, 6, 0, 255, 6, 0, 255, 6, 0, 255, 6, 0, 255,
		1, 1, 3, 6, 9, 0,
	};
	static const uint8_t noenter[] = {
		0xa0,		/* 1 CPU, 1 block, zstd, no enter events */
		0, 0, 5, 4, 1, 1, 1, 1, 1, 1, 0,
		0, 0, 6, 5, 1, 1, 1, 1, 1, 1, 0,
		3, 2, 6, 3, 'x', 'y', 'z',
		1, 0, 5, 4, 0, 0,
		4, 3, 0x86, 0,
	};

	save("fuzz_decode_roundtrip", "basic", basic, sizeof(basic));
	save("fuzz_decode_roundtrip", "wrap", wrap, sizeof(wrap));
	save("fuzz_decode_roundtrip", "noenter", noenter, sizeof(noenter));
	ASSERT_TRUE(sizeof(basic) > 10, "seeds defined");
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "--write"))
		outdir = argv[2];
	else if (argc != 1) {
		fprintf(stderr, "usage: dec_corpus_test [--write DIR]\n");
		return 2;
	}
	RUN_TEST(decoder_file_seeds);
	RUN_TEST(decoder_block_seeds);
	RUN_TEST(roundtrip_seeds);
	return TEST_EXIT();
}
