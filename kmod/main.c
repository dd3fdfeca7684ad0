// SPDX-License-Identifier: GPL-2.0
/*
 * systrace: system call policy enforcement.
 *
 * Module init and exit: each subsystem starts in order and is torn down in
 * exactly the reverse order.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <net/genetlink.h>
#include <uapi/linux/systrace.h>

#include "netlink.h"

static int __init systrace_init(void)
{
	int ret;

	ret = st_genl_init();
	if (ret < 0)
		goto err_genl;

	pr_info("version %s loaded\n", SYSTRACE_VERSION);
	return 0;

err_genl:
	return ret;
}

static void __exit systrace_exit(void)
{
	st_genl_uninit();
	pr_info("unloaded\n");
}

module_init(systrace_init);
module_exit(systrace_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("systrace: system call policy enforcement");
MODULE_AUTHOR("systrace developers");
MODULE_VERSION(SYSTRACE_VERSION);
MODULE_ALIAS_GENL_FAMILY(SYSTRACE_GENL_NAME);
