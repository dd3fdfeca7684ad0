// SPDX-License-Identifier: GPL-2.0
/*
 * Host benchmarks of policyc and the interpreter, one line each:
 *	BENCH name value unit
 * Times are medians over repetitions (CLOCK_MONOTONIC), robust to the odd
 * slow run.  Path-rule policies alternate `eq` and `match` rules on
 * fsread, all in one first-match run.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ast.h"
#include "diag.h"
#include "emit.h"
#include "../lib/prog.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return v[n / 2];
}

/* A policy of @n fsread path rules (eq and match alternating). */
static char *path_policy(int n, size_t *len)
{
	size_t cap = 128 + (size_t)n * 80, off = 0;
	char *t = malloc(cap);
	int i;

	if (!t)
		abort();
	off += sprintf(t + off, "Policy: /usr/sbin/bench, Emulation: native\n");
	for (i = 0; i < n; i++) {
		if (i % 2)
			off += sprintf(t + off,
				       "\tnative-fsread: filename match \"/srv/data/d%d/*\" then deny[eacces]\n",
				       i);
		else
			off += sprintf(t + off,
				       "\tnative-fsread: filename eq \"/usr/share/pkg%d/file.conf\" then permit\n",
				       i);
	}
	off += sprintf(t + off, "\tnative-read: permit\n");
	*len = off;
	return t;
}

static void *compile(const char *text, size_t len, size_t *ilen, bool plain)
{
	struct st_diag *d = st_diag_new();
	struct st_file *f = st_parse_string("bench", text, len, d, 0);
	struct st_emit_opts o = { .no_index = plain, .min_set = 2 };
	struct st_policy *pols[4];
	size_t n = 0;
	void *img = NULL;
	struct st_policy *p;
	struct st_prog prog;
	const char *why;

	if (!f) {
		st_diag_print(d, stderr);
		exit(1);
	}
	for (p = f->policies; p && n < 4; p = p->next)
		pols[n++] = p;
	if (st_emit(pols, n, d, &o, &img, ilen) ||
	    st_prog_verify(&prog, img, *ilen, &why)) {
		st_diag_print(d, stderr);
		exit(1);
	}
	st_file_free(f);
	st_diag_free(d);
	return img;
}

/* Median ns per decision over the given paths. */
static double decide(const void *img, size_t len, int n, int reps)
{
	static const char *const fixed[] = {
		"/usr/share/pkg0/file.conf",	/* first rule */
		"/etc/passwd",			/* no rule */
		"/srv/data/d1/x",		/* second rule */
		"/usr/share/pkg0/file.conf.bak",
		"/srv/data/other/x",
	};
	char last_eq[64], last_match[64];
	const char *paths[7];
	struct st_prog p;
	const char *why;
	double t[15];
	int r, i, k;
	uint32_t call, rule, sink = 0;

	snprintf(last_eq, sizeof(last_eq), "/usr/share/pkg%d/file.conf",
		 (n - 2) & ~1);
	snprintf(last_match, sizeof(last_match), "/srv/data/d%d/lib/x.so",
		 (n - 1) | 1);
	for (i = 0; i < 5; i++)
		paths[i] = fixed[i];
	paths[5] = last_eq;
	paths[6] = last_match;
	if (st_prog_verify(&p, img, len, &why))
		abort();
	call = st_prog_find_call(&p, 0,
				 SYSTRACE_CALL_KEY(SYSTRACE_NS_ALIAS,
						   SYSTRACE_ALIAS_FSREAD));
	for (r = 0; r < 15; r++) {
		double t0 = now();

		for (i = 0; i < reps; i++) {
			struct st_prog_arg a = { .arg = SYSTRACE_ARG_FILENAME };
			struct st_prog_ctx ctx = { .args = &a, .nargs = 1 };

			k = i % 7;
			a.str = paths[k];
			a.len = strlen(paths[k]);
			if (st_prog_run(&p, call, &ctx, &rule) == ST_PROG_MATCH)
				sink += rule;
		}
		t[r] = (now() - t0) * 1e9 / reps;
	}
	if (sink == 1)
		puts("");
	return median(t, 15);
}

int main(void)
{
	static const int sizes[] = { 10, 1000, 100000 };
	double t[5], dt[3];
	size_t len, ilen;
	char *text;
	void *img;
	int i, r;

	/* Compile time of a 100,000-rule policy: parse, emit, verify. */
	text = path_policy(100000, &len);
	for (r = 0; r < 5; r++) {
		double t0 = now();

		img = compile(text, len, &ilen, false);
		t[r] = now() - t0;
		free(img);
	}
	printf("BENCH policyc_compile_100000_rules %.0f ms\n", median(t, 5) * 1e3);
	printf("BENCH policyc_image_100000_rules %zu bytes\n", ilen);
	free(text);

	for (i = 0; i < 3; i++) {
		text = path_policy(sizes[i], &len);
		img = compile(text, len, &ilen, false);
		dt[i] = decide(img, ilen, sizes[i], 200000);
		printf("BENCH decide_%d_path_rules %.1f ns\n", sizes[i], dt[i]);
		free(img);
		free(text);
	}
	printf("BENCH decide_100000_vs_10_path_rules %.2f ratio\n", dt[2] / dt[0]);

	/* For comparison: the same 1,000 rules as one test each. */
	text = path_policy(1000, &len);
	img = compile(text, len, &ilen, true);
	printf("BENCH decide_1000_path_rules_unindexed %.1f ns\n",
	       decide(img, ilen, 1000, 2000));
	free(img);
	free(text);
	return 0;
}
