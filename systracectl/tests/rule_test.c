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

/* One case: the rule learned for @call on @path is "native-CALL: @expr then permit". */
struct learn_case {
	const char *call, *path, *expr;
};

#define TTY_CLASS "(filename match \"/dev/pts/*\" or filename match \"/dev/tty*\")"

/* Every case of @cases, learned in @c. */
static void expect_learned(struct __test_metadata *_metadata,
			   const struct st_rule_ctx *c,
			   const struct learn_case *cases, size_t n)
{
	char want[ST_RULE_MAX];
	size_t i;

	for (i = 0; i < n; i++) {
		snprintf(want, sizeof(want), RULE("%s", "%s"), cases[i].call,
			 cases[i].expr);
		EXPECT_STREQ(want, learned(c, cases[i].call, cases[i].path))
			TH_LOG("%s %s", cases[i].call, cases[i].path);
	}
}

#define EXPECT_LEARNED(c, cases) \
	expect_learned(_metadata, c, cases, sizeof(cases) / sizeof(cases[0]))

TEST(working_and_home_directories)
{
	static const struct learn_case in_src[] = {
		{ "fsread", "/home/ann/src/a/somefile", "filename eq \"$CWD/somefile\"" },
		{ "fsread", "/home/ann/src/a", "filename eq \"$CWD\"" },
		{ "fsread", "/home/ann/.profile", "filename eq \"$HOME/.profile\"" },
		/* A sibling of the working directory is not in it. */
		{ "fsread", "/home/ann/src/ab", "filename eq \"$HOME/src/ab\"" },
	};
	/* Run in the home: a file there is the working directory's, a dot
	 * file the home's. */
	static const struct learn_case in_home[] = {
		{ "fsread", "/home/ann/notes", "filename eq \"$CWD/notes\"" },
		{ "fsread", "/home/ann/.config/x", "filename eq \"$HOME/.config/x\"" },
	};
	struct st_rule_ctx home = ctx;

	EXPECT_LEARNED(&ctx, in_src);
	home.cwd = "/home/ann";
	EXPECT_LEARNED(&home, in_home);
}

TEST(terminals)
{
	static const struct learn_case cases[] = {
		{ "ioctl", "/dev/pts/0", TTY_CLASS },
		{ "ioctl", "/dev/pts/17", TTY_CLASS },
		{ "ioctl", "/dev/ttyS1", TTY_CLASS },
		{ "ioctl", "/dev/tty", TTY_CLASS },
		{ "ioctl", "/dev/tty3", TTY_CLASS },
		/* Not terminals: the pts master, a name below /dev/pts/. */
		{ "ioctl", "/dev/ptmx", "filename eq \"/dev/ptmx\"" },
		{ "ioctl", "/dev/pts/ptmx", "filename eq \"/dev/pts/ptmx\"" },
		{ "ioctl", "/dev/null", "filename eq \"/dev/null\"" },
	};

	EXPECT_LEARNED(&ctx, cases);
}

TEST(pipes_and_sockets)
{
	static const struct learn_case cases[] = {
		{ "ioctl", "pipe:[123456]", "filename match \"pipe:\\\\[*\\\\]\"" },
		{ "ioctl", "socket:[9]", "filename match \"socket:\\\\[*\\\\]\"" },
		/* Other pseudo files are named the same on every run. */
		{ "ioctl", "anon_inode:[eventpoll]", "filename eq \"anon_inode:[eventpoll]\"" },
		{ "ioctl", "pipe:[x]", "filename eq \"pipe:[x]\"" },
	};

	EXPECT_LEARNED(&ctx, cases);
}

TEST(libraries)
{
	static const struct learn_case cases[] = {
		{ "fsread", "/usr/lib/x86_64-linux-gnu/libc.so.6",
		  "filename match \"/usr/lib/x86_64-linux-gnu/*.so*\"" },
		{ "mmap", "/lib/x86_64-linux-gnu/libselinux.so.1",
		  "filename match \"/lib/x86_64-linux-gnu/*.so*\"" },
		{ "fsread", "/usr/lib64/ld-linux-x86-64.so.2",
		  "filename match \"/usr/lib64/*.so*\"" },
		{ "fsread", "/usr/local/lib/libfoo.so",
		  "filename match \"/usr/local/lib/*.so*\"" },
		/* The cache is one file, the same for every run. */
		{ "fsread", "/etc/ld.so.cache", "filename eq \"/etc/ld.so.cache\"" },
		/* Not a shared object, or not in a library directory: its
		 * version at most. */
		{ "fsread", "/usr/lib/os-release", "filename eq \"/usr/lib/os-release\"" },
		{ "fsread", "/usr/lib/x86_64-linux-gnu/perl/x.so",
		  "filename eq \"/usr/lib/x86_64-linux-gnu/perl/x.so\"" },
		{ "fsread", "/opt/app/libfoo.so.1.2.3",
		  "filename match \"/opt/app/libfoo.so.*\"" },
		{ "fsread", "/usr/lib/libsoap.a", "filename eq \"/usr/lib/libsoap.a\"" },
	};

	EXPECT_LEARNED(&ctx, cases);
}

TEST(locale)
{
	static const struct learn_case cases[] = {
		{ "fsread", "/usr/lib/locale/locale-archive",
		  "filename inpath \"/usr/lib/locale\"" },
		{ "fsread", "/usr/lib/locale/C.utf8/LC_CTYPE",
		  "filename inpath \"/usr/lib/locale\"" },
		{ "fsread", "/usr/share/locale/locale.alias",
		  "filename inpath \"/usr/share/locale\"" },
		{ "fsread", "/usr/lib/x86_64-linux-gnu/gconv/gconv-modules.cache",
		  "filename inpath \"/usr/lib/x86_64-linux-gnu/gconv\"" },
		/* Not locale data: a longer name, a gconv outside the libraries. */
		{ "fsread", "/usr/share/locales", "filename eq \"/usr/share/locales\"" },
		{ "fsread", "/srv/gconv/x", "filename eq \"/srv/gconv/x\"" },
	};

	EXPECT_LEARNED(&ctx, cases);
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

/*
 * An ioctl rule names the command too: one learned on a terminal where
 * the run asked TCGETS must not permit TIOCSTI (0x5412), which types
 * input the shell reads after the program.
 */
TEST(ioctl_names_its_command)
{
	char buf[ST_RULE_MAX];
	struct st_rarg a[2] = {
		{ .name = "filename", .kind = SYSTRACE_KIND_PATH,
		  .value = "/dev/pts/3", .len = 10 },
		{ .name = "cmd", .kind = SYSTRACE_KIND_NUMBER,
		  .value = "0x5401", .len = 6 },
	};

	ASSERT_LE(0, st_rule_text("native", "ioctl", a, 2, &ctx, "permit", buf,
				  sizeof(buf)));
	EXPECT_STREQ(RULE("ioctl", TTY_CLASS " and cmd eq \"0x5401\""), buf);
	ASSERT_LE(0, st_rule_text("native", "ioctl", a, 2, NULL, "permit", buf,
				  sizeof(buf)));
	EXPECT_STREQ(RULE("ioctl", "filename eq \"/dev/pts/3\" and cmd eq \"0x5401\""),
		     buf);
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
