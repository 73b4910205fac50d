/* rig.c: one phase's HAL, address space and tree (see rig.h), and the generic fault path. */
#include "rig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void bench_die(const char *what, int rc)
{
	fprintf(stderr, "ptf bench: %s: %s\n", what, ptf_strerror(rc));
	exit(2);
}

void rig_open(struct rig *r, const struct ptf_format *fmt, enum walker w, size_t arena_bytes)
{
	rig_open_with(r, fmt, w, arena_bytes, NULL);
}

void rig_open_with(struct rig *r, const struct ptf_format *fmt, enum walker w, size_t arena_bytes,
                   const struct ptf_hal *(*wrap)(struct ptf_host_hal *host))
{
	memset(r, 0, sizeof(*r));
	r->walker = w;
	r->fmt = fmt;
	r->page = ptf_format_granule(fmt);
	r->host = ptf_host_hal_create(arena_bytes);
	if (!r->host)
		bench_die("arena", PTF_ENOMEM);
	r->hal = ptf_host_hal_get(r->host);
	/* a hypervisor's memory is resident: take the kernel's first-touch faults now */
	memset(r->hal->phys_to_virt(r->hal->ctx, ptf_host_hal_arena_base(r->host)), 0,
	       ptf_host_hal_arena_frames(r->host) * PTF_FRAME_SIZE);
	if (wrap)
		r->hal = wrap(r->host);
	/* from 0: 1 TiB, or what the format has from 0 (a sign-extended one's lower half) */
	uint64_t window = ptf_format_input_end(fmt) < ((uint64_t)1 << 40) ? ptf_format_input_end(fmt) : (uint64_t)1 << 40;
	int rc = ptf_aspace_create(&r->as, fmt, 0, window, r->hal);
	if (rc)
		bench_die("address space", rc);
	if (w == SPECIALISED) {
		r->root = ptf_aspace_root(r->as);
	} else {
		generic_paging_init(&r->g, fmt);
		if ((rc = fmt->root_alloc(r->hal, &r->root)))
			bench_die("generic root", rc);
	}
}

void rig_close(struct rig *r)
{
	if (r->walker == GENERIC)
		r->fmt->destroy(r->hal, r->root); /* frees the tables; data frames go with the arena */
	ptf_aspace_destroy(r->as);
	ptf_host_hal_destroy(r->host);
}

void rig_add_lazy_area(struct rig *r, uint64_t gpa, uint64_t size)
{
	int rc = ptf_aspace_map_alloc(r->as, gpa, size, RW, false);
	if (rc)
		bench_die("map_alloc", rc);
}

uint64_t last_level_table_span(const struct ptf_format *fmt)
{
	const struct ptf_level_info *last = &fmt->level[fmt->levels - 1];
	return (uint64_t)1 << (last->index_lo + last->index_bits);
}

uint64_t huge_leaf_size(const struct ptf_format *fmt)
{
	uint64_t size = ptf_format_granule(fmt);
	for (unsigned i = 0; i < fmt->n_page_sizes; i++)
		if (fmt->page_sizes[i] <= ((uint64_t)1 << 30))
			size = fmt->page_sizes[i];
	return size;
}

uint64_t last_level_table_bytes(const struct ptf_format *fmt, uint64_t size)
{
	uint64_t span = last_level_table_span(fmt);
	return (size + span - 1) / span * ptf_format_granule(fmt);
}

/* ptf_aspace_handle_fault's steps (area look-up, permission check, already mapped?,
 * take a frame, zero it, map it) through the generic walker. Like ptforge, it leaves
 * unzeroed a frame the HAL says arrives zeroed. */
int generic_handle_fault(const struct rig *r, uint64_t gpa, unsigned access)
{
	struct ptf_area_info area;
	int rc = ptf_aspace_find_area(r->as, gpa, &area);
	if (rc)
		return rc;
	if ((area.flags & access) != access)
		return PTF_EACCESS;
	uint64_t page = gpa & ~(r->page - 1), pa;
	if (generic_query(&r->g, r->hal, r->root, page, &pa) == PTF_OK)
		return PTF_OK;
	uint64_t frame = r->hal->alloc_frames(r->hal->ctx, r->g.granule_frames, (size_t)r->page);
	if (!frame)
		return PTF_ENOMEM;
	if (!r->hal->frames_zeroed)
		memset(r->hal->phys_to_virt(r->hal->ctx, frame), 0, (size_t)r->page);
	rc = generic_map_page(&r->g, r->hal, r->root, page, frame, r->page, area.flags);
	if (rc)
		r->hal->free_frames(r->hal->ctx, frame, r->g.granule_frames);
	return rc;
}
