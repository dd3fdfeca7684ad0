// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the back end: the automata against libc (fnmatch, regexec),
 * first-match order through lookup sets, operators, the verifier's
 * rejections and the interpreter's fail-closed errors.
 */
#include <fnmatch.h>
#include <regex.h>

#include "kselftest_harness.h"
#include "gen.h"
#include "diag.h"
#include "nfa.h"
#include "../lib/limits.h"

static uint32_t one_dfa(struct st_dfa *d, int kind, const char *pat)
{
	struct st_nfa n;
	uint32_t start, label = 1;
	bool neg = false;
	const char *err;

	st_nfa_init(&n);
	start = kind ? st_nfa_regex(&n, pat, strlen(pat), 0, &err)
		     : st_nfa_glob(&n, pat, strlen(pat), 0);
	if (start == ST_NFA_NONE || st_dfa_build(&n, &start, &neg, &label, 1,
						 1 << 20, d)) {
		st_nfa_free(&n);
		return 0;
	}
	st_nfa_free(&n);
	return 1;
}

/*
 * A built DFA as the bytecode holds it, to run on the interpreter's own
 * st_dfa_run() (lib/prog.c): the one walk both builds use.
 */
struct img_dfa {
	struct st_prog p;
	struct systrace_prog_dfa dfa;
	struct systrace_prog_dstate *states;
	struct systrace_prog_dtrans *trans;
};

static void img_dfa_init(struct img_dfa *x, const struct st_dfa *d)
{
	uint32_t i;

	memset(x, 0, sizeof(*x));
	x->states = calloc(d->nstates, sizeof(*x->states));
	x->trans = calloc(d->ntrans + 1, sizeof(*x->trans));
	for (i = 0; i < d->nstates; i++) {
		x->states[i].trans = d->states[i].trans;
		x->states[i].ntrans = d->states[i].ntrans;
		x->states[i].dflt = d->states[i].dflt;
		x->states[i].accept = d->states[i].accept;
	}
	for (i = 0; i < d->ntrans; i++) {
		x->trans[i].lo = d->trans[i].lo;
		x->trans[i].hi = d->trans[i].hi;
		x->trans[i].next = d->trans[i].next;
	}
	x->dfa.nstates = d->nstates;
	x->dfa.start = d->start;
	x->dfa.prefix = SYSTRACE_PROG_NONE;
	x->p.dfas = &x->dfa;
	x->p.ndfas = 1;
	x->p.dstates = x->states;
	x->p.ndstates = d->nstates;
	x->p.dtrans = x->trans;
	x->p.ndtrans = d->ntrans;
}

static void img_dfa_free(struct img_dfa *x)
{
	free(x->states);
	free(x->trans);
}

/* The accept label at the end of @s; an error of the walk fails the test. */
static uint32_t img_dfa_run(const struct img_dfa *x, const char *s)
{
	static const struct st_prog_ctx ctx;
	uint32_t accept;

	if (st_dfa_run(&x->p, &ctx, 0, (const uint8_t *)s, strlen(s), &accept))
		abort();
	return accept;
}

static void rand_str(char *s, const char *alpha, int max)
{
	int n = gen_n(max + 1), i;

	for (i = 0; i < n; i++)
		s[i] = alpha[gen_n(strlen(alpha))];
	s[n] = 0;
}

TEST(glob_like_fnmatch)
{
	static const char *const fixed[] = {
		"", "*", "/", "a", "a*", "*/", "/*", "\\", "a\\", "[", "[a",
		"[/]", "[!/]", "[!a]b", "[]]", "[]a]", "[!]]", "a/*/b", "?", "*\\/",
		"/?", "[a-c]", "[[:digit:]]", "[[:foo:]]", "\\*", "**", "*a*",
		"[\\]]", "[a-]", "[-a]",
	};
	char pat[32], str[32];
	unsigned long n = 0;
	const char *err;
	int i, j;

	for (i = 0; i < 4000; i++) {
		struct img_dfa x;
		struct st_dfa d;

		if (i < (int)(sizeof(fixed) / sizeof(fixed[0])))
			strcpy(pat, fixed[i]);
		else
			rand_str(pat, "/ab*?[]!\\-", 7);
		if (!st_glob_valid(pat, strlen(pat), &err))
			continue;	/* refused by policyc */
		ASSERT_EQ(1, one_dfa(&d, 0, pat));
		img_dfa_init(&x, &d);
		for (j = 0; j < 200; j++) {
			int want, got;

			rand_str(str, "/ab[]*?-\\", 8);
			want = !fnmatch(pat, str, FNM_PATHNAME | FNM_LEADING_DIR);
			got = img_dfa_run(&x, str) != ST_NFA_NONE;
			if (want != got)
				TH_LOG("pattern '%s' string '%s'", pat, str);
			ASSERT_EQ(want, got);
			n++;
		}
		img_dfa_free(&x);
		st_dfa_free(&d);
	}
	TH_LOG("%lu pairs", n);
}

TEST(regex_like_regexec)
{
	static const char *const fixed[] = {
		"a", "^a", "a$", "^$", "^", "$", "a|b", "(a|)b", "a*", "a+b?",
		"a{2}", "a{1,}", "a{0,2}b", "[^a]", "[]a]", "[a-c]+", ".", "^.*$",
		"(^a|b)c", "a^b", "a$b", "x*^a", "\\.", "[[:alpha:]]+",
		"(ab|a)(bc|c)", "((a|b)*)*c",
	};
	char pat[512], str[32];
	unsigned long n = 0;
	int i, j;

	for (i = 0; i < 3000; i++) {
		struct img_dfa x;
		struct st_dfa d;
		regex_t re;

		if (i < (int)(sizeof(fixed) / sizeof(fixed[0])))
			strcpy(pat, fixed[i]);
		else
			gen_re(pat, 0);
		ASSERT_EQ(0, regcomp(&re, pat, REG_EXTENDED | REG_NOSUB));
		ASSERT_EQ(1, one_dfa(&d, 1, pat));
		img_dfa_init(&x, &d);
		for (j = 0; j < 200; j++) {
			int want, got;

			rand_str(str, "/ab.c", 8);
			want = !regexec(&re, str, 0, NULL, 0);
			got = img_dfa_run(&x, str) != ST_NFA_NONE;
			if (want != got)
				TH_LOG("regex '%s' string '%s'", pat, str);
			ASSERT_EQ(want, got);
			n++;
		}
		regfree(&re);
		img_dfa_free(&x);
		st_dfa_free(&d);
	}
	TH_LOG("%lu pairs", n);
}

TEST(regex_rejects)
{
	static const char *const bad[] = {
		"a(b", "a)b", "*a", "a{2,1}", "a{x}", "\\1", "\\b", "[a",
		"[[:nope:]]", "a{256}",
	};
	const char *err;
	int i;

	for (i = 0; i < (int)(sizeof(bad) / sizeof(bad[0])); i++) {
		err = NULL;
		EXPECT_FALSE(st_regex_valid(bad[i], strlen(bad[i]), &err)) {
			TH_LOG("accepted '%s'", bad[i]);
		}
		EXPECT_NE(NULL, err);
	}
}

/* ---- compiled policies ---- */

struct compiled {
	void *img;
	size_t len;
	struct st_prog p;
};

static int compile(struct compiled *c, const char *text)
{
	struct st_diag *d = st_diag_new();
	struct st_file *f = st_parse_string("t", text, strlen(text), d, 0);
	struct st_policy *pols[4], *p;
	const char *why;
	size_t n = 0;
	int ret = -1;

	if (f) {
		for (p = f->policies; p && n < 4; p = p->next)
			pols[n++] = p;
		if (!st_emit(pols, n, d, NULL, &c->img, &c->len))
			ret = st_prog_verify(&c->p, c->img, c->len, &why);
	}
	st_diag_print(d, stderr);
	st_file_free(f);
	st_diag_free(d);
	return ret;
}

/* Decide @key with one argument: the rule's source line, 0, or -errno. */
static int decide1(struct compiled *c, uint32_t key, int arg, const char *s)
{
	struct st_prog_arg a = { .arg = arg, .str = s, .len = strlen(s) };
	struct st_prog_ctx ctx = { .args = &a, .nargs = 1 };
	uint32_t call = st_prog_find_call(&c->p, 0, key), rule;
	int r;

	ctx.macro[SYSTRACE_MACRO_HOME] = "/home/u";
	ctx.macro_len[SYSTRACE_MACRO_HOME] = 7;
	if (call == SYSTRACE_PROG_NONE)
		return 0;
	r = st_prog_run(&c->p, call, &ctx, &rule);
	if (r <= 0)
		return r;
	return c->p.rules[rule].line;
}

#define FSREAD SYSTRACE_CALL_KEY(SYSTRACE_NS_ALIAS, SYSTRACE_ALIAS_FSREAD)
#define FN SYSTRACE_ARG_FILENAME

TEST(first_match_through_sets)
{
	struct compiled c;

	ASSERT_EQ(0, compile(&c,
		"native-fsread: filename eq \"/etc/shadow\" then deny\n"	/* 1 */
		"native-fsread: filename match \"/etc/*\" then permit\n"	/* 2 */
		"native-fsread: filename eq \"/etc/passwd\" then deny\n"	/* 3 */
		"native-fsread: filename re \"^/etc/p\" then deny\n"		/* 4 */
		"native-fsread: filename inpath \"/usr\" then permit\n"	/* 5 */
		"native-fsread: filename neq \"/nothing\" then ask\n"));	/* 6 */
	/* One lookup for the whole run. */
	ASSERT_EQ(SYSTRACE_OP_LOOKUP, c.p.insns[c.p.calls[0].insn].code);
	EXPECT_EQ(1, decide1(&c, FSREAD, FN, "/etc/shadow"));
	EXPECT_EQ(2, decide1(&c, FSREAD, FN, "/etc/passwd"));
	EXPECT_EQ(2, decide1(&c, FSREAD, FN, "/etc/x/y"));	/* leading dir */
	EXPECT_EQ(5, decide1(&c, FSREAD, FN, "/usr"));
	EXPECT_EQ(5, decide1(&c, FSREAD, FN, "/usr/lib"));
	EXPECT_EQ(6, decide1(&c, FSREAD, FN, "/usrx"));
	EXPECT_EQ(0, decide1(&c, FSREAD, FN, "/nothing"));
	free(c.img);
}

/*
 * The hash of lookup sets, as systrace_prog.h's "string hash" describes it
 * (these values were computed from that text, not from prog.c): a change
 * of the function is a change of the format, and its version.
 */
TEST(string_hash)
{
	static const struct {
		uint32_t seed;
		const char *s;
		uint32_t hash;
	} v[] = {
		{ 0x0, "", 0x00000000 },
		{ 0x0, "a", 0x665e247e },
		{ 0x1, "ab", 0x01c39cdb },
		{ 0x0, "/etc", 0x51696c1e },
		{ 0x7, "/etc/passwd", 0xcf8cef4b },
		{ 0x0, "/usr/lib/x86_64-linux-gnu/libc.so.6", 0x90434027 },
		{ 0x12345678, "/tmp/st_bench/dir/file0000000000", 0x481f1a1d },
		{ 0x3, "12345678", 0xa6361ffa },
		{ 0x3, "123456789", 0x7183bd39 },
	};
	char buf[64 + 8];
	size_t i, off;

	ASSERT_EQ(2, SYSTRACE_PROG_VERSION);
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		size_t len = strlen(v[i].s);

		/* Loads of any alignment. */
		for (off = 0; off < 8; off++) {
			memcpy(buf + off, v[i].s, len);
			EXPECT_EQ(v[i].hash, st_prog_hash(v[i].seed,
				  (const uint8_t *)buf + off, len));
		}
	}
}

/* The key compare of a hash hit: every length, a byte off anywhere. */
TEST(bytes_eq)
{
	uint8_t a[48 + 8], b[48 + 8];
	uint32_t len, i, off;

	for (i = 0; i < sizeof(a); i++)
		a[i] = b[i] = 'a' + i % 26;
	for (len = 0; len <= 48; len++) {
		for (off = 0; off < 8; off++) {
			memmove(b + off, a, len);
			EXPECT_TRUE(st_prog_bytes_eq(a, b + off, len));
			for (i = 0; i < len; i++) {
				b[off + i] ^= 0x80;
				EXPECT_FALSE(st_prog_bytes_eq(a, b + off, len));
				b[off + i] ^= 0x80;
			}
		}
	}
}

/*
 * eq keys of every length through the words and the tails of the hash:
 * each found, and no key one byte away from another (any byte, last
 * included) nor a prefix of it.
 */
TEST(eq_set_every_length)
{
	char *text = malloc(64 * 128), key[64], *t = text;
	struct compiled c;
	size_t len, i;

	ASSERT_NE(NULL, text);
	for (len = 1; len <= 40; len++) {
		memset(key, 'a', len);
		key[0] = '/';
		key[len] = '\0';
		key[len - 1] = 'a' + len % 26;
		t += sprintf(t, "native-fsread: filename eq \"%s\" then permit\n",
			     key);
	}
	ASSERT_EQ(0, compile(&c, text));
	ASSERT_EQ(SYSTRACE_OP_LOOKUP, c.p.insns[c.p.calls[0].insn].code);
	for (len = 1; len <= 40; len++) {
		memset(key, 'a', len);
		key[0] = '/';
		key[len] = '\0';
		key[len - 1] = 'a' + len % 26;
		EXPECT_EQ((int)len, decide1(&c, FSREAD, FN, key));
		for (i = 0; i < len; i++) {
			char was = key[i];

			key[i] ^= 0x20;
			EXPECT_EQ(0, decide1(&c, FSREAD, FN, key));
			key[i] = was;
		}
		key[len] = 'a' + len % 26;
		key[len + 1] = '\0';
		if (len < 40)
			EXPECT_EQ(0, decide1(&c, FSREAD, FN, key));
	}
	free(c.img);
	free(text);
}

TEST(numbers_macros_conditions)
{
	struct compiled c;
	uint32_t setuid = SYSTRACE_CALL_KEY(SYSTRACE_NS_X86_64, 105);

	ASSERT_EQ(0, compile(&c,
		"native-setuid: uid eq \"0x10\" then deny\n"
		"native-setuid: uid neq \"0\" then permit\n"
		"native-fsread: filename match \"$HOME/*\" then permit\n"
		"native-fsread: filename eq \"$HOME\" then deny\n"));
	EXPECT_EQ(1, decide1(&c, setuid, SYSTRACE_ARG_UID, "16"));
	EXPECT_EQ(1, decide1(&c, setuid, SYSTRACE_ARG_UID, "020"));
	EXPECT_EQ(0, decide1(&c, setuid, SYSTRACE_ARG_UID, "0"));
	EXPECT_EQ(2, decide1(&c, setuid, SYSTRACE_ARG_UID, "root"));
	EXPECT_EQ(3, decide1(&c, FSREAD, FN, "/home/u/x"));
	EXPECT_EQ(3, decide1(&c, FSREAD, FN, "/home/u/x/y"));
	EXPECT_EQ(4, decide1(&c, FSREAD, FN, "/home/u"));
	EXPECT_EQ(0, decide1(&c, FSREAD, FN, "/home/v/x"));
	free(c.img);
}

/* Decide fsread of @fn as uid @uid (gid @uid) with @mixed ids. */
static int decide_cred(struct compiled *c, const char *fn, const char *uid,
		       const char *mixed)
{
	struct st_prog_arg a[] = {
		{ .arg = FN, .str = fn, .len = strlen(fn) },
		{ .arg = SYSTRACE_ARG_CRED_UID, .str = uid, .len = strlen(uid) },
		{ .arg = SYSTRACE_ARG_CRED_GID, .str = uid, .len = strlen(uid) },
		{ .arg = SYSTRACE_ARG_CRED_MIXED, .str = mixed,
		  .len = strlen(mixed) },
	};
	struct st_prog_ctx ctx = { .args = a, .nargs = 4 };
	uint32_t call = st_prog_find_call(&c->p, 0, FSREAD), rule;
	int r;

	if (!mixed[0])
		ctx.nargs = 3;	/* the kernel gave no CRED_MIXED */
	r = st_prog_run(&c->p, call, &ctx, &rule);
	if (r <= 0)
		return r;
	return c->p.rules[rule].line;
}

/*
 * "mixed ids" (systrace_prog.h): with mixed ids, the `, if` clause of a
 * permit is false, that of a deny or ask true; otherwise the real id
 * decides, as before.
 */
TEST(conditions_mixed_ids)
{
	struct compiled c;

	ASSERT_EQ(0, compile(&c,
		"native-fsread: filename eq \"/p\" then permit, if user = 1000\n"
		"native-fsread: filename eq \"/d\" then deny, if user = 0\n"
		"native-fsread: filename eq \"/a\" then ask, if group > 999\n"
		"native-fsread: filename eq \"/d\" then permit\n"
		"native-fsread: filename eq \"/a\" then permit\n"
		"native-fsread: permit, if user != 0\n"));
	/* ids not mixed: the real id decides */
	EXPECT_EQ(1, decide_cred(&c, "/p", "1000", "0"));
	EXPECT_EQ(6, decide_cred(&c, "/p", "1001", "0"));
	EXPECT_EQ(0, decide_cred(&c, "/p", "0", "0"));
	EXPECT_EQ(2, decide_cred(&c, "/d", "0", "0"));
	EXPECT_EQ(4, decide_cred(&c, "/d", "1000", "0"));
	EXPECT_EQ(3, decide_cred(&c, "/a", "1000", "0"));
	EXPECT_EQ(5, decide_cred(&c, "/a", "0", "0"));
	/* mixed: no permit by a condition, every deny and ask by one */
	EXPECT_EQ(0, decide_cred(&c, "/p", "1000", "1"));
	EXPECT_EQ(0, decide_cred(&c, "/x", "1000", "1"));
	EXPECT_EQ(2, decide_cred(&c, "/d", "1000", "1"));
	EXPECT_EQ(2, decide_cred(&c, "/d", "0", "1"));
	EXPECT_EQ(3, decide_cred(&c, "/a", "0", "1"));
	/* anything but "0" is mixed; no answer at all fails closed */
	EXPECT_EQ(0, decide_cred(&c, "/p", "1000", "x"));
	EXPECT_EQ(2, decide_cred(&c, "/d", "1000", "01x"));
	EXPECT_EQ(-ENOENT, decide_cred(&c, "/p", "1000", ""));
	free(c.img);
}

TEST(fail_closed)
{
	struct compiled c;
	struct st_prog_arg a = { .arg = FN, .str = "/x", .len = 2 };
	struct st_prog_ctx ctx = { .args = &a, .nargs = 1 };
	uint32_t rule;

	ASSERT_EQ(0, compile(&c,
		"native-fsread: filename eq \"$HOME/a\" then permit\n"
		"native-rename: filename[1] eq \"x\" then permit\n"));
	uint32_t fsread = st_prog_find_call(&c.p, 0, FSREAD);
	uint32_t rename = st_prog_find_call(&c.p, 0,
			SYSTRACE_CALL_KEY(SYSTRACE_NS_X86_64, 82));

	/* $HOME unknown */
	EXPECT_EQ(-ENOENT, st_prog_run(&c.p, fsread, &ctx, &rule));
	/* the argument is missing */
	EXPECT_EQ(-ENOENT, st_prog_run(&c.p, rename, &ctx, &rule));
	/* too long */
	ctx.macro[SYSTRACE_MACRO_HOME] = "/h";
	ctx.macro_len[SYSTRACE_MACRO_HOME] = 2;
	a.len = SYSTRACE_MAX_ARG_LEN + 1;
	EXPECT_EQ(-E2BIG, st_prog_run(&c.p, fsread, &ctx, &rule));
	/* no such call */
	EXPECT_EQ(-EINVAL, st_prog_run(&c.p, 2, &ctx, &rule));
	free(c.img);
}

TEST(several_policies)
{
	struct compiled c;
	struct st_prog_arg a = { .arg = FN, .str = "/etc/x", .len = 6 };
	struct st_prog_ctx ctx = { .args = &a, .nargs = 1 };
	uint32_t c0, c1, rule;

	ASSERT_EQ(0, compile(&c,
		"Policy: /bin/a, Emulation: native\n"
		"native-fsread: filename match \"/etc/*\" then permit\n"
		"Policy: /bin/b, Emulation: native\n"
		"native-fsread: filename eq \"/etc/y\" then permit\n"
		"native-fsread: filename eq \"/etc/x\" then deny[eacces]\n"));
	ASSERT_EQ(2, c.p.npolicies);
	c0 = st_prog_find_call(&c.p, 0, FSREAD);
	c1 = st_prog_find_call(&c.p, 1, FSREAD);
	ASSERT_NE(c0, c1);
	ASSERT_EQ(ST_PROG_MATCH, st_prog_run(&c.p, c0, &ctx, &rule));
	EXPECT_EQ(SYSTRACE_ACT_PERMIT, c.p.rules[rule].action);
	ASSERT_EQ(ST_PROG_MATCH, st_prog_run(&c.p, c1, &ctx, &rule));
	EXPECT_EQ(SYSTRACE_ACT_DENY, c.p.rules[rule].action);
	EXPECT_EQ(EACCES, c.p.rules[rule].error);
	EXPECT_EQ(5, c.p.rules[rule].line);
	EXPECT_EQ(SYSTRACE_PROG_NONE, st_prog_find_call(&c.p, 2, FSREAD));
	EXPECT_EQ(SYSTRACE_PROG_NONE, st_prog_find_call(&c.p, 0,
		  SYSTRACE_CALL_KEY(SYSTRACE_NS_X86_64, 0)));
	free(c.img);
}

/* ---- the verifier ---- */

FIXTURE(verifier) {
	struct compiled c;
	struct systrace_prog_header *h;
	struct st_prog p;
	const char *why;
};

FIXTURE_SETUP(verifier)
{
	ASSERT_EQ(0, compile(&self->c,
		"native-fsread: filename eq \"/a\" then permit\n"
		"native-fsread: filename eq \"/b\" then permit\n"
		"native-fsread: filename match \"/c/*\" then permit\n"
		"native-fsread: filename eq \"$HOME\" then deny[eacces]\n"
		"native-open: filename match \"/d/*\" then permit\n"));
	self->h = self->c.img;
}

FIXTURE_TEARDOWN(verifier)
{
	free(self->c.img);
}

/* Instructions of fsread: 0 lookup, 1 str ($HOME), 2 ret, 3 nomatch. */
#define FS_CALL (st_prog_find_call(&self->c.p, 0, FSREAD))
#define INSN(i) ((struct systrace_insn *)self->c.p.insns + \
		 self->c.p.calls[FS_CALL].insn + (i))
#define REJECT(msg) do {						\
	EXPECT_EQ(-EINVAL, st_prog_verify(&self->p, self->c.img,	\
					  self->c.len, &self->why));	\
	TH_LOG("%s: %s", msg, self->why);				\
} while (0)

TEST_F(verifier, accepts) { ASSERT_EQ(0, st_prog_verify(&self->p, self->c.img, self->c.len, &self->why)); }
TEST_F(verifier, bad_magic) { self->h->magic ^= 1; REJECT("magic"); }
TEST_F(verifier, bad_version)
{
	/* Version 1 hashed its sets by FNV-1a: refused, never mismatched. */
	self->h->version = 1;
	REJECT("version");
	ASSERT_NE(NULL, strstr(self->why, "version"));
	self->h->version = SYSTRACE_PROG_VERSION + 1;
	REJECT("version");
}
TEST_F(verifier, short_image) { self->c.len = 64; REJECT("short"); }
TEST_F(verifier, unknown_opcode) { INSN(0)->code = __SYSTRACE_OP_LAST; REJECT("opcode"); }
TEST_F(verifier, backward_jump) { INSN(1)->jf = 0xfffffffeU; REJECT("jump"); }
TEST_F(verifier, jump_past_end) { INSN(1)->jt = 100; REJECT("jump"); }
TEST_F(verifier, no_verdict_at_end)
{
	uint32_t last = self->c.p.calls[FS_CALL].ninsns - 1;

	*INSN(last) = *INSN(1);
	INSN(last)->jt = INSN(last)->jf = 0;
	REJECT("no verdict");
}
TEST_F(verifier, bad_template_index) { INSN(1)->k = 1000; REJECT("template"); }
TEST_F(verifier, ret_rule_of_other_call)
{
	ASSERT_EQ(SYSTRACE_OP_RET, INSN(2)->code);
	INSN(2)->k = 0;		/* open's rule */
	REJECT("ret");
}
TEST_F(verifier, unknown_argument) { INSN(0)->arg = __SYSTRACE_ARG_LAST; REJECT("arg"); }
TEST_F(verifier, section_past_end) { self->h->sect[SYSTRACE_SECT_DTRANS].count += 1000; REJECT("section"); }
TEST_F(verifier, past_limit) { self->h->sect[SYSTRACE_SECT_INSNS].count = SYSTRACE_MAX_INSNS + 1; REJECT("limit"); }
TEST_F(verifier, misaligned_section) { self->h->sect[SYSTRACE_SECT_RULES].off += 4; REJECT("align"); }
TEST_F(verifier, unknown_rule_flag) { ((struct systrace_prog_rule *)self->c.p.rules)->flags = 0x80; REJECT("flags"); }
TEST_F(verifier, deny_without_errno)
{
	((struct systrace_prog_rule *)self->c.p.rules)->action = SYSTRACE_ACT_DENY;
	REJECT("errno");
}
TEST_F(verifier, dfa_state_out_of_range)
{
	((struct systrace_prog_dstate *)self->c.p.dstates)->dflt = 1000000;
	REJECT("dfa");
}
TEST_F(verifier, dfa_bad_transition)
{
	struct systrace_prog_dtrans *t = (void *)self->c.p.dtrans;

	ASSERT_LT(0, self->c.p.ndtrans);
	t->lo = 200;
	t->hi = 100;
	REJECT("transition");
}
TEST_F(verifier, bucket_too_long)
{
	__le32 *b = (__le32 *)self->c.p.buckets;

	b[self->c.p.sets[0].nbuckets] = SYSTRACE_MAX_BUCKET_LEN + 1;
	REJECT("bucket");
}
TEST_F(verifier, unknown_macro)
{
	struct systrace_prog_tpart *t = (void *)self->c.p.tparts;
	uint32_t i;

	for (i = 0; i < self->c.p.ntparts; i++)
		if (t[i].kind == SYSTRACE_TPART_MACRO)
			t[i].val = __SYSTRACE_MACRO_LAST;
	REJECT("macro");
}

TEST_HARNESS_MAIN
