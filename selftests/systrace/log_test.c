// SPDX-License-Identifier: GPL-2.0
/*
 * One decision, two readers: the kernel log line and "systracectl monitor
 * --json" give the same verdict word and the same fields (issue 15, point
 * 4). The test rebuilds the kernel's line from the JSON object of the same
 * event (its verdict, user, program path, pid, parent pid, image, call and
 * number, arguments as the kernel quoted them, errno and rule line) and
 * finds it, whole, in the kernel log.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/klog.h>
#include <sys/syscall.h>

#include "harness.h"
#include "ctl.h"

#define POLICY	"/tmp/logt.policy"
#define HELPER	"/selftests/ask_helper"
#define OUT	"/tmp/logt.out"

/* The kernel log, whole and NUL-terminated (free it), or NULL. */
static char *klog_read(void)
{
	int len = klogctl(10 /* SYSLOG_ACTION_SIZE_BUFFER */, NULL, 0);
	char *buf;

	if (len <= 0)
		return NULL;
	buf = calloc(1, len + 1);
	if (!buf)
		return NULL;
	len = klogctl(3 /* SYSLOG_ACTION_READ_ALL */, buf, len);
	if (len < 0) {
		free(buf);
		return NULL;
	}
	buf[len] = '\0';
	return buf;
}

/* The line of @text holding @needle, into @out; 0, or -1 if none. */
static int line_with(const char *text, const char *needle, char *out,
		     size_t len)
{
	const char *p = text ? strstr(text, needle) : NULL, *b, *e;

	if (!p)
		return -1;
	for (b = p; b > text && b[-1] != '\n'; b--)
		;
	e = strchr(p, '\n');
	if (!e)
		e = p + strlen(p);
	if ((size_t)(e - b) >= len)
		return -1;
	memcpy(out, b, e - b);
	out[e - b] = '\0';
	return 0;
}

/*
 * The value of "@key" in the one-line JSON object @obj into @out: a
 * string decoded (\", \\, \n, \uXXXX below 0x80 as monitor writes
 * them), a number as written. 0, or -1 if absent.
 */
static int jfield(const char *obj, const char *key, char *out, size_t len)
{
	char pat[64];
	const char *p;
	size_t n = 0;

	snprintf(pat, sizeof(pat), "\"%s\":", key);
	p = strstr(obj, pat);
	if (!p || !len)
		return -1;
	p += strlen(pat);
	if (*p != '"') {
		while (*p && *p != ',' && *p != '}' && n + 1 < len)
			out[n++] = *p++;
		out[n] = '\0';
		return 0;
	}
	for (p++; *p && *p != '"' && n + 1 < len; p++) {
		if (*p != '\\') {
			out[n++] = *p;
			continue;
		}
		p++;
		if (*p == 'n')
			out[n++] = '\n';
		else if (*p == 'u' && strlen(p) > 4) {
			char hex[5] = { p[1], p[2], p[3], p[4], 0 };

			out[n++] = (char)strtol(hex, NULL, 16);
			p += 4;
		} else if (*p)
			out[n++] = *p;
	}
	out[n] = '\0';
	return 0;
}

/*
 * The kernel's line of the decision whose monitor object holds @needle,
 * rebuilt from that object, must be in the kernel log; its verdict word
 * must be @verdict.
 */
static void same_line(struct __test_metadata *_metadata, const char *mon,
		      const char *klog, const char *needle,
		      const char *verdict)
{
	static char obj[8192], v[64], user[128], uid[16], prog[1100], pid[16],
		    ppid[16], policy[1100], call[64], nr[16], args[1100],
		    err[16], line[16], want[8192];

	ASSERT_EQ(0, line_with(mon, needle, obj, sizeof(obj))) TH_LOG("%s", mon);
	TH_LOG("%s", obj);
	ASSERT_EQ(0, jfield(obj, "verdict", v, sizeof(v)));
	EXPECT_STREQ(verdict, v);
	ASSERT_EQ(0, jfield(obj, "uid", uid, sizeof(uid)));
	if (jfield(obj, "user", user, sizeof(user)))
		snprintf(user, sizeof(user), "%s", uid);
	ASSERT_EQ(0, jfield(obj, "prog", prog, sizeof(prog)));
	/* The program's path, not its name (comm). */
	EXPECT_STREQ(HELPER, prog);
	ASSERT_EQ(0, jfield(obj, "pid", pid, sizeof(pid)));
	ASSERT_EQ(0, jfield(obj, "ppid", ppid, sizeof(ppid)));
	EXPECT_LT(1, atoi(ppid));
	EXPECT_NE(atoi(pid), atoi(ppid));
	ASSERT_EQ(0, jfield(obj, "policy", policy, sizeof(policy)));
	ASSERT_EQ(0, jfield(obj, "call", call, sizeof(call)));
	ASSERT_EQ(0, jfield(obj, "nr", nr, sizeof(nr)));
	/* fsread, under the number of the system call the helper made. */
	EXPECT_STREQ("fsread", call);
	EXPECT_TRUE(atoi(nr) == SYS_openat || atoi(nr) == SYS_open) TH_LOG("nr %s", nr);
	ASSERT_EQ(0, jfield(obj, "args_text", args, sizeof(args)));
	ASSERT_EQ(0, jfield(obj, "errno", err, sizeof(err)));
	ASSERT_EQ(0, jfield(obj, "line", line, sizeof(line)));
	snprintf(want, sizeof(want),
		 "systrace: %s user: %s, prog: \"%s\", pid: %s, ppid: %s, policy: \"%s\", call: %s(%s), %s, error: %s, line: %s\n",
		 v, user, prog, pid, ppid, policy, call, nr, args, err, line);
	EXPECT_NE(NULL, strstr(klog, want)) TH_LOG("not in the kernel log: %s", want);
}

TEST(same_event_same_words)
{
	static const char *const argv[] = { "systracectl", "monitor", "--json", NULL };
	char *klog, *mon;
	pid_t m;

	ASSERT_EQ(0, ctl_helper_policy(POLICY));
	/* A rule that denies; no rule for the other (unmatched). The name
	 * of the second holds a quote and a newline: escaped alike. */
	ASSERT_EQ(0, ctl_sh("echo 'native-fsread: filename eq \"/srv/ask/logt-d\" then deny[eacces]' >> " POLICY));
	ASSERT_EQ(0, ctl_sh("echo x > /srv/ask/logt-d; echo x > \"$(printf '/srv/ask/logt-\"u\\nx')\""));
	m = ctl_start(OUT, "monitoring", NULL, argv);
	ASSERT_LT(0, m);
	ASSERT_EQ(0, ctl_sh("systracectl run -a -p " POLICY " -- " HELPER
			    " /srv/ask/logt-d \"$(printf '/srv/ask/logt-\"u\\nx')\" > /tmp/logt.res"));
	EXPECT_STREQ("/srv/ask/logt-d: EACCES\n/srv/ask/logt-\"u\nx: EPERM\n",
		     ctl_read("/tmp/logt.res"));
	/* Decided in order: the second's event follows the first's. */
	EXPECT_EQ(0, ctl_wait_for(OUT, "logt-\\\"u", 1, 60));
	kill(m, SIGTERM);
	ctl_wait(m, 10);
	mon = strdup(ctl_read(OUT));
	klog = klog_read();
	ASSERT_NE(NULL, mon);
	ASSERT_NE(NULL, klog);
	same_line(_metadata, mon, klog, "\"filename\":\"/srv/ask/logt-d\"", "deny");
	same_line(_metadata, mon, klog, "\"filename\":\"/srv/ask/logt-\\\"u\\nx\"",
		  "deny-unmatched");
	/* Escaped in the log: the quote and the newline are \x22, \x0a. */
	EXPECT_NE(NULL, strstr(klog, "filename: \"/srv/ask/logt-\\x22u\\x0ax\""));
	free(klog);
	free(mon);
}

TEST_HARNESS_MAIN
