# SPDX-License-Identifier: MIT
# tl-analyze: analyze/*.c. Everything but the main (tl-analyze.c) and the
# sql query goes into libanalyze.a, which the unit tests
# (tests/unit/analyze_*_test.c) link. The sql query links tl-convert's
# SQLite schema module (convert/sqldb.c, from libconvert.a) and -lsqlite3.
ANALYZE_SRCS := $(sort $(wildcard analyze/*.c))
ANALYZE_LIB_SRCS := $(filter-out analyze/tl-analyze.c analyze/sql.c,$(ANALYZE_SRCS))
ANALYZE_LIB_OBJS := $(patsubst %.c,$(OUT)/%.o,$(ANALYZE_LIB_SRCS))
ANALYZE_LIB := $(OUT)/libanalyze.a
ANALYZE_TOOL_OBJS := $(OUT)/analyze/tl-analyze.o $(OUT)/analyze/sql.o
ANALYZE_TOOL_LIBS := $(CONVERT_LIB)
ANALYZE_LDLIBS := -lsqlite3 -lm

$(OUT)/analyze/%.o: ALL_CFLAGS += -Ianalyze -Iconvert

# libanalyze uses tl-convert's argument decoders (convert/argfmt.h):
# libconvert.a again after it, for the single-pass static link.
UNIT_EXTRA_LIBS += $(ANALYZE_LIB) $(CONVERT_LIB)
UNIT_CFLAGS += -Ianalyze
UNIT_LDLIBS += -lm

$(ANALYZE_LIB): $(ANALYZE_LIB_OBJS)
	$(call msg,AR,$@)
	$(Q)rm -f $@ && ar rcs $@ $^

TOOLS += $(OUT)/tl-analyze

$(OUT)/tl-analyze: $(ANALYZE_TOOL_OBJS) $(ANALYZE_LIB) $(ANALYZE_TOOL_LIBS) $(LIBTLZ)
	$(call msg,LINK,$@)
	$(Q)$(CC) $(ALL_CFLAGS) $^ $(ALL_LDFLAGS) $(ANALYZE_LDLIBS) $(LIBS_FORMAT) -o $@

# Synthetic trace generator for tl-analyze's golden tests and measurements
# (analyze/testgen/: deterministic .tlz files built with format/ringbuild.h).
ANALYZE_GEN := $(OUT)/tests/tl-analyze-gen
TEST_BINS += $(ANALYZE_GEN)

$(ANALYZE_GEN): analyze/testgen/tl-analyze-gen.c $(LIBTLZ)
	$(call msg,TESTBIN,$@)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(ALL_CFLAGS) $< $(LIBTLZ) $(ALL_LDFLAGS) $(LIBS_FORMAT) -o $@

# tests/fuzz/fuzz_analyze.c drives the queries: it links libanalyze.
FUZZ_EXTRA_LIBS += $(ANALYZE_LIB) $(CONVERT_LIB)
FUZZ_EXTRA_SRCS += $(ANALYZE_LIB_SRCS)
FUZZ_LDLIBS += -lm
