/* SPDX-License-Identifier: GPL-2.0 */
/*
 * systrace: base.c, what the module needs beyond the kernel's exports: its
 * text, the reference that keeps it while code sleeps in it, and the
 * kernel functions it reaches without an export. The hooks stand on it,
 * and so do the files below them that sleep (decide.c, elevate.c) or
 * hold tasks (task.c): see Documentation/kernel-internals.rst.
 */
#ifndef _SYSTRACE_BASE_H
#define _SYSTRACE_BASE_H

#include <linux/dcache.h>
#include <linux/err.h>
#include <linux/mount.h>
#include <linux/path.h>
#include <linux/percpu.h>
#include <linux/percpu-refcount.h>
#include <linux/preempt.h>
#include <linux/seqlock.h>
#include <linux/string.h>
#include <linux/types.h>

struct path;
struct task_struct;

/* This module's core text, set before any hook (hook.c, st_hooks_init()). */
extern unsigned long st_text_start, st_text_size;

/*
 * Wrappers in flight, so that unload waits for those that sleep. A wrapper
 * takes it (st_hook_enter()) before anything that may sleep and drops it
 * after (st_decide() around a question, hook_file.c around its PATH_MAX
 * allocation); code that never sleeps needs none: synchronize_rcu_tasks()
 * waits for it, before and after the drain (st_hooks_remove()).
 */
extern struct percpu_ref st_hook_ref;

static inline void st_hook_enter(void)
{
	percpu_ref_get(&st_hook_ref);
}

static inline void st_hook_exit(void)
{
	percpu_ref_put(&st_hook_ref);
}

/* For the task hooks, which run while the others drain: false once dying. */
static inline bool st_hook_tryenter(void)
{
	return percpu_ref_tryget_live(&st_hook_ref);
}

/*
 * A wrapper that calls its original, which may sleep with this module's
 * text to return to, holds this from its start to its end (before it may
 * sleep and after its last sleep): st_hooks_remove() waits until no
 * wrapper holds it, before st_hook_ref is killed (so a wrapper may take
 * st_hook_ref too while it holds this). Cheaper than st_hook_ref (one
 * instruction each way, no RCU read section): no wrapper can begin once
 * the hooks are gone and synchronize_rcu_tasks() has waited for those
 * that had entered and not yet begun, so the per-CPU counts only fall
 * from then on. For the hooks a task that is not confined passes
 * through (hook_file.c).
 */
DECLARE_PER_CPU(long, st_hook_calls);

static __always_inline void st_hook_call_begin(void)
{
	this_cpu_inc(st_hook_calls);
}

static __always_inline void st_hook_call_end(void)
{
	this_cpu_dec(st_hook_calls);
}

/*
 * Call @addr(@arg) for a hook's original, without an indirect call: with
 * IBT, the kernel seals functions whose address is never taken (no ENDBR),
 * and an indirect call or jump to one faults. A return is not checked.
 */
long st_hook_call1(unsigned long arg, unsigned long addr);

/*
 * The address of the kernel function @name, through a temporary kprobe
 * (kallsyms_lookup_name() is not exported), or 0: the one place the module
 * finds kernel functions by name (scripts/ibt-test checks it).
 */
unsigned long st_hook_resolve(const char *name);

/*
 * The name of @path that a policy decides, in @buf of @size bytes (at its
 * end, as d_path()): from the root of the task's mount namespace, not its
 * root directory (a chroot renames nothing), "(deleted)" never appended;
 * a pseudo file's or an internal mount's file's name as d_path() gives it.
 * ERR_PTR(-EINVAL) for a file no name in the namespace reaches (a
 * detached mount, a disconnected dentry). Never sleeps.
 */
char *st_call_abspath(const struct path *path, char *buf, int size);

/* @addr(@a, @b, @c), for a kernel function that is not exported. */
unsigned long st_call3(unsigned long a, unsigned long b, unsigned long c,
		       unsigned long addr);

/* @addr(@a, ..., @e): the same for five arguments. */
unsigned long st_call5(unsigned long a, unsigned long b, unsigned long c,
		       unsigned long d, unsigned long e, unsigned long addr);

/*
 * The address of tty_ioctl(), every terminal file's ioctl: how
 * hook_tty.c tells a terminal's file (0 if not found: none is one).
 */
extern unsigned long st_tty_ioctl_addr;

/*
 * st_call_abspath(), inline: for the open hook, where a call costs more
 * than the work around it. Its caller may have no indirect call or jump
 * (scripts/ibt-test: a function that loads an orig address). Under KASAN
 * (the debug kernel) a function of its own, not instrumented: KASAN would
 * check the load of st_abspath_orig, defined in another file, and that
 * check takes the variable's address, which ibt-test allows nowhere.
 */
extern unsigned long st_abspath_orig;

/*
 * The name of @path as d_absolute_path() gives it, at the end of @buf of
 * @size bytes, or NULL: then d_absolute_path() must make it. Called with
 * preemption off, which makes it an RCU reader: dentries and their names
 * are freed after a grace period (but a DCACHE_NORCU dentry, a pipe's or a
 * socket's, which has d_dname() and an internal mount: never walked).
 *
 * On 6.1 d_absolute_path() costs some 100 guest instructions per name it
 * copies (each through copy_from_kernel_nofault(), for its length may not
 * match its pointer), and most files of a daemon are several names below
 * their mount's root (Documentation/benchmarks.rst). So the names within
 * the mount are copied here, as prepend_path() copies them but with the
 * length and the pointer read inside the dentry's d_seq, so that they
 * agree and memcpy() reads within the name; d_absolute_path() gives the
 * mount's own name (of its root) into the buffer just before them.
 * rename_lock's sequence, read before the walk and checked after both,
 * says no dentry moved or was renamed meanwhile (d_move() writes it); the
 * mount's name is d_absolute_path()'s own, consistent under mount_lock
 * when it was read. The two together are the name the file had then, as
 * one d_absolute_path() of it would have given. Anything else (a sequence
 * that moved, a dentry with no parent short of the mount's root, a name
 * that does not fit, no name for the mount's root) is left to
 * d_absolute_path(), which decides it as before.
 */
static __always_inline char *st_abspath_walk(const struct path *path,
					     char *buf, int size)
{
	const struct dentry *d = path->dentry, *parent;
	struct path root = { .mnt = path->mnt, .dentry = path->mnt->mnt_root };
	const unsigned char *name;
	unsigned int rseq, dseq;
	char *p = buf + size, *q;
	u32 len;

	if (size < 2)
		return NULL;
	/* An odd (written) sequence fails its retry: __d_lookup_rcu()'s way. */
	rseq = raw_seqcount_begin(&rename_lock.seqcount);
	*--p = 0;
	while (d != root.dentry) {
		parent = READ_ONCE(d->d_parent);
		/* Disconnected: d_absolute_path() says it has no name. */
		if (unlikely(parent == d))
			return NULL;
		dseq = raw_seqcount_begin(&d->d_seq);
		name = READ_ONCE(d->d_name.name);
		len = READ_ONCE(d->d_name.len);
		if (read_seqcount_retry(&d->d_seq, dseq))
			return NULL;
		/* Room for this name, its '/' and a '/' of the mount's. */
		if (p - buf < len + 2)
			return NULL;
		p -= len;
		memcpy(p, name, len);
		*--p = '/';
		d = parent;
	}
	/* The mount's root itself: its name is the mount's. */
	if (!*p)
		return NULL;
	/* Its name ends where ours begins: its NUL lands on our first '/'. */
	q = (char *)st_call3((unsigned long)&root, (unsigned long)buf,
			     p - buf + 1, st_abspath_orig);
	*p = '/';
	if (IS_ERR(q) || read_seqcount_retry(&rename_lock.seqcount, rseq))
		return NULL;
	/* A mount at the namespace's root: "/" and ours would be "//". */
	return q == p - 1 ? p : q;
}

static __no_kasan_or_inline char *__st_call_abspath(const struct path *path,
						     char *buf, int size)
{
	const struct dentry *d = path->dentry;
	char *p;

	/* A pseudo file's name is made by its file system ("pipe:[12]"). */
	if (d->d_op && d->d_op->d_dname)
		return d_path(path, buf, size);
	/*
	 * Not on PREEMPT_RT: there a sequence read that meets a writer
	 * takes its lock, which sleeps, and preemption is off here.
	 */
	if (!IS_ENABLED(CONFIG_PREEMPT_RT) &&
	    !(path->mnt->mnt_flags & MNT_INTERNAL)) {
		preempt_disable();
		p = st_abspath_walk(path, buf, size);
		preempt_enable();
		if (p)
			return p;
	}
	p = (char *)st_call3((unsigned long)path, (unsigned long)buf, size,
			     st_abspath_orig);
	/*
	 * No name from the namespace's root: a file of an internal mount
	 * (memfd, shm) has the kernel's name for it; one of a detached
	 * mount (open_tree(), fsmount()) or a disconnected dentry (a file
	 * handle) has none, and no name, no decision.
	 */
	if (p == ERR_PTR(-EINVAL) && (path->mnt->mnt_flags & MNT_INTERNAL))
		return d_path(path, buf, size);
	return p;
}

/*
 * At load, before any hook: find what st_call_abspath() and
 * st_call_ptrace_may_access() need.
 */
int st_call_paths_init(void);

/*
 * The kernel's ptrace_may_access(@task, @mode) for current (not exported:
 * reached through st_call3()). Takes task_lock(@task); may not be called
 * under a spinlock that nests inside it.
 */
bool st_call_ptrace_may_access(struct task_struct *task, unsigned int mode);

#endif /* _SYSTRACE_BASE_H */
