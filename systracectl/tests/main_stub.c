// SPDX-License-Identifier: GPL-2.0
/*
 * main.c's functions for the host tests, which link every object of
 * systracectl but main.o (their own main() is the harness's): no module,
 * no subcommand.
 */
#include <stddef.h>

#include "../systracectl.h"

int st_open_or_explain(struct st_nl *nl)
{
	(void)nl;
	return ST_EXIT_NOMOD;
}

int (*st_subcommand(const char *name))(int argc, char *argv[])
{
	(void)name;
	return NULL;
}
