/* age.c: access tracking, test-and-clear of each page's use since the last age
 * (ptf_aspace_age), for working-set estimation and reclaim. How a leaf records its use is
 * the format's (walker/accessed_level.h): an accessed bit the MMU sets, an access flag
 * whose absence makes the next access fault, or, where there is neither, the leaf's
 * permissions taken away until the fault on its next access gives them back. An age
 * changes only leaves, by compare-and-swap: it is a reader (gate.h) and runs beside faults,
 * which make the leaves they touch young again. */
#include "aspace_internal.h"

#include "bitmap.h"
#include "range.h"
#include "tx.h"
#include "walker/ops.h"

int ptf_aspace_age(struct ptf_aspace *as, uint64_t gpa, uint64_t size, uint64_t *bitmap)
{
	if (!as || !bitmap)
		return PTF_EINVAL;
	uint64_t start = offset_of(as, gpa);
	int rc = ptf_check_range(start, size, as->page, as->base, as->end);
	if (rc)
		return rc;
	if (as->fmt->accessed == PTF_ACCESSED_NONE)
		return PTF_ENOTSUP;
	__builtin_memset(bitmap, 0, ptf_bits_words(size) * sizeof(uint64_t));
	unsigned slot = reader_enter(as, GATE_FAULT);
	struct ptf_tx tx;
	ptf_tx_begin(&tx, as->hal, as->page);
	as->fmt->walker->age(&tx, as->root, start, size, bitmap);
	/* Whether an aged leaf's next access faults, or sets its bit again, once the TLB has
	 * let go of the young one: one flush of the span the aged leaves cover. */
	if (ptf_tx_has_changed(&tx))
		ptf_flush_tlb(as->hal, ptf_aspace_vmid(as), address_of(as, tx.changed_lo), tx.changed_hi - tx.changed_lo);
	ptf_tx_finish(&tx);
	reader_exit(as, slot);
	return PTF_OK;
}
