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
 * The line editor is a small one over termios (no readline: GPL-3, and
 * the prompt must share the loop with the socket).
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
#include <sys/socket.h>
#include <sys/stat.h>
#include <linux/systrace.h>

#include "nl.h"
#include "request.h"
#include "systracectl.h"

/* Largest socket receive buffer asked for: 1,000 questions in flight. */
#define AGENT_RCVBUF	(64 << 20)
#define LINE_MAX_ED	256
#define HISTORY		32

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

struct editor {
	char buf[LINE_MAX_ED];
	int len, pos;
	int esc;		/* 0, 1 after ESC, 2 in a CSI sequence */
	char seq[8];
	int seqlen;
	char hist[HISTORY][LINE_MAX_ED];
	int nhist, hpos;
};

struct agent {
	struct st_nl *nl;
	struct nl_cb *cb;
	const struct st_agent_own *own;
	struct question *head, **tail;
	int nqueued;
	int in_fd, tty, raw, eof, prompting;
	struct termios saved;
	struct editor ed;
	FILE *out;		/* the terminal, or the transcript */
	char *in;		/* lines not yet used (not a terminal) */
	size_t inlen, incap;
	unsigned long answered;
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

static void raw_on(struct agent *a)
{
	struct termios t;

	if (!a->tty || a->raw)
		return;
	t = a->saved;
	t.c_lflag &= ~(ICANON | ECHO);
	t.c_cc[VMIN] = 1;
	t.c_cc[VTIME] = 0;
	tcsetattr(a->in_fd, TCSANOW, &t);
	a->raw = 1;
}

static void raw_off(struct agent *a)
{
	if (!a->raw)
		return;
	tcsetattr(a->in_fd, TCSANOW, &a->saved);
	a->raw = 0;
}

/* A question from the kernel (also while st_nl_call() waits). */
static int on_msg(struct nl_msg *msg, void *arg)
{
	struct agent *a = arg;
	struct question *q;
	struct st_report r;

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

static int no_seq_check(struct nl_msg *msg, void *arg)
{
	(void)msg;
	(void)arg;
	return NL_OK;
}

/* Read every message waiting on the socket; never blocks. */
static void drain(struct agent *a)
{
	struct pollfd p = { .fd = nl_socket_get_fd(a->nl->sk), .events = POLLIN };
	int ret;

	while (poll(&p, 1, 0) > 0 && (p.revents & POLLIN)) {
		ret = nl_recvmsgs(a->nl->sk, a->cb);
		if (ret < 0 && ret != -NLE_AGAIN && ret != -NLE_INTR) {
			fprintf(stderr, "systracectl: receiving questions: %s\n",
				nl_geterror(ret));
			break;
		}
	}
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

static const char *user_name(uint32_t uid, char *buf, size_t len)
{
	struct passwd *pw = getpwuid(uid);

	if (pw)
		snprintf(buf, len, "%s", pw->pw_name);
	else
		snprintf(buf, len, "%u", uid);
	return buf;
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
	char user[64], prog[80], name[4 * sizeof(q->h.name)];

	/* The task named itself and a user may name an image: quoted as in
	 * the kernel log, no byte of theirs reaches the terminal raw. */
	user_name(q->h.uid, user, sizeof(user));
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
	fflush(a->out);
}

/* The line editor. */

static void prompt_text(struct agent *a, char *buf, size_t len)
{
	if (a->nqueued > 1)
		snprintf(buf, len, "answer (%d more waiting)? ", a->nqueued - 1);
	else
		snprintf(buf, len, "answer? ");
}

static void redraw(struct agent *a)
{
	char p[64];

	prompt_text(a, p, sizeof(p));
	fprintf(a->out, "\r%s%.*s\x1b[K", p, a->ed.len, a->ed.buf);
	if (a->ed.pos < a->ed.len)
		fprintf(a->out, "\x1b[%dD", a->ed.len - a->ed.pos);
	fflush(a->out);
}

static void ed_insert(struct editor *e, char c)
{
	if (e->len + 1 >= LINE_MAX_ED)
		return;
	memmove(e->buf + e->pos + 1, e->buf + e->pos, e->len - e->pos);
	e->buf[e->pos++] = c;
	e->len++;
}

static void ed_delete(struct editor *e, int from, int to)
{
	if (from < 0)
		from = 0;
	if (to > e->len)
		to = e->len;
	if (from >= to)
		return;
	memmove(e->buf + from, e->buf + to, e->len - to);
	e->len -= to - from;
	if (e->pos > to)
		e->pos -= to - from;
	else if (e->pos > from)
		e->pos = from;
}

static void ed_set(struct editor *e, const char *s)
{
	snprintf(e->buf, sizeof(e->buf), "%s", s);
	e->len = e->pos = strlen(e->buf);
}

static void ed_history(struct editor *e, int dir)
{
	int h = e->hpos + dir;

	if (h < 0 || h > e->nhist)
		return;
	e->hpos = h;
	ed_set(e, h == e->nhist ? "" : e->hist[h]);
}

/* Escape sequences: arrows, Home, End, Delete. */
static void ed_escape(struct editor *e, char c)
{
	if (e->esc == 1) {
		e->esc = (c == '[' || c == 'O') ? 2 : 0;
		e->seqlen = 0;
		return;
	}
	if (isdigit((unsigned char)c) || c == ';') {
		if (e->seqlen < (int)sizeof(e->seq) - 1)
			e->seq[e->seqlen++] = c;
		return;
	}
	e->seq[e->seqlen] = '\0';
	e->esc = 0;
	switch (c) {
	case 'A': ed_history(e, -1); break;
	case 'B': ed_history(e, 1); break;
	case 'C': if (e->pos < e->len) e->pos++; break;
	case 'D': if (e->pos > 0) e->pos--; break;
	case 'H': e->pos = 0; break;
	case 'F': e->pos = e->len; break;
	case '~':
		if (!strcmp(e->seq, "3"))
			ed_delete(e, e->pos, e->pos + 1);
		else if (!strcmp(e->seq, "1") || !strcmp(e->seq, "7"))
			e->pos = 0;
		else if (!strcmp(e->seq, "4") || !strcmp(e->seq, "8"))
			e->pos = e->len;
		break;
	}
}

/* One byte typed; 1 when a line is complete (in e->buf). */
static int ed_feed(struct editor *e, unsigned char c)
{
	int i;

	if (e->esc) {
		ed_escape(e, c);
		return 0;
	}
	switch (c) {
	case '\r':
	case '\n':
		e->buf[e->len] = '\0';
		return 1;
	case 0x1b: e->esc = 1; break;
	case 0x7f:
	case 0x08: ed_delete(e, e->pos - 1, e->pos); break;
	case 0x01: e->pos = 0; break;				/* ^A */
	case 0x05: e->pos = e->len; break;			/* ^E */
	case 0x02: if (e->pos > 0) e->pos--; break;		/* ^B */
	case 0x06: if (e->pos < e->len) e->pos++; break;	/* ^F */
	case 0x04: ed_delete(e, e->pos, e->pos + 1); break;	/* ^D */
	case 0x0b: ed_delete(e, e->pos, e->len); break;		/* ^K */
	case 0x15: ed_delete(e, 0, e->pos); break;		/* ^U */
	case 0x10: ed_history(e, -1); break;			/* ^P */
	case 0x0e: ed_history(e, 1); break;			/* ^N */
	case 0x17:						/* ^W */
		for (i = e->pos; i > 0 && e->buf[i - 1] == ' '; i--)
			;
		while (i > 0 && e->buf[i - 1] != ' ')
			i--;
		ed_delete(e, i, e->pos);
		break;
	default:
		if (c >= 0x20 && c < 0x7f)
			ed_insert(e, c);
		break;
	}
	return 0;
}

static void ed_remember(struct editor *e)
{
	if (!e->len)
		return;
	if (!e->nhist || strcmp(e->hist[e->nhist - 1], e->buf)) {
		if (e->nhist == HISTORY) {
			memmove(e->hist[0], e->hist[1], sizeof(e->hist[0]) * (HISTORY - 1));
			e->nhist--;
		}
		snprintf(e->hist[e->nhist++], LINE_MAX_ED, "%s", e->buf);
	}
	e->hpos = e->nhist;
}

static const char help_text[] =
	"  permit           let the call pass, this once\n"
	"  deny             refuse it (EPERM), this once\n"
	"  deny[ERRNO]      refuse it with that error: deny[enoent], deny[eacces], ...\n"
	"  ANSWER always    the same, and add the rule to the policy file and load\n"
	"                   it again: the call is not asked again\n"
	"  help             this text\n"
	"keys: Left/Right ^B/^F, Home/End ^A/^E, Backspace, Delete ^D, ^K, ^U, ^W,\n"
	"      Up/Down ^P/^N (history), Enter\n";

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

static int send_answer(struct agent *a, const struct question *q,
		       const struct answer *ans)
{
	return st_req_answer(a->nl, q->h.qid, ans->verdict, ans->err);
}

/* "always": the policy file. */

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "r");
	char *buf;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) < 0 || (n = ftell(f)) < 0) {
		fclose(f);
		return NULL;
	}
	rewind(f);
	buf = malloc(n + 1);
	if (buf && fread(buf, 1, n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	if (buf) {
		buf[n] = '\0';
		*len = n;
	}
	return buf;
}

static int write_file(const char *path, const char *a, size_t alen,
		      const char *b, size_t blen, const char *c, size_t clen)
{
	char tmp[PATH_MAX + 16];
	struct stat st;
	int fd, ret = 0;

	snprintf(tmp, sizeof(tmp), "%s.stXXXXXX", path);
	fd = mkstemp(tmp);
	if (fd < 0)
		return -errno;
	/* Keep the file's mode and, when we can, its owner. */
	if (stat(path, &st) == 0 && fchmod(fd, st.st_mode & 07777) == 0 &&
	    fchown(fd, st.st_uid, st.st_gid) < 0)
		errno = 0;
	if (write(fd, a, alen) != (ssize_t)alen ||
	    write(fd, b, blen) != (ssize_t)blen ||
	    write(fd, c, clen) != (ssize_t)clen || fsync(fd) < 0)
		ret = -errno ? -errno : -EIO;
	close(fd);
	if (!ret && rename(tmp, path) < 0)
		ret = -errno;
	if (ret)
		unlink(tmp);
	return ret;
}

/* A "Policy: PATH, Emulation: EMU" line: 1 with its path and emulation. */
static int header(const char *line, size_t len, char *path, size_t plen,
		  char *emu, size_t elen)
{
	const char *p = line, *end = line + len, *c, *e;

	while (p < end && isblank((unsigned char)*p))
		p++;
	if (end - p < 7 || strncasecmp(p, "policy:", 7))
		return 0;
	p += 7;
	while (p < end && isblank((unsigned char)*p))
		p++;
	c = memchr(p, ',', end - p);
	if (!c)
		return 0;
	for (e = c; e > p && isblank((unsigned char)e[-1]); e--)
		;
	snprintf(path, plen, "%.*s", (int)(e - p), p);
	p = c + 1;
	while (p < end && isblank((unsigned char)*p))
		p++;
	snprintf(emu, elen, "native");
	if (end - p >= 10 && !strncasecmp(p, "emulation:", 10)) {
		p += 10;
		while (p < end && isblank((unsigned char)*p))
			p++;
		for (e = p; e < end && !isspace((unsigned char)*e) && *e != '#'; e++)
			;
		snprintf(emu, elen, "%.*s", (int)(e - p), p);
	}
	return 1;
}

static int is_detached(const char *line, size_t len)
{
	while (len && isspace((unsigned char)line[len - 1]))
		len--;
	while (len && isblank((unsigned char)*line)) {
		line++;
		len--;
	}
	return len == 8 && !strncmp(line, "detached", 8);
}

static int is_rule(const char *line, size_t len)
{
	while (len && isspace((unsigned char)*line)) {
		line++;
		len--;
	}
	return len && *line != '#';
}

/*
 * Where a rule for a task running @exe goes: the end of the section whose
 * header names @exe; else the end of the first policy of the file (the
 * one systracectl run confines with). Sets the section's emulation.
 */
static size_t insert_point(const char *text, size_t len, const char *exe,
			   char *emu, size_t elen)
{
	size_t off = 0, first_end = len, match_end = len, eol;
	int nsec = 0, fragment = 0, in_match = 0, matched = 0;
	char path[PATH_MAX], e[32], first_emu[32] = "native";

	snprintf(emu, elen, "native");
	while (off < len) {
		const char *line = text + off;
		const char *nl = memchr(line, '\n', len - off);

		eol = nl ? (size_t)(nl - text) + 1 : len;
		if (header(line, eol - off, path, sizeof(path), e, sizeof(e))) {
			if (in_match) {
				match_end = off;
				in_match = 0;
			}
			if ((nsec == 1 && !fragment) || (nsec == 0 && fragment))
				first_end = off;
			if (nsec == 0 && !fragment)
				snprintf(first_emu, sizeof(first_emu), "%s", e);
			nsec++;
			if (!matched && exe[0] && !strcmp(path, exe)) {
				matched = in_match = 1;
				snprintf(emu, elen, "%s", e);
			}
		} else if (is_detached(line, eol - off)) {
			if (in_match) {
				match_end = off;
				in_match = 0;
			}
			if (nsec == 1 && !fragment && first_end == len)
				first_end = off;
		} else if (nsec == 0 && is_rule(line, eol - off)) {
			fragment = 1;
		}
		off = eol;
	}
	if (matched)
		return match_end;
	if (!fragment)
		snprintf(emu, elen, "%s", first_emu);
	return first_end;
}

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
			st_nl_strerror(a->nl, ret));
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
	text = read_file(src, &len);
	if (!text) {
		fprintf(stderr, "systracectl: %s: %s: answered this once\n", src,
			strerror(errno));
		return -errno;
	}
	at = insert_point(text, len, q->h.exe, emu, sizeof(emu));
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
	ret = write_file(src, text, at, line, strlen(line), text + at, len - at);
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
		write_file(src, text, len, "", 0, "", 0);
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
	fflush(a->out);
	question_free(q);
	return 0;
}

/* On a terminal: drop questions the kernel no longer waits for. */
static void expire(struct agent *a)
{
	while (a->tty && a->head && a->head->h.timeout && seconds_left(a->head) < 0) {
		struct question *q = pop(a);

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
		a->prompting = 1;
		if (a->tty) {
			raw_on(a);
			redraw(a);
		}
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

static int read_input(struct agent *a)
{
	char buf[4096];
	ssize_t n = read(a->in_fd, buf, sizeof(buf));
	ssize_t i;

	if (n < 0)
		return errno == EINTR || errno == EAGAIN ? 0 : -errno;
	if (n == 0) {
		a->eof = 1;
		return 0;
	}
	if (a->tty) {
		for (i = 0; i < n; i++) {
			if (!a->head || !a->prompting)
				continue;
			if (ed_feed(&a->ed, buf[i])) {
				fprintf(a->out, "\n");
				ed_remember(&a->ed);
				a->prompting = 0;
				handle(a, a->ed.buf);
				ed_set(&a->ed, "");
				a->ed.hpos = a->ed.nhist;
				next_prompt(a);
			} else {
				redraw(a);
			}
		}
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

int st_agent_serve(struct st_nl *nl, int in_fd, int stop_fd,
		   const struct st_agent_own *own)
{
	struct agent a = { .nl = nl, .own = own, .in_fd = in_fd };
	struct sigaction sa = { .sa_handler = on_signal };
	int size = AGENT_RCVBUF, ret = ST_EXIT_OK, fd;
	char line[4096];

	a.tail = &a.head;
	a.tty = isatty(in_fd);
	/* Questions and answers: on the terminal; else on standard output for
	 * ask, on standard error for run (its output is the command's). */
	a.out = own ? stderr : stdout;
	if (a.tty && tcgetattr(in_fd, &a.saved) == 0) {
		agent_saved_tty = &a.saved;
		agent_tty_fd = in_fd;
		fd = dup(in_fd);
		a.out = fd >= 0 ? fdopen(fd, "w") : NULL;
		if (!a.out) {
			if (fd >= 0)
				close(fd);
			a.out = stdout;
		}
	} else {
		a.tty = 0;
	}
	/* Questions queue in the socket until read: room for many. */
	if (setsockopt(nl_socket_get_fd(nl->sk), SOL_SOCKET, SO_RCVBUFFORCE,
		       &size, sizeof(size)) < 0)
		setsockopt(nl_socket_get_fd(nl->sk), SOL_SOCKET, SO_RCVBUF,
			   &size, sizeof(size));
	nl_socket_enable_msg_peek(nl->sk);
	a.cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!a.cb)
		return ST_EXIT_FAIL;
	nl_cb_set(a.cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, no_seq_check, NULL);
	nl_cb_set(a.cb, NL_CB_VALID, NL_CB_CUSTOM, on_msg, &a);
	nl->unsolicited = on_msg;
	nl->unsolicited_arg = &a;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	if (!own)
		sigaction(SIGINT, &sa, NULL);
	agent_stop = 0;

	while (!agent_stop) {
		struct pollfd p[3];
		int np = 0, in_i = -1, stop_i = -1;

		drain(&a);
		next_prompt(&a);
		if (!a.tty && a.head) {
			if (next_line(&a, line, sizeof(line))) {
				a.prompting = 0;
				handle(&a, line);
				continue;
			}
			if (a.eof) {
				/* No more answers: what is asked from now on
				 * the kernel denies, when this socket closes. */
				if (!st_agent_auto)
					break;
				/* systrace: a detached process still gets its
				 * answers until the command ends; the others
				 * are denied, as the kernel would. */
				handle(&a, "deny-now");
				continue;
			}
		}
		if (!a.tty && a.eof && !a.inlen && !a.head && !st_agent_auto)
			break;
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
		/* Wake up each second on a terminal, to expire questions. */
		if (poll(p, np, a.tty && a.head ? 1000 : -1) < 0) {
			if (errno == EINTR)
				continue;
			ret = ST_EXIT_FAIL;
			break;
		}
		if (stop_i >= 0 && p[stop_i].revents)
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
	raw_off(&a);
	if (a.tty && a.prompting)
		fprintf(a.out, "\n");
	agent_saved_tty = NULL;
	nl->unsolicited = NULL;
	while (a.head)
		question_free(pop(&a));
	nl_cb_put(a.cb);
	free(a.in);
	if (a.out != stdout && a.out != stderr)
		fclose(a.out);
	else
		fflush(a.out);
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
