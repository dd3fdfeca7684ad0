// SPDX-License-Identifier: GPL-2.0
/*
 * systrace attack selftests: other processes as proxies (issue 11, point 3).
 *
 * A confined task C wants a file its policy denies (SECRET). An unconfined
 * process P of the same uid holds it: P opened it before anything was
 * confined (descriptor PFD_SECRET), copied its bytes into its memory
 * (p_copy) and into a pipe it keeps open (PFD_PIPE). C's policy permits
 * every route it tries (ptrace, process_vm_readv/writev, opening
 * /proc/PID/..., pidfd_open and pidfd_getfd, process_madvise, kcmp,
 * signals); what stops each route is the module's scope rule: a confined
 * task may not reach into a task outside its confinement, whatever its
 * policy says (kmod/hook_task.c). Each test asserts the attacker's goal:
 * C never reads the secret's bytes, and P's memory (p_flag) is never
 * written. The same routes into a task of C's own confinement work (the
 * in_domain test), so the policy does permit them.
 *
 * The child that left confinement: a program C executes with
 * permit[detach] runs unconfined (this test program itself, as "victim").
 * C may not reach into it either, nor keep tracing a child across such an
 * exec, nor be made its tracer by PTRACE_TRACEME.
 *
 * Signals are the policy's: C stops P with a SIGSTOP its policy permits,
 * and its SIGKILL the policy denies fails, by every call that sends one,
 * and by a file's signals (F_SETOWN, F_SETSIG, O_ASYNC), and by job
 * control's, which the kernel sends with no kill(): a terminal's input,
 * TIOCSIG, its hangup, an orphaned process group's (tty_signals,
 * orphaned_pgrp: kmod/hook_tty.c). TIOCSTI types only into a terminal
 * whose session is inside the confinement (tty_sti, tty_inside), and a
 * hangup the kernel makes in a worker is decided as the master's holder's
 * (tty_hangup_deferred).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/io_uring.h>
#include <linux/kcmp.h>
#include <linux/tiocl.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <sys/wait.h>

#include "harness.h"
#include "attach.h"
#include "hooks.h"

#define NAME "attack_proc_test"
#define SELF "/selftests/attack_proc_test"
#define SECRET "/tmp/attack_proc_secret"
#define PUBLIC "/tmp/attack_proc_public"
#define SECRET_DIR "/tmp/attack_proc_dir"
#define SECRET_TEXT "SECRET-7f3a"
#define PUBLIC_TEXT "public"
#define MAGIC 0x4141414141414141L

/* P's descriptors (and a confined D's, in_domain). */
#define PFD_SECRET	40	/* SECRET (D: PUBLIC) */
#define PFD_PIPE	41	/* a pipe holding SECRET_TEXT */
#define PFD_PIPE_W	42

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_pidfd_getfd
#define SYS_pidfd_getfd 438
#endif
#ifndef SYS_pidfd_send_signal
#define SYS_pidfd_send_signal 424
#endif
#ifndef SYS_process_madvise
#define SYS_process_madvise 440
#endif

/*
 * In P (and D): written only by an attack. The addresses are the same in
 * every process forked from the test, which is how C knows them.
 */
static volatile long p_flag;
static char p_copy[64];

static pid_t victim;	/* P */
static char policy[4096];

/* C's exit codes for "the attacker got what it wanted". */
#define GOT_SECRET	90
#define WROTE_MEMORY	91
#define TRACED		92

#define FAILS(call, err) ((call) == -1 && errno == (err))

static int has_secret(const char *buf, ssize_t n)
{
	return n > 0 && memmem(buf, n, SECRET_TEXT, strlen(SECRET_TEXT));
}

/* Read what @fd holds; exit GOT_SECRET if it is the secret. */
static void read_fd(int fd)
{
	char buf[128];
	ssize_t n = read(fd, buf, sizeof(buf));

	if (has_secret(buf, n))
		_exit(GOT_SECRET);
	close(fd);
}

/*
 * "attack_proc_test victim pause FD": an unconfined program (exec'd with
 * permit[detach]) that says it runs on FD and waits ("victim tty FD": the
 * same, with the signals of a terminal blocked); "victim traceme":
 * exit 0 if PTRACE_TRACEME is refused with EPERM, 1 if it was accepted.
 */
static int ring_close(int m);

__attribute__((constructor))
static void victim_main(int argc, char **argv)
{
	char c = 1;

	if (argc < 3 || strcmp(argv[1], "victim"))
		return;
	if (!strcmp(argv[2], "traceme"))
		_exit(FAILS(ptrace(PTRACE_TRACEME, 0, 0, 0), EPERM) ? 0 : 1);
	/* tty_hangup_inherited_exec's C, confined by this exec. */
	if (!strcmp(argv[2], "ringclose"))
		_exit(ring_close(atoi(argv[3])));
	if (!strcmp(argv[2], "tty")) {
		/* Keep the terminal's signals pending, for the test to see. */
		sigset_t set;

		sigemptyset(&set);
		sigaddset(&set, SIGINT);
		sigaddset(&set, SIGQUIT);
		sigaddset(&set, SIGHUP);
		sigprocmask(SIG_BLOCK, &set, NULL);
	}
	if (argc > 3 && write(atoi(argv[3]), &c, 1) != 1)
		_exit(2);
	for (;;)
		pause();
}

static void make_policy(void)
{
	snprintf(policy, sizeof(policy),
		 "Policy: /nonexistent/" NAME ", Emulation: native\n"
		 "\tnative-recvmsg: permit\n"
		 "\tnative-fsread: filename eq \"" SECRET "\" then deny[eacces]\n"
		 "\tnative-fsread: filename inpath \"" SECRET_DIR "\" then deny[eacces]\n"
		 "\tnative-fsread: permit\n"
		 "\tnative-fswrite: filename eq \"" SECRET "\" then deny[eacces]\n"
		 "\tnative-fswrite: permit\n"
		 "\tnative-read: permit\n"
		 "\tnative-write: permit\n"
		 "\tnative-pread64: permit\n"
		 "\tnative-pwrite64: permit\n"
		 "\tnative-close: permit\n"
		 "\tnative-pipe2: permit\n"
		 "\tnative-fcntl: permit\n"
		 "\tnative-rt_sigpending: permit\n"
		 "\tnative-rt_sigtimedwait: permit\n"
		 "\tnative-io_uring_setup: permit\n"
		 "\tnative-io_uring_register: permit\n"
		 "\tnative-dup2: permit\n"
		 "\tnative-getpid: permit\n"
		 "\tnative-gettid: permit\n"
		 "\tnative-rt_sigprocmask: permit\n"
		 "\tnative-clone: permit\n"
		 "\tnative-clone3: permit\n"
		 "\tnative-wait4: permit\n"
		 "\tnative-execve: filename eq \"" SELF "\" then permit[detach]\n"
		 "\tnative-ptrace: permit\n"
		 "\tnative-process_vm_readv: permit\n"
		 "\tnative-process_vm_writev: permit\n"
		 "\tnative-pidfd_open: permit\n"
		 "\tnative-pidfd_getfd: permit\n"
		 "\tnative-process_madvise: permit\n"
		 "\tnative-kcmp: permit\n"
		 "\tnative-ioctl: permit\n"
		 "\tnative-setsid: permit\n"
		 "\tnative-setpgid: permit\n"
		 "\tnative-kill: signame eq \"SIGINT\" or signame eq \"SIGQUIT\" or signame eq \"SIGHUP\" then deny[eacces]\n"
		 "\tnative-kill: signame eq \"SIGKILL\" and pidname eq \"%d\" then deny[eacces]\n"
		 "\tnative-kill: permit\n",
		 victim);
}

FIXTURE(proc) {
	int unused;
};

/* P: the unconfined process of the same uid that holds the secret. */
static void victim_run(int ready)
{
	int fd, p[2];
	ssize_t n;

	fd = open(SECRET, O_RDONLY);
	if (fd < 0 || dup2(fd, PFD_SECRET) != PFD_SECRET)
		_exit(1);
	close(fd);
	n = pread(PFD_SECRET, p_copy, sizeof(p_copy) - 1, 0);
	if (n <= 0 || pipe(p) ||
	    dup2(p[0], PFD_PIPE) != PFD_PIPE ||
	    dup2(p[1], PFD_PIPE_W) != PFD_PIPE_W ||
	    write(PFD_PIPE_W, p_copy, n) != n)
		_exit(1);
	close(p[0]);
	close(p[1]);
	if (chdir(SECRET_DIR))
		_exit(1);
	close(ready);	/* ready */
	for (;;)
		pause();
}

FIXTURE_SETUP(proc)
{
	int p[2];
	char c;

	mkdir(SECRET_DIR, 0755);
	ASSERT_EQ(0, st_write_file(SECRET, SECRET_TEXT "\n"));
	ASSERT_EQ(0, st_write_file(SECRET_DIR "/secret", SECRET_TEXT "\n"));
	ASSERT_EQ(0, st_write_file(PUBLIC, PUBLIC_TEXT "\n"));
	ASSERT_EQ(0, pipe(p));
	victim = fork();
	ASSERT_LE(0, victim);
	if (victim == 0) {
		close(p[0]);
		victim_run(p[1]);
	}
	close(p[1]);
	ASSERT_EQ(0, read(p[0], &c, 1));
	close(p[0]);
	make_policy();
	ASSERT_EQ(0, st_policy_load(NAME, policy, SYSTRACE_MODE_ENFORCE));
}

FIXTURE_TEARDOWN(proc)
{
	kill(victim, SIGKILL);
	waitpid(victim, NULL, 0);
}

/* P's p_flag, read by the (unconfined) test. */
static long victim_flag(void)
{
	long v = -1;
	struct iovec local = { &v, sizeof(v) };
	struct iovec remote = { (void *)&p_flag, sizeof(v) };

	if (process_vm_readv(victim, &local, 1, &remote, 1, 0) != sizeof(v))
		return -1;
	return v;
}

/* @pid's /proc/PID/status in @buf, read by the test: 0, or -1. */
static int proc_status(pid_t pid, char *buf, size_t size)
{
	char path[64];
	int fd, n;

	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	return 0;
}

/* Is @pid traced? Its TracerPid. */
static int tracer_of(pid_t pid)
{
	char buf[2048], *s;

	if (proc_status(pid, buf, sizeof(buf)))
		return -1;
	s = strstr(buf, "TracerPid:");
	return s ? atoi(s + 10) : -1;
}

static void check_victim(struct __test_metadata *_metadata)
{
	ASSERT_EQ(0, victim_flag());
	ASSERT_EQ(0, tracer_of(victim));
}

/* Write MAGIC into @pid's p_flag through ptrace, once attached. */
static void poke(pid_t pid)
{
	int st;

	if (waitpid(pid, &st, __WALL) != pid)
		_exit(TRACED);
	ptrace(PTRACE_POKEDATA, pid, (void *)&p_flag, (void *)MAGIC);
	ptrace(PTRACE_DETACH, pid, 0, 0);
	_exit(TRACED);
}

static void attack_ptrace(void *arg)
{
	(void)arg;
	if (ptrace(PTRACE_ATTACH, victim, 0, 0) == 0)
		poke(victim);
	ST_CHECK(1, errno == EPERM);
	if (ptrace(PTRACE_SEIZE, victim, 0, 0) == 0) {
		ptrace(PTRACE_INTERRUPT, victim, 0, 0);
		poke(victim);
	}
	ST_CHECK(2, errno == EPERM);
}

TEST_F(proc, ptrace)
{
	struct st_events ev;
	char args[64], who[192];
	pid_t pid;

	ASSERT_EQ(0, st_events_open(&ev));
	ASSERT_EQ(0, st_run_child(NAME, 0, SYSTRACE_MODE_ENFORCE,
				  attack_ptrace, NULL, &pid));
	check_victim(_metadata);
	/* The policy permitted; the scope rule denied, and says so. */
	snprintf(args, sizeof(args), "pidname: %d", victim);
	ASSERT_TRUE(st_events_has(&ev, pid, "ptrace", args,
				  SYSTRACE_VERDICT_DENY, EPERM));
	st_events_close(&ev);
	/*
	 * And the kernel log says so in a decision's words and fields
	 * (issue 15, point 4): the program's path, not its comm; the call
	 * with its number; rule line 0, no rule having decided.
	 */
	snprintf(who, sizeof(who),
		 "prog: \"/selftests/" NAME "\", pid: %d, ppid: %d, policy: \"" NAME "\", call: ptrace(%d), pidname: %d, error: 1, line: 0",
		 pid, getpid(), SYS_ptrace, victim);
	EXPECT_TRUE(st_klog_has("systrace: deny user: ", who));
}

static void attack_vm(void *arg)
{
	long v = MAGIC;
	char buf[64] = "";
	struct iovec lw = { &v, sizeof(v) };
	struct iovec rw = { (void *)&p_flag, sizeof(v) };
	struct iovec lr = { buf, sizeof(buf) };
	struct iovec rr = { p_copy, sizeof(buf) };
	ssize_t n;

	(void)arg;
	if (process_vm_writev(victim, &lw, 1, &rw, 1, 0) == sizeof(v))
		_exit(WROTE_MEMORY);
	ST_CHECK(1, errno == EPERM);
	n = process_vm_readv(victim, &lr, 1, &rr, 1, 0);
	if (has_secret(buf, n))
		_exit(GOT_SECRET);
	ST_CHECK(2, n == -1 && errno == EPERM);
}

TEST_F(proc, process_vm)
{
	pid_t pid;

	ASSERT_EQ(0, st_run_child(NAME, 0, SYSTRACE_MODE_ENFORCE,
				  attack_vm, NULL, &pid));
	check_victim(_metadata);
}

static void attack_mem(void *arg)
{
	char path[64], buf[64] = "";
	long v = MAGIC;
	ssize_t n;
	int fd;

	(void)arg;
	snprintf(path, sizeof(path), "/proc/%d/mem", victim);
	fd = open(path, O_RDWR);
	if (fd >= 0) {
		if (pwrite(fd, &v, sizeof(v), (long)&p_flag) == sizeof(v))
			_exit(WROTE_MEMORY);
		n = pread(fd, buf, sizeof(buf), (long)p_copy);
		if (has_secret(buf, n))
			_exit(GOT_SECRET);
		_exit(3);
	}
	ST_CHECK(1, errno == EACCES);
	fd = open(path, O_RDONLY);
	if (fd >= 0) {
		n = pread(fd, buf, sizeof(buf), (long)p_copy);
		if (has_secret(buf, n))
			_exit(GOT_SECRET);
		_exit(4);
	}
	ST_CHECK(2, errno == EACCES);
}

TEST_F(proc, proc_mem)
{
	pid_t pid;

	ASSERT_EQ(0, st_run_child(NAME, 0, SYSTRACE_MODE_ENFORCE,
				  attack_mem, NULL, &pid));
	check_victim(_metadata);
}

static void attack_getfd(void *arg)
{
	int pidfd, fd;

	(void)arg;
	pidfd = syscall(SYS_pidfd_open, victim, 0);
	ST_CHECK(1, pidfd >= 0);
	fd = syscall(SYS_pidfd_getfd, pidfd, PFD_SECRET, 0);
	if (fd >= 0) {
		read_fd(fd);
		_exit(3);
	}
	ST_CHECK(2, errno == EPERM);
	fd = syscall(SYS_pidfd_getfd, pidfd, PFD_PIPE, 0);
	if (fd >= 0) {
		read_fd(fd);
		_exit(4);
	}
	ST_CHECK(5, errno == EPERM);
}

TEST_F(proc, pidfd_getfd)
{
	pid_t pid;

	ASSERT_EQ(0, st_run_child(NAME, 0, SYSTRACE_MODE_ENFORCE,
				  attack_getfd, NULL, &pid));
	check_victim(_metadata);
}

/* Open @path (read-only): must fail with EACCES, never give the secret. */
static void must_not_open(int step, const char *fmt, int n)
{
	char path[128];
	int fd;

	snprintf(path, sizeof(path), fmt, victim, n);
	fd = open(path, O_RDONLY);
	if (fd >= 0) {
		read_fd(fd);
		_exit(step + 50);
	}
	ST_CHECK(step, errno == EACCES);
}

static void attack_proc_links(void *arg)
{
	(void)arg;
	/* The file by P's descriptor, and P's pipe, which has no path. */
	must_not_open(1, "/proc/%d/fd/%d", PFD_SECRET);
	must_not_open(2, "/proc/%d/fd/%d", PFD_PIPE);
	/* P's cwd and root, as a directory and through them. */
	must_not_open(3, "/proc/%d/cwd/secret%.0d", 0);
	must_not_open(4, "/proc/%d/cwd%.0d", 0);
	must_not_open(5, "/proc/%d/root" SECRET "%.0d", 0);
	must_not_open(6, "/proc/%d/root%.0d", 0);
}

TEST_F(proc, proc_links)
{
	char buf[64];
	int fd;
	pid_t pid;

	ASSERT_EQ(0, st_run_child(NAME, 0, SYSTRACE_MODE_ENFORCE,
				  attack_proc_links, NULL, &pid));
	/* The pipe still holds the secret: nobody read it. */
	snprintf(buf, sizeof(buf), "/proc/%d/fd/%d", victim, PFD_PIPE);
	fd = open(buf, O_RDONLY | O_NONBLOCK);
	ASSERT_LE(0, fd);
	ASSERT_EQ((ssize_t)strlen(SECRET_TEXT "\n"), read(fd, buf, sizeof(buf)));
	close(fd);
	check_victim(_metadata);
}

/* Harmless calls, denied as well: the rule knows no harmless request. */
static void attack_madvise_kcmp(void *arg)
{
	struct iovec iov = { (void *)((long)&p_flag & ~4095L), 4096 };
	int pidfd;

	(void)arg;
	pidfd = syscall(SYS_pidfd_open, victim, 0);
	ST_CHECK(1, pidfd >= 0);
	ST_CHECK(2, FAILS(syscall(SYS_process_madvise, pidfd, &iov, 1,
				  MADV_COLD, 0), EACCES));
	ST_CHECK(3, FAILS(syscall(SYS_kcmp, getpid(), victim, KCMP_FILE, 0,
				  PFD_SECRET), EPERM));
}

TEST_F(proc, madvise_kcmp)
{
	pid_t pid;

	ASSERT_EQ(0, st_run_child(NAME, 0, SYSTRACE_MODE_ENFORCE,
				  attack_madvise_kcmp, NULL, &pid));
	check_victim(_metadata);
}

/* Signals are decided by the policy's kill rules, confined target or not. */
static void signals(void *arg)
{
	int pidfd;

	(void)arg;
	pidfd = syscall(SYS_pidfd_open, victim, 0);
	ST_CHECK(1, pidfd >= 0);
	ST_CHECK(2, FAILS(kill(victim, SIGKILL), EACCES));
	ST_CHECK(3, FAILS(syscall(SYS_tgkill, victim, victim, SIGKILL), EACCES));
	ST_CHECK(4, FAILS(syscall(SYS_pidfd_send_signal, pidfd, SIGKILL,
				  NULL, 0), EACCES));
	ST_CHECK(5, kill(victim, SIGSTOP) == 0);
}

/*
 * C runs @fn, which sends P a SIGKILL C's rules deny, then a SIGSTOP they
 * permit: P was stopped, not killed, and the SIGKILL's denial is an event.
 */
static void stopped_not_killed(struct __test_metadata *_metadata,
			       void (*fn)(void *))
{
	struct st_events ev;
	char args[64];
	pid_t pid;
	int st;

	ASSERT_EQ(0, st_events_open(&ev));
	ASSERT_EQ(0, st_run_child(NAME, 0, SYSTRACE_MODE_ENFORCE,
				  fn, NULL, &pid));
	ASSERT_EQ(victim, waitpid(victim, &st, WUNTRACED));
	ASSERT_TRUE(WIFSTOPPED(st));
	ASSERT_EQ(SIGSTOP, WSTOPSIG(st));
	ASSERT_EQ(0, kill(victim, SIGCONT));
	ASSERT_EQ(0, kill(victim, 0));
	snprintf(args, sizeof(args), "signame: SIGKILL, pidname: %d", victim);
	ASSERT_TRUE(st_events_has(&ev, pid, "kill", args,
				  SYSTRACE_VERDICT_DENY, EACCES));
	st_events_close(&ev);
	check_victim(_metadata);
}

TEST_F(proc, signals)
{
	stopped_not_killed(_metadata, signals);
}

/*
 * A file's owner gets its signals, with no kill() (send_sigio()): C makes
 * P the owner of a pipe's reading end and writes to the pipe, first with
 * SIGKILL as the file's signal (F_SETSIG), which C's kill rules deny, then
 * with SIGSTOP, which they permit.
 */
static int own_pipe(pid_t owner, int sig, int p[2])
{
	if (pipe2(p, 0) || fcntl(p[0], F_SETOWN, owner) ||
	    fcntl(p[0], F_SETSIG, sig) ||
	    fcntl(p[0], F_SETFL, O_ASYNC))
		return -1;
	return 0;
}

static void sigio(void *arg)
{
	int p[2];

	(void)arg;
	ST_CHECK(1, own_pipe(victim, SIGKILL, p) == 0);
	ST_CHECK(2, write(p[1], "x", 1) == 1);
	ST_CHECK(3, own_pipe(victim, SIGSTOP, p) == 0);
	ST_CHECK(4, write(p[1], "x", 1) == 1);
}

TEST_F(proc, sigio)
{
	stopped_not_killed(_metadata, sigio);
}

/*
 * Is @sig pending for @pid, or (@stop) has it stopped @pid? From its
 * status.
 */
static int sig_status(pid_t pid, int sig, int stop)
{
	unsigned long long pnd = 0, shd = 0;
	char buf[2048], *s;

	if (proc_status(pid, buf, sizeof(buf)))
		return -1;
	s = strstr(buf, "State:");
	if (!s)
		return -1;
	if (stop && s[7] == 'T')
		return 1;
	s = strstr(buf, "SigPnd:");
	if (s)
		pnd = strtoull(s + 7, NULL, 16);
	s = strstr(buf, "ShdPnd:");
	if (s)
		shd = strtoull(s + 7, NULL, 16);
	return !!((pnd | shd) & (1ULL << (sig - 1)));
}

static int signalled(pid_t pid, int sig)
{
	return sig_status(pid, sig, 1);
}

static int pending(pid_t pid, int sig)
{
	return sig_status(pid, sig, 0);
}

/*
 * The same file written by another process: C makes P the owner of one
 * end of a socket pair with SIGSTOP (its rules permit it), then hands the
 * signal's sending to the test, unconfined, which writes to the other end.
 * The signal is sent in the writer's context, where C's rules are not:
 * denied. A write by C itself to its own end reaches C as its own SIGIO.
 */
static void sigio_proxy(void *arg)
{
	int *sv = arg, p[2];
	sigset_t set, pend;

	ST_CHECK(1, fcntl(sv[0], F_SETOWN, victim) == 0);
	ST_CHECK(2, fcntl(sv[0], F_SETSIG, SIGSTOP) == 0);
	ST_CHECK(3, fcntl(sv[0], F_SETFL, O_ASYNC) == 0);
	/* Its own: SIGUSR1, blocked, to itself. */
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	ST_CHECK(4, sigprocmask(SIG_BLOCK, &set, NULL) == 0);
	ST_CHECK(5, own_pipe(getpid(), SIGUSR1, p) == 0);
	ST_CHECK(6, write(p[1], "x", 1) == 1);
	ST_CHECK(7, sigpending(&pend) == 0 && sigismember(&pend, SIGUSR1));
}

TEST_F(proc, sigio_by_another_process)
{
	int sv[2];
	pid_t pid;

	ASSERT_EQ(0, socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	ASSERT_EQ(0, st_run_child(NAME, 0, SYSTRACE_MODE_ENFORCE,
				  sigio_proxy, sv, &pid));
	/* C is gone; its socket's owner is P, with C's record. */
	ASSERT_EQ(1, write(sv[1], "x", 1));
	/* Sent (or not) before write() returned. */
	ASSERT_EQ(0, signalled(victim, SIGSTOP));
	close(sv[0]);
	close(sv[1]);
	check_victim(_metadata);
}

/*
 * Files whose owner an unconfined process set (for itself, here for P),
 * shared with C (inherited, as descriptors open at confinement are): C
 * turns the first one's signals on (ioctl(FIOASYNC); its signal, SIGSTOP,
 * is the test's choice), and picks SIGKILL for the second (F_SETSIG) and
 * turns it on (F_SETFL, O_ASYNC); then writes to both. What a file sends
 * its owner is then decided by C's kill rules, as if C had set the owner:
 * P is stopped (permitted), not killed (denied).
 */
static void sigio_inherited(void *arg)
{
	int *p = arg, on = 1;

	ST_CHECK(1, ioctl(p[0], FIOASYNC, &on) == 0);
	ST_CHECK(2, write(p[1], "x", 1) == 1);
	ST_CHECK(3, fcntl(p[2], F_SETSIG, SIGKILL) == 0);
	ST_CHECK(4, fcntl(p[2], F_SETFL, O_ASYNC) == 0);
	ST_CHECK(5, write(p[3], "x", 1) == 1);
}

TEST_F(proc, sigio_inherited)
{
	struct st_events ev;
	char args[64];
	int p[4], st, i;
	pid_t pid;

	ASSERT_EQ(0, pipe(p));
	ASSERT_EQ(0, pipe(p + 2));
	ASSERT_EQ(0, fcntl(p[0], F_SETOWN, victim));
	ASSERT_EQ(0, fcntl(p[0], F_SETSIG, SIGSTOP));
	ASSERT_EQ(0, fcntl(p[2], F_SETOWN, victim));
	ASSERT_EQ(0, st_events_open(&ev));
	ASSERT_EQ(0, st_run_child(NAME, 0, SYSTRACE_MODE_ENFORCE,
				  sigio_inherited, p, &pid));
	/* Sent (or not) before each write() returned. */
	ASSERT_EQ(victim, waitpid(victim, &st, WUNTRACED));
	ASSERT_TRUE(WIFSTOPPED(st));
	ASSERT_EQ(0, kill(victim, SIGCONT));
	snprintf(args, sizeof(args), "signame: SIGKILL, pidname: %d", victim);
	ASSERT_TRUE(st_events_has(&ev, pid, "kill", args,
				  SYSTRACE_VERDICT_DENY, EACCES));
	st_events_close(&ev);
	for (i = 0; i < 4; i++)
		close(p[i]);
	check_victim(_metadata);
}

/* A pseudo-terminal, unlocked: its master, its slave's name in @slave. */
static int open_pty(char *slave, size_t size)
{
	unsigned int n;
	int unlock = 0, m;

	m = open("/dev/ptmx", O_RDWR | O_NOCTTY);
	if (m < 0 || ioctl(m, TIOCSPTLCK, &unlock) || ioctl(m, TIOCGPTN, &n))
		return -1;
	snprintf(slave, size, "/dev/pts/%u", n);
	return m;
}

/*
 * C's child D makes @slave the controlling terminal of a session of its
 * own and leaves confinement (permit[detach]): P, "victim tty", which
 * keeps the terminal's signals pending. Returns once P runs: its pid.
 */
static pid_t spawn_on_tty(int m, const char *slave)
{
	char fdarg[16], c;
	int p[2];
	pid_t d;

	ST_CHECK(70, pipe(p) == 0);
	d = fork();
	ST_CHECK(71, d >= 0);
	if (d == 0) {
		close(m);
		close(p[0]);
		if (setsid() < 0 || open(slave, O_RDWR) < 0)
			_exit(60);
		snprintf(fdarg, sizeof(fdarg), "%d", p[1]);
		execl(SELF, NAME, "victim", "tty", fdarg, (char *)NULL);
		_exit(62);
	}
	close(p[1]);
	ST_CHECK(72, read(p[0], &c, 1) == 1);
	close(p[0]);
	return d;
}

/*
 * A terminal's signals, with no kill(): C makes a pseudo-terminal (its
 * policy permits /dev/ptmx and ioctl, as sshd's does), and its child D
 * makes it the controlling terminal of a session of its own, then leaves
 * confinement (permit[detach]): P. C's kill rules deny SIGINT, SIGQUIT
 * and SIGHUP to any process. C types ^C on the master side (the line
 * discipline would send SIGINT to the foreground process group, from a
 * worker: kill_pgrp() with priv 1, so no check_kill_permission() and no
 * task_kill): the write is decided as the signals input can raise, and
 * fails. C asks the master for SIGQUIT (TIOCSIG, pty_signal(): the same
 * kill_pgrp(), in C's context), then closes the master (the slave's
 * hangup sends SIGHUP and SIGCONT to the session's leader, SEND_SIG_PRIV):
 * each decided by C's kill rules, SIGQUIT and SIGHUP not sent.
 */
static void tty_signals(void *arg)
{
	int *pids = arg, m, s;
	char slave[32], buf[8];
	pid_t d;

	m = open_pty(slave, sizeof(slave));
	ST_CHECK(1, m >= 0);
	d = spawn_on_tty(m, slave);
	ST_CHECK(7, write(pids[1], &d, sizeof(d)) == sizeof(d));
	/* The policy does deny them. */
	ST_CHECK(8, FAILS(kill(d, SIGINT), EACCES));
	ST_CHECK(9, FAILS(kill(d, SIGHUP), EACCES));
	/*
	 * The input is read in a worker; the line after ^C, read back on the
	 * slave side, comes after it was received.
	 */
	s = open(slave, O_RDWR | O_NOCTTY);
	ST_CHECK(10, s >= 0);
	ST_CHECK(11, FAILS(write(m, "\003x\n", 3), EPERM));
	/* Nothing reached the slave: not even "x". */
	ST_CHECK(12, fcntl(s, F_SETFL, O_NONBLOCK) == 0);
	ST_CHECK(13, FAILS(read(s, buf, sizeof(buf)), EAGAIN));
	/* Sent in the ioctl (pty_signal()), denied or not. */
	ioctl(m, TIOCSIG, SIGQUIT);
	/* Sent before close() returns (pty_close(), tty_vhangup()). */
	close(m);
	close(s);
}

/*
 * C runs @fn, which writes the pid of the process it made, P, to the pipe
 * it is given: that pid.
 */
static pid_t run_for_pid(struct __test_metadata *_metadata,
			 void (*fn)(void *))
{
	pid_t pid, d = 0;
	int p[2];

	ASSERT_EQ(0, pipe(p));
	ASSERT_EQ(0, st_run_child(NAME, 0, SYSTRACE_MODE_ENFORCE,
				  fn, p, &pid));
	ASSERT_EQ(sizeof(d), read(p[0], &d, sizeof(d)));
	close(p[0]);
	close(p[1]);
	return d;
}

TEST_F(proc, tty_signals)
{
	pid_t d;

	mkdir("/dev/pts", 0755);
	mount("devpts", "/dev/pts", "devpts", 0, "mode=620,ptmxmode=666");
	d = run_for_pid(_metadata, tty_signals);
	EXPECT_EQ(0, signalled(d, SIGINT));
	EXPECT_EQ(0, signalled(d, SIGQUIT));
	EXPECT_EQ(0, signalled(d, SIGHUP));
	kill(d, SIGKILL);
}

/*
 * The hangup made elsewhere: C as in tty_signals, but its master's last
 * reference is a registered file of an io_uring (IORING_REGISTER_FILES),
 * and C closes the ring and exits. The ring is torn down in a kernel
 * worker, whose fput() closes the master there, hanging the slave up:
 * SIGHUP to P's session's leader, sent where C is not current. The kill
 * rules deny it all the same: the master is recorded as C's confinement's
 * (kmod/hook_tty.c), and its release marks the worker.
 */
static void tty_hangup_deferred(void *arg)
{
	int *pids = arg, m, ret;
	char slave[32];
	pid_t d;

	m = open_pty(slave, sizeof(slave));
	ST_CHECK(1, m >= 0);
	d = spawn_on_tty(m, slave);
	ST_CHECK(7, write(pids[1], &d, sizeof(d)) == sizeof(d));
	ret = ring_close(m);
	ST_CHECK(ret, ret == 0);
}

/* P's controlling terminal (/proc/PID/stat's tty_nr), or -1. */
static long tty_nr(pid_t pid)
{
	char path[64], buf[512], *s;
	long nr = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	f = fopen(path, "r");
	if (!f)
		return -1;
	s = fgets(buf, sizeof(buf), f) ? strrchr(buf, ')') : NULL;
	/* ") S ppid pgrp session tty_nr" */
	if (s && sscanf(s, ") %*c %*d %*d %*d %ld", &nr) != 1)
		nr = -1;
	fclose(f);
	return nr;
}

/*
 * P (@d) had the terminal before it said it runs (spawn_on_tty()); the
 * hangup clears it, after C's close of the ring, perhaps already. Its
 * SIGHUP is not pending: the kill rules denied it. P is killed after.
 */
static void hangup_denied(struct __test_metadata *_metadata, pid_t d)
{
	int i;

	for (i = 0; i < 3000 && tty_nr(d) > 0; i++)
		usleep(100000);
	ASSERT_EQ(0, tty_nr(d)) {
		TH_LOG("no hangup: the ring's teardown did not close the master");
	}
	EXPECT_EQ(0, pending(d, SIGHUP));
	kill(d, SIGKILL);
}

TEST_F(proc, tty_hangup_deferred)
{
	pid_t d;

	mkdir("/dev/pts", 0755);
	mount("devpts", "/dev/pts", "devpts", 0, "mode=620,ptmxmode=666");
	d = run_for_pid(_metadata, tty_hangup_deferred);
	hangup_denied(_metadata, d);
}

/*
 * Put master @m in a new io_uring (IORING_REGISTER_FILES), close both:
 * the ring is torn down in a worker, whose fput() closes the master.
 */
static int ring_close(int m)
{
	struct io_uring_params params = {};
	int ring;

	ring = syscall(SYS_io_uring_setup, 4, &params);
	if (ring < 0)
		return 8;
	if (syscall(SYS_io_uring_register, ring, IORING_REGISTER_FILES, &m, 1))
		return 9;
	close(m);
	close(ring);
	return 0;
}

/* How C, which holds a master already, is confined. */
enum { BY_SELF, BY_ATTACH, BY_EXEC };

/*
 * The same hangup, of a master C held before it was confined: C opens the
 * master and starts P on its slave (outside: C is not confined yet), then
 * is confined, @how: it confines itself; the test attaches it (C waits
 * for a byte on @go); or it confines itself from its next exec on and
 * executes this program as "victim ringclose" (in learn mode: the program's
 * start is unmatched, the kill rules match). The master goes as in
 * tty_hangup_deferred (its last reference in C's ring, torn down in a
 * worker after C is gone). It was recorded as C's confinement's when C
 * was confined, as one C opens or receives is: the kill rules deny P's
 * SIGHUP.
 */
static void tty_hangup_inherited(int how, int out, int go)
{
	char slave[32], fdarg[16], c;
	int m;
	pid_t d;

	m = open_pty(slave, sizeof(slave));
	ST_CHECK(1, m >= 0);
	d = spawn_on_tty(m, slave);
	ST_CHECK(2, write(out, &d, sizeof(d)) == sizeof(d));
	switch (how) {
	case BY_SELF:
		ST_CHECK(3, st_confine_self(NAME, 0,
					    SYSTRACE_MODE_ENFORCE) == 0);
		break;
	case BY_ATTACH:
		ST_CHECK(4, read(go, &c, 1) == 1);
		break;
	case BY_EXEC:
		ST_CHECK(5, st_confine_self_flags(NAME, 0, SYSTRACE_MODE_LEARN,
						  SYSTRACE_CONFINE_F_ONEXEC) == 0);
		snprintf(fdarg, sizeof(fdarg), "%d", m);
		execl(SELF, NAME, "victim", "ringclose", fdarg, (char *)NULL);
		_exit(6);
	}
	_exit(ring_close(m));
}

static void hangup_inherited(struct __test_metadata *_metadata, int how)
{
	int p[2], go[2], st;
	pid_t c, d = 0;

	mkdir("/dev/pts", 0755);
	mount("devpts", "/dev/pts", "devpts", 0, "mode=620,ptmxmode=666");
	ASSERT_EQ(0, pipe(p));
	ASSERT_EQ(0, pipe(go));
	c = fork();
	ASSERT_LE(0, c);
	if (c == 0) {
		close(p[0]);
		close(go[1]);
		tty_hangup_inherited(how, p[1], go[0]);
	}
	close(p[1]);
	close(go[0]);
	ASSERT_EQ(sizeof(d), read(p[0], &d, sizeof(d)));
	close(p[0]);
	if (how == BY_ATTACH) {
		ASSERT_EQ(0, st_attach(NAME, c, NULL, 0));
		ASSERT_EQ(1, write(go[1], "g", 1));
	}
	close(go[1]);
	ASSERT_EQ(c, waitpid(c, &st, 0));
	/* C's own step, if one failed. */
	ASSERT_EQ(0, WIFEXITED(st) ? WEXITSTATUS(st) : 255);
	hangup_denied(_metadata, d);
}

TEST_F(proc, tty_hangup_inherited)
{
	hangup_inherited(_metadata, BY_SELF);
}

TEST_F(proc, tty_hangup_inherited_attach)
{
	hangup_inherited(_metadata, BY_ATTACH);
}

TEST_F(proc, tty_hangup_inherited_exec)
{
	hangup_inherited(_metadata, BY_EXEC);
}

/*
 * The same through C's own controlling terminal, shared with P, a process
 * of its session outside its confinement (as the shell that started C):
 * C makes P's group the foreground one (TIOCSPGRP) and types into its
 * terminal's input (TIOCSTI): ^C (the line discipline runs in C's
 * context, kill_pgrp() with priv 1), and a line, which P, a shell, would
 * run unconfined. Both ioctls are the policy's to decide (by cmd; this one
 * permits ioctl); TIOCSTI is refused all the same, EPERM: P's session is
 * outside C's confinement (and TIOCLINUX, a virtual console's paste). TIOCSTI needs CAP_SYS_ADMIN on 6.12 (no
 * LEGACY_TIOCSTI): C is root.
 */
static void tty_sti(void *arg)
{
	char paste = TIOCL_PASTESEL;
	pid_t *pp = arg;

	ST_CHECK(1, FAILS(kill(pp[0], SIGINT), EACCES));
	ST_CHECK(2, ioctl(0, TIOCSPGRP, &pp[0]) == 0);
	ST_CHECK(3, FAILS(ioctl(0, TIOCSTI, "\003"), EPERM));
	ST_CHECK(4, FAILS(ioctl(0, TIOCSTI, "x"), EPERM));
	ST_CHECK(5, FAILS(ioctl(0, TIOCSTI, "\n"), EPERM));
	/* A virtual console's paste, refused the same way on any terminal. */
	ST_CHECK(6, FAILS(ioctl(0, TIOCLINUX, &paste), EPERM));
}

TEST_F(proc, tty_sti)
{
	char slave[32], c;
	int m, p[2], st, fd;
	pid_t s, pp[1] = { 0 }, pid;
	sigset_t set;

	mkdir("/dev/pts", 0755);
	mount("devpts", "/dev/pts", "devpts", 0, "mode=620,ptmxmode=666");
	m = open_pty(slave, sizeof(slave));
	ASSERT_LE(0, m);
	ASSERT_EQ(0, pipe(p));
	s = fork();
	ASSERT_LE(0, s);
	if (s == 0) {
		/* A session with the terminal, standard input on it. */
		if (setsid() < 0 || close(0) || open(slave, O_RDWR) != 0)
			_exit(60);
		pp[0] = fork();
		if (pp[0] == 0) {
			/*
			 * P: a group of its own, SIGINT kept pending, SIGHUP
			 * too (sent at the session leader's exit).
			 */
			sigemptyset(&set);
			sigaddset(&set, SIGINT);
			sigaddset(&set, SIGHUP);
			sigprocmask(SIG_BLOCK, &set, NULL);
			if (setpgid(0, 0) || write(p[1], "x", 1) != 1)
				_exit(61);
			for (;;)
				pause();
		}
		if (pp[0] < 0 || read(p[0], &c, 1) != 1 ||
		    write(p[1], pp, sizeof(pp[0])) != sizeof(pp[0]))
			_exit(62);
		_exit(st_run_child(NAME, 0, SYSTRACE_MODE_ENFORCE, tty_sti,
				   pp, &pid));
	}
	ASSERT_EQ(s, waitpid(s, &st, 0));
	ASSERT_EQ(sizeof(pp[0]), read(p[0], pp, sizeof(pp[0])));
	close(p[0]);
	close(p[1]);
	close(m);
	ASSERT_TRUE(WIFEXITED(st));
	ASSERT_EQ(0, WEXITSTATUS(st));
	EXPECT_EQ(0, pending(pp[0], SIGINT));
	/* No line waits in the terminal's input for P to read. */
	fd = open(slave, O_RDWR | O_NOCTTY | O_NONBLOCK);
	ASSERT_LE(0, fd);
	EXPECT_EQ(-1, read(fd, &c, 1));
	EXPECT_EQ(EAGAIN, errno);
	close(fd);
	kill(pp[0], SIGKILL);
}

/*
 * Inside the confinement, a terminal works as ever: C's child D makes C's
 * pseudo-terminal its controlling terminal and stays confined; D types
 * into it (TIOCSTI: its session is inside), and C's ^C on the master
 * reaches D, though C's kill rules deny SIGINT: job control inside one
 * confinement is not decided, as kill() to D would be.
 */
static void tty_inside(void *arg)
{
	int m, s, p[2], st;
	struct timespec ts = { 300, 0 };
	char slave[32], c;
	sigset_t set;
	pid_t d;

	(void)arg;
	m = open_pty(slave, sizeof(slave));
	ST_CHECK(1, m >= 0);
	ST_CHECK(4, pipe(p) == 0);
	d = fork();
	ST_CHECK(5, d >= 0);
	if (d == 0) {
		close(m);
		sigemptyset(&set);
		sigaddset(&set, SIGINT);
		sigprocmask(SIG_BLOCK, &set, NULL);
		if (setsid() < 0)
			_exit(60);
		s = open(slave, O_RDWR);
		if (s < 0)
			_exit(61);
		if (ioctl(s, TIOCSTI, "y"))
			_exit(62);
		if (write(p[1], "x", 1) != 1)
			_exit(63);
		st = sigtimedwait(&set, NULL, &ts);
		_exit(st == SIGINT ? 0 : st < 0 ? 70 + (errno & 15) : 64);
	}
	close(p[1]);
	ST_CHECK(6, read(p[0], &c, 1) == 1);
	ST_CHECK(7, write(m, "\003", 1) == 1);
	ST_CHECK(8, waitpid(d, &st, 0) == d);
	/* D's own step (60 to 64), if one failed. */
	ST_CHECK(WIFEXITED(st) ? WEXITSTATUS(st) : 9, st == 0);
	close(m);
}

TEST_F(proc, tty_inside)
{
	pid_t pid;

	mkdir("/dev/pts", 0755);
	mount("devpts", "/dev/pts", "devpts", 0, "mode=620,ptmxmode=666");
	ASSERT_EQ(0, st_run_child(NAME, 0, SYSTRACE_MODE_ENFORCE,
				  tty_inside, NULL, &pid));
}

/*
 * A process group orphaned by C's exit: C's child D makes a process group
 * of its own and leaves confinement (permit[detach]): P. C stops P, as its
 * kill rules permit, and exits. P's group is then orphaned with a stopped
 * job, and the kernel sends it SIGHUP and SIGCONT (kill_orphaned_pgrp(),
 * SEND_SIG_PRIV): a SIGHUP the kill rules deny, set off by an exit, and
 * decided by them in C's exit: not sent.
 */
static void orphaned_pgrp(void *arg)
{
	char fdarg[16], c;
	int *pids = arg, p[2], st;
	pid_t d;

	ST_CHECK(1, pipe(p) == 0);
	d = fork();
	ST_CHECK(2, d >= 0);
	if (d == 0) {
		close(p[0]);
		if (setpgid(0, 0))
			_exit(60);
		snprintf(fdarg, sizeof(fdarg), "%d", p[1]);
		execl(SELF, NAME, "victim", "tty", fdarg, (char *)NULL);
		_exit(62);
	}
	close(p[1]);
	ST_CHECK(3, read(p[0], &c, 1) == 1);
	close(p[0]);
	ST_CHECK(4, write(pids[1], &d, sizeof(d)) == sizeof(d));
	ST_CHECK(5, FAILS(kill(d, SIGHUP), EACCES));
	ST_CHECK(6, kill(d, SIGSTOP) == 0);
	ST_CHECK(7, waitpid(d, &st, WUNTRACED) == d && WIFSTOPPED(st));
}

TEST_F(proc, orphaned_pgrp)
{
	pid_t d;

	d = run_for_pid(_metadata, orphaned_pgrp);
	/* Sent in C's exit, before the test's waitpid() returned. */
	EXPECT_EQ(0, pending(d, SIGHUP));
	kill(d, SIGKILL);
}

/* Fork D that execs "victim pause" (permit[detach]: unconfined). */
static pid_t spawn_detached(void)
{
	char fdarg[16];
	int p[2];
	pid_t d;
	char c;

	ST_CHECK(60, pipe(p) == 0);
	d = fork();
	ST_CHECK(61, d >= 0);
	if (d == 0) {
		snprintf(fdarg, sizeof(fdarg), "%d", p[1]);
		execl(SELF, NAME, "victim", "pause", fdarg, (char *)NULL);
		_exit(62);
	}
	close(p[1]);
	ST_CHECK(63, read(p[0], &c, 1) == 1);
	close(p[0]);
	return d;
}

static void attack_detached(void *arg)
{
	char buf[64], path[64];
	struct iovec l = { buf, sizeof(buf) };
	struct iovec r = { p_copy, sizeof(buf) };
	pid_t d = spawn_detached();
	int fd;

	(void)arg;
	if (ptrace(PTRACE_SEIZE, d, 0, 0) == 0)
		_exit(TRACED);
	ST_CHECK(1, errno == EPERM);
	if (process_vm_readv(d, &l, 1, &r, 1, 0) >= 0)
		_exit(WROTE_MEMORY);
	ST_CHECK(2, errno == EPERM);
	snprintf(path, sizeof(path), "/proc/%d/mem", d);
	fd = open(path, O_RDWR);
	if (fd >= 0)
		_exit(WROTE_MEMORY);
	ST_CHECK(3, errno == EACCES);
	ST_CHECK(4, kill(d, SIGKILL) == 0);
	ST_CHECK(5, waitpid(d, NULL, 0) == d);
}

TEST_F(proc, detached_child)
{
	pid_t pid;

	ASSERT_EQ(0, st_run_child(NAME, 0, SYSTRACE_MODE_ENFORCE,
				  attack_detached, NULL, &pid));
}

/*
 * C traces its confined child D (same confinement: permitted), then D
 * execs a program that leaves confinement: the exec must fail, or C would
 * hold an unconfined tracee.
 */
static void attack_traced_exec(void *arg)
{
	struct user_regs_struct regs;
	pid_t d;
	int st;

	(void)arg;
	d = fork();
	ST_CHECK(1, d >= 0);
	if (d == 0) {
		if (ptrace(PTRACE_TRACEME, 0, 0, 0))
			_exit(40);
		kill(getpid(), SIGSTOP);
		execl(SELF, NAME, "victim", "pause", (char *)NULL);
		_exit(errno == EPERM ? 42 : 43);
	}
	ST_CHECK(2, waitpid(d, &st, 0) == d && WIFSTOPPED(st) &&
		    WSTOPSIG(st) == SIGSTOP);
	ST_CHECK(3, ptrace(PTRACE_CONT, d, 0, 0) == 0);
	ST_CHECK(4, waitpid(d, &st, 0) == d);
	if (WIFSTOPPED(st)) {
		/* The exec went through: C controls an unconfined program. */
		if (ptrace(PTRACE_GETREGS, d, 0, &regs) == 0) {
			ptrace(PTRACE_KILL, d, 0, 0);
			waitpid(d, &st, 0);
			_exit(TRACED);
		}
		_exit(5);
	}
	ST_CHECK(6, WIFEXITED(st));
	ST_CHECK(7, WEXITSTATUS(st) == 42);
}

TEST_F(proc, traced_exec)
{
	char why[256];
	pid_t pid;

	ASSERT_EQ(0, st_run_child(NAME, 0, SYSTRACE_MODE_ENFORCE,
				  attack_traced_exec, NULL, &pid));
	/* No rule decided: st_log_deny()'s line, a decision's fields. */
	snprintf(why, sizeof(why),
		 "ppid: %d, call: execve(%d), filename: \"" SELF "\", error: 1: traced by a confined task, and the program would run outside its confinement",
		 pid, SYS_execve);
	EXPECT_TRUE(st_klog_has("systrace: deny user: ", why));
	EXPECT_TRUE(st_klog_has("prog: \"" SELF "\", pid: ", why));
}

/* D leaves confinement and asks its confined parent to trace it. */
static void attack_traceme(void *arg)
{
	pid_t d;
	int st;

	(void)arg;
	d = fork();
	ST_CHECK(1, d >= 0);
	if (d == 0) {
		execl(SELF, NAME, "victim", "traceme", (char *)NULL);
		_exit(62);
	}
	ST_CHECK(2, waitpid(d, &st, 0) == d && WIFEXITED(st));
	if (WEXITSTATUS(st) == 1)
		_exit(TRACED);
	ST_CHECK(3, WEXITSTATUS(st) == 0);
}

TEST_F(proc, traceme)
{
	pid_t pid;

	ASSERT_EQ(0, st_run_child(NAME, 0, SYSTRACE_MODE_ENFORCE,
				  attack_traceme, NULL, &pid));
}

/*
 * Every route works on a task of C's own confinement, so the policy
 * permits them and the routes above fail for the target alone.
 */
static void in_domain(void *arg)
{
	char path[64], buf[64] = "";
	long v = MAGIC;
	struct iovec l = { &v, sizeof(v) };
	struct iovec r = { (void *)&p_flag, sizeof(v) };
	int p[2], pidfd, fd, st;
	pid_t d;
	char c;

	(void)arg;
	/* The policy does deny the secret. */
	ST_CHECK(1, FAILS(open(SECRET, O_RDONLY), EACCES));
	ST_CHECK(2, pipe(p) == 0);
	d = fork();
	ST_CHECK(3, d >= 0);
	if (d == 0) {
		fd = open(PUBLIC, O_RDONLY);
		if (fd < 0 || dup2(fd, PFD_SECRET) != PFD_SECRET)
			_exit(1);
		close(p[1]);
		for (;;)
			pause();
	}
	close(p[1]);
	ST_CHECK(4, read(p[0], &c, 1) == 0);
	ST_CHECK(5, process_vm_writev(d, &l, 1, &r, 1, 0) == sizeof(v));
	snprintf(path, sizeof(path), "/proc/%d/mem", d);
	fd = open(path, O_RDWR);
	ST_CHECK(6, fd >= 0);
	ST_CHECK(7, pread(fd, &v, sizeof(v), (long)&p_flag) == sizeof(v) &&
		    v == MAGIC);
	close(fd);
	pidfd = syscall(SYS_pidfd_open, d, 0);
	ST_CHECK(8, pidfd >= 0);
	fd = syscall(SYS_pidfd_getfd, pidfd, PFD_SECRET, 0);
	ST_CHECK(9, fd >= 0 && read(fd, buf, sizeof(buf)) > 0 &&
		    !strncmp(buf, PUBLIC_TEXT, strlen(PUBLIC_TEXT)));
	close(fd);
	snprintf(path, sizeof(path), "/proc/%d/fd/%d", d, PFD_SECRET);
	fd = open(path, O_RDONLY);
	ST_CHECK(10, fd >= 0);
	close(fd);
	ST_CHECK(11, syscall(SYS_kcmp, getpid(), d, KCMP_FILE, 0,
			     PFD_SECRET) >= 0);
	ST_CHECK(12, ptrace(PTRACE_SEIZE, d, 0, 0) == 0);
	ST_CHECK(13, kill(d, SIGKILL) == 0);
	ST_CHECK(14, waitpid(d, &st, 0) == d);
}

TEST_F(proc, in_domain)
{
	pid_t pid;

	ASSERT_EQ(0, st_run_child(NAME, 0, SYSTRACE_MODE_ENFORCE,
				  in_domain, NULL, &pid));
	check_victim(_metadata);
}

TEST_HARNESS_MAIN
