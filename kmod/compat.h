/* SPDX-License-Identifier: GPL-2.0 */
/*
 * systrace: every difference between the kernels the module builds for
 * (Debian's 6.1 and 6.12), in one place. The rest of the module reads as if
 * written for one kernel.
 */
#ifndef _SYSTRACE_COMPAT_H
#define _SYSTRACE_COMPAT_H

#include <linux/fdtable.h>
#include <linux/fs.h>
#include <linux/ftrace.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/version.h>

/*
 * Point the saved instruction pointer of a function entry at @ip, so that
 * the ftrace trampoline returns into @ip instead of the function's body.
 * 6.1 names it ftrace_instruction_pointer_set(); 6.12 made struct
 * ftrace_regs opaque and renamed it. Test the macro, not the version:
 * stable kernels backport such renames.
 */
#ifdef ftrace_regs_set_instruction_pointer
#define st_ftrace_set_ip(fregs, ip) \
	ftrace_regs_set_instruction_pointer(fregs, ip)
#else
#define st_ftrace_set_ip(fregs, ip) \
	ftrace_instruction_pointer_set(fregs, ip)
#endif

/*
 * Where no macro tells a change, the version does. (Not LINUX_VERSION_CODE:
 * checkpatch refuses it everywhere, even here, where it belongs.)
 */
#define ST_KERNEL_AT_LEAST(major, minor)				\
	(LINUX_VERSION_MAJOR > (major) ||				\
	 (LINUX_VERSION_MAJOR == (major) &&				\
	  LINUX_VERSION_PATCHLEVEL >= (minor)))

/*
 * An ftrace direct call from the functions of @ops's filter to @addr. 6.5
 * dropped the "_multi" of the ops-based calls (and the old ip-based ones).
 * The filter stays with @ops (ftrace_free_filter()).
 */
#if ST_KERNEL_AT_LEAST(6, 5)
#define st_register_ftrace_direct(ops, addr) register_ftrace_direct(ops, addr)
#define st_unregister_ftrace_direct(ops, addr) \
	unregister_ftrace_direct(ops, addr, false)
#else
#define st_register_ftrace_direct(ops, addr) \
	register_ftrace_direct_multi(ops, addr)
#define st_unregister_ftrace_direct(ops, addr) \
	unregister_ftrace_direct_multi(ops, addr)
#endif

/*
 * One page of another address space (the new image of an exec), pinned;
 * the caller holds mmap_read_lock(@mm) and put_page()s it. 6.5 dropped
 * the vmas argument.
 */
static inline struct page *st_get_remote_page(struct mm_struct *mm,
					      unsigned long addr)
{
	struct page *page;
	long n;

#if ST_KERNEL_AT_LEAST(6, 5)
	n = get_user_pages_remote(mm, addr, 1, FOLL_FORCE, &page, NULL);
#else
	n = get_user_pages_remote(mm, addr, 1, FOLL_FORCE, &page, NULL, NULL);
#endif
	return n == 1 ? page : NULL;
}

/*
 * The core text of module @mod: where a wrapper's call of its original
 * comes from. 6.4 split the module layouts into mod->mem[].
 */
static inline void st_module_text(const struct module *mod,
				  unsigned long *start, unsigned long *size)
{
#if ST_KERNEL_AT_LEAST(6, 4)
	*start = (unsigned long)mod->mem[MOD_TEXT].base;
	*size = mod->mem[MOD_TEXT].size;
#else
	*start = (unsigned long)mod->core_layout.base;
	*size = mod->core_layout.text_size;
#endif
}

/*
 * The qualifier of the bprm_committed_creds hook's argument: 6.7 made it
 * const. The wrapper only reads it; ST_HOOK_FN() checks its type on every
 * kernel. (A qualifier, not a typedef: checkpatch refuses new typedefs.)
 */
#if ST_KERNEL_AT_LEAST(6, 7)
#define ST_COMMITTED_BPRM_CONST const
#else
#define ST_COMMITTED_BPRM_CONST
#endif

/*
 * A reference to @mm's exe_file, or NULL; the caller holds
 * rcu_read_lock(). 6.7 made files SLAB_TYPESAFE_BY_RCU and get_file_rcu()
 * take the pointer's address (and recheck it).
 */
static inline struct file *st_get_exe_file(struct mm_struct *mm)
{
#if ST_KERNEL_AT_LEAST(6, 7)
	return get_file_rcu(&mm->exe_file);
#else
	struct file *f = rcu_dereference(mm->exe_file);

	return f && get_file_rcu(f) ? f : NULL;
#endif
}

/*
 * The file whose owner @fown is: 6.12 allocates the owner apart and points
 * back (fown->file); before, it is a member of the file.
 */
#if ST_KERNEL_AT_LEAST(6, 12)
#define st_fown_file(fown) ((fown)->file)
#else
#define st_fown_file(fown) container_of(fown, struct file, f_owner)
#endif

/*
 * The first open file of @task at or after descriptor *@fd (set to its
 * number), with a reference; NULL: none. 6.7 made files
 * SLAB_TYPESAFE_BY_RCU, and the lookup takes the reference
 * (task_lookup_next_fdget_rcu()); before, a file is freed after a grace
 * period, and get_file_rcu() takes it unless it is going.
 */
static inline struct file *st_task_next_file(struct task_struct *task,
					     unsigned int *fd)
{
	struct file *f;

	rcu_read_lock();
#if ST_KERNEL_AT_LEAST(6, 7)
	f = task_lookup_next_fdget_rcu(task, fd);
#else
	for (;; (*fd)++) {
		f = task_lookup_next_fd_rcu(task, fd);
		if (!f || get_file_rcu(f))
			break;
	}
#endif
	rcu_read_unlock();
	return f;
}

#endif /* _SYSTRACE_COMPAT_H */
