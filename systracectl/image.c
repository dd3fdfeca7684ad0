// SPDX-License-Identifier: GPL-2.0
/*
 * Reading a policy for loading: a compiled image as policyc writes it, or
 * a policy source, which is compiled with policyc first.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <linux/systrace_prog.h>

#include "systracectl.h"

static int read_all(const char *path, unsigned char **buf, size_t *len)
{
	struct stat st;
	ssize_t n;
	size_t off = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return S_ISDIR(st.st_mode) ? -EISDIR : -EINVAL;
	}
	*buf = malloc(st.st_size ? st.st_size : 1);
	if (!*buf) {
		close(fd);
		return -ENOMEM;
	}
	while (off < (size_t)st.st_size) {
		n = read(fd, *buf + off, st.st_size - off);
		if (n <= 0) {
			free(*buf);
			close(fd);
			return n < 0 ? -errno : -EIO;
		}
		off += n;
	}
	close(fd);
	*len = off;
	return 0;
}

static int is_image(const unsigned char *buf, size_t len)
{
	return len >= 4 && buf[0] == (SYSTRACE_PROG_MAGIC & 0xff) &&
	       buf[1] == ((SYSTRACE_PROG_MAGIC >> 8) & 0xff) &&
	       buf[2] == ((SYSTRACE_PROG_MAGIC >> 16) & 0xff) &&
	       buf[3] == ((SYSTRACE_PROG_MAGIC >> 24) & 0xff);
}

int st_policyc_noalias;

/* Compile @src with policyc into a temporary file; its diagnostics go to
 * our stderr as they are (file:line:col). */
static int compile(const char *src, unsigned char **buf, size_t *len)
{
	const char *policyc = getenv("SYSTRACE_POLICYC");
	char tmp[] = "/tmp/systracectl.XXXXXX";
	int fd, st, ret;
	pid_t pid;

	fd = mkstemp(tmp);
	if (fd < 0)
		return -errno;
	close(fd);
	pid = fork();
	if (pid < 0) {
		unlink(tmp);
		return -errno;
	}
	if (pid == 0) {
		if (st_policyc_noalias)
			execlp(policyc ? policyc : "policyc", "policyc", "-u",
			       "-o", tmp, src, (char *)NULL);
		else
			execlp(policyc ? policyc : "policyc", "policyc", "-o",
			       tmp, src, (char *)NULL);
		fprintf(stderr, "systracectl: cannot run policyc: %s: install it, or name it in $SYSTRACE_POLICYC\n",
			strerror(errno));
		_exit(127);
	}
	if (waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st)) {
		unlink(tmp);
		return -EINVAL;
	}
	ret = read_all(tmp, buf, len);
	unlink(tmp);
	return ret;
}

/* Why @path cannot be read as a policy file, and what to do. */
static void read_error(const char *path, int err)
{
	const char *hint = "";

	if (err == -EISDIR)
		hint = ": give a policy file, or use systracectl load-dir for a directory";
	else if (err == -ENOENT || err == -EINVAL)
		hint = ": give the path of a policy file (source or policyc image)";
	else if (err == -EACCES)
		hint = ": not readable by this user";
	fprintf(stderr, "systracectl: %s: %s%s\n", path,
		err == -EINVAL ? "not a regular file" : strerror(-err), hint);
}

int st_read_policy(const char *path, unsigned char **buf, size_t *len)
{
	int ret = read_all(path, buf, len);

	if (ret < 0) {
		read_error(path, ret);
		return ret;
	}
	if (is_image(*buf, *len))
		return 0;
	free(*buf);
	*buf = NULL;
	ret = compile(path, buf, len);
	if (ret < 0 && ret != -EINVAL)
		fprintf(stderr, "systracectl: %s: %s\n", path, strerror(-ret));
	else if (ret == -EINVAL)
		fprintf(stderr, "systracectl: %s: policyc failed: fix the errors it printed above (policyc -c %s checks it)\n",
			path, path);
	return ret;
}
