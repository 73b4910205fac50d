/* Many areas: 100,000 of them, alternating linear (mapped now) and lazy alloc, 4 KiB each
 * with a 4 KiB gap after each. Correctness only, no timing assertions. */
#include "aspace_fixture.h"

#define N_AREAS 100000u
#define SCALE_BASE (1 * GiB)
#define STRIDE (2 * PG)
#define SCALE_HPA ASFX_FAR_HPA

static uint64_t area_gpa(size_t i) { return SCALE_BASE + (uint64_t)i * STRIDE; }

static bool is_linear(size_t i) { return i % 2 == 0; }

/* A window that starts at the first area, so the first gap is after it: 4 GiB, or twice
 * what the areas span where pages are larger. */
static struct aspace_fx open_scale(const unsigned *fi)
{
	const struct ptf_format *fmt = asfx_format(fi);
	uint64_t span = 2 * (uint64_t)N_AREAS * STRIDE;
	return asfx_open_window(fmt, SCALE_BASE, span > 4 * GiB ? span : 4 * GiB);
}

static void map_all(struct aspace_fx *fx)
{
	for (size_t i = 0; i < N_AREAS; i++) {
		uint64_t gpa = area_gpa(i);
		int rc = is_linear(i) ? ptf_aspace_map_linear(fx->as, gpa, SCALE_HPA + gpa, PG, AS_RW)
		                      : ptf_aspace_map_alloc(fx->as, gpa, PG, AS_RO, false);
		if (rc != PTF_OK)
			cr_assert_fail("%s: area %zu at %#llx: %s", fx->fmt->name, i, (unsigned long long)gpa, ptf_strerror(rc));
	}
}

struct order_check {
	size_t n;
	uint64_t prev_end;
	bool ok;
	size_t first_bad;
	uint64_t gap; /* expected gap after each area, 0 to skip */
	size_t step;  /* expected index step between areas */
};

static int check_order(const struct ptf_area_info *a, void *arg)
{
	struct order_check *c = arg;
	size_t i = c->n * c->step + (c->step == 2 ? 1 : 0);
	bool good = a->gpa == area_gpa(i) && a->size == PG &&
	            a->backend == (is_linear(i) ? PTF_BACKEND_LINEAR : PTF_BACKEND_ALLOC) &&
	            (c->n == 0 || a->gpa >= c->prev_end);
	if (!good && c->ok) {
		c->ok = false;
		c->first_bad = c->n;
	}
	c->prev_end = a->gpa + a->size;
	c->n++;
	return 0;
}

/* Visit areas until the callback returns non-zero: that value comes back. */
static int stop_at_third(const struct ptf_area_info *a, void *arg)
{
	size_t *seen = arg;
	(void)a;
	return ++*seen == 3 ? 42 : 0;
}

ASPACE_FORMAT_PARAMS(aspace_scale, hundred_thousand_areas_are_each_found_and_iterated_in_order)
ParameterizedTest(const unsigned *fi, aspace_scale, hundred_thousand_areas_are_each_found_and_iterated_in_order)
{
	struct aspace_fx fx = open_scale(fi);
	map_all(&fx);

	struct ptf_aspace_stats st;
	ptf_aspace_stats(fx.as, &st);
	cr_expect_eq(st.areas, N_AREAS, "%s: %zu areas", fx.fmt->name, st.areas);
	cr_expect_eq(st.leaves[0], N_AREAS / 2, "%s: one 4 KiB leaf per linear area, got %zu", fx.fmt->name, st.leaves[0]);
	cr_expect_eq(st.frames_owned, 0, "%s: lazy areas own no frames", fx.fmt->name);
	cr_expect_eq(st.frames_in_use, asfx_hal_frames(&fx), "%s: stats agree with the HAL", fx.fmt->name);

	size_t bad = 0;
	for (size_t i = 0; i < N_AREAS && bad < 5; i++) {
		uint64_t gpa = area_gpa(i);
		struct ptf_area_info first, last;
		memset(&first, 0xff, sizeof(first));
		memset(&last, 0xff, sizeof(last));
		int rc_first = ptf_aspace_find_area(fx.as, gpa, &first);
		int rc_last = ptf_aspace_find_area(fx.as, gpa + PG - 1, &last);
		int rc_gap = ptf_aspace_find_area(fx.as, gpa + PG, NULL);
		int rc_gap_end = ptf_aspace_find_area(fx.as, gpa + STRIDE - 1, NULL);
		bool good = rc_first == PTF_OK && rc_last == PTF_OK && first.gpa == gpa && last.gpa == gpa &&
		            first.size == PG && last.size == PG && rc_gap == PTF_ENOAREA && rc_gap_end == PTF_ENOAREA &&
		            first.backend == (is_linear(i) ? PTF_BACKEND_LINEAR : PTF_BACKEND_ALLOC) &&
		            first.flags == (is_linear(i) ? AS_RW : AS_RO) &&
		            first.hpa == (is_linear(i) ? SCALE_HPA + gpa : 0);
		if (!good) {
			bad++;
			cr_expect_fail("%s: area %zu at %#llx: find first %d (gpa %#llx), last %d (gpa %#llx), gap %d/%d", fx.fmt->name, i,
			               (unsigned long long)gpa, rc_first, (unsigned long long)first.gpa, rc_last,
			               (unsigned long long)last.gpa, rc_gap, rc_gap_end);
		}
	}
	cr_expect_eq(ptf_aspace_find_area(fx.as, SCALE_BASE - 1, NULL), PTF_ENOAREA, "%s: before the first area", fx.fmt->name);

	struct order_check c = { .ok = true, .step = 1 };
	cr_expect_eq(ptf_aspace_for_each_area(fx.as, check_order, &c), 0);
	cr_expect_eq(c.n, N_AREAS, "%s: iteration visited %zu areas", fx.fmt->name, c.n);
	cr_expect(c.ok, "%s: iteration out of order or wrong at area %zu", fx.fmt->name, c.first_bad);

	size_t seen = 0;
	cr_expect_eq(ptf_aspace_for_each_area(fx.as, stop_at_third, &seen), 42, "%s: the callback's value comes back",
	             fx.fmt->name);
	cr_expect_eq(seen, 3, "%s: iteration stops when the callback says so", fx.fmt->name);
	asfx_close(&fx);
}

ASPACE_FORMAT_PARAMS(aspace_scale, find_free_skips_every_gap_too_small)
ParameterizedTest(const unsigned *fi, aspace_scale, find_free_skips_every_gap_too_small)
{
	struct aspace_fx fx = open_scale(fi);
	map_all(&fx);
	uint64_t gpa = 0;
	cr_expect_eq(ptf_aspace_find_free(fx.as, PG, PG, &gpa), PTF_OK);
	cr_expect_eq(gpa, SCALE_BASE + PG, "%s: the first gap is after the first area, got %#llx", fx.fmt->name,
	             (unsigned long long)gpa);
	/* every gap is 4 KiB: 8 KiB fits only after the last area */
	gpa = 0;
	cr_expect_eq(ptf_aspace_find_free(fx.as, 2 * PG, PG, &gpa), PTF_OK);
	cr_expect_eq(gpa, area_gpa(N_AREAS - 1) + PG, "%s: 8 KiB fits after the last area, got %#llx", fx.fmt->name,
	             (unsigned long long)gpa);
	/* 2 MiB aligned, 2 MiB: the first aligned 2 MiB after the areas */
	uint64_t after = area_gpa(N_AREAS - 1) + PG;
	uint64_t want = (after + 2 * MiB - 1) & ~(2 * MiB - 1);
	cr_expect_eq(ptf_aspace_find_free(fx.as, 2 * MiB, 2 * MiB, &gpa), PTF_OK);
	cr_expect_eq(gpa, want, "%s: 2 MiB-aligned 2 MiB at %#llx, want %#llx", fx.fmt->name, (unsigned long long)gpa,
	             (unsigned long long)want);
	/* more than what is left of the window */
	cr_expect_eq(ptf_aspace_find_free(fx.as, fx.base + fx.size - after + PG, PG, &gpa), PTF_ENOAREA,
	             "%s: no room that large", fx.fmt->name);
	asfx_close(&fx);
}

ASPACE_FORMAT_PARAMS(aspace_scale, unmapping_every_other_of_hundred_thousand_areas_leaves_fifty_thousand)
ParameterizedTest(const unsigned *fi, aspace_scale, unmapping_every_other_of_hundred_thousand_areas_leaves_fifty_thousand)
{
	struct aspace_fx fx = open_scale(fi);
	map_all(&fx);
	/* the linear ones: each unmap removes a valid leaf, so each flushes once */
	for (size_t i = 0; i < N_AREAS; i += 2) {
		int rc = ptf_aspace_unmap(fx.as, area_gpa(i), PG);
		if (rc != PTF_OK)
			cr_assert_fail("%s: unmap of area %zu: %s", fx.fmt->name, i, ptf_strerror(rc));
	}
	cr_expect_eq(asfx_flushes(&fx), N_AREAS / 2, "%s: %lu flushes", fx.fmt->name, asfx_flushes(&fx));

	struct ptf_aspace_stats st;
	ptf_aspace_stats(fx.as, &st);
	cr_expect_eq(st.areas, N_AREAS / 2, "%s: %zu areas left", fx.fmt->name, st.areas);
	for (unsigned k = 0; k < PTF_MAX_LEVELS; k++)
		cr_expect_eq(st.leaves[k], 0, "%s: no leaf left (leaves[%u] = %zu)", fx.fmt->name, k, st.leaves[k]);
	cr_expect_eq(st.tables, fx.fmt->root_tables, "%s: emptied tables are freed, %zu left", fx.fmt->name, st.tables);
	cr_expect_eq(asfx_frames(&fx), fx.fmt->root_tables, "%s: %zu frames in use", fx.fmt->name, asfx_frames(&fx));

	struct order_check c = { .ok = true, .step = 2 };
	cr_expect_eq(ptf_aspace_for_each_area(fx.as, check_order, &c), 0);
	cr_expect_eq(c.n, N_AREAS / 2, "%s: iteration visited %zu areas", fx.fmt->name, c.n);
	cr_expect(c.ok, "%s: iteration out of order or wrong at area %zu", fx.fmt->name, c.first_bad);
	cr_expect_eq(ptf_aspace_find_area(fx.as, area_gpa(0), NULL), PTF_ENOAREA, "%s: area 0 is gone", fx.fmt->name);
	cr_expect_eq(ptf_aspace_find_area(fx.as, area_gpa(N_AREAS - 2), NULL), PTF_ENOAREA);
	cr_expect_eq(ptf_aspace_find_area(fx.as, area_gpa(N_AREAS - 1), NULL), PTF_OK, "%s: the last area stays",
	             fx.fmt->name);

	/* gaps are now 12 KiB: the first 8 KiB hole starts where area 0 was */
	uint64_t gpa = 0;
	cr_expect_eq(ptf_aspace_find_free(fx.as, 2 * PG, PG, &gpa), PTF_OK);
	cr_expect_eq(gpa, area_gpa(0), "%s: 8 KiB fits where area 0 was, got %#llx", fx.fmt->name, (unsigned long long)gpa);
	asfx_close(&fx);
}

ASPACE_FORMAT_PARAMS(aspace_scale, clear_of_hundred_thousand_areas_leaves_only_the_root)
ParameterizedTest(const unsigned *fi, aspace_scale, clear_of_hundred_thousand_areas_leaves_only_the_root)
{
	struct aspace_fx fx = open_scale(fi);
	map_all(&fx);
	/* fault some lazy pages in so that clear has data frames to give back too */
	for (size_t i = 1; i < N_AREAS; i += 1000)
		cr_assert_eq(ptf_aspace_handle_fault(fx.as, area_gpa(i), PTF_R), PTF_OK);
	struct ptf_aspace_stats st;
	ptf_aspace_stats(fx.as, &st);
	cr_expect_eq(st.frames_owned, N_AREAS / 1000);
	cr_expect_gt(asfx_frames(&fx), fx.fmt->root_tables);
	ptf_aspace_clear(fx.as);
	ptf_aspace_stats(fx.as, &st);
	cr_expect_eq(st.areas, 0, "%s: %zu areas after clear", fx.fmt->name, st.areas);
	cr_expect_eq(st.tables, fx.fmt->root_tables, "%s: %zu tables after clear", fx.fmt->name, st.tables);
	cr_expect_eq(st.frames_in_use, fx.fmt->root_bytes / PTF_FRAME_SIZE);
	cr_expect_eq(asfx_frames(&fx), fx.fmt->root_tables, "%s: %zu frames in use after clear", fx.fmt->name,
	             asfx_frames(&fx));
	cr_expect_eq(asfx_flushes(&fx), 1, "%s: clear flushes once", fx.fmt->name);
	cr_expect_eq(ptf_aspace_find_area(fx.as, area_gpa(0), NULL), PTF_ENOAREA);
	/* the address space is reusable */
	cr_expect_eq(ptf_aspace_map_alloc(fx.as, area_gpa(0), PG, AS_RW, true), PTF_OK);
	asfx_close(&fx); /* destroy: 0 frames in use */
}
