/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * systrace for Linux: the user space interface.
 *
 * This header is the contract between systrace.ko and its tools
 * (systracectl, policyc, the selftests). Everything it defines is ABI.
 */
#ifndef _UAPI_LINUX_SYSTRACE_H
#define _UAPI_LINUX_SYSTRACE_H

/**
 * DOC: generic netlink family
 *
 * The module registers the generic netlink family ``systrace``
 * (:c:macro:`SYSTRACE_GENL_NAME`), version :c:macro:`SYSTRACE_GENL_VERSION`.
 * Tools resolve its id through the generic netlink controller, as for any
 * family; ``modprobe systrace`` is triggered by the kernel's
 * ``net-pf-16-proto-16-family-systrace`` alias when a tool asks for the
 * family and the module is not loaded.
 *
 * Every message carries attributes of the set ``enum systrace_attr``.
 * Attributes unknown to the running module are rejected (strict
 * validation), with an extended ACK message naming the attribute.
 *
 * Commands:
 *
 * %SYSTRACE_CMD_GET_STATUS
 *   Request: no attributes. Reply (same command): %SYSTRACE_A_VERSION,
 *   %SYSTRACE_A_KERNEL_RELEASE. Any user
 *   may ask; nothing changes.
 */
#define SYSTRACE_GENL_NAME	"systrace"
#define SYSTRACE_GENL_VERSION	1

/**
 * enum systrace_cmd - generic netlink commands
 * @SYSTRACE_CMD_UNSPEC: never valid
 * @SYSTRACE_CMD_GET_STATUS: the module's version and running kernel
 * @__SYSTRACE_CMD_MAX: number of commands, internal
 */
enum systrace_cmd {
	SYSTRACE_CMD_UNSPEC,
	SYSTRACE_CMD_GET_STATUS,
	__SYSTRACE_CMD_MAX
};
#define SYSTRACE_CMD_MAX (__SYSTRACE_CMD_MAX - 1)

/**
 * enum systrace_attr - generic netlink attributes
 * @SYSTRACE_A_UNSPEC: never valid
 * @SYSTRACE_A_VERSION: NLA_NUL_STRING, the module's version ("0.1.0")
 * @SYSTRACE_A_KERNEL_RELEASE: NLA_NUL_STRING, ``uname -r`` of the kernel
 *	the module runs on
 * @__SYSTRACE_A_LAST: number of attributes, internal
 */
enum systrace_attr {
	SYSTRACE_A_UNSPEC,
	SYSTRACE_A_VERSION,
	SYSTRACE_A_KERNEL_RELEASE,
	__SYSTRACE_A_LAST
};
#define SYSTRACE_A_MAX (__SYSTRACE_A_LAST - 1)

#endif /* _UAPI_LINUX_SYSTRACE_H */
