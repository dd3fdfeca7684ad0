/* SPDX-License-Identifier: GPL-2.0 */
/*
 * systrace: the leaf of the module, text for logs and events (numbers,
 * system call and signal names, a call's arguments). format.c and names.c
 * call nothing of the module, and every other file may call them (see
 * Documentation/kernel-internals.rst).
 */
#ifndef _SYSTRACE_FORMAT_H
#define _SYSTRACE_FORMAT_H

#include <linux/types.h>

struct st_call;

/* format.c: @v in decimal at @buf (20 bytes), without vsnprintf(). */
u32 st_u64_dec(u64 v, char *buf);

/* The longest oflags string, with its NUL ("rwnact"). */
#define ST_OFLAGS_MAX	8
/* format.c: open flags as systrace printed them, "woct", into @buf; its
 * length.
 */
u32 st_format_oflags(unsigned int flags, char *buf);

/* format.c: "SIGTERM"; else "SIG34", "SIG0" printed into @buf of @size. */
const char *st_signal_name(int sig, char *buf, size_t size);

/* names.c: the kernel's name of system call @nr of ABI @ns ("getpid"),
 * or NULL.
 */
const char *st_syscall_name(u8 ns, long nr);

/*
 * format.c: append @slen bytes of @s (any byte) at *@n of @buf (@len),
 * quoted and escaped, in at most @max bytes; false if nothing fitted.
 */
bool st_put_quoted(char *buf, size_t len, size_t *n, const char *s,
		   size_t slen, size_t max);

/* The longest argument text of a log line, event or question. */
#define ST_ARGS_MAX	512
/*
 * format.c: "filename: /etc/shadow, oflags: O_RDONLY" into @buf
 * (NUL-terminated).
 */
void st_format_args(const struct st_call *c, char *buf, size_t len);
/* The name of SYSTRACE_ARG_* @arg as a policy writes it, or NULL. */
const char *st_arg_name(u8 arg);
/* Its &enum systrace_arg_kind. */
u8 st_arg_kind(u8 arg);

/*
 * format.c: the ABI @c was made in (the namespace of its first key that
 * is no alias; the task's for an alias alone), and the emulation a policy
 * names it by: "native" (x86_64) or "linux" (ia32, as systrace 1.6's Linux
 * port named it). x32 calls are denied before any decision.
 */
u8 st_call_ns(const struct st_call *c);
const char *st_call_emulation(const struct st_call *c);

#endif /* _SYSTRACE_FORMAT_H */
