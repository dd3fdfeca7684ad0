// SPDX-License-Identifier: GPL-2.0
/*
 * The agent protocol (Documentation/agent-protocol.rst): questions from
 * the kernel written as JSON lines, answers read as JSON lines, for any
 * front end (xsystrace, a script, "ssh host systracectl ask --json").
 * Used by "systracectl ask --json" and "systracectl run -g PROG".
 *
 * Every question is written as soon as the kernel asks; the front end
 * answers them in any order, by id. A line that is no valid answer gets an
 * error line and changes nothing: the question waits for another answer
 * or the kernel's timeout, which denies it (an "expired" line). When the
 * front end goes away the loop ends and the caller closes the socket: the
 * kernel denies every question still waiting. Nothing here permits a call
 * the front end did not permit.
 */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <jansson.h>
#include <linux/systrace.h>

#include "nl.h"
#include "request.h"
#include "systracectl.h"

#define JSON_LINE_MAX	(64 * 1024)

struct jq {
	struct jq *next;
	struct st_question h;	/* what it asks (st_question_take()) */
	int sent;
	/* The arguments, from their attributes (st_rargs_dup()'s copies),
	 * or nargs < 0: not all of them, no rule is made. */
	struct st_rarg rargs[ST_ARGS_N];
	int nargs;
};

static void jq_free(struct jq *q)
{
	if (!q)
		return;
	if (q->nargs > 0)
		st_rargs_free(q->rargs, q->nargs);
	free(q);
}

struct ja {
	struct st_nl *nl;
	const struct st_agent_own *own;
	struct jq *head;
	int in_fd, out_fd, eof, broken;
	char *in;
	size_t inlen, incap;
};

static volatile sig_atomic_t ja_stop;

static void ja_signal(int sig)
{
	ja_stop = sig;
}

int st_filter_rule(const char *emulation, const char *call, const char *filter,
		   const char *action, char *buf, size_t len)
{
	/* One rule, one line: a line break would add rules of its own. */
	if (!filter[0] || strpbrk(filter, "\n\r"))
		return -EINVAL;
	call = st_call_name(call);
	if (!action) {
		/* systrace's filter answer: "EXPR then ACTION", whole. */
		if ((size_t)snprintf(buf, len, "%s-%s: %s", emulation, call,
				     filter) >= len)
			return -E2BIG;
	} else if (!strcmp(filter, "true"))
		snprintf(buf, len, "%s-%s: %s", emulation, call, action);
	else if ((size_t)snprintf(buf, len, "%s-%s: %s then %s", emulation, call,
				  filter, action) >= len)
		return -E2BIG;
	return 0;
}

/* Write one object as a line; the front end gone: a->broken. */
static void emit(struct ja *a, json_t *o)
{
	char *s = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER |
				 JSON_ENSURE_ASCII) : NULL;
	size_t len, off = 0;
	char *line;
	ssize_t n;

	json_decref(o);
	if (!s || a->broken) {
		free(s);
		return;
	}
	len = strlen(s);
	line = realloc(s, len + 2);
	if (!line) {
		free(s);
		return;
	}
	line[len++] = '\n';
	while (off < len) {
		n = write(a->out_fd, line + off, len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			a->broken = 1;
			break;
		}
		off += n;
	}
	free(line);
}

static void emit_error(struct ja *a, const json_t *id, const char *code,
		       const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void emit_error(struct ja *a, const json_t *id, const char *code,
		       const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	emit(a, json_pack("{s:s, s:O, s:s, s:s}", "type", "error",
			  "id", id ? (json_t *)id : json_null(), "code", code,
			  "message", msg));
}

static int on_ask(struct nl_msg *msg, void *arg)
{
	struct ja *a = arg;
	struct jq *q, **pp;
	struct st_report r;

	if (st_report_parse(msg, &r) || r.cmd != SYSTRACE_CMD_ASK || !r.has_qid)
		return NL_SKIP;
	q = calloc(1, sizeof(*q));
	if (!q || (r.nargs > 0 && st_rargs_dup(r.args, r.nargs, q->rargs))) {
		free(q);
		fprintf(stderr, "systracectl: out of memory: a question is left to time out\n");
		return NL_SKIP;
	}
	q->nargs = r.nargs;
	st_question_take(&r, &q->h);
	for (pp = &a->head; *pp; pp = &(*pp)->next)
		;
	*pp = q;
	return NL_OK;
}

static long ms_left(const struct jq *q)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (long)q->h.timeout * 1000 - ((now.tv_sec - q->h.got.tv_sec) * 1000 +
					   (now.tv_nsec - q->h.got.tv_nsec) / 1000000);
}

/* A directory filter for a question on one file: filename match "DIR/ *". */
static int dir_filter(const char *exact, const char *home, char *buf, size_t len)
{
	const char *v, *slash;
	size_t hl = home ? strlen(home) : 0;

	if (strncmp(exact, "filename eq \"", 13) || strstr(exact, " and "))
		return 0;
	v = exact + 13;
	/* Quoting and pattern characters: left to the person. */
	if (strpbrk(v, "\\*?[$") || strchr(v, '"') != v + strlen(v) - 1)
		return 0;
	slash = strrchr(v, '/');
	if (!slash || slash == v)
		return 0;
	if (hl > 1 && !strncmp(v, home, hl) && (v[hl] == '/' || v + hl == slash))
		snprintf(buf, len, "filename match \"$HOME%.*s/*\"",
			 (int)(slash - v - hl), v + hl);
	else
		snprintf(buf, len, "filename match \"%.*s/*\"", (int)(slash - v), v);
	return 1;
}

static json_t *suggestions(const struct jq *q, const char *home)
{
	struct st_rule_ctx ctx = { .generalise = 1, .home = home };
	char exact[ST_RULE_MAX], gen[ST_RULE_MAX], dir[ST_RULE_MAX];
	const char *call = st_call_name(q->h.call);
	json_t *s = json_array();

	if (st_rule_expr(call, q->rargs, q->nargs, NULL, exact, sizeof(exact)) < 0)
		return s;
	if (exact[0])
		json_array_append_new(s, json_pack("{s:s, s:s}", "kind", "exact",
						   "filter", exact));
	if (exact[0] &&
	    st_rule_expr(call, q->rargs, q->nargs, &ctx, gen, sizeof(gen)) == 0 &&
	    strcmp(gen, exact))
		json_array_append_new(s, json_pack("{s:s, s:s}", "kind", "generalised",
						   "filter", gen));
	if (dir_filter(exact, home, dir, sizeof(dir)))
		json_array_append_new(s, json_pack("{s:s, s:s}", "kind", "directory",
						   "filter", dir));
	json_array_append_new(s, json_pack("{s:s, s:s}", "kind", "call",
					   "filter", "true"));
	return s;
}

static void emit_question(struct ja *a, struct jq *q)
{
	struct passwd *pw = getpwuid(q->h.uid);
	json_t *o, *v, *jargs = json_object(), *cut = json_array();
	char user[32], key[80];
	int i, mode;

	snprintf(user, sizeof(user), "%u", q->h.uid);
	for (i = 0; i < q->nargs; i++) {
		const struct st_rarg *r = &q->rargs[i];

		/* JSON strings are Unicode: bytes that are not are kept as
		 * the kernel escapes them (args_text has them too). */
		v = json_stringn(r->value, r->len);
		if (!v) {
			char *esc = malloc(4 * r->len + 3);

			if (esc)
				v = json_string(st_quote_log(esc, 4 * r->len + 3,
							     r->value));
			free(esc);
		}
		if (r->index)
			snprintf(key, sizeof(key), "%s[%u]", r->name, r->index);
		else
			snprintf(key, sizeof(key), "%s", r->name);
		json_object_set_new(jargs, key, v ? v : json_string(""));
	}
	mode = a->own ? a->own->mode : st_image_mode(a->nl, q->h.name);
	o = json_pack("{s:s, s:I, s:i, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
		      "type", "question", "id", (json_int_t)q->h.qid,
		      "pid", (int)q->h.pid, "uid", (json_int_t)q->h.uid,
		      "user", pw ? pw->pw_name : user,
		      "program", q->h.exe, "comm", q->h.prog, "image", q->h.name,
		      "mode", mode >= 0 ? st_mode_name(mode) : "",
		      "emulation", q->h.emulation, "call", st_call_name(q->h.call));
	if (!o) {
		/* A name that is not UTF-8: the question waits for its
		 * timeout rather than be shown wrong. */
		json_decref(jargs);
		json_decref(cut);
		fprintf(stderr, "systracectl: question %llu cannot be written as JSON: left to time out\n",
			(unsigned long long)q->h.qid);
		return;
	}
	json_object_set_new(o, "args", jargs);
	json_object_set_new(o, "args_cut", cut);
	/* Values come whole (SYSTRACE_A_ARG); not all of them: no rule. */
	json_object_set_new(o, "args_more", json_boolean(q->nargs < 0));
	v = json_string(q->h.args);
	json_object_set_new(o, "args_text", v ? v : json_string(""));
	json_object_set_new(o, "timeout", json_integer(ms_left(q) > 0 ? ms_left(q) / 1000 : 0));
	json_object_set_new(o, "suggestions", suggestions(q, pw ? pw->pw_dir : NULL));
	emit(a, o);
}

static int send_answer(struct ja *a, uint64_t id, int verdict, int err)
{
	return st_req_answer(a->nl, id, verdict, err);
}

/* An answer's fields, as the front end gave them. */
struct jans {
	const char *answer, *errname, *scope, *filter;
	int err;
};

/* Only known fields, each a string but "id": 0, or -1 (error emitted). */
static int known_fields(struct ja *a, json_t *o, json_t *id)
{
	static const char *const known[] = { "id", "answer", "errno", "scope", "filter" };
	const char *key;
	json_t *v;
	size_t i;

	json_object_foreach(o, key, v) {
		for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
			if (!strcmp(key, known[i]))
				break;
		if (i == sizeof(known) / sizeof(known[0]) ||
		    (!json_is_string(v) && strcmp(key, "id"))) {
			emit_error(a, id, "bad-answer", "\"%s\": %s", key,
				   i == sizeof(known) / sizeof(known[0]) ?
				   "not a field of an answer" : "must be a string");
			return -1;
		}
	}
	return 0;
}

/* @o's answer into @ans, checked: 0, or -1 (error emitted). */
static int parse_answer(struct ja *a, json_t *o, json_t *id, struct jans *ans)
{
	ans->answer = json_string_value(json_object_get(o, "answer"));
	ans->scope = "once";
	ans->errname = NULL;
	ans->filter = NULL;
	ans->err = EPERM;
	if (json_object_get(o, "scope"))
		ans->scope = json_string_value(json_object_get(o, "scope"));
	if (json_object_get(o, "errno"))
		ans->errname = json_string_value(json_object_get(o, "errno"));
	if (json_object_get(o, "filter"))
		ans->filter = json_string_value(json_object_get(o, "filter"));
	if (!ans->answer || (strcmp(ans->answer, "permit") && strcmp(ans->answer, "deny") &&
			     strcmp(ans->answer, "kill") && strcmp(ans->answer, "detach"))) {
		emit_error(a, id, "bad-answer",
			   "\"answer\": permit, deny, kill or detach");
		return -1;
	}
	if (strcmp(ans->scope, "once") && strcmp(ans->scope, "always")) {
		emit_error(a, id, "bad-answer", "\"scope\": once or always");
		return -1;
	}
	if (ans->errname && strcmp(ans->answer, "deny")) {
		emit_error(a, id, "bad-answer", "\"errno\" goes with deny only");
		return -1;
	}
	if (ans->filter && strcmp(ans->scope, "always")) {
		emit_error(a, id, "bad-answer",
			   "\"filter\" goes with \"scope\":\"always\" only");
		return -1;
	}
	if (ans->errname) {
		ans->err = st_errno_parse(ans->errname);
		if (ans->err <= 0) {
			emit_error(a, id, "bad-errno", "'%s': not an errno name (enoent, eacces, ...)",
				   ans->errname);
			return -1;
		}
	}
	if (!strcmp(ans->answer, "detach")) {
		emit_error(a, id, "unsupported",
			   "detach: a confinement cannot be undone; answer permit, deny or kill");
		return -1;
	}
	if (!strcmp(ans->answer, "kill") && strcmp(ans->scope, "once")) {
		emit_error(a, id, "bad-answer", "kill is once only");
		return -1;
	}
	return 0;
}

/* Answer @q (taken off the list) as @ans says, and tell the front end. */
static void answer(struct ja *a, struct jq *q, json_t *id, struct jans *ans)
{
	char rule[ST_RULE_MAX], warning[256] = "", action[64];
	int verdict, ret;

	/* Not an initializer: that zeroes 33 KB for every answer. */
	rule[0] = '\0';
	/* It sleeps in the kernel, killably: it never runs again. */
	if (!strcmp(ans->answer, "kill") && kill(q->h.pid, SIGKILL) < 0)
		snprintf(warning, sizeof(warning), "kill %u: %s: the call is denied",
			 q->h.pid, strerror(errno));
	verdict = !strcmp(ans->answer, "permit") ? SYSTRACE_VERDICT_PERMIT : SYSTRACE_VERDICT_DENY;
	if (!strcmp(ans->answer, "deny") && ans->errname)
		snprintf(action, sizeof(action), "deny[%s]", ans->errname);
	else
		snprintf(action, sizeof(action), "%s", verdict == SYSTRACE_VERDICT_PERMIT ?
			 "permit" : "deny");
	if (!strcmp(ans->scope, "always")) {
		ret = st_agent_always(a->nl, a->own, q->h.name, q->h.exe,
				      q->h.emulation, q->h.call, q->rargs, q->nargs,
				      action, ans->filter, rule, sizeof(rule));
		if (ret < 0) {
			/* As on a terminal: answered once all the same. */
			snprintf(warning, sizeof(warning),
				 "the rule could not be added (%s; see systracectl's standard error): answered once",
				 strerror(-ret));
			ans->scope = "once";
			rule[0] = '\0';
		}
	}
	ret = send_answer(a, q->h.qid, verdict, ans->err);
	if (ret == -ENOENT) {
		emit_error(a, id, "too-late",
			   "question %llu: the kernel stopped waiting and denied the call",
			   (unsigned long long)q->h.qid);
	} else {
		json_t *r = json_pack("{s:s, s:O, s:s, s:s}", "type", "answered",
				      "id", id, "answer", ans->answer, "scope", ans->scope);

		if (ret < 0)
			snprintf(warning, sizeof(warning), "the kernel refused the answer: %s",
				 st_nl_strerror(a->nl, ret));
		if (ans->errname)
			json_object_set_new(r, "errno", json_string(ans->errname));
		if (rule[0])
			json_object_set_new(r, "rule", json_string(rule));
		if (warning[0])
			json_object_set_new(r, "warning", json_string(warning));
		emit(a, r);
	}
}

static void handle_line(struct ja *a, const char *line, size_t len)
{
	struct jq *q, **pp;
	json_error_t jerr;
	struct jans ans;
	json_t *o, *id, *v;

	o = json_loadb(line, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!o || !json_is_object(o)) {
		emit_error(a, NULL, "bad-json", "not a JSON object%s%s",
			   o ? "" : ": ", o ? "" : jerr.text);
		json_decref(o);
		return;
	}
	v = json_object_get(o, "protocol");
	if (v) {
		json_t *ver = json_object_get(o, "version");

		if (!json_is_string(v) || strcmp(json_string_value(v), "systrace-agent") ||
		    !json_is_integer(ver) || json_integer_value(ver) != 1)
			emit_error(a, NULL, "version",
				   "this is protocol systrace-agent version 1");
		json_decref(o);
		return;
	}
	id = json_object_get(o, "id");
	if (!json_is_integer(id) || json_integer_value(id) < 0) {
		emit_error(a, NULL, "bad-answer", "an answer needs \"id\", a question's id");
		goto out;
	}
	if (known_fields(a, o, id) < 0)
		goto out;
	for (pp = &a->head; *pp; pp = &(*pp)->next)
		if ((*pp)->sent && (*pp)->h.qid == (uint64_t)json_integer_value(id))
			break;
	q = *pp;
	if (!q) {
		emit_error(a, id, "unknown-question",
			   "question %lld: not asked, or answered already",
			   (long long)json_integer_value(id));
		goto out;
	}
	if (parse_answer(a, o, id, &ans) < 0)
		goto out;
	*pp = q->next;
	answer(a, q, id, &ans);
	jq_free(q);
out:
	json_decref(o);
}

static int read_input(struct ja *a)
{
	char *nl;
	ssize_t n;

	if (a->incap - a->inlen < 4096) {
		size_t cap = a->incap ? a->incap * 2 : 8192;
		char *p = realloc(a->in, cap);

		if (!p)
			return -ENOMEM;
		a->in = p;
		a->incap = cap;
	}
	n = read(a->in_fd, a->in + a->inlen, a->incap - a->inlen);
	if (n < 0)
		return errno == EINTR || errno == EAGAIN ? 0 : -errno;
	if (n == 0) {
		a->eof = 1;
		return 0;
	}
	a->inlen += n;
	while ((nl = memchr(a->in, '\n', a->inlen))) {
		size_t l = nl - a->in;

		if (l > JSON_LINE_MAX)
			emit_error(a, NULL, "bad-json", "a line longer than %d bytes",
				   JSON_LINE_MAX);
		else if (l && !(l == 1 && a->in[0] == '\r'))
			handle_line(a, a->in, l);
		memmove(a->in, nl + 1, a->inlen - l - 1);
		a->inlen -= l + 1;
	}
	if (a->inlen > JSON_LINE_MAX) {
		/* Dropped, up to the end of the line. */
		emit_error(a, NULL, "bad-json", "a line longer than %d bytes", JSON_LINE_MAX);
		a->inlen = 0;
	}
	return 0;
}

int st_askjson_serve(struct st_nl *nl, int in_fd, int out_fd, int stop_fd,
		     const struct st_agent_own *own)
{
	struct ja a = { .nl = nl, .own = own, .in_fd = in_fd, .out_fd = out_fd };
	struct sigaction sa = { .sa_handler = ja_signal };
	int size = ST_AGENT_RCVBUF, ret = ST_EXIT_OK;
	struct jq *q, **pp;

	signal(SIGPIPE, SIG_IGN);
	if (st_nl_listen(nl, size, on_ask, &a))
		return ST_EXIT_FAIL;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	if (!own)
		sigaction(SIGINT, &sa, NULL);
	ja_stop = 0;

	emit(&a, json_pack("{s:s, s:s, s:i, s:s, s:[s,s,s,s]}", "type", "hello",
			   "protocol", "systrace-agent", "version", 1,
			   "agent", "systracectl " SYSTRACE_VERSION,
			   "answers", "permit", "deny", "kill", "detach"));
	while (!ja_stop && !a.eof && !a.broken) {
		struct pollfd p[3];
		long wait = -1;
		int np = 2;

		st_nl_drain(a.nl, "questions");
		/* Questions the kernel stopped waiting for: it denied them. */
		for (pp = &a.head; (q = *pp);) {
			if (q->h.timeout && ms_left(q) <= 0) {
				*pp = q->next;
				if (q->sent)
					emit(&a, json_pack("{s:s, s:I}", "type", "expired",
							   "id", (json_int_t)q->h.qid));
				jq_free(q);
				continue;
			}
			if (!q->sent) {
				q->sent = 1;
				emit_question(&a, q);
			}
			if (q->h.timeout && (wait < 0 || ms_left(q) < wait))
				wait = ms_left(q) + 1;
			pp = &q->next;
		}
		if (a.broken)
			break;
		p[0] = (struct pollfd){ .fd = nl_socket_get_fd(nl->sk), .events = POLLIN };
		p[1] = (struct pollfd){ .fd = in_fd, .events = POLLIN };
		if (stop_fd >= 0)
			p[np++] = (struct pollfd){ .fd = stop_fd, .events = POLLIN };
		if (poll(p, np, wait > INT_MAX ? INT_MAX : (int)wait) < 0) {
			if (errno == EINTR)
				continue;
			ret = ST_EXIT_FAIL;
			break;
		}
		if (np == 3 && p[2].revents)
			break;
		if (p[1].revents && read_input(&a) < 0) {
			ret = ST_EXIT_FAIL;
			break;
		}
	}
	/* Its input ended with nothing waiting: the front end is done. */
	if (a.broken || (a.eof && a.head)) {
		fprintf(stderr, "systracectl: the front end went away: the questions waiting are denied\n");
		ret = ST_EXIT_FAIL;
	}
	st_nl_unlisten(nl);
	while ((q = a.head)) {
		a.head = q->next;
		jq_free(q);
	}
	free(a.in);
	return ret;
}
