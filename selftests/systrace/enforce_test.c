// SPDX-License-Identifier: GPL-2.0
/*
 * systrace selftests: decisions as the administrator sees them.
 *
 *  - a confined process is refused every change of policy, whatever its
 *    uid, and cannot unload the module or leave its confinement;
 *  - a denial is logged in systrace's form and multicast as an event;
 *  - the counters of `systracectl list` and `status` follow the decisions;
 *  - replacing an image reaches the processes it confines at once;
 *  - a policy in the style of ../shared/corpus/systrace confines busybox
 *    applets in enforce mode: what it permits works, the rest is denied.
 *
 * Runs in the VM as root; policyc and systracectl are on PATH.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <netlink/genl/ctrl.h>
#include <linux/systrace.h>

#include "harness.h"
#include "../../systracectl/nl.h"

/* The calls busybox makes for the applets below (learned with run -A). */
#define BUSYBOX_BASE \
	"# a fragment: no program path, so nothing binds to it by exec\n" \
	"native-execve: filename eq \"/bin/busybox\" then permit\n" \
	"native-read: permit\n" \
	"native-write: permit\n" \
	"native-writev: permit\n" \
	"native-readv: permit\n" \
	"native-pread64: permit\n" \
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
	"native-rt_sigreturn: permit\n" \
	"native-ioctl: permit\n" \
	"native-access: permit\n" \
	"native-faccessat: permit\n" \
	"native-getuid: permit\n" \
	"native-geteuid: permit\n" \
	"native-getgid: permit\n" \
	"native-getegid: permit\n" \
	"native-getpid: permit\n" \
	"native-getppid: permit\n" \
	"native-gettid: permit\n" \
	"native-prctl: permit\n" \
	"native-arch_prctl: permit\n" \
	"native-set_tid_address: permit\n" \
	"native-set_robust_list: permit\n" \
	"native-rseq: permit\n" \
	"native-prlimit64: permit\n" \
	"native-getrandom: permit\n" \
	"native-uname: permit\n" \
	"native-getcwd: permit\n" \
	"native-readlink: permit\n" \
	"native-getdents64: permit\n" \
	"native-sendfile: permit\n" \
	"native-fcntl: permit\n" \
	"native-dup: permit\n" \
	"native-dup2: permit\n" \
	"native-dup3: permit\n" \
	"native-pipe: permit\n" \
	"native-pipe2: permit\n" \
	"native-clone: permit\n" \
	"native-clone3: permit\n" \
	"native-fork: permit\n" \
	"native-vfork: permit\n" \
	"native-wait4: permit\n" \
	"native-exit: permit\n" \
	"native-exit_group: permit\n" \
	"native-nanosleep: permit\n" \
	"native-clock_nanosleep: permit\n" \
	"native-umask: permit\n" \
	"native-chdir: permit\n" \
	"native-sysinfo: permit\n" \
	"native-getpgrp: permit\n" \
	"native-setpgid: permit\n" \
	"native-getpgid: permit\n" \
	"native-futex: permit\n"

static const char busybox_policy[] = BUSYBOX_BASE
	"native-fsread: filename eq \"/etc/passwd\" then permit\n"
	"native-fsread: filename eq \"/etc/group\" then permit\n"
	"native-fsread: filename match \"/srv/public/*\" then permit\n"
	"native-fsread: filename eq \"/srv/public\" then permit\n"
	"native-fsread: filename eq \"/etc/shadow\" then deny[eacces]\n"
	"native-fsread: filename sub \"<non-existent filename>\" then deny[enoent]\n"
	"native-fswrite: filename inpath \"/srv/spool\" then permit\n"
	"native-mkdir: filename inpath \"/srv/spool\" then permit\n"
	"native-unlink: filename inpath \"/srv/spool\" then permit\n";

static int write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -1;
	fputs(text, f);
	return fclose(f);
}

/* Run a shell command; its exit status, output (stdout+stderr) in @out. */
static int sh(const char *cmd, char *out, size_t len)
{
	char full[1024];
	FILE *p;
	size_t n;
	int st;

	snprintf(full, sizeof(full), "%s 2>&1", cmd);
	p = popen(full, "r");
	if (!p)
		return -1;
	n = fread(out, 1, len - 1, p);
	out[n] = '\0';
	/* Read the rest too: closing early would kill the writer (SIGPIPE). */
	while (fgetc(p) != EOF)
		;
	st = pclose(p);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

FIXTURE(busybox) {
	char out[4096];
};

FIXTURE_SETUP(busybox)
{
	ASSERT_EQ(0, system("mkdir -p /srv/public /srv/spool /srv/private"));
	ASSERT_EQ(0, write_file("/srv/public/index.html", "hello public\n"));
	ASSERT_EQ(0, write_file("/srv/private/key", "secret\n"));
	ASSERT_EQ(0, write_file("/etc/shadow", "root:*:1::::::\n"));
	ASSERT_EQ(0, write_file("/tmp/busybox.policy", busybox_policy));
	ASSERT_EQ(0, sh("systracectl load -n bb /tmp/busybox.policy", self->out,
			sizeof(self->out)));
}

FIXTURE_TEARDOWN(busybox)
{
	system("systracectl unload bb >/dev/null 2>&1");
}

TEST_F(busybox, permitted_applets_work)
{
	ASSERT_EQ(0, sh("systracectl run -a -p bb -- /bin/busybox cat /srv/public/index.html",
			self->out, sizeof(self->out)));
	ASSERT_STREQ("hello public\n", self->out);
	ASSERT_EQ(0, sh("systracectl run -a -p bb -- /bin/busybox ls /srv/public",
			self->out, sizeof(self->out)));
	ASSERT_STREQ("index.html\n", self->out);
	ASSERT_EQ(0, sh("systracectl run -a -p bb -- /bin/busybox cp /srv/public/index.html /srv/spool/copy",
			self->out, sizeof(self->out)));
	ASSERT_EQ(0, sh("cat /srv/spool/copy", self->out, sizeof(self->out)));
	ASSERT_STREQ("hello public\n", self->out);
	ASSERT_EQ(0, sh("systracectl run -a -p bb -- /bin/busybox rm /srv/spool/copy",
			self->out, sizeof(self->out)));
	ASSERT_EQ(-1, access("/srv/spool/copy", F_OK));
}

TEST_F(busybox, denied_with_the_policys_errno)
{
	/* deny[eacces]: cat reports EACCES. */
	ASSERT_NE(0, sh("systracectl run -a -p bb -- /bin/busybox cat /etc/shadow",
			self->out, sizeof(self->out)));
	ASSERT_NE(NULL, strstr(self->out, "Permission denied"));
	/* Unmatched in enforce mode: EPERM. */
	ASSERT_NE(0, sh("systracectl run -a -p bb -- /bin/busybox cat /srv/private/key",
			self->out, sizeof(self->out)));
	ASSERT_NE(NULL, strstr(self->out, "Operation not permitted"));
	/* Writing outside the spool is unmatched too. */
	ASSERT_NE(0, sh("systracectl run -a -p bb -- /bin/busybox cp /srv/public/index.html /srv/private/x",
			self->out, sizeof(self->out)));
	ASSERT_EQ(-1, access("/srv/private/x", F_OK));
	/* A call the policy never names (socket) is denied. */
	ASSERT_NE(0, sh("systracectl run -a -p bb -- /bin/busybox nc -w 1 127.0.0.1 9",
			self->out, sizeof(self->out)));
}

TEST_F(busybox, learn_mode_permits_and_reports)
{
	ASSERT_EQ(0, sh("systracectl run -A -p /tmp/busybox.policy -o /tmp/learned.policy -- /bin/busybox cat /srv/private/key",
			self->out, sizeof(self->out)));
	/* cat's output first; systracectl then says where the policy went. */
	ASSERT_EQ(0, strncmp("secret\n", self->out, 7));
	/* The report became a rule of the learned policy. */
	ASSERT_EQ(0, sh("grep fsread /tmp/learned.policy | grep -c /srv/private/key",
			self->out, sizeof(self->out)));
}

TEST_F(busybox, denial_is_logged_in_systrace_form)
{
	/* Log lines are rate-limited (100 per 5 s): start a fresh window. */
	ASSERT_EQ(0, sh("sleep 5; dmesg -c >/dev/null", self->out, sizeof(self->out)));
	sh("systracectl run -a -p bb -- /bin/busybox cat /srv/private/key",
	   self->out, sizeof(self->out));
	ASSERT_EQ(0, sh("dmesg | grep 'systrace: deny-unmatched user: root, prog: \"/bin/busybox\", pid: ' | grep fsread",
			self->out, sizeof(self->out)));
	ASSERT_NE(NULL, strstr(self->out, "policy: \"bb\", call: fsread(257), filename: \"/srv/private/key"));
	ASSERT_NE(NULL, strstr(self->out, "error: 1"));
}

TEST_F(busybox, counters_follow_decisions)
{
	ASSERT_EQ(0, sh("systracectl list", self->out, sizeof(self->out)));
	ASSERT_NE(NULL, strstr(self->out, "bb: mode enforce, 0 decisions, 0 denials, 0 unmatched"));
	sh("systracectl run -a -p bb -- /bin/busybox cat /srv/private/key",
	   self->out, sizeof(self->out));
	/* Other tests' images may be listed too: look at bb's line only. */
	ASSERT_EQ(0, sh("systracectl list | grep '^bb: '", self->out,
			sizeof(self->out)));
	ASSERT_EQ(NULL, strstr(self->out, " 0 decisions"));
	ASSERT_EQ(NULL, strstr(self->out, " 0 denials"));
	ASSERT_EQ(NULL, strstr(self->out, " 0 unmatched"));
	ASSERT_EQ(0, sh("systracectl list", self->out, sizeof(self->out)));
	/* The policy names fsread: its denials are counted per call. */
	ASSERT_NE(NULL, strstr(self->out, "\n  denied fsread: 1\n"));
}

/* As ann (1300) or bob (1301) of the password database, through su. */
#define AS_ANN	"su -s /bin/sh ann -c "
#define AS_BOB	"su -s /bin/sh bob -c "

/* $HOME and $USER are the password entry's of the process's uid, never its
 * environment's; $CWD is its working directory at the time of the call. */
TEST_F(busybox, macros_expand_per_process)
{
	static const char macros[] = BUSYBOX_BASE
		"native-fsread: filename eq \"$HOME/notes\" then permit\n"
		"native-fsread: filename eq \"/srv/users/$USER.txt\" then permit\n"
		"native-fsread: filename eq \"$CWD/data\" then permit\n";

	ASSERT_EQ(0, system("mkdir -p /srv/home/ann /srv/home/bob /srv/users /srv/work"));
	ASSERT_EQ(0, write_file("/srv/home/ann/notes", "ann notes\n"));
	ASSERT_EQ(0, write_file("/srv/home/bob/notes", "bob notes\n"));
	ASSERT_EQ(0, write_file("/srv/users/ann.txt", "ann file\n"));
	ASSERT_EQ(0, write_file("/srv/work/data", "work data\n"));
	ASSERT_EQ(0, write_file("/tmp/macros.policy", macros));
	ASSERT_EQ(0, system("sed -i '/^ann:/d; /^bob:/d' /etc/passwd && cp /etc/passwd /tmp/macros.passwd && "
			    "echo 'ann:x:1300:1300::/srv/home/ann:/bin/sh' >> /etc/passwd && "
			    "echo 'bob:x:1301:1301::/srv/home/bob:/bin/sh' >> /etc/passwd"));
	/* load sends the password database to the module (as root). */
	ASSERT_EQ(0, sh("systracectl load -n mac /tmp/macros.policy", self->out,
			sizeof(self->out)));

	EXPECT_EQ(0, sh(AS_ANN "'HOME=/srv/home/bob systracectl run -a -p mac -- /bin/busybox cat /srv/home/ann/notes'",
			self->out, sizeof(self->out)));
	EXPECT_STREQ("ann notes\n", self->out);
	/* Another user's $HOME is not this one's, whatever HOME says. */
	EXPECT_NE(0, sh(AS_ANN "'HOME=/srv/home/bob systracectl run -a -p mac -- /bin/busybox cat /srv/home/bob/notes'",
			self->out, sizeof(self->out)));
	EXPECT_EQ(0, sh(AS_BOB "'systracectl run -a -p mac -- /bin/busybox cat /srv/home/bob/notes'",
			self->out, sizeof(self->out)));
	EXPECT_EQ(0, sh(AS_ANN "'USER=bob systracectl run -a -p mac -- /bin/busybox cat /srv/users/ann.txt'",
			self->out, sizeof(self->out)));
	EXPECT_NE(0, sh(AS_BOB "'USER=ann systracectl run -a -p mac -- /bin/busybox cat /srv/users/ann.txt'",
			self->out, sizeof(self->out)));
	system("cp /tmp/macros.passwd /etc/passwd && systracectl sync-users");
	ASSERT_EQ(0, sh("cd /srv/work && systracectl run -a -p mac -- /bin/busybox cat data",
			self->out, sizeof(self->out)));
	ASSERT_STREQ("work data\n", self->out);
	ASSERT_NE(0, sh("cd /srv && systracectl run -a -p mac -- /bin/busybox cat work/data",
			self->out, sizeof(self->out)));
	system("systracectl unload mac");
}

/* ", if user = root": decided on the caller's uid. */
TEST_F(busybox, condition_on_user)
{
	static const char cond[] = BUSYBOX_BASE
		"native-fsread: filename eq \"/srv/public/index.html\" then permit, if user = root\n"
		"native-fsread: filename eq \"/srv/public/index.html\" then deny[eacces]\n";

	ASSERT_EQ(0, write_file("/tmp/cond.policy", cond));
	ASSERT_EQ(0, sh("systracectl load -n cond /tmp/cond.policy", self->out,
			sizeof(self->out)));
	ASSERT_EQ(0, sh("systracectl run -a -p cond -- /bin/busybox cat /srv/public/index.html",
			self->out, sizeof(self->out)));
	ASSERT_STREQ("hello public\n", self->out);
	ASSERT_NE(0, sh("su nobody -s /bin/sh -c 'systracectl run -a -p cond -- /bin/busybox cat /srv/public/index.html'",
			self->out, sizeof(self->out)));
	ASSERT_NE(NULL, strstr(self->out, "Permission denied"));
	system("systracectl unload cond");
}

/* A confined process, root and with every capability, changes nothing. */
TEST_F(busybox, confined_root_changes_nothing)
{
	static const char admin[] = BUSYBOX_BASE
		"\tnative-execve: filename eq \"/usr/bin/systracectl\" then permit\n"
		"\tnative-fsread: true then permit\n"
		"\tnative-socket: permit\n"
		"\tnative-bind: permit\n"
		"\tnative-getsockname: permit\n"
		"\tnative-setsockopt: permit\n"
		"\tnative-sendmsg: permit\n"
		"\tnative-recvmsg: permit\n"
		"\tnative-sendto: permit\n"
		"\tnative-recvfrom: permit\n"
		"\tnative-delete_module: permit\n"
		"\tnative-mprotect: permit\n"
		"\tnative-pread64: permit\n"
		"\tnative-access: permit\n"
		"\tnative-openat: permit\n"
		"\tnative-getrandom: permit\n"
		"\tnative-rseq: permit\n"
		"\tnative-set_robust_list: permit\n"
		"\tnative-futex: permit\n";

	ASSERT_EQ(0, write_file("/tmp/admin.policy", admin));
	ASSERT_EQ(0, sh("systracectl load -n admin /tmp/admin.policy", self->out,
			sizeof(self->out)));
	/* It can ask (status needs nothing)... */
	ASSERT_EQ(0, sh("systracectl run -a -p admin -- /usr/bin/systracectl status",
			self->out, sizeof(self->out)));
	/* ...but not unload, replace, load or confine itself anew. */
	ASSERT_EQ(1, sh("systracectl run -a -p admin -- /usr/bin/systracectl unload bb",
			self->out, sizeof(self->out)));
	ASSERT_NE(NULL, strstr(self->out, "a confined process cannot change policies"));
	ASSERT_EQ(0, sh("policyc -o /tmp/busybox.bin /tmp/busybox.policy", self->out,
			sizeof(self->out)));
	ASSERT_EQ(1, sh("systracectl run -a -p admin -- /usr/bin/systracectl load -n bb /tmp/busybox.bin",
			self->out, sizeof(self->out)));
	ASSERT_NE(NULL, strstr(self->out, "a confined process cannot change policies"));
	ASSERT_EQ(1, sh("systracectl run -a -p admin -- /usr/bin/systracectl run -a -p bb -- /bin/busybox true",
			self->out, sizeof(self->out)));
	/* Nor unload the module, even with a rule that permits the call. */
	ASSERT_NE(0, sh("systracectl run -a -p admin -- /bin/busybox rmmod systrace",
			self->out, sizeof(self->out)));
	ASSERT_EQ(0, sh("grep -c '^systrace ' /proc/modules", self->out, sizeof(self->out)));
	ASSERT_EQ(0, sh("systracectl list", self->out, sizeof(self->out)));
	ASSERT_NE(NULL, strstr(self->out, "bb: mode enforce"));
	system("systracectl unload admin");
}

/* Replacing an image reaches a process it confines while it runs. */
TEST_F(busybox, replace_reaches_running_tasks)
{
	static const char open_all[] = BUSYBOX_BASE
		"\tnative-fsread: true then permit\n"
		"\tnative-nanosleep: permit\n"
		"\tnative-clock_nanosleep: permit\n";
	static const char open_none[] = BUSYBOX_BASE
		"\tnative-fsread: true then deny[enoent]\n"
		"\tnative-nanosleep: permit\n"
		"\tnative-clock_nanosleep: permit\n";

	ASSERT_EQ(0, write_file("/tmp/open_all.policy", open_all));
	ASSERT_EQ(0, write_file("/tmp/open_none.policy", open_none));
	ASSERT_EQ(0, sh("systracectl load -n rp /tmp/open_all.policy", self->out,
			sizeof(self->out)));
	/* The shell reads the key before and after the replacement; no
	 * timing: it waits for /tmp/rp.go, made after the replace. */
	ASSERT_EQ(0, write_file("/tmp/rp.sh",
		"rm -f /tmp/rp.go /tmp/rp.out\n"
		"systracectl run -a -p rp -- /bin/busybox sh -c "
		"'cat /srv/private/key; while [ ! -e /tmp/rp.go ]; do sleep 0.1; done; "
		"cat /srv/private/key' > /tmp/rp.out 2>&1 &\n"
		"until grep -q secret /tmp/rp.out 2>/dev/null; do sleep 0.1; done\n"
		"systracectl load -n rp /tmp/open_none.policy\n"
		"touch /tmp/rp.go\n"
		"wait\n"));
	ASSERT_EQ(0, sh("sh /tmp/rp.sh", self->out, sizeof(self->out)));
	ASSERT_EQ(0, sh("cat /tmp/rp.out", self->out, sizeof(self->out)));
	ASSERT_EQ(0, strncmp("secret\n", self->out, 7));
	ASSERT_NE(NULL, strstr(self->out + 7, "No such file or directory"));
	system("systracectl unload rp");
}

/* Events: a subscriber on the "events" group sees the denial. */
static int on_event(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[SYSTRACE_A_MAX + 1];
	char *out = arg;

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, SYSTRACE_A_MAX, NULL) < 0 ||
	    !tb[SYSTRACE_A_CALL] || !tb[SYSTRACE_A_ARGS] || !tb[SYSTRACE_A_VERDICT])
		return NL_SKIP;
	if (strstr(nla_get_string(tb[SYSTRACE_A_ARGS]), "/srv/private/key"))
		snprintf(out, 256, "%s %s %u %u %s", nla_get_string(tb[SYSTRACE_A_CALL]),
			 nla_get_string(tb[SYSTRACE_A_PROG]),
			 nla_get_u8(tb[SYSTRACE_A_VERDICT]),
			 nla_get_u32(tb[SYSTRACE_A_ERRNO]),
			 nla_get_string(tb[SYSTRACE_A_NAME]));
	return NL_OK;
}

TEST_F(busybox, denial_is_multicast)
{
	struct nl_sock *sk = nl_socket_alloc();
	char got[256] = "";
	int grp, i;

	ASSERT_NE(NULL, sk);
	ASSERT_EQ(0, genl_connect(sk));
	grp = genl_ctrl_resolve_grp(sk, SYSTRACE_GENL_NAME, SYSTRACE_GENL_MCGRP_EVENTS);
	ASSERT_LT(0, grp);
	ASSERT_EQ(0, nl_socket_add_membership(sk, grp));
	/* Events are unsolicited: no sequence numbers to check. */
	nl_socket_disable_seq_check(sk);
	nl_socket_modify_cb(sk, NL_CB_VALID, NL_CB_CUSTOM, on_event, got);

	sh("systracectl run -a -p bb -- /bin/busybox cat /srv/private/key",
	   self->out, sizeof(self->out));
	for (i = 0; i < 50 && !got[0]; i++) {
		struct pollfd p = { .fd = nl_socket_get_fd(sk), .events = POLLIN };

		if (poll(&p, 1, 100) > 0)
			nl_recvmsgs_default(sk);
	}
	/* comm is the executable's: busybox. UNMATCHED_DENY, EPERM. */
	ASSERT_STREQ("fsread busybox 2 1 bb", got);
	nl_socket_free(sk);
}

/* An unprivileged subscriber is refused: events name others' files. */
TEST(events_need_privilege)
{
	pid_t pid = fork();
	int st;

	ASSERT_LE(0, pid);
	if (pid == 0) {
		struct nl_sock *sk = nl_socket_alloc();
		int grp;

		if (setgid(65534) || setuid(65534) || genl_connect(sk))
			_exit(10);
		grp = genl_ctrl_resolve_grp(sk, SYSTRACE_GENL_NAME,
					    SYSTRACE_GENL_MCGRP_EVENTS);
		if (grp < 0)
			_exit(11);
		_exit(nl_socket_add_membership(sk, grp) < 0 ? 0 : 12);
	}
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	ASSERT_EQ(0, WEXITSTATUS(st));
}

TEST_HARNESS_MAIN
