// SPDX-License-Identifier: GPL-2.0
/*
 * The generic netlink family "systrace" and the messages the module sends
 * in it: the family itself, its "events" multicast group, the decision
 * events (decide.c, hook_task.c), the parts of a question (ask.c) and the
 * headers of the replies of netlink.c. Nothing here handles a request:
 * netlink.c, the command handlers, is the only file above this one, and
 * hands it its operations at st_genl_register(), so that the files below
 * the handlers send messages without calling into them
 * (Documentation/kernel-internals.rst).
 */

#include <linux/kernel.h>
#include <linux/sched.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include <uapi/linux/systrace.h>

#include "systrace.h"

enum st_mcgrp {
	ST_MCGRP_EVENTS,
};

static const struct genl_multicast_group st_genl_mcgrps[] = {
	/* Events name other users' processes and files: admins only. */
	[ST_MCGRP_EVENTS] = { .name = SYSTRACE_GENL_MCGRP_EVENTS,
			      .flags = GENL_MCAST_CAP_SYS_ADMIN },
};

/*
 * The requests' policy and operations are netlink.c's, set once by
 * st_genl_register() before the family is registered.
 */
static struct genl_family st_genl_family __ro_after_init = {
	.name = SYSTRACE_GENL_NAME,
	.version = SYSTRACE_GENL_VERSION,
	.maxattr = SYSTRACE_A_MAX,
	.netnsok = true,
	.parallel_ops = true,
	.module = THIS_MODULE,
	.mcgrps = st_genl_mcgrps,
	.n_mcgrps = ARRAY_SIZE(st_genl_mcgrps),
};

int __init st_genl_register(const struct nla_policy *policy,
			    const struct genl_small_ops *ops, unsigned int n)
{
	st_genl_family.policy = policy;
	st_genl_family.small_ops = ops;
	st_genl_family.n_small_ops = n;
	return genl_register_family(&st_genl_family);
}

void st_genl_unregister(void)
{
	genl_unregister_family(&st_genl_family);
}

void *st_genl_put_reply(struct sk_buff *msg, struct genl_info *info, u8 cmd)
{
	return genlmsg_put_reply(msg, info, &st_genl_family, 0, cmd);
}

void *st_genl_put_dump(struct sk_buff *skb, struct netlink_callback *cb,
		       u8 cmd)
{
	return genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
			   cb->nlh->nlmsg_seq, &st_genl_family, NLM_F_MULTI,
			   cmd);
}

void *st_genl_put(struct sk_buff *msg, u8 cmd)
{
	return genlmsg_put(msg, 0, 0, &st_genl_family, 0, cmd);
}

void st_genl_multicast_copy(struct sk_buff *msg)
{
	struct sk_buff *copy;

	if (!genl_has_listeners(&st_genl_family, &init_net, ST_MCGRP_EVENTS))
		return;
	copy = skb_clone(msg, GFP_KERNEL);
	if (copy)
		genlmsg_multicast(&st_genl_family, copy, 0, ST_MCGRP_EVENTS,
				  GFP_KERNEL);
}

/* The longest argument name (calls.def: "cred-mixed"), NUL included. */
#define ST_ARG_NAME_MAX	16

/* The bytes of one SYSTRACE_A_ARG whose value is @len bytes long. */
static size_t st_genl_arg_size(u32 len)
{
	return nla_total_size(0) + nla_total_size(ST_ARG_NAME_MAX) +
	       nla_total_size(sizeof(u32)) + nla_total_size(sizeof(u8)) +
	       nla_total_size(len + 1);
}

size_t st_genl_call_size(const struct st_layer *l, const struct st_call *c,
			 const char *args, size_t who, size_t extra)
{
	size_t size = extra + nla_total_size(sizeof(u32)) * 2 + who +
		      nla_total_size(strlen(l->slot->name) + 1) +
		      nla_total_size(strlen(c->name) + 1) +
		      nla_total_size(sizeof("native")) +
		      nla_total_size(strlen(args) + 1) +
		      nla_total_size(sizeof(u8));
	u32 i;

	if (c->raw)
		return size + 6 * st_genl_arg_size(20);
	for (i = 0; i < c->nargs; i++)
		size += st_genl_arg_size(min_t(u32, c->args[i].len,
					       SYSTRACE_ARG_VALUE_MAX - 1));
	return size;
}

/*
 * One argument as a SYSTRACE_A_ARG: the value whole, as a rule compares
 * it (a hook's value is at most PATH_MAX already; the cap only keeps a
 * promise of the uapi). An argument without a name gets "?", which no
 * table knows: no rule is made from it.
 */
static int st_genl_put_arg(struct sk_buff *msg, u8 arg, u32 idx,
			   const char *s, u32 len)
{
	const char *name = st_arg_name(arg);
	struct nlattr *nest, *v;

	len = min_t(u32, len, SYSTRACE_ARG_VALUE_MAX - 1);
	nest = nla_nest_start(msg, SYSTRACE_A_ARG);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_string(msg, SYSTRACE_A_ARG_NAME, name ?: "?") ||
	    nla_put_u32(msg, SYSTRACE_A_ARG_INDEX, idx) ||
	    nla_put_u8(msg, SYSTRACE_A_ARG_KIND, st_arg_kind(arg)))
		goto cancel;
	v = nla_reserve(msg, SYSTRACE_A_ARG_VALUE, len + 1);
	if (!v)
		goto cancel;
	memcpy(nla_data(v), s, len);
	((char *)nla_data(v))[len] = '\0';
	nla_nest_end(msg, nest);
	return 0;
cancel:
	nla_nest_cancel(msg, nest);
	return -EMSGSIZE;
}

static int st_genl_put_args(struct sk_buff *msg, const struct st_call *c)
{
	char raw[20];
	u32 i;

	if (c->raw) {
		/* As st_format_args(): the registers, in decimal. */
		for (i = 0; i < 6; i++)
			if (st_genl_put_arg(msg, SYSTRACE_ARG_RAW0 + i, 0, raw,
					    st_u64_dec(c->raw[i], raw)))
				return -EMSGSIZE;
		return 0;
	}
	for (i = 0; i < c->nargs; i++)
		if (st_genl_put_arg(msg, c->args[i].arg, c->args[i].idx,
				    c->args[i].str, c->args[i].len))
			return -EMSGSIZE;
	return 0;
}

int st_genl_put_call(struct sk_buff *msg, const struct st_layer *l,
		     const struct st_call *c, const char *args)
{
	if (nla_put_u32(msg, SYSTRACE_A_PID, task_tgid_nr(current)) ||
	    nla_put_u32(msg, SYSTRACE_A_UID,
			from_kuid(&init_user_ns, task_uid(current))) ||
	    st_log_put_who(msg, c) ||
	    nla_put_string(msg, SYSTRACE_A_NAME, l->slot->name) ||
	    nla_put_string(msg, SYSTRACE_A_CALL, c->name) ||
	    nla_put_string(msg, SYSTRACE_A_EMULATION, st_call_emulation(c)) ||
	    nla_put_string(msg, SYSTRACE_A_ARGS, args) ||
	    st_genl_put_args(msg, c) ||
	    nla_put_u8(msg, SYSTRACE_A_MODE, l->mode))
		return -EMSGSIZE;
	return 0;
}

void st_genl_event(const struct st_layer *l, const struct st_call *c,
		   u8 verdict, int error, u32 line)
{
	struct sk_buff *msg;
	char args[ST_ARGS_MAX];
	void *hdr;

	if (!genl_has_listeners(&st_genl_family, &init_net, ST_MCGRP_EVENTS))
		return;
	st_format_args(c, args, sizeof(args));
	/* Two PATH_MAX values (rename, exec's argv) exceed NLMSG_GOODSIZE. */
	msg = genlmsg_new(st_genl_call_size(l, c, args, st_log_who_size(false),
					    nla_total_size(sizeof(u8)) +
					    2 * nla_total_size(sizeof(u32))),
			  GFP_ATOMIC);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &st_genl_family, 0, SYSTRACE_CMD_EVENT);
	if (!hdr)
		goto err;
	if (st_genl_put_call(msg, l, c, args) ||
	    nla_put_u8(msg, SYSTRACE_A_VERDICT, verdict) ||
	    nla_put_u32(msg, SYSTRACE_A_ERRNO, error) ||
	    nla_put_u32(msg, SYSTRACE_A_LINE, line))
		goto err;
	genlmsg_end(msg, hdr);
	genlmsg_multicast(&st_genl_family, msg, 0, ST_MCGRP_EVENTS, GFP_ATOMIC);
	return;
err:
	nlmsg_free(msg);
}
