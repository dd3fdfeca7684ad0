/* SPDX-License-Identifier: GPL-2.0 */
/*
 * systrace: building the struct st_call of a hook (hook_call.c), shared by
 * hook_net.c, hook_path.c, hook_task.c, hook_mm.c and hook_misc.c.
 *
 * An LSM hook knows what is being done (a connect, an unlink) but not which
 * system call asked for it: connect(2), or io_uring, or, for path_mknod,
 * an open(O_CREAT) that file_open decides. Each hook describes its call
 * with a struct st_callspec and asks st_call_init() which system call the
 * task is in, to choose the keys or to leave the decision to another hook.
 */
#ifndef _SYSTRACE_HOOK_CALL_H
#define _SYSTRACE_HOOK_CALL_H

#include "hook.h"

struct dentry;
struct file;
struct path;
struct task_struct;

/**
 * struct st_callspec - one kind of call a hook decides; constant.
 * @name: the name of its first key, for logs and events ("unlink").
 * @alias: an &enum systrace_alias tried after the call itself (when none
 *	of the call's own rules decides), or %SYSTRACE_ALIAS_NONE.
 * @nr64: the call as systrace named it, in the x86_64 ABI ("unlink").
 * @nr32: the same call in the ia32 ABI.
 * @covers: the system calls that reach the hook as this call (unlinkat as
 *	well as unlink); the one the task is in is tried last, so that a
 *	policy can name it.
 * @ncovers: their number.
 * @no_own_key: the system call made is no name of its own for a policy
 *	(move_mount is decided as mount: a rule for move_mount would let it
 *	do what mount's rules deny).
 */
struct st_callspec {
	const char *name;
	u8 alias;
	u16 nr64;
	u16 nr32;
	const struct st_sysnr *covers;
	unsigned int ncovers;
	bool no_own_key;
};

/**
 * enum st_origin - which system call the task is in, for a hook.
 * @ST_ORIGIN_OWN: one of the spec's @covers.
 * @ST_ORIGIN_OTHER: another one (io_uring_enter; open(O_CREAT) reaching
 *	path_mknod; write() reaching socket_sendmsg).
 * @ST_ORIGIN_NONE: none: a kernel thread or an io_uring worker.
 */
enum st_origin {
	ST_ORIGIN_OWN,
	ST_ORIGIN_OTHER,
	ST_ORIGIN_NONE,
};

/*
 * Fill the keys and name of @c from @spec for the current task; returns
 * where the call comes from (with *@nr the system call, -1 for none).
 */
enum st_origin st_call_init(struct st_call *c, const struct st_callspec *spec,
			    long *nr);

/* Is the current task in system call @nr64 (x86_64) or @nr32 (ia32)? */
bool st_call_is(long nr, u16 nr64, u16 nr32);

/*
 * The path of @name in @dir, as the kernel resolved it: st_call_abspath() of @dir,
 * then "/" and the name, in @buf of @size bytes. Returns its start in @buf
 * (a NUL-terminated string of *@len bytes) or an ERR_PTR. Never sleeps.
 */
char *st_call_path(const struct path *dir, const struct dentry *dentry,
		   char *buf, int size, u32 *len);

/*
 * Does the policy of @t have a program for @key? For a second decision
 * that only the alias needs (see hook_path.c); never sleeps. A layer that
 * learns, with aliases, counts as having the alias @key: the policy it
 * learns will (so the second decisions are reported, and learned).
 */
bool st_call_has_key(const struct st_task *t, u32 key);

/* hook_task.c: @t's kill rules on the signal @sig to @p; never sleeps. */
int st_kill_decide(const struct st_task *t, struct task_struct *p, int sig);

/*
 * hook_tty.c: may current, whose ioctl rules permitted @cmd (TIOCSTI or
 * TIOCLINUX) on @file, type into that terminal? 0 or -EPERM (logged).
 */
int st_tty_typing(struct file *file, unsigned int cmd);

/* Append the argument @arg[@idx] = @str (NUL-terminated) to @c. */
void st_call_arg(struct st_call *c, u8 arg, u8 idx, const char *str);

#endif /* _SYSTRACE_HOOK_CALL_H */
