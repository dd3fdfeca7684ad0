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
	case -ENODATA:
		return "the arguments are not all in the report";
	case -EBADMSG:
		return "a value was not UTF-8 text, and JSON kept it as U+FFFD";
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
 * $CWD and $HOME for the directories of the run: the longer wins (the
 * working directory is often below the home). When they are one
 * directory, a name starting with '.' there (~/.config, ~/.systrace) is
 * the home's, any other the working directory's: "cat notes" run in the
 * home reads the notes of wherever it runs next.
 */
static void subst_dirs(char *path, size_t len, const struct st_rule_ctx *ctx)
{
	size_t hl = ctx->home ? strlen(ctx->home) : 0;
	size_t cl = ctx->cwd ? strlen(ctx->cwd) : 0;
	int cwd_first = cl > hl;

	if (cl && cl == hl && !strcmp(ctx->cwd, ctx->home))
		cwd_first = strncmp(path + hl, "/.", 2) != 0;
	if (cwd_first) {
		if (!subst_prefix(path, len, ctx->cwd, "$CWD"))
			subst_prefix(path, len, ctx->home, "$HOME");
	} else if (!subst_prefix(path, len, ctx->home, "$HOME")) {
		subst_prefix(path, len, ctx->cwd, "$CWD");
	}
}

/* What generalise() made of a path: how the rule compares it. */
enum {
	GEN_EQ,		/* the name itself (perhaps with $HOME or $CWD) */
	GEN_MATCH,	/* a match pattern */
	GEN_INPATH,	/* a directory: inpath */
	GEN_TERMINAL,	/* any terminal: /dev/pts/ * or /dev/tty* */
};

/* Directories the dynamic linker loads shared objects from. */
static const char *const lib_dirs[] = {
	"/lib", "/lib32", "/lib64", "/libx32", "/usr/lib", "/usr/lib32",
	"/usr/lib64", "/usr/libx32", "/usr/local/lib",
};

/*
 * @path's directory if it is a library directory or a directory right
 * below one (Debian's multiarch /usr/lib/x86_64-linux-gnu): its length,
 * else 0. @sub: the name below, where a library directory's own is 0.
 */
static size_t lib_dir(const char *path, size_t *sub)
{
	const char *base = strrchr(path, '/');
	size_t i, dl, l;

	dl = base - path;
	for (i = 0; i < sizeof(lib_dirs) / sizeof(lib_dirs[0]); i++) {
		l = strlen(lib_dirs[i]);
		if (strncmp(path, lib_dirs[i], l) || path[l] != '/')
			continue;
		if (dl == l) {
			*sub = 0;
			return dl;
		}
		if (!memchr(path + l + 1, '/', dl - l - 1)) {
			*sub = l + 1;
			return dl;
		}
	}
	return 0;
}

/* A shared object's name: "libc.so.6", "ld-linux-x86-64.so.2", "x.so". */
static int shared_object(const char *base)
{
	const char *so = strstr(base, ".so");

	for (; so; so = strstr(so + 1, ".so"))
		if (so > base && (!so[3] || so[3] == '.'))
			return 1;
	return 0;
}

/*
 * Locale data, which another user's (or another session's) LANG picks
 * differently: the locale archive and directories, message catalogues,
 * and gconv modules (a "gconv" directory in a library directory). The
 * directory's length in @path, or 0.
 */
static size_t locale_dir(const char *path)
{
	static const char *const dirs[] = {
		"/usr/lib/locale", "/usr/share/locale", "/usr/share/i18n",
		"/usr/local/share/locale",
	};
	const char *g;
	size_t i, l, sub;

	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		l = strlen(dirs[i]);
		if (!strncmp(path, dirs[i], l) && (!path[l] || path[l] == '/'))
			return l;
	}
	for (g = strstr(path, "/gconv"); g; g = strstr(g + 1, "/gconv")) {
		char dir[VALUE_BUF];

		l = g - path + 6;
		if (path[l] && path[l] != '/')
			continue;
		/* gconv/ right in a library directory (or its multiarch one) */
		snprintf(dir, sizeof(dir), "%.*s/x", (int)(g - path), path);
		if (lib_dir(dir, &sub))
			return l;
	}
	return 0;
}

/* A terminal: the pseudo-terminals, /dev/tty and /dev/ttyXX. */
static int terminal(const char *path)
{
	const char *p;

	if (!strncmp(path, "/dev/pts/", 9) && path[9]) {
		for (p = path + 9; isdigit((unsigned char)*p); p++)
			;
		return !*p;
	}
	return !strncmp(path, "/dev/tty", 8) && !strchr(path + 5, '/');
}

/*
 * "pipe:[1234]", "socket:[1234]": the kernel's name of a pipe or socket
 * (an ioctl on a standard descriptor), a new inode number on every run:
 * any pipe, any socket. 1 when @path was one (now the pattern).
 */
static int pseudo_file(char *path, size_t len)
{
	static const char *const kinds[] = { "pipe", "socket" };
	size_t i, l;
	const char *p;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		l = strlen(kinds[i]);
		if (strncmp(path, kinds[i], l) || strncmp(path + l, ":[", 2))
			continue;
		for (p = path + l + 2; isdigit((unsigned char)*p); p++)
			;
		if (p == path + l + 2 || strcmp(p, "]") || len < l + 8)
			return 0;
		snprintf(path, len, "%s:\\[*\\]", kinds[i]);
		return 1;
	}
	return 0;
}

/*
 * Generalise a learned path where the next run of the same program would
 * see another name for the same thing, or where systrace's users widened
 * a learned policy by hand (Documentation/admin-guide.rst, "What learning
 * generalises", lists each):
 * - a pipe or socket of the run ("pipe:[N]") -> any pipe, any socket;
 * - a terminal (/dev/pts/N, /dev/ttyS1) -> any terminal;
 * - locale data (/usr/lib/locale, /usr/share/locale, gconv/) -> its root,
 *   inpath: another LANG reads other files there;
 * - a shared object in a library directory -> any shared object in that
 *   directory (DIR/ *.so*); elsewhere, its version (libfoo.so.1.2 ->
 *   libfoo.so.*);
 * - /proc/<pid>/ of the process itself -> /proc/ * /;
 * - a path under the working directory of the run or the home directory
 *   -> $CWD/..., $HOME/... (the kernel expands them for the next run).
 * Everything else stays the exact name the run used. Returns GEN_*.
 */
static int generalise(char *path, size_t len, const struct st_rule_ctx *ctx)
{
	char *base, *so, *p;
	size_t dl, sub;
	int gen = GEN_EQ;

	if (pseudo_file(path, len))
		return GEN_MATCH;
	/* $ is a macro for the kernel, and pattern characters would change
	 * meaning: such paths are kept exact. */
	if (strpbrk(path, "$*?[\\"))
		return GEN_EQ;
	if (terminal(path))
		return GEN_TERMINAL;
	dl = locale_dir(path);
	if (dl) {
		path[dl] = '\0';
		return GEN_INPATH;
	}
	base = strrchr(path, '/');
	base = base ? base + 1 : path;
	if (path[0] == '/' && shared_object(base) && lib_dir(path, &sub) &&
	    len > (size_t)(base - path) + 5) {
		strcpy(base, "*.so*");
		return GEN_MATCH;
	}
	if (!strncmp(path, "/proc/", 6) && isdigit((unsigned char)path[6])) {
		for (p = path + 6; isdigit((unsigned char)*p); p++)
			;
		if (*p == '/' || !*p) {
			memmove(path + 7, p, strlen(p) + 1);
			path[6] = '*';
			gen = GEN_MATCH;
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
			gen = GEN_MATCH;
		}
	}
	subst_dirs(path, len, ctx);
	return gen;
}

/*
 * An absolute @path widened in place to its directory (logprof's broader
 * choices): ST_WIDEN_INPATH "/a/b/c.txt" -> "/a/b" (inpath); ST_WIDEN_GLOB
 * -> "/a/b/" "*.txt" (match; "*" alone without an extension). A path with
 * '$' or a pattern's own characters in what would be kept is not widened.
 * Returns the operator: "inpath", "match", or "eq" (@path unchanged).
 */
static const char *widen(char *path, int how)
{
	char *base = strrchr(path, '/'), *dot;
	size_t dl = base - path;

	if (path[0] != '/' || strchr(path, '$'))
		return "eq";
	if (how == ST_WIDEN_INPATH) {
		path[dl ? dl : 1] = '\0';
		return "inpath";
	}
	dot = strrchr(base + 1, '.');
	if (!dot || dot == base + 1 || strpbrk(dot, "*?[\\"))
		dot = NULL;
	*base = '\0';
	if (strpbrk(path, "*?[\\")) {
		*base = '/';
		return "eq";
	}
	*base = '/';
	base[1] = '*';
	if (dot)
		memmove(base + 2, dot, strlen(dot) + 1);
	else
		base[2] = '\0';
	return "match";
}

/*
 * The terminal class, "(filename match PTS or filename match TTY)" with
 * PTS "/dev/pts/" "*" and TTY "/dev/tty*": a terminal the run used stands
 * for any, since the next run has another.
 */
static int terminal_cond(const struct st_rarg *a, char *buf, size_t len)
{
	static const char *const pats[] = { "/dev/pts/*", "/dev/tty*" };
	char name[80];
	size_t n = strlen(buf), i;

	if (a->index)
		snprintf(name, sizeof(name), "%s[%u]", a->name, a->index);
	else
		snprintf(name, sizeof(name), "%s", a->name);
	if ((size_t)snprintf(buf + n, len - n, "%s(", n ? " and " : "") >=
	    len - n)
		return -E2BIG;
	for (i = 0; i < sizeof(pats) / sizeof(pats[0]); i++) {
		n = strlen(buf);
		if ((size_t)snprintf(buf + n, len - n, "%s%s match ",
				     i ? " or " : "", name) >= len - n ||
		    quote(buf, len, pats[i]) < 0)
			return -E2BIG;
	}
	n = strlen(buf);
	if (n + 2 > len)
		return -E2BIG;
	strcpy(buf + n, ")");
	return 1;
}

int st_rule_cond(const char *call, const struct st_rarg *a,
		 const struct st_rule_ctx *ctx, char *buf, size_t len)
{
	char val[VALUE_BUF];
	unsigned int arg;
	size_t n = strlen(buf);
	const char *op = "eq";
	int gen = GEN_EQ;

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
	if (ctx && ctx->widen && st_table_args[arg].kind == ST_KIND_PATH)
		op = widen(val, ctx->widen);
	else if (ctx && ctx->generalise &&
		 st_table_args[arg].kind == ST_KIND_PATH)
		gen = generalise(val, sizeof(val), ctx);
	if (gen == GEN_MATCH)
		op = "match";
	else if (gen == GEN_INPATH)
		op = "inpath";
	if (gen == GEN_TERMINAL)
		return terminal_cond(a, buf, len);
	if ((size_t)snprintf(buf + n, len - n, "%s%s", n ? " and " : "",
			     a->name) >= len - n)
		return -E2BIG;
	n = strlen(buf);
	if (a->index &&
	    (size_t)snprintf(buf + n, len - n, "[%u]", a->index) >= len - n)
		return -E2BIG;
	n = strlen(buf);
	if ((size_t)snprintf(buf + n, len - n, " %s ", op) >= len - n)
		return -E2BIG;
	return quote(buf, len, val) < 0 ? -E2BIG : 1;
}

/* "filename", "filename[1]": the argument's name and index; -ENOENT. */
static int parse_key(const char *key, char *name, size_t len,
		     unsigned int *index)
{
	const char *br = strchr(key, '[');
	size_t nl = br ? (size_t)(br - key) : strlen(key);
	char *end;

	*index = 0;
	if (!nl || nl >= len)
		return -ENOENT;
	memcpy(name, key, nl);
	name[nl] = '\0';
	if (!br)
		return 0;
	/* One spelling of an index: 1..ST_ARGS_N-1, no sign, no zeros. */
	if (br[1] < '1' || br[1] > '9')
		return -ENOENT;
	*index = strtoul(br + 1, &end, 10);
	return *index < ST_ARGS_N && !strcmp(end, "]") ? 0 : -ENOENT;
}

int st_rarg_key(const char *key, struct st_rarg *a)
{
	char name[64];
	unsigned int arg;

	if (parse_key(key, name, sizeof(name), &a->index))
		return -ENOENT;
	arg = table_arg(name);
	if (!arg)
		return -ENOENT;
	a->name = st_table_args[arg].name;
	a->kind = st_table_args[arg].kind;
	return 0;
}

/* A name as a journal field may spell it: "cred-uid" -> "CRED_UID". */
static void jfield(const char *name, char *buf, size_t len)
{
	size_t i;

	for (i = 0; name[i] && i + 1 < len; i++)
		buf[i] = isalnum((unsigned char)name[i]) ?
			 toupper((unsigned char)name[i]) : '_';
	buf[i] = '\0';
}

int st_rarg_jkey(const char *field, struct st_rarg *a)
{
	char j[64], key[80];
	const char *us;
	unsigned int arg;
	size_t fl = strlen(field);

	for (arg = 1; arg < st_table_nargs; arg++) {
		if (!st_table_args[arg].name)
			continue;
		jfield(st_table_args[arg].name, j, sizeof(j));
		if (strncmp(field, j, strlen(j)))
			continue;
		us = field + strlen(j);
		if (*us && (*us != '_' || fl - strlen(j) > 3))
			continue;
		snprintf(key, sizeof(key), "%s%s%s%s", st_table_args[arg].name,
			 *us ? "[" : "", *us ? us + 1 : "", *us ? "]" : "");
		return st_rarg_key(key, a);
	}
	return -ENOENT;
}

unsigned int st_rarg_rank(const struct st_rarg *a)
{
	return table_arg(a->name) * ST_ARGS_N + a->index;
}

void st_rarg_jname(const struct st_rarg *a, char *buf, size_t len)
{
	char j[64];

	jfield(a->name, j, sizeof(j));
	if (a->index)
		snprintf(buf, len, "SYSTRACE_ARG_%s_%u", j, a->index);
	else
		snprintf(buf, len, "SYSTRACE_ARG_%s", j);
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
