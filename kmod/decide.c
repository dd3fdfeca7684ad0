// SPDX-License-Identifier: GPL-2.0
/*
 * systrace: deciding one call of a confined task.
 *
 * The hook gives the call's keys and arguments; the task's slot gives the
 * image, dereferenced once so that the whole decision runs on one image.
 * The first key the policy has a program for decides; a call the policy
 * never names is unmatched, as in systrace (a policy is an allowlist), and
 * the task's mode settles it. Anything unexpected denies (fail closed).
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cred.h>
#include <linux/pid.h>
#include <linux/ratelimit.h>
#include <linux/sched.h>
#include <linux/uidgid.h>

#include "hook.h"
#include "limits.h"
#include "systrace.h"

/* Denials and reports are logged at most 100 times per 5 s, module-wide;
 * the events multicast is not limited (listeners pace themselves).
 */
static DEFINE_RATELIMIT_STATE(st_log_rs, 5 * HZ, 100);

/* Argument names, as reports and logs print them: kmod/calls.def. */
static const char *const st_arg_names[__SYSTRACE_ARG_LAST] = {
#define ST_ARG(id, name, kind, flags, doc)	\
	[SYSTRACE_ARG_##id] = name,
#include "calls.def"
};

static const char *const st_verdict_names[__SYSTRACE_VERDICT_LAST] = {
	[SYSTRACE_VERDICT_PERMIT]		= "permit",
	[SYSTRACE_VERDICT_DENY]			= "deny",
	[SYSTRACE_VERDICT_UNMATCHED_DENY]	= "deny (no rule)",
	[SYSTRACE_VERDICT_UNMATCHED_PERMIT]	= "permit (learn, no rule)",
	[SYSTRACE_VERDICT_ASKED_PERMIT]		= "permit (asked)",
	[SYSTRACE_VERDICT_ASKED_DENY]		= "deny (asked)",
};

/**
 * st_format_args - the arguments as systrace logged them.
 * @c: the call.
 * @buf: output, always NUL-terminated.
 * @len: size of @buf.
 *
 * "filename: /etc/shadow, oflags: O_RDONLY"; long arguments are cut.
 */
void st_format_args(const struct st_call *c, char *buf, size_t len)
{
	size_t n = 0;
	u32 i;

	buf[0] = '\0';
	if (c->raw) {
		for (i = 0; i < 6 && n < len; i++)
			n += scnprintf(buf + n, len - n, "%sarg%u: %lu",
				       i ? ", " : "", i, c->raw[i]);
		return;
	}
	for (i = 0; i < c->nargs && n < len; i++) {
		const struct st_prog_arg *a = &c->args[i];
		const char *name = a->arg < __SYSTRACE_ARG_LAST ?
				   st_arg_names[a->arg] : NULL;

		n += scnprintf(buf + n, len - n, "%s%s", i ? ", " : "",
			       name ? name : "?");
		if (a->idx)
			n += scnprintf(buf + n, len - n, "[%u]", a->idx);
		n += scnprintf(buf + n, len - n, ": %.*s",
			       (int)min_t(u32, a->len, 256), a->str);
	}
}

static void st_log(const struct st_layer *l, const struct st_call *c,
		   u8 verdict, int error, u32 line)
{
	char args[ST_ARGS_MAX];

	st_genl_event(l, c, verdict, error, line);
	if (!__ratelimit(&st_log_rs))
		return;
	st_format_args(c, args, sizeof(args));
	pr_notice("%s user: %u, prog: %s, pid: %d, policy: %s, call: %s%s%s, error: %d, line: %u\n",
		  st_verdict_names[verdict],
		  from_kuid(&init_user_ns, current_uid()), current->comm,
		  task_tgid_nr(current), l->slot->name, c->name,
		  c->nargs || c->raw ? ", " : "", args, error, line);
}

bool st_decide_permitted(const struct st_task *t, u8 ns, u32 nr)
{
	const struct st_image *img;
	bool ret = true;
	u32 i;

	if (nr >= ST_SYSCALL_NR_MAX || ns > SYSTRACE_NS_IA32)
		return false;
	rcu_read_lock();
	for (i = 0; i < t->nlayers && ret; i++) {
		const struct st_layer *l = &t->layers[i];

		img = rcu_dereference(l->slot->img);
		ret = img && l->index < img->prog.npolicies &&
		      test_bit(nr, st_image_permit_map(img, l->index, ns));
	}
	rcu_read_unlock();
	if (!ret)
		return false;
	for (i = 0; i < t->nlayers; i++)
		if (!(t->layers[i].flags & ST_LAYER_FOREIGN))
			this_cpu_inc(t->layers[i].slot->stats->decisions);
	return true;
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


/* One layer's decision of @c; its permit rule's flags in *@flags. */
static int st_decide_layer(const struct st_layer *l, struct st_call *c,
			   u8 *flags)
{
	struct st_prog_ctx ctx;
	struct st_prog_arg args[ST_CALL_MAX_ARGS + 3];
	char raw[9][20];
	u32 call = SYSTRACE_PROG_NONE, ridx = SYSTRACE_PROG_NONE, line = 0;
	const struct systrace_prog_rule *rule;
	const struct st_image *img;
	struct st_slot *slot = l->slot;
	u8 verdict = SYSTRACE_VERDICT_DENY, mode = l->mode;
	bool log = false, ask = false;
	bool owned = !(l->flags & ST_LAYER_FOREIGN);
	int ret, error = 0;
	u32 i;

	*flags = 0;
	/*
	 * Not the owner's: no question to the owner's agent, and what learn
	 * mode permits is reported nowhere (below).
	 */
	if (!owned && mode == SYSTRACE_MODE_ASK)
		mode = SYSTRACE_MODE_ENFORCE;
	rcu_read_lock();
	img = rcu_dereference(slot->img);
	/* Arguments printed only if tested (or logged, below). */
	if (img && (img->args & c->lazy))
		st_call_fill(c);
	ctx = (struct st_prog_ctx){ .args = c->args, .nargs = c->nargs };
	/* Only what the image uses: $CWD is a d_path() (never sleeps). */
	if (img && img->macros)
		st_task_get_macros(l->cwd ?: img->cwd, &ctx);
	if (img && ((c->raw && (img->args & ST_ARGS_RAW)) ||
		    (img->args & ST_ARGS_CRED))) {
		u32 n = 0;

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
		if ((img->args & ST_ARGS_CRED) && n + 3 <= ARRAY_SIZE(args)) {
			const struct cred *cred = current_cred();

			/*
			 * ", if user|group": the caller's real ids, in
			 * decimal, and whether any other id differs (then
			 * policyc's code fails the condition closed).
			 */
			args[n].arg = SYSTRACE_ARG_CRED_UID;
			args[n].str = raw[6];
			args[n++].len = st_u64_dec(from_kuid(&init_user_ns,
							     cred->uid),
						   raw[6]);
			args[n].arg = SYSTRACE_ARG_CRED_GID;
			args[n].str = raw[7];
			args[n++].len = st_u64_dec(from_kgid(&init_user_ns,
							     cred->gid),
						   raw[7]);
			raw[8][0] = st_cred_mixed(cred) ? '1' : '0';
			args[n].arg = SYSTRACE_ARG_CRED_MIXED;
			args[n].str = raw[8];
			args[n++].len = 1;
		}
		ctx.args = args;
		ctx.nargs = n;
	}
	if (unlikely(!img || l->index >= img->prog.npolicies)) {
		/* The image was replaced by one without this policy. */
		ret = -EINVAL;
	} else {
		for (i = 0; i < c->nkeys && i < ST_CALL_MAX_KEYS; i++) {
			call = st_image_find_call(img, l->index, c->keys[i]);
			if (call != SYSTRACE_PROG_NONE)
				break;
		}
		ret = call == SYSTRACE_PROG_NONE ? ST_PROG_NOMATCH :
		      st_prog_run(&img->prog, call, &ctx, &ridx);
	}

	if (unlikely(ret < 0)) {
		verdict = SYSTRACE_VERDICT_DENY;
		error = EPERM;
		log = true;
	} else if (ret == ST_PROG_NOMATCH) {
		if (owned)
			this_cpu_inc(slot->stats->unmatched);
		log = true;
		if (mode == SYSTRACE_MODE_LEARN) {
			verdict = SYSTRACE_VERDICT_UNMATCHED_PERMIT;
			/* A report is a rule to learn: the owner's alone. */
			log = owned;
		} else if (mode == SYSTRACE_MODE_ASK) {
			ask = true;
		} else {
			verdict = SYSTRACE_VERDICT_UNMATCHED_DENY;
			error = EPERM;
		}
	} else {
		rule = &img->prog.rules[ridx];
		line = le32_to_cpu(rule->line);
		log = rule->flags & SYSTRACE_RULE_F_LOG;
		switch (rule->action) {
		case SYSTRACE_ACT_PERMIT:
			verdict = SYSTRACE_VERDICT_PERMIT;
			*flags = rule->flags;
			break;
		case SYSTRACE_ACT_DENY:
			verdict = SYSTRACE_VERDICT_DENY;
			error = le16_to_cpu(rule->error);
			log = true;
			break;
		default:
			/* ask: whatever the mode, the agent decides. */
			ask = true;
			log = true;
			break;
		}
	}
	rcu_read_unlock();
	if (ask || log)
		st_call_fill(c);

	if (ask) {
		/*
		 * Outside RCU: the task sleeps until the agent answers. Where
		 * it may not sleep, the answer is deny (ask's fallback).
		 */
		if (c->may_sleep && owned) {
			/* Sleeps: unload must wait for us (st_hook_ref). */
			st_hook_enter();
			error = -st_ask(l, c);
			st_hook_exit();
		} else {
			error = EPERM;
		}
		verdict = error ? SYSTRACE_VERDICT_ASKED_DENY :
			  SYSTRACE_VERDICT_ASKED_PERMIT;
	}
	if (!owned)
		goto out;
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
out:
	if (log)
		st_log(l, c, verdict, error, line);
	return -error;
}

int st_decide(const struct st_task *t, struct st_call *c)
{
	u32 i;
	int ret;

	/* Every layer must permit; the first that denies decides. */
	for (i = 0; i < t->nlayers; i++) {
		ret = st_decide_layer(&t->layers[i], c, &c->rule_flags[i]);
		if (ret)
			return ret;
	}
	return 0;
}
