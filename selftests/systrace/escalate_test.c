// SPDX-License-Identifier: GPL-2.0
/*
 * systrace selftests: escalation in the kernel. The test process is the
 * agent (it loads the image with SYSTRACE_A_AGENT, so the questions come to
 * its socket); a child runs busybox confined in ask mode. Checked: the
 * question names the call, the answer is what the child sees, a question is
 * answered once and only by the socket asked, and every way without an
 * answer denies: no agent, timeout, the agent's socket closing, unload.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <linux/systrace.h>

#include "harness.h"
#include "../../systracectl/nl.h"

/* Everything busybox cat needs but the file it is asked to read. */
static const char policy[] =
	"native-execve: filename eq \"/bin/busybox\" then permit\n"
	"native-fsread: filename eq \"/srv/ask/ok\" then permit\n"
	"native-read: permit\n" "native-write: permit\n" "native-close: permit\n"
	"native-brk: permit\n" "native-arch_prctl: permit\n"
	"native-set_tid_address: permit\n" "native-getuid: permit\n"
	"native-geteuid: permit\n" "native-prctl: permit\n"
	"native-readlink: permit\n" "native-sendfile: permit\n"
	"native-newfstatat: permit\n" "native-fstat: permit\n"
	"native-mmap: permit\n" "native-munmap: permit\n"
	"native-mprotect: permit\n" "native-rt_sigaction: permit\n"
	"native-rt_sigprocmask: permit\n" "native-exit_group: permit\n"
	"native-ioctl: permit\n" "native-getpid: permit\n"
	"native-set_robust_list: permit\n" "native-rseq: permit\n"
	"native-prlimit64: permit\n" "native-getrandom: permit\n";

static unsigned char *image(size_t *len)
{
	static unsigned char buf[65536];
	FILE *f = fopen("/tmp/esc.policy", "w");

	if (!f)
		return NULL;
	fputs(policy, f);
	fclose(f);
	if (system("policyc -o /tmp/esc.bin /tmp/esc.policy"))
		return NULL;
	f = fopen("/tmp/esc.bin", "r");
	if (!f)
		return NULL;
	*len = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	return buf;
}

struct question {
	unsigned long long qid;
	char call[64], args[256], name[64];
	unsigned int timeout;
	int seen;
};

static int on_question(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[SYSTRACE_A_MAX + 1];
	struct question *q = arg;

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, SYSTRACE_A_MAX, NULL) < 0 ||
	    ((struct genlmsghdr *)nlmsg_data(nlmsg_hdr(msg)))->cmd != SYSTRACE_CMD_ASK ||
	    !tb[SYSTRACE_A_QID])
		return NL_SKIP;
	q->qid = nla_get_u64(tb[SYSTRACE_A_QID]);
	snprintf(q->call, sizeof(q->call), "%s", nla_get_string(tb[SYSTRACE_A_CALL]));
	snprintf(q->args, sizeof(q->args), "%s", nla_get_string(tb[SYSTRACE_A_ARGS]));
	snprintf(q->name, sizeof(q->name), "%s", nla_get_string(tb[SYSTRACE_A_NAME]));
	q->timeout = nla_get_u32(tb[SYSTRACE_A_TIMEOUT]);
	q->seen++;
	return NL_OK;
}

static int no_seq_check(struct nl_msg *msg, void *arg)
{
	return NL_OK;
}

/* Wait up to @ms for a question on @nl. */
/*
 * How long a test waits for a question: only a hang should fail, never a
 * slow host (scripts/load-test once had 20 confined cats ask none within
 * 10 s beside a parallel build, a load average of 10 on 2 cores).
 */
#define QUESTION_WAIT	(600 * 1000)

static int wait_question(struct st_nl *nl, struct question *q, int ms)
{
	struct pollfd p = { .fd = nl_socket_get_fd(nl->sk), .events = POLLIN };
	struct nl_cb *cb = nl_cb_alloc(NL_CB_DEFAULT);
	int ret = -ETIMEDOUT;

	memset(q, 0, sizeof(*q));
	nl_cb_set(cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, no_seq_check, NULL);
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_question, q);
	while (!q->seen && poll(&p, 1, ms) > 0)
		nl_recvmsgs(nl->sk, cb);
	if (q->seen)
		ret = 0;
	nl_cb_put(cb);
	return ret;
}

static int answer(struct st_nl *nl, unsigned long long qid, int verdict, int err)
{
	struct nl_msg *msg = st_nl_msg(nl, SYSTRACE_CMD_ANSWER, 0);

	nla_put_u64(msg, SYSTRACE_A_QID, qid);
	nla_put_u8(msg, SYSTRACE_A_VERDICT, verdict);
	if (err)
		nla_put_u32(msg, SYSTRACE_A_ERRNO, err);
	return st_nl_call(nl, msg, NULL, NULL);
}

/* Start busybox cat of @path confined by "esc" in ask mode. */
static pid_t start_cat(const char *path, int *out)
{
	int fds[2];
	pid_t pid;

	if (pipe(fds))
		return -1;
	pid = fork();
	if (pid == 0) {
		dup2(fds[1], 1);
		dup2(fds[1], 2);
		close(fds[0]);
		execlp("systracectl", "systracectl", "run", "-m", "ask", "-p",
		       "esc", "--", "/bin/busybox", "cat", path, (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	*out = fds[0];
	return pid;
}

/* Read all the child said, then its exit status. */
static int finish(pid_t pid, int fd, char *buf, size_t len)
{
	size_t off = 0;
	ssize_t n;
	int st;

	while (off < len - 1 && (n = read(fd, buf + off, len - 1 - off)) > 0)
		off += n;
	buf[off] = '\0';
	close(fd);
	if (waitpid(pid, &st, 0) != pid)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

FIXTURE(esc) {
	struct st_nl agent;
	char out[512];
};

FIXTURE_SETUP(esc)
{
	unsigned char *img;
	size_t len;

	ASSERT_EQ(0, system("mkdir -p /srv/ask && echo fine > /srv/ask/ok && echo asked > /srv/ask/q"));
	ASSERT_EQ(0, st_nl_open(&self->agent));
	img = image(&len);
	ASSERT_NE(NULL, img);
}

FIXTURE_TEARDOWN(esc)
{
	struct st_nl nl;

	st_nl_close(&self->agent);
	if (!st_nl_open(&nl)) {
		struct nl_msg *msg = st_nl_msg(&nl, SYSTRACE_CMD_UNLOAD, 0);

		nla_put_string(msg, SYSTRACE_A_NAME, "esc");
		st_nl_call(&nl, msg, NULL, NULL);
		st_nl_close(&nl);
	}
}

/* st_load_image() with the agent flag and a timeout. */
static int load_agent(struct st_nl *nl, int agent, unsigned int timeout)
{
	unsigned char *img;
	size_t len;

	img = image(&len);
	if (!img)
		return -EINVAL;
	return st_load_image_opts(nl, "esc", SYSTRACE_MODE_ASK, agent, timeout,
				  img, len);
}

TEST_F(esc, answers_reach_the_task)
{
	struct question q;
	pid_t pid;
	int fd;

	ASSERT_EQ(0, load_agent(&self->agent, 1, 0));

	/* A permitted file needs no question. */
	pid = start_cat("/srv/ask/ok", &fd);
	ASSERT_EQ(0, finish(pid, fd, self->out, sizeof(self->out)));
	/* systracectl may say where the questions go first. */
	ASSERT_NE(NULL, strstr(self->out, "fine\n"));

	/* Permit. */
	pid = start_cat("/srv/ask/q", &fd);
	ASSERT_EQ(0, wait_question(&self->agent, &q, QUESTION_WAIT));
	ASSERT_STREQ("fsread", q.call);
	ASSERT_STREQ("esc", q.name);
	ASSERT_NE(NULL, strstr(q.args, "filename: \"/srv/ask/q\""));
	ASSERT_EQ(60, q.timeout);
	ASSERT_EQ(0, answer(&self->agent, q.qid, SYSTRACE_VERDICT_PERMIT, 0));
	/* Once only. */
	ASSERT_EQ(-ENOENT, answer(&self->agent, q.qid, SYSTRACE_VERDICT_DENY, 0));
	ASSERT_EQ(0, finish(pid, fd, self->out, sizeof(self->out)));
	ASSERT_NE(NULL, strstr(self->out, "asked\n"));

	/* deny[enoent]. */
	pid = start_cat("/srv/ask/q", &fd);
	ASSERT_EQ(0, wait_question(&self->agent, &q, QUESTION_WAIT));
	ASSERT_EQ(0, answer(&self->agent, q.qid, SYSTRACE_VERDICT_DENY, ENOENT));
	ASSERT_NE(0, finish(pid, fd, self->out, sizeof(self->out)));
	ASSERT_NE(NULL, strstr(self->out, "No such file or directory"));
}

TEST_F(esc, only_the_socket_asked_answers)
{
	struct st_nl other;
	struct question q;
	pid_t pid;
	int fd;

	ASSERT_EQ(0, load_agent(&self->agent, 1, 0));
	pid = start_cat("/srv/ask/q", &fd);
	ASSERT_EQ(0, wait_question(&self->agent, &q, QUESTION_WAIT));
	ASSERT_EQ(0, st_nl_open(&other));
	ASSERT_EQ(-ENOENT, answer(&other, q.qid, SYSTRACE_VERDICT_PERMIT, 0));
	ASSERT_STREQ("no such question waits for this socket's answer", other.extack);
	st_nl_close(&other);
	ASSERT_EQ(0, answer(&self->agent, q.qid, SYSTRACE_VERDICT_DENY, EACCES));
	ASSERT_NE(0, finish(pid, fd, self->out, sizeof(self->out)));
	ASSERT_NE(NULL, strstr(self->out, "Permission denied"));
}

TEST_F(esc, no_agent_denies)
{
	struct st_nl loader;
	pid_t pid;
	int fd;

	/* Loaded by a socket that is not an agent; no system-wide agent. */
	ASSERT_EQ(0, st_nl_open(&loader));
	ASSERT_EQ(0, load_agent(&loader, 0, 0));
	st_nl_close(&loader);
	pid = start_cat("/srv/ask/q", &fd);
	ASSERT_NE(0, finish(pid, fd, self->out, sizeof(self->out)));
	ASSERT_NE(NULL, strstr(self->out, "Operation not permitted"));
}

TEST_F(esc, timeout_denies)
{
	struct question q;
	time_t start;
	pid_t pid;
	int fd;

	ASSERT_EQ(0, load_agent(&self->agent, 1, 2));
	pid = start_cat("/srv/ask/q", &fd);
	ASSERT_EQ(0, wait_question(&self->agent, &q, QUESTION_WAIT));
	ASSERT_EQ(2, q.timeout);
	start = time(NULL);
	ASSERT_NE(0, finish(pid, fd, self->out, sizeof(self->out)));
	ASSERT_NE(NULL, strstr(self->out, "Operation not permitted"));
	ASSERT_LE(1, time(NULL) - start);
	/* Too late now. */
	ASSERT_EQ(-ENOENT, answer(&self->agent, q.qid, SYSTRACE_VERDICT_PERMIT, 0));
}

TEST_F(esc, agent_death_denies_all_waiting)
{
	struct question q;
	pid_t pids[20];
	int fds[20], i, asked = 0;

	ASSERT_EQ(0, load_agent(&self->agent, 1, 0));
	for (i = 0; i < 20; i++)
		pids[i] = start_cat("/srv/ask/q", &fds[i]);
	while (asked < 20 && !wait_question(&self->agent, &q, QUESTION_WAIT))
		asked++;
	ASSERT_EQ(20, asked);
	/* The agent goes: every waiting task gets its deny at once. */
	st_nl_close(&self->agent);
	for (i = 0; i < 20; i++) {
		ASSERT_NE(0, finish(pids[i], fds[i], self->out, sizeof(self->out)));
		ASSERT_NE(NULL, strstr(self->out, "Operation not permitted"));
	}
	ASSERT_EQ(0, st_nl_open(&self->agent));
}

/*
 * One system-wide agent: a second one is refused. A user registering gets
 * its own agent (for its own images: attack_agent_test), never the
 * system-wide one, which stays the first.
 */
TEST_F(esc, system_agent_is_one_and_a_users_is_its_own)
{
	struct st_nl second;
	pid_t pid;
	int st;

	ASSERT_EQ(0, st_nl_call(&self->agent,
				st_nl_msg(&self->agent, SYSTRACE_CMD_AGENT, 0),
				NULL, NULL));
	ASSERT_EQ(0, st_nl_open(&second));
	ASSERT_EQ(-EBUSY, st_nl_call(&second, st_nl_msg(&second, SYSTRACE_CMD_AGENT, 0),
				     NULL, NULL));
	pid = fork();
	if (pid == 0) {
		struct st_nl nl;

		if (setgid(65534) || setuid(65534) || st_nl_open(&nl))
			_exit(10);
		_exit(st_nl_call(&nl, st_nl_msg(&nl, SYSTRACE_CMD_AGENT, 0),
				 NULL, NULL) == 0 ? 0 : 11);
	}
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	ASSERT_EQ(0, WEXITSTATUS(st));
	/* The system-wide agent is still the first one. */
	ASSERT_EQ(-EBUSY, st_nl_call(&second, st_nl_msg(&second, SYSTRACE_CMD_AGENT, 0),
				     NULL, NULL));
	st_nl_close(&second);
}

/* Last: the module goes with a question pending, and comes back. */
TEST_F(esc, unload_with_questions_pending)
{
	struct question q;
	pid_t pid;
	int fd;

	ASSERT_EQ(0, load_agent(&self->agent, 1, 0));
	pid = start_cat("/srv/ask/q", &fd);
	ASSERT_EQ(0, wait_question(&self->agent, &q, QUESTION_WAIT));
	st_nl_close(&self->agent);
	/* Closing the agent denied it; ask again with a live agent. */
	ASSERT_NE(0, finish(pid, fd, self->out, sizeof(self->out)));
	ASSERT_EQ(0, st_nl_open(&self->agent));
	ASSERT_EQ(0, load_agent(&self->agent, 1, 0));
	pid = start_cat("/srv/ask/q", &fd);
	ASSERT_EQ(0, wait_question(&self->agent, &q, QUESTION_WAIT));
	st_nl_close(&self->agent);
	ASSERT_NE(0, finish(pid, fd, self->out, sizeof(self->out)));

	ASSERT_EQ(0, st_nl_open(&self->agent));
	ASSERT_EQ(0, load_agent(&self->agent, 1, 0));
	pid = start_cat("/srv/ask/q", &fd);
	ASSERT_EQ(0, wait_question(&self->agent, &q, QUESTION_WAIT));
	/* The agent is still there, the question waits: unload now. */
	ASSERT_EQ(0, syscall(SYS_delete_module, "systrace", O_NONBLOCK));
	ASSERT_NE(0, finish(pid, fd, self->out, sizeof(self->out)));
	ASSERT_NE(NULL, strstr(self->out, "Operation not permitted"));
	fd = open("/lib/modules/systrace.ko", O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, syscall(SYS_finit_module, fd, "", 0));
	close(fd);
	st_nl_close(&self->agent);
	ASSERT_EQ(0, st_nl_open(&self->agent));
}

TEST_HARNESS_MAIN
