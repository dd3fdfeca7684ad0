// SPDX-License-Identifier: GPL-2.0
/*
 * systrace: hooking kernel functions with ftrace.
 *
 * A module cannot register LSM hooks after boot (6.1 makes the hook lists
 * read-only after init, 6.12 makes them static calls). What works: an
 * ftrace_ops on the function's entry whose callback points the saved
 * instruction pointer at a wrapper in this module (FTRACE_OPS_FL_IPMODIFY).
 * The trampoline then "returns" into the wrapper, which runs in the hooked
 * function's own context with its arguments, and returns to its caller.
 *
 * __secure_computing, which every filtered system call of a confined task
 * enters, and security_file_open, which every open enters, are hooked by
 * an ftrace direct call instead (&st_hook.direct, ST_HOOK_DIRECT()): the
 * function's entry calls a trampoline of the module, with no registers
 * saved and no callback, some 70 instructions less per call; for
 * security_file_open the trampoline returns into the function at once
 * while no task is confined (ST_HOOK_DIRECT_CONFINED()). If another
 * direct caller has the function (a BPF fentry program), the ftrace_ops
 * serves; one that comes after the module is refused while it is loaded.
 * The bpf_lsm stubs keep the ftrace_ops: a BPF LSM program is a direct
 * caller of its stub, and either must attach whatever the order (which is
 * why file_open is hooked in security_file_open, not in its stub).
 *
 * Most hooks are on the bpf_lsm_<hook> stubs: the BPF LSM calls them after
 * every other LSM allowed the operation, there is no original to call, and
 * no indirect call is needed (IBT). That only works while the BPF LSM is
 * active (in the boot LSM list): st_hooks_init() checks it by opening a
 * file with a probe on bpf_lsm_file_open, and refuses to load otherwise.
 *
 * Unload: the syscall filter is stopped first (its flag must go before its
 * hook: main.c calls st_syscall_stop() before st_hooks_exit()), then every
 * ftrace_ops is unregistered, then the wrappers still running drain:
 * synchronize_rcu_tasks() for those preempted anywhere in a wrapper
 * (preemption is not a quiescent state of RCU tasks), st_hook_calls and
 * then st_hook_ref for those sleeping in one (a voluntary sleep is).
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/completion.h>
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/linkage.h>
#include <linux/module.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/slab.h>

#include "compat.h"
#include "hook.h"

/* Every hook of the module; installed in this order, removed in reverse. */
static const struct st_hook_set *const st_hook_sets[] = {
	&st_task_hooks,
	&st_syscall_hooks,
	&st_file_hooks,
	&st_exec_hooks,
	&st_net_hooks,
	&st_path_hooks,
	&st_proc_hooks,
	&st_mm_hooks,
	&st_misc_hooks,
	&st_xattr_hooks,
	&st_tty_hooks,
	&st_uring_hooks,
};

/**
 * struct st_hook_state - one installed hook.
 * @hook: its description.
 * @ops: its ftrace_ops; registered from st_hooks_init() to st_hooks_exit().
 * @registered: @ops is registered.
 * @direct: @ops is registered as a direct call to &st_hook.direct.
 */
struct st_hook_state {
	const struct st_hook *hook;
	struct ftrace_ops ops;
	bool registered;
	bool direct;
};

static struct st_hook_state *st_hook_states;
static unsigned int st_nhook_states;

static DECLARE_COMPLETION(st_hook_drained);

/* Calls of an original in flight (st_hook_call_begin()), on all CPUs. */
static long st_hook_calls_sum(void)
{
	long n = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		n += per_cpu(st_hook_calls, cpu);
	return n;
}

static void notrace st_hook_redirect(unsigned long ip, unsigned long parent_ip,
				     struct ftrace_ops *ops,
				     struct ftrace_regs *fregs)
{
	struct st_hook_state *h = container_of(ops, struct st_hook_state, ops);

	/*
	 * The wrapper calling the original: let it run. (Not within_module():
	 * it tests every section of the module, at every filtered call.)
	 */
	if (h->hook->orig && parent_ip - st_text_start < st_text_size)
		return;
	st_ftrace_set_ip(fregs, (unsigned long)h->hook->func);
}

/*
 * The direct call of @h: the function's entry calls &st_hook.direct. Fails
 * (-EBUSY) where another direct caller has the function already: a BPF
 * trampoline (fentry, or a BPF LSM program); the caller then installs the
 * ftrace_ops instead, which shares the function with it.
 */
static int st_hook_install_direct(struct st_hook_state *h)
{
	const char *name = h->hook->name;
	int ret;

	ret = ftrace_set_filter(&h->ops, (unsigned char *)name, strlen(name),
				0);
	if (!ret)
		ret = st_register_ftrace_direct(&h->ops,
						(unsigned long)h->hook->direct);
	if (ret) {
		pr_info("%s: no direct call (%d), an ftrace_ops instead\n",
			name, ret);
		ftrace_free_filter(&h->ops);
		memset(&h->ops, 0, sizeof(h->ops));
		return ret;
	}
	h->registered = true;
	h->direct = true;
	return 0;
}

static int st_hook_install(struct st_hook_state *h)
{
	const struct st_hook *hook = h->hook;
	unsigned int i;
	int ret;

	if (hook->orig) {
		*hook->orig = st_hook_resolve(hook->name);
		if (!*hook->orig) {
			pr_err("cannot resolve %s\n", hook->name);
			return -ENOENT;
		}
	}
	/* Before the hook decides them, so that no call is missed. */
	for (i = 0; i < hook->ncovers; i++)
		st_syscall_cover(hook->covers[i].ns, hook->covers[i].nr);
	if (hook->direct && !st_hook_install_direct(h))
		return 0;
	/*
	 * No FTRACE_OPS_FL_RECURSION: st_hook_redirect() calls nothing and
	 * uses no RCU, so the trampoline may call it directly, without the
	 * recursion guard of ftrace_ops_assist_func() (a third of what a
	 * hooked function costs a task that is not confined).
	 */
	h->ops.func = st_hook_redirect;
	h->ops.flags = FTRACE_OPS_FL_SAVE_REGS | FTRACE_OPS_FL_IPMODIFY;
	ret = ftrace_set_filter(&h->ops, (unsigned char *)hook->name,
				strlen(hook->name), 0);
	if (ret) {
		pr_err("cannot trace %s: %d\n", hook->name, ret);
		return ret;
	}
	ret = register_ftrace_function(&h->ops);
	if (ret) {
		/* -EBUSY: another IPMODIFY user (livepatch) has it. */
		pr_err("cannot hook %s: %d\n", hook->name, ret);
		ftrace_free_filter(&h->ops);
		return ret;
	}
	h->registered = true;
	return 0;
}

/* The probe: did the BPF LSM call bpf_lsm_file_open for our open? */
static struct task_struct *st_probe_task;
static bool st_probe_hit;

static void notrace st_probe_func(unsigned long ip, unsigned long parent_ip,
				  struct ftrace_ops *ops,
				  struct ftrace_regs *fregs)
{
	if (READ_ONCE(st_probe_task) == current)
		WRITE_ONCE(st_probe_hit, true);
}

static struct ftrace_ops st_probe_ops = {
	.func = st_probe_func,
	.flags = FTRACE_OPS_FL_RECURSION,
};

static int st_hooks_check_bpf_lsm(void)
{
	static const char name[] = "bpf_lsm_file_open";
	struct file *f;
	int ret;

	ret = ftrace_set_filter(&st_probe_ops, (unsigned char *)name,
				sizeof(name) - 1, 1);
	if (ret) {
		pr_err("cannot trace %s (%d): kernel without CONFIG_BPF_LSM?\n",
		       name, ret);
		return ret;
	}
	ret = register_ftrace_function(&st_probe_ops);
	if (ret) {
		pr_err("cannot probe %s: %d\n", name, ret);
		goto out;
	}
	WRITE_ONCE(st_probe_task, current);
	f = filp_open("/", O_RDONLY | O_DIRECTORY, 0);
	WRITE_ONCE(st_probe_task, NULL);
	unregister_ftrace_function(&st_probe_ops);
	if (IS_ERR(f)) {
		ret = PTR_ERR(f);
		pr_err("probe open of / failed: %d\n", ret);
		goto out;
	}
	filp_close(f, NULL);
	if (!READ_ONCE(st_probe_hit)) {
		pr_err("the BPF LSM is not active: boot with \"bpf\" in lsm= (see /sys/kernel/security/lsm)\n");
		ret = -EOPNOTSUPP;
	}
out:
	ftrace_free_filter(&st_probe_ops);
	return ret;
}

static void st_hook_ref_release(struct percpu_ref *ref)
{
	complete(&st_hook_drained);
}

/* Unregister the hooks from the last installed down to index @first. */
static void st_hooks_unregister(unsigned int first)
{
	unsigned int i = st_nhook_states;

	while (i-- > first) {
		struct st_hook_state *h = &st_hook_states[i];

		if (!h->registered)
			continue;
		if (h->direct)
			st_unregister_ftrace_direct(&h->ops,
						    (unsigned long)h->hook->direct);
		else
			unregister_ftrace_function(&h->ops);
		ftrace_free_filter(&h->ops);
		h->registered = false;
	}
}

/*
 * The task hooks stay while the others drain: a task that ended inside the
 * seccomp original drops its reference in task_free (see
 * st_task_seccomp_begin()); an exiting one not yet freed is looked for once
 * a second.
 */
static void st_hooks_remove(void)
{
	/* st_task_hooks are the first set: installed first, removed last. */
	st_hooks_unregister(min(st_task_hooks.nhooks, st_nhook_states));
	/* No other trampoline redirects any more; now the wrappers drain. */
	synchronize_rcu_tasks();
	/*
	 * The wrappers that hold st_hook_calls (asleep in the original they
	 * called, or in their decision): each began before
	 * synchronize_rcu_tasks() returned (a wrapper does not sleep before
	 * it begins), so the sum only falls now. A task may begin on one CPU
	 * and end on another: the sum is exact, not each count. Before
	 * st_hook_ref dies, which such a wrapper may still take.
	 */
	while (st_hook_calls_sum())
		schedule_timeout_uninterruptible(HZ / 10);
	percpu_ref_kill(&st_hook_ref);
	while (!wait_for_completion_timeout(&st_hook_drained, HZ))
		st_task_release_dead();
	st_hooks_unregister(0);
	/*
	 * The code between st_hook_exit() and a wrapper's return, and task
	 * hooks that found the reference dying.
	 */
	synchronize_rcu_tasks();
	percpu_ref_exit(&st_hook_ref);
	kfree(st_hook_states);
	st_hook_states = NULL;
}

int st_hooks_init(void)
{
	unsigned int i, j, n = 0;
	int ret;

	ret = st_hooks_check_bpf_lsm();
	if (ret)
		return ret;
	st_module_text(THIS_MODULE, &st_text_start, &st_text_size);

	for (i = 0; i < ARRAY_SIZE(st_hook_sets); i++)
		n += st_hook_sets[i]->nhooks;
	st_hook_states = kcalloc(n, sizeof(*st_hook_states), GFP_KERNEL);
	if (!st_hook_states)
		return -ENOMEM;
	ret = percpu_ref_init(&st_hook_ref, st_hook_ref_release, 0,
			      GFP_KERNEL);
	if (ret) {
		kfree(st_hook_states);
		return ret;
	}
	reinit_completion(&st_hook_drained);

	st_nhook_states = 0;
	for (i = 0; i < ARRAY_SIZE(st_hook_sets); i++) {
		for (j = 0; j < st_hook_sets[i]->nhooks; j++) {
			struct st_hook_state *h =
				&st_hook_states[st_nhook_states++];

			h->hook = &st_hook_sets[i]->hooks[j];
			ret = st_hook_install(h);
			if (ret)
				goto err;
		}
	}
	/* The syscall filter looks for elevation in covered calls only. */
	if (!st_syscall_elev_covered()) {
		ret = -EINVAL;
		goto err;
	}
	return 0;

err:
	/*
	 * No task is confined yet (the netlink family is not registered):
	 * the syscall filter has no flag to stop before its hook goes.
	 */
	st_hooks_remove();
	return ret;
}

/* main.c stopped the syscall filter (st_syscall_stop()) before. */
void st_hooks_exit(void)
{
	st_hooks_remove();
}
