// SPDX-License-Identifier: GPL-2.0
/*
 * systrace: changes to the file system by path (path_unlink, path_mkdir,
 * path_rmdir, path_rename, path_link, path_symlink, path_mknod, path_chmod,
 * path_chown, path_truncate, path_chroot).
 *
 * Paths are the kernel's: the name of the parent the kernel looked up and
 * locked from the root of the task's mount namespace (st_call_abspath()),
 * then the last component, so every symlink and ".." in the
 * caller's string is resolved, and the check and the change see the same
 * directory (the hooks run with the parent's i_rwsem held; a rename with
 * both). As in systrace, each change is known first by its own name
 * ("unlink"), then by the system call actually made ("unlinkat"), then by
 * the alias fswrite, whose rules apply when none of the call's own rules
 * decides (decide.c); logs and events name the key that decided, fswrite
 * for an unmatched change. systrace's fswrite covered unlink, mkdir, rmdir
 * and truncate (and mkfifo, a mknod here); here every change by path is
 * fswrite too (rename, link, symlink, mknod, chmod, chown, chroot), so that
 * a path a policy protects with fswrite is protected from each of them. A
 * rename or link is decided for fswrite on each of its two paths, then the
 * file that takes a new name as an open of it by its present name, for
 * reading and for writing (st_path_decide2()): a hard link or a rename is a
 * second name for the same file, and must not open what its first name may
 * not.
 *
 * Arguments: filename (filename[1]: a rename's target, a link's new name),
 * string (a symlink's target, as given), mode (octal; mkdir's after the
 * umask, mknod's with the file type bits, chmod's as asked), uid and gid
 * (chown; -1 leaves one unchanged; uname is the uid again, as in
 * hook_task.c).
 *
 * path_mknod for an open(O_CREAT) is decided as that open (keys open, the
 * call made, then fswrite), here, because the file exists once
 * the open reaches file_open: deciding only there would leave an empty
 * file behind a denied open. file_open then decides the open itself.
 * Not decided here: path_mknod for a unix socket bind (socket_bind
 * decides it), path_truncate for an open with
 * O_TRUNC or ftruncate() (6.1 reaches it there; 6.12 does not, so that both
 * kernels agree: the open decides the first, the syscall filter the
 * second, raw). io_uring's unlinkat, mkdirat, renameat, linkat and
 * symlinkat are decided here, under the call's own name.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cred.h>
#include <linux/dcache.h>
#include <linux/fcntl.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/path.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/uidgid.h>
#include <linux/ptrace.h>
#include <linux/sched/task_stack.h>
#include <asm/syscall.h>
#include <asm/unistd.h>
#include <asm/unistd_32_ia32.h>

#include "hook_call.h"

static const struct st_sysnr st_unlink_covers[] = {
	{ SYSTRACE_NS_X86_64, __NR_unlink },
	{ SYSTRACE_NS_X86_64, __NR_unlinkat },
	{ SYSTRACE_NS_IA32, __NR_ia32_unlink },
	{ SYSTRACE_NS_IA32, __NR_ia32_unlinkat },
};

static const struct st_sysnr st_mkdir_covers[] = {
	{ SYSTRACE_NS_X86_64, __NR_mkdir },
	{ SYSTRACE_NS_X86_64, __NR_mkdirat },
	{ SYSTRACE_NS_IA32, __NR_ia32_mkdir },
	{ SYSTRACE_NS_IA32, __NR_ia32_mkdirat },
};

/* unlinkat(AT_REMOVEDIR) is an rmdir. */
static const struct st_sysnr st_rmdir_covers[] = {
	{ SYSTRACE_NS_X86_64, __NR_rmdir },
	{ SYSTRACE_NS_X86_64, __NR_unlinkat },
	{ SYSTRACE_NS_IA32, __NR_ia32_rmdir },
	{ SYSTRACE_NS_IA32, __NR_ia32_unlinkat },
};

static const struct st_sysnr st_rename_covers[] = {
	{ SYSTRACE_NS_X86_64, __NR_rename },
	{ SYSTRACE_NS_X86_64, __NR_renameat },
	{ SYSTRACE_NS_X86_64, __NR_renameat2 },
	{ SYSTRACE_NS_IA32, __NR_ia32_rename },
	{ SYSTRACE_NS_IA32, __NR_ia32_renameat },
	{ SYSTRACE_NS_IA32, __NR_ia32_renameat2 },
};

static const struct st_sysnr st_link_covers[] = {
	{ SYSTRACE_NS_X86_64, __NR_link },
	{ SYSTRACE_NS_X86_64, __NR_linkat },
	{ SYSTRACE_NS_IA32, __NR_ia32_link },
	{ SYSTRACE_NS_IA32, __NR_ia32_linkat },
};

static const struct st_sysnr st_symlink_covers[] = {
	{ SYSTRACE_NS_X86_64, __NR_symlink },
	{ SYSTRACE_NS_X86_64, __NR_symlinkat },
	{ SYSTRACE_NS_IA32, __NR_ia32_symlink },
	{ SYSTRACE_NS_IA32, __NR_ia32_symlinkat },
};

static const struct st_sysnr st_mknod_covers[] = {
	{ SYSTRACE_NS_X86_64, __NR_mknod },
	{ SYSTRACE_NS_X86_64, __NR_mknodat },
	{ SYSTRACE_NS_IA32, __NR_ia32_mknod },
	{ SYSTRACE_NS_IA32, __NR_ia32_mknodat },
};

static const struct st_sysnr st_chmod_covers[] = {
	{ SYSTRACE_NS_X86_64, __NR_chmod },
	{ SYSTRACE_NS_X86_64, __NR_fchmod },
	{ SYSTRACE_NS_X86_64, __NR_fchmodat },
#ifdef __NR_fchmodat2
	{ SYSTRACE_NS_X86_64, __NR_fchmodat2 },
#endif
	{ SYSTRACE_NS_IA32, __NR_ia32_chmod },
	{ SYSTRACE_NS_IA32, __NR_ia32_fchmod },
	{ SYSTRACE_NS_IA32, __NR_ia32_fchmodat },
#ifdef __NR_ia32_fchmodat2
	{ SYSTRACE_NS_IA32, __NR_ia32_fchmodat2 },
#endif
};

static const struct st_sysnr st_chown_covers[] = {
	{ SYSTRACE_NS_X86_64, __NR_chown },
	{ SYSTRACE_NS_X86_64, __NR_lchown },
	{ SYSTRACE_NS_X86_64, __NR_fchown },
	{ SYSTRACE_NS_X86_64, __NR_fchownat },
	{ SYSTRACE_NS_IA32, __NR_ia32_chown },
	{ SYSTRACE_NS_IA32, __NR_ia32_lchown },
	{ SYSTRACE_NS_IA32, __NR_ia32_fchown },
	{ SYSTRACE_NS_IA32, __NR_ia32_chown32 },
	{ SYSTRACE_NS_IA32, __NR_ia32_lchown32 },
	{ SYSTRACE_NS_IA32, __NR_ia32_fchown32 },
	{ SYSTRACE_NS_IA32, __NR_ia32_fchownat },
};

static const struct st_sysnr st_truncate_covers[] = {
	{ SYSTRACE_NS_X86_64, __NR_truncate },
	{ SYSTRACE_NS_IA32, __NR_ia32_truncate },
	{ SYSTRACE_NS_IA32, __NR_ia32_truncate64 },
};

/*
 * stat and lstat, decided on the path the kernel looked up (inode_getattr):
 * the calls that name a file (fstat names a descriptor: the syscall
 * filter decides it, raw). newfstatat, statx and ia32's fstatat64 are
 * "stat", or "lstat" with AT_SYMLINK_NOFOLLOW (glibc's lstat() is
 * newfstatat); ia32's stat64 is "stat", lstat64 "lstat".
 */
static const struct st_sysnr st_stat_covers[] = {
	{ SYSTRACE_NS_X86_64, __NR_stat },
	{ SYSTRACE_NS_X86_64, __NR_newfstatat },
	{ SYSTRACE_NS_X86_64, __NR_statx },
	{ SYSTRACE_NS_IA32, __NR_ia32_stat },
	{ SYSTRACE_NS_IA32, __NR_ia32_oldstat },
	{ SYSTRACE_NS_IA32, __NR_ia32_stat64 },
	{ SYSTRACE_NS_IA32, __NR_ia32_fstatat64 },
	{ SYSTRACE_NS_IA32, __NR_ia32_statx },
};

/* With AT_SYMLINK_NOFOLLOW, newfstatat, statx and fstatat64 are lstat. */
static const struct st_sysnr st_lstat_covers[] = {
	{ SYSTRACE_NS_X86_64, __NR_lstat },
	{ SYSTRACE_NS_X86_64, __NR_newfstatat },
	{ SYSTRACE_NS_X86_64, __NR_statx },
	{ SYSTRACE_NS_IA32, __NR_ia32_lstat },
	{ SYSTRACE_NS_IA32, __NR_ia32_oldlstat },
	{ SYSTRACE_NS_IA32, __NR_ia32_lstat64 },
	{ SYSTRACE_NS_IA32, __NR_ia32_fstatat64 },
	{ SYSTRACE_NS_IA32, __NR_ia32_statx },
};

/* Both, for the hook: the filter leaves every one of them to it. */
static const struct st_sysnr st_getattr_covers[] = {
	{ SYSTRACE_NS_X86_64, __NR_stat },
	{ SYSTRACE_NS_X86_64, __NR_newfstatat },
	{ SYSTRACE_NS_X86_64, __NR_statx },
	{ SYSTRACE_NS_X86_64, __NR_lstat },
	{ SYSTRACE_NS_IA32, __NR_ia32_stat },
	{ SYSTRACE_NS_IA32, __NR_ia32_oldstat },
	{ SYSTRACE_NS_IA32, __NR_ia32_stat64 },
	{ SYSTRACE_NS_IA32, __NR_ia32_fstatat64 },
	{ SYSTRACE_NS_IA32, __NR_ia32_statx },
	{ SYSTRACE_NS_IA32, __NR_ia32_lstat },
	{ SYSTRACE_NS_IA32, __NR_ia32_oldlstat },
	{ SYSTRACE_NS_IA32, __NR_ia32_lstat64 },
};

static const struct st_sysnr st_chroot_covers[] = {
	{ SYSTRACE_NS_X86_64, __NR_chroot },
	{ SYSTRACE_NS_IA32, __NR_ia32_chroot },
};

#define ST_PATH_SPEC(call, nr64, nr32)					\
	static const struct st_callspec st_##call##_spec = {		\
		#call, SYSTRACE_ALIAS_FSWRITE, nr64, nr32,		\
		st_##call##_covers, ARRAY_SIZE(st_##call##_covers)	\
	}

ST_PATH_SPEC(unlink, __NR_unlink, __NR_ia32_unlink);
ST_PATH_SPEC(mkdir, __NR_mkdir, __NR_ia32_mkdir);
ST_PATH_SPEC(rmdir, __NR_rmdir, __NR_ia32_rmdir);
ST_PATH_SPEC(rename, __NR_rename, __NR_ia32_rename);
ST_PATH_SPEC(link, __NR_link, __NR_ia32_link);
ST_PATH_SPEC(symlink, __NR_symlink, __NR_ia32_symlink);
ST_PATH_SPEC(mknod, __NR_mknod, __NR_ia32_mknod);
ST_PATH_SPEC(chmod, __NR_chmod, __NR_ia32_chmod);
ST_PATH_SPEC(chown, __NR_chown, __NR_ia32_chown);
ST_PATH_SPEC(truncate, __NR_truncate, __NR_ia32_truncate);
ST_PATH_SPEC(chroot, __NR_chroot, __NR_ia32_chroot);

/* systrace's fsread covers stat and lstat. */
#define ST_READ_SPEC(call, nr64, nr32)					\
	static const struct st_callspec st_##call##_spec = {		\
		#call, SYSTRACE_ALIAS_FSREAD, nr64, nr32,		\
		st_##call##_covers, ARRAY_SIZE(st_##call##_covers)	\
	}

ST_READ_SPEC(stat, __NR_stat, __NR_ia32_stat);
ST_READ_SPEC(lstat, __NR_lstat, __NR_ia32_lstat);

/* A file created by open(O_CREAT), decided as the open's fswrite. */
static const struct st_sysnr st_create_covers[] = {
	{ SYSTRACE_NS_X86_64, __NR_open },
	{ SYSTRACE_NS_X86_64, __NR_openat },
	{ SYSTRACE_NS_X86_64, __NR_openat2 },
	{ SYSTRACE_NS_X86_64, __NR_creat },
	{ SYSTRACE_NS_IA32, __NR_ia32_open },
	{ SYSTRACE_NS_IA32, __NR_ia32_openat },
	{ SYSTRACE_NS_IA32, __NR_ia32_openat2 },
	{ SYSTRACE_NS_IA32, __NR_ia32_creat },
};
static const struct st_callspec st_create_spec = {
	"open", SYSTRACE_ALIAS_FSWRITE, __NR_open, __NR_ia32_open,
	st_create_covers, ARRAY_SIZE(st_create_covers)
};

/**
 * struct st_path_call - a path call being decided.
 * @c: the call.
 * @buf: room for two paths, PATH_MAX each (kmalloc'd).
 * @num: mode, uid and gid, printed.
 * @oflags: an open's flags that create the file, printed.
 */
struct st_path_call {
	struct st_call c;
	char *buf;
	char num[3][16];
	char oflags[ST_OFLAGS_MAX];
};

/*
 * The common start of every hook: NULL when the task is not confined or
 * @spec's call comes from a system call another hook decides (@own_only:
 * only @spec's own system calls are decided). May sleep.
 */
static const struct st_task *st_path_begin(struct st_path_call *pc,
					   const struct st_callspec *spec,
					   bool own_only)
{
	const struct st_task *t;
	enum st_origin origin;
	long nr;

	if (!st_task_any())
		return NULL;
	t = st_task_current();
	if (!t)
		return NULL;
	memset(pc, 0, sizeof(*pc));
	origin = st_call_init(&pc->c, spec, &nr);
	if (own_only && origin != ST_ORIGIN_OWN)
		return NULL;
	pc->c.may_sleep = true;
	return t;
}

/* Decide @pc for @t and free it. */
static int st_path_decide(const struct st_task *t, struct st_path_call *pc)
{
	int ret = st_decide(t, &pc->c);

	kfree(pc->buf);
	st_hook_exit();
	return ret;
}

/*
 * A second decision for a new name given to an existing file (link, rename;
 * both names of a rename exchange): as what the task could do with it by its
 * present name @name, an open for reading (keys fsread, open; oflags
 * "O_RDONLY") and for reading and writing (fswrite, open; "O_RDWR"). A
 * name the policy permits must not become a way to read or write a file
 * the policy denies by its own name (Documentation/security.rst, "Routes to
 * the same effect: files"). A symlink is not opened through its name, and
 * a policy with none of these keys opens nothing by any name.
 */
static int st_path_source(const struct st_task *t, struct st_path_call *pc,
			  const struct st_prog_arg *name,
			  const struct dentry *dentry)
{
	static const struct {
		u8 alias;
		const char *call;
		const char *oflags;
	} acc[] = {
		{ SYSTRACE_ALIAS_FSREAD, "fsread", "O_RDONLY" },
		{ SYSTRACE_ALIAS_FSWRITE, "fswrite", "O_RDWR" },
	};
	u8 ns = in_ia32_syscall() ? SYSTRACE_NS_IA32 : SYSTRACE_NS_X86_64;
	u32 open = SYSTRACE_CALL_KEY(ns, ns == SYSTRACE_NS_IA32 ?
				     __NR_ia32_open : __NR_open);
	bool has_open = st_call_has_key(t, open);
	unsigned int i;
	int ret;

	if (!dentry || d_is_negative(dentry) || d_is_symlink(dentry))
		return 0;
	for (i = 0; i < ARRAY_SIZE(acc); i++) {
		u32 alias = SYSTRACE_CALL_KEY(SYSTRACE_NS_ALIAS, acc[i].alias);

		if (!has_open && !st_call_has_key(t, alias))
			continue;
		pc->c.name = acc[i].call;
		pc->c.keys[0] = alias;
		pc->c.keys[1] = open;
		pc->c.nkeys = 2;
		pc->c.args[0] = *name;
		pc->c.args[0].idx = 0;
		pc->c.args[1] = (struct st_prog_arg){
			.arg = SYSTRACE_ARG_OFLAGS, .str = acc[i].oflags,
			.len = strlen(acc[i].oflags),
		};
		pc->c.nargs = 2;
		ret = st_decide(t, &pc->c);
		if (ret)
			return ret;
	}
	return 0;
}

/*
 * Decide a call on two paths (rename, link) for @t and free it. The alias
 * fswrite has one path, filename: as systrace, the first decision gives it
 * the first path; a second one asks fswrite about filename[1], so that a
 * file cannot be renamed or linked onto a path the policy protects. Only
 * when the policy has fswrite: a policy that names rename and link decides
 * both paths in one rule, and one without fswrite would deny the second
 * decision as unmatched. Then the file @src (filename) and, for a rename
 * exchange, @xsrc (filename[1]), which take a new name, are decided as
 * opens by st_path_source().
 */
static int st_path_decide2(const struct st_task *t, struct st_path_call *pc,
			   const struct dentry *src, const struct dentry *xsrc)
{
	u32 alias = SYSTRACE_CALL_KEY(SYSTRACE_NS_ALIAS, SYSTRACE_ALIAS_FSWRITE);
	struct st_prog_arg name[2] = { pc->c.args[0], pc->c.args[1] };
	int ret = st_decide(t, &pc->c);

	if (!ret && st_call_has_key(t, alias)) {
		pc->c.keys[0] = alias;
		pc->c.nkeys = 1;
		pc->c.name = "fswrite";
		pc->c.args[0] = pc->c.args[1];
		pc->c.args[0].idx = 0;
		pc->c.nargs = 1;
		ret = st_decide(t, &pc->c);
	}
	if (!ret)
		ret = st_path_source(t, pc, &name[0], src);
	if (!ret)
		ret = st_path_source(t, pc, &name[1], xsrc);
	kfree(pc->buf);
	st_hook_exit();
	return ret;
}

/*
 * Allocate the buffer (st_hook_enter() first: from here on the hook may
 * sleep), then add filename[@idx]: @dentry in @dir, or @dir itself when
 * @dentry is NULL. On error the hook fails closed, with a log line.
 */
static int st_path_filename(struct st_path_call *pc, u8 idx,
			    const struct path *dir, const struct dentry *dentry)
{
	char *buf, *p;
	u32 len;

	if (!pc->buf) {
		st_hook_enter();
		pc->buf = kmalloc(2 * PATH_MAX, GFP_KERNEL);
		if (!pc->buf) {
			st_hook_exit();
			return -ENOMEM;
		}
	}
	buf = pc->buf + idx * PATH_MAX;
	if (dentry)
		p = st_call_path(dir, dentry, buf, PATH_MAX, &len);
	else
		p = st_call_abspath(dir, buf, PATH_MAX);
	if (IS_ERR(p)) {
		/* No name, no decision: fail closed. */
		st_log_deny(pc->c.name, NULL, (int)-PTR_ERR(p), "a file without a name");
		kfree(pc->buf);
		pc->buf = NULL;
		st_hook_exit();
		return PTR_ERR(p);
	}
	st_call_arg(&pc->c, SYSTRACE_ARG_FILENAME, idx, p);
	return 0;
}

static void st_path_num(struct st_path_call *pc, u8 arg, unsigned int i,
			const char *fmt, unsigned int v)
{
	snprintf(pc->num[i], sizeof(pc->num[i]), fmt, v);
	st_call_arg(&pc->c, arg, 0, pc->num[i]);
}

/* A hook on (dir, dentry) with nothing else to print. */
static int st_path_dentry(const struct st_callspec *spec, bool own_only,
			  const struct path *dir, struct dentry *dentry)
{
	struct st_path_call pc;
	const struct st_task *t = st_path_begin(&pc, spec, own_only);
	int ret;

	if (!t)
		return 0;
	ret = st_path_filename(&pc, 0, dir, dentry);
	if (ret)
		return ret;
	return st_path_decide(t, &pc);
}

static int st_path_unlink(const struct path *dir, struct dentry *dentry)
{
	return st_path_dentry(&st_unlink_spec, false, dir, dentry);
}

static int st_path_rmdir(const struct path *dir, struct dentry *dentry)
{
	return st_path_dentry(&st_rmdir_spec, false, dir, dentry);
}

static int st_path_mkdir(const struct path *dir, struct dentry *dentry,
			 umode_t mode)
{
	struct st_path_call pc;
	const struct st_task *t = st_path_begin(&pc, &st_mkdir_spec, false);
	int ret;

	if (!t)
		return 0;
	ret = st_path_filename(&pc, 0, dir, dentry);
	if (ret)
		return ret;
	st_path_num(&pc, SYSTRACE_ARG_MODE, 0, "%04o", mode & S_IALLUGO);
	return st_path_decide(t, &pc);
}

/*
 * The flags of the open system call current is in, as it passed them, for
 * an open's creation (O_CREAT is set, or this hook would not run); may
 * sleep (openat2's struct is read from user memory).
 */
static unsigned int st_path_open_flags(void)
{
	bool ia32 = in_ia32_syscall();
	long nr = syscall_get_nr(current, current_pt_regs());
	unsigned long args[6];
	u64 flags = O_CREAT;

	syscall_get_arguments(current, current_pt_regs(), args);
	if (nr == (ia32 ? __NR_ia32_open : __NR_open))
		flags = args[1];
	else if (nr == (ia32 ? __NR_ia32_openat : __NR_openat))
		flags = args[2];
	else if (nr == (ia32 ? __NR_ia32_creat : __NR_creat))
		flags = O_CREAT | O_WRONLY | O_TRUNC;
	else if (nr == (ia32 ? __NR_ia32_openat2 : __NR_openat2) &&
		 get_user(flags, (u64 __user *)(ia32 ? (u32)args[2] : args[2])))
		flags = O_CREAT;
	return (unsigned int)flags | O_CREAT;
}

static int st_path_mknod(const struct path *dir, struct dentry *dentry,
			 umode_t mode, unsigned int dev)
{
	struct st_path_call pc;
	/* mknod itself; an open's creation below: see the top of the file. */
	const struct st_task *t = st_path_begin(&pc, &st_mknod_spec, true);
	int ret;

	bool create = false;

	if (!t && S_ISREG(mode)) {
		t = st_path_begin(&pc, &st_create_spec, false);
		create = true;
	}
	if (!t)
		return 0;
	ret = st_path_filename(&pc, 0, dir, dentry);
	if (ret)
		return ret;
	/*
	 * mknod: with the type, creating a device node is what matters most.
	 * An open's creation: the mode bits alone, as file_open supplies them
	 * when it decides the same open, so that one rule on mode matches
	 * both decisions (args_test: "open mode", "creat mode").
	 */
	st_path_num(&pc, SYSTRACE_ARG_MODE, 0, "%04o",
		    create ? mode & S_IALLUGO : mode);
	/* An open's own argument, so that its rules on oflags apply here. */
	if (create) {
		st_format_oflags(st_path_open_flags(), pc.oflags);
		st_call_arg(&pc.c, SYSTRACE_ARG_OFLAGS, 0, pc.oflags);
	}
	return st_path_decide(t, &pc);
}

static int st_path_rename(const struct path *old_dir, struct dentry *old_dentry,
			  const struct path *new_dir, struct dentry *new_dentry,
			  unsigned int flags)
{
	struct st_path_call pc;
	const struct st_task *t = st_path_begin(&pc, &st_rename_spec, false);
	int ret;

	if (!t)
		return 0;
	ret = st_path_filename(&pc, 0, old_dir, old_dentry);
	if (ret)
		return ret;
	ret = st_path_filename(&pc, 1, new_dir, new_dentry);
	if (ret)
		return ret;
	return st_path_decide2(t, &pc, old_dentry,
			       (flags & RENAME_EXCHANGE) ? new_dentry : NULL);
}

static int st_path_link(struct dentry *old_dentry, const struct path *new_dir,
			struct dentry *new_dentry)
{
	struct st_path_call pc;
	const struct st_task *t = st_path_begin(&pc, &st_link_spec, false);
	/* do_linkat() refused (EXDEV) a link across mounts before the hook. */
	struct path old = { .mnt = new_dir->mnt, .dentry = old_dentry };
	int ret;

	if (!t)
		return 0;
	ret = st_path_filename(&pc, 0, &old, NULL);
	if (ret)
		return ret;
	ret = st_path_filename(&pc, 1, new_dir, new_dentry);
	if (ret)
		return ret;
	return st_path_decide2(t, &pc, old_dentry, NULL);
}

static int st_path_symlink(const struct path *dir, struct dentry *dentry,
			   const char *old_name)
{
	struct st_path_call pc;
	const struct st_task *t = st_path_begin(&pc, &st_symlink_spec, false);
	int ret;

	if (!t)
		return 0;
	ret = st_path_filename(&pc, 0, dir, dentry);
	if (ret)
		return ret;
	/* The target as given (the kernel's copy): a link is not followed. */
	st_call_arg(&pc.c, SYSTRACE_ARG_STRING, 0, old_name);
	return st_path_decide(t, &pc);
}

static int st_path_chmod(const struct path *path, umode_t mode)
{
	struct st_path_call pc;
	const struct st_task *t = st_path_begin(&pc, &st_chmod_spec, false);
	int ret;

	if (!t)
		return 0;
	ret = st_path_filename(&pc, 0, path, NULL);
	if (ret)
		return ret;
	st_path_num(&pc, SYSTRACE_ARG_MODE, 0, "%04o", mode & S_IALLUGO);
	return st_path_decide(t, &pc);
}

/*
 * A uid or gid as the caller's namespace knows it, "-1" for "unchanged";
 * returns the string.
 */
static const char *st_path_id(struct st_path_call *pc, u8 arg, unsigned int i,
			      bool valid, unsigned int v)
{
	if (valid)
		snprintf(pc->num[i], sizeof(pc->num[i]), "%u", v);
	else
		strscpy(pc->num[i], "-1", sizeof(pc->num[i]));
	st_call_arg(&pc->c, arg, 0, pc->num[i]);
	return pc->num[i];
}

static int st_path_chown(const struct path *path, kuid_t uid, kgid_t gid)
{
	struct user_namespace *ns = current_user_ns();
	struct st_path_call pc;
	const struct st_task *t = st_path_begin(&pc, &st_chown_spec, false);
	const char *uname;
	int ret;

	if (!t)
		return 0;
	ret = st_path_filename(&pc, 0, path, NULL);
	if (ret)
		return ret;
	uname = st_path_id(&pc, SYSTRACE_ARG_UID, 0, uid_valid(uid),
			   from_kuid_munged(ns, uid));
	st_path_id(&pc, SYSTRACE_ARG_GID, 1, gid_valid(gid),
		   from_kgid_munged(ns, gid));
	/* No user names in the kernel: the uid again (see hook_task.c). */
	st_call_arg(&pc.c, SYSTRACE_ARG_UNAME, 0, uname);
	return st_path_decide(t, &pc);
}

static int st_path_truncate(const struct path *path)
{
	return st_path_dentry(&st_truncate_spec, true, path, NULL);
}

static int st_path_chroot(const struct path *path)
{
	return st_path_dentry(&st_chroot_spec, false, path, NULL);
}

/*
 * stat and lstat: the object the kernel found, by its path (for lstat of a
 * symlink, the link's own). Only for the stat calls themselves: the kernel
 * asks inode_getattr for fstat and others too.
 */
static bool st_path_is_lstat(void)
{
	bool ia32 = in_ia32_syscall();
	long nr = syscall_get_nr(current, current_pt_regs());
	unsigned long args[6];

	if (nr == (ia32 ? __NR_ia32_lstat : __NR_lstat) ||
	    (ia32 && (nr == __NR_ia32_oldlstat || nr == __NR_ia32_lstat64)))
		return true;
	syscall_get_arguments(current, current_pt_regs(), args);
	if (nr == (ia32 ? __NR_ia32_fstatat64 : __NR_newfstatat))
		return args[3] & AT_SYMLINK_NOFOLLOW;
	if (nr == (ia32 ? __NR_ia32_statx : __NR_statx))
		return args[2] & AT_SYMLINK_NOFOLLOW;
	return false;
}

/*
 * A stat by descriptor (AT_EMPTY_PATH) of the descriptor's own file: an
 * fstat, decided raw by the syscall filter. With a name that leads to
 * another file, it is a stat of that name.
 */
static bool st_path_getattr_by_fd(const struct path *path)
{
	u8 ns = in_ia32_syscall() ? SYSTRACE_NS_IA32 : SYSTRACE_NS_X86_64;
	struct pt_regs *regs = current_pt_regs();
	unsigned long args[6];
	struct file *file;
	bool ret;

	if (!st_syscall_stat_by_fd(ns, syscall_get_nr(current, regs), regs))
		return false;
	syscall_get_arguments(current, regs, args);
	if ((int)args[0] == AT_FDCWD)
		return false;
	/* O_PATH descriptors too, as AT_EMPTY_PATH takes them. */
	file = fget_raw(args[0]);
	if (!file)
		return false;
	ret = file->f_path.dentry == path->dentry &&
	      file->f_path.mnt == path->mnt;
	fput(file);
	return ret;
}

static int st_path_getattr(const struct path *path)
{
	struct st_path_call pc;
	const struct st_task *t;
	int ret;

	if (!st_task_any() || !st_task_current() ||
	    (current->flags & (PF_KTHREAD | PF_IO_WORKER)))
		return 0;
	if (st_path_getattr_by_fd(path))
		return 0;
	t = st_path_begin(&pc, st_path_is_lstat() ? &st_lstat_spec :
			  &st_stat_spec, true);
	if (!t)
		return 0;
	ret = st_path_filename(&pc, 0, path, NULL);
	if (ret)
		return ret;
	return st_path_decide(t, &pc);
}

/* All of them run in process context and may sleep. */
#define ST_PATH_HOOK(call)						\
	{ ST_HOOK_FN(bpf_lsm_path_##call, st_path_##call),		\
	  .covers = st_##call##_covers,					\
	  .ncovers = ARRAY_SIZE(st_##call##_covers) }

static const struct st_hook st_path_hook_list[] = {
	ST_PATH_HOOK(unlink),
	ST_PATH_HOOK(mkdir),
	ST_PATH_HOOK(rmdir),
	ST_PATH_HOOK(rename),
	ST_PATH_HOOK(link),
	ST_PATH_HOOK(symlink),
	ST_PATH_HOOK(mknod),
	ST_PATH_HOOK(chmod),
	ST_PATH_HOOK(chown),
	ST_PATH_HOOK(truncate),
	ST_PATH_HOOK(chroot),
	{ ST_HOOK_FN(bpf_lsm_inode_getattr, st_path_getattr),
	  .covers = st_getattr_covers,
	  .ncovers = ARRAY_SIZE(st_getattr_covers) },
};
ST_HOOK_SET(st_path_hooks, st_path_hook_list);
