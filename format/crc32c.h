/* SPDX-License-Identifier: MIT */
/*
 * crc32c.h - CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), the
 * checksum of every .tlz chunk header, payload and footer (FORMAT.md §3.3).
 */
#ifndef TL_CRC32C_H
#define TL_CRC32C_H

#include <stddef.h>
#include <stdint.h>

/* CRC-32C of buf[0..len) continuing from `crc` (0 to start): the usual
 * pre- and post-inversion are done inside, so
 * tl_crc32c(tl_crc32c(0, a, n), b, m) == CRC of a||b. Thread-safe. */
uint32_t tl_crc32c(uint32_t crc, const void *buf, size_t len);

/* The same with the portable tables only (the hardware path is compared
 * against it in tests). */
uint32_t tl_crc32c_sw(uint32_t crc, const void *buf, size_t len);

#endif /* TL_CRC32C_H */
