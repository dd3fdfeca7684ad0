// SPDX-License-Identifier: GPL-2.0
/*
 * policyc: NFA construction and subset construction to a DFA.
 *
 * One NFA holds every pattern of a lookup set; the DFA of the set is built
 * by the classic subset construction, sets of NFA states interned in a
 * hash table.  Each DFA state is labelled with the first pattern (lowest
 * index: rule order) that holds for an input ending in that state, which
 * is what keeps first-match order exact when many rules share one DFA.
 */
#include <stdlib.h>
#include <string.h>

#include "nfa.h"
#include "util.h"

void st_nfa_init(struct st_nfa *n)
{
	memset(n, 0, sizeof(*n));
}

void st_nfa_free(struct st_nfa *n)
{
	free(n->first);
	free(n->accept);
	free(n->edges);
	memset(n, 0, sizeof(*n));
}

uint32_t st_nfa_state(struct st_nfa *n)
{
	if (n->nstates == n->cap) {
		n->cap = n->cap ? n->cap * 2 : 64;
		n->first = st_realloc(n->first, n->cap * sizeof(*n->first));
		n->accept = st_realloc(n->accept, n->cap * sizeof(*n->accept));
	}
	n->first[n->nstates] = ST_NFA_NONE;
	n->accept[n->nstates] = ST_NFA_NONE;
	return n->nstates++;
}

static void st_nfa_add(struct st_nfa *n, uint32_t from, struct st_nfa_edge e)
{
	if (n->nedges == n->ecap) {
		n->ecap = n->ecap ? n->ecap * 2 : 64;
		n->edges = st_realloc(n->edges, n->ecap * sizeof(*n->edges));
	}
	e.next = n->first[from];
	n->edges[n->nedges] = e;
	n->first[from] = n->nedges++;
}

void st_nfa_edge(struct st_nfa *n, uint32_t from, uint8_t lo, uint8_t hi,
		 uint32_t to)
{
	struct st_nfa_edge e = { .to = to, .lo = lo, .hi = hi };

	st_nfa_add(n, from, e);
}

void st_nfa_eps(struct st_nfa *n, uint32_t from, uint32_t to, enum st_eps k)
{
	struct st_nfa_edge e = { .to = to, .eps = 1 + k };

	st_nfa_add(n, from, e);
}

void st_nfa_set(struct st_nfa *n, uint32_t from, const uint8_t set[32],
		uint32_t to)
{
	int c = 0;

	while (c < 256) {
		int lo;

		if (!(set[c >> 3] & (1 << (c & 7)))) {
			c++;
			continue;
		}
		lo = c;
		while (c < 256 && (set[c >> 3] & (1 << (c & 7))))
			c++;
		st_nfa_edge(n, from, lo, c - 1, to);
	}
}

/* A state that loops on every byte and accepts @pat. */
static uint32_t st_nfa_sink(struct st_nfa *n, uint32_t pat)
{
	uint32_t t = st_nfa_state(n);

	st_nfa_edge(n, t, 0, 255, t);
	n->accept[t] = pat;
	return t;
}

static uint32_t st_nfa_chain(struct st_nfa *n, uint32_t s, const char *str,
			     size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		uint32_t t = st_nfa_state(n);
		uint8_t c = str[i];

		st_nfa_edge(n, s, c, c, t);
		s = t;
	}
	return s;
}

uint32_t st_nfa_literal(struct st_nfa *n, const char *s, size_t len,
			uint32_t pat)
{
	uint32_t start = st_nfa_state(n);
	uint32_t end = st_nfa_chain(n, start, s, len);

	/* Not in one expression: st_nfa_chain() may move n->accept. */
	n->accept[end] = pat;
	return start;
}

uint32_t st_nfa_inpath(struct st_nfa *n, const char *s, size_t len,
		       uint32_t pat)
{
	uint32_t start = st_nfa_state(n);
	uint32_t end = st_nfa_chain(n, start, s, len);
	uint32_t sink = st_nfa_sink(n, pat);

	n->accept[end] = pat;
	if (len && s[len - 1] == '/')
		st_nfa_eps(n, end, sink, ST_EPS_PLAIN);
	else
		st_nfa_edge(n, end, '/', '/', sink);
	return start;
}

uint32_t st_nfa_sub(struct st_nfa *n, const char *s, size_t len,
		    uint32_t pat)
{
	uint32_t start = st_nfa_state(n);
	uint32_t end;

	st_nfa_edge(n, start, 0, 255, start);
	end = st_nfa_chain(n, start, s, len);
	st_nfa_eps(n, end, st_nfa_sink(n, pat), ST_EPS_PLAIN);
	return start;
}

/* ---- subset construction ---- */

struct st_sets {
	uint32_t *ids;		/* all sets' members, concatenated */
	size_t nids, idcap;
	uint32_t *off;		/* set i: ids[off[i] .. off[i + 1]) */
	uint8_t *at_start;
	uint32_t nsets, setcap;
	uint32_t *table;	/* hash table of set indices */
	uint32_t tsize;
};

static uint32_t st_set_hash(const uint32_t *ids, uint32_t n, bool start)
{
	uint32_t h = 2166136261U ^ start;
	uint32_t i;

	for (i = 0; i < n; i++) {
		h ^= ids[i];
		h *= 16777619U;
		h ^= h >> 15;
	}
	return h;
}

static void st_sets_grow(struct st_sets *s)
{
	uint32_t i, j, nt = s->tsize ? s->tsize * 2 : 1024;
	uint32_t *t = st_malloc(nt * sizeof(*t));

	memset(t, 0xff, nt * sizeof(*t));
	for (i = 0; i < s->nsets; i++) {
		uint32_t h = st_set_hash(s->ids + s->off[i],
					 s->off[i + 1] - s->off[i],
					 s->at_start[i]);

		for (j = h & (nt - 1); t[j] != ST_NFA_NONE; j = (j + 1) & (nt - 1))
			;
		t[j] = i;
	}
	free(s->table);
	s->table = t;
	s->tsize = nt;
}

/* Intern a sorted set; *@is_new tells whether it was added. */
static uint32_t st_sets_intern(struct st_sets *s, const uint32_t *ids,
			       uint32_t n, bool start, bool *is_new)
{
	uint32_t h, j;

	if ((s->nsets + 1) * 2 > s->tsize)
		st_sets_grow(s);
	h = st_set_hash(ids, n, start);
	for (j = h & (s->tsize - 1); s->table[j] != ST_NFA_NONE;
	     j = (j + 1) & (s->tsize - 1)) {
		uint32_t i = s->table[j];

		if (s->at_start[i] == start && s->off[i + 1] - s->off[i] == n &&
		    !memcmp(s->ids + s->off[i], ids, n * sizeof(*ids))) {
			*is_new = false;
			return i;
		}
	}
	if (s->nsets + 2 > s->setcap) {
		s->setcap = s->setcap ? s->setcap * 2 : 1024;
		s->off = st_realloc(s->off, (s->setcap + 1) * sizeof(*s->off));
		s->at_start = st_realloc(s->at_start, s->setcap);
	}
	if (s->nids + n > s->idcap) {
		s->idcap = (s->idcap + n) * 2;
		s->ids = st_realloc(s->ids, s->idcap * sizeof(*s->ids));
	}
	if (!s->nsets)
		s->off[0] = 0;
	memcpy(s->ids + s->nids, ids, n * sizeof(*ids));
	s->nids += n;
	s->at_start[s->nsets] = start;
	s->off[s->nsets + 1] = s->nids;
	s->table[j] = s->nsets;
	*is_new = true;
	return s->nsets++;
}

struct st_builder {
	const struct st_nfa *n;
	uint32_t *mark;		/* generation mark per NFA state */
	uint32_t gen;
	uint32_t *stack, *buf;	/* work arrays of nstates entries */
};

static int st_cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * Epsilon closure of @in (n entries) into b->buf, sorted; BOL edges only
 * when @start, EOL edges only when @end.  Returns the size.
 */
static uint32_t st_closure(struct st_builder *b, const uint32_t *in, uint32_t n,
			   bool start, bool end)
{
	const struct st_nfa *nfa = b->n;
	uint32_t sp = 0, cnt = 0, i;

	b->gen++;
	for (i = 0; i < n; i++) {
		if (b->mark[in[i]] != b->gen) {
			b->mark[in[i]] = b->gen;
			b->stack[sp++] = in[i];
		}
	}
	while (sp) {
		uint32_t s = b->stack[--sp];
		uint32_t e;

		b->buf[cnt++] = s;
		for (e = nfa->first[s]; e != ST_NFA_NONE; e = nfa->edges[e].next) {
			const struct st_nfa_edge *ed = &nfa->edges[e];

			if (!ed->eps)
				continue;
			if (ed->eps == 1 + ST_EPS_BOL && !start)
				continue;
			if (ed->eps == 1 + ST_EPS_EOL && !end)
				continue;
			if (b->mark[ed->to] != b->gen) {
				b->mark[ed->to] = b->gen;
				b->stack[sp++] = ed->to;
			}
		}
	}
	qsort(b->buf, cnt, sizeof(*b->buf), st_cmp_u32);
	return cnt;
}

/* The label of a DFA state whose NFA set is @ids. */
static uint32_t st_label(struct st_builder *b, const uint32_t *ids, uint32_t n,
			 bool start, const bool *neg, const uint32_t *labels,
			 uint32_t npat, const uint32_t *negs, uint32_t nneg)
{
	uint32_t cnt = st_closure(b, ids, n, start, true);
	uint32_t best = ST_NFA_NONE, i, j, pm;
	uint32_t *pats;

	/* Patterns matched, collected in place of the closure. */
	pats = b->stack;
	pm = 0;
	for (i = 0; i < cnt; i++) {
		uint32_t p = b->n->accept[b->buf[i]];

		if (p != ST_NFA_NONE && p < npat)
			pats[pm++] = p;
	}
	qsort(pats, pm, sizeof(*pats), st_cmp_u32);
	for (i = 0; i < pm; i++) {
		if (!neg[pats[i]]) {
			best = pats[i];
			break;
		}
	}
	/* The first negated pattern that did not match. */
	for (i = 0, j = 0; i < nneg; i++) {
		while (j < pm && pats[j] < negs[i])
			j++;
		if (j < pm && pats[j] == negs[i])
			continue;
		if (negs[i] < best)
			best = negs[i];
		break;
	}
	return best == ST_NFA_NONE ? ST_NFA_NONE : labels[best];
}

struct st_tvec {
	struct st_dfa_trans *v;
	uint32_t n, cap;
};

static void st_tvec_push(struct st_tvec *t, uint8_t lo, uint8_t hi,
			 uint32_t next)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 1024;
		t->v = st_realloc(t->v, t->cap * sizeof(*t->v));
	}
	t->v[t->n].lo = lo;
	t->v[t->n].hi = hi;
	t->v[t->n].next = next;
	t->n++;
}

/*
 * Which pattern owns each NFA state (each pattern's states are reachable
 * only from its start), and which states are positive sinks: accepting,
 * looping on every byte, nothing else.  A set holding the sink of pattern
 * p matches p whatever follows, so patterns after p can never be the first
 * match again, nor can p's other states change anything: they are dropped
 * from the set (st_prune()).  This
 * keeps sets of unanchored patterns (sub, re) near Aho-Corasick size
 * instead of one state per combination of patterns already seen.
 */
static void st_owners(const struct st_nfa *n, const uint32_t *starts,
		      const bool *neg, uint32_t npat, uint32_t *owner,
		      uint8_t *sink, uint32_t *stack)
{
	uint32_t p, s, e, sp;

	for (s = 0; s < n->nstates; s++) {
		const struct st_nfa_edge *ed;

		owner[s] = ST_NFA_NONE;
		e = n->first[s];
		ed = e == ST_NFA_NONE ? NULL : &n->edges[e];
		sink[s] = n->accept[s] != ST_NFA_NONE && n->accept[s] < npat &&
			  !neg[n->accept[s]] && ed && !ed->eps && ed->lo == 0 &&
			  ed->hi == 255 && ed->to == s && ed->next == ST_NFA_NONE;
	}
	for (p = 0; p < npat; p++) {
		if (starts[p] >= n->nstates || owner[starts[p]] != ST_NFA_NONE)
			continue;
		sp = 0;
		owner[starts[p]] = p;
		stack[sp++] = starts[p];
		while (sp) {
			s = stack[--sp];
			for (e = n->first[s]; e != ST_NFA_NONE; e = n->edges[e].next) {
				uint32_t t = n->edges[e].to;

				if (owner[t] == ST_NFA_NONE) {
					owner[t] = p;
					stack[sp++] = t;
				}
			}
		}
	}
}

/* Drop from the sorted set @ids what can no longer change the label. */
static uint32_t st_prune(uint32_t *ids, uint32_t cnt, const uint32_t *owner,
			 const uint8_t *sink)
{
	uint32_t i, w, first = ST_NFA_NONE;

	for (i = 0; i < cnt; i++)
		if (sink[ids[i]] && owner[ids[i]] < first)
			first = owner[ids[i]];
	if (first == ST_NFA_NONE)
		return cnt;
	/* Pattern first holds for good: only its sink stays of it. */
	for (i = 0, w = 0; i < cnt; i++)
		if (owner[ids[i]] == ST_NFA_NONE || owner[ids[i]] < first ||
		    (owner[ids[i]] == first && sink[ids[i]]))
			ids[w++] = ids[i];
	return w;
}

/*
 * Elementary byte intervals of the set @ids (@nids NFA states) into
 * @ranges[i][0..1]: boundaries of every byte edge of its states; the
 * target set is constant inside each.  Returns their number.
 */
static uint32_t st_ranges(const struct st_nfa *n, const uint32_t *ids,
			  uint32_t nids, uint32_t (*ranges)[3])
{
	uint8_t bound[257];
	uint32_t c, e, k, lo, nr = 0;

	memset(bound, 0, sizeof(bound));
	bound[0] = 1;
	for (k = 0; k < nids; k++) {
		for (e = n->first[ids[k]]; e != ST_NFA_NONE;
		     e = n->edges[e].next) {
			const struct st_nfa_edge *ed = &n->edges[e];

			if (ed->eps)
				continue;
			bound[ed->lo] = 1;
			bound[ed->hi + 1] = 1;
		}
	}
	for (c = 0; c < 256; c++) {
		if (!bound[c])
			continue;
		for (lo = c + 1; lo < 256 && !bound[lo]; lo++)
			;
		ranges[nr][0] = c;
		ranges[nr][1] = lo - 1;
		nr++;
	}
	return nr;
}

/*
 * The transitions of DFA state @st from its @nr ranges and their targets
 * (@ranges[i][2]): the target covering the most bytes is the default, the
 * others are transitions, adjacent ranges with one target merged.
 */
static void st_state_trans(struct st_dfa_state *st, struct st_tvec *tv,
			   uint32_t (*ranges)[3], uint32_t nr)
{
	uint32_t k, best, bestc;

	/* The default: the target covering the most bytes. */
	best = ranges[0][2];
	bestc = 0;
	for (k = 0; k < nr; k++) {
		uint32_t j, tot = 0;

		for (j = 0; j < nr; j++)
			if (ranges[j][2] == ranges[k][2])
				tot += ranges[j][1] - ranges[j][0] + 1;
		if (tot > bestc) {
			bestc = tot;
			best = ranges[k][2];
		}
	}
	st->dflt = best;
	st->trans = tv->n;
	for (k = 0; k < nr;) {
		uint32_t t = ranges[k][2];
		uint8_t rlo = ranges[k][0], rhi = ranges[k][1];

		if (t == best) {
			k++;
			continue;
		}
		/* Merge adjacent ranges with one target. */
		for (k++; k < nr && ranges[k][2] == t; k++)
			rhi = ranges[k][1];
		st_tvec_push(tv, rlo, rhi, t);
	}
	st->ntrans = tv->n - st->trans;
}

int st_dfa_build(const struct st_nfa *n, const uint32_t *starts,
		 const bool *neg, const uint32_t *labels, uint32_t npat,
		 uint32_t max_states, struct st_dfa *out)
{
	struct st_builder b = { .n = n };
	struct st_sets sets = { 0 };
	struct st_tvec tv = { 0 };
	struct st_dfa_state *states = NULL;
	uint32_t scap = 0, cur, i, nneg = 0;
	uint32_t *negs, *moved, *owner;
	uint8_t *sink;
	uint32_t (*ranges)[3];
	bool is_new;
	int ret = 0;

	owner = st_malloc((n->nstates + 1) * sizeof(*owner));
	sink = st_malloc(n->nstates + 1);
	b.mark = st_calloc(n->nstates + 1, sizeof(*b.mark));
	b.stack = st_malloc((n->nstates + 1) * sizeof(*b.stack));
	b.buf = st_malloc((n->nstates + 1) * sizeof(*b.buf));
	moved = st_malloc((n->nstates + 1) * sizeof(*moved));
	negs = st_malloc((npat + 1) * sizeof(*negs));
	ranges = st_malloc(512 * sizeof(*ranges));
	for (i = 0; i < npat; i++)
		if (neg[i])
			negs[nneg++] = i;

	st_owners(n, starts, neg, npat, owner, sink, b.stack);
	i = st_closure(&b, starts, npat, true, false);
	i = st_prune(b.buf, i, owner, sink);
	st_sets_intern(&sets, b.buf, i, true, &is_new);

	for (cur = 0; cur < sets.nsets; cur++) {
		const uint32_t *ids;
		uint32_t nids, nr, e, k;
		bool start = sets.at_start[cur];
		if (sets.nsets > max_states) {
			ret = -1;
			goto out;
		}
		if (cur >= scap) {
			scap = scap ? scap * 2 : 1024;
			states = st_realloc(states, scap * sizeof(*states));
		}
		nids = sets.off[cur + 1] - sets.off[cur];
		states[cur].accept = st_label(&b, sets.ids + sets.off[cur], nids,
					      start, neg, labels, npat, negs,
					      nneg);

		nr = st_ranges(n, sets.ids + sets.off[cur], nids, ranges);

		for (k = 0; k < nr; k++) {
			uint32_t m = 0, sz, t;
			uint8_t rlo = ranges[k][0];

			/* sets.ids may move when interning: re-read it. */
			ids = sets.ids + sets.off[cur];
			for (i = 0; i < nids; i++) {
				for (e = n->first[ids[i]]; e != ST_NFA_NONE;
				     e = n->edges[e].next) {
					const struct st_nfa_edge *ed = &n->edges[e];

					if (!ed->eps && ed->lo <= rlo && rlo <= ed->hi)
						moved[m++] = ed->to;
				}
			}
			sz = st_closure(&b, moved, m, false, false);
			sz = st_prune(b.buf, sz, owner, sink);
			t = st_sets_intern(&sets, b.buf, sz, false, &is_new);
			ranges[k][2] = t;
		}

		st_state_trans(&states[cur], &tv, ranges, nr);
	}
	out->states = states;
	out->nstates = sets.nsets;
	out->trans = tv.v;
	out->ntrans = tv.n;
	out->start = 0;
	states = NULL;
	tv.v = NULL;
out:
	free(states);
	free(tv.v);
	free(sets.ids);
	free(sets.off);
	free(sets.at_start);
	free(sets.table);
	free(b.mark);
	free(b.stack);
	free(b.buf);
	free(moved);
	free(owner);
	free(sink);
	free(negs);
	free(ranges);
	return ret;
}

void st_dfa_free(struct st_dfa *d)
{
	free(d->states);
	free(d->trans);
	memset(d, 0, sizeof(*d));
}
