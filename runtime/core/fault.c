/* fault.c: the nested page-fault path. A fault in a lazy alloc area maps one zeroed
 * 4 KiB frame with the area's permissions; a fault on a page that is already mapped
 * (a spurious or racing fault) is handled without allocating. One descent either way:
 * it finds the page mapped, or takes the missing tables and the frame together (all
 * or nothing) on its way down. */
#include "aspace_internal.h"

#include "tx.h"
#include "walker/ops.h"

int ptf_aspace_handle_fault(struct ptf_aspace *as, uint64_t gpa, unsigned access)
{
	if (!as || !access || (access & ~(PTF_R | PTF_W | PTF_X)))
		return PTF_EINVAL;
	if (!in_window(as, gpa))
		return PTF_ERANGE;
	const struct area *a = ptf_area_map_find(&as->areas, gpa);
	if (!a)
		return PTF_ENOAREA;
	if ((a->flags & access) != access)
		return PTF_EACCESS;
	uint64_t page = gpa & ~(PAGE - 1);
	const struct ptf_walker_ops *w = as->fmt->walker;
	struct ptf_tx tx;
	ptf_tx_begin(&tx, as->hal);
	int rc;
	if (a->backend == PTF_BACKEND_LINEAR) {
		/* linear areas are mapped whole; a fault here is spurious unless the page was
		 * unmapped behind our back, in which case it comes back */
		struct ptf_walk_req r = { .kind = PTF_WALK_MAP, .va = page, .size = PAGE, .flags = a->flags,
			                  .pa_minus_va = a->hpa_minus_gpa };
		rc = w->one(&tx, as->root, &r);
		if (rc == PTF_EEXIST)
			rc = PTF_OK;
	} else {
		uint64_t frame;
		rc = w->fault(&tx, as->root, page, a->flags, &frame);
		if (rc == PTF_OK)
			as->frames_owned++;
		else if (rc == 1)
			rc = PTF_OK; /* already mapped: a spurious or racing fault */
	}
	ptf_tx_finish(&tx);
	return rc;
}
