# SPDX-License-Identifier: GPL-2.0
# VM selftests (kselftest harness), run in the guest by selftests/vm/guest-run.

ST_DIR := $(H)/selftests
$(ST_DIR)/%: selftests/systrace/%.c $(KSFT_HDRS) include/uapi/linux/systrace.h
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(KSFT_CPPFLAGS) $(NL_CFLAGS) $(CFLAGS) -o $@ $< $(NL_LIBS) -lpthread

VM_TESTS += $(ST_DIR)/module_test
VM_FILES += selftests/vm/guest-run:/selftests/guest-run
