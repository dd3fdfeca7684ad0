/* SPDX-License-Identifier: GPL-2.0 */
#ifndef SYSTRACECTL_H
#define SYSTRACECTL_H

#include <stddef.h>

/* Exit codes, documented in systracectl(8). */
enum {
	ST_EXIT_OK = 0,
	ST_EXIT_FAIL = 1,	/* the operation failed */
	ST_EXIT_USAGE = 2,	/* bad command line */
	ST_EXIT_NOMOD = 3,	/* the systrace module is not loaded */
};

struct st_nl;

/* Open the family or print one line explaining why not; returns an exit code. */
int st_open_or_explain(struct st_nl *nl);

/* Read a policy file for loading: an image, or a source compiled with
 * policyc. Errors are printed. */
int st_read_policy(const char *path, unsigned char **buf, size_t *len);
int st_parse_mode(const char *s);
const char *st_mode_name(int mode);

int status_main(int argc, char *argv[]);
int load_main(int argc, char *argv[]);
int unload_main(int argc, char *argv[]);
int list_main(int argc, char *argv[]);
int run_main(int argc, char *argv[]);

#endif /* SYSTRACECTL_H */
