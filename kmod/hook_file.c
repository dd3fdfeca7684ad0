// SPDX-License-Identifier: GPL-2.0
/*
 * systrace: opening files (file_open).
 *
 * A confined task's open is decided on the file the kernel opened: its path
 * is the name of file->f_path from the root of the task's mount namespace
 * (st_call_abspath(): a chroot renames nothing), resolved through every
 * symlink and ".." (a permitted link to a denied file is the denied file),
 * and the check and the use see the same object (no rename race between
 * them). A file no name in the namespace reaches (in a detached mount made
 * by open_tree() or fsmount(), a disconnected dentry of a file handle) is
 * denied: no name, no decision. The call is known as "open" of the task's
 * ABI, then as the system call actually made (openat, openat2, creat,
 * open_by_handle_at), for a policy that names that one, then by its alias,
 * fsread or fswrite by access mode: as in systrace, the alias's rules
 * apply when none of the call's own rules decides.
 *
 * The other routes to an open file of a path (Documentation/security.rst,
 * "Routes to the same effect: files"):
 * - open_by_handle_at() of a file with more than one name: the kernel
 *   picks one of its names (any alias in the dcache), not the caller;
 *   denied outright, as the decision could be on a name the caller never
 *   used (a permitted hard link's rather than the denied one's);
 * - a descriptor received (file_receive: SCM_RIGHTS, pidfd_getfd(),
 *   seccomp's addfd) is decided as an open of its file, fsread or fswrite
 *   by its access mode, so that an unconfined process cannot hand a
 *   confined one a file its policy denies. Not decided: O_PATH
 *   descriptors (no contents; a re-open is an open) and files of the
 *   kernel's internal mounts (sockets, pipes, anonymous inodes, memfd:
 *   no path a policy names), but an io_uring instance is refused: its
 *   SQPOLL thread runs requests as its creator, unconfined.
 *
 * Not decided here: O_PATH opens (the kernel calls no LSM hook for them; an
 * O_PATH descriptor gives no access to the file's contents, and each use of
 * it is decided by its own hook), and the kernel's opens of a binary and its
 * interpreter during an exec (FMODE_EXEC), which the execve decision covers.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fcntl.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/mount.h>
#include <linux/namei.h>
#include <linux/openat2.h>
#include <linux/uaccess.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/ptrace.h>
#include <linux/sched/task_stack.h>
#include <linux/security.h>
#include <asm/syscall.h>
#include <asm/unistd.h>
#include <asm/unistd_32_ia32.h>

#include "hook_call.h"
#include "task.h"

/* Permission bits as "0644". */
static u32 st_format_mode(umode_t mode, char *buf)
{
	unsigned int i;

	for (i = 0; i < 4; i++)
		buf[i] = '0' + ((mode >> (3 * (3 - i))) & 7);
	buf[4] = '\0';
	return 4;
}

static bool st_open_writes(const struct file *file)
{
	return (file->f_mode & FMODE_WRITE) ||
	       (file->f_flags & (O_CREAT | O_TRUNC | O_APPEND | __O_TMPFILE));
}

/* The system calls that reach file_open as an open; the usual one first. */
static const struct st_sysnr st_file_covers[] = {
	{ SYSTRACE_NS_X86_64, __NR_openat },
	{ SYSTRACE_NS_X86_64, __NR_open },
	{ SYSTRACE_NS_X86_64, __NR_openat2 },
	{ SYSTRACE_NS_X86_64, __NR_creat },
	{ SYSTRACE_NS_X86_64, __NR_open_by_handle_at },
	{ SYSTRACE_NS_IA32, __NR_ia32_open },
	{ SYSTRACE_NS_IA32, __NR_ia32_openat },
	{ SYSTRACE_NS_IA32, __NR_ia32_openat2 },
	{ SYSTRACE_NS_IA32, __NR_ia32_creat },
	{ SYSTRACE_NS_IA32, __NR_ia32_open_by_handle_at },
};

/*
 * The open system call current is in, if it is one, else -1. (Not
 * hook_call.c's st_call_init(): its generality costs 0.4% of a confined
 * open+close on 6.12, where the benchmark's goal leaves less; inline, as
 * a call costs more than the loop.)
 */
static __always_inline long st_open_syscall(u8 ns)
{
	long nr;
	unsigned int i;

	if (current->flags & (PF_KTHREAD | PF_IO_WORKER))
		return -1;
	nr = syscall_get_nr(current, current_pt_regs());
	for (i = 0; i < ARRAY_SIZE(st_file_covers); i++)
		if (st_file_covers[i].ns == ns && st_file_covers[i].nr == nr)
			return nr;
	return -1;
}

/**
 * struct st_file_call - an open being decided.
 * @c: the call; filename in @c.args, oflags and mode appended by
 *	st_file_fill() only when needed (&st_call.fill).
 * @file: the file opened.
 * @oflags: room for oflags.
 * @mode: room for mode.
 */
struct st_file_call {
	struct st_call c;
	const struct file *file;
	char oflags[ST_OFLAGS_MAX];
	char mode[8];
};

static void st_file_fill(struct st_call *c)
{
	struct st_file_call *fc = container_of(c, struct st_file_call, c);

	c->args[c->nargs++] = (struct st_prog_arg){
		.arg = SYSTRACE_ARG_OFLAGS, .str = fc->oflags,
		.len = st_format_oflags(fc->file->f_flags, fc->oflags),
	};
	/* The file's mode bits: a kernel object, not the call's argument. */
	c->args[c->nargs++] = (struct st_prog_arg){
		.arg = SYSTRACE_ARG_MODE, .str = fc->mode,
		.len = st_format_mode(file_inode(fc->file)->i_mode & S_IALLUGO,
				      fc->mode),
	};
}

/*
 * The decision of @fc's open, its name @path of @len bytes; @fast_tried:
 * st_decide_fast_keys() did not permit it.
 */
static __always_inline int st_file_decide_name(const struct st_task *t,
					       struct st_file_call *fc,
					       const char *path, u32 len,
					       bool fast_tried)
{
	struct st_call *c = &fc->c;

	c->args[c->nargs++] = (struct st_prog_arg){
		.arg = SYSTRACE_ARG_FILENAME, .str = path, .len = len
	};
	/* An open raised at entry: this file must be one it elevates. */
	c->pending = st_elev_pending(ST_ELEV_OPEN);
	return fast_tried ? st_decide_interp(t, c) : st_decide(t, c);
}

/* The open of @file in @fc: its three @keys, the second unless the first. */
static __always_inline void st_file_call_init(struct st_file_call *fc,
					      const u32 *keys,
					      struct file *file)
{
	struct st_call *c = &fc->c;

	st_call_start(c, "open", true);
	c->keys[c->nkeys++] = keys[0];
	if (keys[1] != keys[0])
		c->keys[c->nkeys++] = keys[1];
	c->keys[c->nkeys++] = keys[2];
	c->lazy = BIT_ULL(SYSTRACE_ARG_OFLAGS) | BIT_ULL(SYSTRACE_ARG_MODE);
	c->fill = st_file_fill;
	fc->file = file;
}

/*
 * A name longer than the stack's buffer, in a PATH_MAX allocation: out of
 * line, for it sleeps, and st_hook_exit()'s percpu_ref_put() has an
 * indirect call, which the open hook may not have (scripts/ibt-test).
 */
static noinline int st_file_decide_long(const struct st_task *t,
					struct st_file_call *fc)
{
	char *buf, *path;
	int ret;

	/* Sleeps: unload must wait for us (st_hook_ref). */
	st_hook_enter();
	buf = kmalloc(PATH_MAX, GFP_KERNEL);
	if (!buf) {
		st_hook_exit();
		return -ENOMEM;
	}
	path = st_call_abspath(&fc->file->f_path, buf, PATH_MAX);
	if (IS_ERR(path)) {
		/* No name, no decision: fail closed. */
		ret = PTR_ERR(path);
		st_log_deny("open", NULL, -ret, "a file without a name");
	} else {
		ret = st_file_decide_name(t, fc, path, strlen(path), false);
	}
	kfree(buf);
	st_hook_exit();
	return ret;
}

/* Inline in the open hook: a call here costs more than its work. */
static __always_inline int st_file_decide(const struct st_task *t,
					  struct file *file)
{
	u8 ns = in_ia32_syscall() ? SYSTRACE_NS_IA32 : SYSTRACE_NS_X86_64;
	u16 open_nr = ns == SYSTRACE_NS_IA32 ? __NR_ia32_open : __NR_open;
	bool writes = st_open_writes(file);
	/*
	 * Not zeroed at entry (CONFIG_INIT_STACK_ALL_ZERO): st_call_start()
	 * sets @fc's fields, its arrays are written before they are read
	 * (up to nkeys, nargs), and only the name __st_call_abspath() wrote
	 * at the end of @small is read. 60 stores fewer per open.
	 */
	struct st_file_call fc __uninitialized;
	long nr = st_open_syscall(ns);
	char small[256] __uninitialized;
	/*
	 * The call's keys: "open", the system call made (when it is another),
	 * the alias. Always three here, the first again in the middle for an
	 * open(): a key looked at twice decides as once, and three known keys
	 * cost the fast path no loop (st_file_call_init() drops the copy).
	 */
	u32 keys[ST_CALL_MAX_KEYS] = {
		SYSTRACE_CALL_KEY(ns, open_nr),
		SYSTRACE_CALL_KEY(ns, nr >= 0 ? nr : open_nr),
		SYSTRACE_CALL_KEY(SYSTRACE_NS_ALIAS, writes ?
				  SYSTRACE_ALIAS_FSWRITE :
				  SYSTRACE_ALIAS_FSREAD),
	};
	char *path;
	u32 len;
	int ret;

	/* A file handle names no path: see the top of the file. */
	if (unlikely(nr == (ns == SYSTRACE_NS_IA32 ?
			    __NR_ia32_open_by_handle_at :
			    __NR_open_by_handle_at)) &&
	    !d_is_dir(file->f_path.dentry) &&
	    file_inode(file)->i_nlink > 1) {
		st_log_deny("open_by_handle_at", NULL, EACCES, "a file with %u names",
			    file_inode(file)->i_nlink);
		return -EACCES;
	}

	/*
	 * Most paths fit on the stack; a PATH_MAX allocation per open costs
	 * more than the decision (Debian zeroes every allocation).
	 */
	/* Not 0: only a name that ends at the end of the buffer puts 0 here. */
	small[sizeof(small) - 1] = 1;
	path = __st_call_abspath(&file->f_path, small, sizeof(small));
	if (unlikely(path == ERR_PTR(-ENAMETOOLONG))) {
		st_file_call_init(&fc, keys, file);
		return st_file_decide_long(t, &fc);
	}
	if (IS_ERR(path)) {
		/* No name, no decision: fail closed. */
		ret = PTR_ERR(path);
		st_log_deny("open", NULL, -ret, "a file without a name");
		return ret;
	}
	/*
	 * __st_call_abspath() writes the name at the end of the buffer (so
	 * do the d_dname() of pseudo files): its length without a strlen().
	 */
	len = !small[sizeof(small) - 1] ? small + sizeof(small) - 1 - path :
	      strlen(path);
	/* Permitted by name, the common case: no call built, no call made. */
	if (!st_elev_pending(ST_ELEV_OPEN) &&
	    st_decide_fast_keys(t, keys, ARRAY_SIZE(keys), path, len))
		return 0;
	st_file_call_init(&fc, keys, file);
	return st_file_decide_name(t, &fc, path, len, true);
}

/*
 * The syscall filter's look at an open an ``as`` rule may elevate
 * (elevate.c): the name is looked up now, with the task's own identity, and
 * the open built as st_file_decide() will build it. The kernel looks the
 * name up again, raised; st_file_decide() decides the file it opened and
 * confirms the elevation. An open that may create a file (the creation
 * comes before file_open) or does not reach file_open (O_PATH) is never
 * raised, nor one whose name does not resolve now. May sleep.
 */
int st_file_elev_entry(const struct st_task *t, u8 ns, long nr,
		       const unsigned long *args)
{
	u16 open_nr = ns == SYSTRACE_NS_IA32 ? __NR_ia32_open : __NR_open;
	int dfd = AT_FDCWD, ret;
	const char __user *name;
	char oflags[ST_OFLAGS_MAX], mode[8];
	struct st_call c;
	struct path path;
	u64 flags;
	char *buf, *p;
	bool writes;

	if (nr == open_nr) {
		name = (const char __user *)args[0];
		flags = args[1];
	} else if (nr == (ns == SYSTRACE_NS_IA32 ? __NR_ia32_openat :
				__NR_openat)) {
		dfd = (int)args[0];
		name = (const char __user *)args[1];
		flags = args[2];
	} else {
		/* openat2: the flags are the first field of struct open_how. */
		if (args[3] < sizeof(u64) ||
		    copy_from_user(&flags, (const void __user *)args[2],
				   sizeof(flags)))
			return 0;
		dfd = (int)args[0];
		name = (const char __user *)args[1];
	}
	if (flags & (O_CREAT | __O_TMPFILE | O_PATH))
		return 0;
	writes = (flags & O_ACCMODE) != O_RDONLY ||
		 (flags & (O_TRUNC | O_APPEND));

	st_hook_enter();
	ret = 0;
	buf = kmalloc(PATH_MAX, GFP_KERNEL);
	if (!buf)
		goto out;
	if (user_path_at(dfd, name, flags & O_NOFOLLOW ? 0 : LOOKUP_FOLLOW,
			 &path))
		goto out;
	p = st_call_abspath(&path, buf, PATH_MAX);
	st_format_mode(d_inode(path.dentry)->i_mode & S_IALLUGO, mode);
	path_put(&path);
	if (IS_ERR(p))
		goto out;

	st_call_start(&c, "open", true);
	c.keys[c.nkeys++] = SYSTRACE_CALL_KEY(ns, open_nr);
	if (nr != open_nr)
		c.keys[c.nkeys++] = SYSTRACE_CALL_KEY(ns, nr);
	c.keys[c.nkeys++] = SYSTRACE_CALL_KEY(SYSTRACE_NS_ALIAS, writes ?
					      SYSTRACE_ALIAS_FSWRITE :
					      SYSTRACE_ALIAS_FSREAD);
	st_call_arg_str(&c, SYSTRACE_ARG_FILENAME, p);
	c.args[c.nargs++] = (struct st_prog_arg){
		.arg = SYSTRACE_ARG_OFLAGS, .str = oflags,
		.len = st_format_oflags(flags, oflags),
	};
	st_call_arg_str(&c, SYSTRACE_ARG_MODE, mode);
	ret = st_elev_entry(t, &c, ST_ELEV_OPEN);
out:
	kfree(buf);
	st_hook_exit();
	return ret;
}

/*
 * security_file_open(), hooked rather than its bpf_lsm_file_open stub: by
 * an ftrace direct call (ST_HOOK_DIRECT_CONFINED()), which costs a process
 * five instructions per open while no task is confined, where the stub's
 * ftrace_ops trampoline cost some 70 (Documentation/benchmarks.rst). A
 * stub cannot have the direct call: a BPF LSM program on it is one too,
 * and a function has one direct caller at most. The original runs first,
 * so the order stays the stub's: every other LSM and the BPF LSM's
 * programs decide before systrace, and their errno wins. (On 6.1 the
 * original also raises fanotify's permission event, after the LSMs; 6.12
 * raises it after security_file_open() returns.)
 */
static unsigned long st_file_open_orig;

static int st_file_open(struct file *file)
{
	const struct st_task *t;
	int ret;

	/*
	 * The original may sleep (a BPF LSM program, fanotify on 6.1), and
	 * so may the decision: unload waits until the wrapper is done, as
	 * its stack returns into this module's text.
	 */
	st_hook_call_begin();
	ret = st_hook_call1((unsigned long)file, st_file_open_orig);
	if (ret || !st_task_any())
		goto out;
	/*
	 * The syscall filter's lookup (task.h), inline: st_task_current()
	 * is a call, and its RCU read section two more.
	 */
	rcu_read_lock_sched();
	t = st_task_current_sched();
	rcu_read_unlock_sched();
	if (t && !(file->f_flags & __FMODE_EXEC))
		ret = st_file_decide(t, file);
out:
	st_hook_call_end();
	return ret;
}

ST_HOOK_DIRECT_CONFINED(st_file_open_direct, st_file_open);

/*
 * A descriptor installed in a confined task by another route than its
 * own open (see the top of the file). May sleep (scm_detach_fds(),
 * pidfd_getfd() and seccomp's addfd call it in process context, outside
 * any spinlock).
 */
static int st_file_receive(struct file *file)
{
	const struct st_task *t;
	const struct dentry *d;
	int ret;

	if (!st_task_any())
		return 0;
	t = st_task_current();
	if (!t || (file->f_mode & FMODE_PATH))
		return 0;
	if (file->f_path.mnt->mnt_flags & MNT_INTERNAL) {
		d = file->f_path.dentry;
		/* anon_inode_getfile*("[io_uring]", ...) names its dentry. */
		if (!strcmp(d->d_name.name, "[io_uring]")) {
			st_log_deny(NULL, NULL, EACCES,
				    "an io_uring instance received");
			return -EACCES;
		}
		return 0;
	}
	ret = st_file_decide(t, file);
	/* A master's hangup is its confinement's (hook_tty.c). */
	return ret ?: st_tty_received(file);
}

/*
 * security_file_free(), which every file's free enters: by a direct call
 * that returns into it at once while no file has a record
 * (ST_HOOK_DIRECT_ON() on st_file_records); then the records of
 * hook_task.c (a file's owner set while confined) and hook_tty.c (a master
 * a confined task holds) go with the file.
 */
static unsigned long st_file_free_orig;

static void st_file_free(struct file *file)
{
	st_hook_call_begin();
	if (atomic_long_read(&st_fown_nr))
		st_fown_file_free(file);
	if (atomic_long_read(&st_ptm_nr))
		st_tty_file_free(file);
	st_hook_call1((unsigned long)file, st_file_free_orig);
	st_hook_call_end();
}

ST_HOOK_DIRECT_ON(st_file_free_direct, st_file_free, st_file_records);

static const struct st_hook st_file_hook_list[] = {
	{ ST_HOOK_FN(security_file_open, st_file_open),
	  .orig = &st_file_open_orig, .direct = st_file_open_direct,
	  .covers = st_file_covers, .ncovers = ARRAY_SIZE(st_file_covers) },
	{ ST_HOOK_FN(bpf_lsm_file_receive, st_file_receive) },
	{ ST_HOOK_FN(security_file_free, st_file_free),
	  .orig = &st_file_free_orig, .direct = st_file_free_direct },
};
ST_HOOK_SET(st_file_hooks, st_file_hook_list);
