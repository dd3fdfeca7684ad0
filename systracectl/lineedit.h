/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The agent's line editor: a small one over termios, fed byte by byte
 * (no readline: GPL-3, and the prompt must share the agent's loop with
 * the socket). The caller draws the line (buf, len, pos).
 */
#ifndef SYSTRACECTL_LINEEDIT_H
#define SYSTRACECTL_LINEEDIT_H

#define LINE_MAX_ED	256
#define HISTORY		32

struct st_editor {
	char buf[LINE_MAX_ED];
	int len, pos;
	int esc;		/* 0, 1 after ESC, 2 in a CSI sequence */
	char seq[8];
	int seqlen;
	char hist[HISTORY][LINE_MAX_ED];
	int nhist, hpos;
};

/* One byte typed; 1 when a line is complete (in e->buf). */
int st_ed_feed(struct st_editor *e, unsigned char c);
/* The line into the history (not an empty one, nor the last again). */
void st_ed_remember(struct st_editor *e);
/* The line set to @s, the cursor at its end. */
void st_ed_set(struct st_editor *e, const char *s);

#endif /* SYSTRACECTL_LINEEDIT_H */
