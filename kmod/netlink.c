// SPDX-License-Identifier: GPL-2.0
/*
 * The commands of the generic netlink family "systrace" (genl.c): the only
 * way in from user space.
 * Attributes are validated strictly against st_genl_policy before any
 * handler runs; every rejection carries an extended ACK message. No doit
 * blocks on anything but short mutexes and allocations.
 *
 * Who may do what (Documentation/security.rst): every change is refused to
 * a confined task, whatever its capabilities. Changes need CAP_SYS_ADMIN
 * in the initial user namespace, of the sender and of the socket's opener
 * (netlink_capable(), checked here: GENL_ADMIN_PERM would only check
 * CAP_NET_ADMIN), except what an unprivileged user does to itself, which
 * can only add restrictions: loading and unloading images it owns
 * ("~UID/NAME", within a quota), and CONFINE_SELF with no_new_privs set
 * (as seccomp requires), enforce-only on images it does not own.
 */

#include <linux/cred.h>
#include <linux/kernel.h>
#include <linux/netlink.h>
#include <linux/notifier.h>
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/utsname.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include <uapi/linux/systrace.h>

#include "limits.h"
#include "systrace.h"

/* One user of SYSTRACE_CMD_SET_USERS; st_user_parse() checks the rest. */
static const struct nla_policy st_user_policy[SYSTRACE_A_MAX + 1] = {
	[SYSTRACE_A_UID]	= { .type = NLA_U32 },
	[SYSTRACE_A_USER_NAME]	= { .type = NLA_NUL_STRING,
				    .len = SYSTRACE_USER_NAME_MAX - 1 },
	[SYSTRACE_A_HOME]	= { .type = NLA_NUL_STRING,
				    .len = SYSTRACE_HOME_MAX - 1 },
};

/* Not const: 6.1's nla_policy takes a plain pointer. */
static struct netlink_range_validation st_size_range = {
	.min = 1,
	.max = SYSTRACE_MAX_PROG_LEN,
};

static const struct nla_policy st_genl_policy[SYSTRACE_A_MAX + 1] = {
	[SYSTRACE_A_NAME]	= { .type = NLA_NUL_STRING,
				    .len = SYSTRACE_NAME_MAX - 1 },
	[SYSTRACE_A_SIZE]	= NLA_POLICY_FULL_RANGE(NLA_U32, &st_size_range),
	[SYSTRACE_A_MODE]	= NLA_POLICY_MAX(NLA_U8, SYSTRACE_MODE_MAX),
	[SYSTRACE_A_XFER]	= { .type = NLA_U32 },
	[SYSTRACE_A_OFFSET]	= { .type = NLA_U32 },
	[SYSTRACE_A_DATA]	= { .type = NLA_BINARY,
				    .len = SYSTRACE_LOAD_CHUNK },
	[SYSTRACE_A_POLICY_INDEX] = NLA_POLICY_MAX(NLA_U32,
						   SYSTRACE_MAX_POLICIES - 1),
	[SYSTRACE_A_FLAGS]	= NLA_POLICY_MASK(NLA_U32,
						  __SYSTRACE_CONFINE_F_ALL),
	[SYSTRACE_A_QID]	= { .type = NLA_U64 },
	[SYSTRACE_A_TIMEOUT]	= NLA_POLICY_RANGE(NLA_U32, 1,
						   SYSTRACE_MAX_ASK_TIMEOUT),
	[SYSTRACE_A_AGENT]	= { .type = NLA_FLAG },
	/* Checked in st_load_owner(), with its own message. */
	[SYSTRACE_A_OWNER]	= { .type = NLA_U32 },
	[SYSTRACE_A_VERDICT]	= NLA_POLICY_MAX(NLA_U8, SYSTRACE_VERDICT_DENY),
	[SYSTRACE_A_ERRNO]	= NLA_POLICY_RANGE(NLA_U32, 1, 4095),
	[SYSTRACE_A_USER]	= NLA_POLICY_NESTED(st_user_policy),
	/* At most PID_MAX_LIMIT: checked in st_task_attach(). */
	[SYSTRACE_A_PID]	= NLA_POLICY_MIN(NLA_U32, 1),
};

/* Changing state: never from a confined task, whatever its uid. */
static int st_may_change(struct genl_info *info)
{
	if (st_task_confined(current)) {
		GENL_SET_ERR_MSG(info, "a confined process cannot change policies");
		return -EPERM;
	}
	return 0;
}

/* The administrator: CAP_SYS_ADMIN in the initial user namespace. */
static bool st_is_admin(const struct sk_buff *skb)
{
	return netlink_capable(skb, CAP_SYS_ADMIN);
}

/* Changes only the administrator makes. */
static int st_may_admin(struct sk_buff *skb, struct genl_info *info)
{
	int ret = st_may_change(info);

	if (ret)
		return ret;
	if (!st_is_admin(skb)) {
		GENL_SET_ERR_MSG(info, "needs CAP_SYS_ADMIN");
		return -EPERM;
	}
	return 0;
}

/*
 * The sender's uid in the initial user namespace if all of its uids agree,
 * else ST_OWNER_NONE: a task between identities owns nothing.
 */
static u32 st_sender_uid(void)
{
	const struct cred *cred = current_cred();

	if (!uid_eq(cred->uid, cred->euid) || !uid_eq(cred->uid, cred->suid) ||
	    !uid_eq(cred->uid, cred->fsuid))
		return ST_OWNER_NONE;
	return from_kuid(&init_user_ns, cred->uid);
}

/* Is the image @name the sender's own ("~UID/...", UID the sender's)? */
static bool st_is_own_image(const char *name)
{
	u32 uid = st_sender_uid();
	char prefix[16];
	int n;

	if (uid == ST_OWNER_NONE)
		return false;
	n = snprintf(prefix, sizeof(prefix), "~%u/", uid);
	return !strncmp(name, prefix, n) && name[n];
}

static int st_put_stat(struct sk_buff *msg, int type, u64 val)
{
	return nla_put_u64_64bit(msg, type, val, SYSTRACE_STAT_UNSPEC);
}

static int st_get_status(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *stats;
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;

	hdr = st_genl_put_reply(msg, info, SYSTRACE_CMD_GET_STATUS);
	if (!hdr)
		goto err_free;

	/* The release string never changes after boot: no uts_sem needed. */
	if (nla_put_string(msg, SYSTRACE_A_KERNEL_RELEASE,
			   init_utsname()->release) ||
	    nla_put_string(msg, SYSTRACE_A_VERSION, SYSTRACE_VERSION) ||
	    nla_put_u32(msg, SYSTRACE_A_PROG_VERSION, SYSTRACE_PROG_VERSION))
		goto err_free;
	stats = nla_nest_start(msg, SYSTRACE_A_STATS);
	if (!stats ||
	    st_put_stat(msg, SYSTRACE_STAT_CONFINED, st_task_count()) ||
	    st_put_stat(msg, SYSTRACE_STAT_IMAGES, st_policy_live_images()) ||
	    st_put_stat(msg, SYSTRACE_STAT_XFERS, st_xfer_count()))
		goto err_free;
	nla_nest_end(msg, stats);

	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

err_free:
	nlmsg_free(msg);
	return -EMSGSIZE;
}

/*
 * The owner of an image to load, into @owner (ST_OWNER_NONE: global). Names
 * keep users' images apart from global ones, so that no load can replace
 * the other kind's image: "~UID/NAME" for an image owned by UID, a name not
 * beginning with '~' for a global one.
 */
static int st_load_owner(struct genl_info *info, const char *name, u32 *owner)
{
	struct nlattr *a = info->attrs[SYSTRACE_A_OWNER];
	char prefix[16];
	int n;

	*owner = ST_OWNER_NONE;
	if (!a) {
		if (name[0] != '~')
			return 0;
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[SYSTRACE_A_NAME],
				    "an image named ~UID/NAME is a user's: it needs SYSTRACE_A_OWNER");
		return -EINVAL;
	}
	*owner = nla_get_u32(a);
	if (!uid_valid(make_kuid(&init_user_ns, *owner))) {
		NL_SET_ERR_MSG_ATTR(info->extack, a, "owner is not a valid uid");
		return -EINVAL;
	}
	n = snprintf(prefix, sizeof(prefix), "~%u/", *owner);
	if (strncmp(name, prefix, n) || !name[n]) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[SYSTRACE_A_NAME],
				    "a user's image is named ~UID/NAME, UID its owner");
		return -EINVAL;
	}
	return 0;
}

static int st_load_begin(struct sk_buff *skb, struct genl_info *info)
{
	struct st_load_opts opts = { .mode = SYSTRACE_MODE_ENFORCE };
	struct sk_buff *msg;
	u32 id;
	void *hdr;
	int ret;

	ret = st_may_change(info);
	if (ret)
		return ret;
	if (!info->attrs[SYSTRACE_A_NAME] || !info->attrs[SYSTRACE_A_SIZE]) {
		GENL_SET_ERR_MSG(info, "load needs SYSTRACE_A_NAME and SYSTRACE_A_SIZE");
		return -EINVAL;
	}
	if (!nla_len(info->attrs[SYSTRACE_A_NAME]) ||
	    !*(char *)nla_data(info->attrs[SYSTRACE_A_NAME])) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[SYSTRACE_A_NAME],
				    "empty image name");
		return -EINVAL;
	}
	ret = st_load_owner(info, nla_data(info->attrs[SYSTRACE_A_NAME]),
			    &opts.owner);
	if (ret)
		return ret;
	if (!st_is_admin(skb)) {
		/* A user loads only its own images, of a bounded size. */
		if (opts.owner == ST_OWNER_NONE ||
		    opts.owner != st_sender_uid()) {
			GENL_SET_ERR_MSG(info, "without CAP_SYS_ADMIN, only an image of one's own (~UID/NAME, SYSTRACE_A_OWNER the sender's uid) may be loaded");
			return -EPERM;
		}
		if (nla_get_u32(info->attrs[SYSTRACE_A_SIZE]) >
		    ST_USER_MAX_PROG_LEN) {
			NL_SET_ERR_MSG_ATTR(info->extack,
					    info->attrs[SYSTRACE_A_SIZE],
					    "a user's image is at most 4 MiB");
			return -EFBIG;
		}
	}

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	opts.net = genl_info_net(info);
	opts.portid = info->snd_portid;
	opts.sk = NETLINK_CB(skb).sk;
	opts.agent = nla_get_flag(info->attrs[SYSTRACE_A_AGENT]);
	if (info->attrs[SYSTRACE_A_MODE])
		opts.mode = nla_get_u8(info->attrs[SYSTRACE_A_MODE]);
	if (info->attrs[SYSTRACE_A_TIMEOUT])
		opts.timeout = nla_get_u32(info->attrs[SYSTRACE_A_TIMEOUT]);
	ret = st_xfer_begin(nla_data(info->attrs[SYSTRACE_A_NAME]), &opts,
			    nla_get_u32(info->attrs[SYSTRACE_A_SIZE]), &id,
			    info->extack);
	if (ret) {
		nlmsg_free(msg);
		return ret;
	}
	hdr = st_genl_put_reply(msg, info, SYSTRACE_CMD_LOAD_BEGIN);
	if (!hdr || nla_put_u32(msg, SYSTRACE_A_XFER, id)) {
		nlmsg_free(msg);
		st_xfer_release(genl_info_net(info), info->snd_portid);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

static int st_load_data(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *data = info->attrs[SYSTRACE_A_DATA];
	int ret;

	ret = st_may_change(info);
	if (ret)
		return ret;
	if (!info->attrs[SYSTRACE_A_XFER] || !info->attrs[SYSTRACE_A_OFFSET] ||
	    !data) {
		GENL_SET_ERR_MSG(info, "load data needs SYSTRACE_A_XFER, SYSTRACE_A_OFFSET and SYSTRACE_A_DATA");
		return -EINVAL;
	}
	return st_xfer_data(genl_info_net(info), info->snd_portid,
			    nla_get_u32(info->attrs[SYSTRACE_A_XFER]),
			    nla_get_u32(info->attrs[SYSTRACE_A_OFFSET]),
			    nla_data(data), nla_len(data), info->extack);
}

static int st_load_commit(struct sk_buff *skb, struct genl_info *info)
{
	int ret;

	ret = st_may_change(info);
	if (ret)
		return ret;
	if (!info->attrs[SYSTRACE_A_XFER]) {
		GENL_SET_ERR_MSG(info, "load commit needs SYSTRACE_A_XFER");
		return -EINVAL;
	}
	return st_xfer_commit(genl_info_net(info), info->snd_portid,
			      nla_get_u32(info->attrs[SYSTRACE_A_XFER]),
			      info->extack);
}

static int st_unload(struct sk_buff *skb, struct genl_info *info)
{
	struct st_slot *slot;
	struct nlattr *stats;
	struct sk_buff *msg;
	u32 users;
	void *hdr;
	int ret;

	ret = st_may_change(info);
	if (ret)
		return ret;
	if (!info->attrs[SYSTRACE_A_NAME]) {
		GENL_SET_ERR_MSG(info, "unload needs SYSTRACE_A_NAME");
		return -EINVAL;
	}
	if (!st_is_admin(skb) &&
	    !st_is_own_image(nla_data(info->attrs[SYSTRACE_A_NAME]))) {
		GENL_SET_ERR_MSG(info, "without CAP_SYS_ADMIN, only an image of one's own may be unloaded");
		return -EPERM;
	}
	slot = st_policy_detach(nla_data(info->attrs[SYSTRACE_A_NAME]),
				info->extack);
	if (IS_ERR(slot))
		return PTR_ERR(slot);
	/* Tasks confined by it keep their references: fail closed. */
	users = st_task_slot_users(slot);
	st_policy_detached(slot, nla_data(info->attrs[SYSTRACE_A_NAME]),
			   users);
	/*
	 * Say how many processes it still confines: an unload that looked
	 * like it ended a confinement would mislead (issue 15). Detached
	 * whatever happens to the reply.
	 */
	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return 0;
	hdr = st_genl_put_reply(msg, info, SYSTRACE_CMD_UNLOAD);
	if (!hdr || nla_put_string(msg, SYSTRACE_A_NAME,
				   nla_data(info->attrs[SYSTRACE_A_NAME])))
		goto err_free;
	stats = nla_nest_start(msg, SYSTRACE_A_STATS);
	if (!stats || st_put_stat(msg, SYSTRACE_STAT_CONFINED, users))
		goto err_free;
	nla_nest_end(msg, stats);
	genlmsg_end(msg, hdr);
	genlmsg_reply(msg, info);
	return 0;

err_free:
	nlmsg_free(msg);
	return 0;
}

/*
 * The layer a CONFINE_SELF or ATTACH request asks for, into @l (mode
 * enforce and policy 0 unless given, @l->flags kept): the image named by
 * SYSTRACE_A_NAME (a reference in @l->slot, which the caller releases with
 * @l whatever the result) and its policy SYSTRACE_A_POLICY_INDEX. Anyone
 * but the administrator (@admin false) gets another's image only in
 * enforce mode (%ST_LAYER_FOREIGN), a layer that never elevates
 * (%ST_LAYER_NOELEV), and no image whose rules elevate. 0, or -errno with
 * a message in the extended ACK.
 */
static int st_layer_image(struct genl_info *info, struct st_layer *l,
			  bool admin)
{
	struct nlattr *name = info->attrs[SYSTRACE_A_NAME];
	u32 owner;
	int ret;

	if (info->attrs[SYSTRACE_A_MODE])
		l->mode = nla_get_u8(info->attrs[SYSTRACE_A_MODE]);
	if (info->attrs[SYSTRACE_A_POLICY_INDEX])
		l->index = nla_get_u32(info->attrs[SYSTRACE_A_POLICY_INDEX]);
	l->slot = st_policy_find_name(nla_data(name));
	if (!l->slot) {
		NL_SET_ERR_MSG_ATTR(info->extack, name,
				    "no image of that name is loaded");
		return -ENOENT;
	}
	owner = l->slot->owner == ST_OWNER_NONE ? 0 : l->slot->owner;
	if (!admin && owner != st_sender_uid()) {
		/* Another's image: to be bound by it, never to feed it. */
		if (l->mode != SYSTRACE_MODE_ENFORCE) {
			NL_SET_ERR_MSG_ATTR(info->extack,
					    info->attrs[SYSTRACE_A_MODE],
					    "an image one does not own confines only in enforce mode");
			return -EPERM;
		}
		l->flags |= ST_LAYER_FOREIGN;
	}
	/*
	 * Elevation (elevate.c) is for programs the administrator binds or
	 * starts: a layer asked for by anyone else never elevates, and an
	 * image whose rules elevate is refused to them outright.
	 */
	if (!admin)
		l->flags |= ST_LAYER_NOELEV;
	rcu_read_lock();
	ret = l->index < rcu_dereference(l->slot->img)->prog.npolicies ?
	      0 : -EINVAL;
	if (!ret && !admin && rcu_dereference(l->slot->img)->elevates)
		ret = -EPERM;
	rcu_read_unlock();
	if (ret == -EPERM) {
		NL_SET_ERR_MSG_ATTR(info->extack, name,
				    "the image elevates (as user:group): only root outside any policy confines with it; its programs are bound by their path");
		return ret;
	}
	if (ret) {
		NL_SET_ERR_MSG_ATTR(info->extack,
				    info->attrs[SYSTRACE_A_POLICY_INDEX],
				    "the image has no policy of that index");
		return ret;
	}
	return 0;
}

static int st_confine_self(struct sk_buff *skb, struct genl_info *info)
{
	struct st_layer l = { .mode = SYSTRACE_MODE_ENFORCE };
	bool admin = st_is_admin(skb) && !st_task_confined(current);
	bool onexec;
	int ret;

	if (!info->attrs[SYSTRACE_A_NAME]) {
		GENL_SET_ERR_MSG(info, "confine needs SYSTRACE_A_NAME");
		return -EINVAL;
	}
	/*
	 * As seccomp: without no_new_privs, a user could confine a set-id
	 * program it then runs, and deny the calls it drops privilege with.
	 */
	if (!admin && !task_no_new_privs(current)) {
		GENL_SET_ERR_MSG(info, "without CAP_SYS_ADMIN, confine needs no_new_privs (prctl PR_SET_NO_NEW_PRIVS)");
		return -EPERM;
	}
	onexec = info->attrs[SYSTRACE_A_FLAGS] &&
		 (nla_get_u32(info->attrs[SYSTRACE_A_FLAGS]) &
		  SYSTRACE_CONFINE_F_ONEXEC);
	ret = st_layer_image(info, &l, admin);
	if (ret)
		goto out;
	/* $CWD of the layer: the confiner's, now; never the task's later. */
	l.cwd = st_who_cwd_dup();
	ret = st_task_confine_current(&l, onexec);
	if (ret == -E2BIG)
		GENL_SET_ERR_MSG(info, "the process has as many layers as it may have");
	/* Confined at once: the masters it holds are its confinement's. */
	if (!ret && !onexec) {
		ret = st_tty_adopt(current, GFP_KERNEL);
		if (ret)
			GENL_SET_ERR_MSG(info, "confined, but no memory to record its pseudo-terminal masters");
	}
out:
	st_layer_release(&l);
	return ret;
}

/*
 * The masters every thread of attached process @p holds are its
 * confinement's (st_tty_adopt()). Under RCU: atomic allocations.
 */
static int st_attach_adopt(struct task_struct *p, struct genl_info *info)
{
	struct task_struct *th;
	int ret = 0;

	rcu_read_lock();
	/* for_each_thread() without tasklist_lock's lockdep condition. */
	list_for_each_entry_rcu(th, &p->signal->thread_head, thread_node) {
		ret = st_tty_adopt(th, GFP_ATOMIC);
		if (ret)
			break;
	}
	rcu_read_unlock();
	if (ret)
		GENL_SET_ERR_MSG(info, "attached, but no memory to record its pseudo-terminal masters");
	return ret;
}

/*
 * ATTACH: a layer on a running process, every thread, from its next call
 * on. The administrator's only (root outside any policy), on a process it
 * could ptrace (checked in st_task_attach(), under the process's
 * cred_guard_mutex, as ptrace_attach() does).
 */
static int st_attach(struct sk_buff *skb, struct genl_info *info)
{
	/*
	 * An attached layer never elevates (elevate.c): the process did not
	 * exec its program under it, so it was not made secure-exec and
	 * undumpable, and its user may drive it (ptrace, /proc/PID/mem).
	 */
	struct st_layer l = {
		.mode = SYSTRACE_MODE_ENFORCE, .flags = ST_LAYER_NOELEV,
	};
	struct task_struct *p;
	int ret;

	ret = st_may_admin(skb, info);
	if (ret)
		return ret;
	if (!info->attrs[SYSTRACE_A_NAME] || !info->attrs[SYSTRACE_A_PID]) {
		GENL_SET_ERR_MSG(info, "attach needs SYSTRACE_A_NAME and SYSTRACE_A_PID");
		return -EINVAL;
	}
	/* st_may_admin() passed: the administrator, outside any policy. */
	ret = st_layer_image(info, &l, true);
	if (ret)
		goto out;
	/* $CWD of the layer: the attacher's, now (never the task's later). */
	l.cwd = st_who_cwd_dup();
	ret = st_task_attach(nla_get_u32(info->attrs[SYSTRACE_A_PID]), &l,
			     info->extack, &p);
	if (!ret) {
		ret = st_attach_adopt(p, info);
		put_task_struct(p);
	}
out:
	st_layer_release(&l);
	return ret;
}

/* LIST dump: one message per attached slot; cb->args[0] is the resume point. */
struct st_dump {
	struct sk_buff *skb;
	struct netlink_callback *cb;
	int err;
};

static int st_dump_slot(struct st_slot *slot, void *arg)
{
	struct st_dump *d = arg;
	struct nlattr *stats, *pol;
	struct st_slot_stats sum;
	const struct st_image *img;
	void *hdr;
	u32 i;

	hdr = st_genl_put_dump(d->skb, d->cb, SYSTRACE_CMD_LIST);
	if (!hdr)
		goto full;
	if (nla_put_string(d->skb, SYSTRACE_A_NAME, slot->name) ||
	    nla_put_u8(d->skb, SYSTRACE_A_MODE, READ_ONCE(slot->mode)))
		goto cancel;
	if (slot->owner != ST_OWNER_NONE &&
	    nla_put_u32(d->skb, SYSTRACE_A_OWNER, slot->owner))
		goto cancel;
	st_slot_stats_read(slot, &sum);
	stats = nla_nest_start(d->skb, SYSTRACE_A_STATS);
	if (!stats ||
	    st_put_stat(d->skb, SYSTRACE_STAT_DECISIONS, sum.decisions) ||
	    st_put_stat(d->skb, SYSTRACE_STAT_DENIALS, sum.denials) ||
	    st_put_stat(d->skb, SYSTRACE_STAT_UNMATCHED, sum.unmatched))
		goto cancel;
	nla_nest_end(d->skb, stats);

	/* Called under st_policy_mutex: the image cannot change. */
	img = rcu_dereference_protected(slot->img, 1);
	for (i = 0; i < img->prog.npolicies; i++) {
		u32 s = le32_to_cpu(img->prog.policies[i].path);
		const char *by = st_policy_shadowed_by(slot, i);

		pol = nla_nest_start(d->skb, SYSTRACE_A_POLICY);
		if (!pol)
			goto cancel;
		if (by && nla_put_string(d->skb, SYSTRACE_A_SHADOWED_BY, by))
			goto cancel;
		if (s != SYSTRACE_PROG_NONE) {
			u32 len = le32_to_cpu(img->prog.strs[s].len);
			const u8 *p = img->prog.bytes +
				      le32_to_cpu(img->prog.strs[s].off);
			struct nlattr *a;

			a = nla_reserve(d->skb, SYSTRACE_A_PATH, len + 1);
			if (!a)
				goto cancel;
			memcpy(nla_data(a), p, len);
			((char *)nla_data(a))[len] = '\0';
		}
		nla_nest_end(d->skb, pol);
	}
	/* Denials per call; the names are the policy's own. */
	for (i = 0; i < img->prog.ncalls; i++) {
		u64 n = atomic64_read(&img->call_denials[i]);
		u32 s = le32_to_cpu(img->prog.calls[i].name);
		struct nlattr *cs, *a;
		u32 len;

		if (!n || s == SYSTRACE_PROG_NONE)
			continue;
		len = le32_to_cpu(img->prog.strs[s].len);
		cs = nla_nest_start(d->skb, SYSTRACE_A_CALL_STATS);
		if (!cs)
			goto cancel;
		a = nla_reserve(d->skb, SYSTRACE_A_CALL, len + 1);
		if (!a)
			goto cancel;
		memcpy(nla_data(a), img->prog.bytes +
		       le32_to_cpu(img->prog.strs[s].off), len);
		((char *)nla_data(a))[len] = '\0';
		stats = nla_nest_start(d->skb, SYSTRACE_A_STATS);
		if (!stats || st_put_stat(d->skb, SYSTRACE_STAT_DENIALS, n))
			goto cancel;
		nla_nest_end(d->skb, stats);
		nla_nest_end(d->skb, cs);
	}
	genlmsg_end(d->skb, hdr);
	return 0;

cancel:
	genlmsg_cancel(d->skb, hdr);
full:
	/* The first message of a round must fit, or we would loop. */
	if (!d->skb->len)
		d->err = -EMSGSIZE;
	return 1;
}

static int st_list(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct st_dump d = { .skb = skb, .cb = cb };

	if (!netlink_capable(cb->skb, CAP_SYS_ADMIN))
		return -EPERM;

	cb->args[0] = st_policy_for_each(st_dump_slot, cb->args[0], &d);
	return d.err ? d.err : skb->len;
}

/* PS dump: one message per confined task; cb->args[0..1] resume it. */
static u32 st_layer_uflags(const struct st_layer *l)
{
	u32 f = 0;

	if (l->flags & ST_LAYER_BOUND)
		f |= SYSTRACE_LAYER_F_BOUND;
	if (l->flags & ST_LAYER_FOREIGN)
		f |= SYSTRACE_LAYER_F_FOREIGN;
	if (l->flags & ST_LAYER_NOELEV)
		f |= SYSTRACE_LAYER_F_NOELEV;
	/* Written under st_policy_mutex at unload; a stale read is harmless. */
	if (!READ_ONCE(l->slot->attached))
		f |= SYSTRACE_LAYER_F_UNLOADED;
	return f;
}

/* Under the task's bucket lock with interrupts off: never sleeps. */
static int st_dump_task(struct task_struct *t, const struct st_task *st,
			void *arg)
{
	struct st_dump *d = arg;
	char comm[TASK_COMM_LEN];
	struct nlattr *nest;
	void *hdr;
	u32 i;

	hdr = st_genl_put_dump(d->skb, d->cb, SYSTRACE_CMD_PS);
	if (!hdr)
		goto full;
	/* Racy against a rename (prctl): ps reads it so too. */
	memcpy(comm, t->comm, sizeof(comm));
	comm[sizeof(comm) - 1] = '\0';
	if (nla_put_u32(d->skb, SYSTRACE_A_PID, task_pid_nr(t)) ||
	    nla_put_u32(d->skb, SYSTRACE_A_TGID, task_tgid_nr(t)) ||
	    nla_put_u32(d->skb, SYSTRACE_A_UID,
			from_kuid(&init_user_ns, task_uid(t))) ||
	    nla_put_string(d->skb, SYSTRACE_A_PROG, comm))
		goto cancel;
	for (i = 0; i < st->nlayers; i++) {
		const struct st_layer *l = &st->layers[i];

		nest = nla_nest_start(d->skb, SYSTRACE_A_LAYER);
		if (!nest ||
		    nla_put_string(d->skb, SYSTRACE_A_NAME, l->slot->name) ||
		    nla_put_u32(d->skb, SYSTRACE_A_POLICY_INDEX, l->index) ||
		    nla_put_u8(d->skb, SYSTRACE_A_MODE, l->mode) ||
		    nla_put_u32(d->skb, SYSTRACE_A_FLAGS, st_layer_uflags(l)))
			goto cancel;
		if (l->slot->owner != ST_OWNER_NONE &&
		    nla_put_u32(d->skb, SYSTRACE_A_OWNER, l->slot->owner))
			goto cancel;
		nla_nest_end(d->skb, nest);
	}
	genlmsg_end(d->skb, hdr);
	return 0;

cancel:
	genlmsg_cancel(d->skb, hdr);
full:
	/* The first message of a round must fit, or we would loop. */
	if (!d->skb->len)
		d->err = -EMSGSIZE;
	return 1;
}

static int st_ps(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct st_dump d = { .skb = skb, .cb = cb };

	/* Which tasks are confined by what: the administrator's to know. */
	if (!netlink_capable(cb->skb, CAP_SYS_ADMIN)) {
		NL_SET_ERR_MSG(cb->extack, "listing confined tasks needs CAP_SYS_ADMIN");
		return -EPERM;
	}
	st_task_dump(cb->args, st_dump_task, &d);
	return d.err ? d.err : skb->len;
}

static int st_agent(struct sk_buff *skb, struct genl_info *info)
{
	u32 uid = ST_OWNER_NONE;
	int ret = st_may_change(info);

	if (ret)
		return ret;
	if (!st_is_admin(skb)) {
		uid = st_sender_uid();
		if (uid == ST_OWNER_NONE || !uid ||
		    !st_ask_opened_by(NETLINK_CB(skb).sk, uid)) {
			GENL_SET_ERR_MSG(info, "without CAP_SYS_ADMIN, an agent is a user's own: the sender's uids and the socket opener's must all be one user's, not root's");
			return -EPERM;
		}
	}
	return st_ask_register(genl_info_net(info), info->snd_portid,
			       NETLINK_CB(skb).sk, uid, info->extack);
}

static int st_answer(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *v = info->attrs[SYSTRACE_A_VERDICT];
	int answer = 0, ret;

	/* A confined process could otherwise answer for itself. */
	ret = st_may_change(info);
	if (ret)
		return ret;
	if (!info->attrs[SYSTRACE_A_QID] || !v) {
		GENL_SET_ERR_MSG(info, "answer needs SYSTRACE_A_QID and SYSTRACE_A_VERDICT");
		return -EINVAL;
	}
	if (nla_get_u8(v) == SYSTRACE_VERDICT_DENY)
		answer = info->attrs[SYSTRACE_A_ERRNO] ?
			 -(int)nla_get_u32(info->attrs[SYSTRACE_A_ERRNO]) : -EPERM;
	else if (nla_get_u8(v) != SYSTRACE_VERDICT_PERMIT) {
		NL_SET_ERR_MSG_ATTR(info->extack, v,
				    "an answer permits or denies");
		return -EINVAL;
	}
	ret = st_ask_answer(NETLINK_CB(skb).sk,
			    nla_get_u64(info->attrs[SYSTRACE_A_QID]), answer);
	if (ret)
		GENL_SET_ERR_MSG(info, "no such question waits for this socket's answer");
	return ret;
}

/*
 * One SYSTRACE_A_USER @a into its uid, name and home (NULL: none); the
 * policy checked types and lengths already.
 */
static int st_user_parse(const struct nlattr *a, struct genl_info *info,
			 u32 *uid, const char **name, const char **home)
{
	struct nlattr *tb[SYSTRACE_A_MAX + 1];
	int ret;

	ret = nla_parse_nested(tb, SYSTRACE_A_MAX, a, st_user_policy,
			       info->extack);
	if (ret)
		return ret;
	if (!tb[SYSTRACE_A_UID]) {
		NL_SET_ERR_MSG_ATTR(info->extack, a,
				    "a user needs its uid (SYSTRACE_A_UID)");
		return -EINVAL;
	}
	*uid = nla_get_u32(tb[SYSTRACE_A_UID]);
	if (!uid_valid(make_kuid(&init_user_ns, *uid))) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[SYSTRACE_A_UID],
				    "not a valid uid");
		return -EINVAL;
	}
	if (!tb[SYSTRACE_A_USER_NAME] ||
	    !*(char *)nla_data(tb[SYSTRACE_A_USER_NAME])) {
		NL_SET_ERR_MSG_ATTR(info->extack, a,
				    "a user needs its name (SYSTRACE_A_USER_NAME), not empty");
		return -EINVAL;
	}
	*name = nla_data(tb[SYSTRACE_A_USER_NAME]);
	*home = NULL;
	if (tb[SYSTRACE_A_HOME]) {
		*home = nla_data(tb[SYSTRACE_A_HOME]);
		if (**home != '/') {
			NL_SET_ERR_MSG_ATTR(info->extack, tb[SYSTRACE_A_HOME],
					    "a home (SYSTRACE_A_HOME) must be an absolute path");
			return -EINVAL;
		}
	}
	return 0;
}

/*
 * SET_USERS: the whole user table of $HOME and $USER, replaced at once or
 * not at all. One top-level SYSTRACE_A_USER per user (a nest holds 64 KiB,
 * a password database more). Only root outside any policy: the table
 * decides what every "$HOME" rule permits.
 */
static int st_set_users(struct sk_buff *skb, struct genl_info *info)
{
	const void *data = genlmsg_data(info->genlhdr);
	int len = genlmsg_len(info->genlhdr), rem, ret;
	const char *name, *home;
	u32 n = 0, bytes = 0, off = 0, uid;
	const struct nlattr *a;
	struct st_users *u;

	ret = st_may_change(info);
	if (ret)
		return ret;
	/* The socket's opener and the sender both, in the initial userns. */
	if (!netlink_capable(skb, CAP_SYS_ADMIN)) {
		GENL_SET_ERR_MSG(info, "setting the user table needs CAP_SYS_ADMIN in the initial user namespace");
		return -EPERM;
	}
	nla_for_each_attr(a, data, len, rem) {
		if (nla_type(a) != SYSTRACE_A_USER) {
			NL_SET_ERR_MSG_ATTR(info->extack, a,
					    "the user table has only SYSTRACE_A_USER");
			return -EINVAL;
		}
		ret = st_user_parse(a, info, &uid, &name, &home);
		if (ret)
			return ret;
		bytes += strlen(name) + 1 + (home ? strlen(home) + 1 : 0);
		if (++n > SYSTRACE_MAX_USERS ||
		    bytes > SYSTRACE_MAX_USERS_BYTES) {
			NL_SET_ERR_MSG_ATTR(info->extack, a,
					    "more users, or longer names and homes, than the module's limits");
			return -E2BIG;
		}
	}
	u = st_users_alloc(n, bytes);
	if (!u)
		return -ENOMEM;
	nla_for_each_attr(a, data, len, rem) {
		/* Checked above: cannot fail. */
		if (WARN_ON_ONCE(st_user_parse(a, info, &uid, &name, &home))) {
			st_users_free(u);
			return -EINVAL;
		}
		st_users_add(u, &off, uid, name, home);
	}
	ret = st_users_set(u);
	if (ret)
		GENL_SET_ERR_MSG(info, "a uid is given twice");
	return ret;
}

static const struct genl_small_ops st_genl_ops[] = {
	{
		.cmd = SYSTRACE_CMD_GET_STATUS,
		.doit = st_get_status,
	},
	{
		.cmd = SYSTRACE_CMD_LOAD_BEGIN,
		.doit = st_load_begin,
	},
	{
		.cmd = SYSTRACE_CMD_LOAD_DATA,
		.doit = st_load_data,
	},
	{
		.cmd = SYSTRACE_CMD_LOAD_COMMIT,
		.doit = st_load_commit,
	},
	{
		.cmd = SYSTRACE_CMD_UNLOAD,
		.doit = st_unload,
	},
	{
		.cmd = SYSTRACE_CMD_LIST,
		.dumpit = st_list,
	},
	{
		.cmd = SYSTRACE_CMD_CONFINE_SELF,
		.doit = st_confine_self,
	},
	{
		.cmd = SYSTRACE_CMD_AGENT,
		.doit = st_agent,
	},
	{
		.cmd = SYSTRACE_CMD_ANSWER,
		.doit = st_answer,
	},
	{
		/* Not GENL_ADMIN_PERM: CAP_NET_ADMIN; checked in the doit. */
		.cmd = SYSTRACE_CMD_SET_USERS,
		.doit = st_set_users,
	},
	{
		/* Not GENL_ADMIN_PERM: CAP_NET_ADMIN; checked in the doit. */
		.cmd = SYSTRACE_CMD_ATTACH,
		.doit = st_attach,
	},
	{
		.cmd = SYSTRACE_CMD_PS,
		.dumpit = st_ps,
	},
};

/* A socket went: its load transfers and its questions go with it. */
static int st_netlink_notify(struct notifier_block *nb, unsigned long event,
			     void *ptr)
{
	struct netlink_notify *n = ptr;

	if (event == NETLINK_URELEASE && n->protocol == NETLINK_GENERIC) {
		st_xfer_release(n->net, n->portid);
		st_ask_release(n->net, n->portid);
	}
	return NOTIFY_DONE;
}

static struct notifier_block st_netlink_nb = {
	.notifier_call = st_netlink_notify,
};

int __init st_genl_init(void)
{
	int ret;

	ret = netlink_register_notifier(&st_netlink_nb);
	if (ret)
		return ret;
	ret = st_genl_register(st_genl_policy, st_genl_ops,
			       ARRAY_SIZE(st_genl_ops));
	if (ret)
		netlink_unregister_notifier(&st_netlink_nb);
	return ret;
}

void st_genl_uninit(void)
{
	st_genl_unregister();
	netlink_unregister_notifier(&st_netlink_nb);
}
