// SPDX-License-Identifier: MIT
/*
 * tl-analyze.c - main: `tl-analyze QUERY [OPTIONS] FILE|DIR...`. Parses
 * options, opens the inputs (a directory means every .tlz in it) into one
 * decoder, streams the events through the process model and the chosen
 * query, and lets the query print its answer.
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ana.h"
#include "engine.h"
#include "internal.h"

static const struct ana_query *const queries[] = {
	&ana_q_failed, &ana_q_exectree, &ana_q_summary, &ana_q_errors,
	&ana_q_files, &ana_q_net, &ana_q_last, &ana_q_slow, &ana_q_lost,
	&ana_q_sql,
	&ana_q_report,
};
#define NQUERIES (sizeof(queries) / sizeof(queries[0]))

static void usage(FILE *f)
{
	size_t i;

	fprintf(f,
"Usage: tl-analyze QUERY [OPTIONS] FILE|DIR...\n"
"Answers questions about .tlz traces (a directory means every .tlz in it;\n"
"several inputs are merged in time order).\n"
"\n"
"Queries:\n");
	for (i = 0; i < NQUERIES; i++) {
		char head[64];

		snprintf(head, sizeof(head), "%s%s%s", queries[i]->name,
			 queries[i]->args ? " " : "",
			 queries[i]->args ? queries[i]->args : "");
		fprintf(f, "  %-24s %s\n", head, queries[i]->desc);
	}
	fprintf(f,
"\n"
"Filters (every query):\n"
"  -p, --pid PID[,PID...]   only these processes (pid or tid); exec-tree: their subtrees\n"
"  -c, --comm NAME[,...]    only these command names; exec-tree: their subtrees\n"
"  -t, --trace NAME|ID      only these traces of the file(s)\n"
"      --since TIME         from TIME: @EPOCH[.frac], HH:MM:SS[.frac] (local time),\n"
"                           or a duration after the first event (1.5s, 250ms)\n"
"      --until TIME         up to TIME (same forms)\n"
"Output:\n"
"  -j, --json               one JSON object instead of a table\n"
"  -o, --output FILE        write the answer to FILE (report: the HTML page)\n"
"      --limit N            at most N rows (failed-opens, errors, files, net)\n"
"Query options:\n"
"      --per-process        summary: one table per process\n"
"  -n, --lines N            last: syscalls kept per process (default 10)\n"
"      --min DURATION       slow: threshold (default 10ms)\n"
"General:\n"
"  -q, --quiet              less on stderr (repeat for silence)\n"
"  -v, --verbose            more on stderr (repeatable)\n"
"  -h, --help               this help\n"
"  -V, --version            version\n"
"\n"
"Examples:\n");
	for (i = 0; i < NQUERIES; i++)
		fprintf(f, "  %s\n", queries[i]->example);
	fprintf(f,
"\n"
"Times are shown in local time (set TZ to change it); --json gives\n"
"wall-clock nanoseconds since the epoch.\n"
"\n"
"Exit status: 0 success, 1 runtime failure (unreadable or damaged input,\n"
"I/O error), 2 usage error.\n");
}

__attribute__((format(printf, 1, 2)))
static void usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("tl-analyze: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\nTry 'tl-analyze --help'.\n", stderr);
}

/* While inputs are opened, library messages are held back so that a file
 * that cannot be opened gets one line (the library's reason), not two. */
static bool hold_msgs;
static char held[4096];
static size_t nheld;

__attribute__((format(printf, 2, 0)))
static int print_fn(enum tl_print_level level, const char *fmt, va_list ap)
{
	int need = level == TL_WARN ? 2 : level == TL_INFO ? 3 : 4;
	char buf[1024];
	const char *msg = buf;
	size_t len;

	if (ana_verbose < need)
		return 0;
	vsnprintf(buf, sizeof(buf), fmt, ap);
	if (strncmp(msg, "libtlz: ", 8) == 0)
		msg += 8;
	len = strlen(msg);
	if (len && msg[len - 1] == '\n')
		len--;
	if (hold_msgs) {
		if (nheld + len + 2 < sizeof(held)) {
			memcpy(held + nheld, msg, len);
			nheld += len;
			held[nheld++] = '\n';
			held[nheld] = 0;
		}
		return 0;
	}
	return fprintf(stderr, "tl-analyze: %.*s\n", (int)len, msg);
}

/* Prints the held messages (all, or only the last one). */
static void release_msgs(bool last_only)
{
	char *p = held, *nl;

	hold_msgs = false;
	if (last_only && nheld) {
		held[nheld - 1] = 0;
		p = strrchr(held, '\n');
		p = p ? p + 1 : held;
		fprintf(stderr, "tl-analyze: %s\n", p);
	} else {
		for (; (nl = strchr(p, '\n')); p = nl + 1)
			fprintf(stderr, "tl-analyze: %.*s\n", (int)(nl - p), p);
	}
	nheld = 0;
	held[0] = 0;
}

/* Splits "a,b,c" and appends each to a string list. */
static int add_list(char ***v, size_t *n, const char *arg)
{
	char *dup = strdup(arg), *tok, *save = NULL;
	int err = 0;

	if (!dup)
		return -ENOMEM;
	for (tok = strtok_r(dup, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		char **nv = tl_reallocarray(*v, *n + 1, sizeof(**v));

		if (!nv || !(nv[*n] = strdup(tok))) {
			if (nv)
				*v = nv;
			err = -ENOMEM;
			break;
		}
		*v = nv;
		(*n)++;
	}
	free(dup);
	return err;
}

static int add_pids(struct ana_opts *o, const char *arg)
{
	char **v = NULL;
	size_t n = 0, i;
	int err = add_list(&v, &n, arg);

	for (i = 0; i < n && !err; i++) {
		uint64_t pid;
		uint32_t *np;

		if (tl_parse_u64(v[i], 1, UINT32_MAX, &pid)) {
			err = -EINVAL;
			break;
		}
		np = tl_reallocarray(o->pids, o->npids + 1, sizeof(*np));
		if (!np) {
			err = -ENOMEM;
			break;
		}
		o->pids = np;
		o->pids[o->npids++] = (uint32_t)pid;
	}
	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
	return err;
}

static void free_list(char **v, size_t n)
{
	while (n)
		free(v[--n]);
	free(v);
}

static int add_list_one(char ***v, size_t *n, const char *s)
{
	char **nv = tl_reallocarray(*v, *n + 1, sizeof(**v));

	if (!nv)
		return -ENOMEM;
	*v = nv;
	if (!(nv[*n] = strdup(s)))
		return -ENOMEM;
	(*n)++;
	return 0;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Adds `path` (or every *.tlz of a directory, sorted) to the inputs.
 * 0, or 1 with a message printed. */
static int add_input(char ***v, size_t *n, const char *path)
{
	struct stat st;
	DIR *d;
	struct dirent *de;
	char **names = NULL;
	size_t nn = 0, i;
	int err = 0;

	if (strcmp(path, "-") == 0 || stat(path, &st) || !S_ISDIR(st.st_mode))
		return add_list_one(v, n, path);
	d = opendir(path);
	if (!d) {
		ana_msg(1, "'%s': %s", path, strerror(errno));
		return 1;
	}
	while ((de = readdir(d))) {
		size_t l = strlen(de->d_name);
		char *full = NULL;

		if (l < 5 || strcmp(de->d_name + l - 4, ".tlz") || de->d_name[0] == '.')
			continue;
		if (asprintf(&full, "%s/%s", path, de->d_name) < 0 ||
		    add_list_one(&names, &nn, full)) {
			free(full);
			err = 1;
			break;
		}
		free(full);
	}
	closedir(d);
	if (!err && !nn) {
		ana_msg(1, "'%s': no .tlz files in this directory", path);
		err = 1;
	}
	if (nn > 1)
		qsort(names, nn, sizeof(*names), name_cmp);
	for (i = 0; i < nn && !err; i++)
		err = add_list_one(v, n, names[i]);
	free_list(names, nn);
	return err;
}

enum {
	OPT_SINCE = 256, OPT_UNTIL, OPT_LIMIT, OPT_PER_PROCESS, OPT_MIN,
};

static const struct tl_proc *snap_lookup(void *arg, const struct tl_file_info *f,
					 uint32_t pid)
{
	struct tl_decoder *dec = arg;

	return f ? tl_decoder__proc(dec, f, pid) : NULL;
}

static const struct option long_opts[] = {
	{ "pid", required_argument, NULL, 'p' },
	{ "comm", required_argument, NULL, 'c' },
	{ "trace", required_argument, NULL, 't' },
	{ "since", required_argument, NULL, OPT_SINCE },
	{ "until", required_argument, NULL, OPT_UNTIL },
	{ "json", no_argument, NULL, 'j' },
	{ "output", required_argument, NULL, 'o' },
	{ "limit", required_argument, NULL, OPT_LIMIT },
	{ "per-process", no_argument, NULL, OPT_PER_PROCESS },
	{ "lines", required_argument, NULL, 'n' },
	{ "min", required_argument, NULL, OPT_MIN },
	{ "quiet", no_argument, NULL, 'q' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

static const struct ana_query *find_query(const char *name)
{
	size_t i;

	for (i = 0; i < NQUERIES; i++)
		if (strcmp(queries[i]->name, name) == 0)
			return queries[i];
	return NULL;
}

int main(int argc, char **argv)
{
	struct ana_opts o = { .verbose = 2 };
	struct tl_decoder_opts dopts = { .sz = sizeof(dopts), .no_enter_events = true };
	const struct ana_query *q;
	struct tl_decoder *dec = NULL;
	struct ana_ctx ctx;
	bool ctx_ready = false;
	char **inputs = NULL;
	size_t ninputs = 0, i;
	void *state = NULL;
	bool began = false;
	FILE *out = stdout;
	uint64_t v;
	int opt, err = 0, rc = 0, first_pos;

	while ((opt = getopt_long(argc, argv, "p:c:t:jo:n:qvhV", long_opts, NULL)) != -1) {
		switch (opt) {
		case 'p':
			if (add_pids(&o, optarg)) {
				usage_error("invalid --pid '%s'", optarg);
				return 2;
			}
			break;
		case 'c':
			if (add_list(&o.comms, &o.ncomms, optarg))
				return 1;
			break;
		case 't':
			if (add_list(&o.traces, &o.ntraces, optarg))
				return 1;
			break;
		case OPT_SINCE: o.since = optarg; break;
		case OPT_UNTIL: o.until = optarg; break;
		case 'j': o.json = true; break;
		case 'o': o.out_path = optarg; break;
		case OPT_LIMIT:
			if (tl_parse_u64(optarg, 1, UINT32_MAX, &o.limit)) {
				usage_error("invalid --limit '%s'", optarg);
				return 2;
			}
			break;
		case OPT_PER_PROCESS: o.per_process = true; break;
		case 'n':
			if (tl_parse_u64(optarg, 1, 100000, &v)) {
				usage_error("invalid -n '%s' (1..100000)", optarg);
				return 2;
			}
			o.last_n = v;
			break;
		case OPT_MIN:
			if (tl_parse_duration(optarg, &o.min_ns)) {
				usage_error("invalid --min '%s' (e.g. 10ms, 1.5s)", optarg);
				return 2;
			}
			break;
		case 'q': o.verbose = o.verbose > 0 ? o.verbose - 1 : 0; break;
		case 'v': o.verbose++; break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("tl-analyze %s\n", TL_VERSION);
			return 0;
		default:
			fputs("Try 'tl-analyze --help'.\n", stderr);
			return 2;
		}
	}
	ana_verbose = o.verbose;
	first_pos = optind;
	if (first_pos >= argc) {
		usage_error("no query given");
		return 2;
	}
	o.query = argv[first_pos++];
	q = find_query(o.query);
	if (!q) {
		usage_error("unknown query '%s'", o.query);
		return 2;
	}
	if (strcmp(q->name, "sql") == 0) {
		if (first_pos >= argc) {
			usage_error("sql needs a statement: tl-analyze sql \"SELECT ...\" FILE");
			return 2;
		}
		o.sql = argv[first_pos++];
	}
	if (o.since && ana_parse_time(o.since, 0, &(int64_t){0})) {
		usage_error("invalid --since '%s'", o.since);
		return 2;
	}
	if (o.until && ana_parse_time(o.until, 0, &(int64_t){0})) {
		usage_error("invalid --until '%s'", o.until);
		return 2;
	}
	if (first_pos >= argc) {
		usage_error("no input file");
		return 2;
	}
	for (i = (size_t)first_pos; i < (size_t)argc; i++) {
		if (add_input(&inputs, &ninputs, argv[i])) {
			rc = 1;
			goto out;
		}
	}
	tl_set_print(print_fn);

	dec = tl_decoder__new(&dopts);
	if (!dec) {
		ana_msg(1, "cannot create decoder: %s", strerror(errno));
		rc = 1;
		goto out;
	}
	for (i = 0; i < ninputs; i++) {
		struct tl_reader *r;
		bool had;

		hold_msgs = true;
		r = tl_reader__open(inputs[i]);
		err = r ? tl_decoder__add(dec, r) : -errno;
		if (!err && !tl_decoder__file(dec, (unsigned)i))
			err = -EBADMSG;
		had = nheld > 0;
		release_msgs(err != 0);
		if (err) {
			if (!had)
				ana_msg(1, "'%s': %s", inputs[i], strerror(-err));
			rc = 1;
			goto out;
		}
	}
	if (o.out_path) {
		out = fopen(o.out_path, "w");
		if (!out) {
			ana_msg(1, "cannot open '%s': %s", o.out_path, strerror(errno));
			out = stdout;
			rc = 1;
			goto out;
		}
	}
	err = ana_ctx_init(&ctx, &o, dec, out);
	ctx_ready = true;
	ctx.procs.snap = snap_lookup;
	ctx.procs.snap_arg = dec;
	for (i = 0; !err && i < tl_decoder__nfiles(dec); i++) {
		const struct tl_file_info *f = tl_decoder__file(dec, (unsigned)i);

		if (!f) {
			ana_msg(1, "'%s': cannot read the file's metadata", inputs[i]);
			rc = 1;
			goto out;
		}
		err = ana_ctx__add_file(&ctx, f);
	}
	err = err ?: q->begin(&ctx, &state);
	if (err) {
		ana_msg(1, "%s: %s", q->name, strerror(-err));
		rc = 1;
		goto out;
	}
	began = true;
	for (;;) {
		const struct tl_event *ev;

		err = tl_decoder__next(dec, &ev);
		if (err <= 0)
			break;
		err = ana_ctx__event(&ctx, q, state, ev);
		if (err == -EINVAL) {
			ana_msg(1, "invalid --since/--until");
			rc = 2;
			goto out;
		}
		if (err) {
			ana_msg(1, "%s: %s", q->name, strerror(-err));
			rc = 1;
			goto out;
		}
	}
	if (err < 0) {
		ana_msg(1, "%s: %s", ninputs == 1 ? inputs[0] : "decoding failed",
			strerror(-err));
		rc = 1;
		goto out;
	}
	err = ana_ctx__finish(&ctx);
	err = err ?: q->end(&ctx, state);
	if (err == -ECANCELED) {
		rc = 1;		/* the query said what went wrong */
	} else if (err) {
		ana_msg(1, "%s: %s", q->name, strerror(-err));
		rc = 1;
	}
	if (fflush(out) || ferror(out)) {
		ana_msg(1, "'%s': write error: %s", o.out_path ? o.out_path : "stdout",
			strerror(errno));
		rc = 1;
	}
out:
	if (began)
		q->release(&ctx, state);
	if (ctx_ready)
		ana_ctx_release(&ctx);
	tl_decoder__free(dec);
	if (out != stdout && fclose(out) && !rc) {
		ana_msg(1, "'%s': %s", o.out_path, strerror(errno));
		rc = 1;
	}
	free_list(inputs, ninputs);
	free_list(o.comms, o.ncomms);
	free_list(o.traces, o.ntraces);
	free(o.pids);
	return rc;
}
