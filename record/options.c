// SPDX-License-Identifier: MIT
/*
 * options.c - tl-record's command line (see options.h).
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "msg.h"
#include "options.h"

enum {
	OPT_CGROUP = 256,
	OPT_DURATION,
	OPT_FILTER,
	OPT_BUFFER,
	OPT_NO_DATA,
	OPT_COMPRESS,
	OPT_FORMAT_VERSION,
	OPT_NAME,
	OPT_VERSION,
	OPT_DEBUG_RAW,
};

static const struct option long_opts[] = {
	{ "output",		required_argument, NULL, 'o' },
	{ "cgroup",		required_argument, NULL, OPT_CGROUP },
	{ "duration",		required_argument, NULL, OPT_DURATION },
	{ "syscall-filters",	required_argument, NULL, OPT_FILTER },
	{ "syscall-filter",	required_argument, NULL, OPT_FILTER },
	{ "buffer-size",	required_argument, NULL, OPT_BUFFER },
	{ "snaplen",		required_argument, NULL, 's' },
	{ "no-data",		no_argument,	   NULL, OPT_NO_DATA },
	{ "compress",		required_argument, NULL, OPT_COMPRESS },
	{ "format-version",	required_argument, NULL, OPT_FORMAT_VERSION },
	{ "name",		required_argument, NULL, OPT_NAME },
	{ "quiet",		no_argument,	   NULL, 'q' },
	{ "verbose",		no_argument,	   NULL, 'v' },
	{ "help",		no_argument,	   NULL, 'h' },
	{ "version",		no_argument,	   NULL, OPT_VERSION },
	{ "debug-raw",		no_argument,	   NULL, OPT_DEBUG_RAW },
	{ NULL, 0, NULL, 0 },
};

int tlr_format_version_parse(const char *s, int *ring_delta)
{
	if (strcmp(s, "1.1") == 0)
		*ring_delta = 0;
	else if (strcmp(s, "1.0") == 0)
		*ring_delta = -1;
	else
		return -EINVAL;
	return 0;
}

int tlr_compress_opt(const char *arg, enum tl_codec *codec, int *level,
		     const char **compress, char *err, size_t errlen)
{
	if (tl_codec_parse(arg, codec, level))
		return tlr_errf(err, errlen,
				"invalid compression '%s' (zstd[:LEVEL], zlib[:LEVEL], none)",
				arg);
	*compress = arg;
	return 0;
}

int tlr_format_version_opt(const char *arg, int *ring_delta, char *err,
			   size_t errlen)
{
	if (tlr_format_version_parse(arg, ring_delta))
		return tlr_errf(err, errlen, "invalid format version '%s' (1.0, 1.1)",
				arg);
	return 0;
}

void tlr_compress_default(enum tl_codec codec, int *level, const char **compress)
{
	/* zstd's own default is level 3; for our ring blocks level 1 is
	 * about twice as fast and no larger (32 MiB of records: 21 ms and
	 * 2.17 MB at 1, 41 ms and 2.19 MB at 3), and a dump's latency counts */
	if (codec == TL_CODEC_ZSTD && *level == 0) {
		*level = TLR_DEFAULT_ZSTD_LEVEL;
		*compress = TLR_DEFAULT_COMPRESS;	/* what files say */
	}
}

int tlr_opts_parse(int argc, char **argv, struct tlr_opts *o, char *err,
		   size_t errlen)
{
	uint64_t v;
	int c;

	memset(o, 0, sizeof(*o));
	o->buffer_size = TLR_DEFAULT_BUFFER;
	o->snaplen = TLR_DEFAULT_SNAPLEN;
	o->codec = TL_CODEC_ZSTD;
	o->compress = "zstd";
	o->verbosity = TLR_V_WARN;
	if (err && errlen)
		err[0] = '\0';

	optind = 0;	/* full reset: parse may run more than once */
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:o:s:qvh", long_opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			if (!*optarg)
				return tlr_errf(err, errlen, "empty output file name");
			o->output = optarg;
			break;
		case OPT_CGROUP:
			if (o->ncgroups == TLR_MAX_CGROUP_ARGS)
				return tlr_errf(err, errlen, "more than %d --cgroup options",
					    TLR_MAX_CGROUP_ARGS);
			if (!*optarg)
				return tlr_errf(err, errlen, "empty --cgroup path");
			o->cgroups[o->ncgroups++] = optarg;
			break;
		case OPT_DURATION:
			if (tl_parse_duration(optarg, &o->duration_ns) ||
			    o->duration_ns == 0)
				return tlr_errf(err, errlen, "invalid duration '%s'", optarg);
			break;
		case OPT_FILTER:
			o->filter = optarg;
			break;
		case OPT_BUFFER:
			if (tl_parse_size(optarg, TLR_MIN_BUFFER, TLR_MAX_BUFFER,
					  &o->buffer_size))
				return tlr_errf(err, errlen,
					    "invalid buffer size '%s' (128K..1G)",
					    optarg);
			break;
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
		case OPT_NAME:
			o->name = optarg;
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
		case OPT_DEBUG_RAW:
			o->debug_raw = true;
			break;
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
	if (optind < argc) {
		o->cmd = argv + optind;
		o->ncmd = argc - optind;
	}
	if (o->filter) {
		const char *p = o->filter;

		while (*p == ',' || *p == ' ')
			p++;
		if (!*p)
			return tlr_errf(err, errlen, "empty --syscall-filters list");
	}
	tlr_compress_default(o->codec, &o->level, &o->compress);
	if (!o->output)
		return tlr_errf(err, errlen, "no output file (-o FILE)");
	if (o->cmd && o->ncgroups)
		return tlr_errf(err, errlen, "give either a command or --cgroup, not both");
	if (!o->cmd && !o->ncgroups)
		return tlr_errf(err, errlen, "nothing to record: give a command or --cgroup PATH");
	if (o->cmd && o->duration_ns)
		return tlr_errf(err, errlen, "--duration applies to --cgroup mode only");
	if (o->cmd && strcmp(o->output, "-") == 0)
		return tlr_errf(err, errlen,
			    "'-o -' cannot be used with a command: its output goes to stdout too");
	return 0;
}
