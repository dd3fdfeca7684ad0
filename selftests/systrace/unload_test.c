// SPDX-License-Identifier: GPL-2.0
/*
 * systrace selftests: unloading the module while tasks are confined. The
 * confined tasks cannot unload it themselves; root outside can, and then
 * the tasks go on unconfined with a clean kernel log (the VM harness fails
 * the run on any warning). One of them has an io_uring read of the pipe
 * waiting in an io-wq worker, issued through the module's gate on
 * io_issue_sqe() (kmod/hook_uring.c): the unload does not wait for it, and
 * it completes afterwards. The module is loaded again at the end.
 */
#include <errno.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "harness.h"
#include "confine.h"
#include "uring.h"

#define NAME "unload_test"
#define NCHILD 4

static const char policy[] =
	"Policy: /selftests/unload_test, Emulation: native\n"
	"\tnative-recvmsg: permit\n"
	"\tnative-read: permit\n"
	"\tnative-write: permit\n"
	"\tnative-close: permit\n"
	"\tnative-io_uring_setup: permit\n"
	"\tnative-io_uring_enter: permit\n"
	"\tnative-mmap: permit\n"
	"\tnative-getppid: deny[enotty]\n";

static int module_listed(void)
{
	char line[256];
	FILE *f = fopen("/proc/modules", "r");
	int found = 0;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "systrace ", 9))
			found = 1;
	fclose(f);
	return found;
}

FIXTURE(unload) {
	int unused;
};

FIXTURE_SETUP(unload)
{
	(void)self;
}

FIXTURE_TEARDOWN(unload)
{
	(void)self;
}

/* The harness's default 30 s is short for a loaded host. */
TEST_F_TIMEOUT(unload, with_confined_tasks, 300)
{
	pid_t pids[NCHILD];
	int pipefd[2], ready[2], i, n, st;
	struct ring r = { .fd = -1 };
	char c;

	ASSERT_EQ(0, st_policy_load(NAME, policy, SYSTRACE_MODE_ENFORCE));
	ASSERT_EQ(0, pipe(pipefd));
	ASSERT_EQ(0, pipe(ready));
	for (i = 0; i < NCHILD; i++) {
		pids[i] = fork();
		ASSERT_LE(0, pids[i]);
		if (pids[i] == 0) {
			pid_t parent = getppid();

			/* Half learn: their unmatched calls pass and log. */
			if (st_confine_self(NAME, 0, i & 1))
				_exit(10);
			if (syscall(SYS_getppid) != -1 || errno != ENOTTY)
				_exit(11);
			/* A confined root cannot unload the module. */
			if (syscall(SYS_delete_module, "systrace", 0) != -1 ||
			    errno != EPERM)
				_exit(12);
			/*
			 * The first: a read of the pipe in an io-wq worker,
			 * waiting there (IOSQE_ASYNC) across the unload.
			 */
			if (i == 0) {
				struct io_uring_sqe sqe = {
					.opcode = IORING_OP_READ,
					.flags = IOSQE_ASYNC,
					.fd = pipefd[0],
					.addr = (unsigned long)&c,
					.len = 1,
				};

				if (ring_init(&r, 0) || ring_submit(&r, &sqe, 0))
					_exit(16);
			}
			/* Confined: the parent may unload now. */
			if (write(ready[1], "r", 1) != 1)
				_exit(15);
			close(ready[1]);
			/*
			 * Sleep confined, until the module is gone; the first
			 * waits for its ring's read to complete.
			 */
			if (i == 0) {
				struct io_uring_sqe none = { .opcode = IORING_OP_NOP };
				int a, b;

				/* Both complete: the NOP at once, the read later. */
				if (ring_submit(&r, &none, 2))
					_exit(17);
				a = ring_reap(&r);
				b = ring_reap(&r);
				if (a + b != 1 || a * b != 0)
					_exit(18);
			} else if (read(pipefd[0], &c, 1) != 1) {
				_exit(13);
			}
			/* Unconfined now. */
			if (syscall(SYS_getppid) != parent)
				_exit(14);
			_exit(0);
		}
	}
	/* Every child is confined (and about to block in read()): known by
	 * their word, not by a guess at how long that takes. A child that
	 * failed before closes its end without a word. */
	close(ready[1]);
	for (n = 0; n < NCHILD; n++)
		if (read(ready[0], &c, 1) != 1)
			break;
	/* Short: a child failed, and says at which step below. */
	EXPECT_EQ(NCHILD, n);
	if (n == NCHILD) {
		ASSERT_EQ(0, system("rmmod systrace"));
		ASSERT_EQ(0, module_listed());
	}
	for (i = 0; i < NCHILD; i++)
		ASSERT_EQ(1, write(pipefd[1], "x", 1));
	for (i = 0; i < NCHILD; i++) {
		ASSERT_EQ(pids[i], waitpid(pids[i], &st, 0));
		ASSERT_TRUE(WIFEXITED(st));
		EXPECT_EQ(0, WEXITSTATUS(st)) {
			TH_LOG("child %d failed at step %d", i,
			       WEXITSTATUS(st));
		}
	}
	/* Load it again for whatever runs next. */
	ASSERT_EQ(0, system("insmod /lib/modules/systrace.ko"));
	ASSERT_EQ(1, module_listed());
}

TEST_HARNESS_MAIN
