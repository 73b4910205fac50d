/* runtime_seeds.c: fuzz_runtime's seeds from scenario scripts. Each `format` section of a
 * script becomes one input (runtime_input.h): its format, then an explicit chunk per
 * command the differential driver can run; expectations, walks, dumps and the like are
 * the model's business there and are left out. */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ptforge/ptforge.h>

#include "runtime_input.h"
#include "script.h"

int runtime_seeds_from_scripts(const char *dir, int n, char **scripts);

struct seed {
	uint8_t bytes[FUZZ_HEADER + FUZZ_MAX_OPS * FUZZ_CHUNK];
	size_t len;
	unsigned written; /* seeds of the script so far */
};

static void put64(uint8_t *b, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		b[i] = (uint8_t)(v >> (8 * i));
}

static int format_index(const struct ptf_format *f)
{
	for (int i = 0; ptf_formats[i]; i++)
		if (ptf_formats[i] == f)
			return i;
	return 0;
}

/* The command's explicit chunk kind, or -1 for one left out. */
static int kind_of(enum script_op op)
{
	switch (op) {
	case OP_MAP_LINEAR: return FUZZ_MAP_LINEAR;
	case OP_MAP_ALLOC: return FUZZ_MAP_ALLOC;
	case OP_UNMAP: return FUZZ_UNMAP;
	case OP_PROTECT: return FUZZ_PROTECT;
	case OP_FAULT: return FUZZ_FAULT;
	case OP_POPULATE: return FUZZ_POPULATE_OP;
	case OP_DIRTY_START: return FUZZ_DIRTY_START;
	case OP_DIRTY_STOP: return FUZZ_DIRTY_STOP;
	case OP_DIRTY_GET: return FUZZ_DIRTY_GET;
	case OP_AGE: return FUZZ_AGE;
	case OP_COLLAPSE: return FUZZ_COLLAPSE;
	case OP_TRANSLATE: return FUZZ_TRANSLATE;
	case OP_WRITE: return FUZZ_WRITE;
	case OP_READ: return FUZZ_READ;
	case OP_BUFFER: return FUZZ_BUFFER;
	case OP_CLEAR: return FUZZ_CLEAR_OP;
	default: return -1;
	}
}

static int flush_seed(struct seed *s, const char *dir, const char *script)
{
	if (s->len <= FUZZ_HEADER)
		return 0;
	const char *base = strrchr(script, '/') ? strrchr(script, '/') + 1 : script;
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s-%u", dir, base, s->written++);
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(s->bytes, 1, s->len, f) != s->len || fclose(f)) {
		fprintf(stderr, "fuzz_runtime: cannot write %s\n", path);
		return 1;
	}
	return 0;
}

static int seeds_of(const char *dir, const char *path)
{
	FILE *in = fopen(path, "r");
	if (!in) {
		fprintf(stderr, "fuzz_runtime: cannot open %s\n", path);
		return 1;
	}
	struct script sc;
	int errors = script_parse(&sc, path, in, stderr);
	fclose(in);
	struct seed *s = calloc(1, sizeof(*s));
	int rc = errors != 0 || !s;
	for (size_t i = 0; !rc && i < sc.n; i++) {
		const struct script_command *c = &sc.cmds[i];
		if (c->op == OP_FORMAT) {
			rc = flush_seed(s, dir, path);
			s->bytes[0] = (uint8_t)format_index(c->fmt);
			s->bytes[1] = FUZZ_WIDE_WINDOW; /* the scripts' addresses keep their offsets in 1 GiB */
			s->bytes[2] = 0;
			s->len = FUZZ_HEADER;
			continue;
		}
		int kind = kind_of(c->op);
		if (kind < 0 || !s->len || s->len + FUZZ_CHUNK > sizeof(s->bytes))
			continue;
		uint8_t *chunk = s->bytes + s->len;
		memset(chunk, 0, FUZZ_CHUNK);
		uint32_t data_seed = 0;
		for (size_t k = 0; k < c->nbytes; k++)
			data_seed = data_seed * 31 + c->bytes[k];
		chunk[0] = FUZZ_EXPLICIT;
		chunk[1] = (uint8_t)kind;
		chunk[2] = (uint8_t)c->flags;
		chunk[3] = (uint8_t)((c->populate ? FUZZ_POPULATE : 0) | (c->huge_faults ? FUZZ_HUGE : 0) |
		                     (c->clear ? FUZZ_CLEAR : 0) | (c->overwrite ? FUZZ_OVERWRITE : 0));
		chunk[4] = FUZZ_NO_FAILURE;
		chunk[5] = (uint8_t)data_seed;
		chunk[6] = (uint8_t)(data_seed >> 8);
		chunk[7] = (uint8_t)(data_seed >> 16);
		/* into the window, at the same offset in its 1 GiB: alignments kept */
		uint64_t gpa = c->gpa - FUZZ_WINDOW_BASE < FUZZ_WINDOW_SIZE ? c->gpa : FUZZ_WINDOW_BASE + c->gpa % FUZZ_WINDOW_SIZE;
		put64(chunk + 8, gpa);
		put64(chunk + 16, c->hpa);
		put64(chunk + 24, c->op == OP_WRITE ? c->nbytes : c->size);
		s->len += FUZZ_CHUNK;
	}
	if (!rc)
		rc = flush_seed(s, dir, path);
	free(s);
	script_free(&sc);
	return rc;
}

int runtime_seeds_from_scripts(const char *dir, int n, char **scripts)
{
	int failed = 0;
	for (int i = 0; i < n; i++)
		failed |= seeds_of(dir, scripts[i]);
	return failed;
}
