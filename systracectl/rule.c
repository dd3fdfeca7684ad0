// SPDX-License-Identifier: GPL-2.0
/*
 * Rules from what the kernel reports: a question or a learn-mode event
 * carries each argument of the call as its own attribute (SYSTRACE_A_ARG:
 * name, index, kind, the value whole); the rule that covers it compares
 * the arguments that identify the object (paths, socket addresses, socket
 * domain and type: ST_AF_KEY in kmod/calls.def, for the calls the table
 * gives them) and permits the rest of the call. st_rule_cond() writes
 * every comparison, quoting as policyc's lexer reads (policyc/parser.y,
 * st_scan_string()). The kernel log's text (SYSTRACE_A_ARGS) is never
 * read back. Used by "always" answers, by run -A and by monitor.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "systracectl.h"
#include "../policyc/table.h"

/* A value (PATH_MAX at most) and what generalising adds to it. */
#define VALUE_BUF	(4096 + 64)

const char *st_quote_log(char *buf, size_t len, const char *s)
{
	size_t n = 0;

	if (len < 3)
		return "";
	buf[n++] = '"';
	for (; *s; s++) {
		unsigned char c = *s;

		if (n + 6 > len)
			break;
		if (c < 0x20 || c > 0x7e || c == '"' || c == '\\')
			n += snprintf(buf + n, len - n, "\\x%02x", c);
		else
			buf[n++] = c;
	}
	buf[n++] = '"';
	buf[n] = '\0';
	return buf;
}

const char *st_rule_strerror(int err)
{
	switch (err) {
	case -E2BIG:
		return "the rule would be longer than a rule may be";
	case -EDOM:
		return "a name holds $HOME, $USER or $CWD, which a policy string would expand";
	case -EILSEQ:
		return "a name holds a NUL byte, which no policy string can hold";
	case -EPROTO:
		return "the module reports no arguments (an older module)";
	case -ENOENT:
		return "the kernel reports an argument the table of calls does not know";
	default:
		return "the kernel's report of the arguments cannot be read";
	}
}

/* The table's entry of argument @name (its SYSTRACE_ARG_*), or 0. */
static unsigned int table_arg(const char *name)
{
	unsigned int a;

	for (a = 1; a < st_table_nargs; a++)
		if (st_table_args[a].name && !strcmp(name, st_table_args[a].name))
			return a;
	return 0;
}

/*
 * Does a rule compare argument @arg (the @index-th of its name) of @call?
 * Those that name the object (ST_AF_KEY in kmod/calls.def), and only
 * those the table promises for @call, so that every rule written here
 * compiles (policyc checks against the same table).
 */
static int is_key(const char *call, unsigned int arg, unsigned int index)
{
	const struct st_tcall *c = st_table_alias(call);

	if (!c)
		c = st_table_call(call);
	if (!st_tcall_supplied(c))
		return 0;
	return (st_table_args[arg].flags & ST_AF_KEY) &&
	       index < st_tcall_count(c, arg);
}

/*
 * Append @s to @buf as a quoted policy string, as policyc's lexer reads
 * one: \" and \\, control and non-ASCII bytes as \xNN (two digits
 * always: the lexer reads at most two). 0, or -E2BIG if it did not fit
 * (never a rule on part of a name).
 */
static int quote(char *buf, size_t len, const char *s)
{
	size_t n = strlen(buf);

	if (n + 1 >= len)
		return -E2BIG;
	buf[n++] = '"';
	for (; *s; s++) {
		unsigned char c = *s;

		if (n + 5 >= len)
			return -E2BIG;
		if (c == '"' || c == '\\')
			n += snprintf(buf + n, len - n, "\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			n += snprintf(buf + n, len - n, "\\x%02x", c);
		else
			buf[n++] = c;
	}
	buf[n++] = '"';
	buf[n] = '\0';
	return 0;
}

/* Replace @prefix at the start of @path by @macro when it is a directory
 * prefix of it (not "/"). */
static int subst_prefix(char *path, size_t len, const char *prefix,
			const char *macro)
{
	size_t pl = prefix ? strlen(prefix) : 0;
	char tmp[VALUE_BUF];

	while (pl > 1 && prefix[pl - 1] == '/')
		pl--;
	if (pl <= 1 || strncmp(path, prefix, pl) || (path[pl] && path[pl] != '/'))
		return 0;
	if ((size_t)snprintf(tmp, sizeof(tmp), "%s%s", macro, path + pl) >=
	    sizeof(tmp) || strlen(tmp) >= len)
		return 0;
	snprintf(path, len, "%s", tmp);
	return 1;
}

/*
 * Generalise a learned path where the next run of the same program would
 * see another name for the same thing: /proc/<pid>/ of the process itself,
 * version numbers of shared libraries (libfoo.so.1.2.3 -> libfoo.so.*),
 * the home and working directories ($HOME, $CWD). Returns 1 when the
 * result is a pattern (match), 0 for an exact name (eq).
 */
static int generalise(char *path, size_t len, const struct st_rule_ctx *ctx)
{
	char *base, *so, *p;
	int pattern = 0;

	/* $ is a macro for the kernel, and pattern characters would change
	 * meaning: such paths are kept exact. */
	if (strpbrk(path, "$*?[\\"))
		return 0;
	if (!strncmp(path, "/proc/", 6) && isdigit((unsigned char)path[6])) {
		for (p = path + 6; isdigit((unsigned char)*p); p++)
			;
		if (*p == '/' || !*p) {
			memmove(path + 7, p, strlen(p) + 1);
			path[6] = '*';
			pattern = 1;
		}
	}
	base = strrchr(path, '/');
	base = base ? base + 1 : path;
	so = strstr(base, ".so.");
	if (so && so[4]) {
		for (p = so + 4; isdigit((unsigned char)*p) || *p == '.'; p++)
			;
		if (!*p && isdigit((unsigned char)so[4])) {
			strcpy(so + 4, "*");
			pattern = 1;
		}
	}
	/* The longer of $HOME and $CWD wins (the working directory is
	 * often below the home). */
	if (ctx->home && ctx->cwd && strlen(ctx->cwd) > strlen(ctx->home)) {
		if (!subst_prefix(path, len, ctx->cwd, "$CWD"))
			subst_prefix(path, len, ctx->home, "$HOME");
	} else if (!subst_prefix(path, len, ctx->home, "$HOME")) {
		subst_prefix(path, len, ctx->cwd, "$CWD");
	}
	return pattern;
}

int st_rule_cond(const char *call, const struct st_rarg *a,
		 const struct st_rule_ctx *ctx, char *buf, size_t len)
{
	char val[VALUE_BUF];
	unsigned int arg;
	size_t n = strlen(buf);
	int pattern = 0;

	arg = table_arg(a->name);
	/* A name or a kind the table does not know: the kernel and this
	 * tool disagree on the table; whatever it is, no rule on it. */
	if (!arg || (int)st_table_args[arg].kind != a->kind)
		return -ENOENT;
	if (!is_key(call, arg, a->index))
		return 0;
	if (a->len != strlen(a->value))
		return -EILSEQ;
	if (a->len >= sizeof(val) - 8)
		return -E2BIG;
	/* A policy string expands these wherever they are: the rule would
	 * not name this object. */
	if (strstr(a->value, "$HOME") || strstr(a->value, "$USER") ||
	    strstr(a->value, "$CWD"))
		return -EDOM;
	memcpy(val, a->value, a->len + 1);
	if (ctx && ctx->generalise && st_table_args[arg].kind == ST_KIND_PATH)
		pattern = generalise(val, sizeof(val), ctx);
	if ((size_t)snprintf(buf + n, len - n, "%s%s", n ? " and " : "",
			     a->name) >= len - n)
		return -E2BIG;
	n = strlen(buf);
	if (a->index &&
	    (size_t)snprintf(buf + n, len - n, "[%u]", a->index) >= len - n)
		return -E2BIG;
	n = strlen(buf);
	if ((size_t)snprintf(buf + n, len - n, " %s ",
			     pattern ? "match" : "eq") >= len - n)
		return -E2BIG;
	return quote(buf, len, val) < 0 ? -E2BIG : 1;
}

/*
 * The kernel names x86_64 calls by their sys_ symbols; six of them are
 * not the names of asm/unistd_64.h that policies use.
 */
static const char *const renamed[][2] = {
	{ "newstat", "stat" }, { "newfstat", "fstat" }, { "newlstat", "lstat" },
	{ "sendfile64", "sendfile" }, { "newuname", "uname" },
	{ "umount", "umount2" },
};

const char *st_call_name(const char *call)
{
	size_t i;

	for (i = 0; i < sizeof(renamed) / sizeof(renamed[0]); i++)
		if (!strcmp(call, renamed[i][0]))
			return renamed[i][1];
	return call;
}

int st_rule_expr(const char *call, const struct st_rarg *args, int nargs,
		 const struct st_rule_ctx *ctx, char *buf, size_t len)
{
	int i, ret = 0;

	if (nargs < 0)
		return nargs;
	if (!len)
		return -E2BIG;
	buf[0] = '\0';
	call = st_call_name(call);
	for (i = 0; i < nargs && ret >= 0; i++)
		ret = st_rule_cond(call, &args[i], ctx, buf, len);
	return ret < 0 ? ret : 0;
}

int st_rule_text(const char *emulation, const char *call,
		 const struct st_rarg *args, int nargs,
		 const struct st_rule_ctx *ctx, const char *action,
		 char *buf, size_t len)
{
	char *expr = malloc(ST_RULE_MAX);
	int ret;

	if (!expr)
		return -ENOMEM;
	call = st_call_name(call);
	ret = st_rule_expr(call, args, nargs, ctx, expr, ST_RULE_MAX);
	if (ret >= 0 &&
	    (size_t)(expr[0] ?
		     snprintf(buf, len, "%s-%s: %s then %s", emulation, call,
			      expr, action) :
		     snprintf(buf, len, "%s-%s: %s", emulation, call,
			      action)) >= len)
		ret = -E2BIG;
	free(expr);
	return ret;
}

int st_rargs_dup(const struct st_rarg *in, int n, struct st_rarg *out)
{
	int i;

	for (i = 0; i < n; i++) {
		out[i] = in[i];
		out[i].name = strdup(in[i].name);
		out[i].value = malloc(in[i].len + 1);
		if (!out[i].name || !out[i].value) {
			st_rargs_free(out, i + 1);
			return -ENOMEM;
		}
		memcpy((char *)out[i].value, in[i].value, in[i].len + 1);
	}
	return 0;
}

void st_rargs_free(struct st_rarg *a, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		free((char *)a[i].name);
		free((char *)a[i].value);
		a[i].name = a[i].value = NULL;
	}
}

int st_errno_parse(const char *name)
{
	int i;

	for (i = 1; i < 134; i++) {
		const char *e = strerrorname_np(i);

		if (e && !strcasecmp(e, name))
			return i;
	}
	return -1;
}
