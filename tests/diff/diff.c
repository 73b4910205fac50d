/* diff.c: differential testing of the runtime against the reference model (model.h).
 * Long random sequences (random_ops.c) of map_linear (huge-page friendly and
 * unfriendly), map_alloc (populate and lazy), unmap and protect of arbitrary sub-ranges,
 * faults with every access kind, translate, reads, writes and clear go to a real
 * address space and to the model at once, some with an allocation failure injected, and
 * are compared after every step (differ.c). A divergence is shrunk and printed as a
 * scenario script that reproduces it (reproduce.c); a frame still in use after the
 * address space is destroyed is a leak.
 *   ptf-diff [--format NAME] [--ops N] [--seed S] [--no-inject] [--records-from-frames]
 * --records-from-frames: the HAL has no alloc_bytes, so ptforge's own records come from
 * frames too, and the injected allocation failures reach them. */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ptforge/ptforge.h>

#include "differ.h"

struct tally {
	size_t ops[OP_KINDS];
	size_t by_error[PTF_ERROR_COUNT];
	size_t injected, enomem, errors;
};

static int run_format(const struct ptf_format *f, size_t nops, uint64_t seed, bool inject, bool quiet)
{
	struct sut s;
	diff_setup.vmid_all = seed & 1;
	diff_setup.vmid = 0x5a00 + (seed & 0xff);
	sut_open(&s, f);
	diff_rng_seed(seed ^ (uint64_t)(uintptr_t)f->name[0] * 0x100000001b3ull, NULL, 0);
	struct op *log = malloc(nops * sizeof(*log));
	struct tally t = { 0 };
	char why[256];
	long bad = -1;
	for (size_t i = 0; i < nops; i++) {
		struct op o = random_op(&s.m, inject);
		log[i] = o;
		struct outcome out = run_op(&s, &o);
		t.ops[o.kind]++;
		t.injected += o.fail_after >= 0;
		t.enomem += out.injected_enomem;
		t.errors += out.rc != 0;
		if (out.rc < 0 && out.rc > -PTF_ERROR_COUNT)
			t.by_error[-out.rc]++;
		if (!check_after(&s, &o, &out, why, sizeof(why)) || !periodic(&s, i, nops, why, sizeof(why))) {
			bad = (long)i;
			break;
		}
	}
	size_t leaked = sut_close(&s);
	if (bad < 0 && leaked) {
		printf("%s: %zu frames still in use after the address space was destroyed\n", f->name, leaked);
		free(log);
		return 1;
	}
	if (bad < 0) {
		if (!quiet) {
			printf("%-18s %zu ops:", f->name, nops);
			for (int k = 0; k < OP_KINDS; k++)
				printf(" %s %zu", op_names[k], t.ops[k]);
			printf("; %zu refused (", t.errors);
			for (int e = 1; e < PTF_ERROR_COUNT; e++)
				if (t.by_error[e])
					printf(" %s %zu", ptf_error_name(-e), t.by_error[e]);
			printf(" ), %zu allocation failures injected (%zu hit), 0 divergences\n", t.injected, t.enomem);
		}
		free(log);
		return 0;
	}
	printf("%s: DIVERGENCE at operation %ld (%s): %s\n", f->name, bad, op_names[log[bad].kind], why);
	size_t n = shrink(f, log, (size_t)bad + 1);
	if (replay(f, log, n, why, sizeof(why)) >= 0)
		printf("%s: shrunk to %zu operations: %s\n", f->name, n, why);
	char what[48];
	snprintf(what, sizeof(what), "seed %" PRIu64, seed);
	print_script(stdout, f, log, n, what);
	free(log);
	return 1;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, 0, 'f' }, { "ops", required_argument, 0, 'n' },
		{ "seed", required_argument, 0, 's' },   { "no-inject", no_argument, 0, 'i' },
		{ "quiet", no_argument, 0, 'q' },        { "help", no_argument, 0, 'h' },
		{ "records-from-frames", no_argument, 0, 'r' },
		{ 0, 0, 0, 0 },
	};
	const char *only = NULL;
	size_t nops = 20000;
	uint64_t seed = 1;
	bool inject = true, quiet = false;
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'f': only = optarg; break;
		case 'n': nops = (size_t)strtoull(optarg, NULL, 0); break;
		case 's': seed = strtoull(optarg, NULL, 0); break;
		case 'i': inject = false; break;
		case 'q': quiet = true; break;
		case 'r': diff_setup.records_from_frames = true; break;
		case 'h':
			printf("usage: ptf-diff [--format NAME] [--ops N] [--seed S] [--no-inject] [--quiet]\n"
			       "                [--records-from-frames]\n"
			       "Random operations against the runtime and a reference model, for every built format.\n"
			       "Prints a summary per format, or the first divergence shrunk to a scenario script.\n");
			return 0;
		default: return 2;
		}
	}
	if (only && !ptf_format_find(only)) {
		fprintf(stderr, "ptf-diff: unknown format '%s'\n", only);
		return 2;
	}
	int failed = 0, formats = 0;
	for (size_t i = 0; ptf_formats[i]; i++) {
		if (only && strcmp(only, ptf_formats[i]->name))
			continue;
		formats++;
		failed += run_format(ptf_formats[i], nops, seed, inject, quiet);
	}
	printf("%d passed, %d failed\n", formats - failed, failed);
	return failed ? 1 : 0;
}

