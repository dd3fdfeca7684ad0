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
 * The caller's permit rule may say more (systrace's exec flags):
 * permit[inherit] keeps the caller's policy even for a program with its
 * own (unless the caller's is a user's and the program's a global one),
 * permit[detach] lets a program without a policy of its own run unconfined,
 * unless the caller's ids are mixed (real, effective, saved, filesystem
 * uid or gid differ: see "mixed ids" in systrace_prog.h); then the
 * program keeps the caller's policy. The caller's ids are the ones this
 * hook sees, before a set-user-ID program's are applied.
 *
 * argv is read from the new image's stack (copied there before either hook
 * runs) and joined by spaces, cut at ST_ARGV_MAX bytes; the environment's
 * $HOME and $USER are read from the same strings for the new binding.
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

#include "hook.h"

/* The most bytes of argv a policy sees (argument lists reach megabytes). */
#define ST_ARGV_MAX	4096

static const struct st_sysnr st_exec_covers[] = {
	{ SYSTRACE_NS_X86_64, __NR_execve },
	{ SYSTRACE_NS_X86_64, __NR_execveat },
	{ SYSTRACE_NS_IA32, __NR_ia32_execve },
	{ SYSTRACE_NS_IA32, __NR_ia32_execveat },
};

/* The caller's decision; *@flags: its permit rule's SYSTRACE_RULE_F_*. */
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
	*flags = c.rule_flags;
	return ret;
}

static int st_exec_check(struct linux_binprm *bprm, char *buf)
{
	const struct st_task *t = st_task_current();
	char *path, *argv = NULL, *home = NULL, *user = NULL;
	struct st_slot *slot, *onexec;
	bool detach = false;
	u32 index = 0;
	u8 mode = 0, flags = 0;
	int ret;

	/* systracectl run: confinement asked for from this exec on. */
	onexec = t ? NULL : st_task_onexec(&index, &mode);
	path = d_path(&bprm->file->f_path, buf, PATH_MAX);
	if (IS_ERR(path)) {
		/*
		 * No policy has a path that long; a confined caller's policy
		 * cannot name it either: fail closed.
		 */
		if (t || onexec) {
			st_slot_put(onexec);
			return PTR_ERR(path);
		}
		return st_task_exec_prepare(bprm, NULL, 0, 0, NULL, NULL,
					    false);
	}
	/* The policy asked for explicitly wins over the path's. */
	slot = onexec ? onexec : st_policy_find_exec(path, t, bprm, &index);
	if (!t && !slot)
		return st_task_exec_prepare(bprm, NULL, 0, 0, NULL, NULL,
					    false);

	if (t) {
		argv = kmalloc(ST_ARGV_MAX, GFP_KERNEL);
		ret = -ENOMEM;
		if (!argv)
			goto out;
	}
	ret = st_task_read_strings(bprm->mm, bprm->p, bprm->exec, bprm->argc,
				   argv, ST_ARGV_MAX, &home, &user);
	if (ret)
		goto out;
	if (t) {
		ret = st_exec_decide(t, path, argv, &flags);
		if (ret)
			goto out;
	}
	if (onexec) {
		/* index and mode came with it */
	} else if (t && (flags & SYSTRACE_RULE_F_INHERIT) &&
		   (!slot || slot->owner != ST_OWNER_NONE ||
		    t->slot->owner == ST_OWNER_NONE)) {
		/*
		 * permit[inherit]: the caller's policy goes on, even where the
		 * program has its own; but a user's policy never displaces a
		 * global one.
		 */
		st_slot_put(slot);
		slot = t->slot;
		st_slot_get(slot);
		index = t->index;
		mode = t->mode;
	} else if (slot) {
		mode = slot->mode;
	} else if ((flags & SYSTRACE_RULE_F_DETACH) &&
		   !st_cred_mixed(current_cred())) {
		/*
		 * permit[detach]: the program runs unconfined (one with a
		 * policy of its own is bound by it, above, as for anyone).
		 */
		detach = true;
	} else {
		if (flags & SYSTRACE_RULE_F_DETACH)
			/*
			 * Not with mixed ids: a user's real uid over root's
			 * effective or saved one would leave root's power
			 * unconfined. The program keeps the caller's policy.
			 */
			pr_notice_ratelimited("pid %d (%s): permit[detach] with mixed ids: policy %s kept\n",
					      task_tgid_nr(current),
					      current->comm, t->slot->name);
		/* A path without a policy of its own: keep the caller's. */
		slot = t->slot;
		st_slot_get(slot);
		index = t->index;
		mode = t->mode;
	}
	ret = st_task_exec_prepare(bprm, slot, index, mode, home, user,
				   detach);
	slot = NULL;	/* consumed */
out:
	if (slot)
		st_slot_put(slot);
	kfree(argv);
	kfree(home);
	kfree(user);
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

/* Const since 6.7; only a pointer either way, so one wrapper serves. */
static void st_exec_committed(const struct linux_binprm *bprm)
{
	st_hook_enter();
	st_task_exec_commit(bprm);
	st_hook_exit();
}

static const struct st_hook st_exec_hook_list[] = {
	{ .name = "bpf_lsm_bprm_creds_for_exec", .func = st_exec_creds,
	  .covers = st_exec_covers, .ncovers = ARRAY_SIZE(st_exec_covers) },
	{ .name = "bpf_lsm_bprm_committed_creds", .func = st_exec_committed },
};
ST_HOOK_SET(st_exec_hooks, st_exec_hook_list);
