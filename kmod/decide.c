// SPDX-License-Identifier: GPL-2.0
/*
 * systrace: deciding one call of a confined task.
 *
 * The hook gives the call's keys and arguments; the task's slot gives the
 * image, dereferenced once so that the whole decision runs on one image.
 * A call's own rules are looked at first, then its alias's (fsread,
 * fswrite), as systrace did (st_decide_keys()); a call the policy never
 * names is unmatched, as in systrace (a policy is an allowlist), and the
 * task's mode settles it. Anything unexpected denies (fail closed).
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cred.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/pid.h>
#include <linux/ratelimit.h>
#include <linux/sched.h>
#include <linux/uidgid.h>
#include <asm/syscall.h>
#include <net/netlink.h>

#include "compat.h"
#include "base.h"
#include "limits.h"
#include "systrace.h"

/*
 * The verdict words: the same in the kernel log, the events' readers
 * (systracectl monitor, its --json and --journal, systrace -e; kept in
 * systracectl/events.c) and the uapi's &enum systrace_verdict.
 */
static const char *const st_verdict_names[__SYSTRACE_VERDICT_LAST] = {
	[SYSTRACE_VERDICT_PERMIT]		= "permit",
	[SYSTRACE_VERDICT_DENY]			= "deny",
	[SYSTRACE_VERDICT_UNMATCHED_DENY]	= "deny-unmatched",
	[SYSTRACE_VERDICT_UNMATCHED_PERMIT]	= "permit-learned",
	[SYSTRACE_VERDICT_ASKED_PERMIT]		= "permit-asked",
	[SYSTRACE_VERDICT_ASKED_DENY]		= "deny-asked",
	[SYSTRACE_VERDICT_PERMIT_ELEVATED]	= "permit-elevated",
};

/* The lines @rs dropped since the last call; the count starts again. */
static int st_log_missed(struct ratelimit_state *rs)
{
	unsigned long flags;
	int missed;

	raw_spin_lock_irqsave(&rs->lock, flags);
	missed = rs->missed;
	rs->missed = 0;
	raw_spin_unlock_irqrestore(&rs->lock, flags);
	return missed;
}

/**
 * st_log_deny - log a denial that no rule decided, in a decision's words.
 * @call: the call denied, as a policy names it; NULL: the system call made.
 * @filename: the file it names, or NULL (quoted as a decision's are).
 * @error: the errno it fails with.
 * @fmt: why, printf-style.
 *
 * "deny user: U, prog: "P", pid: N, ppid: N, call: CALL(NR)[, filename:
 * "F"], error: E: WHY":
 * the fields of a decision's line (st_log_print()) in its order, without
 * the policy, the arguments and the rule's line, which such a denial
 * (a file without a name, a flag the module does not know, a traced exec)
 * does not have. All of them share one rate limit.
 */
void st_log_deny(const char *call, const char *filename, int error,
		 const char *fmt, ...)
{
	static DEFINE_RATELIMIT_STATE(rs, DEFAULT_RATELIMIT_INTERVAL,
				      DEFAULT_RATELIMIT_BURST);
	char comm[TASK_COMM_LEN], user[ST_LOG_USER_MAX];
	char qprog[ST_PROG_MAX + 8], qfile[ST_PROG_MAX + 8] = "";
	struct va_format vaf;
	struct st_who w;
	va_list args;
	size_t n;
	char *buf;

	if (!__ratelimit(&rs))
		return;
	va_start(args, fmt);
	vaf.fmt = fmt;
	vaf.va = &args;
	buf = get_cpu_ptr(st_who_bufs);
	rcu_read_lock();
	st_log_who(&w, NULL, buf, comm, user, qprog, sizeof(qprog));
	if (!call && w.nr >= 0)
		call = st_syscall_name(in_ia32_syscall() ? SYSTRACE_NS_IA32 :
				       SYSTRACE_NS_X86_64, w.nr);
	if (filename) {
		memcpy(qfile, ", filename: ", 12);
		n = 12;
		st_put_quoted(qfile, sizeof(qfile), &n, filename,
			      strlen(filename), sizeof(qfile));
	}
	pr_notice("deny user: %s, prog: %s, pid: %d, ppid: %d, call: %s(%ld)%s, error: %d: %pV\n",
		  user, qprog, w.pid, w.ppid, call ?: "?", w.nr, qfile, error,
		  &vaf);
	rcu_read_unlock();
	put_cpu_ptr(st_who_bufs);
	va_end(args);
}

/* ", as: 0:0", the identity an elevated call ran with, into @as. */
static void st_put_as(char *as, size_t len, const struct st_call *c,
		      u8 verdict)
{
	size_t n;

	as[0] = '\0';
	if (verdict != SYSTRACE_VERDICT_PERMIT_ELEVATED || !c->pending)
		return;
	/* "-" for the id kept. */
	n = scnprintf(as, len, ", as: ");
	if (c->pending->flags & SYSTRACE_RULE_F_SETUID)
		n += scnprintf(as + n, len - n, "%u", c->pending->uid);
	else
		n += scnprintf(as + n, len - n, "-");
	if (c->pending->flags & SYSTRACE_RULE_F_SETGID)
		scnprintf(as + n, len - n, ":%u", c->pending->gid);
}

/*
 * The kernel log line, systrace's fields in systrace's order (the verdict,
 * user, program path, pid, parent pid, image, the call with its number,
 * its arguments) and then ours (errno, the rule's line, the identity of an
 * elevated call). The program path and the image name (a user's image is
 * named by the user) are quoted as st_put_quoted() says, the arguments as
 * st_format_args() says. A frame of its own, so that its buffers and the
 * event's are not on the stack at once; the paths are in one allocation,
 * made only here (a log line) and for an event or a question.
 */
static noinline void st_log_print(const struct st_layer *l,
				  const struct st_call *c, u8 verdict,
				  int error, u32 line,
				  struct ratelimit_state *rs)
{
	char *buf = kmalloc(PATH_MAX + ST_QPROG_MAX, GFP_ATOMIC | __GFP_NOWARN);
	char args[ST_ARGS_MAX], comm[TASK_COMM_LEN];
	char qcomm[TASK_COMM_LEN * 4 + 8], qname[160];
	char user[ST_LOG_USER_MAX], as[40];
	char *qprog = buf ? buf + PATH_MAX : qcomm;
	size_t qlen = buf ? ST_QPROG_MAX : sizeof(qcomm), n = 0;
	struct st_who w;
	char nr[16];
	int missed;

	rcu_read_lock();
	st_log_who(&w, c, buf, comm, user, qprog, qlen);
	st_put_quoted(qname, sizeof(qname), &n, l->slot->name,
		      strlen(l->slot->name), sizeof(qname));
	missed = st_log_missed(rs);
	if (missed)
		pr_notice("policy: %s, %d lines of %s tasks not logged (rate limit)\n",
			  qname, missed,
			  rs == &l->slot->log_rs[ST_LOG_OWNER] ?
			  "its owner's" : "other users'");
	st_format_args(c, args, sizeof(args));
	st_put_as(as, sizeof(as), c, verdict);
	nr[0] = '\0';
	if (w.nr >= 0)
		scnprintf(nr, sizeof(nr), "(%ld)", w.nr);
	/* An ia32 call says so: "linux32-getpid(20)". */
	pr_notice("%s user: %s, prog: %s, pid: %d, ppid: %d, policy: %s, call: %s%s%s%s%s, error: %d, line: %u%s\n",
		  st_verdict_names[verdict], user, qprog, w.pid, w.ppid, qname,
		  st_call_ns(c) == SYSTRACE_NS_IA32 ? "linux32-" : "", c->name,
		  nr, c->nargs || c->raw ? ", " : "", args, error, line, as);
	rcu_read_unlock();
	kfree(buf);
}

/**
 * st_log_decision - a decision to the events multicast and, rate-limited,
 * to the kernel log.
 * @l: the layer whose image decided (or, rule line 0, under which a
 *     denial no rule decided is counted, as the scope rule's).
 * @c: the call.
 * @verdict: a SYSTRACE_VERDICT_*.
 * @error: the errno the call fails with, 0 if permitted.
 * @line: the deciding rule's line, 0 if none.
 *
 * Each image limits its lines in two buckets: the tasks whose real uid is
 * the image's owner (root for a global image) and all others, so that
 * neither another image nor another user can use up the owner's lines.
 * Learn-mode reports go to the multicast only: they are what learning
 * reads, not denials, and would use up the log.
 */
void st_log_decision(const struct st_layer *l, const struct st_call *c, u8 verdict,
	    int error, u32 line)
{
	struct st_slot *slot = l->slot;
	u32 owner = slot->owner == ST_OWNER_NONE ? 0 : slot->owner;
	struct ratelimit_state *rs;

	st_genl_event(l, c, verdict, error, line);
	if (verdict == SYSTRACE_VERDICT_UNMATCHED_PERMIT)
		return;
	rs = &slot->log_rs[from_kuid(&init_user_ns, task_uid(current)) == owner ?
			   ST_LOG_OWNER : ST_LOG_OTHERS];
	if (!__ratelimit(rs))
		return;
	st_log_print(l, c, verdict, error, line, rs);
}

/*
 * The slow path's (st_syscall_check()): every filtered call of a task
 * without a seccomp mode takes st_decide_permitted_sched() inline.
 */
bool st_decide_permitted(const struct st_task *t, u8 ns, u32 nr)
{
	bool ret;

	if (nr >= ST_SYSCALL_NR_MAX || ns > SYSTRACE_NS_IA32)
		return false;
	rcu_read_lock_sched();
	ret = st_decide_permitted_sched(t, ns, nr);
	rcu_read_unlock_sched();
	return ret;
}

bool st_cred_mixed(const struct cred *cred)
{
	return !uid_eq(cred->uid, cred->euid) ||
	       !uid_eq(cred->uid, cred->suid) ||
	       !uid_eq(cred->uid, cred->fsuid) ||
	       !gid_eq(cred->gid, cred->egid) ||
	       !gid_eq(cred->gid, cred->sgid) ||
	       !gid_eq(cred->gid, cred->fsgid);
}

/*
 * The name of @key for logs, events and questions, as a policy of its
 * emulation names it: @c->name for an x86_64 keys[0] (the hook's name for
 * the call, "mount" for move_mount); an ia32 call by its ia32 name, so
 * that setuid32 is not reported as the 16-bit setuid.
 */
static const char *st_key_name(const struct st_call *c, u32 key)
{
	u32 nr = SYSTRACE_CALL_NR(key);
	const char *name;

	if (key == c->keys[0] && SYSTRACE_CALL_NS(key) != SYSTRACE_NS_IA32)
		return c->name;
	switch (SYSTRACE_CALL_NS(key)) {
	case SYSTRACE_NS_ALIAS:
		if (nr == SYSTRACE_ALIAS_FSREAD)
			return "fsread";
		if (nr == SYSTRACE_ALIAS_FSWRITE)
			return "fswrite";
		break;
	case SYSTRACE_NS_X86_64:
	case SYSTRACE_NS_IA32:
		name = st_syscall_name(SYSTRACE_CALL_NS(key), nr);
		if (name)
			return name;
		break;
	}
	return c->name;
}

/* No key decided: the call goes under @c->name. */
#define ST_KEY_CALL	U32_MAX

/**
 * st_decide_keys - run the programs of @c's keys in order, as systrace did.
 * @img: the image (under RCU).
 * @policy: the layer's policy in it (below its number of policies).
 * @c: the call; its keys are its own names first (the call as systrace
 *	named it, then the system call made), then its alias (fsread,
 *	fswrite) if it has one.
 * @ctx: the arguments.
 * @call: out: the call index of the program that decided, or
 *	%SYSTRACE_PROG_NONE.
 * @ridx: out: its rule.
 * @key: out: the index in @c->keys of the name the decision goes under,
 *	or %ST_KEY_CALL for @c->name (st_key_name() makes it a name only
 *	for a question or a log line: a permitted call needs none).
 *
 * systrace's trans_cb(): a key whose rules do not decide the call (none
 * matches, or the one that matches says ask) hands it to the next key, so
 * the call's own rules come first and the alias's apply only when none of
 * them decides. A matched ask with no later key deciding stays an ask.
 * Unmatched, the call goes under the alias's name (systrace asked and
 * learned it as fsread or fswrite) unless the policy was compiled without
 * aliases (policyc -u), whose alias keys find no program.
 *
 * Return: st_prog_run()'s result: a rule, %ST_PROG_NOMATCH or an error.
 */
static int st_decide_keys(const struct st_image *img, u32 policy,
			  struct st_call *c, struct st_prog_ctx *ctx,
			  u32 *call, u32 *ridx, u32 *key)
{
	u32 i, k, askcall = SYSTRACE_PROG_NONE, askridx = 0;
	u32 last = SYSTRACE_PROG_NONE, askkey = ST_KEY_CALL;
	int ret, askret = 0;

	*call = SYSTRACE_PROG_NONE;
	*key = ST_KEY_CALL;
	for (i = 0; c && i < c->nkeys && i < ST_CALL_MAX_KEYS; i++) {
		k = st_image_find_call(img, policy, c->keys[i]);
		if (k == SYSTRACE_PROG_NONE)
			continue;
		last = k;
		ret = st_prog_run(&img->prog, k, ctx, ridx);
		if (ret == ST_PROG_NOMATCH)
			continue;
		if (ret >= 0 && img->prog.rules[*ridx].action ==
				SYSTRACE_ACT_ASK) {
			if (askcall == SYSTRACE_PROG_NONE) {
				askcall = k;
				askridx = *ridx;
				askret = ret;
				askkey = i;
			}
			continue;
		}
		*call = k;
		*key = i;
		return ret;
	}
	if (askcall != SYSTRACE_PROG_NONE) {
		*call = askcall;
		*ridx = askridx;
		*key = askkey;
		return askret;
	}
	/*
	 * Unmatched: counted under the last call the policy names for it
	 * (the alias's, as systrace looked at it last), reported under the
	 * alias if the policy has aliases (systrace asked and learned it so),
	 * else under the system call made, its most precise own key
	 * (tkill, not kill; accept4, not accept): a rule learned or
	 * answered for it is one for this call alone, found when the call
	 * is decided again.
	 */
	*call = last;
	for (i = 0; c && i < c->nkeys && i < ST_CALL_MAX_KEYS; i++)
		if (!i || SYSTRACE_CALL_NS(c->keys[i]) != SYSTRACE_NS_ALIAS)
			*key = i;
	for (i = 0; c && i < c->nkeys && i < ST_CALL_MAX_KEYS; i++)
		if (SYSTRACE_CALL_NS(c->keys[i]) == SYSTRACE_NS_ALIAS &&
		    !st_image_noalias(img, policy))
			*key = i;
	return ST_PROG_NOMATCH;
}

/*
 * The arguments @c's programs in @img see: @c's own, or the syscall
 * filter's raw registers printed into @raw, and the caller's ids where the
 * image tests them. @args and @raw are the caller's (its frame outlives
 * @ctx); written only here, where the image uses them.
 */
static void st_decide_ctx(const struct st_image *img, struct st_call *c,
			  struct st_prog_ctx *ctx, struct st_prog_arg *args,
			  size_t nargs_max, char (*raw)[20])
{
	u32 i, n = 0;

	*ctx = (struct st_prog_ctx){ .args = c->args, .nargs = c->nargs };
	if (!img || !((c->raw && (img->args & ST_ARGS_RAW)) ||
		      (img->args & ST_ARGS_CRED)))
		return;
	/* Zeroed here, where they are used (idx 0 for all). */
	memset(args, 0, nargs_max * sizeof(*args));
	if (c->raw && (img->args & ST_ARGS_RAW)) {
		/* The syscall filter's raw arguments, printed now. */
		for (i = 0; i < 6; i++) {
			args[n].arg = SYSTRACE_ARG_RAW0 + i;
			args[n].str = raw[i];
			args[n++].len = st_u64_dec(c->raw[i], raw[i]);
		}
	} else {
		memcpy(args, c->args, c->nargs * sizeof(*args));
		n = c->nargs;
	}
	if ((img->args & ST_ARGS_CRED) && n + 3 <= nargs_max) {
		const struct cred *cred = current_real_cred();

		/*
		 * ", if user|group": the caller's real ids, in decimal, and
		 * whether any other id differs (then policyc's code fails
		 * the condition closed).
		 */
		args[n].arg = SYSTRACE_ARG_CRED_UID;
		args[n].str = raw[6];
		args[n++].len = st_u64_dec(from_kuid(&init_user_ns, cred->uid),
					   raw[6]);
		args[n].arg = SYSTRACE_ARG_CRED_GID;
		args[n].str = raw[7];
		args[n++].len = st_u64_dec(from_kgid(&init_user_ns, cred->gid),
					   raw[7]);
		raw[8][0] = st_cred_mixed(cred) ? '1' : '0';
		args[n].arg = SYSTRACE_ARG_CRED_MIXED;
		args[n].str = raw[8];
		args[n++].len = 1;
	}
	ctx->args = args;
	ctx->nargs = n;
}

/*
 * $HOME and $USER of current's uid, from the user table (users.c): only
 * when its ids are one (st_cred_mixed()), as a set-uid program's are not
 * until it settles on one (which passwd entry would be "its"?). The strings
 * are the table's: the caller holds rcu_read_lock() while it uses them.
 */
static void st_decide_user_macros(struct st_prog_ctx *ctx)
{
	const struct cred *cred = current_cred();
	const char *name, *home;
	u32 name_len, home_len;

	if (st_cred_mixed(cred))
		return;
	if (!st_users_lookup(from_kuid(&init_user_ns, cred->uid), &name,
			     &name_len, &home, &home_len))
		return;
	ctx->macro[SYSTRACE_MACRO_USER] = name;
	ctx->macro_len[SYSTRACE_MACRO_USER] = name_len;
	if (home) {
		ctx->macro[SYSTRACE_MACRO_HOME] = home;
		ctx->macro_len[SYSTRACE_MACRO_HOME] = home_len;
	}
}

/*
 * Fill the $HOME, $USER, $CWD expansions of @ctx for the current task,
 * $CWD being @cwd (the layer's); unknown ones stay NULL (a rule that needs
 * one then denies). Never sleeps.
 *
 * $HOME and $USER are those of the task's uid in the user table root
 * gave the module (users.c), as systrace took them from the password
 * entry, never from the environment (the task's to choose: it would pick
 * the $HOME its rules permit); only when the task's real, effective, saved
 * and filesystem uids are one uid, else (a set-uid program half-way) they
 * are unknown, as they are for a uid without an entry, and a rule that
 * needs them denies. $CWD is fixed when a layer begins (struct st_layer):
 * never the task's own working directory, which it may change.
 *
 * Out of line, as it was in task.c: only an image with macros needs it,
 * and st_decide_layer(), which every decision runs, stays as it was.
 */
static noinline void st_decide_macros(const char *cwd, struct st_prog_ctx *ctx)
{
	st_decide_user_macros(ctx);
	if (cwd) {
		ctx->macro[SYSTRACE_MACRO_CWD] = cwd;
		ctx->macro_len[SYSTRACE_MACRO_CWD] = strlen(cwd);
	}
}

/**
 * struct st_outcome - what one layer's rules made of a call.
 * @verdict: &enum systrace_verdict (an ask's is set after the answer).
 * @error: the errno of a denial, 0 if permitted.
 * @line: the source line of the rule that decided, 0 if none.
 * @log: whether the decision goes to the log and the events.
 * @ask: whether the agent decides.
 */
struct st_outcome {
	u8 verdict;
	int error;
	u32 line;
	bool log;
	bool ask;
};

/*
 * The outcome of st_decide_keys()'s @ret (rule @ridx of @img) in @mode;
 * a permit rule's flags in *@flags, the identity its ``as`` names in *@el
 * (flags 0: none, or layer @l may not elevate). Under RCU (@img).
 */
static void st_decide_outcome(const struct st_layer *l, struct st_call *c,
			      const struct st_image *img, int ret, u32 ridx,
			      u8 mode, u8 *flags, struct st_elev_target *el,
			      struct st_outcome *o)
{
	const struct systrace_prog_rule *rule;
	bool owned = !(l->flags & ST_LAYER_FOREIGN);

	if (unlikely(ret < 0)) {
		o->verdict = SYSTRACE_VERDICT_DENY;
		o->error = EPERM;
		o->log = true;
		return;
	}
	if (ret == ST_PROG_NOMATCH) {
		if (owned)
			this_cpu_inc(l->slot->stats->unmatched);
		o->log = true;
		if (mode == SYSTRACE_MODE_LEARN) {
			o->verdict = SYSTRACE_VERDICT_UNMATCHED_PERMIT;
			/* A report is a rule to learn: the owner's alone. */
			o->log = owned;
		} else if (mode == SYSTRACE_MODE_ASK) {
			o->ask = true;
		} else {
			o->verdict = SYSTRACE_VERDICT_UNMATCHED_DENY;
			o->error = EPERM;
		}
		return;
	}
	rule = &img->prog.rules[ridx];
	o->line = le32_to_cpu(rule->line);
	o->log = rule->flags & SYSTRACE_RULE_F_LOG;
	switch (rule->action) {
	case SYSTRACE_ACT_PERMIT:
		o->verdict = SYSTRACE_VERDICT_PERMIT;
		*flags = rule->flags;
		if ((rule->flags & ST_ELEV_IDS) &&
		    !(l->flags & ST_LAYER_NOELEV)) {
			el->flags = rule->flags & ST_ELEV_IDS;
			el->uid = le32_to_cpu(rule->uid);
			el->gid = le32_to_cpu(rule->gid);
			/* Every elevated call is logged as such. */
			if (c->pending && st_elev_same(c->pending, el)) {
				o->verdict = SYSTRACE_VERDICT_PERMIT_ELEVATED;
				o->log = true;
			}
		}
		break;
	case SYSTRACE_ACT_DENY:
		o->verdict = SYSTRACE_VERDICT_DENY;
		o->error = le16_to_cpu(rule->error);
		o->log = true;
		break;
	default:
		/* ask: whatever the mode, the agent decides. */
		o->ask = true;
		o->log = true;
		break;
	}
}

/*
 * Count a decision of an owned layer @l in its image: a denial under the
 * call index @call that decided, if the image is still the one whose index
 * it is.
 */
static void st_decide_count(const struct st_layer *l, u32 call, int error)
{
	struct st_slot *slot = l->slot;
	const struct st_image *img;

	if (error && call != SYSTRACE_PROG_NONE) {
		/* The image may have been replaced meanwhile: count in it only
		 * if the call index is still its own.
		 */
		rcu_read_lock();
		img = rcu_dereference(slot->img);
		if (img && call < img->prog.ncalls)
			atomic64_inc(&img->call_denials[call]);
		rcu_read_unlock();
	}

	this_cpu_inc(slot->stats->decisions);
	if (error)
		this_cpu_inc(slot->stats->denials);
}

/*
 * One layer's decision of @c; its permit rule's flags in *@flags, the
 * identity its ``as`` names in *@el (flags 0: none, or the layer may not
 * elevate).
 */
static __always_inline int st_decide_layer(const struct st_layer *l,
					   struct st_call *c, u8 *flags,
					   struct st_elev_target *el)
{
	/*
	 * Written before they are read (@ctx by st_decide_ctx(), @args and
	 * @raw only where the image tests raw arguments or ids): not zeroed
	 * at entry, as the kernel's CONFIG_INIT_STACK_ALL_ZERO (Debian's)
	 * would do at every decision, some 50 iterations of a rep stos that
	 * qemu counts one by one (Documentation/benchmarks.rst).
	 */
	struct st_prog_ctx ctx __uninitialized;
	struct st_prog_arg args[ST_CALL_MAX_ARGS + 3] __uninitialized;
	char raw[9][20] __uninitialized;
	u32 call = SYSTRACE_PROG_NONE, ridx = SYSTRACE_PROG_NONE;
	u32 key = ST_KEY_CALL;
	struct st_outcome o = { .verdict = SYSTRACE_VERDICT_DENY };
	const struct st_image *img;
	struct st_slot *slot = l->slot;
	const char *hook_name = c->name;
	u8 mode = l->mode;
	bool owned = !(l->flags & ST_LAYER_FOREIGN);
	int ret;

	*flags = 0;
	/*
	 * Not the owner's: no question to the owner's agent, and what learn
	 * mode permits is reported nowhere (st_decide_outcome()).
	 */
	if (!owned && mode == SYSTRACE_MODE_ASK)
		mode = SYSTRACE_MODE_ENFORCE;
	rcu_read_lock();
	img = rcu_dereference(slot->img);
	/* Arguments printed only if tested (or logged, below). */
	if (img && (img->args & c->lazy))
		st_call_fill(c);
	st_decide_ctx(img, c, &ctx, args, ARRAY_SIZE(args), raw);
	/* Only what the image uses: $CWD is a d_path() (never sleeps). */
	if (img && img->macros)
		st_decide_macros(l->cwd ?: img->cwd, &ctx);
	if (unlikely(!img || l->index >= img->prog.npolicies)) {
		/* The image was replaced by one without this policy. */
		ret = -EINVAL;
	} else {
		ret = st_decide_keys(img, l->index, c, &ctx, &call, &ridx,
				     &key);
	}
	st_decide_outcome(l, c, img, ret, ridx, mode, flags, el, &o);
	rcu_read_unlock();
	/*
	 * A probe (elevate.c) only wants to know whether the rules permit,
	 * and with which identity: no question, count, log line or event.
	 */
	if (c->probe)
		return o.verdict == SYSTRACE_VERDICT_PERMIT && !o.ask ?
		       0 : -EPERM;
	if (o.ask || o.log) {
		st_call_fill(c);
		/* Questions, events and log lines name the deciding key. */
		if (key != ST_KEY_CALL)
			c->name = st_key_name(c, c->keys[key]);
	}

	if (o.ask) {
		/*
		 * Outside RCU: the task sleeps until the agent answers. Where
		 * it may not sleep, the answer is deny (ask's fallback).
		 */
		if (c->may_sleep && owned) {
			/* Sleeps: unload must wait for us (st_hook_ref). */
			st_hook_enter();
			o.error = -st_ask(l, c);
			st_hook_exit();
		} else {
			o.error = EPERM;
		}
		o.verdict = o.error ? SYSTRACE_VERDICT_ASKED_DENY :
			    SYSTRACE_VERDICT_ASKED_PERMIT;
	}
	if (owned)
		st_decide_count(l, call, o.error);
	if (o.log)
		st_log_decision(l, c, o.verdict, o.error, o.line);
	c->name = hook_name;
	return -o.error;
}

int st_decide_interp(const struct st_task *t, struct st_call *c)
{
	struct st_elev_target el;
	u32 i;
	int ret;

	/* Every layer must permit; the first that denies decides. */
	c->elev.flags = 0;
	for (i = 0; i < t->nlayers; i++) {
		el.flags = 0;
		ret = st_decide_layer(&t->layers[i], c, &c->rule_flags[i], &el);
		if (ret)
			return ret;
		if (!el.flags)
			continue;
		/* Two layers that name two identities: none is taken. */
		if (!c->elev.flags)
			c->elev = el;
		else if (!st_elev_same(&c->elev, &el))
			c->elev.flags |= ST_ELEV_CONFLICT;
	}
	/*
	 * Raised at the call's entry: the object the call acts on must be
	 * one the rules elevate for, to the same identity (no swap between
	 * the entry's look and the kernel's own lookup or copy).
	 */
	if (c->pending && !st_elev_same(c->pending, &c->elev)) {
		if (!c->probe)
			st_log_deny(c->name, NULL, EACCES,
				    "elevated at entry, but its rules do not elevate the object it reached");
		return -EACCES;
	}
	return 0;
}

int st_decide(const struct st_task *t, struct st_call *c)
{
	const struct st_prog_ctx ctx = { .args = c->args, .nargs = c->nargs };
	/* The first file name, as the programs see it. */
	const struct st_prog_arg *a = st_prog_get_arg(&ctx,
						      SYSTRACE_ARG_FILENAME, 0);

	if (a && st_decide_fast(t, c, a->str, a->len))
		return 0;
	return st_decide_interp(t, c);
}
