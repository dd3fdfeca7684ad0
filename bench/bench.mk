# SPDX-License-Identifier: GPL-2.0
# make bench, VM part: st_bench in one VM per kernel, ratios to the
# unconfined run with the module not loaded. See Documentation/benchmarks.rst.
#
#   make bench                          both kernels, instruction counts
#   make bench-vm BENCH_KERNELS=6.12    one kernel
#   make bench-vm BENCH_FLAGS=--wall    also a plain TCG run for wall time
#   make bench-scale                    two workers over one on a 2-CPU
#                                       guest (wall time: on an idle host;
#                                       not part of make bench)

BENCH_DIR := $(H)/bench
BENCH_KERNELS ?= $(KERNELS)
BENCH_FLAGS ?=

# Static: confined, it then needs no loader, no libraries, few calls.
$(BENCH_DIR)/st_bench: bench/st_bench.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -static -o $@ $<

# The smallest agent (raw generic netlink, no libnl): static too.
$(BENCH_DIR)/st_agent: bench/st_agent.c include/uapi/linux/systrace.h
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -static -o $@ $<

VM_FILES += $(BENCH_DIR)/st_bench:/usr/bin/st_bench
VM_FILES += $(BENCH_DIR)/st_agent:/usr/bin/st_agent
VM_FILES += bench/guest.sh:/usr/share/st_bench/guest.sh
vm-tests: $(BENCH_DIR)/st_bench $(BENCH_DIR)/st_agent

.PHONY: bench-vm
bench: bench-vm
# Under make -j, the host part's wall times would share the CPUs with qemu:
# with `make bench`, the VM part waits for the host part.
ifneq ($(filter bench,$(MAKECMDGOALS)),)
bench-vm: | bench-host
endif
bench-vm: $(BENCH_DIR)/st_bench $(BENCH_DIR)/st_agent $(MODULES) $(TOOLS) $(H)/vm/init $(B)/vm-manifest
	@bench/run-vm $(BENCH_FLAGS) $(BENCH_KERNELS)

# Wall time on two CPUs: the host's load decides it, so it is not part of
# `make bench` (whose figures are instruction counts); run it on an idle host.
.PHONY: bench-scale
bench-scale: $(BENCH_DIR)/st_bench $(MODULES) $(TOOLS) $(H)/vm/init $(B)/vm-manifest
	@bench/run-vm --scale $(BENCH_FLAGS) $(BENCH_KERNELS)
