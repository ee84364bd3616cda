# SPDX-License-Identifier: MIT
# record/: tl-record (links libbpf from Debian's libbpf-dev via pkg-config,
# and embeds the BPF skeleton from bpf/build.mk), its BPF test programs
# (tests/bpf/prog/*.c; *32.c are built 32-bit with gcc -m32) and the
# pure-C parts the unit tests link (librecord.a).
LIBBPF_CFLAGS := $(shell $(PKG_CONFIG) --cflags libbpf 2>/dev/null)
LIBBPF_LIBS := $(shell $(PKG_CONFIG) --libs libbpf 2>/dev/null || echo -lbpf) -lelf -lz

# Pure parts (no libbpf): unit-tested.
TLR_LIB_SRCS := record/cgroup.c record/capture.c record/msg.c record/options.c \
	record/procsnap.c
TLR_SRCS := record/recorder.c record/rawprint.c record/tl-record.c
# tl-record daemon / ctl (record/daemon*.c, http.c, ctl.c, spool.c, watch.c):
# the HTTP server is Debian's libmicrohttpd (libmicrohttpd-dev).
TLR_LIB_SRCS += record/spool.c record/watch.c record/daemon_util.c record/ctl.c
TLR_SRCS += record/daemon.c record/http.c
MHD_CFLAGS := $(shell $(PKG_CONFIG) --cflags libmicrohttpd 2>/dev/null)
MHD_LIBS := $(shell $(PKG_CONFIG) --libs libmicrohttpd 2>/dev/null || echo -lmicrohttpd)
$(OUT)/record/http.o: ALL_CFLAGS += $(MHD_CFLAGS)
TLR_LIB := $(OUT)/librecord.a

$(OUT)/record/%.o: ALL_CFLAGS += -Irecord -Ibpf -I$(OUT)/bpf $(LIBBPF_CFLAGS)
$(OUT)/record/recorder.o: $(BPF_SKEL)

$(TLR_LIB): $(patsubst %.c,$(OUT)/%.o,$(TLR_LIB_SRCS))
	$(call msg,AR,$@)
	$(Q)rm -f $@ && ar rcs $@ $^

$(OUT)/tl-record: $(patsubst %.c,$(OUT)/%.o,$(TLR_SRCS)) $(TLR_LIB) $(OUT)/libtlz.a
	$(call msg,LINK,$@)
	$(Q)$(CC) $(ALL_LDFLAGS) $^ $(LIBBPF_LIBS) $(MHD_LIBS) $(LIBS_FORMAT) -o $@

TOOLS += $(OUT)/tl-record

# unit tests of the pure parts: tests/unit/record_*_test.c
UNIT_EXTRA_LIBS += $(TLR_LIB)
UNIT_CFLAGS += -Irecord -Ibpf

# Test programs for tests/bpf/*.sh.
TLR_PROG_SRCS := $(wildcard tests/bpf/prog/*.c)
TLR_PROG64 := $(patsubst tests/bpf/prog/%.c,$(OUT)/tests/bpf/prog/%,$(filter-out %32.c,$(TLR_PROG_SRCS)))
TLR_PROG32 := $(patsubst tests/bpf/prog/%.c,$(OUT)/tests/bpf/prog/%,$(filter %32.c,$(TLR_PROG_SRCS)))
TEST_BINS += $(TLR_PROG64) $(TLR_PROG32)

$(TLR_PROG64): $(OUT)/tests/bpf/prog/%: tests/bpf/prog/%.c $(OUT)/libtlz.a
	$(call msg,TEST,$@)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(ALL_CFLAGS) $< $(OUT)/libtlz.a $(ALL_LDFLAGS) $(LIBS_FORMAT) -lpthread -o $@

# 32-bit: plain libc only (no libtlz), no sanitizers
$(TLR_PROG32): $(OUT)/tests/bpf/prog/%: tests/bpf/prog/%.c
	$(call msg,TEST32,$@)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) -m32 -std=gnu11 $(WARN) -O2 -g -D_GNU_SOURCE $< -o $@
