// SPDX-License-Identifier: GPL-2.0
/*
 * Attacks on who answers questions (issue 17): a user runs one agent of its
 * own (systracectl ask, without root) for every image it owns, and that
 * agent must never hear of anyone else's programs.
 *
 *   - user 1001 registers an agent, ready to permit anything: the
 *     questions of user 1000's image and of root's image never reach it;
 *   - user 1000's agent gets its own image's question, and its permit lets
 *     the program proceed, on a terminal's protocol and in JSON lines;
 *   - a confined task, root or a user, registers no agent;
 *   - a second agent for the same uid is refused;
 *   - root's system-wide agent still gets root's images' questions while a
 *     user's agent is registered, never the questions of that user's
 *     images, and gets them again once the user's agent is gone;
 *   - a socket another user opened registers no agent for its sender;
 *   - the user's agent dies with a question waiting: it is denied.
 *
 * The programs are copies of ask_helper (it opens /srv/ask/a and prints
 * "/srv/ask/a: ok" or the errno's name), bound at exec by a policy that
 * covers everything but opens under /srv/ask (ctl_helper_policy()): in ask
 * mode, that open is the question. /tmp/agt-user is bound by user 1000's
 * image ~1000/agt, /tmp/agt-root by root's global image agt_root. With no
 * agent to ask, a question is denied at once: a program that printed
 * "/srv/ask/a: EPERM" asked nobody who would have permitted it.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/wait.h>

#include "harness.h"
#include "confine.h"
#include "ctl.h"

#define U1	1000
#define U2	1001
#define UPROG	"/tmp/agt-user"
#define RPROG	"/tmp/agt-root"
#define UIMAGE	"~1000/agt"
#define RIMAGE	"agt_root"
#define OK	"/srv/ask/a: ok\n"
#define EPERM_	"/srv/ask/a: EPERM\n"

/* What a confined task needs to send a request on a socket it holds. */
static const char conf_policy[] =
	"Policy: /nonexistent/agt-conf, Emulation: native\n"
	"\tnative-sendmsg: permit\n"
	"\tnative-sendto: permit\n"
	"\tnative-recvmsg: permit\n"
	"\tnative-recvfrom: permit\n"
	"\tnative-mmap: permit\n"
	"\tnative-close: permit\n";

static const char *const ask_argv[] = { "systracectl", "ask", NULL };

/* Become uid/gid @id for good (no capability left). */
static int drop_to(uid_t id)
{
	if (setgroups(0, NULL) || setresgid(id, id, id) ||
	    setresuid(id, id, id))
		return -errno;
	return 0;
}

/*
 * ctl_start() as @uid: "systracectl ARGS..." with standard input from a
 * new pipe (*@wfd its writing end), output to @out; waits until it says
 * its agent is ready. The pid, or -1.
 */
static pid_t start_as(uid_t uid, const char *out, int *wfd,
		      const char *const argv[])
{
	int p[2], fd;
	pid_t pid;

	if (pipe(p) < 0)
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		dup2(p[0], 0);
		close(p[0]);
		close(p[1]);
		fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		dup2(fd, 1);
		dup2(fd, 2);
		if (uid && drop_to(uid))
			_exit(126);
		execvp("systracectl", (char *const *)argv);
		_exit(127);
	}
	close(p[0]);
	*wfd = p[1];
	/* Long: a loaded host slows the guest; only a hang should fail. */
	if (ctl_wait_for(out, "agent is ready", 1, 60) < 0) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		close(p[1]);
		fprintf(stderr, "# %s as %u: %s\n", argv[1], (unsigned int)uid,
			ctl_read(out));
		return -1;
	}
	return pid;
}

/*
 * The end of its input ends an agent that has no answer left; one with
 * answers left waits for questions to use them on (a test's spare
 * "permit" lines): SIGTERM ends it, as it would end it for a user.
 */
static void stop(pid_t pid, int wfd)
{
	close(wfd);
	if (pid <= 0)
		return;
	kill(pid, SIGTERM);
	ctl_wait(pid, 60);
}

/* "systracectl ask" as @uid, input /dev/null: its exit status, or -1. */
static int ask_once_as(uid_t uid, const char *out)
{
	pid_t pid = fork();
	int fd;

	if (pid < 0)
		return -1;
	if (pid == 0) {
		fd = open("/dev/null", O_RDONLY);
		dup2(fd, 0);
		fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		dup2(fd, 1);
		dup2(fd, 2);
		if (uid && drop_to(uid))
			_exit(126);
		execvp("systracectl", (char *const *)ask_argv);
		_exit(127);
	}
	return ctl_wait(pid, 120);
}

/* Exec @prog as @uid, its output into @out; its exit status, or -1. */
static int run_as(uid_t uid, const char *prog, const char *out)
{
	pid_t pid = fork();
	int st, fd;

	if (pid < 0)
		return -1;
	if (pid == 0) {
		fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		dup2(fd, 1);
		dup2(fd, 2);
		if (uid && drop_to(uid))
			_exit(101);
		execl(prog, "agt", "/srv/ask/a", (char *)NULL);
		_exit(100);
	}
	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

/* Send SYSTRACE_CMD_AGENT on @nl; on failure, its message into @why. */
static int register_agent(struct st_nl *nl, char *why, size_t len)
{
	struct nl_msg *msg = st_nl_msg(nl, SYSTRACE_CMD_AGENT, 0);
	int ret = msg ? st_nl_call(nl, msg, NULL, NULL) : -ENOMEM;

	if (ret && why)
		snprintf(why, len, "%s", st_nl_strerror(nl, ret));
	return ret;
}

/* Load @bin as @name owned by @owner, as that user. */
static int load_as(uid_t owner, const char *name, const char *bin)
{
	static unsigned char buf[1 << 20];
	struct st_nl nl;
	pid_t pid;
	ssize_t len;
	int fd, st, ret;

	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		fd = open(bin, O_RDONLY);
		len = fd < 0 ? -1 : read(fd, buf, sizeof(buf));
		if (len <= 0 || drop_to(owner) || st_nl_open(&nl))
			_exit(101);
		ret = st_load_image_owned(&nl, name, SYSTRACE_MODE_ASK, 0, 0,
					  owner, buf, len);
		if (ret)
			fprintf(stderr, "# load %s: %s\n", name,
				st_nl_strerror(&nl, ret));
		_exit(ret ? 102 : 0);
	}
	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

FIXTURE(agent) {
	int unused;
};

FIXTURE_SETUP(agent)
{
	ASSERT_EQ(0, ctl_helper_policy("/tmp/agt.learned"));
	ASSERT_EQ(0, ctl_sh("echo a > /srv/ask/a && chmod 644 /srv/ask/a"));
	/* The same policy, bound to two copies of the helper. */
	ASSERT_EQ(0, ctl_sh("for p in user root; do "
			    "cp /selftests/ask_helper /tmp/agt-$p && chmod 755 /tmp/agt-$p && "
			    "sed 's|^Policy: [^,]*,|Policy: /tmp/agt-'$p',|' /tmp/agt.learned > /tmp/agt-$p.policy && "
			    "grep -q '^Policy: /tmp/agt-'$p, /tmp/agt-$p.policy && "
			    "policyc -o /tmp/agt-$p.bin /tmp/agt-$p.policy || exit 1; done"));
	ASSERT_EQ(0, ctl_sh("systracectl load -m ask -n " RIMAGE " /tmp/agt-root.policy"));
	ASSERT_EQ(0, load_as(U1, UIMAGE, "/tmp/agt-user.bin"));
}

FIXTURE_TEARDOWN(agent)
{
	ctl_sh("systracectl unload '" UIMAGE "' >/dev/null 2>&1; "
	       "systracectl unload " RIMAGE " >/dev/null 2>&1; "
	       "systracectl unload agt_conf >/dev/null 2>&1; "
	       "rm -f " UPROG " " RPROG);
}

/* (a) Another user's agent, ready to permit anything, hears nothing. */
TEST_F(agent, other_users_agent_gets_no_question)
{
	static const char permits[] = "permit\npermit\npermit\npermit\n";
	int wfd;
	pid_t other;

	(void)self;
	other = start_as(U2, "/tmp/agt-a.out", &wfd, ask_argv);
	ASSERT_LT(0, other);
	ASSERT_EQ(sizeof(permits) - 1, write(wfd, permits, sizeof(permits) - 1));
	/* Nobody of theirs to ask: denied, not permitted by user 1001. */
	EXPECT_EQ(0, run_as(U1, UPROG, "/tmp/agt-a1.res"));
	EXPECT_STREQ(EPERM_, ctl_read("/tmp/agt-a1.res"));
	EXPECT_EQ(0, run_as(0, RPROG, "/tmp/agt-a0.res"));
	EXPECT_STREQ(EPERM_, ctl_read("/tmp/agt-a0.res"));
	stop(other, wfd);
	EXPECT_EQ(0, ctl_count("/tmp/agt-a.out", "question "))
		TH_LOG("%s", ctl_read("/tmp/agt-a.out"));
}

/* (b) The user's own agent answers its image's question. */
TEST_F(agent, user_agent_answers_its_own)
{
	static const char permits[] = "permit\n";
	int wfd;
	pid_t agent;

	(void)self;
	agent = start_as(U1, "/tmp/agt-b.out", &wfd, ask_argv);
	ASSERT_LT(0, agent);
	ASSERT_EQ(sizeof(permits) - 1, write(wfd, permits, sizeof(permits) - 1));
	EXPECT_EQ(0, run_as(U1, UPROG, "/tmp/agt-b.res"));
	EXPECT_STREQ(OK, ctl_read("/tmp/agt-b.res"));
	stop(agent, wfd);
	EXPECT_EQ(1, ctl_count("/tmp/agt-b.out", "question "))
		TH_LOG("%s", ctl_read("/tmp/agt-b.out"));
	EXPECT_EQ(1, ctl_count("/tmp/agt-b.out", "filename: \"/srv/ask/a\""));
}

/* (b) The same through the agent protocol (systracectl ask --json). */
TEST_F(agent, user_json_agent_answers_its_own)
{
	static const char *const json_argv[] = { "systracectl", "ask", "--json",
						 NULL };
	const char *q;
	char answer[64];
	int wfd, n;
	pid_t agent, prog;

	(void)self;
	agent = start_as(U1, "/tmp/agt-j.out", &wfd, json_argv);
	ASSERT_LT(0, agent);
	prog = fork();
	ASSERT_LE(0, prog);
	if (prog == 0)
		_exit(run_as(U1, UPROG, "/tmp/agt-j.res"));
	EXPECT_EQ(0, ctl_wait_for("/tmp/agt-j.out", "\"type\":\"question\"", 1, 300));
	q = strstr(ctl_read("/tmp/agt-j.out"), "\"type\":\"question\",\"id\":");
	ASSERT_NE(NULL, q) TH_LOG("%s", ctl_read("/tmp/agt-j.out"));
	EXPECT_NE(NULL, strstr(q, "\"image\":\"" UIMAGE "\""));
	n = snprintf(answer, sizeof(answer), "{\"id\":%lld,\"answer\":\"permit\"}\n",
		     atoll(q + strlen("\"type\":\"question\",\"id\":")));
	ASSERT_EQ(n, write(wfd, answer, n));
	EXPECT_EQ(0, ctl_wait(prog, 300));
	EXPECT_STREQ(OK, ctl_read("/tmp/agt-j.res"));
	stop(agent, wfd);
}

/*
 * Register from a task confined (at once, enforce) after it opened its
 * socket: refused for being confined (the kernel's message says so, not a
 * denied sendmsg).
 */
static int confined_registers(uid_t uid)
{
	struct st_nl nl;
	char why[512] = "";
	int ret;

	if (uid && (drop_to(uid) || prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)))
		return 101;
	if (st_nl_open(&nl))
		return 102;
	if (st_confine_self("agt_conf", 0, SYSTRACE_MODE_ENFORCE))
		return 103;
	ret = register_agent(&nl, why, sizeof(why));
	fprintf(stderr, "# uid %u: %d %s\n", (unsigned int)uid, ret, why);
	if (ret != -EPERM)
		return 1;
	return strstr(why, "confined") ? 0 : 2;
}

/* (c) A confined task registers no agent, root's nor a user's. */
TEST_F(agent, confined_task_cannot_register)
{
	uid_t uids[] = { 0, U1 };
	unsigned int i;
	pid_t pid;
	int st;

	(void)self;
	ASSERT_EQ(0, st_policy_load("agt_conf", conf_policy,
				    SYSTRACE_MODE_ENFORCE));
	for (i = 0; i < 2; i++) {
		pid = fork();
		ASSERT_LE(0, pid);
		if (pid == 0)
			_exit(confined_registers(uids[i]));
		ASSERT_EQ(pid, waitpid(pid, &st, 0));
		EXPECT_TRUE(WIFEXITED(st));
		EXPECT_EQ(0, WEXITSTATUS(st)) TH_LOG("uid %u", uids[i]);
	}
}

/* (d) One agent per uid: the second is refused; another uid's is not. */
TEST_F(agent, one_agent_per_user)
{
	static const char permits[] = "permit\n";
	int wfd, wfd2;
	pid_t agent, other;

	(void)self;
	agent = start_as(U1, "/tmp/agt-d.out", &wfd, ask_argv);
	ASSERT_LT(0, agent);
	EXPECT_EQ(4, ask_once_as(U1, "/tmp/agt-d1.out"));
	EXPECT_NE(NULL, strstr(ctl_read("/tmp/agt-d1.out"), "another agent is registered"))
		TH_LOG("%s", ctl_read("/tmp/agt-d1.out"));
	other = start_as(U2, "/tmp/agt-d2.out", &wfd2, ask_argv);
	EXPECT_LT(0, other);
	/* The first is still the one that answers. */
	ASSERT_EQ(sizeof(permits) - 1, write(wfd, permits, sizeof(permits) - 1));
	EXPECT_EQ(0, run_as(U1, UPROG, "/tmp/agt-d.res"));
	EXPECT_STREQ(OK, ctl_read("/tmp/agt-d.res"));
	stop(agent, wfd);
	if (other > 0)
		stop(other, wfd2);
}

/*
 * (e) Root's agent answers root's images beside a user's agent, never the
 * user's images while the user's agent lives; with none, the user's too.
 */
TEST_F(agent, root_agent_beside_a_user_agent)
{
	static const char deny[] = "deny[enoent]\n";
	static const char permits[] = "permit\npermit\n";
	int wfd, wfd0;
	pid_t user, root;

	(void)self;
	user = start_as(U1, "/tmp/agt-e1.out", &wfd, ask_argv);
	ASSERT_LT(0, user);
	root = start_as(0, "/tmp/agt-e0.out", &wfd0, ask_argv);
	ASSERT_LT(0, root);
	ASSERT_EQ(sizeof(deny) - 1, write(wfd, deny, sizeof(deny) - 1));
	ASSERT_EQ(sizeof(permits) - 1, write(wfd0, permits, sizeof(permits) - 1));
	EXPECT_EQ(0, run_as(0, RPROG, "/tmp/agt-e0.res"));
	EXPECT_STREQ(OK, ctl_read("/tmp/agt-e0.res"));
	/* The user's own agent, not root's permit. */
	EXPECT_EQ(0, run_as(U1, UPROG, "/tmp/agt-e1.res"));
	EXPECT_STREQ("/srv/ask/a: ENOENT\n", ctl_read("/tmp/agt-e1.res"));
	EXPECT_EQ(1, ctl_count("/tmp/agt-e1.out", "question "))
		TH_LOG("%s", ctl_read("/tmp/agt-e1.out"));
	stop(user, wfd);
	/* The user has no agent now: root's answers. */
	EXPECT_EQ(0, run_as(U1, UPROG, "/tmp/agt-e2.res"));
	EXPECT_STREQ(OK, ctl_read("/tmp/agt-e2.res"));
	stop(root, wfd0);
	EXPECT_EQ(2, ctl_count("/tmp/agt-e0.out", "question "))
		TH_LOG("%s", ctl_read("/tmp/agt-e0.out"));
	EXPECT_EQ(1, ctl_count("/tmp/agt-e0.out", RIMAGE))
		TH_LOG("%s", ctl_read("/tmp/agt-e0.out"));
	EXPECT_EQ(1, ctl_count("/tmp/agt-e0.out", UIMAGE));
}

/*
 * A socket user 1001 opened, then used by user 1000 (passed on, or kept
 * across a change of ids): it would read user 1000's questions for user
 * 1001. Refused.
 */
static int foreign_socket(void)
{
	struct st_nl nl;
	char why[512] = "";
	int ret;

	if (setgroups(0, NULL) || setresgid(U2, U2, 0) || setresuid(U2, U2, 0))
		return 101;
	if (st_nl_open(&nl))
		return 102;
	/* Back to root by the saved uid, then user 1000 for good. */
	if (setresuid(-1, 0, -1) || setresgid(U1, U1, U1) ||
	    setresuid(U1, U1, U1))
		return 103;
	ret = register_agent(&nl, why, sizeof(why));
	fprintf(stderr, "# %d %s\n", ret, why);
	return ret == -EPERM ? 0 : 1;
}

TEST_F(agent, socket_of_another_user)
{
	pid_t pid;
	int st;

	(void)self;
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0)
		_exit(foreign_socket());
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	ASSERT_TRUE(WIFEXITED(st));
	EXPECT_EQ(0, WEXITSTATUS(st));
}

/*
 * The user's agent killed with a question waiting: denied, by the death
 * and not by the timeout. The question waits ASK_TIMEOUT seconds (the
 * module's default, set long here): the answer came before any timeout
 * could have (the order of events, not a bound on the guest's speed).
 */
#define ASK_TIMEOUT_PARAM "/sys/module/systrace/parameters/ask_timeout"
#define ASK_TIMEOUT	600

TEST_F_TIMEOUT(agent, user_agent_death_denies, 1200)
{
	int wfd, saved;
	pid_t agent, prog;
	double asked;

	(void)self;
	saved = atoi(ctl_read(ASK_TIMEOUT_PARAM));
	ASSERT_LT(0, saved);
	ASSERT_EQ(0, ctl_sh("echo %d > " ASK_TIMEOUT_PARAM, ASK_TIMEOUT));
	agent = start_as(U1, "/tmp/agt-g.out", &wfd, ask_argv);
	ASSERT_LT(0, agent);
	asked = ctl_now();
	prog = fork();
	ASSERT_LE(0, prog);
	if (prog == 0)
		_exit(run_as(U1, UPROG, "/tmp/agt-g.res"));
	/* Asked, and nothing on the agent's input: it waits. */
	EXPECT_EQ(0, ctl_wait_for("/tmp/agt-g.out", "question ", 1, 300));
	kill(agent, SIGKILL);
	waitpid(agent, NULL, 0);
	close(wfd);
	EXPECT_EQ(0, ctl_wait(prog, 2 * ASK_TIMEOUT));
	EXPECT_GT(asked + ASK_TIMEOUT, ctl_now());
	EXPECT_STREQ(EPERM_, ctl_read("/tmp/agt-g.res"));
	ctl_sh("echo %d > " ASK_TIMEOUT_PARAM, saved);
}

TEST_HARNESS_MAIN
