// SPDX-License-Identifier: GPL-2.0
/*
 * systrace selftests: the module itself and its generic netlink family.
 * Runs in the VM as root, with systrace.ko loaded by the VM's init from
 * /lib/modules/systrace.ko.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <linux/systrace.h>
#include <linux/systrace_prog.h>

#include "harness.h"
#include "../../systracectl/nl.h"

#define MODULE_PATH "/lib/modules/systrace.ko"

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

struct status {
	char version[64];
	char release[128];
	int replies;
};

static int parse_status(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[SYSTRACE_A_MAX + 1];
	struct status *s = arg;

	s->replies++;
	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, SYSTRACE_A_MAX, NULL) < 0)
		return NL_SKIP;
	if (tb[SYSTRACE_A_VERSION])
		snprintf(s->version, sizeof(s->version), "%s",
			 nla_get_string(tb[SYSTRACE_A_VERSION]));
	if (tb[SYSTRACE_A_KERNEL_RELEASE])
		snprintf(s->release, sizeof(s->release), "%s",
			 nla_get_string(tb[SYSTRACE_A_KERNEL_RELEASE]));
	return NL_OK;
}

static int get_status(struct st_nl *nl, struct status *s)
{
	struct nl_msg *msg = st_nl_msg(nl, SYSTRACE_CMD_GET_STATUS, 0);

	memset(s, 0, sizeof(*s));
	if (!msg)
		return -ENOMEM;
	return st_nl_call(nl, msg, parse_status, s);
}

/* Run a shell command, capture its stdout; returns its exit status. */
static int capture(const char *cmd, char *out, size_t len)
{
	FILE *p = popen(cmd, "r");
	size_t n;
	int st;

	if (!p)
		return -1;
	n = fread(out, 1, len - 1, p);
	out[n] = '\0';
	/* Read the rest too: closing early would kill the writer (SIGPIPE). */
	while (fgetc(p) != EOF)
		;
	st = pclose(p);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

TEST(module_is_listed)
{
	struct stat st;

	ASSERT_EQ(1, module_listed());
	ASSERT_EQ(0, stat("/sys/module/systrace", &st));
}

FIXTURE(genl) {
	struct st_nl nl;
};

FIXTURE_SETUP(genl)
{
	ASSERT_EQ(0, st_nl_open(&self->nl));
}

FIXTURE_TEARDOWN(genl)
{
	st_nl_close(&self->nl);
}

TEST_F(genl, family_resolves)
{
	/* Dynamic genl ids start above the controller's. */
	ASSERT_LT(GENL_ID_CTRL, self->nl.family);
}

TEST_F(genl, status_answers)
{
	struct status s;
	struct utsname u;

	ASSERT_EQ(0, uname(&u));
	ASSERT_EQ(0, get_status(&self->nl, &s));
	ASSERT_EQ(1, s.replies);
	ASSERT_STREQ(SYSTRACE_VERSION, s.version);
	ASSERT_STREQ(u.release, s.release);
}

TEST_F(genl, unknown_attribute_rejected)
{
	struct nl_msg *msg = st_nl_msg(&self->nl, SYSTRACE_CMD_GET_STATUS, 0);

	ASSERT_NE(NULL, msg);
	ASSERT_EQ(0, nla_put_u32(msg, SYSTRACE_A_MAX + 1, 1));
	ASSERT_EQ(-EINVAL, st_nl_call(&self->nl, msg, NULL, NULL));
	/* Strict validation explains itself. */
	ASSERT_NE('\0', self->nl.extack[0]);
	TH_LOG("extack: %s", self->nl.extack);
}

TEST_F(genl, unknown_command_rejected)
{
	struct nl_msg *msg = st_nl_msg(&self->nl, SYSTRACE_CMD_MAX + 1, 0);

	ASSERT_NE(NULL, msg);
	ASSERT_EQ(-EOPNOTSUPP, st_nl_call(&self->nl, msg, NULL, NULL));
}

TEST_F(genl, status_needs_no_privilege)
{
	pid_t pid = fork();
	int st;

	ASSERT_LE(0, pid);
	if (pid == 0) {
		struct st_nl nl;
		struct status s;

		if (setgid(65534) || setuid(65534))
			_exit(10);
		if (st_nl_open(&nl))
			_exit(11);
		_exit(get_status(&nl, &s) == 0 && s.replies == 1 ? 0 : 12);
	}
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	ASSERT_TRUE(WIFEXITED(st));
	ASSERT_EQ(0, WEXITSTATUS(st));
}

TEST(systracectl_status)
{
	char out[512], want[256];
	struct utsname u;

	ASSERT_EQ(0, uname(&u));
	ASSERT_EQ(0, capture("systracectl status", out, sizeof(out)));
	snprintf(want, sizeof(want), "module:  systrace %s\nkernel:  %s\n",
		 SYSTRACE_VERSION, u.release);
	ASSERT_EQ(0, strncmp(want, out, strlen(want)));
	ASSERT_NE(NULL, strstr(out, "\nconfined: 0 tasks\n"));
}

TEST(systracectl_usage_errors)
{
	char out[512];

	ASSERT_EQ(2, capture("systracectl 2>&1", out, sizeof(out)));
	ASSERT_EQ(2, capture("systracectl frobnicate 2>&1", out, sizeof(out)));
	ASSERT_NE(NULL, strstr(out, "unknown command 'frobnicate'"));
	ASSERT_EQ(2, capture("systracectl status extra 2>&1", out, sizeof(out)));
}

/*
 * Unload: no module, no sysfs directory, no genl family; systracectl says
 * so and exits 3. Then load again, so that the order of tests is free.
 */
TEST(unload_leaves_no_trace)
{
	struct st_nl nl;
	struct stat st;
	char out[512];
	int fd;

	ASSERT_EQ(0, syscall(SYS_delete_module, "systrace", O_NONBLOCK));
	ASSERT_EQ(0, module_listed());
	ASSERT_EQ(-1, stat("/sys/module/systrace", &st));
	ASSERT_EQ(ENOENT, errno);
	ASSERT_EQ(-ENOENT, st_nl_open(&nl));

	ASSERT_EQ(3, capture("systracectl status 2>&1", out, sizeof(out)));
	ASSERT_STREQ("systracectl: the systrace module is not loaded (modprobe systrace)\n", out);

	fd = open(MODULE_PATH, O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, syscall(SYS_finit_module, fd, "", 0));
	close(fd);
	ASSERT_EQ(1, module_listed());
	ASSERT_EQ(0, st_nl_open(&nl));
	st_nl_close(&nl);
}

TEST_HARNESS_MAIN
