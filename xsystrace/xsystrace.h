/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xsystrace: the graphical agent, a front end of the agent protocol
 * (Documentation/agent-protocol.rst).
 */
#ifndef XSYSTRACE_H
#define XSYSTRACE_H

#include <gtk/gtk.h>
#include <jansson.h>

/* One question, from its line to its reply. */
struct xq {
	json_int_t id;
	json_t *q;		/* the question object */
	gint64 arrived;		/* g_get_monotonic_time() */
	int countdown;		/* seconds to the default answer (0: none) */
	int sent;		/* an answer is on its way */
	char answer[160];	/* what was sent, for the history */
	GtkWidget *win;		/* its window */
	GHashTable *w;		/* widget name -> widget of its window */
	GtkWidget *history_row;	/* its row in the history, once answered */
};

struct xs {
	GtkApplication *app;
	GtkWidget *main;	/* queue, history, connection */
	GtkWidget *queue, *history, *connection, *status;
	GHashTable *mw;		/* widget name -> widget of the main window */
	GList *questions;	/* struct xq *, in order of arrival */
	struct xq *front;	/* the one whose window is shown */
	int in_fd, out_fd;
	GIOChannel *in;
	GString *inbuf;
	GPid child;
	int connected, eof;
	char agent[128];
	/* options */
	const char *source;
	int stdio, countdown, test_fd;
	const char *default_answer, *test_out;
	/* counters, for tests */
	int n_questions, n_replies, n_answers;
};

extern struct xs xs;

/* proto.c */
int xs_proto_start(void);
void xs_send_answer(struct xq *q, const char *answer, const char *scope,
		    const char *err, const char *filter);
struct xq *xs_find(json_int_t id);

/* question.c */
void xs_question_window(struct xq *q);
void xs_show_front(void);
void xs_question_free(struct xq *q);
void xs_question_error(struct xq *q, const char *message);
gboolean xs_tick(gpointer data);
GtkWidget *xs_widget(GHashTable *w, const char *name);

/* main.c */
void xs_history_add(struct xq *q, const char *text, const char *css);
void xs_queue_refresh(void);
void xs_set_connection(const char *text, int ok);

/* testhook.c */
void xs_test_start(int fd);
void xs_test_poke(void);

#endif /* XSYSTRACE_H */
