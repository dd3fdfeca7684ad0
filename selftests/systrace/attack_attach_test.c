// SPDX-License-Identifier: GPL-2.0
/*
 * systrace selftests: attach against a fork in flight (issue 14, point 4).
 * A clone copies its parent's confinement early (task_alloc) and joins the
 * process's lists late; an attach that walks the threads in between must
 * still leave no task of the process, and no child of a fork that was in
 * flight, without the attached layer.
 *
 * fork_held: deterministic. The target's fork is held inside the kernel,
 * after task_alloc, by a userfaultfd with UFFD_FEATURE_EVENT_FORK: the fork
 * waits (dup_mmap()) until the monitor, here the test, reads the fork
 * event. The test sees the event queued (the fork is in flight), attaches,
 * then reads it; the child must be denied its open. Skipped on a kernel
 * without CONFIG_USERFAULTFD (the debug kernel has it).
 *
 * thread_chains: a race. Three chains of threads, each thread creating the
 * next and exiting, so that threads are in clone most of the time; the
 * test attaches, then raises a flag; every thread that sees the flag
 * opens the file the attached policy denies and reports. Every thread
 * alive after the attach is one of the process's: any success is a thread
 * without the layer. Rounds, each on a new target.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <linux/userfaultfd.h>

#include "harness.h"
#include "attach.h"
#include "confine.h"
#include "ctl.h"

#define DIR_ "/tmp/attack_attach_test"
#define DENIED DIR_ "/denied"
#define FIRST DIR_ "/first"

/* What the targets call, once confined; both layers permit it. */
#define CALLS \
	"\tnative-close: permit\n" \
	"\tnative-recvmsg: permit\n" \
	"\tnative-sendmsg: permit\n" \
	"\tnative-sendto: permit\n" \
	"\tnative-read: permit\n" \
	"\tnative-write: permit\n" \
	"\tnative-clone: permit\n" \
	"\tnative-clone3: permit\n" \
	"\tnative-fork: permit\n" \
	"\tnative-exit: permit\n" \
	"\tnative-exit_group: permit\n" \
	"\tnative-wait4: permit\n" \
	"\tnative-pause: permit\n" \
	"\tnative-sched_yield: permit\n" \
	"\tnative-futex: permit\n" \
	"\tnative-set_robust_list: permit\n" \
	"\tnative-rseq: permit\n" \
	"\tnative-rt_sigprocmask: permit\n" \
	"\tnative-madvise: permit\n" \
	"\tnative-mprotect: permit\n" \
	"\tnative-brk: permit\n" \
	"\tnative-mmap: permit\n" \
	"\tnative-munmap: permit\n" \
	"\tnative-getpid: permit\n" \
	"\tnative-gettid: permit\n"

static const char policy[] =
	"Policy: /selftests/attack_attach_test, Emulation: native\n"
	"\tnative-fsread: filename eq \"" DENIED "\" then deny[eacces]\n"
	"\tnative-fsread: filename eq \"" FIRST "\" then permit\n"
	CALLS;

/* The target's own confinement before the attach (a variant). */
static const char policy_first[] =
	"Policy: /selftests/attack_attach_test-first, Emulation: native\n"
	"\tnative-fsread: filename eq \"" DENIED "\" then permit\n"
	"\tnative-fsread: filename eq \"" FIRST "\" then deny[enoent]\n"
	"\tnative-ioctl: permit\n"
	CALLS;

FIXTURE(attack_attach) {
	pid_t pid;
};

FIXTURE_VARIANT(attack_attach) {
	/* The target confines itself first: the attach adds a layer. */
	int confined;
};

FIXTURE_VARIANT_ADD(attack_attach, unconfined) {
	.confined = 0,
};

FIXTURE_VARIANT_ADD(attack_attach, confined) {
	.confined = 1,
};

FIXTURE_SETUP(attack_attach)
{
	self->pid = 0;
	mkdir(DIR_, 0755);
	ASSERT_EQ(0, st_touch(DENIED));
	ASSERT_EQ(0, st_touch(FIRST));
	ASSERT_EQ(0, st_policy_load("attack_attach_test", policy,
				    SYSTRACE_MODE_ENFORCE));
	ASSERT_EQ(0, st_policy_load("attack_attach_test-first", policy_first,
				    SYSTRACE_MODE_ENFORCE));
}

FIXTURE_TEARDOWN(attack_attach)
{
	st_reap(&self->pid);
}

static int confine_first(const FIXTURE_VARIANT(attack_attach) *variant)
{
	return variant->confined &&
	       st_confine_self("attack_attach_test-first", 0,
			       SYSTRACE_MODE_ENFORCE);
}

/*
 * The target's fork waits inside the kernel, after task_alloc, while the
 * process is attached: its child has the layer.
 */
TEST_F(attack_attach, fork_held)
{
	struct uffdio_api api = { .api = UFFD_API,
				  .features = UFFD_FEATURE_EVENT_FORK };
	struct uffdio_register reg;
	struct uffd_msg msg;
	struct pollfd pfd;
	int cmd[2], res[2], uffd, pidfd, lfd, r;
	char c;
	void *page;

	ASSERT_EQ(0, pipe(cmd));
	ASSERT_EQ(0, pipe(res));
	uffd = syscall(__NR_userfaultfd, O_CLOEXEC);
	if (uffd < 0 && errno == ENOSYS)
		SKIP(return, "no userfaultfd in this kernel (CONFIG_USERFAULTFD)");
	ASSERT_LE(0, uffd);
	close(uffd);
	self->pid = fork();
	ASSERT_LE(0, self->pid);
	if (self->pid == 0) {
		pid_t child;

		close(cmd[1]);
		close(res[0]);
		uffd = syscall(__NR_userfaultfd, O_CLOEXEC);
		page = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		reg.range.start = (unsigned long)page;
		reg.range.len = 4096;
		reg.mode = UFFDIO_REGISTER_MODE_MISSING;
		if (uffd < 0 || page == MAP_FAILED ||
		    ioctl(uffd, UFFDIO_API, &api) ||
		    ioctl(uffd, UFFDIO_REGISTER, &reg) ||
		    confine_first(variant) ||
		    write(res[1], &uffd, sizeof(uffd)) != sizeof(uffd) ||
		    read(cmd[0], &c, 1) != 1)
			_exit(1);
		/* Unconfined, or confined by the first layer: it may. */
		r = st_try_open(DENIED);
		if (write(res[1], &r, sizeof(r)) != sizeof(r))
			_exit(1);
		/* Held here until the test reads the fork event. */
		child = fork();
		if (child == 0) {
			r = st_try_open(DENIED);
			if (write(res[1], &r, sizeof(r)) != sizeof(r))
				_exit(1);
			_exit(0);
		}
		if (child > 0)
			waitpid(child, NULL, 0);
		for (;;)
			pause();
	}
	close(cmd[0]);
	close(res[1]);
	ASSERT_EQ(sizeof(uffd), read(res[0], &uffd, sizeof(uffd)));
	pidfd = syscall(__NR_pidfd_open, self->pid, 0);
	ASSERT_LE(0, pidfd);
	lfd = syscall(__NR_pidfd_getfd, pidfd, uffd, 0);
	ASSERT_LE(0, lfd);
	close(pidfd);
	ASSERT_EQ(1, write(cmd[1], "f", 1));
	ASSERT_EQ(sizeof(r), read(res[0], &r, sizeof(r)));
	ASSERT_EQ(0, r);
	/* The fork event is queued: the target is inside fork(). */
	pfd.fd = lfd;
	pfd.events = POLLIN;
	ASSERT_EQ(1, poll(&pfd, 1, -1));
	ASSERT_EQ(0, st_attach("attack_attach_test", self->pid, NULL, 0));
	/* Let the fork go on: the child runs after the attach returned. */
	ASSERT_EQ(sizeof(msg), read(lfd, &msg, sizeof(msg)));
	ASSERT_EQ(UFFD_EVENT_FORK, msg.event);
	close(msg.arg.fork.ufd);
	ASSERT_EQ(sizeof(r), read(res[0], &r, sizeof(r)));
	EXPECT_EQ(EACCES, r);
	close(lfd);
	close(cmd[1]);
	close(res[0]);
}

#define CHAINS 3
#define ROUNDS 4
/* Reports read after the flag, per round. */
#define REPORTS 60

/* Shared between the test and its target. */
struct chain_shared {
	volatile int attached;	/* the attach returned */
	volatile int stop;
};

static struct chain_shared *sh;
static int chain_res;

/* One link: report if attached, then the next link, then exit. */
static void *link_fn(void *unused)
{
	pthread_attr_t attr;
	pthread_t th;
	int r;

	if (sh->attached) {
		r = st_try_open(DENIED);
		if (write(chain_res, &r, sizeof(r)) != sizeof(r))
			_exit(1);
	}
	if (sh->stop)
		return NULL;
	if (pthread_attr_init(&attr) ||
	    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED) ||
	    pthread_attr_setstacksize(&attr, 64 * 1024))
		_exit(1);
	while ((r = pthread_create(&th, &attr, link_fn, NULL)) == EAGAIN)
		sched_yield();
	if (r) {
		r = 4000 + r;
		if (write(chain_res, &r, sizeof(r)) != sizeof(r))
			_exit(1);
	}
	return NULL;
}

TEST_F(attack_attach, thread_chains)
{
	int res[2], ready[2], round, i, r, bad = 0, denied = 0;
	char c;

	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, sh);
	for (round = 0; round < ROUNDS; round++) {
		sh->attached = 0;
		sh->stop = 0;
		ASSERT_EQ(0, pipe(res));
		ASSERT_EQ(0, pipe(ready));
		self->pid = fork();
		ASSERT_LE(0, self->pid);
		if (self->pid == 0) {
			pthread_t th;

			close(res[0]);
			close(ready[0]);
			chain_res = res[1];
			if (confine_first(variant))
				_exit(1);
			for (i = 0; i < CHAINS; i++)
				if (pthread_create(&th, NULL, link_fn, NULL))
					_exit(1);
			close(ready[1]);
			for (;;)
				pause();
		}
		close(res[1]);
		close(ready[1]);
		/* The chains run. */
		ASSERT_EQ(0, read(ready[0], &c, 1));
		close(ready[0]);
		ASSERT_EQ(0, st_attach("attack_attach_test", self->pid, NULL, 0));
		sh->attached = 1;
		for (i = 0; i < REPORTS; i++) {
			ASSERT_EQ(sizeof(r), read(res[0], &r, sizeof(r)));
			if (r == EACCES)
				denied++;
			else
				bad++;
			if (r != EACCES)
				fprintf(stderr, "# round %d: a thread got %d\n",
					round, r);
		}
		sh->stop = 1;
		st_reap(&self->pid);
		close(res[0]);
	}
	EXPECT_EQ(ROUNDS * REPORTS, denied);
	EXPECT_EQ(0, bad);
}

TEST_HARNESS_MAIN
