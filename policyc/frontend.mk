# SPDX-License-Identifier: GPL-2.0
# policyc front end: scanner (flex), parser (bison), Linux name tables
# generated from the installed kernel headers, diagnostics, and its tests.
#
# Defines POLICYC_FRONTEND_OBJS for the policyc binary and adds the grammar
# and corpus tests to HOST_TESTS.  Everything generated goes to $(H)/policyc/.

BISON ?= bison
FLEX ?= flex

PFE := $(H)/policyc
PFE_HDRS := policyc/ast.h policyc/diag.h policyc/names.h policyc/table.h \
	policyc/lint.h kmod/calls.def $(PFE)/parser.h $(PFE)/scanner.h
# Generated C is not ours to make -Wextra clean: relax it there only.
PFE_CPPFLAGS := -Ipolicyc
PFE_GEN_CFLAGS := -Wno-unused-function -Wno-sign-compare -Wno-unused-parameter

$(PFE)/parser.c $(PFE)/parser.h &: policyc/parser.y
	@mkdir -p $(@D)
	$(BISON) -Wall -Werror --defines=$(PFE)/parser.h -o $(PFE)/parser.c $<

$(PFE)/scanner.c $(PFE)/scanner.h &: policyc/scanner.l
	@mkdir -p $(@D)
	$(FLEX) --header-file=$(PFE)/scanner.h -o $(PFE)/scanner.c $<

# The tables depend on the compiler's kernel headers, not on a file we can
# name portably: regenerate when the generator changes or on `make clean`.
# The calls of the kernels the module is built for are added: a policy may
# name a call of the newest (fchmodat2) when the compiler's headers are older.
PFE_KASM := $(wildcard $(foreach k,$(KERNELS),$(call kdir,$(k))/arch/x86/include/generated/uapi/asm))
$(PFE)/names.c: policyc/gen-names $(foreach d,$(PFE_KASM),$(d)/unistd_64.h $(d)/unistd_32.h)
	@mkdir -p $(@D)
	policyc/gen-names "$(CC)" $@ $(PFE_KASM)

$(PFE)/parser.o: $(PFE)/parser.c $(PFE_HDRS)
	$(CC) $(CPPFLAGS) $(PFE_CPPFLAGS) $(CFLAGS) $(PFE_GEN_CFLAGS) -c -o $@ $<

$(PFE)/scanner.o: $(PFE)/scanner.c $(PFE_HDRS)
	$(CC) $(CPPFLAGS) $(PFE_CPPFLAGS) $(CFLAGS) $(PFE_GEN_CFLAGS) -c -o $@ $<

$(PFE)/names.o: $(PFE)/names.c policyc/names.h policyc/ast.h policyc/diag.h
	$(CC) $(CPPFLAGS) $(PFE_CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(PFE)/fe-%.o: policyc/%.c $(PFE_HDRS)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(PFE_CPPFLAGS) $(CFLAGS) -c -o $@ $<

POLICYC_FRONTEND_OBJS := $(PFE)/parser.o $(PFE)/scanner.o $(PFE)/names.o \
	$(PFE)/fe-ast.o $(PFE)/fe-diag.o $(PFE)/fe-calls.o $(PFE)/fe-table.o \
	$(PFE)/fe-lint.o

# Tests (kselftest harness, TAP): grammar and diagnostics, real corpus.
# The top Makefile sets KSFT_HDRS after including this file, and
# prerequisites are expanded when read: name the harness headers here too.
PFE_KSFT_HDRS := $(or $(KSFT_HDRS),$(B)/linux-source/tools/testing/selftests/kselftest_harness.h \
	$(B)/linux-source/tools/testing/selftests/kselftest.h)
PFE_TESTS := $(PFE)/tests/grammar_test $(PFE)/tests/corpus_test
$(PFE_TESTS): $(PFE)/tests/%: policyc/tests/%.c $(POLICYC_FRONTEND_OBJS) $(PFE_HDRS) $(PFE_KSFT_HDRS)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(PFE_CPPFLAGS) $(KSFT_CPPFLAGS) $(CFLAGS) -o $@ $< $(POLICYC_FRONTEND_OBJS)

HOST_TESTS += $(PFE_TESTS)

# The table of calls and arguments against the kernel's hook files, the
# lint's spellings, the man page and the learner (systracectl/rule.c).
$(PFE)/tests/table_test: policyc/tests/table_test.c systracectl/rule.c \
		systracectl/systracectl.h $(POLICYC_FRONTEND_OBJS) $(PFE_HDRS) \
		$(PFE_KSFT_HDRS)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(PFE_CPPFLAGS) $(KSFT_CPPFLAGS) $(CFLAGS) -o $@ $< \
		systracectl/rule.c $(POLICYC_FRONTEND_OBJS)

HOST_TESTS += $(PFE)/tests/table_test
