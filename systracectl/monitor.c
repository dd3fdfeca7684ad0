// SPDX-License-Identifier: GPL-2.0
/*
 * systracectl monitor: the "events" multicast group as a stream, one line
 * per logged decision (SYSTRACE_CMD_EVENT) and per question
 * (SYSTRACE_CMD_ASK); learn-mode reports carry the rule learning would
 * write. Text lines quote every value a task chose as the kernel log does
 * (the arguments come so from the kernel), so no value forges a field.
 * With --json, one JSON object per line (jansson), for journald or
 * rsyslog, with the arguments as an object from their attributes. With
 * --journal, each report goes to the journal: the text line in MESSAGE=,
 * each field (the arguments too) in its own SYSTRACE_* field (journal.c);
 * --journal-dry-run prints those fields instead (a test, or journald
 * absent). With --syslog[=DEVICE], RFC 5424 lines with structured data
 * (syslog.c) on standard output or written to DEVICE (a virtio-serial
 * port, a FIFO, a file: a machine's channel to a collector).
 */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <jansson.h>
#include <systemd/sd-journal.h>
#include <linux/systrace.h>

#include "nl.h"
#include "systracectl.h"

static const char usage[] =
	"usage: systracectl monitor [--json | --journal | --journal-dry-run | --syslog[=DEVICE]]\n"
	"                           [-n NAME]\n"
	"Stream decisions, denials, questions and learned rules as they happen.\n"
	"  -j, --json      one JSON object per line\n"
	"  --journal       to the journal, with SYSTRACE_* fields (not to standard output)\n"
	"  --journal-dry-run  the journal's fields on standard output, one a line\n"
	"  --syslog[=DEVICE]  RFC 5424 lines with structured data, to DEVICE or standard output\n"
	"  -n, --name NAME only the events of image NAME\n";

enum { OUT_TEXT, OUT_JSON, OUT_JOURNAL, OUT_DRY_RUN, OUT_SYSLOG };

struct monitor {
	int json;
	int out;	/* OUT_* */
	const char *name;
	unsigned long lost;
	FILE *sl;	/* OUT_SYSLOG's */
};

/* @key: @val into @o; false (and @val released) when it failed. */
static int jset(json_t *o, const char *key, json_t *val)
{
	return val && !json_object_set_new(o, key, val);
}

/* The arguments: {"filename": "/x", "filename[1]": "/y", ...}; null
 * when they cannot be all of them (no rule is to be made of them). */
static json_t *json_args(const struct st_report *r)
{
	json_t *o;
	char key[48];
	int i;

	if (r->nargs < 0)
		return json_null();
	o = json_object();
	for (i = 0; o && i < r->nargs; i++) {
		const struct st_rarg *a = &r->args[i];

		if (a->index)
			snprintf(key, sizeof(key), "%s[%u]", a->name, a->index);
		else
			snprintf(key, sizeof(key), "%s", a->name);
		if (!jset(o, key, st_jstr_n(a->value, a->len))) {
			json_decref(o);
			return NULL;
		}
	}
	return o;
}

/* One report as a JSON object on one line; -1 when out of memory. */
static int print_json(const struct st_report *r, const char *stamp,
		      const char *verdict, const char *ename, const char *rule)
{
	json_t *o = json_object();
	char *text;
	int ok;

	ok = o && jset(o, "time", json_string(stamp)) &&
	     jset(o, "type", json_string(r->cmd == SYSTRACE_CMD_ASK ?
					 "question" : "decision")) &&
	     jset(o, "verdict", json_string(verdict)) &&
	     jset(o, "mode", json_string(st_mode_name(r->mode))) &&
	     jset(o, "uid", json_integer(r->uid)) &&
	     (!r->user[0] || jset(o, "user", st_jstr(r->user))) &&
	     jset(o, "pid", json_integer(r->pid)) &&
	     jset(o, "ppid", json_integer(r->ppid)) &&
	     jset(o, "prog", st_jstr(r->exe)) &&
	     jset(o, "policy", st_jstr(r->name)) &&
	     jset(o, "emulation", st_jstr(r->emulation)) &&
	     jset(o, "call", st_jstr(r->call)) &&
	     (!r->has_nr || jset(o, "nr", json_integer(r->nr))) &&
	     jset(o, "args", json_args(r)) &&
	     jset(o, "args_text", st_jstr(r->text));
	if (ok && r->cmd == SYSTRACE_CMD_EVENT) {
		ok = jset(o, "errno", json_integer(r->err)) &&
		     (!ename || jset(o, "error", json_string(ename))) &&
		     jset(o, "line", json_integer(r->line));
	} else if (ok) {
		ok = jset(o, "qid", json_integer((json_int_t)r->qid)) &&
		     jset(o, "timeout", json_integer(r->timeout));
	}
	if (ok && rule[0])
		ok = jset(o, "rule", st_jstr(rule));
	text = ok ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	json_decref(o);
	if (!text)
		return -1;
	printf("%s\n", text);
	free(text);
	return 0;
}

/* {"type":"lost"}: the kernel dropped events for us. */
static void print_lost(void)
{
	json_t *o = json_pack("{s:s}", "type", "lost");
	char *text = o ? json_dumps(o, JSON_COMPACT) : NULL;

	if (text)
		printf("%s\n", text);
	free(text);
	json_decref(o);
}

/* The kernel dropped events for us: say so in the output's form. */
static void say_lost(struct monitor *m)
{
	char when[64];
	struct timespec ts;
	struct tm tm;

	if (m->json) {
		print_lost();
	} else if (m->out == OUT_SYSLOG) {
		clock_gettime(CLOCK_REALTIME, &ts);
		gmtime_r(&ts.tv_sec, &tm);
		strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
		st_syslog_lost(m->sl, when);
		fflush(m->sl);
	} else {
		printf("events lost (the reader was too slow)\n");
	}
}

/*
 * The text line of a report (no time: the reader of the line adds it):
 * the kernel log line's fields and words (st_report_print()), and the
 * rule learning would write.
 */
static void text_line(FILE *f, const struct st_report *r, const char *rule)
{
	st_report_print(f, r);
	if (rule[0])
		fprintf(f, ", learned: %s", rule);
}

/* A field of the dry run: NAME=value, bytes a line could not show as
 * \xNN (so one field is one line). */
static void print_field(const struct iovec *v)
{
	const unsigned char *p = v->iov_base;
	size_t i;

	for (i = 0; i < v->iov_len; i++) {
		if (p[i] < 0x20 || p[i] > 0x7e || p[i] == '\\')
			printf("\\x%02x", p[i]);
		else
			putchar(p[i]);
	}
	putchar('\n');
}

/* One report to the journal (or its fields on standard output). */
static void journal(struct monitor *m, const struct st_report *r,
		    const char *rule)
{
	struct iovec iov[ST_JOURNAL_FIELDS];
	char *msg = NULL;
	size_t mlen = 0;
	FILE *f = open_memstream(&msg, &mlen);
	int n, i, ret;

	if (!f)
		goto oom;
	text_line(f, r, rule);
	if (fclose(f))
		goto oom;
	n = st_journal_fields(r, msg, rule, iov);
	free(msg);
	if (n < 0)
		goto oom;
	if (m->out == OUT_DRY_RUN) {
		for (i = 0; i < n; i++)
			print_field(&iov[i]);
		printf("\n");
	} else {
		ret = sd_journal_sendv(iov, n);
		if (ret < 0)
			fprintf(stderr, "systracectl: monitor: journal: %s: an event not sent\n",
				strerror(-ret));
	}
	st_journal_free(iov, n);
	return;
oom:
	fprintf(stderr, "systracectl: monitor: out of memory: an event not sent\n");
}

/* One report as an RFC 5424 line, flushed (a collector sees it now). */
static void to_syslog(struct monitor *m, const struct st_report *r,
		      const char *when, const char *rule)
{
	char *msg = NULL;
	size_t mlen = 0;
	FILE *f = open_memstream(&msg, &mlen);

	if (!f) {
		fprintf(stderr, "systracectl: monitor: out of memory: an event not sent\n");
		return;
	}
	text_line(f, r, rule);
	if (fclose(f)) {
		fprintf(stderr, "systracectl: monitor: out of memory: an event not sent\n");
		free(msg);
		return;
	}
	st_syslog_write(m->sl, r, when, msg, rule);
	free(msg);
	if (fflush(m->sl))
		fprintf(stderr, "systracectl: monitor: syslog: %s: an event not sent\n",
			strerror(errno));
}

/*
 * --syslog's output: standard output, or @dev opened for writing (a
 * serial line made raw: bytes reach the collector as written).
 */
static FILE *open_syslog(const char *dev)
{
	struct termios t;
	FILE *f;
	int fd;

	if (!dev)
		return stdout;
	/* A file is made, readable by its owner only: the events name files. */
	fd = open(dev, O_WRONLY | O_NOCTTY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0) {
		fprintf(stderr, "systracectl: monitor: %s: %s\n", dev, strerror(errno));
		return NULL;
	}
	if (isatty(fd) && !tcgetattr(fd, &t)) {
		cfmakeraw(&t);
		tcsetattr(fd, TCSANOW, &t);
	}
	f = fdopen(fd, "w");
	if (!f)
		close(fd);
	return f;
}

static int on_msg(struct nl_msg *msg, void *arg)
{
	struct monitor *m = arg;
	const char *verdict = "ask", *ename;
	char stamp[64], when[96];
	char *rule;
	struct st_report r;
	struct timespec ts;
	struct tm tm;

	if (st_report_parse(msg, &r))
		return NL_SKIP;
	if (m->name && strcmp(m->name, r.name))
		return NL_SKIP;
	rule = calloc(1, ST_RULE_MAX);
	if (!rule)
		return NL_SKIP;
	if (r.cmd == SYSTRACE_CMD_EVENT) {
		verdict = st_verdict_name(r.verdict);
		/* The rule learning would write: from the attributes. */
		if (r.verdict == SYSTRACE_VERDICT_UNMATCHED_PERMIT &&
		    st_rule_text(r.emulation, r.call, r.args, r.nargs, NULL,
				 "permit", rule, ST_RULE_MAX) < 0)
			rule[0] = '\0';
	}
	ename = r.err ? strerrorname_np(r.err) : NULL;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S", &tm);

	if (m->json) {
		snprintf(when, sizeof(when), "%s.%06ldZ", stamp, ts.tv_nsec / 1000);
		if (print_json(&r, when, verdict, ename, rule) < 0)
			fprintf(stderr, "systracectl: monitor: out of memory: an event not printed\n");
	} else if (m->out == OUT_JOURNAL || m->out == OUT_DRY_RUN) {
		journal(m, &r, rule);
	} else if (m->out == OUT_SYSLOG) {
		snprintf(when, sizeof(when), "%s.%06ldZ", stamp, ts.tv_nsec / 1000);
		to_syslog(m, &r, when, rule);
	} else {
		printf("%s ", stamp);
		text_line(stdout, &r, rule);
		printf("\n");
	}
	free(rule);
	fflush(stdout);
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
		{ "journal", no_argument, NULL, 'J' },
		{ "journal-dry-run", no_argument, NULL, 'D' },
		{ "syslog", optional_argument, NULL, 'S' },
		{ "name", required_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct sigaction sa = { .sa_handler = on_signal };
	struct monitor m = { 0 };
	int c, ret, size = 8 << 20, outs = 0;
	const char *sldev = NULL;
	struct nl_cb *cb;
	struct st_nl nl;

	while ((c = getopt_long(argc, argv, "jn:h", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			m.json = 1;
			m.out = OUT_JSON;
			outs++;
			break;
		case 'J':
			m.out = OUT_JOURNAL;
			outs++;
			break;
		case 'D':
			m.out = OUT_DRY_RUN;
			outs++;
			break;
		case 'S':
			m.out = OUT_SYSLOG;
			sldev = optarg;
			outs++;
			break;
		case 'n':
			m.name = optarg;
			break;
		case 'h':
			fputs(usage, stdout);
			return ST_EXIT_OK;
		default:
			return st_bad_option("jn:h", argc, argv);
		}
	}
	/* One output. */
	if (optind != argc || outs > 1)
		return st_bad_usage(usage);
	if (m.out == OUT_SYSLOG) {
		m.sl = open_syslog(sldev);
		if (!m.sl)
			return ST_EXIT_FAIL;
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
	st_nl_rcvbuf(nl.sk, size);
	nl_socket_enable_msg_peek(nl.sk);
	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb) {
		st_nl_close(&nl);
		return ST_EXIT_FAIL;
	}
	nl_cb_set(cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, st_nl_any_seq, NULL);
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
			say_lost(&m);
			fflush(stdout);
		}
	}
	nl_cb_put(cb);
	st_nl_close(&nl);
	return ST_EXIT_OK;
}
