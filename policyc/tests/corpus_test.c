// SPDX-License-Identifier: GPL-2.0
/*
 * Real systrace policies (../shared/corpus/systrace, or the directory in
 * $POLICYC_CORPUS): every file parses; the only diagnostics are warnings
 * for calls Linux lacks; kept rules = rule lines - dropped rules, per file.
 * Strict mode turns exactly those warnings into errors.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"

#include "ast.h"
#include "names.h"

#define CORPUS_DEFAULT "../shared/corpus/systrace"

static const char *corpus_dir(void)
{
	const char *d = getenv("POLICYC_CORPUS");

	return d && *d ? d : CORPUS_DEFAULT;
}

/* Policy files of the corpus: every regular file but the notes. */
static int is_policy(const struct dirent *e)
{
	size_t n = strlen(e->d_name);

	if (e->d_name[0] == '.')
		return 0;
	if (n > 4 && !strcmp(e->d_name + n - 4, ".txt"))
		return 0;
	return 1;
}

/*
 * Rule lines, counted without the parser: what is left of a line after
 * blanks and a '#' comment, when it is neither a header nor `detached`.
 */
static int count_rule_lines(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[4096];
	int n = 0;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		char *p = line, *c = strchr(line, '#');

		if (c)
			*c = '\0';
		p += strspn(p, " \t\r\n");
		if (!*p || !strncasecmp(p, "Policy:", 7) ||
		    !strncmp(p, "detached", 8))
			continue;
		n++;
	}
	fclose(f);
	return n;
}

/* Warnings that drop a rule (a call Linux lacks). */
static unsigned int count_drops(const struct st_diag *d)
{
	unsigned int n = 0;
	size_t k;

	for (k = 0; k < st_diag_count(d); k++)
		n += !!strstr(st_diag_get(d, k)->text, ": rule dropped");
	return n;
}

TEST(corpus_parses)
{
	struct dirent **ents;
	int n, i, files = 0;

	n = scandir(corpus_dir(), &ents, is_policy, alphasort);
	ASSERT_LT(0, n) TH_LOG("cannot read corpus %s", corpus_dir());
	for (i = 0; i < n; i++) {
		char path[4096];
		struct st_diag *d = st_diag_new();
		struct st_file *f;
		size_t k;
		int lines;

		snprintf(path, sizeof(path), "%s/%s", corpus_dir(),
			 ents[i]->d_name);
		lines = count_rule_lines(path);
		f = st_parse_file(path, d, 0);
		EXPECT_EQ(0, st_diag_errors(d)) {
			st_diag_print(d, stderr);
		}
		EXPECT_NE(NULL, f);
		if (f) {
			files++;
			EXPECT_LT(0, lines);
			EXPECT_EQ((unsigned int)lines - f->ndropped, f->nrules);
			EXPECT_EQ(f->ndropped, count_drops(d));
			EXPECT_LT(0, f->npolicies);
			ksft_print_msg("%s: %d rule lines, %u kept, %u dropped\n",
				       ents[i]->d_name, lines, f->nrules,
				       f->ndropped);
			fflush(stdout);
		}
		/* every warning is a call Linux lacks, or a shadowed rule */
		for (k = 0; k < st_diag_count(d); k++) {
			const struct st_msg *m = st_diag_get(d, k);

			EXPECT_EQ(ST_WARNING, m->severity);
			if (strstr(m->text, "never matches"))
				continue;
			EXPECT_NE(NULL, strstr(m->text, "no system call '"));
			EXPECT_NE(NULL, strstr(m->text, ": rule dropped"));
			/* ... of BSD, not one of a Linux ABI the policy names */
			EXPECT_EQ(NULL, strstr(m->text, "'chdir'"));
		}
		st_file_free(f);
		st_diag_free(d);

		/* strict: the same messages, as errors, and no file */
		d = st_diag_new();
		f = st_parse_file(path, d, ST_PARSE_STRICT);
		for (k = 0; k < st_diag_count(d); k++)
			if (st_diag_get(d, k)->severity == ST_WARNING)
				EXPECT_NE(NULL, strstr(st_diag_get(d, k)->text,
						       "never matches"));
		if (st_diag_errors(d) == 0) {
			EXPECT_NE(NULL, f);
		} else {
			EXPECT_EQ(NULL, f);
		}
		st_file_free(f);
		st_diag_free(d);
		free(ents[i]);
	}
	free(ents);
	EXPECT_LE(9, files);
}

TEST(corpus_specifics)
{
	char path[4096];
	struct st_diag *d = st_diag_new();
	struct st_file *f;
	struct st_rule *r;
	size_t k;

	/* the ports tree's fragment: no header, native rules, one policy */
	snprintf(path, sizeof(path), "%s/%s", corpus_dir(),
		 "openbsd_ports_infrastructure_db_systrace.filter");
	f = st_parse_file(path, d, 0);
	ASSERT_NE(NULL, f);
	EXPECT_EQ(1, f->npolicies);
	EXPECT_EQ(NULL, f->policies->path);
	EXPECT_EQ(NULL, f->policies->emulation);
	for (r = f->policies->rules; r; r = r->next) {
		if (strcmp(r->call, "symlink") || !r->expr ||
		    r->expr->kind != ST_EXPR_AND)
			continue;
		/* native-symlink: string eq "" and filename eq "" ... */
		EXPECT_EQ(SYSTRACE_ARG_STRING, r->expr->left->pred.arg);
		EXPECT_EQ(SYSTRACE_ARG_FILENAME, r->expr->right->pred.arg);
		EXPECT_EQ(ENOENT, r->err);
	}
	st_file_free(f);
	st_diag_free(d);

	/* linux64 with a $CWD macro */
	d = st_diag_new();
	snprintf(path, sizeof(path), "%s/%s", corpus_dir(),
		 "systrace16g_regress_uniq.policy.Linux64");
	f = st_parse_file(path, d, 0);
	ASSERT_NE(NULL, f);
	EXPECT_STREQ("/usr/bin/uniq", f->policies->path);
	EXPECT_EQ(19, f->nrules);
	for (r = f->policies->rules; r; r = r->next)
		if (r->expr && r->expr->kind == ST_EXPR_PRED &&
		    !strcmp(r->expr->pred.value, "$CWD/regress.sh"))
			break;
	ASSERT_NE(NULL, r);
	EXPECT_EQ(ST_MACRO_CWD, r->expr->pred.macros);
	st_file_free(f);
	st_diag_free(d);

	/* Emulation: linux is i386: every rule kept (stat64, mmap2, ...) */
	d = st_diag_new();
	snprintf(path, sizeof(path), "%s/%s", corpus_dir(),
		 "systrace16g_regress_nm.policy.Linux");
	f = st_parse_file(path, d, 0);
	ASSERT_NE(NULL, f);
	EXPECT_EQ(SYSTRACE_NS_IA32, f->policies->abi);
	EXPECT_EQ(0, f->ndropped);
	/* only the lint's: "fsread: true" at line 17 decides lines 19, 20 */
	EXPECT_EQ(2, st_diag_warnings(d));
	for (k = 0; k < st_diag_count(d); k++)
		EXPECT_NE(NULL, strstr(st_diag_get(d, k)->text, "never matches"));
	st_file_free(f);
	st_diag_free(d);
}

/* No rule of the corpus is dropped for a name that Linux has. */
TEST(corpus_drops_only_what_linux_lacks)
{
	struct dirent **ents;
	int n, i;

	n = scandir(corpus_dir(), &ents, is_policy, alphasort);
	ASSERT_LT(0, n);
	for (i = 0; i < n; i++) {
		char path[4096], name[256];
		struct st_diag *d = st_diag_new();
		struct st_file *f;
		size_t k;

		snprintf(path, sizeof(path), "%s/%s", corpus_dir(),
			 ents[i]->d_name);
		f = st_parse_file(path, d, 0);
		for (k = 0; k < st_diag_count(d); k++) {
			const struct st_msg *m = st_diag_get(d, k);
			const char *q = strstr(m->text, "no system call '");

			if (!q || sscanf(q, "no system call '%255[^']'", name) != 1)
				continue;
			/* in the ABI of the rule's emulation */
			EXPECT_GT(0, st_syscall_nr(strstr(q, "ia32") ?
						   SYSTRACE_NS_IA32 : SYSTRACE_NS_X86_64,
						   name))
				TH_LOG("%s: %s is a Linux call", path, name);
		}
		st_file_free(f);
		st_diag_free(d);
		free(ents[i]);
	}
	free(ents);
}

TEST_HARNESS_MAIN
