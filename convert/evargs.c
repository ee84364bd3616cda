// SPDX-License-Identifier: MIT
/*
 * evargs.c - syscall arguments of decoded events for JSON and SQLite:
 * capture lookup, C-type widths, first path/fd, the args JSON object.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "argfmt.h"
#include "evargs.h"

/* Read at exit only; ioctl's argument (at exit or at enter, by request)
 * shows its exit capture first. */
static bool is_out_kind(int kind)
{
	return tl_arg_kind_reads(kind) == TL_ARGR_EXIT ||
	       kind == TL_ARG_IOCTL_ARG;
}

/* Captured at enter and again at exit: <name> is the value passed,
 * <name>_out the value the call left. */
static bool is_inout_kind(int kind)
{
	return tl_arg_kind_reads(kind) == (TL_ARGR_ENTER | TL_ARGR_EXIT) &&
	       kind != TL_ARG_IOCTL_ARG;
}

const struct tl_capture *evargs_capture(const struct tl_event *ev,
					unsigned int arg)
{
	const struct tl_capture *found = NULL;
	bool want_exit = false;
	uint32_t i;

	if (ev->sc && arg < ev->sc->nargs)
		want_exit = is_out_kind(ev->sc->args[arg].kind);
	for (i = 0; i < ev->ncapt; i++) {
		const struct tl_capture *c = &ev->capt[i];
		bool at_exit = c->flags & TL_CAPTF_EXIT;

		if (c->arg != arg)
			continue;
		if (at_exit == want_exit)
			return c;
		if (!found)
			found = c;
	}
	return found;
}

static bool abi_is_32(int abi)
{
	return abi == TL_ABI_I386 || abi == TL_ABI_ARM;
}

/* Does a declared C type hold 64 bits on a 64-bit ABI? */
static bool type_is_wide(const char *t)
{
	if (!t)
		return true;
	return strchr(t, '*') || strstr(t, "long") || strstr(t, "size_t") ||
	       strstr(t, "off_t") || strstr(t, "64") || strstr(t, "time_t") ||
	       strstr(t, "aio_context_t") || strstr(t, "clock_t") ||
	       strstr(t, "cap_user");
}

bool evargs_value(const struct tl_event *ev, unsigned int i, int64_t *sval,
		  uint64_t *uval)
{
	uint64_t v = i < 6 ? ev->args[i] : 0;
	const struct tl_sysarg *a = NULL;
	bool is_signed = false, narrow = abi_is_32(ev->abi);

	if (ev->sc && i < ev->sc->nargs)
		a = &ev->sc->args[i];
	if (a) {
		switch (a->kind) {
		case TL_ARG_FD:
		case TL_ARG_DIRFD:
		case TL_ARG_PID:
		case TL_ARG_SIGNAL:
			is_signed = true;
			narrow = true;
			break;
		case TL_ARG_UID:
		case TL_ARG_MODE:
			narrow = true;
			break;
		case TL_ARG_INT:
			is_signed = true;
			narrow = narrow || !type_is_wide(a->type);
			break;
		case TL_ARG_UINT:
		case TL_ARG_HEX:
		case TL_ARG_FLAGS:
		case TL_ARG_ENUM:
			narrow = narrow || !type_is_wide(a->type);
			break;
		default:
			break;
		}
	}
	if (narrow) {
		*uval = (uint32_t)v;
		*sval = is_signed ? (int64_t)(int32_t)v : (int64_t)(uint32_t)v;
	} else {
		*uval = v;
		*sval = (int64_t)v;
	}
	return is_signed;
}

bool evargs_path(const struct tl_event *ev, const uint8_t **p, size_t *len)
{
	const struct tl_capture *c;
	int pass, i;

	if (!ev->sc || !(ev->flags & TL_EVF_HAS_ENTER))
		return false;
	for (pass = 0; pass < 2; pass++) {
		int want = pass == 0 ? TL_ARG_PATH : TL_ARG_STR;

		for (i = 0; i < ev->sc->nargs; i++) {
			if (ev->sc->args[i].kind != want)
				continue;
			c = evargs_capture(ev, (unsigned int)i);
			if (!c || (c->kind & TL_CAPT_KIND_MASK) != TL_CAPT_STR ||
			    (c->flags & TL_CAPTF_FAULT))
				continue;
			*p = c->data;
			*len = c->len;
			return true;
		}
	}
	return false;
}

const struct tl_capture *evargs_argv(const struct tl_event *ev)
{
	const struct tl_capture *c;
	int i;

	if (!ev->sc)
		return NULL;
	for (i = 0; i < ev->sc->nargs && i < 6; i++) {
		if (ev->sc->args[i].kind != TL_ARG_ARGV)
			continue;
		c = evargs_capture(ev, (unsigned int)i);
		if (c && (c->kind & TL_CAPT_KIND_MASK) == TL_CAPT_ARGV &&
		    !(c->flags & TL_CAPTF_FAULT))
			return c;
		return NULL;
	}
	return NULL;
}

bool evargs_fd(const struct tl_event *ev, int64_t *fd)
{
	uint64_t u;
	int pass, i;

	if (!ev->sc || !(ev->flags & TL_EVF_HAS_ENTER))
		return false;
	for (pass = 0; pass < 2; pass++) {
		int want = pass == 0 ? TL_ARG_FD : TL_ARG_DIRFD;

		for (i = 0; i < ev->sc->nargs; i++) {
			if (ev->sc->args[i].kind != want)
				continue;
			evargs_value(ev, (unsigned int)i, fd, &u);
			return true;
		}
	}
	return false;
}

/* "<name><suffix>" as a key. */
static void key2(struct jsonw *w, const char *name, const char *suffix)
{
	char k[96];

	snprintf(k, sizeof(k), "%s%s", name, suffix);
	jsonw_key(w, k);
}

void evargs_sockaddr_json(struct jsonw *w, const uint8_t *b, size_t len)
{
	char ip[INET6_ADDRSTRLEN];
	unsigned int fam;

	if (len < 2) {
		jsonw_obj_open(w);
		jsonw_key(w, "hex");
		jsonw_hex(w, b, len);
		jsonw_obj_close(w);
		return;
	}
	fam = (unsigned int)b[0] | (unsigned int)b[1] << 8;
	jsonw_obj_open(w);
	if (fam == 2 && len >= 8) {		/* AF_INET */
		jsonw_kstr(w, "family", "AF_INET");
		inet_ntop(AF_INET, b + 4, ip, sizeof(ip));
		jsonw_kstr(w, "addr", ip);
		jsonw_kuint(w, "port", (unsigned int)b[2] << 8 | b[3]);
	} else if (fam == 10 && len >= 24) {	/* AF_INET6 */
		jsonw_kstr(w, "family", "AF_INET6");
		inet_ntop(AF_INET6, b + 8, ip, sizeof(ip));
		jsonw_kstr(w, "addr", ip);
		jsonw_kuint(w, "port", (unsigned int)b[2] << 8 | b[3]);
	} else if (fam == 1) {			/* AF_UNIX */
		size_t n = 0;

		jsonw_kstr(w, "family", "AF_UNIX");
		if (len > 2 && b[2] == 0 && len > 3) {
			/* abstract socket: name up to len, shown with '@' */
			jsonw_key(w, "abstract");
			jsonw_strn(w, b + 3, len - 3);
		} else {
			while (2 + n < len && b[2 + n])
				n++;
			jsonw_key(w, "path");
			jsonw_strn(w, b + 2, n);
		}
	} else {
		jsonw_kuint(w, "family", fam);
		jsonw_key(w, "hex");
		jsonw_hex(w, b, len);
	}
	jsonw_obj_close(w);
}

static void argv_json(struct jsonw *w, const struct tl_capture *c)
{
	size_t i = 0, start;

	jsonw_arr_open(w);
	while (i < c->len) {
		start = i;
		while (i < c->len && c->data[i])
			i++;
		jsonw_strn(w, c->data + start, i - start);
		i++;		/* the NUL */
	}
	jsonw_arr_close(w);
}

static unsigned int argv_count(const struct tl_capture *c)
{
	unsigned int n = 0;
	size_t i = 0;

	while (i < c->len) {
		while (i < c->len && c->data[i])
			i++;
		n++;
		i++;
	}
	return n;
}

static void int_json(struct jsonw *w, const struct tl_event *ev,
		     unsigned int i)
{
	int64_t s;
	uint64_t u;

	if (evargs_value(ev, i, &s, &u))
		jsonw_int(w, s);
	else
		jsonw_uint(w, u);
}

/* A pointer whose memory the recorder captures. */
static bool is_ptr_kind(int kind)
{
	return tl_arg_kind_reads(kind) != 0;
}

/* Bytes best shown as hex: structs, arrays and option values. */
static bool is_hex_kind(int kind)
{
	return kind == TL_ARG_STRUCT_IN || kind == TL_ARG_STRUCT_OUT ||
	       kind == TL_ARG_ARRAY_IN || kind == TL_ARG_ARRAY_OUT ||
	       kind == TL_ARG_ARRAY_INOUT || kind == TL_ARG_BUF_OUT_PLEN ||
	       kind == TL_ARG_STRUCT_INOUT || kind == TL_ARG_FDSET_INOUT ||
	       kind == TL_ARG_IOCTL_ARG;
}

/* ARRAY_INOUT, STRUCT_INOUT, FDSET_INOUT: the bytes as the call left them,
 * "<name>_out" (the value under <name> is as passed). */
static void inout_json(struct jsonw *w, const struct tl_event *ev,
		       unsigned int i, const char *name)
{
	uint32_t k;

	for (k = 0; k < ev->ncapt; k++) {
		const struct tl_capture *c = &ev->capt[k];

		if (c->arg != i || !(c->flags & TL_CAPTF_EXIT) ||
		    (c->flags & TL_CAPTF_FAULT) ||
		    (c->kind & TL_CAPT_KIND_MASK) != TL_CAPT_BUF)
			continue;
		key2(w, name, "_out");
		jsonw_hex(w, c->data, c->len);
		return;
	}
}

/* One named argument: its key(s) and value(s). */
static void arg_json(struct jsonw *w, const struct tl_event *ev,
		     unsigned int i, const char *name, int kind)
{
	const struct tl_capture *c = NULL;
	unsigned int ck;

	if (is_ptr_kind(kind))
		c = evargs_capture(ev, i);
	if (!c) {
		jsonw_key(w, name);
		/* ioctl's argument is an integer for some requests: 0 is 0 */
		if (is_ptr_kind(kind) && kind != TL_ARG_IOCTL_ARG &&
		    ev->args[i] == 0)
			jsonw_null(w);
		else
			int_json(w, ev, i);
		return;
	}
	ck = c->kind & TL_CAPT_KIND_MASK;
	if (c->flags & TL_CAPTF_FAULT) {
		jsonw_key(w, name);
		int_json(w, ev, i);
		key2(w, name, "_fault");
		jsonw_bool(w, true);
		return;
	}
	switch (ck) {
	case TL_CAPT_STR:
		jsonw_key(w, name);
		jsonw_strn(w, c->data, c->len);
		break;
	case TL_CAPT_BUF:
		jsonw_key(w, name);
		if (kind == TL_ARG_SOCKADDR_IN || kind == TL_ARG_SOCKADDR_OUT)
			evargs_sockaddr_json(w, c->data, c->len);
		else if (is_hex_kind(kind))
			jsonw_hex(w, c->data, c->len);
		else
			jsonw_strn(w, c->data, c->len);
		break;
	case TL_CAPT_ARGV:
		jsonw_key(w, name);
		argv_json(w, c);
		if (!(c->flags & TL_CAPTF_TRUNC) && argv_count(c) < c->full_len) {
			key2(w, name, "_truncated");
			jsonw_bool(w, true);
		}
		break;
	case TL_CAPT_COUNT:
		key2(w, name, "_count");
		jsonw_uint(w, c->full_len);
		return;
	case TL_CAPT_LEN:
		jsonw_key(w, name);
		jsonw_null(w);
		key2(w, name, "_len");
		jsonw_uint(w, c->full_len);
		return;
	default:
		jsonw_key(w, name);
		int_json(w, ev, i);
		return;
	}
	if (c->flags & TL_CAPTF_TRUNC) {
		key2(w, name, "_truncated");
		jsonw_bool(w, true);
	}
	if (is_inout_kind(kind) && !(c->flags & TL_CAPTF_EXIT))
		inout_json(w, ev, i, name);
}

static const char *const anon[6] = {
	"arg0", "arg1", "arg2", "arg3", "arg4", "arg5",
};

void evargs_json(struct jsonw *w, const struct tl_event *ev)
{
	unsigned int i, n;

	if (!(ev->flags & TL_EVF_HAS_ENTER)) {
		jsonw_null(w);
		return;
	}
	jsonw_obj_open(w);
	if (ev->sc) {
		n = ev->sc->nargs > 6 ? 6 : ev->sc->nargs;
		for (i = 0; i < n; i++) {
			const struct tl_sysarg *a = &ev->sc->args[i];

			arg_json(w, ev, i, a->name && *a->name ? a->name : anon[i],
				 a->kind);
		}
	} else {
		for (i = 0; i < 6; i++) {
			jsonw_key(w, anon[i]);
			jsonw_uint(w, ev->args[i]);
		}
	}
	jsonw_obj_close(w);
}

const char *evargs_name(const struct tl_event *ev, unsigned int i)
{
	const char *name = NULL;

	if (i >= 6)
		return NULL;
	if (ev->sc && i < ev->sc->nargs)
		name = ev->sc->args[i].name;
	return name && *name ? name : anon[i];
}

int evargs_argstr_json(struct jsonw *w, const struct tl_event *ev,
		       struct sbuf *tmp)
{
	struct argfmt_spans sp;
	unsigned int i, mask;

	if (!(ev->flags & TL_EVF_HAS_ENTER)) {
		jsonw_null(w);
		return 0;
	}
	tmp->len = 0;
	mask = argfmt_event(ev, tmp, &sp);
	if (tmp->err) {
		jsonw_null(w);
		return tmp->err;
	}
	jsonw_obj_open(w);
	for (i = 0; i < 6; i++) {
		if (!(mask & (1u << i)))
			continue;
		jsonw_key(w, evargs_name(ev, i));
		jsonw_strn(w, tmp->buf + sp.off[i], sp.len[i]);
	}
	jsonw_obj_close(w);
	return 0;
}
