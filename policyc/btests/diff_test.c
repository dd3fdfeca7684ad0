// SPDX-License-Identifier: GPL-2.0
/*
 * Differential test: random policies compiled to bytecode (indexed, and
 * plain one-test-per-rule) against the reference evaluator over the AST,
 * on random calls.  Every decision must name the same rule.
 */
#include "kselftest_harness.h"
#include "gen.h"
#include "diag.h"
#include "disasm.h"

#define NPOLICIES	2500
#define NCALLS		50

static void dump(const struct st_policy *pol, struct gen_call *c)
{
	const struct st_rule *r;

	for (r = pol->rules; r; r = r->next) {
		fprintf(stderr, "# %s: ", r->call);
		st_expr_print(r->expr, stderr);
		fprintf(stderr, " -> %d cond %d %d %u\n", r->action,
			r->cond.kind, r->cond.op, r->cond.id);
	}
	fprintf(stderr, "# call key %x filename '%s' '%s' sockaddr '%s' uid '%s' cred %s %s mixed %s\n",
		c->key, c->args[1][0], c->args[1][1], c->args[5][0],
		c->args[10][0], c->args[22][0], c->args[23][0], c->args[24][0]);
}

static void run(struct __test_metadata *_metadata, bool no_index,
		unsigned int min_set, uint64_t seed, int atoms)
{
	/* Long runs compile slower (big DFAs): fewer policies, more calls. */
	int npol = atoms ? NPOLICIES / 8 : NPOLICIES;
	int ncalls = atoms ? NCALLS * 8 : NCALLS;
	struct st_emit_opts o = { .no_index = no_index, .min_set = min_set };
	unsigned long decisions = 0, matches = 0, set_runs = gen_set_runs;
	int i, j;

	gen_state = seed;
	gen_atoms = atoms;
	for (i = 0; i < npol; i++) {
		struct st_policy *pol = gen_policy(1 + gen_n(atoms ? 100 : 40));
		struct st_diag *d = st_diag_new();
		struct st_prog p;
		const char *why = NULL;
		void *img = NULL;
		size_t len = 0;

		ASSERT_EQ(0, st_emit(&pol, 1, d, &o, &img, &len)) {
			st_diag_print(d, stderr);
		}
		ASSERT_EQ(0, st_prog_verify(&p, img, len, &why)) {
			TH_LOG("verifier: %s", why);
		}
		for (j = 0; j < ncalls; j++) {
			struct gen_call c;
			int want, got;

			gen_call(&c, gen_n(GEN_NCALLS));
			want = gen_ref(pol, &c);
			got = gen_run(&p, &c);
			decisions++;
			matches += want > 0;
			if (want != got)
				dump(pol, &c);
			ASSERT_EQ(want, got);
		}
		free(img);
		st_diag_free(d);
		gen_policy_free(pol);
	}
	TH_LOG("%lu decisions, %lu matched a rule, %lu also by a set alone",
	       decisions, matches, gen_set_runs - set_runs);
	ASSERT_GE(decisions, 100000);
	/* Long runs of eq rules make programs that are one set. */
	if (atoms)
		ASSERT_GT(gen_set_runs - set_runs, 0);
}

TEST(indexed)
{
	run(_metadata, false, 2, 0x1234567, 0);
}

/* Long runs of one-test rules: lookup sets of up to 100 mixed patterns. */
TEST(long_runs)
{
	run(_metadata, false, 2, 0x5eed, 1);
}

TEST(indexed_big_sets)
{
	run(_metadata, false, 5, 0x7654321, 0);
}

TEST(plain)
{
	run(_metadata, true, 2, 0xabcdef, 0);
}

TEST_HARNESS_MAIN
