/* fuzz_script.c: libFuzzer target for the scenario-script scanner and parser. Any input
 * must parse to commands or to FILE:LINE:COL errors; crashes, hangs, leaks and undefined
 * behaviour are findings. Seeds: tests/scripts. */
#define _POSIX_C_SOURCE 200809L
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "script.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *sink;
	if (!sink)
		sink = fopen("/dev/null", "w");
	FILE *in = fmemopen((void *)data, size, "r");
	if (!in)
		return 0;
	struct script s;
	int errors = script_parse(&s, "fuzz.ptf", in, sink);
	fclose(in);
	/* every command the parser accepted must be well formed */
	for (size_t i = 0; !errors && i < s.n; i++)
		if (s.cmds[i].line == 0 || (s.cmds[i].op == OP_FORMAT && !s.cmds[i].fmt))
			__builtin_trap();
	script_free(&s);
	return 0;
}
