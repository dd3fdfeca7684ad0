/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by elevate_test and attack_elevate_test: privilege elevation,
 * `permit as user[:group]` (kmod/elevate.c).
 *
 * The files: DIR/a and DIR/b readable only by group EL_GID (root:4242
 * 0640), DIR/secret root's alone (0600), DIR/fifo a FIFO of group EL_GID.
 * The policy elevates binding 127.0.0.1:22 and raw IPv4 sockets as root,
 * and reading DIR/a and DIR/fifo as group EL_GID; everything else it does
 * not name is permitted as itself (learn mode, so that the tests need not
 * list libc's calls). Children run as EL_UID:EL_UID (nobody), confined by
 * root first: the way `systracectl run -c` starts a program.
 */
#ifndef ST_ELEVATE_H
#define ST_ELEVATE_H

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "confine.h"

#define EL_DIR		"/tmp/st-elev"
#define EL_UID		65534
#define EL_GID		4242
#define EL_HELPER	"/selftests/elevate_helper"

static const char el_policy[] =
	"Policy: " EL_HELPER ", Emulation: native\n"
	"\tnative-bind: sockaddr eq \"inet-[127.0.0.1]:22\" then permit as root\n"
	"\tnative-socket: sockdom eq \"AF_INET\" and socktype eq \"SOCK_RAW\" then permit as root\n"
	"\tnative-fsread: filename eq \"" EL_DIR "/a\" then permit as :4242\n"
	"\tnative-fsread: filename eq \"" EL_DIR "/fifo\" then permit as :4242\n";

/* The same calls, no elevation. */
static const char el_plain_policy[] =
	"Policy: /nonexistent/elevate-plain, Emulation: native\n"
	"\tnative-bind: sockaddr eq \"inet-[127.0.0.1]:22\" then permit\n"
	"\tnative-socket: sockdom eq \"AF_INET\" and socktype eq \"SOCK_RAW\" then permit\n"
	"\tnative-fsread: filename eq \"" EL_DIR "/a\" then permit\n";

static inline int el_write(const char *path, const char *text, mode_t mode,
			   gid_t gid)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);

	if (fd < 0)
		return -1;
	if (write(fd, text, strlen(text)) != (ssize_t)strlen(text) ||
	    fchown(fd, 0, gid) || fchmod(fd, mode)) {
		close(fd);
		return -1;
	}
	return close(fd);
}

/*
 * /etc/shadow as Debian has it (0640, root's): the daemon tests make it
 * world-readable, so that their policies, not the file's mode, are what
 * denies it. Its mode before, restored at teardown (0: none was there).
 */
static mode_t el_shadow_mode;

/* The files and the images "elevate" and "elevate_plain": 0 or -1. */
static inline int el_setup(void)
{
	struct stat sb;

	el_shadow_mode = 0;
	if (!stat("/etc/shadow", &sb)) {
		el_shadow_mode = sb.st_mode & 07777;
		if (chmod("/etc/shadow", 0640))
			return -1;
	}
	if (system("ip link set lo up 2>/dev/null || ifconfig lo up") ||
	    system("rm -rf " EL_DIR) || mkdir(EL_DIR, 0755) ||
	    el_write(EL_DIR "/a", "A", 0640, EL_GID) ||
	    el_write(EL_DIR "/b", "B", 0640, EL_GID) ||
	    el_write(EL_DIR "/secret", "S", 0600, 0) ||
	    mkfifo(EL_DIR "/fifo", 0640) ||
	    chown(EL_DIR "/fifo", 0, EL_GID) ||
	    mkdir(EL_DIR "/u", 0755) || chown(EL_DIR "/u", EL_UID, EL_UID))
		return -1;
	if (st_policy_load("elevate", el_policy, SYSTRACE_MODE_LEARN) ||
	    st_policy_load("elevate_plain", el_plain_policy,
			   SYSTRACE_MODE_LEARN))
		return -1;
	return 0;
}

static inline void el_teardown(void)
{
	if (el_shadow_mode)
		chmod("/etc/shadow", el_shadow_mode);
	system("systracectl unload elevate >/dev/null 2>&1; "
	       "systracectl unload elevate_plain >/dev/null 2>&1; rm -rf " EL_DIR);
}

/* Become nobody: every uid and gid, no supplementary group. */
static inline int el_drop(void)
{
	gid_t g = EL_UID;

	return setgroups(1, &g) || setresgid(EL_UID, EL_UID, EL_UID) ||
	       setresuid(EL_UID, EL_UID, EL_UID) ? -1 : 0;
}

/* Are the ids still nobody's, and the groups? */
static inline int el_ids_are_nobody(void)
{
	uid_t r, e, s;
	gid_t gr, ge, gs, groups[4];

	if (getresuid(&r, &e, &s) || getresgid(&gr, &ge, &gs))
		return 0;
	if (r != EL_UID || e != EL_UID || s != EL_UID || gr != EL_UID ||
	    ge != EL_UID || gs != EL_UID)
		return 0;
	return getgroups(4, groups) == 1 && groups[0] == EL_UID;
}

/*
 * Run @fn in a child that root confines with @image (policy 0, learn mode)
 * and that then becomes nobody. Its exit status (ST_CHECK's step), or -1.
 */
static inline int el_run(const char *image, void (*fn)(void *), void *arg)
{
	pid_t pid = fork();
	int st, ret;

	if (pid < 0)
		return -1;
	if (pid == 0) {
		ret = st_confine_self(image, 0, SYSTRACE_MODE_LEARN);
		if (ret)
			_exit(100 + (-ret & 0x3f));
		if (el_drop())
			_exit(99);
		fn(arg);
		_exit(0);
	}
	if (waitpid(pid, &st, 0) != pid)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 200 + WTERMSIG(st);
}

/*
 * SO_REUSEADDR on @s, as sshd sets it: a connection to the VM's sshd that
 * sshd closed (daemons_test runs before in the same VM) holds
 * 127.0.0.1:22 in TIME_WAIT for a minute, and a bind to 22 without it
 * fails with EADDRINUSE, after the module permitted it (seen in make
 * check's 6.12 lane). It changes nothing of the privilege bind() checks.
 */
static inline void el_reuseaddr(int s)
{
	int one = 1;

	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
}

/* Open @path for reading; its first byte, or -errno. */
static inline int el_read1(const char *path)
{
	char c;
	int fd = open(path, O_RDONLY), n;

	if (fd < 0)
		return -errno;
	n = read(fd, &c, 1);
	close(fd);
	return n == 1 ? c : -EIO;
}

static inline int el_bind(int port)
{
	struct sockaddr_in sin = { .sin_family = AF_INET,
				   .sin_port = htons(port) };
	int s = socket(AF_INET, SOCK_STREAM, 0), ret;

	if (s < 0)
		return -errno;
	el_reuseaddr(s);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ret = bind(s, (struct sockaddr *)&sin, sizeof(sin)) ? -errno : 0;
	close(s);
	return ret;
}

#endif /* ST_ELEVATE_H */
