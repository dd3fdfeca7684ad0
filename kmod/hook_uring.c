// SPDX-License-Identifier: GPL-2.0
/*
 * systrace: io_uring's operations (io_issue_sqe()).
 *
 * An io_uring request makes no system call: io_uring_enter() (decided raw
 * by the syscall filter) submits any number of them, and the kernel runs
 * each inline, in an io-wq worker or in the SQPOLL thread, threads of the
 * submitting process and confined as it. The operations that reach an LSM
 * hook (an open, a connect, a send, a rename, an extended attribute's
 * change, ...) are decided there, as their system calls are. The others
 * went undecided: a policy that denied fallocate(2) or read(2) but
 * permitted io_uring_enter permitted them through the ring. Here each
 * request is decided before it is issued, by its operation:
 *
 * - an operation with a system call of its own and no hook (fallocate,
 *   fadvise64, madvise, read, write, close, statx, splice, ...) is decided
 *   as that call of the x86_64 ABI (native-), raw as the syscall filter
 *   decides it, with no arguments: the request's fields are not the
 *   call's registers, so a rule that tests one fails closed (denied,
 *   logged), and a rule's ask is denied (the ring's lock may be held);
 * - an operation a hook decides, and one that acts on the ring alone (a
 *   timeout, a cancel, a buffer, a message to a ring, a registered file)
 *   are not decided here;
 * - an operation this table does not know (a later kernel's) is denied.
 *
 * A request the kernel issues again (after -EAGAIN, in a worker; a
 * multishot one) is decided again. Denied, the request completes with
 * -EPERM. See "Routes to the same effect: files" in
 * Documentation/security.rst.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/io_uring_types.h>
#include <uapi/linux/io_uring.h>
#include <asm/unistd.h>

#include "compat.h"
#include "hook.h"

/* What an operation is for the module (st_uring_ops[]). */
enum {
	ST_UOP_UNKNOWN,		/* not in the table: denied */
	ST_UOP_FREE,		/* acts on the ring alone */
	ST_UOP_HOOK,		/* decided by the hook it reaches */
	ST_UOP_CALL,		/* decided as the system call @nr */
};

struct st_uring_op {
	u8 kind;
	u16 nr;
};

#define ST_UOP(op, k) \
	[IORING_OP_##op] = { ST_UOP_##k, 0 }
#define ST_UCALL(op, call) \
	[IORING_OP_##op] = { ST_UOP_CALL, __NR_##call }

static const struct st_uring_op st_uring_ops[] = {
	ST_UOP(NOP, FREE),
	ST_UCALL(READV, readv),
	ST_UCALL(WRITEV, writev),
	ST_UCALL(FSYNC, fsync),
	ST_UCALL(READ_FIXED, pread64),
	ST_UCALL(WRITE_FIXED, pwrite64),
	ST_UCALL(POLL_ADD, poll),
	ST_UOP(POLL_REMOVE, FREE),
	ST_UCALL(SYNC_FILE_RANGE, sync_file_range),
	ST_UOP(SENDMSG, HOOK),
	ST_UCALL(RECVMSG, recvmsg),
	ST_UOP(TIMEOUT, FREE),
	ST_UOP(TIMEOUT_REMOVE, FREE),
	ST_UOP(ACCEPT, HOOK),
	ST_UOP(ASYNC_CANCEL, FREE),
	ST_UOP(LINK_TIMEOUT, FREE),
	ST_UOP(CONNECT, HOOK),
	ST_UCALL(FALLOCATE, fallocate),
	ST_UOP(OPENAT, HOOK),
	ST_UCALL(CLOSE, close),
	ST_UOP(FILES_UPDATE, FREE),
	/* Its path is looked up in a worker, where inode_getattr is not. */
	ST_UCALL(STATX, statx),
	ST_UCALL(READ, read),
	ST_UCALL(WRITE, write),
	ST_UCALL(FADVISE, fadvise64),
	ST_UCALL(MADVISE, madvise),
	ST_UOP(SEND, HOOK),
	ST_UCALL(RECV, recvfrom),
	ST_UOP(OPENAT2, HOOK),
	ST_UCALL(EPOLL_CTL, epoll_ctl),
	ST_UCALL(SPLICE, splice),
	ST_UOP(PROVIDE_BUFFERS, FREE),
	ST_UOP(REMOVE_BUFFERS, FREE),
	ST_UCALL(TEE, tee),
	ST_UCALL(SHUTDOWN, shutdown),
	ST_UOP(RENAMEAT, HOOK),
	ST_UOP(UNLINKAT, HOOK),
	ST_UOP(MKDIRAT, HOOK),
	ST_UOP(SYMLINKAT, HOOK),
	ST_UOP(LINKAT, HOOK),
	/* A file or a message to another ring: what the task holds. */
	ST_UOP(MSG_RING, FREE),
	ST_UOP(FSETXATTR, HOOK),
	ST_UOP(SETXATTR, HOOK),
	ST_UCALL(FGETXATTR, fgetxattr),
	ST_UCALL(GETXATTR, getxattr),
	ST_UOP(SOCKET, HOOK),
	/* A driver's command on the file: what ioctl(2) does. */
	ST_UCALL(URING_CMD, ioctl),
	ST_UOP(SEND_ZC, HOOK),
	ST_UOP(SENDMSG_ZC, HOOK),
#if ST_KERNEL_AT_LEAST(6, 7)
	ST_UCALL(READ_MULTISHOT, read),
	ST_UCALL(WAITID, waitid),
	ST_UCALL(FUTEX_WAIT, futex),
	ST_UCALL(FUTEX_WAKE, futex),
	ST_UCALL(FUTEX_WAITV, futex_waitv),
#endif
#if ST_KERNEL_AT_LEAST(6, 8)
	/* A registered file into the task's table, as dup(2) would. */
	ST_UOP(FIXED_FD_INSTALL, FREE),
#endif
#if ST_KERNEL_AT_LEAST(6, 9)
	ST_UCALL(FTRUNCATE, ftruncate),
#endif
#if ST_KERNEL_AT_LEAST(6, 11)
	ST_UOP(BIND, HOOK),
	ST_UOP(LISTEN, HOOK),
#endif
};

/* Does current's policy deny the io_uring operation @op? Never sleeps. */
static noinline bool st_uring_denied(u8 op)
{
	const struct st_task *t = st_task_current();
	const struct st_uring_op *o;

	if (!t)
		return false;
	o = op < ARRAY_SIZE(st_uring_ops) ? &st_uring_ops[op] : NULL;
	if (!o || o->kind == ST_UOP_UNKNOWN) {
		st_log_deny("io_uring", NULL, EPERM,
			    "an io_uring operation (%u) this module does not know",
			    op);
		return true;
	}
	if (o->kind != ST_UOP_CALL)
		return false;
	return st_syscall_decide_raw(t, SYSTRACE_NS_X86_64, o->nr, NULL,
				     false) != 0;
}

/*
 * io_issue_sqe(): every request's issue, inline or in a worker. A request
 * may sleep there without bound (a read of a pipe in a worker, a futex
 * wait): the direct call is a gate (ST_HOOK_GATE()), which decides and
 * is gone before the request runs, so that unload never waits for one.
 */
int st_uring_gate(struct io_kiocb *req);
int st_uring_gate(struct io_kiocb *req)
{
	return st_uring_denied(req->opcode) ? -EPERM : 0;
}

ST_HOOK_GATE(st_uring_issue_gate, st_uring_gate);

/*
 * The ftrace_ops fallback, where a BPF trampoline has the direct call:
 * a wrapper, which holds st_hook_calls while the request runs (unload
 * then waits for it). Read-mostly, not .bss: see hook_tty.c.
 */
static unsigned long st_uring_issue_orig __read_mostly;

static int st_uring_issue(struct io_kiocb *req, unsigned int issue_flags)
{
	int ret;

	st_hook_call_begin();
	ret = st_uring_gate(req);
	if (!ret)
		ret = st_call3((unsigned long)req, issue_flags, 0,
			       st_uring_issue_orig);
	st_hook_call_end();
	return ret;
}

static const struct st_hook st_uring_hook_list[] = {
	{ ST_HOOK_FN(io_issue_sqe, st_uring_issue),
	  .orig = &st_uring_issue_orig, .direct = st_uring_issue_gate },
};
ST_HOOK_SET(st_uring_hooks, st_uring_hook_list);
