/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The requests systracectl sends, each built in one place (request.c):
 * a command's attributes are put by one function, so that a new one is
 * added to one builder, not to every caller. Each returns 0 or -errno
 * (the kernel's explanation in nl->extack, st_nl_strerror()).
 */
#ifndef SYSTRACECTL_REQUEST_H
#define SYSTRACECTL_REQUEST_H

#include <stdbool.h>
#include <stdint.h>
#include "nl.h"

/* A reply handler, as st_nl_call() takes it. */
typedef int (*st_reply_fn)(struct nl_msg *msg, void *arg);

/* How an image is loaded (LOAD_BEGIN's attributes). */
struct st_load_opts {
	const char *name;	/* the image's name ("~UID/NAME" for a user's) */
	int mode;		/* SYSTRACE_MODE_* */
	/* This socket answers the image's questions; it must stay open for
	 * as long as they may come. */
	bool agent;
	unsigned int timeout;	/* seconds a question waits, 0: the default */
	long long owner;	/* the owning uid, or ST_NO_OWNER: global */
};

/*
 * Load an image of any size: LOAD_BEGIN, LOAD_DATA in chunks of
 * SYSTRACE_LOAD_CHUNK, LOAD_COMMIT.
 */
int st_load(struct st_nl *nl, const struct st_load_opts *o,
	    const unsigned char *buf, size_t len);

/* UNLOAD @name; @reply (may be NULL) sees its reply (the count left). */
int st_req_unload(struct st_nl *nl, const char *name, st_reply_fn reply,
		  void *arg);
/* CONFINE_SELF under @name in @mode, with SYSTRACE_CONFINE_F_* @flags. */
int st_req_confine_self(struct st_nl *nl, const char *name, int mode,
			unsigned int flags);
/* ATTACH the process @pid to policy @index of @name in @mode. */
int st_req_attach(struct st_nl *nl, const char *name, unsigned int index,
		  int mode, unsigned int pid);
/* ANSWER question @qid: @verdict, and @err when it denies. */
int st_req_answer(struct st_nl *nl, uint64_t qid, int verdict, int err);
/*
 * The same without an ACK, not waiting (st_nl_send_noack()): a failure
 * comes back as an error message with *@seq.
 */
int st_req_answer_noack(struct st_nl *nl, uint64_t qid, int verdict, int err,
			unsigned int *seq);
/* A command without attributes (AGENT, GET_STATUS), or a dump of one
 * (@dump: LIST, PS), each reply to @reply. */
int st_req_simple(struct st_nl *nl, int cmd, bool dump, st_reply_fn reply,
		  void *arg);

#endif /* SYSTRACECTL_REQUEST_H */
