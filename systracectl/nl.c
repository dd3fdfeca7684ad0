// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <poll.h>
#include <stdio.h>
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
};

static int on_error(struct sockaddr_nl *who, struct nlmsgerr *e, void *arg)
{
	struct call_state *st = arg;
	struct nlmsghdr *nlh = (struct nlmsghdr *)((char *)e - NLMSG_HDRLEN);
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	size_t off = sizeof(*e);

	(void)who;
	st->err = e->error ? e->error : -EIO;
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return NL_STOP;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - sizeof(struct nlmsghdr);
	if (nlh->nlmsg_len < NLMSG_HDRLEN + off)
		return NL_STOP;
	if (nla_parse(tb, NLMSGERR_ATTR_MAX, (struct nlattr *)((char *)e + off),
		      nlh->nlmsg_len - NLMSG_HDRLEN - off, NULL) == 0 &&
	    tb[NLMSGERR_ATTR_MSG])
		snprintf(st->nl->extack, sizeof(st->nl->extack), "%s",
			 nla_get_string(tb[NLMSGERR_ATTR_MSG]));
	return NL_STOP;
}

static int on_ack(struct nl_msg *msg, void *arg)
{
	struct call_state *st = arg;

	(void)msg;
	st->err = 0;
	return NL_STOP;
}

/* Our requests carry sequence numbers; the kernel's own messages 0. */
static int on_seq(struct nl_msg *msg, void *arg)
{
	struct call_state *st = arg;
	struct nlmsghdr *h = nlmsg_hdr(msg);

	if (h->nlmsg_seq)
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
	nlmsg_free(msg);
	if (ret < 0) {
		st.err = -EIO;
		goto out;
	}
	while (st.err > 0) {
		ret = nl_recvmsgs(nl->sk, cb);
		if (ret < 0 && st.err > 0)
			st.err = -EIO;
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

void st_nl_drain(struct nl_sock *sk, struct nl_cb *cb, const char *what)
{
	struct pollfd p = { .fd = nl_socket_get_fd(sk), .events = POLLIN };
	int ret;

	while (poll(&p, 1, 0) > 0 && (p.revents & POLLIN)) {
		ret = nl_recvmsgs(sk, cb);
		if (ret < 0 && ret != -NLE_AGAIN && ret != -NLE_INTR) {
			fprintf(stderr, "systracectl: receiving %s: %s\n", what,
				nl_geterror(ret));
			break;
		}
	}
}

struct nl_cb *st_nl_listen(struct st_nl *nl, int rcvbuf,
			   int (*fn)(struct nl_msg *msg, void *arg), void *arg)
{
	struct nl_cb *cb;

	st_nl_rcvbuf(nl->sk, rcvbuf);
	nl_socket_enable_msg_peek(nl->sk);
	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb)
		return NULL;
	nl_cb_set(cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, st_nl_any_seq, NULL);
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, fn, arg);
	nl->unsolicited = fn;
	nl->unsolicited_arg = arg;
	return cb;
}
