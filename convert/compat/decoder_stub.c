// SPDX-License-Identifier: MIT
/*
 * decoder_stub.c - stand-in for format/decoder.c, compiled by
 * convert/build.mk only while that file does not exist yet, so that
 * tl-convert links before the decoder lands. Every input is refused with
 * -EOPNOTSUPP. Delete this file once format/decoder.c is in main.
 */
#include <errno.h>
#include <stdlib.h>

#include "tl.h"

struct tl_decoder {
	int unused;
};

struct tl_decoder *tl_decoder__new(const struct tl_decoder_opts *opts)
{
	return calloc(1, sizeof(struct tl_decoder));
}

int tl_decoder__add(struct tl_decoder *d, struct tl_reader *r)
{
	tl_reader__close(r);
	return -EOPNOTSUPP;
}

int tl_decoder__next(struct tl_decoder *d, const struct tl_event **ev)
{
	return 0;
}

const struct tl_file_info *tl_decoder__file(struct tl_decoder *d, unsigned i)
{
	return NULL;
}

unsigned tl_decoder__nfiles(const struct tl_decoder *d)
{
	return 0;
}

const struct tl_proc *tl_decoder__proc(struct tl_decoder *d,
				       const struct tl_file_info *f,
				       uint32_t tid)
{
	return NULL;
}

void tl_decoder__free(struct tl_decoder *d)
{
	free(d);
}
