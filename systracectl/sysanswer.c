// SPDX-License-Identifier: GPL-2.0
/*
 * systrace(1)'s answers to a question, as its text mode took them, on top
 * of systracectl's agent (agent.c), which asks, queues and sends:
 *
 *   permit, deny, deny[ERRNO]   the answer, and a rule for it added to the
 *                               policy file (systracectl's "ANSWER always")
 *   permit-now, deny-now        this call only (systracectl's "permit")
 *   EXPR then ACTION            a filter: "CALL: EXPR then ACTION" is added
 *                               to the policy, ACTION answers this call
 *   kill                        the process is killed in its call
 *   detach                      the call passes, and every later question
 *                               of the process and its children
 *   review                      the policy file as it is now
 *   help, ?                     these answers
 *
 * Only systrace(1) installs these (st_sysanswer_enable()); "systracectl
 * ask" and "run" keep their own answers, where "permit" means this once.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "systracectl.h"

#define DETACHED_MAX	64
/* Ancestors looked at for a detached process (a fork bomb stops here). */
#define ANCESTORS_MAX	32

static unsigned int detached[DETACHED_MAX];
static int ndetached;

static const char help_text[] =
	"  permit           permit the call, and add a rule to the policy: not asked again\n"
	"  deny             deny it (EPERM), and add a rule to the policy\n"
	"  deny[ERRNO]      deny it with that error (deny[enoent]), and add the rule\n"
	"  permit-now       permit this call only\n"
	"  deny-now         deny this call only\n"
	"  EXPR then ACTION a filter, added to the policy as \"CALL: EXPR then ACTION\";\n"
	"                   ACTION answers this call (filename match \"/tmp/*\" then permit)\n"
	"  kill             kill the process\n"
	"  detach           permit this call and every later question of the process\n"
	"                   and its children (Linux: its rules still apply)\n"
	"  review           show the policy file\n";

/* The parent of @pid from /proc, or 0. */
static unsigned int parent_of(unsigned int pid)
{
	char path[64], line[256];
	unsigned int ppid = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%u/status", pid);
	f = fopen(path, "r");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "PPid: %u", &ppid) == 1)
			break;
	fclose(f);
	return ppid;
}

static int is_detached(unsigned int pid)
{
	int i, depth;

	for (depth = 0; pid > 1 && depth < ANCESTORS_MAX; depth++) {
		for (i = 0; i < ndetached; i++)
			if (detached[i] == pid)
				return 1;
		pid = parent_of(pid);
	}
	return 0;
}

static const char *auto_answer(const struct st_agent_q *q)
{
	return ndetached && is_detached(q->pid) ? "permit-now" : NULL;
}

static void review(const struct st_agent_q *q, FILE *out)
{
	char line[4096];
	FILE *f;

	if (!q->src) {
		fprintf(out, "no policy file is known for %s\n", q->name);
		return;
	}
	f = fopen(q->src, "r");
	if (!f) {
		fprintf(out, "%s: cannot read it\n", q->src);
		return;
	}
	fprintf(out, "--- %s\n", q->src);
	while (fgets(line, sizeof(line), f))
		fputs(line, out);
	fclose(f);
	fprintf(out, "---\n");
}

/* "deny", "deny[enoent]": whether @w is a denial as a policy writes it. */
static int is_deny(const char *w)
{
	size_t n = strlen(w);

	return !strcmp(w, "deny") ||
	       (n > 6 && !strncmp(w, "deny[", 5) && w[n - 1] == ']');
}

/* "EXPR then ACTION [log]...": the action's first word decides the call. */
static int filter(const char *line, struct st_hook_answer *r)
{
	const char *then = strstr(line, " then ");
	char act[48] = "";

	if (!then || then == line)
		return 0;
	if (sscanf(then + 6, "%47s", act) != 1)
		return 0;
	if (strcmp(act, "permit") && !is_deny(act))
		return 0;
	snprintf(r->filter, sizeof(r->filter), "%s", line);
	snprintf(r->line, sizeof(r->line), "%s always", act);
	return 1;
}

static int hook(const struct st_agent_q *q, const char *line,
		struct st_hook_answer *r, FILE *out)
{
	char w[64] = "", extra[8] = "";
	int n, i;

	while (isspace((unsigned char)*line))
		line++;
	if (strstr(line, " then "))
		return filter(line, r);
	n = sscanf(line, "%63s %7s", w, extra);
	if (n != 1)
		return 0;
	for (i = 0; w[i]; i++)
		w[i] = tolower((unsigned char)w[i]);
	if (!strcmp(w, "help") || !strcmp(w, "?")) {
		fputs(help_text, out);
		r->again = 1;
	} else if (!strcmp(w, "review")) {
		review(q, out);
		r->again = 1;
	} else if (!strcmp(w, "templates") || !strcmp(w, "template")) {
		fprintf(out, "no policy templates in this build\n");
		r->again = 1;
	} else if (!strcmp(w, "permit") || is_deny(w)) {
		snprintf(r->line, sizeof(r->line), "%s always", w);
	} else if (!strcmp(w, "permit-now")) {
		snprintf(r->line, sizeof(r->line), "permit");
	} else if (!strcmp(w, "deny-now")) {
		snprintf(r->line, sizeof(r->line), "deny");
	} else if (!strcmp(w, "kill")) {
		snprintf(r->line, sizeof(r->line), "deny");
		r->kill = 1;
	} else if (!strcmp(w, "detach")) {
		if (ndetached < DETACHED_MAX && q->pid)
			detached[ndetached++] = q->pid;
		snprintf(r->line, sizeof(r->line), "permit");
	} else {
		return 0;
	}
	return 1;
}

void st_sysanswer_enable(void)
{
	st_agent_hook = hook;
	st_agent_auto = auto_answer;
}
