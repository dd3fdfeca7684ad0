/* SPDX-License-Identifier: GPL-2.0 */
/*
 * systrace: every limit, in one place.
 *
 * The verifier (prog.c) rejects any image past these limits, policyc
 * refuses to write one, and the interpreter relies on them for its bounds.
 * They are sized for a 100,000-rule policy with room to spare, and small
 * enough that a hostile image cannot make the kernel allocate or loop
 * without bound.
 */
#ifndef _SYSTRACE_LIMITS_H
#define _SYSTRACE_LIMITS_H

/* Largest image, in bytes (a 100,000-rule policy is a few MiB). */
#define SYSTRACE_MAX_PROG_LEN		(64U << 20)

/* Policies in one image. */
#define SYSTRACE_MAX_POLICIES		1024U

/* Calls, over all policies of an image. */
#define SYSTRACE_MAX_CALLS		(1U << 16)

/* Rules, over the whole image. */
#define SYSTRACE_MAX_RULES		(1U << 20)

/* Instructions, over the whole image. */
#define SYSTRACE_MAX_INSNS		(1U << 22)

/* Strings, numbers, templates, template parts, sets, hash entries. */
#define SYSTRACE_MAX_STRS		(1U << 22)
#define SYSTRACE_MAX_NUMS		(1U << 20)
#define SYSTRACE_MAX_TMPLS		(1U << 21)
#define SYSTRACE_MAX_TPARTS		(1U << 22)
#define SYSTRACE_MAX_SETS		(1U << 20)
#define SYSTRACE_MAX_HENTS		(1U << 21)

/* Parts of one template. */
#define SYSTRACE_MAX_TMPL_PARTS		64U

/* Buckets of one hash set, and entries of one bucket. */
#define SYSTRACE_MAX_BUCKETS		(1U << 21)
#define SYSTRACE_MAX_BUCKET_LEN		16U

/* DFAs, their states and transitions, over the whole image. */
#define SYSTRACE_MAX_DFAS		(1U << 20)
#define SYSTRACE_MAX_DSTATES		(1U << 22)
#define SYSTRACE_MAX_DTRANS		(1U << 23)

/* Length of one string constant (a path). */
#define SYSTRACE_MAX_STR_LEN		4096U

/* Occurrences of one argument name (filename[0], filename[1]). */
#define SYSTRACE_MAX_ARG_IDX		4U

/*
 * Length of an argument the interpreter looks at, and of a macro's
 * expansion; longer ones are an error (deny): the kernel's paths are
 * at most PATH_MAX, argv is truncated by the caller.
 */
#define SYSTRACE_MAX_ARG_LEN		(1U << 16)

/*
 * policyc only (compile time, not checked by the kernel).  A lookup set
 * whose DFA grows past SYSTRACE_PC_SET_DFA_BASE + SYSTRACE_PC_SET_DFA_PER_NFA
 * states per NFA state (at most SYSTRACE_PC_MAX_SET_DFA) is split in two,
 * as is, without trying, a set of more than SYSTRACE_PC_MAX_UNANCHORED
 * unanchored patterns (sub, re); one pattern whose DFA alone needs more
 * than SYSTRACE_PC_MAX_ONE_DFA states is refused.  An ERE may grow to
 * SYSTRACE_PC_MAX_RE_NODES nodes once {m,n} is expanded, with bounds of at
 * most SYSTRACE_PC_MAX_RE_REPEAT.
 */
#define SYSTRACE_PC_SET_DFA_BASE	4096U
#define SYSTRACE_PC_SET_DFA_PER_NFA	8U
#define SYSTRACE_PC_MAX_SET_DFA		(1U << 21)
#define SYSTRACE_PC_MAX_ONE_DFA		(1U << 16)
#define SYSTRACE_PC_MAX_UNANCHORED	32U
#define SYSTRACE_PC_MAX_RE_NODES	100000U
#define SYSTRACE_PC_MAX_RE_REPEAT	255

/*
 * The user table of $HOME and $USER (SYSTRACE_CMD_SET_USERS): users, and
 * bytes of their names and homes with their NULs. A password database of
 * 65536 users with 64-byte names and homes fits in 8 MiB.
 */
#define SYSTRACE_MAX_USERS		(1U << 16)
#define SYSTRACE_MAX_USERS_BYTES	(8U << 20)

/* Longest wait of a question for its answer, in seconds. */
#define SYSTRACE_MAX_ASK_TIMEOUT	3600U

/*
 * What an unprivileged user may load (images it owns, "~UID/NAME"): their
 * number and size, and loads in progress at once. Root's loads of users'
 * images (load-dir --users) count too: the quota is the owner's.
 */
#define ST_USER_MAX_IMAGES		16U
#define ST_USER_MAX_PROG_LEN		(4U << 20)
#define ST_USER_MAX_XFERS		2U

#endif /* _SYSTRACE_LIMITS_H */
