/* The whole input range of a format, both ends: [input_base, input_base + 2^input_bits)
 * modulo 2^64 (format.h). Most formats start at 0; a sign-extended one (x86-64 and RISC-V
 * stage 1) starts at its canonical upper half and runs through 0 into the lower half, so
 * a range may cross 0 there. Addresses in and out of the address space are input
 * addresses; the TLB is told them too. */
#include "aspace_fixture.h"

static int count_area(const struct ptf_area_info *a, void *arg)
{
	uint64_t *gpas = arg;
	gpas[1 + gpas[0]++] = a->gpa;
	return 0;
}

static int first_leaf(const struct ptf_visit *v, unsigned visit, void *arg)
{
	(void)visit;
	*(uint64_t *)arg = v->va;
	return 1;
}

static uint64_t whole(const struct ptf_format *fmt) { return (uint64_t)1 << fmt->input_bits; }

/* An address space over the format's whole input range */
static struct aspace_fx open_whole(const unsigned *fi)
{
	const struct ptf_format *fmt = asfx_format(fi);
	return asfx_open_window(fmt, fmt->input_base, whole(fmt));
}

ASPACE_FORMAT_PARAMS(input_range, a_window_over_the_whole_range_maps_its_first_and_last_pages)
ParameterizedTest(const unsigned *fi, input_range, a_window_over_the_whole_range_maps_its_first_and_last_pages)
{
	struct aspace_fx fx = open_whole(fi);
	const struct ptf_format *fmt = fx.fmt;
	uint64_t base, size, first = fmt->input_base, last = ptf_format_input_end(fmt) - PG;
	ptf_aspace_window(fx.as, &base, &size);
	cr_expect_eq(base, first, "%s: the window starts at the range's first address", fmt->name);
	cr_expect_eq(size, whole(fmt));
	uint64_t ram = asfx_ram(&fx, 2 * PG, PG, 0);
	cr_assert_eq(ptf_aspace_map_linear(fx.as, first, ram, PG, AS_RW), PTF_OK);
	cr_assert_eq(ptf_aspace_map_linear(fx.as, last, ram + PG, PG, AS_RW), PTF_OK);
	uint64_t hpa = 0;
	cr_expect_eq(ptf_aspace_translate(fx.as, first + 8, &hpa, NULL), PTF_OK);
	cr_expect_eq(hpa, ram + 8);
	cr_expect_eq(ptf_aspace_translate(fx.as, last + PG - 1, &hpa, NULL), PTF_OK);
	cr_expect_eq(hpa, ram + 2 * PG - 1);
	uint64_t gpas[1 + 4] = { 0 };
	cr_assert_eq(ptf_aspace_for_each_area(fx.as, count_area, gpas), 0);
	cr_assert_eq(gpas[0], 2);
	cr_expect_eq(gpas[1], first, "%s: areas in the range's order, the first address first", fmt->name);
	cr_expect_eq(gpas[2], last);
	uint64_t leaf = 0;
	cr_expect_eq(fmt->walk(fx.hal, ptf_aspace_root(fx.as), first, PG, PTF_VISIT_LEAF, first_leaf, &leaf), 1);
	cr_expect_eq(leaf, first, "%s: a walk tells input addresses", fmt->name);
	uint64_t gpa = 0;
	cr_expect_eq(ptf_aspace_find_free(fx.as, PG, PG, &gpa), PTF_OK);
	cr_expect_eq(gpa, first + PG, "%s: the first free page follows the first one", fmt->name);
	asfx_close(&fx);
}

ASPACE_FORMAT_PARAMS(input_range, addresses_beside_the_range_are_erange)
ParameterizedTest(const unsigned *fi, input_range, addresses_beside_the_range_are_erange)
{
	struct aspace_fx fx = open_whole(fi);
	const struct ptf_format *fmt = fx.fmt;
	/* two pages below the first (one page below, mapping a page would wrap the offsets) */
	const uint64_t beside[] = { fmt->input_base - 2 * PG, ptf_format_input_end(fmt) };
	for (unsigned i = 0; i < 2; i++) {
		uint64_t va = beside[i];
		ASFX_EXPECT_REFUSED(&fx, PTF_ERANGE, ptf_aspace_map_alloc(fx.as, va, PG, AS_RW, false));
		ASFX_EXPECT_REFUSED(&fx, PTF_ERANGE, ptf_aspace_handle_fault(fx.as, va, PTF_R));
		ASFX_EXPECT_REFUSED(&fx, PTF_ERANGE, ptf_aspace_translate(fx.as, va, NULL, NULL));
		cr_expect_eq(fmt->map_page(fx.hal, ptf_aspace_root(fx.as), va, 0, PG, AS_RW), PTF_ERANGE,
		             "%s: map_page at %#llx", fmt->name, (unsigned long long)va);
		uint64_t pa;
		cr_expect_eq(fmt->query(fx.hal, ptf_aspace_root(fx.as), va, &pa, NULL, NULL), PTF_ERANGE);
	}
	asfx_close(&fx);
}

ASPACE_FORMAT_PARAMS(input_range, a_lazy_fault_at_the_first_address_maps_a_page_there)
ParameterizedTest(const unsigned *fi, input_range, a_lazy_fault_at_the_first_address_maps_a_page_there)
{
	struct aspace_fx fx = open_whole(fi);
	const struct ptf_format *fmt = fx.fmt;
	uint64_t first = fmt->input_base;
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, first, 4 * PG, AS_RW, false), PTF_OK);
	cr_assert_eq(ptf_aspace_handle_fault(fx.as, first + PG + 8, PTF_W), PTF_OK);
	cr_expect_eq(ptf_aspace_translate(fx.as, first + PG, NULL, NULL), PTF_OK);
	cr_expect_eq(ptf_aspace_translate(fx.as, first, NULL, NULL), PTF_ENOENT, "%s: only the faulted page", fmt->name);
	uint64_t leaf = 0;
	cr_expect_eq(fmt->walk(fx.hal, ptf_aspace_root(fx.as), first, 4 * PG, PTF_VISIT_LEAF, first_leaf, &leaf), 1);
	cr_expect_eq(leaf, first + PG);
	asfx_close(&fx);
}

ASPACE_FORMAT_PARAMS(input_range, an_unmap_at_the_first_address_flushes_that_address)
ParameterizedTest(const unsigned *fi, input_range, an_unmap_at_the_first_address_flushes_that_address)
{
	struct aspace_fx fx = open_whole(fi);
	const struct ptf_format *fmt = fx.fmt;
	uint64_t first = fmt->input_base;
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, first, 4 * PG, AS_RW, true), PTF_OK);
	cr_assert_eq(ptf_aspace_unmap(fx.as, first + PG, PG), PTF_OK);
	uint64_t gpa = 1, size = 0;
	asfx_last_flush(&fx, &gpa, &size);
	cr_expect_eq(gpa, first + PG, "%s: the TLB is told the address, not an offset", fmt->name);
	cr_expect_eq(size, PG);
	asfx_close(&fx);
}

/* Sign-extended, [-2 pages, +2 pages) is four contiguous pages: one area, translated,
 * read and written across 0, protected in part. Elsewhere the pages below 0 are not
 * input addresses. */
ASPACE_FORMAT_PARAMS(input_range, a_range_across_zero_is_one_area_where_addresses_are_sign_extended)
ParameterizedTest(const unsigned *fi, input_range, a_range_across_zero_is_one_area_where_addresses_are_sign_extended)
{
	struct aspace_fx fx = open_whole(fi);
	const struct ptf_format *fmt = fx.fmt;
	uint64_t below = (uint64_t)0 - 2 * PG;
	uint64_t ram = asfx_ram(&fx, 4 * PG, PG, 0);
	if (fmt->input_base == 0) {
		ASFX_EXPECT_REFUSED(&fx, PTF_EWRAP, ptf_aspace_map_linear(fx.as, below, ram, 4 * PG, AS_RW));
		ASFX_EXPECT_REFUSED(&fx, PTF_ERANGE, ptf_aspace_map_linear(fx.as, below, ram, PG, AS_RW));
		asfx_close(&fx);
		return;
	}
	cr_assert_eq(ptf_aspace_map_linear(fx.as, below, ram, 4 * PG, AS_RW), PTF_OK);
	uint64_t hpa = 0;
	cr_expect_eq(ptf_aspace_translate(fx.as, (uint64_t)0 - PG, &hpa, NULL), PTF_OK);
	cr_expect_eq(hpa, ram + PG);
	cr_expect_eq(ptf_aspace_translate(fx.as, PG, &hpa, NULL), PTF_OK);
	cr_expect_eq(hpa, ram + 3 * PG);
	uint64_t limit = 0;
	cr_expect_eq(ptf_aspace_translate(fx.as, below, &hpa, &limit), PTF_OK);
	cr_expect_eq(limit, 4 * PG, "%s: the area runs on past 0", fmt->name);
	const char msg[16] = "across zero, ok";
	char back[16] = { 0 };
	cr_expect_eq(ptf_aspace_write(fx.as, (uint64_t)0 - 8, msg, sizeof(msg)), PTF_OK);
	cr_expect_eq(ptf_aspace_read(fx.as, (uint64_t)0 - 8, back, sizeof(back)), PTF_OK);
	cr_expect_arr_eq(back, msg, sizeof(msg));
	cr_expect_arr_eq((char *)asfx_va(&fx, ram) + 2 * PG - 8, msg, sizeof(msg));
	cr_expect_eq(ptf_aspace_protect(fx.as, (uint64_t)0 - PG, 2 * PG, AS_RO), PTF_OK);
	uint64_t gpas[1 + 4] = { 0 };
	cr_assert_eq(ptf_aspace_for_each_area(fx.as, count_area, gpas), 0);
	cr_assert_eq(gpas[0], 3, "%s: protect cut the area in three", fmt->name);
	cr_expect_eq(gpas[1], below);
	cr_expect_eq(gpas[2], (uint64_t)0 - PG);
	cr_expect_eq(gpas[3], PG);
	unsigned flags = 0;
	cr_expect_eq(fmt->query(fx.hal, ptf_aspace_root(fx.as), 0, NULL, &flags, NULL), PTF_OK);
	cr_expect_eq(flags & PTF_W, 0, "%s: page 0 is read-only now", fmt->name);
	cr_expect_eq(ptf_aspace_unmap(fx.as, below, 4 * PG), PTF_OK);
	cr_expect_eq(asfx_frames(&fx), fx.root_frames, "%s: unmap freed every table", fmt->name);
	asfx_close(&fx);
}
