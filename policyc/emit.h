/* SPDX-License-Identifier: GPL-2.0 */
/*
 * policyc back end: AST to bytecode (emit.c).
 */
#ifndef POLICYC_EMIT_H
#define POLICYC_EMIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ast.h"

/**
 * struct st_emit_opts - code generation options.
 * @no_index: never build lookup sets (one test per rule): the plain
 *	form, for tests and for comparing.
 * @min_set: smallest run of one-test rules that becomes a lookup set.
 * @max_dfa_states: largest DFA of one set; a larger run is split.
 */
struct st_emit_opts {
	bool no_index;
	unsigned int min_set;
	uint32_t max_dfa_states;
};

/*
 * st_emit() - compile policies into one image.
 * @pols: the policies, in order (several files give several policies).
 * @npol: their number.
 * @d: where errors go (with the rule's location).
 * @o: options, NULL for the defaults.
 * @out: the image, malloc'ed (8-byte aligned), on success.
 * @len: its length.
 *
 * Return: 0, or -1 after reporting errors to @d.
 */
int st_emit(struct st_policy *const *pols, size_t npol, struct st_diag *d,
	    const struct st_emit_opts *o, void **out, size_t *len);

/* Is argument @arg compared as a number when the value is one? */
bool st_arg_numeric(enum systrace_arg arg);

/* Call key of a rule (SYSTRACE_CALL_KEY()). */
uint32_t st_rule_key(const struct st_rule *r);

#endif /* POLICYC_EMIT_H */
