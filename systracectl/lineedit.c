// SPDX-License-Identifier: GPL-2.0
/*
 * The agent's line editor (lineedit.h): Emacs keys and the arrows,
 * Home, End and Delete escape sequences, a short history.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "lineedit.h"

static void ed_insert(struct st_editor *e, char c)
{
	if (e->len + 1 >= LINE_MAX_ED)
		return;
	memmove(e->buf + e->pos + 1, e->buf + e->pos, e->len - e->pos);
	e->buf[e->pos++] = c;
	e->len++;
}

static void ed_delete(struct st_editor *e, int from, int to)
{
	if (from < 0)
		from = 0;
	if (to > e->len)
		to = e->len;
	if (from >= to)
		return;
	memmove(e->buf + from, e->buf + to, e->len - to);
	e->len -= to - from;
	if (e->pos > to)
		e->pos -= to - from;
	else if (e->pos > from)
		e->pos = from;
}

void st_ed_set(struct st_editor *e, const char *s)
{
	snprintf(e->buf, sizeof(e->buf), "%s", s);
	e->len = e->pos = strlen(e->buf);
}

static void ed_history(struct st_editor *e, int dir)
{
	int h = e->hpos + dir;

	if (h < 0 || h > e->nhist)
		return;
	e->hpos = h;
	st_ed_set(e, h == e->nhist ? "" : e->hist[h]);
}

/* Escape sequences: arrows, Home, End, Delete. */
static void ed_escape(struct st_editor *e, char c)
{
	if (e->esc == 1) {
		e->esc = (c == '[' || c == 'O') ? 2 : 0;
		e->seqlen = 0;
		return;
	}
	if (isdigit((unsigned char)c) || c == ';') {
		if (e->seqlen < (int)sizeof(e->seq) - 1)
			e->seq[e->seqlen++] = c;
		return;
	}
	e->seq[e->seqlen] = '\0';
	e->esc = 0;
	switch (c) {
	case 'A': ed_history(e, -1); break;
	case 'B': ed_history(e, 1); break;
	case 'C': if (e->pos < e->len) e->pos++; break;
	case 'D': if (e->pos > 0) e->pos--; break;
	case 'H': e->pos = 0; break;
	case 'F': e->pos = e->len; break;
	case '~':
		if (!strcmp(e->seq, "3"))
			ed_delete(e, e->pos, e->pos + 1);
		else if (!strcmp(e->seq, "1") || !strcmp(e->seq, "7"))
			e->pos = 0;
		else if (!strcmp(e->seq, "4") || !strcmp(e->seq, "8"))
			e->pos = e->len;
		break;
	}
}

int st_ed_feed(struct st_editor *e, unsigned char c)
{
	int i;

	if (e->esc) {
		ed_escape(e, c);
		return 0;
	}
	switch (c) {
	case '\r':
	case '\n':
		e->buf[e->len] = '\0';
		return 1;
	case 0x1b: e->esc = 1; break;
	case 0x7f:
	case 0x08: ed_delete(e, e->pos - 1, e->pos); break;
	case 0x01: e->pos = 0; break;				/* ^A */
	case 0x05: e->pos = e->len; break;			/* ^E */
	case 0x02: if (e->pos > 0) e->pos--; break;		/* ^B */
	case 0x06: if (e->pos < e->len) e->pos++; break;	/* ^F */
	case 0x04: ed_delete(e, e->pos, e->pos + 1); break;	/* ^D */
	case 0x0b: ed_delete(e, e->pos, e->len); break;		/* ^K */
	case 0x15: ed_delete(e, 0, e->pos); break;		/* ^U */
	case 0x10: ed_history(e, -1); break;			/* ^P */
	case 0x0e: ed_history(e, 1); break;			/* ^N */
	case 0x17:						/* ^W */
		for (i = e->pos; i > 0 && e->buf[i - 1] == ' '; i--)
			;
		while (i > 0 && e->buf[i - 1] != ' ')
			i--;
		ed_delete(e, i, e->pos);
		break;
	default:
		if (c >= 0x20 && c < 0x7f)
			ed_insert(e, c);
		break;
	}
	return 0;
}

void st_ed_remember(struct st_editor *e)
{
	if (!e->len)
		return;
	if (!e->nhist || strcmp(e->hist[e->nhist - 1], e->buf)) {
		if (e->nhist == HISTORY) {
			memmove(e->hist[0], e->hist[1], sizeof(e->hist[0]) * (HISTORY - 1));
			e->nhist--;
		}
		/* buf holds len bytes and a NUL (st_ed_feed()), len < LINE_MAX_ED. */
		memcpy(e->hist[e->nhist], e->buf, e->len);
		e->hist[e->nhist++][e->len] = '\0';
	}
	e->hpos = e->nhist;
}
