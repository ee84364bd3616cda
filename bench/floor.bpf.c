// SPDX-License-Identifier: MIT OR GPL-2.0-only
/*
 * floor.bpf.c - the cost floor of any raw-syscall recorder on this machine,
 * for bench/run.sh: the same two attach points as bpf/recorder.bpf.c
 * (tp_btf sys_enter and sys_exit), with programs that do nothing (mode 0)
 * or only read the clock tl-record stamps records with (mode 1), for every
 * syscall of every task. A traced syscall of tl-record pays at least the
 * mode 1 figure; an untraced one at least mode 0.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "Dual MIT/GPL";

const volatile __u32 mode = 0;	/* 0: return at once, 1: read the clock */

__u64 sink = 0;	/* keeps the clock read (and its result) alive */

SEC("tp_btf/sys_enter")
int BPF_PROG(floor_enter, struct pt_regs *regs, long id)
{
	if (mode)
		sink = bpf_ktime_get_boot_ns();
	return 0;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(floor_exit, struct pt_regs *regs, long ret)
{
	if (mode)
		sink = bpf_ktime_get_boot_ns();
	return 0;
}
