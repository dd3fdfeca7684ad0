// SPDX-License-Identifier: GPL-2.0
/*
 * systrace selftests: opening files (kmod/hook_file.c). The decision is on
 * the file the kernel opened, by its resolved path: a permitted symlink to
 * a denied file is denied, and no rename race opens a denied file.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "harness.h"
#include "confine.h"

#define NAME "file_test"
#define DIR "/tmp/st-file"
/* A name of 120 bytes: two make a path longer than the open's stack buffer. */
#define LONG10 "xxxxxxxxxx"
#define LONG LONG10 LONG10 LONG10 LONG10 LONG10 LONG10 \
	LONG10 LONG10 LONG10 LONG10 LONG10 LONG10

static const char policy[] =
	"Policy: /selftests/file_test, Emulation: native\n"
	"\tnative-recvmsg: permit\n"
	"\tnative-read: permit\n"
	"\tnative-close: permit\n"
	"\tnative-fsread: filename eq \"" DIR "/allowed\" then permit\n"
	"\tnative-fsread: filename eq \"" DIR "/denied\" then deny[eacces]\n"
	"\tnative-fsread: filename eq \"" DIR "/link\" then permit\n"
	"\tnative-fswrite: filename match \"" DIR "/w*\" then permit\n"
	"\tnative-fswrite: filename eq \"" DIR "/ro\" then deny[erofs]\n"
	/* a policy that names open, not the aliases */
	"Policy: /selftests/file_test-open, Emulation: native\n"
	"\tnative-recvmsg: permit\n"
	"\tnative-close: permit\n"
	"\tnative-open: filename eq \"" DIR "/allowed\" and oflags eq \"O_RDONLY\" then permit\n"
	"\tnative-open: filename eq \"" DIR "/allowed\" and oflags eq \"O_RDWR|O_APPEND\" and mode eq \"0640\" then deny[ebusy]\n"
	/* file.names: names across mounts, exact; nothing else */
	"Policy: /selftests/file_test-names, Emulation: native\n"
	"\tnative-recvmsg: permit\n"
	"\tnative-read: permit\n"
	"\tnative-close: permit\n"
	"\tnative-fsread: filename eq \"" DIR "/m/a/b/c/deep\" then permit\n"
	"\tnative-fsread: filename eq \"" DIR "/bind/c/other\" then permit\n"
	"\tnative-fsread: filename eq \"" DIR "/m\" then permit\n"
	"\tnative-fsread: filename eq \"" DIR "/top\" then permit\n"
	"\tnative-fsread: filename eq \"/selftests/file_test\" then permit\n"
	"\tnative-fsread: filename eq \"" DIR "/m/" LONG "/" LONG "/long\" then permit\n";

static void put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

FIXTURE(file) {
	int unused;
};

FIXTURE_SETUP(file)
{
	ASSERT_EQ(0, system("rm -rf " DIR));
	ASSERT_EQ(0, mkdir(DIR, 0755));
	put(DIR "/allowed", "A");
	put(DIR "/denied", "D");
	put(DIR "/other", "O");
	put(DIR "/ro", "R");
	ASSERT_EQ(0, chmod(DIR "/allowed", 0640));
	ASSERT_EQ(0, symlink("denied", DIR "/link"));
	ASSERT_EQ(0, symlink(DIR "/allowed", DIR "/goodlink"));
	ASSERT_EQ(0, st_policy_load(NAME, policy, SYSTRACE_MODE_ENFORCE));
}

FIXTURE_TEARDOWN(file)
{
	umount2(DIR "/bind", MNT_DETACH);
	umount2(DIR "/m", MNT_DETACH);
	system("rm -rf " DIR);
}

/* Open @path, read one byte: the byte, or -errno of the open. */
static int peek(const char *path, int flags)
{
	char c = 0;
	int fd = open(path, flags);

	if (fd < 0)
		return -errno;
	if (read(fd, &c, 1) != 1)
		c = '?';
	close(fd);
	return c;
}

static void enforce(void *arg)
{
	int fd;

	ST_CHECK(1, peek(DIR "/allowed", O_RDONLY) == 'A');
	ST_CHECK(2, peek(DIR "/denied", O_RDONLY) == -EACCES);
	/* unmatched: the mode denies */
	ST_CHECK(3, peek(DIR "/other", O_RDONLY) == -EPERM);
	/* the path the policy permits is a link to the denied file */
	ST_CHECK(4, peek(DIR "/link", O_RDONLY) == -EACCES);
	/* a link the policy never names, to a permitted file */
	ST_CHECK(5, peek(DIR "/goodlink", O_RDONLY) == 'A');
	/* openat (what glibc's open is) and open are one call */
	fd = syscall(SYS_open, DIR "/denied", O_RDONLY);
	ST_CHECK(6, fd == -1 && errno == EACCES);
	/* fswrite by access mode */
	fd = open(DIR "/wnew", O_WRONLY | O_CREAT, 0600);
	ST_CHECK(7, fd >= 0);
	ST_CHECK(8, peek(DIR "/ro", O_WRONLY) == -EROFS);
	ST_CHECK(9, peek(DIR "/ro", O_RDONLY) == -EPERM);
	/* O_TRUNC writes, whatever the access mode */
	ST_CHECK(10, peek(DIR "/allowed", O_RDONLY | O_TRUNC) == -EPERM);
	ST_CHECK(11, peek(DIR "/allowed", O_RDWR) == -EPERM);
	/* O_PATH opens no file: no hook, no decision (as Landlock) */
	fd = open(DIR "/denied", O_PATH);
	ST_CHECK(12, fd >= 0);
}

TEST_F(file, enforce)
{
	struct stat st;

	ASSERT_EQ(0, st_run_confined(NAME, 0, SYSTRACE_MODE_ENFORCE,
				     enforce, NULL));
	/* The denied O_TRUNC open truncated nothing. */
	ASSERT_EQ(0, stat(DIR "/allowed", &st));
	ASSERT_EQ(1, st.st_size);
	/* The parent is not confined. */
	ASSERT_EQ('D', peek(DIR "/denied", O_RDONLY));
}

static void learn(void *arg)
{
	ST_CHECK(1, peek(DIR "/other", O_RDONLY) == 'O');
	ST_CHECK(2, peek(DIR "/denied", O_RDONLY) == -EACCES);
	ST_CHECK(3, peek(DIR "/link", O_RDONLY) == -EACCES);
}

TEST_F(file, learn)
{
	ASSERT_EQ(0, st_run_confined(NAME, 0, SYSTRACE_MODE_LEARN,
				     learn, NULL));
}

static void open_call(void *arg)
{
	ST_CHECK(2, open(DIR "/allowed", O_RDONLY) >= 0);
	ST_CHECK(3, open(DIR "/allowed", O_RDWR | O_APPEND) == -1 &&
		    errno == EBUSY);
	ST_CHECK(4, open(DIR "/allowed", O_WRONLY) == -1 && errno == EPERM);
	ST_CHECK(5, open(DIR "/other", O_RDONLY) == -1 && errno == EPERM);
}

TEST_F(file, open_call)
{
	ASSERT_EQ(0, st_run_confined(NAME, 1, SYSTRACE_MODE_ENFORCE,
				     open_call, NULL));
}

/* Open "race" again and again; never may it read the denied file. */
static void racer(void *arg)
{
	int i, ok = 0, denied = 0;

	for (i = 0; i < 3000; i++) {
		int c = peek(DIR "/race", O_RDONLY);

		ST_CHECK(1, c != 'D');
		if (c == 'A')
			ok++;
		else if (c == -EACCES)
			denied++;
	}
	/* Both sides of the race were seen (else it proved nothing). */
	ST_CHECK(2, ok > 0);
	ST_CHECK(3, denied > 0);
}

TEST_F(file, rename_race)
{
	pid_t swapper;
	int ret;

	ASSERT_EQ(0, symlink("allowed", DIR "/race"));
	swapper = fork();
	ASSERT_LE(0, swapper);
	if (swapper == 0) {
		for (;;) {
			symlink("denied", DIR "/tmp-d");
			rename(DIR "/tmp-d", DIR "/race");
			symlink("allowed", DIR "/tmp-a");
			rename(DIR "/tmp-a", DIR "/race");
		}
	}
	ret = st_run_confined(NAME, 0, SYSTRACE_MODE_ENFORCE, racer, NULL);
	kill(swapper, SIGKILL);
	waitpid(swapper, NULL, 0);
	ASSERT_EQ(0, ret);
}

/*
 * The name the module builds for an open is the file's name from the
 * namespace's root, whatever the mounts between: the mount's own name
 * before the names within it (a file several names below a mount; a bind
 * mount of a directory, which names the same file otherwise), a mount's
 * root itself, a name longer than the open's stack buffer, a file of the
 * mount /tmp is on, a file of the namespace's root mount.
 */
static void names(void *arg)
{
	int fd;

	ST_CHECK(1, peek(DIR "/m/a/b/c/deep", O_RDONLY) == 'E');
	/* the same file by the bind mount's name, which no rule permits */
	ST_CHECK(2, peek(DIR "/bind/c/deep", O_RDONLY) == -EPERM);
	ST_CHECK(3, peek(DIR "/bind/c/other", O_RDONLY) == 'O');
	ST_CHECK(4, peek(DIR "/m/a/b/c/other", O_RDONLY) == -EPERM);
	fd = open(DIR "/m", O_RDONLY | O_DIRECTORY);
	ST_CHECK(5, fd >= 0);
	close(fd);
	fd = open(DIR "/m/a", O_RDONLY | O_DIRECTORY);
	ST_CHECK(6, fd == -1 && errno == EPERM);
	ST_CHECK(7, peek(DIR "/m/" LONG "/" LONG "/long", O_RDONLY) == 'L');
	ST_CHECK(8, peek(DIR "/m/" LONG "/" LONG "/other", O_RDONLY) ==
		    -EPERM);
	ST_CHECK(9, peek(DIR "/top", O_RDONLY) == 'T');
	ST_CHECK(10, peek(DIR "/allowed", O_RDONLY) == -EPERM);
	/* a file of the namespace's root mount (the VM's rootfs): "/" */
	ST_CHECK(11, peek("/selftests/file_test", O_RDONLY) == 0x7f);
}

TEST_F(file, names)
{
	ASSERT_EQ(0, mkdir(DIR "/m", 0755));
	ASSERT_EQ(0, mount("st-names", DIR "/m", "tmpfs", 0, NULL));
	ASSERT_EQ(0, system("mkdir -p " DIR "/m/a/b/c " DIR "/m/" LONG "/"
			    LONG " " DIR "/bind"));
	put(DIR "/m/a/b/c/deep", "E");
	put(DIR "/m/a/b/c/other", "O");
	put(DIR "/m/" LONG "/" LONG "/long", "L");
	put(DIR "/m/" LONG "/" LONG "/other", "O");
	put(DIR "/top", "T");
	ASSERT_EQ(0, mount(DIR "/m/a/b", DIR "/bind", NULL, MS_BIND, NULL));
	ASSERT_EQ(0, st_run_confined(NAME, 2, SYSTRACE_MODE_ENFORCE,
				     names, NULL));
}

static const char macro_policy[] =
	"Policy: /selftests/macro_helper, Emulation: native\n"
	"\tnative-fsread: filename eq \"$HOME/secret\" then deny[eacces]\n"
	"\tnative-fsread: filename eq \"" DIR "/$USER\" then deny[enotdir]\n"
	"\tnative-fsread: filename eq \"$CWD/x\" then deny[exdev]\n";

/* The user macro_helper runs as: its password entry is $HOME, $USER. */
#define MACRO_USER	"stmacro"
#define MACRO_UID	1200

/*
 * Exec macro_helper as @uid (all its ids) with HOME=@home and USER=@user in
 * its environment, which must not matter; its exit status.
 */
static int run_macro_helper(uid_t uid, const char *home, const char *user)
{
	char env_home[64], env_user[64];
	char *argv[] = { (char *)"macro_helper", NULL };
	char *envp[] = { env_home, env_user, NULL };
	pid_t pid;
	int st;

	snprintf(env_home, sizeof(env_home), "HOME=%s", home);
	snprintf(env_user, sizeof(env_user), "USER=%s", user);
	pid = fork();
	if (pid == 0) {
		if (setgroups(0, NULL) || setresgid(uid, uid, uid) ||
		    setresuid(uid, uid, uid))
			_exit(101);
		execve("/selftests/macro_helper", argv, envp);
		_exit(100);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/*
 * $HOME and $USER are the password entry's of the task's uid (the table
 * systracectl sync-users gives the module), never the environment's;
 * $CWD is the working directory of the image's loader. (The helper's policy is
 * bound to its path and loaded in learn mode, so that its libc starts.)
 */
TEST_F(file, macros)
{
	int ret[4];

	ASSERT_EQ(0, mkdir(DIR "/home", 0755));
	ASSERT_EQ(0, mkdir(DIR "/cwd", 0755));
	put(DIR "/home/secret", "S");
	put(DIR "/" MACRO_USER, "U");
	put(DIR "/cwd/x", "X");
	put(DIR "/x", "Y");
	ASSERT_EQ(0, system("sed -i '/^" MACRO_USER ":/d' /etc/passwd && "
			    "cp /etc/passwd " DIR "/passwd && "
			    "echo '" MACRO_USER ":x:1200:1200::" DIR "/home:/bin/sh' >> /etc/passwd && "
			    "systracectl sync-users"));
	/* $CWD of a path-bound image: its loader's working directory. */
	ASSERT_EQ(0, chdir(DIR "/cwd"));
	ASSERT_EQ(0, st_policy_load("file_test_macros", macro_policy,
				    SYSTRACE_MODE_LEARN));
	ASSERT_EQ(0, chdir("/"));
	/* The environment says otherwise: ignored. */
	ret[0] = run_macro_helper(MACRO_UID, "/root", "alice");
	ret[1] = run_macro_helper(MACRO_UID, DIR "/home", MACRO_USER);
	/* Root's $HOME is /root, whatever HOME says: no EACCES. */
	ret[2] = run_macro_helper(0, DIR "/home", MACRO_USER);
	/*
	 * No password entry: no $HOME, and every open reaches the rule that
	 * needs it and is denied, the dynamic loader's first (exit 127).
	 */
	ret[3] = run_macro_helper(MACRO_UID + 1, DIR "/home", MACRO_USER);
	system("cp " DIR "/passwd /etc/passwd && systracectl sync-users");
	EXPECT_EQ(0, ret[0]);
	EXPECT_EQ(0, ret[1]);
	EXPECT_EQ(1, ret[2]);
	EXPECT_EQ(127, ret[3]);
}

TEST_HARNESS_MAIN
