// SPDX-License-Identifier: MIT
/*
 * htab.c - intrusive chained hash table (see htab.h). Grows by doubling
 * when the load passes 1; never shrinks.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "htab.h"

void ana_htab_init(struct ana_htab *h)
{
	memset(h, 0, sizeof(*h));
}

void ana_htab_release(struct ana_htab *h)
{
	if (!h)
		return;
	free(h->b);
	memset(h, 0, sizeof(*h));
}

static int grow(struct ana_htab *h)
{
	size_t nb = h->nb ? h->nb * 2 : 64, i;
	struct ana_hnode **b;

	if (nb > SIZE_MAX / sizeof(*b))
		return -ENOMEM;
	b = calloc(nb, sizeof(*b));
	if (!b)
		return -ENOMEM;
	for (i = 0; i < h->nb; i++) {
		struct ana_hnode *n = h->b[i], *next;

		for (; n; n = next) {
			next = n->next;
			n->next = b[n->hash & (nb - 1)];
			b[n->hash & (nb - 1)] = n;
		}
	}
	free(h->b);
	h->b = b;
	h->nb = nb;
	return 0;
}

int ana_htab__add(struct ana_htab *h, struct ana_hnode *node, uint64_t hash)
{
	size_t i;

	if (h->n >= h->nb) {
		int err = grow(h);

		if (err)
			return err;
	}
	node->hash = hash;
	i = hash & (h->nb - 1);
	node->next = h->b[i];
	h->b[i] = node;
	h->n++;
	return 0;
}

struct ana_hnode *ana_htab__find(const struct ana_htab *h, uint64_t hash,
				 int (*eq)(const struct ana_hnode *n,
					   const void *key),
				 const void *key)
{
	struct ana_hnode *n;

	if (!h->nb)
		return NULL;
	for (n = h->b[hash & (h->nb - 1)]; n; n = n->next)
		if (n->hash == hash && eq(n, key))
			return n;
	return NULL;
}

void ana_htab__del(struct ana_htab *h, struct ana_hnode *node)
{
	struct ana_hnode **pp;

	if (!h->nb)
		return;
	for (pp = &h->b[node->hash & (h->nb - 1)]; *pp; pp = &(*pp)->next) {
		if (*pp == node) {
			*pp = node->next;
			node->next = NULL;
			h->n--;
			return;
		}
	}
}

struct ana_hnode **ana_htab__list(const struct ana_htab *h, size_t *n)
{
	struct ana_hnode **v, *e;
	size_t i, k = 0;

	*n = 0;
	if (!h->n)
		return NULL;
	v = calloc(h->n, sizeof(*v));
	if (!v) {
		errno = ENOMEM;
		return NULL;
	}
	for (i = 0; i < h->nb; i++)
		for (e = h->b[i]; e; e = e->next)
			v[k++] = e;
	*n = k;
	return v;
}

uint64_t ana_hash_bytes(uint64_t h, const void *p, size_t len)
{
	const unsigned char *b = p;

	while (len--) {
		h ^= *b++;
		h *= 0x100000001b3ull;
	}
	return h;
}

uint64_t ana_hash_str(uint64_t h, const char *s)
{
	h = ana_hash_bytes(h, s ? s : "", s ? strlen(s) : 0);
	/* terminator, so ("ab","c") and ("a","bc") differ */
	h ^= 0xff;
	h *= 0x100000001b3ull;
	return h;
}

uint64_t ana_hash_u64(uint64_t h, uint64_t v)
{
	h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	return h;
}
