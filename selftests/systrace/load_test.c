// SPDX-License-Identifier: GPL-2.0
/*
 * systrace selftests: loading, replacing, listing and unloading images over
 * generic netlink, and every way a load can be refused. Runs in the VM as
 * root with policyc and systracectl on PATH.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <linux/systrace.h>
#include <linux/systrace_prog.h>

#include "harness.h"
#include "../../systracectl/nl.h"

static const char small_policy[] =
	"Policy: /bin/busybox, Emulation: native\n"
	"\tnative-fsread: filename eq \"/etc/passwd\" then permit\n"
	"\tnative-fsread: filename match \"/tmp/*\" then deny[enoent]\n";

/* Compile @src with policyc into a malloc'd image. */
static unsigned char *compile(const char *src, size_t *len)
{
	char cmd[256];
	struct stat st;
	unsigned char *buf;
	FILE *f = fopen("/tmp/load_test.policy", "w");
	int fd;

	if (!f)
		return NULL;
	fputs(src, f);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "policyc -o /tmp/load_test.bin /tmp/load_test.policy");
	if (system(cmd))
		return NULL;
	fd = open("/tmp/load_test.bin", O_RDONLY);
	if (fd < 0 || fstat(fd, &st))
		return NULL;
	buf = malloc(st.st_size);
	if (!buf || read(fd, buf, st.st_size) != st.st_size)
		return NULL;
	close(fd);
	*len = st.st_size;
	return buf;
}

static int begin(struct st_nl *nl, const char *name, unsigned int size,
		 unsigned int *xfer);

static int parse_xfer(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[SYSTRACE_A_MAX + 1];

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, SYSTRACE_A_MAX, NULL) == 0 &&
	    tb[SYSTRACE_A_XFER])
		*(unsigned int *)arg = nla_get_u32(tb[SYSTRACE_A_XFER]);
	return NL_OK;
}

static int begin(struct st_nl *nl, const char *name, unsigned int size,
		 unsigned int *xfer)
{
	struct nl_msg *msg = st_nl_msg(nl, SYSTRACE_CMD_LOAD_BEGIN, 0);

	nla_put_string(msg, SYSTRACE_A_NAME, name);
	nla_put_u32(msg, SYSTRACE_A_SIZE, size);
	*xfer = 0;
	return st_nl_call(nl, msg, parse_xfer, xfer);
}

static int data(struct st_nl *nl, unsigned int xfer, unsigned int off,
		const void *buf, unsigned int len)
{
	struct nl_msg *msg = st_nl_msg_sized(nl, SYSTRACE_CMD_LOAD_DATA, 0, len);

	nla_put_u32(msg, SYSTRACE_A_XFER, xfer);
	nla_put_u32(msg, SYSTRACE_A_OFFSET, off);
	nla_put(msg, SYSTRACE_A_DATA, len, buf);
	return st_nl_call(nl, msg, NULL, NULL);
}

static int commit(struct st_nl *nl, unsigned int xfer)
{
	struct nl_msg *msg = st_nl_msg(nl, SYSTRACE_CMD_LOAD_COMMIT, 0);

	nla_put_u32(msg, SYSTRACE_A_XFER, xfer);
	return st_nl_call(nl, msg, NULL, NULL);
}

static int unload(struct st_nl *nl, const char *name)
{
	struct nl_msg *msg = st_nl_msg(nl, SYSTRACE_CMD_UNLOAD, 0);

	nla_put_string(msg, SYSTRACE_A_NAME, name);
	return st_nl_call(nl, msg, NULL, NULL);
}

struct listing {
	int images;
	char names[32][64];
	int modes[32];
	int policies[32];
};

static int parse_list(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[SYSTRACE_A_MAX + 1], *a;
	struct listing *l = arg;
	int rem, i = l->images;

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, SYSTRACE_A_MAX, NULL) < 0 ||
	    i >= 32)
		return NL_SKIP;
	snprintf(l->names[i], 64, "%s", nla_get_string(tb[SYSTRACE_A_NAME]));
	l->modes[i] = nla_get_u8(tb[SYSTRACE_A_MODE]);
	l->policies[i] = 0;
	nla_for_each_attr(a, genlmsg_attrdata(nlmsg_data(nlmsg_hdr(msg)), 0),
			  genlmsg_attrlen(nlmsg_data(nlmsg_hdr(msg)), 0), rem)
		if (nla_type(a) == SYSTRACE_A_POLICY)
			l->policies[i]++;
	l->images++;
	return NL_OK;
}

/* Index of @name in @l, or -1: other tests may have images loaded. */
static int find(const struct listing *l, const char *name)
{
	int i;

	for (i = 0; i < l->images; i++)
		if (!strcmp(l->names[i], name))
			return i;
	return -1;
}

static int list(struct st_nl *nl, struct listing *l)
{
	memset(l, 0, sizeof(*l));
	return st_nl_call(nl, st_nl_msg(nl, SYSTRACE_CMD_LIST, NLM_F_DUMP),
			  parse_list, l);
}

static int xfers_in_progress(struct st_nl *nl, uint64_t *n);

static int parse_xfers(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[SYSTRACE_A_MAX + 1], *st[SYSTRACE_STAT_MAX + 1];

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, SYSTRACE_A_MAX, NULL) == 0 &&
	    tb[SYSTRACE_A_STATS] &&
	    nla_parse_nested(st, SYSTRACE_STAT_MAX, tb[SYSTRACE_A_STATS], NULL) == 0 &&
	    st[SYSTRACE_STAT_XFERS])
		*(uint64_t *)arg = nla_get_u64(st[SYSTRACE_STAT_XFERS]);
	return NL_OK;
}

static int xfers_in_progress(struct st_nl *nl, uint64_t *n)
{
	*n = ~0ULL;
	return st_nl_call(nl, st_nl_msg(nl, SYSTRACE_CMD_GET_STATUS, 0),
			  parse_xfers, n);
}

FIXTURE(load) {
	struct st_nl nl;
	unsigned char *img;
	size_t len;
};

FIXTURE_SETUP(load)
{
	ASSERT_EQ(0, st_nl_open(&self->nl));
	self->img = compile(small_policy, &self->len);
	ASSERT_NE(NULL, self->img);
}

FIXTURE_TEARDOWN(load)
{
	unload(&self->nl, "lt");
	free(self->img);
	st_nl_close(&self->nl);
}

TEST_F(load, load_list_replace_unload)
{
	struct listing l;
	int i, n;

	ASSERT_EQ(0, st_load_image(&self->nl, "lt", SYSTRACE_MODE_LEARN,
				   self->img, self->len));
	ASSERT_EQ(0, list(&self->nl, &l));
	i = find(&l, "lt");
	ASSERT_LE(0, i);
	ASSERT_EQ(SYSTRACE_MODE_LEARN, l.modes[i]);
	ASSERT_EQ(1, l.policies[i]);
	n = l.images;

	/* Same name: replaced in place, still one image. */
	ASSERT_EQ(0, st_load_image(&self->nl, "lt", SYSTRACE_MODE_ENFORCE,
				   self->img, self->len));
	ASSERT_EQ(0, list(&self->nl, &l));
	ASSERT_EQ(n, l.images);
	i = find(&l, "lt");
	ASSERT_LE(0, i);
	ASSERT_EQ(SYSTRACE_MODE_ENFORCE, l.modes[i]);

	ASSERT_EQ(0, unload(&self->nl, "lt"));
	ASSERT_EQ(0, list(&self->nl, &l));
	ASSERT_EQ(n - 1, l.images);
	ASSERT_EQ(-1, find(&l, "lt"));
	ASSERT_EQ(-ENOENT, unload(&self->nl, "lt"));
	ASSERT_STREQ("no image of that name is loaded", self->nl.extack);
}

TEST_F(load, corrupt_image_rejected_with_reason)
{
	struct listing l;
	unsigned char *bad = malloc(self->len);

	ASSERT_NE(NULL, bad);
	memcpy(bad, self->img, self->len);
	bad[0] ^= 0xff;			/* magic */
	ASSERT_EQ(-EINVAL, st_load_image(&self->nl, "lt", 0, bad, self->len));
	ASSERT_NE('\0', self->nl.extack[0]);
	TH_LOG("bad magic: %s", self->nl.extack);

	/* Truncated: the header's length no longer matches. */
	ASSERT_EQ(-EINVAL, st_load_image(&self->nl, "lt", 0, self->img,
					 self->len - 8));
	ASSERT_NE('\0', self->nl.extack[0]);
	TH_LOG("truncated: %s", self->nl.extack);

	ASSERT_EQ(0, list(&self->nl, &l));
	ASSERT_EQ(-1, find(&l, "lt"));
	free(bad);
}

TEST_F(load, transfer_errors)
{
	unsigned int x;
	uint64_t n;

	ASSERT_EQ(0, begin(&self->nl, "lt", self->len, &x));
	ASSERT_NE(0, x);
	/* Out of order: the transfer dies. */
	ASSERT_EQ(-EINVAL, data(&self->nl, x, 8, self->img, 8));
	ASSERT_STREQ("load data out of order", self->nl.extack);
	ASSERT_EQ(-ENOENT, commit(&self->nl, x));

	/* Past the announced size. */
	ASSERT_EQ(0, begin(&self->nl, "lt", 8, &x));
	ASSERT_EQ(-EINVAL, data(&self->nl, x, 0, self->img, 16));
	ASSERT_STREQ("load data past the announced size", self->nl.extack);

	/* Commit before all data arrived. */
	ASSERT_EQ(0, begin(&self->nl, "lt", self->len, &x));
	ASSERT_EQ(0, data(&self->nl, x, 0, self->img, 8));
	ASSERT_EQ(-EINVAL, commit(&self->nl, x));
	ASSERT_STREQ("load committed before all data arrived", self->nl.extack);

	/* Size 0 and sizes past the limit are refused by the policy. */
	ASSERT_EQ(-ERANGE, begin(&self->nl, "lt", 0, &x));
	ASSERT_NE('\0', self->nl.extack[0]);
	ASSERT_EQ(-ERANGE, begin(&self->nl, "lt", 0x7fffffff, &x));

	ASSERT_EQ(0, xfers_in_progress(&self->nl, &n));
	ASSERT_EQ(0, n);
}

TEST_F(load, transfer_belongs_to_its_socket)
{
	struct st_nl other;
	unsigned int x;
	uint64_t n;

	ASSERT_EQ(0, st_nl_open(&other));
	ASSERT_EQ(0, begin(&other, "lt", self->len, &x));
	/* Another socket cannot continue it... */
	ASSERT_EQ(-ENOENT, data(&self->nl, x, 0, self->img, 8));
	ASSERT_EQ(0, xfers_in_progress(&self->nl, &n));
	ASSERT_EQ(1, n);
	/* ...and closing the owner frees it. */
	st_nl_close(&other);
	ASSERT_EQ(0, xfers_in_progress(&self->nl, &n));
	ASSERT_EQ(0, n);
}

TEST_F(load, unprivileged_cannot_load_or_unload)
{
	pid_t pid;
	int st;

	ASSERT_EQ(0, st_load_image(&self->nl, "lt", 0, self->img, self->len));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		struct st_nl nl;

		if (setgid(65534) || setuid(65534) || st_nl_open(&nl))
			_exit(10);
		if (st_load_image(&nl, "lt2", 0, self->img, self->len) != -EPERM)
			_exit(11);
		if (unload(&nl, "lt") != -EPERM)
			_exit(12);
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	ASSERT_EQ(0, WEXITSTATUS(st));
}

TEST_F(load, missing_attributes_explained)
{
	struct nl_msg *msg = st_nl_msg(&self->nl, SYSTRACE_CMD_LOAD_BEGIN, 0);

	ASSERT_EQ(-EINVAL, st_nl_call(&self->nl, msg, NULL, NULL));
	ASSERT_STREQ("load needs SYSTRACE_A_NAME and SYSTRACE_A_SIZE",
		     self->nl.extack);
	msg = st_nl_msg(&self->nl, SYSTRACE_CMD_LOAD_BEGIN, 0);
	nla_put_string(msg, SYSTRACE_A_NAME, "");
	nla_put_u32(msg, SYSTRACE_A_SIZE, 8);
	ASSERT_EQ(-EINVAL, st_nl_call(&self->nl, msg, NULL, NULL));
	ASSERT_STREQ("empty image name", self->nl.extack);
	msg = st_nl_msg(&self->nl, SYSTRACE_CMD_LOAD_BEGIN, 0);
	nla_put_string(msg, SYSTRACE_A_NAME, "lt");
	nla_put_u32(msg, SYSTRACE_A_SIZE, 8);
	nla_put_u8(msg, SYSTRACE_A_MODE, SYSTRACE_MODE_MAX + 1);
	ASSERT_EQ(-ERANGE, st_nl_call(&self->nl, msg, NULL, NULL));
	ASSERT_NE('\0', self->nl.extack[0]);
}

/* A 100,000-rule policy is megabytes: it must load through the chunks. */
TEST_F(load, hundred_thousand_rules)
{
	struct listing l;
	unsigned char *big;
	size_t len;
	FILE *f;
	int i;

	f = fopen("/tmp/big.policy", "w");
	ASSERT_NE(NULL, f);
	fprintf(f, "Policy: /bin/big, Emulation: native\n");
	for (i = 0; i < 100000; i++)
		fprintf(f, "\tnative-fsread: filename eq \"/data/file%d\" then permit\n", i);
	fclose(f);
	ASSERT_EQ(0, system("policyc -o /tmp/big.bin /tmp/big.policy"));
	f = fopen("/tmp/big.bin", "r");
	ASSERT_NE(NULL, f);
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	rewind(f);
	big = malloc(len);
	ASSERT_EQ(len, fread(big, 1, len, f));
	fclose(f);
	TH_LOG("image: %zu bytes, %zu chunks", len,
	       (len + SYSTRACE_LOAD_CHUNK - 1) / SYSTRACE_LOAD_CHUNK);
	ASSERT_LT(SYSTRACE_LOAD_CHUNK * 4, len);

	ASSERT_EQ(0, st_load_image(&self->nl, "lt", 0, big, len));
	ASSERT_EQ(0, list(&self->nl, &l));
	ASSERT_LE(0, find(&l, "lt"));
	ASSERT_EQ(0, unload(&self->nl, "lt"));
	free(big);
}

TEST_HARNESS_MAIN
