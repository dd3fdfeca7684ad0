/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * systrace for Linux: the policy bytecode format.
 *
 * policyc writes it, systrace.ko verifies it completely (lib/prog.c) before
 * anything is attached, then runs it on every covered call of a confined
 * task.  Everything in this header is ABI.
 */
#ifndef _UAPI_LINUX_SYSTRACE_PROG_H
#define _UAPI_LINUX_SYSTRACE_PROG_H

#include <linux/types.h>

/**
 * DOC: bytecode overview
 *
 * A bytecode image is one little-endian byte buffer: a fixed
 * &struct systrace_prog_header, then sections, each an array of fixed-size
 * little-endian records.  The header gives every section's byte offset
 * and element count (&struct systrace_prog_sect); sections are 8-byte
 * aligned, lie inside the image, do not overlap and appear in the order of
 * &enum systrace_prog_sect_id.  References between sections are element
 * indices, never pointers; %SYSTRACE_PROG_NONE (all ones) means "none".
 *
 * An image holds one or more policies (&struct systrace_prog_policy, one
 * per ``Policy:`` section of the source, or a header-less fragment).  A
 * policy holds one program per call name (&struct systrace_prog_call),
 * sorted by call key so that the kernel finds a call by binary search.  A
 * program is a run of instructions (&struct systrace_insn) that tests the
 * call's arguments and ends in a verdict: %SYSTRACE_OP_RET names the rule
 * that matched first (&struct systrace_prog_rule: action, errno, flags,
 * elevation, source line), %SYSTRACE_OP_NOMATCH says no rule matched (the
 * mode decides).  Jumps go forward only, so every program terminates after
 * at most as many steps as it has instructions.
 *
 * Rule sets that would cost one test per rule are compiled into lookup
 * structures instead, so that the cost of a decision does not grow with
 * the number of rules: a run of consecutive rules of one call that each
 * test one argument with one operator becomes one %SYSTRACE_OP_LOOKUP on a
 * set (&struct systrace_prog_set) made of a hash table of exact strings
 * (``eq``) and a DFA (&struct systrace_prog_dfa) for ``match``, ``inpath``,
 * ``re``, ``sub`` and their negations.  Both give the index of the first
 * rule that matches, and the lookup takes the smaller: first-match order
 * is kept exactly.  The DFA walk is bounded by the length of the argument.
 *
 * Arguments are strings, printed by the kernel as systrace printed them
 * (&enum systrace_arg).  Values that contain the macros ``$HOME``, ``$USER``
 * or ``$CWD`` stay symbolic (&struct systrace_prog_tmpl) and are expanded
 * per process from the caller's context.
 */

/* Magic number, "STBC" in little-endian byte order. */
#define SYSTRACE_PROG_MAGIC	0x43425453
/* Version of this format; any other version is rejected. */
#define SYSTRACE_PROG_VERSION	2
/* "No index" in any reference field. */
#define SYSTRACE_PROG_NONE	0xffffffffU
/* Alignment of every section. */
#define SYSTRACE_PROG_ALIGN	8

/**
 * enum systrace_prog_sect_id - the sections of an image, in file order.
 * @SYSTRACE_SECT_POLICIES: &struct systrace_prog_policy.
 * @SYSTRACE_SECT_CALLS: &struct systrace_prog_call, grouped by policy.
 * @SYSTRACE_SECT_RULES: &struct systrace_prog_rule, in source order.
 * @SYSTRACE_SECT_INSNS: &struct systrace_insn, grouped by call.
 * @SYSTRACE_SECT_STRS: &struct systrace_prog_str, descriptors of strings.
 * @SYSTRACE_SECT_BYTES: __u8, the bytes strings point into.
 * @SYSTRACE_SECT_NUMS: __le64, numeric constants.
 * @SYSTRACE_SECT_TMPLS: &struct systrace_prog_tmpl, operand templates.
 * @SYSTRACE_SECT_TPARTS: &struct systrace_prog_tpart, template parts.
 * @SYSTRACE_SECT_SETS: &struct systrace_prog_set, lookup sets.
 * @SYSTRACE_SECT_BUCKETS: __le32, hash bucket boundaries.
 * @SYSTRACE_SECT_HENTS: &struct systrace_prog_hent, hash entries.
 * @SYSTRACE_SECT_DFAS: &struct systrace_prog_dfa.
 * @SYSTRACE_SECT_DSTATES: &struct systrace_prog_dstate, DFA states.
 * @SYSTRACE_SECT_DTRANS: &struct systrace_prog_dtrans, DFA transitions.
 * @__SYSTRACE_SECT_LAST: number of sections, internal.
 */
enum systrace_prog_sect_id {
	SYSTRACE_SECT_POLICIES,
	SYSTRACE_SECT_CALLS,
	SYSTRACE_SECT_RULES,
	SYSTRACE_SECT_INSNS,
	SYSTRACE_SECT_STRS,
	SYSTRACE_SECT_BYTES,
	SYSTRACE_SECT_NUMS,
	SYSTRACE_SECT_TMPLS,
	SYSTRACE_SECT_TPARTS,
	SYSTRACE_SECT_SETS,
	SYSTRACE_SECT_BUCKETS,
	SYSTRACE_SECT_HENTS,
	SYSTRACE_SECT_DFAS,
	SYSTRACE_SECT_DSTATES,
	SYSTRACE_SECT_DTRANS,
	__SYSTRACE_SECT_LAST
};
#define SYSTRACE_SECT_MAX (__SYSTRACE_SECT_LAST - 1)

/**
 * struct systrace_prog_sect - where a section is.
 * @off: byte offset from the start of the image, a multiple of
 *	%SYSTRACE_PROG_ALIGN; 0 with @count 0 for an empty section.
 * @count: number of elements (not bytes).
 */
struct systrace_prog_sect {
	__le32 off;
	__le32 count;
};

/**
 * struct systrace_prog_header - the start of every image.
 * @magic: %SYSTRACE_PROG_MAGIC.
 * @version: %SYSTRACE_PROG_VERSION.
 * @hdr_len: sizeof(struct systrace_prog_header).
 * @len: length of the whole image in bytes.
 * @flags: none defined, must be 0.
 * @sect: the sections, indexed by &enum systrace_prog_sect_id.
 */
struct systrace_prog_header {
	__le32 magic;
	__le16 version;
	__le16 hdr_len;
	__le32 len;
	__le32 flags;
	struct systrace_prog_sect sect[__SYSTRACE_SECT_LAST];
};

/* systrace_prog_policy.flags */
/* The source had systrace's "detached" line. */
#define SYSTRACE_POLICY_F_DETACHED	(1U << 0)
/*
 * Compiled without aliases (policyc -u, systrace -u): a call is decided by
 * its own rules alone, and the policy's fsread and fswrite rules by none.
 */
#define SYSTRACE_POLICY_F_NOALIAS	(1U << 1)
#define __SYSTRACE_POLICY_F_ALL		(SYSTRACE_POLICY_F_DETACHED | \
					 SYSTRACE_POLICY_F_NOALIAS)

/**
 * struct systrace_prog_policy - one policy of the image.
 * @path: string index of the program path of ``Policy: PATH``, or
 *	%SYSTRACE_PROG_NONE for a header-less fragment.
 * @emulation: string index of the emulation as written, or
 *	%SYSTRACE_PROG_NONE.
 * @call: index of the policy's first call.
 * @ncalls: its number of calls; the ranges of all policies are adjacent,
 *	in order, and cover the call section.
 * @flags: SYSTRACE_POLICY_F_* bits.
 */
struct systrace_prog_policy {
	__le32 path;
	__le32 emulation;
	__le32 call;
	__le32 ncalls;
	__le32 flags;
	__le32 reserved;
};

/**
 * DOC: call keys
 *
 * A call is named by a 32-bit key: bits 31..24 are the namespace
 * (&enum systrace_call_ns), bits 23..0 the number in it: the system call
 * number of the ABI, or the alias (&enum systrace_alias).  The kernel
 * looks up the key of the call it is deciding; within a policy, keys are
 * strictly increasing.
 */
#define SYSTRACE_CALL_KEY(ns, nr)	(((__u32)(ns) << 24) | ((__u32)(nr) & 0xffffff))
#define SYSTRACE_CALL_NS(key)		((__u32)(key) >> 24)
#define SYSTRACE_CALL_NR(key)		((__u32)(key) & 0xffffff)

/**
 * enum systrace_call_ns - namespaces of call keys.
 * @SYSTRACE_NS_X86_64: x86_64 system call numbers.
 * @SYSTRACE_NS_IA32: ia32 (int 0x80, compat) system call numbers.
 * @SYSTRACE_NS_ALIAS: aliases, &enum systrace_alias.
 * @__SYSTRACE_NS_LAST: number of namespaces, internal.
 */
enum systrace_call_ns {
	SYSTRACE_NS_X86_64,
	SYSTRACE_NS_IA32,
	SYSTRACE_NS_ALIAS,
	__SYSTRACE_NS_LAST
};

/**
 * enum systrace_alias - systrace's aliases.
 * @SYSTRACE_ALIAS_NONE: never in a key.
 * @SYSTRACE_ALIAS_FSREAD: a file opened or used for reading, by path.
 * @SYSTRACE_ALIAS_FSWRITE: a file opened for writing or modified, by path.
 * @__SYSTRACE_ALIAS_LAST: number of aliases, internal.
 */
enum systrace_alias {
	SYSTRACE_ALIAS_NONE,
	SYSTRACE_ALIAS_FSREAD,
	SYSTRACE_ALIAS_FSWRITE,
	__SYSTRACE_ALIAS_LAST
};

/**
 * struct systrace_prog_call - the program of one call name.
 * @key: the call key (see "call keys").
 * @name: string index of the call's name as written ("fsread").
 * @insn: index of its first instruction; execution starts there.
 * @ninsns: its number of instructions, at least 1.  Calls' ranges are
 *	adjacent, in order, and cover the instruction section.
 * @rule: index of its first rule.
 * @nrules: its number of rules.  Every %SYSTRACE_OP_RET and lookup of
 *	the call names a rule in [@rule, @rule + @nrules).
 */
struct systrace_prog_call {
	__le32 key;
	__le32 name;
	__le32 insn;
	__le32 ninsns;
	__le32 rule;
	__le32 nrules;
};

/**
 * enum systrace_action - what a matching rule decides.
 * @SYSTRACE_ACT_PERMIT: the call goes on.
 * @SYSTRACE_ACT_DENY: the call fails with &systrace_prog_rule.error.
 * @SYSTRACE_ACT_ASK: escalate to the agent; where the task may not sleep,
 *	the mode's fallback applies.
 * @__SYSTRACE_ACT_LAST: number of actions, internal.
 */
enum systrace_action {
	SYSTRACE_ACT_PERMIT,
	SYSTRACE_ACT_DENY,
	SYSTRACE_ACT_ASK,
	__SYSTRACE_ACT_LAST
};

/* systrace_prog_rule.flags */
/* `log`: log the call when the rule decides it. */
#define SYSTRACE_RULE_F_LOG		(1U << 0)
/* `permit[inherit]`: an exec under this permit keeps the policy. */
#define SYSTRACE_RULE_F_INHERIT		(1U << 1)
/* `permit[detach]`: an exec under this permit ends confinement. */
#define SYSTRACE_RULE_F_DETACH		(1U << 2)
/* `as user`: run the call with uid &systrace_prog_rule.uid. */
#define SYSTRACE_RULE_F_SETUID		(1U << 3)
/* `as :group`: run the call with gid &systrace_prog_rule.gid. */
#define SYSTRACE_RULE_F_SETGID		(1U << 4)
#define __SYSTRACE_RULE_F_ALL		0x1f

/**
 * struct systrace_prog_rule - a rule's verdict and origin.
 * @action: &enum systrace_action.
 * @flags: SYSTRACE_RULE_F_* bits; unknown bits are rejected.
 * @error: errno of a deny, 1..4095 (policyc writes EPERM when the rule
 *	names none); 0 for other actions.
 * @line: source line of the rule, 1-based.
 * @text: string index of the rule as written (for logs and the
 *	disassembler), or %SYSTRACE_PROG_NONE.
 * @uid: uid of `as user` when @flags has %SYSTRACE_RULE_F_SETUID, else 0.
 * @gid: gid of `as :group` when @flags has %SYSTRACE_RULE_F_SETGID, else 0.
 *
 * The trailing condition ``, if user|group OP value`` is not stored here:
 * it is compiled into the rule's test on %SYSTRACE_ARG_CRED_UID or
 * %SYSTRACE_ARG_CRED_GID, together with a test on
 * %SYSTRACE_ARG_CRED_MIXED (see "mixed ids").  Elevation (kmod/elevate.c)
 * is accepted only on a %SYSTRACE_ACT_PERMIT rule of socket, bind, open,
 * openat, openat2, fsread or fswrite (either ABI); any other rule with
 * %SYSTRACE_RULE_F_SETUID or %SYSTRACE_RULE_F_SETGID is rejected, and so
 * is a user's image that has one.
 */
struct systrace_prog_rule {
	__u8 action;
	__u8 flags;
	__le16 error;
	__le32 line;
	__le32 text;
	__le32 uid;
	__le32 gid;
	__le32 reserved;
};

/**
 * enum systrace_arg - the arguments a program can test; the kernel
 * supplies each as a string printed the way systrace printed it.  The
 * values equal policyc's ``enum st_arg``.
 * @SYSTRACE_ARG_NONE: never valid.
 * @SYSTRACE_ARG_FILENAME: a resolved path; index 1 is the second path.
 * @SYSTRACE_ARG_STRING: a string that is not resolved (symlink target).
 * @SYSTRACE_ARG_OFLAGS: open flags, "O_RDONLY|O_CREAT".
 * @SYSTRACE_ARG_MODE: file mode, octal, "0644".
 * @SYSTRACE_ARG_SOCKADDR: "inet-[1.2.3.4]:80", "inet6-[::1]:80", a unix
 *	socket path, or "family(N)".
 * @SYSTRACE_ARG_SOCKDOM: "AF_INET".
 * @SYSTRACE_ARG_SOCKTYPE: "SOCK_STREAM".
 * @SYSTRACE_ARG_SIGNAME: "SIGTERM".
 * @SYSTRACE_ARG_PIDNAME: the target process, "<pid>" or its path.
 * @SYSTRACE_ARG_UID: a uid argument, decimal.
 * @SYSTRACE_ARG_GID: a gid argument, decimal.
 * @SYSTRACE_ARG_UNAME: the user name of the uid argument.
 * @SYSTRACE_ARG_PROT: "PROT_READ|PROT_EXEC".
 * @SYSTRACE_ARG_CMD: ioctl/fcntl command, "0x5401".
 * @SYSTRACE_ARG_ARGV: execve's argv joined by single spaces.
 * @SYSTRACE_ARG_RAW0: raw system call argument 0, decimal; RAW1 to RAW5
 *	follow.
 * @SYSTRACE_ARG_RAW1: raw argument 1.
 * @SYSTRACE_ARG_RAW2: raw argument 2.
 * @SYSTRACE_ARG_RAW3: raw argument 3.
 * @SYSTRACE_ARG_RAW4: raw argument 4.
 * @SYSTRACE_ARG_RAW5: raw argument 5.
 * @SYSTRACE_ARG_CRED_UID: the calling task's real uid, decimal (for ``if
 *	user``).
 * @SYSTRACE_ARG_CRED_GID: its real gid, decimal (``if group``).
 * @SYSTRACE_ARG_CRED_MIXED: "1" when the calling task's ids are mixed,
 *	else "0" (see "mixed ids").
 * @__SYSTRACE_ARG_LAST: number of arguments, internal.
 */
enum systrace_arg {
	SYSTRACE_ARG_NONE,
	SYSTRACE_ARG_FILENAME,
	SYSTRACE_ARG_STRING,
	SYSTRACE_ARG_OFLAGS,
	SYSTRACE_ARG_MODE,
	SYSTRACE_ARG_SOCKADDR,
	SYSTRACE_ARG_SOCKDOM,
	SYSTRACE_ARG_SOCKTYPE,
	SYSTRACE_ARG_SIGNAME,
	SYSTRACE_ARG_PIDNAME,
	SYSTRACE_ARG_UID,
	SYSTRACE_ARG_GID,
	SYSTRACE_ARG_UNAME,
	SYSTRACE_ARG_PROT,
	SYSTRACE_ARG_CMD,
	SYSTRACE_ARG_ARGV,
	SYSTRACE_ARG_RAW0,
	SYSTRACE_ARG_RAW1,
	SYSTRACE_ARG_RAW2,
	SYSTRACE_ARG_RAW3,
	SYSTRACE_ARG_RAW4,
	SYSTRACE_ARG_RAW5,
	SYSTRACE_ARG_CRED_UID,
	SYSTRACE_ARG_CRED_GID,
	SYSTRACE_ARG_CRED_MIXED,
	__SYSTRACE_ARG_LAST
};
#define SYSTRACE_ARG_MAX (__SYSTRACE_ARG_LAST - 1)

/**
 * DOC: mixed ids
 *
 * A task's ids are mixed when its real, effective, saved and filesystem
 * uids are not all equal, or its real, effective, saved and filesystem
 * gids are not all equal (a set-user-ID program, sshd's monitor reading a
 * user's keys with the user's effective uid, or a task that kept a way
 * back to root).  ``, if user`` and ``, if group`` compare one id, so
 * with mixed ids a condition fails closed: policyc compiles the condition
 * of a permit rule as ``cond AND CRED_MIXED == 0`` (false when mixed) and
 * that of a deny or ask rule as ``cond OR CRED_MIXED != 0`` (true when
 * mixed).  The module refuses an image that tests %SYSTRACE_ARG_CRED_UID
 * or %SYSTRACE_ARG_CRED_GID but never %SYSTRACE_ARG_CRED_MIXED (one
 * compiled before this rule), and permit[detach] does not release a task
 * whose ids are mixed when it executes: the program keeps the caller's
 * policy.
 */

/**
 * enum systrace_macro - symbolic parts of a template, expanded per process.
 * @SYSTRACE_MACRO_HOME: ``$HOME``, the task's home directory.
 * @SYSTRACE_MACRO_USER: ``$USER``, its user name.
 * @SYSTRACE_MACRO_CWD: ``$CWD``, its working directory.
 * @__SYSTRACE_MACRO_LAST: number of macros, internal.
 */
enum systrace_macro {
	SYSTRACE_MACRO_HOME,
	SYSTRACE_MACRO_USER,
	SYSTRACE_MACRO_CWD,
	__SYSTRACE_MACRO_LAST
};

/**
 * enum systrace_opcode - instruction codes.
 * @SYSTRACE_OP_RET: verdict: rule @k (absolute rule index) matched.
 *	@arg, @idx, @aux, @jt, @jf must be 0.
 * @SYSTRACE_OP_NOMATCH: verdict: no rule matched.  All fields but @code 0.
 * @SYSTRACE_OP_STR: compare argument (@arg, @idx) with template @k by
 *	string operator @aux (&enum systrace_str_op); go to @jt if true,
 *	@jf if false.
 * @SYSTRACE_OP_NUM: parse argument (@arg, @idx) as a C integer literal
 *	(decimal, 0x hex, 0 octal) and compare it with number @k by @aux
 *	(&enum systrace_num_op); an argument that is not a number is never
 *	equal, less or greater (so %SYSTRACE_NUM_NE is true).
 * @SYSTRACE_OP_DFA: run DFA @k on argument (@arg, @idx) (after the DFA's
 *	prefix template); @jt if it ends in a state whose accept field is not
 *	%SYSTRACE_PROG_NONE, @jf otherwise.
 * @SYSTRACE_OP_LOOKUP: look argument (@arg, @idx) up in set @k; if a rule
 *	matches, the verdict is the first such rule; else go to @jf.  @jt
 *	must be 0.
 * @__SYSTRACE_OP_LAST: number of opcodes, internal.
 *
 * Jump offsets are relative to the next instruction (target = pc + 1 +
 * offset) and must stay inside the call's range.  A program whose last
 * instruction is not a verdict, or that could run off its end, is
 * rejected.
 */
enum systrace_opcode {
	SYSTRACE_OP_RET,
	SYSTRACE_OP_NOMATCH,
	SYSTRACE_OP_STR,
	SYSTRACE_OP_NUM,
	SYSTRACE_OP_DFA,
	SYSTRACE_OP_LOOKUP,
	__SYSTRACE_OP_LAST
};

/**
 * enum systrace_str_op - string operators of %SYSTRACE_OP_STR.
 * @SYSTRACE_STR_EQ: the argument equals the expanded template, bytewise.
 * @SYSTRACE_STR_SUB: the expanded template occurs in the argument.
 * @SYSTRACE_STR_INPATH: the argument equals the template, or starts with
 *	it followed by '/'.
 * @__SYSTRACE_STR_LAST: number of operators, internal.
 */
enum systrace_str_op {
	SYSTRACE_STR_EQ,
	SYSTRACE_STR_SUB,
	SYSTRACE_STR_INPATH,
	__SYSTRACE_STR_LAST
};

/**
 * enum systrace_num_op - numeric operators of %SYSTRACE_OP_NUM (unsigned
 * 64-bit comparisons).
 * @SYSTRACE_NUM_EQ: argument == constant.
 * @SYSTRACE_NUM_NE: argument != constant.
 * @SYSTRACE_NUM_LT: argument < constant.
 * @SYSTRACE_NUM_GT: argument > constant.
 * @__SYSTRACE_NUM_LAST: number of operators, internal.
 */
enum systrace_num_op {
	SYSTRACE_NUM_EQ,
	SYSTRACE_NUM_NE,
	SYSTRACE_NUM_LT,
	SYSTRACE_NUM_GT,
	__SYSTRACE_NUM_LAST
};

/**
 * struct systrace_insn - one instruction.
 * @code: &enum systrace_opcode.
 * @arg: &enum systrace_arg, for instructions that test an argument.
 * @idx: which argument of that name (``filename[1]``).
 * @aux: operator, by opcode.
 * @k: operand index (rule, template, number, DFA or set), by opcode.
 * @jt: forward offset taken when the test is true.
 * @jf: forward offset taken when the test is false.
 */
struct systrace_insn {
	__u8 code;
	__u8 arg;
	__u8 idx;
	__u8 aux;
	__le32 k;
	__le32 jt;
	__le32 jf;
};

/**
 * struct systrace_prog_str - a string: bytes [@off, @off + @len) of the
 * byte section; not NUL-terminated.
 * @off: byte offset in %SYSTRACE_SECT_BYTES.
 * @len: length in bytes.
 */
struct systrace_prog_str {
	__le32 off;
	__le32 len;
};

/**
 * struct systrace_prog_tmpl - an operand: the concatenation of parts
 * [@part, @part + @nparts) of %SYSTRACE_SECT_TPARTS.
 * @part: index of the first part.
 * @nparts: number of parts (0: the empty string).
 */
struct systrace_prog_tmpl {
	__le32 part;
	__le32 nparts;
};

/**
 * enum systrace_tpart_kind - kinds of template parts.
 * @SYSTRACE_TPART_LIT: a literal, &systrace_prog_tpart.val is a string.
 * @SYSTRACE_TPART_MACRO: a macro, val is &enum systrace_macro.
 * @__SYSTRACE_TPART_LAST: number of kinds, internal.
 */
enum systrace_tpart_kind {
	SYSTRACE_TPART_LIT,
	SYSTRACE_TPART_MACRO,
	__SYSTRACE_TPART_LAST
};

/**
 * struct systrace_prog_tpart - a part of a template.
 * @kind: &enum systrace_tpart_kind.
 * @val: string index or macro.
 */
struct systrace_prog_tpart {
	__le32 kind;
	__le32 val;
};

/**
 * struct systrace_prog_set - a lookup set: exact strings and a DFA over
 * one argument, each answering the first rule that matches.
 * @bucket: index in %SYSTRACE_SECT_BUCKETS of the set's first bucket
 *	boundary; bucket b holds the hash entries [B[b], B[b + 1]), so the
 *	set uses @nbuckets + 1 boundaries, non-decreasing.
 * @nbuckets: number of buckets, a power of two; 0: no hash part.
 * @seed: seed of the hash function (see "string hash").
 * @dfa: index of the DFA part, or %SYSTRACE_PROG_NONE.
 */
struct systrace_prog_set {
	__le32 bucket;
	__le32 nbuckets;
	__le32 seed;
	__le32 dfa;
};

/**
 * DOC: string hash
 *
 * Hash sets use a 64-bit multiply-xorshift hash over the key eight bytes at
 * a time (version 2; version 1 used FNV-1a, a byte at a time).  With
 * M1 = 0x9e3779b97f4a7c15, M2 = 0xff51afd7ed558ccd, all arithmetic modulo
 * 2^64 and word(h, w) = x ^ (x >> 32) where x = (h ^ w) * M1:
 *
 * - h = (seed << 32 | len) * M2;
 * - len > 8: h = word(h, w) for each little-endian 64-bit word at byte
 *   offsets 0, 8, 16, ... below len - 8; then w is the word at len - 8
 *   (it overlaps the one before when len is not a multiple of 8);
 * - len == 8: w is the word at 0;
 * - 4 <= len < 8: w = le32(s) | le32(s + len - 4) << 32;
 * - 1 <= len < 4: w = s[0] | s[len / 2] << 8 | s[len - 1] << 16;
 * - len == 0: w = 0;
 * - h = word(h, w) * M2, and the hash is the low 32 bits of h ^ (h >> 29).
 *
 * An entry is in bucket hash & (nbuckets - 1).  policyc picks the seed so
 * that no bucket holds more than SYSTRACE_MAX_BUCKET_LEN entries
 * (lib/limits.h), which bounds a lookup whatever the input.
 */

/**
 * struct systrace_prog_hent - an entry of a hash set.
 * @hash: the full hash of the key.
 * @key: string index of the key.
 * @rule: the first rule whose ``eq`` has this key.
 * @reserved: 0.
 */
struct systrace_prog_hent {
	__le32 hash;
	__le32 key;
	__le32 rule;
	__le32 reserved;
};

/**
 * struct systrace_prog_dfa - a deterministic automaton over bytes.
 * @state: index of its first state in %SYSTRACE_SECT_DSTATES; states are
 *	numbered from 0 relative to it.
 * @nstates: number of states, at least 1.
 * @start: the start state.
 * @prefix: template the argument must start with before the walk (the
 *	walk then covers the rest), or %SYSTRACE_PROG_NONE.
 *
 * The walk reads each byte of the argument once: no backtracking.  After
 * the last byte, the state's accept field is the answer.
 */
struct systrace_prog_dfa {
	__le32 state;
	__le32 nstates;
	__le32 start;
	__le32 prefix;
};

/**
 * struct systrace_prog_dstate - a DFA state.
 * @trans: index of its first transition in %SYSTRACE_SECT_DTRANS.
 * @ntrans: number of transitions, sorted by byte, disjoint.
 * @dflt: the next state for bytes that no transition covers.
 * @accept: the rule this state matches (in a set's DFA: the first rule
 *	that matches), or %SYSTRACE_PROG_NONE.
 */
struct systrace_prog_dstate {
	__le32 trans;
	__le32 ntrans;
	__le32 dflt;
	__le32 accept;
};

/**
 * struct systrace_prog_dtrans - bytes @lo..@hi (inclusive) go to @next.
 * @lo: first byte.
 * @hi: last byte, >= @lo.
 * @reserved: 0.
 * @next: the state, relative to the DFA's first state.
 */
struct systrace_prog_dtrans {
	__u8 lo;
	__u8 hi;
	__le16 reserved;
	__le32 next;
};

#endif /* _UAPI_LINUX_SYSTRACE_PROG_H */
