/* SPDX-License-Identifier: GPL-2.0 */
/*
 * policyc back end: allocation that never returns NULL (policyc is a
 * compiler: out of memory ends it with a message), growable arrays.
 */
#ifndef POLICYC_UTIL_H
#define POLICYC_UTIL_H

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

static inline void *st_oom(void *p)
{
	if (!p) {
		fputs("policyc: out of memory\n", stderr);
		exit(2);
	}
	return p;
}

static inline void *st_malloc(size_t n)
{
	return st_oom(malloc(n ? n : 1));
}

static inline void *st_calloc(size_t n, size_t sz)
{
	return st_oom(calloc(n ? n : 1, sz ? sz : 1));
}

static inline void *st_realloc(void *p, size_t n)
{
	return st_oom(realloc(p, n ? n : 1));
}

/* Make room for one more element in a (ptr, n, cap) array. */
#define ST_GROW(ptr, n, cap)						\
	do {								\
		if ((n) >= (cap)) {					\
			(cap) = (cap) ? (cap) * 2 : 16;			\
			(ptr) = st_realloc((ptr), (cap) * sizeof(*(ptr))); \
		}							\
	} while (0)

#endif /* POLICYC_UTIL_H */
