// SPDX-License-Identifier: GPL-2.0
/*
 * systrace selftests: changes by path (kmod/hook_path.c). Paths are the
 * kernel's, resolved through symlinks; each change is its own call with
 * its arguments (mode, uid, filename[1], string) first, then fswrite.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>

#include "harness.h"
#include "hooks.h"

#define NAME "path_test"
#define DIR "/tmp/st-path"

static const char policy[] =
	/* 0: the fswrite alias */
	"Policy: /selftests/path_test, Emulation: native\n"
	"\tnative-recvmsg: permit\n"
	"\tnative-fswrite: filename eq \"" DIR "/a\" then permit\n"
	"\tnative-fswrite: filename eq \"" DIR "/b\" then deny[eacces]\n"
	"\tnative-fswrite: filename eq \"" DIR "/r1\" then permit\n"
	"\tnative-fswrite: filename eq \"" DIR "/r2\" then permit\n"
	"\tnative-fswrite: filename eq \"" DIR "/r3\" then permit\n"
	"\tnative-fswrite: filename eq \"" DIR "/sub/new\" then permit\n"
	/* 1: the calls by name, with their arguments */
	"Policy: /selftests/path_test-calls, Emulation: native\n"
	"\tnative-recvmsg: permit\n"
	"\tnative-unlink: filename eq \"" DIR "/a\" then permit\n"
	"\tnative-mkdir: filename eq \"" DIR "/m1\" and mode eq \"0700\" then permit\n"
	"\tnative-mkdir: mode eq \"0755\" then deny[enospc]\n"
	"\tnative-rmdir: filename eq \"" DIR "/sub\" then deny[ebusy]\n"
	"\tnative-rename: filename eq \"" DIR "/r1\" and filename[1] eq \"" DIR "/r2\" then permit\n"
	"\tnative-rename: filename[1] eq \"" DIR "/b\" then deny[eacces]\n"
	"\tnative-symlink: filename eq \"" DIR "/sl\" and string eq \"target\" then permit\n"
	"\tnative-symlink: string eq \"/etc/shadow\" then deny[eacces]\n"
	"\tnative-link: filename eq \"" DIR "/r2\" and filename[1] eq \"" DIR "/hl\" then permit\n"
	"\tnative-mknod: filename eq \"" DIR "/fifo\" and mode eq \"10600\" then permit\n"
	"\tnative-mknod: mode eq \"20600\" then deny[eacces]\n"
	"\tnative-chmod: filename eq \"" DIR "/r2\" and mode eq \"0600\" then permit\n"
	"\tnative-chmod: filename eq \"" DIR "/r2\" then deny[eacces]\n"
	"\tnative-chown: filename eq \"" DIR "/r2\" and uid eq \"0\" and gid eq \"-1\" then permit\n"
	"\tnative-chown: uid eq \"1\" then deny[eacces]\n"
	"\tnative-truncate: filename eq \"" DIR "/r2\" then permit\n"
	"\tnative-chroot: filename eq \"" DIR "/sub\" then deny[eacces]\n";

static void put(const char *path)
{
	FILE *f = fopen(path, "w");

	if (f) {
		fputs("data", f);
		fclose(f);
	}
}

FIXTURE(path) {
	int unused;
};

FIXTURE_SETUP(path)
{
	ASSERT_EQ(0, system("rm -rf " DIR));
	ASSERT_EQ(0, mkdir(DIR, 0755));
	ASSERT_EQ(0, mkdir(DIR "/sub", 0755));
	ASSERT_EQ(0, symlink("sub", DIR "/lnk"));
	put(DIR "/a");
	put(DIR "/b");
	put(DIR "/c");
	put(DIR "/r1");
	umask(022);
	ASSERT_EQ(0, st_policy_load(NAME, policy, SYSTRACE_MODE_ENFORCE));
}

FIXTURE_TEARDOWN(path)
{
	system("rm -rf " DIR);
}

#define FAILS(call, err) ((call) == -1 && errno == (err))

static void alias(void *arg)
{
	ST_CHECK(1, unlink(DIR "/a") == 0);
	ST_CHECK(2, FAILS(unlink(DIR "/b"), EACCES));
	ST_CHECK(3, FAILS(unlink(DIR "/c"), EPERM));
	/* rename: fswrite asked about both paths */
	ST_CHECK(4, rename(DIR "/r1", DIR "/r2") == 0);
	ST_CHECK(5, FAILS(rename(DIR "/r2", DIR "/b"), EACCES));
	ST_CHECK(6, FAILS(rename(DIR "/b", DIR "/r3"), EACCES));
	ST_CHECK(7, FAILS(rename(DIR "/r2", DIR "/c"), EPERM));
	/* the kernel's path: lnk -> sub */
	ST_CHECK(8, mkdir(DIR "/lnk/new", 0700) == 0);
	ST_CHECK(9, FAILS(mkdir(DIR "/sub/../sub/new2", 0700), EPERM));
	/* link: the new name is asked about too; unlinkat is unlink */
	ST_CHECK(10, FAILS(link(DIR "/r2", DIR "/c2"), EPERM));
	ST_CHECK(11, FAILS(unlinkat(AT_FDCWD, DIR "/b", 0), EACCES));
}

TEST_F(path, alias)
{
	struct st_events ev;
	struct stat st;
	pid_t pid;

	ASSERT_EQ(0, st_events_open(&ev));
	ASSERT_EQ(0, st_run_child(NAME, 0, SYSTRACE_MODE_ENFORCE, alias, NULL,
				  &pid));
	ASSERT_EQ(0, stat(DIR "/b", &st));
	ASSERT_EQ(0, stat(DIR "/c", &st));
	ASSERT_EQ(0, stat(DIR "/r2", &st));
	ASSERT_EQ(0, stat(DIR "/sub/new", &st));
	ASSERT_TRUE(st_events_has(&ev, pid, "fswrite", "filename: \"" DIR "/b\"",
				  SYSTRACE_VERDICT_DENY, EACCES));
	ASSERT_TRUE(st_events_has(&ev, pid, "fswrite", "filename: \"" DIR "/c\"",
				  SYSTRACE_VERDICT_UNMATCHED_DENY, EPERM));
	ASSERT_TRUE(st_events_has(&ev, pid, "fswrite",
				  "filename: \"" DIR "/sub/new2\"",
				  SYSTRACE_VERDICT_UNMATCHED_DENY, EPERM));
	st_events_close(&ev);
}

static void calls(void *arg)
{
	ST_CHECK(1, unlink(DIR "/a") == 0);
	ST_CHECK(2, FAILS(unlink(DIR "/b"), EPERM));
	ST_CHECK(3, mkdir(DIR "/m1", 0700) == 0);
	ST_CHECK(4, FAILS(rmdir(DIR "/m1"), EPERM));
	ST_CHECK(5, FAILS(mkdir(DIR "/m3", 0755), ENOSPC));
	ST_CHECK(6, FAILS(rmdir(DIR "/sub"), EBUSY));
	ST_CHECK(7, rename(DIR "/r1", DIR "/r2") == 0);
	ST_CHECK(8, FAILS(rename(DIR "/r2", DIR "/b"), EACCES));
	ST_CHECK(9, symlink("target", DIR "/sl") == 0);
	ST_CHECK(10, FAILS(symlink("/etc/shadow", DIR "/sl2"), EACCES));
	ST_CHECK(11, link(DIR "/r2", DIR "/hl") == 0);
	ST_CHECK(12, FAILS(link(DIR "/r2", DIR "/hl2"), EPERM));
	ST_CHECK(13, mknod(DIR "/fifo", S_IFIFO | 0600, 0) == 0);
	ST_CHECK(14, FAILS(mknod(DIR "/null", S_IFCHR | 0600, makedev(1, 3)),
			   EACCES));
	ST_CHECK(15, chmod(DIR "/r2", 0600) == 0);
	ST_CHECK(16, FAILS(chmod(DIR "/r2", 0644), EACCES));
	ST_CHECK(17, chown(DIR "/r2", 0, -1) == 0);
	ST_CHECK(18, FAILS(chown(DIR "/r2", 1, 1), EACCES));
	ST_CHECK(19, truncate(DIR "/r2", 1) == 0);
	ST_CHECK(20, FAILS(truncate(DIR "/c", 1), EPERM));
	ST_CHECK(21, FAILS(chroot(DIR "/sub"), EACCES));
	/* an open that creates is an open (file_open), not a mknod */
	ST_CHECK(22, FAILS(open(DIR "/new", O_WRONLY | O_CREAT, 0600), EPERM));
}

TEST_F(path, calls)
{
	struct st_events ev;
	struct stat st;
	pid_t pid;

	ASSERT_EQ(0, st_events_open(&ev));
	ASSERT_EQ(0, st_run_child(NAME, 1, SYSTRACE_MODE_ENFORCE, calls, NULL,
				  &pid));
	ASSERT_EQ(0, stat(DIR "/r2", &st));
	ASSERT_EQ(1, st.st_size);
	ASSERT_EQ(0600, st.st_mode & 07777);
	ASSERT_EQ(2, st.st_nlink);
	ASSERT_EQ(-1, stat(DIR "/null", &st));
	/* the call's own rule decided: the event names it */
	ASSERT_TRUE(st_events_has(&ev, pid, "rename",
				  "filename: \"" DIR "/r2\", filename[1]: \"" DIR "/b\"",
				  SYSTRACE_VERDICT_DENY, EACCES));
	ASSERT_TRUE(st_events_has(&ev, pid, "mkdir",
				  "filename: \"" DIR "/m3\", mode: 0755",
				  SYSTRACE_VERDICT_DENY, ENOSPC));
	ASSERT_TRUE(st_events_has(&ev, pid, "symlink",
				  "filename: \"" DIR "/sl2\", string: \"/etc/shadow\"",
				  SYSTRACE_VERDICT_DENY, EACCES));
	ASSERT_TRUE(st_events_has(&ev, pid, "mknod",
				  "filename: \"" DIR "/null\", mode: 20600",
				  SYSTRACE_VERDICT_DENY, EACCES));
	ASSERT_TRUE(st_events_has(&ev, pid, "chown",
				  "filename: \"" DIR "/r2\", uid: 1, gid: 1, uname: 1",
				  SYSTRACE_VERDICT_DENY, EACCES));
	ASSERT_TRUE(st_events_has(&ev, pid, "fswrite",
				  "filename: \"" DIR "/c\"",
				  SYSTRACE_VERDICT_UNMATCHED_DENY, EPERM));
	st_events_close(&ev);
}

static void learn(void *arg)
{
	ST_CHECK(1, unlink(DIR "/c") == 0);
	ST_CHECK(2, FAILS(unlink(DIR "/b"), EACCES));
	ST_CHECK(3, mkdir(DIR "/m2", 0700) == 0);
}

TEST_F(path, learn)
{
	struct st_events ev;
	pid_t pid;

	ASSERT_EQ(0, st_events_open(&ev));
	ASSERT_EQ(0, st_run_child(NAME, 0, SYSTRACE_MODE_LEARN, learn, NULL,
				  &pid));
	ASSERT_TRUE(st_events_has(&ev, pid, "fswrite",
				  "filename: \"" DIR "/m2\", mode: 0700",
				  SYSTRACE_VERDICT_UNMATCHED_PERMIT, 0));
	st_events_close(&ev);
}

static void denied_unlink(void *arg)
{
	ST_CHECK(1, FAILS(unlink(DIR "/b"), EACCES));
}

TEST_F(path, log)
{
	char who[128], what[160];
	pid_t pid;

	st_log_quiet();
	ASSERT_EQ(0, st_run_child(NAME, 0, SYSTRACE_MODE_ENFORCE,
				  denied_unlink, NULL, &pid));
	/* Its parent: this process. */
	snprintf(who, sizeof(who), "pid: %d, ppid: %d, policy: \"" NAME "\",", pid,
		 getpid());
	snprintf(what, sizeof(what), "call: fswrite(%d), filename: \"" DIR "/b\", error: 13", SYS_unlink);
	ASSERT_TRUE(st_klog_has(who, what));
}

/* The same decisions for a program run by systracectl, in both ABIs. */
static const char helper_policy64[] =
	"Policy: " ST_HELPER64 ", Emulation: native\n"
	"\tnative-fswrite: filename eq \"" DIR "/a\" then permit\n"
	"\tnative-fswrite: filename eq \"" DIR "/b\" then deny[eacces]\n"
	"\tnative-mkdir: filename eq \"" DIR "/m1\" and mode eq \"0700\" then permit\n";

static const char helper_policy32[] =
	"Policy: " ST_HELPER32 ", Emulation: linux32\n"
	"\tlinux32-fswrite: filename eq \"" DIR "/a\" then permit\n"
	"\tlinux32-fswrite: filename eq \"" DIR "/b\" then deny[eacces]\n";

TEST_F(path, run_enforce)
{
	struct stat st;

	ASSERT_EQ(0, st_write_file("/tmp/path64.policy", helper_policy64));
	ASSERT_EQ(0, st_run_helper("-a", "/tmp/path64.policy", ST_HELPER64,
				   "unlink", DIR "/a", NULL));
	ASSERT_EQ(EACCES, st_run_helper("-a", "/tmp/path64.policy", ST_HELPER64,
					"unlink", DIR "/b", NULL));
	ASSERT_EQ(EPERM, st_run_helper("-a", "/tmp/path64.policy", ST_HELPER64,
				       "unlink", DIR "/c", NULL));
	/* the helper's mode is "0700" read as decimal: mkdir's own rule
	 * does not match, and fswrite has no rule for m1 */
	ASSERT_EQ(EPERM, st_run_helper("-a", "/tmp/path64.policy", ST_HELPER64,
				       "mkdir", DIR "/m1", "0700"));
	ASSERT_EQ(0, stat(DIR "/b", &st));
	ASSERT_EQ(0, stat(DIR "/c", &st));
}

TEST_F(path, run_learn)
{
	ASSERT_EQ(0, st_write_file("/tmp/path64.policy", helper_policy64));
	ASSERT_EQ(0, st_run_helper("-A", "/tmp/path64.policy", ST_HELPER64,
				   "unlink", DIR "/c", NULL));
	ASSERT_EQ(EACCES, st_run_helper("-A", "/tmp/path64.policy", ST_HELPER64,
					"unlink", DIR "/b", NULL));
}

TEST_F(path, run_ia32)
{
	ASSERT_EQ(0, st_write_file("/tmp/path32.policy", helper_policy32));
	ASSERT_EQ(0, st_run_helper("-a", "/tmp/path32.policy", ST_HELPER32,
				   "unlink", DIR "/a", NULL));
	ASSERT_EQ(EACCES, st_run_helper("-a", "/tmp/path32.policy", ST_HELPER32,
					"unlink", DIR "/b", NULL));
	ASSERT_EQ(EPERM, st_run_helper("-a", "/tmp/path32.policy", ST_HELPER32,
				       "unlink", DIR "/c", NULL));
	ASSERT_EQ(0, st_run_helper("-A", "/tmp/path32.policy", ST_HELPER32,
				   "unlink", DIR "/c", NULL));
}

TEST_HARNESS_MAIN
