// SPDX-License-Identifier: GPL-2.0
/*
 * systrace: extended attributes (setxattr, lsetxattr, fsetxattr,
 * removexattr, lremovexattr, fremovexattr; inode_setxattr,
 * inode_removexattr, and from 6.2 inode_set_acl and inode_remove_acl).
 *
 * A change of a file's extended attributes is a change of the file, so
 * each call is decided on the file's name, as chmod is: first by its own
 * name ("setxattr"), then as fswrite (hook_path.c). An access ACL
 * (system.posix_acl_access) sets the file's mode: a chmod by another name,
 * so it is decided a second time, as a chmod of the file to the mode the
 * ACL gives (keys chmod, then fswrite), whatever the setxattr rules said.
 *
 * The hooks see a dentry and no mount, so no name: the decision is made at
 * system call entry (st_xattr_entry(), from the syscall filter), on the
 * file the call's name or descriptor reaches then, and confirmed at the
 * hook: the kernel must act on the dentry decided (a rename or a dup2() in
 * between is denied: fail closed), with the access ACL's mode decided. The
 * entry's record lives until the call returns (a task work). A hook that
 * runs again within the same call (overlayfs sets the upper file's
 * attributes after the overlay's) is the decided call's own work.
 *
 * io_uring's IORING_OP_(F)SETXATTR make no such system call: no entry, no
 * name, denied, logged. Other calls that set attributes inside the kernel
 * (overlayfs copying a file up for an open) were decided as themselves.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/file.h>
#include <linux/fs.h>
#include <linux/hashtable.h>
#include <linux/namei.h>
#include <linux/path.h>
#include <linux/posix_acl.h>
#include <linux/posix_acl_xattr.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/task_work.h>
#include <linux/uaccess.h>
#include <linux/xattr.h>
#include <asm/syscall.h>
#include <asm/unistd.h>
#include <asm/unistd_32_ia32.h>

#include "compat.h"
#include "hook_call.h"

/* How a call names its file: by path (following a symlink or not), by fd. */
enum st_xattr_by {
	ST_XATTR_PATH,
	ST_XATTR_LPATH,
	ST_XATTR_FD,
};

/**
 * struct st_xattr_call - how one of the calls names its file and acts.
 * @by: by path (following a symlink or not), or by descriptor.
 * @set: a set (value and size follow the name), not a removal.
 */
struct st_xattr_call {
	u8 by;
	bool set;
};

/* The calls, as the hooks' covers: the filter leaves them to this file. */
static const struct st_sysnr st_xattr_covers[] = {
	{ SYSTRACE_NS_X86_64, __NR_setxattr },
	{ SYSTRACE_NS_X86_64, __NR_lsetxattr },
	{ SYSTRACE_NS_X86_64, __NR_fsetxattr },
	{ SYSTRACE_NS_X86_64, __NR_removexattr },
	{ SYSTRACE_NS_X86_64, __NR_lremovexattr },
	{ SYSTRACE_NS_X86_64, __NR_fremovexattr },
	{ SYSTRACE_NS_IA32, __NR_ia32_setxattr },
	{ SYSTRACE_NS_IA32, __NR_ia32_lsetxattr },
	{ SYSTRACE_NS_IA32, __NR_ia32_fsetxattr },
	{ SYSTRACE_NS_IA32, __NR_ia32_removexattr },
	{ SYSTRACE_NS_IA32, __NR_ia32_lremovexattr },
	{ SYSTRACE_NS_IA32, __NR_ia32_fremovexattr },
};

/* What each does, in the covers' order (the same for both ABIs). */
static const struct st_xattr_call st_xattr_calls[] = {
	{ ST_XATTR_PATH, true },
	{ ST_XATTR_LPATH, true },
	{ ST_XATTR_FD, true },
	{ ST_XATTR_PATH, false },
	{ ST_XATTR_LPATH, false },
	{ ST_XATTR_FD, false },
};

/* No mode: not an access ACL, or one the kernel will refuse. */
#define ST_XATTR_NO_MODE	(-1)

/**
 * struct st_xattr_entry - a call decided at its entry, until it returns.
 * @work: the task work that frees it when the call returns.
 * @node: in st_xattr_table, by task.
 * @task: the task (always current when it is used).
 * @path: the file decided (a reference).
 * @acl_mode: the permission bits of the access ACL set, or ST_XATTR_NO_MODE.
 * @done: a hook confirmed the call: later hooks in it are its own work.
 */
struct st_xattr_entry {
	struct callback_head work;
	struct hlist_node node;
	struct task_struct *task;
	struct path path;
	int acl_mode;
	bool done;
};

/*
 * Decided calls, by task. Only the task adds and removes its own entry, so
 * an entry current finds stays valid while current uses it.
 */
static DEFINE_HASHTABLE(st_xattr_table, 4);
static DEFINE_SPINLOCK(st_xattr_lock);

static const struct st_xattr_call *st_xattr_find_call(u8 ns, long nr)
{
	unsigned int i;

	BUILD_BUG_ON(ARRAY_SIZE(st_xattr_covers) !=
		     2 * ARRAY_SIZE(st_xattr_calls));
	for (i = 0; i < ARRAY_SIZE(st_xattr_covers); i++)
		if (st_xattr_covers[i].ns == ns && st_xattr_covers[i].nr == nr)
			return &st_xattr_calls[i % ARRAY_SIZE(st_xattr_calls)];
	return NULL;
}

bool st_xattr_is_call(u8 ns, long nr)
{
	return st_xattr_find_call(ns, nr);
}

static struct st_xattr_entry *st_xattr_find(void)
{
	struct st_xattr_entry *e, *found = NULL;

	spin_lock(&st_xattr_lock);
	hash_for_each_possible(st_xattr_table, e, node, (unsigned long)current)
		if (e->task == current) {
			found = e;
			break;
		}
	spin_unlock(&st_xattr_lock);
	return found;
}

static void st_xattr_release(struct callback_head *work)
{
	struct st_xattr_entry *e = container_of(work, struct st_xattr_entry,
					       work);

	spin_lock(&st_xattr_lock);
	hash_del(&e->node);
	spin_unlock(&st_xattr_lock);
	path_put(&e->path);
	kfree(e);
	st_hook_exit();
}

/*
 * The permission bits the access ACL @acl gives its file, as
 * posix_acl_update_mode() sets them (posix_acl_equiv_mode()), or
 * ST_XATTR_NO_MODE for none (NULL: the ACL removed) or one the kernel
 * refuses.
 */
static int st_posix_acl_mode(const struct posix_acl *acl)
{
	umode_t mode = 0;

	if (IS_ERR_OR_NULL(acl) || posix_acl_equiv_mode(acl, &mode) < 0)
		return ST_XATTR_NO_MODE;
	return mode & 0777;
}

/* The same for an access ACL in the xattr format (@value, @size bytes). */
static int st_xattr_acl_mode(const void *value, size_t size)
{
	struct posix_acl *acl = posix_acl_from_xattr(&init_user_ns, value,
						     size);
	int mode = st_posix_acl_mode(acl);

	if (!IS_ERR_OR_NULL(acl))
		posix_acl_release(acl);
	return mode;
}

/*
 * The file @xc names, its arguments @args: a reference in *@path, or the
 * error the call itself would fail with. May sleep.
 */
static int st_xattr_file(const struct st_xattr_call *xc,
			 const unsigned long *args, struct path *path)
{
	struct file *file;

	if (xc->by != ST_XATTR_FD)
		return user_path_at(AT_FDCWD, (const char __user *)args[0],
				    xc->by == ST_XATTR_PATH ? LOOKUP_FOLLOW : 0,
				    path);
	/* fget(), as the call's fdget(): an O_PATH descriptor is refused. */
	file = fget((int)args[0]);
	if (!file)
		return -EBADF;
	*path = file->f_path;
	path_get(path);
	fput(file);
	return 0;
}

/*
 * An access ACL's second decision, as a chmod of @name (the file) to its
 * mode: whatever the setxattr rules permitted, the policy's chmod and
 * fswrite rules decide the mode change.
 */
static int st_xattr_decide_chmod(const struct st_task *t, u8 ns,
				 const char *name, const struct path *path,
				 int mode)
{
	struct st_call c;
	char num[8];

	mode |= d_inode(path->dentry)->i_mode & (S_ISUID | S_ISGID | S_ISVTX);
	snprintf(num, sizeof(num), "%04o", mode);
	st_call_start(&c, "chmod", true);
	c.keys[c.nkeys++] = SYSTRACE_CALL_KEY(ns, ns == SYSTRACE_NS_IA32 ?
					      __NR_ia32_chmod : __NR_chmod);
	c.keys[c.nkeys++] = SYSTRACE_CALL_KEY(SYSTRACE_NS_ALIAS,
					      SYSTRACE_ALIAS_FSWRITE);
	st_call_arg_str(&c, SYSTRACE_ARG_FILENAME, name);
	st_call_arg_str(&c, SYSTRACE_ARG_MODE, num);
	return st_decide(t, &c);
}

/*
 * The access ACL a set of @xc is about to make (its arguments @args), read
 * from the caller's memory: its mode, ST_XATTR_NO_MODE for another
 * attribute or a value the kernel refuses, or a negative errno. May sleep.
 */
static int st_xattr_entry_acl(const struct st_xattr_call *xc,
			      const unsigned long *args)
{
	char kname[sizeof(XATTR_NAME_POSIX_ACL_ACCESS)];
	size_t size = args[3];
	void *value;
	long n;
	int mode;

	if (!xc->set)
		return ST_XATTR_NO_MODE;
	n = strncpy_from_user(kname, (const char __user *)args[1],
			      sizeof(kname));
	if (n < 0)
		return n;
	if (n == sizeof(kname) || strcmp(kname, XATTR_NAME_POSIX_ACL_ACCESS))
		return ST_XATTR_NO_MODE;
	if (!size || size > XATTR_SIZE_MAX)
		return ST_XATTR_NO_MODE;
	value = vmemdup_user((const void __user *)args[2], size);
	if (IS_ERR(value))
		return PTR_ERR(value);
	mode = st_xattr_acl_mode(value, size);
	kvfree(value);
	return mode;
}

int st_xattr_entry(const struct st_task *t, struct pt_regs *regs, u8 ns,
		   long nr)
{
	const struct st_xattr_call *xc = st_xattr_find_call(ns, nr);
	struct st_xattr_entry *e;
	unsigned long args[6];
	struct st_call c;
	struct path path;
	char *buf, *name;
	int acl_mode, ret;

	if (!xc)
		return 0;
	st_syscall_args(regs, ns, args);

	st_hook_enter();
	ret = st_xattr_file(xc, args, &path);
	if (ret)
		goto out_exit;
	ret = -ENOMEM;
	buf = kmalloc(PATH_MAX, GFP_KERNEL);
	if (!buf)
		goto out_path;
	st_call_start(&c, st_syscall_name(ns, nr), true);
	c.keys[c.nkeys++] = SYSTRACE_CALL_KEY(ns, nr);
	c.keys[c.nkeys++] = SYSTRACE_CALL_KEY(SYSTRACE_NS_ALIAS,
					      SYSTRACE_ALIAS_FSWRITE);
	/* As an open names it: a chroot renames nothing. */
	name = st_call_abspath(&path, buf, PATH_MAX);
	if (IS_ERR(name)) {
		/* No name, no decision: fail closed. */
		ret = PTR_ERR(name);
		st_log_deny(c.name, NULL, -ret, "a file without a name");
		goto out_buf;
	}
	st_call_arg_str(&c, SYSTRACE_ARG_FILENAME, name);
	ret = st_decide(t, &c);
	if (ret)
		goto out_buf;
	acl_mode = st_xattr_entry_acl(xc, args);
	if (acl_mode < ST_XATTR_NO_MODE) {
		ret = acl_mode;
		goto out_buf;
	}
	if (acl_mode != ST_XATTR_NO_MODE) {
		ret = st_xattr_decide_chmod(t, ns, name, &path, acl_mode);
		if (ret)
			goto out_buf;
	}

	ret = -ENOMEM;
	e = kzalloc(sizeof(*e), GFP_KERNEL);
	if (!e)
		goto out_buf;
	e->task = current;
	e->path = path;
	e->acl_mode = acl_mode;
	init_task_work(&e->work, st_xattr_release);
	/* The task work returns into this module: unload waits for it. */
	st_hook_enter();
	ret = task_work_add(current, &e->work, TWA_RESUME);
	if (ret) {
		/* The task is exiting: the call must not run undecided. */
		st_hook_exit();
		kfree(e);
		ret = -EPERM;
		goto out_buf;
	}
	spin_lock(&st_xattr_lock);
	hash_add(st_xattr_table, &e->node, (unsigned long)current);
	spin_unlock(&st_xattr_lock);
	kfree(buf);
	st_hook_exit();
	return 0;

out_buf:
	kfree(buf);
out_path:
	path_put(&path);
out_exit:
	st_hook_exit();
	return ret;
}

/* Is current confined? Asked first by each hook, before any work. */
static bool st_xattr_confined(void)
{
	return st_task_any() && st_task_current();
}

/*
 * A hook's check of a confined current's change of @dentry's attribute
 * @name; @acl_mode: the permission bits of the access ACL it sets (else
 * ST_XATTR_NO_MODE). 0, or the error that fails the change.
 */
static int st_xattr_confirm(struct dentry *dentry, const char *name,
			    int acl_mode)
{
	const struct st_xattr_call *xc;
	struct st_xattr_entry *e;
	const char *why;
	long nr = -1;
	u8 ns;

	ns = in_ia32_syscall() ? SYSTRACE_NS_IA32 : SYSTRACE_NS_X86_64;
	if (!(current->flags & (PF_KTHREAD | PF_IO_WORKER)))
		nr = syscall_get_nr(current, current_pt_regs());
	xc = st_xattr_find_call(ns, nr);
	if (!xc) {
		/*
		 * No such call: io_uring's (inline or in a worker) has no name
		 * to decide; another call's own work (an overlayfs copy-up in
		 * an open) was decided as that call.
		 */
		if (!(current->flags & PF_IO_WORKER) &&
		    !st_call_is(nr, __NR_io_uring_enter,
				__NR_ia32_io_uring_enter))
			return 0;
		why = "an extended attribute set by io_uring: no name to decide";
		goto deny;
	}
	e = st_xattr_find();
	why = "an extended attribute of a file not decided at the call's entry";
	if (!e)
		goto deny;
	if (e->done)
		return 0;
	why = "the file changed since the call's entry";
	if (e->path.dentry != dentry)
		goto deny;
	why = "an access ACL changed since the call's entry";
	if (e->acl_mode != acl_mode)
		goto deny;
	e->done = true;
	return 0;
deny:
	st_log_deny(xc ? st_syscall_name(ns, nr) : "io_uring", NULL, EPERM,
		    "%s (%s)", why, name);
	return -EPERM;
}

static bool st_xattr_is_acl_access(const char *name)
{
	return !strcmp(name, XATTR_NAME_POSIX_ACL_ACCESS);
}

#if ST_KERNEL_AT_LEAST(6, 3)
#define st_idmap_t struct mnt_idmap
#else
#define st_idmap_t struct user_namespace
#endif

static int st_inode_setxattr(st_idmap_t *idmap, struct dentry *dentry,
			     const char *name, const void *value, size_t size,
			     int flags)
{
	if (!st_xattr_confined())
		return 0;
	/* Before 6.2 an ACL comes here, in the xattr format. */
	return st_xattr_confirm(dentry, name, st_xattr_is_acl_access(name) ?
				st_xattr_acl_mode(value, size) :
				ST_XATTR_NO_MODE);
}

static int st_inode_removexattr(st_idmap_t *idmap, struct dentry *dentry,
				const char *name)
{
	if (!st_xattr_confined())
		return 0;
	return st_xattr_confirm(dentry, name, ST_XATTR_NO_MODE);
}

#if ST_KERNEL_AT_LEAST(6, 2)
static int st_inode_set_acl(struct mnt_idmap *idmap, struct dentry *dentry,
			    const char *acl_name, struct posix_acl *kacl)
{
	if (!st_xattr_confined())
		return 0;
	return st_xattr_confirm(dentry, acl_name,
				st_xattr_is_acl_access(acl_name) ?
				st_posix_acl_mode(kacl) : ST_XATTR_NO_MODE);
}

static int st_inode_remove_acl(struct mnt_idmap *idmap, struct dentry *dentry,
			       const char *acl_name)
{
	if (!st_xattr_confined())
		return 0;
	return st_xattr_confirm(dentry, acl_name, ST_XATTR_NO_MODE);
}
#endif

/* All of them run in process context and may sleep. */
static const struct st_hook st_xattr_hook_list[] = {
	{ ST_HOOK_FN(bpf_lsm_inode_setxattr, st_inode_setxattr),
	  .covers = st_xattr_covers, .ncovers = ARRAY_SIZE(st_xattr_covers) },
	{ ST_HOOK_FN(bpf_lsm_inode_removexattr, st_inode_removexattr) },
#if ST_KERNEL_AT_LEAST(6, 2)
	{ ST_HOOK_FN(bpf_lsm_inode_set_acl, st_inode_set_acl) },
	{ ST_HOOK_FN(bpf_lsm_inode_remove_acl, st_inode_remove_acl) },
#endif
};
ST_HOOK_SET(st_xattr_hooks, st_xattr_hook_list);
