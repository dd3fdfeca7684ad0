// SPDX-License-Identifier: GPL-2.0
/*
 * systrace: escalation, the conversation of systrace.
 *
 * A call no rule matches, from a task in ask mode, becomes a question to an
 * agent: the socket that loaded the task's image with SYSTRACE_A_AGENT
 * (systracectl run asking on its own terminal), else the system-wide agent
 * (systracectl ask). The task sleeps, killably, until the agent answers.
 * Every other way out denies: no agent, an agent whose socket cannot take
 * the question, the agent's socket closing, the timeout, a fatal signal,
 * the module going away. As in seccomp_do_user_notification(), a question
 * has an id, is answered once, and only by the socket it was sent to: the
 * socket itself, not its port id, which netlink frees before the release
 * notifier runs (another socket may bind it in between).
 *
 * A question lives on its task's stack; it is on st_questions while the
 * task waits and the task takes it off before it returns, so an answer can
 * never reach a question that is gone.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/jiffies.h>
#include <linux/list.h>
#include <linux/moduleparam.h>
#include <linux/sched/signal.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include <net/genetlink.h>
#include <net/net_namespace.h>

#include "limits.h"
#include "systrace.h"

/* Seconds a question waits when its image sets no timeout of its own. */
static unsigned int ask_timeout = 60;
module_param(ask_timeout, uint, 0644);
MODULE_PARM_DESC(ask_timeout, "seconds a question waits for its answer (default 60)");

#define ST_WAITING	1

/**
 * struct st_question - one question, on the asking task's stack.
 * @list: in st_questions; protected by st_ask_lock.
 * @id: the question's id, unique for the module's lifetime.
 * @portid: the agent asked.
 * @net: its network namespace.
 * @sk: its socket: the only one whose answer counts (identity only).
 * @answer: %ST_WAITING, then 0 (permit) or a negative errno (deny); set
 *	once, under st_ask_lock.
 */
struct st_question {
	struct list_head list;
	u64 id;
	u32 portid;
	struct net *net;
	const void *sk;
	int answer;
};

static DEFINE_SPINLOCK(st_ask_lock);
static LIST_HEAD(st_questions);
static DECLARE_WAIT_QUEUE_HEAD(st_ask_wq);
/* Protected by st_ask_lock. */
static u64 st_next_qid;
static u32 st_agent_portid;
static struct net *st_agent_net;
static const void *st_agent_sk;
static bool st_ask_closing;

int st_ask_register(struct net *net, u32 portid, const void *sk,
		    struct netlink_ext_ack *extack)
{
	int ret = 0;

	spin_lock(&st_ask_lock);
	if (st_agent_portid && st_agent_sk != sk) {
		NL_SET_ERR_MSG(extack, "another agent is registered");
		ret = -EBUSY;
	} else {
		st_agent_portid = portid;
		st_agent_net = net;
		st_agent_sk = sk;
	}
	spin_unlock(&st_ask_lock);
	return ret;
}

int st_ask_answer(const void *sk, u64 id, int answer)
{
	struct st_question *q;
	int ret = -ENOENT;

	spin_lock(&st_ask_lock);
	list_for_each_entry(q, &st_questions, list) {
		if (q->id != id)
			continue;
		if (q->sk == sk && q->answer == ST_WAITING) {
			q->answer = answer;
			ret = 0;
		}
		break;
	}
	spin_unlock(&st_ask_lock);
	if (!ret)
		wake_up_all(&st_ask_wq);
	return ret;
}

/* Deny every question of @portid (0: all of them). */
static void st_ask_deny_all(struct net *net, u32 portid)
{
	struct st_question *q;

	spin_lock(&st_ask_lock);
	list_for_each_entry(q, &st_questions, list)
		if (q->answer == ST_WAITING &&
		    (!portid || (q->portid == portid && net_eq(q->net, net))))
			q->answer = -EPERM;
	spin_unlock(&st_ask_lock);
	wake_up_all(&st_ask_wq);
}

void st_ask_release(struct net *net, u32 portid)
{
	spin_lock(&st_ask_lock);
	if (st_agent_portid == portid && net_eq(st_agent_net, net)) {
		st_agent_portid = 0;
		st_agent_net = NULL;
		st_agent_sk = NULL;
	}
	spin_unlock(&st_ask_lock);
	st_ask_deny_all(net, portid);
}

static struct sk_buff *st_ask_msg(const struct st_layer *l,
				  const struct st_call *c, u64 id, u32 timeout)
{
	struct sk_buff *msg;
	char *args;
	void *hdr;

	/* Two PATH_MAX values (rename, exec's argv) exceed NLMSG_GOODSIZE. */
	msg = genlmsg_new(st_genl_call_size(c, nla_total_size_64bit(sizeof(u64)) +
					    nla_total_size(sizeof(u32))),
			  GFP_KERNEL);
	args = kmalloc(ST_ARGS_MAX, GFP_KERNEL);
	if (!msg || !args)
		goto err;
	hdr = st_genl_put(msg, SYSTRACE_CMD_ASK);
	if (!hdr)
		goto err;
	if (nla_put_u64_64bit(msg, SYSTRACE_A_QID, id, SYSTRACE_A_PAD) ||
	    st_genl_put_call(msg, l, c, args) ||
	    nla_put_u32(msg, SYSTRACE_A_TIMEOUT, timeout))
		goto err;
	genlmsg_end(msg, hdr);
	kfree(args);
	return msg;
err:
	kfree(args);
	nlmsg_free(msg);
	return NULL;
}

int st_ask(const struct st_layer *l, const struct st_call *c)
{
	struct st_slot *slot = l->slot;
	struct st_question q = { .answer = ST_WAITING };
	u32 timeout = READ_ONCE(slot->timeout) ?: READ_ONCE(ask_timeout);
	struct sk_buff *msg;
	long left;
	int ret;

	timeout = clamp_t(u32, timeout, 1, SYSTRACE_MAX_ASK_TIMEOUT);

	spin_lock(&st_ask_lock);
	if (st_ask_closing) {
		spin_unlock(&st_ask_lock);
		return -EPERM;
	}
	if (READ_ONCE(slot->agent_portid)) {
		q.portid = slot->agent_portid;
		q.net = slot->agent_net;
		q.sk = slot->agent_sk;
	} else if (!READ_ONCE(slot->agent_gone)) {
		/* The system-wide agent, registered by the administrator. */
		q.portid = st_agent_portid;
		q.net = st_agent_net;
		q.sk = st_agent_sk;
	}
	if (!q.portid) {
		/* No agent to ask: deny. */
		spin_unlock(&st_ask_lock);
		return -EPERM;
	}
	q.id = ++st_next_qid;
	list_add_tail(&q.list, &st_questions);
	spin_unlock(&st_ask_lock);

	msg = st_ask_msg(l, c, q.id, timeout);
	if (msg) {
		st_genl_multicast_copy(msg);
		/* Never waits: a full agent socket is a deny. */
		ret = genlmsg_unicast(q.net, msg, q.portid);
	} else {
		ret = -ENOMEM;
	}
	if (!ret) {
		left = wait_event_killable_timeout(st_ask_wq,
						   READ_ONCE(q.answer) != ST_WAITING,
						   timeout * HZ);
		if (!left)
			pr_notice_ratelimited("question %llu of pid %d (%s) timed out after %u s: deny\n",
					      q.id, task_tgid_nr(current),
					      c->name, timeout);
	}

	spin_lock(&st_ask_lock);
	list_del(&q.list);
	ret = q.answer == ST_WAITING ? -EPERM : q.answer;
	spin_unlock(&st_ask_lock);
	return ret;
}

void st_ask_stop(void)
{
	spin_lock(&st_ask_lock);
	st_ask_closing = true;
	spin_unlock(&st_ask_lock);
	st_ask_deny_all(NULL, 0);
}
