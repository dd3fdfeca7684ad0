// SPDX-License-Identifier: GPL-2.0
/*
 * systrace selftests: privilege elevation, `permit as user[:group]`
 * (issue 14, points 1 to 3). An unprivileged process binds port 22 and
 * opens a raw socket under a rule that elevates the one call, and fails
 * without it; its ids are unchanged after; it reads a group's file under
 * `as :group` and not the next one; a program bound by its path runs as a
 * set-id program does; `systracectl run -c` starts one; and elevation is
 * refused where it is not the administrator's, or on calls that would hand
 * it on.
 */
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <netinet/ip_icmp.h>

#include "harness.h"
#include "elevate.h"
#include "ctl.h"

FIXTURE(elev) {
	int unused;
};

FIXTURE_SETUP(elev)
{
	ASSERT_EQ(0, el_setup());
}

FIXTURE_TEARDOWN(elev)
{
	el_teardown();
}

static void bind22(void *arg)
{
	(void)arg;
	ST_CHECK(1, el_ids_are_nobody());
	/* The rule's address: bound, as root for this call alone. */
	ST_CHECK(2, el_bind(22) == 0);
	ST_CHECK(3, el_ids_are_nobody());
	/* Another privileged port: no rule, no elevation. */
	ST_CHECK(4, el_bind(23) == -EACCES);
	/* The next calls are nobody's. */
	ST_CHECK(5, el_read1(EL_DIR "/secret") == -EACCES);
	ST_CHECK(6, access("/etc/shadow", F_OK) ||
		    el_read1("/etc/shadow") == -EACCES);
	ST_CHECK(7, el_bind(22) == 0);
}

TEST_F(elev, bind_22_works_under_the_rule_only)
{
	ASSERT_EQ(0, el_run("elevate", bind22, NULL));
}

static void bind22_plain(void *arg)
{
	(void)arg;
	ST_CHECK(1, el_bind(22) == -EACCES);
	ST_CHECK(2, el_read1(EL_DIR "/a") == -EACCES);
	ST_CHECK(3, socket(AF_INET, SOCK_RAW, IPPROTO_ICMP) == -1 &&
		    errno == EPERM);
}

TEST_F(elev, without_elevation_the_same_calls_fail)
{
	ASSERT_EQ(0, el_run("elevate_plain", bind22_plain, NULL));
}

static void raw_ping(void *arg)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	struct icmphdr ping = { .type = ICMP_ECHO };
	struct stat sb;
	int s;

	(void)arg;
	s = socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_ICMP);
	ST_CHECK(1, s >= 0);
	ST_CHECK(2, el_ids_are_nobody());
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	/* An echo request, sent on the socket the rule let us make. */
	ping.checksum = htons(~(ICMP_ECHO << 8));
	ST_CHECK(3, sendto(s, &ping, sizeof(ping), 0, (struct sockaddr *)&sin,
			   sizeof(sin)) == sizeof(ping));
	/* What the call made keeps the raised owner (documented). */
	ST_CHECK(4, fstat(s, &sb) == 0 && sb.st_uid == 0);
	close(s);
	/* IPv6 has no rule. */
	ST_CHECK(5, socket(AF_INET6, SOCK_RAW, IPPROTO_ICMPV6) == -1 &&
		    errno == EPERM);
}

TEST_F(elev, raw_socket_without_a_set_id_bit)
{
	ASSERT_EQ(0, el_run("elevate", raw_ping, NULL));
}

static void group_file(void *arg)
{
	char c;
	int fd;

	(void)arg;
	ST_CHECK(1, el_read1(EL_DIR "/a") == 'A');
	/* The next open of another file of that group fails. */
	ST_CHECK(2, el_read1(EL_DIR "/b") == -EACCES);
	ST_CHECK(3, el_ids_are_nobody());
	/* The descriptor is the object the rule named: it stays usable. */
	fd = open(EL_DIR "/a", O_RDONLY);
	ST_CHECK(4, fd >= 0);
	ST_CHECK(5, el_read1(EL_DIR "/b") == -EACCES);
	ST_CHECK(6, read(fd, &c, 1) == 1 && c == 'A');
	close(fd);
	/* Writing is fswrite: no rule elevates it. */
	ST_CHECK(7, open(EL_DIR "/a", O_WRONLY) == -1 && errno == EACCES);
}

TEST_F(elev, group_file_opens_and_the_next_does_not)
{
	ASSERT_EQ(0, el_run("elevate", group_file, NULL));
}

/*
 * Either system call ABI (the ia32 one through int $0x80, from this 64-bit
 * program, with its arguments in the low 4 GiB): the group's file opens
 * elevated by the ABI-less fsread rule, the next file of the group does
 * not. Port 22 is bound elevated natively; through ia32 (socketcall or
 * bind) it never is: the rule is native-bind, and an elevating linux32-bind
 * is refused at load (policyc_refuses_ia32_socket_and_bind_elevation).
 */
FIXTURE(elev_abi) {
	int unused;
};

FIXTURE_VARIANT(elev_abi) {
	int ia32;
};

FIXTURE_VARIANT_ADD(elev_abi, native) {
	.ia32 = 0,
};

FIXTURE_VARIANT_ADD(elev_abi, ia32) {
	.ia32 = 1,
};

FIXTURE_SETUP(elev_abi)
{
	ASSERT_EQ(0, el_setup());
}

FIXTURE_TEARDOWN(elev_abi)
{
	el_teardown();
}

static long abi_call(int ia32, long nr, long a0, long a1, long a2)
{
	long ret;

	if (!ia32) {
		ret = syscall(nr, a0, a1, a2);
		return ret < 0 ? -errno : ret;
	}
	asm volatile("int $0x80" : "=a"(ret)
		     : "a"(nr), "b"(a0), "c"(a1), "d"(a2)
		     : "r8", "r9", "r10", "r11", "memory");
	return (int)ret;
}

/* ia32 numbers (asm/unistd_32.h clashes with the x86_64 one). */
#define NR32_OPEN	5
#define NR32_SOCKETCALL	102
#define NR32_BIND	361
#define SYS_BIND_	2

static void abi_open(void *arg)
{
	int ia32 = *(int *)arg;
	struct sockaddr_in *sin;
	unsigned int *args;
	char *low;
	long fd;
	int s;

	low = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
	ST_CHECK(1, low != MAP_FAILED);
	strcpy(low, EL_DIR "/a");
	strcpy(low + 256, EL_DIR "/b");
	fd = abi_call(ia32, ia32 ? NR32_OPEN : __NR_open, (long)low, O_RDONLY, 0);
	ST_CHECK(2, fd >= 0);
	close(fd);
	ST_CHECK(3, abi_call(ia32, ia32 ? NR32_OPEN : __NR_open,
			     (long)(low + 256), O_RDONLY, 0) == -EACCES);
	ST_CHECK(4, el_ids_are_nobody());
	sin = (struct sockaddr_in *)(low + 512);
	sin->sin_family = AF_INET;
	sin->sin_port = htons(22);
	sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	s = socket(AF_INET, SOCK_STREAM, 0);
	ST_CHECK(5, s >= 0);
	el_reuseaddr(s);
	if (!ia32) {
		ST_CHECK(6, bind(s, (struct sockaddr *)sin, sizeof(*sin)) == 0);
		close(s);
		return;
	}
	args = (unsigned int *)(low + 1024);
	args[0] = s;
	args[1] = (unsigned int)(unsigned long)sin;
	args[2] = sizeof(*sin);
	ST_CHECK(7, abi_call(1, NR32_SOCKETCALL, SYS_BIND_, (long)args, 0) ==
		    -EACCES);
	ST_CHECK(8, abi_call(1, NR32_BIND, s, (long)sin, sizeof(*sin)) ==
		    -EACCES);
	ST_CHECK(9, el_ids_are_nobody());
	close(s);
}

TEST_F(elev_abi, group_file_and_port_22)
{
	int ia32 = variant->ia32;

	ASSERT_EQ(0, el_run("elevate", abi_open, &ia32));
}

/* Run the helper as nobody, unconfined until its exec binds the image. */
static int run_helper(const char *what)
{
	pid_t pid = fork();
	int st;

	if (pid < 0)
		return -1;
	if (pid == 0) {
		if (el_drop())
			_exit(99);
		execl(EL_HELPER, EL_HELPER, what, (char *)NULL);
		_exit(98);
	}
	if (waitpid(pid, &st, 0) != pid)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 200 + WTERMSIG(st);
}

TEST_F(elev, program_bound_by_path_replaces_a_set_id_bit)
{
	struct stat sb;

	ASSERT_EQ(0, stat(EL_HELPER, &sb));
	ASSERT_EQ(0, sb.st_mode & (S_ISUID | S_ISGID));
	/* bind 22, AT_SECURE, not dumpable, ids unchanged: the helper. */
	ASSERT_EQ(0, run_helper("bind22"));
}

TEST_F(elev, run_c_starts_the_program_with_those_ids)
{
	/* A copy no image binds by its path: run's layer alone. */
	ASSERT_EQ(0, ctl_sh("cp %s %s/helper", EL_HELPER, EL_DIR));
	ASSERT_EQ(0, ctl_sh("systracectl run -m learn -o /dev/null -c %d:%d -p elevate -- %s/helper bind22",
			    EL_UID, EL_UID, EL_DIR));
	/* The same program under an image that does not elevate: fails. */
	ASSERT_NE(0, ctl_sh("systracectl run -m learn -o /dev/null -c %d:%d -p elevate_plain -- %s/helper bind22",
			    EL_UID, EL_UID, EL_DIR));
}

TEST_F(elev, run_c_is_for_root)
{
	pid_t pid = fork();
	int st;

	ASSERT_LE(0, pid);
	if (pid == 0) {
		if (el_drop())
			_exit(99);
		execlp("systracectl", "systracectl", "run", "-a", "-c", "0:0",
		       "-p", "elevate", "--", "/bin/true", (char *)NULL);
		_exit(98);
	}
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	ASSERT_TRUE(WIFEXITED(st));
	/* A usage error (2), before anything is loaded or run. */
	EXPECT_EQ(2, WEXITSTATUS(st));
}

TEST_F(elev, a_user_cannot_confine_itself_with_an_elevating_image)
{
	pid_t pid = fork();
	int st, ret;

	ASSERT_LE(0, pid);
	if (pid == 0) {
		if (el_drop() || prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
			_exit(99);
		ret = st_confine_self("elevate", 0, SYSTRACE_MODE_ENFORCE);
		_exit(ret == -EPERM ? 0 : 1);
	}
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	ASSERT_TRUE(WIFEXITED(st));
	ASSERT_EQ(0, WEXITSTATUS(st));
}

TEST_F(elev, a_users_image_may_not_elevate)
{
	struct st_nl nl;
	unsigned char *buf;
	FILE *f;
	long len;
	int ret;

	/* Compiled by the fixture: /tmp/elevate.bin. */
	f = fopen("/tmp/elevate.bin", "r");
	ASSERT_NE(NULL, f);
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	rewind(f);
	buf = malloc(len);
	ASSERT_NE(NULL, buf);
	ASSERT_EQ((size_t)len, fread(buf, 1, len, f));
	fclose(f);
	ASSERT_EQ(0, st_nl_open(&nl));
	ret = st_load_image_owned(&nl, "~1000/elevate", SYSTRACE_MODE_ENFORCE,
				  0, 0, 1000, buf, len);
	EXPECT_EQ(-EPERM, ret);
	EXPECT_NE(NULL, strstr(st_nl_strerror(&nl, ret), "may not elevate"));
	st_nl_close(&nl);
	free(buf);
}

/*
 * An attached layer never elevates: the process did not exec its program
 * under it (no secure-exec, still dumpable), so its user could drive it.
 * The rules still permit, with the task's own identity.
 */
TEST_F(elev, an_attached_layer_never_elevates)
{
	int go[2], done[2], st;
	char cmd[96], c = 0;
	pid_t pid;

	ASSERT_EQ(0, pipe(go));
	ASSERT_EQ(0, pipe(done));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		close(go[1]);
		close(done[0]);
		if (el_drop())
			_exit(99);
		if (write(done[1], "r", 1) != 1 || read(go[0], &c, 1) != 1)
			_exit(98);
		ST_CHECK(1, el_ids_are_nobody());
		ST_CHECK(2, el_bind(22) == -EACCES);
		ST_CHECK(3, el_read1(EL_DIR "/a") == -EACCES);
		ST_CHECK(4, el_ids_are_nobody());
		_exit(0);
	}
	close(go[0]);
	close(done[1]);
	ASSERT_EQ(1, read(done[0], &c, 1));
	snprintf(cmd, sizeof(cmd), "systracectl attach -n elevate -m learn %d", pid);
	EXPECT_EQ(0, system(cmd));
	ASSERT_EQ(1, write(go[1], "g", 1));
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	EXPECT_TRUE(WIFEXITED(st));
	EXPECT_EQ(0, WEXITSTATUS(st));
}

/*
 * policyc -c refuses the policy of one rule, "@emul-@rule", in @file: an
 * error at the rule's line and the column of "as" (col 1 is the tab).
 */
static void expect_as_refused(struct __test_metadata *_metadata,
			      const char *file, const char *emul,
			      const char *rule)
{
	char cmd[512], line[64], out[4096];
	FILE *f;

	f = fopen(file, "w");
	ASSERT_NE(NULL, f);
	fprintf(f, "Policy: /bin/x, Emulation: %s\n\t%s-%s\n", emul, emul, rule);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "policyc -c %s 2>&1", file);
	snprintf(line, sizeof(line), "%s:2:", file);
	ASSERT_NE(0, ctl_capture(cmd, out, sizeof(out)));
	EXPECT_NE(NULL, strstr(out, line))
		TH_LOG("%s: %s", rule, out);
	EXPECT_NE(NULL, strstr(out, "error: 'as'"))
		TH_LOG("%s: %s", rule, out);
}

TEST(policyc_refuses_elevation_that_would_be_handed_on)
{
	static const char *const calls[] = {
		"execve: permit as root",
		"clone: permit as root",
		"fork: permit as root",
		"vfork: permit as root",
		"clone3: permit as root",
		"io_uring_enter: permit as root",
		"connect: true then permit as root",
		"open: true then deny as root",
	};
	unsigned int i;

	for (i = 0; i < sizeof(calls) / sizeof(calls[0]); i++)
		expect_as_refused(_metadata, "/tmp/elevate-bad.policy",
				  "native", calls[i]);
}

/*
 * ia32: an ia32 program makes socket and bind through socketcall() as well
 * as directly, and the multiplexer is not raised at its entry: `as` on
 * them is refused at the rule, as on socketcall and creat; the opens may
 * elevate (positive control).
 */
TEST(policyc_refuses_ia32_socket_and_bind_elevation)
{
	static const char *const calls[] = {
		"bind: sockaddr eq \"inet-[127.0.0.1]:22\" then permit as root",
		"socket: sockdom eq \"AF_INET\" then permit as root",
		"socketcall: permit as root",
		"creat: filename eq \"/x\" then permit as root",
	};
	char out[4096];
	unsigned int i;
	FILE *f;

	for (i = 0; i < sizeof(calls) / sizeof(calls[0]); i++)
		expect_as_refused(_metadata, "/tmp/elevate-ia32.policy",
				  "linux32", calls[i]);
	f = fopen("/tmp/elevate-ia32.policy", "w");
	ASSERT_NE(NULL, f);
	fputs("Policy: /bin/x, Emulation: linux32\n"
	      "\tlinux32-open: filename eq \"/x\" then permit as root\n", f);
	fclose(f);
	EXPECT_EQ(0, ctl_capture("policyc -c /tmp/elevate-ia32.policy 2>&1",
				 out, sizeof(out)))
		TH_LOG("open: %s", out);
}

/*
 * The module's verifier refuses such an image too, whoever made it: an
 * ia32 bind permit compiled without `as`, its rule's flags patched to
 * SYSTRACE_RULE_F_SETUID (uid 0). The same image unpatched loads.
 */
TEST(module_refuses_an_ia32_bind_elevation)
{
	/* The rule: permit, no flags, error 0, line 2, text 3, ids 0. */
	static const unsigned char rule[24] = { 0, 0, 0, 0, 2, 0, 0, 0, 3 };
	unsigned char buf[8192];
	struct st_nl nl;
	size_t len, i, at = 0;
	int n = 0, ret;
	FILE *f;

	f = fopen("/tmp/elevate-ia32b.policy", "w");
	ASSERT_NE(NULL, f);
	fputs("Policy: /bin/x, Emulation: linux32\n"
	      "\tlinux32-bind: sockaddr eq \"inet-[127.0.0.1]:22\" then permit\n", f);
	fclose(f);
	ASSERT_EQ(0, ctl_sh("policyc -o /tmp/elevate-ia32b.bin /tmp/elevate-ia32b.policy"));
	f = fopen("/tmp/elevate-ia32b.bin", "r");
	ASSERT_NE(NULL, f);
	len = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	ASSERT_LT(0, (long)len);
	for (i = 0; i + sizeof(rule) <= len; i++) {
		if (!memcmp(buf + i, rule, sizeof(rule))) {
			at = i;
			n++;
		}
	}
	ASSERT_EQ(1, n);
	ASSERT_EQ(0, st_nl_open(&nl));
	ret = st_load_image(&nl, "elevate-ia32", SYSTRACE_MODE_ENFORCE, buf, len);
	EXPECT_EQ(0, ret);
	buf[at + 1] = 8;	/* SYSTRACE_RULE_F_SETUID */
	ret = st_load_image(&nl, "elevate-ia32", SYSTRACE_MODE_ENFORCE, buf, len);
	EXPECT_EQ(-EINVAL, ret);
	EXPECT_NE(NULL, strstr(st_nl_strerror(&nl, ret), "not of ia32"))
		TH_LOG("%s", st_nl_strerror(&nl, ret));
	st_nl_close(&nl);
	ctl_sh("systracectl unload elevate-ia32");
}

TEST(elevated_call_is_logged_as_such)
{
	ASSERT_EQ(0, el_setup());
	/*
	 * Counted in an emptied ring: after the other tests' lines a full
	 * ring drops the oldest as it takes new ones, and a count of the
	 * whole ring before and after stays the same (it did, in a batch).
	 * The console, which the VM harness watches, keeps everything.
	 */
	ASSERT_EQ(0, ctl_sh("dmesg -c > /dev/null"));
	ASSERT_EQ(0, el_run("elevate", bind22, NULL));
	ASSERT_EQ(0, ctl_sh("dmesg > /tmp/elevate-log"));
	/* Two binds of port 22, each elevated, each logged. */
	EXPECT_LE(2, ctl_count("/tmp/elevate-log", "permit-elevated"));
	el_teardown();
}

TEST_HARNESS_MAIN
