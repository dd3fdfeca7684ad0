// SPDX-License-Identifier: GPL-2.0
/*
 * Run by file_test as the user stmacro (home /tmp/st-file/home in the
 * password database, whatever HOME and USER say), confined by its own
 * policy (bound to its path, learn mode) whose deny rules name $HOME,
 * $USER and $CWD: each open must hit its rule's errno. Exit status: 0, or
 * the check that failed.
 */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

static int fails(const char *path, int err)
{
	return open(path, O_RDONLY) != -1 || errno != err;
}

int main(void)
{
	if (fails("/tmp/st-file/home/secret", EACCES))	/* $HOME/secret */
		return 1;
	if (fails("/tmp/st-file/stmacro", ENOTDIR))	/* /tmp/st-file/$USER */
		return 2;
	/* $CWD is the working directory at each decision. */
	if (chdir("/tmp/st-file/cwd"))
		return 3;
	if (fails("x", EXDEV))				/* $CWD/x */
		return 4;
	if (chdir("/tmp/st-file"))
		return 5;
	if (open("/tmp/st-file/cwd/x", O_RDONLY) < 0)	/* no rule: learn */
		return 6;
	return 0;
}
