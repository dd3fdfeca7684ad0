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
 *	st_bench [-r ROUNDS] [-n ITERATIONS] [-t MS] [-c FD] LOOP [FILE]
 *
 * LOOP is one of
 *	getpid			syscall(SYS_getpid)
 *	open FILE		open(FILE, O_RDONLY) + close
 *	seccomp-getpid		getpid under a one-rule seccomp-bpf filter
 *	seccomp-open FILE	open+close under the same filter
 *	landlock-open FILE	open+close under a one-rule Landlock ruleset
 *				(read access beneath FILE's directory)
 *	seccomp-landlock-open FILE
 *				open+close under both, stacked: the seccomp
 *				filter, then the Landlock ruleset
 *	open-each FILE		each open(FILE) timed on its own (the close
 *				not counted), after a tenth as many warm-up
 *				calls (default 1,000 calls, so 1,100 in all):
 *				for calls that take a different path each
 *				time, an escalation to the agent in ask mode
 *	seccomp-notif FILE	open-each under a seccomp filter that sends
 *				each openat to a supervisor process
 *				(SECCOMP_RET_USER_NOTIF), which lets it
 *				continue (SECCOMP_USER_NOTIF_FLAG_CONTINUE)
 *	scale N FILE...		N worker processes, worker I pinned to CPU I
 *				(sched_setaffinity), each opening and
 *				closing FILE number I (modulo the files
 *				given) for -t milliseconds of guest time
 *				from a common start; one line
 *				RESULT scale <opens/s> <slowest worker's>
 *				<fastest worker's> <N> <opens> <other>, the
 *				first the sum of the workers' rates, the last
 *				the busy share of the CPUs without a worker
 *				(/proc/stat; -1: none) (bench/run-vm
 *				--scale: two CPUs, no --icount); with
 *				-c FD, a descriptor open on bench/vcpu-clock's
 *				port, also <host CPU ns> <wall ns>: the CPU
 *				time the host gave the VM and the wall time
 *				from the start to the last worker's end
 *	landlock-scale N FILE...
 *				the same under the one-rule Landlock ruleset
 *				of landlock-open (the first FILE's
 *				directory), made before the workers fork
 *	time CMD [ARG...] [-- AFTER [ARG...]]
 *				run CMD (fork, exec, wait) once per round and
 *				time it, divided by ITERATIONS (-n: the rules
 *				of the policy CMD compiles or loads); AFTER,
 *				if given, runs after each round, untimed
 * and, for the driver,
 *	path-rules N [PREFIX]	print N policy rules, I from 0 to N - 1:
 *				native-fsread: filename eq "PREFIXI" then permit
 *				(PREFIX: /data/file)
 *	denied-open FILE	exit 0 if opening FILE fails with EACCES or EPERM,
 *				3 if it succeeds, 4 if it fails otherwise
 *	denied-getpid		the same for getpid
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
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
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <sys/syscall.h>

#define MAX_ROUNDS 101

static int rounds = 11;		/* the first is a warm-up */
static long iterations;		/* 0: the loop's default */
static long duration_ms = 1000;	/* scale: each worker's time */
static int clock_fd = -1;	/* scale: bench/vcpu-clock's port (-c) */
static int stat_fd = -1;	/* scale: /proc/stat, opened before confinement */

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

static void usage(void);

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

/*
 * A filter that sends every openat to the listener it returns (the
 * architecture checked first, as above); everything else is allowed.
 */
static int seccomp_notify_openat(void)
{
	struct sock_filter insns[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_openat, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = {
		.len = sizeof(insns) / sizeof(insns[0]),
		.filter = insns,
	};
	int fd;

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		die("PR_SET_NO_NEW_PRIVS");
	fd = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
		     SECCOMP_FILTER_FLAG_NEW_LISTENER, &prog);
	if (fd < 0)
		die("seccomp (SECCOMP_FILTER_FLAG_NEW_LISTENER)");
	return fd;
}

/*
 * The supervisor: a child process (as an agent is another process), which
 * inherits the filter but never calls openat. Each notification is
 * answered "continue", the least a supervisor can do: one ioctl to
 * receive, one to answer. It ends when the listener fails (the measuring
 * process is gone) or on SIGKILL.
 */
static pid_t seccomp_supervisor(int listener)
{
	struct seccomp_notif req;
	struct seccomp_notif_resp resp;
	pid_t pid;

	pid = fork();
	if (pid < 0)
		die("fork");
	if (pid)
		return pid;
	for (;;) {
		memset(&req, 0, sizeof(req));
		if (ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, &req)) {
			if (errno == EINTR || errno == ENOENT)
				continue;
			_exit(0);
		}
		memset(&resp, 0, sizeof(resp));
		resp.id = req.id;
		resp.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
		if (ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, &resp) && errno != ENOENT)
			_exit(1);
	}
}

/* Run argv (NULL-terminated); exit status 0 or die. */
static void run_cmd(char **argv)
{
	pid_t pid;
	int status;

	pid = fork();
	if (pid < 0)
		die("fork");
	if (!pid) {
		execvp(argv[0], argv);
		fprintf(stderr, "st_bench: %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0)
		die("waitpid");
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		fprintf(stderr, "st_bench: %s failed (status %#x)\n", argv[0], status);
		exit(1);
	}
}

/*
 * time: one command per round, timed from fork to wait (the process's
 * start-up and exit included), per ITERATIONS; AFTER runs untimed.
 */
static int measure_cmd(char **argv, long n)
{
	double v[MAX_ROUNDS];
	char **after = NULL;
	uint64_t t0, t1;
	int r, i;

	for (i = 0; argv[i]; i++) {
		if (!strcmp(argv[i], "--")) {
			argv[i] = NULL;
			after = argv[i + 1] ? argv + i + 1 : NULL;
			break;
		}
	}
	if (!argv[0])
		usage();
	for (r = 0; r < rounds; r++) {
		t0 = now_ns();
		run_cmd(argv);
		t1 = now_ns();
		v[r] = (double)(t1 - t0) / n;
		if (after)
			run_cmd(after);
	}
	qsort(v + 1, rounds - 1, sizeof(v[0]), cmp_double);
	printf("RESULT time %.2f %.2f %.2f %d %ld\n",
	       v[1 + (rounds - 1) / 2], v[1], v[rounds - 1], rounds - 1, n);
	fflush(stdout);
	return 0;
}

/*
 * scale: what one worker found, in a cache line of its own (the workers
 * write theirs once, at the end; the parent reads them after wait).
 */
struct scale_slot {
	uint64_t opens;
	uint64_t ns;
} __attribute__((aligned(128)));

#define MAX_WORKERS 64

/*
 * One worker: pinned to @cpu, told it may start by the end of the @go
 * pipe (EOF once the parent closes its end: every worker starts at the
 * same time, none spins meanwhile), then opens and closes @path for
 * duration_ms. The clock is read every 64 opens: an open costs far more
 * than a clock_gettime, and the elapsed time is measured, not assumed.
 */
static void scale_worker(int cpu, const char *path, int ready, int go,
			 struct scale_slot *slot)
{
	uint64_t t0, t, end;
	uint64_t n = 0;
	cpu_set_t set;
	char c = 0;
	int i, fd;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		die("sched_setaffinity");
	if (write(ready, &c, 1) != 1)
		die("write");
	if (read(go, &c, 1) < 0)
		die("read");
	t0 = now_ns();
	end = t0 + (uint64_t)duration_ms * 1000000u;
	do {
		for (i = 0; i < 64; i++) {
			fd = open(path, O_RDONLY);
			if (fd < 0)
				die(path);
			close(fd);
		}
		n += 64;
		t = now_ns();
	} while (t < end);
	slot->opens = n;
	slot->ns = t - t0;
	_exit(0);
}

/*
 * The host CPU time the VM has had so far, in nanoseconds, from
 * bench/vcpu-clock at the other end of @clock_fd; 0 without one.
 */
static uint64_t host_cpu_ns(void)
{
	char buf[32];
	size_t len = 0;
	ssize_t r;

	if (clock_fd < 0)
		return 0;
	if (write(clock_fd, "t\n", 2) != 2)
		die("write (-c)");
	do {
		r = read(clock_fd, buf + len, sizeof(buf) - 1 - len);
		if (r <= 0)
			die("read (-c)");
		len += r;
	} while (buf[len - 1] != '\n' && len < sizeof(buf) - 1);
	buf[len] = '\0';
	return strtoull(buf, NULL, 10);
}

/*
 * The busy and all clock ticks of the CPUs from @first on, from /proc/stat
 * (opened at start, read again from its start: seq_file makes it afresh).
 */
static void other_cpus(int first, uint64_t *busy, uint64_t *all)
{
	unsigned long long v[8];
	char buf[16384], *line, *next;
	ssize_t len;
	int cpu, i;

	*busy = *all = 0;
	len = pread(stat_fd, buf, sizeof(buf) - 1, 0);
	if (len <= 0)
		die("/proc/stat");
	buf[len] = '\0';
	for (line = buf; line; line = next) {
		next = strchr(line, '\n');
		if (next)
			next++;
		/* cpuN user nice system idle iowait irq softirq steal (not
		 * the line "cpu" of all of them)
		 */
		if (strncmp(line, "cpu", 3) || line[3] < '0' || line[3] > '9' ||
		    sscanf(line, "cpu%d %llu %llu %llu %llu %llu %llu %llu %llu", &cpu,
			   &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7]) != 9 ||
		    cpu < first)
			continue;
		for (i = 0; i < 8; i++)
			*all += v[i];
		*busy += v[0] + v[1] + v[2] + v[5] + v[6] + v[7];
	}
}

/*
 * scale N FILE...: N workers at once; one RESULT line, with -c the host
 * CPU time the VM had from just before the start to just after the last
 * worker ended and the wall time of the same.
 */
static int measure_scale(int n, char **files, int nfiles)
{
	struct scale_slot *slot;
	double rate, sum = 0, lo = 0, hi = 0;
	uint64_t opens = 0, cpu0, cpu1, t0, t1, busy0, all0, busy1, all1;
	int ready[2], go[2], i, status;
	pid_t pid[MAX_WORKERS];
	char c;

	slot = mmap(NULL, sizeof(*slot) * n, PROT_READ | PROT_WRITE,
		    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (slot == MAP_FAILED)
		die("mmap");
	if (pipe(ready) || pipe(go))
		die("pipe");
	for (i = 0; i < n; i++) {
		pid[i] = fork();
		if (pid[i] < 0)
			die("fork");
		if (!pid[i]) {
			close(ready[0]);
			close(go[1]);
			scale_worker(i, files[i % nfiles], ready[1], go[0], &slot[i]);
		}
	}
	close(ready[1]);
	close(go[0]);
	/* Every worker pinned and waiting: then all start at once. */
	for (i = 0; i < n; i++) {
		if (read(ready[0], &c, 1) != 1)
			die("a worker did not start");
	}
	other_cpus(n, &busy0, &all0);
	cpu0 = host_cpu_ns();
	t0 = now_ns();
	close(go[1]);
	for (i = 0; i < n; i++) {
		if (waitpid(pid[i], &status, 0) < 0)
			die("waitpid");
		if (!WIFEXITED(status) || WEXITSTATUS(status)) {
			fprintf(stderr, "st_bench: worker %d failed (status %#x)\n",
				i, status);
			exit(1);
		}
		rate = slot[i].opens * 1e9 / slot[i].ns;
		sum += rate;
		lo = i && lo < rate ? lo : rate;
		hi = i && hi > rate ? hi : rate;
		opens += slot[i].opens;
	}
	t1 = now_ns();
	cpu1 = host_cpu_ns();
	other_cpus(n, &busy1, &all1);
	/* How busy the CPUs without a worker were (-1: there are none). */
	printf("RESULT scale %.0f %.0f %.0f %d %llu %.3f", sum, lo, hi, n,
	       (unsigned long long)opens,
	       all1 > all0 ? (double)(busy1 - busy0) / (all1 - all0) : -1.0);
	if (clock_fd >= 0)
		printf(" %llu %llu", (unsigned long long)(cpu1 - cpu0),
		       (unsigned long long)(t1 - t0));
	printf("\n");
	fflush(stdout);
	return 0;
}

static int path_rules(long n, const char *prefix)
{
	long i;

	for (i = 0; i < n; i++)
		printf("\tnative-fsread: filename eq \"%s%ld\" then permit\n",
		       prefix, i);
	if (fflush(stdout))
		die("write");
	return 0;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: st_bench [-r ROUNDS] [-n ITERATIONS] [-t MS] [-c FD] LOOP [FILE]\n"
		"  LOOP: getpid | open FILE | seccomp-getpid | seccomp-open FILE |\n"
		"        landlock-open FILE | open-each FILE | path-rules N [PREFIX] |\n"
		"        denied-open FILE | denied-getpid | seccomp-landlock-open FILE |\n"
		"        seccomp-notif FILE | time CMD [ARG...] [-- AFTER [ARG...]] |\n"
		"        [-t MS] [-c FD] scale N FILE... |\n"
		"        [-t MS] [-c FD] landlock-scale N FILE...\n");
	exit(2);
}

int main(int argc, char *argv[])
{
	const char *loop;
	char dir[PATH_MAX], *slash;
	int c;

	while ((c = getopt(argc, argv, "+r:n:t:c:")) != -1) {
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
		case 'c':
			clock_fd = atoi(optarg);
			break;
		case 't':
			duration_ms = atol(optarg);
			if (duration_ms < 1)
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

	if (!strcmp(loop, "time")) {
		if (!file || !iterations)
			usage();
		return measure_cmd(argv + optind, iterations);
	}
	if (!strcmp(loop, "scale") || !strcmp(loop, "landlock-scale")) {
		int n = file ? atoi(file) : 0;

		if (n < 1 || n > MAX_WORKERS || optind + 1 >= argc)
			usage();
		stat_fd = open("/proc/stat", O_RDONLY | O_CLOEXEC);
		if (stat_fd < 0)
			die("/proc/stat");
		if (!strcmp(loop, "landlock-scale")) {
			snprintf(dir, sizeof(dir), "%s", argv[optind + 1]);
			slash = strrchr(dir, '/');
			if (!slash)
				usage();
			*(slash == dir ? slash + 1 : slash) = '\0';
			landlock_one_rule(dir);
		}
		return measure_scale(n, argv + optind + 1, argc - optind - 1);
	}
	if (!strcmp(loop, "path-rules")) {
		if (!file)
			usage();
		return path_rules(atol(file), optind + 1 < argc ?
				  argv[optind + 1] : "/data/file");
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
	} else if (!strcmp(loop, "landlock-open") ||
		   !strcmp(loop, "seccomp-landlock-open")) {
		if (!strcmp(loop, "seccomp-landlock-open"))
			seccomp_one_rule();
		snprintf(dir, sizeof(dir), "%s", file);
		slash = strrchr(dir, '/');
		if (!slash)
			usage();
		*(slash == dir ? slash + 1 : slash) = '\0';
		landlock_one_rule(dir);
	} else if (!strcmp(loop, "seccomp-notif")) {
		int listener = seccomp_notify_openat();
		pid_t sup = seccomp_supervisor(listener);

		measure_each(loop, iterations ? iterations : 1000);
		kill(sup, SIGKILL);
		waitpid(sup, NULL, 0);
		return 0;
	} else if (!strcmp(loop, "open-each")) {
		measure_each(loop, iterations ? iterations : 1000);
		return 0;
	} else if (strcmp(loop, "open")) {
		usage();
	}
	measure(loop, loop_open, iterations ? iterations : 2000);
	return 0;
}
