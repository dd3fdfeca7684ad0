// SPDX-License-Identifier: GPL-2.0
/*
 * systracectl load, unload: images go to the kernel in chunks
 * (LOAD_BEGIN, LOAD_DATA..., LOAD_COMMIT), whatever their size.
 */
#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/systrace.h>

#include "nl.h"
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
	int mode = SYSTRACE_MODE_ENFORCE, c, ret;
	unsigned char *buf;
	struct st_nl nl;
	size_t len;

	while ((c = getopt_long(argc, argv, "m:n:h", opts, NULL)) != -1) {
		switch (c) {
		case 'm':
			mode = st_parse_mode(optarg);
			if (mode < 0) {
				fprintf(stderr, "systracectl: unknown mode '%s'\n", optarg);
				return ST_EXIT_USAGE;
			}
			break;
		case 'n':
			if (!*optarg || strlen(optarg) >= sizeof(name)) {
				fprintf(stderr, "systracectl: bad image name\n");
				return ST_EXIT_USAGE;
			}
			snprintf(name, sizeof(name), "%s", optarg);
			break;
		case 'h':
			fputs(usage, stdout);
			return ST_EXIT_OK;
		default:
			fputs(usage, stderr);
			return ST_EXIT_USAGE;
		}
	}
	if (optind != argc - 1) {
		fputs(usage, stderr);
		return ST_EXIT_USAGE;
	}
	if (!name[0])
		default_name(argv[optind], name, sizeof(name));

	if (st_read_policy(argv[optind], &buf, &len) < 0)
		return ST_EXIT_FAIL;
	ret = st_open_or_explain(&nl);
	if (ret) {
		free(buf);
		return ret;
	}
	ret = st_load_image(&nl, name, mode, buf, len);
	free(buf);
	if (ret < 0) {
		fprintf(stderr, "systracectl: load %s: %s\n", name,
			st_nl_strerror(&nl, ret));
		st_nl_close(&nl);
		return ST_EXIT_FAIL;
	}
	st_nl_close(&nl);
	return ST_EXIT_OK;
}

int unload_main(int argc, char *argv[])
{
	struct nl_msg *msg;
	struct st_nl nl;
	int ret;

	if (argc != 2 || argv[1][0] == '-') {
		if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
			printf("usage: systracectl unload NAME\n");
			return ST_EXIT_OK;
		}
		fprintf(stderr, "usage: systracectl unload NAME\n");
		return ST_EXIT_USAGE;
	}
	ret = st_open_or_explain(&nl);
	if (ret)
		return ret;
	msg = st_nl_msg(&nl, SYSTRACE_CMD_UNLOAD, 0);
	if (!msg)
		ret = -ENOMEM;
	else if (nla_put_string(msg, SYSTRACE_A_NAME, argv[1])) {
		nlmsg_free(msg);
		ret = -EMSGSIZE;
	} else
		ret = st_nl_call(&nl, msg, NULL, NULL);
	if (ret < 0) {
		fprintf(stderr, "systracectl: unload %s: %s\n", argv[1],
			st_nl_strerror(&nl, ret));
		st_nl_close(&nl);
		return ST_EXIT_FAIL;
	}
	st_nl_close(&nl);
	return ST_EXIT_OK;
}
