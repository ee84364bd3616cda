// SPDX-License-Identifier: MIT
/*
 * json.c - tl-convert -f json: JSON lines. A first "meta" object describes
 * the inputs (machine, traces, loss counters), then one object per
 * syscall (taken at its exit event, so enter and exit are one object),
 * process event (fork, exec, exit) and loss. Field names are stable and
 * documented in docs/json.md.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "emit.h"
#include "evargs.h"
#include "internal.h"
#include "jsonw.h"
#include "sbuf.h"

#define FLUSH_AT	(64 * 1024)
#define MAX_PENDING	64

/* argv of an execve/execveat still in flight, for the exec event */
struct pending_exec {
	uint32_t tid;
	uint32_t full_len;
	uint8_t flags;
	size_t len;
	uint8_t *data;
};

struct json_state {
	struct jsonw w;
	int64_t t0_wall;		/* rel_ns = wall - t0_wall */
	struct pending_exec pend[MAX_PENDING];
	unsigned int npend;
	struct sbuf tmp;		/* argstr scratch */
};

static void pend_free(struct pending_exec *p)
{
	free(p->data);
	memset(p, 0, sizeof(*p));
}

static struct pending_exec *pend_find(struct json_state *s, uint32_t tid)
{
	unsigned int i;

	for (i = 0; i < s->npend; i++)
		if (s->pend[i].tid == tid)
			return &s->pend[i];
	return NULL;
}

static void pend_drop(struct json_state *s, struct pending_exec *p)
{
	unsigned int i = (unsigned int)(p - s->pend);

	pend_free(p);
	memmove(&s->pend[i], &s->pend[i + 1],
		(s->npend - i - 1) * sizeof(s->pend[0]));
	s->npend--;
	memset(&s->pend[s->npend], 0, sizeof(s->pend[0]));
}

static int pend_add(struct json_state *s, uint32_t tid,
		    const struct tl_capture *c)
{
	struct pending_exec *p = pend_find(s, tid);

	if (p)
		pend_drop(s, p);
	if (s->npend == MAX_PENDING)
		pend_drop(s, &s->pend[0]);	/* the oldest */
	p = &s->pend[s->npend];
	p->data = malloc(c->len ? c->len : 1);
	if (!p->data)
		return -ENOMEM;
	memcpy(p->data, c->data, c->len);
	p->len = c->len;
	p->tid = tid;
	p->full_len = c->full_len;
	p->flags = c->flags;
	s->npend++;
	return 0;
}

static bool is_exec_call(const struct tl_event *ev)
{
	return ev->name && (!strcmp(ev->name, "execve") ||
			    !strcmp(ev->name, "execveat"));
}

/* ------------------------------------------------------------ meta object */

static void clock_json(struct jsonw *w, const char *key,
		       const struct tl_clock_snapshot *c)
{
	jsonw_key(w, key);
	jsonw_obj_open(w);
	jsonw_kint(w, "realtime_ns", c->realtime_ns);
	jsonw_kint(w, "monotonic_ns", c->monotonic_ns);
	jsonw_kint(w, "boottime_ns", c->boottime_ns);
	jsonw_obj_close(w);
}

static void machine_json(struct jsonw *w, const struct tl_machine *m)
{
	jsonw_key(w, "machine");
	if (!m) {
		jsonw_null(w);
		return;
	}
	jsonw_obj_open(w);
	jsonw_kstr(w, "arch", m->arch);
	jsonw_kstr(w, "kernel_release", m->kernel_release);
	jsonw_kstr(w, "kernel_version", m->kernel_version);
	jsonw_kstr(w, "hostname", m->hostname);
	jsonw_kuint(w, "page_size", m->page_size);
	jsonw_kuint(w, "ncpus", m->ncpus);
	jsonw_kuint(w, "long_size", m->long_size);
	jsonw_kbool(w, "big_endian", m->big_endian);
	jsonw_kuint(w, "record_layout", m->record_layout);
	jsonw_kstr(w, "recorder", m->recorder);
	jsonw_kstr(w, "cmdline", m->cmdline);
	jsonw_kuint(w, "snaplen", m->snaplen);
	jsonw_kbool(w, "no_data", m->no_data);
	jsonw_kuint(w, "buffer_size", m->buffer_size);
	jsonw_kstr(w, "syscall_filter", m->syscall_filter);
	jsonw_kstr(w, "compress", m->compress);
	clock_json(w, "clock_start", &m->clock_start);
	clock_json(w, "clock_dump", &m->clock_dump);
	jsonw_obj_close(w);
}

static void trace_json(struct jsonw *w, const struct tl_trace_info *t,
		       int64_t wall_off)
{
	uint64_t records = 0, busy = 0, size = 0, other = 0;
	uint32_t i;

	jsonw_obj_open(w);
	jsonw_kuint(w, "id", t->id);
	jsonw_kstr(w, "name", t->name);
	jsonw_kstr(w, "kind", tl_trace_kind_name((int)t->kind));
	jsonw_kstr(w, "cgroup_path", t->cgroup_path);
	jsonw_kuint(w, "cgroup_id", t->cgroup_id);
	jsonw_key(w, "labels");
	jsonw_obj_open(w);
	for (i = 0; i < t->nlabels; i++)
		if (t->labels[i].key)
			jsonw_kstr(w, t->labels[i].key, t->labels[i].value);
	jsonw_obj_close(w);
	jsonw_key(w, "start_ns");
	if (t->start_ns)
		jsonw_int(w, t->start_ns + wall_off);
	else
		jsonw_null(w);
	jsonw_key(w, "end_ns");
	if (t->end_ns)
		jsonw_int(w, t->end_ns + wall_off);
	else
		jsonw_null(w);
	for (i = 0; i < t->nrings; i++) {
		records += t->rings[i].records;
		busy += t->rings[i].lost_busy;
		size += t->rings[i].lost_size;
		other += t->rings[i].lost_other;
	}
	jsonw_kuint(w, "cpus", t->nrings);
	jsonw_kuint(w, "records", records);
	jsonw_key(w, "dropped");
	jsonw_obj_open(w);
	jsonw_kuint(w, "busy", busy);
	jsonw_kuint(w, "size", size);
	jsonw_kuint(w, "other", other);
	jsonw_obj_close(w);
	jsonw_obj_close(w);
}

static void meta_json(struct json_state *s, struct tl_decoder *dec)
{
	struct jsonw *w = &s->w;
	unsigned int i, nfiles = dec ? tl_decoder__nfiles(dec) : 0;
	uint32_t t;

	jsonw_obj_open(w);
	jsonw_kstr(w, "type", "meta");
	jsonw_kuint(w, "version", 1);
	jsonw_kstr(w, "tool", "tl-convert " TL_VERSION);
	jsonw_key(w, "files");
	jsonw_arr_open(w);
	for (i = 0; i < nfiles; i++) {
		const struct tl_file_info *f = tl_decoder__file(dec, i);

		if (!f)
			continue;
		jsonw_obj_open(w);
		jsonw_kstr(w, "name", f->name);
		machine_json(w, f->machine);
		jsonw_kint(w, "wall_offset_ns", f->wall_offset_ns);
		jsonw_key(w, "traces");
		jsonw_arr_open(w);
		for (t = 0; t < f->ntraces; t++) {
			const struct tl_trace_info *ti = f->traces[t];

			trace_json(w, ti, f->wall_offset_ns);
		}
		jsonw_arr_close(w);
		jsonw_obj_close(w);
	}
	jsonw_arr_close(w);
	jsonw_obj_close(w);
	jsonw_putc(w, '\n');
}

/* ------------------------------------------------------------- events */

/* The fields every event object starts with. */
static void common_json(struct json_state *s, const char *type,
			const struct tl_event *ev, int64_t wall)
{
	struct jsonw *w = &s->w;

	jsonw_obj_open(w);
	jsonw_kstr(w, "type", type);
	jsonw_kint(w, "ts", wall);
	jsonw_kint(w, "rel_ns", wall - s->t0_wall);
	jsonw_kuint(w, "cpu", ev->cpu);
	jsonw_kuint(w, "pid", ev->pid);
	jsonw_kuint(w, "tid", ev->tid);
	jsonw_key(w, "ppid");
	if (ev->ppid)
		jsonw_uint(w, ev->ppid);
	else
		jsonw_null(w);
	jsonw_kstr(w, "comm", ev->comm);
	jsonw_kstr(w, "trace", ev->trace ? ev->trace->name : NULL);
}

static void syscall_json(struct json_state *s, const struct tl_event *ev)
{
	struct jsonw *w = &s->w;
	bool has_ret = (ev->flags & TL_EVF_HAS_RET) &&
		       !(ev->flags & (TL_EVF_NORETURN | TL_EVF_IN_FLIGHT));
	int64_t wall = ev->wall_ns;
	const char *en;

	/* one object per call, stamped with its start like strace */
	if (ev->enter_ts && ev->enter_ts <= ev->ts)
		wall -= ev->ts - ev->enter_ts;
	common_json(s, "syscall", ev, wall);
	jsonw_kstr(w, "abi", tl_abi_name(ev->abi));
	jsonw_kstr(w, "syscall", ev->name);
	jsonw_kuint(w, "nr", ev->nr);
	jsonw_key(w, "args");
	evargs_json(w, ev);
	jsonw_key(w, "argstr");
	evargs_argstr_json(w, ev, &s->tmp);
	jsonw_key(w, "ret");
	if (has_ret)
		jsonw_int(w, ev->ret);
	else
		jsonw_null(w);
	jsonw_key(w, "errno");
	if (has_ret && evargs_is_err(ev->ret)) {
		en = tl_errno_name((int)-ev->ret);
		if (en)
			jsonw_str(w, en);
		else
			jsonw_int(w, -ev->ret);
	} else {
		jsonw_null(w);
	}
	jsonw_key(w, "dur_ns");
	if (ev->enter_ts && ev->exit_ts >= ev->enter_ts &&
	    !(ev->flags & (TL_EVF_NORETURN | TL_EVF_IN_FLIGHT)))
		jsonw_int(w, ev->exit_ts - ev->enter_ts);
	else
		jsonw_null(w);
	if (ev->flags & TL_EVF_NORETURN)
		jsonw_kbool(w, "noreturn", true);
	if (ev->flags & TL_EVF_IN_FLIGHT)
		jsonw_kbool(w, "in_flight", true);
	if (!(ev->flags & TL_EVF_HAS_ENTER))
		jsonw_kbool(w, "enter_lost", true);
	jsonw_obj_close(w);
}

static void exec_json(struct json_state *s, struct conv_ctx *c,
		      const struct tl_event *ev)
{
	struct jsonw *w = &s->w;
	struct pending_exec *p = pend_find(s, ev->old_tid);
	const struct tl_proc *pr;

	if (!p && ev->old_tid != ev->tid)
		p = pend_find(s, ev->tid);
	common_json(s, "exec", ev, ev->wall_ns);
	jsonw_kuint(w, "old_tid", ev->old_tid);
	jsonw_kstr(w, "filename", ev->filename);
	jsonw_key(w, "argv");
	if (p) {
		struct tl_capture cap = {
			.kind = TL_CAPT_ARGV, .flags = p->flags,
			.len = (uint32_t)p->len, .full_len = p->full_len,
			.data = p->data,
		};
		size_t i = 0, st;
		unsigned int n = 0;

		jsonw_arr_open(w);
		while (i < cap.len) {
			st = i;
			while (i < cap.len && cap.data[i])
				i++;
			jsonw_strn(w, cap.data + st, i - st);
			i++;
			n++;
		}
		jsonw_arr_close(w);
		if ((p->flags & TL_CAPTF_TRUNC) || n < p->full_len)
			jsonw_kbool(w, "argv_truncated", true);
		pend_drop(s, p);
	} else if (c->dec && ev->file &&
		   (pr = tl_decoder__proc(c->dec, ev->file, ev->tid)) &&
		   pr->argv && pr->argv_len) {
		size_t i = 0, st;

		jsonw_arr_open(w);
		while (i < pr->argv_len) {
			st = i;
			while (i < pr->argv_len && pr->argv[i])
				i++;
			jsonw_strn(w, pr->argv + st, i - st);
			i++;
		}
		jsonw_arr_close(w);
	} else {
		jsonw_null(w);
	}
	jsonw_obj_close(w);
}

static void exit_json(struct json_state *s, const struct tl_event *ev)
{
	struct jsonw *w = &s->w;
	int st = ev->exit_code;
	int sig = st & 0x7f;

	common_json(s, "exit", ev, ev->wall_ns);
	jsonw_kint(w, "status", st);
	jsonw_key(w, "code");
	if (sig == 0)
		jsonw_int(w, (st >> 8) & 0xff);
	else
		jsonw_null(w);
	jsonw_key(w, "signal");
	if (sig) {
		const char *sn = tl_signal_name(sig);

		if (sn)
			jsonw_str(w, sn);
		else
			jsonw_int(w, sig);
	} else {
		jsonw_null(w);
	}
	jsonw_kbool(w, "core_dumped", sig && (st & 0x80));
	jsonw_kbool(w, "group_dead", ev->flags & TL_EVF_GROUP_DEAD);
	jsonw_obj_close(w);
}

static void fork_json(struct json_state *s, const struct tl_event *ev)
{
	struct jsonw *w = &s->w;

	common_json(s, "fork", ev, ev->wall_ns);
	jsonw_kuint(w, "child_pid", ev->child_pid);
	jsonw_kuint(w, "child_tid", ev->child_tid);
	jsonw_kbool(w, "thread", ev->flags & TL_EVF_THREAD);
	jsonw_obj_close(w);
}

static void lost_json(struct json_state *s, const struct tl_event *ev)
{
	struct jsonw *w = &s->w;

	jsonw_obj_open(w);
	jsonw_kstr(w, "type", "lost");
	jsonw_kint(w, "ts", ev->wall_ns);
	jsonw_kint(w, "rel_ns", ev->wall_ns - s->t0_wall);
	jsonw_kuint(w, "cpu", ev->cpu);
	jsonw_kstr(w, "trace", ev->trace ? ev->trace->name : NULL);
	jsonw_kstr(w, "kind", ev->lost_kind == TL_LOST_OVERWRITTEN ?
				  "overwritten" : "gap");
	jsonw_kuint(w, "count", ev->lost);
	jsonw_obj_close(w);
}

static int json_begin(struct conv_ctx *c)
{
	struct json_state *s = calloc(1, sizeof(*s));
	int err;

	if (!s)
		return -ENOMEM;
	jsonw_init(&s->w);
	meta_json(s, c->dec);
	err = jsonw_flush(&s->w, c->opts->out);
	if (err) {
		jsonw_release(&s->w);
		free(s);
		return err;
	}
	c->priv = s;
	return 0;
}

static int json_event(struct conv_ctx *c, const struct tl_event *ev)
{
	struct json_state *s = c->priv;
	const struct tl_capture *cap;
	int err;

	s->t0_wall = c->t0_wall;
	switch (ev->type) {
	case TL_EV_SYSCALL_ENTER:
		/* only to remember execve's argv for the exec event */
		if (is_exec_call(ev) && (cap = evargs_argv(ev))) {
			err = pend_add(s, ev->tid, cap);
			if (err)
				return err;
		}
		return 0;
	case TL_EV_SYSCALL_EXIT:
		/* a child's return from clone/fork is not a call of its own
		 * (strace does not show it): the fork event says it */
		if (conv_is_child_return(ev))
			return 0;
		syscall_json(s, ev);
		if (s->tmp.err)
			return s->tmp.err;
		if (is_exec_call(ev)) {
			struct pending_exec *p = pend_find(s, ev->tid);

			if (p)
				pend_drop(s, p);
		}
		break;
	case TL_EV_EXEC:
		exec_json(s, c, ev);
		break;
	case TL_EV_EXIT:
		exit_json(s, ev);
		break;
	case TL_EV_FORK:
		fork_json(s, ev);
		break;
	case TL_EV_LOST:
		lost_json(s, ev);
		break;
	default:
		return 0;
	}
	jsonw_putc(&s->w, '\n');
	if (s->w.len >= FLUSH_AT || s->w.err)
		return jsonw_flush(&s->w, c->opts->out);
	return 0;
}

static int json_end(struct conv_ctx *c, bool failed)
{
	struct json_state *s = c->priv;
	unsigned int i;
	int err = 0;

	if (!s)
		return 0;
	if (!failed)
		err = jsonw_flush(&s->w, c->opts->out);
	if (!err && !failed && fflush(c->opts->out))
		err = -errno;
	for (i = 0; i < s->npend; i++)
		pend_free(&s->pend[i]);
	jsonw_release(&s->w);
	sbuf_release(&s->tmp);
	free(s);
	c->priv = NULL;
	return err;
}

const struct conv_emitter conv_json = {
	.name = "json",
	.desc = "JSON lines: one object per syscall, process event and loss",
	.needs_path = false,
	.binary = false,
	.wants_enter = true,
	.begin = json_begin,
	.event = json_event,
	.end = json_end,
};
