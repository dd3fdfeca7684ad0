// SPDX-License-Identifier: GPL-2.0
/*
 * What learning generalises (rule.c, st_rule_text() with generalise set),
 * on the host: each class of name the next run sees differently becomes
 * the rule Documentation/admin-guide.rst lists for it, and every other
 * name stays the exact one the run used:
 * - a path under the run's working directory -> $CWD/..., under the home
 *   -> $HOME/... (a dot name when they are one directory: the home's);
 * - a terminal (/dev/pts/N, /dev/ttyS1) -> the terminal class;
 * - a pipe or socket of the run ("pipe:[N]") -> any pipe, any socket;
 * - a shared object in a library directory -> that directory's shared
 *   objects; locale data -> its root, inpath;
 * - /etc/ld.so.cache, /etc/passwd, /dev/null, a file in /tmp, a library
 *   outside the library directories (only its version): not widened;
 * - every rule written compiles with policyc (when it is built beside).
 */
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/systrace.h>

#include "kselftest_harness.h"

#include "../systracectl.h"

/* main.c's, which this test replaces. */
int st_open_or_explain(struct st_nl *nl)
{
	(void)nl;
	return ST_EXIT_NOMOD;
}

int (*st_subcommand(const char *name))(int argc, char *argv[])
{
	(void)name;
	return NULL;
}

static const struct st_rule_ctx ctx = {
	.generalise = 1, .home = "/home/ann", .cwd = "/home/ann/src/a",
};

/* The rule learned for @call on the path @value, in a static buffer. */
static const char *learned(const struct st_rule_ctx *c, const char *call,
			   const char *value)
{
	static char buf[ST_RULE_MAX];
	struct st_rarg a = {
		.name = "filename", .kind = SYSTRACE_KIND_PATH,
		.value = value, .len = strlen(value),
	};

	if (st_rule_text("native", call, &a, 1, c, "permit", buf,
			 sizeof(buf)) < 0)
		return "(none)";
	return buf;
}

#define RULE(call, expr) "native-" call ": " expr " then permit"

TEST(working_and_home_directories)
{
	struct st_rule_ctx home = ctx;

	EXPECT_STREQ(RULE("fsread", "filename eq \"$CWD/somefile\""),
		     learned(&ctx, "fsread", "/home/ann/src/a/somefile"));
	EXPECT_STREQ(RULE("fsread", "filename eq \"$CWD\""),
		     learned(&ctx, "fsread", "/home/ann/src/a"));
	EXPECT_STREQ(RULE("fsread", "filename eq \"$HOME/.profile\""),
		     learned(&ctx, "fsread", "/home/ann/.profile"));
	/* A sibling of the working directory is not in it. */
	EXPECT_STREQ(RULE("fsread", "filename eq \"$HOME/src/ab\""),
		     learned(&ctx, "fsread", "/home/ann/src/ab"));
	/* Run in the home: a file there is the working directory's, a dot
	 * file the home's. */
	home.cwd = "/home/ann";
	EXPECT_STREQ(RULE("fsread", "filename eq \"$CWD/notes\""),
		     learned(&home, "fsread", "/home/ann/notes"));
	EXPECT_STREQ(RULE("fsread", "filename eq \"$HOME/.config/x\""),
		     learned(&home, "fsread", "/home/ann/.config/x"));
}

TEST(terminals)
{
	static const char *const ttys[] = {
		"/dev/pts/0", "/dev/pts/17", "/dev/ttyS1", "/dev/tty", "/dev/tty3",
	};
	size_t i;

	for (i = 0; i < sizeof(ttys) / sizeof(ttys[0]); i++)
		EXPECT_STREQ(RULE("ioctl", "(filename match \"/dev/pts/*\" or "
				  "filename match \"/dev/tty*\")"),
			     learned(&ctx, "ioctl", ttys[i]));
	/* Not terminals: the pts master, a name below /dev/pts/. */
	EXPECT_STREQ(RULE("ioctl", "filename eq \"/dev/ptmx\""),
		     learned(&ctx, "ioctl", "/dev/ptmx"));
	EXPECT_STREQ(RULE("ioctl", "filename eq \"/dev/pts/ptmx\""),
		     learned(&ctx, "ioctl", "/dev/pts/ptmx"));
	EXPECT_STREQ(RULE("ioctl", "filename eq \"/dev/null\""),
		     learned(&ctx, "ioctl", "/dev/null"));
}

TEST(pipes_and_sockets)
{
	EXPECT_STREQ(RULE("ioctl", "filename match \"pipe:\\\\[*\\\\]\""),
		     learned(&ctx, "ioctl", "pipe:[123456]"));
	EXPECT_STREQ(RULE("ioctl", "filename match \"socket:\\\\[*\\\\]\""),
		     learned(&ctx, "ioctl", "socket:[9]"));
	/* Other pseudo files are named the same on every run. */
	EXPECT_STREQ(RULE("ioctl", "filename eq \"anon_inode:[eventpoll]\""),
		     learned(&ctx, "ioctl", "anon_inode:[eventpoll]"));
	EXPECT_STREQ(RULE("ioctl", "filename eq \"pipe:[x]\""),
		     learned(&ctx, "ioctl", "pipe:[x]"));
}

TEST(libraries)
{
	EXPECT_STREQ(RULE("fsread", "filename match \"/usr/lib/x86_64-linux-gnu/*.so*\""),
		     learned(&ctx, "fsread", "/usr/lib/x86_64-linux-gnu/libc.so.6"));
	EXPECT_STREQ(RULE("mmap", "filename match \"/lib/x86_64-linux-gnu/*.so*\""),
		     learned(&ctx, "mmap", "/lib/x86_64-linux-gnu/libselinux.so.1"));
	EXPECT_STREQ(RULE("fsread", "filename match \"/usr/lib64/*.so*\""),
		     learned(&ctx, "fsread", "/usr/lib64/ld-linux-x86-64.so.2"));
	EXPECT_STREQ(RULE("fsread", "filename match \"/usr/local/lib/*.so*\""),
		     learned(&ctx, "fsread", "/usr/local/lib/libfoo.so"));
	/* The cache is one file, the same for every run. */
	EXPECT_STREQ(RULE("fsread", "filename eq \"/etc/ld.so.cache\""),
		     learned(&ctx, "fsread", "/etc/ld.so.cache"));
	/* Not a shared object, or not in a library directory: its version
	 * at most. */
	EXPECT_STREQ(RULE("fsread", "filename eq \"/usr/lib/os-release\""),
		     learned(&ctx, "fsread", "/usr/lib/os-release"));
	EXPECT_STREQ(RULE("fsread", "filename eq \"/usr/lib/x86_64-linux-gnu/perl/x.so\""),
		     learned(&ctx, "fsread", "/usr/lib/x86_64-linux-gnu/perl/x.so"));
	EXPECT_STREQ(RULE("fsread", "filename match \"/opt/app/libfoo.so.*\""),
		     learned(&ctx, "fsread", "/opt/app/libfoo.so.1.2.3"));
	EXPECT_STREQ(RULE("fsread", "filename eq \"/usr/lib/libsoap.a\""),
		     learned(&ctx, "fsread", "/usr/lib/libsoap.a"));
}

TEST(locale)
{
	EXPECT_STREQ(RULE("fsread", "filename inpath \"/usr/lib/locale\""),
		     learned(&ctx, "fsread", "/usr/lib/locale/locale-archive"));
	EXPECT_STREQ(RULE("fsread", "filename inpath \"/usr/lib/locale\""),
		     learned(&ctx, "fsread", "/usr/lib/locale/C.utf8/LC_CTYPE"));
	EXPECT_STREQ(RULE("fsread", "filename inpath \"/usr/share/locale\""),
		     learned(&ctx, "fsread", "/usr/share/locale/locale.alias"));
	EXPECT_STREQ(RULE("fsread", "filename inpath \"/usr/lib/x86_64-linux-gnu/gconv\""),
		     learned(&ctx, "fsread",
			     "/usr/lib/x86_64-linux-gnu/gconv/gconv-modules.cache"));
	/* Not locale data: a longer name, a gconv outside the libraries. */
	EXPECT_STREQ(RULE("fsread", "filename eq \"/usr/share/locales\""),
		     learned(&ctx, "fsread", "/usr/share/locales"));
	EXPECT_STREQ(RULE("fsread", "filename eq \"/srv/gconv/x\""),
		     learned(&ctx, "fsread", "/srv/gconv/x"));
}

TEST(the_rest_exact)
{
	static const char *const exact[] = {
		"/etc/passwd", "/tmp/learn-x", "/dev/null", "/dev/ptmx",
		"/srv/data/a.txt", "/usr/bin/cat", "/etc/locale.conf",
	};
	struct st_rule_ctx none = { .generalise = 1 };
	char want[256];
	size_t i;

	for (i = 0; i < sizeof(exact) / sizeof(exact[0]); i++) {
		snprintf(want, sizeof(want), RULE("fsread", "filename eq \"%s\""),
			 exact[i]);
		EXPECT_STREQ(want, learned(&ctx, "fsread", exact[i]));
		EXPECT_STREQ(want, learned(&none, "fsread", exact[i]));
	}
	/* Without generalise (an exact answer): the terminal as it is. */
	EXPECT_STREQ(RULE("ioctl", "filename eq \"/dev/pts/3\""),
		     learned(NULL, "ioctl", "/dev/pts/3"));
}

/* Every generalised rule compiles: policyc beside this test's build. */
TEST(rules_compile)
{
	static const char *const paths[][2] = {
		{ "fsread", "/home/ann/src/a/somefile" }, { "ioctl", "/dev/pts/3" },
		{ "ioctl", "pipe:[77]" }, { "fsread", "/usr/lib/x86_64-linux-gnu/libc.so.6" },
		{ "fsread", "/usr/lib/locale/locale-archive" }, { "mmap", "/lib/ld.so.2" },
		{ "fsread", "/proc/12/status" },
	};
	char self[4096], cmd[8300], tmpl[] = "/tmp/rule_test.XXXXXX";
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	size_t i;
	FILE *f;
	int fd;

	ASSERT_LT(0, n);
	self[n] = '\0';
	snprintf(cmd, sizeof(cmd), "%s/../policyc/policyc",
		 dirname(dirname(self)));
	if (access(cmd, X_OK))
		SKIP(return, "no policyc at %s", cmd);
	fd = mkstemp(tmpl);
	ASSERT_LE(0, fd);
	f = fdopen(fd, "w");
	ASSERT_NE(NULL, f);
	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		fprintf(f, "%s\n", learned(&ctx, paths[i][0], paths[i][1]));
	fclose(f);
	snprintf(cmd + strlen(cmd), sizeof(cmd) - strlen(cmd),
		 " -c --strict %s", tmpl);
	EXPECT_EQ(0, system(cmd));
	unlink(tmpl);
}

TEST_HARNESS_MAIN
