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
/*
 * May the rules of call @key elevate (``as user[:group]``)? socket, bind,
 * open, openat, openat2 and the aliases fsread and fswrite, in
 * either ABI: the calls whose object a hook confirms (kmod/elevate.c).
 */
bool st_prog_elev_key_ok(u32 key);
u32 st_prog_hash(u32 seed, const u8 *s, u32 len);
bool st_prog_bytes_eq(const u8 *a, const u8 *b, u32 len);
bool st_prog_parse_num(const char *s, u32 len, u64 *val);

#endif /* _SYSTRACE_PROG_H */
