/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * systrace for Linux: the user space interface.
 *
 * This header is the contract between systrace.ko and its tools
 * (systracectl, policyc, the selftests). Everything it defines is ABI.
 */
#ifndef _UAPI_LINUX_SYSTRACE_H
#define _UAPI_LINUX_SYSTRACE_H

/**
 * DOC: generic netlink family
 *
 * The module registers the generic netlink family ``systrace``
 * (%SYSTRACE_GENL_NAME), version %SYSTRACE_GENL_VERSION, and the multicast
 * group ``events`` (%SYSTRACE_GENL_MCGRP_EVENTS). Tools resolve the family
 * through the generic netlink controller; the kernel's
 * ``net-pf-16-proto-16-family-systrace`` alias loads the module when it is
 * installed and a tool asks for the family.
 *
 * Every message carries attributes of &enum systrace_attr. Validation is
 * strict: unknown attributes, wrong types and out-of-range values are
 * rejected with an extended ACK message naming the attribute. Commands that
 * change state need CAP_SYS_ADMIN in the initial user namespace (checked
 * by the module on the sender and the socket's opener; CAP_NET_ADMIN is
 * not enough) and are refused to a confined task whatever its
 * capabilities, as is unloading the module. Without CAP_SYS_ADMIN a user
 * may load and unload images it owns (``~UID/NAME`` with %SYSTRACE_A_OWNER
 * its uid; 16 images of 4 MiB at most) and confine itself with
 * no_new_privs set (see %SYSTRACE_CMD_CONFINE_SELF):
 * Documentation/security.rst.
 *
 * Commands:
 *
 * %SYSTRACE_CMD_GET_STATUS
 *   Request: nothing. Reply: %SYSTRACE_A_VERSION,
 *   %SYSTRACE_A_KERNEL_RELEASE, %SYSTRACE_A_PROG_VERSION and the counters
 *   %SYSTRACE_A_STATS. Any user may ask.
 *
 * %SYSTRACE_CMD_LOAD_BEGIN, %SYSTRACE_CMD_LOAD_DATA, %SYSTRACE_CMD_LOAD_COMMIT
 *   Load a compiled image (policyc's output, include/uapi/linux/systrace_prog.h)
 *   of any size despite netlink's message limits: BEGIN names it
 *   (%SYSTRACE_A_NAME), gives its %SYSTRACE_A_SIZE and the
 *   %SYSTRACE_A_MODE of the processes it will confine; the reply carries a
 *   transfer id %SYSTRACE_A_XFER. DATA messages carry %SYSTRACE_A_XFER,
 *   %SYSTRACE_A_OFFSET and at most %SYSTRACE_LOAD_CHUNK bytes of
 *   %SYSTRACE_A_DATA, in order. COMMIT (%SYSTRACE_A_XFER) verifies the whole
 *   image and only then attaches it: a new name is added, an existing name
 *   is replaced atomically (every decision sees the old image or the new
 *   one, never a mix; tasks confined by the old one move to the new one).
 *   A transfer belongs to the socket that began it and dies with it.
 *
 * %SYSTRACE_A_OWNER in %SYSTRACE_CMD_LOAD_BEGIN makes the image a user's
 * (``~/.systrace``): its ``Policy: PATH`` binds at exec only a task whose
 * real uid is the owner, never one a global image confines already, and
 * never an exec that changes credentials (a set-user-ID or set-group-ID
 * program, file capabilities, a task whose uids or gids differ among
 * themselves). A global (unowned) image always wins a path over a user's,
 * so a user's policy never weakens a global one; loading such an image
 * succeeds (it can still be used explicitly, %SYSTRACE_CMD_CONFINE_SELF)
 * and %SYSTRACE_CMD_LIST names the image that binds the path in
 * %SYSTRACE_A_SHADOWED_BY. Names keep the two apart: an owned image is
 * named ``~UID/NAME`` (UID the owner in decimal, NAME not empty), and an
 * unowned name must not begin with ``~``; either mismatch, or an owner
 * that is not a valid uid, is refused (%EINVAL with an extended ACK).
 *
 * %SYSTRACE_CMD_UNLOAD
 *   Detach the image %SYSTRACE_A_NAME. Processes it confines stay confined
 *   by it (fail closed) until they exit; no new process binds to it. The
 *   reply carries %SYSTRACE_A_NAME and %SYSTRACE_A_STATS with
 *   %SYSTRACE_STAT_CONFINED: the processes (thread group leaders, exiting
 *   ones not counted) it still confines; %SYSTRACE_CMD_PS lists them,
 *   their layer marked %SYSTRACE_LAYER_F_UNLOADED.
 *
 * %SYSTRACE_CMD_LIST (dump)
 *   One message per loaded image: %SYSTRACE_A_NAME, %SYSTRACE_A_MODE,
 *   %SYSTRACE_A_OWNER for a user's image, the nested %SYSTRACE_A_POLICY
 *   list (each %SYSTRACE_A_PATH and, when an exec of that path binds
 *   another image's policy instead of this one for the image's users,
 *   %SYSTRACE_A_SHADOWED_BY),
 *   %SYSTRACE_A_STATS, and one %SYSTRACE_A_CALL_STATS (%SYSTRACE_A_CALL,
 *   %SYSTRACE_A_STATS with %SYSTRACE_STAT_DENIALS) per call of the current
 *   image that denied anything.
 *
 * %SYSTRACE_CMD_CONFINE_SELF
 *   Confine the sending process (and what it forks) with policy
 *   %SYSTRACE_A_POLICY_INDEX (default 0) of image %SYSTRACE_A_NAME in
 *   %SYSTRACE_A_MODE; for ``systracectl run``. With
 *   %SYSTRACE_CONFINE_F_ONEXEC in %SYSTRACE_A_FLAGS the confinement begins
 *   at the process's next successful exec (the exec itself is not decided
 *   by the policy), so that the tool can read this request's answer first.
 *   The policy is added as a layer to what confines the process already
 *   (every layer must permit a call); it cannot be undone. Without
 *   CAP_SYS_ADMIN (or from a confined process) it needs no_new_privs
 *   (prctl(PR_SET_NO_NEW_PRIVS)), as seccomp does, and an image the sender
 *   does not own confines only in %SYSTRACE_MODE_ENFORCE. %E2BIG: the
 *   process has %ST_MAX_LAYERS (8) layers already.
 *
 * %SYSTRACE_CMD_ATTACH
 *   Confine the running process %SYSTRACE_A_PID (initial pid namespace;
 *   any of its thread ids), every one of its threads, from its next system
 *   call on, with policy %SYSTRACE_A_POLICY_INDEX (default 0) of image
 *   %SYSTRACE_A_NAME in %SYSTRACE_A_MODE (default enforce); what it forks
 *   afterwards inherits it. As %SYSTRACE_CMD_CONFINE_SELF, the policy is
 *   a layer added to what confines the process already, for good; its
 *   ``$CWD`` is the sender's working directory. Only for CAP_SYS_ADMIN
 *   (initial user namespace) outside any policy, and only on a process
 *   the sender could ptrace (the kernel's ptrace_may_access() with
 *   PTRACE_MODE_ATTACH_REALCREDS, on every thread): %EPERM otherwise, and
 *   for a kernel thread. %ESRCH: no such process; %E2BIG: a thread has
 *   %ST_MAX_LAYERS layers already. Every thread gets the layer, or none.
 *
 * %SYSTRACE_CMD_PS (dump)
 *   One message per confined task (thread): %SYSTRACE_A_PID (its thread
 *   id), %SYSTRACE_A_TGID, %SYSTRACE_A_UID (real uid), %SYSTRACE_A_PROG
 *   (comm), and one nested %SYSTRACE_A_LAYER per layer, outermost first:
 *   %SYSTRACE_A_NAME, %SYSTRACE_A_POLICY_INDEX, %SYSTRACE_A_MODE,
 *   %SYSTRACE_A_FLAGS (SYSTRACE_LAYER_F_*) and, for a user's image,
 *   %SYSTRACE_A_OWNER. In no particular order (sort by pid); a task
 *   confined or gone while the dump runs may be missed or listed twice.
 *   Needs CAP_SYS_ADMIN (initial user namespace), as %SYSTRACE_CMD_LIST.
 *
 * %SYSTRACE_CMD_AGENT
 *   Make the sending socket the system-wide agent: it receives the
 *   questions (%SYSTRACE_CMD_ASK) of every confined task whose image has
 *   no agent of its own. One at a time (%EBUSY); it stops being the agent
 *   when the socket closes, and every question it had not answered is
 *   denied. Needs CAP_SYS_ADMIN.
 *
 * %SYSTRACE_CMD_ASK (kernel to agent, unicast)
 *   A call no rule matched, from a task in ask mode (or a rule whose
 *   action is ``ask``), where the task may sleep: %SYSTRACE_A_QID,
 *   %SYSTRACE_A_PID, %SYSTRACE_A_UID, %SYSTRACE_A_PROG, %SYSTRACE_A_EXE,
 *   %SYSTRACE_A_PPID, %SYSTRACE_A_USER_NAME (if the user table names the
 *   uid),
 *   %SYSTRACE_A_NAME, %SYSTRACE_A_CALL, %SYSTRACE_A_CALL_NR,
 *   %SYSTRACE_A_EMULATION, %SYSTRACE_A_ARGS, one
 *   %SYSTRACE_A_ARG per argument, %SYSTRACE_A_TIMEOUT (seconds left).
 *   The task sleeps (killably) until the answer, the agent's socket closes,
 *   the timeout passes or the module unloads; all but the answer deny. A
 *   question the agent's socket cannot take (full) is denied at once. Also
 *   multicast to ``events``.
 *
 * %SYSTRACE_CMD_ANSWER
 *   From the agent that was asked: %SYSTRACE_A_QID, %SYSTRACE_A_VERDICT
 *   (%SYSTRACE_VERDICT_PERMIT or %SYSTRACE_VERDICT_DENY) and, for a denial,
 *   %SYSTRACE_A_ERRNO (default EPERM). A question is answered once;
 *   answers to unknown, answered or foreign questions get %ENOENT. "Always"
 *   is the agent's business: it adds the rule to the policy file and loads
 *   it again (an atomic replace), so the kernel never asks again.
 *
 * An image loaded with %SYSTRACE_A_AGENT set in %SYSTRACE_CMD_LOAD_BEGIN
 * sends its questions to the socket that loaded it (``systracectl run``
 * asking on its own terminal), not to the system-wide agent; when that
 * socket closes, its questions are denied. %SYSTRACE_A_TIMEOUT at load sets
 * the image's question timeout (seconds; default: the module parameter
 * ``ask_timeout``, 60).
 *
 * %SYSTRACE_CMD_EVENT (multicast, group ``events``)
 *   One message per logged decision: %SYSTRACE_A_PID, %SYSTRACE_A_UID,
 *   %SYSTRACE_A_PROG, %SYSTRACE_A_EXE, %SYSTRACE_A_PPID,
 *   %SYSTRACE_A_USER_NAME (if the user
 *   table names the uid), %SYSTRACE_A_NAME, %SYSTRACE_A_CALL,
 *   %SYSTRACE_A_CALL_NR,
 *   %SYSTRACE_A_EMULATION, %SYSTRACE_A_ARGS, one %SYSTRACE_A_ARG per
 *   argument, %SYSTRACE_A_VERDICT,
 *   %SYSTRACE_A_ERRNO, %SYSTRACE_A_MODE and %SYSTRACE_A_LINE (0 when no
 *   rule matched).
 *
 * The arguments of a question or an event come twice. %SYSTRACE_A_ARGS is
 * the kernel log's text, for people: values quoted, escaped and cut.
 * Each %SYSTRACE_A_ARG is one argument for programs (&enum
 * systrace_arg_attr): its name as a policy writes it ("filename",
 * "sockaddr", "oflags", "arg0"), which of the call's arguments of that
 * name it is (rename's target is "filename" index 1, a policy's
 * "filename[1]"), its kind (&enum systrace_arg_kind) and its value, byte
 * for byte what a rule compares (an argument a rule could compare with
 * ``eq`` holds exactly this string), never quoted nor cut: paths up to
 * PATH_MAX, %SYSTRACE_ARG_VALUE_MAX bytes with the NUL. They come in the
 * order of the call's arguments; a call decided on its registers alone
 * has arg0 to arg5. Rules are made from these (``systracectl run -A``, an
 * "always" answer), never from the text.
 *
 * %SYSTRACE_CMD_SET_USERS
 *   Replace the module's user table, from which ``$HOME`` and ``$USER``
 *   of a decision come (as systrace took them from the password entry of
 *   the process's uid, never from its environment): one top-level
 *   %SYSTRACE_A_USER per user, each nesting %SYSTRACE_A_UID,
 *   %SYSTRACE_A_USER_NAME and, if the user has an absolute home
 *   directory, %SYSTRACE_A_HOME. ``systracectl sync-users`` sends the
 *   password database (getpwent()). Every entry is checked before anything
 *   changes; an error keeps the old table (%EINVAL, %E2BIG with an
 *   extended ACK: a missing uid, a missing or empty name, a home that is
 *   not an absolute path, a uid given twice, more than the module's limits
 *   of entries or bytes). The whole table is replaced at once: every
 *   decision sees the old table or the new one. No entries empties it.
 *   Needs CAP_SYS_ADMIN in the initial
 *   user namespace, checked on the socket's opener and on the sender, and
 *   is refused to a confined task. A decision uses the entry of the task's
 *   uid only when its real, effective, saved and filesystem uids are
 *   equal; otherwise, or with no entry, ``$HOME``/``$USER`` are unknown
 *   and a rule that needs one denies the call.
 */
#define SYSTRACE_GENL_NAME		"systrace"
#define SYSTRACE_GENL_VERSION		1
#define SYSTRACE_GENL_MCGRP_EVENTS	"events"

/* Largest %SYSTRACE_A_DATA of one LOAD_DATA message. */
#define SYSTRACE_LOAD_CHUNK		(32 * 1024)
/* Longest image name, NUL included. */
#define SYSTRACE_NAME_MAX		256
/* Longest %SYSTRACE_A_USER_NAME and %SYSTRACE_A_HOME, NUL included. */
#define SYSTRACE_USER_NAME_MAX		256
#define SYSTRACE_HOME_MAX		4096
/* Longest %SYSTRACE_A_ARG_VALUE, NUL included (PATH_MAX; argv is cut there). */
#define SYSTRACE_ARG_VALUE_MAX		4096

/**
 * enum systrace_cmd - generic netlink commands
 * @SYSTRACE_CMD_UNSPEC: never valid
 * @SYSTRACE_CMD_GET_STATUS: the module's version, kernel and counters
 * @SYSTRACE_CMD_LOAD_BEGIN: start loading an image; replies a transfer id
 * @SYSTRACE_CMD_LOAD_DATA: the next bytes of an image
 * @SYSTRACE_CMD_LOAD_COMMIT: verify and attach (or atomically replace)
 * @SYSTRACE_CMD_UNLOAD: detach an image by name
 * @SYSTRACE_CMD_LIST: dump the loaded images
 * @SYSTRACE_CMD_CONFINE_SELF: confine the sender with a loaded policy
 * @SYSTRACE_CMD_EVENT: a logged decision, multicast to ``events``
 * @SYSTRACE_CMD_AGENT: become the system-wide agent
 * @SYSTRACE_CMD_ASK: a question to an agent (and to ``events``)
 * @SYSTRACE_CMD_ANSWER: an agent's answer
 * @SYSTRACE_CMD_SET_USERS: replace the uid to user name and home table
 * @SYSTRACE_CMD_ATTACH: confine a running process with a loaded policy
 * @SYSTRACE_CMD_PS: dump the confined tasks and their layers
 * @__SYSTRACE_CMD_MAX: number of commands, internal
 */
enum systrace_cmd {
	SYSTRACE_CMD_UNSPEC,
	SYSTRACE_CMD_GET_STATUS,
	SYSTRACE_CMD_LOAD_BEGIN,
	SYSTRACE_CMD_LOAD_DATA,
	SYSTRACE_CMD_LOAD_COMMIT,
	SYSTRACE_CMD_UNLOAD,
	SYSTRACE_CMD_LIST,
	SYSTRACE_CMD_CONFINE_SELF,
	SYSTRACE_CMD_EVENT,
	SYSTRACE_CMD_AGENT,
	SYSTRACE_CMD_ASK,
	SYSTRACE_CMD_ANSWER,
	SYSTRACE_CMD_SET_USERS,
	SYSTRACE_CMD_ATTACH,
	SYSTRACE_CMD_PS,
	__SYSTRACE_CMD_MAX
};
#define SYSTRACE_CMD_MAX (__SYSTRACE_CMD_MAX - 1)

/**
 * enum systrace_mode - what happens to a call that no rule matches
 * @SYSTRACE_MODE_ENFORCE: deny it and log it (``systrace -a``)
 * @SYSTRACE_MODE_LEARN: permit it and report it (``systrace -A``)
 * @SYSTRACE_MODE_ASK: ask the agent (see %SYSTRACE_CMD_ASK)
 * @__SYSTRACE_MODE_LAST: number of modes, internal
 */
enum systrace_mode {
	SYSTRACE_MODE_ENFORCE,
	SYSTRACE_MODE_LEARN,
	SYSTRACE_MODE_ASK,
	__SYSTRACE_MODE_LAST
};
#define SYSTRACE_MODE_MAX (__SYSTRACE_MODE_LAST - 1)

/**
 * enum systrace_verdict - the outcome of a logged decision
 *
 * Each has one word, the same in the kernel log, ``systracectl monitor``
 * (text, --json, --journal's SYSTRACE_VERDICT=) and ``systrace -e``; it
 * follows each below in quotes.
 *
 * @SYSTRACE_VERDICT_PERMIT: "permit": a rule permitted the call
 * @SYSTRACE_VERDICT_DENY: "deny": a rule denied the call
 * @SYSTRACE_VERDICT_UNMATCHED_DENY: "deny-unmatched": no rule matched; the
 *	mode denied it
 * @SYSTRACE_VERDICT_UNMATCHED_PERMIT: "permit-learned": no rule matched;
 *	learn mode let it pass
 * @SYSTRACE_VERDICT_ASKED_PERMIT: "permit-asked": the agent permitted it
 * @SYSTRACE_VERDICT_ASKED_DENY: "deny-asked": the agent denied it, or no
 *	answer came (no agent, agent gone, timeout, unload, a task that may
 *	not sleep)
 * @SYSTRACE_VERDICT_PERMIT_ELEVATED: "permit-elevated": a rule with
 *	``as user[:group]`` permitted it, and it ran with that identity
 *	(privilege elevation)
 * @__SYSTRACE_VERDICT_LAST: number of verdicts, internal
 */
enum systrace_verdict {
	SYSTRACE_VERDICT_PERMIT,
	SYSTRACE_VERDICT_DENY,
	SYSTRACE_VERDICT_UNMATCHED_DENY,
	SYSTRACE_VERDICT_UNMATCHED_PERMIT,
	SYSTRACE_VERDICT_ASKED_PERMIT,
	SYSTRACE_VERDICT_ASKED_DENY,
	SYSTRACE_VERDICT_PERMIT_ELEVATED,
	__SYSTRACE_VERDICT_LAST
};

/**
 * enum systrace_attr - generic netlink attributes
 * @SYSTRACE_A_UNSPEC: never valid
 * @SYSTRACE_A_VERSION: NLA_NUL_STRING, the module's version ("0.1.0")
 * @SYSTRACE_A_KERNEL_RELEASE: NLA_NUL_STRING, ``uname -r`` of the kernel
 *	the module runs on
 * @SYSTRACE_A_PROG_VERSION: NLA_U32, the bytecode format version the module
 *	accepts (%SYSTRACE_PROG_VERSION)
 * @SYSTRACE_A_NAME: NLA_NUL_STRING, an image name, at most
 *	%SYSTRACE_NAME_MAX bytes with the NUL, not empty
 * @SYSTRACE_A_SIZE: NLA_U32, the size of an image in bytes
 * @SYSTRACE_A_MODE: NLA_U8, &enum systrace_mode
 * @SYSTRACE_A_XFER: NLA_U32, a load transfer id
 * @SYSTRACE_A_OFFSET: NLA_U32, byte offset of %SYSTRACE_A_DATA in the image
 * @SYSTRACE_A_DATA: NLA_BINARY, bytes of an image
 * @SYSTRACE_A_POLICY: NLA_NESTED, one policy of an image (%SYSTRACE_A_PATH)
 * @SYSTRACE_A_PATH: NLA_NUL_STRING, a program path (``Policy: PATH``); absent
 *	for a header-less fragment
 * @SYSTRACE_A_POLICY_INDEX: NLA_U32, index of a policy in its image
 * @SYSTRACE_A_STATS: NLA_NESTED, counters (&enum systrace_stat)
 * @SYSTRACE_A_PID: NLA_U32, a process id (in the initial pid namespace)
 * @SYSTRACE_A_UID: NLA_U32, a uid (in the initial user namespace)
 * @SYSTRACE_A_PROG: NLA_NUL_STRING, the program (comm) of a process
 * @SYSTRACE_A_CALL: NLA_NUL_STRING, the call as a policy names it ("fsread")
 * @SYSTRACE_A_ARGS: NLA_NUL_STRING, the arguments as systrace logged them,
 *	"name: value, ...": values a task chose in double quotes with '"',
 *	'\\', control and non-ASCII bytes as \xNN ('"...' after the quote:
 *	cut), the kernel's own (flags, numbers) bare; ", ..." ends a cut list.
 *	For people: programs read the %SYSTRACE_A_ARG attributes
 * @SYSTRACE_A_VERDICT: NLA_U8, &enum systrace_verdict
 * @SYSTRACE_A_ERRNO: NLA_U32, the errno of a denial
 * @SYSTRACE_A_LINE: NLA_U32, the source line of the rule that decided
 * @SYSTRACE_A_FLAGS: NLA_U32, SYSTRACE_CONFINE_F_* of %SYSTRACE_CMD_CONFINE_SELF;
 *	unknown bits are rejected
 * @SYSTRACE_A_CALL_STATS: NLA_NESTED, the counters of one call of an image
 * @SYSTRACE_A_QID: NLA_U64, a question's id
 * @SYSTRACE_A_PAD: padding of 64-bit attributes
 * @SYSTRACE_A_TIMEOUT: NLA_U32, seconds a question waits, 1..3600
 * @SYSTRACE_A_AGENT: NLA_FLAG, at load: this socket answers the image's
 *	questions
 * @SYSTRACE_A_OWNER: NLA_U32, at load and in LIST: the uid (in the initial
 *	user namespace) whose tasks alone the image binds at exec; absent for
 *	a global image
 * @SYSTRACE_A_SHADOWED_BY: NLA_NUL_STRING, in LIST, in a %SYSTRACE_A_POLICY:
 *	the name of the image whose policy an exec of this %SYSTRACE_A_PATH
 *	binds instead (a global image over a user's, the earlier loaded of
 *	two of one kind)
 * @SYSTRACE_A_USER: NLA_NESTED, in %SYSTRACE_CMD_SET_USERS, one user:
 *	%SYSTRACE_A_UID, %SYSTRACE_A_USER_NAME, %SYSTRACE_A_HOME
 * @SYSTRACE_A_USER_NAME: NLA_NUL_STRING, a user's name (``$USER``), not
 *	empty, at most %SYSTRACE_USER_NAME_MAX bytes with the NUL
 *	(in %SYSTRACE_CMD_EVENT and %SYSTRACE_CMD_ASK: the caller's, its real
 *	uid's entry of the user table; absent when the table has none)
 * @SYSTRACE_A_HOME: NLA_NUL_STRING, a user's home directory (``$HOME``),
 *	an absolute path of at most %SYSTRACE_HOME_MAX bytes with the NUL;
 *	absent: ``$HOME`` is unknown for that user
 * @SYSTRACE_A_ARG: NLA_NESTED, in %SYSTRACE_CMD_EVENT and
 *	%SYSTRACE_CMD_ASK, one argument of the call (&enum systrace_arg_attr),
 *	one such attribute per argument, in order
 * @SYSTRACE_A_EMULATION: NLA_NUL_STRING, in %SYSTRACE_CMD_EVENT and
 *	%SYSTRACE_CMD_ASK, the emulation a policy names the call's ABI by:
 *	"native" (x86_64) or "linux" (ia32); %SYSTRACE_A_CALL is the call's
 *	name in that ABI ("setuid32" is linux-setuid32). Absent from older
 *	modules: their calls are named as native ones
 * @SYSTRACE_A_TGID: NLA_U32, in %SYSTRACE_CMD_PS: the process (thread
 *	group) id of the task %SYSTRACE_A_PID, initial pid namespace
 * @SYSTRACE_A_LAYER: NLA_NESTED, in %SYSTRACE_CMD_PS: one layer of a
 *	task's confinement
 * @SYSTRACE_A_PPID: NLA_U32, in %SYSTRACE_CMD_EVENT and %SYSTRACE_CMD_ASK:
 *	the process id of the caller's parent (initial pid namespace)
 * @SYSTRACE_A_CALL_NR: NLA_U32, in %SYSTRACE_CMD_EVENT and
 *	%SYSTRACE_CMD_ASK: the number of the system call made, in the ABI
 *	%SYSTRACE_A_EMULATION names (%SYSTRACE_A_CALL may be its alias,
 *	"fsread"); absent when the kernel has none
 * @SYSTRACE_A_EXE: NLA_NUL_STRING, in %SYSTRACE_CMD_EVENT and
 *	%SYSTRACE_CMD_ASK: the path of the caller's executable, as the
 *	kernel log's ``prog:`` shows it (at most 255 bytes: a longer one is
 *	"..." and its end; the comm when it has none)
 * @__SYSTRACE_A_LAST: number of attributes, internal
 */
enum systrace_attr {
	SYSTRACE_A_UNSPEC,
	SYSTRACE_A_VERSION,
	SYSTRACE_A_KERNEL_RELEASE,
	SYSTRACE_A_PROG_VERSION,
	SYSTRACE_A_NAME,
	SYSTRACE_A_SIZE,
	SYSTRACE_A_MODE,
	SYSTRACE_A_XFER,
	SYSTRACE_A_OFFSET,
	SYSTRACE_A_DATA,
	SYSTRACE_A_POLICY,
	SYSTRACE_A_PATH,
	SYSTRACE_A_POLICY_INDEX,
	SYSTRACE_A_STATS,
	SYSTRACE_A_PID,
	SYSTRACE_A_UID,
	SYSTRACE_A_PROG,
	SYSTRACE_A_CALL,
	SYSTRACE_A_ARGS,
	SYSTRACE_A_VERDICT,
	SYSTRACE_A_ERRNO,
	SYSTRACE_A_LINE,
	SYSTRACE_A_FLAGS,
	SYSTRACE_A_CALL_STATS,
	SYSTRACE_A_QID,
	SYSTRACE_A_TIMEOUT,
	SYSTRACE_A_AGENT,
	SYSTRACE_A_PAD,
	SYSTRACE_A_OWNER,
	SYSTRACE_A_SHADOWED_BY,
	SYSTRACE_A_USER,
	SYSTRACE_A_USER_NAME,
	SYSTRACE_A_HOME,
	SYSTRACE_A_ARG,
	SYSTRACE_A_EMULATION,
	SYSTRACE_A_TGID,
	SYSTRACE_A_LAYER,
	SYSTRACE_A_PPID,
	SYSTRACE_A_CALL_NR,
	SYSTRACE_A_EXE,
	__SYSTRACE_A_LAST
};
#define SYSTRACE_A_MAX (__SYSTRACE_A_LAST - 1)

/**
 * enum systrace_arg_attr - the attributes nested in a %SYSTRACE_A_ARG
 * @SYSTRACE_A_ARG_UNSPEC: never valid
 * @SYSTRACE_A_ARG_NAME: NLA_NUL_STRING, the argument's name as a policy
 *	writes it, without an index ("filename", "oflags", "arg0");
 *	systrace-policy(5) lists them
 * @SYSTRACE_A_ARG_INDEX: NLA_U32, which argument of that name: 0 for the
 *	first (a policy's "filename"), 1 for the second ("filename[1]")
 * @SYSTRACE_A_ARG_KIND: NLA_U8, &enum systrace_arg_kind: what the value
 *	looks like
 * @SYSTRACE_A_ARG_VALUE: NLA_NUL_STRING, the value a rule compares, in
 *	the policy's value syntax, unquoted, unescaped and never cut: at most
 *	%SYSTRACE_ARG_VALUE_MAX bytes with the NUL. A value may hold any byte
 *	but NUL (no path, string or address the kernel reports holds one: an
 *	abstract socket's NULs are '@', as ss prints them)
 * @__SYSTRACE_A_ARG_LAST: number of attributes, internal
 */
enum systrace_arg_attr {
	SYSTRACE_A_ARG_UNSPEC,
	SYSTRACE_A_ARG_NAME,
	SYSTRACE_A_ARG_INDEX,
	SYSTRACE_A_ARG_KIND,
	SYSTRACE_A_ARG_VALUE,
	__SYSTRACE_A_ARG_LAST
};
#define SYSTRACE_A_ARG_MAX (__SYSTRACE_A_ARG_LAST - 1)

/**
 * enum systrace_arg_kind - what the value of an argument looks like
 * @SYSTRACE_KIND_PATH: an absolute path, "/etc/passwd"
 * @SYSTRACE_KIND_STRING: any string
 * @SYSTRACE_KIND_OFLAGS: systrace's open flags, "woct" (access mode ro, wo,
 *	rw or --, then n a c t for O_NONBLOCK, O_APPEND, O_CREAT, O_TRUNC)
 * @SYSTRACE_KIND_OCTAL: an octal mode, "0644"
 * @SYSTRACE_KIND_SOCKADDR: "inet-[1.2.3.4]:80", "inet6-[::1]:80", a unix
 *	socket's path, "@abstract" or "family(N)"
 * @SYSTRACE_KIND_SOCKDOM: an address family, "AF_INET"
 * @SYSTRACE_KIND_SOCKTYPE: a socket type, "SOCK_STREAM"
 * @SYSTRACE_KIND_SIGNAL: a signal, "SIGTERM" or "SIG34"
 * @SYSTRACE_KIND_PID: a process id, "1234"
 * @SYSTRACE_KIND_ID: a decimal user or group id, "-1" for unchanged
 * @SYSTRACE_KIND_PROT: "PROT_NONE", or PROT_READ, PROT_WRITE, PROT_EXEC
 *	joined by '|'
 * @SYSTRACE_KIND_NUMBER: a number, decimal or 0x-hex
 * @__SYSTRACE_KIND_LAST: number of kinds, internal
 *
 * The kinds of the project's table of calls and arguments, in its order
 * (a host test checks it).
 */
enum systrace_arg_kind {
	SYSTRACE_KIND_PATH,
	SYSTRACE_KIND_STRING,
	SYSTRACE_KIND_OFLAGS,
	SYSTRACE_KIND_OCTAL,
	SYSTRACE_KIND_SOCKADDR,
	SYSTRACE_KIND_SOCKDOM,
	SYSTRACE_KIND_SOCKTYPE,
	SYSTRACE_KIND_SIGNAL,
	SYSTRACE_KIND_PID,
	SYSTRACE_KIND_ID,
	SYSTRACE_KIND_PROT,
	SYSTRACE_KIND_NUMBER,
	__SYSTRACE_KIND_LAST
};

/* SYSTRACE_A_FLAGS of SYSTRACE_CMD_CONFINE_SELF */
/* Begin at the next successful exec. */
#define SYSTRACE_CONFINE_F_ONEXEC	(1U << 0)
#define __SYSTRACE_CONFINE_F_ALL	(SYSTRACE_CONFINE_F_ONEXEC)

/* SYSTRACE_A_FLAGS of a SYSTRACE_A_LAYER (SYSTRACE_CMD_PS) */
/* The layer an exec of the policy's path bound (the next exec may replace it). */
#define SYSTRACE_LAYER_F_BOUND		(1U << 0)
/* Started by another uid than the image's owner: never learns nor asks. */
#define SYSTRACE_LAYER_F_FOREIGN	(1U << 1)
/* Its rules never elevate (a user's own request, or an attach). */
#define SYSTRACE_LAYER_F_NOELEV		(1U << 2)
/* Its image was unloaded: the task stays confined by it until it exits. */
#define SYSTRACE_LAYER_F_UNLOADED	(1U << 3)

/**
 * enum systrace_stat - counters, NLA_U64 each, nested in %SYSTRACE_A_STATS
 * @SYSTRACE_STAT_UNSPEC: never valid
 * @SYSTRACE_STAT_DECISIONS: calls decided
 * @SYSTRACE_STAT_DENIALS: calls denied (by a rule or by the mode)
 * @SYSTRACE_STAT_UNMATCHED: calls no rule matched
 * @SYSTRACE_STAT_CONFINED: tasks confined now (module-wide only)
 * @SYSTRACE_STAT_IMAGES: images loaded now, attached or still in use
 *	(module-wide only)
 * @SYSTRACE_STAT_XFERS: load transfers in progress (module-wide only)
 * @__SYSTRACE_STAT_LAST: number of counters, internal
 */
enum systrace_stat {
	SYSTRACE_STAT_UNSPEC,
	SYSTRACE_STAT_DECISIONS,
	SYSTRACE_STAT_DENIALS,
	SYSTRACE_STAT_UNMATCHED,
	SYSTRACE_STAT_CONFINED,
	SYSTRACE_STAT_IMAGES,
	SYSTRACE_STAT_XFERS,
	__SYSTRACE_STAT_LAST
};
#define SYSTRACE_STAT_MAX (__SYSTRACE_STAT_LAST - 1)

#endif /* _UAPI_LINUX_SYSTRACE_H */
