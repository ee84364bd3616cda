# SPDX-License-Identifier: MIT
# libtlz: the .tlz format library (no clang, bpftool or root needed).
LIBTLZ_SRCS += $(sort $(filter-out %_fuzz.c,$(wildcard format/*.c)))
