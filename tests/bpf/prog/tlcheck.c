// SPDX-License-Identifier: MIT
/*
 * tlcheck - prints the decoded events of .tlz files one per line in a
 * simple, stable format for the BPF tests to assert on (grep, awk).
 * Uses the libtlz decoder directly; one event per syscall (its exit, with
 * the enter part attached).
 *
 *   tlcheck [--trace ID] FILE...     (--trace: events of that trace only)
 *
 * Lines (fields separated by single spaces; strings quoted, with ", \ and
 * bytes outside 0x20..0x7e escaped as \xHH):
 *   sys TID PID ABI NAME ret=RET|? [err=ENAME] [noret] [inflight] [noenter]
 *       a0=HEX ... a5=HEX [cN=KIND[T][F][X]:LEN/FULL:"DATA"]...
 *   fork TID PID child=TID/PID [thread]
 *   exec TID PID old=TID comm=COMM file="FILENAME"
 *   exit TID PID code=0xSTATUS [group]
 *   lost gap|overwritten N cpu=CPU trace=ID
 *   file PATH chunks=N footer=0|1 damaged=N truncated=0|1
 *       (one per file, first: a separate pass with a tl_reader)
 *   trace ID NAME kind=KIND records=N lost_busy=N lost_size=N lost_other=N
 *       (one per trace, with counters summed over the CPUs)
 * KIND is str, buf, argv, count or len; T truncated, F fault, X at exit.
 * Exit status: 0, 1 when a file cannot be decoded.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tl.h"

__attribute__((format(printf, 2, 0)))
static int print_cb(enum tl_print_level level, const char *fmt, va_list ap)
{
	if (level != TL_WARN)
		return 0;
	fputs("tlcheck: ", stderr);
	return vfprintf(stderr, fmt, ap);
}

static void put_str(const uint8_t *p, uint32_t n)
{
	uint32_t i;

	putchar('"');
	for (i = 0; i < n; i++) {
		if (p[i] == '"' || p[i] == '\\' || p[i] < 0x20 || p[i] > 0x7e)
			printf("\\x%02x", p[i]);
		else
			putchar(p[i]);
	}
	putchar('"');
}

static const char *kind_name(unsigned k)
{
	switch (k) {
	case TL_CAPT_STR: return "str";
	case TL_CAPT_BUF: return "buf";
	case TL_CAPT_ARGV: return "argv";
	case TL_CAPT_COUNT: return "count";
	case TL_CAPT_LEN: return "len";
	}
	return "?";
}

static void print_sys(const struct tl_event *e)
{
	uint32_t i;

	printf("sys %u %u %s %s", e->tid, e->pid, tl_abi_name(e->abi), e->name);
	if (e->flags & TL_EVF_HAS_RET) {
		printf(" ret=%" PRId64, e->ret);
		if (e->ret < 0 && e->ret >= -4095 && tl_errno_name((int)-e->ret))
			printf(" err=%s", tl_errno_name((int)-e->ret));
	} else {
		printf(" ret=?");
	}
	if (e->flags & TL_EVF_NORETURN)
		printf(" noret");
	if (e->flags & TL_EVF_IN_FLIGHT)
		printf(" inflight");
	if (!(e->flags & TL_EVF_HAS_ENTER))
		printf(" noenter");
	else
		for (i = 0; i < 6; i++)
			printf(" a%u=%" PRIx64, i, e->args[i]);
	for (i = 0; i < e->ncapt; i++) {
		const struct tl_capture *c = &e->capt[i];

		printf(" c%u=%s%s%s%s:%u/%u:", c->arg, kind_name(c->kind),
		       c->flags & TL_CAPTF_TRUNC ? "T" : "",
		       c->flags & TL_CAPTF_FAULT ? "F" : "",
		       c->flags & TL_CAPTF_EXIT ? "X" : "", c->len, c->full_len);
		put_str(c->data, c->len);
	}
	putchar('\n');
}

static void print_traces(struct tl_decoder *d)
{
	unsigned i, t, c;

	for (i = 0; i < tl_decoder__nfiles(d); i++) {
		const struct tl_file_info *f = tl_decoder__file(d, i);

		for (t = 0; f && t < f->ntraces; t++) {
			const struct tl_trace_info *ti = f->traces[t];
			uint64_t rec = 0, busy = 0, size = 0, other = 0;

			for (c = 0; c < ti->nrings; c++) {
				rec += ti->rings[c].records;
				busy += ti->rings[c].lost_busy;
				size += ti->rings[c].lost_size;
				other += ti->rings[c].lost_other;
			}
			printf("trace %u %s kind=%s records=%" PRIu64
			       " lost_busy=%" PRIu64 " lost_size=%" PRIu64
			       " lost_other=%" PRIu64 "\n", ti->id, ti->name,
			       tl_trace_kind_name((int)ti->kind), rec, busy, size,
			       other);
		}
	}
}

/* Reads every chunk of `path` and prints the reader's stats. */
static int print_file(const char *path)
{
	struct tl_reader *r = tl_reader__open(path);
	const struct tl_chunk *c;
	struct tl_reader_stats st;
	int ret;

	if (!r)
		return -1;
	while ((ret = tl_reader__next_chunk(r, &c)) > 0)
		;
	tl_reader__stats(r, &st);
	printf("file %s chunks=%" PRIu64 " footer=%d damaged=%" PRIu64
	       " truncated=%d\n", path, st.chunks, st.has_footer,
	       st.damaged_chunks, st.truncated);
	tl_reader__close(r);
	return ret;
}

int main(int argc, char **argv)
{
	struct tl_decoder_opts o = { .sz = sizeof(o), .no_enter_events = true };
	const struct tl_event *e;
	struct tl_decoder *d;
	long only = -1;
	int i, ret, first = 1;

	if (argc > 2 && !strcmp(argv[1], "--trace")) {
		only = atol(argv[2]);
		first = 3;
	}
	if (argc <= first) {
		fprintf(stderr, "usage: tlcheck [--trace ID] FILE...\n");
		return 2;
	}
	tl_set_print(print_cb);
	d = tl_decoder__new(&o);
	if (!d) {
		perror("tlcheck");
		return 1;
	}
	for (i = first; i < argc; i++) {
		struct tl_reader *r;

		if (print_file(argv[i])) {
			fprintf(stderr, "tlcheck: cannot read '%s'\n", argv[i]);
			tl_decoder__free(d);
			return 1;
		}
		r = tl_reader__open(argv[i]);

		if (!r || tl_decoder__add(d, r)) {
			fprintf(stderr, "tlcheck: cannot read '%s'\n", argv[i]);
			tl_decoder__free(d);
			return 1;
		}
	}
	print_traces(d);
	while ((ret = tl_decoder__next(d, &e)) > 0) {
		if (only >= 0 && (!e->trace || e->trace->id != (uint32_t)only))
			continue;
		switch (e->type) {
		case TL_EV_SYSCALL_EXIT:
			print_sys(e);
			break;
		case TL_EV_FORK:
			printf("fork %u %u child=%u/%u%s\n", e->tid, e->pid,
			       e->child_tid, e->child_pid,
			       e->flags & TL_EVF_THREAD ? " thread" : "");
			break;
		case TL_EV_EXEC:
			printf("exec %u %u old=%u comm=%s file=", e->tid, e->pid,
			       e->old_tid, e->comm);
			put_str((const uint8_t *)(e->filename ? e->filename : ""),
				e->filename ? (uint32_t)strlen(e->filename) : 0);
			putchar('\n');
			break;
		case TL_EV_EXIT:
			printf("exit %u %u code=0x%x%s\n", e->tid, e->pid,
			       (unsigned)e->exit_code,
			       e->flags & TL_EVF_GROUP_DEAD ? " group" : "");
			break;
		case TL_EV_LOST:
			printf("lost %s %" PRIu64 " cpu=%u trace=%u\n",
			       e->lost_kind == TL_LOST_GAP ? "gap" : "overwritten",
			       e->lost, e->cpu, e->trace ? e->trace->id : 0);
			break;
		default:
			break;
		}
	}
	tl_decoder__free(d);
	if (ret < 0) {
		fprintf(stderr, "tlcheck: decoding failed: %s\n", strerror(-ret));
		return 1;
	}
	return 0;
}
