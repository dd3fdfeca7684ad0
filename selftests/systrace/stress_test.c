// SPDX-License-Identifier: GPL-2.0
/*
 * Stress, for the debug kernel (KASAN, lockdep, kmemleak...; make check
 * runs it there on 4 CPUs, and on 6.1 and 6.12 with the other selftests).
 * Every bound is a count, never the clock: the detectors, not timings,
 * judge; the VM harness fails the run on any report in the kernel log.
 *
 *  - storm: on every CPU a worker confines, forks and execs, again and
 *    again, while the image it confines with is replaced, unloaded and
 *    loaded again, and another is loaded and unloaded. Every confined run
 *    must get the same decisions (the image's variants agree on them).
 *  - questions: 1,000 questions from 50 processes of 20 threads while
 *    the agent is killed and another one takes over: every question is
 *    answered or denied, none hangs.
 *  - rmmod_under_load: the module is removed while the workers confine,
 *    fork and exec, then inserted again; it works after that.
 *
 * Runs in the VM as root with systrace.ko loaded.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "confine.h"
#include "ctl.h"

#define NAME	"stress_test"
#define OTHER	"stress_other"
#define RAW64	"/selftests/raw64"

/* Per worker, per test: counts, not time. */
#define STORM_RUNS	60
#define STORM_LOADS	120
#define RMMOD_RUNS	40
#define MAX_WORKERS	16

/*
 * raw_helper.c's exit codes: under the policy of raw64 below; under the
 * caller's (an exec while the image was unloaded: no image binds raw64).
 */
#define OWN_POLICY	7
#define CALLER_POLICY	5

/*
 * Two variants of one image: the same decisions for every call the
 * workers make (the second adds a rule no worker's call matches), so that
 * a replacement at any moment changes no outcome.
 */
#define POLICY_BASE \
	"Policy: /selftests/stress_test, Emulation: native\n" \
	"\tnative-recvmsg: permit\n" \
	"\tnative-getpid: permit\n" \
	"\tnative-getppid: deny[esrch]\n" \
	"\tnative-clone: permit\n" \
	"\tnative-wait4: permit\n" \
	"\tnative-set_robust_list: permit\n" \
	"\tnative-rt_sigprocmask: permit\n" \
	"\tnative-execve: filename eq \"" RAW64 "\" then permit\n" \
	"Policy: " RAW64 ", Emulation: native\n" \
	"\tnative-getpid: permit\n" \
	"\tnative-getppid: deny[enotty]\n"
static const char *const variants[2] = {
	POLICY_BASE,
	POLICY_BASE "\tnative-uname: deny[enosys]\n",
};
/* The image that comes and goes: paths of its own (none a worker runs). */
static const char other_policy[] =
	"Policy: /selftests/stress_other, Emulation: native\n"
	"\tnative-getpid: permit\n";

static unsigned char *image[3];
static size_t image_len[3];

/* What the workers share with the test (MAP_SHARED). */
struct tally {
	int runs;		/* confined runs that went through */
	int unloaded;		/* confine refused: no image, or no module */
	int unbound;		/* raw64 exec'd while no image bound it */
	int wrong;		/* a confined run got another decision */
	int last_wrong;		/* its code */
};
static struct tally *tally;

/* Compile variant @i (2: the other image) with policyc into image[i]. */
static int compile(int i)
{
	char src[64], bin[64];
	FILE *f;
	long len;

	snprintf(src, sizeof(src), "/tmp/%s.%d.policy", NAME, i);
	snprintf(bin, sizeof(bin), "/tmp/%s.%d.bin", NAME, i);
	f = fopen(src, "w");
	if (!f)
		return -1;
	fputs(i < 2 ? variants[i] : other_policy, f);
	fclose(f);
	if (ctl_sh("policyc -o %s %s", bin, src))
		return -1;
	f = fopen(bin, "r");
	if (!f)
		return -1;
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	rewind(f);
	image[i] = malloc(len);
	image_len[i] = len;
	if (!image[i] || fread(image[i], 1, len, f) != (size_t)len) {
		fclose(f);
		return -1;
	}
	fclose(f);
	return 0;
}

static int load(struct st_nl *nl, const char *name, int variant)
{
	return st_load_image(nl, name, SYSTRACE_MODE_ENFORCE, image[variant],
			     image_len[variant]);
}

static int unload(struct st_nl *nl, const char *name)
{
	struct nl_msg *msg = st_nl_msg(nl, SYSTRACE_CMD_UNLOAD, 0);

	if (!msg)
		return -ENOMEM;
	if (nla_put_string(msg, SYSTRACE_A_NAME, name)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	return st_nl_call(nl, msg, NULL, NULL);
}

/*
 * One confined run, in a child: confine, fork; the grandchild checks a
 * permitted and a denied call, then execs raw64, which runs under its own
 * policy of the image. Exit: 0 when all of it went as the policy says,
 * 99 when confining was refused (image or module gone), else the step.
 */
static void confined_run(void)
{
	pid_t g;
	int st, ret;

	ret = st_confine_self(NAME, 0, SYSTRACE_MODE_ENFORCE);
	if (ret)
		_exit(ret == -ENOENT || ret == -ESRCH || ret == -EOPNOTSUPP ? 99 : 50 + (-ret & 0x3f));
	g = fork();
	if (g < 0)
		_exit(2);
	if (g == 0) {
		char *argv[] = { (char *)"raw64", NULL };
		char *envp[] = { NULL };

		ST_CHECK(3, syscall(SYS_getpid) > 0);
		ST_CHECK(4, syscall(SYS_getppid) == -1 && errno == ESRCH);
		execve(RAW64, argv, envp);
		_exit(5);
	}
	if (waitpid(g, &st, 0) != g)
		_exit(6);
	if (!WIFEXITED(st))
		_exit(7);
	if (WEXITSTATUS(st) == CALLER_POLICY)
		_exit(98);
	_exit(WEXITSTATUS(st) == OWN_POLICY ? 0 : 10 + WEXITSTATUS(st));
}

/* A worker pinned to @cpu: @runs confined runs, counted in the tally. */
static void worker(int cpu, int runs)
{
	cpu_set_t set;
	int i, st;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	sched_setaffinity(0, sizeof(set), &set);
	for (i = 0; i < runs; i++) {
		pid_t c = fork();

		if (c < 0)
			_exit(1);
		if (c == 0)
			confined_run();
		if (waitpid(c, &st, 0) != c)
			_exit(1);
		if (WIFEXITED(st) && WEXITSTATUS(st) == 0) {
			__atomic_add_fetch(&tally->runs, 1, __ATOMIC_SEQ_CST);
		} else if (WIFEXITED(st) && WEXITSTATUS(st) == 98) {
			__atomic_add_fetch(&tally->unbound, 1, __ATOMIC_SEQ_CST);
		} else if (WIFEXITED(st) && WEXITSTATUS(st) == 99) {
			__atomic_add_fetch(&tally->unloaded, 1, __ATOMIC_SEQ_CST);
		} else {
			__atomic_add_fetch(&tally->wrong, 1, __ATOMIC_SEQ_CST);
			tally->last_wrong = WIFEXITED(st) ? WEXITSTATUS(st) : 1000 + WTERMSIG(st);
		}
	}
	_exit(0);
}

static int ncpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > MAX_WORKERS ? MAX_WORKERS : n;
}

/* Start one worker per CPU; their pids in @pids. */
static int start_workers(pid_t *pids, int runs)
{
	int i, n = ncpus();

	for (i = 0; i < n; i++) {
		pids[i] = fork();
		if (pids[i] == 0)
			worker(i, runs);
	}
	return n;
}

static bool module_present(void)
{
	return access("/sys/module/systrace", F_OK) == 0;
}

FIXTURE(stress) {
	int unused;
};

FIXTURE_SETUP(stress)
{
	struct st_nl nl;

	tally = mmap(NULL, sizeof(*tally), PROT_READ | PROT_WRITE,
		     MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, tally);
	memset(tally, 0, sizeof(*tally));
	ASSERT_EQ(0, compile(0));
	ASSERT_EQ(0, compile(1));
	ASSERT_EQ(0, compile(2));
	ASSERT_EQ(0, st_nl_open(&nl));
	ASSERT_EQ(0, load(&nl, NAME, 0));
	st_nl_close(&nl);
	TH_LOG("%d CPUs", ncpus());
}

FIXTURE_TEARDOWN(stress)
{
	/* The module is back for what runs next, whatever happened. */
	if (!module_present())
		ctl_sh("insmod /lib/modules/systrace.ko");
	ctl_sh("systracectl unload " NAME " 2>/dev/null; systracectl unload " OTHER " 2>/dev/null");
	munmap(tally, sizeof(*tally));
	free(image[0]);
	free(image[1]);
	free(image[2]);
}

/*
 * Workers on every CPU while the image is replaced (by its other variant),
 * unloaded and loaded again, and a second image comes and goes: every run
 * that was confined got the policy's decisions; loads never fail.
 */
TEST_F_TIMEOUT(stress, storm, 1800)
{
	pid_t pids[MAX_WORKERS];
	int i, n, st, failed_loads = 0;
	struct st_nl nl;

	(void)self;
	n = start_workers(pids, STORM_RUNS);
	ASSERT_EQ(0, st_nl_open(&nl));
	for (i = 0; i < STORM_LOADS; i++) {
		/* Replace it, in place, by the other variant. */
		failed_loads += load(&nl, NAME, i & 1) != 0;
		failed_loads += load(&nl, OTHER, 2) != 0;
		failed_loads += unload(&nl, OTHER) != 0;
		if (i % 8 == 7) {
			/* Gone for a moment: confining with it fails cleanly. */
			failed_loads += unload(&nl, NAME) != 0;
			failed_loads += load(&nl, NAME, 0) != 0;
		}
	}
	st_nl_close(&nl);
	for (i = 0; i < n; i++) {
		ASSERT_EQ(pids[i], waitpid(pids[i], &st, 0));
		EXPECT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	}
	TH_LOG("%d confined runs, %d refused (no image), %d exec'd while unbound, %d loads",
	       tally->runs, tally->unloaded, tally->unbound, STORM_LOADS);
	EXPECT_EQ(0, failed_loads);
	EXPECT_EQ(0, tally->wrong) {
		TH_LOG("last wrong outcome: %d", tally->last_wrong);
	}
	EXPECT_EQ(n * STORM_RUNS, tally->runs + tally->unloaded + tally->unbound);
	/* Most ran confined: the image was gone only now and then. */
	EXPECT_LT(tally->unbound, tally->runs);
	EXPECT_LT(tally->unloaded, tally->runs);
}

/*
 * 1,000 questions (50 processes of 20 threads); the agent that gets the
 * first one is killed without answering; another agent answers the rest.
 * Every thread gets an answer: ok (the second agent permitted it) or EPERM
 * (asked while no agent was there, or of the killed one), at least one of
 * those; all 50 processes exit. None waits for the question timeout: a
 * question the second agent reads before its registration's ACK is
 * answered too.
 */
TEST_F_TIMEOUT(stress, questions, 1800)
{
	static const char *const ask_argv[] = { "systracectl", "ask", NULL };
	char *answers = malloc(8 * 1000), path[64];
	int wfd, wfd2, i, ok = 0, eperm = 0;
	pid_t agent, agent2, pids[50];
	size_t n = 0;

	(void)self;
	ASSERT_NE(NULL, answers);
	ASSERT_EQ(0, ctl_helper_policy("/tmp/stress_ask.policy"));
	ASSERT_EQ(0, ctl_sh("echo b > /srv/ask/b"));
	ASSERT_EQ(0, ctl_sh("systracectl load -m ask -n stress_ask /tmp/stress_ask.policy"));
	ASSERT_EQ(0, ctl_sh("echo 'stress.questions: begin' > /dev/kmsg"));
	for (i = 0; i < 1000; i++)
		n += sprintf(answers + n, "permit\n");
	/* No answer written: it holds what it gets. */
	agent = ctl_start("/tmp/stress_ask1.out", "agent is ready", &wfd, ask_argv);
	ASSERT_LT(0, agent);
	for (i = 0; i < 50; i++) {
		pids[i] = fork();
		ASSERT_LE(0, pids[i]);
		if (pids[i] == 0) {
			snprintf(path, sizeof(path), "/tmp/stress_ask.%d", i);
			freopen(path, "w", stdout);
			execlp("systracectl", "systracectl", "run", "-m", "ask", "-p",
			       "stress_ask", "--", "/selftests/ask_helper", "-t", "20",
			       "/srv/ask/b", (char *)NULL);
			_exit(127);
		}
	}
	/* A generous bound for a question to come (not a measure). */
	EXPECT_EQ(0, ctl_wait_for("/tmp/stress_ask1.out", "question ", 1, 300));
	kill(agent, SIGKILL);
	waitpid(agent, NULL, 0);
	close(wfd);
	agent2 = ctl_start("/tmp/stress_ask2.out", "agent is ready", &wfd2, ask_argv);
	ASSERT_LT(0, agent2);
	ASSERT_EQ((ssize_t)n, write(wfd2, answers, n));
	close(wfd2);
	for (i = 0; i < 50; i++) {
		EXPECT_EQ(0, ctl_wait(pids[i], 1200));
		snprintf(path, sizeof(path), "/tmp/stress_ask.%d", i);
		ok += ctl_count(path, "/srv/ask/b: ok\n");
		eperm += ctl_count(path, "/srv/ask/b: EPERM\n");
	}
	TH_LOG("%d permitted by the second agent, %d denied", ok, eperm);
	EXPECT_EQ(1000, ok + eperm);
	EXPECT_LE(1, eperm);
	/* The second agent answered each question it got once. */
	EXPECT_EQ(ok, ctl_count("/tmp/stress_ask2.out", ": permit\n"));
	/* The kernel's "question N of pid P (COMM) timed out after S s". */
	ASSERT_EQ(0, ctl_sh("dmesg | sed -n '/stress.questions: begin/,$p' > /tmp/stress_ask.kmsg"));
	ASSERT_EQ(1, ctl_count("/tmp/stress_ask.kmsg", "stress.questions: begin"));
	EXPECT_EQ(0, ctl_count("/tmp/stress_ask.kmsg", "timed out after")) {
		TH_LOG("%s", ctl_read("/tmp/stress_ask.kmsg"));
	}
	kill(agent2, SIGKILL);
	waitpid(agent2, NULL, 0);
	ctl_sh("systracectl unload stress_ask");
	free(answers);
}

/*
 * rmmod while workers on every CPU confine, fork and exec (after the
 * first confined runs), then insmod: rmmod succeeds, the workers all end
 * (a confined task outlives the module, unconfined), and the module
 * confines again after it is back.
 */
TEST_F_TIMEOUT(stress, rmmod_under_load, 1800)
{
	pid_t pids[MAX_WORKERS], rmmod;
	int i, n, st, rst, code;
	struct st_nl nl;

	(void)self;
	n = start_workers(pids, RMMOD_RUNS);
	/* A quarter of the runs are done: the workers are in full swing. */
	while (__atomic_load_n(&tally->runs, __ATOMIC_SEQ_CST) +
	       __atomic_load_n(&tally->wrong, __ATOMIC_SEQ_CST) +
	       __atomic_load_n(&tally->unloaded, __ATOMIC_SEQ_CST) +
	       __atomic_load_n(&tally->unbound, __ATOMIC_SEQ_CST) < n * RMMOD_RUNS / 4)
		usleep(10000);
	rmmod = fork();
	ASSERT_LE(0, rmmod);
	if (rmmod == 0) {
		execlp("rmmod", "rmmod", "systrace", (char *)NULL);
		_exit(127);
	}
	ASSERT_EQ(rmmod, waitpid(rmmod, &rst, 0));
	EXPECT_TRUE(WIFEXITED(rst) && WEXITSTATUS(rst) == 0);
	EXPECT_FALSE(module_present());
	ASSERT_EQ(0, system("insmod /lib/modules/systrace.ko"));
	ASSERT_TRUE(module_present());
	for (i = 0; i < n; i++) {
		ASSERT_EQ(pids[i], waitpid(pids[i], &st, 0));
		EXPECT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	}
	TH_LOG("%d confined runs, %d refused, %d cut by the unload",
	       tally->runs, tally->unloaded, tally->wrong);
	EXPECT_EQ(n * RMMOD_RUNS,
		  tally->runs + tally->unloaded + tally->unbound + tally->wrong);
	/* Back, with no image: load it again and confine once. */
	ASSERT_EQ(0, st_nl_open(&nl));
	ASSERT_EQ(0, load(&nl, NAME, 0));
	st_nl_close(&nl);
	memset(tally, 0, sizeof(*tally));
	code = fork();
	ASSERT_LE(0, code);
	if (code == 0)
		confined_run();
	ASSERT_EQ(code, waitpid(code, &st, 0));
	EXPECT_TRUE(WIFEXITED(st));
	EXPECT_EQ(0, WEXITSTATUS(st));
}

TEST_HARNESS_MAIN
