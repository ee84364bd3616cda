// SPDX-License-Identifier: MIT
/*
 * daemon_util.c - command line, names, query arguments and text buffers
 * of tl-record daemon (see daemon_util.h).
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "daemon_util.h"
#include "internal.h"
#include "msg.h"
#include "options.h"

enum {
	OPT_SOCKET = 256,
	OPT_SPOOL,
	OPT_NO_SPOOL,
	OPT_SPOOL_MAX,
	OPT_BUFFER,
	OPT_FILTER,
	OPT_NO_DATA,
	OPT_COMPRESS,
	OPT_FORMAT_VERSION,
	OPT_WATCH,
	OPT_CRASH,
	OPT_MAX_TRACES,
	OPT_VERSION,
};

static const struct option long_opts[] = {
	{ "socket",		required_argument, NULL, OPT_SOCKET },
	{ "spool",		required_argument, NULL, OPT_SPOOL },
	{ "no-spool",		no_argument,	   NULL, OPT_NO_SPOOL },
	{ "spool-max",		required_argument, NULL, OPT_SPOOL_MAX },
	{ "buffer-size",	required_argument, NULL, OPT_BUFFER },
	{ "syscall-filters",	required_argument, NULL, OPT_FILTER },
	{ "syscall-filter",	required_argument, NULL, OPT_FILTER },
	{ "snaplen",		required_argument, NULL, 's' },
	{ "no-data",		no_argument,	   NULL, OPT_NO_DATA },
	{ "compress",		required_argument, NULL, OPT_COMPRESS },
	{ "format-version",	required_argument, NULL, OPT_FORMAT_VERSION },
	{ "watch",		required_argument, NULL, OPT_WATCH },
	{ "dump-on-crash",	no_argument,	   NULL, OPT_CRASH },
	{ "max-traces",		required_argument, NULL, OPT_MAX_TRACES },
	{ "quiet",		no_argument,	   NULL, 'q' },
	{ "verbose",		no_argument,	   NULL, 'v' },
	{ "help",		no_argument,	   NULL, 'h' },
	{ "version",		no_argument,	   NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 },
};

int tlr_daemon_opts_parse(int argc, char **argv, struct tlr_daemon_opts *o,
			  char *err, size_t errlen)
{
	uint64_t v;
	int c;

	memset(o, 0, sizeof(*o));
	o->socket = TLR_DAEMON_SOCKET;
	o->spool = TLR_DAEMON_SPOOL;
	o->spool_max = TLR_DAEMON_SPOOL_MAX;
	o->buffer_size = TLR_DAEMON_BUFFER;
	o->snaplen = TLR_DEFAULT_SNAPLEN;
	o->codec = TL_CODEC_ZSTD;
	o->compress = "zstd";
	o->max_traces = TLR_DAEMON_MAX_TRACES;
	o->verbosity = TLR_V_WARN;
	if (err && errlen)
		err[0] = '\0';

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:s:qvh", long_opts, NULL)) != -1) {
		switch (c) {
		case OPT_SOCKET:
			if (!*optarg)
				return tlr_errf(err, errlen, "empty --socket path");
			o->socket = optarg;
			break;
		case OPT_SPOOL:
			if (!*optarg)
				return tlr_errf(err, errlen, "empty --spool directory "
					    "(use --no-spool to disable the spool)");
			o->spool = optarg;
			break;
		case OPT_NO_SPOOL:
			o->spool = NULL;
			break;
		case OPT_SPOOL_MAX:
			if (tl_parse_size(optarg, 0, UINT64_MAX / 2, &o->spool_max))
				return tlr_errf(err, errlen, "invalid --spool-max '%s'",
					    optarg);
			break;
		case OPT_BUFFER:
			if (tl_parse_size(optarg, TLR_MIN_BUFFER, TLR_MAX_BUFFER,
					  &o->buffer_size))
				return tlr_errf(err, errlen,
					    "invalid buffer size '%s' (128K..1G)",
					    optarg);
			break;
		case OPT_FILTER: {
			const char *p = optarg;

			while (*p == ',' || *p == ' ')
				p++;
			if (!*p)
				return tlr_errf(err, errlen, "empty --syscall-filters list");
			o->filter = optarg;
			break;
		}
		case 's':
			if (tl_parse_u64(optarg, 1, TL_MAX_SNAPLEN, &v))
				return tlr_errf(err, errlen,
					    "invalid snap length '%s' (1..%u)",
					    optarg, TL_MAX_SNAPLEN);
			o->snaplen = (uint32_t)v;
			break;
		case OPT_NO_DATA:
			o->no_data = true;
			break;
		case OPT_COMPRESS:
			if (tlr_compress_opt(optarg, &o->codec, &o->level,
					     &o->compress, err, errlen))
				return -EINVAL;
			break;
		case OPT_FORMAT_VERSION:
			if (tlr_format_version_opt(optarg, &o->ring_delta, err,
						   errlen))
				return -EINVAL;
			break;
		case OPT_WATCH:
			if (!*optarg)
				return tlr_errf(err, errlen, "empty --watch pattern");
			if (o->nwatch == TLR_DAEMON_MAX_WATCH)
				return tlr_errf(err, errlen, "more than %d --watch patterns",
					    TLR_DAEMON_MAX_WATCH);
			o->watch[o->nwatch++] = optarg;
			break;
		case OPT_CRASH:
			o->dump_on_crash = true;
			break;
		case OPT_MAX_TRACES:
			if (tl_parse_u64(optarg, 1, 65536, &v))
				return tlr_errf(err, errlen,
					    "invalid --max-traces '%s' (1..65536)",
					    optarg);
			o->max_traces = (uint32_t)v;
			break;
		case 'q':
			if (o->verbosity > TLR_V_SILENT)
				o->verbosity--;
			break;
		case 'v':
			o->verbosity++;
			break;
		case 'h':
			o->help = true;
			return 0;
		case OPT_VERSION:
			o->version = true;
			return 0;
		case ':':
			return tlr_errf(err, errlen, "option '%s' needs a value",
				    argv[optind - 1]);
		default:
			if (optopt && optopt < 256)
				return tlr_errf(err, errlen, "unknown option '-%c'", optopt);
			if (optopt)
				return tlr_errf(err, errlen, "option '%s' needs a value",
					    argv[optind - 1]);
			return tlr_errf(err, errlen, "unknown option '%s'",
				    argv[optind - 1]);
		}
	}
	if (optind < argc)
		return tlr_errf(err, errlen, "unexpected argument '%s'", argv[optind]);
	/* the same default level as one-shot tl-record */
	tlr_compress_default(o->codec, &o->level, &o->compress);
	return 0;
}

int tlr_name_check(const char *name, char *err, size_t errlen)
{
	size_t i, n = strlen(name);
	bool digits = true;

	if (n == 0)
		return tlr_errf(err, errlen, "empty trace name");
	if (n > TLR_NAME_MAX)
		return tlr_errf(err, errlen, "trace name longer than %d characters",
			    TLR_NAME_MAX);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)name[i];

		if (c <= 0x20 || c >= 0x7f || c == '"' || c == '\\')
			return tlr_errf(err, errlen, "trace name has a character "
				    "that is not allowed (0x%02x): use printable "
				    "ASCII without space, '\"' or '\\'", c);
		if (c < '0' || c > '9')
			digits = false;
	}
	if (digits)
		return tlr_errf(err, errlen, "trace name '%s' is all digits "
			    "(those are trace ids)", name);
	return 0;
}

static const char *const kind_names[] = {
	[TL_TRACE_COMMAND] = "command",
	[TL_TRACE_CGROUP] = "cgroup",
	[TL_TRACE_SYSTEMD_UNIT] = "unit",
	[TL_TRACE_CONTAINER] = "container",
	[TL_TRACE_POD] = "pod",
};

uint32_t tlr_kind_parse(const char *s)
{
	uint32_t k;

	for (k = 1; k < sizeof(kind_names) / sizeof(kind_names[0]); k++)
		if (kind_names[k] && strcmp(s, kind_names[k]) == 0)
			return k;
	return 0;
}

const char *tlr_kind_name(uint32_t kind)
{
	if (kind < sizeof(kind_names) / sizeof(kind_names[0]) && kind_names[kind])
		return kind_names[kind];
	return "cgroup";
}

static bool in_list(const char *const *list, const char *key)
{
	for (; list && *list; list++)
		if (strcmp(*list, key) == 0)
			return true;
	return false;
}

int tlr_args_check(const struct tlr_http_param *p, size_t n,
		   const char *const *allowed, const char *const *multi,
		   char *err, size_t errlen)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		if (!in_list(allowed, p[i].key))
			return tlr_errf(err, errlen, "unknown argument '%.64s'",
				    p[i].key);
		if (!p[i].value)
			return tlr_errf(err, errlen, "argument '%s' has no value",
				    p[i].key);
		if (p[i].vlen != strlen(p[i].value))
			return tlr_errf(err, errlen, "argument '%s' has a NUL byte",
				    p[i].key);
		if (in_list(multi, p[i].key))
			continue;
		for (j = 0; j < i; j++)
			if (strcmp(p[j].key, p[i].key) == 0)
				return tlr_errf(err, errlen,
					    "argument '%s' given twice", p[i].key);
	}
	return 0;
}

const char *tlr_args_get(const struct tlr_http_param *p, size_t n,
			 const char *key)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(p[i].key, key) == 0)
			return p[i].value;
	return NULL;
}

/* ------------------------------------------------------------- sbuf */

static bool sbuf_room(struct tlr_sbuf *b, size_t more)
{
	size_t need;
	char *ns;

	if (b->err)
		return false;
	if (more > SIZE_MAX / 2 - b->len) {
		b->err = -ENOMEM;
		return false;
	}
	need = b->len + more + 1;
	if (need <= b->cap)
		return true;
	if (need < 256)
		need = 256;
	if (need < b->cap * 2)
		need = b->cap * 2;
	ns = realloc(b->s, need);
	if (!ns) {
		b->err = -ENOMEM;
		return false;
	}
	b->s = ns;
	b->cap = need;
	return true;
}

void tlr_sbuf_add(struct tlr_sbuf *b, const void *data, size_t len)
{
	if (!sbuf_room(b, len))
		return;
	memcpy(b->s + b->len, data, len);
	b->len += len;
	b->s[b->len] = '\0';
}

void tlr_sbuf_printf(struct tlr_sbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->err)
		return;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->err = -EINVAL;
		return;
	}
	if (!sbuf_room(b, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

/* Length of the valid UTF-8 sequence at s (1..4), or 0. */
static size_t utf8_len(const unsigned char *s)
{
	size_t n, i;
	uint32_t cp;

	if (s[0] < 0x80)
		return 1;
	if ((s[0] & 0xe0) == 0xc0) {
		n = 2;
		cp = s[0] & 0x1f;
	} else if ((s[0] & 0xf0) == 0xe0) {
		n = 3;
		cp = s[0] & 0x0f;
	} else if ((s[0] & 0xf8) == 0xf0) {
		n = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) ||
	    (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

void tlr_sbuf_json(struct tlr_sbuf *b, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;

	tlr_sbuf_add(b, "\"", 1);
	while (*s) {
		size_t n;

		if (*s == '"' || *s == '\\') {
			char e[2] = { '\\', (char)*s };

			tlr_sbuf_add(b, e, 2);
			s++;
		} else if (*s < 0x20 || *s == 0x7f) {
			tlr_sbuf_printf(b, "\\u%04x", *s);
			s++;
		} else if ((n = utf8_len(s)) != 0) {
			tlr_sbuf_add(b, s, n);
			s += n;
		} else {
			tlr_sbuf_add(b, "\\ufffd", 6);
			s++;
		}
	}
	tlr_sbuf_add(b, "\"", 1);
}

char *tlr_sbuf_take(struct tlr_sbuf *b, size_t *len)
{
	char *s;

	if (b->err) {
		tlr_sbuf_release(b);
		return NULL;
	}
	if (!b->s) {
		if (!sbuf_room(b, 0))
			return NULL;
		b->s[0] = '\0';
	}
	s = b->s;
	if (len)
		*len = b->len;
	memset(b, 0, sizeof(*b));
	return s;
}

void tlr_sbuf_release(struct tlr_sbuf *b)
{
	free(b->s);
	memset(b, 0, sizeof(*b));
}

void tlr_iso_time(int64_t ns, char *out, size_t outlen)
{
	time_t t = (time_t)(ns / 1000000000);
	struct tm tm;

	if (!gmtime_r(&t, &tm) || !strftime(out, outlen, "%Y-%m-%dT%H:%M:%SZ", &tm))
		snprintf(out, outlen, "-");
}
