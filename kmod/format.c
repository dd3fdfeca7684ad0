// SPDX-License-Identifier: GPL-2.0
/*
 * systrace: numbers, open flags, signal names and a call's arguments as
 * logs and events print them. A leaf: it calls nothing of the module
 * (Documentation/kernel-internals.rst).
 */

#include <linux/fcntl.h>
#include <linux/kernel.h>
#include <linux/signal.h>
#include <linux/string.h>

#include "systrace.h"

/* "00" to "99": st_u64_dec() makes two digits a division. */
static const char st_digits2[100][2] = {
	{ '0', '0' }, { '0', '1' }, { '0', '2' }, { '0', '3' }, { '0', '4' }, { '0', '5' },
	{ '0', '6' }, { '0', '7' }, { '0', '8' }, { '0', '9' }, { '1', '0' }, { '1', '1' },
	{ '1', '2' }, { '1', '3' }, { '1', '4' }, { '1', '5' }, { '1', '6' }, { '1', '7' },
	{ '1', '8' }, { '1', '9' }, { '2', '0' }, { '2', '1' }, { '2', '2' }, { '2', '3' },
	{ '2', '4' }, { '2', '5' }, { '2', '6' }, { '2', '7' }, { '2', '8' }, { '2', '9' },
	{ '3', '0' }, { '3', '1' }, { '3', '2' }, { '3', '3' }, { '3', '4' }, { '3', '5' },
	{ '3', '6' }, { '3', '7' }, { '3', '8' }, { '3', '9' }, { '4', '0' }, { '4', '1' },
	{ '4', '2' }, { '4', '3' }, { '4', '4' }, { '4', '5' }, { '4', '6' }, { '4', '7' },
	{ '4', '8' }, { '4', '9' }, { '5', '0' }, { '5', '1' }, { '5', '2' }, { '5', '3' },
	{ '5', '4' }, { '5', '5' }, { '5', '6' }, { '5', '7' }, { '5', '8' }, { '5', '9' },
	{ '6', '0' }, { '6', '1' }, { '6', '2' }, { '6', '3' }, { '6', '4' }, { '6', '5' },
	{ '6', '6' }, { '6', '7' }, { '6', '8' }, { '6', '9' }, { '7', '0' }, { '7', '1' },
	{ '7', '2' }, { '7', '3' }, { '7', '4' }, { '7', '5' }, { '7', '6' }, { '7', '7' },
	{ '7', '8' }, { '7', '9' }, { '8', '0' }, { '8', '1' }, { '8', '2' }, { '8', '3' },
	{ '8', '4' }, { '8', '5' }, { '8', '6' }, { '8', '7' }, { '8', '8' }, { '8', '9' },
	{ '9', '0' }, { '9', '1' }, { '9', '2' }, { '9', '3' }, { '9', '4' }, { '9', '5' },
	{ '9', '6' }, { '9', '7' }, { '9', '8' }, { '9', '9' },
};

/*
 * @v in decimal at @buf (room for 20 digits). vsnprintf() would cost more
 * than the rest of a decision, six times over. Return: the length.
 */
u32 st_u64_dec(u64 v, char *buf)
{
	char tmp[20], *p = tmp + sizeof(tmp);
	u32 r, n;

	while (v >= 100) {
		r = v % 100;
		v /= 100;
		p -= 2;
		memcpy(p, st_digits2[r], 2);
	}
	if (v >= 10) {
		p -= 2;
		memcpy(p, st_digits2[v], 2);
	} else {
		*--p = '0' + v;
	}
	n = tmp + sizeof(tmp) - p;
	memcpy(buf, p, n);
	return n;
}

static const char *const st_signal_names[] = {
	[SIGHUP] = "SIGHUP", [SIGINT] = "SIGINT", [SIGQUIT] = "SIGQUIT",
	[SIGILL] = "SIGILL", [SIGTRAP] = "SIGTRAP", [SIGABRT] = "SIGABRT",
	[SIGBUS] = "SIGBUS", [SIGFPE] = "SIGFPE", [SIGKILL] = "SIGKILL",
	[SIGUSR1] = "SIGUSR1", [SIGSEGV] = "SIGSEGV", [SIGUSR2] = "SIGUSR2",
	[SIGPIPE] = "SIGPIPE", [SIGALRM] = "SIGALRM", [SIGTERM] = "SIGTERM",
	[SIGSTKFLT] = "SIGSTKFLT", [SIGCHLD] = "SIGCHLD",
	[SIGCONT] = "SIGCONT", [SIGSTOP] = "SIGSTOP", [SIGTSTP] = "SIGTSTP",
	[SIGTTIN] = "SIGTTIN", [SIGTTOU] = "SIGTTOU", [SIGURG] = "SIGURG",
	[SIGXCPU] = "SIGXCPU", [SIGXFSZ] = "SIGXFSZ",
	[SIGVTALRM] = "SIGVTALRM", [SIGPROF] = "SIGPROF",
	[SIGWINCH] = "SIGWINCH", [SIGIO] = "SIGIO", [SIGPWR] = "SIGPWR",
	[SIGSYS] = "SIGSYS",
};

/* "SIGTERM"; the kernel's number for the rest ("SIG34", "SIG0"). */
const char *st_signal_name(int sig, char *buf, size_t size)
{
	if (sig > 0 && sig < ARRAY_SIZE(st_signal_names) &&
	    st_signal_names[sig])
		return st_signal_names[sig];
	snprintf(buf, size, "SIG%d", sig);
	return buf;
}

/**
 * st_format_oflags - open flags as systrace printed them.
 * @flags: the file's f_flags.
 * @buf: room for ST_OFLAGS_MAX bytes.
 *
 * The access mode "ro", "wo", "rw" ("--" for 3), then a letter for each of
 * O_NONBLOCK "n", O_APPEND "a", O_CREAT "c" and O_TRUNC "t", in that
 * order: "woct" is O_WRONLY|O_CREAT|O_TRUNC, and ``oflags sub "c"`` means
 * "creates". Other flags have no letter, as in systrace (policyc turns a
 * value written with O_ names into these letters).
 *
 * Return: the length.
 */
u32 st_format_oflags(unsigned int flags, char *buf)
{
	static const char acc[4][3] = { "ro", "wo", "rw", "--" };
	u32 n = 2;

	memcpy(buf, acc[flags & O_ACCMODE], 2);
	if (flags & O_NONBLOCK)
		buf[n++] = 'n';
	if (flags & O_APPEND)
		buf[n++] = 'a';
	if (flags & O_CREAT)
		buf[n++] = 'c';
	if (flags & O_TRUNC)
		buf[n++] = 't';
	buf[n] = '\0';
	return n;
}

/* Argument names, as reports and logs print them: kmod/calls.def. */
static const char *const st_arg_names[__SYSTRACE_ARG_LAST] = {
#define ST_ARG(id, name, kind, flags, doc)	\
	[SYSTRACE_ARG_##id] = name,
#include "calls.def"
};

/* Their kinds, as SYSTRACE_A_ARG_KIND carries them: calls.def again. */
static const u8 st_arg_kinds[__SYSTRACE_ARG_LAST] = {
#define ST_ARG(id, name, kind, flags, doc)	\
	[SYSTRACE_ARG_##id] = SYSTRACE_KIND_##kind,
#include "calls.def"
};

const char *st_arg_name(u8 arg)
{
	return arg < __SYSTRACE_ARG_LAST ? st_arg_names[arg] : NULL;
}

u8 st_arg_kind(u8 arg)
{
	return arg < __SYSTRACE_ARG_LAST ? st_arg_kinds[arg] :
	       SYSTRACE_KIND_STRING;
}

/* The longest quoted value, escapes and quotes included. */
#define ST_VALUE_MAX	256
/* Room kept at the end of the arguments for ", ...": the rest is cut. */
#define ST_CUT_ROOM	5

/*
 * A byte of a value a task chose that is printed as itself between the
 * quotes; any other is \xNN. (Not space: that is harmless in quotes.)
 */
static bool st_byte_plain(unsigned char ch)
{
	return ch >= 0x20 && ch <= 0x7e && ch != '"' && ch != '\\';
}

/*
 * May the value of @arg be printed bare? Only values the kernel formats
 * itself (flags, modes, numbers, signal names), and only if they hold no
 * separator (no space, comma, quote or backslash) nor odd byte: whatever
 * the hook put there, a bare value cannot forge a field.
 */
static bool st_arg_bare(u8 arg, const char *s, u32 len)
{
	u32 i;

	switch (arg) {
	case SYSTRACE_ARG_OFLAGS:
	case SYSTRACE_ARG_MODE:
	case SYSTRACE_ARG_SOCKDOM:
	case SYSTRACE_ARG_SOCKTYPE:
	case SYSTRACE_ARG_SIGNAME:
	case SYSTRACE_ARG_PIDNAME:
	case SYSTRACE_ARG_UID:
	case SYSTRACE_ARG_GID:
	case SYSTRACE_ARG_UNAME:
	case SYSTRACE_ARG_PROT:
	case SYSTRACE_ARG_CMD:
		break;
	default:
		/* filename, string, argv, sockaddr (a unix socket's path) */
		return false;
	}
	if (!len)
		return false;
	for (i = 0; i < len; i++)
		if (s[i] <= 0x20 || s[i] >= 0x7f || s[i] == '"' ||
		    s[i] == '\\' || s[i] == ',')
			return false;
	return true;
}

/* Append @slen bytes of @s at *@n of @buf (@len): false if they do not fit. */
static bool st_put(char *buf, size_t len, size_t *n, const char *s,
		   size_t slen)
{
	if (*n + slen >= len)
		return false;
	memcpy(buf + *n, s, slen);
	*n += slen;
	buf[*n] = '\0';
	return true;
}

/**
 * st_put_quoted - append a value a task chose, quoted and escaped.
 * @buf: output.
 * @len: size of @buf.
 * @n: where in @buf; advanced past what was written.
 * @s: the value.
 * @slen: its length (it may hold any byte).
 * @max: at most this many bytes of output.
 *
 * As the audit subsystem logs untrusted strings, in a form a policy string
 * can hold: in double quotes, with '"', '\\', control and non-ASCII bytes
 * as \xNN. A value that does not fit is cut between escapes and its
 * closing quote followed by "...".
 *
 * Return: false if not even an empty cut value fitted (nothing written).
 */
bool st_put_quoted(char *buf, size_t len, size_t *n, const char *s,
		   size_t slen, size_t max)
{
	size_t end = min(len - 1, *n + max), o = *n, i, w;

	if (o + 5 > end)
		return false;
	buf[o++] = '"';
	for (i = 0; i < slen; i++) {
		unsigned char ch = s[i];

		w = st_byte_plain(ch) ? 1 : 4;
		/* This byte, the closing quote, and "..." if more follow. */
		if (o + w + 1 + (i + 1 < slen ? 3 : 0) > end)
			break;
		if (w == 1) {
			buf[o++] = ch;
		} else {
			buf[o++] = '\\';
			buf[o++] = 'x';
			buf[o++] = hex_asc_hi(ch);
			buf[o++] = hex_asc_lo(ch);
		}
	}
	buf[o++] = '"';
	if (i < slen) {
		memcpy(buf + o, "...", 3);
		o += 3;
	}
	buf[o] = '\0';
	*n = o;
	return true;
}

/**
 * st_format_args - the arguments as systrace logged them.
 * @c: the call.
 * @buf: output, always NUL-terminated.
 * @len: size of @buf (at least 16).
 *
 * systrace's "name: value" list, comma-separated, where every value a task
 * chose is quoted and escaped (st_put_quoted()) and only values the kernel
 * formats itself may be bare (st_arg_bare()), so that no value can forge a
 * field: 'filename: "/etc/shadow", oflags: O_RDONLY'. A value cut short
 * ends in '"...'; when the rest of the arguments does not fit, the list
 * ends in ", ..." (or is "..." alone).
 */
void st_format_args(const struct st_call *c, char *buf, size_t len)
{
	size_t n = 0, field, room = len - ST_CUT_ROOM, nl;
	char head[32];
	u32 i, hl;

	buf[0] = '\0';
	if (c->raw) {
		/* Numbers only: 6 * 30 bytes always fit. */
		for (i = 0; i < 6 && n < len; i++)
			n += scnprintf(buf + n, len - n, "%sarg%u: %lu",
				       i ? ", " : "", i, c->raw[i]);
		return;
	}
	for (i = 0; i < c->nargs; i++) {
		const struct st_prog_arg *a = &c->args[i];
		const char *name = a->arg < __SYSTRACE_ARG_LAST ?
				   st_arg_names[a->arg] : NULL;

		field = n;
		/*
		 * ", name[idx]: " without scnprintf() (a few hundred
		 * instructions each, three per argument of every question):
		 * a name is at most 15 bytes, the head 2 + 15 + 12 + 2.
		 */
		hl = 0;
		if (i) {
			memcpy(head, ", ", 2);
			hl = 2;
		}
		nl = min_t(size_t, strlen(name ?: "?"), 15);
		memcpy(head + hl, name ?: "?", nl);
		hl += nl;
		if (a->idx)
			hl += scnprintf(head + hl, sizeof(head) - hl, "[%u]",
					a->idx);
		memcpy(head + hl, ": ", 2);
		hl += 2;
		if (!st_put(buf, room, &n, head, hl))
			goto cut;
		if (name && st_arg_bare(a->arg, a->str, a->len)) {
			if (!st_put(buf, room, &n, a->str, a->len))
				goto cut;
		} else if (!st_put_quoted(buf, room, &n, a->str, a->len,
					  ST_VALUE_MAX)) {
			goto cut;
		}
	}
	return;
cut:
	/* Whole fields only, and the mark that some are missing. */
	n = field;
	n += scnprintf(buf + n, len - n, "%s...", i ? ", " : "");
}

u8 st_call_ns(const struct st_call *c)
{
	u32 i;

	for (i = 0; c && i < c->nkeys && i < ST_CALL_MAX_KEYS; i++)
		if (SYSTRACE_CALL_NS(c->keys[i]) != SYSTRACE_NS_ALIAS)
			return SYSTRACE_CALL_NS(c->keys[i]);
	return in_ia32_syscall() ? SYSTRACE_NS_IA32 : SYSTRACE_NS_X86_64;
}

const char *st_call_emulation(const struct st_call *c)
{
	return st_call_ns(c) == SYSTRACE_NS_IA32 ? "linux" : "native";
}
