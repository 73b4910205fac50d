/* reproduce.c: a divergence as a scenario script (docs/scenario-language.md) that
 * replays its operations and expects what the model says, so that `ptf run` fails where
 * the runtime parts from the model. */
#include <inttypes.h>
#include <stdlib.h>

#include "differ.h"

/* the model's bitmap of a dirty-log get or an age */
static uint64_t dirty_want[DIRTY_WORDS];

static bool perms_text(unsigned flags, char *buf, size_t len)
{
	if (flags & ~(unsigned)PTF_FLAGS_MASK || (flags & PTF_DEVICE && flags & PTF_UNCACHED))
		return false;
	snprintf(buf, len, "%c%c%c%s%s", flags & PTF_R ? 'r' : '-', flags & PTF_W ? 'w' : '-', flags & PTF_X ? 'x' : '-',
	         flags & PTF_U ? "u" : "", flags & PTF_DEVICE ? " device" : flags & PTF_UNCACHED ? " uncached" : "");
	return true;
}

static void print_hex(FILE *out, const unsigned char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		fprintf(out, "%02x", b[i]);
}

/* A leaf per page, for a model with no runtime beside it */
static uint64_t granule_leaves(void *arg, uint64_t gpa)
{
	const struct model *m = arg;
	(void)gpa;
	return m->page_size;
}

void print_script(FILE *out, const struct ptf_format *f, const struct op *ops, size_t n, const char *what)
{
	struct model m;
	model_init(&m, f, WINDOW_BASE, WINDOW_SIZE);
	fprintf(out, "# ptf-diff: %s, %s, shrunk to %zu operations; the last one diverges\n", f->name, what, n);
	fprintf(out, "format %s\nwindow 0x%" PRIx64 " 0x%" PRIx64 "\n", f->name, WINDOW_BASE, WINDOW_SIZE);
	for (size_t i = 0; i < n; i++) {
		const struct op *o = &ops[i];
		char perms[32];
		int rc = 0;
		if (o->fail_after >= 0)
			fprintf(out, "# (the run injected an allocation failure after %ld allocations here)\n", o->fail_after);
		switch (o->kind) {
		case OP_MAP_LINEAR:
		case OP_MAP_ALLOC:
		case OP_PROTECT:
			if (!perms_text(o->flags, perms, sizeof(perms))) {
				fprintf(out, "# %s with flags 0x%x, which a script cannot spell\n", op_names[o->kind], o->flags);
				if (o->kind == OP_PROTECT)
					model_protect(&m, o->gpa, o->size, o->flags);
				else if (o->overwrite)
					model_overwrite(&m, o->gpa, o->hpa, o->size, o->flags, o->kind == OP_MAP_LINEAR, o->populate);
				else
					model_map(&m, o->gpa, o->hpa, o->size, o->flags, o->kind == OP_MAP_LINEAR, o->populate);
				continue;
			}
			if (o->kind == OP_MAP_LINEAR) {
				fprintf(out, "map linear 0x%" PRIx64 " 0x%" PRIx64 " 0x%" PRIx64 " %s%s\n", o->gpa, o->hpa, o->size, perms,
				        o->overwrite ? " overwrite" : "");
				rc = o->overwrite ? model_overwrite(&m, o->gpa, o->hpa, o->size, o->flags, true, false)
				                  : model_map(&m, o->gpa, o->hpa, o->size, o->flags, true, false);
			} else if (o->kind == OP_MAP_ALLOC) {
				/* alloc areas take no memory type in scripts: drop it */
				perms[3] = '\0';
				fprintf(out, "map alloc 0x%" PRIx64 " 0x%" PRIx64 " %s %s%s\n", o->gpa, o->size, perms,
				        o->populate ? "populate" : o->huge ? "huge" : "lazy", o->overwrite ? " overwrite" : "");
				rc = o->overwrite ? model_overwrite(&m, o->gpa, 0, o->size, o->flags & PTF_PERMS_MASK, false, o->populate)
				                  : model_map(&m, o->gpa, 0, o->size, o->flags & PTF_PERMS_MASK, false, o->populate);
			} else {
				fprintf(out, "protect 0x%" PRIx64 " 0x%" PRIx64 " %s\n", o->gpa, o->size, perms);
				rc = model_protect(&m, o->gpa, o->size, o->flags);
			}
			break;
		case OP_UNMAP:
			fprintf(out, "unmap 0x%" PRIx64 " 0x%" PRIx64 "\n", o->gpa, o->size);
			rc = model_unmap(&m, o->gpa, o->size);
			break;
		case OP_FAULT:
			if (!o->flags || o->flags & ~7u) {
				fprintf(out, "# fault 0x%" PRIx64 " with access 0x%x, which a script cannot spell\n", o->gpa, o->flags);
				continue;
			}
			fprintf(out, "fault 0x%" PRIx64 " %s%s%s\n", o->gpa, o->flags & PTF_R ? "r" : "", o->flags & PTF_W ? "w" : "",
			        o->flags & PTF_X ? "x" : "");
			rc = model_fault(&m, o->gpa, o->flags);
			break;
		case OP_TRANSLATE: {
			uint64_t hpa;
			bool exact;
			rc = model_translate(&m, o->gpa, &hpa, &exact);
			if (!rc && exact)
				fprintf(out, "expect translate 0x%" PRIx64 " 0x%" PRIx64 "\n", o->gpa, hpa);
			else if (rc == PTF_ENOENT)
				fprintf(out, "expect unmapped 0x%" PRIx64 "\n", o->gpa);
			else
				fprintf(out, "translate 0x%" PRIx64 "\n", o->gpa);
			if (rc == PTF_ENOENT)
				rc = 0;
			break;
		}
		case OP_WRITE: {
			unsigned char buf[MAX_IO];
			fill(buf, o->size, o->data_seed);
			fprintf(out, "write 0x%" PRIx64 " ", o->gpa);
			print_hex(out, buf, o->size);
			fputc('\n', out);
			rc = model_write(&m, o->gpa, buf, o->size);
			break;
		}
		case OP_READ: {
			unsigned char buf[MAX_IO];
			rc = model_read(&m, o->gpa, buf, o->size);
			if (!rc) {
				fprintf(out, "expect read 0x%" PRIx64 " ", o->gpa);
				print_hex(out, buf, o->size);
				fputc('\n', out);
			} else {
				fprintf(out, "read 0x%" PRIx64 " %" PRIu64 "\n", o->gpa, o->size);
			}
			break;
		}
		case OP_POPULATE:
			fprintf(out, "populate 0x%" PRIx64 " 0x%" PRIx64 "\n", o->gpa, o->size);
			rc = model_populate(&m, o->gpa, o->size);
			break;
		case OP_COLLAPSE:
			/* which pages it makes young depends on the runtime's leaves: unchecked */
			fprintf(out, "collapse 0x%" PRIx64 " 0x%" PRIx64 "\n", o->gpa, o->size);
			rc = model_check_collapse(&m, o->gpa, o->size);
			break;
		case OP_GUEST_WRITE:
			/* the MMU's part: no script command plays it */
			rc = model_guest_write(&m, o->gpa);
			fprintf(out, "# the guest writes 0x%" PRIx64 " through the MMU: %s\n", o->gpa,
			        rc ? "it faults" : "the leaf is dirty now");
			rc = 0;
			break;
		case OP_BUFFER:
			fprintf(out, "buffer 0x%" PRIx64 " 0x%" PRIx64 "\n", o->gpa, o->size);
			rc = model_buffer(&m, o->gpa, o->size);
			break;
		case OP_AGE:
			/* which pages read used depends on the runtime's leaves, which the script
			 * cannot know ahead: the age runs, unchecked */
			fprintf(out, "age 0x%" PRIx64 " 0x%" PRIx64 "\n", o->gpa, o->size);
			rc = o->size / 4096 > 64 * DIRTY_WORDS ? PTF_ESIZE
			   : model_age(&m, o->gpa, o->size, dirty_want, granule_leaves, &m);
			break;
		case OP_DIRTY_START:
			fprintf(out, "dirty-log start 0x%" PRIx64 " 0x%" PRIx64 "\n", o->gpa, o->size);
			rc = model_dirty_log_start(&m, o->gpa, o->size);
			break;
		case OP_DIRTY_STOP:
			fprintf(out, "dirty-log stop 0x%" PRIx64 " 0x%" PRIx64 "\n", o->gpa, o->size);
			rc = model_dirty_log_stop(&m, o->gpa, o->size);
			break;
		case OP_DIRTY_GET: {
			/* the model's count first, as an expectation, then the get itself */
			rc = model_check_dirty_log_get(&m, o->gpa, o->size);
			if (!rc && o->size / 4096 <= 64 * DIRTY_WORDS) {
				model_dirty_log_get(&m, o->gpa, o->size, dirty_want, false);
				uint64_t n = 0;
				for (uint64_t w = 0; w < (o->size / 4096 + 63) / 64; w++)
					n += (uint64_t)__builtin_popcountll(dirty_want[w]);
				fprintf(out, "expect dirty 0x%" PRIx64 " 0x%" PRIx64 " %" PRIu64 "\n", o->gpa, o->size, n);
				rc = model_dirty_log_get(&m, o->gpa, o->size, dirty_want, o->clear);
			}
			fprintf(out, "dirty-log get 0x%" PRIx64 " 0x%" PRIx64 "%s\n", o->gpa, o->size, o->clear ? " clear" : "");
			break;
		}
		case OP_CLEAR:
			fprintf(out, "clear\n");
			model_clear(&m);
			break;
		case OP_KINDS:
			break;
		}
		fprintf(out, rc ? "expect error %s\n" : "expect ok\n", ptf_error_name(rc));
	}
	/* the pages the run compared after the last operation */
	const struct op *o = &ops[n - 1];
	uint64_t start = o->gpa & ~(PAGE - 1), size = o->size ? (o->size + PAGE - 1) & ~(PAGE - 1) : PAGE;
	uint64_t probes[] = { start - PAGE, start, start + size / 2, start + size - PAGE, start + size };
	fprintf(out, "# what the model says of the pages around it\n");
	for (size_t i = 0; i < sizeof(probes) / sizeof(probes[0]); i++) {
		uint64_t g = probes[i] & ~(PAGE - 1), hpa;
		bool exact;
		if (g < WINDOW_BASE || g >= WINDOW_BASE + WINDOW_SIZE)
			continue;
		int rc = model_translate(&m, g, &hpa, &exact);
		if (rc == PTF_ENOENT)
			fprintf(out, "expect unmapped 0x%" PRIx64 "\n", g);
		else if (!rc && exact)
			fprintf(out, "expect translate 0x%" PRIx64 " 0x%" PRIx64 "\n", g, hpa);
	}
	model_free(&m);
}
