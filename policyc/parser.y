/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The systrace policy language, grammar.
 *
 * One line is one item: a `Policy: PATH, Emulation: E` header, `detached`,
 * or a rule.  A rule is `EMUL-CALL: EXPR then ACTION ...` (`->` for `then`)
 * or `EMUL-CALL: ACTION ...`, where ACTION is
 *
 *	permit|deny|ask [ '[' errno|inherit|detach ']' ] [log]
 *	[as user[:group] | as :group] [, if user|group =|!=|<|> value]
 *
 * as systrace's parse.y (the expression and action part) and policy.c (the
 * line part) define it.  Like systrace's grammar, `and`, `or` and `not`
 * have no precedence over each other: yacc shifts, so they group to the
 * right; policyc keeps that meaning and warns when it is not spelled out.
 *
 * A syntax error skips to the end of its line, so every line's errors are
 * reported in one run.  Rules naming calls Linux lacks are dropped with a
 * warning (an error with ST_PARSE_STRICT).
 */
%define api.pure full
%define api.prefix {st_yy}
%define parse.error custom
%locations
%param {yyscan_t scanner}
%parse-param {struct st_pctx *ctx}

%code requires {
#include <stddef.h>
#include <stdio.h>

#include "ast.h"

typedef void *yyscan_t;

/* The parser's state, shared with the scanner (its yyextra). */
struct st_pctx {
	struct st_diag *d;		/* diagnostics */
	struct st_file *file;		/* what is being built */
	unsigned int flags;		/* ST_PARSE_* */
	const char *src;		/* the text, ending in '\n' */
	size_t srclen;
	size_t *lines;			/* offset in src of each line */
	unsigned int nlines;
	unsigned int line, col;		/* scanner position, 1-based */
	const char *tok;		/* text of the last token scanned */
	size_t toklen;
	struct st_policy *policy;	/* section rules go to; NULL: none yet */
	int policy_bad;			/* its header was rejected: rules
					 * are checked, then dropped */
	int detached;			/* after `detached`, before a header */
	struct st_rule *rule;		/* the rule being parsed, or NULL */
	int rule_dead;			/* its call or emulation is unusable */
	int rule_drop;			/* its call is one Linux lacks */
	unsigned int rule_errors;	/* error count when it started */
};

struct st_head {
	char *emul;
	char *call;
	int call_col;
};

struct st_ident {
	char *s;
	long long num;
	int isnum;
};

struct st_qstr {
	char *s;
	size_t len;
};

void *st_xmalloc(size_t n);
void *st_xcalloc(size_t n, size_t size);
char *st_xstrdup(const char *s);
char *st_xstrndup(const char *s, size_t n);
void st_expr_free(struct st_expr *e);
void st_rule_free(struct st_rule *r);
}

%code provides {
#define YYSTYPE ST_YYSTYPE
#define YYLTYPE ST_YYLTYPE

int st_yylex(YYSTYPE *yylval, YYLTYPE *yylloc, yyscan_t scanner);
void st_scan_error(struct st_pctx *ctx, const YYLTYPE *l, const char *fmt,
		   ...) __attribute__((format(printf, 3, 4)));
void st_scan_string(struct st_pctx *ctx, YYSTYPE *v, const YYLTYPE *l,
		    const char *s, size_t n);
}

%code {
#include <ctype.h>
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <regex.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "lint.h"
#include "names.h"

static void yyerror(const YYLTYPE *l, yyscan_t scanner, struct st_pctx *ctx,
		    const char *msg);
static void rule_begin(struct st_pctx *ctx, struct st_head *h,
		       const YYLTYPE *l);
static void rule_end(struct st_pctx *ctx);
static void rule_abandon(struct st_pctx *ctx);
static void header(struct st_pctx *ctx, char *path, char *emul,
		   const YYLTYPE *lpath, const YYLTYPE *lemul);
static struct st_expr *pred(struct st_pctx *ctx, char *name, int index,
			    enum st_op op, struct st_qstr v,
			    const YYLTYPE *lname, const YYLTYPE *lindex,
			    const YYLTYPE *lval);
static struct st_expr *binary(struct st_pctx *ctx, enum st_expr_kind kind,
			      struct st_expr *l, struct st_expr *r,
			      const YYLTYPE *lop);
static void action(struct st_pctx *ctx, enum systrace_action a);
static void elevate_check(struct st_pctx *ctx, const YYLTYPE *l);
static void errcode(struct st_pctx *ctx, char *word, const YYLTYPE *l);
static int resolve_id(struct st_pctx *ctx, struct st_ident *id, int group,
		      uint32_t *out, const YYLTYPE *l);
static void cond(struct st_pctx *ctx, enum st_cond_kind kind,
		 enum st_cond_op op, struct st_ident *id, const YYLTYPE *l);

#define LOC(l)	(&(struct st_loc){ .file = ctx->file->name,		\
				   .line = (unsigned int)(l)->first_line, \
				   .col = (unsigned int)(l)->first_column })
#define ERR(l, ...)	st_error(ctx->d, LOC(l), __VA_ARGS__)
#define WARN(l, ...)	st_warning(ctx->d, LOC(l), __VA_ARGS__)
}

%union {
	long long num;
	char *str;
	struct st_head head;
	struct st_qstr qstr;
	struct st_ident ident;
	struct st_expr *expr;
	int op;
}

%token NL		"end of line"
%token POLICY		"'Policy:'"
%token EMULATION	"'Emulation:'"
%token DETACHED		"'detached'"
%token <head> RULEHEAD	"rule"
%token <str> PATH	"path"
%token <str> WORD	"word"
%token <qstr> STRING	"quoted string"
%token <num> NUMBER	"number"
%token AND "'and'" OR "'or'" NOT "'not'" THEN "'then'"
%token PERMIT "'permit'" DENY "'deny'" ASK "'ask'" LOG "'log'" AS "'as'"
%token IF "'if'" USER "'user'" GROUP "'group'" TRUE "'true'"
%token EQ "'eq'" NEQ "'neq'" SUB "'sub'" NSUB "'nsub'" MATCH "'match'"
%token RE "'re'" INPATH "'inpath'" NEQUAL "'!='"

%type <expr> expr
%type <num> index
%type <op> op condop
%type <ident> ident

%destructor { free($$); } <str>
%destructor { free($$.s); } <qstr> <ident>
%destructor { free($$.emul); free($$.call); } <head>
%destructor { st_expr_free($$); } <expr>

/* systrace's grammar has no precedence: yacc shifts.  These declarations
 * make bison do the same without conflicts: `not` lowest, `and` and `or`
 * equal and grouping to the right. */
%precedence NOT
%right AND OR

%%

file	: %empty
	| file line
	;

line	: NL
	| header NL
	| DETACHED NL
		{
			if (!ctx->policy || !ctx->policy->path)
				ERR(&@1, "'detached' outside a Policy section");
			else
				ctx->policy->detached = 1;
			ctx->detached = 1;
		}
	| rule NL		{ rule_end(ctx); }
	| error NL		{ rule_abandon(ctx); yyerrok; }
	;

header	: POLICY PATH ',' EMULATION WORD
		{ header(ctx, $2, $5, &@2, &@5); }
	;

rule	: RULEHEAD		{ rule_begin(ctx, &$1, &@1); }
	  body
	;

body	: actions
	| expr THEN actions	{ if (ctx->rule) ctx->rule->expr = $1;
				  else st_expr_free($1); }
	;

actions	: action errcode log elevate cond
	;

action	: PERMIT		{ action(ctx, SYSTRACE_ACT_PERMIT); }
	| DENY			{ action(ctx, SYSTRACE_ACT_DENY); }
	| ASK			{ action(ctx, SYSTRACE_ACT_ASK); }
	;

errcode	: %empty
	| '[' WORD ']'		{ errcode(ctx, $2, &@2); }
	;

log	: %empty
	| LOG			{ if (ctx->rule) ctx->rule->flags |= SYSTRACE_RULE_F_LOG; }
	;

elevate	: %empty
	| AS ident
		{
			struct st_elevate *e = &ctx->rule->elevate;

			elevate_check(ctx, &@1);
			if (resolve_id(ctx, &$2, 0, &e->uid, &@2))
				e->flags |= ST_ELEV_UID;
			e->user = $2.s;
		}
	| AS ident ':' ident
		{
			struct st_elevate *e = &ctx->rule->elevate;
			uint32_t gid;

			elevate_check(ctx, &@1);
			if (resolve_id(ctx, &$2, 0, &e->uid, &@2))
				e->flags |= ST_ELEV_UID;
			if (resolve_id(ctx, &$4, 1, &gid, &@4))
				e->flags |= ST_ELEV_GID;
			e->gid = gid;
			e->user = $2.s;
			e->group = $4.s;
		}
	| AS ':' ident
		{
			struct st_elevate *e = &ctx->rule->elevate;
			uint32_t gid;

			elevate_check(ctx, &@1);
			if (resolve_id(ctx, &$3, 1, &gid, &@3))
				e->flags |= ST_ELEV_GID;
			e->gid = gid;
			e->group = $3.s;
		}
	;

ident	: WORD			{ $$.s = $1; $$.num = 0; $$.isnum = 0; }
	| NUMBER
		{
			if (asprintf(&$$.s, "%lld", $1) < 0)
				$$.s = NULL;
			$$.num = $1;
			$$.isnum = 1;
		}
	;

cond	: %empty
	| ',' IF USER condop ident
		{ cond(ctx, ST_COND_USER, (enum st_cond_op)$4, &$5, &@5); }
	| ',' IF GROUP condop ident
		{ cond(ctx, ST_COND_GROUP, (enum st_cond_op)$4, &$5, &@5); }
	;

condop	: '='			{ $$ = ST_COND_EQ; }
	| NEQUAL		{ $$ = ST_COND_NE; }
	| '<'			{ $$ = ST_COND_LT; }
	| '>'			{ $$ = ST_COND_GT; }
	;

expr	: expr AND expr		{ $$ = binary(ctx, ST_EXPR_AND, $1, $3, &@2); }
	| expr OR expr		{ $$ = binary(ctx, ST_EXPR_OR, $1, $3, &@2); }
	| NOT expr
		{
			$$ = binary(ctx, ST_EXPR_NOT, $2, NULL, &@1);
		}
	| '(' expr ')'		{ $$ = $2; $$->paren = 1; }
	| TRUE
		{
			$$ = st_xcalloc(1, sizeof(*$$));
			$$->kind = ST_EXPR_TRUE;
			$$->loc = *LOC(&@1);
		}
	| WORD index op STRING
		{
			$$ = pred(ctx, $1, (int)$2, (enum st_op)$3, $4,
				  &@1, &@2, &@4);
		}
	;

index	: %empty		{ $$ = -1; }
	| '[' NUMBER ']'	{ $$ = $2; }
	;

op	: EQ			{ $$ = ST_OP_EQ; }
	| NEQ			{ $$ = ST_OP_NEQ; }
	| SUB			{ $$ = ST_OP_SUB; }
	| NSUB			{ $$ = ST_OP_NSUB; }
	| MATCH			{ $$ = ST_OP_MATCH; }
	| RE			{ $$ = ST_OP_RE; }
	| INPATH		{ $$ = ST_OP_INPATH; }
	;

%%

void *st_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p) {
		fputs("policyc: out of memory\n", stderr);
		exit(1);
	}
	return p;
}

void *st_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p) {
		fputs("policyc: out of memory\n", stderr);
		exit(1);
	}
	return p;
}

char *st_xstrndup(const char *s, size_t n)
{
	char *p = st_xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *st_xstrdup(const char *s)
{
	return st_xstrndup(s, strlen(s));
}

static void yyerror(const YYLTYPE *l, yyscan_t scanner, struct st_pctx *ctx,
		    const char *msg)
{
	(void)scanner;
	ERR(l, "%s", msg);
}

void st_scan_error(struct st_pctx *ctx, const YYLTYPE *l, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	st_diag_vreport(ctx->d, ST_ERROR, LOC(l), fmt, ap);
	va_end(ap);
}

/* The display name of a token kind: its alias without the double quotes. */
static void put_symbol(FILE *f, yysymbol_kind_t k)
{
	const char *n = yysymbol_name(k);
	size_t len = strlen(n);

	if (len >= 2 && n[0] == '"' && n[len - 1] == '"')
		fprintf(f, "%.*s", (int)(len - 2), n + 1);
	else
		fputs(n, f);
}

/*
 * "syntax error: unexpected word 'foo', expecting 'then'": the token's own
 * text for words, numbers, strings and paths; the expected tokens when
 * there are few enough to be useful.
 */
static int yyreport_syntax_error(const yypcontext_t *yyctx, yyscan_t scanner,
				 struct st_pctx *ctx)
{
	enum { MAXEXP = 9 };	/* list up to 8: all operators and '[' */
	yysymbol_kind_t exp[MAXEXP];
	yysymbol_kind_t tok = yypcontext_token(yyctx);
	int n = yypcontext_expected_tokens(yyctx, exp, MAXEXP);
	char *buf = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&buf, &size);
	int i, j;

	/* every line ends in a newline: "end of file" is never the fix */
	for (i = j = 0; i < n; i++)
		if (exp[i] != YYSYMBOL_YYEOF)
			exp[j++] = exp[i];
	n = n < 0 ? n : j;

	(void)scanner;
	if (!f)
		return YYENOMEM;
	fputs("syntax error", f);
	if (tok != YYSYMBOL_YYEMPTY) {
		fputs(": unexpected ", f);
		put_symbol(f, tok);
		switch (tok) {
		case YYSYMBOL_WORD:
		case YYSYMBOL_NUMBER:
		case YYSYMBOL_PATH:
		case YYSYMBOL_STRING:
			if (ctx->tok && ctx->toklen < 64)
				fprintf(f, " %s%.*s%s",
					tok == YYSYMBOL_STRING ? "" : "'",
					(int)ctx->toklen, ctx->tok,
					tok == YYSYMBOL_STRING ? "" : "'");
			break;
		default:
			break;
		}
	}
	if (n > 0 && n < MAXEXP) {
		for (i = 0; i < n; i++) {
			fputs(i == 0 ? ", expecting " :
			      i == n - 1 ? " or " : ", ", f);
			put_symbol(f, exp[i]);
		}
	}
	if (fclose(f)) {
		free(buf);
		return YYENOMEM;
	}
	ERR(yypcontext_location(yyctx), "%s", buf);
	free(buf);
	return 0;
}

/* Decode a quoted string's body: \\ \" \n \t \r \0 \a \b \f \v \xHH \NNN. */
void st_scan_string(struct st_pctx *ctx, YYSTYPE *v, const YYLTYPE *l,
		    const char *s, size_t n)
{
	char *out = st_xmalloc(n + 1);
	size_t i, o = 0;

	for (i = 0; i < n; i++) {
		YYLTYPE el = *l;
		unsigned int c;
		int k;

		if (s[i] != '\\') {
			out[o++] = s[i];
			continue;
		}
		el.first_column = l->first_column + 1 + (int)i;
		if (i + 1 >= n) {
			/* a lone backslash before a missing quote */
			break;
		}
		switch (s[++i]) {
		case '\\': out[o++] = '\\'; break;
		case '"': out[o++] = '"'; break;
		case '\'': out[o++] = '\''; break;
		case 'n': out[o++] = '\n'; break;
		case 't': out[o++] = '\t'; break;
		case 'r': out[o++] = '\r'; break;
		case 'a': out[o++] = '\a'; break;
		case 'b': out[o++] = '\b'; break;
		case 'f': out[o++] = '\f'; break;
		case 'v': out[o++] = '\v'; break;
		case 'x':
			for (c = 0, k = 0; k < 2 && i + 1 < n &&
			     isxdigit((unsigned char)s[i + 1]); k++) {
				char h = s[++i];

				c = c * 16 + (unsigned int)(isdigit((unsigned char)h) ?
					h - '0' : (tolower((unsigned char)h) - 'a' + 10));
			}
			if (k == 0)
				st_scan_error(ctx, &el,
					      "\\x used with no following hex digits");
			out[o++] = (char)c;
			break;
		case '0': case '1': case '2': case '3':
		case '4': case '5': case '6': case '7':
			c = (unsigned int)(s[i] - '0');
			for (k = 1; k < 3 && i + 1 < n &&
			     s[i + 1] >= '0' && s[i + 1] <= '7'; k++)
				c = c * 8 + (unsigned int)(s[++i] - '0');
			if (c > 0xff)
				st_scan_error(ctx, &el,
					      "octal escape sequence out of range");
			out[o++] = (char)c;
			break;
		default:
			if (isprint((unsigned char)s[i]))
				st_scan_error(ctx, &el,
					      "unknown escape sequence '\\%c'",
					      s[i]);
			else
				st_scan_error(ctx, &el,
					      "unknown escape sequence '\\x%02x'",
					      (unsigned char)s[i]);
			out[o++] = s[i];
			break;
		}
	}
	out[o] = '\0';
	v->qstr.s = out;
	v->qstr.len = o;
}

/* The emulations policyc accepts, and the ABI each means. */
static int emulation_abi(const char *e, enum systrace_call_ns *abi)
{
	static const struct {
		const char *name;
		enum systrace_call_ns abi;
	} emuls[] = {
		/* systrace 1.6's Linux port on x86_64: linux is i386 */
		{ "native", SYSTRACE_NS_X86_64 },
		{ "linux", SYSTRACE_NS_IA32 },
		{ "linux64", SYSTRACE_NS_X86_64 },
		{ "linux32", SYSTRACE_NS_IA32 },
		/* the BSDs' native emulations, in policies learned there */
		{ "openbsd", SYSTRACE_NS_X86_64 },
		{ "netbsd", SYSTRACE_NS_X86_64 },
		{ "freebsd", SYSTRACE_NS_X86_64 },
	};
	size_t i;

	for (i = 0; i < sizeof(emuls) / sizeof(emuls[0]); i++) {
		if (!strcmp(e, emuls[i].name)) {
			*abi = emuls[i].abi;
			return 1;
		}
	}
	return 0;
}

static struct st_policy *policy_new(struct st_pctx *ctx, const YYLTYPE *l)
{
	struct st_policy *p = st_xcalloc(1, sizeof(*p));

	p->loc = *LOC(l);
	p->loc.col = 1;
	p->tail = &p->rules;
	*ctx->file->tail = p;
	ctx->file->tail = &p->next;
	ctx->file->npolicies++;
	return p;
}

static void header(struct st_pctx *ctx, char *path, char *emul,
		   const YYLTYPE *lpath, const YYLTYPE *lemul)
{
	struct st_policy *p;
	enum systrace_call_ns abi = SYSTRACE_NS_X86_64;
	int ok = emulation_abi(emul, &abi);

	ctx->detached = 0;
	/* systrace adds a second section for the same program to the first */
	for (p = ctx->file->policies; p; p = p->next) {
		if (!p->path || strcmp(p->path, path))
			continue;
		ctx->policy_bad = !emulation_abi(p->emulation, &abi);
		if (strcmp(p->emulation, emul)) {
			ERR(lemul, "policy '%s' has emulation '%s' already "
			    "(line %u)", path, p->emulation, p->loc.line);
			ctx->policy_bad = 1;
		} else if (p->detached) {
			ERR(lpath, "policy '%s' is detached (line %u)", path,
			    p->loc.line);
			ctx->policy_bad = 1;
		}
		free(path);
		free(emul);
		ctx->policy = p;
		return;
	}
	p = policy_new(ctx, lpath);
	p->path = path;
	p->emulation = emul;
	p->abi = abi;
	ctx->policy = p;
	ctx->policy_bad = 0;
	if (!ok) {
		ERR(lemul, "unknown emulation '%s'", emul);
		ctx->policy_bad = 1;
	}
}

/* The rule's line as written: no leading blanks, comment or trailing ones. */
static char *rule_text(struct st_pctx *ctx, unsigned int line)
{
	const char *p, *end = ctx->src + ctx->srclen, *e, *q;
	int quoted = 0;

	if (line == 0 || line > ctx->nlines)
		return st_xstrdup("");
	p = ctx->src + ctx->lines[line - 1];
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	for (e = p; e < end && *e != '\n'; e++) {
		if (*e == '\\' && quoted && e + 1 < end && e[1] != '\n')
			e++;
		else if (*e == '"')
			quoted = !quoted;
		else if (*e == '#' && !quoted)
			break;
	}
	q = e;
	while (q > p && isspace((unsigned char)q[-1]))
		q--;
	return st_xstrndup(p, (size_t)(q - p));
}

static void rule_begin(struct st_pctx *ctx, struct st_head *h,
		       const YYLTYPE *l)
{
	struct st_rule *r = st_xcalloc(1, sizeof(*r));
	YYLTYPE lc = *l;
	const char *abiname;

	ctx->rule = r;
	ctx->rule_dead = 0;
	ctx->rule_drop = 0;
	ctx->rule_errors = st_diag_errors(ctx->d);
	r->loc = *LOC(l);
	r->text = rule_text(ctx, r->loc.line);
	r->emulation = h->emul;
	r->call = h->call;
	r->nr = -1;
	h->emul = h->call = NULL;
	lc.first_column = h->call_col;

	if (ctx->detached && ctx->policy && ctx->policy->path) {
		ERR(l, "rule after 'detached' in policy '%s'",
		    ctx->policy->path);
		ctx->rule_dead = 1;
	}
	if (!ctx->policy)
		ctx->policy = policy_new(ctx, l);
	if (ctx->policy_bad) {
		/* its header's error said it: no error per rule */
		ctx->rule_dead = 1;
		if (!emulation_abi(r->emulation, &r->abi))
			return;
	} else if (ctx->policy->emulation &&
		   strcmp(ctx->policy->emulation, r->emulation)) {
		ERR(l, "emulation '%s' differs from the policy's '%s'",
		    r->emulation, ctx->policy->emulation);
		ctx->rule_dead = 1;
	}
	if (!emulation_abi(r->emulation, &r->abi)) {
		ERR(l, "unknown emulation '%s'", r->emulation);
		ctx->rule_dead = 1;
		return;
	}
	if (ctx->rule_dead)
		return;
	r->alias = st_alias_lookup(r->call);
	if (r->alias != SYSTRACE_ALIAS_NONE)
		return;
	r->nr = st_syscall_nr(r->abi, r->call);
	if (r->nr >= 0)
		return;
	abiname = st_abi_name(r->abi);
	if (!st_lint_platform_call(r->call)) {
		const char *s = st_lint_suggest_call(r->abi, r->call);

		if (s)
			ERR(&lc, "unknown system call '%s' (did you mean '%s'?)",
			    r->call, s);
		else
			ERR(&lc, "unknown system call '%s': no platform of systrace has it",
			    r->call);
		ctx->rule_dead = 1;
	} else if (ctx->flags & ST_PARSE_STRICT) {
		ERR(&lc, "no system call '%s' in Linux %s", r->call, abiname);
		ctx->rule_dead = 1;
	} else {
		WARN(&lc, "no system call '%s' in Linux %s: rule dropped",
		     r->call, abiname);
		ctx->rule_drop = 1;
	}
}

static void rule_abandon(struct st_pctx *ctx)
{
	st_rule_free(ctx->rule);
	ctx->rule = NULL;
}

static void rule_end(struct st_pctx *ctx)
{
	struct st_rule *r = ctx->rule;
	struct st_policy *p = ctx->policy;

	ctx->rule = NULL;
	if (!r)
		return;
	if (ctx->rule_drop && !ctx->rule_dead &&
	    st_diag_errors(ctx->d) == ctx->rule_errors) {
		p->ndropped++;
		ctx->file->ndropped++;
	}
	if (ctx->rule_dead || ctx->rule_drop ||
	    st_diag_errors(ctx->d) != ctx->rule_errors) {
		st_rule_free(r);
		return;
	}
	*p->tail = r;
	p->tail = &r->next;
	p->nrules++;
	ctx->file->nrules++;
}

static int live(struct st_pctx *ctx)
{
	return ctx->rule && !ctx->rule_dead && !ctx->rule_drop;
}

static int parse_num(const char *s, size_t len, uint64_t *out)
{
	char *end;

	if (len == 0 || strlen(s) != len || !isdigit((unsigned char)s[0]))
		return 0;
	errno = 0;
	*out = strtoull(s, &end, 0);
	return errno == 0 && *end == '\0';
}

/*
 * An oflags value written with O_ names ("O_WRONLY|O_CREAT"), the form
 * this project printed before, as the kernel prints oflags now: systrace's
 * access mode "ro", "wo", "rw", then "n", "a", "c", "t" for O_NONBLOCK,
 * O_APPEND, O_CREAT, O_TRUNC, in that order. For eq and neq the whole
 * value; for sub and nsub one name. A flag with no letter is an error.
 */
static void oflags_value(struct st_pctx *ctx, struct st_pred *p,
			 const YYLTYPE *lval)
{
	static const struct { const char *name; char letter; } flags[] = {
		{ "O_NONBLOCK", 'n' }, { "O_NDELAY", 'n' }, { "O_APPEND", 'a' },
		{ "O_CREAT", 'c' }, { "O_TRUNC", 't' },
	};
	static const char *const modes[] = { "O_RDONLY", "O_WRONLY", "O_RDWR" };
	static const char *const modestr[] = { "ro", "wo", "rw" };
	char *copy, *tok, *save = NULL, out[8];
	int mode = -1, names = 0;
	unsigned int bits = 0, i;
	size_t o;

	if (strncmp(p->value, "O_", 2) || strlen(p->value) != p->len ||
	    (p->op != ST_OP_EQ && p->op != ST_OP_NEQ && p->op != ST_OP_SUB &&
	     p->op != ST_OP_NSUB))
		return;
	copy = st_xstrdup(p->value);
	for (tok = strtok_r(copy, "|", &save); tok;
	     tok = strtok_r(NULL, "|", &save)) {
		int found = 0;

		names++;
		for (i = 0; i < 3; i++)
			if (!strcmp(tok, modes[i]))
				mode = (int)i, found = 1;
		for (i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
			if (!strcmp(tok, flags[i].name))
				bits |= 1U << i, found = 1;
		if (!found) {
			ERR(lval, "oflags has no letter for '%s' (systrace's "
			    "oflags: ro, wo, rw, then n a c t)", tok);
			free(copy);
			return;
		}
	}
	free(copy);
	if ((p->op == ST_OP_SUB || p->op == ST_OP_NSUB) && names != 1) {
		ERR(lval, "oflags sub takes one flag (\"c\" for O_CREAT)");
		return;
	}
	o = 0;
	if (mode >= 0 || p->op == ST_OP_EQ || p->op == ST_OP_NEQ) {
		memcpy(out, modestr[mode < 0 ? 0 : mode], 2);
		o = 2;
	}
	for (i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		char l = flags[i].letter;

		if ((bits & (1U << i)) && !memchr(out, l, o))
			out[o++] = l;
	}
	out[o] = '\0';
	free(p->value);
	p->value = st_xstrdup(out);
	p->len = o;
}

static struct st_expr *pred(struct st_pctx *ctx, char *name, int index,
			    enum st_op op, struct st_qstr v,
			    const YYLTYPE *lname, const YYLTYPE *lindex,
			    const YYLTYPE *lval)
{
	struct st_expr *e = st_xcalloc(1, sizeof(*e));
	struct st_pred *p = &e->pred;
	unsigned int count = 0;
	enum st_severity linted = ST_NOTE;

	e->kind = ST_EXPR_PRED;
	e->loc = *LOC(lname);
	p->name = name;
	p->index = index;
	p->occurrence = index < 0 ? 0 : (unsigned int)index;
	p->op = op;
	p->value = v.s;
	p->len = v.len;
	if (memmem(v.s, v.len, "$HOME", 5))
		p->macros |= ST_MACRO_HOME;
	if (memmem(v.s, v.len, "$USER", 5))
		p->macros |= ST_MACRO_USER;
	if (memmem(v.s, v.len, "$CWD", 4))
		p->macros |= ST_MACRO_CWD;
	p->has_num = parse_num(v.s, v.len, &p->num);

	if (!live(ctx))
		return e;
	p->arg = st_arg_lookup(ctx->rule->abi, ctx->rule->alias,
			       ctx->rule->nr, name, &count);
	if (p->arg == SYSTRACE_ARG_NONE) {
		char why[512];

		st_arg_explain(ctx->rule->abi, ctx->rule->alias, ctx->rule->nr,
			       ctx->rule->call, name, why, sizeof(why));
		ERR(lname, "'%s' has no argument '%s': %s", ctx->rule->call,
		    name, why);
	} else if (index >= 0 && (unsigned int)index >= count) {
		ERR(lindex, "'%s' has no argument '%s[%d]'", ctx->rule->call,
		    name, index);
	}
	/* the value as written (before oflags_value() rewrites it) */
	if (p->arg != SYSTRACE_ARG_NONE && (op == ST_OP_EQ || op == ST_OP_NEQ)) {
		char msg[512];
		enum st_severity sev = st_lint_value(p->arg, p->value, p->len,
						     msg, sizeof(msg));

		if (sev == ST_ERROR)
			ERR(lval, "%s", msg);
		else if (sev == ST_WARNING)
			WARN(lval, "%s", msg);
		linted = sev;
	}
	if (p->arg == SYSTRACE_ARG_OFLAGS && linted != ST_ERROR &&
	    (index < 0 || (unsigned int)index < count))
		oflags_value(ctx, p, lval);
	if (op == ST_OP_RE) {
		regex_t re;
		int rc;

		if (strlen(v.s) != v.len) {
			ERR(lval, "regular expression contains a NUL byte");
		} else if ((rc = regcomp(&re, v.s, REG_EXTENDED | REG_NOSUB))) {
			char msg[128];

			regerror(rc, &re, msg, sizeof(msg));
			ERR(lval, "invalid regular expression: %s", msg);
		} else {
			regfree(&re);
		}
	}
	return e;
}

static const char *kindword(enum st_expr_kind k)
{
	return k == ST_EXPR_AND ? "and" : k == ST_EXPR_OR ? "or" : "not";
}

static struct st_expr *binary(struct st_pctx *ctx, enum st_expr_kind kind,
			      struct st_expr *l, struct st_expr *r,
			      const YYLTYPE *lop)
{
	struct st_expr *e = st_xcalloc(1, sizeof(*e));
	struct st_expr *sub = kind == ST_EXPR_NOT ? l : r;

	e->kind = kind;
	e->left = l;
	e->right = r;
	e->loc = kind == ST_EXPR_NOT ? *LOC(lop) : l->loc;
	/*
	 * systrace's yacc grammar shifts: `a and b or c` is a and (b or c),
	 * `not a and b` is not (a and b).  Keep the meaning, say so.
	 */
	if (!sub->paren && (sub->kind == ST_EXPR_AND || sub->kind == ST_EXPR_OR) &&
	    (kind == ST_EXPR_NOT || sub->kind != kind)) {
		if (kind == ST_EXPR_NOT)
			WARN(lop, "'not' applies to the whole '%s' expression "
			     "to its right (as in systrace); add parentheses",
			     kindword(sub->kind));
		else
			WARN(lop, "'%s' and '%s' have equal precedence and "
			     "group to the right (as in systrace); add "
			     "parentheses", kindword(kind), kindword(sub->kind));
	}
	(void)ctx;
	return e;
}

/*
 * `as user[:group]` runs one call with another identity; the module can
 * confirm the object of socket, bind and the opens only (kmod/elevate.c).
 * A call that creates a task, runs code or submits work that outlives it
 * would hand the raised identity on: named in its own error.
 */
static void elevate_check(struct st_pctx *ctx, const YYLTYPE *l)
{
	static const char *const spawn[] = {
		"execve", "execveat", "fork", "vfork", "clone", "clone3",
		"io_uring_enter", "io_uring_setup", "io_uring_register",
		"io_submit", "ptrace", NULL,
	};
	static const char *const ok[] = {
		"socket", "bind", "open", "openat", "openat2", NULL,
	};
	struct st_rule *r = ctx->rule;
	size_t i;

	if (!r || ctx->rule_dead || ctx->rule_drop)
		return;
	if (r->action != SYSTRACE_ACT_PERMIT) {
		ERR(l, "'as' elevates only a permit, not '%s'",
		    st_action_name(r->action));
		return;
	}
	if (r->alias != SYSTRACE_ALIAS_NONE)
		return;
	for (i = 0; spawn[i]; i++)
		if (!strcmp(r->call, spawn[i])) {
			ERR(l, "'as' on '%s': a call that creates a task, runs code or submits work would hand the raised identity on; elevate the calls the program makes instead",
			    r->call);
			return;
		}
	/*
	 * An ia32 program reaches socket and bind through socketcall() as
	 * often as directly; the module cannot raise the multiplexer at its
	 * entry, so such a rule would elevate one path and silently not the
	 * other: refused for both.
	 */
	if (r->abi == SYSTRACE_NS_IA32 &&
	    (!strcmp(r->call, "socket") || !strcmp(r->call, "bind"))) {
		ERR(l, "'as' on '%s' of linux32: an ia32 program may make it through socketcall(), which cannot be elevated; elevation is supported there on open, openat, openat2, fsread and fswrite",
		    r->call);
		return;
	}
	for (i = 0; ok[i]; i++)
		if (!strcmp(r->call, ok[i]))
			return;
	ERR(l, "'as' on '%s': elevation is supported on socket, bind, open, openat, openat2, fsread and fswrite",
	    r->call);
}

static void action(struct st_pctx *ctx, enum systrace_action a)
{
	ctx->rule->action = a;
}

static void errcode(struct st_pctx *ctx, char *word, const YYLTYPE *l)
{
	struct st_rule *r = ctx->rule;
	const char *canon;
	int err;

	switch (r->action) {
	case SYSTRACE_ACT_DENY:
		err = st_errno_lookup(word, &canon);
		if (err < 0) {
			ERR(l, "unknown errno name '%s'", word);
		} else {
			r->err = err;
			r->errname = canon;
		}
		break;
	case SYSTRACE_ACT_PERMIT:
		if (!strcmp(word, "inherit"))
			r->flags |= SYSTRACE_RULE_F_INHERIT;
		else if (!strcmp(word, "detach"))
			r->flags |= SYSTRACE_RULE_F_DETACH;
		else
			ERR(l, "unknown permit flag '%s' (inherit or detach)",
			    word);
		break;
	default:
		ERR(l, "'%s' takes no '[%s]'", st_action_name(r->action), word);
		break;
	}
	free(word);
}

static int resolve_id(struct st_pctx *ctx, struct st_ident *id, int group,
		      uint32_t *out, const YYLTYPE *l)
{
	if (id->isnum) {
		*out = (uint32_t)id->num;
		return 1;
	}
	if (group) {
		struct group *gr = getgrnam(id->s);

		if (gr) {
			*out = gr->gr_gid;
			return 1;
		}
		ERR(l, "unknown group '%s'", id->s);
	} else {
		struct passwd *pw = getpwnam(id->s);

		if (pw) {
			*out = pw->pw_uid;
			return 1;
		}
		ERR(l, "unknown user '%s'", id->s);
	}
	return 0;
}

static void cond(struct st_pctx *ctx, enum st_cond_kind kind,
		 enum st_cond_op op, struct st_ident *id, const YYLTYPE *l)
{
	struct st_cond *c = &ctx->rule->cond;

	c->kind = kind;
	c->op = op;
	c->name = id->s;
	resolve_id(ctx, id, kind == ST_COND_GROUP, &c->id, l);
}
