// SPDX-License-Identifier: GPL-2.0
/*
 * A report as an RFC 5424 syslog message (systracectl monitor --syslog),
 * for a collector of many machines (rsyslog, syslog-ng): one line each,
 *
 *   <PRI>1 TIME HOST systrace PID MSGID [systrace@32473 type="..." ...] TEXT
 *
 * Each thing a program reads is a parameter of the structured data, the
 * arguments too (arg.filename="/x"), so a collector filters on them,
 * never on the text. The facility is authpriv; the severity warning for a
 * denial, notice for a question, info otherwise (as monitor --journal's
 * PRIORITY). 32473 is the enterprise number RFC 5612 sets aside for
 * examples: a site with its own number may rewrite the SD-ID.
 *
 * One message is one line (a collector's stream framing): in a value and
 * in the text, a control character or a byte that is not UTF-8 is
 * written \xNN; in a value, ", \ and ] are escaped with a backslash as
 * RFC 5424 says (so a backslash of the value is \\, never \x).
 */
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <linux/systrace.h>

#include "systracectl.h"

#define ST_SD_ID	"systrace@32473"
#define LOG_AUTHPRIV_FAC 10

/* @n bytes of @s; @sd: as a PARAM-VALUE (", \ and ] escaped). */
static void put_text(FILE *f, const char *s, size_t n, int sd)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i, l;

	for (i = 0; i < n; i += l) {
		l = st_utf8_len(u + i, n - i);
		if (!l || u[i] < 0x20 || u[i] == 0x7f) {
			fprintf(f, "\\x%02x", u[i]);
			l = 1;
		} else if (sd && (u[i] == '"' || u[i] == '\\' || u[i] == ']')) {
			fprintf(f, "\\%c", u[i]);
		} else {
			fwrite(s + i, 1, l, f);
		}
	}
}

static void param(FILE *f, const char *name, const char *val, size_t len)
{
	fprintf(f, " %s=\"", name);
	put_text(f, val, len, 1);
	fputc('"', f);
}

static void sparam(FILE *f, const char *name, const char *val)
{
	param(f, name, val, strlen(val));
}

static void uparam(FILE *f, const char *name, unsigned long long val)
{
	fprintf(f, " %s=\"%llu\"", name, val);
}

/*
 * A PARAM-NAME of the argument @a: "arg." and its name, ".N" for the
 * second and later of a name (a policy's filename[1]): at most 32
 * characters, none of = ] " or a space (the table's names are words).
 */
static void arg_name(const struct st_rarg *a, char *buf, size_t len)
{
	if (a->index)
		snprintf(buf, len, "arg.%.20s.%u", a->name, a->index);
	else
		snprintf(buf, len, "arg.%.28s", a->name);
}

/* RFC 5424's HOSTNAME: printable ASCII without a space, else "-". */
static void host_name(char *buf, size_t len)
{
	size_t i;

	if (gethostname(buf, len) < 0 || !buf[0] || !strcmp(buf, "(none)"))
		goto nil;
	buf[len - 1] = '\0';
	for (i = 0; buf[i]; i++)
		if (buf[i] < 33 || buf[i] > 126)
			goto nil;
	return;
nil:
	snprintf(buf, len, "-");
}

void st_syslog_write(FILE *f, const struct st_report *r, const char *stamp,
		     const char *message, const char *rule)
{
	int deny = 0, sev, i;
	const char *ename;
	struct passwd *pw;
	char host[256], name[40];

	if (r->cmd == SYSTRACE_CMD_EVENT)
		deny = r->verdict == SYSTRACE_VERDICT_DENY ||
		       r->verdict == SYSTRACE_VERDICT_UNMATCHED_DENY ||
		       r->verdict == SYSTRACE_VERDICT_ASKED_DENY;
	sev = deny ? 4 : r->cmd == SYSTRACE_CMD_ASK ? 5 : 6;
	host_name(host, sizeof(host));
	fprintf(f, "<%d>1 %s %s systrace %d %s [" ST_SD_ID,
		LOG_AUTHPRIV_FAC * 8 + sev, stamp, host, (int)getpid(),
		r->cmd == SYSTRACE_CMD_ASK ? "question" : "decision");
	sparam(f, "type", r->cmd == SYSTRACE_CMD_ASK ? "question" : "decision");
	sparam(f, "verdict", r->cmd == SYSTRACE_CMD_ASK ? "ask" :
	       st_verdict_name(r->verdict));
	sparam(f, "mode", st_mode_name(r->mode));
	sparam(f, "policy", r->name);
	sparam(f, "emulation", r->emulation);
	sparam(f, "call", r->call);
	if (r->has_nr)
		uparam(f, "nr", r->nr);
	uparam(f, "pid", r->pid);
	if (r->ppid)
		uparam(f, "ppid", r->ppid);
	uparam(f, "uid", r->uid);
	/*
	 * The name the kernel's user table gives the uid (as in its log
	 * line), else this machine's (the collector's may differ).
	 */
	if (r->user && r->user[0]) {
		sparam(f, "user", r->user);
	} else {
		pw = getpwuid(r->uid);
		if (pw)
			sparam(f, "user", pw->pw_name);
	}
	sparam(f, "program", r->exe && r->exe[0] ? r->exe : r->prog);
	if (r->cmd == SYSTRACE_CMD_EVENT) {
		ename = r->err ? strerrorname_np(r->err) : NULL;
		uparam(f, "errno", r->err);
		if (ename)
			sparam(f, "error", ename);
		uparam(f, "line", r->line);
	} else {
		uparam(f, "qid", r->qid);
	}
	if (rule && rule[0])
		sparam(f, "rule", rule);
	/* The count says they are all there (as in the journal). */
	if (r->nargs >= 0)
		uparam(f, "nargs", r->nargs);
	for (i = 0; i < r->nargs; i++) {
		arg_name(&r->args[i], name, sizeof(name));
		param(f, name, r->args[i].value, r->args[i].len);
	}
	fputs("] ", f);
	put_text(f, message, strlen(message), 0);
	fputc('\n', f);
}

void st_syslog_lost(FILE *f, const char *stamp)
{
	char host[256];

	host_name(host, sizeof(host));
	fprintf(f, "<%d>1 %s %s systrace %d lost [" ST_SD_ID " type=\"lost\"] events lost (the reader was too slow)\n",
		LOG_AUTHPRIV_FAC * 8 + 4, stamp, host, (int)getpid());
}
