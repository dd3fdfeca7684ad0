// SPDX-License-Identifier: GPL-2.0
/*
 * systrace selftests: systracectl logprof and a policy file's own mode
 * (issue 15, point 3). A denial becomes a rule appended to the image's
 * policy file, which is loaded again: the program then passes. The choice
 * "inpath" covers the directory. Denials of another user's task are not
 * offered unless asked for (--all-users). Complain (learn) mode set with
 * "systracectl mode" survives load-dir. Kept denials (-f) are read from
 * their fields: monitor --json's "args", the journal's SYSTRACE_ARG_*
 * (a name with a newline and a byte that is not UTF-8 makes its exact
 * rule); an entry not sent by root, or a log's text, makes none.
 *
 * The program is a copy of hook_helper64 at /tmp/lp/hh, bound at exec by
 * the global image tmp_lp_hh: one stat (fsread) of the path it is given,
 * exit code its errno (0, or EPERM: 1).
 */
#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

#include "harness.h"
#include "ctl.h"

#define DIR_	"/tmp/lp"
#define HH	DIR_ "/hh"
#define PDIR	DIR_ "/pol"
#define IMAGE	"tmp_lp_hh"
#define POL	PDIR "/" IMAGE
#define OUT	DIR_ "/logprof.out"

static const char policy[] =
	"Policy: " HH ", Emulation: native\n"
	"\tnative-fsread: filename eq \"" DIR_ "/ok\" then permit\n";

/* Exec the program as @uid (its gid the same): its exit code. */
static int run_as(uid_t uid, const char *path)
{
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		if ((uid && (setgid(uid) || setuid(uid))))
			_exit(100);
		execl(HH, "hh", "stat", path, (char *)NULL);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* logprof on the events stream, with @args, while @uid's task is denied
 * @path; logprof's exit status (its output in OUT). */
static int logprof_around(const char *args, uid_t uid, const char *path)
{
	const char *argv[8] = { "systracectl", "logprof" };
	char copy[256], *save = NULL, *w;
	int n = 2, denied;
	pid_t pid;

	snprintf(copy, sizeof(copy), "%s", args);
	for (w = strtok_r(copy, " ", &save); w && n < 6; w = strtok_r(NULL, " ", &save))
		argv[n++] = w;
	argv[n++] = IMAGE;
	argv[n] = NULL;
	/* ctl_start() waits for the line in OUT: not the last run's. */
	unlink(OUT);
	pid = ctl_start(OUT, "reading denials", NULL, argv);
	if (pid < 0)
		return -1;
	denied = run_as(uid, path);
	kill(pid, SIGINT);
	n = ctl_wait(pid, 120);
	fprintf(stderr, "# %s: denied %d, logprof %d\n%s", path, denied, n, ctl_read(OUT));
	return denied == EPERM ? n : -2;
}

/* "systracectl monitor ARG" into @out in the background: its pid. */
static pid_t monitor(const char *arg, const char *out)
{
	const char *argv[] = { "systracectl", "monitor", arg, NULL };

	return ctl_start(out, "monitoring", NULL, argv);
}

static void stop(pid_t pid)
{
	kill(pid, SIGTERM);
	ctl_wait(pid, 30);
}

/*
 * The report of monitor --journal-dry-run's @fields that holds @needle,
 * written to @out as journalctl -o json writes its entry: a field of
 * printable ASCII as a string, any other as an array of its bytes; with
 * journald's own _UID: @uid. 0, or -1 when not found.
 */
static int journal_json(const char *fields, const char *needle,
			const char *uid, const char *out)
{
	const char *all = ctl_read(fields), *at = strstr(all, needle);
	const char *start, *end, *l, *nl, *eq, *p;
	int first = 1, bin;
	FILE *f;

	if (!at)
		return -1;
	for (start = at; start > all + 1 && !(start[-1] == '\n' && start[-2] == '\n'); start--)
		;
	end = strstr(at, "\n\n");
	f = fopen(out, "w");
	if (!end || !f)
		return -1;
	fprintf(f, "{\"__CURSOR\":\"s=1\",\"_UID\":\"%s\"", uid);
	for (l = start; l < end; l = nl + 1) {
		char val[8192];
		size_t n = 0, i;

		nl = strchr(l, '\n');
		eq = memchr(l, '=', nl - l);
		if (!eq || *l == 's')	/* "systracectl: monitoring" */
			continue;
		for (p = eq + 1; p < nl && n < sizeof(val); p++) {
			if (p[0] == '\\' && p[1] == 'x') {
				val[n++] = (char)strtoul((char[3]){ p[2], p[3], 0 }, NULL, 16);
				p += 3;
			} else {
				val[n++] = *p;
			}
		}
		for (i = 0, bin = 0; i < n; i++)
			bin |= !isprint((unsigned char)val[i]) || val[i] == '"' || val[i] == '\\';
		fprintf(f, ",\"%.*s\":", (int)(eq - l), l);
		if (bin) {
			for (i = 0; i < n; i++)
				fprintf(f, "%c%u", i ? ',' : '[', (unsigned char)val[i]);
			fprintf(f, "]");
		} else {
			fprintf(f, "\"%.*s\"", (int)n, val);
		}
		first = 0;
	}
	fprintf(f, "}\n");
	fclose(f);
	return first ? -1 : 0;
}

FIXTURE(lp) {
	char out[16384];
};

FIXTURE_SETUP(lp)
{
	FILE *f;

	ASSERT_EQ(0, system("rm -rf " DIR_ " && mkdir -p " PDIR " " DIR_ "/d && "
			    "cp /selftests/hook_helper64 " HH " && chmod 755 " DIR_ " " HH " && "
			    "touch " DIR_ "/ok " DIR_ "/x " DIR_ "/d/y " DIR_ "/d/z " DIR_ "/u " DIR_ "/q"));
	f = fopen(POL, "w");
	ASSERT_NE(NULL, f);
	fputs(policy, f);
	fclose(f);
	ASSERT_EQ(0, ctl_sh("systracectl load " POL));
	ASSERT_EQ(0, run_as(0, DIR_ "/ok"));
}

FIXTURE_TEARDOWN(lp)
{
	system("systracectl unload " IMAGE " >/dev/null 2>&1");
}

/* A denial, offered and accepted exactly: appended, loaded, passes. */
TEST_F(lp, denial_to_rule)
{
	ASSERT_EQ(0, logprof_around("--yes-exact", 0, DIR_ "/x"));
	EXPECT_NE(NULL, strstr(ctl_read(POL), "native-fsread: filename eq \"" DIR_ "/x\" then permit"))
		TH_LOG("%s", ctl_read(POL));
	EXPECT_EQ(0, run_as(0, DIR_ "/x"));
	EXPECT_EQ(EPERM, run_as(0, DIR_ "/u"));
}

/* From monitor --json (-f), answered "2" on standard input: inpath. The
 * kernel log's line of the same denial makes no rule. */
TEST_F(lp, monitor_json_inpath)
{
	pid_t mon = monitor("--json", DIR_ "/mon.out");

	ASSERT_LT(0, mon);
	ASSERT_EQ(EPERM, run_as(0, DIR_ "/d/y"));
	ASSERT_EQ(0, ctl_wait_for(DIR_ "/mon.out", DIR_ "/d/y", 1, 30));
	stop(mon);
	ASSERT_EQ(0, ctl_sh("dmesg | grep 'filename: \"" DIR_ "/d/y\"' > " DIR_ "/klog"));
	EXPECT_EQ(0, ctl_capture("systracectl logprof --yes-exact -f " DIR_ "/klog " IMAGE,
				 self->out, sizeof(self->out)));
	EXPECT_NE(NULL, strstr(self->out, "0 denials to look at; 1 line not JSON"))
		TH_LOG("%s", self->out);
	EXPECT_EQ(NULL, strstr(ctl_read(POL), DIR_ "/d"));

	ASSERT_EQ(0, ctl_sh("grep '^{' " DIR_ "/mon.out > " DIR_ "/log"));
	EXPECT_EQ(0, ctl_capture("echo 2 | systracectl logprof -f " DIR_ "/log " IMAGE,
				 self->out, sizeof(self->out)));
	EXPECT_NE(NULL, strstr(self->out, "[3] native-fsread: filename match \"" DIR_ "/d/*\" then permit"))
		TH_LOG("%s", self->out);
	EXPECT_NE(NULL, strstr(ctl_read(POL), "filename inpath \"" DIR_ "/d\" then permit"))
		TH_LOG("%s\n%s", self->out, ctl_read(POL));
	EXPECT_EQ(0, run_as(0, DIR_ "/d/z"));
	EXPECT_EQ(EPERM, run_as(0, DIR_ "/u"));
}

/*
 * From the journal (journalctl -o json of monitor --journal, here built
 * from --journal-dry-run's fields): a name with a newline and a byte that
 * is not UTF-8 comes as an array of bytes and makes its exact rule. The
 * same entry with _UID 1000 (any user may send SYSTRACE_* fields; only
 * journald sets _UID) is not offered.
 */
TEST_F(lp, journal_fields)
{
	pid_t mon = monitor("--journal-dry-run", DIR_ "/fields");
	char odd[] = DIR_ "/d/n\nl\377";

	ASSERT_LT(0, mon);
	ASSERT_EQ(0, ctl_sh("touch \"$(printf '" DIR_ "/d/n\\nl\\377')\""));
	ASSERT_EQ(EPERM, run_as(0, odd));
	ASSERT_EQ(EPERM, run_as(0, DIR_ "/q"));
	ASSERT_EQ(0, ctl_wait_for(DIR_ "/fields", "SYSTRACE_ARG_FILENAME=" DIR_ "/q", 1, 30));
	stop(mon);

	ASSERT_EQ(0, journal_json(DIR_ "/fields", "=" DIR_ "/q\n", "1000", DIR_ "/forged"));
	EXPECT_EQ(0, ctl_capture("systracectl logprof --yes-exact -f " DIR_ "/forged " IMAGE,
				 self->out, sizeof(self->out)));
	EXPECT_NE(NULL, strstr(self->out, "0 denials to look at; 1 journal entry with SYSTRACE_ fields not sent by root ignored"))
		TH_LOG("%s", self->out);
	EXPECT_EQ(NULL, strstr(ctl_read(POL), DIR_ "/q"));

	ASSERT_EQ(0, journal_json(DIR_ "/fields", "=" DIR_ "/d/n\\x0al\\xff\n", "0",
				  DIR_ "/journal"));
	TH_LOG("%s", ctl_read(DIR_ "/journal"));
	EXPECT_NE(NULL, strstr(ctl_read(DIR_ "/journal"), "\"SYSTRACE_ARG_FILENAME\":[47,"));
	EXPECT_EQ(0, ctl_capture("systracectl logprof --yes-exact -f " DIR_ "/journal " IMAGE,
				 self->out, sizeof(self->out)));
	EXPECT_NE(NULL, strstr(ctl_read(POL), "native-fsread: filename eq \"" DIR_ "/d/n\\x0al\\xff\" then permit"))
		TH_LOG("%s\n%s", self->out, ctl_read(POL));
	EXPECT_EQ(0, run_as(0, odd));
	EXPECT_EQ(EPERM, run_as(0, DIR_ "/d/y"));
}

/* Another user's task: not offered by default; --all-users offers it. */
TEST_F(lp, other_users)
{
	ASSERT_EQ(0, logprof_around("--yes-exact", 65534, DIR_ "/u"));
	EXPECT_NE(NULL, strstr(ctl_read(OUT), "1 of other users' tasks not offered"));
	EXPECT_EQ(NULL, strstr(ctl_read(POL), DIR_ "/u"));
	EXPECT_EQ(EPERM, run_as(65534, DIR_ "/u"));

	ASSERT_EQ(0, logprof_around("--yes-exact --all-users", 65534, DIR_ "/u"));
	EXPECT_NE(NULL, strstr(ctl_read(POL), "filename eq \"" DIR_ "/u\" then permit"));
	EXPECT_EQ(0, run_as(65534, DIR_ "/u"));
}

/* systracectl mode FILE learn: load-dir loads it in learn mode, and again
 * after the next load-dir; enforce ends it. */
TEST_F(lp, complain_mode_survives_load_dir)
{
	ASSERT_EQ(0, ctl_sh("systracectl mode " POL " learn"));
	EXPECT_EQ(0, strncmp("# systrace-mode: learn\n", ctl_read(POL), 23));
	ASSERT_EQ(0, ctl_capture("systracectl mode " POL, self->out, sizeof(self->out)));
	EXPECT_STREQ("learn\n", self->out);
	/* mode loaded the image again in learn mode already. */
	EXPECT_EQ(0, run_as(0, DIR_ "/q"));
	ASSERT_EQ(0, ctl_sh("systracectl load-dir " PDIR " >/dev/null"));
	ASSERT_EQ(0, ctl_capture("systracectl list", self->out, sizeof(self->out)));
	EXPECT_NE(NULL, strstr(self->out, IMAGE ": mode learn")) TH_LOG("%s", self->out);
	EXPECT_EQ(0, run_as(0, DIR_ "/q"));
	ASSERT_EQ(0, ctl_sh("systracectl load-dir " PDIR " >/dev/null"));
	EXPECT_EQ(0, run_as(0, DIR_ "/q"));
	/* The rules still count in learn mode. */
	EXPECT_EQ(0, run_as(0, DIR_ "/ok"));

	ASSERT_EQ(0, ctl_sh("systracectl mode " POL " enforce && systracectl load-dir " PDIR " >/dev/null"));
	EXPECT_EQ(EPERM, run_as(0, DIR_ "/q"));
	/* Not through a symbolic link (root would write where it points). */
	EXPECT_EQ(1, ctl_sh("ln -s " POL " " DIR_ "/link && systracectl mode " DIR_ "/link learn"));
	EXPECT_EQ(0, strncmp("# systrace-mode: enforce\n", ctl_read(POL), 25));
	/* load-dir -m on the command line wins over the file. */
	ASSERT_EQ(0, ctl_sh("systracectl load-dir -m learn " PDIR " >/dev/null"));
	EXPECT_EQ(0, run_as(0, DIR_ "/q"));
}

TEST_HARNESS_MAIN
