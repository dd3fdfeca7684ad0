// SPDX-License-Identifier: GPL-2.0
/*
 * The agent: questions from the kernel (SYSTRACE_CMD_ASK), answered by a
 * person on a terminal or by a script, one line per question, in order.
 * Shared by "systracectl ask" (the system-wide agent) and "systracectl
 * run" in ask mode (the agent of its own image).
 *
 * Questions are read from the socket as soon as they arrive, whatever the
 * person is doing, and queued: the kernel never waits on a full socket
 * (a question that does not fit is denied at once), and none is lost or
 * answered twice. They are answered in the order they came.
 *
 * "always": the rule that covers the question is added to the policy file
 * the image was loaded from (run's own file, or the one "systracectl load"
 * recorded in /run/systrace/NAME.src), which is compiled and loaded again
 * under the same name, an atomic replace: the kernel does not ask again.
 *
 * Here: the queue of questions, the prompt and its answers; the line
 * editor is libedit's, fed from the agent's loop (its unbuffered mode: one
 * key per el_gets()); the editing of a policy file is polfile.c's.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <histedit.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <linux/systrace.h>

#include "nl.h"
#include "request.h"
#include "systracectl.h"


struct question {
	struct question *next;
	struct st_question h;	/* what it asks (st_question_take()) */
	/*
	 * The arguments, from their attributes: "always" makes its rule of
	 * these (nargs < 0: no rule). Parsed only then (question_args()),
	 * from @msg, the question as it came, held: a "permit" answered
	 * once, the common answer, costs no parse or copy of them.
	 */
	struct nl_msg *msg;
	struct st_report *rep;
	const struct st_rarg *rargs;
	int nargs;
	int parsed;
};

/* @q's arguments (q->rargs, q->nargs), parsed at the first use. */
static void question_args(struct question *q)
{
	if (q->parsed)
		return;
	q->parsed = 1;
	q->rargs = NULL;
	q->rep = q->msg ? malloc(sizeof(*q->rep)) : NULL;
	if (!q->rep || st_report_parse(q->msg, q->rep))
		q->nargs = -EINVAL;
	else {
		q->rargs = q->rep->args;
		q->nargs = q->rep->nargs;
	}
}

static void question_free(struct question *q)
{
	if (!q)
		return;
	if (q->msg)
		nlmsg_free(q->msg);
	free(q->rep);
	free(q);
}

/* Answers Up and Down recall on a terminal. */
#define AGENT_HISTORY	32

struct agent {
	struct st_nl *nl;
	const struct st_agent_own *own;
	struct question *head, **tail;
	int nqueued;
	int in_fd, tty, eof, prompting;
	struct termios saved;
	/* On a terminal: the line editor, its history and its input. */
	EditLine *el;
	History *hist;
	FILE *el_in;
	FILE *out;		/* the terminal, or the transcript */
	char *in;		/* lines not yet used (not a terminal) */
	size_t inlen, incap;
	unsigned long answered;
	/* The last answer sent (its request's number) and its error. */
	unsigned int ans_seq;
	int ans_err;
	/* The last uid shown and its name, looked up at user_at (seconds). */
	int user_known;
	uint32_t user_uid;
	time_t user_at;
	char user[64];
};

static volatile sig_atomic_t agent_stop;
static struct termios *agent_saved_tty;
static int agent_tty_fd = -1;

static void on_signal(int sig)
{
	agent_stop = sig;
	/* Leave the terminal as we found it, even if killed right after. */
	if (agent_saved_tty)
		tcsetattr(agent_tty_fd, TCSANOW, agent_saved_tty);
}

/* A question from the kernel (also while st_nl_call() waits). */
static int on_msg(struct nl_msg *msg, void *arg)
{
	struct agent *a = arg;
	struct question *q;
	struct st_report r;
	unsigned int seq;
	int err;

	/* An answer failed (send_answer()). */
	err = st_nl_msg_error(a->nl, msg, &seq);
	if (err <= 0) {
		if (err && seq == a->ans_seq)
			a->ans_err = err;
		return NL_SKIP;
	}
	if (st_report_parse_head(msg, &r) || r.cmd != SYSTRACE_CMD_ASK ||
	    !r.has_qid)
		return NL_SKIP;
	/* Not calloc(): every field is set below (exe is PATH_MAX bytes). */
	q = malloc(sizeof(*q));
	if (!q) {
		/* Unanswered, the kernel denies it at its timeout. */
		fprintf(stderr, "systracectl: out of memory: a question is left to time out\n");
		return NL_SKIP;
	}
	q->next = NULL;
	/* Held until the question is freed (question_args()). */
	nlmsg_get(msg);
	q->msg = msg;
	q->rep = NULL;
	q->rargs = NULL;
	q->nargs = 0;
	q->parsed = 0;
	st_question_take(&r, &q->h);
	*a->tail = q;
	a->tail = &q->next;
	a->nqueued++;
	return NL_OK;
}

static struct question *pop(struct agent *a)
{
	struct question *q = a->head;

	if (q) {
		a->head = q->next;
		if (!a->head)
			a->tail = &a->head;
		a->nqueued--;
	}
	return q;
}

/*
 * The name of the user of @q. getpwuid() reads the whole of /etc/passwd
 * each time (the better part of a question's cost to this agent): the
 * last answer is kept for questions of the same uid that come within
 * AGENT_USER_TTL seconds of the look-up, so that a renamed user shows
 * under the new name soon.
 */
#define AGENT_USER_TTL	10

static const char *user_name(struct agent *a, const struct question *q)
{
	struct passwd *pw;
	time_t now = q->h.got.tv_sec;

	if (a->user_known && a->user_uid == q->h.uid && now >= a->user_at &&
	    now - a->user_at < AGENT_USER_TTL)
		return a->user;
	pw = getpwuid(q->h.uid);
	if (pw)
		snprintf(a->user, sizeof(a->user), "%s", pw->pw_name);
	else
		snprintf(a->user, sizeof(a->user), "%u", q->h.uid);
	a->user_known = 1;
	a->user_uid = q->h.uid;
	a->user_at = now;
	return a->user;
}

static long seconds_left(const struct question *q)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (long)q->h.timeout - (now.tv_sec - q->h.got.tv_sec);
}

/* As systrace showed it: who, under which policy, which call with what. */
static void show(struct agent *a, const struct question *q)
{
	char prog[80], name[4 * sizeof(q->h.name)];
	const char *user = user_name(a, q);

	/* The task named itself and a user may name an image: quoted as in
	 * the kernel log, no byte of theirs reaches the terminal raw. */
	st_quote_log(prog, sizeof(prog), q->h.prog);
	st_quote_log(name, sizeof(name), q->h.name);
	if (a->tty) {
		fprintf(a->out, "\n%s(%u), user: %s, policy: %s (question %llu, %ld s left)\n"
		       "  native-%s%s%s\n",
		       prog, q->h.pid, user, name,
		       (unsigned long long)q->h.qid, seconds_left(q), q->h.call,
		       q->h.args[0] ? ", " : "", q->h.args);
	} else {
		fprintf(a->out, "question %llu: %s(%u), user: %s, policy: %s, native-%s%s%s\n",
		       (unsigned long long)q->h.qid, prog, q->h.pid, user, name,
		       q->h.call, q->h.args[0] ? ", " : "", q->h.args);
	}
	if (a->tty)
		fflush(a->out);
}

/* The line editor: libedit's, in its unbuffered mode. */

static void prompt_text(struct agent *a, char *buf, size_t len)
{
	if (a->nqueued > 1)
		snprintf(buf, len, "answer (%d more waiting)? ", a->nqueued - 1);
	else
		snprintf(buf, len, "answer? ");
}

/* EL_PROMPT: read at each redisplay, so the count of waiting questions is
 * that of the moment. */
static char *el_prompt(EditLine *el)
{
	static char p[64];
	struct agent *a;

	if (el_get(el, EL_CLIENTDATA, &a) == 0)
		prompt_text(a, p, sizeof(p));
	return p;
}

/*
 * The editor of a terminal @a->in_fd: Emacs keys, the arrows and a history
 * of the answers, and whatever ~/.editrc sets, as in every libedit program.
 * ^D deletes and ^W the word before the cursor, as the help says (libedit
 * makes ^D an end of file on an empty line, and ^W a cut to its mark).
 */
static int editor_open(struct agent *a)
{
	HistEvent ev;
	int fd = dup(a->in_fd);

	a->el_in = fd >= 0 ? fdopen(fd, "r") : NULL;
	if (!a->el_in) {
		if (fd >= 0)
			close(fd);
		return -errno;
	}
	a->el = el_init("systracectl", a->el_in, a->out, stderr);
	a->hist = history_init();
	if (!a->el || !a->hist)
		return -ENOMEM;
	history(a->hist, &ev, H_SETSIZE, AGENT_HISTORY);
	history(a->hist, &ev, H_SETUNIQUE, 1);
	el_set(a->el, EL_CLIENTDATA, a);
	el_set(a->el, EL_PROMPT, el_prompt);
	el_set(a->el, EL_EDITOR, "emacs");
	el_set(a->el, EL_HIST, history, a->hist);
	el_set(a->el, EL_BIND, "^D", "ed-delete-next-char", NULL);
	el_set(a->el, EL_BIND, "^W", "ed-delete-prev-word", NULL);
	el_source(a->el, NULL);
	return 0;
}

static void editor_close(struct agent *a)
{
	if (a->el)
		el_end(a->el);
	if (a->hist)
		history_end(a->hist);
	if (a->el_in)
		fclose(a->el_in);
	a->el = NULL;
	a->hist = NULL;
	a->el_in = NULL;
}

/*
 * The prompt of the question at the head on or off; on a terminal, the
 * editor with it: on, the terminal raw, the prompt drawn, an empty line;
 * off, the terminal as it was. libedit reads the keys only while on.
 */
static void prompt_set(struct agent *a, int on)
{
	a->prompting = on;
	if (a->el)
		el_set(a->el, EL_UNBUFFERED, on);
}

static const char help_text[] =
	"  permit           let the call pass, this once\n"
	"  deny             refuse it (EPERM), this once\n"
	"  deny[ERRNO]      refuse it with that error: deny[enoent], deny[eacces], ...\n"
	"  ANSWER always    the same, and add the rule to the policy file and load\n"
	"                   it again: the call is not asked again\n"
	"  help             this text\n"
	"keys: Left/Right ^B/^F, Home/End ^A/^E, Backspace, Delete ^D, ^K, ^U, ^W,\n"
	"      Up/Down ^P/^N (history), Enter; ~/.editrc binds more (editrc(5))\n";

/* An answer as typed: permit|deny|deny[ERRNO] [always]. */
struct answer {
	int verdict;		/* SYSTRACE_VERDICT_PERMIT or _DENY */
	int err;		/* errno of a denial */
	int always;
	char action[48];	/* as a policy writes it */
	const char *filter;	/* the rule's expression (askjson.c), or NULL */
	const char *tail;	/* a systrace filter: "EXPR then ACTION", or NULL */
};

int (*st_agent_hook)(const struct st_agent_q *q, const char *line,
		     struct st_hook_answer *r, FILE *out);
const char *(*st_agent_auto)(const struct st_agent_q *q);

/* 0, 1 for help, -1 (with a message) when not an answer. */
static int parse_answer(const char *line, struct answer *ans, char *why, size_t len)
{
	char w1[64] = "", w2[64] = "", w3[8] = "", *lb;
	int n, i;

	memset(ans, 0, sizeof(*ans));
	n = sscanf(line, "%63s %63s %7s", w1, w2, w3);
	for (i = 0; w1[i]; i++)
		w1[i] = tolower((unsigned char)w1[i]);
	if (n <= 0) {
		snprintf(why, len, "an answer is needed (help: the answers)");
		return -1;
	}
	if (!strcmp(w1, "help") || !strcmp(w1, "?"))
		return 1;
	if (n == 3 || (n == 2 && strcasecmp(w2, "always"))) {
		snprintf(why, len, "'%s': only \"always\" may follow the answer", line);
		return -1;
	}
	ans->always = n == 2;
	if (!strcmp(w1, "permit")) {
		ans->verdict = SYSTRACE_VERDICT_PERMIT;
		snprintf(ans->action, sizeof(ans->action), "permit");
		return 0;
	}
	if (!strcmp(w1, "deny")) {
		ans->verdict = SYSTRACE_VERDICT_DENY;
		ans->err = EPERM;
		snprintf(ans->action, sizeof(ans->action), "deny");
		return 0;
	}
	lb = strchr(w1, '[');
	if (!strncmp(w1, "deny[", 5) && lb && w1[strlen(w1) - 1] == ']') {
		w1[strlen(w1) - 1] = '\0';
		ans->err = st_errno_parse(lb + 1);
		if (ans->err <= 0) {
			snprintf(why, len, "'%s': not an errno name (enoent, eacces, ...)", lb + 1);
			return -1;
		}
		ans->verdict = SYSTRACE_VERDICT_DENY;
		snprintf(ans->action, sizeof(ans->action), "deny[%s]", lb + 1);
		return 0;
	}
	snprintf(why, len, "'%s': not an answer (help: the answers)", line);
	return -1;
}

/*
 * Without an ACK, the kernel's reply to every answer, read with a
 * recvmsg() of its own: only a failure comes back, as an error message,
 * and it is in the socket when send() returns (generic netlink handles a
 * request in the sender's call): read here, with the questions that came
 * meanwhile.
 */
static int send_answer(struct agent *a, const struct question *q,
		       const struct answer *ans)
{
	int ret;

	ret = st_req_answer_noack(a->nl, q->h.qid, ans->verdict, ans->err,
				  &a->ans_seq);
	if (ret < 0)
		return ret;
	a->ans_err = 0;
	st_nl_drain(a->nl, "questions");
	return a->ans_err;
}

/* "always": the policy file (polfile.c). */

/* The source file of @name, or NULL. */
static const char *source_of(struct agent *a, const char *name, char *buf,
			     size_t len)
{
	if (a->own && !strcmp(name, a->own->name))
		return a->own->src;
	return st_src_lookup(name, buf, len) == 0 ? buf : NULL;
}

/* Load @name again from @src: 0 or -errno (printed). */
static int reload(struct agent *a, const char *name, const char *src)
{
	int own = a->own && !strcmp(name, a->own->name);
	struct st_load_opts lo = { .owner = ST_NO_OWNER };
	unsigned char *img;
	size_t len;
	int mode, ret;

	mode = own ? a->own->mode : st_image_mode(a->nl, name);
	if (mode < 0) {
		fprintf(stderr, "systracectl: %s is not loaded: the rule is in %s for its next load\n",
			name, src);
		return 0;
	}
	if (st_read_policy(src, &img, &len) < 0)
		return -EINVAL;
	lo.name = name;
	lo.mode = mode;
	lo.agent = own;
	lo.timeout = own ? a->own->timeout : 0;
	ret = st_load(a->nl, &lo, img, len);
	free(img);
	if (ret < 0)
		fprintf(stderr, "systracectl: load %s: %s\n", name,
			st_kerr(a->nl, ret));
	return ret;
}

/* Add the rule answering @q to its policy file and reload it. */
static int always(struct agent *a, struct question *q,
		  const struct answer *ans, char *rule, size_t rlen)
{
	char srcbuf[PATH_MAX], emu[32];
	const char *src = source_of(a, q->h.name, srcbuf, sizeof(srcbuf));
	char *text, line[ST_RULE_MAX + 2];
	size_t len = 0, at;
	int ret;

	if (!src) {
		fprintf(stderr, "systracectl: no policy file is known for %s (see systracectl(8), ask): answered this once\n",
			q->h.name);
		return -ENOENT;
	}
	text = st_file_read(src, &len);
	if (!text) {
		fprintf(stderr, "systracectl: %s: %s: answered this once\n", src,
			strerror(errno));
		return -errno;
	}
	at = st_policy_insert_point(text, len, q->h.exe, emu, sizeof(emu));
	/*
	 * A section has one emulation (policyc): an ia32 call's rule in a
	 * native section would name another call, or none.
	 */
	if (q->h.emulation[0] && strcmp(emu, q->h.emulation)) {
		free(text);
		fprintf(stderr, "systracectl: %s: the call is %s-%s and the policy of %s in %s is %s: answered this once\n",
			q->h.name, q->h.emulation, q->h.call, q->h.exe, src, emu);
		return -EXDEV;
	}
	question_args(q);
	/* From the arguments' attributes, never from the text. */
	if (ans->tail)
		ret = st_filter_rule(emu, q->h.call, ans->tail, NULL, rule, rlen);
	else if (ans->filter)
		ret = st_filter_rule(emu, q->h.call, ans->filter, ans->action, rule, rlen);
	else
		ret = st_rule_text(emu, q->h.call, q->rargs, q->nargs, NULL,
				   ans->action, rule, rlen);
	if (ret < 0) {
		free(text);
		fprintf(stderr, "systracectl: no rule for %s, %s: %s: answered this once\n",
			q->h.call, q->h.args, st_rule_strerror(ret));
		return ret;
	}
	snprintf(line, sizeof(line), "%s%s\n",
		 at > 0 && text[at - 1] != '\n' ? "\n" : "", rule);
	ret = st_file_replace(src, text, at, line, strlen(line), text + at, len - at);
	if (ret < 0) {
		fprintf(stderr, "systracectl: %s: %s: answered this once\n", src,
			strerror(-ret));
		free(text);
		return ret;
	}
	ret = reload(a, q->h.name, src);
	if (ret < 0) {
		/* Leave the file as it was: a rule that does not load helps
		 * nobody. */
		st_file_replace(src, text, len, "", 0, "", 0);
		fprintf(stderr, "systracectl: %s restored; answered this once\n", src);
	}
	free(text);
	return ret;
}

/* @q as the hook sees it; whether the hook took @line (into @r). */
static int hook_q(struct agent *a, const struct question *q, const char *line,
		  struct st_hook_answer *r)
{
	char srcbuf[PATH_MAX];
	struct st_agent_q hq = {
		.pid = q->h.pid, .uid = q->h.uid, .name = q->h.name, .call = q->h.call,
		.args = q->h.args, .exe = q->h.exe,
		.src = source_of(a, q->h.name, srcbuf, sizeof(srcbuf)),
	};

	memset(r, 0, sizeof(*r));
	if (!line)
		return st_agent_auto && (line = st_agent_auto(&hq)) &&
		       snprintf(r->line, sizeof(r->line), "%s", line) > 0;
	return st_agent_hook(&hq, line, r, a->out);
}

/* Answer the head question with @line; 0 when done, 1 to ask again. */
static int handle(struct agent *a, const char *line)
{
	struct question *q = a->head, **pp;
	char why[PATH_MAX + 64], rule[ST_RULE_MAX];
	struct st_hook_answer hook;
	struct answer ans;
	int ret, kill_it = 0;

	/*
	 * Not an initializer: that zeroes all of rule (33 KB since a rule
	 * holds two PATH_MAX values) for every answer, most of them "permit".
	 */
	rule[0] = '\0';
	hook.filter[0] = '\0';
	/* systrace(1)'s answers, translated to ours (sysanswer.c). */
	if (st_agent_hook && hook_q(a, q, line, &hook)) {
		if (hook.again) {
			fflush(a->out);
			return 1;
		}
		line = hook.line;
		kill_it = hook.kill;
	}
	ret = parse_answer(line, &ans, why, sizeof(why));
	if (!ret && st_agent_hook && hook.filter[0])
		ans.tail = hook.filter;
	if (ret == 1 || ret < 0) {
		if (ret < 0)
			fprintf(a->out, "%s%s\n", a->tty ? "" : "systracectl: ", why);
		if (ret == 1 || a->tty)
			fputs(help_text, a->out);
		fflush(a->out);
		if (!a->tty) {
			/* A script's line that is no answer: deny, and say so. */
			fprintf(stderr, "systracectl: question %llu: denied\n",
				(unsigned long long)q->h.qid);
			ans.verdict = SYSTRACE_VERDICT_DENY;
			ans.err = EPERM;
			ans.always = 0;
			snprintf(ans.action, sizeof(ans.action), "deny");
		} else {
			return 1;
		}
	}
	if (ans.always && always(a, q, &ans, rule, sizeof(rule)) < 0)
		rule[0] = '\0';
	pop(a);
	/* "kill": the task dies in its call, which never runs. */
	if (kill_it && q->h.pid)
		kill(q->h.pid, SIGKILL);
	ret = send_answer(a, q, &ans);
	fprintf(a->out, "answer %llu: %s%s%s%s\n",
	       (unsigned long long)q->h.qid, ans.action,
	       rule[0] ? " always: " : "", rule,
	       kill_it ? " (killed)" : ret == -ENOENT ? " (too late: the question is gone, the kernel denied it)" : "");
	if (ret < 0 && ret != -ENOENT)
		fprintf(stderr, "systracectl: answer %llu: %s\n",
			(unsigned long long)q->h.qid, st_nl_strerror(a->nl, ret));
	a->answered++;
	/* On a terminal, what the new rule covers is not asked twice. */
	if (rule[0] && a->tty) {
		for (pp = &a->head; *pp;) {
			struct question *d = *pp;
			char r2[ST_RULE_MAX];

			if (strcmp(d->h.name, q->h.name) || strcmp(d->h.call, q->h.call)) {
				pp = &d->next;
				continue;
			}
			question_args(d);
			if (st_rule_text("native", d->h.call, d->rargs, d->nargs,
					 NULL, ans.action, r2, sizeof(r2)) < 0 ||
			    strcmp(strchr(r2, ':'), strchr(rule, ':'))) {
				pp = &d->next;
				continue;
			}
			*pp = d->next;
			a->nqueued--;
			send_answer(a, d, &ans);
			fprintf(a->out, "answer %llu: %s (the same rule)\n",
			       (unsigned long long)d->h.qid, ans.action);
			question_free(d);
		}
		a->tail = &a->head;
		while (*a->tail)
			a->tail = &(*a->tail)->next;
	}
	if (a->tty)
		fflush(a->out);
	question_free(q);
	return 0;
}

/* On a terminal: drop questions the kernel no longer waits for. */
static void expire(struct agent *a)
{
	while (a->tty && a->head && a->head->h.timeout && seconds_left(a->head) < 0) {
		struct question *q = pop(a);

		/* The question on screen is gone: so is its prompt (an answer
		 * typed now would answer the next one, never shown). */
		prompt_set(a, 0);
		fprintf(a->out, "\n%s(%u): native-%s: no answer in %u s, denied by the kernel\n",
		       q->h.prog, q->h.pid, q->h.call, q->h.timeout);
		question_free(q);
	}
}

/* Show the question at the head, if not shown yet. */
static void next_prompt(struct agent *a)
{
	struct st_hook_answer auto_ans;

	expire(a);
	/* Answered without asking (systrace: a detached process). */
	while (a->head && !a->prompting && st_agent_auto &&
	       hook_q(a, a->head, NULL, &auto_ans))
		handle(a, auto_ans.line);
	if (a->head && !a->prompting) {
		show(a, a->head);
		prompt_set(a, 1);
	}
}

/* The next complete line of a script, or NULL. */
static char *next_line(struct agent *a, char *buf, size_t len)
{
	char *nl = a->in ? memchr(a->in, '\n', a->inlen) : NULL;
	size_t n;

	if (!nl && !(a->eof && a->inlen))
		return NULL;
	n = nl ? (size_t)(nl - a->in) : a->inlen;
	snprintf(buf, len, "%.*s", (int)n, a->in);
	n = nl ? n + 1 : n;
	memmove(a->in, a->in + n, a->inlen - n);
	a->inlen -= n;
	buf[strcspn(buf, "\r")] = '\0';
	return buf;
}

/*
 * A key at the prompt, read and handled by libedit: on Enter, the line is
 * the answer. A key typed while no question waits is dropped.
 */
static int read_key(struct agent *a)
{
	char line[4096];
	const char *s;
	HistEvent ev;
	int n;

	if (!a->prompting) {
		char buf[256];
		ssize_t r = read(a->in_fd, buf, sizeof(buf));

		if (r < 0)
			return errno == EINTR || errno == EAGAIN ? 0 : -errno;
		a->eof = r == 0;
		return 0;
	}
	/*
	 * One key, or one key sequence read to its end (after an Escape, the
	 * agent waits for the rest; questions queue in the socket meanwhile).
	 * An empty line comes back as NULL, as a failed read does: EIO is a
	 * terminal whose other side closed (a hangup is poll()'s POLLHUP,
	 * st_agent_serve()).
	 */
	errno = 0;
	s = el_gets(a->el, &n);
	if (!s) {
		a->eof = errno == EIO;
		return 0;
	}
	if (n <= 0 || s[n - 1] != '\n')
		return 0;
	snprintf(line, sizeof(line), "%.*s", n - 1, s);
	prompt_set(a, 0);
	if (line[0])
		history(a->hist, &ev, H_ENTER, line);
	handle(a, line);
	next_prompt(a);
	return 0;
}

static int read_input(struct agent *a)
{
	char buf[4096];
	ssize_t n;

	if (a->tty)
		return read_key(a);
	n = read(a->in_fd, buf, sizeof(buf));
	if (n < 0)
		return errno == EINTR || errno == EAGAIN ? 0 : -errno;
	if (n == 0) {
		a->eof = 1;
		return 0;
	}
	if (a->inlen + n > a->incap) {
		size_t cap = (a->inlen + n) * 2;
		char *p = realloc(a->in, cap);

		if (!p)
			return -ENOMEM;
		a->in = p;
		a->incap = cap;
	}
	memcpy(a->in + a->inlen, buf, n);
	a->inlen += n;
	return 0;
}

/* The end of agent_output(): the terminal as it was, its stream closed. */
static void agent_output_close(struct agent *a)
{
	if (a->tty && a->prompting) {
		prompt_set(a, 0);
		fprintf(a->out, "\n");
	}
	editor_close(a);
	agent_saved_tty = NULL;
	if (a->out != stdout && a->out != stderr)
		fclose(a->out);
	else
		fflush(a->out);
}

/*
 * Where questions and answers go: the terminal @in_fd is (with its line
 * editor); else standard output for ask, standard error for run (its
 * output is the command's). 0, or -1 when the editor cannot be set up.
 */
static int agent_output(struct agent *a, int in_fd)
{
	int fd;

	a->tty = isatty(in_fd);
	a->out = a->own ? stderr : stdout;
	if (a->tty && tcgetattr(in_fd, &a->saved) == 0) {
		agent_saved_tty = &a->saved;
		agent_tty_fd = in_fd;
		fd = dup(in_fd);
		a->out = fd >= 0 ? fdopen(fd, "w") : NULL;
		if (!a->out) {
			if (fd >= 0)
				close(fd);
			a->out = stdout;
		}
	} else {
		a->tty = 0;
	}
	if (a->tty && editor_open(a)) {
		fprintf(stderr, "systracectl: cannot set up the terminal's line editor\n");
		agent_output_close(a);
		return -1;
	}
	return 0;
}

int st_agent_serve(struct st_nl *nl, int in_fd, int stop_fd,
		   const struct st_agent_own *own)
{
	struct agent a = { .nl = nl, .own = own, .in_fd = in_fd };
	struct sigaction sa = { .sa_handler = on_signal };
	int size = ST_AGENT_RCVBUF, ret = ST_EXIT_OK, readable = 1;
	char line[4096];

	a.tail = &a.head;
	if (agent_output(&a, in_fd))
		return ST_EXIT_FAIL;
	/* Questions queue in the socket until read: room for many. */
	if (st_nl_listen(nl, size, on_msg, &a)) {
		agent_output_close(&a);
		return ST_EXIT_FAIL;
	}
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	if (!own)
		sigaction(SIGINT, &sa, NULL);
	agent_stop = 0;

	while (!agent_stop) {
		struct pollfd p[3];
		int np = 0, in_i = -1, stop_i = -1;

		/*
		 * One read when poll() says so (a question at a time: poll()
		 * says so again while more wait); every answer reads all
		 * that came before it (send_answer()).
		 */
		if (readable)
			st_nl_read(a.nl, "questions");
		readable = 0;
		next_prompt(&a);
		if (!a.tty && a.head) {
			if (next_line(&a, line, sizeof(line))) {
				prompt_set(&a, 0);
				handle(&a, line);
				continue;
			}
			if (a.eof) {
				/* No more answers: what is asked from now on
				 * the kernel denies, when this socket closes. */
				if (!st_agent_auto) {
					fprintf(stderr, "systracectl: the answers ended (end of input): question %llu and those after it are denied\n",
						a.head->h.qid);
					break;
				}
				/* systrace: a detached process still gets its
				 * answers until the command ends; the others
				 * are denied, as the kernel would. */
				handle(&a, "deny-now");
				continue;
			}
		}
		if (!a.tty && a.eof && !a.inlen && !a.head && !st_agent_auto) {
			/* A run's command may go on asking: say who denies
			 * it (systracectl ask ends at the end of its input,
			 * as it says it does). */
			if (a.own)
				fprintf(stderr, "systracectl: the answers ended (end of input): the questions from now on are denied\n");
			break;
		}
		p[np] = (struct pollfd){ .fd = nl_socket_get_fd(nl->sk), .events = POLLIN };
		np++;
		if (!a.eof) {
			in_i = np;
			p[np++] = (struct pollfd){ .fd = in_fd, .events = POLLIN };
		}
		if (stop_fd >= 0) {
			stop_i = np;
			p[np++] = (struct pollfd){ .fd = stop_fd, .events = POLLIN };
		}
		/*
		 * What a script reads is written when the agent waits, not
		 * line by line: one write() for a question and its answer.
		 */
		fflush(a.out);
		/* Wake up each second on a terminal, to expire questions. */
		if (poll(p, np, a.tty && a.head ? 1000 : -1) < 0) {
			if (errno == EINTR)
				continue;
			ret = ST_EXIT_FAIL;
			break;
		}
		readable = p[0].revents != 0;
		if (stop_i >= 0 && p[stop_i].revents)
			break;
		/* A terminal hung up, or its other side closed. */
		if (in_i >= 0 && a.tty && (p[in_i].revents & (POLLHUP | POLLERR | POLLNVAL)))
			break;
		if (in_i >= 0 && p[in_i].revents) {
			if (read_input(&a) < 0) {
				ret = ST_EXIT_FAIL;
				break;
			}
			if (a.tty && a.eof)
				break;
		}
	}
	agent_output_close(&a);
	st_nl_unlisten(nl);
	while (a.head)
		question_free(pop(&a));
	free(a.in);
	return ret;
}

int st_agent_always(struct st_nl *nl, const struct st_agent_own *own,
		    const char *name, const char *exe, const char *emulation,
		    const char *call, const struct st_rarg *args, int nargs,
		    const char *action, const char *filter, char *rule,
		    size_t rlen)
{
	struct agent a = { .nl = nl, .own = own };
	struct answer ans = { .filter = filter };
	struct question *q = calloc(1, sizeof(*q));
	int ret;

	if (!q)
		return -ENOMEM;
	snprintf(q->h.name, sizeof(q->h.name), "%s", name);
	snprintf(q->h.exe, sizeof(q->h.exe), "%s", exe);
	snprintf(q->h.call, sizeof(q->h.call), "%s", call);
	snprintf(q->h.emulation, sizeof(q->h.emulation), "%s", emulation);
	/* Borrowed: always() only reads them. */
	q->rargs = args;
	q->nargs = nargs;
	q->parsed = 1;
	snprintf(ans.action, sizeof(ans.action), "%s", action);
	ret = always(&a, q, &ans, rule, rlen);
	free(q);
	return ret;
}
