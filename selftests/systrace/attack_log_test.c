// SPDX-License-Identifier: GPL-2.0
/*
 * systrace attack selftests: logs no one else controls (issue 10, point 4).
 *
 * forge: a confined task names a file "a, policy: fake, error: 0" (or one
 * with a newline, or a double quote) and runs from a program path named
 * alike; the kernel log line of the denial must keep systrace's fields, in
 * order, with every value the task chose quoted and escaped, and the events
 * multicast (what systracectl monitor prints) must carry the same escaped
 * arguments. cut: a long name is cut between escapes, and says so.
 *
 * flood: an unprivileged user floods denials under one image while root's
 * task, under another image or under the same global image, is denied
 * once: root's denial is in the kernel log, whatever the flood did to the
 * user's own lines.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "harness.h"
#include "hooks.h"

#define DIR	"/tmp/st-alog"
#define IMG_A	"attack_log_a"
#define IMG_B	"attack_log_b"
#define NOBODY	65534

/* Line 7 denies everything below DIR (line 1 is the Policy: line). */
#define DENY_LINE	7
static const char policy[] =
	"Policy: /selftests/attack_log_test, Emulation: native\n"
	"\tnative-recvmsg: permit\n"
	"\tnative-write: permit\n"
	"\tnative-setgroups: permit\n"
	"\tnative-setgid: permit\n"
	"\tnative-setuid: permit\n"
	"\tnative-fsread: filename match \"" DIR "/*\" then deny[eacces]\n";

/* The names a task chooses (a file, its program's path), and how the log
 * must show them. */
static const struct {
	const char *file, *prog;
	const char *file_esc, *prog_esc;
} forged[] = {
	{ DIR "/a, policy: fake, error: 0", DIR "/c, pid: 1",
	  "\"" DIR "/a, policy: fake, error: 0\"", "\"" DIR "/c, pid: 1\"" },
	{ DIR "/n\nsystrace: permit user: 0, prog: fake", DIR "/n\nprog: fake",
	  "\"" DIR "/n\\x0asystrace: permit user: 0, prog: fake\"",
	  "\"" DIR "/n\\x0aprog: fake\"" },
	{ DIR "/q\", policy: \"fake", DIR "/q\", pid: \"1",
	  "\"" DIR "/q\\x22, policy: \\x22fake\"", "\"" DIR "/q\\x22, pid: \\x221\"" },
};

/* The program of deny_once(), run from a forged path: confine, open, exit. */
#define ST_ALOG_ENV	"ST_ALOG_DENY"

__attribute__((constructor)) static void alog_child(void)
{
	char *img = getenv(ST_ALOG_ENV), *file;

	if (!img)
		return;
	file = strchr(img, ':');
	if (!file)
		_exit(98);
	*file++ = '\0';
	if (st_confine_self(img, 0, SYSTRACE_MODE_ENFORCE))
		_exit(100);
	_exit(open(file, O_RDONLY) == -1 && errno == EACCES ? 0 : 1);
}

/* A copy of this program at @path, executable. */
static int copy_self(const char *path)
{
	char buf[65536];
	int in = open("/proc/self/exe", O_RDONLY), out;
	ssize_t n;

	out = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0755);
	if (in < 0 || out < 0)
		return -1;
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, n) != n)
			return -1;
	close(in);
	return close(out) || n < 0 ? -1 : 0;
}

/* The kernel log (klogctl), one line per element; free() the result. */
static char *klog(void)
{
	int len = klogctl(10 /* SYSLOG_ACTION_SIZE_BUFFER */, NULL, 0);
	char *buf;

	if (len <= 0)
		return NULL;
	buf = malloc(len + 1);
	if (!buf)
		return NULL;
	len = klogctl(3 /* SYSLOG_ACTION_READ_ALL */, buf, len);
	buf[len > 0 ? len : 0] = '\0';
	return buf;
}

/* The text of a log line after its "<level>[time] " prefix. */
static const char *klog_text(const char *line)
{
	const char *p = line;

	if (*p == '<')
		p = strchr(p, '>') ? strchr(p, '>') + 1 : p;
	if (*p == '[' && strstr(p, "] "))
		p = strstr(p, "] ") + 2;
	return p;
}

/* How many lines of the log have @needle; the first such line in @first. */
static int klog_count(const char *needle, char *first, size_t len)
{
	char *buf = klog(), *line, *save;
	int n = 0;

	if (first)
		first[0] = '\0';
	if (!buf)
		return -1;
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (!strstr(line, needle))
			continue;
		if (!n++ && first)
			snprintf(first, len, "%s", klog_text(line));
	}
	free(buf);
	return n;
}

/*
 * The field names of a log line, as a reader splits it: at each ", "
 * outside double quotes, the name up to ": ". "deny user: 0, prog: ..."
 * gives "deny user|prog|...".
 */
static void field_names(const char *line, char *out, size_t len)
{
	const char *p = line, *f = line;
	size_t n = 0;
	int quoted = 0;

	out[0] = '\0';
	for (;; p++) {
		if (*p == '"')
			quoted = !quoted;
		if (*p && (quoted || p[0] != ',' || p[1] != ' '))
			continue;
		/* One field [f, p): its name. */
		const char *colon = strstr(f, ": ");
		size_t nl = colon && colon < p ? (size_t)(colon - f) : (size_t)(p - f);

		n += snprintf(out + n, n < len ? len - n : 0, "%s%.*s",
			      n ? "|" : "", (int)nl, f);
		if (!*p)
			break;
		f = p + 2;
		p++;
	}
}

/* Every log line that names @needle has exactly the fields @names. */
static int klog_fields(const char *needle, const char *names)
{
	char *buf = klog(), *line, *save, got[512];
	int ok = 1;

	if (!buf)
		return 0;
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (!strstr(line, needle))
			continue;
		/* After "systrace: ", "deny user" is the first field. */
		field_names(klog_text(line) + (strncmp(klog_text(line), "systrace: ", 10) ? 0 : 10),
			    got, sizeof(got));
		if (strcmp(got, names)) {
			fprintf(stderr, "# fields %s in: %s\n", got, line);
			ok = 0;
		}
	}
	free(buf);
	return ok;
}

/* Does a log line begin (after its prefix) with @text? */
static int klog_starts(const char *text)
{
	char *buf = klog(), *line, *save;
	int found = 0;

	if (!buf)
		return -1;
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save))
		if (!strncmp(klog_text(line), text, strlen(text)))
			found = 1;
	free(buf);
	return found;
}

static void put(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd >= 0)
		close(fd);
}

/* Confined by @img, as @uid (0: stays root): open @file until killed, and
 * write a byte to @ready after @n denials. */
static pid_t flooder(const char *img, uid_t uid, const char *file, int n,
		     int ready)
{
	pid_t pid = fork();
	int i, fd;

	if (pid)
		return pid;
	if (st_confine_self(img, 0, SYSTRACE_MODE_ENFORCE))
		_exit(100);
	if (uid && (setgroups(0, NULL) || setgid(uid) || setuid(uid)))
		_exit(101);
	for (i = 0;; i++) {
		fd = open(file, O_RDONLY);
		if (fd >= 0 || errno != EACCES)
			_exit(102);
		if (i == n && write(ready, "x", 1) != 1)
			_exit(103);
	}
}

/* Confined by @img as root, run from the program path @prog (a copy of
 * this one; NULL: this one), open @file once: its status (0: denied with
 * EACCES). */
static int deny_once(const char *img, const char *prog, const char *file,
		     pid_t *pid)
{
	static char env[4096];
	int st;

	if (prog && copy_self(prog))
		return -1;
	snprintf(env, sizeof(env), ST_ALOG_ENV "=%s:%s", img, file);
	*pid = fork();
	if (*pid < 0)
		return -1;
	if (*pid == 0) {
		if (prog) {
			char *const argv[] = { "alog", NULL };
			char *const envp[] = { env, NULL };

			execve(prog, argv, envp);
			_exit(99);
		}
		if (st_confine_self(img, 0, SYSTRACE_MODE_ENFORCE))
			_exit(100);
		_exit(open(file, O_RDONLY) == -1 && errno == EACCES ? 0 : 1);
	}
	if (waitpid(*pid, &st, 0) != *pid)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

FIXTURE(alog) {
	struct st_events ev;
	char line[2048];
};

FIXTURE_SETUP(alog)
{
	size_t i;

	ASSERT_EQ(0, system("rm -rf " DIR));
	ASSERT_EQ(0, mkdir(DIR, 0755));
	ASSERT_EQ(0, chmod(DIR, 0755));
	/* The log names users from the module's table (root, nobody). */
	ASSERT_EQ(0, system("systracectl sync-users"));
	for (i = 0; i < ARRAY_SIZE(forged); i++)
		put(forged[i].file);
	put(DIR "/flood");
	ASSERT_EQ(0, st_policy_load(IMG_A, policy, SYSTRACE_MODE_ENFORCE));
	ASSERT_EQ(0, st_policy_load(IMG_B, policy, SYSTRACE_MODE_ENFORCE));
	ASSERT_EQ(0, st_events_open(&self->ev));
}

FIXTURE_TEARDOWN(alog)
{
	st_events_close(&self->ev);
	system("systracectl unload " IMG_A " >/dev/null 2>&1");
	system("systracectl unload " IMG_B " >/dev/null 2>&1");
	system("rm -rf " DIR);
}

/*
 * Each forged name gives one line with exactly systrace's fields, in
 * order, the file name and the program quoted and escaped.
 */
TEST_F(alog, forge)
{
	char want[2048], args[1024];
	size_t i;
	pid_t pid;
	int k;

	/* The module's lines of other tests may have used up the limit. */
	st_log_quiet();
	for (i = 0; i < ARRAY_SIZE(forged); i++) {
		ASSERT_EQ(0, deny_once(IMG_B, forged[i].prog, forged[i].file, &pid));
		snprintf(args, sizeof(args), "filename: %s, oflags: ro, mode: 0644",
			 forged[i].file_esc);
		snprintf(want, sizeof(want),
			 "systrace: deny user: root, prog: %s, pid: %d, ppid: %d, policy: \"" IMG_B
			 "\", call: fsread(%d), %s, error: 13, line: %d",
			 forged[i].prog_esc, pid, getpid(), SYS_openat, args, DENY_LINE);
		/* The one line of this task. */
		snprintf(args + 512, 64, ", pid: %d, ", pid);
		k = klog_count(args + 512, self->line, sizeof(self->line));
		EXPECT_EQ(1, k);
		EXPECT_STREQ(want, self->line);
		/* And the event: the same escaped arguments. */
		snprintf(args, sizeof(args), "filename: %s, oflags: ro, mode: 0644",
			 forged[i].file_esc);
		EXPECT_TRUE(st_events_has(&self->ev, pid, "fsread", args,
					  SYSTRACE_VERDICT_DENY, EACCES));
	}
	/* No forged field, no forged line. */
	EXPECT_TRUE(klog_fields("fake", "deny user|prog|pid|ppid|policy|call|"
				"filename|oflags|mode|error|line"));
	EXPECT_EQ(0, klog_starts("systrace: permit user: 0, prog: fake"));
	EXPECT_EQ(0, klog_starts("prog: fake"));
}

/*
 * A name longer than a value may be (256 bytes of output) is cut between
 * escapes, its closing quote followed by "...": the fields after it stay.
 */
TEST_F(alog, cut)
{
	char name[300], want[600], pre[64];
	size_t i, n;
	pid_t pid;

	/* 255 bytes, a newline (\x0a, 4 bytes of output) where the cut is. */
	n = snprintf(name, sizeof(name), DIR "/");
	for (i = 0; i < 255; i++)
		name[n + i] = i == 236 ? '\n' : 'l';
	name[n + 255] = '\0';
	put(name);
	st_log_quiet();
	ASSERT_EQ(0, deny_once(IMG_B, NULL, name, &pid));
	/* '"', at most 251 bytes, '"...': DIR "/" (13) and 236 'l' are 249;
	 * the newline's escape (4 bytes) would pass 251, so the cut comes
	 * before it, never inside "\x0a". */
	n = snprintf(want, sizeof(want), "call: fsread(%d), filename: \"" DIR "/",
		     SYS_openat);
	for (i = 0; i < 236; i++)
		want[n++] = 'l';
	snprintf(want + n, sizeof(want) - n,
		 "\"..., oflags: ro, mode: 0644, error: 13, line: %d", DENY_LINE);
	snprintf(pre, sizeof(pre), ", pid: %d, ", pid);
	EXPECT_EQ(1, klog_count(pre, self->line, sizeof(self->line)));
	EXPECT_NE(NULL, strstr(self->line, want)) TH_LOG("%s", self->line);
}

/* Root's denial under image @root_img while nobody floods under IMG_A. */
static void flood_then_root(struct __test_metadata *_metadata,
			    const char *root_img)
{
	char marker[128], found[2048];
	int pfd[2];
	pid_t fl, pid;
	char c;

	ASSERT_EQ(0, pipe(pfd));
	fl = flooder(IMG_A, NOBODY, DIR "/flood", 3000, pfd[1]);
	ASSERT_LT(0, fl);
	close(pfd[1]);
	/* 3000 denials of the flood, and it goes on. */
	ASSERT_EQ(1, read(pfd[0], &c, 1));
	close(pfd[0]);
	EXPECT_EQ(0, deny_once(root_img, NULL, DIR "/a, policy: fake, error: 0", &pid));
	kill(fl, SIGKILL);
	waitpid(fl, NULL, 0);
	/* The flood was logged (and limited): the user's lines exist. */
	EXPECT_LT(0, klog_count("systrace: deny user: nobody, ", NULL, 0));
	/* (Whatever the quoting: the test would fail for the limit alone.) */
	snprintf(marker, sizeof(marker), ", pid: %d, ppid: %d, policy: ", pid,
		 getpid());
	EXPECT_EQ(1, klog_count(marker, found, sizeof(found)))
		TH_LOG("root's denial (pid %d) under %s is not logged", pid, root_img);
	EXPECT_EQ(0, strncmp("systrace: deny user: root, ", found, 27)) TH_LOG("%s", found);
}

/* Another image's flood does not crowd out a root-loaded image's denial. */
TEST_F_TIMEOUT(alog, flood_other_image, 300)
{
	(void)self;
	st_log_quiet();
	flood_then_root(_metadata, IMG_B);
}

/* Another user's flood under a global image does not crowd out root's
 * denial under the same image. */
TEST_F_TIMEOUT(alog, flood_same_image, 300)
{
	(void)self;
	st_log_quiet();
	flood_then_root(_metadata, IMG_A);
}

TEST_HARNESS_MAIN
