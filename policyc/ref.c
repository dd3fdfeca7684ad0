// SPDX-License-Identifier: GPL-2.0
/*
 * policyc: the reference evaluator.  Deliberately naive: every rule of
 * the call, in source order, its condition evaluated left to right with
 * short-circuit, values expanded by text substitution, operators from
 * libc.  It shares nothing with the code generator but the AST and the
 * rule of which arguments compare as numbers.
 */
#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include <uapi/linux/systrace_prog.h>

#include "emit.h"
#include "ref.h"
#include "util.h"

_Static_assert(__SYSTRACE_ARG_LAST <= 32, "st_ref_ctx.args");

static const char *const st_ref_macros[3] = { "$HOME", "$USER", "$CWD" };

/* @p's value with macros replaced; malloc'ed.  NULL if one is unknown. */
static char *st_ref_expand(const struct st_pred *p, const struct st_ref_ctx *c,
			   int *err)
{
	size_t cap = p->len + 1, n = 0, i = 0, k;
	char *out = st_malloc(cap);

	while (i < p->len) {
		for (k = 0; k < 3; k++) {
			size_t l = strlen(st_ref_macros[k]);

			if ((p->macros & (1U << k)) && i + l <= p->len &&
			    !memcmp(p->value + i, st_ref_macros[k], l))
				break;
		}
		if (k < 3) {
			const char *m = c->macro[k];
			size_t ml;

			if (!m) {
				free(out);
				*err = 1;
				return NULL;
			}
			ml = strlen(m);
			cap += ml;
			out = st_realloc(out, cap);
			memcpy(out + n, m, ml);
			n += ml;
			i += strlen(st_ref_macros[k]);
			continue;
		}
		out[n++] = p->value[i++];
	}
	out[n] = 0;
	return out;
}

static int st_ref_num(const char *s, unsigned long long *v)
{
	char *end;

	if (!isdigit((unsigned char)s[0]))
		return 0;
	errno = 0;
	*v = strtoull(s, &end, 0);
	return !*end && !errno;
}

/* 1 true, 0 false, -1 error. */
static int st_ref_pred(const struct st_pred *p, const struct st_ref_ctx *c)
{
	const char *a = NULL;
	char *v;
	size_t vl, al;
	int err = 0, r = 0;
	regex_t re;

	if (p->arg > 0 && p->arg < 32 && p->occurrence < 4)
		a = c->args[p->arg][p->occurrence];
	if (!a)
		return -1;
	if (p->has_num && !p->macros && st_arg_numeric(p->arg) &&
	    (p->op == ST_OP_EQ || p->op == ST_OP_NEQ)) {
		unsigned long long x;

		r = st_ref_num(a, &x) && x == p->num;
		return p->op == ST_OP_EQ ? r : !r;
	}
	v = st_ref_expand(p, c, &err);
	if (!v)
		return -1;
	/* The value may hold NUL bytes (a quoted "\0"): compare its length. */
	vl = p->macros ? strlen(v) : p->len;
	al = strlen(a);
	switch (p->op) {
	case ST_OP_EQ:
	case ST_OP_NEQ:
		r = vl == al && !memcmp(v, a, vl);
		if (p->op == ST_OP_NEQ)
			r = !r;
		break;
	case ST_OP_SUB:
	case ST_OP_NSUB:
		r = memmem(a, al, v, vl) != NULL;
		if (p->op == ST_OP_NSUB)
			r = !r;
		break;
	case ST_OP_MATCH:
		r = !fnmatch(v, a, FNM_PATHNAME | FNM_LEADING_DIR);
		break;
	case ST_OP_RE:
		if (regcomp(&re, v, REG_EXTENDED | REG_NOSUB)) {
			r = -1;
			break;
		}
		r = !regexec(&re, a, 0, NULL, 0);
		regfree(&re);
		break;
	case ST_OP_INPATH:
		r = (al >= vl && !memcmp(a, v, vl)) &&
		    (al == vl || a[vl] == '/' || (vl && v[vl - 1] == '/'));
		break;
	default:
		r = -1;
	}
	free(v);
	return r;
}

static int st_ref_expr(const struct st_expr *e, const struct st_ref_ctx *c)
{
	int a;

	if (!e)
		return 1;
	switch (e->kind) {
	case ST_EXPR_TRUE:
		return 1;
	case ST_EXPR_PRED:
		return st_ref_pred(&e->pred, c);
	case ST_EXPR_NOT:
		a = st_ref_expr(e->left, c);
		return a < 0 ? a : !a;
	case ST_EXPR_AND:
		a = st_ref_expr(e->left, c);
		if (a <= 0)
			return a;
		return st_ref_expr(e->right, c);
	case ST_EXPR_OR:
		a = st_ref_expr(e->left, c);
		if (a != 0)
			return a;
		return st_ref_expr(e->right, c);
	default:
		return -1;
	}
}

/* @r's comparison of the caller's real id; 1, 0, -1 (missing). */
static int st_ref_id(const struct st_rule *r, const struct st_ref_ctx *c)
{
	const char *s = c->args[r->cond.kind == ST_COND_USER ?
				SYSTRACE_ARG_CRED_UID :
				SYSTRACE_ARG_CRED_GID][0];
	unsigned long long v;

	if (!s)
		return -1;
	if (!st_ref_num(s, &v))
		return r->cond.op == ST_COND_NE;
	switch (r->cond.op) {
	case ST_COND_EQ:
		return v == r->cond.id;
	case ST_COND_NE:
		return v != r->cond.id;
	case ST_COND_LT:
		return v < r->cond.id;
	case ST_COND_GT:
		return v > r->cond.id;
	}
	return -1;
}

/* Are the caller's ids mixed?  1, 0, -1 (missing); not "0" counts. */
static int st_ref_mixed(const struct st_ref_ctx *c)
{
	const char *s = c->args[SYSTRACE_ARG_CRED_MIXED][0];
	unsigned long long v;

	if (!s)
		return -1;
	return !st_ref_num(s, &v) || v != 0;
}

/*
 * The `, if` clause: the real id compared, then, with mixed ids, false
 * for a permit and true for a deny or ask (systrace_prog.h, "mixed ids").
 */
static int st_ref_cond(const struct st_rule *r, const struct st_ref_ctx *c)
{
	int m;

	if (r->cond.kind == ST_COND_NONE)
		return 1;
	m = st_ref_id(r, c);
	if (m < 0)
		return m;
	if (r->action == SYSTRACE_ACT_PERMIT) {
		if (!m)
			return 0;
		m = st_ref_mixed(c);
		return m < 0 ? m : !m;
	}
	if (m)
		return 1;
	return st_ref_mixed(c);
}

int st_ref_eval(const struct st_policy *pol, uint32_t key,
		const struct st_ref_ctx *ctx, uint32_t *rule)
{
	const struct st_rule *r;
	uint32_t i = 0;

	for (r = pol->rules; r; r = r->next) {
		int m;

		if (st_rule_key(r) != key)
			continue;
		m = st_ref_expr(r->expr, ctx);
		if (m > 0)
			m = st_ref_cond(r, ctx);
		if (m < 0)
			return -1;
		if (m) {
			*rule = i;
			return 1;
		}
		i++;
	}
	return 0;
}
