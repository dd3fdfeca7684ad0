// SPDX-License-Identifier: GPL-2.0
/*
 * policyc back end: the AST to bytecode.
 *
 * Per policy, rules are grouped by call (stable: source order within a
 * call kept), calls sorted by key.  Per call, rules are compiled in order:
 *
 *  - a run of consecutive rules that each make one test of one argument
 *    with an indexable operator (eq, neq, sub, nsub, match, re, inpath,
 *    no macros) becomes one LOOKUP on a set: the `eq` values in a hash
 *    table, the rest in one DFA whose states carry the first rule that
 *    matches.  The lookup answers the smallest rule index of both, which
 *    is exactly the rule a one-by-one evaluation would stop at;
 *  - any other rule becomes a short-circuit chain of tests whose true exit
 *    is the rule's RET and whose false exit is the next rule;
 *  - a rule that always matches ends the call's code (later rules of the
 *    call stay in the rule table, unreachable);
 *  - the code ends with NOMATCH.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "emit.h"
#include "image.h"
#include "nfa.h"
#include "util.h"
#include "../lib/prog.h"
#include "../lib/limits.h"

#define NONE SYSTRACE_PROG_NONE
#define ST_MAX_ONE_DFA	SYSTRACE_PC_MAX_ONE_DFA

bool st_arg_numeric(enum systrace_arg arg)
{
	switch ((int)arg) {
	case SYSTRACE_ARG_MODE: case SYSTRACE_ARG_UID: case SYSTRACE_ARG_GID:
	case SYSTRACE_ARG_CMD:
	case SYSTRACE_ARG_RAW0: case SYSTRACE_ARG_RAW1: case SYSTRACE_ARG_RAW2:
	case SYSTRACE_ARG_RAW3: case SYSTRACE_ARG_RAW4: case SYSTRACE_ARG_RAW5:
	case SYSTRACE_ARG_CRED_UID: case SYSTRACE_ARG_CRED_GID:
	case SYSTRACE_ARG_CRED_MIXED:
		return true;
	}
	return false;
}

uint32_t st_rule_key(const struct st_rule *r)
{
	if (r->alias != SYSTRACE_ALIAS_NONE)
		return SYSTRACE_CALL_KEY(SYSTRACE_NS_ALIAS, r->alias);
	return SYSTRACE_CALL_KEY(r->abi, r->nr);
}

/* ---- lowered conditions: constants folded, the `if` clause added ---- */

enum { X_TRUE, X_FALSE, X_PRED, X_CRED, X_NOT, X_AND, X_OR };

struct st_x {
	int kind;
	const struct st_pred *pred;
	struct st_loc loc;
	uint8_t credarg, numop;
	uint64_t id;
	struct st_x *a, *b;
};

struct st_em {
	struct st_img img;
	struct st_diag *d;
	struct st_emit_opts o;
	struct st_x **xs;	/* every node, to free */
	size_t nxs, xcap;
	int errors;
	/* labels of the call being emitted */
	uint32_t *label;	/* instruction index, or NONE */
	size_t nlabels, lcap;
	struct { uint32_t insn, label; bool jt; } *fix;
	size_t nfix, fcap;
	/* the call being emitted: its first rule and the rules' locations */
	uint32_t rule0;
	const struct st_loc **rule_loc;
	size_t nloc;
	const struct st_loc *cur_loc;	/* the rule being emitted */
};

static struct st_x *st_x_new(struct st_em *e, int kind)
{
	struct st_x *x = st_calloc(1, sizeof(*x));

	x->kind = kind;
	ST_GROW(e->xs, e->nxs, e->xcap);
	e->xs[e->nxs++] = x;
	return x;
}

static struct st_x *st_lower(struct st_em *e, const struct st_expr *ex)
{
	struct st_x *a, *b, *x;

	if (!ex)
		return st_x_new(e, X_TRUE);
	switch (ex->kind) {
	case ST_EXPR_TRUE:
		return st_x_new(e, X_TRUE);
	case ST_EXPR_PRED:
		x = st_x_new(e, X_PRED);
		x->pred = &ex->pred;
		x->loc = ex->loc;
		return x;
	case ST_EXPR_NOT:
		a = st_lower(e, ex->left);
		if (a->kind == X_TRUE || a->kind == X_FALSE)
			return st_x_new(e, a->kind == X_TRUE ? X_FALSE : X_TRUE);
		x = st_x_new(e, X_NOT);
		x->a = a;
		return x;
	case ST_EXPR_AND:
	case ST_EXPR_OR:
		a = st_lower(e, ex->left);
		b = st_lower(e, ex->right);
		if (ex->kind == ST_EXPR_AND) {
			if (a->kind == X_FALSE || b->kind == X_TRUE)
				return a;
			if (a->kind == X_TRUE)
				return b;
			if (b->kind == X_FALSE)
				return b; /* a has no side effects */
		} else {
			if (a->kind == X_TRUE || b->kind == X_FALSE)
				return a;
			if (a->kind == X_FALSE)
				return b;
			if (b->kind == X_TRUE)
				return b;
		}
		x = st_x_new(e, ex->kind == ST_EXPR_AND ? X_AND : X_OR);
		x->a = a;
		x->b = b;
		return x;
	default:
		return st_x_new(e, X_FALSE);
	}
}

/* A test of the caller's credential argument @arg: @op @id. */
static struct st_x *st_x_cred(struct st_em *e, const struct st_rule *r,
			      uint8_t arg, uint8_t op, uint64_t id)
{
	struct st_x *c = st_x_new(e, X_CRED);

	c->credarg = arg;
	c->numop = op;
	c->id = id;
	c->loc = r->loc;
	return c;
}

static struct st_x *st_x_bin(struct st_em *e, int kind, struct st_x *a,
			     struct st_x *b)
{
	struct st_x *x = st_x_new(e, kind);

	x->a = a;
	x->b = b;
	return x;
}

/*
 * The rule's expression and its `, if user|group` clause.  The clause
 * compares the real id; with mixed ids (SYSTRACE_ARG_CRED_MIXED, see
 * "mixed ids" in systrace_prog.h) it fails closed: a permit's clause is
 * false (cond AND mixed == 0), a deny's or ask's true (cond OR mixed != 0;
 * "!= 0" so that anything but the kernel's "0" counts as mixed).
 */
static struct st_x *st_lower_rule(struct st_em *e, const struct st_rule *r)
{
	struct st_x *x = st_lower(e, r->expr), *c;
	static const uint8_t ops[] = {
		[ST_COND_EQ] = SYSTRACE_NUM_EQ, [ST_COND_NE] = SYSTRACE_NUM_NE,
		[ST_COND_LT] = SYSTRACE_NUM_LT, [ST_COND_GT] = SYSTRACE_NUM_GT,
	};

	if (r->cond.kind == ST_COND_NONE || x->kind == X_FALSE)
		return x;
	c = st_x_cred(e, r, r->cond.kind == ST_COND_USER ?
			 SYSTRACE_ARG_CRED_UID : SYSTRACE_ARG_CRED_GID,
		      ops[r->cond.op & 3], r->cond.id);
	if (r->action == SYSTRACE_ACT_PERMIT)
		c = st_x_bin(e, X_AND, c,
			     st_x_cred(e, r, SYSTRACE_ARG_CRED_MIXED,
				       SYSTRACE_NUM_EQ, 0));
	else
		c = st_x_bin(e, X_OR, c,
			     st_x_cred(e, r, SYSTRACE_ARG_CRED_MIXED,
				       SYSTRACE_NUM_NE, 0));
	if (x->kind == X_TRUE)
		return c;
	return st_x_bin(e, X_AND, x, c);
}

/* ---- templates ---- */

static const struct {
	const char *name;
	unsigned int bit;
	int macro;
} st_macros[] = {
	{ "$HOME", ST_MACRO_HOME, SYSTRACE_MACRO_HOME },
	{ "$USER", ST_MACRO_USER, SYSTRACE_MACRO_USER },
	{ "$CWD", ST_MACRO_CWD, SYSTRACE_MACRO_CWD },
};

/* Where the next macro of @p starts at or after @from; its kind in *m. */
static size_t st_next_macro(const struct st_pred *p, size_t from, int *m)
{
	size_t i, k;

	for (i = from; i < p->len; i++) {
		if (p->value[i] != '$')
			continue;
		for (k = 0; k < 3; k++) {
			size_t l = strlen(st_macros[k].name);

			if ((p->macros & st_macros[k].bit) && i + l <= p->len &&
			    !memcmp(p->value + i, st_macros[k].name, l)) {
				*m = k;
				return i;
			}
		}
	}
	return p->len;
}

/* A template of value bytes [0, @end) of @p. */
static uint32_t st_tmpl(struct st_em *e, const struct st_pred *p, size_t end)
{
	struct systrace_prog_tmpl t;
	size_t at = 0;

	t.part = st_img_count(&e->img, SYSTRACE_SECT_TPARTS);
	t.nparts = 0;
	while (at < end) {
		int m = 0;
		size_t i = st_next_macro(p, at, &m);
		struct systrace_prog_tpart part;

		if (i > end)
			i = end;
		if (i > at) {
			part.kind = SYSTRACE_TPART_LIT;
			part.val = st_img_str(&e->img, p->value + at, i - at);
			st_img_push(&e->img, SYSTRACE_SECT_TPARTS, &part);
			t.nparts++;
		}
		if (i >= end)
			break;
		part.kind = SYSTRACE_TPART_MACRO;
		part.val = st_macros[m].macro;
		st_img_push(&e->img, SYSTRACE_SECT_TPARTS, &part);
		t.nparts++;
		at = i + strlen(st_macros[m].name);
	}
	return st_img_push(&e->img, SYSTRACE_SECT_TMPLS, &t);
}

/* The end of the last macro of @p (0 when none). */
static size_t st_macro_end(const struct st_pred *p)
{
	size_t at = 0, end = 0;
	int m;

	while ((at = st_next_macro(p, at, &m)) < p->len) {
		at += strlen(st_macros[m].name);
		end = at;
	}
	return end;
}

static bool st_num_pred(const struct st_pred *p)
{
	return p->has_num && !p->macros && st_arg_numeric(p->arg) &&
	       (p->op == ST_OP_EQ || p->op == ST_OP_NEQ);
}

/* ---- checks before code generation ---- */

static void st_check_pred(struct st_em *e, const struct st_pred *p,
			  const struct st_loc *loc)
{
	const char *err = NULL;
	size_t i, end;

	if (p->arg <= SYSTRACE_ARG_NONE || p->arg > ST_ARG_MAX ||
	    p->occurrence >= SYSTRACE_MAX_ARG_IDX) {
		st_error(e->d, loc, "argument %s[%u] cannot be compiled",
			 p->name, p->occurrence);
		e->errors++;
	}
	if (p->len > SYSTRACE_MAX_STR_LEN) {
		st_error(e->d, loc, "value longer than %u bytes",
			 SYSTRACE_MAX_STR_LEN);
		e->errors++;
	}
	if (p->op == ST_OP_RE && p->macros) {
		st_error(e->d, loc, "macros cannot be used in `re` values");
		e->errors++;
	} else if (p->op == ST_OP_RE && !st_regex_valid(p->value, p->len, &err)) {
		st_error(e->d, loc, "bad regular expression: %s", err);
		e->errors++;
	}
	if (p->op == ST_OP_MATCH && !st_glob_valid(p->value, p->len, &err)) {
		st_error(e->d, loc, "bad `match` pattern: %s", err);
		e->errors++;
	}
	if (p->op == ST_OP_MATCH && p->macros) {
		end = st_macro_end(p);
		for (i = 0; i < end; i++) {
			if (strchr("*?[\\", p->value[i])) {
				st_error(e->d, loc,
					 "in `match`, macros must come before any wildcard");
				e->errors++;
				break;
			}
		}
	}
}

static void st_check_x(struct st_em *e, const struct st_x *x)
{
	if (!x)
		return;
	if (x->kind == X_PRED)
		st_check_pred(e, x->pred, &x->loc);
	st_check_x(e, x->a);
	st_check_x(e, x->b);
}

/* ---- instructions and labels ---- */

static uint32_t st_label_new(struct st_em *e)
{
	ST_GROW(e->label, e->nlabels, e->lcap);
	e->label[e->nlabels] = NONE;
	return e->nlabels++;
}

static void st_label_place(struct st_em *e, uint32_t l)
{
	e->label[l] = st_img_count(&e->img, SYSTRACE_SECT_INSNS);
}

static uint32_t st_insn(struct st_em *e, uint8_t code, uint8_t arg,
			uint8_t idx, uint8_t aux, uint32_t k)
{
	struct systrace_insn in = {
		.code = code, .arg = arg, .idx = idx, .aux = aux, .k = k,
	};

	return st_img_push(&e->img, SYSTRACE_SECT_INSNS, &in);
}

static void st_jump(struct st_em *e, uint32_t insn, bool jt, uint32_t label)
{
	ST_GROW(e->fix, e->nfix, e->fcap);
	e->fix[e->nfix].insn = insn;
	e->fix[e->nfix].label = label;
	e->fix[e->nfix].jt = jt;
	e->nfix++;
}

static void st_resolve(struct st_em *e)
{
	size_t i;

	for (i = 0; i < e->nfix; i++) {
		struct systrace_insn *in = st_img_at(&e->img, SYSTRACE_SECT_INSNS,
						     e->fix[i].insn);
		uint32_t off = e->label[e->fix[i].label] - e->fix[i].insn - 1;

		if (e->fix[i].jt)
			in->jt = off;
		else
			in->jf = off;
	}
	e->nfix = 0;
	e->nlabels = 0;
}

static uint32_t st_dfa_one(struct st_em *e, const struct st_pred *p,
			   size_t from, uint32_t prefix)
{
	struct st_nfa n;
	struct st_dfa d;
	uint32_t start = 0, label = 0, idx;
	bool neg = false;
	const char *err;

	st_nfa_init(&n);
	switch (p->op) {
	case ST_OP_SUB:
	case ST_OP_NSUB:
		start = st_nfa_sub(&n, p->value, p->len, 0);
		break;
	case ST_OP_MATCH:
		start = st_nfa_glob(&n, p->value + from, p->len - from, 0);
		break;
	case ST_OP_RE:
		start = st_nfa_regex(&n, p->value, p->len, 0, &err);
		break;
	default:
		break;
	}
	if (start == ST_NFA_NONE ||
	    st_dfa_build(&n, &start, &neg, &label, 1, ST_MAX_ONE_DFA, &d)) {
		st_nfa_free(&n);
		e->errors++;
		st_error(e->d, e->cur_loc,
			 "pattern too complex (its DFA needs more than %u states)",
			 ST_MAX_ONE_DFA);
		return 0;
	}
	idx = st_img_dfa(&e->img, &d, prefix);
	st_dfa_free(&d);
	st_nfa_free(&n);
	return idx;
}

/* One test instruction for predicate @p; @neg when its sense is negated. */
static uint32_t st_pred_insn(struct st_em *e, const struct st_pred *p,
			     bool *neg)
{
	uint8_t arg = p->arg, idx = p->occurrence;

	*neg = p->op == ST_OP_NEQ || p->op == ST_OP_NSUB;
	if (st_num_pred(p))
		return st_insn(e, SYSTRACE_OP_NUM, arg, idx, SYSTRACE_NUM_EQ,
			       st_img_num(&e->img, p->num));
	switch (p->op) {
	case ST_OP_EQ:
	case ST_OP_NEQ:
		return st_insn(e, SYSTRACE_OP_STR, arg, idx, SYSTRACE_STR_EQ,
			       st_tmpl(e, p, p->len));
	case ST_OP_INPATH:
		return st_insn(e, SYSTRACE_OP_STR, arg, idx,
			       SYSTRACE_STR_INPATH, st_tmpl(e, p, p->len));
	case ST_OP_SUB:
	case ST_OP_NSUB:
		if (p->macros)
			return st_insn(e, SYSTRACE_OP_STR, arg, idx,
				       SYSTRACE_STR_SUB, st_tmpl(e, p, p->len));
		return st_insn(e, SYSTRACE_OP_DFA, arg, idx, 0,
			       st_dfa_one(e, p, 0, NONE));
	case ST_OP_MATCH:
		if (p->macros) {
			size_t end = st_macro_end(p);

			return st_insn(e, SYSTRACE_OP_DFA, arg, idx, 0,
				       st_dfa_one(e, p, end, st_tmpl(e, p, end)));
		}
		fallthrough;
	default:
		return st_insn(e, SYSTRACE_OP_DFA, arg, idx, 0,
			       st_dfa_one(e, p, 0, NONE));
	}
}

static void st_gen(struct st_em *e, const struct st_x *x, uint32_t t,
		   uint32_t f)
{
	uint32_t l, in;
	bool neg = false;

	switch (x->kind) {
	case X_PRED:
		e->cur_loc = &x->loc;
		in = st_pred_insn(e, x->pred, &neg);
		st_jump(e, in, true, neg ? f : t);
		st_jump(e, in, false, neg ? t : f);
		return;
	case X_CRED:
		in = st_insn(e, SYSTRACE_OP_NUM, x->credarg, 0, x->numop,
			     st_img_num(&e->img, x->id));
		st_jump(e, in, true, t);
		st_jump(e, in, false, f);
		return;
	case X_NOT:
		st_gen(e, x->a, f, t);
		return;
	case X_AND:
	case X_OR:
		l = st_label_new(e);
		if (x->kind == X_AND)
			st_gen(e, x->a, l, f);
		else
			st_gen(e, x->a, t, l);
		st_label_place(e, l);
		st_gen(e, x->b, t, f);
		return;
	}
}

/* ---- lookup sets ---- */

/* Is @x one indexable test?  Then fill *@p and *@neg. */
static bool st_atom(const struct st_x *x, const struct st_pred **p, bool *neg)
{
	bool n = false;

	if (x->kind == X_NOT) {
		n = true;
		x = x->a;
	}
	if (x->kind != X_PRED || x->pred->macros || st_num_pred(x->pred))
		return false;
	*p = x->pred;
	*neg = n ^ (x->pred->op == ST_OP_NEQ || x->pred->op == ST_OP_NSUB);
	return true;
}

static uint32_t st_pattern(struct st_nfa *n, const struct st_pred *p,
			   uint32_t pat)
{
	const char *err;

	switch (p->op) {
	case ST_OP_EQ:
	case ST_OP_NEQ:
		return st_nfa_literal(n, p->value, p->len, pat);
	case ST_OP_SUB:
	case ST_OP_NSUB:
		return st_nfa_sub(n, p->value, p->len, pat);
	case ST_OP_MATCH:
		return st_nfa_glob(n, p->value, p->len, pat);
	case ST_OP_INPATH:
		return st_nfa_inpath(n, p->value, p->len, pat);
	case ST_OP_RE:
		return st_nfa_regex(n, p->value, p->len, pat, &err);
	default:
		return ST_NFA_NONE;
	}
}

/*
 * The hash table of a set: its keys, the `eq` atoms @keys (indices into
 * @ps) of rules @krule, into *@set.  A key's first rule wins.
 */
static void st_set_hash(struct st_em *e, const struct st_pred **ps,
			uint32_t *keys, uint32_t *krule, size_t nkeys,
			struct systrace_prog_set *set)
{
	uint32_t nb = 1, seed, b, k, *cnts, *pos, bucket0;
	uint32_t *hash = st_malloc(nkeys * sizeof(*hash));
	uint32_t *kstr = st_malloc(nkeys * sizeof(*kstr));
	size_t j, w;

	/* First rule wins: drop later duplicates of a key. */
	for (j = 0, w = 0; j < nkeys; j++) {
		const struct st_pred *p = ps[keys[j]];

		kstr[w] = st_img_str(&e->img, p->value, p->len);
		for (k = 0; nkeys < 64 && k < w; k++)
			if (kstr[k] == kstr[w])
				break;
		if (nkeys < 64 && k < w)
			continue;
		keys[w] = keys[j];
		krule[w] = krule[j];
		w++;
	}
	nkeys = w;
	if (nkeys >= 64) {
		/* Large sets: dedupe by sorting string indices. */
		uint32_t *seen = st_calloc(st_img_count(&e->img,
					   SYSTRACE_SECT_STRS), 4);

		for (j = 0, w = 0; j < nkeys; j++) {
			if (seen[kstr[j]])
				continue;
			seen[kstr[j]] = 1;
			kstr[w] = kstr[j];
			keys[w] = keys[j];
			krule[w++] = krule[j];
		}
		nkeys = w;
		free(seen);
	}
	while (nb < nkeys)
		nb <<= 1;
	cnts = st_calloc(nb + 1, sizeof(*cnts));
	for (seed = 0;; seed++) {
		uint32_t maxb = 0;

		memset(cnts, 0, (nb + 1) * sizeof(*cnts));
		for (j = 0; j < nkeys; j++) {
			const struct st_pred *p = ps[keys[j]];

			hash[j] = st_prog_hash(seed, (const uint8_t *)p->value,
					       p->len);
			b = hash[j] & (nb - 1);
			if (++cnts[b] > maxb)
				maxb = cnts[b];
		}
		if (maxb <= SYSTRACE_MAX_BUCKET_LEN)
			break;
		if (seed > 64) {
			nb <<= 1;
			cnts = st_realloc(cnts, (nb + 1) * sizeof(*cnts));
			seed = 0;
		}
	}
	/* Bucket boundaries, then entries in bucket order. */
	bucket0 = st_img_count(&e->img, SYSTRACE_SECT_BUCKETS);
	pos = st_malloc((nb + 1) * sizeof(*pos));
	k = st_img_count(&e->img, SYSTRACE_SECT_HENTS);
	for (b = 0; b <= nb; b++) {
		pos[b] = k;
		st_img_push(&e->img, SYSTRACE_SECT_BUCKETS, &k);
		if (b < nb)
			k += cnts[b];
	}
	/* Fill by bucket: push placeholders then write in place. */
	{
		struct systrace_prog_hent zero = { 0 };

		for (j = 0; j < nkeys; j++)
			st_img_push(&e->img, SYSTRACE_SECT_HENTS, &zero);
		for (j = 0; j < nkeys; j++) {
			struct systrace_prog_hent *h;

			b = hash[j] & (nb - 1);
			h = st_img_at(&e->img, SYSTRACE_SECT_HENTS,
				      pos[b]++);
			h->hash = hash[j];
			h->key = kstr[j];
			h->rule = krule[j];
		}
	}
	set->bucket = bucket0;
	set->nbuckets = nb;
	set->seed = seed;
	free(pos);
	free(cnts);
	free(hash);
	free(kstr);
}

/*
 * Build the set of atoms [@from, @to) (rules @rule0 + i).  Returns the set
 * index, or NONE when its DFA would be too large.
 */
static uint32_t st_set_build(struct st_em *e, const struct st_pred **ps,
			     const bool *negs, size_t cnt, uint32_t rule0)
{
	struct systrace_prog_set set = { .dfa = NONE };
	struct st_nfa n;
	uint32_t *starts = st_malloc(cnt * sizeof(*starts));
	uint32_t *labels = st_malloc(cnt * sizeof(*labels));
	bool *neg = st_malloc(cnt * sizeof(*neg));
	uint32_t *keys = st_malloc(cnt * sizeof(*keys));
	uint32_t *krule = st_malloc(cnt * sizeof(*krule));
	size_t i, npat = 0, nkeys = 0;
	uint32_t ret = NONE;

	st_nfa_init(&n);
	for (i = 0; i < cnt; i++) {
		const struct st_pred *p = ps[i];

		if (p->op == ST_OP_EQ && !negs[i]) {
			keys[nkeys] = i;
			krule[nkeys++] = rule0 + i;
			continue;
		}
		starts[npat] = st_pattern(&n, p, npat);
		if (starts[npat] == ST_NFA_NONE)
			goto out;
		labels[npat] = rule0 + i;
		neg[npat] = negs[i];
		npat++;
	}
	if (npat) {
		struct st_dfa d;

		/*
		 * Sets of path-like patterns stay near the size of their NFA;
		 * unanchored ones (sub, re) can multiply: past a budget
		 * proportional to the NFA, the run is split in two instead.
		 */
		uint64_t budget = SYSTRACE_PC_SET_DFA_BASE +
				  (uint64_t)SYSTRACE_PC_SET_DFA_PER_NFA * n.nstates;

		if (cnt == 1)
			budget = ST_MAX_ONE_DFA;
		if (budget > e->o.max_dfa_states)
			budget = e->o.max_dfa_states;
		if (st_dfa_build(&n, starts, neg, labels, npat, budget, &d))
			goto out;
		set.dfa = st_img_dfa(&e->img, &d, NONE);
		st_dfa_free(&d);
	}
	if (nkeys)
		st_set_hash(e, ps, keys, krule, nkeys, &set);
	ret = st_img_push(&e->img, SYSTRACE_SECT_SETS, &set);
out:
	st_nfa_free(&n);
	free(starts);
	free(labels);
	free(neg);
	free(keys);
	free(krule);
	return ret;
}

/* Emit lookups for atoms [0, cnt), splitting when a DFA is too large. */
static void st_emit_sets(struct st_em *e, const struct st_pred **ps,
			 const bool *negs, size_t cnt, uint32_t rule0)
{
	uint32_t set = NONE;
	const struct st_pred *p = ps[0];
	size_t i, unanchored = 0;

	/*
	 * Unanchored patterns (sub, re) multiply DFA states: the DFA must
	 * remember, for each pattern matched so far, the earlier patterns
	 * that could still match.  Past SYSTRACE_PC_MAX_UNANCHORED of them,
	 * split without trying.
	 */
	for (i = 0; i < cnt; i++)
		unanchored += ps[i]->op == ST_OP_SUB || ps[i]->op == ST_OP_NSUB ||
			      ps[i]->op == ST_OP_RE;
	if (cnt == 1 || unanchored <= SYSTRACE_PC_MAX_UNANCHORED)
		set = st_set_build(e, ps, negs, cnt, rule0);
	if (set != NONE) {
		st_insn(e, SYSTRACE_OP_LOOKUP, p->arg, p->occurrence, 0, set);
		return;
	}
	if (cnt == 1) {
		e->errors++;
		st_error(e->d, e->rule_loc[rule0 - e->rule0],
			 "pattern too complex (its DFA needs more than %u states)",
			 ST_MAX_ONE_DFA);
		return;
	}
	st_emit_sets(e, ps, negs, cnt / 2, rule0);
	st_emit_sets(e, ps + cnt / 2, negs + cnt / 2, cnt - cnt / 2,
		     rule0 + cnt / 2);
}

/* ---- calls and policies ---- */

struct st_item {
	uint32_t key;
	uint32_t seq;
	const struct st_rule *r;
};

static int st_item_cmp(const void *a, const void *b)
{
	const struct st_item *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void st_emit_call(struct st_em *e, const struct st_item *it, size_t n)
{
	struct systrace_prog_call c = { .key = it[0].key };
	struct st_x **xs = st_malloc(n * sizeof(*xs));
	const struct st_pred **ps = st_malloc(n * sizeof(*ps));
	bool *negs = st_malloc(n * sizeof(*negs));
	size_t i, j;
	bool dead = false;
	int nerr;

	c.name = st_img_str(&e->img, it[0].r->call, strlen(it[0].r->call));
	c.insn = st_img_count(&e->img, SYSTRACE_SECT_INSNS);
	c.rule = st_img_count(&e->img, SYSTRACE_SECT_RULES);
	c.nrules = n;
	e->rule0 = c.rule;
	if (n > e->nloc) {
		e->nloc = n;
		e->rule_loc = st_realloc(e->rule_loc, n * sizeof(*e->rule_loc));
	}
	for (i = 0; i < n; i++)
		e->rule_loc[i] = &it[i].r->loc;

	for (i = 0; i < n; i++) {
		const struct st_rule *r = it[i].r;
		struct systrace_prog_rule rec = { 0 };

		rec.action = r->action;
		rec.flags = r->flags & __ST_RULE_ALL;
		if (r->action == SYSTRACE_ACT_DENY)
			rec.error = r->err > 0 && r->err < 4096 ? r->err : EPERM;
		if (r->elevate.flags & ST_ELEV_UID) {
			rec.flags |= SYSTRACE_RULE_F_SETUID;
			rec.uid = r->elevate.uid;
		}
		if (r->elevate.flags & ST_ELEV_GID) {
			rec.flags |= SYSTRACE_RULE_F_SETGID;
			rec.gid = r->elevate.gid;
		}
		rec.line = r->loc.line;
		/* The text is for logs and the disassembler: cut to the limit. */
		rec.text = NONE;
		if (r->text) {
			size_t tl = strlen(r->text);

			if (tl > SYSTRACE_MAX_STR_LEN)
				tl = SYSTRACE_MAX_STR_LEN;
			rec.text = st_img_str(&e->img, r->text, tl);
		}
		st_img_push(&e->img, SYSTRACE_SECT_RULES, &rec);
		xs[i] = st_lower_rule(e, r);
		nerr = e->errors;
		st_check_x(e, xs[i]);
		/* Reported: generate no code for it (the image is dropped). */
		if (e->errors != nerr)
			xs[i] = st_x_new(e, X_FALSE);
	}

	/* On errors too, to report every pattern that cannot be compiled. */
	for (i = 0; i < n && !dead;) {
		const struct st_pred *p;
		uint32_t t, f;
		bool neg;

		if (xs[i]->kind == X_FALSE) {
			i++;
			continue;
		}
		if (xs[i]->kind == X_TRUE) {
			st_insn(e, SYSTRACE_OP_RET, 0, 0, 0, c.rule + i);
			dead = true;
			break;
		}
		if (!e->o.no_index && st_atom(xs[i], &p, &neg)) {
			ps[0] = p;
			negs[0] = neg;
			for (j = i + 1; j < n; j++) {
				const struct st_pred *q;
				bool nq;

				if (!st_atom(xs[j], &q, &nq) || q->arg != p->arg ||
				    q->occurrence != p->occurrence)
					break;
				ps[j - i] = q;
				negs[j - i] = nq;
			}
			if (j - i >= e->o.min_set) {
				st_emit_sets(e, ps, negs, j - i, c.rule + i);
				i = j;
				continue;
			}
		}
		t = st_label_new(e);
		f = st_label_new(e);
		e->cur_loc = &it[i].r->loc;
		st_gen(e, xs[i], t, f);
		st_label_place(e, t);
		st_insn(e, SYSTRACE_OP_RET, 0, 0, 0, c.rule + i);
		st_label_place(e, f);
		i++;
	}
	if (!dead)
		st_insn(e, SYSTRACE_OP_NOMATCH, 0, 0, 0, 0);
	st_resolve(e);
	c.ninsns = st_img_count(&e->img, SYSTRACE_SECT_INSNS) - c.insn;
	st_img_push(&e->img, SYSTRACE_SECT_CALLS, &c);
	free(xs);
	free(ps);
	free(negs);
}

static void st_emit_policy(struct st_em *e, const struct st_policy *pol)
{
	struct systrace_prog_policy rec = { .path = NONE, .emulation = NONE };
	struct st_item *it = st_malloc((pol->nrules + 1) * sizeof(*it));
	const struct st_rule *r;
	size_t n = 0, i, j;

	if (pol->path)
		rec.path = st_img_str(&e->img, pol->path, strlen(pol->path));
	if (pol->emulation)
		rec.emulation = st_img_str(&e->img, pol->emulation,
					   strlen(pol->emulation));
	if (pol->detached)
		rec.flags |= SYSTRACE_POLICY_F_DETACHED;
	if (pol->noalias)
		rec.flags |= SYSTRACE_POLICY_F_NOALIAS;
	rec.call = st_img_count(&e->img, SYSTRACE_SECT_CALLS);
	for (r = pol->rules; r; r = r->next) {
		if (n == pol->nrules)
			it = st_realloc(it, (n + 1) * 2 * sizeof(*it));
		it[n].key = st_rule_key(r);
		it[n].seq = n;
		it[n].r = r;
		n++;
	}
	qsort(it, n, sizeof(*it), st_item_cmp);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && it[j].key == it[i].key; j++)
			;
		st_emit_call(e, it + i, j - i);
	}
	rec.ncalls = st_img_count(&e->img, SYSTRACE_SECT_CALLS) - rec.call;
	st_img_push(&e->img, SYSTRACE_SECT_POLICIES, &rec);
	free(it);
}

int st_emit(struct st_policy *const *pols, size_t npol, struct st_diag *d,
	    const struct st_emit_opts *o, void **out, size_t *len)
{
	static const struct st_emit_opts defaults = {
		.min_set = 2, .max_dfa_states = SYSTRACE_PC_MAX_SET_DFA,
	};
	struct st_em e = { .d = d, .o = o ? *o : defaults };
	size_t i;

	if (!e.o.min_set)
		e.o.min_set = 2;
	if (!e.o.max_dfa_states)
		e.o.max_dfa_states = defaults.max_dfa_states;
	st_img_init(&e.img);
	for (i = 0; i < npol; i++)
		st_emit_policy(&e, pols[i]);
	if (!npol) {
		struct systrace_prog_policy empty = {
			.path = NONE, .emulation = NONE,
		};

		st_img_push(&e.img, SYSTRACE_SECT_POLICIES, &empty);
	}
	for (i = 0; i < e.nxs; i++)
		free(e.xs[i]);
	free(e.xs);
	free(e.label);
	free(e.fix);
	free(e.rule_loc);
	if (!e.errors)
		*out = st_img_finish(&e.img, len);
	st_img_free(&e.img);
	return e.errors ? -1 : 0;
}
