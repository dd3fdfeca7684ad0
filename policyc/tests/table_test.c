// SPDX-License-Identifier: GPL-2.0
/*
 * The table of calls and their arguments (kmod/calls.def) is one truth:
 * - it is sorted (policyc and the learner look calls up by binary search);
 * - the kernel's hook files supply exactly what it promises: each file
 *   names the SYSTRACE_ARG_* of its entries and no other, hooks the LSM
 *   entry point and covers the system call of each entry, and each call it
 *   covers has an entry;
 * - the lint's spellings are the kernel's (hook_net.c, hook_task.c,
 *   hook_file.c);
 * - the argument list of systrace-policy(5) is the table's;
 * - every rule the learner writes (systracectl/rule.c) for every call of
 *   the table compiles without a message (the compiler side of issue 12,
 *   point 5).
 * Run from the top of the source tree.
 */
#include <ctype.h>
#include <glob.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <uapi/linux/systrace_prog.h>

#include "kselftest_harness.h"

#include "ast.h"
#include "diag.h"
#include "lint.h"
#include "names.h"
#include "table.h"

/* systracectl/rule.c, linked in. */
#include "../systracectl/systracectl.h"

#define MAN "Documentation/systrace-policy.5"
#define MAN_BEGIN ".\\\" BEGIN ARGUMENTS"
#define MAN_END ".\\\" END ARGUMENTS"

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t size = 0, n;

	if (!f)
		return NULL;
	buf = malloc(1 << 20);
	n = fread(buf, 1, (1 << 20) - 1, f);
	buf[n] = '\0';
	(void)size;
	fclose(f);
	return buf;
}

/* Does @text contain @word with no identifier character around it? */
static int has_word(const char *text, const char *word)
{
	size_t n = strlen(word);
	const char *p;

	for (p = strstr(text, word); p; p = strstr(p + 1, word)) {
		int before = p > text && (isalnum((unsigned char)p[-1]) || p[-1] == '_');
		int after = isalnum((unsigned char)p[n]) || p[n] == '_';

		if (!before && !after)
			return 1;
	}
	return 0;
}

TEST(table_sorted)
{
	size_t i;

	EXPECT_EQ(-1, st_table_unsorted());
	/* so every entry is found */
	for (i = 0; i < st_table_ncalls; i++)
		EXPECT_EQ(&st_table_calls[i], st_table_call(st_table_calls[i].call));
}

TEST(table_calls_are_linux_calls)
{
	size_t i;
	unsigned int k;

	for (i = 0; i < st_table_ncalls; i++) {
		const struct st_tcall *c = &st_table_calls[i];

		/* calls newer than the build host's headers (the module
		 * covers them where the kernel has them) */
		if (!strcmp(c->call, "fchmodat2") &&
		    st_syscall_nr(SYSTRACE_NS_X86_64, c->call) < 0)
			ksft_print_msg("%s: not in this host's headers\n", c->call);
		else
			EXPECT_TRUE(st_syscall_nr(SYSTRACE_NS_X86_64, c->call) >= 0 ||
				    st_syscall_nr(SYSTRACE_NS_IA32, c->call) >= 0)
				TH_LOG("%s is no Linux system call", c->call);
		EXPECT_NE(0, c->args[0].arg);
		for (k = 0; k < ST_TABLE_MAXARGS && c->args[k].arg; k++) {
			const struct st_targinfo *a = &st_table_args[c->args[k].arg];

			EXPECT_EQ(0, a->flags & (ST_AF_RAW | ST_AF_INTERNAL))
				TH_LOG("%s: %s is not a named argument", c->call, a->name);
			EXPECT_LT(0, c->args[k].count);
		}
	}
}

/* SYSTRACE_ARG_* names in @text, as a bit set. */
static unsigned long long args_named(const char *text)
{
	unsigned long long set = 0;
	const char *p;
	size_t a;

	for (a = 1; a < st_table_nargs; a++) {
		char id[64];

		snprintf(id, sizeof(id), "SYSTRACE_ARG_%s", st_table_args[a].id);
		for (p = strstr(text, id); p; p = strstr(p + 1, id))
			if (!isalnum((unsigned char)p[strlen(id)]) &&
			    p[strlen(id)] != '_')
				set |= 1ULL << a;
	}
	return set;
}

/* The table's calls, then its second decisions (ST_ALSO). */
static const struct st_tcall *entry(size_t i)
{
	return i < st_table_ncalls ? &st_table_calls[i] :
	       &st_table_also[i - st_table_ncalls];
}

/*
 * Calls a kernel file covers that have no entry on purpose (kmod/calls.def
 * says why): kmod/syscall.c's calls that are never decided, and
 * move_mount, decided as mount by hook_misc.c (no rules of its own).
 */
static int no_entry(const char *call)
{
	static const char *const calls[] = {
		"exit", "exit_group", "rt_sigreturn", "sigreturn",
		"restart_syscall", "move_mount",
	};
	size_t i;

	for (i = 0; i < sizeof(calls) / sizeof(calls[0]); i++)
		if (!strcmp(call, calls[i]))
			return 1;
	return 0;
}

TEST(kernel_hooks_supply_the_table)
{
	char files[64][64];
	size_t nfiles = 0, f, i, a;
	unsigned int k;
	glob_t g;

	/* every hook file, and every file the table names */
	ASSERT_EQ(0, glob("kmod/hook_*.c", 0, NULL, &g));
	for (i = 0; i < g.gl_pathc && nfiles < 64; i++)
		snprintf(files[nfiles++], 64, "%s", g.gl_pathv[i] + 5);
	globfree(&g);
	for (i = 0; i < st_table_ncalls + st_table_nalso; i++) {
		const struct st_tcall *c = entry(i);

		for (f = 0; f < nfiles && strcmp(files[f], c->file); f++)
			;
		if (f == nfiles && st_tcall_supplied(c) && nfiles < 64)
			snprintf(files[nfiles++], 64, "%s", c->file);
	}
	for (f = 0; f < nfiles; f++) {
		char path[64], *text;
		unsigned long long promised = 0, named;
		regex_t re;
		regmatch_t m[3];
		const char *p;

		snprintf(path, sizeof(path), "kmod/%s", files[f]);
		text = slurp(path);
		ASSERT_NE(NULL, text) TH_LOG("cannot read %s (run from the top)", path);
		for (i = 0; i < st_table_ncalls + st_table_nalso; i++) {
			const struct st_tcall *c = entry(i);
			char word[96], base[64];
			size_t n;

			if (!st_tcall_supplied(c) || strcmp(c->file, files[f]))
				continue;
			for (k = 0; k < ST_TABLE_MAXARGS && c->args[k].arg; k++)
				promised |= 1ULL << c->args[k].arg;
			/* "bpf_lsm_path_chmod", or hook_path.c's macro
			 * ST_PATH_HOOK(chmod) that pastes it */
			snprintf(word, sizeof(word), "bpf_lsm_%s", c->hook);
			snprintf(base, sizeof(base), "_HOOK(%s)",
				 strchr(c->hook, '_') ? strchr(c->hook, '_') + 1 : "");
			EXPECT_TRUE(!c->hook[0] || has_word(text, word) ||
				    strstr(text, base))
				TH_LOG("%s: %s does not hook %s", c->call, path, c->hook);
			/* covered: __NR_call, __NR_ia32_call, or the id
			 * macro of hook_task.c (setuid32 from setuid) */
			snprintf(base, sizeof(base), "%s", c->call);
			n = strlen(base);
			snprintf(word, sizeof(word), "__NR_%s", c->call);
			if (has_word(text, word))
				continue;
			snprintf(word, sizeof(word), "__NR_ia32_%s", c->call);
			if (has_word(text, word))
				continue;
			if (n > 2 && !strcmp(base + n - 2, "32"))
				base[n - 2] = '\0';
			snprintf(word, sizeof(word), "ST_ID_COVERS(%s)", base);
			EXPECT_NE(NULL, strstr(text, word))
				TH_LOG("%s: %s does not cover it", c->call, path);
		}
		named = args_named(text);
		for (a = 1; a < st_table_nargs; a++) {
			unsigned long long bit = 1ULL << a;

			if (st_table_args[a].flags & (ST_AF_RAW | ST_AF_INTERNAL))
				continue;
			EXPECT_EQ(promised & bit, named & bit)
				TH_LOG("%s: %s %s, the table says %s", path,
				       named & bit ? "supplies" : "does not supply",
				       st_table_args[a].name,
				       promised & bit ? "it does" : "it does not");
		}
		/* every call a hook covers has an entry */
		ASSERT_EQ(0, regcomp(&re, "\\{ SYSTRACE_NS_[A-Z0-9_]+, __NR_(ia32_)?([a-z0-9_]+) \\}",
				     REG_EXTENDED));
		for (p = text; !regexec(&re, p, 3, m, 0); p += m[0].rm_eo) {
			char call[64];
			int len = (int)(m[2].rm_eo - m[2].rm_so);

			snprintf(call, sizeof(call), "%.*s", len, p + m[2].rm_so);
			if (no_entry(call))
				continue;
			EXPECT_NE(NULL, st_table_call(call))
				TH_LOG("%s covers %s, which has no entry in kmod/calls.def",
				       path, call);
		}
		regfree(&re);
		free(text);
	}
}

/* The quoted words of @file that match @re, in order, into @out. */
static size_t quoted(const char *file, const char *re_text, char out[][32],
		     size_t max)
{
	char *text = slurp(file);
	regex_t re;
	regmatch_t m;
	const char *p;
	size_t n = 0, i;

	if (!text || regcomp(&re, re_text, REG_EXTENDED))
		return 0;
	for (p = text; n < max && !regexec(&re, p, 1, &m, 0); p += m.rm_eo) {
		const char *q = memchr(p + m.rm_so, '"', (size_t)(m.rm_eo - m.rm_so));
		char w[32];

		/* the word between the quotes of the match */
		snprintf(w, sizeof(w), "%.*s", (int)(p + m.rm_eo - q - 2), q + 1);
		for (i = 0; i < n && strcmp(out[i], w); i++)
			;
		if (i == n)
			snprintf(out[n++], 32, "%s", w);
	}
	regfree(&re);
	free(text);
	return n;
}

TEST(lint_spells_as_the_kernel)
{
	char w[64][32];
	size_t n, i, k;

	n = quoted("kmod/hook_net.c", "= \"AF_[A-Z0-9]+\"", w, 64);
	EXPECT_EQ(st_lint_nsockdoms, n);
	for (i = 0; i < n && i < st_lint_nsockdoms; i++)
		EXPECT_STREQ(st_lint_sockdoms[i], w[i]);
	n = quoted("kmod/hook_net.c", "= \"SOCK_[A-Z0-9]+\"", w, 64);
	EXPECT_EQ(st_lint_nsocktypes, n);
	for (i = 0; i < n && i < st_lint_nsocktypes; i++)
		EXPECT_STREQ(st_lint_socktypes[i], w[i]);
	n = quoted("kmod/format.c", "= \"SIG[A-Z0-9]+\"", w, 64);
	EXPECT_EQ(st_lint_nsignals, n);
	for (i = 0; i < n && i < st_lint_nsignals; i++)
		EXPECT_STREQ(st_lint_signals[i], w[i]);
	/* oflags: st_format_oflags()'s access modes, then its letters, in
	 * its order, each for the flag the lint names it by (kmod/format.c,
	 * with the signal names: the module's formatting leaf) */
	{
		char modes[64] = "";
		const char *src = slurp("kmod/format.c"), *p;
		regex_t re;
		regmatch_t m[3];

		for (i = 0; i < st_lint_noflag_modes; i++)
			snprintf(modes + strlen(modes), sizeof(modes) - strlen(modes),
				 "%s\"%s\"", i ? ", " : "", st_lint_oflag_modes[i]);
		ASSERT_NE(NULL, src);
		EXPECT_NE(NULL, strstr(src, modes)) TH_LOG("access modes %s", modes);
		ASSERT_EQ(0, regcomp(&re, "if \\(flags & (O_[A-Z]+)\\)[[:space:]]+"
				     "buf\\[n\\+\\+\\] = '(.)';", REG_EXTENDED));
		for (p = src, k = 0; !regexec(&re, p, 3, m, 0); p += m[0].rm_eo, k++) {
			char name[32];

			snprintf(name, sizeof(name), "%.*s",
				 (int)(m[1].rm_eo - m[1].rm_so), p + m[1].rm_so);
			ASSERT_LT(k, st_lint_noflags);
			EXPECT_STREQ(st_lint_oflags[k].name, name);
			EXPECT_EQ(st_lint_oflags[k].letter, p[m[2].rm_so]);
		}
		EXPECT_EQ(st_lint_noflags, k);
		regfree(&re);
		free((char *)src);
	}
}

/* The argument list of systrace-policy(5), as the table makes it. */
static char *man_args(void)
{
	char *buf = NULL;
	size_t size = 0, a, i;
	FILE *m = open_memstream(&buf, &size);
	int any;

	fprintf(m, "%s: generated from kmod/calls.def; policyc/tests/table_test.c\n"
		".\\\" checks it (and writes the text it expects next to itself).\n",
		MAN_BEGIN);
	for (a = 1; a < st_table_nargs; a++) {
		const struct st_targinfo *t = &st_table_args[a];

		if (t->flags & (ST_AF_RAW | ST_AF_INTERNAL))
			continue;
		fprintf(m, ".TP\n.B %s\n%s.\nValues: %s.\n", t->name, t->doc,
			st_kind_syntax[t->kind]);
		fprintf(m, "Calls:");
		any = 0;
		for (i = 0; i < st_table_naliases; i++) {
			const struct st_tcall *c = &st_table_aliases[i];

			if (c->call[0] && st_tcall_count(c, (unsigned int)a)) {
				fprintf(m, "%s %s", any ? "," : "", c->call);
				any = 1;
			}
		}
		for (i = 0; i < st_table_ncalls; i++) {
			const struct st_tcall *c = &st_table_calls[i];
			unsigned int n = st_tcall_count(c, (unsigned int)a);

			if (!st_tcall_supplied(c) || !n)
				continue;
			fprintf(m, "%s %s", any ? "," : "", c->call);
			if (n > 1)
				fprintf(m, " (%u)", n);
			any = 1;
		}
		fprintf(m, ".\n");
	}
	fprintf(m, ".PP\nArguments systrace had that no hook of the module supplies: a rule\n"
		"on one of them is an error (the call is decided on arg0 .. arg5):\n");
	any = 0;
	for (i = 0; i < st_table_ncalls; i++) {
		const struct st_tcall *c = &st_table_calls[i];
		unsigned int k;

		if (st_tcall_supplied(c))
			continue;
		fprintf(m, "%s%s (", any ? ",\n" : "", c->call);
		for (k = 0; k < ST_TABLE_MAXARGS && c->args[k].arg; k++)
			fprintf(m, "%s%s", k ? ", " : "",
				st_table_args[c->args[k].arg].name);
		fprintf(m, ")");
		any = 1;
	}
	fprintf(m, ".\n%s\n", MAN_END);
	fclose(m);
	return buf;
}

TEST(man_page_lists_the_table)
{
	char *man = slurp(MAN), *want = man_args(), *b, *e;
	FILE *f;

	ASSERT_NE(NULL, man);
	b = strstr(man, MAN_BEGIN);
	e = b ? strstr(b, MAN_END) : NULL;
	if (e)
		e[strlen(MAN_END) + 1] = '\0';
	if (!e || strcmp(b, want)) {
		f = fopen("build/host/policyc/tests/systrace-policy.args", "w");
		if (f) {
			fputs(want, f);
			fclose(f);
		}
	}
	ASSERT_NE(NULL, e) TH_LOG("%s has no generated argument list", MAN);
	EXPECT_STREQ(want, b)
		TH_LOG("update %s from build/host/policyc/tests/systrace-policy.args", MAN);
	free(man);
	free(want);
}

/* A value of @kind as the kernel prints it. */
static const char *sample(enum st_kind kind)
{
	switch (kind) {
	case ST_KIND_PATH: return "/srv/www/index.html";
	case ST_KIND_OFLAGS: return "woct";
	case ST_KIND_OCTAL: return "0644";
	case ST_KIND_SOCKADDR: return "inet-[127.0.0.1]:80";
	case ST_KIND_SOCKDOM: return "AF_INET";
	case ST_KIND_SOCKTYPE: return "SOCK_STREAM";
	case ST_KIND_SIGNAL: return "SIGTERM";
	case ST_KIND_PID: return "1234";
	case ST_KIND_ID: return "1000";
	case ST_KIND_PROT: return "PROT_READ|PROT_EXEC";
	case ST_KIND_NUMBER: return "0x5401";
	default: return "some string, with: punctuation";
	}
}

/* Compile @rule: no message, one rule, testing @want_tests arguments. */
static void compiles(struct __test_metadata *_metadata, const char *rule,
		     int want_tests)
{
	struct st_diag *d = st_diag_new();
	struct st_file *f = st_parse_string("learned", rule, strlen(rule), d, 0);
	char *out = NULL;
	size_t size = 0;
	FILE *m = open_memstream(&out, &size);

	st_diag_print(d, m);
	fclose(m);
	EXPECT_STREQ("", out) TH_LOG("learned: %s", rule);
	ASSERT_NE(NULL, f);
	EXPECT_EQ(1, f->nrules);
	if (want_tests)
		EXPECT_NE(NULL, f->policies->rules->expr) TH_LOG("%s", rule);
	st_file_free(f);
	st_diag_free(d);
	free(out);
}

/* An argument as the kernel reports it (SYSTRACE_A_ARG). */
static struct st_rarg rarg(const char *name, unsigned int index,
			   const char *value)
{
	unsigned int a;

	for (a = 1; a < st_table_nargs; a++)
		if (st_table_args[a].name && !strcmp(name, st_table_args[a].name))
			break;
	return (struct st_rarg){ .name = name, .index = index,
				 .kind = a < st_table_nargs ?
					 (int)st_table_args[a].kind : -1,
				 .value = value, .len = strlen(value) };
}

/* Every rule shape the learner writes, for every call of the table. */
TEST(learned_rules_compile)
{
	static char rule[ST_RULE_MAX + 2];
	struct st_rarg args[ST_ARGS_N];
	size_t i;
	int n;
	unsigned int k, j;

	for (i = 0; i < st_table_ncalls + st_table_naliases; i++) {
		const struct st_tcall *c = i < st_table_ncalls ?
			&st_table_calls[i] : &st_table_aliases[i - st_table_ncalls];
		int keys = 0;

		if (!c->call[0] || (i < st_table_ncalls &&
				    st_syscall_nr(SYSTRACE_NS_X86_64, c->call) < 0 &&
				    st_syscall_nr(SYSTRACE_NS_IA32, c->call) < 0))
			continue;
		/* the report: every argument the table gives, as the kernel
		 * names them, then the raw ones */
		n = 0;
		for (k = 0; st_tcall_supplied(c) && k < ST_TABLE_MAXARGS && c->args[k].arg; k++) {
			const struct st_targinfo *t = &st_table_args[c->args[k].arg];

			for (j = 0; j < c->args[k].count; j++) {
				args[n++] = rarg(t->name, j, sample(t->kind));
				keys += !!(t->flags & ST_AF_KEY);
			}
		}
		if (i < st_table_ncalls) {
			args[n++] = rarg("arg0", 0, "3");
			args[n++] = rarg("arg1", 0, "0");
		}
		/* the emulation of an ABI that has the call */
		ASSERT_EQ(0, st_rule_text(i >= st_table_ncalls ||
					  st_syscall_nr(SYSTRACE_NS_X86_64, c->call) >= 0 ?
					  "native" : "linux32", c->call, args, n, NULL,
					  "permit", rule, sizeof(rule) - 1));
		strcat(rule, "\n");
		compiles(_metadata, rule, keys);
	}
	/* the one of issue 12: a TCP server */
	args[0] = rarg("sockdom", 0, "AF_INET6");
	args[1] = rarg("socktype", 0, "SOCK_STREAM");
	ASSERT_EQ(0, st_rule_text("native", "listen", args, 2, NULL,
				  "permit", rule, sizeof(rule)));
	EXPECT_STREQ("native-listen: sockdom eq \"AF_INET6\" and socktype eq "
		     "\"SOCK_STREAM\" then permit", rule);
	/* an argument the table does not give the call is left out */
	args[0] = rarg("sockaddr", 0, "inet-[0.0.0.0]:80");
	args[1] = rarg("sockdom", 0, "AF_INET");
	ASSERT_EQ(0, st_rule_text("native", "listen", args, 2, NULL, "permit",
				  rule, sizeof(rule)));
	EXPECT_STREQ("native-listen: sockdom eq \"AF_INET\" then permit", rule);
}

/*
 * st_rule_cond(), the one writer of a rule's comparison: odd bytes are
 * quoted as the lexer reads them, and the rule, compiled, holds the
 * value byte for byte; a long path is whole; what no rule can name is
 * refused, and an argument the table does not know fails closed.
 */
TEST(rule_cond)
{
	static char rule[ST_RULE_MAX], longp[4096];
	const char odd[] = "/srv/odd/q\"b\\s\nn\xff\x01z";
	struct st_rarg a[2];
	struct st_diag *d;
	struct st_file *f;
	size_t n;
	char buf[256] = "";

	a[0] = rarg("filename", 0, odd);
	ASSERT_EQ(0, st_rule_text("native", "fsread", a, 1, NULL, "permit",
				  rule, sizeof(rule)));
	EXPECT_STREQ("native-fsread: filename eq "
		     "\"/srv/odd/q\\\"b\\\\s\\x0an\\xff\\x01z\" then permit", rule);
	/* the lexer gives the value back, byte for byte */
	strcat(rule, "\n");
	d = st_diag_new();
	f = st_parse_string("learned", rule, strlen(rule), d, 0);
	ASSERT_NE(NULL, f);
	ASSERT_EQ(0, st_diag_count(d));
	ASSERT_EQ(1, f->nrules);
	ASSERT_NE(NULL, f->policies->rules->expr);
	EXPECT_EQ(sizeof(odd) - 1, f->policies->rules->expr->pred.len);
	EXPECT_EQ(0, memcmp(odd, f->policies->rules->expr->pred.value,
			    sizeof(odd)));
	st_file_free(f);
	st_diag_free(d);

	/* 4000 bytes of path, through nested directories: whole */
	for (n = 0; n < 4000; n++)
		longp[n] = n % 100 == 0 ? '/' : 'a' + n % 26;
	longp[n] = '\0';
	a[0] = rarg("filename", 0, longp);
	ASSERT_EQ(0, st_rule_text("native", "fsread", a, 1, NULL, "permit",
				  rule, sizeof(rule)));
	EXPECT_NE(NULL, strstr(rule, longp));
	strcat(rule, "\n");
	compiles(_metadata, rule, 1);

	/* rename: both names, the second as filename[1] */
	a[0] = rarg("filename", 0, "/a");
	a[1] = rarg("filename", 1, "/b");
	ASSERT_EQ(0, st_rule_text("native", "rename", a, 2, NULL, "permit",
				  rule, sizeof(rule)));
	EXPECT_STREQ("native-rename: filename eq \"/a\" and filename[1] eq "
		     "\"/b\" then permit", rule);

	/* one comparison at a time: not a key, a key, the " and " */
	a[0] = rarg("oflags", 0, "ro");
	EXPECT_EQ(0, st_rule_cond("fsread", &a[0], NULL, buf, sizeof(buf)));
	EXPECT_STREQ("", buf);
	a[0] = rarg("filename", 0, "/x");
	EXPECT_EQ(1, st_rule_cond("fsread", &a[0], NULL, buf, sizeof(buf)));
	EXPECT_EQ(1, st_rule_cond("fsread", &a[0], NULL, buf, sizeof(buf)));
	EXPECT_STREQ("filename eq \"/x\" and filename eq \"/x\"", buf);

	/* refused: $HOME in a name, a NUL, an unknown name or kind, too long */
	a[0] = rarg("filename", 0, "/srv/$HOME");
	EXPECT_EQ(-EDOM, st_rule_text("native", "fsread", a, 1, NULL, "permit",
				      rule, sizeof(rule)));
	a[0] = rarg("filename", 0, "/a\0b");
	a[0].len = 4;
	EXPECT_EQ(-EILSEQ, st_rule_text("native", "fsread", a, 1, NULL,
					"permit", rule, sizeof(rule)));
	a[0] = rarg("filenames", 0, "/a");
	EXPECT_EQ(-ENOENT, st_rule_text("native", "fsread", a, 1, NULL,
					"permit", rule, sizeof(rule)));
	a[0] = rarg("filename", 0, "/a");
	a[0].kind = ST_KIND_STRING;
	EXPECT_EQ(-ENOENT, st_rule_text("native", "fsread", a, 1, NULL,
					"permit", rule, sizeof(rule)));
	a[0] = rarg("filename", 0, "/a");
	EXPECT_EQ(-E2BIG, st_rule_text("native", "fsread", a, 1, NULL,
				       "permit", rule, 20));
	/* a report whose arguments are not all there makes no rule */
	EXPECT_EQ(-EPROTO, st_rule_text("native", "fsread", a, -EPROTO, NULL,
					"permit", rule, sizeof(rule)));
}

TEST_HARNESS_MAIN
