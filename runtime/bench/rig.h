/* rig.h: one phase's setting: a fresh host HAL (its arena touched, as a hypervisor's
 * memory is resident), one address space for area look-ups and one tree, worked on by
 * one walker. The specialised rig's tree is its address space's; the generic rig's is a
 * tree of its own, and its address space's tree stays empty (it only holds the areas
 * the generic fault path looks up). A phase opens a rig, times one walker on it and
 * closes it, so there is never more than one tree in use.
 * The calls below reach the phase's walker through one well-predicted branch. */
#ifndef PTF_BENCH_RIG_H
#define PTF_BENCH_RIG_H

#include <ptforge/ptforge.h>

#include "generic_walker.h"
#include "results.h"

#define RW (PTF_R | PTF_W)

struct rig {
	enum walker walker;
	const struct ptf_format *fmt;
	struct ptf_host_hal *host;
	const struct ptf_hal *hal;
	struct ptf_aspace *as;
	uint64_t root;           /* the tree this rig's walker works on */
	struct generic_paging g; /* the generic walker's level table (GENERIC only) */
	uint64_t page;           /* the format's granule: its smallest page */
};

void rig_open(struct rig *r, const struct ptf_format *fmt, enum walker w, size_t arena_bytes);
/* The same, with the HAL wrap makes of the host HAL (a phase's own allocator in front) */
void rig_open_with(struct rig *r, const struct ptf_format *fmt, enum walker w, size_t arena_bytes,
                   const struct ptf_hal *(*wrap)(struct ptf_host_hal *host));
void rig_close(struct rig *r);
/* a lazy alloc area (one zeroed frame mapped per fault) over [gpa, gpa + size) */
void rig_add_lazy_area(struct rig *r, uint64_t gpa, uint64_t size);
/* bytes of the last-level tables that map size bytes of granule-sized pages */
uint64_t last_level_table_bytes(const struct ptf_format *fmt, uint64_t size);
/* A fault count given for 4 KiB pages, for fmt's pages: the same bytes of guest memory
 * (a 64 KiB-granule format takes a sixteenth of the faults), so that the host memory a
 * phase takes and the distinct pages it can fault stay what they are with 4 KiB. */
static inline size_t faults_for(const struct ptf_format *fmt, size_t faults_4k)
{
	size_t n = (size_t)(faults_4k * PTF_FRAME_SIZE / ptf_format_granule(fmt));
	return n ? n : 1;
}
/* input bytes one last-level table maps (2 MiB with 512 entries of 4 KiB pages) */
uint64_t last_level_table_span(const struct ptf_format *fmt);
/* The largest leaf up to 1 GiB (1 GiB on x86 and ARM 4 KiB, 4 MiB on Sv32x4): what the
 * huge-leaf operations map. */
uint64_t huge_leaf_size(const struct ptf_format *fmt);

/* Reports a call that failed and stops: a benchmark that cannot do its work has no result. */
_Noreturn void bench_die(const char *what, int rc);

int generic_handle_fault(const struct rig *r, uint64_t gpa, unsigned access);

static inline int rig_fault(const struct rig *r, uint64_t gpa)
{
	return r->walker == SPECIALISED ? ptf_aspace_handle_fault(r->as, gpa, PTF_W)
	                                : generic_handle_fault(r, gpa, PTF_W);
}

static inline int rig_map_page(const struct rig *r, uint64_t va, uint64_t pa)
{
	return r->walker == SPECIALISED ? r->fmt->map_page(r->hal, r->root, va, pa, r->page, RW)
	                                : generic_map_page(&r->g, r->hal, r->root, va, pa, r->page, RW);
}

static inline int rig_unmap_page(const struct rig *r, uint64_t va)
{
	return r->walker == SPECIALISED ? r->fmt->unmap_page(r->hal, r->root, va, r->page)
	                                : generic_unmap_page(&r->g, r->hal, r->root, va, r->page);
}

static inline int rig_map_range(const struct rig *r, uint64_t va, uint64_t pa, uint64_t size)
{
	return r->walker == SPECIALISED ? r->fmt->map_range(r->hal, r->root, va, pa, size, RW)
	                                : generic_map_range(&r->g, r->hal, r->root, va, pa, size, RW);
}

static inline int rig_unmap_range(const struct rig *r, uint64_t va, uint64_t size)
{
	return r->walker == SPECIALISED ? r->fmt->unmap_range(r->hal, r->root, va, size)
	                                : generic_unmap_range(&r->g, r->hal, r->root, va, size);
}

static inline int rig_protect_range(const struct rig *r, uint64_t va, uint64_t size, unsigned flags)
{
	return r->walker == SPECIALISED ? r->fmt->protect_range(r->hal, r->root, va, size, flags)
	                                : generic_protect_range(&r->g, r->hal, r->root, va, size, flags);
}

#endif
