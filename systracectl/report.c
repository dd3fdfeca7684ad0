// SPDX-License-Identifier: GPL-2.0
/*
 * A question (SYSTRACE_CMD_ASK) or an event (SYSTRACE_CMD_EVENT) read
 * from its attributes, for monitor, the learner and the agent: one reader
 * of the kernel's reports, one place that knows their attributes.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/systrace.h>

#include "nl.h"
#include "systracectl.h"

static const struct nla_policy arg_policy[SYSTRACE_A_ARG_MAX + 1] = {
	[SYSTRACE_A_ARG_NAME] = { .type = NLA_STRING },
	[SYSTRACE_A_ARG_INDEX] = { .type = NLA_U32 },
	[SYSTRACE_A_ARG_KIND] = { .type = NLA_U8 },
	[SYSTRACE_A_ARG_VALUE] = { .type = NLA_STRING },
};

/* A NUL-terminated string attribute: its bytes before the final NUL. */
static int nul_string(struct nlattr *a, const char **s, size_t *len)
{
	int n = nla_len(a);

	if (n < 1 || ((const char *)nla_data(a))[n - 1])
		return -EINVAL;
	*s = nla_data(a);
	*len = n - 1;
	return 0;
}

/* One SYSTRACE_A_ARG into @out: 0 or -EINVAL. */
static int parse_arg(struct nlattr *nest, struct st_rarg *out)
{
	struct nlattr *tb[SYSTRACE_A_ARG_MAX + 1];
	size_t len;

	if (nla_parse_nested(tb, SYSTRACE_A_ARG_MAX, nest,
			     (struct nla_policy *)arg_policy) < 0 ||
	    !tb[SYSTRACE_A_ARG_NAME] || !tb[SYSTRACE_A_ARG_KIND] ||
	    !tb[SYSTRACE_A_ARG_VALUE] ||
	    nul_string(tb[SYSTRACE_A_ARG_NAME], &out->name, &len) ||
	    nul_string(tb[SYSTRACE_A_ARG_VALUE], &out->value, &out->len))
		return -EINVAL;
	out->index = tb[SYSTRACE_A_ARG_INDEX] ?
		     nla_get_u32(tb[SYSTRACE_A_ARG_INDEX]) : 0;
	out->kind = nla_get_u8(tb[SYSTRACE_A_ARG_KIND]);
	return 0;
}

#define STR(attr) (tb[attr] ? nla_get_string(tb[attr]) : "")
#define U32(attr) (tb[attr] ? nla_get_u32(tb[attr]) : 0)

int st_report_parse_head(struct nl_msg *msg, struct st_report *r)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct genlmsghdr *g = nlmsg_data(nlh);
	struct nlattr *tb[SYSTRACE_A_MAX + 1];

	/* Not @r->args: ST_ARGS_N of them, set only by st_report_parse(). */
	memset(r, 0, offsetof(struct st_report, args));
	r->nargs = 0;
	/* Netlink's own (an error, the end of a dump): no report. */
	if (nlh->nlmsg_type < NLMSG_MIN_TYPE ||
	    nlh->nlmsg_len < NLMSG_HDRLEN + GENL_HDRLEN ||
	    (g->cmd != SYSTRACE_CMD_EVENT && g->cmd != SYSTRACE_CMD_ASK) ||
	    genlmsg_parse(nlh, 0, tb, SYSTRACE_A_MAX, NULL) < 0)
		return -1;
	r->cmd = g->cmd;
	r->name = STR(SYSTRACE_A_NAME);
	r->call = STR(SYSTRACE_A_CALL);
	r->emulation = tb[SYSTRACE_A_EMULATION] ?
		       nla_get_string(tb[SYSTRACE_A_EMULATION]) : "native";
	/* A rule's emulation is a word: anything else is not one. */
	if (!r->emulation[0] || strpbrk(r->emulation, " \t\n-:#\"\\"))
		r->emulation = "native";
	r->prog = STR(SYSTRACE_A_PROG);
	r->user = STR(SYSTRACE_A_USER_NAME);
	r->exe = tb[SYSTRACE_A_EXE] ? nla_get_string(tb[SYSTRACE_A_EXE]) :
		 r->prog;
	r->ppid = U32(SYSTRACE_A_PPID);
	r->has_nr = !!tb[SYSTRACE_A_CALL_NR];
	r->nr = U32(SYSTRACE_A_CALL_NR);
	r->text = STR(SYSTRACE_A_ARGS);
	r->pid = U32(SYSTRACE_A_PID);
	r->uid = U32(SYSTRACE_A_UID);
	r->err = U32(SYSTRACE_A_ERRNO);
	r->line = U32(SYSTRACE_A_LINE);
	r->timeout = U32(SYSTRACE_A_TIMEOUT);
	r->mode = tb[SYSTRACE_A_MODE] ? nla_get_u8(tb[SYSTRACE_A_MODE]) : 0;
	r->has_verdict = !!tb[SYSTRACE_A_VERDICT];
	r->verdict = r->has_verdict ? nla_get_u8(tb[SYSTRACE_A_VERDICT]) : 0;
	r->has_qid = !!tb[SYSTRACE_A_QID];
	r->qid = r->has_qid ? nla_get_u64(tb[SYSTRACE_A_QID]) : 0;
	return 0;
}

int st_report_parse(struct nl_msg *msg, struct st_report *r)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct nlattr *a;
	int rem;

	if (st_report_parse_head(msg, r))
		return -1;
	/* genlmsg_parse() keeps the last of a repeated attribute: walk. */
	nlmsg_for_each_attr(a, nlh, GENL_HDRLEN, rem) {
		if (nla_type(a) != SYSTRACE_A_ARG)
			continue;
		if (r->nargs < 0)
			break;
		if (r->nargs == ST_ARGS_N)
			r->nargs = -E2BIG;
		else if (parse_arg(a, &r->args[r->nargs]))
			r->nargs = -EINVAL;
		else
			r->nargs++;
	}
	/* Text but no argument: a module older than SYSTRACE_A_ARG, whose
	 * arguments a rule would leave out. */
	if (!r->nargs && r->text[0])
		r->nargs = -EPROTO;
	return 0;
}

/* A user name bare when it cannot forge a field, as the kernel prints it
 * (kmod/decide.c, st_put_user()), else quoted; the uid when none. */
static void print_user(FILE *f, const struct st_report *r)
{
	char q[4 * 48 + 8];
	const char *s;

	if (!r->user || !r->user[0]) {
		fprintf(f, "%u", r->uid);
		return;
	}
	for (s = r->user; *s; s++)
		if (*s <= 0x20 || *s >= 0x7f || *s == '"' || *s == '\\' ||
		    *s == ',')
			break;
	if (!*s && s - r->user < 48)
		fputs(r->user, f);
	else
		fputs(st_quote_log(q, 48, r->user), f);
}

void st_report_print(FILE *f, const struct st_report *r)
{
	char qprog[4 * 256 + 8], qname[4 * SYSTRACE_NAME_MAX];

	fprintf(f, "%s user: ", r->cmd == SYSTRACE_CMD_ASK ? "question" :
		st_verdict_name(r->verdict));
	print_user(f, r);
	fprintf(f, ", prog: %s, pid: %u, ppid: %u, policy: %s, call: %s%s",
		st_quote_log(qprog, sizeof(qprog), r->exe ? r->exe : r->prog),
		r->pid, r->ppid,
		st_quote_log(qname, 160, r->name),
		r->emulation && !strcmp(r->emulation, "linux") ? "linux32-" : "",
		r->call);
	if (r->has_nr)
		fprintf(f, "(%u)", r->nr);
	if (r->text[0])
		fprintf(f, ", %s", r->text);
	if (r->cmd == SYSTRACE_CMD_ASK)
		fprintf(f, ", question: %llu", r->qid);
	else
		fprintf(f, ", error: %u, line: %u", r->err, r->line);
}

/* @s into @buf of @len bytes, cut if it must be: snprintf()'s work for
 * "%s", without its format's parse (six of them per question). */
static void copy_str(char *buf, size_t len, const char *s)
{
	size_t n = strnlen(s, len - 1);

	memcpy(buf, s, n);
	buf[n] = '\0';
}

int st_question_take(const struct st_report *r, struct st_question *q)
{
	char link[64];
	ssize_t n;

	if (r->cmd != SYSTRACE_CMD_ASK || !r->has_qid)
		return -1;
	q->qid = r->qid;
	q->pid = r->pid;
	q->uid = r->uid;
	q->timeout = r->timeout;
	clock_gettime(CLOCK_MONOTONIC, &q->got);
	copy_str(q->prog, sizeof(q->prog), r->prog);
	copy_str(q->name, sizeof(q->name), r->name);
	copy_str(q->call, sizeof(q->call), r->call);
	copy_str(q->emulation, sizeof(q->emulation), r->emulation);
	copy_str(q->args, sizeof(q->args), r->text);
	/*
	 * Its program, to find its section of a policy file: the kernel's
	 * SYSTRACE_A_EXE when whole (a path; a long one comes cut, after
	 * "..."; one the same as the task's own name may be that name, when
	 * the kernel had no path), else read, as the task sleeps until
	 * answered.
	 */
	if (r->exe && r->exe[0] == '/' && strcmp(r->exe, r->prog)) {
		copy_str(q->exe, sizeof(q->exe), r->exe);
		return 0;
	}
	snprintf(link, sizeof(link), "/proc/%u/exe", q->pid);
	n = readlink(link, q->exe, sizeof(q->exe) - 1);
	q->exe[n > 0 ? n : 0] = '\0';
	return 0;
}
