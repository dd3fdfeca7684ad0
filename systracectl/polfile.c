// SPDX-License-Identifier: GPL-2.0
/*
 * A policy file as "always" edits it (agent.c): read whole, the section
 * of a program found by its "Policy: PATH, Emulation: EMU" header, and
 * written back whole through a temporary file and rename(), so that a
 * reader sees the old file or the new one, never half of one.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <sys/stat.h>

#include "systracectl.h"

char *st_file_read(const char *path, size_t *len)
{
	FILE *f = fopen(path, "r");
	char *buf;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) < 0 || (n = ftell(f)) < 0) {
		fclose(f);
		return NULL;
	}
	rewind(f);
	buf = malloc(n + 1);
	if (buf && fread(buf, 1, n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	if (buf) {
		buf[n] = '\0';
		*len = n;
	}
	return buf;
}

int st_file_replace(const char *path, const char *a, size_t alen,
		    const char *b, size_t blen, const char *c, size_t clen)
{
	char tmp[PATH_MAX + 16];
	struct stat st;
	int fd, ret = 0;

	snprintf(tmp, sizeof(tmp), "%s.stXXXXXX", path);
	fd = mkstemp(tmp);
	if (fd < 0)
		return -errno;
	/* Keep the file's mode and, when we can, its owner. */
	if (stat(path, &st) == 0 && fchmod(fd, st.st_mode & 07777) == 0 &&
	    fchown(fd, st.st_uid, st.st_gid) < 0)
		errno = 0;
	if (write(fd, a, alen) != (ssize_t)alen ||
	    write(fd, b, blen) != (ssize_t)blen ||
	    write(fd, c, clen) != (ssize_t)clen || fsync(fd) < 0)
		ret = -errno ? -errno : -EIO;
	close(fd);
	if (!ret && rename(tmp, path) < 0)
		ret = -errno;
	if (ret)
		unlink(tmp);
	return ret;
}

/* A "Policy: PATH, Emulation: EMU" line: 1 with its path and emulation. */
static int header(const char *line, size_t len, char *path, size_t plen,
		  char *emu, size_t elen)
{
	const char *p = line, *end = line + len, *c, *e;

	while (p < end && isblank((unsigned char)*p))
		p++;
	if (end - p < 7 || strncasecmp(p, "policy:", 7))
		return 0;
	p += 7;
	while (p < end && isblank((unsigned char)*p))
		p++;
	c = memchr(p, ',', end - p);
	if (!c)
		return 0;
	for (e = c; e > p && isblank((unsigned char)e[-1]); e--)
		;
	snprintf(path, plen, "%.*s", (int)(e - p), p);
	p = c + 1;
	while (p < end && isblank((unsigned char)*p))
		p++;
	snprintf(emu, elen, "native");
	if (end - p >= 10 && !strncasecmp(p, "emulation:", 10)) {
		p += 10;
		while (p < end && isblank((unsigned char)*p))
			p++;
		for (e = p; e < end && !isspace((unsigned char)*e) && *e != '#'; e++)
			;
		snprintf(emu, elen, "%.*s", (int)(e - p), p);
	}
	return 1;
}

static int is_detached(const char *line, size_t len)
{
	while (len && isspace((unsigned char)line[len - 1]))
		len--;
	while (len && isblank((unsigned char)*line)) {
		line++;
		len--;
	}
	return len == 8 && !strncmp(line, "detached", 8);
}

static int is_rule(const char *line, size_t len)
{
	while (len && isspace((unsigned char)*line)) {
		line++;
		len--;
	}
	return len && *line != '#';
}

/*
 * Where a rule for a task running @exe goes: the end of the section whose
 * header names @exe; else the end of the first policy of the file (the
 * one systracectl run confines with). Sets the section's emulation.
 */
size_t st_policy_insert_point(const char *text, size_t len, const char *exe,
			       char *emu, size_t elen)
{
	size_t off = 0, first_end = len, match_end = len, eol;
	int nsec = 0, fragment = 0, in_match = 0, matched = 0;
	char path[PATH_MAX], e[32], first_emu[32] = "native";

	snprintf(emu, elen, "native");
	while (off < len) {
		const char *line = text + off;
		const char *nl = memchr(line, '\n', len - off);

		eol = nl ? (size_t)(nl - text) + 1 : len;
		if (header(line, eol - off, path, sizeof(path), e, sizeof(e))) {
			if (in_match) {
				match_end = off;
				in_match = 0;
			}
			if ((nsec == 1 && !fragment) || (nsec == 0 && fragment))
				first_end = off;
			if (nsec == 0 && !fragment)
				snprintf(first_emu, sizeof(first_emu), "%s", e);
			nsec++;
			if (!matched && exe[0] && !strcmp(path, exe)) {
				matched = in_match = 1;
				snprintf(emu, elen, "%s", e);
			}
		} else if (is_detached(line, eol - off)) {
			if (in_match) {
				match_end = off;
				in_match = 0;
			}
			if (nsec == 1 && !fragment && first_end == len)
				first_end = off;
		} else if (nsec == 0 && is_rule(line, eol - off)) {
			fragment = 1;
		}
		off = eol;
	}
	if (matched)
		return match_end;
	if (!fragment)
		snprintf(emu, elen, "%s", first_emu);
	return first_end;
}
