/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers of the hook selftests (net, path, task, mm, misc): run a function
 * in a child confined by a policy (confine.h), then check the decisions the
 * module reported for that child on the "events" multicast group and in the
 * kernel log.
 *
 * st_run_helper() confines a program the way an administrator does,
 * "systracectl run -a|-A -p POLICY -- hook_helper64|hook_helper32 ...": a
 * program without libc (hook_helper.c) that makes exactly the call it is
 * told to, in the x86_64 or the ia32 ABI.
 *
 * Events are the reliable record: the log is rate-limited (100 lines per
 * 5 s for each image, apart for its owner's tasks and others'), and a
 * test's earlier lines may have used up its image's; a test that checks
 * the log waits for a fresh interval first (st_log_quiet()). Values a task
 * chose are quoted in both ('filename: "/x"', 'prog: "cat"').
 */
#ifndef ST_HOOKS_H
#define ST_HOOKS_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/klog.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <linux/systrace.h>

#include "confine.h"

#define ST_MAX_EVENTS	256

/* One SYSTRACE_CMD_EVENT. */
struct st_event {
	int pid;
	int verdict;
	int error;
	char call[64];
	char args[512];
};

/* A socket in the events group and what it received. */
struct st_events {
	struct nl_sock *sk;
	struct st_event ev[ST_MAX_EVENTS];
	int n;
};

static inline int st_events_open(struct st_events *e)
{
	int grp, size = 4 << 20;

	e->n = 0;
	e->sk = nl_socket_alloc();
	if (!e->sk)
		return -ENOMEM;
	if (genl_connect(e->sk))
		return -ECONNREFUSED;
	grp = genl_ctrl_resolve_grp(e->sk, SYSTRACE_GENL_NAME,
				    SYSTRACE_GENL_MCGRP_EVENTS);
	if (grp < 0)
		return -ENOENT;
	if (nl_socket_add_membership(e->sk, grp))
		return -EINVAL;
	setsockopt(nl_socket_get_fd(e->sk), SOL_SOCKET, SO_RCVBUFFORCE,
		   &size, sizeof(size));
	return 0;
}

static inline void st_events_close(struct st_events *e)
{
	nl_socket_free(e->sk);
}

/* Read every event queued so far (they are queued as decisions happen). */
static inline void st_events_read(struct st_events *e)
{
	static char buf[1 << 16];
	int fd = nl_socket_get_fd(e->sk);
	int len;

	while ((len = recv(fd, buf, sizeof(buf), MSG_DONTWAIT)) > 0) {
		struct nlmsghdr *nlh = (struct nlmsghdr *)buf;

		for (; nlmsg_ok(nlh, len); nlh = nlmsg_next(nlh, &len)) {
			struct nlattr *tb[SYSTRACE_A_MAX + 1];
			struct st_event *ev;

			if (e->n >= ST_MAX_EVENTS)
				return;
			if (genlmsg_parse(nlh, 0, tb, SYSTRACE_A_MAX, NULL) < 0 ||
			    !tb[SYSTRACE_A_PID] || !tb[SYSTRACE_A_CALL])
				continue;
			ev = &e->ev[e->n++];
			memset(ev, 0, sizeof(*ev));
			ev->pid = nla_get_u32(tb[SYSTRACE_A_PID]);
			if (tb[SYSTRACE_A_VERDICT])
				ev->verdict = nla_get_u8(tb[SYSTRACE_A_VERDICT]);
			if (tb[SYSTRACE_A_ERRNO])
				ev->error = nla_get_u32(tb[SYSTRACE_A_ERRNO]);
			snprintf(ev->call, sizeof(ev->call), "%s",
				 nla_get_string(tb[SYSTRACE_A_CALL]));
			if (tb[SYSTRACE_A_ARGS])
				snprintf(ev->args, sizeof(ev->args), "%s",
					 nla_get_string(tb[SYSTRACE_A_ARGS]));
		}
	}
}

/*
 * Did @pid get a decision of @call whose arguments contain @args, with
 * @verdict (-1: any) and @error? Prints what it saw when not.
 */
static inline int st_events_has(struct st_events *e, int pid, const char *call,
				const char *args, int verdict, int error)
{
	int i;

	st_events_read(e);
	for (i = 0; i < e->n; i++) {
		struct st_event *ev = &e->ev[i];

		if (ev->pid == pid && !strcmp(ev->call, call) &&
		    strstr(ev->args, args) &&
		    (verdict < 0 || ev->verdict == verdict) &&
		    ev->error == error)
			return 1;
	}
	fprintf(stderr, "# no event pid %d call %s args '%s' verdict %d error %d; got:\n",
		pid, call, args, verdict, error);
	for (i = 0; i < e->n; i++)
		fprintf(stderr, "#   pid %d call %s verdict %d error %d args %s\n",
			e->ev[i].pid, e->ev[i].call, e->ev[i].verdict,
			e->ev[i].error, e->ev[i].args);
	return 0;
}

/*
 * Run @fn(@arg) in a child confined by policy @index of @name in @mode;
 * *@pid is the child. Return: its exit status (0: every check passed;
 * else the step that failed, or 100 + the confine error), or -1 if it was
 * killed.
 */
static inline int st_run_child(const char *name, unsigned int index, int mode,
			       void (*fn)(void *arg), void *arg, pid_t *pid)
{
	int st, ret;

	*pid = fork();
	if (*pid < 0)
		return -1;
	if (*pid == 0) {
		ret = st_confine_self(name, index, mode);
		if (ret)
			_exit(100 + (-ret & 0x3f));
		fn(arg);
		_exit(0);
	}
	if (waitpid(*pid, &st, 0) != *pid)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* Wait until the module's log rate limit (5 s interval) starts afresh. */
static inline void st_log_quiet(void)
{
	sleep(6);
}

/* Does the kernel log have a line containing each of @a and @b? */
static inline int st_klog_has(const char *a, const char *b)
{
	int len = klogctl(10 /* SYSLOG_ACTION_SIZE_BUFFER */, NULL, 0);
	char *buf, *line, *save;
	int found = 0;

	if (len <= 0)
		return 0;
	buf = malloc(len + 1);
	if (!buf)
		return 0;
	len = klogctl(3 /* SYSLOG_ACTION_READ_ALL */, buf, len);
	if (len < 0)
		len = 0;
	buf[len] = '\0';
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save))
		if (strstr(line, a) && strstr(line, b))
			found = 1;
	if (!found)
		fprintf(stderr, "# no log line with '%s' and '%s'\n", a, b);
	free(buf);
	return found;
}

/* hook_helper.c, for each ABI. */
#define ST_HELPER64 "/selftests/hook_helper64"
#define ST_HELPER32 "/selftests/hook_helper32"

static inline int st_write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -errno;
	fputs(text, f);
	return fclose(f) ? -errno : 0;
}

/*
 * "systracectl run @flag -p @policy -- @helper @op [@a [@b]]", as an
 * administrator would confine a program: @flag is -a (enforce) or -A
 * (learn), @policy a source file (compiled and loaded for the run, its
 * first policy confines). Return: the helper's exit status, the errno its
 * one call got (0: it succeeded), or -1.
 */
static inline int st_run_helper(const char *flag, const char *policy,
				const char *helper, const char *op,
				const char *a, const char *b)
{
	const char *argv[] = { "systracectl", "run", flag, "-p", policy, "--",
			       helper, op, a, b, NULL };
	pid_t pid = fork();
	int st;

	if (pid < 0)
		return -1;
	if (pid == 0) {
		execvp(argv[0], (char **)argv);
		_exit(127);
	}
	if (waitpid(pid, &st, 0) != pid)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

#endif /* ST_HOOKS_H */
