/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Linux names policyc knows: system calls of each ABI and errno names,
 * generated at build time from the installed kernel headers (gen-names
 * writes $(H)/policyc/names.c), plus lookups in the table of which
 * argument names each call or alias has (kmod/calls.def).
 */
#ifndef POLICYC_NAMES_H
#define POLICYC_NAMES_H

#include "ast.h"

/* One generated table entry. */
struct st_name {
	const char *name;
	int nr;
};

/* Generated tables, sorted by name (strcmp); sizes beside them. */
extern const struct st_name st_syscalls_x86_64[];
extern const size_t st_nsyscalls_x86_64;
extern const struct st_name st_syscalls_ia32[];
extern const size_t st_nsyscalls_ia32;
extern const struct st_name st_errnos[];	/* "EPERM" = 1, ... */
extern const size_t st_nerrnos;

/*
 * st_syscall_nr() - the number of system call @name in @abi, or -1.
 * Exact names as the kernel's unistd headers spell them ("_llseek"), plus
 * the few kernel entry-point names old Linux policies used ("llseek",
 * "newuname", "old_mmap", "old_select").
 */
int st_syscall_nr(enum systrace_call_ns abi, const char *name);

/* st_syscall_name() - the name of call @nr in @abi, or NULL. */
const char *st_syscall_name(enum systrace_call_ns abi, int nr);

/* st_syscall_max() - the highest system call number of @abi. */
int st_syscall_max(enum systrace_call_ns abi);

/*
 * st_errno_lookup() - the errno named @name, case-insensitively
 * ("eacces", "EACCES"), or -1.  *@canon (if not NULL) is set to the
 * canonical upper-case name, which lives as long as the program.
 */
int st_errno_lookup(const char *name, const char **canon);

/* st_errno_name() - the canonical name of errno @err, or NULL. */
const char *st_errno_name(int err);

/* st_alias_lookup() - SYSTRACE_ALIAS_FSREAD/FSWRITE for "fsread"/"fswrite",
 * else SYSTRACE_ALIAS_NONE. */
enum systrace_alias st_alias_lookup(const char *name);

/*
 * st_arg_lookup() - argument @name as a rule for @call may use it.
 * @abi, @alias, @nr: the call, as in struct st_rule.
 * @name: the name written ("filename", "arg2").
 * @count: set to how many arguments of that name the call has (rename: 2
 *	filenames) when the name is known for the call.
 *
 * Return: the argument, or SYSTRACE_ARG_NONE when @call has no such argument.
 * arg0 .. arg5 exist for every call.
 */
enum systrace_arg st_arg_lookup(enum systrace_call_ns abi,
				enum systrace_alias alias, int nr,
				const char *name, unsigned int *count);

/*
 * st_arg_explain() - why @name is no argument of the rule's call, and
 * what would work instead, for an error message: "'listen' has sockdom,
 * socktype and arg0 .. arg5".  @call is the call as written.
 */
void st_arg_explain(enum systrace_call_ns abi, enum systrace_alias alias,
		    int nr, const char *call, const char *name, char *buf,
		    size_t len);

/* st_arg_by_name() - the argument called @name, whatever the call;
 * SYSTRACE_ARG_NONE when no call has it. */
enum systrace_arg st_arg_by_name(const char *name);

#endif /* POLICYC_NAMES_H */
