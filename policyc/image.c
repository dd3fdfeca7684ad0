// SPDX-License-Identifier: GPL-2.0
/*
 * policyc: building a bytecode image.  Each section is a growable vector
 * of little-endian records; st_img_finish() lays them out after the header
 * in section order, each 8-byte aligned.
 */
#include <stdlib.h>
#include <string.h>

#include "image.h"
#include "util.h"
#include "../lib/prog.h"

static const size_t st_esz[__SYSTRACE_SECT_LAST] = {
	[SYSTRACE_SECT_POLICIES] = sizeof(struct systrace_prog_policy),
	[SYSTRACE_SECT_CALLS] = sizeof(struct systrace_prog_call),
	[SYSTRACE_SECT_RULES] = sizeof(struct systrace_prog_rule),
	[SYSTRACE_SECT_INSNS] = sizeof(struct systrace_insn),
	[SYSTRACE_SECT_STRS] = sizeof(struct systrace_prog_str),
	[SYSTRACE_SECT_BYTES] = 1,
	[SYSTRACE_SECT_NUMS] = sizeof(uint64_t),
	[SYSTRACE_SECT_TMPLS] = sizeof(struct systrace_prog_tmpl),
	[SYSTRACE_SECT_TPARTS] = sizeof(struct systrace_prog_tpart),
	[SYSTRACE_SECT_SETS] = sizeof(struct systrace_prog_set),
	[SYSTRACE_SECT_BUCKETS] = sizeof(uint32_t),
	[SYSTRACE_SECT_HENTS] = sizeof(struct systrace_prog_hent),
	[SYSTRACE_SECT_DFAS] = sizeof(struct systrace_prog_dfa),
	[SYSTRACE_SECT_DSTATES] = sizeof(struct systrace_prog_dstate),
	[SYSTRACE_SECT_DTRANS] = sizeof(struct systrace_prog_dtrans),
};

void st_img_init(struct st_img *img)
{
	int i;

	memset(img, 0, sizeof(*img));
	for (i = 0; i < __SYSTRACE_SECT_LAST; i++) {
		/* Never a NULL base, even for a section that stays empty. */
		img->sec[i].esz = st_esz[i];
		img->sec[i].cap = 16;
		img->sec[i].v = st_malloc(16 * st_esz[i]);
	}
}

void st_img_free(struct st_img *img)
{
	int i;

	for (i = 0; i < __SYSTRACE_SECT_LAST; i++)
		free(img->sec[i].v);
	free(img->strtab);
	memset(img, 0, sizeof(*img));
}

static void st_vec_reserve(struct st_vec *v, size_t n)
{
	if (v->n + n <= v->cap)
		return;
	v->cap = (v->cap + n) * 2;
	v->v = st_realloc(v->v, v->cap * v->esz);
}

uint32_t st_img_push(struct st_img *img, int s, const void *rec)
{
	struct st_vec *v = &img->sec[s];

	st_vec_reserve(v, 1);
	memcpy(v->v + v->n * v->esz, rec, v->esz);
	return v->n++;
}

void *st_img_at(struct st_img *img, int s, uint32_t i)
{
	return img->sec[s].v + (size_t)i * img->sec[s].esz;
}

uint32_t st_img_count(const struct st_img *img, int s)
{
	return img->sec[s].n;
}

static uint32_t st_hash_bytes(const void *s, size_t len)
{
	return st_prog_hash(0, s, len);
}

static void st_strtab_grow(struct st_img *img)
{
	struct st_vec *strs = &img->sec[SYSTRACE_SECT_STRS];
	uint32_t n = img->strtab_size ? img->strtab_size * 2 : 1024, i, j;
	uint32_t *t = st_malloc(n * sizeof(*t));

	memset(t, 0xff, n * sizeof(*t));
	for (i = 0; i < strs->n; i++) {
		struct systrace_prog_str *d = (void *)(strs->v + i * strs->esz);
		uint32_t h = st_hash_bytes(img->sec[SYSTRACE_SECT_BYTES].v + d->off,
					   d->len);

		for (j = h & (n - 1); t[j] != SYSTRACE_PROG_NONE; j = (j + 1) & (n - 1))
			;
		t[j] = i;
	}
	free(img->strtab);
	img->strtab = t;
	img->strtab_size = n;
}

uint32_t st_img_str(struct st_img *img, const void *s, size_t len)
{
	struct st_vec *strs = &img->sec[SYSTRACE_SECT_STRS];
	struct st_vec *bytes = &img->sec[SYSTRACE_SECT_BYTES];
	struct systrace_prog_str d;
	uint32_t h, j, idx;

	if ((strs->n + 1) * 2 > img->strtab_size)
		st_strtab_grow(img);
	h = st_hash_bytes(s, len);
	for (j = h & (img->strtab_size - 1); img->strtab[j] != SYSTRACE_PROG_NONE;
	     j = (j + 1) & (img->strtab_size - 1)) {
		struct systrace_prog_str *e;

		e = (void *)(strs->v + img->strtab[j] * strs->esz);
		if (e->len == len && !memcmp(bytes->v + e->off, s, len))
			return img->strtab[j];
	}
	st_vec_reserve(bytes, len);
	memcpy(bytes->v + bytes->n, s, len);
	d.off = bytes->n;
	d.len = len;
	bytes->n += len;
	idx = st_img_push(img, SYSTRACE_SECT_STRS, &d);
	img->strtab[j] = idx;
	return idx;
}

uint32_t st_img_num(struct st_img *img, uint64_t v)
{
	struct st_vec *nums = &img->sec[SYSTRACE_SECT_NUMS];
	uint32_t i;

	/* Few numbers per policy: a linear search keeps them unique. */
	for (i = 0; i < nums->n; i++)
		if (!memcmp(nums->v + i * 8, &v, 8))
			return i;
	return st_img_push(img, SYSTRACE_SECT_NUMS, &v);
}

uint32_t st_img_dfa(struct st_img *img, const struct st_dfa *d,
		    uint32_t prefix)
{
	struct systrace_prog_dfa rec;
	uint32_t i, k, base = st_img_count(img, SYSTRACE_SECT_DSTATES);

	rec.state = base;
	rec.nstates = d->nstates;
	rec.start = d->start;
	rec.prefix = prefix;
	st_vec_reserve(&img->sec[SYSTRACE_SECT_DSTATES], d->nstates);
	st_vec_reserve(&img->sec[SYSTRACE_SECT_DTRANS], d->ntrans);
	for (i = 0; i < d->nstates; i++) {
		const struct st_dfa_state *s = &d->states[i];
		struct systrace_prog_dstate ds = {
			.trans = st_img_count(img, SYSTRACE_SECT_DTRANS),
			.ntrans = s->ntrans,
			.dflt = s->dflt,
			.accept = s->accept,
		};

		st_img_push(img, SYSTRACE_SECT_DSTATES, &ds);
		for (k = 0; k < s->ntrans; k++) {
			const struct st_dfa_trans *t = &d->trans[s->trans + k];
			struct systrace_prog_dtrans dt = {
				.lo = t->lo, .hi = t->hi, .next = t->next,
			};

			st_img_push(img, SYSTRACE_SECT_DTRANS, &dt);
		}
	}
	return st_img_push(img, SYSTRACE_SECT_DFAS, &rec);
}

void *st_img_finish(struct st_img *img, size_t *len)
{
	struct systrace_prog_header h;
	size_t off = sizeof(h), total;
	uint8_t *buf;
	int i;

	memset(&h, 0, sizeof(h));
	for (i = 0; i < __SYSTRACE_SECT_LAST; i++) {
		struct st_vec *v = &img->sec[i];

		if (!v->n)
			continue;
		off = (off + SYSTRACE_PROG_ALIGN - 1) & ~(size_t)(SYSTRACE_PROG_ALIGN - 1);
		h.sect[i].off = off;
		h.sect[i].count = v->n;
		off += v->n * v->esz;
	}
	total = (off + SYSTRACE_PROG_ALIGN - 1) & ~(size_t)(SYSTRACE_PROG_ALIGN - 1);
	h.magic = SYSTRACE_PROG_MAGIC;
	h.version = SYSTRACE_PROG_VERSION;
	h.hdr_len = sizeof(h);
	h.len = total;
	buf = aligned_alloc(SYSTRACE_PROG_ALIGN, total);
	st_oom(buf);
	memset(buf, 0, total);
	memcpy(buf, &h, sizeof(h));
	for (i = 0; i < __SYSTRACE_SECT_LAST; i++) {
		struct st_vec *v = &img->sec[i];

		if (v->n)
			memcpy(buf + h.sect[i].off, v->v, v->n * v->esz);
	}
	*len = total;
	return buf;
}
