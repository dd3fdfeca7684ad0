// SPDX-License-Identifier: GPL-2.0
/*
 * systrace selftests: random and mutated generic netlink messages.
 *
 * For NLFUZZ_SECONDS (default 60) a child sends messages built from random
 * commands, attribute types, lengths and payloads, and mutations of valid
 * load sequences, over a raw netlink socket, as root and as nobody. Every
 * request asks for an ACK: each must be answered (an error for each one
 * that is malformed by construction), none may hang. Afterwards no load
 * transfer is left, every image the fuzzer managed to load can be
 * unloaded, and the module itself unloads and loads again. The VM harness
 * fails the run on any kernel report.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/systrace.h>

#include "harness.h"
#include "../../systracectl/nl.h"

#define BUF 65536

static unsigned int seed;

static unsigned int rnd(unsigned int n)
{
	return n ? (unsigned int)rand_r(&seed) % n : 0;
}

struct fuzz {
	int fd;
	int family;
	unsigned int seq;
	unsigned int sent, answered, errors, bad_sent, bad_errors;
	unsigned int xfer;	/* the last transfer id seen */
};

static size_t put_attr(char *p, size_t room, unsigned short type,
		       const void *data, size_t len)
{
	struct nlattr *a = (struct nlattr *)p;
	size_t total = NLA_ALIGN(NLA_HDRLEN + len);

	if (total > room)
		return 0;
	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	memcpy(p + NLA_HDRLEN, data, len);
	memset(p + NLA_HDRLEN + len, 0, total - NLA_HDRLEN - len);
	return total;
}

/* Wait for the answer to @seq: 0 ACK, <0 error, 1 no answer in time. */
static int answer(struct fuzz *f, unsigned int seq)
{
	static char buf[BUF];
	struct pollfd pfd = { .fd = f->fd, .events = POLLIN };
	struct nlmsghdr *h;
	ssize_t n;

	for (;;) {
		if (poll(&pfd, 1, 2000) <= 0)
			return 1;
		n = recv(f->fd, buf, sizeof(buf), 0);
		if (n < 0)
			return errno == ENOBUFS ? 0 : 1;
		for (h = (struct nlmsghdr *)buf; NLMSG_OK(h, n); h = NLMSG_NEXT(h, n)) {
			if (h->nlmsg_seq != seq)
				continue;
			if (h->nlmsg_type == NLMSG_ERROR) {
				struct nlmsgerr *e = NLMSG_DATA(h);

				return e->error;
			}
			if (h->nlmsg_type == NLMSG_DONE)
				return 0;
			if (h->nlmsg_type == f->family &&
			    ((struct genlmsghdr *)NLMSG_DATA(h))->cmd ==
			    SYSTRACE_CMD_LOAD_BEGIN) {
				struct nlattr *a = (struct nlattr *)((char *)NLMSG_DATA(h) + GENL_HDRLEN);

				if (a->nla_type == SYSTRACE_A_XFER)
					memcpy(&f->xfer, (char *)a + NLA_HDRLEN, 4);
			}
		}
	}
}

/* Send one message; @bad: malformed by construction, must get an error. */
static int send_msg(struct fuzz *f, unsigned char cmd, unsigned short flags,
		    const char *attrs, size_t alen, int bad)
{
	static char buf[BUF];
	struct nlmsghdr *h = (struct nlmsghdr *)buf;
	struct genlmsghdr *g = NLMSG_DATA(h);
	int ret;

	h->nlmsg_len = NLMSG_HDRLEN + GENL_HDRLEN + alen;
	h->nlmsg_type = f->family;
	h->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	h->nlmsg_seq = ++f->seq;
	h->nlmsg_pid = 0;
	g->cmd = cmd;
	g->version = SYSTRACE_GENL_VERSION;
	g->reserved = 0;
	memcpy(buf + NLMSG_HDRLEN + GENL_HDRLEN, attrs, alen);
	if (send(f->fd, buf, h->nlmsg_len, 0) < 0)
		return -1;
	f->sent++;
	f->bad_sent += bad;
	ret = answer(f, f->seq);
	if (ret == 1)
		return -1;	/* no answer: a hang */
	f->answered++;
	if (ret < 0) {
		f->errors++;
		f->bad_errors += bad;
	}
	return 0;
}

static int random_attrs(char *p, size_t room, int *bad)
{
	static const unsigned short lens[] = { 0, 1, 2, 4, 5, 8, 255, 256, 300 };
	char data[512];
	size_t off = 0, n;
	int i, count = rnd(5);

	*bad = 0;
	for (i = 0; i < count; i++) {
		unsigned short type = rnd(SYSTRACE_A_MAX + 3);
		size_t len = lens[rnd(sizeof(lens) / sizeof(lens[0]))];
		size_t j;

		for (j = 0; j < len; j++)
			data[j] = rnd(4) ? 'a' + rnd(26) : rnd(256);
		if (type > SYSTRACE_A_MAX || type == SYSTRACE_A_UNSPEC)
			*bad = 1;	/* unknown attribute: strict validation */
		n = put_attr(p + off, room - off, type | (rnd(8) ? 0 : NLA_F_NESTED),
			     data, len);
		off += n;
	}
	return off;
}

/* A valid load of a tiny image, then mutations of it. */
static void mutated_load(struct fuzz *f, const unsigned char *img, size_t len)
{
	char attrs[BUF], mut[4096], name[16];
	unsigned int size = len, zero = 0, x;
	size_t off = 0;

	memcpy(mut, img, len);
	mut[rnd(len)] ^= 1 << rnd(8);
	if (rnd(2))
		mut[rnd(len)] = rnd(256);
	snprintf(name, sizeof(name), "fz%u", rnd(4));
	off += put_attr(attrs + off, sizeof(attrs) - off, SYSTRACE_A_NAME, name, strlen(name) + 1);
	off += put_attr(attrs + off, sizeof(attrs) - off, SYSTRACE_A_SIZE, &size, 4);
	f->xfer = 0;
	if (send_msg(f, SYSTRACE_CMD_LOAD_BEGIN, 0, attrs, off, 0) || !f->xfer)
		return;
	x = f->xfer;
	off = 0;
	off += put_attr(attrs + off, sizeof(attrs) - off, SYSTRACE_A_XFER, &x, 4);
	off += put_attr(attrs + off, sizeof(attrs) - off, SYSTRACE_A_OFFSET, &zero, 4);
	off += put_attr(attrs + off, sizeof(attrs) - off, SYSTRACE_A_DATA, mut, len);
	send_msg(f, SYSTRACE_CMD_LOAD_DATA, 0, attrs, off, 0);
	off = put_attr(attrs, sizeof(attrs), SYSTRACE_A_XFER, &x, 4);
	send_msg(f, SYSTRACE_CMD_LOAD_COMMIT, 0, attrs, off, 0);
}

static int fuzz_loop(int family, int seconds, const unsigned char *img, size_t len)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	struct fuzz f = { .family = family };
	char attrs[BUF];
	time_t end = time(NULL) + seconds;
	int bad, one = 1;
	size_t alen;

	f.fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (f.fd < 0 || bind(f.fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		return 10;
	setsockopt(f.fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(f.fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	while (time(NULL) < end) {
		unsigned char cmd;

		if (rnd(4) == 0) {
			mutated_load(&f, img, len);
			continue;
		}
		cmd = rnd(SYSTRACE_CMD_MAX + 3);
		if (cmd == SYSTRACE_CMD_CONFINE_SELF)
			cmd = SYSTRACE_CMD_GET_STATUS;
		alen = random_attrs(attrs, sizeof(attrs), &bad);
		if (cmd == SYSTRACE_CMD_UNSPEC || cmd > SYSTRACE_CMD_MAX ||
		    cmd == SYSTRACE_CMD_EVENT)
			bad = 1;
		if (send_msg(&f, cmd, rnd(8) ? 0 : NLM_F_DUMP, attrs, alen, bad)) {
			fprintf(stderr, "# no answer to message %u (cmd %u)\n", f.sent, cmd);
			return 11;
		}
	}
	printf("# %u messages, %u answered, %u errors; %u malformed, %u of them refused\n",
	       f.sent, f.answered, f.errors, f.bad_sent, f.bad_errors);
	close(f.fd);
	if (f.bad_errors != f.bad_sent)
		return 12;
	return f.sent && f.answered == f.sent ? 0 : 13;
}

static unsigned char *tiny_image(size_t *len)
{
	FILE *p = fopen("/tmp/nlfuzz.policy", "w");
	static unsigned char buf[4096];
	size_t n;

	if (!p)
		return NULL;
	fputs("Policy: /bin/fz, Emulation: native\n"
	      "\tnative-fsread: filename eq \"/etc/passwd\" then permit\n"
	      "\tnative-fsread: filename match \"/tmp/*\" then deny[enoent]\n", p);
	fclose(p);
	if (system("policyc -o /tmp/nlfuzz.bin /tmp/nlfuzz.policy"))
		return NULL;
	p = fopen("/tmp/nlfuzz.bin", "r");
	if (!p)
		return NULL;
	n = fread(buf, 1, sizeof(buf), p);
	fclose(p);
	*len = n;
	return n && n < sizeof(buf) ? buf : NULL;
}

static int run_child(int family, int seconds, int uid, const unsigned char *img,
		     size_t len)
{
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		if (uid && (setgid(uid) || setuid(uid)))
			_exit(20);
		seed = getpid() ^ time(NULL);
		printf("# seed %u, uid %d\n", seed, uid);
		_exit(fuzz_loop(family, seconds, img, len));
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

static int unload_all(struct st_nl *nl)
{
	static const char *names[] = { "fz0", "fz1", "fz2", "fz3" };
	unsigned int i;
	int n = 0;

	for (i = 0; i < 4; i++) {
		struct nl_msg *msg = st_nl_msg(nl, SYSTRACE_CMD_UNLOAD, 0);

		nla_put_string(msg, SYSTRACE_A_NAME, names[i]);
		if (st_nl_call(nl, msg, NULL, NULL) == 0)
			n++;
	}
	return n;
}

FIXTURE(nlfuzz) {
	int unused;
};

FIXTURE_SETUP(nlfuzz)
{
}

FIXTURE_TEARDOWN(nlfuzz)
{
}

/* The harness's default 30 s is less than the fuzzing time. */
TEST_F_TIMEOUT(nlfuzz, random_and_mutated_messages, 180)
{
	const char *env = getenv("NLFUZZ_SECONDS");
	int seconds = env ? atoi(env) : 60;
	unsigned char *img;
	struct st_nl nl;
	size_t len;
	int fd;

	img = tiny_image(&len);
	ASSERT_NE(NULL, img);
	ASSERT_EQ(0, st_nl_open(&nl));

	/* Two thirds as root (every path), one third as nobody (EPERM). */
	ASSERT_EQ(0, run_child(nl.family, seconds * 2 / 3, 0, img, len));
	ASSERT_EQ(0, run_child(nl.family, seconds / 3, 65534, img, len));

	TH_LOG("images the fuzzer loaded: %d", unload_all(&nl));
	st_nl_close(&nl);

	/* Nothing held: the module goes and comes back. */
	ASSERT_EQ(0, syscall(SYS_delete_module, "systrace", O_NONBLOCK));
	fd = open("/lib/modules/systrace.ko", O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, syscall(SYS_finit_module, fd, "", 0));
	close(fd);
}

TEST_HARNESS_MAIN
