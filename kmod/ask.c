// SPDX-License-Identifier: GPL-2.0
/*
 * systrace: escalation, the conversation of systrace.
 *
 * A call no rule matches, from a task in ask mode, becomes a question to an
 * agent: the socket that loaded the task's image with SYSTRACE_A_AGENT
 * (systracectl run asking on its own terminal), else, for a user's image
 * ("~UID/NAME"), that user's agent (systracectl ask run by the user), else
 * the system-wide agent (systracectl ask run by root). A global image's
 * question never goes to a user's agent, nor one user's to another's. The
 * task sleeps, killably, until the agent answers.
 * Every other way out denies: no agent, an agent whose socket cannot take
 * the question, the agent's socket closing, the timeout, a fatal signal,
 * the module going away. As in seccomp_do_user_notification(), a question
 * has an id, is answered once, and only by the socket it was sent to: the
 * socket itself, not its port id, which netlink frees before the release
 * notifier runs (another socket may bind it in between).
 *
 * Each registration of an agent is a &struct st_agent, and its questions
 * hang off it, each with its own completion: an answer wakes the one task
 * that asked, the agent's death denies exactly its own questions. A
 * question lives on its task's stack; it is on its agent's list while the
 * task waits and the task takes it off before it returns, so an answer can
 * never reach a question that is gone. The question holds a reference on
 * its agent, so the list it is on outlives it.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/completion.h>
#include <linux/cred.h>
#include <linux/fs.h>
#include <linux/jiffies.h>
#include <linux/list.h>
#include <linux/lockdep.h>
#include <linux/moduleparam.h>
#include <linux/refcount.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <net/genetlink.h>
#include <net/net_namespace.h>
#include <net/sock.h>

#include "limits.h"
#include "systrace.h"

/* Seconds a question waits when its image sets no timeout of its own. */
static unsigned int ask_timeout = 60;
module_param(ask_timeout, uint, 0644);
MODULE_PARM_DESC(ask_timeout, "seconds a question waits for its answer (default 60)");

#define ST_WAITING	1

/*
 * Lock order: st_policy_mutex (policy.c, around st_ask_set_agent()), then
 * st_ask_lock. Nothing is called under st_ask_lock that sleeps or takes
 * another lock but the completion's own.
 */
static DEFINE_SPINLOCK(st_ask_lock);

/**
 * struct st_agent - a socket that answers questions, one per registration:
 *	the system-wide agent (%SYSTRACE_CMD_AGENT from root), a user's agent
 *	(%SYSTRACE_CMD_AGENT from that user) or an image loaded with
 *	%SYSTRACE_A_AGENT. As seccomp's &struct notification hangs off its
 *	filter, the questions hang off the agent they were sent to.
 * @ref: one reference for st_agents (while it is listed there), one for
 *	whoever names it (&st_slot.agent, st_agent_global, st_user_agents)
 *	and one for each question asked of it. The last put frees it; it
 *	never takes a lock, so it may come from an RCU callback (a slot
 *	freed).
 * @list: in st_agents while the socket is open; protected by st_ask_lock.
 * @ulist: a user's agent: in st_user_agents while the socket is open, else
 *	empty; protected by st_ask_lock.
 * @questions: the &struct st_question asked of it that still wait or have
 *	not yet been taken off by their task; protected by st_ask_lock.
 * @dead: the socket closed (or the module goes): every question of the
 *	agent is denied, and none is asked any more, not even of another
 *	socket that gets the port id; protected by st_ask_lock.
 * @portid: where its questions go; fixed for its life.
 * @net: its network namespace; fixed for its life.
 * @sk: the socket itself, the only one whose answers count (identity only,
 *	never dereferenced: see &st_load_opts.sk); fixed for its life.
 * @uid: a user's agent: the uid (initial user namespace) whose images it
 *	answers; else %ST_OWNER_NONE. Fixed for its life.
 */
struct st_agent {
	refcount_t ref;
	struct list_head list;
	struct list_head ulist;
	struct list_head questions;
	bool dead;
	u32 portid;
	struct net *net;
	const void *sk;
	u32 uid;
};

/**
 * struct st_question - one question, on the asking task's stack.
 * @list: in its agent's &st_agent.questions; protected by st_ask_lock.
 * @id: the question's id, unique for the module's lifetime; fixed.
 * @agent: the agent asked, a reference held until the task returns; fixed.
 * @answer: %ST_WAITING, then 0 (permit) or a negative errno (deny); set
 *	once, and read, under st_ask_lock.
 * @done: completed when @answer is set, under st_ask_lock: it wakes this
 *	question's task and no other (seccomp_do_user_notification()'s
 *	&notification.ready).
 */
struct st_question {
	struct list_head list;
	u64 id;
	struct st_agent *agent;
	int answer;
	struct completion done;
};

/* Every agent whose socket is open; protected by st_ask_lock. */
static LIST_HEAD(st_agents);
/* The system-wide agent, a reference, or NULL; protected by st_ask_lock. */
static struct st_agent *st_agent_global;
/*
 * The users' agents, a reference each, at most one per uid: a list, walked
 * at each question of a user's image, as long as the number of users who
 * run an agent at once. Protected by st_ask_lock.
 */
static LIST_HEAD(st_user_agents);
/* The last question's id; protected by st_ask_lock. */
static u64 st_next_qid;
/* The module goes: ask no more; protected by st_ask_lock. */
static bool st_ask_closing;

void st_agent_put(struct st_agent *a)
{
	if (a && refcount_dec_and_test(&a->ref))
		kfree(a);
}

static struct st_agent *st_agent_alloc(struct net *net, u32 portid,
				       const void *sk)
{
	struct st_agent *a = kzalloc(sizeof(*a), GFP_KERNEL);

	if (!a)
		return NULL;
	refcount_set(&a->ref, 1);	/* the caller's */
	INIT_LIST_HEAD(&a->list);
	INIT_LIST_HEAD(&a->ulist);
	INIT_LIST_HEAD(&a->questions);
	a->portid = portid;
	a->net = net;
	a->sk = sk;
	a->uid = ST_OWNER_NONE;
	return a;
}

/* The agent of the user @uid, or NULL; st_ask_lock held. */
static struct st_agent *st_user_agent(u32 uid)
{
	struct st_agent *a;

	lockdep_assert_held(&st_ask_lock);
	list_for_each_entry(a, &st_user_agents, ulist)
		if (a->uid == uid)
			return a;
	return NULL;
}

/* @a is no user's agent any more; st_ask_lock held (@a may be gone). */
static void st_user_agent_drop(struct st_agent *a)
{
	lockdep_assert_held(&st_ask_lock);
	if (list_empty(&a->ulist))
		return;
	list_del_init(&a->ulist);
	/* st_user_agents's reference; the put takes no lock. */
	st_agent_put(a);
}

/*
 * List @a, so that its socket's release finds it; st_ask_lock held. After
 * st_ask_stop() it is born dead: nobody would ever take it off the list.
 */
static void st_agent_list(struct st_agent *a)
{
	lockdep_assert_held(&st_ask_lock);
	if (st_ask_closing) {
		a->dead = true;
		return;
	}
	refcount_inc(&a->ref);
	list_add_tail(&a->list, &st_agents);
}

/*
 * Deny every question of @a and ask it no more; take it off st_agents
 * and drop that list's reference (@a may be gone on return). st_ask_lock
 * held.
 */
static void st_agent_kill(struct st_agent *a)
{
	struct st_question *q;

	lockdep_assert_held(&st_ask_lock);
	a->dead = true;
	list_for_each_entry(q, &a->questions, list) {
		if (q->answer != ST_WAITING)
			continue;
		q->answer = -EPERM;
		complete(&q->done);
	}
	list_del_init(&a->list);
	/* st_agents's reference: may be the last (a load that failed). */
	st_agent_put(a);
}

struct st_agent *st_agent_new(struct net *net, u32 portid, const void *sk)
{
	struct st_agent *a = st_agent_alloc(net, portid, sk);

	if (!a)
		return NULL;
	spin_lock(&st_ask_lock);
	st_agent_list(a);
	spin_unlock(&st_ask_lock);
	return a;
}

void st_ask_set_agent(struct st_slot *slot, struct st_agent *a)
{
	struct st_agent *old;

	spin_lock(&st_ask_lock);
	old = slot->agent;
	slot->agent = a;
	spin_unlock(&st_ask_lock);
	st_agent_put(old);
}

bool st_ask_opened_by(const struct sock *sk, u32 uid)
{
	/* The sender's socket, open for its request: never NULL here. */
	const struct cred *cred = sk->sk_socket->file->f_cred;
	kuid_t kuid = make_kuid(&init_user_ns, uid);

	return uid_eq(cred->uid, kuid) && uid_eq(cred->euid, kuid);
}

int st_ask_register(struct net *net, u32 portid, const void *sk, u32 uid,
		    struct netlink_ext_ack *extack)
{
	struct st_agent *a = st_agent_alloc(net, portid, sk), *old = NULL, *cur;
	int ret = 0;

	if (!a)
		return -ENOMEM;
	a->uid = uid;
	spin_lock(&st_ask_lock);
	cur = uid == ST_OWNER_NONE ? st_agent_global : st_user_agent(uid);
	if (cur && !cur->dead) {
		/* The same socket again: it stays the agent. */
		if (cur->sk != sk) {
			if (uid == ST_OWNER_NONE)
				NL_SET_ERR_MSG(extack, "another agent is registered");
			else
				NL_SET_ERR_MSG(extack, "another agent is registered for this user");
			ret = -EBUSY;
		}
	} else if (uid == ST_OWNER_NONE) {
		st_agent_list(a);
		old = st_agent_global;
		st_agent_global = a;
		a = NULL;	/* st_agent_global's reference now */
	} else {
		/* A user's agent is listed only while its socket is open. */
		if (cur)
			st_user_agent_drop(cur);
		st_agent_list(a);
		if (!a->dead) {
			list_add_tail(&a->ulist, &st_user_agents);
			a = NULL;	/* st_user_agents's reference now */
		}
	}
	spin_unlock(&st_ask_lock);
	st_agent_put(old);
	st_agent_put(a);
	return ret;
}

int st_ask_answer(const void *sk, u64 id, int answer)
{
	struct st_question *q;
	struct st_agent *a;
	int ret = -ENOENT;

	spin_lock(&st_ask_lock);
	list_for_each_entry(a, &st_agents, list) {
		if (a->sk != sk)
			continue;
		list_for_each_entry(q, &a->questions, list) {
			if (q->id != id)
				continue;
			if (q->answer == ST_WAITING) {
				q->answer = answer;
				/*
				 * Under the lock: the task takes its question
				 * off the list, then returns, only after.
				 */
				complete(&q->done);
				ret = 0;
			}
			goto out;
		}
	}
out:
	spin_unlock(&st_ask_lock);
	return ret;
}

void st_ask_release(struct net *net, u32 portid)
{
	struct st_agent *a, *next, *global = NULL;

	spin_lock(&st_ask_lock);
	list_for_each_entry_safe(a, next, &st_agents, list) {
		if (a->portid != portid || !net_eq(a->net, net))
			continue;
		if (a == st_agent_global) {
			global = a;
			st_agent_global = NULL;
		}
		st_user_agent_drop(a);
		st_agent_kill(a);
	}
	spin_unlock(&st_ask_lock);
	st_agent_put(global);
}

/*
 * The question @id about @c, @args its arguments as st_format_args()
 * printed them. The message is sized for what it holds (@tight: the
 * user's name as the table has it now), not for the longest of each
 * attribute: netlink_unicast() would otherwise copy it into a smaller
 * one (netlink_trim()), and every byte allocated is zeroed first.
 */
static struct sk_buff *st_ask_msg(const struct st_layer *l,
				  const struct st_call *c, const char *args,
				  u64 id, u32 timeout, bool tight)
{
	struct sk_buff *msg;
	void *hdr;

	/* Two PATH_MAX values (rename, exec's argv) exceed NLMSG_GOODSIZE. */
	msg = genlmsg_new(st_genl_call_size(l, c, args, st_log_who_size(tight),
					    nla_total_size_64bit(sizeof(u64)) +
					    nla_total_size(sizeof(u32))),
			  GFP_KERNEL);
	if (!msg)
		return ERR_PTR(-ENOMEM);
	hdr = st_genl_put(msg, SYSTRACE_CMD_ASK);
	if (!hdr ||
	    nla_put_u64_64bit(msg, SYSTRACE_A_QID, id, SYSTRACE_A_PAD) ||
	    st_genl_put_call(msg, l, c, args) ||
	    nla_put_u32(msg, SYSTRACE_A_TIMEOUT, timeout)) {
		nlmsg_free(msg);
		return ERR_PTR(-EMSGSIZE);
	}
	genlmsg_end(msg, hdr);
	return msg;
}

int st_ask(const struct st_layer *l, const struct st_call *c)
{
	struct st_slot *slot = l->slot;
	struct st_question q = { .answer = ST_WAITING };
	char args[ST_ARGS_MAX] __uninitialized;
	u32 timeout = READ_ONCE(slot->timeout) ?: READ_ONCE(ask_timeout);
	struct st_agent *a;
	struct sk_buff *msg;
	long left;
	int ret;

	timeout = clamp_t(u32, timeout, 1, SYSTRACE_MAX_ASK_TIMEOUT);
	init_completion(&q.done);

	spin_lock(&st_ask_lock);
	/*
	 * The image's own agent, else its owner's agent (a user's image:
	 * slot->owner is fixed), else the system-wide agent registered by
	 * the administrator. A global image never goes to a user's agent.
	 * An image whose own agent is dead never falls back to another.
	 */
	a = slot->agent;
	if (!a && slot->owner != ST_OWNER_NONE)
		a = st_user_agent(slot->owner);
	if (!a)
		a = st_agent_global;
	if (st_ask_closing || !a || a->dead) {
		/* No agent to ask: deny. */
		spin_unlock(&st_ask_lock);
		return -EPERM;
	}
	refcount_inc(&a->ref);
	q.agent = a;
	q.id = ++st_next_qid;
	list_add_tail(&q.list, &a->questions);
	spin_unlock(&st_ask_lock);

	st_format_args(c, args, sizeof(args));
	msg = st_ask_msg(l, c, args, q.id, timeout, true);
	/* The user table changed in between: size for the longest name. */
	if (msg == ERR_PTR(-EMSGSIZE))
		msg = st_ask_msg(l, c, args, q.id, timeout, false);
	if (!IS_ERR(msg)) {
		st_genl_multicast_copy(msg);
		/* Never waits: a full agent socket is a deny. */
		ret = genlmsg_unicast(a->net, msg, a->portid);
	} else {
		ret = PTR_ERR(msg);
	}
	if (!ret) {
		left = wait_for_completion_killable_timeout(&q.done,
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
	st_agent_put(a);
	return ret;
}

void st_ask_stop(void)
{
	struct st_agent *a, *next, *global;

	spin_lock(&st_ask_lock);
	st_ask_closing = true;
	list_for_each_entry_safe(a, next, &st_user_agents, ulist)
		st_user_agent_drop(a);
	list_for_each_entry_safe(a, next, &st_agents, list)
		st_agent_kill(a);
	global = st_agent_global;
	st_agent_global = NULL;
	spin_unlock(&st_ask_lock);
	st_agent_put(global);
}
