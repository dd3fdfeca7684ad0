// SPDX-License-Identifier: GPL-2.0
/*
 * The generic netlink family "systrace": the only way in from user space.
 * Attributes are validated strictly against st_genl_policy before any
 * handler runs; every rejection carries an extended ACK message.
 */

#include <linux/kernel.h>
#include <linux/utsname.h>
#include <net/genetlink.h>
#include <uapi/linux/systrace.h>

#include "netlink.h"

static const struct nla_policy st_genl_policy[SYSTRACE_A_MAX + 1] = {
	[SYSTRACE_A_VERSION]		= { .type = NLA_NUL_STRING },
	[SYSTRACE_A_KERNEL_RELEASE]	= { .type = NLA_NUL_STRING },
};

static struct genl_family st_genl_family;

static int st_get_status(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	void *hdr;
	int ret = -EMSGSIZE;

	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;

	hdr = genlmsg_put_reply(msg, info, &st_genl_family, 0,
				SYSTRACE_CMD_GET_STATUS);
	if (!hdr)
		goto err_free;

	/* The release string never changes after boot: no uts_sem needed. */
	if (nla_put_string(msg, SYSTRACE_A_KERNEL_RELEASE,
			   init_utsname()->release) ||
	    nla_put_string(msg, SYSTRACE_A_VERSION, SYSTRACE_VERSION))
		goto err_free;

	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

err_free:
	nlmsg_free(msg);
	return ret;
}

static const struct genl_small_ops st_genl_ops[] = {
	{
		.cmd = SYSTRACE_CMD_GET_STATUS,
		.doit = st_get_status,
	},
};

static struct genl_family st_genl_family __ro_after_init = {
	.name = SYSTRACE_GENL_NAME,
	.version = SYSTRACE_GENL_VERSION,
	.maxattr = SYSTRACE_A_MAX,
	.policy = st_genl_policy,
	.netnsok = true,
	.parallel_ops = true,
	.module = THIS_MODULE,
	.small_ops = st_genl_ops,
	.n_small_ops = ARRAY_SIZE(st_genl_ops),
};

int __init st_genl_init(void)
{
	return genl_register_family(&st_genl_family);
}

void st_genl_uninit(void)
{
	genl_unregister_family(&st_genl_family);
}
