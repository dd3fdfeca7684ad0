# SPDX-License-Identifier: GPL-2.0
# VM selftests (kselftest harness), run in the guest by selftests/vm/guest-run.

ST_DIR := $(H)/selftests
$(ST_DIR)/%: selftests/systrace/%.c $(KSFT_HDRS) selftests/systrace/harness.h include/uapi/linux/systrace.h $(ST_NL_OBJ)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(KSFT_CPPFLAGS) $(NL_CFLAGS) $(CFLAGS) -o $@ $< $(ST_NL_OBJ) $(NL_LIBS) -lpthread

VM_TESTS += $(ST_DIR)/module_test
VM_FILES += selftests/vm/guest-run:/selftests/guest-run

$(H)/vm/init: selftests/vm/init.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -static -o $@ $<
vm-tests: $(H)/vm/init

# A module that WARNs on load, for the harness self-test (one per kernel).
WARN_MODULES := $(foreach k,$(KERNELS),$(B)/kmod/$(k)/warn/st_warn.ko)
$(B)/kmod/%/warn/st_warn.ko: selftests/vm/warn/st_warn.c selftests/vm/warn/Kbuild
	@mkdir -p $(@D)
	@cp -sf $(CURDIR)/selftests/vm/warn/st_warn.c $(CURDIR)/selftests/vm/warn/Kbuild $(@D)/
	$(MAKE) -C $(call kdir,$*) M=$(CURDIR)/$(@D) modules
vm-tests: $(WARN_MODULES)

# Loading over netlink, and random netlink messages (issue 4).
VM_TESTS += $(ST_DIR)/load_test $(ST_DIR)/nlfuzz_test

# Confinement selftests (issue 4): files, exec, the syscall filter, unload.
VM_TESTS += $(ST_DIR)/file_test $(ST_DIR)/exec_test $(ST_DIR)/syscall_test \
	$(ST_DIR)/unload_test
$(addprefix $(ST_DIR)/,file_test exec_test syscall_test unload_test): \
	selftests/systrace/confine.h
$(ST_DIR)/syscall_test: selftests/systrace/hooks.h
$(ST_DIR)/unload_test: selftests/systrace/uring.h
# raw_helper.c without libc, for each ABI: a program that reports which
# policy confines it after an exec (exec_test).
RAW_CFLAGS := -static -nostdlib -ffreestanding -fno-stack-protector -fno-pie \
	-no-pie -O2 -Wall -Wextra -Werror
$(ST_DIR)/raw64: selftests/systrace/raw_helper.c
	@mkdir -p $(@D)
	$(CC) -m64 $(RAW_CFLAGS) -o $@ $<
$(ST_DIR)/raw32: selftests/systrace/raw_helper.c
	@mkdir -p $(@D)
	$(CC) -m32 $(RAW_CFLAGS) -o $@ $<
VM_TESTS += $(ST_DIR)/raw64 $(ST_DIR)/raw32
VM_TESTS += $(ST_DIR)/enforce_test
VM_TESTS += $(ST_DIR)/escalate_test
# Run by file_test under a policy of its own that names $HOME, $USER, $CWD.
VM_TESTS += $(ST_DIR)/macro_helper

# The other hook categories (issue 4, point 1): sockets, path changes,
# signals/ptrace/set*id, executable memory, ioctl/mount.
ST_HOOK_TESTS := net_test path_test task_test mm_test misc_test
VM_TESTS += $(addprefix $(ST_DIR)/,$(ST_HOOK_TESTS))
$(addprefix $(ST_DIR)/,$(ST_HOOK_TESTS)): selftests/systrace/confine.h \
	selftests/systrace/hooks.h

# hook_helper.c without libc, for each ABI: one call named on its command
# line, run under systracectl run by the hook tests.
$(ST_DIR)/hook_helper64: selftests/systrace/hook_helper.c
	@mkdir -p $(@D)
	$(CC) -m64 $(RAW_CFLAGS) -o $@ $<
$(ST_DIR)/hook_helper32: selftests/systrace/hook_helper.c
	@mkdir -p $(@D)
	$(CC) -m32 $(RAW_CFLAGS) -o $@ $<
VM_TESTS += $(ST_DIR)/hook_helper64 $(ST_DIR)/hook_helper32

# systracectl load-dir (issue 6).
VM_TESTS += $(ST_DIR)/loaddir_test
# Users' policies, ~/.systrace (issue 6, point 1).
VM_TESTS += $(ST_DIR)/user_test
$(ST_DIR)/loaddir_test $(ST_DIR)/user_test: selftests/systrace/ctl.h

# A BPF LSM program on file_open beside the module, either attached first.
VM_TESTS += $(ST_DIR)/bpflsm_test

# systracectl ask, run -A/-a, monitor (issue 5, points 2-5). ask_helper is
# the program they confine; tmux (with its terminfo and a UTF-8 locale) is
# the terminal of the prompt test, which skips when the host has no tmux
# (tmux-256color: the terminal tmux gives its panes, which libedit draws on).
ST_CTL_TESTS := ask_test learn_test monitor_test
VM_TESTS += $(addprefix $(ST_DIR)/,$(ST_CTL_TESTS)) $(ST_DIR)/ask_helper
$(addprefix $(ST_DIR)/,$(ST_CTL_TESTS)): selftests/systrace/ctl.h
VM_FILES += /usr/bin/tmux:/usr/bin/tmux /lib/terminfo/x/xterm:/lib/terminfo/x/xterm \
	/lib/terminfo/t/tmux-256color:/lib/terminfo/t/tmux-256color \
	/usr/lib/locale/C.utf8/LC_CTYPE:/usr/lib/locale/C.utf8/LC_CTYPE
# One event in the kernel log and in monitor --json: the same words and
# fields (issue 15, point 4).
VM_TESTS += $(ST_DIR)/log_test
$(ST_DIR)/log_test: selftests/systrace/ctl.h
VM_TESTS += $(ST_DIR)/attack_admin_test

# Attack: a tracer rewrites the call after the decision (issue 11, point 1).
VM_TESTS += $(ST_DIR)/attack_seccomp_test
$(ST_DIR)/attack_seccomp_test: selftests/systrace/confine.h

# Attacks on the network rules: every route to a connection, a send, a bind
# or an accept (issue 11, point 2).
VM_TESTS += $(ST_DIR)/attack_net_test
$(ST_DIR)/attack_net_test: selftests/systrace/confine.h selftests/systrace/hooks.h \
	selftests/systrace/uring.h
# Its SCTP routes need sctp.ko, a module in Debian's kernels, and what it
# needs; the image has no modules but systrace.ko: each kernel's copies go
# to /lib/modules/RELEASE/st-net/ (uncompressed: busybox insmod), loaded by
# the test. A kernel without them: those tests skip.
ST_NET_MODS := crc32c_generic libcrc32c udp_tunnel ip6_udp_tunnel sctp
ST_NET_KOS := $(foreach k,$(KERNELS),$(foreach m,$(ST_NET_MODS),$(B)/vm-mods/$(k)/$(m).ko))
$(B)/vm-mods/%.ko:
	@mkdir -p $(@D)
	@k=$(patsubst %/,%,$(dir $*)); f=$$(modinfo -k $$k -n $(notdir $*) 2>/dev/null) && \
	case "$$f" in *.xz) xz -dc "$$f" > $@ ;; *.zst) zstd -dcq "$$f" > $@ ;; \
	*) cp "$$f" $@ ;; esac || { rm -f $@; : > $@; }
vm-tests: $(ST_NET_KOS)
VM_FILES += $(foreach k,$(KERNELS),$(foreach m,$(ST_NET_MODS),\
	$(B)/vm-mods/$(k)/$(m).ko:/lib/modules/$(k)/st-net/$(m).ko))

# Other processes as proxies (issue 11, point 3): ptrace, process_vm_*,
# /proc/PID/{mem,fd,cwd,root}, pidfd_getfd, signals, detached children.
VM_TESTS += $(ST_DIR)/attack_proc_test
$(ST_DIR)/attack_proc_test: selftests/systrace/confine.h selftests/systrace/hooks.h

# Attack: $HOME/$USER from the environment (issue 10, point 3).
VM_TESTS += $(ST_DIR)/attack_home_test
$(ST_DIR)/attack_home_test: selftests/systrace/confine.h selftests/systrace/ctl.h

# Attacks (issue 10): mixed real, effective, saved and filesystem ids.
VM_TESTS += $(ST_DIR)/attack_ids_test
$(ST_DIR)/attack_ids_test: selftests/systrace/confine.h

# Attack: logs no one else controls (issue 10, point 4).
VM_TESTS += $(ST_DIR)/attack_log_test
$(ST_DIR)/attack_log_test: selftests/systrace/confine.h selftests/systrace/hooks.h

# Every route to a file the policy denies (issue 11, point 2: files).
VM_TESTS += $(ST_DIR)/attack_file_test
$(ST_DIR)/attack_file_test: selftests/systrace/confine.h selftests/systrace/scm.h \
	selftests/systrace/uring.h
# systrace's meaning (issue 12, point 2): alias order, fsread/fswrite
# members by path, oflags letters, -u, linux = i386, detached, learned header.
VM_TESTS += $(ST_DIR)/semantics_test
$(ST_DIR)/semantics_test: selftests/systrace/confine.h selftests/systrace/hooks.h \
	selftests/systrace/ctl.h
# Stress for the debug kernel (issue 13, point 3): storms on every CPU while
# images come and go, questions while the agent dies, rmmod under load.
VM_TESTS += $(ST_DIR)/stress_test
$(ST_DIR)/stress_test: selftests/systrace/confine.h selftests/systrace/ctl.h

# The agent protocol: systracectl ask --json, run -g (issue 17, points 1, 4).
VM_TESTS += $(ST_DIR)/askjson_test
$(ST_DIR)/askjson_test: selftests/systrace/ctl.h

# Structured reports (issue 12, point 4): each argument whole in its own
# attribute; monitor --json's output is read back with jansson.
VM_TESTS += $(ST_DIR)/report_test
$(ST_DIR)/report_test: selftests/systrace/ctl.h
$(ST_DIR)/report_test: NL_LIBS += $(shell pkg-config --libs jansson 2>/dev/null)

# Every argument kmod/calls.def promises is supplied, and every learned
# rule matches its call (issue 12, point 5): args_test includes the table
# and links policyc's generated system call names; args_helper makes the
# calls, raw, in each ABI.
VM_TESTS += $(ST_DIR)/args_test $(ST_DIR)/args_helper64 $(ST_DIR)/args_helper32
$(ST_DIR)/args_test: selftests/systrace/args_test.c kmod/calls.def \
		selftests/systrace/confine.h selftests/systrace/hooks.h \
		selftests/systrace/ctl.h $(PFE)/names.o policyc/names.h \
		selftests/systrace/harness.h $(KSFT_HDRS)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(KSFT_CPPFLAGS) $(NL_CFLAGS) $(CFLAGS) -o $@ $< \
		$(PFE)/names.o $(ST_NL_OBJ) $(NL_LIBS) -lpthread
$(ST_DIR)/args_helper64: selftests/systrace/args_helper.c
	@mkdir -p $(@D)
	$(CC) -m64 $(RAW_CFLAGS) -o $@ $<
$(ST_DIR)/args_helper32: selftests/systrace/args_helper.c
	@mkdir -p $(@D)
	$(CC) -m32 $(RAW_CFLAGS) -o $@ $<

# Attach: a running process confined from its next call on (issue 14, point 4).
VM_TESTS += $(ST_DIR)/attach_test
$(ST_DIR)/attach_test: selftests/systrace/attach.h selftests/systrace/confine.h \
	selftests/systrace/ctl.h

# Privilege elevation, `permit as user[:group]` (issue 14, points 1 to 3).
VM_TESTS += $(ST_DIR)/elevate_test $(ST_DIR)/elevate_helper \
	$(ST_DIR)/attack_elevate_test
$(ST_DIR)/elevate_test $(ST_DIR)/elevate_helper $(ST_DIR)/attack_elevate_test: \
	selftests/systrace/confine.h selftests/systrace/elevate.h \
	selftests/systrace/ctl.h
$(ST_DIR)/attack_elevate_test: selftests/systrace/scm.h

# State one can see (issue 15, point 2): ps, unload's count, list of
# unloaded images in use, --json read back with jansson, shadowed load.
VM_TESTS += $(ST_DIR)/ps_test
$(ST_DIR)/ps_test: selftests/systrace/confine.h selftests/systrace/ctl.h
$(ST_DIR)/ps_test: NL_LIBS += $(shell pkg-config --libs jansson 2>/dev/null)

# systrace(1), the command; logprof and a policy file's own mode (issue 15,
# points 1 and 3).
VM_TESTS += $(ST_DIR)/systrace_cmd_test $(ST_DIR)/logprof_test
$(ST_DIR)/systrace_cmd_test $(ST_DIR)/logprof_test: selftests/systrace/ctl.h

# Attach against a fork in flight (issue 14, point 4).
VM_TESTS += $(ST_DIR)/attack_attach_test
$(ST_DIR)/attack_attach_test: selftests/systrace/attach.h \
	selftests/systrace/confine.h selftests/systrace/ctl.h

# Learned policies that travel: another directory, terminal, pipe (issue 15, point 6).
VM_TESTS += $(ST_DIR)/learn_travel_test
$(ST_DIR)/learn_travel_test: selftests/systrace/ctl.h

# Documentation that runs (issue 15, points 7 and 8): the commands of the
# docs, made into one script per document by scripts/doc-run on the host,
# run in the VM by docrun_test.sh from a directory with policies/.
DOCRUN_DOCS := README.md Documentation/admin-guide.rst $(wildcard Documentation/*.[158])
DOCRUN_SCRIPTS := $(foreach d,$(DOCRUN_DOCS),$(H)/docrun/$(subst .,_,$(notdir $(d))).sh)
$(DOCRUN_SCRIPTS) &: scripts/doc-run $(DOCRUN_DOCS)
	@mkdir -p $(H)/docrun
	scripts/doc-run --vm $(H)/docrun $(DOCRUN_DOCS)
vm-tests: $(DOCRUN_SCRIPTS)
VM_FILES += selftests/systrace/docrun_test.sh:/selftests/docrun_test \
	$(foreach s,$(DOCRUN_SCRIPTS),$(s):/selftests/docrun/$(notdir $(s))) \
	$(foreach p,$(wildcard policies/usr_sbin_* policies/demo/*),$(p):/selftests/docsrc/$(p))

# Attack: a user's agent hears only that user's images (issue 17); ask_helper
# (ST_CTL_TESTS above) is the program that asks.
VM_TESTS += $(ST_DIR)/attack_agent_test
$(ST_DIR)/attack_agent_test: selftests/systrace/confine.h selftests/systrace/ctl.h
