/* SPDX-License-Identifier: GPL-2.0 */
/*
 * policyc's lint (lint.c): what compiles but cannot mean what was written.
 * Values checked against the syntax of their argument's kind (the table in
 * kmod/calls.def), call names against every systrace platform's, rules
 * against the earlier rules that shadow them, and the input against
 * being text at all.
 */
#ifndef POLICYC_LINT_H
#define POLICYC_LINT_H

#include <stddef.h>

#include "ast.h"
#include "diag.h"

/*
 * st_lint_value() - can the kernel print @v (@len bytes) for @arg?
 * For an `eq` or `neq` test, whose value must be spelled as the kernel
 * prints it to ever match.  Returns ST_NOTE (fine), ST_WARNING or
 * ST_ERROR, with the message (what is wrong, what would be right) in
 * @msg of @size bytes.
 */
enum st_severity st_lint_value(enum systrace_arg arg, const char *v, size_t len,
			       char *msg, size_t size);

/*
 * st_lint_platform_call() - is @name a system call of some platform
 * systrace ran on (Linux of any ABI, OpenBSD, NetBSD, FreeBSD), or a name
 * systrace's own Linux port printed?  A call Linux lacks but another
 * platform has is dropped with a warning; any other name is a typo.
 */
int st_lint_platform_call(const char *name);

/*
 * st_lint_suggest_call() - the call or alias name nearest to @name (edit
 * distance at most 2), preferring Linux names of @abi; NULL if none.
 */
const char *st_lint_suggest_call(enum systrace_call_ns abi, const char *name);

/*
 * st_lint_suggest() - the word of @words (@n of them) nearest to @w, or
 * NULL when none is within an edit distance of 2.
 */
const char *st_lint_suggest(const char *w, const char *const *words, size_t n);

/*
 * st_lint_text() - refuse input that is not text: a NUL byte or bytes
 * that are not UTF-8.  Reports one error for @name and returns -1; 0 for
 * text.
 */
int st_lint_text(const char *name, const char *text, size_t len,
		 struct st_diag *d);

/*
 * st_lint_shadow() - warn about each rule of @f that an earlier rule of
 * the same policy and call always decides first: after an unconditional
 * rule, the same rule twice, a test that repeats an earlier rule's test.
 */
void st_lint_shadow(const struct st_file *f, struct st_diag *d);

/* The kernel's spellings (checked against kmod/hook_*.c by a test). */
extern const char *const st_lint_sockdoms[];
extern const size_t st_lint_nsockdoms;
extern const char *const st_lint_socktypes[];
extern const size_t st_lint_nsocktypes;
extern const char *const st_lint_signals[];
extern const size_t st_lint_nsignals;
/* oflags: systrace's access modes, then its letters, in the kernel's order */
extern const char *const st_lint_oflag_modes[];	/* "ro", ... */
extern const size_t st_lint_noflag_modes;
struct st_lint_oflag {
	const char *name;	/* "O_CREAT" */
	char letter;		/* 'c' */
};
extern const struct st_lint_oflag st_lint_oflags[];
extern const size_t st_lint_noflags;

#endif /* POLICYC_LINT_H */
