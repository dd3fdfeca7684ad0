// SPDX-License-Identifier: GPL-2.0
/*
 * A module that does nothing but WARN when loaded: selftests/vm/harness_test
 * loads it to prove that selftests/vm/run fails a run whose kernel log shows
 * a warning, even though the command itself succeeded.
 */
#include <linux/bug.h>
#include <linux/module.h>

static int __init st_warn_init(void)
{
	WARN(1, "st_warn: deliberate warning from the harness self-test\n");
	return 0;
}

static void __exit st_warn_exit(void)
{
}

module_init(st_warn_init);
module_exit(st_warn_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("systrace selftest: trigger a kernel WARNING");
