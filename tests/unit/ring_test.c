// SPDX-License-Identifier: MIT
/*
 * ring_test.c - ringbuild writes what ARCH.md §1 says the BPF program
 * writes (block advance with a worst-case reserve, overwrite-oldest,
 * seq and loss counting, stale bytes past `used`), and ring.c accepts
 * exactly the valid blocks and records: every rule of tl_record.h has a
 * case that breaks it.
 */
#include "dec_fixture.h"
#include "internal.h"
#include "ring.h"
#include "test.h"

#define HDR	sizeof(struct tl_block_hdr)

static uint8_t *blk_of(struct tl_ringbuild *rb, uint64_t seq)
{
	return tl_ringbuild__block(rb, tl_ringbuild__block_index(rb, seq));
}

static void test_block_advance_and_wrap(void)
{
	struct tl_ringbuild *rb = tl_ringbuild__new(3, 2);
	struct tl_ring_info ri;
	struct tl_blk b;
	const char *why;
	uint64_t lo = UINT64_MAX, hi = 0;
	uint32_t end, nrec, bad, i;
	uint8_t *p;

	ASSERT_NONNULL(rb, "new");
	ASSERT_TRUE(tl_ringbuild__new(0, 3) == NULL, "power of two only");
	/* a 40-byte record: the first opens block 1 at index 0 */
	tl_ringbuild__exit(rb, 500, 7, 7, TL_ABI_X86_64, 0, 0, NULL, 0);
	p = tl_ringbuild__block(rb, 0);
	ASSERT_EQ(tl_get32(p), TL_BLOCK_MAGIC, "magic");
	ASSERT_EQ(tl_get32(p + 4), 40, "used");
	ASSERT_EQ(tl_get64(p + 8), 1, "block_seq");
	ASSERT_EQ(tl_get32(p + 16), 1, "first_seq");
	ASSERT_EQ(tl_get32(p + 20), 3, "cpu");
	ASSERT_EQ(tl_get64(p + 24), 500, "ts_first");
	ASSERT_EQ(tl_get64(p + 32), 500, "ts_last");
	ASSERT_EQ(tl_get16(p + HDR + 2), 40, "record len");
	ASSERT_EQ(tl_get32(p + HDR + 4), 1, "record seq");

	/* with a 1000-byte reserve a block takes records while
	 * off + 1000 <= 65536: off = 64 + 40k, k = 0..1611 -> 1612 */
	tl_ringbuild__free(rb);
	rb = tl_ringbuild__new(0, 2);
	tl_ringbuild__set_reserve(rb, 1000);
	for (i = 1; i <= 1613; i++)
		tl_ringbuild__exit(rb, i, 7, 7, TL_ABI_X86_64, 0, 0, NULL, 0);
	ASSERT_EQ(tl_ringbuild__block_seq(rb), 2, "second block started");
	ASSERT_EQ(tl_get32(blk_of(rb, 1) + 4), 1612 * 40, "block 1 used");
	ASSERT_EQ(tl_get32(blk_of(rb, 2) + 16), 1613, "block 2 first_seq");

	/* block 3 overwrites block 1 (index 0); its old records stay past
	 * `used` and must not be read */
	tl_ringbuild__set_reserve(rb, 0);
	while (tl_ringbuild__block_seq(rb) < 3)
		tl_ringbuild__exit(rb, 5000, 7, 7, TL_ABI_X86_64, 0, 0, NULL, 0);
	p = tl_ringbuild__block(rb, 0);
	ASSERT_EQ(tl_get64(p + 8), 3, "index 0 holds block 3");
	ASSERT_EQ(tl_get32(p + 4), 40, "one record in it");
	ASSERT_EQ(tl_get16(p + HDR + 40 + 2), 40, "stale record still there");
	ASSERT_EQ(tl_ring__check_block(p, TL_BLOCK_SIZE, false, 0, &b, &why), 0,
		  "valid");
	ASSERT_OK(tl_ring__scan(&b, false, &end, &lo, &hi, &nrec, &bad, &why),
		  "scan");
	ASSERT_EQ(nrec, 1, "only the committed record");
	ASSERT_EQ(lo, 5000, "its ts");

	/* drops consume seq numbers; too large records are dropped too */
	i = tl_ringbuild__next_seq(rb);
	tl_ringbuild__drop(rb, 4);
	{
		static uint8_t big[65464];

		ASSERT_EQ(tl_ringbuild__raw(rb, 77, 1, 1, 1, big, sizeof(big)),
			  -E2BIG, "24 + 65464 > 65472 data bytes");
	}
	tl_ringbuild__exit(rb, 6000, 7, 7, TL_ABI_X86_64, 0, 0, NULL, 0);
	ASSERT_EQ(tl_get32(p + HDR + 40 + 4), i + 5, "seq after 4 + 1 lost");
	tl_ringbuild__info(rb, &ri);
	ASSERT_EQ(ri.records, i + 5, "records = last seq");
	ASSERT_EQ(ri.lost_busy, 4, "busy");
	ASSERT_EQ(ri.lost_size, 1, "size");
	ASSERT_EQ(ri.head_block, 3, "head block");
	ASSERT_EQ(ri.nblocks, 2, "nblocks");
	tl_ringbuild__free(rb);
}

static void test_block_checks(void)
{
	struct tl_ringbuild *rb = tl_ringbuild__new(1, 2);
	uint8_t blk[TL_BLOCK_SIZE];
	struct tl_blk b;
	const char *why = NULL;

	tl_ringbuild__exit(rb, 1, 7, 7, TL_ABI_X86_64, 0, 0, NULL, 0);
	memcpy(blk, tl_ringbuild__block(rb, 0), sizeof(blk));
	ASSERT_EQ(tl_ring__check_block(blk, TL_BLOCK_SIZE, false, 1, &b, &why),
		  0, "valid");
	ASSERT_EQ(tl_ring__check_block(tl_ringbuild__block(rb, 1),
				       TL_BLOCK_SIZE, false, 1, &b, &why),
		  1, "never written");
	ASSERT_EQ(tl_ring__check_block(blk, TL_BLOCK_SIZE, false, 2, &b, &why),
		  -EBADMSG, "other cpu");
	ASSERT_STREQ(why, "block belongs to another cpu", "why");
	ASSERT_EQ(tl_ring__check_block(blk, TL_BLOCK_SIZE, false, UINT32_MAX,
				       &b, &why), 0, "cpu not checked");
	blk[1] ^= 1;
	ASSERT_EQ(tl_ring__check_block(blk, TL_BLOCK_SIZE, false, 1, &b, &why),
		  -EBADMSG, "magic");
	blk[1] ^= 1;
	tl_put32(blk + 4, TL_BLOCK_SIZE - HDR + 8);
	ASSERT_EQ(tl_ring__check_block(blk, TL_BLOCK_SIZE, false, 1, &b, &why),
		  -EBADMSG, "used beyond the block");
	tl_put32(blk + 4, TL_BLOCK_SIZE - HDR);
	ASSERT_EQ(tl_ring__check_block(blk, TL_BLOCK_SIZE, false, 1, &b, &why),
		  0, "used up to the end");
	tl_put32(blk + 4, 40);
	blk[56] = 1;
	ASSERT_EQ(tl_ring__check_block(blk, TL_BLOCK_SIZE, false, 1, &b, &why),
		  -EBADMSG, "reserved");
	tl_ringbuild__free(rb);
}

static void test_framing(void)
{
	uint8_t recs[128];
	struct tl_rhdr h;
	const char *why = NULL;

	memset(recs, 0, sizeof(recs));
	tl_put16(recs + 2, 40);
	ASSERT_EQ(tl_ring__frame(recs, 40, 0, false, &h, &why), 0, "fits");
	ASSERT_EQ(tl_ring__frame(recs, 40, 40, false, &h, &why), 1, "end");
	ASSERT_EQ(tl_ring__frame(recs, 32, 0, false, &h, &why), -EBADMSG,
		  "beyond used");
	ASSERT_EQ(tl_ring__frame(recs, 60, 40, false, &h, &why), -EBADMSG,
		  "header cut by used");
	tl_put16(recs + 2, 44);
	ASSERT_EQ(tl_ring__frame(recs, 128, 0, false, &h, &why), -EBADMSG,
		  "not a multiple of 8");
	tl_put16(recs + 2, 16);
	ASSERT_EQ(tl_ring__frame(recs, 128, 0, false, &h, &why), -EBADMSG,
		  "shorter than a header");
	tl_put16(recs + 2, 0);
	ASSERT_EQ(tl_ring__frame(recs, 128, 0, false, &h, &why), -EBADMSG,
		  "zero");
}

/* Copy the first record of a ring with one record into rec[]. */
static uint16_t one_record(struct tl_ringbuild *rb, uint8_t *rec)
{
	uint8_t *p = tl_ringbuild__block(rb, 0);
	uint16_t len = tl_get16(p + HDR + 2);

	memcpy(rec, p + HDR, len);
	return len;
}

static int parse(const uint8_t *rec, struct tl_rec *out, const char **why)
{
	struct tl_rhdr h;
	int err = tl_ring__frame(rec, tl_get16(rec + 2), 0, false, &h, why);

	if (err)
		return err;
	return tl_ring__parse(rec, &h, false, out, why);
}

static void test_record_contents(void)
{
	struct tl_rb_capt c[2] = {
		{ .arg = 1, .kind = TL_CAPT_STR, .data = "/etc", .len = 4,
		  .full_len = 4 },
		{ .arg = 2, .kind = TL_CAPT_COUNT, .full_len = 12 },
	};
	static uint8_t rec[TL_BLOCK_SIZE];
	struct tl_ringbuild *rb = tl_ringbuild__new(0, 2);
	struct tl_rec r;
	const char *why = NULL;
	uint16_t len;

	tl_ringbuild__enter(rb, 9, 7, 8, TL_ABI_I386, 5, fx_args(1, 2, 3), c, 2);
	len = one_record(rb, rec);
	ASSERT_EQ(len, 80 + 8 + 8 + 8, "enter + STR(4->8) + COUNT");
	ASSERT_OK(parse(rec, &r, &why), "valid enter");
	ASSERT_EQ(r.h.tid, 7, "tid");
	ASSERT_EQ(r.h.pid, 8, "pid");
	ASSERT_EQ(r.nr, 5, "nr");
	ASSERT_EQ(r.abi, TL_ABI_I386, "abi");
	ASSERT_EQ(r.args[2], 3, "arg");
	ASSERT_EQ(r.ncapt, 2, "ncapt");
	ASSERT_EQ(r.capt[0].len, 4, "str len");
	ASSERT_TRUE(!memcmp(r.capt[0].data, "/etc", 4), "str data");
	ASSERT_EQ(r.capt[1].kind, TL_CAPT_COUNT, "count");
	ASSERT_EQ(r.capt[1].full_len, 12, "count value");

#define BREAK(off, val, what) do {					\
	uint8_t ___old = rec[off];					\
	rec[off] = (val);						\
	ASSERT_EQ(parse(rec, &r, &why), -EBADMSG, what);		\
	rec[off] = ___old;						\
} while (0)
	BREAK(27, 7, "ncapt above 6");
	BREAK(27, 3, "a capture beyond the record");
	BREAK(27, 1, "record longer than its captures");
	BREAK(28, 1, "padding");
	BREAK(80, 6, "capture arg above 5");
	BREAK(81, TL_CAPT_STR | 0x80, "unknown capture flag");
	BREAK(81, 0, "capture kind 0");
	BREAK(81, 6, "capture kind 6");
	BREAK(81, TL_CAPT_STR | TL_CAPTF_FAULT, "failed capture with data");
	BREAK(82, 9, "data beyond the record");
	rec[97] = TL_CAPT_LEN;
	ASSERT_OK(parse(rec, &r, &why), "LEN without data is valid");
	rec[97] = TL_CAPT_COUNT;
	BREAK(98, 8, "COUNT with data");
	ASSERT_OK(parse(rec, &r, &why), "restored");
	/* bounds: a STR longer than TL_MAX_STR */
	tl_put16(rec + 82, TL_MAX_STR + 1);
	ASSERT_EQ(parse(rec, &r, &why), -EBADMSG, "STR above its bound");
	tl_put16(rec + 82, 4);
	/* a record shorter than its fixed part */
	tl_put16(rec + 2, 72);
	ASSERT_EQ(parse(rec, &r, &why), -EBADMSG, "short enter");
	tl_put16(rec + 2, len);
	/* unknown type: skipped by length */
	tl_put16(rec, 42);
	ASSERT_EQ(parse(rec, &r, &why), 1, "unknown type");
	tl_ringbuild__free(rb);

	/* fork, exec, exit */
	rb = tl_ringbuild__new(0, 2);
	tl_ringbuild__fork(rb, 1, 7, 7, 9, 9, "a-very-long-command-name");
	len = one_record(rb, rec);
	ASSERT_EQ(len, 48, "fork");
	ASSERT_OK(parse(rec, &r, &why), "fork valid");
	ASSERT_EQ(r.child_tid, 9, "child");
	ASSERT_STREQ(r.comm, "a-very-long-comm", "comm cut to 16");
	tl_put16(rec + 2, 56);
	ASSERT_EQ(parse(rec, &r, &why), -EBADMSG, "fork length");
	tl_ringbuild__free(rb);

	rb = tl_ringbuild__new(0, 2);
	tl_ringbuild__exec(rb, 1, 7, 7, 8, "ls", "/bin/ls");
	len = one_record(rb, rec);
	ASSERT_EQ(len, 48 + 8 + 8, "exec + filename");
	ASSERT_OK(parse(rec, &r, &why), "exec valid");
	ASSERT_EQ(r.old_tid, 8, "old tid");
	ASSERT_EQ(r.capt[0].len, 7, "filename");
	BREAK(49, TL_CAPT_BUF, "exec filename must be a string");
	BREAK(28, 1, "exec padding");
	tl_ringbuild__free(rb);

	rb = tl_ringbuild__new(0, 2);
	tl_ringbuild__exit_task(rb, 1, 7, 7, 9 << 8, TL_EXITF_GROUP_DEAD, "x");
	len = one_record(rb, rec);
	ASSERT_OK(parse(rec, &r, &why), "exit valid");
	ASSERT_EQ(r.exit_code, 9 << 8, "code");
	ASSERT_EQ(r.exit_flags, TL_EXITF_GROUP_DEAD, "flags");
	tl_put16(rec + 2, 40);
	ASSERT_EQ(parse(rec, &r, &why), -EBADMSG, "exit length");
	tl_ringbuild__free(rb);
#undef BREAK
}

static void test_big_endian_ring(void)
{
	struct tl_ringbuild *rb = tl_ringbuild__new(5, 2);
	struct tl_blk b;
	struct tl_rhdr h;
	struct tl_rec r;
	const char *why;
	uint8_t *p;

	tl_ringbuild__set_big_endian(rb, true);
	tl_ringbuild__exit(rb, 0x1122334455ull, 0x01020304, 0x05060708,
			   TL_ABI_AARCH64, 63, -9, NULL, 0);
	p = tl_ringbuild__block(rb, 0);
	ASSERT_EQ(p[0], 0x4b, "magic stored big-endian");
	ASSERT_EQ(tl_ring__check_block(p, TL_BLOCK_SIZE, false, 5, &b, &why),
		  -EBADMSG, "not little-endian");
	ASSERT_EQ(tl_ring__check_block(p, TL_BLOCK_SIZE, true, 5, &b, &why), 0,
		  "big-endian");
	ASSERT_EQ(b.used, 40, "used");
	ASSERT_OK(tl_ring__frame(p + HDR, b.used, 0, true, &h, &why), "frame");
	ASSERT_OK(tl_ring__parse(p + HDR, &h, true, &r, &why), "parse");
	ASSERT_EQ(r.h.ts, 0x1122334455ull, "ts");
	ASSERT_EQ(r.h.tid, 0x01020304, "tid");
	ASSERT_EQ(r.h.pid, 0x05060708, "pid");
	ASSERT_EQ(r.nr, 63, "nr");
	ASSERT_EQ(r.ret, -9, "ret");
	tl_ringbuild__free(rb);
}

static void test_abi_native(void)
{
	ASSERT_EQ(tl_abi_native("x86_64"), TL_ABI_X86_64, "x86_64");
	ASSERT_EQ(tl_abi_native("aarch64"), TL_ABI_AARCH64, "aarch64");
	ASSERT_EQ(tl_abi_native("i686"), TL_ABI_I386, "i686");
	ASSERT_EQ(tl_abi_native("armv7l"), TL_ABI_ARM, "arm");
	ASSERT_EQ(tl_abi_native("riscv64"), TL_ABI_UNKNOWN, "unknown");
	ASSERT_EQ(tl_abi_native(NULL), TL_ABI_UNKNOWN, "NULL");
}

int main(void)
{
	RUN_TEST(test_block_advance_and_wrap);
	RUN_TEST(test_block_checks);
	RUN_TEST(test_framing);
	RUN_TEST(test_record_contents);
	RUN_TEST(test_big_endian_ring);
	RUN_TEST(test_abi_native);
	return TEST_EXIT();
}
