// SPDX-License-Identifier: GPL-2.0
/*
 * systrace: system call names for logs and events, from the running
 * kernel's own lists (the headers its sys_call_table is built from), so
 * that a denial says "getpid", as a policy names it, not a number.
 */

#include <linux/kernel.h>
#include <linux/string.h>
#include <asm/unistd.h>
#include <uapi/linux/systrace_prog.h>

#include "format.h"

struct st_name {
	u16 nr;
	const char *name;
};

/* The headers list each ABI's calls in increasing order of number. */
#define __SYSCALL(nr, sym)				{ nr, #sym },
#define __SYSCALL_NORETURN(nr, sym)			{ nr, #sym },
static const struct st_name st_x64_names[] = {
#include <asm/syscalls_64.h>
};

/* The ia32 entry points: which calls are not implemented (sys_ni_syscall). */
#define __SYSCALL_WITH_COMPAT(nr, native, compat)	{ nr, #native },
static const struct st_name st_ia32_entries[] = {
#include <asm/syscalls_32.h>
};

/*
 * The ia32 calls by name, as a policy of emulation linux names them: from
 * asm/unistd_32_ia32.h (Kbuild generates the list), as the entry points
 * are named otherwise (setuid32's is sys_setuid: a learned "linux-setuid"
 * would be the 16-bit call).
 */
static const struct st_name st_ia32_names[] = {
#include "ia32_names.h"
};
#undef __SYSCALL
#undef __SYSCALL_NORETURN
#undef __SYSCALL_WITH_COMPAT

static const char *st_find(const struct st_name *t, size_t n, long nr)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (t[mid].nr == nr)
			return t[mid].name;
		if (t[mid].nr < nr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* x86_64 calls whose entry points are named unlike the call. */
static const char *st_x64_renamed(long nr)
{
	switch (nr) {
	case __NR_stat:
		return "stat";
	case __NR_fstat:
		return "fstat";
	case __NR_lstat:
		return "lstat";
	case __NR_uname:
		return "uname";
	case __NR_sendfile:
		return "sendfile";
	case __NR_umount2:
		return "umount2";
	}
	return NULL;
}

const char *st_syscall_name(u8 ns, long nr)
{
	const char *name = NULL;

	if (ns == SYSTRACE_NS_X86_64 && st_x64_renamed(nr))
		return st_x64_renamed(nr);

	if (ns == SYSTRACE_NS_IA32) {
		name = st_find(st_ia32_entries, ARRAY_SIZE(st_ia32_entries), nr);
		if (!name || !strcmp(name, "sys_ni_syscall"))
			return NULL;
		return st_find(st_ia32_names, ARRAY_SIZE(st_ia32_names), nr);
	}
	if (ns == SYSTRACE_NS_X86_64)
		name = st_find(st_x64_names, ARRAY_SIZE(st_x64_names), nr);
	if (!name || !strcmp(name, "sys_ni_syscall"))
		return NULL;
	/* "sys_getpid" as the policy says it: "getpid". */
	return str_has_prefix(name, "sys_") ? name + 4 : name;
}
