// SPDX-License-Identifier: GPL-2.0
/*
 * Decisions as events, for systrace(1)'s log (-e, -E) and logprof: read
 * from the "events" multicast group (st_report_parse(), the one reader of
 * the kernel's reports), or from a line someone kept of their fields:
 * "systracectl monitor --json" (its "args" object) or "journalctl -o
 * json" of "systracectl monitor --journal" (its SYSTRACE_* fields). The
 * text of a log (the kernel's, MESSAGE=) is for people: never read back,
 * as a rule made of it would be a rule made of a re-parsed string.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <jansson.h>
#include <linux/systrace.h>

#include "nl.h"
#include "systracectl.h"

struct st_events {
	struct nl_sock *sk;
	struct nl_cb *cb;
	void (*fn)(const struct st_report *r, void *arg);
	void *arg;
};

/* The verdict words: one each, the same as the kernel log's
 * (kmod/decide.c) and the uapi's (enum systrace_verdict). */
static const char *const json_names[] = {
	[SYSTRACE_VERDICT_PERMIT] = "permit",
	[SYSTRACE_VERDICT_DENY] = "deny",
	[SYSTRACE_VERDICT_UNMATCHED_DENY] = "deny-unmatched",
	[SYSTRACE_VERDICT_UNMATCHED_PERMIT] = "permit-learned",
	[SYSTRACE_VERDICT_ASKED_PERMIT] = "permit-asked",
	[SYSTRACE_VERDICT_ASKED_DENY] = "deny-asked",
	[SYSTRACE_VERDICT_PERMIT_ELEVATED] = "permit-elevated",
};

#define NVERDICTS	(sizeof(json_names) / sizeof(json_names[0]))

const char *st_verdict_name(unsigned int verdict)
{
	return verdict < NVERDICTS ? json_names[verdict] : "?";
}

static int verdict_parse(const char *name)
{
	size_t i;

	for (i = 0; i < NVERDICTS; i++)
		if (!strcmp(name, json_names[i]))
			return i;
	return -1;
}

static int on_msg(struct nl_msg *msg, void *arg)
{
	struct st_events *ev = arg;
	struct st_report r;

	if (st_report_parse(msg, &r))
		return NL_SKIP;
	ev->fn(&r, ev->arg);
	return NL_OK;
}

struct st_events *st_events_open(void)
{
	struct st_events *ev = calloc(1, sizeof(*ev));
	int size = 8 << 20, ret;

	if (!ev)
		return NULL;
	ev->sk = nl_socket_alloc();
	ev->cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!ev->sk || !ev->cb || genl_connect(ev->sk) < 0) {
		fprintf(stderr, "systracectl: cannot open a netlink socket\n");
		goto err;
	}
	ret = st_join_events(ev->sk);
	if (ret < 0) {
		fprintf(stderr, "systracectl: cannot join the events group: %s%s\n",
			nl_geterror(ret),
			ret == -NLE_PERM ? " (needs CAP_SYS_ADMIN)" : "");
		goto err;
	}
	st_nl_rcvbuf(ev->sk, size);
	nl_socket_set_nonblocking(ev->sk);
	nl_socket_enable_msg_peek(ev->sk);
	nl_cb_set(ev->cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, st_nl_any_seq, NULL);
	nl_cb_set(ev->cb, NL_CB_VALID, NL_CB_CUSTOM, on_msg, ev);
	return ev;
err:
	st_events_close(ev);
	return NULL;
}

int st_events_fd(struct st_events *ev)
{
	return nl_socket_get_fd(ev->sk);
}

int st_events_poll(struct st_events *ev,
		   void (*fn)(const struct st_report *r, void *arg), void *arg)
{
	int ret, lost = 0;

	ev->fn = fn;
	ev->arg = arg;
	for (;;) {
		ret = nl_recvmsgs(ev->sk, ev->cb);
		if (ret == -NLE_NOMEM || ret == -NLE_MSG_OVERFLOW) {
			lost = 1;
			continue;
		}
		if (ret < 0)
			break;
	}
	return lost ? -ENOBUFS : 0;
}

void st_events_close(struct st_events *ev)
{
	if (!ev)
		return;
	if (ev->cb)
		nl_cb_put(ev->cb);
	if (ev->sk)
		nl_socket_free(ev->sk);
	free(ev);
}

/* Lines. */

/* A copy of @s (@n bytes, NUL-terminated), or NULL. */
static char *memdup0(const char *s, size_t n)
{
	char *p = malloc(n + 1);

	if (p) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

/*
 * The value of @v as bytes, a copy into *@out (*@len bytes): a string, or
 * the array of byte values journalctl writes for a field that is not
 * UTF-8 text. 0; -EINVAL for anything else (null: a field journalctl cut,
 * without --all; an array of strings: the field given twice); -ENOMEM.
 */
static int jbytes(json_t *v, char **out, size_t *len)
{
	size_t i, n;
	json_t *b;

	if (json_is_string(v)) {
		*len = json_string_length(v);
		*out = memdup0(json_string_value(v), *len);
		return *out ? 0 : -ENOMEM;
	}
	if (!json_is_array(v))
		return -EINVAL;
	n = json_array_size(v);
	*out = malloc(n + 1);
	if (!*out)
		return -ENOMEM;
	json_array_foreach(v, i, b) {
		if (!json_is_integer(b) || json_integer_value(b) < 0 ||
		    json_integer_value(b) > 255) {
			free(*out);
			return -EINVAL;
		}
		(*out)[i] = (char)json_integer_value(b);
	}
	(*out)[n] = '\0';
	*len = n;
	return 0;
}

/* A string member (text: no NUL byte) of @o, copied; NULL if missing. */
static char *jtext(json_t *o, const char *key)
{
	char *s;
	size_t n;

	if (jbytes(json_object_get(o, key), &s, &n))
		return NULL;
	if (strlen(s) != n) {
		free(s);
		return NULL;
	}
	return s;
}

/* A number: an integer member, or journalctl's decimal string. */
static int jnum(json_t *o, const char *key, unsigned int *out)
{
	json_t *v = json_object_get(o, key);
	char *s, *end;
	unsigned long n;

	if (json_is_integer(v)) {
		*out = json_integer_value(v);
		return json_integer_value(v) >= 0 ? 0 : -EINVAL;
	}
	s = jtext(o, key);
	if (!s)
		return -EINVAL;
	n = strtoul(s, &end, 10);
	*out = n;
	n = s[0] >= '0' && s[0] <= '9' && !*end && n <= 0xffffffffUL;
	free(s);
	return n ? 0 : -EINVAL;
}

/* Argument @key (@v its value) added to @r; a negative errno when no
 * rule can be made of the arguments. */
static int add_arg(struct st_report *r, struct st_rarg *a, json_t *v)
{
	char *val;
	size_t len;
	int ret;

	if (r->nargs == ST_ARGS_N)
		return -E2BIG;
	ret = jbytes(v, &val, &len);
	if (ret)
		return ret;
	a->value = val;
	a->len = len;
	r->args[r->nargs++] = *a;
	return 0;
}

/* monitor --json's "args": {"filename": "/x", "filename[1]": "/y"}. */
static int monitor_args(struct st_report *r, json_t *args)
{
	struct st_rarg a;
	const char *key;
	json_t *v;
	int ret;

	/* null: the module could not report them all (monitor.c). */
	if (!json_is_object(args))
		return -ENODATA;
	json_object_foreach(args, key, v) {
		if (st_rarg_key(key, &a) || !json_is_string(v))
			return -ENOENT;
		a.name = strdup(a.name);
		if (!a.name)
			return -ENOMEM;
		ret = add_arg(r, &a, v);
		if (ret) {
			free((char *)a.name);
			return ret;
		}
		/* U+FFFD: monitor's stand-in for a byte that was not UTF-8;
		 * the name it reads as is not the object's. */
		if (strstr(a.value, "\xef\xbf\xbd"))
			return -EBADMSG;
	}
	return 0;
}

static int by_rank(const void *a, const void *b)
{
	unsigned int x = st_rarg_rank(a), y = st_rarg_rank(b);

	return x < y ? -1 : x > y;
}

/* journalctl -o json: SYSTRACE_ARG_FILENAME, SYSTRACE_ARG_FILENAME_1, ... */
static int journal_args(struct st_report *r, json_t *o)
{
	unsigned int want;
	struct st_rarg a;
	const char *key;
	json_t *v;
	int ret;

	/* No count: not all of them were sent (monitor --journal). */
	if (jnum(o, "SYSTRACE_NARGS", &want) || want > ST_ARGS_N)
		return -ENODATA;
	json_object_foreach(o, key, v) {
		if (strncmp(key, "SYSTRACE_ARG_", 13))
			continue;
		if (st_rarg_jkey(key + 13, &a))
			return -ENOENT;
		a.name = strdup(a.name);
		if (!a.name)
			return -ENOMEM;
		ret = add_arg(r, &a, v);
		if (ret) {
			free((char *)a.name);
			return ret;
		}
	}
	if ((unsigned int)r->nargs != want)
		return -ENODATA;
	/* The journal keeps no order of fields: the table's. */
	qsort(r->args, r->nargs, sizeof(r->args[0]), by_rank);
	return 0;
}

void st_event_free(struct st_report *r)
{
	free((char *)r->name);
	free((char *)r->call);
	free((char *)r->prog);
	free((char *)r->text);
	if (r->nargs > 0)
		st_rargs_free(r->args, r->nargs);
	memset(r, 0, sizeof(*r));
}

int st_event_parse_line(const char *line, size_t len, struct st_report *r)
{
	int journal, verdict = -1, ret = -EINVAL;
	json_t *o = json_loadb(line, len, JSON_ALLOW_NUL, NULL);
	char *v = NULL;

	memset(r, 0, sizeof(*r));
	if (!json_is_object(o))
		goto out;
	journal = json_object_get(o, "SYSTRACE_VERDICT") != NULL;
	if (journal) {
		unsigned int uid;

		/* _UID is journald's, not the sender's word: anyone may send
		 * SYSTRACE_* fields, only root's monitor is believed. */
		if (jnum(o, "_UID", &uid) || uid) {
			ret = -EPERM;
			goto out;
		}
		v = jtext(o, "SYSTRACE_TYPE");
		if (!v || strcmp(v, "decision"))
			goto out;
		free(v);
		v = jtext(o, "SYSTRACE_VERDICT");
	} else {
		v = jtext(o, "type");
		if (!v || strcmp(v, "decision"))
			goto out;
		free(v);
		v = jtext(o, "verdict");
	}
	if (v)
		verdict = verdict_parse(v);
	free(v);
	v = NULL;
	if (verdict < 0)
		goto out;
	r->cmd = SYSTRACE_CMD_EVENT;
	r->user = "";		/* not kept: the uid is */
	r->has_verdict = 1;
	r->verdict = verdict;
	r->name = jtext(o, journal ? "SYSTRACE_POLICY" : "policy");
	r->call = jtext(o, journal ? "SYSTRACE_CALL" : "call");
	r->prog = jtext(o, journal ? "SYSTRACE_PROGRAM" : "prog");
	r->text = jtext(o, journal ? "MESSAGE" : "args_text");
	if (!r->prog)
		r->prog = strdup("");
	if (!r->text)
		r->text = strdup("");
	if (!r->name || !r->call || !r->prog || !r->text) {
		st_event_free(r);
		goto out;
	}
	jnum(o, journal ? "SYSTRACE_PID" : "pid", &r->pid);
	jnum(o, journal ? "SYSTRACE_UID" : "uid", &r->uid);
	jnum(o, journal ? "SYSTRACE_ERRNO" : "errno", &r->err);
	jnum(o, journal ? "SYSTRACE_LINE" : "line", &r->line);
	v = jtext(o, journal ? "SYSTRACE_MODE" : "mode");
	if (v && st_parse_mode(v) >= 0)
		r->mode = st_parse_mode(v);
	free(v);
	v = NULL;
	ret = journal ? journal_args(r, o) :
	      monitor_args(r, json_object_get(o, "args"));
	if (ret == -ENOMEM) {
		st_event_free(r);
		goto out;
	}
	/* Arguments that are not all there make no rule (st_rule_text()). */
	if (ret < 0) {
		st_rargs_free(r->args, r->nargs);
		r->nargs = ret;
	}
	ret = 0;
out:
	free(v);
	json_decref(o);
	return ret;
}
