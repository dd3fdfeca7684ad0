// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the bytecode verifier and interpreter (lib/prog.c) on
 * arbitrary images.  An image the verifier accepts is run on every call
 * with a few argument sets; sanitizers catch any bad access.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../lib/prog.h"

static void run_all(const struct st_prog *p)
{
	static const char *const strs[] = {
		"/etc/passwd", "", "inet-[127.0.0.1]:53", "0", "0x10",
		"/home/u/.rc", "/tmp/abc",
	};
	struct st_prog_arg args[2 * __SYSTRACE_ARG_LAST];
	struct st_prog_ctx ctx = { 0 };
	uint32_t c, n = 0, a, v, rule;

	for (v = 0; v < sizeof(strs) / sizeof(strs[0]); v++) {
		n = 0;
		for (a = 1; a < __SYSTRACE_ARG_LAST; a++) {
			args[n].arg = a;
			args[n].idx = 0;
			args[n].str = strs[(v + a) % 7];
			args[n].len = strlen(args[n].str);
			n++;
			args[n] = args[n - 1];
			args[n].idx = 1;
			n++;
		}
		ctx.args = args;
		ctx.nargs = v == 6 ? 3 : n;
		ctx.macro[SYSTRACE_MACRO_HOME] = v == 5 ? NULL : "/home/u";
		ctx.macro_len[SYSTRACE_MACRO_HOME] = 7;
		ctx.macro[SYSTRACE_MACRO_USER] = "u";
		ctx.macro_len[SYSTRACE_MACRO_USER] = 1;
		ctx.macro[SYSTRACE_MACRO_CWD] = "/tmp";
		ctx.macro_len[SYSTRACE_MACRO_CWD] = 4;
		for (c = 0; c < p->ncalls; c++) {
			if (st_prog_run(p, c, &ctx, &rule) == ST_PROG_MATCH &&
			    rule >= p->nrules)
				abort();
			st_prog_find_call(p, 0, p->calls[c].key);
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct st_prog p;
	const char *why;
	void *buf;

	/* Images are 8-byte aligned: copy to an exact-size aligned buffer. */
	buf = aligned_alloc(8, (size + 7) & ~(size_t)7);
	if (!buf)
		return 0;
	memcpy(buf, data, size);
	if (!st_prog_verify(&p, buf, size, &why))
		run_all(&p);
	free(buf);
	return 0;
}
