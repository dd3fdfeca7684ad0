/* SPDX-License-Identifier: GPL-2.0 */
/*
 * policyc: automata.  Patterns (glob, ERE, literal, inpath, substring) are
 * built into one NFA over bytes, then a run of them becomes one DFA by
 * subset construction, each DFA state labelled with the first pattern (in
 * rule order) that matches an input ending there.
 */
#ifndef POLICYC_NFA_H
#define POLICYC_NFA_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#define ST_NFA_NONE	0xffffffffU

/* Kinds of epsilon edges. */
enum st_eps {
	ST_EPS_PLAIN,	/* always */
	ST_EPS_BOL,	/* only before the first byte (ERE ^) */
	ST_EPS_EOL,	/* only after the last byte (ERE $) */
};

struct st_nfa_edge {
	uint32_t to;
	uint8_t lo, hi;	/* byte range; for an epsilon edge: unused */
	uint8_t eps;	/* 0: byte edge; else 1 + enum st_eps */
	uint32_t next;	/* next edge of the same state, or ST_NFA_NONE */
};

/**
 * struct st_nfa - an NFA under construction.
 * @first: first edge of each state.
 * @accept: pattern a state accepts, or ST_NFA_NONE.
 * @nstates: number of states.
 * @edges: all edges.
 * @nedges: their number.
 */
struct st_nfa {
	uint32_t *first;
	uint32_t *accept;
	uint32_t nstates, cap;
	struct st_nfa_edge *edges;
	uint32_t nedges, ecap;
};

void st_nfa_init(struct st_nfa *n);
void st_nfa_free(struct st_nfa *n);
uint32_t st_nfa_state(struct st_nfa *n);
void st_nfa_edge(struct st_nfa *n, uint32_t from, uint8_t lo, uint8_t hi,
		 uint32_t to);
void st_nfa_eps(struct st_nfa *n, uint32_t from, uint32_t to, enum st_eps k);
/* Add every byte in @set (a 256-bit map) as edges from @from to @to. */
void st_nfa_set(struct st_nfa *n, uint32_t from, const uint8_t set[32],
		uint32_t to);

/* Pattern builders: return the start state; the pattern accepts as @pat. */
uint32_t st_nfa_literal(struct st_nfa *n, const char *s, size_t len,
			uint32_t pat);
uint32_t st_nfa_inpath(struct st_nfa *n, const char *s, size_t len,
		       uint32_t pat);
uint32_t st_nfa_sub(struct st_nfa *n, const char *s, size_t len,
		    uint32_t pat);
/* fnmatch(FNM_PATHNAME | FNM_LEADING_DIR) semantics, C locale (glob.c). */
uint32_t st_nfa_glob(struct st_nfa *n, const char *s, size_t len,
		     uint32_t pat);
/* Patterns policyc refuses: an unterminated bracket (glob.c). */
bool st_glob_valid(const char *s, size_t len, const char **err);
/*
 * POSIX ERE, regexec() semantics (unanchored search), C locale (regex.c).
 * Returns ST_NFA_NONE and sets *@err to a static message on a syntax error.
 */
uint32_t st_nfa_regex(struct st_nfa *n, const char *s, size_t len,
		      uint32_t pat, const char **err);
/* Check ERE syntax only. */
bool st_regex_valid(const char *s, size_t len, const char **err);

struct st_dfa_trans {
	uint8_t lo, hi;
	uint32_t next;
};

struct st_dfa_state {
	uint32_t trans, ntrans, dflt, accept;
};

/**
 * struct st_dfa - a built DFA, in the shape of the bytecode's.
 * @states: @nstates states.
 * @trans: @ntrans transitions, each state's adjacent and sorted.
 * @start: the start state.
 */
struct st_dfa {
	struct st_dfa_state *states;
	uint32_t nstates;
	struct st_dfa_trans *trans;
	uint32_t ntrans;
	uint32_t start;
};

/*
 * st_dfa_build() - subset construction over patterns 0 .. @npat - 1 of @n.
 * @starts: start state of each pattern.
 * @neg: which patterns are negated (match when the pattern does not).
 * @labels: the accept label of each pattern; the first pattern (lowest
 *	index) that holds wins.
 * @max_states: give up (return -1) past this many DFA states.
 */
int st_dfa_build(const struct st_nfa *n, const uint32_t *starts,
		 const bool *neg, const uint32_t *labels, uint32_t npat,
		 uint32_t max_states, struct st_dfa *out);
void st_dfa_free(struct st_dfa *d);

#endif /* POLICYC_NFA_H */
