// SPDX-License-Identifier: GPL-2.0
/*
 * systrace: per-task confinement.
 *
 * A confined task has one entry in a hash table keyed by its task_struct
 * pointer. The entry holds its confinement (struct st_task: a stack of
 * layers, each an image's policy with a mode, shared with the task's
 * children). It is created when the task confines itself (st_task_confine_current(), which adds a layer
 * to what the task had), inherited by every task it creates (task_alloc:
 * fork, threads, io_uring workers), replaced at exec (hook_exec.c builds
 * the layers after it) and freed with the task (task_free).
 *
 * Lifetime rules. A hook of a task uses the task's confinement without a
 * reference (st_task_current()) for as long as it runs, sleeping or not,
 * and other tasks read it under RCU. What keeps that sound:
 *
 * 1. An entry (struct st_task_entry) is replaced or removed only by the
 *    task itself (its exec, its CONFINE_SELF, whose system call bodies run
 *    no hook of the task) or when the task is gone (task_free) or the
 *    module is (after every hook drained); it is freed a grace period
 *    after it is unpublished.
 * 2. Another task changes an entry in one way only: SYSTRACE_CMD_ATTACH
 *    (st_task_attach()) either inserts the entry of a thread that had none
 *    (no hook of it holds anything), or stores a new confinement in
 *    &st_task_entry.t (smp_store_release(), under the bucket lock) whose
 *    &st_task.retired holds the one it replaces. A hook of the thread that
 *    read the old one keeps using it: it is freed only after the new one,
 *    so no earlier than the entry, so never under a hook of the thread.
 * 3. Every writer of a thread's entry holds its process's
 *    &signal_struct.cred_guard_mutex (exec holds it from its decision to
 *    its commit; CONFINE_SELF and attach take it), so an attach and the
 *    thread's own change never interleave: a layer is never lost.
 * 4. Fork copies the parent's confinement at task_alloc, early in clone,
 *    and the child joins the process's lists late: a clone in flight
 *    during an attach copies the confinement from before. So the attach
 *    publishes, then walks the process's threads again and brings those
 *    that joined since (st_attach_bring()), under st_fork_lock; and every
 *    new task, on the lists and before it first runs (wake_up_new_task(),
 *    st_task_wake_new()), takes its creator's confinement under the same
 *    lock if it differs from the one it copied (an attach in between can
 *    only have added layers). Without an attach in progress (st_attaching,
 *    with full barriers on both sides) a fork takes no lock. A thread of
 *    the process and a child whose creator's clone had not woken it when
 *    the attach published therefore all have the layer; a child woken
 *    before is a process of its own, as one forked long before. A
 *    process not yet woken is not attached (-EAGAIN): its creator's clone
 *    would not know of the layer. See Documentation/security.rst,
 *    "Attach".
 *
 * Cost for unconfined tasks: st_task_any(), a load and a branch (the
 * number of confined tasks is not 0). Then a hash lookup.
 *
 * Scope: a confined task reaches into another task (traces it, reads or
 * writes its memory, takes its descriptors: the kernel's ptrace access
 * check) only if that task is confined by at least its layers (the same
 * policies of the same slots, each in a mode at least as strict), whatever
 * its policy permits: any other
 * task would be a proxy that makes, for the confined task, calls its
 * policy denies (as Landlock scopes ptrace to a domain and its
 * descendants). Policies are not ordered otherwise: a different policy, or
 * the same one in learn mode, is outside. See Documentation/security.rst.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/hash.h>
#include <linux/highmem.h>
#include <linux/list_bl.h>
#include <linux/mm.h>
#include <linux/netlink.h>
#include <linux/pid_namespace.h>
#include <linux/ptrace.h>
#include <linux/rculist_bl.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "compat.h"
#include "hook.h"
#include "limits.h"
#include "task.h"

/* The most bytes of the new stack's strings read at an exec, for argv. */
#define ST_STRINGS_MAX		(256 * 1024)

struct hlist_bl_head st_task_table[1 << ST_TASK_HASH_BITS];
/* Read by every hook of every task: a cache line of its own. */
atomic64_t st_task_nr ____cacheline_aligned_in_smp = ATOMIC64_INIT(0);

/* Entries prepared by an exec, committed at its point of no return. */
static LIST_HEAD(st_pending_list);
static DEFINE_SPINLOCK(st_pending_lock);

/*
 * Layers that begin at the task's next successful exec: systracectl
 * run confines its child this way, and the child then execs the command.
 * Every call before that exec is the tool's own (reading the netlink
 * acknowledgement, closing its socket); the first call the policy decides
 * is the command's. Protected by st_pending_lock; not inherited on fork.
 */
static LIST_HEAD(st_onexec_list);

/*
 * A fork in flight and an attach (rule 4 at the top of the file): the
 * attach publishes, and brings the threads that joined the process after
 * its walk, under st_fork_lock; a new task that may have copied a
 * confinement older than its parent's is brought up to it under the same
 * lock before it first runs (st_task_wake_new()). st_attaching counts the
 * attaches between their walk and their end, so that a fork takes the lock
 * only while one is in progress, or when its child is behind.
 */
static DEFINE_SPINLOCK(st_fork_lock);
static atomic_t st_attaching = ATOMIC_INIT(0);

/*
 * The syscall filter's flag (syscall.c hooks __secure_computing(), which
 * runs only for a task with SYSCALL_WORK_SECCOMP): task.c owns it, as it
 * follows confinement. Set once the module goes (st_syscall_stop()); read
 * under bucket locks.
 */
static bool st_syscall_stopping;

static void st_syscall_enable(struct task_struct *t)
{
	set_task_syscall_work(t, SECCOMP);
}

/*
 * Clear the flag of @t unless it has a seccomp mode. seccomp sets the mode,
 * then the flag (seccomp_assign_mode(), full barrier between); here the
 * flag is cleared, then the mode read (full barrier between): if this reads
 * no mode, seccomp's flag comes after our clear, and stays.
 */
static void st_syscall_clear(struct task_struct *t)
{
	clear_task_syscall_work(t, SECCOMP);
	/* Pairs with seccomp_assign_mode()'s smp_mb__before_atomic(). */
	smp_mb__after_atomic();
	if (READ_ONCE(t->seccomp.mode) != SECCOMP_MODE_DISABLED)
		set_task_syscall_work(t, SECCOMP);
}

static void st_syscall_fix_child(struct task_struct *child)
{
	if (READ_ONCE(st_syscall_stopping))
		st_syscall_clear(child);
}

/*
 * Bucket locks are taken in task_free, which runs from RCU callbacks and
 * wherever the last task reference goes: interrupts off.
 */
static unsigned long st_bucket_lock(struct hlist_bl_head *b)
{
	unsigned long flags;

	local_irq_save(flags);
	hlist_bl_lock(b);
	return flags;
}

static void st_bucket_unlock(struct hlist_bl_head *b, unsigned long flags)
{
	hlist_bl_unlock(b);
	local_irq_restore(flags);
}

/*
 * Caller holds rcu_read_lock() or the bucket lock: the walk's
 * rcu_dereference_check() wants one of them. Under the sched flavour, the
 * syscall filter's st_task_current_sched() (task.h).
 */
static struct st_task_entry *st_task_find(const struct task_struct *t)
{
	struct st_task_entry *e;
	struct hlist_bl_node *pos;

	hlist_bl_for_each_entry_rcu(e, pos, st_bucket(t), node)
		if (e->task == t)
			return e;
	return NULL;
}

static __always_inline struct st_task_entry *st_task_find_current(void)
{
	struct st_task_entry *e;

	if (!st_task_any())
		return NULL;
	/*
	 * rcu_read_lock(), not the cheaper sched flavour: the bucket walk's
	 * rcu_dereference_check() (rculist_bl.h) wants rcu_read_lock_held(),
	 * and PROVE_RCU reported every such walk on the debug kernel.
	 */
	rcu_read_lock();
	e = st_task_find(current);
	rcu_read_unlock();
	/* Stable for current: see the top of the file. */
	return e;
}

struct st_task *st_task_new(u32 n, gfp_t gfp)
{
	struct st_task *t;

	if (WARN_ON_ONCE(!n || n > ST_MAX_LAYERS))
		return NULL;
	t = kzalloc(struct_size(t, layers, n), gfp);
	if (!t)
		return NULL;
	kref_init(&t->ref);
	t->nlayers = n;
	return t;
}

void st_layer_release(struct st_layer *l)
{
	if (l->slot)
		st_slot_put(l->slot);
	kfree(l->cwd);
	l->slot = NULL;
	l->cwd = NULL;
}

static void st_task_noop_release(struct kref *ref)
{
}

static void st_task_free_rcu(struct rcu_head *rcu)
{
	struct st_task *t = container_of(rcu, struct st_task, rcu), *r;
	u32 i;

	while (t) {
		r = t->retired;
		for (i = 0; i < t->nlayers; i++)
			st_layer_release(&t->layers[i]);
		kfree(t);
		/*
		 * What an attach replaced by @t: unpublished before @t was
		 * published, so a grace period has passed since, and no hook
		 * holds it any more (the top of the file, rule 2). Freed
		 * here if this was its last reference, not a grace period
		 * later: st_task_exit() waits for two levels of callbacks.
		 */
		t = r && kref_put(&r->ref, st_task_noop_release) ? r : NULL;
	}
}

static void st_task_release(struct kref *ref)
{
	struct st_task *t = container_of(ref, struct st_task, ref);

	/* Another task's hook may read it under RCU (st_task_confined()). */
	call_rcu(&t->rcu, st_task_free_rcu);
}

/* Never sleeps: called from task_free. */
void st_task_put(struct st_task *t)
{
	if (t)
		kref_put(&t->ref, st_task_release);
}

/* @t's reference moves into the entry. */
static struct st_task_entry *st_entry_new(struct st_task *t, gfp_t gfp)
{
	struct st_task_entry *e = kzalloc(sizeof(*e), gfp);

	if (!e) {
		st_task_put(t);
		return NULL;
	}
	INIT_LIST_HEAD(&e->pending);
	e->t = t;
	return e;
}

static void st_entry_free(struct st_task_entry *e)
{
	st_task_put(e->t);
	kfree(e);
}

static void st_entry_free_rcu(struct rcu_head *rcu)
{
	st_entry_free(container_of(rcu, struct st_task_entry, rcu));
}

/*
 * Publish @e for @t, which has no entry. Never sleeps. Under
 * the bucket lock, so that st_syscall_stop() sees it or the syscall filter
 * sees its own stop (st_syscall_fix_child()).
 */
static void st_entry_insert(struct task_struct *t, struct st_task_entry *e)
{
	struct hlist_bl_head *b = st_bucket(t);
	unsigned long flags;

	e->task = t;
	/* Counted before the entry can be found (st_task_any()). */
	atomic64_inc(&st_task_nr);
	flags = st_bucket_lock(b);
	hlist_bl_add_head_rcu(&e->node, b);
	st_syscall_fix_child(t);
	st_bucket_unlock(b, flags);
}

/* Replace current's entry @old by @e: never a moment without either. */
static void st_entry_replace(struct st_task_entry *old,
			     struct st_task_entry *e)
{
	struct hlist_bl_head *b = st_bucket(current);
	unsigned long flags;

	e->task = current;
	flags = st_bucket_lock(b);
	hlist_bl_add_head_rcu(&e->node, b);
	hlist_bl_del_rcu(&old->node);
	st_bucket_unlock(b, flags);
	call_rcu(&old->rcu, st_entry_free_rcu);
}

/* Unpublish @t's entry, if it has one; freed after a grace period. */
static void st_entry_remove(struct task_struct *t)
{
	struct hlist_bl_head *b;
	struct st_task_entry *e;
	unsigned long flags;

	if (!st_task_any())
		return;
	b = st_bucket(t);
	flags = st_bucket_lock(b);
	e = st_task_find(t);
	if (e)
		hlist_bl_del_rcu(&e->node);
	st_bucket_unlock(b, flags);
	if (!e)
		return;
	atomic64_dec(&st_task_nr);
	call_rcu(&e->rcu, st_entry_free_rcu);
}

/*
 * st_task_read_strings() - argv from @mm's strings.
 * @mm: the address space (an exec's new one).
 * @start: the first byte of the strings.
 * @end: the end of the strings.
 * @argc: how many strings at @start are argv.
 * @argv: where argv goes, joined by spaces, NUL-terminated.
 * @argv_size: its size; a longer argv is cut.
 *
 * Reads at most ST_STRINGS_MAX bytes, and nothing past argv: the
 * environment is the task's to choose, and no decision depends on it.
 * Sleeps.
 *
 * Return: 0.
 */
int st_task_read_strings(struct mm_struct *mm, unsigned long start,
			 unsigned long end, u32 argc, char *argv, u32 argv_size)
{
	unsigned long addr = start;
	u32 len = 0, idx = 0;

	argv[0] = '\0';
	if (end > start + ST_STRINGS_MAX)
		end = start + ST_STRINGS_MAX;

	mmap_read_lock(mm);
	while (addr < end && idx < argc) {
		unsigned long off = offset_in_page(addr);
		unsigned long n = min(PAGE_SIZE - off, end - addr);
		struct page *page = st_get_remote_page(mm, addr);
		const char *p, *q;

		if (!page)
			break;
		p = kmap_local_page(page);
		for (q = p + off; q < p + off + n && idx < argc; q++) {
			/* The strings' NULs join argv with spaces. */
			char c = *q ? *q : ' ';

			if (!*q && ++idx == argc)
				break;
			if (len < argv_size - 1)
				argv[len++] = c;
		}
		kunmap_local(p);
		put_page(page);
		addr += n;
	}
	mmap_read_unlock(mm);
	argv[len] = '\0';
	return 0;
}

const struct st_task *st_task_current(void)
{
	struct st_task_entry *e = st_task_find_current();

	/* Pairs with st_task_attach()'s smp_store_release(). */
	return e ? READ_ONCE(e->t) : NULL;
}

bool st_task_confined(struct task_struct *t)
{
	bool ret;

	if (!st_task_any())
		return false;
	rcu_read_lock();
	ret = st_task_find(t);
	rcu_read_unlock();
	return ret;
}

/*
 * Is the confinement @inner inside @outer: every layer of @outer among
 * @inner's, with a mode at least as strict? (@inner NULL: unconfined.)
 */
static bool st_domain_in(const struct st_task *outer,
			 const struct st_task *inner)
{
	u32 i, j;

	if (!inner)
		return false;
	if (inner == outer)
		return true;
	for (i = 0; i < outer->nlayers; i++) {
		const struct st_layer *o = &outer->layers[i];

		for (j = 0; j < inner->nlayers; j++) {
			const struct st_layer *l = &inner->layers[j];

			if (l->slot == o->slot && l->index == o->index &&
			    st_mode_strictness(l->mode) >= st_mode_strictness(o->mode))
				break;
		}
		if (j == inner->nlayers)
			return false;
	}
	return true;
}

bool st_task_may_reach(struct task_struct *tracer, struct task_struct *target)
{
	struct st_task_entry *te, *e;
	bool ret = true;

	if (!st_task_any())
		return true;
	rcu_read_lock();
	te = st_task_find(tracer);
	if (te) {
		e = st_task_find(target);
		ret = e && st_domain_in(READ_ONCE(te->t), READ_ONCE(e->t));
	}
	rcu_read_unlock();
	return ret;
}

struct st_task *st_task_get_of(struct task_struct *p)
{
	struct st_task_entry *e;
	struct st_task *t = NULL;

	rcu_read_lock();
	e = st_task_find(p);
	if (e) {
		t = READ_ONCE(e->t);
		kref_get(&t->ref);
	}
	rcu_read_unlock();
	return t;
}

struct st_task *st_task_current_get(void)
{
	return st_task_any() ? st_task_get_of(current) : NULL;
}

bool st_task_reaches(const struct st_task *t, struct task_struct *target)
{
	struct st_task_entry *e;
	bool ret;

	rcu_read_lock();
	e = st_task_find(target);
	ret = e && st_domain_in(t, READ_ONCE(e->t));
	rcu_read_unlock();
	return ret;
}

/*
 * Called from bprm_creds_for_exec: cred_guard_mutex is held, so no tracer
 * attaches or goes before the exec is done.
 */
bool st_task_tracer_admits(const struct st_task *t)
{
	struct task_struct *tracer;
	struct st_task_entry *te;
	bool ret = true;

	if (!st_task_any())
		return true;
	rcu_read_lock();
	tracer = ptrace_parent(current);
	te = tracer ? st_task_find(tracer) : NULL;
	if (te)
		ret = st_domain_in(READ_ONCE(te->t), t);
	rcu_read_unlock();
	return ret;
}

u64 st_task_count(void)
{
	return atomic64_read(&st_task_nr);
}

int st_layer_copy(struct st_layer *to, const struct st_layer *from)
{
	*to = *from;
	to->cwd = NULL;
	if (from->cwd) {
		to->cwd = kstrdup(from->cwd, GFP_KERNEL);
		if (!to->cwd) {
			to->slot = NULL;
			return -ENOMEM;
		}
	}
	st_slot_get(to->slot);
	return 0;
}

/* @old's layers and then @l, in a new confinement; NULL: no memory. */
static struct st_task *st_task_push(const struct st_task *old,
				    const struct st_layer *l)
{
	u32 n = old ? old->nlayers : 0, i;
	struct st_task *t = st_task_new(n + 1, GFP_KERNEL);

	if (!t)
		return NULL;
	for (i = 0; i <= n; i++) {
		if (st_layer_copy(&t->layers[i], i < n ? &old->layers[i] : l)) {
			t->nlayers = i;
			st_task_put(t);
			return NULL;
		}
	}
	return t;
}

static struct st_task_entry *st_onexec_take(struct task_struct *t);

/* Has @t room for one more layer? One stays free for an exec's binding. */
static bool st_task_full(const struct st_task *t)
{
	return t && t->nlayers >= ST_MAX_LAYERS - (st_policy_bound_layer(t) ? 0 : 1);
}

static int st_task_confine_now(const struct st_layer *l);

int st_task_confine_current(const struct st_layer *l, bool onexec)
{
	struct st_task_entry *e, *prev;
	unsigned long flags;
	struct st_task *t;
	int ret;

	if (!onexec) {
		/* Rule 3 at the top of the file: no attach meanwhile. */
		ret = mutex_lock_killable(&current->signal->cred_guard_mutex);
		if (ret)
			return ret;
		ret = st_task_confine_now(l);
		mutex_unlock(&current->signal->cred_guard_mutex);
		return ret;
	}
	if (st_task_full(st_task_current()))
		return -E2BIG;
	t = st_task_push(NULL, l);
	if (!t)
		return -ENOMEM;
	e = st_entry_new(t, GFP_KERNEL);
	if (!e)
		return -ENOMEM;
	e->task = current;
	prev = st_onexec_take(current);
	spin_lock_irqsave(&st_pending_lock, flags);
	list_add(&e->pending, &st_onexec_list);
	spin_unlock_irqrestore(&st_pending_lock, flags);
	if (prev)
		st_entry_free(prev);
	return 0;
}

/* CONFINE_SELF at once; cred_guard_mutex held. */
static int st_task_confine_now(const struct st_layer *l)
{
	struct st_task_entry *old = st_task_find_current(), *e;
	const struct st_task *ot = old ? old->t : NULL;
	struct st_task *t;

	if (st_task_full(ot))
		return -E2BIG;
	t = st_task_push(ot, l);
	if (!t)
		return -ENOMEM;
	e = st_entry_new(t, GFP_KERNEL);
	if (!e)
		return -ENOMEM;
	if (old) {
		st_entry_replace(old, e);
	} else {
		st_entry_insert(current, e);
		st_syscall_enable(current);
	}
	return 0;
}

/**
 * struct st_attach_thread - one thread's part of an attach.
 * @task: the thread (a reference).
 * @old: its confinement before (a reference), or NULL.
 * @t: its confinement after (a reference), shared by the threads that had
 *	the same @old.
 * @e: for a thread without an entry, its new entry (holding its own
 *	reference to @t).
 * @was: @old, not a reference: what a thread that joined the process
 *	after the walk may still have (st_attach_bring()).
 * @new: @t (a reference of its own): what such a thread gets.
 */
struct st_attach_thread {
	struct task_struct *task;
	struct st_task *old;
	struct st_task *t;
	struct st_task_entry *e;
	const struct st_task *was;
	struct st_task *new;
};

/*
 * A confinement before an attach (@was, or NULL) and the one after (@new),
 * for the threads that joined after the walk; @new is referenced by the
 * &st_attach_thread it comes from.
 */
struct st_attach_pair {
	const struct st_task *was;
	struct st_task *new;
};

/* Every thread of @p, each with a reference, into *@out; their number. */
static int st_attach_threads(struct task_struct *p,
			     struct st_attach_thread **out)
{
	struct st_attach_thread *a;
	struct task_struct *th;
	unsigned int cap, n, tries;

	for (tries = 0; tries < 8; tries++) {
		rcu_read_lock();
		cap = get_nr_threads(p) + 8;
		rcu_read_unlock();
		a = kcalloc(cap, sizeof(*a), GFP_KERNEL);
		if (!a)
			return -ENOMEM;
		n = 0;
		rcu_read_lock();
		/*
		 * for_each_thread(), without its lockdep condition on
		 * tasklist_lock, which is not exported (a debug kernel's
		 * PROVE_RCU_LIST references it): the RCU read lock suffices.
		 */
		list_for_each_entry_rcu(th, &p->signal->thread_head,
					thread_node) {
			if (n < cap) {
				get_task_struct(th);
				a[n].task = th;
			}
			n++;
		}
		rcu_read_unlock();
		if (n <= cap) {
			*out = a;
			return n;
		}
		/* Threads came faster than counted: again, with room. */
		while (cap--)
			put_task_struct(a[cap].task);
		kfree(a);
	}
	return -EAGAIN;
}

static void st_attach_release(struct st_attach_thread *a, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		if (a[i].e)
			st_entry_free(a[i].e);	/* its own reference to @t */
		st_task_put(a[i].t);
		st_task_put(a[i].new);
		st_task_put(a[i].old);
		put_task_struct(a[i].task);
	}
	kfree(a);
}

/* The new confinement of every thread, or an error: nothing published. */
static int st_attach_prepare(struct st_attach_thread *a, int n,
			     const struct st_layer *l,
			     struct netlink_ext_ack *extack)
{
	struct st_task_entry *e;
	int i, j;

	for (i = 0; i < n; i++) {
		rcu_read_lock();
		e = st_task_any() ? st_task_find(a[i].task) : NULL;
		if (e) {
			/* Stable: cred_guard_mutex (rule 3). */
			a[i].old = READ_ONCE(e->t);
			kref_get(&a[i].old->ref);
		}
		rcu_read_unlock();
		if (st_task_full(a[i].old)) {
			NL_SET_ERR_MSG(extack, "a thread of the process has as many layers as it may have");
			return -E2BIG;
		}
		for (j = 0; j < i; j++) {
			if (a[j].old == a[i].old) {
				a[i].t = a[j].t;
				kref_get(&a[i].t->ref);
				break;
			}
		}
		if (!a[i].t) {
			a[i].t = st_task_push(a[i].old, l);
			if (!a[i].t)
				return -ENOMEM;
		}
		a[i].was = a[i].old;
		a[i].new = a[i].t;
		kref_get(&a[i].new->ref);
		if (a[i].old)
			continue;
		kref_get(&a[i].t->ref);
		a[i].e = st_entry_new(a[i].t, GFP_KERNEL);
		if (!a[i].e)
			return -ENOMEM;
	}
	return 0;
}

/* Publish thread @a's new confinement; never fails, never sleeps. */
static void st_attach_publish(struct st_attach_thread *a)
{
	struct task_struct *th = a->task;
	struct hlist_bl_head *b = st_bucket(th);
	struct st_task_entry *e;
	struct st_task *prev = NULL;
	unsigned long flags;

	if (a->e) {
		/* The filter flag first: its next system call is decided. */
		st_syscall_enable(th);
		a->e->task = th;
		atomic64_inc(&st_task_nr);
	}
	flags = st_bucket_lock(b);
	e = st_task_find(th);
	if (a->e && !WARN_ON_ONCE(e)) {
		hlist_bl_add_head_rcu(&a->e->node, b);
		st_syscall_fix_child(th);
		a->e = NULL;
	} else if (e && !WARN_ON_ONCE(e->t != a->old)) {
		/*
		 * The first thread of this @old hands its reference to the
		 * new confinement, which keeps it for the hooks of the
		 * threads that still use it (rule 2).
		 */
		if (a->old && !a->t->retired) {
			a->t->retired = a->old;
			a->old = NULL;
		}
		prev = e->t;
		/* Pairs with the READ_ONCE() of st_task_current(). */
		smp_store_release(&e->t, a->t);
		a->t = NULL;	/* the entry's reference now */
	}
	st_bucket_unlock(b, flags);
	if (a->e) {
		/* Never published: no flag without an entry (unload). */
		st_syscall_clear(th);
		atomic64_dec(&st_task_nr);
	}
	st_task_put(prev);	/* the entry's; @retired holds it */
}

/*
 * Bring thread @th, which joined the process after the walk of
 * st_attach_threads() and copied the confinement of a thread that had not
 * been published yet, to that thread's new confinement. Under st_fork_lock
 * and rcu_read_lock(); never sleeps. A thread that cannot be brought (no
 * memory for its entry, or a confinement no thread of the walk had) is
 * killed, with its process: fail closed.
 */
static void st_attach_bring(struct task_struct *th,
			    const struct st_attach_pair *pairs, int m)
{
	struct st_task_entry *e = st_task_find(th), *ne;
	const struct st_task *cur = e ? READ_ONCE(e->t) : NULL;
	struct hlist_bl_head *b = st_bucket(th);
	struct st_task *t, *prev = NULL;
	unsigned long flags;
	int i;

	for (i = 0; i < m; i++)
		if (cur == pairs[i].new)
			return;	/* published, or brought already */
	for (i = 0; i < m && pairs[i].was != cur; i++)
		;
	if (WARN_ON_ONCE(i == m)) {
		send_sig(SIGKILL, th, 1);
		return;
	}
	t = pairs[i].new;
	kref_get(&t->ref);
	if (!e) {
		ne = st_entry_new(t, GFP_ATOMIC);
		if (!ne) {
			send_sig(SIGKILL, th, 1);
			return;
		}
		st_syscall_enable(th);
		st_entry_insert(th, ne);
		return;
	}
	flags = st_bucket_lock(b);
	if (st_task_find(th) == e) {
		prev = e->t;
		/* As st_attach_publish(): hooks of @th may hold @prev. */
		if (prev && !t->retired) {
			t->retired = prev;
			prev = NULL;
		}
		/* Pairs with the READ_ONCE() of st_task_current(). */
		smp_store_release(&e->t, t);
		t = NULL;
	}
	st_bucket_unlock(b, flags);
	st_task_put(prev);
	st_task_put(t);
}

/*
 * Publish every thread's new confinement, then bring those that joined the
 * process since the walk: a clone in flight during the walk copied its
 * parent's confinement (task_alloc) before the publication and joined the
 * thread list after the walk. Those that join later still are brought by
 * st_task_wake_new(), after this unlocks.
 */
static int st_attach_commit(struct task_struct *p, struct st_attach_thread *a,
			    int n)
{
	struct st_attach_pair *pairs;
	struct task_struct *th;
	int i, j, m = 0;

	/* One pair per distinct confinement before (usually one). */
	pairs = kmalloc_array(n, sizeof(*pairs), GFP_KERNEL);
	if (!pairs)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		for (j = 0; j < m && pairs[j].new != a[i].new; j++)
			;
		if (j == m) {
			pairs[m].was = a[i].was;
			pairs[m++].new = a[i].new;
		}
	}
	spin_lock(&st_fork_lock);
	for (i = 0; i < n; i++)
		st_attach_publish(&a[i]);
	rcu_read_lock();
	list_for_each_entry_rcu(th, &p->signal->thread_head, thread_node)
		st_attach_bring(th, pairs, m);
	rcu_read_unlock();
	spin_unlock(&st_fork_lock);
	kfree(pairs);
	return 0;
}

int st_task_attach(u32 nr, const struct st_layer *l,
		   struct netlink_ext_ack *extack, struct task_struct **attached)
{
	struct st_attach_thread *a = NULL;
	struct task_struct *p = NULL;
	struct mutex *guard;
	int n, i, ret;

	rcu_read_lock();
	if (nr <= PID_MAX_LIMIT)
		p = pid_task(find_pid_ns(nr, &init_pid_ns), PIDTYPE_PID);
	if (p)
		get_task_struct(p);
	rcu_read_unlock();
	if (!p) {
		NL_SET_ERR_MSG(extack, "no process has that pid");
		return -ESRCH;
	}
	if (p->flags & PF_KTHREAD) {
		NL_SET_ERR_MSG(extack, "a kernel thread makes no system calls to confine");
		ret = -EPERM;
		goto out_put;
	}
	/*
	 * As ptrace_attach(): no exec of the process between the access
	 * check and the attach (a set-id program would change its
	 * credentials), nor any change of its threads' entries (rule 3).
	 */
	guard = &p->signal->cred_guard_mutex;
	ret = mutex_lock_killable(guard);
	if (ret)
		goto out_put;
	/*
	 * A process not yet woken is its creator's to finish: its fork
	 * brings its confinement up to its parent's (st_task_wake_new()),
	 * which would not know of a layer attached meanwhile.
	 */
	if (READ_ONCE(p->__state) & TASK_NEW) {
		NL_SET_ERR_MSG(extack, "the process is being created");
		ret = -EAGAIN;
		goto out_unlock;
	}
	atomic_inc(&st_attaching);
	/*
	 * Before the walk; pairs with st_task_wake_new(): a fork that saw
	 * no attach in progress put its child on the lists before this walk.
	 */
	smp_mb__after_atomic();
	n = st_attach_threads(p, &a);
	if (n <= 0) {
		ret = n;
		if (!n) {
			NL_SET_ERR_MSG(extack, "the process has exited");
			ret = -ESRCH;
		}
		goto out_done;
	}
	for (i = 0; i < n; i++) {
		if (a[i].task->flags & PF_EXITING)
			continue;	/* it makes no more calls */
		if (!st_call_ptrace_may_access(a[i].task,
					       PTRACE_MODE_ATTACH_REALCREDS)) {
			NL_SET_ERR_MSG(extack, "the caller may not ptrace the process (ptrace_may_access)");
			ret = -EPERM;
			goto out_release;
		}
	}
	ret = st_attach_prepare(a, n, l, extack);
	if (ret)
		goto out_release;
	ret = st_attach_commit(p, a, n);
out_release:
	st_attach_release(a, n);
out_done:
	/* After the publication: a fork that reads 0 sees it. */
	smp_mb__before_atomic();
	atomic_dec(&st_attaching);
out_unlock:
	mutex_unlock(guard);
out_put:
	if (!ret)
		*attached = p;
	else
		put_task_struct(p);
	return ret;
}

/* Take current's pending entry for @bprm, or NULL. */
static struct st_task_entry *st_pending_take(const void *bprm)
{
	struct st_task_entry *e, *found = NULL;
	unsigned long flags;

	if (list_empty_careful(&st_pending_list))
		return NULL;
	spin_lock_irqsave(&st_pending_lock, flags);
	list_for_each_entry(e, &st_pending_list, pending) {
		if (e->task == current && (!bprm || e->bprm == bprm)) {
			list_del_init(&e->pending);
			found = e;
			break;
		}
	}
	spin_unlock_irqrestore(&st_pending_lock, flags);
	return found;
}

/* Drop what an earlier exec of @t prepared and never committed. */
static void st_pending_drop(struct task_struct *t)
{
	struct st_task_entry *e, *tmp;
	unsigned long flags;
	LIST_HEAD(dead);

	if (list_empty_careful(&st_pending_list))
		return;
	spin_lock_irqsave(&st_pending_lock, flags);
	list_for_each_entry_safe(e, tmp, &st_pending_list, pending)
		if (e->task == t)
			list_move(&e->pending, &dead);
	spin_unlock_irqrestore(&st_pending_lock, flags);
	list_for_each_entry_safe(e, tmp, &dead, pending)
		st_entry_free(e);
}


static struct st_task_entry *st_onexec_take(struct task_struct *t)
{
	struct st_task_entry *e, *found = NULL;
	unsigned long flags;

	if (list_empty_careful(&st_onexec_list))
		return NULL;
	spin_lock_irqsave(&st_pending_lock, flags);
	list_for_each_entry(e, &st_onexec_list, pending) {
		if (e->task == t) {
			list_del_init(&e->pending);
			found = e;
			break;
		}
	}
	spin_unlock_irqrestore(&st_pending_lock, flags);
	return found;
}

bool st_task_onexec(struct st_layer *l)
{
	struct st_task_entry *e;
	unsigned long flags;
	bool found = false;

	if (list_empty_careful(&st_onexec_list))
		return false;
	spin_lock_irqsave(&st_pending_lock, flags);
	list_for_each_entry(e, &st_onexec_list, pending) {
		if (e->task == current) {
			/* Only current takes its own entry off the list. */
			found = true;
			break;
		}
	}
	spin_unlock_irqrestore(&st_pending_lock, flags);
	return found && !st_layer_copy(l, &e->t->layers[0]);
}

/**
 * st_task_exec_prepare() - prepare current's confinement after an exec.
 * @bprm: the exec, at bprm_creds_for_exec (before the point of no return).
 * @t: the confinement after it, its reference consumed; NULL: none
 *	(current is not confined and the path has no policy, or @unconfine).
 * @unconfine: with @t NULL: current's confinement ends with the exec
 *	(permit[detach] of every layer).
 *
 * Everything that can fail is done here, where the exec can still fail;
 * st_task_exec_commit() only publishes. May sleep.
 *
 * Return: 0, or -ENOMEM (the exec fails: fail closed).
 */
int st_task_exec_prepare(const struct linux_binprm *bprm, struct st_task *t,
			 bool unconfine)
{
	struct st_task_entry *e;
	unsigned long flags;

	/* A failed exec leaves its entry; the next exec replaces it. */
	st_pending_drop(current);
	if (!t && !unconfine)
		return 0;
	e = st_entry_new(t, GFP_KERNEL);
	if (!e)
		return -ENOMEM;
	e->task = current;
	e->bprm = bprm;
	spin_lock_irqsave(&st_pending_lock, flags);
	list_add(&e->pending, &st_pending_list);
	spin_unlock_irqrestore(&st_pending_lock, flags);
	return 0;
}

/*
 * bprm_committed_creds: past the point of no return, the exec succeeded.
 * True if current's confinement is a new one.
 */
bool st_task_exec_commit(const struct linux_binprm *bprm)
{
	struct st_task_entry *e = st_pending_take(bprm), *old;

	if (!e)
		return false;
	if (!e->t) {
		/* permit[detach]: the new program runs unconfined. */
		st_entry_free(e);
		st_entry_remove(current);
		st_syscall_clear(current);
		return false;
	}
	old = st_task_find_current();
	if (old) {
		st_entry_replace(old, e);
	} else {
		st_entry_insert(current, e);
		st_syscall_enable(current);
	}
	/* A confinement waiting for this exec has begun. */
	old = st_onexec_take(current);
	if (old)
		st_entry_free(old);
	return true;
}

/* task_alloc: current is the parent; @child does not run yet. */
static int st_task_alloc(struct task_struct *child, unsigned long clone_flags)
{
	struct st_task_entry *parent = st_task_find_current(), *e;
	struct st_task *t;
	int ret = 0;

	if (!parent)
		return 0;
	/* The module is going: nothing is confined any more. */
	if (!st_hook_tryenter())
		return 0;
	/*
	 * An attach may replace it meanwhile; the one read stays held by
	 * the new one's &st_task.retired, so the reference is safe to take.
	 */
	t = READ_ONCE(parent->t);
	kref_get(&t->ref);
	e = st_entry_new(t, GFP_KERNEL);
	if (e)
		st_entry_insert(child, e);
	else
		ret = -ENOMEM;	/* the fork fails: fail closed */
	st_hook_exit();
	return ret;
}

/*
 * @child (not run yet), created by current, may have copied at task_alloc
 * a confinement that an attach replaced since, after its walk of current's
 * process: give it current's. Only an attach changes current's
 * confinement while it is in clone, and only by adding a layer, so current's
 * is the child's plus the layers attached since. Under st_fork_lock (see
 * st_task_attach()). A child without an entry gets one; if there is no
 * memory for it, the child is killed before it runs: fail closed.
 * Out of line: its st_hook_exit() may call st_hook_ref's release through a
 * pointer, and the function that loads st_wake_orig has no indirect call
 * (scripts/ibt-test).
 */
static noinline void st_task_catch_up(struct task_struct *child)
{
	struct st_task_entry *pe, *ce, *ne;
	struct st_task *pt, *prev;
	struct hlist_bl_head *b;
	unsigned long flags;

	spin_lock(&st_fork_lock);
	rcu_read_lock();
	pe = st_task_find(current);
	ce = st_task_find(child);
	/* Stable: an attach changes it under st_fork_lock only. */
	pt = pe ? READ_ONCE(pe->t) : NULL;
	if (!pt || (ce && READ_ONCE(ce->t) == pt))
		goto out;
	/* The module is going: nothing is confined any more. */
	if (!st_hook_tryenter())
		goto out;
	kref_get(&pt->ref);
	if (!ce) {
		ne = st_entry_new(pt, GFP_ATOMIC);
		if (ne) {
			st_syscall_enable(child);
			st_entry_insert(child, ne);
		} else {
			send_sig(SIGKILL, child, 1);
		}
	} else {
		b = st_bucket(child);
		flags = st_bucket_lock(b);
		/* No hook of the child has run: nothing holds @prev. */
		prev = ce->t;
		/* Pairs with the READ_ONCE() of st_task_current(). */
		smp_store_release(&ce->t, pt);
		st_bucket_unlock(b, flags);
		st_task_put(prev);
	}
	st_hook_exit();
out:
	rcu_read_unlock();
	spin_unlock(&st_fork_lock);
}

/* Has @child a confinement other than current's? */
static bool st_task_behind(struct task_struct *child)
{
	struct st_task_entry *pe, *ce;
	bool ret;

	rcu_read_lock();
	pe = st_task_find(current);
	ce = st_task_find(child);
	ret = (pe ? READ_ONCE(pe->t) : NULL) != (ce ? READ_ONCE(ce->t) : NULL);
	rcu_read_unlock();
	return ret;
}

static unsigned long st_wake_orig;

/*
 * wake_up_new_task(): every new task, of fork, clone, or the kernel's
 * io_uring and vhost workers, passes here once, on its process's lists,
 * before it first runs; current is the task that created it.
 */
static void st_task_wake_new(struct task_struct *child)
{
	/*
	 * The child is on the lists: pairs with the barrier of
	 * st_task_attach() between st_attaching and its walk. Seeing no
	 * attach in progress, either a later attach's walk finds the child
	 * (a thread), or its publication comes after this (the child is
	 * then a process of its own before it), or it ended before, and
	 * the child's confinement differs from current's.
	 */
	smp_mb();
	if (atomic_read_acquire(&st_attaching) ||
	    (st_task_any() && st_task_behind(child)))
		st_task_catch_up(child);
	st_hook_call1((unsigned long)child, st_wake_orig);
}

void st_task_seccomp_begin(void)
{
	struct st_task_entry *e = st_task_find_current();

	st_hook_enter();
	if (e)
		WRITE_ONCE(e->in_seccomp, true);
	else
		st_hook_exit();
}

void st_task_seccomp_end(void)
{
	struct st_task_entry *e = st_task_find_current();

	if (e && xchg(&e->in_seccomp, false))
		st_hook_exit();
}

/*
 * A filter's kill ends the task inside the original (do_exit()), which
 * never comes back to st_task_seccomp_end(): its reference goes with the
 * task (task_free), or here, for a task that is exiting (PF_EXITING is set
 * early in do_exit(), and a task in a stop has not reached it) but not yet
 * freed, such as an unreaped zombie. The bucket lock holds task_free back:
 * the task cannot be freed while its flags are read.
 */
static void st_entry_release_dead(struct st_task_entry *e)
{
	if (READ_ONCE(e->in_seccomp) &&
	    (READ_ONCE(e->task->flags) & PF_EXITING) &&
	    xchg(&e->in_seccomp, false))
		st_hook_exit();
}

static void st_task_walk(void (*fn)(struct st_task_entry *e));

void st_task_release_dead(void)
{
	st_task_walk(st_entry_release_dead);
}

/* task_free: may run from an RCU callback; never sleeps. */
static void st_task_free(struct task_struct *t)
{
	struct st_task_entry *e;

	st_pending_drop(t);
	e = st_onexec_take(t);
	if (e)
		st_entry_free(e);
	if (st_task_any()) {
		rcu_read_lock();
		e = st_task_find(t);
		if (e && xchg(&e->in_seccomp, false))
			st_hook_exit();
		rcu_read_unlock();
	}
	st_entry_remove(t);
}

/* @fn on every entry, under its bucket's lock (task_free waits). */
static void st_task_walk(void (*fn)(struct st_task_entry *e))
{
	struct st_task_entry *e;
	struct hlist_bl_node *pos;
	unsigned long flags;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(st_task_table); i++) {
		struct hlist_bl_head *b = &st_task_table[i];

		flags = st_bucket_lock(b);
		hlist_bl_for_each_entry(e, pos, b, node)
			fn(e);
		st_bucket_unlock(b, flags);
	}
}

/**
 * st_task_dump() - @fn on confined tasks, resumably, for SYSTRACE_CMD_PS.
 * @pos: where to begin: pos[0] the bucket, pos[1] the entries of it done
 *	already; where to resume when @fn stops the walk.
 * @fn: called under the task's bucket lock (task_free waits: the task and
 *	its confinement stay while it runs; never sleep) and rcu_read_lock();
 *	non-zero stops the walk before that task.
 * @arg: passed to @fn.
 *
 * Return: true when every bucket was walked.
 */
bool st_task_dump(long *pos,
		  int (*fn)(struct task_struct *t, const struct st_task *st,
			    void *arg),
		  void *arg)
{
	struct st_task_entry *e;
	struct hlist_bl_node *bn;
	unsigned long flags;
	long i, n;
	int stop = 0;

	for (i = pos[0]; i < ARRAY_SIZE(st_task_table); i++, pos[1] = 0) {
		struct hlist_bl_head *b = &st_task_table[i];

		if (hlist_bl_empty(b))
			continue;
		n = 0;
		rcu_read_lock();
		flags = st_bucket_lock(b);
		hlist_bl_for_each_entry(e, bn, b, node) {
			if (n++ < pos[1])
				continue;
			stop = fn(e->task, READ_ONCE(e->t), arg);
			if (stop)
				break;
			pos[1] = n;
		}
		st_bucket_unlock(b, flags);
		rcu_read_unlock();
		if (stop) {
			pos[0] = i;
			return false;
		}
		cond_resched();
	}
	pos[0] = i;
	return true;
}

u32 st_task_slot_users(const struct st_slot *slot)
{
	struct st_task_entry *e;
	struct hlist_bl_node *bn;
	const struct st_task *t;
	unsigned long flags;
	unsigned int i;
	u32 j, n = 0;

	if (!st_task_any())
		return 0;
	for (i = 0; i < ARRAY_SIZE(st_task_table); i++) {
		struct hlist_bl_head *b = &st_task_table[i];

		if (hlist_bl_empty(b))
			continue;
		rcu_read_lock();
		flags = st_bucket_lock(b);
		hlist_bl_for_each_entry(e, bn, b, node) {
			/* One per process: its leader, unless it is exiting. */
			if (!thread_group_leader(e->task) ||
			    (READ_ONCE(e->task->flags) & PF_EXITING))
				continue;
			t = READ_ONCE(e->t);
			for (j = 0; j < t->nlayers; j++) {
				if (t->layers[j].slot == slot) {
					n++;
					break;
				}
			}
		}
		st_bucket_unlock(b, flags);
		rcu_read_unlock();
	}
	return n;
}

static void st_entry_stop(struct st_task_entry *e)
{
	st_syscall_clear(e->task);
}

/*
 * Called while every hook is still installed. A task forked meanwhile
 * either is in the table when st_task_walk() passes its bucket, or is
 * inserted later under that bucket's lock and sees st_syscall_stopping.
 * Then wait for tasks between their syscall entry's read of the flag and
 * its call of __secure_computing(), still hooked: they are preempted, not
 * quiescent. (A task that stopped for ptrace in between is quiescent: if
 * the module is gone when it resumes, the original runs on a task without
 * a seccomp mode. Do not unload while confined tasks are ptraced.)
 *
 * A confined task that sleeps inside the original holds st_hook_ref, and
 * unload waits for it (st_seccomp()). Two cases are not held:
 *
 * - An unconfined task with a seccomp filter sleeping in a stop: holding
 *   it would make the next one a leak (below) for every task of the
 *   system. Do not unload while a seccomp-filtered task is in a stop.
 * - A confined, multi-threaded task whose filter answers
 *   SECCOMP_RET_KILL_THREAD exits inside the original (do_exit()) and
 *   never drops its reference: unload then waits forever. Its text is
 *   not needed any more; the count is what leaks.
 */
void st_syscall_stop(void)
{
	WRITE_ONCE(st_syscall_stopping, true);
	st_task_walk(st_entry_stop);
	synchronize_rcu_tasks();
}

static const struct st_hook st_task_hook_list[] = {
	{ ST_HOOK_FN(bpf_lsm_task_alloc, st_task_alloc) },
	{ ST_HOOK_FN(bpf_lsm_task_free, st_task_free) },
	{ ST_HOOK_FN(wake_up_new_task, st_task_wake_new),
	  .orig = &st_wake_orig },
};
ST_HOOK_SET(st_task_hooks, st_task_hook_list);

int st_task_init(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(st_task_table); i++)
		INIT_HLIST_BL_HEAD(&st_task_table[i]);
	st_syscall_stopping = false;
	return 0;
}

/* After the hooks drained: no task can reach an entry any more. */
void st_task_exit(void)
{
	struct st_task_entry *e;
	struct hlist_bl_node *pos, *tmp;
	unsigned long flags;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(st_task_table); i++) {
		struct hlist_bl_head *b = &st_task_table[i];

		flags = st_bucket_lock(b);
		hlist_bl_for_each_entry_safe(e, pos, tmp, b, node) {
			hlist_bl_del_rcu(&e->node);
			atomic64_dec(&st_task_nr);
			call_rcu(&e->rcu, st_entry_free_rcu);
		}
		st_bucket_unlock(b, flags);
	}
	while ((e = list_first_entry_or_null(&st_pending_list,
					     struct st_task_entry, pending))) {
		list_del(&e->pending);
		st_entry_free(e);
	}
	while ((e = list_first_entry_or_null(&st_onexec_list,
					     struct st_task_entry, pending))) {
		list_del(&e->pending);
		st_entry_free(e);
	}
	/*
	 * Our RCU callbacks run module code and drop slot references; an
	 * entry's callback queues its confinement's (st_task_put()): twice.
	 */
	rcu_barrier();
	rcu_barrier();
}
