// SPDX-License-Identifier: GPL-2.0
/*
 * monitor --journal's fields and the kept lines logprof reads, on the
 * host (journald does not run in the test VM):
 * - st_journal_fields() gives each argument its own field, byte for byte
 *   (a newline, a byte 0xff), named by the table, the count alongside;
 * - those fields, written as journalctl -o json writes an entry (a value
 *   that is not printable text as an array of bytes), read back into the
 *   same arguments, in the table's order, and the same rule;
 * - only an entry journald says root sent is believed (_UID 0);
 * - a report whose arguments are not all there makes no rule (no count,
 *   a count that does not match, monitor --json's "args": null, a U+FFFD
 *   monitor put for a byte that was not UTF-8, an unknown argument);
 * - every argument name of the table goes to a field name and back;
 * - monitor --syslog's RFC 5424 line: the fields as structured data,
 *   ", \ and ] escaped, a newline and a byte 0xff as \xNN: one line.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <jansson.h>
#include <linux/systrace.h>

#include "kselftest_harness.h"

#include "../systracectl.h"
#include "../../policyc/table.h"

static const char odd[] = "/srv/a\nb\xff";

static void report(struct st_report *r)
{
	memset(r, 0, sizeof(*r));
	r->cmd = SYSTRACE_CMD_EVENT;
	r->verdict = SYSTRACE_VERDICT_UNMATCHED_DENY;
	r->has_verdict = 1;
	r->name = "usr_sbin_x";
	r->call = "rename";
	r->prog = "x";
	r->text = "filename: \"/srv/a\\x0ab\\xff\", filename: \"/srv/c\"";
	r->pid = 812;
	r->err = EPERM;
	r->args[0] = (struct st_rarg){ "filename", 0, ST_KIND_PATH, odd, strlen(odd) };
	r->args[1] = (struct st_rarg){ "filename", 1, ST_KIND_PATH, "/srv/c", 6 };
	r->nargs = 2;
}

/* The field @name of @iov (@n), or NULL. */
static const struct iovec *get(const struct iovec *iov, int n, const char *name)
{
	size_t l = strlen(name);
	int i;

	for (i = 0; i < n; i++)
		if (iov[i].iov_len > l && !memcmp(iov[i].iov_base, name, l) &&
		    ((char *)iov[i].iov_base)[l] == '=')
			return &iov[i];
	return NULL;
}

static int is(const struct iovec *v, const char *val, size_t len)
{
	const char *eq;

	if (!v)
		return 0;
	eq = memchr(v->iov_base, '=', v->iov_len);
	return (size_t)((char *)v->iov_base + v->iov_len - eq - 1) == len &&
	       !memcmp(eq + 1, val, len);
}

/* The entry as journalctl -o json writes it, fields in reverse (the
 * journal keeps no order), with _UID @uid; without field @drop. */
static char *entry(const struct iovec *iov, int n, const char *uid,
		   const char *drop)
{
	json_t *o = json_object();
	char *s;
	int i;

	json_object_set_new(o, "__CURSOR", json_string("s=1"));
	json_object_set_new(o, "_UID", json_string(uid));
	for (i = n - 1; i >= 0; i--) {
		const unsigned char *p = iov[i].iov_base;
		const unsigned char *eq = memchr(p, '=', iov[i].iov_len);
		size_t vl = p + iov[i].iov_len - eq - 1, k;
		char name[96];
		int text = 1;
		json_t *v;

		snprintf(name, sizeof(name), "%.*s", (int)(eq - p), p);
		if (drop && !strcmp(name, drop))
			continue;
		for (k = 0; k < vl; k++)
			text &= eq[1 + k] >= 0x20 && eq[1 + k] < 0x7f;
		if (text) {
			v = json_stringn((const char *)eq + 1, vl);
		} else {
			v = json_array();
			for (k = 0; k < vl; k++)
				json_array_append_new(v, json_integer(eq[1 + k]));
		}
		json_object_set_new(o, name, v);
	}
	s = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	return s;
}

TEST(fields)
{
	struct iovec iov[ST_JOURNAL_FIELDS];
	struct st_report r;
	int n;

	report(&r);
	n = st_journal_fields(&r, "deny-unmatched user: 0, ...", NULL, iov);
	ASSERT_LT(0, n);
	EXPECT_TRUE(is(get(iov, n, "MESSAGE"), "deny-unmatched user: 0, ...", 27));
	EXPECT_TRUE(is(get(iov, n, "PRIORITY"), "4", 1));
	EXPECT_TRUE(is(get(iov, n, "SYSTRACE_TYPE"), "decision", 8));
	EXPECT_TRUE(is(get(iov, n, "SYSTRACE_VERDICT"), "deny-unmatched", 14));
	EXPECT_TRUE(is(get(iov, n, "SYSTRACE_POLICY"), "usr_sbin_x", 10));
	EXPECT_TRUE(is(get(iov, n, "SYSTRACE_CALL"), "rename", 6));
	EXPECT_TRUE(is(get(iov, n, "SYSTRACE_PID"), "812", 3));
	EXPECT_TRUE(is(get(iov, n, "SYSTRACE_UID"), "0", 1));
	EXPECT_TRUE(is(get(iov, n, "SYSTRACE_PROGRAM"), "x", 1));
	EXPECT_TRUE(is(get(iov, n, "SYSTRACE_ERRNO"), "1", 1));
	EXPECT_TRUE(is(get(iov, n, "SYSTRACE_ERROR"), "EPERM", 5));
	EXPECT_TRUE(is(get(iov, n, "SYSTRACE_NARGS"), "2", 1));
	EXPECT_TRUE(is(get(iov, n, "SYSTRACE_ARG_FILENAME"), odd, strlen(odd)));
	EXPECT_TRUE(is(get(iov, n, "SYSTRACE_ARG_FILENAME_1"), "/srv/c", 6));
	EXPECT_EQ(NULL, get(iov, n, "SYSTRACE_QID"));
	st_journal_free(iov, n);

	/* Arguments not all there: no count, no argument. */
	report(&r);
	r.nargs = -EPROTO;
	n = st_journal_fields(&r, "m", NULL, iov);
	ASSERT_LT(0, n);
	EXPECT_EQ(NULL, get(iov, n, "SYSTRACE_NARGS"));
	EXPECT_EQ(NULL, get(iov, n, "SYSTRACE_ARG_FILENAME"));
	st_journal_free(iov, n);
}

TEST(journal_round_trip)
{
	struct iovec iov[ST_JOURNAL_FIELDS];
	char rule[1024], back[1024];
	struct st_report r, e;
	char *line;
	int n;

	report(&r);
	ASSERT_EQ(0, st_rule_text("native", r.call, r.args, r.nargs, NULL,
				  "permit", rule, sizeof(rule)));
	EXPECT_STREQ("native-rename: filename eq \"/srv/a\\x0ab\\xff\" and "
		     "filename[1] eq \"/srv/c\" then permit", rule);
	n = st_journal_fields(&r, "m", NULL, iov);
	ASSERT_LT(0, n);

	line = entry(iov, n, "0", NULL);
	ASSERT_NE(NULL, strstr(line, "\"SYSTRACE_ARG_FILENAME\":[47,115,114,118,47,97,10,98,255]"))
		TH_LOG("%s", line);
	ASSERT_EQ(0, st_event_parse_line(line, strlen(line), &e));
	EXPECT_EQ(SYSTRACE_CMD_EVENT, e.cmd);
	EXPECT_EQ(SYSTRACE_VERDICT_UNMATCHED_DENY, e.verdict);
	EXPECT_STREQ("usr_sbin_x", e.name);
	EXPECT_STREQ("rename", e.call);
	EXPECT_EQ(812, e.pid);
	EXPECT_EQ(EPERM, e.err);
	ASSERT_EQ(2, e.nargs);
	/* The table's order, though the journal gave them reversed. */
	EXPECT_EQ(0, e.args[0].index);
	EXPECT_EQ(strlen(odd), e.args[0].len);
	EXPECT_EQ(0, memcmp(odd, e.args[0].value, e.args[0].len));
	EXPECT_EQ(ST_KIND_PATH, e.args[0].kind);
	ASSERT_EQ(0, st_rule_text("native", e.call, e.args, e.nargs, NULL,
				  "permit", back, sizeof(back)));
	EXPECT_STREQ(rule, back);
	st_event_free(&e);
	free(line);

	/* Anyone can send SYSTRACE_* fields; journald sets _UID. */
	line = entry(iov, n, "1000", NULL);
	EXPECT_EQ(-EPERM, st_event_parse_line(line, strlen(line), &e));
	free(line);
	line = entry(iov, n, "0", "SYSTRACE_NARGS");
	ASSERT_EQ(0, st_event_parse_line(line, strlen(line), &e));
	EXPECT_GT(0, e.nargs);
	EXPECT_GT(0, st_rule_text("native", e.call, e.args, e.nargs, NULL,
				  "permit", back, sizeof(back)));
	st_event_free(&e);
	free(line);
	/* One argument dropped: the count does not match. */
	line = entry(iov, n, "0", "SYSTRACE_ARG_FILENAME_1");
	ASSERT_EQ(0, st_event_parse_line(line, strlen(line), &e));
	EXPECT_GT(0, e.nargs);
	st_event_free(&e);
	free(line);
	st_journal_free(iov, n);
}

TEST(monitor_json)
{
	static const char head[] =
		"{\"type\":\"decision\",\"verdict\":\"deny-unmatched\",\"uid\":0,"
		"\"pid\":5,\"prog\":\"hh\",\"policy\":\"p\",\"call\":\"fsread\",";
	char line[512];
	struct st_report e;

	snprintf(line, sizeof(line), "%s\"args\":{\"filename\":\"/a\\nb\",\"oflags\":\"ro\"}}", head);
	ASSERT_EQ(0, st_event_parse_line(line, strlen(line), &e));
	ASSERT_EQ(2, e.nargs);
	EXPECT_STREQ("/a\nb", e.args[0].value);
	EXPECT_STREQ("oflags", e.args[1].name);
	st_event_free(&e);

	snprintf(line, sizeof(line), "%s\"args\":null}", head);
	ASSERT_EQ(0, st_event_parse_line(line, strlen(line), &e));
	EXPECT_EQ(-ENODATA, e.nargs);
	st_event_free(&e);

	snprintf(line, sizeof(line), "%s\"args\":{\"filename\":\"/a\\ufffd\"}}", head);
	ASSERT_EQ(0, st_event_parse_line(line, strlen(line), &e));
	EXPECT_EQ(-EBADMSG, e.nargs);
	st_event_free(&e);

	snprintf(line, sizeof(line), "%s\"args\":{\"filename[0]\":\"/a\"}}", head);
	ASSERT_EQ(0, st_event_parse_line(line, strlen(line), &e));
	EXPECT_EQ(-ENOENT, e.nargs);
	st_event_free(&e);

	snprintf(line, sizeof(line), "%s\"args\":{\"nosuch\":\"/a\"}}", head);
	ASSERT_EQ(0, st_event_parse_line(line, strlen(line), &e));
	EXPECT_EQ(-ENOENT, e.nargs);
	st_event_free(&e);

	/* Not a decision, not JSON: nothing. */
	EXPECT_EQ(-EINVAL, st_event_parse_line("{\"type\":\"lost\"}", 15, &e));
	snprintf(line, sizeof(line), "systrace: deny user: 0, prog: \"hh\"");
	EXPECT_EQ(-EINVAL, st_event_parse_line(line, strlen(line), &e));
}

/* Every argument of the table, first and second of its name. */
TEST(names)
{
	struct st_rarg a, b;
	char field[96];
	unsigned int i, idx;

	for (i = 1; i < st_table_nargs; i++) {
		if (!st_table_args[i].name)
			continue;
		for (idx = 0; idx < 2; idx++) {
			a = (struct st_rarg){ st_table_args[i].name, idx, st_table_args[i].kind, "", 0 };
			st_rarg_jname(&a, field, sizeof(field));
			ASSERT_EQ(0, strncmp(field, "SYSTRACE_ARG_", 13));
			ASSERT_EQ(strlen(field), strspn(field, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_"))
				TH_LOG("%s", field);
			ASSERT_EQ(0, st_rarg_jkey(field + 13, &b)) TH_LOG("%s", field);
			EXPECT_STREQ(a.name, b.name);
			EXPECT_EQ(idx, b.index);
			EXPECT_EQ(a.kind, b.kind);
		}
	}
	EXPECT_EQ(-ENOENT, st_rarg_jkey("FILENAME_0", &b));
	EXPECT_EQ(-ENOENT, st_rarg_jkey("NOSUCH", &b));
}

TEST(syslog)
{
	struct st_report r;
	char *buf = NULL, *sd;
	size_t len = 0;
	FILE *f;

	report(&r);
	r.prog = "a\"b]c\\d";
	r.emulation = "native";
	f = open_memstream(&buf, &len);
	ASSERT_NE(NULL, f);
	st_syslog_write(f, &r, "2026-01-01T00:00:00.000000Z", "deny-unmatched\n...", NULL);
	ASSERT_EQ(0, fclose(f));
	TH_LOG("%s", buf);
	/* authpriv.warning, version 1, the time; then the host's name. */
	EXPECT_EQ(0, strncmp(buf, "<84>1 2026-01-01T00:00:00.000000Z ", 34));
	sd = strstr(buf, " systrace ");
	ASSERT_NE(NULL, sd);
	sd = strstr(sd, " decision [systrace@32473 type=\"decision\" verdict=\"deny-unmatched\" ");
	EXPECT_NE(NULL, sd);
	EXPECT_NE(NULL, strstr(buf, " policy=\"usr_sbin_x\" "));
	EXPECT_NE(NULL, strstr(buf, " call=\"rename\" pid=\"812\" uid=\"0\" "));
	EXPECT_NE(NULL, strstr(buf, " program=\"a\\\"b\\]c\\\\d\" "));
	EXPECT_NE(NULL, strstr(buf, " errno=\"1\" error=\"EPERM\" line=\"0\" nargs=\"2\" "));
	EXPECT_NE(NULL, strstr(buf, " arg.filename=\"/srv/a\\x0ab\\xff\" arg.filename.1=\"/srv/c\"] "));
	/* The text, its newline as \x0a: the message's only one is last. */
	EXPECT_NE(NULL, strstr(buf, "\"] deny-unmatched\\x0a...\n"));
	EXPECT_EQ(len - 1, (size_t)(strchr(buf, '\n') - buf));
	free(buf);
}

TEST_HARNESS_MAIN
