/* ptforge's own records (the address space, its area nodes, a change's lists of held
 * frames and broken entries) come from the HAL's alloc_bytes when it has one, and from
 * frames otherwise: an embedder needs no allocator of its own. Carved from frames, they
 * are counted (record_frames), given back when no longer needed, and an allocation
 * failure among them fails the call cleanly, like any other. */
#include "aspace_fixture.h"
#include "wrapped_hal.h"

struct records_fx {
	const struct ptf_format *fmt;
	struct ptf_host_hal *host;
	struct wrapped_hal w; /* no alloc_bytes: records from frames */
	struct ptf_aspace *as;
};

static void records_open(struct records_fx *fx, const struct ptf_format *fmt)
{
	fx->fmt = fmt;
	asfx_current = fmt;
	fx->host = ptf_host_hal_create(ASPACE_ARENA_BYTES);
	cr_assert_not_null(fx->host);
	const struct ptf_hal *hal = wrap_hal(&fx->w, fx->host, WRAP_LEND_META);
	cr_assert_null(hal->alloc_bytes);
	cr_assert_eq(ptf_aspace_create(&fx->as, fmt, 0, geo_window(fmt), hal), PTF_OK);
}

static struct ptf_aspace_stats stats_of(const struct records_fx *fx)
{
	struct ptf_aspace_stats st;
	ptf_aspace_stats(fx->as, &st);
	return st;
}

static void expect_hal_agrees(const struct records_fx *fx, const char *when)
{
	struct ptf_aspace_stats st = stats_of(fx);
	cr_expect_eq(st.frames_in_use, ptf_host_hal_frames_in_use(fx->host),
	             "%s: %s: the address space accounts for %zu frames (%zu of records), the HAL %zu", fx->fmt->name,
	             when, st.frames_in_use, st.record_frames, ptf_host_hal_frames_in_use(fx->host));
}

static void records_close(struct records_fx *fx)
{
	ptf_aspace_destroy(fx->as);
	cr_expect_eq(ptf_host_hal_frames_in_use(fx->host), 0, "%s: destroy left %zu frames", fx->fmt->name,
	             ptf_host_hal_frames_in_use(fx->host));
	ptf_host_hal_destroy(fx->host);
}

ASPACE_FORMAT_PARAMS(own_records, area_nodes_come_from_frames_and_go_back_with_their_areas)
ParameterizedTest(const unsigned *fi, own_records, area_nodes_come_from_frames_and_go_back_with_their_areas)
{
	struct records_fx fx;
	records_open(&fx, asfx_format(fi));
	size_t empty = stats_of(&fx).record_frames;
	cr_expect_gt(empty, 0, "%s: the address space itself lives in frames", fx.fmt->name);
	expect_hal_agrees(&fx, "empty");
	/* more areas than one frame holds nodes for */
	for (unsigned i = 0; i < 300; i++)
		cr_assert_eq(ptf_aspace_map_linear(fx.as, GiB + i * 16 * PG, (ASFX_FAR_HPA / 2) + i * 16 * PG, 4 * PG, AS_RW),
		             PTF_OK);
	cr_expect_gt(stats_of(&fx).record_frames, empty + 1, "%s: 300 area nodes take frames", fx.fmt->name);
	expect_hal_agrees(&fx, "300 areas");
	cr_assert_eq(ptf_aspace_unmap(fx.as, GiB, 300 * 16 * PG), PTF_OK);
	cr_expect_eq(stats_of(&fx).record_frames, empty, "%s: the nodes' frames went back with the areas", fx.fmt->name);
	expect_hal_agrees(&fx, "all unmapped");
	records_close(&fx);
}

ASPACE_FORMAT_PARAMS(own_records, a_change_holds_more_freed_frames_than_it_keeps_inline)
ParameterizedTest(const unsigned *fi, own_records, a_change_holds_more_freed_frames_than_it_keeps_inline)
{
	struct records_fx fx;
	records_open(&fx, asfx_format(fi));
	/* 2 MiB of pages populated, then unmapped at once: 512 data frames held until the
	 * flush, in lists carved from frames */
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, 2 * GiB + PG, 2 * MiB, AS_RW, true), PTF_OK);
	cr_assert_eq(ptf_aspace_unmap(fx.as, 2 * GiB + PG, 2 * MiB), PTF_OK);
	expect_hal_agrees(&fx, "unmapped");
	records_close(&fx);
}

ASPACE_FORMAT_PARAMS(own_records, a_break_of_many_entries_records_them_in_frames)
ParameterizedTest(const unsigned *fi, own_records, a_break_of_many_entries_records_them_in_frames)
{
	struct records_fx fx;
	records_open(&fx, asfx_format(fi));
	/* 1024 pages moved: on a format with break-before-make, 1024 broken entries */
	cr_assert_eq(ptf_aspace_map_linear(fx.as, 2 * GiB + PG, (ASFX_FAR_HPA / 2) + PG, 4 * MiB, AS_RW), PTF_OK);
	cr_assert_eq(ptf_aspace_map_linear_overwrite(fx.as, 2 * GiB + PG, ASFX_FAR_HPA + PG, 4 * MiB, AS_RW),
	             PTF_OK);
	uint64_t hpa;
	cr_assert_eq(ptf_aspace_translate(fx.as, 2 * GiB + PG + 3 * MiB, &hpa, NULL), PTF_OK);
	cr_expect_eq(hpa, ASFX_FAR_HPA + PG + 3 * MiB, "%s: the overwrite moved every page", fx.fmt->name);
	expect_hal_agrees(&fx, "overwritten");
	records_close(&fx);
}

/* Maps small areas from gpa on until the slab's frames are exactly full: the next area
 * node takes a new frame. */
static void fill_node_frames(struct records_fx *fx, uint64_t gpa)
{
	for (unsigned i = 0;; i++) {
		size_t before = stats_of(fx).record_frames;
		uint64_t at = gpa + i * 16 * PG;
		cr_assert_eq(ptf_aspace_map_linear(fx->as, at, (ASFX_FAR_HPA / 2) + i * 16 * PG, 4 * PG, AS_RW), PTF_OK);
		if (stats_of(fx).record_frames > before) {
			/* this node opened a frame: without it, the others are full */
			cr_assert_eq(ptf_aspace_unmap(fx->as, at, 4 * PG), PTF_OK);
			cr_assert_eq(stats_of(fx).record_frames, before);
			return;
		}
		cr_assert_lt(i, 1000u);
	}
}

/* Every allocation a change makes, records included, may fail: the call then fails
 * with PTF_ENOMEM and the address space is as it was. */
ASPACE_FORMAT_PARAMS(own_records, a_failed_record_allocation_fails_the_call_cleanly)
ParameterizedTest(const unsigned *fi, own_records, a_failed_record_allocation_fails_the_call_cleanly)
{
	struct records_fx fx;
	records_open(&fx, asfx_format(fi));
	cr_assert_eq(ptf_aspace_map_linear(fx.as, 2 * GiB + PG, (ASFX_FAR_HPA / 2) + PG, 2 * MiB, AS_RW), PTF_OK);
	fill_node_frames(&fx, 4 * GiB);
	size_t areas = stats_of(&fx).areas;
	bool succeeded = false;
	long n = 0;
	for (; n < 64 && !succeeded; n++) {
		struct ptf_aspace_stats before = stats_of(&fx);
		ptf_host_hal_fail_after(fx.host, n);
		/* a middle split: a new area node, in a new frame; and breaks on formats that
		 * need them */
		int rc = ptf_aspace_map_linear_overwrite(fx.as, 2 * GiB + 1 * MiB, ASFX_FAR_HPA, 16 * PG, AS_RO);
		ptf_host_hal_fail_after(fx.host, -1);
		if (rc == PTF_OK) {
			succeeded = true;
			break;
		}
		cr_assert_eq(rc, PTF_ENOMEM, "%s: after %ld allocations: %s", fx.fmt->name, n, ptf_strerror(rc));
		struct ptf_aspace_stats after = stats_of(&fx);
		cr_assert_eq(after.frames_in_use, before.frames_in_use, "%s: after %ld allocations: frames changed",
		             fx.fmt->name, n);
		cr_assert_eq(after.areas, before.areas);
		expect_hal_agrees(&fx, "failed");
	}
	cr_expect(succeeded && n > 0, "%s: the change failed while its records could not be had, then succeeded",
	          fx.fmt->name);
	cr_expect_eq(stats_of(&fx).areas, areas + 2, "%s: the overwrite split the area in three", fx.fmt->name);
	expect_hal_agrees(&fx, "split");
	records_close(&fx);
}

/* No alloc_bytes, no allocation at all: creating the address space fails cleanly. */
ASPACE_FORMAT_PARAMS(own_records, create_fails_cleanly_without_frames_for_its_records)
ParameterizedTest(const unsigned *fi, own_records, create_fails_cleanly_without_frames_for_its_records)
{
	struct ptf_host_hal *host = ptf_host_hal_create(ASPACE_ARENA_BYTES);
	struct wrapped_hal w;
	const struct ptf_hal *hal = wrap_hal(&w, host, WRAP_LEND_META);
	struct ptf_aspace *as = NULL;
	ptf_host_hal_fail_after(host, 0);
	cr_expect_eq(ptf_aspace_create(&as, asfx_format(fi), 0, GiB, hal), PTF_ENOMEM);
	ptf_host_hal_fail_after(host, -1);
	cr_expect_eq(ptf_host_hal_frames_in_use(host), 0);
	ptf_host_hal_destroy(host);
}
