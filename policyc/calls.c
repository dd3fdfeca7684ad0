// SPDX-License-Identifier: GPL-2.0
/*
 * Name lookups over the generated tables (names.c), and over the table of
 * which argument names each call or alias has (kmod/calls.def, table.c).
 *
 * Argument names are systrace's (its translators' names), and what the
 * module's hooks supply (issue 4): a path is "filename", the second path of
 * rename/link "filename[1]", a symlink's target "string", and so on.
 * Calls are named once for both ABIs; a name one ABI lacks never matches.
 * An argument the table lists for a call but no hook supplies is no
 * argument of the call: a rule on it is an error, not a rule that never
 * matches.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <stdio.h>

#include <uapi/linux/systrace_prog.h>

#include "names.h"
#include "table.h"

static const struct st_name *find(const struct st_name *t, size_t n,
				  const char *name)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(name, t[mid].name);

		if (c == 0)
			return &t[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

static void table_of(enum systrace_call_ns abi, const struct st_name **t,
		     size_t *n)
{
	if (abi == SYSTRACE_NS_IA32) {
		*t = st_syscalls_ia32;
		*n = st_nsyscalls_ia32;
	} else {
		*t = st_syscalls_x86_64;
		*n = st_nsyscalls_x86_64;
	}
}

/*
 * Kernel entry-point names that systrace's Linux port printed in learned
 * policies (it named calls after sys_* functions), mapped to the unistd
 * names.  Only names the unistd headers never use as another call.
 */
static const struct {
	const char *name;
	const char *unistd;
} synonyms[] = {
	{ "llseek", "_llseek" },
	{ "newselect", "_newselect" },
	{ "newuname", "uname" },
	{ "old_mmap", "mmap" },		/* ia32 __NR_mmap is old_mmap */
	{ "old_select", "select" },	/* ia32 __NR_select is old_select */
	/* BSD and libc names of calls x86_64 only has in their rt_/64 form
	 * (exact names come first: ia32 keeps its own sigaction) */
	{ "pread", "pread64" },
	{ "pwrite", "pwrite64" },
	{ "sigaction", "rt_sigaction" },
	{ "sigprocmask", "rt_sigprocmask" },
	{ "sigreturn", "rt_sigreturn" },
	{ "sigsuspend", "rt_sigsuspend" },
};

/*
 * systrace 1.6's Linux port named a call its table had no name for by its
 * number ("ni_syscall-43" in a learned i386 policy: times): that number of
 * the ABI, if the ABI has it.
 */
static int ni_syscall_nr(enum systrace_call_ns abi, const char *name)
{
	const char *p = name + strlen("ni_syscall-");
	char *end;
	long nr;

	if (strncmp(name, "ni_syscall-", strlen("ni_syscall-")) ||
	    *p < '0' || *p > '9')
		return -1;
	nr = strtol(p, &end, 10);
	if (*end || nr > 0xffff || !st_syscall_name(abi, (int)nr))
		return -1;
	return (int)nr;
}

int st_syscall_nr(enum systrace_call_ns abi, const char *name)
{
	const struct st_name *t, *e;
	size_t n, i;

	table_of(abi, &t, &n);
	e = find(t, n, name);
	if (e)
		return e->nr;
	if (!strncmp(name, "ni_syscall-", strlen("ni_syscall-")))
		return ni_syscall_nr(abi, name);
	for (i = 0; i < sizeof(synonyms) / sizeof(synonyms[0]); i++) {
		if (strcmp(name, synonyms[i].name))
			continue;
		/* old_mmap and old_select only exist on ia32 */
		if (abi != SYSTRACE_NS_IA32 && !strncmp(name, "old_", 4))
			return -1;
		e = find(t, n, synonyms[i].unistd);
		return e ? e->nr : -1;
	}
	return -1;
}

const char *st_syscall_name(enum systrace_call_ns abi, int nr)
{
	const struct st_name *t;
	size_t n, i;

	table_of(abi, &t, &n);
	for (i = 0; i < n; i++)
		if (t[i].nr == nr)
			return t[i].name;
	return NULL;
}

int st_syscall_max(enum systrace_call_ns abi)
{
	const struct st_name *t;
	size_t n, i;
	int max = -1;

	table_of(abi, &t, &n);
	for (i = 0; i < n; i++)
		if (t[i].nr > max)
			max = t[i].nr;
	return max;
}

int st_errno_lookup(const char *name, const char **canon)
{
	char up[32];
	const struct st_name *e;
	size_t i, len = strlen(name);

	if (len == 0 || len >= sizeof(up))
		return -1;
	for (i = 0; i <= len; i++)
		up[i] = (name[i] >= 'a' && name[i] <= 'z') ?
			(char)(name[i] - 'a' + 'A') : name[i];
	e = find(st_errnos, st_nerrnos, up);
	if (!e)
		return -1;
	if (canon)
		*canon = e->name;
	return e->nr;
}

const char *st_errno_name(int err)
{
	const char *best = NULL;
	size_t i;

	/* Aliases share a number (EWOULDBLOCK = EAGAIN): prefer the name
	 * that is not an alias, i.e. the one errno-base.h/errno.h define
	 * with a number; the table does not say which, so use a short list. */
	static const char *const aliases[] = { "EWOULDBLOCK", "EDEADLOCK" };

	for (i = 0; i < st_nerrnos; i++) {
		size_t j;
		int alias = 0;

		if (st_errnos[i].nr != err)
			continue;
		for (j = 0; j < sizeof(aliases) / sizeof(aliases[0]); j++)
			if (!strcmp(st_errnos[i].name, aliases[j]))
				alias = 1;
		if (!alias)
			return st_errnos[i].name;
		best = st_errnos[i].name;
	}
	return best;
}

enum systrace_alias st_alias_lookup(const char *name)
{
	if (!strcmp(name, "fsread"))
		return SYSTRACE_ALIAS_FSREAD;
	if (!strcmp(name, "fswrite"))
		return SYSTRACE_ALIAS_FSWRITE;
	return SYSTRACE_ALIAS_NONE;
}

_Static_assert(SYSTRACE_ALIAS_FSREAD == 1 && SYSTRACE_ALIAS_FSWRITE == 2 &&
	       __SYSTRACE_ALIAS_LAST == 3, "aliases in calls.def order");
/* A policy names the arguments before the caller's ids (`if user`, `as`). */
_Static_assert(ST_ARG_MAX + 1 == SYSTRACE_ARG_CRED_UID, "ST_ARG_MAX");

const char *st_arg_name(enum systrace_arg arg)
{
	if (arg <= SYSTRACE_ARG_NONE || (unsigned int)arg > ST_ARG_MAX)
		return "?";
	return st_table_args[arg].name;
}

enum systrace_arg st_arg_by_name(const char *name)
{
	unsigned int i;

	for (i = 1; i <= ST_ARG_MAX; i++)
		if (!strcmp(name, st_table_args[i].name))
			return (enum systrace_arg)i;
	return SYSTRACE_ARG_NONE;
}

/* The table's entry for a rule's call or alias, or NULL. */
static const struct st_tcall *entry_of(enum systrace_call_ns abi,
				       enum systrace_alias alias, int nr)
{
	const char *call;

	if (alias > SYSTRACE_ALIAS_NONE && alias < __SYSTRACE_ALIAS_LAST)
		return &st_table_aliases[alias];
	call = st_syscall_name(abi, nr);
	return call ? st_table_call(call) : NULL;
}

enum systrace_arg st_arg_lookup(enum systrace_call_ns abi,
				enum systrace_alias alias, int nr,
				const char *name, unsigned int *count)
{
	const struct st_tcall *ca;
	enum systrace_arg arg = st_arg_by_name(name);
	unsigned int n;

	if (arg == SYSTRACE_ARG_NONE)
		return SYSTRACE_ARG_NONE;
	if (st_table_args[arg].flags & ST_AF_RAW) {
		/* raw registers: every call has them, aliases do not */
		if (alias != SYSTRACE_ALIAS_NONE)
			return SYSTRACE_ARG_NONE;
		if (count)
			*count = 1;
		return arg;
	}
	ca = entry_of(abi, alias, nr);
	/* what no hook supplies is no argument: a rule on it never matches */
	if (!st_tcall_supplied(ca))
		return SYSTRACE_ARG_NONE;
	n = st_tcall_count(ca, arg);
	if (!n)
		return SYSTRACE_ARG_NONE;
	if (count)
		*count = n;
	return arg;
}

void st_arg_explain(enum systrace_call_ns abi, enum systrace_alias alias,
		    int nr, const char *call, const char *name, char *buf,
		    size_t len)
{
	const struct st_tcall *ca = entry_of(abi, alias, nr);
	enum systrace_arg arg = st_arg_by_name(name);
	size_t n = 0;
	unsigned int i;

	buf[0] = '\0';
	if (arg == SYSTRACE_ARG_NONE) {
		n += snprintf(buf + n, len - n, "no call has an argument '%s'; ",
			      name);
	} else if (ca && !st_tcall_supplied(ca) && st_tcall_count(ca, arg)) {
		n += snprintf(buf + n, len - n,
			      "systrace had it, but no hook of the module supplies it for '%s' (a rule on it could never match); ",
			      call);
	}
	if (n >= len)
		return;
	if (st_tcall_supplied(ca) && ca->args[0].arg) {
		n += snprintf(buf + n, len - n, "'%s' has ", call);
		for (i = 0; i < ST_TABLE_MAXARGS && ca->args[i].arg && n < len; i++)
			n += snprintf(buf + n, len - n, ca->args[i].count > 1 ?
				      "%s%s[0..%u]" : "%s%s",
				      i ? ", " : "",
				      st_table_args[ca->args[i].arg].name,
				      ca->args[i].count - 1U);
		if (n < len && alias == SYSTRACE_ALIAS_NONE)
			snprintf(buf + n, len - n, " and arg0 .. arg5");
	} else if (alias == SYSTRACE_ALIAS_NONE) {
		snprintf(buf + n, len - n, "'%s' has only its raw arguments arg0 .. arg5",
			 call);
	}
}
