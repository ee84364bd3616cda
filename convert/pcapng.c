// SPDX-License-Identifier: MIT
/*
 * pcapng.c - tl-convert -f pcapng: one Sysdig Event Block v2 (0x216) per
 * syscall enter and exit, process exit and loss, with the event types and
 * parameter encodings Wireshark/tshark 4.0 decodes. Which event types and
 * why (openat as the v1 pair 102/103 so tshark shows the path as text,
 * PPM_SC codes in generic events so tshark names the syscall, ...) is in
 * docs/pcapng.md.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "emit.h"
#include "evargs.h"
#include "internal.h"
#include "pcapngw.h"
#include "ppm_sc.h"

/* sysdig event types (libs driver/ppm_events_public.h numbering, as the
 * tshark 4.0 dissector names them) */
enum {
	PPME_GENERIC_E		= 0,
	PPME_GENERIC_X		= 1,
	PPME_OPEN_E		= 2,
	PPME_OPEN_X		= 3,
	PPME_CLOSE_E		= 4,
	PPME_CLOSE_X		= 5,
	PPME_READ_E		= 6,
	PPME_READ_X		= 7,
	PPME_WRITE_E		= 8,
	PPME_WRITE_X		= 9,
	PPME_SOCKET_E		= 18,
	PPME_SOCKET_X		= 19,
	PPME_CONNECT_E		= 22,
	PPME_CONNECT_X		= 23,
	PPME_OPENAT_E		= 102,	/* v1: name is a plain string */
	PPME_OPENAT_X		= 103,
	PPME_DROP_E		= 148,
	PPME_PROCEXIT_1_E	= 186,
	PPME_CLONE_20_E		= 222,
	PPME_CLONE_20_X		= 223,
	PPME_FORK_20_E		= 224,
	PPME_FORK_20_X		= 225,
	PPME_VFORK_20_E		= 226,
	PPME_VFORK_20_X		= 227,
	PPME_EXECVE_19_E	= 292,
	PPME_EXECVE_19_X	= 293,
};

/* how a syscall is written */
enum map_kind {
	M_GENERIC = 0,
	M_OPEN,
	M_OPENAT,
	M_READ,
	M_WRITE,
	M_CLOSE,
	M_SOCKET,
	M_CONNECT,
	M_EXECVE,
	M_EXECVEAT,
	M_CLONE,
	M_CLONE3,
	M_FORK,
	M_VFORK,
};

static const struct {
	const char *name;
	uint8_t kind;
} map_names[] = {
	{ "open", M_OPEN },
	{ "openat", M_OPENAT },
	{ "read", M_READ },
	{ "write", M_WRITE },
	{ "close", M_CLOSE },
	{ "socket", M_SOCKET },
	{ "connect", M_CONNECT },
	{ "execve", M_EXECVE },
	{ "execveat", M_EXECVEAT },
	{ "clone", M_CLONE },
	{ "clone3", M_CLONE3 },
	{ "fork", M_FORK },
	{ "vfork", M_VFORK },
};

#define CACHE_DONE	0x80000000u
#define MAX_PENDING	64

struct pending_exec {
	uint32_t tid;
	char *filename;
};

struct pcap_state {
	struct pcapngw w;
	struct tl_decoder *dec;
	/* per ABI, per nr: CACHE_DONE | kind << 16 | ppm_sc code */
	uint32_t *cache[TL_ABI_MAX];
	struct pending_exec pend[MAX_PENDING];
	unsigned int npend;
};

/* ------------------------------------------------------------- lookups */

static uint16_t ppm_sc_code(const char *name)
{
	unsigned int i;

	if (name[0] == '_')		/* i386 "_llseek", "_newselect" */
		name++;
	for (i = 1; i < ppm_sc_count; i++)
		if (ppm_sc_names[i] && !strcmp(ppm_sc_names[i], name))
			return (uint16_t)i;
	return 0;
}

static uint32_t lookup(struct pcap_state *s, const struct tl_event *ev)
{
	uint32_t *c, v;
	unsigned int i;
	int kind = M_GENERIC;

	if (ev->abi >= TL_ABI_MAX)
		return 0;
	if (!s->cache[ev->abi]) {
		s->cache[ev->abi] = calloc(65536, sizeof(uint32_t));
		if (!s->cache[ev->abi])
			return 0;
	}
	c = &s->cache[ev->abi][ev->nr];
	if (*c & CACHE_DONE)
		return *c;
	if (ev->sc) {
		for (i = 0; i < sizeof(map_names) / sizeof(map_names[0]); i++)
			if (!strcmp(map_names[i].name, ev->name))
				kind = map_names[i].kind;
	}
	v = CACHE_DONE | (uint32_t)kind << 16 | ppm_sc_code(ev->name);
	*c = v;
	return v;
}

static const char *pend_take(struct pcap_state *s, uint32_t tid)
{
	unsigned int i;

	for (i = 0; i < s->npend; i++)
		if (s->pend[i].tid == tid)
			return s->pend[i].filename;
	return NULL;
}

static void pend_drop(struct pcap_state *s, uint32_t tid)
{
	unsigned int i;

	for (i = 0; i < s->npend; i++) {
		if (s->pend[i].tid != tid)
			continue;
		free(s->pend[i].filename);
		memmove(&s->pend[i], &s->pend[i + 1],
			(s->npend - i - 1) * sizeof(s->pend[0]));
		s->npend--;
		return;
	}
}

static int pend_add(struct pcap_state *s, uint32_t tid, const char *fn)
{
	char *copy;

	pend_drop(s, tid);
	if (s->npend == MAX_PENDING)
		pend_drop(s, s->pend[0].tid);
	copy = strdup(fn ? fn : "");
	if (!copy)
		return -ENOMEM;
	s->pend[s->npend].tid = tid;
	s->pend[s->npend].filename = copy;
	s->npend++;
	return 0;
}

/* ------------------------------------------------------ value encoders */

static int64_t arg_s(const struct tl_event *ev, unsigned int i)
{
	int64_t sv;
	uint64_t uv;

	evargs_value(ev, i, &sv, &uv);
	return sv;
}

static uint64_t arg_u(const struct tl_event *ev, unsigned int i)
{
	int64_t sv;
	uint64_t uv;

	evargs_value(ev, i, &sv, &uv);
	return uv;
}

/* A string argument's capture, or "" when it was not captured. */
static void put_arg_str(struct pcapngw *w, const struct tl_event *ev,
			unsigned int i)
{
	const struct tl_capture *c = NULL;

	if (ev->flags & TL_EVF_HAS_ENTER)
		c = evargs_capture(ev, i);
	if (c && (c->kind & TL_CAPT_KIND_MASK) == TL_CAPT_STR &&
	    !(c->flags & TL_CAPTF_FAULT))
		pcapngw_put_str(w, (const char *)c->data, c->len);
	else
		pcapngw_put_str(w, "", 0);
}

/* A buffer argument's bytes (PT_BYTEBUF); nothing captured: empty. */
static void put_arg_buf(struct pcapngw *w, const struct tl_event *ev,
			unsigned int i)
{
	const struct tl_capture *c = evargs_capture(ev, i);

	if (c && (c->kind & TL_CAPT_KIND_MASK) == TL_CAPT_BUF &&
	    !(c->flags & TL_CAPTF_FAULT))
		pcapngw_put_raw(w, c->data, c->len);
	else
		pcapngw_put_empty(w);
}

/* Kernel open(2) flags -> PPM_O_* (x86/generic values; aarch64 and arm
 * differ in O_DIRECTORY, O_NOFOLLOW, O_DIRECT, O_LARGEFILE). */
static uint32_t ppm_open_flags(uint64_t f, int abi)
{
	bool arm = abi == TL_ABI_AARCH64 || abi == TL_ABI_ARM;
	uint64_t o_direct = arm ? 0200000 : 040000;
	uint64_t o_largefile = arm ? 0400000 : 0100000;
	uint64_t o_directory = arm ? 040000 : 0200000;
	uint32_t r = 0;

	switch (f & 3) {
	case 0: r |= 1 << 0; break;		/* PPM_O_RDONLY */
	case 1: r |= 1 << 1; break;		/* PPM_O_WRONLY */
	case 2: r |= 3; break;			/* PPM_O_RDWR */
	}
	if (f & 0100)
		r |= 1 << 2;			/* O_CREAT */
	if (f & 02000)
		r |= 1 << 3;			/* O_APPEND */
	if (f & 010000)
		r |= 1 << 4;			/* O_DSYNC */
	if (f & 0200)
		r |= 1 << 5;			/* O_EXCL */
	if (f & 04000)
		r |= 1 << 6;			/* O_NONBLOCK */
	if (f & 04000000)
		r |= 1 << 7;			/* O_SYNC */
	if (f & 01000)
		r |= 1 << 8;			/* O_TRUNC */
	if (f & o_direct)
		r |= 1 << 9;
	if ((f & o_directory) && !(f & 020000000))
		r |= 1 << 10;
	if (f & o_largefile)
		r |= 1 << 11;
	if (f & 02000000)
		r |= 1 << 12;			/* O_CLOEXEC */
	if (f & 020000000)
		r |= 1 << 13;			/* O_TMPFILE */
	return r;
}

/* Linux clone flags -> PPM_CL_* */
static uint32_t ppm_clone_flags(uint64_t f)
{
	static const struct { uint64_t k; uint32_t p; } m[] = {
		{ 0x00000400, 1u << 0 },	/* CLONE_FILES */
		{ 0x00000200, 1u << 1 },	/* CLONE_FS */
		{ 0x80000000, 1u << 2 },	/* CLONE_IO */
		{ 0x08000000, 1u << 3 },	/* CLONE_NEWIPC */
		{ 0x40000000, 1u << 4 },	/* CLONE_NEWNET */
		{ 0x00020000, 1u << 5 },	/* CLONE_NEWNS */
		{ 0x20000000, 1u << 6 },	/* CLONE_NEWPID */
		{ 0x04000000, 1u << 7 },	/* CLONE_NEWUTS */
		{ 0x00008000, 1u << 8 },	/* CLONE_PARENT */
		{ 0x00100000, 1u << 9 },	/* CLONE_PARENT_SETTID */
		{ 0x00002000, 1u << 10 },	/* CLONE_PTRACE */
		{ 0x00000800, 1u << 11 },	/* CLONE_SIGHAND */
		{ 0x00040000, 1u << 12 },	/* CLONE_SYSVSEM */
		{ 0x00010000, 1u << 13 },	/* CLONE_THREAD */
		{ 0x00800000, 1u << 14 },	/* CLONE_UNTRACED */
		{ 0x00000100, 1u << 15 },	/* CLONE_VM */
		{ 0x10000000, 1u << 20 },	/* CLONE_NEWUSER */
		{ 0x00200000, 1u << 23 },	/* CLONE_CHILD_CLEARTID */
		{ 0x01000000, 1u << 24 },	/* CLONE_CHILD_SETTID */
		{ 0x00080000, 1u << 25 },	/* CLONE_SETTLS */
		{ 0x00004000, 1u << 27 },	/* CLONE_VFORK */
		{ 0x02000000, 1u << 28 },	/* CLONE_NEWCGROUP */
	};
	uint32_t r = 0;
	size_t i;

	for (i = 0; i < sizeof(m) / sizeof(m[0]); i++)
		if (f & m[i].k)
			r |= m[i].p;
	return r;
}

/* PT_SOCKADDR from a captured struct sockaddr (little-endian family,
 * port in network order): PPM family byte, address, port in host order.
 * Returns the bytes written to out (at most 1 + 108). */
static size_t ppm_sockaddr(const uint8_t *b, size_t len, uint8_t *out,
			   uint16_t *port, const uint8_t **ip, size_t *iplen)
{
	unsigned int fam;
	size_t n = 0;

	*port = 0;
	*ip = NULL;
	*iplen = 0;
	if (len < 2)
		return 0;
	fam = (unsigned int)b[0] | (unsigned int)b[1] << 8;
	if (fam == 2 && len >= 8) {
		out[0] = 2;
		memcpy(out + 1, b + 4, 4);
		*port = (uint16_t)(b[2] << 8 | b[3]);
		tl_put16(out + 5, *port);
		*ip = b + 4;
		*iplen = 4;
		return 7;
	}
	if (fam == 10 && len >= 24) {
		out[0] = 10;
		memcpy(out + 1, b + 8, 16);
		*port = (uint16_t)(b[2] << 8 | b[3]);
		tl_put16(out + 17, *port);
		*ip = b + 8;
		*iplen = 16;
		return 19;
	}
	out[0] = (uint8_t)fam;
	if (fam == 1) {
		while (2 + n < len && n < 107 && b[2 + n])
			n++;
		memcpy(out + 1, b + 2, n);
		out[1 + n] = 0;
		return n + 2;
	}
	return 1;
}

/* ------------------------------------------------- per-type writers */

static void begin_ev(struct pcap_state *s, uint16_t type,
		     const struct tl_event *ev)
{
	pcapngw_begin(&s->w, type, (uint16_t)ev->cpu, (uint64_t)ev->wall_ns,
		      ev->tid);
}

static const struct tl_proc *proc_of(struct pcap_state *s,
				     const struct tl_event *ev, uint32_t tid)
{
	if (!s->dec || !ev->file)
		return NULL;
	return tl_decoder__proc(s->dec, ev->file, tid);
}

static void put_cgroups(struct pcapngw *w, const struct tl_event *ev)
{
	char buf[512];
	int n = snprintf(buf, sizeof(buf), "cgroup=%s",
			 ev->trace && ev->trace->cgroup_path ?
			 ev->trace->cgroup_path : "");

	if (n < 0)
		n = 0;
	if ((size_t)n >= sizeof(buf))
		n = sizeof(buf) - 1;
	pcapngw_put_raw(w, buf, (size_t)n + 1);
}

/* argv[1..] NUL-separated (sysdig's "args"), from NUL-separated argv. */
static void put_args_tail(struct pcapngw *w, const uint8_t *argv, size_t len)
{
	size_t i = 0;

	while (i < len && argv[i])
		i++;
	if (i < len)
		i++;
	pcapngw_put_raw(w, argv + i, len - i);
}

/* The clone/fork/vfork exit layout (20 parameters). */
static void put_clone_x(struct pcap_state *s, const struct tl_event *ev,
			int64_t res, uint32_t tid, uint32_t pid, uint32_t ptid,
			uint32_t flags)
{
	struct pcapngw *w = &s->w;
	const struct tl_proc *p = proc_of(s, ev, tid);
	const char *comm = ev->comm ? ev->comm : "";

	if (!p)
		p = proc_of(s, ev, ev->tid);
	pcapngw_put_u64(w, (uint64_t)res);		/* res */
	if (p && p->argv && p->argv_len) {
		pcapngw_put_str(w, p->argv, strnlen(p->argv, p->argv_len));
		put_args_tail(w, (const uint8_t *)p->argv, p->argv_len);
	} else {
		pcapngw_put_str(w, p && p->exe ? p->exe : comm,
				strlen(p && p->exe ? p->exe : comm));
		pcapngw_put_raw(w, "", 1);
	}
	pcapngw_put_u64(w, tid);			/* tid */
	pcapngw_put_u64(w, pid);			/* pid */
	pcapngw_put_u64(w, ptid);			/* ptid */
	pcapngw_put_str(w, p && p->cwd ? p->cwd : "",
			p && p->cwd ? strlen(p->cwd) : 0);
	pcapngw_put_u64(w, 0);				/* fdlimit */
	pcapngw_put_u64(w, 0);				/* pgft_maj */
	pcapngw_put_u64(w, 0);				/* pgft_min */
	pcapngw_put_u32(w, 0);				/* vm_size */
	pcapngw_put_u32(w, 0);				/* vm_rss */
	pcapngw_put_u32(w, 0);				/* vm_swap */
	pcapngw_put_str(w, comm, strlen(comm));
	put_cgroups(w, ev);
	pcapngw_put_u32(w, flags);
	pcapngw_put_u32(w, p ? p->uid : 0);
	pcapngw_put_u32(w, p ? p->gid : 0);
	pcapngw_put_u64(w, tid);			/* vtid */
	pcapngw_put_u64(w, pid);			/* vpid */
}

static uint32_t clone_flags_of(const struct tl_event *ev, int kind)
{
	const struct tl_capture *c;

	if (!(ev->flags & TL_EVF_HAS_ENTER))
		return 0;
	if (kind == M_CLONE)
		return ppm_clone_flags(ev->args[0]);
	if (kind == M_CLONE3) {
		c = evargs_capture(ev, 0);
		if (c && (c->kind & TL_CAPT_KIND_MASK) == TL_CAPT_BUF &&
		    c->len >= 8)
			return ppm_clone_flags(tl_get64(c->data));
	}
	if (kind == M_VFORK)
		return ppm_clone_flags(0x4000 | 0x100);	/* VFORK | VM */
	return 0;
}

static int syscall_enter(struct pcap_state *s, const struct tl_event *ev,
			 int kind, uint16_t sc)
{
	struct pcapngw *w = &s->w;
	const struct tl_capture *c;
	uint8_t sa[128];
	uint16_t port;
	const uint8_t *ip;
	size_t n, iplen = 0;

	switch (kind) {
	case M_OPEN:
		begin_ev(s, PPME_OPEN_E, ev);
		put_arg_str(w, ev, 0);
		pcapngw_put_u32(w, ppm_open_flags(arg_u(ev, 1), ev->abi));
		pcapngw_put_u32(w, (uint32_t)arg_u(ev, 2) & 07777);
		break;
	case M_OPENAT:
		begin_ev(s, PPME_OPENAT_E, ev);
		pcapngw_put_u64(w, (uint64_t)arg_s(ev, 0));
		put_arg_str(w, ev, 1);
		pcapngw_put_u32(w, ppm_open_flags(arg_u(ev, 2), ev->abi));
		pcapngw_put_u32(w, (uint32_t)arg_u(ev, 3) & 07777);
		break;
	case M_READ:
	case M_WRITE:
		begin_ev(s, kind == M_READ ? PPME_READ_E : PPME_WRITE_E, ev);
		pcapngw_put_u64(w, (uint64_t)arg_s(ev, 0));
		pcapngw_put_u32(w, (uint32_t)arg_u(ev, 2));
		break;
	case M_CLOSE:
		begin_ev(s, PPME_CLOSE_E, ev);
		pcapngw_put_u64(w, (uint64_t)arg_s(ev, 0));
		break;
	case M_SOCKET:
		begin_ev(s, PPME_SOCKET_E, ev);
		pcapngw_put_u32(w, (uint32_t)arg_u(ev, 0));
		pcapngw_put_u32(w, (uint32_t)arg_u(ev, 1));
		pcapngw_put_u32(w, (uint32_t)arg_u(ev, 2));
		break;
	case M_CONNECT:
		begin_ev(s, PPME_CONNECT_E, ev);
		pcapngw_put_u64(w, (uint64_t)arg_s(ev, 0));
		c = evargs_capture(ev, 1);
		n = 0;
		if (c && (c->kind & TL_CAPT_KIND_MASK) == TL_CAPT_BUF &&
		    !(c->flags & TL_CAPTF_FAULT))
			n = ppm_sockaddr(c->data, c->len, sa, &port, &ip, &iplen);
		pcapngw_put_raw(w, sa, n);
		break;
	case M_EXECVE:
	case M_EXECVEAT:
		begin_ev(s, PPME_EXECVE_19_E, ev);
		put_arg_str(w, ev, kind == M_EXECVE ? 0 : 1);
		break;
	case M_CLONE:
	case M_CLONE3:
		begin_ev(s, PPME_CLONE_20_E, ev);
		break;
	case M_FORK:
		begin_ev(s, PPME_FORK_20_E, ev);
		break;
	case M_VFORK:
		begin_ev(s, PPME_VFORK_20_E, ev);
		break;
	default:
		begin_ev(s, PPME_GENERIC_E, ev);
		pcapngw_put_u16(w, sc);
		/* tshark 4.0 names nativeID with the PPM_SC table: give it
		 * the code so it shows the right name (docs/pcapng.md) */
		pcapngw_put_u16(w, sc ? sc : (ev->nr >= ppm_sc_count ?
					      ev->nr : 0));
		break;
	}
	return pcapngw_end(w);
}

static int syscall_exit(struct pcap_state *s, const struct tl_event *ev,
			int kind, uint16_t sc)
{
	struct pcapngw *w = &s->w;
	int64_t ret = ev->ret;
	const struct tl_capture *c;
	const struct tl_proc *p;
	uint8_t sa[128], tuple[160];
	uint16_t port;
	const uint8_t *ip;
	size_t n, iplen = 0;
	const char *fn;

	switch (kind) {
	case M_OPEN:
		/* exactly 4 parameters: tshark's Info column then shows
		 * "fd=N, name=PATH" */
		begin_ev(s, PPME_OPEN_X, ev);
		pcapngw_put_u64(w, (uint64_t)ret);
		put_arg_str(w, ev, 0);
		pcapngw_put_u32(w, ppm_open_flags(arg_u(ev, 1), ev->abi));
		pcapngw_put_u32(w, (uint32_t)arg_u(ev, 2) & 07777);
		break;
	case M_OPENAT:
		begin_ev(s, PPME_OPENAT_X, ev);
		pcapngw_put_u64(w, (uint64_t)ret);
		break;
	case M_READ:
		begin_ev(s, PPME_READ_X, ev);
		pcapngw_put_u64(w, (uint64_t)ret);
		put_arg_buf(w, ev, 1);
		break;
	case M_WRITE:
		begin_ev(s, PPME_WRITE_X, ev);
		pcapngw_put_u64(w, (uint64_t)ret);
		put_arg_buf(w, ev, 1);
		break;
	case M_CLOSE:
		begin_ev(s, PPME_CLOSE_X, ev);
		pcapngw_put_u64(w, (uint64_t)ret);
		break;
	case M_SOCKET:
		begin_ev(s, PPME_SOCKET_X, ev);
		pcapngw_put_u64(w, (uint64_t)ret);
		break;
	case M_CONNECT:
		begin_ev(s, PPME_CONNECT_X, ev);
		pcapngw_put_u64(w, (uint64_t)ret);
		c = evargs_capture(ev, 1);
		n = 0;
		if (c && (c->kind & TL_CAPT_KIND_MASK) == TL_CAPT_BUF &&
		    !(c->flags & TL_CAPTF_FAULT))
			n = ppm_sockaddr(c->data, c->len, sa, &port, &ip, &iplen);
		/* tuple: family, source (unknown: zeros), destination */
		if (iplen) {
			memset(tuple, 0, sizeof(tuple));
			tuple[0] = sa[0];
			memcpy(tuple + 1 + iplen + 2, ip, iplen);
			tl_put16(tuple + 1 + iplen + 2 + iplen, port);
			pcapngw_put_raw(w, tuple, 1 + 2 * (iplen + 2));
		} else if (n > 1 && sa[0] == 1) {
			/* family, two socket pointers (unknown), path */
			memset(tuple, 0, 17);
			tuple[0] = 1;
			memcpy(tuple + 17, sa + 1, n - 1);
			pcapngw_put_raw(w, tuple, 17 + n - 1);
		} else {
			pcapngw_put_raw(w, sa, n);
		}
		break;
	case M_EXECVE:
	case M_EXECVEAT:
		begin_ev(s, PPME_EXECVE_19_X, ev);
		pcapngw_put_u64(w, (uint64_t)ret);
		c = evargs_argv(ev);
		fn = ret == 0 ? pend_take(s, ev->tid) : NULL;
		if (fn) {
			pcapngw_put_str(w, fn, strlen(fn));
		} else {
			put_arg_str(w, ev, kind == M_EXECVE ? 0 : 1);
		}
		if (c)
			put_args_tail(w, c->data, c->len);
		else
			pcapngw_put_raw(w, "", 1);
		pcapngw_put_u64(w, ev->tid);
		pcapngw_put_u64(w, ev->pid);
		pcapngw_put_u64(w, ev->ppid);
		p = proc_of(s, ev, ev->tid);
		pcapngw_put_str(w, p && p->cwd ? p->cwd : "",
				p && p->cwd ? strlen(p->cwd) : 0);
		pcapngw_put_u64(w, 0);			/* fdlimit */
		pcapngw_put_u64(w, 0);			/* pgft_maj */
		pcapngw_put_u64(w, 0);			/* pgft_min */
		pcapngw_put_u32(w, 0);			/* vm_size */
		pcapngw_put_u32(w, 0);			/* vm_rss */
		pcapngw_put_u32(w, 0);			/* vm_swap */
		pcapngw_put_str(w, ev->comm ? ev->comm : "",
				ev->comm ? strlen(ev->comm) : 0);
		put_cgroups(w, ev);
		pcapngw_put_raw(w, "", 1);		/* env: not recorded */
		pcapngw_put_u32(w, 0);			/* tty */
		pcapngw_put_u64(w, ev->pid);		/* pgid: unknown */
		pcapngw_put_u32(w, UINT32_MAX);		/* loginuid: unknown */
		pend_drop(s, ev->tid);
		break;
	case M_CLONE:
	case M_CLONE3:
	case M_FORK:
	case M_VFORK:
		begin_ev(s, kind == M_FORK ? PPME_FORK_20_X :
			    kind == M_VFORK ? PPME_VFORK_20_X : PPME_CLONE_20_X,
			 ev);
		put_clone_x(s, ev, ret, ev->tid, ev->pid, ev->ppid,
			    clone_flags_of(ev, kind));
		break;
	default:
		begin_ev(s, PPME_GENERIC_X, ev);
		pcapngw_put_u16(w, sc);
		break;
	}
	return pcapngw_end(w);
}

static int emit_syscall(struct pcap_state *s, const struct tl_event *ev)
{
	uint32_t m = lookup(s, ev);
	int kind = (int)(m >> 16 & 0xff);
	uint16_t sc = (uint16_t)m;

	if (ev->type == TL_EV_SYSCALL_ENTER)
		return syscall_enter(s, ev, kind, sc);
	/* a call that never returned has no exit event; a child's return
	 * from clone/fork is the fork event's block */
	if (ev->flags & (TL_EVF_NORETURN | TL_EVF_IN_FLIGHT) ||
	    conv_is_child_return(ev))
		return 0;
	if (!(ev->flags & TL_EVF_HAS_RET))
		return 0;
	return syscall_exit(s, ev, kind, sc);
}

static int emit_fork(struct pcap_state *s, const struct tl_event *ev)
{
	uint32_t flags = 0;

	/* the child's side of the clone, as sysdig reports it: res = 0 */
	if (ev->flags & TL_EVF_THREAD)
		flags = ppm_clone_flags(0x10000 | 0x100 | 0x800 | 0x400 | 0x200);
	pcapngw_begin(&s->w, PPME_CLONE_20_X, (uint16_t)ev->cpu,
		      (uint64_t)ev->wall_ns, ev->child_tid);
	put_clone_x(s, ev, 0, ev->child_tid, ev->child_pid, ev->pid, flags);
	return pcapngw_end(&s->w);
}

static int emit_exit(struct pcap_state *s, const struct tl_event *ev)
{
	struct pcapngw *w = &s->w;
	int st = ev->exit_code;

	begin_ev(s, PPME_PROCEXIT_1_E, ev);
	pcapngw_put_u64(w, (uint64_t)(int64_t)st);		/* status */
	pcapngw_put_u64(w, (uint64_t)(int64_t)((st >> 8) & 0xff)); /* ret */
	pcapngw_put_u8(w, (uint8_t)(st & 0x7f));		/* sig */
	pcapngw_put_u8(w, (st & 0x7f) && (st & 0x80));		/* core */
	pend_drop(s, ev->tid);
	return pcapngw_end(w);
}

static int emit_lost(struct pcap_state *s, const struct tl_event *ev)
{
	uint64_t n = ev->lost > UINT32_MAX ? UINT32_MAX : ev->lost;

	pcapngw_begin(&s->w, PPME_DROP_E, (uint16_t)ev->cpu,
		      (uint64_t)ev->wall_ns, 0);
	pcapngw_put_u32(&s->w, (uint32_t)n);
	return pcapngw_end(&s->w);
}

/* ------------------------------------------------------------- emitter */

static int pcap_begin(struct conv_ctx *c)
{
	struct pcap_state *s;
	int err;

	if (isatty(fileno(c->opts->out)))
		return -ENOTTY;
	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->dec = c->dec;
	err = pcapngw_init(&s->w, c->opts->out, "tl-convert " TL_VERSION);
	if (err) {
		pcapngw_release(&s->w);
		free(s);
		return err;
	}
	c->priv = s;
	return 0;
}

static int pcap_event(struct conv_ctx *c, const struct tl_event *ev)
{
	struct pcap_state *s = c->priv;

	switch (ev->type) {
	case TL_EV_SYSCALL_ENTER:
	case TL_EV_SYSCALL_EXIT:
		return emit_syscall(s, ev);
	case TL_EV_FORK:
		return emit_fork(s, ev);
	case TL_EV_EXEC:
		/* the execve exit block carries it; keep the path for it */
		return pend_add(s, ev->tid, ev->filename);
	case TL_EV_EXIT:
		return emit_exit(s, ev);
	case TL_EV_LOST:
		return emit_lost(s, ev);
	}
	return 0;
}

static int pcap_end(struct conv_ctx *c, bool failed)
{
	struct pcap_state *s = c->priv;
	unsigned int i;
	int err;

	if (!s)
		return 0;
	err = pcapngw_release(&s->w);
	for (i = 0; i < TL_ABI_MAX; i++)
		free(s->cache[i]);
	for (i = 0; i < s->npend; i++)
		free(s->pend[i].filename);
	free(s);
	c->priv = NULL;
	return failed ? 0 : err;
}

const struct conv_emitter conv_pcapng = {
	.name = "pcapng",
	.desc = "pcapng with Sysdig event blocks (Wireshark, tshark)",
	.needs_path = false,
	.binary = true,
	.wants_enter = true,
	.begin = pcap_begin,
	.event = pcap_event,
	.end = pcap_end,
};
