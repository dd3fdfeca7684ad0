// SPDX-License-Identifier: GPL-2.0
/*
 * systrace: numbers, open flags and signal names as logs and events
 * print them. A leaf: it calls nothing of the module.
 */

#include <linux/fcntl.h>
#include <linux/kernel.h>
#include <linux/signal.h>
#include <linux/string.h>

#include "format.h"

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
