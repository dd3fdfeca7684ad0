// SPDX-License-Identifier: GPL-2.0
/*
 * Learning (systracectl run -A): the kernel permits what no rule matches
 * and reports it on the "events" multicast group (SYSTRACE_CMD_EVENT,
 * SYSTRACE_VERDICT_UNMATCHED_PERMIT). The reports of the run's own image
 * become rules (rule.c, from each argument's attribute: the arguments
 * that name the object, generalised where the next run would see another
 * name), deduplicated, sorted and written as a policy that lets the same
 * run pass in enforce mode.
 */
#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <linux/systrace.h>
#include <netlink/genl/ctrl.h>

#include "nl.h"
#include "systracectl.h"

#define LEARN_RCVBUF	(32 << 20)

struct st_learn {
	struct nl_sock *sk;
	struct nl_cb *cb;
	char image[SYSTRACE_NAME_MAX];
	struct st_rule_ctx ctx;
	char cwd[4096];
	char home[4096];
	char **rules;		/* open addressing, NULL: free */
	size_t n, cap;
	int lost;
};

int st_join_events(struct nl_sock *sk)
{
	int grp = genl_ctrl_resolve_grp(sk, SYSTRACE_GENL_NAME,
					SYSTRACE_GENL_MCGRP_EVENTS);

	if (grp < 0)
		return grp;
	return nl_socket_add_membership(sk, grp);
}

static unsigned long hash(const char *s)
{
	unsigned long h = 5381;

	while (*s)
		h = h * 33 + (unsigned char)*s++;
	return h;
}

static int add(struct st_learn *l, const char *rule)
{
	size_t i;

	if ((l->n + 1) * 2 > l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 256, j;
		char **t = calloc(cap, sizeof(*t));

		if (!t)
			return -ENOMEM;
		for (j = 0; j < l->cap; j++) {
			if (!l->rules[j])
				continue;
			for (i = hash(l->rules[j]) % cap; t[i]; i = (i + 1) % cap)
				;
			t[i] = l->rules[j];
		}
		free(l->rules);
		l->rules = t;
		l->cap = cap;
	}
	for (i = hash(rule) % l->cap; l->rules[i]; i = (i + 1) % l->cap)
		if (!strcmp(l->rules[i], rule))
			return 0;
	l->rules[i] = strdup(rule);
	if (!l->rules[i])
		return -ENOMEM;
	l->n++;
	return 0;
}

static int on_event(struct nl_msg *msg, void *arg)
{
	struct st_learn *l = arg;
	struct st_report r;
	char *rule;
	int ret;

	if (st_report_parse(msg, &r) || r.cmd != SYSTRACE_CMD_EVENT ||
	    !r.has_verdict || r.verdict != SYSTRACE_VERDICT_UNMATCHED_PERMIT ||
	    !r.call[0] || strcmp(r.name, l->image))
		return NL_SKIP;
	rule = malloc(ST_RULE_MAX);
	if (!rule) {
		l->lost = 1;
		return NL_OK;
	}
	/* From the arguments' attributes: the text is for people. */
	/* In the emulation of the call's ABI: an ia32 call is linux-CALL. */
	ret = st_rule_text(r.emulation, r.call, r.args, r.nargs, &l->ctx,
			   "permit", rule, ST_RULE_MAX);
	if (ret < 0) {
		/*
		 * No rule that names exactly this object: none, and a comment
		 * that says so (the kernel log's text of the arguments, one
		 * line). The run in enforce mode will be denied it.
		 */
		snprintf(rule, ST_RULE_MAX, "# not learned (%s): %s-%s, %s",
			 st_rule_strerror(ret), r.emulation,
			 st_call_name(r.call), r.text);
		fprintf(stderr, "systracectl: %s\n", rule + 2);
	}
	if (add(l, rule) < 0)
		l->lost = 1;
	free(rule);
	return NL_OK;
}

struct st_learn *st_learn_open(const char *image)
{
	struct st_learn *l = calloc(1, sizeof(*l));
	int size = LEARN_RCVBUF, ret;
	struct passwd *pw;

	if (!l)
		return NULL;
	snprintf(l->image, sizeof(l->image), "%s", image);
	l->ctx.generalise = 1;
	/*
	 * $HOME as the kernel expands it for the command run confined: the
	 * password entry of our uid (run keeps it), not HOME (sudo -E).
	 */
	pw = getpwuid(getuid());
	if (pw && pw->pw_dir[0] == '/' &&
	    (size_t)snprintf(l->home, sizeof(l->home), "%s", pw->pw_dir) <
	    sizeof(l->home))
		l->ctx.home = l->home;
	if (getcwd(l->cwd, sizeof(l->cwd)))
		l->ctx.cwd = l->cwd;
	l->sk = nl_socket_alloc();
	l->cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!l->sk || !l->cb || genl_connect(l->sk) < 0)
		goto err;
	ret = st_join_events(l->sk);
	if (ret < 0) {
		fprintf(stderr, "systracectl: cannot join the events group: %s%s\n",
			nl_geterror(ret),
			ret == -NLE_PERM ? " (learning needs CAP_SYS_ADMIN)" : "");
		goto err;
	}
	st_nl_rcvbuf(l->sk, size);
	nl_socket_enable_msg_peek(l->sk);
	nl_cb_set(l->cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, st_nl_any_seq, NULL);
	nl_cb_set(l->cb, NL_CB_VALID, NL_CB_CUSTOM, on_event, l);
	return l;
err:
	st_learn_close(l);
	return NULL;
}

int st_learn_fd(struct st_learn *l)
{
	return nl_socket_get_fd(l->sk);
}

void st_learn_poll(struct st_learn *l)
{
	int ret;

	nl_socket_set_nonblocking(l->sk);
	for (;;) {
		ret = nl_recvmsgs(l->sk, l->cb);
		if (ret >= 0)
			continue;
		if (ret == -NLE_AGAIN)
			break;
		if (ret == -NLE_NOMEM || ret == -NLE_MSG_OVERFLOW) {
			/* ENOBUFS: the kernel dropped reports. */
			l->lost = 1;
			continue;
		}
		if (ret == -NLE_INTR)
			continue;
		break;
	}
}

/* A word that reads as itself in a comment line (and to a shell). */
static int plain_word(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if ((unsigned char)*s <= ' ' || (unsigned char)*s >= 0x7f ||
		    *s == '"' || *s == '\\')
			return 0;
	return 1;
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* "native-read: permit" covers "native-read: ... then permit". */
static int covered(char **rules, size_t n, const char *r)
{
	const char *colon = strchr(r, ':');
	char whole[128];
	size_t i;

	if (!colon || !strstr(r, " then "))
		return 0;
	snprintf(whole, sizeof(whole), "%.*s: permit", (int)(colon - r), r);
	for (i = 0; i < n; i++)
		if (!strcmp(rules[i], whole))
			return 1;
	return 0;
}

/*
 * The program @cmd runs, as the kernel binds it: found through $PATH as
 * execvp() would, every symlink resolved. Into @buf; false if not found.
 */
static int program_path(const char *cmd, char *buf, size_t size)
{
	const char *path = getenv("PATH"), *p, *e;
	char try[4200];

	if (strchr(cmd, '/'))
		return realpath(cmd, buf) != NULL;
	if (size < 4096)
		return 0;
	for (p = path ? path : "/usr/local/bin:/usr/bin:/bin"; p; p = e ? e + 1 : NULL) {
		e = strchr(p, ':');
		snprintf(try, sizeof(try), "%.*s/%s",
			 e ? (int)(e - p) : (int)strlen(p), p, cmd);
		if (!access(try, X_OK) && realpath(try, buf))
			return 1;
	}
	return 0;
}

/*
 * The emulation of the learned rules ("native-..." or, for an ia32
 * program, "linux-..."), if they share one; NULL otherwise: a section
 * has one emulation (policyc), so a run that made calls of both ABIs (a
 * 64-bit program that executed a 32-bit one, or used int 0x80) stays a
 * fragment, whose rules each name their own.
 */
static const char *rules_emulation(char **rules, size_t n, char *buf,
				   size_t size)
{
	size_t i, len;
	const char *dash;
	int first = 1;

	snprintf(buf, size, "native");
	for (i = 0; i < n; i++) {
		/* "# not learned ...": a comment, in any section */
		if (rules[i][0] == '#')
			continue;
		dash = strchr(rules[i], '-');
		if (!dash)
			return NULL;
		len = dash - rules[i];
		if (first && len < size)
			snprintf(buf, size, "%.*s", (int)len, rules[i]);
		else if (strlen(buf) != len || strncmp(buf, rules[i], len))
			return NULL;
		first = 0;
	}
	return buf;
}

int st_learn_write(struct st_learn *l, const char *out, const char *header_src,
		   char *const cmd[])
{
	char prog[4096], emul[32];
	const char *em;
	char **sorted, stamp[64], *src = NULL, tmp[4200];
	size_t i, n = 0, len = 0;
	time_t now = time(NULL);
	struct stat st;
	FILE *f, *in;
	int ret = 0;

	sorted = calloc(l->n ? l->n : 1, sizeof(*sorted));
	if (!sorted)
		return -ENOMEM;
	for (i = 0; i < l->cap; i++)
		if (l->rules[i])
			sorted[n++] = l->rules[i];
	qsort(sorted, n, sizeof(*sorted), cmp);

	if (header_src) {
		in = fopen(header_src, "r");
		if (!in) {
			free(sorted);
			return -errno;
		}
		if (getdelim(&src, &len, '\0', in) < 0) {
			free(src);
			src = NULL;
		}
		fclose(in);
	}
	if (!strcmp(out, "-")) {
		f = stdout;
	} else if (!stat(out, &st) && !S_ISREG(st.st_mode)) {
		/*
		 * Not a file (/dev/null, a FIFO): written to, never replaced;
		 * a rename would put a regular file in a device's place.
		 */
		tmp[0] = '\0';
		f = fopen(out, "w");
	} else {
		snprintf(tmp, sizeof(tmp), "%s.tmp", out);
		f = fopen(tmp, "w");
	}
	if (!f) {
		free(src);
		free(sorted);
		return -errno;
	}
	strftime(stamp, sizeof(stamp), "%Y-%m-%d %H:%M:%S UTC", gmtime(&now));
	if (src) {
		fputs(src, f);
		if (src[0] && src[strlen(src) - 1] != '\n')
			fputc('\n', f);
		fprintf(f, "\n");
	} else if (program_path(cmd[0], prog, sizeof(prog)) &&
		   (em = rules_emulation(sorted, n, emul, sizeof(emul)))) {
		/* As systrace wrote it: it binds by path once loaded. */
		fprintf(f, "Policy: %s, Emulation: %s\n", prog, em);
		fprintf(f, "# A policy learned by systracectl run -A: systracectl load binds it\n"
			   "# to its program; systracectl run -a -p FILE applies it to one tree.\n");
	} else {
		fprintf(f, "# A policy learned by systracectl run -A. A fragment (no Policy:\n"
			   "# header): systracectl run -a -p FILE applies it to one command tree;\n"
			   "# add a header to bind it to a program for systracectl load.\n");
	}
	fprintf(f, "# Learned %s from:", stamp);
	for (i = 0; cmd[i]; i++) {
		char q[4 * 256 + 8];

		/* A newline in an argument would end the comment and start
		 * a rule: odd words are quoted as the kernel log quotes. */
		if (!plain_word(cmd[i]))
			fprintf(f, " %s", st_quote_log(q, sizeof(q), cmd[i]));
		else
			fprintf(f, " %s", cmd[i]);
	}
	fprintf(f, "\n");
	if (l->lost)
		fprintf(f, "# WARNING: reports were lost; the policy may be incomplete.\n");
	for (i = 0; i < n && !strstr(sorted[i], "\"$CWD"); i++)
		;
	if (i < n)
		fprintf(f, "# $CWD: the directory systracectl run (or load, for a bound policy)\n"
			   "# was started in, as systrace's own; run it where the files are.\n");
	for (i = 0; i < n; i++)
		if (!covered(sorted, n, sorted[i]))
			fprintf(f, "%s\n", sorted[i]);
	if (f != stdout) {
		if (fclose(f) || (tmp[0] && rename(tmp, out) < 0)) {
			ret = -errno;
			if (tmp[0])
				unlink(tmp);
		}
	} else {
		fflush(f);
	}
	free(src);
	free(sorted);
	return ret;
}

int st_learn_lost(struct st_learn *l)
{
	return l->lost;
}

void st_learn_close(struct st_learn *l)
{
	size_t i;

	if (!l)
		return;
	for (i = 0; i < l->cap; i++)
		free(l->rules[i]);
	free(l->rules);
	if (l->cb)
		nl_cb_put(l->cb);
	nl_socket_free(l->sk);
	free(l);
}
