/* aspace.c: address-space lifecycle, mapping, unmapping, protection and queries.
 *
 * Every operation that changes the address space is a writer (gate.h) and one change
 * (change.h): check and count, reserve, apply, flush, release; a failure before apply
 * leaves the address space as it was and holds nothing. Readers (look-ups here,
 * translate, the fault path in fault.c, guest memory) enter the gate. Format knowledge
 * stays in struct ptf_format and its walkers. */
#include "aspace_internal.h"

#include "assert.h"
#include "change.h"
#include "dirty_log.h"
#include "huge_frames.h"
#include "merge.h"
#include "range.h"

/* ---- argument checks ---- */

/* off: an offset (aspace_internal.h) */
static int check_range(const struct ptf_aspace *as, uint64_t off, uint64_t size)
{
	return ptf_check_range(off, size, as->page, as->base, as->end);
}

static int check_hpa(const struct ptf_aspace *as, uint64_t hpa, uint64_t size)
{
	if (hpa & (as->page - 1))
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

/* ---- area surgery ---- */

/* Does an area strictly contain [start, end) with room on both sides? */
static bool needs_middle_split(const struct ptf_aspace *as, uint64_t start, uint64_t end)
{
	struct area *a = ptf_area_map_find(&as->areas, start);
	return a && a->start < start && a->end > end;
}

/* Cut [start, end) out of every area (the walker has already removed the leaves). A
 * middle split takes a reserved node. */
static void cut_areas(struct change *c, uint64_t start, uint64_t end)
{
	struct ptf_aspace *as = c->as;
	struct area *a = ptf_area_map_first_from(&as->areas, start);
	while (a && a->start < end) {
		struct area *next = ptf_area_map_next(&as->areas, a);
		uint64_t cut_start = a->start > start ? a->start : start;
		uint64_t cut_end = a->end < end ? a->end : end;
		if (a->start < cut_start && a->end > cut_end) {
			struct area *right = ptf_change_take_node(c);
			*right = *a;
			right->start = cut_end;
			a->end = cut_start;
			ptf_area_map_insert(&as->areas, right);
		} else if (a->start < cut_start) {
			a->end = cut_start;
		} else if (a->end > cut_end) {
			a->start = cut_end; /* order with its neighbours is unchanged */
		} else {
			ptf_change_drop_area(c, a);
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
	if (fmt->direct_map_fixed) {
		/* the walkers were built for one direct map: the HAL must have that one */
		struct ptf_tables tables = ptf_tables_of(hal);
		if (tables.hal || tables.offset != fmt->direct_map_offset)
			return PTF_EINVAL;
	}
	/* an input range the CPU cannot address would fault every access (ARM PARange) */
	if (hal->cpu_pa_bits && fmt->cpu_pa_bits_needed > hal->cpu_pa_bits)
		return PTF_EPARANGE;
	uint64_t page = ptf_format_granule(fmt);
	uint64_t off = ptf_format_input_offset(fmt, base);
	int rc = ptf_check_range(off, size, page, 0, (uint64_t)1 << fmt->input_bits);
	if (rc)
		return rc;
	struct ptf_aspace *as = ptf_records_alloc(hal, sizeof(*as));
	if (!as)
		return PTF_ENOMEM;
	ptf_gate_init(&as->gate);
	as->fmt = fmt;
	as->hal = hal;
	as->base = off;
	as->end = off + size;
	as->page = page;
	as->vmid = 0;
	ptf_area_map_init(&as->areas);
	as->logs = NULL;
	ptf_slab_init(&as->nodes, hal, sizeof(struct area));
	rc = fmt->root_alloc(hal, &as->root);
	if (rc) {
		ptf_records_free(hal, as, sizeof(*as));
		return rc;
	}
	*out = as;
	return PTF_OK;
}

/* Removes every area. With the HAL's flush_tlb_vmid_all, the flush is the whole VMID's;
 * for a destroy it is done even when nothing was mapped, since the VMID may go to
 * another guest next and the TLB may still hold translations of this one's (its own
 * stage 1's among them). */
static void clear_all(struct ptf_aspace *as, bool destroying)
{
	struct change c;
	struct ptf_walk_req r = { .kind = PTF_WALK_UNMAP, .va = as->base, .size = as->end - as->base };
	ptf_change_begin(&c, as);
	/* whole areas never cut a leaf, so this reserves nothing and cannot fail */
	int rc = ptf_change_reserve(&c, 0, &r, NULL);
	PTF_ASSERT(rc == PTF_OK);
	ptf_change_apply(&c, &r);
	struct area *a;
	while ((a = ptf_area_map_min(&as->areas)) != NULL)
		ptf_change_drop_area(&c, a);
	c.tx.whole_vmid = as->hal->flush_tlb_vmid_all != NULL;
	if (destroying && c.tx.whole_vmid)
		ptf_tx_changed(&c.tx, as->base, as->end - as->base);
	ptf_change_end(&c);
}

void ptf_aspace_destroy(struct ptf_aspace *as)
{
	if (!as)
		return;
	clear_all(as, true);
	ptf_dirty_log_free_all(as);
	as->fmt->destroy(as->hal, as->root);
	ptf_records_free(as->hal, as, sizeof(*as));
}

void ptf_aspace_clear(struct ptf_aspace *as)
{
	clear_all(as, false);
}

int ptf_aspace_set_vmid(struct ptf_aspace *as, uint64_t vmid)
{
	if (!as)
		return PTF_EINVAL;
	/* the writers' lock: a change flushes with the VMID it began with */
	ptf_gate_lock_writers(&as->gate, as->hal);
	__atomic_store_n(&as->vmid, vmid, __ATOMIC_RELAXED);
	ptf_gate_unlock_writers(&as->gate);
	return PTF_OK;
}

uint64_t ptf_aspace_vmid(const struct ptf_aspace *as)
{
	/* faults read it while a writer may set it */
	return __atomic_load_n(&as->vmid, __ATOMIC_RELAXED);
}

/* ---- mapping ---- */

struct map_request {
	uint64_t gpa, size, hpa;
	unsigned flags;
	enum ptf_backend backend;
	bool populate;
	bool overwrite;
	bool huge_faults;
};

/* The walk of r (a map, or an overwrite's unmap) in pieces: granule leaves where the
 * range is dirty-logged (a logged page is protected and marked by its own leaf:
 * dirty_log.h), the largest that fit elsewhere. Counted into need, or applied (NULL). */
static int map_by_log(struct change *c, const struct ptf_walk_req *r, struct ptf_walk_need *need)
{
	uint64_t end = r->va + r->size;
	for (uint64_t lo = r->va, piece_end; lo < end; lo = piece_end) {
		struct ptf_walk_req piece = *r;
		piece.split_all = ptf_dirty_log_covers(c->as, lo, end, &piece_end) && r->kind == PTF_WALK_MAP;
		piece.va = lo;
		piece.size = piece_end - lo;
		int rc = ptf_change_step(c, &piece, need);
		if (rc)
			return rc;
	}
	return PTF_OK;
}

/* A populated alloc area's frames: huge ones where the HAL gives them (huge_frames.h),
 * outside dirty-logged ranges, whose write protection goes by the granule */
static int populate_pass(struct change *c, struct huge_chain *ch, const struct map_request *m, uint64_t start,
                         bool replace, struct ptf_walk_need *need)
{
	ptf_huge_rewind(ch);
	return ptf_huge_fill(c, ch, start, start + m->size, m->flags, replace, need);
}

static int map_area(struct ptf_aspace *as, const struct map_request *m)
{
	const struct ptf_format *f = as->fmt;
	uint64_t start = offset_of(as, m->gpa);
	int rc = check_range(as, start, m->size);
	if (!rc && m->backend == PTF_BACKEND_LINEAR)
		rc = check_hpa(as, m->hpa, m->size);
	if (!rc)
		rc = ptf_format_check_flags(f, m->flags);
	if (rc)
		return rc;
	uint64_t end = start + m->size;
	struct change c;
	ptf_change_begin(&c, as);
	bool overlaps = ptf_area_map_overlaps(&as->areas, start, end);
	if (overlaps && !m->overwrite) {
		ptf_change_end(&c);
		return PTF_EEXIST;
	}
	rc = ptf_dirty_log_check_grant(as, start, end, expressed_flags(f, m->flags));
	if (rc) {
		ptf_change_end(&c);
		return rc;
	}

	/* the walker maps linear and populated areas now; a lazy area only clears the way */
	bool linear = m->backend == PTF_BACKEND_LINEAR;
	bool populate = !linear && m->populate;
	struct ptf_walk_req r = { .kind = linear ? PTF_WALK_MAP : PTF_WALK_UNMAP, .va = start, .size = m->size,
		                  .flags = m->flags, .pa_minus_va = m->hpa - start, .replace = overlaps };
	bool walk = linear || (overlaps && !populate);
	/* a dirty-logged page is write-protected, and marked when W comes back, by its own
	 * leaf (dirty_log.h): a map that reaches a log maps granule pages */
	uint64_t unlogged_end;
	bool reaches_log = as->logs && (ptf_dirty_log_covers(as, start, end, &unlogged_end) || unlogged_end < end);
	struct huge_chain ch;
	ptf_huge_chain_init(&ch);
	if (populate && !reaches_log)
		ptf_huge_take(as, start, end, overlaps, &ch);
	struct ptf_walk_need need = { 0, 0, 0 };
	rc = ptf_change_reserve(&c, 1 + (overlaps && needs_middle_split(as, start, end)),
	                        walk && !reaches_log ? &r : NULL, NULL);
	if (!rc && walk && reaches_log)
		rc = map_by_log(&c, &r, &need);
	if (!rc && walk && reaches_log)
		rc = ptf_change_reserve_counted(&c, &need);
	if (!rc && populate)
		rc = populate_pass(&c, &ch, m, start, overlaps, &need);
	if (!rc && populate)
		rc = ptf_change_reserve_counted(&c, &need);
	if (rc) {
		ptf_huge_give_back(as, &ch);
		ptf_change_end(&c);
		return rc;
	}
	/* nothing below can fail */
	ptf_change_apply(&c, walk && !reaches_log ? &r : NULL);
	if (walk && reaches_log)
		map_by_log(&c, &r, NULL);
	if (populate)
		populate_pass(&c, &ch, m, start, overlaps, NULL);
	walk |= populate;
	if (overlaps)
		cut_areas(&c, start, end);
	struct area *node = ptf_change_take_node(&c);
	*node = (struct area){ .start = start, .end = end, .flags = expressed_flags(f, m->flags),
		               .backend = m->backend, .hpa_minus_gpa = m->hpa - start, .populate = m->populate,
		               .huge_faults = m->huge_faults };
	ptf_area_map_insert(&as->areas, node);
	if (walk)
		ptf_dirty_log_mark(as, start, m->size); /* new contents, mapped writable */
	ptf_change_end(&c);
	if (linear) /* it may have filled the hole of a block mapped by smaller leaves */
		ptf_merge_linear(as, start, end);
	return PTF_OK;
}

int ptf_aspace_map_linear(struct ptf_aspace *as, uint64_t gpa, uint64_t hpa, uint64_t size, unsigned flags)
{
	struct map_request m = { gpa, size, hpa, flags, PTF_BACKEND_LINEAR, false, false, false };
	return as ? map_area(as, &m) : PTF_EINVAL;
}

int ptf_aspace_map_alloc(struct ptf_aspace *as, uint64_t gpa, uint64_t size, unsigned flags, bool populate)
{
	struct map_request m = { gpa, size, 0, flags, PTF_BACKEND_ALLOC, populate, false, false };
	return as ? map_area(as, &m) : PTF_EINVAL;
}

int ptf_aspace_map_alloc_huge(struct ptf_aspace *as, uint64_t gpa, uint64_t size, unsigned flags)
{
	struct map_request m = { gpa, size, 0, flags, PTF_BACKEND_ALLOC, false, false, true };
	return as ? map_area(as, &m) : PTF_EINVAL;
}

int ptf_aspace_map_linear_overwrite(struct ptf_aspace *as, uint64_t gpa, uint64_t hpa, uint64_t size,
                                    unsigned flags)
{
	struct map_request m = { gpa, size, hpa, flags, PTF_BACKEND_LINEAR, false, true, false };
	return as ? map_area(as, &m) : PTF_EINVAL;
}

int ptf_aspace_map_alloc_overwrite(struct ptf_aspace *as, uint64_t gpa, uint64_t size, unsigned flags,
                                   bool populate)
{
	struct map_request m = { gpa, size, 0, flags, PTF_BACKEND_ALLOC, populate, true, false };
	return as ? map_area(as, &m) : PTF_EINVAL;
}

/* What populate does with each alloc area's part of [start, end) (fill_walk) */
enum fill_pass {
	FILL_TAKE,  /* take huge frames for it (before counting) */
	FILL_COUNT, /* count what filling it needs into *need */
	FILL_APPLY, /* fill it */
};

/* Every alloc area's unmapped pages in [start, end) filled: huge frames where they were
 * taken (huge_frames.h), granule pages for the rest. Dirty-logged pages are filled
 * write-protected (they are not written yet: dirty_log.h), and by the granule. */
static int fill_walk(struct change *c, uint64_t start, uint64_t end, enum fill_pass pass, struct huge_chain *ch,
                     struct ptf_walk_need *need)
{
	struct ptf_aspace *as = c->as;
	ptf_huge_rewind(ch);
	for (struct area *a = ptf_area_map_first_from(&as->areas, start); a && a->start < end;
	     a = ptf_area_map_next(&as->areas, a)) {
		if (a->backend != PTF_BACKEND_ALLOC)
			continue;
		uint64_t lo = a->start > start ? a->start : start, hi = a->end < end ? a->end : end;
		for (uint64_t piece_end; lo < hi; lo = piece_end) {
			unsigned flags = a->flags;
			bool logged = ptf_dirty_log_covers(as, lo, hi, &piece_end);
			if (logged && (flags & PTF_W) && ptf_dirty_log_protected(as, a->flags, &flags))
				return PTF_EFLAGS; /* kept out of logged ranges: a bug if here */
			if (pass == FILL_TAKE) {
				if (!logged)
					ptf_huge_take(as, lo, piece_end, false, ch);
				continue;
			}
			int rc;
			if (logged) {
				struct ptf_walk_req r = { .kind = PTF_WALK_MAP, .va = lo, .size = piece_end - lo, .flags = flags,
					                  .alloc = true, .fill = true };
				rc = ptf_change_step(c, &r, pass == FILL_COUNT ? need : NULL);
			} else {
				rc = ptf_huge_fill(c, ch, lo, piece_end, flags, false, pass == FILL_COUNT ? need : NULL);
			}
			if (rc)
				return rc;
		}
	}
	return PTF_OK;
}

/* One change over every alloc area the range touches: each one's unmapped pages are
 * counted and reserved together, then filled. Only empty entries are written, so no
 * translation changes and nothing is flushed. */
int ptf_aspace_populate(struct ptf_aspace *as, uint64_t gpa, uint64_t size)
{
	if (!as)
		return PTF_EINVAL;
	uint64_t start = offset_of(as, gpa);
	int rc = check_range(as, start, size);
	if (rc)
		return rc;
	uint64_t end = start + size;
	struct change c;
	ptf_change_begin(&c, as);
	struct area *first = ptf_area_map_first_from(&as->areas, start);
	if (!first || first->start >= end) {
		ptf_change_end(&c);
		return PTF_ENOAREA;
	}
	struct huge_chain ch;
	ptf_huge_chain_init(&ch);
	struct ptf_walk_need need = { 0, 0, 0 };
	rc = fill_walk(&c, start, end, FILL_TAKE, &ch, NULL);
	if (!rc)
		rc = fill_walk(&c, start, end, FILL_COUNT, &ch, &need);
	if (!rc)
		rc = ptf_change_reserve_counted(&c, &need);
	if (rc) {
		ptf_huge_give_back(as, &ch);
	} else {
		/* nothing below can fail */
		ptf_change_apply(&c, NULL);
		fill_walk(&c, start, end, FILL_APPLY, &ch, NULL);
	}
	ptf_change_end(&c);
	return rc;
}

int ptf_aspace_unmap(struct ptf_aspace *as, uint64_t gpa, uint64_t size)
{
	if (!as)
		return PTF_EINVAL;
	uint64_t start = offset_of(as, gpa);
	int rc = check_range(as, start, size);
	if (rc)
		return rc;
	uint64_t end = start + size;
	struct change c;
	ptf_change_begin(&c, as);
	if (!ptf_area_map_overlaps(&as->areas, start, end)) {
		ptf_change_end(&c);
		return PTF_ENOAREA;
	}
	struct ptf_walk_req r = { .kind = PTF_WALK_UNMAP, .va = start, .size = size };
	rc = ptf_change_reserve(&c, needs_middle_split(as, start, end), &r, NULL);
	if (!rc) {
		ptf_change_apply(&c, &r);
		cut_areas(&c, start, end);
	}
	ptf_change_end(&c);
	return rc;
}

int ptf_aspace_protect(struct ptf_aspace *as, uint64_t gpa, uint64_t size, unsigned flags)
{
	if (!as)
		return PTF_EINVAL;
	uint64_t start = offset_of(as, gpa);
	int rc = check_range(as, start, size);
	if (!rc)
		rc = ptf_format_check_flags(as->fmt, flags);
	if (rc)
		return rc;
	uint64_t end = start + size;
	struct change c;
	ptf_change_begin(&c, as);
	struct area *first = ptf_area_map_first_from(&as->areas, start);
	if (!first || first->start >= end) {
		ptf_change_end(&c);
		return PTF_ENOAREA;
	}
	rc = ptf_dirty_log_check_grant(as, start, end, expressed_flags(as->fmt, flags));
	if (rc) {
		ptf_change_end(&c);
		return rc;
	}
	/* the first area may need cutting on the left, the last (maybe the same) on the right */
	struct area *last = first;
	for (struct area *a = first; a && a->start < end; a = ptf_area_map_next(&as->areas, a))
		last = a;
	bool cut_left = first->start < start, cut_right = last->end > end;
	struct ptf_walk_req r = { .kind = PTF_WALK_PROTECT, .va = start, .size = size, .flags = flags };
	rc = ptf_change_reserve(&c, (size_t)cut_left + (size_t)cut_right, &r, NULL);
	if (rc) {
		ptf_change_end(&c);
		return rc;
	}
	ptf_change_apply(&c, &r);
	if (cut_left) { /* first keeps [its start, start); a new node takes [start, ...) */
		struct area *left = ptf_change_take_node(&c);
		*left = *first;
		first->end = start;
		left->start = start;
		ptf_area_map_insert(&as->areas, left);
		if (last == first)
			last = left;
		first = left;
	}
	if (cut_right) { /* last keeps [..., end); a new node takes [end, old end) */
		struct area *right = ptf_change_take_node(&c);
		*right = *last;
		right->start = end;
		last->end = end;
		ptf_area_map_insert(&as->areas, right);
	}
	for (struct area *a = first; a && a->start < end; a = ptf_area_map_next(&as->areas, a)) {
		a->flags = expressed_flags(as->fmt, flags);
		if (flags & PTF_W) /* its leaves grant W now (dirty_log.h) */
			ptf_dirty_log_mark(as, a->start, a->end - a->start);
	}
	ptf_change_end(&c);
	ptf_merge_linear(as, start, end); /* flags may be uniform again where a protect split */
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
	unsigned slot = reader_enter(as, GATE_LOOK);
	int rc = ptf_aspace_translate_in(as, gpa, hpa, limit);
	reader_exit(as, slot);
	return rc;
}

int ptf_aspace_translate_in(const struct ptf_aspace *as, uint64_t gpa, uint64_t *hpa, uint64_t *limit)
{
	uint64_t off = offset_of(as, gpa);
	if (!in_window(as, off))
		return PTF_ERANGE;
	uint64_t pa, page_size;
	int rc = as->fmt->query(as->hal, as->root, gpa, &pa, NULL, &page_size);
	if (rc)
		return rc;
	if (hpa)
		*hpa = pa;
	if (limit) {
		struct area *a = ptf_area_map_find(&as->areas, off);
		uint64_t area_end = a ? a->end : off + 1;
		if (a && a->backend == PTF_BACKEND_LINEAR) {
			*limit = area_end - off;
		} else {
			/* follow leaves while each starts where the previous one ended (the walk
			 * tells addresses; the run's end is one too) */
			uint64_t leaf_end = (off & ~(page_size - 1)) + page_size;
			struct contiguity c = { .next_pa = pa + (leaf_end - off), .end = address_of(as, leaf_end) };
			if (leaf_end < area_end)
				as->fmt->walk(as->hal, as->root, c.end, area_end - leaf_end, PTF_VISIT_LEAF | PTF_VISIT_INVALID,
				              extend_run, &c);
			uint64_t run_end = offset_of(as, c.end);
			*limit = (run_end < area_end ? run_end : area_end) - off;
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
	*base = address_of(as, as->base);
	*size = as->end - as->base;
}

static void area_info(const struct ptf_aspace *as, const struct area *a, struct ptf_area_info *out)
{
	out->gpa = address_of(as, a->start);
	out->size = a->end - a->start;
	out->flags = a->flags;
	out->backend = a->backend;
	out->hpa = a->backend == PTF_BACKEND_LINEAR ? a->start + a->hpa_minus_gpa : 0;
	out->populate = a->populate;
	out->huge_faults = a->huge_faults;
}

int ptf_aspace_for_each_area(const struct ptf_aspace *as,
                             int (*fn)(const struct ptf_area_info *area, void *arg), void *arg)
{
	if (!as || !fn)
		return PTF_EINVAL;
	unsigned slot = reader_enter(as, GATE_LOOK);
	int rc = 0;
	for (struct area *a = ptf_area_map_min(&as->areas); a && !rc; a = ptf_area_map_next(&as->areas, a)) {
		struct ptf_area_info info;
		area_info(as, a, &info);
		rc = fn(&info, arg);
	}
	reader_exit(as, slot);
	return rc;
}

int ptf_aspace_find_area(const struct ptf_aspace *as, uint64_t gpa, struct ptf_area_info *out)
{
	if (!as)
		return PTF_EINVAL;
	unsigned slot = reader_enter(as, GATE_LOOK);
	struct area *a = ptf_area_map_find(&as->areas, offset_of(as, gpa));
	if (a && out)
		area_info(as, a, out);
	reader_exit(as, slot);
	return a ? PTF_OK : PTF_ENOAREA;
}

int ptf_aspace_find_free(const struct ptf_aspace *as, uint64_t size, uint64_t align, uint64_t *gpa)
{
	if (!as || !gpa)
		return PTF_EINVAL;
	if (size == 0)
		return PTF_ESIZE;
	if ((size & (as->page - 1)) || align < as->page || (align & (align - 1)))
		return PTF_EALIGN;
	unsigned slot = reader_enter(as, GATE_LOOK);
	uint64_t off;
	bool found = ptf_area_map_find_free(&as->areas, as->base, as->end, size, align, &off);
	reader_exit(as, slot);
	if (found)
		*gpa = address_of(as, off);
	return found ? PTF_OK : PTF_ENOAREA;
}

struct stats_walk {
	const struct ptf_aspace *as;
	struct ptf_aspace_stats *out;
	const struct area *area; /* the area the last leaf was in */
};

static int count_entry(const struct ptf_visit *v, unsigned visit, void *arg)
{
	struct stats_walk *s = arg;
	const struct ptf_format *f = s->as->fmt;
	if (visit == PTF_VISIT_TABLE_PRE) {
		s->out->tables++;
		return 0;
	}
	for (unsigned i = 0; i < f->n_page_sizes; i++)
		if (f->page_sizes[i] == v->info.size)
			s->out->leaves[i]++;
	/* an alloc area's leaves map the data frames the address space owns */
	uint64_t off = offset_of(s->as, v->va);
	if (!s->area || off < s->area->start || off >= s->area->end)
		s->area = ptf_area_map_find(&s->as->areas, off);
	if (s->area && s->area->backend == PTF_BACKEND_ALLOC)
		s->out->frames_owned += (size_t)(v->info.size / s->as->page);
	return 0;
}

void ptf_aspace_stats(const struct ptf_aspace *as, struct ptf_aspace_stats *out)
{
	*out = (struct ptf_aspace_stats){ 0 };
	unsigned slot = reader_enter(as, GATE_LOOK);
	out->areas = as->areas.count;
	out->blocks_merged = __atomic_load_n(&as->blocks_merged, __ATOMIC_RELAXED);
	out->blocks_collapsed = __atomic_load_n(&as->blocks_collapsed, __ATOMIC_RELAXED);
	out->tables = as->fmt->root_tables;
	struct stats_walk s = { as, out, NULL };
	as->fmt->walk(as->hal, as->root, address_of(as, as->base), as->end - as->base, PTF_VISIT_LEAF | PTF_VISIT_TABLE_PRE,
	              count_entry, &s);
	out->record_frames = ptf_records_frames(as->hal, sizeof(*as)) + ptf_slab_frames(&as->nodes) +
	                     ptf_dirty_log_frames(as);
	reader_exit(as, slot);
	size_t frames_per_page = (size_t)(as->page / PTF_FRAME_SIZE);
	out->frames_in_use = (out->tables + out->frames_owned) * frames_per_page + out->record_frames;
}
