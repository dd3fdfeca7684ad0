# SPDX-License-Identifier: GPL-2.0
# systracectl: the control tool (libnl-genl; jansson for monitor --json and ask --json;
# libsystemd for monitor --journal; libedit for ask's prompt on a terminal).

STCTL_SRCS := $(wildcard systracectl/*.c)
STCTL_OBJS := $(patsubst systracectl/%.c,$(H)/systracectl/%.o,$(STCTL_SRCS))
# The netlink plumbing, linked into the selftests too.
ST_NL_OBJ := $(H)/systracectl/nl.o $(H)/systracectl/request.o

# JSON (monitor --json, ask --json) through jansson.
JANSSON_CFLAGS := $(shell pkg-config --cflags jansson 2>/dev/null)
JANSSON_LIBS := $(shell pkg-config --libs jansson 2>/dev/null)
# The journal (monitor --journal) through libsystemd's sd_journal_sendv().
SYSTEMD_CFLAGS := $(shell pkg-config --cflags libsystemd 2>/dev/null)
SYSTEMD_LIBS := $(shell pkg-config --libs libsystemd 2>/dev/null)
# The prompt's line editor (ask on a terminal): libedit, BSD-licensed
# (readline's GPL-3 does not mix with GPL-2.0-only).
EDIT_CFLAGS := $(shell pkg-config --cflags libedit 2>/dev/null)
EDIT_LIBS := $(shell pkg-config --libs libedit 2>/dev/null)

$(H)/systracectl/%.o: systracectl/%.c $(wildcard systracectl/*.h) include/uapi/linux/systrace.h
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(NL_CFLAGS) $(JANSSON_CFLAGS) $(SYSTEMD_CFLAGS) $(EDIT_CFLAGS) $(CFLAGS) -c -o $@ $<

# The table of calls and arguments (kmod/calls.def), shared with policyc.
STCTL_OBJS += $(H)/systracectl/table.o
$(H)/systracectl/table.o: policyc/table.c policyc/table.h kmod/calls.def
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<
$(H)/systracectl/rule.o: policyc/table.h kmod/calls.def

$(H)/systracectl/systracectl: $(STCTL_OBJS)
	$(CC) $(CFLAGS) -o $@ $^ $(NL_LIBS) $(JANSSON_LIBS) $(SYSTEMD_LIBS) $(EDIT_LIBS)

TOOLS += $(H)/systracectl/systracectl

# systrace(1): the same binary by another name (main.c looks at argv[0]).
$(H)/systracectl/systrace: $(H)/systracectl/systracectl
	ln -sf systracectl $@
TOOLS += $(H)/systracectl/systrace

# Host test: monitor --journal's fields and the kept lines logprof reads
# (journald does not run in the VM). Every object but main.o, whose
# functions the tests need are main_stub.c's.
STCTL_TEST_OBJS := $(filter-out $(H)/systracectl/main.o,$(STCTL_OBJS)) \
	$(H)/systracectl/tests/main_stub.o
$(H)/systracectl/tests/main_stub.o: systracectl/tests/main_stub.c systracectl/systracectl.h
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(NL_CFLAGS) $(CFLAGS) -c -o $@ $<
$(H)/systracectl/tests/journal_test: systracectl/tests/journal_test.c $(STCTL_TEST_OBJS) \
		systracectl/systracectl.h $(KSFT_HDRS)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(KSFT_CPPFLAGS) $(NL_CFLAGS) $(JANSSON_CFLAGS) $(CFLAGS) -o $@ $< \
		$(STCTL_TEST_OBJS) $(NL_LIBS) $(JANSSON_LIBS) $(SYSTEMD_LIBS) $(EDIT_LIBS)
HOST_TESTS += $(H)/systracectl/tests/journal_test

# Host test: what learning generalises (rule.c), each class of name
# (issue 15, point 6), and that the rules compile with policyc.
$(H)/systracectl/tests/rule_test: systracectl/tests/rule_test.c $(STCTL_TEST_OBJS) \
		systracectl/systracectl.h $(KSFT_HDRS) $(H)/policyc/policyc
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(KSFT_CPPFLAGS) $(NL_CFLAGS) $(CFLAGS) -o $@ $< \
		$(STCTL_TEST_OBJS) $(NL_LIBS) $(JANSSON_LIBS) $(SYSTEMD_LIBS) $(EDIT_LIBS)
HOST_TESTS += $(H)/systracectl/tests/rule_test

# Host test: the error paths that need no module, one line each with what
# to do, and the documented exit codes (issue 15, point 5).
HOST_TESTS += scripts/cli-errors-test
scripts/cli-errors-test: $(H)/systracectl/systracectl $(H)/systracectl/systrace
