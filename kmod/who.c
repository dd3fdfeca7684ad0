// SPDX-License-Identifier: GPL-2.0
/*
 * systrace: the caller of a call, as log lines, events and questions name
 * it: its uid and user name, its program's path, pid and parent, and the
 * number of the system call it made, its working directory. A leaf: it
 * calls nothing of the
 * module but the user table (users.c) and the quoting of format.c
 * (Documentation/kernel-internals.rst).
 */

#include <linux/cred.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/fs_struct.h>
#include <linux/path.h>
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/uidgid.h>
#include <asm/syscall.h>
#include <net/netlink.h>

#include "compat.h"
#include "systrace.h"

/*
 * The number of the system call @c was made by: its last key that is not
 * an alias (keys are the call as systrace named it, then the system call
 * made, then the alias); the task's registers if it has none (or no @c).
 */
static long st_call_nr(const struct st_call *c)
{
	long nr = -1;
	u32 i;

	for (i = 0; c && i < c->nkeys && i < ST_CALL_MAX_KEYS; i++)
		if (SYSTRACE_CALL_NS(c->keys[i]) != SYSTRACE_NS_ALIAS)
			nr = SYSTRACE_CALL_NR(c->keys[i]);
	if (nr < 0 && current->mm)
		nr = syscall_get_nr(current, current_pt_regs());
	return nr;
}

/*
 * The path of current's program, d_path() of its mm's exe_file into @buf
 * (PATH_MAX; NULL: none to be had), cut to its last %ST_PROG_MAX - 4 bytes
 * after "..."; else its comm into @comm. Never sleeps: the file is taken
 * under RCU (not get_task_exe_file(), which takes current's task_lock, as
 * get_task_comm() does: see below).
 */
static const char *st_prog_path(char *buf, char *comm)
{
	struct file *exe = NULL;
	char *p = ERR_PTR(-ENOENT);
	size_t len;

	if (buf && current->mm) {
		rcu_read_lock();
		exe = st_get_exe_file(current->mm);
		rcu_read_unlock();
	}
	if (exe) {
		p = d_path(&exe->f_path, buf, PATH_MAX);
		fput(exe);
	}
	if (!IS_ERR(p)) {
		len = strlen(p);
		if (len < ST_PROG_MAX)
			return p;
		p += len - (ST_PROG_MAX - 4);
		memcpy(p - 3, "...", 3);
		return p - 3;
	}
	/*
	 * Not get_task_comm(): it takes current's task_lock, and some hooks
	 * run under another task's (ptrace_access_check: lockdep saw it).
	 * current's own name, cut and terminated, is what printk shows too.
	 */
	strscpy(comm, current->comm, TASK_COMM_LEN);
	return comm;
}

/*
 * The caller of @c into @w; @buf (PATH_MAX, or NULL) and @comm
 * (TASK_COMM_LEN) hold its strings. The caller holds rcu_read_lock().
 */
void st_who_get(struct st_who *w, const struct st_call *c, char *buf,
		char *comm)
{
	const char *home;
	u32 name_len, home_len;

	w->uid = from_kuid(&init_user_ns, task_uid(current));
	if (!st_users_lookup(w->uid, &w->user, &name_len, &home, &home_len))
		w->user = NULL;
	w->prog = st_prog_path(buf, comm);
	w->pid = task_tgid_nr(current);
	w->ppid = task_ppid_nr(current);
	w->nr = st_call_nr(c);
}

size_t st_log_who_size(bool now)
{
	size_t size = nla_total_size(TASK_COMM_LEN) +
		      nla_total_size(ST_PROG_MAX) +
		      2 * nla_total_size(sizeof(u32));
	u32 name_len = SYSTRACE_USER_NAME_MAX, home_len;
	const char *name, *home;

	if (now) {
		rcu_read_lock();
		if (!st_users_lookup(from_kuid(&init_user_ns,
					       task_uid(current)),
				     &name, &name_len, &home, &home_len))
			name_len = 0;
		else
			name_len++;	/* the NUL */
		rcu_read_unlock();
	}
	return size + (name_len ? nla_total_size(name_len) : 0);
}

/*
 * One PATH_MAX buffer per CPU for the program's path of an event or a
 * question, used with preemption off (every hook that sends one runs in
 * a task's context): a kmalloc() per message would be zeroed first
 * (init_on_alloc), which costs more than the d_path() itself.
 */
char __percpu *st_who_bufs;

int st_who_init(void)
{
	st_who_bufs = __alloc_percpu(PATH_MAX, SMP_CACHE_BYTES);
	return st_who_bufs ? 0 : -ENOMEM;
}

void st_who_exit(void)
{
	free_percpu(st_who_bufs);
	st_who_bufs = NULL;
}

int st_log_put_who(struct sk_buff *msg, const struct st_call *c)
{
	char *buf = get_cpu_ptr(st_who_bufs);
	char comm[TASK_COMM_LEN];
	struct st_who w;
	int ret;

	rcu_read_lock();
	st_who_get(&w, c, buf, comm);
	/* The name the task gave itself, and (EXE) its program's path. */
	strscpy(comm, current->comm, sizeof(comm));
	ret = nla_put_string(msg, SYSTRACE_A_PROG, comm) ||
	      nla_put_string(msg, SYSTRACE_A_EXE, w.prog) ||
	      nla_put_u32(msg, SYSTRACE_A_PPID, w.ppid) ||
	      (w.nr >= 0 && nla_put_u32(msg, SYSTRACE_A_CALL_NR, w.nr)) ||
	      (w.user && nla_put_string(msg, SYSTRACE_A_USER_NAME, w.user));
	rcu_read_unlock();
	put_cpu_ptr(st_who_bufs);
	return ret ? -EMSGSIZE : 0;
}

/*
 * A user name from the table printed bare when it cannot forge a field
 * (as st_arg_bare() says of a kernel's value), else quoted; the uid when
 * the table has none.
 */
static void st_put_user(char *buf, size_t len, const struct st_who *w)
{
	size_t n = 0, i, ulen;

	if (!w->user) {
		scnprintf(buf, len, "%u", w->uid);
		return;
	}
	ulen = strlen(w->user);
	for (i = 0; i < ulen; i++)
		if (w->user[i] <= 0x20 || w->user[i] >= 0x7f ||
		    w->user[i] == '"' || w->user[i] == '\\' ||
		    w->user[i] == ',')
			break;
	if (ulen && i == ulen && ulen < len) {
		memcpy(buf, w->user, ulen + 1);
		return;
	}
	buf[0] = '\0';
	st_put_quoted(buf, len, &n, w->user, ulen, len);
}

/*
 * The caller of @c (NULL: of the system call made) as a log line names it,
 * the fields st_log_deny() and st_log_print() share: into @w (st_who_get(),
 * with @buf and @comm), its user into @user (st_put_user()) and its
 * program's path quoted into @qprog of @qlen bytes, cut rather than grown
 * (a path's bytes may take four each quoted). The caller holds
 * rcu_read_lock() while it uses them.
 */
void st_log_who(struct st_who *w, const struct st_call *c, char *buf,
		char *comm, char user[ST_LOG_USER_MAX], char *qprog, size_t qlen)
{
	size_t n = 0;

	st_who_get(w, c, buf, comm);
	st_put_user(user, ST_LOG_USER_MAX, w);
	st_put_quoted(qprog, qlen, &n, w->prog, strlen(w->prog), qlen);
}

char *st_who_cwd_dup(void)
{
	struct path pwd;
	char *buf, *p, *ret = NULL;

	if (!current->fs)
		return NULL;
	buf = kmalloc(PATH_MAX, GFP_KERNEL);
	if (!buf)
		return NULL;
	get_fs_pwd(current->fs, &pwd);
	p = d_path(&pwd, buf, PATH_MAX);
	path_put(&pwd);
	if (!IS_ERR(p))
		ret = kstrdup(p, GFP_KERNEL);
	kfree(buf);
	return ret;
}
