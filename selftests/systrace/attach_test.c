// SPDX-License-Identifier: GPL-2.0
/*
 * systrace selftests: SYSTRACE_CMD_ATTACH and systracectl attach
 * (issue 14, point 4). A target process loops, opening a permitted file
 * over and over and polling a command pipe; the test attaches a policy to
 * it mid-flight and then asks it, through the pipe, to open a file the
 * policy denies. Order of events only: "ready" from the target, attach
 * returned, then the command.
 *
 * Who may not attach: a user (no CAP_SYS_ADMIN), root inside a Landlock
 * domain (ptrace_may_access() refuses it a process outside the domain:
 * the Landlock LSM is in every kernel the tests run on, where Yama's
 * ptrace_scope=3 would be the other way but cannot be undone before the
 * next test program runs in the same VM), and anyone for a kernel thread.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <stddef.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/landlock.h>
#include <linux/seccomp.h>

#include "harness.h"
#include "attach.h"
#include "confine.h"
#include "ctl.h"

#define DIR_ "/tmp/attach_test"
#define ALLOWED DIR_ "/allowed"
#define DENIED DIR_ "/denied"
#define FIRST DIR_ "/first"

/* What the loop calls, once confined; both layers permit it. */
#define LOOP_CALLS \
	"\tnative-fsread: filename match \"" DIR_ "/*\" then permit\n" \
	"\tnative-close: permit\n" \
	"\tnative-read: permit\n" \
	"\tnative-write: permit\n" \
	"\tnative-clone: permit\n" \
	"\tnative-clone3: permit\n" \
	"\tnative-pause: permit\n" \
	"\tnative-recvmsg: permit\n" \
	"\tnative-sendmsg: permit\n" \
	"\tnative-sendto: permit\n" \
	"\tnative-brk: permit\n" \
	"\tnative-mmap: permit\n" \
	"\tnative-munmap: permit\n"

/* The policy attached: denies DENIED. */
static const char policy[] =
	"Policy: /selftests/attach_test-attached, Emulation: native\n"
	"\tnative-fsread: filename eq \"" DENIED "\" then deny[eacces]\n"
	LOOP_CALLS;

/* The target's own confinement before the attach: denies FIRST. */
static const char policy_first[] =
	"Policy: /selftests/attach_test-first, Emulation: native\n"
	"\tnative-fsread: filename eq \"" FIRST "\" then deny[enoent]\n"
	"\tnative-getppid: permit\n"
	LOOP_CALLS;

/* A running target: its pid and the two ends the test uses. */
struct target {
	pid_t pid;
	int cmd;	/* the test writes commands */
	int res;	/* the target writes results */
};

/*
 * Commands: 'd' open DENIED, 'f' open FIRST, 'c' a child forked now opens
 * DENIED. Each answers one int: 0 or an errno.
 */
static void run_cmd(char c, int res)
{
	pid_t pid;
	int r;

	switch (c) {
	case 'd':
		r = st_try_open(DENIED);
		break;
	case 'f':
		r = st_try_open(FIRST);
		break;
	case 'c':
		pid = fork();
		if (pid == 0) {
			r = st_try_open(DENIED);
			if (write(res, &r, sizeof(r)) != sizeof(r))
				_exit(1);
			_exit(0);
		}
		if (pid > 0)
			return;	/* the child answers */
		r = 2000 + errno;
		break;
	default:
		r = 3000;
	}
	if (write(res, &r, sizeof(r)) != sizeof(r))
		_exit(1);
}

struct loop_arg {
	int cmd, res;
};

/* Open ALLOWED for ever; "ready" (0) once; then the commands. */
static void *loop(void *p)
{
	struct loop_arg *a = p;
	int ready = 0, r;
	char c;

	for (;;) {
		r = st_try_open(ALLOWED);
		if (r) {
			/* The attached policy permits it: report, stop. */
			r += 1000;
			if (write(a->res, &r, sizeof(r)) != sizeof(r))
				_exit(1);
			for (;;)
				pause();
		}
		if (!ready) {
			ready = 1;
			if (write(a->res, &r, sizeof(r)) != sizeof(r))
				_exit(1);
		}
		if (read(a->cmd, &c, 1) == 1)
			run_cmd(c, a->res);
	}
	return NULL;
}

/*
 * Start the loop in a child: in its main thread, or (@threaded) in a second
 * thread while the main one waits in pause(); confined first by
 * @confine_first (an image name) if not NULL.
 */
static int start(struct target *t, int threaded, const char *confine_first)
{
	int cmd[2], res[2], r;

	if (pipe(cmd) || pipe(res))
		return -1;
	t->pid = fork();
	if (t->pid < 0)
		return -1;
	if (t->pid == 0) {
		static struct loop_arg a;
		pthread_t th;

		close(cmd[1]);
		close(res[0]);
		a.cmd = cmd[0];
		a.res = res[1];
		if (fcntl(a.cmd, F_SETFL, O_NONBLOCK))
			_exit(1);
		if (confine_first &&
		    st_confine_self(confine_first, 0, SYSTRACE_MODE_ENFORCE))
			_exit(1);
		if (!threaded)
			loop(&a);
		if (pthread_create(&th, NULL, loop, &a))
			_exit(1);
		for (;;)
			pause();
	}
	close(cmd[0]);
	close(res[1]);
	t->cmd = cmd[1];
	t->res = res[0];
	/* "ready": it runs, and opens ALLOWED. */
	if (read(t->res, &r, sizeof(r)) != sizeof(r) || r)
		return -1;
	return 0;
}

/* Send @c; the target's answer, or -1. */
static int ask(struct target *t, char c)
{
	int r;

	if (write(t->cmd, &c, 1) != 1 ||
	    read(t->res, &r, sizeof(r)) != sizeof(r))
		return -1;
	return r;
}

static void stop(struct target *t)
{
	st_reap(&t->pid);
	close(t->cmd);
	close(t->res);
}

FIXTURE(attach) {
	struct target t;
};

FIXTURE_SETUP(attach)
{
	memset(&self->t, 0, sizeof(self->t));
	mkdir(DIR_, 0755);
	ASSERT_EQ(0, st_touch(ALLOWED));
	ASSERT_EQ(0, st_touch(DENIED));
	ASSERT_EQ(0, st_touch(FIRST));
	ASSERT_EQ(0, st_policy_load("attach_test", policy, SYSTRACE_MODE_ENFORCE));
	ASSERT_EQ(0, st_policy_load("attach_test-first", policy_first,
				    SYSTRACE_MODE_ENFORCE));
}

FIXTURE_TEARDOWN(attach)
{
	stop(&self->t);
}

/* A running loop, attached mid-flight: its next forbidden open fails. */
TEST_F(attach, running_loop)
{
	ASSERT_EQ(0, start(&self->t, 0, NULL));
	/* Unconfined: nothing denies it yet. */
	ASSERT_EQ(0, ask(&self->t, 'd'));
	ASSERT_EQ(0, st_attach("attach_test", self->t.pid, NULL, 0));
	ASSERT_EQ(EACCES, ask(&self->t, 'd'));
	/* ALLOWED goes on opening: a denial would have been reported. */
	ASSERT_EQ(0, ask(&self->t, 'f'));
}

/* By systracectl: a thread that is not the one named, while the main one sleeps. */
TEST_F(attach, thread)
{
	ASSERT_EQ(0, start(&self->t, 1, NULL));
	ASSERT_EQ(0, ask(&self->t, 'd'));
	ASSERT_EQ(0, ctl_sh("systracectl attach -n attach_test %d", self->t.pid));
	ASSERT_EQ(EACCES, ask(&self->t, 'd'));
}

/* A child forked after the attach inherits it; the policy from a file (-p). */
TEST_F(attach, child_after)
{
	ASSERT_EQ(0, start(&self->t, 0, NULL));
	ASSERT_EQ(0, ask(&self->t, 'c'));
	ASSERT_EQ(0, ctl_sh("systracectl attach -p /tmp/attach_test.policy -m enforce %d",
			    self->t.pid));
	ASSERT_EQ(EACCES, ask(&self->t, 'c'));
	/*
	 * The image loaded for it (attach.PID, the tool's pid) is gone; the
	 * process keeps it, and list says so (issue 15, point 2).
	 */
	ASSERT_NE(0, ctl_sh("systracectl list | grep -q '^attach\\.[0-9]*:'"));
	ASSERT_EQ(0, ctl_sh("systracectl list | grep -q '^attach\\.[0-9]* (unloaded, [1-9][0-9]* process'"));
	ASSERT_EQ(EACCES, ask(&self->t, 'd'));
}

/* Attached while confined: a layer on top, both policies apply. */
TEST_F(attach, adds_layer)
{
	ASSERT_EQ(0, start(&self->t, 0, "attach_test-first"));
	ASSERT_EQ(ENOENT, ask(&self->t, 'f'));
	ASSERT_EQ(0, ask(&self->t, 'd'));
	ASSERT_EQ(0, st_attach("attach_test", self->t.pid, NULL, 0));
	ASSERT_EQ(EACCES, ask(&self->t, 'd'));
	ASSERT_EQ(ENOENT, ask(&self->t, 'f'));
	/* A child after it has both layers too. */
	ASSERT_EQ(EACCES, ask(&self->t, 'c'));
}

/*
 * Attached again and again: each attach is a layer, up to the limit (one
 * place stays free for an exec's binding), then E2BIG and nothing changes;
 * the replaced confinements are freed with the process (the debug
 * kernel's KASAN and kmemleak watch that).
 */
TEST_F(attach, layer_limit)
{
	char msg[256];
	int i;

	ASSERT_EQ(0, start(&self->t, 1, NULL));
	for (i = 0; i < 7; i++)
		ASSERT_EQ(0, st_attach("attach_test", self->t.pid, NULL, 0));
	ASSERT_EQ(-E2BIG, st_attach("attach_test", self->t.pid, msg, sizeof(msg)));
	ASSERT_NE(NULL, strstr(msg, "layers"));
	ASSERT_EQ(EACCES, ask(&self->t, 'd'));
	ASSERT_EQ(EACCES, ask(&self->t, 'c'));
}

/*
 * A hook that still uses the confinement an attach replaced (task.c, rule
 * 2): the target, confined by the first policy, sleeps inside the seccomp
 * original (a user notification for getppid) with its confinement in hand
 * when the attach replaces it. That call, in flight, is decided by what
 * it began with (the first policy permits getppid); the next one by both
 * layers (the attached policy does not: EPERM). On the debug kernel,
 * KASAN would see the old confinement used after it was freed.
 */
TEST_F(attach, hook_in_flight)
{
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_getppid, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { .len = sizeof(f) / sizeof(f[0]), .filter = f };
	struct seccomp_notif req;
	struct seccomp_notif_resp resp;
	int cmd[2], res[2], lfd, pidfd, r, i;
	char c = 'g';

	ASSERT_EQ(0, pipe(cmd));
	ASSERT_EQ(0, pipe(res));
	self->t.pid = fork();
	ASSERT_LE(0, self->t.pid);
	if (self->t.pid == 0) {
		lfd = syscall(__NR_seccomp, SECCOMP_SET_MODE_FILTER,
			      SECCOMP_FILTER_FLAG_NEW_LISTENER, &prog);
		if (lfd < 0 || write(res[1], &lfd, sizeof(lfd)) != sizeof(lfd) ||
		    st_confine_self("attach_test-first", 0, SYSTRACE_MODE_ENFORCE) ||
		    read(cmd[0], &c, 1) != 1)
			_exit(1);
		for (i = 0; i < 2; i++) {
			/* getppid() returns what the kernel says, errno untouched. */
			r = syscall(__NR_getppid) > 0 ? 0 : errno;
			if (write(res[1], &r, sizeof(r)) != sizeof(r))
				_exit(1);
		}
		for (;;)
			pause();
	}
	close(cmd[0]);
	close(res[1]);
	self->t.cmd = cmd[1];
	self->t.res = res[0];
	ASSERT_EQ(sizeof(lfd), read(self->t.res, &lfd, sizeof(lfd)));
	pidfd = syscall(__NR_pidfd_open, self->t.pid, 0);
	ASSERT_LE(0, pidfd);
	lfd = syscall(__NR_pidfd_getfd, pidfd, lfd, 0);
	ASSERT_LE(0, lfd);
	ASSERT_EQ(1, write(self->t.cmd, &c, 1));
	for (i = 0; i < 2; i++) {
		memset(&req, 0, sizeof(req));
		/* The target sleeps in its getppid, inside the hook. */
		ASSERT_EQ(0, ioctl(lfd, SECCOMP_IOCTL_NOTIF_RECV, &req));
		ASSERT_EQ(__NR_getppid, req.data.nr);
		if (i == 0)
			ASSERT_EQ(0, st_attach("attach_test", self->t.pid, NULL, 0));
		memset(&resp, 0, sizeof(resp));
		resp.id = req.id;
		resp.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
		ASSERT_EQ(0, ioctl(lfd, SECCOMP_IOCTL_NOTIF_SEND, &resp));
		ASSERT_EQ(sizeof(r), read(self->t.res, &r, sizeof(r)));
		ASSERT_EQ(i == 0 ? 0 : EPERM, r);
	}
	close(lfd);
	close(pidfd);
}

/* In a child: attach and exit with the error (0-255), after @prep. */
static int attach_from_child(int (*prep)(void), pid_t pid, char *msg, size_t len)
{
	int p[2], st, ret;
	pid_t c;

	if (pipe(p))
		return -1;
	c = fork();
	if (c < 0)
		return -1;
	if (c == 0) {
		char m[256] = "";
		struct st_nl nl;

		close(p[0]);
		/* Opened first: a confined child could not open it. */
		if (st_nl_open(&nl) || prep())
			_exit(255);
		ret = st_attach_sock(&nl, "attach_test", pid, m, sizeof(m));
		if (write(p[1], m, sizeof(m)) != sizeof(m))
			_exit(254);
		_exit(-ret);
	}
	close(p[1]);
	if (read(p[0], msg, len) != (ssize_t)len)
		msg[0] = '\0';
	close(p[0]);
	if (waitpid(c, &st, 0) != c || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

static int become_user(void)
{
	return setresgid(65534, 65534, 65534) || setresuid(65534, 65534, 65534);
}

static int enter_landlock(void)
{
	struct landlock_ruleset_attr attr = {
		.handled_access_fs = LANDLOCK_ACCESS_FS_MAKE_CHAR,
	};
	int fd = syscall(__NR_landlock_create_ruleset, &attr, sizeof(attr), 0);

	if (fd < 0)
		return -1;
	/* Root: no need of no_new_privs. */
	return syscall(__NR_landlock_restrict_self, fd, 0);
}

static int stay_confined(void)
{
	return st_confine_self("attach_test-first", 0, SYSTRACE_MODE_ENFORCE);
}

/* Not root: refused, and the target is as it was. */
TEST_F(attach, user_refused)
{
	char msg[256];

	ASSERT_EQ(0, start(&self->t, 0, NULL));
	ASSERT_EQ(EPERM, attach_from_child(become_user, self->t.pid, msg, sizeof(msg)));
	ASSERT_NE(NULL, strstr(msg, "CAP_SYS_ADMIN"));
	ASSERT_EQ(0, ask(&self->t, 'd'));
}

/* Root, but confined: refused. */
TEST_F(attach, confined_refused)
{
	char msg[256];

	ASSERT_EQ(0, start(&self->t, 0, NULL));
	ASSERT_EQ(EPERM, attach_from_child(stay_confined, self->t.pid, msg, sizeof(msg)));
	ASSERT_NE(NULL, strstr(msg, "confined"));
	ASSERT_EQ(0, ask(&self->t, 'd'));
}

/* Root that may not ptrace the target (Landlock): refused. */
TEST_F(attach, ptrace_refused)
{
	char msg[256];

	ASSERT_EQ(0, start(&self->t, 0, NULL));
	ASSERT_EQ(EPERM, attach_from_child(enter_landlock, self->t.pid, msg, sizeof(msg)));
	ASSERT_NE(NULL, strstr(msg, "ptrace"));
	ASSERT_EQ(0, ask(&self->t, 'd'));
}

/* A kernel thread (kthreadd, pid 2): refused. */
TEST(kernel_thread_refused)
{
	char msg[256];

	ASSERT_EQ(0, st_policy_load("attach_test", policy, SYSTRACE_MODE_ENFORCE));
	ASSERT_EQ(-EPERM, st_attach("attach_test", 2, msg, sizeof(msg)));
	ASSERT_NE(NULL, strstr(msg, "kernel thread"));
}

/* No such process: ESRCH, said so. */
TEST(no_such_process)
{
	char msg[256];
	pid_t pid = fork();

	ASSERT_LE(0, pid);
	if (pid == 0)
		_exit(0);
	ASSERT_EQ(pid, waitpid(pid, NULL, 0));
	ASSERT_EQ(0, st_policy_load("attach_test", policy, SYSTRACE_MODE_ENFORCE));
	ASSERT_EQ(-ESRCH, st_attach("attach_test", pid, msg, sizeof(msg)));
	ASSERT_NE(NULL, strstr(msg, "no process"));
}

TEST_HARNESS_MAIN
