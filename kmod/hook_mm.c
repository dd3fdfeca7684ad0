// SPDX-License-Identifier: GPL-2.0
/*
 * systrace: executable memory (mmap_file, file_mprotect).
 *
 * Decided: an mmap() or mprotect() (pkey_mprotect(), ia32 mmap2()) that
 * makes memory executable, prot "PROT_READ|PROT_EXEC" (what the kernel will
 * apply: READ_IMPLIES_EXEC adds PROT_EXEC to a PROT_READ request), with
 * filename the mapped file's resolved path, named as an open names it (from
 * the root of the mount namespace; none in a detached tree: denied), absent
 * for anonymous memory (a rule that tests it then denies: fail closed).
 *
 * Not decided:
 * - mappings without PROT_EXEC. The data of a file mapped read or write is
 *   the data its open gave access to (file_open decided it), anonymous
 *   memory is the task's own, and the calls are among the most frequent a
 *   program makes: code is what a policy needs to control. mmap and
 *   mprotect are covered, so the syscall filter lets these pass too;
 * - the mappings the kernel makes itself for an exec (the binary, its
 *   interpreter: the execve decision covers them) and for shmat(SHM_EXEC)
 *   (a call of its own, decided raw by the syscall filter).
 *
 * mmap_file runs before the mmap lock is taken and may escalate;
 * file_mprotect runs with the mmap lock held for writing: it may sleep
 * (allocate) but not escalate, as an agent that reads this process's maps
 * or memory would wait for that lock.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/slab.h>
#include <asm/unistd.h>
#include <asm/unistd_32_ia32.h>

#include "hook_call.h"

static const struct st_sysnr st_mmap_covers[] = {
	{ SYSTRACE_NS_X86_64, __NR_mmap },
	{ SYSTRACE_NS_IA32, __NR_ia32_mmap },
	{ SYSTRACE_NS_IA32, __NR_ia32_mmap2 },
};

static const struct st_sysnr st_mprotect_covers[] = {
	{ SYSTRACE_NS_X86_64, __NR_mprotect },
	{ SYSTRACE_NS_X86_64, __NR_pkey_mprotect },
	{ SYSTRACE_NS_IA32, __NR_ia32_mprotect },
	{ SYSTRACE_NS_IA32, __NR_ia32_pkey_mprotect },
};

static const struct st_callspec st_mmap_spec = {
	"mmap", SYSTRACE_ALIAS_NONE, __NR_mmap, __NR_ia32_mmap,
	st_mmap_covers, ARRAY_SIZE(st_mmap_covers)
};

static const struct st_callspec st_mprotect_spec = {
	"mprotect", SYSTRACE_ALIAS_NONE, __NR_mprotect, __NR_ia32_mprotect,
	st_mprotect_covers, ARRAY_SIZE(st_mprotect_covers)
};

/* "PROT_READ|PROT_WRITE|PROT_EXEC", as systrace printed it. */
static void st_prot(unsigned long prot, char *buf, size_t size)
{
	int n = 0;

	buf[0] = '\0';
	if (prot & PROT_READ)
		n += scnprintf(buf + n, size - n, "PROT_READ");
	if (prot & PROT_WRITE)
		n += scnprintf(buf + n, size - n, "%sPROT_WRITE",
			       n ? "|" : "");
	if (prot & PROT_EXEC)
		n += scnprintf(buf + n, size - n, "%sPROT_EXEC", n ? "|" : "");
	if (!n)
		scnprintf(buf, size, "PROT_NONE");
}

/* Decide @spec's call on @file (or none) with @prot. May sleep. */
static int st_mm_decide(const struct st_callspec *spec, struct file *file,
			unsigned long prot, bool may_sleep)
{
	const struct st_task *t;
	struct st_call c = {};
	char protname[48];
	char *buf = NULL, *path;
	long nr;
	int ret;

	t = st_task_current();
	if (!t)
		return 0;
	/* Only the calls themselves: see the top of the file. */
	if (st_call_init(&c, spec, &nr) != ST_ORIGIN_OWN)
		return 0;
	c.may_sleep = may_sleep;
	st_prot(prot, protname, sizeof(protname));
	st_call_arg(&c, SYSTRACE_ARG_PROT, 0, protname);

	st_hook_enter();
	if (file) {
		buf = kmalloc(PATH_MAX, GFP_KERNEL);
		ret = -ENOMEM;
		if (!buf)
			goto out;
		/* As an open names it: a chroot renames nothing. */
		path = st_call_abspath(&file->f_path, buf, PATH_MAX);
		if (IS_ERR(path)) {
			/* No name, no decision: fail closed. */
			ret = PTR_ERR(path);
			st_log_deny(c.name, NULL, -ret, "a file without a name");
			goto out;
		}
		st_call_arg(&c, SYSTRACE_ARG_FILENAME, 0, path);
	}
	ret = st_decide(t, &c);
out:
	kfree(buf);
	st_hook_exit();
	return ret;
}

static int st_mmap_file(struct file *file, unsigned long reqprot,
			unsigned long prot, unsigned long flags)
{
	if (!st_task_any() || !(prot & PROT_EXEC))
		return 0;
	return st_mm_decide(&st_mmap_spec, file, prot, true);
}

static int st_file_mprotect(struct vm_area_struct *vma, unsigned long reqprot,
			    unsigned long prot)
{
	if (!st_task_any() || !(prot & PROT_EXEC))
		return 0;
	return st_mm_decide(&st_mprotect_spec, vma->vm_file, prot, false);
}

static const struct st_hook st_mm_hook_list[] = {
	{ ST_HOOK_FN(bpf_lsm_mmap_file, st_mmap_file),
	  .covers = st_mmap_covers, .ncovers = ARRAY_SIZE(st_mmap_covers) },
	{ ST_HOOK_FN(bpf_lsm_file_mprotect, st_file_mprotect),
	  .covers = st_mprotect_covers,
	  .ncovers = ARRAY_SIZE(st_mprotect_covers) },
};
ST_HOOK_SET(st_mm_hooks, st_mm_hook_list);
