// SPDX-License-Identifier: GPL-2.0
/*
 * policyc: the systrace policy compiler.
 *
 *	policyc [-o OUT] [-c] [-d] [-u] [--strict] FILE...
 *
 * Compiles policy files into one bytecode image (every policy of every
 * file, in order), checks the image with the kernel's own verifier, and
 * writes it to OUT (standard output when OUT is "-" or not given and
 * standard output is not a terminal).  -c checks only; -d prints the
 * disassembly instead.  A FILE that is a bytecode image is disassembled
 * (-d) or checked; a FILE that is a disassembly is assembled.
 * Exit status: 0 success, 1 errors, 2 a bad command line (as systracectl).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ast.h"
#include "diag.h"
#include "disasm.h"
#include "emit.h"
#include "util.h"

/* systracectl(8)'s convention: 0 done, 1 failed, 2 bad command line. */
enum { EXIT_USAGE = 2 };

static void usage(FILE *out)
{
	fputs("usage: policyc [-o OUT] [-c] [-d] [-u] [--strict] FILE...\n"
	      "  -o OUT    write the bytecode image to OUT (\"-\": stdout)\n"
	      "  -c        check only: parse, compile, verify, write nothing\n"
	      "  -d        print the disassembly (policyc assembles it back)\n"
	      "  -u        no aliasing (systrace -u): a call is decided by its own\n"
	      "            rules alone, fsread and fswrite rules by none\n"
	      "  --strict  names Linux lacks are errors, not warnings\n"
	      "  -h        this help\n", out);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	char *buf = NULL;
	size_t cap = 0, n = 0, r;

	if (!f)
		return NULL;
	do {
		if (n + 65536 > cap) {
			cap = (n + 65536) * 2;
			buf = st_realloc(buf, cap + 1);
		}
		r = fread(buf + n, 1, cap - n, f);
		n += r;
	} while (r > 0);
	if (f != stdin)
		fclose(f);
	buf[n] = 0;
	*len = n;
	return buf;
}

static int write_out(const char *path, const void *buf, size_t len)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "wb") : stdout;

	if (!f || fwrite(buf, 1, len, f) != len || (f != stdout && fclose(f))) {
		fprintf(stderr, "policyc: %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (f == stdout)
		fflush(stdout);
	return 0;
}

/*
 * An image or a disassembly as the only input @path, into *@img and
 * *@len.  What cannot be read is left to the parser, which says why;
 * standard input, read here already, is kept in *@text (*@ilen bytes) to
 * be parsed from memory.  Returns -1 when a disassembly does not assemble.
 */
static int read_single(const char *path, char **text, size_t *ilen,
		       void **img, size_t *len)
{
	char *s = slurp(path, ilen);
	int ret = 0;

	if (s && *ilen >= 4 && !memcmp(s, "STBC", 4)) {
		*img = aligned_alloc(8, (*ilen + 7) & ~7UL);
		memcpy(st_oom(*img), s, *ilen);
		*len = *ilen;
	} else if (s && !strncmp(s, ST_DISASM_MAGIC, strlen(ST_DISASM_MAGIC))) {
		char err[128];

		if (st_asm(s, *ilen, img, len, err, sizeof(err))) {
			fprintf(stderr, "policyc: %s: %s\n", path, err);
			ret = -1;
		}
	}
	if (strcmp(path, "-")) {
		free(s);
		s = NULL;
	}
	*text = s;
	return ret;
}

int main(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "strict", no_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *out = NULL;
	bool check = false, dis = false, noalias = false;
	unsigned int flags = 0;
	struct st_diag *d;
	struct st_file **files;
	struct st_policy **pols = NULL;
	size_t npol = 0, pcap = 0, nfiles = 0, len = 0, ilen;
	void *img = NULL;
	struct st_prog prog;
	const char *why;
	char *stdin_text = NULL;
	int c, i, ret = 1;

	while ((c = getopt_long(argc, argv, "o:cduh", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			out = optarg;
			break;
		case 'c':
			check = true;
			break;
		case 'd':
			dis = true;
			break;
		case 'u':
			noalias = true;
			break;
		case 'S':
			flags |= ST_PARSE_STRICT;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!out && !check && !dis) {
		if (isatty(STDOUT_FILENO)) {
			fputs("policyc: no -o OUT, and standard output is a terminal: give -o OUT, or -c to check only\n",
			      stderr);
			return EXIT_USAGE;
		}
		out = "-";
	}

	d = st_diag_new();
	files = st_calloc(argc, sizeof(*files));
	if (argc - optind == 1 &&
	    read_single(argv[optind], &stdin_text, &ilen, &img, &len))
		goto out;
	if (!img) {
		for (i = optind; i < argc; i++) {
			struct st_file *f;
			struct st_policy *p;

			if (stdin_text)
				f = st_parse_string("<stdin>", stdin_text, ilen, d,
						    flags);
			else
				f = st_parse_file(argv[i], d, flags);
			if (!f)
				continue;
			files[nfiles++] = f;
			for (p = f->policies; p; p = p->next) {
				p->noalias = noalias;
				ST_GROW(pols, npol, pcap);
				pols[npol++] = p;
			}
		}
		if (st_diag_errors(d) || nfiles != (size_t)(argc - optind)) {
			st_diag_print(d, stderr);
			goto out;
		}
		if (st_emit(pols, npol, d, NULL, &img, &len)) {
			st_diag_print(d, stderr);
			goto out;
		}
		st_diag_print(d, stderr);
	}
	if (st_prog_verify(&prog, img, len, &why)) {
		fprintf(stderr, "policyc: the image does not verify: %s\n", why);
		goto out;
	}
	if (dis)
		st_disasm(stdout, &prog);
	if (out && !check && write_out(out, img, len))
		goto out;
	ret = 0;
out:
	for (i = 0; (size_t)i < nfiles; i++)
		st_file_free(files[i]);
	free(files);
	free(pols);
	free(img);
	free(stdin_text);
	st_diag_free(d);
	return ret;
}
