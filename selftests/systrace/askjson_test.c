// SPDX-License-Identifier: GPL-2.0
/*
 * The agent protocol end to end (Documentation/agent-protocol.rst):
 * "systracectl ask --json" and "systracectl run -g" with a front end that
 * is this test (or a shell script), a confined ask_helper that asks.
 * Answers of every kind; garbage, unknown ids, bad answers get error lines
 * and the question is denied by the kernel's timeout (an "expired" line);
 * a front end that goes away has its questions denied at once.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "harness.h"
#include "ctl.h"

#define POLICY	"/tmp/askj.policy"
#define RUN	"systracectl run -m ask -p askj -- /selftests/ask_helper"
#define ASK_TIMEOUT_PARAM "/sys/module/systrace/parameters/ask_timeout"

struct fe {
	pid_t pid;
	int to, from;		/* its standard input, its standard output */
	char buf[65536];
	size_t len;
};

/* systracectl ask --json, its output to us, its errors to @err. */
static int fe_start(struct fe *f, const char *err)
{
	int in[2], out[2], fd;

	/* Close-on-exec: a confined command started later must not hold
	 * its input open (its end would never come). */
	if (pipe2(in, O_CLOEXEC) < 0 || pipe2(out, O_CLOEXEC) < 0)
		return -1;
	f->len = 0;
	f->pid = fork();
	if (f->pid < 0)
		return -1;
	if (f->pid == 0) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		fd = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		dup2(fd, 2);
		close(in[1]);
		close(out[0]);
		execlp("systracectl", "systracectl", "ask", "--json", (char *)NULL);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	f->to = in[1];
	f->from = out[0];
	return 0;
}

/* The next line it writes (without its newline), or NULL at its end or
 * after @secs (a hang: only a hang fails on time). */
static const char *fe_line(struct fe *f, char *line, size_t size, double secs)
{
	double end = ctl_now() + secs;
	char *nl;
	ssize_t n;

	while (!(nl = memchr(f->buf, '\n', f->len))) {
		struct pollfd p = { .fd = f->from, .events = POLLIN };

		if (ctl_now() > end || poll(&p, 1, 200) < 0)
			return NULL;
		if (!p.revents)
			continue;
		n = read(f->from, f->buf + f->len, sizeof(f->buf) - f->len - 1);
		if (n <= 0)
			return NULL;
		f->len += n;
	}
	*nl = '\0';
	snprintf(line, size, "%s", f->buf);
	f->len -= nl + 1 - f->buf;
	memmove(f->buf, nl + 1, f->len);
	return line;
}

static void fe_send(struct fe *f, const char *s)
{
	ssize_t n = write(f->to, s, strlen(s));

	(void)n;
}

/* The id of a line, or -1. */
static long long line_id(const char *line)
{
	const char *p = strstr(line, "\"id\":");

	return p && p[5] != 'n' ? strtoll(p + 5, NULL, 10) : -1;
}

/* A confined command in the background, its output to @res. */
static pid_t run_bg(const char *args, const char *res)
{
	char cmd[512];
	pid_t pid;

	snprintf(cmd, sizeof(cmd), "exec %s %s > %s 2>&1", RUN, args, res);
	pid = fork();
	if (pid == 0) {
		setpgid(0, 0);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	return pid;
}

FIXTURE(askjson) {
	int ask_timeout;
	struct fe fe;
	char line[65536];
};

FIXTURE_SETUP(askjson)
{
	self->ask_timeout = atoi(ctl_read(ASK_TIMEOUT_PARAM));
	ASSERT_LT(0, self->ask_timeout);
	ASSERT_EQ(0, ctl_helper_policy(POLICY));
	ASSERT_EQ(0, ctl_sh("for f in a b c; do echo $f > /srv/ask/$f; done"));
	ASSERT_EQ(0, ctl_sh("systracectl load -m ask -n askj " POLICY));
}

FIXTURE_TEARDOWN(askjson)
{
	if (self->fe.pid > 0) {
		kill(self->fe.pid, SIGKILL);
		waitpid(self->fe.pid, NULL, 0);
	}
	ctl_sh("systracectl unload askj");
	ctl_sh("echo %d > " ASK_TIMEOUT_PARAM, self->ask_timeout);
}

/* The hello, questions with their fields, answers of every kind. */
TEST_F_TIMEOUT(askjson, answers, 300)
{
	char msg[512];
	long long id;
	pid_t run;
	const char *l;

	ASSERT_EQ(0, fe_start(&self->fe, "/tmp/askj1.err"));
	l = fe_line(&self->fe, self->line, sizeof(self->line), 60);
	ASSERT_NE(NULL, l);
	EXPECT_NE(NULL, strstr(l, "\"protocol\":\"systrace-agent\",\"version\":1"));
	run = run_bg("/srv/ask/a /srv/ask/b /srv/ask/c", "/tmp/askj1.res");
	ASSERT_LT(0, run);

	/* a: permit once. */
	l = fe_line(&self->fe, self->line, sizeof(self->line), 120);
	ASSERT_NE(NULL, l);
	TH_LOG("%s", l);
	EXPECT_NE(NULL, strstr(l, "\"type\":\"question\""));
	EXPECT_NE(NULL, strstr(l, "\"program\":\"/selftests/ask_helper\""));
	EXPECT_NE(NULL, strstr(l, "\"image\":\"askj\",\"mode\":\"ask\""));
	EXPECT_NE(NULL, strstr(l, "\"user\":\"root\""));
	EXPECT_NE(NULL, strstr(l, "\"call\":\"fsread\""));
	EXPECT_NE(NULL, strstr(l, "\"filename\":\"/srv/ask/a\""));
	EXPECT_NE(NULL, strstr(l, "{\"kind\":\"exact\",\"filter\":\"filename eq \\\"/srv/ask/a\\\"\"}"));
	EXPECT_NE(NULL, strstr(l, "{\"kind\":\"directory\",\"filter\":\"filename match \\\"/srv/ask/*\\\"\"}"));
	EXPECT_NE(NULL, strstr(l, "{\"kind\":\"call\",\"filter\":\"true\"}"));
	id = line_id(l);
	ASSERT_LE(0, id);
	snprintf(msg, sizeof(msg), "{\"id\":%lld,\"answer\":\"permit\"}\n", id);
	fe_send(&self->fe, msg);
	l = fe_line(&self->fe, self->line, sizeof(self->line), 60);
	ASSERT_NE(NULL, l);
	EXPECT_NE(NULL, strstr(l, "\"type\":\"answered\""));
	EXPECT_EQ(id, line_id(l));

	/* b: deny[enoent] once. */
	l = fe_line(&self->fe, self->line, sizeof(self->line), 120);
	ASSERT_NE(NULL, l);
	EXPECT_NE(NULL, strstr(l, "\"filename\":\"/srv/ask/b\""));
	id = line_id(l);
	snprintf(msg, sizeof(msg), "{\"id\":%lld,\"answer\":\"deny\",\"errno\":\"enoent\"}\n", id);
	fe_send(&self->fe, msg);
	l = fe_line(&self->fe, self->line, sizeof(self->line), 60);
	ASSERT_NE(NULL, l);
	EXPECT_NE(NULL, strstr(l, "\"type\":\"answered\""));
	EXPECT_NE(NULL, strstr(l, "\"errno\":\"enoent\""));

	/* c: permit always, with a filter of the front end's. */
	l = fe_line(&self->fe, self->line, sizeof(self->line), 120);
	ASSERT_NE(NULL, l);
	EXPECT_NE(NULL, strstr(l, "\"filename\":\"/srv/ask/c\""));
	id = line_id(l);
	snprintf(msg, sizeof(msg), "{\"id\":%lld,\"answer\":\"permit\",\"scope\":\"always\","
		 "\"filter\":\"filename match \\\"/srv/ask/*\\\"\"}\n", id);
	fe_send(&self->fe, msg);
	l = fe_line(&self->fe, self->line, sizeof(self->line), 60);
	ASSERT_NE(NULL, l);
	TH_LOG("%s", l);
	EXPECT_NE(NULL, strstr(l, "\"scope\":\"always\""));
	EXPECT_NE(NULL, strstr(l, "\"rule\":\"native-fsread: filename match \\\"/srv/ask/*\\\" then permit\""));

	EXPECT_EQ(0, ctl_wait(run, CTL_HANG));
	EXPECT_STREQ("/srv/ask/a: ok\n/srv/ask/b: ENOENT\n/srv/ask/c: ok\n",
		     ctl_read("/tmp/askj1.res"));
	/* Input ends with nothing waiting: the agent ends well. */
	close(self->fe.to);
	EXPECT_EQ(0, ctl_wait(self->fe.pid, CTL_HANG));
	self->fe.pid = 0;
	EXPECT_EQ(1, ctl_count(POLICY, "native-fsread: filename match \"/srv/ask/*\" then permit\n"));
	/* In the kernel too: b passes unasked, with no agent at all. */
	ASSERT_EQ(0, ctl_sh(RUN " /srv/ask/b > /tmp/askj1b.res 2>&1"));
	EXPECT_STREQ("/srv/ask/b: ok\n", ctl_read("/tmp/askj1b.res"));
}

/*
 * Garbage, an unknown id, bad answers: an error line each, nothing
 * answered; the kernel's timeout denies the question, and the front end
 * reads "expired". Nothing is lost: the question came once.
 */
TEST_F_TIMEOUT(askjson, bad_input, 300)
{
	static const char *const bad[][2] = {
		{ "nonsense\n", "\"code\":\"bad-json\"" },
		{ "[1,2]\n", "\"code\":\"bad-json\"" },
		{ "{\"id\":999999999,\"answer\":\"permit\"}\n", "\"code\":\"unknown-question\"" },
		{ "{\"answer\":\"permit\"}\n", "\"code\":\"bad-answer\"" },
		{ "{\"protocol\":\"systrace-agent\",\"version\":2}\n", "\"code\":\"version\"" },
		{ "{\"id\":%lld,\"answer\":\"maybe\"}\n", "\"code\":\"bad-answer\"" },
		{ "{\"id\":%lld,\"answer\":\"permit\",\"colour\":\"red\"}\n", "\"code\":\"bad-answer\"" },
		{ "{\"id\":%lld,\"answer\":\"permit\",\"filter\":\"true\"}\n", "\"code\":\"bad-answer\"" },
		{ "{\"id\":%lld,\"answer\":\"deny\",\"errno\":\"enosuch\"}\n", "\"code\":\"bad-errno\"" },
		{ "{\"id\":%lld,\"answer\":\"detach\"}\n", "\"code\":\"unsupported\"" },
	};
	char msg[512];
	long long id;
	size_t i;
	pid_t run;
	const char *l;

	/* Short questions: the denial by timeout is what is tested. */
	ASSERT_EQ(0, ctl_sh("echo 3 > " ASK_TIMEOUT_PARAM " && systracectl load -m ask -n askj " POLICY));
	ASSERT_EQ(0, fe_start(&self->fe, "/tmp/askj2.err"));
	ASSERT_NE(NULL, fe_line(&self->fe, self->line, sizeof(self->line), 60));
	run = run_bg("/srv/ask/a", "/tmp/askj2.res");
	ASSERT_LT(0, run);
	l = fe_line(&self->fe, self->line, sizeof(self->line), 120);
	ASSERT_NE(NULL, l);
	ASSERT_NE(NULL, strstr(l, "\"type\":\"question\""));
	id = line_id(l);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(msg, sizeof(msg), bad[i][0], id);
		fe_send(&self->fe, msg);
		l = fe_line(&self->fe, self->line, sizeof(self->line), 60);
		ASSERT_NE(NULL, l);
		TH_LOG("%s-> %s", msg, l);
		EXPECT_NE(NULL, strstr(l, "\"type\":\"error\""));
		EXPECT_NE(NULL, strstr(l, bad[i][1]));
		EXPECT_NE(NULL, strstr(l, "\"message\":\""));
	}
	/* Nothing more comes until the kernel's timeout: then "expired". */
	l = fe_line(&self->fe, self->line, sizeof(self->line), 120);
	ASSERT_NE(NULL, l);
	EXPECT_NE(NULL, strstr(l, "\"type\":\"expired\""));
	EXPECT_EQ(id, line_id(l));
	EXPECT_EQ(0, ctl_wait(run, CTL_HANG));
	EXPECT_STREQ("/srv/ask/a: EPERM\n", ctl_read("/tmp/askj2.res"));
	/* Too late now: the question is gone. */
	snprintf(msg, sizeof(msg), "{\"id\":%lld,\"answer\":\"permit\"}\n", id);
	fe_send(&self->fe, msg);
	l = fe_line(&self->fe, self->line, sizeof(self->line), 60);
	ASSERT_NE(NULL, l);
	EXPECT_NE(NULL, strstr(l, "\"code\":\"unknown-question\""));
	close(self->fe.to);
	EXPECT_EQ(0, ctl_wait(self->fe.pid, CTL_HANG));
	self->fe.pid = 0;
}

/*
 * The front end goes away with a question waiting: the agent ends (status
 * 1, saying so) and the kernel denies the question at once: its timeout
 * (600 s) is longer than this test may take.
 */
TEST_F_TIMEOUT(askjson, front_end_gone, 300)
{
	pid_t run;
	const char *l;

	ASSERT_EQ(0, ctl_sh("echo 600 > " ASK_TIMEOUT_PARAM " && systracectl load -m ask -n askj " POLICY));
	ASSERT_EQ(0, fe_start(&self->fe, "/tmp/askj3.err"));
	ASSERT_NE(NULL, fe_line(&self->fe, self->line, sizeof(self->line), 60));
	run = run_bg("/srv/ask/a", "/tmp/askj3.res");
	ASSERT_LT(0, run);
	l = fe_line(&self->fe, self->line, sizeof(self->line), 120);
	ASSERT_NE(NULL, l);
	ASSERT_NE(NULL, strstr(l, "\"type\":\"question\""));
	close(self->fe.to);
	close(self->fe.from);
	EXPECT_EQ(1, ctl_wait(self->fe.pid, 120));
	self->fe.pid = 0;
	EXPECT_EQ(0, ctl_wait(run, CTL_HANG));
	EXPECT_STREQ("/srv/ask/a: EPERM\n", ctl_read("/tmp/askj3.res"));
	EXPECT_EQ(1, ctl_count("/tmp/askj3.err", "the front end went away"));
}

/* systracectl run -g: a shell front end answers the run's own questions. */
TEST_F_TIMEOUT(askjson, run_gui, 300)
{
	(void)self;
	ASSERT_EQ(0, ctl_sh("systracectl unload askj"));
	ASSERT_EQ(0, ctl_sh("cp " POLICY " /tmp/askj4.policy"));
	ASSERT_EQ(0, ctl_sh("cat > /tmp/askj4.sh <<'EOF'\n"
			    "[ \"$SYSTRACE_AGENT\" = stdio ] || exit 1\n"
			    "while read -r l; do\n"
			    "  echo \"$l\" >> /tmp/askj4.log\n"
			    "  case \"$l\" in *'\"type\":\"question\"'*)\n"
			    "    id=${l#*'\"id\":'}; id=${id%%%%,*}\n"
			    "    echo \"{\\\"id\\\":$id,\\\"answer\\\":\\\"deny\\\",\\\"errno\\\":\\\"eacces\\\"}\";;\n"
			    "  esac\n"
			    "done\n"
			    "EOF"));
	ASSERT_EQ(0, ctl_sh("rm -f /tmp/askj4.log; systracectl run -g 'sh /tmp/askj4.sh' -p /tmp/askj4.policy"
			    " -- /selftests/ask_helper /srv/ask/a /srv/ask/b > /tmp/askj4.res 2>/tmp/askj4.err"));
	TH_LOG("%s", ctl_read("/tmp/askj4.log"));
	EXPECT_STREQ("/srv/ask/a: EACCES\n/srv/ask/b: EACCES\n", ctl_read("/tmp/askj4.res"));
	EXPECT_EQ(1, ctl_count("/tmp/askj4.log", "\"protocol\":\"systrace-agent\""));
	EXPECT_EQ(2, ctl_count("/tmp/askj4.log", "\"type\":\"question\""));
	EXPECT_EQ(2, ctl_count("/tmp/askj4.log", "\"type\":\"answered\""));
	EXPECT_EQ(2, ctl_count("/tmp/askj4.log", "\"mode\":\"ask\""));
}

TEST_HARNESS_MAIN
