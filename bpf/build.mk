# SPDX-License-Identifier: MIT
# bpf/: the in-kernel recorder, built with clang -target bpf, plus its
# libbpf skeleton (bpftool gen skeleton) embedded in tl-record.
#
# vmlinux.h is generated at build time from the running kernel's BTF
# (/sys/kernel/btf/vmlinux) rather than checked in: the recorder only
# touches a few fields (pt_regs, task_struct, linux_binprm) through CO-RE
# relocations, so the object still loads on other BTF kernels, and we
# avoid a 3 MB generated file per architecture in git that would go stale.
# The cost: building tl-record needs a kernel with BTF, which every machine
# that can run it has anyway. Set VMLINUX_BTF to build against another one.
VMLINUX_BTF ?= /sys/kernel/btf/vmlinux
BPF_ARCH := $(shell uname -m | sed -e 's/x86_64/x86/' -e 's/aarch64/arm64/')
BPF_CFLAGS = -g -O2 -target bpf -mcpu=v3 -D__TARGET_ARCH_$(BPF_ARCH) -Wall -Werror \
	-I$(OUT)/bpf -Iformat -Ibpf

BPF_SKEL = $(OUT)/bpf/recorder.skel.h

$(OUT)/bpf/vmlinux.h:
	$(call msg,GEN,$@)
	$(Q)mkdir -p $(dir $@)
	$(Q)if [ ! -r $(VMLINUX_BTF) ]; then \
		echo "bpf/build.mk: $(VMLINUX_BTF) not found: the kernel has no BTF (CONFIG_DEBUG_INFO_BTF)" >&2; \
		exit 1; fi
	$(Q)$(BPFTOOL) btf dump file $(VMLINUX_BTF) format c > $@.tmp && mv $@.tmp $@

$(OUT)/bpf/recorder.bpf.o: bpf/recorder.bpf.c bpf/recorder.bpf.h format/tl_record.h \
		$(wildcard bpf/*.bpf.h) $(OUT)/bpf/vmlinux.h
	$(call msg,BPF,$@)
	$(Q)$(CLANG) $(BPF_CFLAGS) -c $< -o $@.tmp
	$(Q)$(BPFTOOL) gen object $@ $@.tmp && rm -f $@.tmp

$(BPF_SKEL): $(OUT)/bpf/recorder.bpf.o
	$(call msg,SKEL,$@)
	$(Q)$(BPFTOOL) gen skeleton $< name recorder_bpf > $@.tmp && mv $@.tmp $@
