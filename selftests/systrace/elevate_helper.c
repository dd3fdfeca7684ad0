// SPDX-License-Identifier: GPL-2.0
/*
 * The program elevate_test's image binds by its path, as an administrator
 * would bind a program whose set-id bit was removed. Run as nobody.
 *   bind22: it runs as a set-id program does (AT_SECURE, not dumpable),
 *           binds port 22 under the rule, and is nobody before and after.
 *   wait:   says "ready" on stdout, then waits for its stdin to close
 *           (the target of attack_elevate_test's ptrace).
 * Exit status: 0, or the step that failed.
 */
#include <sys/auxv.h>
#include <sys/prctl.h>

#include "elevate.h"

int main(int argc, char **argv)
{
	char c;

	if (argc != 2)
		return 90;
	if (!strcmp(argv[1], "wait")) {
		if (write(1, "ready\n", 6) != 6)
			return 91;
		while (read(0, &c, 1) > 0)
			;
		return 0;
	}
	if (strcmp(argv[1], "bind22"))
		return 92;
	if (getauxval(AT_SECURE) != 1)
		return 1;
	if (prctl(PR_GET_DUMPABLE) != 0)
		return 2;
	if (!el_ids_are_nobody())
		return 3;
	if (el_bind(22))
		return 4;
	if (!el_ids_are_nobody())
		return 5;
	if (el_bind(23) != -EACCES)
		return 6;
	if (el_read1(EL_DIR "/secret") != -EACCES)
		return 7;
	return 0;
}
