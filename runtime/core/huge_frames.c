/* huge_frames.c: alloc areas backed by huge frames (huge_frames.h). */
#include "huge_frames.h"

#include "assert.h"
#include "dirty_log.h"
#include "tx.h"

/* What a taken frame holds in its first bytes until it is mapped: the chain's link and
 * the range it will map. */
struct huge_link {
	uint64_t next; /* pa of the next frame, 0 at the tail */
	uint64_t va;   /* the offset of the range it maps */
	uint64_t size;
};

static struct huge_link *link_of(const struct ptf_aspace *as, uint64_t pa)
{
	return as->hal->phys_to_virt(as->hal->ctx, pa); /* data frames always have one (hal.h) */
}

uint64_t ptf_huge_max(const struct ptf_aspace *as)
{
	const struct ptf_format *f = as->fmt;
	uint64_t max = 0;
	for (unsigned i = 1; i < f->n_page_sizes; i++)
		if (f->page_sizes[i] <= as->hal->data_frame_max)
			max = f->page_sizes[i];
	return max;
}

uint64_t ptf_huge_smaller(const struct ptf_aspace *as, uint64_t size)
{
	uint64_t below = 0;
	for (unsigned i = 1; i < as->fmt->n_page_sizes && as->fmt->page_sizes[i] < size; i++)
		below = as->fmt->page_sizes[i];
	return below;
}

static int found_leaf(const struct ptf_visit *v, unsigned visit, void *arg)
{
	(void)v, (void)visit, (void)arg;
	return 1;
}

static bool anything_mapped(const struct ptf_aspace *as, uint64_t off, uint64_t size)
{
	return as->fmt->walk(as->hal, as->root, address_of(as, off), size, PTF_VISIT_LEAF, found_leaf, NULL) == 1;
}

/* A zeroed frame of size bytes aligned to its size, or 0. phys_to_virt promises one HAL
 * frame at a time (hal.h): zeroed frame by frame. */
static uint64_t zeroed_frame(const struct ptf_aspace *as, uint64_t size)
{
	const struct ptf_hal *hal = as->hal;
	uint64_t pa = hal->alloc_frames(hal->ctx, (size_t)(size / PTF_FRAME_SIZE), (size_t)size);
	if (pa && !hal->frames_zeroed)
		for (uint64_t at = 0; at < size; at += PTF_FRAME_SIZE)
			__builtin_memset(hal->phys_to_virt(hal->ctx, pa + at), 0, PTF_FRAME_SIZE);
	return pa;
}

void ptf_huge_chain_append(const struct ptf_aspace *as, struct huge_chain *ch, uint64_t pa, uint64_t va,
                           uint64_t size)
{
	*link_of(as, pa) = (struct huge_link){ 0, va, size };
	if (ch->tail)
		link_of(as, ch->tail)->next = pa;
	else
		ch->head = pa;
	ch->tail = pa;
}

static void take_sized(struct ptf_aspace *as, uint64_t lo, uint64_t hi, uint64_t size, bool replace,
                       struct huge_chain *ch)
{
	if (!size || hi <= lo)
		return;
	uint64_t first = (lo + size - 1) & ~(size - 1), last = hi & ~(size - 1);
	if (first >= last || first < lo) { /* (first < lo: rounding up wrapped) */
		take_sized(as, lo, hi, ptf_huge_smaller(as, size), replace, ch);
		return;
	}
	take_sized(as, lo, first, ptf_huge_smaller(as, size), replace, ch);
	for (uint64_t at = first; at < last; at += size) {
		uint64_t pa = !replace && anything_mapped(as, at, size) ? 0 : zeroed_frame(as, size);
		if (pa)
			ptf_huge_chain_append(as, ch, pa, at, size);
		else
			take_sized(as, at, at + size, ptf_huge_smaller(as, size), replace, ch);
	}
	take_sized(as, last, hi, ptf_huge_smaller(as, size), replace, ch);
}

void ptf_huge_take(struct ptf_aspace *as, uint64_t lo, uint64_t hi, bool replace, struct huge_chain *ch)
{
	take_sized(as, lo, hi, ptf_huge_max(as), replace, ch);
}

uint64_t ptf_huge_chain_pop(const struct ptf_aspace *as, struct huge_chain *ch, uint64_t *va, uint64_t *size)
{
	uint64_t pa = ch->next;
	if (pa) {
		const struct huge_link l = *link_of(as, pa);
		*va = l.va;
		*size = l.size;
		ch->next = l.next;
	}
	return pa;
}

void ptf_huge_give_back(struct ptf_aspace *as, struct huge_chain *ch)
{
	for (uint64_t pa = ch->head; pa;) {
		const struct huge_link l = *link_of(as, pa);
		as->hal->free_frames(as->hal->ctx, pa, (size_t)(l.size / PTF_FRAME_SIZE));
		pa = l.next;
	}
	ptf_huge_chain_init(ch);
}

/* Granule pages for [lo, hi): where nothing maps it, or in place of what does (replace) */
static int fill_granules(struct change *c, uint64_t lo, uint64_t hi, unsigned flags, bool replace,
                         struct ptf_walk_need *need)
{
	if (hi <= lo)
		return PTF_OK;
	const struct ptf_walk_req r = { .kind = PTF_WALK_MAP, .va = lo, .size = hi - lo, .flags = flags, .alloc = true,
		                        .fill = !replace, .replace = replace };
	return ptf_change_step(c, &r, need);
}

/* The apply pass found [va, va + size) filled in part by faults since the frame was
 * taken (faults run until the gate closes): the frame's pieces go where nothing is
 * mapped, and every granule of it that no leaf took goes back. */
static void map_around_faults(struct change *c, uint64_t pa, uint64_t va, uint64_t size, unsigned flags)
{
	struct ptf_aspace *as = c->as;
	const struct ptf_walk_req r = { .kind = PTF_WALK_MAP, .va = va, .size = size, .flags = flags,
		                        .pa_minus_va = pa - va, .fill = true };
	ptf_change_walk(c, &r); /* below a table a fault made: no table to add */
	for (uint64_t off = 0; off < size; off += as->page) {
		uint64_t got = 0;
		if (as->fmt->query(as->hal, as->root, address_of(as, va + off), &got, NULL, NULL) || got != pa + off)
			as->hal->free_frames(as->hal->ctx, pa + off, (size_t)(as->page / PTF_FRAME_SIZE));
	}
}

int ptf_huge_fill(struct change *c, struct huge_chain *ch, uint64_t lo, uint64_t hi, unsigned flags, bool replace,
                  struct ptf_walk_need *need)
{
	struct ptf_aspace *as = c->as;
	uint64_t at = lo;
	while (ch->next) {
		const struct huge_link l = *link_of(as, ch->next);
		if (l.va >= hi)
			break;
		PTF_ASSERT(l.va >= at); /* in address order, inside [lo, hi) */
		int rc = fill_granules(c, at, l.va, flags, replace, need);
		if (rc)
			return rc;
		uint64_t pa = ch->next;
		/* counted as a fill: a fault may map part of it before the apply pass */
		const struct ptf_walk_req r = { .kind = PTF_WALK_MAP, .va = l.va, .size = l.size, .flags = flags,
			                        .pa_minus_va = pa - l.va, .fill = !replace, .replace = replace };
		if (need) {
			rc = ptf_change_count(c, &r, need);
			if (rc)
				return rc;
		} else {
			/* the link goes before the frame is mapped: it was its only non-zero bytes */
			*link_of(as, pa) = (struct huge_link){ 0, 0, 0 };
			if (!replace && anything_mapped(as, l.va, l.size))
				map_around_faults(c, pa, l.va, l.size, flags);
			else
				ptf_change_walk(c, &r);
		}
		ch->next = l.next;
		at = l.va + l.size;
	}
	return fill_granules(c, at, hi, flags, replace, need);
}

int ptf_huge_fault(struct ptf_aspace *as, uint64_t page, uint64_t area_lo, uint64_t area_hi, unsigned flags)
{
	for (uint64_t size = ptf_huge_max(as); size; size = ptf_huge_smaller(as, size)) {
		uint64_t lo = page & ~(size - 1), unlogged_end;
		if (lo < area_lo || lo + size > area_hi || anything_mapped(as, lo, size))
			continue;
		/* logged pages are write-protected by the granule (dirty_log.h) */
		if (as->logs && (ptf_dirty_log_covers(as, lo, lo + size, &unlogged_end) || unlogged_end < lo + size))
			continue;
		uint64_t pa = zeroed_frame(as, size);
		if (!pa)
			continue;
		struct ptf_tx tx;
		ptf_tx_begin(&tx, as->hal, as->page);
		tx.concurrent = true; /* other faults may install into the same tables */
		const struct ptf_walk_req r = { .kind = PTF_WALK_MAP, .va = lo, .size = size, .flags = flags,
			                        .pa_minus_va = pa - lo };
		int rc = as->fmt->walker->one(&tx, as->root, &r);
		ptf_tx_finish(&tx);
		if (rc == PTF_OK)
			return PTF_OK;
		/* a fault filled part of it first, or no table frame: one granule then */
		as->hal->free_frames(as->hal->ctx, pa, (size_t)(size / PTF_FRAME_SIZE));
		return 1;
	}
	return 1;
}
