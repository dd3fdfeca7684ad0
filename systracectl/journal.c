// SPDX-License-Identifier: GPL-2.0
/*
 * A report as journal fields (systracectl monitor --journal): the line a
 * person reads in MESSAGE=, and each thing a program reads in its own
 * field, the arguments too (SYSTRACE_ARG_<NAME>=), so that logprof and
 * journalctl's matches (journalctl SYSTRACE_POLICY=usr_sbin_nginx) use
 * the fields, never the text. Values are bytes: a field is sent as an
 * iovec, so a name with a newline or a byte that is not UTF-8 arrives
 * whole (journalctl -o json shows such a value as an array of bytes).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <linux/systrace.h>

#include "systracectl.h"

/* Every systrace report in the journal: journalctl MESSAGE_ID=... */
#define ST_MESSAGE_ID	"06c3a14077a74cc9acdaf6630b75f06c"

/* "FIELD=" then @len bytes of @val, into @iov: 0 or -ENOMEM. */
static int field(struct iovec *iov, const char *name, const char *val,
		 size_t len)
{
	size_t nl = strlen(name);
	char *p = malloc(nl + 1 + len + 1);

	if (!p)
		return -ENOMEM;
	memcpy(p, name, nl);
	p[nl] = '=';
	memcpy(p + nl + 1, val, len);
	p[nl + 1 + len] = '\0';	/* for a reader of the dry run only */
	iov->iov_base = p;
	iov->iov_len = nl + 1 + len;
	return 0;
}

static int fieldf(struct iovec *iov, const char *name, const char *fmt, ...)
{
	char buf[64];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return field(iov, name, buf, strlen(buf));
}

static int str(struct iovec *iov, const char *name, const char *val)
{
	return field(iov, name, val, strlen(val));
}

void st_journal_free(struct iovec *iov, int n)
{
	while (n-- > 0)
		free(iov[n].iov_base);
}

int st_journal_fields(const struct st_report *r, const char *message,
		      const char *rule, struct iovec *iov)
{
	int n = 0, i, ret, deny = 0;
	const char *ename;
	char name[96];

	if (r->cmd == SYSTRACE_CMD_EVENT)
		deny = r->verdict == SYSTRACE_VERDICT_DENY ||
		       r->verdict == SYSTRACE_VERDICT_UNMATCHED_DENY ||
		       r->verdict == SYSTRACE_VERDICT_ASKED_DENY;
	ret = str(&iov[n++], "MESSAGE", message);
	/* warning for a denial, notice for a question, info otherwise */
	ret = ret ?: fieldf(&iov[n++], "PRIORITY", "%d",
			    deny ? 4 : r->cmd == SYSTRACE_CMD_ASK ? 5 : 6);
	ret = ret ?: str(&iov[n++], "MESSAGE_ID", ST_MESSAGE_ID);
	ret = ret ?: str(&iov[n++], "SYSLOG_IDENTIFIER", "systrace");
	ret = ret ?: str(&iov[n++], "SYSTRACE_TYPE",
			 r->cmd == SYSTRACE_CMD_ASK ? "question" : "decision");
	ret = ret ?: str(&iov[n++], "SYSTRACE_VERDICT",
			 r->cmd == SYSTRACE_CMD_ASK ? "ask" :
			 st_verdict_name(r->verdict));
	ret = ret ?: str(&iov[n++], "SYSTRACE_MODE", st_mode_name(r->mode));
	ret = ret ?: str(&iov[n++], "SYSTRACE_POLICY", r->name);
	ret = ret ?: str(&iov[n++], "SYSTRACE_CALL", r->call);
	if (!ret && r->has_nr)
		ret = fieldf(&iov[n++], "SYSTRACE_CALL_NR", "%u", r->nr);
	ret = ret ?: fieldf(&iov[n++], "SYSTRACE_PID", "%u", r->pid);
	ret = ret ?: fieldf(&iov[n++], "SYSTRACE_PPID", "%u", r->ppid);
	ret = ret ?: fieldf(&iov[n++], "SYSTRACE_UID", "%u", r->uid);
	if (!ret && r->user && r->user[0])
		ret = str(&iov[n++], "SYSTRACE_USER", r->user);
	ret = ret ?: str(&iov[n++], "SYSTRACE_PROGRAM", r->exe ? r->exe : r->prog);
	if (!ret && r->cmd == SYSTRACE_CMD_EVENT) {
		ename = r->err ? strerrorname_np(r->err) : NULL;
		ret = fieldf(&iov[n++], "SYSTRACE_ERRNO", "%u", r->err) ?:
		      (ename ? str(&iov[n++], "SYSTRACE_ERROR", ename) : 0) ?:
		      fieldf(&iov[n++], "SYSTRACE_LINE", "%u", r->line);
	} else if (!ret) {
		ret = fieldf(&iov[n++], "SYSTRACE_QID", "%llu", r->qid);
	}
	if (!ret && rule && rule[0])
		ret = str(&iov[n++], "SYSTRACE_RULE", rule);
	/* The count says they are all there; without it no rule is made. */
	if (!ret && r->nargs >= 0)
		ret = fieldf(&iov[n++], "SYSTRACE_NARGS", "%d", r->nargs);
	for (i = 0; !ret && i < r->nargs; i++) {
		st_rarg_jname(&r->args[i], name, sizeof(name));
		ret = field(&iov[n++], name, r->args[i].value, r->args[i].len);
	}
	if (ret) {
		st_journal_free(iov, n - 1);
		return ret;
	}
	return n;
}
