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

#endif /* _SYSTRACE_TASK_H */
