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
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <linux/systrace.h>

#include "nl.h"
#include "systracectl.h"

struct entry {
	char *path;
	char name[SYSTRACE_NAME_MAX];
	unsigned char *buf;
	size_t len;
	int ok;
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
		".service", ".conf", ".md", ".rst", ".txt",
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

/* Append the policy files of @dir to @v; -1 when @dir cannot be read. */
static int scan(const char *dir, struct entry **v, size_t *n, size_t *cap)
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
	while ((d = readdir(dp))) {
		if (ignored(d->d_name))
			continue;
		if (asprintf(&p, "%s%s%s", dir,
			     dlen && dir[dlen - 1] == '/' ? "" : "/",
			     d->d_name) < 0) {
			closedir(dp);
			return -1;
		}
		/* Subdirectories, sockets, dangling links: not policies. */
		if (stat(p, &st) < 0 || !S_ISREG(st.st_mode)) {
			free(p);
			continue;
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
		(*v)[(*n)++].path = p;
	}
	closedir(dp);
	qsort(*v + first, *n - first, sizeof(**v), by_path);
	return 0;
}

/* The image name of a policy file: its base name without ".bin". */
static int image_name(const char *path, char *name, size_t len)
{
	const char *base = strrchr(path, '/');
	size_t n;

	base = base ? base + 1 : path;
	n = strlen(base);
	if (n > 4 && !strcmp(base + n - 4, ".bin"))
		n -= 4;
	if (n >= len)
		return -1;
	memcpy(name, base, n);
	name[n] = '\0';
	return 0;
}

int loaddir_main(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "mode", required_argument, NULL, 'm' },
		{ "check", no_argument, NULL, 'c' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	static const char usage[] =
		"usage: systracectl load-dir [-c] [-v] [-m enforce|learn|ask] DIR...\n";
	int mode = SYSTRACE_MODE_ENFORCE, check = 0, verbose = 0, c, ret;
	size_t n = 0, cap = 0, i, j, bad = 0, loaded = 0;
	struct entry *v = NULL;
	struct st_nl nl;

	while ((c = getopt_long(argc, argv, "m:cvh", opts, NULL)) != -1) {
		switch (c) {
		case 'm':
			mode = st_parse_mode(optarg);
			if (mode < 0) {
				fprintf(stderr, "systracectl: unknown mode '%s'\n", optarg);
				return ST_EXIT_USAGE;
			}
			break;
		case 'c':
			check = 1;
			break;
		case 'v':
			verbose = 1;
			break;
		case 'h':
			fputs(usage, stdout);
			return ST_EXIT_OK;
		default:
			fputs(usage, stderr);
			return ST_EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		fputs(usage, stderr);
		return ST_EXIT_USAGE;
	}

	for (i = optind; i < (size_t)argc; i++)
		if (scan(argv[i], &v, &n, &cap) < 0)
			bad++;

	/* Compile everything first: nothing is loaded before all is read. */
	for (i = 0; i < n; i++) {
		struct entry *e = &v[i];

		if (image_name(e->path, e->name, sizeof(e->name)) < 0) {
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
		if (st_read_policy(e->path, &e->buf, &e->len) < 0) {
			bad++;
			continue;
		}
		e->ok = 1;
	}

	ret = ST_EXIT_OK;
	if (!check) {
		for (i = 0; i < n && !v[i].ok; i++)
			;
		if (i < n) {
			ret = st_open_or_explain(&nl);
			if (ret) {
				for (i = 0; i < n; i++)
					free(v[i].buf);
				goto out;
			}
			for (i = 0; i < n; i++) {
				struct entry *e = &v[i];

				if (!e->ok)
					continue;
				c = st_load_image(&nl, e->name, mode, e->buf, e->len);
				if (c < 0) {
					fprintf(stderr, "systracectl: load %s from %s: %s\n",
						e->name, e->path,
						st_nl_strerror(&nl, c));
					bad++;
					continue;
				}
				loaded++;
				if (verbose)
					printf("loaded %s from %s (%s)\n", e->name,
					       e->path, st_mode_name(mode));
			}
			st_nl_close(&nl);
		}
		printf("systracectl: load-dir: %zu loaded, %zu failed\n", loaded, bad);
	} else {
		for (i = 0; i < n; i++) {
			if (!v[i].ok)
				continue;
			loaded++;
			if (verbose)
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
	return ret;
}
