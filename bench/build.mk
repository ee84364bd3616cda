# SPDX-License-Identifier: MIT
# bench/decode_bench: decoder throughput on a synthetic multi-million-event
# dump (owned by the decoder). `make bench` runs it; not part of `make
# check`. Other benchmarks add themselves to `bench` the same way.
DECODE_BENCH := $(OUT)/bench/decode_bench

.PHONY: bench-decode

$(DECODE_BENCH): bench/decode_bench.c $(LIBTLZ)
	$(call msg,BENCH,$@)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(ALL_CFLAGS) $< $(LIBTLZ) $(ALL_LDFLAGS) $(LIBS_FORMAT) -o $@

bench-decode: $(DECODE_BENCH)
	$(Q)$(DECODE_BENCH)

bench: bench-decode

# bench/: the benchmarks of issue 7 (owner: bench). `make` builds the
# workload (sysbench) and the resource reporter (runstat) with the tools,
# so that tests/e2e/bench_smoke.sh finds them; `make bench` installs what
# is missing (scripts/deps.sh), builds, runs the whole campaign
# (bench/run.sh, root, tens of minutes) and writes docs/PERFORMANCE.md and
# docs/performance.svg (bench/report.sh). Not part of `make check`.
#   make bench BENCH_QUICK=1      a smoke run: tiny sizes, figures meaningless
BENCH_BINS := $(OUT)/bench/sysbench $(OUT)/bench/runstat
EXTRA_BINS += $(BENCH_BINS)

$(BENCH_BINS): $(OUT)/bench/%: bench/%.c
	$(call msg,CC,$@)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(ALL_CFLAGS) -MMD -MP $< $(ALL_LDFLAGS) -o $@

# bench/floor: the cost floor rows of the overhead section (empty programs
# on the recorder's attach points, and the same with a clock read each).
FLOOR_BIN := $(OUT)/bench/floor
EXTRA_BINS += $(FLOOR_BIN)

$(OUT)/bench/floor.bpf.o: bench/floor.bpf.c $(OUT)/bpf/vmlinux.h
	$(call msg,BPF,$@)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CLANG) $(BPF_CFLAGS) -c $< -o $@.tmp
	$(Q)$(BPFTOOL) gen object $@ $@.tmp && rm -f $@.tmp

$(OUT)/bench/floor.skel.h: $(OUT)/bench/floor.bpf.o
	$(call msg,SKEL,$@)
	$(Q)$(BPFTOOL) gen skeleton $< name floor_bpf > $@.tmp && mv $@.tmp $@

$(FLOOR_BIN): bench/floor.c $(OUT)/bench/floor.skel.h
	$(call msg,CC,$@)
	$(Q)$(CC) $(ALL_CFLAGS) -I$(OUT)/bench $< $(ALL_LDFLAGS) $(LIBBPF_LIBS) -o $@

.PHONY: bench-run bench-report

bench-run: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)TL_BUILD=$(CURDIR)/$(OUT) ./bench/run.sh

bench-report:
	$(Q)TL_BUILD=$(CURDIR)/$(OUT) ./bench/report.sh

bench: bench-run
	$(Q)$(MAKE) --no-print-directory bench-report
