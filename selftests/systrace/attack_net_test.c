// SPDX-License-Identifier: GPL-2.0
/*
 * systrace selftests, attacks on the network rules (issue 11, point 2):
 * every route that opens a connection, sends to an address, binds or
 * accepts reaches the decision connect(2), sendto(2), bind(2) or accept(2)
 * reach, under a policy that denies connect to a target but permits what
 * the route itself needs (socket, sendmsg, io_uring_setup/enter, mmap).
 *
 * The target is a listener of the unconfined test process; the attacker's
 * goal, a connection it accepts or a datagram it receives, is checked
 * there, in order of events: after the confined child exited, the test
 * makes a connection (sends a datagram) of its own, the marker, and takes
 * everything queued up to it; anything before the marker came from the
 * child. See Documentation/security.rst, "Routes to the same effect: the
 * network".
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <linux/io_uring.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "harness.h"
#include "hooks.h"
#include "uring.h"

#define NAME "attack_net_test"

#ifndef MSG_FASTOPEN
#define MSG_FASTOPEN 0x20000000
#endif
#ifndef TCP_FASTOPEN_CONNECT
#define TCP_FASTOPEN_CONNECT 30
#endif
#ifndef IPPROTO_MPTCP
#define IPPROTO_MPTCP 262
#endif
#ifndef SOL_SCTP
#define SOL_SCTP 132
#endif
/* <linux/sctp.h>; libsctp's header is not installed. */
#define ST_SCTP_SOCKOPT_BINDX_ADD 100
#define ST_SCTP_SOCKOPT_CONNECTX 110
/* 6.11's, not in Debian 12's <linux/io_uring.h>. */
#define ST_IORING_OP_BIND 56
#define ST_IORING_OP_LISTEN 57
/* sctp.ko and what it needs, in order (selftests.mk copies them). */
#define ST_NET_MODS "crc32c_generic libcrc32c udp_tunnel ip6_udp_tunnel sctp"

/* The listeners of the unconfined test process, and the policy's ports. */
struct target {
	int tcp4, tcp6;		/* connect denied */
	int up4, up6;		/* connect permitted: the "upstream" */
	int udp;		/* sendmsg to it denied */
	int sctp;		/* -1: no SCTP in this kernel */
	struct sockaddr_in tcp4_sa, up4_sa, udp_sa, sctp_sa;
	struct sockaddr_in6 tcp6_sa, up6_sa;
};

static char policy[4096];

/* A socket of @type on the loopback address of @family, port chosen. */
static int loopback(int family, int type, int proto, void *sa)
{
	socklen_t len = family == AF_INET ? sizeof(struct sockaddr_in) :
					    sizeof(struct sockaddr_in6);
	int fd = socket(family, type, proto);

	if (fd < 0)
		return -1;
	memset(sa, 0, len);
	if (family == AF_INET) {
		struct sockaddr_in *sin = sa;

		sin->sin_family = AF_INET;
		sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	} else {
		struct sockaddr_in6 *sin6 = sa;

		sin6->sin6_family = AF_INET6;
		sin6->sin6_addr = in6addr_loopback;
	}
	if (bind(fd, sa, len) || getsockname(fd, sa, &len) ||
	    (type != SOCK_DGRAM && listen(fd, 16))) {
		close(fd);
		return -1;
	}
	return fd;
}

static int port4(const struct sockaddr_in *sin)
{
	return ntohs(sin->sin_port);
}

static void make_policy(const struct target *t)
{
	snprintf(policy, sizeof(policy),
		 "Policy: /selftests/" NAME ", Emulation: native\n"
		 "\tnative-recvmsg: permit\n"
		 "\tnative-close: permit\n"
		 "\tnative-read: permit\n"
		 "\tnative-write: permit\n"
		 "\tnative-mmap: permit\n"
		 "\tnative-munmap: permit\n"
		 "\tnative-io_uring_setup: permit\n"
		 "\tnative-io_uring_enter: permit\n"
		 "\tnative-setsockopt: permit\n"
		 "\tnative-socket: socktype eq \"SOCK_RAW\" then deny[eacces]\n"
		 "\tnative-socket: sockdom eq \"AF_INET\" then permit\n"
		 "\tnative-socket: sockdom eq \"AF_INET6\" then permit\n"
		 /* Only the upstreams, as nginx's policy. */
		 "\tnative-connect: sockaddr eq \"inet-[127.0.0.1]:%d\" then permit\n"
		 "\tnative-connect: sockaddr eq \"inet6-[::1]:%d\" then permit\n"
		 "\tnative-connect: deny[eacces]\n"
		 /* Sends by address, as dnsmasq's policy. */
		 "\tnative-sendmsg: sockaddr eq \"inet-[127.0.0.1]:%d\" then deny[eacces]\n"
		 "\tnative-sendmsg: permit\n"
		 "\tnative-bind: deny[eacces]\n"
		 "\tnative-listen: permit\n"
		 "\tnative-accept: deny[eacces]\n",
		 port4(&t->up4_sa), ntohs(t->up6_sa.sin6_port),
		 port4(&t->udp_sa));
}

/* The targets, the policy loaded: what every test starts from. */
static void target_open(struct __test_metadata *_metadata, struct target *t)
{
	/* The VM's init leaves the loopback interface down. */
	ASSERT_EQ(0, system("ip link set lo up 2>/dev/null || ifconfig lo up"));
	/* A send on a socket not connected: EPIPE, not death (children too). */
	signal(SIGPIPE, SIG_IGN);
	/* Fast Open for clients (the default; set in case it was changed). */
	ASSERT_EQ(0, system("echo 1 > /proc/sys/net/ipv4/tcp_fastopen"));
	t->tcp4 = loopback(AF_INET, SOCK_STREAM, 0, &t->tcp4_sa);
	ASSERT_LE(0, t->tcp4);
	t->up4 = loopback(AF_INET, SOCK_STREAM, 0, &t->up4_sa);
	ASSERT_LE(0, t->up4);
	t->tcp6 = loopback(AF_INET6, SOCK_STREAM, 0, &t->tcp6_sa);
	ASSERT_LE(0, t->tcp6);
	t->up6 = loopback(AF_INET6, SOCK_STREAM, 0, &t->up6_sa);
	ASSERT_LE(0, t->up6);
	t->udp = loopback(AF_INET, SOCK_DGRAM, 0, &t->udp_sa);
	ASSERT_LE(0, t->udp);
	/* sctp.ko: the image has a copy for its kernel (selftests.mk). */
	t->sctp = loopback(AF_INET, SOCK_STREAM, IPPROTO_SCTP, &t->sctp_sa);
	if (t->sctp < 0) {
		system("d=/lib/modules/$(uname -r)/st-net; for m in " ST_NET_MODS
		       "; do insmod $d/$m.ko 2>/dev/null; done");
		t->sctp = loopback(AF_INET, SOCK_STREAM, IPPROTO_SCTP,
				   &t->sctp_sa);
	}
	make_policy(t);
	ASSERT_EQ(0, st_policy_load(NAME, policy, SYSTRACE_MODE_ENFORCE));
}

static void target_close(struct target *t)
{
	close(t->tcp4);
	close(t->tcp6);
	close(t->up4);
	close(t->up6);
	close(t->udp);
	if (t->sctp >= 0)
		close(t->sctp);
}

FIXTURE(attack) {
	struct target t;
};

FIXTURE_SETUP(attack)
{
	target_open(_metadata, &self->t);
}

FIXTURE_TEARDOWN(attack)
{
	target_close(&self->t);
}

/* io_uring: each operation as its submitter runs it, and in an io-wq worker. */
FIXTURE(io_uring) {
	struct target t;
};

FIXTURE_VARIANT(io_uring) {
	int async;		/* IOSQE_ASYNC: the operation runs in io-wq */
};

FIXTURE_VARIANT_ADD(io_uring, submitter) {
	.async = 0,
};

FIXTURE_VARIANT_ADD(io_uring, io_wq) {
	.async = 1,
};

FIXTURE_SETUP(io_uring)
{
	target_open(_metadata, &self->t);
}

FIXTURE_TEARDOWN(io_uring)
{
	target_close(&self->t);
}

/*
 * The connections listener @l accepted before the test's own marker
 * connection to @sa: what the confined child achieved (-1: error).
 */
static int connections(int l, const void *sa, socklen_t len, int type,
		       int proto)
{
	struct sockaddr_storage mine, peer;
	socklen_t mlen = sizeof(mine), plen;
	int m = socket(((const struct sockaddr *)sa)->sa_family, type, proto);
	int n = 0, a;

	if (m < 0 || connect(m, sa, len) || getsockname(m, (void *)&mine, &mlen))
		return -1;
	for (;;) {
		plen = sizeof(peer);
		a = accept(l, (void *)&peer, &plen);
		if (a < 0)
			return -1;
		close(a);
		if (plen == mlen && !memcmp(&peer, &mine, mlen))
			break;
		n++;
	}
	/* And none queued behind the marker. */
	fcntl(l, F_SETFL, O_NONBLOCK);
	while ((a = accept(l, NULL, NULL)) >= 0) {
		close(a);
		n++;
	}
	fcntl(l, F_SETFL, 0);
	close(m);
	return n;
}

static int tcp_connections(int l, const void *sa)
{
	socklen_t len = ((const struct sockaddr *)sa)->sa_family == AF_INET ?
			sizeof(struct sockaddr_in) : sizeof(struct sockaddr_in6);

	return connections(l, sa, len, SOCK_STREAM, 0);
}

/* The datagrams @u received before the test's own marker. */
static int datagrams(int u, const struct sockaddr_in *sa)
{
	int m = socket(AF_INET, SOCK_DGRAM, 0), n = 0;
	char buf[64];
	ssize_t r;

	if (m < 0 || sendto(m, "marker", 6, 0, (void *)sa, sizeof(*sa)) != 6)
		return -1;
	close(m);
	for (;;) {
		r = recv(u, buf, sizeof(buf), 0);
		if (r < 0)
			return -1;
		if (r == 6 && !memcmp(buf, "marker", 6))
			return n;
		n++;
	}
}

/* Does this kernel's io_uring have operation @op? (In the test: unconfined.) */
static int ring_has(int op)
{
	static char buf[sizeof(struct io_uring_probe) +
			256 * sizeof(struct io_uring_probe_op)];
	struct io_uring_probe *p = (void *)buf;
	struct ring r;
	int ok;

	if (ring_init(&r, 0))
		return 0;
	memset(buf, 0, sizeof(buf));
	ok = !syscall(__NR_io_uring_register, r.fd, IORING_REGISTER_PROBE, p,
		      256) && op <= p->last_op &&
	     (p->ops[op].flags & IO_URING_OP_SUPPORTED);
	close(r.fd);
	return ok;
}

/* ---- what the confined child does ---- */

struct route {
	const struct target *t;
	int async;		/* io_uring: IOSQE_ASYNC (an io-wq worker) */
	struct ring *ring;	/* io_uring: set up by the test, or NULL */
};

static const char data[] = "attacker's data";

/* sendto(MSG_FASTOPEN) to the denied target: refused as its connect. */
static void fastopen_sendto4(void *arg)
{
	const struct route *ro = arg;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	ST_CHECK(1, fd >= 0);
	ST_CHECK(2, sendto(fd, data, sizeof(data), MSG_FASTOPEN,
			   (void *)&ro->t->tcp4_sa, sizeof(ro->t->tcp4_sa)) == -1);
	ST_CHECK(3, errno == EACCES);
}

static void fastopen_sendto6(void *arg)
{
	const struct route *ro = arg;
	int fd = socket(AF_INET6, SOCK_STREAM, 0);

	ST_CHECK(1, fd >= 0);
	ST_CHECK(2, sendto(fd, data, sizeof(data), MSG_FASTOPEN,
			   (void *)&ro->t->tcp6_sa, sizeof(ro->t->tcp6_sa)) == -1);
	ST_CHECK(3, errno == EACCES);
}

static void fastopen_sendmsg(void *arg)
{
	const struct route *ro = arg;
	struct iovec iov = { (void *)data, sizeof(data) };
	struct msghdr msg = {
		.msg_name = (void *)&ro->t->tcp4_sa,
		.msg_namelen = sizeof(ro->t->tcp4_sa),
		.msg_iov = &iov, .msg_iovlen = 1,
	};
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	ST_CHECK(1, fd >= 0);
	ST_CHECK(2, sendmsg(fd, &msg, MSG_FASTOPEN) == -1);
	ST_CHECK(3, errno == EACCES);
}

static void fastopen_sendmmsg(void *arg)
{
	const struct route *ro = arg;
	struct iovec iov = { (void *)data, sizeof(data) };
	struct mmsghdr mm[2] = {};
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	mm[0].msg_hdr.msg_name = (void *)&ro->t->tcp4_sa;
	mm[0].msg_hdr.msg_namelen = sizeof(ro->t->tcp4_sa);
	mm[0].msg_hdr.msg_iov = &iov;
	mm[0].msg_hdr.msg_iovlen = 1;
	mm[1] = mm[0];
	ST_CHECK(1, fd >= 0);
	ST_CHECK(2, sendmmsg(fd, mm, 2, MSG_FASTOPEN) == -1);
	ST_CHECK(3, errno == EACCES);
}

/* The upstream the policy permits: fast open works and is a connect. */
static void fastopen_upstream(void *arg)
{
	const struct route *ro = arg;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	ST_CHECK(1, fd >= 0);
	ST_CHECK(2, sendto(fd, data, sizeof(data), MSG_FASTOPEN,
			   (void *)&ro->t->up4_sa, sizeof(ro->t->up4_sa)) ==
		    sizeof(data));
}

/*
 * TCP_FASTOPEN_CONNECT: connect() only records the address (the SYN goes
 * with the first write), but it is a connect(2): socket_connect decides it.
 * A socket connected so to the upstream sends there whatever address a
 * later sendto() names.
 */
static void fastopen_connect(void *arg)
{
	const struct route *ro = arg;
	int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;

	ST_CHECK(1, fd >= 0);
	ST_CHECK(2, !setsockopt(fd, IPPROTO_TCP, TCP_FASTOPEN_CONNECT, &one,
				sizeof(one)));
	ST_CHECK(3, connect(fd, (void *)&ro->t->tcp4_sa,
			    sizeof(ro->t->tcp4_sa)) == -1 && errno == EACCES);
	ST_CHECK(4, write(fd, data, sizeof(data)) == -1);
	ST_CHECK(5, sendto(fd, data, sizeof(data), 0, (void *)&ro->t->tcp4_sa,
			   sizeof(ro->t->tcp4_sa)) == -1);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	ST_CHECK(6, fd >= 0);
	ST_CHECK(7, !setsockopt(fd, IPPROTO_TCP, TCP_FASTOPEN_CONNECT, &one,
				sizeof(one)));
	ST_CHECK(8, !connect(fd, (void *)&ro->t->up4_sa, sizeof(ro->t->up4_sa)));
	/* A fast-open send is decided on the address it names... */
	ST_CHECK(9, sendto(fd, data, sizeof(data), MSG_FASTOPEN,
			   (void *)&ro->t->tcp4_sa, sizeof(ro->t->tcp4_sa)) ==
		    -1 && errno == EACCES);
	/* ...a plain one goes to the upstream, whatever the address says. */
	ST_CHECK(10, sendto(fd, data, sizeof(data), 0, (void *)&ro->t->tcp4_sa,
			    sizeof(ro->t->tcp4_sa)) == sizeof(data));
}

/* MPTCP (6.12: fast open of its own, mptcp_sendmsg_fastopen()). */
static void fastopen_mptcp(void *arg)
{
	const struct route *ro = arg;
	int fd = socket(AF_INET, SOCK_STREAM, IPPROTO_MPTCP);

	ST_CHECK(1, fd >= 0);
	ST_CHECK(2, sendto(fd, data, sizeof(data), MSG_FASTOPEN,
			   (void *)&ro->t->tcp4_sa, sizeof(ro->t->tcp4_sa)) == -1);
	/* 6.1's MPTCP has no fast open (EOPNOTSUPP): no connection either. */
	ST_CHECK(3, errno == EACCES || errno == EOPNOTSUPP);
}

/* UDP: a send is decided by its address (pins today's behaviour). */
static void udp_sendto(void *arg)
{
	const struct route *ro = arg;
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	ST_CHECK(1, fd >= 0);
	ST_CHECK(2, sendto(fd, data, sizeof(data), 0, (void *)&ro->t->udp_sa,
			   sizeof(ro->t->udp_sa)) == -1 && errno == EACCES);
	ST_CHECK(3, sendto(fd, data, sizeof(data), MSG_FASTOPEN,
			   (void *)&ro->t->udp_sa, sizeof(ro->t->udp_sa)) == -1 &&
		    errno == EACCES);
}

static struct ring child_ring;

/* The ring: the test's (set up before confinement), or one of its own. */
static struct ring *route_ring(const struct route *ro)
{
	if (ro->ring)
		return ro->ring;
	ST_CHECK(50, ring_init(&child_ring, 0) == 0);
	return &child_ring;
}

static void uring_prep(const struct route *ro, struct io_uring_sqe *sqe,
		       int op, int fd)
{
	memset(sqe, 0, sizeof(*sqe));
	sqe->opcode = op;
	sqe->fd = fd;
	if (ro->async)
		sqe->flags = IOSQE_ASYNC;
}

static void uring_connect(void *arg)
{
	const struct route *ro = arg;
	struct ring *r = route_ring(ro);
	struct io_uring_sqe sqe;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	ST_CHECK(1, fd >= 0);
	uring_prep(ro, &sqe, IORING_OP_CONNECT, fd);
	sqe.addr = (unsigned long)&ro->t->tcp4_sa;
	sqe.off = sizeof(ro->t->tcp4_sa);
	ST_CHECK(2, ring_run(r, &sqe) == -EACCES);
}

static void uring_sendmsg_fastopen(void *arg)
{
	const struct route *ro = arg;
	struct ring *r = route_ring(ro);
	struct iovec iov = { (void *)data, sizeof(data) };
	struct msghdr msg = {
		.msg_name = (void *)&ro->t->tcp4_sa,
		.msg_namelen = sizeof(ro->t->tcp4_sa),
		.msg_iov = &iov, .msg_iovlen = 1,
	};
	struct io_uring_sqe sqe;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	ST_CHECK(1, fd >= 0);
	uring_prep(ro, &sqe, IORING_OP_SENDMSG, fd);
	sqe.addr = (unsigned long)&msg;
	sqe.msg_flags = MSG_FASTOPEN;
	ST_CHECK(2, ring_run(r, &sqe) == -EACCES);
}

/* @op, a send with an address (sqe->addr2) and MSG_FASTOPEN. */
static void uring_send_to(const struct route *ro, int op)
{
	struct ring *r = route_ring(ro);
	struct io_uring_sqe sqe;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	ST_CHECK(1, fd >= 0);
	uring_prep(ro, &sqe, op, fd);
	sqe.addr = (unsigned long)data;
	sqe.len = sizeof(data);
	sqe.addr2 = (unsigned long)&ro->t->tcp4_sa;
	sqe.addr_len = sizeof(ro->t->tcp4_sa);
	sqe.msg_flags = MSG_FASTOPEN;
	ST_CHECK(2, ring_run(r, &sqe) == -EACCES);
}

/* IORING_OP_SEND with an address (sqe->addr2), as sendto(). */
static void uring_send_fastopen(void *arg)
{
	uring_send_to(arg, IORING_OP_SEND);
}

/* IORING_OP_SEND_ZC with an address and MSG_FASTOPEN. */
static void uring_send_zc_fastopen(void *arg)
{
	uring_send_to(arg, IORING_OP_SEND_ZC);
}

/* IORING_OP_BIND, IORING_OP_LISTEN (6.11): bind is denied. */
static void uring_bind(void *arg)
{
	struct sockaddr_in sin = { .sin_family = AF_INET,
				   .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	const struct route *ro = arg;
	struct ring *r = route_ring(ro);
	struct io_uring_sqe sqe;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	ST_CHECK(1, fd >= 0);
	uring_prep(ro, &sqe, ST_IORING_OP_BIND, fd);
	sqe.addr = (unsigned long)&sin;
	sqe.off = sizeof(sin);
	ST_CHECK(2, ring_run(r, &sqe) == -EACCES);
	/* listen is permitted: it binds a port of the kernel's choice. */
	uring_prep(ro, &sqe, ST_IORING_OP_LISTEN, fd);
	sqe.len = 1;
	ST_CHECK(3, ring_run(r, &sqe) == 0);
}

/* A datagram to an address sendmsg is denied for. */
static void uring_udp_sendmsg(void *arg)
{
	const struct route *ro = arg;
	struct ring *r = route_ring(ro);
	struct iovec iov = { (void *)data, sizeof(data) };
	struct msghdr msg = {
		.msg_name = (void *)&ro->t->udp_sa,
		.msg_namelen = sizeof(ro->t->udp_sa),
		.msg_iov = &iov, .msg_iovlen = 1,
	};
	struct io_uring_sqe sqe;
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	ST_CHECK(1, fd >= 0);
	uring_prep(ro, &sqe, IORING_OP_SENDMSG, fd);
	sqe.addr = (unsigned long)&msg;
	ST_CHECK(2, ring_run(r, &sqe) == -EACCES);
	uring_prep(ro, &sqe, IORING_OP_SEND, fd);
	sqe.addr = (unsigned long)data;
	sqe.len = sizeof(data);
	sqe.addr2 = (unsigned long)&ro->t->udp_sa;
	sqe.addr_len = sizeof(ro->t->udp_sa);
	ST_CHECK(3, ring_run(r, &sqe) == -EACCES);
}

/* A socket of a type the policy denies. */
static void uring_socket(void *arg)
{
	const struct route *ro = arg;
	struct ring *r = route_ring(ro);
	struct io_uring_sqe sqe;

	uring_prep(ro, &sqe, IORING_OP_SOCKET, AF_INET);
	sqe.off = SOCK_RAW;
	sqe.len = IPPROTO_UDP;
	ST_CHECK(1, ring_run(r, &sqe) == -EACCES);
}

/* accept is denied: on the listener the child inherited (fd 3 below). */
static int accept_fd;

static void uring_accept(void *arg)
{
	const struct route *ro = arg;
	struct ring *r = route_ring(ro);
	struct io_uring_sqe sqe;

	ST_CHECK(1, accept(accept_fd, NULL, NULL) == -1 && errno == EACCES);
	uring_prep(ro, &sqe, IORING_OP_ACCEPT, accept_fd);
	ST_CHECK(2, ring_run(r, &sqe) == -EACCES);
}

/*
 * SCTP: sendmsg to an address not connected opens an association (one to
 * many style: the target is a one-to-one listener; the styles are local).
 */
static void sctp_sendmsg(void *arg)
{
	const struct route *ro = arg;
	int fd = socket(AF_INET, SOCK_SEQPACKET, IPPROTO_SCTP);

	ST_CHECK(1, fd >= 0);
	ST_CHECK(2, sendto(fd, data, sizeof(data), 0, (void *)&ro->t->sctp_sa,
			   sizeof(ro->t->sctp_sa)) == -1 && errno == EACCES);
}

/* sctp_connectx(): setsockopt(SCTP_SOCKOPT_CONNECTX), no connect(2). */
static void sctp_connectx(void *arg)
{
	const struct route *ro = arg;
	int fd = socket(AF_INET, SOCK_SEQPACKET, IPPROTO_SCTP);

	ST_CHECK(1, fd >= 0);
	ST_CHECK(2, setsockopt(fd, SOL_SCTP, ST_SCTP_SOCKOPT_CONNECTX,
			       &ro->t->sctp_sa, sizeof(ro->t->sctp_sa)) == -1 &&
		    errno == EACCES);
	ST_CHECK(3, sendto(fd, data, sizeof(data), 0, (void *)&ro->t->sctp_sa,
			   sizeof(ro->t->sctp_sa)) == -1 && errno == EACCES);
}

/* sctp_bindx(): setsockopt(SCTP_SOCKOPT_BINDX_ADD), no bind(2). */
static void sctp_bindx(void *arg)
{
	struct sockaddr_in sin = { .sin_family = AF_INET,
				   .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int fd = socket(AF_INET, SOCK_SEQPACKET, IPPROTO_SCTP);

	(void)arg;
	ST_CHECK(1, fd >= 0);
	ST_CHECK(2, bind(fd, (void *)&sin, sizeof(sin)) == -1 && errno == EACCES);
	ST_CHECK(3, setsockopt(fd, SOL_SCTP, ST_SCTP_SOCKOPT_BINDX_ADD, &sin,
			       sizeof(sin)) == -1 && errno == EACCES);
}

/* ---- the tests ---- */

static int run(struct __test_metadata *_metadata, const struct target *t,
	       void (*fn)(void *), int async, pid_t *pid)
{
	struct route ro = { .t = t, .async = async };

	(void)_metadata;
	return st_run_child(NAME, 0, SYSTRACE_MODE_ENFORCE, fn, &ro, pid);
}

/* Run @fn confined; the target @l (at @sa) must have no connection. */
#define ATTACK_TCP(fn, async, l, sa) do {				\
	pid_t pid;							\
	int st = run(_metadata, &self->t, fn, async, &pid);		\
									\
	ASSERT_EQ(0, tcp_connections(l, sa));				\
	ASSERT_EQ(0, st);						\
} while (0)

TEST_F(attack, fastopen_sendto_ipv4)
{
	struct st_events ev;
	char args[64];
	pid_t pid;
	int st;

	ASSERT_EQ(0, st_events_open(&ev));
	st = run(_metadata, &self->t, fastopen_sendto4, 0, &pid);
	ASSERT_EQ(0, tcp_connections(self->t.tcp4, &self->t.tcp4_sa));
	ASSERT_EQ(0, st);
	/* Decided as the connect it is, by connect's rules. */
	snprintf(args, sizeof(args), "sockaddr: \"inet-[127.0.0.1]:%d\"",
		 port4(&self->t.tcp4_sa));
	ASSERT_TRUE(st_events_has(&ev, pid, "connect", args,
				  SYSTRACE_VERDICT_DENY, EACCES));
	st_events_close(&ev);
}

TEST_F(attack, fastopen_sendto_ipv6)
{
	ATTACK_TCP(fastopen_sendto6, 0, self->t.tcp6, &self->t.tcp6_sa);
}

TEST_F(attack, fastopen_sendmsg)
{
	ATTACK_TCP(fastopen_sendmsg, 0, self->t.tcp4, &self->t.tcp4_sa);
}

TEST_F(attack, fastopen_sendmmsg)
{
	ATTACK_TCP(fastopen_sendmmsg, 0, self->t.tcp4, &self->t.tcp4_sa);
}

TEST_F(attack, fastopen_upstream)
{
	char buf[sizeof(data)];
	pid_t pid;
	int a;

	ASSERT_EQ(0, run(_metadata, &self->t, fastopen_upstream, 0, &pid));
	a = accept(self->t.up4, NULL, NULL);
	ASSERT_LE(0, a);
	ASSERT_EQ(sizeof(data), read(a, buf, sizeof(buf)));
	close(a);
}

TEST_F(attack, fastopen_connect_sockopt)
{
	char buf[sizeof(data)];
	pid_t pid;
	int st, a;

	st = run(_metadata, &self->t, fastopen_connect, 0, &pid);
	ASSERT_EQ(0, tcp_connections(self->t.tcp4, &self->t.tcp4_sa));
	ASSERT_EQ(0, st);
	/* The data went to the address connect() was decided for. */
	a = accept(self->t.up4, NULL, NULL);
	ASSERT_LE(0, a);
	ASSERT_EQ(sizeof(data), read(a, buf, sizeof(buf)));
	close(a);
}

TEST_F(attack, fastopen_mptcp)
{
	int fd = socket(AF_INET, SOCK_STREAM, IPPROTO_MPTCP);

	if (fd < 0)
		SKIP(return, "no MPTCP in this kernel");
	close(fd);
	ATTACK_TCP(fastopen_mptcp, 0, self->t.tcp4, &self->t.tcp4_sa);
}

TEST_F(attack, udp_sendto)
{
	pid_t pid;
	int st = run(_metadata, &self->t, udp_sendto, 0, &pid);

	ASSERT_EQ(0, datagrams(self->t.udp, &self->t.udp_sa));
	ASSERT_EQ(0, st);
}

TEST_F(io_uring, connect)
{
	ATTACK_TCP(uring_connect, variant->async, self->t.tcp4,
		   &self->t.tcp4_sa);
}

TEST_F(io_uring, sendmsg_fastopen)
{
	ATTACK_TCP(uring_sendmsg_fastopen, variant->async, self->t.tcp4,
		   &self->t.tcp4_sa);
}

TEST_F(io_uring, send_fastopen)
{
	ATTACK_TCP(uring_send_fastopen, variant->async, self->t.tcp4,
		   &self->t.tcp4_sa);
}

TEST_F(io_uring, send_zc_fastopen)
{
	ATTACK_TCP(uring_send_zc_fastopen, variant->async, self->t.tcp4,
		   &self->t.tcp4_sa);
}

TEST_F(io_uring, bind_listen)
{
	pid_t pid;

	if (!ring_has(ST_IORING_OP_BIND) || !ring_has(ST_IORING_OP_LISTEN))
		SKIP(return, "no IORING_OP_BIND, IORING_OP_LISTEN (6.11)");
	ASSERT_EQ(0, run(_metadata, &self->t, uring_bind, variant->async,
			 &pid));
}

TEST_F(io_uring, udp_sendmsg)
{
	pid_t pid;
	int st = run(_metadata, &self->t, uring_udp_sendmsg, variant->async,
		     &pid);

	ASSERT_EQ(0, datagrams(self->t.udp, &self->t.udp_sa));
	ASSERT_EQ(0, st);
}

TEST_F(io_uring, socket)
{
	pid_t pid;

	ASSERT_EQ(0, run(_metadata, &self->t, uring_socket, variant->async,
			 &pid));
}

/*
 * accept is denied: a connection queued on a listener the child
 * inherited stays there, for the test to take.
 */
static void accept_route(struct __test_metadata *_metadata,
			 struct target *t, int async)
{
	struct sockaddr_in sin;
	pid_t pid;
	int l, c, st, a;

	l = loopback(AF_INET, SOCK_STREAM, 0, &sin);
	ASSERT_LE(0, l);
	c = socket(AF_INET, SOCK_STREAM, 0);
	ASSERT_EQ(0, connect(c, (void *)&sin, sizeof(sin)));
	accept_fd = l;
	st = run(_metadata, t, uring_accept, async, &pid);
	/* The first connection is still queued: the child took none. */
	fcntl(l, F_SETFL, O_NONBLOCK);
	a = accept(l, NULL, NULL);
	ASSERT_LE(0, a);
	close(a);
	ASSERT_EQ(0, st);
	close(c);
	close(l);
}

TEST_F(io_uring, accept)
{
	accept_route(_metadata, &self->t, variant->async);
}

/*
 * A submission-queue polling thread: its creator's. Created by the
 * confined task, it is confined as the task (task_alloc).
 */
static void sqpoll_own(void *arg)
{
	struct route ro = *(const struct route *)arg;

	ST_CHECK(40, ring_init(&child_ring, IORING_SETUP_SQPOLL) == 0);
	ro.ring = &child_ring;
	uring_connect(&ro);
	uring_sendmsg_fastopen(&ro);
}

TEST_F(attack, uring_sqpoll)
{
	ATTACK_TCP(sqpoll_own, 0, self->t.tcp4, &self->t.tcp4_sa);
}

/* SCTP, when this kernel has it (sctp.ko loaded in the VM). */
#define NEED_SCTP() do {						\
	if (self->t.sctp < 0)						\
		SKIP(return, "no SCTP in this kernel (%s)",		\
		     strerror(errno));					\
} while (0)

static int sctp_associations(struct target *t)
{
	return connections(t->sctp, &t->sctp_sa, sizeof(t->sctp_sa),
			   SOCK_STREAM, IPPROTO_SCTP);
}

TEST_F(attack, sctp_sendmsg)
{
	pid_t pid;
	int st;

	NEED_SCTP();
	st = run(_metadata, &self->t, sctp_sendmsg, 0, &pid);
	ASSERT_EQ(0, sctp_associations(&self->t));
	ASSERT_EQ(0, st);
}

TEST_F(attack, sctp_connectx)
{
	pid_t pid;
	int st;

	NEED_SCTP();
	st = run(_metadata, &self->t, sctp_connectx, 0, &pid);
	ASSERT_EQ(0, sctp_associations(&self->t));
	ASSERT_EQ(0, st);
}

TEST_F(attack, sctp_bindx)
{
	pid_t pid;

	NEED_SCTP();
	ASSERT_EQ(0, run(_metadata, &self->t, sctp_bindx, 0, &pid));
}

/*
 * The shipped policies themselves (policies/, /etc/systrace in the VM):
 * nginx's "only its upstream" and dnsmasq's "no TCP connection out" hold
 * for fast-open sends and SCTP associations, which their socket and
 * sendmsg rules permit to start.
 */
static void shipped_routes(void *arg)
{
	const struct route *ro = arg;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	ST_CHECK(1, fd >= 0);
	ST_CHECK(2, sendto(fd, data, sizeof(data), MSG_FASTOPEN,
			   (void *)&ro->t->tcp4_sa, sizeof(ro->t->tcp4_sa)) == -1 &&
		    errno == EACCES);
	if (ro->t->sctp < 0)
		return;
	fd = socket(AF_INET, SOCK_STREAM, IPPROTO_SCTP);
	ST_CHECK(3, fd >= 0);
	ST_CHECK(4, sendto(fd, data, sizeof(data), 0, (void *)&ro->t->sctp_sa,
			   sizeof(ro->t->sctp_sa)) == -1 && errno == EACCES);
	ST_CHECK(5, setsockopt(fd, SOL_SCTP, ST_SCTP_SOCKOPT_CONNECTX,
			       &ro->t->sctp_sa, sizeof(ro->t->sctp_sa)) == -1 &&
		    errno == EACCES);
}

static void shipped(struct __test_metadata *_metadata, struct target *t,
		    const char *image)
{
	static char text[16384];
	struct route ro = { .t = t };
	char path[64];
	pid_t pid;
	FILE *f;
	size_t n;
	int st;

	snprintf(path, sizeof(path), "/etc/systrace/%s", image);
	f = fopen(path, "r");
	ASSERT_NE(NULL, f);
	n = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[n] = '\0';
	ASSERT_EQ(0, st_policy_load("attack_net_shipped", text,
				    SYSTRACE_MODE_ENFORCE));
	st = st_run_child("attack_net_shipped", 0, SYSTRACE_MODE_ENFORCE,
			  shipped_routes, &ro, &pid);
	ASSERT_EQ(0, tcp_connections(t->tcp4, &t->tcp4_sa));
	if (t->sctp >= 0)
		ASSERT_EQ(0, sctp_associations(t));
	ASSERT_EQ(0, st);
}

TEST_F(attack, shipped_nginx)
{
	shipped(_metadata, &self->t, "usr_sbin_nginx");
}

TEST_F(attack, shipped_dnsmasq)
{
	shipped(_metadata, &self->t, "usr_sbin_dnsmasq");
}

TEST_HARNESS_MAIN
