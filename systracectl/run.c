// SPDX-License-Identifier: GPL-2.0
/*
 * systracectl run: run a command tree confined by a policy.
 *
 * The child asks to be confined from its next exec on
 * (SYSTRACE_CMD_CONFINE_SELF, SYSTRACE_CONFINE_F_ONEXEC), then execs the
 * command: from then on, every covered call of the command tree is decided
 * in the kernel. -p takes the name of a loaded image, or a policy file
 * (source or image), which is loaded for the run under the name
 * "run.<pid>" and unloaded when the run ends (processes still running keep
 * it).
 *
 * Modes: -a enforce; -A learn, the reports of the run's image written as
 * a policy (learn.c); otherwise ask: the image is loaded with
 * SYSTRACE_A_AGENT and this process answers its questions on the terminal
 * (agent.c) until the command exits. Without -p, ask and enforce use
 * ~/.systrace/<program path, '/' as '_'> (systrace's policy directory),
 * which learning writes by default and "always" answers extend.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <grp.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <linux/systrace.h>

#include "nl.h"
#include "request.h"
#include "systracectl.h"

static const char usage[] =
	"usage: systracectl run [-a | -A | -i] [-c UID:GID] [-p POLICY] [-o OUT] [-t SECONDS] -- CMD [ARGS...]\n"
	"  -a          enforce: deny and log what the policy does not permit\n"
	"  -A          learn: permit what the policy does not cover and write a\n"
	"              policy that lets the same run pass (without -p: from empty)\n"
	"  -i          ask (the default): answer questions on the terminal\n"
	"  -c UID:GID  (root) run the command with these numeric ids, confined\n"
	"              by the policy, whose 'as' rules may then elevate its calls\n"
	"  -m MODE     enforce, learn or ask\n"
	"  -p POLICY   a loaded image name, or a policy file (source or image);\n"
	"              default for -a and ask: ~/.systrace/<program path, / as _>\n"
	"  -o OUT      where -A writes the policy ('-': standard output);\n"
	"              default ~/.systrace/<program path, / as _>\n"
	"  -t SECONDS  how long a question waits for an answer (ask)\n"
	"  -g GUI      ask: the shell command GUI answers instead of the terminal,\n"
	"              in JSON lines on its standard input and output (xsystrace;\n"
	"              Documentation/agent-protocol.rst)\n"
	"Exits with the command's status (128 + signal when killed).\n";

int st_run_ask_stdin;

static int confine_self(const char *name, int mode)
{
	struct st_nl nl;
	int ret;

	/* A socket of its own: the parent reads (and answers) on its own. */
	ret = st_nl_open(&nl);
	if (ret < 0)
		return ret;
	/* From the exec of the command on: we still read the answer. */
	ret = st_req_confine_self(&nl, name, mode, SYSTRACE_CONFINE_F_ONEXEC);
	if (ret < 0)
		fprintf(stderr, "systracectl: confine with %s: %s\n", name,
			st_nl_strerror(&nl, ret));
	st_nl_close(&nl);
	return ret;
}

static int unload(const char *name)
{
	struct st_nl nl;
	int ret = st_nl_open(&nl);

	if (ret < 0)
		return ret;
	ret = st_req_unload(&nl, name, NULL, NULL);
	if (ret < 0)
		fprintf(stderr, "systracectl: unload %s: %s\n", name,
			st_nl_strerror(&nl, ret));
	st_nl_close(&nl);
	return ret;
}

/* The program execvp() would run, as a path. */
static void program_path(const char *cmd, char *buf, size_t len)
{
	const char *path = getenv("PATH");
	char *copy, *dir, *save = NULL;

	if (strchr(cmd, '/') || !path) {
		snprintf(buf, len, "%s", cmd);
		return;
	}
	copy = strdup(path);
	for (dir = copy ? strtok_r(copy, ":", &save) : NULL; dir;
	     dir = strtok_r(NULL, ":", &save)) {
		snprintf(buf, len, "%s/%s", *dir ? dir : ".", cmd);
		if (access(buf, X_OK) == 0) {
			free(copy);
			return;
		}
	}
	free(copy);
	snprintf(buf, len, "%s", cmd);
}

/* ~/.systrace/<path with '/' as '_'>, as systrace named its policies. */
static int default_policy(const char *cmd, char *buf, size_t len, int create_dir)
{
	const char *home = getenv("HOME");
	char prog[PATH_MAX], *p;
	char abs[PATH_MAX];
	size_t n;

	if (!home || !*home)
		return -ENOENT;
	program_path(cmd, prog, sizeof(prog));
	if (prog[0] != '/' && realpath(prog, abs))
		snprintf(prog, sizeof(prog), "%s", abs);
	p = prog;
	while (*p == '/')
		p++;
	n = snprintf(buf, len, "%s/.systrace", home);
	if (create_dir)
		mkdir(buf, 0700);
	snprintf(buf + n, len - n, "/%s", p);
	for (p = buf + n + 1; *p; p++)
		if (*p == '/')
			*p = '_';
	return 0;
}

/* systrace's -c uid:gid: two decimal ids. */
static int parse_ids(const char *s, uid_t *uid, gid_t *gid)
{
	unsigned long u, g;
	char *end;

	errno = 0;
	u = strtoul(s, &end, 10);
	if (end == s || *end != ':' || errno || u >= (uid_t)-1)
		return -1;
	s = end + 1;
	g = strtoul(s, &end, 10);
	if (end == s || *end || errno || g >= (gid_t)-1)
		return -1;
	*uid = u;
	*gid = g;
	return 0;
}

/*
 * The command's ids (-c), after the confinement was asked for as root (the
 * kernel lets only root outside any policy start a layer that elevates):
 * groups first, while root may still change them; every id, so that the
 * command cannot return to root.
 */
static int drop_ids(uid_t uid, gid_t gid)
{
	if (setgroups(1, &gid) < 0 || setresgid(gid, gid, gid) < 0 ||
	    setresuid(uid, uid, uid) < 0) {
		fprintf(stderr, "systracectl: -c %u:%u: %s\n", (unsigned)uid,
			(unsigned)gid, strerror(errno));
		return -1;
	}
	return 0;
}

static int wait_child(pid_t pid)
{
	int st;

	while (waitpid(pid, &st, 0) < 0) {
		if (errno != EINTR)
			return ST_EXIT_FAIL;
	}
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/*
 * -g GUI: the front end runs as "sh -c GUI", questions on its standard
 * input, answers on its standard output (askjson.c), until the command
 * exits or the front end goes away (then what is asked is denied).
 */
static int serve_gui(struct st_nl *nl, const char *gui, int pidfd,
		     const struct st_agent_own *own)
{
	int to[2], from[2], ret;
	pid_t pid;

	if (pipe2(to, O_CLOEXEC) < 0 || pipe2(from, O_CLOEXEC) < 0) {
		fprintf(stderr, "systracectl: pipe: %s\n", strerror(errno));
		return ST_EXIT_FAIL;
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		fprintf(stderr, "systracectl: fork: %s\n", strerror(errno));
		return ST_EXIT_FAIL;
	}
	if (pid == 0) {
		/* Not the agent's socket: only this process answers. */
		close(nl_socket_get_fd(nl->sk));
		if (dup2(to[0], STDIN_FILENO) < 0 || dup2(from[1], STDOUT_FILENO) < 0)
			_exit(127);
		setenv("SYSTRACE_AGENT", "stdio", 1);
		signal(SIGINT, SIG_DFL);
		signal(SIGQUIT, SIG_DFL);
		execl("/bin/sh", "sh", "-c", gui, (char *)NULL);
		_exit(127);
	}
	close(to[0]);
	close(from[1]);
	ret = st_askjson_serve(nl, from[0], to[1], pidfd, own);
	/* End of its input: the front end ends. */
	close(to[1]);
	close(from[0]);
	waitpid(pid, NULL, 0);
	return ret;
}

int run_main(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "mode", required_argument, NULL, 'm' },
		{ "policy", required_argument, NULL, 'p' },
		{ "output", required_argument, NULL, 'o' },
		{ "timeout", required_argument, NULL, 't' },
		{ "gui", required_argument, NULL, 'g' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	char name[SYSTRACE_NAME_MAX], dflt[PATH_MAX + 64], empty[] = "/tmp/systracectl-empty.XXXXXX";
	const char *policy = NULL, *out = NULL, *src = NULL, *gui = NULL;
	int mode = SYSTRACE_MODE_ASK, c, ret, loaded = 0, pidfd, in_fd, fd;
	int set_ids = 0;
	uid_t uid = 0;
	gid_t gid = 0;
	unsigned int timeout = 0;
	struct st_learn *learn = NULL;
	struct st_load_opts lo = { .name = name, .owner = ST_NO_OWNER };
	unsigned char *buf;
	struct st_nl nl;
	struct stat sb;
	size_t len;
	pid_t pid;

	while ((c = getopt_long(argc, argv, "+aAc:im:p:o:t:g:h", opts, NULL)) != -1) {
		switch (c) {
		case 'a':
			mode = SYSTRACE_MODE_ENFORCE;
			break;
		case 'A':
			mode = SYSTRACE_MODE_LEARN;
			break;
		case 'i':
			mode = SYSTRACE_MODE_ASK;
			break;
		case 'c':
			if (parse_ids(optarg, &uid, &gid) < 0) {
				fprintf(stderr, "systracectl: -c: UID:GID, two numbers\n");
				return ST_EXIT_USAGE;
			}
			if (geteuid()) {
				fprintf(stderr, "systracectl: -c is for root\n");
				return ST_EXIT_USAGE;
			}
			set_ids = 1;
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
		case 'o':
			out = optarg;
			break;
		case 't':
			timeout = strtoul(optarg, NULL, 10);
			if (timeout < 1 || timeout > 3600) {
				fprintf(stderr, "systracectl: -t: 1 to 3600 seconds\n");
				return ST_EXIT_USAGE;
			}
			break;
		case 'g':
			gui = optarg;
			break;
		case 'h':
			fputs(usage, stdout);
			return ST_EXIT_OK;
		default:
			fputs(usage, stderr);
			return ST_EXIT_USAGE;
		}
	}
	if (gui && mode != SYSTRACE_MODE_ASK) {
		fprintf(stderr, "systracectl: -g is for asking\n");
		return ST_EXIT_USAGE;
	}
	if (optind >= argc) {
		fputs(usage, stderr);
		return ST_EXIT_USAGE;
	}
	if (out && mode != SYSTRACE_MODE_LEARN) {
		fprintf(stderr, "systracectl: -o is for learning (-A)\n");
		return ST_EXIT_USAGE;
	}
	if (mode == SYSTRACE_MODE_LEARN && !out) {
		if (default_policy(argv[optind], dflt, sizeof(dflt), 1) < 0) {
			fprintf(stderr, "systracectl: no $HOME for the learned policy: give -o OUT\n");
			return ST_EXIT_USAGE;
		}
		out = strdup(dflt);
	}
	if (!policy && mode == SYSTRACE_MODE_LEARN) {
		/* Learning from nothing: an empty policy, every call reported. */
		fd = mkstemp(empty);
		if (fd < 0) {
			fprintf(stderr, "systracectl: %s: %s\n", empty, strerror(errno));
			return ST_EXIT_FAIL;
		}
		close(fd);
		policy = empty;
	} else if (!policy) {
		if (default_policy(argv[optind], dflt, sizeof(dflt), mode == SYSTRACE_MODE_ASK) < 0) {
			fprintf(stderr, "systracectl: run needs -p POLICY (no $HOME)\n");
			return ST_EXIT_USAGE;
		}
		if (stat(dflt, &sb) < 0) {
			if (mode != SYSTRACE_MODE_ASK) {
				fprintf(stderr, "systracectl: no policy %s: give -p POLICY, or learn one with -A\n",
					dflt);
				return ST_EXIT_USAGE;
			}
			/* Asking from nothing: the answers "always" fill it. */
			fd = open(dflt, O_WRONLY | O_CREAT | O_EXCL, 0600);
			if (fd < 0) {
				fprintf(stderr, "systracectl: %s: %s\n", dflt, strerror(errno));
				return ST_EXIT_FAIL;
			}
			dprintf(fd, "# Answers \"always\" of systracectl run for %s\n", argv[optind]);
			close(fd);
		}
		policy = dflt;
	}

	ret = st_open_or_explain(&nl);
	if (ret)
		goto out_empty;
	fcntl(nl_socket_get_fd(nl.sk), F_SETFD, FD_CLOEXEC);
	if (strchr(policy, '/') || stat(policy, &sb) == 0) {
		if (st_read_policy(policy, &buf, &len) < 0) {
			st_nl_close(&nl);
			ret = ST_EXIT_FAIL;
			goto out_empty;
		}
		/*
		 * In ask mode, this socket answers the image's questions. A
		 * user loads an image of its own: ~UID/run.PID.
		 */
		lo.mode = mode;
		lo.agent = mode == SYSTRACE_MODE_ASK;
		lo.timeout = timeout;
		if (geteuid()) {
			snprintf(name, sizeof(name), "~%u/run.%d",
				 (unsigned int)getuid(), (int)getpid());
			lo.owner = getuid();
		} else {
			snprintf(name, sizeof(name), "run.%d", (int)getpid());
		}
		ret = st_load(&nl, &lo, buf, len);
		free(buf);
		if (ret < 0) {
			fprintf(stderr, "systracectl: load %s: %s\n", policy,
				st_nl_strerror(&nl, ret));
			st_nl_close(&nl);
			ret = ST_EXIT_FAIL;
			goto out_empty;
		}
		loaded = 1;
		if (policy != empty && st_is_source(policy))
			src = policy;
	} else {
		if (strlen(policy) >= sizeof(name)) {
			fprintf(stderr, "systracectl: bad image name\n");
			ret = ST_EXIT_USAGE;
			goto out;
		}
		/* Its questions go where that image's go: its own agent, or
		 * systracectl ask. */
		memcpy(name, policy, strlen(policy) + 1);
	}
	if (mode == SYSTRACE_MODE_LEARN) {
		/* Subscribed before the command starts: no report is missed. */
		learn = st_learn_open(name);
		if (!learn) {
			ret = ST_EXIT_FAIL;
			goto out;
		}
		fcntl(st_learn_fd(learn), F_SETFD, FD_CLOEXEC);
	}

	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		fprintf(stderr, "systracectl: fork: %s\n", strerror(errno));
		ret = ST_EXIT_FAIL;
		goto out;
	}
	if (pid == 0) {
		/*
		 * Without CAP_SYS_ADMIN the kernel confines only a process that
		 * can gain no privilege by exec (as seccomp does).
		 */
		if (geteuid() && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) {
			fprintf(stderr, "systracectl: no_new_privs: %s\n",
				strerror(errno));
			_exit(ST_EXIT_FAIL);
		}
		if (confine_self(name, mode) < 0)
			_exit(ST_EXIT_FAIL);
		if (set_ids && drop_ids(uid, gid) < 0)
			_exit(ST_EXIT_FAIL);
		execvp(argv[optind], argv + optind);
		fprintf(stderr, "systracectl: %s: %s\n", argv[optind], strerror(errno));
		_exit(errno == ENOENT ? 127 : 126);
	}
	/* The command owns the terminal's signals; we only wait. */
	signal(SIGINT, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);
	pidfd = syscall(SYS_pidfd_open, pid, 0);

	if (learn) {
		struct pollfd p[2] = {
			{ .fd = st_learn_fd(learn), .events = POLLIN },
			{ .fd = pidfd, .events = POLLIN },
		};

		while (pidfd >= 0 && !p[1].revents) {
			if (poll(p, 2, -1) < 0 && errno != EINTR)
				break;
			st_learn_poll(learn);
		}
		ret = wait_child(pid);
		/* Reports are sent before the call returns: all are queued. */
		st_learn_poll(learn);
		c = st_learn_write(learn, out, policy != empty && st_is_source(policy) ?
				   policy : NULL, argv + optind);
		if (c < 0) {
			fprintf(stderr, "systracectl: %s: %s\n", out, strerror(-c));
			if (!ret)
				ret = ST_EXIT_FAIL;
		} else if (strcmp(out, "-")) {
			fprintf(stderr, "systracectl: policy learned: %s%s\n", out,
				st_learn_lost(learn) ? " (incomplete: reports were lost)" : "");
		}
	} else if (mode == SYSTRACE_MODE_ASK && loaded) {
		struct st_agent_own own = {
			.name = name, .src = src, .mode = mode, .timeout = timeout,
		};

		if (gui) {
			ret = serve_gui(&nl, gui, pidfd, &own);
		} else {
			in_fd = st_run_ask_stdin ? -1 :
				open("/dev/tty", O_RDWR | O_CLOEXEC);
			ret = st_agent_serve(&nl, in_fd >= 0 ? in_fd : STDIN_FILENO,
					     pidfd, &own);
			if (in_fd >= 0)
				close(in_fd);
		}
		/* No more answers: questions left are denied as the socket
		 * closes. */
		st_nl_close(&nl);
		ret = wait_child(pid);
	} else {
		ret = wait_child(pid);
	}
	if (pidfd >= 0)
		close(pidfd);
out:
	if (nl.sk)
		st_nl_close(&nl);
	if (loaded)
		unload(name);
	st_learn_close(learn);
out_empty:
	if (policy == empty)
		unlink(empty);
	return ret;
}
