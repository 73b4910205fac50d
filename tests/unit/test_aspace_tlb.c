/* TLB invalidation: one flush_tlb call per operation that removed or altered an existing
 * translation, covering exactly the span from the first to the last translation it
 * changed (where the format breaks before making, the flush between covers exactly the
 * entries broken); none when no valid entry changed, and none when a call fails. The
 * VMID set on the address space reaches the HAL's flush_tlb_vmid, and destroy
 * invalidates it once through flush_tlb_vmid_all. Expected spans are worked out here
 * from what each test mapped. */
#include "aspace_fixture.h"
#include "wrapped_hal.h"

#define G (64 * MiB)
#define FAR_HPA ASFX_FAR_HPA /* linear targets outside the arena: only the tables matter here */

static void expect_flushes(const struct aspace_fx *fx, unsigned long want, const char *what)
{
	cr_expect_eq(asfx_flushes(fx), want, "%s: %s: %lu flush_tlb calls, want %lu", fx->fmt->name, what, asfx_flushes(fx),
	             want);
}

static void expect_last_flush_exactly(const struct aspace_fx *fx, uint64_t gpa, uint64_t size, const char *what)
{
	uint64_t fg, fs;
	asfx_last_flush(fx, &fg, &fs);
	cr_expect(fg == gpa && fs == size, "%s: %s: flushed [%#llx, +%#llx), want exactly [%#llx, +%#llx)", fx->fmt->name,
	          what, (unsigned long long)fg, (unsigned long long)fs, (unsigned long long)gpa, (unsigned long long)size);
}

/* The size of the leaf that maps gpa (0: none). */
static uint64_t leaf_at(const struct aspace_fx *fx, uint64_t gpa)
{
	uint64_t size = 0;
	if (fx->fmt->query(fx->hal, ptf_aspace_root(fx->as), gpa, NULL, NULL, &size))
		return 0;
	return size;
}

/* What a change of [gpa, gpa + size) flushes on fx's format when every page in it is
 * mapped and changes: the range itself; where the format breaks before making, a leaf
 * the range cuts at either end is broken whole (a split), so the span grows to it. Call
 * before the change. */
static void changed_span(const struct aspace_fx *fx, uint64_t gpa, uint64_t size, uint64_t *lo, uint64_t *hi)
{
	*lo = gpa;
	*hi = gpa + size;
	if (!fx->fmt->break_before_make)
		return;
	uint64_t first = leaf_at(fx, gpa), last = leaf_at(fx, gpa + size - 1);
	if (first)
		*lo = gpa & ~(first - 1);
	if (last)
		*hi = ((gpa + size - 1) & ~(last - 1)) + last;
}

/* ---- no flush when nothing valid changed ---- */

ASPACE_FORMAT_PARAMS(aspace_tlb, mapping_fresh_areas_does_not_flush)
ParameterizedTest(const unsigned *fi, aspace_tlb, mapping_fresh_areas_does_not_flush)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	cr_assert_eq(ptf_aspace_map_linear(fx.as, G, FAR_HPA, 4 * MiB + 2 * PG, AS_RW), PTF_OK);
	expect_flushes(&fx, 0, "linear area");
	cr_assert_eq(ptf_aspace_map_linear(fx.as, 2 * GiB, 2 * GiB + FAR_HPA, GiB, AS_RW), PTF_OK);
	expect_flushes(&fx, 0, "linear area of 1 GiB leaves");
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, G + 8 * MiB, 4 * PG, AS_RW, true), PTF_OK);
	expect_flushes(&fx, 0, "populated alloc area");
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, G + 16 * MiB, 4 * PG, AS_RW, false), PTF_OK);
	expect_flushes(&fx, 0, "lazy alloc area");
	/* the overwrite variants, on a free range, only add */
	cr_assert_eq(ptf_aspace_map_linear_overwrite(fx.as, G + 32 * MiB, FAR_HPA, 2 * PG, AS_RW), PTF_OK);
	cr_assert_eq(ptf_aspace_map_alloc_overwrite(fx.as, G + 40 * MiB, 2 * PG, AS_RW, true), PTF_OK);
	expect_flushes(&fx, 0, "overwrite of free ranges");
	asfx_close(&fx);
}

ASPACE_FORMAT_PARAMS(aspace_tlb, lazy_fault_does_not_flush)
ParameterizedTest(const unsigned *fi, aspace_tlb, lazy_fault_does_not_flush)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, G, 8 * PG, AS_RW, false), PTF_OK);
	cr_assert_eq(ptf_aspace_handle_fault(fx.as, G + 3 * PG + 17, PTF_W), PTF_OK);
	expect_flushes(&fx, 0, "first fault on a lazy page");
	/* a spurious fault flushes only where the MMU may cache the invalid entry it saw
	 * (RISC-V without Svvptc: privileged spec, hypervisor memory-management fences) */
	unsigned spurious = fx.fmt->caches_invalid_entries;
	cr_assert_eq(ptf_aspace_handle_fault(fx.as, G + 3 * PG, PTF_R), PTF_OK);
	expect_flushes(&fx, spurious, "spurious fault on the page just mapped");
	cr_assert_eq(ptf_aspace_map_linear(fx.as, G + MiB, FAR_HPA, PG, AS_RW), PTF_OK);
	cr_assert_eq(ptf_aspace_handle_fault(fx.as, G + MiB, PTF_R), PTF_OK);
	expect_flushes(&fx, 2 * spurious, "spurious fault on a linear page");
	asfx_close(&fx);
}

ASPACE_FORMAT_PARAMS(aspace_tlb, spurious_fault_flushes_just_its_page_where_invalid_entries_are_cached)
ParameterizedTest(const unsigned *fi, aspace_tlb, spurious_fault_flushes_just_its_page_where_invalid_entries_are_cached)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	if (!fx.fmt->caches_invalid_entries) {
		asfx_close(&fx);
		cr_skip_test("%s: its MMU caches no invalid entry", fx.fmt->name);
	}
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, G, 8 * PG, AS_RW, false), PTF_OK);
	cr_assert_eq(ptf_aspace_handle_fault(fx.as, G + 5 * PG + 40, PTF_W), PTF_OK);
	cr_assert_eq(ptf_aspace_handle_fault(fx.as, G + 5 * PG + 80, PTF_R), PTF_OK);
	expect_flushes(&fx, 1, "spurious fault");
	uint64_t gpa, size;
	ptf_host_hal_last_flush(fx.host, &gpa, &size);
	cr_expect(gpa == G + 5 * PG && size == PG, "%s: flushed [%#llx, +%#llx), want the faulting page",
	          fx.fmt->name, (unsigned long long)gpa, (unsigned long long)size);
	asfx_close(&fx);
}

ASPACE_FORMAT_PARAMS(aspace_tlb, unmap_of_lazy_unfaulted_area_flushes_nothing)
ParameterizedTest(const unsigned *fi, aspace_tlb, unmap_of_lazy_unfaulted_area_flushes_nothing)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, G, 8 * PG, AS_RW, false), PTF_OK);
	cr_assert_eq(ptf_aspace_unmap(fx.as, G + PG, 2 * PG), PTF_OK);
	expect_flushes(&fx, 0, "unmap of part of a lazy area");
	cr_assert_eq(ptf_aspace_unmap(fx.as, G, 8 * PG), PTF_OK);
	expect_flushes(&fx, 0, "unmap of the rest");
	cr_expect_eq(ptf_aspace_find_area(fx.as, G, NULL), PTF_ENOAREA);
	asfx_close(&fx);
}

ASPACE_FORMAT_PARAMS(aspace_tlb, unmap_of_unfaulted_part_of_lazy_area_does_not_flush_but_faulted_part_does)
ParameterizedTest(const unsigned *fi, aspace_tlb, unmap_of_unfaulted_part_of_lazy_area_does_not_flush_but_faulted_part_does)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, G, 8 * PG, AS_RW, false), PTF_OK);
	cr_assert_eq(ptf_aspace_handle_fault(fx.as, G + 5 * PG, PTF_R), PTF_OK);
	cr_assert_eq(ptf_aspace_unmap(fx.as, G, 4 * PG), PTF_OK);
	expect_flushes(&fx, 0, "unmap of the unfaulted pages");
	cr_assert_eq(ptf_aspace_unmap(fx.as, G + 4 * PG, 2 * PG), PTF_OK);
	expect_flushes(&fx, 1, "unmap of a range holding the faulted page");
	expect_last_flush_exactly(&fx, G + 5 * PG, PG, "unmap: the faulted page only");
	asfx_close(&fx);
}

ASPACE_FORMAT_PARAMS(aspace_tlb, protect_of_area_never_faulted_in_does_not_flush)
ParameterizedTest(const unsigned *fi, aspace_tlb, protect_of_area_never_faulted_in_does_not_flush)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, G, 8 * PG, AS_RW, false), PTF_OK);
	cr_assert_eq(ptf_aspace_protect(fx.as, G, 8 * PG, AS_RO), PTF_OK);
	cr_assert_eq(ptf_aspace_protect(fx.as, G + PG, PG, AS_RW), PTF_OK);
	expect_flushes(&fx, 0, "protect of a lazy area");
	asfx_close(&fx);
}

/* Rewriting 4 KiB entries with the flags they already have alters no translation. */
ASPACE_FORMAT_PARAMS(aspace_tlb, protect_with_the_flags_already_in_place_does_not_flush)
ParameterizedTest(const unsigned *fi, aspace_tlb, protect_with_the_flags_already_in_place_does_not_flush)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, G, 8 * PG, AS_RW, true), PTF_OK);
	cr_assert_eq(ptf_aspace_protect(fx.as, G, 8 * PG, AS_RW), PTF_OK);
	expect_flushes(&fx, 0, "protect RW -> RW of 4 KiB pages");
	asfx_close(&fx);
}

ASPACE_FORMAT_PARAMS(aspace_tlb, clear_without_translations_does_not_flush)
ParameterizedTest(const unsigned *fi, aspace_tlb, clear_without_translations_does_not_flush)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	ptf_aspace_clear(fx.as);
	expect_flushes(&fx, 0, "clear of an empty address space");
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, G, 8 * PG, AS_RW, false), PTF_OK);
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, 2 * G, 8 * PG, AS_RW, false), PTF_OK);
	ptf_aspace_clear(fx.as);
	expect_flushes(&fx, 0, "clear of lazy areas never faulted in");
	struct ptf_aspace_stats st;
	ptf_aspace_stats(fx.as, &st);
	cr_expect_eq(st.areas, 0);
	asfx_close(&fx);
}

/* ---- exactly one flush, covering the range ---- */

ASPACE_FORMAT_PARAMS(aspace_tlb, unmap_of_mapped_range_flushes_once_with_exactly_the_changed_span)
ParameterizedTest(const unsigned *fi, aspace_tlb, unmap_of_mapped_range_flushes_once_with_exactly_the_changed_span)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	cr_assert_eq(ptf_aspace_map_linear(fx.as, G, FAR_HPA, 8 * MiB, AS_RW), PTF_OK);
	/* the middle of a 2 MiB leaf: a split, still one operation (with break-before-make,
	 * one flush of the whole leaf between break and make, and none after) */
	uint64_t lo, hi;
	changed_span(&fx, G + 2 * MiB + 3 * PG, 2 * PG, &lo, &hi);
	cr_assert_eq(ptf_aspace_unmap(fx.as, G + 2 * MiB + 3 * PG, 2 * PG), PTF_OK);
	expect_flushes(&fx, 1, "partial unmap of a linear area");
	expect_last_flush_exactly(&fx, lo, hi - lo, "partial unmap");
	/* whole leaves across several of them */
	cr_assert_eq(ptf_aspace_unmap(fx.as, G + 4 * MiB, 4 * MiB), PTF_OK);
	expect_flushes(&fx, 2, "unmap of the area's tail");
	expect_last_flush_exactly(&fx, G + 4 * MiB, 4 * MiB, "tail unmap");
	asfx_close(&fx);
}

ASPACE_FORMAT_PARAMS(aspace_tlb, unmap_of_populated_alloc_area_flushes_once_with_exactly_that_range)
ParameterizedTest(const unsigned *fi, aspace_tlb, unmap_of_populated_alloc_area_flushes_once_with_exactly_that_range)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, G, 16 * PG, AS_RW, true), PTF_OK);
	cr_assert_eq(ptf_aspace_unmap(fx.as, G, 16 * PG), PTF_OK);
	expect_flushes(&fx, 1, "unmap of a populated area");
	expect_last_flush_exactly(&fx, G, 16 * PG, "unmap");
	asfx_close(&fx);
}

ASPACE_FORMAT_PARAMS(aspace_tlb, unmap_spanning_two_areas_and_a_gap_flushes_once_with_exactly_that_range)
ParameterizedTest(const unsigned *fi, aspace_tlb, unmap_spanning_two_areas_and_a_gap_flushes_once_with_exactly_that_range)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	cr_assert_eq(ptf_aspace_map_linear(fx.as, G, FAR_HPA, 4 * PG, AS_RW), PTF_OK);
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, G + 6 * PG, 4 * PG, AS_RW, true), PTF_OK);
	cr_assert_eq(ptf_aspace_unmap(fx.as, G + 2 * PG, 6 * PG), PTF_OK);
	expect_flushes(&fx, 1, "one unmap across two areas");
	expect_last_flush_exactly(&fx, G + 2 * PG, 6 * PG, "unmap");
	asfx_close(&fx);
}

ASPACE_FORMAT_PARAMS(aspace_tlb, protect_of_mapped_range_flushes_once_with_exactly_the_changed_span)
ParameterizedTest(const unsigned *fi, aspace_tlb, protect_of_mapped_range_flushes_once_with_exactly_the_changed_span)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	cr_assert_eq(ptf_aspace_map_linear(fx.as, G, FAR_HPA, 8 * MiB, AS_RW), PTF_OK);
	uint64_t lo, hi;
	changed_span(&fx, G + 2 * MiB + 3 * PG, 2 * PG, &lo, &hi);
	cr_assert_eq(ptf_aspace_protect(fx.as, G + 2 * MiB + 3 * PG, 2 * PG, AS_RO), PTF_OK);
	expect_flushes(&fx, 1, "protect inside a 2 MiB leaf");
	expect_last_flush_exactly(&fx, lo, hi - lo, "protect");
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, G + 8 * MiB, 4 * PG, AS_RW, true), PTF_OK);
	/* across the boundary of two areas: whole leaves, a permission change (no break) */
	cr_assert_eq(ptf_aspace_protect(fx.as, G + 6 * MiB, 2 * MiB + 2 * PG, AS_RO), PTF_OK);
	expect_flushes(&fx, 2, "protect across two areas");
	expect_last_flush_exactly(&fx, G + 6 * MiB, 2 * MiB + 2 * PG, "protect across areas");
	/* widening permissions also alters valid entries: the two pages made read-only;
	 * the other two are read-write already */
	cr_assert_eq(ptf_aspace_protect(fx.as, G + 8 * MiB, 4 * PG, AS_RW), PTF_OK);
	expect_flushes(&fx, 3, "protect back to RW");
	expect_last_flush_exactly(&fx, G + 8 * MiB, 2 * PG, "protect back to RW");
	asfx_close(&fx);
}

ASPACE_FORMAT_PARAMS(aspace_tlb, protect_of_mostly_unmapped_range_flushes_only_mapped_span)
ParameterizedTest(const unsigned *fi, aspace_tlb, protect_of_mostly_unmapped_range_flushes_only_mapped_span)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, G, 64 * PG, AS_RW, false), PTF_OK);
	cr_assert_eq(ptf_aspace_handle_fault(fx.as, G + 10 * PG, PTF_W), PTF_OK);
	cr_assert_eq(ptf_aspace_handle_fault(fx.as, G + 20 * PG, PTF_W), PTF_OK);
	cr_assert_eq(ptf_aspace_protect(fx.as, G, 64 * PG, AS_RO), PTF_OK);
	expect_flushes(&fx, 1, "protect of a lazy area with two pages faulted in");
	expect_last_flush_exactly(&fx, G + 10 * PG, 11 * PG, "protect: from the first faulted page to the last");
	/* a linear area alone in a gigabyte the protect covers */
	cr_assert_eq(ptf_aspace_map_linear(fx.as, 2 * GiB + 5 * PG, FAR_HPA, 3 * PG, AS_RW), PTF_OK);
	cr_assert_eq(ptf_aspace_protect(fx.as, 2 * GiB, GiB, AS_RO), PTF_OK);
	expect_flushes(&fx, 2, "protect of a gigabyte holding three pages");
	expect_last_flush_exactly(&fx, 2 * GiB + 5 * PG, 3 * PG, "protect of a gigabyte");
	asfx_close(&fx);
}

ASPACE_FORMAT_PARAMS(aspace_tlb, unmap_of_mostly_unmapped_range_flushes_only_mapped_span)
ParameterizedTest(const unsigned *fi, aspace_tlb, unmap_of_mostly_unmapped_range_flushes_only_mapped_span)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, G, 64 * PG, AS_RW, false), PTF_OK);
	cr_assert_eq(ptf_aspace_handle_fault(fx.as, G + 33 * PG, PTF_W), PTF_OK);
	cr_assert_eq(ptf_aspace_handle_fault(fx.as, G + 40 * PG, PTF_R), PTF_OK);
	cr_assert_eq(ptf_aspace_unmap(fx.as, G, 64 * PG), PTF_OK);
	expect_flushes(&fx, 1, "unmap of a lazy area with two pages faulted in");
	expect_last_flush_exactly(&fx, G + 33 * PG, 8 * PG, "unmap: from the first faulted page to the last");
	/* tables unlinked whole: the span of the leaves below them, not their reach */
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, 2 * GiB + 7 * PG, 2 * PG, AS_RW, true), PTF_OK);
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, 3 * GiB + 2 * MiB + 3 * PG, PG, AS_RW, true), PTF_OK);
	cr_assert_eq(ptf_aspace_unmap(fx.as, 2 * GiB, 2 * GiB), PTF_OK);
	expect_flushes(&fx, 2, "unmap of two gigabytes holding three pages");
	expect_last_flush_exactly(&fx, 2 * GiB + 7 * PG, GiB + 2 * MiB - 3 * PG, "unmap of two gigabytes");
	asfx_close(&fx);
}

ASPACE_FORMAT_PARAMS(aspace_tlb, clear_with_mappings_flushes_once_with_exactly_the_mapped_span)
ParameterizedTest(const unsigned *fi, aspace_tlb, clear_with_mappings_flushes_once_with_exactly_the_mapped_span)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	cr_assert_eq(ptf_aspace_map_linear(fx.as, G, FAR_HPA, 4 * MiB, AS_RW), PTF_OK);
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, 4 * GiB, 4 * PG, AS_RW, true), PTF_OK);
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, 8 * GiB, 4 * PG, AS_RW, false), PTF_OK);
	cr_assert_eq(ptf_aspace_handle_fault(fx.as, 8 * GiB + PG, PTF_R), PTF_OK);
	ptf_aspace_clear(fx.as);
	expect_flushes(&fx, 1, "clear");
	/* up to the one page of the lazy area faulted in */
	expect_last_flush_exactly(&fx, G, 8 * GiB + 2 * PG - G, "clear");
	asfx_close(&fx);
}

ASPACE_FORMAT_PARAMS(aspace_tlb, destroy_without_vmid_all_flushes_only_the_mapped_span)
ParameterizedTest(const unsigned *fi, aspace_tlb, destroy_without_vmid_all_flushes_only_the_mapped_span)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, G, 16 * PG, AS_RW, false), PTF_OK);
	cr_assert_eq(ptf_aspace_map_linear(fx.as, G + 4 * MiB, FAR_HPA, 4 * MiB, AS_RW), PTF_OK);
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, 4 * GiB, 4 * PG, AS_RW, true), PTF_OK);
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, 6 * GiB, 4 * PG, AS_RW, false), PTF_OK);
	ptf_aspace_destroy(fx.as);
	fx.as = NULL;
	expect_flushes(&fx, 1, "destroy");
	/* the lazy areas at either end were never faulted in */
	expect_last_flush_exactly(&fx, G + 4 * MiB, 4 * GiB + 4 * PG - G - 4 * MiB, "destroy");
	cr_expect_eq(ptf_host_hal_frames_in_use(fx.host), 0);
	ptf_host_hal_destroy(fx.host);
}

ASPACE_FORMAT_PARAMS(aspace_tlb, destroy_of_unmapped_space_without_vmid_all_does_not_flush)
ParameterizedTest(const unsigned *fi, aspace_tlb, destroy_of_unmapped_space_without_vmid_all_does_not_flush)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, G, 16 * PG, AS_RW, false), PTF_OK);
	ptf_aspace_destroy(fx.as);
	fx.as = NULL;
	expect_flushes(&fx, 0, "destroy of a lazy area never faulted in");
	ptf_host_hal_destroy(fx.host);
}

ASPACE_FORMAT_PARAMS(aspace_tlb, overwrite_of_mapped_range_flushes_once_with_exactly_the_changed_span)
ParameterizedTest(const unsigned *fi, aspace_tlb, overwrite_of_mapped_range_flushes_once_with_exactly_the_changed_span)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	cr_assert_eq(ptf_aspace_map_linear(fx.as, G, FAR_HPA, 4 * MiB, AS_RW), PTF_OK);
	uint64_t lo, hi;
	changed_span(&fx, G + MiB, 2 * MiB, &lo, &hi);
	cr_assert_eq(ptf_aspace_map_linear_overwrite(fx.as, G + MiB, 2 * FAR_HPA, 2 * MiB, AS_RO), PTF_OK);
	expect_flushes(&fx, 1, "linear over linear");
	expect_last_flush_exactly(&fx, lo, hi - lo, "linear over linear");
	/* only the linear tail held translations; the rest was free */
	cr_assert_eq(ptf_aspace_map_alloc_overwrite(fx.as, G + 3 * MiB, 2 * MiB, AS_RW, true), PTF_OK);
	expect_flushes(&fx, 2, "alloc over the linear tail and free space");
	expect_last_flush_exactly(&fx, G + 3 * MiB, MiB, "alloc over linear");
	asfx_close(&fx);
}

ASPACE_FORMAT_PARAMS(aspace_tlb, overwrite_of_unfaulted_lazy_area_does_not_flush)
ParameterizedTest(const unsigned *fi, aspace_tlb, overwrite_of_unfaulted_lazy_area_does_not_flush)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, G, 8 * PG, AS_RW, false), PTF_OK);
	cr_assert_eq(ptf_aspace_map_linear_overwrite(fx.as, G + 2 * PG, FAR_HPA, 2 * PG, AS_RW), PTF_OK);
	expect_flushes(&fx, 0, "nothing valid was replaced");
	cr_expect_eq(ptf_aspace_translate(fx.as, G + 2 * PG, NULL, NULL), PTF_OK, "%s: the new mapping is in place",
	             fx.fmt->name);
	asfx_close(&fx);
}

/* ---- failing calls ---- */

ASPACE_FORMAT_PARAMS(aspace_tlb, failing_calls_do_not_flush)
ParameterizedTest(const unsigned *fi, aspace_tlb, failing_calls_do_not_flush)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	uint64_t end = fx.base + fx.size;
	cr_assert_eq(ptf_aspace_map_linear(fx.as, G, FAR_HPA, 4 * MiB, AS_RW), PTF_OK);
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, G + 4 * MiB, 4 * PG, AS_RW, true), PTF_OK);
	struct {
		const char *what;
		int rc;
	} calls[] = {
		{ "overlapping map_linear", ptf_aspace_map_linear(fx.as, G + MiB, FAR_HPA, PG, AS_RW) },
		{ "overlapping map_alloc", ptf_aspace_map_alloc(fx.as, G + 4 * MiB - PG, 2 * PG, AS_RW, true) },
		{ "overwrite with bad flags", ptf_aspace_map_linear_overwrite(fx.as, G, FAR_HPA, 4 * MiB, 0x40 | AS_RW) },
		{ "overwrite misaligned", ptf_aspace_map_alloc_overwrite(fx.as, G + 100, PG, AS_RW, true) },
		{ "overwrite past the window", ptf_aspace_map_alloc_overwrite(fx.as, end - PG, 2 * PG, AS_RW, false) },
		{ "overwrite beyond the output width",
		  ptf_aspace_map_linear_overwrite(fx.as, G, (uint64_t)1 << fx.fmt->output_bits, PG, AS_RW) },
		{ "unmap of size 0", ptf_aspace_unmap(fx.as, G, 0) },
		{ "unmap misaligned", ptf_aspace_unmap(fx.as, G + 1, PG) },
		{ "unmap past the window", ptf_aspace_unmap(fx.as, end - PG, 2 * PG) },
		{ "unmap of no area", ptf_aspace_unmap(fx.as, G + 8 * MiB, PG) },
		{ "protect with bad flags", ptf_aspace_protect(fx.as, G, 4 * MiB, PTF_DEVICE | PTF_UNCACHED | AS_RW) },
		{ "protect wrapping", ptf_aspace_protect(fx.as, UINT64_MAX - PG + 1, 2 * PG, AS_RO) },
		{ "protect of no area", ptf_aspace_protect(fx.as, G + 8 * MiB, PG, AS_RO) },
		{ "fault with wrong access", ptf_aspace_handle_fault(fx.as, G + 4 * MiB, PTF_X) },
		{ "fault with an unknown access bit", ptf_aspace_handle_fault(fx.as, G + 4 * MiB, PTF_R | PTF_U) },
		{ "fault outside the window", ptf_aspace_handle_fault(fx.as, end, PTF_R) },
		{ "fault of no area", ptf_aspace_handle_fault(fx.as, G + 8 * MiB, PTF_R) },
	};
	for (size_t i = 0; i < sizeof(calls) / sizeof(calls[0]); i++)
		cr_expect_lt(calls[i].rc, 0, "%s: %s must fail", fx.fmt->name, calls[i].what);
	expect_flushes(&fx, 0, "failing calls");
	asfx_close(&fx);
}

/* ---- order: the flush comes after the entries changed ---- */

/* A HAL around the host HAL that, at each flush, records what the address space
 * translates at the flushed range's first byte: a flush issued before the entry is
 * cleared lets the TLB re-cache the old translation. */
struct probe_hal {
	struct ptf_hal hal;
	const struct ptf_hal *real;
	struct ptf_aspace *as;
	int translate_rc;
	uint64_t translate_hpa;
	unsigned long flushes;
};

static uint64_t probe_alloc(void *ctx, size_t count, size_t align)
{
	struct probe_hal *p = ctx;
	return p->real->alloc_frames(p->real->ctx, count, align);
}

static void probe_free(void *ctx, uint64_t pa, size_t count)
{
	struct probe_hal *p = ctx;
	p->real->free_frames(p->real->ctx, pa, count);
}

static void *probe_virt(void *ctx, uint64_t pa)
{
	struct probe_hal *p = ctx;
	return p->real->phys_to_virt(p->real->ctx, pa);
}

static void probe_flush(void *ctx, uint64_t gpa, uint64_t size)
{
	struct probe_hal *p = ctx;
	p->flushes++;
	p->translate_hpa = 0;
	if (p->as)
		p->translate_rc = ptf_aspace_translate(p->as, gpa, &p->translate_hpa, NULL);
	p->real->flush_tlb(p->real->ctx, gpa, size);
}

static struct probe_hal *probe_new(struct ptf_host_hal *host)
{
	struct probe_hal *p = calloc(1, sizeof(*p));
	cr_assert_not_null(p);
	p->real = ptf_host_hal_get(host);
	p->hal = (struct ptf_hal){ p, probe_alloc, probe_free, probe_virt, probe_flush };
	return p;
}

ASPACE_FORMAT_PARAMS(aspace_tlb, unmap_flushes_after_the_translation_is_gone)
ParameterizedTest(const unsigned *fi, aspace_tlb, unmap_flushes_after_the_translation_is_gone)
{
	const struct ptf_format *fmt = asfx_format(fi);
	struct ptf_host_hal *host = ptf_host_hal_create(ASPACE_ARENA_BYTES);
	cr_assert_not_null(host);
	struct probe_hal *p = probe_new(host);
	asfx_current = fmt;
	cr_assert_eq(ptf_aspace_create(&p->as, fmt, 0, geo_window(fmt), &p->hal), PTF_OK);
	cr_assert_eq(ptf_aspace_map_alloc(p->as, G, 4 * PG, AS_RW, true), PTF_OK);
	cr_assert_eq(ptf_aspace_unmap(p->as, G + PG, PG), PTF_OK);
	cr_assert_eq(p->flushes, 1);
	cr_expect_eq(p->translate_rc, PTF_ENOENT, "%s: at flush time the page still translates (%s)", fmt->name,
	             ptf_strerror(p->translate_rc));
	ptf_aspace_destroy(p->as);
	cr_expect_eq(ptf_host_hal_frames_in_use(host), 0);
	free(p);
	ptf_host_hal_destroy(host);
}

ASPACE_FORMAT_PARAMS(aspace_tlb, overwrite_flushes_after_the_new_translation_is_in_place)
ParameterizedTest(const unsigned *fi, aspace_tlb, overwrite_flushes_after_the_new_translation_is_in_place)
{
	const struct ptf_format *fmt = asfx_format(fi);
	struct ptf_host_hal *host = ptf_host_hal_create(ASPACE_ARENA_BYTES);
	cr_assert_not_null(host);
	struct probe_hal *p = probe_new(host);
	asfx_current = fmt;
	cr_assert_eq(ptf_aspace_create(&p->as, fmt, 0, geo_window(fmt), &p->hal), PTF_OK);
	cr_assert_eq(ptf_aspace_map_linear(p->as, G, FAR_HPA, 2 * MiB, AS_RW), PTF_OK);
	cr_assert_eq(ptf_aspace_map_linear_overwrite(p->as, G, 2 * FAR_HPA, 2 * MiB, AS_RW), PTF_OK);
	cr_assert_eq(p->flushes, 1);
	if (fmt->break_before_make) {
		/* Arm ARM, break-before-make: the old entry is made invalid, the TLB flushed, and
		 * only then the new entry written; no flush is needed after it */
		cr_expect_eq(p->translate_rc, PTF_ENOENT, "%s: at flush time the old mapping is still in place", fmt->name);
	} else {
		cr_expect_eq(p->translate_rc, PTF_OK, "%s: at flush time the new mapping is not in place", fmt->name);
		cr_expect_eq(p->translate_hpa, 2 * FAR_HPA, "%s: at flush time gpa %#llx -> %#llx, want the new %#llx",
		             fmt->name, (unsigned long long)G, (unsigned long long)p->translate_hpa,
		             (unsigned long long)(2 * FAR_HPA));
	}
	uint64_t hpa;
	cr_expect_eq(ptf_aspace_translate(p->as, G, &hpa, NULL), PTF_OK);
	cr_expect_eq(hpa, 2 * FAR_HPA, "%s: after the overwrite", fmt->name);
	ptf_aspace_destroy(p->as);
	cr_expect_eq(ptf_host_hal_frames_in_use(host), 0);
	free(p);
	ptf_host_hal_destroy(host);
}

/* ---- the VMID, and every flush an operation makes ---- */

enum flush_kind { FLUSH_PLAIN, FLUSH_VMID, FLUSH_VMID_ALL };

struct flush_rec {
	enum flush_kind kind;
	uint64_t vmid, gpa, size;
};

#define REC_VMID 0x1u     /* the HAL has flush_tlb_vmid */
#define REC_VMID_ALL 0x2u /* and flush_tlb_vmid_all */
#define REC_MAX 16

/* The hosted HAL (wrapped_hal.h) with the optional VMID members asked for, recording
 * every flush in order. */
struct rec_hal {
	struct wrapped_hal w; /* first: the wrapped callbacks take the ctx as one */
	struct flush_rec rec[REC_MAX];
	size_t n;
};

static void rec_push(struct rec_hal *r, enum flush_kind kind, uint64_t vmid, uint64_t gpa, uint64_t size)
{
	cr_assert_lt(r->n, REC_MAX, "more than %d flushes", REC_MAX);
	r->rec[r->n++] = (struct flush_rec){ kind, vmid, gpa, size };
}

static void rec_flush(void *ctx, uint64_t gpa, uint64_t size)
{
	rec_push(ctx, FLUSH_PLAIN, 0, gpa, size);
	wrapped_flush(ctx, gpa, size);
}

static void rec_flush_vmid(void *ctx, uint64_t vmid, uint64_t gpa, uint64_t size)
{
	rec_push(ctx, FLUSH_VMID, vmid, gpa, size);
	wrapped_flush(ctx, gpa, size);
}

static void rec_flush_vmid_all(void *ctx, uint64_t vmid)
{
	rec_push(ctx, FLUSH_VMID_ALL, vmid, 0, 0);
}

struct rec_fx {
	struct aspace_fx fx; /* its host HAL and format; the address space is on rec's HAL */
	struct rec_hal *rec;
};

static struct rec_fx rec_open(const unsigned *fi, unsigned options)
{
	struct rec_fx r = { .fx = { .fmt = asfx_format(fi) } };
	r.fx.host = ptf_host_hal_create(ASPACE_ARENA_BYTES);
	cr_assert_not_null(r.fx.host);
	r.rec = calloc(1, sizeof(*r.rec));
	cr_assert_not_null(r.rec);
	r.fx.hal = wrap_hal(&r.rec->w, r.fx.host, WRAP_LEND_META | WRAP_LEND_BYTES);
	r.rec->w.hal.flush_tlb = rec_flush;
	if (options & REC_VMID)
		r.rec->w.hal.flush_tlb_vmid = rec_flush_vmid;
	if (options & REC_VMID_ALL)
		r.rec->w.hal.flush_tlb_vmid_all = rec_flush_vmid_all;
	r.fx.base = 0;
	r.fx.size = geo_window(r.fx.fmt);
	cr_assert_eq(ptf_aspace_create(&r.fx.as, r.fx.fmt, r.fx.base, r.fx.size, r.fx.hal), PTF_OK);
	return r;
}

static void rec_close(struct rec_fx *r)
{
	ptf_aspace_destroy(r->fx.as);
	cr_expect_eq(ptf_host_hal_frames_in_use(r->fx.host), 0, "%s: destroy left frames in use", r->fx.fmt->name);
	ptf_host_hal_destroy(r->fx.host);
	free(r->rec);
}

static void expect_rec(const struct rec_fx *r, size_t i, enum flush_kind kind, uint64_t vmid, uint64_t gpa,
                       uint64_t size, const char *what)
{
	static const char *const names[] = { "flush_tlb", "flush_tlb_vmid", "flush_tlb_vmid_all" };
	const char *name = r->fx.fmt->name;
	if (r->rec->n <= i) {
		cr_expect_fail("%s: %s: %zu flushes, want a flush #%zu", name, what, r->rec->n, i + 1);
		return;
	}
	const struct flush_rec *f = &r->rec->rec[i];
	cr_expect(f->kind == kind && f->vmid == vmid && f->gpa == gpa && f->size == size,
	          "%s: %s: flush #%zu was %s(vmid %#llx, [%#llx, +%#llx)), want %s(vmid %#llx, [%#llx, +%#llx))", name,
	          what, i + 1, names[f->kind], (unsigned long long)f->vmid, (unsigned long long)f->gpa,
	          (unsigned long long)f->size, names[kind], (unsigned long long)vmid, (unsigned long long)gpa,
	          (unsigned long long)size);
}

static void expect_recs(const struct rec_fx *r, size_t n, const char *what)
{
	cr_expect_eq(r->rec->n, n, "%s: %s: %zu flushes, want %zu", r->fx.fmt->name, what, r->rec->n, n);
}

#define VMID 0xabcd1234ull

ASPACE_FORMAT_PARAMS(aspace_tlb, flush_carries_the_vmid_set_on_the_address_space)
ParameterizedTest(const unsigned *fi, aspace_tlb, flush_carries_the_vmid_set_on_the_address_space)
{
	struct rec_fx r = rec_open(fi, REC_VMID);
	struct aspace_fx *fx = &r.fx;
	cr_expect_eq(ptf_aspace_vmid(fx->as), 0, "%s: the VMID is 0 until set", fx->fmt->name);
	cr_expect_eq(ptf_aspace_set_vmid(NULL, VMID), PTF_EINVAL);
	cr_assert_eq(ptf_aspace_set_vmid(fx->as, VMID), PTF_OK);
	cr_expect_eq(ptf_aspace_vmid(fx->as), VMID);
	cr_assert_eq(ptf_aspace_map_alloc(fx->as, G, 8 * PG, AS_RW, true), PTF_OK);
	cr_assert_eq(ptf_aspace_unmap(fx->as, G + 2 * PG, 2 * PG), PTF_OK);
	expect_recs(&r, 1, "unmap");
	expect_rec(&r, 0, FLUSH_VMID, VMID, G + 2 * PG, 2 * PG, "unmap");
	cr_assert_eq(ptf_aspace_protect(fx->as, G + 5 * PG, 3 * PG, AS_RO), PTF_OK);
	expect_recs(&r, 2, "protect");
	expect_rec(&r, 1, FLUSH_VMID, VMID, G + 5 * PG, 3 * PG, "protect");
	/* the fault path's page flush: a permission fault on the read-only page */
	cr_assert_eq(ptf_aspace_protect(fx->as, G + 5 * PG, PG, AS_RW), PTF_OK);
	expect_recs(&r, 3, "protect back");
	expect_rec(&r, 2, FLUSH_VMID, VMID, G + 5 * PG, PG, "protect back");
	/* a later VMID is the one told */
	cr_assert_eq(ptf_aspace_set_vmid(fx->as, 7), PTF_OK);
	cr_assert_eq(ptf_aspace_map_linear(fx->as, G + 8 * MiB, FAR_HPA, 4 * PG, AS_RW), PTF_OK);
	cr_assert_eq(ptf_aspace_map_linear_overwrite(fx->as, G + 8 * MiB, 2 * FAR_HPA, 4 * PG, AS_RW), PTF_OK);
	expect_recs(&r, 4, "overwrite (with break-before-make, the break's flush)");
	expect_rec(&r, 3, FLUSH_VMID, 7, G + 8 * MiB, 4 * PG, "overwrite");
	if (fx->fmt->caches_invalid_entries) {
		/* a spurious fault flushes its page (RISC-V without Svvptc) */
		cr_assert_eq(ptf_aspace_handle_fault(fx->as, G, PTF_R), PTF_OK);
		expect_recs(&r, 5, "spurious fault");
		expect_rec(&r, 4, FLUSH_VMID, 7, G, PG, "spurious fault");
	}
	rec_close(&r);
}

ASPACE_FORMAT_PARAMS(aspace_tlb, permission_fault_flush_carries_the_vmid)
ParameterizedTest(const unsigned *fi, aspace_tlb, permission_fault_flush_carries_the_vmid)
{
	struct rec_fx r = rec_open(fi, REC_VMID);
	struct aspace_fx *fx = &r.fx;
	cr_assert_eq(ptf_aspace_set_vmid(fx->as, VMID), PTF_OK);
	cr_assert_eq(ptf_aspace_map_alloc(fx->as, G, 4 * PG, AS_RW, true), PTF_OK);
	/* the leaf made read-only behind the area's back, as a dirty-page tracker would */
	const struct ptf_format *f = fx->fmt;
	uint64_t pa, size;
	cr_assert_eq(f->query(fx->hal, ptf_aspace_root(fx->as), G + PG, &pa, NULL, &size), PTF_OK);
	cr_assert_eq(f->protect_range(fx->hal, ptf_aspace_root(fx->as), G + PG, PG, AS_RO), PTF_OK);
	size_t before = r.rec->n;
	cr_assert_eq(ptf_aspace_handle_fault(fx->as, G + PG, PTF_W), PTF_OK);
	expect_recs(&r, before + 1, "permission fault");
	expect_rec(&r, before, FLUSH_VMID, VMID, G + PG, PG, "permission fault");
	rec_close(&r);
}

ASPACE_FORMAT_PARAMS(aspace_tlb, destroy_invalidates_the_vmid_once)
ParameterizedTest(const unsigned *fi, aspace_tlb, destroy_invalidates_the_vmid_once)
{
	struct rec_fx r = rec_open(fi, REC_VMID | REC_VMID_ALL);
	struct aspace_fx *fx = &r.fx;
	cr_assert_eq(ptf_aspace_set_vmid(fx->as, VMID), PTF_OK);
	cr_assert_eq(ptf_aspace_map_linear(fx->as, G, FAR_HPA, 4 * MiB, AS_RW), PTF_OK);
	cr_assert_eq(ptf_aspace_map_alloc(fx->as, 4 * GiB, 4 * PG, AS_RW, true), PTF_OK);
	/* operations short of destroy still flush their span */
	cr_assert_eq(ptf_aspace_unmap(fx->as, 4 * GiB, PG), PTF_OK);
	expect_recs(&r, 1, "unmap");
	expect_rec(&r, 0, FLUSH_VMID, VMID, 4 * GiB, PG, "unmap");
	r.rec->n = 0;
	ptf_aspace_destroy(fx->as);
	fx->as = NULL;
	expect_recs(&r, 1, "destroy");
	expect_rec(&r, 0, FLUSH_VMID_ALL, VMID, 0, 0, "destroy");
	cr_expect_eq(ptf_host_hal_frames_in_use(fx->host), 0);
	/* an address space that mapped nothing: its VMID still goes, once, to be reused */
	cr_assert_eq(ptf_aspace_create(&fx->as, fx->fmt, fx->base, fx->size, fx->hal), PTF_OK);
	cr_assert_eq(ptf_aspace_set_vmid(fx->as, 9), PTF_OK);
	r.rec->n = 0;
	ptf_aspace_destroy(fx->as);
	fx->as = NULL;
	expect_recs(&r, 1, "destroy of an empty address space");
	expect_rec(&r, 0, FLUSH_VMID_ALL, 9, 0, 0, "destroy of an empty address space");
	ptf_host_hal_destroy(fx->host);
	free(r.rec);
}

ASPACE_FORMAT_PARAMS(aspace_tlb, clear_invalidates_the_vmid_once_when_something_was_mapped)
ParameterizedTest(const unsigned *fi, aspace_tlb, clear_invalidates_the_vmid_once_when_something_was_mapped)
{
	struct rec_fx r = rec_open(fi, REC_VMID_ALL); /* vmid_all alone: ranges go to flush_tlb */
	struct aspace_fx *fx = &r.fx;
	cr_assert_eq(ptf_aspace_set_vmid(fx->as, VMID), PTF_OK);
	cr_assert_eq(ptf_aspace_map_alloc(fx->as, G, 16 * PG, AS_RW, false), PTF_OK);
	ptf_aspace_clear(fx->as);
	expect_recs(&r, 0, "clear of a lazy area never faulted in");
	cr_assert_eq(ptf_aspace_map_alloc(fx->as, G, 16 * PG, AS_RW, true), PTF_OK);
	cr_assert_eq(ptf_aspace_unmap(fx->as, G, PG), PTF_OK);
	expect_recs(&r, 1, "unmap");
	expect_rec(&r, 0, FLUSH_PLAIN, 0, G, PG, "unmap, without flush_tlb_vmid");
	ptf_aspace_clear(fx->as);
	expect_recs(&r, 2, "clear");
	expect_rec(&r, 1, FLUSH_VMID_ALL, VMID, 0, 0, "clear");
	rec_close(&r);
}

/* The largest leaf below 1 GiB the format has (2 MiB on every 4 KiB-granule format). */
static uint64_t block_size(const struct ptf_format *fmt)
{
	for (unsigned i = fmt->n_page_sizes; i-- > 0;)
		if (fmt->page_sizes[i] < GiB && fmt->page_sizes[i] > ptf_format_granule(fmt))
			return fmt->page_sizes[i];
	return 0;
}

ASPACE_FORMAT_PARAMS(aspace_tlb, break_before_make_flush_covers_the_broken_span)
ParameterizedTest(const unsigned *fi, aspace_tlb, break_before_make_flush_covers_the_broken_span)
{
	struct rec_fx r = rec_open(fi, REC_VMID);
	struct aspace_fx *fx = &r.fx;
	if (!fx->fmt->break_before_make) {
		rec_close(&r);
		cr_skip_test("%s: changes entries in place, with no break", fx->fmt->name);
	}
	uint64_t block = block_size(fx->fmt), at = 2 * GiB;
	cr_assert_eq(ptf_aspace_set_vmid(fx->as, VMID), PTF_OK);
	cr_assert_eq(ptf_aspace_map_linear(fx->as, at, FAR_HPA, 2 * block, AS_RW), PTF_OK);
	/* a page out of the second block: that block is broken whole, flushed once, then made
	 * a table of the pages that stay (which replace an invalid entry: no second flush) */
	cr_assert_eq(ptf_aspace_unmap(fx->as, at + block + 3 * PG, PG), PTF_OK);
	expect_recs(&r, 1, "a block split");
	expect_rec(&r, 0, FLUSH_VMID, VMID, at + block, block, "a block split");
	/* a memory-type change breaks the pages it changes, only those, sparse as they are */
	uint64_t pages = at + 4 * block;
	cr_assert_eq(ptf_aspace_map_linear(fx->as, pages + 2 * PG, FAR_HPA, 2 * PG, AS_RW), PTF_OK);
	cr_assert_eq(ptf_aspace_map_linear(fx->as, pages + 10 * PG, FAR_HPA + 4 * PG, PG, AS_RW), PTF_OK);
	r.rec->n = 0;
	cr_assert_eq(ptf_aspace_protect(fx->as, pages, 64 * PG, PTF_R | PTF_W | PTF_DEVICE), PTF_OK);
	expect_recs(&r, 1, "device memory over three pages");
	expect_rec(&r, 0, FLUSH_VMID, VMID, pages + 2 * PG, 9 * PG, "device memory over three pages");
	rec_close(&r);
}
