/* walker_fixture.h: a format's tree on a hosted HAL, and snapshots of it, shared by
 * the walker suites. Every suite runs for every built format (parameterised tests). */
#ifndef WALKER_FIXTURE_H
#define WALKER_FIXTURE_H

#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <ptforge/ptforge.h>
#include "format_geometry.h"
#include <stdlib.h>
#include <string.h>


struct tree {
	const struct ptf_format *fmt;
	struct ptf_host_hal *host;
	const struct ptf_hal *hal;
	uint64_t root;
	size_t baseline; /* tables in use with just the root */
};

static inline struct tree tree_new(const struct ptf_format *fmt)
{
	struct tree t = { .fmt = fmt };
	geo_current = fmt;
	t.host = ptf_host_hal_create((size_t)512 << 20);
	cr_assert_not_null(t.host);
	t.hal = ptf_host_hal_get(t.host);
	cr_assert_eq(fmt->root_alloc(t.hal, &t.root), PTF_OK);
	t.baseline = ptf_host_hal_frames_in_use(t.host) / geo_frames_per_page(fmt);
	cr_assert_eq(t.baseline, fmt->root_tables, "%s: the root is %u tables", fmt->name, fmt->root_tables);
	return t;
}

static inline void tree_free(struct tree *t)
{
	t->fmt->destroy(t->hal, t->root);
	cr_expect_eq(ptf_host_hal_frames_in_use(t->host), 0, "destroy left %zu frames", ptf_host_hal_frames_in_use(t->host));
	ptf_host_hal_destroy(t->host);
}

/* Tables and pages the tree holds, in the format's granules */
static inline size_t frames(const struct tree *t)
{
	return ptf_host_hal_frames_in_use(t->host) / geo_frames_per_page(t->fmt);
}

/* Every valid entry of the tree, in walk order. */
struct snapshot {
	size_t n, cap;
	struct { unsigned depth; uint64_t va, entry; } *e;
};

static inline int snap_visit(const struct ptf_visit *v, unsigned visit, void *arg)
{
	struct snapshot *s = arg;
	(void)visit;
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 256;
		s->e = realloc(s->e, s->cap * sizeof(*s->e));
	}
	s->e[s->n].depth = v->depth;
	s->e[s->n].va = v->va;
	s->e[s->n].entry = v->entry;
	s->n++;
	return 0;
}

static inline struct snapshot snapshot(const struct tree *t)
{
	struct snapshot s = { 0 };
	cr_assert_eq(geo_walk_all(t->fmt, t->hal, t->root, PTF_VISIT_LEAF | PTF_VISIT_TABLE_PRE, snap_visit, &s), 0);
	return s;
}

static inline void assert_same_snapshot(struct snapshot *a, struct snapshot *b, const char *what)
{
	cr_assert_eq(a->n, b->n, "%s: %zu entries before, %zu after", what, a->n, b->n);
	for (size_t i = 0; i < a->n; i++)
		cr_assert(a->e[i].depth == b->e[i].depth && a->e[i].va == b->e[i].va && a->e[i].entry == b->e[i].entry,
		          "%s: entry %zu differs (depth %u va %#llx: %#llx vs %#llx)", what, i, a->e[i].depth,
		          (unsigned long long)a->e[i].va, (unsigned long long)a->e[i].entry, (unsigned long long)b->e[i].entry);
	free(a->e);
	free(b->e);
}

/* One flags value each format accepts for ordinary RW memory. */
#define RW (PTF_R | PTF_W)

static inline uint64_t largest_page(const struct ptf_format *f) { return f->page_sizes[f->n_page_sizes - 1]; }

/* Parameter list: the index of every built format in ptf_formats. Criterion copies
 * parameters into a fresh process image, so they must be plain values, not pointers. */
#define MAX_FORMATS 64
#define FORMAT_PARAMS(suite, test) \
	ParameterizedTestParameters(suite, test) \
	{ \
		static unsigned indices[MAX_FORMATS]; \
		size_t n = geo_format_indices(indices, MAX_FORMATS); \
		return cr_make_param_array(unsigned, indices, n); \
	}

/* The format a parameterised test runs on; its pages are PG from here on. */
static inline const struct ptf_format *format_at(const unsigned *index)
{
	return geo_current = ptf_formats[*index];
}

#endif
