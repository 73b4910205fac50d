/* TLB invalidation: one flush_tlb call per operation that removed or altered an existing
 * translation, covering the operation's range; none when no valid entry changed, and
 * none when a call fails. */
#include "aspace_fixture.h"

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

static void expect_last_flush_covers(const struct aspace_fx *fx, uint64_t gpa, uint64_t size, const char *what)
{
	uint64_t fg, fs;
	asfx_last_flush(fx, &fg, &fs);
	cr_expect(fg <= gpa && fg + fs >= gpa + size, "%s: %s: flushed [%#llx, +%#llx), which misses part of [%#llx, +%#llx)",
	          fx->fmt->name, what, (unsigned long long)fg, (unsigned long long)fs, (unsigned long long)gpa,
	          (unsigned long long)size);
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

ASPACE_FORMAT_PARAMS(aspace_tlb, unmap_of_area_never_faulted_in_does_not_flush)
ParameterizedTest(const unsigned *fi, aspace_tlb, unmap_of_area_never_faulted_in_does_not_flush)
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
	expect_last_flush_exactly(&fx, G + 4 * PG, 2 * PG, "unmap");
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

ASPACE_FORMAT_PARAMS(aspace_tlb, unmap_of_mapped_range_flushes_once_with_exactly_that_range)
ParameterizedTest(const unsigned *fi, aspace_tlb, unmap_of_mapped_range_flushes_once_with_exactly_that_range)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	cr_assert_eq(ptf_aspace_map_linear(fx.as, G, FAR_HPA, 8 * MiB, AS_RW), PTF_OK);
	/* the middle of a 2 MiB leaf: a split, still one operation */
	cr_assert_eq(ptf_aspace_unmap(fx.as, G + 2 * MiB + 3 * PG, 2 * PG), PTF_OK);
	expect_flushes(&fx, 1, "partial unmap of a linear area");
	expect_last_flush_exactly(&fx, G + 2 * MiB + 3 * PG, 2 * PG, "partial unmap");
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

ASPACE_FORMAT_PARAMS(aspace_tlb, protect_of_mapped_range_flushes_once_covering_the_range)
ParameterizedTest(const unsigned *fi, aspace_tlb, protect_of_mapped_range_flushes_once_covering_the_range)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	cr_assert_eq(ptf_aspace_map_linear(fx.as, G, FAR_HPA, 8 * MiB, AS_RW), PTF_OK);
	cr_assert_eq(ptf_aspace_protect(fx.as, G + 2 * MiB + 3 * PG, 2 * PG, AS_RO), PTF_OK);
	expect_flushes(&fx, 1, "protect inside a 2 MiB leaf");
	expect_last_flush_covers(&fx, G + 2 * MiB + 3 * PG, 2 * PG, "protect");
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, G + 8 * MiB, 4 * PG, AS_RW, true), PTF_OK);
	/* across the boundary of two areas */
	cr_assert_eq(ptf_aspace_protect(fx.as, G + 6 * MiB, 2 * MiB + 2 * PG, AS_RO), PTF_OK);
	expect_flushes(&fx, 2, "protect across two areas");
	expect_last_flush_covers(&fx, G + 6 * MiB, 2 * MiB + 2 * PG, "protect across areas");
	/* widening permissions also alters valid entries */
	cr_assert_eq(ptf_aspace_protect(fx.as, G + 8 * MiB, 4 * PG, AS_RW), PTF_OK);
	expect_flushes(&fx, 3, "protect back to RW");
	expect_last_flush_covers(&fx, G + 8 * MiB, 4 * PG, "protect back to RW");
	asfx_close(&fx);
}

ASPACE_FORMAT_PARAMS(aspace_tlb, clear_with_mappings_flushes_once_covering_every_mapping)
ParameterizedTest(const unsigned *fi, aspace_tlb, clear_with_mappings_flushes_once_covering_every_mapping)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	cr_assert_eq(ptf_aspace_map_linear(fx.as, G, FAR_HPA, 4 * MiB, AS_RW), PTF_OK);
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, 4 * GiB, 4 * PG, AS_RW, true), PTF_OK);
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, 8 * GiB, 4 * PG, AS_RW, false), PTF_OK);
	cr_assert_eq(ptf_aspace_handle_fault(fx.as, 8 * GiB + PG, PTF_R), PTF_OK);
	ptf_aspace_clear(fx.as);
	expect_flushes(&fx, 1, "clear");
	expect_last_flush_covers(&fx, G, 8 * GiB + 4 * PG - G, "clear");
	asfx_close(&fx);
}

ASPACE_FORMAT_PARAMS(aspace_tlb, destroy_with_mappings_flushes_once_covering_every_mapping)
ParameterizedTest(const unsigned *fi, aspace_tlb, destroy_with_mappings_flushes_once_covering_every_mapping)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	cr_assert_eq(ptf_aspace_map_linear(fx.as, G, FAR_HPA, 4 * MiB, AS_RW), PTF_OK);
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, 4 * GiB, 4 * PG, AS_RW, true), PTF_OK);
	ptf_aspace_destroy(fx.as);
	fx.as = NULL;
	expect_flushes(&fx, 1, "destroy (its VMID may be reused next)");
	expect_last_flush_covers(&fx, G, 4 * GiB + 4 * PG - G, "destroy");
	cr_expect_eq(ptf_host_hal_frames_in_use(fx.host), 0);
	ptf_host_hal_destroy(fx.host);
}

ASPACE_FORMAT_PARAMS(aspace_tlb, overwrite_of_mapped_range_flushes_once_covering_it)
ParameterizedTest(const unsigned *fi, aspace_tlb, overwrite_of_mapped_range_flushes_once_covering_it)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	cr_assert_eq(ptf_aspace_map_linear(fx.as, G, FAR_HPA, 4 * MiB, AS_RW), PTF_OK);
	cr_assert_eq(ptf_aspace_map_linear_overwrite(fx.as, G + MiB, 2 * FAR_HPA, 2 * MiB, AS_RO), PTF_OK);
	expect_flushes(&fx, 1, "linear over linear");
	expect_last_flush_covers(&fx, G + MiB, 2 * MiB, "linear over linear");
	cr_assert_eq(ptf_aspace_map_alloc_overwrite(fx.as, G + 3 * MiB, 2 * MiB, AS_RW, true), PTF_OK);
	expect_flushes(&fx, 2, "alloc over the linear tail and free space");
	expect_last_flush_covers(&fx, G + 3 * MiB, MiB, "alloc over linear");
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
