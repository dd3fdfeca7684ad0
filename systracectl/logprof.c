// SPDX-License-Identifier: GPL-2.0
/*
 * systracectl logprof: denials into rules, after AppArmor's aa-logprof.
 *
 * The denials (and the reports of complain, i.e. learn, mode) come from
 * the kernel's events group, read until SIGINT or -w SECONDS, or from a
 * file of lines (-f: "monitor --json", or "journalctl -o json" of
 * "monitor --journal"): each argument its own field, never a log's text
 * read back (a rule is made of the fields, through rule.c's table). They
 * are grouped by image, call and arguments; for each, a rule is offered
 * in several widths (the exact object, its directory with inpath, a glob:
 * st_rule_text() with ST_WIDEN_*), or a deny rule, or nothing. Accepted rules are
 * appended to the image's policy file (/run/systrace/NAME.src, recorded
 * by load and load-dir; else /etc/systrace/NAME, or the owner's
 * ~/.systrace/NAME) and the image is loaded again in its mode.
 *
 * Only the tasks of the image's owner are heard (root for a global
 * image): another user's task can make any denial it likes, and a rule
 * offered from it would be a rule that user chose. --all-users hears
 * everybody for global images (the administrator reads what is offered).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <linux/systrace.h>

#include "nl.h"
#include "request.h"
#include "systracectl.h"

static const char usage[] =
	"usage: systracectl logprof [-f FILE] [-w SECONDS] [--all-users]\n"
	"                           [--yes-exact | --yes-inpath | --yes-glob] [IMAGE]\n"
	"Offer rules for the denials of IMAGE (default: every image): read from the\n"
	"kernel's events until Ctrl-C (or -w SECONDS), or from FILE (lines of\n"
	"monitor --json, or journalctl -o json --all of monitor --journal). Accepted\n"
	"rules are appended to the image's policy file, which is loaded again.\n"
	"  -f FILE        read denials from FILE ('-': standard input, then no questions)\n"
	"  -w SECONDS     stop reading the events after SECONDS\n"
	"  --all-users    for global images, denials of every user's tasks (default:\n"
	"                 only root's, the owner's; a user's image: only its owner's)\n"
	"  --yes-exact, --yes-inpath, --yes-glob\n"
	"                 accept that rule for every denial, without asking\n";

#define GROUPS_MAX	4096

/* The denials of one image, call and arguments. */
struct group {
	char name[SYSTRACE_NAME_MAX];
	char call[64];
	char text[2048];	/* the kernel's text: shown, never read */
	unsigned int uid;
	unsigned long count;
	struct st_rarg args[ST_ARGS_N];	/* st_rargs_dup()'s */
	int nargs;		/* negative: no rule (st_rule_strerror()) */
};

struct logprof {
	const char *image;
	int all_users;
	struct group *g;
	size_t n;
	unsigned long others, lost, unread, forged;
};

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	stop = sig;
}

/* The owner of an image: the uid of "~UID/NAME", root for a global one. */
static unsigned int owner_of(const char *name)
{
	return name[0] == '~' ? (unsigned int)strtoul(name + 1, NULL, 10) : 0;
}

/* The same arguments: names, indexes, kinds and values, byte for byte. */
static int same_args(const struct group *g, const struct st_report *e)
{
	int i;

	if (g->nargs != e->nargs)
		return 0;
	if (g->nargs < 0)
		return !strcmp(g->text, e->text);
	for (i = 0; i < g->nargs; i++) {
		const struct st_rarg *a = &g->args[i], *b = &e->args[i];

		if (strcmp(a->name, b->name) || a->index != b->index ||
		    a->kind != b->kind || a->len != b->len ||
		    memcmp(a->value, b->value, a->len))
			return 0;
	}
	return 1;
}

static void collect(const struct st_report *e, void *arg)
{
	struct logprof *lp = arg;
	struct group *g;
	size_t i;

	if (e->cmd != SYSTRACE_CMD_EVENT ||
	    (e->verdict != SYSTRACE_VERDICT_UNMATCHED_DENY &&
	     e->verdict != SYSTRACE_VERDICT_ASKED_DENY &&
	     e->verdict != SYSTRACE_VERDICT_UNMATCHED_PERMIT))
		return;
	if (lp->image && strcmp(lp->image, e->name))
		return;
	if (e->uid != owner_of(e->name) &&
	    !(lp->all_users && e->name[0] != '~')) {
		lp->others++;
		return;
	}
	for (i = 0; i < lp->n; i++) {
		struct group *g = &lp->g[i];

		if (!strcmp(g->name, e->name) && !strcmp(g->call, e->call) &&
		    same_args(g, e)) {
			g->count++;
			return;
		}
	}
	if (lp->n == GROUPS_MAX) {
		lp->lost++;
		return;
	}
	if (!(lp->n % 64)) {
		struct group *g = realloc(lp->g, (lp->n + 64) * sizeof(*g));

		if (!g) {
			lp->lost++;
			return;
		}
		lp->g = g;
	}
	g = &lp->g[lp->n];
	memset(g, 0, sizeof(*g));
	/* A name or a call cut short would be another image's, another
	 * call's: not offered. */
	if ((size_t)snprintf(g->name, sizeof(g->name), "%s", e->name) >=
	    sizeof(g->name) ||
	    (size_t)snprintf(g->call, sizeof(g->call), "%s", e->call) >=
	    sizeof(g->call)) {
		lp->lost++;
		return;
	}
	snprintf(g->text, sizeof(g->text), "%s", e->text);
	g->uid = e->uid;
	g->count = 1;
	g->nargs = e->nargs;
	if (e->nargs > 0 && st_rargs_dup(e->args, e->nargs, g->args) < 0) {
		lp->lost++;
		return;
	}
	lp->n++;
}

static int read_file(struct logprof *lp, const char *path)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	struct st_report e;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int ret;

	if (!f) {
		fprintf(stderr, "systracectl: %s: %s\n", path, strerror(errno));
		return -errno;
	}
	while ((len = getline(&line, &cap, f)) > 0) {
		ret = st_event_parse_line(line, len, &e);
		if (ret == -EPERM)
			lp->forged++;
		else if (ret == -EINVAL && line[0] != '{')
			lp->unread++;
		if (ret)
			continue;
		collect(&e, lp);
		st_event_free(&e);
	}
	free(line);
	if (f != stdin)
		fclose(f);
	return 0;
}

static int read_stream(struct logprof *lp, int seconds)
{
	struct sigaction sa = { .sa_handler = on_signal };
	struct st_events *ev = st_events_open();
	struct timespec end, now;

	if (!ev)
		return -EPERM;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	clock_gettime(CLOCK_MONOTONIC, &end);
	end.tv_sec += seconds;
	fprintf(stderr, "systracectl: logprof: reading denials%s\n",
		seconds ? "" : " (Ctrl-C when done)");
	while (!stop) {
		struct pollfd p = { .fd = st_events_fd(ev), .events = POLLIN };
		int ms = -1;

		if (seconds) {
			clock_gettime(CLOCK_MONOTONIC, &now);
			ms = (end.tv_sec - now.tv_sec) * 1000 +
			     (end.tv_nsec - now.tv_nsec) / 1000000;
			if (ms <= 0)
				break;
		}
		if (poll(&p, 1, ms) < 0 && errno != EINTR)
			break;
		if (st_events_poll(ev, collect, lp) == -ENOBUFS)
			lp->lost++;
	}
	st_events_poll(ev, collect, lp);
	st_events_close(ev);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	return 0;
}

/* The policy file of image @name into @buf: 0 or -ENOENT. */
static int source_of(const char *name, char *buf, size_t len)
{
	struct passwd *pw;
	const char *slash;

	if (st_src_lookup(name, buf, len) == 0)
		return 0;
	if (name[0] != '~') {
		snprintf(buf, len, "/etc/systrace/%s", name);
		return access(buf, F_OK) ? -ENOENT : 0;
	}
	slash = strchr(name, '/');
	pw = getpwuid(owner_of(name));
	if (!slash || !pw || !pw->pw_dir)
		return -ENOENT;
	snprintf(buf, len, "%s/.systrace/%s", pw->pw_dir, slash + 1);
	return access(buf, F_OK) ? -ENOENT : 0;
}

/*
 * Append @rule to @path. A user's file is written only as what it must be
 * (a regular file of the owner, one link, not a symbolic link): root
 * writing where a user points would be the user writing as root.
 * *@old: its size before, to put it back. 0 or -errno.
 */
static int append(const char *path, const char *rule, long long owner, off_t *old)
{
	struct stat st;
	char last = '\n';
	int fd, ret = 0;

	fd = open(path, O_RDWR | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_nlink != 1 ||
	    (owner != ST_NO_OWNER && st.st_uid != owner)) {
		close(fd);
		return -EPERM;
	}
	*old = st.st_size;
	if (st.st_size && pread(fd, &last, 1, st.st_size - 1) != 1)
		last = '\n';
	if (lseek(fd, 0, SEEK_END) < 0 ||
	    dprintf(fd, "%s\t%s\n", last == '\n' ? "" : "\n", rule) < 0 ||
	    fsync(fd) < 0)
		ret = -errno;
	close(fd);
	return ret;
}

static void put_back(const char *path, off_t size)
{
	int fd = open(path, O_WRONLY | O_NOFOLLOW | O_CLOEXEC);

	if (fd >= 0) {
		if (ftruncate(fd, size) < 0)
			fprintf(stderr, "systracectl: %s: %s\n", path, strerror(errno));
		close(fd);
	}
}

/* Load @name again from @src, in the mode it has now. 0 or -errno. */
static int reload(const char *name, const char *src)
{
	long long owner = name[0] == '~' ? (long long)owner_of(name) : ST_NO_OWNER;
	struct passwd *pw;
	unsigned char *img;
	struct st_nl nl;
	size_t len;
	int mode, ret;

	if (owner != ST_NO_OWNER) {
		/* A user's file is compiled with the user's credentials. */
		char dir[PATH_MAX], *slash, *argv[5];

		pw = getpwuid(owner);
		snprintf(dir, sizeof(dir), "%s", src);
		slash = strrchr(dir, '/');
		if (!pw || !slash)
			return -ENOENT;
		*slash = '\0';
		argv[0] = (char *)"load-dir";
		argv[1] = (char *)"-u";
		argv[2] = pw->pw_name;
		argv[3] = dir;
		argv[4] = NULL;
		optind = 0;
		return loaddir_main(4, argv) ? -EINVAL : 0;
	}
	if (st_open_or_explain(&nl))
		return -ENOENT;
	mode = st_image_mode(&nl, name);
	if (mode < 0) {
		st_nl_close(&nl);
		printf("%s is not loaded: the rules are in %s for its next load\n",
		       name, src);
		return 0;
	}
	ret = st_read_policy(src, &img, &len);
	if (ret == 0) {
		struct st_load_opts lo = {
			.name = name, .mode = mode, .owner = ST_NO_OWNER,
		};

		ret = st_load(&nl, &lo, img, len);
		free(img);
		if (ret < 0)
			fprintf(stderr, "systracectl: load %s: %s\n", name,
				st_kerr(&nl, ret));
		else
			printf("%s loaded again from %s (%s)\n", name, src,
			       st_mode_name(mode));
	}
	st_nl_close(&nl);
	return ret;
}

/* The arguments to show: from the fields, each value quoted as the
 * kernel log quotes it; the report's text when there are none. */
static void show_args(const struct group *g, char *buf, size_t len)
{
	char q[256];
	size_t n = 0;
	int i;

	buf[0] = '\0';
	if (g->nargs <= 0) {
		snprintf(buf, len, "%s", g->text);
		return;
	}
	for (i = 0; i < g->nargs && n < len; i++) {
		const struct st_rarg *a = &g->args[i];
		char idx[16] = "";

		if (a->index)
			snprintf(idx, sizeof(idx), "[%u]", a->index);
		n += snprintf(buf + n, len - n, "%s%s%s: %s", i ? ", " : "",
			      a->name, idx, st_quote_log(q, sizeof(q), a->value));
	}
}

/* One group: offered, and the rule added. */
static void offer(struct group *g, size_t idx, size_t total, int yes, int *eof)
{
	static char rule[4][ST_RULE_MAX];
	struct st_rule_ctx inpath = { .widen = ST_WIDEN_INPATH };
	struct st_rule_ctx glob = { .widen = ST_WIDEN_GLOB };
	char src[PATH_MAX], line[64], prog[80], args[2048];
	int have[4] = { 0 }, pick = -1, ret;
	off_t old = 0;

	if (source_of(g->name, src, sizeof(src)) < 0) {
		printf("%s: no policy file is known (see systracectl(8), logprof): skipped\n",
		       st_quote_log(prog, sizeof(prog), g->name));
		return;
	}
	show_args(g, args, sizeof(args));
	ret = st_rule_text("native", g->call, g->args, g->nargs, NULL,
			   "permit", rule[0], sizeof(rule[0]));
	if (ret < 0) {
		printf("no rule for %s, %s: %s\n", g->call, args,
		       st_rule_strerror(ret));
		return;
	}
	have[0] = 1;
	/* A wider choice only where it is another rule. */
	have[1] = st_rule_text("native", g->call, g->args, g->nargs, &inpath,
			       "permit", rule[1], sizeof(rule[1])) == 0 &&
		  strcmp(rule[1], rule[0]);
	have[2] = st_rule_text("native", g->call, g->args, g->nargs, &glob,
			       "permit", rule[2], sizeof(rule[2])) == 0 &&
		  strcmp(rule[2], rule[0]);
	have[3] = st_rule_text("native", g->call, g->args, g->nargs, NULL,
			       "deny", rule[3], sizeof(rule[3])) == 0;
	printf("\n[%zu/%zu] %s, uid %u, %lu time%s: native-%s%s%s\n",
	       idx + 1, total, st_quote_log(prog, sizeof(prog), g->name), g->uid,
	       g->count, g->count == 1 ? "" : "s", g->call,
	       args[0] ? ", " : "", args);
	printf("  [1] %s\n", rule[0]);
	if (have[1])
		printf("  [2] %s\n", rule[1]);
	if (have[2])
		printf("  [3] %s\n", rule[2]);
	if (have[3])
		printf("  [d] %s\n", rule[3]);
	printf("  [s] skip\n");
	if (yes) {
		pick = have[yes - 1] ? yes - 1 : 0;
	} else {
		while (pick < 0 && !*eof) {
			printf("choice? ");
			fflush(stdout);
			if (!fgets(line, sizeof(line), stdin)) {
				*eof = 1;
				printf("\n");
				break;
			}
			if (line[0] == '1')
				pick = 0;
			else if (line[0] == '2' && have[1])
				pick = 1;
			else if (line[0] == '3' && have[2])
				pick = 2;
			else if ((line[0] == 'd' || line[0] == 'D') && have[3])
				pick = 3;
			else if (line[0] == 's' || line[0] == 'S' || line[0] == '\n')
				break;
			else
				printf("1, %s%sd or s\n", have[1] ? "2, " : "",
				       have[2] ? "3, " : "");
		}
	}
	if (pick < 0) {
		printf("skipped\n");
		return;
	}
	ret = append(src, rule[pick], g->name[0] == '~' ?
		     (long long)owner_of(g->name) : ST_NO_OWNER, &old);
	if (ret < 0) {
		fprintf(stderr, "systracectl: %s: %s: not added\n", src,
			ret == -EPERM ? "not a regular file of the image's owner" :
			strerror(-ret));
		return;
	}
	printf("added to %s: %s\n", src, rule[pick]);
	if (reload(g->name, src) < 0) {
		/* A rule that does not load helps nobody. */
		put_back(src, old);
		fprintf(stderr, "systracectl: %s put back as it was\n", src);
	}
}

int logprof_main(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "file", required_argument, NULL, 'f' },
		{ "wait", required_argument, NULL, 'w' },
		{ "all-users", no_argument, NULL, 'U' },
		{ "yes-exact", no_argument, NULL, '1' },
		{ "yes-inpath", no_argument, NULL, '2' },
		{ "yes-glob", no_argument, NULL, '3' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct logprof lp = { 0 };
	const char *file = NULL;
	int c, seconds = 0, yes = 0, eof = 0;
	size_t i;

	while ((c = getopt_long(argc, argv, "f:w:h", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			file = optarg;
			break;
		case 'w':
			seconds = atoi(optarg);
			if (seconds < 1) {
				fprintf(stderr, "systracectl logprof: -w: a number of seconds\n");
				return ST_EXIT_USAGE;
			}
			break;
		case 'U':
			lp.all_users = 1;
			break;
		case '1':
		case '2':
		case '3':
			yes = c - '0';
			break;
		case 'h':
			fputs(usage, stdout);
			return ST_EXIT_OK;
		default:
			return st_bad_option("f:w:h", argc, argv);
		}
	}
	if (optind < argc - 1)
		return st_bad_usage(usage);
	lp.image = optind < argc ? argv[optind] : NULL;
	if (file ? read_file(&lp, file) < 0 : read_stream(&lp, seconds) < 0)
		return ST_EXIT_FAIL;
	if (file && !strcmp(file, "-") && !yes)
		eof = 1;
	printf("%zu denial%s to look at", lp.n, lp.n == 1 ? "" : "s");
	if (lp.others)
		printf("; %lu of other users' tasks not offered (--all-users: global images)",
		       lp.others);
	if (lp.lost)
		printf("; some were lost");
	if (lp.forged)
		printf("; %lu journal entr%s with SYSTRACE_ fields not sent by root ignored",
		       lp.forged, lp.forged == 1 ? "y" : "ies");
	if (lp.unread)
		printf("; %lu line%s not JSON (a log's text makes no rule: monitor --json or --journal)",
		       lp.unread, lp.unread == 1 ? "" : "s");
	printf("\n");
	for (i = 0; i < lp.n; i++)
		offer(&lp.g[i], i, lp.n, yes, &eof);
	for (i = 0; i < lp.n; i++)
		if (lp.g[i].nargs > 0)
			st_rargs_free(lp.g[i].args, lp.g[i].nargs);
	free(lp.g);
	return ST_EXIT_OK;
}
