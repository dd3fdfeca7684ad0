/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The table of calls and their arguments (kmod/calls.def) as policyc, the
 * learner and the tests see it: built once in calls.c from the X-macro
 * file, never copied by hand.
 */
#ifndef POLICYC_TABLE_H
#define POLICYC_TABLE_H

#include <stddef.h>

/* ST_ARG flags of calls.def. */
#define ST_AF_KEY	(1U << 0)	/* names the call's object */
#define ST_AF_RAW	(1U << 1)	/* arg0 .. arg5: every call has it */
#define ST_AF_INTERNAL	(1U << 2)	/* no policy can name it */

/* ST_KIND of calls.def: the syntax of an argument's values. */
enum st_kind {
#define ST_KIND(kind, syntax) ST_KIND_##kind,
#include "../kmod/calls.def"
	__ST_KIND_LAST
};

/* Most arguments a call has in the table (chown: 4). */
#define ST_TABLE_MAXARGS 4

/* One argument of a call: SYSTRACE_ARG_* and how many of that name. */
struct st_targ {
	unsigned char arg;
	unsigned char count;
};

/*
 * One call of the table.
 * @call: its name ("rename"), or the alias's ("fsread").
 * @file: the kmod hook file that supplies the arguments ("hook_path.c"),
 *	or "none.c" when nothing does (the call is decided on arg0..arg5
 *	only): see st_tcall_supplied().
 * @hook: the LSM hook it supplies them on ("path_rename"), "" for none.
 * @args: the arguments, ending at the first with arg 0.
 */
struct st_tcall {
	const char *call;
	const char *file;
	const char *hook;
	struct st_targ args[ST_TABLE_MAXARGS];
};

/* One argument name: SYSTRACE_ARG_* is its index in st_table_args. */
struct st_targinfo {
	const char *name;	/* "filename"; NULL for SYSTRACE_ARG_NONE */
	const char *id;		/* "FILENAME", as in SYSTRACE_ARG_FILENAME */
	enum st_kind kind;
	unsigned int flags;	/* ST_AF_* */
	const char *doc;
};

extern const struct st_tcall st_table_calls[];	/* sorted by call */
extern const size_t st_table_ncalls;
extern const struct st_tcall st_table_also[];	/* ST_ALSO: second decisions */
extern const size_t st_table_nalso;
extern const struct st_tcall st_table_aliases[];	/* by enum systrace_alias */
extern const size_t st_table_naliases;
extern const struct st_targinfo st_table_args[];	/* by SYSTRACE_ARG_* */
extern const size_t st_table_nargs;
extern const char *const st_kind_names[];	/* "PATH", ... */
extern const char *const st_kind_syntax[];	/* what a value looks like */

/* st_table_call() - the entry of call @name, or NULL (binary search). */
const struct st_tcall *st_table_call(const char *name);

/* st_table_alias() - the entry of alias @name, or NULL. */
const struct st_tcall *st_table_alias(const char *name);

/* st_table_unsorted() - index of the first call out of order, or -1. */
long st_table_unsorted(void);

/* st_tcall_supplied() - does a hook supply the arguments of @c? */
int st_tcall_supplied(const struct st_tcall *c);

/* st_tcall_count() - how many arguments @arg the entry has (0: none). */
unsigned int st_tcall_count(const struct st_tcall *c, unsigned int arg);

#endif /* POLICYC_TABLE_H */
