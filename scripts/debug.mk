# SPDX-License-Identifier: GPL-2.0
# The debug kernel (issue 13): Debian's linux-source-6.12 with KASAN, UBSAN,
# KFENCE, lockdep and kmemleak, built by scripts/debug-kernel once and
# cached outside the clone; the module for it in build/kmod/debug/.
# `make check` runs DEBUG_TESTS on it (Documentation/testing.rst says why
# these), then a kmemleak scan; `make check-full` runs every selftest there.

# Empty until linux-source-6.12 is installed (make check installs it first,
# then evaluates this again in its sub-make).
DEBUG_KDIR := $(shell scripts/debug-kernel --dir 2>/dev/null)

# `kdir` of the kernel named "debug" is the cached tree, for the module and
# any other module the tests build.
$(eval st_debug_kdir_orig = $(value kdir))
kdir = $(if $(filter debug,$(1)),$(DEBUG_KDIR),$(st_debug_kdir_orig))

.PHONY: debug-kernel debug-module
debug-kernel:
	@scripts/debug-kernel > /dev/null
ifneq ($(DEBUG_KDIR),)
$(DEBUG_KDIR)/ok: selftests/vm/debug.config
	@scripts/debug-kernel > /dev/null
$(B)/kmod/debug/systrace.ko: $(DEBUG_KDIR)/ok
debug-module: $(B)/kmod/debug/systrace.ko
else
debug-module:
	@echo "debug kernel: linux-source-6.12 is not installed: run make deps" >&2; exit 1
endif

# The selftests that drive the module's kernel paths (hooks, netlink,
# questions, unload, attacks, stress), in this order; stress_test last but
# one, unload_test last (it leaves the module unloaded and reloaded).
DEBUG_TESTS ?= module_test load_test nlfuzz_test file_test exec_test \
	syscall_test net_test task_test path_test mm_test misc_test \
	escalate_test enforce_test \
	attack_admin_test attack_home_test attack_ids_test attack_net_test \
	attack_proc_test attack_seccomp_test attack_file_test attack_log_test \
	attack_agent_test \
	semantics_test attach_test \
	elevate_test attack_elevate_test attack_attach_test \
	stress_test unload_test
