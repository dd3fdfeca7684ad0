// SPDX-License-Identifier: GPL-2.0
/*
 * policyc front end: every construct of the language and every diagnostic,
 * with its exact text, location and caret.
 */
/* x86_64 numbers from the kernel headers; ia32 ones are written out */
#include <asm/unistd_64.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kselftest_harness.h"

#include "ast.h"
#include "names.h"

/* Parse @text as file "t.policy"; *out gets every diagnostic as printed. */
static struct st_file *parse(const char *text, unsigned int flags, char **out,
			     unsigned int *errors, unsigned int *warnings)
{
	struct st_diag *d = st_diag_new();
	struct st_file *f;
	size_t size;
	FILE *m;

	f = st_parse_string("t.policy", text, strlen(text), d, flags);
	m = open_memstream(out, &size);
	st_diag_print(d, m);
	fclose(m);
	if (errors)
		*errors = st_diag_errors(d);
	if (warnings)
		*warnings = st_diag_warnings(d);
	st_diag_free(d);
	return f;
}

/* The diagnostics @text gives, as printed; the file is freed. */
static char *diags(const char *text, unsigned int flags)
{
	char *out;

	st_file_free(parse(text, flags, &out, NULL, NULL));
	return out;
}

/* The one rule of @text (which must parse without any message). */
static struct st_file *one(struct __test_metadata *_metadata,
			   const char *text)
{
	unsigned int e, w;
	char *out;
	struct st_file *f = parse(text, 0, &out, &e, &w);

	EXPECT_STREQ("", out);
	free(out);
	EXPECT_EQ(0, e);
	EXPECT_EQ(0, w);
	EXPECT_NE(NULL, f);
	if (!f)
		return NULL;
	EXPECT_EQ(1, f->nrules);
	return f;
}

#define EXPECT_DIAG(expected, text)		\
	do {					\
		char *_o = diags(text, 0);	\
		EXPECT_STREQ(expected, _o);	\
		free(_o);			\
	} while (0)

#define EXPECT_DIAG_STRICT(expected, text)		\
	do {						\
		char *_o = diags(text, ST_PARSE_STRICT);\
		EXPECT_STREQ(expected, _o);		\
		free(_o);				\
	} while (0)

/* Print an expression in policy syntax into a static buffer. */
static const char *expr_str(const struct st_expr *e)
{
	static char buf[1024];
	FILE *m = fmemopen(buf, sizeof(buf), "w");

	st_expr_print(e, m);
	fclose(m);
	return buf;
}

TEST(header_and_bare_rules)
{
	const char *text =
		"Policy: /usr/sbin/named, Emulation: native\n"
		"\tnative-read: permit\n"
		"\tnative-write: deny\n"
		"\tnative-getpid: ask\n";
	unsigned int e, w;
	char *out;
	struct st_file *f = parse(text, 0, &out, &e, &w);
	struct st_policy *p;
	struct st_rule *r;

	ASSERT_NE(NULL, f);
	EXPECT_STREQ("", out);
	free(out);
	EXPECT_STREQ("t.policy", f->name);
	EXPECT_EQ(1, f->npolicies);
	EXPECT_EQ(3, f->nrules);
	EXPECT_EQ(0, f->ndropped);
	p = f->policies;
	EXPECT_STREQ("/usr/sbin/named", p->path);
	EXPECT_STREQ("native", p->emulation);
	EXPECT_EQ(SYSTRACE_NS_X86_64, p->abi);
	EXPECT_EQ(1, p->loc.line);
	EXPECT_EQ(3, p->nrules);
	EXPECT_EQ(0, p->detached);

	r = p->rules;
	EXPECT_STREQ("t.policy", r->loc.file);
	EXPECT_EQ(2, r->loc.line);
	EXPECT_EQ(2, r->loc.col);
	EXPECT_STREQ("native-read: permit", r->text);
	EXPECT_STREQ("native", r->emulation);
	EXPECT_STREQ("read", r->call);
	EXPECT_EQ(SYSTRACE_ALIAS_NONE, r->alias);
	EXPECT_EQ(__NR_read, r->nr);
	EXPECT_EQ(NULL, r->expr);
	EXPECT_EQ(SYSTRACE_ACT_PERMIT, r->action);
	EXPECT_EQ(0, r->err);
	EXPECT_EQ(NULL, r->errname);
	EXPECT_EQ(0, r->flags);
	EXPECT_EQ(0, r->elevate.flags);
	EXPECT_EQ(ST_COND_NONE, r->cond.kind);

	r = r->next;
	EXPECT_EQ(__NR_write, r->nr);
	EXPECT_EQ(SYSTRACE_ACT_DENY, r->action);
	r = r->next;
	EXPECT_EQ(__NR_getpid, r->nr);
	EXPECT_EQ(SYSTRACE_ACT_ASK, r->action);
	EXPECT_EQ(NULL, r->next);
	st_file_free(f);
}

TEST(fragment_then_policies)
{
	const char *text =
		"native-read: permit\n"
		"Policy: /bin/a, Emulation: native\n"
		"native-write: permit\n"
		"policy:   /bin/b c ,  EMULATION:  linux32  \n"
		"linux32-open: permit\n";
	struct st_file *f;
	struct st_policy *p;
	unsigned int e, w;
	char *out;

	f = parse(text, 0, &out, &e, &w);
	ASSERT_NE(NULL, f);
	EXPECT_STREQ("", out);
	free(out);
	EXPECT_EQ(3, f->npolicies);
	p = f->policies;
	EXPECT_EQ(NULL, p->path);
	EXPECT_EQ(NULL, p->emulation);
	EXPECT_EQ(1, p->loc.line);
	EXPECT_EQ(1, p->nrules);
	p = p->next;
	EXPECT_STREQ("/bin/a", p->path);
	EXPECT_EQ(1, p->nrules);
	EXPECT_EQ(__NR_write, p->rules->nr);
	p = p->next;
	/* header words are case-insensitive, blanks around the path go */
	EXPECT_STREQ("/bin/b c", p->path);
	EXPECT_STREQ("linux32", p->emulation);
	EXPECT_EQ(SYSTRACE_NS_IA32, p->abi);
	EXPECT_EQ(SYSTRACE_NS_IA32, p->rules->abi);
	EXPECT_EQ(5, p->rules->nr);	/* ia32 open */
	EXPECT_EQ(NULL, p->next);
	st_file_free(f);
}

TEST(emulations)
{
	static const struct {
		const char *emul;
		enum systrace_call_ns abi;
	} t[] = {
		{ "native", SYSTRACE_NS_X86_64 }, { "linux", SYSTRACE_NS_IA32 },
		{ "linux64", SYSTRACE_NS_X86_64 }, { "linux32", SYSTRACE_NS_IA32 },
		{ "openbsd", SYSTRACE_NS_X86_64 }, { "netbsd", SYSTRACE_NS_X86_64 },
		{ "freebsd", SYSTRACE_NS_X86_64 },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		char text[128];
		struct st_file *f;

		snprintf(text, sizeof(text), "%s-openat: permit\n", t[i].emul);
		f = one(_metadata, text);
		ASSERT_NE(NULL, f);
		EXPECT_EQ(t[i].abi, f->policies->rules->abi);
		EXPECT_EQ(t[i].abi == SYSTRACE_NS_IA32 ? 295 : __NR_openat,
			  f->policies->rules->nr);
		st_file_free(f);
	}
}

TEST(operators_and_index)
{
	static const struct {
		const char *op;
		enum st_op v;
	} t[] = {
		{ "eq", ST_OP_EQ }, { "neq", ST_OP_NEQ }, { "sub", ST_OP_SUB },
		{ "nsub", ST_OP_NSUB }, { "match", ST_OP_MATCH },
		{ "re", ST_OP_RE }, { "inpath", ST_OP_INPATH },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		char text[128];
		struct st_file *f;
		struct st_expr *e;

		snprintf(text, sizeof(text),
			 "native-rename: filename[1] %s \"/tmp\" then permit\n",
			 t[i].op);
		f = one(_metadata, text);
		ASSERT_NE(NULL, f);
		e = f->policies->rules->expr;
		ASSERT_NE(NULL, e);
		EXPECT_EQ(ST_EXPR_PRED, e->kind);
		EXPECT_EQ(t[i].v, e->pred.op);
		EXPECT_STREQ("filename", e->pred.name);
		EXPECT_EQ(SYSTRACE_ARG_FILENAME, e->pred.arg);
		EXPECT_EQ(1, e->pred.index);
		EXPECT_EQ(1, e->pred.occurrence);
		EXPECT_STREQ("/tmp", e->pred.value);
		EXPECT_EQ(4, e->pred.len);
		EXPECT_EQ(0, e->pred.macros);
		EXPECT_EQ(0, e->pred.has_num);
		EXPECT_EQ(16, e->loc.col);
		EXPECT_STREQ(t[i].op, st_op_name(t[i].v));
		st_file_free(f);
	}
}

TEST(true_and_arrow)
{
	struct st_file *f = one(_metadata, "native-execve: true -> permit\n");
	struct st_expr *e;

	ASSERT_NE(NULL, f);
	e = f->policies->rules->expr;
	ASSERT_NE(NULL, e);
	EXPECT_EQ(ST_EXPR_TRUE, e->kind);
	EXPECT_EQ(SYSTRACE_ACT_PERMIT, f->policies->rules->action);
	st_file_free(f);

	/* no blanks needed around -> */
	f = one(_metadata, "native-execve: true->deny[eacces]\n");
	ASSERT_NE(NULL, f);
	EXPECT_EQ(ST_EXPR_TRUE, f->policies->rules->expr->kind);
	EXPECT_EQ(EACCES, f->policies->rules->err);
	st_file_free(f);
	f = one(_metadata, "native-open: filename eq \"/x\"->permit\n");
	ASSERT_NE(NULL, f);
	EXPECT_EQ(ST_EXPR_PRED, f->policies->rules->expr->kind);
	st_file_free(f);
}

TEST(and_or_not_parentheses)
{
	struct st_file *f = one(_metadata,
		"native-open: (filename eq \"/a\" or filename eq \"/b\") and "
		"not (oflags sub \"O_CREAT\") then deny[eacces]\n");
	struct st_expr *e;

	ASSERT_NE(NULL, f);
	e = f->policies->rules->expr;
	ASSERT_NE(NULL, e);
	EXPECT_EQ(ST_EXPR_AND, e->kind);
	EXPECT_EQ(ST_EXPR_OR, e->left->kind);
	EXPECT_EQ(ST_EXPR_NOT, e->right->kind);
	EXPECT_EQ(ST_EXPR_PRED, e->right->left->kind);
	EXPECT_EQ(SYSTRACE_ARG_OFLAGS, e->right->left->pred.arg);
	EXPECT_EQ(NULL, e->right->right);
	/* An O_ name is systrace's letter (systrace-policy(5), oflags). */
	EXPECT_STREQ("(filename eq \"/a\" or filename eq \"/b\") and "
		     "not oflags sub \"c\"", expr_str(e));
	st_file_free(f);
}

TEST(systrace_grouping_and_warnings)
{
	const char *text =
		"native-open: filename eq \"/a\" and filename eq \"/b\" or "
		"filename eq \"/c\" then permit\n"
		"native-open: not filename eq \"/a\" and filename eq \"/b\" "
		"then permit\n"
		"native-open: filename eq \"/a\" and filename eq \"/b\" and "
		"filename eq \"/c\" then permit\n";
	unsigned int e, w;
	char *out;
	struct st_file *f = parse(text, 0, &out, &e, &w);
	struct st_rule *r;

	EXPECT_STREQ(
		"t.policy:1:31: warning: 'and' and 'or' have equal precedence "
		"and group to the right (as in systrace); add parentheses\n"
		"native-open: filename eq \"/a\" and filename eq \"/b\" or "
		"filename eq \"/c\" then permit\n"
		"                              ^\n"
		"t.policy:2:14: warning: 'not' applies to the whole 'and' "
		"expression to its right (as in systrace); add parentheses\n"
		"native-open: not filename eq \"/a\" and filename eq \"/b\" "
		"then permit\n"
		"             ^\n", out);
	free(out);
	EXPECT_EQ(0, e);
	EXPECT_EQ(2, w);
	ASSERT_NE(NULL, f);
	r = f->policies->rules;
	/* a and (b or c) */
	EXPECT_EQ(ST_EXPR_AND, r->expr->kind);
	EXPECT_EQ(ST_EXPR_OR, r->expr->right->kind);
	/* not (a and b) */
	r = r->next;
	EXPECT_EQ(ST_EXPR_NOT, r->expr->kind);
	EXPECT_EQ(ST_EXPR_AND, r->expr->left->kind);
	/* a and (b and c): same meaning either way, no warning */
	r = r->next;
	EXPECT_EQ(ST_EXPR_AND, r->expr->kind);
	EXPECT_EQ(ST_EXPR_AND, r->expr->right->kind);
	EXPECT_STREQ("filename eq \"/a\" and (filename eq \"/b\" and "
		     "filename eq \"/c\")", expr_str(r->expr));
	st_file_free(f);
}

TEST(actions_errno_log)
{
	struct st_file *f = one(_metadata,
		"native-fsread: filename eq \"/etc/spwd.db\" then deny[eperm] log\n");
	struct st_rule *r;

	ASSERT_NE(NULL, f);
	r = f->policies->rules;
	EXPECT_EQ(SYSTRACE_ACT_DENY, r->action);
	EXPECT_EQ(EPERM, r->err);
	EXPECT_STREQ("EPERM", r->errname);
	EXPECT_EQ(SYSTRACE_RULE_F_LOG, r->flags);
	EXPECT_EQ(SYSTRACE_ALIAS_FSREAD, r->alias);
	EXPECT_EQ(-1, r->nr);
	st_file_free(f);

	f = one(_metadata, "native-fswrite: deny[EACCES]\n");
	ASSERT_NE(NULL, f);
	r = f->policies->rules;
	EXPECT_EQ(SYSTRACE_ALIAS_FSWRITE, r->alias);
	EXPECT_EQ(NULL, r->expr);
	EXPECT_EQ(EACCES, r->err);
	EXPECT_STREQ("EACCES", r->errname);
	st_file_free(f);

	f = one(_metadata, "native-execve: permit[inherit] log\n");
	ASSERT_NE(NULL, f);
	EXPECT_EQ(SYSTRACE_RULE_F_INHERIT | SYSTRACE_RULE_F_LOG, f->policies->rules->flags);
	st_file_free(f);

	f = one(_metadata, "native-execve: true then permit[detach]\n");
	ASSERT_NE(NULL, f);
	EXPECT_EQ(SYSTRACE_RULE_F_DETACH, f->policies->rules->flags);
	st_file_free(f);

	f = one(_metadata, "native-getpid: ask log\n");
	ASSERT_NE(NULL, f);
	EXPECT_EQ(SYSTRACE_ACT_ASK, f->policies->rules->action);
	EXPECT_EQ(SYSTRACE_RULE_F_LOG, f->policies->rules->flags);
	st_file_free(f);
}

TEST(elevation)
{
	struct st_file *f = one(_metadata,
		"native-open: filename eq \"/bin/ping\" then permit as root:0\n");
	struct st_elevate *el;

	ASSERT_NE(NULL, f);
	el = &f->policies->rules->elevate;
	EXPECT_EQ(ST_ELEV_UID | ST_ELEV_GID, el->flags);
	EXPECT_STREQ("root", el->user);
	EXPECT_EQ(0, el->uid);
	EXPECT_STREQ("0", el->group);
	EXPECT_EQ(0, el->gid);
	st_file_free(f);

	f = one(_metadata, "native-socket: permit as 1000\n");
	ASSERT_NE(NULL, f);
	el = &f->policies->rules->elevate;
	EXPECT_EQ(ST_ELEV_UID, el->flags);
	EXPECT_EQ(1000, el->uid);
	EXPECT_STREQ("1000", el->user);
	EXPECT_EQ(NULL, el->group);
	st_file_free(f);

	f = one(_metadata, "native-socket: permit log as :root\n");
	ASSERT_NE(NULL, f);
	el = &f->policies->rules->elevate;
	EXPECT_EQ(ST_ELEV_GID, el->flags);
	EXPECT_EQ(NULL, el->user);
	EXPECT_STREQ("root", el->group);
	EXPECT_EQ(0, el->gid);
	EXPECT_EQ(SYSTRACE_RULE_F_LOG, f->policies->rules->flags);
	st_file_free(f);
}

TEST(trailing_condition)
{
	static const struct {
		const char *text;
		enum st_cond_kind kind;
		enum st_cond_op op;
		const char *name;
		uint32_t id;
	} t[] = {
		{ "native-kill: permit, if user = root\n",
		  ST_COND_USER, ST_COND_EQ, "root", 0 },
		{ "native-kill: permit, if user != 0\n",
		  ST_COND_USER, ST_COND_NE, "0", 0 },
		{ "native-kill: true then deny[eperm], if user < 1000\n",
		  ST_COND_USER, ST_COND_LT, "1000", 1000 },
		{ "native-kill: permit, if user > 99\n",
		  ST_COND_USER, ST_COND_GT, "99", 99 },
		{ "native-socket: permit log as root, if group = root\n",
		  ST_COND_GROUP, ST_COND_EQ, "root", 0 },
		{ "native-kill: permit, if group != 5\n",
		  ST_COND_GROUP, ST_COND_NE, "5", 5 },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct st_file *f = one(_metadata, t[i].text);
		struct st_cond *c;

		ASSERT_NE(NULL, f);
		c = &f->policies->rules->cond;
		EXPECT_EQ(t[i].kind, c->kind);
		EXPECT_EQ(t[i].op, c->op);
		EXPECT_STREQ(t[i].name, c->name);
		EXPECT_EQ(t[i].id, c->id);
		st_file_free(f);
	}
}

TEST(comments_and_blank_lines)
{
	const char *text =
		"# $OpenBSD: a comment\n"
		"\n"
		"   \t \n"
		"Policy: /bin/x, Emulation: native   # after the header\n"
		"\t# indented comment\n"
		"\tnative-open: filename eq \"/a#b\" then permit # trailing\n"
		"\tnative-read: permit#tight\n";
	unsigned int e, w;
	char *out;
	struct st_file *f = parse(text, 0, &out, &e, &w);
	struct st_rule *r;

	EXPECT_STREQ("", out);
	free(out);
	ASSERT_NE(NULL, f);
	EXPECT_EQ(2, f->nrules);
	EXPECT_EQ(4, f->policies->loc.line);
	EXPECT_STREQ("native", f->policies->emulation);
	r = f->policies->rules;
	EXPECT_STREQ("/a#b", r->expr->pred.value);
	EXPECT_STREQ("native-open: filename eq \"/a#b\" then permit", r->text);
	EXPECT_EQ(6, r->loc.line);
	EXPECT_STREQ("native-read: permit", r->next->text);
	st_file_free(f);
}

TEST(strings_escapes_macros_numbers)
{
	struct st_file *f = one(_metadata,
		"native-open: filename eq \"a\\\"b\\\\c\\n\\t\\x41\\101\\0z\" or "
		"filename match \"$HOME/.x\" or filename eq \"$CWD/$USER\" or "
		"filename eq \"${TMPDIR}\" or arg1 eq \"0x10\" then permit\n");
	struct st_expr *e;

	ASSERT_NE(NULL, f);
	e = f->policies->rules->expr;
	ASSERT_EQ(ST_EXPR_OR, e->kind);
	EXPECT_EQ(11, e->left->pred.len);
	EXPECT_EQ(0, memcmp("a\"b\\c\n\tAA\0z", e->left->pred.value, 12));
	EXPECT_EQ(0, e->left->pred.macros);
	e = e->right;
	EXPECT_EQ(ST_MACRO_HOME, e->left->pred.macros);
	EXPECT_STREQ("$HOME/.x", e->left->pred.value);
	e = e->right;
	EXPECT_EQ(ST_MACRO_CWD | ST_MACRO_USER, e->left->pred.macros);
	e = e->right;
	/* make-style ${VAR} is no macro: it stays literal */
	EXPECT_EQ(0, e->left->pred.macros);
	EXPECT_STREQ("${TMPDIR}", e->left->pred.value);
	e = e->right;
	EXPECT_EQ(SYSTRACE_ARG_RAW1, e->pred.arg);
	EXPECT_EQ(1, e->pred.has_num);
	EXPECT_EQ(16, e->pred.num);
	EXPECT_STREQ("arg1 eq \"0x10\"", expr_str(e));
	st_file_free(f);

	f = one(_metadata, "native-setuid: uid eq \"70\" and uname eq \"named\" "
			   "then permit\n");
	ASSERT_NE(NULL, f);
	e = f->policies->rules->expr;
	EXPECT_EQ(SYSTRACE_ARG_UID, e->left->pred.arg);
	EXPECT_EQ(1, e->left->pred.has_num);
	EXPECT_EQ(70, e->left->pred.num);
	EXPECT_EQ(SYSTRACE_ARG_UNAME, e->right->pred.arg);
	EXPECT_EQ(0, e->right->pred.has_num);
	st_file_free(f);
}

TEST(argument_names)
{
	static const char *const ok[] = {
		"native-open: filename eq \"/a\" and oflags sub \"O_RDWR\" and mode eq \"0644\" then permit\n",
		"native-symlink: string eq \"\" and filename eq \"\" then deny[enoent]\n",
		"native-link: filename match \"/tmp\" and filename[1] match \"/tmp\" then permit\n",
		"native-connect: sockaddr match \"inet-*:53\" then permit\n",
		"native-socket: sockdom eq \"AF_INET\" and socktype eq \"SOCK_STREAM\" then permit\n",
		"native-kill: signame eq \"SIGTERM\" and pidname eq \"1234\" then permit\n",
		"native-setgid: gid eq \"70\" then permit\n",
		"native-setresuid: uid[2] eq \"0\" then permit\n",
		"native-mprotect: prot eq \"PROT_READ\" then permit\n",
		"native-ioctl: cmd eq \"0x5401\" then permit\n",
		"native-execve: filename eq \"/bin/ls\" and argv match \"ls *\" then permit\n",
		"native-getpid: arg0 eq \"0\" and arg5 eq \"0\" then permit\n",
		"native-fswrite: filename inpath \"/tmp\" then permit\n",
		"linux32-mmap2: prot eq \"PROT_READ\" then permit\n",
	};
	size_t i;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		struct st_file *f = one(_metadata, ok[i]);

		ASSERT_NE(NULL, f);
		st_file_free(f);
	}
}

TEST(crlf_and_no_final_newline)
{
	unsigned int e, w;
	char *out;
	struct st_file *f = parse("Policy: /a, Emulation: native\r\n"
				  "native-read: permit\r\n"
				  "native-write: permit", 0, &out, &e, &w);

	EXPECT_STREQ("", out);
	free(out);
	ASSERT_NE(NULL, f);
	EXPECT_STREQ("/a", f->policies->path);
	EXPECT_STREQ("native", f->policies->emulation);
	EXPECT_EQ(2, f->nrules);
	EXPECT_STREQ("native-read: permit", f->policies->rules->text);
	st_file_free(f);

	f = parse("", 0, &out, &e, &w);
	EXPECT_STREQ("", out);
	free(out);
	ASSERT_NE(NULL, f);
	EXPECT_EQ(0, f->npolicies);
	st_file_free(f);
}

/* As systrace: a second section for the same program adds to the first. */
TEST(same_program_twice)
{
	const char *text =
		"Policy: /bin/a, Emulation: native\n"
		"native-read: permit\n"
		"Policy: /bin/b, Emulation: native\n"
		"native-read: permit\n"
		"Policy: /bin/a, Emulation: native\n"
		"native-write: permit\n";
	unsigned int e, w;
	char *out;
	struct st_file *f = parse(text, 0, &out, &e, &w);

	EXPECT_STREQ("", out);
	free(out);
	ASSERT_NE(NULL, f);
	EXPECT_EQ(2, f->npolicies);
	EXPECT_EQ(3, f->nrules);
	EXPECT_EQ(2, f->policies->nrules);
	EXPECT_EQ(__NR_write, f->policies->rules->next->nr);
	EXPECT_EQ(1, f->policies->next->nrules);
	st_file_free(f);

	EXPECT_DIAG(
		"t.policy:3:28: error: policy '/bin/a' has emulation 'native' "
		"already (line 1)\n"
		"Policy: /bin/a, Emulation: linux32\n"
		"                           ^\n",
		"Policy: /bin/a, Emulation: native\n"
		"native-read: permit\n"
		"Policy: /bin/a, Emulation: linux32\n"
		"linux32-read: permit\n"
		"linux32-nosuchcall: permit\n");
	EXPECT_DIAG(
		"t.policy:3:9: error: policy '/bin/a' is detached (line 1)\n"
		"Policy: /bin/a, Emulation: native\n"
		"        ^\n",
		"Policy: /bin/a, Emulation: native\n"
		"detached\n"
		"Policy: /bin/a, Emulation: native\n"
		"native-read: permit\n");
}

TEST(detached)
{
	struct st_file *f = one(_metadata,
		"Policy: /bin/a, Emulation: native\n"
		"native-read: permit\n"
		"detached\n");

	ASSERT_NE(NULL, f);
	EXPECT_EQ(1, f->policies->detached);
	st_file_free(f);
}

/* Names Linux lacks: a warning, the rule dropped; errors when strict. */
TEST(dropped_names)
{
	const char *text =
		"Policy: /usr/bin/id, Emulation: native\n"
		"\tnative-__sysctl: permit\n"
		"\tnative-break: permit\n"
		"\tnative-getdirentries: filename eq \"/x\" then permit\n"
		"\tnative-read: permit\n";
	unsigned int e, w;
	char *out;
	struct st_file *f = parse(text, 0, &out, &e, &w);

	EXPECT_STREQ(
		"t.policy:2:9: warning: no system call '__sysctl' in Linux x86_64: rule dropped\n"
		"\tnative-__sysctl: permit\n"
		"\t       ^\n"
		"t.policy:3:9: warning: no system call 'break' in Linux x86_64: rule dropped\n"
		"\tnative-break: permit\n"
		"\t       ^\n"
		"t.policy:4:9: warning: no system call 'getdirentries' in Linux x86_64: rule dropped\n"
		"\tnative-getdirentries: filename eq \"/x\" then permit\n"
		"\t       ^\n", out);
	free(out);
	EXPECT_EQ(0, e);
	EXPECT_EQ(3, w);
	ASSERT_NE(NULL, f);
	EXPECT_EQ(1, f->nrules);
	EXPECT_EQ(3, f->ndropped);
	EXPECT_EQ(3, f->policies->ndropped);
	EXPECT_EQ(__NR_read, f->policies->rules->nr);
	st_file_free(f);

	f = parse(text, ST_PARSE_STRICT, &out, &e, &w);
	EXPECT_EQ(NULL, f);
	EXPECT_EQ(3, e);
	EXPECT_EQ(0, w);
	EXPECT_STREQ(
		"t.policy:2:9: error: no system call '__sysctl' in Linux x86_64\n"
		"\tnative-__sysctl: permit\n"
		"\t       ^\n"
		"t.policy:3:9: error: no system call 'break' in Linux x86_64\n"
		"\tnative-break: permit\n"
		"\t       ^\n"
		"t.policy:4:9: error: no system call 'getdirentries' in Linux x86_64\n"
		"\tnative-getdirentries: filename eq \"/x\" then permit\n"
		"\t       ^\n", out);
	free(out);
}

TEST(synonyms)
{
	struct st_file *f = one(_metadata,
		"native-sigprocmask: permit\n");

	ASSERT_NE(NULL, f);
	EXPECT_EQ(__NR_rt_sigprocmask, f->policies->rules->nr);
	st_file_free(f);
	f = one(_metadata, "linux32-sigprocmask: permit\n");
	ASSERT_NE(NULL, f);
	EXPECT_EQ(126, f->policies->rules->nr);	/* ia32 sigprocmask */
	st_file_free(f);
	f = one(_metadata, "linux32-old_mmap: permit\n");
	ASSERT_NE(NULL, f);
	EXPECT_EQ(90, f->policies->rules->nr);	/* ia32 mmap: old_mmap */
	st_file_free(f);
	/* linux is the i386 ABI, as systrace 1.6's Linux port had it. */
	f = one(_metadata, "linux-newuname: permit\n");
	ASSERT_NE(NULL, f);
	EXPECT_EQ(122, f->policies->rules->nr);	/* ia32 newuname */
	st_file_free(f);
	f = one(_metadata, "native-pread: permit\n");
	ASSERT_NE(NULL, f);
	EXPECT_EQ(__NR_pread64, f->policies->rules->nr);
	st_file_free(f);
}

/* ---- every error message ---- */

TEST(error_syntax)
{
	EXPECT_DIAG(
		"t.policy:1:23: error: syntax error: unexpected word 'foo', "
		"expecting 'eq', 'neq', 'sub', 'nsub', 'match', 're' or 'inpath'\n"
		"native-open: filename foo \"/x\" then permit\n"
		"                      ^\n",
		"native-open: filename foo \"/x\" then permit\n");
	EXPECT_DIAG(
		"t.policy:1:31: error: syntax error: unexpected 'permit', "
		"expecting 'and', 'or' or 'then'\n"
		"native-open: filename eq \"/x\" permit\n"
		"                              ^\n",
		"native-open: filename eq \"/x\" permit\n");
	EXPECT_DIAG(
		"t.policy:1:36: error: syntax error: unexpected end of line, "
		"expecting 'permit', 'deny' or 'ask'\n"
		"native-open: filename eq \"/x\" then \n"
		"                                   ^\n",
		"native-open: filename eq \"/x\" then \n");
	EXPECT_DIAG(
		"t.policy:1:1: error: syntax error: unexpected word 'permit-all', "
		"expecting end of line, 'Policy:', 'detached' or rule\n"
		"permit-all\n"
		"^\n",
		"permit-all\n");
	EXPECT_DIAG(
		"t.policy:1:14: error: syntax error: unexpected quoted string "
		"\"/x\", expecting word, 'not', 'permit', 'deny', 'ask', 'true' "
		"or '('\n"
		"native-open: \"/x\" eq filename then permit\n"
		"             ^\n",
		"native-open: \"/x\" eq filename then permit\n");
	EXPECT_DIAG(
		"t.policy:1:34: error: syntax error: unexpected end of line, "
		"expecting ','\n"
		"Policy: /bin/ls Emulation: native\n"
		"                                 ^\n",
		"Policy: /bin/ls Emulation: native\n");
	EXPECT_DIAG(
		"t.policy:1:27: error: syntax error: unexpected ')', "
		"expecting 'eq', 'neq', 'sub', 'nsub', 'match', 're' or 'inpath'\n"
		"native-open: (filename[1] ) then permit\n"
		"                          ^\n",
		"native-open: (filename[1] ) then permit\n");
	EXPECT_DIAG(
		"t.policy:1:20: error: syntax error: unexpected number '12', "
		"expecting word\n"
		"native-open: deny [12]\n"
		"                   ^\n",
		"native-open: deny [12]\n");
}

TEST(error_missing_colon)
{
	/* the rule is still read: its other errors show too */
	EXPECT_DIAG(
		"t.policy:1:12: error: missing ':' after 'native-open'\n"
		"native-open filename eq \"/x\" then deny[enope]\n"
		"           ^\n"
		"t.policy:1:40: error: unknown errno name 'enope'\n"
		"native-open filename eq \"/x\" then deny[enope]\n"
		"                                       ^\n",
		"native-open filename eq \"/x\" then deny[enope]\n");
	EXPECT_DIAG(
		"t.policy:1:1: error: syntax error: unexpected word 'native-read', "
		"expecting end of line, 'Policy:', 'detached' or rule\n"
		"native-read\n"
		"^\n",
		"native-read\n");
}

TEST(error_every_error_in_one_run)
{
	const char *text =
		"Policy: /bin/x, Emulation: native\n"
		"native-open: filename eq \"/x\" then deny[enope]\n"
		"native-read: permit\n"
		"native-open: nosuch eq \"/x\" then permit\n"
		"native-open: filename eq then permit\n"
		"native-write: permit\n";
	unsigned int e, w;
	char *out;
	struct st_file *f = parse(text, 0, &out, &e, &w);

	EXPECT_EQ(NULL, f);
	EXPECT_EQ(3, e);
	EXPECT_EQ(0, w);
	EXPECT_STREQ(
		"t.policy:2:41: error: unknown errno name 'enope'\n"
		"native-open: filename eq \"/x\" then deny[enope]\n"
		"                                        ^\n"
		"t.policy:4:14: error: 'open' has no argument 'nosuch': no call "
		"has an argument 'nosuch'; 'open' has filename, oflags, mode and "
		"arg0 .. arg5\n"
		"native-open: nosuch eq \"/x\" then permit\n"
		"             ^\n"
		"t.policy:5:26: error: syntax error: unexpected 'then', "
		"expecting quoted string\n"
		"native-open: filename eq then permit\n"
		"                         ^\n", out);
	free(out);
}

TEST(error_arguments)
{
	EXPECT_DIAG(
		"t.policy:1:14: error: 'read' has no argument 'filename': 'read' "
		"has only its raw arguments arg0 .. arg5\n"
		"native-read: filename eq \"/x\" then permit\n"
		"             ^\n",
		"native-read: filename eq \"/x\" then permit\n");
	EXPECT_DIAG(
		"t.policy:1:22: error: 'open' has no argument 'filename[1]'\n"
		"native-open: filename[1] eq \"/x\" then permit\n"
		"                     ^\n",
		"native-open: filename[1] eq \"/x\" then permit\n");
	EXPECT_DIAG(
		"t.policy:1:16: error: 'fsread' has no argument 'arg0': 'fsread' "
		"has filename\n"
		"native-fsread: arg0 eq \"0\" then permit\n"
		"               ^\n",
		"native-fsread: arg0 eq \"0\" then permit\n");
	EXPECT_DIAG(
		"t.policy:1:14: error: 'open' has no argument 'arg6': no call has "
		"an argument 'arg6'; 'open' has filename, oflags, mode and arg0 .. "
		"arg5\n"
		"native-open: arg6 eq \"0\" then permit\n"
		"             ^\n",
		"native-open: arg6 eq \"0\" then permit\n");
	/* a dropped rule's arguments are not checked */
	EXPECT_DIAG(
		"t.policy:1:8: warning: no system call 'chflags' in Linux x86_64: rule dropped\n"
		"native-chflags: nosuch eq \"/x\" then permit\n"
		"       ^\n",
		"native-chflags: nosuch eq \"/x\" then permit\n");
}

TEST(error_emulations)
{
	EXPECT_DIAG(
		"t.policy:1:28: error: unknown emulation 'sunos'\n"
		"Policy: /bin/x, Emulation: sunos\n"
		"                           ^\n",
		"Policy: /bin/x, Emulation: sunos\n"
		"sunos-read: permit\n");
	EXPECT_DIAG(
		"t.policy:1:1: error: unknown emulation 'svr4'\n"
		"svr4-read: permit\n"
		"^\n",
		"svr4-read: permit\n");
	EXPECT_DIAG(
		"t.policy:2:2: error: emulation 'linux32' differs from the "
		"policy's 'native'\n"
		"\tlinux32-read: permit\n"
		"\t^\n",
		"Policy: /bin/x, Emulation: native\n"
		"\tlinux32-read: permit\n");
}

TEST(error_actions)
{
	EXPECT_DIAG(
		"t.policy:1:21: error: unknown permit flag 'forever' (inherit or detach)\n"
		"native-read: permit[forever]\n"
		"                    ^\n",
		"native-read: permit[forever]\n");
	EXPECT_DIAG(
		"t.policy:1:18: error: 'ask' takes no '[eperm]'\n"
		"native-read: ask[eperm]\n"
		"                 ^\n",
		"native-read: ask[eperm]\n");
	EXPECT_DIAG(
		"t.policy:1:26: error: unknown user 'no-such-user-here'\n"
		"native-socket: permit as no-such-user-here\n"
		"                         ^\n",
		"native-socket: permit as no-such-user-here\n");
	EXPECT_DIAG(
		"t.policy:1:27: error: unknown group 'no-such-group-here'\n"
		"native-socket: permit as :no-such-group-here\n"
		"                          ^\n",
		"native-socket: permit as :no-such-group-here\n");
	EXPECT_DIAG(
		"t.policy:1:39: error: unknown user 'nobody-at-all'\n"
		"native-execve: deny[eperm], if user = nobody-at-all\n"
		"                                      ^\n",
		"native-execve: deny[eperm], if user = nobody-at-all\n");
}

TEST(error_scanner)
{
	EXPECT_DIAG(
		"t.policy:1:26: error: missing terminating '\"' character\n"
		"native-open: filename eq \"/x then permit\n"
		"                         ^\n"
		"t.policy:1:41: error: syntax error: unexpected end of line, "
		"expecting 'and', 'or' or 'then'\n"
		"native-open: filename eq \"/x then permit\n"
		"                                        ^\n",
		"native-open: filename eq \"/x then permit\n");
	EXPECT_DIAG(
		"t.policy:1:29: error: unknown escape sequence '\\q'\n"
		"native-open: filename eq \"/x\\q\" then permit\n"
		"                            ^\n",
		"native-open: filename eq \"/x\\q\" then permit\n");
	EXPECT_DIAG(
		"t.policy:1:29: error: unknown escape sequence '\\x07'\n"
		"native-open: filename eq \"/x\\\a\" then permit\n"
		"                            ^\n",
		"native-open: filename eq \"/x\\\a\" then permit\n");
	EXPECT_DIAG(
		"t.policy:1:27: error: \\x used with no following hex digits\n"
		"native-open: filename eq \"\\xg\" then permit\n"
		"                          ^\n",
		"native-open: filename eq \"\\xg\" then permit\n");
	EXPECT_DIAG(
		"t.policy:1:27: error: octal escape sequence out of range\n"
		"native-open: filename eq \"\\777\" then permit\n"
		"                          ^\n",
		"native-open: filename eq \"\\777\" then permit\n");
	EXPECT_DIAG(
		"t.policy:1:31: error: stray '@' in rule\n"
		"native-open: filename eq \"/x\" @ then permit\n"
		"                              ^\n",
		"native-open: filename eq \"/x\" @ then permit\n");
	EXPECT_DIAG(
		"t.policy:1:23: error: number '99999999999' is too large\n"
		"native-open: filename[99999999999] eq \"/x\" then permit\n"
		"                      ^\n",
		"native-open: filename[99999999999] eq \"/x\" then permit\n");
	EXPECT_DIAG(
		"t.policy:1:20: error: stray '\\x01' in rule\n"
		"native-read: permit\x01\n"
		"                   ^\n",
		"native-read: permit\x01\n");
}

TEST(error_regex)
{
	EXPECT_DIAG(
		"t.policy:1:26: error: invalid regular expression: "
		"Unmatched ( or \\(\n"
		"native-open: filename re \"(ab\" then permit\n"
		"                         ^\n",
		"native-open: filename re \"(ab\" then permit\n");
	EXPECT_DIAG(
		"t.policy:1:26: error: regular expression contains a NUL byte\n"
		"native-open: filename re \"a\\0b\" then permit\n"
		"                         ^\n",
		"native-open: filename re \"a\\0b\" then permit\n");
}

TEST(error_detached)
{
	EXPECT_DIAG(
		"t.policy:1:1: error: 'detached' outside a Policy section\n"
		"detached\n"
		"^\n",
		"detached\n");
	EXPECT_DIAG(
		"t.policy:3:1: error: rule after 'detached' in policy '/bin/x'\n"
		"native-read: permit\n"
		"^\n",
		"Policy: /bin/x, Emulation: native\n"
		"detached\n"
		"native-read: permit\n");
}

TEST(error_missing_file)
{
	struct st_diag *d = st_diag_new();
	struct st_file *f = st_parse_file("/nonexistent/x.policy", d, 0);
	char *s;

	EXPECT_EQ(NULL, f);
	EXPECT_EQ(1, st_diag_errors(d));
	ASSERT_EQ(1, st_diag_count(d));
	s = st_diag_format(d, st_diag_get(d, 0));
	EXPECT_STREQ("/nonexistent/x.policy: error: No such file or directory\n", s);
	free(s);
	st_diag_free(d);

	d = st_diag_new();
	f = st_parse_file("/", d, 0);
	EXPECT_EQ(NULL, f);
	ASSERT_EQ(1, st_diag_count(d));
	s = st_diag_format(d, st_diag_get(d, 0));
	EXPECT_STREQ("/: error: Is a directory\n", s);
	free(s);
	st_diag_free(d);
}

/*
 * Parse a policy of @n rules; returns the parser's CPU time in seconds
 * (the process's own, so other load on the host does not count).
 */
static double parse_rules(struct __test_metadata *_metadata, int n)
{
	size_t size = 0;
	char *text = NULL;
	FILE *m = open_memstream(&text, &size);
	struct st_diag *d = st_diag_new();
	struct st_file *f;
	struct st_rule *r;
	struct timespec t0, t1;
	char last[128];
	int i;

	if (!m)
		return -1;
	fputs("Policy: /usr/sbin/x, Emulation: native\n", m);
	for (i = 0; i < n; i++)
		fprintf(m, "\tnative-fsread: filename eq \"/srv/d%d/f%d\" "
			"then permit\n", i / 100, i);
	fputs("\tnative-__sysctl: permit\n", m);
	fclose(m);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
	f = st_parse_string("big", text, size, d, 0);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t1);
	EXPECT_NE(NULL, f);
	if (f) {
		EXPECT_EQ(n, f->nrules);
		EXPECT_EQ(1, f->ndropped);
		for (r = f->policies->rules; r->next; r = r->next)
			;
		snprintf(last, sizeof(last),
			 "native-fsread: filename eq \"/srv/d%d/f%d\" then permit",
			 (n - 1) / 100, n - 1);
		EXPECT_STREQ(last, r->text);
		EXPECT_EQ(n + 1, r->loc.line);
		st_file_free(f);
	}
	st_diag_free(d);
	free(text);
	return (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
}

/*
 * 100,000 rules parse in linear time: ten times the rules take about ten
 * times the parser's CPU time (a quadratic parser: a hundred). A ratio,
 * not a bound in seconds: it holds on a slow or a loaded machine.
 */
TEST(large_policy_is_linear)
{
	double small, big;

	small = parse_rules(_metadata, 10000);
	big = parse_rules(_metadata, 100000);
	ASSERT_LT(0, small);
	ksft_print_msg("parsed 10,000 rules in %.3f s, 100,000 in %.3f s of CPU (x%.1f)\n",
		       small, big, big / small);
	fflush(stdout);
	EXPECT_GT(30.0, big / small);
}

/* ---- the generated tables ---- */

TEST(tables_from_kernel_headers)
{
	const char *canon = NULL;

	EXPECT_EQ(__NR_openat, st_syscall_nr(SYSTRACE_NS_X86_64, "openat"));
	EXPECT_EQ(__NR_execve, st_syscall_nr(SYSTRACE_NS_X86_64, "execve"));
	EXPECT_EQ(__NR_io_uring_setup, st_syscall_nr(SYSTRACE_NS_X86_64, "io_uring_setup"));
	EXPECT_EQ(11, st_syscall_nr(SYSTRACE_NS_IA32, "execve"));	/* __NR_execve, 32-bit */
	EXPECT_EQ(140, st_syscall_nr(SYSTRACE_NS_IA32, "_llseek"));
	EXPECT_EQ(-1, st_syscall_nr(SYSTRACE_NS_X86_64, "_llseek"));
	EXPECT_EQ(-1, st_syscall_nr(SYSTRACE_NS_X86_64, "__sysctl"));
	EXPECT_STREQ("openat", st_syscall_name(SYSTRACE_NS_X86_64, __NR_openat));
	EXPECT_EQ(NULL, st_syscall_name(SYSTRACE_NS_X86_64, 100000));
	EXPECT_LT(330, st_syscall_max(SYSTRACE_NS_X86_64));
	EXPECT_LT(380, st_syscall_max(SYSTRACE_NS_IA32));

	EXPECT_EQ(EACCES, st_errno_lookup("eacces", &canon));
	EXPECT_STREQ("EACCES", canon);
	EXPECT_EQ(EAGAIN, st_errno_lookup("EWOULDBLOCK", NULL));
	EXPECT_EQ(EHWPOISON, st_errno_lookup("ehwpoison", NULL));
	EXPECT_EQ(-1, st_errno_lookup("enope", NULL));
	EXPECT_EQ(-1, st_errno_lookup("", NULL));
	EXPECT_STREQ("EAGAIN", st_errno_name(EAGAIN));
	EXPECT_STREQ("EDEADLK", st_errno_name(EDEADLK));
	EXPECT_STREQ("ENOENT", st_errno_name(ENOENT));
	EXPECT_EQ(NULL, st_errno_name(100000));

	EXPECT_EQ(SYSTRACE_ALIAS_FSREAD, st_alias_lookup("fsread"));
	EXPECT_EQ(SYSTRACE_ALIAS_FSWRITE, st_alias_lookup("fswrite"));
	EXPECT_EQ(SYSTRACE_ALIAS_NONE, st_alias_lookup("open"));
	EXPECT_STREQ("fsread", st_alias_name(SYSTRACE_ALIAS_FSREAD));
	EXPECT_STREQ("x86_64", st_abi_name(SYSTRACE_NS_X86_64));
	EXPECT_STREQ("ia32", st_abi_name(SYSTRACE_NS_IA32));
	EXPECT_STREQ("deny", st_action_name(SYSTRACE_ACT_DENY));
}

TEST(argument_table)
{
	unsigned int count = 0;
	enum systrace_arg a;

	for (a = SYSTRACE_ARG_FILENAME; a <= ST_ARG_MAX; a++)
		EXPECT_EQ(a, st_arg_by_name(st_arg_name(a)));
	EXPECT_EQ(SYSTRACE_ARG_NONE, st_arg_by_name("nosuch"));

	EXPECT_EQ(SYSTRACE_ARG_FILENAME, st_arg_lookup(SYSTRACE_NS_X86_64, SYSTRACE_ALIAS_NONE,
						 __NR_rename, "filename", &count));
	EXPECT_EQ(2, count);
	EXPECT_EQ(SYSTRACE_ARG_UID, st_arg_lookup(SYSTRACE_NS_X86_64, SYSTRACE_ALIAS_NONE,
					    __NR_setresuid, "uid", &count));
	EXPECT_EQ(3, count);
	EXPECT_EQ(SYSTRACE_ARG_RAW3, st_arg_lookup(SYSTRACE_NS_IA32, SYSTRACE_ALIAS_NONE, 4,
					     "arg3", &count));
	EXPECT_EQ(1, count);
	EXPECT_EQ(SYSTRACE_ARG_FILENAME, st_arg_lookup(SYSTRACE_NS_X86_64, SYSTRACE_ALIAS_FSWRITE,
						 -1, "filename", &count));
	EXPECT_EQ(SYSTRACE_ARG_NONE, st_arg_lookup(SYSTRACE_NS_X86_64, SYSTRACE_ALIAS_FSWRITE,
					     -1, "sockaddr", &count));
	EXPECT_EQ(SYSTRACE_ARG_NONE, st_arg_lookup(SYSTRACE_NS_X86_64, SYSTRACE_ALIAS_NONE,
					     __NR_getpid, "filename", &count));
	/* the table is sorted (binary search): every call in it is found */
	EXPECT_EQ(SYSTRACE_ARG_SOCKDOM, st_arg_lookup(SYSTRACE_NS_X86_64, SYSTRACE_ALIAS_NONE,
						__NR_accept, "sockdom", NULL));
	/* accept is decided on the listening socket: no peer address yet */
	EXPECT_EQ(SYSTRACE_ARG_NONE, st_arg_lookup(SYSTRACE_NS_X86_64, SYSTRACE_ALIAS_NONE,
					     __NR_accept, "sockaddr", NULL));
	/* listen was out of order in the old table: not found */
	EXPECT_EQ(SYSTRACE_ARG_SOCKDOM, st_arg_lookup(SYSTRACE_NS_X86_64, SYSTRACE_ALIAS_NONE,
						__NR_listen, "sockdom", NULL));
	/* systrace's argument, but no hook supplies it: no argument here */
	EXPECT_EQ(SYSTRACE_ARG_NONE, st_arg_lookup(SYSTRACE_NS_X86_64, SYSTRACE_ALIAS_NONE,
					     __NR_utimes, "filename", NULL));
}

TEST(diag_api)
{
	struct st_diag *d = st_diag_new();
	struct st_loc l = { .file = "x.p", .line = 2, .col = 3 };
	const struct st_msg *m;
	char *s;

	ASSERT_NE(NULL, d);
	ASSERT_NE(NULL, st_diag_add_source(d, "x.p", "one\n\ttwo three\n", 15));
	st_warning(d, &l, "w %d", 1);
	st_note(d, &l, "n");
	st_error(d, NULL, "e");
	EXPECT_EQ(1, st_diag_errors(d));
	EXPECT_EQ(1, st_diag_warnings(d));
	ASSERT_EQ(3, st_diag_count(d));
	m = st_diag_get(d, 0);
	EXPECT_EQ(ST_WARNING, m->severity);
	EXPECT_STREQ("w 1", m->text);
	EXPECT_STREQ("x.p", m->loc.file);
	s = st_diag_format(d, m);
	EXPECT_STREQ("x.p:2:3: warning: w 1\n\ttwo three\n\t ^\n", s);
	free(s);
	s = st_diag_format(d, st_diag_get(d, 1));
	EXPECT_STREQ("x.p:2:3: note: n\n\ttwo three\n\t ^\n", s);
	free(s);
	s = st_diag_format(d, st_diag_get(d, 2));
	EXPECT_STREQ("error: e\n", s);
	free(s);
	EXPECT_EQ(NULL, st_diag_get(d, 3));
	st_diag_free(d);
}

/* ---- lint (issue 12, point 3) ---- */

/* The first line of the diagnostics of @text, without the source line. */
static char *first_diag(const char *text, unsigned int flags)
{
	char *out = diags(text, flags);

	out[strcspn(out, "\n")] = '\0';
	return out;
}

#define EXPECT_FIRST(expected, text)				\
	do {							\
		char *_o = first_diag(text, 0);			\
		EXPECT_STREQ(expected, _o);			\
		free(_o);					\
	} while (0)

TEST(lint_learned_listen_compiles)
{
	/* what the learner writes for a TCP server */
	struct st_file *f = one(_metadata,
		"native-listen: sockdom eq \"AF_INET\" and socktype eq \"SOCK_STREAM\" then permit\n");

	st_file_free(f);
}

TEST(lint_argument_no_hook_supplies)
{
	EXPECT_FIRST("t.policy:1:16: error: 'statfs' has no argument 'filename': "
		     "systrace had it, but no hook of the module supplies it for "
		     "'statfs' (a rule on it could never match); 'statfs' has only "
		     "its raw arguments arg0 .. arg5",
		     "native-statfs: filename eq \"/etc/passwd\" then permit\n");
	/* stat, access and chdir have it (hook_path.c, syscall.c) */
	st_file_free(one(_metadata,
		"native-stat: filename eq \"/etc/passwd\" then permit\n"));
	st_file_free(one(_metadata,
		"native-access: filename eq \"/etc\" and mode eq \"0004\" then permit\n"));
	st_file_free(one(_metadata,
		"native-chdir: filename eq \"/tmp\" then permit\n"));
	EXPECT_FIRST("t.policy:1:16: error: 'listen' has no argument 'sockaddr': "
		     "'listen' has sockdom, socktype and arg0 .. arg5",
		     "native-listen: sockaddr eq \"inet-[0.0.0.0]:80\" then permit\n");
	EXPECT_FIRST("t.policy:1:16: error: 'rename' has no argument 'oflags': "
		     "'rename' has filename[0..1] and arg0 .. arg5",
		     "native-rename: oflags eq \"O_RDONLY\" then permit\n");
}

TEST(lint_values)
{
	EXPECT_FIRST("t.policy:1:27: error: unknown address family \"AF_INTE\" "
		     "(did you mean \"AF_INET\"?)",
		     "native-socket: sockdom eq \"AF_INTE\" then permit\n");
	EXPECT_FIRST("t.policy:1:28: error: unknown socket type \"SOCK_STRAEM\" "
		     "(did you mean \"SOCK_STREAM\"?)",
		     "native-socket: socktype eq \"SOCK_STRAEM\" then permit\n");
	EXPECT_FIRST("t.policy:1:25: error: unknown signal \"SIGTREM\" "
		     "(did you mean \"SIGTERM\"?)",
		     "native-kill: signame eq \"SIGTREM\" then permit\n");
	EXPECT_FIRST("t.policy:1:24: error: unknown open flag \"O_CREATE\" in "
		     "\"O_RDONLY|O_CREATE\" (did you mean \"O_CREAT\"?)",
		     "native-open: oflags eq \"O_RDONLY|O_CREATE\" then permit\n");
	EXPECT_FIRST("t.policy:1:24: error: \"wotc\" is never equal to what the "
		     "kernel prints: it prints these letters in one order, \"woct\"",
		     "native-open: oflags eq \"wotc\" then permit\n");
	EXPECT_FIRST("t.policy:1:24: error: \"rwcc\" is no oflags value: after the "
		     "access mode the kernel prints each of n a c t at most once "
		     "(O_NONBLOCK, O_APPEND, O_CREAT, O_TRUNC)",
		     "native-open: oflags eq \"rwcc\" then permit\n");
	EXPECT_FIRST("t.policy:1:24: error: oflags has no letter for 'O_EXCL' "
		     "(systrace's oflags: ro, wo, rw, then n a c t): the kernel "
		     "does not print it",
		     "native-open: oflags eq \"O_WRONLY|O_EXCL\" then permit\n");
	EXPECT_FIRST("t.policy:1:24: error: \"O_RDONLY|O_WRONLY\" names two access "
		     "modes",
		     "native-open: oflags eq \"O_RDONLY|O_WRONLY\" then permit\n");
	EXPECT_FIRST("t.policy:1:24: error: \"rx\" is no oflags value: the "
		     "kernel prints the access mode ro, wo, rw or --, then n a c t "
		     "(\"woct\"), or write O_ names (\"O_WRONLY|O_CREAT|O_TRUNC\")",
		     "native-open: oflags eq \"rx\" then permit\n");
	EXPECT_FIRST("t.policy:1:26: error: \"inet-127.0.0.1:80\": the address "
		     "must be in brackets, as the kernel prints it: "
		     "inet-[127.0.0.1]:PORT",
		     "native-bind: sockaddr eq \"inet-127.0.0.1:80\" then permit\n");
	EXPECT_FIRST("t.policy:1:29: error: \"1.2.3\" is no IPv4 address in "
		     "\"inet-[1.2.3]:80\"",
		     "native-connect: sockaddr eq \"inet-[1.2.3]:80\" then permit\n");
	EXPECT_FIRST("t.policy:1:29: error: \"inet-[1.2.3.4]:99999\": the port "
		     "must be a decimal number up to 65535",
		     "native-connect: sockaddr eq \"inet-[1.2.3.4]:99999\" then permit\n");
	EXPECT_FIRST("t.policy:1:29: error: \"inet6-[0:0::1]:53\" is never equal "
		     "to what the kernel prints: it prints the address as "
		     "inet6-[::1]:53",
		     "native-connect: sockaddr eq \"inet6-[0:0::1]:53\" then permit\n");
	EXPECT_FIRST("t.policy:1:23: error: \"PROT_EXEC|PROT_READ\" is never equal "
		     "to what the kernel prints: it prints these protections in "
		     "one order, \"PROT_READ|PROT_EXEC\"",
		     "native-mmap: prot neq \"PROT_EXEC|PROT_READ\" then deny\n");
	EXPECT_FIRST("t.policy:1:23: error: \"rwx\" is no mode: the kernel "
		     "prints modes in octal, \"0644\"",
		     "native-chmod: mode eq \"rwx\" then deny\n");
	EXPECT_FIRST("t.policy:1:23: warning: \"644\" is decimal 644 here: write "
		     "\"0644\" for an octal mode",
		     "native-chmod: mode eq \"644\" then deny\n");
	EXPECT_FIRST("t.policy:1:23: error: \"root\" is not a numeric id (or \"-1\")",
		     "native-setuid: uid eq \"root\" then deny\n");
	EXPECT_FIRST("t.policy:1:22: error: \"five\" is not a number (decimal, "
		     "0x-hex or 0-octal)",
		     "native-read: arg2 eq \"five\" then deny\n");
	/* what the kernel prints compiles, for every kind */
	st_file_free(one(_metadata,
		"native-socket: sockdom eq \"AF_UNKNOWN(99)\" and socktype neq \"SOCK_DGRAM\" "
		"and sockdom neq \"AF_INET6\" then permit\n"));
	st_file_free(one(_metadata,
		"native-kill: signame eq \"SIG34\" or signame eq \"SIG0\" or signame eq \"SIGKILL\" then deny\n"));
	st_file_free(one(_metadata,
		"native-open: oflags eq \"O_RDWR|O_CREAT|O_TRUNC\" or oflags eq \"rwct\" "
		"or oflags eq \"O_TRUNC|O_WRONLY|O_NDELAY\" or oflags eq \"--\" "
		"or oflags eq \"O_CREAT\" or oflags neq \"ronact\" then permit\n"));
	st_file_free(one(_metadata,
		"native-connect: sockaddr eq \"inet6-[2001:db8::1]:443\" or sockaddr eq \"/dev/log\" "
		"or sockaddr eq \"@abstract\" or sockaddr eq \"inet-[10.0.0.1]:0\" then permit\n"));
	st_file_free(one(_metadata,
		"native-mmap: prot eq \"PROT_NONE\" or prot eq \"PROT_READ|PROT_WRITE|PROT_EXEC\" then permit\n"));
	/* patterns are not values: not checked */
	st_file_free(one(_metadata,
		"native-socket: sockdom match \"AF_*\" or sockdom sub \"INE\" then permit\n"));
	/* macros are expanded per process: not checked */
	st_file_free(one(_metadata,
		"native-bind: sockaddr eq \"$HOME/sock\" then permit\n"));
}

TEST(lint_call_names)
{
	EXPECT_FIRST("t.policy:1:8: error: unknown system call 'opne' (did you mean 'open'?)",
		     "native-opne: permit\n");
	EXPECT_FIRST("t.policy:1:8: error: unknown system call 'fsreed' (did you mean 'fsread'?)",
		     "native-fsreed: permit\n");
	EXPECT_FIRST("t.policy:1:8: error: unknown system call 'frobnicate': no "
		     "platform of systrace has it",
		     "native-frobnicate: permit\n");
	/* calls of OpenBSD and NetBSD: a warning, the rule dropped */
	EXPECT_FIRST("t.policy:1:8: warning: no system call '__sysctl' in Linux x86_64: rule dropped",
		     "native-__sysctl: permit\n");
	EXPECT_FIRST("t.policy:1:8: warning: no system call 'break' in Linux x86_64: rule dropped",
		     "native-break: permit\n");
	EXPECT_FIRST("t.policy:1:8: warning: no system call 'issetugid' in Linux x86_64: rule dropped",
		     "native-issetugid: permit\n");
	EXPECT_FIRST("t.policy:1:8: warning: no system call 'compat_43_olseek' in Linux x86_64: rule dropped",
		     "native-compat_43_olseek: permit\n");
	EXPECT_FIRST("t.policy:1:8: warning: no system call '__stat50' in Linux x86_64: rule dropped",
		     "native-__stat50: permit\n");
	/* ... an error under --strict */
	EXPECT_DIAG_STRICT("t.policy:1:8: error: no system call 'issetugid' in Linux x86_64\n"
			   "native-issetugid: permit\n"
			   "       ^\n",
			   "native-issetugid: permit\n");
}

TEST(lint_shadowed_rules)
{
	EXPECT_DIAG("t.policy:3:1: warning: never matches: the rule at line 2 "
		    "decides every 'read' call first\n"
		    "native-read: arg0 eq \"3\" then deny\n"
		    "^\n",
		    "Policy: /bin/x, Emulation: native\n"
		    "native-read: permit\n"
		    "native-read: arg0 eq \"3\" then deny\n");
	EXPECT_DIAG("t.policy:2:1: warning: the same rule as line 1: it never matches\n"
		    "native-fsread: filename eq \"/a\" then permit\n"
		    "^\n",
		    "native-fsread: filename eq \"/a\" then permit\n"
		    "native-fsread: filename eq \"/a\" then permit\n");
	EXPECT_DIAG("t.policy:2:1: warning: never matches: the rule at line 1 "
		    "tests the same and decides first\n"
		    "native-fsread: filename eq \"/a\" and filename neq \"/b\" then deny\n"
		    "^\n",
		    "native-fsread: filename eq \"/a\" then permit\n"
		    "native-fsread: filename eq \"/a\" and filename neq \"/b\" then deny\n");
	/* not shadowed: a condition, another call, another ABI, another test */
	EXPECT_DIAG("",
		    "native-read: permit, if user = 0\n"
		    "native-read: deny\n"
		    "native-write: permit\n"
		    "linux32-write: permit\n"
		    "native-fsread: filename eq \"/a\" then permit\n"
		    "native-fsread: filename eq \"/b\" then permit\n"
		    "native-fsread: filename eq \"/a\" or filename eq \"/c\" then permit\n");
	/* another policy is another program */
	EXPECT_DIAG("",
		    "Policy: /bin/x, Emulation: native\n"
		    "native-read: permit\n"
		    "Policy: /bin/y, Emulation: native\n"
		    "native-read: permit\n");
}

TEST(lint_binary_input)
{
	static const char bin[] = "native-read: permit\n\x7f" "ELF\0\0\x01\xff\xfe";
	static const char latin1[] = "native-read: permit # caf\xe9\n";
	struct st_diag *d = st_diag_new();
	struct st_file *f;
	char *s;

	f = st_parse_string("b", bin, sizeof(bin) - 1, d, 0);
	EXPECT_EQ(NULL, f);
	EXPECT_EQ(1, st_diag_errors(d));
	ASSERT_EQ(1, st_diag_count(d));
	s = st_diag_format(d, st_diag_get(d, 0));
	EXPECT_STREQ("b: error: not a policy: binary data (a NUL byte at line 2, "
		     "column 5); policies are UTF-8 text\n", s);
	free(s);
	st_diag_free(d);

	d = st_diag_new();
	f = st_parse_string("l", latin1, sizeof(latin1) - 1, d, 0);
	EXPECT_EQ(NULL, f);
	ASSERT_EQ(1, st_diag_count(d));
	s = st_diag_format(d, st_diag_get(d, 0));
	EXPECT_STREQ("l: error: not a policy: byte 0xe9 at line 1, column 26 is "
		     "not UTF-8; policies are UTF-8 text\n", s);
	free(s);
	st_diag_free(d);

	/* UTF-8 in comments and values is text */
	st_file_free(one(_metadata,
		"native-fsread: filename eq \"/srv/caf\xc3\xa9\" then permit # \xe2\x9c\x93\n"));
}

TEST(lint_errors_capped)
{
	size_t size = 0;
	char *text = NULL, *out, *p;
	FILE *m = open_memstream(&text, &size);
	unsigned int e, w, shown = 0;
	int i;

	ASSERT_NE(NULL, m);
	for (i = 0; i < 50; i++)
		fprintf(m, "native-opne%d: permit\n", i);
	fclose(m);
	EXPECT_EQ(NULL, parse(text, 0, &out, &e, &w));
	EXPECT_EQ(50, e);
	for (p = out; (p = strstr(p, ": error: ")); p++)
		shown++;
	EXPECT_EQ(20, shown);
	EXPECT_NE(NULL, strstr(out, "\n30 more errors not shown\n"));
	free(out);
	free(text);
}

TEST_HARNESS_MAIN
