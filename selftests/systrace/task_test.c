// SPDX-License-Identifier: GPL-2.0
/*
 * systrace selftests: signals, ptrace and the set*id calls
 * (kmod/hook_task.c). kill and ptrace are decided where the kernel may not
 * sleep; signame and pidname are printed by the kernel, set*id's ids are
 * the new credentials.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/fsuid.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "harness.h"
#include "hooks.h"

#define NAME "task_test"

static char policy[4096];
static pid_t target;	/* a child of the test that ignores what it gets */
static pid_t tester;	/* the test itself, parent of the confined child */

static void make_policy(void)
{
	snprintf(policy, sizeof(policy),
		 "Policy: /selftests/task_test, Emulation: native\n"
		 "\tnative-recvmsg: permit\n"
		 "\tnative-clone: permit\n"
		 "\tnative-wait4: permit\n"
		 "\tnative-kill: signame eq \"SIGUSR1\" and pidname eq \"%d\" then permit\n"
		 "\tnative-kill: signame eq \"SIGTERM\" then deny[eacces]\n"
		 "\tnative-kill: signame eq \"SIG0\" then permit\n"
		 "\tnative-ptrace: pidname eq \"%d\" then deny[ebusy]\n"
		 "\tnative-setuid: uid eq \"0\" and uname eq \"0\" then permit\n"
		 "\tnative-setuid: uid eq \"1234\" then deny[eagain]\n"
		 "\tnative-setgid: gid eq \"0\" then permit\n"
		 "\tnative-setresuid: uid eq \"0\" and uid[1] eq \"0\" and uid[2] eq \"0\" then permit\n"
		 "\tnative-setresgid: gid[1] eq \"7\" then deny[eacces]\n",
		 target, target);
}

/* What every test starts from, in either fixture. */
static void prepare(struct __test_metadata *_metadata)
{
	int p[2];
	char c;

	ASSERT_EQ(0, pipe(p));
	tester = getpid();
	target = fork();
	ASSERT_LE(0, target);
	if (target == 0) {
		signal(SIGUSR1, SIG_IGN);
		signal(SIGUSR2, SIG_IGN);
		signal(SIGHUP, SIG_IGN);
		close(p[0]);
		close(p[1]);	/* ready */
		for (;;)
			pause();
	}
	close(p[1]);
	ASSERT_EQ(0, read(p[0], &c, 1));
	close(p[0]);
	make_policy();
	ASSERT_EQ(0, st_policy_load(NAME, policy, SYSTRACE_MODE_ENFORCE));
}

static void cleanup(void)
{
	kill(target, SIGKILL);
	waitpid(target, NULL, 0);
}

FIXTURE(task) {
	int unused;
};

FIXTURE_SETUP(task)
{
	prepare(_metadata);
}

FIXTURE_TEARDOWN(task)
{
	cleanup();
}

#define FAILS(call, err) ((call) == -1 && errno == (err))

static void enforce(void *arg)
{
	long child;
	int st;

	ST_CHECK(1, kill(target, SIGUSR1) == 0);
	ST_CHECK(2, FAILS(kill(target, SIGTERM), EACCES));
	ST_CHECK(3, kill(target, 0) == 0);
	ST_CHECK(4, FAILS(kill(target, SIGHUP), EPERM));
	/* tgkill is kill */
	ST_CHECK(5, FAILS(syscall(SYS_tgkill, target, target, SIGTERM), EACCES));
	ST_CHECK(6, FAILS(ptrace(PTRACE_ATTACH, target, 0, 0), EBUSY));
	ST_CHECK(7, FAILS(ptrace(PTRACE_SEIZE, tester, 0, 0), EPERM));
	/* PTRACE_TRACEME asks about the parent: unmatched */
	child = syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0);
	if (child == 0)
		_exit(FAILS(ptrace(PTRACE_TRACEME, 0, 0, 0), EPERM) ? 0 : 1);
	ST_CHECK(8, child > 0);
	ST_CHECK(9, waitpid(child, &st, 0) == child && WIFEXITED(st) &&
		    WEXITSTATUS(st) == 0);
	ST_CHECK(10, setuid(0) == 0);
	ST_CHECK(11, FAILS(setuid(1234), EAGAIN));
	ST_CHECK(12, setgid(0) == 0);
	ST_CHECK(13, FAILS(setgid(5), EPERM));
	ST_CHECK(14, setresuid(0, 0, 0) == 0);
	ST_CHECK(15, FAILS(setresgid(-1, 7, -1), EACCES));
	ST_CHECK(16, FAILS(setreuid(0, 0), EPERM));
}

TEST_F(task, enforce)
{
	struct st_events ev;
	char args[64];
	pid_t pid;

	ASSERT_EQ(0, st_events_open(&ev));
	ASSERT_EQ(0, st_run_child(NAME, 0, SYSTRACE_MODE_ENFORCE, enforce,
				  NULL, &pid));
	/* The target lives: SIGTERM was denied. */
	ASSERT_EQ(0, kill(target, 0));
	snprintf(args, sizeof(args), "signame: SIGTERM, pidname: %d", target);
	ASSERT_TRUE(st_events_has(&ev, pid, "kill", args,
				  SYSTRACE_VERDICT_DENY, EACCES));
	snprintf(args, sizeof(args), "signame: SIGHUP, pidname: %d", target);
	ASSERT_TRUE(st_events_has(&ev, pid, "kill", args,
				  SYSTRACE_VERDICT_UNMATCHED_DENY, EPERM));
	snprintf(args, sizeof(args), "pidname: %d", target);
	ASSERT_TRUE(st_events_has(&ev, pid, "ptrace", args,
				  SYSTRACE_VERDICT_DENY, EBUSY));
	snprintf(args, sizeof(args), "pidname: %d", tester);
	ASSERT_TRUE(st_events_has(&ev, pid, "ptrace", args,
				  SYSTRACE_VERDICT_UNMATCHED_DENY, EPERM));
	ASSERT_TRUE(st_events_has(&ev, pid, "setuid", "uid: 1234, uname: 1234",
				  SYSTRACE_VERDICT_DENY, EAGAIN));
	ASSERT_TRUE(st_events_has(&ev, pid, "setresgid",
				  "gid: 0, gid[1]: 7, gid[2]: 0",
				  SYSTRACE_VERDICT_DENY, EACCES));
	ASSERT_TRUE(st_events_has(&ev, pid, "setreuid",
				  "uid: 0, uid[1]: 0, uname: 0, uname[1]: 0",
				  SYSTRACE_VERDICT_UNMATCHED_DENY, EPERM));
	st_events_close(&ev);
}

static void learn(void *arg)
{
	ST_CHECK(1, kill(target, SIGUSR2) == 0);
	ST_CHECK(2, FAILS(kill(target, SIGTERM), EACCES));
	ST_CHECK(3, setgid(0) == 0);
	ST_CHECK(4, setfsuid(0) == 0);
}

TEST_F(task, learn)
{
	struct st_events ev;
	char args[64];
	pid_t pid;

	ASSERT_EQ(0, st_events_open(&ev));
	ASSERT_EQ(0, st_run_child(NAME, 0, SYSTRACE_MODE_LEARN, learn, NULL,
				  &pid));
	ASSERT_EQ(0, kill(target, 0));
	snprintf(args, sizeof(args), "signame: SIGUSR2, pidname: %d", target);
	ASSERT_TRUE(st_events_has(&ev, pid, "kill", args,
				  SYSTRACE_VERDICT_UNMATCHED_PERMIT, 0));
	st_events_close(&ev);
}

static void denied_kill(void *arg)
{
	ST_CHECK(1, FAILS(kill(target, SIGTERM), EACCES));
}

TEST_F(task, log)
{
	char who[128], what[160];
	pid_t pid;

	st_log_quiet();
	ASSERT_EQ(0, st_run_child(NAME, 0, SYSTRACE_MODE_ENFORCE,
				  denied_kill, NULL, &pid));
	/* Its parent: this process. */
	snprintf(who, sizeof(who), "pid: %d, ppid: %d, policy: \"" NAME "\",", pid,
		 getpid());
	snprintf(what, sizeof(what),
		 "call: kill(%d), signame: SIGTERM, pidname: %d, error: 13",
		 SYS_kill, target);
	ASSERT_TRUE(st_klog_has(who, what));
}

/* The same decisions for a program run by systracectl, in both ABIs. */
static void run_helpers(struct __test_metadata *_metadata, const char *emul,
			const char *file, const char *helper)
{
	char text[1024], pid[16];

	snprintf(text, sizeof(text),
		 "Policy: %s, Emulation: %s\n"
		 "\t%s-kill: signame eq \"SIGUSR1\" and pidname eq \"%d\" then permit\n"
		 "\t%s-kill: signame eq \"SIGTERM\" then deny[eacces]\n"
		 "\t%s-setuid: uid eq \"0\" then permit\n"
		 "\t%s-setuid: uid eq \"1234\" then deny[eagain]\n",
		 helper, emul, emul, target, emul, emul, emul);
	snprintf(pid, sizeof(pid), "%d", target);
	ASSERT_EQ(0, st_write_file(file, text));
	ASSERT_EQ(0, st_run_helper("-a", file, helper, "kill", pid, "10"));
	ASSERT_EQ(EACCES, st_run_helper("-a", file, helper, "kill", pid, "15"));
	ASSERT_EQ(EPERM, st_run_helper("-a", file, helper, "kill", pid, "12"));
	ASSERT_EQ(0, st_run_helper("-a", file, helper, "setuid", "0", NULL));
	ASSERT_EQ(EAGAIN, st_run_helper("-a", file, helper, "setuid", "1234",
					NULL));
	ASSERT_EQ(EPERM, st_run_helper("-a", file, helper, "setuid", "5",
				       NULL));
	ASSERT_EQ(0, st_run_helper("-A", file, helper, "kill", pid, "12"));
	ASSERT_EQ(EACCES, st_run_helper("-A", file, helper, "kill", pid, "15"));
	ASSERT_EQ(0, kill(target, 0));
}

FIXTURE(task_abi) {
	int unused;
};

FIXTURE_VARIANT(task_abi) {
	const char *emul;	/* the policy's emulation */
	const char *file;	/* where it is written */
	const char *helper;	/* the program, of that ABI */
};

FIXTURE_VARIANT_ADD(task_abi, x86_64) {
	.emul = "native",
	.file = "/tmp/task64.policy",
	.helper = ST_HELPER64,
};

FIXTURE_VARIANT_ADD(task_abi, ia32) {
	.emul = "linux32",
	.file = "/tmp/task32.policy",
	.helper = ST_HELPER32,
};

FIXTURE_SETUP(task_abi)
{
	prepare(_metadata);
}

FIXTURE_TEARDOWN(task_abi)
{
	cleanup();
}

TEST_F(task_abi, run)
{
	run_helpers(_metadata, variant->emul, variant->file, variant->helper);
}

TEST_HARNESS_MAIN
