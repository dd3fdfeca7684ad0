// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the whole compiler on arbitrary text: the front end's
 * st_parse_string(), then the back end; whatever compiles must pass the
 * verifier (else abort).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ast.h"
#include "diag.h"
#include "emit.h"
#include "ref.h"
#include "../../lib/prog.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct st_diag *d = st_diag_new();
	struct st_file *f;
	struct st_policy *pols[64], *p;
	size_t n = 0, len;
	void *img;
	struct st_prog prog;
	const char *why;

	if (!d)
		return 0;
	f = st_parse_string("fuzz", (const char *)data, size, d, 0);
	if (f) {
		for (p = f->policies; p && n < 64; p = p->next)
			pols[n++] = p;
		if (!st_emit(pols, n, d, NULL, &img, &len)) {
			if (st_prog_verify(&prog, img, len, &why))
				abort();	/* policyc wrote a bad image */
			free(img);
		}
		st_file_free(f);
	}
	st_diag_free(d);
	return 0;
}
