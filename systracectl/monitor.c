// SPDX-License-Identifier: GPL-2.0
/*
 * systracectl monitor: the "events" multicast group as a stream, one line
 * per logged decision (SYSTRACE_CMD_EVENT) and per question
 * (SYSTRACE_CMD_ASK); learn-mode reports carry the rule learning would
 * write. With --json, one JSON object per line, for journald or rsyslog.
 * Every value a task chose is quoted and escaped as in the kernel log
 * (the arguments come so from the kernel), so no value forges a field.
 */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/socket.h>
#include <linux/systrace.h>

#include "nl.h"
#include "systracectl.h"

static const char usage[] =
	"usage: systracectl monitor [--json] [-n NAME]\n"
	"Stream decisions, denials, questions and learned rules as they happen.\n"
	"  -j, --json      one JSON object per line\n"
	"  -n, --name NAME only the events of image NAME\n";

static const char *const verdicts[] = {
	[SYSTRACE_VERDICT_PERMIT] = "permit",
	[SYSTRACE_VERDICT_DENY] = "deny",
	[SYSTRACE_VERDICT_UNMATCHED_DENY] = "deny-unmatched",
	[SYSTRACE_VERDICT_UNMATCHED_PERMIT] = "permit-learned",
	[SYSTRACE_VERDICT_ASKED_PERMIT] = "permit-asked",
	[SYSTRACE_VERDICT_ASKED_DENY] = "deny-asked",
	[SYSTRACE_VERDICT_PERMIT_ELEVATED] = "permit-elevated",
};

struct monitor {
	int json;
	const char *name;
	unsigned long lost;
};

static void json_str(const char *key, const char *s)
{
	printf(",\"%s\":\"", key);
	for (; *s; s++) {
		unsigned char c = *s;

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

static int on_msg(struct nl_msg *msg, void *arg)
{
	struct genlmsghdr *g = nlmsg_data(nlmsg_hdr(msg));
	struct nlattr *tb[SYSTRACE_A_MAX + 1];
	struct monitor *m = arg;
	const char *name, *call, *args, *prog, *verdict = "ask", *ename;
	char stamp[64], rule[ST_RULE_MAX] = "", qprog[80], qname[4 * SYSTRACE_NAME_MAX];
	unsigned int v = 0, err = 0, line = 0, mode;
	struct timespec ts;
	struct tm tm;

	if ((g->cmd != SYSTRACE_CMD_EVENT && g->cmd != SYSTRACE_CMD_ASK) ||
	    genlmsg_parse(nlmsg_hdr(msg), 0, tb, SYSTRACE_A_MAX, NULL) < 0)
		return NL_SKIP;
	name = tb[SYSTRACE_A_NAME] ? nla_get_string(tb[SYSTRACE_A_NAME]) : "";
	if (m->name && strcmp(m->name, name))
		return NL_SKIP;
	call = tb[SYSTRACE_A_CALL] ? nla_get_string(tb[SYSTRACE_A_CALL]) : "";
	args = tb[SYSTRACE_A_ARGS] ? nla_get_string(tb[SYSTRACE_A_ARGS]) : "";
	prog = tb[SYSTRACE_A_PROG] ? nla_get_string(tb[SYSTRACE_A_PROG]) : "";
	mode = tb[SYSTRACE_A_MODE] ? nla_get_u8(tb[SYSTRACE_A_MODE]) : 0;
	if (g->cmd == SYSTRACE_CMD_EVENT) {
		v = tb[SYSTRACE_A_VERDICT] ? nla_get_u8(tb[SYSTRACE_A_VERDICT]) : 0;
		verdict = v < sizeof(verdicts) / sizeof(verdicts[0]) && verdicts[v] ?
			  verdicts[v] : "?";
		err = tb[SYSTRACE_A_ERRNO] ? nla_get_u32(tb[SYSTRACE_A_ERRNO]) : 0;
		line = tb[SYSTRACE_A_LINE] ? nla_get_u32(tb[SYSTRACE_A_LINE]) : 0;
		if (v == SYSTRACE_VERDICT_UNMATCHED_PERMIT)
			st_rule_text("native", call, args, NULL, "permit", rule,
				     sizeof(rule));
	}
	ename = err ? strerrorname_np(err) : NULL;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S", &tm);

	if (m->json) {
		printf("{\"time\":\"%s.%06ldZ\"", stamp, ts.tv_nsec / 1000);
		json_str("type", g->cmd == SYSTRACE_CMD_ASK ? "question" : "decision");
		json_str("verdict", verdict);
		json_str("mode", st_mode_name(mode));
		printf(",\"uid\":%u,\"pid\":%u",
		       tb[SYSTRACE_A_UID] ? nla_get_u32(tb[SYSTRACE_A_UID]) : 0,
		       tb[SYSTRACE_A_PID] ? nla_get_u32(tb[SYSTRACE_A_PID]) : 0);
		json_str("prog", prog);
		json_str("policy", name);
		json_str("call", call);
		json_str("args", args);
		if (g->cmd == SYSTRACE_CMD_EVENT) {
			printf(",\"errno\":%u", err);
			if (ename)
				json_str("error", ename);
			printf(",\"line\":%u", line);
		} else {
			printf(",\"qid\":%llu,\"timeout\":%u",
			       tb[SYSTRACE_A_QID] ?
			       (unsigned long long)nla_get_u64(tb[SYSTRACE_A_QID]) : 0ULL,
			       tb[SYSTRACE_A_TIMEOUT] ? nla_get_u32(tb[SYSTRACE_A_TIMEOUT]) : 0);
		}
		if (rule[0])
			json_str("rule", rule);
		printf("}\n");
	} else {
		/* The kernel log's line: the program and the image name quoted
		 * as the kernel quotes them (a task names itself, a user names
		 * an image), the arguments as the kernel quoted them. */
		printf("%s %s user: %u, prog: %s, pid: %u, policy: %s, call: %s%s%s",
		       stamp, g->cmd == SYSTRACE_CMD_ASK ? "question" : verdict,
		       tb[SYSTRACE_A_UID] ? nla_get_u32(tb[SYSTRACE_A_UID]) : 0,
		       st_quote_log(qprog, sizeof(qprog), prog),
		       tb[SYSTRACE_A_PID] ? nla_get_u32(tb[SYSTRACE_A_PID]) : 0,
		       st_quote_log(qname, sizeof(qname), name), call,
		       args[0] ? ", " : "", args);
		if (g->cmd == SYSTRACE_CMD_ASK)
			printf(", question: %llu",
			       tb[SYSTRACE_A_QID] ?
			       (unsigned long long)nla_get_u64(tb[SYSTRACE_A_QID]) : 0ULL);
		else if (err)
			printf(", error: %s, line: %u", ename ? ename : "?", line);
		else if (line)
			printf(", line: %u", line);
		if (rule[0])
			printf(", learned: %s", rule);
		printf("\n");
	}
	fflush(stdout);
	return NL_OK;
}

static int no_seq_check(struct nl_msg *msg, void *arg)
{
	(void)msg;
	(void)arg;
	return NL_OK;
}

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	stop = sig;
}

int monitor_main(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "name", required_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct sigaction sa = { .sa_handler = on_signal };
	struct monitor m = { 0 };
	int c, ret, size = 8 << 20;
	struct nl_cb *cb;
	struct st_nl nl;

	while ((c = getopt_long(argc, argv, "jn:h", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			m.json = 1;
			break;
		case 'n':
			m.name = optarg;
			break;
		case 'h':
			fputs(usage, stdout);
			return ST_EXIT_OK;
		default:
			fputs(usage, stderr);
			return ST_EXIT_USAGE;
		}
	}
	if (optind != argc) {
		fputs(usage, stderr);
		return ST_EXIT_USAGE;
	}
	ret = st_open_or_explain(&nl);
	if (ret)
		return ret;
	ret = st_join_events(nl.sk);
	if (ret < 0) {
		fprintf(stderr, "systracectl: monitor: cannot join the events group: %s%s\n",
			nl_geterror(ret),
			ret == -NLE_PERM ? " (needs CAP_SYS_ADMIN)" : "");
		st_nl_close(&nl);
		return ST_EXIT_FAIL;
	}
	if (setsockopt(nl_socket_get_fd(nl.sk), SOL_SOCKET, SO_RCVBUFFORCE,
		       &size, sizeof(size)) < 0)
		setsockopt(nl_socket_get_fd(nl.sk), SOL_SOCKET, SO_RCVBUF,
			   &size, sizeof(size));
	nl_socket_enable_msg_peek(nl.sk);
	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb) {
		st_nl_close(&nl);
		return ST_EXIT_FAIL;
	}
	nl_cb_set(cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, no_seq_check, NULL);
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_msg, &m);
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	/* Tell a caller (or a test) that the subscription is in place. */
	fprintf(stderr, "systracectl: monitoring\n");
	while (!stop) {
		struct pollfd p = { .fd = nl_socket_get_fd(nl.sk), .events = POLLIN };

		if (poll(&p, 1, -1) < 0)
			continue;
		ret = nl_recvmsgs(nl.sk, cb);
		if (ret == -NLE_NOMEM || ret == -NLE_MSG_OVERFLOW) {
			/* ENOBUFS: the kernel dropped events for us. */
			if (m.json)
				printf("{\"type\":\"lost\"}\n");
			else
				printf("events lost (the reader was too slow)\n");
			fflush(stdout);
		}
	}
	nl_cb_put(cb);
	st_nl_close(&nl);
	return ST_EXIT_OK;
}
