// SPDX-License-Identifier: GPL-2.0
/*
 * Run confined by ask_test and learn_test: opens each path it is given and
 * prints "PATH: ok" or "PATH: ENAME" (the errno's name), one line each, in
 * order. With -t N, N threads open each path at once (concurrent
 * questions) and it prints one line per thread; -T adds the monotonic
 * time the answer came; with -H it then holds (sleeps up to 60 s, until
 * killed), so that its exit does not compete with the tasks still to be
 * answered. With
 * -c SOCKET it first
 * connects to a unix socket and writes to it; with -x PROG it finally
 * execs PROG (learn_test: a program that opens, connects and execs).
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>

static struct timespec answered;
static pthread_barrier_t start;
static int threads;

static void *opener(void *arg)
{
	const char *path = arg;
	int fd;

	/* All threads alive at once, when learning too: the same calls. */
	if (threads)
		pthread_barrier_wait(&start);
	fd = open(path, O_RDONLY);
	const char *e = fd < 0 ? strerrorname_np(errno) : "ok";

	/* In every path (threads too): the learned policy covers it. */
	clock_gettime(CLOCK_MONOTONIC, &answered);
	if (fd >= 0)
		close(fd);
	return (void *)e;
}

int main(int argc, char *argv[])
{
	const char *sock = NULL, *exe = NULL;
	int c, i, j, stamp = 0, hold = 0;
	pthread_attr_t attr;
	pthread_t t[64];

	while ((c = getopt(argc, argv, "t:c:x:TH")) != -1) {
		switch (c) {
		case 'T':
			stamp = 1;
			break;
		case 'H':
			hold = 1;
			break;
		case 't':
			threads = atoi(optarg);
			if (threads < 1 || threads > 64)
				return 2;
			break;
		case 'c':
			sock = optarg;
			break;
		case 'x':
			exe = optarg;
			break;
		default:
			return 2;
		}
	}
	if (sock) {
		struct sockaddr_un sun = { .sun_family = AF_UNIX };
		int fd = socket(AF_UNIX, SOCK_STREAM, 0);

		snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", sock);
		if (fd < 0 || connect(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0) {
			printf("connect %s: %s\n", sock, strerrorname_np(errno));
		} else {
			printf("connect %s: ok\n", sock);
			if (write(fd, "hello\n", 6) != 6)
				printf("write: %s\n", strerrorname_np(errno));
		}
		if (fd >= 0)
			close(fd);
	}
	/* Small stacks: they stay in glibc's cache, never unmapped. */
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 256 * 1024);
	if (threads)
		pthread_barrier_init(&start, NULL, threads);
	for (i = optind; i < argc; i++) {
		if (!threads) {
			const char *r = opener(argv[i]);

			if (stamp)
				printf("%s: %s %lld.%09ld\n", argv[i], r,
				       (long long)answered.tv_sec, answered.tv_nsec);
			else
				printf("%s: %s\n", argv[i], r);
			continue;
		}
		for (j = 0; j < threads; j++)
			if (pthread_create(&t[j], &attr, opener, argv[i]))
				return 3;
		for (j = 0; j < threads; j++) {
			void *r;

			pthread_join(t[j], &r);
			printf("%s: %s\n", argv[i], (char *)r);
		}
	}
	fflush(stdout);
	/* Bounded: a test that failed before it killed us ends anyway. */
	if (hold)
		sleep(60);
	if (exe) {
		execl(exe, exe, (char *)NULL);
		printf("exec %s: %s\n", exe, strerrorname_np(errno));
		return 1;
	}
	return 0;
}
