// SPDX-License-Identifier: GPL-2.0
/*
 * systrace selftests: the policy language means what systrace meant
 * (issue 12, point 2). A call's own rules first, then its alias's; stat,
 * lstat, access, readlink, mkdir and unlink decided by fsread and fswrite
 * on the kernel's path; oflags as "ro", "wo", "rw" plus n a c t; policyc
 * -u; Emulation: linux is the i386 ABI; detached; a learned policy binds
 * by path. The calls permitted by a rule of a set (filename eq, one lookup
 * in the kernel's fast path) decide as the interpreter does: own rules
 * first, deny, log.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "harness.h"
#include "hooks.h"
#include "ctl.h"

#define NAME "semantics_test"
#define DIR "/tmp/st-sem"

static const char policy[] =
	"Policy: /selftests/semantics_test, Emulation: native\n"
	"\tnative-recvmsg: permit\n"
	/* own rules first: the own permit wins over the alias's deny ... */
	"\tnative-stat: filename eq \"" DIR "/a\" then permit\n"
	/* ... and the own deny over the alias's permit */
	"\tnative-stat: filename eq \"" DIR "/b\" then deny[enospc]\n"
	"\tnative-access: filename eq \"" DIR "/d\" then permit\n"
	"\tnative-unlink: filename eq \"" DIR "/u2\" then permit\n"
	"\tnative-chdir: filename eq \"" DIR "/sub\" then permit\n"
	"\tnative-fsread: filename eq \"" DIR "/a\" then deny[eacces]\n"
	"\tnative-fsread: filename eq \"" DIR "/b\" then permit\n"
	"\tnative-fsread: filename eq \"" DIR "/c\" then permit\n"
	"\tnative-fsread: filename eq \"" DIR "/d\" then deny[eacces]\n"
	"\tnative-fsread: filename eq \"" DIR "/l\" then permit\n"
	/* fsread is one hash set: its "log" is still logged */
	"\tnative-fsread: filename eq \"" DIR "/g\" then permit log\n"
	"\tnative-fswrite: filename eq \"" DIR "/m\" then permit\n"
	"\tnative-fswrite: filename eq \"" DIR "/u\" then deny[eacces]\n"
	"\tnative-fswrite: filename eq \"" DIR "/u2\" then deny[eacces]\n"
	/* oflags, systrace's letters and the O_ names */
	"\tnative-open: filename eq \"" DIR "/new\" and oflags sub \"c\" then permit\n"
	"\tnative-open: filename eq \"" DIR "/new2\" and oflags eq \"O_WRONLY|O_CREAT|O_TRUNC\" then permit\n"
	"\tnative-open: filename eq \"" DIR "/c\" and oflags eq \"rw\" then deny[ebusy]\n";

static void put(const char *path)
{
	FILE *f = fopen(path, "w");

	if (f) {
		fputs("data", f);
		fclose(f);
	}
}

FIXTURE(sem) {
	int unused;
};

FIXTURE_SETUP(sem)
{
	ASSERT_EQ(0, system("rm -rf " DIR));
	ASSERT_EQ(0, mkdir(DIR, 0755));
	ASSERT_EQ(0, mkdir(DIR "/sub", 0755));
	put(DIR "/a");
	put(DIR "/b");
	put(DIR "/c");
	put(DIR "/d");
	put(DIR "/e");
	put(DIR "/g");
	put(DIR "/u");
	put(DIR "/u2");
	ASSERT_EQ(0, symlink("e", DIR "/l"));
	ASSERT_EQ(0, symlink("c", DIR "/l2"));
	ASSERT_EQ(0, st_policy_load(NAME, policy, SYSTRACE_MODE_ENFORCE));
}

FIXTURE_TEARDOWN(sem)
{
	system("rm -rf " DIR);
}

#define FAILS(call, err) ((call) == -1 && errno == (err))

static void calls(void *arg)
{
	struct stat st;
	char buf[64];
	int fd;

	/* own rules first */
	ST_CHECK(1, stat(DIR "/a", &st) == 0);
	ST_CHECK(2, FAILS(stat(DIR "/b", &st), ENOSPC));
	/* no own rule matches: the alias decides */
	ST_CHECK(3, stat(DIR "/c", &st) == 0);
	ST_CHECK(4, FAILS(stat(DIR "/e", &st), EPERM));
	/* lstat: the link's own path (stat would be e's: denied) */
	ST_CHECK(5, lstat(DIR "/l", &st) == 0);
	ST_CHECK(6, FAILS(stat(DIR "/l", &st), EPERM));
	/* access and readlink, looked up at entry */
	ST_CHECK(7, access(DIR "/c", R_OK) == 0);
	ST_CHECK(8, access(DIR "/d", R_OK) == 0);
	ST_CHECK(9, FAILS(access(DIR "/e", R_OK), EPERM));
	ST_CHECK(10, readlink(DIR "/l", buf, sizeof(buf)) == 1);
	ST_CHECK(11, FAILS(readlink(DIR "/l2", buf, sizeof(buf)), EPERM));
	ST_CHECK(12, FAILS(access(DIR "/nosuch", F_OK), ENOENT));
	/* fswrite: mkdir, unlink; unlink's own rule first */
	ST_CHECK(13, mkdir(DIR "/m", 0700) == 0);
	ST_CHECK(14, FAILS(mkdir(DIR "/m2", 0700), EPERM));
	ST_CHECK(15, FAILS(unlink(DIR "/u"), EACCES));
	ST_CHECK(16, unlink(DIR "/u2") == 0);
	/* chdir by path */
	ST_CHECK(17, FAILS(chdir(DIR), EPERM));
	/* oflags */
	fd = open(DIR "/new", O_WRONLY | O_CREAT, 0600);
	ST_CHECK(18, fd >= 0);
	close(fd);
	fd = open(DIR "/new2", O_WRONLY | O_CREAT | O_TRUNC, 0600);
	ST_CHECK(19, fd >= 0);
	close(fd);
	ST_CHECK(20, FAILS(open(DIR "/new3", O_WRONLY | O_CREAT, 0600), EPERM));
	fd = open(DIR "/c", O_RDONLY);
	ST_CHECK(21, fd >= 0);
	close(fd);
	ST_CHECK(22, FAILS(open(DIR "/c", O_RDWR), EBUSY));
	ST_CHECK(23, chdir(DIR "/sub") == 0);
	/* stat's own set has no /g: fsread's decides, by a rule with log */
	ST_CHECK(24, stat(DIR "/g", &st) == 0);
}

TEST_F(sem, own_rules_then_alias)
{
	struct st_events ev;
	struct stat st;
	pid_t pid;

	ASSERT_EQ(0, st_events_open(&ev));
	ASSERT_EQ(0, st_run_child(NAME, 0, SYSTRACE_MODE_ENFORCE, calls, NULL,
				  &pid));
	ASSERT_EQ(0, stat(DIR "/u", &st));
	ASSERT_EQ(0, stat(DIR "/m", &st));
	ASSERT_EQ(-1, stat(DIR "/new3", &st));
	/* the key that decided names the event; unmatched: the alias */
	ASSERT_TRUE(st_events_has(&ev, pid, "stat", "filename: \"" DIR "/b\"",
				  SYSTRACE_VERDICT_DENY, ENOSPC));
	ASSERT_TRUE(st_events_has(&ev, pid, "fsread", "filename: \"" DIR "/e\"",
				  SYSTRACE_VERDICT_UNMATCHED_DENY, EPERM));
	ASSERT_TRUE(st_events_has(&ev, pid, "fswrite", "filename: \"" DIR "/u\"",
				  SYSTRACE_VERDICT_DENY, EACCES));
	ASSERT_TRUE(st_events_has(&ev, pid, "open",
				  "filename: \"" DIR "/c\", oflags: rw",
				  SYSTRACE_VERDICT_DENY, EBUSY));
	ASSERT_TRUE(st_events_has(&ev, pid, "fswrite",
				  "filename: \"" DIR "/new3\", mode: 0600, oflags: woc",
				  SYSTRACE_VERDICT_UNMATCHED_DENY, EPERM));
	ASSERT_TRUE(st_events_has(&ev, pid, "chdir", "filename: \"" DIR "\"",
				  SYSTRACE_VERDICT_UNMATCHED_DENY, EPERM));
	/* a permit by a set's rule with "log" (no fast path past it) */
	ASSERT_TRUE(st_events_has(&ev, pid, "fsread", "filename: \"" DIR "/g\"",
				  SYSTRACE_VERDICT_PERMIT, 0));
	st_events_close(&ev);
}

/* policyc -u: the alias's rules decide nothing. */
static const char helper_alias[] =
	"Policy: " ST_HELPER64 ", Emulation: native\n"
	"\tnative-fswrite: filename eq \"" DIR "/a\" then permit\n"
	"\tnative-unlink: filename eq \"" DIR "/b\" then permit\n";

TEST_F(sem, noalias)
{
	ASSERT_EQ(0, st_write_file("/tmp/sem-alias.policy", helper_alias));
	ASSERT_EQ(0, ctl_sh("policyc -u -o /tmp/sem-noalias.bin /tmp/sem-alias.policy"));
	ASSERT_EQ(EPERM, st_run_helper("-a", "/tmp/sem-noalias.bin", ST_HELPER64,
				       "unlink", DIR "/a", NULL));
	ASSERT_EQ(0, st_run_helper("-a", "/tmp/sem-noalias.bin", ST_HELPER64,
				   "unlink", DIR "/b", NULL));
	ASSERT_EQ(0, st_run_helper("-a", "/tmp/sem-alias.policy", ST_HELPER64,
				   "unlink", DIR "/a", NULL));
}

/* Emulation: linux is the i386 ABI: stat64 and its alias in one policy. */
static const char helper_linux[] =
	"Policy: " ST_HELPER32 ", Emulation: linux\n"
	"\tlinux-stat64: filename eq \"" DIR "/a\" then permit\n"
	"\tlinux-fsread: filename eq \"" DIR "/c\" then permit\n"
	"\tlinux-fswrite: filename eq \"" DIR "/u2\" then permit\n";

TEST_F(sem, linux_is_i386)
{
	ASSERT_EQ(0, st_write_file("/tmp/sem-linux.policy", helper_linux));
	ASSERT_EQ(0, st_run_helper("-a", "/tmp/sem-linux.policy", ST_HELPER32,
				   "stat", DIR "/a", NULL));
	ASSERT_EQ(0, st_run_helper("-a", "/tmp/sem-linux.policy", ST_HELPER32,
				   "stat", DIR "/c", NULL));
	ASSERT_EQ(EPERM, st_run_helper("-a", "/tmp/sem-linux.policy",
				       ST_HELPER32, "stat", DIR "/e", NULL));
	ASSERT_EQ(0, st_run_helper("-a", "/tmp/sem-linux.policy", ST_HELPER32,
				   "access", DIR "/c", NULL));
	ASSERT_EQ(0, st_run_helper("-a", "/tmp/sem-linux.policy", ST_HELPER32,
				   "unlink", DIR "/u2", NULL));
	/* the x86_64 helper's calls are not named by a linux policy */
	ASSERT_EQ(EPERM, st_run_helper("-a", "/tmp/sem-linux.policy",
				       ST_HELPER64, "stat", DIR "/a", NULL));
}

/* Run @argv; its exit status, or -1. */
static int run_prog(const char *const argv[])
{
	pid_t pid = fork();
	int st;

	if (pid < 0)
		return -1;
	if (pid == 0) {
		execv(argv[0], (char **)argv);
		_exit(127);
	}
	if (waitpid(pid, &st, 0) != pid)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* Confined: the detached program stays under the caller's layer. */
static void run_detached(void *arg)
{
	ST_CHECK(1, run_prog(arg) == EPERM);
}

static const char detached_policy[] =
	"Policy: " ST_HELPER64 ", Emulation: native\n"
	"detached\n"
	"Policy: /selftests/semantics_test-caller, Emulation: native\n"
	"\tnative-recvmsg: permit\n"
	"\tnative-execve: permit\n"
	"\tnative-clone: permit\n"
	"\tnative-fork: permit\n"
	"\tnative-vfork: permit\n"
	"\tnative-wait4: permit\n";

TEST_F(sem, detached)
{
	const char *const argv[] = { ST_HELPER64, "unlink", DIR "/a", NULL };
	const char *const argv2[] = { ST_HELPER64, "unlink", DIR "/b", NULL };
	struct stat st;
	pid_t pid;

	ASSERT_EQ(0, st_policy_load(NAME "-det", detached_policy,
				    SYSTRACE_MODE_ENFORCE));
	/* a confined caller's layer goes on over the detached program */
	EXPECT_EQ(0, st_run_child(NAME "-det", 1, SYSTRACE_MODE_ENFORCE,
				  run_detached, (void *)argv2, &pid));
	EXPECT_EQ(0, stat(DIR "/b", &st));
	/* released: it runs unmonitored (was: an empty policy, exit 127) */
	EXPECT_EQ(0, run_prog(argv));
	EXPECT_EQ(-1, stat(DIR "/a", &st));
	ctl_sh("systracectl unload " NAME "-det");
}

/* A learned policy has systrace's header: loaded, it binds by path. */
TEST_F(sem, learned_header)
{
	const char *const argv[] = { ST_HELPER64, "unlink", DIR "/a", NULL };
	const char *const argv2[] = { ST_HELPER64, "unlink", DIR "/b", NULL };

	ASSERT_EQ(0, ctl_sh("systracectl run -A -o /tmp/sem-learned.policy -- "
			    ST_HELPER64 " unlink " DIR "/c"));
	ASSERT_NE(NULL, strstr(ctl_read("/tmp/sem-learned.policy"),
			       "Policy: " ST_HELPER64 ", Emulation: native\n"));
	ASSERT_EQ(0, ctl_sh("systracectl load -m enforce -n sem-learned /tmp/sem-learned.policy"));
	put(DIR "/c");
	EXPECT_EQ(0, run_prog((const char *const[]){ ST_HELPER64, "unlink",
						     DIR "/c", NULL }));
	EXPECT_EQ(EPERM, run_prog(argv));
	EXPECT_EQ(EPERM, run_prog(argv2));
	ctl_sh("systracectl unload sem-learned");
}

TEST_HARNESS_MAIN
