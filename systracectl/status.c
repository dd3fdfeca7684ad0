// SPDX-License-Identifier: GPL-2.0
/* systracectl status: what the module says about itself. */
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <linux/systrace.h>

#include "nl.h"
#include "systracectl.h"

struct status {
	char version[64];
	char release[128];
	unsigned int prog_version;
	uint64_t confined, images, xfers;
};

static uint64_t stat_of(struct nlattr *stats, int type)
{
	struct nlattr *tb[SYSTRACE_STAT_MAX + 1];

	if (!stats || nla_parse_nested(tb, SYSTRACE_STAT_MAX, stats, NULL) ||
	    !tb[type])
		return 0;
	return nla_get_u64(tb[type]);
}

static int parse_status(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[SYSTRACE_A_MAX + 1];
	struct status *s = arg;

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, SYSTRACE_A_MAX, NULL) < 0)
		return NL_SKIP;
	if (tb[SYSTRACE_A_VERSION])
		snprintf(s->version, sizeof(s->version), "%s",
			 nla_get_string(tb[SYSTRACE_A_VERSION]));
	if (tb[SYSTRACE_A_KERNEL_RELEASE])
		snprintf(s->release, sizeof(s->release), "%s",
			 nla_get_string(tb[SYSTRACE_A_KERNEL_RELEASE]));
	if (tb[SYSTRACE_A_PROG_VERSION])
		s->prog_version = nla_get_u32(tb[SYSTRACE_A_PROG_VERSION]);
	s->confined = stat_of(tb[SYSTRACE_A_STATS], SYSTRACE_STAT_CONFINED);
	s->images = stat_of(tb[SYSTRACE_A_STATS], SYSTRACE_STAT_IMAGES);
	s->xfers = stat_of(tb[SYSTRACE_A_STATS], SYSTRACE_STAT_XFERS);
	return NL_OK;
}

int status_main(int argc, char *argv[])
{
	struct status s = { "", "", 0, 0, 0, 0 };
	struct st_nl nl;
	struct nl_msg *msg;
	int ret;

	if (argc > 1) {
		if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
			printf("usage: systracectl status\n");
			return ST_EXIT_OK;
		}
		fprintf(stderr, "systracectl: status takes no arguments\n");
		return ST_EXIT_USAGE;
	}

	ret = st_open_or_explain(&nl);
	if (ret)
		return ret;
	msg = st_nl_msg(&nl, SYSTRACE_CMD_GET_STATUS, 0);
	ret = msg ? st_nl_call(&nl, msg, parse_status, &s) : -ENOMEM;
	if (ret < 0) {
		fprintf(stderr, "systracectl: status: %s\n", st_nl_strerror(&nl, ret));
		st_nl_close(&nl);
		return ST_EXIT_FAIL;
	}
	st_nl_close(&nl);

	printf("module:  systrace %s\n", s.version[0] ? s.version : "(unknown)");
	printf("kernel:  %s\n", s.release[0] ? s.release : "(unknown)");
	printf("bytecode: version %u\n", s.prog_version);
	printf("confined: %" PRIu64 " tasks\n", s.confined);
	printf("images:  %" PRIu64 " live, %" PRIu64 " loads in progress\n", s.images, s.xfers);
	return ST_EXIT_OK;
}
