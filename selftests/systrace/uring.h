/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A minimal io_uring for the selftests, with the raw system calls
 * (liburing is not installed): one request at a time.
 */
#ifndef ST_URING_H
#define ST_URING_H

#include <errno.h>
#include <unistd.h>
#include <linux/io_uring.h>
#include <sys/mman.h>
#include <sys/syscall.h>

struct ring {
	int fd;
	unsigned int *sq_head, *sq_tail, *sq_mask, *sq_array, *sq_flags;
	unsigned int *cq_head, *cq_tail, *cq_mask;
	struct io_uring_sqe *sqes;
	struct io_uring_cqe *cqes;
	unsigned int flags;
};

/* A ring of 4 entries set up with @flags (IORING_SETUP_SQPOLL, ...). */
static inline int ring_init(struct ring *r, unsigned int flags)
{
	struct io_uring_params p = { .flags = flags, .sq_thread_idle = 60000 };
	char *sq, *cq;

	r->flags = flags;
	r->fd = syscall(__NR_io_uring_setup, 4, &p);
	if (r->fd < 0)
		return -errno;
	sq = mmap(NULL, p.sq_off.array + p.sq_entries * sizeof(unsigned int),
		  PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, r->fd,
		  IORING_OFF_SQ_RING);
	cq = mmap(NULL, p.cq_off.cqes + p.cq_entries * sizeof(struct io_uring_cqe),
		  PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, r->fd,
		  IORING_OFF_CQ_RING);
	r->sqes = mmap(NULL, p.sq_entries * sizeof(struct io_uring_sqe),
		       PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, r->fd,
		       IORING_OFF_SQES);
	if (sq == MAP_FAILED || cq == MAP_FAILED || r->sqes == MAP_FAILED)
		return -ENOMEM;
	r->sq_head = (void *)(sq + p.sq_off.head);
	r->sq_tail = (void *)(sq + p.sq_off.tail);
	r->sq_mask = (void *)(sq + p.sq_off.ring_mask);
	r->sq_array = (void *)(sq + p.sq_off.array);
	r->sq_flags = (void *)(sq + p.sq_off.flags);
	r->cq_head = (void *)(cq + p.cq_off.head);
	r->cq_tail = (void *)(cq + p.cq_off.tail);
	r->cq_mask = (void *)(cq + p.cq_off.ring_mask);
	r->cqes = (void *)(cq + p.cq_off.cqes);
	return 0;
}

#define ST_ENTER_FAILED	(-100000)

/* Put @sqe in the submission queue (not submitted yet). */
static inline void ring_put(struct ring *r, const struct io_uring_sqe *sqe)
{
	unsigned int tail = *r->sq_tail, idx = tail & *r->sq_mask;

	r->sqes[idx] = *sqe;
	r->sq_array[idx] = idx;
	__atomic_store_n(r->sq_tail, tail + 1, __ATOMIC_RELEASE);
}

/*
 * Submit @sqe and wait for @wait completions (0: none, the request may run
 * on in a worker); 0, or ST_ENTER_FAILED - errno.
 */
static inline int ring_submit(struct ring *r, const struct io_uring_sqe *sqe,
			      unsigned int wait)
{
	ring_put(r, sqe);
	if (syscall(__NR_io_uring_enter, r->fd, 1, wait,
		    wait ? IORING_ENTER_GETEVENTS : 0, NULL, 0) < 0)
		return ST_ENTER_FAILED - errno;
	return 0;
}

/* The result of the oldest completion, or ST_ENTER_FAILED if none. */
static inline int ring_reap(struct ring *r)
{
	unsigned int head = *r->cq_head;
	int res;

	if (head == __atomic_load_n(r->cq_tail, __ATOMIC_ACQUIRE))
		return ST_ENTER_FAILED;
	res = r->cqes[head & *r->cq_mask].res;
	__atomic_store_n(r->cq_head, head + 1, __ATOMIC_RELEASE);
	return res;
}

/* Submit @sqe, wait for its completion: its result (ST_ENTER_FAILED - errno). */
static inline int ring_run(struct ring *r, const struct io_uring_sqe *sqe)
{
	unsigned int enter = IORING_ENTER_GETEVENTS, head;
	int res, more;

	ring_put(r, sqe);
	if (r->flags & IORING_SETUP_SQPOLL)
		enter |= IORING_ENTER_SQ_WAKEUP;
	head = *r->cq_head;
	while (head == __atomic_load_n(r->cq_tail, __ATOMIC_ACQUIRE))
		if (syscall(__NR_io_uring_enter, r->fd,
			    r->flags & IORING_SETUP_SQPOLL ? 0 : 1, 1, enter,
			    NULL, 0) < 0)
			return ST_ENTER_FAILED - errno;
	res = r->cqes[head & *r->cq_mask].res;
	more = r->cqes[head & *r->cq_mask].flags & IORING_CQE_F_MORE;
	__atomic_store_n(r->cq_head, ++head, __ATOMIC_RELEASE);
	/* A zero-copy send's notification follows: take it too. */
	while (more) {
		while (head == __atomic_load_n(r->cq_tail, __ATOMIC_ACQUIRE))
			if (syscall(__NR_io_uring_enter, r->fd, 0, 1, enter,
				    NULL, 0) < 0)
				return ST_ENTER_FAILED - errno;
		more = r->cqes[head & *r->cq_mask].flags & IORING_CQE_F_MORE;
		__atomic_store_n(r->cq_head, ++head, __ATOMIC_RELEASE);
	}
	return res;
}

#endif /* ST_URING_H */
