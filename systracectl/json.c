// SPDX-License-Identifier: GPL-2.0
/*
 * JSON through jansson, as every command writes it: strings of any bytes
 * (monitor, ask --json) and a document on standard output (list, status
 * and ps --json).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>

#include "systracectl.h"

size_t st_utf8_len(const unsigned char *s, size_t n)
{
	size_t len, i;
	unsigned int cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	/* Overlong forms, surrogates, beyond U+10FFFF. */
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return len;
}

/*
 * @s (@n bytes) as a JSON string. JSON text is Unicode: a byte that is not
 * part of a UTF-8 sequence becomes U+FFFD (the text line and "args_text"
 * keep it, as \xNN). NULL when out of memory.
 */
json_t *st_jstr_n(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i, o = 0, l;
	json_t *j;
	char *buf;

	j = json_stringn(s, n);
	if (j)
		return j;
	buf = malloc(3 * n + 1);
	if (!buf)
		return NULL;
	for (i = 0; i < n; i += l ? l : 1) {
		l = st_utf8_len(u + i, n - i);
		if (l) {
			memcpy(buf + o, s + i, l);
			o += l;
		} else {
			memcpy(buf + o, "\xef\xbf\xbd", 3);
			o += 3;
		}
	}
	j = json_stringn(buf, o);
	free(buf);
	return j;
}

json_t *st_jstr(const char *s)
{
	return st_jstr_n(s, strlen(s));
}

int st_json_print(json_t *o)
{
	int ret = o ? json_dumpf(o, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : -1;

	json_decref(o);
	if (ret)
		return -ENOMEM;
	putchar('\n');
	return 0;
}
