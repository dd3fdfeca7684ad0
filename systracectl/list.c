// SPDX-License-Identifier: GPL-2.0
/* systracectl list: the loaded images, their policies and counters. */
#include <errno.h>
#include <inttypes.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <linux/systrace.h>

#include "nl.h"
#include "systracectl.h"

static uint64_t stat_of(struct nlattr *stats, int type)
{
	struct nlattr *tb[SYSTRACE_STAT_MAX + 1];

	if (!stats || nla_parse_nested(tb, SYSTRACE_STAT_MAX, stats, NULL) ||
	    !tb[type])
		return 0;
	return nla_get_u64(tb[type]);
}

static int print_image(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[SYSTRACE_A_MAX + 1], *pol, *pt[SYSTRACE_A_MAX + 1];
	int *count = arg, rem, i = 0;

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, SYSTRACE_A_MAX, NULL) < 0 ||
	    !tb[SYSTRACE_A_NAME])
		return NL_SKIP;
	printf("%s: mode %s, %" PRIu64 " decisions, %" PRIu64 " denials, %" PRIu64 " unmatched\n",
	       nla_get_string(tb[SYSTRACE_A_NAME]),
	       st_mode_name(tb[SYSTRACE_A_MODE] ? nla_get_u8(tb[SYSTRACE_A_MODE]) : -1),
	       stat_of(tb[SYSTRACE_A_STATS], SYSTRACE_STAT_DECISIONS),
	       stat_of(tb[SYSTRACE_A_STATS], SYSTRACE_STAT_DENIALS),
	       stat_of(tb[SYSTRACE_A_STATS], SYSTRACE_STAT_UNMATCHED));
	if (tb[SYSTRACE_A_OWNER]) {
		unsigned int uid = nla_get_u32(tb[SYSTRACE_A_OWNER]);
		struct passwd *pw = getpwuid(uid);

		printf("  owner: %u (%s): binds that user's execs only\n", uid,
		       pw ? pw->pw_name : "no such user");
	}
	nla_for_each_attr(pol, genlmsg_attrdata(nlmsg_data(nlmsg_hdr(msg)), 0),
			  genlmsg_attrlen(nlmsg_data(nlmsg_hdr(msg)), 0), rem) {
		if (nla_type(pol) != SYSTRACE_A_POLICY)
			continue;
		if (nla_parse_nested(pt, SYSTRACE_A_MAX, pol, NULL))
			continue;
		printf("  policy %d: %s", i++,
		       pt[SYSTRACE_A_PATH] ? nla_get_string(pt[SYSTRACE_A_PATH]) :
		       "(fragment, no program path)");
		if (pt[SYSTRACE_A_SHADOWED_BY])
			printf(" (not used at exec: %s governs it)",
			       nla_get_string(pt[SYSTRACE_A_SHADOWED_BY]));
		putchar('\n');
	}
	nla_for_each_attr(pol, genlmsg_attrdata(nlmsg_data(nlmsg_hdr(msg)), 0),
			  genlmsg_attrlen(nlmsg_data(nlmsg_hdr(msg)), 0), rem) {
		if (nla_type(pol) != SYSTRACE_A_CALL_STATS ||
		    nla_parse_nested(pt, SYSTRACE_A_MAX, pol, NULL) ||
		    !pt[SYSTRACE_A_CALL])
			continue;
		printf("  denied %s: %" PRIu64 "\n", nla_get_string(pt[SYSTRACE_A_CALL]),
		       stat_of(pt[SYSTRACE_A_STATS], SYSTRACE_STAT_DENIALS));
	}
	(*count)++;
	return NL_OK;
}

int list_main(int argc, char *argv[])
{
	struct nl_msg *msg;
	struct st_nl nl;
	int ret, count = 0;

	if (argc > 1) {
		if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
			printf("usage: systracectl list\n");
			return ST_EXIT_OK;
		}
		fprintf(stderr, "usage: systracectl list\n");
		return ST_EXIT_USAGE;
	}
	ret = st_open_or_explain(&nl);
	if (ret)
		return ret;
	msg = st_nl_msg(&nl, SYSTRACE_CMD_LIST, NLM_F_DUMP);
	ret = msg ? st_nl_call(&nl, msg, print_image, &count) : -ENOMEM;
	st_nl_close(&nl);
	if (ret < 0) {
		fprintf(stderr, "systracectl: list: %s\n", st_nl_strerror(&nl, ret));
		return ST_EXIT_FAIL;
	}
	if (!count)
		printf("no policy loaded\n");
	return ST_EXIT_OK;
}
