/* fuzz_runtime.c: libFuzzer target for the runtime (walkers, address space, area map)
 * against the differential driver's reference model (tests/diff). The input chooses a
 * format, the HAL's shape and a sequence of operations (runtime_input.h): maps linear and
 * alloc (lazy, populated, huge), unmap, protect, faults, translate, reads and writes,
 * buffers, populate, collapse, dirty logging, age, clear, with allocation failures
 * injected where it says. After each operation the runtime and the model are compared
 * (differ.c); a divergence is shrunk and printed as a scenario script on standard error,
 * then abort(): libFuzzer keeps the input, and running this binary on it prints the
 * script again. A frame still in use after the address space is destroyed aborts too;
 * AddressSanitizer, UndefinedBehaviorSanitizer and LeakSanitizer report the rest.
 * Seeds: the golden scripts, converted by runtime_seeds.c. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "differ.h"
#include "runtime_input.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* runtime_seeds.c */
int runtime_seeds_from_scripts(const char *dir, int n, char **scripts);

/* `fuzz_runtime --seeds-from-scripts DIR SCRIPT...` writes the seeds and exits (make fuzz
 * runs it over the golden scripts); anything else is libFuzzer's command line. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	if (*argc >= 3 && !strcmp((*argv)[1], "--seeds-from-scripts"))
		exit(runtime_seeds_from_scripts((*argv)[2], *argc - 3, *argv + 3));
	return 0;
}

_Static_assert((int)FUZZ_KINDS == (int)OP_KINDS && (int)FUZZ_CLEAR_OP == (int)OP_CLEAR &&
	               (int)FUZZ_GUEST_WRITE == (int)OP_GUEST_WRITE && (int)FUZZ_COLLAPSE == (int)OP_COLLAPSE,
               "runtime_input.h's kinds follow differ.h's");
_Static_assert(FUZZ_WINDOW_BASE == WINDOW_BASE, "the seeds' window is the driver's");

static uint64_t le64(const uint8_t *b)
{
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = v << 8 | b[i];
	return v;
}

/* An explicit operation: as written, but within what one run can hold. */
static struct op explicit_op(const uint8_t *c, const struct model *m)
{
	struct op o = {
		.kind = (enum op_kind)(c[1] % OP_KINDS),
		.flags = c[2],
		.populate = c[3] & FUZZ_POPULATE,
		.huge = c[3] & FUZZ_HUGE,
		.clear = c[3] & FUZZ_CLEAR,
		.overwrite = c[3] & FUZZ_OVERWRITE,
		.fail_after = c[4] == FUZZ_NO_FAILURE ? -1 : c[4] % 8,
		.data_seed = (uint32_t)c[5] | (uint32_t)c[6] << 8 | (uint32_t)c[7] << 16,
		.gpa = le64(c + 8),
		.hpa = le64(c + 16),
		.size = le64(c + 24),
	};
	if (o.kind > OP_COLLAPSE)
		o.fail_after = -1; /* only changes take an injected failure, as in the driver */
	if (o.kind != OP_MAP_LINEAR && o.kind != OP_MAP_ALLOC)
		o.populate = o.huge = o.overwrite = false;
	if (o.huge)
		o.populate = o.overwrite = false; /* a huge area is lazy, and has no overwrite call */
	if (o.kind == OP_WRITE || o.kind == OP_READ)
		o.size = 1 + o.size % MAX_IO;
	if (o.kind == OP_BUFFER)
		o.size = 1 + o.size % (4 * PAGE);
	if (o.kind == OP_FAULT)
		o.flags &= 0xf;
	if (o.kind == OP_GUEST_WRITE && !m->hw_dirty) { /* the MMU sets no dirty bits here */
		o.kind = OP_WRITE;
		o.size = 1 + o.size % MAX_IO;
	}
	/* the frame budget (MAX_PRESENT), as random_op keeps it */
	if (o.kind == OP_MAP_ALLOC && o.populate && m->present + o.size / PAGE > MAX_PRESENT)
		o.populate = false;
	if (o.kind == OP_FAULT && m->present >= MAX_PRESENT)
		o.kind = OP_TRANSLATE;
	/* (a range beyond the window maps nothing: the model counts only ranges inside) */
	bool inside = o.gpa >= WINDOW_BASE && o.size <= WINDOW_SIZE && o.gpa - WINDOW_BASE <= WINDOW_SIZE - o.size;
	if ((o.kind == OP_POPULATE || o.kind == OP_WRITE || o.kind == OP_READ) && inside &&
	    m->present + model_lazy_pages(m, o.gpa, o.size) > MAX_PRESENT)
		o.kind = OP_TRANSLATE;
	return o;
}

static struct op decode_op(const uint8_t *c, const struct model *m)
{
	if (c[0] >= FUZZ_EXPLICIT)
		return explicit_op(c, m);
	uint64_t first[8];
	for (int i = 0; i < 8; i++)
		first[i] = c[i];
	diff_rng_seed(le64(c + 8) ^ le64(c + 16) * 0x9e3779b97f4a7c15ull ^ le64(c + 24) * 0xbf58476d1ce4e5b9ull, first, 8);
	return random_op(m, true);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t n_formats = 0;
	while (ptf_formats[n_formats])
		n_formats++;
	if (size < FUZZ_HEADER + FUZZ_CHUNK || !n_formats)
		return 0;
	const struct ptf_format *f = ptf_formats[data[0] % n_formats];
	diff_setup = (struct diff_setup){
		.records_from_frames = data[1] & FUZZ_RECORDS_FROM_FRAMES,
		.vmid_all = data[1] & FUZZ_VMID_ALL,
		.vmid = data[2],
		/* 64 MiB, or one 1 GiB block where every leaf size fits: the model has an
		 * entry per page, and each run sets it up and checks it whole */
		.window_size = data[1] & FUZZ_WIDE_WINDOW ? FUZZ_WINDOW_SIZE : FUZZ_NARROW_WINDOW_SIZE,
	};
	size_t nops = (size - FUZZ_HEADER) / FUZZ_CHUNK;
	if (nops > FUZZ_MAX_OPS)
		nops = FUZZ_MAX_OPS;
	struct op *ops = malloc(nops * sizeof(*ops));
	if (!ops)
		return 0;
	struct sut s;
	sut_open(&s, f);
	char why[256];
	long bad = -1;
	for (size_t i = 0; i < nops && bad < 0; i++) {
		ops[i] = decode_op(data + FUZZ_HEADER + i * FUZZ_CHUNK, &s.m);
		struct outcome out = run_op(&s, &ops[i]);
		if (!check_after(&s, &ops[i], &out, why, sizeof(why)) || !periodic(&s, i, nops, why, sizeof(why)))
			bad = (long)i;
	}
	size_t leaked = sut_close(&s);
	if (bad >= 0) {
		fprintf(stderr, "fuzz_runtime: %s: DIVERGENCE at operation %ld (%s): %s\n", f->name, bad,
		        op_names[ops[bad].kind], why);
		size_t n = shrink(f, ops, (size_t)bad + 1);
		if (replay(f, ops, n, why, sizeof(why)) >= 0)
			fprintf(stderr, "fuzz_runtime: %s: shrunk to %zu operations: %s\n", f->name, n, why);
		print_script(stderr, f, ops, n, "fuzz input");
		abort();
	}
	if (leaked) {
		fprintf(stderr, "fuzz_runtime: %s: %zu frames still in use after the address space was destroyed\n", f->name,
		        leaked);
		print_script(stderr, f, ops, nops, "fuzz input (the script leaks; no expectation fails)");
		abort();
	}
	free(ops);
	return 0;
}
