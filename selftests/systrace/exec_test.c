// SPDX-License-Identifier: GPL-2.0
/*
 * systrace selftests: exec (kmod/hook_exec.c, kmod/task.c). An exec is a
 * decision of the caller's policy on the resolved filename and argv; a
 * program with a policy of its own switches to it, whoever executes it;
 * any other program keeps the caller's. raw64 and raw32 (raw_helper.c, no
 * libc) exit with a code that says which policy they ran under.
 */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "harness.h"
#include "confine.h"

#define NAME "exec_test"
#define RAW64 "/selftests/raw64"
#define RAW32 "/selftests/raw32"
#define COPY "/tmp/raw64-copy"

/* raw_helper.c's exit codes. */
#define UNCONFINED	1	/* getpid only */
#define OWN_POLICY	7	/* getppid ENOTTY, getuid unmatched: EPERM */
#define CALLER_POLICY	5	/* getppid ESRCH, getuid unmatched: EPERM */

static const char policy[] =
	"Policy: /selftests/exec_test, Emulation: native\n"
	"\tnative-recvmsg: permit\n"
	"\tnative-getpid: permit\n"
	"\tnative-getppid: deny[esrch]\n"
	"\tnative-execve: filename eq \"" RAW64 "\" and argv eq \"raw64 ok\" then permit\n"
	"\tnative-execve: filename eq \"" RAW64 "\" and argv eq \"raw64 inherit\" then permit[inherit]\n"
	"\tnative-execve: filename eq \"" RAW64 "\" and argv eq \"raw64 detach\" then permit[detach]\n"
	"\tnative-execve: filename eq \"" RAW64 "\" then deny[enoexec]\n"
	"\tnative-execve: filename eq \"" RAW32 "\" then permit\n"
	"\tnative-execve: filename eq \"" COPY "\" and argv eq \"raw64 detach\" then permit[detach]\n"
	"\tnative-execve: filename eq \"" COPY "\" and argv eq \"raw64 inherit\" then permit[inherit]\n"
	"\tnative-execve: filename eq \"" COPY "\" then permit\n"
	"Policy: " RAW64 ", Emulation: native\n"
	"\tnative-getpid: permit\n"
	"\tnative-getppid: deny[enotty]\n"
	"Policy: " RAW32 ", Emulation: linux32\n"
	"\tlinux32-getpid: permit\n"
	"\tlinux32-getppid: deny[enotty]\n";

struct exec_args {
	const char *path;
	const char *arg1;	/* argv is { "raw64", arg1 } */
};

/* Exec @path; on failure exit 200 + errno. */
static void do_exec(void *arg)
{
	const struct exec_args *a = arg;
	char *argv[] = { (char *)"raw64", (char *)a->arg1, NULL };
	char *envp[] = { (char *)"HOME=/root", NULL };

	execve(a->path, argv, envp);
	_exit(200 + errno);
}

static int run_unconfined(const char *path)
{
	struct exec_args a = { path, NULL };
	pid_t pid = fork();
	int st;

	if (pid == 0)
		do_exec(&a);
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

FIXTURE(exec) {
	int unused;
};

FIXTURE_SETUP(exec)
{
	char cmd[128];

	ASSERT_EQ(0, st_policy_load(NAME, policy, SYSTRACE_MODE_ENFORCE));
	snprintf(cmd, sizeof(cmd), "cp %s %s", RAW64, COPY);
	ASSERT_EQ(0, system(cmd));
}

FIXTURE_TEARDOWN(exec)
{
	unlink(COPY);
}

TEST_F(exec, unconfined_helpers)
{
	/* The copy has no policy: nothing confines it. */
	ASSERT_EQ(UNCONFINED, run_unconfined(COPY));
}

TEST_F(exec, policy_binds_by_path)
{
	/* An unconfined process that executes a program with a policy is
	 * confined by it, like an AppArmor profile. */
	ASSERT_EQ(OWN_POLICY, run_unconfined(RAW64));
	ASSERT_EQ(OWN_POLICY, run_unconfined(RAW32));
}

TEST_F(exec, permitted_switches)
{
	struct exec_args a = { RAW64, "ok" };

	ASSERT_EQ(OWN_POLICY, st_run_confined(NAME, 0, SYSTRACE_MODE_ENFORCE,
					      do_exec, &a));
}

TEST_F(exec, argv_decides)
{
	struct exec_args a = { RAW64, "bad" };

	/* The permit needs argv "raw64 ok"; the next rule denies. */
	ASSERT_EQ(200 + ENOEXEC, st_run_confined(NAME, 0,
						 SYSTRACE_MODE_ENFORCE,
						 do_exec, &a));
}

TEST_F(exec, unmatched_follows_mode)
{
	struct exec_args a = { "/bin/true", NULL };

	ASSERT_EQ(200 + EPERM, st_run_confined(NAME, 0, SYSTRACE_MODE_ENFORCE,
					       do_exec, &a));
	/* Learn: the exec goes on, and the program (busybox, which picks
	 * its applet by the name it was run by) keeps the caller's policy;
	 * "raw64" is no applet: 127. */
	ASSERT_EQ(127, st_run_confined(NAME, 0, SYSTRACE_MODE_LEARN,
				       do_exec, &a));
}

TEST_F(exec, other_program_keeps_policy)
{
	struct exec_args a = { COPY, NULL };

	ASSERT_EQ(CALLER_POLICY, st_run_confined(NAME, 0,
						 SYSTRACE_MODE_ENFORCE,
						 do_exec, &a));
}

TEST_F(exec, ia32_confined_like_x86_64)
{
	struct exec_args a = { RAW32, NULL };

	/*
	 * The program's own policy binds it (getppid ENOTTY) and the
	 * caller's layer goes on under it: a native policy names no ia32
	 * call, so getpid is unmatched there and denied.
	 */
	ASSERT_EQ(OWN_POLICY & ~1, st_run_confined(NAME, 0,
						   SYSTRACE_MODE_ENFORCE,
						   do_exec, &a));
}

TEST_F(exec, symlink_resolved)
{
	struct exec_args a = { "/tmp/raw64-link", "ok" };

	/* The decision and the binding see the resolved path. */
	ASSERT_EQ(0, symlink(RAW64, "/tmp/raw64-link"));
	ASSERT_EQ(OWN_POLICY, st_run_confined(NAME, 0, SYSTRACE_MODE_ENFORCE,
					      do_exec, &a));
	ASSERT_EQ(OWN_POLICY, run_unconfined("/tmp/raw64-link"));
	unlink("/tmp/raw64-link");
}

TEST_F(exec, detach_releases)
{
	struct exec_args a = { COPY, "detach" };

	/* permit[detach]: a program without a policy runs unconfined ... */
	ASSERT_EQ(UNCONFINED, st_run_confined(NAME, 0, SYSTRACE_MODE_ENFORCE,
					      do_exec, &a));
	/* ... one with a policy of its own is bound by it, as for anyone. */
	a.path = RAW64;
	ASSERT_EQ(OWN_POLICY, st_run_confined(NAME, 0, SYSTRACE_MODE_ENFORCE,
					      do_exec, &a));
}

TEST_F(exec, inherit_keeps_policy)
{
	struct exec_args a = { RAW64, "inherit" };

	/* permit[inherit]: the caller's policy, not the program's own. */
	ASSERT_EQ(CALLER_POLICY, st_run_confined(NAME, 0,
						 SYSTRACE_MODE_ENFORCE,
						 do_exec, &a));
	a.path = COPY;
	ASSERT_EQ(CALLER_POLICY, st_run_confined(NAME, 0,
						 SYSTRACE_MODE_ENFORCE,
						 do_exec, &a));
}

TEST_HARNESS_MAIN
