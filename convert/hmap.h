/* SPDX-License-Identifier: MIT */
/*
 * hmap.h - a small open-addressing hash map from non-zero u64 keys to u64
 * values (linear probing, backward-shift deletion), for the per-thread and
 * per-syscall-table caches of the emitters. Grows by doubling; lookups and
 * updates allocate nothing once the map has reached its working size.
 */
#ifndef TL_CONVERT_HMAP_H
#define TL_CONVERT_HMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct hmap {
	uint64_t *keys;		/* 0 = empty slot */
	uint64_t *vals;
	size_t cap;		/* power of two, or 0 */
	size_t n;
};

/* Value of key, or NULL. The pointer is valid until the next change. */
uint64_t *hmap_get(const struct hmap *m, uint64_t key);
/* Inserts or replaces; 0 or -ENOMEM. key must not be 0. */
int hmap_put(struct hmap *m, uint64_t key, uint64_t val);
/* Removes key if present; returns whether it was. */
bool hmap_del(struct hmap *m, uint64_t key);
void hmap_release(struct hmap *m);

#endif /* TL_CONVERT_HMAP_H */
