/* SPDX-License-Identifier: GPL-2.0 */
/*
 * systrace: what the parts of the module call in one another.
 *
 *   policy.c   loaded images, their names (slots), the exec path map,
 *              chunked load transfers
 *   decide.c   st_decide(): run a task's policy on a call, apply the mode,
 *              count, log and multicast the decision
 *   task.c     per-task confinement: inherit on fork, switch on exec,
 *              free on exit
 *   hook.c     ftrace-based hooking of LSM entry points (compat.h)
 *   syscall.c  the per-task syscall filter for calls no hook covers
 *   hook_*.c   one file per hook category; each builds a struct st_call
 *   genl.c     the generic netlink family, the messages it sends
 *   netlink.c  its command handlers
 *   users.c    the uid -> name, home table of $USER and $HOME
 */
#ifndef _SYSTRACE_H
#define _SYSTRACE_H

#include <linux/kref.h>
#include <linux/list.h>
#include <linux/percpu.h>
#include <linux/ratelimit_types.h>
#include <linux/rcupdate.h>
#include <linux/types.h>
#include <uapi/linux/systrace.h>

#include "prog.h"
#include "format.h"

struct linux_binprm;
struct st_agent;
struct net;
struct netlink_ext_ack;
struct sk_buff;
struct sock;
struct task_struct;

/**
 * struct st_image - one verified bytecode image.
 * @prog: the verified view of @data; read-only.
 * @data: the image bytes (kvmalloc), owned.
 * @len: their length.
 * @call_denials: per call of @prog (same index), the calls it denied.
 * @permit: per policy and system call ABI (SYSTRACE_NS_X86_64, _IA32), a
 *	bitmap of ST_SYSCALL_NR_MAX bits: the calls its program permits
 *	whatever their arguments, without a log line (``native-close:
 *	permit``). The syscall filter decides those without running it.
 * @named: laid out as @permit: the system calls the policy has a program
 *	for at all; the other keys of a call are skipped without a search.
 * @alias_call: per policy, the call index of each alias key (fsread,
 *	fswrite), or SYSTRACE_PROG_NONE: the hot keys of file decisions,
 *	found without a search.
 * @call_set: per call of @prog, the lookup set its whole program is
 *	(st_prog_call_set()), or SYSTRACE_PROG_NONE: such a call is decided
 *	by one lookup (st_decide_fast()).
 * @args: BIT_ULL(enum systrace_arg) of every argument an instruction tests;
 *	a hook formats the others only for a log line or a question, and a
 *	decision supplies the raw arguments (arg0..arg5) and the caller's
 *	uid, gid and whether its ids are mixed (``, if user``) only when
 *	they are tested (%ST_ARGS_RAW, %ST_ARGS_CRED).
 * @macros: BIT(enum systrace_macro) of every macro a template of @prog
 *	uses; a decision computes only those ($CWD costs a d_path()).
 * @elevates: BIT(enum st_elev_kind) of the kinds of call a rule of @prog
 *	elevates (``as user[:group]``, elevate.c); 0: none.
 * @cwd: $CWD of the layers an exec path binds: the working directory of
 *	the process that loaded the image (kmalloc'd), or NULL (unknown: a
 *	rule that needs it does not match).
 * @rcu: frees the image after the last reader left (an image is replaced
 *	under RCU; decisions hold rcu_read_lock() while they run it).
 */
struct st_image {
	struct st_prog prog;
	u8 *data;
	u32 len;
	atomic64_t *call_denials;
	unsigned long *permit;
	unsigned long *named;
	u32 *alias_call;
	u32 *call_set;
	u64 args;
	u8 macros;
	u8 elevates;
	char *cwd;
	struct rcu_head rcu;
};

/**
 * struct st_slot_stats - a slot's counters, on one CPU.
 * @decisions: calls decided under the slot.
 * @denials: calls denied.
 * @unmatched: calls no rule matched.
 */
struct st_slot_stats {
	u64 decisions;
	u64 denials;
	u64 unmatched;
};

/**
 * struct st_slot - a loaded image under its name.
 * @name: the name given at load ("usr_sbin_nginx").
 * @img: the current image; replaced atomically; protected by RCU for
 *	readers, by st_policy_mutex for writers.
 * @mode: &enum systrace_mode for tasks bound through an exec path.
 * @attached: still listed under @name (false after unload or replace of
 *	the slot itself); protected by st_policy_mutex.
 * @ref: tasks and the name table each hold one; the last put frees the
 *	slot and its image.
 * @list: entry in the list of attached slots; protected by
 *	st_policy_mutex.
 * @stats: per CPU, its counters (&struct st_slot_stats): every decision
 *	counts, and a shared counter would bounce between the CPUs of a
 *	confined daemon's workers.
 * @agent: the socket that answers this image's questions (loaded with
 *	%SYSTRACE_A_AGENT), a reference, or NULL: its owner's agent if the
 *	image is a user's and the user registered one, else the system-wide
 *	agent.
 *	Once that socket closed, the agent is dead and questions are
 *	denied, never sent to another socket that might get its port id.
 *	Protected by st_ask_lock (ask.c: st_ask_set_agent()).
 * @timeout: seconds a question waits, or 0 for the module's default.
 * @owner: the uid (initial user namespace) whose tasks alone the image
 *	binds at exec, or %ST_OWNER_NONE for a global image; fixed for the
 *	slot's life (the name says it: "~UID/...").
 * @log_rs: the kernel log's rate limits of the image's lines, one for the
 *	tasks of its owner (root for a global image), one for everyone
 *	else's (%ST_LOG_OWNER, %ST_LOG_OTHERS): no other image's lines and
 *	no other user's flood crowd out the owner's denials.
 * @rcu: the slot is freed after a grace period: lookups find it under RCU
 *	and take their reference with kref_get_unless_zero().
 */
struct st_slot {
	char name[SYSTRACE_NAME_MAX];
	struct st_image __rcu *img;
	u8 mode;
	bool attached;
	struct kref ref;
	struct list_head list;
	struct st_slot_stats __percpu *stats;
	struct st_agent *agent;
	u32 timeout;
	u32 owner;
	struct ratelimit_state log_rs[2];
	struct rcu_head rcu;
};

/* st_slot.log_rs: lines per interval, of each bucket of each image. */
#define ST_LOG_OWNER		0
#define ST_LOG_OTHERS		1
#define ST_LOG_INTERVAL		(5 * HZ)
#define ST_LOG_BURST		100

/* The owner of a global image: (uid_t)-1 is never a valid uid. */
#define ST_OWNER_NONE	((u32)-1)

/**
 * struct st_load_opts - how an image is attached.
 * @mode: &enum systrace_mode of tasks bound through an exec path.
 * @timeout: question timeout in seconds, 0 for the default.
 * @agent: the loading socket answers the image's questions.
 * @portid: the loading socket.
 * @net: its network namespace.
 * @sk: the loading socket itself: answers are accepted from it alone
 *	(identity only, never dereferenced; valid until its release
 *	notifier, which forgets it).
 * @owner: %SYSTRACE_A_OWNER, or %ST_OWNER_NONE for a global image.
 */
struct st_load_opts {
	u8 mode;
	u32 timeout;
	bool agent;
	u32 portid;
	struct net *net;
	const void *sk;
	u32 owner;
};

/**
 * struct st_layer - one policy a confined task is under.
 * @slot: the image (one reference held).
 * @index: the policy of that image.
 * @mode: &enum systrace_mode for calls no rule of this layer matches.
 * @flags: ST_LAYER_* bits.
 * @cwd: $CWD of the layer: the working directory of whoever started it
 *	(systracectl run's, at CONFINE_SELF), kmalloc'd; NULL for a layer
 *	bound through an exec path, whose $CWD is its loader's
 *	(&st_image.cwd). Never the confined task's own: it could chdir.
 */
struct st_layer {
	struct st_slot *slot;
	u32 index;
	u8 mode;
	u8 flags;
	char *cwd;
};

/* The layer an exec path bound; the next exec may replace it. */
#define ST_LAYER_BOUND		BIT(0)
/*
 * Started by another uid than the image's owner (root for a global
 * image): a user who runs the daemon's program, or confines itself by the
 * daemon's image. Such a layer never learns, never asks and never counts
 * in the image (decide.c): it cannot feed the owner's streams.
 */
#define ST_LAYER_FOREIGN	BIT(1)
/*
 * Confined at its own request by a process that is not the administrator
 * outside any policy: its rules never elevate (elevate.c), even if its
 * image is later replaced by one whose rules do.
 */
#define ST_LAYER_NOELEV		BIT(2)

/* How strict a mode is: enforce denies what ask may permit, learn permits. */
static inline int st_mode_strictness(u8 mode)
{
	switch (mode) {
	case SYSTRACE_MODE_ENFORCE:
		return 2;
	case SYSTRACE_MODE_ASK:
		return 1;
	default:
		return 0;
	}
}

/* Layers of one task: a bound one and up to seven of its own asking. */
#define ST_MAX_LAYERS		8

/**
 * struct st_task - the confinement of a task: a stack of layers.
 * @ref: the tasks whose entries point here, and pending execs.
 * @nlayers: number of @layers, 1 to %ST_MAX_LAYERS.
 * @rcu: freed after a grace period (readers of other tasks' entries).
 * @retired: the confinement an attach replaced by this one (one reference
 *	held), or NULL: a hook of the task may still be using it, and it
 *	is kept until this one goes (see the top of task.c).
 * @layers: at most one %ST_LAYER_BOUND (first), then the layers the task
 *	(or systracectl run for it) asked for, oldest first.
 *
 * A call is permitted only if every layer permits it; each layer's
 * unmatched calls follow its own mode and go to its own agent. Layers
 * survive exec: an exec replaces only the bound layer (by the program's
 * own binding), and a layer's permit[detach] ends only that layer. So a
 * task confined by its own request never sheds the administrator's
 * policy, and the administrator's never sheds the task's.
 *
 * Owned by task.c; immutable once published, shared by fork, replaced as
 * a whole. Hooks use it for as long as they run in the task (see task.c).
 */
struct st_task {
	struct kref ref;
	u32 nlayers;
	struct rcu_head rcu;
	struct st_task *retired;
	struct st_layer layers[];
};

/* &st_image.args bits: the raw arguments, the caller's ids. */
#define ST_ARGS_RAW	(GENMASK_ULL(SYSTRACE_ARG_RAW5, SYSTRACE_ARG_RAW0))
#define ST_ARGS_CRED	(BIT_ULL(SYSTRACE_ARG_CRED_UID) | \
			 BIT_ULL(SYSTRACE_ARG_CRED_GID) | \
			 BIT_ULL(SYSTRACE_ARG_CRED_MIXED))

/*
 * System call numbers below this have a bit in &st_image.permit and may be
 * covered by a hook (syscall.c); those above are always decided raw.
 */
#define ST_SYSCALL_NR_MAX	1024

/* The most keys one call is known by (e.g. open, openat, then fsread). */
#define ST_CALL_MAX_KEYS	3
/* The most arguments a hook passes. */
#define ST_CALL_MAX_ARGS	8

/**
 * struct st_call - one call of a confined task, as a hook sees it.
 * @keys: the call's keys (SYSTRACE_CALL_KEY()): its own names first (as
 *	systrace named it, then the system call made), its alias last; a
 *	key whose rules do not decide hands the call to the next one
 *	(decide.c, as systrace); if none decides, the call is unmatched.
 * @nkeys: their number, at least 1.
 * @name: the name of @keys[0] for logs, as a policy would name it;
 *	st_decide() names the key that decided instead.
 * @args: its arguments, printed as systrace printed them.
 * @nargs: their number.
 * @raw: the six raw system call arguments, or NULL (syscall filter): they
 *	are printed as SYSTRACE_ARG_RAW0..5 only when the image tests them
 *	or a log line shows them, which is most of a filter decision's cost.
 * @may_sleep: the hook runs where sleeping is allowed (escalation).
 * @lazy: BIT_ULL(enum systrace_arg) of the arguments @fill appends to
 *	@args: costly to print and rarely tested (oflags, mode).
 * @fill: appends them; called by st_decide() when the image tests one of
 *	them, and before a log line, event or question (st_call_fill()).
 * @rule_flags: set by st_decide(): per layer of the task (same index), the
 *	SYSTRACE_RULE_F_* of the permit rule that decided, else 0 (exec reads
 *	%SYSTRACE_RULE_F_INHERIT and %SYSTRACE_RULE_F_DETACH); valid when the
 *	call was permitted.
 * @probe: decide without a side effect (no question, log line, event or
 *	count): the syscall filter's look, at entry, at whether the call
 *	will be elevated (elevate.c). The hook decides the call for real.
 * @elev: set by st_decide(): the identity the permitting rules name
 *	(flags 0: none).
 * @pending: the identity the call was raised to at its entry, or NULL:
 *	st_decide() denies unless the rules that decide the object the call
 *	really acts on name the same (elevate.c).
 */
/**
 * struct st_elev_target - the identity an ``as user[:group]`` rule names.
 * @flags: %SYSTRACE_RULE_F_SETUID, %SYSTRACE_RULE_F_SETGID, or
 *	%ST_ELEV_CONFLICT (two layers named different identities); 0: none.
 * @uid: the user (initial user namespace), with %SYSTRACE_RULE_F_SETUID.
 * @gid: the group, with %SYSTRACE_RULE_F_SETGID.
 */
struct st_elev_target {
	u8 flags;
	u32 uid;
	u32 gid;
};

#define ST_ELEV_IDS		(SYSTRACE_RULE_F_SETUID | SYSTRACE_RULE_F_SETGID)
#define ST_ELEV_CONFLICT	BIT(7)

static inline bool st_elev_same(const struct st_elev_target *a,
				const struct st_elev_target *b)
{
	return a->flags == b->flags && !(a->flags & ST_ELEV_CONFLICT) &&
	       (!(a->flags & SYSTRACE_RULE_F_SETUID) || a->uid == b->uid) &&
	       (!(a->flags & SYSTRACE_RULE_F_SETGID) || a->gid == b->gid);
}

struct st_call {
	u32 keys[ST_CALL_MAX_KEYS];
	u32 nkeys;
	const char *name;
	struct st_prog_arg args[ST_CALL_MAX_ARGS];
	u32 nargs;
	const unsigned long *raw;
	bool may_sleep;
	u64 lazy;
	void (*fill)(struct st_call *c);
	u8 rule_flags[ST_MAX_LAYERS];
	bool probe;
	struct st_elev_target elev;
	const struct st_elev_target *pending;
};

/*
 * Set every field of @c but the arrays (@keys and @args, which the caller
 * fills): an initializer would zero the argument array on every call, a
 * visible part of a fast decision.
 */
static inline void st_call_start(struct st_call *c, const char *name,
				 bool may_sleep)
{
	c->nkeys = 0;
	c->name = name;
	c->nargs = 0;
	c->raw = NULL;
	c->may_sleep = may_sleep;
	c->lazy = 0;
	c->fill = NULL;
	c->probe = false;
	c->elev.flags = 0;
	c->pending = NULL;
}

/* Append the argument @arg = @str (NUL-terminated) to @c. */
static inline void st_call_arg_str(struct st_call *c, u8 arg, const char *str)
{
	if (c->nargs < ST_CALL_MAX_ARGS)
		c->args[c->nargs++] = (struct st_prog_arg){
			.arg = arg, .str = str, .len = strlen(str),
		};
}

/* Complete @c's arguments (see &st_call.fill); once. */
static inline void st_call_fill(struct st_call *c)
{
	if (c->fill) {
		c->fill(c);
		c->fill = NULL;
	}
}

/* policy.c */
int st_policy_init(void);
void st_policy_exit(void);
/* The slot whose image has a policy for the program @path that binds the
 * exec @bprm of a task confined by @t (or NULL), with a reference, and that
 * policy's index; NULL if none. Global images first; a user's image only
 * for its owner's plain (no set-id) exec outside a global confinement.
 * May sleep (the file's capability xattr) when users' images are loaded.
 */
struct st_slot *st_policy_find_exec(const char *path, const struct st_task *t,
				    const struct linux_binprm *bprm,
				    u32 *index);
/* Under st_policy_for_each(): the image that binds the exec path of policy
 * @index of @slot for @slot's users, if another than that policy; else NULL.
 */
const char *st_policy_shadowed_by(struct st_slot *slot, u32 index);
/* The attached slot called @name, with a reference, or NULL. */
struct st_slot *st_policy_find_name(const char *name);
/* Attach @data (kvmalloc'd, @len bytes; consumed) as @name: verify, then
 * add or replace atomically.
 */
int st_policy_attach(const char *name, const struct st_load_opts *o,
		     u8 *data, u32 len, struct netlink_ext_ack *extack);
/*
 * Detach @name: no exec binds it and no request finds it any more. Return:
 * its slot with the name table's reference, for st_policy_detached(), or
 * an ERR_PTR.
 */
struct st_slot *st_policy_detach(const char *name,
				 struct netlink_ext_ack *extack);
/*
 * After st_policy_detach() of @name: say that @users processes stay
 * confined by @slot, and drop the reference.
 */
void st_policy_detached(struct st_slot *slot, const char *name, u32 users);
/* The layer of @t an exec path bound, or NULL. */
const struct st_layer *st_policy_bound_layer(const struct st_task *t);
/* The sums of @slot's counters over every CPU. */
void st_slot_stats_read(const struct st_slot *slot, struct st_slot_stats *sum);
/* Number of live images (attached or still used by tasks). */
u64 st_policy_live_images(void);
u32 st_policy_for_each(int (*fn)(struct st_slot *slot, void *arg),
		       u32 skip, void *arg);

/* xfer.c: chunked load transfers, owned by the netlink socket that began
 * them (@portid in @net) and freed with it.
 */
int st_xfer_begin(const char *name, const struct st_load_opts *o, u32 size,
		  u32 *id, struct netlink_ext_ack *extack);
int st_xfer_data(struct net *net, u32 portid, u32 id, u32 off,
		 const void *data, u32 len, struct netlink_ext_ack *extack);
int st_xfer_commit(struct net *net, u32 portid, u32 id,
		   struct netlink_ext_ack *extack);
void st_xfer_release(struct net *net, u32 portid);
u64 st_xfer_count(void);
void st_xfer_exit(void);
void st_slot_get(struct st_slot *slot);
/* Drop a reference; never sleeps (may be called from task_free). */
void st_slot_put(struct st_slot *slot);

/* decide.c */
/*
 * Decide @c for the current task, confined by @t: 0 lets the call go on,
 * a negative errno fails it. Never sleeps unless @c->may_sleep. Fails
 * closed: any internal error denies with -EPERM and logs.
 */
int st_decide(const struct st_task *t, struct st_call *c);
/*
 * st_decide() by the interpreter alone, for a caller that tried
 * st_decide_fast() (below) itself.
 */
int st_decide_interp(const struct st_task *t, struct st_call *c);
/*
 * The syscall filter's shortcut: true if @t's policy permits the system
 * call @nr of @ns whatever its arguments, without a log line (counted as
 * a decision); false: st_decide() decides.
 */
bool st_decide_permitted(const struct st_task *t, u8 ns, u32 nr);
struct cred;
/*
 * True when @cred's real, effective, saved and filesystem uids are not all
 * equal, or its gids are not ("mixed ids", uapi systrace_prog.h).
 */
bool st_cred_mixed(const struct cred *cred);
/*
 * Was @policy compiled without aliases (policyc -u)? Inline, as the other
 * readers of an image here, so that the files that decide (decide.c,
 * hook_call.c) read an image without calling policy.c.
 */
static inline bool st_image_noalias(const struct st_image *img, u32 policy)
{
	return policy < img->prog.npolicies &&
	       (le32_to_cpu(img->prog.policies[policy].flags) &
		SYSTRACE_POLICY_F_NOALIAS);
}

/* Has @policy systrace's "detached" line? */
static inline bool st_image_detached(const struct st_image *img, u32 policy)
{
	return policy < img->prog.npolicies &&
	       (le32_to_cpu(img->prog.policies[policy].flags) &
		SYSTRACE_POLICY_F_DETACHED);
}
/* The bitmap of &st_image.permit for @policy and @ns; on every filtered call. */
#define ST_PERMIT_WORDS	BITS_TO_LONGS(ST_SYSCALL_NR_MAX)
static inline unsigned long *st_image_permit_map(const struct st_image *img,
						 u32 policy, u8 ns)
{
	return img->permit + (policy * 2 + ns) * ST_PERMIT_WORDS;
}

/*
 * st_decide_permitted() for @nr below %ST_SYSCALL_NR_MAX and @ns x86_64 or
 * ia32, inline for the filter's common path (syscall.c). The caller holds
 * rcu_read_lock_sched(): images are freed by call_rcu(), which waits for
 * such readers too. One layer, as most tasks have, is one bit test.
 */
static __always_inline bool st_decide_permitted_sched(const struct st_task *t,
						      u8 ns, u32 nr)
{
	const struct st_layer *l, *end = t->layers + t->nlayers;
	const struct st_image *img;

	for (l = t->layers; l < end; l++) {
		img = rcu_dereference_sched(l->slot->img);
		if (!img || l->index >= img->prog.npolicies ||
		    !test_bit(nr, st_image_permit_map(img, l->index, ns)))
			return false;
	}
	for (l = t->layers; l < end; l++)
		if (likely(!(l->flags & ST_LAYER_FOREIGN)))
			__this_cpu_inc(l->slot->stats->decisions);
	return true;
}
/*
 * The call index of @key in @policy (st_prog_find_call()). Inline: every
 * open looks at three keys, and the two a policy seldom names (open,
 * openat) cost one bit each here, not a function call and a search.
 */
static inline u32 st_image_find_call(const struct st_image *img, u32 policy,
				     u32 key)
{
	u32 nr = SYSTRACE_CALL_NR(key);

	if (SYSTRACE_CALL_NS(key) == SYSTRACE_NS_ALIAS &&
	    nr < __SYSTRACE_ALIAS_LAST && policy < img->prog.npolicies)
		return img->alias_call[policy * __SYSTRACE_ALIAS_LAST + nr];
	/* Most keys of a file decision are calls the policy never names. */
	if (SYSTRACE_CALL_NS(key) <= SYSTRACE_NS_IA32 &&
	    nr < ST_SYSCALL_NR_MAX && policy < img->prog.npolicies &&
	    !test_bit(nr, img->named + (policy * 2 + SYSTRACE_CALL_NS(key)) *
			  ST_PERMIT_WORDS))
		return SYSTRACE_PROG_NONE;
	return st_prog_find_call(&img->prog, policy, key);
}

/*
 * The rule of @keys that decides in layer @l's image @img, found by hash
 * lookups of @name alone (st_prog_run_set()), as st_decide_keys() finds
 * it: the first key whose program matches. Return: the rule, or
 * %SYSTRACE_PROG_NONE when the interpreter must decide (no match, or a key
 * whose program is not one set).
 */
static __always_inline u32 st_decide_set(const struct st_image *img,
					 const struct st_layer *l,
					 const u32 *keys, u32 nkeys,
					 const char *name, u32 len)
{
	u32 i, k, rule;
	int ret;

	if (!img || l->index >= img->prog.npolicies)
		return SYSTRACE_PROG_NONE;
	for (i = 0; i < nkeys && i < ST_CALL_MAX_KEYS; i++) {
		k = st_image_find_call(img, l->index, keys[i]);
		if (k == SYSTRACE_PROG_NONE)
			continue;
		if (img->call_set[k] == SYSTRACE_PROG_NONE)
			return SYSTRACE_PROG_NONE;
		ret = st_prog_run_set(&img->prog, k, img->call_set[k], name,
				      len, &rule);
		if (ret == ST_PROG_MATCH)
			return rule;
		if (ret != ST_PROG_NOMATCH)
			return SYSTRACE_PROG_NONE;
	}
	return SYSTRACE_PROG_NONE;
}

/*
 * st_decide() without the interpreter (decide.c), for the call a daemon
 * makes most: an open its policy permits by name (``filename eq "..." then
 * permit``, ``filename match "..."``: one lookup set, st_prog_call_set()).
 * A call of @nkeys @keys whose first file name is @name (@len bytes), with
 * no raw arguments, not a probe, not raised at entry. When in every layer of @t the first key whose program
 * matches is such a set, and the rule found permits without a flag (no
 * log, no ``as``, no inherit or detach), the call is permitted as
 * st_decide_layer() permits it: no log line, no question, no elevation, a
 * decision counted; the rules' flags and the elevation are none. Anything
 * else (no match, deny, ask, another kind of program) returns false with
 * nothing done, and the interpreter decides it from the start. One
 * sched-RCU read section: images are freed by call_rcu(), which waits for
 * such readers too.
 */
static __always_inline bool st_decide_fast_keys(const struct st_task *t,
						const u32 *keys, u32 nkeys,
						const char *name, u32 len)
{
	const struct st_layer *l, *end = t->layers + t->nlayers;
	const struct systrace_prog_rule *rule;
	const struct st_image *img;
	bool permit = true;
	u32 r;

	if (!name && len)
		return false;
	rcu_read_lock_sched();
	for (l = t->layers; permit && l < end; l++) {
		img = rcu_dereference_sched(l->slot->img);
		r = st_decide_set(img, l, keys, nkeys, name, len);
		if (r == SYSTRACE_PROG_NONE) {
			permit = false;
			break;
		}
		rule = &img->prog.rules[r];
		permit = rule->action == SYSTRACE_ACT_PERMIT && !rule->flags;
	}
	if (permit)
		for (l = t->layers; l < end; l++)
			if (likely(!(l->flags & ST_LAYER_FOREIGN)))
				__this_cpu_inc(l->slot->stats->decisions);
	rcu_read_unlock_sched();
	return permit;
}

/* st_decide_fast_keys() of @c, its first file name @name of @len bytes. */
static __always_inline bool st_decide_fast(const struct st_task *t,
					   struct st_call *c,
					   const char *name, u32 len)
{
	if (c->probe || c->pending || c->raw ||
	    !st_decide_fast_keys(t, c->keys, c->nkeys, name, len))
		return false;
	memset(c->rule_flags, 0, sizeof(c->rule_flags));
	c->elev.flags = 0;
	return true;
}

/* A decision to the events and the kernel log (decide.c). */
void st_log_decision(const struct st_layer *l, const struct st_call *c, u8 verdict,
	    int error, u32 line);
/* A denial no rule decided, logged in a decision's words (decide.c). */
__printf(4, 5) void st_log_deny(const char *call, const char *filename,
				int error, const char *fmt, ...);

/* who.c: the caller of a call, as log lines and events name it. */

/*
 * The longest program path a log line or an event shows, NUL included: a
 * longer one keeps its end (the file's name) after "...".
 */
#define ST_PROG_MAX	256
/* Its quoted form: every byte escaped, the quotes, "...". */
#define ST_QPROG_MAX	(ST_PROG_MAX * 4 + 8)

/**
 * struct st_who - the caller, as a log line and an event name it.
 * @uid: its real uid (initial user namespace).
 * @user: its name in the user table (users.c), or NULL; valid under the
 *	rcu_read_lock() of st_who_get()'s caller.
 * @prog: the path of its program, at most %ST_PROG_MAX - 1 bytes (its
 *	comm when it has none, or the path cannot be had).
 * @pid: its process id.
 * @ppid: its parent's.
 * @nr: the number of the system call made, or -1.
 */
struct st_who {
	u32 uid;
	const char *user;
	const char *prog;
	pid_t pid;
	pid_t ppid;
	long nr;
};

/*
 * The caller of @c into @w; @buf (PATH_MAX, or NULL) and @comm
 * (TASK_COMM_LEN) hold its strings. The caller holds rcu_read_lock().
 */
void st_who_get(struct st_who *w, const struct st_call *c, char *buf,
		char *comm);

/* The room of a log line's user field: a user name, quoted, or a uid. */
#define ST_LOG_USER_MAX	48
/*
 * st_who_get() of @c, its user (st_put_user()) into @user and its program's
 * path quoted into @qprog of @qlen bytes: what every log line says of the
 * caller. The caller holds rcu_read_lock().
 */
void st_log_who(struct st_who *w, const struct st_call *c, char *buf,
		char *comm, char user[ST_LOG_USER_MAX], char *qprog, size_t qlen);
/*
 * The caller's attributes of an event or a question: SYSTRACE_A_PROG (its
 * comm), SYSTRACE_A_EXE (its program's path), SYSTRACE_A_PPID, SYSTRACE_A_CALL_NR and, if the user
 * table names its uid, SYSTRACE_A_USER_NAME; their payload size: with
 * @now, for the user's name as the table has it now (it may change
 * before st_log_put_who(): -EMSGSIZE then), else for the longest.
 */
int st_log_put_who(struct sk_buff *msg, const struct st_call *c);
size_t st_log_who_size(bool now);
/* The current task's working directory, kmalloc'd, or NULL. May sleep. */
char *st_who_cwd_dup(void);
/*
 * One PATH_MAX buffer per CPU for the program's path of a log line, an
 * event or a question, used with preemption off (get_cpu_ptr()).
 */
extern char __percpu *st_who_bufs;
int st_who_init(void);
void st_who_exit(void);

/* task.c */
int st_task_init(void);
void st_task_exit(void);
/*
 * The current task's confinement, or NULL; no reference: valid until the
 * hook that asked returns, sleeping or not (see the top of task.c).
 */
const struct st_task *st_task_current(void);
/*
 * The current task's confinement with a reference of its own (put it with
 * st_task_put()), or NULL. Never sleeps.
 */
struct st_task *st_task_current_get(void);
/*
 * Is @target inside the confinement @t (st_task_may_reach() for a
 * confinement rather than a task)? Never sleeps.
 */
bool st_task_reaches(const struct st_task *t, struct task_struct *target);
/* Is @t confined? For refusing state changes to confined tasks. */
bool st_task_confined(struct task_struct *t);
/* Add the layer @l to the current task's confinement (and its future
 * children's), at once or (@onexec) from its next successful exec on (the
 * exec itself is not decided by it; a second request replaces the
 * first). Takes its own references (@l->slot, a copy of @l->cwd).
 * -E2BIG: the task has all the layers it may have.
 */
int st_task_confine_current(const struct st_layer *l, bool onexec);
/*
 * Push @l (copied) on every thread of the process @pid (initial pid
 * namespace), for SYSTRACE_CMD_ATTACH: 0 and the process in *@attached
 * (a reference: put_task_struct() it), or -errno with a message in
 * @extack. May sleep.
 */
int st_task_attach(u32 pid, const struct st_layer *l,
		   struct netlink_ext_ack *extack, struct task_struct **attached);
/* The current task's pending on-exec layer into @l (its own references:
 * release with st_layer_release()); false if none.
 */
bool st_task_onexec(struct st_layer *l);
/* Copy @from into @to with its own references; -ENOMEM leaves @to empty. */
int st_layer_copy(struct st_layer *to, const struct st_layer *from);
/* Drop what @l holds (slot reference, $CWD). */
void st_layer_release(struct st_layer *l);
/* A new confinement of @n layers (zeroed), one reference; NULL: no memory. */
struct st_task *st_task_new(u32 n, gfp_t gfp);
void st_task_put(struct st_task *t);
/* @p's confinement with a reference of its own, or NULL. Never sleeps. */
struct st_task *st_task_get_of(struct task_struct *p);
/* Number of confined tasks. */
u64 st_task_count(void);
bool st_task_dump(long *pos,
		  int (*fn)(struct task_struct *t, const struct st_task *st,
			    void *arg),
		  void *arg);
/*
 * Processes (thread group leaders not exiting) with a layer of @slot, for
 * the answer to an unload. Walks every bucket: one call per unload.
 */
u32 st_task_slot_users(const struct st_slot *slot);
/*
 * The scope of a confined task (see task.c): may @tracer reach into
 * @target (trace it, read or write its memory, take its descriptors)?
 * Always for an unconfined @tracer. Never sleeps.
 */
bool st_task_may_reach(struct task_struct *tracer, struct task_struct *target);
/*
 * At an exec: may the current task's tracer, if any, go on tracing it under
 * the confinement @t it will have (NULL: unconfined)?
 */
bool st_task_tracer_admits(const struct st_task *t);

/* users.c: the uid -> user name, home table of $USER and $HOME. */
struct st_users;
/* A table for @n users with @bytes of strings (each NUL included); NULL
 * past SYSTRACE_MAX_USERS or SYSTRACE_MAX_USERS_BYTES, or out of memory.
 */
struct st_users *st_users_alloc(u32 n, u32 bytes);
/* Add a validated user to an unpublished table; @off: see users.c. */
void st_users_add(struct st_users *u, u32 *off, u32 uid, const char *name,
		  const char *home);
void st_users_free(struct st_users *u);
/* Publish @u (consumed) in place of the table: 0, or -EINVAL if it has a
 * uid twice.
 */
int st_users_set(struct st_users *u);
/* @uid's name and home (NULL: none); false: no entry. Under RCU. */
bool st_users_lookup(u32 uid, const char **name, u32 *name_len,
		     const char **home, u32 *home_len);
void st_users_exit(void);

/* hook.c */
int st_hooks_init(void);
void st_hooks_exit(void);

/*
 * hook_tty.c: @p was just confined, or confined further: the pseudo-
 * terminal masters in its descriptor table are recorded as its
 * confinement's, as those it opens or receives confined are. 0, or
 * -ENOMEM (a master left unrecorded). Sleeps unless @gfp is atomic.
 */
int st_tty_adopt(struct task_struct *p, gfp_t gfp);

/* syscall.c */
int st_syscall_init(void);
void st_syscall_exit(void);

/* names.c: the kernel's name of system call @nr of ABI @ns ("getpid"),
 * or NULL.
 */
const char *st_syscall_name(u8 ns, long nr);

/* ask.c: questions to agents. */
/* Ask the agent of @t about @c and sleep for the answer: 0 permit, or a
 * negative errno (deny; also without agent, on timeout, agent gone, unload).
 */
int st_ask(const struct st_layer *l, const struct st_call *c);
/*
 * The socket @sk (@portid in @net) is the system-wide agent (@uid
 * %ST_OWNER_NONE) or the agent of the images of the user @uid; -EBUSY if
 * another socket is.
 */
int st_ask_register(struct net *net, u32 portid, const void *sk, u32 uid,
		    struct netlink_ext_ack *extack);
/*
 * Was the socket @sk opened by the uid @uid (initial user namespace), its
 * real and effective uids both? As netlink_capable() looks at the opener.
 */
bool st_ask_opened_by(const struct sock *sk, u32 uid);
/* An answer, accepted only from the socket @sk the question went to. */
int st_ask_answer(const void *sk, u64 id, int answer);
/* The socket @portid closed: deny its questions; it is no agent any more. */
void st_ask_release(struct net *net, u32 portid);
/* An agent for an image loaded by the socket @sk (@portid in @net). */
struct st_agent *st_agent_new(struct net *net, u32 portid, const void *sk);
void st_agent_put(struct st_agent *a);
/* @slot's questions go to @a (NULL: its owner's agent, else the
 * system-wide one); takes @a's reference, puts the old agent's.
 */
void st_ask_set_agent(struct st_slot *slot, struct st_agent *a);
/* Unload: deny every question, ask no more. */
void st_ask_stop(void);

/* genl.c: the family and the messages the module sends in it. */
struct genl_info;
struct genl_small_ops;
struct netlink_callback;
struct nla_policy;
/* Register the family with netlink.c's request @policy and @ops. */
int st_genl_register(const struct nla_policy *policy,
		     const struct genl_small_ops *ops, unsigned int n);
void st_genl_unregister(void);
/* The header of a reply to the request @info, for @cmd. */
void *st_genl_put_reply(struct sk_buff *msg, struct genl_info *info, u8 cmd);
/* The header of one message of the dump @cb, for @cmd. */
void *st_genl_put_dump(struct sk_buff *skb, struct netlink_callback *cb,
		       u8 cmd);
/* A message of the family for @cmd, for multicasts and unicasts. */
void *st_genl_put(struct sk_buff *msg, u8 cmd);
/* The attributes every message about a call carries (pid, uid, prog,
 * image name, call, @args as st_format_args() printed them, one
 * SYSTRACE_A_ARG per argument, mode).
 */
int st_genl_put_call(struct sk_buff *msg, const struct st_layer *l,
		     const struct st_call *c, const char *args);
/*
 * The payload size st_genl_put_call() and @extra more bytes need, the
 * caller's attributes taking @who (st_log_who_size()).
 */
size_t st_genl_call_size(const struct st_layer *l, const struct st_call *c,
			 const char *args, size_t who, size_t extra);
/* A copy of @msg to the "events" group, if anyone listens. */
void st_genl_multicast_copy(struct sk_buff *msg);
/* Multicast a decision to the "events" group; never sleeps. */
void st_genl_event(const struct st_layer *l, const struct st_call *c,
		   u8 verdict, int error, u32 line);

/* netlink.c: the family's commands (requests in). */
int st_genl_init(void);
void st_genl_uninit(void);

/* elevate.c: ``as user[:group]``, one call with another identity. */
/* The kinds of call that can be elevated, by the hook that confirms them. */
enum st_elev_kind {
	ST_ELEV_NONE,
	ST_ELEV_SOCKET,		/* socket_create */
	ST_ELEV_BIND,		/* socket_bind */
	ST_ELEV_OPEN,		/* file_open */
};
/* Live images with an elevating rule: the syscall filter looks when > 0. */
extern atomic_t st_elev_images;
/* The kind of system call @nr of @ns, if elevation is supported for it. */
enum st_elev_kind st_elev_call(u8 ns, long nr);
/* The kind of the calls of key @key, for &st_image.elevates. */
enum st_elev_kind st_elev_key_kind(u32 key);
/*
 * Does a layer of @t that may elevate have an image that elevates calls of
 * @kind (ST_ELEV_NONE: of any kind)?
 */
bool st_elev_possible(const struct st_task *t, enum st_elev_kind kind);
/*
 * Syscall entry: decide @c as a probe; if its rules elevate, raise current's
 * subjective credentials for this call only. 0, or a negative errno that
 * fails the call.
 */
int st_elev_entry(const struct st_task *t, struct st_call *c,
		  enum st_elev_kind kind);
/* Calls raised now, of every task: st_elev_pending() looks only if any. */
extern atomic_t st_elev_raised;
const struct st_elev_target *st_elev_pending_find(enum st_elev_kind kind);
/* At the object's hook: the identity current was raised to for a call of
 * @kind (NULL: none), to set as &st_call.pending before st_decide().
 * Inline: every decision of a hook that confirms an elevation asks, and
 * almost always none is raised.
 */
static inline const struct st_elev_target *
st_elev_pending(enum st_elev_kind kind)
{
	if (likely(!atomic_read(&st_elev_raised)))
		return NULL;
	return st_elev_pending_find(kind);
}

#endif /* _SYSTRACE_H */
