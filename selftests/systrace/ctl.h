/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers of the systracectl selftests (ask, learn, monitor): they drive
 * the tool as an administrator would, through the shell, and read what it
 * wrote.
 */
#ifndef ST_CTL_H
#define ST_CTL_H

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>

/* system() of a formatted command: its exit status, or -1. */
static inline int ctl_sh(const char *fmt, ...)
{
	char cmd[4096];
	va_list ap;
	int st;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	st = system(cmd);
	return st == -1 || !WIFEXITED(st) ? -1 : WEXITSTATUS(st);
}

/*
 * Run @cmd with /bin/sh, its output (stdout and stderr) into @out; the
 * command and its status go to stderr, for the test's log. Return: its
 * exit status, or -1.
 */
static inline int ctl_capture(const char *cmd, char *out, size_t len)
{
	char full[1024];
	size_t n = 0;
	FILE *p;
	int st;

	snprintf(full, sizeof(full), "%s 2>&1", cmd);
	p = popen(full, "r");
	if (!p)
		return -1;
	while (n + 1 < len && !feof(p)) {
		size_t r = fread(out + n, 1, len - 1 - n, p);

		if (!r)
			break;
		n += r;
	}
	out[n] = '\0';
	st = pclose(p);
	fprintf(stderr, "# $ %s -> %d\n", cmd, WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* The whole of @path in a static buffer ("" when missing). */
static inline const char *ctl_read(const char *path)
{
	static char buf[1 << 20];
	ssize_t n;
	int fd = open(path, O_RDONLY);

	buf[0] = '\0';
	if (fd < 0)
		return buf;
	n = read(fd, buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = '\0';
	close(fd);
	return buf;
}

/* Occurrences of @needle in @path. */
static inline int ctl_count(const char *path, const char *needle)
{
	const char *p = ctl_read(path);
	int n = 0;

	while ((p = strstr(p, needle))) {
		n++;
		p += strlen(needle);
	}
	return n;
}

static inline double ctl_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * How long a test waits for what must come (a process's exit, a line):
 * only a hang reaches it, never a slow host (a loaded host slows the
 * guest's wall clock by ten times and more).
 */
#define CTL_HANG	600

/* Wait for @n occurrences of @needle in @path (a hang ends after @secs, at least CTL_HANG). */
static inline int ctl_wait_for(const char *path, const char *needle, int n,
			       double secs)
{
	/* Every caller waits for something that must come. */
	double end = ctl_now() + (secs < CTL_HANG ? CTL_HANG : secs);

	while (ctl_count(path, needle) < n) {
		if (ctl_now() > end)
			return -1;
		usleep(20000);
	}
	return 0;
}

/*
 * Start "systracectl ARGS..." in the background with standard input from a
 * new pipe (*@wfd is its writing end; -1 when @wfd is NULL: /dev/null) and
 * output to @out; wait for @ready in @out. Returns the pid or -1.
 */
static inline pid_t ctl_start(const char *out, const char *ready, int *wfd,
			      const char *const argv[])
{
	int p[2] = { -1, -1 }, fd, st;
	double end;
	pid_t pid;

	if (wfd && pipe(p) < 0)
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		if (wfd) {
			dup2(p[0], 0);
			close(p[0]);
			close(p[1]);
		} else {
			fd = open("/dev/null", O_RDONLY);
			dup2(fd, 0);
		}
		fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		dup2(fd, 1);
		dup2(fd, 2);
		execvp("systracectl", (char *const *)argv);
		_exit(127);
	}
	if (wfd) {
		close(p[0]);
		*wfd = p[1];
	}
	if (!ready)
		return pid;
	/*
	 * Long: a loaded host slows the guest; only a hang should fail. A
	 * command that ended before it was ready fails at once, and what it
	 * said goes to the test's log.
	 */
	end = ctl_now() + CTL_HANG;
	while (ctl_count(out, ready) < 1) {
		if (waitpid(pid, &st, WNOHANG) == pid) {
			fprintf(stderr, "# %s ended (status 0x%x) before \"%s\": %s\n",
				argv[0], st, ready, ctl_read(out));
			return -1;
		}
		if (ctl_now() > end) {
			fprintf(stderr, "# %s not \"%s\" after %d s: %s\n",
				argv[0], ready, CTL_HANG, ctl_read(out));
			kill(pid, SIGKILL);
			waitpid(pid, NULL, 0);
			return -1;
		}
		usleep(20000);
	}
	return pid;
}

/* waitpid with a deadline: the exit status, or -1 (killed at @secs). */
static inline int ctl_wait(pid_t pid, double secs)
{
	double end = ctl_now() + secs;
	int st;

	for (;;) {
		pid_t r = waitpid(pid, &st, WNOHANG);

		if (r == pid)
			return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
		if (r < 0 || ctl_now() > end)
			break;
		usleep(20000);
	}
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	return -1;
}

/*
 * The policy of ask_helper: learned (systracectl run -A) from a run that
 * opens /srv/ask/x with 20 threads, without the rule for /srv/ask/x, so
 * that any open under /srv/ask is a question. Written to @out.
 */
static inline int ctl_helper_policy(const char *out)
{
	/* Learned once per boot: every fixture of every test uses it. */
	if (ctl_sh("mkdir -p /srv/ask && echo x > /srv/ask/x") ||
	    (access("/tmp/ask_helper.learned", R_OK) &&
	     ctl_sh("systracectl run -A -o /tmp/ask_helper.learned.new -- "
		    "/selftests/ask_helper -t 20 /srv/ask/x >/dev/null && "
		    "mv /tmp/ask_helper.learned.new /tmp/ask_helper.learned")))
		return -1;
	return ctl_sh("grep -v /srv/ask /tmp/ask_helper.learned > %s", out);
}

#endif /* ST_CTL_H */
