// SPDX-License-Identifier: MIT
/*
 * corpus_test.c - the seed corpus of tests/fuzz/fuzz_reader.c: small
 * valid .tlz files of every codec, one damaged and one truncated file,
 * and for every chunk type its payload prefixed with the type selector
 * byte fuzz_reader's mode 3 uses.
 *
 *   corpus_test                 builds the seeds in memory and checks that
 *                               they read as intended (a unit test);
 *   corpus_test --write DIR     also writes them into DIR (how
 *                               tests/fuzz/corpus/fuzz_reader/ was made).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "tl.h"
#include "test.h"
#include "tlz_sample.h"

struct seed {
	char name[48];
	struct membuf mb;
};

#define MAX_SEEDS 32
static struct seed seeds[MAX_SEEDS];
static int nseeds;

static struct membuf *new_seed(const char *name)
{
	struct seed *s = &seeds[nseeds++];

	snprintf(s->name, sizeof(s->name), "%s", name);
	return &s->mb;
}

static void make_files(void)
{
	struct membuf *mb, *src;

	ASSERT_OK(sample_write(new_seed("file-none-noring.tlz"), TL_CODEC_NONE,
			       0, SAMPLE_NORING), "none");
	ASSERT_OK(sample_write(new_seed("file-zstd.tlz"), TL_CODEC_ZSTD, 0,
			       SAMPLE_TINY), "zstd");
	ASSERT_OK(sample_write(new_seed("file-zstd19.tlz"), TL_CODEC_ZSTD, 19,
			       SAMPLE_TINY), "zstd 19");
	ASSERT_OK(sample_write(new_seed("file-zlib.tlz"), TL_CODEC_ZLIB, 0,
			       SAMPLE_TINY), "zlib");
	src = &seeds[1].mb;
	/* damaged: one payload bit of the third chunk */
	mb = new_seed("damaged-payload.tlz");
	membuf_write(mb, src->p, src->len);
	{
		struct sample_layout lay;

		sample_layout(mb, &lay);
		mb->p[lay.off[2] + 48 + 3] ^= 0x10;
	}
	/* truncated in the middle of a chunk */
	mb = new_seed("truncated.tlz");
	membuf_write(mb, src->p, src->len * 2 / 3);
}

/* Raw payloads, as the reader hands them out, behind a selector byte
 * that fuzz_reader maps to the parser: type = byte % 6 + 1. */
static void make_payloads(void)
{
	const struct tl_chunk *c;
	struct tl_reader *r;
	struct membuf *mb;
	char name[48];
	uint8_t sel;

	r = tl_reader__open_mem(seeds[0].mb.p, seeds[0].mb.len, "none");
	if (!ASSERT_NONNULL(r, "open"))
		return;
	while (tl_reader__next_chunk(r, &c) == 1) {
		snprintf(name, sizeof(name), "payload-%u", c->type);
		mb = new_seed(name);
		sel = (uint8_t)(c->type - 1);
		membuf_write(mb, &sel, 1);
		membuf_write(mb, c->data, c->len);
	}
	tl_reader__close(r);

	/* A RING payload with one 4 KiB block (the smallest block size). */
	{
		uint8_t p[1 + 48 + 4096] = { 0 };

		sel = TL_CHUNK_RING - 1;
		p[0] = sel;
		p[1] = 7;			/* trace id */
		p[1 + 8] = TL_RING_KIND_BLOCKS;
		p[1 + 13] = 0x10;		/* block size 4096 */
		p[1 + 16] = 1;			/* nblocks */
		p[1 + 20] = 48;			/* header size */
		sample_make_block(sample_blocks, 1);
		memcpy(p + 1 + 48, sample_blocks, 4096);
		mb = new_seed("payload-5");
		membuf_write(mb, p, sizeof(p));
		sample_init();			/* restore the blocks */
	}
}

static void check_seeds(void)
{
	const struct tl_chunk *c;
	struct tl_reader_stats st;
	struct tl_reader *r;
	int i, n;

	for (i = 0; i < nseeds; i++) {
		struct membuf *mb = &seeds[i].mb;

		ASSERT_TRUE(mb->len < 8192, "seeds are small");
		if (strncmp(seeds[i].name, "payload-", 8) == 0)
			continue;
		r = tl_reader__open_mem(mb->p, mb->len, seeds[i].name);
		if (!ASSERT_NONNULL(r, seeds[i].name))
			continue;
		n = 0;
		while (tl_reader__next_chunk(r, &c) == 1)
			n++;
		tl_reader__stats(r, &st);
		if (strstr(seeds[i].name, "damaged")) {
			ASSERT_EQ(st.damaged_chunks, 1, "damage seen");
		} else if (strstr(seeds[i].name, "truncated")) {
			ASSERT_TRUE(st.truncated, "truncation seen");
		} else {
			ASSERT_TRUE(st.has_footer && !st.damaged_chunks &&
				    !st.truncated, seeds[i].name);
			ASSERT_TRUE(n >= 5, "chunks");
		}
		tl_reader__close(r);
	}
}

static int write_seeds(const char *dir)
{
	char path[4096];
	FILE *f;
	int i;

	for (i = 0; i < nseeds; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, seeds[i].name);
		f = fopen(path, "wb");
		if (!f || fwrite(seeds[i].mb.p, 1, seeds[i].mb.len, f) !=
			  seeds[i].mb.len || fclose(f)) {
			fprintf(stderr, "corpus_test: cannot write '%s': %s\n",
				path, strerror(errno));
			return 1;
		}
	}
	printf("%d seeds written to %s\n", nseeds, dir);
	return 0;
}

static void test_seeds(void)
{
	make_files();
	make_payloads();
	check_seeds();
}

int main(int argc, char **argv)
{
	int i, rc = 0;

	sample_init();
	RUN_TEST(test_seeds);
	if (argc == 3 && strcmp(argv[1], "--write") == 0)
		rc = write_seeds(argv[2]);
	for (i = 0; i < nseeds; i++)
		free(seeds[i].mb.p);
	free(sample_blocks);
	return TEST_EXIT() || rc;
}
