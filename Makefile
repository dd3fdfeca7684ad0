# SPDX-License-Identifier: GPL-2.0
#
# systrace for Linux.
#
#   make          systrace.ko for every installed Debian kernel, and the tools
#   make deps     install the Debian packages the project needs (idempotent)
#   make check    host tests, then the VM selftests on every installed kernel,
#                 then those of the module's kernel paths on the debug kernel
#   make check-full  the same, every selftest on the debug kernel too
#   make check-escapes  the tests of open escapes make check skips (they fail)
#   make run      boot a VM with the module loaded (a shell on a terminal)
#   make bench    benchmarks, one `BENCH name value unit` line each
#   make bench-scale  two workers over one on a 2-CPU guest (wall time)
#   make fuzz     libFuzzer targets (clang)
#
# Everything generated goes under build/: build/host/ for userland,
# build/kmod/<kernel release>/ for the module of each kernel.

VERSION := 0.1.0
B := build
H := $(B)/host

CC := gcc
CFLAGS := -O2 -g -std=gnu11 -Wall -Wextra -Werror
CPPFLAGS := -D_GNU_SOURCE -Iinclude -Iinclude/uapi -I$(H) -DSYSTRACE_VERSION=\"$(VERSION)\"
# The kernel builds its harness with -Wall only: its macros trip -Wextra.
KSFT_CPPFLAGS := -isystem $(B)/linux-source/tools/testing/selftests -Wno-unused-parameter
NL_CFLAGS := $(shell pkg-config --cflags libnl-genl-3.0 2>/dev/null)
NL_LIBS := $(shell pkg-config --libs libnl-genl-3.0 2>/dev/null)

# Kernels: every Debian kernel whose headers are installed, or the one named
# by KVER= (headers in /lib/modules/$(KVER)/build) or KDIR= (a kernel tree).
ifneq ($(KDIR),)
KVER ?= $(shell $(MAKE) -s -C $(KDIR) kernelrelease)
KERNELS := $(KVER)
kdir = $(KDIR)
else ifneq ($(KVER),)
KERNELS := $(KVER)
kdir = /lib/modules/$(1)/build
else
KERNELS := $(patsubst /usr/src/linux-headers-%,%,$(wildcard /usr/src/linux-headers-*-amd64))
kdir = /usr/src/linux-headers-$(1)
endif
MODULES := $(foreach k,$(KERNELS),$(B)/kmod/$(k)/systrace.ko)

# Filled in by the sub-makefiles:
#   TOOLS        userland programs for the host and the VM image
#   HOST_TESTS   host test programs, each printing TAP (kselftest harness)
#   VM_TESTS     selftest programs copied to /selftests in the VM image
#   VM_FILES     other files for the image, as HOST:GUEST
TOOLS :=
HOST_TESTS :=
VM_TESTS :=
VM_FILES :=

.PHONY: all module tools deps check check-full check-escapes check-run run bench fuzz clean install
all: module tools

# From Debian's linux-source-6.1, extracted at build time and never copied
# into the repository: the kernel's selftest harness and checkpatch.pl.
KSRC := $(B)/linux-source
KSRC_TAR := $(firstword $(wildcard /usr/src/linux-source-6.1.tar.xz))
KSRC_FILES := tools/testing/selftests/kselftest_harness.h \
	tools/testing/selftests/kselftest.h \
	scripts/checkpatch.pl scripts/spelling.txt scripts/const_structs.checkpatch
$(addprefix $(KSRC)/,$(KSRC_FILES)) &:
	@mkdir -p $(KSRC)
	@test -n "$(KSRC_TAR)" || { echo "linux-source-6.1 missing: run make deps" >&2; exit 1; }
	tar -xJf $(KSRC_TAR) -C $(KSRC) --strip-components=1 \
		$(addprefix linux-source-6.1/,$(KSRC_FILES))
	@touch $(addprefix $(KSRC)/,$(KSRC_FILES))
KSFT_HDRS := $(KSRC)/tools/testing/selftests/kselftest_harness.h \
	$(KSRC)/tools/testing/selftests/kselftest.h
CHECKPATCH := $(KSRC)/scripts/checkpatch.pl

# Kernel coding style of every kernel source, as a host test.
HOST_TESTS += scripts/checkpatch-test
# scripts/deps on stub machines (nothing, some, everything installed).
HOST_TESTS += scripts/deps-test
host-tests: $(CHECKPATCH)
# The man pages as a reader sees them at 80 columns (issue 15).
HOST_TESTS += scripts/man-test
# Documentation/*.rst as docutils reads them: no malformed table or title.
HOST_TESTS += scripts/doc-test
# The commands the docs show, run as written (issue 15, point 7); the
# module's part runs in the VM (selftests/systrace/docrun_test.sh).
HOST_TESTS += scripts/doc-run-test
host-tests: tools

# IBT: the kernel functions the module finds by address are reached only
# through its thunk, checked on the built module of each kernel (issue 13).
HOST_TESTS += scripts/ibt-test
# The module patches none of its own text (the int3 Oops of issue 13).
HOST_TESTS += scripts/textpatch-test
host-tests: module

# The hook table is type-checked: a mistyped wrapper fails the build, on
# each kernel's headers (issue 18).
HOST_TESTS += scripts/hooktype-test

# No function over 120 lines, in lib/, policyc/, kmod/ and systracectl/
# (issue 18).
HOST_TESTS += scripts/funclen-test

# The module's layers (Documentation/kernel-internals.rst): no reference
# to a higher layer but those the page lists, on the built objects.
HOST_TESTS += scripts/layers-test
host-tests: module

include $(sort $(wildcard */*.mk))

module: $(MODULES)
tools: $(TOOLS)

# Each kernel gets its own tree of symlinks, so that kbuild's objects for
# one kernel never mix with another's.
KMOD_SRCS := Kbuild $(wildcard kmod/*.c kmod/*.h kmod/*.def lib/*.c lib/*.h include/uapi/linux/*.h)
$(B)/kmod/%/systrace.ko: $(KMOD_SRCS)
	@mkdir -p $(@D)
	@mkdir -p $(@D)/kmod && find $(@D)/kmod $(@D)/lib $(@D)/include -xtype l -delete 2>/dev/null; true
	@cp -rsf $(CURDIR)/Kbuild $(CURDIR)/kmod $(CURDIR)/lib $(CURDIR)/include $(@D)/
	$(MAKE) -C $(call kdir,$*) M=$(CURDIR)/$(@D) W=1 modules

deps:
	@scripts/deps

# `check` and `run` install what is missing first; the build and the tests
# run in a sub-make, which sees the kernels and libraries just installed.
# Each step that fails says so in one last line, and what to do.
NPROC := $(shell nproc 2>/dev/null || echo 1)
deps-or-fail = scripts/deps || { echo "make $(1): installing packages failed (scripts/deps, its last line says why); fix that and run 'make deps' as root" >&2; exit 1; }
build-or-fail = { echo "make $(1): the build failed (the first error above says where); if a header, library or tool is missing, run 'make deps'" >&2; exit 1; }
check:
	@$(call deps-or-fail,check)
	@$(MAKE) --no-print-directory -j$(NPROC) all host-tests vm-tests || $(call build-or-fail,check)
	@# The debug kernel (built once, cached outside the clone) and its
	@# module build while the 6.1 and 6.12 lanes run, on what they leave
	@# idle. If it cannot be built, those lanes still run and the debug
	@# run fails, printing the build's end.
	@rm -f $(B)/debug-module.rc; \
	{ $(MAKE) --no-print-directory -j$(NPROC) debug-module \
		> $(B)/debug-module.log 2>&1; echo $$? > $(B)/debug-module.rc; } & \
	SYSTRACE_CHECK_DEBUG_BUILD=$(B)/debug-module $(MAKE) --no-print-directory check-run

check-full:
	@$(MAKE) --no-print-directory check DEBUG_TESTS=all

# The debug kernel last: DEBUG_TESTS (scripts/debug.mk) on it, "all" for all.
check-run:
	@SYSTRACE_DEBUG_TESTS="$(DEBUG_TESTS)" scripts/check $(HOST_TESTS) -- $(KERNELS) debug

# The open escapes (Documentation/security.rst): the tests make check
# skips, run on every kernel; each fails until its escape is closed.
check-escapes: all vm-tests
	@for k in $(KERNELS); do \
		selftests/vm/run --kernel $$k --timeout 1800 -- /usr/bin/env \
			ST_OPEN_ESCAPES=1 /selftests/guest-run attack_proc_test; \
	done

run:
	@$(call deps-or-fail,run)
	@$(MAKE) --no-print-directory -j$(NPROC) all vm-tests || $(call build-or-fail,run)
	@scripts/run-demo

.PHONY: host-tests vm-tests
host-tests: $(HOST_TESTS)
vm-tests: $(VM_TESTS)

# What the VM image needs, for selftests/vm/run.
$(B)/vm-manifest: FORCE
	@mkdir -p $(@D)
	@{ for f in $(TOOLS); do echo "$$f:/usr/bin/$${f##*/}"; done; \
	   for f in $(VM_TESTS); do echo "$$f:/selftests/$${f##*/}"; done; \
	   for f in $(VM_FILES); do echo "$$f"; done; } > $@.tmp
	@cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@
all vm-tests: $(B)/vm-manifest

.PHONY: FORCE
FORCE:

clean:
	rm -rf $(B)
