/* SPDX-License-Identifier: MIT */
/*
 * options.h - tl-record's command line: parsing and validation into
 * struct tlr_opts (no I/O besides nothing: the caller prints the error).
 */
#ifndef TLR_OPTIONS_H
#define TLR_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tl.h"

#define TLR_MAX_CGROUP_ARGS	64

/* zstd-style verbosity levels */
enum {
	TLR_V_SILENT	= 0,
	TLR_V_ERROR	= 1,
	TLR_V_WARN	= 2,	/* default */
	TLR_V_INFO	= 3,	/* progress, summary; libbpf warnings */
	TLR_V_DEBUG	= 4,	/* libbpf debug output */
};

struct tlr_opts {
	const char *output;		/* -o FILE ("-" = stdout) */
	char **cmd;			/* CMD ARG... (NULL-terminated) or NULL */
	int ncmd;
	const char *cgroups[TLR_MAX_CGROUP_ARGS];
	int ncgroups;
	uint64_t duration_ns;		/* --duration, 0 = until a signal */
	const char *filter;		/* --syscall-filters */
	uint64_t buffer_size;		/* --buffer-size, per CPU per cgroup */
	uint32_t snaplen;		/* -s */
	bool no_data;			/* --no-data */
	const char *compress;		/* --compress as given ("zstd") */
	enum tl_codec codec;
	int level;
	int ring_delta;			/* --format-version: the writer's
					 * ring_delta (< 0 for 1.0) */
	const char *name;		/* --name */
	int verbosity;			/* TLR_V_* */
	bool help;
	bool version;
	bool debug_raw;			/* --debug-raw (hidden): -o gets the
					 * raw records as text */
};

#define TLR_DEFAULT_BUFFER	(1024 * 1024)
#define TLR_MIN_BUFFER		(2 * 65536)
#define TLR_MAX_BUFFER		(1024ull * 1024 * 1024)
#define TLR_DEFAULT_SNAPLEN	256
/* --compress zstd without a level (and the default): zstd level 1 */
#define TLR_DEFAULT_ZSTD_LEVEL	1
#define TLR_DEFAULT_COMPRESS	"zstd:1"

/*
 * --format-version V: "1.1" (the default: RING_DELTA chunks, FORMAT.md
 * §6.8) or "1.0" (plain RING chunks, which a format 1.0 reader reads).
 * Sets *ring_delta to the value for tl_writer_opts.ring_delta; -EINVAL
 * for anything else. Shared with the daemon's parser.
 */
int tlr_format_version_parse(const char *s, int *ring_delta);

/* The file options tl-record and its daemon share. --format-version ARG
 * into *ring_delta; --compress ARG into *codec, *level and *compress (ARG
 * itself). -EINVAL with a one-line message in err for a bad ARG. */
int tlr_format_version_opt(const char *arg, int *ring_delta, char *err,
			   size_t errlen);
int tlr_compress_opt(const char *arg, enum tl_codec *codec, int *level,
		     const char **compress, char *err, size_t errlen);
/* After parsing: zstd without a level gets TLR_DEFAULT_ZSTD_LEVEL, named
 * in *compress (the option string files carry). */
void tlr_compress_default(enum tl_codec codec, int *level,
			  const char **compress);

/*
 * Parses argv (getopt_long, stops at "--" or at the first non-option: the
 * command). Returns 0, or -EINVAL with a one-line message in err (no
 * program name, no newline). --help and --version set their flag and
 * return 0 without checking the rest.
 */
int tlr_opts_parse(int argc, char **argv, struct tlr_opts *o, char *err,
		   size_t errlen);

#endif /* TLR_OPTIONS_H */
