// SPDX-License-Identifier: GPL-2.0
/*
 * policyc: the disassembler, and the assembler that reads its output back.
 *
 * The text lists every record of every section, in section order, one per
 * line: a directive naming the section, the record's index, then its
 * fields in the order of the UAPI structure.  What follows ';' is a
 * comment for people: each call with its name, each rule with its source
 * line and text, each instruction in mnemonic form.  `policyc -o OUT` on
 * the text assembles the same image again (strings are laid out in order,
 * as policyc lays them out).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "disasm.h"
#include "image.h"
#include "table.h"
#include "util.h"

#define NONE SYSTRACE_PROG_NONE

static const char *const st_sect_dir[__SYSTRACE_SECT_LAST] = {
	"policy", "call", "rule", "insn", "str", NULL, "num", "tmpl",
	"tpart", "set", "bucket", "hent", "dfa", "dstate", "dtrans",
};


static void st_put_str(FILE *out, const uint8_t *s, uint32_t len)
{
	uint32_t i;

	fputc('"', out);
	for (i = 0; i < len; i++) {
		if (s[i] == '"' || s[i] == '\\')
			fprintf(out, "\\%c", s[i]);
		else if (isprint(s[i]))
			fputc(s[i], out);
		else
			fprintf(out, "\\x%02x", s[i]);
	}
	fputc('"', out);
}

static void st_put_strref(FILE *out, const struct st_prog *p, uint32_t s)
{
	if (s == NONE || s >= p->nstrs) {
		fputs("-", out);
		return;
	}
	st_put_str(out, p->bytes + p->strs[s].off, p->strs[s].len);
}

/* A template as text, macros as $HOME, $USER, $CWD. */
static void st_put_tmpl(FILE *out, const struct st_prog *p, uint32_t t)
{
	static const char *const macros[] = { "$HOME", "$USER", "$CWD" };
	uint32_t i;

	if (t >= p->ntmpls) {
		fputs("?", out);
		return;
	}
	for (i = p->tmpls[t].part;
	     i < p->tmpls[t].part + p->tmpls[t].nparts && i < p->ntparts; i++) {
		const struct systrace_prog_tpart *tp = &p->tparts[i];

		if (i > p->tmpls[t].part)
			fputs(" ", out);
		if (tp->kind == SYSTRACE_TPART_MACRO)
			fputs(tp->val < 3 ? macros[tp->val] : "$?", out);
		else
			st_put_strref(out, p, tp->val);
	}
	if (!p->tmpls[t].nparts)
		fputs("\"\"", out);
}

/* Argument names from the table (kmod/calls.def), as policies write them. */
static const char *st_arg_name(uint8_t a)
{
	if (a == SYSTRACE_ARG_NONE)
		return "none";
	return a < st_table_nargs ? st_table_args[a].name : "?";
}

static void st_put_insn(FILE *out, const struct st_prog *p, uint32_t pc)
{
	static const char *const str_ops[] = { "eq", "sub", "inpath" };
	static const char *const num_ops[] = { "==", "!=", "<", ">" };
	const struct systrace_insn *in = &p->insns[pc];

	fprintf(out, ".insn %u %u %u %u %u %u %u %u\t; %u: ", pc, in->code,
		in->arg, in->idx, in->aux, in->k, in->jt, in->jf, pc);
	switch (in->code) {
	case SYSTRACE_OP_RET:
		fprintf(out, "ret rule %u (line %u)\n", in->k,
			in->k < p->nrules ? p->rules[in->k].line : 0);
		return;
	case SYSTRACE_OP_NOMATCH:
		fputs("nomatch\n", out);
		return;
	case SYSTRACE_OP_STR:
		fprintf(out, "%s[%u] %s ", st_arg_name(in->arg), in->idx,
			in->aux < 3 ? str_ops[in->aux] : "?");
		st_put_tmpl(out, p, in->k);
		break;
	case SYSTRACE_OP_NUM:
		fprintf(out, "%s[%u] %s %llu", st_arg_name(in->arg), in->idx,
			in->aux < 4 ? num_ops[in->aux] : "?",
			in->k < p->nnums ? (unsigned long long)p->nums[in->k] : 0ULL);
		break;
	case SYSTRACE_OP_DFA:
		fprintf(out, "%s[%u] in dfa %u", st_arg_name(in->arg), in->idx,
			in->k);
		if (in->k < p->ndfas && p->dfas[in->k].prefix != NONE) {
			fputs(" after prefix ", out);
			st_put_tmpl(out, p, p->dfas[in->k].prefix);
		}
		break;
	case SYSTRACE_OP_LOOKUP:
		fprintf(out, "lookup %s[%u] in set %u", st_arg_name(in->arg),
			in->idx, in->k);
		if (in->k < p->nsets) {
			const struct systrace_prog_set *s = &p->sets[in->k];
			uint32_t nk = 0;

			if (s->nbuckets && s->bucket + s->nbuckets < p->nbuckets)
				nk = p->buckets[s->bucket + s->nbuckets] -
				     p->buckets[s->bucket];
			fprintf(out, " (%u strings", nk);
			if (s->dfa < p->ndfas)
				fprintf(out, ", dfa %u of %u states", s->dfa,
					p->dfas[s->dfa].nstates);
			fputc(')', out);
		}
		fprintf(out, ": first match wins; else %u\n", pc + 1 + in->jf);
		return;
	default:
		fputs("?\n", out);
		return;
	}
	fprintf(out, " ? %u : %u\n", pc + 1 + in->jt, pc + 1 + in->jf);
}

static void st_put_key(FILE *out, uint32_t key)
{
	static const char *const ns[] = { "x86_64", "ia32", "alias" };
	uint32_t n = SYSTRACE_CALL_NS(key);

	fprintf(out, "%s %u", n < 3 ? ns[n] : "?", SYSTRACE_CALL_NR(key));
}

void st_disasm(FILE *out, const struct st_prog *p)
{
	static const char *const acts[] = { "permit", "deny", "ask" };
	uint32_t i, j, r, pc;

	fprintf(out, "%s\n", ST_DISASM_MAGIC);
	fprintf(out, "; bytecode v%u, %u bytes: %u policies, %u calls, %u rules, %u instructions,\n",
		SYSTRACE_PROG_VERSION, p->len, p->npolicies, p->ncalls,
		p->nrules, p->ninsns);
	fprintf(out, "; %u sets, %u hash entries, %u DFAs with %u states\n",
		p->nsets, p->nhents, p->ndfas, p->ndstates);
	fprintf(out, "; Fields follow the UAPI structures (include/uapi/linux/systrace_prog.h).\n");
	for (i = 0; i < p->nstrs; i++) {
		fprintf(out, ".str %u ", i);
		st_put_strref(out, p, i);
		fputc('\n', out);
	}
	for (i = 0; i < p->npolicies; i++) {
		const struct systrace_prog_policy *pol = &p->policies[i];

		fprintf(out, "\n.policy %u %u %u %u %u %u %u\t; Policy: ", i,
			pol->path, pol->emulation, pol->call, pol->ncalls,
			pol->flags, pol->reserved);
		st_put_strref(out, p, pol->path);
		fputs(", Emulation: ", out);
		st_put_strref(out, p, pol->emulation);
		fputc('\n', out);
	}
	for (i = 0; i < p->ncalls; i++) {
		const struct systrace_prog_call *c = &p->calls[i];

		fprintf(out, "\n.call %u %u %u %u %u %u %u\t; call ", i, c->key,
			c->name, c->insn, c->ninsns, c->rule, c->nrules);
		st_put_strref(out, p, c->name);
		fputs(" (", out);
		st_put_key(out, c->key);
		fputs(")\n", out);
		for (r = c->rule; r < c->rule + c->nrules && r < p->nrules; r++) {
			const struct systrace_prog_rule *ru = &p->rules[r];

			fprintf(out, ".rule %u %u %u %u %u %u %u %u %u\t; rule %u, line %u, %s: ",
				r, ru->action, ru->flags, ru->error, ru->line,
				ru->text, ru->uid, ru->gid, ru->reserved, r,
				ru->line, ru->action < 3 ? acts[ru->action] : "?");
			st_put_strref(out, p, ru->text);
			fputc('\n', out);
		}
		for (pc = c->insn; pc < c->insn + c->ninsns && pc < p->ninsns; pc++)
			st_put_insn(out, p, pc);
	}
	if (p->nnums)
		fputc('\n', out);
	for (i = 0; i < p->nnums; i++)
		fprintf(out, ".num %u %llu\n", i, (unsigned long long)p->nums[i]);
	if (p->ntmpls)
		fputs("\n; templates: parts are (0 literal string | 1 macro HOME, USER, CWD)\n", out);
	for (i = 0; i < p->ntmpls; i++)
		fprintf(out, ".tmpl %u %u %u\n", i, p->tmpls[i].part,
			p->tmpls[i].nparts);
	for (i = 0; i < p->ntparts; i++)
		fprintf(out, ".tpart %u %u %u\n", i, p->tparts[i].kind,
			p->tparts[i].val);
	if (p->nsets)
		fputs("\n; sets: bucket nbuckets seed dfa\n", out);
	for (i = 0; i < p->nsets; i++)
		fprintf(out, ".set %u %u %u %u %u\n", i, p->sets[i].bucket,
			p->sets[i].nbuckets, p->sets[i].seed, p->sets[i].dfa);
	for (i = 0; i < p->nbuckets; i++)
		fprintf(out, ".bucket %u %u\n", i, p->buckets[i]);
	for (i = 0; i < p->nhents; i++) {
		const struct systrace_prog_hent *h = &p->hents[i];

		fprintf(out, ".hent %u %u %u %u %u\t; ", i, h->hash, h->key,
			h->rule, h->reserved);
		st_put_strref(out, p, h->key);
		fprintf(out, " -> rule %u\n", h->rule);
	}
	if (p->ndfas)
		fputs("\n; DFAs: state nstates start prefix; states: trans ntrans default accept; transitions: lo hi reserved next\n",
		      out);
	for (i = 0; i < p->ndfas; i++) {
		const struct systrace_prog_dfa *d = &p->dfas[i];

		fprintf(out, ".dfa %u %u %u %u %u\n", i, d->state, d->nstates,
			d->start, d->prefix);
		for (j = d->state; j < d->state + d->nstates && j < p->ndstates; j++) {
			const struct systrace_prog_dstate *s = &p->dstates[j];
			uint32_t t;

			fprintf(out, ".dstate %u %u %u %u %u\n", j, s->trans,
				s->ntrans, s->dflt, s->accept);
			for (t = s->trans; t < s->trans + s->ntrans && t < p->ndtrans; t++)
				fprintf(out, ".dtrans %u %u %u %u %u\n", t,
					p->dtrans[t].lo, p->dtrans[t].hi,
					p->dtrans[t].reserved, p->dtrans[t].next);
		}
	}
}

/* ---- assembler ---- */

static int st_parse_quoted(const char *s, struct st_img *img, uint32_t *idx)
{
	uint8_t *buf = st_malloc(strlen(s) + 1);
	size_t n = 0;
	struct systrace_prog_str d;
	struct st_vec *bytes = &img->sec[SYSTRACE_SECT_BYTES];

	if (*s++ != '"') {
		free(buf);
		return -1;
	}
	while (*s && *s != '"') {
		if (*s == '\\') {
			s++;
			if (*s == 'x') {
				unsigned int v;

				if (sscanf(s + 1, "%2x", &v) != 1) {
					free(buf);
					return -1;
				}
				buf[n++] = v;
				s += 3;
				continue;
			}
			if (!*s)
				break;
		}
		buf[n++] = *s++;
	}
	if (*s != '"') {
		free(buf);
		return -1;
	}
	/* Not interned: the layout must be the one that was disassembled. */
	if (bytes->n + n > bytes->cap) {
		bytes->cap = (bytes->n + n) * 2;
		bytes->v = st_realloc(bytes->v, bytes->cap);
	}
	memcpy(bytes->v + bytes->n, buf, n);
	d.off = bytes->n;
	d.len = n;
	bytes->n += n;
	free(buf);
	*idx = st_img_push(img, SYSTRACE_SECT_STRS, &d);
	return 0;
}

int st_asm(const char *text, size_t len, void **out, size_t *outlen,
	   char *err, size_t errlen)
{
	struct st_img img;
	const char *p = text, *end = text + len;
	unsigned int lineno = 0;
	char *line = NULL;
	size_t cap = 0;
	int ret = -1;

	st_img_init(&img);
	while (p < end) {
		const char *nl = memchr(p, '\n', end - p);
		size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);
		unsigned long long v[9];
		char dir[16];
		int s, nf, n, want, i;
		uint8_t rec[32];
		uint32_t idx;

		lineno++;
		if (l + 1 > cap) {
			cap = l + 1;
			line = st_realloc(line, cap);
		}
		memcpy(line, p, l);
		line[l] = 0;
		p = nl ? nl + 1 : end;
		if (line[0] != '.')
			continue;
		if (sscanf(line, ".%15s %n", dir, &n) != 1)
			goto bad;
		for (s = 0; s < __SYSTRACE_SECT_LAST; s++)
			if (st_sect_dir[s] && !strcmp(dir, st_sect_dir[s]))
				break;
		if (s == __SYSTRACE_SECT_LAST)
			goto bad;
		if (s == SYSTRACE_SECT_STRS) {
			unsigned int i0;
			int m;

			if (sscanf(line + n, "%u %n", &i0, &m) != 1 ||
			    st_parse_quoted(line + n + m, &img, &idx) || idx != i0)
				goto bad;
			continue;
		}
		nf = sscanf(line + n, "%llu %llu %llu %llu %llu %llu %llu %llu %llu",
			    &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6],
			    &v[7], &v[8]);
		if (nf < 1 || v[0] != st_img_count(&img, s))
			goto bad;
		memset(rec, 0, sizeof(rec));
		switch (s) {
		case SYSTRACE_SECT_RULES: {
			struct systrace_prog_rule *r = (void *)rec;

			want = 9;
			r->action = v[1];
			r->flags = v[2];
			r->error = v[3];
			r->line = v[4];
			r->text = v[5];
			r->uid = v[6];
			r->gid = v[7];
			r->reserved = v[8];
			break;
		}
		case SYSTRACE_SECT_INSNS: {
			struct systrace_insn *in = (void *)rec;

			want = 8;
			in->code = v[1];
			in->arg = v[2];
			in->idx = v[3];
			in->aux = v[4];
			in->k = v[5];
			in->jt = v[6];
			in->jf = v[7];
			break;
		}
		case SYSTRACE_SECT_NUMS:
			want = 2;
			memcpy(rec, &v[1], 8);
			break;
		case SYSTRACE_SECT_DTRANS: {
			struct systrace_prog_dtrans *t = (void *)rec;

			want = 5;
			t->lo = v[1];
			t->hi = v[2];
			t->reserved = v[3];
			t->next = v[4];
			break;
		}
		default:
			/* Sections of __le32 fields only. */
			want = 1 + img.sec[s].esz / 4;
			for (i = 1; i < want && i < 9; i++) {
				uint32_t x = v[i];

				memcpy(rec + 4 * (i - 1), &x, 4);
			}
			break;
		}
		if (nf != want)
			goto bad;
		st_img_push(&img, s, rec);
	}
	*out = st_img_finish(&img, outlen);
	ret = 0;
	goto done;
bad:
	snprintf(err, errlen, "line %u: not a record of a disassembly", lineno);
done:
	free(line);
	st_img_free(&img);
	return ret;
}
