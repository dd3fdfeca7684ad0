// SPDX-License-Identifier: GPL-2.0
/* systracectl status: what the module says about itself. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <linux/systrace.h>

#include "nl.h"
#include "systracectl.h"

struct status {
	char version[64];
	char release[128];
};

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
	return NL_OK;
}

int status_main(int argc, char *argv[])
{
	struct status s = { "", "" };
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
	return ST_EXIT_OK;
}
