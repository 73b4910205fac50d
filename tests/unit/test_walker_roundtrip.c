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
		cr_expect_eq(t.fmt->query(t.hal, t.root, gpa - 4096, NULL, NULL, NULL), PTF_ENOENT, "the previous page stays unmapped");
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
	/* 4 KiB before a 2 MiB boundary, one 2 MiB page, 4 KiB after: three leaf sizes */
	uint64_t gpa = 1 * GiB + 2 * MiB - 4 * KiB;
	uint64_t hpa = 8 * GiB + 2 * MiB - 4 * KiB;
	cr_assert_eq(t.fmt->map_range(t.hal, t.root, gpa, hpa, 2 * MiB + 8 * KiB, PTF_R | PTF_X), PTF_OK);
	uint64_t size, pa;
	unsigned flags;
	cr_assert_eq(t.fmt->query(t.hal, t.root, gpa, &pa, &flags, &size), PTF_OK);
	cr_expect_eq(size, 4 * KiB);
	cr_expect_eq(flags, PTF_R | PTF_X);
	cr_assert_eq(t.fmt->query(t.hal, t.root, gpa + 4 * KiB + 12345, &pa, NULL, &size), PTF_OK);
	cr_expect_eq(size, 2 * MiB, "the aligned middle is one 2 MiB leaf");
	cr_expect_eq(pa, hpa + 4 * KiB + 12345);
	cr_assert_eq(t.fmt->query(t.hal, t.root, gpa + 2 * MiB + 4 * KiB, &pa, NULL, &size), PTF_OK);
	cr_expect_eq(size, 4 * KiB);
	cr_expect_eq(t.fmt->query(t.hal, t.root, gpa + 2 * MiB + 8 * KiB, NULL, NULL, NULL), PTF_ENOENT);
	tree_free(&t);
}

FORMAT_PARAMS(walker_roundtrip, misaligned_host_address_gets_small_pages)
ParameterizedTest(const unsigned *fi, walker_roundtrip, misaligned_host_address_gets_small_pages)
{
	struct tree t = tree_new(format_at(fi));
	/* GPA 2 MiB aligned, HPA only 4 KiB aligned: no huge leaf may be used */
	cr_assert_eq(t.fmt->map_range(t.hal, t.root, 2 * MiB, 3 * GiB + 4 * KiB, 4 * MiB, RW), PTF_OK);
	uint64_t size;
	cr_assert_eq(t.fmt->query(t.hal, t.root, 3 * MiB, NULL, NULL, &size), PTF_OK);
	cr_expect_eq(size, 4 * KiB);
	tree_free(&t);
}

FORMAT_PARAMS(walker_roundtrip, one_gib_range_becomes_one_leaf)
ParameterizedTest(const unsigned *fi, walker_roundtrip, one_gib_range_becomes_one_leaf)
{
	struct tree t = tree_new(format_at(fi));
	cr_assert_eq(t.fmt->map_range(t.hal, t.root, 5 * GiB, 7 * GiB, GiB, RW), PTF_OK);
	uint64_t size;
	cr_assert_eq(t.fmt->query(t.hal, t.root, 5 * GiB + 77 * MiB, NULL, NULL, &size), PTF_OK);
	cr_expect_eq(size, GiB);
	/* the 1 GiB leaf sits at depth levels-3, so levels-3 tables sit above it */
	cr_expect_eq(frames(&t), t.baseline + (t.fmt->levels - 3), "no table below a 1 GiB leaf");
	tree_free(&t);
}

FORMAT_PARAMS(walker_roundtrip, mapping_over_a_mapped_page_is_refused)
ParameterizedTest(const unsigned *fi, walker_roundtrip, mapping_over_a_mapped_page_is_refused)
{
	struct tree t = tree_new(format_at(fi));
	cr_assert_eq(t.fmt->map_page(t.hal, t.root, 2 * MiB, 4 * MiB, 2 * MiB, RW), PTF_OK);
	struct snapshot before = snapshot(&t);
	size_t f = frames(&t);
	cr_expect_eq(t.fmt->map_page(t.hal, t.root, 2 * MiB + 8 * KiB, 0, 4 * KiB, RW), PTF_EEXIST, "4 KiB inside a 2 MiB leaf");
	cr_expect_eq(t.fmt->map_range(t.hal, t.root, 0, 0, 4 * MiB, RW), PTF_EEXIST, "a range that covers the leaf");
	cr_expect_eq(t.fmt->map_page(t.hal, t.root, 0, 0, GiB, RW), PTF_EEXIST, "a 1 GiB leaf over a table");
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
	uint64_t top = (uint64_t)1 << f->input_bits;
	cr_expect_eq(f->map_range(t.hal, t.root, 0, 0, 0, RW), PTF_ESIZE);
	cr_expect_eq(f->map_range(t.hal, t.root, 0x1000 + 1, 0, 4 * KiB, RW), PTF_EALIGN);
	cr_expect_eq(f->map_range(t.hal, t.root, 0, 0x10, 4 * KiB, RW), PTF_EALIGN);
	cr_expect_eq(f->map_range(t.hal, t.root, top - 4 * KiB, 0, 8 * KiB, RW), PTF_ERANGE);
	cr_expect_eq(f->map_range(t.hal, t.root, UINT64_MAX - 4095, 0, 8 * KiB, RW), PTF_EWRAP);
	cr_expect_eq(f->map_range(t.hal, t.root, 0, ((uint64_t)1 << f->output_bits) - 4 * KiB, 8 * KiB, RW), PTF_EOUTPUT);
	cr_expect_eq(f->map_range(t.hal, t.root, 0, 0, 4 * KiB, PTF_DEVICE | PTF_UNCACHED | PTF_R), PTF_EFLAGS);
	cr_expect_eq(f->map_range(t.hal, t.root, 0, 0, 4 * KiB, 0x40 | PTF_R), PTF_EFLAGS);
	cr_expect_eq(f->map_page(t.hal, t.root, 0, 0, 8 * KiB, RW), PTF_EPAGESIZE);
	cr_expect_eq(f->map_page(t.hal, t.root, 4 * KiB, 0, 2 * MiB, RW), PTF_EALIGN);
	cr_expect_eq(f->unmap_page(t.hal, t.root, 4 * KiB, 2 * MiB), PTF_EALIGN);
	cr_expect_eq(f->unmap_range(t.hal, t.root, 0, 0), PTF_ESIZE);
	cr_expect_eq(f->protect_range(t.hal, t.root, 0, 4 * KiB, 0x40), PTF_EFLAGS);
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
			cr_expect_eq(t.fmt->map_page(t.hal, t.root, 0, 0, 4 * KiB, fl), PTF_EFLAGS);
			cr_expect_not_null(t.fmt->flag_refusals[fl]);
			continue;
		}
		uint64_t gpa = (uint64_t)fl * 4 * KiB;
		cr_assert_eq(t.fmt->map_page(t.hal, t.root, gpa, gpa, 4 * KiB, fl), PTF_OK);
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
