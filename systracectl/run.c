// SPDX-License-Identifier: GPL-2.0
/*
 * systracectl run: run a command tree confined by a policy.
 *
 * The child asks to be confined from its next exec on
 * (SYSTRACE_CMD_CONFINE_SELF, SYSTRACE_CONFINE_F_ONEXEC), then execs the
 * command: from then on, every covered call of the command tree is decided
 * in the kernel. -p takes the name of a loaded image, or a policy file (source or
 * image), which is loaded for the run under the name "run.<pid>" and
 * unloaded when the run ends (processes still running keep it).
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <linux/systrace.h>

#include "nl.h"
#include "systracectl.h"

static const char usage[] =
	"usage: systracectl run [-a | -A] [-p POLICY] [-m MODE] -- CMD [ARGS...]\n"
	"  -a          enforce: deny and log what the policy does not permit\n"
	"  -A          learn: permit and report what the policy does not cover\n"
	"  -m MODE     enforce, learn or ask (without -a or -A: ask)\n"
	"  -p POLICY   a loaded image name, or a policy file (source or image)\n";

static int confine_self(struct st_nl *nl, const char *name, int mode)
{
	struct nl_msg *msg = st_nl_msg(nl, SYSTRACE_CMD_CONFINE_SELF, 0);

	if (!msg)
		return -ENOMEM;
	/* From the exec of the command on: we still read the answer. */
	if (nla_put_string(msg, SYSTRACE_A_NAME, name) ||
	    nla_put_u8(msg, SYSTRACE_A_MODE, mode) ||
	    nla_put_u32(msg, SYSTRACE_A_FLAGS, SYSTRACE_CONFINE_F_ONEXEC)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	return st_nl_call(nl, msg, NULL, NULL);
}

static int unload(struct st_nl *nl, const char *name)
{
	struct nl_msg *msg = st_nl_msg(nl, SYSTRACE_CMD_UNLOAD, 0);

	if (!msg)
		return -ENOMEM;
	if (nla_put_string(msg, SYSTRACE_A_NAME, name)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	return st_nl_call(nl, msg, NULL, NULL);
}

int run_main(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "mode", required_argument, NULL, 'm' },
		{ "policy", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	char name[SYSTRACE_NAME_MAX];
	const char *policy = NULL;
	int mode = SYSTRACE_MODE_ASK, c, ret, st, loaded = 0;
	unsigned char *buf;
	struct st_nl nl;
	struct stat sb;
	size_t len;
	pid_t pid;

	while ((c = getopt_long(argc, argv, "+aAm:p:h", opts, NULL)) != -1) {
		switch (c) {
		case 'a':
			mode = SYSTRACE_MODE_ENFORCE;
			break;
		case 'A':
			mode = SYSTRACE_MODE_LEARN;
			break;
		case 'm':
			mode = st_parse_mode(optarg);
			if (mode < 0) {
				fprintf(stderr, "systracectl: unknown mode '%s'\n", optarg);
				return ST_EXIT_USAGE;
			}
			break;
		case 'p':
			policy = optarg;
			break;
		case 'h':
			fputs(usage, stdout);
			return ST_EXIT_OK;
		default:
			fputs(usage, stderr);
			return ST_EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		fputs(usage, stderr);
		return ST_EXIT_USAGE;
	}
	if (!policy) {
		fprintf(stderr, "systracectl: run needs -p POLICY (learning a policy from nothing is not implemented yet)\n");
		return ST_EXIT_USAGE;
	}

	ret = st_open_or_explain(&nl);
	if (ret)
		return ret;
	if (strchr(policy, '/') || stat(policy, &sb) == 0) {
		if (st_read_policy(policy, &buf, &len) < 0) {
			st_nl_close(&nl);
			return ST_EXIT_FAIL;
		}
		snprintf(name, sizeof(name), "run.%d", (int)getpid());
		ret = st_load_image(&nl, name, mode, buf, len);
		free(buf);
		if (ret < 0) {
			fprintf(stderr, "systracectl: load %s: %s\n", policy,
				st_nl_strerror(&nl, ret));
			st_nl_close(&nl);
			return ST_EXIT_FAIL;
		}
		loaded = 1;
	} else {
		snprintf(name, sizeof(name), "%s", policy);
	}

	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		fprintf(stderr, "systracectl: fork: %s\n", strerror(errno));
		ret = ST_EXIT_FAIL;
		goto out;
	}
	if (pid == 0) {
		ret = confine_self(&nl, name, mode);
		if (ret < 0) {
			fprintf(stderr, "systracectl: confine with %s: %s\n", name,
				st_nl_strerror(&nl, ret));
			_exit(ST_EXIT_FAIL);
		}
		st_nl_close(&nl);
		execvp(argv[optind], argv + optind);
		fprintf(stderr, "systracectl: %s: %s\n", argv[optind], strerror(errno));
		_exit(errno == ENOENT ? 127 : 126);
	}
	/* The command owns the terminal's signals; we only wait. */
	signal(SIGINT, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);
	while (waitpid(pid, &st, 0) < 0) {
		if (errno != EINTR) {
			st = 0;
			break;
		}
	}
	ret = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
out:
	if (loaded) {
		int err = unload(&nl, name);

		if (err < 0)
			fprintf(stderr, "systracectl: unload %s: %s\n", name,
				st_nl_strerror(&nl, err));
	}
	st_nl_close(&nl);
	return ret;
}
