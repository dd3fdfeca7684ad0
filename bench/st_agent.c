// SPDX-License-Identifier: GPL-2.0
/*
 * st_agent: the smallest system-wide agent, for `make bench` (VM part).
 *
 *	st_agent COUNT
 *
 * It registers its generic netlink socket as the agent
 * (SYSTRACE_CMD_AGENT), says "st_agent: ready" on stderr, then answers
 * SYSTRACE_VERDICT_PERMIT to each question (SYSTRACE_CMD_ASK) as it comes,
 * COUNT of them, and exits 0, printing "answered COUNT" on stdout.
 *
 * It does the least an agent can: one recv() per question and one send()
 * per answer (no ACK asked; an error would still come back, and ends it),
 * no libnl, nothing read about the task. Its round trip is the floor of
 * what an agent costs, beside `systracectl ask`, which prints each question
 * (with the program's path and its user's name) and reads its answer from
 * a file (see Documentation/benchmarks.rst).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/systrace.h>

#define BUF_SIZE	65536

static int sock;
static uint32_t seq;
static uint16_t family;

static void die(const char *what, int err)
{
	fprintf(stderr, "st_agent: %s: %s\n", what, strerror(err));
	exit(1);
}

/* Append attribute @type with @len bytes of @data at the end of @nlh. */
static void put_attr(struct nlmsghdr *nlh, uint16_t type, const void *data,
		     uint16_t len)
{
	struct nlattr *nla = (struct nlattr *)((char *)nlh + NLMSG_ALIGN(nlh->nlmsg_len));

	nla->nla_type = type;
	nla->nla_len = NLA_HDRLEN + len;
	memcpy((char *)nla + NLA_HDRLEN, data, len);
	nlh->nlmsg_len = NLMSG_ALIGN(nlh->nlmsg_len) + NLA_ALIGN(nla->nla_len);
}

static struct nlmsghdr *new_msg(void *buf, uint16_t type, uint16_t flags,
				uint8_t cmd, uint8_t version)
{
	struct nlmsghdr *nlh = buf;
	struct genlmsghdr *g = NLMSG_DATA(nlh);

	memset(buf, 0, NLMSG_HDRLEN + GENL_HDRLEN);
	nlh->nlmsg_len = NLMSG_HDRLEN + GENL_HDRLEN;
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	nlh->nlmsg_seq = ++seq;
	g->cmd = cmd;
	g->version = version;
	return nlh;
}

static void send_msg(struct nlmsghdr *nlh)
{
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };

	if (sendto(sock, nlh, nlh->nlmsg_len, 0, (struct sockaddr *)&kernel,
		   sizeof(kernel)) < 0)
		die("send", errno);
}

/* The first attribute @type of the genl message @nlh, or NULL. */
static struct nlattr *find_attr(struct nlmsghdr *nlh, uint16_t type)
{
	char *p = (char *)NLMSG_DATA(nlh) + GENL_HDRLEN;
	char *end = (char *)nlh + nlh->nlmsg_len;
	struct nlattr *nla;

	while (p + NLA_HDRLEN <= end) {
		nla = (struct nlattr *)p;
		if (nla->nla_len < NLA_HDRLEN || p + nla->nla_len > end)
			return NULL;
		if ((nla->nla_type & NLA_TYPE_MASK) == type)
			return nla;
		p += NLA_ALIGN(nla->nla_len);
	}
	return NULL;
}

/*
 * Wait for the reply to request @want: the family's id for
 * CTRL_CMD_GETFAMILY (@nla_want), or the ACK. Dies on an error reply.
 */
static void wait_reply(uint32_t want, uint16_t nla_want, uint16_t *id)
{
	static char buf[BUF_SIZE] __attribute__((aligned(8)));
	struct nlmsghdr *nlh;
	struct nlattr *nla;
	ssize_t n;

	for (;;) {
		n = recv(sock, buf, sizeof(buf), 0);
		if (n < 0)
			die("recv", errno);
		for (nlh = (struct nlmsghdr *)buf; NLMSG_OK(nlh, n); nlh = NLMSG_NEXT(nlh, n)) {
			if (nlh->nlmsg_seq != want)
				continue;
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				int err = ((struct nlmsgerr *)NLMSG_DATA(nlh))->error;

				if (err)
					die(id ? "resolving the systrace family" :
					    "registering as the agent", -err);
				if (!id)
					return;
				continue;
			}
			if (id) {
				nla = find_attr(nlh, nla_want);
				if (!nla)
					die("no family id in the reply", EPROTO);
				memcpy(id, (char *)nla + NLA_HDRLEN, sizeof(*id));
				return;
			}
		}
	}
}

int main(int argc, char *argv[])
{
	static char buf[BUF_SIZE] __attribute__((aligned(8)));
	struct sockaddr_nl local = { .nl_family = AF_NETLINK };
	char out[NLMSG_HDRLEN + GENL_HDRLEN + 64] __attribute__((aligned(8)));
	long count, answered = 0;
	struct nlmsghdr *nlh, *ans;
	struct genlmsghdr *g;
	struct nlattr *qid;
	uint8_t verdict = SYSTRACE_VERDICT_PERMIT;
	ssize_t n;

	if (argc != 2 || (count = atol(argv[1])) < 1) {
		fprintf(stderr, "usage: st_agent COUNT\n");
		return 2;
	}
	sock = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (sock < 0 || bind(sock, (struct sockaddr *)&local, sizeof(local)))
		die("netlink socket", errno);

	nlh = new_msg(out, GENL_ID_CTRL, 0, CTRL_CMD_GETFAMILY, 1);
	put_attr(nlh, CTRL_ATTR_FAMILY_NAME, SYSTRACE_GENL_NAME, sizeof(SYSTRACE_GENL_NAME));
	send_msg(nlh);
	wait_reply(seq, CTRL_ATTR_FAMILY_ID, &family);

	nlh = new_msg(out, family, NLM_F_ACK, SYSTRACE_CMD_AGENT, SYSTRACE_GENL_VERSION);
	send_msg(nlh);
	wait_reply(seq, 0, NULL);
	fprintf(stderr, "st_agent: ready\n");

	while (answered < count) {
		n = recv(sock, buf, sizeof(buf), 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			die("recv", errno);
		}
		for (nlh = (struct nlmsghdr *)buf; NLMSG_OK(nlh, n); nlh = NLMSG_NEXT(nlh, n)) {
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				int err = ((struct nlmsgerr *)NLMSG_DATA(nlh))->error;

				if (err)
					die("an answer", -err);
				continue;
			}
			g = NLMSG_DATA(nlh);
			if (nlh->nlmsg_type != family || g->cmd != SYSTRACE_CMD_ASK)
				continue;
			qid = find_attr(nlh, SYSTRACE_A_QID);
			if (!qid)
				die("a question without an id", EPROTO);
			ans = new_msg(out, family, 0, SYSTRACE_CMD_ANSWER, SYSTRACE_GENL_VERSION);
			put_attr(ans, SYSTRACE_A_QID, (char *)qid + NLA_HDRLEN, sizeof(uint64_t));
			put_attr(ans, SYSTRACE_A_VERDICT, &verdict, sizeof(verdict));
			send_msg(ans);
			answered++;
		}
	}
	printf("answered %ld\n", answered);
	return 0;
}
