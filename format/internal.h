/* SPDX-License-Identifier: MIT */
/*
 * internal.h - helpers shared by libtlz's modules and by the tools: logging
 * through the tl_set_print() callback, overflow-checked allocation, number
 * and size parsing. Not part of the public API (tl.h).
 */
#ifndef TL_INTERNAL_H
#define TL_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "tl.h"

__attribute__((format(printf, 2, 3)))
void tl_print(enum tl_print_level level, const char *fmt, ...);

#define pr_warn(fmt, ...)  tl_print(TL_WARN, "libtlz: " fmt, ##__VA_ARGS__)
#define pr_info(fmt, ...)  tl_print(TL_INFO, "libtlz: " fmt, ##__VA_ARGS__)
#define pr_debug(fmt, ...) tl_print(TL_DEBUG, "libtlz: " fmt, ##__VA_ARGS__)

/* realloc(ptr, nmemb * size) with overflow check; NULL + errno=ENOMEM on
 * failure, ptr untouched. Assign to a temporary first. */
void *tl_reallocarray(void *ptr, size_t nmemb, size_t size);

/* Grow *arr (element size `size`) so that it holds at least `need`
 * elements; *cap is updated. 0 or -ENOMEM. */
int tl_grow(void **arr, size_t *cap, size_t need, size_t size);

/* Parse an unsigned decimal (or 0x hex) in [min, max]. 0 or -EINVAL/-ERANGE. */
int tl_parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out);

/* Parse a size with an optional K/M/G suffix (powers of 1024; "KiB",
 * "MiB", "GiB", "k", "m", "g" accepted). 0 or -EINVAL/-ERANGE. */
int tl_parse_size(const char *s, uint64_t min, uint64_t max, uint64_t *out);

/* Parse a duration: "1.5s", "250ms", "10us", "100ns", "2m", "1h"; a bare
 * number is seconds. Result in ns. 0 or -EINVAL/-ERANGE. */
int tl_parse_duration(const char *s, uint64_t *ns);

/* Little-endian loads and stores. */
static inline uint16_t tl_get16(const void *p)
{
	const uint8_t *b = p;
	return (uint16_t)(b[0] | b[1] << 8);
}
static inline uint32_t tl_get32(const void *p)
{
	const uint8_t *b = p;
	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
	       (uint32_t)b[3] << 24;
}
static inline uint64_t tl_get64(const void *p)
{
	const uint8_t *b = p;
	return (uint64_t)tl_get32(b) | (uint64_t)tl_get32(b + 4) << 32;
}
static inline void tl_put16(void *p, uint16_t v)
{
	uint8_t *b = p;
	b[0] = (uint8_t)v;
	b[1] = (uint8_t)(v >> 8);
}
static inline void tl_put32(void *p, uint32_t v)
{
	uint8_t *b = p;
	b[0] = (uint8_t)v;
	b[1] = (uint8_t)(v >> 8);
	b[2] = (uint8_t)(v >> 16);
	b[3] = (uint8_t)(v >> 24);
}
static inline void tl_put64(void *p, uint64_t v)
{
	tl_put32(p, (uint32_t)v);
	tl_put32((uint8_t *)p + 4, (uint32_t)(v >> 32));
}

#endif /* TL_INTERNAL_H */
