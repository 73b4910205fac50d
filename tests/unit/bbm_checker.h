/* bbm_checker.h: a HAL that watches break-before-make. It forwards to a hosted HAL
 * (wrapped_hal.h) and, at every flush_tlb call and whenever the test says an operation
 * ended (a checkpoint), walks the tree and compares it with what the TLB may hold: every valid entry seen
 * since the last flush that covered it. A valid entry that became a different valid
 * entry (another kind, output address or memory type) without a flush in between is a
 * violation: on Arm that is a TLB conflict or a loss of coherency (Arm ARM, "TLB
 * maintenance requirements and the TLB maintenance instructions": break-before-make).
 * Permission changes are not violations. Entries are told apart by depth and input
 * address, so a table freed and reused elsewhere is not mistaken for the old one. */
#ifndef BBM_CHECKER_H
#define BBM_CHECKER_H

#include <stdio.h>
#include <stdlib.h>

#include <ptforge/ptforge.h>

#include "wrapped_hal.h"

/* One valid entry as the TLB may hold it. */
struct bbm_entry {
	unsigned depth;
	uint64_t va, size;
	enum ptf_entry_kind kind;
	uint64_t pa;        /* a leaf's output address, a table's next table */
	unsigned memtype;   /* PTF_DEVICE | PTF_UNCACHED of a leaf */
};

struct bbm_list {
	struct bbm_entry *e;
	size_t n, cap;
};

struct bbm_checker {
	struct wrapped_hal w;      /* first: the HAL's ctx is the checker */
	const struct ptf_hal *real;
	const struct ptf_format *fmt;
	uint64_t root;             /* 0 until attached */
	struct bbm_list cached;    /* what the TLB may hold, sorted by (depth, va) */
	unsigned flushes, violations;
	char first[256];           /* the first violation, in words */
};

static inline void bbm_push(struct bbm_list *l, const struct bbm_entry *e)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 256;
		l->e = realloc(l->e, l->cap * sizeof(*l->e));
		if (!l->e)
			abort();
	}
	l->e[l->n++] = *e;
}

static inline int bbm_compare(const void *a, const void *b)
{
	const struct bbm_entry *x = a, *y = b;
	if (x->depth != y->depth)
		return x->depth < y->depth ? -1 : 1;
	return (x->va > y->va) - (x->va < y->va);
}

static inline int bbm_visit(const struct ptf_visit *v, unsigned visit, void *arg)
{
	(void)visit;
	struct bbm_entry e = { v->depth, v->va, v->info.size, v->info.kind, v->info.pa,
		               v->info.flags & (PTF_DEVICE | PTF_UNCACHED) };
	bbm_push(arg, &e);
	return 0;
}

static inline const struct bbm_entry *bbm_find(const struct bbm_list *l, const struct bbm_entry *key)
{
	return l->n ? bsearch(key, l->e, l->n, sizeof(*key), bbm_compare) : NULL;
}

/* Every valid entry of the tree now, sorted. */
static inline struct bbm_list bbm_snapshot(const struct bbm_checker *c)
{
	struct bbm_list now = { 0 };
	geo_walk_all(c->fmt, c->real, c->root, PTF_VISIT_LEAF | PTF_VISIT_TABLE_PRE, bbm_visit, &now);
	if (now.n)
		qsort(now.e, now.n, sizeof(*now.e), bbm_compare);
	return now;
}

static inline void bbm_violation(struct bbm_checker *c, const struct bbm_entry *was, const struct bbm_entry *now)
{
	if (!c->violations++)
		snprintf(c->first, sizeof(c->first),
		         "depth %u at %#llx: kind %d pa %#llx memtype %#x became kind %d pa %#llx memtype %#x with no flush",
		         now->depth, (unsigned long long)now->va, (int)was->kind, (unsigned long long)was->pa,
		         was->memtype, (int)now->kind, (unsigned long long)now->pa, now->memtype);
}

/* Compares the tree with what the TLB may hold; a flush of [lo, hi) first drops what it
 * covers. Then everything valid now may be held too. */
static inline void bbm_check(struct bbm_checker *c, bool flush, uint64_t lo, uint64_t hi)
{
	if (!c->root)
		return;
	struct bbm_list now = bbm_snapshot(c);
	for (size_t i = 0; i < now.n; i++) {
		const struct bbm_entry *held = bbm_find(&c->cached, &now.e[i]);
		if (held && (held->kind != now.e[i].kind || held->pa != now.e[i].pa || held->memtype != now.e[i].memtype))
			bbm_violation(c, held, &now.e[i]);
	}
	struct bbm_list keep = { 0 };
	for (size_t i = 0; i < c->cached.n; i++) {
		const struct bbm_entry *e = &c->cached.e[i];
		bool flushed = flush && e->va < hi && e->va + e->size > lo;
		bool replaced = bbm_find(&now, e) != NULL;
		if (!flushed && !replaced)
			bbm_push(&keep, e);
	}
	for (size_t i = 0; i < now.n; i++)
		bbm_push(&keep, &now.e[i]);
	if (keep.n)
		qsort(keep.e, keep.n, sizeof(*keep.e), bbm_compare);
	free(c->cached.e);
	free(now.e);
	c->cached = keep;
}

static inline void bbm_flush(void *ctx, uint64_t gpa, uint64_t size)
{
	struct bbm_checker *c = ctx;
	c->flushes++;
	bbm_check(c, true, gpa, gpa + size);
	c->real->flush_tlb(c->real->ctx, gpa, size);
}

/* c must stay where it is while in use: it is the HAL's ctx. */
static inline const struct ptf_hal *bbm_checker_wrap(struct bbm_checker *c, struct ptf_host_hal *host,
                                                     const struct ptf_format *fmt)
{
	*c = (struct bbm_checker){ .real = ptf_host_hal_get(host), .fmt = fmt };
	wrap_hal(&c->w, host, WRAP_LEND_META);
	c->w.hal.flush_tlb = bbm_flush; /* the rest forwards (wrapped_hal.h) */
	return &c->w.hal;
}

/* Starts watching the tree at root (the address space's, once created). */
static inline void bbm_checker_attach(struct bbm_checker *c, uint64_t root)
{
	c->root = root;
	bbm_check(c, false, 0, 0);
}

/* An operation ended: whatever it left valid may be cached from now on. */
static inline void bbm_checkpoint(struct bbm_checker *c)
{
	bbm_check(c, false, 0, 0);
}

static inline void bbm_checker_free(struct bbm_checker *c)
{
	free(c->cached.e);
	c->cached = (struct bbm_list){ 0 };
}

#endif
