// SPDX-License-Identifier: GPL-2.0
/*
 * systrace selftests, attack: mixed ids (issue 10, points 3 and 6).
 *
 * The shipped sshd policy permitted any setresuid and released a login
 * shell with `permit[detach], if user > 999`. Code running in sshd's root
 * process did setresuid(1000, 0, 0) and executed the shell: the condition
 * compared the real uid only, so the shell ran unconfined with euid 0.
 *
 * The rule now: `, if user|group` and permit[detach] look at all the
 * task's ids (real, effective, saved, filesystem). When they differ, a
 * condition on a permit rule is false, one on a deny or ask rule is true,
 * and detach does not release the task: it keeps the caller's policy.
 *
 * Each test forks a root child confined by a small policy that mirrors
 * sshd's, changes its ids, then opens a file or executes a copy of raw64
 * (raw_helper.c), whose exit code says whether it still runs confined.
 * The attacker's goal, in every attack test: an unconfined program with
 * euid 0; it must not be reached.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/fsuid.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "harness.h"
#include "confine.h"

#define NAME "attack_ids_test"
#define SSHD_NAME "attack_ids_sshd"
#define HELPER "/tmp/attack_ids_raw64"
#define FILE_U1000 "/tmp/attack_ids_u1000"	/* permit, if user = 1000 */
#define FILE_U0 "/tmp/attack_ids_u0"		/* deny, if user = 0 */
#define FILE_G1000 "/tmp/attack_ids_g1000"	/* permit, if group = 1000 */
#define FILE_G0 "/tmp/attack_ids_g0"		/* deny, if group = 0 */

/* raw_helper.c's exit codes. */
#define UNCONFINED	1	/* getpid only */
#define CALLER_POLICY	5	/* getppid ESRCH, getuid unmatched: EPERM */

static const char policy[] =
	"Policy: /selftests/attack_ids_test, Emulation: native\n"
	"\tnative-recvmsg: permit\n"
	"\tnative-getpid: permit\n"
	"\tnative-getppid: deny[esrch]\n"
	"\tnative-setresuid: permit\n"
	"\tnative-setresgid: permit\n"
	"\tnative-setfsuid: permit\n"
	"\tnative-setfsgid: permit\n"
	/* sshd's login shell */
	"\tnative-execve: filename eq \"" HELPER "\" and argv eq \"raw64 shell\" then permit[detach], if user > 999\n"
	/* a release without a condition */
	"\tnative-execve: filename eq \"" HELPER "\" and argv eq \"raw64 detach\" then permit[detach]\n"
	"\tnative-execve: deny[eacces]\n"
	"\tnative-fsread: filename eq \"" FILE_U1000 "\" then permit, if user = 1000\n"
	"\tnative-fsread: filename eq \"" FILE_U0 "\" then deny[eacces], if user = 0\n"
	"\tnative-fsread: filename eq \"" FILE_U0 "\" then permit\n"
	"\tnative-fsread: filename eq \"" FILE_G1000 "\" then permit, if group = 1000\n"
	"\tnative-fsread: filename eq \"" FILE_G0 "\" then deny[eacces], if group = 0\n"
	"\tnative-fsread: filename eq \"" FILE_G0 "\" then permit\n";

/* The ids a child takes before it acts; -1 keeps one. */
struct ids {
	uid_t r, e, s;
	gid_t rg, eg, sg;
	int fsuid;		/* -1: follows the effective uid */
};

struct attack {
	struct ids ids;
	const char *file;	/* open it for reading, or */
	const char *arg1;	/* exec HELPER with argv { "raw64", arg1 } */
};

/* Exit codes: 20 + errno of a failed open, 200 + errno of a failed exec. */
static void act(void *arg)
{
	const struct attack *a = arg;
	char *argv[] = { (char *)"raw64", (char *)a->arg1, NULL };
	char *envp[] = { NULL };
	int fd;

	/* gids first: setresgid needs the root uid this child starts with. */
	ST_CHECK(10, setresgid(a->ids.rg, a->ids.eg, a->ids.sg) == 0);
	ST_CHECK(11, setresuid(a->ids.r, a->ids.e, a->ids.s) == 0);
	if (a->ids.fsuid >= 0)
		setfsuid(a->ids.fsuid);
	if (a->file) {
		fd = open(a->file, O_RDONLY);
		_exit(fd < 0 ? 20 + errno : 0);
	}
	execve(HELPER, argv, envp);
	_exit(200 + errno);
}

static int run(const struct ids *ids, const char *file, const char *arg1)
{
	struct attack a = { *ids, file, arg1 };

	return st_run_confined(NAME, 0, SYSTRACE_MODE_ENFORCE, act, &a);
}

#define KEEP ((uid_t)-1)
/* All ids of the user: a full drop, as sshd does for a login. */
static const struct ids user = { 1000, 1000, 1000, 1000, 1000, 1000, -1 };
static const struct ids root = { KEEP, KEEP, KEEP, KEEP, KEEP, KEEP, -1 };
/* The attack: the real uid of a user, root's effective and saved uid. */
static const struct ids ruid_user = { 1000, 0, 0, KEEP, KEEP, KEEP, -1 };
/* Real and effective uid of the user, root's saved uid: a way back. */
static const struct ids suid_root = { 1000, 1000, 0, KEEP, KEEP, KEEP, -1 };
/* Root, with the filesystem uid of a user. */
static const struct ids fsuid_user = { KEEP, KEEP, KEEP, KEEP, KEEP, KEEP, 1000 };
/* Root, with the real gid of a user. */
static const struct ids rgid_user = { KEEP, KEEP, KEEP, 1000, 0, 0, -1 };
/* The user, with root's effective gid. */
static const struct ids egid_root = { 1000, 1000, 1000, 1000, 0, 1000, -1 };

FIXTURE(ids) {
	int unused;
};

FIXTURE_SETUP(ids)
{
	const char *files[] = { FILE_U1000, FILE_U0, FILE_G1000, FILE_G0 };
	unsigned int i;

	if (geteuid())
		SKIP(return, "needs root");
	ASSERT_EQ(0, st_policy_load(NAME, policy, SYSTRACE_MODE_ENFORCE));
	ASSERT_EQ(0, system("cp /selftests/raw64 " HELPER));
	for (i = 0; i < ARRAY_SIZE(files); i++) {
		int fd = open(files[i], O_WRONLY | O_CREAT | O_TRUNC, 0644);

		ASSERT_LE(0, fd);
		close(fd);
	}
}

FIXTURE_TEARDOWN(ids)
{
	unlink(HELPER);
	unlink(FILE_U1000);
	unlink(FILE_U0);
	unlink(FILE_G1000);
	unlink(FILE_G0);
}

TEST_F(ids, full_drop_releases_shell)
{
	/* The rule's use: a login, every id the user's, is released. */
	ASSERT_EQ(UNCONFINED, run(&user, NULL, "shell"));
	ASSERT_EQ(UNCONFINED, run(&user, NULL, "detach"));
	/* root stays below 1000: the shell's permit does not apply. */
	ASSERT_EQ(200 + EACCES, run(&root, NULL, "shell"));
}

TEST_F(ids, attack_real_uid_shell)
{
	/* The sshd attack: the condition is false, the exec denied. */
	ASSERT_EQ(200 + EACCES, run(&ruid_user, NULL, "shell"));
	ASSERT_EQ(200 + EACCES, run(&suid_root, NULL, "shell"));
	ASSERT_EQ(200 + EACCES, run(&egid_root, NULL, "shell"));
}

TEST_F(ids, attack_mixed_detach_stays_confined)
{
	/* A permit[detach] without a condition runs the program, under the
	 * caller's policy: never unconfined with root's ids in reach. */
	ASSERT_EQ(CALLER_POLICY, run(&ruid_user, NULL, "detach"));
	ASSERT_EQ(CALLER_POLICY, run(&suid_root, NULL, "detach"));
	ASSERT_EQ(CALLER_POLICY, run(&fsuid_user, NULL, "detach"));
	ASSERT_EQ(CALLER_POLICY, run(&rgid_user, NULL, "detach"));
	ASSERT_EQ(CALLER_POLICY, run(&egid_root, NULL, "detach"));
	/* Control: root, all ids equal, is released. */
	ASSERT_EQ(UNCONFINED, run(&root, NULL, "detach"));
}

TEST_F(ids, permit_condition_false_when_mixed)
{
	/* permit, if user = 1000: the real uid is 1000, the rest is root's. */
	ASSERT_EQ(0, run(&user, FILE_U1000, NULL));
	ASSERT_EQ(20 + EPERM, run(&ruid_user, FILE_U1000, NULL));
	ASSERT_EQ(20 + EPERM, run(&suid_root, FILE_U1000, NULL));
	/* permit, if group = 1000, with root's effective gid. */
	ASSERT_EQ(0, run(&user, FILE_G1000, NULL));
	ASSERT_EQ(20 + EPERM, run(&egid_root, FILE_G1000, NULL));
}

TEST_F(ids, deny_condition_true_when_mixed)
{
	/* deny, if user = 0: root is denied, the user is not... */
	ASSERT_EQ(20 + EACCES, run(&root, FILE_U0, NULL));
	ASSERT_EQ(0, run(&user, FILE_U0, NULL));
	/* ... and a real uid of 1000 over root's effective uid is denied. */
	ASSERT_EQ(20 + EACCES, run(&ruid_user, FILE_U0, NULL));
	ASSERT_EQ(20 + EACCES, run(&suid_root, FILE_U0, NULL));
	/* deny, if group = 0, with a user's real gid over root's. */
	ASSERT_EQ(20 + EACCES, run(&root, FILE_G0, NULL));
	ASSERT_EQ(0, run(&user, FILE_G0, NULL));
	ASSERT_EQ(20 + EACCES, run(&rgid_user, FILE_G0, NULL));
}

/*
 * The attack under the shipped policy itself (/etc/systrace/usr_sbin_sshd,
 * loaded under another name and program path so that it binds nothing
 * else): sshd's root process takes a user's real uid and executes the
 * login shell the policy releases. The VM's shell is busybox; `ls
 * /selftests` succeeds only unconfined (sshd's policy permits no read
 * there). The same shell with every uid the user's but root's gids is
 * refused too (the policy's `if group = 0` deny).
 */
static void sshd_attack(void *arg)
{
	const struct ids *ids = arg;
	char *argv[] = { (char *)"ls", (char *)"/selftests", NULL };
	char *envp[] = { NULL };

	ST_CHECK(10, setresgid(ids->rg, ids->eg, ids->sg) == 0);
	ST_CHECK(11, setresuid(ids->r, ids->e, ids->s) == 0);
	execve("/bin/busybox", argv, envp);
	_exit(200 + errno);
}

/*
 * Load /etc/systrace/usr_sbin_sshd as @name for program @path, with
 * @extra (rules that come first, so win) after its header: 0 or -errno.
 */
static int load_sshd(const char *name, const char *path, const char *extra)
{
	static const char from[] = "Policy: /usr/sbin/sshd, Emulation: native\n";
	char *text, *at, *copy;
	int ret = -EINVAL;
	FILE *f;
	long len;

	f = fopen("/etc/systrace/usr_sbin_sshd", "r");
	if (!f)
		return -errno;
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	rewind(f);
	text = calloc(1, len + 1);
	copy = calloc(1, len + strlen(path) + strlen(extra) + 64);
	if (text && copy && fread(text, 1, len, f) == (size_t)len) {
		at = strstr(text, from);
		if (at) {
			sprintf(copy, "%.*sPolicy: %s, Emulation: native\n%s%s",
				(int)(at - text), text, path, extra,
				at + strlen(from));
			ret = st_policy_load(name, copy, SYSTRACE_MODE_ENFORCE);
		}
	}
	fclose(f);
	free(text);
	free(copy);
	return ret;
}

/* Run sshd_attack() confined by @name with @ids, output to /dev/null. */
static int sshd_run(const char *name, const struct ids *ids)
{
	int out, err, null, ret;

	fflush(stdout);
	fflush(stderr);
	null = open("/dev/null", O_WRONLY);
	out = dup(1);
	err = dup(2);
	if (null < 0 || out < 0 || err < 0)
		return -1;
	dup2(null, 1);
	dup2(null, 2);
	ret = st_run_confined(name, 0, SYSTRACE_MODE_ENFORCE, sshd_attack,
			      (void *)ids);
	dup2(out, 1);
	dup2(err, 2);
	close(out);
	close(err);
	close(null);
	return ret;
}

/* Every uid the user's, root's gids: what group root may read. */
static const struct ids gid_root = { 1000, 1000, 1000, KEEP, KEEP, KEEP, -1 };

TEST(attack_shipped_sshd_policy)
{
	int ret;

	if (geteuid())
		SKIP(return, "needs root");
	ret = load_sshd(SSHD_NAME, "/selftests/attack_ids_sshd", "");
	if (ret == -ENOENT)
		SKIP(return, "no /etc/systrace/usr_sbin_sshd");
	ASSERT_EQ(0, ret);
	/* A login: every id the user's; the shell is released. */
	EXPECT_EQ(0, sshd_run(SSHD_NAME, &user));
	/* The attack: the policy refuses the mix (ST_CHECK 11) ... */
	EXPECT_EQ(11, sshd_run(SSHD_NAME, &ruid_user));
	EXPECT_EQ(11, sshd_run(SSHD_NAME, &suid_root));
	/* ... and a shell with root's gid. */
	EXPECT_EQ(200 + EACCES, sshd_run(SSHD_NAME, &gid_root));
	ASSERT_EQ(0, system("systracectl unload " SSHD_NAME));
}

TEST(attack_sshd_policy_any_setresuid)
{
	int ret;

	if (geteuid())
		SKIP(return, "needs root");
	/* The policy as it was shipped: any setresuid; the module alone
	 * stands in the way. */
	ret = load_sshd(SSHD_NAME, "/selftests/attack_ids_sshd",
			"\tnative-setresuid: permit\n");
	if (ret == -ENOENT)
		SKIP(return, "no /etc/systrace/usr_sbin_sshd");
	ASSERT_EQ(0, ret);
	EXPECT_EQ(0, sshd_run(SSHD_NAME, &user));
	/* Not released, not even executed: the permit's `if` is false. */
	EXPECT_EQ(200 + EACCES, sshd_run(SSHD_NAME, &ruid_user));
	EXPECT_EQ(200 + EACCES, sshd_run(SSHD_NAME, &suid_root));
	ASSERT_EQ(0, system("systracectl unload " SSHD_NAME));
}

TEST_HARNESS_MAIN
