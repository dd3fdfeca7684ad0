// SPDX-License-Identifier: GPL-2.0
/*
 * policyc: POSIX extended regular expressions to NFA, so that the kernel
 * only ever walks a DFA.  The meaning is regexec(REG_EXTENDED | REG_NOSUB)
 * in the C locale: the expression may match anywhere in the argument; `^`
 * and `$` anchor at its start and end only (no REG_NEWLINE).
 *
 * Supported: literals, `.`, bracket expressions (ranges, `^` negation,
 * [:class:], [=c=], [.c.], `]` first), groups, `|` (empty alternatives
 * match the empty string), `*`, `+`, `?`, `{m}`, `{m,}`, `{m,n}` (n at
 * most 255), `^`, `$`, and GNU's \w \W \s \S.  Rejected with a message:
 * back-references and word-boundary escapes (not regular, or not in ERE),
 * a repetition with nothing to repeat, unbalanced parentheses, bad
 * intervals, expressions whose NFA would be too large.
 */
#include <string.h>

#include "nfa.h"
#include "charclass.h"
#include "util.h"
#include "../lib/limits.h"

#define ST_RE_MAX_NODES		SYSTRACE_PC_MAX_RE_NODES
#define ST_RE_MAX_REPEAT	SYSTRACE_PC_MAX_RE_REPEAT

enum st_re_kind { RE_SET, RE_CAT, RE_ALT, RE_STAR, RE_REP, RE_BOL, RE_EOL,
		  RE_EMPTY };

struct st_re {
	enum st_re_kind kind;
	uint8_t set[32];
	struct st_re *a, *b;	/* CAT, ALT: a b; STAR, REP: a */
	int min, max;		/* REP: max -1 = unbounded */
};

struct st_re_parser {
	const char *p, *end;
	const char *err;
	struct st_re **all;
	size_t nall, cap;
	int depth;
};

static struct st_re *st_re_node(struct st_re_parser *ps, enum st_re_kind k)
{
	struct st_re *r = st_calloc(1, sizeof(*r));

	r->kind = k;
	ST_GROW(ps->all, ps->nall, ps->cap);
	ps->all[ps->nall++] = r;
	return r;
}

static struct st_re *st_re_alt(struct st_re_parser *ps);

static void st_set_byte(uint8_t set[32], int c)
{
	set[c >> 3] |= 1 << (c & 7);
}

static struct st_re *st_re_bracket(struct st_re_parser *ps)
{
	struct st_re *r = st_re_node(ps, RE_SET);
	bool neg = false, first = true;
	int i;

	if (ps->p < ps->end && *ps->p == '^') {
		neg = true;
		ps->p++;
	}
	for (;;) {
		int c, hi;

		if (ps->p >= ps->end) {
			ps->err = "unterminated bracket expression";
			return NULL;
		}
		c = (uint8_t)*ps->p++;
		if (c == ']' && !first)
			break;
		first = false;
		if (c == '[' && ps->p < ps->end &&
		    (*ps->p == ':' || *ps->p == '=' || *ps->p == '.')) {
			char kind = *ps->p;
			const char *q = ps->p + 1;

			while (q + 1 < ps->end && !(q[0] == kind && q[1] == ']'))
				q++;
			if (q + 1 >= ps->end) {
				ps->err = "unterminated [: :], [= =] or [. .]";
				return NULL;
			}
			if (kind == ':') {
				if (!st_charclass(ps->p + 1, q - (ps->p + 1),
						  r->set)) {
					ps->err = "unknown character class";
					return NULL;
				}
				ps->p = q + 2;
				continue;
			}
			if (q - (ps->p + 1) != 1) {
				ps->err = "unsupported collating element";
				return NULL;
			}
			c = (uint8_t)ps->p[1];
			ps->p = q + 2;
		}
		hi = c;
		if (ps->p + 1 < ps->end && *ps->p == '-' && ps->p[1] != ']') {
			hi = (uint8_t)ps->p[1];
			ps->p += 2;
			if (hi < c) {
				ps->err = "invalid range end";
				return NULL;
			}
		}
		for (i = c; i <= hi; i++)
			st_set_byte(r->set, i);
	}
	if (neg)
		for (i = 0; i < 32; i++)
			r->set[i] = ~r->set[i];
	return r;
}

static struct st_re *st_re_atom(struct st_re_parser *ps)
{
	struct st_re *r;
	int c = (uint8_t)*ps->p++;

	switch (c) {
	case '(':
		if (++ps->depth > 100) {
			ps->err = "parentheses nested too deeply";
			return NULL;
		}
		r = st_re_alt(ps);
		ps->depth--;
		if (!r)
			return NULL;
		if (ps->p >= ps->end || *ps->p != ')') {
			ps->err = "unmatched (";
			return NULL;
		}
		ps->p++;
		return r;
	case '.':
		r = st_re_node(ps, RE_SET);
		memset(r->set, 0xff, sizeof(r->set));
		r->set[0] &= ~1;	/* regexec never sees a NUL */
		return r;
	case '[':
		return st_re_bracket(ps);
	case '^':
		return st_re_node(ps, RE_BOL);
	case '$':
		return st_re_node(ps, RE_EOL);
	case '*': case '+': case '?': case '{':
		ps->err = "repetition operator without operand";
		return NULL;
	case '\\':
		if (ps->p >= ps->end) {
			ps->err = "trailing backslash";
			return NULL;
		}
		c = (uint8_t)*ps->p++;
		r = st_re_node(ps, RE_SET);
		switch (c) {
		case 'w': case 'W':
			st_charclass("alnum", 5, r->set);
			st_set_byte(r->set, '_');
			if (c == 'W')
				for (int i = 0; i < 32; i++)
					r->set[i] = ~r->set[i];
			return r;
		case 's': case 'S':
			st_charclass("space", 5, r->set);
			if (c == 'S')
				for (int i = 0; i < 32; i++)
					r->set[i] = ~r->set[i];
			return r;
		case 'b': case 'B': case '<': case '>': case '`': case '\'':
			ps->err = "word and buffer anchors are not supported";
			return NULL;
		}
		if (c >= '1' && c <= '9') {
			ps->err = "back-references are not supported";
			return NULL;
		}
		st_set_byte(r->set, c);
		return r;
	}
	r = st_re_node(ps, RE_SET);
	st_set_byte(r->set, c);
	return r;
}

static int st_re_num(struct st_re_parser *ps)
{
	int v = 0;

	if (ps->p >= ps->end || *ps->p < '0' || *ps->p > '9')
		return -1;
	while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9') {
		v = v * 10 + (*ps->p++ - '0');
		if (v > ST_RE_MAX_REPEAT)
			return -2;
	}
	return v;
}

static struct st_re *st_re_piece(struct st_re_parser *ps)
{
	struct st_re *r = st_re_atom(ps), *q;

	while (r && ps->p < ps->end) {
		int c = *ps->p;

		if (c != '*' && c != '+' && c != '?' && c != '{')
			break;
		ps->p++;
		q = st_re_node(ps, RE_REP);
		q->a = r;
		q->min = c == '+';
		q->max = c == '?' ? 1 : -1;
		if (c == '{') {
			q->min = st_re_num(ps);
			q->max = q->min;
			if (q->min >= 0 && ps->p < ps->end && *ps->p == ',') {
				ps->p++;
				q->max = -1;
				if (ps->p < ps->end && *ps->p != '}')
					q->max = st_re_num(ps);
			}
			if (q->min < 0 || q->max < -1 || ps->p >= ps->end ||
			    *ps->p != '}' || (q->max >= 0 && q->max < q->min)) {
				ps->err = "invalid interval";
				return NULL;
			}
			ps->p++;
		}
		r = q;
	}
	return r;
}

static struct st_re *st_re_cat(struct st_re_parser *ps)
{
	struct st_re *r = NULL, *q, *c;

	while (ps->p < ps->end && *ps->p != '|' && *ps->p != ')') {
		q = st_re_piece(ps);
		if (!q)
			return NULL;
		if (!r) {
			r = q;
			continue;
		}
		c = st_re_node(ps, RE_CAT);
		c->a = r;
		c->b = q;
		r = c;
	}
	return r ? r : st_re_node(ps, RE_EMPTY);
}

static struct st_re *st_re_alt(struct st_re_parser *ps)
{
	struct st_re *r = st_re_cat(ps), *q, *a;

	while (r && ps->p < ps->end && *ps->p == '|') {
		ps->p++;
		q = st_re_cat(ps);
		if (!q)
			return NULL;
		a = st_re_node(ps, RE_ALT);
		a->a = r;
		a->b = q;
		r = a;
	}
	return r;
}

static struct st_re *st_re_parse(struct st_re_parser *ps, const char *s,
				 size_t len)
{
	struct st_re *r;
	const char *nul = memchr(s, '\0', len);

	ps->p = s;
	ps->end = nul ? nul : s + len;
	r = st_re_alt(ps);
	if (r && ps->p < ps->end) {
		ps->err = "unmatched )";
		r = NULL;
	}
	if (!r && !ps->err)
		ps->err = "invalid regular expression";
	return r;
}

static void st_re_free(struct st_re_parser *ps)
{
	size_t i;

	for (i = 0; i < ps->nall; i++)
		free(ps->all[i]);
	free(ps->all);
}

/* Build @r from state @from; return the state after it, or NONE. */
static uint32_t st_re_gen(struct st_nfa *n, const struct st_re *r,
			  uint32_t from, uint32_t *budget)
{
	uint32_t t, e, cur;
	int i;

	if (!*budget)
		return ST_NFA_NONE;
	(*budget)--;
	switch (r->kind) {
	case RE_SET:
		t = st_nfa_state(n);
		st_nfa_set(n, from, r->set, t);
		return t;
	case RE_CAT:
		t = st_re_gen(n, r->a, from, budget);
		return t == ST_NFA_NONE ? t : st_re_gen(n, r->b, t, budget);
	case RE_ALT:
		e = st_nfa_state(n);
		for (i = 0; i < 2; i++) {
			uint32_t s = st_nfa_state(n);

			st_nfa_eps(n, from, s, ST_EPS_PLAIN);
			t = st_re_gen(n, i ? r->b : r->a, s, budget);
			if (t == ST_NFA_NONE)
				return t;
			st_nfa_eps(n, t, e, ST_EPS_PLAIN);
		}
		return e;
	case RE_BOL:
	case RE_EOL:
		t = st_nfa_state(n);
		st_nfa_eps(n, from, t,
			   r->kind == RE_BOL ? ST_EPS_BOL : ST_EPS_EOL);
		return t;
	case RE_EMPTY:
		return from;
	case RE_STAR:
		break;
	case RE_REP:
		cur = from;
		for (i = 0; i < r->min; i++) {
			cur = st_re_gen(n, r->a, cur, budget);
			if (cur == ST_NFA_NONE)
				return cur;
		}
		if (r->max < 0) {
			/* A fresh loop state: x* */
			uint32_t loop = st_nfa_state(n);

			st_nfa_eps(n, cur, loop, ST_EPS_PLAIN);
			t = st_re_gen(n, r->a, loop, budget);
			if (t == ST_NFA_NONE)
				return t;
			st_nfa_eps(n, t, loop, ST_EPS_PLAIN);
			return loop;
		}
		e = st_nfa_state(n);
		for (; i < r->max; i++) {
			uint32_t s = st_nfa_state(n);

			st_nfa_eps(n, cur, s, ST_EPS_PLAIN);
			st_nfa_eps(n, cur, e, ST_EPS_PLAIN);
			cur = st_re_gen(n, r->a, s, budget);
			if (cur == ST_NFA_NONE)
				return cur;
		}
		st_nfa_eps(n, cur, e, ST_EPS_PLAIN);
		return e;
	}
	return ST_NFA_NONE;
}

bool st_regex_valid(const char *s, size_t len, const char **err)
{
	struct st_re_parser ps = { 0 };
	struct st_nfa n;
	uint32_t start;

	if (!st_re_parse(&ps, s, len)) {
		*err = ps.err;
		st_re_free(&ps);
		return false;
	}
	st_re_free(&ps);
	st_nfa_init(&n);
	start = st_nfa_regex(&n, s, len, 0, err);
	st_nfa_free(&n);
	return start != ST_NFA_NONE;
}

uint32_t st_nfa_regex(struct st_nfa *n, const char *s, size_t len,
		      uint32_t pat, const char **err)
{
	struct st_re_parser ps = { 0 };
	struct st_re *r = st_re_parse(&ps, s, len);
	uint32_t start, end, sink, budget = ST_RE_MAX_NODES;

	if (!r) {
		*err = ps.err;
		st_re_free(&ps);
		return ST_NFA_NONE;
	}
	start = st_nfa_state(n);
	st_nfa_edge(n, start, 0, 255, start);	/* unanchored search */
	end = st_re_gen(n, r, start, &budget);
	st_re_free(&ps);
	if (end == ST_NFA_NONE) {
		*err = "regular expression too large";
		return ST_NFA_NONE;
	}
	sink = st_nfa_state(n);
	st_nfa_edge(n, sink, 0, 255, sink);
	n->accept[sink] = pat;
	st_nfa_eps(n, end, sink, ST_EPS_PLAIN);
	return start;
}
