// SPDX-License-Identifier: GPL-2.0
/*
 * systracectl list: the loaded images, their policies and counters, and
 * the unloaded images tasks are still confined by (from SYSTRACE_CMD_PS).
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include <linux/systrace.h>

#include "nl.h"
#include "request.h"
#include "systracectl.h"

static uint64_t stat_of(struct nlattr *stats, int type)
{
	struct nlattr *tb[SYSTRACE_STAT_MAX + 1];

	if (!stats || nla_parse_nested(tb, SYSTRACE_STAT_MAX, stats, NULL) ||
	    !tb[type])
		return 0;
	return nla_get_u64(tb[type]);
}

struct list {
	int count;
	json_t *images;		/* --json: the array, else NULL */
};

static int json_image(struct nl_msg *msg, struct nlattr **tb, json_t *arr)
{
	struct nlattr *pol, *pt[SYSTRACE_A_MAX + 1];
	json_t *o = json_object(), *pols = json_array(), *den = json_object();
	int rem, ok;

	ok = o && pols && den &&
	     !json_object_set_new(o, "name",
				  st_jstr(nla_get_string(tb[SYSTRACE_A_NAME]))) &&
	     !json_object_set_new(o, "unloaded", json_false()) &&
	     !json_object_set_new(o, "mode", json_string(st_mode_name(tb[SYSTRACE_A_MODE] ? nla_get_u8(tb[SYSTRACE_A_MODE]) : -1))) &&
	     (!tb[SYSTRACE_A_OWNER] ||
	      !json_object_set_new(o, "owner",
				   json_integer(nla_get_u32(tb[SYSTRACE_A_OWNER])))) &&
	     !json_object_set_new(o, "decisions", json_integer(stat_of(tb[SYSTRACE_A_STATS], SYSTRACE_STAT_DECISIONS))) &&
	     !json_object_set_new(o, "denials", json_integer(stat_of(tb[SYSTRACE_A_STATS], SYSTRACE_STAT_DENIALS))) &&
	     !json_object_set_new(o, "unmatched", json_integer(stat_of(tb[SYSTRACE_A_STATS], SYSTRACE_STAT_UNMATCHED)));
	nla_for_each_attr(pol, genlmsg_attrdata(nlmsg_data(nlmsg_hdr(msg)), 0),
			  genlmsg_attrlen(nlmsg_data(nlmsg_hdr(msg)), 0), rem) {
		json_t *p;

		if (!ok)
			break;
		if ((nla_type(pol) != SYSTRACE_A_CALL_STATS &&
		     nla_type(pol) != SYSTRACE_A_POLICY) ||
		    nla_parse_nested(pt, SYSTRACE_A_MAX, pol, NULL))
			continue;
		if (nla_type(pol) == SYSTRACE_A_CALL_STATS && pt[SYSTRACE_A_CALL]) {
			ok = !json_object_set_new(den, nla_get_string(pt[SYSTRACE_A_CALL]),
						  json_integer(stat_of(pt[SYSTRACE_A_STATS], SYSTRACE_STAT_DENIALS)));
			continue;
		}
		if (nla_type(pol) != SYSTRACE_A_POLICY)
			continue;
		p = json_object();
		ok = p && !json_object_set_new(p, "path", pt[SYSTRACE_A_PATH] ?
					       st_jstr(nla_get_string(pt[SYSTRACE_A_PATH])) :
					       json_null()) &&
		     (!pt[SYSTRACE_A_SHADOWED_BY] ||
		      !json_object_set_new(p, "shadowed_by",
					   st_jstr(nla_get_string(pt[SYSTRACE_A_SHADOWED_BY]))));
		if (!ok || json_array_append_new(pols, p))
			ok = 0;
	}
	/* json_object_set_new() takes the value, failing or not. */
	if (ok) {
		ok = !json_object_set_new(o, "policies", pols);
		pols = NULL;
	}
	if (ok) {
		ok = !json_object_set_new(o, "denied", den);
		den = NULL;
	}
	json_decref(pols);
	json_decref(den);
	if (!ok || json_array_append_new(arr, o)) {
		json_decref(o);
		return NL_STOP;
	}
	return NL_OK;
}

static int print_image(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[SYSTRACE_A_MAX + 1], *pol, *pt[SYSTRACE_A_MAX + 1];
	struct list *l = arg;
	int rem, i = 0;

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, SYSTRACE_A_MAX, NULL) < 0 ||
	    !tb[SYSTRACE_A_NAME])
		return NL_SKIP;
	l->count++;
	if (l->images)
		return json_image(msg, tb, l->images);
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
	return NL_OK;
}

/*
 * The unloaded images processes are still confined by, with how many: an
 * unload ends no confinement (fail closed), and a name no tool showed
 * would leave their denials unexplained.
 */
static int list_unloaded(struct st_nl *nl, struct list *l)
{
	struct st_ps_task *t;
	size_t n, i, k;
	unsigned int j, m;
	int ret;

	ret = st_ps_collect(nl, &t, &n);
	if (ret < 0)
		return ret;
	for (i = 0; i < n; i++) {
		for (j = 0; j < t[i].nlayers; j++) {
			const char *name = t[i].layers[j].image;
			unsigned int procs = 0;
			int seen = 0;

			if (!(t[i].layers[j].flags & SYSTRACE_LAYER_F_UNLOADED))
				continue;
			/* Once per name: at its first process. */
			for (k = 0; k < n && !seen; k++)
				for (m = 0; m < t[k].nlayers; m++) {
					if (!(t[k].layers[m].flags & SYSTRACE_LAYER_F_UNLOADED) ||
					    strcmp(t[k].layers[m].image, name))
						continue;
					if (k < i || (k == i && m < j))
						seen = 1;
					else if (t[k].pid == t[k].tgid)
						procs++;
					break;
				}
			if (seen)
				continue;
			l->count++;
			if (!l->images) {
				printf("%s (unloaded, %u process%s): still confines them until they exit; systracectl ps shows them\n",
				       name, procs, procs == 1 ? "" : "es");
				continue;
			}
			if (json_array_append_new(l->images,
						  json_pack("{s:o,s:b,s:I}", "name", st_jstr(name),
							    "unloaded", 1, "processes",
							    (json_int_t)procs))) {
				st_ps_free(t, n);
				return -ENOMEM;
			}
		}
	}
	st_ps_free(t, n);
	return 0;
}

int list_main(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	static const char usage[] = "usage: systracectl list [--json]\n";
	struct list l = { 0, NULL };
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
	if (optind != argc)
		return st_bad_usage(usage);
	if (json) {
		l.images = json_array();
		if (!l.images)
			return ST_EXIT_FAIL;
	}
	ret = st_open_or_explain(&nl);
	if (ret) {
		json_decref(l.images);
		return ret;
	}
	ret = st_req_simple(&nl, SYSTRACE_CMD_LIST, true, print_image, &l);
	if (!ret)
		ret = list_unloaded(&nl, &l);
	if (ret < 0) {
		fprintf(stderr, "systracectl: list: %s\n", st_kerr(&nl, ret));
		st_nl_close(&nl);
		json_decref(l.images);
		return ST_EXIT_FAIL;
	}
	st_nl_close(&nl);
	if (l.images) {
		if (st_json_print(json_pack("{s:o}", "images", l.images)) < 0) {
			fprintf(stderr, "systracectl: list: out of memory\n");
			return ST_EXIT_FAIL;
		}
	} else if (!l.count) {
		printf("no policy loaded\n");
	}
	return ST_EXIT_OK;
}
