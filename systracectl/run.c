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
			st_kerr(&nl, ret));
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
			st_kerr(&nl, ret));
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

/*
 * The command's exit code. Killed by a signal, it is said so (the shell
 * sees only our 128 + signal): often a call denied that it did not
 * expect to fail (a denied brk, and malloc's caller crashes); not for
 * the signals a person sends from the terminal or a closed pipe.
 */
static int wait_child(pid_t pid, const char *cmd)
{
	int st, sig;

	while (waitpid(pid, &st, 0) < 0) {
		if (errno != EINTR)
			return ST_EXIT_FAIL;
	}
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	sig = WTERMSIG(st);
	if (sig != SIGINT && sig != SIGQUIT && sig != SIGPIPE)
		fprintf(stderr, "%s: %s killed by signal %d (%s): if a call was denied, systracectl monitor shows which\n",
			st_cmd, cmd, sig, strsignal(sig));
	return 128 + sig;
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

int st_ask_reachable(int stdin_only)
{
	struct stat sb;
	int fd;

	if (!stdin_only) {
		fd = open("/dev/tty", O_RDWR | O_CLOEXEC);
		if (fd >= 0) {
			close(fd);
			return 1;
		}
	}
	if (isatty(STDIN_FILENO))
		return 1;
	if (fstat(STDIN_FILENO, &sb) < 0)
		return 0;
	if (S_ISFIFO(sb.st_mode) || S_ISSOCK(sb.st_mode))
		return 1;
	return S_ISREG(sb.st_mode) && sb.st_size > 0;
}

/* A run: what the command line says, and what the run holds. */
struct run {
	const char *policy, *out, *gui, *src;
	int mode, set_ids, loaded;
	uid_t uid;
	gid_t gid;
	unsigned int timeout;
	char **cmd;			/* the command and its arguments */
	char name[SYSTRACE_NAME_MAX];	/* the image the command runs under */
	char dflt[PATH_MAX + 64];
	char empty[sizeof("/tmp/systracectl-empty.XXXXXX")];
	struct st_learn *learn;
	struct st_nl nl;
};

/* Whether the run's questions come to it: a policy file, not an image. */
static int asks_itself(const struct run *r)
{
	struct stat sb;

	return !r->policy || strchr(r->policy, '/') || stat(r->policy, &sb) == 0;
}

/* The command line into @r: -1 to go on, or the exit code. */
static int run_args(struct run *r, int argc, char *argv[])
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
	int c;

	while ((c = getopt_long(argc, argv, "+aAc:im:p:o:t:g:h", opts, NULL)) != -1) {
		switch (c) {
		case 'a':
			r->mode = SYSTRACE_MODE_ENFORCE;
			break;
		case 'A':
			r->mode = SYSTRACE_MODE_LEARN;
			break;
		case 'i':
			r->mode = SYSTRACE_MODE_ASK;
			break;
		case 'c':
			if (parse_ids(optarg, &r->uid, &r->gid) < 0) {
				fprintf(stderr, "systracectl run: -c: UID:GID, two numbers\n");
				return ST_EXIT_USAGE;
			}
			if (geteuid()) {
				fprintf(stderr, "systracectl run: -c is for root: run systracectl as root\n");
				return ST_EXIT_USAGE;
			}
			r->set_ids = 1;
			break;
		case 'm':
			r->mode = st_parse_mode(optarg);
			if (r->mode < 0)
				return st_bad_mode(optarg);
			break;
		case 'p':
			r->policy = optarg;
			break;
		case 'o':
			r->out = optarg;
			break;
		case 't':
			r->timeout = strtoul(optarg, NULL, 10);
			if (r->timeout < 1 || r->timeout > 3600) {
				fprintf(stderr, "systracectl run: -t: 1 to 3600 seconds\n");
				return ST_EXIT_USAGE;
			}
			break;
		case 'g':
			r->gui = optarg;
			break;
		case 'h':
			fputs(usage, stdout);
			return ST_EXIT_OK;
		default:
			return st_bad_option("+aAc:im:p:o:t:g:h", argc, argv);
		}
	}
	if (r->gui && r->mode != SYSTRACE_MODE_ASK) {
		fprintf(stderr, "systracectl run: -g is for asking: leave out -a and -A\n");
		return ST_EXIT_USAGE;
	}
	if (optind >= argc)
		return st_bad_usage(usage);
	if (r->out && r->mode != SYSTRACE_MODE_LEARN) {
		fprintf(stderr, "systracectl run: -o is for learning: add -A\n");
		return ST_EXIT_USAGE;
	}
	r->cmd = argv + optind;
	/*
	 * Asking, with a policy file: the run is the image's agent, the only
	 * one its questions go to. With nobody to ask, stop before anything
	 * is created or loaded (a loaded image's name: its questions go to
	 * its own agent, or systracectl ask).
	 */
	if (r->mode == SYSTRACE_MODE_ASK && !r->gui && asks_itself(r) &&
	    !st_ask_reachable(st_run_ask_stdin)) {
		fprintf(stderr, "systracectl run: no terminal to ask on and no agent: give -a (enforce), -A (learn), -g GUI, or -p IMAGE of an image systracectl ask answers\n");
		return ST_EXIT_USAGE;
	}
	return -1;
}

/* Where -A writes, and the policy the run starts from: -1, or the exit code. */
static int pick_policy(struct run *r)
{
	struct stat sb;
	int fd;

	if (r->mode == SYSTRACE_MODE_LEARN && !r->out) {
		if (default_policy(r->cmd[0], r->dflt, sizeof(r->dflt), 1) < 0) {
			fprintf(stderr, "systracectl: no $HOME for the learned policy: give -o OUT\n");
			return ST_EXIT_USAGE;
		}
		r->out = strdup(r->dflt);
	}
	if (!r->policy && r->mode == SYSTRACE_MODE_LEARN) {
		/* Learning from nothing: an empty policy, every call reported. */
		fd = mkstemp(r->empty);
		if (fd < 0) {
			fprintf(stderr, "systracectl: %s: %s\n", r->empty, strerror(errno));
			return ST_EXIT_FAIL;
		}
		close(fd);
		r->policy = r->empty;
	} else if (!r->policy) {
		if (default_policy(r->cmd[0], r->dflt, sizeof(r->dflt),
				   r->mode == SYSTRACE_MODE_ASK) < 0) {
			fprintf(stderr, "systracectl: run needs -p POLICY (no $HOME)\n");
			return ST_EXIT_USAGE;
		}
		if (stat(r->dflt, &sb) < 0) {
			if (r->mode != SYSTRACE_MODE_ASK) {
				fprintf(stderr, "systracectl: no policy %s: give -p POLICY, or learn one with -A\n",
					r->dflt);
				return ST_EXIT_USAGE;
			}
			/* Asking from nothing: the answers "always" fill it. */
			fd = open(r->dflt, O_WRONLY | O_CREAT | O_EXCL, 0600);
			if (fd < 0) {
				fprintf(stderr, "systracectl: %s: %s\n", r->dflt, strerror(errno));
				return ST_EXIT_FAIL;
			}
			dprintf(fd, "# Answers \"always\" of systracectl run for %s\n", r->cmd[0]);
			close(fd);
		}
		r->policy = r->dflt;
	}
	return -1;
}

/*
 * A policy file loaded for the run (r->loaded), or a loaded image's name
 * taken: -1, or the exit code (r->nl closed on a failed load).
 */
static int load_policy(struct run *r)
{
	struct st_load_opts lo = { .name = r->name, .owner = ST_NO_OWNER };
	unsigned char *buf;
	struct stat sb;
	size_t len;
	int ret;

	if (!strchr(r->policy, '/') && stat(r->policy, &sb) < 0) {
		if (strlen(r->policy) >= sizeof(r->name)) {
			fprintf(stderr, "systracectl run: -p %s: no such file, and too long for an image name\n",
				r->policy);
			return ST_EXIT_USAGE;
		}
		/* Its questions go where that image's go: its own agent, or
		 * systracectl ask. */
		memcpy(r->name, r->policy, strlen(r->policy) + 1);
		return -1;
	}
	if (st_read_policy(r->policy, &buf, &len) < 0) {
		st_nl_close(&r->nl);
		return ST_EXIT_FAIL;
	}
	/*
	 * In ask mode, this socket answers the image's questions. A
	 * user loads an image of its own: ~UID/run.PID.
	 */
	lo.mode = r->mode;
	lo.agent = r->mode == SYSTRACE_MODE_ASK;
	lo.timeout = r->timeout;
	if (geteuid()) {
		snprintf(r->name, sizeof(r->name), "~%u/run.%d",
			 (unsigned int)getuid(), (int)getpid());
		lo.owner = getuid();
	} else {
		snprintf(r->name, sizeof(r->name), "run.%d", (int)getpid());
	}
	ret = st_load(&r->nl, &lo, buf, len);
	free(buf);
	if (ret < 0) {
		fprintf(stderr, "systracectl: load %s: %s\n", r->policy,
			st_kerr(&r->nl, ret));
		st_nl_close(&r->nl);
		return ST_EXIT_FAIL;
	}
	r->loaded = 1;
	if (r->policy != r->empty && st_is_source(r->policy))
		r->src = r->policy;
	return -1;
}

/* The command, confined from its exec on: its pid, or -1. */
static pid_t start_command(struct run *r)
{
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		fprintf(stderr, "systracectl: fork: %s\n", strerror(errno));
		return -1;
	}
	if (pid)
		return pid;
	/*
	 * Without CAP_SYS_ADMIN the kernel confines only a process that
	 * can gain no privilege by exec (as seccomp does).
	 */
	if (geteuid() && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) {
		fprintf(stderr, "systracectl: no_new_privs: %s\n",
			strerror(errno));
		_exit(ST_EXIT_FAIL);
	}
	if (confine_self(r->name, r->mode) < 0)
		_exit(ST_EXIT_FAIL);
	if (r->set_ids && drop_ids(r->uid, r->gid) < 0)
		_exit(ST_EXIT_FAIL);
	execvp(r->cmd[0], r->cmd);
	fprintf(stderr, "systracectl: %s: %s\n", r->cmd[0], strerror(errno));
	_exit(errno == ENOENT ? 127 : 126);
}

/* -A: the reports read until the command exits, then the policy written. */
static int serve_learn(struct run *r, pid_t pid, int pidfd)
{
	struct pollfd p[2] = {
		{ .fd = st_learn_fd(r->learn), .events = POLLIN },
		{ .fd = pidfd, .events = POLLIN },
	};
	int ret, c;

	while (pidfd >= 0 && !p[1].revents) {
		if (poll(p, 2, -1) < 0 && errno != EINTR)
			break;
		st_learn_poll(r->learn);
	}
	ret = wait_child(pid, r->cmd[0]);
	/* Reports are sent before the call returns: all are queued. */
	st_learn_poll(r->learn);
	c = st_learn_write(r->learn, r->out, r->policy != r->empty &&
			   st_is_source(r->policy) ? r->policy : NULL, r->cmd);
	if (c < 0) {
		fprintf(stderr, "systracectl: %s: %s\n", r->out, strerror(-c));
		if (!ret)
			ret = ST_EXIT_FAIL;
	} else if (strcmp(r->out, "-")) {
		fprintf(stderr, "systracectl: policy learned: %s%s\n", r->out,
			st_learn_lost(r->learn) ? " (incomplete: reports were lost)" : "");
	}
	return ret;
}

/* Ask: the questions answered (terminal or -g) until the command exits. */
static int serve_ask(struct run *r, pid_t pid, int pidfd)
{
	struct st_agent_own own = {
		.name = r->name, .src = r->src, .mode = r->mode,
		.timeout = r->timeout,
	};
	int in_fd;

	if (r->gui) {
		serve_gui(&r->nl, r->gui, pidfd, &own);
	} else {
		in_fd = st_run_ask_stdin ? -1 :
			open("/dev/tty", O_RDWR | O_CLOEXEC);
		st_agent_serve(&r->nl, in_fd >= 0 ? in_fd : STDIN_FILENO,
			       pidfd, &own);
		if (in_fd >= 0)
			close(in_fd);
	}
	/* No more answers: questions left are denied as the socket
	 * closes. */
	st_nl_close(&r->nl);
	return wait_child(pid, r->cmd[0]);
}

/* Load, start the command, serve it until it exits: its exit code. */
static int run_command(struct run *r)
{
	int ret, pidfd;
	pid_t pid;

	if (r->mode == SYSTRACE_MODE_LEARN) {
		/* Subscribed before the command starts: no report is missed. */
		r->learn = st_learn_open(r->name);
		if (!r->learn)
			return ST_EXIT_FAIL;
		fcntl(st_learn_fd(r->learn), F_SETFD, FD_CLOEXEC);
	}
	pid = start_command(r);
	if (pid < 0)
		return ST_EXIT_FAIL;
	/* The command owns the terminal's signals; we only wait. */
	signal(SIGINT, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);
	pidfd = syscall(SYS_pidfd_open, pid, 0);

	if (r->learn)
		ret = serve_learn(r, pid, pidfd);
	else if (r->mode == SYSTRACE_MODE_ASK && r->loaded)
		ret = serve_ask(r, pid, pidfd);
	else
		ret = wait_child(pid, r->cmd[0]);
	if (pidfd >= 0)
		close(pidfd);
	return ret;
}

int run_main(int argc, char *argv[])
{
	struct run *r = calloc(1, sizeof(*r));
	int ret;

	if (!r) {
		fprintf(stderr, "systracectl: out of memory\n");
		return ST_EXIT_FAIL;
	}
	r->mode = SYSTRACE_MODE_ASK;
	snprintf(r->empty, sizeof(r->empty), "/tmp/systracectl-empty.XXXXXX");
	ret = run_args(r, argc, argv);
	if (ret < 0)
		ret = pick_policy(r);
	if (ret >= 0)
		goto out_empty;

	ret = st_open_or_explain(&r->nl);
	if (ret)
		goto out_empty;
	fcntl(nl_socket_get_fd(r->nl.sk), F_SETFD, FD_CLOEXEC);
	ret = load_policy(r);
	if (ret == ST_EXIT_FAIL)
		goto out_empty;
	if (ret < 0)
		ret = run_command(r);
	if (r->nl.sk)
		st_nl_close(&r->nl);
	if (r->loaded)
		unload(r->name);
	st_learn_close(r->learn);
out_empty:
	if (r->policy == r->empty)
		unlink(r->empty);
	free(r);
	return ret;
}
