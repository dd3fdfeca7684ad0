// SPDX-License-Identifier: GPL-2.0
/*
 * The table of calls and their arguments, built from kmod/calls.def.  No
 * other dependency: systracectl links it too (the learner names arguments
 * from it).
 */
#include <string.h>

#include <uapi/linux/systrace.h>
#include <uapi/linux/systrace_prog.h>

#include "table.h"

#define ST_A(id, n) { SYSTRACE_ARG_##id, n }

const struct st_tcall st_table_calls[] = {
/* "none" becomes "none.c": no such file, see st_tcall_supplied() */
#define ST_CALL(call, file, hook, ...) \
	{ #call, #file ".c", hook, { __VA_ARGS__ } },
#include "../kmod/calls.def"
};
const size_t st_table_ncalls = sizeof(st_table_calls) / sizeof(st_table_calls[0]);

/* Second decisions of a call, for the host test (calls.def ST_ALSO). */
const struct st_tcall st_table_also[] = {
#define ST_ALSO(call, file, hook, ...) \
	{ #call, #file ".c", hook, { __VA_ARGS__ } },
#include "../kmod/calls.def"
};
const size_t st_table_nalso = sizeof(st_table_also) / sizeof(st_table_also[0]);

/* Indexed by enum st_alias (ast.h): none, fsread, fswrite. */
const struct st_tcall st_table_aliases[] = {
	{ "", "none.c", "", { { 0, 0 } } },
#define ST_ALIAS(alias, ...) { #alias, "hook_file.c", "file_open", { __VA_ARGS__ } },
#include "../kmod/calls.def"
};
const size_t st_table_naliases = sizeof(st_table_aliases) / sizeof(st_table_aliases[0]);

const struct st_targinfo st_table_args[] = {
#define ST_ARG(id, name, kind, flags, doc) \
	[SYSTRACE_ARG_##id] = { name, #id, ST_KIND_##kind, flags, doc },
#include "../kmod/calls.def"
};
const size_t st_table_nargs = sizeof(st_table_args) / sizeof(st_table_args[0]);

_Static_assert(sizeof(st_table_args) / sizeof(st_table_args[0]) ==
	       __SYSTRACE_ARG_LAST, "calls.def names every SYSTRACE_ARG_*");

/* The kinds are ABI too (uapi enum systrace_arg_kind): the same order. */
#define ST_KIND(kind, syntax) \
	_Static_assert((int)ST_KIND_##kind == (int)SYSTRACE_KIND_##kind, \
		       "calls.def's kinds are uapi enum systrace_arg_kind's");
#include "../kmod/calls.def"
_Static_assert((int)__ST_KIND_LAST == (int)__SYSTRACE_KIND_LAST,
	       "calls.def has every kind of enum systrace_arg_kind");

const char *const st_kind_names[] = {
#define ST_KIND(kind, syntax) #kind,
#include "../kmod/calls.def"
};

const char *const st_kind_syntax[] = {
#define ST_KIND(kind, syntax) syntax,
#include "../kmod/calls.def"
};

const struct st_tcall *st_table_call(const char *name)
{
	size_t lo = 0, hi = st_table_ncalls;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(name, st_table_calls[mid].call);

		if (c == 0)
			return &st_table_calls[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

const struct st_tcall *st_table_alias(const char *name)
{
	size_t i;

	for (i = 1; i < st_table_naliases; i++)
		if (!strcmp(name, st_table_aliases[i].call))
			return &st_table_aliases[i];
	return NULL;
}

long st_table_unsorted(void)
{
	size_t i;

	for (i = 1; i < st_table_ncalls; i++)
		if (strcmp(st_table_calls[i - 1].call, st_table_calls[i].call) >= 0)
			return (long)i;
	return -1;
}

int st_tcall_supplied(const struct st_tcall *c)
{
	return c && c->call[0] && strcmp(c->file, "none.c");
}

unsigned int st_tcall_count(const struct st_tcall *c, unsigned int arg)
{
	unsigned int i;

	for (i = 0; i < ST_TABLE_MAXARGS && c->args[i].arg; i++)
		if (c->args[i].arg == arg)
			return c->args[i].count;
	return 0;
}
