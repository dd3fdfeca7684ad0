// SPDX-License-Identifier: GPL-2.0
/*
 * The agent protocol's side of xsystrace: the source of questions
 * (systracectl ask --json as a child, --source CMD, or standard input and
 * output under systracectl run -g), its lines read as they come and
 * dispatched, answers written back. Anything the source writes that is
 * not a line of the protocol is shown and ignored: xsystrace never answers
 * on a guess, and a question it cannot show is left to the kernel's
 * timeout (a denial).
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "xsystrace.h"

struct xq *xs_find(json_int_t id)
{
	GList *l;

	for (l = xs.questions; l; l = l->next) {
		struct xq *q = l->data;

		if (q->id == id)
			return q;
	}
	return NULL;
}

static void write_line(json_t *o)
{
	char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	size_t len, off = 0;
	ssize_t n;

	json_decref(o);
	if (!s)
		return;
	len = strlen(s);
	s[len] = '\n';	/* json_dumps' NUL: written as the line's end */
	len++;
	while (off < len && xs.connected) {
		n = write(xs.out_fd, s + off, len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			xs_set_connection("The agent went away: its questions are denied by the kernel", 0);
			xs.connected = 0;
			break;
		}
		off += n;
	}
	free(s);
}

void xs_send_answer(struct xq *q, const char *answer, const char *scope,
		    const char *err, const char *filter)
{
	json_t *o = json_pack("{s:I, s:s}", "id", q->id, "answer", answer);

	if (scope && strcmp(scope, "once"))
		json_object_set_new(o, "scope", json_string(scope));
	if (err && strcmp(err, "eperm"))
		json_object_set_new(o, "errno", json_string(err));
	if (filter)
		json_object_set_new(o, "filter", json_string(filter));
	snprintf(q->answer, sizeof(q->answer), "%s%s%s%s%s", answer,
		 err && strcmp(err, "eperm") ? "[" : "", err && strcmp(err, "eperm") ? err : "",
		 err && strcmp(err, "eperm") ? "]" : "",
		 scope && !strcmp(scope, "always") ? " always" : "");
	q->sent = 1;
	xs.n_answers++;
	write_line(o);
}

static const char *str(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

static void on_question(json_t *o)
{
	json_t *id = json_object_get(o, "id");
	struct xq *q;

	if (!json_is_integer(id) || xs_find(json_integer_value(id)) ||
	    !json_is_object(json_object_get(o, "args"))) {
		g_printerr("xsystrace: a question without id or arguments: left to the kernel's timeout\n");
		return;
	}
	q = g_new0(struct xq, 1);
	q->id = json_integer_value(id);
	q->q = json_incref(o);
	q->arrived = g_get_monotonic_time();
	q->countdown = xs.countdown;
	/* Our default comes before the kernel's: its denial would not say
	 * which answer the person did not give. */
	if (json_integer_value(json_object_get(o, "timeout")) > 1 &&
	    (q->countdown == 0 ||
	     q->countdown >= json_integer_value(json_object_get(o, "timeout"))))
		q->countdown = json_integer_value(json_object_get(o, "timeout")) - 1;
	xs.questions = g_list_append(xs.questions, q);
	xs.n_questions++;
	xs_question_window(q);
	xs_tick(NULL);
	xs_show_front();
	xs_queue_refresh();
}

static void forget(struct xq *q)
{
	xs.questions = g_list_remove(xs.questions, q);
	if (xs.front == q)
		xs.front = NULL;
	xs_question_free(q);
	xs_show_front();
	xs_queue_refresh();
}

static void on_line(const char *line, size_t len)
{
	json_error_t err;
	json_t *o = json_loadb(line, len, 0, &err);
	const char *type = str(o, "type");
	struct xq *q;
	char text[1024];

	if (!json_is_object(o)) {
		g_printerr("xsystrace: not a line of the agent protocol: %.*s\n",
			   (int)(len > 200 ? 200 : len), line);
		json_decref(o);
		return;
	}
	if (!strcmp(type, "hello") || json_object_get(o, "protocol")) {
		if (strcmp(str(o, "protocol"), "systrace-agent") ||
		    json_integer_value(json_object_get(o, "version")) != 1) {
			xs_set_connection("The agent speaks another protocol: nothing is answered", 0);
			xs.connected = 0;
		} else {
			snprintf(xs.agent, sizeof(xs.agent), "%s", str(o, "agent"));
			snprintf(text, sizeof(text), "Connected to %s (protocol 1)",
				 xs.agent[0] ? xs.agent : "the agent");
			xs_set_connection(text, 1);
		}
	} else if (!strcmp(type, "question")) {
		on_question(o);
	} else if (!strcmp(type, "answered")) {
		xs.n_replies++;
		q = xs_find(json_integer_value(json_object_get(o, "id")));
		if (q) {
			snprintf(text, sizeof(text), "%s%s%s%s%s", q->answer,
				 json_object_get(o, "rule") ? ": " : "", str(o, "rule"),
				 json_object_get(o, "warning") ? " \u2014 " : "",
				 str(o, "warning"));
			xs_history_add(q, text, !strncmp(q->answer, "permit", 6) ?
				       "xs-permitted" : "xs-denied");
			forget(q);
		}
	} else if (!strcmp(type, "expired")) {
		xs.n_replies++;
		q = xs_find(json_integer_value(json_object_get(o, "id")));
		if (q) {
			xs_history_add(q, "no answer in time: denied by the kernel", "xs-denied");
			forget(q);
		}
	} else if (!strcmp(type, "error")) {
		xs.n_replies++;
		q = xs_find(json_integer_value(json_object_get(o, "id")));
		snprintf(text, sizeof(text), "%s: %s", str(o, "code"), str(o, "message"));
		if (q && !strcmp(str(o, "code"), "too-late")) {
			xs_history_add(q, "too late: denied by the kernel", "xs-denied");
			forget(q);
		} else if (q) {
			/* Not taken: the question waits again. */
			q->sent = 0;
			xs_question_error(q, text);
			xs_show_front();
			xs_queue_refresh();
		} else {
			gtk_label_set_text(GTK_LABEL(xs.status), text);
		}
	}
	json_decref(o);
	xs_test_poke();
}

static gboolean on_input(GIOChannel *ch, GIOCondition cond, gpointer data)
{
	char buf[65536];
	ssize_t n;
	char *nl;

	(void)ch;
	(void)cond;
	(void)data;
	n = read(xs.in_fd, buf, sizeof(buf));
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return G_SOURCE_CONTINUE;
	if (n <= 0) {
		xs.eof = 1;
		xs.connected = 0;
		xs_set_connection("The agent ended: questions still open are denied by the kernel", 0);
		xs_tick(NULL);
		xs_show_front();
		xs_test_poke();
		if (xs.stdio && xs.test_fd < 0)
			g_application_quit(G_APPLICATION(xs.app));
		return G_SOURCE_REMOVE;
	}
	g_string_append_len(xs.inbuf, buf, n);
	while ((nl = memchr(xs.inbuf->str, '\n', xs.inbuf->len))) {
		size_t l = nl - xs.inbuf->str;

		if (l)
			on_line(xs.inbuf->str, l);
		g_string_erase(xs.inbuf, 0, l + 1);
	}
	return G_SOURCE_CONTINUE;
}

int xs_proto_start(void)
{
	GError *err = NULL;
	char **argv = NULL;

	if (xs.stdio) {
		xs.in_fd = STDIN_FILENO;
		xs.out_fd = STDOUT_FILENO;
	} else {
		if (!g_shell_parse_argv(xs.source, NULL, &argv, &err) ||
		    !g_spawn_async_with_pipes(NULL, argv, NULL, G_SPAWN_SEARCH_PATH,
					      NULL, NULL, &xs.child, &xs.out_fd,
					      &xs.in_fd, NULL, &err)) {
			g_printerr("xsystrace: %s: %s\n", xs.source, err->message);
			g_strfreev(argv);
			g_error_free(err);
			return -1;
		}
		g_strfreev(argv);
	}
	xs.inbuf = g_string_new(NULL);
	xs.connected = 1;
	xs.in = g_io_channel_unix_new(xs.in_fd);
	g_io_add_watch(xs.in, G_IO_IN | G_IO_HUP | G_IO_ERR, on_input, NULL);
	return 0;
}
