// SPDX-License-Identifier: GPL-2.0
/*
 * Decisions as events, for systrace(1)'s log (-e, -E) and logprof: read
 * from the "events" multicast group, or parsed from a line someone kept:
 * "systracectl monitor --json", "journalctl -o json" (the kernel line in
 * its MESSAGE) or the kernel log's own text (dmesg, journalctl -k).
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/systrace.h>

#include "nl.h"
#include "systracectl.h"

struct st_events {
	struct nl_sock *sk;
	struct nl_cb *cb;
	void (*fn)(const struct st_event *e, void *arg);
	void *arg;
};

/* The kernel log's names (kmod/decide.c), which its lines carry. */
static const char *const log_names[] = {
	[SYSTRACE_VERDICT_PERMIT] = "permit",
	[SYSTRACE_VERDICT_DENY] = "deny",
	[SYSTRACE_VERDICT_UNMATCHED_DENY] = "deny (no rule)",
	[SYSTRACE_VERDICT_UNMATCHED_PERMIT] = "permit (learn, no rule)",
	[SYSTRACE_VERDICT_ASKED_PERMIT] = "permit (asked)",
	[SYSTRACE_VERDICT_ASKED_DENY] = "deny (asked)",
};

/* monitor's names (monitor.c). */
static const char *const json_names[] = {
	[SYSTRACE_VERDICT_PERMIT] = "permit",
	[SYSTRACE_VERDICT_DENY] = "deny",
	[SYSTRACE_VERDICT_UNMATCHED_DENY] = "deny-unmatched",
	[SYSTRACE_VERDICT_UNMATCHED_PERMIT] = "permit-learned",
	[SYSTRACE_VERDICT_ASKED_PERMIT] = "permit-asked",
	[SYSTRACE_VERDICT_ASKED_DENY] = "deny-asked",
};

#define NVERDICTS	(sizeof(log_names) / sizeof(log_names[0]))

const char *st_verdict_log_name(unsigned int verdict)
{
	return verdict < NVERDICTS ? log_names[verdict] : "?";
}

static int on_msg(struct nl_msg *msg, void *arg)
{
	struct genlmsghdr *g = nlmsg_data(nlmsg_hdr(msg));
	struct nlattr *tb[SYSTRACE_A_MAX + 1];
	struct st_events *ev = arg;
	struct st_event e = { 0 };

	if ((g->cmd != SYSTRACE_CMD_EVENT && g->cmd != SYSTRACE_CMD_ASK) ||
	    genlmsg_parse(nlmsg_hdr(msg), 0, tb, SYSTRACE_A_MAX, NULL) < 0)
		return NL_SKIP;
	e.question = g->cmd == SYSTRACE_CMD_ASK;
#define U32(f, a) (e.f = tb[a] ? nla_get_u32(tb[a]) : 0)
#define U8(f, a) (e.f = tb[a] ? nla_get_u8(tb[a]) : 0)
#define STR(f, a) snprintf(e.f, sizeof(e.f), "%s", tb[a] ? nla_get_string(tb[a]) : "")
	U32(pid, SYSTRACE_A_PID);
	U32(uid, SYSTRACE_A_UID);
	U32(err, SYSTRACE_A_ERRNO);
	U32(line, SYSTRACE_A_LINE);
	U8(verdict, SYSTRACE_A_VERDICT);
	U8(mode, SYSTRACE_A_MODE);
	STR(prog, SYSTRACE_A_PROG);
	STR(name, SYSTRACE_A_NAME);
	STR(call, SYSTRACE_A_CALL);
	STR(args, SYSTRACE_A_ARGS);
#undef U32
#undef U8
#undef STR
	ev->fn(&e, ev->arg);
	return NL_OK;
}

static int no_seq_check(struct nl_msg *msg, void *arg)
{
	(void)msg;
	(void)arg;
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
	if (setsockopt(nl_socket_get_fd(ev->sk), SOL_SOCKET, SO_RCVBUFFORCE,
		       &size, sizeof(size)) < 0)
		setsockopt(nl_socket_get_fd(ev->sk), SOL_SOCKET, SO_RCVBUF,
			   &size, sizeof(size));
	nl_socket_set_nonblocking(ev->sk);
	nl_socket_enable_msg_peek(ev->sk);
	nl_cb_set(ev->cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, no_seq_check, NULL);
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
		   void (*fn)(const struct st_event *e, void *arg), void *arg)
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

/*
 * The string value of "key" in a flat JSON object, unescaped into @buf
 * (\uXXXX of a control byte becomes that byte); 0, or -1 when missing.
 */
static int json_get(const char *obj, const char *key, char *buf, size_t len)
{
	char pat[64];
	const char *p;
	size_t n = 0;

	snprintf(pat, sizeof(pat), "\"%s\":", key);
	p = strstr(obj, pat);
	if (!p)
		return -1;
	p += strlen(pat);
	while (*p == ' ')
		p++;
	if (*p != '"') {
		/* A number. */
		while ((isdigit((unsigned char)*p) || *p == '-') && n + 1 < len)
			buf[n++] = *p++;
		buf[n] = '\0';
		return n ? 0 : -1;
	}
	for (p++; *p && *p != '"'; p++) {
		char c = *p;

		if (c == '\\' && p[1]) {
			p++;
			switch (*p) {
			case 'n':
				c = '\n';
				break;
			case 't':
				c = '\t';
				break;
			case 'r':
				c = '\r';
				break;
			case 'u':
				c = (char)strtoul((char[5]){ p[1], p[2], p[3], p[4], 0 },
						  NULL, 16);
				p += strnlen(p + 1, 4);
				break;
			default:
				c = *p;
				break;
			}
		}
		if (n + 1 < len)
			buf[n++] = c;
	}
	buf[n] = '\0';
	return *p == '"' ? 0 : -1;
}

/* A value the kernel quoted ("x\"y"), unquoted; NULL when not quoted. */
static const char *unquote(const char *p, char *buf, size_t len)
{
	size_t n = 0;

	if (*p != '"')
		return NULL;
	for (p++; *p && *p != '"'; p++) {
		char c = *p;

		if (c == '\\' && p[1] == 'x' && isxdigit((unsigned char)p[2]) &&
		    isxdigit((unsigned char)p[3])) {
			c = (char)strtoul((char[3]){ p[2], p[3], 0 }, NULL, 16);
			p += 3;
		} else if (c == '\\' && p[1]) {
			c = *++p;
		}
		if (n + 1 < len)
			buf[n++] = c;
	}
	buf[n] = '\0';
	return *p == '"' ? p + 1 : NULL;
}

/*
 * The kernel log's line (kmod/decide.c):
 * VERDICT user: U, prog: "P", pid: N, policy: "NAME", call: C[, ARGS], error: E, line: L
 */
static int parse_log(const char *s, struct st_event *e)
{
	const char *p = strstr(s, "systrace: "), *u, *end;
	size_t i, n;

	if (!p)
		return -EINVAL;
	p += 10;
	u = strstr(p, " user: ");
	if (!u)
		return -EINVAL;
	for (i = 0; i < NVERDICTS; i++)
		if ((size_t)(u - p) == strlen(log_names[i]) &&
		    !strncmp(p, log_names[i], u - p))
			break;
	if (i == NVERDICTS)
		return -EINVAL;
	e->verdict = i;
	if (sscanf(u, " user: %u, prog: ", &e->uid) != 1)
		return -EINVAL;
	p = strstr(u, ", prog: ");
	if (!p || !(p = unquote(p + 8, e->prog, sizeof(e->prog))))
		return -EINVAL;
	if (sscanf(p, ", pid: %u, policy: ", &e->pid) != 1)
		return -EINVAL;
	p = strstr(p, ", policy: ");
	if (!p || !(p = unquote(p + 10, e->name, sizeof(e->name))))
		return -EINVAL;
	if (strncmp(p, ", call: ", 8))
		return -EINVAL;
	p += 8;
	/* The arguments end at the last ", error: ". */
	end = NULL;
	for (u = strstr(p, ", error: "); u; u = strstr(u + 1, ", error: "))
		end = u;
	if (!end || sscanf(end, ", error: %u, line: %u", &e->err, &e->line) != 2)
		return -EINVAL;
	n = strcspn(p, ",");
	if (p + n > end)
		n = end - p;
	snprintf(e->call, sizeof(e->call), "%.*s", (int)n, p);
	p += n;
	if (p < end && !strncmp(p, ", ", 2))
		p += 2;
	snprintf(e->args, sizeof(e->args), "%.*s", (int)(end - p), p);
	return 0;
}

int st_event_parse_line(const char *line, struct st_event *e)
{
	char v[64], num[32], msg[8192];
	size_t i;

	memset(e, 0, sizeof(*e));
	while (isspace((unsigned char)*line))
		line++;
	if (*line != '{')
		return parse_log(line, e);
	if (json_get(line, "MESSAGE", msg, sizeof(msg)) == 0)
		return parse_log(msg, e);
	if (json_get(line, "type", v, sizeof(v)) || strcmp(v, "decision") ||
	    json_get(line, "verdict", v, sizeof(v)))
		return -EINVAL;
	for (i = 0; i < NVERDICTS; i++)
		if (!strcmp(v, json_names[i]))
			break;
	if (i == NVERDICTS)
		return -EINVAL;
	e->verdict = i;
	if (json_get(line, "uid", num, sizeof(num)) == 0)
		e->uid = strtoul(num, NULL, 10);
	if (json_get(line, "pid", num, sizeof(num)) == 0)
		e->pid = strtoul(num, NULL, 10);
	if (json_get(line, "errno", num, sizeof(num)) == 0)
		e->err = strtoul(num, NULL, 10);
	if (json_get(line, "line", num, sizeof(num)) == 0)
		e->line = strtoul(num, NULL, 10);
	if (json_get(line, "mode", v, sizeof(v)) == 0 && st_parse_mode(v) >= 0)
		e->mode = st_parse_mode(v);
	if (json_get(line, "policy", e->name, sizeof(e->name)) ||
	    json_get(line, "call", e->call, sizeof(e->call)) ||
	    json_get(line, "args", e->args, sizeof(e->args)))
		return -EINVAL;
	json_get(line, "prog", e->prog, sizeof(e->prog));
	return 0;
}
