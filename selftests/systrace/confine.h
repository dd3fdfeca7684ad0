/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers of the confinement selftests: compile a policy with policyc, load
 * it, and run a function in a child process confined by it.
 *
 * A confined child can make only the calls its policy permits (in enforce
 * mode, any other fails with EPERM), so after st_confine_self() it calls
 * nothing it does not test, reports through its exit status (_exit() is
 * never filtered) and leaves its netlink socket open. Every policy of these
 * tests permits recvmsg: the acknowledgement of the confine request itself
 * is received by the confined process.
 */
#ifndef ST_CONFINE_H
#define ST_CONFINE_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include <linux/systrace.h>

#include "../../systracectl/nl.h"

/* Compile @text with policyc and load it as @name in @mode: 0 or -errno. */
static inline int st_policy_load(const char *name, const char *text, int mode)
{
	char src[128], bin[128], cmd[512];
	unsigned char *buf = NULL;
	struct st_nl nl;
	FILE *f;
	long len;
	int ret;

	snprintf(src, sizeof(src), "/tmp/%s.policy", name);
	snprintf(bin, sizeof(bin), "/tmp/%s.bin", name);
	f = fopen(src, "w");
	if (!f)
		return -errno;
	fputs(text, f);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "policyc -o %s %s", bin, src);
	if (system(cmd))
		return -EINVAL;
	f = fopen(bin, "r");
	if (!f)
		return -errno;
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	rewind(f);
	buf = malloc(len);
	if (!buf || fread(buf, 1, len, f) != (size_t)len) {
		fclose(f);
		free(buf);
		return -EIO;
	}
	fclose(f);
	ret = st_nl_open(&nl);
	if (!ret) {
		ret = st_load_image(&nl, name, mode, buf, len);
		if (ret)
			fprintf(stderr, "load %s: %s\n", name,
				st_nl_strerror(&nl, ret));
		st_nl_close(&nl);
	}
	free(buf);
	return ret;
}

/*
 * Confine the calling process with policy @index of @name in @mode, with
 * SYSTRACE_CONFINE_F_* @flags (ONEXEC: from its next exec on).
 */
static inline int st_confine_self_flags(const char *name, unsigned int index,
					int mode, unsigned int flags)
{
	struct nl_msg *msg;
	struct st_nl nl;
	int ret;

	ret = st_nl_open(&nl);
	if (ret)
		return ret;
	msg = st_nl_msg(&nl, SYSTRACE_CMD_CONFINE_SELF, 0);
	if (!msg)
		return -ENOMEM;
	if (nla_put_string(msg, SYSTRACE_A_NAME, name) ||
	    nla_put_u8(msg, SYSTRACE_A_MODE, mode) ||
	    nla_put_u32(msg, SYSTRACE_A_POLICY_INDEX, index) ||
	    (flags && nla_put_u32(msg, SYSTRACE_A_FLAGS, flags))) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	/* The socket stays open: closing it is a call like any other. */
	return st_nl_call(&nl, msg, NULL, NULL);
}

/* Confine the calling process with policy @index of @name in @mode. */
static inline int st_confine_self(const char *name, unsigned int index, int mode)
{
	return st_confine_self_flags(name, index, mode, 0);
}

/*
 * Run @fn(@arg) in a child confined by policy @index of @name in @mode.
 * Return: the child's exit status (0: every check passed; else the step
 * that failed, or 100 + the confine error), or -1 if it was killed.
 */
static inline int st_run_confined(const char *name, unsigned int index, int mode,
			   void (*fn)(void *arg), void *arg)
{
	pid_t pid = fork();
	int st, ret;

	if (pid < 0)
		return -1;
	if (pid == 0) {
		ret = st_confine_self(name, index, mode);
		if (ret)
			_exit(100 + (-ret & 0x3f));
		fn(arg);
		_exit(0);
	}
	if (waitpid(pid, &st, 0) != pid)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* In a confined child: fail with @step unless @cond. */
#define ST_CHECK(step, cond)		\
	do {				\
		if (!(cond))		\
			_exit(step);	\
	} while (0)

#endif /* ST_CONFINE_H */
