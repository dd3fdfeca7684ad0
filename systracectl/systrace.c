// SPDX-License-Identifier: GPL-2.0
/*
 * systrace(1): Niels Provos's command line, on systracectl's machinery.
 *
 * systracectl is a multi-call binary: called "systrace" (make install puts
 * a symbolic link /usr/bin/systrace -> ../sbin/systracectl), it is this
 * command. A systrace user's flags, policy directory, policy file names
 * and text-mode answers work unchanged; each flag maps onto "systracectl
 * run" (or attach), with the policy found where systrace looked for it:
 * the user's directory (~/.systrace, or -d), then /etc/systrace, the file
 * named after the program's path with '/' as '_'.
 *
 * Where Linux differs (see systrace(1), LINUX): -i changes nothing (the
 * run's policy always stays with the whole command tree), -f names the
 * policy file of the run instead of adding to the others, there is no
 * default graphical agent (without -g, questions go to the terminal; -g
 * runs its front end through run -g), and -e/-E copy
 * the kernel's decisions of the run from the events group.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <linux/systrace.h>

#include "systracectl.h"

#define GLOBAL_DIR	"/etc/systrace"

static const char usage[] =
	"usage: systrace [-aAeituUV] [-c uid:gid] [-d policydir] [-E logfile] [-f file]\n"
	"                [-g gui] [-p pid] command ...\n"
	"  -a           enforce: deny and log what the policy does not permit\n"
	"  -A           learn: permit every call and write the policy that allows them\n"
	"  -e           log decisions of the run to standard error\n"
	"  -E logfile   log decisions of the run to logfile\n"
	"  -i           children inherit the policy (always so on Linux)\n"
	"  -t           text mode: questions on standard input and error\n"
	"  -u           no aliasing (fsread, fswrite)\n"
	"  -U           ignore the user's policies: only " GLOBAL_DIR "\n"
	"  -V           print the version\n"
	"  -c uid:gid   run the command with these ids (root only)\n"
	"  -d policydir the user's policy directory (default ~/.systrace)\n"
	"  -f file      the policy file of the run\n"
	"  -g gui       the program that answers questions\n"
	"  -p pid       attach to a running process (root only)\n"
	"See systrace(1).\n";

struct opts {
	int mode, text, noalias, ignore_user, log_stderr;
	const char *ids, *dir, *logfile, *file, *gui, *pid;
};

/* The program execvp() would run, as an absolute path when we can. */
static void program_path(const char *cmd, char *buf, size_t len)
{
	const char *path = getenv("PATH");
	char *copy, *dir, *save = NULL, abs[PATH_MAX];

	snprintf(buf, len, "%s", cmd);
	if (!strchr(cmd, '/') && path && (copy = strdup(path))) {
		for (dir = strtok_r(copy, ":", &save); dir;
		     dir = strtok_r(NULL, ":", &save)) {
			snprintf(buf, len, "%s/%s", *dir ? dir : ".", cmd);
			if (access(buf, X_OK) == 0)
				break;
			snprintf(buf, len, "%s", cmd);
		}
		free(copy);
	}
	if (buf[0] != '/' && realpath(buf, abs))
		snprintf(buf, len, "%s", abs);
}

/* systrace's file name of a program's policy: usr_sbin_named. */
static void policy_name(const char *prog, char *buf, size_t len)
{
	char *p;

	while (*prog == '/')
		prog++;
	snprintf(buf, len, "%s", prog);
	for (p = buf; *p; p++)
		if (*p == '/')
			*p = '_';
}

/* The user's policy directory: -d, else ~/.systrace (password entry's
 * home when $HOME is unset). */
static int user_dir(const struct opts *o, char *buf, size_t len)
{
	const char *home = getenv("HOME");
	struct passwd *pw;

	if (o->dir) {
		snprintf(buf, len, "%s", o->dir);
		return 0;
	}
	if (!home || !*home) {
		pw = getpwuid(getuid());
		home = pw ? pw->pw_dir : NULL;
	}
	if (!home || !*home)
		return -ENOENT;
	snprintf(buf, len, "%s/.systrace", home);
	return 0;
}

/* Whether "systracectl run" of this build takes @opt (another change may
 * add it): its --help, read through a pipe. */
static int run_takes(const char *opt)
{
	char out[4096];
	int p[2], st;
	ssize_t n, got = 0;
	pid_t pid;

	if (pipe(p) < 0)
		return 0;
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return 0;
	if (pid == 0) {
		char *argv[] = { (char *)"run", (char *)"--help", NULL };

		dup2(p[1], STDOUT_FILENO);
		close(p[0]);
		close(p[1]);
		optind = 0;
		_exit(run_main(2, argv));
	}
	close(p[1]);
	while ((n = read(p[0], out + got, sizeof(out) - 1 - got)) > 0)
		got += n;
	close(p[0]);
	out[got > 0 ? got : 0] = '\0';
	waitpid(pid, &st, 0);
	return strstr(out, opt) != NULL;
}

/* The log line of one decision of the run, after systrace's. */
struct logger {
	FILE *out;
	char image[SYSTRACE_NAME_MAX];
};

static void log_event(const struct st_report *e, void *arg)
{
	struct logger *l = arg;

	if (e->cmd != SYSTRACE_CMD_EVENT ||
	    e->verdict == SYSTRACE_VERDICT_UNMATCHED_PERMIT ||
	    strcmp(e->name, l->image))
		return;
	/* The kernel log line's fields and words, with its prefix. */
	fprintf(l->out, "systrace: ");
	st_report_print(l->out, e);
	fprintf(l->out, "\n");
	fflush(l->out);
}

/*
 * -e, -E: a child that copies the run's decisions from the events group
 * until @alive (our pipe) closes. Subscribed before it returns, so before
 * the command starts. The pid, or -1 (said why).
 */
static pid_t start_logger(const struct opts *o, int *alive)
{
	struct logger l = { 0 };
	struct st_events *ev;
	int p[2], ready[2];
	char c;
	pid_t pid;

	if (pipe2(p, O_CLOEXEC) < 0 || pipe2(ready, O_CLOEXEC) < 0)
		return -1;
	if (geteuid())
		snprintf(l.image, sizeof(l.image), "~%u/run.%d",
			 (unsigned int)getuid(), (int)getpid());
	else
		snprintf(l.image, sizeof(l.image), "run.%d", (int)getpid());
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		close(p[1]);
		close(ready[0]);
		l.out = o->logfile ? fopen(o->logfile, "a") : stderr;
		if (!l.out) {
			fprintf(stderr, "systrace: %s: %m\n", o->logfile);
			_exit(1);
		}
		ev = st_events_open();
		if (!ev)
			_exit(1);
		if (write(ready[1], "r", 1) != 1)
			_exit(1);
		for (;;) {
			struct pollfd pf[2] = {
				{ .fd = st_events_fd(ev), .events = POLLIN },
				{ .fd = p[0], .events = POLLIN },
			};

			if (poll(pf, 2, -1) < 0)
				continue;
			if (st_events_poll(ev, log_event, &l) == -ENOBUFS)
				fprintf(l.out, "systrace: decisions lost (the logger was too slow)\n");
			if (pf[1].revents)
				break;
		}
		st_events_poll(ev, log_event, &l);
		_exit(0);
	}
	close(p[0]);
	close(ready[1]);
	if (read(ready[0], &c, 1) != 1) {
		close(ready[0]);
		close(p[1]);
		waitpid(pid, NULL, 0);
		return -1;
	}
	close(ready[0]);
	*alive = p[1];
	return pid;
}

/* Where systrace found a program's policy: 0 with @buf, or -ENOENT. */
static int find_policy(const struct opts *o, const char *name, char *buf,
		       size_t len)
{
	char dir[PATH_MAX];

	if (!o->ignore_user && user_dir(o, dir, sizeof(dir)) == 0) {
		snprintf(buf, len, "%s/%s", dir, name);
		if (access(buf, R_OK) == 0)
			return 0;
	}
	snprintf(buf, len, "%s/%s", GLOBAL_DIR, name);
	return access(buf, R_OK) == 0 ? 0 : -ENOENT;
}

/* A new policy in the user's directory, as systrace began one. */
static int new_policy(const struct opts *o, const char *prog, const char *name,
		      char *buf, size_t len)
{
	char dir[PATH_MAX];
	int fd;

	if (user_dir(o, dir, sizeof(dir)) < 0) {
		fprintf(stderr, "systrace: no home directory for the policy: give -d\n");
		return -ENOENT;
	}
	mkdir(dir, 0700);
	snprintf(buf, len, "%s/%s", dir, name);
	fd = open(buf, O_WRONLY | O_CREAT | O_EXCL, 0600);
	if (fd < 0 && errno != EEXIST) {
		fprintf(stderr, "systrace: %s: %m\n", buf);
		return -errno;
	}
	if (fd >= 0) {
		dprintf(fd, "Policy: %s, Emulation: native\n", prog);
		close(fd);
	}
	return 0;
}

static int attach(const struct opts *o, const char *policy)
{
	int (*fn)(int, char **) = st_subcommand("attach");
	char *argv[8];
	int n = 0;

	if (!fn) {
		fprintf(stderr, "systrace: attach is not available in this build\n");
		return ST_EXIT_FAIL;
	}
	argv[n++] = (char *)"attach";
	argv[n++] = (char *)(o->mode == SYSTRACE_MODE_ENFORCE ? "-a" :
			     o->mode == SYSTRACE_MODE_LEARN ? "-A" : "-i");
	if (policy) {
		argv[n++] = (char *)"-p";
		argv[n++] = (char *)policy;
	}
	argv[n++] = (char *)o->pid;
	argv[n] = NULL;
	return fn(n, argv);
}

/* systrace's flags into @o: -1 to go on, or the exit code. */
static int parse_args(struct opts *o, int argc, char *argv[])
{
	int c;

	while ((c = getopt(argc, argv, "+aAeituUVCc:d:E:f:g:p:h")) != -1) {
		switch (c) {
		case 'a':
			o->mode = SYSTRACE_MODE_ENFORCE;
			break;
		case 'A':
			o->mode = SYSTRACE_MODE_LEARN;
			break;
		case 'e':
			o->log_stderr = 1;
			break;
		case 'i': /* always so: see systrace(1), LINUX */
			break;
		case 't':
			o->text = 1;
			break;
		case 'u':
			o->noalias = 1;
			break;
		case 'U':
			o->ignore_user = 1;
			break;
		case 'V':
			printf("systrace %s\n", SYSTRACE_VERSION);
			return ST_EXIT_OK;
		case 'C':
			fprintf(stderr, "systrace: -C (cradle) is not available: questions go to this terminal\n");
			break;
		case 'c':
			o->ids = optarg;
			break;
		case 'd':
			o->dir = optarg;
			break;
		case 'E':
			o->logfile = optarg;
			break;
		case 'f':
			o->file = optarg;
			break;
		case 'g':
			o->gui = optarg;
			break;
		case 'p':
			o->pid = optarg;
			break;
		case 'h':
			fputs(usage, stdout);
			return ST_EXIT_OK;
		default:
			return st_bad_option("+aAeituUVCc:d:E:f:g:p:h", argc, argv);
		}
	}
	if (optind >= argc)
		return st_bad_usage(usage);
	/* Privilege elevation and attaching are the administrator's. */
	if ((o->ids || o->pid) && getuid()) {
		fprintf(stderr, "systrace: %s is for root only\n", o->ids ? "-c" : "-p");
		return ST_EXIT_USAGE;
	}
	if (o->ids && o->pid) {
		fprintf(stderr, "systrace: -c and -p do not go together\n");
		return ST_EXIT_USAGE;
	}
	if (o->ids && !run_takes("-c ")) {
		fprintf(stderr, "systrace: -c is not available in this build\n");
		return ST_EXIT_FAIL;
	}
	return -1;
}

int systrace_main(int argc, char *argv[])
{
	struct opts o = { .mode = SYSTRACE_MODE_ASK };
	char prog[PATH_MAX], name[PATH_MAX], policy[PATH_MAX * 2], out[PATH_MAX * 2];
	char *rargv[16];
	int n = 0, found, ret, alive = -1;
	pid_t logger = -1;

	ret = parse_args(&o, argc, argv);
	if (ret >= 0)
		return ret;
	/* -t: the terminal answers, whatever -g says (as systrace did). */
	if (o.text)
		o.gui = NULL;
	/* Nobody to ask: say so before a policy file is made. */
	if (o.mode == SYSTRACE_MODE_ASK && !o.gui && !o.pid &&
	    !st_ask_reachable(o.text)) {
		fprintf(stderr, "systrace: no terminal to ask on and no agent: give -a (enforce), -A (learn) or -g GUI\n");
		return ST_EXIT_USAGE;
	}
	st_policyc_noalias = o.noalias;
	st_run_ask_stdin = o.text;
	if (o.mode == SYSTRACE_MODE_ASK)
		st_sysanswer_enable();

	program_path(argv[optind], prog, sizeof(prog));
	policy_name(prog, name, sizeof(name));
	if (o.file) {
		snprintf(policy, sizeof(policy), "%s", o.file);
		found = access(policy, R_OK) == 0;
		if (!found) {
			fprintf(stderr, "systrace: %s: %m\n", o.file);
			return ST_EXIT_FAIL;
		}
	} else {
		found = find_policy(&o, name, policy, sizeof(policy)) == 0;
	}
	if (o.pid)
		return attach(&o, found ? policy : NULL);

	rargv[n++] = (char *)"run";
	rargv[n++] = (char *)(o.mode == SYSTRACE_MODE_ENFORCE ? "-a" :
			      o.mode == SYSTRACE_MODE_LEARN ? "-A" : "-i");
	if (o.mode == SYSTRACE_MODE_LEARN) {
		/* Learned into the user's directory, from the policy found. */
		if (user_dir(&o, out, sizeof(out)) < 0) {
			fprintf(stderr, "systrace: no home directory for the policy: give -d\n");
			return ST_EXIT_USAGE;
		}
		mkdir(out, 0700);
		snprintf(out + strlen(out), sizeof(out) - strlen(out), "/%s", name);
		rargv[n++] = (char *)"-o";
		rargv[n++] = out;
	} else if (!found && o.mode == SYSTRACE_MODE_ENFORCE) {
		fprintf(stderr, "systrace: no policy for %s (%s%s%s/%s): learn one with -A\n",
			prog, o.ignore_user ? "" : "the user's directory, ",
			o.ignore_user ? "" : "then ", GLOBAL_DIR, name);
		return ST_EXIT_FAIL;
	} else if (!found) {
		/* Asking from nothing: "permit" answers fill it. */
		if (new_policy(&o, prog, name, policy, sizeof(policy)) < 0)
			return ST_EXIT_FAIL;
		found = 1;
	}
	if (found) {
		rargv[n++] = (char *)"-p";
		rargv[n++] = policy;
	}
	if (o.ids) {
		rargv[n++] = (char *)"-c";
		rargv[n++] = (char *)o.ids;
	}
	/* The front end speaks the agent protocol (ask --json) on its
	 * standard input and output: run -g starts it. */
	if (o.gui && o.mode == SYSTRACE_MODE_ASK) {
		rargv[n++] = (char *)"-g";
		rargv[n++] = (char *)o.gui;
	}
	rargv[n++] = (char *)"--";
	rargv[n] = NULL;

	if (o.log_stderr || o.logfile) {
		logger = start_logger(&o, &alive);
		if (logger < 0)
			fprintf(stderr, "systrace: -%c: no log of this run (the kernel log has its denials)\n",
				o.logfile ? 'E' : 'e');
	}
	{
		int total = n + argc - optind;
		char **all = calloc(total + 1, sizeof(*all));

		if (!all)
			return ST_EXIT_FAIL;
		memcpy(all, rargv, n * sizeof(*all));
		memcpy(all + n, argv + optind, (argc - optind) * sizeof(*all));
		optind = 0;	/* run_main's getopt starts afresh */
		ret = run_main(total, all);
		free(all);
	}
	if (logger > 0) {
		close(alive);
		waitpid(logger, NULL, 0);
	}
	return ret;
}
