// SPDX-License-Identifier: GPL-2.0
/*
 * Structured reports (issue 12, point 4): a question or an event carries
 * each argument whole in its own attribute (SYSTRACE_A_ARG), and what is
 * made of them is exact: monitor --json's "args", the rule run -A learns
 * and the rule an "always" answer adds. A path of 1,000 bytes (the kernel
 * log's text cuts a value at 256), two paths of 4,000 bytes in one event
 * (rename: the message is sized for them), and a name with a double
 * quote, a backslash, a newline and a byte that is not UTF-8: the JSON is
 * valid, the rule compiles and permits exactly that call in enforce mode,
 * and a look-alike stays denied.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <jansson.h>

#include "harness.h"
#include "ctl.h"

#define DIR	"/srv/rep"
/* The name with odd bytes; in JSON the \xff is U+FFFD (not UTF-8). */
#define ODD	DIR "/q\"b\\s\nn\xffz"
#define ODD_JSON DIR "/q\"b\\s\nn\xef\xbf\xbdz"
#define ODD_RULE "native-fsread: filename eq \"" DIR "/q\\\"b\\\\s\\x0an\\xffz\" then permit\n"

/* DIR/dNN... directories of 95 bytes, @depth deep, then the file @leaf. */
static void long_path(char *buf, size_t len, int depth, const char *leaf)
{
	size_t n = snprintf(buf, len, "%s", DIR);
	int i;

	for (i = 0; i < depth && n + 100 < len; i++) {
		n += snprintf(buf + n, len - n, "/d%02d", i);
		memset(buf + n, 'x', 92);
		n += 92;
		buf[n] = '\0';
		mkdir(buf, 0755);
	}
	snprintf(buf + n, len - n, "/%s", leaf);
}

static int put(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, text, strlen(text));
	close(fd);
	return n == (ssize_t)strlen(text) ? 0 : -1;
}

/*
 * The JSON objects of monitor's output (every line but its "monitoring"
 * line must parse: one object per line) whose call is @call and whose
 * args.@key is @value; the first one, or NULL. *@bad: lines that are not
 * JSON.
 */
static json_t *find_event(const char *out, const char *call, const char *key,
			  const char *value, int *bad)
{
	const char *p = ctl_read(out), *e;
	json_t *found = NULL;

	*bad = 0;
	for (; p && *p; p = *e ? e + 1 : e) {
		json_t *o, *v;
		json_error_t err;

		e = strchrnul(p, '\n');
		if (!strncmp(p, "systracectl: monitoring", 23) || e == p)
			continue;
		o = json_loadb(p, e - p, 0, &err);
		if (!o || !json_is_object(o)) {
			(*bad)++;
			json_decref(o);
			continue;
		}
		v = json_object_get(json_object_get(o, "args"), key);
		if (!found && json_is_string(v) &&
		    !strcmp(json_string_value(v), value) &&
		    !strcmp(json_string_value(json_object_get(o, "call")) ?: "", call))
			found = json_incref(o);
		json_decref(o);
	}
	return found;
}

FIXTURE(report) {
	char lng[1200], lng2[1200];
	char rule[1400];
	pid_t mon;
};

FIXTURE_SETUP(report)
{
	ASSERT_EQ(0, ctl_sh("rm -rf " DIR " && mkdir -p " DIR));
	long_path(self->lng, sizeof(self->lng), 11, "f");
	long_path(self->lng2, sizeof(self->lng2), 11, "g");
	ASSERT_LT(1000, strlen(self->lng));
	ASSERT_EQ(0, put(self->lng, "long\n"));
	ASSERT_EQ(0, put(self->lng2, "look-alike\n"));
	ASSERT_EQ(0, put(ODD, "odd\n"));
	ASSERT_EQ(0, put(DIR "/short", "short\n"));
	snprintf(self->rule, sizeof(self->rule),
		 "native-fsread: filename eq \"%s\" then permit\n", self->lng);
	/* To the shell through the environment: no quoting to get wrong. */
	setenv("LONG", self->lng, 1);
	setenv("LONG2", self->lng2, 1);
	setenv("ODD", ODD, 1);
	self->mon = 0;
}

FIXTURE_TEARDOWN(report)
{
	if (self->mon > 0) {
		kill(self->mon, SIGTERM);
		ctl_wait(self->mon, 10);
	}
	ctl_sh("rm -rf " DIR);
}

/* Learned: monitor --json shows the values whole, the rules are exact. */
TEST_F_TIMEOUT(report, learn, 300)
{
	static const char *const argv[] = { "systracectl", "monitor", "--json", NULL };
	const char *p;
	json_t *o;
	int bad;

	self->mon = ctl_start("/tmp/rep.mon", "monitoring", NULL, argv);
	ASSERT_LT(0, self->mon);
	ASSERT_EQ(0, ctl_sh("cd / && systracectl run -A -o /tmp/rep.policy -- "
			    "cat \"$LONG\" \"$ODD\" > /tmp/rep1.out"));
	EXPECT_STREQ("long\nodd\n", ctl_read("/tmp/rep1.out"));
	p = ctl_read("/tmp/rep.policy");
	TH_LOG("learned:\n%s", p);
	EXPECT_NE(NULL, strstr(p, self->rule));
	EXPECT_NE(NULL, strstr(p, ODD_RULE));
	EXPECT_EQ(NULL, strstr(p, "# not learned"));
	EXPECT_EQ(0, ctl_sh("policyc -c /tmp/rep.policy"));

	/* Enforced: exactly those files pass; the look-alike does not. */
	EXPECT_EQ(0, ctl_sh("cd / && systracectl run -a -p /tmp/rep.policy -- "
			    "cat \"$LONG\" \"$ODD\" > /tmp/rep2.out"));
	EXPECT_STREQ("long\nodd\n", ctl_read("/tmp/rep2.out"));
	EXPECT_NE(0, ctl_sh("cd / && systracectl run -a -p /tmp/rep.policy -- "
			    "cat \"$LONG2\" > /dev/null 2>&1"));

	/* The events: valid JSON, each value whole in "args"; the kernel
	 * log's text ("args_text") cuts it. */
	ASSERT_EQ(0, ctl_wait_for("/tmp/rep.mon", "\"verdict\":\"deny-unmatched\"", 1, 20));
	o = find_event("/tmp/rep.mon", "fsread", "filename", self->lng, &bad);
	EXPECT_EQ(0, bad);
	ASSERT_NE(NULL, o) TH_LOG("%s", ctl_read("/tmp/rep.mon"));
	EXPECT_STREQ("permit-learned", json_string_value(json_object_get(o, "verdict")));
	EXPECT_STREQ("ro", json_string_value(json_object_get(json_object_get(o, "args"),
							     "oflags")));
	EXPECT_EQ(strlen(self->rule) - 1,
		  strlen(json_string_value(json_object_get(o, "rule")) ?: ""));
	EXPECT_EQ(0, strncmp(self->rule, json_string_value(json_object_get(o, "rule")) ?: "",
			     strlen(self->rule) - 1));
	EXPECT_NE(NULL, strstr(json_string_value(json_object_get(o, "args_text")) ?: "",
			       "\"..."));
	json_decref(o);
	o = find_event("/tmp/rep.mon", "fsread", "filename", ODD_JSON, &bad);
	ASSERT_NE(NULL, o);
	json_decref(o);
	/* The look-alike's denial, whole too. */
	o = find_event("/tmp/rep.mon", "fsread", "filename", self->lng2, &bad);
	ASSERT_NE(NULL, o);
	EXPECT_STREQ("deny-unmatched", json_string_value(json_object_get(o, "verdict")));
	json_decref(o);
}

/*
 * Two values of 4,000 bytes in one event: rename's two names. Unmatched,
 * the rename goes under the alias fswrite (filename, the name it had).
 * The policy learned on permits the decisions a rename makes after that
 * (the new name as fswrite's filename; the file, by its name, read), which
 * learning from nothing would miss: those decisions happen only once the
 * policy names fsread and fswrite.
 */
TEST_F_TIMEOUT(report, two_long_paths, 300)
{
	static const char *const argv[] = { "systracectl", "monitor", "--json", NULL };
	char a[4096], b[4096], rule[4400];
	json_t *o;
	int bad;

	long_path(a, sizeof(a), 41, "a");
	long_path(b, sizeof(b), 41, "b");
	ASSERT_LT(3900, strlen(a));
	ASSERT_GT(4096, strlen(a) + 1);
	ASSERT_EQ(0, put(a, "a\n"));
	setenv("A", a, 1);
	setenv("B", b, 1);
	ASSERT_EQ(0, ctl_sh("printf 'native-fswrite: filename eq \"%%s\" then permit\\n"
			    "native-fsread: filename eq \"%%s\" then permit\\n' "
			    "\"$B\" \"$A\" > /tmp/rep3.base"));
	self->mon = ctl_start("/tmp/rep3.mon", "monitoring", NULL, argv);
	ASSERT_LT(0, self->mon);
	ASSERT_EQ(0, ctl_sh("cd / && systracectl run -A -p /tmp/rep3.base "
			    "-o /tmp/rep3.policy -- mv \"$A\" \"$B\""));
	ASSERT_EQ(0, access(b, F_OK));
	snprintf(rule, sizeof(rule),
		 "native-fswrite: filename eq \"%s\" then permit", a);
	EXPECT_NE(NULL, strstr(ctl_read("/tmp/rep3.policy"), rule))
		TH_LOG("%s", ctl_read("/tmp/rep3.policy"));
	EXPECT_EQ(0, ctl_sh("policyc -c /tmp/rep3.policy"));
	/* Enforced: the same rename passes (the file is back first). */
	ASSERT_EQ(0, rename(b, a));
	EXPECT_EQ(0, ctl_sh("cd / && systracectl run -a -p /tmp/rep3.policy -- "
			    "mv \"$A\" \"$B\" 2>/tmp/rep3.err"))
		TH_LOG("%s", ctl_read("/tmp/rep3.err"));
	EXPECT_EQ(0, access(b, F_OK));

	/* The event held both names whole. */
	ASSERT_EQ(0, ctl_wait_for("/tmp/rep3.mon", "\"filename[1]\":", 1, 20));
	o = find_event("/tmp/rep3.mon", "fswrite", "filename[1]", b, &bad);
	EXPECT_EQ(0, bad);
	ASSERT_NE(NULL, o) TH_LOG("%s", ctl_read("/tmp/rep3.mon"));
	EXPECT_STREQ(a, json_string_value(json_object_get(json_object_get(o, "args"),
							  "filename")));
	EXPECT_STREQ(rule, json_string_value(json_object_get(o, "rule")) ?: "");
	json_decref(o);
}

/*
 * "always": the rule the agent adds is made of the attributes too. A run
 * in ask mode on a policy learned from cat of another file: the long and
 * the odd names are its only questions.
 */
TEST_F_TIMEOUT(report, always, 300)
{
	const char *p;

	(void)self;
	ASSERT_EQ(0, ctl_sh("cd / && systracectl run -A -o /tmp/rep4.policy -- "
			    "cat " DIR "/short > /dev/null"));
	ASSERT_EQ(0, ctl_sh("cd / && printf 'permit always\\npermit always\\n' | "
			    "systracectl run -p /tmp/rep4.policy -- cat \"$LONG\" \"$ODD\" "
			    "> /tmp/rep4.out 2> /tmp/rep4.err"));
	TH_LOG("%s", ctl_read("/tmp/rep4.err"));
	EXPECT_STREQ("long\nodd\n", ctl_read("/tmp/rep4.out"));
	p = ctl_read("/tmp/rep4.policy");
	EXPECT_NE(NULL, strstr(p, self->rule)) TH_LOG("%s", p);
	EXPECT_NE(NULL, strstr(p, ODD_RULE));
	EXPECT_EQ(0, ctl_sh("policyc -c /tmp/rep4.policy"));
	EXPECT_EQ(0, ctl_sh("cd / && systracectl run -a -p /tmp/rep4.policy -- "
			    "cat \"$LONG\" \"$ODD\" > /tmp/rep5.out"));
	EXPECT_STREQ("long\nodd\n", ctl_read("/tmp/rep5.out"));
	EXPECT_NE(0, ctl_sh("cd / && systracectl run -a -p /tmp/rep4.policy -- "
			    "cat \"$LONG2\" > /dev/null 2>&1"));
}

TEST_HARNESS_MAIN
