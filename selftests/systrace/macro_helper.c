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
	/*
	 * $CWD is the loader's working directory (/tmp/st-file/cwd), fixed:
	 * not the program's own, wherever it goes.
	 */
	if (chdir("/tmp/st-file"))
		return 3;
	if (fails("cwd/x", EXDEV))			/* $CWD/x */
		return 4;
	if (open("x", O_RDONLY) < 0)		/* its own ./x: no rule, learn */
		return 5;
	return 0;
}
