// SPDX-License-Identifier: MIT
/*
 * net.c - `tl-analyze net`: sockets and their peers. One row per
 * (process, protocol, operation, address, result): socket, connect, bind,
 * listen, accept, sendto/recvfrom with an address, and "io" for traffic
 * on sockets whose origin is unknown; bytes sent and received through a
 * socket are added to the row of the connect or accept that made it.
 * Failures (ECONNREFUSED, ENOENT on a unix socket, ...) get their own rows.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "ana.h"
#include "internal.h"
#include "queries.h"
#include "sockaddr.h"

struct net_row {
	struct ana_hnode hn;
	uint32_t pid;
	char comm[17];
	char *proto, *op, *addr;
	int err;
	uint64_t count;
	uint64_t sent, received;
	int64_t first_wall, last_wall;
	uint64_t order;
};

struct ana_net {
	struct ana_htab rows;
	uint64_t n;
	struct net_row **sorted;
	size_t nsorted;
};

struct nkey {
	uint32_t pid;
	const char *proto, *op, *addr;
	int err;
};

static uint64_t nkey_hash(const struct nkey *k)
{
	uint64_t h = ana_hash_u64(ANA_HASH_SEED, k->pid);

	h = ana_hash_str(h, k->proto);
	h = ana_hash_str(h, k->op);
	h = ana_hash_str(h, k->addr);
	return ana_hash_u64(h, (uint64_t)k->err);
}

static int nkey_eq(const struct ana_hnode *n, const void *key)
{
	const struct net_row *r = ana_container_of(n, struct net_row, hn);
	const struct nkey *k = key;

	return r->pid == k->pid && r->err == k->err && !strcmp(r->proto, k->proto) &&
	       !strcmp(r->op, k->op) && !strcmp(r->addr, k->addr);
}

static struct net_row *row_get(struct ana_net *s, const struct nkey *k,
			       const struct tl_event *ev)
{
	uint64_t h = nkey_hash(k);
	struct ana_hnode *n = ana_htab__find(&s->rows, h, nkey_eq, k);
	struct net_row *r;

	if (n)
		return ana_container_of(n, struct net_row, hn);
	r = calloc(1, sizeof(*r));
	if (!r)
		return NULL;
	r->pid = k->pid;
	snprintf(r->comm, sizeof(r->comm), "%s", ev->comm ? ev->comm : "?");
	r->proto = strdup(k->proto);
	r->op = strdup(k->op);
	r->addr = strdup(k->addr);
	r->err = k->err;
	r->first_wall = ev->wall_ns;
	r->order = s->n++;
	if (!r->proto || !r->op || !r->addr || ana_htab__add(&s->rows, &r->hn, h)) {
		free(r->proto);
		free(r->op);
		free(r->addr);
		free(r);
		return NULL;
	}
	return r;
}

int ana_net_begin(struct ana_ctx *c, void **state)
{
	(void)c;
	*state = calloc(1, sizeof(struct ana_net));
	return *state ? 0 : -ENOMEM;
}

static const char *fd_proto(const struct ana_fd *e, char *buf, size_t len)
{
	if (!e || e->kind != ANA_FD_SOCKET)
		return "?";
	return ana_sock_proto(e->family, e->socktype, e->proto, buf, len);
}

static char *capt_addr(const struct tl_event *ev, unsigned arg)
{
	const struct tl_capture *cp = ana_capt(ev, arg, -1);
	char buf[160];

	if (!cp || !cp->len || (cp->flags & TL_CAPTF_FAULT))
		return NULL;
	ana_sockaddr_str(cp->data, cp->len, buf, sizeof(buf));
	return strdup(buf);
}

static int add(struct ana_net *s, const struct tl_event *ev, const char *proto,
	       const char *op, const char *addr, int err, struct net_row **out)
{
	struct nkey k = { ev->pid, proto, op, addr ? addr : "", err };
	struct net_row *r = row_get(s, &k, ev);

	if (!r)
		return -ENOMEM;
	r->count++;
	r->last_wall = ev->wall_ns;
	if (out)
		*out = r;
	return 0;
}

/* Bytes through a socket fd: to the row of its connect/accept, else an
 * "io" row for that peer. */
static int sock_io(struct ana_net *s, struct ana_proc *p,
		   const struct tl_event *ev, int64_t fd, int64_t bytes, bool out)
{
	struct ana_fd *e = ana_proc__fd(p, (int32_t)fd);
	struct net_row *r = NULL;
	char pb[32];

	if (!e || e->kind != ANA_FD_SOCKET)
		return 0;
	if (e->net_agg) {
		r = e->net_agg;
	} else {
		const char *op = e->origin == ANA_OP_ACCEPT ? "accept" :
				 e->origin == ANA_OP_CONNECT ? "connect" : "io";
		const char *addr = e->peer ? e->peer : e->local ? e->local : "";
		struct nkey k = { ev->pid, fd_proto(e, pb, sizeof(pb)), op, addr, 0 };

		r = row_get(s, &k, ev);
		if (!r)
			return -ENOMEM;
		e->net_agg = r;
	}
	if (out)
		r->sent += (uint64_t)bytes;
	else
		r->received += (uint64_t)bytes;
	r->last_wall = ev->wall_ns;
	return 0;
}

int ana_net_event(struct ana_ctx *c, void *state, const struct tl_event *ev,
		  struct ana_proc *p)
{
	struct ana_net *s = state;
	const uint64_t *a = ev->args;
	struct ana_fd *e;
	struct net_row *r = NULL;
	char pb[32], *addr = NULL;
	int op, err = 0, ret = 0;
	bool failed;

	if (ev->type != TL_EV_SYSCALL_EXIT || !p ||
	    !(ev->flags & TL_EVF_HAS_RET) || !(ev->flags & TL_EVF_HAS_ENTER))
		return 0;
	op = ana_procs__op(&c->procs, ev);
	if (!op)
		return 0;
	failed = ana_ev_failed(ev, &err);
	if (!failed)
		err = 0;
	switch (op) {
	case ANA_OP_SOCKET: {
		const char *proto = ana_sock_proto((int)a[0], (int)(a[1] & 0xf),
						   (int)a[2], pb, sizeof(pb));

		ret = add(s, ev, proto, "socket", "", err, NULL);
		break;
	}
	case ANA_OP_CONNECT:
	case ANA_OP_BIND:
		e = ana_proc__fd(p, (int32_t)a[0]);
		addr = capt_addr(ev, 1);
		ret = add(s, ev, fd_proto(e, pb, sizeof(pb)),
			  op == ANA_OP_CONNECT ? "connect" : "bind", addr, err, &r);
		if (!ret && op == ANA_OP_CONNECT && e &&
		    (!failed || err == EINPROGRESS))
			e->net_agg = r;
		break;
	case ANA_OP_LISTEN:
		e = ana_proc__fd(p, (int32_t)a[0]);
		ret = add(s, ev, fd_proto(e, pb, sizeof(pb)), "listen",
			  e && e->local ? e->local : "", err, NULL);
		break;
	case ANA_OP_ACCEPT:
		e = ana_proc__fd(p, (int32_t)a[0]);
		addr = failed ? NULL : capt_addr(ev, 1);
		ret = add(s, ev, fd_proto(e, pb, sizeof(pb)), "accept", addr, err,
			  NULL);
		/* the new fd (made after this) finds the row through its
		 * origin and peer on its first I/O */
		break;
	case ANA_OP_SENDTO:
	case ANA_OP_RECVFROM: {
		bool out = op == ANA_OP_SENDTO;

		e = ana_proc__fd(p, (int32_t)a[0]);
		addr = ev->sc && ev->sc->nargs >= 5 ? capt_addr(ev, 4) : NULL;
		if (addr && addr[0]) {
			ret = add(s, ev, fd_proto(e, pb, sizeof(pb)),
				  out ? "sendto" : "recvfrom", addr, err, &r);
			if (!ret && !failed) {
				if (out)
					r->sent += (uint64_t)ev->ret;
				else
					r->received += (uint64_t)ev->ret;
			}
		} else if (!failed && ev->ret > 0) {
			ret = sock_io(s, p, ev, (int64_t)a[0], ev->ret, out);
		} else if (failed && e && e->kind == ANA_FD_SOCKET) {
			ret = add(s, ev, fd_proto(e, pb, sizeof(pb)),
				  out ? "send" : "recv", e->peer ? e->peer : "",
				  err, NULL);
		}
		break;
	}
	case ANA_OP_READ:
	case ANA_OP_RECVMSG:
		if (!failed && ev->ret > 0)
			ret = sock_io(s, p, ev, (int64_t)a[0], ev->ret, false);
		break;
	case ANA_OP_WRITE:
	case ANA_OP_SENDMSG:
		if (!failed && ev->ret > 0)
			ret = sock_io(s, p, ev, (int64_t)a[0], ev->ret, true);
		else if (failed && (e = ana_proc__fd(p, (int32_t)a[0])) &&
			 e->kind == ANA_FD_SOCKET)
			ret = add(s, ev, fd_proto(e, pb, sizeof(pb)), "send",
				  e->peer ? e->peer : "", err, NULL);
		break;
	default:
		break;
	}
	free(addr);
	return ret;
}

static int nrow_cmp(const void *x, const void *y)
{
	const struct net_row *a = *(struct net_row *const *)x;
	const struct net_row *b = *(struct net_row *const *)y;

	if (a->first_wall != b->first_wall)
		return a->first_wall < b->first_wall ? -1 : 1;
	return a->order < b->order ? -1 : a->order > b->order;
}

int ana_net_finish(struct ana_ctx *c, void *state)
{
	struct ana_net *s = state;
	struct ana_hnode **v;
	size_t i;

	(void)c;
	if (s->sorted)
		return 0;
	v = ana_htab__list(&s->rows, &s->nsorted);
	if (!v && s->nsorted)
		return -ENOMEM;
	for (i = 0; i < s->nsorted; i++)
		v[i] = (struct ana_hnode *)ana_container_of(v[i], struct net_row, hn);
	if (s->nsorted > 1)
		qsort(v, s->nsorted, sizeof(*v), nrow_cmp);
	s->sorted = (struct net_row **)v;
	return 0;
}

enum { C_FIRST, C_PID, C_COMM, C_PROTO, C_OP, C_COUNT, C_RESULT, C_SENT,
       C_RECV, C_ADDR, NCOLS };

static const struct ana_col cols[NCOLS] = {
	[C_FIRST] = { "FIRST", "first", ANA_LEFT, false },
	[C_PID] = { "PID", "pid", ANA_RIGHT, false },
	[C_COMM] = { "COMM", "comm", ANA_LEFT, false },
	[C_PROTO] = { "PROTO", "proto", ANA_LEFT, false },
	[C_OP] = { "OP", "op", ANA_LEFT, false },
	[C_COUNT] = { "COUNT", "count", ANA_RIGHT, false },
	[C_RESULT] = { "RESULT", "result", ANA_LEFT, false },
	[C_SENT] = { "SENT", "bytes_sent", ANA_RIGHT, false },
	[C_RECV] = { "RECEIVED", "bytes_received", ANA_RIGHT, false },
	[C_ADDR] = { "ADDRESS", "address", ANA_LEFT, false },
};

static const char *result_text(int err, char *buf, size_t len)
{
	char b1[32], b2[64];

	if (!err)
		return "ok";
	snprintf(buf, len, "%s (%s)", ana_errno_name(err, b1, sizeof(b1)),
		 ana_errno_msg(err, b2, sizeof(b2)));
	return buf;
}

struct ana_table *ana_net_table(struct ana_ctx *c, void *state)
{
	struct ana_net *s = state;
	struct ana_table *t = ana_table__new(cols, NCOLS);
	size_t i;
	int err = 0;

	if (!t)
		return NULL;
	for (i = 0; i < s->nsorted && !err; i++) {
		const struct net_row *r = s->sorted[i];
		char tb[32], rb[128];

		if (c->opts->limit && i >= c->opts->limit)
			break;
		err = ana_table__row(t);
		err = err ?: ana_table__str(t, C_FIRST, ana_fmt_time(r->first_wall, tb, sizeof(tb)));
		err = err ?: ana_table__uint(t, C_PID, r->pid);
		err = err ?: ana_table__str(t, C_COMM, r->comm);
		err = err ?: ana_table__str(t, C_PROTO, r->proto);
		err = err ?: ana_table__str(t, C_OP, r->op);
		err = err ?: ana_table__uint(t, C_COUNT, r->count);
		err = err ?: ana_table__str(t, C_RESULT, result_text(r->err, rb, sizeof(rb)));
		err = err ?: ana_table__uint(t, C_SENT, r->sent);
		err = err ?: ana_table__uint(t, C_RECV, r->received);
		err = err ?: ana_table__str(t, C_ADDR, r->addr[0] ? r->addr : "-");
	}
	if (err) {
		ana_table__free(t);
		return NULL;
	}
	return t;
}

static void net_json(struct ana_ctx *c, struct ana_net *s)
{
	struct ana_jw w;
	size_t i;
	char b1[32], b2[64];

	ana_jw_init(&w, c->out);
	ana_jw_obj(&w);
	ana_jw_kstr(&w, "query", "net");
	ana_json_meta(c, &w);
	ana_jw_key(&w, "rows");
	ana_jw_arr(&w);
	for (i = 0; i < s->nsorted; i++) {
		const struct net_row *r = s->sorted[i];

		if (c->opts->limit && i >= c->opts->limit)
			break;
		ana_jw_obj(&w);
		ana_jw_kuint(&w, "pid", r->pid);
		ana_jw_kstr(&w, "comm", r->comm);
		ana_jw_kstr(&w, "proto", r->proto);
		ana_jw_kstr(&w, "op", r->op);
		ana_jw_kstr(&w, "address", r->addr[0] ? r->addr : NULL);
		ana_jw_kuint(&w, "count", r->count);
		ana_jw_key(&w, "errno");
		if (r->err)
			ana_jw_str(&w, ana_errno_name(r->err, b1, sizeof(b1)));
		else
			ana_jw_null(&w);
		ana_jw_key(&w, "message");
		if (r->err)
			ana_jw_str(&w, ana_errno_msg(r->err, b2, sizeof(b2)));
		else
			ana_jw_null(&w);
		ana_jw_kuint(&w, "bytes_sent", r->sent);
		ana_jw_kuint(&w, "bytes_received", r->received);
		ana_jw_kint(&w, "first_ns", r->first_wall);
		ana_jw_kint(&w, "last_ns", r->last_wall);
		ana_jw_obj_end(&w);
	}
	ana_jw_arr_end(&w);
	ana_jw_obj_end(&w);
}

static int net_end(struct ana_ctx *c, void *state)
{
	struct ana_table *t;
	int err = ana_net_finish(c, state);

	if (err)
		return err;
	if (c->opts->json) {
		net_json(c, state);
		return 0;
	}
	t = ana_net_table(c, state);
	if (!t)
		return -ENOMEM;
	if (t->nrows)
		ana_table__print_text(t, c->out, 0);
	else
		fprintf(c->out, "no socket activity\n");
	ana_table__free(t);
	return 0;
}

void ana_net_release(struct ana_ctx *c, void *state)
{
	struct ana_net *s = state;
	struct ana_hnode **v;
	size_t n, i;

	(void)c;
	if (!s)
		return;
	v = ana_htab__list(&s->rows, &n);
	for (i = 0; i < n; i++) {
		struct net_row *r = ana_container_of(v[i], struct net_row, hn);

		free(r->proto);
		free(r->op);
		free(r->addr);
		free(r);
	}
	free(v);
	free(s->sorted);
	ana_htab_release(&s->rows);
	free(s);
}

const struct ana_query ana_q_net = {
	.name = "net",
	.desc = "sockets: connect/bind/listen/accept/sendto peers, bytes, failures",
	.example = "tl-analyze net --json trace.tlz | jq '.rows[] | select(.errno)'",
	.begin = ana_net_begin,
	.event = ana_net_event,
	.end = net_end,
	.release = ana_net_release,
};
