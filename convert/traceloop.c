// SPDX-License-Identifier: MIT
/*
 * traceloop.c - kinvolk traceloop's text layout:
 *   00:00.070542730 cpu#0 pid 14464 [sh] write(fd=1, buf=37966992 "3*7*2\n", count=6) = 6
 * Times are relative to the first event of the trace (minutes:seconds,
 * nanoseconds), parameters are named from the file's syscall table,
 * pointers are decimal with the captured contents quoted after them. A
 * call whose exit does not follow its entry directly is split in two
 * lines: "name(args)..." at entry and "...name() = ret" at exit.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emit.h"
#include "escape.h"
#include "flags.h"
#include "hmap.h"
#include "sbuf.h"
#include "sfmt.h"

#define FLUSH_AT	(256u * 1024)

struct tloop_state {
	struct sbuf sb;
	FILE *out;
	const struct conv_opts *o;
	const struct conv_ctx *c;
	bool held;		/* an entry line is written but not ended */
	size_t held_at;		/* where it starts in sb */
	const struct tl_file_info *held_file;
	uint32_t held_tid;
	struct hmap entered;	/* thread key -> 1: entry line printed */
	const struct tl_file_info *files[64];
	unsigned nfiles;
	int werr;
};

static uint64_t thread_key(struct tloop_state *s, const struct tl_event *ev)
{
	unsigned i;

	for (i = 0; i < s->nfiles; i++)
		if (s->files[i] == ev->file)
			break;
	if (i == s->nfiles && s->nfiles < 64)
		s->files[s->nfiles++] = ev->file;
	return ((uint64_t)(i + 1) << 32) | ev->tid;
}

/* `at_enter`: the time of the call's entry (a call printed on one line
 * carries its entry time, as in traceloop). */
static void put_prefix(struct tloop_state *s, const struct tl_event *ev,
		       uint32_t id, bool at_enter)
{
	struct sbuf *sb = &s->sb;
	int64_t wall = ev->wall_ns, rel;

	if (at_enter && ev->enter_ts)
		wall -= ev->ts - ev->enter_ts;
	rel = wall - s->c->t0_wall;

	if (rel < 0)
		rel = 0;
	sbuf_u64_w(sb, (uint64_t)(rel / 60000000000ll), 2, '0');
	sbuf_putc(sb, ':');
	sbuf_u64_w(sb, (uint64_t)(rel / 1000000000 % 60), 2, '0');
	sbuf_putc(sb, '.');
	sbuf_u64_w(sb, (uint64_t)(rel % 1000000000), 9, '0');
	sbuf_puts(sb, " cpu#");
	sbuf_u64(sb, ev->cpu);
	sbuf_puts(sb, " pid ");
	sbuf_u64(sb, id);
	sbuf_puts(sb, " [");
	sbuf_puts(sb, ev->comm ? ev->comm : "?");
	sbuf_puts(sb, "] ");
}

static bool is_ptr_kind(int kind)
{
	return kind == TL_ARG_PTR || tl_arg_kind_reads(kind) != 0;
}

static void put_capture(struct tloop_state *s, const struct tl_capture *c)
{
	size_t n = c->len;

	if (c->flags & TL_CAPTF_FAULT) {
		sbuf_puts(&s->sb, " \"(Pointer deref failed!)\"");
		return;
	}
	switch (c->kind & TL_CAPT_KIND_MASK) {
	case TL_CAPT_COUNT:
	case TL_CAPT_LEN:
		return;
	case TL_CAPT_ARGV: {
		const uint8_t *p = c->data, *end = p + c->len;
		bool first = true;

		sbuf_puts(&s->sb, " [");
		while (p < end) {
			const uint8_t *z = memchr(p, 0, (size_t)(end - p));
			size_t len = z ? (size_t)(z - p) : (size_t)(end - p);

			if (!first)
				sbuf_putc(&s->sb, ' ');
			first = false;
			quote_go(&s->sb, p, len);
			p += len + 1;
		}
		sbuf_putc(&s->sb, ']');
		return;
	}
	default:
		break;
	}
	if (n > s->o->snaplen)
		n = s->o->snaplen;
	sbuf_putc(&s->sb, ' ');
	quote_go(&s->sb, c->data, n);
	if (n < c->len || (c->flags & TL_CAPTF_TRUNC) ||
	    ((c->kind & TL_CAPT_KIND_MASK) == TL_CAPT_BUF && c->full_len > n))
		sbuf_puts(&s->sb, "...");
}

static void put_call(struct tloop_state *s, const struct tl_event *ev,
		     bool with_exit)
{
	const struct tl_syscall *sc = ev->sc;
	unsigned i, n = sc ? sc->nargs : 6;

	sbuf_puts(&s->sb, ev->name);
	sbuf_putc(&s->sb, '(');
	if (!(ev->flags & TL_EVF_HAS_ENTER)) {
		sbuf_putc(&s->sb, ')');
		return;
	}
	if (n > 6)
		n = 6;
	for (i = 0; i < n; i++) {
		const struct tl_sysarg *a = sc ? &sc->args[i] : NULL;
		uint64_t v = ev->args[i];
		const struct tl_capture *c;

		if (i)
			sbuf_add(&s->sb, ", ", 2);
		if (a && a->name) {
			sbuf_puts(&s->sb, a->name);
			sbuf_putc(&s->sb, '=');
		} else {
			sbuf_puts(&s->sb, "arg");
			sbuf_u64(&s->sb, i);
			sbuf_putc(&s->sb, '=');
		}
		if (a && (a->kind == TL_ARG_INT || a->kind == TL_ARG_FD ||
			  a->kind == TL_ARG_DIRFD || a->kind == TL_ARG_PID)) {
			sbuf_i64(&s->sb, (int32_t)v);
			continue;
		}
		sbuf_u64(&s->sb, v);
		if (a && !is_ptr_kind(a->kind))
			continue;
		c = sfmt_capt(ev, (int)i, false);
		if (with_exit) {
			const struct tl_capture *ce = sfmt_capt(ev, (int)i, true);

			if (ce && (ce->flags & TL_CAPTF_EXIT))
				c = ce;
		}
		if (c && (with_exit || !(c->flags & TL_CAPTF_EXIT)))
			put_capture(s, c);
	}
	sbuf_putc(&s->sb, ')');
}

static void put_ret(struct tloop_state *s, const struct tl_event *ev)
{
	int64_t r = ev->ret;
	const char *msg;

	if (ev->flags & (TL_EVF_NORETURN | TL_EVF_IN_FLIGHT) ||
	    !(ev->flags & TL_EVF_HAS_RET)) {
		sbuf_puts(&s->sb, " = ?");
		return;
	}
	sbuf_puts(&s->sb, " = ");
	if (r < 0 && r >= -4095) {
		sbuf_puts(&s->sb, "-1 (");
		msg = tl_errno_msg((int)-r);
		if (msg) {
			sbuf_puts(&s->sb, msg);
		} else {
			sbuf_puts(&s->sb, "errno ");
			sbuf_i64(&s->sb, -r);
		}
		sbuf_putc(&s->sb, ')');
		return;
	}
	sbuf_i64(&s->sb, r);
}

static void end_held(struct tloop_state *s)
{
	if (!s->held)
		return;
	sbuf_puts(&s->sb, "...\n");
	s->held = false;
}

static int tloop_begin(struct conv_ctx *c)
{
	struct tloop_state *s = calloc(1, sizeof(*s));

	if (!s)
		return -ENOMEM;
	if (sbuf_init(&s->sb, FLUSH_AT + 64 * 1024)) {
		free(s);
		return -ENOMEM;
	}
	s->o = c->opts;
	s->out = c->opts->out;
	s->c = c;
	c->priv = s;
	return 0;
}

static int tloop_event(struct conv_ctx *c, const struct tl_event *ev)
{
	struct tloop_state *s = c->priv;
	bool entered;

	switch (ev->type) {
	case TL_EV_SYSCALL_ENTER:
		end_held(s);
		hmap_put(&s->entered, thread_key(s, ev), 1);
		s->held = true;
		s->held_at = s->sb.len;
		s->held_file = ev->file;
		s->held_tid = ev->tid;
		put_prefix(s, ev, ev->tid, false);
		put_call(s, ev, false);
		break;
	case TL_EV_SYSCALL_EXIT:
		entered = hmap_del(&s->entered, thread_key(s, ev));
		if (!entered && conv_is_child_return(ev))
			return 0;
		if (s->held && s->held_tid == ev->tid &&
		    s->held_file == ev->file) {
			/* entry directly followed by its exit: one line */
			s->sb.len = s->held_at;
			s->held = false;
			put_prefix(s, ev, ev->tid, true);
			put_call(s, ev, true);
		} else {
			end_held(s);
			if (entered) {
				put_prefix(s, ev, ev->tid, false);
				sbuf_puts(&s->sb, "...");
				sbuf_puts(&s->sb, ev->name);
				sbuf_puts(&s->sb, "()");
			} else {
				/* entry never printed: the whole call here */
				put_prefix(s, ev, ev->tid, true);
				put_call(s, ev, true);
			}
		}
		put_ret(s, ev);
		sbuf_putc(&s->sb, '\n');
		break;
	case TL_EV_EXIT: {
		int st = ev->exit_code;

		end_held(s);
		put_prefix(s, ev, ev->tid, false);
		if ((st & 0x7f) == 0) {
			sbuf_puts(&s->sb, "+++ exited with ");
			sbuf_u64(&s->sb, (uint32_t)(st >> 8) & 0xff);
		} else {
			sbuf_puts(&s->sb, "+++ killed by ");
			print_signame(&s->sb, st & 0x7f, XS_ABBREV);
			if (st & 0x80)
				sbuf_puts(&s->sb, " (core dumped)");
		}
		sbuf_puts(&s->sb, " +++\n");
		break;
	}
	case TL_EV_LOST:
		end_held(s);
		put_prefix(s, ev, ev->pid, false);
		sbuf_puts(&s->sb, "--- lost ");
		sbuf_u64(&s->sb, ev->lost);
		sbuf_puts(&s->sb, ev->lost == 1 ? " record" : " records");
		if (ev->lost_kind == TL_LOST_OVERWRITTEN)
			sbuf_puts(&s->sb, " before this point (ring overwritten)");
		sbuf_puts(&s->sb, " ---\n");
		break;
	default:
		return 0;
	}
	if (s->sb.err)
		return s->sb.err;
	if (s->sb.len >= FLUSH_AT && !s->held) {
		if (fwrite(s->sb.buf, 1, s->sb.len, s->out) != s->sb.len)
			s->werr = -EIO;
		s->sb.len = 0;
	}
	return s->werr;
}

static int tloop_end(struct conv_ctx *c, bool failed)
{
	struct tloop_state *s = c->priv;
	int err;

	if (!s)
		return 0;
	end_held(s);
	if (s->sb.len && fwrite(s->sb.buf, 1, s->sb.len, s->out) != s->sb.len)
		s->werr = -EIO;
	if (fflush(s->out) && !s->werr)
		s->werr = -errno;
	err = s->werr ? s->werr : s->sb.err;
	hmap_release(&s->entered);
	sbuf_release(&s->sb);
	free(s);
	c->priv = NULL;
	return err;
}

const struct conv_emitter conv_traceloop = {
	.name = "traceloop",
	.desc = "kinvolk traceloop text",
	.wants_enter = true,
	.begin = tloop_begin,
	.event = tloop_event,
	.end = tloop_end,
};
