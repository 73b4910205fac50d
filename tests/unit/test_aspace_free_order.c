/* Frames go back to the HAL only after the flush that covers them: until then another
 * CPU's TLB or page-walk cache may still reach a data frame or a page table. And an
 * overwrite reserves what its leaves need, not a table per 4 KiB. */
#include "guest_fixture.h"

/* A HAL that forwards to the hosted one and notes the order of flushes and frees. */
struct order_hal {
	struct ptf_hal hal;
	const struct ptf_hal *real;
	unsigned long flushes;
	unsigned long frees_before_flush, frees_after_flush;
};

static uint64_t o_alloc(void *ctx, size_t count, size_t align)
{
	struct order_hal *o = ctx;
	return o->real->alloc_frames(o->real->ctx, count, align);
}

static void o_free(void *ctx, uint64_t pa, size_t count)
{
	struct order_hal *o = ctx;
	if (o->flushes)
		o->frees_after_flush += count;
	else
		o->frees_before_flush += count;
	o->real->free_frames(o->real->ctx, pa, count);
}

static void *o_virt(void *ctx, uint64_t pa)
{
	struct order_hal *o = ctx;
	return o->real->phys_to_virt(o->real->ctx, pa);
}

static void o_flush(void *ctx, uint64_t gpa, uint64_t size)
{
	struct order_hal *o = ctx;
	o->flushes++;
	o->real->flush_tlb(o->real->ctx, gpa, size);
}

static struct order_hal order_hal(struct ptf_host_hal *host)
{
	struct order_hal o = { .real = ptf_host_hal_get(host) };
	o.hal = (struct ptf_hal){ NULL, o_alloc, o_free, o_virt, o_flush };
	return o;
}

static void reset(struct order_hal *o)
{
	o->flushes = o->frees_before_flush = o->frees_after_flush = 0;
}

/* An address space on o with 64 KiB populated at 2 MiB, counters at zero. */
static struct ptf_aspace *populated_space(struct order_hal *o, const struct ptf_format *fmt)
{
	struct ptf_aspace *as;
	o->hal.ctx = o;
	cr_assert_eq(ptf_aspace_create(&as, fmt, 0, geo_window(fmt), &o->hal), PTF_OK);
	cr_assert_eq(ptf_aspace_map_alloc(as, 2 * MiB, 16 * PG, RW, true), PTF_OK);
	reset(o);
	return as;
}

FORMAT_PARAMS(aspace_free_order, unmap_frees_data_frames_and_tables_only_after_the_flush)
ParameterizedTest(const unsigned *fi, aspace_free_order, unmap_frees_data_frames_and_tables_only_after_the_flush)
{
	struct ptf_host_hal *host = ptf_host_hal_create(64 << 20);
	struct order_hal o = order_hal(host);
	struct ptf_aspace *as = populated_space(&o, format_at(fi));
	cr_assert_eq(ptf_aspace_unmap(as, 2 * MiB, 16 * PG), PTF_OK);
	cr_expect_eq(o.flushes, 1);
	cr_expect_eq(o.frees_before_flush, 0, "%s: %lu frames freed before the flush", format_at(fi)->name,
	             o.frees_before_flush);
	cr_expect_geq(o.frees_after_flush, 16 + 1, "16 data frames and the emptied table, after it");
	ptf_aspace_destroy(as);
	cr_expect_eq(ptf_host_hal_frames_in_use(host), 0);
	ptf_host_hal_destroy(host);
}

FORMAT_PARAMS(aspace_free_order, clear_and_overwrite_free_only_after_the_flush)
ParameterizedTest(const unsigned *fi, aspace_free_order, clear_and_overwrite_free_only_after_the_flush)
{
	struct ptf_host_hal *host = ptf_host_hal_create(64 << 20);
	struct order_hal o = order_hal(host);
	struct ptf_aspace *as = populated_space(&o, format_at(fi));
	cr_assert_eq(ptf_aspace_map_linear_overwrite(as, 2 * MiB, 8 * GiB, 16 * PG, PTF_R), PTF_OK);
	cr_expect_eq(o.frees_before_flush, 0, "overwrite: %lu frames freed before the flush", o.frees_before_flush);
	cr_expect_geq(o.frees_after_flush, 16);
	cr_assert_eq(ptf_aspace_map_alloc(as, 4 * GiB, 16 * PG, RW, true), PTF_OK);
	reset(&o);
	ptf_aspace_clear(as);
	cr_expect_eq(o.flushes, 1);
	cr_expect_eq(o.frees_before_flush, 0, "clear: %lu frames freed before the flush", o.frees_before_flush);
	cr_expect_geq(o.frees_after_flush, 16);
	ptf_aspace_destroy(as);
	ptf_host_hal_destroy(host);
}

FORMAT_PARAMS(aspace_free_order, overwrite_of_huge_leaves_reserves_only_what_they_need)
ParameterizedTest(const unsigned *fi, aspace_free_order, overwrite_of_huge_leaves_reserves_only_what_they_need)
{
	/* half the window (32 GiB of 1 GiB leaves on the 64 GiB windows), overwritten in an
	 * arena of 1 MiB (256 frames): a reservation of one table per smallest huge page would
	 * need thousands of frames */
	const struct ptf_format *fmt = format_at(fi);
	uint64_t w = geo_window(fmt), start = w / 4, size = w / 2;
	struct ptf_host_hal *host = ptf_host_hal_create(1 << 20);
	struct ptf_aspace *as;
	cr_assert_eq(ptf_aspace_create(&as, fmt, 0, w, ptf_host_hal_get(host)), PTF_OK);
	cr_assert_eq(ptf_aspace_map_linear(as, start, start, size, RW), PTF_OK, "%s", fmt->name);
	cr_expect_eq(ptf_aspace_map_linear_overwrite(as, start, start, size, PTF_R), PTF_OK, "%s", fmt->name);
	uint64_t hpa;
	cr_expect_eq(ptf_aspace_translate(as, start + size / 2 + 123, &hpa, NULL), PTF_OK);
	cr_expect_eq(hpa, start + size / 2 + 123, "%s", fmt->name);
	ptf_aspace_destroy(as);
	cr_expect_eq(ptf_host_hal_frames_in_use(host), 0);
	ptf_host_hal_destroy(host);
}
