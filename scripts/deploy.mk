# SPDX-License-Identifier: GPL-2.0
# Deployment (issue 6): boot loading (systrace.service, modules-load.d),
# make install, dkms; their tests.

# The unit and modules-load.d entry, checked on the host.
HOST_TESTS += scripts/systemd-unit-test
host-tests: $(H)/systracectl/systracectl

# In the VM: what systrace.service does, on the policies of /etc/systrace,
# with a policy of the test's own there for a copy of raw_helper.c.
VM_TESTS += $(H)/selftests/boot_test
VM_FILES += selftests/systrace/boot/selftests_boot_raw64:/etc/systrace/selftests_boot_raw64 \
	$(H)/selftests/raw64:/selftests/boot_raw64
# Then the daemons of the shipped policies under the policy set loaded at
# boot (selftests/systrace/daemons_test.sh runs the scripts below).
VM_FILES += selftests/systrace/daemons_test.sh:/selftests/daemons_test \
	selftests/systrace/daemon_lib.sh:/selftests/daemons/lib.sh

# make install into an empty DESTDIR, checked file by file; dkms builds the
# module from what it installs, for every kernel (private dkms trees).
HOST_TESTS += scripts/install-test scripts/dkms-test scripts/completion-test
host-tests: $(H)/policyc/policyc

# make install [DESTDIR=...]: what a distribution package ships.
#   /usr/sbin/systracectl, /usr/bin/policyc (a user command: policyc(1)),
#   /usr/bin/xsystrace (the graphical agent: xsystrace(1))
#   /usr/bin/systrace (systrace(1): a symbolic link to systracectl)
#   /usr/share/man/man{1,5,8}/
#   /usr/share/bash-completion/completions/{systracectl,policyc}
#   /lib/systemd/system/systrace.service, systrace-users.service,
#	systrace-users-sync.path and .service, systrace-monitor.service
#   /usr/lib/modules-load.d/systrace.conf
#   /etc/systrace/<policies of policies/> (not overwritten if present)
#   /usr/src/systrace-$(VERSION)/ (module source and dkms.conf, for dkms)
#   /usr/share/doc/systrace/ (the admin guide and the reference)
PREFIX ?= /usr
SBINDIR ?= $(PREFIX)/sbin
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
COMPLETIONDIR ?= $(PREFIX)/share/bash-completion/completions
DOCDIR ?= $(PREFIX)/share/doc/systrace
UNITDIR ?= /lib/systemd/system
MODLOADDIR ?= $(PREFIX)/lib/modules-load.d
SYSCONFDIR ?= /etc
SRCDIR ?= $(PREFIX)/src/systrace-$(VERSION)
INSTALL ?= install

# Policies: the files of policies/ that load-dir would load.
INSTALL_POLICIES := $(filter-out %.service %.path %.conf %~ %.md %.rst %.txt,\
	$(filter-out $(patsubst %/,%,$(wildcard policies/*/)),$(wildcard policies/*)))
DKMS_FILES := COPYING Kbuild $(sort $(wildcard kmod/*.c kmod/*.h kmod/*.def lib/*.c lib/*.h)) \
	$(sort $(wildcard include/uapi/linux/*.h))

.PHONY: install-files install-tools install-man install-boot install-policies \
	install-dkms install-doc install-completion
install: install-files
install-files: install-tools install-man install-boot install-policies \
	install-dkms install-doc install-completion

install-tools: $(H)/systracectl/systracectl $(H)/policyc/policyc $(H)/xsystrace/xsystrace
	$(INSTALL) -d $(DESTDIR)$(SBINDIR) $(DESTDIR)$(BINDIR)
	$(INSTALL) -m 0755 $(H)/systracectl/systracectl $(DESTDIR)$(SBINDIR)/systracectl
	$(INSTALL) -m 0755 $(H)/policyc/policyc $(DESTDIR)$(BINDIR)/policyc
	$(INSTALL) -m 0755 $(H)/xsystrace/xsystrace $(DESTDIR)$(BINDIR)/xsystrace
	ln -sf $(shell realpath -m --relative-to=$(BINDIR) $(SBINDIR))/systracectl \
		$(DESTDIR)$(BINDIR)/systrace

install-man:
	$(INSTALL) -d $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man8
	$(INSTALL) -m 0644 Documentation/policyc.1 $(DESTDIR)$(MANDIR)/man1/
	$(INSTALL) -m 0644 Documentation/xsystrace.1 $(DESTDIR)$(MANDIR)/man1/
	$(INSTALL) -m 0644 Documentation/systrace.1 $(DESTDIR)$(MANDIR)/man1/
	$(INSTALL) -m 0644 Documentation/systrace-policy.5 $(DESTDIR)$(MANDIR)/man5/
	$(INSTALL) -m 0644 Documentation/systracectl.8 $(DESTDIR)$(MANDIR)/man8/

# One file serves both tools; bash-completion loads it by command name.
install-completion:
	$(INSTALL) -d $(DESTDIR)$(COMPLETIONDIR)
	$(INSTALL) -m 0644 completion/systracectl $(DESTDIR)$(COMPLETIONDIR)/systracectl
	$(INSTALL) -m 0644 completion/systracectl $(DESTDIR)$(COMPLETIONDIR)/policyc

install-boot:
	$(INSTALL) -d $(DESTDIR)$(UNITDIR) $(DESTDIR)$(MODLOADDIR)
	$(INSTALL) -m 0644 policies/systrace.service $(DESTDIR)$(UNITDIR)/
	$(INSTALL) -m 0644 policies/systrace-users.service $(DESTDIR)$(UNITDIR)/
	$(INSTALL) -m 0644 policies/systrace-users-sync.path \
		policies/systrace-users-sync.service $(DESTDIR)$(UNITDIR)/
	$(INSTALL) -m 0644 policies/systrace-monitor.service $(DESTDIR)$(UNITDIR)/
	$(INSTALL) -m 0644 policies/modules-load.d/systrace.conf $(DESTDIR)$(MODLOADDIR)/

# An administrator's edits of an installed policy are kept.
install-policies:
	$(INSTALL) -d -m 0755 $(DESTDIR)$(SYSCONFDIR)/systrace
	@for f in $(INSTALL_POLICIES); do \
		d=$(DESTDIR)$(SYSCONFDIR)/systrace/$${f##*/}; \
		if [ -e "$$d" ]; then echo "install: keeping $$d"; \
		else echo "$(INSTALL) -m 0644 $$f $$d"; $(INSTALL) -m 0644 $$f $$d || exit 1; fi; \
	done

install-dkms:
	$(INSTALL) -d $(DESTDIR)$(SRCDIR)/kmod $(DESTDIR)$(SRCDIR)/lib \
		$(DESTDIR)$(SRCDIR)/include/uapi/linux
	@for f in $(DKMS_FILES); do \
		$(INSTALL) -m 0644 $$f $(DESTDIR)$(SRCDIR)/$$f || exit 1; \
	done
	sed 's/^PACKAGE_VERSION=.*/PACKAGE_VERSION="$(VERSION)"/' dkms.conf > $(DESTDIR)$(SRCDIR)/dkms.conf
	chmod 0644 $(DESTDIR)$(SRCDIR)/dkms.conf

install-doc:
	$(INSTALL) -d $(DESTDIR)$(DOCDIR)
	$(INSTALL) -m 0644 README.md COPYING $(wildcard Documentation/*.rst) $(DESTDIR)$(DOCDIR)/

# Policies for real daemons, tested in the VM on Debian's packages. A
# build host that cannot download them builds the rest; the tests skip.
DEBROOT := $(B)/debroot
$(DEBROOT)/.nginx:
	@scripts/debroot $(DEBROOT)/nginx nginx nginx-common || true
	@touch $@
vm-tests: $(DEBROOT)/.nginx
VM_FILES += selftests/systrace/nginx_test.sh:/selftests/daemons/nginx \
	$(DEBROOT)/nginx/usr/sbin/nginx:/usr/sbin/nginx \
	$(DEBROOT)/nginx/etc/nginx/nginx.conf:/etc/nginx/nginx.conf \
	$(DEBROOT)/nginx/etc/nginx/mime.types:/etc/nginx/mime.types \
	$(DEBROOT)/nginx/etc/nginx/sites-available/default:/etc/nginx/sites-available/default \
	$(DEBROOT)/nginx/usr/share/nginx/html/index.html:/usr/share/nginx/html/index.html

# OpenSSH's sshd (openssh-server), with ssh and ssh-keygen (openssh-client)
# for the key and the login; sshd_config is Debian's, as its postinst
# installs it from /usr/share/openssh.
$(DEBROOT)/.openssh:
	@scripts/debroot $(DEBROOT)/openssh openssh-server openssh-client || true
	@touch $@
vm-tests: $(DEBROOT)/.openssh
VM_FILES += selftests/systrace/sshd_test.sh:/selftests/daemons/sshd \
	$(DEBROOT)/openssh/usr/sbin/sshd:/usr/sbin/sshd \
	$(DEBROOT)/openssh/usr/bin/ssh:/usr/bin/ssh \
	$(DEBROOT)/openssh/usr/bin/ssh-keygen:/usr/bin/ssh-keygen \
	$(DEBROOT)/openssh/usr/share/openssh/sshd_config:/etc/ssh/sshd_config \
	$(DEBROOT)/openssh/etc/ssh/moduli:/etc/ssh/moduli

# dnsmasq (dnsmasq-base: the binary; Debian's dnsmasq package adds only the
# init script and an all-comments /etc/dnsmasq.conf, which the test writes).
$(DEBROOT)/.dnsmasq:
	@scripts/debroot $(DEBROOT)/dnsmasq dnsmasq-base || true
	@touch $@
vm-tests: $(DEBROOT)/.dnsmasq
VM_FILES += selftests/systrace/dnsmasq_test.sh:/selftests/daemons/dnsmasq \
	$(DEBROOT)/dnsmasq/usr/sbin/dnsmasq:/usr/sbin/dnsmasq

# make bench: nginx requests per second confined and unconfined in the same
# VM run (wrk from Debian), per kernel, and their ratio. After the other VM
# benchmarks: VMs side by side would share the CPUs.
$(DEBROOT)/.wrk:
	@scripts/debroot $(DEBROOT)/wrk wrk libluajit-5.1-2 || true
	@touch $@
.PHONY: bench-nginx
bench: bench-nginx
ifneq ($(filter bench,$(MAKECMDGOALS)),)
bench-nginx: | bench-vm
endif
bench-nginx: $(MODULES) $(TOOLS) $(H)/vm/init $(B)/vm-manifest $(DEBROOT)/.nginx $(DEBROOT)/.wrk
	@scripts/bench-nginx $(BENCH_KERNELS)

# Debian's ping (iputils-ping), for the admin guide's worked example of a
# set-uid program replaced by a policy (issue 14, point 5): ping_test.sh.
$(DEBROOT)/.ping:
	@scripts/debroot $(DEBROOT)/ping iputils-ping || true
	@touch $@
vm-tests: $(DEBROOT)/.ping
VM_FILES += selftests/systrace/ping_test.sh:/selftests/ping_test \
	$(DEBROOT)/ping/bin/ping:/usr/bin/ping
