/* Bad arguments: every refused call returns its own PTF_E* code and changes nothing
 * (areas, page table, stats, frames in use, no TLB flush). */
#include "aspace_fixture.h"

#include <limits.h>

/* The format under test: each test runs in a process of its own, and sets it first. */
static const struct ptf_format *args_fmt;

/* the window: [1 GiB, 65 GiB), or [1 GiB, 1 GiB + half the input range) when that is
 * less (a 34-bit format: [1 GiB, 9 GiB)) */
static uint64_t args_wsize(void)
{
	cr_assert_not_null(args_fmt);
	uint64_t half = geo_span(args_fmt) / 2;
	return half < 64 * GiB ? half : 64 * GiB;
}
#define WBASE GiB
#define WSIZE args_wsize()
#define FAR_HPA geo_far_hpa(args_fmt)
#define LIN (WBASE + 16 * MiB)  /* linear RW, 4 MiB */
#define POP (WBASE + 32 * MiB)  /* populated alloc RW, 16 KiB */
#define LAZY (WBASE + 48 * MiB) /* lazy alloc R, 16 KiB, its second page faulted in */
#define GAP (WBASE + 64 * MiB)  /* nothing here */
#define TOP ((uint64_t)0 - PG) /* last page of the 64-bit space (host addresses, sizes) */

/* A window that does not start at 0, with a linear, a populated and a lazy area. */
static struct aspace_fx open_args(const unsigned *fi)
{
	args_fmt = asfx_format(fi);
	struct aspace_fx fx = asfx_open_window(args_fmt, WBASE, WSIZE);
	cr_assert_eq(ptf_aspace_map_linear(fx.as, LIN, FAR_HPA, 4 * MiB, AS_RW), PTF_OK);
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, POP, 4 * PG, AS_RW, true), PTF_OK);
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, LAZY, 4 * PG, AS_RO, false), PTF_OK);
	cr_assert_eq(ptf_aspace_handle_fault(fx.as, LAZY + PG, PTF_R), PTF_OK);
	cr_assert_eq(asfx_flushes(&fx), 0);
	return fx;
}

static uint64_t wend(const struct aspace_fx *fx) { return fx->base + fx->size; }

/* Every range-taking call with the same (gpa, size): map_linear (hpa = a harmless far
 * address), map_alloc lazy and populated, both overwrites, unmap, protect. */
static void expect_range_refused(struct aspace_fx *fx, uint64_t gpa, uint64_t size, int err)
{
	ASFX_EXPECT_REFUSED(fx, err, ptf_aspace_map_linear(fx->as, gpa, 2 * FAR_HPA, size, AS_RW));
	ASFX_EXPECT_REFUSED(fx, err, ptf_aspace_map_alloc(fx->as, gpa, size, AS_RW, false));
	ASFX_EXPECT_REFUSED(fx, err, ptf_aspace_map_alloc(fx->as, gpa, size, AS_RW, true));
	ASFX_EXPECT_REFUSED(fx, err, ptf_aspace_map_linear_overwrite(fx->as, gpa, 2 * FAR_HPA, size, AS_RW));
	ASFX_EXPECT_REFUSED(fx, err, ptf_aspace_map_alloc_overwrite(fx->as, gpa, size, AS_RW, true));
	ASFX_EXPECT_REFUSED(fx, err, ptf_aspace_unmap(fx->as, gpa, size));
	ASFX_EXPECT_REFUSED(fx, err, ptf_aspace_protect(fx->as, gpa, size, AS_RO));
}

/* Every flags-taking call with flags on a range that would otherwise be fine. */
static void expect_flags_refused(struct aspace_fx *fx, unsigned flags)
{
	ASFX_EXPECT_REFUSED(fx, PTF_EFLAGS, ptf_aspace_map_linear(fx->as, GAP, 2 * FAR_HPA, PG, flags));
	ASFX_EXPECT_REFUSED(fx, PTF_EFLAGS, ptf_aspace_map_alloc(fx->as, GAP, PG, flags, false));
	ASFX_EXPECT_REFUSED(fx, PTF_EFLAGS, ptf_aspace_map_alloc(fx->as, GAP, PG, flags, true));
	ASFX_EXPECT_REFUSED(fx, PTF_EFLAGS, ptf_aspace_map_linear_overwrite(fx->as, LIN, 2 * FAR_HPA, PG, flags));
	ASFX_EXPECT_REFUSED(fx, PTF_EFLAGS, ptf_aspace_map_alloc_overwrite(fx->as, POP, PG, flags, true));
	ASFX_EXPECT_REFUSED(fx, PTF_EFLAGS, ptf_aspace_protect(fx->as, LIN, 4 * MiB, flags));
	ASFX_EXPECT_REFUSED(fx, PTF_EFLAGS, ptf_aspace_protect(fx->as, LAZY, PG, flags));
}

/* ---- create ---- */

/* A failed create leaves *out alone and holds no frame. */
static void expect_create_refused(const struct ptf_format *fmt, uint64_t base, uint64_t size, int err, const char *what)
{
	struct ptf_host_hal *host = ptf_host_hal_create(ASPACE_ARENA_BYTES);
	cr_assert_not_null(host);
	struct ptf_aspace *sentinel = (struct ptf_aspace *)&host, *as = sentinel;
	int rc = ptf_aspace_create(&as, fmt, base, size, ptf_host_hal_get(host));
	cr_expect_eq(rc, err, "%s: create %s [%#llx, +%#llx): %d (%s), want %s", fmt->name, what, (unsigned long long)base,
	             (unsigned long long)size, rc, ptf_error_name(rc) ? ptf_error_name(rc) : "?", ptf_error_name(err));
	cr_expect_eq(as, sentinel, "%s: create %s wrote *out", fmt->name, what);
	cr_expect_eq(ptf_host_hal_frames_in_use(host), 0, "%s: create %s holds frames", fmt->name, what);
	cr_expect_eq(ptf_host_hal_flush_calls(host), 0);
	if (rc == PTF_OK && as != sentinel)
		ptf_aspace_destroy(as);
	ptf_host_hal_destroy(host);
}

static uint64_t in_width(const struct ptf_format *fmt) { return geo_span(fmt); }

ASPACE_FORMAT_PARAMS(aspace_args, create_with_null_out_format_or_hal_is_einval)
ParameterizedTest(const unsigned *fi, aspace_args, create_with_null_out_format_or_hal_is_einval)
{
	const struct ptf_format *fmt = asfx_format(fi);
	struct ptf_host_hal *host = ptf_host_hal_create(ASPACE_ARENA_BYTES);
	cr_assert_not_null(host);
	const struct ptf_hal *hal = ptf_host_hal_get(host);
	struct ptf_aspace *sentinel = (struct ptf_aspace *)&host, *as = sentinel;
	cr_expect_eq(ptf_aspace_create(NULL, fmt, 0, GiB, hal), PTF_EINVAL, "%s: NULL out", fmt->name);
	cr_expect_eq(ptf_aspace_create(&as, NULL, 0, GiB, hal), PTF_EINVAL, "%s: NULL format", fmt->name);
	cr_expect_eq(ptf_aspace_create(&as, fmt, 0, GiB, NULL), PTF_EINVAL, "%s: NULL hal", fmt->name);
	/* a HAL missing any callback */
	for (int missing = 0; missing < 4; missing++) {
		struct ptf_hal bad = *hal;
		if (missing == 0)
			bad.alloc_frames = NULL;
		else if (missing == 1)
			bad.free_frames = NULL;
		else if (missing == 2)
			bad.phys_to_virt = NULL;
		else
			bad.flush_tlb = NULL;
		cr_expect_eq(ptf_aspace_create(&as, fmt, 0, GiB, &bad), PTF_EINVAL, "%s: HAL callback %d missing", fmt->name,
		             missing);
	}
	cr_expect_eq(as, sentinel, "%s: a failed create wrote *out", fmt->name);
	cr_expect_eq(ptf_host_hal_frames_in_use(host), 0);
	cr_expect_eq(ptf_host_hal_flush_calls(host), 0);
	ptf_host_hal_destroy(host);
}

ASPACE_FORMAT_PARAMS(aspace_args, create_with_size_zero_is_esize)
ParameterizedTest(const unsigned *fi, aspace_args, create_with_size_zero_is_esize)
{
	expect_create_refused(asfx_format(fi), 0, 0, PTF_ESIZE, "size 0");
	expect_create_refused(asfx_format(fi), GiB, 0, PTF_ESIZE, "size 0 at 1 GiB");
}

ASPACE_FORMAT_PARAMS(aspace_args, create_with_misaligned_base_or_size_is_ealign)
ParameterizedTest(const unsigned *fi, aspace_args, create_with_misaligned_base_or_size_is_ealign)
{
	const struct ptf_format *fmt = asfx_format(fi);
	expect_create_refused(fmt, 0x800, GiB, PTF_EALIGN, "misaligned base");
	expect_create_refused(fmt, 1, GiB, PTF_EALIGN, "base 1");
	expect_create_refused(fmt, 0, GiB + 0x800, PTF_EALIGN, "misaligned size");
	expect_create_refused(fmt, GiB, 1, PTF_EALIGN, "size 1");
}

ASPACE_FORMAT_PARAMS(aspace_args, create_with_wrapping_window_is_ewrap)
ParameterizedTest(const unsigned *fi, aspace_args, create_with_wrapping_window_is_ewrap)
{
	const struct ptf_format *fmt = asfx_format(fi);
	expect_create_refused(fmt, geo_wrapping_va(fmt), 2 * PG, PTF_EWRAP, "last page + 8 KiB");
	expect_create_refused(fmt, GiB, TOP, PTF_EWRAP, "1 GiB + almost 2^64");
}

ASPACE_FORMAT_PARAMS(aspace_args, create_beyond_input_width_is_erange)
ParameterizedTest(const unsigned *fi, aspace_args, create_beyond_input_width_is_erange)
{
	const struct ptf_format *fmt = asfx_format(fi);
	uint64_t w = in_width(fmt);
	expect_create_refused(fmt, w - PG, 2 * PG, PTF_ERANGE, "straddling the input width");
	expect_create_refused(fmt, w, PG, PTF_ERANGE, "starting at the input width");
	expect_create_refused(fmt, 0, w + PG, PTF_ERANGE, "a page larger than the input width");
	/* the edges themselves are fine */
	struct ptf_host_hal *host = ptf_host_hal_create(ASPACE_ARENA_BYTES);
	cr_assert_not_null(host);
	struct ptf_aspace *as = NULL;
	cr_expect_eq(ptf_aspace_create(&as, fmt, 0, w, ptf_host_hal_get(host)), PTF_OK, "%s: the whole input width", fmt->name);
	ptf_aspace_destroy(as);
	as = NULL;
	cr_expect_eq(ptf_aspace_create(&as, fmt, w - PG, PG, ptf_host_hal_get(host)), PTF_OK,
	             "%s: the last page of the input width", fmt->name);
	ptf_aspace_destroy(as);
	cr_expect_eq(ptf_host_hal_frames_in_use(host), 0);
	ptf_host_hal_destroy(host);
}

/* A HAL that tells its CPU's physical range: a format whose input range must fit in it
 * (ARM stage 2: Arm ARM D8, the IPA size programmed by VTCR_EL2.T0SZ may not exceed
 * ID_AA64MMFR0_EL1.PARange) is refused one bit short of it, and taken at it; the other
 * formats need nothing of it. */
ASPACE_FORMAT_PARAMS(aspace_args, create_refuses_an_input_range_wider_than_the_cpu_pa_range)
ParameterizedTest(const unsigned *fi, aspace_args, create_refuses_an_input_range_wider_than_the_cpu_pa_range)
{
	const struct ptf_format *fmt = asfx_format(fi);
	bool arm_stage2 = fmt->root_register_name && !strcmp(fmt->root_register_name, "VTTBR_EL2");
	cr_expect_eq(fmt->cpu_pa_bits_needed, arm_stage2 ? fmt->input_bits : 0u, "%s", fmt->name);
	struct ptf_host_hal *host = ptf_host_hal_create(ASPACE_ARENA_BYTES);
	cr_assert_not_null(host);
	struct ptf_hal hal = *ptf_host_hal_get(host);
	struct ptf_aspace *sentinel = (struct ptf_aspace *)&host, *as = sentinel;
	hal.cpu_pa_bits = fmt->input_bits - 1;
	cr_expect_eq(ptf_aspace_create(&as, fmt, 0, GiB, &hal), arm_stage2 ? PTF_EPARANGE : PTF_OK,
	             "%s: a CPU with %u physical address bits", fmt->name, hal.cpu_pa_bits);
	if (as != sentinel)
		ptf_aspace_destroy(as);
	cr_expect_eq(ptf_host_hal_frames_in_use(host), 0, "%s: a refused create holds no frame", fmt->name);
	as = sentinel;
	hal.cpu_pa_bits = fmt->input_bits;
	cr_expect_eq(ptf_aspace_create(&as, fmt, 0, GiB, &hal), PTF_OK, "%s: a CPU with %u bits", fmt->name,
	             hal.cpu_pa_bits);
	if (as != sentinel)
		ptf_aspace_destroy(as);
	ptf_host_hal_destroy(host);
}

/* ---- ranges ---- */

ASPACE_FORMAT_PARAMS(aspace_args, range_calls_with_size_zero_are_esize)
ParameterizedTest(const unsigned *fi, aspace_args, range_calls_with_size_zero_are_esize)
{
	struct aspace_fx fx = open_args(fi);
	expect_range_refused(&fx, GAP, 0, PTF_ESIZE);
	expect_range_refused(&fx, LIN, 0, PTF_ESIZE);
	asfx_close(&fx);
}

ASPACE_FORMAT_PARAMS(aspace_args, range_calls_with_misaligned_gpa_or_size_are_ealign)
ParameterizedTest(const unsigned *fi, aspace_args, range_calls_with_misaligned_gpa_or_size_are_ealign)
{
	struct aspace_fx fx = open_args(fi);
	expect_range_refused(&fx, GAP + 0x800, PG, PTF_EALIGN);
	expect_range_refused(&fx, LIN + 1, PG, PTF_EALIGN);
	expect_range_refused(&fx, GAP, PG + 0x800, PTF_EALIGN);
	expect_range_refused(&fx, LIN, 1, PTF_EALIGN);
	asfx_close(&fx);
}

ASPACE_FORMAT_PARAMS(aspace_args, linear_maps_with_misaligned_hpa_are_ealign)
ParameterizedTest(const unsigned *fi, aspace_args, linear_maps_with_misaligned_hpa_are_ealign)
{
	struct aspace_fx fx = open_args(fi);
	ASFX_EXPECT_REFUSED(&fx, PTF_EALIGN, ptf_aspace_map_linear(fx.as, GAP, FAR_HPA + 0x800, PG, AS_RW));
	ASFX_EXPECT_REFUSED(&fx, PTF_EALIGN, ptf_aspace_map_linear(fx.as, GAP, FAR_HPA + 1, 2 * MiB, AS_RW));
	ASFX_EXPECT_REFUSED(&fx, PTF_EALIGN, ptf_aspace_map_linear_overwrite(fx.as, LIN, FAR_HPA + 8, PG, AS_RW));
	asfx_close(&fx);
}

ASPACE_FORMAT_PARAMS(aspace_args, range_calls_with_wrapping_range_are_ewrap)
ParameterizedTest(const unsigned *fi, aspace_args, range_calls_with_wrapping_range_are_ewrap)
{
	struct aspace_fx fx = open_args(fi);
	expect_range_refused(&fx, geo_wrapping_va(fx.fmt), 2 * PG, PTF_EWRAP);
	expect_range_refused(&fx, LIN, TOP, PTF_EWRAP);
	asfx_close(&fx);
}

ASPACE_FORMAT_PARAMS(aspace_args, linear_maps_with_wrapping_hpa_are_ewrap)
ParameterizedTest(const unsigned *fi, aspace_args, linear_maps_with_wrapping_hpa_are_ewrap)
{
	struct aspace_fx fx = open_args(fi);
	ASFX_EXPECT_REFUSED(&fx, PTF_EWRAP, ptf_aspace_map_linear(fx.as, GAP, TOP, 2 * PG, AS_RW));
	ASFX_EXPECT_REFUSED(&fx, PTF_EWRAP, ptf_aspace_map_linear_overwrite(fx.as, LIN, TOP - PG, 4 * PG, AS_RW));
	asfx_close(&fx);
}

ASPACE_FORMAT_PARAMS(aspace_args, range_calls_below_the_window_are_erange)
ParameterizedTest(const unsigned *fi, aspace_args, range_calls_below_the_window_are_erange)
{
	struct aspace_fx fx = open_args(fi);
	expect_range_refused(&fx, WBASE - PG, PG, PTF_ERANGE);
	expect_range_refused(&fx, WBASE - PG, 2 * PG, PTF_ERANGE);
	expect_range_refused(&fx, 0, PG, PTF_ERANGE);
	asfx_close(&fx);
}

ASPACE_FORMAT_PARAMS(aspace_args, range_calls_past_the_window_end_are_erange)
ParameterizedTest(const unsigned *fi, aspace_args, range_calls_past_the_window_end_are_erange)
{
	struct aspace_fx fx = open_args(fi);
	expect_range_refused(&fx, wend(&fx), PG, PTF_ERANGE);
	expect_range_refused(&fx, wend(&fx) - PG, 2 * PG, PTF_ERANGE);
	expect_range_refused(&fx, WBASE, WSIZE + PG, PTF_ERANGE);
	/* the window's last page itself is fine */
	cr_expect_eq(ptf_aspace_map_alloc(fx.as, wend(&fx) - PG, PG, AS_RW, true), PTF_OK);
	cr_expect_eq(ptf_aspace_map_alloc(fx.as, WBASE, PG, AS_RW, true), PTF_OK);
	asfx_close(&fx);
}

ASPACE_FORMAT_PARAMS(aspace_args, linear_maps_beyond_the_output_width_are_eoutput)
ParameterizedTest(const unsigned *fi, aspace_args, linear_maps_beyond_the_output_width_are_eoutput)
{
	struct aspace_fx fx = open_args(fi);
	uint64_t ow = (uint64_t)1 << fx.fmt->output_bits;
	ASFX_EXPECT_REFUSED(&fx, PTF_EOUTPUT, ptf_aspace_map_linear(fx.as, GAP, ow, PG, AS_RW));
	ASFX_EXPECT_REFUSED(&fx, PTF_EOUTPUT, ptf_aspace_map_linear(fx.as, GAP, ow - PG, 2 * PG, AS_RW));
	ASFX_EXPECT_REFUSED(&fx, PTF_EOUTPUT, ptf_aspace_map_linear(fx.as, GAP, ow - 2 * MiB, 4 * MiB, AS_RW));
	ASFX_EXPECT_REFUSED(&fx, PTF_EOUTPUT, ptf_aspace_map_linear_overwrite(fx.as, LIN, ow, 2 * MiB, AS_RW));
	/* the last page below the width is fine */
	cr_expect_eq(ptf_aspace_map_linear(fx.as, GAP, ow - PG, PG, AS_RW), PTF_OK);
	asfx_close(&fx);
}

/* The last 4 KiB of the 64-bit space: hpa + size is exactly 2^64, which is 0 in uint64_t
 * and so neither "wraps" nor looks beyond the width if the check is hpa + size > 2^bits. */
ASPACE_FORMAT_PARAMS(aspace_args, linear_map_of_the_last_page_of_the_64_bit_space_is_refused)
ParameterizedTest(const unsigned *fi, aspace_args, linear_map_of_the_last_page_of_the_64_bit_space_is_refused)
{
	struct aspace_fx fx = open_args(fi);
	struct asfx_state before = asfx_state(&fx);
	int rc = ptf_aspace_map_linear(fx.as, GAP, TOP, PG, AS_RW);
	cr_expect(rc == PTF_EOUTPUT || rc == PTF_EWRAP, "%s: hpa %#llx is beyond %u output bits, got %d (%s)", fx.fmt->name,
	          (unsigned long long)TOP, fx.fmt->output_bits, rc, ptf_error_name(rc) ? ptf_error_name(rc) : "?");
	if (rc == PTF_OK) {
		uint64_t hpa = 0;
		ptf_aspace_translate(fx.as, GAP, &hpa, NULL);
		cr_expect_fail("%s: accepted; gpa %#llx now translates to %#llx", fx.fmt->name, (unsigned long long)GAP,
		               (unsigned long long)hpa);
	} else {
		asfx_expect_unchanged(&fx, &before, "refused map of the last page");
	}
	rc = ptf_aspace_map_linear_overwrite(fx.as, LIN, TOP, PG, AS_RW);
	cr_expect(rc == PTF_EOUTPUT || rc == PTF_EWRAP, "%s: overwrite with hpa %#llx got %d (%s)", fx.fmt->name,
	          (unsigned long long)TOP, rc, ptf_error_name(rc) ? ptf_error_name(rc) : "?");
	asfx_close(&fx);
}

ASPACE_FORMAT_PARAMS(aspace_args, flags_the_format_cannot_express_are_eflags)
ParameterizedTest(const unsigned *fi, aspace_args, flags_the_format_cannot_express_are_eflags)
{
	struct aspace_fx fx = open_args(fi);
	expect_flags_refused(&fx, 0x40);
	expect_flags_refused(&fx, 0x40 | AS_RW);
	expect_flags_refused(&fx, 0x80000000u | AS_RW);
	expect_flags_refused(&fx, UINT_MAX);
	cr_assert_eq((fx.fmt->flag_combos >> (PTF_DEVICE | PTF_UNCACHED | AS_RW)) & 1, 0,
	             "%s: DEVICE|UNCACHED is declared refused", fx.fmt->name);
	expect_flags_refused(&fx, PTF_DEVICE | PTF_UNCACHED | AS_RW);
	expect_flags_refused(&fx, PTF_DEVICE | PTF_UNCACHED | PTF_R);
	asfx_close(&fx);
}

/* Every flags value: refused exactly when the format's descriptor says so. */
ASPACE_FORMAT_PARAMS(aspace_args, map_refuses_exactly_the_flags_the_format_declares_refused)
ParameterizedTest(const unsigned *fi, aspace_args, map_refuses_exactly_the_flags_the_format_declares_refused)
{
	struct aspace_fx fx = open_args(fi);
	for (unsigned flags = 0; flags < PTF_FLAG_COMBOS; flags++) {
		bool ok = (fx.fmt->flag_combos >> flags) & 1;
		if (!ok) {
			ASFX_EXPECT_REFUSED(&fx, PTF_EFLAGS, ptf_aspace_map_alloc(fx.as, GAP, PG, flags, true));
			ASFX_EXPECT_REFUSED(&fx, PTF_EFLAGS, ptf_aspace_protect(fx.as, POP, PG, flags));
			continue;
		}
		cr_expect_eq(ptf_aspace_map_alloc(fx.as, GAP, PG, flags, true), PTF_OK, "%s: flags %#x are expressible",
		             fx.fmt->name, flags);
		struct ptf_area_info info;
		cr_expect_eq(ptf_aspace_find_area(fx.as, GAP, &info), PTF_OK);
		/* the area keeps the flags as the format expresses them (checked against the
		 * manuals in test_encoding.c): ARM drops X on device memory, EPT reads UNCACHED
		 * back as DEVICE, RISC-V without Svpbmt reads both as normal */
		struct ptf_entry_info leaf;
		fx.fmt->decode(fx.fmt->leaf(0, flags, fx.fmt->levels - 1), fx.fmt->levels - 1, &leaf);
		cr_expect_eq(info.flags, leaf.flags, "%s: the area keeps flags %#x as %#x (has %#x)", fx.fmt->name, flags,
		             leaf.flags, info.flags);
		cr_expect_eq(ptf_aspace_unmap(fx.as, GAP, PG), PTF_OK);
	}
	asfx_close(&fx);
}

ASPACE_FORMAT_PARAMS(aspace_args, map_overlapping_an_existing_area_is_eexist)
ParameterizedTest(const unsigned *fi, aspace_args, map_overlapping_an_existing_area_is_eexist)
{
	struct aspace_fx fx = open_args(fi);
	const struct { uint64_t gpa, size; } overlaps[] = {
		{ LIN - PG, 2 * PG },          /* its first page */
		{ LIN + 4 * MiB - PG, 2 * PG }, /* its last page */
		{ LIN + MiB, PG },                  /* inside */
		{ LIN - MiB, 6 * MiB },                  /* all of it and more */
		{ LIN, 4 * MiB },                        /* exactly it */
		{ POP + PG, PG },              /* a populated page */
		{ LAZY, PG },                       /* a lazy page never faulted in */
		{ POP, LAZY - POP + PG },           /* two areas and the gap between */
	};
	for (size_t i = 0; i < sizeof(overlaps) / sizeof(overlaps[0]); i++) {
		uint64_t gpa = overlaps[i].gpa, size = overlaps[i].size;
		ASFX_EXPECT_REFUSED(&fx, PTF_EEXIST, ptf_aspace_map_linear(fx.as, gpa, 2 * FAR_HPA, size, AS_RW));
		ASFX_EXPECT_REFUSED(&fx, PTF_EEXIST, ptf_aspace_map_alloc(fx.as, gpa, size, AS_RW, false));
		ASFX_EXPECT_REFUSED(&fx, PTF_EEXIST, ptf_aspace_map_alloc(fx.as, gpa, size, AS_RW, true));
	}
	/* touching is not overlapping */
	cr_expect_eq(ptf_aspace_map_alloc(fx.as, LIN - PG, PG, AS_RW, false), PTF_OK, "%s: right below", fx.fmt->name);
	cr_expect_eq(ptf_aspace_map_linear(fx.as, LIN + 4 * MiB, 2 * FAR_HPA, PG, AS_RW), PTF_OK, "%s: right above",
	             fx.fmt->name);
	asfx_close(&fx);
}

ASPACE_FORMAT_PARAMS(aspace_args, unmap_or_protect_of_range_touching_no_area_is_enoarea)
ParameterizedTest(const unsigned *fi, aspace_args, unmap_or_protect_of_range_touching_no_area_is_enoarea)
{
	struct aspace_fx fx = open_args(fi);
	const struct { uint64_t gpa, size; } empty[] = {
		{ GAP, PG },
		{ WBASE, LIN - WBASE },                      /* from the window's start up to the first area */
		{ LIN + 4 * MiB, POP - LIN - 4 * MiB },      /* exactly the gap between two areas */
		{ LAZY + 4 * PG, wend(&fx) - LAZY - 4 * PG }, /* from the last area's end to the window's end */
	};
	for (size_t i = 0; i < sizeof(empty) / sizeof(empty[0]); i++) {
		ASFX_EXPECT_REFUSED(&fx, PTF_ENOAREA, ptf_aspace_unmap(fx.as, empty[i].gpa, empty[i].size));
		ASFX_EXPECT_REFUSED(&fx, PTF_ENOAREA, ptf_aspace_protect(fx.as, empty[i].gpa, empty[i].size, AS_RO));
	}
	ptf_aspace_clear(fx.as);
	ASFX_EXPECT_REFUSED(&fx, PTF_ENOAREA, ptf_aspace_unmap(fx.as, WBASE, WSIZE));
	ASFX_EXPECT_REFUSED(&fx, PTF_ENOAREA, ptf_aspace_protect(fx.as, WBASE, WSIZE, AS_RW));
	asfx_close(&fx);
}

/* ---- faults ---- */

ASPACE_FORMAT_PARAMS(aspace_args, fault_with_no_access_or_unknown_access_bits_is_einval)
ParameterizedTest(const unsigned *fi, aspace_args, fault_with_no_access_or_unknown_access_bits_is_einval)
{
	struct aspace_fx fx = open_args(fi);
	const unsigned bad[] = { 0, PTF_U, PTF_DEVICE, PTF_UNCACHED, 0x40, PTF_R | PTF_U, PTF_R | 0x80000000u, UINT_MAX };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ASFX_EXPECT_REFUSED(&fx, PTF_EINVAL, ptf_aspace_handle_fault(fx.as, LAZY, bad[i]));
		ASFX_EXPECT_REFUSED(&fx, PTF_EINVAL, ptf_aspace_handle_fault(fx.as, LIN, bad[i]));
	}
	asfx_close(&fx);
}

ASPACE_FORMAT_PARAMS(aspace_args, fault_outside_the_window_is_erange)
ParameterizedTest(const unsigned *fi, aspace_args, fault_outside_the_window_is_erange)
{
	struct aspace_fx fx = open_args(fi);
	const uint64_t outside[] = { 0, WBASE - 1, wend(&fx), wend(&fx) + PG, UINT64_MAX };
	for (size_t i = 0; i < sizeof(outside) / sizeof(outside[0]); i++)
		ASFX_EXPECT_REFUSED(&fx, PTF_ERANGE, ptf_aspace_handle_fault(fx.as, outside[i], PTF_R));
	asfx_close(&fx);
}

ASPACE_FORMAT_PARAMS(aspace_args, fault_where_no_area_is_enoarea)
ParameterizedTest(const unsigned *fi, aspace_args, fault_where_no_area_is_enoarea)
{
	struct aspace_fx fx = open_args(fi);
	const uint64_t nowhere[] = { WBASE, GAP, LIN - 1, LIN + 4 * MiB, LAZY + 4 * PG, wend(&fx) - 1 };
	for (size_t i = 0; i < sizeof(nowhere) / sizeof(nowhere[0]); i++)
		ASFX_EXPECT_REFUSED(&fx, PTF_ENOAREA, ptf_aspace_handle_fault(fx.as, nowhere[i], PTF_R));
	asfx_close(&fx);
}

ASPACE_FORMAT_PARAMS(aspace_args, fault_with_access_the_area_does_not_grant_is_eaccess)
ParameterizedTest(const unsigned *fi, aspace_args, fault_with_access_the_area_does_not_grant_is_eaccess)
{
	struct aspace_fx fx = open_args(fi);
	/* LAZY is read-only: page 0 never faulted, page 1 faulted in */
	ASFX_EXPECT_REFUSED(&fx, PTF_EACCESS, ptf_aspace_handle_fault(fx.as, LAZY, PTF_W));
	ASFX_EXPECT_REFUSED(&fx, PTF_EACCESS, ptf_aspace_handle_fault(fx.as, LAZY + 8, PTF_R | PTF_W));
	ASFX_EXPECT_REFUSED(&fx, PTF_EACCESS, ptf_aspace_handle_fault(fx.as, LAZY + 3 * PG, PTF_X));
	ASFX_EXPECT_REFUSED(&fx, PTF_EACCESS, ptf_aspace_handle_fault(fx.as, LAZY + PG, PTF_W));
	cr_expect_eq(ptf_aspace_translate(fx.as, LAZY, NULL, NULL), PTF_ENOENT, "%s: the refused page is not mapped",
	             fx.fmt->name);
	/* LIN and POP are RW, not executable */
	ASFX_EXPECT_REFUSED(&fx, PTF_EACCESS, ptf_aspace_handle_fault(fx.as, LIN, PTF_X));
	ASFX_EXPECT_REFUSED(&fx, PTF_EACCESS, ptf_aspace_handle_fault(fx.as, POP, PTF_R | PTF_W | PTF_X));
	/* and granted access is handled */
	cr_expect_eq(ptf_aspace_handle_fault(fx.as, LAZY, PTF_R), PTF_OK);
	cr_expect_eq(ptf_aspace_handle_fault(fx.as, POP, PTF_R | PTF_W), PTF_OK);
	asfx_close(&fx);
}

/* ---- translate ---- */

ASPACE_FORMAT_PARAMS(aspace_args, translate_outside_the_window_is_erange)
ParameterizedTest(const unsigned *fi, aspace_args, translate_outside_the_window_is_erange)
{
	struct aspace_fx fx = open_args(fi);
	const uint64_t outside[] = { 0, WBASE - 1, wend(&fx), UINT64_MAX };
	for (size_t i = 0; i < sizeof(outside) / sizeof(outside[0]); i++) {
		uint64_t hpa = 0x5a5a, limit = 0x5a5a;
		ASFX_EXPECT_REFUSED(&fx, PTF_ERANGE, ptf_aspace_translate(fx.as, outside[i], &hpa, &limit));
		cr_expect(hpa == 0x5a5a && limit == 0x5a5a, "%s: a failed translate wrote its results", fx.fmt->name);
	}
	asfx_close(&fx);
}

ASPACE_FORMAT_PARAMS(aspace_args, translate_of_unmapped_gpa_is_enoent)
ParameterizedTest(const unsigned *fi, aspace_args, translate_of_unmapped_gpa_is_enoent)
{
	struct aspace_fx fx = open_args(fi);
	const uint64_t unmapped[] = { WBASE, GAP, LIN - 1, LIN + 4 * MiB, LAZY, LAZY + 2 * PG + 5, wend(&fx) - 1 };
	for (size_t i = 0; i < sizeof(unmapped) / sizeof(unmapped[0]); i++) {
		uint64_t hpa = 0x5a5a, limit = 0x5a5a;
		ASFX_EXPECT_REFUSED(&fx, PTF_ENOENT, ptf_aspace_translate(fx.as, unmapped[i], &hpa, &limit));
		cr_expect(hpa == 0x5a5a && limit == 0x5a5a, "%s: a failed translate wrote its results", fx.fmt->name);
	}
	/* and the mapped neighbours do translate */
	uint64_t hpa = 0;
	cr_expect_eq(ptf_aspace_translate(fx.as, LIN + 4 * MiB - 1, &hpa, NULL), PTF_OK);
	cr_expect_eq(hpa, FAR_HPA + 4 * MiB - 1);
	cr_expect_eq(ptf_aspace_translate(fx.as, LAZY + PG, NULL, NULL), PTF_OK);
	asfx_close(&fx);
}

/* ---- guest-memory accessor ---- */

ASPACE_FORMAT_PARAMS(aspace_args, guest_access_with_null_buffer_is_einval_and_wrapping_range_is_ewrap)
ParameterizedTest(const unsigned *fi, aspace_args, guest_access_with_null_buffer_is_einval_and_wrapping_range_is_ewrap)
{
	struct aspace_fx fx = open_args(fi);
	unsigned char buf[32] = { 0 };
	ASFX_EXPECT_REFUSED(&fx, PTF_EINVAL, ptf_aspace_read(fx.as, POP, NULL, 8));
	ASFX_EXPECT_REFUSED(&fx, PTF_EINVAL, ptf_aspace_write(fx.as, POP, NULL, 8));
	uint64_t wraps = geo_wrapping_va(fx.fmt) + PG - 8; /* 8 bytes below the end of the offsets */
	ASFX_EXPECT_REFUSED(&fx, PTF_EWRAP, ptf_aspace_read(fx.as, wraps, buf, sizeof(buf)));
	ASFX_EXPECT_REFUSED(&fx, PTF_EWRAP, ptf_aspace_write(fx.as, wraps, buf, sizeof(buf)));
	asfx_close(&fx);
}

/* ---- look-ups ---- */

ASPACE_FORMAT_PARAMS(aspace_args, find_free_with_bad_size_or_alignment_is_refused)
ParameterizedTest(const unsigned *fi, aspace_args, find_free_with_bad_size_or_alignment_is_refused)
{
	struct aspace_fx fx = open_args(fi);
	uint64_t gpa = 0x5a5a;
	ASFX_EXPECT_REFUSED(&fx, PTF_ESIZE, ptf_aspace_find_free(fx.as, 0, PG, &gpa));
	ASFX_EXPECT_REFUSED(&fx, PTF_EALIGN, ptf_aspace_find_free(fx.as, PG + 1, PG, &gpa));
	ASFX_EXPECT_REFUSED(&fx, PTF_EALIGN, ptf_aspace_find_free(fx.as, PG, 0, &gpa));
	ASFX_EXPECT_REFUSED(&fx, PTF_EALIGN, ptf_aspace_find_free(fx.as, PG, 2 * KiB, &gpa));
	ASFX_EXPECT_REFUSED(&fx, PTF_EALIGN, ptf_aspace_find_free(fx.as, PG, 3 * PG, &gpa));
	cr_expect_eq(gpa, 0x5a5a, "%s: a refused find_free wrote *gpa", fx.fmt->name);
	ASFX_EXPECT_REFUSED(&fx, PTF_ENOAREA, ptf_aspace_find_free(fx.as, WSIZE, PG, &gpa));
	cr_expect_eq(ptf_aspace_find_free(fx.as, PG, PG, &gpa), PTF_OK);
	cr_expect_eq(gpa, WBASE, "%s: the window's first page is free", fx.fmt->name);
	asfx_close(&fx);
}

ASPACE_FORMAT_PARAMS(aspace_args, find_area_outside_areas_or_window_is_enoarea)
ParameterizedTest(const unsigned *fi, aspace_args, find_area_outside_areas_or_window_is_enoarea)
{
	struct aspace_fx fx = open_args(fi);
	const uint64_t nowhere[] = { 0, WBASE - 1, GAP, LIN - 1, LIN + 4 * MiB, wend(&fx), UINT64_MAX };
	for (size_t i = 0; i < sizeof(nowhere) / sizeof(nowhere[0]); i++) {
		struct ptf_area_info info;
		memset(&info, 0x5a, sizeof(info));
		ASFX_EXPECT_REFUSED(&fx, PTF_ENOAREA, ptf_aspace_find_area(fx.as, nowhere[i], &info));
		cr_expect_eq(info.gpa, 0x5a5a5a5a5a5a5a5aull, "%s: a refused find_area wrote its result", fx.fmt->name);
	}
	asfx_close(&fx);
}

/* ---- NULL handles and result pointers (format-independent) ---- */

Test(aspace_args, calls_on_a_null_address_space_are_einval)
{
	geo_current = ptf_formats[0]; /* sizes that would be valid in an address space */
	unsigned char buf[8] = { 0 };
	uint64_t hpa = 0;
	cr_expect_eq(ptf_aspace_map_linear(NULL, 0, 0, PG, AS_RW), PTF_EINVAL);
	cr_expect_eq(ptf_aspace_map_alloc(NULL, 0, PG, AS_RW, true), PTF_EINVAL);
	cr_expect_eq(ptf_aspace_map_linear_overwrite(NULL, 0, 0, PG, AS_RW), PTF_EINVAL);
	cr_expect_eq(ptf_aspace_map_alloc_overwrite(NULL, 0, PG, AS_RW, false), PTF_EINVAL);
	cr_expect_eq(ptf_aspace_unmap(NULL, 0, PG), PTF_EINVAL);
	cr_expect_eq(ptf_aspace_protect(NULL, 0, PG, AS_RW), PTF_EINVAL);
	cr_expect_eq(ptf_aspace_handle_fault(NULL, 0, PTF_R), PTF_EINVAL);
	cr_expect_eq(ptf_aspace_translate(NULL, 0, &hpa, NULL), PTF_EINVAL);
	cr_expect_eq(ptf_aspace_read(NULL, 0, buf, sizeof(buf)), PTF_EINVAL);
	cr_expect_eq(ptf_aspace_write(NULL, 0, buf, sizeof(buf)), PTF_EINVAL);
	ptf_aspace_destroy(NULL); /* a no-op, like free(NULL) */
}

static int count_area(const struct ptf_area_info *a, void *arg)
{
	(void)a;
	++*(size_t *)arg;
	return 0;
}

/* errors.h: PTF_EINVAL is "malformed argument (NULL pointer, ...)". The look-ups return
 * int too, so they are held to the same rule as the calls above. One test each, since
 * the likely failure is a crash. */
struct lookup_fx {
	struct ptf_host_hal *host;
	struct ptf_aspace *as;
};

static struct lookup_fx lookup_open(void)
{
	struct lookup_fx l;
	l.host = ptf_host_hal_create(ASPACE_ARENA_BYTES);
	cr_assert_not_null(l.host);
	l.as = NULL;
	geo_current = ptf_formats[0];
	cr_assert_eq(ptf_aspace_create(&l.as, ptf_formats[0], 0, GiB, ptf_host_hal_get(l.host)), PTF_OK);
	cr_assert_eq(ptf_aspace_map_alloc(l.as, 0, PG, AS_RW, false), PTF_OK); /* something to iterate */
	return l;
}

static void lookup_close(struct lookup_fx *l)
{
	ptf_aspace_destroy(l->as);
	ptf_host_hal_destroy(l->host);
}

Test(aspace_args, for_each_area_with_null_address_space_is_einval)
{
	size_t n = 0;
	cr_expect_eq(ptf_aspace_for_each_area(NULL, count_area, &n), PTF_EINVAL);
	cr_expect_eq(n, 0);
}

Test(aspace_args, find_area_with_null_address_space_is_einval)
{
	struct ptf_area_info info;
	cr_expect_eq(ptf_aspace_find_area(NULL, 0, &info), PTF_EINVAL);
}

Test(aspace_args, find_free_with_null_address_space_is_einval)
{
	geo_current = ptf_formats[0];
	uint64_t gpa = 0;
	cr_expect_eq(ptf_aspace_find_free(NULL, PG, PG, &gpa), PTF_EINVAL);
}

Test(aspace_args, for_each_area_with_null_callback_is_einval)
{
	struct lookup_fx l = lookup_open();
	cr_expect_eq(ptf_aspace_for_each_area(l.as, NULL, NULL), PTF_EINVAL);
	lookup_close(&l);
}

Test(aspace_args, find_free_with_null_result_pointer_is_einval)
{
	struct lookup_fx l = lookup_open();
	cr_expect_eq(ptf_aspace_find_free(l.as, PG, PG, NULL), PTF_EINVAL);
	lookup_close(&l);
}

/* ---- error texts (format-independent) ---- */

Test(aspace_args, every_error_code_has_its_own_name_and_message)
{
	static const struct { int code; const char *name; } want[] = {
		{ PTF_OK, "OK" },           { PTF_ENOMEM, "ENOMEM" },       { PTF_EINVAL, "EINVAL" },
		{ PTF_EALIGN, "EALIGN" },   { PTF_ESIZE, "ESIZE" },         { PTF_EWRAP, "EWRAP" },
		{ PTF_ERANGE, "ERANGE" },   { PTF_EOUTPUT, "EOUTPUT" },     { PTF_EFLAGS, "EFLAGS" },
		{ PTF_EPAGESIZE, "EPAGESIZE" }, { PTF_EEXIST, "EEXIST" },   { PTF_ENOENT, "ENOENT" },
		{ PTF_ENOAREA, "ENOAREA" }, { PTF_EACCESS, "EACCESS" },     { PTF_ECORRUPT, "ECORRUPT" },
		{ PTF_EPARANGE, "EPARANGE" },
		{ PTF_ESPACE, "ESPACE" },   { PTF_ENOTSUP, "ENOTSUP" },
	};
	cr_assert_eq(sizeof(want) / sizeof(want[0]), PTF_ERROR_COUNT, "the table above lists every code");
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		const char *name = ptf_error_name(want[i].code);
		cr_expect_not_null(name, "code %d has a name", want[i].code);
		if (name)
			cr_expect_str_eq(name, want[i].name, "code %d is named %s, want %s", want[i].code, name, want[i].name);
	}
	for (int a = 0; a > -PTF_ERROR_COUNT; a--) {
		const char *na = ptf_error_name(a), *ma = ptf_strerror(a);
		cr_expect(na && *na, "code %d: empty name", a);
		cr_expect(ma && *ma, "code %d: empty message", a);
		if (!na || !ma)
			continue;
		cr_expect_neq(strncmp(na, "PTF_", 4), 0, "code %d: the name keeps the PTF_ prefix", a);
		cr_expect_str_neq(ma, "unknown error", "code %d is known", a);
		for (int b = a - 1; b > -PTF_ERROR_COUNT; b--) {
			const char *nb = ptf_error_name(b), *mb = ptf_strerror(b);
			if (nb)
				cr_expect_str_neq(na, nb, "codes %d and %d share the name %s", a, b, na);
			if (mb)
				cr_expect_str_neq(ma, mb, "codes %d and %d share the message \"%s\"", a, b, ma);
		}
	}
}

Test(aspace_args, codes_outside_the_table_are_unknown)
{
	const int outside[] = { 1, 2, 100, INT_MAX, -PTF_ERROR_COUNT, -PTF_ERROR_COUNT - 1, -1000, INT_MIN };
	for (size_t i = 0; i < sizeof(outside) / sizeof(outside[0]); i++) {
		cr_expect_null(ptf_error_name(outside[i]), "code %d has no name", outside[i]);
		const char *m = ptf_strerror(outside[i]);
		cr_expect_not_null(m, "code %d: strerror never returns NULL", outside[i]);
		if (m)
			cr_expect_str_eq(m, "unknown error", "code %d: \"%s\"", outside[i], m);
	}
}
