// SPDX-License-Identifier: GPL-2.0
/*
 * systrace: exec.
 *
 * An exec is a decision of the caller's policy ("execve": filename, argv)
 * and may change the binding: the resolved path of the new program is
 * looked up among the loaded policies (st_policy_find_exec()), like an
 * AppArmor profile. Both happen in bprm_creds_for_exec, once per execve()
 * and on the file the caller named (bprm_check runs again for a script's
 * interpreter), where the exec can still fail; the new binding is
 * published in bprm_committed_creds, after the point of no return.
 *
 * Every layer of the caller decides the exec; the layers go on after it
 * (struct st_task), but for the bound layer, which the program's own
 * binding replaces, and a confinement asked for with the exec
 * (systracectl run), which is added. A layer's permit rule may say more
 * (systrace's exec flags): permit[inherit] keeps the bound layer even for
 * a program with its own binding (unless the layer's image is a user's
 * and the program's a global one); permit[detach] ends that layer alone,
 * never while the caller's ids are mixed (real, effective, saved,
 * filesystem uid or gid differ: see "mixed ids" in systrace_prog.h; a
 * process between identities would leave confinement with privilege it
 * meant to drop). The caller's ids are the ones this hook sees, before a
 * set-user-ID program's are applied. A program whose policy is systrace's
 * "detached" binds nothing: it runs free when its caller is free, and
 * under its caller's layers when it is not.
 *
 * argv is read from the new image's stack (copied there before either hook
 * runs) and joined by spaces, cut at ST_ARGV_MAX bytes. The environment
 * is never read: $HOME and $USER come from the user table (users.c).
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/binfmts.h>
#include <linux/cred.h>
#include <linux/fs.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/ptrace.h>
#include <linux/sched/task_stack.h>
#include <asm/syscall.h>
#include <asm/unistd.h>
#include <asm/unistd_32_ia32.h>

#include "compat.h"
#include "hook.h"

/* The most bytes of argv a policy sees (argument lists reach megabytes). */
#define ST_ARGV_MAX	4096

static const struct st_sysnr st_exec_covers[] = {
	{ SYSTRACE_NS_X86_64, __NR_execve },
	{ SYSTRACE_NS_X86_64, __NR_execveat },
	{ SYSTRACE_NS_IA32, __NR_ia32_execve },
	{ SYSTRACE_NS_IA32, __NR_ia32_execveat },
};

/*
 * The caller's decision; @flags: per layer, its permit rule's
 * SYSTRACE_RULE_F_*.
 */
static int st_exec_decide(const struct st_task *t, const char *path,
			  const char *argv, u8 *flags)
{
	int ret;

	u8 ns = in_ia32_syscall() ? SYSTRACE_NS_IA32 : SYSTRACE_NS_X86_64;
	u16 execve = ns == SYSTRACE_NS_IA32 ? __NR_ia32_execve : __NR_execve;
	u16 execveat = ns == SYSTRACE_NS_IA32 ? __NR_ia32_execveat :
						__NR_execveat;
	struct st_call c = {
		.keys = { SYSTRACE_CALL_KEY(ns, execve) },
		.nkeys = 1,
		.name = "execve",
		.args = {
			{ .arg = SYSTRACE_ARG_FILENAME, .str = path,
			  .len = strlen(path) },
			{ .arg = SYSTRACE_ARG_ARGV, .str = argv,
			  .len = strlen(argv) },
		},
		.nargs = 2,
		.may_sleep = true,
	};

	/* A policy may name execveat itself; execve is what systrace knew. */
	if (!(current->flags & (PF_KTHREAD | PF_IO_WORKER)) &&
	    syscall_get_nr(current, current_pt_regs()) == execveat)
		c.keys[c.nkeys++] = SYSTRACE_CALL_KEY(ns, execveat);
	ret = st_decide(t, &c);
	memcpy(flags, c.rule_flags, sizeof(c.rule_flags));
	return ret;
}

/* Who starts a layer at this exec, for %ST_LAYER_FOREIGN; -1: mixed ids. */
static u32 st_exec_origin(void)
{
	if (st_cred_mixed(current_cred()))
		return ST_OWNER_NONE;
	return from_kuid(&init_user_ns, current_uid());
}

/*
 * Does a layer that goes on after the exec (one of @t's own, not detached
 * by @flags, or @onexec) already apply policy @index of @slot, at least as
 * strictly as its binding would?
 */
static bool st_exec_dup(const struct st_task *t, const u8 *flags,
			const struct st_layer *onexec,
			const struct st_slot *slot, u32 index)
{
	const struct st_layer *bound = st_policy_bound_layer(t);
	bool mixed = st_cred_mixed(current_cred());
	int strict = st_mode_strictness(slot->mode);
	u32 i;

	if (onexec->slot == slot && onexec->index == index &&
	    st_mode_strictness(onexec->mode) >= strict)
		return true;
	for (i = 0; t && i < t->nlayers; i++) {
		const struct st_layer *l = &t->layers[i];

		if (l == bound || ((flags[i] & SYSTRACE_RULE_F_DETACH) && !mixed))
			continue;
		if (l->slot == slot && l->index == index &&
		    st_mode_strictness(l->mode) >= strict)
			return true;
	}
	return false;
}

/*
 * The confinement after the exec, from the caller's @t (or NULL) and its
 * rule flags @flags, the program's own binding (@slot, @index: its
 * reference consumed; or NULL) and the layer asked for with the exec
 * (@onexec, its references consumed; or one without a slot). NULL, with
 * *@unconfine, when no layer is left.
 */
static struct st_task *st_exec_layers(const struct st_task *t, const u8 *flags,
				      struct st_slot *slot, u32 index,
				      struct st_layer *onexec, bool *unconfine)
{
	const struct st_layer *bound = st_policy_bound_layer(t);
	struct st_layer *l;
	bool mixed = st_cred_mixed(current_cred()), dup = false;
	u32 i, n = 0, owner;
	struct st_task *nt;

	*unconfine = false;
	for (i = 0; slot && t && i < t->nlayers; i++) {
		const struct st_layer *old = &t->layers[i];

		/*
		 * permit[inherit]: the caller's layers go on alone, even where
		 * the program has its own binding; but a user's policy never
		 * displaces a global one, nor does a layer another user
		 * started.
		 */
		if ((flags[i] & SYSTRACE_RULE_F_INHERIT) &&
		    !(old->flags & ST_LAYER_FOREIGN) &&
		    (slot->owner != ST_OWNER_NONE ||
		     old->slot->owner == ST_OWNER_NONE)) {
			st_slot_put(slot);
			slot = NULL;
		}
	}
	if (slot && st_exec_dup(t, flags, onexec, slot, index)) {
		/*
		 * The program's binding is a layer the task keeps anyway (run
		 * -p with the program's own policy): once is enough.
		 */
		st_slot_put(slot);
		slot = NULL;
		dup = true;
	}
	nt = st_task_new(ST_MAX_LAYERS, GFP_KERNEL);
	if (!nt) {
		st_slot_put(slot);
		st_layer_release(onexec);
		return ERR_PTR(-ENOMEM);
	}
	if (slot) {
		/* The program's binding: a new bound layer, first. */
		l = &nt->layers[n++];
		l->slot = slot;
		l->index = index;
		l->mode = slot->mode;
		l->flags = ST_LAYER_BOUND;
		owner = slot->owner == ST_OWNER_NONE ? 0 : slot->owner;
		if (st_exec_origin() != owner)
			l->flags |= ST_LAYER_FOREIGN;
	}
	for (i = 0; t && i < t->nlayers; i++) {
		const struct st_layer *old = &t->layers[i];

		if (old == bound && (slot || dup))
			continue;	/* replaced */
		if ((flags[i] & SYSTRACE_RULE_F_DETACH) && !mixed)
			continue;	/* permit[detach]: this layer ends */
		if ((flags[i] & SYSTRACE_RULE_F_DETACH) && old == bound)
			pr_notice_ratelimited("pid %d (%s): permit[detach] with mixed ids: %s stays\n",
					      task_tgid_nr(current),
					      current->comm, old->slot->name);
		if (st_layer_copy(&nt->layers[n++], old))
			goto nomem;
	}
	if (onexec->slot) {
		if (n == ST_MAX_LAYERS) {
			st_layer_release(onexec);
			nt->nlayers = n;
			st_task_put(nt);
			return ERR_PTR(-E2BIG);
		}
		nt->layers[n++] = *onexec;
		onexec->slot = NULL;
		onexec->cwd = NULL;
	}
	nt->nlayers = n;
	if (!n) {
		st_task_put(nt);
		*unconfine = true;
		return NULL;
	}
	return nt;
nomem:
	nt->nlayers = n;
	st_task_put(nt);
	st_layer_release(onexec);
	return ERR_PTR(-ENOMEM);
}

/* Is policy @index of @slot's image systrace's "detached" kind? */
static bool st_exec_detached(struct st_slot *slot, u32 index)
{
	const struct st_image *img;
	bool ret;

	rcu_read_lock();
	img = rcu_dereference(slot->img);
	ret = img && st_image_detached(img, index);
	rcu_read_unlock();
	return ret;
}

static int st_exec_check(struct linux_binprm *bprm, char *buf)
{
	const struct st_task *t = st_task_current();
	u8 flags[ST_MAX_LAYERS] = {};
	char *path, *argv = NULL;
	struct st_layer onexec = {};
	struct st_task *nt = NULL;
	struct st_slot *slot = NULL;
	bool unconfine = false;
	u32 index = 0;
	int ret;

	/* systracectl run: a layer asked for from this exec on. */
	st_task_onexec(&onexec);
	/*
	 * The program's name from the root of the mount namespace, as an
	 * open's: a binding or an execve rule names the file there, never a
	 * name the caller made for another file (in a chroot, or in a
	 * detached tree of its own: an unprivileged user makes either in a
	 * user namespace of its own, then executes from it in the initial
	 * one, where bound programs are elevated).
	 */
	path = st_call_abspath(&bprm->file->f_path, buf, PATH_MAX);
	if (IS_ERR(path)) {
		/*
		 * No name (a detached tree), or longer than any a policy has:
		 * no binding names it, and no execve rule of a confined
		 * caller's either: fail closed.
		 */
		if (t || onexec.slot) {
			st_log_deny("execve", NULL, -PTR_ERR(path),
				    "a program without a name");
			st_layer_release(&onexec);
			return PTR_ERR(path);
		}
		return st_task_exec_prepare(bprm, NULL, false);
	}
	slot = st_policy_find_exec(path, t, bprm, &index);
	if (slot && st_exec_detached(slot, index)) {
		/*
		 * systrace's "detached": the program runs unmonitored. Only a
		 * task outside any policy is released: a confined caller's
		 * layers go on over the program (no binding replaces its
		 * bound layer), or a policy would be left by executing
		 * a detached program.
		 */
		st_slot_put(slot);
		slot = NULL;
	}
	if (!t && !slot && !onexec.slot)
		return st_task_exec_prepare(bprm, NULL, false);

	if (t) {
		argv = kmalloc(ST_ARGV_MAX, GFP_KERNEL);
		ret = -ENOMEM;
		if (!argv)
			goto out;
		ret = st_task_read_strings(bprm->mm, bprm->p, bprm->exec,
					   bprm->argc, argv, ST_ARGV_MAX);
		if (ret)
			goto out;
		ret = st_exec_decide(t, path, argv, flags);
		if (ret)
			goto out;
	}
	nt = st_exec_layers(t, flags, slot, index, &onexec, &unconfine);
	slot = NULL;	/* consumed, and onexec */
	if (IS_ERR(nt)) {
		ret = PTR_ERR(nt);
		goto out;
	}
	/*
	 * A confined tracer keeps its tracee across the exec: the exec may
	 * not take the tracee outside the tracer's confinement (to no
	 * confinement, or another policy), or the tracer would control a
	 * task it could not attach to (hook_task.c, scope).
	 */
	if (!st_task_tracer_admits(nt)) {
		st_log_deny("execve", path, EPERM,
			    "traced by a confined task, and the program would run outside its confinement");
		st_task_put(nt);
		ret = -EPERM;
		goto out;
	}
	/*
	 * A program whose calls may run with another identity (elevate.c)
	 * runs as a set-id program does: AT_SECURE, so that the dynamic
	 * linker ignores LD_PRELOAD and its kind, and not dumpable, so that
	 * its user cannot ptrace it or write its memory and make the
	 * elevated calls itself.
	 */
	if (nt && st_elev_possible(nt, ST_ELEV_NONE)) {
		bprm->secureexec = 1;
		bprm->interp_flags |= BINPRM_FLAGS_ENFORCE_NONDUMP;
	}
	ret = st_task_exec_prepare(bprm, nt, unconfine);
out:
	if (slot)
		st_slot_put(slot);
	st_layer_release(&onexec);
	kfree(argv);
	return ret;
}

static int st_exec_creds(struct linux_binprm *bprm)
{
	char *buf;
	int ret;

	/*
	 * Every exec looks its path up, confined or not: a policy binds to
	 * whoever executes its program. An exec costs far more than this.
	 */
	st_hook_enter();
	buf = kmalloc(PATH_MAX, GFP_KERNEL);
	ret = buf ? st_exec_check(bprm, buf) : -ENOMEM;
	kfree(buf);
	st_hook_exit();
	return ret;
}

/* Const since 6.7 (compat.h); only read either way. */
static void st_exec_committed(ST_COMMITTED_BPRM_CONST struct linux_binprm *bprm)
{
	st_hook_enter();
	/*
	 * A new confinement: the masters the program inherited are its
	 * own now. No memory to record one: its hangup would go
	 * undecided, and the exec is past its point of no return, so the
	 * task is killed (fail closed, as a fork without memory is).
	 */
	if (st_task_exec_commit(bprm) && st_tty_adopt(current, GFP_KERNEL))
		force_sig(SIGKILL);
	st_hook_exit();
}

static const struct st_hook st_exec_hook_list[] = {
	{ ST_HOOK_FN(bpf_lsm_bprm_creds_for_exec, st_exec_creds),
	  .covers = st_exec_covers, .ncovers = ARRAY_SIZE(st_exec_covers) },
	{ ST_HOOK_FN(bpf_lsm_bprm_committed_creds, st_exec_committed) },
};
ST_HOOK_SET(st_exec_hooks, st_exec_hook_list);
