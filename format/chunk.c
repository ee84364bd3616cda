// SPDX-License-Identifier: MIT
/*
 * chunk.c - byte-level encode/decode of the file header, chunk header and
 * footer (FORMAT.md §2.1, §3.1, §7.2). All integers little-endian (§1.1).
 */
#include <string.h>

#include "chunk.h"
#include "crc32c.h"
#include "internal.h"

void tl_file_hdr_encode(void *buf, const struct tl_file_hdr *h)
{
	uint8_t *b = buf;

	memcpy(b, TL_FILE_MAGIC, TL_FILE_MAGIC_LEN);
	tl_put16(b + 8, h->major);
	tl_put16(b + 10, h->minor);
	tl_put32(b + 12, h->header_size);
	tl_put32(b + 16, h->flags);
	tl_put32(b + 20, h->max_chunk);
	tl_put64(b + 24, h->file_id);
}

bool tl_file_hdr_decode(const void *buf, struct tl_file_hdr *h)
{
	const uint8_t *b = buf;

	h->major = tl_get16(b + 8);
	h->minor = tl_get16(b + 10);
	h->header_size = tl_get32(b + 12);
	h->flags = tl_get32(b + 16);
	h->max_chunk = tl_get32(b + 20);
	h->file_id = tl_get64(b + 24);
	return memcmp(b, TL_FILE_MAGIC, TL_FILE_MAGIC_LEN) == 0;
}

void tl_chunk_hdr_encode(void *buf, const struct tl_chunk_hdr *h)
{
	uint8_t *b = buf;

	memcpy(b, TL_CHUNK_SYNC, TL_CHUNK_SYNC_LEN);
	tl_put32(b + 8, h->type);
	b[12] = h->codec;
	b[13] = h->reserved8;
	tl_put16(b + 14, h->reserved16);
	tl_put64(b + 16, h->stored_len);
	tl_put64(b + 24, h->raw_len);
	tl_put64(b + 32, h->file_id);
	tl_put32(b + 40, h->payload_crc);
	tl_put32(b + 44, tl_crc32c(0, b, TL_CHUNK_HDR_CRC_OFF));
}

bool tl_chunk_hdr_decode(const void *buf, struct tl_chunk_hdr *h)
{
	const uint8_t *b = buf;

	h->type = tl_get32(b + 8);
	h->codec = b[12];
	h->reserved8 = b[13];
	h->reserved16 = tl_get16(b + 14);
	h->stored_len = tl_get64(b + 16);
	h->raw_len = tl_get64(b + 24);
	h->file_id = tl_get64(b + 32);
	h->payload_crc = tl_get32(b + 40);
	h->header_crc = tl_get32(b + 44);
	if (memcmp(b, TL_CHUNK_SYNC, TL_CHUNK_SYNC_LEN) != 0)
		return false;
	return tl_crc32c(0, b, TL_CHUNK_HDR_CRC_OFF) == h->header_crc;
}

void tl_footer_encode(void *buf, const struct tl_footer *f)
{
	uint8_t *b = buf;

	tl_put64(b, f->index_offset);
	tl_put64(b + 8, f->file_size);
	tl_put32(b + 16, f->index_crc);
	tl_put32(b + 20, tl_crc32c(0, b, 20));
	memcpy(b + 24, TL_FOOTER_MAGIC, 8);
}

bool tl_footer_decode(const void *buf, struct tl_footer *f)
{
	const uint8_t *b = buf;

	f->index_offset = tl_get64(b);
	f->file_size = tl_get64(b + 8);
	f->index_crc = tl_get32(b + 16);
	f->footer_crc = tl_get32(b + 20);
	if (memcmp(b + 24, TL_FOOTER_MAGIC, 8) != 0)
		return false;
	return tl_crc32c(0, b, 20) == f->footer_crc;
}

const char *tl_chunk_type_name(uint32_t type)
{
	switch (type & ~TL_CHUNK_CRITICAL) {
	case TL_CHUNK_MACHINE:	return "MACHINE";
	case TL_CHUNK_SYSTABLE:	return "SYSTABLE";
	case TL_CHUNK_TRACE:	return "TRACE";
	case TL_CHUNK_PROCS:	return "PROCS";
	case TL_CHUNK_RING:	return "RING";
	case TL_CHUNK_INDEX:	return "INDEX";
	case TL_CHUNK_RING_DELTA: return "RING_DELTA";
	default:		return "unknown";
	}
}
