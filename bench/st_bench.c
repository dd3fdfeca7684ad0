// SPDX-License-Identifier: GPL-2.0
/*
 * st_bench: the guest side of `make bench` (VM part).
 *
 * Each invocation measures one loop and prints one line
 *	RESULT <loop> <median> <min> <max> <rounds> <iterations> [<p99>]
 * in nanoseconds of CLOCK_MONOTONIC per operation (the 99th percentile
 * only for open-each, which times each call). Under
 * `selftests/vm/run --icount` the guest clock advances one nanosecond per
 * guest instruction, so these are guest instructions per operation. The
 * first round is a warm-up and is discarded; the median of the others is
 * the figure. bench/guest.sh turns the lines into ratios.
 *
 * It is built static: when it runs confined (systracectl run), the policy
 * then only needs the calls of glibc's static start-up, the loop and the
 * output (see bench/guest.sh).
 *
 *	st_bench [-r ROUNDS] [-n ITERATIONS] LOOP [FILE]
 *
 * LOOP is one of
 *	getpid			syscall(SYS_getpid)
 *	open FILE		open(FILE, O_RDONLY) + close
 *	seccomp-getpid		getpid under a one-rule seccomp-bpf filter
 *	seccomp-open FILE	open+close under the same filter
 *	landlock-open FILE	open+close under a one-rule Landlock ruleset
 *				(read access beneath FILE's directory)
 *	open-each FILE		each open(FILE) timed on its own (the close
 *				not counted), after a tenth as many warm-up
 *				calls (default 1,000 calls, so 1,100 in all):
 *				for calls that take a different path each
 *				time, an escalation to the agent in ask mode
 * and, for the driver,
 *	path-rules N		print N policy rules, I from 0 to N - 1:
 *				native-fsread: filename eq "/data/fileI" then permit
 *	denied-open FILE	exit 0 if opening FILE fails with EACCES or EPERM,
 *				3 if it succeeds, 4 if it fails otherwise
 *	denied-getpid		the same for getpid
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/landlock.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/syscall.h>

#define MAX_ROUNDS 101

static int rounds = 11;		/* the first is a warm-up */
static long iterations;		/* 0: the loop's default */

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void die(const char *what)
{
	fprintf(stderr, "st_bench: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void loop_getpid(long n)
{
	long i;

	for (i = 0; i < n; i++)
		syscall(SYS_getpid);
}

static const char *file;

static void loop_open(long n)
{
	long i;
	int fd;

	for (i = 0; i < n; i++) {
		fd = open(file, O_RDONLY);
		if (fd < 0)
			die(file);
		close(fd);
	}
}

/* Rounds of @n operations; one RESULT line. */
static void measure(const char *name, void (*fn)(long), long n)
{
	double v[MAX_ROUNDS];
	uint64_t t0, t1;
	int r;

	for (r = 0; r < rounds; r++) {
		t0 = now_ns();
		fn(n);
		t1 = now_ns();
		v[r] = (double)(t1 - t0) / n;
	}
	/* v[0] is the warm-up round. */
	qsort(v + 1, rounds - 1, sizeof(v[0]), cmp_double);
	printf("RESULT %s %.2f %.2f %.2f %d %ld\n", name,
	       v[1 + (rounds - 1) / 2], v[1], v[rounds - 1], rounds - 1, n);
	fflush(stdout);
}

/*
 * Each of @n opens timed on its own, after @n / 10 warm-up opens: an
 * escalation is a conversation with another process (the agent), whose
 * time varies from one call to the next, so the figures are per call:
 * median, minimum, maximum and 99th percentile.
 */
static void measure_each(const char *name, long n)
{
	long warm = n / 10, i;
	uint64_t t0, t1;
	double *v;
	int fd;

	v = calloc(n, sizeof(*v));
	if (!v)
		die("calloc");
	for (i = -warm; i < n; i++) {
		t0 = now_ns();
		fd = open(file, O_RDONLY);
		t1 = now_ns();
		if (fd < 0)
			die(file);
		close(fd);
		if (i >= 0)
			v[i] = (double)(t1 - t0);
	}
	qsort(v, n, sizeof(v[0]), cmp_double);
	/* The nearest rank: the smallest value >= 99% of them. */
	printf("RESULT %s %.2f %.2f %.2f 1 %ld %.2f\n", name, v[n / 2], v[0],
	       v[n - 1], n, v[(99 * n + 99) / 100 - 1]);
	fflush(stdout);
	free(v);
}

/*
 * One rule: ptrace fails with EPERM, everything else is allowed (after
 * the usual architecture check).
 */
static void seccomp_one_rule(void)
{
	struct sock_filter insns[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_ptrace, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = {
		.len = sizeof(insns) / sizeof(insns[0]),
		.filter = insns,
	};

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		die("PR_SET_NO_NEW_PRIVS");
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog))
		die("seccomp");
}

/* One rule: reading files beneath @dir; every other file read is denied. */
static void landlock_one_rule(const char *dir)
{
	struct landlock_ruleset_attr attr = {
		.handled_access_fs = LANDLOCK_ACCESS_FS_READ_FILE,
	};
	struct landlock_path_beneath_attr rule = {
		.allowed_access = LANDLOCK_ACCESS_FS_READ_FILE,
	};
	int rfd;

	rfd = syscall(SYS_landlock_create_ruleset, &attr, sizeof(attr), 0);
	if (rfd < 0)
		die("landlock_create_ruleset");
	rule.parent_fd = open(dir, O_PATH | O_CLOEXEC);
	if (rule.parent_fd < 0)
		die(dir);
	if (syscall(SYS_landlock_add_rule, rfd, LANDLOCK_RULE_PATH_BENEATH, &rule, 0))
		die("landlock_add_rule");
	close(rule.parent_fd);
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		die("PR_SET_NO_NEW_PRIVS");
	if (syscall(SYS_landlock_restrict_self, rfd, 0))
		die("landlock_restrict_self");
	close(rfd);
}

static int path_rules(long n)
{
	long i;

	for (i = 0; i < n; i++)
		printf("\tnative-fsread: filename eq \"/data/file%ld\" then permit\n", i);
	if (fflush(stdout))
		die("write");
	return 0;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: st_bench [-r ROUNDS] [-n ITERATIONS] LOOP [FILE]\n"
		"  LOOP: getpid | open FILE | seccomp-getpid | seccomp-open FILE |\n"
		"        landlock-open FILE | open-each FILE | path-rules N |\n"
		"        denied-open FILE | denied-getpid\n");
	exit(2);
}

int main(int argc, char *argv[])
{
	const char *loop;
	char dir[PATH_MAX], *slash;
	int c;

	while ((c = getopt(argc, argv, "+r:n:")) != -1) {
		switch (c) {
		case 'r':
			/* ROUNDS measured rounds, plus the warm-up. */
			rounds = atoi(optarg) + 1;
			if (rounds < 2 || rounds > MAX_ROUNDS)
				usage();
			break;
		case 'n':
			iterations = atol(optarg);
			if (iterations < 1)
				usage();
			break;
		default:
			usage();
		}
	}
	if (optind >= argc)
		usage();
	loop = argv[optind++];
	file = optind < argc ? argv[optind] : NULL;

	if (!strcmp(loop, "path-rules")) {
		if (!file)
			usage();
		return path_rules(atol(file));
	}
	if (!strcmp(loop, "denied-getpid")) {
		if (syscall(SYS_getpid) >= 0)
			return 3;
		return errno == EPERM || errno == EACCES ? 0 : 4;
	}
	if (!strcmp(loop, "getpid") || !strcmp(loop, "seccomp-getpid")) {
		if (!strcmp(loop, "seccomp-getpid"))
			seccomp_one_rule();
		measure(loop, loop_getpid, iterations ? iterations : 20000);
		return 0;
	}
	if (!file)
		usage();
	if (!strcmp(loop, "denied-open")) {
		if (open(file, O_RDONLY) >= 0)
			return 3;
		return errno == EACCES || errno == EPERM ? 0 : 4;
	}
	if (!strcmp(loop, "seccomp-open")) {
		seccomp_one_rule();
	} else if (!strcmp(loop, "landlock-open")) {
		snprintf(dir, sizeof(dir), "%s", file);
		slash = strrchr(dir, '/');
		if (!slash)
			usage();
		*(slash == dir ? slash + 1 : slash) = '\0';
		landlock_one_rule(dir);
	} else if (!strcmp(loop, "open-each")) {
		measure_each(loop, iterations ? iterations : 1000);
		return 0;
	} else if (strcmp(loop, "open")) {
		usage();
	}
	measure(loop, loop_open, iterations ? iterations : 2000);
	return 0;
}
