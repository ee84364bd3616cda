// SPDX-License-Identifier: MIT
/*
 * tl-convert.c - decodes .tlz files into strace text (default), traceloop
 * text, JSON lines, SQLite or pcapng. Main loop: options, inputs merged
 * by one tl_decoder, filters and --redact, then the chosen emitter
 * (convert/emit.h); --info prints metadata without decoding events.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "emit.h"
#include "filter.h"
#include "info.h"
#include "internal.h"

#define PROG "tl-convert"

static void usage(FILE *f)
{
	unsigned i;

	fprintf(f,
"Usage: " PROG " [-f FORMAT] [-o OUT] [OPTIONS] FILE...\n"
"Decode .tlz traces (FILE may be '-' for stdin; several files are merged\n"
"in time order) into strace text (default) or another format.\n"
"\n"
"Output:\n"
"  -f, --format FORMAT    output format (default strace):\n");
	for (i = 0; i < conv_nemitters; i++)
		if (conv_emitters[i])
			fprintf(f, "                           %-10s %s\n",
				conv_emitters[i]->name, conv_emitters[i]->desc);
	fprintf(f,
"  -o, --output FILE      write to FILE instead of stdout\n"
"      --info             print the files' metadata (machine, traces, time\n"
"                         range, event counts, loss) without decoding;\n"
"                         read through the file's index when it has one\n"
"      --scan             with --info: read every chunk even with an index\n"
"                         (record counts by type, blocks, damage)\n"
"\n"
"strace text:\n"
"  -t, -tt, -ttt          time of day, with microseconds, as Unix time\n"
"  -r                     time since the previous line\n"
"  -T                     time spent in each call\n"
"  -s, --string-limit N   bytes of strings and buffers shown (default 32)\n"
"  -x, -xx                non-ASCII strings (-x) or all strings (-xx) in hex\n"
"  -X raw|abbrev|verbose  numbers, names (default), or both\n"
"\n"
"Filters (all formats):\n"
"  -e trace=SET           syscalls to show: names and classes (%%file,\n"
"                         %%process, %%network, %%signal, %%ipc, %%desc,\n"
"                         %%memory, %%stat, %%creds, %%clock), '!' negates\n"
"      --pid LIST         these pids or tids (comma-separated)\n"
"      --comm LIST        these process names\n"
"      --trace LIST       these traces (name or id)\n"
"  -Z, --failed           only calls that failed\n"
"      --since TIME       events at or after TIME, --until TIME before it:\n"
"      --until TIME       2s, +500ms (after the first event), @1700000000.5\n"
"                         (Unix time), 10:15:00 or 2024-05-01T10:15:00\n"
"                         (local time)\n"
"      --redact           drop buffer contents and environment strings\n"
"                         (lengths and paths stay)\n"
"\n"
"  -q, --quiet            no warnings\n"
"  -v, --verbose          more messages (repeatable)\n"
"  -h, --help             this help\n"
"  -V, --version          version\n"
"\n"
"Exit status: 0 success, 1 runtime failure (unreadable or invalid input,\n"
"write error), 2 usage error. A damaged or truncated file still yields\n"
"every intact event, with a warning saying what was skipped.\n"
"\n"
"Examples:\n"
"  " PROG " trace.tlz                      strace text on stdout\n"
"  " PROG " -tt -T -s 256 trace.tlz        times, durations, longer strings\n"
"  " PROG " -e trace=%%file --failed t.tlz  failing file syscalls\n"
"  " PROG " --pid 1234 --since 2s t.tlz    one process, from 2 s in\n"
"  " PROG " -f traceloop trace.tlz         traceloop layout\n"
"  " PROG " -f json trace.tlz | jq .       JSON lines\n"
"  " PROG " -f sqlite -o t.db a.tlz b.tlz  both files into one database\n"
"  " PROG " --redact -o shared.tlz.txt t.tlz   without buffer contents\n"
"  " PROG " --info trace.tlz               what is in the file\n");
}

__attribute__((format(printf, 1, 2), noreturn))
static void die_usage(const char *fmt, ...)
{
	va_list ap;

	fputs(PROG ": ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\nTry '" PROG " --help'.\n", stderr);
	exit(2);
}

static const char *errstr(int err)
{
	switch (err) {
	case -EBADMSG: return "not a valid .tlz file or damaged beyond use";
	case -EOPNOTSUPP: return "unsupported format version or critical chunk";
	}
	return strerror(-err);
}

/* --redact: buffer contents and environment strings never reach the
 * emitters. Works on a copy of the event. */
struct redact_buf {
	struct tl_event ev;
	struct tl_capture capt[32];
};

static const struct tl_event *redact(const struct tl_event *ev,
				     struct redact_buf *rb)
{
	uint32_t i, n;
	bool changed = false;

	if (ev->type != TL_EV_SYSCALL_ENTER && ev->type != TL_EV_SYSCALL_EXIT)
		return ev;
	n = ev->ncapt < 32 ? ev->ncapt : 32;
	for (i = 0; i < n; i++) {
		const struct tl_capture *c = &ev->capt[i];
		int kind = c->kind & TL_CAPT_KIND_MASK, ak = -1;
		struct tl_capture *o = &rb->capt[i];

		*o = *c;
		if (ev->sc && c->arg < ev->sc->nargs)
			ak = ev->sc->args[c->arg].kind;
		if (kind == TL_CAPT_BUF &&
		    (ak < 0 || ak >= TL_ARG_KIND_MAX || ak == TL_ARG_BUF_IN ||
		     ak == TL_ARG_BUF_OUT || ak == TL_ARG_IOV_IN ||
		     ak == TL_ARG_IOV_OUT)) {
			o->kind = (uint8_t)((c->kind & ~TL_CAPT_KIND_MASK) |
					    TL_CAPT_LEN);
			o->len = 0;
			o->data = NULL;
			changed = true;
		} else if (kind == TL_CAPT_ARGV && ak == TL_ARG_ENVP) {
			o->kind = (uint8_t)((c->kind & ~TL_CAPT_KIND_MASK) |
					    TL_CAPT_COUNT);
			o->len = 0;
			o->data = NULL;
			changed = true;
		}
	}
	if (!changed)
		return ev;
	rb->ev = *ev;
	rb->ev.ncapt = n;
	rb->ev.capt = rb->capt;
	return &rb->ev;
}

enum {
	OPT_PID = 256, OPT_COMM, OPT_TRACE, OPT_SINCE, OPT_UNTIL, OPT_REDACT,
	OPT_INFO,
	OPT_SCAN,
};

static const struct option long_opts[] = {
	{ "format", required_argument, NULL, 'f' },
	{ "output", required_argument, NULL, 'o' },
	{ "string-limit", required_argument, NULL, 's' },
	{ "failed", no_argument, NULL, 'Z' },
	{ "pid", required_argument, NULL, OPT_PID },
	{ "comm", required_argument, NULL, OPT_COMM },
	{ "trace", required_argument, NULL, OPT_TRACE },
	{ "since", required_argument, NULL, OPT_SINCE },
	{ "until", required_argument, NULL, OPT_UNTIL },
	{ "redact", no_argument, NULL, OPT_REDACT },
	{ "info", no_argument, NULL, OPT_INFO },
	{ "scan", no_argument, NULL, OPT_SCAN },
	{ "quiet", no_argument, NULL, 'q' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

int main(int argc, char **argv)
{
	const struct conv_emitter *em = &conv_strace;
	struct conv_opts opts = { .snaplen = 32 };
	struct conv_filter filt = { 0 };
	struct conv_ctx ctx = { 0 };
	struct tl_decoder_opts dopts = { .sz = sizeof(dopts) };
	struct tl_decoder *dec = NULL;
	struct redact_buf *rb = NULL;
	const struct tl_event *ev;
	bool info = false, scan = false, began = false, have_t0 = false;
	int c, i, err = 0, ret = 1, tcount = 0, xcount = 0;
	char msg[256];
	uint64_t v;

	opts.out = stdout;
	tl_set_print(conv_print_fn);
	opterr = 0;
	while ((c = getopt_long(argc, argv, "f:o:s:tTrxX:e:ZqvhV", long_opts,
				NULL)) != -1) {
		msg[0] = 0;
		switch (c) {
		case 'f':
			em = conv_find_emitter(optarg);
			if (!em)
				die_usage("unknown format '%s'", optarg);
			break;
		case 'o':
			opts.out_path = optarg;
			break;
		case 's':
			if (tl_parse_u64(optarg, 0, 1u << 20, &v))
				die_usage("invalid string limit '%s'", optarg);
			opts.snaplen = (unsigned)v;
			break;
		case 't':
			tcount++;
			break;
		case 'r':
			opts.time_fmt = CONV_TIME_REL;
			break;
		case 'T':
			opts.show_dur = true;
			break;
		case 'x':
			xcount++;
			break;
		case 'X':
			if (strcmp(optarg, "raw") == 0)
				opts.xstyle = CONV_XS_RAW;
			else if (strcmp(optarg, "abbrev") == 0)
				opts.xstyle = CONV_XS_ABBREV;
			else if (strcmp(optarg, "verbose") == 0)
				opts.xstyle = CONV_XS_VERBOSE;
			else
				die_usage("invalid -X '%s' (raw, abbrev, verbose)",
					  optarg);
			break;
		case 'e':
			if (filter_set_syscalls(&filt, optarg, msg))
				die_usage("%s", msg[0] ? msg : "out of memory");
			break;
		case 'Z':
			filt.failed = true;
			break;
		case OPT_PID:
			if (filter_add_pids(&filt, optarg, msg))
				die_usage("%s", msg[0] ? msg : "out of memory");
			break;
		case OPT_COMM:
			if (filter_add_comms(&filt, optarg, msg))
				die_usage("out of memory");
			break;
		case OPT_TRACE:
			if (filter_add_traces(&filt, optarg, msg))
				die_usage("out of memory");
			break;
		case OPT_SINCE:
			if (filter_parse_time(optarg, &filt.since, msg))
				die_usage("%s", msg);
			break;
		case OPT_UNTIL:
			if (filter_parse_time(optarg, &filt.until, msg))
				die_usage("%s", msg);
			break;
		case OPT_REDACT:
			opts.redact = true;
			break;
		case OPT_INFO:
			info = true;
			break;
		case OPT_SCAN:
			scan = true;
			break;
		case 'q':
			conv_verbosity--;
			break;
		case 'v':
			conv_verbosity++;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf(PROG " " TL_VERSION "\n");
			return 0;
		default:
			if (optopt && strchr("fosXe", optopt))
				die_usage("option '-%c' needs an argument", optopt);
			if (optopt)
				die_usage("invalid option '-%c'", optopt);
			die_usage("invalid option '%s'", argv[optind - 1]);
		}
	}
	if (tcount == 1 && opts.time_fmt != CONV_TIME_REL)
		opts.time_fmt = CONV_TIME_T;
	else if (tcount == 2)
		opts.time_fmt = CONV_TIME_TT;
	else if (tcount >= 3)
		opts.time_fmt = CONV_TIME_TTT;
	opts.xflag = xcount >= 2 ? CONV_X_ALL : xcount;
	if (optind >= argc)
		die_usage("no input file");

	if (scan && !info)
		die_usage("--scan goes with --info");
	if (info)
		return conv_info(argv + optind, argc - optind, scan, stdout) ?
		       1 : 0;

	if (em->needs_path && !opts.out_path)
		die_usage("format '%s' needs -o FILE", em->name);
	if (em->binary && !opts.out_path && isatty(STDOUT_FILENO))
		die_usage("format '%s' is binary: use -o FILE or a pipe",
			  em->name);

	dopts.no_enter_events = !em->wants_enter || filter_needs_exit(&filt);
	dec = tl_decoder__new(&dopts);
	if (!dec) {
		fprintf(stderr, PROG ": cannot create decoder: %s\n",
			strerror(errno));
		goto out;
	}
	for (i = optind; i < argc; i++) {
		struct tl_reader *r = conv_open_reader(argv[i]);

		if (!r)
			goto out;
		err = tl_decoder__add(dec, r);
		if (err) {
			fprintf(stderr, PROG ": '%s': %s\n", argv[i], errstr(err));
			goto out;
		}
	}
	if (opts.redact) {
		rb = calloc(1, sizeof(*rb));
		if (!rb)
			goto out;
	}
	if (opts.out_path && !em->needs_path) {
		opts.out = fopen(opts.out_path, em->binary ? "wb" : "w");
		if (!opts.out) {
			fprintf(stderr, PROG ": cannot open '%s': %s\n",
				opts.out_path, strerror(errno));
			opts.out = stdout;
			goto out;
		}
	}
	ctx.opts = &opts;
	ctx.dec = dec;
	err = em->begin(&ctx);
	if (err) {
		if (!ctx.err_reported)
			fprintf(stderr, PROG ": %s: %s\n", em->name, strerror(-err));
		goto out;
	}
	began = true;
	for (;;) {
		err = tl_decoder__next(dec, &ev);
		if (err <= 0)
			break;
		if (!have_t0) {
			ctx.t0_ts = ev->ts;
			ctx.t0_wall = ev->wall_ns;
			have_t0 = true;
		}
		if (!filter_match(&filt, ev, ctx.t0_wall))
			continue;
		if (rb)
			ev = redact(ev, rb);
		err = em->event(&ctx, ev);
		if (err) {
			if (!ctx.err_reported)
				fprintf(stderr, PROG ": %s output: %s\n", em->name,
				strerror(-err));
			goto out;
		}
	}
	if (err < 0) {
		fprintf(stderr, PROG ": %s\n", errstr(err));
		goto out;
	}
	ret = 0;
out:
	if (began) {
		err = em->end(&ctx, ret != 0);
		if (err && ret == 0) {
			if (!ctx.err_reported)
				fprintf(stderr, PROG ": %s output: %s\n", em->name,
				strerror(-err));
			ret = 1;
		}
	}
	if (opts.out && opts.out != stdout && fclose(opts.out) && ret == 0) {
		fprintf(stderr, PROG ": '%s': %s\n", opts.out_path,
			strerror(errno));
		ret = 1;
	}
	tl_decoder__free(dec);
	filter_release(&filt);
	free(rb);
	return ret;
}
