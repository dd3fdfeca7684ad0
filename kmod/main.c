// SPDX-License-Identifier: GPL-2.0
/*
 * systrace: system call policy enforcement.
 *
 * Module init and exit: each part starts in order and is torn down in
 * exactly the reverse order. The netlink family comes last, so that no
 * request arrives before everything it needs is up, and goes first.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <net/genetlink.h>
#include <uapi/linux/systrace.h>

#include "systrace.h"
#include "hook.h"

static int __init systrace_init(void)
{
	int ret;

	ret = st_policy_init();
	if (ret)
		goto err_policy;
	ret = st_task_init();
	if (ret)
		goto err_task;
	ret = st_who_init();
	if (ret)
		goto err_who;
	ret = st_syscall_init();
	if (ret)
		goto err_syscall;
	/* The kernel functions hooks and attach call (base.c); nothing to undo. */
	ret = st_call_paths_init();
	if (ret)
		goto err_hooks;
	ret = st_fown_init();
	if (ret)
		goto err_hooks;
	ret = st_hooks_init();
	if (ret)
		goto err_fown;
	ret = st_genl_init();
	if (ret)
		goto err_genl;

	pr_info("version %s loaded\n", SYSTRACE_VERSION);
	return 0;

err_genl:
	st_syscall_stop();
	st_hooks_exit();
	st_tty_exit();
err_fown:
	st_fown_exit();
err_hooks:
	st_syscall_exit();
err_syscall:
	st_who_exit();
err_who:
	st_task_exit();
err_task:
	st_policy_exit();
err_policy:
	return ret;
}

static void __exit systrace_exit(void)
{
	/* Tasks waiting for answers get their deny before the hooks drain. */
	st_ask_stop();
	st_genl_uninit();
	/* Loads in transfer: no request can continue them now. */
	st_xfer_exit();
	/* The syscall filter's flag goes before its hook (hook.c). */
	st_syscall_stop();
	st_hooks_exit();
	st_tty_exit();
	st_fown_exit();
	st_syscall_exit();
	st_who_exit();
	st_task_exit();
	st_users_exit();
	st_policy_exit();
	pr_info("unloaded\n");
}

module_init(systrace_init);
module_exit(systrace_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("systrace: system call policy enforcement");
MODULE_AUTHOR("systrace developers");
MODULE_VERSION(SYSTRACE_VERSION);
MODULE_ALIAS_GENL_FAMILY(SYSTRACE_GENL_NAME);
