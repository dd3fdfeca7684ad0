// SPDX-License-Identifier: GPL-2.0
/*
 * systrace selftests: the per-task system call filter (kmod/syscall.c), for
 * the calls no hook decides, and inheritance of confinement by children and
 * threads. Runs in the VM as root with systrace.ko loaded.
 */
#include <errno.h>
#include <pthread.h>
#include <stddef.h>
#include <unistd.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "harness.h"
#include "confine.h"
#include "hooks.h"

static const char policy[] =
	"Policy: /selftests/syscall_test, Emulation: native\n"
	"\tnative-recvmsg: permit\n"
	"\tnative-getpid: permit\n"
	"\tnative-getppid: deny[enotty]\n"
	"\tnative-getgid: permit\n"
	"\tnative-getegid: permit log\n"
	"\tnative-getresgid: permit\n"
	"\tnative-getpgid: arg0 eq \"0\" then permit\n"
	"\tnative-getpgid: arg0 eq \"1\" then deny[esrch]\n"
	/* A policy cannot permit these: they are refused to confined tasks. */
	"\tnative-delete_module: permit\n"
	"\tnative-init_module: permit\n"
	"\tnative-finit_module: permit\n";

#define NAME "syscall_test"

FIXTURE(syscall) {
	int unused;
};

FIXTURE_SETUP(syscall)
{
	ASSERT_EQ(0, st_policy_load(NAME, policy, SYSTRACE_MODE_ENFORCE));
}

FIXTURE_TEARDOWN(syscall)
{
}

static void enforce(void *arg)
{
	pid_t parent = *(pid_t *)arg;

	/* permit */
	ST_CHECK(1, syscall(SYS_getpid) != parent && syscall(SYS_getpid) > 0);
	/* deny[enotty] */
	ST_CHECK(2, syscall(SYS_getppid) == -1 && errno == ENOTTY);
	/* calls the policy never names: the mode denies them */
	ST_CHECK(3, syscall(SYS_getuid) == -1 && errno == EPERM);
	ST_CHECK(4, syscall(SYS_sched_yield) == -1 && errno == EPERM);
	/* raw arguments, in decimal */
	ST_CHECK(5, syscall(SYS_getpgid, 0) > 0);
	ST_CHECK(6, syscall(SYS_getpgid, 1) == -1 && errno == ESRCH);
	ST_CHECK(7, syscall(SYS_getpgid, 2) == -1 && errno == EPERM);
}

/*
 * A call permitted whatever its arguments is answered from the image's
 * bitmap, without its program: still permitted, never logged; one with
 * "log" goes through the program and is logged, in the task's ABI.
 */
static void shortcut(void *arg)
{
	gid_t r, e, s;

	(void)arg;
	ST_CHECK(1, syscall(SYS_getgid) >= 0);
	ST_CHECK(2, syscall(SYS_getresgid, &r, &e, &s) == 0 && r == getgid());
	ST_CHECK(3, syscall(SYS_getegid) >= 0);
	ST_CHECK(4, syscall(SYS_getuid) == -1 && errno == EPERM);
}

TEST_F(syscall, permitted_shortcut)
{
	char who[128];
	pid_t pid;
	int st;

	st_log_quiet();
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		int ret = st_confine_self(NAME, 0, SYSTRACE_MODE_ENFORCE);

		if (ret)
			_exit(100 + (-ret & 0x3f));
		shortcut(NULL);
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	ASSERT_TRUE(WIFEXITED(st));
	ASSERT_EQ(0, WEXITSTATUS(st));
	/* Its parent: this process. */
	snprintf(who, sizeof(who), "pid: %d, ppid: %d, policy: \"" NAME "\",", pid,
		 getpid());
	/* The user's name, if the module's table has one yet. */
	ASSERT_TRUE(st_klog_has(who, "permit user: root, ") ||
		    st_klog_has(who, "permit user: 0, "));
	ASSERT_TRUE(st_klog_has(who, "call: getegid(108), arg0:"));
	ASSERT_TRUE(st_klog_has(who, "call: getuid(102), arg0:"));
	ASSERT_FALSE(st_klog_has(who, "call: getgid("));
	ASSERT_FALSE(st_klog_has(who, "call: getresgid("));
}

TEST_F(syscall, enforce)
{
	pid_t parent = getpid();

	ASSERT_EQ(0, st_run_confined(NAME, 0, SYSTRACE_MODE_ENFORCE,
				     enforce, &parent));
	/* The parent is not confined. */
	ASSERT_EQ(getppid(), syscall(SYS_getppid));
	ASSERT_LE(0, syscall(SYS_getuid));
}

static void learn(void *arg)
{
	/* Rules still decide; only unmatched calls pass. */
	ST_CHECK(1, syscall(SYS_getppid) == -1 && errno == ENOTTY);
	ST_CHECK(2, syscall(SYS_getuid) >= 0);
	ST_CHECK(3, syscall(SYS_sched_yield) == 0);
}

TEST_F(syscall, learn)
{
	ASSERT_EQ(0, st_run_confined(NAME, 0, SYSTRACE_MODE_LEARN,
				     learn, NULL));
}

static void module_calls(void *arg)
{
	/* Refused whatever the policy and the mode say. */
	ST_CHECK(1, syscall(SYS_delete_module, "systrace", 0) == -1 &&
		    errno == EPERM);
	ST_CHECK(2, syscall(SYS_init_module, NULL, 0, "") == -1 &&
		    errno == EPERM);
	ST_CHECK(3, syscall(SYS_finit_module, -1, "", 0) == -1 &&
		    errno == EPERM);
}

TEST_F(syscall, module_calls_refused)
{
	ASSERT_EQ(0, st_run_confined(NAME, 0, SYSTRACE_MODE_ENFORCE,
				     module_calls, NULL));
	ASSERT_EQ(0, st_run_confined(NAME, 0, SYSTRACE_MODE_LEARN,
				     module_calls, NULL));
}

/* Learn mode, so that fork's and pthread's own calls pass. */
static void fork_inherits(void *arg)
{
	pid_t pid = fork();
	int st;

	ST_CHECK(1, pid >= 0);
	if (pid == 0) {
		ST_CHECK(2, syscall(SYS_getppid) == -1 && errno == ENOTTY);
		ST_CHECK(3, syscall(SYS_getpid) > 0);
		_exit(0);
	}
	ST_CHECK(4, waitpid(pid, &st, 0) == pid);
	ST_CHECK(5, WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

TEST_F(syscall, fork_inherits)
{
	ASSERT_EQ(0, st_run_confined(NAME, 0, SYSTRACE_MODE_LEARN,
				     fork_inherits, NULL));
}

static void *thread_fn(void *arg)
{
	long ret = syscall(SYS_getppid);

	*(int *)arg = ret == -1 ? errno : 0;
	return NULL;
}

static void thread_inherits(void *arg)
{
	pthread_t th;
	int err = -1;

	ST_CHECK(1, pthread_create(&th, NULL, thread_fn, &err) == 0);
	ST_CHECK(2, pthread_join(th, NULL) == 0);
	ST_CHECK(3, err == ENOTTY);
}

TEST_F(syscall, thread_inherits)
{
	ASSERT_EQ(0, st_run_confined(NAME, 0, SYSTRACE_MODE_LEARN,
				     thread_inherits, NULL));
}

static void twice(void *arg)
{
	/* A confined process cannot confine itself again, or otherwise. */
	ST_CHECK(1, st_confine_self(NAME, 0, SYSTRACE_MODE_LEARN) == -EPERM);
}

TEST_F(syscall, confine_once)
{
	ASSERT_EQ(0, st_run_confined(NAME, 0, SYSTRACE_MODE_LEARN,
				     twice, NULL));
}

/* A seccomp filter that fails getgid() with EXDEV and allows the rest. */
static int seccomp_getgid_exdev(void)
{
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_getgid, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EXDEV),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { .len = 4, .filter = f };

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		return -1;
	return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog);
}

static void with_seccomp(void *arg)
{
	/* The policy decides first; what it permits, seccomp decides. */
	ST_CHECK(1, syscall(SYS_getppid) == -1 && errno == ENOTTY);
	ST_CHECK(2, syscall(SYS_getgid) == -1 && errno == EXDEV);
	ST_CHECK(3, syscall(SYS_getpid) > 0);
	ST_CHECK(4, syscall(SYS_getuid) == -1 && errno == EPERM);
}

TEST_F(syscall, seccomp_too)
{
	pid_t pid;
	int st;

	/* Unconfined, a seccomp filter works as without the module. */
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		if (seccomp_getgid_exdev())
			_exit(1);
		if (syscall(SYS_getgid) != -1 || errno != EXDEV)
			_exit(2);
		_exit(syscall(SYS_getppid) == getppid() ? 0 : 3);
	}
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	ASSERT_TRUE(WIFEXITED(st));
	ASSERT_EQ(0, WEXITSTATUS(st));

	/* Confined and filtered: both apply (st_hook_call1() runs seccomp). */
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		if (seccomp_getgid_exdev())
			_exit(1);
		_exit(st_run_confined(NAME, 0, SYSTRACE_MODE_ENFORCE,
				      with_seccomp, NULL));
	}
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	ASSERT_TRUE(WIFEXITED(st));
	ASSERT_EQ(0, WEXITSTATUS(st));
}

TEST_HARNESS_MAIN
