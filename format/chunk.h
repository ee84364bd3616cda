/* SPDX-License-Identifier: MIT */
/*
 * chunk.h - on-disk framing of .tlz files, shared by writer.c and
 * reader.c: the file header (FORMAT.md §2.1), the chunk header (§3.1),
 * the RING chunk header (§6.1), the INDEX entries and the footer (§7).
 * The encode/decode helpers only convert between bytes and structs; the
 * callers check the rules.
 */
#ifndef TL_CHUNK_H
#define TL_CHUNK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tl.h"

/* §2.1 file header */
#define TL_FILE_MAGIC		"\x89TLZ\r\n\x1a\n"
#define TL_FILE_MAGIC_LEN	8
#define TL_FILE_HDR_SIZE	32u
#define TL_FILE_HDR_MAX		4096u	/* §3.5: header_size bound */

/* §3.1 chunk header */
#define TL_CHUNK_SYNC		"TLZCHNK\0"
#define TL_CHUNK_SYNC_LEN	8
#define TL_CHUNK_HDR_SIZE	48u
#define TL_CHUNK_HDR_CRC_OFF	44u	/* header CRC covers bytes 0..43 */
#define TL_CHUNK_ALIGN		8u

/* §3.5 bounds */
#define TL_MAX_CHUNK		(64u << 20)	/* stored_len, raw_len, max_chunk */
#define TL_PAD8(n)		(((n) + 7u) & ~(uint64_t)7)

/* §6.1 RING chunk payload header */
#define TL_RING_HDR_SIZE	48u
#define TL_RING_HDR_MAX		4096u
#define TL_RING_MAX_BLOCKS	1024u
#define TL_RING_MIN_BLOCK	4096u
#define TL_RING_MAX_BLOCK	(1u << 20)

/* §7.1 INDEX entries */
#define TL_INDEX_ENTRY_SIZE	40u

/* §7.2 footer */
#define TL_FOOTER_MAGIC		"TLZFOOT\0"
#define TL_FOOTER_SIZE		32u

struct tl_file_hdr {
	uint16_t major, minor;
	uint32_t header_size;
	uint32_t flags;
	uint32_t max_chunk;
	uint64_t file_id;
};

struct tl_chunk_hdr {
	uint32_t type;		/* with TL_CHUNK_CRITICAL */
	uint8_t codec;
	uint8_t reserved8;
	uint16_t reserved16;
	uint64_t stored_len;
	uint64_t raw_len;
	uint64_t file_id;
	uint32_t payload_crc;
	uint32_t header_crc;
};

struct tl_footer {
	uint64_t index_offset;
	uint64_t file_size;
	uint32_t index_crc;
	uint32_t footer_crc;
};

void tl_file_hdr_encode(void *buf, const struct tl_file_hdr *h);
/* Fills h from 32 bytes; returns false when the magic is wrong. */
bool tl_file_hdr_decode(const void *buf, struct tl_file_hdr *h);

/* Encodes h, computing header_crc (h->header_crc is ignored). */
void tl_chunk_hdr_encode(void *buf, const struct tl_chunk_hdr *h);
/* Fills h from 48 bytes; returns true when the sync marker and the header
 * CRC are right (§3.1, §3.3). Does not check the other rules. */
bool tl_chunk_hdr_decode(const void *buf, struct tl_chunk_hdr *h);

void tl_footer_encode(void *buf, const struct tl_footer *f);
/* true when the magic and the footer CRC are right (§7.2). */
bool tl_footer_decode(const void *buf, struct tl_footer *f);

const char *tl_chunk_type_name(uint32_t type);	/* without critical bit */

#endif /* TL_CHUNK_H */
