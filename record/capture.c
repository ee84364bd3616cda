// SPDX-License-Identifier: MIT
/*
 * capture.c - the in-kernel capture table (see capture.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture.h"

static uint16_t min16(uint32_t a, uint32_t b)
{
	return (uint16_t)(a < b ? a : b);
}

/*
 * An argument the call reads and writes back: spec[0] (the enter capture,
 * set up by the caller) again at exit as exit_kind. The enter one is not
 * read again at exit when it faults: that would see the call's result.
 */
static int in_out(struct tlr_capt_spec spec[2], uint8_t exit_kind)
{
	spec[0].flags |= TLR_CS_NORETRY;
	spec[1] = spec[0];
	spec[1].kind = exit_kind;
	return 2;
}

int tlr_capture_arg(const struct tl_sysarg *a, uint8_t idx,
		    const struct tlr_capture_opts *o,
		    struct tlr_capt_spec spec[2])
{
	struct tlr_capt_spec *s = &spec[0];
	uint32_t snap = o->snaplen;
	bool has_len = a->len_arg >= 0 && a->len_arg < 6;

	memset(s, 0, sizeof(*s));
	s->arg = idx;
	s->len_arg = has_len ? (uint8_t)a->len_arg : 0;
	s->size = a->size;
	switch (a->kind) {
	case TL_ARG_STR:
		s->kind = TLR_K_STR;
		s->max = min16(snap, TL_MAX_STR);
		break;
	case TL_ARG_PATH:
		s->kind = TLR_K_STR;
		s->max = TL_MAX_STR;
		break;
	case TL_ARG_STR_OUT:
		s->kind = TLR_K_X_STR;
		s->max = TL_MAX_STR;
		break;
	case TL_ARG_BUF_IN:
		if (!has_len)
			return 0;
		s->kind = o->no_data ? TLR_K_LEN_ARG : TLR_K_BUF_ARG;
		s->max = o->no_data ? 0 : min16(snap, TL_MAX_SNAPLEN);
		break;
	case TL_ARG_BUF_OUT:
		s->kind = o->no_data ? TLR_K_X_LEN_RET : TLR_K_X_BUF_RET;
		s->max = o->no_data ? 0 : min16(snap, TL_MAX_SNAPLEN);
		break;
	case TL_ARG_STRUCT_IN:
		/* with len_arg: the caller says how much (clone3, openat2) */
		if (!a->size)
			return 0;
		s->kind = has_len ? TLR_K_BUF_ARG : TLR_K_BUF_SIZE;
		s->max = min16(a->size, TL_MAX_SNAPLEN);
		break;
	case TL_ARG_STRUCT_INOUT:
		/* the value as passed, and as the call left it */
		if (!a->size)
			return 0;
		s->kind = TLR_K_BUF_SIZE;
		s->max = min16(a->size, TL_MAX_SNAPLEN);
		return in_out(spec, TLR_K_X_BUF_SIZE);
	case TL_ARG_FDSET_INOUT:
		/* up to FD_SETSIZE (1024) bits: more is cut (TRUNC) */
		if (!has_len)
			return 0;
		s->kind = TLR_K_FDSET;
		s->max = 128;
		return in_out(spec, TLR_K_X_FDSET);
	case TL_ARG_STRUCT_OUT:
		if (!a->size)
			return 0;
		s->kind = has_len ? TLR_K_X_BUF_ARG : TLR_K_X_BUF_SIZE;
		s->max = min16(a->size, TL_MAX_SNAPLEN);
		break;
	case TL_ARG_SOCKADDR_IN:
		if (!has_len)
			return 0;
		s->kind = TLR_K_BUF_ARG;
		s->max = TLR_SOCKADDR_MAX;
		break;
	case TL_ARG_SOCKADDR_OUT:
		if (!has_len)
			return 0;
		s->kind = TLR_K_X_BUF_PLEN;
		s->max = TLR_SOCKADDR_MAX;
		break;
	case TL_ARG_ARGV:
		s->kind = TLR_K_ARGV;
		/* 16 x snaplen, within [1 KiB, TL_MAX_ARGV_BYTES]: 4 KiB by default */
		s->max = (uint16_t)(snap * 16 < 1024 ? 1024 :
				    snap * 16 > TL_MAX_ARGV_BYTES ?
				    TL_MAX_ARGV_BYTES : snap * 16);
		break;
	case TL_ARG_ENVP:
		s->kind = TLR_K_COUNT;
		break;
	case TL_ARG_ARRAY_IN:
	case TL_ARG_IOV_IN:
		/* the array itself (iovec: bases and lengths) */
		if (!has_len || !a->size)
			return 0;
		s->kind = TLR_K_BUF_ARGN;
		s->max = min16(snap, TL_MAX_SNAPLEN);
		break;
	case TL_ARG_IOV_OUT:
		if (!has_len || !a->size)
			return 0;
		s->kind = TLR_K_X_BUF_ARGN;
		s->max = min16(snap, TL_MAX_SNAPLEN);
		break;
	case TL_ARG_ARRAY_OUT:
		if (!a->size)
			return 0;
		s->kind = o->no_data ? TLR_K_X_LEN_RETN : TLR_K_X_BUF_RETN;
		s->max = o->no_data ? 0 : min16(snap, TL_MAX_SNAPLEN);
		break;
	case TL_ARG_ARRAY_INOUT:
		/* the array as passed, and as the call left it (poll's revents);
		 * like ARRAY_IN, kept with --no-data (descriptors and flags,
		 * not payload) */
		if (!has_len || !a->size)
			return 0;
		s->kind = TLR_K_BUF_ARGN;
		s->max = min16(snap, TL_MAX_SNAPLEN);
		return in_out(spec, TLR_K_X_BUF_ARGN);
	case TL_ARG_BUF_OUT_PLEN:
		/* an option's value, not payload: kept with --no-data */
		if (!has_len)
			return 0;
		s->kind = TLR_K_X_BUF_PLEN;
		s->max = min16(snap, TL_MAX_SNAPLEN);
		break;
	case TL_ARG_IOCTL_ARG:
		/* the request decides which one reads, and how much (at most
		 * a struct winsize); the values are not payload: kept with
		 * --no-data */
		s->kind = TLR_K_IOCTL;
		s->max = 8;
		return in_out(spec, TLR_K_X_IOCTL);
	default:
		return 0;
	}
	return 1;
}

uint32_t tlr_capture_worst(const struct tlr_capt_spec *s)
{
	uint32_t data;

	switch (s->kind) {
	case TLR_K_STR:
	case TLR_K_X_STR:
		data = s->max + 1u;	/* the NUL is written too */
		break;
	case TLR_K_COUNT:
	case TLR_K_LEN_ARG:
	case TLR_K_LEN_ARGN:
	case TLR_K_X_LEN_RET:
	case TLR_K_X_LEN_RETN:
		data = 0;
		break;
	case TLR_K_NONE:
		return 0;
	default:
		data = s->max;
		break;
	}
	return (uint32_t)sizeof(struct tl_capt) + TL_CAPT_ALIGN(data);
}

static void build_sc(const struct tl_syscall *c, const struct tlr_capture_opts *o,
		     struct tlr_sc *sc)
{
	struct tlr_capt_spec en[6], ex[6];	/* one of each per argument */
	uint32_t ne = 0, nx = 0, i, w_en, w_ex;

	for (i = 0; i < c->nargs && i < 6; i++) {
		struct tlr_capt_spec s[2];
		int k, n = tlr_capture_arg(&c->args[i], (uint8_t)i, o, s);

		for (k = 0; k < n; k++) {
			if (s[k].kind >= TLR_K_FIRST_EXIT) {
				if (nx < 6)
					ex[nx++] = s[k];
			} else if (ne < 6) {
				en[ne++] = s[k];
			}
		}
	}
	_Static_assert(TLR_SC_NCAPT >= 12, "an enter and an exit capture per argument");
	w_en = sizeof(struct tl_rec_sys_enter);
	w_ex = sizeof(struct tl_rec_sys_exit);
	sc->nenter = (uint8_t)ne;
	sc->nexit = (uint8_t)nx;
	sc->flags |= TLR_SC_KNOWN;
	sc->nargs = c->nargs < 6 ? c->nargs : 6;
	for (i = 0; i < ne; i++) {
		sc->c[i] = en[i];
		w_en += tlr_capture_worst(&en[i]);
	}
	for (i = 0; i < nx; i++) {
		sc->c[ne + i] = ex[i];
		w_ex += tlr_capture_worst(&ex[i]);
	}
	sc->w_enter = (uint16_t)w_en;
	sc->w_exit = (uint16_t)w_ex;
	/* enter captures that fault are read again at exit (retry), except
	 * those of arguments the call writes back */
	for (i = 0; i < ne; i++) {
		if ((en[i].kind == TLR_K_STR || en[i].kind == TLR_K_BUF_ARG ||
		     en[i].kind == TLR_K_BUF_SIZE || en[i].kind == TLR_K_BUF_ARGN) &&
		    !(en[i].flags & TLR_CS_NORETRY)) {
			sc->flags |= TLR_SC_RETRY;
			sc->w_retry = (uint16_t)(sc->w_retry +
						 tlr_capture_worst(&en[i]));
		}
		if (en[i].kind == TLR_K_ARGV)
			sc->flags |= TLR_SC_EXEC;
	}
}

/* Marks `name` traced in every table; returns how many entries matched. */
static int mark(struct tlr_sc *tab, const struct tl_systable *const *tables,
		const char *name)
{
	int abi, hits = 0;

	for (abi = 0; abi < TLR_NABI; abi++) {
		const struct tl_syscall *c;

		if (!tables[abi])
			continue;
		c = tl_systable__find(tables[abi], name);
		if (!c || c->nr >= TLR_NR_MAX)
			continue;
		tab[abi * TLR_NR_MAX + c->nr].flags |= TLR_SC_TRACED;
		hits++;
	}
	return hits;
}

int tlr_capture_build(const struct tlr_capture_opts *o, struct tlr_sc *tab,
		      char *err, size_t errlen)
{
	const struct tl_systable *tables[TLR_NABI];
	bool filter = o->filter && *o->filter;
	int abi, found = 0;
	char *list = NULL, *tok, *save = NULL;

	if (err && errlen)
		err[0] = '\0';
	if (o->snaplen < 1 || o->snaplen > TL_MAX_SNAPLEN) {
		if (err)
			snprintf(err, errlen, "snap length %u not in 1..%u",
				 o->snaplen, TL_MAX_SNAPLEN);
		return -EINVAL;
	}
	memset(tab, 0, sizeof(*tab) * TLR_SCTAB_LEN);
	for (abi = 0; abi < TLR_NABI; abi++) {
		const struct tl_systable *t = o->tables[abi];
		uint32_t i;

		if (!t && abi != TL_ABI_UNKNOWN)
			t = tl_systable_builtin(abi);
		if (t && t->abi != abi)
			t = NULL;
		tables[abi] = t;
		if (!t)
			continue;
		found++;
		for (i = 0; i < t->count; i++) {
			const struct tl_syscall *c = &t->calls[i];

			if (c->nr >= TLR_NR_MAX)
				continue;
			build_sc(c, o, &tab[abi * TLR_NR_MAX + c->nr]);
			if (!filter)
				tab[abi * TLR_NR_MAX + c->nr].flags |= TLR_SC_TRACED;
		}
	}
	if (!found) {
		if (err)
			snprintf(err, errlen, "no syscall table for this machine");
		return -ENOENT;
	}
	if (!filter)
		return 0;
	list = strdup(o->filter);
	if (!list)
		return -ENOMEM;
	for (tok = strtok_r(list, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		while (*tok == ' ')
			tok++;
		if (!*tok)
			continue;
		if (!mark(tab, tables, tok)) {
			if (err)
				snprintf(err, errlen, "unknown syscall '%s'", tok);
			free(list);
			return -EINVAL;
		}
	}
	free(list);
	return 0;
}
