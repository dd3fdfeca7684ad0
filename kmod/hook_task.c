// SPDX-License-Identifier: GPL-2.0
/*
 * systrace: other processes and credentials (task_kill,
 * ptrace_access_check, ptrace_traceme, task_fix_setuid, task_fix_setgid).
 *
 * Signals: decided per target process, as the kernel checks them (a
 * kill(-1) asks once for each process it reaches): signame "SIGTERM" (real
 * time signals by the kernel's number, "SIG34": the C library's SIGRTMIN
 * is not the kernel's; the null signal of a probe is "SIG0"), pidname the
 * target's process id as the caller sees it. systrace printed the program
 * of a process it traced; here the target's executable is out of reach: the
 * kernel's getters for it are not exported, and ptrace's hook runs under
 * the target's task_lock, which they take. These hooks never sleep
 * (task_kill runs under RCU or the tasklist lock, ptrace_access_check under
 * task_lock, ptrace_traceme under the tasklist lock with interrupts off):
 * nothing here allocates, and a rule's "ask" gets the mode's fallback.
 *
 * ptrace: only attaching (PTRACE_ATTACH, PTRACE_SEIZE) and PTRACE_TRACEME
 * are decided; the other requests work only on a tracee the task attached
 * to, a decision already made. The kernel's other access checks (reading
 * /proc/PID/environ, process_vm_readv(), pidfd_getfd(), kcmp()) reach the
 * same hook; they are calls of their own (open, or raw in the syscall
 * filter) and are not decided as ptrace.
 *
 * Scope, whatever the policy says: every access check of a confined task
 * (attach or read: ptrace, process_vm_readv/writev, /proc/PID/mem, environ,
 * fd/, cwd, root, pidfd_getfd, process_madvise, kcmp, ...) on a task
 * outside its confinement is denied with EPERM, after the policy's own
 * decision of a ptrace attach (its deny and errno come first); a confined
 * tracer never becomes the tracer of a task outside its confinement by
 * PTRACE_TRACEME either, and hook_exec.c refuses the exec that would take a
 * tracee out (st_task_may_reach(), st_task_tracer_admits()). Otherwise a
 * process of the same uid, or a child that left confinement, would make
 * the calls the policy denies. See "Other processes as proxies" in
 * Documentation/security.rst.
 *
 * setuid family: the new credentials the call computed, as the caller's
 * user namespace numbers them: setuid's uid (the effective uid it sets),
 * setreuid's uid[0] and uid[1] (real, effective), setresuid's uid[0..2]
 * (real, effective, saved), setfsuid's uid; the same with gid for the
 * set*gid calls. uname is the decimal uid as well: user names live in
 * /etc/passwd, which the kernel does not read. setgroups() is decided raw
 * by the syscall filter.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cred.h>
#include <linux/fcntl.h>
#include <linux/fs.h>
#include <linux/hash.h>
#include <linux/mempool.h>
#include <linux/rculist_bl.h>
#include <linux/pid_namespace.h>
#include <linux/ptrace.h>
#include <linux/sched.h>
#include <linux/security.h>
#include <linux/signal.h>
#include <asm/unistd.h>
#include <asm/unistd_32_ia32.h>

#include "compat.h"
#include "hook_call.h"

static const struct st_sysnr st_kill_covers[] = {
	{ SYSTRACE_NS_X86_64, __NR_kill },
	{ SYSTRACE_NS_X86_64, __NR_tkill },
	{ SYSTRACE_NS_X86_64, __NR_tgkill },
	{ SYSTRACE_NS_X86_64, __NR_rt_sigqueueinfo },
	{ SYSTRACE_NS_X86_64, __NR_rt_tgsigqueueinfo },
	{ SYSTRACE_NS_X86_64, __NR_pidfd_send_signal },
	{ SYSTRACE_NS_IA32, __NR_ia32_kill },
	{ SYSTRACE_NS_IA32, __NR_ia32_tkill },
	{ SYSTRACE_NS_IA32, __NR_ia32_tgkill },
	{ SYSTRACE_NS_IA32, __NR_ia32_rt_sigqueueinfo },
	{ SYSTRACE_NS_IA32, __NR_ia32_rt_tgsigqueueinfo },
	{ SYSTRACE_NS_IA32, __NR_ia32_pidfd_send_signal },
};

static const struct st_sysnr st_ptrace_covers[] = {
	{ SYSTRACE_NS_X86_64, __NR_ptrace },
	{ SYSTRACE_NS_IA32, __NR_ia32_ptrace },
};

static const struct st_callspec st_kill_spec = {
	"kill", SYSTRACE_ALIAS_NONE, __NR_kill, __NR_ia32_kill,
	st_kill_covers, ARRAY_SIZE(st_kill_covers)
};

static const struct st_callspec st_ptrace_spec = {
	"ptrace", SYSTRACE_ALIAS_NONE, __NR_ptrace, __NR_ia32_ptrace,
	st_ptrace_covers, ARRAY_SIZE(st_ptrace_covers)
};

/* The set*id calls: one spec each, with the ia32 16- and 32-bit calls. */
#define ST_ID_COVERS(call)						\
	static const struct st_sysnr st_##call##_covers[] = {		\
		{ SYSTRACE_NS_X86_64, __NR_##call },			\
		{ SYSTRACE_NS_IA32, __NR_ia32_##call },			\
		{ SYSTRACE_NS_IA32, __NR_ia32_##call##32 },		\
	};								\
	static const struct st_callspec st_##call##_spec = {		\
		#call, SYSTRACE_ALIAS_NONE, __NR_##call,		\
		__NR_ia32_##call, st_##call##_covers,			\
		ARRAY_SIZE(st_##call##_covers)				\
	}

ST_ID_COVERS(setuid);
ST_ID_COVERS(setreuid);
ST_ID_COVERS(setresuid);
ST_ID_COVERS(setfsuid);
ST_ID_COVERS(setgid);
ST_ID_COVERS(setregid);
ST_ID_COVERS(setresgid);
ST_ID_COVERS(setfsgid);

/* What the hooks cover, for the syscall filter. */
static const struct st_sysnr st_setuid_all_covers[] = {
	{ SYSTRACE_NS_X86_64, __NR_setuid },
	{ SYSTRACE_NS_IA32, __NR_ia32_setuid },
	{ SYSTRACE_NS_IA32, __NR_ia32_setuid32 },
	{ SYSTRACE_NS_X86_64, __NR_setreuid },
	{ SYSTRACE_NS_IA32, __NR_ia32_setreuid },
	{ SYSTRACE_NS_IA32, __NR_ia32_setreuid32 },
	{ SYSTRACE_NS_X86_64, __NR_setresuid },
	{ SYSTRACE_NS_IA32, __NR_ia32_setresuid },
	{ SYSTRACE_NS_IA32, __NR_ia32_setresuid32 },
	{ SYSTRACE_NS_X86_64, __NR_setfsuid },
	{ SYSTRACE_NS_IA32, __NR_ia32_setfsuid },
	{ SYSTRACE_NS_IA32, __NR_ia32_setfsuid32 },
};

static const struct st_sysnr st_setgid_all_covers[] = {
	{ SYSTRACE_NS_X86_64, __NR_setgid },
	{ SYSTRACE_NS_IA32, __NR_ia32_setgid },
	{ SYSTRACE_NS_IA32, __NR_ia32_setgid32 },
	{ SYSTRACE_NS_X86_64, __NR_setregid },
	{ SYSTRACE_NS_IA32, __NR_ia32_setregid },
	{ SYSTRACE_NS_IA32, __NR_ia32_setregid32 },
	{ SYSTRACE_NS_X86_64, __NR_setresgid },
	{ SYSTRACE_NS_IA32, __NR_ia32_setresgid },
	{ SYSTRACE_NS_IA32, __NR_ia32_setresgid32 },
	{ SYSTRACE_NS_X86_64, __NR_setfsgid },
	{ SYSTRACE_NS_IA32, __NR_ia32_setfsgid },
	{ SYSTRACE_NS_IA32, __NR_ia32_setfsgid32 },
};

/* The process @p as the current task's pid namespace numbers it. */
static void st_pidname(struct task_struct *p, char *buf, size_t size)
{
	snprintf(buf, size, "%d",
		 task_tgid_nr_ns(p, task_active_pid_ns(current)));
}

/* @t's kill rules on the signal @sig to @p; never sleeps. */
int st_kill_decide(const struct st_task *t, struct task_struct *p,
			  int sig)
{
	char signame[16], pidname[16];
	struct st_call c = {};
	long nr;

	st_call_init(&c, &st_kill_spec, &nr);
	st_call_arg(&c, SYSTRACE_ARG_SIGNAME, 0,
		    st_signal_name(sig, signame, sizeof(signame)));
	st_pidname(p, pidname, sizeof(pidname));
	st_call_arg(&c, SYSTRACE_ARG_PIDNAME, 0, pidname);
	/* c.may_sleep stays false: RCU or the tasklist lock is held. */
	return st_decide(t, &c);
}

static int st_task_kill(struct task_struct *p, struct kernel_siginfo *info,
			int sig, const struct cred *cred)
{
	const struct st_task *t;

	if (!st_task_any())
		return 0;
	/*
	 * @cred: a USB async I/O completion signalling with the submitter's
	 * credentials, from interrupt context: not a call of current.
	 */
	if (cred || !in_task())
		return 0;
	t = st_task_current();
	if (!t)
		return 0;
	return st_kill_decide(t, p, sig);
}

/*
 * Signals by a file's owner: fcntl(F_SETOWN, F_SETOWN_EX), ioctl(FIOSETOWN,
 * SIOCSPGRP) name the process (or group) that gets a file's SIGIO, or the
 * signal F_SETSIG picks (SIGKILL too), and SIGURG; the kernel sends it
 * when the file is ready (send_sigio(), send_sigurg()), with no kill()
 * and no task_kill hook, from whatever context wakes the file: the writer
 * of a pipe, another process, a network softirq. The kernel records the
 * setter's ids in the owner; the module records whether the setter was
 * confined: a record per file (file_set_fowner), forgotten when the file
 * is freed (security_file_free) or its owner set again. Each signal then
 * (file_send_sigiotask):
 * - no record (an unconfined setter): not this module's;
 * - to the setter's own process: permitted, as it asked for its own I/O;
 * - sent by the setter's own process (the writer of its pipe, say): the
 *   kill rules of its confinement decide it as a kill of that signal to
 *   that process (SIGIO when F_SETSIG chose none);
 * - otherwise (another process or an interrupt woke the file): denied, as
 *   the rules are the setter's and only its own context has them.
 * The owner is half of it: a confined task that picks the signal
 * (fcntl(F_SETSIG)) or turns the signals on (O_ASYNC by F_SETFL or
 * ioctl(FIOASYNC)) on a file whose owner someone else set (a descriptor
 * inherited or passed) is recorded as if it had set the owner; otherwise
 * it would make an owner an unconfined process chose get SIGKILL.
 * See "Other processes as proxies" in Documentation/security.rst.
 */

#define ST_FOWN_HASH_BITS	8

/**
 * struct st_fown - a file whose owner a confined task set.
 * @node: in its bucket of st_fown_table; written under the bucket's lock,
 *	read under RCU.
 * @file: the key; not a reference (the record goes in security_file_free).
 * @setter: the setter's thread group (a reference held).
 * @rcu: frees the record after a grace period.
 */
struct st_fown {
	struct hlist_bl_node node;
	const struct file *file;
	struct pid *setter;
	struct rcu_head rcu;
};

static struct hlist_bl_head st_fown_table[1 << ST_FOWN_HASH_BITS];
/* Records a file_set_fowner may take where memory is short (atomic). */
static mempool_t *st_fown_pool;
/* Records in st_fown_table: while there are none, a signal costs a read. */
atomic_long_t st_fown_nr = ATOMIC_LONG_INIT(0);
/*
 * st_fown_nr and hook_tty.c's st_ptm_nr: while both are 0, a file's free
 * costs the direct call's compare (hook_file.c, ST_HOOK_DIRECT_ON()).
 */
atomic_long_t st_file_records = ATOMIC_LONG_INIT(0);

static struct hlist_bl_head *st_fown_bucket(const struct file *file)
{
	return &st_fown_table[hash_ptr(file, ST_FOWN_HASH_BITS)];
}

/* The caller holds the bucket's lock or rcu_read_lock(). */
static struct st_fown *st_fown_find(struct hlist_bl_head *b,
				    const struct file *file)
{
	struct hlist_bl_node *pos;
	struct st_fown *f;

	hlist_bl_for_each_entry_rcu(f, pos, b, node)
		if (f->file == file)
			return f;
	return NULL;
}

static void st_fown_free_rcu(struct rcu_head *rcu)
{
	struct st_fown *f = container_of(rcu, struct st_fown, rcu);

	put_pid(f->setter);
	mempool_free(f, st_fown_pool);
}

/* Replace @file's record by @n (NULL: none). */
static void st_fown_replace(const struct file *file, struct st_fown *n)
{
	struct hlist_bl_head *b = st_fown_bucket(file);
	struct st_fown *old;

	if (n) {
		atomic_long_inc(&st_fown_nr);
		atomic_long_inc(&st_file_records);
	}
	hlist_bl_lock(b);
	old = st_fown_find(b, file);
	if (old)
		hlist_bl_del_rcu(&old->node);
	if (n)
		hlist_bl_add_head_rcu(&n->node, b);
	hlist_bl_unlock(b);
	if (old) {
		atomic_long_dec(&st_fown_nr);
		atomic_long_dec(&st_file_records);
		call_rcu(&old->rcu, st_fown_free_rcu);
	}
}

/* Record current, a confined task, as @file's setter; 0 or -ENOMEM. */
static int st_fown_add(struct file *file, gfp_t gfp)
{
	struct st_fown *n;

	n = mempool_alloc(st_fown_pool, gfp);
	if (!n)
		return -ENOMEM;
	n->file = file;
	n->setter = get_pid(task_tgid(current));
	st_fown_replace(file, n);
	return 0;
}

/*
 * Called by __f_setown() under the owner's lock, interrupts off, as the
 * owner is set to a process or group (never to none).
 */
static void st_file_set_fowner(struct file *file)
{
	if (!st_task_any() || !st_task_current()) {
		/* An unconfined setter: its signals are not decided. */
		if (atomic_long_read(&st_fown_nr))
			st_fown_replace(file, NULL);
		return;
	}
	if (st_fown_add(file, GFP_ATOMIC | __GFP_NOWARN)) {
		/*
		 * The owner is set whatever this hook does, and without a
		 * record its signals would go undecided: fail closed on the
		 * setter.
		 */
		st_log_deny(NULL, NULL, ENOMEM,
			    "no memory to record a file's owner: the process is killed");
		force_sig(SIGKILL);
		st_fown_replace(file, NULL);
	}
}

/*
 * A confined task changes what @file sends its owner (the top of this
 * part): record it before the change. Process context, no lock held: may
 * sleep, and the mempool then waits rather than fail.
 */
int st_fown_changed(struct file *file)
{
	int ret;

	if (!st_task_any() || !st_task_current())
		return 0;
	st_hook_enter();
	ret = st_fown_add(file, GFP_KERNEL);
	st_hook_exit();
	return ret;
}

static int st_file_fcntl(struct file *file, unsigned int cmd,
			 unsigned long arg)
{
	if (cmd == F_SETSIG || (cmd == F_SETFL && (arg & FASYNC)))
		return st_fown_changed(file);
	return 0;
}

static int st_file_send_sigiotask(struct task_struct *tsk,
				  struct fown_struct *fown, int sig)
{
	struct file *file = st_fown_file(fown);
	bool own = false, here = false;
	const struct st_task *t;
	char signame[16];
	struct st_fown *f;
	const char *name;
	pid_t setter = 0;

	if (!atomic_long_read(&st_fown_nr))
		return 0;
	rcu_read_lock();
	f = st_fown_find(st_fown_bucket(file), file);
	if (f) {
		own = task_tgid(tsk) == f->setter;
		here = in_task() && task_tgid(current) == f->setter;
		setter = pid_nr(f->setter);
	}
	rcu_read_unlock();
	if (!f || own)
		return 0;
	/* send_sigio() sends SIGIO where F_SETSIG chose no signal. */
	if (!sig)
		sig = SIGIO;
	if (here) {
		/* None: the process left confinement since (permit[detach]). */
		t = st_task_current();
		return t ? st_kill_decide(t, tsk, sig) : 0;
	}
	name = st_signal_name(sig, signame, sizeof(signame));
	/* The call: the one that made the I/O (a write), if any. */
	if (in_task())
		st_log_deny(NULL, NULL, EPERM,
			    "%s to pid %d by a file whose owner pid %d set while confined, sent by another process",
			    name, task_tgid_nr(tsk), setter);
	else
		pr_notice_ratelimited("deny %s to pid %d by a file whose owner pid %d set while confined, sent from an interrupt\n",
				      name, task_tgid_nr(tsk), setter);
	return -EPERM;
}

/* hook_file.c's security_file_free: @file's record, if any, goes. */
void st_fown_file_free(struct file *file)
{
	struct hlist_bl_head *b = st_fown_bucket(file);
	bool found;

	/* The bucket's lock only for a file that has a record. */
	rcu_read_lock();
	found = st_fown_find(b, file);
	rcu_read_unlock();
	if (found)
		st_fown_replace(file, NULL);
}

int st_fown_init(void)
{
	st_fown_pool = mempool_create_kmalloc_pool(16, sizeof(struct st_fown));
	return st_fown_pool ? 0 : -ENOMEM;
}

/* After the hooks went: no record is added or looked up any more. */
void st_fown_exit(void)
{
	struct hlist_bl_node *pos, *tmp;
	struct st_fown *f;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(st_fown_table); i++) {
		hlist_bl_for_each_entry_safe(f, pos, tmp, &st_fown_table[i],
					     node) {
			hlist_bl_del(&f->node);
			call_rcu(&f->rcu, st_fown_free_rcu);
		}
	}
	rcu_barrier();
	mempool_destroy(st_fown_pool);
}

/* @target: the tracee (attach) or the tracer (traceme). */
static int st_ptrace_decide(const struct st_task *t, struct task_struct *target)
{
	struct st_call c = {};
	char pidname[16];
	long nr;

	/* Only the ptrace system call: see the top of the file. */
	if (st_call_init(&c, &st_ptrace_spec, &nr) != ST_ORIGIN_OWN)
		return 0;
	st_pidname(target, pidname, sizeof(pidname));
	st_call_arg(&c, SYSTRACE_ARG_PIDNAME, 0, pidname);
	/* c.may_sleep stays false: task_lock or the tasklist lock is held. */
	return st_decide(t, &c);
}

/*
 * The scope rule denied @t's access to @target: an event and a log line in
 * a decision's words (rule line 0: no rule of the policy decided), unless
 * the kernel asked quietly (PTRACE_MODE_NOAUDIT: /proc/PID/stat showing
 * fewer fields).
 */
static int st_scope_deny(const struct st_task *t, struct task_struct *target,
			 unsigned int mode)
{
	/* No rule decided: counted in, and logged under, the first layer. */
	const struct st_layer *l = &t->layers[0];
	struct st_call c = {};
	char pidname[16];
	long nr;

	if (!(l->flags & ST_LAYER_FOREIGN)) {
		this_cpu_inc(l->slot->stats->decisions);
		this_cpu_inc(l->slot->stats->denials);
	}
	if (mode & PTRACE_MODE_NOAUDIT)
		return -EPERM;
	st_call_init(&c, &st_ptrace_spec, &nr);
	st_pidname(target, pidname, sizeof(pidname));
	st_call_arg(&c, SYSTRACE_ARG_PIDNAME, 0, pidname);
	st_log_decision(l, &c, SYSTRACE_VERDICT_DENY, EPERM, 0);
	return -EPERM;
}

static int st_ptrace_access_check(struct task_struct *child, unsigned int mode)
{
	const struct st_task *t;
	int ret;

	if (!st_task_any())
		return 0;
	t = st_task_current();
	if (!t)
		return 0;
	if (mode & PTRACE_MODE_ATTACH) {
		ret = st_ptrace_decide(t, child);
		if (ret)
			return ret;
	}
	if (!st_task_may_reach(current, child))
		return st_scope_deny(t, child, mode);
	return 0;
}

/* current asks @parent to trace it. */
static int st_ptrace_traceme(struct task_struct *parent)
{
	const struct st_task *t;
	int ret;

	if (!st_task_any())
		return 0;
	t = st_task_current();
	if (t) {
		ret = st_ptrace_decide(t, parent);
		if (ret)
			return ret;
	}
	/*
	 * A confined parent would control a task outside its confinement
	 * (current may be unconfined: a child that left by permit[detach]).
	 */
	if (!st_task_may_reach(parent, current)) {
		st_log_deny("ptrace", NULL, EPERM,
			    "PTRACE_TRACEME: the tracer, pid %d, is confined and this task is outside its confinement",
			    task_tgid_nr(parent));
		return -EPERM;
	}
	return 0;
}

/**
 * struct st_id_call - a set*id call being decided.
 * @c: the call.
 * @num: the ids, printed.
 */
struct st_id_call {
	struct st_call c;
	char num[3][16];
};

/* Add @arg[@idx] = @v; returns the number of ids added so far. */
static unsigned int st_id_arg(struct st_id_call *ic, u8 arg, u8 idx,
			      unsigned int v)
{
	snprintf(ic->num[idx], sizeof(ic->num[idx]), "%u", v);
	st_call_arg(&ic->c, arg, idx, ic->num[idx]);
	return idx + 1;
}

static int st_id_decide(const struct st_task *t, struct st_id_call *ic)
{
	int ret;

	/* prepare_creds() is done, commit_creds() not yet: may sleep. */
	ic->c.may_sleep = true;
	st_hook_enter();
	ret = st_decide(t, &ic->c);
	st_hook_exit();
	return ret;
}

static int st_task_fix_setuid(struct cred *new, const struct cred *old,
			      int flags)
{
	struct user_namespace *ns = current_user_ns();
	const struct st_callspec *spec;
	const struct st_task *t;
	struct st_id_call ic = {};
	unsigned int i, n;
	long nr;

	if (!st_task_any())
		return 0;
	t = st_task_current();
	if (!t)
		return 0;
	switch (flags) {
	case LSM_SETID_ID:
		spec = &st_setuid_spec;
		break;
	case LSM_SETID_RE:
		spec = &st_setreuid_spec;
		break;
	case LSM_SETID_RES:
		spec = &st_setresuid_spec;
		break;
	case LSM_SETID_FS:
		spec = &st_setfsuid_spec;
		break;
	default:
		/* A caller this module does not know: fail closed. */
		st_log_deny("setuid", NULL, EPERM, "unknown setuid flags %d", flags);
		return -EPERM;
	}
	st_call_init(&ic.c, spec, &nr);
	switch (flags) {
	case LSM_SETID_ID:
		n = st_id_arg(&ic, SYSTRACE_ARG_UID, 0,
			      from_kuid_munged(ns, new->euid));
		break;
	case LSM_SETID_FS:
		n = st_id_arg(&ic, SYSTRACE_ARG_UID, 0,
			      from_kuid_munged(ns, new->fsuid));
		break;
	default:
		st_id_arg(&ic, SYSTRACE_ARG_UID, 0,
			  from_kuid_munged(ns, new->uid));
		n = st_id_arg(&ic, SYSTRACE_ARG_UID, 1,
			      from_kuid_munged(ns, new->euid));
		if (flags == LSM_SETID_RES)
			n = st_id_arg(&ic, SYSTRACE_ARG_UID, 2,
				      from_kuid_munged(ns, new->suid));
		break;
	}
	/* No user names in the kernel: each uid again, in decimal. */
	for (i = 0; i < n; i++)
		st_call_arg(&ic.c, SYSTRACE_ARG_UNAME, i, ic.num[i]);
	return st_id_decide(t, &ic);
}

static int st_task_fix_setgid(struct cred *new, const struct cred *old,
			      int flags)
{
	struct user_namespace *ns = current_user_ns();
	const struct st_callspec *spec;
	const struct st_task *t;
	struct st_id_call ic = {};
	long nr;

	if (!st_task_any())
		return 0;
	t = st_task_current();
	if (!t)
		return 0;
	switch (flags) {
	case LSM_SETID_ID:
		spec = &st_setgid_spec;
		break;
	case LSM_SETID_RE:
		spec = &st_setregid_spec;
		break;
	case LSM_SETID_RES:
		spec = &st_setresgid_spec;
		break;
	case LSM_SETID_FS:
		spec = &st_setfsgid_spec;
		break;
	default:
		st_log_deny("setgid", NULL, EPERM, "unknown setgid flags %d", flags);
		return -EPERM;
	}
	st_call_init(&ic.c, spec, &nr);
	switch (flags) {
	case LSM_SETID_ID:
		st_id_arg(&ic, SYSTRACE_ARG_GID, 0,
			  from_kgid_munged(ns, new->egid));
		break;
	case LSM_SETID_FS:
		st_id_arg(&ic, SYSTRACE_ARG_GID, 0,
			  from_kgid_munged(ns, new->fsgid));
		break;
	default:
		st_id_arg(&ic, SYSTRACE_ARG_GID, 0,
			  from_kgid_munged(ns, new->gid));
		st_id_arg(&ic, SYSTRACE_ARG_GID, 1,
			  from_kgid_munged(ns, new->egid));
		if (flags == LSM_SETID_RES)
			st_id_arg(&ic, SYSTRACE_ARG_GID, 2,
				  from_kgid_munged(ns, new->sgid));
		break;
	}
	return st_id_decide(t, &ic);
}

static const struct st_hook st_proc_hook_list[] = {
	{ ST_HOOK_FN(bpf_lsm_task_kill, st_task_kill),
	  .covers = st_kill_covers, .ncovers = ARRAY_SIZE(st_kill_covers) },
	{ ST_HOOK_FN(bpf_lsm_ptrace_access_check, st_ptrace_access_check),
	  .covers = st_ptrace_covers,
	  .ncovers = ARRAY_SIZE(st_ptrace_covers) },
	{ ST_HOOK_FN(bpf_lsm_ptrace_traceme, st_ptrace_traceme) },
	{ ST_HOOK_FN(bpf_lsm_task_fix_setuid, st_task_fix_setuid),
	  .covers = st_setuid_all_covers,
	  .ncovers = ARRAY_SIZE(st_setuid_all_covers) },
	{ ST_HOOK_FN(bpf_lsm_task_fix_setgid, st_task_fix_setgid),
	  .covers = st_setgid_all_covers,
	  .ncovers = ARRAY_SIZE(st_setgid_all_covers) },
	{ ST_HOOK_FN(bpf_lsm_file_set_fowner, st_file_set_fowner) },
	{ ST_HOOK_FN(bpf_lsm_file_send_sigiotask, st_file_send_sigiotask) },
	{ ST_HOOK_FN(bpf_lsm_file_fcntl, st_file_fcntl) },
};
ST_HOOK_SET(st_proc_hooks, st_proc_hook_list);
