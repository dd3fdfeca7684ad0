// SPDX-License-Identifier: GPL-2.0
/*
 * systrace attack tests: abusing a rule that elevates (issue 14, point 2).
 * The policy (elevate.h) lets nobody read EL_DIR/a and EL_DIR/fifo as group
 * EL_GID and bind 127.0.0.1:22 as root. Each test tries to get more: keep
 * the identity past the call (a signal handler during a call that sleeps,
 * a fork in that handler, another thread, io_uring), or point the elevated
 * call at another object between the module's look and the kernel's use (a
 * symlink swapped, the address rewritten by another thread), or drive the
 * program an elevating policy binds (ptrace, /proc/PID/mem), or have a
 * program of one's own taken for the bound one (its path in a tree of
 * one's own).
 *
 * On the module before elevation (main 2e6679a) the positive halves fail:
 * no call is ever elevated, so the counts of elevated successes are 0.
 */
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <linux/io_uring.h>
#include <linux/mount.h>

#ifndef OPEN_TREE_CLONE
#define OPEN_TREE_CLONE 1
#endif

#include "harness.h"
#include "scm.h"
#include "elevate.h"

FIXTURE(attack) {
	int unused;
};

FIXTURE_SETUP(attack)
{
	ASSERT_EQ(0, el_setup());
}

FIXTURE_TEARDOWN(attack)
{
	el_teardown();
}

/* What the SIGUSR1 handler saw: its open of b, and a child's. */
static volatile sig_atomic_t h_open_b = 1, h_child_b = 1, h_ids = 0;

static void on_usr1(int sig)
{
	int st = 0;
	pid_t pid;

	(void)sig;
	h_open_b = el_read1(EL_DIR "/b");
	h_ids = el_ids_are_nobody();
	pid = fork();
	if (pid == 0)
		_exit(el_read1(EL_DIR "/b") == -EACCES ? 0 : 1);
	if (pid > 0 && waitpid(pid, &st, 0) == pid)
		h_child_b = WIFEXITED(st) ? WEXITSTATUS(st) : 2;
}

static void fifo_signal(void *arg)
{
	struct sigaction sa = { .sa_handler = on_usr1 };
	int fd;

	(void)arg;
	/* No SA_RESTART: the open ends with EINTR after the handler. */
	ST_CHECK(1, sigaction(SIGUSR1, &sa, NULL) == 0);
	fd = open(EL_DIR "/fifo", O_RDONLY);
	/* Elevated, the open slept until the signal; it did not fail. */
	ST_CHECK(2, fd == -1 && errno == EINTR);
	ST_CHECK(3, h_open_b == -EACCES);
	ST_CHECK(4, h_child_b == 0);
	ST_CHECK(5, h_ids);
	ST_CHECK(6, el_ids_are_nobody());
	ST_CHECK(7, el_read1(EL_DIR "/b") == -EACCES);
}

/* Is @pid in system call @nr now (/proc/PID/syscall)? */
static int in_syscall(pid_t pid, long nr)
{
	char path[64], buf[64];
	int fd, n;

	snprintf(path, sizeof(path), "/proc/%d/syscall", pid);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	return strtol(buf, NULL, 10) == nr;
}

TEST_F(attack, signal_handler_and_fork_during_a_sleeping_elevated_call)
{
	pid_t pid = fork();
	int st = 0, done = 0;

	ASSERT_LE(0, pid);
	if (pid == 0) {
		int ret = st_confine_self("elevate", 0, SYSTRACE_MODE_LEARN);

		if (ret)
			_exit(100);
		if (el_drop())
			_exit(99);
		fifo_signal(NULL);
		_exit(0);
	}
	/* The order of events: the child is asleep in its open of the FIFO. */
	while (!in_syscall(pid, SYS_openat)) {
		if (waitpid(pid, &st, WNOHANG) == pid) {
			done = 1;
			break;
		}
		sched_yield();
	}
	if (!done) {
		/*
		 * /proc/PID/syscall names the call only of a task that is
		 * blocked: asleep in its open of the FIFO, past the kernel's
		 * permission check, waiting for a writer that never comes.
		 */
		kill(pid, SIGUSR1);
		ASSERT_EQ(pid, waitpid(pid, &st, 0));
	}
	ASSERT_TRUE(WIFEXITED(st));
	ASSERT_EQ(0, WEXITSTATUS(st));
}

/* Another thread of the process tries b while one opens a, elevated. */
static atomic_int t_done, t_b_opened, t_b_tries;

static void *try_b(void *arg)
{
	(void)arg;
	while (!atomic_load(&t_done)) {
		if (el_read1(EL_DIR "/b") == 'B')
			atomic_fetch_add(&t_b_opened, 1);
		atomic_fetch_add(&t_b_tries, 1);
	}
	return NULL;
}

static void thread_race(void *arg)
{
	pthread_t th;
	int i, ok = 0;

	(void)arg;
	ST_CHECK(1, pthread_create(&th, NULL, try_b, NULL) == 0);
	for (i = 0; i < 300; i++)
		ok += el_read1(EL_DIR "/a") == 'A';
	/* The other thread had its turns too. */
	while (atomic_load(&t_b_tries) < 50)
		sched_yield();
	atomic_store(&t_done, 1);
	pthread_join(th, NULL);
	ST_CHECK(2, ok == 300);
	ST_CHECK(3, atomic_load(&t_b_opened) == 0);
	ST_CHECK(4, el_ids_are_nobody());
}

TEST_F(attack, another_thread_never_shares_the_raised_identity)
{
	ASSERT_EQ(0, el_run("elevate", thread_race, NULL));
}

/* A symlink flipped between a and b while the process opens it. */
static void *flip_link(void *arg)
{
	(void)arg;
	while (!atomic_load(&t_done)) {
		rename(EL_DIR "/u/to-b", EL_DIR "/u/link");
		symlink(EL_DIR "/b", EL_DIR "/u/to-b");
		rename(EL_DIR "/u/to-a", EL_DIR "/u/link");
		symlink(EL_DIR "/a", EL_DIR "/u/to-a");
		atomic_fetch_add(&t_b_tries, 1);
	}
	return NULL;
}

static void symlink_swap(void *arg)
{
	pthread_t th;
	int i, a = 0, b = 0, r;

	(void)arg;
	ST_CHECK(1, symlink(EL_DIR "/a", EL_DIR "/u/link") == 0);
	ST_CHECK(2, symlink(EL_DIR "/a", EL_DIR "/u/to-a") == 0);
	ST_CHECK(3, symlink(EL_DIR "/b", EL_DIR "/u/to-b") == 0);
	atomic_store(&t_done, 0);
	atomic_store(&t_b_tries, 0);
	ST_CHECK(4, pthread_create(&th, NULL, flip_link, NULL) == 0);
	for (i = 0; i < 1000 || atomic_load(&t_b_tries) < 100; i++) {
		r = el_read1(EL_DIR "/u/link");
		a += r == 'A';
		b += r == 'B';
	}
	atomic_store(&t_done, 1);
	pthread_join(th, NULL);
	/* a through the link is the rule's file; b never opens. */
	ST_CHECK(5, a > 0);
	ST_CHECK(6, b == 0);
	ST_CHECK(7, el_ids_are_nobody());
}

TEST_F(attack, symlink_swapped_under_an_elevated_open)
{
	ASSERT_EQ(0, el_run("elevate", symlink_swap, NULL));
}

/* The address of an elevated bind rewritten by another thread. */
static struct sockaddr_in *shared_sin;

static void *flip_port(void *arg)
{
	(void)arg;
	/*
	 * Mostly 22: on one CPU a yield with 23 in place would let the binds
	 * see 23 alone (6.12's scheduler did), and never test the swap.
	 */
	while (!atomic_load(&t_done)) {
		shared_sin->sin_port = htons(23);
		shared_sin->sin_port = htons(22);
		atomic_fetch_add(&t_b_tries, 1);
		sched_yield();
	}
	return NULL;
}

static void bind_swap(void *arg)
{
	struct sockaddr_in got;
	socklen_t len;
	pthread_t th;
	int i, s, p22 = 0, other = 0;

	(void)arg;
	shared_sin = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
			  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ST_CHECK(1, shared_sin != MAP_FAILED);
	shared_sin->sin_family = AF_INET;
	shared_sin->sin_port = htons(22);
	shared_sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	atomic_store(&t_done, 0);
	atomic_store(&t_b_tries, 0);
	ST_CHECK(2, pthread_create(&th, NULL, flip_port, NULL) == 0);
	for (i = 0; i < 500 || atomic_load(&t_b_tries) < 50; i++) {
		s = socket(AF_INET, SOCK_STREAM, 0);
		ST_CHECK(3, s >= 0);
		el_reuseaddr(s);
		if (!bind(s, (struct sockaddr *)shared_sin,
			  sizeof(*shared_sin))) {
			len = sizeof(got);
			ST_CHECK(4, getsockname(s, (struct sockaddr *)&got,
						&len) == 0);
			if (ntohs(got.sin_port) == 22)
				p22++;
			else
				other++;
		}
		close(s);
	}
	atomic_store(&t_done, 1);
	pthread_join(th, NULL);
	ST_CHECK(5, p22 > 0);
	/* Port 23 needs root, and no rule elevates it. */
	ST_CHECK(6, other == 0);
	ST_CHECK(7, el_ids_are_nobody());
}

TEST_F(attack, address_rewritten_under_an_elevated_bind)
{
	ASSERT_EQ(0, el_run("elevate", bind_swap, NULL));
}

/* After elevated calls: a child, and a program it runs, are nobody. */
static void fork_exec_after(void *arg)
{
	pid_t pid;
	int st;

	(void)arg;
	ST_CHECK(1, el_read1(EL_DIR "/a") == 'A');
	ST_CHECK(2, el_bind(22) == 0);
	pid = fork();
	ST_CHECK(3, pid >= 0);
	if (pid == 0) {
		if (!el_ids_are_nobody() ||
		    el_read1(EL_DIR "/b") != -EACCES)
			_exit(1);
		execl("/bin/cat", "cat", EL_DIR "/b", (char *)NULL);
		_exit(2);
	}
	ST_CHECK(4, waitpid(pid, &st, 0) == pid);
	/* cat could not open b: it failed, not 0. */
	ST_CHECK(5, WIFEXITED(st) && WEXITSTATUS(st) != 0 &&
		    WEXITSTATUS(st) != 2);
}

TEST_F(attack, fork_and_exec_after_elevated_calls)
{
	ASSERT_EQ(0, el_run("elevate", fork_exec_after, NULL));
}

/* io_uring: an open submitted to the ring is never elevated. */
static int uring_openat(const char *path)
{
	struct io_uring_params p = { 0 };
	struct io_uring_sqe *sqes;
	struct io_uring_cqe *cqe;
	unsigned int *sq_tail, *sq_array, *cq_head, *cq_tail;
	void *sq, *cq;
	size_t sq_len, cq_len;
	int ring, ret;

	ring = syscall(SYS_io_uring_setup, 4, &p);
	if (ring < 0)
		return 1000 + errno;
	sq_len = p.sq_off.array + p.sq_entries * sizeof(unsigned int);
	cq_len = p.cq_off.cqes + p.cq_entries * sizeof(struct io_uring_cqe);
	sq = mmap(NULL, sq_len, PROT_READ | PROT_WRITE, MAP_SHARED, ring,
		  IORING_OFF_SQ_RING);
	cq = mmap(NULL, cq_len, PROT_READ | PROT_WRITE, MAP_SHARED, ring,
		  IORING_OFF_CQ_RING);
	sqes = mmap(NULL, p.sq_entries * sizeof(*sqes), PROT_READ | PROT_WRITE,
		    MAP_SHARED, ring, IORING_OFF_SQES);
	if (sq == MAP_FAILED || cq == MAP_FAILED || sqes == MAP_FAILED)
		return 2000;
	sq_tail = (unsigned int *)((char *)sq + p.sq_off.tail);
	sq_array = (unsigned int *)((char *)sq + p.sq_off.array);
	cq_head = (unsigned int *)((char *)cq + p.cq_off.head);
	cq_tail = (unsigned int *)((char *)cq + p.cq_off.tail);
	memset(&sqes[0], 0, sizeof(sqes[0]));
	sqes[0].opcode = IORING_OP_OPENAT;
	sqes[0].fd = AT_FDCWD;
	sqes[0].addr = (unsigned long)path;
	sqes[0].open_flags = O_RDONLY;
	/* Once inline, once forced to the async worker. */
	sqes[0].flags = IOSQE_ASYNC;
	sq_array[0] = 0;
	__atomic_store_n(sq_tail, *sq_tail + 1, __ATOMIC_RELEASE);
	ret = syscall(SYS_io_uring_enter, ring, 1, 1, IORING_ENTER_GETEVENTS,
		      NULL, 0);
	if (ret < 0)
		return 3000 + errno;
	if (__atomic_load_n(cq_tail, __ATOMIC_ACQUIRE) == *cq_head)
		return 4000;
	cqe = (struct io_uring_cqe *)((char *)cq + p.cq_off.cqes) +
	      (*cq_head & (p.cq_entries - 1));
	ret = cqe->res;
	close(ring);
	return ret;
}

static void uring(void *arg)
{
	int ret;

	(void)arg;
	ret = uring_openat(EL_DIR "/a");
	if (ret >= 1000 && ret < 2000)
		_exit(50);	/* no io_uring here: reported as a skip */
	/* The ring's open of a is not the elevated call: EACCES. */
	ST_CHECK(1, ret == -EACCES);
	ST_CHECK(2, uring_openat(EL_DIR "/b") == -EACCES);
	/* The process's own open of a is. */
	ST_CHECK(3, el_read1(EL_DIR "/a") == 'A');
	ST_CHECK(4, el_ids_are_nobody());
}

TEST_F(attack, io_submitted_to_a_ring_is_never_elevated)
{
	int ret = el_run("elevate", uring, NULL);

	if (ret == 50)
		SKIP(return, "io_uring not available");
	ASSERT_EQ(0, ret);
}

/*
 * The program an elevating policy binds runs as a set-id program does:
 * its user can neither ptrace it nor write its memory, which would let it
 * make the elevated calls itself.
 */
TEST_F(attack, user_cannot_drive_the_bound_program)
{
	int in[2], out[2], st;
	char buf[16] = "";
	pid_t pid, tracer;

	ASSERT_EQ(0, pipe(in));
	ASSERT_EQ(0, pipe(out));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		close(in[1]);
		close(out[0]);
		if (el_drop())
			_exit(99);
		execl(EL_HELPER, EL_HELPER, "wait", (char *)NULL);
		_exit(98);
	}
	close(in[0]);
	close(out[1]);
	ASSERT_EQ(6, read(out[0], buf, 6));
	ASSERT_STREQ("ready\n", buf);
	tracer = fork();
	ASSERT_LE(0, tracer);
	if (tracer == 0) {
		char path[64];

		if (el_drop())
			_exit(99);
		if (ptrace(PTRACE_ATTACH, pid, 0, 0) == 0 || errno != EPERM)
			_exit(1);
		snprintf(path, sizeof(path), "/proc/%d/mem", pid);
		if (open(path, O_RDWR) >= 0)
			_exit(2);
		_exit(0);
	}
	ASSERT_EQ(tracer, waitpid(tracer, &st, 0));
	/* Killed: a tracer that did attach left it stopped. */
	kill(pid, SIGKILL);
	close(in[1]);
	ASSERT_EQ(pid, waitpid(pid, NULL, 0));
	ASSERT_TRUE(WIFEXITED(st));
	ASSERT_EQ(0, WEXITSTATUS(st));
}

/*
 * An impostor: this program, copied by nobody to EL_DIR/u/selftests/
 * elevate_helper and run from a detached copy of EL_DIR/u, where the copy's
 * name from the tree's own root is the bound program's path. Run with
 * argv[0] IMPOSTOR, it tries to read EL_DIR/a, which only the binding's
 * elevated rule lets nobody read: exit status 1 if it did, plus 2 if it
 * runs as a bound program does (AT_SECURE), else 0.
 */
#define IMPOSTOR "st-impostor"

__attribute__((constructor)) static void impostor(int argc, char **argv)
{
	if (argc == 1 && !strcmp(argv[0], IMPOSTOR))
		_exit((el_read1(EL_DIR "/a") == 'A') |
		      (getauxval(AT_SECURE) ? 2 : 0));
}

static int copy_file(const char *from, const char *to)
{
	int in = open(from, O_RDONLY), out, ret = -1;
	char buf[65536];
	ssize_t n;

	if (in < 0)
		return -1;
	out = open(to, O_WRONLY | O_CREAT | O_EXCL, 0755);
	if (out >= 0) {
		while ((n = read(in, buf, sizeof(buf))) > 0)
			if (write(out, buf, n) != n)
				break;
		ret = n == 0 ? 0 : -1;
		if (close(out))
			ret = -1;
	}
	close(in);
	return ret;
}

/*
 * Bindings are by path: a program is bound by its name from the root of
 * the mount namespace, not by the name it has in a tree of the caller's
 * own. nobody, unconfined, copies this program into its own directory at
 * u/selftests/elevate_helper; a child of its own, in a user and mount
 * namespace of its own (where it may), makes a detached copy of u
 * (open_tree) and hands it back; nobody, in the initial user namespace
 * (where calls may be elevated), executes the copy through it, where the
 * copy's name from the tree's root is the bound program's. The copy must
 * not be bound: it reads nothing the binding's rules elevate.
 */
TEST_F(attack, a_program_of_ones_own_in_a_detached_tree_is_not_bound)
{
	char *const argv[] = { IMPOSTOR, NULL };
	int sv[2], st, fd;
	pid_t pid, child;

	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		if (el_drop())
			_exit(99);
		ST_CHECK(90, mkdir(EL_DIR "/u/selftests", 0755) == 0);
		ST_CHECK(91, copy_file("/proc/self/exe",
				       EL_DIR "/u/selftests/elevate_helper") == 0);
		/* The copy by its own name: nobody's program, not bound. */
		child = fork();
		ST_CHECK(92, child >= 0);
		if (child == 0) {
			execv(EL_DIR "/u/selftests/elevate_helper", argv);
			_exit(98);
		}
		ST_CHECK(93, waitpid(child, &st, 0) == child &&
			 WIFEXITED(st) && WEXITSTATUS(st) == 0);
		ST_CHECK(94, socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
		child = fork();
		ST_CHECK(95, child >= 0);
		if (child == 0) {
			ST_CHECK(80, unshare(CLONE_NEWUSER | CLONE_NEWNS) == 0);
			fd = syscall(SYS_open_tree, AT_FDCWD, EL_DIR "/u",
				     OPEN_TREE_CLONE);
			ST_CHECK(81, fd >= 0);
			ST_CHECK(82, st_send_fd(sv[1], fd) == 0);
			_exit(0);
		}
		/* A child that sent nothing ends the wait. */
		close(sv[1]);
		fd = st_recv_fd(sv[0]);
		ST_CHECK(96, waitpid(child, &st, 0) == child);
		ST_CHECK(97, WIFEXITED(st) && WEXITSTATUS(st) == 0);
		ST_CHECK(89, fd >= 0);
		syscall(SYS_execveat, fd, "selftests/elevate_helper", argv,
			environ, 0);
		_exit(98);
	}
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	ASSERT_TRUE(WIFEXITED(st));
	/* 1: it read EL_DIR/a as the group; 2: it ran as the bound program. */
	ASSERT_EQ(0, WEXITSTATUS(st));
}

TEST_HARNESS_MAIN
