/* fault.c: the nested page-fault path. A fault in a lazy alloc area maps one zeroed
 * 4 KiB frame with the area's permissions; a fault on a page that is already mapped
 * (a spurious or racing fault) is handled without allocating. */
#include "aspace_internal.h"

#include <ptforge/walker_support.h>

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
	if (f->query(as->hal, as->root, page, NULL, NULL, NULL) == PTF_OK)
		return PTF_OK;
	if (a->backend == PTF_BACKEND_LINEAR)
		return f->map_page(as->hal, as->root, page, page + a->hpa_minus_gpa, PAGE, a->flags);
	uint64_t frame = ptf_frame_alloc_zeroed(as->hal);
	if (!frame)
		return PTF_ENOMEM;
	int rc = f->map_page(as->hal, as->root, page, frame, PAGE, a->flags);
	if (rc) {
		as->hal->free_frames(as->hal->ctx, frame, 1);
		return rc;
	}
	as->frames_owned++;
	return PTF_OK;
}
