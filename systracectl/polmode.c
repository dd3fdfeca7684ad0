// SPDX-License-Identifier: GPL-2.0
/*
 * A policy file's own mode: "systracectl mode FILE learn" keeps one policy
 * in complain (learn) mode while the others enforce, across load-dir and
 * reboots. The mode is a comment line at the head of the file,
 *
 *	# systrace-mode: learn
 *
 * so it travels with the file (a copy, a backup, a package), and policyc
 * and systrace itself read past it. load and load-dir use it when no -m
 * is given on their command line.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <linux/systrace.h>

#include "nl.h"
#include "request.h"
#include "systracectl.h"

#define MODE_TAG	"# systrace-mode:"
/* How much of a file's head is read for its mode. */
#define HEAD_MAX	4096

static const char usage[] =
	"usage: systracectl mode FILE [enforce|learn|ask|default]\n"
	"Show or set the mode FILE's policy is loaded in by load and load-dir when\n"
	"they are given no -m: a \"" MODE_TAG " MODE\" line at its head. learn is\n"
	"complain mode: calls no rule covers pass and are reported (logprof).\n"
	"An image loaded from FILE is loaded again in the new mode.\n";

/* The mode of a "# systrace-mode: MODE" line, -1 for none, -2 for a bad one. */
static int tag_mode(const char *line, size_t len)
{
	char word[16];
	size_t n = strlen(MODE_TAG), i = 0;

	if (len < n || strncasecmp(line, MODE_TAG, n))
		return -1;
	line += n;
	len -= n;
	while (len && isblank((unsigned char)*line)) {
		line++;
		len--;
	}
	while (len && i + 1 < sizeof(word) && isalpha((unsigned char)*line)) {
		word[i++] = *line++;
		len--;
	}
	word[i] = '\0';
	return st_parse_mode(word) >= 0 ? st_parse_mode(word) : -2;
}

int st_policy_file_mode(const char *path)
{
	char buf[HEAD_MAX + 1];
	ssize_t n;
	char *p, *nl;
	int fd, m;

	fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, HEAD_MAX);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	/* Only the comments and blank lines before the first policy line. */
	for (p = buf; *p; p = nl + 1) {
		nl = strchr(p, '\n');
		if (!nl)
			nl = p + strlen(p);
		while (p < nl && isblank((unsigned char)*p))
			p++;
		if (p < nl && *p != '#')
			return -1;
		m = tag_mode(p, nl - p);
		if (m != -1)
			return m < 0 ? -1 : m;
		if (!*nl)
			break;
	}
	return -1;
}

/* FILE without its mode line, with @mode's (-1: none), atomically. */
static int rewrite(const char *path, int mode)
{
	char tmp[PATH_MAX + 16], line[8192];
	int fd, head = 1, ret = 0;
	struct stat st;
	FILE *in, *out;

	/* Not through a symbolic link: root rewriting a file a user points
	 * at would be the user writing as root. */
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	in = fdopen(fd, "r");
	if (!in || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_nlink != 1) {
		ret = in && !S_ISREG(st.st_mode) ? -EINVAL : in ? -EMLINK : -errno;
		if (in)
			fclose(in);
		else
			close(fd);
		return ret;
	}
	snprintf(tmp, sizeof(tmp), "%s.stXXXXXX", path);
	fd = mkstemp(tmp);
	if (fd < 0 || !(out = fdopen(fd, "w"))) {
		ret = -errno;
		fclose(in);
		return ret;
	}
	/* Its owner's and mode, so StrictModes still pass. */
	if (fchmod(fd, st.st_mode & 07777) < 0 ||
	    (fchown(fd, st.st_uid, st.st_gid) < 0 && st.st_uid != getuid()))
		ret = -errno;
	if (mode >= 0)
		fprintf(out, "%s %s\n", MODE_TAG, st_mode_name(mode));
	while (!ret && fgets(line, sizeof(line), in)) {
		const char *p = line;

		while (isblank((unsigned char)*p))
			p++;
		if (head && *p && *p != '#' && *p != '\n')
			head = 0;
		if (head && tag_mode(p, strlen(p)) != -1)
			continue;
		fputs(line, out);
	}
	fclose(in);
	if (fflush(out) || fsync(fd) < 0)
		ret = ret ? ret : -errno;
	fclose(out);
	if (!ret && rename(tmp, path) < 0)
		ret = -errno;
	if (ret)
		unlink(tmp);
	return ret;
}

/* Load again, in @mode, the global images whose recorded source is @abs. */
static void reload_from(const char *abs, int mode)
{
	char name[SYSTRACE_NAME_MAX], src[PATH_MAX];
	unsigned char *img;
	struct dirent *d;
	struct st_nl nl;
	size_t len, n;
	DIR *dir;
	int ret;

	/* The image names that load and load-dir recorded. */
	dir = opendir(ST_RUN_DIR);
	if (!dir)
		return;
	while ((d = readdir(dir))) {
		n = strlen(d->d_name);
		if (n < 5 || n >= sizeof(name) || d->d_name[0] == '~' ||
		    strcmp(d->d_name + n - 4, ".src"))
			continue;
		snprintf(name, sizeof(name), "%.*s", (int)(n - 4), d->d_name);
		/* A '/' in a name was recorded as '_': only names without. */
		if (st_src_lookup(name, src, sizeof(src)) < 0 || strcmp(src, abs))
			continue;
		if (st_open_or_explain(&nl))
			break;
		if (st_image_mode(&nl, name) >= 0 &&
		    st_read_policy(abs, &img, &len) == 0) {
			struct st_load_opts lo = {
				.name = name, .mode = mode, .owner = ST_NO_OWNER,
			};

			ret = st_load(&nl, &lo, img, len);
			free(img);
			if (ret < 0)
				fprintf(stderr, "systracectl: load %s: %s\n", name,
					st_kerr(&nl, ret));
			else
				printf("systracectl: %s loaded again (%s)\n", name,
				       st_mode_name(mode));
		}
		st_nl_close(&nl);
	}
	closedir(dir);
}

int mode_main(int argc, char *argv[])
{
	char *abs;
	int mode, ret;

	if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		fputs(usage, stdout);
		return ST_EXIT_OK;
	}
	if (argc < 2 || argc > 3 || argv[1][0] == '-')
		return st_bad_usage(usage);
	if (argc == 2) {
		mode = st_policy_file_mode(argv[1]);
		if (access(argv[1], R_OK) < 0) {
			fprintf(stderr, "systracectl: %s: %s\n", argv[1], strerror(errno));
			return ST_EXIT_FAIL;
		}
		printf("%s\n", mode < 0 ? "default" : st_mode_name(mode));
		return ST_EXIT_OK;
	}
	mode = strcmp(argv[2], "default") ? st_parse_mode(argv[2]) : -1;
	if (mode < 0 && strcmp(argv[2], "default")) {
		fprintf(stderr, "systracectl mode: unknown mode '%s': enforce, learn (AppArmor's complain), ask or default\n",
			argv[2]);
		return ST_EXIT_USAGE;
	}
	ret = rewrite(argv[1], mode);
	if (ret < 0) {
		fprintf(stderr, "systracectl: %s: %s\n", argv[1], strerror(-ret));
		return ST_EXIT_FAIL;
	}
	abs = realpath(argv[1], NULL);
	if (abs && !geteuid())
		reload_from(abs, mode < 0 ? SYSTRACE_MODE_ENFORCE : mode);
	free(abs);
	return ST_EXIT_OK;
}
