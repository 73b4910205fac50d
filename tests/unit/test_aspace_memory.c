/* Guest-memory access: ptf_aspace_read / ptf_aspace_write across page and area
 * boundaries, against the host's view of the same frames, and all-or-nothing failure. */
#include "aspace_fixture.h"

#define G (16 * MiB) /* where the layouts below start */

static void fill_pattern(unsigned char *p, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (unsigned char)(seed + 7 * i + (i >> 8));
}

/* Host virtual address of the byte at gpa, found through the address space. */
static unsigned char *host_byte(struct aspace_fx *fx, uint64_t gpa)
{
	uint64_t hpa;
	int rc = ptf_aspace_translate(fx->as, gpa, &hpa, NULL);
	cr_assert_eq(rc, PTF_OK, "%s: gpa %#llx translates: %s", fx->fmt->name, (unsigned long long)gpa, ptf_strerror(rc));
	return asfx_va(fx, hpa);
}

/* Compare len bytes at gpa, read byte by byte through the host view, with want. */
static void expect_host_bytes(struct aspace_fx *fx, uint64_t gpa, const unsigned char *want, size_t len, const char *what)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char got = *host_byte(fx, gpa + i);
		if (got != want[i]) {
			cr_expect_eq(got, want[i], "%s: %s: host byte at gpa %#llx is %#x, want %#x", fx->fmt->name, what,
			             (unsigned long long)(gpa + i), got, want[i]);
			return;
		}
	}
}

static void expect_host_fill(struct aspace_fx *fx, uint64_t gpa, int fill, size_t len, const char *what)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char got = *host_byte(fx, gpa + i);
		if (got != (unsigned char)fill) {
			cr_expect_eq(got, (unsigned char)fill, "%s: %s: host byte at gpa %#llx is %#x, want %#x untouched",
			             fx->fmt->name, what, (unsigned long long)(gpa + i), got, (unsigned char)fill);
			return;
		}
	}
}

static bool all_bytes(const unsigned char *p, size_t n, int value)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != (unsigned char)value)
			return false;
	return true;
}

/* ---- across boundaries ---- */

ASPACE_FORMAT_PARAMS(aspace_memory, write_across_page_boundary_lands_in_both_host_frames)
ParameterizedTest(const unsigned *fi, aspace_memory, write_across_page_boundary_lands_in_both_host_frames)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	uint64_t hpa = asfx_ram(&fx, 2 * PG, PG, 0);
	cr_assert_eq(ptf_aspace_map_linear(fx.as, G, hpa, 2 * PG, AS_RW), PTF_OK);
	unsigned char data[300], back[300];
	fill_pattern(data, sizeof(data), 1);
	cr_assert_eq(ptf_aspace_write(fx.as, G + PG - 100, data, sizeof(data)), PTF_OK);
	unsigned char *host = asfx_va(&fx, hpa);
	cr_expect_arr_eq(host + PG - 100, data, sizeof(data), "%s: the host frames hold what was written", fx.fmt->name);
	cr_expect(all_bytes(host, PG - 100, 0), "%s: bytes before the range untouched", fx.fmt->name);
	cr_expect(all_bytes(host + PG + 200, PG - 200, 0), "%s: bytes after the range untouched", fx.fmt->name);
	memset(back, 0xee, sizeof(back));
	cr_assert_eq(ptf_aspace_read(fx.as, G + PG - 100, back, sizeof(back)), PTF_OK);
	cr_expect_arr_eq(back, data, sizeof(data), "%s: read returns what was written", fx.fmt->name);
	asfx_close(&fx);
}

ASPACE_FORMAT_PARAMS(aspace_memory, write_across_page_boundary_of_populated_alloc_area_lands_in_each_frame)
ParameterizedTest(const unsigned *fi, aspace_memory, write_across_page_boundary_of_populated_alloc_area_lands_in_each_frame)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, G, 4 * PG, AS_RW, true), PTF_OK);
	/* three page boundaries, each page a separately allocated frame */
	size_t len = 2 * PG + 200;
	unsigned char *data = malloc(len), *back = malloc(len);
	cr_assert(data && back);
	fill_pattern(data, len, 2);
	cr_assert_eq(ptf_aspace_write(fx.as, G + PG - 100, data, len), PTF_OK);
	expect_host_bytes(&fx, G + PG - 100, data, len, "write through the accessor");
	expect_host_fill(&fx, G, 0, PG - 100, "before the range");
	expect_host_fill(&fx, G + 3 * PG + 100, 0, PG - 100, "after the range");
	memset(back, 0xee, len);
	cr_assert_eq(ptf_aspace_read(fx.as, G + PG - 100, back, len), PTF_OK);
	cr_expect_arr_eq(back, data, len, "%s: read returns what was written", fx.fmt->name);
	free(data);
	free(back);
	asfx_close(&fx);
}

/* across the boundary of two leaves of the smallest huge page (2 MiB on x86 and ARM 4 KiB) */
ASPACE_FORMAT_PARAMS(aspace_memory, write_across_2m_leaf_boundary_of_linear_area_lands_in_host_memory)
ParameterizedTest(const unsigned *fi, aspace_memory, write_across_2m_leaf_boundary_of_linear_area_lands_in_host_memory)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	uint64_t huge = geo_huge(fx.fmt, 1);
	cr_assert_neq(huge, 0, "%s has a huge page", fx.fmt->name);
	uint64_t hpa = asfx_ram(&fx, 2 * huge, huge, 0);
	cr_assert_eq(ptf_aspace_map_linear(fx.as, huge * 9, hpa, 2 * huge, AS_RW), PTF_OK);
	struct ptf_aspace_stats st;
	ptf_aspace_stats(fx.as, &st);
	cr_expect_eq(st.leaves[1], 2, "%s: two %#llx leaves map the area", fx.fmt->name, (unsigned long long)huge);
	unsigned char data[64], back[64];
	fill_pattern(data, sizeof(data), 3);
	uint64_t gpa = huge * 10 - 32;
	cr_assert_eq(ptf_aspace_write(fx.as, gpa, data, sizeof(data)), PTF_OK);
	cr_expect_arr_eq((unsigned char *)asfx_va(&fx, hpa) + huge - 32, data, sizeof(data),
	                 "%s: host memory at hpa + offset holds the bytes", fx.fmt->name);
	cr_assert_eq(ptf_aspace_read(fx.as, gpa, back, sizeof(back)), PTF_OK);
	cr_expect_arr_eq(back, data, sizeof(data));
	asfx_close(&fx);
}

ASPACE_FORMAT_PARAMS(aspace_memory, write_across_adjacent_linear_and_alloc_areas_lands_in_both)
ParameterizedTest(const unsigned *fi, aspace_memory, write_across_adjacent_linear_and_alloc_areas_lands_in_both)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	uint64_t hpa = asfx_ram(&fx, 2 * PG, PG, 0);
	cr_assert_eq(ptf_aspace_map_linear(fx.as, G, hpa, 2 * PG, AS_RW), PTF_OK);
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, G + 2 * PG, 2 * PG, AS_RW, true), PTF_OK);
	unsigned char data[300], back[300];
	fill_pattern(data, sizeof(data), 4);
	uint64_t gpa = G + 2 * PG - 150;
	cr_assert_eq(ptf_aspace_write(fx.as, gpa, data, sizeof(data)), PTF_OK);
	unsigned char *lin = asfx_va(&fx, hpa);
	cr_expect_arr_eq(lin + 2 * PG - 150, data, 150, "%s: the linear area's host RAM holds the first half", fx.fmt->name);
	expect_host_bytes(&fx, G + 2 * PG, data + 150, 150, "the alloc area's frame holds the second half");
	expect_host_fill(&fx, G + 2 * PG + 150, 0, PG - 150, "rest of the alloc frame");
	cr_assert_eq(ptf_aspace_read(fx.as, gpa, back, sizeof(back)), PTF_OK);
	cr_expect_arr_eq(back, data, sizeof(data), "%s: read across both areas returns what was written", fx.fmt->name);
	asfx_close(&fx);
}

ASPACE_FORMAT_PARAMS(aspace_memory, read_across_adjacent_alloc_and_linear_areas_sees_host_writes)
ParameterizedTest(const unsigned *fi, aspace_memory, read_across_adjacent_alloc_and_linear_areas_sees_host_writes)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	uint64_t hpa = asfx_ram(&fx, PG, PG, 0);
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, G, PG, AS_RW, true), PTF_OK);
	cr_assert_eq(ptf_aspace_map_linear(fx.as, G + PG, hpa, PG, AS_RW), PTF_OK);
	unsigned char data[256], back[256];
	fill_pattern(data, sizeof(data), 5);
	/* the host writes the frames directly */
	memcpy(host_byte(&fx, G + PG - 128), data, 128);
	memcpy(asfx_va(&fx, hpa), data + 128, 128);
	memset(back, 0, sizeof(back));
	cr_assert_eq(ptf_aspace_read(fx.as, G + PG - 128, back, sizeof(back)), PTF_OK);
	cr_expect_arr_eq(back, data, sizeof(data), "%s: the guest view shows the host's bytes", fx.fmt->name);
	asfx_close(&fx);
}

ASPACE_FORMAT_PARAMS(aspace_memory, faulted_lazy_page_shares_bytes_with_its_host_frame)
ParameterizedTest(const unsigned *fi, aspace_memory, faulted_lazy_page_shares_bytes_with_its_host_frame)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, G, 4 * PG, AS_RW, false), PTF_OK);
	cr_assert_eq(ptf_aspace_handle_fault(fx.as, G + 2 * PG + 5, PTF_W), PTF_OK);
	unsigned char data[100], back[100];
	fill_pattern(data, sizeof(data), 6);
	cr_assert_eq(ptf_aspace_write(fx.as, G + 2 * PG + 1000, data, sizeof(data)), PTF_OK);
	expect_host_bytes(&fx, G + 2 * PG + 1000, data, sizeof(data), "accessor write, host read");
	fill_pattern(data, sizeof(data), 60);
	memcpy(host_byte(&fx, G + 3 * PG - 100), data, sizeof(data));
	cr_assert_eq(ptf_aspace_read(fx.as, G + 3 * PG - 100, back, sizeof(back)), PTF_OK);
	cr_expect_arr_eq(back, data, sizeof(data), "%s: host write, accessor read", fx.fmt->name);
	asfx_close(&fx);
}

/* ---- all or nothing ---- */

/* Linear A [G, G+8K), a hole [G+8K, G+12K), linear B [G+12K, G+20K); RAM filled with 0xaa. */
struct holed {
	uint64_t a_hpa, b_hpa;
};

static struct holed holed_layout(struct aspace_fx *fx)
{
	struct holed h;
	h.a_hpa = asfx_ram(fx, 2 * PG, PG, 0xaa);
	h.b_hpa = asfx_ram(fx, 2 * PG, PG, 0xaa);
	cr_assert_eq(ptf_aspace_map_linear(fx->as, G, h.a_hpa, 2 * PG, AS_RW), PTF_OK);
	cr_assert_eq(ptf_aspace_map_linear(fx->as, G + 3 * PG, h.b_hpa, 2 * PG, AS_RW), PTF_OK);
	return h;
}

static void expect_ram_untouched(struct aspace_fx *fx, const struct holed *h, const char *what)
{
	cr_expect(all_bytes(asfx_va(fx, h->a_hpa), 2 * PG, 0xaa), "%s: %s: area A's bytes changed", fx->fmt->name, what);
	cr_expect(all_bytes(asfx_va(fx, h->b_hpa), 2 * PG, 0xaa), "%s: %s: area B's bytes changed", fx->fmt->name, what);
}

static void write_expect_nothing(struct aspace_fx *fx, const struct holed *h, uint64_t gpa, size_t len, const char *what)
{
	unsigned char *data = malloc(len);
	cr_assert_not_null(data);
	memset(data, 0x55, len);
	struct asfx_state before = asfx_state(fx);
	int rc = ptf_aspace_write(fx->as, gpa, data, len);
	cr_expect_lt(rc, 0, "%s: %s: write of [%#llx, +%zu) must fail", fx->fmt->name, what, (unsigned long long)gpa, len);
	expect_ram_untouched(fx, h, what);
	asfx_expect_unchanged(fx, &before, what);
	free(data);
}

ASPACE_FORMAT_PARAMS(aspace_memory, write_with_unmapped_byte_at_start_writes_nothing)
ParameterizedTest(const unsigned *fi, aspace_memory, write_with_unmapped_byte_at_start_writes_nothing)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	struct holed h = holed_layout(&fx);
	write_expect_nothing(&fx, &h, G + 3 * PG - 1, 300, "last hole byte then area B");
	write_expect_nothing(&fx, &h, G - 1, 300, "byte before area A then area A");
	asfx_close(&fx);
}

ASPACE_FORMAT_PARAMS(aspace_memory, write_with_unmapped_byte_in_middle_writes_nothing)
ParameterizedTest(const unsigned *fi, aspace_memory, write_with_unmapped_byte_in_middle_writes_nothing)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	struct holed h = holed_layout(&fx);
	write_expect_nothing(&fx, &h, G + 2 * PG - 100, PG + 200, "area A, the whole hole, area B");
	write_expect_nothing(&fx, &h, G, 5 * PG, "all of A, the hole, all of B");
	asfx_close(&fx);
}

ASPACE_FORMAT_PARAMS(aspace_memory, write_with_unmapped_byte_at_end_writes_nothing)
ParameterizedTest(const unsigned *fi, aspace_memory, write_with_unmapped_byte_at_end_writes_nothing)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	struct holed h = holed_layout(&fx);
	write_expect_nothing(&fx, &h, G + 2 * PG - 100, 101, "area A then the first hole byte");
	write_expect_nothing(&fx, &h, G + 5 * PG - 100, 101, "area B then the byte after it");
	asfx_close(&fx);
}

ASPACE_FORMAT_PARAMS(aspace_memory, write_over_an_unfaulted_lazy_page_maps_it_and_writes_every_byte)
ParameterizedTest(const unsigned *fi, aspace_memory, write_over_an_unfaulted_lazy_page_maps_it_and_writes_every_byte)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	/* populated [G, G+4K), lazy [G+4K, G+8K), linear [G+8K, G+12K) */
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, G, PG, AS_RW, true), PTF_OK);
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, G + PG, PG, AS_RW, false), PTF_OK);
	uint64_t hpa = asfx_ram(&fx, PG, PG, 0xaa);
	cr_assert_eq(ptf_aspace_map_linear(fx.as, G + 2 * PG, hpa, PG, AS_RW), PTF_OK);
	size_t frames = asfx_frames(&fx);
	unsigned char data[PG + 20], back[PG + 20];
	memset(data, 0x55, sizeof(data));
	cr_expect_eq(ptf_aspace_write(fx.as, G + PG - 10, data, sizeof(data)), PTF_OK);
	cr_expect_eq(ptf_aspace_translate(fx.as, G + PG, NULL, NULL), PTF_OK, "%s: the lazy page is mapped now",
	             fx.fmt->name);
	cr_expect_eq(asfx_frames(&fx), frames + 1, "%s: one frame for it", fx.fmt->name);
	cr_expect_eq(ptf_aspace_read(fx.as, G + PG - 10, back, sizeof(back)), PTF_OK);
	cr_expect_arr_eq(back, data, sizeof(data));
	cr_expect(all_bytes(asfx_va(&fx, hpa), 10, 0x55) && all_bytes((unsigned char *)asfx_va(&fx, hpa) + 10, PG - 10, 0xaa),
	          "%s: the linear page's first 10 bytes written, no more", fx.fmt->name);
	asfx_close(&fx);
}

/* A byte in no area: nothing is mapped, nothing written, even where a lazy page was */
ASPACE_FORMAT_PARAMS(aspace_memory, a_write_reaching_past_every_area_maps_nothing_and_writes_nothing)
ParameterizedTest(const unsigned *fi, aspace_memory, a_write_reaching_past_every_area_maps_nothing_and_writes_nothing)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, G, PG, AS_RW, false), PTF_OK);
	unsigned char data[20];
	memset(data, 0x55, sizeof(data));
	struct asfx_state before = asfx_state(&fx);
	cr_expect_eq(ptf_aspace_write(fx.as, G + PG - 10, data, sizeof(data)), PTF_ENOENT);
	cr_expect_eq(ptf_aspace_translate(fx.as, G, NULL, NULL), PTF_ENOENT, "%s: the lazy page is not mapped",
	             fx.fmt->name);
	asfx_expect_unchanged(&fx, &before, "failed write");
	asfx_close(&fx);
}

/* The frames the lazy pages need are not there: PTF_ENOMEM, nothing mapped or written */
ASPACE_FORMAT_PARAMS(aspace_memory, a_write_to_lazy_pages_without_frames_for_them_fails_clean)
ParameterizedTest(const unsigned *fi, aspace_memory, a_write_to_lazy_pages_without_frames_for_them_fails_clean)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, G, 4 * PG, AS_RW, false), PTF_OK);
	unsigned char data[64];
	memset(data, 0x55, sizeof(data));
	struct asfx_state before = asfx_state(&fx);
	for (long n = 0; n < 3; n++) {
		ptf_host_hal_fail_after(fx.host, n);
		cr_expect_eq(ptf_aspace_write(fx.as, G + PG - 32, data, sizeof(data)), PTF_ENOMEM, "%s: failing after %ld",
		             fx.fmt->name, n);
		ptf_host_hal_fail_after(fx.host, -1);
		asfx_expect_unchanged(&fx, &before, "write without frames");
	}
	asfx_close(&fx);
}

ASPACE_FORMAT_PARAMS(aspace_memory, write_to_page_without_host_virtual_address_writes_nothing)
ParameterizedTest(const unsigned *fi, aspace_memory, write_to_page_without_host_virtual_address_writes_nothing)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	uint64_t hpa = asfx_ram(&fx, PG, PG, 0xaa);
	/* a device window below the arena: mapped, but the HAL has no virtual address for it */
	uint64_t mmio = ptf_host_hal_arena_base(fx.host) - 16 * MiB;
	cr_assert_null(fx.hal->phys_to_virt(fx.hal->ctx, mmio));
	cr_assert_eq(ptf_aspace_map_linear(fx.as, G, hpa, PG, AS_RW), PTF_OK);
	cr_assert_eq(ptf_aspace_map_linear(fx.as, G + PG, mmio, PG, AS_RW), PTF_OK);
	unsigned char data[200], back[200];
	memset(data, 0x55, sizeof(data));
	cr_expect_lt(ptf_aspace_write(fx.as, G + PG - 100, data, sizeof(data)), 0, "%s: the second page has no host VA",
	             fx.fmt->name);
	cr_expect(all_bytes(asfx_va(&fx, hpa), PG, 0xaa), "%s: the RAM page before it is untouched", fx.fmt->name);
	memset(back, 0xcc, sizeof(back));
	cr_expect_lt(ptf_aspace_read(fx.as, G + PG - 100, back, sizeof(back)), 0, "%s: read fails too", fx.fmt->name);
	cr_expect(all_bytes(back, sizeof(back), 0xcc), "%s: the failed read copied nothing", fx.fmt->name);
	asfx_close(&fx);
}

ASPACE_FORMAT_PARAMS(aspace_memory, read_of_unfaulted_lazy_pages_maps_them_and_gives_zeroes)
ParameterizedTest(const unsigned *fi, aspace_memory, read_of_unfaulted_lazy_pages_maps_them_and_gives_zeroes)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	asfx_dirty_free_frames(&fx, 16, 0xa5);
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, G, 2 * PG, AS_RW, false), PTF_OK);
	cr_assert_eq(ptf_aspace_handle_fault(fx.as, G, PTF_W), PTF_OK);
	unsigned char one = 1;
	cr_assert_eq(ptf_aspace_write(fx.as, G + PG - 1, &one, 1), PTF_OK);
	unsigned char back[128];
	memset(back, 0xcc, sizeof(back));
	cr_expect_eq(ptf_aspace_read(fx.as, G + PG - 64, back, sizeof(back)), PTF_OK, "%s: into the unfaulted page",
	             fx.fmt->name);
	cr_expect(all_bytes(back, 63, 0) && back[63] == 1 && all_bytes(back + 64, 64, 0),
	          "%s: the faulted page's bytes, then the new page's zeroes", fx.fmt->name);
	cr_expect_eq(ptf_aspace_translate(fx.as, G + PG, NULL, NULL), PTF_OK);
	asfx_close(&fx);
}

ASPACE_FORMAT_PARAMS(aspace_memory, read_after_lazy_fault_gives_zeros_even_over_dirty_memory)
ParameterizedTest(const unsigned *fi, aspace_memory, read_after_lazy_fault_gives_zeros_even_over_dirty_memory)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	asfx_dirty_free_frames(&fx, 64, 0xa5);
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, G, 8 * PG, AS_RW, false), PTF_OK);
	size_t bytes = (size_t)(8 * PG);
	unsigned char *back = malloc(bytes);
	cr_assert_not_null(back);
	for (unsigned i = 0; i < 8; i++)
		cr_assert_eq(ptf_aspace_handle_fault(fx.as, G + i * PG, PTF_R), PTF_OK);
	memset(back, 0xcc, bytes);
	cr_assert_eq(ptf_aspace_read(fx.as, G, back, bytes), PTF_OK);
	cr_expect(all_bytes(back, bytes, 0), "%s: faulted-in frames are zeroed", fx.fmt->name);
	free(back);
	asfx_close(&fx);
}

ASPACE_FORMAT_PARAMS(aspace_memory, read_of_populated_alloc_area_gives_zeros_even_over_dirty_memory)
ParameterizedTest(const unsigned *fi, aspace_memory, read_of_populated_alloc_area_gives_zeros_even_over_dirty_memory)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	asfx_dirty_free_frames(&fx, 64, 0xa5);
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, G, 16 * PG, AS_RW, true), PTF_OK);
	size_t bytes = (size_t)(16 * PG);
	unsigned char *back = malloc(bytes);
	cr_assert_not_null(back);
	memset(back, 0xcc, bytes);
	cr_assert_eq(ptf_aspace_read(fx.as, G, back, bytes), PTF_OK);
	cr_expect(all_bytes(back, bytes, 0), "%s: populated frames are zeroed", fx.fmt->name);
	free(back);
	asfx_close(&fx);
}

ASPACE_FORMAT_PARAMS(aspace_memory, zero_length_read_and_write_succeed_and_touch_nothing)
ParameterizedTest(const unsigned *fi, aspace_memory, zero_length_read_and_write_succeed_and_touch_nothing)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	uint64_t hpa = asfx_ram(&fx, PG, PG, 0xaa);
	cr_assert_eq(ptf_aspace_map_linear(fx.as, G, hpa, PG, AS_RW), PTF_OK);
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, G + PG, PG, AS_RW, false), PTF_OK);
	unsigned char buf[16];
	const uint64_t where[] = { G, G + 100, G + PG, G + 2 * PG };
	for (size_t i = 0; i < sizeof(where) / sizeof(where[0]); i++) {
		memset(buf, 0x55, sizeof(buf));
		cr_expect_eq(ptf_aspace_write(fx.as, where[i], buf, 0), PTF_OK, "%s: write len 0 at %#llx", fx.fmt->name,
		             (unsigned long long)where[i]);
		cr_expect_eq(ptf_aspace_read(fx.as, where[i], buf, 0), PTF_OK, "%s: read len 0 at %#llx", fx.fmt->name,
		             (unsigned long long)where[i]);
		cr_expect(all_bytes(buf, sizeof(buf), 0x55), "%s: read len 0 copied into the buffer", fx.fmt->name);
	}
	cr_expect(all_bytes(asfx_va(&fx, hpa), PG, 0xaa), "%s: write len 0 changed guest memory", fx.fmt->name);
	cr_expect_eq(ptf_aspace_translate(fx.as, G + PG, NULL, NULL), PTF_ENOENT, "%s: nothing faulted in", fx.fmt->name);
	asfx_close(&fx);
}

ASPACE_FORMAT_PARAMS(aspace_memory, access_straddling_the_window_end_fails_and_copies_nothing)
ParameterizedTest(const unsigned *fi, aspace_memory, access_straddling_the_window_end_fails_and_copies_nothing)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	uint64_t end = fx.base + fx.size;
	uint64_t hpa = asfx_ram(&fx, PG, PG, 0xaa);
	cr_assert_eq(ptf_aspace_map_linear(fx.as, end - PG, hpa, PG, AS_RW), PTF_OK);
	unsigned char buf[32];
	memset(buf, 0x55, sizeof(buf));
	cr_expect_lt(ptf_aspace_write(fx.as, end - 16, buf, sizeof(buf)), 0, "%s: half the range is past the window",
	             fx.fmt->name);
	cr_expect(all_bytes(asfx_va(&fx, hpa), PG, 0xaa), "%s: the in-window half was not written", fx.fmt->name);
	memset(buf, 0xcc, sizeof(buf));
	cr_expect_lt(ptf_aspace_read(fx.as, end - 16, buf, sizeof(buf)), 0, "%s: read past the window", fx.fmt->name);
	cr_expect(all_bytes(buf, sizeof(buf), 0xcc), "%s: the failed read copied nothing", fx.fmt->name);
	cr_expect_eq(ptf_aspace_read(fx.as, end - 16, buf, 16), PTF_OK, "%s: the last 16 bytes of the window read",
	             fx.fmt->name);
	cr_expect(all_bytes(buf, 16, 0xaa));
	asfx_close(&fx);
}

ASPACE_FORMAT_PARAMS(aspace_memory, access_after_unmap_fails_and_before_unmap_succeeds)
ParameterizedTest(const unsigned *fi, aspace_memory, access_after_unmap_fails_and_before_unmap_succeeds)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, G, 3 * PG, AS_RW, true), PTF_OK);
	unsigned char buf[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	cr_assert_eq(ptf_aspace_write(fx.as, G + PG, buf, sizeof(buf)), PTF_OK);
	cr_assert_eq(ptf_aspace_unmap(fx.as, G + PG, PG), PTF_OK);
	cr_expect_lt(ptf_aspace_read(fx.as, G + PG, buf, sizeof(buf)), 0, "%s: unmapped page", fx.fmt->name);
	cr_expect_lt(ptf_aspace_write(fx.as, G + PG, buf, sizeof(buf)), 0, "%s: unmapped page", fx.fmt->name);
	cr_expect_eq(ptf_aspace_read(fx.as, G, buf, sizeof(buf)), PTF_OK, "%s: the page before stays", fx.fmt->name);
	cr_expect_eq(ptf_aspace_read(fx.as, G + 2 * PG, buf, sizeof(buf)), PTF_OK, "%s: the page after stays",
	             fx.fmt->name);
	asfx_close(&fx);
}
