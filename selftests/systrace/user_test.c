// SPDX-License-Identifier: GPL-2.0
/*
 * systrace selftests: users' policies (~/.systrace). A user's image binds
 * that user's execs of its path and nobody else's; a global image for the
 * same path binds the user too, whatever the load order, and load-dir says
 * so; never a set-id exec; StrictModes refuse files and directories others
 * could write; the kernel ties ~UID/NAME names to their owner and refuses
 * a bad owner; list shows the owner; unloading unbinds.
 */
#include <errno.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <linux/systrace.h>

#include "harness.h"
#include "ctl.h"
#include "../../systracectl/nl.h"

#define USER	"stuser"
#define UID	1000
#define OTHER	"stother"
#define OUID	1001
#define HOME	"/home/" USER
#define DOT	HOME "/.systrace"
#define OHOME	"/home/" OTHER
#define GDIR	"/tmp/user-global"
#define PROG	"/tmp/ut-raw64"
#define FILE_	"tmp_ut-raw64"
#define IMAGE	"~1000/" FILE_
#define GLOBAL	"tmp_ut_global"

/* raw_helper.c's exit codes: which policy confined it. */
#define UNCONFINED	1	/* getpid only */
#define USER_POLICY	7	/* getppid ENOTTY, getuid EPERM (unmatched) */
#define GLOBAL_POLICY	5	/* getppid permitted, getuid EPERM */

static const char user_policy[] =
	"Policy: " PROG ", Emulation: native\n"
	"\tnative-getpid: permit\n"
	"\tnative-getppid: deny[enotty]\n";
static const char global_policy[] =
	"Policy: " PROG ", Emulation: native\n"
	"\tnative-getpid: permit\n"
	"\tnative-getppid: permit\n";

static void put(const char *path, const char *text, uid_t uid, mode_t mode)
{
	FILE *f = fopen(path, "w");

	if (f) {
		fputs(text, f);
		fclose(f);
	}
	if (chown(path, uid, uid) || chmod(path, mode))
		perror(path);
}

/* Run @cmd, its output into @out (ctl.h). */
static int sh(const char *cmd, char *out, size_t len)
{
	return ctl_capture(cmd, out, len);
}

/* Exec PROG as @uid (its gid the same); raw_helper's exit code. */
static int run_as(uid_t uid)
{
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		char *argv[] = { (char *)"raw64", NULL };

		if (setgroups(0, NULL) || setgid(uid) || setuid(uid))
			_exit(101);
		execv(PROG, argv);
		_exit(100);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

FIXTURE(user) {
	char out[16384];
};

FIXTURE_SETUP(user)
{
	ASSERT_EQ(0, system("cp /etc/passwd /tmp/ut-passwd && cp /etc/group /tmp/ut-group"));
	/* root is a user too: what other tests learned there is not ours. */
	ASSERT_EQ(0, system("rm -rf /tmp/ut-root && mkdir /tmp/ut-root && "
			    "{ [ ! -e /root/.systrace ] || mv /root/.systrace /tmp/ut-root/; }"));
	/* Tests share the VM: one that left a user with these ids would
	 * make every lookup below answer for it. */
	ASSERT_NE(0, system("grep -q '^[^:]*:[^:]*:100[01]:' /etc/passwd"))
		TH_LOG("uid 1000 or 1001 is taken in /etc/passwd");
	ASSERT_EQ(0, system("echo '" USER ":x:1000:1000::" HOME ":/bin/sh' >> /etc/passwd && "
			    "echo '" OTHER ":x:1001:1001::" OHOME ":/bin/sh' >> /etc/passwd && "
			    "echo '" USER ":x:1000:' >> /etc/group && "
			    "echo '" OTHER ":x:1001:' >> /etc/group"));
	ASSERT_EQ(0, system("rm -rf /home " GDIR " && mkdir -p " DOT " " OHOME "/.systrace " GDIR
			    " && chown -R 1000:1000 " HOME " && chown -R 1001:1001 " OHOME
			    " && chmod 0755 " HOME " " OHOME " && chmod 0700 " DOT
			    " && cp /selftests/raw64 " PROG " && chmod 0755 " PROG));
	put(DOT "/" FILE_, user_policy, UID, 0600);
	put(GDIR "/" GLOBAL, global_policy, 0, 0644);
}

FIXTURE_TEARDOWN(user)
{
	system("systracectl unload '" IMAGE "' >/dev/null 2>&1");
	system("systracectl unload '~1001/" FILE_ "' >/dev/null 2>&1");
	system("systracectl unload '~1000/tmp_ut_other' >/dev/null 2>&1");
	system("systracectl unload " GLOBAL " >/dev/null 2>&1");
	system("systracectl unload tmp_ut_sh >/dev/null 2>&1");
	system("rm -rf /home " GDIR " " PROG);
	system("cp /tmp/ut-passwd /etc/passwd && cp /tmp/ut-group /etc/group");
	system("[ ! -e /tmp/ut-root/.systrace ] || mv /tmp/ut-root/.systrace /root/; rm -rf /tmp/ut-root");
}

TEST_F(user, binds_only_its_user)
{
	ASSERT_EQ(UNCONFINED, run_as(UID));
	ASSERT_EQ(0, sh("systracectl load-dir --user " USER " " DOT, self->out, sizeof(self->out)));
	ASSERT_NE(NULL, strstr(self->out, "1 loaded, 0 failed")) TH_LOG("%s", self->out);
	/* No global policy names the path: nothing to say. */
	ASSERT_EQ(NULL, strstr(self->out, "not used at exec")) TH_LOG("%s", self->out);
	EXPECT_EQ(USER_POLICY, run_as(UID));
	EXPECT_EQ(UNCONFINED, run_as(0));
	EXPECT_EQ(UNCONFINED, run_as(OUID));

	ASSERT_EQ(0, sh("systracectl list", self->out, sizeof(self->out)));
	EXPECT_NE(NULL, strstr(self->out, IMAGE ": mode enforce")) TH_LOG("%s", self->out);
	EXPECT_NE(NULL, strstr(self->out, "owner: 1000 (" USER ")")) TH_LOG("%s", self->out);
	EXPECT_NE(NULL, strstr(self->out, "policy 0: " PROG "\n")) TH_LOG("%s", self->out);

	/* The same file name, another user (by uid): a separate image. */
	put(OHOME "/.systrace/" FILE_, user_policy, OUID, 0600);
	ASSERT_EQ(0, sh("systracectl load-dir -u 1001 " OHOME "/.systrace", self->out,
			sizeof(self->out)));
	ASSERT_EQ(0, sh("systracectl list", self->out, sizeof(self->out)));
	EXPECT_NE(NULL, strstr(self->out, "~1001/" FILE_ ": mode")) TH_LOG("%s", self->out);
	EXPECT_EQ(USER_POLICY, run_as(OUID));
	EXPECT_EQ(UNCONFINED, run_as(0));

	ASSERT_EQ(0, sh("systracectl unload '" IMAGE "'", self->out, sizeof(self->out)));
	EXPECT_EQ(UNCONFINED, run_as(UID));
	EXPECT_EQ(USER_POLICY, run_as(OUID));
}

TEST_F(user, global_wins_and_load_dir_says_so)
{
	ASSERT_EQ(0, sh("systracectl load-dir " GDIR, self->out, sizeof(self->out)));
	ASSERT_EQ(GLOBAL_POLICY, run_as(UID));
	/* Loading succeeds, with the warning; the global policy still binds. */
	ASSERT_EQ(0, sh("systracectl load-dir --user " USER " " DOT, self->out, sizeof(self->out)));
	EXPECT_NE(NULL, strstr(self->out, "1 loaded, 0 failed")) TH_LOG("%s", self->out);
	EXPECT_NE(NULL, strstr(self->out, "systracectl: " DOT "/" FILE_ ": " PROG
			       ": a global policy (" GLOBAL ") governs it for every user;"
			       " this one is not used at exec\n")) TH_LOG("%s", self->out);
	EXPECT_EQ(GLOBAL_POLICY, run_as(UID));
	EXPECT_EQ(GLOBAL_POLICY, run_as(0));
	ASSERT_EQ(0, sh("systracectl list", self->out, sizeof(self->out)));
	EXPECT_NE(NULL, strstr(self->out, "policy 0: " PROG " (not used at exec: " GLOBAL
			       " governs it)")) TH_LOG("%s", self->out);

	/* The other order: the global image loaded last wins all the same. */
	ASSERT_EQ(0, sh("systracectl unload " GLOBAL, self->out, sizeof(self->out)));
	EXPECT_EQ(USER_POLICY, run_as(UID));
	ASSERT_EQ(0, sh("systracectl load-dir " GDIR, self->out, sizeof(self->out)));
	EXPECT_EQ(GLOBAL_POLICY, run_as(UID));
	ASSERT_EQ(0, sh("systracectl unload " GLOBAL, self->out, sizeof(self->out)));
	EXPECT_EQ(USER_POLICY, run_as(UID));
}

TEST_F(user, never_a_setid_exec)
{
	ASSERT_EQ(0, sh("systracectl load-dir --user " USER " " DOT, self->out, sizeof(self->out)));
	ASSERT_EQ(USER_POLICY, run_as(UID));
	/* Root's set-user-ID program: the user's policy must not govern it. */
	ASSERT_EQ(0, chmod(PROG, 04755));
	EXPECT_EQ(UNCONFINED, run_as(UID));
	ASSERT_EQ(0, chmod(PROG, 02755));
	EXPECT_EQ(UNCONFINED, run_as(UID));
	ASSERT_EQ(0, chmod(PROG, 0755));
	EXPECT_EQ(USER_POLICY, run_as(UID));
}

/* A task a global policy confines keeps it across an exec of a user's path. */
TEST_F(user, never_replaces_a_global_confinement)
{
	char cmd[512];

	ASSERT_EQ(0, system("mkdir -p /tmp/user-shell && mkdir -p /tmp/ut && cp /bin/busybox /tmp/ut/sh && "
			    "printf 'Policy: /tmp/ut/sh, Emulation: native\\n"
			    "\\tnative-getppid: permit\\n' > /tmp/user-shell/tmp_ut_sh"));
	ASSERT_EQ(0, sh("systracectl load-dir --user " USER " " DOT, self->out, sizeof(self->out)));
	ASSERT_EQ(0, sh("systracectl load-dir -m learn /tmp/user-shell", self->out,
			sizeof(self->out)));
	/* The shell is confined by the global image (learn: all permitted). */
	snprintf(cmd, sizeof(cmd), "su -s /tmp/ut/sh " USER " -c '" PROG "; echo rc=$?'");
	ASSERT_EQ(0, sh(cmd, self->out, sizeof(self->out))) TH_LOG("%s", self->out);
	EXPECT_NE(NULL, strstr(self->out, "rc=1\n")) TH_LOG("%s", self->out);
	/* Unconfined, the user's shell execs it under the user's policy. */
	ASSERT_EQ(0, sh("systracectl unload tmp_ut_sh", self->out, sizeof(self->out)));
	ASSERT_EQ(0, sh(cmd, self->out, sizeof(self->out))) TH_LOG("%s", self->out);
	EXPECT_NE(NULL, strstr(self->out, "rc=7\n")) TH_LOG("%s", self->out);
	system("rm -rf /tmp/user-shell /tmp/ut");
}

/*
 * permit[inherit] in a user's policy keeps it across an exec, but never in
 * place of a global policy of the program executed.
 */
TEST_F(user, inherit_never_displaces_a_global_policy)
{
	const char *cmd = "su -s /tmp/ut/sh " USER " -c '" PROG "; echo rc=$?'";

	ASSERT_EQ(0, system("mkdir -p /tmp/ut && cp /bin/busybox /tmp/ut/sh"));
	put(DOT "/tmp_ut_sh", "Policy: /tmp/ut/sh, Emulation: native\n"
	    "\tnative-getppid: deny[enotty]\n"
	    "\tnative-execve: filename eq \"" PROG "\" then permit[inherit]\n",
	    UID, 0600);
	unlink(DOT "/" FILE_);
	/* Learn: the shell's other calls pass; getppid is still denied. */
	ASSERT_EQ(0, sh("systracectl load-dir -m learn --user " USER " " DOT,
			self->out, sizeof(self->out))) TH_LOG("%s", self->out);
	/* No global policy for PROG: it inherits the shell's (getppid ENOTTY,
	 * getuid permitted by learn mode: 3). */
	ASSERT_EQ(0, sh(cmd, self->out, sizeof(self->out))) TH_LOG("%s", self->out);
	EXPECT_NE(NULL, strstr(self->out, "rc=3\n")) TH_LOG("%s", self->out);
	/* A global policy for PROG: it binds, inherit or not. */
	ASSERT_EQ(0, sh("systracectl load-dir " GDIR, self->out, sizeof(self->out)));
	ASSERT_EQ(0, sh(cmd, self->out, sizeof(self->out))) TH_LOG("%s", self->out);
	EXPECT_NE(NULL, strstr(self->out, "rc=5\n")) TH_LOG("%s", self->out);
	system("systracectl unload '~1000/tmp_ut_sh' >/dev/null 2>&1; rm -rf /tmp/ut");
}

TEST_F(user, strict_modes)
{
	put(DOT "/tmp_ut_group", user_policy, UID, 0664);
	put(DOT "/tmp_ut_foreign", user_policy, OUID, 0600);
	ASSERT_EQ(0, symlink("/etc/passwd", DOT "/tmp_ut_link"));
	ASSERT_EQ(1, sh("systracectl load-dir --user " USER " " DOT, self->out, sizeof(self->out)));
	EXPECT_NE(NULL, strstr(self->out, "systracectl: " DOT "/tmp_ut_group: not loaded: "
			       "writable by group (mode 0664)\n")) TH_LOG("%s", self->out);
	EXPECT_NE(NULL, strstr(self->out, "systracectl: " DOT "/tmp_ut_foreign: not loaded: "
			       "owned by uid 1001, neither " USER " nor root\n")) TH_LOG("%s", self->out);
	EXPECT_NE(NULL, strstr(self->out, "systracectl: " DOT "/tmp_ut_link: not loaded: "
			       "a symbolic link\n")) TH_LOG("%s", self->out);
	/* The good file of the directory loads all the same. */
	EXPECT_NE(NULL, strstr(self->out, "1 loaded, 3 failed")) TH_LOG("%s", self->out);
	EXPECT_EQ(USER_POLICY, run_as(UID));
	/* A directory others may write: nothing of it. */
	ASSERT_EQ(0, sh("systracectl unload '" IMAGE "'", self->out, sizeof(self->out)));
	ASSERT_EQ(0, system("rm -f " DOT "/tmp_ut_* && chmod 0777 " DOT));
	ASSERT_EQ(1, sh("systracectl load-dir --user " USER " " DOT, self->out, sizeof(self->out)));
	EXPECT_NE(NULL, strstr(self->out, "systracectl: " DOT ": not loaded: writable by others"
			       " (mode 0777)\n")) TH_LOG("%s", self->out);
	EXPECT_NE(NULL, strstr(self->out, "0 loaded, 1 failed")) TH_LOG("%s", self->out);
	EXPECT_EQ(UNCONFINED, run_as(UID));
}

TEST_F(user, every_users_dot_systrace)
{
	/* stother's ~/.systrace is group-writable: refused, stuser's loads. */
	put(OHOME "/.systrace/" FILE_, user_policy, OUID, 0600);
	ASSERT_EQ(0, chmod(OHOME "/.systrace", 0770));
	ASSERT_EQ(1, sh("systracectl load-dir --users", self->out, sizeof(self->out)));
	EXPECT_NE(NULL, strstr(self->out, "systracectl: " OHOME "/.systrace: not loaded: "
			       "writable by group (mode 0770)\n")) TH_LOG("%s", self->out);
	EXPECT_NE(NULL, strstr(self->out, "1 loaded, 1 failed")) TH_LOG("%s", self->out);
	EXPECT_EQ(USER_POLICY, run_as(UID));
	EXPECT_EQ(UNCONFINED, run_as(OUID));
	EXPECT_EQ(UNCONFINED, run_as(0));

	ASSERT_EQ(0, chmod(OHOME "/.systrace", 0700));
	ASSERT_EQ(0, sh("systracectl load-dir --users", self->out, sizeof(self->out)));
	EXPECT_NE(NULL, strstr(self->out, "2 loaded, 0 failed")) TH_LOG("%s", self->out);
	EXPECT_EQ(USER_POLICY, run_as(OUID));
	/* --users takes no directory. */
	EXPECT_EQ(2, sh("systracectl load-dir --users " DOT, self->out, sizeof(self->out)));
}

/*
 * Only the file checked is read: a hard link to a file the user may not
 * read is refused and never shown; a source is compiled as the user, with
 * its diagnostics under its own name.
 */
TEST_F(user, only_the_checked_file)
{
	ASSERT_EQ(0, system("printf 'Policy: /x, Emulation: native\\nsecret line\\n' > /home/ut-secret"
			    " && chmod 0600 /home/ut-secret && ln /home/ut-secret " DOT "/tmp_ut_other"));
	put(DOT "/tmp_ut_bad", "Policy: /tmp/ut-nothing, Emulation: native\n"
	    "\tnative-getpid: permit\n\tnative-getppid: pemrit\n", UID, 0600);
	ASSERT_EQ(1, sh("systracectl load-dir -u " USER " " DOT, self->out, sizeof(self->out)));
	EXPECT_NE(NULL, strstr(self->out, DOT "/tmp_ut_other: not loaded: 2 hard links\n"))
		TH_LOG("%s", self->out);
	EXPECT_EQ(NULL, strstr(self->out, "secret")) TH_LOG("%s", self->out);
	EXPECT_NE(NULL, strstr(self->out, DOT "/tmp_ut_bad:3:24: error: ")) TH_LOG("%s", self->out);
	EXPECT_EQ(NULL, strstr(self->out, "<stdin>")) TH_LOG("%s", self->out);
	EXPECT_NE(NULL, strstr(self->out, "1 loaded, 2 failed")) TH_LOG("%s", self->out);
	EXPECT_EQ(USER_POLICY, run_as(UID));
}

/*
 * run -A (root) learns into ~/.systrace: a fragment, which load-dir --user
 * loads but says binds nothing; with a header, it binds the user's execs.
 */
TEST_F(user, learned_then_loaded)
{
	ASSERT_EQ(0, unlink(DOT "/" FILE_));
	/* run exits with the command's status: raw64 permitted everything. */
	ASSERT_EQ(UNCONFINED, sh("HOME=" HOME " systracectl run -A -- " PROG, self->out,
				 sizeof(self->out)));
	ASSERT_EQ(0, access(DOT "/" FILE_, R_OK)) TH_LOG("%s", self->out);
	/* The learned policy has systrace's header: it binds by path. */
	EXPECT_NE(NULL, strstr(ctl_read(DOT "/" FILE_), "Policy: " PROG ", Emulation: native\n"));
	ASSERT_EQ(0, sh("systracectl load-dir -u " USER " " DOT, self->out, sizeof(self->out)));
	EXPECT_NE(NULL, strstr(self->out, "1 loaded, 0 failed")) TH_LOG("%s", self->out);
	EXPECT_EQ(NULL, strstr(self->out, "fragment")) TH_LOG("%s", self->out);
	/* The learned policy permits what raw64 does, and it decides. */
	EXPECT_EQ(UNCONFINED, run_as(UID));
	ASSERT_EQ(0, sh("systracectl list", self->out, sizeof(self->out)));
	EXPECT_NE(NULL, strstr(self->out, IMAGE ": mode enforce, 3 decisions, 0 denials"))
		TH_LOG("%s", self->out);
}

/* The kernel ties names to owners and refuses a bad owner. */
TEST(kernel_names_and_owners)
{
	static const char src[] = "/tmp/ut-src";
	unsigned char *img = NULL;
	struct st_nl nl;
	size_t len = 0;
	FILE *f;
	char cmd[256];

	f = fopen(src, "w");
	ASSERT_NE(NULL, f);
	fputs("Policy: /tmp/ut-y, Emulation: native\n\tnative-getpid: permit\n", f);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "policyc -o %s.bin %s", src, src);
	ASSERT_EQ(0, system(cmd));
	f = fopen("/tmp/ut-src.bin", "rb");
	ASSERT_NE(NULL, f);
	img = malloc(1 << 20);
	ASSERT_NE(NULL, img);
	len = fread(img, 1, 1 << 20, f);
	fclose(f);
	ASSERT_LT(0, len);
	ASSERT_EQ(0, st_nl_open(&nl));

	/* Owner -1 is no uid. */
	EXPECT_EQ(-EINVAL, st_load_image_owned(&nl, "~4294967295/x", 0, 0, 0,
					       0xffffffffLL, img, len));
	EXPECT_STREQ("owner is not a valid uid", nl.extack);
	/* The name must carry the owner. */
	EXPECT_EQ(-EINVAL, st_load_image_owned(&nl, "~1001/x", 0, 0, 0, 1000, img, len));
	EXPECT_STREQ("a user's image is named ~UID/NAME, UID its owner", nl.extack);
	EXPECT_EQ(-EINVAL, st_load_image_owned(&nl, "x", 0, 0, 0, 1000, img, len));
	EXPECT_EQ(-EINVAL, st_load_image_owned(&nl, "~1000/", 0, 0, 0, 1000, img, len));
	EXPECT_EQ(-EINVAL, st_load_image_owned(&nl, "~01000/x", 0, 0, 0, 1000, img, len));
	/* A global image cannot take a user's name. */
	EXPECT_EQ(-EINVAL, st_load_image(&nl, "~1000/x", 0, img, len));
	EXPECT_STREQ("an image named ~UID/NAME is a user's: it needs SYSTRACE_A_OWNER",
		     nl.extack);
	/* A wrong-sized owner: the attribute policy. */
	{
		struct nl_msg *msg = st_nl_msg(&nl, SYSTRACE_CMD_LOAD_BEGIN, 0);

		ASSERT_NE(NULL, msg);
		ASSERT_EQ(0, nla_put_string(msg, SYSTRACE_A_NAME, "~1000/x"));
		ASSERT_EQ(0, nla_put_u32(msg, SYSTRACE_A_SIZE, len));
		ASSERT_EQ(0, nla_put_u8(msg, SYSTRACE_A_OWNER, 1));
		EXPECT_EQ(-EINVAL, st_nl_call(&nl, msg, NULL, NULL));
	}
	/* Right: loads, and unloads by its name. */
	EXPECT_EQ(0, st_load_image_owned(&nl, "~1000/x", 0, 0, 0, 1000, img, len));
	EXPECT_EQ(0, st_load_image_owned(&nl, "~0/x", 0, 0, 0, 0, img, len));
	st_nl_close(&nl);
	EXPECT_EQ(0, system("systracectl unload '~1000/x' && systracectl unload '~0/x'"));
	free(img);
	unlink(src);
	unlink("/tmp/ut-src.bin");
}

TEST_HARNESS_MAIN
