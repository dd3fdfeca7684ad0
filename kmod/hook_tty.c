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
 * Signals to tasks inside C's confinement are not decided here (as its
 * scope rules, "inside one confinement nothing is scoped"). See "Other
 * processes as proxies" in Documentation/security.rst.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/pid.h>
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
 * May the confined task @t have the kernel send @sig to @p? Only @t's
 * kill rules know; a process of @t's confinement (or @t's own) is not
 * theirs to decide here. Never sleeps.
 */
static int st_tty_kill_decide(const struct st_task *t, struct task_struct *p,
			      int sig)
{
	if (same_thread_group(p, current) || st_task_may_reach(current, p))
		return 0;
	return st_kill_decide(t, p, sig);
}

/* Is job control's @sig to @p, set off by current, one its rules deny? */
static noinline bool st_jobctl_denied(int sig, struct kernel_siginfo *info,
				      struct task_struct *p)
{
	const struct st_task *t;

	if (info != SEND_SIG_PRIV || sig < 1 || sig >= 32 ||
	    !(sigmask(sig) & ST_JOBCTL_SIGNALS) || !in_task())
		return false;
	t = st_task_current();
	return t && st_tty_kill_decide(t, p, sig);
}

/*
 * __send_signal_locked(): every signal sent to a task but a timer's
 * (send_sigqueue()) is queued here, under @p's siglock with interrupts
 * off. While nothing is confined, the direct call returns into it at once
 * (ST_HOOK_DIRECT_CONFINED()). The orig variables are read-mostly data,
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

ST_HOOK_DIRECT_CONFINED(st_send_signal_direct, st_send_signal);

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

int st_tty_typing(struct file *file, unsigned int cmd)
{
	const char *what = cmd == TIOCSTI ? "TIOCSTI" : "TIOCLINUX";
	struct tty_struct *tty;
	struct task_struct *p;
	struct pid *session;
	unsigned long flags;
	pid_t outside = 0;

	if (!st_file_is_tty(file))
		return 0;
	/* tty_io.c's file_tty(), private: the file's tty_file_private. */
	tty = ((struct tty_file_private *)file->private_data)->tty;
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

static const struct st_hook st_tty_hook_list[] = {
	{ ST_HOOK_FN(__send_signal_locked, st_send_signal),
	  .orig = &st_send_signal_orig, .direct = st_send_signal_direct },
	{ ST_HOOK_FN(tty_insert_flip_string_and_push_buffer, st_tty_push),
	  .orig = &st_tty_push_orig, .direct = st_tty_push_direct },
};
ST_HOOK_SET(st_tty_hooks, st_tty_hook_list);
