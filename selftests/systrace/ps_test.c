// SPDX-License-Identifier: GPL-2.0
/*
 * systrace selftests: state one can see (issue 15, point 2).
 * systracectl ps lists a confined process (its image, mode) and not an
 * unconfined one, in text and in JSON; unload says how many processes it
 * leaves confined, and ps and list then show the image as unloaded; ps is
 * refused to a user with one line; a load another image shadows warns.
 * Order of events only: each child says "ready" once confined.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <jansson.h>

#include "harness.h"
#include "confine.h"
#include "ctl.h"

#define IMAGE "ps_test"
#define SHADOW_A "ps_test_shadow_a"
#define SHADOW_B "ps_test_shadow_b"
#define OUT "/tmp/ps_test.out"

/* What the confined child calls after its confinement: all permitted. */
static const char policy[] =
	"Policy: /selftests/ps_test-confined, Emulation: native\n"
	"\tnative-recvmsg: permit\n"
	"\tnative-sendmsg: permit\n"
	"\tnative-sendto: permit\n"
	"\tnative-close: permit\n"
	"\tnative-write: permit\n"
	"\tnative-pause: permit\n"
	"\tnative-clone: permit\n"
	"\tnative-clone3: permit\n"
	"\tnative-brk: permit\n"
	"\tnative-mmap: permit\n"
	"\tnative-munmap: permit\n";

/* Two images naming one program path: the second is not used at exec. */
static const char shadow_policy[] =
	"Policy: /selftests/ps_test-shadowed, Emulation: native\n"
	"\tnative-write: permit\n";

/* A child named @comm, confined by IMAGE if @confine; its pid, or -1. */
static pid_t start(const char *comm, int confine)
{
	int p[2];
	pid_t pid;
	char c;

	if (pipe(p))
		return -1;
	pid = fork();
	if (pid == 0) {
		close(p[0]);
		prctl(PR_SET_NAME, comm);
		if (confine && st_confine_self(IMAGE, 0, SYSTRACE_MODE_ENFORCE))
			_exit(1);
		if (write(p[1], "r", 1) != 1)
			_exit(2);
		for (;;)
			pause();
	}
	close(p[1]);
	if (pid < 0 || read(p[0], &c, 1) != 1) {
		close(p[0]);
		if (pid > 0) {
			kill(pid, SIGKILL);
			waitpid(pid, NULL, 0);
		}
		return -1;
	}
	close(p[0]);
	return pid;
}

static void stop(pid_t pid)
{
	if (pid > 0) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
	}
}

/* The line of `systracectl ps` output @out that begins with @pid, or NULL. */
static const char *ps_line(const char *out, pid_t pid, char *line, size_t len)
{
	char want[16];
	const char *p = out;
	size_t n;

	n = snprintf(want, sizeof(want), "%d ", pid);
	while (p && *p) {
		const char *end = strchr(p, '\n');
		size_t l = end ? (size_t)(end - p) : strlen(p);

		if (l >= n && !strncmp(p, want, n)) {
			snprintf(line, len, "%.*s", (int)l, p);
			return line;
		}
		p = end ? end + 1 : NULL;
	}
	return NULL;
}

/* The task @pid of `systracectl ps --json` in @root, or NULL. */
static json_t *json_task(json_t *root, pid_t pid)
{
	json_t *tasks = json_object_get(root, "tasks"), *t;
	size_t i;

	json_array_foreach(tasks, i, t)
		if (json_integer_value(json_object_get(t, "pid")) == pid)
			return t;
	return NULL;
}

static const char *jstr_at(json_t *t, const char *key)
{
	return json_string_value(json_object_get(t, key)) ?: "";
}

FIXTURE(ps) {
	pid_t confined, free_;
	char out[1 << 16];
};

FIXTURE_SETUP(ps)
{
	ASSERT_EQ(0, st_policy_load(IMAGE, policy, SYSTRACE_MODE_ENFORCE));
	self->confined = start("ps_sleeper", 1);
	ASSERT_LT(0, self->confined);
	self->free_ = start("ps_free", 0);
	ASSERT_LT(0, self->free_);
}

FIXTURE_TEARDOWN(ps)
{
	stop(self->confined);
	stop(self->free_);
	ctl_sh("systracectl unload " IMAGE " >/dev/null 2>&1");
	ctl_sh("systracectl unload " SHADOW_A " >/dev/null 2>&1");
	ctl_sh("systracectl unload " SHADOW_B " >/dev/null 2>&1");
}

/* ps names the confined process, its image and mode; not the free one. */
TEST_F(ps, text)
{
	char line[512];

	ASSERT_EQ(0, ctl_capture("systracectl ps", self->out, sizeof(self->out)));
	ASSERT_NE(NULL, ps_line(self->out, self->confined, line, sizeof(line)))
		TH_LOG("%s", self->out);
	EXPECT_NE(NULL, strstr(line, "ps_sleeper")) TH_LOG("%s", line);
	EXPECT_NE(NULL, strstr(line, " " IMAGE "[0] ")) TH_LOG("%s", line);
	EXPECT_NE(NULL, strstr(line, "enforce")) TH_LOG("%s", line);
	EXPECT_NE(NULL, strstr(line, "root")) TH_LOG("%s", line);
	EXPECT_EQ(NULL, strstr(line, "unloaded")) TH_LOG("%s", line);
	EXPECT_EQ(NULL, ps_line(self->out, self->free_, line, sizeof(line)));
	EXPECT_EQ(NULL, strstr(self->out, "ps_free")) TH_LOG("%s", self->out);
}

/* The same in JSON, and status --json and list --json parse. */
TEST_F(ps, json)
{
	json_error_t err;
	json_t *root, *t, *l, *img;
	size_t i;
	int found = 0;

	ASSERT_EQ(0, ctl_sh("systracectl ps --json > " OUT));
	root = json_load_file(OUT, 0, &err);
	ASSERT_NE(NULL, root) TH_LOG("%s: %s", err.text, ctl_read(OUT));
	t = json_task(root, self->confined);
	ASSERT_NE(NULL, t) TH_LOG("%s", ctl_read(OUT));
	EXPECT_STREQ("ps_sleeper", jstr_at(t, "program"));
	EXPECT_EQ(self->confined, json_integer_value(json_object_get(t, "tgid")));
	EXPECT_EQ(0, json_integer_value(json_object_get(t, "uid")));
	l = json_array_get(json_object_get(t, "layers"), 0);
	ASSERT_NE(NULL, l);
	EXPECT_EQ(1, json_array_size(json_object_get(t, "layers")));
	EXPECT_STREQ(IMAGE, jstr_at(l, "image"));
	EXPECT_STREQ("enforce", jstr_at(l, "mode"));
	EXPECT_EQ(0, json_integer_value(json_object_get(l, "policy")));
	EXPECT_TRUE(json_is_false(json_object_get(l, "unloaded")));
	EXPECT_TRUE(json_is_false(json_object_get(l, "bound")));
	EXPECT_EQ(NULL, json_task(root, self->free_));
	json_decref(root);

	ASSERT_EQ(0, ctl_sh("systracectl status --json > " OUT));
	root = json_load_file(OUT, 0, &err);
	ASSERT_NE(NULL, root) TH_LOG("%s: %s", err.text, ctl_read(OUT));
	EXPECT_LE(1, json_integer_value(json_object_get(root, "confined_tasks")));
	EXPECT_LE(1, json_integer_value(json_object_get(root, "images")));
	EXPECT_NE(0, strlen(jstr_at(root, "kernel")));
	json_decref(root);

	ASSERT_EQ(0, ctl_sh("systracectl list --json > " OUT));
	root = json_load_file(OUT, 0, &err);
	ASSERT_NE(NULL, root) TH_LOG("%s: %s", err.text, ctl_read(OUT));
	json_array_foreach(json_object_get(root, "images"), i, img) {
		if (strcmp(jstr_at(img, "name"), IMAGE))
			continue;
		found++;
		EXPECT_TRUE(json_is_false(json_object_get(img, "unloaded")));
		EXPECT_STREQ("enforce", jstr_at(img, "mode"));
		EXPECT_STREQ("/selftests/ps_test-confined",
			     jstr_at(json_array_get(json_object_get(img, "policies"), 0),
				     "path"));
	}
	EXPECT_EQ(1, found) TH_LOG("%s", ctl_read(OUT));
	json_decref(root);
}

/* Unload counts the process it leaves confined; ps and list show it. */
TEST_F(ps, unload)
{
	json_error_t err;
	json_t *root, *t, *img;
	char line[512];
	size_t i;
	int found = 0;

	ASSERT_EQ(0, ctl_capture("systracectl unload " IMAGE, self->out,
				 sizeof(self->out)));
	EXPECT_NE(NULL, strstr(self->out, "unloaded " IMAGE ": 1 process stays confined by it until it exits; systracectl ps shows it"))
		TH_LOG("%s", self->out);

	ASSERT_EQ(0, ctl_capture("systracectl ps", self->out, sizeof(self->out)));
	ASSERT_NE(NULL, ps_line(self->out, self->confined, line, sizeof(line)))
		TH_LOG("%s", self->out);
	EXPECT_NE(NULL, strstr(line, IMAGE " (unloaded)[0]")) TH_LOG("%s", line);

	ASSERT_EQ(0, ctl_capture("systracectl list", self->out, sizeof(self->out)));
	EXPECT_NE(NULL, strstr(self->out, IMAGE " (unloaded, 1 process)"))
		TH_LOG("%s", self->out);

	ASSERT_EQ(0, ctl_sh("systracectl ps --json > " OUT));
	root = json_load_file(OUT, 0, &err);
	ASSERT_NE(NULL, root) TH_LOG("%s: %s", err.text, ctl_read(OUT));
	t = json_task(root, self->confined);
	ASSERT_NE(NULL, t) TH_LOG("%s", ctl_read(OUT));
	EXPECT_TRUE(json_is_true(json_object_get(json_array_get(json_object_get(t, "layers"), 0),
						 "unloaded")));
	json_decref(root);

	ASSERT_EQ(0, ctl_sh("systracectl list --json > " OUT));
	root = json_load_file(OUT, 0, &err);
	ASSERT_NE(NULL, root) TH_LOG("%s: %s", err.text, ctl_read(OUT));
	json_array_foreach(json_object_get(root, "images"), i, img) {
		if (strcmp(jstr_at(img, "name"), IMAGE))
			continue;
		found++;
		EXPECT_TRUE(json_is_true(json_object_get(img, "unloaded")));
		EXPECT_EQ(1, json_integer_value(json_object_get(img, "processes")));
	}
	EXPECT_EQ(1, found) TH_LOG("%s", ctl_read(OUT));
	json_decref(root);

	/* Gone with its last process: no longer listed. */
	stop(self->confined);
	self->confined = 0;
	ASSERT_EQ(0, ctl_capture("systracectl list", self->out, sizeof(self->out)));
	EXPECT_EQ(NULL, strstr(self->out, IMAGE " (unloaded")) TH_LOG("%s", self->out);

	/* An image nothing uses unloads with a plain line. */
	ASSERT_EQ(0, st_policy_load(IMAGE, policy, SYSTRACE_MODE_ENFORCE));
	ASSERT_EQ(0, ctl_capture("systracectl unload " IMAGE, self->out,
				 sizeof(self->out)));
	EXPECT_STREQ("unloaded " IMAGE "\n", self->out);
}

#define MANY 300

/*
 * Many confined processes: the dump takes several rounds (one message per
 * task), each resumed where the last stopped; none is lost.
 */
TEST_F(ps, many)
{
	json_error_t err;
	json_t *root, *t;
	int p[2], n = 0;
	size_t i;
	pid_t pid;
	char c;

	ASSERT_EQ(0, pipe(p));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		close(p[0]);
		setpgid(0, 0);
		prctl(PR_SET_NAME, "ps_many");
		if (st_confine_self(IMAGE, 0, SYSTRACE_MODE_ENFORCE))
			_exit(1);
		for (i = 0; i < MANY; i++)
			if (fork() == 0)
				for (;;)
					pause();
		if (write(p[1], "r", 1) != 1)
			_exit(2);
		for (;;)
			pause();
	}
	close(p[1]);
	ASSERT_EQ(1, read(p[0], &c, 1));
	close(p[0]);
	ASSERT_EQ(0, ctl_sh("systracectl ps --json > " OUT));
	kill(-pid, SIGKILL);
	waitpid(pid, NULL, 0);
	root = json_load_file(OUT, 0, &err);
	ASSERT_NE(NULL, root) TH_LOG("%s", err.text);
	json_array_foreach(json_object_get(root, "tasks"), i, t)
		if (!strcmp(jstr_at(t, "program"), "ps_many"))
			n++;
	json_decref(root);
	EXPECT_EQ(MANY + 1, n);
}

/* A user may not see who is confined: refused, with one line. */
TEST_F(ps, refused_to_user)
{
	pid_t pid;
	int st;

	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		FILE *f = freopen(OUT, "w", stdout);

		if (!f || dup2(1, 2) < 0 ||
		    setresgid(65534, 65534, 65534) || setresuid(65534, 65534, 65534))
			_exit(100);
		execlp("systracectl", "systracectl", "ps", (char *)NULL);
		_exit(101);
	}
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	ASSERT_TRUE(WIFEXITED(st));
	EXPECT_EQ(1, WEXITSTATUS(st)) TH_LOG("%s", ctl_read(OUT));
	EXPECT_EQ(1, ctl_count(OUT, "\n")) TH_LOG("%s", ctl_read(OUT));
	EXPECT_EQ(0, strncmp(ctl_read(OUT), "systracectl: ps: ", 17))
		TH_LOG("%s", ctl_read(OUT));
	EXPECT_EQ(NULL, strstr(ctl_read(OUT), "ps_sleeper"));
}

/* A second image for a path another governs loads, with a warning. */
TEST_F(ps, shadowed_load_warns)
{
	FILE *f = fopen("/tmp/ps_test_shadow.policy", "w");

	ASSERT_NE(NULL, f);
	fputs(shadow_policy, f);
	fclose(f);
	ASSERT_EQ(0, ctl_capture("systracectl load -n " SHADOW_A " /tmp/ps_test_shadow.policy",
				 self->out, sizeof(self->out)));
	EXPECT_EQ(NULL, strstr(self->out, "warning")) TH_LOG("%s", self->out);
	ASSERT_EQ(0, ctl_capture("systracectl load -n " SHADOW_B " /tmp/ps_test_shadow.policy",
				 self->out, sizeof(self->out)));
	EXPECT_NE(NULL, strstr(self->out, "warning: " SHADOW_B ": policy 0 for /selftests/ps_test-shadowed is not used at exec: image " SHADOW_A " governs that path"))
		TH_LOG("%s", self->out);
}

TEST_HARNESS_MAIN
