// SPDX-License-Identifier: MIT
/*
 * pending_stub.c - TEMPORARY: placeholders for the libtlz writer and
 * tl_codec_parse() until format/writer.c lands in main; record/build.mk
 * compiles this file only while format/writer.c does not exist. Every
 * writer call fails with -ENOSYS. Delete it then.
 */
#include <errno.h>
#include <string.h>

#include "tl.h"

int tl_codec_parse(const char *s, enum tl_codec *codec, int *level)
{
	*level = 0;
	if (!strcmp(s, "zstd"))
		*codec = TL_CODEC_ZSTD;
	else if (!strcmp(s, "zlib"))
		*codec = TL_CODEC_ZLIB;
	else if (!strcmp(s, "none"))
		*codec = TL_CODEC_NONE;
	else
		return -EINVAL;
	return 0;
}

struct tl_writer *tl_writer__open(const char *path,
				  const struct tl_writer_opts *opts)
{
	(void)path;
	(void)opts;
	errno = ENOSYS;
	return NULL;
}

struct tl_writer *tl_writer__open_fd(int fd, const struct tl_writer_opts *opts)
{
	(void)fd;
	(void)opts;
	errno = ENOSYS;
	return NULL;
}

int tl_writer__write_dump(struct tl_writer *w, const struct tl_machine *m,
			  const struct tl_dump_trace *traces, size_t ntraces)
{
	(void)w;
	(void)m;
	(void)traces;
	(void)ntraces;
	return -ENOSYS;
}

int tl_writer__close(struct tl_writer *w)
{
	(void)w;
	return -ENOSYS;
}

void tl_writer__abort(struct tl_writer *w)
{
	(void)w;
}
