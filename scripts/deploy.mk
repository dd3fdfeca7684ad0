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
