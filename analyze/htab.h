/* SPDX-License-Identifier: MIT */
/*
 * htab.h - a small intrusive chained hash table for tl-analyze's
 * aggregates (per process, per path, per syscall+errno ...). The caller
 * embeds a struct ana_hnode in its own entries, computes the hash and
 * compares keys itself; the table only links nodes.
 *
 * Ownership: the table owns its bucket array only; entries belong to the
 * caller, who frees them (e.g. by walking ana_htab__for_each) before
 * ana_htab_release().
 */
#ifndef TL_ANA_HTAB_H
#define TL_ANA_HTAB_H

#include <stddef.h>
#include <stdint.h>

struct ana_hnode {
	struct ana_hnode *next;
	uint64_t hash;
};

struct ana_htab {
	struct ana_hnode **b;
	size_t nb;		/* buckets, a power of two (0 before first add) */
	size_t n;		/* entries */
};

void ana_htab_init(struct ana_htab *h);
void ana_htab_release(struct ana_htab *h);

/* Links `node` with `hash` (duplicates allowed). 0 or -ENOMEM. */
int ana_htab__add(struct ana_htab *h, struct ana_hnode *node, uint64_t hash);

/* First entry with this hash for which eq(node, key) is true, or NULL. */
struct ana_hnode *ana_htab__find(const struct ana_htab *h, uint64_t hash,
				 int (*eq)(const struct ana_hnode *n,
					   const void *key),
				 const void *key);

/* Unlinks `node` (which must be in the table). */
void ana_htab__del(struct ana_htab *h, struct ana_hnode *node);

/* Every entry, in no particular order, into a new array of n pointers
 * (caller frees). NULL with errno=ENOMEM, or NULL with *n = 0 if empty. */
struct ana_hnode **ana_htab__list(const struct ana_htab *h, size_t *n);

/* Hash helpers (FNV-1a 64 and a 64-bit mixer). */
uint64_t ana_hash_bytes(uint64_t h, const void *p, size_t len);
uint64_t ana_hash_str(uint64_t h, const char *s);
uint64_t ana_hash_u64(uint64_t h, uint64_t v);
#define ANA_HASH_SEED 0xcbf29ce484222325ull

#define ana_container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))

#endif /* TL_ANA_HTAB_H */
