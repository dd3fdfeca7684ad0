// SPDX-License-Identifier: GPL-2.0
/*
 * systracectl ps: the confined tasks, as aa-status lists AppArmor's: pid,
 * program, user, and the layers that confine it (image, policy, mode),
 * an unloaded image marked so (its tasks stay confined until they exit).
 */
#include <errno.h>
#include <getopt.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include <linux/systrace.h>

#include "nl.h"
#include "request.h"
#include "systracectl.h"

struct collect {
	struct st_ps_task *tasks;
	size_t n, cap;
	int err;
};

static int parse_layer(struct nlattr *nest, struct st_ps_layer *l)
{
	struct nlattr *tb[SYSTRACE_A_MAX + 1];

	if (nla_parse_nested(tb, SYSTRACE_A_MAX, nest, NULL) ||
	    !tb[SYSTRACE_A_NAME])
		return -EINVAL;
	l->image = strdup(nla_get_string(tb[SYSTRACE_A_NAME]));
	if (!l->image)
		return -ENOMEM;
	l->index = tb[SYSTRACE_A_POLICY_INDEX] ?
		   nla_get_u32(tb[SYSTRACE_A_POLICY_INDEX]) : 0;
	l->mode = tb[SYSTRACE_A_MODE] ? nla_get_u8(tb[SYSTRACE_A_MODE]) : -1;
	l->flags = tb[SYSTRACE_A_FLAGS] ? nla_get_u32(tb[SYSTRACE_A_FLAGS]) : 0;
	l->owner = tb[SYSTRACE_A_OWNER] ? nla_get_u32(tb[SYSTRACE_A_OWNER]) :
		   ST_NO_OWNER;
	return 0;
}

static int add_task(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[SYSTRACE_A_MAX + 1], *a;
	struct collect *c = arg;
	struct st_ps_task *t;
	int rem;

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, SYSTRACE_A_MAX, NULL) < 0 ||
	    !tb[SYSTRACE_A_PID])
		return NL_SKIP;
	if (c->n == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 64;
		struct st_ps_task *p = realloc(c->tasks, cap * sizeof(*p));

		if (!p) {
			c->err = -ENOMEM;
			return NL_STOP;
		}
		c->tasks = p;
		c->cap = cap;
	}
	t = &c->tasks[c->n++];
	memset(t, 0, sizeof(*t));
	t->pid = nla_get_u32(tb[SYSTRACE_A_PID]);
	t->tgid = tb[SYSTRACE_A_TGID] ? nla_get_u32(tb[SYSTRACE_A_TGID]) : t->pid;
	t->uid = tb[SYSTRACE_A_UID] ? nla_get_u32(tb[SYSTRACE_A_UID]) : -1U;
	snprintf(t->prog, sizeof(t->prog), "%s",
		 tb[SYSTRACE_A_PROG] ? nla_get_string(tb[SYSTRACE_A_PROG]) : "?");
	nla_for_each_attr(a, genlmsg_attrdata(nlmsg_data(nlmsg_hdr(msg)), 0),
			  genlmsg_attrlen(nlmsg_data(nlmsg_hdr(msg)), 0), rem) {
		if (nla_type(a) != SYSTRACE_A_LAYER || t->nlayers == ST_PS_LAYERS)
			continue;
		if (parse_layer(a, &t->layers[t->nlayers]) == -ENOMEM) {
			c->err = -ENOMEM;
			return NL_STOP;
		}
		if (t->layers[t->nlayers].image)
			t->nlayers++;
	}
	return NL_OK;
}

static int by_pid(const void *a, const void *b)
{
	const struct st_ps_task *x = a, *y = b;

	return x->pid < y->pid ? -1 : x->pid > y->pid;
}

void st_ps_free(struct st_ps_task *tasks, size_t n)
{
	size_t i;
	unsigned int j;

	for (i = 0; i < n; i++)
		for (j = 0; j < tasks[i].nlayers; j++)
			free(tasks[i].layers[j].image);
	free(tasks);
}

int st_ps_collect(struct st_nl *nl, struct st_ps_task **tasks, size_t *n)
{
	struct collect c = { NULL, 0, 0, 0 };
	size_t i, k;
	int ret;

	ret = st_req_simple(nl, SYSTRACE_CMD_PS, true, add_task, &c);
	if (!ret)
		ret = c.err;
	if (ret < 0) {
		st_ps_free(c.tasks, c.n);
		return ret;
	}
	qsort(c.tasks, c.n, sizeof(*c.tasks), by_pid);
	/* A task confined meanwhile may come twice (see the uapi). */
	for (i = k = 0; i < c.n; i++) {
		if (k && c.tasks[k - 1].pid == c.tasks[i].pid) {
			unsigned int j;

			for (j = 0; j < c.tasks[i].nlayers; j++)
				free(c.tasks[i].layers[j].image);
			continue;
		}
		c.tasks[k++] = c.tasks[i];
	}
	*tasks = c.tasks;
	*n = k;
	return 0;
}

static const char *user_name(unsigned int uid, char *buf, size_t len)
{
	struct passwd *pw = getpwuid(uid);

	if (pw)
		return pw->pw_name;
	snprintf(buf, len, "%u", uid);
	return buf;
}

/* "bound,foreign": the flags people act on (unloaded shows in the name). */
static void flag_text(unsigned int f, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s%s%s",
		 f & SYSTRACE_LAYER_F_BOUND ? "bound" : "started",
		 f & SYSTRACE_LAYER_F_FOREIGN ? ",foreign" : "",
		 f & SYSTRACE_LAYER_F_NOELEV ? ",noelev" : "",
		 f & SYSTRACE_LAYER_F_UNLOADED ? ",unloaded" : "");
}

static void print_text(const struct st_ps_task *t, size_t n, int threads)
{
	char ubuf[16], fbuf[64], ibuf[SYSTRACE_NAME_MAX + 32];
	size_t i, shown = 0;
	unsigned int j;

	printf("%-7s %-7s %-10s %-16s %-8s %s\n", "PID", "TGID", "USER",
	       "PROGRAM", "MODE", "IMAGE[POLICY] (HOW)");
	for (i = 0; i < n; i++) {
		if (!threads && t[i].pid != t[i].tgid)
			continue;
		shown++;
		for (j = 0; j < t[i].nlayers; j++) {
			const struct st_ps_layer *l = &t[i].layers[j];

			snprintf(ibuf, sizeof(ibuf), "%s%s[%u]", l->image,
				 l->flags & SYSTRACE_LAYER_F_UNLOADED ?
				 " (unloaded)" : "", l->index);
			flag_text(l->flags, fbuf, sizeof(fbuf));
			if (!j)
				printf("%-7u %-7u %-10s %-16s ", t[i].pid,
				       t[i].tgid,
				       user_name(t[i].uid, ubuf, sizeof(ubuf)),
				       t[i].prog);
			else
				printf("%-7s %-7s %-10s %-16s ", "", "", "",
				       "");
			printf("%-8s %s (%s)\n", st_mode_name(l->mode), ibuf,
			       fbuf);
		}
	}
	if (!shown)
		printf("no confined process\n");
}

static json_t *layer_json(const struct st_ps_layer *l)
{
	json_t *o = json_object();
	int ok;

	ok = o && !json_object_set_new(o, "image", st_jstr(l->image)) &&
	     !json_object_set_new(o, "policy", json_integer(l->index)) &&
	     !json_object_set_new(o, "mode", json_string(st_mode_name(l->mode))) &&
	     !json_object_set_new(o, "unloaded",
				  json_boolean(l->flags & SYSTRACE_LAYER_F_UNLOADED)) &&
	     !json_object_set_new(o, "bound",
				  json_boolean(l->flags & SYSTRACE_LAYER_F_BOUND)) &&
	     !json_object_set_new(o, "foreign",
				  json_boolean(l->flags & SYSTRACE_LAYER_F_FOREIGN)) &&
	     !json_object_set_new(o, "noelev",
				  json_boolean(l->flags & SYSTRACE_LAYER_F_NOELEV)) &&
	     (l->owner == ST_NO_OWNER ||
	      !json_object_set_new(o, "owner", json_integer(l->owner)));
	if (!ok) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static json_t *task_json(const struct st_ps_task *t)
{
	json_t *o = json_object(), *layers = json_array();
	char ubuf[16];
	unsigned int j;
	int ok;

	ok = o && layers &&
	     !json_object_set_new(o, "pid", json_integer(t->pid)) &&
	     !json_object_set_new(o, "tgid", json_integer(t->tgid)) &&
	     !json_object_set_new(o, "uid", json_integer(t->uid)) &&
	     !json_object_set_new(o, "user",
				  st_jstr(user_name(t->uid, ubuf, sizeof(ubuf)))) &&
	     !json_object_set_new(o, "program", st_jstr(t->prog));
	for (j = 0; ok && j < t->nlayers; j++)
		ok = !json_array_append_new(layers, layer_json(&t->layers[j]));
	if (ok)
		ok = !json_object_set_new(o, "layers", layers);
	else
		json_decref(layers);
	if (!ok) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static int print_json(const struct st_ps_task *t, size_t n, int threads)
{
	json_t *o = json_object(), *arr = json_array();
	size_t i;
	int ok = o && arr;

	for (i = 0; ok && i < n; i++)
		if (threads || t[i].pid == t[i].tgid)
			ok = !json_array_append_new(arr, task_json(&t[i]));
	if (ok)
		ok = !json_object_set_new(o, "tasks", arr);
	else
		json_decref(arr);
	if (!ok) {
		json_decref(o);
		return -ENOMEM;
	}
	return st_json_print(o);
}

int ps_main(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "threads", no_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	static const char usage[] =
		"usage: systracectl ps [--json] [-t|--threads]\n";
	struct st_ps_task *tasks;
	int json = 0, threads = 0, c, ret;
	struct st_nl nl;
	size_t n;

	while ((c = getopt_long(argc, argv, "jth", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = 1;
			break;
		case 't':
			threads = 1;
			break;
		case 'h':
			fputs(usage, stdout);
			return ST_EXIT_OK;
		default:
			return st_bad_option("jth", argc, argv);
		}
	}
	if (optind != argc)
		return st_bad_usage(usage);
	ret = st_open_or_explain(&nl);
	if (ret)
		return ret;
	ret = st_ps_collect(&nl, &tasks, &n);
	if (ret < 0) {
		fprintf(stderr, "systracectl: ps: %s\n", st_kerr(&nl, ret));
		st_nl_close(&nl);
		return ST_EXIT_FAIL;
	}
	st_nl_close(&nl);
	if (json)
		ret = print_json(tasks, n, threads);
	else
		print_text(tasks, n, threads);
	st_ps_free(tasks, n);
	if (ret < 0) {
		fprintf(stderr, "systracectl: ps: out of memory\n");
		return ST_EXIT_FAIL;
	}
	return ST_EXIT_OK;
}
