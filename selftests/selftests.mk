# SPDX-License-Identifier: GPL-2.0
# VM selftests (kselftest harness), run in the guest by selftests/vm/guest-run.

ST_DIR := $(H)/selftests
$(ST_DIR)/%: selftests/systrace/%.c $(KSFT_HDRS) include/uapi/linux/systrace.h $(ST_NL_OBJ)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(KSFT_CPPFLAGS) $(NL_CFLAGS) $(CFLAGS) -o $@ $< $(ST_NL_OBJ) $(NL_LIBS) -lpthread

VM_TESTS += $(ST_DIR)/module_test
VM_FILES += selftests/vm/guest-run:/selftests/guest-run

$(H)/vm/init: selftests/vm/init.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -static -o $@ $<
vm-tests: $(H)/vm/init
