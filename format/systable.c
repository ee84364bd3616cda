/* SPDX-License-Identifier: MIT */
/*
 * systable.c - lookups in the syscall tables: the compiled-in ones
 * (systable_<arch>.c, generated) and the ones read from .tlz files.
 * Lookup by number is O(1) through the table's by_nr index when it has
 * one, binary search otherwise; lookup by name is a linear scan.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/types.h>

#include "systable.h"
#include "tl_record.h"

extern const struct tl_systable tl_systable_x86_64;
extern const struct tl_systable tl_systable_i386;
extern const struct tl_systable tl_systable_aarch64;

const struct tl_systable *tl_systable_builtin(int abi)
{
	switch (abi) {
	case TL_ABI_X86_64:
		return &tl_systable_x86_64;
	case TL_ABI_I386:
		return &tl_systable_i386;
	case TL_ABI_AARCH64:
		return &tl_systable_aarch64;
	default:
		return NULL;
	}
}

const struct tl_syscall *tl_systable__lookup(const struct tl_systable *t,
					     unsigned int nr)
{
	size_t lo, hi;

	if (!t || !t->calls)
		return NULL;
	if (t->by_nr) {
		unsigned int i;

		if (nr > t->nr_max)
			return NULL;
		i = t->by_nr[nr];
		if (!i || i > t->count)
			return NULL;
		return &t->calls[i - 1];
	}
	lo = 0;
	hi = t->count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		unsigned int m = t->calls[mid].nr;

		if (m == nr)
			return &t->calls[mid];
		if (m < nr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const struct tl_syscall *tl_systable__find(const struct tl_systable *t,
					   const char *name)
{
	uint32_t i;

	if (!t || !t->calls || !name)
		return NULL;
	for (i = 0; i < t->count; i++)
		if (t->calls[i].name && strcmp(t->calls[i].name, name) == 0)
			return &t->calls[i];
	return NULL;
}

size_t tl_systable__index_len(const struct tl_systable *t)
{
	if (!t || !t->count || !t->calls)
		return 1;
	return (size_t)t->calls[t->count - 1].nr + 1;
}

int tl_systable__build_index(struct tl_systable *t, uint16_t *idx, size_t n)
{
	uint32_t i;

	if (!t || !idx || (t->count && !t->calls) || t->count > UINT16_MAX - 1 ||
	    n < tl_systable__index_len(t))
		return -EINVAL;
	for (i = 1; i < t->count; i++)
		if (t->calls[i].nr <= t->calls[i - 1].nr)
			return -EINVAL;
	memset(idx, 0, n * sizeof(*idx));
	for (i = 0; i < t->count; i++)
		idx[t->calls[i].nr] = (uint16_t)(i + 1);
	t->by_nr = idx;
	t->nr_max = (uint32_t)(tl_systable__index_len(t) - 1);
	return 0;
}

uint16_t *tl_systable__make_index(struct tl_systable *t)
{
	uint16_t *idx;
	size_t n;
	int err;

	if (!t) {
		errno = EINVAL;
		return NULL;
	}
	n = tl_systable__index_len(t);
	idx = calloc(n, sizeof(*idx));
	if (!idx) {
		errno = ENOMEM;
		return NULL;
	}
	err = tl_systable__build_index(t, idx, n);
	if (err) {
		free(idx);
		errno = -err;
		return NULL;
	}
	return idx;
}

int tl_systable__validate(const struct tl_systable *t)
{
	uint32_t i;
	int j;

	if (!t || (t->count && !t->calls))
		return -EBADMSG;
	for (i = 0; i < t->count; i++) {
		const struct tl_syscall *sc = &t->calls[i];

		if (i && sc->nr <= t->calls[i - 1].nr)
			return -EBADMSG;
		if (!sc->name || !sc->name[0] || sc->nargs > 6)
			return -EBADMSG;
		for (j = 0; j < sc->nargs; j++) {
			const struct tl_sysarg *a = &sc->args[j];

			if (a->len_arg < -1 || a->len_arg >= sc->nargs)
				return -EBADMSG;
		}
	}
	if (t->by_nr) {
		for (i = 0; i < t->count; i++) {
			unsigned int nr = t->calls[i].nr;

			if (nr > t->nr_max || t->by_nr[nr] != i + 1)
				return -EBADMSG;
		}
	}
	return 0;
}

static const char *const kind_names[TL_ARG_KIND_MAX] = {
	[TL_ARG_INT] = "INT",
	[TL_ARG_UINT] = "UINT",
	[TL_ARG_HEX] = "HEX",
	[TL_ARG_FD] = "FD",
	[TL_ARG_DIRFD] = "DIRFD",
	[TL_ARG_PTR] = "PTR",
	[TL_ARG_STR] = "STR",
	[TL_ARG_PATH] = "PATH",
	[TL_ARG_BUF_IN] = "BUF_IN",
	[TL_ARG_BUF_OUT] = "BUF_OUT",
	[TL_ARG_STRUCT_IN] = "STRUCT_IN",
	[TL_ARG_STRUCT_OUT] = "STRUCT_OUT",
	[TL_ARG_SOCKADDR_IN] = "SOCKADDR_IN",
	[TL_ARG_SOCKADDR_OUT] = "SOCKADDR_OUT",
	[TL_ARG_ARGV] = "ARGV",
	[TL_ARG_ENVP] = "ENVP",
	[TL_ARG_FLAGS] = "FLAGS",
	[TL_ARG_ENUM] = "ENUM",
	[TL_ARG_MODE] = "MODE",
	[TL_ARG_SIGNAL] = "SIGNAL",
	[TL_ARG_PID] = "PID",
	[TL_ARG_UID] = "UID",
	[TL_ARG_IOV_IN] = "IOV_IN",
	[TL_ARG_IOV_OUT] = "IOV_OUT",
	[TL_ARG_ARRAY_IN] = "ARRAY_IN",
	[TL_ARG_ARRAY_OUT] = "ARRAY_OUT",
	[TL_ARG_STR_OUT] = "STR_OUT",
	[TL_ARG_ARRAY_INOUT] = "ARRAY_INOUT",
	[TL_ARG_BUF_OUT_PLEN] = "BUF_OUT_PLEN",
	[TL_ARG_STRUCT_INOUT] = "STRUCT_INOUT",
	[TL_ARG_IOCTL_ARG] = "IOCTL_ARG",
	[TL_ARG_FDSET_INOUT] = "FDSET_INOUT",
};

unsigned int tl_arg_kind_reads(unsigned int kind)
{
	enum { E = TL_ARGR_ENTER, X = TL_ARGR_EXIT };
	static const uint8_t reads[TL_ARG_KIND_MAX] = {
		[TL_ARG_STR] = E, [TL_ARG_PATH] = E, [TL_ARG_BUF_IN] = E,
		[TL_ARG_STRUCT_IN] = E, [TL_ARG_SOCKADDR_IN] = E,
		[TL_ARG_ARGV] = E, [TL_ARG_ENVP] = E, [TL_ARG_IOV_IN] = E,
		[TL_ARG_ARRAY_IN] = E,
		[TL_ARG_BUF_OUT] = X, [TL_ARG_STRUCT_OUT] = X,
		[TL_ARG_SOCKADDR_OUT] = X, [TL_ARG_IOV_OUT] = X,
		[TL_ARG_ARRAY_OUT] = X, [TL_ARG_STR_OUT] = X,
		[TL_ARG_BUF_OUT_PLEN] = X,
		[TL_ARG_ARRAY_INOUT] = E | X, [TL_ARG_STRUCT_INOUT] = E | X,
		[TL_ARG_FDSET_INOUT] = E | X, [TL_ARG_IOCTL_ARG] = E | X,
	};

	return kind < TL_ARG_KIND_MAX ? reads[kind] : 0;
}

const char *tl_arg_kind_name(unsigned int kind)
{
	if (kind >= TL_ARG_KIND_MAX || !kind_names[kind])
		return "?";
	return kind_names[kind];
}

uint32_t tl_sysclass_from_name(const char *name)
{
	static const struct {
		const char *name;
		uint32_t bit;
	} classes[] = {
		{ "file", TL_SC_FILE },
		{ "desc", TL_SC_DESC },
		{ "process", TL_SC_PROCESS },
		{ "network", TL_SC_NETWORK },
		{ "net", TL_SC_NETWORK },
		{ "signal", TL_SC_SIGNAL },
		{ "ipc", TL_SC_IPC },
		{ "memory", TL_SC_MEMORY },
		{ "stat", TL_SC_STAT },
		{ "creds", TL_SC_CREDS },
		{ "clock", TL_SC_CLOCK },
	};
	size_t i;

	if (!name)
		return 0;
	if (name[0] == '%')
		name++;
	for (i = 0; i < sizeof(classes) / sizeof(classes[0]); i++)
		if (strcmp(classes[i].name, name) == 0)
			return classes[i].bit;
	return 0;
}
