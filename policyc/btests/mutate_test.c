// SPDX-License-Identifier: GPL-2.0
/*
 * Every single-byte mutation of compiled programs (every offset, every
 * other byte value) is either rejected by the verifier or runs cleanly:
 * built with -fsanitize=address,undefined -fno-sanitize-recover=all, so an
 * out-of-bounds read or undefined behaviour aborts the test.  The
 * interpreter's own step bound catches what would loop.
 */
#include "kselftest_harness.h"
#include "gen.h"
#include "diag.h"

/* Policies using every instruction, operator, template and lookup kind. */
static const char policy_all[] =
	"Policy: /usr/sbin/all, Emulation: native\n"
	"native-fsread: filename eq \"/etc/a\" then permit\n"
	"native-fsread: filename eq \"/etc/b\" then deny[eacces]\n"
	"native-fsread: filename match \"/usr/*/lib\" then permit\n"
	"native-fsread: filename re \"^/tmp/[a-c]+$\" then ask\n"
	"native-fsread: filename inpath \"/var\" then permit log\n"
	"native-fsread: filename eq \"$HOME/.rc\" then permit\n"
	"native-fsread: filename match \"$HOME/*\" then deny\n"
	"native-fswrite: filename sub \"$USER\" and not filename inpath \"$CWD\" then permit\n"
	"native-rename: filename nsub \"x\" or filename[1] neq \"y\" then deny[enoent]\n"
	"native-setuid: uid eq \"0\" then deny, if user != 0\n"
	"native-socket: sockdom neq \"AF_UNIX\" then permit as root\n"
	"native-connect: sockaddr match \"inet-*:53\" then permit\n"
	"native-connect: sockaddr sub \":80\" then permit\n"
	"native-read: permit\n";

static const char policy_small[] =
	"native-fsread: filename eq \"/a\" then permit\n"
	"native-fsread: filename match \"/b/*\" then permit\n"
	"native-fsread: filename eq \"$CWD\" then deny\n"
	"native-getpid: permit\n";

/*
 * Programs that are one set (st_prog_call_set()): one-test rules, any
 * action, a DFA part or none, then no match or a rule that always matches.
 */
static const char policy_sets[] =
	"native-fsread: filename eq \"/a\" then permit\n"
	"native-fsread: filename eq \"/etc/passwd\" then deny[eacces]\n"
	"native-fsread: filename match \"/a*\" then permit\n"
	"native-fsread: filename inpath \"/h\" then ask\n"
	"native-fswrite: filename eq \"/tmp/x\" then permit log\n"
	"native-fswrite: filename eq \"/h\" then permit\n"
	"native-fswrite: deny\n"
	"native-unlink: filename eq \"/ab\" then permit\n";

static void *compile(struct __test_metadata *_metadata, const char *text,
		     size_t *len)
{
	struct st_diag *d = st_diag_new();
	struct st_file *f = st_parse_string("t", text, strlen(text), d, 0);
	struct st_policy *pols[8];
	size_t n = 0;
	void *img = NULL;
	struct st_policy *p;

	if (!f)
		st_diag_print(d, stderr);
	EXPECT_NE(NULL, f);
	if (!f)
		return NULL;
	for (p = f->policies; p && n < 8; p = p->next)
		pols[n++] = p;
	EXPECT_EQ(0, st_emit(pols, n, d, NULL, &img, len)) {
		st_diag_print(d, stderr);
	}
	st_file_free(f);
	st_diag_free(d);
	return img;
}

static void mutate_all(struct __test_metadata *_metadata, const uint8_t *img,
		       size_t len)
{
	uint8_t *m = aligned_alloc(8, (len + 7) & ~7UL);
	unsigned long rejected = 0, accepted = 0, runs = 0;
	struct gen_call calls[4];
	struct st_prog p;
	const char *why;
	size_t off;
	int v, i, j;

	ASSERT_EQ(0, st_prog_verify(&p, img, len, &why));
	for (i = 0; i < 4; i++)
		gen_call(&calls[i], i % GEN_NCALLS);
	calls[3].ctx.nargs = 3;		/* most arguments missing */
	calls[2].ctx.macro[0] = NULL;	/* $HOME unknown */
	for (off = 0; off < len; off++) {
		for (v = 0; v < 256; v++) {
			if (v == img[off])
				continue;
			memcpy(m, img, len);
			m[off] = v;
			if (st_prog_verify(&p, m, len, &why)) {
				rejected++;
				continue;
			}
			accepted++;
			for (j = 0; j < (int)p.ncalls; j++) {
				for (i = 0; i < 4; i++) {
					uint32_t rule;
					int r = st_prog_run(&p, j, &calls[i].ctx, &rule);

					runs++;
					if (r == ST_PROG_MATCH)
						ASSERT_LT(rule, p.nrules);
					ASSERT_TRUE(gen_set_agrees(&p, j, &calls[i].ctx,
								   r, rule));
				}
			}
			st_prog_find_call(&p, 0, calls[0].key);
		}
	}
	TH_LOG("%zu bytes: %lu mutants rejected, %lu accepted and run (%lu runs)",
	       len, rejected, accepted, runs);
	free(m);
}

TEST(all_features)
{
	size_t len;
	void *img = compile(_metadata, policy_all, &len);

	ASSERT_NE(NULL, img);
	mutate_all(_metadata, img, len);
	free(img);
}

TEST(small_fragment)
{
	size_t len;
	void *img = compile(_metadata, policy_small, &len);

	ASSERT_NE(NULL, img);
	mutate_all(_metadata, img, len);
	free(img);
}

TEST(set_programs)
{
	unsigned long before = gen_set_runs;
	size_t len;
	void *img = compile(_metadata, policy_sets, &len);

	ASSERT_NE(NULL, img);
	mutate_all(_metadata, img, len);
	TH_LOG("%lu runs of a set alone", gen_set_runs - before);
	ASSERT_GT(gen_set_runs - before, 0);
	free(img);
}

TEST(random_policies)
{
	struct st_emit_opts o = { .min_set = 2 };
	int i;

	gen_state = 42;
	for (i = 0; i < 3; i++) {
		struct st_policy *pol = gen_policy(6);
		struct st_diag *d = st_diag_new();
		void *img;
		size_t len;

		ASSERT_EQ(0, st_emit(&pol, 1, d, &o, &img, &len));
		mutate_all(_metadata, img, len);
		free(img);
		st_diag_free(d);
		gen_policy_free(pol);
	}
}

TEST_HARNESS_MAIN
