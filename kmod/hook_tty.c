// SPDX-License-Identifier: GPL-2.0
/*
 * systrace: terminals and job control (__send_signal_locked(),
 * tty_insert_flip_string_and_push_buffer(), and TIOCSTI and TIOCLINUX for
 * hook_misc.c).
 *
 * Job control's signals are sent by the kernel, not by kill(): a
 * terminal's (^C, ^\ and ^Z read by its line discipline, TIOCSIG on a
 * pseudo-terminal's master, its hangup, TIOCSWINSZ's SIGWINCH, a session
 * leader's exit) and an orphaned process group's (SIGHUP and SIGCONT when
 * the exit of a task leaves a stopped group without a parent in its
 * session). They go with SEND_SIG_PRIV: no check_kill_permission(), no
 * task_kill hook. A confined task C would set them off for a process P
 * outside its confinement that shares a terminal or a session with it,
 * whatever C's kill rules say. Here:
 *
 * - such a signal, sent while C is the current task (its ioctl, write,
 *   close or exit), to a process outside C's confinement, is decided by
 *   C's kill rules as a kill() of that signal to that process; denied,
 *   the signal is not sent (__send_signal_locked(), under the target's
 *   siglock: the decision and the send are one step);
 * - the line discipline reads a pseudo-terminal's input in a worker, where
 *   C is no longer current: so C's write into a master is decided before
 *   the input is queued, as the signals its characters can raise (SIGINT,
 *   SIGQUIT, SIGTSTP: which character raises which is the slave's
 *   termios, which the master can change meanwhile) to each process of
 *   the slave's foreground group outside C's confinement; denied, the
 *   write fails with EPERM;
 * - TIOCSTI types input into a terminal that other processes read as
 *   their own (the shell that started C runs what C typed), and so does
 *   TIOCLINUX on a virtual console (TIOCL_SETSEL, then TIOCL_PASTESEL; 6.1
 *   lets a console's own session do it): a confined task may use either,
 *   if its ioctl rules permit, only on a terminal whose session's
 *   processes are all inside its confinement. Every TIOCLINUX subcode: the
 *   kernel reads it from user memory after this hook.
 *
 * - the hangup of a master's last close comes from wherever that close
 *   is: C's close or exit, but also a kernel worker (an io_uring torn
 *   down with the master as one of its registered files, a descriptor in
 *   flight in a unix socket freed by its garbage collector: the delayed
 *   fput()). So a master a confined task opens (ptmx_open()) or receives
 *   (file_receive) is recorded with its confinement, and forgotten when the
 *   file is freed (security_file_free); a kernel thread that releases it
 *   (tty_release()) is marked with that confinement meanwhile, and the
 *   hangup's signals it sends are decided by that confinement's kill rules
 *   as if C sent them. A process that closes the master acts as itself.
 *
 * Signals to tasks inside C's confinement are not decided here (as its
 * scope rules, "inside one confinement nothing is scoped"). See "Other
 * processes as proxies" in Documentation/security.rst.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/hash.h>
#include <linux/list_bl.h>
#include <linux/pid.h>
#include <linux/rculist_bl.h>
#include <linux/slab.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/signal.h>
#include <linux/tty.h>
#include <linux/tty_port.h>
#include <asm/ibt.h>

#include "compat.h"
#include "hook_call.h"

/* The signals a terminal and job control send (SEND_SIG_PRIV). */
#define ST_JOBCTL_SIGNALS						\
	(sigmask(SIGHUP) | sigmask(SIGCONT) | sigmask(SIGINT) |		\
	 sigmask(SIGQUIT) | sigmask(SIGTSTP) | sigmask(SIGTTIN) |	\
	 sigmask(SIGTTOU) | sigmask(SIGWINCH))

/* The signals a terminal's input raises (the line discipline's isig()). */
static const int st_input_signals[] = { SIGINT, SIGQUIT, SIGTSTP };

/*
 * May the confinement @t have the kernel send @sig to @p? Only @t's kill
 * rules know; a process of @t's confinement (or current's own) is not
 * theirs to decide here. Never sleeps.
 */
static int st_tty_kill_decide(const struct st_task *t, struct task_struct *p,
			      int sig)
{
	if (same_thread_group(p, current) || st_task_reaches(t, p))
		return 0;
	return st_kill_decide(t, p, sig);
}

#define ST_PTM_HASH_BITS	6

/**
 * struct st_ptm - a pseudo-terminal's master that a confined task opened
 *	or received.
 * @node: in its bucket of st_ptm_table; written under the bucket's lock,
 *	read under RCU.
 * @file: the key; not a reference (the record goes in security_file_free).
 * @t: the confinement (a reference held).
 * @releaser: the thread in tty_release() for @file, or NULL.
 * @rcu: frees the record after a grace period.
 */
struct st_ptm {
	struct hlist_bl_node node;
	const struct file *file;
	struct st_task *t;
	struct task_struct *releaser;
	struct rcu_head rcu;
};

static struct hlist_bl_head st_ptm_table[1 << ST_PTM_HASH_BITS];
/* Records in st_ptm_table; hook_file.c's st_file_free looks while any. */
atomic_long_t st_ptm_nr = ATOMIC_LONG_INIT(0);
/* Records whose @releaser is set: while none, a signal looks no further. */
static atomic_t st_ptm_releasing = ATOMIC_INIT(0);

static struct hlist_bl_head *st_ptm_bucket(const struct file *file)
{
	return &st_ptm_table[hash_ptr(file, ST_PTM_HASH_BITS)];
}

/* The caller holds the bucket's lock or rcu_read_lock(). */
static struct st_ptm *st_ptm_find(const struct file *file)
{
	struct hlist_bl_node *pos;
	struct st_ptm *m;

	hlist_bl_for_each_entry_rcu(m, pos, st_ptm_bucket(file), node)
		if (m->file == file)
			return m;
	return NULL;
}

/*
 * The confinement current releases a master for (tty_release()), or NULL;
 * the caller holds rcu_read_lock(). Walks the table: only while a
 * recorded master is being released.
 */
static const struct st_task *st_ptm_releasing_for(void)
{
	struct hlist_bl_node *pos;
	struct st_ptm *m;
	unsigned int i;

	if (!atomic_read(&st_ptm_releasing))
		return NULL;
	for (i = 0; i < ARRAY_SIZE(st_ptm_table); i++)
		hlist_bl_for_each_entry_rcu(m, pos, &st_ptm_table[i], node)
			if (READ_ONCE(m->releaser) == current)
				return m->t;
	return NULL;
}

/* Is job control's @sig to @p, set off by current, one its rules deny? */
static noinline bool st_jobctl_denied(int sig, struct kernel_siginfo *info,
				      struct task_struct *p)
{
	const struct st_task *t;
	bool denied;

	if (info != SEND_SIG_PRIV || sig < 1 || sig >= 32 ||
	    !(sigmask(sig) & ST_JOBCTL_SIGNALS) || !in_task())
		return false;
	t = st_task_current();
	if (t)
		return st_tty_kill_decide(t, p, sig);
	/* A master's hangup, where its holder is not current. */
	rcu_read_lock();
	t = st_ptm_releasing_for();
	denied = t && st_tty_kill_decide(t, p, sig);
	rcu_read_unlock();
	return denied;
}

/*
 * __send_signal_locked(): every signal sent to a task but a timer's
 * (send_sigqueue()) is queued here, under @p's siglock with interrupts
 * off. While nothing is confined and no master recorded, the direct call
 * returns into it at once. The orig variables are read-mostly data,
 * not .bss: there, one would follow hook_task.c's st_fown_table, whose
 * end address (a loop's bound) scripts/ibt-test cannot tell from theirs.
 */
static unsigned long st_send_signal_orig __read_mostly;

static int st_send_signal(int sig, struct kernel_siginfo *info,
			  struct task_struct *p, enum pid_type type,
			  bool force)
{
	int ret = -EPERM;

	st_hook_call_begin();
	if (!st_jobctl_denied(sig, info, p))
		ret = st_call5(sig, (unsigned long)info, (unsigned long)p, type,
			       force, st_send_signal_orig);
	st_hook_call_end();
	return ret;
}

/*
 * While a task is confined, or a master recorded (its hangup may come
 * after the last confined task is gone): else into the function at once.
 */
__ST_HOOK_DIRECT(st_send_signal_direct, st_send_signal,
		 "cmpq $0, st_task_nr(%rip)\n\t"
		 "jne 2f\n\t"
		 "cmpq $0, st_ptm_nr(%rip)\n\t"
		 "je 1f\n"
		 "2:\n\t");

/*
 * Would input current writes to @port (a pseudo-terminal's, from the
 * other side) raise a signal its kill rules deny? Process context, the
 * writer's: n_tty_write() holds the tty's write lock and may sleep.
 */
static noinline bool st_tty_input_denied(struct tty_port *port)
{
	const struct st_task *t;
	struct tty_struct *tty;
	struct task_struct *p;
	struct pid *pgrp;
	bool denied = false;
	unsigned int i;

	t = st_task_current();
	if (!t)
		return false;
	/*
	 * The other side's tty: a pty's port has no port->tty, only the
	 * tty it was installed for, freed with the pair, which the writer's
	 * side holds open. The master side's own input (a slave's output)
	 * has no group.
	 */
	tty = READ_ONCE(port->itty);
	pgrp = tty ? tty_get_pgrp(tty) : NULL;
	if (!pgrp)
		return false;
	rcu_read_lock();
	do_each_pid_task(pgrp, PIDTYPE_PGID, p) {
		for (i = 0; i < ARRAY_SIZE(st_input_signals) && !denied; i++)
			denied = st_tty_kill_decide(t, p, st_input_signals[i]);
		if (denied)
			goto out;
	} while_each_pid_task(pgrp, PIDTYPE_PGID, p);
out:
	rcu_read_unlock();
	put_pid(pgrp);
	return denied;
}

/*
 * tty_insert_flip_string_and_push_buffer(): a pseudo-terminal's write
 * (pty_write()) into the other side's input; its worker reads it later.
 */
static unsigned long st_tty_push_orig __read_mostly;

static int st_tty_push(struct tty_port *port, const unsigned char *chars,
		       size_t size)
{
	int ret = -EPERM;

	st_hook_call_begin();
	if (!st_tty_input_denied(port))
		ret = st_call3((unsigned long)port, (unsigned long)chars, size,
			       st_tty_push_orig);
	st_hook_call_end();
	return ret;
}

ST_HOOK_DIRECT_CONFINED(st_tty_push_direct, st_tty_push);

/*
 * tty_ioctl(), the ioctl of every terminal's file (base.c resolves it,
 * through a kprobe, whose address skips the function's ENDBR under IBT).
 */
static bool st_file_is_tty(const struct file *file)
{
	unsigned long fn = (unsigned long)file->f_op->unlocked_ioctl;

	return fn && st_tty_ioctl_addr &&
	       (fn == st_tty_ioctl_addr ||
		fn + ENDBR_INSN_SIZE == st_tty_ioctl_addr);
}

/* @file's terminal, or NULL: tty_io.c's file_tty(), which is private. */
static struct tty_struct *st_file_tty(const struct file *file)
{
	if (!st_file_is_tty(file))
		return NULL;
	return ((struct tty_file_private *)file->private_data)->tty;
}

/* Is @file a pseudo-terminal's master? */
static bool st_file_is_master(const struct file *file)
{
	struct tty_struct *tty = st_file_tty(file);

	return tty && tty->driver->subtype == PTY_TYPE_MASTER;
}

int st_tty_typing(struct file *file, unsigned int cmd)
{
	const char *what = cmd == TIOCSTI ? "TIOCSTI" : "TIOCLINUX";
	struct tty_struct *tty;
	struct task_struct *p;
	struct pid *session;
	unsigned long flags;
	pid_t outside = 0;

	tty = st_file_tty(file);
	if (!tty)
		return 0;
	spin_lock_irqsave(&tty->ctrl.lock, flags);
	session = get_pid(tty->ctrl.session);
	spin_unlock_irqrestore(&tty->ctrl.lock, flags);
	if (!session) {
		st_log_deny("ioctl", NULL, EPERM,
			    "%s into a terminal of no session: its readers are not known",
			    what);
		return -EPERM;
	}
	rcu_read_lock();
	do_each_pid_task(session, PIDTYPE_SID, p) {
		if (!st_task_may_reach(current, p)) {
			outside = task_tgid_nr(p);
			goto out;
		}
	} while_each_pid_task(session, PIDTYPE_SID, p);
out:
	rcu_read_unlock();
	put_pid(session);
	if (!outside)
		return 0;
	st_log_deny("ioctl", NULL, EPERM,
		    "%s into a terminal whose session has pid %d, outside the confinement",
		    what, outside);
	return -EPERM;
}

static void st_ptm_free_rcu(struct rcu_head *rcu)
{
	struct st_ptm *m = container_of(rcu, struct st_ptm, rcu);

	st_task_put(m->t);
	kfree(m);
}

/*
 * A record of confinement @t (its reference consumed), not in the table
 * yet; NULL: no memory, or no @t.
 */
static noinline struct st_ptm *st_ptm_new(struct st_task *t, gfp_t gfp)
{
	struct st_ptm *m;

	if (!t)
		return NULL;
	m = kzalloc(sizeof(*m), gfp);
	if (!m) {
		st_task_put(t);
		return NULL;
	}
	m->t = t;
	return m;
}

/* Put @m in the table as @file's record, in place of any. */
static noinline void st_ptm_insert(struct file *file, struct st_ptm *m)
{
	struct hlist_bl_head *b = st_ptm_bucket(file);
	struct st_ptm *old;

	m->file = file;
	atomic_long_inc(&st_ptm_nr);
	atomic_long_inc(&st_file_records);
	hlist_bl_lock(b);
	old = st_ptm_find(file);
	if (old)
		hlist_bl_del_rcu(&old->node);
	hlist_bl_add_head_rcu(&m->node, b);
	hlist_bl_unlock(b);
	if (old) {
		atomic_long_dec(&st_ptm_nr);
		atomic_long_dec(&st_file_records);
		call_rcu(&old->rcu, st_ptm_free_rcu);
	}
}

static noinline void st_ptm_discard(struct st_ptm *m)
{
	st_task_put(m->t);
	kfree(m);
}

/* hook_file.c's st_file_free: @file goes; so does its record. */
void st_tty_file_free(struct file *file)
{
	struct hlist_bl_head *b = st_ptm_bucket(file);
	struct st_ptm *m;

	rcu_read_lock();
	m = st_ptm_find(file);
	rcu_read_unlock();
	if (!m)
		return;
	hlist_bl_lock(b);
	m = st_ptm_find(file);
	if (m)
		hlist_bl_del_rcu(&m->node);
	hlist_bl_unlock(b);
	if (m) {
		atomic_long_dec(&st_ptm_nr);
		atomic_long_dec(&st_file_records);
		call_rcu(&m->rcu, st_ptm_free_rcu);
	}
}

/*
 * hook_file.c's file_receive: a confined task received @file, which its
 * policy permitted; a master is recorded. 0, or -ENOMEM (refused: its
 * hangup would go undecided).
 */
int st_tty_received(struct file *file)
{
	struct st_ptm *m;

	if (!st_file_is_master(file))
		return 0;
	m = st_ptm_new(st_task_current_get(), GFP_KERNEL);
	if (!m)
		return -ENOMEM;
	st_ptm_insert(file, m);
	return 0;
}

int st_tty_adopt(struct task_struct *p, gfp_t gfp)
{
	struct st_task *t = st_task_get_of(p);
	unsigned int fd = 0;
	struct st_ptm *m;
	struct file *file;
	int ret = 0;

	if (!t)
		return 0;
	for (; !ret && (file = st_task_next_file(p, &fd)); fd++) {
		if (st_file_is_master(file)) {
			kref_get(&t->ref);
			m = st_ptm_new(t, gfp);
			if (m)
				st_ptm_insert(file, m);
			else
				ret = -ENOMEM;
		}
		fput(file);
	}
	st_task_put(t);
	return ret;
}

/*
 * ptmx_open(): a master made. A confined opener's record is made first
 * (no memory: the open fails, fail closed) and kept if the open succeeds.
 */
static unsigned long st_ptmx_open_orig __read_mostly;

static int st_ptmx_open(struct inode *inode, struct file *filp)
{
	struct st_ptm *m = NULL;
	int ret = -ENOMEM;

	st_hook_call_begin();
	if (st_task_current()) {
		m = st_ptm_new(st_task_current_get(), GFP_KERNEL);
		if (!m)
			goto out;
	}
	ret = st_call3((unsigned long)inode, (unsigned long)filp, 0,
		       st_ptmx_open_orig);
	if (m && !ret)
		st_ptm_insert(filp, m);
	else if (m)
		st_ptm_discard(m);
out:
	st_hook_call_end();
	return ret;
}

ST_HOOK_DIRECT_CONFINED(st_ptmx_open_direct, st_ptmx_open);

/* Mark current as releasing @filp's master, if recorded; true if so. */
static noinline bool st_ptm_release_begin(const struct file *filp)
{
	struct st_ptm *m;

	rcu_read_lock();
	m = st_ptm_find(filp);
	if (m) {
		WRITE_ONCE(m->releaser, current);
		atomic_inc(&st_ptm_releasing);
	}
	rcu_read_unlock();
	return m;
}

static noinline void st_ptm_release_end(const struct file *filp)
{
	struct st_ptm *m;

	rcu_read_lock();
	m = st_ptm_find(filp);
	if (m)
		WRITE_ONCE(m->releaser, NULL);
	atomic_dec(&st_ptm_releasing);
	rcu_read_unlock();
}

/*
 * tty_release(): a terminal file's last close; in a kernel thread, a
 * recorded master's hangup is decided as its confinement's. While no
 * master is recorded, the direct call returns into it at once. The
 * record stays until security_file_free, which comes after.
 */
static unsigned long st_tty_release_orig __read_mostly;

static int st_tty_release(struct inode *inode, struct file *filp)
{
	bool marked;
	int ret;

	st_hook_call_begin();
	/*
	 * Only where the kernel closes it: a process that holds the master
	 * and closes it (C, or one C gave it to) acts as itself.
	 */
	marked = (current->flags & PF_KTHREAD) && st_ptm_release_begin(filp);
	ret = st_call3((unsigned long)inode, (unsigned long)filp, 0,
		       st_tty_release_orig);
	if (marked)
		st_ptm_release_end(filp);
	st_hook_call_end();
	return ret;
}

ST_HOOK_DIRECT_ON(st_tty_release_direct, st_tty_release, st_ptm_nr);

/* After the hooks went: no record is added or looked up any more. */
void st_tty_exit(void)
{
	struct hlist_bl_node *pos, *tmp;
	struct st_ptm *m;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(st_ptm_table); i++) {
		hlist_bl_for_each_entry_safe(m, pos, tmp, &st_ptm_table[i],
					     node) {
			hlist_bl_del(&m->node);
			call_rcu(&m->rcu, st_ptm_free_rcu);
		}
	}
	rcu_barrier();
}

static const struct st_hook st_tty_hook_list[] = {
	{ ST_HOOK_FN(__send_signal_locked, st_send_signal),
	  .orig = &st_send_signal_orig, .direct = st_send_signal_direct },
	{ ST_HOOK_FN(tty_insert_flip_string_and_push_buffer, st_tty_push),
	  .orig = &st_tty_push_orig, .direct = st_tty_push_direct },
	{ ST_HOOK_FN(ptmx_open, st_ptmx_open),
	  .orig = &st_ptmx_open_orig, .direct = st_ptmx_open_direct },
	{ ST_HOOK_FN(tty_release, st_tty_release),
	  .orig = &st_tty_release_orig, .direct = st_tty_release_direct },
};
ST_HOOK_SET(st_tty_hooks, st_tty_hook_list);
