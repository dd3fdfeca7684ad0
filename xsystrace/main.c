// SPDX-License-Identifier: GPL-2.0
/*
 * xsystrace: the graphical agent of systrace for Linux, as the original
 * systrace's xsystrace was: a window per question, buttons for the
 * answers, a filter editor for "always", a countdown to a default answer.
 * It speaks the agent protocol (Documentation/agent-protocol.rst) with
 * "systracectl ask --json" (the system-wide agent: every confined
 * program's questions, systrace's cradle), with the front end of
 * "systracectl run -g xsystrace" on its standard input and output, or
 * with any --source command (ssh host systracectl ask --json).
 *
 * The main window holds the connection's state, the queue of questions
 * waiting, and the history of the session's answers.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "xsystrace.h"

struct xs xs = { .in_fd = -1, .out_fd = -1, .test_fd = -1 };

static const char usage[] =
	"usage: xsystrace [--source CMD | --stdio] [--countdown SECONDS]\n"
	"                 [--default deny|kill|permit] [--test-fd FD --test-out FILE]\n"
	"  --source CMD      the agent to run (default: systracectl ask --json)\n"
	"  --stdio           questions on standard input, answers on standard\n"
	"                    output (systracectl run -g; SYSTRACE_AGENT=stdio)\n"
	"  --countdown S     seconds to the default answer (default 30; 0: none,\n"
	"                    the kernel's timeout denies); never past the kernel's\n"
	"  --default ANSWER  the answer the countdown gives (default deny)\n"
	"  --test-fd FD      read test commands from FD (Documentation/agent-protocol.rst)\n"
	"  --test-out FILE   where the test command dump writes\n";

void xs_set_connection(const char *text, int ok)
{
	if (!xs.connection)
		return;
	gtk_label_set_text(GTK_LABEL(xs.connection), text);
	if (ok)
		gtk_widget_remove_css_class(xs.connection, "error");
	else
		gtk_widget_add_css_class(xs.connection, "error");
}

static GtkWidget *list_row(const char *text, const char *css)
{
	GtkWidget *l = gtk_label_new(text);

	gtk_label_set_xalign(GTK_LABEL(l), 0);
	gtk_label_set_wrap(GTK_LABEL(l), TRUE);
	gtk_label_set_wrap_mode(GTK_LABEL(l), PANGO_WRAP_WORD_CHAR);
	gtk_widget_set_margin_start(l, 6);
	gtk_widget_set_margin_end(l, 6);
	gtk_widget_set_margin_top(l, 3);
	gtk_widget_set_margin_bottom(l, 3);
	if (css)
		gtk_widget_add_css_class(l, css);
	return l;
}

static const char *str(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

/* A question in one line: who, which call, on what. */
static void summary(struct xq *q, char *buf, size_t len)
{
	const char *key, *program = str(q->q, "program");
	size_t n;
	json_t *v;

	n = snprintf(buf, len, "#%lld %s (%lld) %s", (long long)q->id,
		     program[0] ? program : str(q->q, "comm"),
		     (long long)json_integer_value(json_object_get(q->q, "pid")),
		     str(q->q, "call"));
	json_object_foreach(json_object_get(q->q, "args"), key, v) {
		if (n >= len)
			break;
		n += snprintf(buf + n, len - n, " %s", json_string_value(v) ?: "");
	}
}

/* The history: one row per answered question, updated as replies come. */
void xs_history_add(struct xq *q, const char *text, const char *css)
{
	char line[1600], what[1024], when[16];
	time_t now = time(NULL);

	strftime(when, sizeof(when), "%H:%M:%S", localtime(&now));
	summary(q, what, sizeof(what));
	snprintf(line, sizeof(line), "%s  %s\n      \u2192 %s", when, what, text);
	if (q->history_row) {
		GtkWidget *l = gtk_list_box_row_get_child(GTK_LIST_BOX_ROW(q->history_row));

		gtk_label_set_text(GTK_LABEL(l), line);
		gtk_widget_remove_css_class(l, "xs-pending");
		gtk_widget_add_css_class(l, css);
		/* Answered for good: the row stays, the question goes. */
		q->history_row = NULL;
		return;
	}
	gtk_list_box_prepend(GTK_LIST_BOX(xs.history), list_row(line, css));
	if (!strcmp(css, "xs-pending"))
		q->history_row = GTK_WIDGET(gtk_list_box_get_row_at_index(GTK_LIST_BOX(xs.history), 0));
}

void xs_queue_refresh(void)
{
	GtkWidget *c;
	GList *l;
	char text[1100];
	int n = 0;

	while ((c = gtk_widget_get_first_child(xs.queue)))
		gtk_list_box_remove(GTK_LIST_BOX(xs.queue), c);
	for (l = xs.questions; l; l = l->next) {
		struct xq *q = l->data;

		if (q->sent)
			continue;
		summary(q, text, sizeof(text));
		gtk_list_box_append(GTK_LIST_BOX(xs.queue),
				    list_row(text, q == xs.front ? "heading" : NULL));
		n++;
	}
	snprintf(text, sizeof(text), n ? "%d question%s waiting" : "No question waiting",
		 n, n == 1 ? "" : "s");
	gtk_label_set_text(GTK_LABEL(g_hash_table_lookup(xs.mw, "queue-count")), text);
}

static GtkWidget *scrolled(GtkWidget *child, int height)
{
	GtkWidget *s = gtk_scrolled_window_new();

	gtk_scrolled_window_set_child(GTK_SCROLLED_WINDOW(s), child);
	gtk_scrolled_window_set_min_content_height(GTK_SCROLLED_WINDOW(s), height);
	gtk_scrolled_window_set_policy(GTK_SCROLLED_WINDOW(s), GTK_POLICY_NEVER,
				       GTK_POLICY_AUTOMATIC);
	gtk_widget_add_css_class(s, "frame");
	return s;
}

static GtkWidget *heading(const char *text)
{
	GtkWidget *l = gtk_label_new(text);

	gtk_label_set_xalign(GTK_LABEL(l), 0);
	gtk_widget_add_css_class(l, "heading");
	return l;
}

static void on_activate(GtkApplication *app, gpointer data)
{
	static const char css[] =
		"label.xs-permitted { color: #26a269; }\n"
		"label.xs-denied { color: #c01c28; }\n"
		"label.xs-pending { color: #77767b; }\n"
		"label.error { color: #c01c28; }\n";
	GtkCssProvider *p = gtk_css_provider_new();
	GtkWidget *win, *box, *w;

	(void)data;
	gtk_css_provider_load_from_data(p, css, -1);
	gtk_style_context_add_provider_for_display(gdk_display_get_default(),
						   GTK_STYLE_PROVIDER(p),
						   GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
	g_object_unref(p);
	xs.mw = g_hash_table_new(g_str_hash, g_str_equal);
	win = gtk_application_window_new(app);
	xs.main = win;
	gtk_window_set_title(GTK_WINDOW(win), "xsystrace");
	gtk_window_set_default_size(GTK_WINDOW(win), 560, 460);
	box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 8);
	gtk_widget_set_margin_start(box, 12);
	gtk_widget_set_margin_end(box, 12);
	gtk_widget_set_margin_top(box, 12);
	gtk_widget_set_margin_bottom(box, 12);
	gtk_window_set_child(GTK_WINDOW(win), box);

	xs.connection = gtk_label_new("Connecting\u2026");
	gtk_label_set_xalign(GTK_LABEL(xs.connection), 0);
	gtk_label_set_wrap(GTK_LABEL(xs.connection), TRUE);
	gtk_widget_set_name(xs.connection, "connection");
	g_hash_table_insert(xs.mw, "connection", xs.connection);
	gtk_box_append(GTK_BOX(box), xs.connection);
	xs.status = gtk_label_new("");
	gtk_label_set_xalign(GTK_LABEL(xs.status), 0);
	gtk_label_set_wrap(GTK_LABEL(xs.status), TRUE);
	gtk_widget_add_css_class(xs.status, "error");
	gtk_widget_set_name(xs.status, "status");
	g_hash_table_insert(xs.mw, "status", xs.status);
	gtk_box_append(GTK_BOX(box), xs.status);

	w = heading("No question waiting");
	g_hash_table_insert(xs.mw, "queue-count", w);
	gtk_box_append(GTK_BOX(box), w);
	xs.queue = gtk_list_box_new();
	gtk_list_box_set_selection_mode(GTK_LIST_BOX(xs.queue), GTK_SELECTION_NONE);
	g_hash_table_insert(xs.mw, "queue", xs.queue);
	gtk_box_append(GTK_BOX(box), scrolled(xs.queue, 90));

	gtk_box_append(GTK_BOX(box), heading("Answers of this session"));
	xs.history = gtk_list_box_new();
	gtk_list_box_set_selection_mode(GTK_LIST_BOX(xs.history), GTK_SELECTION_NONE);
	g_hash_table_insert(xs.mw, "history", xs.history);
	w = scrolled(xs.history, 200);
	gtk_widget_set_vexpand(w, TRUE);
	gtk_box_append(GTK_BOX(box), w);
	gtk_window_present(GTK_WINDOW(win));

	if (xs_proto_start() < 0) {
		xs_set_connection("The agent could not be started: nothing is answered", 0);
	}
	g_timeout_add_seconds(1, xs_tick, NULL);
	if (xs.test_fd >= 0)
		xs_test_start(xs.test_fd);
	/* Held while the windows come and go. */
	g_application_hold(G_APPLICATION(app));
}

int main(int argc, char *argv[])
{
	const char *env = getenv("SYSTRACE_AGENT");
	char *fake[] = { argv[0], NULL };
	int i, ret;

	xs.source = "systracectl ask --json";
	xs.countdown = 30;
	xs.default_answer = "deny";
	xs.stdio = env && !strcmp(env, "stdio");
	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(a, "--stdio")) {
			xs.stdio = 1;
			continue;
		}
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			fputs(usage, stdout);
			return 0;
		}
		if (!v) {
			fputs(usage, stderr);
			return 2;
		}
		i++;
		if (!strcmp(a, "--source")) {
			xs.source = v;
			xs.stdio = 0;
		} else if (!strcmp(a, "--countdown")) {
			xs.countdown = atoi(v);
		} else if (!strcmp(a, "--default") &&
			   (!strcmp(v, "deny") || !strcmp(v, "kill") || !strcmp(v, "permit"))) {
			xs.default_answer = v;
		} else if (!strcmp(a, "--test-fd")) {
			xs.test_fd = atoi(v);
		} else if (!strcmp(a, "--test-out")) {
			xs.test_out = v;
		} else {
			fputs(usage, stderr);
			return 2;
		}
	}
	if (xs.countdown < 0) {
		fputs(usage, stderr);
		return 2;
	}
	xs.app = gtk_application_new("org.systrace.xsystrace", G_APPLICATION_NON_UNIQUE);
	g_signal_connect(xs.app, "activate", G_CALLBACK(on_activate), NULL);
	ret = g_application_run(G_APPLICATION(xs.app), 1, fake);
	g_object_unref(xs.app);
	return ret;
}
