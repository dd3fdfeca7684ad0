// SPDX-License-Identifier: GPL-2.0
/*
 * systrace selftests: systracectl load-dir. A directory laid out as
 * /etc/systrace (files named from the program path) is compiled and
 * loaded in one step; bad files are reported with policyc's file:line:col
 * and skipped, the good ones load, the exit status says something failed;
 * subdirectories, hidden files and backups are not policies. A program a
 * loaded policy names is confined from its exec.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "harness.h"
#include "ctl.h"

#define DIR1 "/tmp/loaddir"
#define DIR2 "/tmp/loaddir2"
#define PROG "/tmp/ld-raw64"
#define GOOD "tmp_ld-raw64"

/* raw_helper.c's exit codes. */
#define UNCONFINED	1
#define OWN_POLICY	7

static const char good[] =
	"# confines " PROG "\n"
	"Policy: " PROG ", Emulation: native\n"
	"\tnative-getpid: permit\n"
	"\tnative-getppid: deny[enotty]\n";
/* Line 3, column 24: the expression stops short. */
static const char bad[] =
	"Policy: /tmp/ld-nothing, Emulation: native\n"
	"\tnative-getpid: permit\n"
	"\tnative-getppid: pemrit\n";

static void put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

/* Run @cmd, its output into @out (ctl.h). */
static int sh(const char *cmd, char *out, size_t len)
{
	return ctl_capture(cmd, out, len);
}

static int run_prog(void)
{
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		char *argv[] = { (char *)"raw64", NULL };

		execv(PROG, argv);
		_exit(100);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

FIXTURE(loaddir) {
	char out[16384];
};

FIXTURE_SETUP(loaddir)
{
	ASSERT_EQ(0, system("rm -rf " DIR1 " " DIR2 " && mkdir -p " DIR1 "/sub " DIR2
			    " && cp /selftests/raw64 " PROG));
	put(DIR1 "/" GOOD, good);
	/* Not policies: none of them is read. */
	put(DIR1 "/sub/tmp_ld_sub", bad);
	put(DIR1 "/" GOOD "~", bad);
	put(DIR1 "/.#" GOOD, bad);
	put(DIR1 "/" GOOD ".dpkg-old", bad);
	put(DIR1 "/#" GOOD "#", bad);
	put(DIR1 "/systrace.service", "[Unit]\n");
}

FIXTURE_TEARDOWN(loaddir)
{
	system("systracectl unload " GOOD " >/dev/null 2>&1");
	system("systracectl unload tmp_ld_bad >/dev/null 2>&1");
	system("rm -rf " DIR1 " " DIR2 " " PROG);
}

TEST_F(loaddir, loads_and_confines_from_exec)
{
	ASSERT_EQ(UNCONFINED, run_prog());
	ASSERT_EQ(0, sh("systracectl load-dir " DIR1, self->out, sizeof(self->out)));
	ASSERT_NE(NULL, strstr(self->out, "1 loaded, 0 failed")) TH_LOG("%s", self->out);
	/* An unconfined process executes the program: its policy confines it. */
	ASSERT_EQ(OWN_POLICY, run_prog());
	ASSERT_EQ(0, sh("systracectl list", self->out, sizeof(self->out)));
	ASSERT_NE(NULL, strstr(self->out, GOOD ": mode enforce")) TH_LOG("%s", self->out);
	ASSERT_NE(NULL, strstr(self->out, PROG)) TH_LOG("%s", self->out);
	/* Nothing else of the directory was loaded. */
	ASSERT_EQ(NULL, strstr(self->out, "tmp_ld_sub"));
	ASSERT_EQ(NULL, strstr(self->out, "dpkg"));
}

TEST_F(loaddir, reports_bad_files_loads_good_ones)
{
	put(DIR1 "/tmp_ld_bad", bad);
	ASSERT_EQ(1, sh("systracectl load-dir " DIR1, self->out, sizeof(self->out)));
	ASSERT_NE(NULL, strstr(self->out, DIR1 "/tmp_ld_bad:3:24: error: ")) TH_LOG("%s", self->out);
	ASSERT_NE(NULL, strstr(self->out, "1 loaded, 1 failed")) TH_LOG("%s", self->out);
	/* The ignored files have syntax errors too: never compiled. */
	ASSERT_EQ(NULL, strstr(self->out, "~:")) TH_LOG("%s", self->out);
	ASSERT_EQ(NULL, strstr(self->out, "sub/")) TH_LOG("%s", self->out);
	ASSERT_EQ(OWN_POLICY, run_prog());
	ASSERT_EQ(0, sh("systracectl list", self->out, sizeof(self->out)));
	ASSERT_NE(NULL, strstr(self->out, GOOD ": mode")) TH_LOG("%s", self->out);
	ASSERT_EQ(NULL, strstr(self->out, "tmp_ld_bad")) TH_LOG("%s", self->out);
}

TEST_F(loaddir, every_bad_file_reported)
{
	put(DIR1 "/tmp_ld_bad", bad);
	put(DIR2 "/tmp_ld_bad2", "Policy: /x, Emulation: native\nnative-read permit\n");
	ASSERT_EQ(1, sh("systracectl load-dir " DIR1 " " DIR2, self->out, sizeof(self->out)));
	ASSERT_NE(NULL, strstr(self->out, DIR1 "/tmp_ld_bad:3:24: error: ")) TH_LOG("%s", self->out);
	ASSERT_NE(NULL, strstr(self->out, DIR2 "/tmp_ld_bad2:2:")) TH_LOG("%s", self->out);
	ASSERT_NE(NULL, strstr(self->out, "1 loaded, 2 failed")) TH_LOG("%s", self->out);
}

TEST_F(loaddir, check_only_loads_nothing)
{
	ASSERT_EQ(0, sh("systracectl load-dir -c " DIR1, self->out, sizeof(self->out)));
	ASSERT_NE(NULL, strstr(self->out, "1 compiled, 0 failed")) TH_LOG("%s", self->out);
	ASSERT_EQ(UNCONFINED, run_prog());
}

TEST_F(loaddir, replaces_loaded_images)
{
	ASSERT_EQ(0, sh("systracectl load-dir -m learn " DIR1, self->out, sizeof(self->out)));
	ASSERT_EQ(0, sh("systracectl list", self->out, sizeof(self->out)));
	ASSERT_NE(NULL, strstr(self->out, GOOD ": mode learn")) TH_LOG("%s", self->out);
	ASSERT_EQ(0, sh("systracectl load-dir " DIR1, self->out, sizeof(self->out)));
	ASSERT_EQ(0, sh("systracectl list", self->out, sizeof(self->out)));
	ASSERT_NE(NULL, strstr(self->out, GOOD ": mode enforce")) TH_LOG("%s", self->out);
	/* One image of that name. */
	ASSERT_EQ(NULL, strstr(strstr(self->out, GOOD ":") + 1, GOOD ":")) TH_LOG("%s", self->out);
}

TEST_F(loaddir, same_name_twice_is_an_error)
{
	put(DIR2 "/" GOOD, bad);
	ASSERT_EQ(1, sh("systracectl load-dir " DIR1 " " DIR2, self->out, sizeof(self->out)));
	ASSERT_NE(NULL, strstr(self->out, "already taken by " DIR1 "/" GOOD)) TH_LOG("%s", self->out);
	ASSERT_EQ(OWN_POLICY, run_prog());
}

TEST_F(loaddir, usage_and_missing_directory)
{
	ASSERT_EQ(2, sh("systracectl load-dir", self->out, sizeof(self->out)));
	ASSERT_EQ(2, sh("systracectl load-dir -m nonsense " DIR1, self->out, sizeof(self->out)));
	ASSERT_EQ(1, sh("systracectl load-dir /nonexistent " DIR1, self->out, sizeof(self->out)));
	ASSERT_NE(NULL, strstr(self->out, "/nonexistent: No such file or directory")) TH_LOG("%s", self->out);
	/* The directory that exists still loads. */
	ASSERT_EQ(OWN_POLICY, run_prog());
	ASSERT_EQ(0, sh("systracectl load-dir " DIR2, self->out, sizeof(self->out)));
	ASSERT_NE(NULL, strstr(self->out, "0 loaded, 0 failed")) TH_LOG("%s", self->out);
}

TEST_HARNESS_MAIN
