// SPDX-License-Identifier: GPL-2.0
/*
 * systracectl: the control tool of systrace. One table drives dispatch
 * and usage; each subcommand lives in its own file as X_main().
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "nl.h"
#include "systracectl.h"

static const struct subcommand {
	const char *name;
	int (*main)(int argc, char *argv[]);
	const char *help;
	/* Send the password database first when root (sync-users). */
	int sync_users;
} subcommands[] = {
	{ "status", status_main, "show the module's version, the running kernel and counters", 0 },
	{ "load", load_main, "compile if needed and load a policy image (atomic replace)", 1 },
	{ "load-dir", loaddir_main, "compile all policies of directories, then load them", 1 },
	{ "unload", unload_main, "detach a loaded image", 0 },
	{ "list", list_main, "list the loaded images, their policies and counters", 0 },
	{ "ps", ps_main, "list the confined processes: program, image, mode, user", 0 },
	{ "run", run_main, "run a command confined: enforce (-a), learn a policy (-A) or ask", 1 },
	{ "attach", attach_main, "confine a running process, all its threads, from its next call on", 1 },
	{ "ask", ask_main, "answer the questions of confined tasks: the system-wide agent", 0 },
	{ "monitor", monitor_main, "stream decisions, denials, questions and learned rules", 0 },
	{ "sync-users", users_main, "send the password database ($HOME, $USER) to the module", 0 },
	{ "logprof", logprof_main, "turn logged denials into rules of the policy files", 1 },
	{ "mode", mode_main, "set a policy file's own mode (learn: complain), kept across loads", 0 },
};

int (*st_subcommand(const char *name))(int argc, char *argv[])
{
	size_t i;

	for (i = 0; i < sizeof(subcommands) / sizeof(subcommands[0]); i++)
		if (!strcmp(name, subcommands[i].name))
			return subcommands[i].main;
	return NULL;
}

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: systracectl <command> [<args>]\n\ncommands:\n");
	for (i = 0; i < sizeof(subcommands) / sizeof(subcommands[0]); i++)
		fprintf(f, "  %-10s %s\n", subcommands[i].name, subcommands[i].help);
	fprintf(f, "\n'systracectl <command> --help' for a command's options; see systracectl(8).\n");
}

int st_open_or_explain(struct st_nl *nl)
{
	int ret = st_nl_open(nl);

	if (ret == -ENOENT) {
		fprintf(stderr, "systracectl: the systrace module is not loaded (modprobe systrace)\n");
		return ST_EXIT_NOMOD;
	}
	if (ret < 0) {
		fprintf(stderr, "systracectl: cannot reach the systrace netlink family: %s\n",
			strerror(-ret));
		return ST_EXIT_FAIL;
	}
	return ST_EXIT_OK;
}

int main(int argc, char *argv[])
{
	const char *base = argc ? strrchr(argv[0], '/') : NULL;
	static char cmd[32];
	size_t i;

	/* One binary, two commands: systrace(1) by its name. */
	base = base ? base + 1 : argc ? argv[0] : "";
	/* Our own one line for a bad option (errors.c), not getopt's. */
	opterr = 0;
	if (!strcmp(base, "systrace")) {
		st_cmd = "systrace";
		if (!geteuid())
			st_users_sync_auto();
		return systrace_main(argc, argv);
	}
	if (argc < 2) {
		fprintf(stderr, "systracectl: a command is needed (systracectl --help lists them)\n");
		return ST_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return ST_EXIT_OK;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("systracectl %s\n", SYSTRACE_VERSION);
		return ST_EXIT_OK;
	}
	for (i = 0; i < sizeof(subcommands) / sizeof(subcommands[0]); i++) {
		if (strcmp(argv[1], subcommands[i].name))
			continue;
		snprintf(cmd, sizeof(cmd), "systracectl %s", subcommands[i].name);
		st_cmd = cmd;
		/*
		 * A policy's $HOME and $USER come from the kernel's user
		 * table: make it the password database's before policies are
		 * loaded or a command confined (cheap: one message).
		 */
		if (subcommands[i].sync_users && !geteuid() &&
		    !(argc > 2 && (!strcmp(argv[2], "--help") ||
				   !strcmp(argv[2], "-h"))))
			st_users_sync_auto();
		return subcommands[i].main(argc - 1, argv + 1);
	}
	fprintf(stderr, "systracectl: unknown command '%s' (systracectl --help)\n", argv[1]);
	return ST_EXIT_USAGE;
}
