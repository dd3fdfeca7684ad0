// SPDX-License-Identifier: GPL-2.0
/*
 * systrace: the per-task system call filter, for the calls no hook decides.
 *
 * A confined task gets SYSCALL_WORK_SECCOMP, the flag the kernel's syscall
 * entry tests before it calls __secure_computing(); fork copies it (task.c
 * sets and clears it as confinement comes and goes, and clears it on every
 * task at unload: st_syscall_stop()). That function is hooked: the
 * wrapper decides the call by its number and raw arguments
 * (SYSTRACE_ARG_RAW0..5, in decimal), denies by setting the return value
 * and answering -1 (the kernel then skips the call), and calls the
 * original only for a task that really has a seccomp mode (the original
 * BUG()s on a task without one). Tasks that are not confined
 * never set the flag and never come here unless seccomp set it: zero cost.
 *
 * The decided call is the call that runs. ptrace's syscall-entry stop
 * comes before __secure_computing() in the kernel's entry work, so a
 * tracer's change there is already in the registers. A seccomp filter's
 * SECCOMP_RET_TRACE stops the task inside __secure_computing(), and the
 * tracer may then rewrite orig_ax and the arguments; the kernel re-runs
 * only the filters before the call. So for a task with a seccomp mode the
 * original runs first, and the module decides the number and arguments
 * the registers hold after it (the covered test too: openat rewritten to
 * uname is decided as uname). A task without one (the fast path) reads
 * its seccomp mode, then decides as before: no other work.
 *
 * A confined task in filter mode may sleep in the original (a ptrace stop,
 * a user notification) with this module's wrapper on its stack: it holds
 * the unload-drain reference (st_hook_enter()) across the call, so that
 * rmmod waits for it instead of freeing the text it returns into.
 *
 * Calls a hook decides with their arguments (open by file_open, ...) pass
 * undecided: each hook marks the numbers it covers (st_syscall_cover()).
 * access, readlink and chdir name a file no hook gives the path of: they
 * are decided here, on the path their name resolves to at entry
 * (st_syscall_lookup()), with their alias fsread.
 * A call the policy permits whatever its arguments (``native-close:
 * permit``) is answered from a bitmap of the image (st_decide_permitted()),
 * without building the call or running its program.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bitmap.h>
#include <linux/fcntl.h>
#include <linux/fs.h>
#include <linux/namei.h>
#include <linux/path.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/seccomp.h>
#include <linux/thread_info.h>
#include <asm/ptrace.h>
#include <linux/ptrace.h>
#include <linux/sched/task_stack.h>
#include <asm/syscall.h>
#include <asm/unistd.h>
#include <asm/unistd_32_ia32.h>

#include "hook.h"
#include "task.h"

/*
 * Per ABI (SYSTRACE_NS_X86_64, SYSTRACE_NS_IA32): calls that pass
 * undecided. Written at init only.
 */
static DECLARE_BITMAP(st_covered[2], ST_SYSCALL_NR_MAX);
/*
 * Per ABI: covered calls the filter still looks at, at entry: the stat
 * calls (by descriptor: decided raw here) and the calls that change a
 * file's extended attributes (decided on their file here, confirmed by
 * their hooks: hook_xattr.c). Written at init only.
 */
static DECLARE_BITMAP(st_entry_work[2], ST_SYSCALL_NR_MAX);

/* The original __secure_computing(), resolved by hook.c. */
static unsigned long st_seccomp_orig;

/*
 * Calls that are never decided: denying them cannot confine anything and
 * can only wedge the process (an exit_group() that fails spins in libc).
 */
static const struct st_sysnr st_syscall_free[] = {
	{ SYSTRACE_NS_X86_64, __NR_exit },
	{ SYSTRACE_NS_X86_64, __NR_exit_group },
	{ SYSTRACE_NS_X86_64, __NR_rt_sigreturn },
	{ SYSTRACE_NS_X86_64, __NR_restart_syscall },
	{ SYSTRACE_NS_IA32, __NR_ia32_exit },
	{ SYSTRACE_NS_IA32, __NR_ia32_exit_group },
	{ SYSTRACE_NS_IA32, __NR_ia32_sigreturn },
	{ SYSTRACE_NS_IA32, __NR_ia32_rt_sigreturn },
	{ SYSTRACE_NS_IA32, __NR_ia32_restart_syscall },
};

/*
 * Calls a confined task never makes, whatever its policy says: it could
 * unload this module or load code into the kernel.
 */
static bool st_syscall_forbidden(u8 ns, long nr)
{
	if (ns == SYSTRACE_NS_X86_64)
		return nr == __NR_init_module || nr == __NR_finit_module ||
		       nr == __NR_delete_module;
	return nr == __NR_ia32_init_module || nr == __NR_ia32_finit_module ||
	       nr == __NR_ia32_delete_module;
}

void st_syscall_cover(u8 ns, u16 nr)
{
	if (ns < ARRAY_SIZE(st_covered) && nr < ST_SYSCALL_NR_MAX)
		set_bit(nr, st_covered[ns]);
}

/*
 * The call's name as a policy of its emulation names it: "getpid", or
 * "syscall 512" for a number the kernel has no name for. The ABI is the
 * key's (the log line says "linux32-getpid"; events carry the emulation).
 */
static const char *st_syscall_log_name(u8 ns, long nr, char *buf)
{
	const char *name = st_syscall_name(ns, nr);
	u32 n;

	if (name)
		return name;
	memcpy(buf, "syscall ", 8);
	n = 8 + st_u64_dec(nr, buf + 8);
	buf[n] = '\0';
	return buf;
}

int st_syscall_decide_raw(const struct st_task *t, u8 ns, long nr,
			  unsigned long *args, bool may_sleep)
{
	char name[48];
	struct st_call c;

	st_call_start(&c, st_syscall_log_name(ns, nr, name), may_sleep);
	c.keys[c.nkeys++] = SYSTRACE_CALL_KEY(ns, nr);
	/* Printed by st_decide() only if the policy or a log line reads them. */
	c.raw = args;
	return st_decide(t, &c);
}

static int st_syscall_decide(const struct st_task *t, struct pt_regs *regs,
			     u8 ns, long nr)
{
	unsigned long args[6];

	st_syscall_args(regs, ns, args);
	return st_syscall_decide_raw(t, ns, nr, args, true);
}

/**
 * struct st_lookup_call - a call that names a file no hook gives a path for.
 * @ns: its ABI.
 * @nr: the system call.
 * @own: the call as systrace named it ("access" for faccessat2).
 * @alias: its alias, or %SYSTRACE_ALIAS_NONE.
 * @dfd: the register of its directory descriptor, or -1 (AT_FDCWD).
 * @name: the register of its file name.
 * @mode: the register of access's mode, or -1.
 * @flags: the register of its AT_* flags, or -1.
 * @lookup: the LOOKUP_* flags of the call's own lookup; AT_SYMLINK_NOFOLLOW
 *	takes LOOKUP_FOLLOW away, AT_EMPTY_PATH adds LOOKUP_EMPTY.
 */
struct st_lookup_call {
	u8 ns;
	u16 nr;
	u16 own;
	u8 alias;
	s8 dfd, name, mode, flags;
	unsigned int lookup;
};

#define ST_LK(ns, nr, own, alias, dfd, name, mode, flags, lookup)	\
	{ SYSTRACE_NS_##ns, nr, own, SYSTRACE_ALIAS_##alias,		\
	  dfd, name, mode, flags, lookup }

#define ST_LK_ACCESS	LOOKUP_FOLLOW
#define ST_LK_READLINK	LOOKUP_EMPTY	/* do_readlinkat()'s */
#define ST_LK_CHDIR	(LOOKUP_FOLLOW | LOOKUP_DIRECTORY)

/*
 * access and readlink (systrace's fsread) and chdir: the kernel calls no
 * hook with their path (inode_permission has an inode, readlink's hook a
 * dentry), so the name is looked up here, at system call entry, and the
 * call decided on the path found (st_syscall_lookup()).
 */
static const struct st_lookup_call st_lookup_calls[] = {
	ST_LK(X86_64, __NR_access, __NR_access, FSREAD, -1, 0, 1, -1,
	      ST_LK_ACCESS),
	ST_LK(X86_64, __NR_faccessat, __NR_access, FSREAD, 0, 1, 2, -1,
	      ST_LK_ACCESS),
	ST_LK(X86_64, __NR_faccessat2, __NR_access, FSREAD, 0, 1, 2, 3,
	      ST_LK_ACCESS),
	ST_LK(X86_64, __NR_readlink, __NR_readlink, FSREAD, -1, 0, -1, -1,
	      ST_LK_READLINK),
	ST_LK(X86_64, __NR_readlinkat, __NR_readlink, FSREAD, 0, 1, -1, -1,
	      ST_LK_READLINK),
	ST_LK(X86_64, __NR_chdir, __NR_chdir, NONE, -1, 0, -1, -1,
	      ST_LK_CHDIR),
	ST_LK(IA32, __NR_ia32_access, __NR_ia32_access, FSREAD, -1, 0, 1, -1,
	      ST_LK_ACCESS),
	ST_LK(IA32, __NR_ia32_faccessat, __NR_ia32_access, FSREAD, 0, 1, 2, -1,
	      ST_LK_ACCESS),
	ST_LK(IA32, __NR_ia32_faccessat2, __NR_ia32_access, FSREAD, 0, 1, 2, 3,
	      ST_LK_ACCESS),
	ST_LK(IA32, __NR_ia32_readlink, __NR_ia32_readlink, FSREAD, -1, 0, -1,
	      -1, ST_LK_READLINK),
	ST_LK(IA32, __NR_ia32_readlinkat, __NR_ia32_readlink, FSREAD, 0, 1, -1,
	      -1, ST_LK_READLINK),
	ST_LK(IA32, __NR_ia32_chdir, __NR_ia32_chdir, NONE, -1, 0, -1, -1,
	      ST_LK_CHDIR),
};

static const struct st_lookup_call *st_lookup_find(u8 ns, long nr)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(st_lookup_calls); i++)
		if (st_lookup_calls[i].ns == ns && st_lookup_calls[i].nr == nr)
			return &st_lookup_calls[i];
	return NULL;
}

/*
 * Decide @lk on the path its name resolves to now. What is decided is this
 * lookup: the call looks the name up again after it, and a rename in
 * between can make that find another file (the syscall filter runs before
 * the call; no later hook has the path). A name that does not resolve
 * fails the call with the lookup's error (ENOENT, EACCES, ...), the answer
 * the call itself would give, so that a file made after the check is never
 * reached undecided. May sleep.
 */
static int st_syscall_lookup(const struct st_task *t, struct pt_regs *regs,
			     const struct st_lookup_call *lk)
{
	unsigned long args[6];
	unsigned int lookup;
	struct st_call c;
	struct path path;
	char mode[8], *buf, *p;
	int dfd = AT_FDCWD, ret;

	st_syscall_args(regs, lk->ns, args);
	if (lk->dfd >= 0)
		dfd = (int)args[lk->dfd];
	lookup = lk->lookup;
	if (lk->flags >= 0 && (args[lk->flags] & AT_SYMLINK_NOFOLLOW))
		lookup &= ~LOOKUP_FOLLOW;
	if (lk->flags >= 0 && (args[lk->flags] & AT_EMPTY_PATH))
		lookup |= LOOKUP_EMPTY;

	st_hook_enter();
	buf = kmalloc(PATH_MAX, GFP_KERNEL);
	if (!buf) {
		st_hook_exit();
		return -ENOMEM;
	}
	ret = user_path_at(dfd, (const char __user *)args[lk->name], lookup,
			   &path);
	if (ret)
		goto out;
	/*
	 * As an open names it, from the namespace's root: a chroot renames
	 * nothing, and a file in a detached tree has no name.
	 */
	p = st_call_abspath(&path, buf, PATH_MAX);
	path_put(&path);
	if (IS_ERR(p)) {
		/* No name, no decision: fail closed. */
		ret = PTR_ERR(p);
		goto out;
	}
	st_call_start(&c, st_syscall_name(lk->ns, lk->own), true);
	c.keys[c.nkeys++] = SYSTRACE_CALL_KEY(lk->ns, lk->own);
	if (lk->nr != lk->own)
		c.keys[c.nkeys++] = SYSTRACE_CALL_KEY(lk->ns, lk->nr);
	if (lk->alias != SYSTRACE_ALIAS_NONE)
		c.keys[c.nkeys++] = SYSTRACE_CALL_KEY(SYSTRACE_NS_ALIAS,
						      lk->alias);
	st_call_arg_str(&c, SYSTRACE_ARG_FILENAME, p);
	if (lk->mode >= 0) {
		snprintf(mode, sizeof(mode), "%04lo", args[lk->mode] & 07);
		st_call_arg_str(&c, SYSTRACE_ARG_MODE, mode);
	}
	ret = st_decide(t, &c);
out:
	kfree(buf);
	st_hook_exit();
	return ret;
}

/*
 * Decide the call the registers hold now, for confined @t (NULL: look it
 * up). Return: 0 to let it run, or -1 with the error set as its answer.
 */
/*
 * A stat of a descriptor (fstat() is newfstatat(fd, "", AT_EMPTY_PATH) in
 * glibc): no name to decide, so the call is decided here, raw, as before
 * stat had a hook; hook_path.c leaves it (st_path_getattr()). Flags are
 * registers: the hook sees the same.
 */
bool st_syscall_stat_by_fd(u8 ns, long nr, struct pt_regs *regs)
{
	unsigned long args[6];
	int flags;

	if (ns == SYSTRACE_NS_X86_64 && nr != __NR_newfstatat && nr != __NR_statx)
		return false;
	if (ns == SYSTRACE_NS_IA32 && nr != __NR_ia32_fstatat64 &&
	    nr != __NR_ia32_statx)
		return false;
	syscall_get_arguments(current, regs, args);
	flags = (nr == __NR_statx && ns == SYSTRACE_NS_X86_64) ||
		(nr == __NR_ia32_statx && ns == SYSTRACE_NS_IA32) ?
		args[2] : args[3];
	return flags & AT_EMPTY_PATH;
}

/*
 * The stat calls st_syscall_stat_by_fd() looks at: the filter's covered
 * calls that have entry work (st_entry_work) are those and the calls of
 * hook_xattr.c.
 */
static bool st_syscall_is_stat(u8 ns, long nr)
{
	return ns == SYSTRACE_NS_X86_64 ?
	       nr == __NR_newfstatat || nr == __NR_statx :
	       nr == __NR_ia32_fstatat64 || nr == __NR_ia32_statx;
}

/*
 * Does covered call @nr (below ST_SYSCALL_NR_MAX) of @ns have work at
 * entry? Inline: it is asked about every call a hook covers (the openat of
 * an open+close).
 */
static __always_inline bool st_syscall_entry_work(u8 ns, long nr)
{
	return test_bit(nr, st_entry_work[ns]);
}

/*
 * A change of extended attributes by confined @t (NULL: look it up),
 * decided on its file at entry (hook_xattr.c). Out of line: the filter's
 * common path does not need it.
 */
static noinline int st_syscall_xattr(const struct st_task *t,
				     struct pt_regs *regs, u8 ns, long nr)
{
	if (!t)
		t = st_task_current();
	return t ? st_xattr_entry(t, regs, ns, nr) : 0;
}

/*
 * A covered call @nr of @ns while an image elevates: if an ``as`` rule may
 * elevate it (st_elev_call()) for @t (NULL: look it up), its hook file
 * builds it as the hook will and elevate.c decides whether it runs
 * raised. May sleep. Out of line: the filter's common path (a call the
 * policy permits outright) pays nothing for it.
 */
static noinline int st_syscall_elevate(const struct st_task *t,
				       struct pt_regs *regs, u8 ns, long nr)
{
	unsigned long args[6];
	unsigned int i;

	if (st_elev_call(ns, nr) == ST_ELEV_NONE)
		return 0;
	if (!t)
		t = st_task_current();
	if (!t || !st_elev_possible(t, st_elev_call(ns, nr)))
		return 0;
	syscall_get_arguments(current, regs, args);
	if (ns == SYSTRACE_NS_IA32)
		for (i = 0; i < 6; i++)
			args[i] = (u32)args[i];
	switch (st_elev_call(ns, nr)) {
	case ST_ELEV_SOCKET:
	case ST_ELEV_BIND:
		return st_net_elev_entry(t, st_elev_call(ns, nr), args);
	case ST_ELEV_OPEN:
		return st_file_elev_entry(t, ns, nr, args);
	default:
		return 0;
	}
}

/*
 * A call of confined @t that its policy does not permit outright: decided
 * on the path its name resolves to (st_lookup_calls[]) or raw. Out of
 * line: the filter's common path (st_syscall_fast()) does not need it.
 */
static noinline int st_syscall_undecided(const struct st_task *t,
					 struct pt_regs *regs, u8 ns, long nr)
{
	const struct st_lookup_call *lk = st_lookup_find(ns, nr);
	int ret;

	ret = lk ? st_syscall_lookup(t, regs, lk) :
	      st_syscall_decide(t, regs, ns, nr);
	if (!ret)
		return 0;
	syscall_set_return_value(current, regs, ret, 0);
	return -1;
}

static noinline int st_syscall_check(const struct st_task *t)
{
	struct pt_regs *regs = current_pt_regs();
	long nr = syscall_get_nr(current, regs);
	u8 ns = in_ia32_syscall() ? SYSTRACE_NS_IA32 : SYSTRACE_NS_X86_64;
	int ret = 0;

	/* A hook decides it (the open of an open+close): no lookup. */
	if (nr >= 0 && nr < ST_SYSCALL_NR_MAX && test_bit(nr, st_covered[ns])) {
		/*
		 * A call that an ``as`` rule may elevate: decided (as a probe)
		 * and raised here, before the kernel's own checks; its hook
		 * confirms the object (elevate.c). Only while an image with
		 * such a rule is loaded. Every such call has a hook, so is
		 * covered (st_syscall_elev_covered() checks): the calls
		 * decided here (getpid) pay nothing for it.
		 */
		if (unlikely(atomic_read(&st_elev_images))) {
			ret = st_syscall_elevate(t, regs, ns, nr);
			if (ret)
				goto fail;
		}
		if (!st_syscall_entry_work(ns, nr))
			return 0;
		if (!st_syscall_is_stat(ns, nr)) {
			ret = st_syscall_xattr(t, regs, ns, nr);
			if (ret)
				goto fail;
			return 0;
		}
		if (!st_syscall_stat_by_fd(ns, nr, regs))
			return 0;
	}
	if (!t)
		t = st_task_current();
	if (!t)
		return 0;
	if (nr >= 0 && (nr & __X32_SYSCALL_BIT)) {
		/* x32 (off unless booted with it): no policy names its calls. */
		ret = -EPERM;
	} else if (nr < 0 || nr > SYSTRACE_CALL_NR(~0U)) {
		/*
		 * No such call (a key could not name it): the kernel answers
		 * -ENOSYS and does nothing.
		 */
	} else if (st_syscall_forbidden(ns, nr)) {
		st_log_deny(NULL, NULL, EPERM, "a module's system call");
		ret = -EPERM;
	} else if (!st_decide_permitted(t, ns, nr)) {
		return st_syscall_undecided(t, regs, ns, nr);
	}
	if (!ret)
		return 0;
fail:
	syscall_set_return_value(current, regs, ret, 0);
	return -1;
}

/*
 * st_syscall_check() for a task without a seccomp mode, its two common
 * cases first, with few registers live across the calls: a call a hook
 * decides (openat) passes, a call the policy permits outright (getpid,
 * close) is answered from the bitmap. Everything else, the same order of
 * tests as st_syscall_check(): the forbidden calls and x32 (whose numbers
 * are above ST_SYSCALL_NR_MAX) before the policy, elevation and the
 * stat of a descriptor before a covered call passes.
 */
static __always_inline int st_syscall_fast(void)
{
	struct pt_regs *regs = current_pt_regs();
	long nr = syscall_get_nr(current, regs);
	u8 ns = in_ia32_syscall() ? SYSTRACE_NS_IA32 : SYSTRACE_NS_X86_64;
	const struct st_task *t;
	bool permitted;

	if (unlikely((unsigned long)nr >= ST_SYSCALL_NR_MAX))
		return st_syscall_check(NULL);
	if (test_bit(nr, st_covered[ns])) {
		if (unlikely(atomic_read(&st_elev_images)) ||
		    st_syscall_entry_work(ns, nr))
			return st_syscall_check(NULL);
		return 0;
	}
	if (unlikely(st_syscall_forbidden(ns, nr)))
		return st_syscall_check(NULL);
	/* One sched-RCU section, no call: the lookup and the bit. */
	rcu_read_lock_sched();
	t = st_task_current_sched();
	permitted = !t || st_decide_permitted_sched(t, ns, nr);
	rcu_read_unlock_sched();
	if (likely(permitted))
		return 0;
	return st_syscall_undecided(t, current_pt_regs(), ns, nr);
}

/* st_seccomp() for a task with seccomp @mode; out of line. */
static noinline int st_seccomp_mode(const struct seccomp_data *sd, int mode)
{
	const struct st_task *t;
	long ret;

	/*
	 * seccomp first: a filter's SECCOMP_RET_TRACE stops the task for its
	 * tracer, which may change the number and the arguments; the kernel
	 * then re-runs only the filters. The module decides what is left.
	 */
	t = st_task_current();
	if (!t || mode != SECCOMP_MODE_FILTER)
		/*
		 * Strict mode never sleeps. An unconfined task is not held:
		 * see st_syscall_stop() (task.c) for what that leaves.
		 */
		return st_hook_call1((unsigned long)sd, st_seccomp_orig);
	/*
	 * A filter may stop the task (ptrace, or a listener's user
	 * notification) while this wrapper's frame is on its stack: unload
	 * waits for it to come back here.
	 */
	st_task_seccomp_begin();
	ret = st_hook_call1((unsigned long)sd, st_seccomp_orig);
	st_task_seccomp_end();
	if (ret)
		return ret;
	return st_syscall_check(t);
}

/* The wrapper of __secure_computing(); @sd is NULL on x86. */
static int st_seccomp(const struct seccomp_data *sd)
{
	int mode = READ_ONCE(current->seccomp.mode);

	/* No seccomp mode: a confined task (or one just unconfined). */
	if (likely(mode == SECCOMP_MODE_DISABLED))
		return st_syscall_fast();
	return st_seccomp_mode(sd, mode);
}

/* Every filtered call of every confined task comes here: a direct call. */
ST_HOOK_DIRECT(st_seccomp_direct, st_seccomp);

static const struct st_hook st_syscall_hook_list[] = {
	{ ST_HOOK_FN(__secure_computing, st_seccomp),
	  .orig = &st_seccomp_orig, .direct = st_seccomp_direct },
};
ST_HOOK_SET(st_syscall_hooks, st_syscall_hook_list);

int st_syscall_init(void)
{
	unsigned int i;
	u16 nr;
	u8 ns;

	bitmap_zero(st_covered[SYSTRACE_NS_X86_64], ST_SYSCALL_NR_MAX);
	bitmap_zero(st_covered[SYSTRACE_NS_IA32], ST_SYSCALL_NR_MAX);
	for (ns = SYSTRACE_NS_X86_64; ns <= SYSTRACE_NS_IA32; ns++)
		for (nr = 0; nr < ST_SYSCALL_NR_MAX; nr++)
			if (st_syscall_is_stat(ns, nr) ||
			    st_xattr_is_call(ns, nr))
				set_bit(nr, st_entry_work[ns]);
	for (i = 0; i < ARRAY_SIZE(st_syscall_free); i++)
		st_syscall_cover(st_syscall_free[i].ns, st_syscall_free[i].nr);
	return 0;
}

bool st_syscall_elev_covered(void)
{
	u8 ns;
	u16 nr;

	for (ns = SYSTRACE_NS_X86_64; ns <= SYSTRACE_NS_IA32; ns++)
		for (nr = 0; nr < ST_SYSCALL_NR_MAX; nr++)
			if (st_elev_call(ns, nr) != ST_ELEV_NONE &&
			    !test_bit(nr, st_covered[ns])) {
				pr_err("call %u of ABI %u may be elevated but no hook covers it\n",
				       nr, ns);
				return false;
			}
	return true;
}

void st_syscall_exit(void)
{
	/* main.c stopped the filter (st_syscall_stop()) before its hook went. */
}
