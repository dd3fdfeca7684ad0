// SPDX-License-Identifier: GPL-2.0
/*
 * systracectl ask: the system-wide agent (root), or a user's agent (its
 * own images, ~UID/NAME, without root). It registers its socket
 * (SYSTRACE_CMD_AGENT) and answers the questions of every confined task
 * whose image has no agent of its own: on a terminal, a person answers at
 * a prompt; otherwise each line of standard input answers one question,
 * in order (see agent.c).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <linux/systrace.h>

#include "nl.h"
#include "request.h"
#include "systracectl.h"

static const char usage[] =
	"usage: systracectl ask [-h] [--json]\n"
	"Become the system-wide agent (as root) or the agent of your own images\n"
	"(as a user): answer the questions of confined tasks that no rule covers.\n"
	"On a terminal: a prompt (type help); otherwise one answer per line of\n"
	"standard input, in the order the questions come:\n"
	"  permit | deny | deny[ERRNO]   optionally followed by \"always\"\n"
	"Ends at the end of input or on SIGINT/SIGTERM; questions left are denied.\n"
	"--json: questions and answers as JSON lines, for a front end such as\n"
	"xsystrace (Documentation/agent-protocol.rst).\n";

int ask_main(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "json", no_argument, NULL, 'J' },
		{ NULL, 0, NULL, 0 }
	};
	struct st_nl nl;
	int c, i, ret, json = 0;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			fputs(usage, stdout);
			return ST_EXIT_OK;
		case 'J':
			json = 1;
			break;
		default:
			return st_bad_option("h", argc, argv);
		}
	}
	if (optind != argc)
		return st_bad_usage(usage);
	ret = st_open_or_explain(&nl);
	if (ret)
		return ret;
	/*
	 * Questions may come as soon as the kernel takes us, before its
	 * ACK: room for them now (the serving loop's room), kept for the
	 * serving loop when they are read before the ACK; and when the
	 * socket overflowed anyway, the ACK may be lost with them: ask
	 * again, the kernel keeps a socket that is already its agent (a
	 * question lost to the overflow was denied when it was sent).
	 */
	ret = st_nl_hold(&nl, ST_AGENT_RCVBUF);
	for (i = 0; !ret && i < 100; i++) {
		ret = st_req_simple(&nl, SYSTRACE_CMD_AGENT, false, NULL, NULL);
		if (ret != -ENOBUFS)
			break;
	}
	if (ret < 0) {
		fprintf(stderr, "systracectl: ask: %s\n", st_kerr(&nl, ret));
		st_nl_close(&nl);
		return ret == -EBUSY ? ST_EXIT_BUSY : ST_EXIT_FAIL;
	}
	/* On stderr, for scripts that wait for the agent before they start. */
	fprintf(stderr, "systracectl: %s agent is ready%s\n",
		geteuid() ? "this user's" : "the system-wide", json ? " (JSON lines)" : isatty(STDIN_FILENO) ?
		"; questions appear here (type help at the prompt)" : "");
	if (json)
		ret = st_askjson_serve(&nl, STDIN_FILENO, STDOUT_FILENO, -1, NULL);
	else
		ret = st_agent_serve(&nl, STDIN_FILENO, -1, NULL);
	st_nl_close(&nl);
	return ret;
}
