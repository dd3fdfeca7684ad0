// SPDX-License-Identifier: GPL-2.0
/*
 * Attacks on who steers the module (issue 10): each test is an attacker's
 * attempt, and asserts that the attacker's goal was not reached.
 *
 *   - a process holding CAP_NET_ADMIN but not CAP_SYS_ADMIN unloads the
 *     administrator's image, registers as the agent, loads a global image;
 *   - an unprivileged user confines itself (no no_new_privs) by an image
 *     of its choice, then runs a set-uid-root program bound by the
 *     administrator's policy: its image replaces the administrator's;
 *   - a user runs a program bound by a learn-mode image: its calls are
 *     learned into the administrator's image;
 *   - a user loads global images, another user's, or more than its quota;
 *   - a confined program changes its working directory so that $CWD rules
 *     permit what they did not.
 * And the other side: an unprivileged user sandboxes its own program
 * (systracectl run -a -p FILE), both layers hold across exec.
 *
 * raw_helper.c reports which policies confine it: bit 0 getpid succeeded,
 * bit 1 getppid failed with ENOTTY, bit 2 getuid failed with EPERM.
 */
#include <errno.h>
#include <grp.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/capability.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "harness.h"
#include "confine.h"
#include "ctl.h"

#define RAW64 "/selftests/raw64"
#define SUID "/tmp/attack-suid"
#define LEARNED "/tmp/attack-learn"
#define NOBODY 65534

/* The administrator's policy of the set-uid program: getppid ENOTTY. */
static const char admin_policy[] =
	"Policy: " SUID ", Emulation: native\n"
	"\tnative-getpid: permit\n"
	"\tnative-getppid: deny[enotty]\n"
	"\tnative-getuid: permit\n";

/* What an attacker would rather have: everything but getuid. */
static const char loose_policy[] =
	"Policy: /nonexistent/loose, Emulation: native\n"
	"\tnative-getpid: permit\n"
	"\tnative-getppid: permit\n"
	"\tnative-getuid: deny\n";

/* A learn-mode image bound to a program: getpid only. */
static const char learn_policy[] =
	"Policy: " LEARNED ", Emulation: native\n"
	"\tnative-getpid: permit\n";

static const char cwd_policy[] =
	"Policy: /nonexistent/cwd, Emulation: native\n"
	"\tnative-recvmsg: permit\n"
	"\tnative-chdir: permit\n"
	"\tnative-close: permit\n"
	"\tnative-fsread: filename match \"$CWD/*\" then permit\n"
	"\tnative-fsread: deny[eacces]\n";

/* Become uid/gid @id for good (no capability left). */
static int drop_to(uid_t id)
{
	if (setgroups(0, NULL) || setresgid(id, id, id) ||
	    setresuid(id, id, id))
		return -errno;
	return 0;
}

/* Keep only CAP_NET_ADMIN (uid stays 0): a network manager. */
static int keep_net_admin_only(void)
{
	struct __user_cap_header_struct h = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct d[2] = {};

	d[0].effective = d[0].permitted = 1U << CAP_NET_ADMIN;
	return syscall(SYS_capset, &h, d) ? -errno : 0;
}

/* Send @cmd with the image name @name (and @mode if >= 0, @flags). */
static int request(int cmd, const char *name, int mode, unsigned int flags)
{
	struct nl_msg *msg;
	struct st_nl nl;
	int ret;

	ret = st_nl_open(&nl);
	if (ret)
		return ret;
	msg = st_nl_msg(&nl, cmd, 0);
	if (!msg) {
		st_nl_close(&nl);
		return -ENOMEM;
	}
	if ((name && nla_put_string(msg, SYSTRACE_A_NAME, name)) ||
	    (mode >= 0 && nla_put_u8(msg, SYSTRACE_A_MODE, mode)) ||
	    (flags && nla_put_u32(msg, SYSTRACE_A_FLAGS, flags))) {
		nlmsg_free(msg);
		st_nl_close(&nl);
		return -EMSGSIZE;
	}
	ret = st_nl_call(&nl, msg, NULL, NULL);
	if (ret)
		fprintf(stderr, "# cmd %d %s: %s\n", cmd, name ? name : "",
			st_nl_strerror(&nl, ret));
	/* Kept open by a confined caller: closing is a call too. */
	if (ret || cmd != SYSTRACE_CMD_CONFINE_SELF)
		st_nl_close(&nl);
	return ret;
}

/* Load @len bytes of the compiled @bin as @name owned by @owner. */
static int load_owned(const char *name, const char *bin, long long owner)
{
	static unsigned char buf[1 << 16];
	struct st_nl nl;
	ssize_t len;
	int fd, ret;

	fd = open(bin, O_RDONLY);
	if (fd < 0)
		return -errno;
	len = read(fd, buf, sizeof(buf));
	close(fd);
	if (len <= 0)
		return -EIO;
	ret = st_nl_open(&nl);
	if (ret)
		return ret;
	ret = st_load_image_owned(&nl, name, SYSTRACE_MODE_ENFORCE, 0, 0,
				  owner, buf, len);
	if (ret)
		fprintf(stderr, "# load %s: %s\n", name,
			st_nl_strerror(&nl, ret));
	st_nl_close(&nl);
	return ret;
}

/* Run @fn in a child; its exit status, or -1. */
static int in_child(int (*fn)(void *), void *arg)
{
	pid_t pid = fork();
	int st;

	if (pid < 0)
		return -1;
	if (pid == 0)
		_exit(fn(arg));
	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

static int exec_raw(const char *path)
{
	char *argv[] = { (char *)"raw64", NULL }, *envp[] = { NULL };

	execve(path, argv, envp);
	return 200 + errno;
}

static int image_loaded(const char *name)
{
	char cmd[256];

	snprintf(cmd, sizeof(cmd),
		 "systracectl list 2>/dev/null | grep -q '^%s\\b'", name);
	return system(cmd) == 0;
}

FIXTURE(attack) {
	int unused;
};

FIXTURE_SETUP(attack)
{
	ASSERT_EQ(0, ctl_sh("cp %s %s && chown 0:0 %s && chmod 4755 %s",
			    RAW64, SUID, SUID, SUID));
	ASSERT_EQ(0, ctl_sh("cp %s %s && chmod 755 %s", RAW64, LEARNED,
			    LEARNED));
	ASSERT_EQ(0, st_policy_load("admin_suid", admin_policy,
				    SYSTRACE_MODE_ENFORCE));
	ASSERT_EQ(0, st_policy_load("loose", loose_policy,
				    SYSTRACE_MODE_ENFORCE));
	ASSERT_EQ(0, st_policy_load("learned", learn_policy,
				    SYSTRACE_MODE_LEARN));
}

FIXTURE_TEARDOWN(attack)
{
	ctl_sh("systracectl unload admin_suid; systracectl unload loose; "
	       "systracectl unload learned; rm -f %s %s", SUID, LEARNED);
}

static int net_admin_steers(void *arg)
{
	static const unsigned char junk[64];
	struct st_nl nl;
	int ret;

	(void)arg;
	if (keep_net_admin_only())
		return 1;
	if (request(SYSTRACE_CMD_UNLOAD, "admin_suid", -1, 0) != -EPERM)
		return 2;
	if (request(SYSTRACE_CMD_AGENT, NULL, -1, 0) != -EPERM)
		return 3;
	if (st_nl_open(&nl))
		return 4;
	ret = st_load_image(&nl, "evil", SYSTRACE_MODE_ENFORCE, junk,
			    sizeof(junk));
	st_nl_close(&nl);
	if (ret != -EPERM)
		return 5;
	return 0;
}

TEST_F(attack, cap_net_admin_is_not_enough)
{
	ASSERT_EQ(0, in_child(net_admin_steers, NULL));
	/* The administrator's image is still there. */
	ASSERT_TRUE(image_loaded("admin_suid"));
}

static int confine_without_nnp(void *arg)
{
	(void)arg;
	if (drop_to(NOBODY))
		return 1;
	/* seccomp's rule: no confinement without no_new_privs. */
	return request(SYSTRACE_CMD_CONFINE_SELF, "loose",
		       SYSTRACE_MODE_ENFORCE, SYSTRACE_CONFINE_F_ONEXEC) ==
	       -EPERM ? 0 : 2;
}

TEST_F(attack, user_confine_needs_no_new_privs)
{
	ASSERT_EQ(0, in_child(confine_without_nnp, NULL));
}

/*
 * The attack: a user picks the image and mode of a set-uid-root program.
 * Without no_new_privs the kernel refuses; an attacker then sets it and
 * tries again: the program then gains no privilege, and the
 * administrator's policy still binds it, beside the user's.
 */
static int suid_with_own_policy(void *arg)
{
	int ret;

	(void)arg;
	if (drop_to(NOBODY))
		return 101;
	ret = request(SYSTRACE_CMD_CONFINE_SELF, "loose",
		      SYSTRACE_MODE_ENFORCE, SYSTRACE_CONFINE_F_ONEXEC);
	if (ret) {
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
			return 102;
		ret = request(SYSTRACE_CMD_CONFINE_SELF, "loose",
			      SYSTRACE_MODE_ENFORCE,
			      SYSTRACE_CONFINE_F_ONEXEC);
		if (ret)
			return 103;
	}
	return exec_raw(SUID);
}

TEST_F(attack, suid_program_keeps_the_administrators_policy)
{
	/* getppid ENOTTY: the administrator's; getuid EPERM: the user's. */
	ASSERT_EQ(7, in_child(suid_with_own_policy, NULL));
}

static int learn_as_other(void *arg)
{
	int mode = *(int *)arg;

	if (drop_to(NOBODY))
		return 101;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		return 102;
	return request(SYSTRACE_CMD_CONFINE_SELF, "learned", mode,
		       SYSTRACE_CONFINE_F_ONEXEC) == -EPERM ? 0 : 103;
}

static int exec_as_nobody(void *arg)
{
	if (drop_to(NOBODY))
		return 101;
	return exec_raw(arg);
}

static int exec_as_root(void *arg)
{
	return exec_raw(arg);
}

TEST_F(attack, others_never_learn_into_an_image)
{
	static const char *const argv[] = { "systracectl", "monitor", "--json",
					    NULL };
	int mode = SYSTRACE_MODE_LEARN;
	pid_t mon;

	mon = ctl_start("/tmp/attack-mon.out", "monitoring", NULL, argv);
	ASSERT_LT(0, mon);
	/* Root's own run of the program learns: everything permitted ... */
	ASSERT_EQ(1, in_child(exec_as_root, (void *)LEARNED));
	/* ... and reported (the monitor sees the stream). */
	ASSERT_EQ(0, ctl_wait_for("/tmp/attack-mon.out", "\"uid\":0,", 1, 60));
	/* Another user's run is not reported, nor counted in the image. */
	ASSERT_EQ(1, in_child(exec_as_nobody, (void *)LEARNED));
	/* Events come in order: after root's second run, nobody's would be in. */
	ASSERT_EQ(1, in_child(exec_as_root, (void *)LEARNED));
	ASSERT_EQ(0, ctl_wait_for("/tmp/attack-mon.out", "\"uid\":0,", 4, 60));
	kill(mon, SIGTERM);
	waitpid(mon, NULL, 0);
	EXPECT_EQ(0, ctl_count("/tmp/attack-mon.out", "\"uid\":65534,"))
		TH_LOG("%s", ctl_read("/tmp/attack-mon.out"));
	/* Nor may a user ask for learn (or ask) on another's image. */
	ASSERT_EQ(0, in_child(learn_as_other, &mode));
	mode = SYSTRACE_MODE_ASK;
	ASSERT_EQ(0, in_child(learn_as_other, &mode));
}

static int user_loads(void *arg)
{
	char name[64];
	int i, ret;

	(void)arg;
	if (drop_to(NOBODY))
		return 101;
	/* Not a global image, not another user's. */
	if (load_owned("mine", "/tmp/loose.bin", -1) != -EPERM)
		return 1;
	if (load_owned("~0/mine", "/tmp/loose.bin", 0) != -EPERM)
		return 2;
	if (request(SYSTRACE_CMD_UNLOAD, "loose", -1, 0) != -EPERM)
		return 3;
	/* An agent, but of its own images only (attack_agent_test). */
	if (request(SYSTRACE_CMD_AGENT, NULL, -1, 0))
		return 4;
	/* Its own, up to the quota. */
	for (i = 0; i < 16; i++) {
		snprintf(name, sizeof(name), "~%d/q%d", NOBODY, i);
		if (load_owned(name, "/tmp/loose.bin", NOBODY))
			return 10 + i;
	}
	snprintf(name, sizeof(name), "~%d/q16", NOBODY);
	ret = load_owned(name, "/tmp/loose.bin", NOBODY);
	for (i = 0; i < 16; i++) {
		snprintf(name, sizeof(name), "~%d/q%d", NOBODY, i);
		if (request(SYSTRACE_CMD_UNLOAD, name, -1, 0))
			return 40 + i;
	}
	return ret == -EDQUOT ? 0 : 5;
}

TEST_F(attack, users_load_only_their_own)
{
	ASSERT_EQ(0, in_child(user_loads, NULL));
	ASSERT_TRUE(image_loaded("loose"));
}

static int user_runs(void *arg)
{
	if (drop_to(NOBODY) || chdir("/tmp"))
		return 101;
	execlp("systracectl", "systracectl", "run", "-a", "-p", "/tmp/upol",
	       "--", (char *)arg, (char *)NULL);
	return 102;
}

TEST_F(attack, user_sandboxes_its_own_program)
{
	/* The other side: as systrace allowed any user, Landlock today. */
	ASSERT_EQ(0, ctl_sh("printf 'Policy: %s, Emulation: native\\n"
			    "\\tnative-getpid: permit\\n"
			    "\\tnative-getppid: deny[enotty]\\n' > /tmp/upol && "
			    "chmod 644 /tmp/upol", RAW64));
	/* Its own policy and nothing else: getuid unmatched, EPERM. */
	ASSERT_EQ(7, in_child(user_runs, (void *)RAW64));
}

static void cwd_fixed(void *arg)
{
	(void)arg;
	/* Confined in /tmp/attack-cwd: $CWD stays that. */
	ST_CHECK(1, chdir("/tmp/attack-other") == 0);
	ST_CHECK(2, open("f", O_RDONLY) == -1 && errno == EACCES);
	ST_CHECK(3, open("/tmp/attack-cwd/f", O_RDONLY) >= 0);
}

TEST_F(attack, cwd_is_fixed_when_confinement_starts)
{
	ASSERT_EQ(0, ctl_sh("mkdir -p /tmp/attack-cwd /tmp/attack-other && "
			    "echo x > /tmp/attack-cwd/f && "
			    "echo x > /tmp/attack-other/f"));
	ASSERT_EQ(0, st_policy_load("cwdpol", cwd_policy,
				    SYSTRACE_MODE_ENFORCE));
	ASSERT_EQ(0, chdir("/tmp/attack-cwd"));
	EXPECT_EQ(0, st_run_confined("cwdpol", 0, SYSTRACE_MODE_ENFORCE,
				     cwd_fixed, NULL));
	ASSERT_EQ(0, chdir("/"));
	ctl_sh("systracectl unload cwdpol");
}

TEST_HARNESS_MAIN
