// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <linux/systrace.h>

#include "nl.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

int st_nl_open(struct st_nl *nl)
{
	int one = 1, ret;

	memset(nl, 0, sizeof(*nl));
	nl->sk = nl_socket_alloc();
	if (!nl->sk)
		return -ENOMEM;
	ret = genl_connect(nl->sk);
	if (ret < 0) {
		ret = -nl_syserr2nlerr(ret);
		goto err;
	}
	/* Ask for the kernel's explanations, and only for the header of
	 * our own request back in errors. */
	setsockopt(nl_socket_get_fd(nl->sk), SOL_NETLINK, NETLINK_EXT_ACK,
		   &one, sizeof(one));
	setsockopt(nl_socket_get_fd(nl->sk), SOL_NETLINK, NETLINK_CAP_ACK,
		   &one, sizeof(one));
	nl->family = genl_ctrl_resolve(nl->sk, SYSTRACE_GENL_NAME);
	if (nl->family < 0) {
		ret = nl->family == -NLE_OBJ_NOTFOUND ? -ENOENT : -EIO;
		goto err;
	}
	return 0;
err:
	nl_socket_free(nl->sk);
	nl->sk = NULL;
	return ret;
}

void st_nl_close(struct st_nl *nl)
{
	st_nl_unlisten(nl);
	nl_socket_free(nl->sk);
	nl->sk = NULL;
}

struct nl_msg *st_nl_msg(struct st_nl *nl, int cmd, int flags)
{
	return st_nl_msg_sized(nl, cmd, flags, 0);
}

/* @msg (freed on failure) with the family's header for @cmd, or NULL. */
static struct nl_msg *msg_head(struct st_nl *nl, struct nl_msg *msg, int cmd,
			       int flags)
{
	if (!msg)
		return NULL;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, nl->family, 0, flags,
			 cmd, SYSTRACE_GENL_VERSION)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

struct nl_msg *st_nl_msg_sized(struct st_nl *nl, int cmd, int flags,
			       size_t payload)
{
	return msg_head(nl, payload ? nlmsg_alloc_size(payload + 4096) :
			    nlmsg_alloc(), cmd, flags);
}

struct nl_msg *st_nl_msg_small(struct st_nl *nl, int cmd, int flags,
			       size_t payload)
{
	return msg_head(nl, nlmsg_alloc_size(NLMSG_HDRLEN + GENL_HDRLEN +
					     payload), cmd, flags);
}

struct call_state {
	struct st_nl *nl;
	int err;	/* 1 while waiting, then 0 or -errno */
	unsigned int seq;	/* of the request */
};

/*
 * The extended ACK's message of the error @nlh (NLMSG_ERROR) into
 * nl->extack, when it has one.
 */
static void error_extack(struct st_nl *nl, struct nlmsghdr *nlh)
{
	struct nlmsgerr *e = nlmsg_data(nlh);
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	size_t off = sizeof(*e);

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - sizeof(struct nlmsghdr);
	if (nlh->nlmsg_len < NLMSG_HDRLEN + off)
		return;
	if (nla_parse(tb, NLMSGERR_ATTR_MAX, (struct nlattr *)((char *)e + off),
		      nlh->nlmsg_len - NLMSG_HDRLEN - off, NULL) == 0 &&
	    tb[NLMSGERR_ATTR_MSG])
		snprintf(nl->extack, sizeof(nl->extack), "%s",
			 nla_get_string(tb[NLMSGERR_ATTR_MSG]));
}

static int on_error(struct sockaddr_nl *who, struct nlmsgerr *e, void *arg)
{
	struct call_state *st = arg;

	(void)who;
	st->err = e->error ? e->error : -EIO;
	error_extack(st->nl, (struct nlmsghdr *)((char *)e - NLMSG_HDRLEN));
	return NL_STOP;
}

int st_nl_msg_error(struct st_nl *nl, struct nl_msg *msg, unsigned int *seq)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct nlmsgerr *e = nlmsg_data(nlh);

	if (nlh->nlmsg_type != NLMSG_ERROR ||
	    nlh->nlmsg_len < NLMSG_HDRLEN + sizeof(*e))
		return 1;
	*seq = nlh->nlmsg_seq;
	nl->extack[0] = '\0';
	if (e->error)
		error_extack(nl, nlh);
	return e->error > 0 ? -EIO : e->error;
}

static int on_ack(struct nl_msg *msg, void *arg)
{
	struct call_state *st = arg;

	(void)msg;
	st->err = 0;
	return NL_STOP;
}

/*
 * Our requests carry sequence numbers; the kernel's own messages 0. What
 * is not the reply to this request (a question; the error of an answer
 * sent without waiting, st_nl_send_noack()) goes to nl->unsolicited.
 */
static int on_seq(struct nl_msg *msg, void *arg)
{
	struct call_state *st = arg;
	struct nlmsghdr *h = nlmsg_hdr(msg);

	if (h->nlmsg_seq && h->nlmsg_seq == st->seq)
		return NL_OK;
	if (st->nl->unsolicited)
		st->nl->unsolicited(msg, st->nl->unsolicited_arg);
	return NL_SKIP;
}

/*
 * The end of a dump. A dump the kernel refused (LIST, PS without
 * CAP_SYS_ADMIN) ends here too: NLMSG_DONE carries its error as an int,
 * then the extended ACK attributes; libnl would take it for success.
 */
static int on_finish(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	struct call_state *st = arg;
	int err;

	if (nlh->nlmsg_len < NLMSG_HDRLEN + sizeof(int))
		return on_ack(msg, arg);
	memcpy(&err, nlmsg_data(nlh), sizeof(err));
	if (err >= 0)
		return on_ack(msg, arg);
	st->err = err;
	if ((nlh->nlmsg_flags & NLM_F_ACK_TLVS) &&
	    !nla_parse(tb, NLMSGERR_ATTR_MAX,
		       (struct nlattr *)((char *)nlmsg_data(nlh) + sizeof(int)),
		       nlh->nlmsg_len - NLMSG_HDRLEN - sizeof(int), NULL) &&
	    tb[NLMSGERR_ATTR_MSG])
		snprintf(st->nl->extack, sizeof(st->nl->extack), "%s",
			 nla_get_string(tb[NLMSGERR_ATTR_MSG]));
	return NL_STOP;
}

int st_nl_call(struct st_nl *nl, struct nl_msg *msg,
	       int (*valid)(struct nl_msg *msg, void *arg), void *arg)
{
	struct call_state st = { .nl = nl, .err = 1 };
	struct nl_cb *cb;
	int ret;

	nl->extack[0] = '\0';
	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	nl_cb_err(cb, NL_CB_CUSTOM, on_error, &st);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, on_ack, &st);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, on_finish, &st);
	nl_cb_set(cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, on_seq, &st);
	if (valid)
		nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, valid, arg);

	ret = nl_send_auto(nl->sk, msg);
	st.seq = nlmsg_hdr(msg)->nlmsg_seq;
	nlmsg_free(msg);
	if (ret < 0) {
		st.err = -EIO;
		goto out;
	}
	while (st.err > 0) {
		ret = nl_recvmsgs(nl->sk, cb);
		/*
		 * libnl's NLE_NOMEM is the socket's ENOBUFS too: messages
		 * for it were dropped, the reply perhaps among them.
		 */
		if (ret < 0 && st.err > 0)
			st.err = ret == -NLE_NOMEM ? -ENOBUFS : -EIO;
	}
out:
	nl_cb_put(cb);
	return st.err;
}

const char *st_nl_strerror(struct st_nl *nl, int err)
{
	static char buf[320];

	if (nl->extack[0])
		snprintf(buf, sizeof(buf), "%s: %s", strerror(-err), nl->extack);
	else
		snprintf(buf, sizeof(buf), "%s", strerror(-err));
	return buf;
}

int st_nl_any_seq(struct nl_msg *msg, void *arg)
{
	(void)msg;
	(void)arg;
	return NL_OK;
}

void st_nl_rcvbuf(struct nl_sock *sk, int size)
{
	if (setsockopt(nl_socket_get_fd(sk), SOL_SOCKET, SO_RCVBUFFORCE,
		       &size, sizeof(size)) < 0)
		setsockopt(nl_socket_get_fd(sk), SOL_SOCKET, SO_RCVBUF,
			   &size, sizeof(size));
}

int st_nl_send_noack(struct st_nl *nl, struct nl_msg *msg, unsigned int *seq)
{
	int ret;

	nl_complete_msg(nl->sk, msg);
	nlmsg_hdr(msg)->nlmsg_flags &= ~NLM_F_ACK;
	*seq = nlmsg_hdr(msg)->nlmsg_seq;
	ret = nl_send(nl->sk, msg);
	nlmsg_free(msg);
	return ret < 0 ? -EIO : 0;
}

/* The messages of @n bytes at @h, each to nl->unsolicited. */
static void deliver(struct st_nl *nl, struct nlmsghdr *h, int n)
{
	struct nl_msg *msg;

	for (; nlmsg_ok(h, n); h = nlmsg_next(h, &n)) {
		msg = nlmsg_convert(h);
		if (!msg) {
			fprintf(stderr, "systracectl: out of memory: a message from the kernel is dropped\n");
			continue;
		}
		if (nl->unsolicited)
			nl->unsolicited(msg, nl->unsolicited_arg);
		nlmsg_free(msg);
	}
}

/*
 * Not libnl's nl_recvmsgs(): without MSG_PEEK (a read for the size, then
 * one for the message) and without a poll() before each read, into one
 * buffer for the life of the socket, large enough for any message. 1 when
 * a read was made, 0 when none was waiting (or on an error, printed).
 */
int st_nl_read(struct st_nl *nl, const char *what)
{
	struct iovec iov = { .iov_base = nl->rbuf, .iov_len = ST_NL_MSG_MAX };
	struct sockaddr_nl who;
	struct msghdr mh = {
		.msg_name = &who, .msg_namelen = sizeof(who),
		.msg_iov = &iov, .msg_iovlen = 1,
	};
	ssize_t n;

	do
		n = recvmsg(nl_socket_get_fd(nl->sk), &mh, MSG_DONTWAIT);
	while (n < 0 && errno == EINTR);
	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
		return 0;
	if (n <= 0) {
		fprintf(stderr, "systracectl: receiving %s: %s\n", what,
			n ? strerror(errno) : "the socket closed");
		return 0;
	}
	if (mh.msg_flags & MSG_TRUNC)
		fprintf(stderr, "systracectl: receiving %s: a message longer than %d bytes, dropped\n",
			what, ST_NL_MSG_MAX);
	else if (who.nl_pid == 0)	/* only the kernel's */
		deliver(nl, nl->rbuf, n);
	return 1;
}

void st_nl_drain(struct st_nl *nl, const char *what)
{
	while (st_nl_read(nl, what))
		;
}

/* st_nl_hold()'s nl->unsolicited: keep @msg. */
static int hold(struct nl_msg *msg, void *arg)
{
	struct st_nl *nl = arg;
	struct nl_msg **h;

	h = realloc(nl->held, (nl->nheld + 1) * sizeof(*h));
	if (!h) {
		fprintf(stderr, "systracectl: out of memory: a message from the kernel is dropped\n");
		return NL_SKIP;
	}
	nlmsg_get(msg);
	h[nl->nheld++] = msg;
	nl->held = h;
	return NL_OK;
}

static void free_held(struct st_nl *nl)
{
	while (nl->nheld)
		nlmsg_free(nl->held[--nl->nheld]);
	free(nl->held);
	nl->held = NULL;
}

int st_nl_listen(struct st_nl *nl, int rcvbuf,
		 int (*fn)(struct nl_msg *msg, void *arg), void *arg)
{
	size_t i;

	if (!nl->rbuf) {
		nl->rbuf = malloc(ST_NL_MSG_MAX);
		if (!nl->rbuf)
			return -ENOMEM;
	}
	st_nl_rcvbuf(nl->sk, rcvbuf);
	/* st_nl_call()'s replies on this socket, read by libnl, too. */
	nl_socket_disable_msg_peek(nl->sk);
	nl_socket_set_msg_buf_size(nl->sk, ST_NL_MSG_MAX);
	nl->unsolicited = fn;
	nl->unsolicited_arg = arg;
	/* What came before, in the order it came. */
	if (fn != hold) {
		for (i = 0; i < nl->nheld; i++)
			fn(nl->held[i], arg);
		free_held(nl);
	}
	return 0;
}

int st_nl_hold(struct st_nl *nl, int rcvbuf)
{
	return st_nl_listen(nl, rcvbuf, hold, nl);
}

void st_nl_unlisten(struct st_nl *nl)
{
	nl->unsolicited = NULL;
	free_held(nl);
	free(nl->rbuf);
	nl->rbuf = NULL;
}
