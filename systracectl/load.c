// SPDX-License-Identifier: GPL-2.0
/*
 * systracectl load, unload: images go to the kernel in chunks
 * (LOAD_BEGIN, LOAD_DATA..., LOAD_COMMIT), whatever their size.
 */
#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <linux/systrace.h>
#include <linux/systrace_prog.h>

#include "nl.h"
#include "request.h"
#include "systracectl.h"

int st_parse_mode(const char *s)
{
	if (!strcmp(s, "enforce"))
		return SYSTRACE_MODE_ENFORCE;
	if (!strcmp(s, "learn"))
		return SYSTRACE_MODE_LEARN;
	if (!strcmp(s, "ask"))
		return SYSTRACE_MODE_ASK;
	return -1;
}

const char *st_mode_name(int mode)
{
	static const char *const names[] = { "enforce", "learn", "ask" };

	return mode >= 0 && mode <= SYSTRACE_MODE_MAX ? names[mode] : "?";
}

static void src_path(const char *name, char *buf, size_t len)
{
	size_t i, n;

	/* Image names may hold '/': flatten them for a file name. */
	n = snprintf(buf, len, "%s/", ST_RUN_DIR);
	for (i = 0; name[i] && n + 5 < len; i++)
		buf[n++] = name[i] == '/' ? '_' : name[i];
	snprintf(buf + n, len - n, ".src");
}

int st_src_record(const char *name, const char *path)
{
	char file[PATH_MAX + 64], tmp[PATH_MAX + 80], *abs;
	FILE *f;
	int ret = 0;

	abs = realpath(path, NULL);
	if (!abs)
		return -errno;
	mkdir(ST_RUN_DIR, 0700);
	src_path(name, file, sizeof(file));
	snprintf(tmp, sizeof(tmp), "%s.tmp", file);
	f = fopen(tmp, "w");
	if (!f) {
		free(abs);
		return -errno;
	}
	fprintf(f, "%s\n", abs);
	if (fclose(f) || rename(tmp, file) < 0) {
		ret = -errno;
		unlink(tmp);
	}
	free(abs);
	return ret;
}

void st_src_forget(const char *name)
{
	char file[PATH_MAX + 64];

	src_path(name, file, sizeof(file));
	unlink(file);
}

int st_src_lookup(const char *name, char *buf, size_t len)
{
	char file[PATH_MAX + 64];
	FILE *f;

	src_path(name, file, sizeof(file));
	f = fopen(file, "r");
	if (!f)
		return -errno;
	if (!fgets(buf, len, f)) {
		fclose(f);
		return -ENOENT;
	}
	fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
	return buf[0] == '/' ? 0 : -ENOENT;
}

int st_is_source(const char *path)
{
	unsigned char m[4];
	FILE *f = fopen(path, "r");
	size_t n;

	if (!f)
		return 0;
	n = fread(m, 1, 4, f);
	fclose(f);
	return !(n == 4 && m[0] == (SYSTRACE_PROG_MAGIC & 0xff) &&
		 m[1] == ((SYSTRACE_PROG_MAGIC >> 8) & 0xff) &&
		 m[2] == ((SYSTRACE_PROG_MAGIC >> 16) & 0xff) &&
		 m[3] == ((SYSTRACE_PROG_MAGIC >> 24) & 0xff));
}

struct mode_of {
	const char *name;
	int mode;
};

static int find_mode(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[SYSTRACE_A_MAX + 1];
	struct mode_of *m = arg;

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, SYSTRACE_A_MAX, NULL) == 0 &&
	    tb[SYSTRACE_A_NAME] && tb[SYSTRACE_A_MODE] &&
	    !strcmp(nla_get_string(tb[SYSTRACE_A_NAME]), m->name))
		m->mode = nla_get_u8(tb[SYSTRACE_A_MODE]);
	return NL_OK;
}

int st_image_mode(struct st_nl *nl, const char *name)
{
	struct mode_of m = { .name = name, .mode = -ENOENT };
	int ret;

	ret = st_req_simple(nl, SYSTRACE_CMD_LIST, true, find_mode, &m);
	return ret < 0 ? ret : m.mode;
}

/* The default image name of a file: its base name without ".bin". */
static void default_name(const char *path, char *name, size_t len)
{
	char *copy = strdup(path), *base, *dot;

	base = copy ? basename(copy) : (char *)path;
	snprintf(name, len, "%s", base);
	dot = strrchr(name, '.');
	if (dot && !strcmp(dot, ".bin"))
		*dot = '\0';
	free(copy);
}

/* LIST: the policies of @arg's image that another image governs at exec. */
struct shadow {
	const char *name;
	int warned;
};

static int warn_shadowed(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[SYSTRACE_A_MAX + 1], *pt[SYSTRACE_A_MAX + 1], *pol;
	struct shadow *sh = arg;
	int rem, i = 0;

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, SYSTRACE_A_MAX, NULL) < 0 ||
	    !tb[SYSTRACE_A_NAME] ||
	    strcmp(nla_get_string(tb[SYSTRACE_A_NAME]), sh->name))
		return NL_SKIP;
	nla_for_each_attr(pol, genlmsg_attrdata(nlmsg_data(nlmsg_hdr(msg)), 0),
			  genlmsg_attrlen(nlmsg_data(nlmsg_hdr(msg)), 0), rem) {
		if (nla_type(pol) != SYSTRACE_A_POLICY)
			continue;
		if (!nla_parse_nested(pt, SYSTRACE_A_MAX, pol, NULL) &&
		    pt[SYSTRACE_A_SHADOWED_BY] && pt[SYSTRACE_A_PATH]) {
			fprintf(stderr, "systracectl: warning: %s: policy %d for %s is not used at exec: image %s governs that path (systracectl list)\n",
				sh->name, i, nla_get_string(pt[SYSTRACE_A_PATH]),
				nla_get_string(pt[SYSTRACE_A_SHADOWED_BY]));
			sh->warned++;
		}
		i++;
	}
	return NL_OK;
}

/*
 * After a load: warn when an exec of a path the image names binds another
 * image's policy (a global image over a user's, the earlier of two of a
 * kind). The image is loaded all the same: it may be used by name (run -p,
 * attach). LIST is the administrator's; a user learns nothing here.
 */
static void check_shadowed(struct st_nl *nl, const char *name)
{
	struct shadow sh = { name, 0 };

	st_req_simple(nl, SYSTRACE_CMD_LIST, true, warn_shadowed, &sh);
}

int load_main(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "mode", required_argument, NULL, 'm' },
		{ "name", required_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	static const char usage[] =
		"usage: systracectl load [-m enforce|learn|ask] [-n NAME] FILE\n";
	char name[SYSTRACE_NAME_MAX] = "";
	struct st_load_opts lo = { .owner = ST_NO_OWNER };
	int mode = -1, c, ret;
	unsigned char *buf;
	struct st_nl nl;
	size_t len;

	while ((c = getopt_long(argc, argv, "m:n:h", opts, NULL)) != -1) {
		switch (c) {
		case 'm':
			mode = st_parse_mode(optarg);
			if (mode < 0)
				return st_bad_mode(optarg);
			break;
		case 'n':
			if (!*optarg || strlen(optarg) >= sizeof(name)) {
				fprintf(stderr, "systracectl load: -n: an image name of 1 to %zu bytes\n",
					sizeof(name) - 1);
				return ST_EXIT_USAGE;
			}
			snprintf(name, sizeof(name), "%s", optarg);
			break;
		case 'h':
			fputs(usage, stdout);
			return ST_EXIT_OK;
		default:
			return st_bad_option("m:n:h", argc, argv);
		}
	}
	if (optind != argc - 1)
		return st_bad_usage(usage);
	if (!name[0])
		default_name(argv[optind], name, sizeof(name));
	/* No -m: the file's own (systracectl mode), else enforce. */
	if (mode < 0)
		mode = st_policy_file_mode(argv[optind]);
	if (mode < 0)
		mode = SYSTRACE_MODE_ENFORCE;

	if (st_read_policy(argv[optind], &buf, &len) < 0)
		return ST_EXIT_FAIL;
	ret = st_open_or_explain(&nl);
	if (ret) {
		free(buf);
		return ret;
	}
	lo.name = name;
	lo.mode = mode;
	ret = st_load(&nl, &lo, buf, len);
	free(buf);
	if (ret < 0) {
		fprintf(stderr, "systracectl: load %s: %s\n", name,
			st_kerr(&nl, ret));
		st_nl_close(&nl);
		return ST_EXIT_FAIL;
	}
	check_shadowed(&nl, name);
	st_nl_close(&nl);
	/* Where "always" answers for this image go (systracectl ask). */
	if (st_is_source(argv[optind])) {
		ret = st_src_record(name, argv[optind]);
		if (ret < 0)
			fprintf(stderr, "systracectl: warning: cannot record the source of %s in %s: %s\n",
				name, ST_RUN_DIR, strerror(-ret));
	} else {
		st_src_forget(name);
	}
	return ST_EXIT_OK;
}

/* UNLOAD's reply: how many processes the image still confines. */
static int unload_reply(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[SYSTRACE_A_MAX + 1], *st[SYSTRACE_STAT_MAX + 1];
	long long *users = arg;

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, SYSTRACE_A_MAX, NULL) < 0 ||
	    !tb[SYSTRACE_A_STATS] ||
	    nla_parse_nested(st, SYSTRACE_STAT_MAX, tb[SYSTRACE_A_STATS], NULL) ||
	    !st[SYSTRACE_STAT_CONFINED])
		return NL_SKIP;
	*users = nla_get_u64(st[SYSTRACE_STAT_CONFINED]);
	return NL_OK;
}

int unload_main(int argc, char *argv[])
{
	long long users = -1;
	struct st_nl nl;
	int ret;

	if (argc != 2 || argv[1][0] == '-') {
		if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
			printf("usage: systracectl unload NAME\n");
			return ST_EXIT_OK;
		}
		fprintf(stderr, "systracectl unload: usage: systracectl unload NAME\n");
		return ST_EXIT_USAGE;
	}
	ret = st_open_or_explain(&nl);
	if (ret)
		return ret;
	ret = st_req_unload(&nl, argv[1], unload_reply, &users);
	if (ret < 0) {
		fprintf(stderr, "systracectl: unload %s: %s\n", argv[1],
			st_kerr(&nl, ret));
		st_nl_close(&nl);
		return ST_EXIT_FAIL;
	}
	st_nl_close(&nl);
	st_src_forget(argv[1]);
	/* Unloading ends no confinement: say so, and where they are. */
	if (users > 0)
		printf("unloaded %s: %lld %s confined by it until %s; systracectl ps shows %s\n",
		       argv[1], users,
		       users == 1 ? "process stays" : "processes stay",
		       users == 1 ? "it exits" : "they exit",
		       users == 1 ? "it" : "them");
	else
		printf("unloaded %s\n", argv[1]);
	return ST_EXIT_OK;
}
