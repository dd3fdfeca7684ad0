// SPDX-License-Identifier: GPL-2.0
/*
 * Error messages: every failure is one line on standard error that says
 * what failed and what to do, and one exit code (systracectl(8), EXIT
 * STATUS): 1 the operation failed, 2 a bad command line, 3 no module.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "nl.h"
#include "systracectl.h"

const char *st_cmd = "systracectl";

/* How the running command shows its options. */
static const char *help(void)
{
	return strcmp(st_cmd, "systrace") ? "--help" : "-h";
}

int st_bad_option(const char *optstring, int argc, char *argv[])
{
	const char *o = optopt ? strchr(optstring, optopt) : NULL;
	const char *arg = optind > 0 && optind <= argc ? argv[optind - 1] : "?";

	if (o && o[1] == ':')
		fprintf(stderr, "%s: option -%c needs an argument (%s %s)\n",
			st_cmd, optopt, st_cmd, help());
	else if (optopt)
		fprintf(stderr, "%s: unknown option -%c (%s %s)\n", st_cmd,
			optopt, st_cmd, help());
	else
		fprintf(stderr, "%s: unknown option %s (%s %s)\n", st_cmd,
			arg, st_cmd, help());
	return ST_EXIT_USAGE;
}

int st_bad_usage(const char *usage)
{
	const char *p = usage, *nl;
	int first = 1;

	/* The synopsis, on one line: its first line and those that go on
	 * with more options ("   [-x]"). */
	fprintf(stderr, "%s: ", st_cmd);
	while (*p) {
		nl = strchr(p, '\n');
		if (!first) {
			while (*p == ' ')
				p++;
			if (*p != '[')
				break;
			fputc(' ', stderr);
		}
		fprintf(stderr, "%.*s", (int)(nl ? nl - p : (long)strlen(p)), p);
		if (!nl)
			break;
		p = nl + 1;
		first = 0;
	}
	fputc('\n', stderr);
	return ST_EXIT_USAGE;
}

int st_bad_mode(const char *mode)
{
	fprintf(stderr, "%s: unknown mode '%s': the modes are enforce, learn (AppArmor's complain) and ask\n",
		st_cmd, mode);
	return ST_EXIT_USAGE;
}

const char *st_kerr(struct st_nl *nl, int err)
{
	static char buf[512];
	const char *hint = NULL;

	switch (-err) {
	case EPERM:
	case EACCES:
		hint = geteuid() ? "must be run as root" :
			"refused to root inside a policy or a user namespace: run it outside";
		break;
	case ENOENT:
		hint = "no such image (systracectl list shows the loaded ones)";
		break;
	case ESRCH:
		hint = "no such process";
		break;
	}
	snprintf(buf, sizeof(buf), "%s%s%s", st_nl_strerror(nl, err),
		 hint ? ": " : "", hint ? hint : "");
	return buf;
}
