// SPDX-License-Identifier: MIT
/*
 * strace.c - the default output: `strace -f -o FILE` text. Every line
 * starts with the thread id as "%-5u " and the optional -t/-tt/-ttt/-r
 * stamp; "=" is padded to column 40 counting the prefix. A call's entry
 * part is printed at its ENTER event and left open; if any other line has
 * to be printed before its EXIT event, the open line is closed with
 * " <unfinished ...>" and the call ends later on a "<... NAME resumed>"
 * line, exactly as strace does. Lost records get a "--- lost ... ---"
 * line, which strace log parsers treat as a non-syscall event.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "emit.h"
#include "escape.h"
#include "flags.h"
#include "hmap.h"
#include "sbuf.h"
#include "sfmt.h"

#define ACOLUMN		40
#define FLUSH_AT	(256u * 1024)

struct strace_state {
	struct sbuf sb;
	FILE *out;
	const struct conv_opts *o;
	size_t line_start;		/* offset of the current line in sb */
	bool open;			/* a call's line is waiting for its exit */
	uint64_t open_key;
	size_t open_call;		/* where its "name(" starts in the line */
	struct hmap entered;		/* thread key -> 1: entry printed */
	struct hmap printers;		/* tl_syscall * -> sc_printer * */
	struct hmap restart;		/* thread key -> name of the call that
					 * returned ERESTART_RESTARTBLOCK */
	const struct tl_file_info *files[64];	/* thread key file part */
	unsigned nfiles;
	int64_t last_ts;		/* -r */
	bool have_last;
	int64_t tsec;			/* -t/-tt: cached local time */
	char tbuf[16];
	int werr;
};

static uint64_t thread_key(struct strace_state *s, const struct tl_event *ev)
{
	unsigned i;

	for (i = 0; i < s->nfiles; i++)
		if (s->files[i] == ev->file)
			break;
	if (i == s->nfiles && s->nfiles < 64)
		s->files[s->nfiles++] = ev->file;
	return ((uint64_t)(i + 1) << 32) | ev->tid;
}

static const struct sc_printer *printer_of(struct strace_state *s,
					   const struct tl_event *ev)
{
	uint64_t *v;
	const struct sc_printer *p;

	if (!ev->sc)
		return NULL;	/* sfmt_init picks the unknown printer */
	v = hmap_get(&s->printers, (uint64_t)(uintptr_t)ev->sc);
	if (v)
		return (const struct sc_printer *)(uintptr_t)*v;
	p = sfmt_lookup(ev->sc->name);
	if (!p) {
		/* generic: let sfmt_init decide, cache a marker */
		struct sfmt f;
		struct sbuf dummy = { 0 };

		sfmt_init(&f, &dummy, s->o, ev, NULL);
		p = f.p;
	}
	hmap_put(&s->printers, (uint64_t)(uintptr_t)ev->sc,
		 (uint64_t)(uintptr_t)p);
	return p;
}

static void flush_out(struct strace_state *s, bool all)
{
	size_t n = (s->open && !all) ? s->line_start : s->sb.len;

	if (!n)
		return;
	if (fwrite(s->sb.buf, 1, n, s->out) != n && !s->werr)
		s->werr = errno ? -errno : -EIO;
	memmove(s->sb.buf, s->sb.buf + n, s->sb.len - n);
	s->sb.len -= n;
	s->line_start -= n < s->line_start ? n : s->line_start;
}

static void put_time(struct strace_state *s, const struct tl_event *ev)
{
	struct sbuf *sb = &s->sb;
	int64_t wall = ev->wall_ns, sec = wall / 1000000000;
	int64_t usec = (wall % 1000000000) / 1000;

	if (wall < 0) {
		sec = 0;
		usec = 0;
	}
	switch (s->o->time_fmt) {
	case CONV_TIME_T:
	case CONV_TIME_TT:
		if (sec != s->tsec || !s->tbuf[0]) {
			struct tm tm;
			time_t t = (time_t)sec;

			localtime_r(&t, &tm);
			strftime(s->tbuf, sizeof(s->tbuf), "%T", &tm);
			s->tsec = sec;
		}
		sbuf_puts(sb, s->tbuf);
		if (s->o->time_fmt == CONV_TIME_TT) {
			sbuf_putc(sb, '.');
			sbuf_u64_w(sb, (uint64_t)usec, 6, '0');
		}
		sbuf_putc(sb, ' ');
		break;
	case CONV_TIME_TTT:
		sbuf_u64(sb, (uint64_t)sec);
		sbuf_putc(sb, '.');
		sbuf_u64_w(sb, (uint64_t)usec, 6, '0');
		sbuf_putc(sb, ' ');
		break;
	case CONV_TIME_REL: {
		int64_t d = s->have_last ? ev->ts - s->last_ts : 0;

		if (d < 0)
			d = 0;
		sbuf_u64_w(sb, (uint64_t)(d / 1000000000), 6, ' ');
		sbuf_putc(sb, '.');
		sbuf_u64_w(sb, (uint64_t)(d % 1000000000 / 1000), 6, '0');
		sbuf_putc(sb, ' ');
		break;
	}
	default:
		break;
	}
	s->last_ts = ev->ts;
	s->have_last = true;
}

/* Closes an open call line with " <unfinished ...>". */
static void cut_open(struct strace_state *s)
{
	if (!s->open)
		return;
	sbuf_puts(&s->sb, " <unfinished ...>\n");
	s->open = false;
}

static void begin_line(struct strace_state *s, const struct tl_event *ev,
		       uint32_t id)
{
	size_t start;

	cut_open(s);
	s->line_start = s->sb.len;
	start = s->sb.len;
	sbuf_u64(&s->sb, id);
	if (s->sb.len - start < 5)
		sbuf_pad(&s->sb, ' ', 5 - (s->sb.len - start));
	sbuf_putc(&s->sb, ' ');
	if (s->o->time_fmt)
		put_time(s, ev);
}

static void tabto(struct strace_state *s)
{
	size_t col = s->sb.len - s->line_start;

	sbuf_putc(&s->sb, ' ');
	col++;
	if (col < ACOLUMN)
		sbuf_pad(&s->sb, ' ', ACOLUMN - col);
}

static void put_dur(struct strace_state *s, const struct tl_event *ev)
{
	int64_t d;

	if (!s->o->show_dur || !ev->enter_ts)
		return;
	d = ev->exit_ts - ev->enter_ts;
	if (d < 0)
		d = 0;
	sbuf_add(&s->sb, " <", 2);
	sbuf_u64(&s->sb, (uint64_t)(d / 1000000000));
	sbuf_putc(&s->sb, '.');
	sbuf_u64_w(&s->sb, (uint64_t)(d % 1000000000 / 1000), 6, '0');
	sbuf_putc(&s->sb, '>');
}

/* ") ", padding, "= value", -T, newline. */
static void finish_call(struct strace_state *s, struct sfmt *f)
{
	const struct tl_event *ev = f->ev;
	bool noret = ev->flags & TL_EVF_NORETURN;

	if (noret && sfmt_has_exit_part(f))
		sbuf_puts(&s->sb, " <unfinished ...>");
	sbuf_putc(&s->sb, ')');
	tabto(s);
	sbuf_add(&s->sb, "= ", 2);
	sfmt_retval(f);
	if (!noret && f->has_ret)
		put_dur(s, ev);
	sbuf_putc(&s->sb, '\n');
}

/* "name(" and the entry part; restart_syscall names the call it resumes,
 * as strace does: restart_syscall(<... resuming interrupted nanosleep ...>) */
static void put_call_start(struct strace_state *s, struct sfmt *f,
			   const struct tl_event *ev)
{
	uint64_t *v;

	sbuf_puts(&s->sb, ev->name);
	sbuf_putc(&s->sb, '(');
	if (strcmp(ev->name, "restart_syscall") == 0) {
		v = hmap_get(&s->restart, thread_key(s, ev));
		sbuf_puts(&s->sb, "<... resuming interrupted ");
		sbuf_puts(&s->sb, v ? (const char *)(uintptr_t)*v : "system call");
		sbuf_puts(&s->sb, " ...>");
		return;
	}
	sfmt_enter(f);
}

static void on_sys_enter(struct strace_state *s, const struct tl_event *ev)
{
	struct sfmt f;

	sfmt_init(&f, &s->sb, s->o, ev, printer_of(s, ev));
	begin_line(s, ev, ev->tid);
	s->open_call = s->sb.len - s->line_start;
	put_call_start(s, &f, ev);
	s->open = true;
	s->open_key = thread_key(s, ev);
	hmap_put(&s->entered, s->open_key, 1);
}

/* The return of a new thread or process from clone/fork in the child:
 * the kernel reports a syscall exit that never had an entry there, and
 * strace does not show it. */
bool conv_is_child_return(const struct tl_event *ev)
{
	const char *n = ev->name;

	if ((ev->flags & TL_EVF_HAS_ENTER) || !(ev->flags & TL_EVF_HAS_RET) ||
	    ev->ret != 0 || !n)
		return false;
	return strcmp(n, "clone") == 0 || strcmp(n, "clone3") == 0 ||
	       strcmp(n, "fork") == 0 || strcmp(n, "vfork") == 0;
}

static void on_sys_exit(struct strace_state *s, const struct tl_event *ev)
{
	uint64_t key = thread_key(s, ev);
	bool entered = hmap_del(&s->entered, key), noret;
	struct sfmt f;

	if (!entered && conv_is_child_return(ev))
		return;

	sfmt_init(&f, &s->sb, s->o, ev, printer_of(s, ev));
	if (ev->flags & TL_EVF_IN_FLIGHT) {
		/* still inside the call when the trace was dumped */
		if (s->open && s->open_key == key) {
			sbuf_puts(&s->sb, " <detached ...>\n");
			s->open = false;
		}
		return;
	}
	/* a call that never returned has no exit part to print */
	noret = ev->flags & TL_EVF_NORETURN;
	if (s->open && s->open_key == key) {
		s->open = false;
		/* an argument read again at exit: print the entry part anew,
		 * with its data, as strace (which reads it at entry) would */
		if (sfmt_enter_late(&f)) {
			s->sb.len = s->line_start + s->open_call;
			put_call_start(s, &f, ev);
		}
	} else if (entered) {
		begin_line(s, ev, ev->tid);
		sbuf_add(&s->sb, "<... ", 5);
		sbuf_puts(&s->sb, ev->name);
		sbuf_add(&s->sb, " resumed>", 9);
	} else {
		begin_line(s, ev, ev->tid);
		put_call_start(s, &f, ev);
	}
	if (!noret)
		sfmt_exit(&f);
	if ((ev->flags & TL_EVF_HAS_RET) && ev->ret == -516 && ev->sc)
		hmap_put(&s->restart, key, (uint64_t)(uintptr_t)ev->sc->name);
	finish_call(s, &f);
}

static void on_exit_proc(struct strace_state *s, const struct tl_event *ev)
{
	int st = ev->exit_code;

	begin_line(s, ev, ev->tid);
	if ((st & 0x7f) == 0 || (st & 0x7f) == 0x7f) {
		sbuf_puts(&s->sb, "+++ exited with ");
		sbuf_u64(&s->sb, (uint32_t)(st >> 8) & 0xff);
		sbuf_puts(&s->sb, " +++\n");
	} else {
		sbuf_puts(&s->sb, "+++ killed by ");
		print_signame(&s->sb, st & 0x7f, XS_ABBREV);
		if (st & 0x80)
			sbuf_puts(&s->sb, " (core dumped)");
		sbuf_puts(&s->sb, " +++\n");
	}
}

static void on_lost(struct strace_state *s, const struct tl_event *ev)
{
	begin_line(s, ev, ev->pid);
	sbuf_puts(&s->sb, "--- lost ");
	sbuf_u64(&s->sb, ev->lost);
	sbuf_puts(&s->sb, ev->lost == 1 ? " record" : " records");
	sbuf_puts(&s->sb, " on cpu ");
	sbuf_u64(&s->sb, ev->cpu);
	if (ev->lost_kind == TL_LOST_OVERWRITTEN)
		sbuf_puts(&s->sb, " before this point (ring overwritten)");
	sbuf_puts(&s->sb, " ---\n");
}

static int strace_begin(struct conv_ctx *c)
{
	struct strace_state *s = calloc(1, sizeof(*s));

	if (!s)
		return -ENOMEM;
	if (sbuf_init(&s->sb, FLUSH_AT + 64 * 1024)) {
		free(s);
		return -ENOMEM;
	}
	s->o = c->opts;
	s->out = c->opts->out;
	s->tsec = -1;
	c->priv = s;
	return 0;
}

static int strace_event(struct conv_ctx *c, const struct tl_event *ev)
{
	struct strace_state *s = c->priv;

	switch (ev->type) {
	case TL_EV_SYSCALL_ENTER:
		on_sys_enter(s, ev);
		break;
	case TL_EV_SYSCALL_EXIT:
		on_sys_exit(s, ev);
		break;
	case TL_EV_EXIT:
		on_exit_proc(s, ev);
		break;
	case TL_EV_LOST:
		on_lost(s, ev);
		break;
	default:
		return 0;
	}
	if (s->sb.err)
		return s->sb.err;
	if (s->sb.len >= FLUSH_AT)
		flush_out(s, false);
	return s->werr;
}

static int strace_end(struct conv_ctx *c, bool failed)
{
	struct strace_state *s = c->priv;
	int err;

	if (!s)
		return 0;
	if (s->open && !failed)
		cut_open(s);
	flush_out(s, true);
	if (fflush(s->out) && !s->werr)
		s->werr = -errno;
	err = s->werr ? s->werr : s->sb.err;
	hmap_release(&s->entered);
	hmap_release(&s->printers);
	hmap_release(&s->restart);
	sbuf_release(&s->sb);
	free(s);
	c->priv = NULL;
	return err;
}

const struct conv_emitter conv_strace = {
	.name = "strace",
	.desc = "strace -f -o text (default)",
	.wants_enter = true,
	.begin = strace_begin,
	.event = strace_event,
	.end = strace_end,
};
