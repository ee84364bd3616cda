# SPDX-License-Identifier: MIT
# Unit tests (tests/unit/*_test.c, one binary each, linked with libtlz) and
# fuzz replay drivers (tests/fuzz/fuzz_*.c + driver.c: the libFuzzer entry
# point called on every corpus file, built with the normal compiler).
.PHONY: tests

UNIT_SRCS := $(wildcard tests/unit/*_test.c)
UNIT_BINS := $(patsubst tests/unit/%.c,$(OUT)/tests/unit/%,$(UNIT_SRCS))
FUZZ_SRCS := $(wildcard tests/fuzz/fuzz_*.c)
# fuzz_convert drives tl-convert's emitters (convert/, owner: conv2): the
# targets also link those and SQLite (unused archive members cost nothing).
FUZZ_EXTRA_LIBS += $(CONVERT_LIB)
FUZZ_EXTRA_SRCS += $(CONVERT_LIB_SRCS)
FUZZ_LDLIBS += -lsqlite3
FUZZ_REPLAY := $(patsubst tests/fuzz/%.c,$(OUT)/tests/fuzz/%-replay,$(FUZZ_SRCS))
FUZZ_BINS := $(patsubst tests/fuzz/%.c,build/fuzz/%,$(FUZZ_SRCS))
# Test helpers shared by unit tests (tests/unit/*.c without _test).
UNIT_LIB_SRCS := $(filter-out %_test.c,$(wildcard tests/unit/*.c))
UNIT_LIB_OBJS := $(patsubst %.c,$(OUT)/%.o,$(UNIT_LIB_SRCS))

# Input generator of tl-convert's JSON/SQLite/pcapng tests and benchmarks
# (tests/cli/tl-convert/mkevents.c; owner: the conv2 formats).
ifneq ($(wildcard format/ringbuild.h),)
TEST_BINS += $(OUT)/tests/mkevents
$(OUT)/tests/mkevents: tests/cli/tl-convert/mkevents.c $(LIBTLZ)
	$(call msg,TEST,$@)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(ALL_CFLAGS) $< $(LIBTLZ) $(ALL_LDFLAGS) $(LIBS_FORMAT) -o $@
endif

tests: $(UNIT_BINS) $(FUZZ_REPLAY) $(TEST_BINS)

$(OUT)/tests/unit/%: tests/unit/%.c $(UNIT_LIB_OBJS) $(LIBTLZ) $(UNIT_EXTRA_LIBS)
	$(call msg,TEST,$@)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(ALL_CFLAGS) -Itests/unit $(UNIT_CFLAGS) $< $(UNIT_LIB_OBJS) \
		$(UNIT_EXTRA_LIBS) $(LIBTLZ) $(ALL_LDFLAGS) $(UNIT_LDLIBS) $(LIBS_FORMAT) -o $@

$(OUT)/tests/fuzz/%-replay: tests/fuzz/%.c tests/fuzz/driver.c $(LIBTLZ) $(FUZZ_EXTRA_LIBS)
	$(call msg,FUZZ-RP,$@)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(ALL_CFLAGS) $< tests/fuzz/driver.c $(FUZZ_EXTRA_LIBS) $(LIBTLZ) \
		$(ALL_LDFLAGS) $(FUZZ_LDLIBS) $(LIBS_FORMAT) -o $@

# libFuzzer builds: clang, its own object tree.
FUZZ_CFLAGS = -std=gnu11 -g -O1 -D_GNU_SOURCE -Iformat -Iconvert -Ianalyze -Ibuild/fuzz \
	-fsanitize=fuzzer,address,undefined -fno-omit-frame-pointer
fuzz: $(FUZZ_BINS)
build/fuzz/%: tests/fuzz/%.c $(LIBTLZ_SRCS) $(FUZZ_EXTRA_SRCS)
	$(call msg,FUZZ,$@)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CLANG) $(FUZZ_CFLAGS) $< $(LIBTLZ_SRCS) $(FUZZ_EXTRA_SRCS) \
		$(FUZZ_LDLIBS) $(LIBS_FORMAT) -o $@
