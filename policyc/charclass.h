/* SPDX-License-Identifier: GPL-2.0 */
/*
 * policyc: POSIX character classes ([:alpha:] ...) in the C locale, for
 * glob.c and regex.c.
 */
#ifndef POLICYC_CHARCLASS_H
#define POLICYC_CHARCLASS_H

#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

/* Add the class @name (@len bytes) to @set; false when unknown. */
static inline bool st_charclass(const char *name, size_t len, uint8_t set[32])
{
	static const struct {
		const char *name;
		int (*fn)(int);
	} classes[] = {
		{ "alnum", isalnum }, { "alpha", isalpha }, { "blank", isblank },
		{ "cntrl", iscntrl }, { "digit", isdigit }, { "graph", isgraph },
		{ "lower", islower }, { "print", isprint }, { "punct", ispunct },
		{ "space", isspace }, { "upper", isupper }, { "xdigit", isxdigit },
	};
	size_t i;
	int c;

	for (i = 0; i < sizeof(classes) / sizeof(classes[0]); i++) {
		if (strlen(classes[i].name) != len ||
		    memcmp(classes[i].name, name, len))
			continue;
		/* The C locale: only ASCII is classified. */
		for (c = 0; c < 128; c++)
			if (classes[i].fn(c))
				set[c >> 3] |= 1 << (c & 7);
		return true;
	}
	return false;
}

#endif /* POLICYC_CHARCLASS_H */
