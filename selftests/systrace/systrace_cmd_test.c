// SPDX-License-Identifier: GPL-2.0
/*
 * systrace selftests: systrace(1), the command (issue 15, point 1). The
 * policy is found where systrace looked (the user's directory, -d, then
 * /etc/systrace, -U), under the name systrace gave it; -A writes one that
 * -a then enforces; -t takes systrace's answers from a pipe (permit and
 * deny add a rule, permit-now and deny-now do not, kill, detach, filters,
 * review); -c and -p are root's; -e logs the run's denials; -g runs a
 * front end of the agent protocol (run -g), -t winning over it.
 *
 * The program is a copy of hook_helper64 at /tmp/sc/hh: one stat (fsread)
 * of the path it is given, exit code its errno (0, or EPERM: 1).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "harness.h"
#include "ctl.h"

#define DIR_	"/tmp/sc"
#define HH	DIR_ "/hh"
#define HOME	DIR_ "/home"
#define UDIR	HOME "/.systrace"
#define NAME	"tmp_sc_hh"		/* systrace's name for /tmp/sc/hh */
#define UPOL	UDIR "/" NAME
#define GPOL	"/etc/systrace/" NAME
#define HEADER	"Policy: " HH ", Emulation: native\n"

static void put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

static int ctl_count_lines(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static int has(const char *path, const char *needle)
{
	return strstr(ctl_read(path), needle) != NULL;
}

FIXTURE(sc) {
	char out[16384];
};

FIXTURE_SETUP(sc)
{
	ASSERT_EQ(0, system("rm -rf " DIR_ " && mkdir -p " UDIR " " DIR_ "/pd && "
			    "cp /selftests/hook_helper64 " HH " && chmod 755 " DIR_ " " HH " && "
			    "touch " DIR_ "/ok " DIR_ "/no " DIR_ "/f1 " DIR_ "/f2 " DIR_ "/x1"));
	ASSERT_EQ(0, setenv("HOME", HOME, 1));
}

FIXTURE_TEARDOWN(sc)
{
	unlink(GPOL);
}

TEST_F(sc, version)
{
	ASSERT_EQ(0, ctl_capture("systrace -V", self->out, sizeof(self->out)));
	ASSERT_EQ(0, strncmp("systrace ", self->out, 9)) TH_LOG("%s", self->out);
}

/* The user's directory first, then /etc/systrace; -U: only the latter;
 * -d: another directory. */
TEST_F(sc, enforce_lookup)
{
	put(UPOL, HEADER "\tnative-fsread: filename eq \"" DIR_ "/ok\" then permit\n");
	put(GPOL, HEADER "\tnative-fsread: filename eq \"" DIR_ "/no\" then permit\n");
	put(DIR_ "/pd/" NAME, HEADER "\tnative-fsread: filename eq \"" DIR_ "/x1\" then permit\n");

	EXPECT_EQ(0, ctl_capture("systrace -a " HH " stat " DIR_ "/ok", self->out, sizeof(self->out)));
	EXPECT_EQ(EPERM, ctl_capture("systrace -a " HH " stat " DIR_ "/no", self->out, sizeof(self->out)));
	/* By $PATH, as a shell finds it: the same name. */
	EXPECT_EQ(0, ctl_capture("PATH=" DIR_ ":$PATH systrace -a hh stat " DIR_ "/ok",
				 self->out, sizeof(self->out)));
	EXPECT_EQ(EPERM, ctl_capture("systrace -a -U " HH " stat " DIR_ "/ok", self->out, sizeof(self->out)));
	EXPECT_EQ(0, ctl_capture("systrace -a -U " HH " stat " DIR_ "/no", self->out, sizeof(self->out)));
	EXPECT_EQ(0, ctl_capture("systrace -a -d " DIR_ "/pd " HH " stat " DIR_ "/x1",
				 self->out, sizeof(self->out)));
	EXPECT_EQ(EPERM, ctl_capture("systrace -a -d " DIR_ "/pd " HH " stat " DIR_ "/ok",
				     self->out, sizeof(self->out)));
	/* No policy anywhere: -a says so and runs nothing. */
	unlink(GPOL);
	EXPECT_EQ(1, ctl_capture("systrace -a -U " HH " stat " DIR_ "/ok", self->out, sizeof(self->out)));
	EXPECT_NE(NULL, strstr(self->out, "no policy for " HH)) TH_LOG("%s", self->out);
}

/* -A writes the policy under systrace's name, with systrace's header;
 * -a then enforces it. */
TEST_F(sc, learn_then_enforce)
{
	ASSERT_EQ(0, ctl_capture("systrace -A " HH " stat " DIR_ "/ok", self->out, sizeof(self->out)));
	ASSERT_EQ(0, access(UPOL, R_OK));
	EXPECT_EQ(0, strncmp(HEADER, ctl_read(UPOL), strlen(HEADER))) TH_LOG("%s", ctl_read(UPOL));
	EXPECT_TRUE(has(UPOL, "\"" DIR_ "/ok\""));
	EXPECT_EQ(0, ctl_capture("systrace -a " HH " stat " DIR_ "/ok", self->out, sizeof(self->out)));
	EXPECT_EQ(EPERM, ctl_capture("systrace -a " HH " stat " DIR_ "/no", self->out, sizeof(self->out)));
}

/* -t: one answer per line of standard input. */
TEST_F(sc, text_permit_deny)
{
	put(UPOL, HEADER);
	/* permit: this call, and a rule for good. */
	EXPECT_EQ(0, ctl_capture("echo permit | systrace -t " HH " stat " DIR_ "/ok",
				 self->out, sizeof(self->out)));
	EXPECT_TRUE(has(UPOL, "native-fsread: filename eq \"" DIR_ "/ok\" then permit"))
		TH_LOG("%s", ctl_read(UPOL));
	EXPECT_EQ(0, ctl_capture("systrace -a " HH " stat " DIR_ "/ok", self->out, sizeof(self->out)));
	/* deny: a deny rule. */
	EXPECT_EQ(EPERM, ctl_capture("echo deny | systrace -t " HH " stat " DIR_ "/no",
				     self->out, sizeof(self->out)));
	EXPECT_TRUE(has(UPOL, "native-fsread: filename eq \"" DIR_ "/no\" then deny"))
		TH_LOG("%s", ctl_read(UPOL));
	/* deny[errno]: that error, and the rule. */
	EXPECT_EQ(ENOENT, ctl_capture("echo 'deny[enoent]' | systrace -t " HH " stat " DIR_ "/f2",
				      self->out, sizeof(self->out)));
	EXPECT_TRUE(has(UPOL, "\"" DIR_ "/f2\" then deny[enoent]"));
	EXPECT_EQ(ENOENT, ctl_capture("systrace -a " HH " stat " DIR_ "/f2", self->out, sizeof(self->out)));
}

TEST_F(sc, text_now)
{
	put(UPOL, HEADER);
	EXPECT_EQ(0, ctl_capture("echo permit-now | systrace -t " HH " stat " DIR_ "/x1",
				 self->out, sizeof(self->out)));
	EXPECT_EQ(EPERM, ctl_capture("echo deny-now | systrace -t " HH " stat " DIR_ "/ok",
				     self->out, sizeof(self->out)));
	/* Neither left a rule. */
	EXPECT_STREQ(HEADER, ctl_read(UPOL));
}

TEST_F(sc, text_kill)
{
	put(UPOL, HEADER);
	EXPECT_EQ(128 + SIGKILL, ctl_capture("echo kill | systrace -t " HH " stat " DIR_ "/ok",
					     self->out, sizeof(self->out)));
	EXPECT_STREQ(HEADER, ctl_read(UPOL));
}

/* A filter: its rule is added as written, and enforces. */
TEST_F(sc, text_filter)
{
	put(UPOL, HEADER);
	EXPECT_EQ(0, ctl_capture("echo 'filename match \"" DIR_ "/f*\" then permit' | "
				 "systrace -t " HH " stat " DIR_ "/f1", self->out, sizeof(self->out)));
	EXPECT_TRUE(has(UPOL, "native-fsread: filename match \"" DIR_ "/f*\" then permit"))
		TH_LOG("%s", ctl_read(UPOL));
	EXPECT_EQ(0, ctl_capture("systrace -a " HH " stat " DIR_ "/f2", self->out, sizeof(self->out)));
	EXPECT_EQ(EPERM, ctl_capture("systrace -a " HH " stat " DIR_ "/ok", self->out, sizeof(self->out)));
}

/* review shows the policy and asks again. */
TEST_F(sc, text_review)
{
	put(UPOL, HEADER "# reviewed\n");
	EXPECT_EQ(0, ctl_capture("printf 'review\\npermit-now\\n' | systrace -t " HH " stat " DIR_ "/ok",
				 self->out, sizeof(self->out)));
	EXPECT_NE(NULL, strstr(self->out, "# reviewed")) TH_LOG("%s", self->out);
}

/*
 * detach: every later question of the process and its children passes.
 * A shell asks many; after "detach" none is asked (the one answer line is
 * all there is, and a question after the end of input is denied).
 */
TEST_F(sc, text_detach)
{
	EXPECT_EQ(0, ctl_capture("echo detach | systrace -t -d " DIR_ "/pd /bin/sh -c 'cat " DIR_ "/ok; echo done'",
				 self->out, sizeof(self->out)));
	EXPECT_NE(NULL, strstr(self->out, "done")) TH_LOG("%s", self->out);
	/* Without it, the second question is denied: the shell fails. */
	EXPECT_NE(0, ctl_capture("echo permit-now | systrace -t -d " DIR_ "/pd /bin/sh -c 'cat " DIR_ "/ok; echo done'",
				 self->out, sizeof(self->out)));
}

/*
 * @cmd with /bin/sh as @uid (root: 0), its standard output and error in
 * @out; with @detach, no terminal: a session of its own (no /dev/tty) and
 * /dev/null for standard input. Its exit status, or -1.
 */
static int sh_as(uid_t uid, int detach, const char *cmd, char *out, size_t len)
{
	int p[2], st, fd;
	ssize_t n, got = 0;
	pid_t pid;

	if (pipe(p) < 0)
		return -1;
	pid = fork();
	if (pid == 0) {
		if (detach) {
			fd = open("/dev/null", O_RDONLY);
			if (fd < 0 || dup2(fd, 0) < 0 || setsid() < 0)
				_exit(100);
		}
		dup2(p[1], 1);
		dup2(p[1], 2);
		close(p[0]);
		if (uid && (setgid(uid) || setuid(uid)))
			_exit(100);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	close(p[1]);
	while ((n = read(p[0], out + got, len - 1 - got)) > 0)
		got += n;
	out[got > 0 ? got : 0] = '\0';
	close(p[0]);
	waitpid(pid, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* -c and -p are root's: one line, and nothing runs. */
static int as_nobody(const char *cmd, char *out, size_t len)
{
	return sh_as(65534, 0, cmd, out, len);
}

TEST_F(sc, root_only)
{
	EXPECT_EQ(2, as_nobody("systrace -c 0:0 " HH " stat " DIR_ "/ok", self->out, sizeof(self->out)));
	EXPECT_STREQ("systrace: -c is for root only\n", self->out);
	EXPECT_EQ(2, as_nobody("systrace -p 1 " HH, self->out, sizeof(self->out)));
	EXPECT_STREQ("systrace: -p is for root only\n", self->out);
}

/* @cmd as @uid, with no terminal (sh_as()). */
static int no_tty(uid_t uid, const char *cmd, char *out, size_t len)
{
	return sh_as(uid, 1, cmd, out, len);
}

#define NO_TTY_RUN "systracectl run: no terminal to ask on and no agent: give -a (enforce), -A (learn), -g GUI, or -p IMAGE of an image systracectl ask answers\n"
#define NO_TTY_SYSTRACE "systrace: no terminal to ask on and no agent: give -a (enforce), -A (learn) or -g GUI\n"

/*
 * Asking (no mode given) with no terminal and nobody else to answer: one
 * line saying why and what to do, exit 2, at once: no policy file made,
 * nothing run (issue 15, point 5). Before, run exited 127 without a word.
 */
TEST_F(sc, no_terminal)
{
	EXPECT_EQ(2, no_tty(0, "systracectl run -- " HH " stat " DIR_ "/ok",
			    self->out, sizeof(self->out)));
	EXPECT_STREQ(NO_TTY_RUN, self->out);
	EXPECT_NE(0, access(UPOL, F_OK));
	EXPECT_EQ(2, no_tty(0, "systracectl run -- /bin/true", self->out, sizeof(self->out)));
	EXPECT_STREQ(NO_TTY_RUN, self->out);
	EXPECT_EQ(2, no_tty(0, "systrace " HH " stat " DIR_ "/ok", self->out, sizeof(self->out)));
	EXPECT_STREQ(NO_TTY_SYSTRACE, self->out);
	EXPECT_NE(0, access(UPOL, F_OK));
	/* -t: standard input is the terminal, and it is /dev/null. */
	EXPECT_EQ(2, no_tty(0, "systrace -t " HH " stat " DIR_ "/ok", self->out, sizeof(self->out)));
	EXPECT_STREQ(NO_TTY_SYSTRACE, self->out);
	/* A user: the same. */
	EXPECT_EQ(2, no_tty(65534, "systracectl run -- /bin/true", self->out, sizeof(self->out)));
	EXPECT_STREQ(NO_TTY_RUN, self->out);
	EXPECT_EQ(2, no_tty(65534, "systrace /bin/true", self->out, sizeof(self->out)));
	EXPECT_STREQ(NO_TTY_SYSTRACE, self->out);
	/* A mode that asks nobody runs as before. */
	EXPECT_EQ(0, no_tty(0, "systracectl run -A -o " DIR_ "/l.pol -- /bin/true",
			    self->out, sizeof(self->out))) TH_LOG("%s", self->out);
}

/*
 * Answers piped in, fewer than the questions: the rest are denied when
 * the answers end, and the run says so; a command that dies of a denial
 * (static busybox, its second brk denied: SIGSEGV) is said to, with the
 * signal, and the run exits 128 + it. Issue 15: "echo permit | systracectl
 * run -- busybox cat F" ended in a segmentation fault (139), silently.
 */
TEST_F(sc, answers_run_out)
{
	int ret;

	ret = ctl_capture("echo permit | systracectl run -- /bin/busybox cat " DIR_ "/ok",
			  self->out, sizeof(self->out));
	EXPECT_LE(0, ret);
	EXPECT_NE(NULL, strstr(self->out, "systracectl: the answers ended (end of input): "))
		TH_LOG("%s", self->out);
	if (ret > 128)
		EXPECT_NE(NULL, strstr(self->out, "systracectl run: /bin/busybox killed by signal "))
			TH_LOG("%s", self->out);
	ret = ctl_capture("echo permit | systrace -t /bin/busybox cat " DIR_ "/ok",
			  self->out, sizeof(self->out));
	EXPECT_LE(0, ret);
	if (ret > 128)
		EXPECT_NE(NULL, strstr(self->out, "systrace: /bin/busybox killed by signal "))
			TH_LOG("%s", self->out);
}

/*
 * The kernel's refusals say what to do, in one line: a user is told
 * root's commands are root's, a missing image where the images are listed
 * (issue 15, point 5). Exit 1: the operation failed.
 */
TEST_F(sc, kernel_errors_say_what_to_do)
{
	EXPECT_EQ(1, no_tty(65534, "systracectl list", self->out, sizeof(self->out)));
	EXPECT_STREQ("systracectl: list: Operation not permitted: must be run as root\n", self->out);
	/*
	 * The kernel's own word comes between, when it gives one. (Not ask:
	 * a user's ask registers as that user's own agent.)
	 */
	EXPECT_EQ(1, no_tty(65534, "systracectl sync-users", self->out, sizeof(self->out)));
	EXPECT_EQ(0, strncmp("systracectl: sync-users: Operation not permitted: setting the user table needs CAP_SYS_ADMIN",
			     self->out, 92))
		TH_LOG("%s", self->out);
	EXPECT_NE(NULL, strstr(self->out, ": must be run as root\n")) TH_LOG("%s", self->out);
	EXPECT_EQ(1, ctl_count_lines(self->out));
	EXPECT_EQ(1, no_tty(0, "systracectl unload sc-no-such-image", self->out, sizeof(self->out)));
	EXPECT_EQ(0, strncmp("systracectl: unload sc-no-such-image: No such file or directory", self->out, 63))
		TH_LOG("%s", self->out);
	EXPECT_NE(NULL, strstr(self->out, ": no such image (systracectl list shows the loaded ones)\n"))
		TH_LOG("%s", self->out);
	EXPECT_EQ(1, ctl_count_lines(self->out));
}

/* -e: the run's denial on standard error, as systrace logged it. */
TEST_F(sc, log_stderr)
{
	put(UPOL, HEADER);
	EXPECT_EQ(EPERM, ctl_capture("systrace -a -e " HH " stat " DIR_ "/no", self->out, sizeof(self->out)));
	EXPECT_NE(NULL, strstr(self->out, "systrace: deny-unmatched user: root, prog: \"" HH "\", pid: "))
		TH_LOG("%s", self->out);
	EXPECT_NE(NULL, strstr(self->out, ", call: fsread("))
		TH_LOG("%s", self->out);
	EXPECT_NE(NULL, strstr(self->out, "), filename: \"" DIR_ "/no\""))
		TH_LOG("%s", self->out);
	EXPECT_EQ(EPERM, ctl_capture("systrace -a -E " DIR_ "/log " HH " stat " DIR_ "/no",
				     self->out, sizeof(self->out)));
	EXPECT_TRUE(has(DIR_ "/log", "filename: \"" DIR_ "/no\""));
}

/*
 * -g: the front end answers in the agent protocol: a question for the
 * denied path, answered "permit always": the rule goes to the policy
 * systrace found (the user's), so that -a passes afterwards. With -t, the
 * terminal (here a pipe) answers, not the front end.
 */
TEST_F(sc, gui)
{
	put(UPOL, HEADER);
	put(DIR_ "/fe.sh",
	    "while read -r l; do\n"
	    "  echo \"$l\" >> " DIR_ "/fe.log\n"
	    "  case \"$l\" in *'\"type\":\"question\"'*)\n"
	    "    id=${l#*'\"id\":'}; id=${id%%,*}\n"
	    "    echo \"{\\\"id\\\":$id,\\\"answer\\\":\\\"permit\\\",\\\"scope\\\":\\\"always\\\"}\";;\n"
	    "  esac\n"
	    "done\n");
	EXPECT_EQ(0, ctl_capture("systrace -g 'sh " DIR_ "/fe.sh' " HH " stat " DIR_ "/no",
				 self->out, sizeof(self->out))) TH_LOG("%s", self->out);
	EXPECT_EQ(1, ctl_count(DIR_ "/fe.log", "\"type\":\"question\""))
		TH_LOG("%s", ctl_read(DIR_ "/fe.log"));
	EXPECT_EQ(1, ctl_count(DIR_ "/fe.log", "\"filename\":\"" DIR_ "/no\""));
	EXPECT_TRUE(has(UPOL, "native-fsread: filename eq \"" DIR_ "/no\" then permit"))
		TH_LOG("%s", ctl_read(UPOL));
	EXPECT_EQ(0, ctl_capture("systrace -a " HH " stat " DIR_ "/no", self->out, sizeof(self->out)));

	/* -t: the answer comes from standard input; the front end is not run. */
	unlink(DIR_ "/fe.log");
	EXPECT_EQ(EPERM, ctl_capture("echo deny-now | systrace -t -g 'sh " DIR_ "/fe.sh' " HH
				     " stat " DIR_ "/x1", self->out, sizeof(self->out)))
		TH_LOG("%s", self->out);
	EXPECT_NE(0, access(DIR_ "/fe.log", F_OK));
}

TEST_HARNESS_MAIN
