/* SPDX-License-Identifier: GPL-2.0 */
/*
 * policyc front end: the parsed form of a systrace policy file.
 *
 * This header is the contract between the front end (scanner.l, parser.y,
 * ast.c, names.c) and the back end (lowering to bytecode, disassembler).
 * It only grows: fields and enumerators are added, never renamed, removed
 * or renumbered.
 *
 * A file is a list of policies.  A policy is either introduced by a header
 * line `Policy: PATH, Emulation: E` or, for rules that come before any
 * header, is a header-less fragment (systrace's `-f` files, the ports
 * tree's systrace.filter).  Each policy holds its rules in source order;
 * the back end must keep first-match order per call.
 *
 * Everything reachable from a struct st_file is owned by it and freed by
 * st_file_free(); every st_loc.file in it points to st_file.name.  Strings are NUL-terminated; predicate values also carry
 * their length, as a quoted string may contain "\0".
 */
#ifndef POLICYC_AST_H
#define POLICYC_AST_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include <uapi/linux/systrace_prog.h>

#include "diag.h"

/*
 * The ABI of a rule is the namespace of its call key, &enum systrace_call_ns
 * of the bytecode's header: SYSTRACE_NS_X86_64 for emulations "native",
 * "linux", "linux64" (and the BSD native names "openbsd", "netbsd",
 * "freebsd", which old policies use: their calls are matched by name
 * against the x86_64 table), SYSTRACE_NS_IA32 for "linux32" (32-bit
 * programs, int 0x80 / compat).  Aliases (fsread, fswrite) are &enum
 * systrace_alias; argument names &enum systrace_arg, of which a policy may
 * name those up to ST_ARG_MAX (the rest are policyc's own, for `if user`
 * and `as`); actions &enum systrace_action; rule flags SYSTRACE_RULE_F_*.
 */

/*
 * Arguments a predicate may test: SYSTRACE_ARG_FILENAME to ST_ARG_MAX (see
 * names.h for which call has which, and how many of each: rename has two
 * filenames).  The kernel supplies each as a string, printed as systrace
 * printed it.
 */
#define ST_ARG_MAX	SYSTRACE_ARG_RAW5

/**
 * enum st_op - predicate operators, with systrace's meaning except @ST_OP_EQ.
 * @ST_OP_EQ: byte-exact equality (systrace used strcasecmp; Linux paths are
 *	case-sensitive, so policyc compares bytes).
 * @ST_OP_NEQ: not @ST_OP_EQ.
 * @ST_OP_SUB: the value is a substring of the argument.
 * @ST_OP_NSUB: not @ST_OP_SUB.
 * @ST_OP_MATCH: fnmatch(value, arg, FNM_PATHNAME | FNM_LEADING_DIR).
 * @ST_OP_RE: POSIX extended regular expression, unanchored (regexec).
 * @ST_OP_INPATH: the argument is the value or below it as a path
 *	("/tmp" covers "/tmp" and "/tmp/x", not "/tmpx").
 */
enum st_op {
	ST_OP_EQ = 0,
	ST_OP_NEQ,
	ST_OP_SUB,
	ST_OP_NSUB,
	ST_OP_MATCH,
	ST_OP_RE,
	ST_OP_INPATH,
	__ST_OP_LAST
};
#define ST_OP_MAX (__ST_OP_LAST - 1)

/* Macros a predicate value contains (bits of st_pred.macros).  They stay
 * symbolic in the value: the kernel expands them per process. */
#define ST_MACRO_HOME	(1U << 0)	/* "$HOME" */
#define ST_MACRO_USER	(1U << 1)	/* "$USER" */
#define ST_MACRO_CWD	(1U << 2)	/* "$CWD" */
#define __ST_MACRO_ALL	(ST_MACRO_HOME | ST_MACRO_USER | ST_MACRO_CWD)

/**
 * struct st_pred - one test `NAME[INDEX] OP "VALUE"`.
 * @name: the argument name as written ("filename").
 * @arg: @name resolved for the rule's call; never SYSTRACE_ARG_NONE in a
 *	kept rule.
 * @index: the `[n]` as written, or -1 when absent.
 * @occurrence: which argument of that name: @index, or 0 when absent
 *	(`filename[1]` is rename's second path).  Checked against the call.
 * @op: the operator.
 * @value: the value with escapes decoded, NUL-terminated.
 * @len: length of @value in bytes, without the terminating NUL.
 * @macros: ST_MACRO_* bits: which of $HOME, $USER, $CWD @value contains.
 * @has_num: @value is a whole decimal, 0x-hex or 0-octal number.
 * @num: its value when @has_num (uid eq "70", arg1 eq "0x10").
 */
struct st_pred {
	char *name;
	enum systrace_arg arg;
	int index;
	unsigned int occurrence;
	enum st_op op;
	char *value;
	size_t len;
	unsigned int macros;
	int has_num;
	uint64_t num;
};

/**
 * enum st_expr_kind - node types of a rule's condition.
 * @ST_EXPR_TRUE: `true`.
 * @ST_EXPR_PRED: a predicate, in st_expr.pred.
 * @ST_EXPR_NOT: `not left`.
 * @ST_EXPR_AND: `left and right` (short-circuit).
 * @ST_EXPR_OR: `left or right` (short-circuit).
 */
enum st_expr_kind {
	ST_EXPR_TRUE = 0,
	ST_EXPR_PRED,
	ST_EXPR_NOT,
	ST_EXPR_AND,
	ST_EXPR_OR,
	__ST_EXPR_LAST
};

/**
 * struct st_expr - a node of a rule's condition tree.
 * @kind: the node type.
 * @loc: where the node starts (for a binary node: its left operand).
 * @left: operand of NOT, left operand of AND/OR; NULL otherwise.
 * @right: right operand of AND/OR; NULL otherwise.
 * @pred: the predicate when @kind is ST_EXPR_PRED.
 *
 * Parentheses leave no node.  Grouping is systrace's (its parse.y has no
 * precedence, bison shifts): `and` and `or` have the same precedence and
 * group to the right, `a and b or c` is `a and (b or c)`; `not` takes
 * everything to its right, `not a and b` is `not (a and b)`.  policyc
 * warns when such a grouping is not spelled with parentheses.
 */
struct st_expr {
	enum st_expr_kind kind;
	struct st_loc loc;
	struct st_expr *left;
	struct st_expr *right;
	struct st_pred pred;
	/* private: */
	int paren;		/* written in parentheses (for warnings) */
};

/* st_rule.flags: those of SYSTRACE_RULE_F_* a source rule may carry. */
#define __ST_RULE_ALL	(SYSTRACE_RULE_F_LOG | SYSTRACE_RULE_F_INHERIT | \
			 SYSTRACE_RULE_F_DETACH)

/* st_elevate.flags */
#define ST_ELEV_UID	(1U << 0)	/* `as user` or `as user:group` */
#define ST_ELEV_GID	(1U << 1)	/* `as user:group` or `as :group` */

/**
 * struct st_elevate - `as user[:group]`, `as :group`: run the call with
 * these credentials.  Names are resolved with getpwnam/getgrnam when
 * parsed (systrace did the same); numbers are taken as they are.
 * @flags: ST_ELEV_* bits; 0 when the rule has no `as`.
 * @user: the user as written, or NULL.
 * @uid: its id when flags has ST_ELEV_UID.
 * @group: the group as written, or NULL.
 * @gid: its id when flags has ST_ELEV_GID.
 */
struct st_elevate {
	unsigned int flags;
	char *user;
	uid_t uid;
	char *group;
	gid_t gid;
};

/**
 * enum st_cond_kind - subject of the trailing `, if user|group OP value`.
 * @ST_COND_NONE: the rule has no condition.
 * @ST_COND_USER: compares the caller's uid.
 * @ST_COND_GROUP: compares the caller's gid.
 */
enum st_cond_kind {
	ST_COND_NONE = 0,
	ST_COND_USER,
	ST_COND_GROUP,
};

/**
 * enum st_cond_op - operator of the trailing condition.
 * @ST_COND_EQ: `=`.  @ST_COND_NE: `!=`.  @ST_COND_LT: `<`.  @ST_COND_GT: `>`.
 */
enum st_cond_op {
	ST_COND_EQ = 0,
	ST_COND_NE,
	ST_COND_LT,
	ST_COND_GT,
};

/**
 * struct st_cond - the trailing `, if user = root` condition: the rule only
 * applies when it holds (otherwise evaluation goes on with the next rule).
 * @kind: user, group or none.
 * @op: the comparison.
 * @name: the value as written (name or number), or NULL.
 * @id: the uid or gid it resolves to (getpwnam/getgrnam or the number).
 */
struct st_cond {
	enum st_cond_kind kind;
	enum st_cond_op op;
	char *name;
	uint32_t id;
};

/**
 * struct st_rule - one rule line `EMUL-CALL: EXPR then ACTION ...` or
 * `EMUL-CALL: ACTION ...`.
 * @next: the next rule of the same policy, in source order.
 * @loc: where the line starts (the emulation name).
 * @text: the rule line as written, leading/trailing blanks and comment
 *	removed (for the disassembler and log lines).
 * @emulation: the emulation as written ("native", "linux32").
 * @abi: the ABI that emulation means.
 * @call: the call name as written ("fsread", "open", "_llseek").
 * @alias: SYSTRACE_ALIAS_FSREAD/FSWRITE for an alias, else SYSTRACE_ALIAS_NONE.
 * @nr: the syscall number in @abi, or -1 for an alias.
 * @expr: the condition; NULL for a bare action (`native-read: permit`),
 *	which matches every call (same as `true`).
 * @action: permit, deny or ask.
 * @err: the errno of `deny[errno]`, 0 when not written (then EPERM).
 * @errname: its canonical name ("EACCES"), NULL when not written.
 * @flags: SYSTRACE_RULE_F_* bits of __ST_RULE_ALL.
 * @elevate: the `as` clause.
 * @cond: the `, if ...` clause.
 */
struct st_rule {
	struct st_rule *next;
	struct st_loc loc;
	char *text;
	char *emulation;
	enum systrace_call_ns abi;
	char *call;
	enum systrace_alias alias;
	int nr;
	struct st_expr *expr;
	enum systrace_action action;
	int err;
	const char *errname;
	unsigned int flags;
	struct st_elevate elevate;
	struct st_cond cond;
};

/**
 * struct st_policy - one `Policy:` section, or the header-less fragment.
 * @next: the next policy of the file, in source order.
 * @loc: the header line; for a fragment, its first rule.
 * @path: the program path of the header; NULL for a fragment.
 * @emulation: the header's emulation; NULL for a fragment (its rules each
 *	name their own).
 * @abi: the ABI of @emulation (SYSTRACE_NS_X86_64 for a fragment).
 * @detached: the section has systrace's `detached` line.
 * @noalias: compiled without aliases (policyc -u, as systrace -u).
 * @rules: first rule; rules follow through st_rule.next.
 * @nrules: number of rules kept.
 * @ndropped: number of rules dropped with a warning (names Linux lacks).
 */
struct st_policy {
	struct st_policy *next;
	struct st_loc loc;
	char *path;
	char *emulation;
	enum systrace_call_ns abi;
	int detached;
	int noalias;
	struct st_rule *rules;
	unsigned int nrules;
	unsigned int ndropped;
	/* private: */
	struct st_rule **tail;
};

/**
 * struct st_file - a parsed policy file.
 * @name: the file name used in locations and diagnostics.
 * @policies: first policy; the rest follow through st_policy.next.
 * @npolicies: number of policies.
 * @nrules: number of rules kept, over all policies.
 * @ndropped: number of rules dropped, over all policies.
 */
struct st_file {
	char *name;
	struct st_policy *policies;
	unsigned int npolicies;
	unsigned int nrules;
	unsigned int ndropped;
	/* private: */
	struct st_policy **tail;
};

/* Flags for st_parse_file() and st_parse_string(). */
#define ST_PARSE_STRICT	(1U << 0)	/* names Linux lacks are errors */
#define __ST_PARSE_ALL	(ST_PARSE_STRICT)

/**
 * st_parse_file() - parse the policy file at @path.
 * @path: the file to read; "-" reads standard input.
 * @d: where diagnostics go (see diag.h); errors and warnings are counted
 *	there and queued, all of them, with locations.
 * @flags: ST_PARSE_* bits.
 *
 * Return: the parsed file, or NULL when it could not be read or had
 * errors (st_diag_errors(d) > 0).  Rules with names Linux lacks are left
 * out with a warning (an error under ST_PARSE_STRICT).
 */
struct st_file *st_parse_file(const char *path, struct st_diag *d,
			      unsigned int flags);

/**
 * st_parse_string() - parse policy text from memory.
 * @name: the file name to use in locations and diagnostics.
 * @text: the text; it need not end with a newline.
 * @len: its length in bytes.
 * @d: diagnostics, as for st_parse_file().
 * @flags: ST_PARSE_* bits.
 *
 * Return: as st_parse_file().
 */
struct st_file *st_parse_string(const char *name, const char *text,
				size_t len, struct st_diag *d,
				unsigned int flags);

/* st_file_free() - free @f and everything it owns; NULL is allowed. */
void st_file_free(struct st_file *f);

/* Names for printing (never NULL; "?" for an out-of-range value). */
const char *st_op_name(enum st_op op);		/* "eq", "match", ... */
const char *st_action_name(enum systrace_action a);	/* "permit", ... */
const char *st_abi_name(enum systrace_call_ns abi);	/* "x86_64", "ia32" */
const char *st_alias_name(enum systrace_alias a);	/* "fsread", "fswrite" */
const char *st_arg_name(enum systrace_arg arg);	/* "filename", "arg0", ... */

/*
 * st_expr_print() - print @e in policy syntax (fully parenthesised where
 * it matters, values quoted and escaped) to @out; NULL prints "true".
 */
void st_expr_print(const struct st_expr *e, FILE *out);

#endif /* POLICYC_AST_H */
