/* script_explain.c: a failed command in the script's own terms. The runtime returns a
 * code (ptforge/errors.h); the user wrote arguments. This names the argument at fault,
 * its value and what is wrong with it, so that a message points at a column:
 *   map linear: size 0x1001 is not a multiple of 4 KiB (EALIGN)
 * It re-derives the cause from the arguments and the address space's shape by the rules
 * the runtime applies (aspace.h); where no one argument is the cause, it says the code's
 * meaning at the command's column. */
#define _POSIX_C_SOURCE 200809L
#include "script.h"

#include <inttypes.h>
#include <stdarg.h>
#include <string.h>

#include <ptforge/ptforge.h>

#include "size_name.h"

struct explanation {
	char *buf;
	size_t len;
	unsigned col;
};

static unsigned say(struct explanation *e, unsigned col, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static unsigned say(struct explanation *e, unsigned col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(e->buf, e->len, fmt, ap);
	va_end(ap);
	return e->col = col;
}

/* A script says "size"; a command line's usage line (ptf walk ... SIZE) names it so. */
static const char *size_word(const struct script_command *c)
{
	return c->line ? "size" : "SIZE";
}

/* Which arguments a command has. */
static bool has_hpa(enum script_op op)
{
	return op == OP_MAP_LINEAR;
}

static bool has_range(enum script_op op)
{
	switch (op) {
	case OP_WINDOW: case OP_MAP_LINEAR: case OP_MAP_ALLOC: case OP_UNMAP: case OP_PROTECT: case OP_POPULATE:
	case OP_COLLAPSE: case OP_DIRTY_START: case OP_DIRTY_STOP: case OP_DIRTY_GET: case OP_AGE:
		return true;
	default:
		return false;
	}
}

/* The first of GPA, HPA, size that is not a multiple of the granule. */
static bool misaligned(struct explanation *e, const struct script_command *c, uint64_t granule)
{
	char g[24];
	size_name_words(granule, g, sizeof(g));
	const char *gpa_name = c->op == OP_WINDOW ? "base" : "GPA";
	if (c->gpa % granule)
		return say(e, c->at.gpa, "%s 0x%" PRIx64 " is not a multiple of %s", gpa_name, c->gpa, g), true;
	if (has_hpa(c->op) && c->hpa % granule)
		return say(e, c->at.hpa, "HPA 0x%" PRIx64 " is not a multiple of %s", c->hpa, g), true;
	if (c->size % granule)
		return say(e, c->at.size, "%s 0x%" PRIx64 " is not a multiple of %s", size_word(c), c->size, g), true;
	return false;
}

/* The bytes from GPA the command covers (0: one address), the column that says so, and
 * how to say them ("size 0x2000", "length 0x10", "4 bytes"). */
static uint64_t length_of(const struct script_command *c, unsigned *col, char *words, size_t len)
{
	*col = c->at.size;
	if (has_range(c->op) || c->op == OP_READ || c->op == OP_BUFFER) {
		snprintf(words, len, "%s 0x%" PRIx64, has_range(c->op) ? size_word(c) : "length", c->size);
		return c->size;
	}
	if (c->op == OP_WRITE) {
		*col = c->at.value;
		snprintf(words, len, "%zu byte%s", c->nbytes, c->nbytes == 1 ? "" : "s");
		return c->nbytes;
	}
	return 0;
}

static void range_outside(struct explanation *e, const struct script_command *c, const struct script_context *x)
{
	uint64_t last = x->base + (x->size - 1); /* the window may end at 2^64 */
	bool gpa_inside = c->gpa >= x->base && c->gpa <= last;
	char words[48];
	unsigned col;
	uint64_t length = length_of(c, &col, words, sizeof(words));
	if (c->op == OP_WINDOW) {
		say(e, c->at.gpa, "[0x%" PRIx64 ", 0x%" PRIx64 ") is not inside %s's input range", c->gpa, c->gpa + c->size,
		    x->fmt->name);
	} else if (!gpa_inside || !length) {
		say(e, c->at.gpa, "GPA 0x%" PRIx64 " is outside the address space 0x%" PRIx64 "..0x%" PRIx64, c->gpa,
		    x->base, last);
	} else {
		say(e, col, "GPA 0x%" PRIx64 " + %s ends beyond the address space's last byte 0x%" PRIx64, c->gpa, words,
		    last);
	}
}

static const char *access_text(unsigned flags, char *buf)
{
	size_t n = 0;
	if (flags & PTF_R)
		buf[n++] = 'r';
	if (flags & PTF_W)
		buf[n++] = 'w';
	if (flags & PTF_X)
		buf[n++] = 'x';
	buf[n] = '\0';
	return buf;
}

static const char *perms_text(unsigned flags, char *buf, size_t len)
{
	snprintf(buf, len, "%c%c%c%s%s%s", flags & PTF_R ? 'r' : '-', flags & PTF_W ? 'w' : '-', flags & PTF_X ? 'x' : '-',
	         flags & PTF_U ? "u" : "", flags & PTF_DEVICE ? " device" : "", flags & PTF_UNCACHED ? " uncached" : "");
	return buf;
}

static void explain(struct explanation *e, const struct script_command *c, int rc, const struct script_context *x)
{
	const struct ptf_format *f = x->fmt;
	char a[64], b[64];
	uint64_t granule = f ? ptf_format_granule(f) : 4096;
	switch (rc) {
	case PTF_EALIGN:
		if (!misaligned(e, c, granule))
			say(e, c->at.command, "%s", ptf_strerror(rc));
		return;
	case PTF_ESIZE:
		say(e, c->at.size, "%s is 0", size_word(c));
		return;
	case PTF_EWRAP:
		say(e, c->at.size, "GPA 0x%" PRIx64 " + %s 0x%" PRIx64 " wraps past the top of the address space", c->gpa,
		    size_word(c), c->size);
		return;
	case PTF_ERANGE:
		if (f) {
			range_outside(e, c, x);
			return;
		}
		break;
	case PTF_EOUTPUT:
		if (f && (c->op == OP_FORMAT || c->op == OP_WINDOW) && x->arena) {
			say(e, c->at.command, "the script's %s arena reaches beyond %s's %u-bit output range",
			    size_name_words(x->arena, a, sizeof(a)), f->name, f->output_bits);
			return;
		}
		if (f && has_hpa(c->op)) {
			say(e, c->at.hpa, "HPA 0x%" PRIx64 " + %s 0x%" PRIx64 " ends beyond %s's %u-bit output range", c->hpa,
			    size_word(c), c->size, f->name, f->output_bits);
			return;
		}
		break;
	case PTF_EFLAGS:
		if (c->op == OP_MAP_LINEAR || c->op == OP_MAP_ALLOC || c->op == OP_PROTECT) {
			say(e, c->at.flags, "%s cannot express %s", f->name, perms_text(c->flags, a, sizeof(a)));
			return;
		}
		break;
	case PTF_EEXIST:
		if (c->op == OP_MAP_LINEAR || c->op == OP_MAP_ALLOC) {
			say(e, c->at.gpa, "[0x%" PRIx64 ", 0x%" PRIx64 ") overlaps an area already mapped", c->gpa,
			    c->gpa + c->size);
			return;
		}
		if (c->op == OP_DIRTY_START) {
			say(e, c->at.gpa, "part of [0x%" PRIx64 ", 0x%" PRIx64 ") is logged already", c->gpa, c->gpa + c->size);
			return;
		}
		break;
	case PTF_ENOENT:
		if (c->op == OP_TRANSLATE) {
			say(e, c->at.gpa, "GPA 0x%" PRIx64 " is not mapped", c->gpa);
			return;
		}
		if (c->op == OP_READ || c->op == OP_WRITE || c->op == OP_BUFFER) {
			uint64_t len = c->op == OP_WRITE ? c->nbytes : c->size;
			say(e, c->at.gpa, "a byte of [0x%" PRIx64 ", 0x%" PRIx64 ") is not mapped", c->gpa, c->gpa + len);
			return;
		}
		break;
	case PTF_ENOAREA:
		if (c->op == OP_FAULT || !has_range(c->op))
			say(e, c->at.gpa, "no area covers GPA 0x%" PRIx64, c->gpa);
		else
			say(e, c->at.gpa, "no area in [0x%" PRIx64 ", 0x%" PRIx64 ")", c->gpa, c->gpa + c->size);
		return;
	case PTF_EACCESS:
		if (c->op == OP_FAULT) {
			say(e, c->at.flags, "the area at GPA 0x%" PRIx64 " does not allow access %s", c->gpa,
			    access_text(c->flags, a));
			return;
		}
		break;
	case PTF_ENOMEM:
		if (x->arena) {
			size_name_words(x->arena, a, sizeof(a));
			size_name_words(x->arena - x->arena_used, b, sizeof(b));
			say(e, c->at.command, "out of host memory: %s of the script's %s arena was free; an 'arena SIZE' line or"
			    " --arena gives more", b, a);
			return;
		}
		break;
	case PTF_ENOTSUP:
		if (c->op == OP_AGE) {
			say(e, c->at.command, "%s tracks no access", f->name);
			return;
		}
		break;
	default:
		break;
	}
	say(e, c->at.command, "%s", ptf_strerror(rc));
}

unsigned script_explain(const struct script_command *c, int rc, const struct script_context *ctx, char *buf, size_t len)
{
	struct explanation e = { buf, len, c->at.command };
	explain(&e, c, rc, ctx);
	size_t used = strlen(buf);
	snprintf(buf + used, len - used, " (%s)", ptf_error_name(rc) ? ptf_error_name(rc) : "?");
	return e.col;
}
