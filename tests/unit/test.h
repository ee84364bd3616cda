/* SPDX-License-Identifier: MIT */
/*
 * test.h - minimal assertions for unit tests (libbpf test_progs style).
 * A test file defines test functions and a main() that calls RUN_TEST()
 * for each; the process exits non-zero if any assertion failed.
 */
#ifndef TL_TEST_H
#define TL_TEST_H

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static int test__failures;
static const char *test__current;

#define ASSERT_TRUE(cond, what) ({					\
	int ___ok = !!(cond);						\
	if (!___ok) {							\
		test__failures++;					\
		fprintf(stderr, "%s:%d: %s: %s: assertion failed: %s\n", \
			__FILE__, __LINE__, test__current, (what), #cond); \
	}								\
	___ok;								\
})

#define ASSERT_EQ(a, b, what) ({					\
	long long ___a = (long long)(a), ___b = (long long)(b);		\
	int ___ok = ___a == ___b;					\
	if (!___ok) {							\
		test__failures++;					\
		fprintf(stderr, "%s:%d: %s: %s: %lld != %lld (%s vs %s)\n", \
			__FILE__, __LINE__, test__current, (what), ___a, ___b, \
			#a, #b);					\
	}								\
	___ok;								\
})

#define ASSERT_OK(err, what)	ASSERT_EQ((err), 0, (what))
#define ASSERT_ERR(err, what)	ASSERT_TRUE((err) < 0, (what))
#define ASSERT_NONNULL(p, what)	ASSERT_TRUE((p) != NULL, (what))

#define ASSERT_STREQ(a, b, what) ({					\
	const char *___a = (a), *___b = (b);				\
	int ___ok = ___a && ___b && strcmp(___a, ___b) == 0;		\
	if (!___ok) {							\
		test__failures++;					\
		fprintf(stderr, "%s:%d: %s: %s: \"%s\" != \"%s\"\n",	\
			__FILE__, __LINE__, test__current, (what),	\
			___a ? ___a : "(null)", ___b ? ___b : "(null)"); \
	}								\
	___ok;								\
})

#define ASSERT_MEMEQ(a, b, n, what)					\
	ASSERT_TRUE(memcmp((a), (b), (n)) == 0, (what))

#define RUN_TEST(fn) do {						\
	int ___before = test__failures;					\
	test__current = #fn;						\
	fn();								\
	fprintf(stderr, "%s %s\n",					\
		test__failures == ___before ? "ok  " : "FAIL", #fn);	\
} while (0)

#define TEST_EXIT() (test__failures ? 1 : 0)

#endif /* TL_TEST_H */
