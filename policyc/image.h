/* SPDX-License-Identifier: GPL-2.0 */
/*
 * policyc: building a bytecode image section by section (image.c).
 */
#ifndef POLICYC_IMAGE_H
#define POLICYC_IMAGE_H

#include <stddef.h>
#include <stdint.h>

#include <uapi/linux/systrace_prog.h>

#include "nfa.h"

struct st_vec {
	uint8_t *v;
	size_t n, cap, esz;
};

/**
 * struct st_img - an image under construction; sec[] by
 * enum systrace_prog_sect_id, each a vector of its records.
 */
struct st_img {
	struct st_vec sec[__SYSTRACE_SECT_LAST];
	uint32_t *strtab;	/* interning hash table of string indices */
	uint32_t strtab_size;
};

void st_img_init(struct st_img *img);
void st_img_free(struct st_img *img);
/* Append one record to section @s; returns its index. */
uint32_t st_img_push(struct st_img *img, int s, const void *rec);
void *st_img_at(struct st_img *img, int s, uint32_t i);
uint32_t st_img_count(const struct st_img *img, int s);
/* An interned string. */
uint32_t st_img_str(struct st_img *img, const void *s, size_t len);
uint32_t st_img_num(struct st_img *img, uint64_t v);
/* A DFA (prefix: template or SYSTRACE_PROG_NONE); returns its index. */
uint32_t st_img_dfa(struct st_img *img, const struct st_dfa *d,
		    uint32_t prefix);
/* Serialize; the result is malloc'ed and 8-byte aligned. */
void *st_img_finish(struct st_img *img, size_t *len);

#endif /* POLICYC_IMAGE_H */
