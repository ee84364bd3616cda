/* SPDX-License-Identifier: MIT */
/*
 * compress.h - chunk codecs behind one vtable (FORMAT.md §3.4): none,
 * zstd (libzstd) and zlib (zlib's compress2/uncompress2 format, RFC 1950).
 * A struct tl_codec_ctx holds the per-writer/per-reader library contexts,
 * created on first use and freed by tl_codec_ctx_release().
 */
#ifndef TL_COMPRESS_H
#define TL_COMPRESS_H

#include <stddef.h>

#include "tl.h"

struct tl_codec_ctx {
	void *zstd_c;		/* ZSTD_CCtx, lazily created */
	void *zstd_d;		/* ZSTD_DCtx, lazily created */
};

struct tl_codec_ops {
	enum tl_codec id;
	const char *name;	/* "none", "zstd", "zlib" */
	int default_level;
	int min_level, max_level;
	/* Worst-case compressed size of `len` bytes (0 = cannot say). */
	size_t (*bound)(size_t len);
	/* Compress src into dst (capacity cap). Returns the compressed size
	 * or -errno (-ENOSPC when it does not fit). */
	long (*compress)(struct tl_codec_ctx *ctx, int level, void *dst,
			 size_t cap, const void *src, size_t len);
	/* Decompress exactly `raw` bytes into dst from src[0..len): returns 0,
	 * or -EBADMSG when the data is corrupt, does not use all of src, or
	 * does not decode to exactly `raw` bytes. */
	int (*decompress)(struct tl_codec_ctx *ctx, void *dst, size_t raw,
			  const void *src, size_t len);
};

/* The ops of a codec id, or NULL for an id this library does not know. */
const struct tl_codec_ops *tl_codec_get(unsigned int id);

void tl_codec_ctx_release(struct tl_codec_ctx *ctx);

#endif /* TL_COMPRESS_H */
