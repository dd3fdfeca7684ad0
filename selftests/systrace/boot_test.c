// SPDX-License-Identifier: GPL-2.0
/*
 * systrace selftests: boot loading. The VM's init has loaded systrace.ko,
 * as systemd-modules-load does with modules-load.d/systrace.conf; this test
 * then does what systrace.service does (its ExecStart, read from the unit
 * installed with the policies in /etc/systrace) and checks that a program
 * a policy of /etc/systrace names is confined from its first exec, whoever
 * starts it, and that its denials are logged.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/klog.h>
#include <sys/wait.h>

#include "harness.h"

#define ETC "/etc/systrace"
#define UNIT ETC "/systrace.service"
#define CONF ETC "/modules-load.d/systrace.conf"
#define PROG "/selftests/boot_raw64"
#define IMAGE "selftests_boot_raw64"

/* raw_helper.c's exit codes. */
#define UNCONFINED	1
#define OWN_POLICY	7

static int sh(const char *cmd)
{
	int st = system(cmd);

	fprintf(stderr, "# $ %s -> %d\n", cmd, WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* The unit's ExecStart=, with /usr/sbin/ dropped (the tools are on PATH). */
static int exec_start(char *buf, size_t len)
{
	char line[512], *v = NULL;
	FILE *f = fopen(UNIT, "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "ExecStart=", 10)) {
			line[strcspn(line, "\n")] = '\0';
			v = line + 10;
			break;
		}
	fclose(f);
	if (!v)
		return -1;
	if (!strncmp(v, "/usr/sbin/", 10))
		v += 10;
	snprintf(buf, len, "%s", v);
	return 0;
}

static int run(const char *path)
{
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		char *argv[] = { (char *)"boot_raw64", NULL };

		execv(path, argv);
		_exit(100);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static int klog_has(const char *a, const char *b, const char *c)
{
	int len = klogctl(10, NULL, 0), found = 0;
	char *buf, *line, *save;

	if (len <= 0 || !(buf = malloc(len + 1)))
		return 0;
	len = klogctl(3, buf, len);
	buf[len < 0 ? 0 : len] = '\0';
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		if (strstr(line, a) && strstr(line, b) && strstr(line, c))
			found = 1;
	if (!found)
		fprintf(stderr, "# no log line with '%s', '%s' and '%s'\n", a, b, c);
	free(buf);
	return found;
}

/* Names of the images loaded now, one per line, in @buf. */
static void images(char *buf, size_t len)
{
	FILE *p = popen("systracectl list | sed -n 's/^\\([^ ][^:]*\\): mode .*/\\1/p'", "r");
	size_t n = 0;

	buf[0] = '\0';
	if (!p)
		return;
	n = fread(buf, 1, len - 1, p);
	buf[n] = '\0';
	pclose(p);
}

FIXTURE(boot) {
	char before[8192];
};

FIXTURE_SETUP(boot)
{
	images(self->before, sizeof(self->before));
}

/* Leave the images of the other selftests as they were. */
FIXTURE_TEARDOWN(boot)
{
	char after[8192], cmd[512], *line, *save;

	images(after, sizeof(after));
	for (line = strtok_r(after, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char key[300];

		snprintf(key, sizeof(key), "%s\n", line);
		if (strstr(self->before, key))
			continue;
		snprintf(cmd, sizeof(cmd), "systracectl unload '%s'", line);
		sh(cmd);
	}
}

TEST_F(boot, module_loaded_as_modules_load_d_says)
{
	char line[128];
	FILE *f = fopen(CONF, "r");
	int found = 0;

	ASSERT_NE(NULL, f);
	while (fgets(line, sizeof(line), f))
		if (!strcmp(line, "systrace\n"))
			found = 1;
	fclose(f);
	ASSERT_TRUE(found);
	ASSERT_EQ(0, access("/sys/module/systrace", F_OK));
}

TEST_F(boot, unit_confines_from_first_exec)
{
	char cmd[512];

	ASSERT_EQ(0, exec_start(cmd, sizeof(cmd)));
	ASSERT_EQ(0, strcmp(cmd, "systracectl load-dir /etc/systrace")) TH_LOG("ExecStart=%s", cmd);
	/* Before the unit: nothing confines the program. */
	ASSERT_EQ(UNCONFINED, run(PROG));
	/* The unit: every policy shipped in /etc/systrace compiles and loads. */
	ASSERT_EQ(0, sh(cmd));
	ASSERT_EQ(0, sh("systracectl list | grep -q '^" IMAGE ": mode enforce'"));
	/* Log lines are rate-limited (100 per 5 s), and the selftests run
	 * before this one may have used the window: start a fresh one. */
	sleep(6);
	/* Its first exec is confined, by an unconfined parent... */
	ASSERT_EQ(OWN_POLICY, run(PROG));
	/* ... or started by a shell, as a daemon by its service manager. */
	ASSERT_EQ(OWN_POLICY, sh("/bin/sh -c 'exec " PROG "'"));
	ASSERT_EQ(OWN_POLICY, sh("/bin/sh -c '" PROG "; exit $?'"));
	/* getppid denied by line 7 of the policy file; getuid has no rule:
	 * denied in enforce mode. Both logged. */
	ASSERT_TRUE(klog_has("systrace: deny user: root, prog: \"" PROG "\", pid: ",
			     "policy: \"" IMAGE "\", call: getppid(110), ", "error: 25, line: 7"));
	ASSERT_TRUE(klog_has("systrace: deny-unmatched user: root, prog: \"" PROG "\", pid: ",
			     "policy: \"" IMAGE "\", call: getuid(102), ", "error: 1, line: 0"));
}

TEST_F(boot, unit_again_is_a_reload)
{
	char cmd[512];

	ASSERT_EQ(0, exec_start(cmd, sizeof(cmd)));
	ASSERT_EQ(0, sh(cmd));
	ASSERT_EQ(0, sh(cmd));
	ASSERT_EQ(0, sh("test \"$(systracectl list | grep -c '^" IMAGE ":')\" = 1"));
	ASSERT_EQ(OWN_POLICY, run(PROG));
}

TEST_HARNESS_MAIN
