// SPDX-License-Identifier: GPL-2.0
/* systracectl status: what the module says about itself. */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <jansson.h>
#include <linux/systrace.h>

#include "nl.h"
#include "request.h"
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

static int print_json(const struct status *s)
{
	return st_json_print(json_pack("{s:o,s:o,s:I,s:I,s:I,s:I}",
				       "module", st_jstr(s->version),
				       "kernel", st_jstr(s->release),
				       "bytecode", (json_int_t)s->prog_version,
				       "confined_tasks", (json_int_t)s->confined,
				       "images", (json_int_t)s->images,
				       "loads_in_progress", (json_int_t)s->xfers));
}

int status_main(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	static const char usage[] = "usage: systracectl status [--json]\n";
	struct status s = { "", "", 0, 0, 0, 0 };
	struct st_nl nl;
	int ret, c, json = 0;

	while ((c = getopt_long(argc, argv, "jh", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = 1;
			break;
		case 'h':
			fputs(usage, stdout);
			return ST_EXIT_OK;
		default:
			return st_bad_option("jh", argc, argv);
		}
	}
	if (optind != argc) {
		fprintf(stderr, "systracectl: status takes no arguments but --json\n");
		return ST_EXIT_USAGE;
	}

	ret = st_open_or_explain(&nl);
	if (ret)
		return ret;
	ret = st_req_simple(&nl, SYSTRACE_CMD_GET_STATUS, false, parse_status, &s);
	if (ret < 0) {
		fprintf(stderr, "systracectl: status: %s\n", st_kerr(&nl, ret));
		st_nl_close(&nl);
		return ST_EXIT_FAIL;
	}
	st_nl_close(&nl);

	if (json) {
		if (print_json(&s) < 0) {
			fprintf(stderr, "systracectl: status: out of memory\n");
			return ST_EXIT_FAIL;
		}
		return ST_EXIT_OK;
	}
	printf("module:  systrace %s\n", s.version[0] ? s.version : "(unknown)");
	printf("kernel:  %s\n", s.release[0] ? s.release : "(unknown)");
	printf("bytecode: version %u\n", s.prog_version);
	printf("confined: %" PRIu64 " tasks\n", s.confined);
	printf("images:  %" PRIu64 " live, %" PRIu64 " loads in progress\n", s.images, s.xfers);
	return ST_EXIT_OK;
}
