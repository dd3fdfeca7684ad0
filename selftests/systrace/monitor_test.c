// SPDX-License-Identifier: GPL-2.0
/*
 * systracectl monitor: every logged decision, question and learned rule
 * of the events group, one line each; with --json one JSON object per line;
 * --journal-dry-run: the journal's fields of each (--journal sends them;
 * journald does not run in the VM), one a line, the arguments in their
 * own fields whole (a newline, a byte that is not UTF-8); --syslog=FILE:
 * one RFC 5424 line each (scripts/fleet-test sends them to rsyslog).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "ctl.h"

#define POLICY	"/tmp/mon.policy"
#define HELPER	"/selftests/ask_helper"

FIXTURE(monitor) {
	pid_t mon;
};

FIXTURE_SETUP(monitor)
{
	ASSERT_EQ(0, ctl_helper_policy(POLICY));
	ASSERT_EQ(0, ctl_sh("for f in d e f; do echo $f > /srv/ask/$f; done"));
	/* A rule that denies, one that permits and logs; f: no rule. */
	ASSERT_EQ(0, ctl_sh("echo 'native-fsread: filename eq \"/srv/ask/d\" then deny[eacces]' >> " POLICY));
	ASSERT_EQ(0, ctl_sh("echo 'native-fsread: filename eq \"/srv/ask/e\" then permit log' >> " POLICY));
	self->mon = 0;
}

FIXTURE_TEARDOWN(monitor)
{
	if (self->mon > 0) {
		kill(self->mon, SIGTERM);
		ctl_wait(self->mon, 10);
	}
}

TEST_F_TIMEOUT(monitor, json, 120)
{
	static const char *const argv[] = { "systracectl", "monitor", "--json", NULL };
	const char *m;

	self->mon = ctl_start("/tmp/mon1.out", "monitoring", NULL, argv);
	ASSERT_LT(0, self->mon);
	ASSERT_EQ(0, ctl_sh("systracectl run -a -p " POLICY " -- " HELPER
			    " /srv/ask/d /srv/ask/e /srv/ask/f > /tmp/mon1.res"));
	EXPECT_STREQ("/srv/ask/d: EACCES\n/srv/ask/e: ok\n/srv/ask/f: EPERM\n",
		     ctl_read("/tmp/mon1.res"));
	/* Learned: the rule learning writes. */
	ASSERT_EQ(0, ctl_sh("systracectl run -A -p " POLICY " -o /tmp/mon1.learned -- " HELPER
			    " /srv/ask/f > /dev/null"));
	/* A question and its answer (run, agent of its own image, answering
	 * from standard input). */
	ASSERT_EQ(0, ctl_sh("echo permit | systracectl run -p " POLICY " -- " HELPER
			    " /srv/ask/f > /tmp/mon1q.res"));
	EXPECT_STREQ("/srv/ask/f: ok\n", ctl_read("/tmp/mon1q.res"));
	ASSERT_EQ(0, ctl_wait_for("/tmp/mon1.out", "\"verdict\":\"permit-asked\"", 1, 10));

	m = ctl_read("/tmp/mon1.out");
	TH_LOG("%s", m);
	EXPECT_NE(NULL, strstr(m, "\"type\":\"decision\",\"verdict\":\"deny\",\"mode\":\"enforce\",\"uid\":0,"));
	/* The program's path; the user's name; the parent. */
	EXPECT_NE(NULL, strstr(m, "\"prog\":\"" HELPER "\""));
	EXPECT_NE(NULL, strstr(m, "\"uid\":0,\"user\":\"root\",\"pid\":"));
	EXPECT_NE(NULL, strstr(m, ",\"ppid\":"));
	/* The arguments from their attributes; the kernel log's text too. */
	EXPECT_NE(NULL, strstr(m, "\"call\":\"fsread\",\"nr\":257,\"args\":{\"filename\":\"/srv/ask/d\",\"oflags\":\"ro\""));
	EXPECT_NE(NULL, strstr(m, "\"args_text\":\"filename: \\\"/srv/ask/d\\\", oflags: ro"));
	EXPECT_NE(NULL, strstr(m, "\"errno\":13,\"error\":\"EACCES\",\"line\":"));
	EXPECT_NE(NULL, strstr(m, "\"verdict\":\"permit\",\"mode\":\"enforce\""));
	EXPECT_NE(NULL, strstr(m, "\"verdict\":\"deny-unmatched\""));
	EXPECT_NE(NULL, strstr(m, "\"verdict\":\"permit-learned\",\"mode\":\"learn\""));
	EXPECT_NE(NULL, strstr(m, "\"rule\":\"native-fsread: filename eq \\\"/srv/ask/f\\\" then permit\""));
	EXPECT_NE(NULL, strstr(m, "\"type\":\"question\",\"verdict\":\"ask\",\"mode\":\"ask\""));
	EXPECT_NE(NULL, strstr(m, "\"qid\":"));
	/* One object per line. */
	EXPECT_EQ(0, ctl_sh("grep -v '^systracectl: monitoring$' /tmp/mon1.out | grep -v '^{\"time\":\"[-0-9T:.]*Z\",.*}$' | grep -q . && exit 1 || exit 0"));
}

TEST_F_TIMEOUT(monitor, text, 120)
{
	static const char *const argv[] = { "systracectl", "monitor", NULL };
	const char *m;

	self->mon = ctl_start("/tmp/mon2.out", "monitoring", NULL, argv);
	ASSERT_LT(0, self->mon);
	ASSERT_EQ(0, ctl_sh("systracectl run -a -p " POLICY " -- " HELPER
			    " /srv/ask/d /srv/ask/f > /dev/null"));
	ASSERT_EQ(0, ctl_wait_for("/tmp/mon2.out", "deny-unmatched", 1, 10));
	m = ctl_read("/tmp/mon2.out");
	TH_LOG("%s", m);
	/* The kernel log line's words and fields (log_test compares them). */
	EXPECT_NE(NULL, strstr(m, " deny user: root, prog: \"" HELPER "\", pid: "));
	EXPECT_NE(NULL, strstr(m, "call: fsread(257), filename: \"/srv/ask/d\", oflags: ro"));
	EXPECT_NE(NULL, strstr(m, ", error: 13, line: "));
	EXPECT_NE(NULL, strstr(m, " deny-unmatched user: root, prog: \"" HELPER "\""));
	EXPECT_NE(NULL, strstr(m, ", error: 1, line: 0"));
}

TEST_F_TIMEOUT(monitor, journal_fields, 120)
{
	static const char *const argv[] = { "systracectl", "monitor", "--journal-dry-run", NULL };
	const char *m;

	self->mon = ctl_start("/tmp/mon3.out", "monitoring", NULL, argv);
	ASSERT_LT(0, self->mon);
	ASSERT_EQ(0, ctl_sh("p=$(printf '/srv/ask/n\nl\377'); echo x > \"$p\"; "
			    "systracectl run -a -p " POLICY " -- " HELPER
			    " /srv/ask/d \"$p\" > /dev/null"));
	ASSERT_EQ(0, ctl_wait_for("/tmp/mon3.out", "SYSTRACE_VERDICT=deny-unmatched", 1, 10));
	m = ctl_read("/tmp/mon3.out");
	TH_LOG("%s", m);
	EXPECT_NE(NULL, strstr(m, "\nMESSAGE=deny user: root, prog: \"" HELPER "\", pid: "));
	EXPECT_NE(NULL, strstr(m, "\nPRIORITY=4\n"));
	EXPECT_NE(NULL, strstr(m, "\nSYSTRACE_TYPE=decision\nSYSTRACE_VERDICT=deny\nSYSTRACE_MODE=enforce\nSYSTRACE_POLICY="));
	EXPECT_NE(NULL, strstr(m, "\nSYSTRACE_CALL=fsread\nSYSTRACE_CALL_NR=257\nSYSTRACE_PID="));
	EXPECT_NE(NULL, strstr(m, "\nSYSTRACE_PPID="));
	EXPECT_NE(NULL, strstr(m, "\nSYSTRACE_UID=0\nSYSTRACE_USER=root\nSYSTRACE_PROGRAM=" HELPER "\nSYSTRACE_ERRNO=13\nSYSTRACE_ERROR=EACCES\nSYSTRACE_LINE="));
	EXPECT_NE(NULL, strstr(m, "\nSYSTRACE_ARG_FILENAME=/srv/ask/d\nSYSTRACE_ARG_OFLAGS=ro"));
	/* The value whole, byte for byte, in its own field. */
	EXPECT_NE(NULL, strstr(m, "\nSYSTRACE_ARG_FILENAME=/srv/ask/n\\x0al\\xff\n"));
	EXPECT_NE(NULL, strstr(m, "\nSYSTRACE_VERDICT=deny-unmatched\n"));
	/* Every line a field, or the blank line after a report. */
	EXPECT_EQ(0, ctl_sh("grep -v '^systracectl: monitoring$' /tmp/mon3.out | grep -v '^[A-Z][A-Z0-9_]*=' | grep -q . && exit 1 || exit 0"));
	EXPECT_EQ(2, ctl_sh("systracectl monitor --json --journal 2>/dev/null"));
}

/* --syslog=FILE: RFC 5424, the host name, the fields, one line each. */
TEST_F_TIMEOUT(monitor, syslog, 120)
{
	static const char *const argv[] = { "systracectl", "monitor", "--syslog=/tmp/mon4.log", NULL };
	const char *m;

	ASSERT_EQ(0, ctl_sh("hostname systrace-vm && rm -f /tmp/mon4.log"));
	self->mon = ctl_start("/tmp/mon4.out", "monitoring", NULL, argv);
	ASSERT_LT(0, self->mon);
	ASSERT_EQ(0, ctl_sh("p=$(printf '/srv/ask/n\nl\377'); echo x > \"$p\"; "
			    "systracectl run -a -p " POLICY " -- " HELPER
			    " /srv/ask/d \"$p\" > /dev/null"));
	ASSERT_EQ(0, ctl_wait_for("/tmp/mon4.log", "verdict=\"deny-unmatched\"", 1, 60));
	m = ctl_read("/tmp/mon4.log");
	TH_LOG("%s", m);
	/* authpriv.warning, version 1, the host, app, msgid, SD-ID. */
	EXPECT_EQ(0, ctl_sh("grep -Eq '^<84>1 [0-9T:.-]+Z systrace-vm systrace [0-9]+ decision "
			    "\\[systrace@32473 type=\"decision\" verdict=\"deny\" mode=\"enforce\" "
			    "policy=\"[^\"]*\" emulation=\"native\" call=\"fsread\" nr=\"257\" "
			    "pid=\"[0-9]+\" ppid=\"[0-9]+\" uid=\"0\" user=\"root\" "
			    "program=\"/selftests/ask_helper\" errno=\"13\" "
			    "error=\"EACCES\" line=\"[0-9]+\" nargs=\"3\" arg.filename=\"/srv/ask/d\" "
			    "arg.oflags=\"ro\" arg.mode=\"0644\"\\] deny user: root, ' /tmp/mon4.log"));
	/* The newline and the byte 0xff as \xNN: still one line. */
	EXPECT_NE(NULL, strstr(m, " arg.filename=\"/srv/ask/n\\x0al\\xff\" "));
	EXPECT_EQ(0, ctl_sh("grep -v '^<[0-9]*>1 ' /tmp/mon4.log | grep -q . && exit 1 || exit 0"));
	/* A device that cannot be opened: said, and a failure. */
	EXPECT_EQ(1, ctl_sh("systracectl monitor --syslog=/nonexistent/x 2>/dev/null"));
	EXPECT_EQ(2, ctl_sh("systracectl monitor --syslog --json 2>/dev/null"));
}

/* --help, and usage errors exit 2. */
TEST_F(monitor, usage)
{
	(void)self;
	EXPECT_EQ(0, ctl_sh("systracectl monitor --help | grep -q -- --json"));
	EXPECT_EQ(2, ctl_sh("systracectl monitor --bogus 2>/dev/null"));
	EXPECT_EQ(2, ctl_sh("systracectl monitor extra 2>/dev/null"));
	EXPECT_EQ(0, ctl_sh("for c in status load unload list run ask monitor; do "
			    "systracectl $c --help | grep -q usage || exit 1; done"));
}

TEST_HARNESS_MAIN
