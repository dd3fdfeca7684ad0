// SPDX-License-Identifier: GPL-2.0
/*
 * Name lookups over the generated tables (names.c), and the hand-written
 * table of which argument names each call or alias has.
 *
 * Argument names are systrace's (its translators' names), and what the
 * module's hooks supply (issue 4): a path is "filename", the second path of
 * rename/link "filename[1]", a symlink's target "string", and so on.
 * Calls are named once for both ABIs; a name one ABI lacks never matches.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "names.h"

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

static void table_of(enum st_abi abi, const struct st_name **t, size_t *n)
{
	if (abi == ST_ABI_IA32) {
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
static int ni_syscall_nr(enum st_abi abi, const char *name)
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

int st_syscall_nr(enum st_abi abi, const char *name)
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
		if (abi != ST_ABI_IA32 && !strncmp(name, "old_", 4))
			return -1;
		e = find(t, n, synonyms[i].unistd);
		return e ? e->nr : -1;
	}
	return -1;
}

const char *st_syscall_name(enum st_abi abi, int nr)
{
	const struct st_name *t;
	size_t n, i;

	table_of(abi, &t, &n);
	for (i = 0; i < n; i++)
		if (t[i].nr == nr)
			return t[i].name;
	return NULL;
}

int st_syscall_max(enum st_abi abi)
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

enum st_alias st_alias_lookup(const char *name)
{
	if (!strcmp(name, "fsread"))
		return ST_ALIAS_FSREAD;
	if (!strcmp(name, "fswrite"))
		return ST_ALIAS_FSWRITE;
	return ST_ALIAS_NONE;
}

/* Argument sets.  Each entry: an argument and how many the call has. */
struct argdesc {
	enum st_arg arg;
	unsigned char count;
};

#define A(a, n) { ST_ARG_##a, n }
#define MAXARGS 4

struct callargs {
	const char *call;
	struct argdesc args[MAXARGS];
};

/* Sorted by call name (strcmp order): looked up by binary search. */
static const struct callargs callargs[] = {
	{ "accept",	{ A(SOCKDOM, 1), A(SOCKTYPE, 1) } },	/* the listener */
	{ "accept4",	{ A(SOCKDOM, 1), A(SOCKTYPE, 1) } },
	{ "access",	{ A(FILENAME, 1), A(MODE, 1) } },
	{ "acct",	{ A(FILENAME, 1) } },
	{ "bind",	{ A(SOCKADDR, 1) } },
	{ "chdir",	{ A(FILENAME, 1) } },
	{ "chmod",	{ A(FILENAME, 1), A(MODE, 1) } },
	{ "chown",	{ A(FILENAME, 1), A(UID, 1), A(GID, 1), A(UNAME, 1) } },
	{ "chown32",	{ A(FILENAME, 1), A(UID, 1), A(GID, 1), A(UNAME, 1) } },
	{ "chroot",	{ A(FILENAME, 1) } },
	{ "connect",	{ A(SOCKADDR, 1) } },
	{ "creat",	{ A(FILENAME, 1), A(MODE, 1) } },
	{ "execve",	{ A(FILENAME, 1), A(ARGV, 1) } },
	{ "execveat",	{ A(FILENAME, 1), A(ARGV, 1) } },
	{ "faccessat",	{ A(FILENAME, 1), A(MODE, 1) } },
	{ "faccessat2",	{ A(FILENAME, 1), A(MODE, 1) } },
	{ "fchmod",	{ A(FILENAME, 1), A(MODE, 1) } },
	{ "fchmodat",	{ A(FILENAME, 1), A(MODE, 1) } },
	{ "fchown",	{ A(FILENAME, 1), A(UID, 1), A(GID, 1), A(UNAME, 1) } },
	{ "fchown32",	{ A(FILENAME, 1), A(UID, 1), A(GID, 1), A(UNAME, 1) } },
	{ "fchownat",	{ A(FILENAME, 1), A(UID, 1), A(GID, 1), A(UNAME, 1) } },
	{ "fcntl",	{ A(CMD, 1) } },
	{ "fcntl64",	{ A(CMD, 1) } },
	{ "fstatat64",	{ A(FILENAME, 1) } },
	{ "futimesat",	{ A(FILENAME, 1) } },
	{ "getxattr",	{ A(FILENAME, 1) } },
	{ "ioctl",	{ A(CMD, 1), A(FILENAME, 1) } },
	{ "kill",	{ A(SIGNAME, 1), A(PIDNAME, 1) } },
	{ "lchown",	{ A(FILENAME, 1), A(UID, 1), A(GID, 1), A(UNAME, 1) } },
	{ "lchown32",	{ A(FILENAME, 1), A(UID, 1), A(GID, 1), A(UNAME, 1) } },
	{ "lgetxattr",	{ A(FILENAME, 1) } },
	{ "link",	{ A(FILENAME, 2) } },
	{ "listen",	{ A(SOCKDOM, 1), A(SOCKTYPE, 1) } },
	{ "linkat",	{ A(FILENAME, 2) } },
	{ "listxattr",	{ A(FILENAME, 1) } },
	{ "llistxattr",	{ A(FILENAME, 1) } },
	{ "lremovexattr", { A(FILENAME, 1) } },
	{ "lsetxattr",	{ A(FILENAME, 1) } },
	{ "lstat",	{ A(FILENAME, 1) } },
	{ "lstat64",	{ A(FILENAME, 1) } },
	{ "mkdir",	{ A(FILENAME, 1), A(MODE, 1) } },
	{ "mkdirat",	{ A(FILENAME, 1), A(MODE, 1) } },
	{ "mknod",	{ A(FILENAME, 1), A(MODE, 1) } },
	{ "mknodat",	{ A(FILENAME, 1), A(MODE, 1) } },
	{ "mmap",	{ A(PROT, 1), A(FILENAME, 1) } },
	{ "mmap2",	{ A(PROT, 1), A(FILENAME, 1) } },
	{ "mount",	{ A(FILENAME, 1), A(STRING, 2) } },	/* dev, type */
	{ "mprotect",	{ A(PROT, 1), A(FILENAME, 1) } },
	{ "newfstatat",	{ A(FILENAME, 1) } },
	{ "oldlstat",	{ A(FILENAME, 1) } },
	{ "oldstat",	{ A(FILENAME, 1) } },
	{ "open",	{ A(FILENAME, 1), A(OFLAGS, 1), A(MODE, 1) } },
	{ "openat",	{ A(FILENAME, 1), A(OFLAGS, 1), A(MODE, 1) } },
	{ "openat2",	{ A(FILENAME, 1), A(OFLAGS, 1), A(MODE, 1) } },
	{ "pidfd_send_signal", { A(SIGNAME, 1), A(PIDNAME, 1) } },
	{ "pivot_root",	{ A(FILENAME, 2) } },
	{ "pkey_mprotect", { A(PROT, 1), A(FILENAME, 1) } },
	{ "ptrace",	{ A(PIDNAME, 1) } },
	{ "readlink",	{ A(FILENAME, 1) } },
	{ "readlinkat",	{ A(FILENAME, 1) } },
	{ "removexattr", { A(FILENAME, 1) } },
	{ "rename",	{ A(FILENAME, 2) } },
	{ "renameat",	{ A(FILENAME, 2) } },
	{ "renameat2",	{ A(FILENAME, 2) } },
	{ "rmdir",	{ A(FILENAME, 1) } },
	{ "rt_sigqueueinfo", { A(SIGNAME, 1), A(PIDNAME, 1) } },
	{ "rt_tgsigqueueinfo", { A(SIGNAME, 1), A(PIDNAME, 1) } },
	{ "sendmmsg",	{ A(SOCKADDR, 1) } },
	{ "sendmsg",	{ A(SOCKADDR, 1) } },
	{ "sendto",	{ A(SOCKADDR, 1) } },
	{ "setfsgid",	{ A(GID, 1) } },
	{ "setfsgid32",	{ A(GID, 1) } },
	{ "setfsuid",	{ A(UID, 1), A(UNAME, 1) } },
	{ "setfsuid32",	{ A(UID, 1), A(UNAME, 1) } },
	{ "setgid",	{ A(GID, 1) } },
	{ "setgid32",	{ A(GID, 1) } },
	{ "setregid",	{ A(GID, 2) } },
	{ "setregid32",	{ A(GID, 2) } },
	{ "setresgid",	{ A(GID, 3) } },
	{ "setresgid32", { A(GID, 3) } },
	{ "setresuid",	{ A(UID, 3), A(UNAME, 3) } },
	{ "setresuid32", { A(UID, 3), A(UNAME, 3) } },
	{ "setreuid",	{ A(UID, 2), A(UNAME, 2) } },
	{ "setreuid32",	{ A(UID, 2), A(UNAME, 2) } },
	{ "setuid",	{ A(UID, 1), A(UNAME, 1) } },
	{ "setuid32",	{ A(UID, 1), A(UNAME, 1) } },
	{ "setxattr",	{ A(FILENAME, 1) } },
	{ "socket",	{ A(SOCKDOM, 1), A(SOCKTYPE, 1) } },
	{ "socketpair",	{ A(SOCKDOM, 1), A(SOCKTYPE, 1) } },
	{ "stat",	{ A(FILENAME, 1) } },
	{ "stat64",	{ A(FILENAME, 1) } },
	{ "statfs",	{ A(FILENAME, 1) } },
	{ "statfs64",	{ A(FILENAME, 1) } },
	{ "statx",	{ A(FILENAME, 1) } },
	{ "swapoff",	{ A(FILENAME, 1) } },
	{ "swapon",	{ A(FILENAME, 1) } },
	{ "symlink",	{ A(STRING, 1), A(FILENAME, 1) } },
	{ "symlinkat",	{ A(STRING, 1), A(FILENAME, 1) } },
	{ "tgkill",	{ A(SIGNAME, 1), A(PIDNAME, 1) } },
	{ "tkill",	{ A(SIGNAME, 1), A(PIDNAME, 1) } },
	{ "truncate",	{ A(FILENAME, 1) } },
	{ "truncate64",	{ A(FILENAME, 1) } },
	{ "umount",	{ A(FILENAME, 1) } },
	{ "umount2",	{ A(FILENAME, 1) } },
	{ "unlink",	{ A(FILENAME, 1) } },
	{ "unlinkat",	{ A(FILENAME, 1) } },
	{ "uselib",	{ A(FILENAME, 1) } },
	{ "utime",	{ A(FILENAME, 1) } },
	{ "utimensat",	{ A(FILENAME, 1) } },
	{ "utimes",	{ A(FILENAME, 1) } },
};

static const struct callargs aliasargs[] = {
	[ST_ALIAS_FSREAD] = { "fsread", { A(FILENAME, 1) } },
	[ST_ALIAS_FSWRITE] = { "fswrite", { A(FILENAME, 1) } },
};

static const char *const argnames[] = {
	[ST_ARG_NONE] = "?",
	[ST_ARG_FILENAME] = "filename",
	[ST_ARG_STRING] = "string",
	[ST_ARG_OFLAGS] = "oflags",
	[ST_ARG_MODE] = "mode",
	[ST_ARG_SOCKADDR] = "sockaddr",
	[ST_ARG_SOCKDOM] = "sockdom",
	[ST_ARG_SOCKTYPE] = "socktype",
	[ST_ARG_SIGNAME] = "signame",
	[ST_ARG_PIDNAME] = "pidname",
	[ST_ARG_UID] = "uid",
	[ST_ARG_GID] = "gid",
	[ST_ARG_UNAME] = "uname",
	[ST_ARG_PROT] = "prot",
	[ST_ARG_CMD] = "cmd",
	[ST_ARG_ARGV] = "argv",
	[ST_ARG_RAW0] = "arg0",
	[ST_ARG_RAW1] = "arg1",
	[ST_ARG_RAW2] = "arg2",
	[ST_ARG_RAW3] = "arg3",
	[ST_ARG_RAW4] = "arg4",
	[ST_ARG_RAW5] = "arg5",
};

const char *st_arg_name(enum st_arg arg)
{
	if ((unsigned int)arg >= __ST_ARG_LAST)
		return "?";
	return argnames[arg];
}

enum st_arg st_arg_by_name(const char *name)
{
	unsigned int i;

	for (i = 1; i < __ST_ARG_LAST; i++)
		if (!strcmp(name, argnames[i]))
			return (enum st_arg)i;
	return ST_ARG_NONE;
}

static const struct callargs *callargs_find(const char *call)
{
	size_t lo = 0, hi = sizeof(callargs) / sizeof(callargs[0]);

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(call, callargs[mid].call);

		if (c == 0)
			return &callargs[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

enum st_arg st_arg_lookup(enum st_abi abi, enum st_alias alias, int nr,
			  const char *name, unsigned int *count)
{
	const struct callargs *ca = NULL;
	enum st_arg arg = st_arg_by_name(name);
	unsigned int i;

	if (arg == ST_ARG_NONE)
		return ST_ARG_NONE;
	if (arg >= ST_ARG_RAW0 && arg <= ST_ARG_RAW5) {
		/* raw registers: every call has them, aliases do not */
		if (alias != ST_ALIAS_NONE)
			return ST_ARG_NONE;
		if (count)
			*count = 1;
		return arg;
	}
	if (alias > ST_ALIAS_NONE && alias < __ST_ALIAS_LAST) {
		ca = &aliasargs[alias];
	} else {
		const char *call = st_syscall_name(abi, nr);

		if (call)
			ca = callargs_find(call);
	}
	if (!ca)
		return ST_ARG_NONE;
	for (i = 0; i < MAXARGS && ca->args[i].arg != ST_ARG_NONE; i++) {
		if (ca->args[i].arg == arg) {
			if (count)
				*count = ca->args[i].count;
			return arg;
		}
	}
	return ST_ARG_NONE;
}
