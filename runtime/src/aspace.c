/* aspace.c: address-space lifecycle, mapping, unmapping, protection and queries.
 *
 * Atomicity: a call first checks its arguments and the areas, then takes every
 * resource it can need (area nodes, data frames, and a frame pool sized for the
 * worst case of the table changes), and only then changes anything; the changes
 * themselves cannot fail. Format knowledge stays in struct ptf_format. */
#include "aspace_internal.h"

#include <stdlib.h>
#include <string.h>

#include "frame_pool.h"

/* ---- argument checks ---- */

/* [gpa, gpa + size) inside [lo, hi), in the documented order of checks */
static int check_range_in(uint64_t lo, uint64_t hi, uint64_t gpa, uint64_t size)
{
	if (size == 0)
		return PTF_ESIZE;
	if ((gpa | size) & (PAGE - 1))
		return PTF_EALIGN;
	if (gpa + size < gpa)
		return PTF_EWRAP;
	if (gpa < lo || gpa + size > hi)
		return PTF_ERANGE;
	return PTF_OK;
}

static int check_range(const struct ptf_aspace *as, uint64_t gpa, uint64_t size)
{
	return check_range_in(as->base, as->end, gpa, size);
}

static int check_hpa(const struct ptf_aspace *as, uint64_t hpa, uint64_t size)
{
	if (hpa & (PAGE - 1))
		return PTF_EALIGN;
	if (hpa + size < hpa)
		return PTF_EWRAP;
	if (as->fmt->output_bits < 64 && hpa + size > (uint64_t)1 << as->fmt->output_bits)
		return PTF_EOUTPUT;
	return PTF_OK;
}

/* The flags a leaf made from flags grants, as the format reads them back: an area keeps
 * these, so a fault asking for what the format dropped (X on ARM device memory) is
 * refused rather than mapped and faulted on forever. */
static unsigned expressed_flags(const struct ptf_format *f, unsigned flags)
{
	struct ptf_entry_info info;
	f->decode(f->leaf(0, flags, f->levels - 1), f->levels - 1, &info);
	return info.flags;
}

/* ---- walks over leaves ---- */

static int stop_at_leaf(const struct ptf_visit *v, unsigned visit, void *arg)
{
	(void)v;
	(void)visit;
	(void)arg;
	return 1;
}

static bool any_leaf(const struct ptf_aspace *as, uint64_t gpa, uint64_t size)
{
	return as->fmt->walk(as->hal, as->root, gpa, size, PTF_VISIT_LEAF, stop_at_leaf, NULL) == 1;
}

/* The data frames of an alloc area's leaves, as an unmap takes them away: held back by
 * the operation's pool until its flush. */
struct data_sink {
	struct frame_pool *pool;
	struct ptf_aspace *as;
};

static void defer_data_frame(void *arg, uint64_t pa, uint64_t size)
{
	struct data_sink *d = arg;
	size_t n = (size_t)(size / PAGE);
	frame_pool_defer(d->pool, pa, n);
	d->as->frames_owned -= n;
}

/* Remove the leaves of [start, end) inside area a (leaves never reach outside it). */
static void unmap_in_area(struct ptf_aspace *as, const struct area *a, uint64_t start, uint64_t end,
                          struct frame_pool *pool)
{
	struct data_sink sink = { pool, as };
	as->fmt->unmap_range_notify(&pool->hal, as->root, start, end - start,
	                            a->backend == PTF_BACKEND_ALLOC ? defer_data_frame : NULL, &sink);
}

struct protect_check {
	uint64_t start, end;
	unsigned want; /* flags as the format reads them back */
};

static int leaf_would_change(const struct ptf_visit *v, unsigned visit, void *arg)
{
	const struct protect_check *p = arg;
	(void)visit;
	/* a different permission, or a huge leaf that must split around the range */
	return v->info.flags != p->want || v->va < p->start || v->va + v->info.size > p->end;
}

/* Would protecting [gpa, gpa + size) to flags alter any existing translation? */
static bool protect_changes(const struct ptf_aspace *as, uint64_t gpa, uint64_t size, unsigned flags)
{
	const struct ptf_format *f = as->fmt;
	struct protect_check p = { gpa, gpa + size, expressed_flags(f, flags) };
	return f->walk(as->hal, as->root, gpa, size, PTF_VISIT_LEAF, leaf_would_change, &p) != 0;
}

/* ---- worst cases, from the format's geometry ---- */

/* Tables a map of [va, end) can need below depth d, in a tree with none there yet: the
 * walker's own choice of leaves (the largest that alignment allows when huge, else the
 * smallest), so a map of 1 GiB leaves reserves next to nothing. */
static size_t tables_below(const struct ptf_format *f, unsigned d, uint64_t va, uint64_t end,
                           uint64_t pa_minus_va, bool huge)
{
	size_t n = 0;
	uint64_t size = (uint64_t)1 << f->level[d].index_lo;
	while (va < end) {
		uint64_t next = (va | (size - 1)) + 1;
		uint64_t stop = next < end ? next : end;
		bool leaf = d + 1 == f->levels || (huge && f->level[d].leaf_size && stop - va == size &&
		                                   !((va + pa_minus_va) & (size - 1)));
		if (!leaf)
			n += 1 + (d + 2 == f->levels ? 0 : tables_below(f, d + 1, va, stop, pa_minus_va, huge));
		va = stop;
	}
	return n;
}

static size_t tables_for_map(const struct ptf_format *f, uint64_t gpa, uint64_t hpa, uint64_t size, bool huge)
{
	return tables_below(f, 0, gpa, gpa + size, hpa - gpa, huge);
}

/* Frames an unmap of size bytes may free: a data frame per page and the tables above
 * them (at most one per 512 pages, and a chain at each end). */
static size_t frees_for_unmap(const struct ptf_format *f, uint64_t size)
{
	return (size_t)(size / PAGE) + (size_t)(size / PAGE) / 256 + 2 * (size_t)f->levels;
}

/* Tables splitting the huge leaves at both ends of a range can need. */
static size_t tables_for_edges(const struct ptf_format *f)
{
	return 2 * (size_t)(f->levels - 1);
}

/* ---- area surgery ---- */

static struct area *area_new(uint64_t start, uint64_t end, unsigned flags, enum ptf_backend backend,
                             uint64_t hpa_minus_gpa, bool populate)
{
	struct area *a = calloc(1, sizeof(*a));
	if (a) {
		a->start = start;
		a->end = end;
		a->flags = flags;
		a->backend = backend;
		a->hpa_minus_gpa = hpa_minus_gpa;
		a->populate = populate;
	}
	return a;
}

/* Does an area strictly contain [start, end) with room on both sides? */
static bool needs_middle_split(const struct ptf_aspace *as, uint64_t start, uint64_t end)
{
	struct area *a = area_map_find(&as->areas, start);
	return a && a->start < start && a->end > end;
}

/* Cut [start, end) out of every area and out of the page table. Cannot fail: the
 * caller supplies a spare node for a middle split and a pool for edge splits, which
 * also holds back every freed frame until the caller's flush. */
static void remove_range(struct ptf_aspace *as, uint64_t start, uint64_t end, struct area **spare,
                         struct frame_pool *pool)
{
	struct area *a = area_map_first_from(&as->areas, start);
	while (a && a->start < end) {
		struct area *next = area_map_next(&as->areas, a);
		uint64_t cut_start = a->start > start ? a->start : start;
		uint64_t cut_end = a->end < end ? a->end : end;
		unmap_in_area(as, a, cut_start, cut_end, pool);
		if (a->start < cut_start && a->end > cut_end) {
			struct area *right = *spare;
			*spare = NULL;
			*right = *a;
			right->start = cut_end;
			a->end = cut_start;
			area_map_insert(&as->areas, right);
		} else if (a->start < cut_start) {
			a->end = cut_start;
		} else if (a->end > cut_end) {
			a->start = cut_end; /* order with its neighbours is unchanged */
		} else {
			area_map_remove(&as->areas, a);
			free(a);
		}
		a = next;
	}
}

/* ---- lifecycle ---- */

int ptf_aspace_create(struct ptf_aspace **out, const struct ptf_format *fmt, uint64_t base,
                      uint64_t size, const struct ptf_hal *hal)
{
	if (!out || !fmt || !hal || !hal->alloc_frames || !hal->free_frames || !hal->phys_to_virt ||
	    !hal->flush_tlb)
		return PTF_EINVAL;
	int rc = check_range_in(0, (uint64_t)1 << fmt->input_bits, base, size);
	if (rc)
		return rc;
	struct ptf_aspace *as = calloc(1, sizeof(*as));
	if (!as)
		return PTF_ENOMEM;
	as->fmt = fmt;
	as->hal = hal;
	as->base = base;
	as->end = base + size;
	area_map_init(&as->areas);
	rc = fmt->root_alloc(hal, &as->root);
	if (rc) {
		free(as);
		return rc;
	}
	*out = as;
	return PTF_OK;
}

void ptf_aspace_destroy(struct ptf_aspace *as)
{
	if (!as)
		return;
	ptf_aspace_clear(as);
	as->fmt->destroy(as->hal, as->root);
	free(as);
}

void ptf_aspace_clear(struct ptf_aspace *as)
{
	bool mapped = any_leaf(as, as->base, as->end - as->base);
	struct frame_pool pool;
	/* reserving nothing cannot fail; whole areas never need a split */
	frame_pool_init(&pool, as->hal, 0, FRAME_POOL_MAX_DEFERRED, as->base, as->end - as->base);
	struct area *a;
	while ((a = area_map_min(&as->areas)) != NULL) {
		unmap_in_area(as, a, a->start, a->end, &pool);
		area_map_remove(&as->areas, a);
		free(a);
	}
	frame_pool_finish(&pool, mapped);
}

/* ---- mapping ---- */

struct map_request {
	uint64_t gpa, size, hpa;
	unsigned flags;
	enum ptf_backend backend;
	bool populate;
	bool overwrite;
};

static int map_area(struct ptf_aspace *as, const struct map_request *r)
{
	const struct ptf_format *f = as->fmt;
	int rc = check_range(as, r->gpa, r->size);
	if (!rc && r->backend == PTF_BACKEND_LINEAR)
		rc = check_hpa(as, r->hpa, r->size);
	if (!rc)
		rc = ptf_format_check_flags(f, r->flags);
	if (rc)
		return rc;
	uint64_t end = r->gpa + r->size;
	bool overlaps = area_map_overlaps(&as->areas, r->gpa, end);
	if (overlaps && !r->overwrite)
		return PTF_EEXIST;

	struct area *node = area_new(r->gpa, end, expressed_flags(f, r->flags), r->backend, r->hpa - r->gpa, r->populate);
	bool middle = overlaps && needs_middle_split(as, r->gpa, end);
	struct area *spare = middle ? malloc(sizeof(*spare)) : NULL;
	if (!node || (middle && !spare)) {
		free(node);
		free(spare);
		return PTF_ENOMEM;
	}

	/* The simple case needs no pool: the walker's map_range is atomic by itself. */
	if (!overlaps && r->backend == PTF_BACKEND_LINEAR) {
		rc = f->map_range(as->hal, as->root, r->gpa, r->hpa, r->size, r->flags);
		if (rc) {
			free(node);
			return rc;
		}
		area_map_insert(&as->areas, node);
		return PTF_OK;
	}

	struct ptf_reserve data = { 0, 0 };
	struct frame_pool pool;
	bool linear = r->backend == PTF_BACKEND_LINEAR;
	size_t tables = linear || r->populate ? tables_for_map(f, r->gpa, r->hpa, r->size, linear) : 0;
	rc = frame_pool_init(&pool, as->hal, tables + (overlaps ? tables_for_edges(f) : 0),
	                     overlaps ? frees_for_unmap(f, r->size) : 0, r->gpa, r->size);
	if (!rc && r->backend == PTF_BACKEND_ALLOC && r->populate) {
		rc = ptf_reserve_frames(as->hal, &data, (size_t)(r->size / PAGE));
		if (rc)
			frame_pool_finish(&pool, false);
	}
	if (rc) {
		free(node);
		free(spare);
		return rc;
	}

	/* nothing below can fail */
	bool flush = overlaps && any_leaf(as, r->gpa, r->size);
	if (overlaps)
		remove_range(as, r->gpa, end, &spare, &pool);
	if (r->backend == PTF_BACKEND_LINEAR) {
		f->map_range(&pool.hal, as->root, r->gpa, r->hpa, r->size, r->flags);
	} else if (r->populate) {
		for (uint64_t gpa = r->gpa; gpa < end; gpa += PAGE)
			f->map_page(&pool.hal, as->root, gpa, ptf_reserve_take(as->hal, &data), PAGE, r->flags);
		as->frames_owned += (size_t)(r->size / PAGE);
	}
	area_map_insert(&as->areas, node);
	frame_pool_finish(&pool, flush);
	free(spare);
	return PTF_OK;
}

int ptf_aspace_map_linear(struct ptf_aspace *as, uint64_t gpa, uint64_t hpa, uint64_t size, unsigned flags)
{
	struct map_request r = { gpa, size, hpa, flags, PTF_BACKEND_LINEAR, false, false };
	return as ? map_area(as, &r) : PTF_EINVAL;
}

int ptf_aspace_map_alloc(struct ptf_aspace *as, uint64_t gpa, uint64_t size, unsigned flags, bool populate)
{
	struct map_request r = { gpa, size, 0, flags, PTF_BACKEND_ALLOC, populate, false };
	return as ? map_area(as, &r) : PTF_EINVAL;
}

int ptf_aspace_map_linear_overwrite(struct ptf_aspace *as, uint64_t gpa, uint64_t hpa, uint64_t size,
                                    unsigned flags)
{
	struct map_request r = { gpa, size, hpa, flags, PTF_BACKEND_LINEAR, false, true };
	return as ? map_area(as, &r) : PTF_EINVAL;
}

int ptf_aspace_map_alloc_overwrite(struct ptf_aspace *as, uint64_t gpa, uint64_t size, unsigned flags,
                                   bool populate)
{
	struct map_request r = { gpa, size, 0, flags, PTF_BACKEND_ALLOC, populate, true };
	return as ? map_area(as, &r) : PTF_EINVAL;
}

int ptf_aspace_unmap(struct ptf_aspace *as, uint64_t gpa, uint64_t size)
{
	if (!as)
		return PTF_EINVAL;
	int rc = check_range(as, gpa, size);
	if (rc)
		return rc;
	uint64_t end = gpa + size;
	if (!area_map_overlaps(&as->areas, gpa, end))
		return PTF_ENOAREA;
	struct area *spare = NULL;
	if (needs_middle_split(as, gpa, end) && !(spare = malloc(sizeof(*spare))))
		return PTF_ENOMEM;
	struct frame_pool pool;
	rc = frame_pool_init(&pool, as->hal, tables_for_edges(as->fmt), frees_for_unmap(as->fmt, size), gpa, size);
	if (rc) {
		free(spare);
		return rc;
	}
	bool flush = any_leaf(as, gpa, size);
	remove_range(as, gpa, end, &spare, &pool);
	frame_pool_finish(&pool, flush);
	free(spare);
	return PTF_OK;
}

int ptf_aspace_protect(struct ptf_aspace *as, uint64_t gpa, uint64_t size, unsigned flags)
{
	if (!as)
		return PTF_EINVAL;
	int rc = check_range(as, gpa, size);
	if (!rc)
		rc = ptf_format_check_flags(as->fmt, flags);
	if (rc)
		return rc;
	uint64_t end = gpa + size;
	struct area *first = area_map_first_from(&as->areas, gpa);
	if (!first || first->start >= end)
		return PTF_ENOAREA;
	/* the first area may need cutting on the left, the last (maybe the same) on the right */
	struct area *last = first;
	for (struct area *a = first; a && a->start < end; a = area_map_next(&as->areas, a))
		last = a;
	struct area *left = first->start < gpa ? malloc(sizeof(*left)) : NULL;
	struct area *right = last->end > end ? malloc(sizeof(*right)) : NULL;
	struct frame_pool pool;
	rc = (first->start < gpa && !left) || (last->end > end && !right) ? PTF_ENOMEM : PTF_OK;
	if (!rc)
		rc = frame_pool_init(&pool, as->hal, tables_for_edges(as->fmt), 0, gpa, size);
	if (rc) {
		free(left);
		free(right);
		return rc;
	}
	bool flush = protect_changes(as, gpa, size, flags);
	as->fmt->protect_range(&pool.hal, as->root, gpa, size, flags);

	if (left) { /* first keeps [start, gpa); a new node takes [gpa, ...) */
		*left = *first;
		first->end = gpa;
		left->start = gpa;
		area_map_insert(&as->areas, left);
		if (last == first)
			last = left;
		first = left;
	}
	if (right) { /* last keeps [..., end); a new node takes [end, old end) */
		*right = *last;
		right->start = end;
		last->end = end;
		area_map_insert(&as->areas, right);
	}
	for (struct area *a = first; a && a->start < end; a = area_map_next(&as->areas, a))
		a->flags = expressed_flags(as->fmt, flags);
	frame_pool_finish(&pool, flush);
	return PTF_OK;
}

/* ---- queries ---- */

struct contiguity {
	uint64_t next_pa; /* where the next leaf must start to continue the run */
	uint64_t end;     /* the run's end so far (input address) */
};

static int extend_run(const struct ptf_visit *v, unsigned visit, void *arg)
{
	struct contiguity *c = arg;
	(void)visit;
	if (v->va != c->end || v->info.pa != c->next_pa)
		return 1;
	c->end = v->va + v->info.size;
	c->next_pa = v->info.pa + v->info.size;
	return 0;
}

int ptf_aspace_translate(const struct ptf_aspace *as, uint64_t gpa, uint64_t *hpa, uint64_t *limit)
{
	if (!as)
		return PTF_EINVAL;
	if (!in_window(as, gpa))
		return PTF_ERANGE;
	uint64_t pa, page_size;
	int rc = as->fmt->query(as->hal, as->root, gpa, &pa, NULL, &page_size);
	if (rc)
		return rc;
	if (hpa)
		*hpa = pa;
	if (limit) {
		struct area *a = area_map_find(&as->areas, gpa);
		uint64_t area_end = a ? a->end : gpa + 1;
		if (a && a->backend == PTF_BACKEND_LINEAR) {
			*limit = area_end - gpa;
		} else {
			/* follow leaves while each starts where the previous one ended */
			uint64_t leaf_end = (gpa & ~(page_size - 1)) + page_size;
			struct contiguity c = { .next_pa = pa + (leaf_end - gpa), .end = leaf_end };
			if (leaf_end < area_end)
				as->fmt->walk(as->hal, as->root, leaf_end, area_end - leaf_end, PTF_VISIT_LEAF | PTF_VISIT_INVALID,
				              extend_run, &c);
			*limit = (c.end < area_end ? c.end : area_end) - gpa;
		}
	}
	return PTF_OK;
}

const struct ptf_format *ptf_aspace_format(const struct ptf_aspace *as)
{
	return as->fmt;
}

uint64_t ptf_aspace_root(const struct ptf_aspace *as)
{
	return as->root;
}

uint64_t ptf_aspace_root_register(const struct ptf_aspace *as, uint64_t vmid)
{
	return as->fmt->root_register(as->root, vmid);
}

void ptf_aspace_window(const struct ptf_aspace *as, uint64_t *base, uint64_t *size)
{
	*base = as->base;
	*size = as->end - as->base;
}

static void area_info(const struct area *a, struct ptf_area_info *out)
{
	out->gpa = a->start;
	out->size = a->end - a->start;
	out->flags = a->flags;
	out->backend = a->backend;
	out->hpa = a->backend == PTF_BACKEND_LINEAR ? a->start + a->hpa_minus_gpa : 0;
	out->populate = a->populate;
}

int ptf_aspace_for_each_area(const struct ptf_aspace *as,
                             int (*fn)(const struct ptf_area_info *area, void *arg), void *arg)
{
	if (!as || !fn)
		return PTF_EINVAL;
	for (struct area *a = area_map_min(&as->areas); a; a = area_map_next(&as->areas, a)) {
		struct ptf_area_info info;
		area_info(a, &info);
		int rc = fn(&info, arg);
		if (rc)
			return rc;
	}
	return 0;
}

int ptf_aspace_find_area(const struct ptf_aspace *as, uint64_t gpa, struct ptf_area_info *out)
{
	if (!as)
		return PTF_EINVAL;
	struct area *a = area_map_find(&as->areas, gpa);
	if (!a)
		return PTF_ENOAREA;
	if (out)
		area_info(a, out);
	return PTF_OK;
}

int ptf_aspace_find_free(const struct ptf_aspace *as, uint64_t size, uint64_t align, uint64_t *gpa)
{
	if (!as || !gpa)
		return PTF_EINVAL;
	if (size == 0)
		return PTF_ESIZE;
	if ((size & (PAGE - 1)) || align < PAGE || (align & (align - 1)))
		return PTF_EALIGN;
	return area_map_find_free(&as->areas, as->base, as->end, size, align, gpa) ? PTF_OK : PTF_ENOAREA;
}

struct stats_walk {
	const struct ptf_format *fmt;
	struct ptf_aspace_stats *out;
};

static int count_entry(const struct ptf_visit *v, unsigned visit, void *arg)
{
	struct stats_walk *s = arg;
	if (visit == PTF_VISIT_TABLE_PRE) {
		s->out->tables++;
		return 0;
	}
	for (unsigned i = 0; i < s->fmt->n_page_sizes; i++)
		if (s->fmt->page_sizes[i] == v->info.size)
			s->out->leaves[i]++;
	return 0;
}

void ptf_aspace_stats(const struct ptf_aspace *as, struct ptf_aspace_stats *out)
{
	memset(out, 0, sizeof(*out));
	out->areas = as->areas.count;
	out->tables = as->fmt->root_tables;
	struct stats_walk s = { as->fmt, out };
	as->fmt->walk(as->hal, as->root, as->base, as->end - as->base, PTF_VISIT_LEAF | PTF_VISIT_TABLE_PRE,
	              count_entry, &s);
	out->frames_owned = as->frames_owned;
	out->frames_in_use = out->tables + out->frames_owned;
}
