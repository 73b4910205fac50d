/* script_runner.c: executes a parsed scenario script through the public runtime API
 * only. Each `format` (or `window`) line starts a new address space on a hosted HAL whose
 * arena is the script's host memory (`arena SIZE`, ptf run --arena). A failing command
 * stops the script unless the next command expects an error; a failed expectation is
 * reported and the script goes on. Messages name the command and the argument at fault
 * (script_explain.c), at most SCRIPT_MAX_MESSAGES of them. */
#include "script.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <ptforge/ptforge.h>

#include "size_name.h"

/* populated memory and huge areas take frames of up to 2 MiB (or the granule's next
 * size up): as a hypervisor's HAL would give them (hal.h, data_frame_max) */
#define SCRIPT_DATA_FRAME_MAX ((uint64_t)32 << 20)

struct runner {
	const struct script *s;
	FILE *out;
	struct script_messages msg;
	uint64_t arena;     /* bytes, for the next address space */
	const struct ptf_format *fmt;
	struct ptf_host_hal *host;
	struct ptf_aspace *as;
	uint64_t arena_now; /* the current address space's */
	const struct script_command *last; /* the last command that can fail */
	int last_rc;        /* its result */
	int failures;
};

static void close_space(struct runner *r)
{
	ptf_aspace_destroy(r->as);
	ptf_host_hal_destroy(r->host);
	r->as = NULL;
	r->host = NULL;
}

static int open_space(struct runner *r, const struct ptf_format *fmt, uint64_t base, uint64_t size)
{
	struct ptf_host_hal *host = ptf_host_hal_create_for(fmt, (size_t)r->arena);
	if (!host)
		return PTF_ENOMEM;
	/* every frame must be one the format can point at */
	uint64_t top = ptf_host_hal_arena_base(host) + r->arena;
	if (fmt->output_bits < 64 && top > (uint64_t)1 << fmt->output_bits) {
		ptf_host_hal_destroy(host);
		return PTF_EOUTPUT;
	}
	ptf_host_hal_set_data_frame_max(host, SCRIPT_DATA_FRAME_MAX);
	struct ptf_aspace *as;
	int rc = ptf_aspace_create(&as, fmt, base, size, ptf_host_hal_get(host));
	if (rc) {
		ptf_host_hal_destroy(host);
		return rc;
	}
	close_space(r);
	r->fmt = fmt;
	r->host = host;
	r->as = as;
	r->arena_now = r->arena;
	return PTF_OK;
}

/* One message about c: "FILE:LINE:COL: COMMAND: " then the text; a command built from a
 * command line (line 0) is the command line's, and its name is left out. */
static void report(struct runner *r, const struct script_command *c, unsigned col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void report(struct runner *r, const struct script_command *c, unsigned col, const char *fmt, ...)
{
	r->failures++;
	if (!script_message_begin(&r->msg, c->line, col))
		return;
	if (c->line)
		fprintf(r->msg.err, "%s: ", script_op_name(c->op));
	va_list ap;
	va_start(ap, fmt);
	vfprintf(r->msg.err, fmt, ap);
	va_end(ap);
	fputc('\n', r->msg.err);
}

/* c failed with rc: why, in the script's terms; the column of the argument at fault */
static unsigned explain(const struct runner *r, const struct script_command *c, int rc, char *buf, size_t len)
{
	struct script_context x = { .fmt = c->op == OP_FORMAT ? c->fmt : r->fmt };
	if (r->as && c->op != OP_FORMAT && c->op != OP_WINDOW) {
		ptf_aspace_window(r->as, &x.base, &x.size);
		x.arena = r->arena_now;
		x.arena_used = (uint64_t)ptf_host_hal_frames_in_use(r->host) * PTF_FRAME_SIZE;
	} else {
		x.arena = r->arena;
		if (x.fmt) {
			x.base = x.fmt->input_base;
			x.size = (uint64_t)1 << x.fmt->input_bits;
		}
	}
	return script_explain(c, rc, &x, buf, len);
}

/* "ok", or "error EEXIST (already mapped)": one wording for every report */
static const char *rc_text(int rc, char *buf, size_t len)
{
	if (!rc)
		return "ok";
	snprintf(buf, len, "error %s (%s)", ptf_error_name(rc) ? ptf_error_name(rc) : "?", ptf_strerror(rc));
	return buf;
}

static void hex_out(FILE *f, const unsigned char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%02x", b[i]);
}

/* Bytes as hex in a message, cut to what buf holds (then "..."). */
static const char *hex_text(const unsigned char *b, size_t n, char *buf, size_t len)
{
	size_t out = 0;
	for (size_t i = 0; i < n; i++) {
		if (out + 2 + 4 > len) {
			memcpy(buf + out, "...", 4);
			return buf;
		}
		snprintf(buf + out, 3, "%02x", b[i]);
		out += 2;
	}
	buf[out] = '\0';
	return buf;
}

/* ---- walks ---- */

struct walk_print {
	FILE *out;
	const char *indent;
};

static const char *kind_text(const struct ptf_visit *v, char *buf, size_t len)
{
	if (v->info.kind == PTF_ENTRY_TABLE)
		return "table";
	if (v->info.kind == PTF_ENTRY_INVALID)
		return "invalid";
	char sz[24];
	snprintf(buf, len, "leaf %s", size_name(v->info.size, sz, sizeof(sz)));
	return buf;
}

static int print_path_step(const struct ptf_visit *v, unsigned visit, void *arg)
{
	struct walk_print *w = arg;
	char kind[32];
	(void)visit;
	fprintf(w->out, "  depth %u index %u entry 0x%016" PRIx64 " %s\n", v->depth, v->index, v->entry,
	        kind_text(v, kind, sizeof(kind)));
	return 0;
}

static int print_dump_entry(const struct ptf_visit *v, unsigned visit, void *arg)
{
	struct walk_print *w = arg;
	char kind[32];
	(void)visit;
	fprintf(w->out, "%*s0x%016" PRIx64 " depth %u index %u entry 0x%016" PRIx64 " %s\n", 2 * (int)v->depth + 2, "",
	        v->va, v->depth, v->index, v->entry, kind_text(v, kind, sizeof(kind)));
	return 0;
}

struct entry_at_depth {
	unsigned depth;
	bool found;
	uint64_t entry;
	unsigned deepest;
};

static int find_depth(const struct ptf_visit *v, unsigned visit, void *arg)
{
	struct entry_at_depth *e = arg;
	(void)visit;
	e->deepest = v->depth;
	if (v->depth == e->depth) {
		e->found = true;
		e->entry = v->entry;
	}
	return 0;
}

static const unsigned PATH_VISIT = PTF_VISIT_LEAF | PTF_VISIT_TABLE_PRE | PTF_VISIT_INVALID;

/* ---- commands ---- */

/* The bitmap of [gpa, gpa + size) (the parser bounds size), one bit per 4 KiB page, that
 * ptf_aspace_dirty_log_get (age false) or ptf_aspace_age (age true) writes: *n pages set;
 * with print, a line with the count, then the runs (the first 16). */
static int page_bits(struct runner *r, bool age, uint64_t gpa, uint64_t size, bool clear, uint64_t *n, bool print)
{
	uint64_t bits = size / 4096;
	uint64_t *map = calloc((size_t)((bits + 63) / 64 + 1), sizeof(uint64_t));
	if (!map)
		return PTF_ENOMEM;
	int rc = age ? ptf_aspace_age(r->as, gpa, size, map) : ptf_aspace_dirty_log_get(r->as, gpa, size, map, clear);
	*n = 0;
	for (uint64_t w = 0; !rc && w < (bits + 63) / 64; w++)
		*n += (uint64_t)__builtin_popcountll(map[w]);
	if (!rc && print) {
		fprintf(r->out, "%s 0x%" PRIx64 " 0x%" PRIx64 "%s: %" PRIu64 " page%s\n", age ? "age" : "dirty-log get", gpa,
		        size, clear ? " clear" : "", *n, *n == 1 ? "" : "s");
		unsigned runs = 0;
		for (uint64_t i = 0; i < bits && runs < 16;) {
			if (!(map[i / 64] >> (i % 64) & 1)) {
				i++;
				continue;
			}
			uint64_t run = i;
			while (i < bits && map[i / 64] >> (i % 64) & 1)
				i++;
			fprintf(r->out, "  0x%" PRIx64 " +0x%" PRIx64 "\n", gpa + run * 4096, (i - run) * 4096);
			runs++;
		}
	}
	free(map);
	return rc;
}

static int run_command(struct runner *r, const struct script_command *c)
{
	const struct ptf_format *f = r->fmt;
	const struct ptf_hal *hal = r->host ? ptf_host_hal_get(r->host) : NULL;
	char a[512], b[512], sz[24];
	switch (c->op) {
	case OP_ARENA:
		r->arena = c->size;
		return PTF_OK;
	case OP_FORMAT:
		/* the whole input range (a sign-extended format's from its upper half, through 0) */
		return open_space(r, c->fmt, c->fmt->input_base, (uint64_t)1 << c->fmt->input_bits);
	case OP_WINDOW:
		return open_space(r, f, c->gpa, c->size);
	case OP_MAP_LINEAR:
		return c->overwrite ? ptf_aspace_map_linear_overwrite(r->as, c->gpa, c->hpa, c->size, c->flags)
		                    : ptf_aspace_map_linear(r->as, c->gpa, c->hpa, c->size, c->flags);
	case OP_MAP_ALLOC:
		return c->huge_faults ? ptf_aspace_map_alloc_huge(r->as, c->gpa, c->size, c->flags)
		       : c->overwrite ? ptf_aspace_map_alloc_overwrite(r->as, c->gpa, c->size, c->flags, c->populate)
		                      : ptf_aspace_map_alloc(r->as, c->gpa, c->size, c->flags, c->populate);
	case OP_UNMAP:
		return ptf_aspace_unmap(r->as, c->gpa, c->size);
	case OP_PROTECT:
		return ptf_aspace_protect(r->as, c->gpa, c->size, c->flags);
	case OP_CLEAR:
		ptf_aspace_clear(r->as);
		return PTF_OK;
	case OP_FAULT:
		return ptf_aspace_handle_fault(r->as, c->gpa, c->flags);
	case OP_TRANSLATE: {
		uint64_t hpa, limit;
		int rc = ptf_aspace_translate(r->as, c->gpa, &hpa, &limit);
		if (rc)
			fprintf(r->out, "translate 0x%" PRIx64 " -> %s\n", c->gpa, ptf_error_name(rc));
		else
			fprintf(r->out, "translate 0x%" PRIx64 " -> 0x%" PRIx64 " contiguous 0x%" PRIx64 "\n", c->gpa, hpa, limit);
		return rc;
	}
	case OP_WALK: {
		struct walk_print w = { r->out, "" };
		if (ptf_format_input_offset(f, c->gpa) >> f->input_bits) {
			fprintf(r->out, "walk 0x%" PRIx64 " -> ERANGE\n", c->gpa);
			return PTF_OK;
		}
		fprintf(r->out, "walk 0x%" PRIx64 "\n", c->gpa);
		f->walk(hal, ptf_aspace_root(r->as), c->gpa, 1, PATH_VISIT, print_path_step, &w);
		return PTF_OK;
	}
	case OP_DUMP: {
		struct walk_print w = { r->out, "" };
		uint64_t base, size;
		ptf_aspace_window(r->as, &base, &size);
		fprintf(r->out, "dump %s\n", f->name);
		f->walk(hal, ptf_aspace_root(r->as), base, size, PTF_VISIT_LEAF | PTF_VISIT_TABLE_PRE, print_dump_entry, &w);
		return PTF_OK;
	}
	case OP_STATS: {
		struct ptf_aspace_stats st;
		ptf_aspace_stats(r->as, &st);
		fprintf(r->out, "stats areas %zu tables %zu owned %zu frames %zu leaves", st.areas, st.tables,
		        st.frames_owned, st.frames_in_use);
		for (unsigned i = 0; i < f->n_page_sizes; i++)
			fprintf(r->out, " %s:%zu", size_name(f->page_sizes[i], sz, sizeof(sz)), st.leaves[i]);
		fputc('\n', r->out);
		return PTF_OK;
	}
	case OP_WRITE:
		return ptf_aspace_write(r->as, c->gpa, c->bytes, c->nbytes);
	case OP_READ: {
		unsigned char *buf = malloc(c->size ? c->size : 1);
		int rc = buf ? ptf_aspace_read(r->as, c->gpa, buf, c->size) : PTF_ENOMEM;
		if (!rc) {
			fprintf(r->out, "read 0x%" PRIx64 " ", c->gpa);
			hex_out(r->out, buf, c->size);
			fputc('\n', r->out);
		}
		free(buf);
		return rc;
	}
	case OP_POPULATE:
		return ptf_aspace_populate(r->as, c->gpa, c->size);
	case OP_COLLAPSE:
		return ptf_aspace_collapse(r->as, c->gpa, c->size);
	case OP_DIRTY_START:
		return ptf_aspace_dirty_log_start(r->as, c->gpa, c->size);
	case OP_DIRTY_STOP:
		return ptf_aspace_dirty_log_stop(r->as, c->gpa, c->size);
	case OP_DIRTY_GET: {
		uint64_t n;
		return page_bits(r, false, c->gpa, c->size, c->clear, &n, true);
	}
	case OP_AGE: {
		uint64_t n;
		return page_bits(r, true, c->gpa, c->size, false, &n, true);
	}
	case OP_VMID:
		return ptf_aspace_set_vmid(r->as, c->value);
	case OP_BUFFER: {
		/* the host pieces; more than this many are counted, not listed */
		struct ptf_hbuf pieces[16];
		size_t n = 0;
		int rc = ptf_aspace_translate_buffer(r->as, c->gpa, (size_t)c->size, pieces, 16, &n);
		if (rc && rc != PTF_ESPACE)
			return rc;
		fprintf(r->out, "buffer 0x%" PRIx64 " 0x%" PRIx64 ": %zu piece%s\n", c->gpa, c->size, n, n == 1 ? "" : "s");
		for (size_t i = 0; i < n && i < 16; i++)
			fprintf(r->out, "  hpa 0x%" PRIx64 " len 0x%zx\n", pieces[i].hpa, pieces[i].len);
		if (n > 16)
			fprintf(r->out, "  (%zu more)\n", n - 16);
		return PTF_OK;
	}
	case OP_EXPECT_OK:
		if (r->last_rc) {
			explain(r, r->last, r->last_rc, a, sizeof(a));
			report(r, c, c->at.command, "line %u's %s failed: %s", r->last->line, script_op_name(r->last->op), a);
		}
		return PTF_OK;
	case OP_EXPECT_ERROR: {
		const char *want = c->error ? ptf_error_name(c->error) : "";
		if (!r->last) {
			report(r, c, c->at.command, "expected error%s%s, but no command ran before it", *want ? " " : "", want);
		} else if (!r->last_rc) {
			report(r, c, c->at.command, "expected error%s%s, but line %u's %s succeeded", *want ? " " : "", want,
			       r->last->line, script_op_name(r->last->op));
		} else if (c->error && c->error != r->last_rc) {
			explain(r, r->last, r->last_rc, a, sizeof(a));
			report(r, c, c->at.value ? c->at.value : c->at.command, "expected error %s, but line %u's %s failed: %s",
			       want, r->last->line, script_op_name(r->last->op), a);
		}
		return PTF_OK;
	}
	case OP_EXPECT_TRANSLATE: {
		uint64_t hpa;
		int rc = ptf_aspace_translate(r->as, c->gpa, &hpa, NULL);
		if (rc)
			report(r, c, c->at.gpa, "expected 0x%" PRIx64 " -> 0x%" PRIx64 ", got %s", c->gpa, c->hpa,
			       rc_text(rc, a, sizeof(a)));
		else if (hpa != c->hpa)
			report(r, c, c->at.hpa, "expected 0x%" PRIx64 " -> 0x%" PRIx64 ", got 0x%" PRIx64, c->gpa, c->hpa, hpa);
		return PTF_OK;
	}
	case OP_EXPECT_UNMAPPED: {
		uint64_t hpa;
		int rc = ptf_aspace_translate(r->as, c->gpa, &hpa, NULL);
		if (!rc)
			report(r, c, c->at.gpa, "expected 0x%" PRIx64 " unmapped, got 0x%" PRIx64 " -> 0x%" PRIx64, c->gpa, c->gpa,
			       hpa);
		return PTF_OK;
	}
	case OP_EXPECT_LEAF: {
		uint64_t page_size;
		int rc = f->query(hal, ptf_aspace_root(r->as), c->gpa, NULL, NULL, &page_size);
		if (rc)
			report(r, c, c->at.gpa, "expected a %s leaf at 0x%" PRIx64 ", got %s", size_name(c->size, a, sizeof(a)),
			       c->gpa, rc_text(rc, b, sizeof(b)));
		else if (page_size != c->size)
			report(r, c, c->at.size, "expected a %s leaf at 0x%" PRIx64 ", got a %s leaf",
			       size_name(c->size, a, sizeof(a)), c->gpa, size_name(page_size, b, sizeof(b)));
		return PTF_OK;
	}
	case OP_EXPECT_ENTRY: {
		struct entry_at_depth e = { .depth = c->depth };
		f->walk(hal, ptf_aspace_root(r->as), c->gpa, 1, PATH_VISIT, find_depth, &e);
		if (!e.found)
			report(r, c, c->at.command,
			       "expected entry 0x%016" PRIx64 " at depth %u, got no entry (the walk ends at depth %u)", c->value,
			       c->depth, e.deepest);
		else if (e.entry != c->value)
			report(r, c, c->at.value, "expected entry 0x%016" PRIx64 " at depth %u, got 0x%016" PRIx64, c->value,
			       c->depth, e.entry);
		return PTF_OK;
	}
	case OP_EXPECT_DIRTY:
	case OP_EXPECT_ACCESSED: {
		/* expect accessed ages the range, as age does */
		bool age = c->op == OP_EXPECT_ACCESSED;
		const char *what = age ? "accessed" : "dirty";
		uint64_t n;
		int rc = page_bits(r, age, c->gpa, c->size, false, &n, false);
		if (rc)
			report(r, c, explain(r, c, rc, b, sizeof(b)), "expected %" PRIu64 " %s pages, got %s: %s", c->value, what,
			       rc_text(rc, a, sizeof(a)), b);
		else if (n != c->value)
			report(r, c, c->at.value, "expected %" PRIu64 " %s pages in [0x%" PRIx64 ", 0x%" PRIx64 "), got %" PRIu64,
			       c->value, what, c->gpa, c->gpa + c->size, n);
		return PTF_OK;
	}
	case OP_EXPECT_FRAMES: {
		struct ptf_aspace_stats st;
		ptf_aspace_stats(r->as, &st);
		if (st.frames_in_use != c->value)
			report(r, c, c->at.value, "expected %" PRIu64 " frames, got %zu", c->value, st.frames_in_use);
		return PTF_OK;
	}
	case OP_EXPECT_READ: {
		unsigned char *buf = malloc(c->nbytes);
		int rc = buf ? ptf_aspace_read(r->as, c->gpa, buf, c->nbytes) : PTF_ENOMEM;
		if (rc) {
			report(r, c, c->at.gpa, "expected 0x%" PRIx64 " to read as the bytes given, got %s", c->gpa,
			       rc_text(rc, a, sizeof(a)));
		} else if (memcmp(buf, c->bytes, c->nbytes)) {
			char want[2 * 32 + 4], got[2 * 32 + 4];
			report(r, c, c->at.value, "expected 0x%" PRIx64 " to read %s, got %s", c->gpa,
			       hex_text(c->bytes, c->nbytes, want, sizeof(want)), hex_text(buf, c->nbytes, got, sizeof(got)));
		}
		free(buf);
		return PTF_OK;
	}
	}
	return PTF_OK;
}

/* Commands whose result `expect ok` / `expect error` look at. */
static bool can_fail(enum script_op op)
{
	return op < OP_EXPECT_TRANSLATE && op != OP_WALK && op != OP_DUMP && op != OP_STATS && op != OP_CLEAR &&
	       op != OP_VMID && op != OP_ARENA;
}

int script_run(const struct script *s, const struct script_run_options *o, FILE *out, FILE *err)
{
	struct runner r = {
		.s = s,
		.out = out,
		.msg = { .err = err, .file = s->file },
		.arena = o && o->arena ? o->arena : SCRIPT_ARENA_DEFAULT,
	};
	unsigned flags = o ? o->flags : 0;
	for (size_t i = 0; i < s->n; i++) {
		const struct script_command *c = &s->cmds[i];
		if (flags & SCRIPT_ECHO)
			fprintf(out, "> %s\n", c->text);
		int rc = run_command(&r, c);
		if (!can_fail(c->op))
			continue;
		r.last = c;
		r.last_rc = rc;
		bool checked = i + 1 < s->n && (s->cmds[i + 1].op == OP_EXPECT_ERROR || s->cmds[i + 1].op == OP_EXPECT_OK);
		if (rc && !checked) {
			char why[512];
			unsigned col = explain(&r, c, rc, why, sizeof(why));
			report(&r, c, col, "%s", why);
			break;
		}
	}
	close_space(&r);
	script_messages_end(&r.msg, r.msg.more == 1 ? "failure" : "failures");
	return r.failures ? 1 : 0;
}
