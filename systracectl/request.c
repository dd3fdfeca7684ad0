// SPDX-License-Identifier: GPL-2.0
/*
 * The requests of systracectl (request.h), each command's attributes put
 * in one function; the selftests link this file too (st_load_image*()).
 */
#include <errno.h>
#include <linux/systrace.h>

#include "request.h"

static int parse_xfer(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[SYSTRACE_A_MAX + 1];

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, SYSTRACE_A_MAX, NULL) == 0 &&
	    tb[SYSTRACE_A_XFER])
		*(unsigned int *)arg = nla_get_u32(tb[SYSTRACE_A_XFER]);
	return NL_OK;
}

/* LOAD_BEGIN: the transfer's id, or 0 (and *@err) when refused. */
static unsigned int load_begin(struct st_nl *nl, const struct st_load_opts *o,
			       size_t len, int *err)
{
	unsigned int xfer = 0;
	struct nl_msg *msg;

	msg = st_nl_msg(nl, SYSTRACE_CMD_LOAD_BEGIN, 0);
	if (!msg) {
		*err = -ENOMEM;
		return 0;
	}
	if (nla_put_string(msg, SYSTRACE_A_NAME, o->name) ||
	    nla_put_u32(msg, SYSTRACE_A_SIZE, len) ||
	    nla_put_u8(msg, SYSTRACE_A_MODE, o->mode) ||
	    (o->agent && nla_put_flag(msg, SYSTRACE_A_AGENT)) ||
	    (o->timeout && nla_put_u32(msg, SYSTRACE_A_TIMEOUT, o->timeout)) ||
	    (o->owner != ST_NO_OWNER &&
	     nla_put_u32(msg, SYSTRACE_A_OWNER, o->owner))) {
		nlmsg_free(msg);
		*err = -EMSGSIZE;
		return 0;
	}
	*err = st_nl_call(nl, msg, parse_xfer, &xfer);
	if (!*err && !xfer)
		*err = -EPROTO;
	return *err ? 0 : xfer;
}

int st_load(struct st_nl *nl, const struct st_load_opts *o,
	    const unsigned char *buf, size_t len)
{
	struct nl_msg *msg;
	unsigned int xfer;
	size_t off, n;
	int ret;

	xfer = load_begin(nl, o, len, &ret);
	if (!xfer)
		return ret;
	for (off = 0; off < len; off += n) {
		n = len - off < SYSTRACE_LOAD_CHUNK ? len - off : SYSTRACE_LOAD_CHUNK;
		msg = st_nl_msg_sized(nl, SYSTRACE_CMD_LOAD_DATA, 0, n);
		if (!msg)
			return -ENOMEM;
		if (nla_put_u32(msg, SYSTRACE_A_XFER, xfer) ||
		    nla_put_u32(msg, SYSTRACE_A_OFFSET, off) ||
		    nla_put(msg, SYSTRACE_A_DATA, n, buf + off)) {
			nlmsg_free(msg);
			return -EMSGSIZE;
		}
		ret = st_nl_call(nl, msg, NULL, NULL);
		if (ret < 0)
			return ret;
	}

	msg = st_nl_msg(nl, SYSTRACE_CMD_LOAD_COMMIT, 0);
	if (!msg)
		return -ENOMEM;
	if (nla_put_u32(msg, SYSTRACE_A_XFER, xfer)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	return st_nl_call(nl, msg, NULL, NULL);
}

/* The selftests' short forms (nl.h). */
int st_load_image(struct st_nl *nl, const char *name, int mode,
		  const unsigned char *buf, size_t len)
{
	return st_load_image_owned(nl, name, mode, 0, 0, ST_NO_OWNER, buf, len);
}

int st_load_image_opts(struct st_nl *nl, const char *name, int mode,
		       int agent, unsigned int timeout,
		       const unsigned char *buf, size_t len)
{
	return st_load_image_owned(nl, name, mode, agent, timeout,
				   ST_NO_OWNER, buf, len);
}

int st_load_image_owned(struct st_nl *nl, const char *name, int mode,
			int agent, unsigned int timeout, long long owner,
			const unsigned char *buf, size_t len)
{
	struct st_load_opts o = {
		.name = name, .mode = mode, .agent = agent,
		.timeout = timeout, .owner = owner,
	};

	return st_load(nl, &o, buf, len);
}

/* Send @msg unless putting its attributes failed (@bad). */
static int req_send(struct st_nl *nl, struct nl_msg *msg, int bad,
		st_reply_fn reply, void *arg)
{
	if (bad) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	return st_nl_call(nl, msg, reply, arg);
}

int st_req_unload(struct st_nl *nl, const char *name, st_reply_fn reply,
		  void *arg)
{
	struct nl_msg *msg = st_nl_msg(nl, SYSTRACE_CMD_UNLOAD, 0);

	if (!msg)
		return -ENOMEM;
	return req_send(nl, msg, nla_put_string(msg, SYSTRACE_A_NAME, name),
		    reply, arg);
}

int st_req_confine_self(struct st_nl *nl, const char *name, int mode,
			unsigned int flags)
{
	struct nl_msg *msg = st_nl_msg(nl, SYSTRACE_CMD_CONFINE_SELF, 0);

	if (!msg)
		return -ENOMEM;
	return req_send(nl, msg, nla_put_string(msg, SYSTRACE_A_NAME, name) ||
		    nla_put_u8(msg, SYSTRACE_A_MODE, mode) ||
		    nla_put_u32(msg, SYSTRACE_A_FLAGS, flags), NULL, NULL);
}

int st_req_attach(struct st_nl *nl, const char *name, unsigned int index,
		  int mode, unsigned int pid)
{
	struct nl_msg *msg = st_nl_msg(nl, SYSTRACE_CMD_ATTACH, 0);

	if (!msg)
		return -ENOMEM;
	return req_send(nl, msg, nla_put_string(msg, SYSTRACE_A_NAME, name) ||
		    nla_put_u32(msg, SYSTRACE_A_PID, pid) ||
		    nla_put_u32(msg, SYSTRACE_A_POLICY_INDEX, index) ||
		    nla_put_u8(msg, SYSTRACE_A_MODE, mode), NULL, NULL);
}

int st_req_answer(struct st_nl *nl, uint64_t qid, int verdict, int err)
{
	/*
	 * Some 40 bytes: not nlmsg_alloc()'s page, which calloc() zeroes
	 * (for every answer).
	 */
	struct nl_msg *msg = st_nl_msg_small(nl, SYSTRACE_CMD_ANSWER, 0, 64);

	if (!msg)
		return -ENOMEM;
	return req_send(nl, msg, nla_put_u64(msg, SYSTRACE_A_QID, qid) ||
		    nla_put_u8(msg, SYSTRACE_A_VERDICT, verdict) ||
		    (verdict == SYSTRACE_VERDICT_DENY &&
		     nla_put_u32(msg, SYSTRACE_A_ERRNO, err)), NULL, NULL);
}

int st_req_answer_noack(struct st_nl *nl, uint64_t qid, int verdict, int err,
			unsigned int *seq)
{
	struct nl_msg *msg = st_nl_msg_small(nl, SYSTRACE_CMD_ANSWER, 0, 64);

	if (!msg)
		return -ENOMEM;
	if (nla_put_u64(msg, SYSTRACE_A_QID, qid) ||
	    nla_put_u8(msg, SYSTRACE_A_VERDICT, verdict) ||
	    (verdict == SYSTRACE_VERDICT_DENY &&
	     nla_put_u32(msg, SYSTRACE_A_ERRNO, err))) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	return st_nl_send_noack(nl, msg, seq);
}

int st_req_simple(struct st_nl *nl, int cmd, bool dump, st_reply_fn reply,
		  void *arg)
{
	struct nl_msg *msg = st_nl_msg(nl, cmd, dump ? NLM_F_DUMP : 0);

	if (!msg)
		return -ENOMEM;
	return st_nl_call(nl, msg, reply, arg);
}
