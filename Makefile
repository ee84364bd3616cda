# SPDX-License-Identifier: MIT
# tlz top-level Makefile.
#
#   make            build every tool into build/ (tl-record, tl-convert, tl-analyze)
#   make demo       install missing Debian packages, build, record a command, show it
#   make check      install, build, run every test (also ASan+UBSan, fuzz corpora)
#   make fuzz       build the libFuzzer targets (clang) into build/fuzz/
#   make bench      run bench/ and write docs/PERFORMANCE.md (not part of check)
#   make clean      remove build/
#
# Variables: V=1 shows commands; CC=clang builds with clang;
# SANITIZE=address,undefined builds an instrumented tree in build/san/.
#
# Every directory adds itself through its build.mk fragment; objects and
# binaries go to $(OUT) only.

CC	?= gcc
CLANG	?= clang
BPFTOOL	?= bpftool
PKG_CONFIG ?= pkg-config

ifeq ($(origin CC),default)
CC := gcc
endif

ifeq ($(V),1)
Q =
msg =
else
Q = @
msg = @printf '  %-8s %s\n' "$(1)" "$(2)";
endif

ifneq ($(SANITIZE),)
OUT	?= build/san
SANFLAGS = -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
else
OUT	?= build
SANFLAGS =
endif

ARCH	:= $(shell uname -m | sed -e 's/x86_64/x86/' -e 's/aarch64/arm64/')
WARN	= -Wall -Wextra -Werror -Wno-unused-parameter -Wshadow -Wformat=2 \
	  -Wmissing-prototypes -Wstrict-prototypes
CFLAGS	?= -O2 -g
ALL_CFLAGS = -std=gnu11 $(WARN) $(CFLAGS) $(SANFLAGS) -D_GNU_SOURCE \
	  -Iformat -I$(OUT)
LDFLAGS	?=
ALL_LDFLAGS = $(LDFLAGS) $(SANFLAGS)

LIBS_FORMAT = -lzstd -lz

.PHONY: all demo check test fuzz bench clean deps install help
.DEFAULT_GOAL := all

# Defined before the fragments: their rules name it as a prerequisite,
# which make expands when it reads the rule.
LIBTLZ = $(OUT)/libtlz.a

# Fragments append to these.
LIBTLZ_SRCS :=
TOOLS :=
UNIT_TESTS :=
FUZZ_TARGETS :=
EXTRA_BINS :=

include format/build.mk
-include bpf/build.mk
-include record/build.mk
-include convert/build.mk
-include analyze/build.mk
-include tests/build.mk
-include bench/build.mk

LIBTLZ_OBJS = $(patsubst %.c,$(OUT)/%.o,$(LIBTLZ_SRCS))

all: $(LIBTLZ) $(TOOLS) $(EXTRA_BINS)

$(LIBTLZ): $(LIBTLZ_OBJS)
	$(call msg,AR,$@)
	$(Q)rm -f $@ && ar rcs $@ $^

$(OUT)/%.o: %.c
	$(call msg,CC,$@)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

deps:
	$(Q)./scripts/deps.sh

demo: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)./scripts/demo.sh

check: deps
	$(Q)$(MAKE) --no-print-directory all tests
	$(Q)$(MAKE) --no-print-directory SANITIZE=address,undefined all tests
	$(Q)./tests/run.sh

test: all tests
	$(Q)./tests/run.sh

clean:
	$(call msg,CLEAN,build)
	$(Q)rm -rf build

help:
	@sed -n '2,16p' Makefile | sed 's/^# \{0,1\}//'

-include $(shell find $(OUT) -name '*.d' 2>/dev/null)
