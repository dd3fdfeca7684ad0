// SPDX-License-Identifier: GPL-2.0
/*
 * systrace: privilege elevation, ``permit as user[:group]``.
 *
 * A rule with ``as`` runs the one call it permits with another identity,
 * so that a program needs no set-id bit: ``native-bind: sockaddr eq
 * "inet-[0.0.0.0]:22" then permit as root``. The kernel checks most
 * permissions before any LSM hook of the call runs (an open's lookup and
 * may_open(), inet_create()'s CAP_NET_RAW comes after socket_create but
 * with the credentials the call started with), so the identity must be in
 * place before the call starts. Three steps:
 *
 * 1. Entry. The syscall filter (syscall.c) sees every call of a task with
 *    an elevating layer whose number can be elevated (st_elev_call()). It
 *    builds the call as its hook will (hook_net.c, hook_file.c: the
 *    address copied from user memory, the file name looked up with the
 *    task's own identity) and decides it as a probe: no question, log line
 *    or count. If every layer permits and the permitting rules name one
 *    identity, current's subjective credentials (current->cred, what
 *    permission checks read) are replaced by a copy with that identity
 *    (override_creds()); the objective ones (real_cred: what kill, ptrace
 *    and /proc see of the task) stay. A task work (TWA_RESUME) is queued to
 *    put them back.
 * 2. Object. The call's own hook (socket_create, socket_bind, file_open)
 *    decides the object the kernel resolved, as for any call, with
 *    &st_call.pending set: the call is denied (EACCES) unless the rules
 *    that permit that object name the same identity. A swap between the
 *    entry's look and the kernel's use (a symlink replaced, the address
 *    rewritten by another thread) is denied; a hook of another kind in a
 *    raised call is denied too. The decision that permits is logged, with
 *    the verdict "permit-elevated" and the identity.
 * 3. Exit. The task work runs before the task returns to user space,
 *    whatever the outcome: at the syscall exit, before any signal handler
 *    is set up (get_signal() runs task works first), or in do_exit(). So no
 *    user code ever runs with the raised identity; a call that sleeps stays
 *    raised until it returns; the other threads of the process keep their
 *    own credentials (they are per thread).
 *
 * What ``as`` grants: the user's uid as real, effective, saved and file
 * system uid, the group's gid likewise; supplementary groups are kept. As
 * root, the capabilities a root process gets at exec: the task's bounding
 * set. As another user, no capability. A call that is not elevated (no
 * such rule matched at entry, or the rules named two identities) runs with
 * the task's own identity, even if its hook then finds an elevating rule.
 *
 * Bounds: only socket, bind and the opens can be elevated (ia32: the opens
 * only, since socketcall() multiplexes socket and bind and its entry is
 * not raised; creat and the opens with O_CREAT never); policyc and the
 * verifier (prog.c) refuse ``as`` elsewhere, in particular on calls that
 * create tasks, run code or submit work that outlives the call (execve,
 * clone, fork, io_uring_enter, ...), whose new tasks or requests would copy
 * the raised credentials. An open that may create (O_CREAT, O_TMPFILE) or
 * does not reach file_open (O_PATH) is never elevated. A task outside the
 * initial user namespace is never elevated (the call fails: EPERM). Only a
 * global image, loaded by root outside any policy, may elevate (policy.c);
 * a layer a process asked for without being root outside any policy never
 * elevates (netlink.c). A program an elevating policy binds at exec runs
 * as a set-id program does (AT_SECURE, not dumpable: hook_exec.c), so its
 * user cannot preload code into it or ptrace it.
 *
 * What the call makes keeps the identity: a socket's owner and file
 * credentials, a descriptor opened for reading a group's file. The
 * descriptor is the object the rule named; what the program does with it
 * later is decided as any call is.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/hashtable.h>
#include <linux/sched.h>
#include <linux/pid.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/task_work.h>
#include <linux/uidgid.h>
#include <linux/user_namespace.h>
#include <asm/unistd.h>
#include <asm/unistd_32_ia32.h>

#include "base.h"
#include "systrace.h"

atomic_t st_elev_images = ATOMIC_INIT(0);

/**
 * struct st_elev - a call running with a raised identity.
 * @work: the task work that puts the task's own credentials back.
 * @node: in st_elev_table, by task.
 * @task: the task (always current when it is used).
 * @old: its credentials before, for revert_creds().
 * @target: the identity it runs with.
 * @kind: the hook that must confirm the object.
 */
struct st_elev {
	struct callback_head work;
	struct hlist_node node;
	struct task_struct *task;
	const struct cred *old;
	struct st_elev_target target;
	enum st_elev_kind kind;
};

/*
 * Raised calls, by task. Only the task adds and removes its own entry, so
 * an entry current finds stays valid while current uses it.
 */
static DEFINE_HASHTABLE(st_elev_table, 6);
static DEFINE_SPINLOCK(st_elev_lock);
atomic_t st_elev_raised = ATOMIC_INIT(0);

/* What a hook of another kind than the raised call's compares with. */
static const struct st_elev_target st_elev_mismatch = {
	.flags = ST_ELEV_CONFLICT,
};

enum st_elev_kind st_elev_call(u8 ns, long nr)
{
	if (ns == SYSTRACE_NS_X86_64) {
		switch (nr) {
		case __NR_socket:
			return ST_ELEV_SOCKET;
		case __NR_bind:
			return ST_ELEV_BIND;
		case __NR_open:
		case __NR_openat:
		case __NR_openat2:
			return ST_ELEV_OPEN;
		}
		return ST_ELEV_NONE;
	}
	/*
	 * Not ia32 socket and bind: socketcall() makes them too, and it is
	 * decided raw by the filter, not raised at entry; an image that
	 * elevates them is refused (st_prog_elev_key_ok()).
	 */
	switch (nr) {
	case __NR_ia32_open:
	case __NR_ia32_openat:
	case __NR_ia32_openat2:
		return ST_ELEV_OPEN;
	}
	return ST_ELEV_NONE;
}

enum st_elev_kind st_elev_key_kind(u32 key)
{
	u32 nr = SYSTRACE_CALL_NR(key);

	switch (SYSTRACE_CALL_NS(key)) {
	case SYSTRACE_NS_ALIAS:
		return ST_ELEV_OPEN;
	case SYSTRACE_NS_X86_64:
	case SYSTRACE_NS_IA32:
		return st_elev_call(SYSTRACE_CALL_NS(key), nr);
	default:
		return ST_ELEV_NONE;
	}
}

bool st_elev_possible(const struct st_task *t, enum st_elev_kind kind)
{
	u8 mask = kind == ST_ELEV_NONE ? 0xff : BIT(kind);
	const struct st_image *img;
	bool ret = false;
	u32 i;

	rcu_read_lock();
	for (i = 0; i < t->nlayers && !ret; i++) {
		if (t->layers[i].flags & ST_LAYER_NOELEV)
			continue;
		img = rcu_dereference(t->layers[i].slot->img);
		ret = img && (img->elevates & mask);
	}
	rcu_read_unlock();
	return ret;
}

static struct st_elev *st_elev_find(void)
{
	struct st_elev *e, *found = NULL;

	spin_lock(&st_elev_lock);
	hash_for_each_possible(st_elev_table, e, node, (unsigned long)current)
		if (e->task == current) {
			found = e;
			break;
		}
	spin_unlock(&st_elev_lock);
	return found;
}

/* st_elev_pending() (systrace.h) when some call is raised. */
const struct st_elev_target *st_elev_pending_find(enum st_elev_kind kind)
{
	struct st_elev *e;

	e = st_elev_find();
	if (!e)
		return NULL;
	return e->kind == kind ? &e->target : &st_elev_mismatch;
}

/* The task work: the task's own credentials again, before user space. */
static void st_elev_restore(struct callback_head *work)
{
	struct st_elev *e = container_of(work, struct st_elev, work);

	spin_lock(&st_elev_lock);
	hash_del(&e->node);
	spin_unlock(&st_elev_lock);
	atomic_dec(&st_elev_raised);
	revert_creds(e->old);
	kfree(e);
	st_hook_exit();
}

/* A copy of current's credentials with the identity @tg. */
static struct cred *st_elev_creds(const struct st_elev_target *tg)
{
	struct cred *new = prepare_creds();
	kuid_t uid;
	kgid_t gid;

	if (!new)
		return NULL;
	if (tg->flags & SYSTRACE_RULE_F_SETUID) {
		uid = make_kuid(&init_user_ns, tg->uid);
		if (!uid_valid(uid))
			goto fail;
		new->uid = new->euid = new->suid = new->fsuid = uid;
		if (uid_eq(uid, GLOBAL_ROOT_UID)) {
			/* What a root process gets at exec: its bounding set. */
			new->cap_permitted = new->cap_bset;
			new->cap_effective = new->cap_bset;
		} else {
			cap_clear(new->cap_permitted);
			cap_clear(new->cap_effective);
			cap_clear(new->cap_ambient);
		}
	}
	if (tg->flags & SYSTRACE_RULE_F_SETGID) {
		gid = make_kgid(&init_user_ns, tg->gid);
		if (!gid_valid(gid))
			goto fail;
		new->gid = new->egid = new->sgid = new->fsgid = gid;
	}
	return new;
fail:
	abort_creds(new);
	return NULL;
}

int st_elev_entry(const struct st_task *t, struct st_call *c,
		  enum st_elev_kind kind)
{
	struct st_elev *e;
	struct cred *new;
	int ret;

	c->probe = true;
	ret = st_decide(t, c);
	c->probe = false;
	/* Not elevated: the hook decides the call as any other. */
	if (ret || !c->elev.flags || (c->elev.flags & ST_ELEV_CONFLICT))
		return 0;
	if (current_user_ns() != &init_user_ns) {
		st_log_deny(c->name, NULL, EPERM, "elevation in a user namespace");
		return -EPERM;
	}
	/* One raised call at a time: a second would be a bug; fail closed. */
	if (atomic_read(&st_elev_raised) && st_elev_find())
		return -EPERM;
	e = kzalloc(sizeof(*e), GFP_KERNEL);
	if (!e)
		return -ENOMEM;
	new = st_elev_creds(&c->elev);
	if (!new) {
		kfree(e);
		return -ENOMEM;
	}
	e->task = current;
	e->target = c->elev;
	e->kind = kind;
	init_task_work(&e->work, st_elev_restore);
	/* The task work returns into this module: unload waits for it. */
	st_hook_enter();
	ret = task_work_add(current, &e->work, TWA_RESUME);
	if (ret) {
		/* The task is exiting: the call must not run raised. */
		st_hook_exit();
		abort_creds(new);
		kfree(e);
		return -EPERM;
	}
	spin_lock(&st_elev_lock);
	hash_add(st_elev_table, &e->node, (unsigned long)current);
	spin_unlock(&st_elev_lock);
	atomic_inc(&st_elev_raised);
	e->old = override_creds(new);
	/* override_creds() took its own reference. */
	put_cred(new);
	return 0;
}
