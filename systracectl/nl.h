/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Generic netlink plumbing shared by systracectl and the selftests: one
 * place that resolves the family, sends requests, collects replies and
 * the kernel's extended ACK message.
 */
#ifndef SYSTRACECTL_NL_H
#define SYSTRACECTL_NL_H

#include <netlink/genl/genl.h>
#include <netlink/msg.h>

struct st_nl {
	struct nl_sock *sk;
	int family;		/* genl family id of "systrace" */
	char extack[256];	/* the kernel's message for the last error */
	/*
	 * Messages the kernel sends unasked (sequence number 0: questions
	 * to an agent) that arrive while st_nl_call() waits for its answer
	 * are passed here, not lost; NULL drops them.
	 */
	int (*unsolicited)(struct nl_msg *msg, void *arg);
	void *unsolicited_arg;
	/* st_nl_hold()'s messages, for st_nl_listen()'s @fn. */
	struct nl_msg **held;
	size_t nheld;
	void *rbuf;		/* st_nl_drain()'s, ST_NL_MSG_MAX bytes */
};

/*
 * The largest message the kernel sends: a question with eight values of
 * SYSTRACE_ARG_VALUE_MAX bytes and a PATH_MAX program is under 40 KB, a
 * dump's message under 32 KB.
 */
#define ST_NL_MSG_MAX	(64 << 10)

/*
 * Connect and resolve the family. Returns 0, -ENOENT when the systrace
 * family does not exist (module not loaded), or another -errno.
 */
int st_nl_open(struct st_nl *nl);
void st_nl_close(struct st_nl *nl);

/* A new request for @cmd, or NULL when out of memory. */
struct nl_msg *st_nl_msg(struct st_nl *nl, int cmd, int flags);
/* The same, with room for @payload bytes of attributes. */
struct nl_msg *st_nl_msg_sized(struct st_nl *nl, int cmd, int flags,
			       size_t payload);
/*
 * The same, with room for @payload bytes of attributes and no more: for
 * a small request sent often (nlmsg_alloc() zeroes a page).
 */
struct nl_msg *st_nl_msg_small(struct st_nl *nl, int cmd, int flags,
			       size_t payload);

/*
 * Send @msg (consumed), call @valid for each reply message, wait for the
 * final ACK or error. Returns 0 or -errno; on error nl->extack holds the
 * kernel's explanation when it gave one (else an empty string).
 */
int st_nl_call(struct st_nl *nl, struct nl_msg *msg,
	       int (*valid)(struct nl_msg *msg, void *arg), void *arg);

/*
 * Load an image of any size under @name (request.c; request.h's st_load()
 * takes the options by name): with @agent, this socket answers the
 * image's questions; @timeout: seconds a question waits, 0 for the
 * module's default; @owner: the uid of a user's image ("~UID/NAME"), or
 * global with ST_NO_OWNER. Returns 0 or -errno (extack in nl).
 */
#define ST_NO_OWNER	(-1LL)
int st_load_image(struct st_nl *nl, const char *name, int mode,
		  const unsigned char *buf, size_t len);
int st_load_image_opts(struct st_nl *nl, const char *name, int mode,
		       int agent, unsigned int timeout,
		       const unsigned char *buf, size_t len);
int st_load_image_owned(struct st_nl *nl, const char *name, int mode,
			int agent, unsigned int timeout, long long owner,
			const unsigned char *buf, size_t len);

/* "strerror: extack" for the last failed call, in a static buffer. */
const char *st_nl_strerror(struct st_nl *nl, int err);

/*
 * NL_CB_SEQ_CHECK of a socket that receives what the kernel sends unasked
 * (events, questions: sequence number 0): every message passes.
 */
int st_nl_any_seq(struct nl_msg *msg, void *arg);

/*
 * A receive buffer of @size bytes for @sk: SO_RCVBUFFORCE (which may pass
 * rmem_max, with CAP_NET_ADMIN), else SO_RCVBUF.
 */
void st_nl_rcvbuf(struct nl_sock *sk, int size);

/* An agent's receive buffer: 1,000 questions in flight. */
#define ST_AGENT_RCVBUF	(64 << 20)

/*
 * Send @msg (consumed) without asking for an ACK, and not waiting: a
 * failure comes back later as an error message (NLMSG_ERROR) with *@seq,
 * read through nl->unsolicited (st_nl_msg_error()). 0 or -errno.
 */
int st_nl_send_noack(struct st_nl *nl, struct nl_msg *msg, unsigned int *seq);

/*
 * @msg as an error message (NLMSG_ERROR): its error (0 or -errno, the
 * kernel's explanation in nl->extack) and the sequence number of the
 * request that failed in *@seq; 1 when it is not one.
 */
int st_nl_msg_error(struct st_nl *nl, struct nl_msg *msg, unsigned int *seq);

/*
 * Read every message waiting on @nl into nl->unsolicited; never blocks
 * (st_nl_listen() first). A receive error other than "again" and
 * "interrupted" is printed ("receiving @what: ...") and ends the read.
 */
void st_nl_drain(struct st_nl *nl, const char *what);
/* One read of st_nl_drain()'s: 1 when made, 0 when nothing waited. */
int st_nl_read(struct st_nl *nl, const char *what);

/*
 * Make @nl a socket the kernel sends to unasked (an agent's questions):
 * a receive buffer of @rcvbuf bytes, and @fn(@arg) called for each
 * message, whether it comes while st_nl_call() waits or is read by
 * st_nl_drain(): questions, and the errors of requests sent by
 * st_nl_send_noack(). 0, or -ENOMEM. st_nl_unlisten() (or st_nl_close())
 * ends it.
 */
int st_nl_listen(struct st_nl *nl, int rcvbuf,
		 int (*fn)(struct nl_msg *msg, void *arg), void *arg);
void st_nl_unlisten(struct st_nl *nl);

/*
 * Keep what the kernel sends unasked until st_nl_listen(), which hands
 * it to its @fn first: for an agent, whose questions may come while
 * st_nl_call() waits for its registration's ACK (they come as soon as
 * the kernel takes it). 0, or -ENOMEM.
 */
int st_nl_hold(struct st_nl *nl, int rcvbuf);

#endif /* SYSTRACECTL_NL_H */
