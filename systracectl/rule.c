// SPDX-License-Identifier: GPL-2.0
/*
 * Rules from what the kernel reports: a question or a learn-mode event
 * names a call and its arguments as systrace logged them, every value a
 * task chose quoted and escaped by the kernel
 * ('filename: "/etc/passwd", oflags: O_RDONLY'); the rule that covers it
 * compares the arguments that identify the object (paths, socket
 * addresses, socket domain and type: ST_AF_KEY in kmod/calls.def, for the
 * calls the table gives them) and permits the rest of the call.
 * Used by "always" answers, by run -A and by monitor.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "systracectl.h"
#include "../policyc/table.h"

/* An argument name as the kernel writes it: filename, filename[1], arg0. */
static size_t arg_name_len(const char *s)
{
	size_t n = 0;

	while (islower((unsigned char)s[n]) || isdigit((unsigned char)s[n]) ||
	       s[n] == '_' || s[n] == '[' || s[n] == ']')
		n++;
	return n && s[n] == ':' && s[n + 1] == ' ' ? n : 0;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * A quoted value at @v (its opening quote): decoded into @out (@len), its
 * end (past the closing quote and a "..." cut mark) in *@end. Only \xNN
 * escapes are the kernel's (kmod/decide.c, st_put_quoted()); \" and \\
 * are read too. Return: 0, 1 if the value was cut short (by the kernel or
 * for @out), or -EINVAL.
 */
static int unquote(const char *v, char *out, size_t len, const char **end)
{
	const char *p = v + 1;
	size_t o = 0;
	int cut = 0, hi, lo;
	char c;

	for (;;) {
		if (!*p)
			return -EINVAL;
		if (*p == '"')
			break;
		if (*p == '\\') {
			if (p[1] == 'x') {
				hi = hexval(p[2]);
				lo = hi < 0 ? -1 : hexval(p[3]);
				if (lo < 0)
					return -EINVAL;
				p += 4;
				if (!hi && !lo) {
					/* No C string holds it: no rule names it. */
					cut = 1;
					continue;
				}
				c = (char)(hi << 4 | lo);
			} else if (p[1] == '"' || p[1] == '\\') {
				c = p[1];
				p += 2;
			} else {
				return -EINVAL;
			}
		} else {
			c = *p++;
		}
		if (o + 1 < len)
			out[o++] = c;
		else
			cut = 1;
	}
	out[o] = '\0';
	p++;
	if (!strncmp(p, "...", 3)) {
		cut = 1;
		p += 3;
	}
	if (*p && strncmp(p, ", ", 2))
		return -EINVAL;
	*end = p;
	return cut;
}

int st_parse_args(const char *args, struct st_arg *out, int max, int *rest)
{
	const char *p = args, *v, *e;
	int n = 0, ret;
	size_t len;

	*rest = 0;
	while (*p && n < max) {
		if (!strcmp(p, "...")) {
			/* The kernel had no room for the other arguments. */
			*rest = 1;
			break;
		}
		len = arg_name_len(p);
		if (!len || len >= sizeof(out[n].name))
			return -EINVAL;
		memcpy(out[n].name, p, len);
		out[n].name[len] = '\0';
		v = p + len + 2;
		out[n].cut = 0;
		if (*v == '"') {
			ret = unquote(v, out[n].value, sizeof(out[n].value), &e);
			if (ret < 0)
				return ret;
			out[n].cut = ret;
		} else {
			/* A value the kernel formats: no ", " in it. */
			e = strstr(v, ", ");
			if (!e)
				e = v + strlen(v);
			len = e - v;
			if (len >= sizeof(out[n].value))
				return -EINVAL;
			memcpy(out[n].value, v, len);
			out[n].value[len] = '\0';
		}
		n++;
		p = *e ? e + 2 : e;
	}
	if (*p && !*rest)
		*rest = 1;
	return n;
}

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
		return "a name the rule needs was cut short in the kernel's report";
	case -EDOM:
		return "a name holds $HOME, $USER or $CWD, which a policy string would expand";
	default:
		return "the kernel's report of the arguments cannot be read";
	}
}

/*
 * The arguments a rule compares: those that name the object (ST_AF_KEY in
 * kmod/calls.def), and only those the table promises for @call, so that
 * every rule written here compiles (policyc checks against the same
 * table).  @name is "filename" or "filename[1]".
 */
static int is_key(const char *call, const char *name)
{
	const struct st_tcall *c = st_table_alias(call);
	size_t len = strcspn(name, "[");
	unsigned int a, idx = 0;

	if (!c)
		c = st_table_call(call);
	if (!st_tcall_supplied(c))
		return 0;
	if (name[len] && (sscanf(name + len, "[%u]", &idx) != 1))
		return 0;
	for (a = 1; a < st_table_nargs; a++) {
		const struct st_targinfo *i = &st_table_args[a];

		if (strlen(i->name) == len && !strncmp(name, i->name, len))
			return (i->flags & ST_AF_KEY) &&
			       idx < st_tcall_count(c, a);
	}
	return 0;
}

/* Append @s to @buf as a quoted policy string: 0, or -E2BIG if it did
 * not fit (never a rule on part of a name). */
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
	char tmp[PATH_MAX_RULE];

	while (pl > 1 && prefix[pl - 1] == '/')
		pl--;
	if (pl <= 1 || strncmp(path, prefix, pl) || (path[pl] && path[pl] != '/'))
		return 0;
	snprintf(tmp, sizeof(tmp), "%s%s", macro, path + pl);
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

int st_rule_expr(const char *call, const char *args,
		 const struct st_rule_ctx *ctx, char *buf, size_t len)
{
	struct st_arg a[ST_ARGS_N];
	char val[PATH_MAX_RULE];
	int n, i, k = 0, pattern, rest;

	buf[0] = '\0';
	n = st_parse_args(args ? args : "", a, ST_ARGS_N, &rest);
	if (n < 0)
		return n;
	/* Arguments the report left out may be ones the rule compares. */
	if (rest)
		return -E2BIG;
	for (i = 0; i < n; i++) {
		if (!is_key(call, a[i].name))
			continue;
		/* A rule on a part of the name would name another object. */
		if (a[i].cut)
			return -E2BIG;
		/* A policy string expands these wherever they are: the rule
		 * would not name this object. */
		if (strstr(a[i].value, "$HOME") || strstr(a[i].value, "$USER") ||
		    strstr(a[i].value, "$CWD"))
			return -EDOM;
		snprintf(val, sizeof(val), "%s", a[i].value);
		pattern = 0;
		if (ctx && ctx->generalise && !strncmp(a[i].name, "filename", 8))
			pattern = generalise(val, sizeof(val), ctx);
		snprintf(buf + strlen(buf), len - strlen(buf), "%s%s %s ",
			 k++ ? " and " : "", a[i].name, pattern ? "match" : "eq");
		if (quote(buf, len, val) < 0)
			return -E2BIG;
	}
	return 0;
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

int st_rule_text(const char *emulation, const char *call, const char *args,
		 const struct st_rule_ctx *ctx, const char *action,
		 char *buf, size_t len)
{
	char expr[ST_RULE_MAX];
	int ret;

	call = st_call_name(call);
	ret = st_rule_expr(call, args, ctx, expr, sizeof(expr));
	if (ret < 0)
		return ret;
	if (expr[0])
		snprintf(buf, len, "%s-%s: %s then %s", emulation, call, expr, action);
	else
		snprintf(buf, len, "%s-%s: %s", emulation, call, action);
	return 0;
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
