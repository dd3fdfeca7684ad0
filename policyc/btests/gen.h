/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Random policies (as ASTs, built by hand) and random calls, for the
 * differential test, the mutation test and the benchmarks.
 */
#ifndef POLICYC_BTESTS_GEN_H
#define POLICYC_BTESTS_GEN_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ast.h"
#include "emit.h"
#include "ref.h"
#include "../lib/prog.h"

static uint64_t gen_state = 88172645463325252ULL;
/* Mostly one-test rules on filename[0]: long runs, big lookup sets. */
static int gen_atoms;

static inline uint32_t gen_rand(void)
{
	gen_state ^= gen_state << 13;
	gen_state ^= gen_state >> 7;
	gen_state ^= gen_state << 17;
	return gen_state >> 11;
}

static inline uint32_t gen_n(uint32_t n)
{
	return n ? gen_rand() % n : 0;
}

static inline char *gen_strdup(const char *s)
{
	char *d = strdup(s);

	if (!d)
		abort();
	return d;
}

/* A path-like string over a small alphabet, so that rules and calls meet. */
static inline void gen_path(char *buf, int maxlen)
{
	static const char alpha[] = "/ab.";
	int n = gen_n(maxlen + 1), i;

	for (i = 0; i < n; i++)
		buf[i] = alpha[gen_n(sizeof(alpha) - 1)];
	buf[n] = 0;
}

static inline void gen_glob(char *buf)
{
	static const char *const parts[] = {
		"/", "a", "b", ".", "*", "?", "[ab]", "[!a]", "\\a", "/", "a", "*",
		"[a-b]", "[[:alpha:]]", "[]a]",
	};
	int n = gen_n(5), i;

	buf[0] = 0;
	for (i = 0; i < n; i++)
		strcat(buf, parts[gen_n(sizeof(parts) / sizeof(parts[0]))]);
}

static inline void gen_re(char *buf, int depth)
{
	static const char *const atoms[] = {
		"a", "b", "/", ".", "[ab]", "[^a]", "\\.", "[[:alpha:]]",
	};
	static const char *const quants[] = { "", "", "", "*", "+", "?", "{1,2}", "{2}" };
	int n = 1 + gen_n(3), i;

	buf[0] = 0;
	if (!depth && !gen_n(4))
		strcat(buf, "^");
	for (i = 0; i < n; i++) {
		if (depth < 2 && !gen_n(5)) {
			char a[128], b[128];

			gen_re(a, depth + 1);
			gen_re(b, depth + 1);
			strcat(buf, "(");
			strcat(buf, a);
			strcat(buf, "|");
			strcat(buf, b);
			strcat(buf, gen_n(2) ? ")" : ")*");
			continue;
		}
		strcat(buf, atoms[gen_n(sizeof(atoms) / sizeof(atoms[0]))]);
		strcat(buf, quants[gen_n(sizeof(quants) / sizeof(quants[0]))]);
	}
	if (!depth && !gen_n(4))
		strcat(buf, "$");
}

/* The calls random policies use. */
static const struct {
	enum systrace_alias alias;
	int nr;
	const char *name;
} gen_calls[] = {
	{ SYSTRACE_ALIAS_FSREAD, -1, "fsread" },
	{ SYSTRACE_ALIAS_NONE, 42, "connect" },
	{ SYSTRACE_ALIAS_NONE, 105, "setuid" },
};
#define GEN_NCALLS 3

static inline void gen_pred(struct st_pred *p)
{
	char buf[512];
	int k = gen_n(10);

	p->op = gen_n(ST_OP_MAX + 1);
	p->index = -1;
	if (gen_atoms && gen_n(10)) {
		p->arg = SYSTRACE_ARG_FILENAME;
	} else if (k < 6) {
		p->arg = SYSTRACE_ARG_FILENAME;
		p->occurrence = gen_n(4) == 0;
	} else if (k < 8) {
		p->arg = SYSTRACE_ARG_SOCKADDR;
	} else {
		p->arg = SYSTRACE_ARG_UID;
		if (gen_n(2))
			p->op = gen_n(2) ? ST_OP_EQ : ST_OP_NEQ;
	}
	p->name = gen_strdup(p->arg == SYSTRACE_ARG_UID ? "uid" :
			     p->arg == SYSTRACE_ARG_SOCKADDR ? "sockaddr" : "filename");
	if (p->op == ST_OP_MATCH)
		gen_glob(buf);
	else if (p->op == ST_OP_RE)
		gen_re(buf, 0);
	else
		gen_path(buf, 4);
	if (p->arg == SYSTRACE_ARG_UID && gen_n(2))
		snprintf(buf, sizeof(buf), gen_n(4) ? "%u" : "0x%x", gen_n(4));
	if (p->op != ST_OP_RE && p->arg != SYSTRACE_ARG_UID && !gen_n(10)) {
		static const char *const m[] = { "$HOME", "$USER", "$CWD" };
		char tmp[512];
		int which = gen_n(3);

		snprintf(tmp, sizeof(tmp), "%s%s", m[which], buf);
		strcpy(buf, tmp);
		p->macros = 1U << which;
	}
	p->value = gen_strdup(buf);
	p->len = strlen(buf);
	if (buf[0] >= '0' && buf[0] <= '9') {
		char *end;

		p->num = strtoull(buf, &end, 0);
		p->has_num = !*end;
	}
}

static inline struct st_expr *gen_expr(int depth)
{
	struct st_expr *e = calloc(1, sizeof(*e));
	int k = gen_n(10);

	if (!e)
		abort();
	if (depth >= 2 || k < 6 || (gen_atoms && gen_n(10))) {
		e->kind = ST_EXPR_PRED;
		gen_pred(&e->pred);
	} else if (k == 6) {
		e->kind = gen_n(4) ? ST_EXPR_NOT : ST_EXPR_TRUE;
		if (e->kind == ST_EXPR_NOT)
			e->left = gen_expr(depth + 1);
	} else {
		e->kind = k == 7 ? ST_EXPR_OR : ST_EXPR_AND;
		e->left = gen_expr(depth + 1);
		e->right = gen_expr(depth + 1);
	}
	return e;
}

static inline void gen_expr_free(struct st_expr *e)
{
	if (!e)
		return;
	gen_expr_free(e->left);
	gen_expr_free(e->right);
	free(e->pred.name);
	free(e->pred.value);
	free(e);
}

static inline struct st_rule *gen_rule(int line, int call)
{
	struct st_rule *r = calloc(1, sizeof(*r));

	if (!r)
		abort();
	r->loc.line = line;
	r->text = gen_strdup("random rule");
	r->call = gen_strdup(gen_calls[call].name);
	r->alias = gen_calls[call].alias;
	r->nr = gen_calls[call].nr;
	r->abi = SYSTRACE_NS_X86_64;
	r->expr = gen_n(gen_atoms ? 200 : 20) ? gen_expr(0) : NULL;
	r->action = gen_n(3);
	if (r->action == SYSTRACE_ACT_DENY && gen_n(2))
		r->err = 1 + gen_n(40);
	r->flags = gen_n(8) & SYSTRACE_RULE_F_LOG;
	if (!gen_n(gen_atoms ? 50 : 10)) {
		r->cond.kind = 1 + gen_n(2);
		r->cond.op = gen_n(4);
		r->cond.id = gen_n(4);
	}
	return r;
}

/* A random policy of @n rules; @atoms: mostly one-test rules. */
static inline struct st_policy *gen_policy(int n)
{
	struct st_policy *p = calloc(1, sizeof(*p));
	struct st_rule **tail = &p->rules;
	int i, call = gen_n(GEN_NCALLS);

	if (!p)
		abort();
	p->path = gen_strdup("/usr/bin/random");
	p->emulation = gen_strdup("native");
	for (i = 0; i < n; i++) {
		if (!gen_n(8))
			call = gen_n(GEN_NCALLS);
		*tail = gen_rule(i + 2, call);
		tail = &(*tail)->next;
		p->nrules++;
	}
	return p;
}

static inline void gen_policy_free(struct st_policy *p)
{
	struct st_rule *r, *next;

	for (r = p->rules; r; r = next) {
		next = r->next;
		gen_expr_free(r->expr);
		free(r->text);
		free(r->call);
		free(r);
	}
	free(p->path);
	free(p->emulation);
	free(p);
}

/* A random call: strings for both evaluators. */
struct gen_call {
	uint32_t key;
	char args[32][4][64];
	struct st_ref_ctx ref;
	struct st_prog_arg pargs[64];
	struct st_prog_ctx ctx;
};

static inline void gen_call(struct gen_call *c, int call)
{
	static const char *const macros[3] = { "/h", "ab", "/a" };
	int a, i, n = 0;

	memset(&c->ref, 0, sizeof(c->ref));
	memset(&c->ctx, 0, sizeof(c->ctx));
	c->key = gen_calls[call].alias ?
		 SYSTRACE_CALL_KEY(SYSTRACE_NS_ALIAS, gen_calls[call].alias) :
		 SYSTRACE_CALL_KEY(SYSTRACE_NS_X86_64, gen_calls[call].nr);
	for (a = 1; a < __SYSTRACE_ARG_LAST; a++) {
		for (i = 0; i < 4; i++) {
			char *s = c->args[a][i];

			if (a == SYSTRACE_ARG_CRED_MIXED)
				/* Mostly not mixed; now and then junk. */
				snprintf(s, 64, "%s", gen_n(16) ?
					 (gen_n(4) ? "0" : "1") : "00x");
			else if (a == SYSTRACE_ARG_UID || a >= SYSTRACE_ARG_CRED_UID)
				snprintf(s, 64, gen_n(8) ? "%u" : "0%u", gen_n(5));
			else if (!gen_n(6))
				snprintf(s, 64, "%s", macros[gen_n(3)]);
			else
				gen_path(s, 7);
			if (!gen_n(8) && a != SYSTRACE_ARG_UID) {
				char tmp[64];

				snprintf(tmp, sizeof(tmp), "%s%s",
					 macros[gen_n(3)], s);
				strcpy(s, tmp);
			}
			c->ref.args[a][i] = s;
			c->pargs[n].arg = a;
			c->pargs[n].idx = i;
			c->pargs[n].str = s;
			c->pargs[n].len = strlen(s);
			if (i < 2)
				n++;
			else
				c->ref.args[a][i] = NULL;
		}
	}
	for (i = 0; i < 3; i++) {
		c->ref.macro[i] = macros[i];
		c->ctx.macro[i] = macros[i];
		c->ctx.macro_len[i] = strlen(macros[i]);
	}
	c->ctx.args = c->pargs;
	c->ctx.nargs = n;
}

/* Decisions gen_run() also took without the interpreter. */
static unsigned long gen_set_runs;

/*
 * st_prog_run_set() of @call (if its program is one set) against
 * st_prog_run()'s @r and @rule: false if they differ. The kernel takes a
 * call's first file name to it, when it has one (kmod/systrace.h,
 * st_decide_fast()).
 */
static inline bool gen_set_agrees(const struct st_prog *p, uint32_t call,
				  const struct st_prog_ctx *ctx, int r,
				  uint32_t rule)
{
	uint32_t set = st_prog_call_set(p, call), rule2 = SYSTRACE_PROG_NONE;
	const struct st_prog_arg *a = st_prog_get_arg(ctx, SYSTRACE_ARG_FILENAME,
						      0);
	int r2;

	if (set == SYSTRACE_PROG_NONE || !a || (!a->str && a->len))
		return true;
	gen_set_runs++;
	r2 = st_prog_run_set(p, call, set, a->str, a->len, &rule2);
	return r2 == r && (r != ST_PROG_MATCH || rule2 == rule);
}

/*
 * Decide @c with the bytecode: 1 + the rule's position among its call's
 * rules, 0 no match, -1 error; the same encoding as gen_ref().
 */
static inline int gen_run(const struct st_prog *p, struct gen_call *c)
{
	uint32_t call = st_prog_find_call(p, 0, c->key), rule;
	int r;

	if (call == SYSTRACE_PROG_NONE)
		return 0;
	r = st_prog_run(p, call, &c->ctx, &rule);
	/* No reference answers this: the test fails, as it must. */
	if (!gen_set_agrees(p, call, &c->ctx, r, rule))
		return -1000;
	if (r < 0)
		return -1;
	if (r == ST_PROG_NOMATCH)
		return 0;
	return 1 + rule - p->calls[call].rule;
}

static inline int gen_ref(const struct st_policy *pol, struct gen_call *c)
{
	uint32_t rule;
	int r = st_ref_eval(pol, c->key, &c->ref, &rule);

	return r <= 0 ? r : 1 + (int)rule;
}

#endif /* POLICYC_BTESTS_GEN_H */
