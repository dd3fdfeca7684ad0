// SPDX-License-Identifier: GPL-2.0
/*
 * The test hook (--test-fd FD): a test drives xsystrace as a person would,
 * one command per line, in order; a wait blocks the commands after it
 * until what it waits for has happened (events, not time):
 *
 *   wait-questions N   N questions have arrived
 *   wait-replies N     N replies (answered, expired, error) have arrived
 *   wait-eof           the agent's output ended
 *   click NAME         activate the widget NAME of the question shown (else
 *                      of the main window), as a click does
 *   set NAME TEXT      type TEXT into an entry, or choose the item TEXT
 *                      (or its index) of a drop-down
 *   dump               one JSON line to --test-out: every named widget of
 *                      the question shown, the queue, the history
 *   snapshot WIN FILE  WIN (question or main) as a PNG, once drawn
 *   quit
 *
 * A command that cannot be done (no such widget) is written to the dump
 * file as {"error": ...}: the test sees it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xsystrace.h"

static GString *cmds;
static int blocked, closed;
static FILE *out;

static void report(json_t *o)
{
	char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);

	json_decref(o);
	if (!out && xs.test_out)
		out = fopen(xs.test_out, "w");
	if (s && out) {
		fprintf(out, "%s\n", s);
		fflush(out);
	}
	free(s);
}

static json_t *widget_state(GtkWidget *w)
{
	json_t *o = json_object();
	const char *text = NULL;

	if (GTK_IS_LABEL(w)) {
		text = gtk_label_get_text(GTK_LABEL(w));
	} else if (GTK_IS_BUTTON(w)) {
		text = gtk_button_get_label(GTK_BUTTON(w));
	} else if (GTK_IS_EDITABLE(w)) {
		text = gtk_editable_get_text(GTK_EDITABLE(w));
	} else if (GTK_IS_PROGRESS_BAR(w)) {
		text = gtk_progress_bar_get_text(GTK_PROGRESS_BAR(w));
	} else if (GTK_IS_DROP_DOWN(w)) {
		GObject *it = gtk_drop_down_get_selected_item(GTK_DROP_DOWN(w));

		text = it ? gtk_string_object_get_string(GTK_STRING_OBJECT(it)) : "";
		json_object_set_new(o, "items", json_integer(
			g_list_model_get_n_items(gtk_drop_down_get_model(GTK_DROP_DOWN(w)))));
	} else if (GTK_IS_IMAGE(w)) {
		text = gtk_image_get_icon_name(GTK_IMAGE(w));
		if (!text)
			text = "(gicon)";
	}
	json_object_set_new(o, "text", json_string(text ? text : ""));
	json_object_set_new(o, "sensitive", json_boolean(gtk_widget_is_sensitive(w)));
	json_object_set_new(o, "visible", json_boolean(gtk_widget_get_visible(w)));
	return o;
}

static json_t *list_texts(GtkWidget *list)
{
	json_t *a = json_array();
	GtkWidget *r;

	for (r = gtk_widget_get_first_child(list); r; r = gtk_widget_get_next_sibling(r)) {
		GtkWidget *l = gtk_list_box_row_get_child(GTK_LIST_BOX_ROW(r));

		json_array_append_new(a, json_string(GTK_IS_LABEL(l) ?
				      gtk_label_get_text(GTK_LABEL(l)) : ""));
	}
	return a;
}

static void dump(void)
{
	json_t *o = json_object(), *front = json_null();
	GHashTableIter it;
	gpointer k, v;

	if (xs.front) {
		front = json_object();
		json_object_set_new(front, "id", json_integer(xs.front->id));
		json_object_set_new(front, "title",
				    json_string(gtk_window_get_title(GTK_WINDOW(xs.front->win))));
		json_object_set_new(front, "shown",
				    json_boolean(gtk_widget_get_visible(xs.front->win)));
		g_hash_table_iter_init(&it, xs.front->w);
		while (g_hash_table_iter_next(&it, &k, &v))
			json_object_set_new(front, k, widget_state(v));
	}
	json_object_set_new(o, "front", front);
	json_object_set_new(o, "connection",
			    json_string(gtk_label_get_text(GTK_LABEL(xs.connection))));
	json_object_set_new(o, "status", json_string(gtk_label_get_text(GTK_LABEL(xs.status))));
	json_object_set_new(o, "queue", list_texts(xs.queue));
	json_object_set_new(o, "queue_count", json_string(gtk_label_get_text(
		GTK_LABEL(g_hash_table_lookup(xs.mw, "queue-count")))));
	json_object_set_new(o, "history", list_texts(xs.history));
	json_object_set_new(o, "questions", json_integer(xs.n_questions));
	json_object_set_new(o, "replies", json_integer(xs.n_replies));
	report(o);
}

static void fail(const char *cmd, const char *why)
{
	report(json_pack("{s:s, s:s}", "error", why, "command", cmd));
}

static GtkWidget *find(const char *name)
{
	GtkWidget *w = xs.front ? xs_widget(xs.front->w, name) : NULL;

	return w ? w : g_hash_table_lookup(xs.mw, name);
}

struct shot {
	GtkWidget *win;
	char *file;
	int frames;
};

static void run(void);

static gboolean take_snapshot(GtkWidget *w, GdkFrameClock *clock, gpointer data)
{
	struct shot *s = data;
	GdkPaintable *p;
	GtkSnapshot *snap;
	GskRenderNode *node;
	GdkTexture *tex;
	int width, height;

	(void)clock;
	/* Laid out and drawn at least once before. */
	if (++s->frames < 3) {
		gtk_widget_queue_draw(w);
		return G_SOURCE_CONTINUE;
	}
	width = gtk_widget_get_width(w);
	height = gtk_widget_get_height(w);
	p = gtk_widget_paintable_new(w);
	snap = gtk_snapshot_new();
	/* The theme's window background: the paintable draws widgets only. */
	gtk_snapshot_append_color(snap, &(GdkRGBA){ 0.98, 0.98, 0.98, 1 },
				  &GRAPHENE_RECT_INIT(0, 0, width, height));
	gdk_paintable_snapshot(p, GDK_SNAPSHOT(snap), width, height);
	node = gtk_snapshot_free_to_node(snap);
	if (node) {
		tex = gsk_renderer_render_texture(gtk_native_get_renderer(GTK_NATIVE(w)),
						  node, &GRAPHENE_RECT_INIT(0, 0, width, height));
		if (!gdk_texture_save_to_png(tex, s->file))
			fail("snapshot", "cannot write the PNG");
		g_object_unref(tex);
		gsk_render_node_unref(node);
	} else {
		fail("snapshot", "nothing drawn");
	}
	g_object_unref(p);
	g_free(s->file);
	g_free(s);
	blocked = 0;
	run();
	return G_SOURCE_REMOVE;
}

static void set(GtkWidget *w, const char *cmd, const char *text)
{
	if (GTK_IS_EDITABLE(w)) {
		gtk_editable_set_text(GTK_EDITABLE(w), text);
	} else if (GTK_IS_DROP_DOWN(w)) {
		GListModel *m = gtk_drop_down_get_model(GTK_DROP_DOWN(w));
		guint i, n = g_list_model_get_n_items(m);
		char *end;
		unsigned long idx = strtoul(text, &end, 10);

		for (i = 0; i < n; i++) {
			GObject *it = g_list_model_get_item(m, i);
			int same = !strcmp(gtk_string_object_get_string(GTK_STRING_OBJECT(it)), text);

			g_object_unref(it);
			if (same)
				break;
		}
		if (i == n && !*end && idx < n)
			i = idx;
		if (i == n)
			fail(cmd, "no such item");
		else
			gtk_drop_down_set_selected(GTK_DROP_DOWN(w), i);
	} else {
		fail(cmd, "not an entry or a drop-down");
	}
}

/* One command; 0 when it blocks the ones after it. */
static int one(char *cmd)
{
	char *arg = strchr(cmd, ' '), *arg2;
	GtkWidget *w;

	if (arg)
		*arg++ = '\0';
	if (!strcmp(cmd, "wait-questions"))
		return xs.n_questions >= atoi(arg ? arg : "0");
	if (!strcmp(cmd, "wait-replies"))
		return xs.n_replies >= atoi(arg ? arg : "0");
	if (!strcmp(cmd, "wait-eof"))
		return xs.eof;
	if (!strcmp(cmd, "dump")) {
		dump();
	} else if (!strcmp(cmd, "quit")) {
		g_application_quit(G_APPLICATION(xs.app));
	} else if (!strcmp(cmd, "click") && arg) {
		w = find(arg);
		if (!w || !GTK_IS_BUTTON(w))
			fail(arg, "no such button");
		else if (!gtk_widget_is_sensitive(w))
			fail(arg, "the button is insensitive");
		else
			gtk_widget_activate(w);
	} else if (!strcmp(cmd, "set") && arg && (arg2 = strchr(arg, ' '))) {
		*arg2++ = '\0';
		w = find(arg);
		if (!w)
			fail(arg, "no such widget");
		else
			set(w, arg, arg2);
	} else if (!strcmp(cmd, "snapshot") && arg && (arg2 = strchr(arg, ' '))) {
		struct shot *s = g_new0(struct shot, 1);

		*arg2++ = '\0';
		s->win = !strcmp(arg, "main") ? xs.main : xs.front ? xs.front->win : NULL;
		if (!s->win) {
			g_free(s);
			fail(arg, "no such window");
			return 1;
		}
		s->file = g_strdup(arg2);
		blocked = 1;
		gtk_widget_add_tick_callback(s->win, take_snapshot, s, NULL);
		gtk_widget_queue_draw(s->win);
		return 1;
	} else {
		fail(cmd, "unknown test command");
	}
	return 1;
}

static void run(void)
{
	char *nl, *line;
	size_t l;

	while (!blocked && (nl = memchr(cmds->str, '\n', cmds->len))) {
		l = nl - cmds->str;
		line = g_strndup(cmds->str, l);
		if (!one(line)) {
			/* Not yet: tried again on the next event. */
			g_free(line);
			return;
		}
		g_free(line);
		g_string_erase(cmds, 0, l + 1);
	}
}

void xs_test_poke(void)
{
	if (cmds)
		run();
}

static gboolean on_cmd(GIOChannel *ch, GIOCondition cond, gpointer data)
{
	char buf[4096];
	ssize_t n = read(g_io_channel_unix_get_fd(ch), buf, sizeof(buf));

	(void)cond;
	(void)data;
	if (n < 0 && errno == EINTR)
		return G_SOURCE_CONTINUE;
	if (n <= 0) {
		closed = 1;
		return G_SOURCE_REMOVE;
	}
	g_string_append_len(cmds, buf, n);
	run();
	return G_SOURCE_CONTINUE;
}

static gboolean on_second(gpointer data)
{
	(void)data;
	/* Waits on the countdown's answers: its tick is an event too. */
	run();
	return G_SOURCE_CONTINUE;
}

void xs_test_start(int fd)
{
	cmds = g_string_new(NULL);
	g_io_add_watch(g_io_channel_unix_new(fd), G_IO_IN | G_IO_HUP, on_cmd, NULL);
	g_timeout_add(200, on_second, NULL);
}
