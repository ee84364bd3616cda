# SPDX-License-Identifier: MIT
# tl-convert: every convert/*.c (output formats are picked up by wildcard).
# All of them but the main (tl-convert.c) also go into libconvert.a, which
# the unit tests link (tests/unit/convert_*_test.c).
CONVERT_SRCS := $(sort $(wildcard convert/*.c))
CONVERT_LIB_SRCS := $(filter-out convert/tl-convert.c,$(CONVERT_SRCS))
CONVERT_LIB_OBJS := $(patsubst %.c,$(OUT)/%.o,$(CONVERT_LIB_SRCS))
CONVERT_LIB := $(OUT)/libconvert.a
CONVERT_LDLIBS := -lsqlite3

TOOLS += $(OUT)/tl-convert
UNIT_EXTRA_LIBS += $(CONVERT_LIB)
UNIT_CFLAGS += -Iconvert
UNIT_LDLIBS += $(CONVERT_LDLIBS)

$(CONVERT_LIB): $(CONVERT_LIB_OBJS)
	$(call msg,AR,$@)
	$(Q)rm -f $@ && ar rcs $@ $^

# The objects are linked directly (not from the archive) so that every
# format's emitter is in the tool even though only weak references name it.
$(OUT)/tl-convert: $(OUT)/convert/tl-convert.o $(CONVERT_LIB_OBJS) $(LIBTLZ)
	$(call msg,LINK,$@)
	$(Q)$(CC) $(ALL_CFLAGS) $^ $(ALL_LDFLAGS) $(CONVERT_LDLIBS) $(LIBS_FORMAT) -o $@

# Golden tests' input generator (tests/cli/tl-convert/mksample.c).
TEST_BINS += $(OUT)/tests/mksample
$(OUT)/tests/mksample: tests/cli/tl-convert/mksample.c $(LIBTLZ)
	$(call msg,TEST,$@)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(ALL_CFLAGS) $< $(LIBTLZ) $(ALL_LDFLAGS) $(LIBS_FORMAT) -o $@
