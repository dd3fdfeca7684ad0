// SPDX-License-Identifier: GPL-2.0
/*
 * Diagnostics queue: messages with locations, printed with the source line
 * and a caret under the column, in the order they were reported.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"

struct st_source {
	struct st_source *next;
	char *name;
	char *text;
	size_t len;
	size_t *lines;		/* start of each line, built when first needed */
	unsigned int nlines;
};

struct st_diag {
	struct st_msg *msgs;
	size_t nmsgs;
	size_t cap;
	unsigned int errors;
	unsigned int warnings;
	struct st_source *sources;
};

struct st_diag *st_diag_new(void)
{
	return calloc(1, sizeof(struct st_diag));
}

static void clear_msgs(struct st_diag *d)
{
	size_t i;

	for (i = 0; i < d->nmsgs; i++) {
		free(d->msgs[i].text);
		free((char *)d->msgs[i].loc.file);
	}
	d->nmsgs = 0;
}

void st_diag_free(struct st_diag *d)
{
	struct st_source *s, *next;

	if (!d)
		return;
	clear_msgs(d);
	free(d->msgs);
	for (s = d->sources; s; s = next) {
		next = s->next;
		free(s->name);
		free(s->text);
		free(s->lines);
		free(s);
	}
	free(d);
}

const char *st_diag_add_source(struct st_diag *d, const char *name,
			       const char *text, size_t len)
{
	struct st_source *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->name = strdup(name);
	s->text = malloc(len + 1);
	if (!s->name || !s->text) {
		free(s->name);
		free(s->text);
		free(s);
		return NULL;
	}
	memcpy(s->text, text, len);
	s->text[len] = '\0';
	s->len = len;
	/* newest first: a file parsed twice shows its latest text */
	s->next = d->sources;
	d->sources = s;
	return s->name;
}

void st_diag_vreport(struct st_diag *d, enum st_severity sev,
		     const struct st_loc *loc, const char *fmt, va_list ap)
{
	struct st_msg *m;

	if (sev == ST_ERROR)
		d->errors++;
	else if (sev == ST_WARNING)
		d->warnings++;
	if (d->nmsgs == d->cap) {
		size_t cap = d->cap ? 2 * d->cap : 16;
		struct st_msg *n = realloc(d->msgs, cap * sizeof(*n));

		if (!n)
			return;	/* counted, not shown: the exit status holds */
		d->msgs = n;
		d->cap = cap;
	}
	m = &d->msgs[d->nmsgs];
	memset(m, 0, sizeof(*m));
	m->severity = sev;
	if (loc) {
		m->loc = *loc;
		m->loc.file = loc->file ? strdup(loc->file) : NULL;
	}
	if (vasprintf(&m->text, fmt, ap) < 0) {
		free((char *)m->loc.file);
		return;
	}
	d->nmsgs++;
}

void st_diag_report(struct st_diag *d, enum st_severity sev,
		    const struct st_loc *loc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	st_diag_vreport(d, sev, loc, fmt, ap);
	va_end(ap);
}

unsigned int st_diag_errors(const struct st_diag *d)
{
	return d->errors;
}

unsigned int st_diag_warnings(const struct st_diag *d)
{
	return d->warnings;
}

size_t st_diag_count(const struct st_diag *d)
{
	return d->nmsgs;
}

const struct st_msg *st_diag_get(const struct st_diag *d, size_t i)
{
	return i < d->nmsgs ? &d->msgs[i] : NULL;
}

static const char *sevname(enum st_severity sev)
{
	switch (sev) {
	case ST_ERROR:
		return "error";
	case ST_WARNING:
		return "warning";
	default:
		return "note";
	}
}

/* The text of line @line (1-based) of the source named @file, or NULL. */
static const char *find_line(const struct st_diag *d, const char *file,
			     unsigned int line, size_t *len)
{
	struct st_source *s;
	const char *p, *end, *nl;
	size_t i;

	for (s = d->sources; s; s = s->next)
		if (!strcmp(s->name, file))
			break;
	if (!s || line == 0)
		return NULL;
	if (!s->lines) {
		/* index the lines once: a file may have thousands of messages */
		s->lines = malloc(sizeof(*s->lines) * (s->len + 1));
		if (!s->lines)
			return NULL;
		s->lines[s->nlines++] = 0;
		for (i = 0; i < s->len; i++)
			if (s->text[i] == '\n')
				s->lines[s->nlines++] = i + 1;
	}
	if (line > s->nlines)
		return NULL;
	p = s->text + s->lines[line - 1];
	end = s->text + s->len;
	nl = memchr(p, '\n', (size_t)(end - p));
	*len = (size_t)((nl ? nl : end) - p);
	if (*len == 0 && p == end)
		return NULL;
	return p;
}

char *st_diag_format(const struct st_diag *d, const struct st_msg *m)
{
	char *buf = NULL;
	size_t size = 0, len = 0, i;
	const char *line = NULL;
	FILE *f = open_memstream(&buf, &size);

	if (!f)
		return NULL;
	if (m->loc.file && m->loc.line)
		fprintf(f, "%s:%u:%u: ", m->loc.file, m->loc.line, m->loc.col);
	else if (m->loc.file)
		fprintf(f, "%s: ", m->loc.file);
	fprintf(f, "%s: %s\n", sevname(m->severity), m->text);
	if (m->loc.file && m->loc.line)
		line = find_line(d, m->loc.file, m->loc.line, &len);
	if (line) {
		fwrite(line, 1, len, f);
		fputc('\n', f);
		/* keep tabs, so the caret lines up whatever the tab stops */
		for (i = 0; i + 1 < m->loc.col && i < len; i++)
			fputc(line[i] == '\t' ? '\t' : ' ', f);
		fputs("^\n", f);
	}
	if (fclose(f)) {
		free(buf);
		return NULL;
	}
	return buf;
}

void st_diag_print(struct st_diag *d, FILE *out)
{
	size_t i, errors = 0, rest = 0;

	for (i = 0; i < d->nmsgs; i++) {
		char *s;

		/* the first errors say what is wrong; hundreds hide them */
		if (errors >= ST_DIAG_MAX_ERRORS) {
			rest += d->msgs[i].severity == ST_ERROR;
			continue;
		}
		errors += d->msgs[i].severity == ST_ERROR;
		s = st_diag_format(d, &d->msgs[i]);
		if (s)
			fputs(s, out);
		free(s);
	}
	if (rest)
		fprintf(out, "%zu more error%s not shown\n", rest,
			rest == 1 ? "" : "s");
	clear_msgs(d);
}
