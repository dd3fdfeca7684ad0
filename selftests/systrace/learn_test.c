// SPDX-License-Identifier: GPL-2.0
/*
 * systracectl run -A, then -a: a learned policy lets the same run pass in
 * enforce mode, and a run that touches something new is denied and logged.
 * On busybox applets, and on a program that opens files, connects to a
 * unix socket and execs (ask_helper).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>

#include "harness.h"
#include "ctl.h"

FIXTURE(learn) {
	int unused;
};
FIXTURE_SETUP(learn) { (void)self; }
FIXTURE_TEARDOWN(learn) { (void)self; }

#define BB_SCRIPT "ls /srv/learn; cat /srv/learn/a; wc -l /etc/passwd; " \
	"grep root /etc/passwd; echo x > /tmp/learn-x; uname -s"

/* Busybox applets under sh: learned, enforced, and a changed run. */
TEST_F_TIMEOUT(learn, busybox, 300)
{
	static const char *const mon_argv[] = { "systracectl", "monitor", "--json", NULL };
	const char *p;
	pid_t mon;

	(void)self;
	ASSERT_EQ(0, ctl_sh("mkdir -p /srv/learn && echo a > /srv/learn/a && echo b > /srv/learn/b"));
	ASSERT_EQ(0, ctl_sh("cd /srv/learn && systracectl run -A -o /tmp/bb.policy -- "
			    "sh -c '" BB_SCRIPT "' > /tmp/bb1.out"));
	p = ctl_read("/tmp/bb.policy");
	TH_LOG("learned:\n%s", p);
	/* Sorted, readable, exact where it matters, generalised where safe. */
	EXPECT_NE(NULL, strstr(p, "native-execve: filename eq \"/bin/busybox\" then permit\n"));
	EXPECT_NE(NULL, strstr(p, "native-fsread: filename eq \"$CWD/a\" then permit\n"));
	EXPECT_NE(NULL, strstr(p, "native-fsread: filename eq \"/etc/passwd\" then permit\n"));
	EXPECT_NE(NULL, strstr(p, "native-fswrite: filename eq \"/tmp/learn-x\" then permit\n"));
	EXPECT_EQ(0, ctl_sh("grep '^native-' /tmp/bb.policy | sort -c"));
	EXPECT_EQ(0, ctl_sh("policyc -c /tmp/bb.policy"));

	/* Enforced, the same run passes, with the same output. */
	ASSERT_EQ(0, ctl_sh("cd /srv/learn && systracectl run -a -p /tmp/bb.policy -- "
			    "sh -c '" BB_SCRIPT "' > /tmp/bb2.out"));
	EXPECT_EQ(0, ctl_sh("cmp /tmp/bb1.out /tmp/bb2.out"));

	/*
	 * A changed run reads c, a file the learned run never saw (ls's stat
	 * of b is fsread of b, as in systrace): denied, logged and reported.
	 */
	ASSERT_EQ(0, ctl_sh("echo c > /srv/learn/c"));
	mon = ctl_start("/tmp/bb.mon", "monitoring", NULL, mon_argv);
	ASSERT_LT(0, mon);
	EXPECT_NE(0, ctl_sh("cd /srv/learn && systracectl run -a -p /tmp/bb.policy -- "
			    "cat /srv/learn/c > /tmp/bb3.out 2>&1"));
	EXPECT_NE(NULL, strstr(ctl_read("/tmp/bb3.out"), "Operation not permitted"));
	EXPECT_EQ(0, ctl_wait_for("/tmp/bb.mon", "\"args\":{\"filename\":\"/srv/learn/c\"", 1, 10));
	EXPECT_EQ(1, ctl_count("/tmp/bb.mon", "\"verdict\":\"deny-unmatched\",\"mode\":\"enforce\""));
	kill(mon, SIGTERM);
	EXPECT_EQ(0, ctl_wait(mon, CTL_HANG));
}

/* A listener for the program to connect to. */
static pid_t listener(const char *path)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM, 0), c;
	char buf[64];
	pid_t pid;

	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", path);
	unlink(path);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0 ||
	    listen(fd, 8) < 0)
		return -1;
	pid = fork();
	if (pid == 0) {
		for (;;) {
			c = accept(fd, NULL, NULL);
			if (c < 0)
				_exit(1);
			while (read(c, buf, sizeof(buf)) > 0)
				;
			close(c);
		}
	}
	close(fd);
	return pid;
}

#define PROG "/selftests/ask_helper -c /tmp/learn.sock -x /bin/true /etc/passwd /srv/learn/a"

/* A program that opens files, connects to a socket and execs. */
TEST_F_TIMEOUT(learn, program, 300)
{
	static const char *const mon_argv[] = { "systracectl", "monitor", "--json", NULL };
	const char *p;
	pid_t l, mon;

	(void)self;
	ASSERT_EQ(0, ctl_sh("mkdir -p /srv/learn && echo a > /srv/learn/a"));
	l = listener("/tmp/learn.sock");
	ASSERT_LT(0, l);
	/* Default output: ~/.systrace/<program path, '/' as '_'>. */
	ASSERT_EQ(0, ctl_sh("rm -rf /root/.systrace && HOME=/root systracectl run -A -- " PROG
			    " > /tmp/prog1.out"));
	p = ctl_read("/root/.systrace/selftests_ask_helper");
	TH_LOG("learned:\n%s", p);
	EXPECT_NE(NULL, strstr(p, "native-connect: sockaddr eq \"/tmp/learn.sock\" then permit\n"));
	EXPECT_NE(NULL, strstr(p, "native-execve: filename eq \"/bin/busybox\" then permit\n"));
	EXPECT_NE(NULL, strstr(p, "native-fsread: filename eq \"/etc/passwd\" then permit\n"));
	/* Libraries generalised to their directory's shared objects
	 * (libc.so.6 -> /lib/x86_64-linux-gnu/ *.so*), never named one by one. */
	EXPECT_NE(NULL, strstr(p, "native-fsread: filename match \"/lib/x86_64-linux-gnu/*.so*\" then permit\n"));
	EXPECT_EQ(NULL, strstr(p, "libc.so"));
	EXPECT_NE(NULL, strstr(p, "native-socket: "));
	EXPECT_STREQ("connect /tmp/learn.sock: ok\n/etc/passwd: ok\n/srv/learn/a: ok\n",
		     ctl_read("/tmp/prog1.out"));

	/* Enforced (the default policy file, found by program path). */
	ASSERT_EQ(0, ctl_sh("HOME=/root systracectl run -a -- " PROG " > /tmp/prog2.out"));
	EXPECT_STREQ(ctl_read("/tmp/prog1.out"), ctl_read("/tmp/prog2.out"));
	ASSERT_EQ(0, ctl_sh("cmp /tmp/prog1.out /tmp/prog2.out"));

	/* Something new: /etc/group, and another socket: denied, reported. */
	mon = ctl_start("/tmp/prog.mon", "monitoring", NULL, mon_argv);
	ASSERT_LT(0, mon);
	ASSERT_EQ(0, ctl_sh("HOME=/root systracectl run -a -- " PROG " /etc/group > /tmp/prog3.out"));
	EXPECT_NE(NULL, strstr(ctl_read("/tmp/prog3.out"), "/etc/group: EPERM\n"));
	EXPECT_EQ(0, ctl_sh("HOME=/root systracectl run -a -- /selftests/ask_helper -c /tmp/other.sock"
			    " > /tmp/prog4.out"));
	EXPECT_NE(NULL, strstr(ctl_read("/tmp/prog4.out"), "connect /tmp/other.sock: EPERM\n"));
	EXPECT_EQ(0, ctl_wait_for("/tmp/prog.mon", "\"args\":{\"filename\":\"/etc/group\"", 1, 10));
	EXPECT_EQ(0, ctl_wait_for("/tmp/prog.mon", "\"args\":{\"sockaddr\":\"/tmp/other.sock\"", 1, 10));
	kill(mon, SIGTERM);
	EXPECT_EQ(0, ctl_wait(mon, CTL_HANG));
	kill(l, SIGKILL);
	waitpid(l, NULL, 0);
}

/* Learning on top of a policy: its rules, then what it lacked. */
TEST_F_TIMEOUT(learn, from_policy, 300)
{
	(void)self;
	ASSERT_EQ(0, ctl_sh("mkdir -p /srv/learn && echo a > /srv/learn/a && echo b > /srv/learn/b"));
	ASSERT_EQ(0, ctl_sh("systracectl run -A -o /tmp/fp1.policy -- cat /srv/learn/a > /dev/null"));
	ASSERT_EQ(0, ctl_sh("systracectl run -A -p /tmp/fp1.policy -o /tmp/fp2.policy -- "
			    "cat /srv/learn/b > /dev/null"));
	/* The first policy is kept whole; only b is new. */
	EXPECT_EQ(0, ctl_sh("head -n $(wc -l < /tmp/fp1.policy) /tmp/fp2.policy | cmp - /tmp/fp1.policy"));
	EXPECT_EQ(1, ctl_count("/tmp/fp2.policy", "native-"
			       "fsread: filename eq \"/srv/learn/b\" then permit"));
	EXPECT_EQ(0, ctl_sh("systracectl run -a -p /tmp/fp2.policy -- cat /srv/learn/a /srv/learn/b > /dev/null"));
	/* -o -: the policy on standard output. */
	EXPECT_EQ(0, ctl_sh("systracectl run -A -o - -- cat /srv/learn/a | grep -q '^native-fsread: filename eq \"/srv/learn/a\" then permit$'"));
}

/*
 * Odd file names round-trip (issue 10, point 4): the kernel reports them
 * quoted and escaped, and the learned rule names exactly that file (a
 * comma, a double quote, a newline); a name a policy string cannot hold
 * ($HOME in it: the policy would expand it) is refused, said as a comment,
 * and stays denied.
 */
TEST_F_TIMEOUT(learn, odd_names, 300)
{
	const char *p;

	(void)self;
	ASSERT_EQ(0, ctl_sh("rm -rf /srv/odd && mkdir -p /srv/odd && cd /srv/odd && "
			    "echo 1 > 'a, policy: fake' && echo 2 > 'q\"x' && "
			    "echo 3 > \"$(printf 'n\\nl')\" && echo 4 > '$HOME'"));
	ASSERT_EQ(0, ctl_sh("cd / && systracectl run -A -o /tmp/odd.policy -- "
			    "cat '/srv/odd/a, policy: fake' '/srv/odd/q\"x' "
			    "\"$(printf '/srv/odd/n\\nl')\" '/srv/odd/$HOME' > /dev/null"));
	p = ctl_read("/tmp/odd.policy");
	TH_LOG("learned:\n%s", p);
	EXPECT_NE(NULL, strstr(p, "\nnative-fsread: filename eq \"/srv/odd/a, policy: fake\" then permit\n"));
	EXPECT_NE(NULL, strstr(p, "\nnative-fsread: filename eq \"/srv/odd/q\\\"x\" then permit\n"));
	EXPECT_NE(NULL, strstr(p, "\nnative-fsread: filename eq \"/srv/odd/n\\x0al\" then permit\n"));
	EXPECT_NE(NULL, strstr(p, "\n# not learned (a name holds $HOME, $USER or $CWD, which a policy "
			       "string would expand): native-fsread, filename: \"/srv/odd/$HOME\""));
	EXPECT_EQ(NULL, strstr(p, "filename eq \"/srv/odd/$HOME\""));
	/* The command in the header comment: a newline in it would start a
	 * line of the policy. */
	EXPECT_NE(NULL, strstr(p, " from: cat \"/srv/odd/a, policy: fake\" \"/srv/odd/q\\x22x\" "
			       "\"/srv/odd/n\\x0al\" /srv/odd/$HOME\n"));
	EXPECT_EQ(0, ctl_sh("policyc -c /tmp/odd.policy"));
	/* Exactly those files: the learned policy permits them... */
	EXPECT_EQ(0, ctl_sh("systracectl run -a -p /tmp/odd.policy -- "
			    "cat '/srv/odd/a, policy: fake' '/srv/odd/q\"x' "
			    "\"$(printf '/srv/odd/n\\nl')\" > /dev/null"));
	/* ...and no look-alike, nor the refused one. */
	ASSERT_EQ(0, ctl_sh("cd /srv/odd && echo 5 > 'q\\\"x' && echo 6 > nl && echo 7 > 'a, policy: fak'"));
	EXPECT_NE(0, ctl_sh("systracectl run -a -p /tmp/odd.policy -- cat '/srv/odd/q\\\"x' > /dev/null 2>&1"));
	EXPECT_NE(0, ctl_sh("systracectl run -a -p /tmp/odd.policy -- cat /srv/odd/nl > /dev/null 2>&1"));
	EXPECT_NE(0, ctl_sh("systracectl run -a -p /tmp/odd.policy -- cat '/srv/odd/a, policy: fak' > /dev/null 2>&1"));
	EXPECT_NE(0, ctl_sh("systracectl run -a -p /tmp/odd.policy -- cat '/srv/odd/$HOME' > /dev/null 2>&1"));
	ctl_sh("rm -rf /srv/odd");
}

/*
 * -o onto something that is not a file (/dev/null, a FIFO) writes to it:
 * the learned policy once replaced /dev/null with a regular file (written
 * aside and renamed over it), and the next tmux in the VM failed.
 */
TEST_F_TIMEOUT(learn, output_not_a_file, 300)
{
	struct stat st;

	(void)self;
	ASSERT_EQ(0, ctl_sh("systracectl run -A -o /dev/null -- true"));
	ASSERT_EQ(0, stat("/dev/null", &st));
	EXPECT_TRUE(S_ISCHR(st.st_mode));
	EXPECT_NE(0, access("/dev/null.tmp", F_OK));
	/* A FIFO: the policy comes out of it. */
	ASSERT_EQ(0, ctl_sh("rm -f /tmp/learn.fifo && mkfifo /tmp/learn.fifo && "
			    "{ systracectl run -A -o /tmp/learn.fifo -- true & "
			    "cat /tmp/learn.fifo > /tmp/learn.fifo.out; wait $!; }"));
	ASSERT_EQ(0, stat("/tmp/learn.fifo", &st));
	EXPECT_TRUE(S_ISFIFO(st.st_mode));
	EXPECT_NE(NULL, strstr(ctl_read("/tmp/learn.fifo.out"), "# Learned "));
	ctl_sh("rm -f /tmp/learn.fifo /tmp/learn.fifo.out");
}

TEST_HARNESS_MAIN
