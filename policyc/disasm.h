/* SPDX-License-Identifier: GPL-2.0 */
/*
 * policyc: disassembler and assembler of bytecode images (disasm.c).
 */
#ifndef POLICYC_DISASM_H
#define POLICYC_DISASM_H

#include <stddef.h>
#include <stdio.h>

#include "../lib/prog.h"

/* The first line of every disassembly: policyc assembles such files. */
#define ST_DISASM_MAGIC "; policyc disassembly v1"

/* st_disasm() - print verified image @p as re-assemblable text. */
void st_disasm(FILE *out, const struct st_prog *p);

/*
 * st_asm() - assemble disassembly text back into an image (malloc'ed,
 * 8-byte aligned).  Return 0, or -1 with a message in @err.
 */
int st_asm(const char *text, size_t len, void **out, size_t *outlen,
	   char *err, size_t errlen);

#endif /* POLICYC_DISASM_H */
