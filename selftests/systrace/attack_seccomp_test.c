// SPDX-License-Identifier: GPL-2.0
/*
 * systrace selftests, attack: a tracer rewrites the system call after the
 * module decided it (issue 11, point 1).
 *
 * A confined process whose policy permits ptrace, prctl and getppid forks a
 * child that installs a seccomp filter returning SECCOMP_RET_TRACE for the
 * call it makes. At the PTRACE_EVENT_SECCOMP stop the parent rewrites
 * orig_rax to a call the policy denies; the kernel re-runs only the
 * seccomp filters and then runs the new call. The attacker's goal: the
 * denied call runs (uname fills the buffer, getuid answers,
 * delete_module("systrace") unloads the module). The module must decide
 * the call the kernel runs: the tracee gets EPERM and nothing happens.
 *
 * Both ABIs: the ia32 tracee is the same 64-bit program calling through
 * int $0x80 (in_ia32_syscall() is then true, and the filter sees
 * AUDIT_ARCH_I386), with its buffers below 4 GiB.
 *
 * Also pinned: a denied call rewritten to a permitted one runs as the
 * permitted one; a call a hook decides (openat) rewritten to one no hook
 * decides is decided; a rewrite at ptrace's plain syscall-entry stop
 * (PTRACE_SYSCALL, before seccomp in the kernel's entry work); and rmmod
 * while a confined tracee sleeps in the seccomp stop (the module's wrapper
 * of __secure_computing is on its stack): rmmod waits for it, the tracee
 * goes on, and the kernel log stays clean (the VM harness checks it).
 * Known weakness: on the module before its fix this test passed too. The
 * tracee returned through stale, lazily flushed mappings of the freed
 * text, and rmmod passes through the same drain wait for an RCU grace
 * period, so one sample of its stack cannot tell a wait that lasts.
 *
 * Runs in the VM as root with systrace.ko loaded.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/user.h>
#include <sys/wait.h>

#include "harness.h"
#include "confine.h"

#define NAME "attack_seccomp_test"

/* ia32 numbers (asm/unistd_32.h, which clashes with the x86_64 one). */
#define NR32_GETPPID	64
#define NR32_UNAME	122
#define NR32_DELETE_MODULE 129

/* The x86_64 numbers, under names that do not clash with the above. */
#define NR64_GETPPID	SYS_getppid
#define NR64_GETUID	SYS_getuid
#define NR64_UNAME	SYS_uname
#define NR64_OPENAT	SYS_openat
#define NR64_DELETE_MODULE SYS_delete_module

/*
 * A fragment: its rules name their emulation, both ABIs in one policy.
 * uname, getuid and the module calls are not permitted (enforce: EPERM).
 */
static const char policy[] =
	"native-recvmsg: permit\n"
	"native-getppid: permit\n"
	"native-getpid: permit\n"
	"native-kill: permit\n"
	"native-ptrace: permit\n"
	"native-prctl: permit\n"
	"native-seccomp: permit\n"
	"native-clone: permit\n"
	"native-wait4: permit\n"
	"native-set_robust_list: permit\n"
	"native-openat: filename eq \"/dev/null\" then permit\n"
	"native-delete_module: permit\n"
	"linux32-getppid: permit\n"
	"linux32-delete_module: permit\n";

/* Filled with this byte; uname() would overwrite it. */
#define POISON 0x5a

/* What the test, the tracer and the tracee share (MAP_SHARED, < 4 GiB). */
struct shared {
	long ret;		/* what the tracee's call answered */
	long seen;		/* orig_rax at the stop, before the rewrite */
	int stops;		/* rewrite stops the tracer saw */
	int step;		/* the tracer's failed step, or 0 */
	int tracee;		/* the tracee's exit status, or -1 */
	char uts[6 * 65];	/* struct utsname / new_utsname */
	char modname[16];
	char path[16];
};

static struct shared *sh;

/* One attack: the tracee calls @call(@a0, @a1, @a2); it becomes @to. */
struct rewrite {
	bool ia32;		/* the tracee calls through int $0x80 */
	bool syscall_stop;	/* at PTRACE_SYSCALL's entry stop, no filter */
	long call;
	long to;
	long a0, a1, a2;
};

static long call64(long nr, long a0, long a1, long a2)
{
	register long r10 asm("r10") = 0;
	long ret;

	asm volatile("syscall" : "=a"(ret)
		     : "a"(nr), "D"(a0), "S"(a1), "d"(a2), "r"(r10)
		     : "rcx", "r11", "memory");
	return ret;
}

static long call32(long nr, long a0, long a1, long a2)
{
	long ret;

	asm volatile("int $0x80" : "=a"(ret)
		     : "a"(nr), "b"(a0), "c"(a1), "d"(a2)
		     : "r8", "r9", "r10", "r11", "memory");
	/* The ABI's answer is 32 bits. */
	return (int)ret;
}

/* SECCOMP_RET_TRACE for @nr of @arch, allow the rest. */
static int filter_ret(__u32 arch, long nr, __u32 ret)
{
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, arch, 0, 3),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, nr, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, ret),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { .len = 6, .filter = f };

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		return -1;
	return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog);
}

/* @nr of @arch stops for the tracer. */
static int trace_filter(__u32 arch, long nr)
{
	return filter_ret(arch, nr, SECCOMP_RET_TRACE);
}

/* The tracee: stop for the tracer, filter, make the call, record it. */
static void __attribute__((noreturn)) tracee(const struct rewrite *rw)
{
	if (ptrace(PTRACE_TRACEME, 0, 0, 0))
		_exit(20);
	if (kill(getpid(), SIGSTOP))
		_exit(21);
	if (!rw->syscall_stop &&
	    trace_filter(rw->ia32 ? AUDIT_ARCH_I386 : AUDIT_ARCH_X86_64,
			 rw->call))
		_exit(22);
	sh->ret = rw->ia32 ? call32(rw->call, rw->a0, rw->a1, rw->a2) :
			     call64(rw->call, rw->a0, rw->a1, rw->a2);
	_exit(0);
}

#define TRACER_CHECK(n, cond)			\
	do {					\
		if (!(cond)) {			\
			sh->step = (n);		\
			goto out;		\
		}				\
	} while (0)

/* The tracer (confined too): rewrite the first stop of rw->call. */
static void tracer(void *arg)
{
	const struct rewrite *rw = arg;
	struct user_regs_struct regs;
	pid_t child = fork();
	long opts;
	int st;

	if (child < 0) {
		sh->step = 1;
		return;
	}
	if (child == 0)
		tracee(rw);
	TRACER_CHECK(2, waitpid(child, &st, 0) == child && WIFSTOPPED(st) &&
			WSTOPSIG(st) == SIGSTOP);
	opts = PTRACE_O_EXITKILL |
	       (rw->syscall_stop ? PTRACE_O_TRACESYSGOOD : PTRACE_O_TRACESECCOMP);
	TRACER_CHECK(3, ptrace(PTRACE_SETOPTIONS, child, 0, opts) == 0);
	for (;;) {
		int resume = rw->syscall_stop ? PTRACE_SYSCALL : PTRACE_CONT;
		bool stop;

		TRACER_CHECK(4, ptrace(resume, child, 0, 0) == 0);
		TRACER_CHECK(5, waitpid(child, &st, 0) == child);
		if (!WIFSTOPPED(st))
			break;
		if (rw->syscall_stop)
			stop = WSTOPSIG(st) == (SIGTRAP | 0x80);
		else
			stop = (st >> 8) == (SIGTRAP | (PTRACE_EVENT_SECCOMP << 8));
		TRACER_CHECK(6, stop);
		TRACER_CHECK(7, ptrace(PTRACE_GETREGS, child, 0, &regs) == 0);
		/* Only the first entry of the call: later stops pass. */
		if (sh->stops || (long)regs.orig_rax != rw->call)
			continue;
		sh->stops++;
		sh->seen = regs.orig_rax;
		regs.orig_rax = rw->to;
		TRACER_CHECK(8, ptrace(PTRACE_SETREGS, child, 0, &regs) == 0);
	}
	TRACER_CHECK(9, WIFEXITED(st));
	sh->tracee = WEXITSTATUS(st);
out:
	if (sh->step)
		kill(child, SIGKILL);
}

/* What every test starts from: fresh shared memory, the policy loaded. */
static void prepare(struct __test_metadata *_metadata)
{
	if (!sh) {
		sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
			  MAP_SHARED | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
		ASSERT_NE(MAP_FAILED, sh);
	}
	memset(sh, 0, sizeof(*sh));
	memset(sh->uts, POISON, sizeof(sh->uts));
	sh->ret = 12345;
	sh->tracee = -1;
	strcpy(sh->modname, "systrace");
	strcpy(sh->path, "/dev/null");
	ASSERT_EQ(0, st_policy_load(NAME, policy, SYSTRACE_MODE_ENFORCE));
}

FIXTURE(seccomp) {
	int unused;
};

FIXTURE_SETUP(seccomp)
{
	prepare(_metadata);
}

FIXTURE_TEARDOWN(seccomp)
{
}

/* The attacks that are the same through either system call ABI. */
FIXTURE(seccomp_abi) {
	int unused;
};

FIXTURE_VARIANT(seccomp_abi) {
	bool ia32;		/* the tracee calls through int $0x80 */
	long getppid, uname, delete_module;
};

FIXTURE_VARIANT_ADD(seccomp_abi, x86_64) {
	.getppid = NR64_GETPPID,
	.uname = NR64_UNAME,
	.delete_module = NR64_DELETE_MODULE,
};

FIXTURE_VARIANT_ADD(seccomp_abi, ia32) {
	.ia32 = true,
	.getppid = NR32_GETPPID,
	.uname = NR32_UNAME,
	.delete_module = NR32_DELETE_MODULE,
};

FIXTURE_SETUP(seccomp_abi)
{
	prepare(_metadata);
}

FIXTURE_TEARDOWN(seccomp_abi)
{
}

/* Run @rw under the policy; the tracer's own steps must all pass. */
static int attack(struct __test_metadata *_metadata, struct rewrite *rw)
{
	int st = st_run_confined(NAME, 0, SYSTRACE_MODE_ENFORCE, tracer, rw);

	EXPECT_EQ(0, st);
	EXPECT_EQ(0, sh->step);
	EXPECT_EQ(0, sh->tracee);
	EXPECT_EQ(1, sh->stops);
	EXPECT_EQ(rw->call, sh->seen);
	return st || sh->step || sh->tracee || sh->stops != 1;
}

/* The module decided getppid; uname must not run. */
TEST_F(seccomp_abi, getppid_to_uname)
{
	struct rewrite rw = { .ia32 = variant->ia32, .call = variant->getppid,
			      .to = variant->uname, .a0 = (long)sh->uts };

	ASSERT_EQ(0, attack(_metadata, &rw));
	EXPECT_EQ(-EPERM, sh->ret);
	EXPECT_EQ(POISON, sh->uts[0]);
}

TEST_F(seccomp, getppid_to_getuid_64)
{
	struct rewrite rw = { .call = NR64_GETPPID, .to = NR64_GETUID };

	ASSERT_EQ(0, attack(_metadata, &rw));
	/* Root's getuid() would answer 0. */
	EXPECT_EQ(-EPERM, sh->ret);
}

/* openat passes the filter undecided (file_open decides it): uname not. */
TEST_F(seccomp, covered_openat_to_uname_64)
{
	struct rewrite rw = { .call = NR64_OPENAT, .to = NR64_UNAME,
			      .a0 = (long)sh->uts };

	ASSERT_EQ(0, attack(_metadata, &rw));
	EXPECT_EQ(-EPERM, sh->ret);
	EXPECT_EQ(POISON, sh->uts[0]);
}

/* The other way: a call no hook decides becomes a hooked open. */
TEST_F(seccomp, getppid_to_openat_64)
{
	struct rewrite rw = { .call = NR64_GETPPID, .to = NR64_OPENAT,
			      .a0 = AT_FDCWD, .a1 = (long)sh->path,
			      .a2 = O_RDONLY };

	/* /dev/null: permitted, so the open runs (a descriptor). */
	ASSERT_EQ(0, attack(_metadata, &rw));
	EXPECT_LE(0, sh->ret);
	/* /etc/passwd: no rule, denied by file_open. */
	strcpy(sh->path, "/etc/passwd");
	sh->ret = 12345;
	sh->stops = 0;
	ASSERT_EQ(0, attack(_metadata, &rw));
	EXPECT_EQ(-EPERM, sh->ret);
}

/*
 * A denied call rewritten to a permitted one: the call that runs is
 * permitted (the tracee could have made it itself), so it runs.
 */
TEST_F(seccomp, getuid_to_getppid_64)
{
	struct rewrite rw = { .call = NR64_GETUID, .to = NR64_GETPPID };
	int st;

	st = st_run_confined(NAME, 0, SYSTRACE_MODE_ENFORCE, tracer, &rw);
	ASSERT_EQ(0, st);
	ASSERT_EQ(0, sh->step);
	/* The tracer: its pid is the tracee's parent, and not the test's. */
	EXPECT_EQ(1, sh->stops);
	EXPECT_LT(0, sh->ret);
	EXPECT_NE(getpid(), sh->ret);
}

/* ptrace's own entry stop comes before seccomp: decided on the new call. */
TEST_F(seccomp_abi, syscall_stop_getppid_to_uname)
{
	struct rewrite rw = { .ia32 = variant->ia32, .syscall_stop = true,
			      .call = variant->getppid, .to = variant->uname,
			      .a0 = (long)sh->uts };

	ASSERT_EQ(0, attack(_metadata, &rw));
	EXPECT_EQ(-EPERM, sh->ret);
	EXPECT_EQ(POISON, sh->uts[0]);
}

static bool module_present(void)
{
	return access("/sys/module/systrace", F_OK) == 0;
}

/* The module is back for what runs next, whatever the attack did. */
static bool module_survived(void)
{
	bool present = module_present();

	if (!present && system("insmod /lib/modules/systrace.ko"))
		fprintf(stderr, "# insmod failed\n");
	return present;
}

/*
 * As root, a rewrite to delete_module("systrace", O_NONBLOCK): confined
 * tasks never make it, even when the policy permits it.
 */
TEST_F(seccomp_abi, getppid_to_delete_module)
{
	struct rewrite rw = { .ia32 = variant->ia32, .call = variant->getppid,
			      .to = variant->delete_module,
			      .a0 = (long)sh->modname, .a1 = O_NONBLOCK };
	int failed = attack(_metadata, &rw);

	ASSERT_TRUE(module_survived());
	ASSERT_EQ(0, failed);
	EXPECT_EQ(-EPERM, sh->ret);
}

/*
 * rmmod (@pid) sleeps in the module's drain, waiting for wrappers in
 * flight (st_hook_ref): a wait for a completion called by the module
 * itself, not one of its RCU grace periods (synchronize_rcu_tasks()).
 */
static bool rmmod_draining(pid_t pid)
{
	char path[64], line[256];
	bool rcu = false, found = false;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/stack", pid);
	f = fopen(path, "r");
	if (!f)
		return false;
	while (fgets(line, sizeof(line), f)) {
		if (strstr(line, "[systrace]")) {
			found = !rcu;
			break;
		}
		if (strstr(line, "rcu"))
			rcu = true;
	}
	fclose(f);
	return found;
}

/*
 * rmmod while a confined tracee sleeps in its seccomp stop, under the
 * module's wrapper: unload waits for it (without the drain reference, it
 * frees the text the tracee returns into). The tracer is this
 * unconfined test, so it can resume the tracee whatever the module does.
 */
TEST_F(seccomp, rmmod_during_seccomp_stop)
{
	pid_t child, rmmod;
	bool done;
	int st, rst;

	child = fork();
	ASSERT_LE(0, child);
	if (child == 0) {
		if (st_confine_self(NAME, 0, SYSTRACE_MODE_ENFORCE))
			_exit(10);
		if (ptrace(PTRACE_TRACEME, 0, 0, 0))
			_exit(11);
		if (kill(getpid(), SIGSTOP))
			_exit(12);
		if (trace_filter(AUDIT_ARCH_X86_64, NR64_GETPPID))
			_exit(13);
		sh->ret = call64(NR64_GETPPID, 0, 0, 0);
		_exit(0);
	}
	ASSERT_EQ(child, waitpid(child, &st, 0));
	ASSERT_TRUE(WIFSTOPPED(st));
	ASSERT_EQ(0, ptrace(PTRACE_SETOPTIONS, child, 0,
			    PTRACE_O_TRACESECCOMP | PTRACE_O_EXITKILL));
	ASSERT_EQ(0, ptrace(PTRACE_CONT, child, 0, 0));
	ASSERT_EQ(child, waitpid(child, &st, 0));
	ASSERT_TRUE(WIFSTOPPED(st));
	ASSERT_EQ(SIGTRAP | (PTRACE_EVENT_SECCOMP << 8), st >> 8);

	/* The tracee sleeps in __secure_computing(), called by the module. */
	rmmod = fork();
	ASSERT_LE(0, rmmod);
	if (rmmod == 0) {
		execlp("rmmod", "rmmod", "systrace", (char *)NULL);
		_exit(127);
	}
	/* Until rmmod waits in the drain, or is done. */
	for (;;) {
		done = waitpid(rmmod, &rst, WNOHANG) == rmmod;
		if (done || rmmod_draining(rmmod))
			break;
		usleep(10000);
	}
	/* With the drain reference it waits for the tracee (see above). */
	EXPECT_FALSE(done);
	/* Let the stopped tracee go on, then see rmmod finish. */
	ASSERT_EQ(0, ptrace(PTRACE_CONT, child, 0, 0));
	ASSERT_EQ(child, waitpid(child, &st, 0));
	EXPECT_TRUE(WIFEXITED(st));
	EXPECT_EQ(0, WEXITSTATUS(st));
	/* getppid is permitted: it answered, decided or not. */
	EXPECT_EQ(getpid(), sh->ret);
	if (!done)
		ASSERT_EQ(rmmod, waitpid(rmmod, &rst, 0));
	EXPECT_TRUE(WIFEXITED(rst));
	EXPECT_EQ(0, WEXITSTATUS(rst));
	EXPECT_FALSE(module_present());
	ASSERT_EQ(0, system("insmod /lib/modules/systrace.ko"));
	ASSERT_TRUE(module_present());
}

/*
 * A filter's kill ends a confined task inside the original
 * __secure_computing(), where the wrapper holds the drain reference: it
 * never comes back to drop it. rmmod must still finish, whether the task
 * was reaped (@reap) or is a zombie meanwhile. A hang here is the failure
 * (the VM's timeout ends the run).
 */
static void rmmod_after_kill(struct __test_metadata *_metadata, bool reap)
{
	pid_t child, rmmod;
	int st, rst;

	child = fork();
	ASSERT_LE(0, child);
	if (child == 0) {
		if (st_confine_self(NAME, 0, SYSTRACE_MODE_ENFORCE))
			_exit(10);
		if (filter_ret(AUDIT_ARCH_X86_64, NR64_GETPPID,
			       SECCOMP_RET_KILL_PROCESS))
			_exit(11);
		call64(NR64_GETPPID, 0, 0, 0);
		_exit(12);
	}
	if (reap) {
		ASSERT_EQ(child, waitpid(child, &st, 0));
		ASSERT_TRUE(WIFSIGNALED(st));
		ASSERT_EQ(SIGSYS, WTERMSIG(st));
	} else {
		/* A zombie: exited, not reaped (WNOWAIT leaves it so). */
		siginfo_t si;

		ASSERT_EQ(0, waitid(P_PID, child, &si, WEXITED | WNOWAIT));
		ASSERT_EQ(SIGSYS, si.si_status);
	}
	rmmod = fork();
	ASSERT_LE(0, rmmod);
	if (rmmod == 0) {
		execlp("rmmod", "rmmod", "systrace", (char *)NULL);
		_exit(127);
	}
	ASSERT_EQ(rmmod, waitpid(rmmod, &rst, 0));
	EXPECT_TRUE(WIFEXITED(rst));
	EXPECT_EQ(0, WEXITSTATUS(rst));
	EXPECT_FALSE(module_present());
	if (!reap)
		ASSERT_EQ(child, waitpid(child, &st, 0));
	ASSERT_EQ(0, system("insmod /lib/modules/systrace.ko"));
	ASSERT_TRUE(module_present());
}

TEST_F(seccomp, rmmod_after_kill_in_filter)
{
	rmmod_after_kill(_metadata, true);
}

TEST_F(seccomp, rmmod_after_kill_in_filter_zombie)
{
	rmmod_after_kill(_metadata, false);
}

TEST_HARNESS_MAIN
