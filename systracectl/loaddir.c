// SPDX-License-Identifier: GPL-2.0
/*
 * systracectl load-dir: compile every policy file of one or more
 * directories laid out as systrace's /etc/systrace (one file per program,
 * named from its path: usr_sbin_nginx), then load them all.
 *
 * Every file is compiled before the first is loaded, so a syntax error
 * anywhere is reported before anything changes in the kernel; each image
 * then replaces the one of its name atomically. Bad files are reported
 * (policyc's file:line:col diagnostics) and skipped; the good ones load.
 *
 * A user's policies (~/.systrace, systrace's per-user directory; --user
 * or --users) load as that user's images: owned by the uid, named
 * "~UID/FILE", binding the user's own execs only and never a path a global
 * image binds (the kernel decides; this tool reports what LIST says).
 * Their files are the user's to write and nobody else's: ssh's StrictModes
 * refuse a file or directory owned by another user or writable by group or
 * others, a symbolic link, and a file with other hard links; only the
 * file checked is read, and a source is compiled by policyc running with
 * the user's credentials.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <grp.h>
#include <poll.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <linux/systrace.h>
#include <linux/systrace_prog.h>

#include "nl.h"
#include "request.h"
#include "systracectl.h"

/* Whose files are being loaded: nobody's (global) or a user's. */
struct owner {
	long long uid;		/* ST_NO_OWNER: global */
	gid_t gid;
	const char *user;	/* the name, for messages and initgroups() */
};

struct entry {
	char *path;
	char name[SYSTRACE_NAME_MAX];
	unsigned char *buf;
	size_t len;
	int ok;
	int loaded;
	struct owner own;
};

/*
 * Files of a policy directory that are not policies: hidden files, editor
 * backups and swap files, leftovers of package managers, and the files
 * systrace's own packaging installs next to policies in its source tree.
 */
static int ignored(const char *name)
{
	static const char *const suffixes[] = {
		"~", ".bak", ".old", ".orig", ".rej", ".swp", ".swo", ".swx",
		".tmp", ".save", ".dpkg-old", ".dpkg-new", ".dpkg-dist",
		".dpkg-tmp", ".dpkg-bak", ".dpkg-remove", ".ucf-old",
		".ucf-new", ".ucf-dist", ".rpmnew", ".rpmsave", ".rpmorig",
		".service", ".conf", ".md", ".rst", ".txt", ".path",
	};
	size_t n = strlen(name), i, s;

	if (name[0] == '.' || (name[0] == '#' && n > 1 && name[n - 1] == '#'))
		return 1;
	for (i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		s = strlen(suffixes[i]);
		if (n > s && !strcmp(name + n - s, suffixes[i]))
			return 1;
	}
	return !strncmp(name, "README", 6);
}

static int by_path(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->path,
		      ((const struct entry *)b)->path);
}

/*
 * StrictModes for a user's @path (@st its stat): owned by the user or
 * root, writable by neither group nor others, a file with one link only.
 * Prints one line and returns -1 when refused.
 */
static int strict(const char *path, const struct stat *st,
		  const struct owner *own)
{
	if (st->st_uid != (uid_t)own->uid && st->st_uid != 0) {
		fprintf(stderr, "systracectl: %s: not loaded: owned by uid %u, neither %s nor root\n",
			path, (unsigned int)st->st_uid, own->user);
		return -1;
	}
	/* Another name of the file may be anyone's: /etc/shadow, linked. */
	if (S_ISREG(st->st_mode) && st->st_nlink > 1) {
		fprintf(stderr, "systracectl: %s: not loaded: %lu hard links\n",
			path, (unsigned long)st->st_nlink);
		return -1;
	}
	if (st->st_mode & (S_IWGRP | S_IWOTH)) {
		fprintf(stderr, "systracectl: %s: not loaded: writable by %s (mode %04o)\n",
			path, st->st_mode & S_IWOTH ? "others" : "group",
			(unsigned int)(st->st_mode & 07777));
		return -1;
	}
	return 0;
}

/*
 * Append the policy files of @dir to @v, each owned by @own; -1 when @dir
 * cannot be read. A user's files that StrictModes refuse are counted in
 * @refused, with their line printed.
 */
static int scan(const char *dir, const struct owner *own, struct entry **v,
		size_t *n, size_t *cap, size_t *refused)
{
	size_t first = *n, dlen = strlen(dir);
	struct dirent *d;
	struct stat st;
	DIR *dp;
	char *p;

	dp = opendir(dir);
	if (!dp) {
		fprintf(stderr, "systracectl: %s: %s\n", dir, strerror(errno));
		return -1;
	}
	if (own->uid != ST_NO_OWNER &&
	    (fstat(dirfd(dp), &st) < 0 || strict(dir, &st, own) < 0)) {
		closedir(dp);
		return -1;
	}
	while ((d = readdir(dp))) {
		if (ignored(d->d_name))
			continue;
		if (asprintf(&p, "%s%s%s", dir,
			     dlen && dir[dlen - 1] == '/' ? "" : "/",
			     d->d_name) < 0) {
			closedir(dp);
			return -1;
		}
		if (own->uid == ST_NO_OWNER) {
			/* Subdirectories, sockets, dangling links: not policies. */
			if (stat(p, &st) < 0 || !S_ISREG(st.st_mode)) {
				free(p);
				continue;
			}
		} else {
			/* A user's link could name any file: refused, not followed. */
			if (lstat(p, &st) < 0 || S_ISDIR(st.st_mode)) {
				free(p);
				continue;
			}
			if (!S_ISREG(st.st_mode) || strict(p, &st, own) < 0) {
				if (!S_ISREG(st.st_mode))
					fprintf(stderr, "systracectl: %s: not loaded: %s\n", p,
						S_ISLNK(st.st_mode) ? "a symbolic link" :
						"not a regular file");
				(*refused)++;
				free(p);
				continue;
			}
		}
		if (*n == *cap) {
			struct entry *nv;

			*cap = *cap ? *cap * 2 : 16;
			nv = realloc(*v, *cap * sizeof(**v));
			if (!nv) {
				free(p);
				closedir(dp);
				return -1;
			}
			*v = nv;
		}
		memset(&(*v)[*n], 0, sizeof(**v));
		(*v)[*n].own = *own;
		(*v)[(*n)++].path = p;
	}
	closedir(dp);
	qsort(*v + first, *n - first, sizeof(**v), by_path);
	return 0;
}

/*
 * The image name of a policy file: its base name without ".bin", after
 * "~UID/" for a user's (the kernel ties such names to their owner).
 */
static int image_name(const struct entry *e, char *name, size_t len)
{
	const char *base = strrchr(e->path, '/');
	size_t n;
	int pre = 0;

	base = base ? base + 1 : e->path;
	n = strlen(base);
	if (n > 4 && !strcmp(base + n - 4, ".bin"))
		n -= 4;
	if (e->own.uid != ST_NO_OWNER)
		pre = snprintf(name, len, "~%lld/", e->own.uid);
	if (pre < 0 || pre + n >= len)
		return -1;
	memcpy(name + pre, base, n);
	name[pre + n] = '\0';
	return 0;
}

/* Append what can be read from @fd now to @b; 0 at EOF, 1 for more, -errno. */
static int drain(int fd, unsigned char **b, size_t *len, size_t *cap)
{
	unsigned char *nb;
	ssize_t r;

	if (*len == *cap) {
		*cap = *cap ? *cap * 2 : 65536;
		nb = realloc(*b, *cap + 1);
		if (!nb)
			return -ENOMEM;
		*b = nb;
	}
	r = read(fd, *b + *len, *cap - *len);
	if (r < 0)
		return errno == EINTR || errno == EAGAIN ? 1 : -errno;
	*len += r;
	return r > 0;
}

/* policyc's diagnostics name its input "<stdin>": name the file instead. */
static void print_diag(const char *path, unsigned char *d, size_t len)
{
	static const char in[] = "<stdin>";
	char *line = (char *)d, *nl;

	d[len] = '\0';
	for (; *line; line = nl + 1) {
		nl = strchr(line, '\n');
		if (!nl)
			nl = line + strlen(line) - 1;
		if (!strncmp(line, in, sizeof(in) - 1) && line[sizeof(in) - 1] == ':')
			fprintf(stderr, "%s%.*s", path, (int)(nl + 1 - line - (sizeof(in) - 1)),
				line + sizeof(in) - 1);
		else
			fprintf(stderr, "%.*s", (int)(nl + 1 - line), line);
	}
}

/*
 * A user's policy file: opened without following a link and checked again
 * on the open file, then only that file is used: an image is taken as it
 * is (the kernel verifies it), a source is compiled by policyc running as
 * the user (a compiler parsing what a user wrote runs with the user's
 * rights), reading the open file on its standard input.
 */
static int read_user_policy(struct entry *e)
{
	const char *policyc = getenv("SYSTRACE_POLICYC");
	size_t cap = 0, dlen = 0, dcap = 0;
	unsigned char *diag = NULL;
	int fd, out[2], err[2], st, ro = 1, re = 1;
	struct stat sb;
	pid_t pid;

	fd = open(e->path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0) {
		fprintf(stderr, "systracectl: %s: not loaded: %s\n", e->path,
			errno == ELOOP ? "a symbolic link" : strerror(errno));
		return -1;
	}
	if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode)) {
		fprintf(stderr, "systracectl: %s: not loaded: not a regular file\n",
			e->path);
		close(fd);
		return -1;
	}
	if (strict(e->path, &sb, &e->own) < 0) {
		close(fd);
		return -1;
	}
	e->len = 0;
	while ((st = drain(fd, &e->buf, &e->len, &cap)) > 0)
		;
	if (st < 0) {
		fprintf(stderr, "systracectl: %s: %s\n", e->path, strerror(-st));
		close(fd);
		return -1;
	}
	if (e->len >= 4 && e->buf[0] == (SYSTRACE_PROG_MAGIC & 0xff) &&
	    e->buf[1] == ((SYSTRACE_PROG_MAGIC >> 8) & 0xff) &&
	    e->buf[2] == ((SYSTRACE_PROG_MAGIC >> 16) & 0xff) &&
	    e->buf[3] == ((SYSTRACE_PROG_MAGIC >> 24) & 0xff)) {
		close(fd);
		return 0;
	}
	free(e->buf);
	e->buf = NULL;
	e->len = cap = 0;

	if (lseek(fd, 0, SEEK_SET) < 0 || pipe2(out, O_CLOEXEC) < 0) {
		close(fd);
		return -1;
	}
	if (pipe2(err, O_CLOEXEC) < 0) {
		close(out[0]);
		close(out[1]);
		close(fd);
		return -1;
	}
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		if (dup2(fd, STDIN_FILENO) < 0 || dup2(out[1], STDOUT_FILENO) < 0 ||
		    dup2(err[1], STDERR_FILENO) < 0 ||
		    initgroups(e->own.user, e->own.gid) < 0 ||
		    setgid(e->own.gid) < 0 || setuid(e->own.uid) < 0) {
			fprintf(stderr, "systracectl: cannot become %s: %s\n",
				e->own.user, strerror(errno));
			_exit(127);
		}
		execlp(policyc ? policyc : "policyc", "policyc", "-o", "-", "-",
		       (char *)NULL);
		fprintf(stderr, "systracectl: cannot run policyc: %s: install it, or name it in $SYSTRACE_POLICYC\n",
			strerror(errno));
		_exit(127);
	}
	close(fd);
	close(out[1]);
	close(err[1]);
	/* Both pipes at once: either may fill while the other is read. */
	while (pid > 0 && (ro > 0 || re > 0)) {
		struct pollfd pf[2] = {
			{ .fd = ro > 0 ? out[0] : -1, .events = POLLIN },
			{ .fd = re > 0 ? err[0] : -1, .events = POLLIN },
		};

		if (poll(pf, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (ro > 0 && pf[0].revents)
			ro = drain(out[0], &e->buf, &e->len, &cap);
		if (re > 0 && pf[1].revents)
			re = drain(err[0], &diag, &dlen, &dcap);
	}
	close(out[0]);
	close(err[0]);
	if (diag)
		print_diag(e->path, diag, dlen);
	free(diag);
	if (pid < 0 || waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) ||
	    WEXITSTATUS(st) || ro < 0 || re < 0) {
		free(e->buf);
		e->buf = NULL;
		fprintf(stderr, "systracectl: %s: policyc failed: fix the errors it printed above (policyc -c %s checks it)\n",
			e->path, e->path);
		return -1;
	}
	return 0;
}

/*
 * A user: a name or a uid. Fills @own (the name kept in @own->user,
 * allocated); -1 with a message if there is no such user.
 */
static int lookup_user(const char *arg, struct owner *own)
{
	struct passwd *pw = getpwnam(arg);
	char *end;

	if (!pw) {
		unsigned long u;

		errno = 0;
		u = strtoul(arg, &end, 10);
		if (!errno && *arg && !*end && u < (uid_t)-1)
			pw = getpwuid(u);
	}
	if (!pw) {
		fprintf(stderr, "systracectl: %s: no such user\n", arg);
		return -1;
	}
	own->uid = pw->pw_uid;
	own->gid = pw->pw_gid;
	own->user = strdup(pw->pw_name);
	return own->user ? 0 : -1;
}

/*
 * Every passwd user's ~/.systrace that exists, once per uid. The home
 * directory and ~/.systrace pass StrictModes or the user is skipped (one
 * line, counted in @refused).
 */
static int scan_users(struct entry **v, size_t *n, size_t *cap,
		      size_t *refused, char ***names, size_t *nnames)
{
	uid_t *seen = NULL, *ns;
	size_t nseen = 0, i;
	struct passwd *pw;
	struct stat st;
	char *dir, *name, **nn;

	setpwent();
	while ((pw = getpwent())) {
		struct owner own = { .uid = pw->pw_uid, .gid = pw->pw_gid };

		for (i = 0; i < nseen && seen[i] != pw->pw_uid; i++)
			;
		if (i < nseen || !pw->pw_dir || pw->pw_dir[0] != '/')
			continue;
		ns = realloc(seen, (nseen + 1) * sizeof(*seen));
		if (!ns)
			break;
		seen = ns;
		seen[nseen++] = pw->pw_uid;
		if (asprintf(&dir, "%s%s.systrace", pw->pw_dir,
			     pw->pw_dir[strlen(pw->pw_dir) - 1] == '/' ? "" : "/") < 0)
			break;
		if (lstat(dir, &st) < 0) {
			if (errno != ENOENT && errno != ENOTDIR) {
				fprintf(stderr, "systracectl: %s: %s\n", dir, strerror(errno));
				(*refused)++;
			}
			free(dir);
			continue;
		}
		nn = realloc(*names, (*nnames + 1) * sizeof(**names));
		if (nn)
			*names = nn;
		name = strdup(pw->pw_name);
		if (!nn || !name) {
			free(dir);
			break;
		}
		(*names)[(*nnames)++] = name;
		own.user = name;
		if (!S_ISDIR(st.st_mode)) {
			fprintf(stderr, "systracectl: %s: not loaded: %s\n", dir,
				S_ISLNK(st.st_mode) ? "a symbolic link" : "not a directory");
			(*refused)++;
		} else if (stat(pw->pw_dir, &st) < 0) {
			fprintf(stderr, "systracectl: %s: %s\n", pw->pw_dir, strerror(errno));
			(*refused)++;
		} else if (strict(pw->pw_dir, &st, &own) < 0 ||
			   scan(dir, &own, v, n, cap, refused) < 0) {
			(*refused)++;
		}
		free(dir);
	}
	endpwent();
	free(seen);
	return 0;
}

struct entries {
	const struct entry *v;
	size_t n;
};

/* LIST: say which policies of the users' images just loaded bind no exec. */
static int warn_shadowed(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[SYSTRACE_A_MAX + 1], *pt[SYSTRACE_A_MAX + 1], *pol;
	const struct entry *v = ((const struct entries *)arg)->v;
	size_t n = ((const struct entries *)arg)->n, i;
	const char *name, *by;
	int rem;

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, SYSTRACE_A_MAX, NULL) < 0 ||
	    !tb[SYSTRACE_A_NAME] || !tb[SYSTRACE_A_OWNER])
		return NL_SKIP;
	name = nla_get_string(tb[SYSTRACE_A_NAME]);
	for (i = 0; i < n; i++)
		if (v[i].loaded && v[i].own.uid != ST_NO_OWNER &&
		    !strcmp(v[i].name, name))
			break;
	if (i == n)
		return NL_SKIP;
	nla_for_each_attr(pol, genlmsg_attrdata(nlmsg_data(nlmsg_hdr(msg)), 0),
			  genlmsg_attrlen(nlmsg_data(nlmsg_hdr(msg)), 0), rem) {
		if (nla_type(pol) != SYSTRACE_A_POLICY ||
		    nla_parse_nested(pt, SYSTRACE_A_MAX, pol, NULL))
			continue;
		/* What run -A learns: it needs a header to bind anything. */
		if (!pt[SYSTRACE_A_PATH]) {
			fprintf(stderr, "systracectl: %s: a fragment (no Policy: header) binds no program at exec; add 'Policy: PATH, Emulation: native'\n",
				v[i].path);
			continue;
		}
		if (!pt[SYSTRACE_A_SHADOWED_BY])
			continue;
		by = nla_get_string(pt[SYSTRACE_A_SHADOWED_BY]);
		if (by[0] != '~')
			fprintf(stderr, "systracectl: %s: %s: a global policy (%s) governs it for every user; this one is not used at exec\n",
				v[i].path, nla_get_string(pt[SYSTRACE_A_PATH]), by);
		else
			fprintf(stderr, "systracectl: %s: %s: %s, loaded earlier, governs it for %s; this one is not used at exec\n",
				v[i].path, nla_get_string(pt[SYSTRACE_A_PATH]), by,
				v[i].own.user);
	}
	return NL_OK;
}

static const char loaddir_usage[] =
	"usage: systracectl load-dir [-c] [-v] [-m enforce|learn|ask] [-u USER] DIR...\n"
	"       systracectl load-dir [-c] [-v] [-m enforce|learn|ask] --users\n"
	"  -u, --user USER  DIR's policies are USER's: they bind USER's execs only\n"
	"  --users          every user's ~/.systrace, as that user's\n";

/* What load-dir was told. */
struct ldopts {
	int mode, mode_given, check, verbose, users;
	const char *user;
};

/* The command line into @o: -1 to go on, or the exit code. */
static int ld_args(struct ldopts *o, int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "mode", required_argument, NULL, 'm' },
		{ "check", no_argument, NULL, 'c' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "user", required_argument, NULL, 'u' },
		{ "users", no_argument, NULL, 'U' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	while ((c = getopt_long(argc, argv, "m:cvu:Uh", opts, NULL)) != -1) {
		switch (c) {
		case 'm':
			o->mode = st_parse_mode(optarg);
			if (o->mode < 0)
				return st_bad_mode(optarg);
			o->mode_given = 1;
			break;
		case 'c':
			o->check = 1;
			break;
		case 'v':
			o->verbose = 1;
			break;
		case 'u':
			o->user = optarg;
			break;
		case 'U':
			o->users = 1;
			break;
		case 'h':
			fputs(loaddir_usage, stdout);
			return ST_EXIT_OK;
		default:
			return st_bad_option("m:cvu:Uh", argc, argv);
		}
	}
	if (o->users ? optind < argc || o->user : optind >= argc)
		return st_bad_usage(loaddir_usage);
	return -1;
}

/* Compile everything first: nothing is loaded before all is read. */
static void compile_all(struct entry *v, size_t n, size_t *nbad)
{
	size_t i, j, bad = 0;

	for (i = 0; i < n; i++) {
		struct entry *e = &v[i];

		if (image_name(e, e->name, sizeof(e->name)) < 0) {
			fprintf(stderr, "systracectl: %s: file name too long for an image name\n",
				e->path);
			bad++;
			continue;
		}
		for (j = 0; j < i; j++)
			if (v[j].name[0] && !strcmp(v[j].name, e->name))
				break;
		if (j < i) {
			fprintf(stderr, "systracectl: %s: image name %s already taken by %s; not loaded\n",
				e->path, e->name, v[j].path);
			bad++;
			e->name[0] = '\0';
			continue;
		}
		if (e->own.uid != ST_NO_OWNER ? read_user_policy(e) < 0 :
		    st_read_policy(e->path, &e->buf, &e->len) < 0) {
			bad++;
			continue;
		}
		e->ok = 1;
	}
	*nbad += bad;
}

/* Load what compiled; the number loaded (failures counted in @nbad). */
static size_t load_all(struct st_nl *nl, const struct ldopts *o,
		       struct entry *v, size_t n, size_t *nbad)
{
	struct st_load_opts lo = { 0 };
	size_t i, loaded = 0, owned = 0;
	int c, m;

	for (i = 0; i < n; i++) {
		struct entry *e = &v[i];

		if (!e->ok)
			continue;
		/* No -m: the file's own mode (polmode.c). */
		m = o->mode_given ? -1 : st_policy_file_mode(e->path);
		if (m < 0)
			m = o->mode;
		lo.name = e->name;
		lo.mode = m;
		lo.owner = e->own.uid;
		c = st_load(nl, &lo, e->buf, e->len);
		if (c < 0) {
			fprintf(stderr, "systracectl: load %s from %s: %s\n",
				e->name, e->path, st_kerr(nl, c));
			(*nbad)++;
			continue;
		}
		e->loaded = 1;
		loaded++;
		/* Where logprof and "always" add rules. */
		if (e->own.uid == ST_NO_OWNER)
			st_src_record(e->name, e->path);
		if (e->own.uid != ST_NO_OWNER)
			owned++;
		if (o->verbose)
			printf("loaded %s from %s (%s)\n", e->name,
			       e->path, st_mode_name(m));
	}
	/* The kernel decides which policy binds: ask it. */
	if (owned) {
		struct entries all = { v, n };

		c = st_req_simple(nl, SYSTRACE_CMD_LIST, true, warn_shadowed, &all);
		if (c < 0)
			fprintf(stderr, "systracectl: list: %s\n",
				st_kerr(nl, c));
	}
	return loaded;
}

int loaddir_main(int argc, char *argv[])
{
	struct ldopts o = { .mode = SYSTRACE_MODE_ENFORCE };
	size_t n = 0, cap = 0, i, bad = 0, loaded = 0, nnames = 0;
	struct owner own = { .uid = ST_NO_OWNER };
	char **names = NULL;
	struct entry *v = NULL;
	struct st_nl nl;
	int ret;

	ret = ld_args(&o, argc, argv);
	if (ret >= 0)
		return ret;
	if (o.user) {
		if (lookup_user(o.user, &own) < 0)
			return ST_EXIT_FAIL;
		names = malloc(sizeof(*names));
		if (names)
			names[nnames++] = (char *)own.user;
	}

	if (o.users)
		scan_users(&v, &n, &cap, &bad, &names, &nnames);
	for (i = optind; i < (size_t)argc; i++)
		if (scan(argv[i], &own, &v, &n, &cap, &bad) < 0)
			bad++;
	compile_all(v, n, &bad);

	ret = ST_EXIT_OK;
	if (!o.check) {
		for (i = 0; i < n && !v[i].ok; i++)
			;
		if (i < n) {
			ret = st_open_or_explain(&nl);
			if (ret) {
				for (i = 0; i < n; i++)
					free(v[i].buf);
				goto out;
			}
			loaded = load_all(&nl, &o, v, n, &bad);
			st_nl_close(&nl);
		}
		printf("systracectl: load-dir: %zu loaded, %zu failed\n", loaded, bad);
	} else {
		for (i = 0; i < n; i++) {
			if (!v[i].ok)
				continue;
			loaded++;
			if (o.verbose)
				printf("ok %s (%s)\n", v[i].path, v[i].name);
		}
		printf("systracectl: load-dir: %zu compiled, %zu failed\n",
		       loaded, bad);
	}
	for (i = 0; i < n; i++)
		free(v[i].buf);
	if (bad)
		ret = ST_EXIT_FAIL;
out:
	for (i = 0; i < n; i++)
		free(v[i].path);
	free(v);
	for (i = 0; i < nnames; i++)
		free(names[i]);
	free(names);
	return ret;
}
