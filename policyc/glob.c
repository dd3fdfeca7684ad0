// SPDX-License-Identifier: GPL-2.0
/*
 * policyc: `match` patterns to NFA, with the meaning of glibc's
 * fnmatch(pattern, string, FNM_PATHNAME | FNM_LEADING_DIR) in the C locale:
 * `*` and `?` never match '/', nor does a bracket expression; `\` quotes
 * the next character; a pattern ending in a lone `\` matches nothing; an
 * unterminated `[` is an ordinary character; and once the whole pattern
 * has matched, the rest of the string may be a '/' and anything (the
 * leading directory rule).  The tests check this against fnmatch(3).
 */
#include <string.h>

#include "nfa.h"
#include "charclass.h"

static void st_set_add(uint8_t set[32], int c)
{
	set[c >> 3] |= 1 << (c & 7);
}

/*
 * Parse a bracket expression at @p (just past '['), up to @end.  Fill @set
 * and return the position past ']', or NULL when the bracket is not
 * terminated.  *@never is set when a class name is unknown.
 *
 * An unterminated bracket is where glibc is subtle: it scans the bracket
 * for the string's character first, and only when the scan reaches the
 * end of the pattern without a match or an error (a range or escape cut
 * by the end) does it take the '[' as an ordinary character.  So the '['
 * matches a '[' only when '[' is not in the scanned set and nothing was
 * cut: *@lit_ok tells which.
 */
static const char *st_glob_bracket(const char *p, const char *end,
				   uint8_t set[32], bool *never, bool *lit_ok)
{
	bool neg = false, first = true;
	int i;

	memset(set, 0, 32);
	*lit_ok = false;
	if (p < end && (*p == '!' || *p == '^')) {
		neg = true;
		p++;
	}
	for (;;) {
		int c, hi;

		if (p >= end) {
			*lit_ok = !(set['[' >> 3] & (1 << ('[' & 7)));
			return NULL;
		}
		c = (uint8_t)*p++;
		if (c == ']' && !first)
			break;
		first = false;
		if (c == '\\') {
			if (p >= end)
				return NULL;
			c = (uint8_t)*p++;
		} else if (c == '[' && p < end && *p == ':') {
			const char *q = p + 1;

			while (q + 1 < end && !(q[0] == ':' && q[1] == ']'))
				q++;
			if (q + 1 >= end)
				return NULL;
			if (!st_charclass(p + 1, q - (p + 1), set))
				*never = true;
			p = q + 2;
			continue;
		} else if (c == '[' && p + 2 < end && (*p == '=' || *p == '.') &&
			   p[2] == *p && p[3] == ']') {
			c = (uint8_t)p[1];
			p += 4;
		}
		hi = c;
		if (p + 1 == end && *p == '-')
			return NULL;	/* a range cut by the end */
		if (p + 1 < end && *p == '-' && p[1] != ']') {
			hi = (uint8_t)p[1];
			p += 2;
			if (hi == '\\') {
				if (p >= end)
					return NULL;
				hi = (uint8_t)*p++;
			}
		}
		for (i = c; i <= hi; i++)
			st_set_add(set, i);
	}
	if (neg)
		for (i = 0; i < 32; i++)
			set[i] = ~set[i];
	set['/' >> 3] &= ~(1 << ('/' & 7));
	return p;
}

uint32_t st_nfa_glob(struct st_nfa *n, const char *s, size_t len,
		     uint32_t pat)
{
	const char *p = s, *end;
	uint32_t cur = st_nfa_state(n), start = cur, t;
	uint8_t notslash[32];
	bool never = false, lit_ok;

	/* fnmatch() sees a C string: the pattern ends at a NUL. */
	end = memchr(s, '\0', len);
	if (!end)
		end = s + len;
	memset(notslash, 0xff, sizeof(notslash));
	notslash['/' >> 3] &= ~(1 << ('/' & 7));

	while (p < end) {
		uint8_t set[32];
		const char *q;
		int c = (uint8_t)*p++;

		switch (c) {
		case '*':
			/*
			 * glibc: a star whose run of '*' and '?' is followed by
			 * an escaped slash never matches (it looks for the
			 * slash only before the next slash).  Be the same.
			 */
			q = p;
			while (q < end && (*q == '*' || *q == '?'))
				q++;
			if (q + 1 < end && q[0] == '\\' && q[1] == '/')
				return start;
			st_nfa_set(n, cur, notslash, cur);
			/* A fresh state, so that the loop stays where it is. */
			t = st_nfa_state(n);
			st_nfa_eps(n, cur, t, ST_EPS_PLAIN);
			cur = t;
			continue;
		case '?':
			t = st_nfa_state(n);
			st_nfa_set(n, cur, notslash, t);
			cur = t;
			continue;
		case '[':
			q = st_glob_bracket(p, end, set, &never, &lit_ok);
			if (q) {
				t = st_nfa_state(n);
				st_nfa_set(n, cur, set, t);
				cur = t;
				p = q;
				continue;
			}
			if (!lit_ok)
				return start;	/* never matches */
			break;	/* unterminated: an ordinary '[' */
		case '\\':
			if (p >= end)
				return start;	/* trailing '\': no match */
			c = (uint8_t)*p++;
			break;
		}
		t = st_nfa_state(n);
		st_nfa_edge(n, cur, c, c, t);
		cur = t;
	}
	if (never)
		return start;
	n->accept[cur] = pat;
	t = st_nfa_state(n);
	st_nfa_edge(n, t, 0, 255, t);
	n->accept[t] = pat;
	st_nfa_edge(n, cur, '/', '/', t);
	return start;
}

bool st_glob_valid(const char *s, size_t len, const char **err)
{
	const char *p = s, *end = memchr(s, '\0', len);
	uint8_t set[32];
	bool never = false, lit_ok;

	if (!end)
		end = s + len;
	while (p < end) {
		char c = *p++;

		if (c == '\\' && p < end) {
			p++;
		} else if (c == '[') {
			const char *q = st_glob_bracket(p, end, set, &never,
							&lit_ok);

			/*
			 * glibc gives an unterminated bracket a meaning that
			 * depends on the string's character: refuse it.
			 */
			if (!q) {
				*err = "unterminated [ (write \\[ for a literal [)";
				return false;
			}
			p = q;
		}
	}
	return true;
}
