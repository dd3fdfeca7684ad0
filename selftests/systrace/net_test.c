// SPDX-License-Identifier: GPL-2.0
/*
 * systrace selftests: sockets (kmod/hook_net.c). Addresses are decided on
 * the kernel's copy and printed as systrace printed them; write() on a
 * socket stays a write (the syscall filter's), not a sendmsg.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include "harness.h"
#include "hooks.h"

#define NAME "net_test"
#define DIR "/tmp/st-net"

static char policy[4096];
static int port;	/* of the parent's listener on 127.0.0.1 */

static void make_policy(void)
{
	snprintf(policy, sizeof(policy),
		 "Policy: /selftests/net_test, Emulation: native\n"
		 "\tnative-recvmsg: permit\n"
		 "\tnative-close: permit\n"
		 "\tnative-write: permit\n"
		 "\tnative-socket: sockdom eq \"AF_INET\" and socktype eq \"SOCK_STREAM\" then permit\n"
		 "\tnative-socket: sockdom eq \"AF_INET6\" and socktype eq \"SOCK_STREAM\" then permit\n"
		 "\tnative-socket: sockdom eq \"AF_INET6\" then deny[eafnosupport]\n"
		 "\tnative-socket: sockdom eq \"AF_UNIX\" then permit\n"
		 "\tnative-connect: sockaddr eq \"inet-[127.0.0.1]:1\" then deny[eacces]\n"
		 "\tnative-connect: sockaddr eq \"inet-[127.0.0.1]:%d\" then permit\n"
		 "\tnative-connect: sockaddr eq \"inet6-[::1]:7\" then deny[enetunreach]\n"
		 "\tnative-connect: sockaddr match \"inet-?127.0.0.1?:*\" then permit\n"
		 "\tnative-getsockname: permit\n"
		 "\tnative-bind: sockaddr eq \"" DIR "/sock\" then permit\n"
		 "\tnative-bind: sockaddr eq \"@st-abstract\" then deny[eaddrinuse]\n"
		 "\tnative-bind: sockaddr eq \"inet-[127.0.0.1]:0\" then permit\n"
		 "\tnative-listen: permit\n"
		 "\tnative-accept: permit\n"
		 "\tnative-sendto: sockaddr eq \"" DIR "/sock\" then permit\n"
		 "\tnative-sendto: sockaddr eq \"inet-[127.0.0.1]:%d\" then permit\n",
		 port, port);
}

/* What every test starts from, in either fixture. */
static void prepare(struct __test_metadata *_metadata, int *listener)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	socklen_t len = sizeof(sin);

	/* The VM's init leaves the loopback interface down. */
	ASSERT_EQ(0, system("ip link set lo up 2>/dev/null || ifconfig lo up"));
	ASSERT_EQ(0, system("rm -rf " DIR));
	ASSERT_EQ(0, mkdir(DIR, 0755));
	*listener = socket(AF_INET, SOCK_STREAM, 0);
	ASSERT_LE(0, *listener);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ASSERT_EQ(0, bind(*listener, (struct sockaddr *)&sin, sizeof(sin)));
	ASSERT_EQ(0, listen(*listener, 8));
	ASSERT_EQ(0, getsockname(*listener, (struct sockaddr *)&sin, &len));
	port = ntohs(sin.sin_port);
	make_policy();
	ASSERT_EQ(0, st_policy_load(NAME, policy, SYSTRACE_MODE_ENFORCE));
}

static void cleanup(int listener)
{
	close(listener);
	system("rm -rf " DIR);
}

FIXTURE(net) {
	int listener;
};

FIXTURE_SETUP(net)
{
	prepare(_metadata, &self->listener);
}

FIXTURE_TEARDOWN(net)
{
	cleanup(self->listener);
}

static int inet_connect(int fd, const char *ip, int p)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(p) };

	inet_pton(AF_INET, ip, &sin.sin_addr);
	return connect(fd, (struct sockaddr *)&sin, sizeof(sin)) ? -errno : 0;
}

/* @path: "\0name" for an abstract address; @len its length. */
static socklen_t unix_addr(struct sockaddr_un *sun, const char *path, size_t len)
{
	memset(sun, 0, sizeof(*sun));
	sun->sun_family = AF_UNIX;
	memcpy(sun->sun_path, path, len);
	return offsetof(struct sockaddr_un, sun_path) + len;
}

static void enforce(void *arg)
{
	struct sockaddr_in6 sin6 = { .sin6_family = AF_INET6,
				     .sin6_port = htons(7) };
	struct sockaddr_in sin = { .sin_family = AF_INET };
	struct sockaddr_un sun;
	socklen_t len;
	int fd, u, l, c, sp[2];

	/* socket: by domain and type */
	fd = socket(AF_INET, SOCK_STREAM, 0);
	ST_CHECK(1, fd >= 0);
	ST_CHECK(2, socket(AF_INET6, SOCK_DGRAM, 0) == -1 && errno == EAFNOSUPPORT);
	ST_CHECK(3, socket(AF_INET, SOCK_DGRAM, 0) == -1 && errno == EPERM);
	/* connect: the address as systrace printed it */
	ST_CHECK(4, inet_connect(fd, "127.0.0.1", 1) == -EACCES);
	ST_CHECK(5, inet_connect(fd, "127.0.0.1", port) == 0);
	/* write() on a socket is a write, not a sendmsg */
	ST_CHECK(6, write(fd, "x", 1) == 1);
	ST_CHECK(7, inet_connect(socket(AF_INET, SOCK_STREAM, 0),
				 "127.0.0.2", port) == -EPERM);
	c = socket(AF_INET6, SOCK_STREAM, 0);
	ST_CHECK(8, c >= 0);
	inet_pton(AF_INET6, "::1", &sin6.sin6_addr);
	ST_CHECK(9, connect(c, (struct sockaddr *)&sin6, sizeof(sin6)) == -1 &&
		    errno == ENETUNREACH);
	/* unix: a path (bind creates the file: not a mknod), abstract "@" */
	u = socket(AF_UNIX, SOCK_DGRAM, 0);
	ST_CHECK(10, u >= 0);
	len = unix_addr(&sun, DIR "/sock", strlen(DIR "/sock"));
	ST_CHECK(11, bind(u, (struct sockaddr *)&sun, len) == 0);
	ST_CHECK(12, sendto(u, "y", 1, 0, (struct sockaddr *)&sun, len) == 1);
	len = unix_addr(&sun, DIR "/nosuch", strlen(DIR "/nosuch"));
	ST_CHECK(13, sendto(u, "y", 1, 0, (struct sockaddr *)&sun, len) == -1 &&
		     errno == EPERM);
	c = socket(AF_UNIX, SOCK_DGRAM, 0);
	len = unix_addr(&sun, "\0st-abstract", 12);
	ST_CHECK(14, bind(c, (struct sockaddr *)&sun, len) == -1 &&
		     errno == EADDRINUSE);
	/* listen, accept: a connection to the task's own listener */
	l = socket(AF_INET, SOCK_STREAM, 0);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ST_CHECK(15, bind(l, (struct sockaddr *)&sin, sizeof(sin)) == 0);
	ST_CHECK(16, listen(l, 1) == 0);
	len = sizeof(sin);
	ST_CHECK(17, getsockname(l, (struct sockaddr *)&sin, &len) == 0);
	ST_CHECK(18, inet_connect(socket(AF_INET, SOCK_STREAM, 0), "127.0.0.1",
				  ntohs(sin.sin_port)) == 0);
	ST_CHECK(19, accept(l, NULL, NULL) >= 0);
	/* send() on a connected socket: decided on the peer's address */
	ST_CHECK(20, send(fd, "z", 1, 0) == 1);
	ST_CHECK(21, socketpair(AF_UNIX, SOCK_STREAM, 0, sp) == 0);
	ST_CHECK(22, send(sp[0], "z", 1, 0) == -1 && errno == EPERM);
}

TEST_F(net, enforce)
{
	struct st_events ev;
	char buf[2];
	pid_t pid;
	int a;

	ASSERT_EQ(0, st_events_open(&ev));
	ASSERT_EQ(0, st_run_child(NAME, 0, SYSTRACE_MODE_ENFORCE, enforce,
				  NULL, &pid));
	/* The permitted connection arrived, with the byte written. */
	a = accept(self->listener, NULL, NULL);
	ASSERT_LE(0, a);
	ASSERT_EQ(1, read(a, buf, 1));
	close(a);
	ASSERT_TRUE(st_events_has(&ev, pid, "connect",
				  "sockaddr: \"inet-[127.0.0.1]:1\"",
				  SYSTRACE_VERDICT_DENY, EACCES));
	ASSERT_TRUE(st_events_has(&ev, pid, "connect",
				  "sockaddr: \"inet6-[::1]:7\"",
				  SYSTRACE_VERDICT_DENY, ENETUNREACH));
	ASSERT_TRUE(st_events_has(&ev, pid, "socket",
				  "sockdom: AF_INET, socktype: SOCK_DGRAM",
				  SYSTRACE_VERDICT_UNMATCHED_DENY, EPERM));
	ASSERT_TRUE(st_events_has(&ev, pid, "bind", "sockaddr: \"@st-abstract",
				  SYSTRACE_VERDICT_DENY, EADDRINUSE));
	/* Unmatched: reported as the call made (sendto), which a rule
	 * learned or answered for it names (systrace-policy(5)). */
	ASSERT_TRUE(st_events_has(&ev, pid, "sendto",
				  "sockaddr: \"" DIR "/nosuch\"",
				  SYSTRACE_VERDICT_UNMATCHED_DENY, EPERM));
	st_events_close(&ev);
}

static void learn(void *arg)
{
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	ST_CHECK(1, fd >= 0);
	ST_CHECK(2, socket(AF_INET6, SOCK_DGRAM, 0) == -1 && errno == EAFNOSUPPORT);
	ST_CHECK(3, inet_connect(fd, "127.0.0.1", 1) == -EACCES);
	ST_CHECK(4, inet_connect(fd, "127.0.0.3", 53) == 0);
}

TEST_F(net, learn)
{
	struct st_events ev;
	pid_t pid;

	ASSERT_EQ(0, st_events_open(&ev));
	ASSERT_EQ(0, st_run_child(NAME, 0, SYSTRACE_MODE_LEARN, learn, NULL,
				  &pid));
	ASSERT_TRUE(st_events_has(&ev, pid, "socket",
				  "sockdom: AF_INET, socktype: SOCK_DGRAM",
				  SYSTRACE_VERDICT_UNMATCHED_PERMIT, 0));
	ASSERT_TRUE(st_events_has(&ev, pid, "connect",
				  "sockaddr: \"inet-[127.0.0.3]:53\"",
				  SYSTRACE_VERDICT_UNMATCHED_PERMIT, 0));
	st_events_close(&ev);
}

static void denied_connect(void *arg)
{
	ST_CHECK(1, inet_connect(socket(AF_INET, SOCK_STREAM, 0),
				 "127.0.0.1", 1) == -EACCES);
}

TEST_F(net, log)
{
	char who[128], what[160];
	pid_t pid;

	st_log_quiet();
	ASSERT_EQ(0, st_run_child(NAME, 0, SYSTRACE_MODE_ENFORCE,
				  denied_connect, NULL, &pid));
	/* Its parent: this process. */
	snprintf(who, sizeof(who), "pid: %d, ppid: %d, policy: \"" NAME "\",", pid,
		 getpid());
	snprintf(what, sizeof(what), "call: connect(%d), sockaddr: \"inet-[127.0.0.1]:1\", error: 13", SYS_connect);
	ASSERT_TRUE(st_klog_has(who, what));
}

/* The same decisions for a program run by systracectl, in both ABIs. */
static const char helper_policy64[] =
	"Policy: " ST_HELPER64 ", Emulation: native\n"
	"\tnative-socket: sockdom eq \"AF_INET\" and socktype eq \"SOCK_STREAM\" then permit\n"
	"\tnative-socket: sockdom eq \"AF_INET6\" then deny[eafnosupport]\n";

static const char helper_policy32[] =
	"Policy: " ST_HELPER32 ", Emulation: linux32\n"
	"\tlinux32-socket: sockdom eq \"AF_INET\" and socktype eq \"SOCK_STREAM\" then permit\n"
	"\tlinux32-socket: sockdom eq \"AF_INET6\" then deny[eafnosupport]\n";

static void run_helpers(struct __test_metadata *_metadata, const char *text,
			const char *file, const char *helper)
{
	ASSERT_EQ(0, st_write_file(file, text));
	ASSERT_EQ(0, st_run_helper("-a", file, helper, "socket", "2", "1"));
	ASSERT_EQ(EAFNOSUPPORT, st_run_helper("-a", file, helper, "socket",
					      "10", "2"));
	ASSERT_EQ(EPERM, st_run_helper("-a", file, helper, "socket", "2", "2"));
	ASSERT_EQ(0, st_run_helper("-A", file, helper, "socket", "2", "2"));
	ASSERT_EQ(EAFNOSUPPORT, st_run_helper("-A", file, helper, "socket",
					      "10", "2"));
}

FIXTURE(net_abi) {
	int listener;
};

FIXTURE_VARIANT(net_abi) {
	const char *text;	/* the policy */
	const char *file;	/* where it is written */
	const char *helper;	/* the program, of that ABI */
};

FIXTURE_VARIANT_ADD(net_abi, x86_64) {
	.text = helper_policy64,
	.file = "/tmp/net64.policy",
	.helper = ST_HELPER64,
};

FIXTURE_VARIANT_ADD(net_abi, ia32) {
	.text = helper_policy32,
	.file = "/tmp/net32.policy",
	.helper = ST_HELPER32,
};

FIXTURE_SETUP(net_abi)
{
	prepare(_metadata, &self->listener);
}

FIXTURE_TEARDOWN(net_abi)
{
	cleanup(self->listener);
}

TEST_F(net_abi, run)
{
	run_helpers(_metadata, variant->text, variant->file, variant->helper);
}

TEST_HARNESS_MAIN
