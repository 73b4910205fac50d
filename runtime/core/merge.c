/* merge.c: linear areas' leaves joined back into blocks. A block is an aligned range of
 * one of the format's huge page sizes. It is mapped by one leaf again when linear areas
 * cover it whole, one run of host memory with one set of flags (the areas may be several:
 * a hole unmapped and mapped again splits an area in three), its host address is aligned
 * to its size, and no dirty log reaches it (logged pages keep their own leaves:
 * dirty_log.h). Linear areas are mapped whole, so such a block is mapped uniformly, and
 * one leaf translates it as the leaves and tables below did: the guest sees no change,
 * its TLB holds one entry instead of many, and the tables below go back to the HAL.
 * Every leaf of the block must be young too: the merged leaf is, and an age must not be
 * lost. A merge is an optimisation: its own change, after the operation that made it
 * possible (whose count pass saw the tree before it); where break-before-make needs
 * records and there is no memory for them, the leaves stay as they are. */
#include "merge.h"

#include "change.h"
#include "dirty_log.h"

/* The linear mapping of [b, b + size), when linear areas cover it as one run with one
 * set of flags, host-aligned to size and not logged: the request that maps it by one
 * leaf. */
static bool uniform_block(const struct ptf_aspace *as, uint64_t b, uint64_t size, struct ptf_walk_req *r)
{
	if (b < as->base || b + size > as->end || b + size < b)
		return false;
	const struct area *first = ptf_area_map_find(&as->areas, b);
	if (!first || first->backend != PTF_BACKEND_LINEAR || ((b + first->hpa_minus_gpa) & (size - 1)))
		return false;
	const struct area *a = first;
	while (a->end < b + size) {
		const struct area *next = ptf_area_map_next(&as->areas, (struct area *)a);
		if (!next || next->start != a->end || next->backend != PTF_BACKEND_LINEAR ||
		    next->flags != first->flags || next->hpa_minus_gpa != first->hpa_minus_gpa)
			return false;
		a = next;
	}
	uint64_t unlogged_end;
	if (as->logs && (ptf_dirty_log_covers(as, b, b + size, &unlogged_end) || unlogged_end < b + size))
		return false;
	*r = (struct ptf_walk_req){ .kind = PTF_WALK_MAP, .va = b, .size = size, .flags = first->flags,
		                    .pa_minus_va = first->hpa_minus_gpa, .replace = true };
	return true;
}

/* ... and the tree maps it so: every leaf young, with the flags' attributes, contiguous
 * (a block with an aged leaf waits until the guest uses it, so that no age is lost).
 * The count and apply passes decide alike: no reader changes a leaf while the gate is
 * closed, and a block merged in the apply pass is one young leaf, so what lies inside
 * it is still skipped. */
static bool mapped_uniformly(const struct ptf_aspace *as, uint64_t b, uint64_t size, struct ptf_walk_req *r)
{
	return uniform_block(as, b, size, r) &&
	       as->fmt->walker->uniform(as->hal, as->root, b, size, r->flags, r->pa_minus_va);
}

/* Inside a larger block mapped uniformly, which merges whole */
static bool inside_larger(const struct ptf_aspace *as, uint64_t b, unsigned size_index)
{
	struct ptf_walk_req unused;
	for (unsigned i = size_index + 1; i < as->fmt->n_page_sizes; i++) {
		uint64_t larger = as->fmt->page_sizes[i];
		if (mapped_uniformly(as, b & ~(larger - 1), larger, &unused))
			return true;
	}
	return false;
}

/* The block at *b: counted into need, or (need NULL) merged, if it is to be. Where a leaf
 * at least as large maps it already, *b moves to the leaf's last block of this size, for
 * the caller to go on after (a 256 TiB leaf holds 2^27 blocks of 2 MiB: none is worth a
 * look). The count pass skips a block a larger one merges (inside_larger); the apply
 * pass, having merged the larger one, skips it here: they decide alike. */
static int merge_block(struct change *c, uint64_t *b, unsigned size_index, struct ptf_walk_need *need, bool *any)
{
	struct ptf_aspace *as = c->as;
	uint64_t size = as->fmt->page_sizes[size_index];
	uint64_t leaf = leaf_size_at(as, *b);
	if (leaf >= size) {
		*b = (*b & ~(leaf - 1)) + leaf - size;
		return PTF_OK;
	}
	struct ptf_walk_req r;
	if (!mapped_uniformly(as, *b, size, &r) || inside_larger(as, *b, size_index))
		return PTF_OK;
	*any = true;
	int rc = ptf_change_step(c, &r, need);
	if (!rc && !need)
		__atomic_store_n(&as->blocks_merged, as->blocks_merged + 1, __ATOMIC_RELAXED);
	return rc;
}

/* Every block of [lo, hi) to merge. Only blocks that linear areas reach are tried, area
 * by area: the range may be most of a 57-bit space (a protect of everything), and its
 * blocks one by one would be 2^36 of them. A block spanning several areas is tried once
 * (the areas come in address order: blocks below `untried` were). */
static int merge_pass(struct change *c, uint64_t lo, uint64_t hi, struct ptf_walk_need *need, bool *any)
{
	struct ptf_aspace *as = c->as;
	for (unsigned i = as->fmt->n_page_sizes; i-- > 1;) {
		uint64_t size = as->fmt->page_sizes[i];
		uint64_t untried = 0;
		for (const struct area *a = ptf_area_map_first_from(&as->areas, lo); a && a->start < hi;
		     a = ptf_area_map_next(&as->areas, (struct area *)a)) {
			if (a->backend != PTF_BACKEND_LINEAR)
				continue;
			uint64_t from = (a->start > lo ? a->start : lo) & ~(size - 1);
			uint64_t to = a->end < hi ? a->end : hi;
			for (uint64_t b = from > untried ? from : untried; b < to && b >= from; b += size) {
				int rc = merge_block(c, &b, i, need, any);
				if (rc)
					return rc;
				untried = b + size;
			}
		}
	}
	return PTF_OK;
}

void ptf_merge_linear(struct ptf_aspace *as, uint64_t lo, uint64_t hi)
{
	if (as->fmt->n_page_sizes < 2 || hi <= lo)
		return;
	struct change c;
	ptf_change_begin(&c, as);
	/* The gate closed before the count: ages and faults (readers) change leaves' age, on
	 * which the choice of blocks depends, and the apply pass must make the choices the
	 * count pass counted. Only the reservation of break records happens inside; without
	 * them, nothing is merged. */
	ptf_change_apply(&c, NULL);
	struct ptf_walk_need need = { 0, 0, 0 };
	bool any = false;
	int rc = merge_pass(&c, lo, hi, &need, &any);
	if (!rc && any)
		rc = ptf_change_reserve_counted(&c, &need);
	if (!rc && any) {
		bool unused;
		merge_pass(&c, lo, hi, NULL, &unused); /* nothing here can fail */
	}
	ptf_change_end(&c);
}
