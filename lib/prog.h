/* SPDX-License-Identifier: GPL-2.0 */
/*
 * systrace: the policy bytecode verifier and interpreter (prog.c).
 *
 * One source for the kernel and for userland: policyc checks its own
 * output with it, the host tests and fuzzers run it.  The format is
 * defined in include/uapi/linux/systrace_prog.h.
 */
#ifndef _SYSTRACE_PROG_H
#define _SYSTRACE_PROG_H

#include "prog_compat.h"
#include <uapi/linux/systrace_prog.h>
#include "limits.h"

/**
 * struct st_prog - a verified image: typed views of its sections.
 * @base: the image, at least 8-byte aligned; owned by the caller, who keeps
 *	it alive and unchanged as long as this view is used.
 * @len: its length.
 * @policies: policy records; @npolicies of them.
 * @npolicies: number of policies.
 * @calls: call records; @ncalls of them.
 * @ncalls: number of calls.
 * @rules: rule records.
 * @nrules: number of rules.
 * @insns: instructions.
 * @ninsns: number of instructions.
 * @strs: string descriptors.
 * @nstrs: number of strings.
 * @bytes: the bytes strings point into.
 * @nbytes: their number.
 * @nums: numeric constants.
 * @nnums: their number.
 * @tmpls: templates.
 * @ntmpls: their number.
 * @tparts: template parts.
 * @ntparts: their number.
 * @sets: lookup sets.
 * @nsets: their number.
 * @buckets: hash bucket boundaries.
 * @nbuckets: their number.
 * @hents: hash entries.
 * @nhents: their number.
 * @dfas: DFAs.
 * @ndfas: their number.
 * @dstates: DFA states.
 * @ndstates: their number.
 * @dtrans: DFA transitions.
 * @ndtrans: their number.
 *
 * Filled by st_prog_verify(); read-only afterwards, so any number of
 * tasks may run it at once without locking.
 */
struct st_prog {
	const u8 *base;
	u32 len;
	const struct systrace_prog_policy *policies;
	u32 npolicies;
	const struct systrace_prog_call *calls;
	u32 ncalls;
	const struct systrace_prog_rule *rules;
	u32 nrules;
	const struct systrace_insn *insns;
	u32 ninsns;
	const struct systrace_prog_str *strs;
	u32 nstrs;
	const u8 *bytes;
	u32 nbytes;
	const __le64 *nums;
	u32 nnums;
	const struct systrace_prog_tmpl *tmpls;
	u32 ntmpls;
	const struct systrace_prog_tpart *tparts;
	u32 ntparts;
	const struct systrace_prog_set *sets;
	u32 nsets;
	const __le32 *buckets;
	u32 nbuckets;
	const struct systrace_prog_hent *hents;
	u32 nhents;
	const struct systrace_prog_dfa *dfas;
	u32 ndfas;
	const struct systrace_prog_dstate *dstates;
	u32 ndstates;
	const struct systrace_prog_dtrans *dtrans;
	u32 ndtrans;
};

/**
 * struct st_prog_arg - one argument of the call being decided.
 * @arg: &enum systrace_arg.
 * @idx: which one of that name (0 for the first filename).
 * @len: length of @str in bytes.
 * @str: the argument as a string (need not be NUL-terminated).
 */
struct st_prog_arg {
	u8 arg;
	u8 idx;
	u32 len;
	const char *str;
};

/**
 * struct st_prog_ctx - what the caller knows about the call and the task.
 * @args: the call's arguments; the order does not matter.
 * @nargs: their number.
 * @macro: expansion of each &enum systrace_macro for the calling task, or
 *	NULL when unknown (a program that needs it then fails: deny).
 * @macro_len: their lengths.
 */
struct st_prog_ctx {
	const struct st_prog_arg *args;
	u32 nargs;
	const char *macro[__SYSTRACE_MACRO_LAST];
	u32 macro_len[__SYSTRACE_MACRO_LAST];
};

/* Results of st_prog_run() besides negative errors. */
#define ST_PROG_NOMATCH	0
#define ST_PROG_MATCH	1

int st_prog_verify(struct st_prog *p, const void *buf, size_t len,
		   const char **why);
u32 st_prog_find_call(const struct st_prog *p, u32 policy, u32 key);
int st_prog_run(const struct st_prog *p, u32 call,
		const struct st_prog_ctx *ctx, u32 *rule);
int st_dfa_run(const struct st_prog *p, const struct st_prog_ctx *ctx,
	       u32 d, const u8 *s, u32 len, u32 *accept);
u32 st_prog_call_set(const struct st_prog *p, u32 call);
/*
 * May the rules of call @key elevate (``as user[:group]``)? socket, bind,
 * open, openat, openat2 and the aliases fsread and fswrite, in
 * either ABI: the calls whose object a hook confirms (kmod/elevate.c).
 */
bool st_prog_elev_key_ok(u32 key);
u32 st_prog_hash(u32 seed, const u8 *s, u32 len);
bool st_prog_bytes_eq(const u8 *a, const u8 *b, u32 len);
bool st_prog_parse_num(const char *s, u32 len, u64 *val);

/* The hash sets' lookup: inline here, for the hot path of a decision. */

/*
 * Little-endian loads of any alignment, the same value on every host:
 * compilers make each one load (GCC's and clang's load merging).
 */
static inline u64 st_load32(const u8 *s)
{
	return (u64)s[0] | (u64)s[1] << 8 | (u64)s[2] << 16 | (u64)s[3] << 24;
}

static inline u64 st_load64(const u8 *s)
{
	return st_load32(s) | st_load32(s + 4) << 32;
}

#define ST_HASH_M1	0x9e3779b97f4a7c15ULL
#define ST_HASH_M2	0xff51afd7ed558ccdULL

/* One word into @h: a bijection of h ^ w (an odd multiply, an xorshift). */
static inline u64 st_hash_word(u64 h, u64 w)
{
	h = (h ^ w) * ST_HASH_M1;
	return h ^ (h >> 32);
}

/* st_prog_bytes_eq(), inline in st_hash_lookup(). */
static __always_inline bool st_bytes_eq(const u8 *a, const u8 *b, u32 len)
{
	u64 d;
	u32 i;

	if (len >= 8) {
		for (i = 0; i + 8 < len; i += 8)
			if (st_load64(a + i) != st_load64(b + i))
				return false;
		return st_load64(a + len - 8) == st_load64(b + len - 8);
	}
	if (len >= 4) {
		d = (st_load32(a) ^ st_load32(b)) |
		    (st_load32(a + len - 4) ^ st_load32(b + len - 4));
		return !d;
	}
	for (i = 0; i < len; i++)
		if (a[i] != b[i])
			return false;
	return true;
}

/* st_prog_hash(), inline in st_hash_lookup(). */
static __always_inline u32 st_hash(u32 seed, const u8 *s, u32 len)
{
	u64 h = ((u64)seed << 32 | len) * ST_HASH_M2;
	u64 w;

	if (len > 8) {
		const u8 *last = s + len - 8;

		for (; s < last; s += 8)
			h = st_hash_word(h, st_load64(s));
		w = st_load64(last);
	} else if (len == 8) {
		w = st_load64(s);
	} else if (len >= 4) {
		w = st_load32(s) | st_load32(s + len - 4) << 32;
	} else if (len) {
		w = s[0] | (u64)s[len / 2] << 8 | (u64)s[len - 1] << 16;
	} else {
		w = 0;
	}
	h = st_hash_word(h, w);
	h *= ST_HASH_M2;
	return (u32)(h ^ (h >> 29));
}

/* The rule of the first string of @set that is @s, or SYSTRACE_PROG_NONE. */
static __always_inline u32 st_hash_lookup(const struct st_prog *p,
					  const struct systrace_prog_set *set,
					  const u8 *s, u32 len)
{
	u32 n = le32_to_cpu(set->nbuckets);
	u32 h, b, e, end;

	if (!n)
		return SYSTRACE_PROG_NONE;
	h = st_hash(le32_to_cpu(set->seed), s, len);
	b = le32_to_cpu(set->bucket) + (h & (n - 1));
	e = le32_to_cpu(p->buckets[b]);
	end = le32_to_cpu(p->buckets[b + 1]);
	for (; e < end; e++) {
		const struct systrace_prog_hent *he = &p->hents[e];
		const struct systrace_prog_str *k = &p->strs[le32_to_cpu(he->key)];

		if (le32_to_cpu(he->hash) == h && le32_to_cpu(k->len) == len &&
		    st_bytes_eq(p->bytes + le32_to_cpu(k->off), s, len))
			return le32_to_cpu(he->rule);
	}
	return SYSTRACE_PROG_NONE;
}

/*
 * The first rule of set @set that @s matches, its string (a hash) or its
 * pattern (the DFA, walked with @ctx's macros), in *@rule, or
 * SYSTRACE_PROG_NONE. Return: 0, or st_dfa_run()'s error.
 */
static __always_inline int st_set_lookup(const struct st_prog *p, u32 set,
					 const struct st_prog_ctx *ctx,
					 const u8 *s, u32 len, u32 *rule)
{
	const struct systrace_prog_set *ps = &p->sets[set];
	u32 r2 = SYSTRACE_PROG_NONE;
	int ret;

	*rule = st_hash_lookup(p, ps, s, len);
	if (le32_to_cpu(ps->dfa) != SYSTRACE_PROG_NONE) {
		ret = st_dfa_run(p, ctx, le32_to_cpu(ps->dfa), s, len, &r2);
		if (ret)
			return ret;
	}
	if (r2 < *rule)
		*rule = r2;
	return 0;
}

/**
 * st_prog_get_arg() - argument @arg number @idx of @ctx, or NULL.
 * @ctx: the call's arguments.
 * @arg: &enum systrace_arg.
 * @idx: which one of that name.
 *
 * The first that matches, as every instruction reads it.
 */
static inline const struct st_prog_arg *
st_prog_get_arg(const struct st_prog_ctx *ctx, u8 arg, u8 idx)
{
	u32 i;

	for (i = 0; i < ctx->nargs; i++)
		if (ctx->args[i].arg == arg && ctx->args[i].idx == idx)
			return &ctx->args[i];
	return NULL;
}

/**
 * st_prog_run_set() - st_prog_run() of a program that is a set.
 * @p: a verified image.
 * @call: index of the call's program.
 * @set: what st_prog_call_set() returned for @call (not
 *	%SYSTRACE_PROG_NONE).
 * @s: the first file name of the call (need not be NUL-terminated).
 * @len: its length.
 * @rule: set to the index of the rule that matched.
 *
 * The same result as st_prog_run() with a context whose first file name is
 * @s, without the interpreter: the hot path of an open a daemon's policy
 * permits by name.
 *
 * Return: as st_prog_run().
 */
static __always_inline int st_prog_run_set(const struct st_prog *p,
					   u32 call, u32 set, const char *s,
					   u32 len, u32 *rule)
{
	const struct systrace_prog_call *c = &p->calls[call];
	const struct systrace_insn *in;
	u32 r, first = le32_to_cpu(c->rule);
	int ret;

	if (len > SYSTRACE_MAX_ARG_LEN)
		return -E2BIG;
	/* No template prefix (st_prog_call_set()): no macro, no context. */
	ret = st_set_lookup(p, set, NULL, (const u8 *)(s ?: ""), len, &r);
	if (ret)
		return ret;
	if (r == SYSTRACE_PROG_NONE) {
		/* The instruction after the lookup: nomatch, or a rule. */
		in = &p->insns[le32_to_cpu(c->insn)];
		in += 1 + le32_to_cpu(in->jf);
		if (in->code == SYSTRACE_OP_NOMATCH)
			return ST_PROG_NOMATCH;
		r = le32_to_cpu(in->k);
	}
	if (r < first || r - first >= le32_to_cpu(c->nrules))
		return -EINVAL;
	*rule = r;
	return ST_PROG_MATCH;
}

#endif /* _SYSTRACE_PROG_H */
