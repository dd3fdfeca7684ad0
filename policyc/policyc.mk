# SPDX-License-Identifier: GPL-2.0
# policyc back end: code generation, automata, the shared verifier and
# interpreter (lib/prog.c, built for userland), the CLI, its tests,
# fuzzers and benchmarks.  The front end is policyc/frontend.mk.

PBE := $(H)/policyc
PBE_CPPFLAGS := -Ipolicyc
PBE_HDRS := $(wildcard policyc/*.h) lib/prog.h lib/prog_compat.h \
	lib/limits.h include/uapi/linux/systrace_prog.h
PBE_SRCS := policyc/nfa.c policyc/glob.c policyc/regex.c policyc/image.c \
	policyc/emit.c policyc/disasm.c policyc/ref.c lib/prog.c
PBE_OBJS := $(patsubst %.c,$(PBE)/be-%.o,$(notdir $(PBE_SRCS)))

$(PBE)/be-%.o: policyc/%.c $(PBE_HDRS)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(PBE_CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(PBE)/be-prog.o: lib/prog.c $(PBE_HDRS)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(PBE_CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(PBE)/policyc: $(PBE)/be-main.o $(PBE_OBJS) $(POLICYC_FRONTEND_OBJS)
	$(CC) $(CFLAGS) -o $@ $^

TOOLS += $(PBE)/policyc

# Host tests (kselftest harness, TAP).
PBT := $(PBE)/btests
$(PBT)/%: policyc/btests/%.c policyc/btests/gen.h $(PBE_OBJS) \
		$(POLICYC_FRONTEND_OBJS) $(PBE_HDRS) $(KSFT_HDRS)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(PBE_CPPFLAGS) $(KSFT_CPPFLAGS) $(CFLAGS) -o $@ $< \
		$(PBE_OBJS) $(POLICYC_FRONTEND_OBJS)

# Every single-byte mutation, under ASan and UBSan.
PBE_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
$(PBT)/mutate_test: policyc/btests/mutate_test.c policyc/btests/gen.h \
		$(PBE_SRCS) $(POLICYC_FRONTEND_OBJS) $(PBE_HDRS) $(KSFT_HDRS)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(PBE_CPPFLAGS) $(KSFT_CPPFLAGS) $(CFLAGS) $(PBE_SAN) \
		-o $@ $< $(PBE_SRCS) $(POLICYC_FRONTEND_OBJS)

HOST_TESTS += $(PBT)/unit_test $(PBT)/diff_test $(PBT)/mutate_test policyc/btests/cli-test \
	policyc/fuzz/run

# libFuzzer targets: the parser (front end) and the verifier+interpreter.
FUZZ_CC ?= clang
FUZZ_SECONDS ?= 60
FUZZ_FLAGS := -g -O1 -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=all -D_GNU_SOURCE -Iinclude -I$(H) -Ipolicyc
PFZ := $(PBE)/fuzz
PFE_FUZZ_SRCS := $(PFE)/parser.c $(PFE)/scanner.c $(PFE)/names.c \
	policyc/ast.c policyc/diag.c policyc/calls.c policyc/table.c policyc/lint.c

$(PFZ)/fuzz_verify: policyc/fuzz/fuzz_verify.c lib/prog.c $(PBE_HDRS)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ policyc/fuzz/fuzz_verify.c lib/prog.c

$(PFZ)/fuzz_parse: policyc/fuzz/fuzz_parse.c $(PFE_FUZZ_SRCS) $(PBE_SRCS) \
		$(PFE_HDRS) $(PBE_HDRS)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_FLAGS) -Wno-unused-function -o $@ \
		policyc/fuzz/fuzz_parse.c $(PFE_FUZZ_SRCS) $(PBE_SRCS)

PBE_FUZZERS := $(PFZ)/fuzz_verify $(PFZ)/fuzz_parse
PBE_SEEDS := $(wildcard policyc/fuzz/seeds/*.policy)

# Seeds: the policies for the parser, their images for the verifier.
$(PFZ)/seeds.stamp: $(PBE_SEEDS) $(PBE)/policyc
	@mkdir -p $(PFZ)/seeds-fuzz_parse $(PFZ)/seeds-fuzz_verify
	@for f in $(PBE_SEEDS); do n=$${f##*/}; \
		cp $$f $(PFZ)/seeds-fuzz_parse/$$n; \
		$(PBE)/policyc -o $(PFZ)/seeds-fuzz_verify/$${n%.policy}.stb $$f || exit 1; \
	done
	@touch $@

.PHONY: fuzz-policyc fuzzers-policyc
fuzzers-policyc: $(PBE_FUZZERS) $(PFZ)/seeds.stamp
host-tests: fuzzers-policyc
fuzz: fuzz-policyc
fuzz-policyc: fuzzers-policyc
	@policyc/fuzz/run $(FUZZ_SECONDS) $(PFZ)

# Benchmarks (host part).
$(PBE)/bench: policyc/btests/bench.c policyc/btests/gen.h $(PBE_OBJS) \
		$(POLICYC_FRONTEND_OBJS) $(PBE_HDRS)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(PBE_CPPFLAGS) $(CFLAGS) -o $@ $< $(PBE_OBJS) \
		$(POLICYC_FRONTEND_OBJS)

.PHONY: bench-host
bench: bench-host
bench-host: $(PBE)/bench $(PBE)/policyc
	@$(PBE)/bench
