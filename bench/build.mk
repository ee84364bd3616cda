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
