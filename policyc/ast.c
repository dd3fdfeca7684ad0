// SPDX-License-Identifier: GPL-2.0
/*
 * The parse driver (st_parse_file, st_parse_string), freeing and printing
 * of the parsed form.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ast.h"
#include "lint.h"
#include "policyc/parser.h"
#include "policyc/scanner.h"

void st_expr_free(struct st_expr *e)
{
	if (!e)
		return;
	st_expr_free(e->left);
	st_expr_free(e->right);
	free(e->pred.name);
	free(e->pred.value);
	free(e);
}

void st_rule_free(struct st_rule *r)
{
	if (!r)
		return;
	free(r->text);
	free(r->emulation);
	free(r->call);
	st_expr_free(r->expr);
	free(r->elevate.user);
	free(r->elevate.group);
	free(r->cond.name);
	free(r);
}

void st_file_free(struct st_file *f)
{
	struct st_policy *p, *pn;
	struct st_rule *r, *rn;

	if (!f)
		return;
	for (p = f->policies; p; p = pn) {
		pn = p->next;
		for (r = p->rules; r; r = rn) {
			rn = r->next;
			st_rule_free(r);
		}
		free(p->path);
		free(p->emulation);
		free(p);
	}
	free(f->name);
	free(f);
}

struct st_file *st_parse_string(const char *name, const char *text,
				size_t len, struct st_diag *d,
				unsigned int flags)
{
	struct st_pctx ctx;
	struct st_file *f;
	yyscan_t scanner;
	char *buf;
	size_t n = len;
	YY_BUFFER_STATE b;
	int rc;

	if (!st_diag_add_source(d, name, text, len)) {
		st_error(d, NULL, "out of memory");
		return NULL;
	}
	/* one error for a binary file, not one per byte */
	if (st_lint_text(name, text, len, d))
		return NULL;
	/* every line ends with a newline, the last one too */
	buf = st_xmalloc(len + 2);
	memcpy(buf, text, len);
	if (n == 0 || buf[n - 1] != '\n')
		buf[n++] = '\n';
	buf[n] = '\0';

	f = st_xcalloc(1, sizeof(*f));
	f->name = st_xstrdup(name);
	f->tail = &f->policies;

	memset(&ctx, 0, sizeof(ctx));
	/* where each line starts, for the rules' text */
	ctx.lines = st_xmalloc(sizeof(*ctx.lines) * (n + 1));
	ctx.lines[ctx.nlines++] = 0;
	for (size_t i = 0; i + 1 < n; i++)
		if (buf[i] == '\n')
			ctx.lines[ctx.nlines++] = i + 1;
	ctx.d = d;
	ctx.file = f;
	ctx.flags = flags;
	ctx.src = buf;
	ctx.srclen = n;
	ctx.line = 1;
	ctx.col = 1;

	if (st_yylex_init_extra(&ctx, &scanner)) {
		st_error(d, NULL, "out of memory");
		free(ctx.lines);
		free(buf);
		st_file_free(f);
		return NULL;
	}
	b = st_yy_scan_bytes(buf, (int)n, scanner);
	rc = st_yyparse(scanner, &ctx);
	st_yy_delete_buffer(b, scanner);
	st_yylex_destroy(scanner);
	st_rule_free(ctx.rule);
	free(ctx.lines);
	free(buf);

	st_lint_shadow(f, d);
	if (rc != 0 && st_diag_errors(d) == 0)
		st_error(d, &(struct st_loc){ .file = f->name }, "parse failed");
	if (st_diag_errors(d) != 0) {
		st_file_free(f);
		return NULL;
	}
	return f;
}

struct st_file *st_parse_file(const char *path, struct st_diag *d,
			      unsigned int flags)
{
	FILE *in = strcmp(path, "-") ? fopen(path, "r") : stdin;
	const char *name = in == stdin ? "<stdin>" : path;
	char *text = NULL;
	size_t size = 0, len = 0;
	struct st_file *f;

	if (!in) {
		st_error(d, &(struct st_loc){ .file = path }, "%s",
			 strerror(errno));
		return NULL;
	}
	for (;;) {
		size_t got;

		if (len + 4096 > size) {
			char *n;

			size = size ? 2 * size : 8192;
			n = realloc(text, size);
			if (!n) {
				free(text);
				if (in != stdin)
					fclose(in);
				st_error(d, NULL, "out of memory");
				return NULL;
			}
			text = n;
		}
		got = fread(text + len, 1, size - len, in);
		len += got;
		if (got == 0)
			break;
	}
	if (ferror(in)) {
		st_error(d, &(struct st_loc){ .file = name }, "%s",
			 strerror(errno));
		free(text);
		if (in != stdin)
			fclose(in);
		return NULL;
	}
	if (in != stdin)
		fclose(in);
	f = st_parse_string(name, text ? text : "", len, d, flags);
	free(text);
	return f;
}

const char *st_op_name(enum st_op op)
{
	static const char *const n[] = {
		[ST_OP_EQ] = "eq", [ST_OP_NEQ] = "neq", [ST_OP_SUB] = "sub",
		[ST_OP_NSUB] = "nsub", [ST_OP_MATCH] = "match",
		[ST_OP_RE] = "re", [ST_OP_INPATH] = "inpath",
	};

	return (unsigned int)op < __ST_OP_LAST ? n[op] : "?";
}

const char *st_action_name(enum systrace_action a)
{
	static const char *const n[] = {
		[SYSTRACE_ACT_PERMIT] = "permit", [SYSTRACE_ACT_DENY] = "deny",
		[SYSTRACE_ACT_ASK] = "ask",
	};

	return (unsigned int)a < __SYSTRACE_ACT_LAST ? n[a] : "?";
}

const char *st_abi_name(enum systrace_call_ns abi)
{
	switch (abi) {
	case SYSTRACE_NS_X86_64:
		return "x86_64";
	case SYSTRACE_NS_IA32:
		return "ia32";
	default:
		return "?";
	}
}

const char *st_alias_name(enum systrace_alias a)
{
	switch (a) {
	case SYSTRACE_ALIAS_FSREAD:
		return "fsread";
	case SYSTRACE_ALIAS_FSWRITE:
		return "fswrite";
	default:
		return "?";
	}
}

static void print_value(const char *s, size_t len, FILE *out)
{
	size_t i;

	fputc('"', out);
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		switch (c) {
		case '"':
			fputs("\\\"", out);
			break;
		case '\\':
			fputs("\\\\", out);
			break;
		case '\n':
			fputs("\\n", out);
			break;
		case '\t':
			fputs("\\t", out);
			break;
		default:
			if (c < 0x20 || c >= 0x7f)
				fprintf(out, "\\x%02x", c);
			else
				fputc(c, out);
		}
	}
	fputc('"', out);
}

static void print_sub(const struct st_expr *e, FILE *out)
{
	int paren = e->kind == ST_EXPR_AND || e->kind == ST_EXPR_OR;

	if (paren)
		fputc('(', out);
	st_expr_print(e, out);
	if (paren)
		fputc(')', out);
}

void st_expr_print(const struct st_expr *e, FILE *out)
{
	if (!e) {
		fputs("true", out);
		return;
	}
	switch (e->kind) {
	case ST_EXPR_TRUE:
		fputs("true", out);
		break;
	case ST_EXPR_PRED:
		fputs(e->pred.name, out);
		if (e->pred.index >= 0)
			fprintf(out, "[%d]", e->pred.index);
		fprintf(out, " %s ", st_op_name(e->pred.op));
		print_value(e->pred.value, e->pred.len, out);
		break;
	case ST_EXPR_NOT:
		fputs("not ", out);
		print_sub(e->left, out);
		break;
	case ST_EXPR_AND:
	case ST_EXPR_OR:
		print_sub(e->left, out);
		fputs(e->kind == ST_EXPR_AND ? " and " : " or ", out);
		print_sub(e->right, out);
		break;
	default:
		fputs("?", out);
		break;
	}
}
