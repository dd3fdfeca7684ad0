/* SPDX-License-Identifier: GPL-2.0 */
/*
 * policyc: a plain reference evaluator over the AST (ref.c): first match,
 * one rule after the other, with libc's fnmatch(3), regexec(3), strstr.
 * The tests compare the bytecode with it.
 */
#ifndef POLICYC_REF_H
#define POLICYC_REF_H

#include <stdint.h>

#include "ast.h"

/**
 * struct st_ref_ctx - the call's arguments and the task's macros.
 * @args: NUL-terminated strings by [enum systrace_arg][index]; NULL:
 *	the argument is missing.
 * @macro: $HOME, $USER, $CWD expansions; NULL: unknown.
 */
struct st_ref_ctx {
	const char *args[32][4];
	const char *macro[3];
};

/*
 * st_ref_eval() - evaluate the rules of @pol for call @key in order.
 * Return 1 with *@rule set to the 0-based position of the first matching
 * rule among the call's rules, 0 when none matches, -1 on an error
 * (missing argument or macro), as the interpreter.
 */
int st_ref_eval(const struct st_policy *pol, uint32_t key,
		const struct st_ref_ctx *ctx, uint32_t *rule);

#endif /* POLICYC_REF_H */
