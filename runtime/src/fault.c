/* fault.c: the nested page-fault path. A fault in a lazy alloc area maps one zeroed
 * 4 KiB frame with the area's permissions; a fault on a page that is already mapped
 * (a spurious or racing fault) is handled without allocating. */
#include "aspace_internal.h"


int ptf_aspace_handle_fault(struct ptf_aspace *as, uint64_t gpa, unsigned access)
{
	if (!as || !access || (access & ~(PTF_R | PTF_W | PTF_X)))
		return PTF_EINVAL;
	if (!in_window(as, gpa))
		return PTF_ERANGE;
	const struct area *a = area_map_find(&as->areas, gpa);
	if (!a)
		return PTF_ENOAREA;
	if ((a->flags & access) != access)
		return PTF_EACCESS;
	uint64_t page = gpa & ~(PAGE - 1);
	const struct ptf_format *f = as->fmt;
	if (a->backend == PTF_BACKEND_LINEAR) {
		/* linear areas are mapped whole; a fault here is spurious unless it was unmapped
		 * behind our back, in which case the page comes back */
		if (f->query(as->hal, as->root, page, NULL, NULL, NULL) == PTF_OK)
			return PTF_OK;
		return f->map_page(as->hal, as->root, page, page + a->hpa_minus_gpa, PAGE, a->flags);
	}
	uint64_t frame;
	int rc = f->fault_page(as->hal, as->root, page, a->flags, &frame);
	if (rc == 1)
		return PTF_OK; /* already mapped: a spurious or racing fault */
	if (rc == PTF_OK)
		as->frames_owned++;
	return rc;
}
