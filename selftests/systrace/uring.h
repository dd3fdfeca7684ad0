/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A minimal io_uring for the selftests, with no liburing: one request at a
 * time, by the raw system calls.
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
	unsigned int *sq_tail, *sq_mask, *sq_array, *cq_head, *cq_tail, *cq_mask;
	struct io_uring_sqe *sqes;
	struct io_uring_cqe *cqes;
};

static inline int ring_init(struct ring *r)
{
	struct io_uring_params p = {};
	void *sq, *cq;

	r->fd = syscall(SYS_io_uring_setup, 4, &p);
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
	r->sq_tail = sq + p.sq_off.tail;
	r->sq_mask = sq + p.sq_off.ring_mask;
	r->sq_array = sq + p.sq_off.array;
	r->cq_head = cq + p.cq_off.head;
	r->cq_tail = cq + p.cq_off.tail;
	r->cq_mask = cq + p.cq_off.ring_mask;
	r->cqes = cq + p.cq_off.cqes;
	return 0;
}

/*
 * Submit @sqe and wait for @wait completions (0: none, the request may
 * run on in a worker); 0, or -1000 - errno.
 */
static inline int ring_submit(struct ring *r, const struct io_uring_sqe *sqe,
			      unsigned int wait)
{
	unsigned int tail = *r->sq_tail, idx = tail & *r->sq_mask;

	r->sqes[idx] = *sqe;
	r->sq_array[idx] = idx;
	__atomic_store_n(r->sq_tail, tail + 1, __ATOMIC_RELEASE);
	if (syscall(SYS_io_uring_enter, r->fd, 1, wait,
		    wait ? IORING_ENTER_GETEVENTS : 0, NULL, 0) < 0)
		return -1000 - errno;
	return 0;
}

/* The result of the oldest completion, or -2000 if there is none. */
static inline int ring_reap(struct ring *r)
{
	unsigned int head = *r->cq_head;
	int res;

	if (head == __atomic_load_n(r->cq_tail, __ATOMIC_ACQUIRE))
		return -2000;
	res = r->cqes[head & *r->cq_mask].res;
	__atomic_store_n(r->cq_head, head + 1, __ATOMIC_RELEASE);
	return res;
}

/* Submit @sqe, wait for its completion: its result. */
static inline int ring_run(struct ring *r, const struct io_uring_sqe *sqe)
{
	int ret = ring_submit(r, sqe, 1);

	return ret ? ret : ring_reap(r);
}

#endif /* ST_URING_H */
