/* fault.c: the nested page-fault path. A fault in a lazy alloc area maps one zeroed
 * granule-sized frame (4, 16 or 64 KiB, the format's smallest page) with the area's
 * permissions; a fault on a page that is already mapped (a spurious or racing fault)
 * is handled without allocating, and, when its leaf denies an access the area allows (a
 * permission fault), by giving the leaf the area's permissions back. One descent either way:
 * it finds the page mapped, or takes the missing tables and the frame together (all
 * or nothing) on its way down. Faults are readers of the address space (gate.h): any
 * number run at once, installing entries by compare-and-swap; of two faults on one
 * page one maps its frame, the other gives its frame back and returns 0. In a
 * dirty-logged range (dirty_log.h) a read maps the page write-protected, and a write
 * that maps a page, or gives one W back, marks it written. An area that asks for huge
 * frames (ptf_aspace_map_alloc_huge) gets the largest one around the page that fits,
 * outside logged ranges (huge_frames.h). */
#include "aspace_internal.h"

#include "dirty_log.h"
#include "huge_frames.h"
#include "tx.h"
#include "walker/ops.h"

static int fault_in(struct ptf_aspace *as, const struct area *a, uint64_t page, unsigned access);

int ptf_aspace_handle_fault(struct ptf_aspace *as, uint64_t gpa, unsigned access)
{
	if (!as || !access || (access & ~(PTF_R | PTF_W | PTF_X)))
		return PTF_EINVAL;
	uint64_t off = offset_of(as, gpa);
	if (!in_window(as, off))
		return PTF_ERANGE;
	unsigned slot = reader_enter(as, GATE_FAULT);
	const struct area *a = ptf_area_map_find(&as->areas, off);
	int rc = !a ? PTF_ENOAREA
	       : (a->flags & access) != access ? PTF_EACCESS
	                                        : fault_in(as, a, off & ~(as->page - 1), access);
	reader_exit(as, slot);
	return rc;
}

/* The page in area a (an offset, aspace_internal.h): mapped now, or found mapped; found
 * mapped by a leaf that denies access (which the area allows), given the area's
 * permissions back. */
static int fault_in(struct ptf_aspace *as, const struct area *a, uint64_t page, unsigned access)
{
	const struct ptf_walker_ops *w = as->fmt->walker;
	/* a logged page is mapped writable only for a write, which marks it */
	uint64_t unused;
	bool logged = as->logs && (a->flags & PTF_W) && ptf_dirty_log_covers(as, page, page + 1, &unused);
	unsigned flags = a->flags;
	if (logged && !(access & PTF_W) && ptf_dirty_log_protected(as, a->flags, &flags))
		flags = a->flags; /* no read-only form (refused in logged ranges): marked below */
	struct ptf_tx tx;
	ptf_tx_begin(&tx, as->hal, as->page);
	tx.concurrent = true; /* other faults may install into the same tables */
	int rc;
	bool mapped_before;
	if (a->backend == PTF_BACKEND_LINEAR) {
		/* linear areas are mapped whole; a fault here is spurious unless the page was
		 * unmapped behind our back, in which case it comes back */
		struct ptf_walk_req r = { .kind = PTF_WALK_MAP, .va = page, .size = as->page, .flags = flags,
			                  .pa_minus_va = a->hpa_minus_gpa };
		rc = w->one(&tx, as->root, &r);
		mapped_before = rc == PTF_EEXIST;
	} else if (a->huge_faults && !logged && as->hal->data_frame_max &&
	           ptf_huge_fault(as, page, a->start, a->end, flags) == PTF_OK) {
		rc = PTF_OK; /* the whole huge frame around page is mapped */
		mapped_before = false;
	} else {
		uint64_t frame;
		rc = w->fault(&tx, as->root, page, flags, &frame);
		mapped_before = rc == 1; /* a spurious fault, or another vCPU's won the race */
	}
	/* a permission fault: the leaf denies what the area allows */
	bool regranted = mapped_before && w->regrant(&tx, as->root, page, flags, access) == 0;
	ptf_tx_finish(&tx);
	if (mapped_before) {
		/* the TLB holds the old leaf; and an MMU that caches invalid entries (RISC-V
		 * without Svvptc) may still hold this page's: drop it, or the vCPU faults on
		 * it again and again */
		if (regranted || as->fmt->caches_invalid_entries)
			ptf_flush_tlb(as->hal, ptf_aspace_vmid(as), address_of(as, page), as->page);
		rc = PTF_OK;
	}
	if (rc == PTF_OK && logged && (flags & PTF_W))
		ptf_dirty_log_mark(as, page, as->page);
	return rc;
}
