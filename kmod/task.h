/* SPDX-License-Identifier: GPL-2.0 */
/*
 * systrace: task.c's table of confined tasks, for the one reader outside
 * task.c: the syscall filter (syscall.c), which looks current up inline on
 * every filtered call. Only task.c writes the table; the lifetime rules of
 * its entries are at the top of task.c.
 */
#ifndef _SYSTRACE_TASK_H
#define _SYSTRACE_TASK_H

#include <linux/hash.h>
#include <linux/list.h>
#include <linux/list_bl.h>
#include <linux/rcupdate.h>
#include <linux/types.h>
#include <asm/current.h>

struct st_task;
struct task_struct;

#define ST_TASK_HASH_BITS	12

/**
 * struct st_task_entry - the confinement of one task.
 * @node: in its bucket of st_task_table; protected by the bucket's lock,
 *	read under RCU.
 * @pending: in st_pending_list between an exec's decision and its point of
 *	no return; protected by st_pending_lock.
 * @task: the task, the key; not a reference (the entry goes in task_free).
 * @bprm: while pending, the exec it was prepared for.
 * @t: the confinement (one reference held). Changed only by an attach
 *	(see the top of task.c): read it with READ_ONCE(). On
 *	st_onexec_list, the one layer to add at the next exec.
 * @in_seccomp: the task holds st_hook_ref in the seccomp original (see
 *	st_task_seccomp_begin()); taken back with xchg() by whoever drops it.
 * @rcu: frees the entry, and drops its slot reference, after a grace period.
 */
struct st_task_entry {
	struct hlist_bl_node node;
	struct list_head pending;
	struct task_struct *task;
	const void *bprm;
	struct st_task *t;
	bool in_seccomp;
	struct rcu_head rcu;
};

/* Keyed by the task_struct pointer; each bucket's bit lock guards writers. */
extern struct hlist_bl_head st_task_table[1 << ST_TASK_HASH_BITS];

static inline struct hlist_bl_head *st_bucket(const struct task_struct *t)
{
	return &st_task_table[hash_ptr(t, ST_TASK_HASH_BITS)];
}

/*
 * current's confinement, or NULL: the syscall filter's lookup, inline.
 * The caller holds rcu_read_lock_sched(): entries are freed by call_rcu(),
 * which waits for readers with preemption off too, and that section is an
 * increment and a decrement of the preempt count where rcu_read_lock() and
 * rcu_read_unlock() are two calls. The walk is hlist_bl_for_each_entry_rcu()
 * with the check of the flavour held: rculist_bl.h's checks
 * rcu_read_lock_held(), which PROVE_RCU finds false here. What it returns
 * stays valid after the section: current's entry and confinement are stable
 * for current (task.c).
 */
static __always_inline const struct st_task *st_task_current_sched(void)
{
	struct task_struct *task = current;
	struct hlist_bl_head *b = st_bucket(task);
	struct hlist_bl_node *pos;
	struct st_task_entry *e;

	pos = (struct hlist_bl_node *)
	      ((unsigned long)rcu_dereference_sched(b->first) & ~LIST_BL_LOCKMASK);
	for (; pos; pos = rcu_dereference_sched(pos->next)) {
		e = hlist_bl_entry(pos, struct st_task_entry, node);
		if (e->task == task)
			/* Pairs with st_task_attach()'s smp_store_release(). */
			return READ_ONCE(e->t);
	}
	return NULL;
}

#endif /* _SYSTRACE_TASK_H */
