// SPDX-License-Identifier: GPL-2.0
/*
 * systrace selftests: ioctl and mount (kmod/hook_misc.c). ioctl's cmd is
 * printed in hex; mount's filename is the resolved mount point, string
 * the source.
 */
#include <errno.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <termios.h>

#include "harness.h"
#include "hooks.h"

#define NAME "misc_test"
#define DIR "/tmp/st-misc"

static const char policy[] =
	"Policy: /selftests/misc_test, Emulation: native\n"
	"\tnative-recvmsg: permit\n"
	"\tnative-umount2: permit\n"
	"\tnative-ioctl: cmd eq \"0x541b\" then permit\n"
	"\tnative-ioctl: cmd eq \"0x5401\" then deny[enotty]\n"
	"\tnative-mount: filename eq \"" DIR "/mnt\" and string eq \"st-tmp\" then permit\n"
	"\tnative-mount: filename eq \"" DIR "/mnt2\" then deny[eacces]\n";

static int pfd[2];

/* What every test starts from, in either fixture. */
static void prepare(struct __test_metadata *_metadata)
{
	ASSERT_EQ(0, system("rm -rf " DIR));
	ASSERT_EQ(0, mkdir(DIR, 0755));
	ASSERT_EQ(0, mkdir(DIR "/mnt", 0755));
	ASSERT_EQ(0, mkdir(DIR "/mnt2", 0755));
	ASSERT_EQ(0, mkdir(DIR "/mnt3", 0755));
	ASSERT_EQ(0, symlink("mnt", DIR "/lnk"));
	ASSERT_EQ(0, pipe(pfd));
	ASSERT_EQ(0, st_policy_load(NAME, policy, SYSTRACE_MODE_ENFORCE));
}

static void cleanup(void)
{
	close(pfd[0]);
	close(pfd[1]);
	umount2(DIR "/mnt", MNT_DETACH);
	umount2(DIR "/mnt3", MNT_DETACH);
	system("rm -rf " DIR);
}

FIXTURE(misc) {
	int unused;
};

FIXTURE_SETUP(misc)
{
	prepare(_metadata);
}

FIXTURE_TEARDOWN(misc)
{
	cleanup();
}

#define FAILS(call, err) ((call) == -1 && errno == (err))

static void enforce(void *arg)
{
	struct termios t;
	int n = 0, one = 1;

	ST_CHECK(1, ioctl(pfd[0], FIONREAD, &n) == 0);
	ST_CHECK(2, FAILS(ioctl(pfd[0], TCGETS, &t), ENOTTY));
	ST_CHECK(3, FAILS(ioctl(pfd[0], FIONBIO, &one), EPERM));
	/* the mount point as the kernel resolved it: lnk -> mnt */
	ST_CHECK(4, mount("st-tmp", DIR "/lnk", "tmpfs", 0, NULL) == 0);
	ST_CHECK(5, umount2(DIR "/mnt", 0) == 0);
	ST_CHECK(6, FAILS(mount("st-tmp", DIR "/mnt2", "tmpfs", 0, NULL), EACCES));
	ST_CHECK(7, FAILS(mount("other", DIR "/mnt", "tmpfs", 0, NULL), EPERM));
}

TEST_F(misc, enforce)
{
	struct st_events ev;
	pid_t pid;

	ASSERT_EQ(0, st_events_open(&ev));
	ASSERT_EQ(0, st_run_child(NAME, 0, SYSTRACE_MODE_ENFORCE, enforce,
				  NULL, &pid));
	ASSERT_TRUE(st_events_has(&ev, pid, "ioctl", "cmd: 0x5401, filename: \"pipe:[",
				  SYSTRACE_VERDICT_DENY, ENOTTY));
	ASSERT_TRUE(st_events_has(&ev, pid, "ioctl", "cmd: 0x5421",
				  SYSTRACE_VERDICT_UNMATCHED_DENY, EPERM));
	ASSERT_TRUE(st_events_has(&ev, pid, "mount",
				  "string: \"st-tmp\", string[1]: \"tmpfs\", filename: \"" DIR "/mnt2\"",
				  SYSTRACE_VERDICT_DENY, EACCES));
	ASSERT_TRUE(st_events_has(&ev, pid, "mount",
				  "string: \"other\", string[1]: \"tmpfs\", filename: \"" DIR "/mnt\"",
				  SYSTRACE_VERDICT_UNMATCHED_DENY, EPERM));
	st_events_close(&ev);
}

static void learn(void *arg)
{
	int one = 1;

	ST_CHECK(1, ioctl(pfd[0], FIONBIO, &one) == 0);
	ST_CHECK(2, mount("st-tmp", DIR "/mnt3", "tmpfs", 0, NULL) == 0);
	ST_CHECK(3, FAILS(mount("st-tmp", DIR "/mnt2", "tmpfs", 0, NULL), EACCES));
}

TEST_F(misc, learn)
{
	struct st_events ev;
	pid_t pid;

	ASSERT_EQ(0, st_events_open(&ev));
	ASSERT_EQ(0, st_run_child(NAME, 0, SYSTRACE_MODE_LEARN, learn, NULL,
				  &pid));
	ASSERT_TRUE(st_events_has(&ev, pid, "ioctl", "cmd: 0x5421",
				  SYSTRACE_VERDICT_UNMATCHED_PERMIT, 0));
	ASSERT_TRUE(st_events_has(&ev, pid, "mount", "filename: \"" DIR "/mnt3\"",
				  SYSTRACE_VERDICT_UNMATCHED_PERMIT, 0));
	st_events_close(&ev);
}

static void denied_ioctl(void *arg)
{
	struct termios t;

	ST_CHECK(1, FAILS(ioctl(pfd[0], TCGETS, &t), ENOTTY));
}

TEST_F(misc, log)
{
	char who[128], what[160];
	pid_t pid;

	st_log_quiet();
	ASSERT_EQ(0, st_run_child(NAME, 0, SYSTRACE_MODE_ENFORCE, denied_ioctl,
				  NULL, &pid));
	/* Its parent: this process. */
	snprintf(who, sizeof(who), "pid: %d, ppid: %d, policy: \"" NAME "\",", pid,
		 getpid());
	snprintf(what, sizeof(what), "call: ioctl(%d), cmd: 0x5401, filename: \"pipe:[", SYS_ioctl);
	ASSERT_TRUE(st_klog_has(who, what));
}

/* The same decisions for a program run by systracectl, in both ABIs. */
static void run_helpers(struct __test_metadata *_metadata, const char *emul,
			const char *file, const char *helper)
{
	char text[512];

	snprintf(text, sizeof(text),
		 "Policy: %s, Emulation: %s\n"
		 "\t%s-ioctl: cmd eq \"0x5451\" then permit\n"
		 "\t%s-ioctl: cmd eq \"0x5401\" then deny[enotty]\n",
		 helper, emul, emul, emul);
	ASSERT_EQ(0, st_write_file(file, text));
	/* The helper's fd 0 is the pipe. */
	ASSERT_EQ(0, dup2(pfd[0], 0));
	/* FIOCLEX, TCGETS, FIONCLEX: none of them reads an argument */
	ASSERT_EQ(0, st_run_helper("-a", file, helper, "ioctl", "0", "0x5451"));
	ASSERT_EQ(ENOTTY, st_run_helper("-a", file, helper, "ioctl", "0",
					"0x5401"));
	ASSERT_EQ(EPERM, st_run_helper("-a", file, helper, "ioctl", "0",
				       "0x5450"));
	ASSERT_EQ(0, st_run_helper("-A", file, helper, "ioctl", "0", "0x5450"));
}

FIXTURE(misc_abi) {
	int unused;
};

FIXTURE_VARIANT(misc_abi) {
	const char *emul;	/* the policy's emulation */
	const char *file;	/* where it is written */
	const char *helper;	/* the program, of that ABI */
};

FIXTURE_VARIANT_ADD(misc_abi, x86_64) {
	.emul = "native",
	.file = "/tmp/misc64.policy",
	.helper = ST_HELPER64,
};

FIXTURE_VARIANT_ADD(misc_abi, ia32) {
	.emul = "linux32",
	.file = "/tmp/misc32.policy",
	.helper = ST_HELPER32,
};

FIXTURE_SETUP(misc_abi)
{
	prepare(_metadata);
}

FIXTURE_TEARDOWN(misc_abi)
{
	cleanup();
}

TEST_F(misc_abi, run)
{
	run_helpers(_metadata, variant->emul, variant->file, variant->helper);
}

TEST_HARNESS_MAIN
