// SPDX-License-Identifier: GPL-2.0
/*
 * systrace: what the module needs beyond the kernel's exports, for the
 * hooks and for the files below them: its own text (calls made from it are
 * not redirected), the reference unload waits on for code asleep in it
 * (st_hook_ref), and the kernel functions it calls without an export,
 * found through a kprobe and reached through a thunk rather than an
 * indirect call (IBT). A leaf: it calls nothing of the module
 * (Documentation/kernel-internals.rst).
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/dcache.h>
#include <linux/err.h>
#include <linux/kprobes.h>
#include <linux/linkage.h>
#include <linux/mount.h>
#include <linux/objtool.h>
#include <linux/path.h>
#include <linux/percpu.h>
#include <linux/percpu-refcount.h>
#include <linux/ptrace.h>
#include <linux/sched.h>
#include <asm/unwind_hints.h>

#include "base.h"

/* Wrappers in flight (base.h); hook.c starts it and waits for it. */
struct percpu_ref st_hook_ref;
/* Calls of an original in flight (base.h); hook.c waits for them. */
DEFINE_PER_CPU(long, st_hook_calls);

/*
 * st_hook_call1(arg, addr): push @addr (in %rsi) and return into it. The
 * caller's return address is on the stack already, so @addr runs as if
 * called directly, with @arg (%rdi) untouched, and returns to the caller.
 * Callers must not be tail calls (Kbuild: -fno-optimize-sibling-calls), or
 * the return address would be outside the module and the call redirected
 * into the wrapper again. The hint tells objtool the stack is back to a
 * function entry's.
 */
asm(".pushsection .text, \"ax\"\n"
	".globl st_hook_call1\n"
	".type st_hook_call1, @function\n"
	"st_hook_call1:\n\t"
	"push %rsi\n\t"
	UNWIND_HINT_FUNC
	ASM_RET
	".size st_hook_call1, . - st_hook_call1\n"
	".popsection\n");

/*
 * This module's core text (st_module_text()), set before any hook; read by
 * the ST_HOOK_DIRECT() trampolines too.
 */
unsigned long st_text_start, st_text_size;

/*
 * The address of @name, through a kprobe (kallsyms_lookup_name() is not
 * exported); only for hooks that call their original.
 */
unsigned long st_hook_resolve(const char *name)
{
	struct kprobe kp = { .symbol_name = name };
	unsigned long addr;

	if (register_kprobe(&kp) < 0)
		return 0;
	addr = (unsigned long)kp.addr;
	unregister_kprobe(&kp);
	return addr;
}

/*
 * d_absolute_path() is not exported (AppArmor and TOMOYO, built in, use
 * it): its address, found through a kprobe at load (st_call_paths_init()).
 */
unsigned long st_abspath_orig;

/*
 * st_call3() (base.h): @addr(a, b, c) without an indirect call, as
 * st_hook_call1(): push @addr (%rcx) and return into it (IBT
 * seals functions whose address is never taken; a return is not checked).
 * Callers are never tail calls (Kbuild: -fno-optimize-sibling-calls).
 */
asm(".pushsection .text, \"ax\"\n"
	".globl st_call3\n"
	".type st_call3, @function\n"
	"st_call3:\n\t"
	"push %rcx\n\t"
	UNWIND_HINT_FUNC
	ASM_RET
	".size st_call3, . - st_call3\n"
	".popsection\n");

/* st_call5() (base.h): the same, @addr in %r9, the sixth argument's. */
asm(".pushsection .text, \"ax\"\n"
	".globl st_call5\n"
	".type st_call5, @function\n"
	"st_call5:\n\t"
	"push %r9\n\t"
	UNWIND_HINT_FUNC
	ASM_RET
	".size st_call5, . - st_call5\n"
	".popsection\n");

unsigned long st_tty_ioctl_addr;

/*
 * ptrace_may_access() is not exported either (procfs, built in, uses it):
 * SYSTRACE_CMD_ATTACH asks it whether the attacher could ptrace the
 * process, through st_call3() as d_absolute_path().
 */
static unsigned long st_ptrace_orig;

int st_call_paths_init(void)
{
	st_abspath_orig = st_hook_resolve("d_absolute_path");
	if (!st_abspath_orig) {
		pr_err("cannot resolve d_absolute_path\n");
		return -ENOENT;
	}
	/* Compared, never called: a kernel without it has no terminal. */
	st_tty_ioctl_addr = st_hook_resolve("tty_ioctl");
	st_ptrace_orig = st_hook_resolve("ptrace_may_access");
	if (!st_ptrace_orig) {
		pr_err("cannot resolve ptrace_may_access\n");
		return -ENOENT;
	}
	return 0;
}

bool st_call_ptrace_may_access(struct task_struct *task, unsigned int mode)
{
	/* A bool comes back in %al; the rest of %rax is undefined. */
	return st_call3((unsigned long)task, mode, 0, st_ptrace_orig) & 0xff;
}

char *st_call_abspath(const struct path *path, char *buf, int size)
{
	return __st_call_abspath(path, buf, size);
}
