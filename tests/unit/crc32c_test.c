// SPDX-License-Identifier: MIT
/*
 * crc32c_test.c - CRC-32C against the test vectors of RFC 3720 appendix
 * B.4 (iSCSI) and the standard check value, plus chaining, alignment and
 * a bit-by-bit reference implementation on random data.
 */
#include <stdint.h>
#include <stdlib.h>

#include "crc32c.h"
#include "test.h"

/* Bitwise reference: the definition, no tables. */
static uint32_t crc32c_ref(const uint8_t *p, size_t n)
{
	uint32_t c = 0xffffffffu;
	int k;

	while (n--) {
		c ^= *p++;
		for (k = 0; k < 8; k++)
			c = (c >> 1) ^ (0x82F63B78u & (0u - (c & 1)));
	}
	return ~c;
}

static void test_rfc3720_vectors(void)
{
	uint8_t buf[48];
	/* RFC 3720 B.4: "CRC: aa 36 91 8a" etc. are the bytes as sent,
	 * i.e. the CRC value stored little-endian. */
	static const uint8_t scsi_read[48] = {
		0x01, 0xc0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x14, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00,
		0x00, 0x00, 0x00, 0x14, 0x00, 0x00, 0x00, 0x18,
		0x28, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	};
	int i;

	memset(buf, 0, 32);
	ASSERT_EQ(tl_crc32c(0, buf, 32), 0x8a9136aau, "32 bytes of zeros");
	memset(buf, 0xff, 32);
	ASSERT_EQ(tl_crc32c(0, buf, 32), 0x62a8ab43u, "32 bytes of 0xff");
	for (i = 0; i < 32; i++)
		buf[i] = (uint8_t)i;
	ASSERT_EQ(tl_crc32c(0, buf, 32), 0x46dd794eu, "32 incrementing bytes");
	for (i = 0; i < 32; i++)
		buf[i] = (uint8_t)(31 - i);
	ASSERT_EQ(tl_crc32c(0, buf, 32), 0x113fdb5cu, "32 decrementing bytes");
	ASSERT_EQ(tl_crc32c(0, scsi_read, sizeof(scsi_read)), 0xd9963a56u,
		  "iSCSI SCSI Read (10) command PDU");
}

static void test_check_value(void)
{
	/* The catalogue check value of CRC-32C (iSCSI). */
	ASSERT_EQ(tl_crc32c(0, "123456789", 9), 0xe3069283u, "check value");
	ASSERT_EQ(tl_crc32c_sw(0, "123456789", 9), 0xe3069283u, "tables");
	ASSERT_EQ(tl_crc32c(0, "", 0), 0, "empty input");
	ASSERT_EQ(tl_crc32c(0x12345678u, "", 0), 0x12345678u,
		  "empty input keeps the running value");
}

static void test_chaining_and_alignment(void)
{
	uint8_t *buf = malloc(4096 + 16);
	uint32_t whole, c;
	size_t off, len, cut;

	srand(42);
	for (size_t i = 0; i < 4096 + 16; i++)
		buf[i] = (uint8_t)rand();
	for (off = 0; off < 9; off++) {
		for (len = 0; len < 300; len += 7) {
			whole = tl_crc32c(0, buf + off, len);
			if (!ASSERT_EQ(whole, crc32c_ref(buf + off, len),
				       "tl_crc32c equals the bitwise reference") ||
			    !ASSERT_EQ(tl_crc32c_sw(0, buf + off, len), whole,
				       "slicing-by-8 equals tl_crc32c"))
				goto out;
			cut = len / 3;
			c = tl_crc32c(0, buf + off, cut);
			c = tl_crc32c(c, buf + off + cut, len - cut);
			if (!ASSERT_EQ(c, whole, "chained equals whole"))
				goto out;
		}
	}
	ASSERT_EQ(tl_crc32c(0, buf, 4096), crc32c_ref(buf, 4096),
		  "4 KiB block");
out:
	free(buf);
}

int main(void)
{
	RUN_TEST(test_rfc3720_vectors);
	RUN_TEST(test_check_value);
	RUN_TEST(test_chaining_and_alignment);
	return TEST_EXIT();
}
