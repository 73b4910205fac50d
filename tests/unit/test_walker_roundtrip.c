/* Map, query and unmap round trips through the generated walkers, for every format. */
#include "walker_fixture.h"

FORMAT_PARAMS(walker_roundtrip, each_page_size_maps_queries_and_unmaps)
ParameterizedTest(const unsigned *fi, walker_roundtrip, each_page_size_maps_queries_and_unmaps)
{
	struct tree t = tree_new(format_at(fi));
	for (unsigned i = 0; i < t.fmt->n_page_sizes; i++) {
		uint64_t size = t.fmt->page_sizes[i];
		uint64_t gpa = size * 3, hpa = size * 5;
		cr_assert_eq(t.fmt->map_page(t.hal, t.root, gpa, hpa, size, RW), PTF_OK, "map %#llx", (unsigned long long)size);
		uint64_t pa, got_size;
		unsigned flags;
		cr_assert_eq(t.fmt->query(t.hal, t.root, gpa + size - 8, &pa, &flags, &got_size), PTF_OK);
		cr_expect_eq(pa, hpa + size - 8);
		cr_expect_eq(got_size, size);
		cr_expect_eq(flags, RW);
		cr_expect_eq(t.fmt->query(t.hal, t.root, gpa + size, NULL, NULL, NULL), PTF_ENOENT, "the next page stays unmapped");
		cr_expect_eq(t.fmt->query(t.hal, t.root, gpa - PG, NULL, NULL, NULL), PTF_ENOENT, "the previous page stays unmapped");
		cr_assert_eq(t.fmt->unmap_page(t.hal, t.root, gpa, size), PTF_OK);
		cr_expect_eq(t.fmt->query(t.hal, t.root, gpa, NULL, NULL, NULL), PTF_ENOENT);
		cr_expect_eq(frames(&t), t.baseline, "emptied tables are freed after the %#llx page", (unsigned long long)size);
	}
	tree_free(&t);
}

FORMAT_PARAMS(walker_roundtrip, map_range_picks_the_largest_pages_alignment_allows)
ParameterizedTest(const unsigned *fi, walker_roundtrip, map_range_picks_the_largest_pages_alignment_allows)
{
	struct tree t = tree_new(format_at(fi));
	/* 4 KiB before a boundary of the smallest huge page h (2 MiB on x86), one page of h,
	 * 4 KiB after: three leaves */
	uint64_t h = geo_huge(t.fmt, 1);
	cr_assert_neq(h, 0, "%s has a huge page", t.fmt->name);
	uint64_t gpa = 256 * h + h - PG;
	uint64_t hpa = geo_far_hpa(t.fmt) / 2 + h - PG;
	cr_assert_eq(t.fmt->map_range(t.hal, t.root, gpa, hpa, h + 2 * PG, PTF_R | PTF_X), PTF_OK, "%s", t.fmt->name);
	uint64_t size, pa;
	unsigned flags;
	cr_assert_eq(t.fmt->query(t.hal, t.root, gpa, &pa, &flags, &size), PTF_OK);
	cr_expect_eq(size, PG, "%s", t.fmt->name);
	cr_expect_eq(flags, PTF_R | PTF_X, "%s", t.fmt->name);
	cr_assert_eq(t.fmt->query(t.hal, t.root, gpa + PG + 12345, &pa, NULL, &size), PTF_OK);
	cr_expect_eq(size, h, "%s: the aligned middle is one huge leaf", t.fmt->name);
	cr_expect_eq(pa, hpa + PG + 12345, "%s", t.fmt->name);
	cr_assert_eq(t.fmt->query(t.hal, t.root, gpa + h + PG, &pa, NULL, &size), PTF_OK);
	cr_expect_eq(size, PG, "%s", t.fmt->name);
	cr_expect_eq(t.fmt->query(t.hal, t.root, gpa + h + 2 * PG, NULL, NULL, NULL), PTF_ENOENT);
	tree_free(&t);
}

FORMAT_PARAMS(walker_roundtrip, misaligned_host_address_gets_small_pages)
ParameterizedTest(const unsigned *fi, walker_roundtrip, misaligned_host_address_gets_small_pages)
{
	struct tree t = tree_new(format_at(fi));
	/* GPA aligned to the smallest huge page, HPA only to 4 KiB: no huge leaf may be used */
	uint64_t h = geo_huge(t.fmt, 1);
	cr_assert_neq(h, 0, "%s has a huge page", t.fmt->name);
	cr_assert_eq(t.fmt->map_range(t.hal, t.root, h, geo_far_hpa(t.fmt) + PG, 2 * h, RW), PTF_OK, "%s",
	             t.fmt->name);
	uint64_t size;
	cr_assert_eq(t.fmt->query(t.hal, t.root, h + h / 2, NULL, NULL, &size), PTF_OK);
	cr_expect_eq(size, PG, "%s", t.fmt->name);
	tree_free(&t);
}

FORMAT_PARAMS(walker_roundtrip, one_gib_range_becomes_one_leaf)
ParameterizedTest(const unsigned *fi, walker_roundtrip, one_gib_range_becomes_one_leaf)
{
	struct tree t = tree_new(format_at(fi));
	/* the second huge page (1 GiB on x86 and ARM 4 KiB), or the first where it is the only one */
	uint64_t g = geo_huge(t.fmt, 2) ? geo_huge(t.fmt, 2) : geo_huge(t.fmt, 1);
	cr_assert_neq(g, 0, "%s has a huge page", t.fmt->name);
	if (8 * g > geo_out_span(t.fmt) || 6 * g > geo_span(t.fmt))
		cr_skip_test("%s: its ranges are too narrow for this layout", t.fmt->name);
	cr_assert_eq(t.fmt->map_range(t.hal, t.root, 5 * g, 7 * g, g, RW), PTF_OK, "%s", t.fmt->name);
	uint64_t size;
	cr_assert_eq(t.fmt->query(t.hal, t.root, 5 * g + g / 2 + 77 * KiB, NULL, NULL, &size), PTF_OK);
	cr_expect_eq(size, g, "%s", t.fmt->name);
	/* the leaf sits at its depth, so that many tables sit above it (the root not counted) */
	int depth = ptf_format_depth_for_size(t.fmt, g);
	cr_expect_eq(frames(&t), t.baseline + (size_t)depth, "%s: no table below a leaf of %#llx", t.fmt->name,
	             (unsigned long long)g);
	tree_free(&t);
}

FORMAT_PARAMS(walker_roundtrip, mapping_over_a_mapped_page_is_refused)
ParameterizedTest(const unsigned *fi, walker_roundtrip, mapping_over_a_mapped_page_is_refused)
{
	struct tree t = tree_new(format_at(fi));
	uint64_t h = geo_huge(t.fmt, 1), g = geo_huge(t.fmt, 2);
	cr_assert_neq(h, 0, "%s has a huge page", t.fmt->name);
	cr_assert_eq(t.fmt->map_page(t.hal, t.root, h, 2 * h, h, RW), PTF_OK, "%s", t.fmt->name);
	struct snapshot before = snapshot(&t);
	size_t f = frames(&t);
	cr_expect_eq(t.fmt->map_page(t.hal, t.root, h + 2 * PG, 0, PG, RW), PTF_EEXIST,
	             "%s: 4 KiB inside a huge leaf", t.fmt->name);
	cr_expect_eq(t.fmt->map_range(t.hal, t.root, 0, 0, 2 * h, RW), PTF_EEXIST, "%s: a range that covers the leaf",
	             t.fmt->name);
	if (g)
		cr_expect_eq(t.fmt->map_page(t.hal, t.root, 0, 0, g, RW), PTF_EEXIST, "%s: a larger leaf over a table",
		             t.fmt->name);
	struct snapshot after = snapshot(&t);
	assert_same_snapshot(&before, &after, "refused maps");
	cr_expect_eq(frames(&t), f);
	tree_free(&t);
}

FORMAT_PARAMS(walker_roundtrip, bad_arguments_get_distinct_errors)
ParameterizedTest(const unsigned *fi, walker_roundtrip, bad_arguments_get_distinct_errors)
{
	struct tree t = tree_new(format_at(fi));
	const struct ptf_format *f = t.fmt;
	uint64_t top = geo_span(f);
	cr_expect_eq(f->map_range(t.hal, t.root, 0, 0, 0, RW), PTF_ESIZE);
	cr_expect_eq(f->map_range(t.hal, t.root, PG + 1, 0, PG, RW), PTF_EALIGN);
	cr_expect_eq(f->map_range(t.hal, t.root, 0, 0x10, PG, RW), PTF_EALIGN);
	cr_expect_eq(f->map_range(t.hal, t.root, top - PG, 0, 2 * PG, RW), PTF_ERANGE);
	cr_expect_eq(f->map_range(t.hal, t.root, geo_wrapping_va(f), 0, 2 * PG, RW), PTF_EWRAP);
	cr_expect_eq(f->map_range(t.hal, t.root, 0, ((uint64_t)1 << f->output_bits) - PG, 2 * PG, RW), PTF_EOUTPUT);
	cr_expect_eq(f->map_range(t.hal, t.root, 0, 0, PG, PTF_DEVICE | PTF_UNCACHED | PTF_R), PTF_EFLAGS);
	cr_expect_eq(f->map_range(t.hal, t.root, 0, 0, PG, 0x40 | PTF_R), PTF_EFLAGS);
	cr_expect_eq(f->map_page(t.hal, t.root, 0, 0, 2 * PG, RW), PTF_EPAGESIZE);
	cr_expect_eq(f->map_page(t.hal, t.root, PG, 0, geo_huge(f, 1), RW), PTF_EALIGN, "%s", f->name);
	cr_expect_eq(f->unmap_page(t.hal, t.root, PG, geo_huge(f, 1)), PTF_EALIGN, "%s", f->name);
	cr_expect_eq(f->unmap_range(t.hal, t.root, 0, 0), PTF_ESIZE);
	cr_expect_eq(f->protect_range(t.hal, t.root, 0, PG, 0x40), PTF_EFLAGS);
	cr_expect_eq(f->query(t.hal, t.root, top, NULL, NULL, NULL), PTF_ERANGE);
	cr_expect_eq(frames(&t), t.baseline, "no failed call allocated anything");
	tree_free(&t);
}

FORMAT_PARAMS(walker_roundtrip, every_expressible_flag_combination_reads_back_through_query)
ParameterizedTest(const unsigned *fi, walker_roundtrip, every_expressible_flag_combination_reads_back_through_query)
{
	struct tree t = tree_new(format_at(fi));
	for (unsigned fl = 0; fl < PTF_FLAG_COMBOS; fl++) {
		if (!((t.fmt->flag_combos >> fl) & 1)) {
			cr_expect_eq(t.fmt->map_page(t.hal, t.root, 0, 0, PG, fl), PTF_EFLAGS);
			cr_expect_not_null(t.fmt->flag_refusals[fl]);
			continue;
		}
		uint64_t gpa = (uint64_t)fl * PG;
		cr_assert_eq(t.fmt->map_page(t.hal, t.root, gpa, gpa, PG, fl), PTF_OK);
		unsigned got;
		cr_assert_eq(t.fmt->query(t.hal, t.root, gpa, NULL, &got, NULL), PTF_OK);
		/* what decode gives back is what the leaf encoder says it means */
		struct ptf_entry_info info;
		t.fmt->decode(t.fmt->leaf(gpa, fl, t.fmt->levels - 1), t.fmt->levels - 1, &info);
		cr_expect_eq(got, info.flags, "flags %#x", fl);
		/* permissions a format keeps are never widened */
		cr_expect_eq(got & ~fl & PTF_PERMS_MASK, 0, "flags %#x read back as %#x", fl, got);
	}
	tree_free(&t);
}
