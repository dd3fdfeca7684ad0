// SPDX-License-Identifier: GPL-2.0
/*
 * systrace selftests: unloading the module while tasks are confined. The
 * confined tasks cannot unload it themselves; root outside can, and then
 * the tasks go on unconfined with a clean kernel log (the VM harness fails
 * the run on any warning). One of them has an io_uring open of a FIFO
 * asleep in an io-wq worker, inside io_issue_sqe(), issued through the
 * module's gate there (kmod/hook_uring.c): the unload does not wait for
 * it, and it completes afterwards. The module is loaded again at the end.
 *
 * Not a read of a pipe: 6.1's pipes have no FMODE_NOWAIT, and io_uring's
 * poll retry then spins in the task's task_work when another reader takes
 * the byte (apoll's retry count below zero): a kernel livelock the test
 * hit one run in five, with or without the module.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "harness.h"
#include "confine.h"
#include "uring.h"

#define NAME "unload_test"
#define NCHILD 4
#define FIFO "/tmp/unload_test.fifo"

static const char policy[] =
	"Policy: /selftests/unload_test, Emulation: native\n"
	"\tnative-recvmsg: permit\n"
	"\tnative-read: permit\n"
	"\tnative-write: permit\n"
	"\tnative-close: permit\n"
	"\tnative-io_uring_setup: permit\n"
	"\tnative-io_uring_enter: permit\n"
	"\tnative-mmap: permit\n"
	"\tnative-fsread: filename eq \"" FIFO "\" then permit\n"
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

/*
 * Is a thread of @pid an io-wq worker asleep in the open of a FIFO (in
 * fifo_open() or wait_for_partner(), by the kernel's inlining)?
 */
static int worker_in_fifo_open(pid_t pid)
{
	char path[300], buf[64];
	struct dirent *e;
	int found = 0;
	DIR *d;

	snprintf(path, sizeof(path), "/proc/%d/task", pid);
	d = opendir(path);
	if (!d)
		return 0;
	while (!found && (e = readdir(d))) {
		FILE *f;

		snprintf(path, sizeof(path), "/proc/%d/task/%s/wchan", pid,
			 e->d_name);
		f = fopen(path, "r");
		if (!f)
			continue;
		if (fgets(buf, sizeof(buf), f) &&
		    (strstr(buf, "fifo_open") || strstr(buf, "wait_for_partner")))
			found = 1;
		fclose(f);
	}
	closedir(d);
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
	int pipefd[2], ready[2], i, n, st, fifo;
	struct ring r = { .fd = -1 };
	char c;

	ASSERT_EQ(0, st_policy_load(NAME, policy, SYSTRACE_MODE_ENFORCE));
	ASSERT_EQ(0, pipe(pipefd));
	ASSERT_EQ(0, pipe(ready));
	unlink(FIFO);
	ASSERT_EQ(0, mkfifo(FIFO, 0600));
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
			 * The first: an open of the FIFO in an io-wq worker,
			 * asleep there (for a writer) across the unload.
			 */
			if (i == 0) {
				struct io_uring_sqe sqe = {
					.opcode = IORING_OP_OPENAT,
					.flags = IOSQE_ASYNC,
					.fd = AT_FDCWD,
					.addr = (unsigned long)FIFO,
					.open_flags = O_RDONLY,
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
			 * waits for its ring's open to complete.
			 */
			if (i == 0) {
				struct io_uring_sqe none = { .opcode = IORING_OP_NOP };
				int a, b;

				/*
				 * Both complete: the NOP at once (0), the
				 * open later (a descriptor, above 2).
				 */
				if (ring_submit(&r, &none, 2))
					_exit(17);
				a = ring_reap(&r);
				b = ring_reap(&r);
				if (!((a == 0 && b > 2) || (b == 0 && a > 2)))
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
		/*
		 * The worker is asleep inside io_issue_sqe(), past the
		 * module's gate: known by its wait channel, not a guess.
		 */
		while (!worker_in_fifo_open(pids[0])) {
			/* Its open failed: it has ended, and says where. */
			if (waitpid(pids[0], &st, WNOHANG) == pids[0]) {
				EXPECT_EQ(0, st) {
					TH_LOG("child 0 ended at step %d",
					       WEXITSTATUS(st));
				}
				ASSERT_TRUE(0);
			}
			usleep(10000);
		}
		ASSERT_EQ(0, system("rmmod systrace"));
		ASSERT_EQ(0, module_listed());
	}
	for (i = 1; i < NCHILD; i++)
		ASSERT_EQ(1, write(pipefd[1], "x", 1));
	/* The writer the worker's open waits for. */
	fifo = open(FIFO, O_WRONLY);
	ASSERT_LE(0, fifo);
	for (i = 0; i < NCHILD; i++) {
		ASSERT_EQ(pids[i], waitpid(pids[i], &st, 0));
		ASSERT_TRUE(WIFEXITED(st));
		EXPECT_EQ(0, WEXITSTATUS(st)) {
			TH_LOG("child %d failed at step %d", i,
			       WEXITSTATUS(st));
		}
	}
	close(fifo);
	unlink(FIFO);
	/* Load it again for whatever runs next. */
	ASSERT_EQ(0, system("insmod /lib/modules/systrace.ko"));
	ASSERT_EQ(1, module_listed());
}

TEST_HARNESS_MAIN
