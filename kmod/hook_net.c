// SPDX-License-Identifier: GPL-2.0
/*
 * systrace: sockets (socket_create, socket_bind, socket_connect,
 * socket_listen, socket_accept, socket_sendmsg, sctp_bind_connect).
 *
 * Addresses are decided on the kernel's copy of the caller's sockaddr (the
 * hook runs after move_addr_to_kernel(): no user memory is read twice) and
 * printed as systrace printed them: "inet-[1.2.3.4]:80", "inet6-[::1]:80",
 * a unix socket's path as given ("/dev/log"; an abstract name as "@name",
 * an unnamed (autobind) address as ""), anything else "family(N)".
 * A send without an address (send() on a connected socket) is decided on
 * the connected peer's address, as getpeername() gives it: a socketpair's
 * peer is unnamed ("").
 *
 * Calls are named as systrace named them, then by the system call actually
 * made: socket (socketpair), accept (accept4), sendmsg (sendto, sendmmsg).
 *
 * Every route to the same effect is decided by the same rules (see
 * Documentation/security.rst, "Routes to the same effect: the network"):
 * - a connection opened by a send: a fast-open send (MSG_FASTOPEN on a
 *   stream socket, with an address: TCP and MPTCP connect there, in
 *   tcp_sendmsg_fastopen(), without socket_connect) is decided as connect
 *   to that address, then as sendmsg; SCTP's association by sendmsg, and
 *   its connectx, reach sctp_bind_connect: decided as connect to each
 *   address; sctp_bindx as bind to each;
 * - io_uring: its socket, connect, accept, bind and listen reach the same
 *   hooks as the system calls and are decided as them, inline in
 *   io_uring_enter or in an io-wq or SQPOLL thread (confined as the task
 *   that made it, task_alloc); its sends (IORING_OP_SEND, SENDMSG, their
 *   zero-copy forms, and WRITE or SPLICE to a socket, which the hook cannot
 *   tell from a send) are decided as sendmsg;
 * - a send that names an address is decided wherever it runs (task work
 *   of io_uring runs on the way out of any system call).
 *
 * Not decided here:
 * - kernel sockets (socket_create's @kern, sk_kern_sock): made by the
 *   kernel for itself (NFS, the netlink reply path), not by the task;
 * - socket_sendmsg of write(), writev(), splice() and sendfile() on a
 *   socket: they never carry an address or MSG_FASTOPEN, so they go to the
 *   peer a connect decided; they are calls of their own that the syscall
 *   filter decides (raw);
 * - the SCTP peer's own address changes (ASCONF's ADD_IP, SET_PRIMARY),
 *   processed for the association, not asked for by the task;
 * - the ia32 socketcall() multiplexer is decided raw by the syscall filter
 *   (it is not covered) and, for what reaches these hooks, as the call it
 *   carries (connect, ...) under the call's own ia32 name.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/in.h>
#include <linux/in6.h>
#include <net/ipv6.h>
#include <linux/net.h>
#include <linux/socket.h>
#include <linux/uaccess.h>
#include <linux/un.h>
#include <net/sock.h>
#include <linux/sctp.h>
#include <asm/unistd.h>
#include <asm/unistd_32_ia32.h>

#include "hook_call.h"

/* Longest printed address: a 108-byte unix path, or inet6 with a port. */
#define ST_SOCKADDR_MAX	128
#define ST_SOCKNAME_MAX	32

static const char *const st_sockdom_names[] = {
	[AF_UNSPEC] = "AF_UNSPEC",
	[AF_UNIX] = "AF_UNIX",
	[AF_INET] = "AF_INET",
	[AF_AX25] = "AF_AX25",
	[AF_IPX] = "AF_IPX",
	[AF_APPLETALK] = "AF_APPLETALK",
	[AF_X25] = "AF_X25",
	[AF_INET6] = "AF_INET6",
	[AF_KEY] = "AF_KEY",
	[AF_NETLINK] = "AF_NETLINK",
	[AF_PACKET] = "AF_PACKET",
	[AF_RDS] = "AF_RDS",
	[AF_CAN] = "AF_CAN",
	[AF_TIPC] = "AF_TIPC",
	[AF_BLUETOOTH] = "AF_BLUETOOTH",
	[AF_ALG] = "AF_ALG",
	[AF_VSOCK] = "AF_VSOCK",
	[AF_XDP] = "AF_XDP",
};

static const char *const st_socktype_names[] = {
	[SOCK_STREAM] = "SOCK_STREAM",
	[SOCK_DGRAM] = "SOCK_DGRAM",
	[SOCK_RAW] = "SOCK_RAW",
	[SOCK_RDM] = "SOCK_RDM",
	[SOCK_SEQPACKET] = "SOCK_SEQPACKET",
	[SOCK_DCCP] = "SOCK_DCCP",
	[SOCK_PACKET] = "SOCK_PACKET",
};

/* Unknown values as systrace printed them: "AF_UNKNOWN(38)". */
static const char *st_sockdom(int family, char *buf, size_t size)
{
	if (family >= 0 && family < ARRAY_SIZE(st_sockdom_names) &&
	    st_sockdom_names[family])
		return st_sockdom_names[family];
	snprintf(buf, size, "AF_UNKNOWN(%d)", family);
	return buf;
}

static const char *st_socktype(int type, char *buf, size_t size)
{
	if (type >= 0 && type < ARRAY_SIZE(st_socktype_names) &&
	    st_socktype_names[type])
		return st_socktype_names[type];
	snprintf(buf, size, "SOCK_UNKNOWN(%d)", type);
	return buf;
}

/*
 * @sa, @len: the kernel's copy of the address, its length as the caller
 * gave it (0 to sizeof(struct sockaddr_storage)); the protocol has not
 * checked it yet, so every field is read only within @len.
 */
static void st_sockaddr(const struct sockaddr *sa, int len, char *buf,
			size_t size)
{
	const struct sockaddr_un *sun = (const struct sockaddr_un *)sa;
	const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)sa;
	const struct sockaddr_in *sin = (const struct sockaddr_in *)sa;
	int plen, i, n;

	if (len < (int)sizeof(sa_family_t)) {
		/* No family at all: nothing a rule could name. */
		snprintf(buf, size, "family(none)");
		return;
	}
	switch (sa->sa_family) {
	case AF_INET:
		if (len < (int)sizeof(*sin))
			break;
		snprintf(buf, size, "inet-[%pI4]:%u", &sin->sin_addr,
			 ntohs(sin->sin_port));
		return;
	case AF_INET6:
		/* The RFC 2133 size, without the scope id, is accepted. */
		if (len < SIN6_LEN_RFC2133)
			break;
		snprintf(buf, size, "inet6-[%pI6c]:%u", &sin6->sin6_addr,
			 ntohs(sin6->sin6_port));
		return;
	case AF_UNIX:
		plen = min_t(int, len - offsetof(struct sockaddr_un, sun_path),
			     sizeof(sun->sun_path));
		n = 0;
		if (plen > 0 && !sun->sun_path[0]) {
			/* Abstract: "@name", NULs in the name as '@' (ss). */
			for (i = 0; i < plen && n < size - 1; i++)
				buf[n++] = sun->sun_path[i] ? sun->sun_path[i] :
							      '@';
		} else {
			for (i = 0; i < plen && sun->sun_path[i] &&
				    n < size - 1; i++)
				buf[n++] = sun->sun_path[i];
		}
		buf[n] = '\0';
		return;
	}
	snprintf(buf, size, "family(%u)", sa->sa_family);
}

/* The calls, each with the system calls that reach its hook as it. */
static const struct st_sysnr st_socket_covers[] = {
	{ SYSTRACE_NS_X86_64, __NR_socket },
	{ SYSTRACE_NS_X86_64, __NR_socketpair },
	{ SYSTRACE_NS_IA32, __NR_ia32_socket },
	{ SYSTRACE_NS_IA32, __NR_ia32_socketpair },
};

static const struct st_sysnr st_bind_covers[] = {
	{ SYSTRACE_NS_X86_64, __NR_bind },
	{ SYSTRACE_NS_IA32, __NR_ia32_bind },
};

static const struct st_sysnr st_connect_covers[] = {
	{ SYSTRACE_NS_X86_64, __NR_connect },
	{ SYSTRACE_NS_IA32, __NR_ia32_connect },
};

static const struct st_sysnr st_listen_covers[] = {
	{ SYSTRACE_NS_X86_64, __NR_listen },
	{ SYSTRACE_NS_IA32, __NR_ia32_listen },
};

static const struct st_sysnr st_accept_covers[] = {
	{ SYSTRACE_NS_X86_64, __NR_accept },
	{ SYSTRACE_NS_X86_64, __NR_accept4 },
	{ SYSTRACE_NS_IA32, __NR_ia32_accept4 },
};

static const struct st_sysnr st_sendmsg_covers[] = {
	{ SYSTRACE_NS_X86_64, __NR_sendmsg },
	{ SYSTRACE_NS_X86_64, __NR_sendto },
	{ SYSTRACE_NS_X86_64, __NR_sendmmsg },
	{ SYSTRACE_NS_IA32, __NR_ia32_sendmsg },
	{ SYSTRACE_NS_IA32, __NR_ia32_sendto },
	{ SYSTRACE_NS_IA32, __NR_ia32_sendmmsg },
};

/* ia32 has no accept(2) of its own: socketcall(SYS_ACCEPT) is accept4. */
static const struct st_callspec st_socket_spec = {
	"socket", SYSTRACE_ALIAS_NONE, __NR_socket, __NR_ia32_socket,
	st_socket_covers, ARRAY_SIZE(st_socket_covers)
};

static const struct st_callspec st_bind_spec = {
	"bind", SYSTRACE_ALIAS_NONE, __NR_bind, __NR_ia32_bind,
	st_bind_covers, ARRAY_SIZE(st_bind_covers)
};

static const struct st_callspec st_connect_spec = {
	"connect", SYSTRACE_ALIAS_NONE, __NR_connect, __NR_ia32_connect,
	st_connect_covers, ARRAY_SIZE(st_connect_covers)
};

static const struct st_callspec st_listen_spec = {
	"listen", SYSTRACE_ALIAS_NONE, __NR_listen, __NR_ia32_listen,
	st_listen_covers, ARRAY_SIZE(st_listen_covers)
};

static const struct st_callspec st_accept_spec = {
	"accept", SYSTRACE_ALIAS_NONE, __NR_accept, __NR_ia32_accept4,
	st_accept_covers, ARRAY_SIZE(st_accept_covers)
};

static const struct st_callspec st_sendmsg_spec = {
	"sendmsg", SYSTRACE_ALIAS_NONE, __NR_sendmsg, __NR_ia32_sendmsg,
	st_sendmsg_covers, ARRAY_SIZE(st_sendmsg_covers)
};

/* Every hook here may sleep: the socket calls run in process context. */
static int st_net_decide(const struct st_task *t, struct st_call *c)
{
	int ret;

	c->may_sleep = true;
	st_hook_enter();
	ret = st_decide(t, c);
	st_hook_exit();
	return ret;
}

static int st_socket_create(int family, int type, int protocol, int kern)
{
	char dom[ST_SOCKNAME_MAX], typ[ST_SOCKNAME_MAX];
	const struct st_task *t;
	struct st_call c = {};
	long nr;

	if (!st_task_any())
		return 0;
	t = st_task_current();
	if (!t || kern)
		return 0;
	st_call_init(&c, &st_socket_spec, &nr);
	st_call_arg(&c, SYSTRACE_ARG_SOCKDOM, 0,
		    st_sockdom(family, dom, sizeof(dom)));
	st_call_arg(&c, SYSTRACE_ARG_SOCKTYPE, 0,
		    st_socktype(type, typ, sizeof(typ)));
	c.pending = st_elev_pending(ST_ELEV_SOCKET);
	return st_net_decide(t, &c);
}

/* The domain and type of an existing socket, for listen and accept. */
static void st_sock_args(struct st_call *c, const struct socket *sock,
			 char *dom, char *typ)
{
	st_call_arg(c, SYSTRACE_ARG_SOCKDOM, 0,
		    st_sockdom(sock->sk ? sock->sk->sk_family : AF_UNSPEC,
			       dom, ST_SOCKNAME_MAX));
	st_call_arg(c, SYSTRACE_ARG_SOCKTYPE, 0,
		    st_socktype(sock->type, typ, ST_SOCKNAME_MAX));
}

static int st_socket_addr(const struct st_callspec *spec,
			  enum st_elev_kind kind, struct sockaddr *address,
			  int addrlen)
{
	char addr[ST_SOCKADDR_MAX];
	const struct st_task *t;
	struct st_call c = {};
	long nr;

	if (!st_task_any())
		return 0;
	t = st_task_current();
	if (!t)
		return 0;
	st_call_init(&c, spec, &nr);
	st_sockaddr(address, addrlen, addr, sizeof(addr));
	st_call_arg(&c, SYSTRACE_ARG_SOCKADDR, 0, addr);
	/* A bind raised at entry: this address must be one it elevates. */
	c.pending = st_elev_pending(kind);
	return st_net_decide(t, &c);
}

static int st_socket_bind(struct socket *sock, struct sockaddr *address,
			  int addrlen)
{
	return st_socket_addr(&st_bind_spec, ST_ELEV_BIND, address, addrlen);
}

static int st_socket_connect(struct socket *sock, struct sockaddr *address,
			     int addrlen)
{
	return st_socket_addr(&st_connect_spec, ST_ELEV_NONE, address,
			      addrlen);
}

/*
 * The syscall filter's look at a socket or bind an ``as`` rule may elevate
 * (elevate.c): the arguments the hook will see, from the registers and, for
 * bind, a copy of the address in user memory (the kernel copies it again;
 * st_socket_bind() decides that copy and confirms the elevation).
 */
int st_net_elev_entry(const struct st_task *t, enum st_elev_kind kind,
		      const unsigned long *args)
{
	char dom[ST_SOCKNAME_MAX], typ[ST_SOCKNAME_MAX];
	char addr[ST_SOCKADDR_MAX];
	struct sockaddr_storage ss;
	struct st_call c = {};
	int len, ret;
	long nr;

	if (kind == ST_ELEV_SOCKET) {
		st_call_init(&c, &st_socket_spec, &nr);
		st_call_arg(&c, SYSTRACE_ARG_SOCKDOM, 0,
			    st_sockdom((int)args[0], dom, sizeof(dom)));
		/* __sys_socket() takes the flags off before the hook. */
		st_call_arg(&c, SYSTRACE_ARG_SOCKTYPE, 0,
			    st_socktype((int)args[1] & SOCK_TYPE_MASK, typ,
					sizeof(typ)));
	} else {
		/* The kernel fails these before the hook: nothing to raise. */
		len = (int)args[2];
		if (len < 0 || len > (int)sizeof(ss) ||
		    copy_from_user(&ss, (const void __user *)args[1], len))
			return 0;
		st_call_init(&c, &st_bind_spec, &nr);
		st_sockaddr((struct sockaddr *)&ss, len, addr, sizeof(addr));
		st_call_arg(&c, SYSTRACE_ARG_SOCKADDR, 0, addr);
	}
	c.may_sleep = true;
	st_hook_enter();
	ret = st_elev_entry(t, &c, kind);
	st_hook_exit();
	return ret;
}

static int st_socket_listen(struct socket *sock, int backlog)
{
	char dom[ST_SOCKNAME_MAX], typ[ST_SOCKNAME_MAX];
	const struct st_task *t;
	struct st_call c = {};
	long nr;

	if (!st_task_any())
		return 0;
	t = st_task_current();
	if (!t)
		return 0;
	st_call_init(&c, &st_listen_spec, &nr);
	st_sock_args(&c, sock, dom, typ);
	return st_net_decide(t, &c);
}

static int st_socket_accept(struct socket *sock, struct socket *newsock)
{
	char dom[ST_SOCKNAME_MAX], typ[ST_SOCKNAME_MAX];
	const struct st_task *t;
	struct st_call c = {};
	long nr;

	if (!st_task_any())
		return 0;
	t = st_task_current();
	if (!t)
		return 0;
	st_call_init(&c, &st_accept_spec, &nr);
	st_sock_args(&c, sock, dom, typ);
	return st_net_decide(t, &c);
}

/*
 * A fast-open send connects to its address (tcp_sendmsg_fastopen(), and
 * MPTCP's) without reaching socket_connect: decide it as connect, by the
 * same rules. Whatever the socket's state: on a socket already connected
 * (or with TCP_FASTOPEN_CONNECT's deferred connect) the kernel ignores the
 * address, but the state may change between here and the protocol
 * (connect(AF_UNSPEC) from another thread), and the address is what the
 * task named.
 */
static bool st_sendmsg_connects(const struct socket *sock,
				const struct msghdr *msg)
{
	return (msg->msg_flags & MSG_FASTOPEN) && sock->type == SOCK_STREAM &&
	       msg->msg_name && msg->msg_namelen > 0;
}

/* Is the current task in io_uring_enter() (an inline io_uring request)? */
static bool st_in_io_uring(long nr)
{
	return st_call_is(nr, __NR_io_uring_enter, __NR_ia32_io_uring_enter);
}

static int st_socket_sendmsg(struct socket *sock, struct msghdr *msg,
			     int size)
{
	char addr[ST_SOCKADDR_MAX];
	const struct st_task *t;
	struct st_call c = {};
	enum st_origin origin;
	bool named;
	long nr;
	int ret;

	if (!st_task_any())
		return 0;
	t = st_task_current();
	if (!t || (sock->sk && sock->sk->sk_kern_sock))
		return 0;
	origin = st_call_init(&c, &st_sendmsg_spec, &nr);
	named = msg->msg_name && msg->msg_namelen > 0;
	/*
	 * write() and friends on a socket: their own calls (see the top).
	 * They name no address; one that does is a send, wherever it runs.
	 */
	if (origin == ST_ORIGIN_OTHER && !named &&
	    !st_call_is(nr, U16_MAX, __NR_ia32_socketcall) &&
	    !st_in_io_uring(nr))
		return 0;
	if (st_sendmsg_connects(sock, msg)) {
		ret = st_socket_addr(&st_connect_spec, ST_ELEV_NONE, msg->msg_name,
				     msg->msg_namelen);
		if (ret)
			return ret;
	}
	/* msg_name is the kernel's copy (move_addr_to_kernel()). */
	if (named) {
		st_sockaddr(msg->msg_name, msg->msg_namelen, addr,
			    sizeof(addr));
		st_call_arg(&c, SYSTRACE_ARG_SOCKADDR, 0, addr);
	} else {
		/*
		 * No address: the message goes to the connected peer, whose
		 * address getpeername() would give. No peer: no sockaddr,
		 * and a rule that tests it denies (the send would fail).
		 */
		struct sockaddr_storage peer;
		int len = kernel_getpeername(sock, (struct sockaddr *)&peer);

		if (len >= 0) {
			st_sockaddr((struct sockaddr *)&peer, len, addr,
				    sizeof(addr));
			st_call_arg(&c, SYSTRACE_ARG_SOCKADDR, 0, addr);
		}
	}
	return st_net_decide(t, &c);
}

/* The length of the SCTP address at @sa, of at most @len bytes. */
static int st_sctp_addrlen(const struct sockaddr *sa, int len)
{
	int n = len;

	if (len >= (int)sizeof(sa_family_t)) {
		if (sa->sa_family == AF_INET)
			n = sizeof(struct sockaddr_in);
		else if (sa->sa_family == AF_INET6)
			n = sizeof(struct sockaddr_in6);
	}
	return min(n, len);
}

/*
 * SCTP opens associations and binds addresses without connect(2) or
 * bind(2): sctp_connectx() and sctp_bindx() (setsockopt), sendmsg to an
 * address with no association yet. Each reaches this hook with its packed
 * list of addresses (sctp_getaddrs() format), before the protocol acts:
 * every address is decided as connect, or bind, would decide it. Setting
 * a primary path is a choice of destination (connect) or of a local
 * address (bind). The peer's address changes (ASCONF) are not the task's:
 * they are processed in softirq, or for the association by whichever task
 * releases the socket.
 */
static int st_sctp_bind_connect(struct sock *sk, int optname,
				struct sockaddr *address, int addrlen)
{
	const struct st_callspec *spec;
	int off, len, ret;

	switch (optname) {
	case SCTP_SOCKOPT_CONNECTX:
	case SCTP_SENDMSG_CONNECT:
	case SCTP_PRIMARY_ADDR:
		spec = &st_connect_spec;
		break;
	case SCTP_SOCKOPT_BINDX_ADD:
	case SCTP_SET_PEER_PRIMARY_ADDR:
		spec = &st_bind_spec;
		break;
	default:
		return 0;
	}
	if (!in_task() || sk->sk_kern_sock || !st_task_any())
		return 0;
	if (addrlen <= 0)
		return st_socket_addr(spec, ST_ELEV_NONE, address, 0);
	for (off = 0; off < addrlen; off += len) {
		struct sockaddr *sa = (struct sockaddr *)((char *)address + off);

		len = st_sctp_addrlen(sa, addrlen - off);
		ret = st_socket_addr(spec, ST_ELEV_NONE, sa, len);
		if (ret)
			return ret;
	}
	return 0;
}

static const struct st_hook st_net_hook_list[] = {
	{ ST_HOOK_FN(bpf_lsm_socket_create, st_socket_create),
	  .covers = st_socket_covers,
	  .ncovers = ARRAY_SIZE(st_socket_covers) },
	{ ST_HOOK_FN(bpf_lsm_socket_bind, st_socket_bind),
	  .covers = st_bind_covers, .ncovers = ARRAY_SIZE(st_bind_covers) },
	{ ST_HOOK_FN(bpf_lsm_socket_connect, st_socket_connect),
	  .covers = st_connect_covers,
	  .ncovers = ARRAY_SIZE(st_connect_covers) },
	{ ST_HOOK_FN(bpf_lsm_socket_listen, st_socket_listen),
	  .covers = st_listen_covers,
	  .ncovers = ARRAY_SIZE(st_listen_covers) },
	{ ST_HOOK_FN(bpf_lsm_socket_accept, st_socket_accept),
	  .covers = st_accept_covers,
	  .ncovers = ARRAY_SIZE(st_accept_covers) },
	{ ST_HOOK_FN(bpf_lsm_socket_sendmsg, st_socket_sendmsg),
	  .covers = st_sendmsg_covers,
	  .ncovers = ARRAY_SIZE(st_sendmsg_covers) },
	/* Covers no system call: setsockopt and sendmsg have their own. */
	{ ST_HOOK_FN(bpf_lsm_sctp_bind_connect, st_sctp_bind_connect) },
};
ST_HOOK_SET(st_net_hooks, st_net_hook_list);
