// SPDX-License-Identifier: GPL-2.0
/*
 * systracectl attach: confine a running process, every thread of it, from
 * its next system call on (SYSTRACE_CMD_ATTACH). The policy is a loaded
 * image (-n) or a policy file (-p, source or image), loaded for the attach
 * under the name "attach.<pid>" and unloaded after it: the process keeps
 * it, as a process keeps any image unloaded while it confines it.
 * The kernel decides who may: root outside any policy, on a process root
 * could ptrace.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/systrace.h>

#include "nl.h"
#include "request.h"
#include "systracectl.h"

static const char usage[] =
	"usage: systracectl attach [-n IMAGE | -p POLICYFILE] [-i INDEX] [-m MODE] PID\n"
	"  -n IMAGE       a loaded image\n"
	"  -p POLICYFILE  a policy file (source or image), loaded for the attach\n"
	"  -i INDEX       the policy of the image (default 0)\n"
	"  -m MODE        enforce (default), learn or ask\n"
	"Confines the process PID and all its threads from their next system call\n"
	"on, and what they fork afterwards; on top of what confines them already.\n";

int attach_main(int argc, char *argv[])
{
	const char *image = NULL, *file = NULL;
	int mode = SYSTRACE_MODE_ENFORCE, opt, ret, code = ST_EXIT_OK;
	unsigned long pid, index = 0;
	char name[SYSTRACE_NAME_MAX], *end;
	unsigned char *buf = NULL;
	struct st_load_opts lo = { .owner = ST_NO_OWNER };
	struct st_nl nl;
	size_t len;

	while ((opt = getopt(argc, argv, "+n:p:i:m:h")) != -1) {
		switch (opt) {
		case 'n':
			image = optarg;
			break;
		case 'p':
			file = optarg;
			break;
		case 'i':
			errno = 0;
			index = strtoul(optarg, &end, 10);
			if (errno || *end || !*optarg || index > UINT_MAX) {
				fprintf(stderr, "systracectl attach: -i %s: not a policy index (0, 1, ...: systracectl list shows an image's policies)\n",
					optarg);
				return ST_EXIT_USAGE;
			}
			break;
		case 'm':
			mode = st_parse_mode(optarg);
			if (mode < 0)
				return st_bad_mode(optarg);
			break;
		case 'h':
			fputs(usage, stdout);
			return ST_EXIT_OK;
		default:
			return st_bad_option("+n:p:i:m:h", argc, argv);
		}
	}
	if (optind != argc - 1 || !image == !file)
		return st_bad_usage(usage);
	errno = 0;
	pid = strtoul(argv[optind], &end, 10);
	if (errno || *end || !*argv[optind] || !pid || pid > INT_MAX) {
		fprintf(stderr, "systracectl attach: '%s' is not a process id (pgrep NAME finds one)\n",
			argv[optind]);
		return ST_EXIT_USAGE;
	}
	if (image && strlen(image) >= sizeof(name)) {
		fprintf(stderr, "systracectl attach: -n %s: no image has so long a name (systracectl list shows them)\n",
			image);
		return ST_EXIT_USAGE;
	}
	if (file && st_read_policy(file, &buf, &len) < 0)
		return ST_EXIT_FAIL;
	ret = st_open_or_explain(&nl);
	if (ret != ST_EXIT_OK) {
		free(buf);
		return ret;
	}
	if (file) {
		snprintf(name, sizeof(name), "attach.%lu", pid);
		lo.name = name;
		lo.mode = mode;
		ret = st_load(&nl, &lo, buf, len);
		free(buf);
		if (ret < 0) {
			fprintf(stderr, "systracectl: load %s as %s: %s\n", file,
				name, st_kerr(&nl, ret));
			st_nl_close(&nl);
			return ST_EXIT_FAIL;
		}
	} else {
		snprintf(name, sizeof(name), "%s", image);
	}
	ret = st_req_attach(&nl, name, index, mode, pid);
	if (ret < 0) {
		fprintf(stderr, "systracectl: attach %lu: %s\n", pid,
			st_kerr(&nl, ret));
		code = ST_EXIT_FAIL;
	}
	if (file) {
		ret = st_req_unload(&nl, name, NULL, NULL);
		if (ret < 0) {
			fprintf(stderr, "systracectl: unload %s: %s\n", name,
				st_kerr(&nl, ret));
			code = ST_EXIT_FAIL;
		}
	}
	st_nl_close(&nl);
	return code;
}
