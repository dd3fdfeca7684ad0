/* SPDX-License-Identifier: GPL-2.0 */
/*
 * systrace: what prog.c needs from its surroundings, in the kernel and in
 * userland (policyc, the host tests, the fuzzers).  prog.c uses nothing
 * else: fixed-width types, little-endian loads, memcmp, a few errno values
 * and BUILD_BUG_ON.
 */
#ifndef _SYSTRACE_PROG_COMPAT_H
#define _SYSTRACE_PROG_COMPAT_H

#ifdef __KERNEL__

#include <linux/types.h>
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/build_bug.h>
#include <linux/compiler.h>
#include <asm/byteorder.h>

#else /* userland */

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;

#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "userland builds of prog.c assume a little-endian host"
#endif
#define le16_to_cpu(x)	((u16)(x))
#define le32_to_cpu(x)	((u32)(x))
#define le64_to_cpu(x)	((u64)(x))

#define BUILD_BUG_ON(cond)	((void)sizeof(char[1 - 2 * !!(cond)]))
#ifndef likely
#define likely(x)	__builtin_expect(!!(x), 1)
#define unlikely(x)	__builtin_expect(!!(x), 0)
#endif

#ifndef __always_inline
#define __always_inline	inline
#endif

#ifndef fallthrough
#define fallthrough	__attribute__((__fallthrough__))
#endif

#endif /* __KERNEL__ */

#endif /* _SYSTRACE_PROG_COMPAT_H */
