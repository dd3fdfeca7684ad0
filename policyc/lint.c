// SPDX-License-Identifier: GPL-2.0
/*
 * policyc's lint: what compiles but cannot mean what was written.
 *
 * A value compared with eq/neq matches only if it is spelled the way the
 * kernel prints the argument (kmod/hook_*.c); the spellings here are the
 * kernel's, and a host test (policyc/tests/table_test.c) checks them
 * against the hook files.  A call name no platform of systrace has is a
 * typo; one of OpenBSD or NetBSD is a call Linux lacks, dropped with a
 * warning so that imported policies still load.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <uapi/linux/systrace_prog.h>

#include "lint.h"
#include "names.h"
#include "table.h"
#include "util.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* kmod/hook_net.c: st_sockdom_names, st_socktype_names. */
const char *const st_lint_sockdoms[] = {
	"AF_UNSPEC", "AF_UNIX", "AF_INET", "AF_AX25", "AF_IPX",
	"AF_APPLETALK", "AF_X25", "AF_INET6", "AF_KEY", "AF_NETLINK",
	"AF_PACKET", "AF_RDS", "AF_CAN", "AF_TIPC", "AF_BLUETOOTH", "AF_ALG",
	"AF_VSOCK", "AF_XDP",
};
const size_t st_lint_nsockdoms = N(st_lint_sockdoms);

const char *const st_lint_socktypes[] = {
	"SOCK_STREAM", "SOCK_DGRAM", "SOCK_RAW", "SOCK_RDM", "SOCK_SEQPACKET",
	"SOCK_DCCP", "SOCK_PACKET",
};
const size_t st_lint_nsocktypes = N(st_lint_socktypes);

/* kmod/hook_task.c: st_signal_names; the rest print as "SIG<n>". */
const char *const st_lint_signals[] = {
	"SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT",
	"SIGBUS", "SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2",
	"SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT", "SIGCHLD", "SIGCONT",
	"SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU",
	"SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR",
	"SIGSYS",
};
const size_t st_lint_nsignals = N(st_lint_signals);

/*
 * kmod/hook_file.c st_format_oflags(): systrace's access mode ("--" for
 * 3), then one letter per flag, in this order.  A value may name them
 * O_RDONLY, ... O_TRUNC instead (policyc/parser.y turns them into these).
 */
const char *const st_lint_oflag_modes[] = { "ro", "wo", "rw", "--" };
const size_t st_lint_noflag_modes = N(st_lint_oflag_modes);
static const char *const accmodes[] = { "O_RDONLY", "O_WRONLY", "O_RDWR" };
const struct st_lint_oflag st_lint_oflags[] = {
	{ "O_NONBLOCK", 'n' }, { "O_APPEND", 'a' }, { "O_CREAT", 'c' },
	{ "O_TRUNC", 't' },
};
const size_t st_lint_noflags = N(st_lint_oflags);

/* Open flags the kernel knows and systrace has no letter for. */
static const char *const unlettered[] = {
	"O_EXCL", "O_NOCTTY", "O_DSYNC", "O_ASYNC", "O_DIRECT",
	"O_DIRECTORY", "O_NOFOLLOW", "O_NOATIME", "O_CLOEXEC", "O_SYNC",
	"O_TMPFILE", "O_PATH", "O_LARGEFILE", "O_ACCMODE",
};

/* kmod/hook_mm.c: st_format_prot(), in this order. */
static const char *const prots[] = { "PROT_READ", "PROT_WRITE", "PROT_EXEC" };

/*
 * System calls of OpenBSD and NetBSD (and a few of FreeBSD) that Linux
 * has under no name: a policy written there names them.  Their compat_,
 * versioned (__stat50) and old (o-prefixed) forms are recognised by rule
 * below, as the name systrace's Linux port gave calls it did not know
 * (ni_syscall-N).
 */
static const char *const bsd_calls[] = {
	"__clone", "__fhopen40", "__fhstat40", "__get_tcb", "__getcwd",
	"__getdents30", "__getlogin", "__posix_chown", "__posix_fchown",
	"__posix_lchown", "__posix_rename", "__realpath", "__semctl",
	"__set_tcb", "__setlogin", "__sigaltstack14", "__syscall", "__sysctl",
	"__tfork", "__thrsigdivert", "__thrsleep", "__threxit", "__thrwakeup",
	"__tmpfd", "_lwp_continue", "_lwp_create", "_lwp_ctl", "_lwp_detach",
	"_lwp_exit", "_lwp_getname", "_lwp_getprivate", "_lwp_kill",
	"_lwp_park", "_lwp_self", "_lwp_setname", "_lwp_setprivate",
	"_lwp_suspend", "_lwp_unpark", "_lwp_unpark_all", "_lwp_wait",
	"_lwp_wakeup", "_ksem_close", "_ksem_destroy", "_ksem_getvalue",
	"_ksem_init", "_ksem_open", "_ksem_post", "_ksem_trywait",
	"_ksem_unlink", "_ksem_wait", "adjfreq", "break", "chflags",
	"chflagsat", "closefrom", "extattr_delete_fd", "extattr_delete_file",
	"extattr_delete_link", "extattr_get_fd", "extattr_get_file",
	"extattr_get_link", "extattr_list_fd", "extattr_list_file",
	"extattr_list_link", "extattr_set_fd", "extattr_set_file",
	"extattr_set_link", "extattrctl", "fchflags", "fchroot", "fhopen",
	"fhstat", "fhstatfs", "fhstatvfs1", "fktrace", "fpathconf",
	"fstatvfs1", "fsync_range", "futimens", "futimes", "getdirentries",
	"getdtablecount", "getdtablesize", "getentropy", "gethostid",
	"getkerninfo", "getpagesize", "getfh", "getfsstat", "getlogin",
	"getlogin_r", "getrtable", "getthrid", "getvfsstat", "issetugid",
	"jail", "killpg", "kbind", "kevent", "kldload", "kldunload", "kqueue", "kqueue1",
	"ktrace", "lchflags", "lchmod", "lfs_bmapv", "lfs_markv",
	"lfs_segclean", "lfs_segwait", "lutimes", "minherit", "mkfifo",
	"mkfifoat", "mquery", "msyscall", "nfssvc", "obreak", "ovadvise",
	"paccept", "pathconf", "pledge", "posix_spawn", "profil", "rasctl",
	"revoke", "rfork", "sbrk", "sendsyslog", "setegid", "seteuid",
	"sethostid", "setlogin", "setrtable", "sigblock", "sigsetmask",
	"sigstack", "sigvec", "sstk", "statvfs1", "swapctl",
	"sysarch", "thrkill", "undelete", "unmount", "unveil", "utrace",
	"uuidgen", "vadvise",
};

/* Edit distance of @a and @b, capped: anything above 3 is 3. */
static unsigned int distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j;
	unsigned int row[64], prev, tmp, best;

	if (la >= N(row) || lb >= N(row) || (la > lb ? la - lb : lb - la) > 2)
		return 3;
	for (j = 0; j <= lb; j++)
		row[j] = (unsigned int)j;
	for (i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = (unsigned int)i;
		best = row[0];
		for (j = 1; j <= lb; j++) {
			unsigned int sub = prev + (a[i - 1] != b[j - 1]);
			unsigned int ins = row[j - 1] + 1, del = row[j] + 1;

			tmp = row[j];
			row[j] = sub < ins ? (sub < del ? sub : del) :
					     (ins < del ? ins : del);
			prev = tmp;
			if (row[j] < best)
				best = row[j];
		}
		if (best > 2)
			return 3;
	}
	return row[lb] > 3 ? 3 : row[lb];
}

/* A swap of two neighbours (opne for open) counts as one edit. */
static unsigned int edits(const char *a, const char *b)
{
	size_t la = strlen(a), i;

	if (la == strlen(b) && la >= 2 && la < 64) {
		for (i = 0; i + 1 < la && a[i] == b[i]; i++)
			;
		if (i + 1 < la && a[i] == b[i + 1] && a[i + 1] == b[i] &&
		    !strcmp(a + i + 2, b + i + 2))
			return 1;
	}
	return distance(a, b);
}

const char *st_lint_suggest(const char *w, const char *const *words, size_t n)
{
	const char *best = NULL;
	unsigned int bd = 3, d;
	size_t i;

	for (i = 0; i < n; i++) {
		d = edits(w, words[i]);
		if (d < bd) {
			bd = d;
			best = words[i];
		}
	}
	/* two edits in a three-letter word is another word */
	if (best && bd == 2 && strlen(w) <= 4)
		return NULL;
	return best;
}

static int in_list(const char *w, const char *const *words, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(w, words[i]))
			return 1;
	return 0;
}

static int linux_call(const char *name)
{
	return st_syscall_nr(SYSTRACE_NS_X86_64, name) >= 0 ||
	       st_syscall_nr(SYSTRACE_NS_IA32, name) >= 0;
}

int st_lint_platform_call(const char *name)
{
	char base[64];
	const char *p = name;
	size_t len;

	if (linux_call(name) || in_list(name, bsd_calls, N(bsd_calls)))
		return 1;
	/* systrace's Linux port: calls it had no name for */
	if (!strncmp(name, "ni_syscall", 10))
		return 1;
	/* NetBSD's compat_43_olseek, compat_50_select: the call it was */
	if (!strncmp(p, "compat_", 7) && isdigit((unsigned char)p[7])) {
		p += 7;
		while (isdigit((unsigned char)*p))
			p++;
		if (*p++ != '_')
			return 0;
		if (st_lint_platform_call(p))
			return 1;
		return *p == 'o' && st_lint_platform_call(p + 1);
	}
	/* NetBSD's versioned calls: __stat50, __sigaction14 */
	if (!strncmp(p, "__", 2)) {
		snprintf(base, sizeof(base), "%s", p + 2);
		len = strlen(base);
		while (len && isdigit((unsigned char)base[len - 1]))
			base[--len] = '\0';
		return len && len + 2 < strlen(name) &&
		       (linux_call(base) || in_list(base, bsd_calls, N(bsd_calls)));
	}
	return 0;
}

/* Linux names of @t (a generated table) nearest @name. */
static const char *nearest_in(const struct st_name *t, size_t n,
			      const char *name, unsigned int *bd)
{
	const char *best = NULL;
	unsigned int d;
	size_t i;

	for (i = 0; i < n; i++) {
		d = edits(name, t[i].name);
		if (d < *bd) {
			*bd = d;
			best = t[i].name;
		}
	}
	return best;
}

const char *st_lint_suggest_call(enum systrace_call_ns abi, const char *name)
{
	static const char *const aliases[] = { "fsread", "fswrite" };
	const char *best, *b;
	unsigned int bd = 3;

	if (abi == SYSTRACE_NS_IA32)
		best = nearest_in(st_syscalls_ia32, st_nsyscalls_ia32, name, &bd);
	else
		best = nearest_in(st_syscalls_x86_64, st_nsyscalls_x86_64, name,
				  &bd);
	b = st_lint_suggest(name, aliases, N(aliases));
	if (b && edits(name, b) < bd) {
		best = b;
		bd = edits(name, b);
	}
	if (bd > 1) {
		b = st_lint_suggest(name, bsd_calls, N(bsd_calls));
		if (b && edits(name, b) < bd) {
			best = b;
			bd = edits(name, b);
		}
	}
	if (best && bd == 2 && strlen(name) <= 4)
		return NULL;
	return best;
}

/* ---- values ---- */

#define MSG(...) (snprintf(msg, size, __VA_ARGS__))

/* "AF_UNKNOWN(38)": @prefix, then a decimal in parentheses. */
static int unknown_form(const char *v, const char *prefix)
{
	size_t n = strlen(prefix);

	if (strncmp(v, prefix, n) || v[n] != '(' || !isdigit((unsigned char)v[n + 1]))
		return 0;
	v += n + 1;
	while (isdigit((unsigned char)*v))
		v++;
	return !strcmp(v, ")");
}

static enum st_severity one_of(const char *v, const char *const *words,
			       size_t n, const char *what, const char *unknown,
			       char *msg, size_t size)
{
	const char *s;

	if (in_list(v, words, n) || (unknown && unknown_form(v, unknown)))
		return ST_NOTE;
	s = st_lint_suggest(v, words, n);
	if (s)
		MSG("unknown %s \"%s\" (did you mean \"%s\"?)", what, v, s);
	else
		MSG("unknown %s \"%s\": the kernel prints %s names such as \"%s\"%s%s%s",
		    what, v, what, words[0], unknown ? ", or \"" : "",
		    unknown ? unknown : "", unknown ? "(N)\"" : "");
	return ST_ERROR;
}

static int all_digits(const char *s, int base)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (base == 8 ? (*s < '0' || *s > '7') : !isdigit((unsigned char)*s))
			return 0;
	return 1;
}

/* A number as the compiler reads one (strtoull, base 0). */
static int is_number(const char *v)
{
	char *end;

	if (!isdigit((unsigned char)v[0]))
		return 0;
	strtoull(v, &end, 0);
	return !*end;
}

static enum st_severity signal_value(const char *v, char *msg, size_t size)
{
	if (!strncmp(v, "SIG", 3) && all_digits(v + 3, 10))
		return ST_NOTE;
	return one_of(v, st_lint_signals, st_lint_nsignals, "signal", NULL,
		      msg, size);
}

/*
 * Names joined by '|' from @words, in that order, each at most once
 * (O_RDONLY|O_CREAT); @first (if any) must start it.  The kernel prints
 * them in this order, so another order never matches.
 */
static enum st_severity flag_value(const char *v, const char *const *first,
				   size_t nfirst, const char *const *words,
				   size_t n, const char *what, char *msg,
				   size_t size)
{
	char buf[512], canon[512] = "", *tok, *save = NULL;
	const char *s;
	size_t i, seen[64] = { 0 }, k = 0;
	int order = 1, last = -1;

	if (strlen(v) >= sizeof(buf))
		return ST_NOTE;
	snprintf(buf, sizeof(buf), "%s", v);
	for (tok = strtok_r(buf, "|", &save); tok;
	     tok = strtok_r(NULL, "|", &save), k++) {
		if (k == 0 && first) {
			if (in_list(tok, first, nfirst))
				continue;
			s = st_lint_suggest(tok, first, nfirst);
			if (!s && !in_list(tok, words, n))
				s = st_lint_suggest(tok, words, n);
			if (s)
				MSG("unknown %s \"%s\" in \"%s\" (did you mean \"%s\"?)",
				    what, tok, v, s);
			else
				MSG("\"%s\" does not start with the access mode (O_RDONLY, O_WRONLY or O_RDWR), as the kernel prints it",
				    v);
			return ST_ERROR;
		}
		for (i = 0; i < n; i++)
			if (!strcmp(tok, words[i]))
				break;
		if (i == n) {
			s = st_lint_suggest(tok, words, n);
			if (!s && first)
				s = st_lint_suggest(tok, first, nfirst);
			if (s)
				MSG("unknown %s \"%s\" in \"%s\" (did you mean \"%s\"?)",
				    what, tok, v, s);
			else
				MSG("unknown %s \"%s\" in \"%s\"", what, tok, v);
			return ST_ERROR;
		}
		if ((int)i <= last)
			order = 0;
		last = (int)i;
		seen[i] = 1;
	}
	if (k == 0 || v[0] == '|' || v[strlen(v) - 1] == '|' || strstr(v, "||")) {
		MSG("empty %s in \"%s\"", what, v);
		return ST_ERROR;
	}
	if (order)
		return ST_NOTE;
	if (first) {
		snprintf(buf, sizeof(buf), "%s", v);
		*strchrnul(buf, '|') = '\0';
		snprintf(canon, sizeof(canon), "%s", buf);
	}
	for (i = 0; i < n; i++)
		if (seen[i])
			snprintf(canon + strlen(canon), sizeof(canon) - strlen(canon),
				 "%s%s", canon[0] ? "|" : "", words[i]);
	MSG("\"%s\" is never equal to what the kernel prints: it prints these %ss in one order, \"%s\"",
	    v, what, canon);
	return ST_ERROR;
}

/*
 * An oflags value: systrace's letters, exactly as the kernel prints them
 * ("woct"), or O_ names of the access mode and of the flags that have a
 * letter ("O_WRONLY|O_CREAT", any order: policyc turns them into the
 * letters).  Anything else is never equal to what the kernel prints.
 */
static enum st_severity oflags_value(const char *v, char *msg, size_t size)
{
	const char *all[N(accmodes) + N(st_lint_oflags) + N(unlettered)];
	char buf[256], want[8], *tok, *save = NULL;
	size_t i, k = 0, n = 0;
	const char *p, *s;
	int modes = 0;

	if (!strncmp(v, "O_", 2)) {
		for (i = 0; i < N(accmodes); i++)
			all[n++] = accmodes[i];
		for (i = 0; i < N(st_lint_oflags); i++)
			all[n++] = st_lint_oflags[i].name;
		for (i = 0; i < N(unlettered); i++)
			all[n++] = unlettered[i];
		if (strlen(v) >= sizeof(buf) || v[strlen(v) - 1] == '|' ||
		    strstr(v, "||")) {
			MSG("empty open flag in \"%s\"", v);
			return ST_ERROR;
		}
		snprintf(buf, sizeof(buf), "%s", v);
		for (tok = strtok_r(buf, "|", &save); tok;
		     tok = strtok_r(NULL, "|", &save)) {
			if (in_list(tok, accmodes, N(accmodes))) {
				if (modes++) {
					MSG("\"%s\" names two access modes", v);
					return ST_ERROR;
				}
				continue;
			}
			for (i = 0; i < N(st_lint_oflags) &&
			     strcmp(tok, st_lint_oflags[i].name); i++)
				;
			if (i < N(st_lint_oflags) || !strcmp(tok, "O_NDELAY"))
				continue;
			if (in_list(tok, unlettered, N(unlettered))) {
				MSG("oflags has no letter for '%s' (systrace's oflags: ro, wo, rw, then n a c t): the kernel does not print it",
				    tok);
				return ST_ERROR;
			}
			s = st_lint_suggest(tok, all, n);
			if (s)
				MSG("unknown open flag \"%s\" in \"%s\" (did you mean \"%s\"?)",
				    tok, v, s);
			else
				MSG("unknown open flag \"%s\" in \"%s\"", tok, v);
			return ST_ERROR;
		}
		return ST_NOTE;
	}
	for (i = 0; i < N(st_lint_oflag_modes); i++)
		if (!strncmp(v, st_lint_oflag_modes[i], 2))
			break;
	if (i == N(st_lint_oflag_modes)) {
		MSG("\"%s\" is no oflags value: the kernel prints the access mode ro, wo, rw or --, then n a c t (\"woct\"), or write O_ names (\"O_WRONLY|O_CREAT|O_TRUNC\")",
		    v);
		return ST_ERROR;
	}
	memcpy(want, v, 2);
	k = 2;
	for (i = 0; i < N(st_lint_oflags); i++) {
		p = strchr(v + 2, st_lint_oflags[i].letter);
		if (p)
			want[k++] = st_lint_oflags[i].letter;
	}
	want[k] = '\0';
	for (p = v + 2; *p; p++) {
		for (i = 0; i < N(st_lint_oflags) &&
		     st_lint_oflags[i].letter != *p; i++)
			;
		if (i == N(st_lint_oflags) || strchr(p + 1, *p)) {
			MSG("\"%s\" is no oflags value: after the access mode the kernel prints each of n a c t at most once (O_NONBLOCK, O_APPEND, O_CREAT, O_TRUNC)",
			    v);
			return ST_ERROR;
		}
	}
	if (strcmp(v, want)) {
		MSG("\"%s\" is never equal to what the kernel prints: it prints these letters in one order, \"%s\"",
		    v, want);
		return ST_ERROR;
	}
	return ST_NOTE;
}

static enum st_severity sockaddr_value(const char *v, char *msg, size_t size)
{
	char host[128], back[INET6_ADDRSTRLEN];
	unsigned char bin[16];
	const char *open, *close;
	int six = !strncmp(v, "inet6-", 6), family = six ? AF_INET6 : AF_INET;
	unsigned long port;
	char *end;

	if (strncmp(v, "inet-", 5) && !six) {
		if (!strncmp(v, "inet", 4)) {
			MSG("\"%s\" is no socket address: the kernel prints inet-[1.2.3.4]:80 or inet6-[::1]:80",
			    v);
			return ST_ERROR;
		}
		return ST_NOTE;	/* a unix path, "@abstract", "family(N)" */
	}
	open = v + (six ? 6 : 5);
	close = strchr(open, ']');
	if (*open != '[' || !close || close[1] != ':' ||
	    (size_t)(close - open - 1) >= sizeof(host)) {
		MSG("\"%s\": the address must be in brackets, as the kernel prints it: %s-[%s]:PORT",
		    v, six ? "inet6" : "inet", six ? "::1" : "127.0.0.1");
		return ST_ERROR;
	}
	memcpy(host, open + 1, (size_t)(close - open - 1));
	host[close - open - 1] = '\0';
	if (inet_pton(family, host, bin) != 1) {
		MSG("\"%s\" is no IPv%c address in \"%s\"", host, six ? '6' : '4', v);
		return ST_ERROR;
	}
	if (!isdigit((unsigned char)close[2])) {
		MSG("\"%s\": the port must be a decimal number", v);
		return ST_ERROR;
	}
	port = strtoul(close + 2, &end, 10);
	if (*end || port > 65535 || (close[2] == '0' && close[3])) {
		MSG("\"%s\": the port must be a decimal number up to 65535", v);
		return ST_ERROR;
	}
	inet_ntop(family, bin, back, sizeof(back));
	if (strcmp(back, host)) {
		MSG("\"%s\" is never equal to what the kernel prints: it prints the address as %s-[%s]:%lu",
		    v, six ? "inet6" : "inet", back, port);
		return ST_ERROR;
	}
	return ST_NOTE;
}

enum st_severity st_lint_value(enum systrace_arg arg, const char *v, size_t len,
			       char *msg, size_t size)
{
	const char *what;

	msg[0] = '\0';
	if (arg <= SYSTRACE_ARG_NONE || arg > ST_ARG_MAX || strlen(v) != len)
		return ST_NOTE;
	/* macros are expanded per process: the value is not known here */
	if (strstr(v, "$HOME") || strstr(v, "$USER") || strstr(v, "$CWD"))
		return ST_NOTE;
	switch (st_table_args[arg].kind) {
	case ST_KIND_PATH:
		/* relative and empty names are left alone: systrace's own
		 * policies test filename eq "" */
		if (v[0] == '/' && (strstr(v, "//") || strstr(v, "/./") ||
				    strstr(v, "/../") ||
				    (len > 1 && v[len - 1] == '/'))) {
			MSG("\"%s\" is never equal to a path the kernel gives: it gives resolved paths (no //, /./, /../ or trailing /)",
			    v);
			return ST_WARNING;
		}
		return ST_NOTE;
	case ST_KIND_OFLAGS:
		return oflags_value(v, msg, size);
	case ST_KIND_PROT:
		if (!strcmp(v, "PROT_NONE"))
			return ST_NOTE;
		return flag_value(v, NULL, 0, prots, N(prots), "protection",
				  msg, size);
	case ST_KIND_SOCKDOM:
		return one_of(v, st_lint_sockdoms, st_lint_nsockdoms,
			      "address family", "AF_UNKNOWN", msg, size);
	case ST_KIND_SOCKTYPE:
		return one_of(v, st_lint_socktypes, st_lint_nsocktypes,
			      "socket type", "SOCK_UNKNOWN", msg, size);
	case ST_KIND_SIGNAL:
		return signal_value(v, msg, size);
	case ST_KIND_SOCKADDR:
		return sockaddr_value(v, msg, size);
	case ST_KIND_OCTAL:
		/* compared as numbers: "0644" is octal, "644" decimal */
		if (v[0] == '0' && all_digits(v, 8))
			return ST_NOTE;
		/* the kernel prints "%04o": "0644", a device's "20600" */
		if (all_digits(v, 8) && strlen(v) > 4)
			return ST_NOTE;
		if (all_digits(v, 10)) {
			MSG("\"%s\" is decimal %s here: write \"0%s\" for an octal mode",
			    v, v, v);
			return ST_WARNING;
		}
		if (is_number(v))
			return ST_NOTE;
		MSG("\"%s\" is no mode: the kernel prints modes in octal, \"0644\"", v);
		return ST_ERROR;
	case ST_KIND_PID:
		if (is_number(v))
			return ST_NOTE;
		/* systrace printed the program: an imported policy loads */
		MSG("\"%s\" is never equal to pidname: the kernel gives the process id, not its program",
		    v);
		return ST_WARNING;
	case ST_KIND_ID:
		if (!strcmp(v, "-1"))
			return ST_NOTE;
		what = "a numeric id (or \"-1\")";
		goto number;
	case ST_KIND_NUMBER:
		what = "a number (decimal, 0x-hex or 0-octal)";
number:
		if (is_number(v))
			return ST_NOTE;
		MSG("\"%s\" is not %s", v, what);
		return ST_ERROR;
	default:
		return ST_NOTE;
	}
}

/* ---- input ---- */

/* Length of the UTF-8 sequence at @s (@n bytes left), 0 if invalid. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	size_t len, i;
	unsigned int cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	/* overlong forms, surrogates, beyond U+10FFFF */
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return len;
}

int st_lint_text(const char *name, const char *text, size_t len,
		 struct st_diag *d)
{
	const unsigned char *s = (const unsigned char *)text;
	unsigned int line = 1, col = 1;
	size_t i = 0, n;

	while (i < len) {
		if (s[i] == 0) {
			st_error(d, &(struct st_loc){ .file = name },
				 "not a policy: binary data (a NUL byte at line %u, column %u); policies are UTF-8 text",
				 line, col);
			return -1;
		}
		n = utf8_len(s + i, len - i);
		if (!n) {
			st_error(d, &(struct st_loc){ .file = name },
				 "not a policy: byte 0x%02x at line %u, column %u is not UTF-8; policies are UTF-8 text",
				 s[i], line, col);
			return -1;
		}
		if (s[i] == '\n') {
			line++;
			col = 1;
		} else {
			col++;
		}
		i += n;
	}
	return 0;
}

/* ---- shadowed rules ---- */

/*
 * Earlier rules are found by hashing, not by comparing every pair: a
 * policy of 100,000 rules stays linear.  Keys are printed text: the call,
 * then the expression as st_expr_print() writes it (values escaped, so no
 * two different tests print alike), then what else must be equal.
 */
struct seen {
	char **keys;
	unsigned int *lines;
	size_t n, cap;
};

static unsigned long hash(const char *s)
{
	unsigned long h = 5381;

	while (*s)
		h = h * 33 + (unsigned char)*s++;
	return h;
}

/* The line of @key in @t, or 0; with @line, insert it if absent. */
static unsigned int seen_find(struct seen *t, char *key, unsigned int line)
{
	size_t i;

	if (line && 2 * (t->n + 1) > t->cap) {
		struct seen big = { 0 };
		size_t k;

		big.cap = t->cap ? 2 * t->cap : 64;
		big.keys = st_calloc(big.cap, sizeof(*big.keys));
		big.lines = st_calloc(big.cap, sizeof(*big.lines));
		for (k = 0; k < t->cap; k++) {
			if (!t->keys[k])
				continue;
			for (i = hash(t->keys[k]) % big.cap; big.keys[i];
			     i = (i + 1) % big.cap)
				;
			big.keys[i] = t->keys[k];
			big.lines[i] = t->lines[k];
		}
		big.n = t->n;
		free(t->keys);
		free(t->lines);
		*t = big;
	}
	if (!t->cap)
		return 0;
	for (i = hash(key) % t->cap; t->keys[i]; i = (i + 1) % t->cap)
		if (!strcmp(t->keys[i], key))
			return t->lines[i];
	if (line) {
		t->keys[i] = st_oom(strdup(key));
		t->lines[i] = line;
		t->n++;
	}
	return 0;
}

static void seen_free(struct seen *t)
{
	size_t i;

	for (i = 0; i < t->cap; i++)
		free(t->keys[i]);
	free(t->keys);
	free(t->lines);
}

/* "<call>|<expr>|<tail>" in a new string. */
static char *key_of(const struct st_rule *r, const struct st_expr *e,
		    const char *tail)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *m = open_memstream(&buf, &size);

	if (!m)
		st_oom(NULL);
	fprintf(m, "%d/%d/%d|", (int)r->alias, (int)r->abi,
		r->alias ? -1 : r->nr);
	st_expr_print(e, m);
	fprintf(m, "|%s", tail);
	if (fclose(m))
		st_oom(NULL);
	return buf;
}

/* Is @a (an earlier unconditional rule's test) one of @e's conjuncts? */
static unsigned int conjunct_seen(struct seen *tests, const struct st_rule *r,
				  const struct st_expr *e)
{
	unsigned int line;
	char *k;

	if (e && e->kind == ST_EXPR_AND) {
		line = conjunct_seen(tests, r, e->left);
		return line ? line : conjunct_seen(tests, r, e->right);
	}
	k = key_of(r, e, "");
	line = seen_find(tests, k, 0);
	free(k);
	return line;
}

static int always(const struct st_expr *e)
{
	return !e || e->kind == ST_EXPR_TRUE;
}

void st_lint_shadow(const struct st_file *f, struct st_diag *d)
{
	const struct st_policy *p;
	const struct st_rule *r;

	for (p = f->policies; p; p = p->next) {
		/* whole rules; the tests of unconditional rules; calls
		 * decided by an unconditional rule without a test */
		struct seen rules = { 0 }, tests = { 0 }, calls = { 0 };

		for (r = p->rules; r; r = r->next) {
			char tail[96], *k;
			unsigned int line;

			snprintf(tail, sizeof(tail), "%d/%d/%d/%u/%d",
				 (int)r->cond.kind, (int)r->cond.op,
				 (int)r->action, (unsigned int)r->cond.id,
				 r->err);
			k = key_of(r, NULL, "");
			line = seen_find(&calls, k, 0);
			free(k);
			if (line) {
				st_warning(d, &r->loc,
					   "never matches: the rule at line %u decides every '%s' call first",
					   line, r->call);
				continue;
			}
			k = key_of(r, r->expr, tail);
			line = seen_find(&rules, k, r->loc.line);
			free(k);
			if (line) {
				st_warning(d, &r->loc,
					   "the same rule as line %u: it never matches",
					   line);
				continue;
			}
			line = conjunct_seen(&tests, r, r->expr);
			if (line) {
				st_warning(d, &r->loc,
					   "never matches: the rule at line %u tests the same and decides first",
					   line);
				continue;
			}
			/* a conditional rule decides only sometimes */
			if (r->cond.kind != ST_COND_NONE)
				continue;
			k = key_of(r, always(r->expr) ? NULL : r->expr, "");
			seen_find(always(r->expr) ? &calls : &tests, k,
				  r->loc.line);
			free(k);
		}
		seen_free(&rules);
		seen_free(&tests);
		seen_free(&calls);
	}
}
