// SPDX-License-Identifier: GPL-2.0
/*
 * systracectl ask, the system-wide agent, end to end: a confined program
 * (ask_helper, in ask mode under a policy that covers everything but its
 * opens under /srv/ask) asks; the agent answers from a script, from a
 * terminal (tmux), dies with 100 questions waiting, and answers 1,000
 * concurrent questions.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "harness.h"
#include "ctl.h"

#define POLICY	"/tmp/askt.policy"
#define RUN	"systracectl run -m ask -p askt -- /selftests/ask_helper"

static const char *const ask_argv[] = { "systracectl", "ask", NULL };

#define ASK_TIMEOUT_PARAM "/sys/module/systrace/parameters/ask_timeout"

FIXTURE(ask) {
	int ask_timeout;	/* the module's, restored at the end */
};

FIXTURE_SETUP(ask)
{
	self->ask_timeout = atoi(ctl_read(ASK_TIMEOUT_PARAM));
	ASSERT_LT(0, self->ask_timeout);
	ASSERT_EQ(0, ctl_helper_policy(POLICY));
	ASSERT_EQ(0, ctl_sh("for f in a b c; do echo $f > /srv/ask/$f; done"));
	ASSERT_EQ(0, ctl_sh("systracectl load -m ask -n askt " POLICY));
	/* load records where the image came from, for "always". */
	ASSERT_NE(NULL, strstr(ctl_read("/run/systrace/askt.src"), POLICY));
}

FIXTURE_TEARDOWN(ask)
{
	ctl_sh("systracectl unload askt");
	ctl_sh("echo %d > " ASK_TIMEOUT_PARAM, self->ask_timeout);
}

/* A script answers permit, deny[enoent] and "permit always", in order. */
TEST_F_TIMEOUT(ask, scripted, 120)
{
	static const char answers[] = "permit\ndeny[enoent]\npermit always\n";
	int wfd, st;
	pid_t agent;

	agent = ctl_start("/tmp/ask1.out", "agent is ready", &wfd, ask_argv);
	ASSERT_LT(0, agent);
	ASSERT_EQ(sizeof(answers) - 1, write(wfd, answers, sizeof(answers) - 1));
	close(wfd);

	ASSERT_EQ(0, ctl_sh(RUN " /srv/ask/a /srv/ask/b /srv/ask/c > /tmp/ask1.res 2>&1"));
	EXPECT_STREQ("/srv/ask/a: ok\n/srv/ask/b: ENOENT\n/srv/ask/c: ok\n",
		     ctl_read("/tmp/ask1.res"));
	/* The script is used up: the agent ends. */
	st = ctl_wait(agent, CTL_HANG);
	EXPECT_EQ(0, st);
	TH_LOG("agent: %s", ctl_read("/tmp/ask1.out"));
	EXPECT_EQ(3, ctl_count("/tmp/ask1.out", "question "));
	EXPECT_NE(NULL, strstr(ctl_read("/tmp/ask1.out"), "filename: \"/srv/ask/a\""));
	EXPECT_NE(NULL, strstr(ctl_read("/tmp/ask1.out"), "filename: \"/srv/ask/c\""));
	EXPECT_EQ(1, ctl_count("/tmp/ask1.out", ": deny[enoent]"));

	/* "always" is in the file on disk... */
	EXPECT_EQ(1, ctl_count(POLICY,
			       "native-fsread: filename eq \"/srv/ask/c\" then permit\n"));
	EXPECT_EQ(0, ctl_count(POLICY, "/srv/ask/a"));
	/* ...and in the kernel: with no agent at all, c passes unasked,
	 * while a (answered once) is denied: nobody to ask. */
	ASSERT_EQ(0, ctl_sh(RUN " /srv/ask/c /srv/ask/a > /tmp/ask1b.res 2>&1"));
	EXPECT_STREQ("/srv/ask/c: ok\n/srv/ask/a: EPERM\n", ctl_read("/tmp/ask1b.res"));
	/* The next load of the file keeps it too. */
	ASSERT_EQ(0, ctl_sh("systracectl load -m ask -n askt " POLICY));
	ASSERT_EQ(0, ctl_sh(RUN " /srv/ask/c > /tmp/ask1c.res 2>&1"));
	EXPECT_STREQ("/srv/ask/c: ok\n", ctl_read("/tmp/ask1c.res"));
}

/*
 * systracectl run in ask mode is the agent of its own image: it answers
 * from its standard input here (no terminal), and "always" goes into the
 * file it loaded.
 */
TEST_F_TIMEOUT(ask, run_agent, 120)
{
	(void)self;
	/*
	 * askt binds the helper's path: it would be a layer of its own
	 * beside the run's, asking the system-wide agent (none here).
	 */
	ASSERT_EQ(0, ctl_sh("systracectl unload askt"));
	ASSERT_EQ(0, ctl_sh("cp " POLICY " /tmp/own.policy"));
	ASSERT_EQ(0, ctl_sh("printf 'deny[eacces]\\npermit always\\n' | systracectl run -p /tmp/own.policy"
			    " -- /selftests/ask_helper /srv/ask/a /srv/ask/b > /tmp/own.res 2>/tmp/own.err"));
	EXPECT_STREQ("/srv/ask/a: EACCES\n/srv/ask/b: ok\n", ctl_read("/tmp/own.res"));
	TH_LOG("%s", ctl_read("/tmp/own.err"));
	EXPECT_EQ(2, ctl_count("/tmp/own.err", "question "));
	EXPECT_EQ(1, ctl_count("/tmp/own.policy",
			       "native-fsread: filename eq \"/srv/ask/b\" then permit\n"));
	ASSERT_EQ(0, ctl_sh("systracectl run -a -p /tmp/own.policy -- /selftests/ask_helper"
			    " /srv/ask/b /srv/ask/a > /tmp/own2.res"));
	EXPECT_STREQ("/srv/ask/b: ok\n/srv/ask/a: EPERM\n", ctl_read("/tmp/own2.res"));
}

/* Lines that are no answer deny, and say why. */
TEST_F_TIMEOUT(ask, bad_answer, 120)
{
	static const char answers[] = "perhaps\ndeny[nosuch]\n";
	int wfd;
	pid_t agent;

	agent = ctl_start("/tmp/ask2.out", "agent is ready", &wfd, ask_argv);
	ASSERT_LT(0, agent);
	ASSERT_EQ(sizeof(answers) - 1, write(wfd, answers, sizeof(answers) - 1));
	close(wfd);
	ASSERT_EQ(0, ctl_sh(RUN " /srv/ask/a /srv/ask/b > /tmp/ask2.res 2>&1"));
	EXPECT_STREQ("/srv/ask/a: EPERM\n/srv/ask/b: EPERM\n", ctl_read("/tmp/ask2.res"));
	EXPECT_EQ(0, ctl_wait(agent, CTL_HANG));
	EXPECT_EQ(1, ctl_count("/tmp/ask2.out", "not an answer"));
	EXPECT_EQ(1, ctl_count("/tmp/ask2.out", "not an errno name"));
}

/*
 * An answer after the question's timeout: the kernel denied the call and
 * refuses the answer (ENOENT); the agent says so on the answer's line,
 * and no more (the error comes without an ACK asked: agent.c).
 */
TEST_F_TIMEOUT(ask, too_late, 120)
{
	int wfd;
	pid_t agent;

	ASSERT_EQ(0, ctl_sh("echo 1 > " ASK_TIMEOUT_PARAM));
	agent = ctl_start("/tmp/ask7.out", "agent is ready", &wfd, ask_argv);
	ASSERT_LT(0, agent);
	/* Answered only once the kernel gave up on the question. */
	ASSERT_EQ(0, ctl_sh(RUN " /srv/ask/a > /tmp/ask7.res 2>&1"));
	EXPECT_STREQ("/srv/ask/a: EPERM\n", ctl_read("/tmp/ask7.res"));
	ASSERT_EQ(7, write(wfd, "permit\n", 7));
	close(wfd);
	EXPECT_EQ(0, ctl_wait(agent, CTL_HANG));
	TH_LOG("agent: %s", ctl_read("/tmp/ask7.out"));
	EXPECT_EQ(1, ctl_count("/tmp/ask7.out",
			       ": permit (too late: the question is gone, the kernel denied it)\n"));
	EXPECT_EQ(0, ctl_count("/tmp/ask7.out", "systracectl: answer"));
}

/* A second agent is refused with the kernel's reason; exit code 4. */
TEST_F_TIMEOUT(ask, busy, 120)
{
	int wfd;
	pid_t agent;

	agent = ctl_start("/tmp/ask3.out", "agent is ready", &wfd, ask_argv);
	ASSERT_LT(0, agent);
	EXPECT_EQ(4, ctl_sh("systracectl ask </dev/null >/tmp/ask3b.out 2>&1"));
	EXPECT_NE(NULL, strstr(ctl_read("/tmp/ask3b.out"), "another agent is registered"));
	close(wfd);
	EXPECT_EQ(0, ctl_wait(agent, CTL_HANG));
}

/*
 * The agent killed with 100 tasks waiting: all are denied because it died,
 * none hangs, none waits for its question's timeout.
 *
 * Proved by the order of events, not by how fast the guest runs (a
 * loaded host once made it 3.8 s from the kill to the last denial under
 * TCG): the questions wait ASK_TIMEOUT seconds (the module's default, set
 * long for this test: asking them took up to 99 s under load), and each
 * task stamps the moment its denied open returned (ask_helper -T,
 * CLOCK_MONOTONIC, the same clock as ours). Every
 * stamp comes after the kill (no task was answered while the agent lived)
 * and before the earliest moment any question could have timed out (it was
 * asked after @asked): the agent's death is the only thing left that
 * denies them. The tasks then hold (-H) until every stamp is in, so that
 * their exits stay out of the way of the tasks still to be woken.
 */
#define ASK_TIMEOUT	600

TEST_F_TIMEOUT(ask, agent_killed, 1200)
{
	static const char *const mon_argv[] = { "systracectl", "monitor", "--json", NULL };
	double asked, killed = 0, t, first = 0, last = 0;
	pid_t agent, mon, pids[100];
	int wfd, i, n = 0, stamps[2];
	char line[256];
	FILE *in;

	/* The hold's sleep: a call no rule covers would be a question too. */
	ASSERT_EQ(0, ctl_sh("echo '	native-clock_nanosleep: permit' >> " POLICY
			    " && systracectl load -m ask -n askt " POLICY));
	ASSERT_EQ(0, ctl_sh("echo %d > " ASK_TIMEOUT_PARAM, ASK_TIMEOUT));
	ASSERT_EQ(0, pipe(stamps));
	mon = ctl_start("/tmp/ask4.mon", "monitoring", NULL, mon_argv);
	ASSERT_LT(0, mon);
	agent = ctl_start("/tmp/ask4.out", "agent is ready", &wfd, ask_argv);
	ASSERT_LT(0, agent);
	asked = ctl_now();
	for (i = 0; i < 100; i++) {
		pids[i] = fork();
		ASSERT_LE(0, pids[i]);
		if (pids[i] == 0) {
			/* Its own group: systracectl run and its task go together. */
			setpgid(0, 0);
			dup2(stamps[1], 1);
			close(stamps[0]);
			close(stamps[1]);
			execlp("systracectl", "systracectl", "run", "-m", "ask", "-p",
			       "askt", "--", "/selftests/ask_helper", "-T", "-H",
			       "/srv/ask/a", (char *)NULL);
			_exit(127);
		}
	}
	close(stamps[1]);
	in = fdopen(stamps[0], "r");
	ASSERT_NE(NULL, in);
	/* Every question is asked (the events group sees each one). */
	EXPECT_EQ(0, ctl_wait_for("/tmp/ask4.mon", "\"type\":\"question\"", 100, 300)) {
		TH_LOG("%d questions seen, %d events lost",
		       ctl_count("/tmp/ask4.mon", "\"type\":\"question\""),
		       ctl_count("/tmp/ask4.mon", "\"type\":\"lost\""));
		goto out;
	}
	/* Each with the long timeout: waiting for it would show. */
	snprintf(line, sizeof(line), "\"timeout\":%d", ASK_TIMEOUT);
	EXPECT_EQ(100, ctl_count("/tmp/ask4.mon", line));
	killed = ctl_now();
	kill(agent, SIGKILL);
	/* One line per task, in the order they were answered; a task that
	 * hung would keep the pipe open and fgets waiting: the harness's
	 * timeout ends the test. */
	while (n < 100 && fgets(line, sizeof(line), in)) {
		EXPECT_EQ(0, strncmp(line, "/srv/ask/a: EPERM ", 18)) {
			TH_LOG("task %d: %s", n, line);
			break;
		}
		t = atof(line + 18);
		if (!n || t < first)
			first = t;
		if (t > last)
			last = t;
		n++;
	}
	EXPECT_EQ(100, n);
	TH_LOG("denied %.3f to %.3f s after the kill; asked from %.3f s before it, to time out %d s later",
	       first - killed, last - killed, killed - asked, ASK_TIMEOUT);
	EXPECT_LT(killed, first);
	EXPECT_GT(asked + ASK_TIMEOUT, last);
out:
	kill(agent, SIGKILL);
	waitpid(agent, NULL, 0);
	for (i = 0; i < 100; i++) {
		kill(-pids[i], SIGKILL);
		waitpid(pids[i], NULL, 0);
	}
	fclose(in);
	close(wfd);
	kill(mon, SIGTERM);
	ctl_wait(mon, 10);
}

/*
 * 1,000 questions at once from 50 processes of 20 threads: each is
 * answered once; none is lost. The agent answers them one by one, so the
 * last waits for all the others: with the default 60 s timeout, a loaded
 * host once made 554 of them time out (6.12). The longest timeout
 * (SYSTRACE_MAX_ASK_TIMEOUT) makes the test about answers, not speed.
 */
TEST_F_TIMEOUT(ask, thousand, 3600)
{
	char *answers = malloc(8 * 1000), path[64];
	pid_t agent, pids[50];
	int wfd, i, ok = 0;
	size_t n = 0;

	ASSERT_NE(NULL, answers);
	ASSERT_EQ(0, ctl_sh("echo 3600 > " ASK_TIMEOUT_PARAM));
	for (i = 0; i < 1000; i++)
		n += sprintf(answers + n, "permit\n");
	agent = ctl_start("/tmp/ask5.out", "agent is ready", &wfd, ask_argv);
	ASSERT_LT(0, agent);
	ASSERT_EQ((ssize_t)n, write(wfd, answers, n));
	close(wfd);
	for (i = 0; i < 50; i++) {
		pids[i] = fork();
		ASSERT_LE(0, pids[i]);
		if (pids[i] == 0) {
			snprintf(path, sizeof(path), "/tmp/ask5.%d", i);
			freopen(path, "w", stdout);
			execlp("systracectl", "systracectl", "run", "-m", "ask", "-p",
			       "askt", "--", "/selftests/ask_helper", "-t", "20",
			       "/srv/ask/b", (char *)NULL);
			_exit(127);
		}
	}
	for (i = 0; i < 50; i++) {
		EXPECT_EQ(0, ctl_wait(pids[i], 3000));
		snprintf(path, sizeof(path), "/tmp/ask5.%d", i);
		ok += ctl_count(path, "/srv/ask/b: ok\n");
	}
	EXPECT_EQ(1000, ok);
	EXPECT_EQ(0, ctl_wait(agent, CTL_HANG));
	EXPECT_EQ(1000, ctl_count("/tmp/ask5.out", "question "));
	EXPECT_EQ(1000, ctl_count("/tmp/ask5.out", ": permit\n"));
	EXPECT_EQ(0, ctl_count("/tmp/ask5.out", "too late"));
	EXPECT_EQ(0, ctl_count("/tmp/ask5.out", "systracectl:") -
		  ctl_count("/tmp/ask5.out", "agent is ready"));
	/* Each question id once, each answered once. */
	EXPECT_EQ(0, ctl_sh("sed -n 's/^question \\([0-9]*\\):.*/\\1/p' /tmp/ask5.out | sort | uniq -d | grep -q . && exit 1; "
			    "test $(sed -n 's/^question \\([0-9]*\\):.*/\\1/p' /tmp/ask5.out | sort -u | wc -l) = 1000"));
	EXPECT_EQ(0, ctl_sh("test $(sed -n 's/^answer \\([0-9]*\\):.*/\\1/p' /tmp/ask5.out | sort -u | wc -l) = 1000"));
	free(answers);
}

/*
 * A person at a terminal: the prompt in tmux, answered with send-keys.
 * The waits for the screen are 600 s: they end a hang, and do not
 * measure the guest's speed.
 */

/* The screen of the agent's terminal. */
static const char *term_pane(void)
{
	ctl_sh("tmux capture-pane -p -t ask > /tmp/ask6.pane");
	return ctl_read("/tmp/ask6.pane");
}

/* 0 once @text (a grep pattern) is on the screen; 600 s at most. */
static int term_wait(const char *text)
{
	return ctl_sh("for i in $(seq 6000); do tmux capture-pane -p -t ask | grep -q '%s' && exit 0; sleep 0.1; done; exit 1",
		      text);
}

/*
 * "systracectl ask" on a tmux terminal, its editrc file binding ^T to cut
 * the line (the prompt is libedit's), ready for questions; 0 or -1.
 */
static int term_start(void)
{
	mkdir("/dev/pts", 0755);
	mount("devpts", "/dev/pts", "devpts", 0, "mode=620,ptmxmode=666");
	setenv("LANG", "C.UTF-8", 1);
	setenv("TERM", "xterm", 1);
	if (ctl_sh("echo 'systracectl:bind ^T em-kill-line' > /tmp/ask6.editrc"))
		return -1;
	/* The tmux server has been seen to die at its start (once, 6.12):
	 * try again before calling it a failure. */
	if (ctl_sh("for i in 1 2 3; do tmux -u new-session -d -s ask -x 160 -y 50 \"EDITRC=/tmp/ask6.editrc systracectl ask; echo ask exited \\$?; sleep 60\" && exit 0; "
		   "tmux kill-server 2>/dev/null; sleep 1; done; exit 1"))
		return -1;
	return term_wait("agent is ready");
}

/* The helper, confined in ask mode, opens @a and @b (if not NULL); its
 * output in @res. */
static pid_t term_run(const char *res, const char *a, const char *b)
{
	pid_t run = fork();

	if (run == 0) {
		freopen(res, "w", stdout);
		execlp("systracectl", "systracectl", "run", "-m", "ask", "-p", "askt",
		       "--", "/selftests/ask_helper", a, b, (char *)NULL);
		_exit(127);
	}
	return run;
}

TEST_F_TIMEOUT(ask, terminal, 400)
{
	const char *pane;
	pid_t run;

	if (access("/usr/bin/tmux", X_OK))
		SKIP(return, "no tmux in the VM image");
	if (term_start()) {
		ctl_sh("tmux kill-server");
		ASSERT_EQ(NULL, term_pane());
	}

	run = term_run("/tmp/ask6.res", "/srv/ask/a", "/srv/ask/b");
	ASSERT_LE(0, run);
	EXPECT_EQ(0, term_wait("answer?"));
	pane = term_pane();
	TH_LOG("%s", pane);
	ASSERT_NE(NULL, strstr(pane, "answer?"));
	/* As systrace showed it: program, pid, user, policy, call, arguments. */
	EXPECT_NE(NULL, strstr(pane, "\"ask_helper\"("));
	EXPECT_NE(NULL, strstr(pane, "user: root, policy: \"askt"));
	EXPECT_NE(NULL, strstr(pane, "native-fsread, filename: \"/srv/ask/a\""));

	/* help, then an answer typed with a mistake and corrected: a line
	 * cut by the editrc's ^T, a letter by Left and Backspace. */
	ASSERT_EQ(0, ctl_sh("tmux send-keys -t ask help Enter && sleep 0.5"));
	ASSERT_EQ(0, term_wait("deny\\[ERRNO\\]"));
	ASSERT_EQ(0, ctl_sh("tmux send-keys -t ask deny C-t permxt Left BSpace i Enter"));
	ASSERT_EQ(0, term_wait("filename: \"/srv/ask/b\""));
	/* History and line editing: Up recalls "permit", ^U clears it. */
	ASSERT_EQ(0, ctl_sh("tmux send-keys -t ask Up C-u 'deny[eacces]' Enter"));
	EXPECT_EQ(0, ctl_wait(run, CTL_HANG));
	EXPECT_STREQ("/srv/ask/a: ok\n/srv/ask/b: EACCES\n", ctl_read("/tmp/ask6.res"));
	pane = term_pane();
	EXPECT_NE(NULL, strstr(pane, "answer 1"));
	EXPECT_NE(NULL, strstr(pane, ": deny[eacces]"));
	ctl_sh("tmux kill-server");
}

/*
 * The question on the screen times out while the person types: its prompt
 * ends, and the next question is shown before any answer goes to it (an
 * answer typed then was the next question's, never shown).
 */
TEST_F_TIMEOUT(ask, terminal_timeout, 400)
{
	pid_t run_a, run_b;

	if (access("/usr/bin/tmux", X_OK))
		SKIP(return, "no tmux in the VM image");
	if (term_start()) {
		ctl_sh("tmux kill-server");
		ASSERT_EQ(NULL, term_pane());
	}
	/* a's question times out in 3 s; b's, asked after, does not. */
	ASSERT_EQ(0, ctl_sh("echo 3 > " ASK_TIMEOUT_PARAM));
	run_a = term_run("/tmp/ask7a.res", "/srv/ask/a", NULL);
	ASSERT_LE(0, run_a);
	ASSERT_EQ(0, term_wait("filename: \"/srv/ask/a\""));
	ASSERT_EQ(0, ctl_sh("echo 3600 > " ASK_TIMEOUT_PARAM));
	run_b = term_run("/tmp/ask7b.res", "/srv/ask/b", NULL);
	ASSERT_LE(0, run_b);
	/* Typed, not sent: the question times out under it. */
	ASSERT_EQ(0, ctl_sh("tmux send-keys -t ask perm"));
	ASSERT_EQ(0, term_wait("no answer in 3 s, denied by the kernel"));
	EXPECT_EQ(0, ctl_wait(run_a, CTL_HANG));
	EXPECT_STREQ("/srv/ask/a: EPERM\n", ctl_read("/tmp/ask7a.res"));
	/* b is shown, on a prompt of its own (what was typed went with a). */
	EXPECT_EQ(0, term_wait("filename: \"/srv/ask/b\""));
	ASSERT_EQ(0, ctl_sh("tmux send-keys -t ask permit Enter"));
	EXPECT_EQ(0, ctl_wait(run_b, CTL_HANG));
	EXPECT_STREQ("/srv/ask/b: ok\n", ctl_read("/tmp/ask7b.res"));
	EXPECT_EQ(0, term_wait("answer [0-9]*: permit"));
	TH_LOG("%s", term_pane());
	ctl_sh("tmux kill-server");
}

TEST_HARNESS_MAIN
