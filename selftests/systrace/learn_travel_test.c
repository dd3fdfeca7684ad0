// SPDX-License-Identifier: GPL-2.0
/*
 * Learned policies that travel (issue 15, point 6): a policy learned by
 * systracectl run -A in one directory, on one terminal or pipe, lets the
 * same command run in another directory (a file of the same relative
 * name), on another terminal or pipe; and nothing more:
 * - the learned rules name no part of the learning run (its directory,
 *   its terminal's number, its pipe's inode);
 * - enforced in directory B on a second pseudo-terminal (the first still
 *   open: another number), the same command runs without a denial and
 *   prints B's file;
 * - learned on a pipe, enforced on another pipe: the same;
 * - the learning directory's own file, reached from B, and another file
 *   in B stay denied.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "harness.h"
#include "ctl.h"

/* The applets the command runs: ls asks whether its output is a
 * terminal (an ioctl on it), cat reads the file. */
#define CMD "ls -l somefile && cat somefile"

FIXTURE(travel) {
	int unused;
};
FIXTURE_SETUP(travel)
{
	(void)self;
	/* The pseudo-terminals (the VM's /dev has none mounted). */
	mkdir("/dev/pts", 0755);
	mount("devpts", "/dev/pts", "devpts", 0, "mode=620,ptmxmode=666");
	ASSERT_EQ(0, ctl_sh("rm -rf /srv/A /srv/B && mkdir -p /srv/A /srv/B && "
			    "echo ay > /srv/A/somefile && echo bee > /srv/B/somefile && "
			    "echo other > /srv/B/other"));
}
FIXTURE_TEARDOWN(travel) { (void)self; }

/* A new pseudo-terminal: its master, the slave's name into @name. */
/* The learned ioctl rules of policy text @p that permit every command. */
static int ioctl_rules_name_cmd(const char *p)
{
	int n = 0;

	for (p = strstr(p, "native-ioctl:"); p; p = strstr(p + 1, "native-ioctl:")) {
		const char *end = strchr(p, '\n');

		if (!end)
			end = p + strlen(p);
		if (!memmem(p, end - p, "cmd eq \"0x", 10))
			n++;
	}
	return n;
}

static int new_pty(char *name, size_t len)
{
	int m = posix_openpt(O_RDWR | O_NOCTTY);

	if (m < 0 || grantpt(m) || unlockpt(m) || ptsname_r(m, name, len)) {
		if (m >= 0)
			close(m);
		return -1;
	}
	return m;
}

/*
 * Run @cmd with /bin/sh in a session whose terminal is the slave @pts
 * (stdin, stdout, stderr), its output from master @m into @out. Its exit
 * status, or -1.
 */
static int run_on_pty(int m, const char *pts, const char *cmd, char *out,
		      size_t len)
{
	size_t n = 0;
	ssize_t r;
	pid_t pid;
	int st, s;

	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		setsid();
		s = open(pts, O_RDWR);
		if (s < 0)
			_exit(126);
		dup2(s, 0);
		dup2(s, 1);
		dup2(s, 2);
		if (s > 2)
			close(s);
		close(m);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	/* Until the last slave descriptor is closed: EIO. */
	while (n + 1 < len) {
		r = read(m, out + n, len - 1 - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		n += r;
	}
	out[n] = '\0';
	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st))
		return -1;
	fprintf(stderr, "# %s: %s -> %d\n", pts, cmd, WEXITSTATUS(st));
	return WEXITSTATUS(st);
}

/* The kernel's denials so far (its log lines "systrace: deny ..."). */
static int denials(void)
{
	char buf[32] = "";
	FILE *p = popen("dmesg | grep -c 'systrace: deny'", "r");

	if (!p)
		return -1;
	if (!fgets(buf, sizeof(buf), p))
		buf[0] = '\0';
	pclose(p);
	return atoi(buf);
}

/* Learned on one terminal in A, enforced on another in B. */
TEST_F_TIMEOUT(travel, terminal, 300)
{
	char pts1[64], pts2[64], out[8192];
	const char *p;
	int m1, m2, d;

	(void)self;
	m1 = new_pty(pts1, sizeof(pts1));
	ASSERT_LE(0, m1);
	ASSERT_EQ(0, run_on_pty(m1, pts1, "cd /srv/A && systracectl run -A -o /tmp/tty.policy -- "
				"sh -c '" CMD "'", out, sizeof(out)));
	EXPECT_NE(NULL, strstr(out, "ay"));
	p = ctl_read("/tmp/tty.policy");
	TH_LOG("learned on %s:\n%s", pts1, p);
	EXPECT_NE(NULL, strstr(p, "native-fsread: filename eq \"$CWD/somefile\" then permit\n"));
	EXPECT_NE(NULL, strstr(p, " and (filename match \"/dev/pts/*\" or "
			       "filename match \"/dev/tty*\") then permit\n"));
	/* The commands the run asked, never every one: not TIOCSTI. */
	EXPECT_EQ(0, ioctl_rules_name_cmd(p));
	EXPECT_EQ(NULL, strstr(p, "cmd eq \"0x5412\""));
	/* Nothing of the learning run. */
	EXPECT_EQ(NULL, strstr(p, "/srv/A"));
	EXPECT_EQ(NULL, strstr(p, pts1));
	EXPECT_EQ(0, ctl_sh("policyc -c --strict /tmp/tty.policy"));

	/* Another terminal (the first is still open) in another directory. */
	m2 = new_pty(pts2, sizeof(pts2));
	ASSERT_LE(0, m2);
	ASSERT_STRNE(pts1, pts2);
	d = denials();
	EXPECT_EQ(0, run_on_pty(m2, pts2, "cd /srv/B && systracectl run -a -p /tmp/tty.policy -- "
				"sh -c '" CMD "'", out, sizeof(out)));
	EXPECT_NE(NULL, strstr(out, "bee"));
	EXPECT_EQ(NULL, strstr(out, "not permitted"));
	/* Not one call denied (ls ignores a failed ioctl: the log says). */
	EXPECT_EQ(d, denials());
	close(m2);

	/* A's file from B, and another file of B: never seen, denied. */
	m2 = new_pty(pts2, sizeof(pts2));
	ASSERT_LE(0, m2);
	EXPECT_NE(0, run_on_pty(m2, pts2, "cd /srv/B && systracectl run -a -p /tmp/tty.policy -- "
				"cat ../A/somefile", out, sizeof(out)));
	EXPECT_NE(NULL, strstr(out, "Operation not permitted"));
	EXPECT_EQ(NULL, strstr(out, "ay"));
	close(m2);
	m2 = new_pty(pts2, sizeof(pts2));
	ASSERT_LE(0, m2);
	EXPECT_NE(0, run_on_pty(m2, pts2, "cd /srv/B && systracectl run -a -p /tmp/tty.policy -- "
				"cat other", out, sizeof(out)));
	EXPECT_NE(NULL, strstr(out, "Operation not permitted"));
	close(m2);
	close(m1);
}

/*
 * Learned between two pipes in A, enforced between two others in B
 * (busybox ls asks its standard input for the terminal's width).
 */
TEST_F_TIMEOUT(travel, pipe, 300)
{
	const char *p;
	int d;

	(void)self;
	ASSERT_EQ(0, ctl_sh(": | (cd /srv/A && systracectl run -A -o /tmp/pipe.policy -- "
			    "sh -c '" CMD "' | cat > /tmp/pipe1.out)"));
	p = ctl_read("/tmp/pipe.policy");
	TH_LOG("learned:\n%s", p);
	EXPECT_NE(NULL, strstr(p, " and filename match \"pipe:\\\\[*\\\\]\" then permit\n"));
	EXPECT_EQ(0, ioctl_rules_name_cmd(p));
	EXPECT_EQ(NULL, strstr(p, "pipe:["));
	EXPECT_EQ(NULL, strstr(p, "/srv/A"));
	EXPECT_EQ(0, ctl_sh("policyc -c --strict /tmp/pipe.policy"));

	d = denials();
	EXPECT_EQ(0, ctl_sh("cd /srv/B && : | systracectl run -a -p /tmp/pipe.policy -- "
			    "sh -c '" CMD "' 2>/tmp/pipe2.err | cat > /tmp/pipe2.out"));
	EXPECT_NE(NULL, strstr(ctl_read("/tmp/pipe2.out"), "bee"));
	EXPECT_EQ(NULL, strstr(ctl_read("/tmp/pipe2.err"), "not permitted"));
	EXPECT_EQ(d, denials());
	/* The pipeline's status is cat's: the confined run's own, again. */
	EXPECT_EQ(0, ctl_sh("cd /srv/B && set -o pipefail && : | systracectl run -a -p /tmp/pipe.policy -- "
			    "sh -c '" CMD "' | cat > /dev/null"));
	EXPECT_NE(0, ctl_sh("cd /srv/B && : | systracectl run -a -p /tmp/pipe.policy -- "
			    "cat ../A/somefile 2>/dev/null | cat > /tmp/pipe3.out; "
			    "test -s /tmp/pipe3.out"));
}

TEST_HARNESS_MAIN
