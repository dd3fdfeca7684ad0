// SPDX-License-Identifier: GPL-2.0
/*
 * systrace selftests: executable memory (kmod/hook_mm.c). mmap and
 * mprotect are decided only when they ask for PROT_EXEC, by prot; other
 * mappings are never decided.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include "harness.h"
#include "hooks.h"

#define NAME "mm_test"
#define DIR "/tmp/st-mm"

static const char policy[] =
	"Policy: /selftests/mm_test, Emulation: native\n"
	"\tnative-recvmsg: permit\n"
	"\tnative-fsread: filename eq \"" DIR "/f\" then permit\n"
	"\tnative-mmap: prot eq \"PROT_READ|PROT_EXEC\" then permit log\n"
	"\tnative-mmap: prot eq \"PROT_READ|PROT_WRITE|PROT_EXEC\" then deny[eacces]\n"
	"\tnative-mprotect: prot eq \"PROT_READ|PROT_EXEC\" then permit\n"
	"\tnative-mprotect: prot eq \"PROT_EXEC\" then deny[enomem]\n";

/* What every test starts from, in either fixture. */
static void prepare(struct __test_metadata *_metadata)
{
	int fd;

	ASSERT_EQ(0, system("rm -rf " DIR));
	ASSERT_EQ(0, mkdir(DIR, 0755));
	fd = open(DIR "/f", O_WRONLY | O_CREAT, 0755);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, ftruncate(fd, 4096));
	close(fd);
	ASSERT_EQ(0, st_policy_load(NAME, policy, SYSTRACE_MODE_ENFORCE));
}

static void cleanup(void)
{
	system("rm -rf " DIR);
}

FIXTURE(mm) {
	int unused;
};

FIXTURE_SETUP(mm)
{
	prepare(_metadata);
}

FIXTURE_TEARDOWN(mm)
{
	cleanup();
}

#define ANON (MAP_PRIVATE | MAP_ANONYMOUS)

static int map(int prot, int flags, int fd)
{
	void *p = mmap(NULL, 4096, prot, flags, fd, 0);

	return p == MAP_FAILED ? -errno : 0;
}

static void enforce(void *arg)
{
	void *p;
	int fd;

	/* Without PROT_EXEC: never decided (no rule for it) */
	ST_CHECK(1, map(PROT_READ | PROT_WRITE, ANON, -1) == 0);
	ST_CHECK(2, map(PROT_READ | PROT_EXEC, ANON, -1) == 0);
	ST_CHECK(3, map(PROT_READ | PROT_WRITE | PROT_EXEC, ANON, -1) == -EACCES);
	ST_CHECK(4, map(PROT_WRITE | PROT_EXEC, ANON, -1) == -EPERM);
	fd = open(DIR "/f", O_RDONLY);
	ST_CHECK(5, fd >= 0);
	ST_CHECK(6, map(PROT_READ | PROT_EXEC, MAP_PRIVATE, fd) == 0);
	p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, ANON, -1, 0);
	ST_CHECK(7, p != MAP_FAILED);
	ST_CHECK(8, mprotect(p, 4096, PROT_READ) == 0);
	ST_CHECK(9, mprotect(p, 4096, PROT_READ | PROT_EXEC) == 0);
	ST_CHECK(10, mprotect(p, 4096, PROT_EXEC) == -1 && errno == ENOMEM);
	ST_CHECK(11, mprotect(p, 4096, PROT_READ | PROT_WRITE | PROT_EXEC) == -1 &&
		     errno == EPERM);
}

TEST_F(mm, enforce)
{
	struct st_events ev;
	pid_t pid;

	ASSERT_EQ(0, st_events_open(&ev));
	ASSERT_EQ(0, st_run_child(NAME, 0, SYSTRACE_MODE_ENFORCE, enforce,
				  NULL, &pid));
	ASSERT_TRUE(st_events_has(&ev, pid, "mmap",
				  "prot: PROT_READ|PROT_WRITE|PROT_EXEC",
				  SYSTRACE_VERDICT_DENY, EACCES));
	ASSERT_TRUE(st_events_has(&ev, pid, "mmap",
				  "prot: PROT_WRITE|PROT_EXEC",
				  SYSTRACE_VERDICT_UNMATCHED_DENY, EPERM));
	/* the logged permit names the mapped file */
	ASSERT_TRUE(st_events_has(&ev, pid, "mmap",
				  "prot: PROT_READ|PROT_EXEC, filename: \"" DIR "/f\"",
				  SYSTRACE_VERDICT_PERMIT, 0));
	ASSERT_TRUE(st_events_has(&ev, pid, "mprotect", "prot: PROT_EXEC",
				  SYSTRACE_VERDICT_DENY, ENOMEM));
	st_events_close(&ev);
}

static void learn(void *arg)
{
	ST_CHECK(1, map(PROT_WRITE | PROT_EXEC, ANON, -1) == 0);
	ST_CHECK(2, map(PROT_READ | PROT_WRITE | PROT_EXEC, ANON, -1) == -EACCES);
}

TEST_F(mm, learn)
{
	struct st_events ev;
	pid_t pid;

	ASSERT_EQ(0, st_events_open(&ev));
	ASSERT_EQ(0, st_run_child(NAME, 0, SYSTRACE_MODE_LEARN, learn, NULL,
				  &pid));
	ASSERT_TRUE(st_events_has(&ev, pid, "mmap", "prot: PROT_WRITE|PROT_EXEC",
				  SYSTRACE_VERDICT_UNMATCHED_PERMIT, 0));
	st_events_close(&ev);
}

static void denied_map(void *arg)
{
	ST_CHECK(1, map(PROT_READ | PROT_WRITE | PROT_EXEC, ANON, -1) == -EACCES);
}

TEST_F(mm, log)
{
	char who[128], what[160];
	pid_t pid;

	st_log_quiet();
	ASSERT_EQ(0, st_run_child(NAME, 0, SYSTRACE_MODE_ENFORCE, denied_map,
				  NULL, &pid));
	/* Its parent: this process. */
	snprintf(who, sizeof(who), "pid: %d, ppid: %d, policy: \"" NAME "\",", pid,
		 getpid());
	snprintf(what, sizeof(what), "call: mmap(%d), prot: PROT_READ|PROT_WRITE|PROT_EXEC, error: 13", SYS_mmap);
	ASSERT_TRUE(st_klog_has(who, what));
}

/* The same decisions for a program run by systracectl, in both ABIs. */
static const char helper_policy64[] =
	"Policy: " ST_HELPER64 ", Emulation: native\n"
	"\tnative-mmap: prot eq \"PROT_READ|PROT_WRITE|PROT_EXEC\" then deny[eacces]\n";

static const char helper_policy32[] =
	"Policy: " ST_HELPER32 ", Emulation: linux32\n"
	"\tlinux32-mmap: prot eq \"PROT_READ|PROT_EXEC\" then deny[eacces]\n";

FIXTURE(mm_abi) {
	int unused;
};

FIXTURE_VARIANT(mm_abi) {
	const char *text;	/* the policy */
	const char *file;	/* where it is written */
	const char *helper;	/* the program, of that ABI */
	int enforced;		/* what its mmap returns under -a */
	int learned;		/* and under -A */
};

/* The helper's R|X page matches no rule: the mode decides. */
FIXTURE_VARIANT_ADD(mm_abi, x86_64) {
	.text = helper_policy64,
	.file = "/tmp/mm64.policy",
	.helper = ST_HELPER64,
	.enforced = EPERM,
	.learned = 0,
};

/*
 * ia32's mmap is old_mmap: the same call, the same prot, denied by its
 * rule in either mode.
 */
FIXTURE_VARIANT_ADD(mm_abi, ia32) {
	.text = helper_policy32,
	.file = "/tmp/mm32.policy",
	.helper = ST_HELPER32,
	.enforced = EACCES,
	.learned = EACCES,
};

FIXTURE_SETUP(mm_abi)
{
	prepare(_metadata);
}

FIXTURE_TEARDOWN(mm_abi)
{
	cleanup();
}

TEST_F(mm_abi, run)
{
	ASSERT_EQ(0, st_write_file(variant->file, variant->text));
	ASSERT_EQ(variant->enforced, st_run_helper("-a", variant->file,
						   variant->helper, "mmapx",
						   NULL, NULL));
	ASSERT_EQ(variant->learned, st_run_helper("-A", variant->file,
						  variant->helper, "mmapx",
						  NULL, NULL));
}

TEST_HARNESS_MAIN
