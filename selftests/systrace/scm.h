/* SPDX-License-Identifier: GPL-2.0 */
/*
 * systrace selftests: a descriptor passed over a unix socket (SCM_RIGHTS),
 * with one byte of data.
 */
#ifndef _ST_SCM_H
#define _ST_SCM_H

#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>

/* One byte of data and room for one descriptor. */
struct st_scm {
	char data;
	struct iovec iov;
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int))];
	} u;
	struct msghdr msg;
};

static inline struct msghdr *st_scm_init(struct st_scm *m)
{
	memset(m, 0, sizeof(*m));
	m->data = 'x';
	m->iov.iov_base = &m->data;
	m->iov.iov_len = 1;
	m->msg.msg_iov = &m->iov;
	m->msg.msg_iovlen = 1;
	m->msg.msg_control = m->u.buf;
	m->msg.msg_controllen = sizeof(m->u.buf);
	return &m->msg;
}

/* Send @fd on @sock: 0, or -1. */
static inline int st_send_fd(int sock, int fd)
{
	struct st_scm m;
	struct msghdr *msg = st_scm_init(&m);
	struct cmsghdr *c = CMSG_FIRSTHDR(msg);

	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &fd, sizeof(int));
	return sendmsg(sock, msg, 0) == 1 ? 0 : -1;
}

/* The descriptor received on @sock, or -1. */
static inline int st_recv_fd(int sock)
{
	struct st_scm m;
	struct msghdr *msg = st_scm_init(&m);
	struct cmsghdr *c;
	int fd;

	if (recvmsg(sock, msg, 0) != 1)
		return -1;
	c = CMSG_FIRSTHDR(msg);
	if (!c || c->cmsg_type != SCM_RIGHTS)
		return -1;
	memcpy(&fd, CMSG_DATA(c), sizeof(int));
	return fd;
}

#endif /* _ST_SCM_H */
