/* SPDX-License-Identifier: MIT */
/*
 * systable_hdr.h - syscall numbers taken at compile time from the uapi
 * headers (systable_hdr32.c: <asm/unistd_32.h>; systable_hdr_generic.c:
 * <asm-generic/unistd.h> as arm64 configures it) and native struct sizes
 * (systable_hdr_sizes.c), one translation unit each because the headers
 * define the same macro names or clash with libc's.
 */
#ifndef TL_TEST_SYSTABLE_HDR_H
#define TL_TEST_SYSTABLE_HDR_H

struct tl_test_nr {
	const char *name;
	int nr;
};

/* sizeof() of the struct an x86_64 syscall argument points to */
struct tl_test_size {
	const char *call;
	const char *arg;
	unsigned int size;
};

extern const struct tl_test_size tl_test_sizes[];
extern const unsigned int tl_test_sizes_count;
extern const struct tl_test_nr tl_test_nr_i386[];
extern const unsigned int tl_test_nr_i386_count;
extern const struct tl_test_nr tl_test_nr_aarch64[];
extern const unsigned int tl_test_nr_aarch64_count;

#endif /* TL_TEST_SYSTABLE_HDR_H */
