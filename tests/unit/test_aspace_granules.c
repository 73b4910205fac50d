/* Tables and pages are whole granules (4, 16 or 64 KiB, the format's), each aligned to
 * its size: a guest page never shares bytes with a page table, whatever the granule. */
#include "aspace_fixture.h"

struct extents {
	size_t n;
	struct { uint64_t pa, size; bool table; } e[64];
};

static int note_extent(const struct ptf_visit *v, unsigned visit, void *arg)
{
	struct extents *x = arg;
	cr_assert_lt(x->n, 64);
	bool table = visit == PTF_VISIT_TABLE_PRE;
	x->e[x->n].pa = v->info.pa;
	x->e[x->n].size = table ? PG : v->info.size;
	x->e[x->n].table = table;
	x->n++;
	return 0;
}

ASPACE_FORMAT_PARAMS(granules, faulted_pages_and_tables_are_whole_aligned_granules_that_never_overlap)
ParameterizedTest(const unsigned *fi, granules, faulted_pages_and_tables_are_whole_aligned_granules_that_never_overlap)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, GiB, 64 * PG, AS_RW, false), PTF_OK);
	for (unsigned i = 0; i < 8; i++)
		cr_assert_eq(ptf_aspace_handle_fault(fx.as, GiB + (uint64_t)i * 7 * PG + PG / 2, PTF_W), PTF_OK);
	struct extents x = { 0 };
	cr_assert_eq(fx.fmt->walk(fx.hal, ptf_aspace_root(fx.as), 0, geo_span(fx.fmt) < 64 * GiB ? geo_span(fx.fmt) : 64 * GiB,
	                          PTF_VISIT_LEAF | PTF_VISIT_TABLE_PRE, note_extent, &x), 0);
	cr_assert_eq(x.n, 8 + (fx.fmt->levels - 1), "%s: 8 pages and a table per level below the root", fx.fmt->name);
	for (size_t i = 0; i < x.n; i++) {
		cr_expect_eq(x.e[i].pa % PG, 0, "%s: %s at %#llx is aligned to the %llu-byte granule", fx.fmt->name,
		             x.e[i].table ? "table" : "page", (unsigned long long)x.e[i].pa, (unsigned long long)PG);
		cr_expect_eq(x.e[i].size, PG, "%s: every page and table is one granule", fx.fmt->name);
		for (size_t k = 0; k < i; k++)
			cr_expect(x.e[i].pa + x.e[i].size <= x.e[k].pa || x.e[k].pa + x.e[k].size <= x.e[i].pa,
			          "%s: %#llx and %#llx overlap", fx.fmt->name, (unsigned long long)x.e[i].pa,
			          (unsigned long long)x.e[k].pa);
	}
	/* the last byte of a faulted page is its own: written through the guest, read in
	 * host memory at hpa + PG - 1 */
	uint64_t gpa = GiB + 7 * PG, hpa;
	unsigned char byte = 0x7e;
	cr_assert_eq(ptf_aspace_write(fx.as, gpa + PG - 1, &byte, 1), PTF_OK);
	cr_assert_eq(ptf_aspace_translate(fx.as, gpa, &hpa, NULL), PTF_OK);
	cr_expect_eq(((unsigned char *)asfx_va(&fx, hpa))[PG - 1], 0x7e, "%s", fx.fmt->name);
	struct ptf_aspace_stats st;
	ptf_aspace_stats(fx.as, &st);
	cr_expect_eq(st.frames_owned, 8, "%s: 8 pages", fx.fmt->name);
	cr_expect_eq(st.frames_in_use, asfx_hal_frames(&fx), "%s: stats count the HAL's frames", fx.fmt->name);
	asfx_close(&fx);
}

ASPACE_FORMAT_PARAMS(granules, addresses_inside_a_granule_are_refused)
ParameterizedTest(const unsigned *fi, granules, addresses_inside_a_granule_are_refused)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	if (PG == PTF_FRAME_SIZE) {
		asfx_close(&fx);
		cr_skip_test("%s: 4 KiB granule, nothing smaller to refuse", fx.fmt->name);
	}
	/* 4 KiB steps are HAL frames, but not pages of this format */
	cr_expect_eq(ptf_aspace_map_alloc(fx.as, GiB + PTF_FRAME_SIZE, PG, AS_RW, false), PTF_EALIGN, "%s", fx.fmt->name);
	cr_expect_eq(ptf_aspace_map_alloc(fx.as, GiB, PG + PTF_FRAME_SIZE, AS_RW, false), PTF_EALIGN, "%s", fx.fmt->name);
	cr_expect_eq(ptf_aspace_map_linear(fx.as, GiB, 8 * GiB + PTF_FRAME_SIZE, PG, AS_RW), PTF_EALIGN, "%s", fx.fmt->name);
	uint64_t gpa;
	cr_expect_eq(ptf_aspace_find_free(fx.as, PG, PTF_FRAME_SIZE, &gpa), PTF_EALIGN, "%s", fx.fmt->name);
	asfx_close(&fx);
}
