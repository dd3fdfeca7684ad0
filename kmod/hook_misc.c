// SPDX-License-Identifier: GPL-2.0
/*
 * systrace: ioctl (file_ioctl, file_ioctl_compat) and mount (sb_mount).
 *
 * ioctl: cmd in hex as systrace printed it ("0x5401"), filename the file's
 * resolved path (for a socket, pipe or anonymous file the kernel's name of
 * it, "socket:[1234]", "anon_inode:[eventpoll]"). The argument is not
 * printed: what it means depends on the driver, and a pointer's target
 * would be user memory.
 *
 * mount: filename the mount point, resolved; string the source as given
 * ("/dev/sda1", "proc", a directory for a bind mount) and string[1] the
 * file system type, each "" when the call passes none (a remount, a bind,
 * a move). The kernel's copies of the strings are decided, never the
 * caller's memory.
 *
 * Every other way to put a tree at a path is a mount too, decided with the
 * key mount first (then the call made, for a policy that names it), so
 * that a policy that permits no mount at a path permits none by another
 * call (Documentation/security.rst, "Routes to the same effect: files"):
 * - move_mount() (move_mount hook): the new mount API's only way to attach
 *   (fsmount()'s or open_tree(OPEN_TREE_CLONE)'s detached mount, or a
 *   move): filename the target, string the source's path as d_path()
 *   gives it (a detached tree's is relative to its own root);
 * - pivot_root() (sb_pivotroot): filename the new root, string the place
 *   of the old one: every name below would change.
 * fsopen(), fsconfig(), fsmount() and open_tree() attach nothing; they are
 * decided raw, and a file in a detached tree has no name in the namespace,
 * so no open of it is permitted (hook_file.c).
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/path.h>
#include <linux/slab.h>
#include <asm/ioctls.h>
#include <asm/unistd.h>
#include <asm/unistd_32_ia32.h>

#include "hook_call.h"

static const struct st_sysnr st_ioctl_covers[] = {
	{ SYSTRACE_NS_X86_64, __NR_ioctl },
	{ SYSTRACE_NS_IA32, __NR_ia32_ioctl },
};

static const struct st_sysnr st_mount_covers[] = {
	{ SYSTRACE_NS_X86_64, __NR_mount },
	{ SYSTRACE_NS_IA32, __NR_ia32_mount },
};

static const struct st_sysnr st_move_mount_covers[] = {
	{ SYSTRACE_NS_X86_64, __NR_move_mount },
	{ SYSTRACE_NS_IA32, __NR_ia32_move_mount },
};

static const struct st_sysnr st_pivot_root_covers[] = {
	{ SYSTRACE_NS_X86_64, __NR_pivot_root },
	{ SYSTRACE_NS_IA32, __NR_ia32_pivot_root },
};

static const struct st_callspec st_move_mount_spec = {
	"mount", SYSTRACE_ALIAS_NONE, __NR_mount, __NR_ia32_mount,
	st_move_mount_covers, ARRAY_SIZE(st_move_mount_covers), true
};

static const struct st_callspec st_pivot_root_spec = {
	"mount", SYSTRACE_ALIAS_NONE, __NR_mount, __NR_ia32_mount,
	st_pivot_root_covers, ARRAY_SIZE(st_pivot_root_covers), true
};

static const struct st_callspec st_ioctl_spec = {
	"ioctl", SYSTRACE_ALIAS_NONE, __NR_ioctl, __NR_ia32_ioctl,
	st_ioctl_covers, ARRAY_SIZE(st_ioctl_covers)
};

static const struct st_callspec st_mount_spec = {
	"mount", SYSTRACE_ALIAS_NONE, __NR_mount, __NR_ia32_mount,
	st_mount_covers, ARRAY_SIZE(st_mount_covers)
};

/*
 * Add filename = @path to @c and decide it. Both hooks run in process
 * context and may sleep.
 */
static int st_misc_decide(const struct st_task *t, struct st_call *c,
			  const struct path *path)
{
	char *buf, *p;
	int ret;

	c->may_sleep = true;
	st_hook_enter();
	buf = kmalloc(PATH_MAX, GFP_KERNEL);
	ret = -ENOMEM;
	if (!buf)
		goto out;
	p = st_call_abspath(path, buf, PATH_MAX);
	if (IS_ERR(p)) {
		/* No name, no decision: fail closed. */
		ret = PTR_ERR(p);
		st_log_deny(c->name, NULL, -ret, "a file without a name");
		goto out;
	}
	st_call_arg(c, SYSTRACE_ARG_FILENAME, 0, p);
	ret = st_decide(t, c);
out:
	kfree(buf);
	st_hook_exit();
	return ret;
}

static int st_file_ioctl(struct file *file, unsigned int cmd,
			 unsigned long arg)
{
	const struct st_task *t;
	struct st_call c = {};
	char cmdname[16];
	long nr;
	int ret;

	if (!st_task_any())
		return 0;
	t = st_task_current();
	if (!t)
		return 0;
	st_call_init(&c, &st_ioctl_spec, &nr);
	snprintf(cmdname, sizeof(cmdname), "0x%x", cmd);
	st_call_arg(&c, SYSTRACE_ARG_CMD, 0, cmdname);
	ret = st_misc_decide(t, &c, &file->f_path);
	/* Turning a file's signals on or off (hook_task.c): its setter. */
	if (!ret && cmd == FIOASYNC)
		ret = st_fown_changed(file);
	/* Typing into a terminal others read (hook_tty.c). */
	if (!ret && (cmd == TIOCSTI || cmd == TIOCLINUX))
		ret = st_tty_typing(file, cmd);
	return ret;
}

static int st_sb_mount(const char *dev_name, const struct path *path,
		       const char *type, unsigned long flags, void *data)
{
	const struct st_task *t;
	struct st_call c = {};
	long nr;

	if (!st_task_any())
		return 0;
	t = st_task_current();
	if (!t)
		return 0;
	st_call_init(&c, &st_mount_spec, &nr);
	st_call_arg(&c, SYSTRACE_ARG_STRING, 0, dev_name ? dev_name : "");
	st_call_arg(&c, SYSTRACE_ARG_STRING, 1, type ? type : "");
	return st_misc_decide(t, &c, path);
}

/*
 * A mount by another call (see the top of the file): filename @to, string
 * @from's path (in @fbuf, PATH_MAX bytes), string[1] "".
 */
static int st_mount_other(const struct st_callspec *spec,
			  const struct path *from, const struct path *to)
{
	const struct st_task *t;
	struct st_call c = {};
	char *fbuf, *p;
	long nr;
	int ret;

	if (!st_task_any())
		return 0;
	t = st_task_current();
	if (!t)
		return 0;
	st_call_init(&c, spec, &nr);
	st_hook_enter();
	fbuf = kmalloc(PATH_MAX, GFP_KERNEL);
	ret = -ENOMEM;
	if (!fbuf)
		goto out;
	/* Only a string to match: a detached tree's own name will do. */
	p = d_path(from, fbuf, PATH_MAX);
	st_call_arg(&c, SYSTRACE_ARG_STRING, 0, IS_ERR(p) ? "" : p);
	st_call_arg(&c, SYSTRACE_ARG_STRING, 1, "");
	ret = st_misc_decide(t, &c, to);
out:
	kfree(fbuf);
	st_hook_exit();
	return ret;
}

static int st_move_mount(const struct path *from_path,
			 const struct path *to_path)
{
	return st_mount_other(&st_move_mount_spec, from_path, to_path);
}

static int st_sb_pivotroot(const struct path *old_path,
			   const struct path *new_path)
{
	return st_mount_other(&st_pivot_root_spec, old_path, new_path);
}

/*
 * A 32-bit task's ioctl() reaches file_ioctl_compat instead (both kernels:
 * Debian's 6.1 has the backport): same call, same decision.
 */
static const struct st_hook st_misc_hook_list[] = {
	{ ST_HOOK_FN(bpf_lsm_file_ioctl, st_file_ioctl),
	  .covers = st_ioctl_covers, .ncovers = ARRAY_SIZE(st_ioctl_covers) },
	{ ST_HOOK_FN(bpf_lsm_file_ioctl_compat, st_file_ioctl) },
	{ ST_HOOK_FN(bpf_lsm_sb_mount, st_sb_mount),
	  .covers = st_mount_covers, .ncovers = ARRAY_SIZE(st_mount_covers) },
	{ ST_HOOK_FN(bpf_lsm_move_mount, st_move_mount),
	  .covers = st_move_mount_covers,
	  .ncovers = ARRAY_SIZE(st_move_mount_covers) },
	{ ST_HOOK_FN(bpf_lsm_sb_pivotroot, st_sb_pivotroot),
	  .covers = st_pivot_root_covers,
	  .ncovers = ARRAY_SIZE(st_pivot_root_covers) },
};
ST_HOOK_SET(st_misc_hooks, st_misc_hook_list);
