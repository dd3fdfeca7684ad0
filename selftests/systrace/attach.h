/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers of the attach selftests (attach_test, attack_attach_test): the
 * target's files and its one probe (an open that reports its errno), the
 * SYSTRACE_CMD_ATTACH request, and the end of a target.
 */
#ifndef ST_ATTACH_H
#define ST_ATTACH_H

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include <linux/systrace.h>

#include "confine.h"

/* Open @path: 0, or the errno. */
static inline int st_try_open(const char *path)
{
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return errno;
	close(fd);
	return 0;
}

/* Create @path (empty, or as it is): 0, or -errno. */
static inline int st_touch(const char *path)
{
	int fd = open(path, O_CREAT | O_WRONLY, 0644);

	if (fd < 0)
		return -errno;
	close(fd);
	return 0;
}

/*
 * SYSTRACE_CMD_ATTACH of image @name to process @pid in enforce mode, on
 * @nl: 0 or -errno; the kernel's message into @msg (if not NULL).
 */
static inline int st_attach_sock(struct st_nl *nl, const char *name, pid_t pid,
				 char *msg, size_t len)
{
	struct nl_msg *m;
	int ret;

	m = st_nl_msg(nl, SYSTRACE_CMD_ATTACH, 0);
	if (!m)
		return -ENOMEM;
	if (nla_put_string(m, SYSTRACE_A_NAME, name) ||
	    nla_put_u32(m, SYSTRACE_A_PID, pid) ||
	    nla_put_u8(m, SYSTRACE_A_MODE, SYSTRACE_MODE_ENFORCE)) {
		nlmsg_free(m);
		return -EMSGSIZE;
	}
	ret = st_nl_call(nl, m, NULL, NULL);
	if (msg)
		snprintf(msg, len, "%s", nl->extack);
	if (ret)
		fprintf(stderr, "# attach %d: %s: %s\n", pid, strerror(-ret),
			nl->extack);
	return ret;
}

/* st_attach_sock() on a socket of its own. */
static inline int st_attach(const char *name, pid_t pid, char *msg, size_t len)
{
	struct st_nl nl;
	int ret;

	ret = st_nl_open(&nl);
	if (ret)
		return ret;
	ret = st_attach_sock(&nl, name, pid, msg, len);
	st_nl_close(&nl);
	return ret;
}

/* Kill and reap the target *@pid, if there is one; *@pid is 0 after. */
static inline void st_reap(pid_t *pid)
{
	if (*pid > 0) {
		kill(*pid, SIGKILL);
		waitpid(*pid, NULL, 0);
	}
	*pid = 0;
}

#endif /* ST_ATTACH_H */
