// SPDX-License-Identifier: GPL-2.0
/*
 * systrace: the policy bytecode verifier and interpreter.
 *
 * One source, built into systrace.ko and into userland (policyc, host
 * tests, fuzzers), so that what policyc checks is exactly what the kernel
 * accepts.  Like classic BPF's bpf_check_classic(), the verifier walks the
 * whole image once before anything uses it: every section inside the
 * image, every index inside its section, every opcode known, every jump
 * forward and inside its program, every program ending in a verdict, every
 * size within lib/limits.h.  The interpreter then trusts nothing it did
 * not need to: it still bounds its loop by the program's length and treats
 * anything unexpected as an error, which its callers turn into a denial.
 */

#include "prog.h"
#include "limits.h"

#define NONE SYSTRACE_PROG_NONE

/* Element size and limit of each section, by enum systrace_prog_sect_id. */
static const struct {
	u32 size;
	u32 max;
} st_sect_info[__SYSTRACE_SECT_LAST] = {
	[SYSTRACE_SECT_POLICIES] = { sizeof(struct systrace_prog_policy),
				     SYSTRACE_MAX_POLICIES },
	[SYSTRACE_SECT_CALLS] = { sizeof(struct systrace_prog_call),
				  SYSTRACE_MAX_CALLS },
	[SYSTRACE_SECT_RULES] = { sizeof(struct systrace_prog_rule),
				  SYSTRACE_MAX_RULES },
	[SYSTRACE_SECT_INSNS] = { sizeof(struct systrace_insn),
				  SYSTRACE_MAX_INSNS },
	[SYSTRACE_SECT_STRS] = { sizeof(struct systrace_prog_str),
				 SYSTRACE_MAX_STRS },
	[SYSTRACE_SECT_BYTES] = { 1, SYSTRACE_MAX_PROG_LEN },
	[SYSTRACE_SECT_NUMS] = { sizeof(__le64), SYSTRACE_MAX_NUMS },
	[SYSTRACE_SECT_TMPLS] = { sizeof(struct systrace_prog_tmpl),
				  SYSTRACE_MAX_TMPLS },
	[SYSTRACE_SECT_TPARTS] = { sizeof(struct systrace_prog_tpart),
				   SYSTRACE_MAX_TPARTS },
	[SYSTRACE_SECT_SETS] = { sizeof(struct systrace_prog_set),
				 SYSTRACE_MAX_SETS },
	[SYSTRACE_SECT_BUCKETS] = { sizeof(__le32),
				    SYSTRACE_MAX_HENTS + SYSTRACE_MAX_SETS },
	[SYSTRACE_SECT_HENTS] = { sizeof(struct systrace_prog_hent),
				  SYSTRACE_MAX_HENTS },
	[SYSTRACE_SECT_DFAS] = { sizeof(struct systrace_prog_dfa),
				 SYSTRACE_MAX_DFAS },
	[SYSTRACE_SECT_DSTATES] = { sizeof(struct systrace_prog_dstate),
				    SYSTRACE_MAX_DSTATES },
	[SYSTRACE_SECT_DTRANS] = { sizeof(struct systrace_prog_dtrans),
				   SYSTRACE_MAX_DTRANS },
};

static void st_prog_abi_check(void)
{
	BUILD_BUG_ON(sizeof(struct systrace_prog_header) != 16 + 8 * 15);
	BUILD_BUG_ON(sizeof(struct systrace_prog_sect) != 8);
	BUILD_BUG_ON(sizeof(struct systrace_prog_policy) != 24);
	BUILD_BUG_ON(sizeof(struct systrace_prog_call) != 24);
	BUILD_BUG_ON(sizeof(struct systrace_prog_rule) != 24);
	BUILD_BUG_ON(sizeof(struct systrace_insn) != 16);
	BUILD_BUG_ON(sizeof(struct systrace_prog_str) != 8);
	BUILD_BUG_ON(sizeof(struct systrace_prog_tmpl) != 8);
	BUILD_BUG_ON(sizeof(struct systrace_prog_tpart) != 8);
	BUILD_BUG_ON(sizeof(struct systrace_prog_set) != 16);
	BUILD_BUG_ON(sizeof(struct systrace_prog_hent) != 16);
	BUILD_BUG_ON(sizeof(struct systrace_prog_dfa) != 16);
	BUILD_BUG_ON(sizeof(struct systrace_prog_dstate) != 16);
	BUILD_BUG_ON(sizeof(struct systrace_prog_dtrans) != 8);
	BUILD_BUG_ON(SYSTRACE_MAX_PROG_LEN > 0x7fffffffU);
	BUILD_BUG_ON(SYSTRACE_MAX_ARG_IDX > 255);
}

/* Reject: say why (for the netlink extack and policyc's message). */
static int st_fail(const char **why, const char *msg)
{
	*why = msg;
	return -EINVAL;
}

static int st_verify_sections(struct st_prog *p, const u8 *b, u32 len,
			      const char **why)
{
	const struct systrace_prog_header *h = (const void *)b;
	const void *ptr[__SYSTRACE_SECT_LAST];
	u32 cnt[__SYSTRACE_SECT_LAST];
	u64 end = sizeof(*h);
	int i;

	for (i = 0; i < __SYSTRACE_SECT_LAST; i++) {
		u32 off = le32_to_cpu(h->sect[i].off);
		u32 count = le32_to_cpu(h->sect[i].count);
		u64 size = (u64)count * st_sect_info[i].size;

		if (count > st_sect_info[i].max)
			return st_fail(why, "section past its limit");
		if (!count) {
			if (off)
				return st_fail(why, "empty section with an offset");
			ptr[i] = b;
			cnt[i] = 0;
			continue;
		}
		if (off % SYSTRACE_PROG_ALIGN)
			return st_fail(why, "misaligned section");
		if (off < end)
			return st_fail(why, "sections overlap or out of order");
		if ((u64)off + size > len)
			return st_fail(why, "section past the end of the image");
		end = (u64)off + size;
		ptr[i] = b + off;
		cnt[i] = count;
	}

	p->policies = ptr[SYSTRACE_SECT_POLICIES];
	p->npolicies = cnt[SYSTRACE_SECT_POLICIES];
	p->calls = ptr[SYSTRACE_SECT_CALLS];
	p->ncalls = cnt[SYSTRACE_SECT_CALLS];
	p->rules = ptr[SYSTRACE_SECT_RULES];
	p->nrules = cnt[SYSTRACE_SECT_RULES];
	p->insns = ptr[SYSTRACE_SECT_INSNS];
	p->ninsns = cnt[SYSTRACE_SECT_INSNS];
	p->strs = ptr[SYSTRACE_SECT_STRS];
	p->nstrs = cnt[SYSTRACE_SECT_STRS];
	p->bytes = ptr[SYSTRACE_SECT_BYTES];
	p->nbytes = cnt[SYSTRACE_SECT_BYTES];
	p->nums = ptr[SYSTRACE_SECT_NUMS];
	p->nnums = cnt[SYSTRACE_SECT_NUMS];
	p->tmpls = ptr[SYSTRACE_SECT_TMPLS];
	p->ntmpls = cnt[SYSTRACE_SECT_TMPLS];
	p->tparts = ptr[SYSTRACE_SECT_TPARTS];
	p->ntparts = cnt[SYSTRACE_SECT_TPARTS];
	p->sets = ptr[SYSTRACE_SECT_SETS];
	p->nsets = cnt[SYSTRACE_SECT_SETS];
	p->buckets = ptr[SYSTRACE_SECT_BUCKETS];
	p->nbuckets = cnt[SYSTRACE_SECT_BUCKETS];
	p->hents = ptr[SYSTRACE_SECT_HENTS];
	p->nhents = cnt[SYSTRACE_SECT_HENTS];
	p->dfas = ptr[SYSTRACE_SECT_DFAS];
	p->ndfas = cnt[SYSTRACE_SECT_DFAS];
	p->dstates = ptr[SYSTRACE_SECT_DSTATES];
	p->ndstates = cnt[SYSTRACE_SECT_DSTATES];
	p->dtrans = ptr[SYSTRACE_SECT_DTRANS];
	p->ndtrans = cnt[SYSTRACE_SECT_DTRANS];
	return 0;
}

static bool st_str_ok(const struct st_prog *p, u32 s)
{
	return s == NONE || s < p->nstrs;
}

/* Pools: strings, templates. */
static int st_verify_pools(const struct st_prog *p, const char **why)
{
	u32 i, next = 0;

	for (i = 0; i < p->nstrs; i++) {
		u32 off = le32_to_cpu(p->strs[i].off);
		u32 len = le32_to_cpu(p->strs[i].len);

		if (len > SYSTRACE_MAX_STR_LEN)
			return st_fail(why, "string too long");
		if ((u64)off + len > p->nbytes)
			return st_fail(why, "string past the byte section");
	}
	for (i = 0; i < p->ntparts; i++) {
		u32 kind = le32_to_cpu(p->tparts[i].kind);
		u32 val = le32_to_cpu(p->tparts[i].val);

		if (kind == SYSTRACE_TPART_LIT) {
			if (val >= p->nstrs)
				return st_fail(why, "template part: bad string");
		} else if (kind == SYSTRACE_TPART_MACRO) {
			if (val >= __SYSTRACE_MACRO_LAST)
				return st_fail(why, "template part: unknown macro");
		} else {
			return st_fail(why, "template part: unknown kind");
		}
	}
	/* Templates own adjacent part ranges: each part is checked once. */
	for (i = 0; i < p->ntmpls; i++) {
		u32 part = le32_to_cpu(p->tmpls[i].part);
		u32 n = le32_to_cpu(p->tmpls[i].nparts);

		if (part != next || n > SYSTRACE_MAX_TMPL_PARTS ||
		    (u64)part + n > p->ntparts)
			return st_fail(why, "template: bad part range");
		next = part + n;
	}
	if (next != p->ntparts)
		return st_fail(why, "template parts not covered");
	return 0;
}

/* DFAs own adjacent state ranges, states own adjacent transition ranges. */
static int st_verify_dfas(const struct st_prog *p, const char **why)
{
	u32 i, s, t, next_state = 0, next_trans = 0;

	for (i = 0; i < p->ndfas; i++) {
		const struct systrace_prog_dfa *d = &p->dfas[i];
		u32 first = le32_to_cpu(d->state);
		u32 n = le32_to_cpu(d->nstates);
		u32 prefix = le32_to_cpu(d->prefix);

		if (first != next_state || !n || (u64)first + n > p->ndstates)
			return st_fail(why, "DFA: bad state range");
		if (le32_to_cpu(d->start) >= n)
			return st_fail(why, "DFA: bad start state");
		if (prefix != NONE && prefix >= p->ntmpls)
			return st_fail(why, "DFA: bad prefix template");
		next_state = first + n;

		for (s = first; s < first + n; s++) {
			const struct systrace_prog_dstate *st = &p->dstates[s];
			u32 tr = le32_to_cpu(st->trans);
			u32 nt = le32_to_cpu(st->ntrans);
			u32 acc = le32_to_cpu(st->accept);
			int last_hi = -1;

			if (tr != next_trans || nt > 256 ||
			    (u64)tr + nt > p->ndtrans)
				return st_fail(why, "DFA state: bad transition range");
			if (le32_to_cpu(st->dflt) >= n)
				return st_fail(why, "DFA state: bad default state");
			if (acc != NONE && acc >= p->nrules)
				return st_fail(why, "DFA state: bad accept rule");
			next_trans = tr + nt;
			for (t = tr; t < tr + nt; t++) {
				const struct systrace_prog_dtrans *x = &p->dtrans[t];

				if (x->lo > x->hi || (int)x->lo <= last_hi)
					return st_fail(why, "DFA transition: unsorted or overlapping");
				if (x->reserved)
					return st_fail(why, "DFA transition: reserved field set");
				if (le32_to_cpu(x->next) >= n)
					return st_fail(why, "DFA transition: bad state");
				last_hi = x->hi;
			}
		}
	}
	if (next_state != p->ndstates || next_trans != p->ndtrans)
		return st_fail(why, "DFA states or transitions not covered");
	return 0;
}

static int st_verify_sets(const struct st_prog *p, const char **why)
{
	u32 i, b, next = 0;

	for (i = 0; i < p->nhents; i++) {
		const struct systrace_prog_hent *e = &p->hents[i];

		if (le32_to_cpu(e->key) >= p->nstrs ||
		    le32_to_cpu(e->rule) >= p->nrules || e->reserved)
			return st_fail(why, "hash entry: bad key or rule");
	}
	for (i = 0; i < p->nsets; i++) {
		const struct systrace_prog_set *s = &p->sets[i];
		u32 first = le32_to_cpu(s->bucket);
		u32 n = le32_to_cpu(s->nbuckets);
		u32 dfa = le32_to_cpu(s->dfa);
		u32 prev;

		if (dfa != NONE && (dfa >= p->ndfas ||
				    le32_to_cpu(p->dfas[dfa].prefix) != NONE))
			return st_fail(why, "set: bad DFA");
		if (!n) {
			if (first || s->seed)
				return st_fail(why, "set: stray hash fields");
			if (dfa == NONE)
				return st_fail(why, "set: empty");
			continue;
		}
		if (n > SYSTRACE_MAX_BUCKETS || (n & (n - 1)))
			return st_fail(why, "set: bucket count not a power of two");
		if (first != next || (u64)first + n + 1 > p->nbuckets)
			return st_fail(why, "set: bad bucket range");
		next = first + n + 1;
		prev = le32_to_cpu(p->buckets[first]);
		for (b = first + 1; b <= first + n; b++) {
			u32 cur = le32_to_cpu(p->buckets[b]);

			if (cur < prev || cur > p->nhents ||
			    cur - prev > SYSTRACE_MAX_BUCKET_LEN)
				return st_fail(why, "set: bad bucket boundary");
			prev = cur;
		}
	}
	if (next != p->nbuckets)
		return st_fail(why, "hash buckets not covered");
	return 0;
}

/*
 * The numbers are ABI and written out: this file is also built in user
 * space, where the ia32 table is not at hand.
 */
bool st_prog_elev_key_ok(u32 key)
{
	u32 nr = SYSTRACE_CALL_NR(key);

	switch (SYSTRACE_CALL_NS(key)) {
	case SYSTRACE_NS_ALIAS:
		return nr == SYSTRACE_ALIAS_FSREAD || nr == SYSTRACE_ALIAS_FSWRITE;
	case SYSTRACE_NS_X86_64:
		/* open, socket, bind, openat, openat2 */
		return nr == 2 || nr == 41 || nr == 49 || nr == 257 || nr == 437;
	case SYSTRACE_NS_IA32:
		/*
		 * open, openat, openat2. Not socket (359) nor bind (361): an
		 * ia32 program makes them through socketcall() too, which is
		 * not raised at entry (kmod/elevate.c).
		 */
		return nr == 5 || nr == 295 || nr == 437;
	default:
		return false;
	}
}

static int st_verify_rules(const struct st_prog *p, const char **why)
{
	u32 i;

	for (i = 0; i < p->nrules; i++) {
		const struct systrace_prog_rule *r = &p->rules[i];
		u32 err = le16_to_cpu(r->error);

		if (r->action >= __SYSTRACE_ACT_LAST)
			return st_fail(why, "rule: unknown action");
		if (r->flags & ~__SYSTRACE_RULE_F_ALL)
			return st_fail(why, "rule: unknown flags");
		if (r->action == SYSTRACE_ACT_DENY ? !err || err > 4095 : err)
			return st_fail(why, "rule: bad errno");
		if (!(r->flags & SYSTRACE_RULE_F_SETUID) && r->uid)
			return st_fail(why, "rule: uid without SETUID");
		if (!(r->flags & SYSTRACE_RULE_F_SETGID) && r->gid)
			return st_fail(why, "rule: gid without SETGID");
		if (!st_str_ok(p, le32_to_cpu(r->text)) || r->reserved)
			return st_fail(why, "rule: bad text or reserved field");
	}
	return 0;
}

static bool st_jump_ok(u32 pc, u32 off, u32 end)
{
	return (u64)pc + 1 + off < end;
}

static int st_verify_insns(const struct st_prog *p,
			   const struct systrace_prog_call *c, const char **why)
{
	u32 first = le32_to_cpu(c->insn);
	u32 end = first + le32_to_cpu(c->ninsns);
	u32 rule = le32_to_cpu(c->rule);
	u32 rend = rule + le32_to_cpu(c->nrules);
	u32 pc;

	for (pc = first; pc < end; pc++) {
		const struct systrace_insn *in = &p->insns[pc];
		u32 k = le32_to_cpu(in->k);
		u32 jt = le32_to_cpu(in->jt);
		u32 jf = le32_to_cpu(in->jf);

		switch (in->code) {
		case SYSTRACE_OP_RET:
			if (k < rule || k >= rend)
				return st_fail(why, "ret: rule of another call");
			fallthrough;
		case SYSTRACE_OP_NOMATCH:
			if (in->arg || in->idx || in->aux || jt || jf ||
			    (in->code == SYSTRACE_OP_NOMATCH && k))
				return st_fail(why, "verdict: stray fields");
			continue;
		case SYSTRACE_OP_STR:
			if (in->aux >= __SYSTRACE_STR_LAST || k >= p->ntmpls)
				return st_fail(why, "str: bad operator or template");
			break;
		case SYSTRACE_OP_NUM:
			if (in->aux >= __SYSTRACE_NUM_LAST || k >= p->nnums)
				return st_fail(why, "num: bad operator or number");
			break;
		case SYSTRACE_OP_DFA:
			if (in->aux || k >= p->ndfas)
				return st_fail(why, "dfa: bad DFA");
			break;
		case SYSTRACE_OP_LOOKUP:
			if (in->aux || k >= p->nsets || jt)
				return st_fail(why, "lookup: bad set");
			break;
		default:
			return st_fail(why, "unknown opcode");
		}
		/* Tests: a known argument, forward jumps inside the call. */
		if (!in->arg || in->arg > SYSTRACE_ARG_MAX ||
		    in->idx >= SYSTRACE_MAX_ARG_IDX)
			return st_fail(why, "bad argument");
		if (!st_jump_ok(pc, jt, end) || !st_jump_ok(pc, jf, end))
			return st_fail(why, "jump out of the program");
	}
	/*
	 * Every test jumps forward to an instruction of its call, so every
	 * path ends at the last instruction at the latest: it must be a
	 * verdict (the loop above already made sure tests cannot be last).
	 */
	return 0;
}

static int st_verify_calls(const struct st_prog *p, const char **why)
{
	u32 i, j, r, next_call = 0, next_insn = 0, next_rule = 0;
	int ret;

	if (!p->npolicies)
		return st_fail(why, "no policy");
	for (i = 0; i < p->npolicies; i++) {
		const struct systrace_prog_policy *pol = &p->policies[i];
		u32 first = le32_to_cpu(pol->call);
		u32 n = le32_to_cpu(pol->ncalls);
		u32 prev_key = 0;

		if (!st_str_ok(p, le32_to_cpu(pol->path)) ||
		    !st_str_ok(p, le32_to_cpu(pol->emulation)))
			return st_fail(why, "policy: bad string");
		if (le32_to_cpu(pol->flags) & ~__SYSTRACE_POLICY_F_ALL ||
		    pol->reserved)
			return st_fail(why, "policy: unknown flags");
		if (first != next_call || (u64)first + n > p->ncalls)
			return st_fail(why, "policy: bad call range");
		next_call = first + n;

		for (j = first; j < first + n; j++) {
			const struct systrace_prog_call *c = &p->calls[j];
			u32 key = le32_to_cpu(c->key);
			u32 insn = le32_to_cpu(c->insn);
			u32 ni = le32_to_cpu(c->ninsns);
			u32 rule = le32_to_cpu(c->rule);
			u32 nr = le32_to_cpu(c->nrules);

			if (SYSTRACE_CALL_NS(key) >= __SYSTRACE_NS_LAST)
				return st_fail(why, "call: unknown namespace");
			if (j > first && key <= prev_key)
				return st_fail(why, "call: keys not sorted");
			prev_key = key;
			if (!st_str_ok(p, le32_to_cpu(c->name)))
				return st_fail(why, "call: bad name");
			if (insn != next_insn || !ni ||
			    (u64)insn + ni > p->ninsns)
				return st_fail(why, "call: bad instruction range");
			if (rule != next_rule || (u64)rule + nr > p->nrules)
				return st_fail(why, "call: bad rule range");
			for (r = rule; r < rule + nr; r++)
				if ((p->rules[r].flags &
				     (SYSTRACE_RULE_F_SETUID |
				      SYSTRACE_RULE_F_SETGID)) &&
				    (p->rules[r].action != SYSTRACE_ACT_PERMIT ||
				     !st_prog_elev_key_ok(key)))
					return st_fail(why, "rule: elevation (as user:group) only permits socket, bind (not of ia32) or an open");
			next_insn = insn + ni;
			next_rule = rule + nr;
			ret = st_verify_insns(p, c, why);
			if (ret)
				return ret;
		}
	}
	if (next_call != p->ncalls || next_insn != p->ninsns ||
	    next_rule != p->nrules)
		return st_fail(why, "calls, instructions or rules not covered");
	return 0;
}

/**
 * st_prog_verify() - check an image completely and make a view of it.
 * @p: filled with the view when the image is valid.
 * @buf: the image, 8-byte aligned.
 * @len: its length.
 * @why: set to a static message when the image is rejected.
 *
 * Return: 0 when @buf is a valid image, -EINVAL otherwise.  Runs in time
 * linear in @len; allocates nothing.
 */
int st_prog_verify(struct st_prog *p, const void *buf, size_t len,
		   const char **why)
{
	const struct systrace_prog_header *h = buf;
	int ret;

	st_prog_abi_check();
	if ((unsigned long)buf % SYSTRACE_PROG_ALIGN)
		return st_fail(why, "misaligned image");
	if (len < sizeof(*h) || len > SYSTRACE_MAX_PROG_LEN)
		return st_fail(why, "image too short or too long");
	if (le32_to_cpu(h->magic) != SYSTRACE_PROG_MAGIC)
		return st_fail(why, "bad magic");
	if (le16_to_cpu(h->version) != SYSTRACE_PROG_VERSION)
		return st_fail(why, "unsupported version: compile the policy again");
	if (le16_to_cpu(h->hdr_len) != sizeof(*h) ||
	    le32_to_cpu(h->len) != len || h->flags)
		return st_fail(why, "bad header length or flags");

	p->base = buf;
	p->len = len;
	ret = st_verify_sections(p, buf, len, why);
	if (!ret)
		ret = st_verify_pools(p, why);
	if (!ret)
		ret = st_verify_rules(p, why);
	if (!ret)
		ret = st_verify_dfas(p, why);
	if (!ret)
		ret = st_verify_sets(p, why);
	if (!ret)
		ret = st_verify_calls(p, why);
	return ret;
}

/**
 * st_prog_find_call() - the program of call @key in policy @policy.
 * @p: a verified image.
 * @policy: index of the policy.
 * @key: the call key (SYSTRACE_CALL_KEY()).
 *
 * Return: the call's index, or %SYSTRACE_PROG_NONE when the policy does
 * not name the call (then the mode decides, as for no match).
 */
u32 st_prog_find_call(const struct st_prog *p, u32 policy, u32 key)
{
	u32 lo, hi;

	if (policy >= p->npolicies)
		return NONE;
	lo = le32_to_cpu(p->policies[policy].call);
	hi = lo + le32_to_cpu(p->policies[policy].ncalls);
	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;
		u32 k = le32_to_cpu(p->calls[mid].key);

		if (k == key)
			return mid;
		if (k < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NONE;
}

/**
 * st_prog_bytes_eq() - compare two strings of one length.
 * @a: the first.
 * @b: the second.
 * @len: their length.
 *
 * A word at a time, the last word overlapping the one before, as
 * st_prog_hash() reads them; neither is read past its end. The kernel's
 * memcmp() is a call and, on x86, a byte loop.
 *
 * Return: whether the @len bytes of @a and @b are equal.
 */
bool st_prog_bytes_eq(const u8 *a, const u8 *b, u32 len)
{
	return st_bytes_eq(a, b, len);
}

/**
 * st_prog_hash() - the hash of hash sets (see "string hash" in
 * systrace_prog.h): eight bytes a step, seeded.
 * @seed: the set's seed.
 * @s: the bytes.
 * @len: their number.
 *
 * The words are the bytes as they come, eight at a time, then the last
 * eight bytes (overlapping the word before when @len is not a multiple of
 * eight); fewer than eight bytes make one word as the uapi says. With
 * @len mixed in first, two strings of one length hash through different
 * words, and each step is a bijection of the state.
 *
 * Return: the 32-bit hash.
 */
u32 st_prog_hash(u32 seed, const u8 *s, u32 len)
{
	return st_hash(seed, s, len);
}

/**
 * st_prog_parse_num() - parse a whole C integer literal: decimal, 0x hex
 * or 0 octal, no sign, no blanks, no overflow.
 * @s: the text.
 * @len: its length.
 * @val: the value, when it is a number.
 *
 * Return: true when @s is such a number.
 */
bool st_prog_parse_num(const char *s, u32 len, u64 *val)
{
	u32 i = 0, base = 10;
	u64 v = 0;

	if (!len)
		return false;
	if (s[0] == '0' && len > 1) {
		if (s[1] == 'x' || s[1] == 'X') {
			base = 16;
			i = 2;
			if (len == 2)
				return false;
		} else {
			base = 8;
			i = 1;
		}
	}
	for (; i < len; i++) {
		u32 d;
		char c = s[i];

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			return false;
		if (d >= base)
			return false;
		if (v > (~0ULL - d) / base)
			return false;
		v = v * base + d;
	}
	*val = v;
	return true;
}

/* One part of a template as bytes; NULL when a macro is unknown. */
static const u8 *st_part(const struct st_prog *p, const struct st_prog_ctx *ctx,
			 u32 part, u32 *len)
{
	const struct systrace_prog_tpart *tp = &p->tparts[part];
	u32 val = le32_to_cpu(tp->val);

	if (le32_to_cpu(tp->kind) == SYSTRACE_TPART_LIT) {
		const struct systrace_prog_str *s = &p->strs[val];

		*len = le32_to_cpu(s->len);
		return p->bytes + le32_to_cpu(s->off);
	}
	if (val >= __SYSTRACE_MACRO_LAST || !ctx->macro[val] ||
	    ctx->macro_len[val] > SYSTRACE_MAX_ARG_LEN)
		return NULL;
	*len = ctx->macro_len[val];
	return (const u8 *)ctx->macro[val];
}

/*
 * Does template @t occur in @s at @pos?  Return the length it covers, -1
 * when it does not occur there, -ENOENT when a macro is unknown.
 */
static long st_tmpl_at(const struct st_prog *p, const struct st_prog_ctx *ctx,
		       u32 t, const u8 *s, u32 len, u32 pos)
{
	u32 part = le32_to_cpu(p->tmpls[t].part);
	u32 end = part + le32_to_cpu(p->tmpls[t].nparts);
	u32 at = pos;

	for (; part < end; part++) {
		u32 plen;
		const u8 *b = st_part(p, ctx, part, &plen);

		if (!b)
			return -ENOENT;
		if (plen > len - at || memcmp(s + at, b, plen))
			return -1;
		at += plen;
	}
	return at - pos;
}

/* 1 true, 0 false, negative error. */
static int st_str_test(const struct st_prog *p, const struct st_prog_ctx *ctx,
		       u8 op, u32 t, const u8 *s, u32 len)
{
	long n;
	u32 pos;

	switch (op) {
	case SYSTRACE_STR_EQ:
		n = st_tmpl_at(p, ctx, t, s, len, 0);
		if (n < -1)
			return n;
		return n == len;
	case SYSTRACE_STR_INPATH:
		n = st_tmpl_at(p, ctx, t, s, len, 0);
		if (n < -1)
			return n;
		if (n < 0)
			return 0;
		return n == len || s[n] == '/' || (n > 0 && s[n - 1] == '/');
	case SYSTRACE_STR_SUB:
		/* Bounded: len positions, each at most the template's length. */
		for (pos = 0; pos <= len; pos++) {
			n = st_tmpl_at(p, ctx, t, s, len, pos);
			if (n < -1)
				return n;
			if (n >= 0)
				return 1;
		}
		return 0;
	}
	return -EINVAL;
}

static int st_num_test(const struct st_prog *p, u8 op, u32 k, const u8 *s,
		       u32 len)
{
	u64 c = le64_to_cpu(p->nums[k]);
	u64 v;

	if (!st_prog_parse_num((const char *)s, len, &v))
		return op == SYSTRACE_NUM_NE;
	switch (op) {
	case SYSTRACE_NUM_EQ:
		return v == c;
	case SYSTRACE_NUM_NE:
		return v != c;
	case SYSTRACE_NUM_LT:
		return v < c;
	case SYSTRACE_NUM_GT:
		return v > c;
	}
	return -EINVAL;
}

/**
 * st_dfa_run() - walk DFA @d over @s.
 * @p: a verified image.
 * @ctx: the task's macros, for the DFA's prefix template.
 * @d: index of the DFA.
 * @s: the bytes.
 * @len: their number.
 * @accept: set to the accept field of the last state (%SYSTRACE_PROG_NONE
 *	when the prefix does not match).
 *
 * Also what policyc's tests run the DFAs they build on.
 *
 * Return: 0, or a negative error (an unknown macro, a bad state).
 */
int st_dfa_run(const struct st_prog *p, const struct st_prog_ctx *ctx,
	       u32 d, const u8 *s, u32 len, u32 *accept)
{
	const struct systrace_prog_dfa *dfa = &p->dfas[d];
	const struct systrace_prog_dstate *states;
	u32 prefix = le32_to_cpu(dfa->prefix);
	u32 n = le32_to_cpu(dfa->nstates);
	u32 cur = le32_to_cpu(dfa->start);
	u32 i = 0;

	states = p->dstates + le32_to_cpu(dfa->state);
	if (prefix != NONE) {
		long m = st_tmpl_at(p, ctx, prefix, s, len, 0);

		if (m < -1)
			return m;
		if (m < 0) {
			*accept = NONE;
			return 0;
		}
		i = m;
	}
	for (; i < len; i++) {
		const struct systrace_prog_dstate *st = &states[cur];
		const struct systrace_prog_dtrans *t;
		u32 lo = 0, hi = le32_to_cpu(st->ntrans);
		u32 next = le32_to_cpu(st->dflt);
		u8 c = s[i];

		/* A state that only loops to itself decides the walk. */
		if (!hi && next == cur)
			break;
		t = p->dtrans + le32_to_cpu(st->trans);
		while (lo < hi) {
			u32 mid = lo + (hi - lo) / 2;

			if (c < t[mid].lo) {
				hi = mid;
			} else if (c > t[mid].hi) {
				lo = mid + 1;
			} else {
				next = le32_to_cpu(t[mid].next);
				break;
			}
		}
		if (unlikely(next >= n))
			return -EINVAL;
		cur = next;
	}
	*accept = le32_to_cpu(states[cur].accept);
	return 0;
}

/**
 * st_prog_call_set() - the lookup set a call's whole program is, if it is one.
 * @p: a verified image.
 * @call: index of the call's program.
 *
 * A program whose first instruction looks the first file name up in a set
 * (its DFA part, if any, without a template prefix), and whose next
 * instruction when no string or pattern of the set matches is "nomatch"
 * or "ret", is that set: policyc makes one of any number of one-test
 * ``filename eq|match|inpath|... "..." then ACTION`` rules without macros,
 * then perhaps a rule that always matches (a set's strings and patterns are
 * literal). st_prog_run_set() then decides the call as st_prog_run() does.
 *
 * Return: the set's index, or %SYSTRACE_PROG_NONE for any other program.
 */
u32 st_prog_call_set(const struct st_prog *p, u32 call)
{
	const struct systrace_prog_call *c;
	const struct systrace_insn *in;
	u32 pc, n, k, jf, d;
	u8 next;

	if (call >= p->ncalls)
		return NONE;
	c = &p->calls[call];
	pc = le32_to_cpu(c->insn);
	n = le32_to_cpu(c->ninsns);
	if (n < 2 || pc >= p->ninsns || n > p->ninsns - pc)
		return NONE;
	in = &p->insns[pc];
	k = le32_to_cpu(in->k);
	jf = le32_to_cpu(in->jf);
	if (in->code != SYSTRACE_OP_LOOKUP || in->arg != SYSTRACE_ARG_FILENAME ||
	    in->idx || k >= p->nsets || jf >= n - 1)
		return NONE;
	d = le32_to_cpu(p->sets[k].dfa);
	if (d != NONE && (d >= p->ndfas ||
			  le32_to_cpu(p->dfas[d].prefix) != NONE))
		return NONE;
	next = p->insns[pc + 1 + jf].code;
	if (next != SYSTRACE_OP_NOMATCH && next != SYSTRACE_OP_RET)
		return NONE;
	return k;
}

/**
 * st_prog_run() - decide a call.
 * @p: a verified image.
 * @call: index of the call's program (st_prog_find_call()).
 * @ctx: the call's arguments and the task's macros.
 * @rule: set to the index of the rule that matched first.
 *
 * Runs at most as many instructions as the program has; each DFA walk
 * reads each byte of its argument at most once.  Allocates nothing and
 * never sleeps.
 *
 * Return: %ST_PROG_MATCH with *@rule set, %ST_PROG_NOMATCH, or a negative
 * error (-ENOENT: an argument or macro the program needs is missing,
 * -E2BIG: an argument is too long, -EINVAL: anything unexpected).  The
 * caller must treat an error as a denial.
 */
int st_prog_run(const struct st_prog *p, u32 call,
		const struct st_prog_ctx *ctx, u32 *rule)
{
	const struct systrace_prog_call *c;
	u32 pc, end, rfirst, rend, steps;

	if (call >= p->ncalls)
		return -EINVAL;
	c = &p->calls[call];
	pc = le32_to_cpu(c->insn);
	end = pc + le32_to_cpu(c->ninsns);
	rfirst = le32_to_cpu(c->rule);
	rend = rfirst + le32_to_cpu(c->nrules);

	for (steps = 0; steps < SYSTRACE_MAX_INSNS && pc < end; steps++) {
		const struct systrace_insn *in = &p->insns[pc];
		const struct st_prog_arg *a;
		u32 k = le32_to_cpu(in->k);
		const u8 *str;
		u32 r1;
		int res;

		if (in->code == SYSTRACE_OP_RET) {
			if (k < rfirst || k >= rend)
				return -EINVAL;
			*rule = k;
			return ST_PROG_MATCH;
		}
		if (in->code == SYSTRACE_OP_NOMATCH)
			return ST_PROG_NOMATCH;

		a = st_prog_get_arg(ctx, in->arg, in->idx);
		if (!a || (!a->str && a->len))
			return -ENOENT;
		if (a->len > SYSTRACE_MAX_ARG_LEN)
			return -E2BIG;
		/* An empty argument may come without a pointer. */
		str = a->str ? (const u8 *)a->str : (const u8 *)"";

		switch (in->code) {
		case SYSTRACE_OP_STR:
			res = st_str_test(p, ctx, in->aux, k, str, a->len);
			break;
		case SYSTRACE_OP_NUM:
			res = st_num_test(p, in->aux, k, str, a->len);
			break;
		case SYSTRACE_OP_DFA:
			res = st_dfa_run(p, ctx, k, str, a->len, &r1);
			if (!res)
				res = r1 != NONE;
			break;
		case SYSTRACE_OP_LOOKUP:
			res = st_set_lookup(p, k, ctx, str, a->len, &r1);
			if (res)
				return res;
			if (r1 != NONE) {
				if (r1 < rfirst || r1 >= rend)
					return -EINVAL;
				*rule = r1;
				return ST_PROG_MATCH;
			}
			res = 0;
			break;
		default:
			return -EINVAL;
		}
		if (res < 0)
			return res;
		pc += 1 + (res ? le32_to_cpu(in->jt) : le32_to_cpu(in->jf));
	}
	return -EINVAL;
}
