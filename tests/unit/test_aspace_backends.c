/* The linear and alloc backends: axaddrspace's own scenarios (map_linear then
 * translate, populate, lazy faults, partial unmaps, clear) and what it lacks. */
#include "guest_fixture.h"

FORMAT_PARAMS(aspace_backends, map_linear_then_translate_every_page_size)
ParameterizedTest(const unsigned *fi, aspace_backends, map_linear_then_translate_every_page_size)
{
	struct guest g = guest_new(format_at(fi));
	/* one leaf of every page size up to the largest that fits an eighth of the window
	 * (on x86: 1 GiB + 2 MiB + 4 KiB at 1 GiB, onto 3 GiB), largest first */
	unsigned n = 0;
	uint64_t size = 0;
	while (n < g.fmt->n_page_sizes && g.fmt->page_sizes[n] <= g.window / 8)
		size += g.fmt->page_sizes[n++];
	uint64_t big = g.fmt->page_sizes[n - 1], gpa = big, hpa0 = 3 * big;
	cr_assert_eq(ptf_aspace_map_linear(g.as, gpa, hpa0, size, RW), PTF_OK, "%s", g.fmt->name);
	for (uint64_t at = gpa, i = n; i-- > 0; at += g.fmt->page_sizes[i]) {
		uint64_t inside = g.fmt->page_sizes[i] / 2 + 0x345;
		cr_expect_eq(translated(&g, at), hpa0 + (at - gpa), "%s", g.fmt->name);
		cr_expect_eq(translated(&g, at + inside), hpa0 + (at - gpa) + inside, "%s", g.fmt->name);
	}
	cr_expect_eq(translated(&g, gpa + size - 1), hpa0 + size - 1, "%s", g.fmt->name);
	uint64_t hpa, limit;
	cr_expect_eq(ptf_aspace_translate(g.as, gpa + size, &hpa, &limit), PTF_ENOENT);
	cr_assert_eq(ptf_aspace_translate(g.as, gpa + 100, &hpa, &limit), PTF_OK);
	cr_expect_eq(limit, size - 100, "a linear area is contiguous to its end");
	struct ptf_aspace_stats st;
	ptf_aspace_stats(g.as, &st);
	for (unsigned i = 0; i < n; i++)
		cr_expect_eq(st.leaves[i], 1, "%s: one leaf of %#llx", g.fmt->name, (unsigned long long)g.fmt->page_sizes[i]);
	cr_expect_eq(st.frames_owned, 0, "linear areas own no frames");
	cr_expect_eq(st.frames_in_use, ptf_host_hal_frames_in_use(g.host), "%s: stats agree with the HAL", g.fmt->name);
	guest_free(&g);
}

FORMAT_PARAMS(aspace_backends, populate_maps_zeroed_frames_now)
ParameterizedTest(const unsigned *fi, aspace_backends, populate_maps_zeroed_frames_now)
{
	struct guest g = guest_new(format_at(fi));
	size_t before = guest_frames(&g);
	cr_assert_eq(ptf_aspace_map_alloc(g.as, 4 * MiB, 16 * PG, RW, true), PTF_OK);
	struct ptf_aspace_stats st;
	ptf_aspace_stats(g.as, &st);
	cr_expect_eq(st.frames_owned, 16);
	cr_expect_eq(guest_frames(&g) - before, 16 + (g.fmt->levels - 1), "16 frames and one table per level");
	uint64_t first = translated(&g, 4 * MiB);
	for (uint64_t off = 0; off < 16 * PG; off += PG) {
		uint64_t hpa = translated(&g, 4 * MiB + off);
		const unsigned char *p = g.hal->phys_to_virt(g.hal->ctx, hpa);
		cr_assert_not_null(p);
		for (uint64_t i = 0; i < PG; i += 512)
			cr_expect_eq(p[i], 0, "frame zeroed");
		cr_expect(off == 0 || hpa != first, "distinct frames");
	}
	cr_expect_eq(ptf_aspace_handle_fault(g.as, 4 * MiB + 2 * PG, PTF_W), PTF_OK, "fault on a populated page");
	cr_expect_eq(guest_frames(&g) - before, 16 + (g.fmt->levels - 1), "and it allocates nothing");
	guest_free(&g);
}

FORMAT_PARAMS(aspace_backends, lazy_fault_maps_one_zeroed_frame_with_area_permissions)
ParameterizedTest(const unsigned *fi, aspace_backends, lazy_fault_maps_one_zeroed_frame_with_area_permissions)
{
	struct guest g = guest_new(format_at(fi));
	cr_assert_eq(ptf_aspace_map_alloc(g.as, 8 * MiB, 2 * MiB, PTF_R | PTF_X, false), PTF_OK);
	uint64_t hpa;
	cr_expect_eq(ptf_aspace_translate(g.as, 8 * MiB + PG, &hpa, NULL), PTF_ENOENT, "nothing mapped before a fault");
	size_t before = guest_frames(&g);
	cr_assert_eq(ptf_aspace_handle_fault(g.as, 8 * MiB + PG + 123, PTF_X), PTF_OK);
	cr_expect_eq(guest_frames(&g) - before, 1 + (g.fmt->levels - 1));
	hpa = translated(&g, 8 * MiB + PG);
	unsigned flags;
	cr_assert_eq(g.fmt->query(g.hal, ptf_aspace_root(g.as), 8 * MiB + PG, NULL, &flags, NULL), PTF_OK);
	cr_expect_eq(flags, PTF_R | PTF_X, "the leaf carries the area's permissions");
	const unsigned char *p = g.hal->phys_to_virt(g.hal->ctx, hpa);
	cr_expect_eq(p[0] | p[2048] | p[4095], 0);
	cr_expect_eq(ptf_aspace_translate(g.as, 8 * MiB + 2 * PG, &hpa, NULL), PTF_ENOENT, "only the faulting page");
	guest_free(&g);
}

FORMAT_PARAMS(aspace_backends, second_fault_on_a_mapped_page_allocates_nothing)
ParameterizedTest(const unsigned *fi, aspace_backends, second_fault_on_a_mapped_page_allocates_nothing)
{
	struct guest g = guest_new(format_at(fi));
	cr_assert_eq(ptf_aspace_map_alloc(g.as, 8 * MiB, 2 * MiB, RW, false), PTF_OK);
	cr_assert_eq(ptf_aspace_handle_fault(g.as, 8 * MiB, PTF_W), PTF_OK);
	size_t frames = guest_frames(&g);
	unsigned long allocs = ptf_host_hal_alloc_calls(g.host);
	cr_expect_eq(ptf_aspace_handle_fault(g.as, 8 * MiB + 100, PTF_R), PTF_OK);
	cr_expect_eq(ptf_aspace_handle_fault(g.as, 8 * MiB + 4095, PTF_W), PTF_OK);
	cr_expect_eq(guest_frames(&g), frames);
	cr_expect_eq(ptf_host_hal_alloc_calls(g.host), allocs);
	guest_free(&g);
}

FORMAT_PARAMS(aspace_backends, unmap_frees_exactly_the_frames_faulted_in)
ParameterizedTest(const unsigned *fi, aspace_backends, unmap_frees_exactly_the_frames_faulted_in)
{
	struct guest g = guest_new(format_at(fi));
	size_t empty = guest_frames(&g);
	cr_assert_eq(ptf_aspace_map_alloc(g.as, 8 * MiB, 4 * MiB, RW, false), PTF_OK);
	cr_assert_eq(ptf_aspace_handle_fault(g.as, 8 * MiB, PTF_R), PTF_OK);
	cr_assert_eq(ptf_aspace_handle_fault(g.as, 8 * MiB + 10 * PG, PTF_R), PTF_OK);
	cr_assert_eq(ptf_aspace_handle_fault(g.as, 11 * MiB, PTF_R), PTF_OK);
	struct ptf_aspace_stats st;
	ptf_aspace_stats(g.as, &st);
	cr_expect_eq(st.frames_owned, 3);
	/* unmap the first 2 MiB: two faulted frames go, the third stays */
	cr_assert_eq(ptf_aspace_unmap(g.as, 8 * MiB, 2 * MiB), PTF_OK);
	ptf_aspace_stats(g.as, &st);
	cr_expect_eq(st.frames_owned, 1);
	cr_expect_eq(st.frames_in_use, ptf_host_hal_frames_in_use(g.host), "%s: stats agree with the HAL", g.fmt->name);
	cr_assert_eq(ptf_aspace_unmap(g.as, 10 * MiB, 2 * MiB), PTF_OK);
	cr_expect_eq(guest_frames(&g), empty, "every frame and table is back");
	guest_free(&g);
}

FORMAT_PARAMS(aspace_backends, partial_unmap_of_huge_linear_mapping_keeps_the_rest)
ParameterizedTest(const unsigned *fi, aspace_backends, partial_unmap_of_huge_linear_mapping_keeps_the_rest)
{
	struct guest g = guest_new(format_at(fi));
	cr_assert_eq(ptf_aspace_map_linear(g.as, 2 * GiB, 6 * GiB, GiB, RW), PTF_OK);
	cr_assert_eq(ptf_aspace_unmap(g.as, 2 * GiB + 3 * MiB, 2 * PG), PTF_OK);
	uint64_t hpa;
	cr_expect_eq(ptf_aspace_translate(g.as, 2 * GiB + 3 * MiB, &hpa, NULL), PTF_ENOENT);
	cr_expect_eq(ptf_aspace_translate(g.as, 2 * GiB + 3 * MiB + PG, &hpa, NULL), PTF_ENOENT);
	cr_expect_eq(translated(&g, 2 * GiB + 3 * MiB - 1), 6 * GiB + 3 * MiB - 1);
	cr_expect_eq(translated(&g, 2 * GiB + 3 * MiB + 2 * PG), 6 * GiB + 3 * MiB + 2 * PG);
	cr_expect_eq(translated(&g, 3 * GiB - 1), 7 * GiB - 1);
	cr_expect_eq(area_count(&g), 2, "the area was split in two");
	guest_free(&g);
}

FORMAT_PARAMS(aspace_backends, clear_removes_everything_and_frees_all_but_the_root)
ParameterizedTest(const unsigned *fi, aspace_backends, clear_removes_everything_and_frees_all_but_the_root)
{
	struct guest g = guest_new(format_at(fi));
	size_t empty = guest_frames(&g);
	cr_assert_eq(ptf_aspace_map_linear(g.as, GiB, GiB, GiB + PG, RW), PTF_OK);
	cr_assert_eq(ptf_aspace_map_alloc(g.as, 0, 16 * PG, RW, true), PTF_OK);
	cr_assert_eq(ptf_aspace_map_alloc(g.as, 4 * GiB, 16 * PG, RW, false), PTF_OK);
	cr_assert_eq(ptf_aspace_handle_fault(g.as, 4 * GiB, PTF_R), PTF_OK);
	ptf_aspace_clear(g.as);
	cr_expect_eq(area_count(&g), 0);
	cr_expect_eq(guest_frames(&g), empty);
	uint64_t hpa;
	cr_expect_eq(ptf_aspace_translate(g.as, GiB, &hpa, NULL), PTF_ENOENT);
	cr_expect_eq(ptf_aspace_handle_fault(g.as, 4 * GiB, PTF_R), PTF_ENOAREA);
	cr_expect_eq(ptf_aspace_map_linear(g.as, GiB, GiB, GiB, RW), PTF_OK, "the space is usable again");
	guest_free(&g);
}

FORMAT_PARAMS(aspace_backends, translate_limit_follows_contiguous_alloc_frames_within_the_area)
ParameterizedTest(const unsigned *fi, aspace_backends, translate_limit_follows_contiguous_alloc_frames_within_the_area)
{
	struct guest g = guest_new(format_at(fi));
	cr_assert_eq(ptf_aspace_map_alloc(g.as, 2 * MiB, 4 * PG, RW, false), PTF_OK);
	cr_assert_eq(ptf_aspace_handle_fault(g.as, 2 * MiB, PTF_R), PTF_OK);
	uint64_t hpa, limit;
	cr_assert_eq(ptf_aspace_translate(g.as, 2 * MiB + 16, &hpa, &limit), PTF_OK);
	cr_expect_eq(limit, PG - 16, "the next page is not mapped");
	cr_assert_eq(ptf_aspace_handle_fault(g.as, 2 * MiB + PG, PTF_R), PTF_OK);
	uint64_t second = translated(&g, 2 * MiB + PG);
	cr_assert_eq(ptf_aspace_translate(g.as, 2 * MiB + 16, &hpa, &limit), PTF_OK);
	if (second == hpa - 16 + PG)
		cr_expect_eq(limit, 2 * PG - 16, "adjacent frames extend the run");
	else
		cr_expect_eq(limit, PG - 16, "a frame elsewhere ends the run");
	guest_free(&g);
}
