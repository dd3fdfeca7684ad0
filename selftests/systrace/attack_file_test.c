// SPDX-License-Identifier: GPL-2.0
/*
 * systrace attack selftests: every route to reading or writing a file the
 * policy denies, taken by a task whose policy permits the route itself
 * (issue 11, point 2). Each test has a control that shows the route works
 * on a file the policy permits (else a denial proves nothing), and asserts
 * that the denied file's contents, "S", are never read.
 *
 * The files live on a tmpfs of their own (file handles work on it, links
 * and renames stay on one mount): DIR/secret is denied, DIR/pub/ is where
 * the policy permits; see Documentation/security.rst, "Routes to the same
 * effect: files".
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/io_uring.h>
#include <linux/mount.h>
#include <linux/openat2.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <sys/xattr.h>

#include "harness.h"
#include "scm.h"
#include "confine.h"
#include "uring.h"

#define NAME "attack_file_test"
#define DIR "/tmp/st-afile"
#define PUB DIR "/pub"
#define SECRET DIR "/secret"
#define RAW64 "/selftests/raw64"

#ifndef OPEN_TREE_CLONE
#define OPEN_TREE_CLONE 1
#endif
#ifndef MOVE_MOUNT_F_EMPTY_PATH
#define MOVE_MOUNT_F_EMPTY_PATH 0x00000004
#endif

/* The raw calls every policy here permits: the routes themselves. */
#define RAW_CALLS						\
	"\tnative-recvmsg: permit\n"				\
	"\tnative-write: permit\n"				\
	"\tnative-read: permit\n"				\
	"\tnative-pread64: permit\n"				\
	"\tnative-close: permit\n"				\
	"\tnative-fstat: permit\n"				\
	"\tnative-newfstatat: permit\n"				\
	"\tnative-getppid: permit\n"				\
	"\tnative-munmap: permit\n"				\
	"\tnative-name_to_handle_at: permit\n"			\
	"\tnative-io_uring_setup: permit\n"			\
	"\tnative-io_uring_enter: permit\n"			\
	"\tnative-pidfd_open: permit\n"				\
	"\tnative-pidfd_getfd: permit\n"			\
	"\tnative-unshare: permit\n"				\
	"\tnative-open_tree: permit\n"				\
	"\tnative-move_mount: permit\n"				\
	"\tnative-symlink: permit\n"				\
	/* a mount rule: mount is named, not at these paths */	\
	"\tnative-mount: filename eq \"/nonexistent\" then permit\n"

static const char policy[] =
	/*
	 * 0: an allow-list; the policy names link, rename and symlink
	 * (not the alias fswrite), and permits them anywhere.
	 */
	"Policy: /selftests/attack_file_test-allow, Emulation: native\n"
	RAW_CALLS
	"\tnative-fsread: filename eq \"" DIR "\" then permit\n"
	"\tnative-fsread: filename match \"" PUB "/*\" then permit\n"
	"\tnative-fsread: filename eq \"" SECRET "\" then deny[eacces]\n"
	"\tnative-fsread: filename match \"" DIR "/priv/*\" then deny[eacces]\n"
	"\tnative-link: permit\n"
	"\tnative-rename: permit\n"
	/*
	 * 1: the secret may be written (a log), not read. fswrite is any open
	 * for writing, O_RDWR too (systrace's meaning): write-only is said by
	 * naming open, with oflags.
	 */
	"Policy: /selftests/attack_file_test-wo, Emulation: native\n"
	RAW_CALLS
	"\tnative-fsread: filename match \"" PUB "/*\" then permit\n"
	"\tnative-fsread: filename eq \"" SECRET "\" then deny[eacces]\n"
	"\tnative-open: filename match \"" PUB "/*\" then permit\n"
	"\tnative-open: filename eq \"" SECRET "\" and oflags match \"wo*\" then permit\n"
	"\tnative-link: permit\n"
	"\tnative-rename: permit\n"
	/* 2: a deny-list: the secret is denied, everything else permitted */
	"Policy: /selftests/attack_file_test-dl, Emulation: native\n"
	RAW_CALLS
	"\tnative-fsread: filename eq \"" SECRET "\" then deny[eacces]\n"
	"\tnative-fsread: permit\n"
	"\tnative-fswrite: filename eq \"" SECRET "\" then deny[eacces]\n"
	"\tnative-fswrite: permit\n"
	/*
	 * 3: policy 0 and 6.12's pidfd_open(), which opens a pidfs file
	 * (fswrite "anon_inode:[pidfd]"; 6.1 makes no open)
	 */
	"Policy: /selftests/attack_file_test-pidfd, Emulation: native\n"
	RAW_CALLS
	"\tnative-fsread: filename match \"" PUB "/*\" then permit\n"
	"\tnative-fsread: filename eq \"" SECRET "\" then deny[eacces]\n"
	"\tnative-fswrite: filename eq \"anon_inode:[pidfd]\" then permit\n"
	/*
	 * 4: the deny-list of 2, with the other calls that name a file:
	 * readlink of the link to the secret and access to the secret
	 * (fsread), raw64 the one program to execute, /lib64/ (the VM's
	 * dynamic linker) the one place to map code from
	 */
	"Policy: /selftests/attack_file_test-names, Emulation: native\n"
	RAW_CALLS
	"\tnative-fsread: filename eq \"" SECRET "\" then deny[eacces]\n"
	"\tnative-fsread: filename eq \"" PUB "/sl\" then deny[eacces]\n"
	"\tnative-fsread: permit\n"
	"\tnative-fswrite: permit\n"
	"\tnative-execve: filename eq \"" RAW64 "\" then permit\n"
	"\tnative-execve: deny[eacces]\n"
	"\tnative-mmap: filename match \"/lib64/*\" then permit\n"
	"\tnative-mmap: deny[eacces]\n"
	/*
	 * 5: the deny-list of 2, for a program that copies attributes
	 * (cp -a): setxattr permitted, the one rule it can have (raw)
	 */
	"Policy: /selftests/attack_file_test-xattr, Emulation: native\n"
	RAW_CALLS
	"\tnative-setxattr: permit\n"
	"\tnative-fsread: filename eq \"" SECRET "\" then deny[eacces]\n"
	"\tnative-fsread: permit\n"
	"\tnative-fswrite: filename eq \"" SECRET "\" then deny[eacces]\n"
	"\tnative-fswrite: permit\n";

/*
 * ST_CHECK(step, @v @op @want), printing @v when it fails (write is
 * permitted), so that a log tells what a route gave.
 */
#define ST_CHECKV(step, v, op, want)					\
	do {								\
		int v_ = (v);						\
		if (!(v_ op (want))) {					\
			dprintf(1, "# step %d: %s gave %d (%s)\n", step,	\
				#v, v_, v_ >= 0 ? "a byte" : strerror(-v_)); \
			_exit(step);					\
		}							\
	} while (0)

static void put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

FIXTURE(afile) {
	int unused;
};

FIXTURE_SETUP(afile)
{
	umount2(DIR, MNT_DETACH);
	ASSERT_EQ(0, system("rm -rf " DIR));
	ASSERT_EQ(0, mkdir(DIR, 0755));
	ASSERT_EQ(0, mount("tmpfs", DIR, "tmpfs", 0, "mode=0755"));
	ASSERT_EQ(0, mkdir(PUB, 0777));
	put(SECRET, "S");
	ASSERT_EQ(0, mkdir(DIR "/priv", 0755));
	put(DIR "/priv/k", "S");
	put(PUB "/a", "P");
	put(PUB "/t", "T");
	ASSERT_EQ(0, chmod(SECRET, 0644));
	ASSERT_EQ(0, symlink("../secret", PUB "/sl"));
	ASSERT_EQ(0, st_policy_load(NAME, policy, SYSTRACE_MODE_ENFORCE));
}

FIXTURE_TEARDOWN(afile)
{
	umount2(DIR, MNT_DETACH);
	system("rm -rf " DIR);
}

/* The first byte of @fd (closed), '?' if none, or -errno of @fd < 0. */
static int peekfd(int fd)
{
	char c = '?';

	if (fd < 0)
		return -errno;
	if (pread(fd, &c, 1, 0) != 1)
		c = '?';
	close(fd);
	return c;
}

static int peek(const char *path, int flags)
{
	return peekfd(open(path, flags));
}

/* Run @fn confined by policy @index; 0 if every check passed. */
static int run(unsigned int index, void (*fn)(void *), void *arg)
{
	return st_run_confined(NAME, index, SYSTRACE_MODE_ENFORCE, fn, arg);
}

/* open, openat, creat: the baseline every other route is held to. */
static void plain(void *arg)
{
	ST_CHECKV(1, peek(PUB "/a", O_RDONLY), ==, 'P');
	ST_CHECKV(2, peek(SECRET, O_RDONLY), ==, -EACCES);
	ST_CHECKV(3, peekfd(syscall(SYS_open, SECRET, O_RDONLY)), ==, -EACCES);
	ST_CHECK(4, peekfd(openat(open(DIR, O_RDONLY | O_DIRECTORY),
				  "secret", O_RDONLY)) == -EACCES);
}

TEST_F(afile, open)
{
	ASSERT_EQ(0, run(0, plain, NULL));
}

/* O_RDWR reads: a policy that permits writing the secret (a log). */
static void rdwr(void *arg)
{
	ST_CHECKV(1, peek(PUB "/a", O_RDWR), ==, 'P');
	ST_CHECKV(2, peek(SECRET, O_WRONLY), ==, '?');
	ST_CHECKV(3, peek(SECRET, O_RDONLY), ==, -EACCES);
	ST_CHECKV(4, peek(SECRET, O_RDWR), !=, 'S');
	ST_CHECKV(5, peek(SECRET, O_RDWR | O_APPEND), !=, 'S');
}

TEST_F(afile, rdwr)
{
	ASSERT_EQ(0, run(1, rdwr, NULL));
}

static int openat2_(int dfd, const char *path, __u64 flags, __u64 resolve)
{
	struct open_how how = { .flags = flags, .resolve = resolve };

	return syscall(SYS_openat2, dfd, path, &how, sizeof(how));
}

static void openat2_route(void *arg)
{
	static const __u64 resolve[] = {
		0, RESOLVE_NO_XDEV, RESOLVE_NO_MAGICLINKS, RESOLVE_BENEATH,
		RESOLVE_IN_ROOT, RESOLVE_CACHED,
	};
	int dfd = open(DIR, O_RDONLY | O_DIRECTORY);
	unsigned int i;

	ST_CHECK(1, dfd >= 0);
	ST_CHECKV(2, peekfd(openat2_(dfd, "pub/a", O_RDONLY, 0)), ==, 'P');
	for (i = 0; i < sizeof(resolve) / sizeof(resolve[0]); i++) {
		int c = peekfd(openat2_(dfd, "secret", O_RDONLY, resolve[i]));

		/* RESOLVE_CACHED may answer EAGAIN: then try without. */
		ST_CHECK(10 + i, c == -EACCES || c == -EAGAIN);
		c = peekfd(openat2_(dfd, "pub/sl", O_RDONLY, resolve[i]));
		ST_CHECKV(20 + i, c, !=, 'S');
		c = peekfd(openat2_(AT_FDCWD, PUB "/sl", O_RDONLY, resolve[i]));
		ST_CHECKV(30 + i, c, !=, 'S');
	}
}

TEST_F(afile, openat2)
{
	ASSERT_EQ(0, run(0, openat2_route, NULL));
}

/* A handle of @path, then open_by_handle_at: the first byte or -errno. */
static int by_handle(const char *path)
{
	struct {
		struct file_handle fh;
		unsigned char buf[MAX_HANDLE_SZ];
	} h;
	int mnt, mfd = open(DIR, O_RDONLY | O_DIRECTORY);

	if (mfd < 0)
		return -1000;
	h.fh.handle_bytes = MAX_HANDLE_SZ;
	if (name_to_handle_at(AT_FDCWD, path, &h.fh, &mnt, 0))
		return -1000 - errno;
	return peekfd(open_by_handle_at(mfd, &h.fh, O_RDONLY));
}

static void handle_route(void *arg)
{
	ST_CHECKV(1, by_handle(PUB "/a"), ==, 'P');
	ST_CHECKV(2, by_handle(SECRET), ==, -EACCES);
	/* the permitted name of a link to the secret: the same inode */
	ST_CHECKV(3, by_handle(PUB "/sl"), !=, 'S');
	ST_CHECKV(4, by_handle(DIR "/hard"), !=, 'S');
}

TEST_F(afile, open_by_handle_at)
{
	/* A second name of the secret, made by the administrator. */
	ASSERT_EQ(0, link(SECRET, DIR "/hard"));
	ASSERT_EQ(0, run(0, handle_route, NULL));
}

/* O_PATH gives no contents; re-opening it through /proc is an open. */
static void opath(void *arg)
{
	char proc[64];
	int fd = open(SECRET, O_PATH);

	/* O_PATH opens no file: no decision (see hook_file.c). */
	ST_CHECK(1, fd >= 0);
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	ST_CHECKV(2, peek(proc, O_RDONLY), ==, -EACCES);
	fd = open(PUB "/a", O_PATH);
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	ST_CHECKV(5, peek(proc, O_RDONLY), ==, 'P');
}

TEST_F(afile, proc_fd_reopen)
{
	ASSERT_EQ(0, run(0, opath, NULL));
}

/* IORING_OP_OPENAT or OPENAT2 of @path; @async: in an io-wq worker. */
static int ring_open(struct ring *r, bool two, bool async, const char *path)
{
	struct open_how how = { .flags = O_RDONLY };
	struct io_uring_sqe sqe = {
		.opcode = two ? IORING_OP_OPENAT2 : IORING_OP_OPENAT,
		.flags = async ? IOSQE_ASYNC : 0,
		.fd = AT_FDCWD,
		.addr = (unsigned long)path,
	};
	int res;

	if (two) {
		sqe.len = sizeof(how);
		sqe.off = (unsigned long)&how;
	} else {
		sqe.open_flags = O_RDONLY;
	}
	res = ring_run(r, &sqe);
	/* A request's error is its result, not errno. */
	return res < 0 ? res : peekfd(res);
}

static void uring(void *arg)
{
	struct ring r;
	int i;

	ST_CHECK(1, ring_init(&r, 0) == 0);
	for (i = 0; i < 4; i++) {
		bool two = i & 1, async = i & 2;

		ST_CHECKV(10 + i, ring_open(&r, two, async, PUB "/a"), ==, 'P');
		ST_CHECKV(20 + i, ring_open(&r, two, async, SECRET), ==, -EACCES);
		ST_CHECKV(30 + i, ring_open(&r, two, async, PUB "/sl"), ==, -EACCES);
	}
}

TEST_F(afile, io_uring)
{
	ASSERT_EQ(0, run(0, uring, NULL));
}

/*
 * A call decided raw, made by io_uring: policy 0 names no setxattr, so the
 * syscall filter denies setxattr(2); IORING_OP_SETXATTR and
 * IORING_OP_FSETXATTR set an attribute with no such system call (vfs
 * setxattr from io_uring, no hook the module decides). Run inline and in
 * an io-wq worker, on the secret (by name) and on a permitted file (by
 * descriptor).
 */
static void uring_setxattr(void *arg)
{
	struct io_uring_sqe sqe = {
		.addr = (unsigned long)"trusted.st",
		.addr2 = (unsigned long)"1",
		.len = 1,
	};
	struct ring r;
	int i, fd;

	ST_CHECK(1, syscall(SYS_setxattr, SECRET, "trusted.st", "1", 1, 0) == -1);
	ST_CHECK(2, ring_init(&r, 0) == 0);
	fd = open(PUB "/a", O_RDONLY);
	ST_CHECK(3, fd >= 0);
	for (i = 0; i < 2; i++) {
		sqe.flags = i ? IOSQE_ASYNC : 0;
		sqe.opcode = IORING_OP_SETXATTR;
		sqe.fd = 0;
		sqe.addr3 = (unsigned long)SECRET;
		ring_run(&r, &sqe);
		sqe.opcode = IORING_OP_FSETXATTR;
		sqe.fd = fd;
		sqe.addr3 = 0;
		ring_run(&r, &sqe);
	}
}

TEST_F(afile, io_uring_setxattr)
{
	char v[4];

	/* the file system has extended attributes (else this proves nothing) */
	ASSERT_EQ(0, setxattr(PUB "/t", "trusted.st", "1", 1, XATTR_CREATE) ?
		  -errno : 0);
	ASSERT_EQ(0, run(0, uring_setxattr, NULL));
	EXPECT_EQ(-1, getxattr(SECRET, "trusted.st", v, sizeof(v)));
	EXPECT_EQ(-1, getxattr(PUB "/a", "trusted.st", v, sizeof(v)));
}

/*
 * An operation decided raw, made by io_uring: the deny-list (policy 2)
 * names no fallocate, so fallocate(2) is denied (unmatched) and
 * IORING_OP_FALLOCATE is too, inline and in an io-wq worker (before, it
 * ran: no system call, no hook); read(2) is permitted, and so is
 * IORING_OP_READ; a NOP acts on the ring alone and needs no rule.
 */
static void uring_raw(void *arg)
{
	struct io_uring_sqe sqe;
	struct stat st;
	struct ring r;
	char buf[4];
	int i, fd;

	fd = open(PUB "/a", O_RDWR);
	ST_CHECK(1, fd >= 0);
	ST_CHECK(2, fallocate(fd, 0, 0, 65536) == -1 && errno == EPERM);
	ST_CHECK(3, ring_init(&r, 0) == 0);
	for (i = 0; i < 2; i++) {
		memset(&sqe, 0, sizeof(sqe));
		sqe.flags = i ? IOSQE_ASYNC : 0;
		sqe.opcode = IORING_OP_NOP;
		ST_CHECKV(10 + i, ring_run(&r, &sqe), ==, 0);
		sqe.opcode = IORING_OP_FALLOCATE;
		sqe.fd = fd;
		sqe.addr = 65536;	/* the length */
		ST_CHECKV(20 + i, ring_run(&r, &sqe), ==, -EPERM);
		memset(&sqe, 0, sizeof(sqe));
		sqe.flags = i ? IOSQE_ASYNC : 0;
		sqe.opcode = IORING_OP_READ;
		sqe.fd = fd;
		sqe.addr = (unsigned long)buf;
		sqe.len = 1;
		ST_CHECKV(30 + i, ring_run(&r, &sqe), ==, 1);
	}
	ST_CHECK(4, fstat(fd, &st) == 0 && st.st_size < 65536);
}

TEST_F(afile, io_uring_raw)
{
	ASSERT_EQ(0, run(2, uring_raw, NULL));
}

/*
 * A change by path that fswrite does not cover: the secret is protected by
 * fswrite, so chmod() of it is denied; setxattr() of its access ACL (which
 * policy 5 permits, raw: no rule can name setxattr's file) sets its mode
 * all the same (posix_acl_update_mode(); 6.12: vfs_set_acl()).
 */
static void acl_chmod(void *arg)
{
	/* user::rw- group::r-- other::rw-: mode 0646 */
	static const unsigned char acl[] = {
		2, 0, 0, 0,
		0x01, 0, 6, 0, 0xff, 0xff, 0xff, 0xff,
		0x04, 0, 4, 0, 0xff, 0xff, 0xff, 0xff,
		0x20, 0, 6, 0, 0xff, 0xff, 0xff, 0xff,
	};

	ST_CHECK(1, chmod(SECRET, 0646) == -1 && errno == EACCES);
	setxattr(SECRET, "system.posix_acl_access", acl, sizeof(acl), 0);
	/* control: the same ACL on a file fswrite permits */
	ST_CHECK(2, setxattr(PUB "/a", "system.posix_acl_access", acl,
			     sizeof(acl), 0) == 0);
}

TEST_F(afile, setxattr_acl)
{
	struct stat st;

	ASSERT_EQ(0, run(5, acl_chmod, NULL));
	ASSERT_EQ(0, stat(SECRET, &st));
	EXPECT_EQ(0644, st.st_mode & 07777);
	ASSERT_EQ(0, stat(PUB "/a", &st));
	EXPECT_EQ(0646, st.st_mode & 07777);
}

/*
 * A change of extended attributes is a change of the file: with no rule
 * of its own in the deny-list (policy 2), each call is decided as fswrite
 * of the file its name or descriptor reaches. @arg: a descriptor of the
 * secret, opened before the task was confined.
 */
static void xattr_names(void *arg)
{
	int fd = *(int *)arg, pub = open(PUB "/a", O_RDONLY);

	ST_CHECK(1, pub >= 0);
	ST_CHECK(2, setxattr(PUB "/a", "trusted.st", "1", 1, 0) == 0);
	ST_CHECK(3, lsetxattr(PUB "/a", "trusted.st", "2", 1, 0) == 0);
	ST_CHECK(4, fsetxattr(pub, "trusted.st", "3", 1, 0) == 0);
	ST_CHECK(5, fsetxattr(pub, "trusted.x", "4", 1, 0) == 0 &&
		    fremovexattr(pub, "trusted.x") == 0);
	ST_CHECK(6, setxattr(SECRET, "trusted.st", "1", 1, 0) == -1 &&
		    errno == EACCES);
	ST_CHECK(7, lsetxattr(SECRET, "trusted.st", "1", 1, 0) == -1 &&
		    errno == EACCES);
	ST_CHECK(8, fsetxattr(fd, "trusted.st", "1", 1, 0) == -1 &&
		    errno == EACCES);
	/* through a name of the task's own: the file it reaches */
	ST_CHECK(9, symlink("../secret", PUB "/xs") == 0);
	ST_CHECK(10, setxattr(PUB "/xs", "trusted.st", "1", 1, 0) == -1 &&
		     errno == EACCES);
	ST_CHECK(11, removexattr(SECRET, "trusted.old") == -1 &&
		     errno == EACCES);
	ST_CHECK(12, lremovexattr(SECRET, "trusted.old") == -1 &&
		     errno == EACCES);
	ST_CHECK(13, fremovexattr(fd, "trusted.old") == -1 && errno == EACCES);
	/* the call's own answer for a name that reaches nothing */
	ST_CHECK(14, setxattr(PUB "/none", "trusted.st", "1", 1, 0) == -1 &&
		     errno == ENOENT);
}

TEST_F(afile, xattr_by_name)
{
	char v[4];
	int fd;

	ASSERT_EQ(0, setxattr(SECRET, "trusted.old", "o", 1, 0));
	fd = open(SECRET, O_RDONLY);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, run(2, xattr_names, &fd));
	close(fd);
	EXPECT_EQ(-1, getxattr(SECRET, "trusted.st", v, sizeof(v)));
	EXPECT_EQ(1, getxattr(SECRET, "trusted.old", v, sizeof(v)));
	EXPECT_EQ(1, getxattr(PUB "/a", "trusted.st", v, sizeof(v)));
}

/* A symlink to the secret: the open is decided on the file it reaches. */
static void symlink_route(void *arg)
{
	ST_CHECKV(1, peek(PUB "/sl", O_RDONLY), ==, -EACCES);
	/* one the task makes itself, absolute this time */
	ST_CHECK(2, symlink(SECRET, PUB "/sl2") == 0);
	ST_CHECKV(3, peek(PUB "/sl2", O_RDONLY), ==, -EACCES);
	ST_CHECK(4, symlink("a", PUB "/sl3") == 0);
	ST_CHECKV(5, peek(PUB "/sl3", O_RDONLY), ==, 'P');
}

TEST_F(afile, symlink)
{
	ASSERT_EQ(0, run(0, symlink_route, NULL));
}

/*
 * A second name in a permitted place for the secret: link(), linkat() of
 * an O_PATH descriptor (AT_EMPTY_PATH) or through /proc (AT_SYMLINK_FOLLOW),
 * rename(). Each may fail; none may give a name that reads the secret.
 */
static void links(void *arg)
{
	char proc[64];
	int fd;

	/* controls: the routes work on a permitted file */
	ST_CHECK(1, link(PUB "/a", PUB "/a2") == 0);
	ST_CHECKV(2, peek(PUB "/a2", O_RDONLY), ==, 'P');
	ST_CHECK(3, rename(PUB "/a2", PUB "/a3") == 0);
	ST_CHECKV(4, peek(PUB "/a3", O_RDONLY), ==, 'P');

	link(SECRET, PUB "/h1");
	ST_CHECKV(10, peek(PUB "/h1", O_RDONLY), !=, 'S');
	ST_CHECKV(11, peek(PUB "/h1", O_RDWR), !=, 'S');
	linkat(AT_FDCWD, SECRET, AT_FDCWD, PUB "/h2", 0);
	ST_CHECKV(12, peek(PUB "/h2", O_RDONLY), !=, 'S');
	fd = open(SECRET, O_PATH);
	ST_CHECK(13, fd >= 0);
	linkat(fd, "", AT_FDCWD, PUB "/h3", AT_EMPTY_PATH);
	ST_CHECKV(14, peek(PUB "/h3", O_RDONLY), !=, 'S');
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	linkat(AT_FDCWD, proc, AT_FDCWD, PUB "/h4", AT_SYMLINK_FOLLOW);
	ST_CHECKV(15, peek(PUB "/h4", O_RDONLY), !=, 'S');
	rename(SECRET, PUB "/h5");
	ST_CHECKV(16, peek(PUB "/h5", O_RDONLY), !=, 'S');
	/* renameat2(RENAME_EXCHANGE): the secret takes a permitted name */
	syscall(SYS_renameat2, AT_FDCWD, SECRET, AT_FDCWD, PUB "/t",
		RENAME_EXCHANGE);
	ST_CHECKV(17, peek(PUB "/t", O_RDONLY), !=, 'S');
	/* a denied directory, under a permitted name */
	rename(DIR "/priv", PUB "/d");
	ST_CHECKV(18, peek(PUB "/d/k", O_RDONLY), !=, 'S');
}

TEST_F(afile, link_rename)
{
	ASSERT_EQ(0, run(0, links, NULL));
}

/* The same under the policy that permits writing the secret. */
static void links_wo(void *arg)
{
	ST_CHECK(1, link(PUB "/a", PUB "/a2") == 0);
	ST_CHECKV(2, peek(PUB "/a2", O_RDONLY), ==, 'P');
	link(SECRET, PUB "/h1");
	ST_CHECKV(10, peek(PUB "/h1", O_RDONLY), !=, 'S');
	rename(SECRET, PUB "/h2");
	ST_CHECKV(11, peek(PUB "/h2", O_RDONLY), !=, 'S');
}

TEST_F(afile, link_rename_writeonly)
{
	ASSERT_EQ(0, run(1, links_wo, NULL));
}

/* Re-open @fd through /proc/self/fd: the first byte or -errno. */
static int reopen(int fd)
{
	char proc[64];

	if (fd < 0)
		return -1000;
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	return peek(proc, O_RDONLY);
}

static void scm(void *arg)
{
	int sock = *(int *)arg;

	ST_CHECKV(1, peekfd(st_recv_fd(sock)), ==, 'P');
	ST_CHECKV(2, peekfd(st_recv_fd(sock)), !=, 'S');
	/* an O_PATH descriptor of it, then re-opened */
	ST_CHECKV(3, reopen(st_recv_fd(sock)), !=, 'S');
}

TEST_F(afile, scm_rights)
{
	int sv[2];

	ASSERT_EQ(0, socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
	ASSERT_EQ(0, st_send_fd(sv[0], open(PUB "/a", O_RDONLY)));
	ASSERT_EQ(0, st_send_fd(sv[0], open(SECRET, O_RDONLY)));
	ASSERT_EQ(0, st_send_fd(sv[0], open(SECRET, O_PATH)));
	ASSERT_EQ(0, run(0, scm, &sv[1]));
}

static void getfd(void *arg)
{
	const int *fds = arg;
	int pidfd = syscall(SYS_pidfd_open, getppid(), 0);

	ST_CHECK(1, pidfd >= 0);
	/*
	 * The parent is outside the confinement: the scope rule refuses
	 * every descriptor of it, a permitted file's too (attack_proc_test).
	 */
	ST_CHECKV(2, peekfd(syscall(SYS_pidfd_getfd, pidfd, fds[0], 0)), ==,
		  -EPERM);
	ST_CHECKV(3, peekfd(syscall(SYS_pidfd_getfd, pidfd, fds[1], 0)), !=, 'S');
	/*
	 * An io_uring instance of an unconfined process: with SQPOLL its
	 * thread would run our requests unconfined (SCM_RIGHTS refuses to
	 * pass one: the kernel's own rule).
	 */
	ST_CHECK(4, syscall(SYS_pidfd_getfd, pidfd, fds[2], 0) == -1 &&
		    (errno == EACCES || errno == EPERM));
}

TEST_F(afile, pidfd_getfd)
{
	struct io_uring_params p = { .flags = IORING_SETUP_SQPOLL };
	int fds[3] = { open(PUB "/a", O_RDONLY), open(SECRET, O_RDONLY),
		       syscall(SYS_io_uring_setup, 4, &p) };

	ASSERT_LE(0, fds[0]);
	ASSERT_LE(0, fds[1]);
	ASSERT_LE(0, fds[2]);
	ASSERT_EQ(0, run(3, getfd, fds));
}

/*
 * Mounts in a namespace of the task's own: bind the secret onto a
 * permitted name, by mount(2) and by open_tree() and move_mount().
 */
static void mounts(void *arg)
{
	int fd;

	ST_CHECK(1, unshare(CLONE_NEWUSER | CLONE_NEWNS) == 0);
	mount(SECRET, PUB "/t", NULL, MS_BIND, NULL);
	ST_CHECKV(2, peek(PUB "/t", O_RDONLY), ==, 'T');
	fd = syscall(SYS_open_tree, AT_FDCWD, SECRET, OPEN_TREE_CLONE);
	ST_CHECK(3, fd >= 0);
	syscall(SYS_move_mount, fd, "", AT_FDCWD, PUB "/t",
		MOVE_MOUNT_F_EMPTY_PATH);
	ST_CHECKV(4, peek(PUB "/t", O_RDONLY), ==, 'T');
	ST_CHECKV(5, reopen(fd), !=, 'S');
}

TEST_F(afile, mount)
{
	ASSERT_EQ(0, run(0, mounts, NULL));
}

/*
 * Names the task makes for itself under the deny-list policy: a detached
 * copy of the tree (open_tree), a chroot: the secret is the same file.
 */
static void names(void *arg)
{
	int fd;

	ST_CHECK(1, unshare(CLONE_NEWUSER | CLONE_NEWNS) == 0);
	ST_CHECKV(2, peek(PUB "/a", O_RDONLY), ==, 'P');
	fd = syscall(SYS_open_tree, AT_FDCWD, DIR, OPEN_TREE_CLONE);
	ST_CHECK(3, fd >= 0);
	/* a detached tree: no name in the namespace, no open */
	ST_CHECKV(4, peekfd(openat(fd, "pub/a", O_RDONLY)), ==, -EINVAL);
	ST_CHECKV(5, peekfd(openat(fd, "secret", O_RDONLY)), !=, 'S');
	fd = syscall(SYS_open_tree, AT_FDCWD, SECRET, OPEN_TREE_CLONE);
	ST_CHECK(6, fd >= 0);
	ST_CHECKV(7, reopen(fd), !=, 'S');
	/* a chroot renames nothing: names are from the namespace's root */
	ST_CHECK(8, chroot(DIR) == 0);
	ST_CHECKV(11, peek("/pub/sl", O_RDONLY), ==, -EACCES);
	ST_CHECKV(9, peek("/pub/a", O_RDONLY), ==, 'P');
	ST_CHECKV(10, peek("/secret", O_RDONLY), !=, 'S');
}

TEST_F(afile, namespace_names)
{
	ASSERT_EQ(0, run(2, names, NULL));
}

/* readlink() of @path: its first byte, or -errno. */
static int peeklink(int dfd, const char *path)
{
	char c;

	return readlinkat(dfd, path, &c, 1) == 1 ? c : -errno;
}

/* faccessat() of @path: 0 or -errno. */
static int accessed(int dfd, const char *path)
{
	return faccessat(dfd, path, R_OK, 0) ? -errno : 0;
}

/* execveat() of raw64 or a copy of it: -errno (success does not return). */
static int exec_raw(int dfd, const char *path)
{
	char *const argv[] = { (char *)"raw64", NULL };

	syscall(SYS_execveat, dfd, path, argv, environ, 0);
	return -errno;
}

/* mmap(PROT_READ | PROT_EXEC) of @fd (closed): 0 or -errno. */
static int map_code(int fd)
{
	void *p;

	if (fd < 0)
		return -errno;
	p = mmap(NULL, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return -errno;
	munmap(p, 4096);
	return 0;
}

/*
 * The calls that name a file other than open, under names the task makes
 * for itself (policy 4): readlink, access, exec and mmap of code are
 * decided on the file's name from the namespace's root, as open is; a
 * file in a detached tree has none. DIR holds what the task would put
 * there: lib64/code and a copy of raw64 at selftests/raw64. Steps from
 * 11: a copy that ran exits with raw64's 4.
 */
static void other_names(void *arg)
{
	int fd;

	/* By their own names: denied. */
	ST_CHECKV(11, peeklink(AT_FDCWD, PUB "/sl"), ==, -EACCES);
	ST_CHECKV(12, accessed(AT_FDCWD, SECRET), ==, -EACCES);
	ST_CHECKV(13, exec_raw(AT_FDCWD, DIR "/selftests/raw64"), ==, -EACCES);
	ST_CHECKV(14, map_code(open(DIR "/lib64/code", O_RDONLY)), ==,
		  -EACCES);
	ST_CHECK(15, unshare(CLONE_NEWUSER | CLONE_NEWNS) == 0);
	/* In a detached copy of DIR, whose names start at DIR: no name. */
	fd = syscall(SYS_open_tree, AT_FDCWD, DIR, OPEN_TREE_CLONE);
	ST_CHECK(16, fd >= 0);
	ST_CHECKV(17, peeklink(fd, "pub/sl"), ==, -EINVAL);
	ST_CHECKV(18, accessed(fd, "secret"), ==, -EINVAL);
	ST_CHECKV(19, exec_raw(fd, "selftests/raw64"), ==, -EINVAL);
	close(fd);
	/* In a chroot to DIR: the names from the namespace's root. */
	ST_CHECK(20, chroot(DIR) == 0);
	ST_CHECKV(21, peeklink(AT_FDCWD, "/pub/sl"), ==, -EACCES);
	ST_CHECKV(22, accessed(AT_FDCWD, "/secret"), ==, -EACCES);
	ST_CHECKV(23, exec_raw(AT_FDCWD, "/selftests/raw64"), ==, -EACCES);
	ST_CHECKV(24, map_code(open("/lib64/code", O_RDONLY)), ==, -EACCES);
}

/* The VM's dynamic linker, a file of /lib64/. */
#define LDSO "/lib64/ld-linux-x86-64.so.2"

/* The same calls by permitted names: they work. */
static void other_names_control(void *arg)
{
	ST_CHECKV(1, peeklink(AT_FDCWD, PUB "/al"), ==, 'a');
	ST_CHECKV(2, accessed(AT_FDCWD, PUB "/a"), ==, 0);
	ST_CHECKV(3, map_code(open(LDSO, O_RDONLY)), ==, 0);
	/* raw64 runs under this policy: getuid unmatched, EPERM (4). */
	exec_raw(AT_FDCWD, RAW64);
	_exit(90);
}

TEST_F(afile, other_calls_by_name)
{
	ASSERT_EQ(0, mkdir(DIR "/lib64", 0755));
	put(DIR "/lib64/code", "C");
	ASSERT_EQ(0, mkdir(DIR "/selftests", 0755));
	ASSERT_EQ(0, system("cp " RAW64 " " DIR "/selftests/raw64"));
	ASSERT_EQ(0, symlink("a", PUB "/al"));
	ASSERT_EQ(4, run(4, other_names_control, NULL));
	ASSERT_EQ(0, run(4, other_names, NULL));
}

/*
 * A symlink swapped between a permitted file and the secret while the
 * task opens it: never the secret. RACE_COUNT opens, or $ST_RACE_COUNT:
 * make check's debug run takes 10,000 (KASAN and lockdep make each open
 * some 25 times dearer there; the lanes open 100,000 times).
 */
#ifndef RACE_COUNT
#define RACE_COUNT 100000
#endif

static int race_count(void)
{
	const char *e = getenv("ST_RACE_COUNT");
	int n = e ? atoi(e) : 0;

	return n > 0 ? n : RACE_COUNT;
}

static void racer(void *arg)
{
	int i, n = race_count(), ok = 0, denied = 0;

	for (i = 0; i < n; i++) {
		int c = peek(PUB "/race", O_RDONLY);

		ST_CHECKV(1, c, !=, 'S');
		if (c == 'P')
			ok++;
		else if (c == -EACCES)
			denied++;
	}
	/* Both sides of the race were seen (else it proved nothing). */
	ST_CHECK(2, ok > 0);
	ST_CHECK(3, denied > 0);
}

/*
 * A process that swaps the symlink PUB/race between the permitted file
 * and the secret until it is killed; its pid, or -1.
 */
static pid_t swapper_start(void)
{
	pid_t pid;

	if (symlink("a", PUB "/race"))
		return -1;
	pid = fork();
	if (pid == 0) {
		for (;;) {
			symlink("../secret", PUB "/tmp-s");
			rename(PUB "/tmp-s", PUB "/race");
			symlink("a", PUB "/tmp-a");
			rename(PUB "/tmp-a", PUB "/race");
		}
	}
	return pid;
}

static void swapper_stop(pid_t pid)
{
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

TEST_F(afile, symlink_race)
{
	pid_t swapper = swapper_start();
	int ret;

	ASSERT_LT(0, swapper);
	ret = run(0, racer, NULL);
	swapper_stop(swapper);
	ASSERT_EQ(0, ret);
}

/*
 * The same swap under a change of attributes (policy 2): decided at the
 * call's entry on the file the name reached then, confirmed where the
 * kernel sets it on the same file; a swap in between is denied (EPERM).
 * A tenth of the opens: a setxattr costs more.
 */
static void xattr_racer(void *arg)
{
	int i, n = race_count() / 10, ok = 0, denied = 0, swapped = 0;

	for (i = 0; i < n; i++) {
		if (!setxattr(PUB "/race", "trusted.r", "1", 1, 0))
			ok++;
		else if (errno == EACCES)
			denied++;
		else if (errno == EPERM)
			swapped++;
	}
	dprintf(1, "# %d set, %d denied at entry, %d swapped after it\n",
		ok, denied, swapped);
	ST_CHECK(1, ok > 0);
	ST_CHECK(2, denied > 0);
}

TEST_F(afile, xattr_symlink_race)
{
	pid_t swapper = swapper_start();
	char v[4];
	int ret;

	ASSERT_LT(0, swapper);
	ret = run(2, xattr_racer, NULL);
	swapper_stop(swapper);
	ASSERT_EQ(0, ret);
	EXPECT_EQ(-1, getxattr(SECRET, "trusted.r", v, sizeof(v)));
	EXPECT_EQ(1, getxattr(PUB "/a", "trusted.r", v, sizeof(v)));
}

TEST_HARNESS_MAIN
