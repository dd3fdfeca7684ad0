/* SPDX-License-Identifier: GPL-2.0 */
/*
 * systrace: the leaf of the module, text for logs and events (numbers,
 * system call and signal names). It includes nothing of the module but
 * this header, and every other file may call it (see
 * Documentation/kernel-internals.rst).
 */
#ifndef _SYSTRACE_FORMAT_H
#define _SYSTRACE_FORMAT_H

#include <linux/types.h>

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

#endif /* _SYSTRACE_FORMAT_H */
