/* SPDX-License-Identifier: GPL-2.0 */
/*
 * systrace: what the hook files share with hook.c, task.c and syscall.c.
 *
 * A hook file (hook_file.c, hook_exec.c, ...) defines a struct st_hook_set
 * naming the kernel functions it hooks, its wrapper for each, and the system
 * calls its hooks decide; hook.c lists every set in st_hook_sets[] and
 * installs them. A wrapper has the hooked function's exact prototype and
 * returns the verdict itself when it hooks a bpf_lsm_<hook> stub (there is
 * no original to call: the stub is where the BPF LSM would run, after the
 * other LSMs have allowed the operation).
 */
#ifndef _SYSTRACE_HOOK_H
#define _SYSTRACE_HOOK_H

#include <linux/atomic.h>
#include <linux/bpf_lsm.h>
#include <linux/build_bug.h>
#include <linux/compiler.h>
#include <linux/percpu-refcount.h>
#include <linux/percpu.h>
#include <linux/seccomp.h>
#include <linux/types.h>
#include <asm/ibt.h>
#include <asm/syscall.h>
#include <asm/unwind_hints.h>

#include "base.h"
#include "systrace.h"

struct linux_binprm;

/**
 * struct st_sysnr - a system call of one ABI.
 * @ns: %SYSTRACE_NS_X86_64 or %SYSTRACE_NS_IA32.
 * @nr: its number in that ABI.
 */
struct st_sysnr {
	u8 ns;
	u16 nr;
};

/**
 * struct st_hook - one hooked kernel function; constant.
 * @name: the function ("bpf_lsm_file_open"), found by ftrace by name.
 * @func: the wrapper the function's entry is redirected to, of the
 *	function's type (both set by ST_HOOK_FN(), which checks it).
 * @orig: NULL for a bpf_lsm stub. For a function whose wrapper calls the
 *	original, where hook.c stores its address (see st_hook_call1()); calls
 *	made from this module are then not redirected, so the original runs.
 * @covers: the system calls this hook decides, under their own call keys:
 *	the syscall filter lets them pass undecided, so that no call is
 *	decided twice (once with its arguments, once raw).
 * @ncovers: their number.
 * @direct: NULL, or a trampoline made by ST_HOOK_DIRECT() for @func: the
 *	function's entry then calls it directly (an ftrace direct call), with
 *	no ftrace_regs saved and no callback, where an IPMODIFY ftrace_ops
 *	costs some 80 instructions per call. A function has one direct caller
 *	at most: if another one (a BPF trampoline) has it, hook.c falls back
 *	to the ftrace_ops.
 */
struct st_hook {
	const char *name;
	void *func;
	unsigned long *orig;
	const struct st_sysnr *covers;
	unsigned int ncovers;
	void *direct;
};

/**
 * struct st_hook_set - the hooks of one file; constant.
 * @hooks: the hooks.
 * @nhooks: their number.
 */
struct st_hook_set {
	const struct st_hook *hooks;
	unsigned int nhooks;
};

/*
 * ST_HOOK_FN() - @kfunc's name and @wrapper, in a struct st_hook
 * initializer. The build fails unless @wrapper has exactly the type of the
 * kernel's @kfunc, so that a prototype changed by a new kernel cannot be
 * called with the wrong arguments at run time through &st_hook.func (a
 * void pointer: ftrace jumps to it). compat.h adapts the types that differ
 * between the kernels; scripts/hooktype-test proves a mistyped entry fails.
 */
#define ST_HOOK_FN(kfunc, wrapper)					\
	.name = #kfunc,							\
	.func = (void *)(wrapper) + 0 * sizeof(struct {			\
		static_assert(__same_type(&(wrapper), &(kfunc)),	\
			      #wrapper " differs from " #kfunc);	\
		char c;							\
	})

/*
 * ST_HOOK_DIRECT() - @tramp, the direct-call trampoline of @wrapper, for a
 * hook whose wrapper calls its original. The hooked function's entry
 * calls it with the function's arguments in their registers and its
 * return address above the trampoline's. Called from this module's text
 * (the wrapper calling the original: st_hook_call1()), it returns into the
 * function's body; otherwise it drops its own return address and jumps to
 * @wrapper, which then returns to the function's caller, as if called in
 * its place. %r11 is free at a function's entry (no argument, caller-saved).
 */
#define ST_HOOK_DIRECT(tramp, wrapper) __ST_HOOK_DIRECT(tramp, wrapper, "")

/*
 * ST_HOOK_DIRECT_CONFINED() - the same, for a wrapper that does nothing
 * but call the original while no task is confined (st_task_any() false):
 * its first test is st_task_nr, and with none it returns into the
 * function's body at once. What a process pays for the hook while nothing is confined is
 * then five instructions: the call, ENDBR, a compare, a branch and a
 * return. (A task confined meanwhile by another, through
 * SYSTRACE_CMD_ATTACH, is decided from its next call on, as before.)
 */
#define ST_HOOK_DIRECT_CONFINED(tramp, wrapper)				\
	__ST_HOOK_DIRECT(tramp, wrapper,				\
			 "cmpq $0, st_task_nr(%rip)\n\t"		\
			 "je 1f\n\t")

/*
 * ST_HOOK_DIRECT_ON() - the same, gated on the long @var: while it is 0,
 * the trampoline returns into the function's body at once.
 */
#define ST_HOOK_DIRECT_ON(tramp, wrapper, var)				\
	__ST_HOOK_DIRECT(tramp, wrapper,				\
			 "cmpq $0, " #var "(%rip)\n\t"			\
			 "je 1f\n\t")

/* The start and the end of a trampoline's asm: a global function. */
#define __ST_TRAMP_BEGIN(tramp)						\
	".pushsection .text, \"ax\"\n"					\
	".globl " #tramp "\n"						\
	".type " #tramp ", @function\n"					\
	#tramp ":\n\t"							\
	ASM_ENDBR
#define __ST_TRAMP_END(tramp)						\
	".size " #tramp ", . - " #tramp "\n"				\
	".popsection\n"

#define __ST_HOOK_DIRECT(tramp, wrapper, first)				\
	void tramp(void);						\
	asm(__ST_TRAMP_BEGIN(tramp)					\
	    first							\
	    "movq 8(%rsp), %r11\n\t"					\
	    "subq st_text_start(%rip), %r11\n\t"			\
	    "cmpq st_text_size(%rip), %r11\n\t"			\
	    "jb 1f\n\t"						\
	    "addq $8, %rsp\n\t"					\
	    UNWIND_HINT_FUNC "\n\t"					\
	    "jmp " #wrapper "\n"					\
	    "1:\n\t"							\
	    ASM_RET							\
	    __ST_TRAMP_END(tramp))

/*
 * ST_HOOK_GATE() - @tramp, a direct-call trampoline that decides before
 * the hooked function runs and is not on the stack while it runs:
 * @gate, called with the function's arguments, returns 0 (the function
 * runs, entered as if not hooked) or a negative errno, which the
 * function's caller gets instead of its result. For a function that may
 * sleep without bound (an io_uring request's issue): a wrapper that called
 * it would hold st_hook_calls, which unload waits on. While nothing is
 * confined, it returns into the function at once. The hook's wrapper
 * (@func) still serves the ftrace_ops fallback (hook.c).
 */
#define ST_HOOK_GATE(tramp, gate)					\
	void tramp(void);						\
	asm(__ST_TRAMP_BEGIN(tramp)					\
	    "cmpq $0, st_task_nr(%rip)\n\t"				\
	    "je 1f\n\t"						\
	    "push %rdi\n\tpush %rsi\n\tpush %rdx\n\t"		\
	    "push %rcx\n\tpush %r8\n\tpush %r9\n\t"			\
	    "call " #gate "\n\t"					\
	    "pop %r9\n\tpop %r8\n\tpop %rcx\n\t"			\
	    "pop %rdx\n\tpop %rsi\n\tpop %rdi\n\t"			\
	    "testl %eax, %eax\n\t"					\
	    "jnz 2f\n"							\
	    "1:\n\t"							\
	    ASM_RET							\
	    "2:\n\t"							\
	    "addq $8, %rsp\n\t"					\
	    UNWIND_HINT_FUNC "\n\t"					\
	    ASM_RET							\
	    __ST_TRAMP_END(tramp))

#define ST_HOOK_SET(name, array) \
	const struct st_hook_set name = { array, ARRAY_SIZE(array) }

/*
 * Functions hook_uring.c and hook_tty.c hook are in no header the module
 * can include (io_uring.c's and kernel/signal.c's are static,
 * drivers/tty/tty.h is private): their prototypes as 6.1 and 6.12 define
 * them, for ST_HOOK_FN()'s check.
 */
struct io_kiocb;
struct tty_port;
int io_issue_sqe(struct io_kiocb *req, unsigned int issue_flags);
int ptmx_open(struct inode *inode, struct file *filp);
int tty_release(struct inode *inode, struct file *filp);
int __send_signal_locked(int sig, struct kernel_siginfo *info,
			 struct task_struct *t, enum pid_type type, bool force);
int tty_insert_flip_string_and_push_buffer(struct tty_port *port,
					   const unsigned char *chars,
					   size_t size);

extern const struct st_hook_set st_task_hooks;
extern const struct st_hook_set st_syscall_hooks;
extern const struct st_hook_set st_file_hooks;
extern const struct st_hook_set st_exec_hooks;
extern const struct st_hook_set st_net_hooks;
extern const struct st_hook_set st_path_hooks;
extern const struct st_hook_set st_proc_hooks;
extern const struct st_hook_set st_mm_hooks;
extern const struct st_hook_set st_misc_hooks;
extern const struct st_hook_set st_xattr_hooks;
extern const struct st_hook_set st_tty_hooks;
extern const struct st_hook_set st_uring_hooks;

/* task.c */

/*
 * Confined tasks: incremented before an entry can be found, decremented
 * after it is gone.
 */
extern atomic64_t st_task_nr;

/*
 * The flag test of every hook's fast path: false means no task at all is
 * confined, and the hook returns at once. Then st_task_current() tells.
 * A load, not a static branch: a static key would patch kernel text at
 * every first and last confinement (text_poke_bp() and its IPIs), for a
 * test that costs one load and one branch.
 */
static __always_inline bool st_task_any(void)
{
	return atomic64_read(&st_task_nr) != 0;
}

/* Exec, for hook_exec.c; see task.c. */
/*
 * @t: the confinement after the exec (its reference consumed), or NULL for
 * none; @unconfine: with @t NULL, end the task's confinement (every layer
 * detached) rather than leave it as it is.
 */
int st_task_exec_prepare(const struct linux_binprm *bprm, struct st_task *t,
			 bool unconfine);
bool st_task_exec_commit(const struct linux_binprm *bprm);
/* The hook_exec.c reader of argv. */
int st_task_read_strings(struct mm_struct *mm, unsigned long start,
			 unsigned long end, u32 argc, char *argv, u32 argv_len);
/*
 * The syscall filter's flag is task.c's: it follows confinement. Before
 * the hooks go: clear it on every confined task that has no seccomp mode,
 * as the original __secure_computing() BUG()s on such a task. Called
 * once, by main.c at unload.
 */
void st_syscall_stop(void);
/*
 * For syscall.c: the seccomp original is about to run in current, which
 * is confined and may sleep in a stop there, or end there (a filter's
 * kill): hold st_hook_ref until st_task_seccomp_end(), or the task's end
 * (task_free, or st_task_release_dead() at unload).
 */
void st_task_seccomp_begin(void);
void st_task_seccomp_end(void);
/* Unload: drop what tasks that ended inside the seccomp original held. */
void st_task_release_dead(void);

/* hook_task.c */

/*
 * The records of files whose owner a confined task set: made before the
 * hooks are installed, freed after they are gone (main.c).
 */
int st_fown_init(void);
void st_fown_exit(void);
/*
 * Records kept per file until security_file_free: hook_task.c's file
 * owners and hook_tty.c's masters. While none, a file's free costs the
 * direct call's compare.
 */
extern atomic_long_t st_file_records;
/* File owners set by confined tasks (hook_task.c). */
extern atomic_long_t st_fown_nr;
/* @file is freed: its owner's record, if any, goes. */
void st_fown_file_free(struct file *file);

/* hook_tty.c */

/* Masters recorded (a confined task opened or received them). */
extern atomic_long_t st_ptm_nr;
/* @file is freed: its record, if any, goes. */
void st_tty_file_free(struct file *file);
/* A confined task received @file: a master is recorded; 0 or -ENOMEM. */
int st_tty_received(struct file *file);
/* After the hooks went: the records go. */
void st_tty_exit(void);
/*
 * A confined current changes what @file sends its owner (FIOASYNC, by
 * hook_misc.c): record it as the setter. 0, or -ENOMEM.
 */
int st_fown_changed(struct file *file);

/* hook_file.c */

/*
 * Syscall entry of a call an ``as`` rule may elevate (elevate.c): build it
 * from the raw arguments @args as the hook will see it, and let
 * st_elev_entry() decide. 0, or a negative errno that fails the call.
 */
int st_net_elev_entry(const struct st_task *t, enum st_elev_kind kind,
		      const unsigned long *args);
int st_file_elev_entry(const struct st_task *t, u8 ns, long nr,
		       const unsigned long *args);

/* hook_xattr.c */

/* Is @nr of @ns one of the calls that change a file's extended attributes? */
bool st_xattr_is_call(u8 ns, long nr);
/*
 * Syscall entry of such a call by confined @t, its registers @regs: decide
 * it on the file it names now, and keep that file for its hooks to
 * confirm. 0, or a negative errno that fails the call. May sleep.
 */
int st_xattr_entry(const struct st_task *t, struct pt_regs *regs, u8 ns,
		   long nr);

/*
 * The six arguments of current's system call in @regs as the ABI @ns
 * passes them: ia32's are 32 bits, and the registers may hold more.
 */
static inline void st_syscall_args(struct pt_regs *regs, u8 ns,
				   unsigned long *args)
{
	unsigned int i;

	syscall_get_arguments(current, regs, args);
	if (ns == SYSTRACE_NS_IA32)
		for (i = 0; i < 6; i++)
			args[i] = (u32)args[i];
}

/* syscall.c */

/* Is this a stat call by descriptor, decided raw (not by inode_getattr)? */
bool st_syscall_stat_by_fd(u8 ns, long nr, struct pt_regs *regs);
/*
 * After the hooks are installed: does a hook cover every call an ``as``
 * rule may elevate (st_elev_call())? The filter looks only at those.
 */
bool st_syscall_elev_covered(void);
/* Mark the system call @nr of @ns as decided by a hook. */
void st_syscall_cover(u8 ns, u16 nr);
/*
 * The system call @nr of @ns decided raw, as the syscall filter decides
 * it, on the arguments @args (six; NULL: none, so that a rule that tests
 * one denies); @may_sleep: a rule's ask may be asked.
 */
int st_syscall_decide_raw(const struct st_task *t, u8 ns, long nr,
			  unsigned long *args, bool may_sleep);

#endif /* _SYSTRACE_HOOK_H */
