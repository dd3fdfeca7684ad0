// SPDX-License-Identifier: GPL-2.0
/*
 * Attack (issue 10, point 3): a confined program chooses its own $HOME and
 * $USER. The module read them from the exec's environment, so a program
 * whose policy permits "$HOME/..." re-executed itself with HOME set to the
 * directory of a secret (/etc for /etc/shadow) and read it. As systrace
 * did, $HOME and $USER now come from the password entry of the task's uid:
 * root gives the module the table (systracectl sync-users), the
 * environment is ignored, a uid without an entry or a task whose uids
 * differ has none (a rule that needs them denies), and nobody else can set
 * the table: not an unprivileged user, not a confined root.
 *
 * DIR/etc stands for /etc: the test never weakens the real one. Every file
 * is world-readable, so that only the policy stands between the user and it.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include <linux/systrace.h>

#include "harness.h"
#include "confine.h"
#include "ctl.h"

#define UNAME	"sthome"
#define UID	1100
#define NOUID	1101		/* no password entry */
#define DIR	"/tmp/ah"
#define HOME	DIR "/home/" UNAME
#define HOME2	DIR "/home2"
#define SECRET	DIR "/etc/secret"
#define IMAGE	"attack_home"
#define IDS	"attack_home_ids"

/* What a static busybox needs to start, cat and re-execute itself. */
#define BUSYBOX_BASE \
	"native-execve: filename eq \"/bin/busybox\" then permit\n" \
	"native-read: permit\n" \
	"native-write: permit\n" \
	"native-close: permit\n" \
	"native-fstat: permit\n" \
	"native-newfstatat: permit\n" \
	"native-statx: permit\n" \
	"native-lseek: permit\n" \
	"native-mmap: permit\n" \
	"native-munmap: permit\n" \
	"native-mprotect: permit\n" \
	"native-brk: permit\n" \
	"native-rt_sigaction: permit\n" \
	"native-rt_sigprocmask: permit\n" \
	"native-ioctl: permit\n" \
	"native-getuid: permit\n" \
	"native-geteuid: permit\n" \
	"native-getgid: permit\n" \
	"native-getegid: permit\n" \
	"native-getpid: permit\n" \
	"native-arch_prctl: permit\n" \
	"native-set_tid_address: permit\n" \
	"native-set_robust_list: permit\n" \
	"native-rseq: permit\n" \
	"native-prlimit64: permit\n" \
	"native-getrandom: permit\n" \
	"native-sendfile: permit\n" \
	"native-fcntl: permit\n" \
	"native-exit: permit\n" \
	"native-exit_group: permit\n"

static const char policy[] = BUSYBOX_BASE
	"native-fsread: filename match \"$HOME/*\" then permit\n"
	"native-fsread: filename eq \"" DIR "/users/$USER\" then permit\n";

/* For the mixed ids: the test's own child opens and changes its ids. */
static const char ids_policy[] =
	"native-recvmsg: permit\n"
	"native-setresuid: permit\n"
	"native-fsread: filename match \"$HOME/*\" then permit\n";

/* Confine the caller from its next exec on with IMAGE (enforce). */
static int confine_onexec(void)
{
	struct nl_msg *msg;
	struct st_nl nl;
	int ret;

	ret = st_nl_open(&nl);
	if (ret)
		return ret;
	msg = st_nl_msg(&nl, SYSTRACE_CMD_CONFINE_SELF, 0);
	if (!msg || nla_put_string(msg, SYSTRACE_A_NAME, IMAGE) ||
	    nla_put_u8(msg, SYSTRACE_A_MODE, SYSTRACE_MODE_ENFORCE) ||
	    nla_put_u32(msg, SYSTRACE_A_FLAGS, SYSTRACE_CONFINE_F_ONEXEC)) {
		nlmsg_free(msg);
		st_nl_close(&nl);
		return -EMSGSIZE;
	}
	ret = st_nl_call(&nl, msg, NULL, NULL);
	st_nl_close(&nl);
	return ret;
}

static int become(uid_t uid)
{
	return setgroups(0, NULL) || setresgid(uid, uid, uid) ||
	       setresuid(uid, uid, uid);
}

/*
 * Exec /bin/busybox @argv with @envp as @uid (all its ids), confined by
 * IMAGE from that exec on. Return: busybox's exit status (cat: 0 read,
 * 1 refused), or 100+ when the test itself failed.
 */
static int run(uid_t uid, char *const argv[], char *const envp[])
{
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		if (confine_onexec())
			_exit(101);
		if (become(uid))
			_exit(102);
		execve("/bin/busybox", argv, envp);
		_exit(103);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* busybox cat @path as @uid with the environment @envp. */
static int cat(uid_t uid, const char *path, char *const envp[])
{
	char *argv[] = { "busybox", "cat", (char *)path, NULL };

	return run(uid, argv, envp);
}

/* One entry of a SET_USERS request; NULL fields are left out. */
struct user {
	long long uid;		/* -1: none */
	const char *name;
	const char *home;
};

/* SYSTRACE_CMD_SET_USERS with @n entries on @nl; 0 or -errno. */
static int set_users(struct st_nl *nl, const struct user *u, int n)
{
	struct nl_msg *msg = st_nl_msg(nl, SYSTRACE_CMD_SET_USERS, 0);
	struct nlattr *e;
	int i;

	if (!msg)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		e = nla_nest_start(msg, SYSTRACE_A_USER);
		if (!e || (u[i].uid >= 0 &&
			   nla_put_u32(msg, SYSTRACE_A_UID, u[i].uid)) ||
		    (u[i].name &&
		     nla_put_string(msg, SYSTRACE_A_USER_NAME, u[i].name)) ||
		    (u[i].home &&
		     nla_put_string(msg, SYSTRACE_A_HOME, u[i].home))) {
			nlmsg_free(msg);
			return -EMSGSIZE;
		}
		nla_nest_end(msg, e);
	}
	return st_nl_call(nl, msg, NULL, NULL);
}

/* The forged table of an attacker: root's home is the secret's dir. */
static const struct user forged[] = {
	{ 0, "root", DIR "/etc" },
	{ UID, "victim", DIR "/etc" },
};

/*
 * In a child: setuid(@uid) unless 0, confined in learn mode with @confine,
 * try the forged table. Exit: 0 refused with EPERM and an extended ACK
 * containing @why; 1 accepted; 2 another error; 3 no such message; 10+
 * set-up.
 */
static int try_forge(uid_t uid, int confine, const char *why)
{
	pid_t pid = fork();
	int st, ret;

	if (pid == 0) {
		struct st_nl nl;

		if (uid && become(uid))
			_exit(10);
		if (confine && st_confine_self(IMAGE, 0, SYSTRACE_MODE_LEARN))
			_exit(11);
		if (st_nl_open(&nl))
			_exit(12);
		ret = set_users(&nl, forged, 2);
		fprintf(stderr, "# SET_USERS as %u%s: %s\n", uid,
			confine ? ", confined" : "", st_nl_strerror(&nl, ret));
		if (!ret)
			_exit(1);
		if (ret != -EPERM)
			_exit(2);
		_exit(strstr(nl.extack, why) ? 0 : 3);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

FIXTURE(home) {
	char out[4096];
};

FIXTURE_SETUP(home)
{
	/* A run that stopped half-way may have left the user behind. */
	ASSERT_EQ(0, system("sed -i '/^" UNAME ":/d' /etc/passwd && cp /etc/passwd /tmp/ah-passwd"));
	ASSERT_NE(0, system("grep -q '^[^:]*:[^:]*:110[01]:' /etc/passwd"))
		TH_LOG("uid 1100 or 1101 is taken in /etc/passwd");
	ASSERT_EQ(0, system("echo '" UNAME ":x:1100:1100::" HOME ":/bin/sh' >> /etc/passwd"));
	ASSERT_EQ(0, system("rm -rf " DIR " && mkdir -p " HOME " " HOME2 " " DIR "/etc " DIR "/users"
			    " && echo notes > " HOME "/notes && echo notes2 > " HOME2 "/notes"
			    " && echo root:SECRET > " SECRET
			    " && echo mine > " DIR "/users/" UNAME
			    " && echo theirs > " DIR "/users/victim"
			    " && chmod -R a+rX " DIR));
	/* The administrator's table, from the password database. */
	ASSERT_EQ(0, ctl_capture("systracectl sync-users", self->out, sizeof(self->out)))
		TH_LOG("%s", self->out);
	ASSERT_EQ(0, st_policy_load(IMAGE, policy, SYSTRACE_MODE_ENFORCE));
	ASSERT_EQ(0, st_policy_load(IDS, ids_policy, SYSTRACE_MODE_ENFORCE));
}

FIXTURE_TEARDOWN(home)
{
	system("systracectl unload " IMAGE " >/dev/null 2>&1");
	system("systracectl unload " IDS " >/dev/null 2>&1");
	system("cp /tmp/ah-passwd /etc/passwd && rm -rf " DIR);
	system("systracectl sync-users");
}

/* The honest case: the passwd home is $HOME, whatever the environment says. */
TEST_F(home, home_is_the_password_entrys)
{
	char *honest[] = { "HOME=" HOME, NULL };
	char *elsewhere[] = { "HOME=" DIR "/etc", NULL };
	char *none[] = { NULL };

	EXPECT_EQ(0, cat(UID, HOME "/notes", honest));
	EXPECT_EQ(0, cat(UID, HOME "/notes", elsewhere));
	EXPECT_EQ(0, cat(UID, HOME "/notes", none));
	/* Root's $HOME is root's (/root in the guest), not the user's. */
	EXPECT_EQ(1, cat(0, HOME "/notes", honest));
}

/* The attack: exec with HOME naming the secret's directory. */
TEST_F(home, exec_with_home_of_the_secret_is_denied)
{
	char *forged_env[] = { "HOME=" DIR "/etc", NULL };

	EXPECT_EQ(1, cat(UID, SECRET, forged_env));
}

/* The attack as issue 10 tells it: started honestly, re-executes itself. */
TEST_F(home, reexec_with_home_of_the_secret_is_denied)
{
	char *argv[] = { "busybox", "env", "HOME=" DIR "/etc", "/bin/busybox",
			 "cat", SECRET, NULL };
	char *honest[] = { "HOME=" HOME, NULL };
	char *ok[] = { "busybox", "env", "HOME=" DIR "/etc", "/bin/busybox",
		       "cat", HOME "/notes", NULL };

	EXPECT_EQ(1, run(UID, argv, honest));
	/* The re-executed program still has its real $HOME. */
	EXPECT_EQ(0, run(UID, ok, honest));
}

/* $USER the same: the password entry's name, not USER=. */
TEST_F(home, user_is_the_password_entrys)
{
	char *forged_env[] = { "USER=victim", "LOGNAME=victim", NULL };
	char *argv[] = { "busybox", "env", "USER=victim", "/bin/busybox",
			 "cat", DIR "/users/victim", NULL };

	EXPECT_EQ(1, cat(UID, DIR "/users/victim", forged_env));
	EXPECT_EQ(0, cat(UID, DIR "/users/" UNAME, forged_env));
	EXPECT_EQ(1, run(UID, argv, forged_env));
}

/* A uid without a password entry has no $HOME: the rule denies. */
TEST_F(home, uid_without_entry_has_no_home)
{
	char *env[] = { "HOME=" HOME, "USER=" UNAME, NULL };

	EXPECT_EQ(1, cat(NOUID, HOME "/notes", env));
	EXPECT_EQ(1, cat(NOUID, DIR "/users/" UNAME, env));
}

/* In the confined child: open @path; 0 or the errno. */
static int try_open(const char *path)
{
	int fd = open(path, O_RDONLY);

	if (fd >= 0) {
		close(fd);
		return 0;
	}
	return errno;
}

static void mixed_ids(void *arg)
{
	(void)arg;
	/* Real and effective the user, saved root: no $HOME. */
	ST_CHECK(2, !setresuid(UID, UID, 0));
	ST_CHECK(3, try_open(HOME "/notes") == EPERM);
	/* All the user's: the user's $HOME. */
	ST_CHECK(4, !setresuid(UID, UID, UID));
	ST_CHECK(5, try_open(HOME "/notes") == 0);
}

/* Mixed uids (a set-uid program half-way): $HOME rules do not match. */
TEST_F(home, mixed_uids_have_no_home)
{
	EXPECT_EQ(0, st_run_confined(IDS, 0, SYSTRACE_MODE_ENFORCE, mixed_ids,
				     NULL));
}

/* Only root outside any policy sets the table, and says why not. */
TEST_F(home, only_root_sets_the_table)
{
	char *honest[] = { NULL };

	EXPECT_EQ(0, try_forge(UID, 0, "CAP_SYS_ADMIN"));
	EXPECT_EQ(0, try_forge(0, 1, "confined"));
	/* Neither changed anything. */
	EXPECT_EQ(0, cat(UID, HOME "/notes", honest));
	EXPECT_EQ(1, cat(UID, SECRET, honest));
	EXPECT_EQ(1, cat(0, SECRET, honest));
}

/* A bad table is refused whole, with a reason; the old one stays. */
TEST_F(home, bad_tables_are_refused_whole)
{
	static const struct {
		struct user u[2];
		const char *why;
	} bad[] = {
		{ { { UID, UNAME, HOME }, { 0, "root", "etc" } }, "absolute" },
		{ { { UID, UNAME, HOME }, { 0, "", "/root" } }, "name" },
		{ { { UID, UNAME, HOME }, { 0, NULL, "/root" } }, "name" },
		{ { { UID, UNAME, HOME }, { -1, "root", "/root" } }, "uid" },
		{ { { UID, UNAME, HOME }, { UID, "again", DIR "/etc" } }, "twice" },
	};
	char *honest[] = { NULL };
	struct st_nl nl;
	unsigned int i;
	int ret;

	ASSERT_EQ(0, st_nl_open(&nl));
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ret = set_users(&nl, bad[i].u, 2);
		EXPECT_EQ(-EINVAL, ret) TH_LOG("table %u", i);
		EXPECT_NE(NULL, strstr(nl.extack, bad[i].why))
			TH_LOG("table %u: %s", i, nl.extack);
	}
	st_nl_close(&nl);
	EXPECT_EQ(0, cat(UID, HOME "/notes", honest));
	EXPECT_EQ(1, cat(UID, SECRET, honest));
}

/* load re-reads the password database: a changed home applies. */
TEST_F(home, load_syncs_the_table)
{
	char *env[] = { "HOME=" HOME, NULL };

	ASSERT_EQ(0, system("sed -i 's|:" HOME ":|:" HOME2 ":|' /etc/passwd"));
	ASSERT_EQ(0, ctl_capture("systracectl load -n " IMAGE " /tmp/" IMAGE ".policy",
				 self->out, sizeof(self->out))) TH_LOG("%s", self->out);
	EXPECT_EQ(0, cat(UID, HOME2 "/notes", env));
	EXPECT_EQ(1, cat(UID, HOME "/notes", env));
}

TEST_HARNESS_MAIN
