/* ptf_aspace_translate_buffer: the host pieces of a guest range, in order, each as long as
 * host memory stays contiguous (physical and, through the HAL, virtual), for a caller
 * that copies itself (virtio rings, a kernel image loaded in place). */
#include "aspace_fixture.h"

#define MAX_PIECES 8

struct pieces {
	struct ptf_hbuf b[MAX_PIECES];
	size_t n;
};

static int buffer(const struct aspace_fx *fx, uint64_t gpa, size_t len, struct pieces *p, size_t max)
{
	memset(p, 0, sizeof(*p));
	p->n = 99;
	return ptf_aspace_translate_buffer(fx->as, gpa, len, p->b, max, &p->n);
}

ASPACE_FORMAT_PARAMS(guest_buffers, a_linear_area_is_one_piece_however_many_pages)
ParameterizedTest(const unsigned *fi, guest_buffers, a_linear_area_is_one_piece_however_many_pages)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	uint64_t ram = asfx_ram(&fx, 8 * PG, PG, 0);
	cr_assert_eq(ptf_aspace_map_linear(fx.as, GiB, ram, 8 * PG, AS_RW), PTF_OK);
	struct pieces p;
	cr_assert_eq(buffer(&fx, GiB + 100, 8 * PG - 200, &p, MAX_PIECES), PTF_OK);
	cr_assert_eq(p.n, 1, "%s: %zu pieces", fx.fmt->name, p.n);
	cr_expect_eq(p.b[0].hpa, ram + 100);
	cr_expect_eq(p.b[0].len, 8 * PG - 200);
	cr_expect_eq(p.b[0].ptr, (char *)asfx_va(&fx, ram) + 100);
	asfx_close(&fx);
}

/* Two linear areas side by side in the guest, apart in the host: two pieces */
ASPACE_FORMAT_PARAMS(guest_buffers, pieces_break_where_host_memory_does)
ParameterizedTest(const unsigned *fi, guest_buffers, pieces_break_where_host_memory_does)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	uint64_t ram = asfx_ram(&fx, 8 * PG, PG, 0);
	cr_assert_eq(ptf_aspace_map_linear(fx.as, GiB, ram + 4 * PG, 2 * PG, AS_RW), PTF_OK);
	cr_assert_eq(ptf_aspace_map_linear(fx.as, GiB + 2 * PG, ram, 2 * PG, AS_RW), PTF_OK);
	struct pieces p;
	cr_assert_eq(buffer(&fx, GiB + PG, 2 * PG + 8, &p, MAX_PIECES), PTF_OK);
	cr_assert_eq(p.n, 2, "%s: %zu pieces", fx.fmt->name, p.n);
	cr_expect(p.b[0].hpa == ram + 5 * PG && p.b[0].len == PG, "%s: first piece %#llx +%#zx", fx.fmt->name,
	          (unsigned long long)p.b[0].hpa, p.b[0].len);
	cr_expect(p.b[1].hpa == ram && p.b[1].len == PG + 8, "%s: second piece %#llx +%#zx", fx.fmt->name,
	          (unsigned long long)p.b[1].hpa, p.b[1].len);
	cr_expect_eq(p.b[1].ptr, asfx_va(&fx, ram));
	asfx_close(&fx);
}

/* Too small an output: PTF_ESPACE, the count needed, and the first pieces written */
ASPACE_FORMAT_PARAMS(guest_buffers, too_small_an_output_is_espace_with_the_count_needed)
ParameterizedTest(const unsigned *fi, guest_buffers, too_small_an_output_is_espace_with_the_count_needed)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	uint64_t ram = asfx_ram(&fx, 8 * PG, PG, 0);
	cr_assert_eq(ptf_aspace_map_linear(fx.as, GiB, ram + 4 * PG, PG, AS_RW), PTF_OK);
	cr_assert_eq(ptf_aspace_map_linear(fx.as, GiB + PG, ram, PG, AS_RW), PTF_OK);
	struct pieces p;
	cr_expect_eq(buffer(&fx, GiB, 2 * PG, &p, 1), PTF_ESPACE);
	cr_expect_eq(p.n, 2);
	cr_expect(p.b[0].hpa == ram + 4 * PG && p.b[0].len == PG);
	cr_expect_eq(p.b[1].len, 0, "%s: nothing written past max", fx.fmt->name);
	size_t n = 0;
	cr_expect_eq(ptf_aspace_translate_buffer(fx.as, GiB, 2 * PG, NULL, 0, &n), PTF_ESPACE);
	cr_expect_eq(n, 2, "%s: a NULL output asks for the count", fx.fmt->name);
	asfx_close(&fx);
}

ASPACE_FORMAT_PARAMS(guest_buffers, an_unmapped_byte_is_enoent_and_bad_ranges_are_refused)
ParameterizedTest(const unsigned *fi, guest_buffers, an_unmapped_byte_is_enoent_and_bad_ranges_are_refused)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	uint64_t ram = asfx_ram(&fx, 2 * PG, PG, 0);
	cr_assert_eq(ptf_aspace_map_linear(fx.as, GiB, ram, PG, AS_RW), PTF_OK);
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, GiB + PG, PG, AS_RW, false), PTF_OK);
	struct pieces p;
	cr_expect_eq(buffer(&fx, GiB + PG - 8, 16, &p, MAX_PIECES), PTF_ENOENT, "%s: a lazy page not faulted in",
	             fx.fmt->name);
	cr_expect_eq(p.n, 0);
	cr_expect_eq(buffer(&fx, GiB - 8, 16, &p, MAX_PIECES), PTF_ENOENT, "%s: a hole", fx.fmt->name);
	cr_expect_eq(buffer(&fx, fx.base + fx.size, 16, &p, MAX_PIECES), PTF_ERANGE);
	cr_expect_eq(buffer(&fx, fx.fmt->input_base - 8, 16, &p, MAX_PIECES), PTF_EWRAP);
	cr_expect_eq(p.n, 0);
	cr_expect_eq(buffer(&fx, GiB, 0, &p, MAX_PIECES), PTF_OK);
	cr_expect_eq(p.n, 0, "%s: no byte, no piece", fx.fmt->name);
	size_t n;
	cr_expect_eq(ptf_aspace_translate_buffer(fx.as, GiB, 8, NULL, 1, &n), PTF_EINVAL);
	cr_expect_eq(ptf_aspace_translate_buffer(fx.as, GiB, 8, p.b, 1, NULL), PTF_EINVAL);
	cr_expect_eq(ptf_aspace_translate_buffer(NULL, GiB, 8, p.b, 1, &n), PTF_EINVAL);
	asfx_close(&fx);
}

/* A populated alloc area: the pieces cover the range, each where translate puts its
 * first byte, at the HAL's virtual address of that */
ASPACE_FORMAT_PARAMS(guest_buffers, alloc_pages_are_pieces_of_their_frames)
ParameterizedTest(const unsigned *fi, guest_buffers, alloc_pages_are_pieces_of_their_frames)
{
	struct aspace_fx fx = asfx_open(asfx_format(fi));
	cr_assert_eq(ptf_aspace_map_alloc(fx.as, GiB, 4 * PG, AS_RW, true), PTF_OK);
	struct pieces p;
	cr_assert_eq(buffer(&fx, GiB + 12, 4 * PG - 24, &p, MAX_PIECES), PTF_OK);
	uint64_t gpa = GiB + 12, total = 0;
	for (size_t i = 0; i < p.n; i++) {
		uint64_t hpa = 0;
		cr_assert_eq(ptf_aspace_translate(fx.as, gpa, &hpa, NULL), PTF_OK);
		cr_expect_eq(p.b[i].hpa, hpa, "%s: piece %zu", fx.fmt->name, i);
		cr_expect_eq(p.b[i].ptr, asfx_va(&fx, hpa));
		if (i + 1 < p.n)
			cr_expect(p.b[i].hpa + p.b[i].len != p.b[i + 1].hpa, "%s: pieces %zu and %zu would join", fx.fmt->name,
			          i, i + 1);
		gpa += p.b[i].len;
		total += p.b[i].len;
	}
	cr_expect_eq(total, 4 * PG - 24, "%s: the pieces cover the range", fx.fmt->name);
	asfx_close(&fx);
}
