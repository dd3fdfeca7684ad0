/* SPDX-License-Identifier: GPL-2.0 */
/*
 * policyc diagnostics: errors and warnings with source locations.
 *
 * Messages are queued while parsing and printed in the form compilers use:
 *
 *	file:line:col: error: message
 *	<the source line>
 *	        ^
 *
 * so that every error of a run shows, in source order, with its line.
 * The back end reports its own errors through the same queue.
 */
#ifndef POLICYC_DIAG_H
#define POLICYC_DIAG_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

/**
 * struct st_loc - a position in a source.
 * @file: the source's name (st_diag_report() copies it; its lines are
 *	shown when a source of that name was registered).
 * @line: 1-based line.
 * @col: 1-based column, in bytes (a tab counts as one).
 */
struct st_loc {
	const char *file;
	unsigned int line;
	unsigned int col;
};

/**
 * enum st_severity - kind of a diagnostic.
 * @ST_NOTE: extra information, follows the message it explains.
 * @ST_WARNING: the input is accepted (e.g. a rule for a call Linux lacks
 *	is dropped).
 * @ST_ERROR: the input is rejected; the compiler exits 1.
 */
enum st_severity {
	ST_NOTE = 0,
	ST_WARNING,
	ST_ERROR,
};

/**
 * struct st_msg - one queued diagnostic.
 * @severity: note, warning or error.
 * @loc: where; @loc.file NULL for a message without a location.
 * @text: the message, without location or severity prefix.
 */
struct st_msg {
	enum st_severity severity;
	struct st_loc loc;
	char *text;
};

struct st_diag;

/* Most errors st_diag_print() shows; it counts the rest. */
#define ST_DIAG_MAX_ERRORS 20

/* st_diag_new() - an empty queue; NULL when out of memory. */
struct st_diag *st_diag_new(void);

/* st_diag_free() - free @d, its messages and registered sources. */
void st_diag_free(struct st_diag *d);

/*
 * st_diag_add_source() - register a source so that messages can show its
 * lines; the text is copied.  Returns the name as stored (use it as
 * st_loc.file), or NULL when out of memory.
 */
const char *st_diag_add_source(struct st_diag *d, const char *name,
			       const char *text, size_t len);

/* st_diag_report() - queue a message at @loc (NULL: no location). */
void st_diag_report(struct st_diag *d, enum st_severity sev,
		    const struct st_loc *loc, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void st_diag_vreport(struct st_diag *d, enum st_severity sev,
		     const struct st_loc *loc, const char *fmt, va_list ap)
	__attribute__((format(printf, 4, 0)));

#define st_error(d, loc, ...)	st_diag_report(d, ST_ERROR, loc, __VA_ARGS__)
#define st_warning(d, loc, ...)	st_diag_report(d, ST_WARNING, loc, __VA_ARGS__)
#define st_note(d, loc, ...)	st_diag_report(d, ST_NOTE, loc, __VA_ARGS__)

/* Counters over the life of @d (st_diag_print() does not reset them). */
unsigned int st_diag_errors(const struct st_diag *d);
unsigned int st_diag_warnings(const struct st_diag *d);

/* Queued messages, for tests: st_diag_count() of them, 0-based. */
size_t st_diag_count(const struct st_diag *d);
const struct st_msg *st_diag_get(const struct st_diag *d, size_t i);

/*
 * st_diag_print() - print every queued message to @out (in the order they
 * were reported, which is source order for one file), each followed by its
 * source line and a caret, then empty the queue.
 */
void st_diag_print(struct st_diag *d, FILE *out);

/*
 * st_diag_format() - the text st_diag_print() would print for one message,
 * malloc'ed (caller frees); NULL when out of memory.
 */
char *st_diag_format(const struct st_diag *d, const struct st_msg *m);

#endif /* POLICYC_DIAG_H */
