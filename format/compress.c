// SPDX-License-Identifier: MIT
/*
 * compress.c - the chunk codecs (FORMAT.md §3.4): none, zstd and zlib,
 * each a struct tl_codec_ops. Decompression is single-shot into a buffer
 * of the exact raw size the chunk header announces, so a corrupt or
 * hostile stream can never make us allocate more than that bound.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>
#include <zstd.h>
#include <zstd_errors.h>

#include "compress.h"
#include "internal.h"

/* FORMAT.md §3.5: no payload exceeds 64 MiB, so a 2^26 window suffices;
 * refuse frames that ask for more. */
#define TL_ZSTD_WINDOWLOG_MAX	26

static size_t none_bound(size_t len)
{
	return len;
}

static long none_compress(struct tl_codec_ctx *ctx, int level, void *dst,
			  size_t cap, const void *src, size_t len)
{
	if (len > cap)
		return -ENOSPC;
	memcpy(dst, src, len);
	return (long)len;
}

static int none_decompress(struct tl_codec_ctx *ctx, void *dst, size_t raw,
			   const void *src, size_t len)
{
	if (len != raw)
		return -EBADMSG;
	memcpy(dst, src, len);
	return 0;
}

static size_t zstd_bound(size_t len)
{
	return ZSTD_compressBound(len);
}

static long zstd_compress(struct tl_codec_ctx *ctx, int level, void *dst,
			  size_t cap, const void *src, size_t len)
{
	size_t n;

	if (!ctx->zstd_c) {
		ctx->zstd_c = ZSTD_createCCtx();
		if (!ctx->zstd_c)
			return -ENOMEM;
	}
	n = ZSTD_compressCCtx(ctx->zstd_c, dst, cap, src, len, level);
	if (ZSTD_isError(n)) {
		if (ZSTD_getErrorCode(n) == ZSTD_error_dstSize_tooSmall)
			return -ENOSPC;
		if (ZSTD_getErrorCode(n) == ZSTD_error_memory_allocation)
			return -ENOMEM;
		return -EINVAL;
	}
	return (long)n;
}

static int zstd_decompress(struct tl_codec_ctx *ctx, void *dst, size_t raw,
			   const void *src, size_t len)
{
	unsigned long long content;
	size_t n;

	if (!ctx->zstd_d) {
		ctx->zstd_d = ZSTD_createDCtx();
		if (!ctx->zstd_d)
			return -ENOMEM;
		ZSTD_DCtx_setParameter(ctx->zstd_d, ZSTD_d_windowLogMax,
				       TL_ZSTD_WINDOWLOG_MAX);
	}
	/* FORMAT.md §3.4: exactly one frame that declares its content size,
	 * equal to raw_len. */
	content = ZSTD_getFrameContentSize(src, len);
	if (content != raw)
		return -EBADMSG;
	if (ZSTD_findFrameCompressedSize(src, len) != len)
		return -EBADMSG;
	n = ZSTD_decompressDCtx(ctx->zstd_d, dst, raw, src, len);
	if (ZSTD_isError(n)) {
		if (ZSTD_getErrorCode(n) == ZSTD_error_memory_allocation)
			return -ENOMEM;
		return -EBADMSG;
	}
	return n == raw ? 0 : -EBADMSG;
}

static size_t zlib_bound(size_t len)
{
	if (len > ULONG_MAX / 2)
		return 0;
	return compressBound((uLong)len);
}

static long zlib_compress(struct tl_codec_ctx *ctx, int level, void *dst,
			  size_t cap, const void *src, size_t len)
{
	uLongf out = cap;
	int rc;

	rc = compress2(dst, &out, src, len, level);
	if (rc == Z_BUF_ERROR)
		return -ENOSPC;
	if (rc == Z_MEM_ERROR)
		return -ENOMEM;
	if (rc != Z_OK)
		return -EINVAL;
	return (long)out;
}

static int zlib_decompress(struct tl_codec_ctx *ctx, void *dst, size_t raw,
			   const void *src, size_t len)
{
	uLongf out = raw;
	uLong in = len;
	int rc;

	/* uncompress2() does not accept a NULL/0-size destination even for
	 * an empty stream: give it a byte to point at. */
	if (raw == 0) {
		static unsigned char dummy;

		dst = &dummy;
		out = 0;
	}
	rc = uncompress2(dst, &out, src, &in);
	if (rc == Z_MEM_ERROR)
		return -ENOMEM;
	/* FORMAT.md §3.4: one complete stream, all input used, raw bytes. */
	if (rc != Z_OK || out != raw || in != len)
		return -EBADMSG;
	return 0;
}

static const struct tl_codec_ops codecs[] = {
	[TL_CODEC_NONE] = {
		.id = TL_CODEC_NONE, .name = "none",
		.default_level = 0, .min_level = 0, .max_level = 0,
		.bound = none_bound, .compress = none_compress,
		.decompress = none_decompress,
	},
	[TL_CODEC_ZSTD] = {
		.id = TL_CODEC_ZSTD, .name = "zstd",
		.default_level = 3, .min_level = 1, .max_level = 22,
		.bound = zstd_bound, .compress = zstd_compress,
		.decompress = zstd_decompress,
	},
	[TL_CODEC_ZLIB] = {
		.id = TL_CODEC_ZLIB, .name = "zlib",
		.default_level = 6, .min_level = 1, .max_level = 9,
		.bound = zlib_bound, .compress = zlib_compress,
		.decompress = zlib_decompress,
	},
};

const struct tl_codec_ops *tl_codec_get(unsigned int id)
{
	if (id >= sizeof(codecs) / sizeof(codecs[0]))
		return NULL;
	return &codecs[id];
}

void tl_codec_ctx_release(struct tl_codec_ctx *ctx)
{
	if (!ctx)
		return;
	ZSTD_freeCCtx(ctx->zstd_c);
	ZSTD_freeDCtx(ctx->zstd_d);
	ctx->zstd_c = NULL;
	ctx->zstd_d = NULL;
}

int tl_codec_parse(const char *s, enum tl_codec *codec, int *level)
{
	const struct tl_codec_ops *ops = NULL;
	const char *colon;
	uint64_t v;
	size_t n, i;

	if (!s || !codec || !level)
		return -EINVAL;
	colon = strchr(s, ':');
	n = colon ? (size_t)(colon - s) : strlen(s);
	for (i = 0; i < sizeof(codecs) / sizeof(codecs[0]); i++) {
		if (strlen(codecs[i].name) == n &&
		    strncmp(codecs[i].name, s, n) == 0) {
			ops = &codecs[i];
			break;
		}
	}
	if (!ops)
		return -EINVAL;
	if (!colon) {
		*codec = ops->id;
		*level = 0;
		return 0;
	}
	if (ops->id == TL_CODEC_NONE)
		return -EINVAL;
	if (tl_parse_u64(colon + 1, ops->min_level, ops->max_level, &v))
		return -EINVAL;
	*codec = ops->id;
	*level = (int)v;
	return 0;
}
