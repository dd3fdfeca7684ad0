// SPDX-License-Identifier: GPL-2.0
/*
 * A question's window: who asks (program, icon, pid, user, image and
 * mode), what (the call and each argument), the answers as buttons, the
 * rule's filter prefilled with the suggestions, and a countdown to the
 * default answer. One window is shown at a time, the oldest question's;
 * the others wait in the queue of the main window.
 *
 * Everything shown comes from the confined program (its name, its
 * arguments): it goes into plain labels, never into markup.
 */
#include <string.h>

#include "xsystrace.h"

static const char *const errnos[] = {
	"eperm", "eacces", "enoent", "erofs", "enotdir", "eexist", "econnrefused",
	"eafnosupport", NULL
};

GtkWidget *xs_widget(GHashTable *w, const char *name)
{
	return w ? g_hash_table_lookup(w, name) : NULL;
}

static GtkWidget *named(GHashTable *w, GtkWidget *widget, const char *name)
{
	gtk_widget_set_name(widget, name);
	g_hash_table_insert(w, g_strdup(name), widget);
	return widget;
}

static const char *str(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

/* The icon the desktop gives the program, if any. */
static GIcon *program_icon(const char *program)
{
	GList *all, *l;
	GIcon *icon = NULL;

	if (!program[0])
		return NULL;
	all = g_app_info_get_all();
	for (l = all; l && !icon; l = l->next) {
		const char *exe = g_app_info_get_executable(l->data);
		char *path = exe ? g_find_program_in_path(exe) : NULL;

		if (path && !strcmp(path, program) && g_app_info_get_icon(l->data))
			icon = g_object_ref(g_app_info_get_icon(l->data));
		g_free(path);
	}
	g_list_free_full(all, g_object_unref);
	return icon;
}

static GtkWidget *value_label(const char *text)
{
	GtkWidget *l = gtk_label_new(text);

	gtk_label_set_xalign(GTK_LABEL(l), 0);
	gtk_label_set_selectable(GTK_LABEL(l), TRUE);
	gtk_label_set_wrap(GTK_LABEL(l), TRUE);
	gtk_label_set_wrap_mode(GTK_LABEL(l), PANGO_WRAP_WORD_CHAR);
	gtk_label_set_max_width_chars(GTK_LABEL(l), 60);
	gtk_widget_set_hexpand(l, TRUE);
	return l;
}

static void row(GtkGrid *g, int *r, const char *key, GtkWidget *value)
{
	GtkWidget *k = gtk_label_new(key);

	gtk_label_set_xalign(GTK_LABEL(k), 1);
	gtk_widget_add_css_class(k, "dim-label");
	gtk_widget_set_valign(k, GTK_ALIGN_START);
	gtk_grid_attach(g, k, 0, *r, 1, 1);
	gtk_grid_attach(g, value, 1, *r, 1, 1);
	(*r)++;
}

static struct xq *of(GtkWidget *w)
{
	return g_object_get_data(G_OBJECT(gtk_widget_get_root(w)), "xq");
}

static void answer(struct xq *q, const char *ans, const char *scope)
{
	GtkWidget *e = xs_widget(q->w, "filter");
	GtkWidget *d = xs_widget(q->w, "errno");
	const char *err = NULL, *filter = NULL;

	if (q->sent || !xs.connected)
		return;
	if (!strcmp(ans, "deny"))
		err = errnos[gtk_drop_down_get_selected(GTK_DROP_DOWN(d))];
	if (!strcmp(scope, "always")) {
		filter = gtk_editable_get_text(GTK_EDITABLE(e));
		if (!filter[0])
			filter = NULL;
	}
	xs_send_answer(q, ans, scope, err, filter);
	gtk_label_set_text(GTK_LABEL(xs_widget(q->w, "status")), "Answered; waiting for systracectl.");
	xs_history_add(q, q->answer, "xs-pending");
	if (xs.front == q)
		xs.front = NULL;
	xs_show_front();
	xs_queue_refresh();
}

static void on_permit_once(GtkButton *b, gpointer d) { (void)d; answer(of(GTK_WIDGET(b)), "permit", "once"); }
static void on_permit_always(GtkButton *b, gpointer d) { (void)d; answer(of(GTK_WIDGET(b)), "permit", "always"); }
static void on_deny_once(GtkButton *b, gpointer d) { (void)d; answer(of(GTK_WIDGET(b)), "deny", "once"); }
static void on_deny_always(GtkButton *b, gpointer d) { (void)d; answer(of(GTK_WIDGET(b)), "deny", "always"); }
static void on_kill(GtkButton *b, gpointer d) { (void)d; answer(of(GTK_WIDGET(b)), "kill", "once"); }
static void on_detach(GtkButton *b, gpointer d) { (void)d; answer(of(GTK_WIDGET(b)), "detach", "once"); }

static void on_suggestion(GObject *dd, GParamSpec *ps, gpointer data)
{
	struct xq *q = data;
	guint i = gtk_drop_down_get_selected(GTK_DROP_DOWN(dd));
	json_t *s = json_array_get(json_object_get(q->q, "suggestions"), i);

	(void)ps;
	if (s)
		gtk_editable_set_text(GTK_EDITABLE(xs_widget(q->w, "filter")),
				      str(s, "filter"));
}

static gboolean on_close(GtkWindow *win, gpointer data)
{
	(void)win;
	(void)data;
	/* Closing is no answer: the countdown answers, or the kernel. */
	return TRUE;
}

static GtkWidget *button(struct xq *q, const char *name, const char *label,
			 const char *css, GCallback cb)
{
	GtkWidget *b = named(q->w, gtk_button_new_with_mnemonic(label), name);

	if (css)
		gtk_widget_add_css_class(b, css);
	g_signal_connect(b, "clicked", cb, NULL);
	return b;
}

void xs_question_window(struct xq *q)
{
	json_t *o = q->q, *args = json_object_get(o, "args"), *v, *sug;
	GtkWidget *win, *box, *head, *icon, *title, *grid, *frame, *fbox, *bbox, *w;
	GtkStringList *sl;
	const char *program = str(o, "program"), *key;
	char text[1024];
	GIcon *gi;
	size_t i;
	int r = 0;

	q->w = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	win = gtk_window_new();
	q->win = win;
	g_object_set_data(G_OBJECT(win), "xq", q);
	snprintf(text, sizeof(text), "systrace: %s (pid %lld)",
		 program[0] ? program : str(o, "comm"),
		 (long long)json_integer_value(json_object_get(o, "pid")));
	gtk_window_set_title(GTK_WINDOW(win), text);
	gtk_window_set_default_size(GTK_WINDOW(win), 620, -1);
	g_signal_connect(win, "close-request", G_CALLBACK(on_close), NULL);

	box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 12);
	gtk_widget_set_margin_start(box, 18);
	gtk_widget_set_margin_end(box, 18);
	gtk_widget_set_margin_top(box, 18);
	gtk_widget_set_margin_bottom(box, 18);
	gtk_window_set_child(GTK_WINDOW(win), box);

	/* Who asks, and what. */
	head = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 12);
	gi = program_icon(program);
	icon = named(q->w, gi ? gtk_image_new_from_gicon(gi) :
		     gtk_image_new_from_icon_name("dialog-question"), "icon");
	if (gi)
		g_object_unref(gi);
	gtk_image_set_pixel_size(GTK_IMAGE(icon), 48);
	gtk_box_append(GTK_BOX(head), icon);
	snprintf(text, sizeof(text), "%s wants to %s",
		 program[0] ? program : str(o, "comm"), str(o, "call"));
	title = named(q->w, gtk_label_new(text), "title");
	gtk_widget_add_css_class(title, "title-2");
	gtk_label_set_xalign(GTK_LABEL(title), 0);
	gtk_label_set_wrap(GTK_LABEL(title), TRUE);
	gtk_label_set_wrap_mode(GTK_LABEL(title), PANGO_WRAP_WORD_CHAR);
	gtk_widget_set_hexpand(title, TRUE);
	gtk_box_append(GTK_BOX(head), title);
	gtk_box_append(GTK_BOX(box), head);

	grid = gtk_grid_new();
	gtk_grid_set_column_spacing(GTK_GRID(grid), 12);
	gtk_grid_set_row_spacing(GTK_GRID(grid), 4);
	/* A fleet's (scripts/fleet-mux): which machine asks. */
	if (str(o, "host")[0])
		row(GTK_GRID(grid), &r, "Machine", named(q->w, value_label(str(o, "host")), "host"));
	row(GTK_GRID(grid), &r, "Program", named(q->w, value_label(program[0] ? program :
				"(unknown)"), "program"));
	snprintf(text, sizeof(text), "%s", str(o, "comm"));
	row(GTK_GRID(grid), &r, "Name", named(q->w, value_label(text), "comm"));
	snprintf(text, sizeof(text), "%lld",
		 (long long)json_integer_value(json_object_get(o, "pid")));
	row(GTK_GRID(grid), &r, "Process", named(q->w, value_label(text), "pid"));
	snprintf(text, sizeof(text), "%s (uid %lld)", str(o, "user"),
		 (long long)json_integer_value(json_object_get(o, "uid")));
	row(GTK_GRID(grid), &r, "User", named(q->w, value_label(text), "user"));
	snprintf(text, sizeof(text), "%s%s%s%s", str(o, "image"),
		 str(o, "mode")[0] ? " (" : "", str(o, "mode"), str(o, "mode")[0] ? " mode)" : "");
	row(GTK_GRID(grid), &r, "Policy", named(q->w, value_label(text), "policy"));
	snprintf(text, sizeof(text), "%s-%s", str(o, "emulation"), str(o, "call"));
	w = named(q->w, value_label(text), "call");
	gtk_widget_add_css_class(w, "monospace");
	row(GTK_GRID(grid), &r, "Call", w);
	json_object_foreach(args, key, v) {
		char name[128], shown[1100];
		json_t *c;
		size_t ci;
		int cut = 0;

		json_array_foreach(json_object_get(o, "args_cut"), ci, c)
			if (!strcmp(json_string_value(c) ?: "", key))
				cut = 1;
		snprintf(name, sizeof(name), "arg-%s", key);
		snprintf(shown, sizeof(shown), "%s%s", json_string_value(v) ?: "",
			 cut ? "\u2026 (cut short)" : "");
		w = named(q->w, value_label(shown), name);
		gtk_widget_add_css_class(w, "monospace");
		row(GTK_GRID(grid), &r, key, w);
	}
	if (json_is_true(json_object_get(o, "args_more")))
		row(GTK_GRID(grid), &r, "", value_label("(more arguments, not reported)"));
	gtk_box_append(GTK_BOX(box), grid);

	/* The rule an "always" answer adds. */
	frame = gtk_frame_new("Rule for \u201calways\u201d");
	fbox = gtk_box_new(GTK_ORIENTATION_VERTICAL, 6);
	gtk_widget_set_margin_start(fbox, 8);
	gtk_widget_set_margin_end(fbox, 8);
	gtk_widget_set_margin_top(fbox, 8);
	gtk_widget_set_margin_bottom(fbox, 8);
	sl = gtk_string_list_new(NULL);
	sug = json_object_get(o, "suggestions");
	json_array_foreach(sug, i, v) {
		snprintf(text, sizeof(text), "%s: %s", str(v, "kind"), str(v, "filter"));
		gtk_string_list_append(sl, text);
	}
	w = named(q->w, gtk_drop_down_new(G_LIST_MODEL(sl), NULL), "suggestions");
	gtk_box_append(GTK_BOX(fbox), w);
	g_signal_connect(w, "notify::selected", G_CALLBACK(on_suggestion), q);
	w = named(q->w, gtk_entry_new(), "filter");
	gtk_widget_add_css_class(w, "monospace");
	gtk_entry_set_placeholder_text(GTK_ENTRY(w), "filter, as in a policy: filename eq \"/tmp/x\"");
	gtk_editable_set_text(GTK_EDITABLE(w), str(json_array_get(sug, 0), "filter"));
	gtk_box_append(GTK_BOX(fbox), w);
	gtk_frame_set_child(GTK_FRAME(frame), fbox);
	gtk_box_append(GTK_BOX(box), frame);

	/* The countdown to the default answer. */
	w = named(q->w, gtk_label_new(""), "countdown");
	gtk_label_set_xalign(GTK_LABEL(w), 0);
	gtk_widget_set_visible(w, q->countdown > 0);
	gtk_box_append(GTK_BOX(box), w);
	w = named(q->w, gtk_progress_bar_new(), "countdown-bar");
	gtk_widget_set_visible(w, q->countdown > 0);
	gtk_box_append(GTK_BOX(box), w);

	w = named(q->w, gtk_label_new(""), "status");
	gtk_label_set_xalign(GTK_LABEL(w), 0);
	gtk_label_set_wrap(GTK_LABEL(w), TRUE);
	gtk_widget_add_css_class(w, "error");
	gtk_box_append(GTK_BOX(box), w);

	/* The answers. */
	bbox = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 6);
	gtk_box_append(GTK_BOX(bbox), button(q, "permit-once", "_Permit once",
					     NULL, G_CALLBACK(on_permit_once)));
	gtk_box_append(GTK_BOX(bbox), button(q, "permit-always", "Permit _always",
					     "suggested-action", G_CALLBACK(on_permit_always)));
	gtk_box_append(GTK_BOX(bbox), button(q, "deny-once", "_Deny once",
					     NULL, G_CALLBACK(on_deny_once)));
	gtk_box_append(GTK_BOX(bbox), button(q, "deny-always", "D_eny always",
					     "destructive-action", G_CALLBACK(on_deny_always)));
	w = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 0);
	gtk_widget_set_hexpand(w, TRUE);
	gtk_box_append(GTK_BOX(bbox), w);
	w = gtk_label_new("error");
	gtk_widget_add_css_class(w, "dim-label");
	gtk_box_append(GTK_BOX(bbox), w);
	sl = gtk_string_list_new(errnos);
	w = named(q->w, gtk_drop_down_new(G_LIST_MODEL(sl), NULL), "errno");
	gtk_widget_set_tooltip_text(w, "The error a denied call returns");
	gtk_box_append(GTK_BOX(bbox), w);
	gtk_box_append(GTK_BOX(bbox), button(q, "kill", "_Kill", "destructive-action",
					     G_CALLBACK(on_kill)));
	gtk_box_append(GTK_BOX(bbox), button(q, "detach", "De_tach", NULL,
					     G_CALLBACK(on_detach)));
	gtk_box_append(GTK_BOX(box), bbox);
	/* Enter denies; no label starts selected. */
	gtk_window_set_default_widget(GTK_WINDOW(win), xs_widget(q->w, "deny-once"));
	gtk_window_set_focus(GTK_WINDOW(win), xs_widget(q->w, "deny-once"));
}

void xs_question_error(struct xq *q, const char *message)
{
	gtk_label_set_text(GTK_LABEL(xs_widget(q->w, "status")), message);
	if (q->history_row)
		xs_history_add(q, message, "xs-denied");
}

void xs_question_free(struct xq *q)
{
	if (q->win)
		gtk_window_destroy(GTK_WINDOW(q->win));
	g_hash_table_destroy(q->w);
	json_decref(q->q);
	g_free(q);
}

/* Show the oldest question not answered yet; hide the others. */
void xs_show_front(void)
{
	struct xq *front = NULL;
	GList *l;

	for (l = xs.questions; l; l = l->next) {
		struct xq *q = l->data;

		if (!q->sent && !front)
			front = q;
		else if (q->win && q != front)
			gtk_widget_set_visible(q->win, FALSE);
	}
	xs.front = front;
	if (front) {
		gtk_widget_set_sensitive(gtk_window_get_child(GTK_WINDOW(front->win)),
					 xs.connected);
		gtk_window_present(GTK_WINDOW(front->win));
	}
}

static int seconds_left(struct xq *q)
{
	gint64 ms = (g_get_monotonic_time() - q->arrived) / 1000;

	return q->countdown - (int)(ms / 1000);
}

/* Each second: the countdowns, and their default answers. */
gboolean xs_tick(gpointer data)
{
	GList *l, *next;
	char text[128];

	(void)data;
	for (l = xs.questions; l; l = next) {
		struct xq *q = l->data;
		int left = seconds_left(q);

		next = l->next;
		if (q->sent || !q->countdown)
			continue;
		if (!xs.connected) {
			gtk_label_set_text(GTK_LABEL(xs_widget(q->w, "countdown")),
					   "No agent any more: the kernel denies this call");
			gtk_progress_bar_set_fraction(GTK_PROGRESS_BAR(xs_widget(q->w, "countdown-bar")), 0);
			continue;
		}
		if (left <= 0 && xs.connected) {
			answer(q, xs.default_answer, "once");
			continue;
		}
		snprintf(text, sizeof(text), "%s in %d s unless you answer",
			 !strcmp(xs.default_answer, "deny") ? "Denying" :
			 !strcmp(xs.default_answer, "kill") ? "Killing" : "Permitting",
			 left > 0 ? left : 0);
		gtk_label_set_text(GTK_LABEL(xs_widget(q->w, "countdown")), text);
		gtk_progress_bar_set_fraction(GTK_PROGRESS_BAR(xs_widget(q->w, "countdown-bar")),
					      left > 0 ? (double)left / q->countdown : 0);
	}
	return G_SOURCE_CONTINUE;
}
