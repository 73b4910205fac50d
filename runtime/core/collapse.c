/* collapse.c: huge-page recovery for alloc areas (ptf_aspace_collapse), the work of KVM's
 * recovery of huge pages and Linux's khugepaged. A lazy area the guest faulted in page by
 * page, or one whose huge leaves a dirty log split, is mapped by granule leaves: each
 * aligned block of a huge size that they map whole is copied into one huge frame, which
 * one leaf then maps. The guest sees the same bytes at the same addresses, its TLB holds
 * one entry instead of 512, and the granule frames and the tables that held them go back.
 *
 * One change, in the usual shape. Check and count: the blocks are chosen and their frames
 * taken while faults go on, which cannot make a chosen block differ (a fully mapped block
 * gets no new leaf from a fault, and a fault's regrant or an age's CAS changes no count).
 * Apply, with the gate closed: the blocks' leaves are write-protected and that is flushed,
 * so that no vCPU writes a granule after it is copied (a write faults instead, and waits
 * at the gate for the new leaf); then each block is copied and mapped by its frame, the
 * old leaves replaced (the walker breaks before making where the format needs it).
 * Release: the granule frames, held until the final flush. */
#include "aspace_internal.h"

#include "assert.h"
#include "change.h"
#include "dirty_log.h"
#include "huge_frames.h"
#include "range.h"

struct collapse {
	struct change c;
	struct huge_chain chosen; /* a frame per block to collapse, in address order */
};

static int add_leaf_bytes(const struct ptf_visit *v, unsigned visit, void *arg)
{
	(void)visit;
	*(uint64_t *)arg += v->info.size;
	return 0;
}

/* How many bytes of [b, b + size) leaves smaller than size map, or UINT64_MAX when one
 * leaf of size or larger maps b (nothing to collapse there, nor inside). */
static uint64_t mapped_below(const struct ptf_aspace *as, uint64_t b, uint64_t size)
{
	uint64_t bytes = 0;
	if (leaf_size_at(as, b) >= size)
		return UINT64_MAX;
	/* every leaf met is smaller than the block and aligned to its size: inside it */
	as->fmt->walk(as->hal, as->root, address_of(as, b), size, PTF_VISIT_LEAF, add_leaf_bytes, &bytes);
	return bytes;
}

/* Chooses the blocks of [lo, hi) (a piece of one alloc area that no dirty log reaches)
 * to collapse, largest first: a block mapped whole by smaller leaves gets a frame of its
 * size; one mapped in part, or for which the HAL has no frame, is looked at in blocks of
 * the next smaller size. */
static void choose(struct collapse *k, uint64_t lo, uint64_t hi, uint64_t size)
{
	struct ptf_aspace *as = k->c.as;
	if (!size || hi <= lo)
		return;
	uint64_t smaller = ptf_huge_smaller(as, size);
	uint64_t first = (lo + size - 1) & ~(size - 1), last = hi & ~(size - 1);
	if (first >= last || first < lo) { /* (first < lo: rounding up wrapped) */
		choose(k, lo, hi, smaller);
		return;
	}
	choose(k, lo, first, smaller);
	for (uint64_t b = first; b < last && b >= first; b += size) {
		uint64_t bytes = mapped_below(as, b, size);
		if (bytes == 0 || bytes == UINT64_MAX)
			continue;
		uint64_t pa = 0;
		if (bytes == size)
			pa = as->hal->alloc_frames(as->hal->ctx, (size_t)(size / PTF_FRAME_SIZE), (size_t)size);
		if (pa)
			ptf_huge_chain_append(as, &k->chosen, pa, b, size);
		else
			choose(k, b, b + size, smaller);
	}
	choose(k, last, hi, smaller);
}

/* The flags a block of area a is write-protected with during the copy: a's less W, or
 * a's when it grants no W. false if the format has no form of a's flags without W: no
 * block of a can be copied safely. */
static bool copy_protection(const struct ptf_aspace *as, const struct area *a, unsigned *flags)
{
	*flags = a->flags;
	return !(a->flags & PTF_W) || ptf_dirty_log_protected(as, a->flags, flags) == PTF_OK;
}

static void choose_all(struct collapse *k, uint64_t start, uint64_t end)
{
	struct ptf_aspace *as = k->c.as;
	uint64_t max = ptf_huge_max(as);
	for (struct area *a = ptf_area_map_first_from(&as->areas, start); max && a && a->start < end;
	     a = ptf_area_map_next(&as->areas, a)) {
		unsigned unused;
		if (a->backend != PTF_BACKEND_ALLOC || !copy_protection(as, a, &unused))
			continue;
		uint64_t lo = a->start > start ? a->start : start, hi = a->end < end ? a->end : end;
		/* logged pages keep their own leaves (dirty_log.h) */
		for (uint64_t piece_end; lo < hi; lo = piece_end)
			if (!ptf_dirty_log_covers(as, lo, hi, &piece_end))
				choose(k, lo, piece_end, max);
	}
}

/* The bytes of the block at b copied into the frame at pa, granule by granule. Every
 * granule is mapped (the block was chosen so, and only writers unmap), and write
 * protected with that flushed (the apply pass): no vCPU writes it meanwhile. The copy
 * overwrites the chain's link, read already. */
static void copy_block(const struct ptf_aspace *as, uint64_t pa, uint64_t b, uint64_t size)
{
	const struct ptf_hal *hal = as->hal;
	for (uint64_t off = 0; off < size; off += as->page) {
		uint64_t old = 0;
		int rc = as->fmt->query(hal, as->root, address_of(as, b + off), &old, NULL, NULL);
		PTF_ASSERT(rc == PTF_OK);
		for (uint64_t at = 0; at < as->page; at += PTF_FRAME_SIZE) /* phys_to_virt: a frame at a time */
			__builtin_memcpy(hal->phys_to_virt(hal->ctx, pa + off + at), hal->phys_to_virt(hal->ctx, old + at),
			                 PTF_FRAME_SIZE);
	}
}

enum collapse_step {
	STEP_PROTECT, /* the block's leaves lose W */
	STEP_MAP,     /* the block copied into its frame, which one leaf maps instead */
};

/* One step for every chosen block: counted into need, or (need NULL) applied. */
static int each_block(struct collapse *k, enum collapse_step step, struct ptf_walk_need *need)
{
	struct ptf_aspace *as = k->c.as;
	ptf_huge_rewind(&k->chosen);
	uint64_t b, size;
	for (uint64_t pa; (pa = ptf_huge_chain_pop(as, &k->chosen, &b, &size));) {
		const struct area *a = ptf_area_map_find(&as->areas, b);
		struct ptf_walk_req r;
		if (step == STEP_PROTECT) {
			if (!(a->flags & PTF_W))
				continue; /* nothing to protect */
			r = (struct ptf_walk_req){ .kind = PTF_WALK_PROTECT, .va = b, .size = size, .perms_only = true };
			copy_protection(as, a, &r.flags); /* true: a was chosen */
		} else {
			r = (struct ptf_walk_req){ .kind = PTF_WALK_MAP, .va = b, .size = size, .flags = a->flags,
				                   .pa_minus_va = pa - b, .replace = true };
			if (!need)
				copy_block(as, pa, b, size);
		}
		int rc = ptf_change_step(&k->c, &r, need);
		if (rc)
			return rc;
		if (step == STEP_MAP && !need)
			__atomic_store_n(&as->blocks_collapsed, as->blocks_collapsed + 1, __ATOMIC_RELAXED);
	}
	return PTF_OK;
}

int ptf_aspace_collapse(struct ptf_aspace *as, uint64_t gpa, uint64_t size)
{
	if (!as)
		return PTF_EINVAL;
	uint64_t start = offset_of(as, gpa);
	int rc = ptf_check_range(start, size, as->page, as->base, as->end);
	if (rc)
		return rc;
	uint64_t end = start + size;
	struct collapse k;
	ptf_change_begin(&k.c, as);
	if (!ptf_area_map_overlaps(&as->areas, start, end)) {
		ptf_change_end(&k.c);
		return PTF_ENOAREA;
	}
	ptf_huge_chain_init(&k.chosen);
	choose_all(&k, start, end);
	struct ptf_walk_need need = { 0, 0, 0 };
	rc = each_block(&k, STEP_PROTECT, &need);
	if (!rc)
		rc = each_block(&k, STEP_MAP, &need);
	if (!rc)
		rc = ptf_change_reserve_counted(&k.c, &need);
	if (rc) {
		ptf_huge_give_back(as, &k.chosen);
		ptf_change_end(&k.c);
		return rc;
	}
	/* nothing below can fail */
	ptf_change_apply(&k.c, NULL);
	each_block(&k, STEP_PROTECT, NULL);
	/* the write protection reaches every CPU before the first byte is copied */
	struct ptf_tx *tx = &k.c.tx;
	if (ptf_tx_has_changed(tx))
		ptf_flush_tlb(as->hal, tx->vmid, address_of(as, tx->changed_lo), tx->changed_hi - tx->changed_lo);
	each_block(&k, STEP_MAP, NULL);
	ptf_change_end(&k.c);
	return PTF_OK;
}
